//! Reading and writing graph files.
//!
//! A graph file is RON in one canonical pretty form, so that a load followed by a
//! save gives back the same bytes and diffs in git show only what an analyst
//! changed. Saving is atomic: the new text goes to a temporary file in the same
//! folder, is flushed to disk, and only then renamed over the old file, so a failed
//! or interrupted save leaves the previous file as it was.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use crate::error::{Error, Result};
use crate::locate::{self, DuplicateKey};
use crate::model::{Document, SCHEMA_VERSION};

/// A parsed graph file together with the text it came from, so that problems found
/// later can be located in it.
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub doc: Document,
    /// The text it was parsed from.
    pub text: String,
    /// Where it was read from (shown in messages).
    pub path: PathBuf,
    /// Map keys that appear twice (serde kept the last of each).
    pub duplicates: Vec<DuplicateKey>,
}

/// Reads and parses a graph file. Fails on unreadable files, malformed RON and
/// unsupported schema versions; consistency is [`crate::validate`]'s job.
pub fn read(path: &Path) -> Result<Parsed> {
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::Syntax {
            path: path.to_owned(),
            line,
            col,
            message: "the file is not valid UTF-8".into(),
        }
    })?;
    parse(text, path)
}

/// Parses graph text; `path` is only used in messages.
pub fn parse(text: String, path: &Path) -> Result<Parsed> {
    if text.trim().is_empty() {
        return Err(Error::Syntax {
            path: path.to_owned(),
            line: 1,
            col: 1,
            message: "the file is empty; a graph starts with `(schema: 1, ...)`".into(),
        });
    }
    // implicit_some is on even without the header, so hand-written files can say
    // `date: "2025-11-21"` rather than `date: Some("2025-11-21")`.
    let doc: Document = ron::Options::default()
        .with_recursion_limit(NESTING)
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e| Error::Syntax {
            path: path.to_owned(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: describe(&e.code),
        })?;
    if doc.schema != SCHEMA_VERSION {
        return Err(Error::Schema {
            path: path.to_owned(),
            found: doc.schema,
            supported: SCHEMA_VERSION,
        });
    }
    let duplicates = locate::scan(&text, |_, _| {});
    Ok(Parsed {
        doc,
        text,
        path: path.to_owned(),
        duplicates,
    })
}

/// How deep brackets may nest before a file is refused: ron's default, far deeper
/// than any graph (five levels) and shallow enough that parsing cannot overflow the
/// stack.
const NESTING: usize = 128;

/// Turns ron's error into one sentence a user can act on.
pub(crate) fn describe(code: &ron::Error) -> String {
    match code {
        // ron's own text here is advice to programmers about its options.
        ron::Error::ExceededRecursionLimit => {
            return format!(
                "nested too deeply: a graph has at most {NESTING} levels of brackets, and this one has more here"
            );
        }
        ron::Error::SuggestRawIdentifier(word) => {
            return format!("`{word}` cannot be a name here");
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => return unknown("field", found, outer.as_deref(), expected),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => return unknown("variant", found, outer.as_deref(), expected),
        _ => {}
    }
    let msg = code.to_string();
    // ron says "Unexpected missing field named `x` in `Y`"; keep its words but make
    // the first letter lowercase to read well after "file:line:col: ".
    let mut chars = msg.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "malformed RON".into(),
    }
}

/// A name a graph file uses that its place does not have: a misspelled collection or
/// field would otherwise be dropped, and the next save would lose what it held.
fn unknown(what: &str, found: &str, outer: Option<&str>, expected: &[&str]) -> String {
    let place = outer.map_or(String::new(), |o| format!(" in `{o}`"));
    let known = expected
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let guess = crate::spelling::nearest(found, expected)
        .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
    format!("unknown {what} `{found}`{place}, expected one of {known}{guess}")
}

/// The canonical text of a document: what `fmt` writes and what `save` writes.
pub fn to_canonical_string(doc: &Document) -> Result<String> {
    let config = PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .compact_arrays(true)
        .compact_structs(true)
        .compact_maps(true)
        .extensions(Extensions::IMPLICIT_SOME);
    let compact =
        ron::ser::to_string_pretty(doc, config).map_err(|e| Error::Encode(e.to_string()))?;
    Ok(layout(&compact))
}

