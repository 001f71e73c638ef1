//! What each subcommand does, on top of the library. `main.rs` only parses the
//! arguments and turns the outcome into an exit code.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use crate::cli::{Cli, Command, ExtractFormat, Format, TrainModel};
use crate::export::{
    ExportOptions, export_csv, export_cypher, export_dot, export_graphml, export_html, export_json,
    write_export_json,
};
use crate::export::{JsonDocument, statement_json};
use crate::extract::lexicon::Lexicon;
use crate::extract::{Article, Extractor, MergeReport, Merger, gazetteer_of};
use crate::graph::StanceGraph;
use crate::learn::attribution::Attributor;
use crate::learn::stance::StanceClassifier;
use crate::merge::merge_all;
use crate::model::Target;
use crate::model::{Document, SourceId};
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
        Command::Query(args) => analysis::query(args, out),
        Command::Whatif(args) => analysis::whatif(args, out),
        Command::Run(args) => analysis::run(args, out),
        Command::Extract {
            articles,
            graph,
            output,
            format,
            source_url,
            published,
            lexicon,
            model,
            learned,
            stance_model,
            claims,
        } => {
            let attribution = match model {
                Some(path) => Some(Attributor::load(&path)?),
                None => None,
            };
            let stance = match (learned, stance_model) {
                (_, Some(path)) => Some(std::sync::Arc::new(StanceClassifier::load(&path)?)),
                (true, None) => Some(StanceClassifier::shared()),
                (false, None) => None,
            };
            let job = ExtractJob {
                attribution,
                stance,
                claims,
                graph,
                output,
                format,
                source_url,
                published,
                lexicon: load_lexicon(lexicon.as_deref())?,
            };
            extract_files(&articles, &job, out, err)
        }
        Command::Merge {
            inputs,
            base,
            output,
        } => combine::merge_files(&inputs, base.as_deref(), output.as_deref(), out, err),
        Command::Train {
            model,
            data,
            output,
            hold_out,
        } => {
            let (name, default_data) = match model {
                TrainModel::Pos => ("pos", "../shared/ud-english-ewt"),
                TrainModel::Attribution => ("attribution", "../shared/polnear"),
                TrainModel::Stance => ("stance", "../shared/realnews"),
            };
            let data = data.unwrap_or_else(|| default_data.into());
            let output = output.unwrap_or_else(|| format!("src/learn/{name}.model").into());
            match model {
                TrainModel::Pos => train::pos(&data, &output, out),
                TrainModel::Attribution => train::attribution(&data, &output, out),
                TrainModel::Stance => train::stance(&data, &output, hold_out, out),
            }
        }
        Command::Eval {
            pos: Some(file), ..
        } => train::score_pos(&file, out),
        Command::Eval {
            path,
            gold,
            lexicon,
            pos: None,
        } => eval(
            path.as_deref(),
            gold.as_deref(),
            &load_lexicon(lexicon.as_deref())?,
            out,
        ),
        Command::Export {
            graph,
            format,
            output,
            proposal,
            as_of,
            focus,
        } => {
            let g = StanceGraph::load(&graph)?;
            let in_graph = |e: Error| e.in_graph(&graph);
            let proposal = match proposal {
                Some(p) => match g.resolve_target(&p) {
                    Some(Target::Proposal(id)) => Some(id),
                    _ => return Err(in_graph(Error::UnknownTarget(p))),
                },
                None => None,
            };
            let focus = match focus {
                Some(a) => Some(
                    g.resolve_actor(&a)
                        .cloned()
                        .ok_or_else(|| in_graph(Error::UnknownActor(a)))?,
                ),
                None => None,
            };
            let opts = ExportOptions {
                proposal,
                as_of,
                focus,
            };
            match (format, output.as_deref()) {
                (Format::Dot, file) => emit(&export_dot(&g, &opts).map_err(in_graph)?, file, out)?,
                (Format::Json, Some(file)) => {
                    emit(&export_json(&g, &opts).map_err(in_graph)?, Some(file), out)?;
                }
                (Format::Json, None) => write_export_json(&g, &opts, out).map_err(in_graph)?,
                (Format::Graphml, file) => {
                    emit(&export_graphml(&g, &opts).map_err(in_graph)?, file, out)?;
                }
                (Format::Cypher, file) => {
                    emit(&export_cypher(&g, &opts).map_err(in_graph)?, file, out)?;
                }
                (Format::Csv, Some(dir)) => {
                    let files = export_csv(&g, &opts).map_err(in_graph)?;
                    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
                    for (name, text) in files {
                        store::write_atomic(&dir.join(name), text.as_bytes())?;
                    }
                }
                (Format::Csv, None) => {
                    return Err(Error::Usage(
                        "--format csv writes several files: name their folder with -o DIR".into(),
                    ));
                }
                (Format::Html, file) => {
                    emit(&export_html(&g, &opts).map_err(in_graph)?, file, out)?;
                }
            }
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
                "{}: valid ({})",
                path.display(),
                [
                    (d.actors.len(), "actor"),
                    (d.proposals.len(), "proposal"),
                    (d.claims.len(), "claim"),
                    (d.sources.len(), "source"),
                    (d.statements.len(), "statement"),
                ]
                .map(|(n, noun)| format!("{n} {noun}{}", plural(n)))
                .join(", ")
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
        // Held from reading to writing, so that no other writer's save is undone.
        let _lock = if check {
            None
        } else {
            Some(store::lock(path)?)
        };
        let parsed = store::read(path)?;
        let problems = validate::validate(&parsed);
        if !problems.is_empty() {
            return Err(Error::Invalid {
                path: Some(path.clone()),
                problems,
            });
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

fn load_lexicon(path: Option<&Path>) -> Result<Lexicon> {
    path.map_or_else(|| Ok(Lexicon::default()), Lexicon::load)
}

/// The options of one `extract` run.
struct ExtractJob {
    graph: Option<std::path::PathBuf>,
    output: Option<std::path::PathBuf>,
    format: ExtractFormat,
    source_url: Option<String>,
    published: Option<crate::model::Date>,
    lexicon: Lexicon,
    /// The attribution model, when not the built-in one.
    attribution: Option<Attributor>,
    /// Make claims of the attributions that are no stance.
    claims: bool,
    /// The stance model that decides each named actor's stance, if any.
    stance: Option<std::sync::Arc<StanceClassifier>>,
}

/// Reads an article's bytes; invalid UTF-8 is decoded lossily with a warning.
fn read_article(path: &Path, err: &mut dyn Write) -> Result<String> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(io_err(Path::new("<stdin>")))?;
        buf
    } else {
        std::fs::read(path).map_err(io_err(path))?
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(
                err,
                "warning: {} is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                path.display()
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    })
}

