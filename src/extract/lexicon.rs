//! The cue lexicon: the words the extractor reads stances and attributions from,
//! kept as data (`lexicon.ron`) so that users can extend it or write one for other
//! news. Every list that varies with the language of news is in the file; only
//! closed grammatical classes (determiners, pronouns, prepositions, conjunctions,
//! copulas) stay in the stages' code. [`Vocab`] compiles the lists into word sets
//! and per-word class bits ([`Class`]), so each stage asks "is word `k` a role
//! noun?" as a bit test.

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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
    /// Nouns for a source left unnamed ("officials", "a person familiar").
    #[serde(default = "builtin::unnamed_sources")]
    pub unnamed_sources: Vec<String>,
    /// Nouns for one who speaks for another ("spokeswoman").
    #[serde(default = "builtin::spokesperson_nouns")]
    pub spokesperson_nouns: Vec<String>,
    /// Roles that name a person by whom they serve ("the Kremlin's envoy").
    #[serde(default = "builtin::possessed_roles")]
    pub possessed_roles: Vec<String>,
    /// Words before an unnamed-source noun that keep it unnamed ("a senior
    /// official", "a person familiar with").
    #[serde(default = "builtin::unnamed_modifiers")]
    pub unnamed_modifiers: Vec<String>,
    /// Nouns that refer back to a claim ("that claim", "the warnings").
    #[serde(default = "builtin::claim_nouns")]
    pub claim_nouns: Vec<String>,
    /// Part nouns that name a point by a word of its text ("the emergency clause").
    #[serde(default = "builtin::provision_nouns")]
    pub provision_nouns: Vec<String>,
    /// Nouns for a share of a text that say nothing of which point ("the rest").
    #[serde(default = "builtin::portion_nouns")]
    pub portion_nouns: Vec<String>,
    /// Words that mark the proposal others revise or answer ("the original ban").
    #[serde(default = "builtin::original_words")]
    pub original_words: Vec<String>,
    /// Groups of nouns for the same kind of text: "the deal" may be a proposal
    /// titled an agreement, not one titled an offer.
    #[serde(default = "builtin::kin_nouns")]
    pub kin_nouns: Vec<Vec<String>>,
    /// Verbs of urging, whose stance is the verb after "to" ("urged them to reject").
    #[serde(default = "builtin::urge_verbs")]
    pub urge_verbs: Vec<String>,
    /// Nouns for objections raised by others ("dismissed the criticism").
    #[serde(default = "builtin::criticism_nouns")]
    pub criticism_nouns: Vec<String>,
    /// Words before "the problem" that make it the problem a proposal solves.
    #[serde(default = "builtin::problem_verbs")]
    pub problem_verbs: Vec<String>,
    /// Words before "support" that make it a thing given ("military support").
    #[serde(default = "builtin::aid_modifiers")]
    pub aid_modifiers: Vec<String>,
    /// Nouns after "the" that make a cue's object an actor ("backed the government").
    #[serde(default = "builtin::actor_nouns")]
    pub actor_nouns: Vec<String>,
    /// Nouns for talking rather than a proposal ("welcomed the talks").
    #[serde(default = "builtin::engagement_nouns")]
    pub engagement_nouns: Vec<String>,
    /// Nouns for people and places a cue can be for ("support for the workers").
    #[serde(default = "builtin::people_nouns")]
    pub people_nouns: Vec<String>,
    /// Short forms of role nouns, each with its full form ("gov." and "governor").
    #[serde(default = "builtin::role_abbreviations")]
    pub role_abbreviations: Vec<(String, String)>,
    /// Abbreviations, without their full stop, after which a full stop does not end
    /// a sentence ("sen", "u.s").
    #[serde(default = "builtin::abbreviations")]
    pub abbreviations: Vec<String>,
    /// Those of the abbreviations that end a sentence when a new clause follows
    /// ("in the U.S. The next day").
    #[serde(default = "builtin::ending_abbreviations")]
    pub ending_abbreviations: Vec<String>,
    /// Abbreviations of part nouns, which end no sentence before a number ("Art. 6").
    #[serde(default = "builtin::reference_abbreviations")]
    pub reference_abbreviations: Vec<String>,
    /// Words of a proposal's name that say nothing about which proposal is meant
    /// ("plan", "peace", "percent").
    #[serde(default = "builtin::generic_words")]
    pub generic_words: Vec<String>,
    /// Starts of lines that mark the end of the story ("read more", "sign up").
    #[serde(default = "builtin::boilerplate")]
    pub boilerplate: Vec<String>,
    /// Lowercase words inside names ("de", "van", "bin").
    #[serde(default = "builtin::name_particles")]
    pub name_particles: Vec<String>,
    /// Plural party names that are a group actor on their own ("Democrats").
    #[serde(default = "builtin::party_groups")]
    pub party_groups: Vec<String>,
    /// Words for a day counted from the day of publication, with the count
    /// (`("yesterday", -1)`).
    #[serde(default = "builtin::relative_days")]
    pub relative_days: Vec<(String, i64)>,
    /// Words that, after "this", name the weekend of publication.
    #[serde(default = "builtin::weekend_words")]
    pub weekend_words: Vec<String>,
}

