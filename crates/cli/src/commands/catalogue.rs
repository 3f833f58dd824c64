//! `kubeward checks` and `kubeward explain`.

use std::io::Write;

use anyhow::{Context, bail};
use kubeward_core::CheckMeta;

use crate::Status;
use crate::args::{CatalogueFormat, ChecksArgs};

fn metas() -> Vec<&'static CheckMeta> {
    kubeward_checks::catalogue()
        .into_iter()
        .map(|c| c.meta())
        .collect()
}

pub fn list(args: ChecksArgs) -> anyhow::Result<Status> {
    let metas = metas();
    let text = match args.format {
        CatalogueFormat::Text => kubeward_report::catalogue_table(&metas),
        CatalogueFormat::Markdown => kubeward_report::docs_page(&metas),
        CatalogueFormat::Json => serde_json::to_string_pretty(&metas)? + "\n",
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing the catalogue")?;
    Ok(Status::Clean)
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
