//! `movers`: the smallest set of members whose move to support would make a bloc
//! back the target — fewest actors first, then least total influence.
//!
//! Under unanimity every non-supporter must move; under a majority the fewest
//! movers are the missing count and the least influence among sets of that size is
//! the lightest non-supporters, so both are exact at any size. A weighted threshold
//! makes the second criterion a subset-sum problem: it is searched exactly (branch
//! and bound) for blocs of up to [`EXACT_LIMIT`] non-supporters, and beyond that
//! answered by a stated heuristic, labelled as such in the output: take the
//! heaviest non-supporters (which always gives the fewest movers), then swap each,
//! heaviest first, for the lightest outsider that still meets the threshold.

use serde::Serialize;

use super::blocs::{BlocBoard, not_a_bloc, passes, reason};
use super::{EPSILON, Table, as_of_text, name_of, ser, weight};
use crate::error::{Error, Result};
use crate::graph::StanceGraph;
use crate::model::{ActorId, Date, DecisionRule, Stance, Target};
use crate::scenario::{Situation, find_actor};

/// Up to this many non-supporting members, a weighted rule is searched exactly.
pub const EXACT_LIMIT: usize = 25;

/// Which blocs, under which rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MoversOptions {
    /// Only this bloc; every bloc when `None`.
    pub bloc: Option<ActorId>,
    /// This rule instead of each bloc's own.
    pub rule: Option<DecisionRule>,
    /// Stances and memberships as of this date.
    pub as_of: Option<Date>,
}

impl MoversOptions {
    /// The options from names as a user types them: `bloc` an id, name or alias of
    /// one of `graph`'s actors; a rule or a weighted threshold, not both.
    pub fn from_names(
        graph: &StanceGraph,
        bloc: Option<&str>,
        rule: Option<DecisionRule>,
        threshold: Option<f64>,
        as_of: Option<Date>,
    ) -> Result<Self> {
        let rule = match (rule, threshold) {
            (Some(_), Some(_)) => {
                return Err(Error::Usage("give a rule or a threshold, not both".into()));
            }
            (Some(r), None) => Some(r),
            (None, Some(t)) => Some(super::threshold_rule(t)?),
            (None, None) => None,
        };
        Ok(Self {
            bloc: bloc.map(|b| find_actor(graph, b)).transpose()?,
            rule,
            as_of,
        })
    }
}

/// Who would have to move, bloc by bloc.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Movers {
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The date stances are taken at.
    pub as_of: Option<Date>,
    /// One entry per bloc, in file order.
    pub blocs: Vec<BlocMovers>,
}

/// Whether a bloc can be brought to back the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It backs the target already; nobody needs to move.
    AlreadyBacks,
    /// The movers listed would make it back the target.
    Reachable,
    /// Even if every member supported, the rule would not be met.
    Unreachable,
}

/// How the movers were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Provably the fewest, then the least influence.
    Exact,
    /// The fewest, but perhaps not the least influence (see the module docs).
    Heuristic,
}

/// The movers for one bloc.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlocMovers {
    /// The bloc.
    pub bloc: ActorId,
    /// Its name.
    pub name: String,
    /// The rule applied.
    #[serde(serialize_with = "ser::rule")]
    pub rule: DecisionRule,
    /// Members.
    pub members: usize,
    /// Members supporting now.
    pub supporters: usize,
    /// Where the bloc stands now, in words.
    pub now: String,
    /// Whether it can be brought round.
    pub outcome: Outcome,
    /// Who would have to move to support, in file order.
    pub movers: Vec<Mover>,
    /// Their summed influence.
    pub influence: f64,
    /// Exact or heuristic.
    pub method: Method,
}

/// A member who would have to move.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mover {
    /// The actor.
    pub actor: ActorId,
    /// Its name.
    pub name: String,
    /// Its stance now.
    #[serde(serialize_with = "ser::opt_stance")]
    pub stance: Option<Stance>,
    /// Its influence.
    pub influence: f64,
}

/// Who would have to move for each bloc (or the one asked for) to back `target`.
pub fn movers(situation: &Situation, target: &Target, opts: &MoversOptions) -> Result<Movers> {
    let board = BlocBoard::build(situation, target, opts.as_of)?;
    movers_on(&board, situation, opts)
}

