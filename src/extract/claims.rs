//! Claims: what speakers assert, as targets of their own (`extract --claims`).
//!
//! Each attribution that is not already a stance on a proposal becomes a claim (its
//! content) and a statement of its speaker about it. The claim is found again, in
//! the same article, another article of the run or the base graph, by its *key*:
//! the content's words lowercased, without punctuation, quote marks, articles, a
//! leading "that" and the auxiliaries that reported speech shifts ("the stocks have
//! recovered" is reported as "the stocks had recovered"). Negation stays in the key:
//! "have not recovered" is another claim, which the first one's speaker would deny.
//!
//! The speaker asserts the claim, unless the cue itself takes a stance: "denied that
//! ..." is a non-starter, "doubted that ..." skeptical, as the lexicon has them.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::actors::Gazetteer;
use super::attributions::AttributionRecord;
use super::contracts::Article;
use super::lexicon::Vocab;
use super::text::norm_owned;
use crate::model::{
    Attribution, Claim, ClaimId, Document, Evidence, ModelCall, Origin, Pattern, Stance, Statement,
    StatementId, Target,
};

/// Contents shorter than this many words ("so", "it was not") say too little to be
/// a claim of their own.
const MIN_WORDS: usize = 3;
/// Words of the key that make a claim's id; a longer key adds a hash of the rest.
const ID_WORDS: usize = 8;
/// Words of the content quoted as evidence (the span has it all).
const QUOTE_WORDS: usize = 24;

/// Words the key leaves out: articles, the "that" of reported speech, and the
/// auxiliaries whose tense reported speech shifts.
const UNKEYED: &[&str] = &[
    "the", "a", "an", "that", "have", "has", "had", "is", "are", "was", "were", "will", "would",
    "'s", "'re", "'ve", "'ll", "'d",
];

/// Endings split off a word before keying ("the plan's" is "plan 's").
const CLITICS: &[&str] = &["'s", "'re", "'ve", "'ll", "'d"];

/// The claims an article's attributions make, added to its extracted document.
pub(crate) struct Claims<'a> {
    /// Claims by key: the base graph's and those made so far.
    by_key: HashMap<String, ClaimId>,
    /// The base graph's claims.
    base: &'a IndexMap<ClaimId, Claim>,
    vocab: &'a Vocab,
}

impl<'a> Claims<'a> {
    /// Claims matched against `base` (the base graph's claims).
    pub fn new(base: &'a IndexMap<ClaimId, Claim>, vocab: &'a Vocab) -> Self {
        let by_key = base
            .iter()
            .map(|(id, c)| (key(&c.text), id.clone()))
            .collect();
        Self {
            by_key,
            base,
            vocab,
        }
    }

