//! What-if scenarios: hypothetical changes laid over a base graph.
//!
//! A [`Scenario`] is a list of [`Change`]s. Applying it to a graph gives a
//! [`Situation`]: the base graph seen through the changes. The base is only ever
//! borrowed, so a what-if cannot alter it; only a scenario that adds hypothetical
//! statements pays for a copy, because those must rank against the real statements
//! exactly as [`StanceGraph::stance_of`] ranks them. Every query reads a
//! `Situation`, so the same code answers for the base ([`Situation::base`]) and for
//! any scenario.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::graph::{StanceGraph, outranks};
use crate::model::{
    Actor, ActorId, ActorKind, Attribution, ClaimId, Date, DecisionRule, PointId, ProposalId,
    Relation, Stance, Statement, StatementId, Target,
};

/// One hypothetical change.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The actor holds this stance on the target (`None`: no stance), whatever its
    /// statements say and at every date.
    SetStance {
        /// Who moves.
        actor: ActorId,
        /// On what.
        target: Target,
        /// The stance it would hold; `None` withdraws it.
        stance: Option<Stance>,
    },
    /// The actor becomes a member of the bloc (and so do its own members).
    JoinBloc {
        /// Who joins.
        actor: ActorId,
        /// The bloc joined; any actor, which becomes a bloc by having members.
        bloc: ActorId,
    },
    /// The actor's direct membership of the bloc ends (its own members leave with it).
    LeaveBloc {
        /// Who leaves.
        actor: ActorId,
        /// The bloc left.
        bloc: ActorId,
    },
    /// The actor's influence weight becomes this.
    SetInfluence {
        /// Whose weight.
        actor: ActorId,
        /// The new weight, finite and not negative.
        influence: f64,
    },
    /// The bloc decides by this rule.
    SetRule {
        /// The bloc.
        bloc: ActorId,
        /// Its new rule.
        rule: DecisionRule,
    },
    /// The point is struck from its proposal: it and the statements on it are gone.
    DropPoint(PointId),
    /// A statement that was never made, ranked with the real ones by its date.
    AddStatement {
        /// Its id, unused in the base graph.
        id: StatementId,
        /// The statement.
        statement: Box<Statement>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::SetStance {
                actor,
                target,
                stance: Some(s),
            } => write!(f, "{actor} holds {s} on {target}"),
            Change::SetStance {
                actor,
                target,
                stance: None,
            } => write!(f, "{actor} holds no stance on {target}"),
            Change::JoinBloc { actor, bloc } => write!(f, "{actor} joins {bloc}"),
            Change::LeaveBloc { actor, bloc } => write!(f, "{actor} leaves {bloc}"),
            Change::SetInfluence { actor, influence } => {
                write!(f, "{actor} has influence {influence}")
            }
            Change::SetRule { bloc, rule } => write!(f, "{bloc} decides by {rule}"),
            Change::DropPoint(p) => write!(f, "point {p} is dropped"),
            Change::AddStatement { id, statement: s } => {
                write!(f, "{} says {} on {}", s.actor, s.stance, s.target)?;
                if let Some(d) = s.date {
                    write!(f, " on {d}")?;
                }
                write!(f, " (hypothetical statement {id})")
            }
        }
    }
}

