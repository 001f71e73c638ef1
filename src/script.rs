//! Scripts: Rhai with the query API bound in, so that a script can load graphs,
//! try what-if scenarios, print answers as tables and assert them — a script
//! doubles as a test.
//!
//! The engine starts bare (Rhai's raw engine plus its standard package of
//! arithmetic, strings, arrays and maps): it has no module resolver and no file or
//! process functions and no `eval`, so the only files a script can reach are
//! graphs, through `load_graph`, and only those under the script's folder, the
//! folder of `--graph` and the folders the user allows (checked as written and
//! again through links), up to a total size. Every run has an operation limit and
//! a time limit, so an endless loop stops with a message instead of hanging, and
//! limits on call depth and on the size of strings, arrays and maps.
//!
//! The functions a script sees (names as an analyst writes them: ids, names or
//! aliases; stances as `support`, `skeptical`, `non-starter`; dates `YYYY-MM-DD`):
//!
//! | function | returns |
//! | --- | --- |
//! | `load_graph(path)` | a graph (a `.ron` file); `path` is relative to the script's folder, and must stay in the folders the run allows |
//! | `load_graph()` | the graph given with `--graph` |
//! | `g.stance(actor, target)`, `g.stance(actor, target, date)` | the effective stance, or `()` |
//! | `g.scenario()` | an empty scenario for `g` |
//! | `s.set(actor, stance)`, `s.set(actor, stance, target)` | sets a stance (`"none"` withdraws it) |
//! | `s.join(actor, bloc)`, `s.leave(actor, bloc)` | moves an actor into or out of a bloc |
//! | `s.influence(actor, weight)`, `s.rule(bloc, rule)` | changes a weight or a rule |
//! | `s.drop_point(point)`, `s.say(actor, stance, target[, date])` | drops a point, adds a hypothetical statement |
//! | `g.whatif(s)` | the graph seen through the scenario; every query runs on it |
//! | `g.matrix([opts])` | opts: `by` (`proposals`, `points`, `claims`), `proposal`, `as_of`, `all` |
//! | `g.who(target, stance[, date])` | the actors holding the stance |
//! | `g.blocs(target[, opts])`, `g.support(target[, opts])` | opts: `as_of`, `bloc` |
//! | `g.movers(target[, opts])` | opts: `bloc`, `rule`, `threshold`, `as_of` |
//! | `g.timeline(actor_or_target)` | stance changes over time |
//! | `g.diff(other[, opts])`, `g.diff(opts)` | opts: `from`, `to` (dates) |
//! | `g.audit([opts])` | opts: `min_confidence`, `actor`, `target`, `as_of` |
//! | `compare(base_answer, whatif_answer)` | what differs between two answers |
//! | `assert(condition[, message])` | stops the script, naming its line, when false |
//!
//! An answer prints as a table (`print(answer)`), and its fields read as in the
//! query's JSON (`answer.blocs[0].backs`); `answer.to_json()` gives the JSON text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use rhai::packages::{Package, StandardPackage};
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString, Map, NativeCallContext, Position};

use crate::error::{Error, Result};
use crate::graph::StanceGraph;
use crate::model::{ActorId, Date, DecisionRule, Stance, Target};
use crate::query::{
    self, Answer, AuditOptions, Axis, Comparison, MatrixOptions, MoversOptions, Side, Subject,
};
use crate::scenario::{Change, Scenario, Situation, parse_optional_stance};

/// Operations a script may run by default before it is stopped.
pub const DEFAULT_MAX_OPERATIONS: u64 = 10_000_000;

/// How long a script may run by default before it is stopped.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many bytes of graph files a script may load in all, by default (each
/// different file counts once, however often it is loaded).
pub const DEFAULT_MAX_GRAPH_BYTES: u64 = 256 * 1024 * 1024;

/// The most characters a string may hold, elements an array (its nested arrays
/// included) and entries a map: what keeps a script's memory to some hundreds of MB.
const MAX_STRING: usize = 10 * 1024 * 1024;
const MAX_ARRAY: usize = 100_000;
const MAX_MAP: usize = 100_000;

