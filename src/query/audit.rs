//! `audit`: where the evidence is thin. Statements that were relayed, anonymous,
//! inferred, unsourced, of low confidence, or that contradict the same actor's
//! other statements; and the effective stances (conclusions) that rest only on
//! such statements or on a single source.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;

use super::{Table, ser, some_of, weight};
use crate::error::Result;
use crate::graph::StanceGraph;
use crate::model::{
    ActorId, Attribution, Date, Relay, SourceId, Stance, Statement, StatementId, Target,
};
use crate::scenario::{Basis, Situation, find_actor, find_target};

/// What to audit.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditOptions {
    /// Statements below this confidence are flagged `low-confidence`.
    pub min_confidence: f64,
    /// Only statements by or for this actor.
    pub actor: Option<ActorId>,
    /// Only statements on this target (a proposal includes its points).
    pub target: Option<Target>,
    /// Only statements up to this date.
    pub as_of: Option<Date>,
}

impl AuditOptions {
    /// The options from names as a user types them: `actor` and `target` ids,
    /// names, titles or aliases in `graph`; the default confidence when none given.
    pub fn from_names(
        graph: &StanceGraph,
        min_confidence: Option<f64>,
        actor: Option<&str>,
        target: Option<&str>,
        as_of: Option<Date>,
    ) -> Result<Self> {
        Ok(Self {
            min_confidence: min_confidence.unwrap_or(Self::default().min_confidence),
            actor: actor.map(|a| find_actor(graph, a)).transpose()?,
            target: target.map(|t| find_target(graph, t)).transpose()?,
            as_of,
        })
    }
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            min_confidence: 0.7,
            actor: None,
            target: None,
            as_of: None,
        }
    }
}

/// A reason to doubt a statement or a conclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A conclusion whose statements all come from one source.
    SingleSource,
    /// No evidence is given (for a conclusion: for any of its statements).
    NoSource,
    /// Someone relayed it ("according to a European official"); for a conclusion,
    /// every statement behind it was relayed.
    Relayed,
    /// The source is unnamed; for a conclusion, every statement behind it is.
    Anonymous,
    /// Read from what was said or done, not said outright; for a conclusion,
    /// every statement behind it is.
    Inferred,
    /// Confidence below the audit's threshold; for a conclusion, every statement
    /// behind it is.
    LowConfidence,
    /// The same actor said otherwise on the same target, with nothing to tell
    /// which came last: the same date, or one of the two undated. (Statements on
    /// different dates are a change of stance, which `timeline` shows.)
    Contradicts,
    /// Added by a what-if scenario.
    Hypothetical,
}

impl Flag {
    fn as_str(self) -> &'static str {
        match self {
            Flag::SingleSource => "single-source",
            Flag::NoSource => "no-source",
            Flag::Relayed => "relayed",
            Flag::Anonymous => "anonymous",
            Flag::Inferred => "inferred",
            Flag::LowConfidence => "low-confidence",
            Flag::Contradicts => "contradicts",
            Flag::Hypothetical => "hypothetical",
        }
    }
}

fn flag_list(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Statements and conclusions with reasons to doubt them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audit {
    /// The confidence threshold used.
    pub min_confidence: f64,
    /// The date statements are taken up to.
    pub as_of: Option<Date>,
    /// Flagged statements, in file order.
    pub statements: Vec<FlaggedStatement>,
    /// Flagged effective stances, in the order of their first statement.
    pub conclusions: Vec<FlaggedConclusion>,
}

/// A statement with its flags.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlaggedStatement {
    /// Its id.
    pub id: StatementId,
    /// The speaker.
    pub actor: ActorId,
    /// Whom it counts for, when a spokesperson spoke for a principal.
    pub on_behalf_of: Option<ActorId>,
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The stance.
    #[serde(serialize_with = "ser::stance")]
    pub stance: Stance,
    /// Its date.
    pub date: Option<Date>,
    /// Why to doubt it.
    pub flags: Vec<Flag>,
    /// Who relayed it: an actor id, or the source's description.
    pub reported_by: Option<String>,
    /// Its confidence.
    pub confidence: f64,
    /// Its source.
    pub source: Option<SourceId>,
    /// The statements of the same actor it contradicts.
    pub contradicts: Vec<StatementId>,
}

