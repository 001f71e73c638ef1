//! Questions an analyst asks of a graph: who stands where, how blocs line up, who
//! would have to move, what changed, and which conclusions rest on thin evidence.
//!
//! Each query is a function over a [`Situation`] (the base graph, or the base seen
//! through a what-if [`Scenario`](crate::Scenario)) that returns plain data: a
//! struct that serialises to the JSON documented in the README, and that renders
//! as a table. [`Answer`] gathers them so that callers (the CLI, scripts) can treat
//! every query alike, and [`compare`] lines up the same query on the base and on a
//! scenario to show what the scenario changes.

mod audit;
mod blocs;
mod diff;
mod matrix;
mod movers;
mod support;
mod timeline;
mod who;

use std::fmt::Write as _;
use std::io::{self, Write};

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::model::{Date, DecisionRule, SourceId, Stance, StatementId, Target};
use crate::scenario::{Basis, Change, Held, Situation};

pub use audit::{Audit, AuditOptions, Flag, FlaggedConclusion, FlaggedStatement, audit};
pub use blocs::{BlocBoard, BlocStanding, Blocs, Verdict, blocs};
pub use diff::{Diff, Side, StanceChange, StatementRow, diff};
pub use matrix::{Axis, Matrix, MatrixOptions, MatrixRow, matrix};
pub use movers::{
    BlocMovers, EXACT_LIMIT, Method, Mover, Movers, MoversOptions, Outcome, movers, movers_on,
};
pub use support::{Support, SupportTally, support};
pub use timeline::{Subject, Timeline, TimelineEntry, timeline};
pub use who::{Holder, Who, who};

/// The names of the queries, as the CLI and scripts write them.
pub const QUERY_NAMES: [&str; 8] = [
    "matrix", "who", "blocs", "support", "movers", "timeline", "diff", "audit",
];

/// Shares are compared with this slack, so that influence sums that drift in the
/// last bits (0.1 + 0.2) still meet a threshold they meet on paper.
pub(crate) const EPSILON: f64 = 1e-9;

/// The weighted rule for a threshold given on its own (`--threshold 0.6`), a share
/// of influence from 0 to 1.
pub fn threshold_rule(share: f64) -> Result<DecisionRule> {
    if (0.0..=1.0).contains(&share) {
        Ok(DecisionRule::Weighted(share))
    } else {
        Err(Error::Usage(format!(
            "invalid threshold `{share}`: a threshold is a share of influence from 0 to 1"
        )))
    }
}

/// Reads a threshold from the command line: a number from 0 to 1.
pub fn parse_threshold(text: &str) -> Result<f64> {
    let share: f64 = text.trim().parse().map_err(|_| {
        Error::Usage(format!(
            "invalid threshold `{text}`: a threshold is a share of influence from 0 to 1, such as 0.6"
        ))
    })?;
    threshold_rule(share)?;
    Ok(share)
}

/// Writes a stance as JSON does (`non-starter`), or `-` for none, for tables.
pub(crate) fn show(stance: Option<Stance>) -> &'static str {
    stance.map_or("-", |s| s.as_str())
}

/// Serde helpers: stances and targets as the JSON contract writes them.
pub(crate) mod ser {
    use serde::Serializer;

    use crate::model::{Stance, Target};

    pub fn stance<S: Serializer>(s: &Stance, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.as_str())
    }

    pub fn opt_stance<S: Serializer>(s: &Option<Stance>, ser: S) -> Result<S::Ok, S::Error> {
        match s {
            Some(s) => ser.serialize_str(s.as_str()),
            None => ser.serialize_none(),
        }
    }

    pub fn target<S: Serializer>(t: &Target, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(t)
    }

    pub fn rule<S: Serializer>(r: &crate::model::DecisionRule, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(&r.to_string())
    }
}

/// What an effective stance rests on, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grounds {
    /// Statement, hypothetical statement, proponent, or scenario setting.
    pub kind: GroundsKind,
    /// The winning statement, when a statement decides.
    pub statement: Option<StatementId>,
    /// Its date.
    pub date: Option<Date>,
    /// Its quote.
    pub quote: Option<String>,
    /// Its source.
    pub source: Option<SourceId>,
}

