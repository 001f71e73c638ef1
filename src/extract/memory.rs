//! What one article's reading remembers from sentence to sentence: who was named
//! and who spoke last (for resolving "he", "they" and "the governor"), the actors
//! the article introduced, and the spellings it used for known ones. All of it is
//! made fresh for each article; the indexes built from the base graph are shared.

use indexmap::IndexMap;

use super::actors::{Gazetteer, without_possessive};
use super::contracts::{How, NewActor, Sentence, Speaker, Who};
use super::lexicon::Vocab;
use super::text::norm_owned;
use crate::model::{Actor, ActorId, ActorKind, Affiliation, Relation};

/// One article's memory.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    /// Who was named and who spoke.
    pub past: Discourse,
    /// The actors the article introduced, by every spelling.
    pub local: Gazetteer,
    /// The same actors, in the order introduced.
    pub new_actors: IndexMap<ActorId, Actor>,
    /// Spellings seen for known actors that their names do not list ("Zelenksyy").
    pub spellings: Vec<(ActorId, String)>,
}

impl Memory {
    /// Makes sure the speaker is a known actor, adding a new one (with the spelling
    /// seen) when the text introduced it, and returns its id.
    pub fn register(&mut self, sp: &Speaker, known: &Gazetteer) -> ActorId {
        let n: &NewActor = match &sp.who {
            Who::Known(id) => return id.clone(),
            Who::New(n) => n,
        };
        if let Some(id) = self.local.lookup(&n.name).or_else(|| known.lookup(&n.name)) {
            return id.clone();
        }
        let id = ActorId::from_text(&n.name);
        let mut actor = Actor::new(n.name.clone(), n.kind);
        if let Some(t) = &n.title {
            actor.titles.push(t.clone());
        }
        if let Some(p) = &sp.principal {
            actor
                .affiliations
                .push(Affiliation::new(Relation::SpeaksFor, p.clone()));
        }
        self.local.add(id.clone(), actor.clone());
        self.new_actors.insert(id.clone(), actor);
        id
    }

    /// Remembers the sentence: the spellings it used for known actors, who it named,
    /// and who spoke.
    pub fn remember(&mut self, view: &Sentence<'_>, speaker: Option<&Speaker>, known: &Gazetteer) {
        for m in view.mentions.iter().filter(|m| m.how != How::Surname) {
            let surface = without_possessive(&m.surface);
            let listed = self
                .local
                .actor(&m.actor)
                .or_else(|| known.actor(&m.actor))
                .is_some_and(|a| a.names().any(|n| n.eq_ignore_ascii_case(surface)));
            if !listed
                && !self
                    .spellings
                    .iter()
                    .any(|(a, s)| a == &m.actor && s == surface)
            {
                self.spellings.push((m.actor.clone(), surface.to_owned()));
            }
        }
        for m in &view.mentions {
            let actor = self.local.actor(&m.actor).or_else(|| known.actor(&m.actor));
            self.past.saw(&m.actor, actor);
        }
        if let Some(Speaker {
            who: Who::Known(id),
            ..
        }) = speaker
        {
            let actor = self.local.actor(id).or_else(|| known.actor(id));
            self.past.saw(id, actor);
            self.past.last_speaker = Some(id.clone());
            if actor.is_some_and(|a| a.kind == ActorKind::Person) {
                self.past.last_person = Some(id.clone());
            }
        }
    }
}

/// What came before the current sentence, for resolving "he", "they", "the governor".
#[derive(Clone, Debug, Default)]
pub(crate) struct Discourse {
    pub last_person: Option<ActorId>,
    pub last_group: Option<ActorId>,
    pub last_speaker: Option<ActorId>,
    /// The last speaker found and the paragraph they spoke in: a quotation opening
    /// a later sentence of that paragraph continues their words.
    pub last_said: Option<(usize, Speaker)>,
    /// Actors in order of last mention.
    recent: Vec<Seen>,
}

/// An actor as the discourse remembers it: the words of its name and of its titles.
#[derive(Clone, Debug)]
struct Seen {
    id: ActorId,
    /// Name words, plus the kind for non-persons ("council", "government").
    name: Vec<String>,
    titles: Vec<String>,
}

impl Discourse {
    /// The last actor whose name or titles contain the role phrase's head noun. An
    /// actor named after the role ("the council") beats one holding it as a title
    /// ("chief negotiator of the council").
    pub fn by_role(&self, phrase: &[&str], lex: &Vocab) -> Option<ActorId> {
        let (short, full) = lex.role_forms(phrase.last()?);
        let fits = |w: &String| w == short || w == full || w.trim_end_matches('s') == full;
        let recent = || self.recent.iter().rev();
        recent()
            .find(|s| s.name.iter().any(fits))
            .or_else(|| recent().find(|s| s.titles.iter().any(fits)))
            .map(|s| s.id.clone())
    }

    pub fn saw(&mut self, id: &ActorId, actor: Option<&Actor>) {
        if let Some(a) = actor {
            match a.kind {
                ActorKind::Person => self.last_person = Some(id.clone()),
                _ => self.last_group = Some(id.clone()),
            }
        }
        // Seen before with its words: only its place changes.
        let before = self
            .recent
            .iter()
            .position(|s| &s.id == id && !s.name.is_empty())
            .filter(|_| actor.is_some());
        let seen = match before {
            Some(at) => self.recent.remove(at),
            None => {
                self.recent.retain(|s| &s.id != id);
                Seen::new(id, actor)
            }
        };
        self.recent.push(seen);
    }
}

impl Seen {
    /// The words of an actor's name and titles, lowercased.
    fn new(id: &ActorId, actor: Option<&Actor>) -> Self {
        let mut seen = Seen {
            id: id.clone(),
            name: Vec::new(),
            titles: Vec::new(),
        };
        if let Some(a) = actor {
            for t in &a.titles {
                seen.titles.extend(
                    t.split(|c: char| c.is_whitespace() || c == ',')
                        .map(norm_owned)
                        .filter(|w| !w.is_empty()),
                );
            }
            seen.name.extend(a.name.split_whitespace().map(norm_owned));
            if a.kind != ActorKind::Person {
                seen.name.push(a.kind.as_str().to_lowercase());
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Lexicon;

    #[test]
    fn a_role_is_the_last_actor_named_after_it_before_one_holding_it_as_a_title() {
        let lex = Vocab::new(&Lexicon::default());
        let mut past = Discourse::default();
        let council = Actor::new("Harbour Council", ActorKind::Organization);
        let mut chair = Actor::new("Ana Ruiz", ActorKind::Person);
        chair.titles.push("chair of the council".into());
        let (council_id, chair_id) = (
            ActorId::from_text("Harbour Council"),
            ActorId::from_text("Ana Ruiz"),
        );
        past.saw(&council_id, Some(&council));
        past.saw(&chair_id, Some(&chair));
        assert_eq!(past.by_role(&["the", "council"], &lex), Some(council_id));
        assert_eq!(
            past.by_role(&["the", "chair"], &lex),
            Some(chair_id.clone())
        );
        assert_eq!(past.last_person, Some(chair_id));
        assert_eq!(past.by_role(&["the", "mayor"], &lex), None);
        // The lexicon's short forms: "the gov." is the governor.
        let mut governor = Actor::new("Lena Ortiz", ActorKind::Person);
        governor.titles.push("Governor".into());
        let governor_id = ActorId::from_text("Lena Ortiz");
        past.saw(&governor_id, Some(&governor));
        assert_eq!(past.by_role(&["the", "gov."], &lex), Some(governor_id));
    }
}
