//! Who said it: the speaker of a sentence from verbs of saying ("X said", "said X",
//! "\"...,\" he told the group"), "according to" relays, pronouns and role nouns
//! resolved to the last fitting actor, and spokespeople tied to their principals.

use super::actors::{Gazetteer, read_new_actor};
use std::ops::Range;

use super::contracts::{ActorMention, Clause, NewActor, Sentence, Speaker, Who};
use super::lexicon::{COPULAS, Class, Vocab};
use super::memory::Discourse;
use crate::model::{ActorId, ActorKind, Pattern, Relay};

/// What attribution reads besides the sentence: the lexicon, the actors known before
/// the article (for spokespeople and office holders), and what came before.
pub(crate) struct Context<'c> {
    pub lex: &'c Vocab,
    pub known: &'c Gazetteer,
    pub past: &'c Discourse,
}

/// The person holding an office of `of` ("trade minister" of Ostrova).
fn person_with_title(known: &Gazetteer, role: &[&str], of: &ActorId) -> Option<ActorId> {
    let role: Vec<&str> = role
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "the" | "a" | "an"))
        .collect();
    if role.is_empty() {
        return None;
    }
    known.by_title(&role, of).cloned()
}

/// The subject of one verb of saying, as [`subject`] finds it.
#[derive(Clone, Debug)]
struct Subject {
    who: Who,
    pattern: Pattern,
    /// Found through a pronoun or role noun rather than a name.
    resolved: bool,
    /// An unnamed source ("a senior official").
    unnamed: bool,
}

/// True when the name is the object of a preposition ("director of the
/// Observatory", "talks with Vescan"), looking past a determiner.
fn after_preposition(view: &Sentence<'_>, m: &ActorMention) -> bool {
    object_of_preposition(view, m.first)
}

/// True when the words starting at `first` follow a preposition (past a determiner).
fn object_of_preposition(view: &Sentence<'_>, first: usize) -> bool {
    let mut k = first;
    while k > 0 && matches!(view.lower[k - 1], "the" | "a" | "an" | "its" | "their") {
        k -= 1;
    }
    k > 0 && PREPOSITIONS.contains(&view.lower[k - 1])
}

/// Words that, right before a name, make it an object rather than a subject.
const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "for",
    "by",
    "of",
    "from",
    "against",
    "about",
    "on",
    "at",
    "into",
    "in",
    "than",
    "according",
];

/// The verbs of saying among words `range`, outside quotations.
pub(crate) fn speech_verbs(
    view: &Sentence<'_>,
    lex: &Vocab,
    range: std::ops::Range<usize>,
) -> Vec<usize> {
    range
        .filter(|k| !view.in_quote[*k])
        .filter(|k| {
            view.is(*k, Class::SPEECH_VERB)
                || (COPULAS.contains(&&*view.lower[*k])
                    && (k + 1..(k + 4).min(view.lower.len()))
                        .any(|j| lex.is_cue_word(view.lower[j])))
        })
        .collect()
}

/// Finds the speaker of the words in `view`, given what came before: the one a verb
/// of saying or "according to" names; else, for a quotation opening a sentence of
/// the same paragraph, the last speaker, whose words it continues; else an actor the
/// sentence opens with, doing something to a proposal (an inferred stance).
pub(crate) fn speaker(view: &Sentence<'_>, cx: &Context<'_>) -> Option<Speaker> {
    said_by(view, cx)
        .or_else(|| {
            let (paragraph, last) = cx.past.last_said.as_ref()?;
            let starts_quoted = view.in_quote.first() == Some(&true);
            (*paragraph == view.paragraph && starts_quoted).then(|| Speaker {
                pattern: Pattern::QuoteContinues,
                resolved: true,
                ..last.clone()
            })
        })
        .or_else(|| subject_action(view, cx.lex))
}

