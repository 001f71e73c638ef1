//! Stance: what a speaker's sentence says about which target, and which way. The
//! cues come from [`cues`](super::cues); this stage ties each to its target (the
//! object after the cue, the target before it, the sentence's, or the proposal in
//! focus), keeps the surest cue per target, and reads claims restated, denied or
//! doubted. It gives [`StanceCall`]s; assembly makes them statements.

use std::ops::Range;

use super::contracts::{Clause, Sentence, StanceCall, TargetMention};
use super::cues;
use super::lexicon::{Class, Vocab};
use super::targets::Targets;
use crate::model::{Stance, Target};

/// True when the sentence says the speaker takes no position ("declined to
/// comment", "has yet to say"): a blocker phrase, matched word for word from a word
/// that starts one.
pub(crate) fn blocked(view: &Sentence<'_>, lex: &Vocab) -> bool {
    (0..view.words.len())
        .filter(|k| view.is(*k, Class::BLOCKER_START))
        .any(|k| {
            lex.blockers
                .iter()
                .any(|b| view.phrase_at(k, view.words.len(), b))
        })
}

/// The stances the sentence gives, once a speaker is found, clause by clause as
/// attribution split it (each clause says who holds its stances). `targets` is the
/// article's view of its targets; the claim last restated is remembered there.
pub(crate) fn calls<'l>(
    view: &Sentence<'_>,
    clauses: &[Clause],
    all_targets: &[TargetMention],
    targets: &mut Targets<'_>,
    lex: &'l Vocab,
) -> Vec<StanceCall<'l>> {
    let all_targets = &within_points(view, all_targets);
    let mut findings: Vec<StanceCall<'l>> = Vec::new();
    // Claims the sentence restates: denied, doubted, or asserted.
    let mut claims = targets.claims_in(view);
    if let Some(c) = claims.last() {
        targets.claim_focus = Some(c.clone());
    } else if let Some(c) = &targets.claim_focus {
        // "repeated that claim", "dismissed the warnings": the claim last restated.
        let lower = &view.lower;
        let refers = (1..lower.len()).any(|k| {
            matches!(lower[k - 1], "that" | "the" | "this" | "those" | "these")
                && view.is(k, Class::CLAIM_NOUN)
        }) || (2..lower.len())
            .any(|k| matches!(lower[k - 2], "the" | "those") && view.is(k, Class::CLAIM_NOUN));
        if refers {
            claims.push(c.clone());
        }
    }
    // Denial matters only to the claims the sentence restates.
    let denial = !claims.is_empty()
        && lex
            .denials
            .iter()
            .any(|d| (0..view.words.len()).any(|k| view.phrase_at(k, view.words.len(), d)));
    for claim in &claims {
        let cues = cues::cues(view, 0..view.words.len(), lex);
        let doubt = cues
            .iter()
            .any(|c| c.stance == Stance::Skeptical && c.cue.contains("doubt"));
        let stance = if denial {
            Stance::NonStarter
        } else if doubt {
            Stance::Skeptical
        } else {
            Stance::Support
        };
        let quoted = view.in_quote.iter().any(|q| *q);
        let (first, last) = targets
            .claim_words(view, claim)
            .unwrap_or((0, view.words.len().min(10)));
        findings.push(StanceCall {
            target: Target::Claim(claim.clone()),
            stance,
            confidence: 0.6,
            cue: if denial {
                "denial".into()
            } else {
                "assertion".into()
            },
            first,
            last,
            quoted,
            subject: None,
            model: None,
        });
    }
    // Relative clauses, whose targets are no fallback for the main clause's cues.
    let relative: Vec<&Range<usize>> = clauses
        .iter()
        .filter(|c| c.relative)
        .map(|c| &c.words)
        .collect();
    for clause in clauses {
        let (range, subject) = (clause.words.clone(), &clause.subject);
        let cues = cues::cues(view, range.clone(), lex);
        if cues.is_empty() {
            continue;
        }
        let here: Vec<&TargetMention> = all_targets
            .iter()
            .filter(|t| range.contains(&t.at))
            .collect();
        let mut per_target: Vec<StanceCall> = Vec::new();
        for cue in cues {
            // The words that deny a claim say nothing about the proposal.
            if !claims.is_empty() && denial && cue.stance != Stance::Support {
                continue;
            }
            // The object after the cue, else the target before it, else the
            // sentence's target, else the proposal in focus.
            // "described the accord as 'unbalanced'": the target comes before an
            // "as" that introduces the cue, not one far back in the clause.
            let as_at = (cue.first.saturating_sub(3).max(range.start)..cue.first)
                .rfind(|k| view.lower[*k] == "as");
            let described = as_at.and_then(|a| here.iter().copied().rev().find(|t| t.at < a));
            // "described it as ...": "it" is the proposal in focus, whatever the
            // clause named before.
            let it_described = as_at.is_some_and(|a| a > 0 && view.lower[a - 1] == "it");
            let named = copula_subject(view, range.start, cue.first, &here)
                .or(described)
                .or_else(|| {
                    here.iter()
                        .copied()
                        .find(|t| t.at >= cue.first && !condition_between(view, cue.last, t.at))
                });
            if part_of(view, cue.last) {
                continue;
            }
            // "ruled out a referendum", "cannot live with elections held at
            // gunpoint": an object naming what one point is about is that point.
            let by_head = if named.is_none() {
                object_head(view, cue.last)
                    .and_then(|h| targets.point_by_head(view, h))
                    .map(|target| (target, true))
            } else {
                None
            };
            if by_head.is_none() && named.is_none() && other_object(view, cue.last, &here) {
                continue;
            }
            let focus = || targets.focus.clone().map(|f| (Target::Proposal(f), false));
            let target = if it_described {
                focus()
            } else {
                by_head.or_else(|| {
                    named
                        .or_else(|| here.iter().copied().rev().find(|t| t.at < cue.first))
                        .or_else(|| {
                            all_targets.iter().find(|t| {
                                !condition_between(view, cue.last, t.at)
                                    && !relative.iter().any(|r| r.contains(&t.at))
                            })
                        })
                        .map(|t| (t.target.clone(), t.explicit))
                        .or_else(focus)
                })
            };
            let Some((target, explicit)) = target else {
                continue;
            };
            if findings
                .iter()
                .any(|f| f.target == target && matches!(f.target, Target::Claim(_)))
            {
                continue;
            }
            let confidence = cue.confidence * if explicit { 1.0 } else { 0.9 };
            let finding = StanceCall {
                target,
                stance: cue.stance,
                confidence,
                cue: cue.cue,
                first: cue.first,
                last: cue.last,
                quoted: cue.quoted,
                subject: subject.clone(),
                model: None,
            };
            // Per target, the surest cue wins; on a tie, the more negative one.
            match per_target.iter_mut().find(|f| f.target == finding.target) {
                Some(f)
                    if finding.confidence > f.confidence
                        || (finding.confidence == f.confidence && finding.stance < f.stance) =>
                {
                    *f = finding
                }
                Some(_) => {}
                None => per_target.push(finding),
            }
        }
        findings.extend(per_target);
    }
    findings
}