/// The JSON form of a change: `{"change": "set-stance", "actor": ..., ...}`.
#[derive(Serialize)]
struct ChangeJson<'a> {
    change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a ActorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bloc: Option<&'a ActorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    influence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statement: Option<&'a StatementId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    text: String,
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut j = ChangeJson {
            change: "",
            actor: None,
            bloc: None,
            target: None,
            stance: None,
            influence: None,
            rule: None,
            statement: None,
            date: None,
            text: self.to_string(),
        };
        match self {
            Change::SetStance {
                actor,
                target,
                stance,
            } => {
                j.change = "set-stance";
                j.actor = Some(actor);
                j.target = Some(target.to_string());
                j.stance = Some(stance.map_or("none", |s| s.as_str()));
            }
            Change::JoinBloc { actor, bloc } => {
                j.change = "join-bloc";
                j.actor = Some(actor);
                j.bloc = Some(bloc);
            }
            Change::LeaveBloc { actor, bloc } => {
                j.change = "leave-bloc";
                j.actor = Some(actor);
                j.bloc = Some(bloc);
            }
            Change::SetInfluence { actor, influence } => {
                j.change = "set-influence";
                j.actor = Some(actor);
                j.influence = Some(*influence);
            }
            Change::SetRule { bloc, rule } => {
                j.change = "set-rule";
                j.bloc = Some(bloc);
                j.rule = Some(rule.to_string());
            }
            Change::DropPoint(p) => {
                j.change = "drop-point";
                j.target = Some(p.to_string());
            }
            Change::AddStatement { id, statement } => {
                j.change = "add-statement";
                j.statement = Some(id);
                j.actor = Some(&statement.actor);
                j.target = Some(statement.target.to_string());
                j.stance = Some(statement.stance.as_str());
                j.date = statement.date;
            }
        }
        j.serialize(s)
    }
}

/// A list of hypothetical changes, applied in order over a base graph.
///
/// The builder methods take names as a user writes them (ids, names or aliases) and
/// resolve them against the graph the scenario is meant for, so a misspelt actor is
/// reported where it was written rather than when the scenario is applied.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Scenario {
    changes: Vec<Change>,
}

impl Scenario {
    /// A scenario with no changes.
    pub fn new() -> Self {
        Self::default()
    }

    /// The changes, in order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// True when there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Appends a change given by ids; [`Scenario::apply`] checks it.
    pub fn push(&mut self, change: Change) -> &mut Self {
        self.changes.push(change);
        self
    }

    /// The actor holds `stance` (`None`: no stance) on the target. Without a target
    /// the graph must have exactly one proposal, which is meant.
    pub fn set_stance(
        &mut self,
        graph: &StanceGraph,
        actor: &str,
        stance: Option<Stance>,
        target: Option<&str>,
    ) -> Result<&mut Self> {
        let actor = find_actor(graph, actor)?;
        let target = match target {
            Some(t) => find_target(graph, t)?,
            None => only_proposal(graph)?,
        };
        Ok(self.push(Change::SetStance {
            actor,
            target,
            stance,
        }))
    }

    /// The actor joins the bloc.
    pub fn join(&mut self, graph: &StanceGraph, actor: &str, bloc: &str) -> Result<&mut Self> {
        let (actor, bloc) = (find_actor(graph, actor)?, find_actor(graph, bloc)?);
        Ok(self.push(Change::JoinBloc { actor, bloc }))
    }

    /// The actor leaves the bloc.
    pub fn leave(&mut self, graph: &StanceGraph, actor: &str, bloc: &str) -> Result<&mut Self> {
        let (actor, bloc) = (find_actor(graph, actor)?, find_actor(graph, bloc)?);
        Ok(self.push(Change::LeaveBloc { actor, bloc }))
    }

    /// The actor's influence becomes `influence`.
    pub fn set_influence(
        &mut self,
        graph: &StanceGraph,
        actor: &str,
        influence: f64,
    ) -> Result<&mut Self> {
        let actor = find_actor(graph, actor)?;
        Ok(self.push(Change::SetInfluence { actor, influence }))
    }

    /// The bloc decides by `rule`.
    pub fn set_rule(
        &mut self,
        graph: &StanceGraph,
        bloc: &str,
        rule: DecisionRule,
    ) -> Result<&mut Self> {
        let bloc = find_actor(graph, bloc)?;
        Ok(self.push(Change::SetRule { bloc, rule }))
    }

