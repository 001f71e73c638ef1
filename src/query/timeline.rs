//! `timeline`: how an actor's stances, or the stances on a target, changed over
//! time, each change with the statement that made it.
//!
//! The walk re-asks [`StanceGraph::stance_of`](crate::StanceGraph::stance_of) at
//! each date a statement was made, so a timeline can never disagree with the
//! effective stance: a statement is placed on its date, else on its source's
//! publication date (the day it was known by, as `--as-of` reads it); undated
//! statements come first (they rank below dated ones), and a statement that
//! restates the stance already held is not a change.

use std::collections::BTreeSet;

use indexmap::IndexSet;
use serde::Serialize;

use super::{Grounds, GroundsKind, Table, ser, show};
use crate::error::{Error, Result};
use crate::model::{ActorId, Date, Stance, Target};
use crate::scenario::{Situation, find_target};

/// What a timeline follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Every target the actor has a stance on.
    Actor(ActorId),
    /// Every actor with a stance on the target.
    Target(Target),
}

impl Subject {
    /// Reads a name: an actor (id, name or alias) first, then a target.
    pub fn resolve(situation: &Situation, name: &str) -> Result<Self> {
        let g = situation.graph();
        let target =
            |name: &str| find_target(g, name).map(|t| situation.has_target(&t).then_some(t));
        if let Some(a) = name.strip_prefix("actor:").and_then(|n| g.resolve_actor(n)) {
            return Ok(Subject::Actor(a.clone()));
        }
        if let Some(rest) = name.strip_prefix("target:")
            && let Some(t) = target(rest)?
        {
            return Ok(Subject::Target(t));
        }
        let target = match target(name) {
            Ok(t) => t,
            Err(Error::UnknownTarget(_)) => None,
            Err(e) => return Err(e),
        };
        match (g.resolve_actor(name), target) {
            (Some(a), Some(t)) => Err(Error::Usage(format!(
                "`{name}` names both the actor `{a}` and the target `{t}`; write `actor:{name}` or `target:{name}`"
            ))),
            (Some(a), None) => Ok(Subject::Actor(a.clone())),
            (None, Some(t)) => Ok(Subject::Target(t)),
            (None, None) => Err(Error::Usage(format!(
                "no actor or target `{name}` in the graph (use an id, name or alias)"
            ))),
        }
    }
}

/// Stance changes over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The actor or target followed.
    pub subject: String,
    /// `actor` or `target`.
    pub subject_kind: &'static str,
    /// The changes, undated first, then by date.
    pub entries: Vec<TimelineEntry>,
}

/// One change of an effective stance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// When (`None`: undated, or the scenario's setting).
    pub date: Option<Date>,
    /// Whose stance.
    pub actor: ActorId,
    /// On what.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The stance before (`None`: none yet).
    #[serde(serialize_with = "ser::opt_stance")]
    pub from: Option<Stance>,
    /// The stance after (`None` only when a scenario withdraws it).
    #[serde(serialize_with = "ser::opt_stance")]
    pub to: Option<Stance>,
    /// The statement (or proponent, or scenario) behind the change.
    pub grounds: Grounds,
}

/// Below every real date, so that asking "as of" it sees undated statements only.
const BEFORE_ALL: Date = Date {
    year: 0,
    month: 0,
    day: 0,
};

