//! The one error type of the library.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::locate::Location;

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
    /// Another writer held the graph's lock for longer than this one would wait.
    #[error("{}: another stancegraph is writing this graph (waited {waited} s); nothing was written, run again when it has finished", path.display())]
    Locked {
        /// The graph.
        path: PathBuf,
        /// How long this writer waited, in seconds.
        waited: f64,
    },
    /// A model's weights file is missing, truncated or of another kind.
    #[error("{}: {message}", path.display())]
    Model {
        /// The weights file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A save would replace something that is not a regular file.
    #[error("{}: is {kind}, not a regular file; nothing was written", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
        /// What is there ("a directory", "a character device").
        kind: &'static str,
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
    #[error("{}", Invalid(path.as_deref(), problems))]
    Invalid {
        /// The file the graph came from or was to be written to, when there is one.
        path: Option<PathBuf>,
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
    /// A date of the right shape that the calendar does not have.
    #[error("invalid date `{0}`: {0} is not a calendar date")]
    NotACalendarDate(String),
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
    /// Graphviz, which draws the HTML page's map, is missing or failed.
    #[error("could not draw the map with Graphviz: {0}")]
    Graphviz(String),
    /// A request does not make sense for this graph.
    #[error("{0}")]
    Usage(String),
    /// A request does not fit the graph it was made of (an unknown name, a target
    /// that is not a proposal): the graph's file, then what is wrong.
    #[error("{}: {source}", path.display())]
    InGraph {
        /// The graph file.
        path: PathBuf,
        /// What is wrong.
        source: Box<Error>,
    },
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

impl Error {
    /// True when output went to a reader that stopped reading (`stancegraph ... |
    /// head`): nothing is wrong, and nothing more needs saying.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Names the graph file an error is about, unless the error already names a file.
    pub fn in_graph(self, path: &Path) -> Error {
        match self {
            Error::Io { .. }
            | Error::NotAFile { .. }
            | Error::Locked { .. }
            | Error::Syntax { .. }
            | Error::Schema { .. }
            | Error::Invalid { .. }
            | Error::InGraph { .. }
            | Error::Script { .. }
            | Error::Graphviz(_) => self,
            other => Error::InGraph {
                path: path.to_owned(),
                source: Box::new(other),
            },
        }
    }
}

/// `FILE:LINE:COL: message`, or `FILE: message` when there is no position.
fn located(path: &Path, line: usize, col: usize, message: &str) -> String {
    if line == 0 {
        format!("{}: {message}", path.display())
    } else {
        format!("{}:{line}:{col}: {message}", path.display())
    }
}

/// One thing wrong with a graph.
///
/// It lives here, beside the error that carries it, so that the error type depends
/// on no module that itself returns errors.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The file, when the graph came from one.
    pub file: Option<PathBuf>,
    /// Where in the file, when it can be located.
    pub location: Option<Location>,
    /// Keys from the top of the document to the offending item
    /// (`["statements", "s1", "actor"]`): names the item by id.
    pub path: Vec<String>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Problem {
    /// `FILE:LINE:COL: `, `FILE: ` or nothing, as much as is known.
    fn prefix(&self) -> String {
        match (&self.file, self.location) {
            (Some(file), Some(loc)) => format!("{}:{loc}: ", file.display()),
            (Some(file), None) => format!("{}: ", file.display()),
            (None, _) => String::new(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.prefix(), self.message)
    }
}

/// Displays a list of problems. A single problem is one line that starts with its
/// place (`FILE:LINE:COL:`); several get a first line naming the file and then one
/// located line each, as a compiler lists errors.
struct Invalid<'a>(Option<&'a Path>, &'a [Problem]);

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Invalid(path, problems) = *self;
        let file = path
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        if let [only] = problems {
            let place = if only.file.is_some() {
                only.prefix()
            } else {
                file
            };
            return write!(f, "{place}the graph is invalid: {}", only.message);
        }
        let n = problems.len();
        write!(f, "{file}the graph is invalid ({n} problems):")?;
        for p in problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