/// An effective stance with its flags.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlaggedConclusion {
    /// Whose stance.
    pub actor: ActorId,
    /// On what.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The stance.
    #[serde(serialize_with = "ser::stance")]
    pub stance: Stance,
    /// Why to doubt it.
    pub flags: Vec<Flag>,
    /// The statements that hold it up (the same actor, target and stance).
    pub statements: Vec<StatementId>,
    /// Their distinct sources.
    pub sources: Vec<SourceId>,
}

/// Flags the statements and conclusions of a situation.
pub fn audit(situation: &Situation, opts: &AuditOptions) -> Audit {
    let on_target = |t: &Target| match (&opts.target, t) {
        (None, _) => true,
        (Some(Target::Proposal(p)), Target::Point(q)) => p == &q.proposal,
        (Some(want), t) => want == t,
    };
    let doc = situation.graph().document();
    let dated_ok = |s: &Statement| doc.counts_as_of(s, opts.as_of);
    let shown = |s: &Statement| {
        on_target(&s.target)
            && dated_ok(s)
            && opts
                .actor
                .as_ref()
                .is_none_or(|a| &s.actor == a || s.principal() == a)
    };
    // Every statement in view, grouped by whom it counts for and on what.
    let mut groups: IndexMap<(&ActorId, &Target), Vec<(&StatementId, &Statement)>> =
        IndexMap::new();
    for (id, s) in situation.statements().filter(|(_, s)| dated_ok(s)) {
        groups
            .entry((s.principal(), &s.target))
            .or_default()
            .push((id, s));
    }
    let contradictions = |id: &StatementId, s: &Statement| -> Vec<StatementId> {
        groups
            .get(&(s.principal(), &s.target))
            .into_iter()
            .flatten()
            .filter(|(other, o)| {
                *other != id
                    && o.stance != s.stance
                    && (o.date == s.date || o.date.is_none() || s.date.is_none())
            })
            .map(|(other, _)| (*other).clone())
            .collect()
    };
    let mut statements = Vec::new();
    for (id, s) in situation.statements().filter(|(_, s)| shown(s)) {
        let contradicts = contradictions(id, s);
        let mut flags = Vec::new();
        if s.evidence.is_none() {
            flags.push(Flag::NoSource);
        }
        if s.reported_by.is_some() {
            flags.push(Flag::Relayed);
        }
        if s.anonymous {
            flags.push(Flag::Anonymous);
        }
        if s.attribution == Attribution::Inferred {
            flags.push(Flag::Inferred);
        }
        if s.confidence() < opts.min_confidence {
            flags.push(Flag::LowConfidence);
        }
        if !contradicts.is_empty() {
            flags.push(Flag::Contradicts);
        }
        if situation.is_hypothetical(id) {
            flags.push(Flag::Hypothetical);
        }
        if flags.is_empty() {
            continue;
        }
        statements.push(FlaggedStatement {
            id: id.clone(),
            actor: s.actor.clone(),
            on_behalf_of: s.on_behalf_of.clone(),
            target: s.target.clone(),
            stance: s.stance,
            date: s.date,
            flags,
            reported_by: s.reported_by.as_ref().map(|r| match r {
                Relay::Actor(a) => a.to_string(),
                Relay::Unnamed(who) => who.clone(),
            }),
            confidence: s.confidence(),
            source: s.evidence.as_ref().map(|e| e.source.clone()),
            contradicts,
        });
    }
    let mut conclusions = Vec::new();
    for ((actor, target), held) in situation.effective(opts.as_of) {
        if !matches!(held.basis, Basis::Statement(_)) || !on_target(&target) {
            continue;
        }
        if opts.actor.as_ref().is_some_and(|a| a != &actor) {
            continue;
        }
        let backing: Vec<(&StatementId, &Statement)> = groups
            .get(&(&actor, &target))
            .into_iter()
            .flatten()
            .filter(|(_, s)| s.stance == held.stance)
            .copied()
            .collect();
        if backing.is_empty() {
            continue;
        }
        let sources: BTreeSet<&SourceId> = backing
            .iter()
            .filter_map(|(_, s)| s.evidence.as_ref().map(|e| &e.source))
            .collect();
        let all = |f: &dyn Fn(&Statement) -> bool| backing.iter().all(|(_, s)| f(s));
        let mut flags = Vec::new();
        if sources.len() <= 1 {
            flags.push(Flag::SingleSource);
        }
        if backing.iter().any(|(_, s)| s.evidence.is_none()) {
            flags.push(Flag::NoSource);
        }
        if all(&|s| s.reported_by.is_some()) {
            flags.push(Flag::Relayed);
        }
        if all(&|s| s.anonymous) {
            flags.push(Flag::Anonymous);
        }
        if all(&|s| s.attribution == Attribution::Inferred) {
            flags.push(Flag::Inferred);
        }
        if all(&|s| s.confidence() < opts.min_confidence) {
            flags.push(Flag::LowConfidence);
        }
        if backing
            .iter()
            .any(|(id, s)| !contradictions(id, s).is_empty())
        {
            flags.push(Flag::Contradicts);
        }
        if backing.iter().all(|(id, _)| situation.is_hypothetical(id)) {
            flags.push(Flag::Hypothetical);
        }
        if flags.is_empty() {
            continue;
        }
        conclusions.push(FlaggedConclusion {
            actor,
            target,
            stance: held.stance,
            flags,
            statements: backing.iter().map(|(id, _)| (*id).clone()).collect(),
            sources: sources.into_iter().cloned().collect(),
        });
    }
    Audit {
        min_confidence: opts.min_confidence,
        as_of: opts.as_of,
        statements,
        conclusions,
    }
}

