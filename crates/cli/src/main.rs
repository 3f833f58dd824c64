//! The `kubeward` command: parses arguments and maps the outcome to an exit code.

mod args;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a scan allocates and frees millions of small
/// blocks (trees, findings, messages), on which glibc's malloc spent over a tenth of a
/// one-thread scan; mimalloc cuts the scan's CPU time by about 14% (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit statuses, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No finding at or above `--fail-on`.
    Clean = 0,
    /// Findings at or above `--fail-on`.
    Findings = 1,
    /// Usage, configuration or input errors.
    Error = 2,
}

fn main() -> ExitCode {
    let args = args::Cli::parse();
    match commands::run(args) {
        Ok(status) => ExitCode::from(status as u8),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kubeward: error: {error:#}");
            ExitCode::from(Status::Error as u8)
        }
    }
}

/// `kubeward scan . | head` must end quietly, as other Unix tools do.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
