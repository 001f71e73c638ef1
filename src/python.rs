//! Python bindings (cargo feature `python`): the native module
//! `stancegraph._stancegraph`, which the `stancegraph` package in `python/`
//! re-exports with docstrings and type stubs. maturin builds it (`pip install .`).
//!
//! Data crosses the boundary as the CLI's JSON, parsed by Python's own `json`
//! module: a statement dict in Python has exactly the fields of a
//! `--format jsonl` line, and a query answer is the document `query --format json`
//! prints, because both come from the same code. Errors become
//! `stancegraph.StanceGraphError` carrying the CLI's message (with file:line:col
//! where there is one). Extraction runs with the interpreter released, so threads
//! extract in parallel.

// PyO3's macros expand to the unsafe FFI glue the interpreter needs; nothing in
// this file writes `unsafe` itself.
#![allow(unsafe_code)]

use std::path::PathBuf;

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::app::{jsonl_line, line_graph, query_json, whatif_json};
use crate::extract::lexicon::Lexicon;
use crate::extract::{Article, Extractor, gazetteer_of};
use crate::learn::attribution::Attributor;
use crate::model::{Date, Document, SourceId};
use crate::{Error, ExportOptions, StanceGraph};

pyo3::create_exception!(
    _stancegraph,
    StanceGraphError,
    PyException,
    "An error of stancegraph, with the message the command line prints."
);

fn err(e: Error) -> PyErr {
    StanceGraphError::new_err(e.to_string())
}

/// Parses JSON text with Python's `json` module.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

fn date(text: Option<&str>) -> PyResult<Option<Date>> {
    text.map(|t| {
        t.parse::<Date>()
            .map_err(|e| StanceGraphError::new_err(format!("`{t}` is not a date: {e}")))
    })
    .transpose()
}

/// A graph: a `Graph` object, a path to a graph file, or None.
fn graph_of(graph: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Document>> {
    let Some(g) = graph.filter(|g| !g.is_none()) else {
        return Ok(None);
    };
    if let Ok(g) = g.cast::<Graph>() {
        return Ok(Some(g.borrow().inner.document().clone()));
    }
    let path: PathBuf = g.extract().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err("graph is a stancegraph.Graph or a path")
    })?;
    Ok(Some(StanceGraph::load(&path).map_err(err)?.into_document()))
}

/// The reading of one article, ready to run without the interpreter.
struct Reading {
    text: String,
    source: SourceId,
    url: Option<String>,
    published: Option<Date>,
}

impl Reading {
    fn new(
        text: String,
        source: Option<&str>,
        url: Option<String>,
        published: Option<&str>,
    ) -> PyResult<Self> {
        Ok(Self {
            text,
            source: SourceId::from_text(source.unwrap_or("article")),
            url,
            published: date(published)?,
        })
    }

    fn article(&self) -> Article<'_> {
        Article {
            text: &self.text,
            source: self.source.clone(),
            url: self.url.clone(),
            published: self.published,
        }
    }
}

/// Reuses one extractor over many texts: what a Spark partition holds.
#[pyclass(name = "Extractor", module = "stancegraph", frozen)]
struct PyExtractor {
    inner: Extractor,
}

impl PyExtractor {
    fn statements(&self, py: Python<'_>, reading: Reading, claims: bool) -> PyResult<Py<PyAny>> {
        let lines = self.lines(py, reading, claims);
        Ok(loads(py, &format!("[{}]", lines.join(",")))?.unbind())
    }

    fn lines(&self, py: Python<'_>, reading: Reading, claims: bool) -> Vec<String> {
        py.detach(|| {
            let article = reading.article();
            let found = if claims {
                self.inner
                    .extract_with_claims(&article, Attributor::builtin())
            } else {
                self.inner.extract(&article)
            };
            let lines: Vec<String> = found
                .statements
                .iter()
                .map(|(id, s)| jsonl_line(&found, id, s).trim_end().to_owned())
                .collect();
            lines
        })
    }

    fn attribution_list(&self, py: Python<'_>, reading: Reading) -> PyResult<Py<PyAny>> {
        let text = py.detach(|| {
            let doc = reading.source.to_string();
            let found = self
                .inner
                .attributions(&doc, &reading.article(), Attributor::builtin());
            serde_json::to_string(&found).unwrap_or_else(|_| "[]".into())
        });
        Ok(loads(py, &text)?.unbind())
    }
}