/// [`movers`] on a board already counted (the board's target and date apply).
pub fn movers_on(board: &BlocBoard, situation: &Situation, opts: &MoversOptions) -> Result<Movers> {
    if let Some(b) = &opts.bloc
        && board.verdict(b).is_none()
    {
        return Err(not_a_bloc(b));
    }
    let mut blocs = Vec::new();
    for bloc in board.blocs() {
        if opts.bloc.as_ref().is_some_and(|b| b != bloc) {
            continue;
        }
        let Some(members) = board.members(bloc) else {
            continue;
        };
        let members: Vec<(&ActorId, Option<Stance>, f64)> = members.collect();
        let rule = opts.rule.unwrap_or_else(|| situation.rule(bloc));
        let supporters = members
            .iter()
            .filter(|(_, s, _)| *s == Some(Stance::Support))
            .count();
        let support_influence: f64 = members
            .iter()
            .filter(|(_, s, _)| *s == Some(Stance::Support))
            .map(|(_, _, w)| w)
            .sum();
        let influence: f64 = members.iter().map(|(_, _, w)| w).sum();
        let candidates: Vec<(usize, f64)> = members
            .iter()
            .enumerate()
            .filter(|(_, (_, s, _))| *s != Some(Stance::Support))
            .map(|(i, (_, _, w))| (i, *w))
            .collect();
        let tally = Tally {
            members: members.len(),
            supporters,
            support_influence,
            influence,
        };
        let (outcome, mut picked, method) = pick(rule, &tally, &candidates);
        picked.sort_unstable();
        let movers: Vec<Mover> = picked
            .iter()
            .filter_map(|&i| members.get(i))
            .map(|(a, s, w)| Mover {
                actor: (*a).clone(),
                name: name_of(situation, a),
                stance: *s,
                influence: *w,
            })
            .collect();
        blocs.push(BlocMovers {
            bloc: bloc.clone(),
            name: name_of(situation, bloc),
            rule,
            members: members.len(),
            supporters,
            now: reason(
                rule,
                members.len(),
                supporters,
                support_influence,
                influence,
            ),
            outcome,
            influence: movers.iter().map(|m| m.influence).sum(),
            movers,
            method,
        });
    }
    Ok(Movers {
        target: board.target().clone(),
        as_of: opts.as_of,
        blocs,
    })
}

/// A bloc's counts now.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tally {
    pub members: usize,
    pub supporters: usize,
    pub support_influence: f64,
    pub influence: f64,
}

/// Chooses movers among `candidates` (the non-supporters: position and
/// influence), returning their positions.
pub(crate) fn pick(
    rule: DecisionRule,
    now: &Tally,
    candidates: &[(usize, f64)],
) -> (Outcome, Vec<usize>, Method) {
    if passes(
        rule,
        now.members,
        now.supporters,
        now.support_influence,
        now.influence,
    ) {
        return (Outcome::AlreadyBacks, Vec::new(), Method::Exact);
    }
    let all_in = passes(rule, now.members, now.members, now.influence, now.influence);
    if !all_in {
        return (Outcome::Unreachable, Vec::new(), Method::Exact);
    }
    match rule {
        DecisionRule::Unanimity => (
            Outcome::Reachable,
            candidates.iter().map(|(i, _)| *i).collect(),
            Method::Exact,
        ),
        DecisionRule::Majority => {
            let k = (now.members / 2 + 1).saturating_sub(now.supporters);
            let mut light = candidates.to_vec();
            light.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            (
                Outcome::Reachable,
                light.iter().take(k).map(|(i, _)| *i).collect(),
                Method::Exact,
            )
        }
        DecisionRule::Weighted(t) => {
            let need = t * now.influence - now.support_influence - EPSILON * now.influence;
            let mut heavy = candidates.to_vec();
            heavy.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let weights: Vec<f64> = heavy.iter().map(|(_, w)| *w).collect();
            let Some(k) = fewest(&weights, need) else {
                return (Outcome::Unreachable, Vec::new(), Method::Exact);
            };
            let (chosen, method) = if heavy.len() <= EXACT_LIMIT {
                (lightest_exact(&weights, k, need), Method::Exact)
            } else {
                (lightest_heuristic(&weights, k, need), Method::Heuristic)
            };
            (
                Outcome::Reachable,
                chosen.into_iter().map(|j| heavy[j].0).collect(),
                method,
            )
        }
    }
}