    /// The point (`PROPOSAL/N`) is dropped.
    pub fn drop_point(&mut self, graph: &StanceGraph, point: &str) -> Result<&mut Self> {
        match find_target(graph, point)? {
            Target::Point(p) => Ok(self.push(Change::DropPoint(p))),
            _ => Err(Error::Usage(format!(
                "`{point}` is not a point; points are written PROPOSAL/N"
            ))),
        }
    }

    /// A hypothetical statement: the actor says `stance` on the target, on `date`
    /// when given. Its id is `whatif-N`, the first such id free in the graph.
    pub fn add_statement(
        &mut self,
        graph: &StanceGraph,
        actor: &str,
        stance: Stance,
        target: &str,
        date: Option<Date>,
    ) -> Result<&mut Self> {
        let actor = find_actor(graph, actor)?;
        let target = find_target(graph, target)?;
        let taken = |id: &StatementId| {
            graph.statement(id).is_some()
                || self
                    .changes
                    .iter()
                    .any(|c| matches!(c, Change::AddStatement { id: other, .. } if other == id))
        };
        let mut n = 1;
        let id = loop {
            let id = StatementId::new(format!("whatif-{n}"))?;
            if !taken(&id) {
                break id;
            }
            n += 1;
        };
        let mut statement = Statement::new(actor, target, stance, Attribution::Inferred);
        statement.date = date;
        statement.note = Some("hypothetical (what-if)".into());
        Ok(self.push(Change::AddStatement {
            id,
            statement: Box::new(statement),
        }))
    }

    /// Adds a change written as on the command line:
    ///
    /// - `set`: `ACTOR=STANCE[@TARGET]` (STANCE may be `none`);
    /// - `join`, `leave`: `ACTOR@BLOC`;
    /// - `influence`: `ACTOR=WEIGHT`;
    /// - `rule`: `BLOC=unanimity|majority|weighted:T`;
    /// - `drop-point`: `PROPOSAL/N`;
    /// - `say`: `ACTOR=STANCE@TARGET[@DATE]` (a hypothetical statement).
    pub fn parse_change(&mut self, graph: &StanceGraph, kind: &str, text: &str) -> Result<()> {
        let bad = |form: &str| {
            Error::Usage(format!(
                "cannot read `{text}` for --{kind}: write it as {form}"
            ))
        };
        match kind {
            "set" => {
                let (actor, rest) = text
                    .split_once('=')
                    .ok_or_else(|| bad("ACTOR=STANCE[@TARGET]"))?;
                let (stance, target) = match rest.split_once('@') {
                    Some((s, t)) => (s, Some(t)),
                    None => (rest, None),
                };
                let stance = parse_optional_stance(stance)?;
                self.set_stance(graph, actor, stance, target)?;
            }
            "join" | "leave" => {
                let (actor, bloc) = text.split_once('@').ok_or_else(|| bad("ACTOR@BLOC"))?;
                if kind == "join" {
                    self.join(graph, actor, bloc)?;
                } else {
                    self.leave(graph, actor, bloc)?;
                }
            }
            "influence" => {
                let (actor, w) = text.split_once('=').ok_or_else(|| bad("ACTOR=WEIGHT"))?;
                let w: f64 = w.trim().parse().map_err(|_| bad("ACTOR=WEIGHT"))?;
                self.set_influence(graph, actor, w)?;
            }
            "rule" => {
                let (bloc, rule) = text
                    .split_once('=')
                    .ok_or_else(|| bad("BLOC=unanimity|majority|weighted:T"))?;
                self.set_rule(graph, bloc, rule.parse()?)?;
            }
            "drop-point" => {
                self.drop_point(graph, text)?;
            }
            "say" => {
                let form = "ACTOR=STANCE@TARGET[@DATE]";
                let (actor, rest) = text.split_once('=').ok_or_else(|| bad(form))?;
                let mut parts = rest.split('@');
                let stance = parts.next().ok_or_else(|| bad(form))?.parse::<Stance>()?;
                let target = parts.next().ok_or_else(|| bad(form))?;
                let date = parts.next().map(str::parse::<Date>).transpose()?;
                if parts.next().is_some() {
                    return Err(bad(form));
                }
                self.add_statement(graph, actor, stance, target, date)?;
            }
            _ => {
                return Err(Error::Usage(format!("unknown kind of change `{kind}`")));
            }
        }
        Ok(())
    }

