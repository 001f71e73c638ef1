//! `blocs`: how each bloc's members line up on a target, and whether the bloc backs
//! it under its own decision rule.
//!
//! The counting lives in a [`BlocBoard`]: per bloc, the number of members, of
//! supporters, and the influence of each. A what-if that moves one actor updates
//! only the tallies of the blocs that actor sits in, so it costs a few additions
//! however large the graph, where building the board reads every statement on the
//! target.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Serialize;

use super::{EPSILON, Table, as_of_text, name_of, require_target, ser, weight};
use crate::error::{Error, Result};
use crate::model::{ActorId, Date, DecisionRule, Stance, Target};
use crate::scenario::{Change, Situation};

/// Whether a bloc backs the target under a rule, from its tallies. A bloc with no
/// members backs nothing: there is no one to decide.
pub(crate) fn passes(
    rule: DecisionRule,
    members: usize,
    supporters: usize,
    support_influence: f64,
    influence: f64,
) -> bool {
    members > 0
        && match rule {
            DecisionRule::Unanimity => supporters == members,
            DecisionRule::Majority => 2 * supporters > members,
            DecisionRule::Weighted(t) => {
                influence > 0.0 && support_influence >= t * influence - EPSILON * influence
            }
        }
}

/// Why a bloc does or does not back a target, in words.
pub(crate) fn reason(
    rule: DecisionRule,
    members: usize,
    supporters: usize,
    support_influence: f64,
    influence: f64,
) -> String {
    if members == 0 {
        return "no members".into();
    }
    match rule {
        DecisionRule::Unanimity => {
            format!("{supporters} of {members} members support; unanimity needs all {members}")
        }
        DecisionRule::Majority => format!(
            "{supporters} of {members} members support; a majority needs {}",
            members / 2 + 1
        ),
        DecisionRule::Weighted(t) => {
            let share = if influence > 0.0 {
                100.0 * support_influence / influence
            } else {
                0.0
            };
            format!(
                "supporters hold {}% of the members' influence; the rule needs {}%",
                weight(share),
                weight(100.0 * t)
            )
        }
    }
}

#[derive(Clone, Debug)]
struct Seat {
    stance: Option<Stance>,
    influence: f64,
    /// Indices into `BlocBoard::tallies`.
    blocs: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Tally {
    bloc: ActorId,
    rule: DecisionRule,
    /// Indices into `BlocBoard::seats`, in file order.
    members: Vec<usize>,
    supporters: usize,
    support_influence: f64,
    influence: f64,
}

impl Tally {
    fn passes(&self) -> bool {
        passes(
            self.rule,
            self.members.len(),
            self.supporters,
            self.support_influence,
            self.influence,
        )
    }
}

/// The standing of every bloc on one target: members, supporters and influence,
/// kept so that moving one actor touches only that actor's blocs.
#[derive(Clone, Debug)]
pub struct BlocBoard {
    target: Target,
    as_of: Option<Date>,
    seats: IndexMap<ActorId, Seat>,
    tallies: Vec<Tally>,
}

/// A bloc's decision on the target, from its tallies.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The bloc.
    pub bloc: ActorId,
    /// Its rule.
    pub rule: DecisionRule,
    /// How many members it has.
    pub members: usize,
    /// How many of them support.
    pub supporters: usize,
    /// The supporters' summed influence.
    pub support_influence: f64,
    /// All members' summed influence.
    pub influence: f64,
    /// Whether the bloc backs the target under its rule.
    pub backs: bool,
}

impl BlocBoard {
    /// Counts every bloc's members on `target` as of a date.
    pub fn build(situation: &Situation, target: &Target, as_of: Option<Date>) -> Result<Self> {
        require_target(situation, target)?;
        let stances: HashMap<ActorId, Stance> = situation
            .stances_on(target, as_of)
            .into_iter()
            .map(|(a, h)| (a, h.stance))
            .collect();
        let mut board = Self {
            target: target.clone(),
            as_of,
            seats: IndexMap::new(),
            tallies: Vec::new(),
        };
        board.seat(situation, |a| stances.get(a).copied());
        Ok(board)
    }

