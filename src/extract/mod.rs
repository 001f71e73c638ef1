//! Extraction: from news articles to draft statements, with evidence.
//!
//! The extractor is rule-based, deterministic and explainable. It reads an article
//! sentence by sentence, through stages that hand each other the types in the
//! contracts module; no stage imports this module, and modules import downward
//! (contracts, text, lexicon and the model at the bottom, this loop on top):
//!
//! - **text** (`text.rs`): where the story ends (shop widgets and link lists are
//!   not news), paragraphs, sentences that never end inside a quotation, words with
//!   byte offsets; the loop adds each sentence's span in Unicode characters.
//! - **mentions** (`mentions.rs`, with `actors.rs` and `targets.rs`): a `Sentence`
//!   with its lowercased words, lexicon classes, quotation marks and the actors it
//!   names (by name, alias, surname or a close misspelling), and the targets it
//!   names ("the plan" resolved to the proposal in focus, points, claims).
//! - **attribution** (`attribution.rs`): who speaks, a `Speaker` with the `Pattern`
//!   that found them (verbs of saying, "according to", pronouns and role nouns
//!   resolved from the `Discourse`, spokespeople, a quotation continued), and the
//!   sentence's clauses with who holds the stances in each.
//! - **stance** (`cues.rs`, `stance.rs`): cues from the lexicon, turned by negation
//!   and softened by hedges, tied to their targets: `StanceCall`s.
//! - **assembly** (`assembly.rs`): calls become statements with evidence, date,
//!   relay, principal, conditions, confidence and provenance; repeats are dropped;
//!   the article's document carries everything its statements refer to.
//!
//! What one article remembers between sentences is its `Memory` (discourse, the
//! actors it introduced, spellings) and its copy of the targets' focus; the indexes
//! built from the base graph are the `Extractor`'s and are shared by every article.
//! Merging drafts into a graph is a graph operation: see `merge.rs`.

mod actors;
mod assembly;
mod attribution;
mod attributions;
mod claims;
mod contracts;
mod cues;
mod decide;
mod filter;
mod holders;
pub mod lexicon;
mod memory;
mod mentions;
mod stance;
mod targets;
mod text;

pub use crate::merge::{MergeReport, Merger, merge};

use indexmap::IndexMap;

use std::borrow::Cow;
use std::sync::Arc;

use crate::learn::stance::StanceClassifier;
use crate::model::{
    Actor, ActorId, Document, ModelCall, Pattern, Proposal, ProposalId, Source, SourceId, Target,
};
use actors::Gazetteer;
use assembly::Drafts;
pub(crate) use attributions::lexicon_mask;
pub use attributions::{AttributionRecord, Origin};
pub use contracts::Article;
use contracts::{Sentence, Speaker, StanceCall, Who};
use lexicon::{Lexicon, Vocab};
use memory::Memory;
use targets::{TargetIndex, Targets};
use text::{norm_owned, sentences, story_end};

pub use decide::{
    Models, Policy, SpeakerCandidate, SpeakerModel, StanceCandidate, StanceModel, Verdict,
};
pub use lexicon::DEFAULT_LEXICON;

/// Reads articles against a base graph's actors, proposals and claims.
#[derive(Clone, Debug)]
pub struct Extractor {
    vocab: Vocab,
    gazetteer: Gazetteer,
    targets: TargetIndex,
    sources: IndexMap<SourceId, Source>,
    models: Models,
    /// Decides the stances of the holders each sentence names, when set.
    holders: Option<Arc<StanceClassifier>>,
}

/// A candidate holder of a stance as the stance model sees it: its sentence, the
/// names it goes by, and its features. What `train stance` learns from.
#[derive(Clone, Debug)]
pub struct HolderSeen {
    /// The sentence as written.
    pub sentence: String,
    /// The holder's name and aliases.
    pub names: Vec<String>,
    /// What the stance model sees of it.
    pub features: Vec<String>,
}

impl Extractor {
    /// An extractor whose gazetteer is `base` (its actors, aliases, proposals and
    /// claims; its statements are not used), reading with `lexicon`.
    pub fn new(base: Option<&Document>, lexicon: Lexicon) -> Self {
        let empty = Document::default();
        let base = base.unwrap_or(&empty);
        let gazetteer = Gazetteer::from_document(base);
        let vocab = Vocab::new(&lexicon);
        let proponent_words = |id: &ActorId| {
            gazetteer
                .actor(id)
                .map(|a| actor_words(a, &vocab))
                .unwrap_or_default()
        };
        let targets = TargetIndex::new(
            base.proposals.clone(),
            base.claims.clone(),
            &proponent_words,
            &vocab,
        );
        Self {
            vocab,
            targets,
            gazetteer,
            sources: base.sources.clone(),
            models: Models::default(),
            holders: None,
        }
    }