#[pymethods]
impl PyExtractor {
    /// Extractor(graph=None, lexicon=None): reads against a base graph's actors,
    /// proposals and claims (a Graph or a path), with the built-in or a given lexicon.
    #[new]
    #[pyo3(signature = (graph=None, lexicon=None))]
    fn new(graph: Option<&Bound<'_, PyAny>>, lexicon: Option<PathBuf>) -> PyResult<Self> {
        let base = graph_of(graph)?;
        let lexicon = match lexicon {
            Some(p) => Lexicon::load(&p).map_err(err)?,
            None => Lexicon::default(),
        };
        let gazetteer = base.as_ref().map(gazetteer_of);
        Ok(Self {
            inner: Extractor::new(gazetteer.as_ref(), lexicon),
        })
    }

    /// The statements of one article, as `extract --format jsonl` lines; `source`
    /// names it, `published` (YYYY-MM-DD) dates relative mentions, `claims` adds
    /// claims. Runs without the interpreter lock.
    #[pyo3(signature = (text, source=None, url=None, published=None, claims=false))]
    fn extract(
        &self,
        py: Python<'_>,
        text: String,
        source: Option<&str>,
        url: Option<String>,
        published: Option<&str>,
        claims: bool,
    ) -> PyResult<Py<PyAny>> {
        self.statements(py, Reading::new(text, source, url, published)?, claims)
    }

    /// The same statements as JSON text, one `extract --format jsonl` line each
    /// (without its newline): what a Spark job writes, with no dict in between.
    #[pyo3(signature = (text, source=None, url=None, published=None, claims=false))]
    fn extract_lines(
        &self,
        py: Python<'_>,
        text: String,
        source: Option<&str>,
        url: Option<String>,
        published: Option<&str>,
        claims: bool,
    ) -> PyResult<Vec<String>> {
        Ok(self.lines(py, Reading::new(text, source, url, published)?, claims))
    }

    /// Who said what: the records of `extract --format attributions`.
    #[pyo3(signature = (text, source=None))]
    fn attributions(
        &self,
        py: Python<'_>,
        text: String,
        source: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        self.attribution_list(py, Reading::new(text, source, None, None)?)
    }
}

/// The statements of one article, as `stancegraph extract --format jsonl` lines.
#[pyfunction]
#[pyo3(signature = (text, source=None, url=None, published=None, graph=None, claims=false))]
fn extract(
    py: Python<'_>,
    text: String,
    source: Option<&str>,
    url: Option<String>,
    published: Option<&str>,
    graph: Option<&Bound<'_, PyAny>>,
    claims: bool,
) -> PyResult<Py<PyAny>> {
    let extractor = PyExtractor::new(graph, None)?;
    extractor.statements(py, Reading::new(text, source, url, published)?, claims)
}

/// Who said what in one text, as `stancegraph extract --format attributions`.
#[pyfunction]
#[pyo3(signature = (text, source=None))]
fn attributions(py: Python<'_>, text: String, source: Option<&str>) -> PyResult<Py<PyAny>> {
    let extractor = PyExtractor::new(None, None)?;
    extractor.attribution_list(py, Reading::new(text, source, None, None)?)
}

/// Statements (dicts as `extract` gives them, their JSON text, or `Graph`s) merged
/// onto `base` into one graph, as `stancegraph merge` does: the same statements in
/// any order or grouping give the same graph.
#[pyfunction]
#[pyo3(signature = (statements, base=None))]
fn merge(
    py: Python<'_>,
    statements: &Bound<'_, PyAny>,
    base: Option<&Bound<'_, PyAny>>,
) -> PyResult<Graph> {
    let base = graph_of(base)?.unwrap_or_default();
    let dumps = py.import("json")?.getattr("dumps")?;
    let mut parts = Vec::new();
    for (i, item) in statements.try_iter()?.enumerate() {
        let item = item?;
        if let Ok(g) = item.cast::<Graph>() {
            parts.push(g.borrow().inner.document().clone());
            continue;
        }
        let text: String = if item.is_instance_of::<pyo3::types::PyString>() {
            item.extract()?
        } else {
            dumps.call1((&item,))?.extract()?
        };
        let doc = line_graph(&text).map_err(|(col, message)| {
            StanceGraphError::new_err(format!("statement {i}, column {col}: {message}"))
        })?;
        parts.push(doc);
    }
    let inner = py
        .detach(|| StanceGraph::from_document(crate::merge_all(base, parts).0))
        .map_err(err)?;
    Ok(Graph { inner, path: None })
}

