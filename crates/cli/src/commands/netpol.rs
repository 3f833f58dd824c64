//! `kubeward netpol`: NetworkPolicy reachability, explanations, lint and diff.

use std::io::Write;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use kubeward_core::LoadError;
use kubeward_netpol::explain::{
    Explanation, Isolation, Side, Target, explain, resolve, resolve_port,
};
use kubeward_netpol::graph::{self, Connection, ExternalGroups, Node};
use kubeward_netpol::lint::{Finding, LINTS, lint};
use kubeward_netpol::{Analysis, Cluster, Direction, PortSet, Protocol, atoms_for};
use kubeward_yaml::Limits;
use serde_json::{Value, json};

use crate::Status;

#[derive(Debug, clap::Args)]
pub struct NetpolArgs {
    #[command(subcommand)]
    pub command: NetpolCommand,
}

#[derive(Debug, Subcommand)]
pub enum NetpolCommand {
    /// Whether one connection is allowed, and which policies and rules decide it.
    /// Exit 0 when allowed, 1 when denied.
    Check(CheckArgs),
    /// Who can reach whom, on which ports, per workload.
    Matrix(MatrixArgs),
    /// Common NetworkPolicy mistakes. Exit 1 when there is any.
    Lint(LintArgs),
    /// The connections a change opens and closes. Exit 1 when it opens a connection the base's
    /// policies forbid (see --fail-on).
    Diff(DiffArgs),
}

#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// Files, directories, Kustomize directories, or `-` for standard input (as for `scan`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Namespace of objects that name none (default `default`, as kubectl); `matrix` and
    /// `diff` also show only connections with an end in it.
    #[arg(long, short = 'n')]
    pub namespace: Option<String>,
}

impl Inputs {
    fn default_namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// The source: `namespace/name` (or `name`) of a workload or Pod, `namespace/Kind/name`, or
    /// an IP address.
    #[arg(long)]
    pub from: String,

    /// The destination, as for --from.
    #[arg(long)]
    pub to: String,

    /// The port: `5432/TCP`, `53/UDP`, `5432` (TCP), or a container port name of the
    /// destination (`http`, `dns/UDP`). Without it: allowed when any port is.
    #[arg(long)]
    pub port: Option<String>,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = MatrixFormat::Text)]
    pub format: MatrixFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Text,
    Json,
    Csv,
    Dot,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    #[command(flatten)]
    pub inputs: Inputs,

    /// Lints not to report, comma-separated (ids as `lint` prints them).
    #[arg(long, value_delimiter = ',', value_name = "LINT")]
    pub skip: Vec<String>,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The inputs before the change (a file, directory, Kustomize directory or `-`).
    #[arg(value_name = "BASE")]
    pub base: String,

    /// The inputs after the change.
    #[arg(value_name = "HEAD")]
    pub head: String,

    /// Inputs read on both sides: the workloads and namespaces a policy-only change leaves alone.
    #[arg(long = "with", value_name = "PATH")]
    pub with: Vec<String>,

    /// Namespace of objects that name none; also shows only connections with an end in it.
    #[arg(long, short = 'n')]
    pub namespace: Option<String>,

    /// When to exit 1: `forbidden` when the change opens a connection the base's policies deny to
    /// the head's workloads; `opened` when it opens any; `never`.
    #[arg(long, value_enum, default_value_t = DiffFailOn::Forbidden)]
    pub fail_on: DiffFailOn,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFailOn {
    Forbidden,
    Opened,
    Never,
}

pub fn run(args: NetpolArgs) -> anyhow::Result<Status> {
    match args.command {
        NetpolCommand::Check(args) => check(args),
        NetpolCommand::Matrix(args) => matrix(args),
        NetpolCommand::Lint(args) => run_lint(args),
        NetpolCommand::Diff(args) => diff(args),
    }
}

/// Reads the inputs; load errors are printed and remembered (they make the exit status 2 once
/// the answer for what could be read is out).
fn load(paths: &[String]) -> (kubeward_loader::Loaded, bool) {
    let sources = kubeward_loader::expand(paths);
    let loaded = kubeward_loader::load(&sources, &Limits::default());
    for LoadError {
        file,
        line,
        column,
        message,
    } in &loaded.errors
    {
        eprintln!("{file}:{line}:{column}: error: {message}");
    }
    let failed = !loaded.errors.is_empty();
    (loaded, failed)
}

fn warn_issues(cluster: &Cluster<'_>) {
    for issue in &cluster.issues {
        let l = &issue.location;
        eprintln!(
            "{}:{}:{}: warning: {}",
            l.file, l.line, l.column, issue.message
        );
    }
}