    /// Lays the changes over `graph`, checking each: unknown ids, a membership that
    /// would make a loop, leaving a bloc one is not directly in, a negative or
    /// non-finite influence, a weighted threshold outside 0..1 are refused.
    pub fn apply<'g>(&self, graph: &'g StanceGraph) -> Result<Situation<'g>> {
        let mut s = Situation::base(graph);
        for change in &self.changes {
            s.change(change)?;
        }
        s.changes = self.changes.clone();
        Ok(s)
    }
}

/// `support`, `skeptical`, `non-starter`, or `none` for no stance.
pub fn parse_optional_stance(text: &str) -> Result<Option<Stance>> {
    if text.trim().eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        text.trim().parse().map(Some)
    }
}

/// Finds an actor by id, name or alias, or says there is none.
pub(crate) fn find_actor(graph: &StanceGraph, name: &str) -> Result<ActorId> {
    graph
        .resolve_actor(name)
        .cloned()
        .ok_or_else(|| Error::UnknownActor(name.to_owned()))
}

/// Finds a target by id, title or alias, or says there is none. An id that is both
/// a proposal's and a claim's is refused as ambiguous; `proposal:ID` and `claim:ID`
/// say which.
pub(crate) fn find_target(graph: &StanceGraph, name: &str) -> Result<Target> {
    let doc = graph.document();
    let proposal = |id: &str| {
        ProposalId::new(id)
            .ok()
            .filter(|p| doc.proposals.contains_key(p))
    };
    let claim = |id: &str| ClaimId::new(id).ok().filter(|c| doc.claims.contains_key(c));
    if let Some(p) = name.strip_prefix("proposal:").and_then(proposal) {
        return Ok(Target::Proposal(p));
    }
    if let Some(c) = name.strip_prefix("claim:").and_then(claim) {
        return Ok(Target::Claim(c));
    }
    if proposal(name).is_some() && claim(name).is_some() {
        return Err(Error::Usage(format!(
            "`{name}` is the id of both a proposal and a claim; write `proposal:{name}` or `claim:{name}`"
        )));
    }
    graph
        .resolve_target(name)
        .ok_or_else(|| Error::UnknownTarget(name.to_owned()))
}

/// The graph's one proposal, for commands that may leave the target out.
pub fn only_proposal(graph: &StanceGraph) -> Result<Target> {
    let mut proposals = graph.proposals();
    match (proposals.next(), proposals.next()) {
        (Some((id, _)), None) => Ok(Target::Proposal(id.clone())),
        _ => Err(Error::Usage(format!(
            "the graph has {} proposals; name the target (for example ACTOR=STANCE@PROPOSAL)",
            graph.proposals().count()
        ))),
    }
}

/// An effective stance in a situation, and what it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    /// The stance.
    pub stance: Stance,
    /// Why the actor holds it.
    pub basis: Basis,
}

/// What an effective stance rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A statement (real, or hypothetical when the scenario added it).
    Statement(StatementId),
    /// The actor put the proposal forward and has not said otherwise.
    Proponent,
    /// The scenario sets it.
    Scenario,
}

/// A base graph as a scenario would have it: what every query reads.
#[derive(Clone, Debug)]
pub struct Situation<'g> {
    graph: Cow<'g, StanceGraph>,
    stances: HashMap<(ActorId, Target), Option<Stance>>,
    influence: HashMap<ActorId, f64>,
    rules: HashMap<ActorId, DecisionRule>,
    joined: Vec<(ActorId, ActorId)>,
    left: HashSet<(ActorId, ActorId)>,
    dropped: HashSet<PointId>,
    hypothetical: HashSet<StatementId>,
    changes: Vec<Change>,
}