    /// The same extractor, with `model` deciding where each actor a sentence names
    /// stands: narrative stances ("the members voted down the offer") as well as
    /// attributed ones the rules did not call.
    pub fn with_stance_model(mut self, model: Arc<StanceClassifier>) -> Self {
        self.holders = Some(model);
        self
    }

    /// Every candidate holder of a stance in the article, with the features the
    /// stance model sees (what it is trained on).
    pub fn holder_candidates(&self, article: &Article<'_>) -> Vec<HolderSeen> {
        let mut reader = Reader::new(self, article);
        reader.collect = Some(Vec::new());
        reader.targets.eager = true;
        reader.read();
        reader.collect.unwrap_or_default()
    }

    /// The same extractor, reading with trained models under their policy.
    pub fn with_models(mut self, models: Models) -> Self {
        self.models = models;
        self
    }

    /// The attributions of one article (`doc` names it), by `model` (usually
    /// [`Attributor::builtin`](crate::learn::attribution::Attributor::builtin)),
    /// with speakers resolved to the base graph's actors and to those the article
    /// introduces.
    pub fn attributions(
        &self,
        doc: &str,
        article: &Article<'_>,
        model: &crate::learn::attribution::Attributor,
    ) -> Vec<AttributionRecord> {
        self.attributed(doc, article, model).1
    }

    /// Extracts the statements of one article, and with them its claims: each
    /// attribution the statements do not already hold becomes a claim and a
    /// statement of its speaker asserting (or denying, or doubting) it.
    pub fn extract_with_claims(
        &self,
        article: &Article<'_>,
        model: &crate::learn::attribution::Attributor,
    ) -> Document {
        let (mut found, records, named) = self.attributed(article.source.as_str(), article, model);
        let introduced = Gazetteer::from_document(&found);
        claims::Claims::new(self.targets.claims(), &self.vocab).add(
            &mut found,
            &records,
            article,
            &[&self.gazetteer, &introduced, &named],
        );
        found
    }

