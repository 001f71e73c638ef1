//! The one error type of the library.

use std::fmt;
use std::path::PathBuf;

use crate::validate::Problem;

/// Everything that can go wrong in stancegraph, each variant carrying what a user
/// needs to act on it: the file, the id, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not well-formed RON, or does not fit the schema.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        col: usize,
        /// What is wrong there.
        message: String,
    },
    /// The file was written by a newer or unknown schema.
    #[error("{}: schema version {found} is not supported (this build reads version {supported})", path.display())]
    Schema {
        /// The file.
        path: PathBuf,
        /// The version the file declares.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The graph parsed but is not consistent; every problem is listed.
    #[error("{}", Invalid(problems))]
    Invalid {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// An id is not a lowercase slug (`[a-z0-9][a-z0-9-]*`, points `PROPOSAL/N`).
    #[error(
        "invalid {kind} id `{id}`: ids are lowercase slugs such as `us-28-point-plan` (points: `us-28-point-plan/12`)"
    )]
    InvalidId {
        /// Which kind of id.
        kind: &'static str,
        /// The text given.
        id: String,
    },
    /// A date is not `YYYY-MM-DD`.
    #[error("invalid date `{0}`: dates are written YYYY-MM-DD")]
    InvalidDate(String),
    /// A stance is not one of the three.
    #[error("invalid stance `{0}`: use support, skeptical or non-starter")]
    InvalidStance(String),
    /// A name matches no actor.
    #[error("no actor `{0}` in the graph (use an actor id, name or alias)")]
    UnknownActor(String),
    /// A name matches no proposal, point or claim.
    #[error("no proposal, point or claim `{0}` in the graph")]
    UnknownTarget(String),
    /// An id is already taken.
    #[error("{kind} id `{id}` is already in the graph")]
    DuplicateId {
        /// Which kind of id.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// Removing the actor would leave references to it dangling.
    #[error("actor `{id}` is still referred to by {}", by.join(", "))]
    ActorInUse {
        /// The actor.
        id: String,
        /// What refers to it.
        by: Vec<String>,
    },
    /// A statement refers to something that is not in the graph.
    #[error("statement `{id}`: {message}")]
    BadStatement {
        /// The statement.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// A graph could not be turned into text.
    #[error("could not encode the graph: {0}")]
    Encode(String),
    /// A request does not make sense for this graph.
    #[error("{0}")]
    Usage(String),
    /// A script failed: a syntax error, a runtime error, a failed assertion, or
    /// the operation limit reached.
    #[error("{}", located(path, *line, *col, message))]
    Script {
        /// The script file.
        path: PathBuf,
        /// 1-based line (0 when the error has no position).
        line: usize,
        /// 1-based column.
        col: usize,
        /// What went wrong.
        message: String,
    },
}

/// `FILE:LINE:COL: message`, or `FILE: message` when there is no position.
fn located(path: &std::path::Path, line: usize, col: usize, message: &str) -> String {
    if line == 0 {
        format!("{}: {message}", path.display())
    } else {
        format!("{}:{line}:{col}: {message}", path.display())
    }
}

/// Displays a list of problems, one per line.
struct Invalid<'a>(&'a [Problem]);

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the graph is invalid ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
