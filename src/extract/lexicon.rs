//! The cue lexicon: the words the extractor reads stances and attributions from,
//! kept as data (`lexicon.ron`) so that users can extend it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use serde::Deserialize;

use super::filter::PairFilter;
use crate::error::{Error, Result};
use crate::model::Stance;

/// The default lexicon, embedded in the binary.
pub const DEFAULT_LEXICON: &str = include_str!("lexicon.ron");

/// A stance cue: a phrase and the stance it signals.
#[derive(Clone, Debug, Deserialize)]
pub struct Cue {
    /// Lowercase words; a trailing `*` on the last word matches any ending.
    pub phrase: String,
    /// The stance the phrase signals toward its target.
    pub stance: Stance,
    /// How sure the cue makes the extractor, 0..1.
    pub confidence: f64,
}

/// Everything the extractor knows about the language of reactions.
#[derive(Clone, Debug, Deserialize)]
pub struct Lexicon {
    /// Stance cues.
    pub cues: Vec<Cue>,
    /// Words that flip a cue shortly after them.
    pub negations: Vec<String>,
    /// Words that soften a cue.
    pub hedges: Vec<String>,
    /// Phrases that start a condition.
    pub conditions: Vec<String>,
    /// Phrases that leave the speaker without a stance.
    pub blockers: Vec<String>,
    /// Verbs of saying (and of reacting) that attribute words to a speaker.
    pub speech_verbs: Vec<String>,
    /// Nouns that name a proposal.
    pub proposal_nouns: Vec<String>,
    /// Words that mark a counterproposal.
    pub counter_words: Vec<String>,
    /// Words that mark a revision.
    pub revision_words: Vec<String>,
    /// Plural nouns that make a group actor with a modifier.
    pub group_nouns: Vec<String>,
    /// Titles before names.
    pub titles: Vec<String>,
    /// Role nouns that refer back to a named actor.
    pub role_nouns: Vec<String>,
    /// Words capitalised at a sentence start or in titles that are never a name.
    #[serde(default = "builtin::not_names")]
    pub not_names: Vec<String>,
    /// Words that make a capitalised run of words an organisation.
    #[serde(default = "builtin::org_words")]
    pub org_words: Vec<String>,
    /// Nouns that number the parts of a text ("point", "Sec.", "condition").
    #[serde(default = "builtin::part_nouns")]
    pub part_nouns: Vec<String>,
    /// The days of the week, Monday first, for dating "said on Friday".
    #[serde(default = "builtin::weekdays")]
    pub weekdays: Vec<String>,
    /// Words a few words before a day that put it ahead ("will meet on Monday").
    #[serde(default = "builtin::future_words")]
    pub future_words: Vec<String>,
    /// Words and phrases that deny a claim ("denied", "pushed back").
    #[serde(default = "builtin::denials")]
    pub denials: Vec<String>,
}

/// The built-in lists a lexicon file falls back to for the lists it leaves out
/// (lexicons written before these lists were data do not have them).
mod builtin {
    use std::sync::OnceLock;

    use super::Lexicon;

    fn lexicon() -> &'static Lexicon {
        static BUILT_IN: OnceLock<Lexicon> = OnceLock::new();
        // The embedded lexicon has every list, so parsing it never comes back here.
        BUILT_IN.get_or_init(Lexicon::default)
    }

    /// One function per list, returning the built-in lexicon's list of that name.
    macro_rules! lists {
        ($($name:ident),*) => {
            $(pub fn $name() -> Vec<String> {
                lexicon().$name.clone()
            })*
        };
    }

    lists!(
        not_names,
        org_words,
        part_nouns,
        weekdays,
        future_words,
        denials
    );
}

/// A cue compiled for matching: its words, and whether the last is a prefix.
#[derive(Clone, Debug)]
pub(crate) struct CompiledCue {
    pub words: Vec<String>,
    pub prefix: bool,
    pub stance: Stance,
    pub confidence: f64,
    pub phrase: String,
}

