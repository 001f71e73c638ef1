//! Extraction: from news articles to draft statements, with evidence.
//!
//! The extractor is rule-based, deterministic and explainable. It reads an article
//! sentence by sentence: who is named (known actors by name, alias, surname or a
//! close misspelling; new ones from titles and group nouns), who speaks (verbs of
//! saying, "according to", pronouns and role nouns resolved to the last fitting
//! actor), what about (a proposal by name, "the plan" resolved to the proposal in
//! focus, a point, a claim), and with what stance (cues from the lexicon, turned by
//! negation). Each statement records the cue and the attribution pattern that
//! produced it, and a confidence.

mod actors;
mod assembly;
mod attribution;
mod contracts;
mod cues;
mod filter;
pub mod lexicon;
mod memory;
mod mentions;
mod stance;
mod targets;
mod text;

pub use crate::merge::{MergeReport, Merger, merge};

use indexmap::IndexMap;

use crate::model::{
    Actor, ActorId, ActorKind, Affiliation, Document, Proposal, ProposalId, Relation, Source,
    SourceId, Target,
};
use actors::Gazetteer;
use assembly::Drafts;
pub use contracts::Article;
use contracts::{NewActor, Sentence, Speaker, TargetMention, Who};
use lexicon::{Class, Lexicon, Vocab};
use memory::Memory;
use targets::Targets;
use text::{norm_owned, sentences, story_end};

pub use lexicon::DEFAULT_LEXICON;

/// Reads articles against a base graph's actors, proposals and claims.
#[derive(Clone, Debug)]
pub struct Extractor {
    vocab: Vocab,
    gazetteer: Gazetteer,
    targets: Targets,
    sources: IndexMap<SourceId, Source>,
}

impl Extractor {
    /// An extractor whose gazetteer is `base` (its actors, aliases, proposals and
    /// claims; its statements are not used), reading with `lexicon`.
    pub fn new(base: Option<&Document>, lexicon: Lexicon) -> Self {
        let empty = Document::default();
        let base = base.unwrap_or(&empty);
        let gazetteer = Gazetteer::from_document(base);
        let proponent_words =
            |id: &ActorId| gazetteer.actor(id).map(actor_words).unwrap_or_default();
        let targets = Targets::new(
            base.proposals.clone(),
            base.claims.clone(),
            &proponent_words,
        );
        Self {
            vocab: Vocab::new(&lexicon),
            targets,
            gazetteer,
            sources: base.sources.clone(),
        }
    }

    /// Extracts the statements of one article: a document holding the new
    /// statements and the actors, proposals, claims and source they refer to.
    pub fn extract(&self, article: &Article<'_>) -> Document {
        let mut reader = Reader::new(self, article);
        reader.read();
        reader.finish()
    }
}

/// Sentences longer than this are skipped as not prose.
const MAX_SENTENCE_BYTES: usize = 3_000;

/// Words naming an actor: its names and titles ("governor", "trent").
fn actor_words(a: &Actor) -> Vec<String> {
    a.names()
        .chain(a.titles.iter().map(|w| &**w))
        .flat_map(|n| n.split_whitespace().map(norm_owned).collect::<Vec<_>>())
        .map(|w| match w.as_str() {
            "gov." => "governor".to_owned(),
            _ => w,
        })
        .collect()
}

/// Reads one article: the extractor's shared indexes, the article's own memory and
/// targets, and the statements drafted so far.
struct Reader<'e, 'a> {
    ex: &'e Extractor,
    article: &'e Article<'a>,
    memory: Memory,
    targets: Targets,
    drafts: Drafts,
}

impl<'e, 'a> Reader<'e, 'a> {
    fn new(ex: &'e Extractor, article: &'e Article<'a>) -> Self {
        Self {
            ex,
            article,
            memory: Memory::default(),
            targets: ex.targets.clone(),
            drafts: Drafts::default(),
        }
    }

