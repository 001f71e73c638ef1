//! `merge`: statements from JSON lines and graphs, combined into one graph.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::graph::StanceGraph;
use crate::merge::merge_all;
use crate::model::{Document, SCHEMA_VERSION};
use crate::{Error, Result, store, validate};

use super::{emit, io_err, plural};

/// Reads every input, merges their statements onto the base and writes the graph.
pub(super) fn merge_files(
    inputs: &[PathBuf],
    base: Option<&Path>,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<super::Outcome> {
    let base = match base {
        Some(p) => StanceGraph::load(p)?.into_document(),
        None => Document::default(),
    };
    let mut parts = Vec::new();
    let mut files = 0;
    for input in inputs {
        for file in files_of(input)? {
            files += 1;
            read_input(&file, &mut parts)?;
        }
    }
    let (merged, report) = merge_all(base, parts);
    let problems = validate::check(&merged);
    if !problems.is_empty() {
        return Err(Error::Invalid {
            path: output.map(Path::to_owned),
            problems,
        });
    }
    match output {
        Some(path) => {
            let _lock = store::lock(path)?;
            store::save(&merged, path)?;
        }
        None => emit(&store::to_canonical_string(&merged)?, None, out)?,
    }
    let _ = writeln!(
        err,
        "{}: {} statement{} from {} file{} ({} repeated), {} actor{}, {} proposal{} or claim{}",
        output.map_or_else(|| "<stdout>".into(), |p| p.display().to_string()),
        report.statements,
        plural(report.statements),
        files,
        plural(files),
        report.duplicates,
        report.actors,
        plural(report.actors),
        report.targets,
        plural(report.targets),
        plural(report.targets),
    );
    Ok(super::Outcome::Success)
}

/// The files an input names: itself, or a folder's graphs and JSON lines (`.txt`
/// too: Spark's text writer names its parts so), in sorted order, skipping hidden
/// files and Spark's `_SUCCESS` and `_temporary`.
fn files_of(input: &Path) -> Result<Vec<PathBuf>> {
    if input == Path::new("-") || !input.is_dir() {
        return Ok(vec![input.to_owned()]);
    }
    let mut found = Vec::new();
    let mut dirs = vec![input.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io_err(&dir))? {
            let path = entry.map_err(io_err(&dir))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_none_or(|n| n.starts_with('.') || n.starts_with('_')) {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .is_some_and(|x| x == "ron" || x == "json" || x == "jsonl" || x == "txt")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A graph, or JSON lines each carrying its statement as a graph (`graph`).
fn read_input(path: &Path, parts: &mut Vec<Document>) -> Result<()> {
    if path.extension().is_some_and(|x| x == "ron") {
        parts.push(StanceGraph::load(path)?.into_document());
        return Ok(());
    }
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(io_err(path))?;
        Box::new(std::io::BufReader::new(file))
    };
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(io_err(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let graph = line_graph(&line).map_err(|(col, message)| Error::Syntax {
            path: path.to_owned(),
            line: n + 1,
            col,
            message,
        })?;
        parts.push(graph);
    }
    Ok(())
}

/// The graph a statement's JSON line carries, checked: or the column and what is
/// wrong there.
pub(crate) fn line_graph(line: &str) -> std::result::Result<Document, (usize, String)> {
    #[derive(serde::Deserialize)]
    struct Line {
        graph: Option<Document>,
    }
    let l: Line = serde_json::from_str(line).map_err(|e| {
        (
            e.column().max(1),
            format!("not a statement's JSON line: {e}"),
        )
    })?;
    let Some(graph) = l.graph else {
        return Err((
            1,
            "no `graph` field: write statements with `stancegraph extract --format jsonl` \
             (or Python's `stancegraph.extract`)"
                .into(),
        ));
    };
    let wrong = if graph.schema != SCHEMA_VERSION {
        Some(format!(
            "schema version {} is not supported (this build reads version {SCHEMA_VERSION})",
            graph.schema
        ))
    } else {
        validate::check(&graph).first().map(ToString::to_string)
    };
    match wrong {
        Some(message) => Err((1, format!("the line's graph: {message}"))),
        None => Ok(graph),
    }
}