/// How to run a script, and what bounds it.
#[derive(Clone, Debug)]
pub struct ScriptOptions {
    /// The graph `load_graph()` (with no path) returns.
    pub graph: Option<PathBuf>,
    /// Stop the script after this many operations (at least 1).
    pub max_operations: u64,
    /// Stop the script after this long.
    pub timeout: Duration,
    /// At most this many bytes of graph files in all.
    pub max_graph_bytes: u64,
    /// Folders `load_graph(path)` may read besides the script's own and the one of
    /// `graph`.
    pub allow: Vec<PathBuf>,
}

impl Default for ScriptOptions {
    fn default() -> Self {
        Self {
            graph: None,
            max_operations: DEFAULT_MAX_OPERATIONS,
            timeout: DEFAULT_TIMEOUT,
            max_graph_bytes: DEFAULT_MAX_GRAPH_BYTES,
            allow: Vec::new(),
        }
    }
}

/// Runs a script file; what it prints goes to `out`. A syntax error, a runtime
/// error, a failed assertion or the operation limit is an [`Error::Script`] naming
/// the file, line and column.
pub fn run_script(path: &Path, opts: &ScriptOptions, out: &mut dyn Write) -> Result<()> {
    let source = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    run_source(&source, path, opts, out)
}

/// Runs script text as if read from `path` (which names it in messages and is the
/// folder `load_graph` paths are relative to).
pub fn run_source(
    source: &str,
    path: &Path,
    opts: &ScriptOptions,
    out: &mut dyn Write,
) -> Result<()> {
    if opts.max_operations == 0 {
        return Err(Error::Usage(
            "--max-operations must be at least 1: every script has a limit".into(),
        ));
    }
    let preloaded = match &opts.graph {
        Some(g) => Some(ScriptGraph::new(Rc::new(StanceGraph::load(g)?))),
        None => None,
    };
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let reach = Reach::new(&folder, opts)?;
    let printed = Rc::new(RefCell::new(String::new()));
    let engine = engine(reach, preloaded, opts, printed.clone());
    let result = engine
        .compile(source)
        .map_err(|e| {
            let pos = e.position();
            script_error(path, pos, format!("syntax error: {}", e.err_type()))
        })
        .and_then(|ast| {
            engine
                .run_ast(&ast)
                .map_err(|e| runtime_error(path, *e, opts))
        });
    let text = printed.borrow();
    out.write_all(text.as_bytes()).map_err(|source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    })?;
    result
}

fn script_error(path: &Path, pos: Position, message: String) -> Error {
    Error::Script {
        path: path.to_owned(),
        line: pos.line().unwrap_or(0),
        col: pos.position().unwrap_or(0),
        message,
    }
}

/// Turns a Rhai error into a located [`Error::Script`], reporting the innermost
/// error (the failed assertion inside a function, not the call of the function).
fn runtime_error(path: &Path, err: EvalAltResult, opts: &ScriptOptions) -> Error {
    let mut err = err;
    let mut pos = err.position();
    while let EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
    | EvalAltResult::ErrorInModule(_, inner, _) = err
    {
        err = *inner;
        if !err.position().is_none() {
            pos = err.position();
        }
    }
    let message = match err {
        EvalAltResult::ErrorRuntime(value, _) => value.to_string(),
        EvalAltResult::ErrorTooManyOperations(_) => format!(
            "the script was stopped after {} operations (an endless loop?); \
             raise the limit with --max-operations",
            opts.max_operations
        ),
        EvalAltResult::ErrorTerminated(..) => format!(
            "the script was stopped after {} s, its time limit; raise it with --timeout",
            opts.timeout.as_secs_f64()
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => format!(
            "the script was stopped: {} grew past its limit (strings {} MB, arrays {} \
             elements with the arrays inside them, maps {} entries)",
            what.to_lowercase(),
            MAX_STRING / (1024 * 1024),
            MAX_ARRAY,
            MAX_MAP
        ),
        mut other => {
            other.clear_position();
            other.to_string()
        }
    };
    script_error(path, pos, message)
}

type Fallible<T> = std::result::Result<T, Box<EvalAltResult>>;

/// A script-level error with a message; Rhai adds the position of the call.
fn fail(message: impl Into<String>) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(Dynamic::from(message.into()), Position::NONE).into()
}

