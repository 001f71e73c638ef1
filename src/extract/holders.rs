//! Who may hold a stance in a sentence, and what a model sees of each.
//!
//! Most stances in news are told by the writer, not quoted: "the union's members
//! voted down the offer", "Republican lawmakers have voiced strong opposition to
//! the budget", "the accord, heavily promoted by Trump". The rules find speakers of
//! quotations and reported speech; this stage proposes every actor a sentence names
//! (known ones, people and organisations read from capitalised runs, groups such as
//! "Republican lawmakers" or "members"), plus the rules' speaker, as a [`Holder`],
//! and describes each by the sparse features a linear model decides on
//! ([`features`]): the words and cues around it, on which side, how near, quoted or
//! not, negated or not, and what the rules called.

use super::actors::read_new_actor;
use super::contracts::{NewActor, Sentence, Speaker, StanceCall, Who};
use super::cues;
use super::lexicon::{Class, Vocab};
use super::memory::Discourse;
use crate::learn::stance::Judgement;
use crate::model::{ActorKind, Stance};

/// An actor a sentence names, as a candidate holder of a stance in it.
#[derive(Clone, Debug)]
pub(crate) struct Holder {
    pub who: Who,
    /// Its words: `[first, last)`. The rules' speaker found through a pronoun or
    /// from an earlier sentence has the verb's place, or none.
    pub first: usize,
    pub last: usize,
    /// It is the rules' speaker of the sentence.
    pub speaker: bool,
    /// What kind of actor it is, as far as the sentence says.
    pub kind: ActorKind,
}

/// Singular nouns that, after "the", refer back to an organisation named earlier
/// ("the union", "the company").
const COLLECTIVE: &[&str] = &[
    "union",
    "company",
    "government",
    "administration",
    "board",
    "council",
    "committee",
    "party",
    "automaker",
    "carrier",
    "airline",
    "commission",
    "ministry",
    "bloc",
    "group",
    "kremlin",
    "cabinet",
    "parliament",
    "delegation",
];

/// Nouns that, after a capitalised run, make it an organisation ("the Israeli
/// government", "Lebanon's cabinet").
const BODY_NOUNS: &[&str] = &[
    "government",
    "cabinet",
    "parliament",
    "administration",
    "union",
    "delegation",
    "ministry",
    "military",
    "army",
    "party",
    "opposition",
    "officials",
    "leadership",
];