impl<'g> Situation<'g> {
    /// The graph as it is, with no changes.
    pub fn base(graph: &'g StanceGraph) -> Self {
        Self {
            graph: Cow::Borrowed(graph),
            stances: HashMap::new(),
            influence: HashMap::new(),
            rules: HashMap::new(),
            joined: Vec::new(),
            left: HashSet::new(),
            dropped: HashSet::new(),
            hypothetical: HashSet::new(),
            changes: Vec::new(),
        }
    }

    /// The changes laid over the base (none for the base itself).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The graph read: the base, or a copy of it with the hypothetical statements.
    pub fn graph(&self) -> &StanceGraph {
        &self.graph
    }

    fn change(&mut self, change: &Change) -> Result<()> {
        let known = |a: &ActorId| {
            if self.graph.actor(a).is_some() {
                Ok(())
            } else {
                Err(Error::UnknownActor(a.to_string()))
            }
        };
        match change {
            Change::SetStance {
                actor,
                target,
                stance,
            } => {
                known(actor)?;
                self.check_target(target)?;
                self.stances
                    .insert((actor.clone(), target.clone()), *stance);
            }
            Change::JoinBloc { actor, bloc } => {
                known(actor)?;
                known(bloc)?;
                if actor == bloc || self.is_inside(bloc, actor) {
                    return Err(Error::Usage(format!(
                        "`{actor}` cannot join `{bloc}`: `{bloc}` is itself a member of `{actor}`"
                    )));
                }
                self.left.remove(&(actor.clone(), bloc.clone()));
                self.joined.push((actor.clone(), bloc.clone()));
            }
            Change::LeaveBloc { actor, bloc } => {
                known(actor)?;
                known(bloc)?;
                let direct = self.parents(actor).any(|p| p == bloc);
                if !direct {
                    return Err(Error::Usage(format!(
                        "`{actor}` is not a direct member of `{bloc}`; move out the member it belongs through"
                    )));
                }
                self.joined.retain(|(a, b)| !(a == actor && b == bloc));
                self.left.insert((actor.clone(), bloc.clone()));
            }
            Change::SetInfluence { actor, influence } => {
                known(actor)?;
                if !influence.is_finite() || *influence < 0.0 {
                    return Err(Error::Usage(format!(
                        "influence of `{actor}` must be a number of at least 0, not {influence}"
                    )));
                }
                self.influence.insert(actor.clone(), *influence);
            }
            Change::SetRule { bloc, rule } => {
                known(bloc)?;
                if let DecisionRule::Weighted(t) = rule
                    && !(0.0..=1.0).contains(t)
                {
                    return Err(Error::Usage(format!(
                        "a weighted threshold is a share from 0 to 1, not {t}"
                    )));
                }
                self.rules.insert(bloc.clone(), *rule);
            }
            Change::DropPoint(p) => {
                self.check_target(&Target::Point(p.clone()))?;
                self.dropped.insert(p.clone());
            }
            Change::AddStatement { id, statement } => {
                if let Target::Point(p) = &statement.target
                    && self.dropped.contains(p)
                {
                    return Err(Error::UnknownTarget(p.to_string()));
                }
                self.graph
                    .to_mut()
                    .add_statement(id.clone(), (**statement).clone())?;
                self.hypothetical.insert(id.clone());
            }
        }
        Ok(())
    }

    fn check_target(&self, target: &Target) -> Result<()> {
        if self.has_target(target) {
            Ok(())
        } else {
            Err(Error::UnknownTarget(target.to_string()))
        }
    }

    /// True when the target is in the graph and not dropped.
    pub fn has_target(&self, target: &Target) -> bool {
        let dropped = !self.dropped.is_empty()
            && matches!(target, Target::Point(p) if self.dropped.contains(p));
        !dropped && self.graph.has_target(target)
    }

    /// True when the statement was added by the scenario.
    pub fn is_hypothetical(&self, id: &StatementId) -> bool {
        self.hypothetical.contains(id)
    }

