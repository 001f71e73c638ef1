//! Who is named in a sentence: the gazetteer of known actors (names, aliases,
//! surnames, close misspellings) and the reading of new actors from titles, roles
//! and group nouns.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{Actor, ActorId, ActorKind, Document, Relation};

use super::contracts::{ActorMention, How, NewActor};
use super::filter::WordFilter;
use super::lexicon::{Class, Vocab};
use super::text::{Word, norm, norm_owned};
use crate::spelling::edit_distance;

/// Which of the letters a to z a word has (other characters share one bit), as a
/// cheap lower bound on edit distance: see [`Gazetteer::fuzzy_match`].
fn letters(word: &str) -> u32 {
    word.chars().fold(0, |m, c| {
        let bit = if c.is_ascii_lowercase() {
            u32::from(c) - u32::from('a')
        } else {
            26
        };
        m | 1 << bit
    })
}

/// Known actors by every spelling: the base graph's, plus those found in the article.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    /// Normalised multi- or single-word names and aliases.
    names: HashMap<String, ActorId>,
    /// Persons' surnames (a surname shared by two actors is left out).
    surnames: HashMap<String, Option<ActorId>>,
    /// Single-word spellings with their length in characters and [`letters`], by
    /// first letter, for misspelling matches (which keep the first letter).
    fuzzy: HashMap<char, Vec<(String, usize, u32, ActorId)>>,
    /// The longest name in words.
    max_words: usize,
    /// First words of every name, to skip most words without building n-grams.
    first_words: rustc_hash::FxHashSet<String>,
    /// A first test of `first_words`.
    first_filter: WordFilter,
    /// Actor details: kind, titles, affiliations.
    pub actors: HashMap<ActorId, Actor>,
}

impl Gazetteer {
    /// The gazetteer of a base graph's actors.
    pub fn from_document(doc: &Document) -> Self {
        let mut g = Self::default();
        for (id, actor) in &doc.actors {
            g.add(id.clone(), actor.clone());
        }
        g
    }

    /// Adds an actor under its name, aliases and (for people) surname.
    pub fn add(&mut self, id: ActorId, actor: Actor) {
        for name in actor.names() {
            self.add_spelling(&id, name, actor.kind);
        }
        let key = id.as_str().replace('-', " ");
        if let Some(first) = key.split(' ').next() {
            self.first_filter.insert(first);
            self.first_words.insert(first.to_owned());
        }
        self.names.entry(key).or_insert_with(|| id.clone());
        self.actors.insert(id, actor);
    }

    /// Records one more spelling of a known actor.
    pub fn add_spelling(&mut self, id: &ActorId, name: &str, kind: ActorKind) {
        let words: Vec<String> = name
            .split_whitespace()
            .map(norm_owned)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(words.len());
        self.first_filter.insert(&words[0]);
        self.first_words.insert(words[0].clone());
        self.names
            .entry(words.join(" "))
            .or_insert_with(|| id.clone());
        if kind == ActorKind::Person && words.len() > 1 {
            // Titles and initials are not surnames; the last real word is.
            if let Some(last) = words
                .iter()
                .rev()
                .find(|w| w.chars().count() > 2 && !w.ends_with('.'))
            {
                match self.surnames.get(last) {
                    Some(Some(other)) if other != id => {
                        self.surnames.insert(last.clone(), None);
                    }
                    None => {
                        self.surnames.insert(last.clone(), Some(id.clone()));
                    }
                    _ => {}
                }
            }
            // "Dale R. Hutchins" is also "Dale Hutchins".
            let plain: Vec<&String> = words
                .iter()
                .filter(|w| !(w.ends_with('.') && w.chars().count() <= 2))
                .collect();
            if plain.len() >= 2 && plain.len() < words.len() {
                let key = plain
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.first_filter.insert(plain[0]);
                self.first_words.insert(plain[0].clone());
                self.names.entry(key).or_insert_with(|| id.clone());
            }
        }
        for w in &words {
            let len = w.chars().count();
            if len >= 5 && (words.len() == 1 || kind == ActorKind::Person) {
                let Some(first) = w.chars().next() else {
                    continue;
                };
                let bucket = self.fuzzy.entry(first).or_default();
                if !bucket.iter().any(|(s, _, _, a)| s == w && a == id) {
                    bucket.push((w.clone(), len, letters(w), id.clone()));
                }
            }
        }
    }