/// The kinds of [`Grounds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroundsKind {
    /// A statement in the graph.
    Statement,
    /// A statement the scenario added.
    Hypothetical,
    /// The actor put the proposal forward.
    Proponent,
    /// The scenario sets the stance.
    Scenario,
}

impl Grounds {
    /// The grounds of a held stance in a situation.
    pub fn of(situation: &Situation, held: &Held) -> Self {
        match &held.basis {
            Basis::Statement(id) => Self::statement(situation, id),
            Basis::Proponent => Self::bare(GroundsKind::Proponent),
            Basis::Scenario => Self::bare(GroundsKind::Scenario),
        }
    }

    /// The grounds a statement gives.
    pub fn statement(situation: &Situation, id: &StatementId) -> Self {
        let s = situation.graph().statement(id);
        let evidence = s.and_then(|s| s.evidence.as_ref());
        Self {
            kind: if situation.is_hypothetical(id) {
                GroundsKind::Hypothetical
            } else {
                GroundsKind::Statement
            },
            statement: Some(id.clone()),
            date: s.and_then(|s| s.date),
            quote: evidence.map(|e| e.quote.clone()),
            source: evidence.map(|e| e.source.clone()),
        }
    }

    fn bare(kind: GroundsKind) -> Self {
        Self {
            kind,
            statement: None,
            date: None,
            quote: None,
            source: None,
        }
    }

    /// A short line for tables: the statement and its quote, or why there is none.
    pub fn summary(&self) -> String {
        match (self.kind, &self.statement) {
            (GroundsKind::Proponent, _) => "proponent of the proposal".into(),
            (GroundsKind::Scenario, _) => "set by the scenario".into(),
            (kind, Some(id)) => {
                let mut s = id.to_string();
                if kind == GroundsKind::Hypothetical {
                    s.push_str(" (hypothetical)");
                }
                if let Some(q) = &self.quote {
                    let _ = write!(s, ": \u{201c}{q}\u{201d}");
                }
                s
            }
            (_, None) => String::new(),
        }
    }
}

/// No column is padded wider than this: a longer cell runs past its column on its
/// own row instead of widening every row of the table.
const WIDEST_COLUMN: usize = 60;

/// At most `max` items joined with ", ", then `+N more` for the rest: a table cell
/// that stays short however long the list (the JSON keeps them all).
pub(crate) fn some_of<S: AsRef<str>>(items: &[S], max: usize) -> String {
    let mut out: Vec<&str> = items.iter().take(max).map(AsRef::as_ref).collect();
    let more = items.len().saturating_sub(max);
    let tail = format!("+{more} more");
    if more > 0 {
        out.push(&tail);
    }
    out.join(", ")
}

