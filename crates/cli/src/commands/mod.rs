//! One module per subcommand.

mod catalogue;
pub mod netpol;
mod render;
mod scan;
mod serve;

use crate::Status;
use crate::args::{Cli, Command};

/// Every check's metadata, ordered by id: what reports, `checks` and config validation read.
fn catalogue_metas() -> Vec<&'static kubeward_core::CheckMeta> {
    kubeward_checks::catalogue()
        .into_iter()
        .map(|c| c.meta())
        .collect()
}

pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Checks(args) => catalogue::list(args),
        Command::Explain { check } => catalogue::explain(&check),
        Command::Netpol(args) => netpol::run(args),
        Command::Serve(args) => serve::serve(args),
        Command::Cert(args) => serve::cert(args),
        Command::Render(args) => render::run(args),
    }
}
