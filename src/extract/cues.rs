//! Stance cues in a clause: the lexicon's phrases, turned by negation, softened by
//! hedges, and ignored where they are about something other than a proposal
//! ("support for Ukraine").

use std::borrow::Cow;

use super::contracts::Sentence;
use super::lexicon::{Class, Vocab};
use crate::model::Stance;

/// A cue found in a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Found<'l> {
    pub stance: Stance,
    pub confidence: f64,
    /// The cue as matched, with its negation ("not + support*"); borrowed from the
    /// lexicon when nothing turned it.
    pub cue: Cow<'l, str>,
    /// First and one-past-last word index.
    pub first: usize,
    pub last: usize,
    /// Inside a quotation.
    pub quoted: bool,
}

/// How many words before a cue a negation reaches.
const NEGATION_REACH: usize = 3;

/// Finds the cues among words `range` of the sentence, leftmost and longest first.
pub(crate) fn cues<'l>(
    view: &Sentence<'_>,
    range: std::ops::Range<usize>,
    lex: &'l Vocab,
) -> Vec<Found<'l>> {
    let lower = &view.lower;
    let mut out = Vec::new();
    // Whether the clause is hedged, once a cue makes it matter.
    let mut hedge = None;
    let mut i = range.start;
    while i < range.end {
        let mut matched = None;
        for id in lex.candidates(lower, view.class[i], i) {
            let cue = &lex.cues[id];
            let n = cue.words.len();
            if i + n > range.end {
                continue;
            }
            let hit = cue.words.iter().enumerate().all(|(k, w)| {
                let word = &lower[i + k];
                if k == n - 1 && cue.prefix {
                    word.starts_with(w.as_str())
                } else {
                    word == w
                }
            });
            if hit {
                matched = Some(id);
                break;
            }
        }
        let Some(id) = matched else {
            i += 1;
            continue;
        };
        let cue = &lex.cues[id];
        let n = cue.words.len();
        let next = i + n;
        // "did not rule out supporting", "refused to back": a cue right after another
        // is what the first one is about, and the first one gives the stance. So is
        // a cue inside the first one's object ("cannot live with elections held at
        // gunpoint"), a few words on with no break or conjunction between.
        let governed = out.last().is_some_and(|prev: &Found| {
            let near = prev.last + 1 >= i
                || (i <= prev.last + 3
                    && !(prev.last..i).any(|k| {
                        matches!(
                            &*lower[k],
                            "and" | "but" | "or" | "while" | "which" | "that" | "who" | "to"
                        ) || view.is(k, Class::SPEECH_VERB)
                            || view.actor_at(k)
                    }));
            near && !(prev.last.saturating_sub(1)..i).any(|k| view.breaks_after(k))
        });
        if governed {
            i = next;
            continue;
        }
        if cue.stance == Stance::Support && (is_distractor(view, i + n) || is_noun_support(view, i))
            || is_the_issue(view, i)
            || urges_to(view, i, n)
            || comparative_manner(view, i, n, range.end)
        {
            i = next;
            continue;
        }
        // "When asked if Russia agreed": a question, not a position.
        if (i.saturating_sub(3).max(range.start)..i)
            .any(|k| matches!(&*view.lower[k], "if" | "whether"))
        {
            i = next;
            continue;
        }
        let mut stance = cue.stance;
        let mut confidence = cue.confidence;
        let mut name = Cow::Borrowed(cue.phrase.as_str());
        if let Some(neg) = negated(view, range.start, i, lex) {
            (stance, confidence) = flip(stance, confidence);
            name = Cow::Owned(format!("{neg} + {name}"));
            // "would not support it until ...": a refusal with a way out is a
            // reservation, not a rejection.
            if cue.stance == Stance::Support && conditional_after(view, i + n, range.end) {
                stance = Stance::Skeptical;
                name.to_mut().push_str(" + condition");
            }
        } else if cue.stance == Stance::NonStarter && criticism_after(view, i + n) {
            // "dismissed the criticism", "rejected those concerns": standing by it.
            stance = Stance::Support;
            name.to_mut().push_str(" + criticism");
        } else if cue.stance == Stance::NonStarter && conditional_after(view, i + n, range.end) {
            // "not acceptable unless the limits are raised": a price, not a refusal.
            stance = Stance::Skeptical;
            name.to_mut().push_str(" + condition");
        }
        if *hedge.get_or_insert_with(|| hedged(view, range.clone(), lex)) {
            confidence *= 0.85;
        }
        out.push(Found {
            stance,
            confidence,
            cue: name,
            first: i,
            last: i + n,
            quoted: view.in_quote[i],
        });
        i = next;
    }
    out
}

