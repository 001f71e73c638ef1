//! `who`: the actors holding a given stance on a target, each with its grounds.

use serde::Serialize;

use super::{Grounds, Table, as_of_text, name_of, require_target, ser};
use crate::error::Result;
use crate::model::{ActorId, Date, Stance, Target};
use crate::scenario::Situation;

/// The actors holding one stance on one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Who {
    /// The target.
    #[serde(serialize_with = "ser::target")]
    pub target: Target,
    /// The stance asked about.
    #[serde(serialize_with = "ser::stance")]
    pub stance: Stance,
    /// The date stances are taken at.
    pub as_of: Option<Date>,
    /// Who holds it, in file order.
    pub actors: Vec<Holder>,
}

/// An actor holding the stance, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holder {
    /// The actor.
    pub actor: ActorId,
    /// Its name.
    pub name: String,
    /// What the stance rests on.
    pub grounds: Grounds,
}

/// The actors whose effective stance on `target` is `stance`.
pub fn who(
    situation: &Situation,
    target: &Target,
    stance: Stance,
    as_of: Option<Date>,
) -> Result<Who> {
    require_target(situation, target)?;
    let actors = situation
        .stances_on(target, as_of)
        .into_iter()
        .filter(|(_, held)| held.stance == stance)
        .map(|(actor, held)| Holder {
            name: name_of(situation, &actor),
            grounds: Grounds::of(situation, &held),
            actor,
        })
        .collect();
    Ok(Who {
        target: target.clone(),
        stance,
        as_of,
        actors,
    })
}

impl Who {
    /// The actors' ids.
    pub fn ids(&self) -> Vec<&ActorId> {
        self.actors.iter().map(|h| &h.actor).collect()
    }

    /// The answer as a table.
    pub fn table(&self) -> String {
        let mut t = Table::new(
            format!(
                "Who holds {} on {}{}",
                self.stance,
                self.target,
                as_of_text(self.as_of)
            ),
            &["actor", "name", "grounds"],
        )
        .when_empty("(nobody)");
        for h in &self.actors {
            t.row(vec![
                h.actor.to_string(),
                h.name.clone(),
                h.grounds.summary(),
            ]);
        }
        t.render()
    }

    pub(crate) fn facts(&self) -> Vec<(String, String)> {
        self.actors
            .iter()
            .map(|h| {
                (
                    format!("{} holds {} on {}", h.actor, self.stance, self.target),
                    "yes".to_owned(),
                )
            })
            .collect()
    }
}
