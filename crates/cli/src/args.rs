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
}

#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    /// `text`: one line per check; `markdown`: the full documentation page; `json`: metadata.
    #[arg(long, short, value_enum, default_value_t = CatalogueFormat::Text)]
    pub format: CatalogueFormat,
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