/// The sentence's clauses, and who holds the stances in each: `speaker`, unless a
/// contrast clause names its own subject. An "and" clause keeps the subject of the
/// clause before it ("..., while Dalmirra gave it a guarded reception and ruled out
/// ...").
pub(crate) fn clauses(view: &Sentence<'_>, lex: &Vocab, speaker: &Who) -> Vec<Clause> {
    let mut subject: Option<ActorId> = None;
    clause_ranges(view)
        .into_iter()
        .map(|words| {
            if view.lower.get(words.start).is_none_or(|w| *w != "and") {
                subject = contrast_subject(view, lex, &words)
                    .filter(|s| !matches!(speaker, Who::Known(id) if id == s));
            }
            let relative = matches!(
                view.lower.get(words.start).map(|w| &**w),
                Some("which" | "who")
            );
            Clause {
                words,
                subject: subject.clone(),
                relative,
            }
        })
        .collect()
}

/// The speaker a verb of saying or "according to" names.
fn said_by(view: &Sentence<'_>, cx: &Context<'_>) -> Option<Speaker> {
    let relay = according_to(view);
    let verbs = speech_verbs(view, cx.lex, 0..view.words.len());
    // Every verb of saying with a subject, in order.
    let mut found: Vec<(usize, Subject)> = verbs
        .iter()
        .filter_map(|&v| subject(view, cx, v).map(|s| (v, s)))
        .collect();
    // An unnamed source attributing someone else's words is a relay: "..., the
    // diplomat said."
    let mut relay = relay;
    let mut anonymous = relay.as_ref().is_some_and(|(_, unnamed)| *unnamed);
    if found.len() > 1
        && let Some(pos) = found.iter().skip(1).position(|(_, s)| s.unnamed)
    {
        let (_, relayed) = found.remove(pos + 1);
        if relay.is_none() {
            relay = Some((describe(&relayed.who), true));
        }
        anonymous = true;
    }
    // "X called the text 'pragmatic', its spokeswoman, Carys Penhallow, said": the
    // spokesperson is the one speaking, for the subject named first.
    let own_spokesperson = found
        .iter()
        .position(|(_, s)| named_as_its_spokesperson(view, &s.who))
        .filter(|i| *i > 0);
    let mut spoken_for = None;
    if let (
        Some(i),
        Some((
            _,
            Subject {
                who: Who::Known(first),
                ..
            },
        )),
    ) = (own_spokesperson, found.first())
    {
        spoken_for = Some(first.clone());
        found.swap(0, i);
    }
    let named = found.iter().position(|(_, s)| !s.unnamed);
    let pick = named.or(if found.is_empty() { None } else { Some(0) });
    let (
        verb,
        Subject {
            who,
            pattern,
            resolved,
            unnamed,
        },
    ) = match pick {
        Some(i) => {
            let (v, subject) = found.swap_remove(i);
            (Some(v), subject)
        }
        None => {
            // "..., according to X" with nobody else speaking: X is the speaker.
            let (text, unnamed) = relay.take()?;
            let who = view
                .mentions
                .iter()
                .find(|m| {
                    view.sentence_from(m.first).contains(text.as_str())
                        || text.contains(m.surface.as_str())
                })
                .map(|m| Who::Known(m.actor.clone()))?;
            (
                None,
                Subject {
                    who,
                    pattern: Pattern::AccordingTo,
                    resolved: false,
                    unnamed,
                },
            )
        }
    };
    let relay = relay.map(|(text, _)| Relay::Unnamed(text));
    let mut principal = match &who {
        Who::Known(id) => spokesperson_for(view, cx.known, id),
        Who::New(n) => {
            spokesperson_before(view, n.first).or_else(|| spokesperson_after(view, n.last))
        }
    };
    principal = principal.or(spoken_for);
    let (mut who, mut pattern) = (who, pattern);
    if let (Some(v), Who::Known(id)) = (verb, &who)
        && let Some(spokesperson) = through_spokesperson(view, cx.lex, v)
    {
        principal = Some(id.clone());
        who = spokesperson;
        pattern = Pattern::ThroughSpokesperson;
    }
    Some(Speaker {
        who,
        pattern,
        verb,
        anonymous: anonymous || unnamed,
        relay,
        resolved,
        principal,
        model: None,
    })
}

/// True when the name is introduced as "its spokeswoman, NAME" or "their
/// spokesman NAME".
fn named_as_its_spokesperson(view: &Sentence<'_>, who: &Who) -> bool {
    let first = match who {
        Who::Known(id) => match view.mentions.iter().find(|m| &m.actor == id) {
            Some(m) => m.first,
            None => return false,
        },
        Who::New(n) => n.first,
    };
    (first.saturating_sub(3)..first)
        .any(|k| matches!(&*view.lower[k], "its" | "their") && view.is(k + 1, Class::SPOKESPERSON))
}

