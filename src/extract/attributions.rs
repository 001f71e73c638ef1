//! Attributions of an article: who said (or reported, or believes) what, found by
//! the trained attribution model and tied to the actors the article names.
//!
//! The model gives each attribution's speaker as the mention the text has ("he",
//! "the official", "Mr. Trump"); this stage resolves the mention to an actor: a
//! name or surname through the gazetteer (the base graph's actors and those the
//! article introduces), a personal pronoun to the person last resolved, a plural
//! one or a role noun to the organisation or group last resolved, and a possessive
//! ("the Kremlin's spokesman") to its owner.

use serde::Serialize;

use super::actors::{Gazetteer, read_new_actor};
use super::contracts::NewActor;
use super::lexicon::{Class, Vocab};
use super::text::norm_owned;
use super::text::words;
use crate::learn::attribution::{Attributor, Found, Span};
use crate::learn::tagger::Tagger;
use crate::model::{ActorId, ActorKind};

/// One attribution, as `extract --format attributions` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributionRecord {
    /// The article (its file's stem).
    pub doc: String,
    /// The speaker as the text names them, if it does.
    pub speaker: Option<String>,
    /// `[start, end)` in Unicode code points of the article.
    pub speaker_span: Option<[usize; 2]>,
    /// The words that attribute ("said", "according to").
    pub cue: String,
    /// `[start, end)` of the cue.
    pub cue_span: [usize; 2],
    /// What is attributed.
    pub content: String,
    /// `[start, end)` of the content.
    pub content_span: [usize; 2],
    /// A quotation rather than indirect speech.
    pub direct: bool,
    /// The actor the speaker resolves to, if any.
    pub actor: Option<ActorId>,
    /// Why: the model and its strongest features.
    pub origin: Origin,
}

/// What decided an attribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Origin {
    /// The model's name and feature set.
    pub model: String,
    /// The rule that proposed the content: "after" (the rest of the sentence after
    /// the cue), "after-quote", "before", "before-quote", "split-quote" and so on.
    pub pattern: String,
    /// The features that weighed most for the content and the source.
    pub features: Vec<(String, f64)>,
    /// How sure the model is of the content, 0..1: the logistic of the content
    /// ranker's margin over its runner-up.
    pub score: f64,
}

/// The lexicon's classes of a word as the attribution model reads them (the
/// order of [`LEXICON_CLASSES`](crate::learn::attribution::LEXICON_CLASSES)).
pub(crate) fn lexicon_mask(vocab: &Vocab, word: &str) -> u32 {
    let class = vocab.class_of(word);
    [
        Class::SPEECH_VERB,
        Class::CUE_START,
        Class::HEDGE_START,
        Class::UNNAMED_SOURCE,
        Class::SPOKESPERSON,
        Class::URGE_VERB,
        Class::CRITICISM_NOUN,
        Class::CLAIM_NOUN,
        Class::ACTOR_NOUN,
        Class::PEOPLE_NOUN,
    ]
    .iter()
    .enumerate()
    .fold(
        0,
        |mask, (bit, c)| if class.has(*c) { mask | 1 << bit } else { mask },
    )
}

fn pair(s: &Span) -> [usize; 2] {
    [s.start, s.end]
}

/// Words that stand for the person last named.
const PERSONAL: &[&str] = &["he", "she", "him", "her", "his", "hers", "i", "me", "my"];
/// Words that stand for a group or organisation last named.
const COLLECTIVE: &[&str] = &["they", "them", "their", "we", "us", "our", "it", "its"];
/// Words that start a mention without being part of a name.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms",
];

