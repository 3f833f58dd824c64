//! `--netpol`: the NetworkPolicy analyzer at scale (the full matrix of 10,000 pods and 2,000
//! policies by default), and against network-config-analyzer on inputs small enough for it,
//! timed in the same run, with the two tools' answers compared.

use std::fmt::Write as _;
use std::fs;
use std::net::IpAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use kubeward_netpol::ip::Address;
use kubeward_netpol::{Analysis, Cluster, atoms_for};

use crate::measure::{self, Run};
use crate::{Result, machine, mb, median};

/// The shape of a generated cluster.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub namespaces: usize,
    pub workloads: usize,
    /// Pods per workload; 0: each workload is one bare Pod (as network-config-analyzer reads).
    pub replicas: usize,
    pub policies: usize,
}

impl Shape {
    fn pods(&self) -> usize {
        self.namespaces * self.workloads * self.replicas.max(1)
    }
}

const TEAMS: [&str; 5] = ["shop", "payments", "search", "ml", "platform"];
const TIERS: [&str; 4] = ["web", "api", "data", "batch"];

/// Ports the comparison probes: every port the generated rules and containers name, and their
/// neighbours.
const PROBE_PORTS: &[u16] = &[
    1, 53, 443, 5432, 7999, 8000, 8080, 8100, 8101, 9000, 9090, 65535,
];
const PROBE_ADDRESSES: &[&str] = &["10.1.0.9", "10.1.1.9", "10.2.3.4", "8.8.8.8", "2001:db8::1"];

fn container_ports(tier: &str) -> String {
    let mut ports = vec!["{name: metrics, containerPort: 9090}"];
    match tier {
        "web" => ports.push("{name: http, containerPort: 8080}"),
        "api" => ports.extend([
            "{name: http, containerPort: 8000}",
            "{name: grpc, containerPort: 9000}",
        ]),
        "data" => ports.push("{name: postgres, containerPort: 5432}"),
        _ => {}
    }
    format!("[{}]", ports.join(", "))
}

/// One policy of namespace `ns`, the `k`th; the kinds rotate through the common patterns.
fn policy(ns: usize, k: usize, shape: &Shape) -> String {
    let namespace = format!("ns-{ns:03}");
    let head = |name: &str| {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec:\n"
        )
    };
    let app = |j: usize| format!("app-{:03}", j % shape.workloads);
    let team = TEAMS[(ns + k) % TEAMS.len()];
    match k {
        0 => head("default-deny") + "  podSelector: {}\n  policyTypes: [Ingress, Egress]\n",
        1 => {
            head("allow-dns")
                + "  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n"
        }
        _ => {
            let target = app(k);
            let name = format!("p{k:03}-{target}");
            let body = match k % 7 {
                0 => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  ingress:\n  - from: [{{podSelector: {{matchLabels: {{app: {}}}}}}}]\n    ports: [{{port: http}}]\n", app(k + 1)),
                1 => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  ingress:\n  - from: [{{namespaceSelector: {{matchLabels: {{team: {team}}}}}, podSelector: {{matchLabels: {{tier: api}}}}}}]\n    ports: [{{port: grpc}}]\n"),
                2 => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{{podSelector: {{matchLabels: {{tier: data}}}}}}]\n    ports: [{{port: postgres}}]\n"),
                3 => "  podSelector: {matchExpressions: [{key: tier, operator: In, values: [web, api]}]}\n  ingress:\n  - from: [{namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}}]\n    ports: [{port: metrics}]\n".to_owned(),
                4 => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{{ipBlock: {{cidr: 10.{}.0.0/16, except: [10.{}.1.0/24]}}}}]\n    ports: [{{port: 443}}]\n", ns % 250, ns % 250),
                5 => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  ingress:\n  - from: [{{podSelector: {{matchExpressions: [{{key: tier, operator: NotIn, values: [batch]}}]}}}}]\n    ports: [{{port: 8000, endPort: 8100}}]\n"),
                _ => format!("  podSelector: {{matchLabels: {{app: {target}}}}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{{namespaceSelector: {{matchLabels: {{team: {team}}}}}, podSelector: {{matchLabels: {{app: {}}}}}}}]\n    ports: [{{port: http}}, {{port: 9000, protocol: TCP}}]\n", app(k + 3)),
            };
            head(&name) + &body
        }
    }
}

