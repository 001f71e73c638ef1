//! `diff`: what changed between two versions of a graph (two files, one graph at
//! two dates, or a base and a scenario): statements added, removed or edited, and
//! the effective stances that changed as a result.

use std::collections::HashMap;

use serde::Serialize;

use super::{Table, ser, show};
use crate::model::{ActorId, Date, Stance, Statement, StatementId, Target};
use crate::scenario::Situation;

/// One side of a diff: a situation read as of a date, with a label for output.
#[derive(Clone, Copy, Debug)]
pub struct Side<'s, 'g> {
    /// What to call it (a file name, `base`, `what-if`).
    pub label: &'s str,
    /// The graph, or graph and scenario.
    pub situation: &'s Situation<'g>,
    /// Only statements up to this date (undated ones always count).
    pub as_of: Option<Date>,
}

/// What changed from an old version to a new one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// The old side's label.
    pub old: String,
    /// The old side's date.
    pub old_as_of: Option<Date>,
    /// The new side's label.
    pub new: String,
    /// The new side's date.
    pub new_as_of: Option<Date>,
    /// Statements only the new side has.
    pub added: Vec<StatementRow>,
    /// Statements only the old side has.
    pub removed: Vec<StatementRow>,
    /// Statements both have under the same id, with different content (as the new
    /// side has them).
    pub edited: Vec<StatementRow>,
    /// Effective stances that differ.
    pub stances: Vec<StanceChange>,
}

/// A statement, in brief.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementRow {
    /// Its id.
    pub id: StatementId,
    /// The speaker.
    pub actor: ActorId,
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The stance.
    #[serde(serialize_with = "ser::stance")]
    pub stance: Stance,
    /// Its date.
    pub date: Option<Date>,
    /// Its quote.
    pub quote: Option<String>,
}

impl StatementRow {
    fn of(id: &StatementId, s: &Statement) -> Self {
        Self {
            id: id.clone(),
            actor: s.actor.clone(),
            target: s.target.clone(),
            stance: s.stance,
            date: s.date,
            quote: s.evidence.as_ref().map(|e| e.quote.clone()),
        }
    }
}

/// An effective stance that differs between the two sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StanceChange {
    /// Whose.
    pub actor: ActorId,
    /// On what.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// On the old side (`None`: no stance).
    #[serde(serialize_with = "ser::opt_stance")]
    pub from: Option<Stance>,
    /// On the new side.
    #[serde(serialize_with = "ser::opt_stance")]
    pub to: Option<Stance>,
}

/// The statements a side shows: its own, up to its date.
fn visible<'a>(side: &'a Side) -> impl Iterator<Item = (&'a StatementId, &'a Statement)> {
    let as_of = side.as_of;
    side.situation
        .statements()
        .filter(move |(_, s)| side.situation.graph().document().counts_as_of(s, as_of))
}

/// What changed from `old` to `new`.
pub fn diff(old: Side, new: Side) -> Diff {
    let before: HashMap<&StatementId, &Statement> = visible(&old).collect();
    let after: HashMap<&StatementId, &Statement> = visible(&new).collect();
    let added = visible(&new)
        .filter(|(id, _)| !before.contains_key(id))
        .map(|(id, s)| StatementRow::of(id, s))
        .collect();
    let removed = visible(&old)
        .filter(|(id, _)| !after.contains_key(id))
        .map(|(id, s)| StatementRow::of(id, s))
        .collect();
    let edited = visible(&new)
        .filter(|(id, s)| before.get(id).is_some_and(|b| b != s))
        .map(|(id, s)| StatementRow::of(id, s))
        .collect();
    let was = old.situation.effective(old.as_of);
    let is = new.situation.effective(new.as_of);
    let mut stances = Vec::new();
    for (key, h) in &was {
        let now = is.get(key).map(|h| h.stance);
        if now != Some(h.stance) {
            stances.push(StanceChange {
                actor: key.0.clone(),
                target: key.1.clone(),
                from: Some(h.stance),
                to: now,
            });
        }
    }
    for (key, h) in &is {
        if !was.contains_key(key) {
            stances.push(StanceChange {
                actor: key.0.clone(),
                target: key.1.clone(),
                from: None,
                to: Some(h.stance),
            });
        }
    }
    Diff {
        old: old.label.to_owned(),
        old_as_of: old.as_of,
        new: new.label.to_owned(),
        new_as_of: new.as_of,
        added,
        removed,
        edited,
        stances,
    }
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.edited.is_empty()
            && self.stances.is_empty()
    }

    /// The answer as tables: statements, then stances.
    pub fn table(&self) -> String {
        let side = |label: &str, d: Option<Date>| match d {
            Some(d) => format!("{label} as of {d}"),
            None => label.to_owned(),
        };
        let mut out = format!(
            "From {} to {}\n\n",
            side(&self.old, self.old_as_of),
            side(&self.new, self.new_as_of)
        );
        let mut t = Table::new(
            "Statements",
            &["change", "id", "actor", "target", "stance", "date"],
        )
        .when_empty("(no statement added, removed or edited)");
        for (what, rows) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("edited", &self.edited),
        ] {
            for r in rows {
                t.row(vec![
                    what.into(),
                    r.id.to_string(),
                    r.actor.to_string(),
                    r.target.to_string(),
                    r.stance.to_string(),
                    r.date.map_or("undated".into(), |d| d.to_string()),
                ]);
            }
        }
        out.push_str(&t.render());
        let mut s = Table::new("\nEffective stances", &["actor", "target", "from", "to"])
            .when_empty("(no effective stance changed)");
        for c in &self.stances {
            s.row(vec![
                c.actor.to_string(),
                c.target.to_string(),
                show(c.from).into(),
                show(c.to).into(),
            ]);
        }
        out.push_str(&s.render());
        out
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (what, rows) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("edited", &self.edited),
        ] {
            for r in rows {
                out.push((format!("statement {}", r.id), what.to_owned()));
            }
        }
        for c in &self.stances {
            out.push((
                format!("{} on {}", c.actor, c.target),
                format!("{} -> {}", show(c.from), show(c.to)),
            ));
        }
        out
    }
}