/// Lines longer than this are broken up, one item per line.
const WIDTH: usize = 100;

/// How deep groups always break: the document, its sections and each item, so every
/// item starts on its own line and a diff shows which item changed.
const ALWAYS_BREAK: usize = 2;

/// Lays out ron's one-line output: the top levels one item per line, and every
/// deeper group (`aliases: [...]`, `span: (1, 9)`) kept on one line when it fits in
/// [`WIDTH`], else broken one item per line with a trailing comma. Only whitespace
/// between tokens changes; strings are copied byte for byte.
fn layout(compact: &str) -> String {
    let (header, body) = match compact.strip_prefix("#!") {
        Some(_) => compact.split_once('\n').unwrap_or((compact, "")),
        None => ("", compact),
    };
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    if !header.is_empty() {
        out.push_str(header);
        out.push('\n');
    }
    // For each open group: whether it was broken over lines.
    let mut groups: Vec<bool> = Vec::new();
    let mut line_start = out.len();
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        let start = out.len();
        for _ in 0..depth {
            out.push_str("    ");
        }
        start
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                push_string(&mut out, &body[i..end]);
                i = end;
            }
            b'(' | b'[' | b'{' => {
                let close = group_end(bytes, i);
                let depth = groups.len();
                let inline = &body[i..close];
                let column = out[line_start..].chars().count();
                let fits = column + inline.chars().count() < WIDTH;
                if close == i + 2 || (depth > ALWAYS_BREAK && fits) {
                    push_inline(&mut out, inline);
                    i = close;
                } else {
                    out.push(char::from(bytes[i]));
                    groups.push(true);
                    line_start = newline(&mut out, depth + 1);
                    i += 1;
                }
            }
            b')' | b']' | b'}' => {
                groups.pop();
                out.push(',');
                line_start = newline(&mut out, groups.len());
                out.push(char::from(bytes[i]));
                i += 1;
            }
            b',' if groups.last() == Some(&true) => {
                out.push(',');
                line_start = newline(&mut out, groups.len());
                // Skip the space ron writes after the comma.
                i += if bytes.get(i + 1) == Some(&b' ') {
                    2
                } else {
                    1
                };
            }
            _ => {
                let next = body[i..]
                    .find(['"', '(', '[', '{', ')', ']', '}', ','])
                    .map_or(body.len(), |n| i + n.max(1));
                out.push_str(&body[i..next]);
                i = next;
            }
        }
    }
    out.push('\n');
    out
}

/// Copies a run of tokens as it is, strings through [`push_string`].
fn push_inline(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let next = text[i..].find('"').map_or(text.len(), |n| i + n);
        out.push_str(&text[i..next]);
        if next < text.len() {
            let end = string_end(bytes, next);
            push_string(out, &text[next..end]);
            i = end;
        } else {
            i = next;
        }
    }
}

/// Copies a string literal, undoing the escapes ron writes but a reader does not
/// need: `\'` and `\u{...}` for printable characters (ron escapes combining marks,
/// which would turn "नमस्ते" into unreadable codes). Quotes, backslashes and
/// control characters stay escaped.
fn push_string(out: &mut String, literal: &str) {
    if !literal.contains("\\'") && !literal.contains("\\u{") {
        out.push_str(literal);
        return;
    }
    let mut rest = literal;
    while let Some(pos) = rest.find('\\') {
        out.push_str(&rest[..pos]);
        let esc = &rest[pos..];
        if let Some(after) = esc.strip_prefix("\\'") {
            out.push('\'');
            rest = after;
        } else if let Some(c) = esc
            .strip_prefix("\\u{")
            .and_then(|h| h.split_once('}'))
            .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)))
            .and_then(|(len, n)| {
                char::from_u32(n)
                    .filter(|c| !c.is_control())
                    .map(|c| (len, c))
            })
        {
            out.push(c.1);
            rest = &esc[4 + c.0..];
        } else {
            // Any other escape (\", \\, \n, ...) is kept as two characters.
            let two = esc.char_indices().nth(2).map_or(esc.len(), |(i, _)| i);
            out.push_str(&esc[..two]);
            rest = &esc[two..];
        }
    }
    out.push_str(rest);
}

