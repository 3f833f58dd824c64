//! `kubeward-bench`: end-to-end benchmark of the release `kubeward` binary.
//!
//! ```text
//! cargo run --release -p kubeward-bench -- [--objects N] [--real DIR] [--checkov] [--out FILE]
//! ```
//!
//! Generates a deterministic synthetic corpus into `target/bench-corpus/`, runs
//! `kubeward scan DIR --format json --fail-on never --no-config` (stdout to /dev/null) on one
//! core and on all cores, on that corpus and on the real one, optionally runs Checkov on the
//! real corpus, and prints a Markdown table of the results. See BENCHMARKS.md.

mod corpus;
mod measure;
mod netpol;

use std::fmt::Write as _;
use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use measure::Run;

const USAGE: &str = "\
usage: kubeward-bench [OPTIONS]

  --objects N        synthetic objects to generate (default 100000)
  --seed N           generator seed (default 42)
  --reps N           timed runs per corpus and thread count (default 5)
  --real DIR         real corpus (default: ../shared/corpus/real from the repository root)
  --no-real          skip the real corpus
  --no-synthetic     skip the synthetic corpus
  --checkov          also run Checkov on the real corpus
  --checkov-bin PATH Checkov executable (default: $CHECKOV, else `checkov` on PATH)
  --checkov-reps N   Checkov runs (default 1)
  --kubeward PATH    kubeward binary to measure (default: `kubeward` next to this binary,
                     built first with `cargo build --release -p kubeward`)
  --no-build         do not run `cargo build`; use the existing binary
  --out FILE         also write the Markdown results to FILE
  --netpol           instead: the NetworkPolicy analyzer (10,000 pods, 2,000 policies) and
                     network-config-analyzer on small inputs (see BENCHMARKS.md)
";

struct Options {
    objects: usize,
    seed: u64,
    reps: usize,
    real: Option<PathBuf>,
    no_real: bool,
    synthetic: bool,
    checkov: bool,
    checkov_bin: Option<PathBuf>,
    checkov_reps: usize,
    kubeward: Option<PathBuf>,
    build: bool,
    out: Option<PathBuf>,
    netpol: bool,
}

fn parse_args() -> Result<Options> {
    let mut o = Options {
        objects: 100_000,
        seed: 42,
        reps: 5,
        real: None,
        no_real: false,
        synthetic: true,
        checkov: false,
        checkov_bin: std::env::var_os("CHECKOV").map(PathBuf::from),
        checkov_reps: 1,
        kubeward: None,
        build: true,
        out: None,
        netpol: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match arg.as_str() {
            "--objects" => o.objects = number("--objects", value("--objects")?)?,
            "--seed" => o.seed = number("--seed", value("--seed")?)? as u64,
            "--reps" => o.reps = number("--reps", value("--reps")?)?.max(1),
            "--real" => o.real = Some(value("--real")?.into()),
            "--no-real" => o.no_real = true,
            "--no-synthetic" => o.synthetic = false,
            "--checkov" => o.checkov = true,
            "--checkov-bin" => o.checkov_bin = Some(value("--checkov-bin")?.into()),
            "--checkov-reps" => {
                o.checkov_reps = number("--checkov-reps", value("--checkov-reps")?)?.max(1)
            }
            "--kubeward" => o.kubeward = Some(value("--kubeward")?.into()),
            "--no-build" => o.build = false,
            "--out" => o.out = Some(value("--out")?.into()),
            "--netpol" => o.netpol = true,
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument: {other}\n\n{USAGE}")),
        }
    }
    if o.objects == 0 {
        return Err("--objects must be at least 1".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("kubeward-bench: {e}");
            return ExitCode::from(2);
        }
    };
    match bench(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubeward-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, String>;

/// The repository root: two levels above this crate's manifest.
fn repo_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    dir.canonicalize().unwrap_or(dir)
}

/// `target/`, found from this binary's own location (`target/release/kubeward-bench`).
fn target_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| format!("locating this binary: {e}"))?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("cannot find target/ above {}", exe.display()))
}

