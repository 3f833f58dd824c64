//! One module per subcommand.

mod catalogue;
mod scan;

use crate::Status;
use crate::args::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Checks(args) => catalogue::list(args),
        Command::Explain { check } => catalogue::explain(&check),
    }
}