/// A stance graph.
#[pyclass(module = "stancegraph", frozen)]
struct Graph {
    inner: StanceGraph,
    /// The file it was loaded from, which answers name as the command line does.
    path: Option<PathBuf>,
}

impl Graph {
    fn label(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<graph>".to_owned(), |p| p.display().to_string())
    }
}

/// A keyword option as command-line words: `as_of="2025-11-21"` is `--as-of
/// 2025-11-21`, `True` a bare flag, `False` and None nothing, a list one flag each.
fn option_words(key: &str, value: &Bound<'_, PyAny>, out: &mut Vec<String>) -> PyResult<()> {
    let flag = format!("--{}", key.replace('_', "-"));
    if value.is_none() {
        return Ok(());
    }
    if let Ok(b) = value.cast::<pyo3::types::PyBool>() {
        if b.is_true() {
            out.push(flag);
        }
        return Ok(());
    }
    if let Ok(items) = value.cast::<PyList>() {
        for item in items.iter() {
            out.push(flag.clone());
            out.push(item.str()?.to_string());
        }
        return Ok(());
    }
    out.push(flag);
    out.push(value.str()?.to_string());
    Ok(())
}

/// The names of a query's positional arguments, in order (`who`: target, stance).
fn positionals(query: &str) -> Vec<String> {
    use clap::CommandFactory;
    crate::cli::Cli::command()
        .find_subcommand("query")
        .and_then(|q| q.find_subcommand(query))
        .map(|c| {
            c.get_positionals()
                .map(|a| a.get_id().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[pymethods]
impl Graph {
    /// An empty graph.
    #[new]
    fn new() -> Self {
        Self {
            inner: StanceGraph::new(),
            path: None,
        }
    }

    /// Reads a graph file; a malformed or invalid one raises StanceGraphError
    /// with file:line:col.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<Self> {
        Ok(Self {
            inner: StanceGraph::load(&path).map_err(err)?,
            path: Some(path),
        })
    }

    /// Reads a graph from RON text (a graph file's contents), as `load` reads a
    /// file; messages name it `<graph>`.
    #[staticmethod]
    fn loads(py: Python<'_>, text: String) -> PyResult<Self> {
        let inner = py
            .detach(|| StanceGraph::parse(text, std::path::Path::new("<graph>")))
            .map_err(err)?;
        Ok(Self { inner, path: None })
    }

    /// The graph's canonical RON text: what `save` writes.
    fn dumps(&self) -> PyResult<String> {
        crate::store::to_canonical_string(self.inner.document()).map_err(err)
    }

    /// Writes the graph in canonical form, atomically.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        self.inner.save(&path).map_err(err)
    }

    /// Every statement, as dicts with the fields of a jsonl line.
    fn statements(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let doc = self.inner.document();
        let lines: Vec<String> = doc
            .statements
            .iter()
            .map(|(id, s)| jsonl_line(doc, id, s).trim_end().to_owned())
            .collect();
        Ok(loads(py, &format!("[{}]", lines.join(",")))?.unbind())
    }

    /// The effective stance of an actor on a target as of a date, or None.
    #[pyo3(signature = (actor, target, as_of=None))]
    fn stance(&self, actor: &str, target: &str, as_of: Option<&str>) -> PyResult<Option<String>> {
        let a = crate::scenario::find_actor(&self.inner, actor).map_err(err)?;
        let t = crate::scenario::find_target(&self.inner, target).map_err(err)?;
        Ok(self
            .inner
            .stance_of(&a, &t, date(as_of)?)
            .map(|e| e.stance.as_str().to_owned()))
    }

    /// Any query of `stancegraph query`, answered with the same JSON; positional
    /// arguments in order or by name, other options as the command's flags.
    #[pyo3(signature = (name, *args, **options))]
    fn query(
        &self,
        py: Python<'_>,
        name: &str,
        args: &Bound<'_, PyTuple>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let mut words = vec![name.to_owned()];
        words.extend(
            args.iter()
                .map(|a| a.str().map(|s| s.to_string()))
                .collect::<PyResult<Vec<_>>>()?,
        );
        let mut flags = Vec::new();
        let named = positionals(name);
        if let Some(options) = options {
            // Positional arguments may be given by name, in their order.
            for p in named.iter().skip(args.len()) {
                if let Some(v) = options.get_item(p)?.filter(|v| !v.is_none()) {
                    words.push(v.str()?.to_string());
                }
            }
            for (k, v) in options.iter() {
                let k: String = k.extract()?;
                if !named.contains(&k) {
                    option_words(&k, &v, &mut flags)?;
                }
            }
        }
        words.extend(flags);
        let text = py
            .detach(|| query_json(&self.inner, &self.label(), &words))
            .map_err(err)?;
        Ok(loads(py, &text)?.unbind())
    }

    /// A what-if, as `stancegraph whatif --format json`; the graph is not changed.
    #[pyo3(signature = (changes, query="blocs", target=None, bloc=None, as_of=None))]
    fn whatif(
        &self,
        py: Python<'_>,
        changes: &Bound<'_, PyAny>,
        query: &str,
        target: Option<&str>,
        bloc: Option<&str>,
        as_of: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let mut words = Vec::new();
        let mut change = |kind: &str, value: &Bound<'_, PyAny>| -> PyResult<()> {
            option_words(kind, value, &mut words)
        };
        if let Ok(d) = changes.cast::<PyDict>() {
            for (k, v) in d.iter() {
                change(&k.extract::<String>()?, &v)?;
            }
        } else if let Ok(s) = changes.cast::<pyo3::types::PyString>() {
            change("set", s.as_any())?;
        } else {
            for item in changes.try_iter()? {
                let item = item?;
                if let Ok(pair) = item.cast::<PyTuple>() {
                    let kind: String = pair.get_item(0)?.extract()?;
                    change(&kind, &pair.get_item(1)?)?;
                } else {
                    change("set", &item)?;
                }
            }
        }
        words.extend(["--query".to_owned(), query.to_owned()]);
        for (flag, value) in [("--target", target), ("--bloc", bloc), ("--as-of", as_of)] {
            if let Some(v) = value {
                words.extend([flag.to_owned(), v.to_owned()]);
            }
        }
        let text = py
            .detach(|| whatif_json(&self.inner, &self.label(), &words))
            .map_err(err)?;
        Ok(loads(py, &text)?.unbind())
    }

    /// The graph as `stancegraph export --format json` writes it.
    #[pyo3(signature = (proposal=None, as_of=None, focus=None))]
    fn to_json(
        &self,
        proposal: Option<&str>,
        as_of: Option<&str>,
        focus: Option<&str>,
    ) -> PyResult<String> {
        let g = &self.inner;
        let proposal = match proposal {
            Some(p) => match g.resolve_target(p) {
                Some(crate::model::Target::Proposal(id)) => Some(id),
                _ => return Err(err(Error::UnknownTarget(p.to_owned()))),
            },
            None => None,
        };
        let focus = match focus {
            Some(a) => Some(
                g.resolve_actor(a)
                    .cloned()
                    .ok_or_else(|| err(Error::UnknownActor(a.to_owned())))?,
            ),
            None => None,
        };
        let opts = ExportOptions {
            proposal,
            as_of: date(as_of)?,
            focus,
        };
        crate::export_json(g, &opts).map_err(err)
    }

    fn __len__(&self) -> usize {
        self.inner.document().statements.len()
    }

    fn __repr__(&self) -> String {
        let d = self.inner.document();
        format!(
            "<stancegraph.Graph: {} actors, {} proposals, {} claims, {} statements>",
            d.actors.len(),
            d.proposals.len(),
            d.claims.len(),
            d.statements.len()
        )
    }
}

#[pymodule]
fn _stancegraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("StanceGraphError", m.py().get_type::<StanceGraphError>())?;
    m.add_class::<Graph>()?;
    m.add_class::<PyExtractor>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(attributions, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
