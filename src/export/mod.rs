//! Exports of a graph: Graphviz DOT for pictures, JSON for other programs,
//! GraphML for network tools, Cypher and CSV for graph databases, an HTML page to
//! explore the map in a browser.
//!
//! Every export shares one [`View`]: which actors, targets and statements an export
//! shows, after the `--proposal`, `--as-of` and `--focus` options. GraphML, Cypher
//! and CSV also share the view's property graph (`network`).

mod cypher;
mod dot;
mod graphml;
mod html;
mod json;
mod network;

use std::collections::HashSet;

use crate::graph::{Effective, StanceGraph};
use crate::model::{ActorId, Date, ProposalId, Relation, Statement, StatementId, Target};
use crate::{Error, Result};

pub use cypher::{export_csv, export_cypher};
pub use dot::export_dot;
pub use graphml::export_graphml;
pub use html::export_html;
pub(crate) use json::write_pretty as write_pretty_json;
pub use json::{JsonDocument, export_json, statement_json, write_export_json};

/// What an export shows.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Only this proposal, its points, and the actors with a stance on them.
    pub proposal: Option<ProposalId>,
    /// Stances as of this date: later statements are left out.
    pub as_of: Option<Date>,
    /// Only this actor, the actors it belongs to and those that belong to it, and the
    /// targets they have stances on.
    pub focus: Option<ActorId>,
}

/// The selection an export draws or writes, in file order.
#[derive(Debug)]
pub struct View {
    /// Actors shown.
    pub actors: Vec<ActorId>,
    /// Targets shown (proposals, points, claims).
    pub targets: Vec<Target>,
    /// Statements shown.
    pub statements: Vec<StatementId>,
    /// Effective stances between shown actors and shown targets.
    pub effective: Vec<((ActorId, Target), Effective)>,
}

impl View {
    /// Applies `opts` to `graph`. Unknown ids in the options are an error.
    pub fn new(graph: &StanceGraph, opts: &ExportOptions) -> Result<Self> {
        let doc = graph.document();
        if let Some(p) = &opts.proposal
            && !doc.proposals.contains_key(p)
        {
            return Err(Error::UnknownTarget(p.to_string()));
        }
        if let Some(a) = &opts.focus
            && !doc.actors.contains_key(a)
        {
            return Err(Error::UnknownActor(a.to_string()));
        }
        let in_proposal = |t: &Target| match (&opts.proposal, t) {
            (None, _) => true,
            (Some(p), Target::Proposal(q)) => p == q,
            (Some(p), Target::Point(q)) => p == &q.proposal,
            (Some(_), Target::Claim(_)) => false,
        };
        let dated_ok = |s: &Statement| doc.counts_as_of(s, opts.as_of);
        // The actors in view before looking at statements.
        let circle: Option<HashSet<&ActorId>> = opts.focus.as_ref().map(|f| related(graph, f));
        let effective: Vec<((ActorId, Target), Effective)> = graph
            .effective_stances(opts.as_of)
            .into_iter()
            .filter(|((a, t), _)| in_proposal(t) && circle.as_ref().is_none_or(|c| c.contains(a)))
            .collect();
        let mut targets: Vec<Target> = Vec::new();
        for (pid, p) in &doc.proposals {
            targets.push(Target::Proposal(pid.clone()));
            for n in p.points.keys() {
                targets.push(Target::Point(crate::model::PointId::new(pid.clone(), *n)));
            }
        }
        targets.extend(doc.claims.keys().map(|c| Target::Claim(c.clone())));
        targets.retain(|t| in_proposal(t));
        if opts.focus.is_some() {
            let touched: HashSet<&Target> = effective.iter().map(|((_, t), _)| t).collect();
            targets.retain(|t| touched.contains(t));
        }
        let target_set: HashSet<&Target> = targets.iter().collect();
        let statements: Vec<StatementId> = doc
            .statements
            .iter()
            .filter(|(_, s)| dated_ok(s) && target_set.contains(&s.target))
            .filter(|(_, s)| {
                circle
                    .as_ref()
                    .is_none_or(|c| c.contains(s.principal()) || c.contains(&s.actor))
            })
            .map(|(id, _)| id.clone())
            .collect();
        let actors: Vec<ActorId> = match (&circle, &opts.proposal) {
            (Some(c), _) => doc
                .actors
                .keys()
                .filter(|a| c.contains(a))
                .cloned()
                .collect(),
            (None, Some(_)) => {
                // The actors with a stance on the proposal, and the actors they sit in.
                let mut keep: HashSet<&ActorId> = HashSet::new();
                for ((a, _), _) in &effective {
                    keep.extend(ancestors(graph, a));
                }
                for s in &statements {
                    if let Some(st) = doc.statements.get(s) {
                        keep.extend(ancestors(graph, &st.actor));
                    }
                }
                doc.actors
                    .keys()
                    .filter(|a| keep.contains(a))
                    .cloned()
                    .collect()
            }
            (None, None) => doc.actors.keys().cloned().collect(),
        };
        Ok(Self {
            actors,
            targets,
            statements,
            effective,
        })
    }
}

/// The parents of an actor by containment ties (member of, holds office in, leads),
/// first tie first, the actor itself included, stopping at any loop.
pub(crate) fn ancestors<'g>(graph: &'g StanceGraph, actor: &ActorId) -> Vec<&'g ActorId> {
    let mut out: Vec<&ActorId> = Vec::new();
    let mut todo: Vec<&ActorId> = graph
        .document()
        .actors
        .get_key_value(actor)
        .map(|(k, _)| k)
        .into_iter()
        .collect();
    while let Some(a) = todo.pop() {
        if out.contains(&a) {
            continue;
        }
        out.push(a);
        if let Some(actor) = graph.actor(a) {
            todo.extend(
                actor
                    .affiliations
                    .iter()
                    .filter(|f| f.rel.is_containment())
                    .filter_map(|f| {
                        graph
                            .document()
                            .actors
                            .get_key_value(&f.actor)
                            .map(|(k, _)| k)
                    }),
            );
        }
    }
    out
}

/// The focus actor, everything it sits in, everything that sits in it, and its
/// spokespeople.
fn related<'g>(graph: &'g StanceGraph, focus: &ActorId) -> HashSet<&'g ActorId> {
    let mut set: HashSet<&ActorId> = ancestors(graph, focus).into_iter().collect();
    let doc = graph.document();
    // Members, transitively: repeat until nothing new joins.
    let mut inside: HashSet<&ActorId> = doc
        .actors
        .get_key_value(focus)
        .map(|(k, _)| k)
        .into_iter()
        .collect();
    loop {
        let before = inside.len();
        for (id, a) in &doc.actors {
            let joins = a.affiliations.iter().any(|f| {
                inside.contains(&f.actor)
                    && (f.rel.is_containment() || f.rel == Relation::SpeaksFor)
            });
            if joins {
                inside.insert(id);
            }
        }
        if inside.len() == before {
            break;
        }
    }
    set.extend(inside);
    set
}
