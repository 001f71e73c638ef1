//! What each subcommand does, on top of the library. `main.rs` only parses the
//! arguments and turns the outcome into an exit code.

use std::io::Write;
use std::path::Path;

use crate::cli::{Cli, Command, Format};
use crate::export::{ExportOptions, export_dot, export_json};
use crate::graph::StanceGraph;
use crate::model::Target;
use crate::{Error, Result, store, validate};

/// How a command ended when it did not fail outright.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// All is well: exit 0.
    Success,
    /// A graph is invalid, or a check failed: exit 1.
    Failure,
}

/// Runs a parsed command line. Normal output goes to `out`, messages to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    match cli.command {
        Command::Validate { graphs } => validate_files(&graphs, out, err),
        Command::Fmt { graphs, check } => fmt_files(&graphs, check, err),
        Command::Export {
            graph,
            format,
            output,
            proposal,
            as_of,
            focus,
        } => {
            let g = StanceGraph::load(&graph)?;
            let proposal = match proposal {
                Some(p) => match g.resolve_target(&p) {
                    Some(Target::Proposal(id)) => Some(id),
                    _ => return Err(Error::UnknownTarget(p)),
                },
                None => None,
            };
            let focus = match focus {
                Some(a) => Some(g.resolve_actor(&a).cloned().ok_or(Error::UnknownActor(a))?),
                None => None,
            };
            let opts = ExportOptions {
                proposal,
                as_of,
                focus,
            };
            let text = match format {
                Format::Dot => export_dot(&g, &opts)?,
                Format::Json => export_json(&g, &opts)?,
            };
            emit(&text, output.as_deref(), out)?;
            Ok(Outcome::Success)
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes `text` to the file (atomically) or to `out`.
fn emit(text: &str, file: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    match file {
        Some(path) => store::write_atomic(path, text.as_bytes()),
        None => out
            .write_all(text.as_bytes())
            .map_err(io_err(Path::new("<stdout>"))),
    }
}

fn validate_files(
    graphs: &[std::path::PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let mut outcome = Outcome::Success;
    for path in graphs {
        let parsed = store::read(path)?;
        let problems = validate::validate(&parsed);
        if problems.is_empty() {
            let d = &parsed.doc;
            let _ = writeln!(
                out,
                "{}: valid ({} actors, {} proposals, {} claims, {} sources, {} statements)",
                path.display(),
                d.actors.len(),
                d.proposals.len(),
                d.claims.len(),
                d.sources.len(),
                d.statements.len()
            );
        } else {
            outcome = Outcome::Failure;
            for p in &problems {
                let _ = writeln!(err, "{p}");
            }
            let n = problems.len();
            let _ = writeln!(
                err,
                "{}: invalid ({n} problem{})",
                path.display(),
                if n == 1 { "" } else { "s" }
            );
        }
    }
    Ok(outcome)
}

fn fmt_files(graphs: &[std::path::PathBuf], check: bool, err: &mut dyn Write) -> Result<Outcome> {
    let mut outcome = Outcome::Success;
    for path in graphs {
        let parsed = store::read(path)?;
        let problems = validate::validate(&parsed);
        if !problems.is_empty() {
            return Err(Error::Invalid { problems });
        }
        let canonical = store::to_canonical_string(&parsed.doc)?;
        if canonical == parsed.text {
            continue;
        }
        if check {
            outcome = Outcome::Failure;
            let _ = writeln!(
                err,
                "{}: not in canonical form (run `stancegraph fmt {}`)",
                path.display(),
                path.display()
            );
        } else {
            store::write_atomic(path, canonical.as_bytes())?;
            let _ = writeln!(err, "{}: reformatted", path.display());
        }
    }
    Ok(outcome)
}