/// The stance changes of an actor, or on a target.
pub fn timeline(situation: &Situation, subject: &Subject) -> Result<Timeline> {
    let g = situation.graph();
    let mut pairs: IndexSet<(ActorId, Target)> = IndexSet::new();
    let (name, kind) = match subject {
        Subject::Actor(a) => {
            if g.actor(a).is_none() {
                return Err(Error::UnknownActor(a.to_string()));
            }
            for (_, s) in g.statements_for(a) {
                pairs.insert((a.clone(), s.target.clone()));
            }
            for (pid, p) in g.proposals() {
                if p.proponent.as_ref() == Some(a) {
                    pairs.insert((a.clone(), Target::Proposal(pid.clone())));
                }
            }
            (a.to_string(), "actor")
        }
        Subject::Target(t) => {
            super::require_target(situation, t)?;
            for (_, s) in g.statements_on(t) {
                pairs.insert((s.principal().clone(), t.clone()));
            }
            if let Target::Proposal(pid) = t
                && let Some(a) = g.proposal(pid).and_then(|p| p.proponent.as_ref())
            {
                pairs.insert((a.clone(), t.clone()));
            }
            (t.to_string(), "target")
        }
    };
    let mut entries = Vec::new();
    for (actor, target) in &pairs {
        if situation.has_target(target) {
            entries.extend(changes_of(situation, actor, target));
        }
    }
    // Changes set by the scenario close each pair's history.
    if !situation.changes().is_empty() {
        let set_pairs = situation.changes().iter().filter_map(|c| match c {
            crate::scenario::Change::SetStance { actor, target, .. } => {
                Some((actor.clone(), target.clone()))
            }
            _ => None,
        });
        let wanted = |(a, t): &(ActorId, Target)| match subject {
            Subject::Actor(x) => a == x,
            Subject::Target(x) => t == x,
        };
        for (actor, target) in set_pairs.filter(wanted).collect::<IndexSet<_>>() {
            let before = situation.stated(&actor, &target, None).map(|h| h.stance);
            let after = situation.setting(&actor, &target).flatten();
            if before != after {
                entries.push(TimelineEntry {
                    date: None,
                    actor,
                    target,
                    from: before,
                    to: after,
                    grounds: Grounds::bare(GroundsKind::Scenario),
                });
            }
        }
    }
    // Undated first, then by date; within a date the pairs keep their order. The
    // scenario's settings come last of all.
    let actors = &g.document().actors;
    let rank = |e: &TimelineEntry| {
        (
            e.grounds.kind == GroundsKind::Scenario,
            e.date,
            actors.get_index_of(&e.actor),
        )
    };
    entries.sort_by_key(rank);
    Ok(Timeline {
        subject: name,
        subject_kind: kind,
        entries,
    })
}

/// The changes of one actor's stance on one target, as its statements say.
fn changes_of(situation: &Situation, actor: &ActorId, target: &Target) -> Vec<TimelineEntry> {
    let g = situation.graph();
    let dates: BTreeSet<Date> = g
        .statements_for(actor)
        .into_iter()
        .filter(|(_, s)| &s.target == target)
        .filter_map(|(_, s)| g.document().known_by(s))
        .collect();
    let steps = std::iter::once(None).chain(dates.into_iter().map(Some));
    let mut out = Vec::new();
    let mut was: Option<Stance> = None;
    for step in steps {
        let Some(held) = situation.stated(actor, target, Some(step.unwrap_or(BEFORE_ALL))) else {
            continue;
        };
        if Some(held.stance) == was {
            continue;
        }
        out.push(TimelineEntry {
            date: step,
            actor: actor.clone(),
            target: target.clone(),
            from: was,
            to: Some(held.stance),
            grounds: Grounds::of(situation, &held),
        });
        was = Some(held.stance);
    }
    out
}

impl Timeline {
    /// The answer as a table.
    pub fn table(&self) -> String {
        let mut t = Table::new(
            format!("Stance changes of {} {}", self.subject_kind, self.subject),
            &["date", "actor", "target", "from", "to", "grounds"],
        )
        .when_empty("(no stances)");
        for e in &self.entries {
            t.row(vec![
                match (e.date, e.grounds.kind) {
                    (_, GroundsKind::Scenario) => "what-if".into(),
                    (Some(d), _) => d.to_string(),
                    (None, _) => "undated".into(),
                },
                e.actor.to_string(),
                e.target.to_string(),
                show(e.from).into(),
                show(e.to).into(),
                e.grounds.summary(),
            ]);
        }
        t.render()
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .map(|e| {
                let when = match (e.date, e.grounds.kind) {
                    (_, GroundsKind::Scenario) => "what-if".to_owned(),
                    (Some(d), _) => d.to_string(),
                    (None, _) => "undated".to_owned(),
                };
                (
                    format!("{} on {} ({when})", e.actor, e.target),
                    format!("{} -> {}", show(e.from), show(e.to)),
                )
            })
            .collect()
    }
}