/// The fewest of `weights` (sorted heaviest first) whose sum reaches `need`: the
/// heaviest ones, so the shortest prefix that does.
fn fewest(weights: &[f64], need: f64) -> Option<usize> {
    let mut sum = 0.0;
    if need <= 0.0 {
        return Some(0);
    }
    for (i, w) in weights.iter().enumerate() {
        sum += w;
        if sum >= need {
            return Some(i + 1);
        }
    }
    None
}

/// Exactly `k` of `weights` (sorted heaviest first) with the least sum that still
/// reaches `need`, by branch and bound; positions into `weights`. Among equal sums
/// the first found (heaviest, then earliest) wins.
fn lightest_exact(weights: &[f64], k: usize, need: f64) -> Vec<usize> {
    struct Search<'a> {
        w: &'a [f64],
        k: usize,
        need: f64,
        best: Option<(f64, Vec<usize>)>,
        chosen: Vec<usize>,
    }
    impl Search<'_> {
        /// The sum of `n` weights starting at `from` (the heaviest `n` from there).
        fn run(&self, from: usize, n: usize) -> f64 {
            self.w[from..from + n].iter().sum()
        }
        /// The sum of the last `n` weights (the lightest `n`).
        fn tail(&self, n: usize) -> f64 {
            self.w[self.w.len() - n..].iter().sum()
        }
        fn go(&mut self, from: usize, sum: f64) {
            let left = self.k - self.chosen.len();
            if left == 0 {
                let better = self.best.as_ref().is_none_or(|(b, _)| sum < b - 1e-12);
                if sum >= self.need && better {
                    self.best = Some((sum, self.chosen.clone()));
                }
                return;
            }
            for i in from..=self.w.len() - left {
                if sum + self.run(i, left) < self.need {
                    // Later starts only offer lighter weights.
                    break;
                }
                let least = sum + self.w[i] + self.tail(left - 1);
                if self.best.as_ref().is_some_and(|(b, _)| least >= b - 1e-12) {
                    continue;
                }
                self.chosen.push(i);
                self.go(i + 1, sum + self.w[i]);
                self.chosen.pop();
            }
        }
    }
    let mut s = Search {
        w: weights,
        k,
        need,
        best: None,
        chosen: Vec::with_capacity(k),
    };
    s.go(0, 0.0);
    s.best.map(|(_, v)| v).unwrap_or_else(|| (0..k).collect())
}

/// `k` of `weights` (sorted heaviest first) reaching `need`: the heaviest `k`, then
/// each swapped, heaviest first, for the lightest outsider that keeps the sum at
/// `need`. Positions into `weights`.
fn lightest_heuristic(weights: &[f64], k: usize, need: f64) -> Vec<usize> {
    let mut chosen: Vec<usize> = (0..k).collect();
    let mut sum: f64 = weights[..k].iter().sum();
    // Outsiders, heaviest first, as positions into `weights`.
    let mut out: Vec<usize> = (k..weights.len()).collect();
    for slot in chosen.iter_mut() {
        let c = *slot;
        // The outsiders that could stand in are a prefix (the heavy ones) of `out`.
        let fits = out.partition_point(|&j| sum - weights[c] + weights[j] >= need);
        if fits == 0 {
            continue;
        }
        let j = out[fits - 1];
        if weights[j] >= weights[c] {
            continue;
        }
        sum += weights[j] - weights[c];
        out.remove(fits - 1);
        let at = out
            .partition_point(|&o| weights[o] > weights[c] || (weights[o] == weights[c] && o < c));
        out.insert(at, c);
        *slot = j;
    }
    chosen
}

impl Movers {
    /// One bloc's movers.
    pub fn bloc(&self, bloc: &str) -> Option<&BlocMovers> {
        self.blocs.iter().find(|b| b.bloc.as_str() == bloc)
    }