/// "the ceasefire in point 1", "Section 4 of the Senate bill": a proposal named next
/// to one of its points, joined by a preposition, is the point's noun phrase; the
/// proposal mention is dropped so that cues land on the point.
fn within_points(view: &Sentence<'_>, all: &[TargetMention]) -> Vec<TargetMention> {
    let point_near = |t: &TargetMention| {
        let Target::Proposal(p) = &t.target else {
            return false;
        };
        all.iter().any(|o| {
            let Target::Point(pt) = &o.target else {
                return false;
            };
            let (a, b) = (t.at.min(o.at), t.at.max(o.at));
            &pt.proposal == p
                && b - a <= 4
                && !(a..b).any(|k| view.breaks_after(k))
                && (a + 1..b).any(|k| matches!(&*view.lower[k], "in" | "of" | "under"))
        })
    };
    all.iter().filter(|t| !point_near(t)).cloned().collect()
}

/// "ruled out a referendum", "will not accept a rule that closes factories": a cue
/// whose object is an indefinite noun phrase naming no proposal (nor a proposal
/// noun) speaks of that thing, not of a proposal named elsewhere or in focus.
fn other_object(view: &Sentence<'_>, after: usize, here: &[&TargetMention]) -> bool {
    if !view
        .lower
        .get(after)
        .is_some_and(|w| matches!(*w, "a" | "an" | "any"))
    {
        return false;
    }
    let end = (after..(after + 8).min(view.words.len()))
        .find(|k| view.breaks_after(*k))
        .map_or((after + 8).min(view.words.len()), |k| k + 1);
    // "a text that ...", "any of the five points": still a proposal or its points.
    let proposal_words = (after..end)
        .any(|k| view.is(k, Class::PROPOSAL_NOUN) || matches!(&*view.lower[k], "point" | "points"));
    !proposal_words && !here.iter().any(|t| (after..end).contains(&t.at))
}