/// "Northline Buses said through a spokeswoman, Priya Haldane, that ...": the
/// spokesperson named right after the verb speaks for the verb's subject.
fn through_spokesperson(view: &Sentence<'_>, lex: &Vocab, v: usize) -> Option<Who> {
    let lower = &view.lower;
    let opens = lower.get(v + 1).is_some_and(|w| *w == "through")
        && lower
            .get(v + 2)
            .is_some_and(|w| matches!(*w, "a" | "an" | "its" | "their" | "his" | "her"))
        && view.is(v + 3, Class::SPOKESPERSON);
    if !opens {
        return None;
    }
    let start = v + 4;
    if let Some(m) = view
        .mentions
        .iter()
        .find(|m| m.first >= start && m.first <= start + 1)
    {
        return Some(Who::Known(m.actor.clone()));
    }
    let end = (start..(start + 5).min(lower.len())).find(|j| view.breaks_after(*j))? + 1;
    read_new_actor(&view.words, lower, end, lex)
        .filter(|n| n.first >= start && n.kind == ActorKind::Person)
        .map(Who::New)
}

fn describe(who: &Who) -> String {
    match who {
        Who::Known(id) => id.to_string(),
        Who::New(n) => n.name.clone(),
    }
}

/// The subject of the verb at `v`.
fn subject(view: &Sentence<'_>, cx: &Context<'_>, v: usize) -> Option<Subject> {
    let lower = &view.lower;
    // "was rejected on Monday by the union": the agent of a passive verb.
    if v > 0
        && matches!(lower[v - 1], "was" | "were" | "been" | "is" | "are")
        && let Some(b) = (v + 1..(v + 5).min(lower.len())).find(|k| lower[*k] == "by")
    {
        // The subject of a passive is what was acted on, never the speaker.
        return view
            .mentions
            .iter()
            .find(|m| m.first > b && m.first <= b + 3)
            .map(|m| Subject {
                who: Who::Known(m.actor.clone()),
                pattern: Pattern::PassiveBy,
                resolved: false,
                unnamed: false,
            });
    }
    // "said Driscoll", "said Sen. Jeanne Shaheen": the name right after the verb, when
    // the verb follows a quotation or a comma.
    let after_quote = v > 0 && view.in_quote[v - 1];
    if after_quote {
        if let Some(m) = view
            .mentions
            .iter()
            .find(|m| m.first > v && m.first <= v + 4 && !view.in_quote[m.first])
        {
            return Some(Subject {
                who: Who::Known(m.actor.clone()),
                pattern: Pattern::QuoteSaidName,
                resolved: false,
                unnamed: false,
            });
        }
        if let Some(r) = role_or_pronoun(view, cx, v + 1, v + 4, true) {
            return Some(r);
        }
    }
    // "X said", "X, the chancellor, said", "X (R-Ala.) lambasted": the nearest
    // name before the verb that is not the object of a preposition.
    let floor = v.saturating_sub(12);
    let clause_floor = (floor..v)
        .rev()
        .find(|k| {
            matches!(
                &*lower[*k],
                "but" | "while" | "whereas" | "although" | "and"
            ) && *k + 1 < v
                && !view.in_quote[*k]
        })
        .map_or(floor, |k| k + 1);
    // A pronoun or role noun right before the verb ("he said", "the governor
    // said", "she also said").
    let near = v.saturating_sub(3).max(clause_floor);
    let named_before = view.mentions.iter().any(|m| {
        m.last <= v
            && m.first >= clause_floor
            && !view.in_quote[m.first]
            && !after_preposition(view, m)
            && !possessive_of_role(view, m)
    });
    // "he told": a subject pronoun right before the verb wins over names further back.
    let adjacent_pronoun = v > 0 && matches!(lower[v - 1], "he" | "she" | "they");
    if !named_before || adjacent_pronoun {
        if let Some(r) = role_or_pronoun(view, cx, near, v, false) {
            return Some(r);
        }
        // "He did not reject it but said ...": a verb joined by "but" or "and"
        // shares the sentence's opening pronoun.
        let coordinated = v > 0 && matches!(lower[v - 1], "but" | "and");
        if coordinated
            && !named_before
            && let Some(r) = role_or_pronoun(view, cx, 0, 1, true)
        {
            return Some(r);
        }
    }
    // "Ostrova's trade minister said": names before the office-holder are not the subject.
    let after_role = view
        .mentions
        .iter()
        .filter(|m| m.last <= v && m.first >= clause_floor && possessive_of_role(view, m))
        .map(|m| m.last)
        .max()
        .unwrap_or(0);
    let candidate = view
        .mentions
        .iter()
        .filter(|m| {
            m.last <= v
                && m.first >= clause_floor.max(after_role)
                && !view.in_quote[m.first]
                && !in_aside(view, clause_floor, m.first)
        })
        .filter(|m| !after_preposition(view, m))
        .rfind(|m| !possessive(view, cx.lex, m));
    // A new name in front of the verb ("Senate Majority Leader Dale R. Hutchins said").
    let new = read_new_actor(&view.words, lower, v, cx.lex)
        .filter(|n| !view.in_quote[n.first] && !object_of_preposition(view, n.first));
    // "Maria Lopez, a spokeswoman for the Green Party, said": a new name set off
    // before an aside that ends at the verb.
    let new = new.or_else(|| {
        if candidate.is_some() || v == 0 || !view.breaks_after(v - 1) {
            return None;
        }
        let b = (clause_floor..v - 1).find(|k| view.breaks_after(*k))?;
        read_new_actor(&view.words, lower, b + 1, cx.lex).filter(|n| {
            n.kind == ActorKind::Person && n.first <= clause_floor + 3 && !view.in_quote[n.first]
        })
    });
    match (candidate, new) {
        // A new name right before the verb, not set off by a comma (which would make
        // it part of an aside: "who chairs the House Appropriations Committee, said").
        (Some(m), Some(n)) if n.first >= m.last && !view.breaks_after(n.last - 1) => {
            return Some(Subject {
                who: Who::New(n),
                pattern: Pattern::NameSaid,
                resolved: false,
                unnamed: false,
            });
        }
        (Some(m), _) => {
            let unnamed = is_unnamed_phrase(view, m);
            return Some(Subject {
                who: Who::Known(m.actor.clone()),
                pattern: if unnamed {
                    Pattern::UnnamedSaid
                } else {
                    Pattern::NameSaid
                },
                resolved: false,
                unnamed,
            });
        }
        (None, Some(n)) => {
            let unnamed = n.kind == ActorKind::Group && view.is(n.last - 1, Class::UNNAMED_SOURCE);
            return Some(Subject {
                who: Who::New(n),
                pattern: Pattern::NameSaid,
                resolved: false,
                unnamed,
            });
        }
        (None, None) => {}
    }
    // "Ostrova's trade minister said": the person holding that office, when the
    // graph knows one, else the country speaking through its minister.
    if let Some(m) = view
        .mentions
        .iter()
        .rev()
        .find(|m| m.last < v && m.first >= clause_floor && possessive_of_role(view, m))
    {
        let role: Vec<&str> = (m.last..v)
            .take_while(|k| {
                !view.is(*k, Class::SPEECH_VERB)
                    && !matches!(&*view.lower[*k], "on" | "in" | "who" | "which")
            })
            .map(|k| &*view.lower[k])
            .collect();
        if let Some(id) = person_with_title(cx.known, &role, &m.actor) {
            return Some(Subject {
                who: Who::Known(id),
                pattern: Pattern::RoleSaid,
                resolved: true,
                unnamed: false,
            });
        }
        return Some(Subject {
            who: Who::Known(m.actor.clone()),
            pattern: Pattern::RoleSaid,
            resolved: true,
            unnamed: false,
        });
    }
    // Unnamed sources: "a diplomat from the contact group said".
    let unnamed = (clause_floor..v).find(|k| {
        view.is(*k, Class::UNNAMED_SOURCE)
            && *k > 0
            && (matches!(
                &*lower[*k - 1],
                "a" | "an" | "the" | "one" | "two" | "three" | "another" | "several"
            ) || view.is(*k - 1, Class::UNNAMED_MODIFIER))
    });
    if let Some(k) = unnamed {
        let text = view.words[k - 1..v]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ");
        let who = NewActor {
            name: text,
            kind: ActorKind::Group,
            title: None,
            first: k - 1,
            last: v,
        };
        return Some(Subject {
            who: Who::New(who),
            pattern: Pattern::UnnamedSaid,
            resolved: false,
            unnamed: true,
        });
    }
    None
}