/// The sentence's candidate holders, in order, without two for the same words or
/// the same actor.
pub(crate) fn holders(
    view: &Sentence<'_>,
    speaker: Option<&Speaker>,
    lex: &Vocab,
    past: &Discourse,
) -> Vec<Holder> {
    let mut out: Vec<Holder> = Vec::new();
    let speaker_id = speaker.and_then(|s| match &s.who {
        Who::Known(id) => Some(id),
        Who::New(_) => None,
    });
    for m in &view.mentions {
        if out
            .iter()
            .any(|h| matches!(&h.who, Who::Known(id) if *id == m.actor))
        {
            continue;
        }
        out.push(Holder {
            who: Who::Known(m.actor.clone()),
            first: m.first,
            last: m.last,
            speaker: speaker_id == Some(&m.actor),
            kind: ActorKind::Organization,
        });
    }
    let taken = |out: &[Holder], k: usize| out.iter().any(|h| h.first <= k && k < h.last);
    let n = view.words.len();
    let mut k = 0;
    while k < n {
        if taken(&out, k) || view.in_quote[k] {
            k += 1;
            continue;
        }
        let capital = view.words[k].is_capitalized() && !view.is(k, Class::NOT_NAME);
        if capital {
            // The run of capitalised words (and name particles) from here.
            let mut end = k + 1;
            while end < n
                && !view.breaks_after(end - 1)
                && !taken(&out, end)
                && (view.words[end].is_capitalized() || view.is(end, Class::NAME_PARTICLE))
            {
                end += 1;
            }
            // "Republican lawmakers": a group noun after the run.
            if end < n && lex.group_nouns.contains(view.lower[end]) && !view.breaks_after(end - 1) {
                end += 1;
            } else if end < n
                && BODY_NOUNS.contains(&view.lower[end])
                && !view.breaks_after(end - 1)
            {
                // "the Israeli government": an organisation named by its people.
                let name = view.text[view.words[k].start..view.words[end].end].to_owned();
                out.push(Holder {
                    who: Who::New(NewActor {
                        name: super::actors::without_possessive(&name).to_owned(),
                        kind: ActorKind::Organization,
                        title: None,
                        first: k,
                        last: end + 1,
                    }),
                    first: k,
                    last: end + 1,
                    speaker: false,
                    kind: ActorKind::Organization,
                });
                k = end + 1;
                continue;
            }
            let read = read_new_actor(&view.words, &view.lower, end, lex)
                .filter(|a| a.first >= k)
                .map(|a| after_plural_title(a, view, lex))
                .or_else(|| single_name(view, k, end, lex));
            if let Some(a) = read {
                let kind = a.kind;
                out.push(Holder {
                    first: a.first,
                    last: a.last,
                    who: Who::New(a),
                    speaker: false,
                    kind,
                });
            }
            k = end;
            continue;
        }
        let w = view.lower[k];
        // "He rejected ...", "They voted ...": a pronoun opening the sentence is the
        // last person or group named.
        if k == 0 || (k == 1 && view.breaks_after(0)) {
            let id = match w {
                "he" | "she" => past.last_person.clone(),
                "they" => past.last_group.clone(),
                _ => None,
            };
            if let Some(id) = id
                && !out
                    .iter()
                    .any(|h| matches!(&h.who, Who::Known(x) if *x == id))
            {
                out.push(Holder {
                    speaker: speaker_id == Some(&id),
                    who: Who::Known(id),
                    first: k,
                    last: k + 1,
                    kind: ActorKind::Person,
                });
                k += 1;
                continue;
            }
        }
        let after_the = k > 0 && matches!(view.lower[k - 1], "the" | "its" | "their");
        if after_the && COLLECTIVE.contains(&w) {
            // "the union": the organisation named earlier, if the article named one.
            if let Some(id) = past.by_role(&[w], lex)
                && !out
                    .iter()
                    .any(|h| matches!(&h.who, Who::Known(x) if *x == id))
            {
                out.push(Holder {
                    speaker: speaker_id == Some(&id),
                    who: Who::Known(id),
                    first: k - 1,
                    last: k + 1,
                    kind: ActorKind::Organization,
                });
            }
        } else if lex.group_nouns.contains(w) {
            // "members", "union members", "rank-and-file lawmakers".
            let first = if k > 0
                && !view.breaks_after(k - 1)
                && view.lower[k - 1].len() > 3
                && view.lower[k - 1]
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-')
                && !matches!(
                    view.lower[k - 1],
                    "many" | "some" | "other" | "most" | "those"
                ) {
                k - 1
            } else {
                k
            };
            let name = view.text[view.words[first].start..view.words[k].end].to_owned();
            out.push(Holder {
                who: Who::New(NewActor {
                    name,
                    kind: ActorKind::Group,
                    title: None,
                    first,
                    last: k + 1,
                }),
                first,
                last: k + 1,
                speaker: false,
                kind: ActorKind::Group,
            });
        }
        k += 1;
    }
    if let Some(sp) = speaker
        && !out.iter().any(|h| h.speaker)
    {
        // A speaker carried over from an earlier sentence has no words in this one.
        let at = sp.verb.unwrap_or(0).min(n);
        let (first, last) = match &sp.who {
            Who::New(a) if a.last <= n && a.first < a.last => (a.first, a.last),
            _ => (at, at),
        };
        out.push(Holder {
            who: sp.who.clone(),
            first,
            last,
            speaker: true,
            kind: ActorKind::Person,
        });
    }
    out
}

/// "GOP Senators Thom Tillis" is Thom Tillis, titled: a plural title ("Senators",
/// "Reps.") before a name starts it, as a singular one does.
fn after_plural_title(mut a: NewActor, view: &Sentence<'_>, lex: &Vocab) -> NewActor {
    if a.kind == ActorKind::Group {
        return a;
    }
    let cut = (a.first..a.last.saturating_sub(2)).rev().find(|&j| {
        let w = view.lower[j];
        let singular = w
            .strip_suffix('s')
            .or_else(|| w.strip_suffix("s."))
            .unwrap_or("");
        w.len() > 2
            && (lex.title_heads.contains(singular)
                || lex.title_heads.contains(&format!("{singular}.")))
    });
    if let Some(j) = cut {
        let words = &view.words[j + 1..a.last];
        a.title = Some(view.text[view.words[a.first].start..view.words[j].end].to_owned());
        a.name = words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
        a.kind = ActorKind::Person;
        a.first = j + 1;
    }
    a
}