/// Finds the attributions of `text` and resolves their speakers through
/// `gazetteers` (the base graph's, then the article's new actors); also gives the
/// speakers the attributions named for the first time, as actors.
pub(crate) fn attributions(
    doc: &str,
    text: &str,
    gazetteers: &[&Gazetteer],
    vocab: &Vocab,
    model: &Attributor,
) -> (Vec<AttributionRecord>, Gazetteer) {
    let found = model.find(text, Tagger::builtin(), &|w| lexicon_mask(vocab, w));
    let mut last_person: Option<ActorId> = None;
    let mut last_group: Option<ActorId> = None;
    // Speakers named here for the first time, so that "Kova\u{10d}" later in the
    // article is the "Ana Kova\u{10d}" of the first paragraph.
    let mut named = Gazetteer::default();
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let speaker = f.source.map(|s| s.text(text).to_owned());
        let mut actor = None;
        let mention = f.source_name.or(f.source).map(|s| s.text(text));
        if let Some(s) = mention {
            let mut all: Vec<&Gazetteer> = gazetteers.to_vec();
            all.push(&named);
            actor = resolve(s, vocab, &all, last_person.as_ref(), last_group.as_ref())
                .and_then(|id| Some((all.iter().find_map(|g| g.actor(&id))?.kind, id)));
            if actor.is_none()
                && let Some(new) = new_actor(s, vocab)
            {
                let id = ActorId::from_text(&new.name);
                let kind = new.kind;
                named.add(id.clone(), crate::model::Actor::new(new.name, kind));
                actor = Some((kind, id));
            }
        }
        if let Some((kind, id)) = &actor {
            if *kind == ActorKind::Person {
                last_person = Some(id.clone());
            } else {
                last_group = Some(id.clone());
            }
        }
        out.push(to_attribution(
            doc,
            text,
            f,
            speaker,
            actor.map(|(_, id)| id),
        ));
    }
    (out, named)
}

/// The actor a capitalised mention names for the first time ("Fisheries Minister
/// Ana Kova\u{10d}": Ana Kova\u{10d}, a person), as the rules read new actors.
fn new_actor(mention: &str, vocab: &Vocab) -> Option<NewActor> {
    let words = words(mention, vocab);
    if !words.iter().any(|w| w.is_capitalized()) {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| norm_owned(w.text)).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    read_new_actor(&words, &lower, words.len(), vocab)
}

fn to_attribution(
    doc: &str,
    text: &str,
    f: Found,
    speaker: Option<String>,
    actor: Option<ActorId>,
) -> AttributionRecord {
    AttributionRecord {
        doc: doc.to_owned(),
        speaker,
        speaker_span: f.source.as_ref().map(pair),
        cue: f.cue.text(text).to_owned(),
        cue_span: pair(&f.cue),
        content: f.content.text(text).to_owned(),
        content_span: pair(&f.content),
        direct: f.direct,
        actor,
        origin: Origin {
            model: format!("attribution ({})", crate::learn::attribution::FEATURES),
            pattern: f.pattern.to_owned(),
            features: f.why,
            score: (1.0 / (1.0 + (-f.margin).exp()) * 1000.0).round() / 1000.0,
        },
    }
}

/// A name looked up in each gazetteer in turn.
fn lookup<'g>(gazetteers: &[&'g Gazetteer], name: &str) -> Option<&'g ActorId> {
    gazetteers.iter().find_map(|g| g.lookup(name))
}