impl Lexicon {
    /// Parses a lexicon from RON text; `path` is only used in messages.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self> {
        let lex: Self = ron::Options::default()
            .from_str(text)
            .map_err(|e| Error::Syntax {
                path: path.to_owned(),
                line: e.span.start.line,
                col: e.span.start.col,
                message: e.code.to_string(),
            })?;
        if lex.weekdays.len() != 7 {
            return Err(Error::Usage(format!(
                "{}: `weekdays` names the seven days of the week, Monday first; it has {}",
                path.display(),
                lex.weekdays.len()
            )));
        }
        Ok(lex)
    }

    /// Reads a lexicon file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_ron(&text, path)
    }

    /// Cues as word sequences, longest first, so that "did not reject" style
    /// phrases and "real problems" win over the single words inside them.
    pub(crate) fn compiled_cues(&self) -> Vec<CompiledCue> {
        let mut cues: Vec<CompiledCue> = self
            .cues
            .iter()
            .map(|c| {
                let mut words: Vec<String> =
                    c.phrase.split_whitespace().map(str::to_lowercase).collect();
                let prefix = words.last().is_some_and(|w| w.ends_with('*'));
                if let Some(last) = words.last_mut() {
                    *last = last.trim_end_matches('*').to_owned();
                }
                CompiledCue {
                    words,
                    prefix,
                    stance: c.stance,
                    confidence: c.confidence,
                    phrase: c.phrase.clone(),
                }
            })
            .filter(|c| !c.words.is_empty())
            .collect();
        cues.sort_by(|a, b| {
            b.words
                .len()
                .cmp(&a.words.len())
                .then(b.words[0].len().cmp(&a.words[0].len()))
        });
        cues
    }
}

/// What the lexicon knows of one word, as bits: looked up once per word of a
/// sentence, so that each later question about the word ("a verb of saying?",
/// "a proposal noun?") is a bit test rather than another hash lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Class(u16);

impl Class {
    pub const SPEECH_VERB: Class = Class(1);
    pub const PROPOSAL_NOUN: Class = Class(1 << 1);
    pub const COUNTER_WORD: Class = Class(1 << 2);
    pub const BLOCKER_START: Class = Class(1 << 3);
    /// The first word of a cue matched word for word (not a `*` prefix).
    pub const CUE_START: Class = Class(1 << 4);
    /// Capitalised at a sentence start or in titles, but never a name ("The", "He").
    pub const NOT_NAME: Class = Class(1 << 5);
    /// A word that makes a capitalised run an organisation ("Council", "Ministry").
    pub const ORG_WORD: Class = Class(1 << 6);
    /// The first word of a condition phrase ("but", "unless", "provided").
    pub const CONDITION_START: Class = Class(1 << 7);
    /// A noun that numbers the parts of a text ("point", "Sec.", "condition").
    pub const PART_NOUN: Class = Class(1 << 8);
    /// The first word of a hedge ("could", "in principle").
    pub const HEDGE_START: Class = Class(1 << 9);

