//! `kubeward scan`.

use std::io::{IsTerminal, Write};

use anyhow::Context;
use kubeward_config::Config;
use kubeward_core::{CheckMeta, PssLevel, ScanResult, Severity};
use kubeward_engine::{Engine, Selection};
use kubeward_report::{Format, GroupBy, TextOptions};
use kubeward_yaml::Limits;

use crate::Status;
use crate::args::{ColorChoice, FailOn, GroupByArg, OutputFormat, PssArg, ScanArgs};

pub fn run(args: ScanArgs) -> anyhow::Result<Status> {
    let metas = super::catalogue_metas();
    let mut config = load_config(&args, &metas)?;
    if let Some(version) = args.target_version {
        config.target_version = Some(version);
    }
    let selection = Selection {
        only: args.checks.clone(),
        skip: args.skip_checks.clone(),
        pss: args.pss.map(|level| match level {
            PssArg::Baseline => PssLevel::Baseline,
            PssArg::Restricted => PssLevel::Restricted,
        }),
    };
    let engine = Engine::with_selection(config, &selection)?;
    let sources = kubeward_loader::expand(&args.paths);
    let loaded = kubeward_loader::load(&sources, &Limits::default());
    let result = engine.scan(&loaded);

    let stdout = std::io::stdout();
    let text = TextOptions {
        pss_controls: selection.pss.is_some(),
        group_by: match args.group_by {
            GroupByArg::File => GroupBy::File,
            GroupByArg::Object => GroupBy::Object,
            GroupByArg::Check => GroupBy::Check,
            GroupByArg::Category => GroupBy::Category,
            GroupByArg::Tactic => GroupBy::Tactic,
        },
        color: use_color(args.color, stdout.is_terminal()),
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    kubeward_report::render(format(args.format), &result, &metas, &text, &mut out)
        .context("writing the report")?;
    out.flush().context("writing the report")?;
    let status = status(&result, args.fail_on);
    // The process ends here: freeing every tree and finding one by one would only delay the exit.
    std::mem::forget(loaded);
    std::mem::forget(result);
    Ok(status)
}

fn load_config(args: &ScanArgs, metas: &[&CheckMeta]) -> anyhow::Result<Config> {
    let known: Vec<&str> = metas.iter().map(|m| m.id).collect();
    let path = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(path), _) => Some(path.clone()),
        (None, _) => {
            Config::discover(&std::env::current_dir().context("finding the current directory")?)
        }
    };
    match path {
        Some(path) => Ok(Config::load(&path, &known)?),
        None => Ok(Config::default()),
    }
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
        OutputFormat::Markdown => Format::Markdown,
    }
}

/// Input errors win over findings: a partial scan must not look clean or merely "failing".
fn status(result: &ScanResult, fail_on: FailOn) -> Status {
    let threshold = match fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    if !result.errors.is_empty() {
        Status::Error
    } else if threshold.is_some_and(|t| result.active().any(|f| f.severity >= t)) {
        Status::Findings
    } else {
        Status::Clean
    }
}