    /// The pipeline, sentence by sentence: read the sentence and the targets it
    /// names; find who speaks; find proposals the text introduces; call the stances
    /// and draft them as statements; remember what the sentence said.
    fn read(&mut self) {
        let story = &self.article.text[..story_end(self.article.text)];
        // Character offsets advance with the sentences, so spans cost one pass.
        let mut chars_before = 0usize;
        let mut bytes_before = 0usize;
        // In ASCII text, characters are bytes and need no counting.
        let ascii = story.is_ascii();
        // The first line is a headline only when a story follows it.
        let has_body = story.trim_end().contains('\n');
        let mut lowered = String::new();
        let lex = &self.ex.vocab;
        for s in sentences(story) {
            let count = |text: &str| {
                if ascii {
                    text.len()
                } else {
                    text.chars().count()
                }
            };
            chars_before += count(&story[bytes_before..s.start]);
            bytes_before = s.start;
            let span = (chars_before, chars_before + count(s.text));
            // A "sentence" of thousands of characters is not prose (a table, a dump,
            // a line with no full stops): reading it would cost much and yield noise.
            if s.text.len() > MAX_SENTENCE_BYTES {
                continue;
            }
            let mut view = mentions::read(
                s.text,
                &mut lowered,
                lex,
                [&self.ex.gazetteer, &self.memory.local],
            );
            view.span = span;
            view.paragraph = s.paragraph;
            let all = self.targets_in(&view);
            if s.paragraph == 0 && has_body {
                // The headline sets the focus but is no one's statement.
                self.update_focus(&all);
                self.discover_proposal(&view, None);
                continue;
            }
            let mut speaker = attribution::speaker(
                &view,
                &attribution::Context {
                    lex,
                    known: &self.ex.gazetteer,
                    past: &self.memory.past,
                },
            );
            if let Some(sp) = speaker.as_mut() {
                let id = self.register(sp);
                sp.who = Who::Known(id);
                self.memory.past.last_said = Some((s.paragraph, sp.clone()));
            }
            let new_before = self.targets.new.len();
            self.discover_proposal(&view, speaker.as_ref());
            if let (Some(sp), false) = (&speaker, stance::blocked(&view, lex)) {
                // A proposal found in this sentence is only now a target.
                let all = if self.targets.new.len() > new_before {
                    self.targets_in(&view)
                } else {
                    all
                };
                let clauses = attribution::clauses(&view, lex, &sp.who);
                let calls = stance::calls(&view, &clauses, &all, &mut self.targets, lex);
                self.drafts
                    .add(&view, sp, calls, self.article, &self.ex.gazetteer, lex);
                self.update_focus(&all);
            } else {
                self.update_focus(&all);
            }
            self.update_discourse(&view, speaker.as_ref());
        }
    }

    /// The extracted document.
    fn finish(self) -> Document {
        self.drafts.document(
            self.article,
            &self.ex.gazetteer,
            &self.memory,
            &self.targets,
            &self.ex.sources,
        )
    }

    /// The targets the sentence names, points named by the article's own phrases
    /// included.
    fn targets_in(&mut self, view: &Sentence<'_>) -> Vec<TargetMention> {
        let mut all = self
            .targets
            .mentioned(view, 0..view.words.len(), &self.ex.vocab);
        self.targets.name_points(view, &mut all);
        all
    }