/// The actor a speaker mention stands for.
fn resolve(
    mention: &str,
    vocab: &Vocab,
    gazetteers: &[&Gazetteer],
    last_person: Option<&ActorId>,
    last_group: Option<&ActorId>,
) -> Option<ActorId> {
    let words: Vec<String> = mention.split_whitespace().map(norm_owned).collect();
    if words.len() == 1 {
        if PERSONAL.contains(&words[0].as_str()) {
            return last_person.cloned();
        }
        if COLLECTIVE.contains(&words[0].as_str()) {
            return last_group.cloned();
        }
    }
    let start = words
        .iter()
        .position(|w| !DETERMINERS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let name = &words[start..];
    if name.is_empty() {
        return None;
    }
    if let Some(id) = lookup(gazetteers, &name.join(" ")) {
        return Some(id.clone());
    }
    // "the Kremlin's spokesman": its owner (normalising drops the possessive).
    let raw: Vec<&str> = mention.split_whitespace().collect();
    if let Some(owner) = raw
        .iter()
        .position(|w| w.ends_with("'s") || w.ends_with("\u{2019}s"))
        .and_then(|k| k.checked_sub(start))
        && let Some(id) = lookup(gazetteers, &name[..=owner].join(" "))
    {
        return Some(id.clone());
    }
    // A surname, or the name's last words ("Secretary of State Marco Rubio").
    for k in 1..name.len() {
        if let Some(id) = lookup(gazetteers, &name[k..].join(" ")) {
            return Some(id.clone());
        }
    }
    if let Some(id) = name
        .last()
        .and_then(|w| gazetteers.iter().find_map(|g| g.surname(w)))
    {
        return Some(id.clone());
    }
    // A role noun stands for whoever was last named of its sort: "the official"
    // for the person, "the ministry" for the organisation. A possessive whose owner
    // is unknown ("the fishermen's union") is someone new, not either of them.
    let role = mention
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("the"));
    let possessive = raw
        .iter()
        .any(|w| w.ends_with("'s") || w.ends_with("s'") || w.ends_with("\u{2019}s"));
    if !role || possessive || !name.iter().all(|w| w.chars().all(char::is_lowercase)) {
        return None;
    }
    let head = name.last().map_or("", String::as_str);
    let class = vocab.class_of(head);
    if class.has(Class::ORG_WORD) || vocab.group_nouns.contains(head) {
        last_group.cloned()
    } else if vocab.role_heads.contains(head)
        || vocab.title_heads.contains(head)
        || class.has(Class::SPOKESPERSON)
        || class.has(Class::ACTOR_NOUN)
    {
        last_person.or(last_group).cloned()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Document};

    fn gazetteer() -> Gazetteer {
        let mut doc = Document::default();
        for (id, name, kind) in [
            (
                "volodymyr-zelenskyy",
                "Volodymyr Zelenskyy",
                ActorKind::Person,
            ),
            ("kremlin", "Kremlin", ActorKind::Government),
        ] {
            doc.actors
                .insert(ActorId::new(id).unwrap(), Actor::new(name, kind));
        }
        Gazetteer::from_document(&doc)
    }

    fn resolve_(
        mention: &str,
        g: &[&Gazetteer],
        person: Option<&ActorId>,
        group: Option<&ActorId>,
    ) -> Option<ActorId> {
        let vocab = Vocab::new(&crate::extract::lexicon::Lexicon::default());
        resolve(mention, &vocab, g, person, group)
    }

    #[test]
    fn pronouns_role_nouns_and_possessives_resolve_to_named_actors() {
        let g = gazetteer();
        let z = ActorId::new("volodymyr-zelenskyy").unwrap();
        let k = ActorId::new("kremlin").unwrap();
        assert_eq!(resolve_("Zelenskyy", &[&g], None, None), Some(z.clone()));
        assert_eq!(
            resolve_("Mr. Zelenskyy", &[&g], None, None),
            Some(z.clone())
        );
        assert_eq!(resolve_("he", &[&g], Some(&z), Some(&k)), Some(z.clone()));
        assert_eq!(resolve_("they", &[&g], Some(&z), Some(&k)), Some(k.clone()));
        assert_eq!(
            resolve_("the Kremlin's spokesman", &[&g], None, None),
            Some(k.clone())
        );
        assert_eq!(
            resolve_("the official", &[&g], Some(&z), None),
            Some(z.clone())
        );
        assert_eq!(
            resolve_("the ministry", &[&g], Some(&z), Some(&k)),
            Some(k.clone())
        );
        assert_eq!(
            resolve_("the fishermen's union", &[&g], Some(&z), Some(&k)),
            None
        );
        assert_eq!(resolve_("the weather", &[&g], Some(&z), Some(&k)), None);
        assert_eq!(resolve_("some analysts", &[&g], None, None), None);
    }
}