/// "Kostrel said it would sign, while neighbouring Dalmirra ruled out a referendum":
/// a contrast clause that opens with its own subject is that subject's, not the
/// sentence speaker's.
fn contrast_subject(view: &Sentence<'_>, lex: &Vocab, range: &Range<usize>) -> Option<ActorId> {
    let opener = view.lower.get(range.start)?;
    if view.in_quote[range.start] || !matches!(*opener, "while" | "whereas" | "but") {
        return None;
    }
    let m = view.mentions.iter().find(|m| m.first > range.start)?;
    let subject = m.first <= range.start + 3
        && m.last < range.end
        && !view.in_quote[m.first]
        && !after_preposition(view, m)
        && !possessive(view, lex, m)
        && !(range.start..m.first).any(|k| view.breaks_after(k));
    subject.then(|| m.actor.clone())
}

/// True when word `k` is inside a relative aside set off by commas ("Dragan
/// Illés-Moran, who leads the Kostrel First party, called"): a name there is not
/// the subject of the verb after it.
fn in_aside(view: &Sentence<'_>, floor: usize, k: usize) -> bool {
    let Some(open) = (floor.max(1)..=k).rev().find(|j| {
        matches!(&*view.lower[*j], "who" | "which" | "whose") && view.breaks_after(*j - 1)
    }) else {
        return false;
    };
    !(open..k).any(|j| view.breaks_after(j))
}

