//! `kubeward checks` and `kubeward explain`.

use std::io::Write;

use anyhow::{Context, bail};
use kubeward_checks::frameworks;
use kubeward_core::CheckMeta;

use crate::Status;
use crate::args::{CatalogueFormat, ChecksArgs, Framework};

pub fn list(args: ChecksArgs) -> anyhow::Result<Status> {
    let metas = super::catalogue_metas();
    let text = match (args.framework, args.format) {
        (Some(framework), _) => coverage(framework, &metas),
        (None, format) => catalogue(format, &metas)?,
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing the catalogue")?;
    Ok(Status::Clean)
}

fn catalogue(format: CatalogueFormat, metas: &[&'static CheckMeta]) -> anyhow::Result<String> {
    Ok(match format {
        CatalogueFormat::Text => kubeward_report::catalogue_table(metas),
        CatalogueFormat::Markdown => kubeward_report::docs_page(metas),
        CatalogueFormat::Json => serde_json::to_string_pretty(&metas)? + "\n",
    })
}

/// One line per entry of a framework: the entry, then the checks mapped to it (or `-`).
fn coverage(framework: Framework, metas: &[&'static CheckMeta]) -> String {
    let covering = |mapped: &dyn Fn(&CheckMeta) -> bool| {
        let ids: Vec<&str> = metas.iter().filter(|m| mapped(m)).map(|m| m.id).collect();
        if ids.is_empty() {
            "-".to_owned()
        } else {
            ids.join(", ")
        }
    };
    let rows: Vec<(String, String)> = match framework {
        Framework::Mitre => frameworks::ALL_TECHNIQUES
            .iter()
            .map(|t| {
                let entry = format!("{} {} ({})", t.id, t.name, t.tactic);
                (
                    entry,
                    covering(&|m| m.mappings.mitre.iter().any(|x| x.id == t.id)),
                )
            })
            .collect(),
        Framework::Nsa => frameworks::nsa::ALL
            .iter()
            .map(|s| (s.to_string(), covering(&|m| m.mappings.nsa.contains(s))))
            .collect(),
        Framework::Pss => frameworks::pss::ALL
            .iter()
            .map(|c| {
                let entry = format!("{:?}: {}", c.level, c.control);
                (entry, covering(&|m| m.mappings.pss == Some(*c)))
            })
            .collect(),
        Framework::Cis => {
            let mut ids: Vec<&str> = metas
                .iter()
                .flat_map(|m| m.mappings.cis.iter().copied())
                .collect();
            ids.sort_by_key(|id| {
                id.split('.')
                    .map(|n| n.parse::<u32>().unwrap_or(0))
                    .collect::<Vec<_>>()
            });
            ids.dedup();
            ids.into_iter()
                .map(|id| (id.to_owned(), covering(&|m| m.mappings.cis.contains(&id))))
                .collect()
        }
    };
    let width = rows
        .iter()
        .map(|(entry, _)| entry.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(entry, checks)| format!("{entry:<width$}  {checks}\n"))
        .collect()
}

pub fn explain(id: &str) -> anyhow::Result<Status> {
    let Some(check) = kubeward_checks::find(id) else {
        bail!("unknown check {id:?}; `kubeward checks` lists them");
    };
    let text = kubeward_report::explain(check.meta());
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing the documentation")?;
    Ok(Status::Clean)
}