/// The built-in lists a lexicon file falls back to for the lists it leaves out
/// (lexicons written before these lists were data do not have them).
mod builtin {
    use std::cell::Cell;
    use std::sync::OnceLock;

    use super::Lexicon;

    thread_local! {
        /// Set while the embedded lexicon is parsed, so that a list it lacked would
        /// come back empty instead of waiting on its own initialisation.
        static PARSING: Cell<bool> = const { Cell::new(false) };
    }

    fn lexicon() -> &'static Lexicon {
        static BUILT_IN: OnceLock<Lexicon> = OnceLock::new();
        BUILT_IN.get_or_init(|| {
            PARSING.set(true);
            let lex = Lexicon::default();
            PARSING.set(false);
            lex
        })
    }

    /// One function per list, returning the built-in lexicon's list of that name,
    /// and [`missing`], the lists the embedded lexicon leaves empty (a test keeps
    /// it empty).
    macro_rules! lists {
        ($($name:ident: $ty:ty),* $(,)?) => {
            $(pub fn $name() -> $ty {
                if PARSING.get() {
                    return <$ty>::default();
                }
                lexicon().$name.clone()
            })*

            #[cfg(test)]
            pub fn missing() -> Vec<&'static str> {
                let lex = lexicon();
                let mut out = Vec::new();
                $(if lex.$name.is_empty() {
                    out.push(stringify!($name));
                })*
                out
            }
        };
    }

    type Words = Vec<String>;

    lists!(
        not_names: Words,
        org_words: Words,
        part_nouns: Words,
        weekdays: Words,
        future_words: Words,
        denials: Words,
        unnamed_sources: Words,
        unnamed_modifiers: Words,
        spokesperson_nouns: Words,
        possessed_roles: Words,
        claim_nouns: Words,
        provision_nouns: Words,
        portion_nouns: Words,
        original_words: Words,
        kin_nouns: Vec<Words>,
        urge_verbs: Words,
        criticism_nouns: Words,
        problem_verbs: Words,
        aid_modifiers: Words,
        actor_nouns: Words,
        engagement_nouns: Words,
        people_nouns: Words,
        role_abbreviations: Vec<(String, String)>,
        abbreviations: Words,
        ending_abbreviations: Words,
        reference_abbreviations: Words,
        boilerplate: Words,
        generic_words: Words,
        name_particles: Words,
        party_groups: Words,
        relative_days: Vec<(String, i64)>,
        weekend_words: Words,
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
                message: crate::store::describe(&e.code),
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

/// Copulas attribute only a stance adjective to their subject ("Democrats were
/// also doubtful"), not every description ("Driscoll was scheduled to fly"). A
/// closed class, so in code; an older lexicon that lists them as verbs of saying has
/// them read as copulas all the same.
pub(crate) const COPULAS: &[&str] = &["was", "were", "is", "are", "remained", "remains"];

/// What the lexicon knows of one word, as bits: looked up once per word of a
/// sentence, so that each later question about the word ("a verb of saying?",
/// "a proposal noun?") is a bit test rather than another hash lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Class(u32);

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
    /// A noun for an unnamed source ("officials").
    pub const UNNAMED_SOURCE: Class = Class(1 << 10);
    /// A noun for one who speaks for another ("spokesman").
    pub const SPOKESPERSON: Class = Class(1 << 11);
    /// A role that names a person by whom they serve ("envoy").
    pub const POSSESSED_ROLE: Class = Class(1 << 12);
    /// A noun that refers back to a claim ("allegations").
    pub const CLAIM_NOUN: Class = Class(1 << 13);
    /// A part noun that names a point by a word of its text ("clause").
    pub const PROVISION_NOUN: Class = Class(1 << 14);
    /// A share of a text ("rest", "bulk").
    pub const PORTION_NOUN: Class = Class(1 << 15);
    /// Marks the proposal others revise ("original").
    pub const ORIGINAL_WORD: Class = Class(1 << 16);
    /// A verb of urging ("pressed").
    pub const URGE_VERB: Class = Class(1 << 17);
    /// Objections raised by others ("criticism").
    pub const CRITICISM_NOUN: Class = Class(1 << 18);
    /// Before "the problem" a proposal solves ("tackle").
    pub const PROBLEM_VERB: Class = Class(1 << 19);
    /// Before "support" given as a thing ("military").
    pub const AID_MODIFIER: Class = Class(1 << 20);
    /// After "the", an actor as a cue's object ("government").
    pub const ACTOR_NOUN: Class = Class(1 << 21);
    /// Talking rather than a proposal ("talks").
    pub const ENGAGEMENT_NOUN: Class = Class(1 << 22);
    /// People or a place a cue can be for ("workers").
    pub const PEOPLE_NOUN: Class = Class(1 << 23);
    /// A lowercase word inside a name ("van").
    pub const NAME_PARTICLE: Class = Class(1 << 24);
    /// A plural party name that is a group on its own ("democrats").
    pub const PARTY_GROUP: Class = Class(1 << 25);
    /// After "this", the weekend of publication ("weekend").
    pub const WEEKEND: Class = Class(1 << 26);
    /// Before an unnamed-source noun, keeps it unnamed ("senior").
    pub const UNNAMED_MODIFIER: Class = Class(1 << 27);

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
    /// For each kin noun, the numbers of its groups.
    pub kin: HashMap<String, Vec<usize>>,
    /// Short forms of role nouns and their full forms.
    pub role_abbreviations: HashMap<String, String>,
    /// Abbreviations, lowercased, without their full stop.
    pub abbreviations: HashSet<String>,
    pub ending_abbreviations: HashSet<String>,
    pub reference_abbreviations: HashSet<String>,
    /// Starts of boilerplate lines, lowercased.
    pub boilerplate: Vec<String>,
    /// Days counted from publication ("yesterday": -1).
    pub relative_days: HashMap<String, i64>,
    /// Words that say nothing about which proposal is meant.
    pub generic_words: HashSet<String>,
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
            speech_verbs: set(&lex.speech_verbs)
                .into_iter()
                .filter(|w| !COPULAS.contains(&w.as_str()))
                .collect(),
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
            kin: {
                let mut kin: HashMap<String, Vec<usize>> = HashMap::default();
                for (i, group) in lex.kin_nouns.iter().enumerate() {
                    for w in group {
                        kin.entry(w.to_lowercase()).or_default().push(i);
                    }
                }
                kin
            },
            role_abbreviations: lex
                .role_abbreviations
                .iter()
                .map(|(short, full)| (short.to_lowercase(), full.to_lowercase()))
                .collect(),
            abbreviations: set(&lex.abbreviations),
            ending_abbreviations: set(&lex.ending_abbreviations),
            reference_abbreviations: set(&lex.reference_abbreviations),
            boilerplate: lex.boilerplate.iter().map(|b| b.to_lowercase()).collect(),
            generic_words: set(&lex.generic_words),
            relative_days: lex
                .relative_days
                .iter()
                .map(|(w, n)| (w.to_lowercase(), *n))
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
            (&lex.unnamed_sources, Class::UNNAMED_SOURCE),
            (&lex.unnamed_modifiers, Class::UNNAMED_MODIFIER),
            (&lex.spokesperson_nouns, Class::SPOKESPERSON),
            (&lex.possessed_roles, Class::POSSESSED_ROLE),
            (&lex.claim_nouns, Class::CLAIM_NOUN),
            (&lex.provision_nouns, Class::PROVISION_NOUN),
            (&lex.portion_nouns, Class::PORTION_NOUN),
            (&lex.original_words, Class::ORIGINAL_WORD),
            (&lex.urge_verbs, Class::URGE_VERB),
            (&lex.criticism_nouns, Class::CRITICISM_NOUN),
            (&lex.problem_verbs, Class::PROBLEM_VERB),
            (&lex.aid_modifiers, Class::AID_MODIFIER),
            (&lex.actor_nouns, Class::ACTOR_NOUN),
            (&lex.engagement_nouns, Class::ENGAGEMENT_NOUN),
            (&lex.people_nouns, Class::PEOPLE_NOUN),
            (&lex.name_particles, Class::NAME_PARTICLE),
            (&lex.party_groups, Class::PARTY_GROUP),
            (&lex.weekend_words, Class::WEEKEND),
        ];
        for (words, class) in lists {
            for w in words {
                classes.entry(w.to_lowercase()).or_default().0 |= class.0;
            }
        }
        vocab.classes = classes;
        vocab
    }

    /// A role noun's short and full forms ("gov.", "governor"), from either; a
    /// role with no short form is both.
    pub fn role_forms<'w>(&'w self, role: &'w str) -> (&'w str, &'w str) {
        if let Some(full) = self.role_abbreviations.get(role) {
            return (role, full);
        }
        self.role_abbreviations
            .iter()
            .find(|(_, full)| full.as_str() == role)
            .map_or((role, role), |(short, full)| {
                (short.as_str(), full.as_str())
            })
    }

    /// True when two different nouns name the same kind of text ("deal" and
    /// "agreement"), by the lexicon's `kin_nouns`.
    pub fn are_kin(&self, a: &str, b: &str) -> bool {
        let (Some(x), Some(y)) = (self.kin.get(a), self.kin.get(b)) else {
            return false;
        };
        a != b && x.iter().any(|g| y.contains(g))
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
            unnamed_sources: Vec::new(),
            unnamed_modifiers: Vec::new(),
            spokesperson_nouns: Vec::new(),
            possessed_roles: Vec::new(),
            claim_nouns: Vec::new(),
            provision_nouns: Vec::new(),
            portion_nouns: Vec::new(),
            original_words: Vec::new(),
            kin_nouns: Vec::new(),
            urge_verbs: Vec::new(),
            criticism_nouns: Vec::new(),
            problem_verbs: Vec::new(),
            aid_modifiers: Vec::new(),
            actor_nouns: Vec::new(),
            engagement_nouns: Vec::new(),
            people_nouns: Vec::new(),
            role_abbreviations: Vec::new(),
            abbreviations: Vec::new(),
            ending_abbreviations: Vec::new(),
            reference_abbreviations: Vec::new(),
            boilerplate: Vec::new(),
            generic_words: Vec::new(),
            name_particles: Vec::new(),
            party_groups: Vec::new(),
            relative_days: Vec::new(),
            weekend_words: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lexicon_has_every_list() {
        assert_eq!(builtin::missing(), Vec::<&str>::new());
    }

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
    fn the_compiled_lists_answer_as_the_file_says() {
        let vocab = Vocab::new(&Lexicon::default());
        assert!(vocab.are_kin("deal", "agreement"));
        assert!(!vocab.are_kin("deal", "offer"));
        assert!(!vocab.are_kin("deal", "deal"));
        assert_eq!(vocab.role_forms("gov."), ("gov.", "governor"));
        assert_eq!(vocab.role_forms("senator"), ("sen.", "senator"));
        assert_eq!(vocab.role_forms("mayor"), ("mayor", "mayor"));
        assert!(vocab.class_of("spokeswoman").has(Class::SPOKESPERSON));
        assert!(vocab.class_of("officials").has(Class::UNNAMED_SOURCE));
        assert_eq!(vocab.relative_days.get("yesterday"), Some(&-1));
        // A file's own list replaces the built-in one.
        let changed = DEFAULT_LEXICON.replace(
            "kin_nouns: [\n",
            "kin_nouns: [\n        [\"offer\", \"deal\"],\n",
        );
        let vocab = Vocab::new(&Lexicon::from_ron(&changed, Path::new("k.ron")).unwrap());
        assert!(vocab.are_kin("deal", "offer"));
        assert!(vocab.are_kin("deal", "pact"));
    }

    #[test]
    fn copulas_listed_as_verbs_of_saying_are_read_as_copulas() {
        let older = DEFAULT_LEXICON.replace(
            "speech_verbs: [\"said\",",
            "speech_verbs: [\"was\", \"said\",",
        );
        let vocab = Vocab::new(&Lexicon::from_ron(&older, Path::new("older.ron")).unwrap());
        assert!(!vocab.class_of("was").has(Class::SPEECH_VERB));
        assert!(vocab.class_of("said").has(Class::SPEECH_VERB));
    }

    #[test]
    fn a_misspelled_list_is_refused_not_replaced_by_the_built_in_one() {
        let typo = DEFAULT_LEXICON.replace("\n    denials: [", "\n    denails: [");
        let err = Lexicon::from_ron(&typo, Path::new("typo.ron"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `denails`"), "{err}");
        assert!(err.contains("did you mean `denials`?"), "{err}");
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
