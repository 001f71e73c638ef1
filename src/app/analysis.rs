//! `query`, `whatif` and `run`: the analysis commands, on top of
//! [`crate::query`], [`crate::scenario`] and [`crate::script`].

use std::io::Write;

use crate::cli::{
    MatrixAxis, QueryArgs, QueryCommand, ReportFormat, RunArgs, WhatifArgs, WhatifQuery,
};
use crate::graph::StanceGraph;
use crate::model::{ActorId, Date, Target};
use crate::query::{
    self, Answer, AuditOptions, Axis, Comparison, MatrixOptions, MoversOptions, Side, Subject,
};
use crate::scenario::{Change, Scenario, Situation, find_actor, find_target, only_proposal};
use crate::script::{self, ScriptOptions};
use crate::{Error, Result};

use super::Outcome;

fn stdout(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}

fn write(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes()).map_err(stdout)
}

fn axis(by: MatrixAxis) -> Axis {
    match by {
        MatrixAxis::Proposals => Axis::Proposals,
        MatrixAxis::Points => Axis::Points,
        MatrixAxis::Claims => Axis::Claims,
    }
}

fn actor(g: &StanceGraph, name: Option<String>) -> Result<Option<ActorId>> {
    name.map(|n| find_actor(g, &n)).transpose()
}

/// `stancegraph query GRAPH <QUERY> ...`
pub fn query(args: QueryArgs, out: &mut dyn Write) -> Result<Outcome> {
    let g = StanceGraph::load(&args.graph)?;
    let path = args.graph.clone();
    query_graph(&g, args, out).map_err(|e| e.in_graph(&path))
}

fn query_graph(g: &StanceGraph, args: QueryArgs, out: &mut dyn Write) -> Result<Outcome> {
    let base = Situation::base(g);
    let answer = match args.query {
        QueryCommand::Matrix {
            by,
            proposal: p,
            as_of,
            all,
        } => {
            let opts = MatrixOptions::from_names(g, axis(by), p.as_deref(), as_of, all)?;
            Answer::Matrix(query::matrix(&base, &opts)?)
        }
        QueryCommand::Who {
            target,
            stance,
            as_of,
        } => Answer::Who(query::who(&base, &find_target(g, &target)?, stance, as_of)?),
        QueryCommand::Blocs {
            target,
            bloc,
            as_of,
        } => {
            let bloc = actor(g, bloc)?;
            let t = find_target(g, &target)?;
            Answer::Blocs(query::blocs(&base, &t, as_of, bloc.as_ref())?)
        }
        QueryCommand::Support {
            target,
            bloc,
            as_of,
        } => {
            let bloc = actor(g, bloc)?;
            let t = find_target(g, &target)?;
            Answer::Support(query::support(&base, &t, as_of, bloc.as_ref())?)
        }
        QueryCommand::Movers {
            target,
            bloc,
            rule,
            threshold,
            as_of,
        } => {
            let opts = MoversOptions::from_names(g, bloc.as_deref(), rule, threshold, as_of)?;
            Answer::Movers(query::movers(&base, &find_target(g, &target)?, &opts)?)
        }
        QueryCommand::Timeline { subject } => {
            Answer::Timeline(query::timeline(&base, &Subject::resolve(&base, &subject)?)?)
        }
        QueryCommand::Diff { other, from, to } => {
            let newer = other.as_ref().map(StanceGraph::load).transpose()?;
            if newer.is_none() && from == to {
                return Err(Error::Usage(
                    "diff needs a second graph file, or --from and --to dates that differ".into(),
                ));
            }
            let new_base = newer.as_ref().map(Situation::base);
            let old_label = args.graph.display().to_string();
            let new_label = other
                .as_ref()
                .map_or(old_label.clone(), |p| p.display().to_string());
            Answer::Diff(query::diff(
                Side {
                    label: &old_label,
                    situation: &base,
                    as_of: from,
                },
                Side {
                    label: &new_label,
                    situation: new_base.as_ref().unwrap_or(&base),
                    as_of: to,
                },
            ))
        }
        QueryCommand::Audit {
            min_confidence,
            actor: who,
            target,
            as_of,
        } => {
            let opts = AuditOptions::from_names(
                g,
                Some(min_confidence),
                who.as_deref(),
                target.as_deref(),
                as_of,
            )?;
            Answer::Audit(query::audit(&base, &opts))
        }
    };
    match args.format {
        ReportFormat::Table => answer.write_table(out).map_err(stdout)?,
        ReportFormat::Json => answer.write_json(out)?,
    }
    Ok(Outcome::Success)
}