    /// Adds to `doc` (one article's extraction) a claim and a statement for each
    /// attribution in `records` with a resolved speaker that is not already a
    /// stance; actors the statements need come from `actors`.
    pub fn add(
        &mut self,
        doc: &mut Document,
        records: &[AttributionRecord],
        article: &Article<'_>,
        actors: &[&Gazetteer],
    ) {
        for r in records {
            let Some(actor) = &r.actor else { continue };
            let content = clean(&r.content);
            if content.split_whitespace().count() < MIN_WORDS || stated(doc, r) {
                continue;
            }
            // The rules' reading of the same words as a claim of the base graph
            // gives way to the model's.
            doc.statements.retain(|_, s| !covers(s, r));
            let k = key(&content);
            if k.is_empty() {
                continue;
            }
            let id = match self.by_key.get(&k) {
                Some(id) => id.clone(),
                None => {
                    // Never the id of a base claim that says something else.
                    let mut id = claim_id(&k);
                    let mut n = 1;
                    while self.base.contains_key(&id) {
                        n += 1;
                        id = ClaimId::from_text(&format!("{} {n}", claim_id(&k)));
                    }
                    self.by_key.insert(k, id.clone());
                    id
                }
            };
            if !doc.claims.contains_key(&id) {
                let claim = self.base.get(&id).cloned().unwrap_or_else(|| Claim {
                    text: content.clone(),
                    note: None,
                });
                doc.claims.insert(id.clone(), claim);
            }
            if !doc.actors.contains_key(actor)
                && let Some(a) = actors.iter().find_map(|g| g.actor(actor))
            {
                doc.actors.insert(actor.clone(), a.clone());
            }
            let attribution = if r.direct {
                Attribution::DirectQuote
            } else {
                Attribution::Paraphrase
            };
            let stance = self.cue_stance(&r.cue);
            let mut s = Statement::new(
                actor.clone(),
                Target::Claim(id.clone()),
                stance,
                attribution,
            );
            s.evidence = Some(Evidence {
                source: article.source.clone(),
                quote: quote(&content),
                span: Some(extent(r)),
            });
            s.confidence = Some((r.origin.score * 100.0).round() / 100.0);
            s.origin = Origin::Extracted {
                cue: r.cue.clone(),
                pattern: pattern_of(r),
                model: Some(ModelCall {
                    name: r.origin.model.clone(),
                    score: r.origin.score,
                    features: r.origin.features.clone(),
                }),
            };
            push(doc, s);
        }
    }

    /// The stance the cue takes on what it attributes: a denial or a lexicon cue's
    /// stance, else the speaker asserts it.
    fn cue_stance(&self, cue: &str) -> Stance {
        let words: Vec<String> = cue.split_whitespace().map(norm_owned).collect();
        let has = |phrase: &[String]| {
            !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
        };
        if self.vocab.denials.iter().any(|d| has(d)) {
            return Stance::NonStarter;
        }
        self.vocab
            .cues
            .iter()
            .find(|c| {
                words.iter().any(|w| {
                    c.words.len() == 1
                        && if c.prefix {
                            w.starts_with(c.words[0].as_str())
                        } else {
                            *w == c.words[0]
                        }
                })
            })
            .map_or(Stance::Support, |c| c.stance)
    }
}

/// True when the rules already drew a stance on a proposal or point from the
/// attribution: a statement of the article whose evidence holds the cue.
fn stated(doc: &Document, r: &AttributionRecord) -> bool {
    doc.statements
        .values()
        .any(|s| covers(s, r) && !matches!(s.target, Target::Claim(_)))
}

/// Whether the statement's evidence holds the attribution's cue.
fn covers(s: &Statement, r: &AttributionRecord) -> bool {
    s.evidence
        .as_ref()
        .and_then(|e| e.span)
        .is_some_and(|(a, b)| a <= r.cue_span[0] && r.cue_span[1] <= b)
}