/// Writes a cluster of `shape` into `dir` (one file per namespace); returns the bytes written.
pub fn generate(dir: &Path, shape: &Shape) -> Result<u64> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let mut bytes = 0;
    for ns in 0..shape.namespaces {
        let name = format!("ns-{ns:03}");
        let env = if ns % 3 == 0 { "staging" } else { "prod" };
        let mut out = format!(
            "apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}, labels: {{team: {}, env: {env}}}}}\n---\n",
            TEAMS[ns % TEAMS.len()]
        );
        for j in 0..shape.workloads {
            let app = format!("app-{j:03}");
            let tier = TIERS[j % TIERS.len()];
            let ports = container_ports(tier);
            if shape.replicas == 0 {
                let _ = writeln!(
                    out,
                    "apiVersion: v1\nkind: Pod\nmetadata: {{name: {app}, namespace: {name}, labels: {{app: {app}, tier: {tier}}}}}\nspec:\n  containers: [{{name: c, image: img, ports: {ports}}}]\n---"
                );
                continue;
            }
            // Pods as a cluster snapshot has them: owned by a Deployment's ReplicaSet, with addresses.
            let hash = format!("{:x}", 0x5d4f00 + j);
            for r in 0..shape.replicas {
                let ip = format!(
                    "10.{}.{}.{}",
                    ns % 250,
                    j / 250 + 2,
                    (j * shape.replicas + r) % 250 + 1
                );
                // Block style, as `kubectl get -o yaml` writes a snapshot.
                let block_ports: String = ports
                    .trim_matches(['[', ']'])
                    .split("}, ")
                    .map(|p| {
                        let p = p.trim_matches(['{', '}']).replace(", ", "\n      ");
                        format!("    - {p}\n")
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-{hash}-{r:04}\n  namespace: {name}\n  labels:\n    app: {app}\n    tier: {tier}\n    pod-template-hash: {hash}\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: {app}-{hash}\n    controller: true\n    uid: u-{ns}-{j}\nspec:\n  containers:\n  - name: c\n    image: img\n    ports:\n{block_ports}status:\n  podIP: {ip}\n---"
                );
            }
        }
        for k in 0..shape.policies {
            out.push_str(&policy(ns, k, shape));
            out.push_str("---\n");
        }
        bytes += out.len() as u64;
        let file = dir.join(format!("{name}.yaml"));
        fs::write(&file, out).map_err(|e| format!("writing {}: {e}", file.display()))?;
    }
    Ok(bytes)
}

fn matrix_command(kubeward: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(kubeward);
    cmd.args(["netpol", "matrix"])
        .arg(dir)
        .args(["--format", "json"])
        .stderr(Stdio::null());
    cmd
}

fn timed(command: impl Fn() -> Command, reps: usize, what: &str) -> Result<Vec<Run>> {
    let mut runs = Vec::new();
    for rep in 0..reps {
        let run = measure::run(command().stdout(Stdio::null()), false)
            .map_err(|e| format!("running {what}: {e}"))?;
        if run.exit_code != 0 {
            return Err(format!("{what} exited {}", run.exit_code));
        }
        eprintln!(
            "kubeward-bench: {what}, run {}/{reps}: {:.3} s, {:.1} MB peak RSS",
            rep + 1,
            run.wall.as_secs_f64(),
            mb(run.max_rss)
        );
        runs.push(run);
    }
    Ok(runs)
}

fn median_wall(runs: &[Run]) -> f64 {
    let mut walls: Vec<_> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    median(&walls).as_secs_f64()
}

/// What the analysis finds in one generated cluster, in process.
struct Stats {
    objects: usize,
    endpoints: usize,
    classes: usize,
    parties: usize,
    distinct_sets: usize,
    analysis_secs: f64,
}

fn read(dir: &Path) -> kubeward_loader::Loaded {
    let sources = kubeward_loader::expand(&[dir.display().to_string()]);
    kubeward_loader::load(&sources, &Default::default())
}