fn locate_kubeward(o: &Options) -> Result<PathBuf> {
    if let Some(path) = &o.kubeward {
        return Ok(path.clone());
    }
    let exe = std::env::current_exe().map_err(|e| format!("locating this binary: {e}"))?;
    let path = exe.with_file_name("kubeward");
    if !cfg!(debug_assertions)
        && exe
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n != "release")
    {
        eprintln!(
            "kubeward-bench: warning: not running from target/release; measuring {}",
            path.display()
        );
    }
    if o.build {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        eprintln!("kubeward-bench: cargo build --release -p kubeward");
        let status = Command::new(cargo)
            .args(["build", "--release", "-p", "kubeward"])
            .current_dir(repo_root())
            .status()
            .map_err(|e| format!("running cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "`cargo build --release -p kubeward` failed ({status}); fix the build, or pass --no-build \
                 to measure the existing {}",
                path.display()
            ));
        }
    }
    if !path.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release -p kubeward` first",
            path.display()
        ));
    }
    Ok(path)
}

/// Bytes of the files kubeward reads from `dir`: `.yaml`, `.yml`, `.json`, hidden entries
/// skipped (as the loader walks directories).
fn input_bytes(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    let Ok(entries) = fs::read_dir(dir) else {
        return total;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let (bytes, files) = input_bytes(&path);
            total.0 += bytes;
            total.1 += files;
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            total.0 += meta.len();
            total.1 += 1;
        }
    }
    total
}

/// What kubeward's JSON summary says about a corpus.
#[derive(Default)]
struct Summary {
    files: u64,
    objects: u64,
    skipped: u64,
    findings: u64,
    errors: u64,
}

/// One kubeward configuration measured `reps` times.
struct Series {
    threads: usize,
    runs: Vec<Run>,
}

impl Series {
    fn walls(&self) -> Vec<Duration> {
        let mut w: Vec<Duration> = self.runs.iter().map(|r| r.wall).collect();
        w.sort();
        w
    }
    fn best(&self) -> Duration {
        self.walls()[0]
    }
    fn median(&self) -> Duration {
        median(&self.walls())
    }
    fn cpu_median(&self) -> Duration {
        let mut c: Vec<Duration> = self.runs.iter().map(|r| r.cpu).collect();
        c.sort();
        median(&c)
    }
    fn peak_rss(&self) -> u64 {
        self.runs.iter().map(|r| r.max_rss).max().unwrap_or(0)
    }
}

fn median(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

struct CorpusResult {
    name: String,
    dir: PathBuf,
    input_bytes: u64,
    input_files: usize,
    summary: Summary,
    exit_code: i32,
    series: Vec<Series>,
}

fn kubeward_command(kubeward: &Path, dir: &Path, threads: usize) -> Command {
    let mut cmd = Command::new(kubeward);
    cmd.arg("scan")
        .arg(dir)
        .args(["--format", "json", "--fail-on", "never", "--no-config"])
        .env("RAYON_NUM_THREADS", threads.to_string())
        .stderr(Stdio::null());
    cmd
}

fn bench_corpus(
    name: &str,
    dir: &Path,
    kubeward: &Path,
    scratch: &Path,
    thread_counts: &[usize],
    reps: usize,
) -> Result<CorpusResult> {
    let (input_bytes, input_files) = input_bytes(dir);
    eprintln!(
        "kubeward-bench: {name}: {} ({input_files} files, {:.1} MB)",
        dir.display(),
        mb(input_bytes)
    );

    // One untimed run: warms the page cache and gives the object count.
    let json_path = scratch.join(format!("{name}.json"));
    let json = fs::File::create(&json_path)
        .map_err(|e| format!("creating {}: {e}", json_path.display()))?;
    let warm = measure::run(
        kubeward_command(kubeward, dir, *thread_counts.last().unwrap_or(&1)).stdout(json),
        false,
    )
    .map_err(|e| format!("running {}: {e}", kubeward.display()))?;
    let summary = read_summary(&json_path)?;
    if warm.exit_code != 0 {
        eprintln!(
            "kubeward-bench: note: kubeward exited {} on {name} ({} input errors reported)",
            warm.exit_code, summary.errors
        );
    }

    let mut series: Vec<Series> = thread_counts
        .iter()
        .map(|&threads| Series {
            threads,
            runs: Vec::new(),
        })
        .collect();
    // Interleave the thread counts so that drift (thermal, other load) hits them alike.
    for rep in 0..reps {
        for s in &mut series {
            let run = measure::run(
                kubeward_command(kubeward, dir, s.threads).stdout(Stdio::null()),
                false,
            )
            .map_err(|e| format!("running {}: {e}", kubeward.display()))?;
            eprintln!(
                "kubeward-bench: {name}: {} thread(s), run {}/{reps}: {:.3} s, {:.1} MB peak RSS",
                s.threads,
                rep + 1,
                run.wall.as_secs_f64(),
                mb(run.max_rss)
            );
            s.runs.push(run);
        }
    }
    Ok(CorpusResult {
        name: name.to_string(),
        dir: dir.to_path_buf(),
        input_bytes,
        input_files,
        summary,
        exit_code: warm.exit_code,
        series,
    })
}

/// Reads `summary` from kubeward's JSON report. The report can be hundreds of MB (every
/// finding and object), and `summary` is its last field, so only the file's tail is parsed.
fn read_summary(path: &Path) -> Result<Summary> {
    let context = |e: String| format!("kubeward's JSON output in {}: {e}", path.display());
    let mut file = fs::File::open(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let len = file.metadata().map_err(|e| context(e.to_string()))?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(64 * 1024)))
        .map_err(|e| context(e.to_string()))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)
        .map_err(|e| context(e.to_string()))?;
    let tail = String::from_utf8_lossy(&tail);
    let key = tail
        .rfind("\"summary\"")
        .ok_or_else(|| context("no `summary`".into()))?;
    let open = tail[key..]
        .find('{')
        .ok_or_else(|| context("no `summary` object".into()))?;
    let s: serde_json::Value = serde_json::Deserializer::from_str(&tail[key + open..])
        .into_iter()
        .next()
        .ok_or_else(|| context("empty `summary`".into()))?
        .map_err(|e| context(e.to_string()))?;
    let field = |k: &str| s.get(k).and_then(serde_json::Value::as_u64).unwrap_or(0);
    Ok(Summary {
        files: field("files"),
        objects: field("objects"),
        skipped: field("skipped"),
        findings: field("findings"),
        errors: field("errors"),
    })
}

struct CheckovResult {
    version: String,
    command: String,
    runs: Vec<Run>,
}

fn bench_checkov(o: &Options, dir: &Path, scratch: &Path) -> Result<CheckovResult> {
    let bin = o
        .checkov_bin
        .clone()
        .unwrap_or_else(|| PathBuf::from("checkov"));
    let version = Command::new(&bin)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "running `{} --version`: {e} (install it with `pip install checkov`)",
                bin.display()
            )
        })?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let args = [
        "--framework",
        "kubernetes",
        "--quiet",
        "--compact",
        "-o",
        "json",
        "--skip-download",
    ];
    let command = format!("{} -d {} {}", bin.display(), dir.display(), args.join(" "));
    let mut runs = Vec::new();
    for rep in 0..o.checkov_reps {
        let log_path = scratch.join("checkov.stderr");
        let log = fs::File::create(&log_path)
            .map_err(|e| format!("creating {}: {e}", log_path.display()))?;
        let mut cmd = Command::new(&bin);
        cmd.arg("-d")
            .arg(dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(log);
        let run =
            measure::run(&mut cmd, true).map_err(|e| format!("running {}: {e}", bin.display()))?;
        eprintln!(
            "kubeward-bench: checkov run {}/{}: {:.1} s, exit {}, {:.0} MB peak RSS (largest process), {:.0} MB (tree)",
            rep + 1,
            o.checkov_reps,
            run.wall.as_secs_f64(),
            run.exit_code,
            mb(run.max_rss),
            mb(run.tree_rss)
        );
        // 0: no failed checks, 1: failed checks; anything else is Checkov failing to run.
        if run.exit_code > 1 {
            let tail = fs::read_to_string(&log_path).unwrap_or_default();
            let tail: String = tail
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            return Err(format!("checkov exited {}:\n{tail}", run.exit_code));
        }
        runs.push(run);
    }
    Ok(CheckovResult {
        version,
        command,
        runs,
    })
}

fn bench(o: &Options) -> Result<()> {
    let root = repo_root();
    let target = target_dir()?;
    let kubeward = locate_kubeward(o)?;
    let scratch = target.join("bench-out");
    fs::create_dir_all(&scratch).map_err(|e| format!("creating {}: {e}", scratch.display()))?;
    let load_before = loadavg();
    if o.netpol {
        let shape = netpol::Shape {
            namespaces: 50,
            workloads: 20,
            replicas: 10,
            policies: 40,
        };
        let mut report = netpol::bench(&kubeward, &target, o.reps, &shape)?;
        let _ = writeln!(
            report,
            "\nLoad average before: {load_before}; after: {}.",
            loadavg()
        );
        print!("{report}");
        if let Some(out) = &o.out {
            fs::write(out, &report).map_err(|e| format!("writing {}: {e}", out.display()))?;
        }
        return Ok(());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let thread_counts: Vec<usize> = if cores > 1 { vec![1, cores] } else { vec![1] };

    let mut results = Vec::new();
    if o.synthetic {
        let dir = target.join("bench-corpus");
        eprintln!(
            "kubeward-bench: generating {} objects into {}",
            o.objects,
            dir.display()
        );
        let corpus = corpus::ensure(&dir, o.objects, o.seed)
            .map_err(|e| format!("generating the corpus: {e}"))?;
        eprintln!(
            "kubeward-bench: corpus: {} files, {} objects, {:.1} MB",
            corpus.files,
            corpus.objects,
            mb(corpus.bytes)
        );
        results.push(bench_corpus(
            "synthetic",
            &dir,
            &kubeward,
            &scratch,
            &thread_counts,
            o.reps,
        )?);
    }
    let real = o
        .real
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpus/real"));
    let real = real.canonicalize().unwrap_or(real);
    let mut notes = Vec::new();
    if !o.no_real {
        if real.is_dir() {
            results.push(bench_corpus(
                "real",
                &real,
                &kubeward,
                &scratch,
                &thread_counts,
                o.reps,
            )?);
        } else {
            notes.push(format!(
                "Real corpus {} not found: skipped.",
                real.display()
            ));
        }
    }
    let checkov = if o.checkov {
        if !real.is_dir() {
            return Err(format!(
                "--checkov needs the real corpus, and {} is not a directory",
                real.display()
            ));
        }
        Some(bench_checkov(o, &real, &scratch)?)
    } else {
        None
    };

    notes.push(format!(
        "Load average (1/5/15 min) before: {load_before}; after: {} (other processes on the machine skew the figures).",
        loadavg()
    ));
    let report = render(&kubeward, cores, o, &results, checkov.as_ref(), &notes);
    print!("{report}");
    if let Some(out) = &o.out {
        fs::write(out, &report).map_err(|e| format!("writing {}: {e}", out.display()))?;
        eprintln!("kubeward-bench: wrote {}", out.display());
    }
    Ok(())
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// `1234567.8` → `1,234,568`.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn first_line(cmd: &mut Command) -> String {
    cmd.stdin(Stdio::null())
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::trim).map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown".into(),
            |kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0),
        );
    let kernel = first_line(Command::new("uname").arg("-r"));
    format!("{cpu}; {mem} RAM; Linux {kernel}")
}

fn render(
    kubeward: &Path,
    cores: usize,
    o: &Options,
    results: &[CorpusResult],
    checkov: Option<&CheckovResult>,
    notes: &[String],
) -> String {
    let mut s = String::new();
    let date = first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]));
    let version = first_line(Command::new(kubeward).arg("--version"));
    let _ = writeln!(s, "## kubeward-bench results ({date})\n");
    let floor = results
        .iter()
        .flat_map(|r| &r.series)
        .flat_map(|x| &x.runs)
        .map(|r| r.floor_rss)
        .max()
        .unwrap_or(0);
    let _ = writeln!(s, "- Machine: {}; {cores} cores available", machine());
    let _ = writeln!(s, "- Binary: `{}` ({version})", kubeward.display());
    let _ = writeln!(
        s,
        "- Command: `kubeward scan DIR --format json --fail-on never --no-config > /dev/null`, \
         `RAYON_NUM_THREADS` = 1 and {cores}; {} timed runs each after one untimed warm-up run; \
         wall time from spawn to `wait4`; peak RSS = the child's own `ru_maxrss` from `wait4`, \
         largest over the runs (it includes this benchmark's own RSS at spawn, at most {:.1} MB, \
         because the child is spawned with vfork); MB = 10^6 bytes",
        o.reps,
        mb(floor)
    );
    for r in results {
        let _ = writeln!(
            s,
            "- Corpus `{}`: `{}`: {} files / {:.1} MB read; kubeward summary: {} files, {} objects, {} skipped documents, \
             {} findings, {} errors (exit code {})",
            r.name,
            r.dir.display(),
            r.input_files,
            mb(r.input_bytes),
            r.summary.files,
            r.summary.objects,
            r.summary.skipped,
            r.summary.findings,
            r.summary.errors,
            r.exit_code
        );
    }
    for n in notes {
        let _ = writeln!(s, "- {n}");
    }
    s.push('\n');

    s.push_str(
        "| corpus | objects | input MB | threads | best s | median s | CPU s (median) | objects/s (best) | \
         objects/s (median) | MB/s (median) | peak RSS MB | peak RSS / input |\n",
    );
    s.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for r in results {
        for series in &r.series {
            let objects = r.summary.objects as f64;
            let _ = writeln!(
                s,
                "| {} | {} | {:.1} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {:.1} | {:.1} | {:.2}x |",
                r.name,
                thousands(objects),
                mb(r.input_bytes),
                series.threads,
                secs(series.best()),
                secs(series.median()),
                secs(series.cpu_median()),
                thousands(objects / secs(series.best())),
                thousands(objects / secs(series.median())),
                mb(r.input_bytes) / secs(series.median()),
                mb(series.peak_rss()),
                series.peak_rss() as f64 / r.input_bytes.max(1) as f64,
            );
        }
    }
    s.push('\n');

    if results.iter().any(|r| r.series.len() > 1) {
        s.push_str("| corpus | scaling 1 → N threads (median wall) | parallel efficiency |\n|---|--:|--:|\n");
        for r in results {
            if let (Some(one), Some(all)) = (r.series.first(), r.series.last())
                && all.threads > one.threads
            {
                let speedup = secs(one.median()) / secs(all.median());
                let _ = writeln!(
                    s,
                    "| {} | {:.2}x on {} threads | {:.0}% |",
                    r.name,
                    speedup,
                    all.threads,
                    100.0 * speedup / all.threads as f64
                );
            }
        }
        s.push('\n');
    }

    if let Some(c) = checkov {
        let mut walls: Vec<Duration> = c.runs.iter().map(|r| r.wall).collect();
        walls.sort();
        let wall = median(&walls);
        let rss = c.runs.iter().map(|r| r.max_rss).max().unwrap_or(0);
        let tree = c.runs.iter().map(|r| r.tree_rss).max().unwrap_or(0);
        let _ = writeln!(
            s,
            "Checkov {} — `{}` (stdout to /dev/null), {} run(s):\n",
            c.version,
            c.command,
            c.runs.len()
        );
        s.push_str(
            "| tool | threads | wall s (median) | CPU s | peak RSS MB (largest process) | peak RSS MB (process tree, sampled) | \
             kubeward speedup |\n|---|--:|--:|--:|--:|--:|--:|\n",
        );
        let cpu = {
            let mut c: Vec<Duration> = c.runs.iter().map(|r| r.cpu).collect();
            c.sort();
            median(&c)
        };
        let _ = writeln!(
            s,
            "| Checkov | (its default) | {:.1} | {:.1} | {:.0} | {:.0} | 1x |",
            secs(wall),
            secs(cpu),
            mb(rss),
            mb(tree)
        );
        if let Some(real) = results.iter().find(|r| r.name == "real") {
            for series in &real.series {
                let _ = writeln!(
                    s,
                    "| kubeward | {} | {:.3} | {:.3} | {:.1} | — | {:.0}x |",
                    series.threads,
                    secs(series.median()),
                    secs(series.cpu_median()),
                    mb(series.peak_rss()),
                    secs(wall) / secs(series.median())
                );
            }
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_thousands() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(1_234_567.8), "1,234,568");
    }

    #[test]
    fn medians() {
        let d = |ms| Duration::from_millis(ms);
        assert_eq!(median(&[d(1), d(2), d(9)]), d(2));
        assert_eq!(median(&[d(1), d(3)]), d(2));
    }
}