fn lib(e: Error) -> Box<EvalAltResult> {
    fail(e.to_string())
}

/// A graph as a script holds it: the base, plus the scenario laid over it (empty
/// for the base).
#[derive(Clone)]
struct ScriptGraph {
    graph: Rc<StanceGraph>,
    scenario: Rc<Scenario>,
}

impl ScriptGraph {
    fn new(graph: Rc<StanceGraph>) -> Self {
        Self {
            graph,
            scenario: Rc::new(Scenario::new()),
        }
    }

    fn situation(&self) -> Fallible<Situation<'_>> {
        self.scenario.apply(&self.graph).map_err(lib)
    }

    fn target(&self, name: &str) -> Fallible<Target> {
        self.graph
            .resolve_target(name)
            .ok_or_else(|| lib(Error::UnknownTarget(name.to_owned())))
    }

    fn actor(&self, name: &str) -> Fallible<ActorId> {
        self.graph
            .resolve_actor(name)
            .cloned()
            .ok_or_else(|| lib(Error::UnknownActor(name.to_owned())))
    }

    fn answer(&self, answer: Answer) -> Fallible<ScriptAnswer> {
        ScriptAnswer::new(
            Shown::Answer(Box::new(answer)),
            self.scenario.changes().to_vec(),
        )
    }
}

/// A scenario under construction, tied to the graph its names resolve in.
#[derive(Clone)]
struct ScriptScenario {
    graph: Rc<StanceGraph>,
    scenario: Scenario,
}

enum Shown {
    Answer(Box<Answer>),
    Comparison(Box<Comparison>),
}

/// A query's answer: prints as a table; its fields read as in the JSON.
#[derive(Clone)]
struct ScriptAnswer {
    shown: Rc<Shown>,
    data: Rc<Map>,
    changes: Rc<Vec<Change>>,
}

impl ScriptAnswer {
    fn new(shown: Shown, changes: Vec<Change>) -> Fallible<Self> {
        let data = match &shown {
            Shown::Answer(a) => rhai::serde::to_dynamic(a)?,
            Shown::Comparison(c) => rhai::serde::to_dynamic(c)?,
        };
        let data = data
            .try_cast::<Map>()
            .ok_or_else(|| fail("an answer did not convert to a map"))?;
        Ok(Self {
            shown: Rc::new(shown),
            data: Rc::new(data),
            changes: Rc::new(changes),
        })
    }

    fn table(&self) -> String {
        match self.shown.as_ref() {
            Shown::Answer(a) => a.table(),
            Shown::Comparison(c) => c.table(),
        }
    }

    fn json(&self) -> Fallible<String> {
        match self.shown.as_ref() {
            Shown::Answer(a) => a.to_json(),
            Shown::Comparison(c) => c.to_json(),
        }
        .map_err(lib)
    }

    fn field(&self, key: &str) -> Fallible<Dynamic> {
        self.data.get(key).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.data.keys().map(|k| k.as_str()).collect();
            fail(format!(
                "the answer has no field `{key}` (it has: {})",
                known.join(", ")
            ))
        })
    }
}

/// Reads a script's options map, refusing keys the query does not know.
struct Opts<'a> {
    map: &'a Map,
}

