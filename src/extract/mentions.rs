//! Reading a sentence: its words, lowercased once, what the lexicon knows of each,
//! which are quoted, and which known actors it names (the base graph's and those the
//! article introduced). What comes out is a [`Sentence`], the input of every later
//! stage.

use super::actors::Gazetteer;
use super::contracts::Sentence;
use super::lexicon::{Class, Vocab};
use super::text::{Segment, is_plain, norm_into, quotes, words};

/// Reads `sentence`. Lowercased words that differ from the text go into `lowered`,
/// a buffer kept across sentences; the rest are borrowed. `known` is the base
/// graph's gazetteer and the article's own: a name both know is the base graph's.
/// `span` is where the sentence is in the article, in Unicode characters.
pub(crate) fn read<'s>(
    segment: &Segment<'s>,
    span: (usize, usize),
    lowered: &'s mut String,
    vocab: &Vocab,
    known: [&Gazetteer; 2],
) -> Sentence<'s> {
    let sentence = segment.text;
    let words = words(sentence, vocab);
    // Words that need lowering go into one buffer; the rest are borrowed.
    lowered.clear();
    let spans: Vec<Option<(usize, usize)>> = words
        .iter()
        .map(|w| {
            (!is_plain(w.text)).then(|| {
                let start = lowered.len();
                norm_into(w.text, lowered);
                (start, lowered.len())
            })
        })
        .collect();
    let lowered: &'s String = lowered;
    let lower: Vec<&'s str> = words
        .iter()
        .zip(&spans)
        .map(|(w, span)| span.map_or(w.text, |(a, b)| &lowered[a..b]))
        .collect();
    let class: Vec<Class> = lower.iter().map(|w| vocab.class_of(w)).collect();
    let qs = quotes(sentence);
    // Words and quotes are both in order: one sweep marks the quoted words.
    let mut in_quote = Vec::with_capacity(words.len());
    let mut q = 0;
    for w in &words {
        while q < qs.len() && qs[q].end < w.end {
            q += 1;
        }
        in_quote.push(
            qs.get(q)
                .is_some_and(|x| x.start <= w.start && w.end <= x.end),
        );
    }
    let [base, local] = known;
    let mut mentions = base.mentions(&words, &lower, &class);
    for m in local.mentions(&words, &lower, &class) {
        if !mentions
            .iter()
            .any(|o| o.first < m.last && m.first < o.last)
        {
            mentions.push(m);
        }
    }
    mentions.sort_by_key(|m| m.first);
    // "VELSEN, Ostrova - Ostrova's minister said": a dateline names a place, not a speaker.
    let upper_first = words.first().is_some_and(|w| {
        w.text.len() > 1
            && w.text
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
    });
    let dateline = if upper_first {
        dateline_end(sentence)
    } else {
        None
    };
    if let Some(end) = dateline {
        mentions.retain(|m| words[m.first].start > end);
    }
    Sentence {
        text: sentence,
        words,
        lower,
        class,
        in_quote,
        mentions,
        span,
        paragraph: segment.paragraph,
    }
}

/// Where a leading dateline ("VELSEN, Ostrova - ") ends: a dash within the first 60
/// bytes (cut back to a character boundary).
fn dateline_end(sentence: &str) -> Option<usize> {
    let mut limit = sentence.len().min(60);
    while !sentence.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &sentence[..limit];
    head.find(" - ")
        .or_else(|| head.find(" \u{2014} "))
        .or_else(|| head.find(" \u{2013} "))
}

/// Building a [`Sentence`] from a string, for the stages' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::extract::lexicon::Lexicon;
    use crate::model::{Actor, ActorId, ActorKind, Document};

    /// A base graph of the actors named, each `(name, kind)`.
    pub fn actors(names: &[(&str, ActorKind)]) -> Document {
        let mut doc = Document::default();
        for (name, kind) in names {
            doc.actors.insert(
                ActorId::from_text(name),
                Actor::new((*name).to_owned(), *kind),
            );
        }
        doc
    }

    /// Reads `text` as one sentence of the article's second paragraph, against
    /// `base`'s actors with the built-in lexicon, and gives it to `f`.
    pub fn with_sentence<R>(
        text: &str,
        base: &Document,
        f: impl FnOnce(&Sentence<'_>, &Vocab, &Gazetteer) -> R,
    ) -> R {
        let vocab = Vocab::new(&Lexicon::default());
        let known = Gazetteer::from_document(base);
        let local = Gazetteer::default();
        let mut lowered = String::new();
        let segment = Segment {
            text,
            start: 0,
            paragraph: 1,
        };
        let sentence = read(
            &segment,
            (0, text.chars().count()),
            &mut lowered,
            &vocab,
            [&known, &local],
        );
        f(&sentence, &vocab, &known)
    }

    #[test]
    fn a_sentence_knows_its_words_quotes_and_actors() {
        let base = actors(&[("Mara Velsen", ActorKind::Person)]);
        with_sentence(
            "\"It is a fair start,\" Mara Velsen told reporters.",
            &base,
            |s, _, _| {
                assert_eq!(s.lower[..3], ["it", "is", "a"]);
                assert!(s.in_quote[0] && !s.in_quote[s.words.len() - 1]);
                assert_eq!(s.mentions.len(), 1);
                assert_eq!(s.mentions[0].actor.as_str(), "mara-velsen");
                assert!(s.actor_at(s.mentions[0].first));
            },
        );
    }

    #[test]
    fn a_dateline_names_a_place_not_a_speaker() {
        let base = actors(&[("Ostrova", ActorKind::Country)]);
        with_sentence(
            "VELSEN, Ostrova - The minister rejected the plan.",
            &base,
            |s, _, _| assert!(s.mentions.is_empty(), "{:?}", s.mentions),
        );
    }
}