/// A plain-text table: a title, a header row and rows, columns padded to line up.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    empty: String,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Self {
        Self {
            title: title.into(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            empty: "(none)".into(),
        }
    }

    /// What to print instead of rows when there are none.
    pub fn when_empty(mut self, text: impl Into<String>) -> Self {
        self.empty = text.into();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        in_memory(|out| {
            self.write_rows(
                || self.rows.iter().map(|r| r.iter().map(String::as_str)),
                out,
            )
        })
    }

    /// Writes the table with `rows` instead of the rows it holds, one line at a
    /// time, so that a table too large to hold as text (an actor by proposal matrix
    /// of a large graph) still prints. `rows` is called twice: once to measure the
    /// columns and once to write them.
    pub fn write_rows<'r, R, C>(&self, rows: impl Fn() -> R, out: &mut dyn Write) -> io::Result<()>
    where
        R: Iterator<Item = C>,
        C: Iterator<Item = &'r str>,
    {
        if !self.title.is_empty() {
            writeln!(out, "{}", self.title)?;
        }
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        let mut any = false;
        for row in rows() {
            any = true;
            for (i, c) in row.enumerate() {
                if i >= widths.len() {
                    widths.push(0);
                }
                widths[i] = widths[i].max(width(c).min(WIDEST_COLUMN));
            }
        }
        if !any {
            return writeln!(out, "  {}", self.empty);
        }
        let mut l = String::new();
        let mut line = |cells: &mut dyn Iterator<Item = &str>, out: &mut dyn Write| {
            l.clear();
            l.push_str("  ");
            let mut cells = cells.enumerate().peekable();
            while let Some((i, c)) = cells.next() {
                l.push_str(c);
                if cells.peek().is_some() {
                    let pad = widths[i].saturating_sub(width(c)) + 2;
                    l.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", l.trim_end())
        };
        line(&mut self.headers.iter().map(String::as_str), out)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(
            &mut rule[..self.headers.len().min(rule.len())]
                .iter()
                .map(String::as_str),
            out,
        )?;
        for row in rows() {
            line(&mut { row }, out)?;
        }
        Ok(())
    }
}

/// What a writer writes, as text. Writing to memory does not fail, and tables are
/// written from strings, so nothing is lost on the way.
pub(crate) fn in_memory(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Names a date limit for titles: ` as of 2025-11-21`, or nothing.
pub(crate) fn as_of_text(as_of: Option<Date>) -> String {
    as_of.map_or(String::new(), |d| format!(" as of {d}"))
}

/// The answer to any query, for callers that treat queries alike.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "query", rename_all = "kebab-case")]
pub enum Answer {
    /// [`matrix`]
    Matrix(Matrix),
    /// [`who`]
    Who(Who),
    /// [`blocs`]
    Blocs(Blocs),
    /// [`support`]
    Support(Support),
    /// [`movers`]
    Movers(Movers),
    /// [`timeline`]
    Timeline(Timeline),
    /// [`diff`]
    Diff(Diff),
    /// [`audit`]
    Audit(Audit),
}

impl Answer {
    /// The query's name (`blocs`).
    pub fn name(&self) -> &'static str {
        match self {
            Answer::Matrix(_) => "matrix",
            Answer::Who(_) => "who",
            Answer::Blocs(_) => "blocs",
            Answer::Support(_) => "support",
            Answer::Movers(_) => "movers",
            Answer::Timeline(_) => "timeline",
            Answer::Diff(_) => "diff",
            Answer::Audit(_) => "audit",
        }
    }

    /// The answer as a readable table.
    pub fn table(&self) -> String {
        match self {
            Answer::Matrix(a) => a.table(),
            Answer::Who(a) => a.table(),
            Answer::Blocs(a) => a.table(),
            Answer::Support(a) => a.table(),
            Answer::Movers(a) => a.table(),
            Answer::Timeline(a) => a.table(),
            Answer::Diff(a) => a.table(),
            Answer::Audit(a) => a.table(),
        }
    }

    /// Writes the answer as a table; a matrix row by row, the others whole.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Answer::Matrix(a) => a.write_table(out),
            other => out.write_all(other.table().as_bytes()),
        }
    }

    /// The answer as JSON.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Encode(e.to_string()))
    }

    /// Writes the answer as JSON and a newline, without holding its text.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<()> {
        crate::export::write_pretty_json(self, out)
    }

    /// The answer flattened to `(subject, value)` facts, the unit in which two
    /// answers are compared: a fact present in one answer only, or with another
    /// value, is a difference.
    pub fn facts(&self) -> Vec<(String, String)> {
        match self {
            Answer::Matrix(a) => a.facts(),
            Answer::Who(a) => a.facts(),
            Answer::Blocs(a) => a.facts(),
            Answer::Support(a) => a.facts(),
            Answer::Movers(a) => a.facts(),
            Answer::Timeline(a) => a.facts(),
            Answer::Diff(a) => a.facts(),
            Answer::Audit(a) => a.facts(),
        }
    }
}

/// One way a scenario's answer differs from the base's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What differs (`nato backs us-28-point-plan`).
    pub subject: String,
    /// The base's value, if the base has the fact.
    pub base: Option<String>,
    /// The scenario's value, if the scenario has the fact.
    pub whatif: Option<String>,
}

/// The facts that differ between two answers to the same query, in the base's
/// order and then the scenario's new facts.
pub fn compare(base: &Answer, whatif: &Answer) -> Vec<Difference> {
    let before: IndexMap<String, String> = base.facts().into_iter().collect();
    let after: IndexMap<String, String> = whatif.facts().into_iter().collect();
    let mut out = Vec::new();
    for (k, v) in &before {
        match after.get(k) {
            Some(w) if w == v => {}
            w => out.push(Difference {
                subject: k.clone(),
                base: Some(v.clone()),
                whatif: w.cloned(),
            }),
        }
    }
    for (k, w) in &after {
        if !before.contains_key(k) {
            out.push(Difference {
                subject: k.clone(),
                base: None,
                whatif: Some(w.clone()),
            });
        }
    }
    out
}