/// The target a what-if's query is about: `--target`, else the one target its
/// changes name, else the graph's only proposal.
fn whatif_target(g: &StanceGraph, named: Option<&str>, scenario: &Scenario) -> Result<Target> {
    if let Some(t) = named {
        return find_target(g, t);
    }
    let mut targets: Vec<&Target> = Vec::new();
    for c in scenario.changes() {
        let t = match c {
            Change::SetStance { target, .. } => target,
            Change::AddStatement { statement, .. } => &statement.target,
            _ => continue,
        };
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    match targets.as_slice() {
        [one] => Ok((*one).clone()),
        [] => only_proposal(g)
            .map_err(|_| Error::Usage("name the target of the query with --target".into())),
        _ => Err(Error::Usage(
            "the changes name several targets; say which to query with --target".into(),
        )),
    }
}

/// `stancegraph whatif GRAPH --set ACTOR=STANCE[@TARGET] ...`
pub fn whatif(args: WhatifArgs, out: &mut dyn Write) -> Result<Outcome> {
    let g = StanceGraph::load(&args.graph)?;
    let changes = args.changes();
    if changes.is_empty() {
        return Err(Error::Usage(
            "give at least one change: --set, --say, --join, --leave, --influence, --rule or --drop-point"
                .into(),
        ));
    }
    whatif_graph(&g, &args, &changes, out).map_err(|e| e.in_graph(&args.graph))
}

fn whatif_graph(
    g: &StanceGraph,
    args: &WhatifArgs,
    changes: &[(String, String)],
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut scenario = Scenario::new();
    for (kind, value) in changes {
        scenario.parse_change(g, kind, value)?;
    }
    let base = Situation::base(g);
    let changed = scenario.apply(g)?;
    let bloc = actor(g, args.bloc.clone())?;
    let as_of: Option<Date> = args.as_of;
    let target = match args.query {
        WhatifQuery::Matrix => None,
        _ => Some(whatif_target(g, args.target.as_deref(), &scenario)?),
    };
    let ask = |s: &Situation| -> Result<Answer> {
        let t = || {
            target
                .as_ref()
                .ok_or_else(|| Error::Usage("name the target with --target".into()))
        };
        Ok(match args.query {
            WhatifQuery::Matrix => Answer::Matrix(query::matrix(
                s,
                &MatrixOptions {
                    as_of,
                    ..MatrixOptions::default()
                },
            )?),
            WhatifQuery::Blocs => Answer::Blocs(query::blocs(s, t()?, as_of, bloc.as_ref())?),
            WhatifQuery::Support => Answer::Support(query::support(s, t()?, as_of, bloc.as_ref())?),
            WhatifQuery::Movers => Answer::Movers(query::movers(
                s,
                t()?,
                &MoversOptions {
                    bloc: bloc.clone(),
                    rule: None,
                    as_of,
                },
            )?),
        })
    };
    let comparison = Comparison::new(scenario.changes().to_vec(), ask(&base)?, ask(&changed)?);
    match args.format {
        ReportFormat::Table => write(out, &comparison.table())?,
        ReportFormat::Json => comparison.write_json(out)?,
    }
    Ok(Outcome::Success)
}

/// `stancegraph run SCRIPT.rhai [--graph GRAPH.ron]`
pub fn run(args: RunArgs, out: &mut dyn Write) -> Result<Outcome> {
    let opts = ScriptOptions {
        graph: args.graph,
        max_operations: args.max_operations,
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        max_graph_bytes: args.max_graph_mb.saturating_mul(1024 * 1024),
        allow: args.allow_dir,
    };
    script::run_script(&args.script, &opts, out)?;
    Ok(Outcome::Success)
}

/// A command line of `query` or `whatif` parsed on its own, for callers that hold
/// the graph in memory (the Python bindings).
#[derive(clap::Parser)]
#[command(name = "stancegraph", no_binary_name = true)]
enum Line {
    Query(QueryArgs),
    Whatif(WhatifArgs),
}

/// Parses `words` as the rest of a command line after `stancegraph` (`query -
/// who us-28-point-plan support`), with `--format json` added.
fn parse_line(words: &[String]) -> Result<Line> {
    use clap::Parser;
    let words = words
        .iter()
        .cloned()
        .chain(["--format".into(), "json".into()]);
    Line::try_parse_from(words).map_err(|e| Error::Usage(e.render().to_string().trim().to_owned()))
}

/// The JSON answer of `stancegraph query GRAPH ARGS... --format json` on `g`, with
/// the command line's own parsing and errors: `args` are what follows the graph,
/// `label` names the graph where an answer does (`diff`).
pub fn query_json(g: &StanceGraph, label: &str, args: &[String]) -> Result<String> {
    let mut words = vec!["query".to_owned(), label.to_owned()];
    words.extend(args.iter().cloned());
    let Line::Query(parsed) = parse_line(&words)? else {
        return Err(Error::Usage("not a query".into()));
    };
    let mut out = Vec::new();
    query_graph(g, parsed, &mut out)?;
    String::from_utf8(out).map_err(|e| Error::Encode(e.to_string()))
}

/// The JSON answer of `stancegraph whatif GRAPH ARGS... --format json` on `g`.
pub fn whatif_json(g: &StanceGraph, label: &str, args: &[String]) -> Result<String> {
    let mut words = vec!["whatif".to_owned(), label.to_owned()];
    words.extend(args.iter().cloned());
    let Line::Whatif(parsed) = parse_line(&words)? else {
        return Err(Error::Usage("not a what-if".into()));
    };
    let changes = parsed.changes();
    if changes.is_empty() {
        return Err(Error::Usage("give at least one change".into()));
    }
    let mut out = Vec::new();
    whatif_graph(g, &parsed, &changes, &mut out)?;
    String::from_utf8(out).map_err(|e| Error::Encode(e.to_string()))
}
