//! Where trained models plug in: rules propose, models decide.
//!
//! Attribution and stance are rules. Each proposes candidates (a speaker for a
//! sentence, a stance call on a target); a model, when the extractor has one, sees
//! each candidate as a [`SpeakerCandidate`] or a [`StanceCandidate`] (the
//! sentence's lowercased words and the positions that matter, the data a linear
//! model builds its sparse features from) and gives a [`Verdict`]. The [`Policy`]
//! says who has the last word. What a model decided is kept on the statement as a
//! [`ModelCall`], with its strongest features, so that a reviewer can see why.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::model::{ModelCall, Pattern, Stance, Target};

/// A speaker the rules found for a sentence.
#[derive(Clone, Copy, Debug)]
pub struct SpeakerCandidate<'a> {
    /// The sentence as written.
    pub sentence: &'a str,
    /// Its words, lowercased.
    pub words: &'a [&'a str],
    /// Which words are inside a quotation.
    pub in_quote: &'a [bool],
    /// The speaker's id, or their name when the article introduced them.
    pub speaker: &'a str,
    /// The word index of the verb of saying, if any.
    pub verb: Option<usize>,
    /// How the rules found the speaker.
    pub pattern: Pattern,
}

/// A stance the rules called in a sentence.
#[derive(Clone, Debug)]
pub struct StanceCandidate<'a> {
    /// The sentence as written.
    pub sentence: &'a str,
    /// Its words, lowercased.
    pub words: &'a [&'a str],
    /// Which words are inside a quotation.
    pub in_quote: &'a [bool],
    /// The words of the cue.
    pub cue: Range<usize>,
    /// The cue as the rules matched it (`not + support*`).
    pub cue_text: &'a str,
    /// What the stance is on.
    pub target: &'a Target,
    /// The rules' stance.
    pub stance: Stance,
    /// The rules' confidence in it, 0..1.
    pub confidence: f64,
    /// How the rules found who holds it.
    pub pattern: Pattern,
}

/// What a model says about a candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict<T> {
    /// Its answer: for a speaker, whether to keep them; for a stance, which stance
    /// (`None`: the sentence takes none on that target).
    pub answer: T,
    /// How sure it is, 0..1.
    pub score: f64,
    /// The features that weighed most, strongest first.
    pub features: Vec<(String, f64)>,
}

/// A trained model that judges the speakers the rules found.
pub trait SpeakerModel: fmt::Debug + Send + Sync {
    /// The model's name and version, recorded on the statements it decided.
    fn name(&self) -> &str;
    /// Whether `candidate` is the sentence's speaker.
    fn judge(&self, candidate: &SpeakerCandidate<'_>) -> Verdict<bool>;
}

/// A trained model that judges the stances the rules called.
pub trait StanceModel: fmt::Debug + Send + Sync {
    /// The model's name and version, recorded on the statements it decided.
    fn name(&self) -> &str;
    /// The stance `candidate`'s sentence takes on its target, if any.
    fn judge(&self, candidate: &StanceCandidate<'_>) -> Verdict<Option<Stance>>;
}

/// Who has the last word when rules and a model disagree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Policy {
    /// The rules alone; models are not asked.
    #[default]
    Rules,
    /// Rules propose, models decide: a model drops the candidates it rejects, sets
    /// the stance of those it keeps and its score becomes their confidence. A stage
    /// without a model keeps the rules' answer.
    ModelDecides,
}

/// The models an extractor reads with, and the policy that combines them with the
/// rules.
#[derive(Clone, Debug, Default)]
pub struct Models {
    /// Judges speakers.
    pub speaker: Option<Arc<dyn SpeakerModel>>,
    /// Judges stance calls.
    pub stance: Option<Arc<dyn StanceModel>>,
    /// Who has the last word.
    pub policy: Policy,
}

impl Models {
    /// The speaker model to ask, if the policy asks one.
    pub(crate) fn speaker(&self) -> Option<&dyn SpeakerModel> {
        (self.policy == Policy::ModelDecides)
            .then_some(self.speaker.as_deref())
            .flatten()
    }

    /// The stance model to ask, if the policy asks one.
    pub(crate) fn stance(&self) -> Option<&dyn StanceModel> {
        (self.policy == Policy::ModelDecides)
            .then_some(self.stance.as_deref())
            .flatten()
    }
}

/// The record of a verdict on a statement.
pub(crate) fn call_of<T>(name: &str, verdict: &Verdict<T>) -> ModelCall {
    ModelCall {
        name: name.to_owned(),
        score: verdict.score,
        features: verdict.features.clone(),
    }
}