impl<'a> Opts<'a> {
    fn new(map: &'a Map, query: &str, known: &[&str]) -> Fallible<Self> {
        if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(fail(format!(
                "unknown option `{k}` for {query} (it takes: {})",
                known.join(", ")
            )));
        }
        Ok(Self { map })
    }

    fn text(&self, key: &str) -> Fallible<Option<String>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) if v.is_unit() => Ok(None),
            Some(v) if v.is_string() => Ok(Some(v.to_string())),
            Some(v) => Err(fail(format!(
                "option `{key}` should be a string, not {}",
                v.type_name()
            ))),
        }
    }

    fn date(&self, key: &str) -> Fallible<Option<Date>> {
        self.text(key)?
            .map(|d| d.parse::<Date>().map_err(lib))
            .transpose()
    }

    fn number(&self, key: &str) -> Fallible<Option<f64>> {
        match self.map.get(key) {
            None => Ok(None),
            Some(v) if v.is_unit() => Ok(None),
            Some(v) => number(v.clone()).map(Some),
        }
    }

    fn flag(&self, key: &str) -> Fallible<bool> {
        match self.map.get(key) {
            None => Ok(false),
            Some(v) => v
                .as_bool()
                .map_err(|t| fail(format!("option `{key}` should be true or false, not {t}"))),
        }
    }
}

fn number(v: Dynamic) -> Fallible<f64> {
    if let Ok(f) = v.as_float() {
        return Ok(f);
    }
    v.as_int()
        .map(|i| i as f64)
        .map_err(|t| fail(format!("expected a number, not {t}")))
}

fn stance(text: &str) -> Fallible<Stance> {
    text.parse::<Stance>().map_err(lib)
}

fn date(text: &str) -> Fallible<Date> {
    text.parse::<Date>().map_err(lib)
}

/// What `load_graph(path)` may read: graph files under the script's folder, the
/// folder of `--graph` and the folders `--allow-dir` names (each resolved through
/// symbolic links, as the file is before it is checked), at most so many bytes in
/// all; a file loaded again is the graph loaded before.
struct Reach {
    folder: PathBuf,
    allowed: Vec<PathBuf>,
    max_bytes: u64,
    loaded: u64,
    cache: HashMap<PathBuf, ScriptGraph>,
}

impl Reach {
    fn new(folder: &Path, opts: &ScriptOptions) -> Result<Self> {
        let real = |dir: &Path| {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir).map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })
        };
        let mut allowed = vec![real(folder)?];
        if let Some(g) = &opts.graph {
            allowed.push(real(g.parent().unwrap_or(Path::new(".")))?);
        }
        for dir in &opts.allow {
            allowed.push(real(dir)?);
        }
        Ok(Self {
            folder: folder.to_owned(),
            allowed,
            max_bytes: opts.max_graph_bytes,
            loaded: 0,
            cache: HashMap::new(),
        })
    }

    fn allows(&self, path: &Path) -> bool {
        self.allowed.iter().any(|dir| path.starts_with(dir))
    }

    fn load(&mut self, path: &str) -> Fallible<ScriptGraph> {
        // Graph files only: the loader's messages quote the text they fail on, and
        // a script must not read other files through them.
        if !path.ends_with(".ron") {
            return Err(fail(format!(
                "load_graph reads graph files (.ron), not `{path}`"
            )));
        }
        let outside = || {
            fail(format!(
                "load_graph reads graphs in the script's folder and that of --graph; \
                 `{path}` is outside them (allow a folder with --allow-dir)"
            ))
        };
        // As written first (nothing outside is even looked at), then as the file
        // system resolves it (a link inside that leads outside).
        if !self.allows(&lexical(&self.allowed[0].join(path))) {
            return Err(outside());
        }
        let real = std::fs::canonicalize(self.folder.join(path))
            .map_err(|e| fail(format!("load_graph: `{path}`: {e}")))?;
        if !self.allows(&real) {
            return Err(outside());
        }
        if real.extension().is_none_or(|e| e != "ron") {
            return Err(fail(format!(
                "load_graph reads graph files (.ron), and `{path}` leads to another file"
            )));
        }
        if let Some(g) = self.cache.get(&real) {
            return Ok(g.clone());
        }
        let size = std::fs::metadata(&real)
            .map_err(|e| fail(format!("load_graph: `{path}`: {e}")))?
            .len();
        if self.loaded.saturating_add(size) > self.max_bytes {
            return Err(fail(format!(
                "load_graph: `{path}` ({} MB) would take the graphs this script loads past \
                 {} MB; nothing more is loaded",
                size / (1024 * 1024),
                self.max_bytes / (1024 * 1024)
            )));
        }
        self.loaded += size;
        let g = ScriptGraph::new(Rc::new(StanceGraph::load(&real).map_err(lib)?));
        self.cache.insert(real, g.clone());
        Ok(g)
    }
}