fn extract_files(
    articles: &[std::path::PathBuf],
    job: &ExtractJob,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    // -o onto the graph the articles are read against, or onto an existing graph
    // with no --graph, writes that graph in place: what is extracted is merged into
    // the graph as it is when saved, under its lock, so that concurrent runs all land.
    let in_place = match (&job.output, &job.graph) {
        (Some(out), Some(graph)) => same_file(out, graph),
        (Some(out), None) => out.exists(),
        _ => false,
    };
    let base_path = if in_place {
        job.output.as_ref()
    } else {
        job.graph.as_ref()
    };
    let base = match base_path {
        Some(p) => StanceGraph::load(p)?.into_document(),
        None => Document::default(),
    };
    let mut extractor = Extractor::new(Some(&gazetteer_of(&base)), job.lexicon.clone());
    if let Some(model) = &job.stance {
        extractor = extractor.with_stance_model(model.clone());
    }
    // The extractor holds what it reads with; the base itself is kept only to be
    // written out with -o onto another file (in place, it is read again when saved).
    let base = if job.output.is_some() && !in_place {
        base
    } else {
        drop(base);
        Document::default()
    };
    // Each article's extraction, merged at the end by `merge_all`, so the graph is
    // the one `stancegraph merge` makes of the same statements as JSON lines.
    let mut parts = Vec::new();
    // Counting walks the folders once more, so only a terminal gets a progress bar.
    let total_files = if std::io::stderr().is_terminal()
        && (articles.len() > 1 || articles.iter().any(|a| a.is_dir()))
    {
        Some(Inputs::total(articles)?)
    } else {
        None
    };
    let mut read = 0;
    for path in Inputs::new(articles) {
        let path = path?;
        read += 1;
        if let Some(n) = total_files {
            let _ = write!(err, "\r\x1b[2K[{read}/{n}] {}", path.display());
            let _ = err.flush();
        }
        let text = read_article(&path, err)?;
        if text.trim().is_empty() {
            let _ = writeln!(
                err,
                "warning: {} is empty; nothing extracted",
                path.display()
            );
            continue;
        }
        let stem = if path == Path::new("-") {
            "stdin".to_owned()
        } else {
            path.file_stem()
                .map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned())
        };
        // The built-in weights are decoded on first use only: rules-only runs never
        // pay for them.
        let model = || {
            job.attribution
                .as_ref()
                .unwrap_or_else(|| Attributor::builtin())
        };
        let source = SourceId::from_text(&stem);
        let article = Article {
            text: &text,
            source,
            url: job.source_url.clone(),
            published: job.published,
        };
        if job.output.is_none() && job.format == ExtractFormat::Attributions {
            for a in extractor.attributions(&stem, &article, model()) {
                let mut line = serde_json::to_string(&a).unwrap_or_default();
                line.push('\n');
                out.write_all(line.as_bytes())
                    .map_err(io_err(Path::new("<stdout>")))?;
            }
            continue;
        }
        let found = if job.claims {
            extractor.extract_with_claims(&article, model())
        } else {
            extractor.extract(&article)
        };
        if job.output.is_none() && job.format == ExtractFormat::Jsonl {
            for (id, s) in &found.statements {
                let line = jsonl_line(&found, id, s);
                out.write_all(line.as_bytes())
                    .map_err(io_err(Path::new("<stdout>")))?;
            }
            continue;
        }
        parts.push(found);
    }
    if total_files.is_some() {
        let _ = write!(err, "\r\x1b[2K");
    }
    let (merged, mut total) = merge_all(base, parts);
    match (&job.output, job.format) {
        (Some(path), _) => {
            let _lock = store::lock(path)?;
            let merged = if in_place {
                // The graph as it is now, which another writer may have changed
                // since it was read.
                let mut now = Merger::new(StanceGraph::load(path)?.into_document());
                let landed = now.add(merged);
                total = MergeReport {
                    duplicates: total.duplicates + landed.duplicates,
                    taken: total.taken + landed.taken,
                    ..landed
                };
                now.into_document()
            } else {
                merged
            };
            // Never write a graph that would not load again.
            let problems = validate::check(&merged);
            if !problems.is_empty() {
                return Err(Error::Invalid {
                    path: Some(path.clone()),
                    problems,
                });
            }
            store::save(&merged, path)?;
            let _ = writeln!(
                err,
                "{}: {} new statement{} from {} article{} ({} already there), {} new actor{}, {} new spelling{}, {} new proposal{} or claim{}",
                path.display(),
                total.statements,
                plural(total.statements),
                read,
                plural(read),
                total.duplicates,
                total.actors,
                plural(total.actors),
                total.aliases,
                plural(total.aliases),
                total.targets,
                plural(total.targets),
                plural(total.targets),
            );
            if total.taken > 0 {
                let _ = writeln!(
                    err,
                    "{} spelling{} left out: another actor in the graph already has {}",
                    total.taken,
                    plural(total.taken),
                    if total.taken == 1 { "it" } else { "them" },
                );
            }
        }
        (None, ExtractFormat::Ron) => emit(&store::to_canonical_string(&merged)?, None, out)?,
        (None, ExtractFormat::Json) => JsonDocument::new(
            &merged,
            merged.actors.keys(),
            merged.statements.keys(),
            merged.statements.values().map(|s| &s.target),
        )
        .write(out)?,
        (None, ExtractFormat::Jsonl | ExtractFormat::Attributions) => {}
    }
    Ok(Outcome::Success)
}