impl Audit {
    /// The flagged conclusion about an actor's stance on a target, if any.
    pub fn conclusion(&self, actor: &str, target: &str) -> Option<&FlaggedConclusion> {
        self.conclusions
            .iter()
            .find(|c| c.actor.as_str() == actor && c.target.to_string() == target)
    }

    /// The flagged statement with this id, if any.
    pub fn statement(&self, id: &str) -> Option<&FlaggedStatement> {
        self.statements.iter().find(|s| s.id.as_str() == id)
    }

    /// The answer as tables: statements, then conclusions.
    pub fn table(&self) -> String {
        let mut t = Table::new(
            format!(
                "Statements to check (unsourced, relayed, anonymous, inferred, confidence below {}, contradicted, or hypothetical)",
                weight(self.min_confidence)
            ),
            &["statement", "stance", "flags", "reported by"],
        )
        .when_empty("(none)");
        for s in &self.statements {
            let mut flags = flag_list(&s.flags);
            if !s.contradicts.is_empty() {
                let others: Vec<&str> = s.contradicts.iter().map(StatementId::as_str).collect();
                flags.push_str(&format!(" ({})", some_of(&others, 3)));
            }
            t.row(vec![
                s.id.to_string(),
                s.stance.to_string(),
                flags,
                s.reported_by.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        let mut out = t.render();
        let mut c = Table::new(
            "\nConclusions resting on thin evidence",
            &["actor", "target", "stance", "flags", "statements"],
        )
        .when_empty("(none)");
        for k in &self.conclusions {
            c.row(vec![
                k.actor.to_string(),
                k.target.to_string(),
                k.stance.to_string(),
                flag_list(&k.flags),
                k.statements.len().to_string(),
            ]);
        }
        out.push_str(&c.render());
        out
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .statements
            .iter()
            .map(|s| (format!("statement {}", s.id), flag_list(&s.flags)))
            .collect();
        out.extend(self.conclusions.iter().map(|c| {
            (
                format!("{} holds {} on {}", c.actor, c.stance, c.target),
                flag_list(&c.flags),
            )
        }));
        out
    }
}
