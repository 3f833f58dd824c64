//! `kubeward-webhook-bench`: load benchmark of `kubeward serve`.
//!
//! ```text
//! cargo run --release -p kubeward-webhook-bench -- [--connections 1,4,16,64] [--duration 60]
//! ```
//!
//! Turns every Deployment and Pod of the real corpus into an AdmissionReview (CREATE), starts the
//! release `kubeward serve` on a loopback port with a fresh certificate and the default policy
//! (the full catalogue), and drives `/validate` with `wrk` (HTTPS, keep-alive, one connection
//! per concurrent client) at each connection count, sampling the server's resident memory every
//! second. Prints a Markdown table; see BENCHMARKS.md.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kubeward_admission::cert::{CertRequest, generate};
use serde_json::{Value, json};

const USAGE: &str = "\
usage: kubeward-webhook-bench [OPTIONS]

  --connections LIST  concurrent keep-alive connections, comma-separated (default 1,4,16,64)
  --duration SECS     seconds per connection count (default 60)
  --threads N         wrk threads (default 1)
  --real DIR          corpus to take Deployments and Pods from (default ../shared/corpus/real)
  --kubeward PATH     kubeward binary (default: `kubeward` next to this binary, built first)
  --no-build          do not run `cargo build --release -p kubeward`
  --out FILE          also write the Markdown results to FILE
";

type Result<T> = std::result::Result<T, String>;