/// True when two paths name one file (both exist and resolve alike).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One statement as a self-contained JSON line: the statement plus its actor's,
/// target's and source's names, so a consumer needs no other line.
pub(crate) fn jsonl_line(
    doc: &Document,
    id: &crate::model::StatementId,
    s: &crate::model::Statement,
) -> String {
    let mut v = statement_json(id, s);
    if let serde_json::Value::Object(m) = &mut v {
        if let Some(a) = doc.actors.get(&s.actor) {
            m.insert("actor_name".into(), a.name.clone().into());
            m.insert("actor_kind".into(), a.kind.as_str().into());
            m.insert("actor_aliases".into(), a.aliases.clone().into());
        }
        let title = match &s.target {
            crate::model::Target::Proposal(p) => doc.proposals.get(p).map(|p| p.title.clone()),
            crate::model::Target::Point(p) => doc
                .proposals
                .get(&p.proposal)
                .map(|prop| format!("{} (point {})", prop.title, p.n)),
            crate::model::Target::Claim(c) => doc.claims.get(c).map(|c| c.text.clone()),
        };
        m.insert("target_title".into(), title.into());
        if let Some(src) = s.evidence.as_ref().and_then(|e| doc.sources.get(&e.source)) {
            m.insert("source_title".into(), src.title.clone().into());
            m.insert("source_url".into(), src.url.clone().into());
            m.insert(
                "source_published".into(),
                src.published.map(|d| d.to_string()).into(),
            );
        }
    }
    if let (serde_json::Value::Object(m), Some(unit)) = (&mut v, crate::merge::unit(doc, id)) {
        // The statement as a graph of its own, which `merge` reads back.
        m.insert(
            "graph".into(),
            serde_json::to_value(unit).unwrap_or(serde_json::Value::Null),
        );
    }
    let mut line = v.to_string();
    line.push('\n');
    line
}