/// "urged lawmakers to reject it", "called on the council to back the deal": a verb
/// of urging followed by whom it urges and "to" says nothing by itself; the verb
/// after "to" is the stance (a cue of its own, or none).
fn urges_to(view: &Sentence<'_>, at: usize, n: usize) -> bool {
    if n != 1 || !view.is(at, Class::URGE_VERB) {
        return false;
    }
    let end = (at + 7).min(view.words.len());
    for k in at + 1..end {
        let w = view.lower[k];
        if w == "to" {
            // "to" before a verb, not before a noun phrase ("urged support to the plan").
            return k > at + 1
                && view.lower.get(k + 1).is_some_and(|v| {
                    !matches!(
                        *v,
                        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that"
                    )
                });
        }
        if view.is(k, Class::PROPOSAL_NOUN) || (k > at + 1 && view.breaks_after(k - 1)) {
            return false;
        }
    }
    false
}

/// "Kaldmark took a more cautious line", "the government was more guarded in
/// public": a comparison of manner with no proposal after it is the reporter's
/// framing of the remarks that follow, which carry the stance.
fn comparative_manner(view: &Sentence<'_>, at: usize, n: usize, end: usize) -> bool {
    at >= 1
        && matches!(view.lower[at - 1], "more" | "less")
        && !(at + n..end).any(|k| {
            view.is(k, Class::PROPOSAL_NOUN)
                || view.is(k, Class::PART_NOUN)
                || matches!(&*view.lower[k], "it" | "about" | "of")
        })
}

/// What a negated cue means: not rejecting is reservation, not supporting is
/// rejection, not doubting is support (weakly).
fn flip(stance: Stance, confidence: f64) -> (Stance, f64) {
    match stance {
        Stance::Support => (Stance::NonStarter, confidence * 0.9),
        Stance::NonStarter => (Stance::Skeptical, confidence * 0.8),
        Stance::Skeptical => (Stance::Support, confidence * 0.6),
    }
}

fn conditional_after(view: &Sentence<'_>, from: usize, end: usize) -> bool {
    let end = end.min(from + 12);
    (from..end).any(|k| {
        matches!(&*view.lower[k], "until" | "unless" | "without")
            || (view.lower[k] == "as" && view.lower.get(k + 1).is_some_and(|w| *w == "long"))
    })
}

/// True when the object after a cue is criticism of something ("the criticism",
/// "those concerns"), not the thing itself.
fn criticism_after(view: &Sentence<'_>, from: usize) -> bool {
    let mut k = from;
    while view
        .lower
        .get(k)
        .is_some_and(|w| matches!(*w, "the" | "these" | "those" | "such" | "all"))
    {
        k += 1;
    }
    view.is(k, Class::CRITICISM_NOUN)
}

/// A negation word within reach before word `at`, with no clause break between.
fn negated<'a>(view: &'a Sentence<'_>, floor: usize, at: usize, lex: &Vocab) -> Option<&'a str> {
    // "would not supply a single vote for it", "will not cast any vote for":
    // a quantifier before the cue carries the negation two words further.
    let quantified = at >= 1
        && (view.lower[at - 1] == "any"
            || (at >= 2 && view.lower[at - 1] == "single" && view.lower[at - 2] == "a"));
    let reach = NEGATION_REACH + if quantified { 2 } else { 0 };
    let from = at.saturating_sub(reach).max(floor);
    (from..at)
        .rev()
        .take_while(|k| !view.breaks_after(*k))
        .find(|k| {
            let w = &*view.lower[*k];
            lex.negations.contains(w) || w.ends_with("n't")
        })
        .map(|k| &*view.lower[k])
}