/// The index just past the string literal starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past the group opening at `start`.
fn group_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Writes `doc` to `path` in canonical form, atomically.
pub fn save(doc: &Document, path: &Path) -> Result<()> {
    write_atomic(path, to_canonical_string(doc)?.as_bytes())
}

/// Writes `bytes` to `path` so that either the old or the new content is there,
/// never a mix: temp file in the same folder, fsync, rename, fsync the folder.
///
/// A save changes nothing but the content: through a symbolic link it writes the
/// link's target (the link stays a link), the file keeps its permissions (and, where
/// the user may, its owner and group), and anything that is not a regular file (a
/// directory, a device, a socket) is refused rather than replaced. The temporary
/// file is removed on every error; temporary files that earlier saves of the same
/// file left behind (a process killed mid-save) are removed once their process is
/// gone.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let target = through_links(path).map_err(io)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(m) = &existing
        && !m.is_file()
    {
        return Err(Error::NotAFile {
            path: path.to_owned(),
            kind: kind_of(m),
        });
    }
    let (dir, name) = folder_and_name(&target);
    remove_stale_temporaries(&dir, &name);
    let tmp = dir.join(temporary_name(&name, std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        if let Some(m) = &existing {
            file.set_permissions(m.permissions())?;
            keep_owner(&file, m);
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)?;
        // Make the rename itself durable; not every platform can open a folder.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// How long a writer waits for another to finish with a graph before giving up,
/// unless `STANCEGRAPH_LOCK_WAIT` (seconds) says otherwise.
pub const LOCK_WAIT: Duration = Duration::from_secs(60);

/// An exclusive advisory lock on a graph file, held by one writer at a time until it
/// is dropped. The lock is taken on a hidden file beside the graph (`.NAME.lock`),
/// not on the graph itself, since a save replaces the graph's file; the lock file is
/// left in place, so that no two writers ever lock different files of one name.
#[derive(Debug)]
pub struct GraphLock {
    _file: File,
}

/// Takes the lock on the graph at `path` (through symbolic links), waiting up to
/// [`LOCK_WAIT`] (or `STANCEGRAPH_LOCK_WAIT` seconds) for a writer that holds it.
/// Every command that writes a graph in place holds it from reading the graph to
/// saving it, so concurrent writers land one after another and none loses another's
/// work.
pub fn lock(path: &Path) -> Result<GraphLock> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let target = through_links(path).map_err(io)?;
    let (dir, name) = folder_and_name(&target);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(format!(".{name}.lock")))
        .map_err(io)?;
    let wait = std::env::var("STANCEGRAPH_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(LOCK_WAIT, Duration::from_secs_f64);
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(GraphLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked {
                    path: path.to_owned(),
                    waited: wait.as_secs_f64(),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}

/// The folder a file is in (`.` for a bare name) and its name, for the files a
/// save and a lock put beside it.
fn folder_and_name(file: &Path) -> (PathBuf, String) {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map_or_else(|| "graph".into(), |n| n.to_string_lossy().into_owned());
    (dir, name)
}

/// The name of a save's temporary file: hidden, beside the file, with the saving
/// process's id.
fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// Where `path` leads through symbolic links (relative links resolved from the
/// link's folder), so that a save replaces the file, not the link.
fn through_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_owned();
    // The limit most systems put on a chain of links.
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// What a path that is not a regular file is, for the error that refuses it.
fn kind_of(m: &fs::Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_fifo() {
            return "a named pipe";
        }
    }
    "not a regular file"
}

/// Gives the new file the old one's owner and group where the user may (root, or
/// a group the user is in); elsewhere the new file is the user's, as it must be.
#[cfg(unix)]
fn keep_owner(file: &File, old: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) {}

/// Removes the temporary files of saves of `name` in `dir` whose process has ended
/// (one killed mid-save leaves its file behind). A process still running may be
/// saving, so its file stays; where processes cannot be looked up (no `/proc`),
/// nothing is removed.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}