    /// The rules' extraction of an article, its attributions, and the speakers the
    /// attributions named for the first time.
    fn attributed(
        &self,
        doc: &str,
        article: &Article<'_>,
        model: &crate::learn::attribution::Attributor,
    ) -> (Document, Vec<AttributionRecord>, Gazetteer) {
        let found = self.extract(article);
        let introduced = Gazetteer::from_document(&found);
        let (records, named) = attributions::attributions(
            doc,
            article.text,
            &[&self.gazetteer, &introduced],
            &self.vocab,
            model,
        );
        (found, records, named)
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
/// Short forms of roles are written out ("gov." is "governor").
fn actor_words(a: &Actor, lex: &Vocab) -> Vec<String> {
    a.names()
        .chain(a.titles.iter().map(|w| &**w))
        .flat_map(|n| n.split_whitespace().map(norm_owned).collect::<Vec<_>>())
        .map(|w| lex.role_forms(&w).1.to_owned())
        .collect()
}

/// Reads one article: the extractor's shared indexes, the article's own memory and
/// targets, and the statements drafted so far.
struct Reader<'e, 'a> {
    ex: &'e Extractor,
    article: &'e Article<'a>,
    memory: Memory,
    targets: Targets<'e>,
    drafts: Drafts,
    /// Statements the stance model found, one per actor and target at the end.
    learned: Drafts,
    /// The headline, which titles a proposal the article never names.
    headline: Option<String>,
    /// When set, candidate holders are collected here rather than judged.
    collect: Option<Vec<HolderSeen>>,
}

impl<'e, 'a> Reader<'e, 'a> {
    fn new(ex: &'e Extractor, article: &'e Article<'a>) -> Self {
        let mut targets = Targets::over(&ex.targets);
        targets.eager = ex.holders.is_some();
        Self {
            ex,
            article,
            memory: Memory::default(),
            targets,
            drafts: Drafts::default(),
            learned: Drafts::default(),
            headline: None,
            collect: None,
        }
    }

    /// The pipeline, sentence by sentence: read the sentence and the targets it
    /// names; find who speaks; find proposals the text introduces; call the stances
    /// and draft them as statements; remember what the sentence said.
    fn read(&mut self) {
        let story = &self.article.text[..story_end(self.article.text, &self.ex.vocab)];
        // Character offsets advance with the sentences, so spans cost one pass.
        let mut chars_before = 0usize;
        let mut bytes_before = 0usize;
        // In ASCII text, characters are bytes and need no counting.
        let ascii = story.is_ascii();
        let lex = &self.ex.vocab;
        let segments = sentences(story, lex);
        // The first line is a headline only when a story follows it, and when it is
        // one sentence: a first line of several is the story's first paragraph.
        let has_body = story.trim_end().contains('\n')
            && segments.iter().filter(|s| s.paragraph == 0).count() == 1;
        let mut lowered = String::new();
        for s in segments {
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
            let view = mentions::read(
                &s,
                span,
                &mut lowered,
                lex,
                [&self.ex.gazetteer, &self.memory.local],
            );
            let all = self.targets.in_sentence(&view, lex);
            if s.paragraph == 0 && has_body {
                // The headline sets the focus but is no one's statement.
                self.targets.update_focus(&all);
                self.targets.discover(&view, None, &|_| None);
                self.headline = Some(s.text.trim().to_owned());
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
            if let (Some(sp), Some(model)) = (speaker.as_mut(), self.ex.models.speaker())
                && !judge_speaker(model, &view, sp)
            {
                speaker = None;
            }
            if let Some(sp) = speaker.as_mut() {
                let id = self.memory.register(sp, &self.ex.gazetteer);
                sp.who = Who::Known(id);
                self.memory.past.last_said = Some((s.paragraph, sp.clone()));
            }
            let new_before = self.targets.new.len();
            let name_of = |id: &ActorId| self.ex.gazetteer.actor(id).map(|a| a.name.clone());
            self.targets.discover(&view, speaker.as_ref(), &name_of);
            if let (Some(sp), false) = (&speaker, stance::blocked(&view, lex)) {
                // A proposal found in this sentence is only now a target.
                let all = if self.targets.new.len() > new_before {
                    self.targets.in_sentence(&view, lex)
                } else {
                    all
                };
                let clauses = attribution::clauses(&view, lex, &sp.who);
                let mut calls = stance::calls(&view, &clauses, &all, &mut self.targets, lex);
                if let Some(model) = self.ex.models.stance() {
                    judge_stances(model, &view, sp, &mut calls);
                }
                self.learn(&view, speaker.as_ref(), &calls, &all);
                self.drafts
                    .add(&view, sp, calls, self.article, &self.ex.gazetteer, lex);
                self.targets.update_focus(&all);
            } else {
                self.learn(&view, speaker.as_ref(), &[], &all);
                self.targets.update_focus(&all);
            }
            self.memory
                .remember(&view, speaker.as_ref(), &self.ex.gazetteer);
        }
    }

    /// The stance model's stage: every actor the sentence names is a candidate
    /// holder; the model decides which stance, if any, the sentence shows it taking,
    /// on the proposal named or in focus (or, when the article names none, the
    /// one its headline is about). Collecting for training, it only records them.
    fn learn(
        &mut self,
        view: &Sentence<'_>,
        speaker: Option<&Speaker>,
        calls: &[StanceCall<'_>],
        all: &[contracts::TargetMention],
    ) {
        if self.ex.holders.is_none() && self.collect.is_none() {
            return;
        }
        let lex = &self.ex.vocab;
        let mut found = holders::holders(view, speaker, lex, &self.memory.past);
        // People and organisations are remembered, so that a later "Buck" or "the
        // union" is known.
        for h in &mut found {
            if let Who::New(n) = &h.who
                && n.kind != crate::model::ActorKind::Group
            {
                let id = self
                    .memory
                    .register(&holder_speaker(h.who.clone()), &self.ex.gazetteer);
                h.who = Who::Known(id);
            }
        }
        let count = found.len();
        let mut judged = Vec::new();
        for h in found {
            let features = holders::features(view, &h, count, calls, lex);
            if let Some(seen) = self.collect.as_mut() {
                let names = match &h.who {
                    Who::Known(id) => self
                        .memory
                        .local
                        .actor(id)
                        .or_else(|| self.ex.gazetteer.actor(id))
                        .map(|a| a.names().map(str::to_owned).collect())
                        .unwrap_or_default(),
                    Who::New(n) => vec![n.name.clone()],
                };
                seen.push(HolderSeen {
                    sentence: view.text.to_owned(),
                    names,
                    features,
                });
                continue;
            }
            let Some(model) = &self.ex.holders else {
                return;
            };
            let judgement = model.judge(&features);
            judged.push((h, judgement));
        }
        holders::share_along_lists(view, &mut judged);
        for (h, judgement) in judged {
            let Some(stance) = judgement.stance else {
                continue;
            };
            let target = match all.iter().find(|m| m.explicit).map(|m| &m.target) {
                Some(t) => t.clone(),
                None => Target::Proposal(self.proposal_in_focus()),
            };
            let id = self
                .memory
                .register(&holder_speaker(h.who.clone()), &self.ex.gazetteer);
            let mut sp = holder_speaker(Who::Known(id));
            if h.speaker
                && let Some(rules) = speaker
            {
                sp.pattern = rules.pattern;
                sp.relay = rules.relay.clone();
                sp.principal = rules.principal.clone();
                sp.verb = rules.verb;
            }
            let cue = judgement
                .features
                .first()
                .map_or_else(|| "stance model".to_owned(), |(f, _)| f.clone());
            let call = StanceCall {
                target,
                stance,
                confidence: judgement.score,
                cue: Cow::Owned(cue),
                first: h.first.min(view.words.len().saturating_sub(1)),
                last: view.words.len(),
                quoted: view.in_quote.get(h.first).copied().unwrap_or(false),
                subject: None,
                model: Some(ModelCall {
                    name: crate::learn::stance::FEATURES.to_owned(),
                    score: judgement.score,
                    features: judgement.features,
                }),
            };
            self.learned
                .add(view, &sp, vec![call], self.article, &self.ex.gazetteer, lex);
        }
    }

    /// The proposal in focus; when the article has named none, one is made from
    /// its headline (or its source), since every article here is about one.
    fn proposal_in_focus(&mut self) -> ProposalId {
        if let Some(p) = &self.targets.focus {
            return p.clone();
        }
        let title = self
            .headline
            .clone()
            .unwrap_or_else(|| format!("The proposal in {}", self.article.source));
        let id = ProposalId::from_text(&title);
        self.targets.add(id.clone(), Proposal::new(title));
        id
    }

    /// The extracted document.
    fn finish(mut self) -> Document {
        let learned = std::mem::take(&mut self.learned);
        self.drafts.add_learned(learned);
        self.drafts.document(
            self.article,
            &self.ex.gazetteer,
            &self.memory,
            &self.targets,
            &self.ex.sources,
        )
    }
}

/// A speaker for a holder the stance model judged: found by no verb of saying,
/// so its statements are inferred.
fn holder_speaker(who: Who) -> Speaker {
    Speaker {
        who,
        pattern: Pattern::SubjectAction,
        verb: None,
        relay: None,
        anonymous: false,
        resolved: false,
        principal: None,
        model: None,
    }
}

/// Asks `model` about the speaker the rules found; records its call on the speaker
/// and says whether to keep them.
fn judge_speaker(model: &dyn SpeakerModel, view: &Sentence<'_>, sp: &mut Speaker) -> bool {
    let name = match &sp.who {
        Who::Known(id) => id.as_str(),
        Who::New(n) => n.name.as_str(),
    };
    let verdict = model.judge(&SpeakerCandidate {
        sentence: view.text,
        words: &view.lower,
        in_quote: &view.in_quote,
        speaker: name,
        verb: sp.verb,
        pattern: sp.pattern,
    });
    sp.model = Some(decide::call_of(model.name(), &verdict));
    verdict.answer
}

/// Asks `model` about each stance the rules called: it drops those it finds no
/// stance in, and sets the stance and confidence of the others.
fn judge_stances(
    model: &dyn StanceModel,
    view: &Sentence<'_>,
    sp: &Speaker,
    calls: &mut Vec<StanceCall<'_>>,
) {
    calls.retain_mut(|call| {
        let verdict = model.judge(&StanceCandidate {
            sentence: view.text,
            words: &view.lower,
            in_quote: &view.in_quote,
            cue: call.first..call.last,
            cue_text: &call.cue,
            target: &call.target,
            stance: call.stance,
            confidence: call.confidence,
            pattern: if call.subject.is_some() {
                Pattern::ContrastSubject
            } else {
                sp.pattern
            },
        });
        let Some(stance) = verdict.answer else {
            return false;
        };
        call.stance = stance;
        call.confidence = verdict.score;
        call.model = Some(decide::call_of(model.name(), &verdict));
        true
    });
}

/// Turns a base graph into a gazetteer-only graph: actors, proposals, claims and
/// sources, without statements (what `eval` reads articles against).
pub fn gazetteer_of(doc: &Document) -> Document {
    Document {
        statements: IndexMap::new(),
        ..doc.clone()
    }
}