/// A name of one capitalised word that is no person's ("Hamas", "Kyiv", "Senate"):
/// a state, a city standing for its government, an organisation. Days, months and
/// the words the lexicon knows are never names are not.
fn single_name(view: &Sentence<'_>, k: usize, end: usize, lex: &Vocab) -> Option<NewActor> {
    const NOT: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "i",
        "it",
        "we",
        "you",
        "but",
        "and",
        "in",
        "on",
        "for",
        "after",
        "as",
        "if",
        "while",
        "when",
        "under",
        "with",
        "at",
        "by",
        "from",
        "still",
        "yet",
        "meanwhile",
        "however",
        "now",
        "so",
        "that",
        "this",
        "these",
        "those",
    ];
    let w = view.lower[k];
    let proper = view.words[k]
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        >= 2;
    (end == k + 1
        && proper
        && !NOT.contains(&w)
        && !lex.weekdays.iter().any(|d| d == w)
        && !view.is(k, Class::PROPOSAL_NOUN)
        && !view.is(k, Class::SPEECH_VERB))
    .then(|| NewActor {
        name: super::actors::without_possessive(view.words[k].text).to_owned(),
        kind: ActorKind::Organization,
        title: None,
        first: k,
        last: k + 1,
    })
}

/// Holders listed together ("Thom Tillis, Rand Paul and Susan Collins voted no",
/// "Catherine Cortez Masto (Nev.), Tim Kaine (Va.) and ...") share a stance: one
/// the model found no stance for takes the stance of its list, when the list has
/// one stance only.
pub(crate) fn share_along_lists(view: &Sentence<'_>, judged: &mut [(Holder, Judgement)]) {
    let mut order: Vec<usize> = (0..judged.len()).collect();
    order.sort_by_key(|&i| judged[i].0.first);
    let listed = |a: &Holder, b: &Holder| {
        if a.last == a.first || b.last == b.first || a.last > b.first {
            return false;
        }
        let (Some(end), Some(start)) = (view.words.get(a.last - 1), view.words.get(b.first)) else {
            return false;
        };
        let mut depth = 0usize;
        let mut gap = String::new();
        for c in view.text[end.end..start.start].chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => gap.push(c),
                _ => {}
            }
        }
        let rest = gap.replace("and", "").replace("as well as", "");
        rest.chars().all(|c| c == ',' || c.is_whitespace()) && gap.len() <= 12
    };
    let mut k = 0;
    while k < order.len() {
        let mut end = k + 1;
        while end < order.len() && listed(&judged[order[end - 1]].0, &judged[order[end]].0) {
            end += 1;
        }
        if end - k >= 2 {
            let mut stances: Vec<(Stance, f64)> = order[k..end]
                .iter()
                .filter_map(|&i| judged[i].1.stance.map(|s| (s, judged[i].1.score)))
                .collect();
            stances.dedup_by_key(|(s, _)| *s);
            if let [(stance, score)] = stances[..] {
                for &i in &order[k..end] {
                    let j = &mut judged[i].1;
                    if j.stance.is_none() {
                        j.stance = Some(stance);
                        j.score = score;
                        j.features = vec![("listed with a holder of this stance".to_owned(), 0.0)];
                    }
                }
            }
        }
        k = end;
    }
}

/// Words between a holder and what it does that say nothing of what it does.
const SKIP: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "also",
    "on",
    "so",
    "far",
    "quickly",
    "would",
    "will",
    "could",
    "did",
    "does",
    "do",
    "then",
    "later",
    "earlier",
    "last",
    "this",
    "week",
    "month",
    "year",
    "again",
    "both",
    "all",
    "alone",
    "too",
    "itself",
    "themselves",
    "been",
    "had",
    "may",
    "might",
    "in",
    "a",
    "statement",
];

/// A word's first five letters: "rejected", "rejects" and "rejection" alike.
fn stem(w: &str) -> &str {
    match w.char_indices().nth(5) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

/// How far a word is from the holder, in buckets: what a linear model can weigh.
fn distance(d: usize) -> &'static str {
    match d {
        0..=1 => "1",
        2..=3 => "3",
        4..=7 => "7",
        _ => "far",
    }
}

/// The stance's name as a feature's value.
fn stance_name(s: Stance) -> &'static str {
    match s {
        Stance::Support => "support",
        Stance::Skeptical => "skeptical",
        Stance::NonStarter => "non-starter",
    }
}