    /// Makes sure the speaker is a known actor, adding a new one (with the spelling
    /// seen) when the text introduced it, and returns its id.
    fn register(&mut self, sp: &Speaker) -> ActorId {
        let n: &NewActor = match &sp.who {
            Who::Known(id) => return id.clone(),
            Who::New(n) => n,
        };
        if let Some(id) = self
            .memory
            .local
            .lookup(&n.name)
            .or_else(|| self.ex.gazetteer.lookup(&n.name))
        {
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
        self.memory.local.add(id.clone(), actor.clone());
        self.memory.new_actors.insert(id.clone(), actor);
        id
    }

    fn update_focus(&mut self, all: &[TargetMention]) {
        if let Some(m) = all.iter().rev().find(|m| m.explicit) {
            if let Target::Proposal(p) | Target::Point(crate::model::PointId { proposal: p, .. }) =
                &m.target
            {
                self.targets.focus = Some(p.clone());
            }
        }
    }

    fn update_discourse(&mut self, view: &Sentence<'_>, speaker: Option<&Speaker>) {
        for m in view
            .mentions
            .iter()
            .filter(|m| m.how != contracts::How::Surname)
        {
            let surface = actors::without_possessive(&m.surface);
            let known = self
                .memory
                .local
                .actor(&m.actor)
                .or_else(|| self.ex.gazetteer.actor(&m.actor))
                .is_some_and(|a| a.names().any(|n| n.eq_ignore_ascii_case(surface)));
            if !known
                && !self
                    .memory
                    .spellings
                    .iter()
                    .any(|(a, s)| a == &m.actor && s == surface)
            {
                self.memory
                    .spellings
                    .push((m.actor.clone(), surface.to_owned()));
            }
        }
        for m in &view.mentions {
            let actor = self
                .memory
                .local
                .actor(&m.actor)
                .or_else(|| self.ex.gazetteer.actor(&m.actor));
            self.memory.past.saw(&m.actor, actor);
        }
        if let Some(Speaker {
            who: Who::Known(id),
            ..
        }) = speaker
        {
            let actor = self
                .memory
                .local
                .actor(id)
                .or_else(|| self.ex.gazetteer.actor(id));
            self.memory.past.saw(id, actor);
            self.memory.past.last_speaker = Some(id.clone());
            if actor.is_some_and(|a| a.kind == ActorKind::Person) {
                self.memory.past.last_person = Some(id.clone());
            }
        }
    }

    /// Without a known proposal to read against, the first proposal named with a
    /// distinctive modifier ("a 28-point peace plan") becomes one; "their own
    /// counterproposal" becomes a counterproposal to the one in focus.
    fn discover_proposal(&mut self, view: &Sentence<'_>, speaker: Option<&Speaker>) {
        // Only a counterproposal can be new once proposals are known.
        if !self.targets.proposals.is_empty()
            && !view.class.iter().any(|c| c.has(Class::COUNTER_WORD))
        {
            return;
        }
        // In a headline set in title case every word is capitalised, so a capital
        // says nothing ("Europe Races To Influence Deal").
        let title_case = {
            let mut long = view.words.iter().filter(|w| w.text.len() > 3).peekable();
            long.peek().is_some() && view.words.len() >= 4 && long.all(|w| w.is_capitalized())
        };
        for k in 0..view.words.len() {
            if !view.is(k, Class::PROPOSAL_NOUN) || view.in_quote[k] {
                continue;
            }
            let start = (k.saturating_sub(4)..k)
                .rev()
                .find(|j| {
                    matches!(
                        &*view.lower[*j],
                        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "own" | "this"
                    ) || view.breaks_after(*j)
                })
                .map_or(k.saturating_sub(3), |j| j + 1);
            let modifiers = &view.words[start..k];
            let counter =
                view.is(k, Class::COUNTER_WORD) || (k > 0 && view.is(k - 1, Class::COUNTER_WORD));
            if counter {
                let Some(original) = self.targets.focus.clone() else {
                    continue;
                };
                if self
                    .targets
                    .proposals
                    .values()
                    .any(|p| p.counter_to.as_ref() == Some(&original))
                {
                    continue;
                }
                let title = format!(
                    "{} counterproposal",
                    speaker
                        .and_then(|s| match &s.who {
                            Who::Known(id) => self.ex.gazetteer.actor(id).map(|a| a.name.clone()),
                            Who::New(n) => Some(n.name.clone()),
                        })
                        .unwrap_or_else(|| "Rival".into())
                );
                let mut p = Proposal::new(title.clone());
                p.counter_to = Some(original);
                if let Some(Speaker {
                    who: Who::Known(id),
                    ..
                }) = speaker
                {
                    p.proponent = Some(id.clone());
                }
                self.add_proposal(&title, p);
                return;
            }
            let distinctive = modifiers.iter().any(|m| {
                m.text.contains("-point")
                    || (m.is_capitalized() && !title_case)
                    || m.text.chars().any(|c| c.is_ascii_digit())
            });
            if self.targets.proposals.is_empty() && distinctive {
                let title = view.text[view.words[start].start..view.words[k].end]
                    .trim_start_matches("the ")
                    .to_owned();
                self.add_proposal(&title, Proposal::new(title.clone()));
                return;
            }
        }
    }

    fn add_proposal(&mut self, title: &str, p: Proposal) {
        let id = ProposalId::from_text(title);
        if self.targets.proposals.contains_key(&id) {
            return;
        }
        self.targets.add(id, p);
    }
}

/// Turns a base graph into a gazetteer-only graph: actors, proposals, claims and
/// sources, without statements (what `eval` reads articles against).
pub fn gazetteer_of(doc: &Document) -> Document {
    Document {
        statements: IndexMap::new(),
        ..doc.clone()
    }
}