/// "the district's revised offer was": an owner is not the subject of the verb; the
/// thing owned is (and an owned role names its holder, see [`possessive_of_role`]).
/// "Qeshlan's delegates told": a group speaking for its owner is the owner speaking.
pub(crate) fn possessive(view: &Sentence<'_>, lex: &Vocab, m: &ActorMention) -> bool {
    let w = view.words[m.last - 1].text;
    let owner = (w.ends_with("'s") || w.ends_with("\u{2019}s"))
        && !view
            .lower
            .get(m.last)
            .is_some_and(|n| lex.group_nouns.contains(*n));
    owner || possessive_of_role(view, m)
}

/// "Its chief negotiator", "Trent's spokesperson": a mention that only owns the
/// role; the speaker is named after it.
pub(crate) fn possessive_of_role(view: &Sentence<'_>, m: &ActorMention) -> bool {
    let w = view.words[m.last - 1].text;
    let possessive = w.ends_with("'s") || w.ends_with("\u{2019}s");
    // "the Green Alliance leader": the organisation only qualifies the title.
    let qualifier = m.first > 0
        && matches!(view.lower[m.first - 1], "the" | "its" | "a")
        && view.is(m.last, Class::POSSESSED_ROLE);
    let role_follows =
        (m.last..(m.last + 3).min(view.lower.len())).any(|k| view.is(k, Class::POSSESSED_ROLE));
    (possessive && role_follows) || qualifier
}