/// The features of holder `h` in the sentence: the sentence's words and cues by side
/// and distance, the words next to the holder, quotation, negation, where a
/// proposal is named, the rules' call on the holder, and the holder's kind and role.
/// `others` is how many holders the sentence has; `calls` are the rules' calls of
/// the sentence (for the speaker or a clause's subject).
pub(crate) fn features(
    view: &Sentence<'_>,
    h: &Holder,
    others: usize,
    calls: &[StanceCall<'_>],
    lex: &Vocab,
) -> Vec<String> {
    let mut f = Vec::with_capacity(4 * view.words.len() + 16);
    let lower = &view.lower;
    let n = lower.len();
    f.push("bias".to_owned());
    f.push(format!("kind={:?}", h.kind));
    if h.speaker {
        f.push("speaker".to_owned());
    }
    if h.first == h.last {
        f.push("unplaced".to_owned());
    }
    f.push(format!("holders={}", others.min(4)));
    f.push(format!("at={}", distance(h.first)));
    if h.first < n && view.in_quote[h.first] {
        f.push("holder-quoted".to_owned());
    }
    let quoted = view.in_quote.iter().any(|q| *q);
    if quoted {
        f.push("quote".to_owned());
    }
    // The words around the holder.
    let before = |k: usize| h.first.checked_sub(k).map(|j| lower[j]);
    let after = |k: usize| lower.get(h.last + k - 1).copied();
    f.push(format!("p1={}", before(1).unwrap_or("<s>")));
    // One of a list ("Thom Tillis, Rand Paul and Susan Collins").
    let comma_before = h.first > 0 && view.breaks_after(h.first - 1);
    let comma_after = h.last > h.first && view.breaks_after(h.last - 1);
    if (comma_before || before(1) == Some("and")) && (comma_after || after(1) == Some("and")) {
        f.push("listed".to_owned());
    }
    if h.first == 0 {
        f.push("opens".to_owned());
    }
    f.push(format!("n1={}", after(1).unwrap_or("</s>")));
    f.push(format!(
        "n12={} {}",
        after(1).unwrap_or("</s>"),
        after(2).unwrap_or("</s>")
    ));
    if h.first >= 2 {
        f.push(format!("p21={} {}", lower[h.first - 2], lower[h.first - 1]));
    }
    // What the holder does: the first word after it past auxiliaries, adverbs and
    // days ("Hamas has so far rejected", "the union on Friday voted down").
    let mut negated = false;
    let mut j = h.last.max(h.first);
    while j < n && j < h.last + 6 {
        let w = lower[j];
        if lex.negations.contains(w) {
            negated = true;
        } else if !(SKIP.contains(&w) || w.ends_with("ly") || lex.weekdays.iter().any(|d| d == w)) {
            break;
        }
        j += 1;
    }
    if j < n && !view.in_quote[j] {
        let v = stem(lower[j]);
        let neg = if negated { "not " } else { "" };
        f.push(format!("does={neg}{v}"));
        if let Some(next) = lower.get(j + 1) {
            f.push(format!("does={neg}{v} {}", stem(next)));
        }
    }
    // Every word, by side and distance.
    for (j, w) in lower.iter().enumerate() {
        if j >= h.first && j < h.last {
            continue;
        }
        let w: &str = w;
        if w.len() < 2 && !w.chars().any(char::is_alphanumeric) {
            continue;
        }
        let (side, d) = if j < h.first {
            ("L", h.first - j)
        } else {
            ("R", j + 1 - h.last)
        };
        f.push(format!("{side}={w}"));
        if d <= 7 {
            f.push(format!("{side}{}s={}", distance(d), stem(w)));
            f.push(format!("{side}{}={w}", distance(d)));
        }
        if view.is(j, Class::PROPOSAL_NOUN) {
            f.push(format!("proposal-{side}{}", distance(d)));
        }
        if view.is(j, Class::SPEECH_VERB) {
            f.push(format!("say-{side}{}", distance(d)));
        }
        if view.is(j, Class::HEDGE_START) {
            f.push(format!("hedge-{side}"));
        }
        if lex.negations.contains(w) {
            f.push(format!("neg-{side}{}", distance(d)));
        }
    }
    // The lexicon's cues, by stance, side and distance, quoted or not.
    for c in cues::cues(view, 0..n, lex) {
        let s = stance_name(c.stance);
        let (side, d) = if c.first < h.first {
            ("L", h.first - c.first)
        } else {
            ("R", c.first.saturating_sub(h.last))
        };
        let q = if c.quoted { "q" } else { "" };
        f.push(format!("cue={s}"));
        f.push(format!("cue-{side}={s}"));
        f.push(format!("cue-{side}{}{q}={s}", distance(d)));
        f.push(format!("cue-word={s} {}", c.cue));
    }
    // What the rules called for this holder.
    let mut ruled = false;
    for c in calls {
        let mine = match (&c.subject, &h.who) {
            (Some(s), Who::Known(id)) => s == id,
            (Some(_), Who::New(_)) => false,
            (None, _) => h.speaker,
        };
        if mine {
            ruled = true;
            f.push(format!("rule={}", stance_name(c.stance)));
        }
    }
    if !ruled && !calls.is_empty() {
        f.push("rule-other".to_owned());
    }
    f
}
