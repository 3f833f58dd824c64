//! The command line, defined once; `--help` is generated from it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// kubeward keeps Kubernetes configuration safe, reliable and efficient.
#[derive(Debug, Parser)]
#[command(name = "kubeward", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan manifests: files, directories, `-` for stdin, Kustomize directories.
    Scan(ScanArgs),
    /// List the check catalogue.
    Checks(ChecksArgs),
    /// Show the documentation of one check.
    Explain {
        /// A check id, as `kubeward checks` lists them.
        check: String,
    },
    /// Analyse NetworkPolicies: reachability (check, matrix), lint, diff.
    Netpol(crate::commands::netpol::NetpolArgs),
    /// Run the admission webhook: /validate, /mutate, /healthz, /readyz, /metrics over HTTPS.
    Serve(ServeArgs),
    /// Generate a CA and a serving certificate for the webhook's Service; prints the caBundle.
    Cert(CertArgs),
    /// Print every object as the API server receives it: YAML 1.1 scalars resolved, anchors,
    /// aliases and merge keys expanded, Lists flattened.
    Render(RenderArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// PEM certificate chain to serve (reloaded when the file changes).
    #[arg(long, value_name = "FILE")]
    pub tls_cert: PathBuf,

    /// PEM private key of the certificate (reloaded when the file changes).
    #[arg(long, value_name = "FILE")]
    pub tls_key: PathBuf,

    /// Policy file, in `.kubeward.yaml` syntax (reloaded when it changes). Default: the
    /// built-in policy.
    #[arg(long, value_name = "FILE", env = "KUBEWARD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "0.0.0.0:8443")]
    pub listen: std::net::SocketAddr,

    /// How often the certificate, key and policy files are checked for changes.
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = kubeward_config::parse_duration)]
    pub reload_interval: std::time::Duration,

    /// On SIGTERM, how long in-flight requests may take to finish.
    #[arg(long, value_name = "DURATION", default_value = "25s", value_parser = kubeward_config::parse_duration)]
    pub drain_timeout: std::time::Duration,
}

#[derive(Debug, clap::Args)]
pub struct CertArgs {
    /// The webhook's Service name.
    #[arg(long, default_value = "kubeward")]
    pub service: String,

    /// The Service's namespace.
    #[arg(long, default_value = "kubeward-system")]
    pub namespace: String,

    /// Directory to write ca.crt, tls.crt and tls.key into.
    #[arg(long, value_name = "DIR", default_value = "tls")]
    pub out: PathBuf,

    /// Another DNS name or IP address for the serving certificate (repeatable).
    #[arg(long = "san", value_name = "NAME")]
    pub extra_names: Vec<String>,

    /// Validity in days.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Files, directories (searched recursively for .yaml, .yml, .json), Kustomize directories,
    /// or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// `json`: one line per object, `{"file", "line", "object"}` (or `"error"`), the object exactly
    /// as `sigs.k8s.io/yaml` converts it; `yaml`: a YAML stream that reads the same in every YAML
    /// tool.
    #[arg(long, short, value_enum, default_value_t = RenderFormat::Json)]
    pub format: RenderFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    Json,
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files, directories (searched recursively for .yaml, .yml, .json), Kustomize directories,
    /// or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Low)]
    pub fail_on: FailOn,

    /// Policy file. Default: `.kubeward.yaml` in the current directory or the nearest parent.
    #[arg(long, value_name = "FILE", env = "KUBEWARD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Ignore any `.kubeward.yaml` and use the built-in defaults.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Run only these checks: ids, categories (security, reliability, efficiency, hygiene) or
    /// frameworks (cis, nsa, mitre, pss, pss-baseline, pss-restricted), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub checks: Vec<String>,

    /// Never run these checks (same selectors as --checks).
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub skip_checks: Vec<String>,

    /// Evaluate pod templates against this Pod Security Standards level, control by control;
    /// a scanned Namespace's pod-security.kubernetes.io labels set the level of its pods.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub pss: Option<PssArg>,

    /// How the text and markdown reports group findings.
    #[arg(long, value_enum, default_value_t = GroupByArg::File)]
    pub group_by: GroupByArg,

    /// The Kubernetes release the manifests are for (`1.33`): API versions it removed or
    /// deprecates are reported. Overrides `targetVersion` of the policy file. Default: the newest
    /// release kubeward knows.
    #[arg(long, value_name = "1.xx", value_parser = kubeward_config::parse_target_version)]
    pub target_version: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PssArg {
    Baseline,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    File,
    Object,
    Check,
    Category,
    Tactic,
}

#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    /// `text`: one line per check; `markdown`: the full documentation page; `json`: metadata.
    #[arg(long, short, value_enum, default_value_t = CatalogueFormat::Text)]
    pub format: CatalogueFormat,

    /// List a framework's entries and the checks covering each, instead of the catalogue.
    #[arg(long, value_enum, conflicts_with = "format")]
    pub framework: Option<Framework>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Framework {
    /// CIS Kubernetes Benchmark recommendations.
    Cis,
    /// NSA/CISA Kubernetes Hardening Guidance sections.
    Nsa,
    /// Threat Matrix for Kubernetes (MITRE ATT&CK) techniques.
    Mitre,
    /// Pod Security Standards controls.
    Pss,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Info,
    /// Never exit 1 for findings.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}