    /// True when the point was dropped by the scenario.
    pub fn is_dropped(&self, point: &PointId) -> bool {
        self.dropped.contains(point)
    }

    /// Statements in file order (hypothetical ones last), without those on dropped
    /// points.
    pub fn statements(&self) -> impl Iterator<Item = (&StatementId, &Statement)> {
        self.graph
            .statements()
            .filter(|(_, s)| !matches!(&s.target, Target::Point(p) if self.dropped.contains(p)))
    }

    /// The actor's effective stance on the target as of a date: the scenario's
    /// setting if it has one, else what the statements say
    /// ([`StanceGraph::stance_of`]).
    pub fn stance(&self, actor: &ActorId, target: &Target, as_of: Option<Date>) -> Option<Held> {
        if !self.has_target(target) {
            return None;
        }
        self.held(actor, target, as_of)
    }

    /// [`Situation::stance`] on a target already known to be in the situation.
    fn held(&self, actor: &ActorId, target: &Target, as_of: Option<Date>) -> Option<Held> {
        if let Some(set) = self.setting(actor, target) {
            return set.map(|stance| Held {
                stance,
                basis: Basis::Scenario,
            });
        }
        let e = self.graph.stance_of(actor, target, as_of)?;
        Some(Held {
            stance: e.stance,
            basis: e.statement.map_or(Basis::Proponent, Basis::Statement),
        })
    }

    /// What the statements (real and hypothetical) say, without the scenario's own
    /// settings: the history a timeline walks through.
    pub fn stated(&self, actor: &ActorId, target: &Target, as_of: Option<Date>) -> Option<Held> {
        if !self.has_target(target) {
            return None;
        }
        let e = self.graph.stance_of(actor, target, as_of)?;
        Some(Held {
            stance: e.stance,
            basis: e.statement.map_or(Basis::Proponent, Basis::Statement),
        })
    }

    /// The scenario's setting for the actor on the target, if it makes one:
    /// `Some(None)` when it withdraws the stance.
    pub fn setting(&self, actor: &ActorId, target: &Target) -> Option<Option<Stance>> {
        if self.stances.is_empty() {
            return None;
        }
        self.stances.get(&(actor.clone(), target.clone())).copied()
    }

    /// The scenario's stance settings: actor, target, and the stance (`None`:
    /// withdrawn).
    pub fn settings(&self) -> impl Iterator<Item = (&ActorId, &Target, Option<Stance>)> {
        self.stances.iter().map(|((a, t), s)| (a, t, *s))
    }

    /// Every actor with an effective stance on the target, in file order.
    ///
    /// One pass over the statements on the target, ranked as
    /// [`StanceGraph::stance_of`] ranks them, rather than one
    /// `stance_of` per actor: on a large graph the per-actor walks dominate.
    pub fn stances_on(&self, target: &Target, as_of: Option<Date>) -> Vec<(ActorId, Held)> {
        if !self.has_target(target) {
            return Vec::new();
        }
        let mut best: IndexMap<&ActorId, (usize, &StatementId, &Statement)> = IndexMap::new();
        let on = self.graph.statements_on(target);
        for (i, (id, st)) in on.iter().enumerate() {
            if !self.graph.document().counts_as_of(st, as_of) {
                continue;
            }
            match best.entry(st.principal()) {
                indexmap::map::Entry::Occupied(mut e) => {
                    let (j, _, cur) = *e.get();
                    if outranks(st, i, cur, j) {
                        e.insert((i, id, st));
                    }
                }
                indexmap::map::Entry::Vacant(e) => {
                    e.insert((i, id, st));
                }
            }
        }
        let mut held: IndexMap<&ActorId, Option<Held>> = best
            .into_iter()
            .map(|(a, (_, id, st))| {
                let h = Held {
                    stance: st.stance,
                    basis: Basis::Statement(id.clone()),
                };
                (a, Some(h))
            })
            .collect();
        if let Target::Proposal(p) = target
            && let Some(a) = self.graph.proposal(p).and_then(|p| p.proponent.as_ref())
        {
            held.entry(a).or_insert(Some(Held {
                stance: Stance::Support,
                basis: Basis::Proponent,
            }));
        }
        for ((a, t), set) in &self.stances {
            if t == target {
                let h = set.map(|stance| Held {
                    stance,
                    basis: Basis::Scenario,
                });
                held.insert(a, h);
            }
        }
        let actors = &self.graph.document().actors;
        let mut found: Vec<(usize, ActorId, Held)> = held
            .into_iter()
            .filter_map(|(a, h)| Some((actors.get_index_of(a)?, a.clone(), h?)))
            .collect();
        found.sort_by_key(|(i, _, _)| *i);
        found.into_iter().map(|(_, a, h)| (a, h)).collect()
    }