/// A pronoun or "the <role>" in words `from..to`, resolved against the discourse.
fn role_or_pronoun(
    view: &Sentence<'_>,
    cx: &Context<'_>,
    from: usize,
    to: usize,
    subject_only: bool,
) -> Option<Subject> {
    let to = to.min(view.lower.len());
    for k in (from..to).rev() {
        if view.in_quote[k] {
            continue;
        }
        let w = view.lower[k];
        match w {
            "he" | "she" => {
                let id = cx
                    .past
                    .last_person
                    .clone()
                    .or_else(|| cx.past.last_speaker.clone())?;
                return Some(Subject {
                    who: Who::Known(id),
                    pattern: Pattern::PronounSaid,
                    resolved: true,
                    unnamed: false,
                });
            }
            "herself" | "himself" if !subject_only => {
                let id = cx
                    .past
                    .last_person
                    .clone()
                    .or_else(|| cx.past.last_speaker.clone())?;
                return Some(Subject {
                    who: Who::Known(id),
                    pattern: Pattern::PronounSaid,
                    resolved: true,
                    unnamed: false,
                });
            }
            "they" | "many" | "most" | "others" | "some" | "several" => {
                let id = cx
                    .past
                    .last_group
                    .clone()
                    .or_else(|| cx.past.last_speaker.clone())?;
                return Some(Subject {
                    who: Who::Known(id),
                    pattern: Pattern::PronounSaid,
                    resolved: true,
                    unnamed: false,
                });
            }
            // "It urged governments to ratify": an organisation speaking, when "it"
            // opens the clause right before a verb of saying other than a copula
            // ("it was" is mostly the proposal).
            "it" if k + 1 == to
                && (k == 0 || view.breaks_after(k - 1))
                && view.lower.get(to).is_some_and(|v| !COPULAS.contains(v)) =>
            {
                let id = cx.past.last_group.clone()?;
                return Some(Subject {
                    who: Who::Known(id),
                    pattern: Pattern::PronounSaid,
                    resolved: true,
                    unnamed: false,
                });
            }
            _ if subject_only => continue,
            _ => {}
        }
        // "the governor", "the council's delegation", "the minority leader".
        if k > 0 && cx.lex.role_heads.contains(w) {
            let det = (k.saturating_sub(3)..k).find(|j| {
                matches!(
                    &*view.lower[*j],
                    "the" | "his" | "her" | "its" | "their" | "a" | "an"
                )
            });
            if let Some(d) = det {
                // "A House committee voted": an indefinite role is someone new to the
                // story, known only when the graph has one actor of that name ("House
                // Higher Education Committee"); without a capitalised modifier it is
                // an unnamed source ("a diplomat said").
                if matches!(view.lower[d], "a" | "an") {
                    let named = view.words[d + 1..k].iter().all(|w| w.is_capitalized())
                        && d + 1 < k
                        && !view.mentions.iter().any(|m| m.first >= d && m.first <= k);
                    if !named {
                        continue;
                    }
                    let phrase: Vec<&str> = view.lower[d + 1..=k].iter().map(|w| &**w).collect();
                    if let Some(id) = cx.known.by_name_words(&phrase) {
                        return Some(Subject {
                            who: Who::Known(id.clone()),
                            pattern: Pattern::RoleSaid,
                            resolved: true,
                            unnamed: false,
                        });
                    }
                    continue;
                }
                // "the Democrats on the committee": a role after a preposition is not
                // the subject.
                let object = d > 0 && PREPOSITIONS.contains(&view.lower[d - 1]);
                if object || view.mentions.iter().any(|m| m.first >= d && m.first < k) {
                    continue;
                }
                let phrase: Vec<&str> = view.lower[d + 1..=k].iter().map(|w| &**w).collect();
                if let Some(id) = cx.past.by_role(&phrase, cx.lex) {
                    return Some(Subject {
                        who: Who::Known(id),
                        pattern: Pattern::RoleSaid,
                        resolved: true,
                        unnamed: false,
                    });
                }
            }
        }
    }
    None
}

/// "according to a European official in the room": the relay's description and
/// whether it is unnamed.
fn according_to(view: &Sentence<'_>) -> Option<(String, bool)> {
    let k = (0..view.lower.len().saturating_sub(1)).find(|k| {
        view.lower[*k] == "according" && view.lower[*k + 1] == "to" && !view.in_quote[*k]
    })?;
    let start = k + 2;
    let mut end = start;
    while end < view.words.len() && !view.in_quote[end] {
        end += 1;
        if view.breaks_after(end - 1) && view.lower.get(end).is_none_or(|w| *w != "and") {
            break;
        }
    }
    if end <= start {
        return None;
    }
    let text = view.text[view.words[start].start..view.words[end - 1].end].to_owned();
    let named = view
        .mentions
        .iter()
        .any(|m| m.first >= start && m.last <= end && !is_unnamed_phrase(view, m));
    Some((text, !named))
}