fn hedged(view: &Sentence<'_>, range: std::ops::Range<usize>, lex: &Vocab) -> bool {
    range.clone().any(|i| {
        view.is(i, Class::HEDGE_START)
            && lex.hedges.iter().any(|hw| view.phrase_at(i, range.end, hw))
    })
}

/// "ninety per cent of the problem", "to tackle the problem": the problem a
/// proposal is meant to solve, not a problem with the proposal.
fn is_the_issue(view: &Sentence<'_>, at: usize) -> bool {
    at >= 2
        && view.lower[at].starts_with("problem")
        && view.lower[at - 1] == "the"
        && view.is(at - 2, Class::PROBLEM_VERB)
}

/// "military support", "continued support": support as a thing given, not a stance.
fn is_noun_support(view: &Sentence<'_>, at: usize) -> bool {
    at > 0 && view.is(at - 1, Class::AID_MODIFIER)
}

/// "support for Ukraine", "support to the people", "stands with the country": a cue
/// whose object is an actor or a people, not a proposal.
fn is_distractor(view: &Sentence<'_>, after: usize) -> bool {
    let Some(&prep) = view.lower.get(after) else {
        return false;
    };
    // "backed the government", "praised Vroom": the object is an actor, unless the
    // backing is "on the draft".
    let object_is_actor =
        view.actor_at(after) || (prep == "the" && view.is(after + 1, Class::ACTOR_NOUN));
    if object_is_actor {
        let on_proposal = (after + 1..(after + 6).min(view.lower.len()))
            .any(|k| view.lower[k] == "on" && view.is(k + 2, Class::PROPOSAL_NOUN));
        return !on_proposal;
    }
    // "support from employers" is the employers' support, not the subject's.
    if prep == "from" {
        return true;
    }
    // "welcomed the talks": engagement, not a stance on a proposal.
    let object = if prep == "the" { after + 1 } else { after };
    if view.is(object, Class::ENGAGEMENT_NOUN) {
        return true;
    }
    if !matches!(prep, "for" | "to" | "of" | "with" | "from") {
        return false;
    }
    // The object: the next few words up to a proposal noun or a name.
    for k in after + 1..(after + 5).min(view.lower.len()) {
        let w = view.lower[k];
        if view.is(k, Class::PROPOSAL_NOUN) || view.is(k, Class::PART_NOUN) || w == "it" {
            return false;
        }
        if view.actor_at(k) || view.is(k, Class::PEOPLE_NOUN) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::testing::with_sentence;
    use crate::model::Document;

    /// The cues of the whole sentence: (cue, stance).
    fn cues_in(text: &str) -> Vec<(String, Stance)> {
        with_sentence(text, &Document::default(), |s, lex, _| {
            cues(s, 0..s.words.len(), lex)
                .into_iter()
                .map(|c| (c.cue.into_owned(), c.stance))
                .collect()
        })
    }

    #[test]
    fn a_negation_turns_the_cue_after_it() {
        let plain = cues_in("The union rejected the offer.");
        assert_eq!(plain.first().map(|c| c.1), Some(Stance::NonStarter));
        let turned = cues_in("The union did not reject the offer.");
        assert!(
            turned.iter().all(|c| c.1 != Stance::NonStarter),
            "{turned:?}"
        );
    }

    #[test]
    fn support_for_a_people_is_not_support_for_a_proposal() {
        let found = cues_in("The minister repeated his support for Ukraine.");
        assert!(found.iter().all(|c| c.1 != Stance::Support), "{found:?}");
    }
}