    /// Every effective stance as of a date, in one pass over the statements, with
    /// the scenario's settings laid on top.
    pub fn effective(&self, as_of: Option<Date>) -> IndexMap<(ActorId, Target), Held> {
        let mut out: IndexMap<(ActorId, Target), Held> = self
            .graph
            .effective_stances(as_of)
            .into_iter()
            .filter(|((_, t), _)| self.dropped.is_empty() || self.has_target(t))
            .map(|(k, e)| {
                let basis = e.statement.map_or(Basis::Proponent, Basis::Statement);
                (
                    k,
                    Held {
                        stance: e.stance,
                        basis,
                    },
                )
            })
            .collect();
        for ((a, t), set) in &self.stances {
            if !self.has_target(t) {
                continue;
            }
            match set {
                Some(stance) => {
                    out.insert(
                        (a.clone(), t.clone()),
                        Held {
                            stance: *stance,
                            basis: Basis::Scenario,
                        },
                    );
                }
                None => {
                    out.shift_remove(&(a.clone(), t.clone()));
                }
            }
        }
        out
    }

    /// The actor's influence weight (1.0 unless the graph or scenario says).
    pub fn influence(&self, actor: &ActorId) -> f64 {
        let set = if self.influence.is_empty() {
            None
        } else {
            self.influence.get(actor).copied()
        };
        set.or_else(|| self.graph.actor(actor).map(|a| a.influence()))
            .unwrap_or(1.0)
    }

    /// The bloc's decision rule (majority unless the graph or scenario says).
    pub fn rule(&self, bloc: &ActorId) -> DecisionRule {
        self.rules
            .get(bloc)
            .copied()
            .or_else(|| self.graph.actor(bloc).map(|a| a.rule()))
            .unwrap_or_default()
    }