/// A known actor named only as the affiliation of an unnamed source ("a U.S.
/// official", "two European diplomats").
fn is_unnamed_phrase(view: &Sentence<'_>, m: &ActorMention) -> bool {
    view.is(m.last, Class::UNNAMED_SOURCE)
}

/// The principal of a known spokesperson, from the base graph or the text.
fn spokesperson_for(view: &Sentence<'_>, known: &Gazetteer, id: &ActorId) -> Option<ActorId> {
    if let Some(p) = known.principal_of(id).cloned() {
        return Some(p);
    }
    let m = view.mentions.iter().find(|m| &m.actor == id)?;
    spokesperson_before(view, m.first).or_else(|| spokesperson_after(view, m.last))
}

/// "Alicia Moreno, a spokeswoman for the governor, said" and "said on behalf of the
/// council": the actor named after "spokesperson for" or "on behalf of", within a
/// few words after the speaker's name.
fn spokesperson_after(view: &Sentence<'_>, last: usize) -> Option<ActorId> {
    let end = (last + 10).min(view.lower.len());
    let k = (last..end.saturating_sub(1)).find(|k| {
        let (w, next) = (&*view.lower[*k], &*view.lower[*k + 1]);
        (view.is(*k, Class::SPOKESPERSON) && next == "for") || (w, next) == ("behalf", "of")
    })?;
    view.mentions
        .iter()
        .find(|m| m.first > k + 1 && m.first <= k + 4)
        .map(|m| m.actor.clone())
}

/// "Trent's spokesperson, Alicia Moreno-Bright": the possessor before a
/// spokesperson noun just before word `first`.
fn spokesperson_before(view: &Sentence<'_>, first: usize) -> Option<ActorId> {
    let k = (first.saturating_sub(4)..first)
        .rev()
        .find(|k| view.is(*k, Class::SPOKESPERSON))?;
    view.mentions
        .iter()
        .find(|m| m.last == k || m.last + 1 == k)
        .map(|m| m.actor.clone())
}

/// With no verb of saying, a sentence that opens with an actor doing something to
/// a proposal ("Kheloria gave a lukewarm response to the draft") still shows where
/// the actor stands; the statement is marked inferred.
fn subject_action(view: &Sentence<'_>, lex: &Vocab) -> Option<Speaker> {
    // The subject: the first name in the opening words that is not just an owner
    // ("Velmora's interior minister, Tomasz Wierzbicki, led ...", "Fenmoor Rail's
    // offer was rejected ...").
    let m = view
        .mentions
        .iter()
        .take_while(|m| m.first <= 8)
        .find(|m| !possessive(view, lex, m) && !view.in_quote[m.first])
        .filter(|m| {
            let start = opening(view, lex);
            m.first == start
                || (m.first == start + 1 && view.lower[start] == "the")
                || view
                    .mentions
                    .first()
                    .is_some_and(|f| possessive_of_role(view, f))
        })?;
    Some(Speaker {
        who: Who::Known(m.actor.clone()),
        pattern: Pattern::SubjectAction,
        verb: None,
        relay: None,
        anonymous: false,
        resolved: false,
        principal: None,
        model: None,
    })
}

/// Where the sentence's subject can start: past a dateline ("KHELOR CITY —
/// Kheloria gave ...") and past a group of the actor ("Councillors from the
/// Haverleigh Independents voted against ...").
fn opening(view: &Sentence<'_>, lex: &Vocab) -> usize {
    let mut start = (1..view.words.len().min(6))
        .find(|k| {
            view.words[..*k]
                .iter()
                .all(|w| !w.text.chars().any(char::is_lowercase))
                && view.text[view.words[k - 1].end..view.words[*k].start]
                    .contains(['\u{2014}', '\u{2013}', '-'])
        })
        .unwrap_or(0);
    let group_of = view
        .lower
        .get(start + 1)
        .is_some_and(|w| matches!(*w, "from" | "of"))
        && lex.group_nouns.contains(view.lower[start]);
    if group_of {
        start += 2;
    }
    start
}