/// A path with its `.` and `..` taken out as written, without asking the file
/// system (an absolute `path` joined to a folder is `path` itself).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Builds the engine for one run.
fn engine(
    reach: Reach,
    preloaded: Option<ScriptGraph>,
    opts: &ScriptOptions,
    printed: Rc<RefCell<String>>,
) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(StandardPackage::new().as_shared_module());
    engine.set_max_operations(opts.max_operations);
    engine.set_max_call_levels(64);
    engine.set_max_expr_depths(64, 32);
    engine.set_max_string_size(MAX_STRING);
    engine.set_max_array_size(MAX_ARRAY);
    engine.set_max_map_size(MAX_MAP);
    engine.set_fail_on_invalid_map_property(true);
    // `eval` would run text the script builds, past what the checks above see.
    engine.disable_symbol("eval");
    let deadline = Instant::now() + opts.timeout;
    engine.on_progress(move |ops| {
        // The clock is read every thousand operations, not on each.
        (ops % 1024 == 0 && Instant::now() > deadline).then(|| Dynamic::from("time limit"))
    });
    {
        let printed = printed.clone();
        engine.on_print(move |s| {
            let mut p = printed.borrow_mut();
            p.push_str(s);
            p.push('\n');
        });
    }
    engine.on_debug(move |s, _, pos| {
        let mut p = printed.borrow_mut();
        p.push_str(&format!("[{pos}] {s}\n"));
    });

    engine.register_fn(
        "assert",
        |ctx: NativeCallContext, ok: bool, message: ImmutableString| -> Fallible<()> {
            if ok {
                Ok(())
            } else {
                Err(EvalAltResult::ErrorRuntime(
                    format!("assertion failed: {message}").into(),
                    ctx.call_position(),
                )
                .into())
            }
        },
    );
    engine.register_fn(
        "assert",
        |ctx: NativeCallContext, ok: bool| -> Fallible<()> {
            if ok {
                Ok(())
            } else {
                Err(
                    EvalAltResult::ErrorRuntime("assertion failed".into(), ctx.call_position())
                        .into(),
                )
            }
        },
    );

    register_graph(&mut engine, reach, preloaded);
    register_scenario(&mut engine);
    register_queries(&mut engine);
    register_answer(&mut engine);
    engine
}

fn register_graph(engine: &mut Engine, reach: Reach, preloaded: Option<ScriptGraph>) {
    engine.register_type_with_name::<ScriptGraph>("Graph");
    let reach = RefCell::new(reach);
    engine.register_fn(
        "load_graph",
        move |path: ImmutableString| -> Fallible<ScriptGraph> { reach.borrow_mut().load(&path) },
    );
    engine.register_fn("load_graph", move || -> Fallible<ScriptGraph> {
        preloaded.clone().ok_or_else(|| {
            fail("load_graph() without a path returns the graph given with --graph, and none was given")
        })
    });
    engine.register_fn("to_string", |g: &mut ScriptGraph| {
        let d = g.graph.document();
        format!(
            "graph ({} actors, {} proposals, {} statements{})",
            d.actors.len(),
            d.proposals.len(),
            d.statements.len(),
            if g.scenario.is_empty() {
                String::new()
            } else {
                format!(", what-if with {} changes", g.scenario.changes().len())
            }
        )
    });
    let stance_at = |g: &mut ScriptGraph,
                     actor: &str,
                     target: &str,
                     as_of: Option<Date>|
     -> Fallible<Dynamic> {
        let (a, t) = (g.actor(actor)?, g.target(target)?);
        let s = g.situation()?;
        Ok(s.stance(&a, &t, as_of)
            .map_or(Dynamic::UNIT, |h| h.stance.as_str().into()))
    };
    engine.register_fn(
        "stance",
        move |g: &mut ScriptGraph, actor: ImmutableString, target: ImmutableString| {
            stance_at(g, &actor, &target, None)
        },
    );
    engine.register_fn(
        "stance",
        move |g: &mut ScriptGraph,
              actor: ImmutableString,
              target: ImmutableString,
              as_of: ImmutableString| {
            stance_at(g, &actor, &target, Some(date(&as_of)?))
        },
    );
    engine.register_fn("scenario", |g: &mut ScriptGraph| ScriptScenario {
        graph: g.graph.clone(),
        scenario: Scenario::new(),
    });
    engine.register_fn(
        "whatif",
        |g: &mut ScriptGraph, s: ScriptScenario| -> Fallible<ScriptGraph> {
            if !Rc::ptr_eq(&g.graph, &s.graph) {
                return Err(fail("this scenario was built for another graph"));
            }
            let mut all = (*g.scenario).clone();
            for c in s.scenario.changes() {
                all.push(c.clone());
            }
            // Refuse a bad scenario here, where it is laid over the graph.
            all.apply(&g.graph).map_err(lib)?;
            Ok(ScriptGraph {
                graph: g.graph.clone(),
                scenario: Rc::new(all),
            })
        },
    );
}