/// The content as a claim reads: without the quote marks, the leading "that" and
/// the closing punctuation around it.
fn clean(content: &str) -> String {
    let quote = |c: char| "\"'\u{201c}\u{201d}\u{2018}\u{2019}".contains(c);
    let mut t = content.trim_matches(|c: char| c.is_whitespace() || quote(c));
    if let Some(rest) = t.strip_prefix("that ") {
        t = rest;
    }
    let t = t.trim_end_matches(|c: char| c.is_whitespace() || quote(c) || ",.;:".contains(c));
    t.trim_start_matches(|c: char| c.is_whitespace() || quote(c))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words that make two contents one claim (see the module's documentation).
fn key(content: &str) -> String {
    let spaced: String = content
        .chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            c if c.is_alphanumeric() || c == '\'' || c == '-' => c,
            _ => ' ',
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for w in spaced.split_whitespace() {
        let w = w.trim_matches('\'').to_lowercase();
        let (stem, clitic) = match CLITICS.iter().find(|c| w.ends_with(*c)) {
            Some(c) => (&w[..w.len() - c.len()], Some(*c)),
            None => (w.as_str(), None),
        };
        for part in [Some(stem), clitic].into_iter().flatten() {
            if !part.is_empty() && !UNKEYED.contains(&part) {
                out.push(part.to_owned());
            }
        }
    }
    out.join(" ")
}

/// The id of a claim with key `k`: its first words, and a hash of the whole key
/// when it is longer, so that two long claims that begin alike stay apart.
fn claim_id(k: &str) -> ClaimId {
    let words: Vec<&str> = k.split_whitespace().collect();
    if words.len() <= ID_WORDS {
        return ClaimId::from_text(k);
    }
    let hash = k.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    ClaimId::from_text(&format!(
        "{} {:08x}",
        words[..ID_WORDS].join(" "),
        hash >> 32
    ))
}

/// The first words of the content, as the evidence quotes it.
fn quote(content: &str) -> String {
    let words: Vec<&str> = content.split_whitespace().collect();
    if words.len() <= QUOTE_WORDS {
        content.to_owned()
    } else {
        format!("{} \u{2026}", words[..QUOTE_WORDS].join(" "))
    }
}

/// The attribution's whole extent: source, cue and content.
fn extent(r: &AttributionRecord) -> (usize, usize) {
    let spans = [Some(r.cue_span), Some(r.content_span), r.speaker_span];
    let spans = spans.iter().flatten();
    let start = spans.clone().map(|s| s[0]).min().unwrap_or(0);
    let end = spans.map(|s| s[1]).max().unwrap_or(0);
    (start, end)
}

/// How the speaker was found, in the terms of the rules' patterns.
fn pattern_of(r: &AttributionRecord) -> Pattern {
    let speaker = r.speaker.as_deref().unwrap_or("");
    let first = speaker.split_whitespace().next().unwrap_or("");
    let cue = r.cue.to_lowercase();
    if cue.starts_with("according to") {
        Pattern::AccordingTo
    } else if speaker.split_whitespace().count() == 1 && first.chars().all(char::is_lowercase) {
        Pattern::PronounSaid
    } else if first.eq_ignore_ascii_case("the")
        && speaker
            .split_whitespace()
            .skip(1)
            .all(|w| w.chars().all(|c| !c.is_uppercase()))
    {
        Pattern::RoleSaid
    } else if r.direct && r.content_span[1] <= r.cue_span[0] {
        Pattern::QuoteSaidName
    } else {
        Pattern::NameSaid
    }
}

/// Adds `s` under the next free id of its actor and target, unless the same actor
/// already takes the same stance on the same claim from the same words.
fn push(doc: &mut Document, s: Statement) {
    let same = doc.statements.values().any(|t| {
        t.actor == s.actor
            && t.target == s.target
            && t.stance == s.stance
            && t.evidence.as_ref().and_then(|e| e.span) == s.evidence.as_ref().and_then(|e| e.span)
    });
    if same {
        return;
    }
    let stem = format!("{}-{}", s.actor, s.target);
    let id = (1..)
        .map(|n| StatementId::from_text(&format!("{stem}-{n}")))
        .find(|id| !doc.statements.contains_key(id))
        .unwrap_or_else(|| StatementId::from_text(&stem));
    doc.statements.insert(id, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_speech_and_quotes_give_one_key() {
        assert_eq!(
            key(&clean(
                "\u{201c}The northern stocks have recovered.\u{201d}"
            )),
            key(&clean("that the northern stocks had recovered"))
        );
        assert_ne!(
            key("the stocks have recovered"),
            key("the stocks have not recovered")
        );
        assert_eq!(key("they won\u{2019}t sign"), "they won't sign");
    }

    #[test]
    fn long_claims_that_begin_alike_get_different_ids() {
        let a = claim_id("one two three four five six seven eight nine ten");
        let b = claim_id("one two three four five six seven eight nine eleven");
        assert_ne!(a, b);
        assert!(
            a.as_str()
                .starts_with("one-two-three-four-five-six-seven-eight-")
        );
        assert_eq!(claim_id(&key("The plan is fair")).as_str(), "plan-fair");
    }
}