    /// True when the word has every bit of `other`.
    pub fn has(self, other: Class) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A lexicon compiled for fast lookups: word sets, and cues indexed by their first
/// word (or, for `*` cues, by their prefix), so that reading a word costs a few
/// hash lookups rather than a pass over every cue.
#[derive(Clone, Debug)]
pub(crate) struct Vocab {
    pub cues: Vec<CompiledCue>,
    exact: HashMap<String, Vec<usize>>,
    /// `*` cues by the first three bytes of their prefix: one lookup per word.
    prefix: HashMap<String, Vec<(String, usize)>>,
    pub speech_verbs: HashSet<String>,
    pub negations: HashSet<String>,
    pub proposal_nouns: HashSet<String>,
    pub counter_words: HashSet<String>,
    pub revision_words: HashSet<String>,
    pub group_nouns: HashSet<String>,
    /// Last words of titles, lowercased ("minister", "sen.").
    pub title_heads: HashSet<String>,
    /// Last words of role nouns ("minister", "spokesperson").
    pub role_heads: HashSet<String>,
    pub hedges: Vec<Vec<String>>,
    /// The days of the week, lowercased, Monday first.
    pub weekdays: Vec<String>,
    pub future_words: HashSet<String>,
    /// The denials' words.
    pub denials: Vec<Vec<String>>,
    /// The condition phrases' words.
    pub conditions: Vec<Vec<String>>,
    /// The blockers' words.
    pub blockers: Vec<Vec<String>>,
    /// The classes of every word in the sets above, for [`Vocab::class_of`].
    classes: HashMap<String, Class>,
    /// The first two letters of every `*` cue: most words start like none, and need
    /// no lookup in `prefix`.
    prefix_pairs: PairFilter,
}

impl Vocab {
    pub fn new(lex: &Lexicon) -> Self {
        let cues = lex.compiled_cues();
        let mut exact: HashMap<String, Vec<usize>> = HashMap::default();
        let mut prefix: HashMap<String, Vec<(String, usize)>> = HashMap::default();
        for (i, c) in cues.iter().enumerate() {
            if c.prefix && c.words.len() == 1 {
                let p = &c.words[0];
                prefix
                    .entry(head(p).to_owned())
                    .or_default()
                    .push((p.clone(), i));
            } else {
                exact.entry(c.words[0].clone()).or_default().push(i);
            }
        }
        let set = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<HashSet<_>>();
        let last_words = |v: &[String]| {
            v.iter()
                .filter_map(|t| t.split_whitespace().last())
                .map(str::to_lowercase)
                .collect::<HashSet<_>>()
        };
        let mut vocab = Self {
            cues,
            exact,
            prefix,
            speech_verbs: set(&lex.speech_verbs),
            negations: set(&lex.negations),
            proposal_nouns: set(&lex.proposal_nouns),
            counter_words: set(&lex.counter_words),
            revision_words: set(&lex.revision_words),
            group_nouns: set(&lex.group_nouns),
            title_heads: last_words(&lex.titles),
            role_heads: last_words(&lex.role_nouns),
            hedges: lex
                .hedges
                .iter()
                .map(|h| h.split_whitespace().map(str::to_lowercase).collect())
                .collect(),
            weekdays: lex.weekdays.iter().map(|w| w.to_lowercase()).collect(),
            future_words: set(&lex.future_words),
            denials: lex
                .denials
                .iter()
                .map(|d| d.split_whitespace().map(str::to_lowercase).collect())
                .collect(),
            conditions: lex
                .conditions
                .iter()
                .map(|c| c.split_whitespace().map(str::to_lowercase).collect())
                .collect(),
            blockers: lex
                .blockers
                .iter()
                .map(|b| b.split_whitespace().map(str::to_lowercase).collect())
                .collect(),
            classes: HashMap::default(),
            prefix_pairs: PairFilter::default(),
        };
        for c in vocab.cues.iter().filter(|c| c.prefix && c.words.len() == 1) {
            vocab.prefix_pairs.insert(&c.words[0]);
        }
        let mut classes: HashMap<String, Class> = HashMap::default();
        let sets = [
            (&vocab.speech_verbs, Class::SPEECH_VERB),
            (&vocab.proposal_nouns, Class::PROPOSAL_NOUN),
            (&vocab.counter_words, Class::COUNTER_WORD),
        ];
        for (set, class) in sets {
            for w in set {
                classes.entry(w.clone()).or_default().0 |= class.0;
            }
        }
        for first in vocab.blockers.iter().filter_map(|b| b.first()) {
            classes.entry(first.clone()).or_default().0 |= Class::BLOCKER_START.0;
        }
        for w in vocab.exact.keys() {
            classes.entry(w.clone()).or_default().0 |= Class::CUE_START.0;
        }
        for first in vocab.hedges.iter().filter_map(|h| h.first()) {
            classes.entry(first.clone()).or_default().0 |= Class::HEDGE_START.0;
        }
        for first in vocab.conditions.iter().filter_map(|c| c.first()) {
            classes.entry(first.clone()).or_default().0 |= Class::CONDITION_START.0;
        }
        let lists = [
            (&lex.not_names, Class::NOT_NAME),
            (&lex.org_words, Class::ORG_WORD),
            (&lex.part_nouns, Class::PART_NOUN),
        ];
        for (words, class) in lists {
            for w in words {
                classes.entry(w.to_lowercase()).or_default().0 |= class.0;
            }
        }
        vocab.classes = classes;
        vocab
    }

    /// The classes of a lowercased word.
    pub fn class_of(&self, w: &str) -> Class {
        self.classes.get(w).copied().unwrap_or_default()
    }