/// The head noun of an indefinite or bare object right after a cue: the last word
/// before a preposition, a relative pronoun, a participle or a break ("a referendum
/// on the territory", "elections held at gunpoint", "an emergency department that
/// ..."). A proposal noun is no point's head.
fn object_head(view: &Sentence<'_>, after: usize) -> Option<usize> {
    // A definite object ("the lower price") is something already named, which the
    // point's wording may share only by chance.
    let mut k = after;
    if view
        .lower
        .get(k)
        .is_some_and(|w| matches!(*w, "a" | "an" | "any"))
    {
        k += 1;
    } else if view.lower.get(k).is_none_or(|w| {
        matches!(
            *w,
            "the" | "this" | "that" | "these" | "those" | "it" | "its" | "their" | "our"
        )
    }) {
        return None;
    }
    let end = (k + 5).min(view.words.len());
    for j in k..end {
        let w = view.lower[j];
        let ends = matches!(
            w,
            "on" | "of"
                | "in"
                | "at"
                | "for"
                | "to"
                | "with"
                | "from"
                | "by"
                | "under"
                | "after"
                | "within"
                | "that"
                | "which"
                | "who"
                | "and"
                | "or"
        ) || (w.len() > 4 && w.ends_with("ed"))
            || matches!(w, "held" | "made" | "paid" | "kept" | "run" | "set" | "put");
        let head = if ends {
            (j > k).then(|| j - 1)
        } else if view.breaks_after(j) || view.in_quote[j] != view.in_quote[k] || j + 1 == end {
            Some(j)
        } else {
            continue;
        };
        return head.filter(|h| !view.is(*h, Class::PROPOSAL_NOUN));
    }
    None
}

/// "ruled out a central part of a five-point roadmap": a cue on an unnamed part of
/// a proposal says nothing about the whole.
fn part_of(view: &Sentence<'_>, after: usize) -> bool {
    let opens = view
        .lower
        .get(after)
        .is_some_and(|w| matches!(*w, "a" | "an" | "one"));
    opens
        && (after + 1..(after + 4).min(view.words.len())).any(|k| {
            view.is(k, Class::PORTION_NOUN) && view.lower.get(k + 1).is_some_and(|w| *w == "of")
        })
}

/// "point 9 was 'the heart of the agreement'", "he said the Senate numbers were
/// 'not the last word'": a cue a few words after a copula describes the copula's
/// subject, the first target between the verb of saying (or "that", or a comma) and
/// the copula. A subject set off by a comma ("the bill's sponsor, Sen. X, was cool
/// to the changes") is a person, not a target.
fn copula_subject<'t>(
    view: &Sentence<'_>,
    floor: usize,
    cue: usize,
    here: &[&'t TargetMention],
) -> Option<&'t TargetMention> {
    let copula = (cue.saturating_sub(4).max(floor)..cue).rev().find(|k| {
        matches!(
            &*view.lower[*k],
            "was" | "were" | "is" | "are" | "remained" | "remains" | "be" | "been"
        )
    })?;
    if here.iter().any(|t| t.at > copula && t.at < cue) {
        return None;
    }
    let from = (floor..copula)
        .rev()
        .find(|k| {
            view.lower[*k] == "that" || view.is(*k, Class::SPEECH_VERB) || view.breaks_after(*k)
        })
        .map_or(floor, |k| k + 1);
    here.iter().copied().find(|t| t.at >= from && t.at < copula)
}

/// True when a condition word ("if", "unless") stands between a cue and a later
/// target: "would vote in favour if the fund in point 5 were financed" is about the
/// bill, not point 5.
fn condition_between(view: &Sentence<'_>, from: usize, to: usize) -> bool {
    (from..to.min(view.lower.len()))
        .any(|k| matches!(&*view.lower[k], "if" | "unless" | "provided" | "until"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::testing::with_sentence;
    use crate::model::Document;

    #[test]
    fn declining_to_comment_takes_no_position() {
        let blocked_in =
            |text: &str| with_sentence(text, &Document::default(), |s, lex, _| blocked(s, lex));
        assert!(blocked_in("The ministry declined to comment on the plan."));
        assert!(!blocked_in("The ministry rejected the plan."));
    }
}