fn register_scenario(engine: &mut Engine) {
    engine.register_type_with_name::<ScriptScenario>("Scenario");
    engine.register_fn("to_string", |s: &mut ScriptScenario| {
        let lines: Vec<String> = s.scenario.changes().iter().map(|c| c.to_string()).collect();
        format!("scenario [{}]", lines.join("; "))
    });
    engine.register_fn(
        "set",
        |s: &mut ScriptScenario, actor: ImmutableString, to: ImmutableString| -> Fallible<()> {
            let st = parse_optional_stance(&to).map_err(lib)?;
            let g = s.graph.clone();
            s.scenario.set_stance(&g, &actor, st, None).map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "set",
        |s: &mut ScriptScenario,
         actor: ImmutableString,
         to: ImmutableString,
         target: ImmutableString|
         -> Fallible<()> {
            let st = parse_optional_stance(&to).map_err(lib)?;
            let g = s.graph.clone();
            s.scenario
                .set_stance(&g, &actor, st, Some(&target))
                .map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "join",
        |s: &mut ScriptScenario, actor: ImmutableString, bloc: ImmutableString| -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario.join(&g, &actor, &bloc).map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "leave",
        |s: &mut ScriptScenario, actor: ImmutableString, bloc: ImmutableString| -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario.leave(&g, &actor, &bloc).map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "influence",
        |s: &mut ScriptScenario, actor: ImmutableString, w: Dynamic| -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario
                .set_influence(&g, &actor, number(w)?)
                .map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "rule",
        |s: &mut ScriptScenario, bloc: ImmutableString, rule: ImmutableString| -> Fallible<()> {
            let g = s.graph.clone();
            let rule = rule.parse::<DecisionRule>().map_err(lib)?;
            s.scenario.set_rule(&g, &bloc, rule).map_err(lib)?;
            Ok(())
        },
    );
    // The command line's change specs, read by the same parser as `whatif`'s flags:
    // `s.change("join", "usa@nato")` is `--join usa@nato`.
    engine.register_fn(
        "change",
        |s: &mut ScriptScenario, kind: ImmutableString, spec: ImmutableString| -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario.parse_change(&g, &kind, &spec).map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "drop_point",
        |s: &mut ScriptScenario, point: ImmutableString| -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario.drop_point(&g, &point).map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "say",
        |s: &mut ScriptScenario,
         actor: ImmutableString,
         st: ImmutableString,
         target: ImmutableString|
         -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario
                .add_statement(&g, &actor, stance(&st)?, &target, None)
                .map_err(lib)?;
            Ok(())
        },
    );
    engine.register_fn(
        "say",
        |s: &mut ScriptScenario,
         actor: ImmutableString,
         st: ImmutableString,
         target: ImmutableString,
         on: ImmutableString|
         -> Fallible<()> {
            let g = s.graph.clone();
            s.scenario
                .add_statement(&g, &actor, stance(&st)?, &target, Some(date(&on)?))
                .map_err(lib)?;
            Ok(())
        },
    );
}

fn matrix_with(g: &ScriptGraph, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(opts, "matrix", &["by", "proposal", "as_of", "all"])?;
    let by = match o.text("by")?.as_deref() {
        None | Some("proposals") => Axis::Proposals,
        Some("points") => Axis::Points,
        Some("claims") => Axis::Claims,
        Some(other) => {
            return Err(fail(format!(
                "`by` is proposals, points or claims, not `{other}`"
            )));
        }
    };
    let opts = MatrixOptions::from_names(
        &g.graph,
        by,
        o.text("proposal")?.as_deref(),
        o.date("as_of")?,
        o.flag("all")?,
    )
    .map_err(lib)?;
    let s = g.situation()?;
    g.answer(Answer::Matrix(query::matrix(&s, &opts).map_err(lib)?))
}

fn blocs_with(g: &ScriptGraph, target: &str, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(opts, "blocs", &["as_of", "bloc"])?;
    let t = g.target(target)?;
    let bloc = o.text("bloc")?.map(|b| g.actor(&b)).transpose()?;
    let s = g.situation()?;
    let a = query::blocs(&s, &t, o.date("as_of")?, bloc.as_ref()).map_err(lib)?;
    g.answer(Answer::Blocs(a))
}

fn support_with(g: &ScriptGraph, target: &str, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(opts, "support", &["as_of", "bloc"])?;
    let t = g.target(target)?;
    let bloc = o.text("bloc")?.map(|b| g.actor(&b)).transpose()?;
    let s = g.situation()?;
    let a = query::support(&s, &t, o.date("as_of")?, bloc.as_ref()).map_err(lib)?;
    g.answer(Answer::Support(a))
}

fn movers_with(g: &ScriptGraph, target: &str, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(opts, "movers", &["bloc", "rule", "threshold", "as_of"])?;
    let t = g.target(target)?;
    let rule = o
        .text("rule")?
        .map(|r| r.parse::<DecisionRule>())
        .transpose()
        .map_err(lib)?;
    let opts = MoversOptions::from_names(
        &g.graph,
        o.text("bloc")?.as_deref(),
        rule,
        o.number("threshold")?,
        o.date("as_of")?,
    )
    .map_err(lib)?;
    let s = g.situation()?;
    g.answer(Answer::Movers(query::movers(&s, &t, &opts).map_err(lib)?))
}

fn diff_with(g: &ScriptGraph, other: Option<&ScriptGraph>, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(opts, "diff", &["from", "to"])?;
    let old = g.situation()?;
    let new = match other {
        Some(other) => other.situation()?,
        None => g.situation()?,
    };
    let (old_label, new_label) = match (other, g.scenario.is_empty()) {
        (Some(_), _) => ("this graph", "the other graph"),
        (None, true) => ("graph", "graph"),
        (None, false) => ("what-if", "what-if"),
    };
    let d = query::diff(
        Side {
            label: old_label,
            situation: &old,
            as_of: o.date("from")?,
        },
        Side {
            label: new_label,
            situation: &new,
            as_of: o.date("to")?,
        },
    );
    g.answer(Answer::Diff(d))
}

fn audit_with(g: &ScriptGraph, opts: &Map) -> Fallible<ScriptAnswer> {
    let o = Opts::new(
        opts,
        "audit",
        &["min_confidence", "actor", "target", "as_of"],
    )?;
    let a = AuditOptions::from_names(
        &g.graph,
        o.number("min_confidence")?,
        o.text("actor")?.as_deref(),
        o.text("target")?.as_deref(),
        o.date("as_of")?,
    )
    .map_err(lib)?;
    let s = g.situation()?;
    g.answer(Answer::Audit(query::audit(&s, &a)))
}

fn register_queries(engine: &mut Engine) {
    engine.register_fn("matrix", |g: &mut ScriptGraph| matrix_with(g, &Map::new()));
    engine.register_fn("matrix", |g: &mut ScriptGraph, o: Map| matrix_with(g, &o));
    let who = |g: &mut ScriptGraph, target: &str, st: &str, as_of: Option<Date>| {
        let t = g.target(target)?;
        let s = g.situation()?;
        let a = query::who(&s, &t, stance(st)?, as_of).map_err(lib)?;
        g.answer(Answer::Who(a))
    };
    engine.register_fn(
        "who",
        move |g: &mut ScriptGraph, t: ImmutableString, st: ImmutableString| who(g, &t, &st, None),
    );
    engine.register_fn(
        "who",
        move |g: &mut ScriptGraph, t: ImmutableString, st: ImmutableString, d: ImmutableString| {
            who(g, &t, &st, Some(date(&d)?))
        },
    );
    engine.register_fn("blocs", |g: &mut ScriptGraph, t: ImmutableString| {
        blocs_with(g, &t, &Map::new())
    });
    engine.register_fn(
        "blocs",
        |g: &mut ScriptGraph, t: ImmutableString, o: Map| blocs_with(g, &t, &o),
    );
    engine.register_fn("support", |g: &mut ScriptGraph, t: ImmutableString| {
        support_with(g, &t, &Map::new())
    });
    engine.register_fn(
        "support",
        |g: &mut ScriptGraph, t: ImmutableString, o: Map| support_with(g, &t, &o),
    );
    engine.register_fn("movers", |g: &mut ScriptGraph, t: ImmutableString| {
        movers_with(g, &t, &Map::new())
    });
    engine.register_fn(
        "movers",
        |g: &mut ScriptGraph, t: ImmutableString, o: Map| movers_with(g, &t, &o),
    );
    engine.register_fn(
        "timeline",
        |g: &mut ScriptGraph, subject: ImmutableString| -> Fallible<ScriptAnswer> {
            let s = g.situation()?;
            let subject = Subject::resolve(&s, &subject).map_err(lib)?;
            let a = query::timeline(&s, &subject).map_err(lib)?;
            g.answer(Answer::Timeline(a))
        },
    );
    engine.register_fn("diff", |g: &mut ScriptGraph, other: ScriptGraph| {
        diff_with(g, Some(&other), &Map::new())
    });
    engine.register_fn("diff", |g: &mut ScriptGraph, other: ScriptGraph, o: Map| {
        diff_with(g, Some(&other), &o)
    });
    engine.register_fn("diff", |g: &mut ScriptGraph, o: Map| diff_with(g, None, &o));
    engine.register_fn("audit", |g: &mut ScriptGraph| audit_with(g, &Map::new()));
    engine.register_fn("audit", |g: &mut ScriptGraph, o: Map| audit_with(g, &o));
    engine.register_fn(
        "compare",
        |base: ScriptAnswer, whatif: ScriptAnswer| -> Fallible<ScriptAnswer> {
            let (Shown::Answer(b), Shown::Answer(w)) = (base.shown.as_ref(), whatif.shown.as_ref())
            else {
                return Err(fail("compare takes two query answers"));
            };
            if b.name() != w.name() {
                return Err(fail(format!(
                    "cannot compare a {} answer with a {} answer",
                    b.name(),
                    w.name()
                )));
            }
            let c = Comparison::new(whatif.changes.to_vec(), (**b).clone(), (**w).clone());
            ScriptAnswer::new(Shown::Comparison(Box::new(c)), whatif.changes.to_vec())
        },
    );
}

fn register_answer(engine: &mut Engine) {
    engine.register_type_with_name::<ScriptAnswer>("Answer");
    // `print` adds its own line end.
    engine.register_fn("to_string", |a: &mut ScriptAnswer| {
        a.table().trim_end().to_owned()
    });
    engine.register_fn("to_debug", |a: &mut ScriptAnswer| {
        a.table().trim_end().to_owned()
    });
    engine.register_fn("to_json", |a: &mut ScriptAnswer| a.json());
    engine.register_fn("to_map", |a: &mut ScriptAnswer| (*a.data).clone());
    engine.register_indexer_get(|a: &mut ScriptAnswer, key: ImmutableString| a.field(&key));
}
