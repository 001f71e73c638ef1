//! `support`: influence summed by stance on a target, and the influence-weighted
//! median stance.

use serde::Serialize;

use super::blocs::not_a_bloc;
use super::{Table, as_of_text, require_target, ser, show, weight};
use crate::error::Result;
use crate::model::{ActorId, Date, Stance, Target};
use crate::scenario::Situation;

/// Influence by stance on one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Support {
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The date stances are taken at.
    pub as_of: Option<Date>,
    /// The bloc whose members are counted; every actor when `None`.
    pub among: Option<ActorId>,
    /// Actors who support.
    pub support: SupportTally,
    /// Actors who are skeptical.
    pub skeptical: SupportTally,
    /// Actors for whom it is a non-starter.
    #[serde(rename = "non-starter")]
    pub non_starter: SupportTally,
    /// Actors counted who hold no stance.
    #[serde(rename = "no-stance")]
    pub no_stance: SupportTally,
    /// The influence-weighted median of the stances held (no-stance actors left
    /// out); `None` when nobody counted holds one.
    #[serde(serialize_with = "ser::opt_stance")]
    pub median: Option<Stance>,
}

/// The actors holding one stance and their summed influence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SupportTally {
    /// How many.
    pub count: usize,
    /// Their summed influence.
    pub influence: f64,
    /// Who, in file order.
    pub actors: Vec<ActorId>,
}

impl SupportTally {
    fn add(&mut self, actor: &ActorId, influence: f64) {
        self.count += 1;
        self.influence += influence;
        self.actors.push(actor.clone());
    }
}

/// Sums influence by stance on `target` over every actor, or over the members of
/// the bloc `among`.
pub fn support(
    situation: &Situation,
    target: &Target,
    as_of: Option<Date>,
    among: Option<&ActorId>,
) -> Result<Support> {
    require_target(situation, target)?;
    let population: Vec<ActorId> = match among {
        Some(bloc) => situation
            .membership(as_of)
            .members(bloc)
            .ok_or_else(|| not_a_bloc(bloc))?
            .to_vec(),
        None => situation.graph().actors().map(|(a, _)| a.clone()).collect(),
    };
    let held: std::collections::HashMap<ActorId, Stance> = situation
        .stances_on(target, as_of)
        .into_iter()
        .map(|(a, h)| (a, h.stance))
        .collect();
    let mut out = Support {
        target: target.clone(),
        as_of,
        among: among.cloned(),
        support: SupportTally::default(),
        skeptical: SupportTally::default(),
        non_starter: SupportTally::default(),
        no_stance: SupportTally::default(),
        median: None,
    };
    for a in &population {
        let w = situation.influence(a);
        let slot = match held.get(a) {
            Some(Stance::Support) => &mut out.support,
            Some(Stance::Skeptical) => &mut out.skeptical,
            Some(Stance::NonStarter) => &mut out.non_starter,
            None => &mut out.no_stance,
        };
        slot.add(a, w);
    }
    out.median = weighted_median(&[
        (Stance::NonStarter, out.non_starter.influence),
        (Stance::Skeptical, out.skeptical.influence),
        (Stance::Support, out.support.influence),
    ]);
    Ok(out)
}

/// The lower weighted median: going from the most opposed stance up, the first at
/// which the influence counted reaches half of the total. On an exact half-and-half
/// split the more opposed side is the median, since half is not a majority for the
/// more favourable one.
pub(crate) fn weighted_median(weights: &[(Stance, f64)]) -> Option<Stance> {
    let total: f64 = weights.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return None;
    }
    let mut seen = 0.0;
    for (s, w) in weights {
        seen += w;
        if *w > 0.0 && seen >= total / 2.0 - super::EPSILON * total {
            return Some(*s);
        }
    }
    weights
        .iter()
        .rev()
        .find(|(_, w)| *w > 0.0)
        .map(|(s, _)| *s)
}

impl Support {
    /// The answer as a table.
    pub fn table(&self) -> String {
        let among = self
            .among
            .as_ref()
            .map_or(String::from("all actors"), |b| format!("members of {b}"));
        let mut t = Table::new(
            format!(
                "Influence on {} among {among}{}",
                self.target,
                as_of_text(self.as_of)
            ),
            &["stance", "actors", "influence", "who"],
        );
        for (name, tally) in self.tallies() {
            let who: Vec<&str> = tally.actors.iter().map(ActorId::as_str).collect();
            t.row(vec![
                name.to_owned(),
                tally.count.to_string(),
                weight(tally.influence),
                if who.is_empty() {
                    "-".into()
                } else {
                    who.join(", ")
                },
            ]);
        }
        let mut out = t.render();
        out.push_str(&format!(
            "  influence-weighted median stance: {}\n",
            show(self.median)
        ));
        out
    }

    /// The four tallies with their names, most favourable first.
    pub fn tallies(&self) -> [(&'static str, &SupportTally); 4] {
        [
            ("support", &self.support),
            ("skeptical", &self.skeptical),
            ("non-starter", &self.non_starter),
            ("no stance", &self.no_stance),
        ]
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .tallies()
            .iter()
            .map(|(name, t)| {
                (
                    format!("{name} on {}", self.target),
                    format!("{} actors, influence {}", t.count, weight(t.influence)),
                )
            })
            .collect();
        out.push((
            format!("median stance on {}", self.target),
            show(self.median).to_owned(),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_where_half_the_influence_is_reached() {
        use Stance::*;
        assert_eq!(
            weighted_median(&[(NonStarter, 1.0), (Skeptical, 1.0), (Support, 3.0)]),
            Some(Support)
        );
        assert_eq!(
            weighted_median(&[(NonStarter, 2.0), (Skeptical, 0.0), (Support, 2.0)]),
            Some(NonStarter),
            "a tie goes to the more opposed side"
        );
        assert_eq!(
            weighted_median(&[(NonStarter, 0.0), (Skeptical, 1.0), (Support, 0.0)]),
            Some(Skeptical)
        );
        assert_eq!(
            weighted_median(&[(NonStarter, 0.0), (Skeptical, 0.0), (Support, 0.0)]),
            None
        );
    }
}