    /// Fills seats and tallies from the situation's membership; `stance` says where
    /// each member stands.
    fn seat(&mut self, situation: &Situation, stance: impl Fn(&ActorId) -> Option<Stance>) {
        let membership = situation.membership(self.as_of);
        let mut seats: IndexMap<ActorId, Seat> = IndexMap::new();
        let mut tallies = Vec::new();
        for (b, (bloc, members)) in membership.blocs().enumerate() {
            let mut tally = Tally {
                bloc: bloc.clone(),
                rule: situation.rule(bloc),
                members: Vec::with_capacity(members.len()),
                supporters: 0,
                support_influence: 0.0,
                influence: 0.0,
            };
            for m in members {
                let entry = seats.entry(m.clone());
                let i = entry.index();
                let seat = entry.or_insert_with(|| Seat {
                    stance: stance(m),
                    influence: situation.influence(m),
                    blocs: Vec::new(),
                });
                seat.blocs.push(b);
                tally.members.push(i);
                tally.influence += seat.influence;
                if seat.stance == Some(Stance::Support) {
                    tally.supporters += 1;
                    tally.support_influence += seat.influence;
                }
            }
            tallies.push(tally);
        }
        self.seats = seats;
        self.tallies = tallies;
    }

    /// The target counted.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Brings the board in line with `situation`, the result of applying
    /// `changes` to the situation the board was built from. Stance, influence and
    /// rule changes update only the tallies of the blocs concerned; membership
    /// changes regroup the members, reusing every stance already known.
    pub fn update(&mut self, situation: &Situation, changes: &[Change]) -> Result<()> {
        let mut regroup = false;
        for change in changes {
            match change {
                Change::SetStance { actor, target, .. } if target == &self.target => {
                    let now = situation.stance(actor, target, self.as_of);
                    self.restance(actor, now.map(|h| h.stance));
                }
                Change::AddStatement { statement, .. } if statement.target == self.target => {
                    let actor = statement.principal();
                    let now = situation.stance(actor, &self.target, self.as_of);
                    self.restance(actor, now.map(|h| h.stance));
                }
                Change::SetInfluence { actor, .. } => {
                    self.reweigh(actor, situation.influence(actor));
                }
                Change::SetRule { bloc, .. } => {
                    for t in self.tallies.iter_mut().filter(|t| &t.bloc == bloc) {
                        t.rule = situation.rule(bloc);
                    }
                }
                Change::JoinBloc { .. } | Change::LeaveBloc { .. } => regroup = true,
                Change::DropPoint(p) if self.target == Target::Point(p.clone()) => {
                    return Err(Error::UnknownTarget(p.to_string()));
                }
                Change::SetStance { .. } | Change::AddStatement { .. } | Change::DropPoint(_) => {}
            }
        }
        if regroup {
            let known: HashMap<ActorId, Option<Stance>> = self
                .seats
                .iter()
                .map(|(a, s)| (a.clone(), s.stance))
                .collect();
            let target = self.target.clone();
            let as_of = self.as_of;
            self.seat(situation, |a| match known.get(a) {
                Some(s) => *s,
                None => situation.stance(a, &target, as_of).map(|h| h.stance),
            });
        }
        Ok(())
    }

    /// Moves one actor to `stance` (`None`: no stance), updating the tallies of
    /// the blocs it sits in. An actor in no bloc changes nothing here.
    pub fn restance(&mut self, actor: &ActorId, stance: Option<Stance>) {
        let Some(seat) = self.seats.get_mut(actor) else {
            return;
        };
        let was = seat.stance == Some(Stance::Support);
        let is = stance == Some(Stance::Support);
        seat.stance = stance;
        if was == is {
            return;
        }
        for &b in &seat.blocs {
            let t = &mut self.tallies[b];
            if is {
                t.supporters += 1;
                t.support_influence += seat.influence;
            } else {
                t.supporters -= 1;
                t.support_influence -= seat.influence;
            }
        }
    }