    /// The actors `actor` is directly a member of, with the scenario's moves, at
    /// any date.
    fn parents<'s>(&'s self, actor: &'s ActorId) -> impl Iterator<Item = &'s ActorId> + 's {
        self.direct_parents(actor, None)
    }

    fn direct_parents<'s>(
        &'s self,
        actor: &'s ActorId,
        as_of: Option<Date>,
    ) -> impl Iterator<Item = &'s ActorId> + 's {
        self.member_ties(actor, self.graph.actor(actor), as_of)
    }

    /// The blocs `id` (whose record is `actor`) is directly a member of on a day:
    /// its MemberOf ties, less those the scenario ends, plus those it adds.
    fn member_ties<'s>(
        &'s self,
        id: &'s ActorId,
        actor: Option<&'s Actor>,
        as_of: Option<Date>,
    ) -> impl Iterator<Item = &'s ActorId> + 's {
        let stated = actor
            .into_iter()
            .flat_map(|a| &a.affiliations)
            .filter(move |f| f.rel == Relation::MemberOf && holds(f.since, f.until, as_of))
            .map(|f| &f.actor)
            .filter(move |b| {
                self.left.is_empty() || !self.left.contains(&((*id).clone(), (*b).clone()))
            });
        let joined = self
            .joined
            .iter()
            .filter(move |(a, _)| a == id)
            .map(|(_, b)| b);
        stated.chain(joined)
    }

    /// True when `inner` is a member of `outer`, directly or through members.
    fn is_inside(&self, inner: &ActorId, outer: &ActorId) -> bool {
        let mut seen: HashSet<&ActorId> = HashSet::new();
        let mut todo = vec![inner];
        while let Some(a) = todo.pop() {
            for p in self.parents(a) {
                if p == outer {
                    return true;
                }
                if seen.insert(p) {
                    todo.push(p);
                }
            }
        }
        false
    }

    /// Who belongs to which bloc as of a date (every tie when `None`; with a date,
    /// only the ties that hold that day).
    pub fn membership(&self, as_of: Option<Date>) -> Membership {
        let doc = self.graph.document();
        let n = doc.actors.len();
        // children[b] = the actors directly in b, by file position.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, (id, actor)) in doc.actors.iter().enumerate() {
            for p in self.member_ties(id, Some(actor), as_of) {
                if let Some(j) = doc.actors.get_index_of(p) {
                    // Actors come in file order, so a repeated tie is the last pushed.
                    if children[j].last() != Some(&i) {
                        children[j].push(i);
                    }
                }
            }
        }
        let mut blocs: IndexMap<ActorId, Vec<ActorId>> = IndexMap::new();
        // seen[m] == b + 1 once m has been reached from bloc b: one array for all.
        let mut seen = vec![0usize; n];
        for (b, (id, actor)) in doc.actors.iter().enumerate() {
            if actor.kind != ActorKind::Bloc && children[b].is_empty() {
                continue;
            }
            seen[b] = b + 1;
            let mut members: Vec<usize> = Vec::new();
            let mut todo: VecDeque<usize> = children[b].iter().copied().collect();
            while let Some(m) = todo.pop_front() {
                if std::mem::replace(&mut seen[m], b + 1) == b + 1 {
                    continue;
                }
                members.push(m);
                todo.extend(children[m].iter().copied());
            }
            members.sort_unstable();
            let members: Vec<ActorId> = members
                .into_iter()
                .filter_map(|m| doc.actors.get_index(m).map(|(k, _)| k.clone()))
                .collect();
            blocs.insert(id.clone(), members);
        }
        Membership { blocs }
    }
}

/// True when a tie dated `since..=until` holds on `day` (always when no day).
fn holds(since: Option<Date>, until: Option<Date>, day: Option<Date>) -> bool {
    let Some(day) = day else { return true };
    since.is_none_or(|s| s <= day) && until.is_none_or(|u| day <= u)
}

/// Blocs and their members: actors of kind Bloc and any actor with members; the
/// members of a bloc are the actors with a MemberOf tie to it, directly or through
/// another member.
#[derive(Clone, Debug, Default)]
pub struct Membership {
    blocs: IndexMap<ActorId, Vec<ActorId>>,
}

impl Membership {
    /// Every bloc with its members, both in file order.
    pub fn blocs(&self) -> impl Iterator<Item = (&ActorId, &[ActorId])> {
        self.blocs.iter().map(|(b, m)| (b, m.as_slice()))
    }

    /// The members of a bloc (`None` when the actor is not a bloc).
    pub fn members(&self, bloc: &ActorId) -> Option<&[ActorId]> {
        self.blocs.get(bloc).map(Vec::as_slice)
    }

    /// The blocs an actor belongs to, in file order (a scan of every bloc).
    pub fn blocs_of(&self, actor: &ActorId) -> Vec<&ActorId> {
        self.blocs
            .iter()
            .filter(|(_, m)| m.contains(actor))
            .map(|(b, _)| b)
            .collect()
    }

    /// True when the actor is a bloc.
    pub fn is_bloc(&self, actor: &ActorId) -> bool {
        self.blocs.contains_key(actor)
    }
}