    /// The cues that could start at word `i`, longest first.
    pub fn candidates<'a>(
        &'a self,
        lower: &'a [&'a str],
        class: Class,
        i: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let w = &lower[i];
        let exact = if class.has(Class::CUE_START) {
            self.exact.get(*w).map(Vec::as_slice)
        } else {
            None
        }
        .unwrap_or_default();
        let maybe = self.prefix_pairs.may_start(w);
        let prefixed = if maybe {
            self.prefix.get(head(w)).map(Vec::as_slice)
        } else {
            None
        }
        .unwrap_or_default()
        .iter()
        .filter(move |(p, _)| w.starts_with(p.as_str()))
        .map(|(_, i)| i);
        exact.iter().chain(prefixed).copied()
    }

    /// True when a cue starts with word `w` (for "were doubtful", "was cool to").
    pub fn is_cue_word(&self, w: &str) -> bool {
        self.exact.contains_key(w)
            || self
                .prefix
                .get(head(w))
                .is_some_and(|ps| ps.iter().any(|(p, _)| w.starts_with(p.as_str())))
    }
}

/// The first three bytes of a word (fewer at a character boundary or its end).
fn head(w: &str) -> &str {
    let mut n = w.len().min(3);
    while !w.is_char_boundary(n) {
        n -= 1;
    }
    &w[..n]
}

impl Default for Lexicon {
    fn default() -> Self {
        // The embedded lexicon is checked by a unit test; should it ever fail to
        // parse, an empty lexicon finds nothing rather than crashing.
        Self::from_ron(DEFAULT_LEXICON, Path::new("lexicon.ron")).unwrap_or_else(|_| Self {
            cues: Vec::new(),
            negations: Vec::new(),
            hedges: Vec::new(),
            conditions: Vec::new(),
            blockers: Vec::new(),
            speech_verbs: Vec::new(),
            proposal_nouns: Vec::new(),
            counter_words: Vec::new(),
            revision_words: Vec::new(),
            group_nouns: Vec::new(),
            titles: Vec::new(),
            role_nouns: Vec::new(),
            not_names: Vec::new(),
            org_words: Vec::new(),
            part_nouns: Vec::new(),
            weekdays: Vec::new(),
            future_words: Vec::new(),
            denials: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lexicon_parses() {
        let lex = Lexicon::from_ron(DEFAULT_LEXICON, Path::new("lexicon.ron")).unwrap();
        assert!(lex.cues.len() > 100);
        // Every list is in the file, so no list falls back to the built-in one.
        for list in [
            &lex.not_names,
            &lex.org_words,
            &lex.part_nouns,
            &lex.future_words,
            &lex.denials,
        ] {
            assert!(!list.is_empty());
        }
        let compiled = lex.compiled_cues();
        assert!(compiled[0].words.len() >= compiled[compiled.len() - 1].words.len());
    }

    #[test]
    fn a_lexicon_without_the_newer_lists_reads_them_from_the_built_in_one() {
        let older: String = DEFAULT_LEXICON
            .lines()
            .filter(|l| !l.trim_start().starts_with("not_names:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let lex = Lexicon::from_ron(&older, Path::new("older.ron")).unwrap();
        assert_eq!(lex.not_names, Lexicon::default().not_names);
        // A list the file gives is the file's: a user can make "the" a name.
        let changed = DEFAULT_LEXICON.replace("not_names: [\"the\", ", "not_names: [");
        let lex = Lexicon::from_ron(&changed, Path::new("changed.ron")).unwrap();
        let vocab = Vocab::new(&lex);
        assert!(!vocab.class_of("the").has(Class::NOT_NAME));
        assert!(
            Vocab::new(&Lexicon::default())
                .class_of("the")
                .has(Class::NOT_NAME)
        );
    }

    #[test]
    fn weekdays_are_seven_or_the_lexicon_is_refused() {
        let six = DEFAULT_LEXICON.replace("\"sunday\"]", "]");
        let err = Lexicon::from_ron(&six, Path::new("six.ron")).unwrap_err();
        assert!(
            err.to_string()
                .contains("six.ron: `weekdays` names the seven days"),
            "{err}"
        );
    }
}