fn finish(out: &mut impl Write, load_failed: bool, status: Status) -> anyhow::Result<Status> {
    out.flush().context("writing the report")?;
    Ok(if load_failed { Status::Error } else { status })
}

fn check(args: CheckArgs) -> anyhow::Result<Status> {
    let namespace = args.inputs.default_namespace();
    let (loaded, load_failed) = load(&args.inputs.paths);
    let cluster = Cluster::from_objects(&loaded.objects, namespace);
    warn_issues(&cluster);
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let from =
        resolve(&analysis, &args.from, namespace).map_err(|e| anyhow::anyhow!("--from: {e}"))?;
    let to = resolve(&analysis, &args.to, namespace).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    let port = match &args.port {
        Some(text) => {
            Some(resolve_port(&analysis, &to, text).map_err(|e| anyhow::anyhow!("--port {e}"))?)
        }
        None => None,
    };
    let explanation = explain(&analysis, from.party, to.party);
    let allowed = match port {
        Some((protocol, number)) => explanation.allowed.contains(protocol, number),
        None => !explanation.allowed.is_empty(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        CheckFormat::Text => write_check_text(&mut out, &from, &to, port, allowed, &explanation)?,
        CheckFormat::Json => {
            let report = json!({
                "allowed": allowed,
                "from": from.name,
                "to": to.name,
                "port": port.map(|(_, n)| n),
                "protocol": port.map(|(p, _)| p.name()),
                "ports": ports_json(&explanation.allowed),
                "egress": side_json(&explanation.egress, port),
                "ingress": side_json(&explanation.ingress, port),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
    }
    let status = if allowed {
        Status::Clean
    } else {
        Status::Findings
    };
    finish(&mut out, load_failed, status)
}

/// Whether a rule's ports matter for the question asked (the port, or any).
fn admits(ports: &PortSet, port: Option<(Protocol, u16)>) -> bool {
    match port {
        Some((protocol, number)) => ports.contains(protocol, number),
        None => !ports.is_empty(),
    }
}

fn isolation_text(side: &Side) -> String {
    let (subject, direction) = match side.direction {
        Direction::Egress => ("the source", "egress"),
        Direction::Ingress => ("the destination", "ingress"),
    };
    match &side.isolation {
        Isolation::NotSelected => {
            format!("no policy isolates the {direction} of {subject}: all allowed")
        }
        Isolation::OutsideCluster => {
            format!("{subject} is outside the cluster: its {direction} is not policed")
        }
        Isolation::HostNetwork => {
            format!("{subject} uses the host network: policies do not apply to its {direction}")
        }
        Isolation::Isolated(policies) => format!("{direction} isolated by {}", policies.join(", ")),
    }
}

fn write_check_text(
    out: &mut impl Write,
    from: &Target,
    to: &Target,
    port: Option<(Protocol, u16)>,
    allowed: bool,
    explanation: &Explanation,
) -> anyhow::Result<()> {
    let verdict = if allowed { "allowed" } else { "denied" };
    let on = match port {
        Some((protocol, number)) => format!("{number}/{protocol}"),
        None => "any port".to_owned(),
    };
    writeln!(out, "{verdict}: {} -> {} on {on}", from.name, to.name)?;
    writeln!(out, "  allowed ports: {}", explanation.allowed)?;
    for side in [&explanation.egress, &explanation.ingress] {
        writeln!(out, "  {}", isolation_text(side))?;
        if !matches!(side.isolation, Isolation::Isolated(_)) {
            continue;
        }
        let rules: Vec<_> = side
            .rules
            .iter()
            .filter(|r| admits(&r.ports, port))
            .collect();
        if rules.is_empty() {
            writeln!(out, "    no rule admits it")?;
        }
        for rule in rules {
            let peer = match rule.peer {
                Some(peer) => format!("peer {peer}"),
                None => "any peer".to_owned(),
            };
            writeln!(
                out,
                "    allowed by {} {} rule {} ({peer}, ports {}) at {}:{}:{}",
                rule.policy,
                side.direction.policy_type().to_ascii_lowercase(),
                rule.rule,
                rule.ports,
                rule.location.file,
                rule.location.line,
                rule.location.column
            )?;
        }
    }
    Ok(())
}

fn ports_json(ports: &PortSet) -> Value {
    json!(
        ports
            .ranges()
            .iter()
            .map(|r| json!({"protocol": r.protocol.name(), "from": r.first, "to": r.last}))
            .collect::<Vec<_>>()
    )
}

fn side_json(side: &Side, port: Option<(Protocol, u16)>) -> Value {
    let (isolated, reason, policies) = match &side.isolation {
        Isolation::NotSelected => (false, "not-selected", Vec::new()),
        Isolation::OutsideCluster => (false, "outside-cluster", Vec::new()),
        Isolation::HostNetwork => (false, "host-network", Vec::new()),
        Isolation::Isolated(policies) => (true, "isolated", policies.clone()),
    };
    let rules: Vec<Value> = side
        .rules
        .iter()
        .filter(|r| admits(&r.ports, port))
        .map(|r| {
            json!({
                "policy": r.policy, "rule": r.rule, "peer": r.peer, "ports": ports_json(&r.ports),
                "file": &*r.location.file, "line": r.location.line, "column": r.location.column,
            })
        })
        .collect();
    json!({
        "isolated": isolated, "state": reason, "policies": policies,
        "allowedPorts": ports_json(&side.allowed), "rules": rules,
    })
}

fn matrix(args: MatrixArgs) -> anyhow::Result<Status> {
    let (loaded, load_failed) = load(&args.inputs.paths);
    let cluster = Cluster::from_objects(&loaded.objects, args.inputs.default_namespace());
    warn_issues(&cluster);
    let analysis = Analysis::new(&cluster, atoms_for(&[&cluster]));
    let groups = ExternalGroups::new(&analysis.atoms, &[&cluster]);
    let matrix = analysis.matrix();
    let filter = args.inputs.namespace.as_deref();
    let keep =
        |node: Node| filter.is_none_or(|ns| graph::node_namespace(&analysis, node) == Some(ns));
    let connections = graph::connections(&analysis, &groups, &matrix, keep);
    let name = |node: Node| graph::node_name(&analysis, &groups, node);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        MatrixFormat::Text => {
            for from in connections.chunk_by(|a, b| a.from == b.from) {
                writeln!(out, "{}", name(from[0].from))?;
                let rows: Vec<[String; 3]> = from
                    .iter()
                    .map(|c| ["  ->".to_owned(), name(c.to), ports_text(c)])
                    .collect();
                write_rows(&mut out, &rows)?;
            }
        }
        MatrixFormat::Csv => {
            writeln!(out, "from,to,ports,partial")?;
            for c in &connections {
                writeln!(
                    out,
                    "{},{},{},{}",
                    csv(&name(c.from)),
                    csv(&name(c.to)),
                    csv(&c.ports.to_string()),
                    c.partial
                )?;
            }
        }
        MatrixFormat::Md => {
            writeln!(out, "| From | To | Ports |\n|---|---|---|")?;
            for c in &connections {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    name(c.from),
                    name(c.to),
                    ports_text(c).replace('*', "\\*")
                )?;
            }
        }
        MatrixFormat::Dot => write_dot(&mut out, &analysis, &connections, &name)?,
        MatrixFormat::Json => {
            let endpoints: Vec<Value> = cluster
                .endpoints
                .iter()
                .map(|e| {
                    json!({"kind": e.kind, "namespace": e.namespace, "name": e.name,
                           "pods": e.pods.iter().map(|p| &p.name).collect::<Vec<_>>(),
                           "hostNetwork": e.host_network})
                })
                .collect();
            let external: Vec<&str> = (0..groups.len()).map(|g| groups.name(g)).collect();
            let connections: Vec<Value> = connections
                .iter()
                .map(|c| json!({"from": name(c.from), "to": name(c.to), "ports": ports_json(&c.ports), "partial": c.partial}))
                .collect();
            let report = json!({"version": 1, "endpoints": endpoints, "external": external, "connections": connections});
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
    }
    finish(&mut out, load_failed, Status::Clean)
}

fn ports_text(connection: &Connection) -> String {
    if connection.partial {
        format!("{} (some pods)", connection.ports)
    } else {
        connection.ports.to_string()
    }
}

fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Rows with their columns aligned; the last column is not padded.
fn write_rows<const N: usize>(out: &mut impl Write, rows: &[[String; N]]) -> anyhow::Result<()> {
    let mut widths = [0; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; N]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == N {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        text
    };
    for row in rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    Ok(())
}

fn write_dot(
    out: &mut impl Write,
    analysis: &Analysis<'_, '_>,
    connections: &[Connection],
    name: &dyn Fn(Node) -> String,
) -> anyhow::Result<()> {
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    writeln!(out, "digraph netpol {{\n  rankdir=LR;\n  node [shape=box];")?;
    let mut used: Vec<Node> = connections.iter().flat_map(|c| [c.from, c.to]).collect();
    used.sort();
    used.dedup();
    let mut namespaces: Vec<&str> = used
        .iter()
        .filter_map(|&n| graph::node_namespace(analysis, n))
        .collect();
    namespaces.dedup();
    for (i, namespace) in namespaces.iter().enumerate() {
        writeln!(
            out,
            "  subgraph cluster_{i} {{\n    label={};",
            quote(namespace)
        )?;
        for &node in used
            .iter()
            .filter(|&&n| graph::node_namespace(analysis, n) == Some(namespace))
        {
            writeln!(out, "    {};", quote(&name(node)))?;
        }
        writeln!(out, "  }}")?;
    }
    for &node in used
        .iter()
        .filter(|&&n| graph::node_namespace(analysis, n).is_none())
    {
        writeln!(out, "  {} [shape=ellipse];", quote(&name(node)))?;
    }
    for c in connections {
        writeln!(
            out,
            "  {} -> {} [label={}];",
            quote(&name(c.from)),
            quote(&name(c.to)),
            quote(&ports_text(c))
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

fn run_lint(args: LintArgs) -> anyhow::Result<Status> {
    if let Some(unknown) = args
        .skip
        .iter()
        .find(|id| !LINTS.iter().any(|(known, _)| known == id))
    {
        let known: Vec<&str> = LINTS.iter().map(|(id, _)| *id).collect();
        anyhow::bail!(
            "--skip: unknown lint {unknown:?}; the lints are {}",
            known.join(", ")
        );
    }
    let (loaded, load_failed) = load(&args.inputs.paths);
    let cluster = Cluster::from_objects(&loaded.objects, args.inputs.default_namespace());
    let findings: Vec<Finding> = lint(&cluster)
        .into_iter()
        .filter(|f| !args.skip.iter().any(|id| id == f.lint))
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        CheckFormat::Text => {
            for Finding {
                lint,
                message,
                location,
            } in &findings
            {
                match location {
                    Some(l) if l.line > 0 => write!(out, "{}:{}:{}: ", l.file, l.line, l.column)?,
                    _ => {}
                }
                writeln!(out, "{lint}: {message}")?;
            }
            writeln!(
                out,
                "{} finding{}",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" }
            )?;
        }
        CheckFormat::Json => {
            let report = json!({"version": 1, "findings": findings});
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
    }
    let status = if findings.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    };
    finish(&mut out, load_failed, status)
}

fn diff(args: DiffArgs) -> anyhow::Result<Status> {
    let namespace = args.namespace.as_deref().unwrap_or("default");
    // The `--with` inputs are read once (their errors printed once) and shared by both sides.
    let (with_loaded, with_failed) = load(&args.with);
    let side = |path: &String| {
        let (loaded, failed) = load(std::slice::from_ref(path));
        let mut objects = loaded.objects;
        objects.extend(with_loaded.objects.iter().cloned());
        (objects, failed)
    };
    let (base_objects, base_failed) = side(&args.base);
    let (head_objects, head_failed) = side(&args.head);
    let base = Cluster::from_objects(&base_objects, namespace);
    let head = Cluster::from_objects(&head_objects, namespace);
    warn_issues(&head);
    let changes = kubeward_netpol::diff::diff(&base, &head, args.namespace.as_deref());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        CheckFormat::Text => {
            let mut rows = Vec::new();
            for change in &changes {
                if !change.opened.is_empty() {
                    let mark = if change.forbidden.is_empty() {
                        "+"
                    } else {
                        "+!"
                    };
                    rows.push([
                        mark.to_owned(),
                        change.from.clone(),
                        change.to.clone(),
                        change.opened.to_string(),
                    ]);
                }
                if !change.closed.is_empty() {
                    rows.push([
                        "-".to_owned(),
                        change.from.clone(),
                        change.to.clone(),
                        change.closed.to_string(),
                    ]);
                }
            }
            write_rows(&mut out, &rows)?;
            let opened = changes.iter().filter(|c| !c.opened.is_empty()).count();
            let closed = changes.iter().filter(|c| !c.closed.is_empty()).count();
            let forbidden = changes.iter().filter(|c| !c.forbidden.is_empty()).count();
            writeln!(
                out,
                "{opened} opened (+), {closed} closed (-); {forbidden} opened where the base's policies forbid it (+!)"
            )?;
        }
        CheckFormat::Json => {
            let changes: Vec<Value> = changes
                .iter()
                .map(|c| {
                    json!({"from": c.from, "to": c.to, "opened": ports_json(&c.opened),
                           "closed": ports_json(&c.closed), "forbidden": ports_json(&c.forbidden)})
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json!({"version": 1, "changes": changes}))?
            )?;
        }
    }
    let failing = match args.fail_on {
        DiffFailOn::Forbidden => changes.iter().any(|c| !c.forbidden.is_empty()),
        DiffFailOn::Opened => changes.iter().any(|c| !c.opened.is_empty()),
        DiffFailOn::Never => false,
    };
    let status = if failing {
        Status::Findings
    } else {
        Status::Clean
    };
    finish(&mut out, base_failed || head_failed || with_failed, status)
}