fn stats(dir: &Path) -> Stats {
    let loaded = read(dir);
    let start = Instant::now();
    let cluster = Cluster::from_objects(&loaded.objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let matrix = analysis.matrix();
    Stats {
        objects: loaded.objects.len(),
        endpoints: cluster.endpoints.len(),
        classes: analysis.classes.len(),
        parties: analysis.party_count(),
        distinct_sets: matrix.distinct_sets(),
        analysis_secs: start.elapsed().as_secs_f64(),
    }
}

/// Runs nca on a generated cluster and compares every answer; the number compared.
fn agreement(dir: &Path) -> Result<(usize, Vec<Run>)> {
    let loaded = read(dir);
    let cluster = Cluster::from_objects(&loaded.objects, "default");
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let matrix = analysis.matrix();
    let nca = || {
        let mut cmd = Command::new("nca");
        cmd.arg("--connectivity")
            .arg(dir)
            .arg("--pod_list")
            .arg(dir)
            .arg("--ns_list")
            .arg(dir);
        cmd.args(["--output_format", "txt_no_fw_rules", "--print_ipv6"])
            .stderr(Stdio::null());
        cmd
    };
    let output = nca()
        .output()
        .map_err(|e| format!("running nca: {e} (pip install network-config-analyzer)"))?;
    let answers =
        kubeward_netpol::nca::parse_connectivity(&String::from_utf8_lossy(&output.stdout))?;
    let addresses: Vec<Address> = PROBE_ADDRESSES
        .iter()
        .map(|a| Address::from(a.parse::<IpAddr>().expect("a probe address")))
        .collect();
    let compared =
        kubeward_netpol::nca::compare(&analysis, &matrix, &answers, &addresses, PROBE_PORTS)?;
    Ok((compared, timed(nca, 1, "nca")?))
}

/// The `--netpol` benchmark; returns its Markdown report.
pub fn bench(kubeward: &Path, target: &Path, reps: usize, large: &Shape) -> Result<String> {
    let mut s = String::new();
    let dir = target.join("bench-netpol");
    eprintln!(
        "kubeward-bench: netpol: generating {} pods and {} policies",
        large.pods(),
        large.namespaces * large.policies
    );
    let bytes = generate(&dir, large)?;
    // Timed first, so that the in-process analysis below does not raise this process's RSS,
    // which the child's peak includes.
    let runs = timed(
        || matrix_command(kubeward, &dir),
        reps,
        "kubeward netpol matrix",
    )?;
    let stats_large = stats(&dir);
    let peak = runs.iter().map(|r| r.max_rss).max().unwrap_or(0);
    let floor = runs.iter().map(|r| r.floor_rss).max().unwrap_or(0);
    let _ = writeln!(s, "- Machine: {}", machine());
    let _ = writeln!(
        s,
        "- Command: `kubeward netpol matrix DIR --format json > /dev/null`, {reps} timed runs, median wall time; \
         peak RSS = the child's `ru_maxrss` (it includes this benchmark's own RSS at spawn, at most {:.1} MB, \
         because the child is spawned with vfork)",
        mb(floor)
    );
    let _ = writeln!(
        s,
        "\n| Input | Objects | MB | Workloads | Classes | Parties | Distinct port sets | Analysis in process | `netpol matrix` wall (median) | Peak RSS |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        s,
        "| {} pods, {} policies, {} namespaces | {} | {:.1} | {} | {} | {} | {} | {:.3} s | {:.3} s | {:.1} MB |",
        large.pods(),
        large.namespaces * large.policies,
        large.namespaces,
        stats_large.objects,
        mb(bytes),
        stats_large.endpoints,
        stats_large.classes,
        stats_large.parties,
        stats_large.distinct_sets,
        stats_large.analysis_secs,
        median_wall(&runs),
        mb(peak)
    );

    let _ = writeln!(
        s,
        "\nAgainst network-config-analyzer (`nca --connectivity DIR --pod_list DIR --ns_list DIR --output_format txt_no_fw_rules --print_ipv6`), bare pods without addresses, same run:\n"
    );
    let _ = writeln!(
        s,
        "| Pods | Policies | kubeward wall | nca wall | Ratio | Answers compared | Agree |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for (namespaces, workloads, policies) in [(2, 10, 5), (4, 25, 10), (5, 40, 20), (8, 50, 25)] {
        let shape = Shape {
            namespaces,
            workloads,
            replicas: 0,
            policies,
        };
        let small = target.join(format!("bench-netpol-{}", shape.pods()));
        generate(&small, &shape)?;
        let ours = timed(
            || matrix_command(kubeward, &small),
            reps,
            "kubeward netpol matrix (small)",
        )?;
        let (agree, compared, theirs) = match agreement(&small) {
            Ok((compared, runs)) => ("yes", compared.to_string(), runs),
            Err(e) => {
                eprintln!("kubeward-bench: netpol: disagreement or nca failure: {e}");
                ("**no**", e, Vec::new())
            }
        };
        let (ours, theirs) = (
            median_wall(&ours),
            if theirs.is_empty() {
                f64::NAN
            } else {
                median_wall(&theirs)
            },
        );
        let _ = writeln!(
            s,
            "| {} | {} | {ours:.3} s | {theirs:.3} s | {:.0}x | {compared} | {agree} |",
            shape.pods(),
            namespaces * policies,
            theirs / ours
        );
    }
    Ok(s)
}