struct Options {
    connections: Vec<usize>,
    duration: u64,
    threads: usize,
    real: PathBuf,
    kubeward: Option<PathBuf>,
    build: bool,
    out: Option<PathBuf>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse_args() -> Result<Options> {
    let mut options = Options {
        connections: vec![1, 4, 16, 64],
        duration: 60,
        threads: 1,
        real: repo_root().join("../shared/corpus/real"),
        kubeward: None,
        build: true,
        out: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, text: &str| {
            text.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name}: not a positive number: {text}"))
        };
        match arg.as_str() {
            "--connections" => {
                options.connections = value("--connections")?
                    .split(',')
                    .map(|n| number("--connections", n))
                    .collect::<Result<_>>()?;
            }
            "--duration" => options.duration = number("--duration", &value("--duration")?)? as u64,
            "--threads" => options.threads = number("--threads", &value("--threads")?)?,
            "--real" => options.real = value("--real")?.into(),
            "--kubeward" => options.kubeward = Some(value("--kubeward")?.into()),
            "--no-build" => options.build = false,
            "--out" => options.out = Some(value("--out")?.into()),
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(options)
}

fn main() {
    if let Err(error) = run() {
        eprintln!("kubeward-webhook-bench: {error}");
        std::process::exit(2);
    }
}

fn run() -> Result<()> {
    let options = parse_args()?;
    let kubeward = kubeward_binary(&options)?;
    let work = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let bodies = work.path().join("bodies.jsonl");
    let (count, mean_bytes) = write_bodies(&options.real, &bodies)?;
    eprintln!("{count} AdmissionReviews, {mean_bytes} bytes on average");
    let script = work.path().join("request.lua");
    std::fs::write(&script, include_str!("request.lua")).map_err(|e| e.to_string())?;
    generate(&CertRequest {
        service: "kubeward".into(),
        namespace: "kubeward-system".into(),
        extra_names: vec!["127.0.0.1".into()],
        days: 1,
    })
    .map_err(|e| format!("certificate: {e}"))?
    .write(work.path())
    .map_err(|e| format!("certificate: {e}"))?;

    let port = free_port()?;
    let server = Server::start(&kubeward, work.path(), port)?;
    // Warm-up: page in the binary, fill allocator pools, open the connection pool.
    wrk(&options, 4, 5, port, &script, &bodies, &server)?;
    let mut rows = Vec::new();
    for &connections in &options.connections {
        eprintln!("{connections} connections, {} s", options.duration);
        let result = wrk(
            &options,
            connections,
            options.duration,
            port,
            &script,
            &bodies,
            &server,
        )?;
        rows.push((connections, result));
    }
    drop(server);

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{count} AdmissionReviews (every Deployment and Pod of the real corpus, {mean_bytes} bytes on \
         average), `/validate`, default policy (full catalogue), wrk {} thread(s), {} s per row.\n",
        options.threads, options.duration
    );
    let _ = writeln!(
        report,
        "Load average when done (1, 5, 15 min): {}.\n",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(", ")
    );
    report.push_str("| Connections | Reviews/s | p50 | p90 | p99 | p99.9 | max | Errors | Server CPU per review | RSS start → max → end |\n");
    report.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (connections, r) in &rows {
        let _ = writeln!(
            report,
            "| {connections} | {:.0} | {} | {} | {} | {} | {} | {} | {:.0} µs | {:.1} → {:.1} → {:.1} MiB |",
            r.rate,
            micros(r.p50),
            micros(r.p90),
            micros(r.p99),
            micros(r.p999),
            micros(r.max),
            r.errors,
            r.cpu_per_review,
            r.rss_start,
            r.rss_max,
            r.rss_end
        );
    }
    print!("{report}");
    if let Some(out) = &options.out {
        std::fs::write(out, &report).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

fn micros(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

fn kubeward_binary(options: &Options) -> Result<PathBuf> {
    if let Some(path) = &options.kubeward {
        return Ok(path.clone());
    }
    if options.build {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "-p", "kubeward"])
            .current_dir(repo_root())
            .status()
            .map_err(|e| format!("cargo build: {e}"))?;
        if !status.success() {
            return Err("cargo build --release -p kubeward failed".into());
        }
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    Ok(exe.with_file_name("kubeward"))
}

/// Writes one AdmissionReview per line; returns how many and their mean size.
fn write_bodies(corpus: &Path, out: &Path) -> Result<(usize, usize)> {
    if !corpus.is_dir() {
        return Err(format!("no corpus at {}", corpus.display()));
    }
    let sources = kubeward_loader::expand(&[corpus.display().to_string()]);
    let loaded = kubeward_loader::load(&sources, &Default::default());
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).map_err(|e| e.to_string())?);
    let (mut count, mut bytes) = (0, 0);
    for object in loaded
        .objects
        .iter()
        .filter(|o| matches!(o.kind(), "Deployment" | "Pod"))
    {
        let Some(json) = object
            .root()
            .to_json()
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        else {
            continue;
        };
        let (group, version) = object
            .id
            .api_version
            .rsplit_once('/')
            .unwrap_or(("", &object.id.api_version));
        let review = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
            "uid": format!("00000000-0000-4000-8000-{count:012}"),
            "kind": {"group": group, "version": version, "kind": object.kind()},
            "resource": {"group": group, "version": version, "resource": format!("{}s", object.kind().to_lowercase())},
            "name": object.id.name, "namespace": object.id.namespace.as_deref().unwrap_or("default"),
            "operation": "CREATE",
            "userInfo": {"username": "system:serviceaccount:ci:deployer",
                         "groups": ["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"]},
            "object": json, "oldObject": null, "dryRun": false,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"}}});
        let line = serde_json::to_string(&review).map_err(|e| e.to_string())?;
        bytes += line.len();
        writeln!(file, "{line}").map_err(|e| e.to_string())?;
        count += 1;
    }
    file.flush().map_err(|e| e.to_string())?;
    if count == 0 {
        return Err(format!("no Deployment or Pod in {}", corpus.display()));
    }
    Ok((count, bytes / count))
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

struct Server(Child);

impl Server {
    fn start(kubeward: &Path, dir: &Path, port: u16) -> Result<Server> {
        let child = Command::new(kubeward)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--tls-cert")
            .arg(dir.join("tls.crt"))
            .arg("--tls-key")
            .arg(dir.join("tls.key"))
            // Decision lines are serialized as in production; only the terminal is spared.
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", kubeward.display()))?;
        let server = Server(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(30) {
                return Err("kubeward serve did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(server)
    }

    /// CPU time (user + system) the server has used so far, in seconds.
    fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.0.id())).unwrap_or_default();
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // utime and stime are fields 14 and 15 of /proc/PID/stat; 11 and 12 after the name.
        (ticks(11) + ticks(12)) / clock_ticks_per_second()
    }

    /// Resident memory in MiB.
    fn rss(&self) -> f64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn clock_ticks_per_second() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

struct WrkResult {
    rate: f64,
    /// Server CPU time per review, in microseconds: unlike latency, barely affected by other
    /// processes competing for the cores.
    cpu_per_review: f64,
    p50: f64,
    p90: f64,
    p99: f64,
    p999: f64,
    max: f64,
    errors: u64,
    rss_start: f64,
    rss_max: f64,
    rss_end: f64,
}

fn wrk(
    options: &Options,
    connections: usize,
    seconds: u64,
    port: u16,
    script: &Path,
    bodies: &Path,
    server: &Server,
) -> Result<WrkResult> {
    let threads = options.threads.min(connections);
    let mut child = Command::new("wrk")
        .args([
            "-t",
            &threads.to_string(),
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(script)
        .arg(format!("https://127.0.0.1:{port}/validate"))
        .arg("--")
        .arg(bodies)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("wrk (apt-get install wrk): {e}"))?;
    let rss_start = server.rss();
    let cpu_start = server.cpu_seconds();
    let mut rss_max = rss_start;
    let mut rss_end = rss_start;
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        std::thread::sleep(Duration::from_secs(1));
        rss_end = server.rss();
        rss_max = rss_max.max(rss_end);
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| format!("no summary in wrk's output:\n{stdout}"))?;
    let number = |key: &str| summary[key].as_f64().unwrap_or(0.0);
    let cpu = server.cpu_seconds() - cpu_start;
    Ok(WrkResult {
        cpu_per_review: cpu * 1e6 / number("requests").max(1.0),
        rate: number("requests") / (number("duration_us") / 1e6),
        p50: number("p50_us"),
        p90: number("p90_us"),
        p99: number("p99_us"),
        p999: number("p999_us"),
        max: number("max_us"),
        errors: (number("errors") + number("non_2xx")) as u64,
        rss_start,
        rss_max,
        rss_end,
    })
}