/// A query run on the base and on a scenario, with what differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The scenario's changes.
    pub scenario: Vec<Change>,
    /// The base's answer.
    pub base: Answer,
    /// The scenario's answer.
    pub whatif: Answer,
    /// What differs, fact by fact.
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// Lines up two answers to the same query.
    pub fn new(scenario: Vec<Change>, base: Answer, whatif: Answer) -> Self {
        let differences = compare(&base, &whatif);
        Self {
            scenario,
            base,
            whatif,
            differences,
        }
    }

    /// The scenario, the differences, and the scenario's full answer, as text.
    pub fn table(&self) -> String {
        let mut out = String::from("What if:\n");
        if self.scenario.is_empty() {
            out.push_str("  (no changes)\n");
        }
        for c in &self.scenario {
            let _ = writeln!(out, "  {c}");
        }
        out.push('\n');
        let mut t = Table::new(
            format!("Differences in {}:", self.base.name()),
            &["subject", "base", "what-if"],
        )
        .when_empty("(none: the scenario changes nothing this query shows)");
        for d in &self.differences {
            t.row(vec![
                d.subject.clone(),
                d.base.clone().unwrap_or_else(|| "-".into()),
                d.whatif.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        out.push_str(&t.render());
        out.push_str("\nWith the scenario:\n");
        out.push_str(&self.whatif.table());
        out
    }

    /// The comparison as JSON.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Encode(e.to_string()))
    }

    /// Writes the comparison as JSON and a newline, without holding its text.
    pub fn write_json(&self, out: &mut dyn Write) -> Result<()> {
        crate::export::write_pretty_json(self, out)
    }
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            query: &'static str,
            scenario: &'a [Change],
            differences: &'a [Difference],
            base: &'a Answer,
            whatif: &'a Answer,
        }
        Json {
            query: self.base.name(),
            scenario: &self.scenario,
            differences: &self.differences,
            base: &self.base,
            whatif: &self.whatif,
        }
        .serialize(s)
    }
}

/// Checks that a target is in the situation (not unknown, not dropped).
pub(crate) fn require_target(situation: &Situation, target: &Target) -> Result<()> {
    if situation.has_target(target) {
        Ok(())
    } else {
        Err(Error::UnknownTarget(target.to_string()))
    }
}

/// The name of an actor, or its id when it has none in the graph.
pub(crate) fn name_of(situation: &Situation, actor: &crate::model::ActorId) -> String {
    situation
        .graph()
        .actor(actor)
        .map_or_else(|| actor.to_string(), |a| a.name.clone())
}

/// Writes an influence figure the way tables and facts show it.
pub(crate) fn weight(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_and_cells_stay_short() {
        let ids: Vec<String> = (0..192).map(|i| format!("s{i}")).collect();
        assert_eq!(some_of(&ids, 3), "s0, s1, s2, +189 more");
        assert_eq!(some_of(&ids[..2], 3), "s0, s1");
        let mut t = Table::new("", &["a", "b"]);
        t.row(vec!["x".repeat(500), "1".into()]);
        t.row(vec!["y".into(), "2".into()]);
        let text = t.render();
        let short = text.lines().find(|l| l.contains('y')).unwrap();
        assert_eq!(short.len(), 2 + WIDEST_COLUMN + 2 + 1, "{short}");
    }

    #[test]
    fn tables_line_up_and_say_when_empty() {
        let mut t = Table::new("T", &["a", "long header"]);
        t.row(vec!["wide cell".into(), "x".into()]);
        assert_eq!(
            t.render(),
            "T\n  a          long header\n  ---------  -----------\n  wide cell  x\n"
        );
        let e = Table::new("E", &["a"]).when_empty("nothing");
        assert_eq!(e.render(), "E\n  nothing\n");
    }

    #[test]
    fn weights_drop_needless_zeros() {
        assert_eq!(weight(3.0), "3");
        assert_eq!(weight(0.5), "0.5");
        assert_eq!(weight(2.345), "2.35");
    }
}