    /// Gives one actor a new influence weight, updating its blocs' sums.
    pub fn reweigh(&mut self, actor: &ActorId, influence: f64) {
        let Some(seat) = self.seats.get_mut(actor) else {
            return;
        };
        let delta = influence - seat.influence;
        seat.influence = influence;
        let supports = seat.stance == Some(Stance::Support);
        for &b in &seat.blocs {
            let t = &mut self.tallies[b];
            t.influence += delta;
            if supports {
                t.support_influence += delta;
            }
        }
    }

    fn verdict_of(&self, t: &Tally) -> Verdict {
        Verdict {
            bloc: t.bloc.clone(),
            rule: t.rule,
            members: t.members.len(),
            supporters: t.supporters,
            support_influence: t.support_influence,
            influence: t.influence,
            backs: t.passes(),
        }
    }

    /// Every bloc's decision, in file order: a read of the tallies, no recount.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.tallies.iter().map(|t| self.verdict_of(t)).collect()
    }

    /// One bloc's decision (`None` when the actor is not a bloc).
    pub fn verdict(&self, bloc: &ActorId) -> Option<Verdict> {
        self.tallies
            .iter()
            .find(|t| &t.bloc == bloc)
            .map(|t| self.verdict_of(t))
    }

    /// The blocs, in file order.
    pub fn blocs(&self) -> impl Iterator<Item = &ActorId> {
        self.tallies.iter().map(|t| &t.bloc)
    }

    /// A bloc's members with their stance and influence, in file order.
    pub(crate) fn members(
        &self,
        bloc: &ActorId,
    ) -> Option<impl Iterator<Item = (&ActorId, Option<Stance>, f64)>> {
        let t = self.tallies.iter().find(|t| &t.bloc == bloc)?;
        Some(t.members.iter().filter_map(|&i| {
            self.seats
                .get_index(i)
                .map(|(a, s)| (a, s.stance, s.influence))
        }))
    }

    /// The full answer: each bloc with its members by stance.
    pub fn report(&self, situation: &Situation, only: Option<&ActorId>) -> Result<Blocs> {
        if let Some(b) = only
            && !self.tallies.iter().any(|t| &t.bloc == b)
        {
            return Err(not_a_bloc(b));
        }
        let mut blocs = Vec::new();
        for t in &self.tallies {
            if only.is_some_and(|b| b != &t.bloc) {
                continue;
            }
            let mut by: [Vec<ActorId>; 4] = Default::default();
            for &i in &t.members {
                if let Some((a, seat)) = self.seats.get_index(i) {
                    let slot = match seat.stance {
                        Some(Stance::Support) => 0,
                        Some(Stance::Skeptical) => 1,
                        Some(Stance::NonStarter) => 2,
                        None => 3,
                    };
                    by[slot].push(a.clone());
                }
            }
            let [support, skeptical, non_starter, no_stance] = by;
            let n = t.members.len();
            blocs.push(BlocStanding {
                bloc: t.bloc.clone(),
                name: name_of(situation, &t.bloc),
                rule: t.rule,
                own_stance: situation
                    .stance(&t.bloc, &self.target, self.as_of)
                    .map(|h| h.stance),
                members: n,
                supporters: t.supporters,
                support_influence: t.support_influence,
                member_influence: t.influence,
                support,
                skeptical,
                non_starter,
                no_stance,
                backs: t.passes(),
                reason: reason(t.rule, n, t.supporters, t.support_influence, t.influence),
            });
        }
        Ok(Blocs {
            target: self.target.clone(),
            as_of: self.as_of,
            blocs,
        })
    }
}

pub(crate) fn not_a_bloc(actor: &ActorId) -> Error {
    Error::Usage(format!(
        "`{actor}` is not a bloc: it is not of kind Bloc and has no members"
    ))
}

