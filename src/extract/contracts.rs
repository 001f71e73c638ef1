//! The contracts between the stages of extraction: what each stage gives the next.
//!
//! Text gives [`Word`](super::text::Word)s; reading a sentence gives a [`Sentence`]
//! (its words, their lexicon classes, quotation marks, and the [`ActorMention`]s);
//! the target index gives [`TargetMention`]s; attribution gives a [`Speaker`] (who,
//! and the [`Pattern`] that found them); the stance stage gives [`StanceCall`]s;
//! assembly turns calls into statements. The types live here, below every stage, so
//! that no stage imports another's internals or the orchestrator.

use std::borrow::Cow;

use super::lexicon::Class;
use super::text::Word;
use crate::model::{ActorId, ActorKind, Date, ModelCall, Pattern, Relay, SourceId, Stance, Target};

/// One article to read, with what is known about its source.
#[derive(Clone, Debug)]
pub struct Article<'a> {
    /// The text (UTF-8; the first line may be a headline).
    pub text: &'a str,
    /// The source id the statements' evidence will cite.
    pub source: SourceId,
    /// Where it can be read, if known.
    pub url: Option<String>,
    /// When it was published; relative dates resolve against it.
    pub published: Option<Date>,
}

/// A sentence prepared for reading: its words, what the lexicon knows of each, which
/// are quoted, and which actors it names. Every stage after the text reads this.
pub(crate) struct Sentence<'a> {
    /// The sentence as written.
    pub text: &'a str,
    pub words: Vec<Word<'a>>,
    pub lower: Vec<&'a str>,
    /// What the lexicon knows of each word.
    pub class: Vec<Class>,
    pub in_quote: Vec<bool>,
    /// The actors it names, in order.
    pub mentions: Vec<ActorMention>,
    /// Where it is in the article: `[start, end)` in Unicode characters.
    pub span: (usize, usize),
    /// Its paragraph (line) in the article; 0 is the first line.
    pub paragraph: usize,
}

impl Sentence<'_> {
    /// True when word `k` is of class `c`.
    pub fn is(&self, k: usize, c: Class) -> bool {
        self.class.get(k).is_some_and(|w| w.has(c))
    }

    /// True when punctuation (a comma, a quote mark, a bracket) separates word `k`
    /// from the next.
    pub fn breaks_after(&self, k: usize) -> bool {
        let (Some(a), Some(b)) = (self.words.get(k), self.words.get(k + 1)) else {
            return true;
        };
        let gap = &self.text[a.end..b.start];
        // Most words are one space apart.
        gap != " "
            && gap.contains([
                ',', ';', ':', '(', ')', '"', '\u{201c}', '\u{201d}', '\u{2014}', '\u{2013}',
            ])
    }

    /// True when the words of `phrase` are the sentence's from word `k` on, all
    /// before word `end`.
    pub fn phrase_at(&self, k: usize, end: usize, phrase: &[String]) -> bool {
        k + phrase.len() <= end.min(self.lower.len())
            && phrase.iter().zip(&self.lower[k..]).all(|(p, w)| p == w)
    }

    /// True when word `k` is part of an actor's name.
    pub fn actor_at(&self, k: usize) -> bool {
        self.mentions.iter().any(|m| m.first <= k && k < m.last)
    }

    /// The sentence from word `k` on.
    pub fn sentence_from(&self, k: usize) -> &str {
        self.words.get(k).map_or("", |w| &self.text[w.start..])
    }
}

/// How a mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// Full name or alias.
    Name,
    /// A person's surname alone.
    Surname,
    /// A close misspelling of a known name.
    Fuzzy,
}

/// An actor named in a sentence, by word range.
#[derive(Clone, Debug)]
pub(crate) struct ActorMention {
    pub actor: ActorId,
    /// First word index.
    pub first: usize,
    /// One past the last word index.
    pub last: usize,
    pub how: How,
    /// The words as written.
    pub surface: String,
}

/// A new actor read from a run of words: its name, kind and any title in front.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NewActor {
    pub name: String,
    pub kind: ActorKind,
    pub title: Option<String>,
    /// Word range of the name.
    pub first: usize,
    pub last: usize,
}

/// A target named in a sentence.
#[derive(Clone, Debug)]
pub(crate) struct TargetMention {
    pub target: Target,
    /// Word index of the mention.
    pub at: usize,
    /// Named outright (title, alias, point number), not resolved from "the plan".
    pub explicit: bool,
}

/// Who a speaker is.
#[derive(Clone, Debug)]
pub(crate) enum Who {
    /// A known actor.
    Known(ActorId),
    /// An actor read from the text for the first time.
    New(NewActor),
}

/// The speaker of a sentence and how it was found.
#[derive(Clone, Debug)]
pub(crate) struct Speaker {
    pub who: Who,
    /// The attribution pattern, recorded on extracted statements.
    pub pattern: Pattern,
    /// Word index of the verb of saying, if any.
    pub verb: Option<usize>,
    /// Who relayed it.
    pub relay: Option<Relay>,
    /// The speaker or the relay is unnamed.
    pub anonymous: bool,
    /// Found through a pronoun or role noun rather than a name.
    pub resolved: bool,
    /// The principal, when the speaker is a spokesperson introduced as such.
    pub principal: Option<ActorId>,
    /// What a model decided, when one did.
    pub model: Option<ModelCall>,
}

/// One clause of a sentence ("but", "while", a semicolon or a relative pronoun
/// starts the next) and who holds the stances in it: the speaker, unless a contrast
/// clause names its own subject ("..., while Dalmirra ruled out ...").
#[derive(Clone, Debug)]
pub(crate) struct Clause {
    /// Its words.
    pub words: std::ops::Range<usize>,
    /// Its own subject, when it is not the speaker.
    pub subject: Option<ActorId>,
    /// A relative clause ("which had rubbished the March proposal").
    pub relative: bool,
}

/// A stance the stance stage calls in one clause: on what, which way, how sure, and
/// the cue that carries it (its provenance, with the speaker's pattern).
pub(crate) struct StanceCall<'l> {
    pub target: Target,
    pub stance: Stance,
    pub confidence: f64,
    /// The cue as matched; borrowed from the lexicon unless negation or a condition
    /// turned it.
    pub cue: Cow<'l, str>,
    pub first: usize,
    pub last: usize,
    pub quoted: bool,
    /// The clause's own subject, when it is not the sentence's speaker.
    pub subject: Option<ActorId>,
    /// What a model decided, when one did.
    pub model: Option<ModelCall>,
}