    /// The answer as a table.
    pub fn table(&self) -> String {
        let mut t = Table::new(
            format!(
                "Who would have to move to support {}{}",
                self.target,
                as_of_text(self.as_of)
            ),
            &["bloc", "rule", "now", "movers", "influence", "method"],
        )
        .when_empty("(the graph has no blocs)");
        for b in &self.blocs {
            let movers = match b.outcome {
                Outcome::AlreadyBacks => "none: it backs it already".to_owned(),
                Outcome::Unreachable => "cannot pass: not even with every member".to_owned(),
                Outcome::Reachable => b
                    .movers
                    .iter()
                    .map(|m| match m.stance {
                        Some(s) => format!("{} ({s})", m.actor),
                        None => format!("{} (no stance)", m.actor),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            t.row(vec![
                b.bloc.to_string(),
                b.rule.to_string(),
                b.now.clone(),
                movers,
                weight(b.influence),
                match b.method {
                    Method::Exact => "exact".into(),
                    Method::Heuristic => "heuristic".into(),
                },
            ]);
        }
        t.render()
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        self.blocs
            .iter()
            .map(|b| {
                let v = match b.outcome {
                    Outcome::AlreadyBacks => "none needed".to_owned(),
                    Outcome::Unreachable => "unreachable".to_owned(),
                    Outcome::Reachable => b
                        .movers
                        .iter()
                        .map(|m| m.actor.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                (format!("{} movers on {}", b.bloc, self.target), v)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(members: usize, supporters: usize, support: f64, all: f64) -> Tally {
        Tally {
            members,
            supporters,
            support_influence: support,
            influence: all,
        }
    }

    #[test]
    fn majority_takes_the_lightest_missing_count() {
        // 5 members, 1 supports: 2 more are needed; the two lightest of the four.
        let c = [(0, 3.0), (2, 1.0), (3, 2.0), (4, 1.0)];
        let (o, p, m) = pick(DecisionRule::Majority, &tally(5, 1, 1.0, 8.0), &c);
        assert_eq!((o, m), (Outcome::Reachable, Method::Exact));
        assert_eq!(p, vec![2, 4]);
    }

    #[test]
    fn weighted_finds_the_least_influence_among_the_fewest() {
        // Need 6 more. One actor cannot do it (max 5); pairs reaching 6: 5+1 = 6
        // is the least, not 5+4 = 9 that greedy would take.
        let c = [(0, 5.0), (1, 4.0), (2, 1.0)];
        let (o, mut p, m) = pick(DecisionRule::Weighted(0.6), &tally(4, 1, 0.0, 10.0), &c);
        p.sort_unstable();
        assert_eq!((o, m), (Outcome::Reachable, Method::Exact));
        assert_eq!(p, vec![0, 2]);
    }

    #[test]
    fn exact_and_heuristic_agree_on_the_count_and_exact_is_never_heavier() {
        // A deterministic spread of weights; compare both searches for many needs.
        let mut w: Vec<f64> = (0..20u32).map(|i| f64::from((i * 7919) % 23 + 1)).collect();
        w.sort_by(|a, b| b.total_cmp(a));
        let total: f64 = w.iter().sum();
        for need in [1.0, 10.0, 37.5, total / 2.0, total - 3.0, total] {
            let k = fewest(&w, need).unwrap();
            let exact = lightest_exact(&w, k, need);
            let heur = lightest_heuristic(&w, k, need);
            let sum = |v: &[usize]| v.iter().map(|&i| w[i]).sum::<f64>();
            assert_eq!(exact.len(), k);
            assert_eq!(heur.len(), k);
            assert!(sum(&exact) >= need && sum(&heur) >= need);
            assert!(sum(&exact) <= sum(&heur) + 1e-9, "need {need}");
        }
    }

    #[test]
    fn impossible_and_already_passing() {
        let c = [(0, 1.0)];
        assert_eq!(
            pick(DecisionRule::Weighted(0.5), &tally(1, 0, 0.0, 0.0), &c).0,
            Outcome::Unreachable,
            "no influence at all cannot reach any share"
        );
        assert_eq!(
            pick(DecisionRule::Majority, &tally(0, 0, 0.0, 0.0), &[]).0,
            Outcome::Unreachable
        );
        assert_eq!(
            pick(DecisionRule::Majority, &tally(3, 2, 2.0, 3.0), &c).0,
            Outcome::AlreadyBacks
        );
    }
}