fn eval(
    path: Option<&Path>,
    gold: Option<&Path>,
    lexicon: &Lexicon,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let list = |out: &mut dyn Write, score: &crate::eval::Score| {
        for m in &score.misses {
            let _ = writeln!(out, "  miss: {m}");
        }
        for f in &score.false_hits {
            let _ = writeln!(out, "  false hit: {f}");
        }
        for b in &score.bad_spans {
            let _ = writeln!(out, "  span not a sentence: {b}");
        }
    };
    match (path, gold) {
        (Some(article), Some(gold)) => {
            let score = crate::eval::evaluate(article, gold, lexicon)?;
            let _ = writeln!(out, "{}", score.summary());
            list(out, &score);
        }
        (path, None) => {
            let dir = path.map_or_else(crate::eval::fixtures_dir, Path::to_owned);
            let set = crate::eval::evaluate_set(&dir, lexicon)?;
            let _ = writeln!(out, "tune:     {}", set.tune.summary());
            list(out, &set.tune);
            let _ = writeln!(out, "held out: {}", set.heldout.summary());
            list(out, &set.heldout);
        }
        (None, Some(_)) => {
            return Err(Error::Usage("--gold needs the ARTICLE it annotates".into()));
        }
    }
    Ok(Outcome::Success)
}

// `query`, `whatif` and `run` live in app/analysis.rs.
mod analysis;

pub use analysis::{query_json, whatif_json};
#[cfg(feature = "python")]
pub(crate) use combine::line_graph;
mod combine;
mod inputs;
mod train;

use inputs::Inputs;