    /// The actor's details.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.actors.get(id)
    }

    /// Looks a whole name up (as written in text).
    pub fn lookup(&self, name: &str) -> Option<&ActorId> {
        let mut key = String::with_capacity(name.len());
        for w in name.split_whitespace() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&norm(w));
        }
        self.names.get(&key)
    }

    /// The one person with this surname (normalised), if just one has it.
    pub fn surname(&self, word: &str) -> Option<&ActorId> {
        self.surnames.get(word).and_then(Option::as_ref)
    }

    /// Every known actor named in the words, longest match first, no overlaps.
    pub fn mentions(
        &self,
        words: &[Word<'_>],
        lower: &[&str],
        class: &[Class],
    ) -> Vec<ActorMention> {
        let mut out = Vec::new();
        // Names, surnames and misspellings all come from names: none, no mentions.
        if self.names.is_empty() {
            return out;
        }
        let mut i = 0;
        let mut key = String::new();
        while i < words.len() {
            let mut found = None;
            let w = lower[i];
            let longest = if self.first_filter.may_contain(w) && self.first_words.contains(w) {
                self.max_words.min(words.len() - i)
            } else {
                0
            };
            for n in (1..=longest).rev() {
                // A one-word match must be capitalised ("Democrats", not "democrats").
                if n == 1 && !words[i].is_capitalized() {
                    continue;
                }
                key.clear();
                for (j, w) in lower[i..i + n].iter().enumerate() {
                    if j > 0 {
                        key.push(' ');
                    }
                    key.push_str(w);
                }
                if let Some(id) = self.names.get(&key) {
                    found = Some((id.clone(), n, How::Name));
                    break;
                }
            }
            // Most capitalised words are no surname and no misspelling: the cheap
            // lookups come first, the list of words that are never names last.
            if found.is_none() && words[i].is_capitalized() {
                found = match self.surnames.get(lower[i]) {
                    Some(Some(id)) => Some((id.clone(), 1, How::Surname)),
                    _ => self.fuzzy_match(lower[i]).map(|id| (id, 1, How::Fuzzy)),
                }
                .filter(|_| !class[i].has(Class::NOT_NAME));
            }
            match found {
                Some((actor, n, how)) => {
                    let surface = words[i..i + n]
                        .iter()
                        .map(|w| w.text)
                        .collect::<Vec<_>>()
                        .join(" ");
                    out.push(ActorMention {
                        actor,
                        first: i,
                        last: i + n,
                        how,
                        surface,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// A known single-word spelling within one edit (two for long words) of `word`,
    /// with the same first letter, when exactly one actor is that close.
    fn fuzzy_match(&self, word: &str) -> Option<ActorId> {
        // Characters, not bytes: every byte that does not continue a character.
        let len = word.bytes().filter(|b| b & 0xc0 != 0x80).count();
        if len < 5 || self.fuzzy.is_empty() {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        let bucket = word
            .chars()
            .next()
            .and_then(|first| self.fuzzy.get(&first))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut best: Option<(usize, &ActorId)> = None;
        let mut tie = false;
        let mine = letters(word);
        for (spelling, l, theirs, id) in bucket {
            // One edit changes at most two letters' presence: words whose letter sets
            // differ more are further apart than `max`, without computing it.
            if l.abs_diff(len) > max || (mine ^ theirs).count_ones() as usize > 2 * max {
                continue;
            }
            let d = edit_distance(word, spelling);
            if d == 0 || d > max {
                continue;
            }
            match best {
                Some((bd, bid)) if d == bd && bid != id => tie = true,
                Some((bd, _)) if d >= bd => {}
                _ => {
                    best = Some((d, id));
                    tie = false;
                }
            }
        }
        if tie {
            None
        } else {
            best.map(|(_, id)| id.clone())
        }
    }

    /// The person whose title holds all of `role` ("trade minister"), preferring one
    /// affiliated with `of`; the smallest id wins a tie, so the answer is stable.
    pub fn by_title(&self, role: &[&str], of: &ActorId) -> Option<&ActorId> {
        let mut found: Vec<(bool, &ActorId)> = self
            .actors
            .iter()
            .filter(|(_, a)| a.kind == ActorKind::Person)
            .filter(|(_, a)| {
                a.titles.iter().any(|t| {
                    let words: Vec<String> = t
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .map(norm_owned)
                        .collect();
                    role.iter().all(|r| words.iter().any(|w| w == r))
                })
            })
            .map(|(id, a)| (a.affiliations.iter().any(|f| &f.actor == of), id))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        found.first().map(|(_, id)| *id)
    }

    /// The one actor other than a person whose name has all of `words` ("house",
    /// "committee") before any preposition, if just one has: "Democrats on the House
    /// Committee" are not the committee.
    pub fn by_name_words(&self, words: &[&str]) -> Option<&ActorId> {
        let mut found = self
            .actors
            .iter()
            .filter(|(_, a)| a.kind != ActorKind::Person)
            .filter(|(_, a)| {
                let name: Vec<String> = a
                    .name
                    .split_whitespace()
                    .map(norm_owned)
                    .take_while(|w| {
                        !matches!(w.as_str(), "of" | "on" | "for" | "in" | "at" | "from")
                    })
                    .collect();
                words.iter().all(|w| name.iter().any(|n| n == w))
            })
            .map(|(id, _)| id);
        match (found.next(), found.next()) {
            (Some(id), None) => Some(id),
            _ => None,
        }
    }

    /// The principal an actor speaks for, if it is a spokesperson.
    pub fn principal_of(&self, id: &ActorId) -> Option<&ActorId> {
        self.actors
            .get(id)?
            .affiliations
            .iter()
            .find(|a| a.rel == Relation::SpeaksFor)
            .map(|a| &a.actor)
    }
}

/// Reads the actor named by the capitalised run of words ending at `end` (exclusive):
/// "Senate Majority Leader Dale R. Hutchins", "the Karvani Liberation Council",
/// "European leaders", "Democrats".
pub(crate) fn read_new_actor(
    words: &[Word<'_>],
    lower: &[&str],
    end: usize,
    lex: &Vocab,
) -> Option<NewActor> {
    if end == 0 || end > words.len() {
        return None;
    }
    // A group: modifiers + plural group noun ("European leaders", "NATO allies").
    let last = &lower[end - 1];
    if lex.group_nouns.contains(*last) {
        let mut first = end - 1;
        while first > 0
            && words[first - 1].is_capitalized()
            && !lex.class_of(lower[first - 1]).has(Class::NOT_NAME)
        {
            first -= 1;
        }
        if first < end - 1 {
            let name = join(words, first, end);
            return Some(NewActor {
                name,
                kind: ActorKind::Group,
                title: None,
                first,
                last: end,
            });
        }
        return None;
    }
    if !words[end - 1].is_capitalized() {
        return None;
    }
    let mut first = end - 1;
    while first > 0
        && (words[first - 1].is_capitalized()
            || lex.class_of(lower[first - 1]).has(Class::NAME_PARTICLE))
        && !lex.class_of(lower[first - 1]).has(Class::NOT_NAME)
    {
        first -= 1;
    }
    while first < end && lex.class_of(lower[first]).has(Class::NAME_PARTICLE) {
        first += 1;
    }
    if first >= end || first + 1 == end && lex.class_of(lower[first]).has(Class::NOT_NAME) {
        return None;
    }
    // A person: the words after the last title word, two to four of them.
    let mut name_start = first;
    let mut title = None;
    for k in first..end {
        // The word as written, lowercased, when `norm` changed more than the case
        // ("Minister's" is a title word; "minister" after norm is too).
        let titled = lex.title_heads.contains(lower[k])
            || (lower[k].len() != words[k].text.len()
                && lex.title_heads.contains(&words[k].text.to_lowercase()));
        if titled && k + 1 < end {
            name_start = k + 1;
            title = Some(join(words, first, k + 1));
        }
    }
    let name_words = end - name_start;
    let org_word = |ws: &[&str]| ws.iter().any(|w| lex.class_of(w).has(Class::ORG_WORD));
    // "European Council President António Costa": an organisation's word in the title
    // makes the title an office, and the person is the one named after it.
    let titled_person =
        title.is_some() && (2..=4).contains(&name_words) && !org_word(&lower[name_start..end]);
    if !titled_person && org_word(&lower[first..end]) {
        let name = words[first..end]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ");
        return Some(NewActor {
            name,
            kind: ActorKind::Organization,
            title: None,
            first,
            last: end,
        });
    }
    if end - first == 1 && lex.class_of(lower[end - 1]).has(Class::PARTY_GROUP) {
        return Some(NewActor {
            name: words[first].text.to_owned(),
            kind: ActorKind::Group,
            title: None,
            first,
            last: end,
        });
    }
    // "Sen. Jeanne Shaheen (D-N.H.)": the party and state go with the office, not the name.
    let party = |w: &str| matches!(w.as_bytes(), [b'D' | b'R' | b'I', b'-', c, ..] if c.is_ascii_uppercase());
    let (name_end, title) = match title {
        Some(t) if party(words[end - 1].text) && name_words > 2 => {
            (end - 1, Some(format!("{t} ({})", words[end - 1].text)))
        }
        t => (end, t),
    };
    if !(2..=4).contains(&(name_end - name_start)) {
        return None;
    }
    Some(NewActor {
        name: join(words, name_start, name_end),
        kind: ActorKind::Person,
        title,
        first: name_start,
        last: end,
    })
}

/// A name without its possessive ending: "Kallas's" and "Kallas’s" are "Kallas".
/// (`strip_suffix`, not `trim_end_matches`: a string pattern's searcher costs more to
/// set up than the whole test.)
pub(crate) fn without_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w)
}

fn join(words: &[Word<'_>], first: usize, end: usize) -> String {
    words[first..end]
        .iter()
        .map(|w| without_possessive(w.text))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::words;

    #[test]
    fn new_actors_are_read_from_titles_and_groups() {
        let lex = Vocab::new(&crate::extract::lexicon::Lexicon::default());
        let read = |s: &str| {
            let w = words(s, &lex);
            let owned: Vec<_> = w.iter().map(|w| norm(w.text)).collect();
            let lower: Vec<&str> = owned.iter().map(|w| w.as_ref()).collect();
            read_new_actor(&w, &lower, w.len(), &lex)
        };
        let p = read("Senate Majority Leader Dale R. Hutchins").unwrap();
        assert_eq!(
            (p.name.as_str(), p.kind),
            ("Dale R. Hutchins", ActorKind::Person)
        );
        assert_eq!(read("European leaders").unwrap().kind, ActorKind::Group);
        assert_eq!(
            read("the Karvani Liberation Council").unwrap().name,
            "Karvani Liberation Council"
        );
        assert_eq!(read("Democrats").unwrap().kind, ActorKind::Group);
        assert!(read("the plan").is_none());
        // An organisation in the title makes it an office; the person follows it.
        let p = read("European Council President Ant\u{f3}nio Costa").unwrap();
        assert_eq!(
            (p.name.as_str(), p.kind, p.title.as_deref()),
            (
                "Ant\u{f3}nio Costa",
                ActorKind::Person,
                Some("European Council President")
            )
        );
        // Party and state go with the office.
        let p = read("Sen. Jeanne Shaheen (D-NH)").unwrap();
        assert_eq!(
            (p.name.as_str(), p.title.as_deref()),
            ("Jeanne Shaheen", Some("Sen. (D-NH)"))
        );
    }
}