/// Every bloc's standing on a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocs {
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The date stances and memberships are taken at.
    pub as_of: Option<Date>,
    /// Each bloc, in file order.
    pub blocs: Vec<BlocStanding>,
}

/// One bloc's members by stance, and its decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlocStanding {
    /// The bloc.
    pub bloc: ActorId,
    /// Its name.
    pub name: String,
    /// How it decides.
    #[serde(serialize_with = "ser::rule")]
    pub rule: DecisionRule,
    /// The bloc's own stance, as an actor, if it has one (not counted in its rule).
    #[serde(serialize_with = "ser::opt_stance")]
    pub own_stance: Option<Stance>,
    /// How many members it has.
    pub members: usize,
    /// How many members support.
    pub supporters: usize,
    /// The supporters' influence.
    pub support_influence: f64,
    /// All members' influence.
    pub member_influence: f64,
    /// Members who support.
    pub support: Vec<ActorId>,
    /// Members who are skeptical.
    pub skeptical: Vec<ActorId>,
    /// Members for whom it is a non-starter.
    #[serde(rename = "non-starter")]
    pub non_starter: Vec<ActorId>,
    /// Members with no stance (they do not support).
    #[serde(rename = "no-stance")]
    pub no_stance: Vec<ActorId>,
    /// Whether the bloc backs the target under its rule.
    pub backs: bool,
    /// Why, in words.
    pub reason: String,
}

/// How each bloc lines up on `target` (only the bloc `only`, when given).
pub fn blocs(
    situation: &Situation,
    target: &Target,
    as_of: Option<Date>,
    only: Option<&ActorId>,
) -> Result<Blocs> {
    BlocBoard::build(situation, target, as_of)?.report(situation, only)
}

impl Blocs {
    /// One bloc's standing.
    pub fn bloc(&self, bloc: &str) -> Option<&BlocStanding> {
        self.blocs.iter().find(|b| b.bloc.as_str() == bloc)
    }

    /// The answer as a table, then each bloc's members by stance.
    pub fn table(&self) -> String {
        let mut t = Table::new(
            format!("Blocs on {}{}", self.target, as_of_text(self.as_of)),
            &["bloc", "rule", "members", "support", "backs", "why"],
        )
        .when_empty("(the graph has no blocs)");
        for b in &self.blocs {
            t.row(vec![
                b.bloc.to_string(),
                b.rule.to_string(),
                b.members.to_string(),
                b.supporters.to_string(),
                if b.backs { "yes" } else { "no" }.into(),
                b.reason.clone(),
            ]);
        }
        let mut out = t.render();
        if !self.blocs.is_empty() {
            let mut m = Table::new(
                "\nMembers by stance",
                &["bloc", "support", "skeptical", "non-starter", "no stance"],
            );
            let list = |v: &[ActorId]| {
                if v.is_empty() {
                    "-".to_owned()
                } else {
                    v.iter().map(ActorId::as_str).collect::<Vec<_>>().join(", ")
                }
            };
            for b in &self.blocs {
                m.row(vec![
                    b.bloc.to_string(),
                    list(&b.support),
                    list(&b.skeptical),
                    list(&b.non_starter),
                    list(&b.no_stance),
                ]);
            }
            out.push_str(&m.render());
        }
        out
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for b in &self.blocs {
            let yes = if b.backs { "yes" } else { "no" };
            out.push((format!("{} backs {}", b.bloc, self.target), yes.into()));
            out.push((
                format!("{} supporters", b.bloc),
                format!("{} of {}", b.supporters, b.members),
            ));
            if matches!(b.rule, DecisionRule::Weighted(_)) {
                out.push((
                    format!("{} support influence", b.bloc),
                    format!(
                        "{} of {}",
                        weight(b.support_influence),
                        weight(b.member_influence)
                    ),
                ));
            }
            out.push((format!("{} rule", b.bloc), b.rule.to_string()));
        }
        out
    }
}
