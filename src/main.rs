//! The `stancegraph` command. All behaviour is in the library; this file parses the
//! arguments and maps the outcome to an exit code: 0 success, 1 an invalid graph, a
//! failed check or a failed script, 2 bad usage or unreadable input.

use std::io::Write;
use std::process::ExitCode;

use stancegraph::Error;
use stancegraph::app::{self, Outcome};
use stancegraph::cli::Cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse_ordered();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let result = app::run(cli, &mut out, &mut err);
    let _ = out.flush();
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        // The reader has what it wanted.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(match e {
                Error::Invalid { .. } | Error::Script { .. } => 1,
                _ => 2,
            })
        }
    }
}