/// The clauses of a sentence as word ranges: "but", "while", "whereas" and
/// semicolons start a new clause outside quotations.
fn clause_ranges(view: &Sentence<'_>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // The end of a relative clause (", which had rubbished the March proposal,"):
    // what follows is the main clause again.
    let mut relative_end: Option<usize> = None;
    for k in 0..view.words.len() {
        if relative_end == Some(k) && k > start {
            out.push(start..k);
            start = k;
            relative_end = None;
        }
        let opens_relative = k > 0
            && !view.in_quote[k]
            && matches!(view.lower[k], "which" | "who")
            && view.breaks_after(k - 1);
        if opens_relative {
            relative_end = (k..view.words.len().saturating_sub(1))
                .find(|j| view.breaks_after(*j) && !view.in_quote[*j])
                .map(|j| j + 1);
            if k > start {
                out.push(start..k);
                start = k;
            }
            continue;
        }
        // "... and urged lawmakers to send the text back": a second verb of saying
        // after "and" starts a second remark.
        let and_says = view.lower[k] == "and" && view.is(k + 1, Class::SPEECH_VERB);
        let split = !view.in_quote[k]
            && k > start
            && (and_says
                || matches!(
                    view.lower[k],
                    "but" | "while" | "whereas" | "although" | "though"
                )
                || view.text[view.words[k - 1].end..view.words[k].start].contains(';'));
        if split {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..view.words.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::testing::{actors, with_sentence};

    /// The speaker `text` gives against a base graph of `base`, every actor of which
    /// was named before (for "he" and "the minister"), with the pattern that found
    /// them.
    fn speaker_of(text: &str, base: &[(&str, ActorKind)]) -> Option<(String, Pattern)> {
        let base = actors(base);
        let mut past = Discourse::default();
        for id in base.actors.keys() {
            past.saw(id, base.actors.get(id));
        }
        with_sentence(text, &base, |s, lex, known| {
            let cx = Context {
                lex,
                known,
                past: &past,
            };
            speaker(s, &cx).map(|sp| {
                let who = match sp.who {
                    Who::Known(id) => id.to_string(),
                    Who::New(n) => n.name,
                };
                (who, sp.pattern)
            })
        })
    }

    #[test]
    fn a_name_before_or_after_the_verb_of_saying_speaks() {
        let base = [("Ilse Marner", ActorKind::Person)];
        assert_eq!(
            speaker_of("Ilse Marner said the draft was unworkable.", &base),
            Some(("ilse-marner".into(), Pattern::NameSaid))
        );
        assert_eq!(
            speaker_of("\"The draft is unworkable,\" said Ilse Marner.", &base),
            Some(("ilse-marner".into(), Pattern::QuoteSaidName))
        );
    }

    #[test]
    fn a_pronoun_speaks_for_the_last_person_named() {
        let base = [("Ilse Marner", ActorKind::Person)];
        assert_eq!(
            speaker_of("He said the draft was unworkable.", &base),
            Some(("ilse-marner".into(), Pattern::PronounSaid))
        );
    }

    #[test]
    fn a_person_the_base_graph_does_not_know_is_read_from_the_text() {
        let found = speaker_of("Finance Minister Tomas Rook said the plan was dead.", &[]);
        assert_eq!(found.map(|(who, _)| who), Some("Tomas Rook".to_owned()));
    }

    #[test]
    fn according_to_names_the_speaker_when_no_one_else_speaks() {
        let base = [("Ilse Marner", ActorKind::Person)];
        assert_eq!(
            speaker_of("The plan is dead, according to Ilse Marner.", &base),
            Some(("ilse-marner".into(), Pattern::AccordingTo))
        );
    }

    #[test]
    fn a_contrast_clause_has_its_own_subject_and_an_and_clause_keeps_it() {
        let base = actors(&[
            ("Velmora", ActorKind::Country),
            ("Dalmirra", ActorKind::Country),
        ]);
        with_sentence(
            "Velmora welcomed the plan, while Dalmirra gave it a guarded reception and ruled out a vote.",
            &base,
            |s, lex, _| {
                let velmora = Who::Known(ActorId::from_text("Velmora"));
                let clauses = clauses(s, lex, &velmora);
                let subjects: Vec<Option<String>> = clauses
                    .iter()
                    .map(|c| c.subject.as_ref().map(|a| a.to_string()))
                    .collect();
                assert_eq!(
                    subjects,
                    [None, Some("dalmirra".into()), Some("dalmirra".into())]
                );
            },
        );
    }
}
