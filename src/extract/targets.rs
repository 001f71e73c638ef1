//! What a statement is about: proposals named by title or alias, "the plan", "the
//! draft", "it" resolved to the proposal in focus, a counterproposal or revision
//! told apart from the original, numbered points, and claims.

use std::borrow::Cow;

use indexmap::IndexMap;

use super::contracts::{Sentence, Speaker, TargetMention, Who};
use super::filter::WordFilter;
use super::lexicon::{Class, Vocab};
use super::text::norm_owned;
use crate::model::{ActorId, Claim, ClaimId, PointId, Proposal, ProposalId, Target};

/// Function words, which say nothing about which proposal is meant; the lexicon's
/// `generic_words` ("plan", "percent") say nothing either.
const STOP: &[&str] = &[
    "the", "a", "an", "of", "for", "to", "and", "on", "in", "its", "his", "her", "their", "our",
    "this", "that", "with", "by", "s", "own", "all", "-", "was", "were", "is", "are", "be", "been",
    "has", "had", "have", "it", "would", "will",
];

/// Words of a point's text that do not say what the point is about.
const VAGUE: &[&str] = &["either", "side", "sides", "both", "each", "other", "every"];

/// The proposals and claims of the base graph, indexed once by the words that name
/// them: built by the extractor and shared by reference by every article.
#[derive(Clone, Debug, Default)]
pub(crate) struct TargetIndex {
    proposals: IndexMap<ProposalId, Proposal>,
    claims: IndexMap<ClaimId, Claim>,
    /// Every title and alias as lowercase words, longest first.
    spellings: Vec<(Vec<String>, ProposalId)>,
    /// Per proposal: the stems that name it and the words of its own titles.
    profiles: Vec<Profile>,
    /// Per numbered point: its proposal, number and the stems of its key words.
    points: Vec<(ProposalId, u32, Vec<String>)>,
    /// Per claim: its id and the stems of the content words of its text.
    claim_words: Vec<(ClaimId, Vec<String>)>,
    /// Indexes into `spellings` by first word.
    spelling_starts: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// A first test of `spelling_starts`.
    starts_filter: WordFilter,
    /// Stems that can start a point's text match.
    point_stems: rustc_hash::FxHashSet<String>,
    /// The head noun of each title and alias ("increase" of "the 18 percent toll
    /// increase", "decision" of "draft adequacy decision for Meridia"), with its
    /// proposal; see [`head_noun`].
    heads: Vec<(String, ProposalId)>,
    /// A first test of `heads`.
    heads_filter: WordFilter,
    /// The lexicon's words that say nothing about which proposal is meant.
    generic: rustc_hash::FxHashSet<String>,
}

/// The targets one article can be about, and what it has in focus: the shared
/// index, borrowed; an article that introduces a proposal of its own (cold, its
/// first; with a base graph, a counterproposal) gets its own copy of the index then,
/// so no other article sees it.
#[derive(Clone, Debug)]
pub(crate) struct Targets<'e> {
    index: Cow<'e, TargetIndex>,
    /// The proposal "the plan" and "it" refer to.
    pub focus: Option<ProposalId>,
    /// The claim last restated, for "that claim", "the warnings".
    pub claim_focus: Option<ClaimId>,
    /// Proposals created from this article's text.
    pub new: Vec<ProposalId>,
    /// Names the article gave points ("the wealth tax in the draft"): their words.
    point_names: Vec<(Vec<String>, PointId)>,
    /// Cold, take the first proposal named with an article in front ("the tentative
    /// agreement") as well as one with a distinctive modifier. The stance model's
    /// stage sets it: it needs a target for every stance; the rules alone wait for
    /// a distinctive name, which titles the proposal better when the text has one.
    pub eager: bool,
}

/// The head noun of a proposal's name: its last word before a preposition or a
/// bracket ("agreement" of "Tentative agreement between the airline and the
/// union"), when long enough to say something.
fn head_noun(name: &str, generic: &Generic) -> Option<String> {
    let mut head = None;
    for w in name.split_whitespace() {
        let w = norm_owned(w);
        if w.starts_with('(')
            || matches!(
                w.as_str(),
                "of" | "on" | "for" | "between" | "to" | "in" | "with" | "from" | "by" | "under"
            )
        {
            break;
        }
        head = Some(w);
    }
    let head = head?
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned();
    (head.len() >= 4
        && head.chars().all(|c| c.is_alphabetic() || c == '-')
        && !says_nothing(&head, generic))
    .then_some(head)
}

/// The last word of a proposal's name that starts at noun `k`: the noun, or the
/// end of a named party after it ("deal with Ford", "agreement between Boeing and
/// the IAM").
fn complement_end(view: &Sentence<'_>, k: usize) -> usize {
    if view.breaks_after(k) || !matches!(view.lower.get(k + 1), Some(&"with" | &"between")) {
        return k;
    }
    let mut end = k;
    let mut j = k + 2;
    while j < view.words.len() && j <= k + 6 {
        let w = &view.words[j];
        if w.is_capitalized() {
            end = j;
        } else if !matches!(view.lower[j], "and" | "the") {
            break;
        }
        if view.breaks_after(j) {
            break;
        }
        j += 1;
    }
    end
}

/// What distinguishes one proposal from another in "the <modifiers> <noun>".
#[derive(Clone, Debug)]
struct Profile {
    id: ProposalId,
    /// Stems of its title, aliases and proponent's names, less its original's words.
    stems: Vec<String>,
    /// Words of its own title and aliases, less its original's.
    own: Vec<String>,
    derived: bool,
}

fn content_words(text: &str, generic: &Generic) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '\'' | '\u{2019}' | '"' | '(' | ')' | ',')
    })
    .map(norm_owned)
    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
    .filter(|w| !w.is_empty() && !says_nothing(w, generic))
    .collect()
}

type Generic = rustc_hash::FxHashSet<String>;

/// A function word or one of the lexicon's generic words: it says nothing about
/// which proposal is meant.
fn says_nothing(w: &str, generic: &Generic) -> bool {
    STOP.contains(&w) || generic.contains(w)
}

/// A crude stem: words sharing their first five letters count as the same.
fn stem(w: &str) -> &str {
    let end = if w.is_ascii() {
        w.len().min(5)
    } else {
        w.char_indices().nth(5).map_or(w.len(), |(i, _)| i)
    };
    &w[..end]
}

impl TargetIndex {
    /// The base graph's claims.
    pub fn claims(&self) -> &IndexMap<ClaimId, Claim> {
        &self.claims
    }

    /// The index of these proposals and claims.
    pub fn new(
        proposals: IndexMap<ProposalId, Proposal>,
        claims: IndexMap<ClaimId, Claim>,
        proponent_words: &dyn Fn(&crate::model::ActorId) -> Vec<String>,
        lex: &Vocab,
    ) -> Self {
        let mut t = Self {
            proposals,
            claims,
            generic: lex.generic_words.clone(),
            ..Self::default()
        };
        t.refresh_with(proponent_words);
        t
    }

    /// Adds a proposal and indexes it.
    fn insert(&mut self, id: ProposalId, p: Proposal) {
        self.proposals.insert(id, p);
        self.refresh_with(&|_| Vec::new());
    }

    /// Recomputes what names each proposal and point, once, so that reading a
    /// sentence is lookups.
    fn refresh_with(&mut self, proponent_words: &dyn Fn(&crate::model::ActorId) -> Vec<String>) {
        let taken = std::mem::take(&mut self.generic);
        let generic = &taken;
        let known: rustc_hash::FxHashMap<ProposalId, Vec<String>> = self
            .profiles
            .iter()
            .map(|p| (p.id.clone(), p.stems.clone()))
            .collect();
        self.profiles = self
            .proposals
            .iter()
            .map(|(id, p)| {
                let mut words = content_words(&p.title, generic);
                for a in &p.aliases {
                    words.extend(content_words(a, generic));
                }
                let mut own: Vec<String> = std::iter::once(&p.title)
                    .chain(&p.aliases)
                    .flat_map(|t| t.split_whitespace().map(norm_owned).collect::<Vec<_>>())
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
                    .collect();
                // A revision's title often repeats the original's ("amendment to the
                // Pact on Asylum"); those words name the original, not the revision.
                let original = p
                    .revision_of
                    .as_ref()
                    .or(p.counter_to.as_ref())
                    .and_then(|o| self.proposals.get(o));
                if let Some(o) = original {
                    let theirs: Vec<String> = std::iter::once(&o.title)
                        .chain(&o.aliases)
                        .flat_map(|t| content_words(t, generic))
                        .collect();
                    words.retain(|w| !theirs.contains(w));
                    let theirs_own: Vec<String> = std::iter::once(&o.title)
                        .chain(&o.aliases)
                        .flat_map(|t| t.split_whitespace().map(norm_owned).collect::<Vec<_>>())
                        .collect();
                    own.retain(|w| !theirs_own.contains(w));
                }
                if let Some(pro) = &p.proponent {
                    words.extend(content_words(&pro.as_str().replace('-', " "), generic));
                    let extra = proponent_words(pro);
                    if extra.is_empty() {
                        // Keep what an earlier refresh learnt about this proponent.
                        if let Some(old) = known.get(id) {
                            words.extend(old.iter().cloned());
                        }
                    }
                    words.extend(extra);
                }
                let mut stems: Vec<String> = words.iter().map(|w| stem(w).to_owned()).collect();
                stems.sort();
                stems.dedup();
                Profile {
                    id: id.clone(),
                    stems,
                    own,
                    derived: p.counter_to.is_some() || p.revision_of.is_some(),
                }
            })
            .collect();
        self.claim_words = self
            .claims
            .iter()
            .map(|(id, c)| {
                let stems = content_words(&c.text, generic)
                    .iter()
                    .map(|w| stem(w).to_owned())
                    .collect();
                (id.clone(), stems)
            })
            .collect();
        self.points = self
            .proposals
            .iter()
            .flat_map(|(id, p)| {
                p.points.iter().map(move |(n, pt)| {
                    (
                        id.clone(),
                        *n,
                        content_words(&pt.text, generic)
                            .into_iter()
                            // Amounts ("£9", "15") are as telling as long words;
                            // "either side" tells nothing.
                            .filter(|w| w.len() >= 4 || w.chars().any(|c| c.is_ascii_digit()))
                            .filter(|w| !VAGUE.contains(&w.as_str()))
                            // Kept as stems: every use compares stems.
                            .map(|w| stem(&w).to_owned())
                            .collect::<Vec<_>>(),
                    )
                })
            })
            .collect();
        self.point_stems = self
            .points
            .iter()
            .flat_map(|(_, _, stems)| stems.iter().cloned())
            .collect();
        let mut out = Vec::new();
        for (id, p) in &self.proposals {
            for name in std::iter::once(&p.title).chain(&p.aliases) {
                let words: Vec<String> = name
                    .split_whitespace()
                    .map(norm_owned)
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
                            .to_owned()
                    })
                    .filter(|w| !w.is_empty())
                    .collect();
                if !words.is_empty() {
                    out.push((words, id.clone()));
                }
            }
        }
        out.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        self.spelling_starts = rustc_hash::FxHashMap::default();
        self.starts_filter = WordFilter::default();
        for (i, (words, _)) in out.iter().enumerate() {
            self.starts_filter.insert(&words[0]);
            self.spelling_starts
                .entry(words[0].clone())
                .or_default()
                .push(i);
        }
        self.spellings = out;
        self.heads = self
            .proposals
            .iter()
            .flat_map(|(id, p)| {
                std::iter::once(&p.title)
                    .chain(&p.aliases)
                    .filter_map(|n| head_noun(n, generic))
                    .map(move |h| (h, id.clone()))
            })
            .collect();
        self.heads_filter = WordFilter::default();
        for (h, _) in &self.heads {
            self.heads_filter.insert(h);
        }
        self.generic = taken;
    }
}

impl<'e> Targets<'e> {
    /// An article's targets over the shared index, the first proposal in focus.
    pub fn over(index: &'e TargetIndex) -> Self {
        Self {
            focus: index.proposals.keys().next().cloned(),
            index: Cow::Borrowed(index),
            claim_focus: None,
            new: Vec::new(),
            point_names: Vec::new(),
            eager: false,
        }
    }

    /// The proposals the article can be about.
    pub fn proposals(&self) -> &IndexMap<ProposalId, Proposal> {
        &self.index.proposals
    }

    /// The claims the article can be about.
    pub fn claims(&self) -> &IndexMap<ClaimId, Claim> {
        &self.index.claims
    }

    /// The targets the sentence names, points named by the article's own phrases
    /// included.
    pub fn in_sentence(&mut self, view: &Sentence<'_>, lex: &Vocab) -> Vec<TargetMention> {
        let mut all = self.mentioned(view, 0..view.words.len(), lex);
        self.name_points(view, &mut all);
        all
    }

    /// Puts in focus the proposal the sentence last named outright.
    pub fn update_focus(&mut self, all: &[TargetMention]) {
        if let Some(m) = all.iter().rev().find(|m| m.explicit)
            && let Target::Proposal(p) | Target::Point(crate::model::PointId { proposal: p, .. }) =
                &m.target
        {
            self.focus = Some(p.clone());
        }
    }

    /// Without a known proposal to read against, the first proposal named with a
    /// distinctive modifier ("a 28-point peace plan") or, when `eager`, with an
    /// article in front ("the tentative agreement") becomes one; "their own counterproposal"
    /// becomes a counterproposal to the one in focus.
    pub fn discover(
        &mut self,
        view: &Sentence<'_>,
        speaker: Option<&Speaker>,
        name_of: &dyn Fn(&ActorId) -> Option<String>,
    ) {
        // Only a counterproposal can be new once proposals are known.
        if !self.index.proposals.is_empty()
            && !view.class.iter().any(|c| c.has(Class::COUNTER_WORD))
        {
            return;
        }
        // In a headline set in title case every word is capitalised, so a capital
        // says nothing ("Europe Races To Influence Deal").
        let title_case = {
            let mut long = view.words.iter().filter(|w| w.text.len() > 3).peekable();
            long.peek().is_some() && view.words.len() >= 4 && long.all(|w| w.is_capitalized())
        };
        for k in 0..view.words.len() {
            if !view.is(k, Class::PROPOSAL_NOUN) || view.in_quote[k] {
                continue;
            }
            let start = (k.saturating_sub(4)..k)
                .rev()
                .find(|j| {
                    matches!(
                        &*view.lower[*j],
                        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "own" | "this"
                    ) || view.breaks_after(*j)
                })
                .map_or(k.saturating_sub(3), |j| j + 1);
            let modifiers = &view.words[start..k];
            let counter =
                view.is(k, Class::COUNTER_WORD) || (k > 0 && view.is(k - 1, Class::COUNTER_WORD));
            if counter {
                let Some(original) = self.focus.clone() else {
                    continue;
                };
                if self
                    .index
                    .proposals
                    .values()
                    .any(|p| p.counter_to.as_ref() == Some(&original))
                {
                    continue;
                }
                let title = format!(
                    "{} counterproposal",
                    speaker
                        .and_then(|s| match &s.who {
                            Who::Known(id) => name_of(id),
                            Who::New(n) => Some(n.name.clone()),
                        })
                        .unwrap_or_else(|| "Rival".into())
                );
                let mut p = Proposal::new(title.clone());
                p.counter_to = Some(original);
                if let Some(Speaker {
                    who: Who::Known(id),
                    ..
                }) = speaker
                {
                    p.proponent = Some(id.clone());
                }
                self.add_found(&title, p);
                return;
            }
            let distinctive = modifiers.iter().any(|m| {
                m.text.contains("-point")
                    || (m.is_capitalized() && !title_case)
                    || m.text.chars().any(|c| c.is_ascii_digit())
            });
            // Cold, the first proposal the article names with an article in front
            // ("the tentative agreement", "a stopgap bill") is the one it is about:
            // news names its subject early. Headlines mostly drop their articles;
            // there a distinctive modifier has to say that a proposal is meant.
            let determined = self.eager
                && start > 0
                && matches!(
                    view.lower[start - 1],
                    "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this"
                )
                && !view.breaks_after(start - 1);
            if self.index.proposals.is_empty() && (distinctive || determined) {
                let end = complement_end(view, k);
                let title = view.text[view.words[start].start..view.words[end].end]
                    .trim_start_matches("the ")
                    .to_owned();
                self.add_found(&title, Proposal::new(title.clone()));
                return;
            }
        }
    }

    /// Adds a proposal the text introduced, unless one of that id is known.
    fn add_found(&mut self, title: &str, p: Proposal) {
        let id = ProposalId::from_text(title);
        if self.index.proposals.contains_key(&id) {
            return;
        }
        self.add(id, p);
    }

    /// Adds a proposal found in the text and puts it in focus.
    pub fn add(&mut self, id: ProposalId, p: Proposal) {
        self.focus = Some(id.clone());
        self.new.push(id.clone());
        self.index.to_mut().insert(id, p);
    }

    /// The targets named in words `range` of the sentence, in order.
    pub fn mentioned(
        &self,
        view: &Sentence<'_>,
        range: std::ops::Range<usize>,
        lex: &Vocab,
    ) -> Vec<TargetMention> {
        let lower = &view.lower;
        let mut out: Vec<TargetMention> = Vec::new();
        let spellings = &self.index.spellings;
        let mut k = range.start;
        while k < range.end {
            // A title or alias, longest first.
            let starts = if self.index.starts_filter.may_contain(lower[k]) {
                self.index.spelling_starts.get(lower[k]).map(Vec::as_slice)
            } else {
                None
            }
            .unwrap_or_default();
            if let Some((words, id)) = starts
                .iter()
                .map(|i| &spellings[*i])
                .find(|(w, _)| view.phrase_at(k, range.end, w))
            {
                out.push(TargetMention {
                    target: Target::Proposal(id.clone()),
                    at: k,
                    explicit: true,
                });
                k += words.len();
                continue;
            }
            // "point 7", "points 3 and 11", "Section 9", "condition 4", "para. 2":
            // any noun that numbers the parts of a text, followed by a number.
            if view.is(k, Class::PART_NOUN)
                && lower
                    .get(k + 1)
                    .is_some_and(|w| w.bytes().next().is_some_and(|b| b.is_ascii_digit()))
            {
                let mut j = k + 1;
                while j < range.end {
                    if let Ok(n) = lower[j].parse::<u32>() {
                        if let Some(owner) = self.owner_of_point(n) {
                            out.push(TargetMention {
                                target: Target::Point(PointId::new(owner, n)),
                                at: j,
                                explicit: true,
                            });
                        }
                    } else if lower[j] != "and" && lower[j] != "or" {
                        break;
                    }
                    j += 1;
                }
                k = j.max(k + 1);
                continue;
            }
            // "the emergency clause": a part noun after a word that only one point's
            // text has names that point.
            if k >= 2
                && view.is(k, Class::PROVISION_NOUN)
                && matches!(lower[k - 2], "the" | "this" | "that")
                && let Some(target) = self.point_by_head(view, k - 1)
            {
                out.push(TargetMention {
                    target,
                    at: k - 1,
                    explicit: true,
                });
                k += 1;
                continue;
            }
            // A point by the name the article gave it before.
            if let Some((words, pt)) = self
                .point_names
                .iter()
                .find(|(w, _)| view.phrase_at(k, range.end, w))
            {
                out.push(TargetMention {
                    target: Target::Point(pt.clone()),
                    at: k,
                    explicit: true,
                });
                k += words.len();
                continue;
            }
            // A point by what it says: "the wealth tax" for a point about a wealth tax.
            if let Some((target, len)) = self.point_by_text(view, k, range.end) {
                out.push(TargetMention {
                    target,
                    at: k,
                    explicit: true,
                });
                k += len;
                continue;
            }
            // "the increase" for "the 18 percent toll increase": a definite noun
            // phrase whose head is the head of one proposal's name, and of no other's.
            if !view.is(k, Class::PROPOSAL_NOUN)
                && self.index.heads_filter.may_contain(lower[k])
                && let Some(id) = self.by_head_noun(view, k)
            {
                out.push(TargetMention {
                    target: Target::Proposal(id),
                    at: k,
                    explicit: true,
                });
                k += 1;
                continue;
            }
            // "the plan", "the Senate framework", "their own counterproposal".
            if view.is(k, Class::PROPOSAL_NOUN)
                && !view.actor_at(k)
                && let Some(id) = self.resolve_noun(view, k, lex)
            {
                out.push(TargetMention {
                    target: Target::Proposal(id),
                    at: k,
                    explicit: false,
                });
            }
            k += 1;
        }
        out
    }

    /// The one proposal whose name has the word at `k` as its head, in a definite
    /// noun phrase ("the increase", "the proposed increase") or an indefinite one
    /// whose modifiers are words of that proposal's name ("an 18 percent rise" for
    /// "the 18 percent toll increase", alias "toll rise").
    fn by_head_noun(&self, view: &Sentence<'_>, k: usize) -> Option<ProposalId> {
        if view.actor_at(k) {
            return None;
        }
        let det = (k.saturating_sub(3)..k).rev().find(|j| {
            matches!(&*view.lower[*j], "the" | "this" | "a" | "an") || view.breaks_after(*j)
        })?;
        if view.breaks_after(det) || (det + 1..k).any(|j| view.actor_at(j)) {
            return None;
        }
        let definite = matches!(view.lower[det], "the" | "this");
        if definite && k - det > 2 {
            return None;
        }
        let mut ids = self
            .index
            .heads
            .iter()
            .filter(|(h, _)| *h == view.lower[k])
            .map(|(_, id)| id);
        let first = ids.next()?;
        if !ids.all(|id| id == first) {
            return None;
        }
        let named_by_modifier = || {
            self.index
                .profiles
                .iter()
                .find(|p| &p.id == first)
                .is_some_and(|p| {
                    view.lower[det + 1..k].iter().any(|m| {
                        !says_nothing(m, &self.index.generic)
                            && p.stems.iter().any(|w| w == stem(m))
                    })
                })
        };
        (definite || named_by_modifier()).then(|| first.clone())
    }

    /// The proposal a bare "point N" belongs to: the one in focus if it has that
    /// point, else the last proposal that does, else the one in focus.
    fn owner_of_point(&self, n: u32) -> Option<ProposalId> {
        let has = |id: &ProposalId| {
            self.index
                .proposals
                .get(id)
                .is_some_and(|p| p.points.contains_key(&n))
        };
        if let Some(f) = self.focus.as_ref().filter(|f| has(f)) {
            return Some(f.clone());
        }
        self.index
            .proposals
            .keys()
            .rev()
            .find(|id| has(id))
            .cloned()
            .or_else(|| self.focus.clone())
    }

    /// A point of the proposal in focus (or any proposal) whose text's key words
    /// start at word `k`: two content words of the point in a row ("wealth tax",
    /// "regional elections").
    fn point_by_text(&self, view: &Sentence<'_>, k: usize, end: usize) -> Option<(Target, usize)> {
        // The cheap tests first: most words are short, or not a point's word.
        if self.index.point_stems.is_empty()
            || k + 1 >= end
            || view.in_quote[k] != view.in_quote[k + 1]
        {
            return None;
        }
        let amount = view.lower[k].bytes().any(|c| c.is_ascii_digit());
        if view.lower[k].len() < 4 && !amount
            || !self.index.point_stems.contains(stem(view.lower[k]))
            || says_nothing(view.lower[k], &self.index.generic)
        {
            return None;
        }
        let (a, b) = (stem(view.lower[k]), stem(view.lower[k + 1]));
        let in_focus = |pid: &ProposalId| Some(pid) == self.focus.as_ref();
        // Two key words of the point, not necessarily adjacent in its text nor in
        // its order: "a review after 12 months" for "Review of the arrangement after
        // 24 months", "pedestrian crossings" for "Crossing reopened to pedestrians".
        let pair = |(_, _, words): &&(ProposalId, u32, Vec<String>)| {
            a != b && words.iter().any(|w| w == a) && words.iter().any(|w| w == b)
        };
        let hit = self
            .index
            .points
            .iter()
            .filter(|p| in_focus(&p.0))
            .find(pair)
            .or_else(|| self.index.points.iter().find(pair));
        if let Some((pid, n, _)) = hit {
            return Some((Target::Point(PointId::new(pid.clone(), *n)), 2));
        }
        None
    }

    /// "the wealth tax in the red-green draft", "the exemption under the bill": a
    /// definite noun phrase tied by "in", "of" or "under" to a proposal names the
    /// point of that proposal whose text has the phrase's head noun. The phrase then
    /// names that point for the rest of the article.
    pub fn name_points(&mut self, view: &Sentence<'_>, all: &mut Vec<TargetMention>) {
        let mut found = Vec::new();
        for m in all.iter() {
            let Target::Proposal(pid) = &m.target else {
                continue;
            };
            let Some(points) = self.index.proposals.get(pid).map(|p| &p.points) else {
                continue;
            };
            if points.is_empty() {
                continue;
            }
            // "in the red-green draft": the preposition before the proposal's phrase.
            let Some(prep) = (m.at.saturating_sub(3)..m.at).rev().find(|k| {
                matches!(&*view.lower[*k], "in" | "of" | "under") && !view.breaks_after(*k)
            }) else {
                continue;
            };
            let Some(head) = prep.checked_sub(1) else {
                continue;
            };
            let Some(the) = (head.saturating_sub(3)..head)
                .rev()
                .find(|k| view.lower[*k] == "the")
            else {
                continue;
            };
            let h = view.lower[head];
            let telling = h.len() >= 3
                && h.chars().all(char::is_alphabetic)
                && !says_nothing(h, &self.index.generic)
                && !VAGUE.contains(&h)
                && !view.is(head, Class::PORTION_NOUN)
                && !view.is(head, Class::PROPOSAL_NOUN)
                && !(the..=head).any(|k| view.breaks_after(k) || view.actor_at(k));
            if !telling || all.iter().any(|o| o.at >= the && o.at <= head) {
                continue;
            }
            let mut with_head = points.iter().filter(|(_, pt)| {
                content_words(&pt.text, &self.index.generic)
                    .iter()
                    .any(|w| w == h)
            });
            let (Some((n, _)), None) = (with_head.next(), with_head.next()) else {
                continue;
            };
            let words: Vec<String> = view.lower[the + 1..=head]
                .iter()
                .map(|w| w.to_string())
                .collect();
            found.push((words, PointId::new(pid.clone(), *n), the + 1));
        }
        for (words, pt, at) in found {
            all.push(TargetMention {
                target: Target::Point(pt.clone()),
                at,
                explicit: true,
            });
            if !self.point_names.iter().any(|(w, _)| *w == words) {
                self.point_names.push((words, pt));
            }
        }
        all.sort_by_key(|m| m.at);
    }

    /// The point whose text has the word at `head` ("ruled out a referendum" for
    /// "Referendum on the status after ten years"): the head noun of a cue's object
    /// that names no proposal. A word of several points names none of them, unless
    /// just one is of the proposal in focus.
    pub fn point_by_head(&self, view: &Sentence<'_>, head: usize) -> Option<Target> {
        let w = view.lower.get(head)?;
        if w.len() < 5
            || !w.chars().all(char::is_alphabetic)
            || !self.index.point_stems.contains(stem(w))
        {
            return None;
        }
        let has = |p: &&(ProposalId, u32, Vec<String>)| p.2.iter().any(|x| x == stem(w));
        let in_focus = |p: &&(ProposalId, u32, Vec<String>)| Some(&p.0) == self.focus.as_ref();
        let focused = self
            .index
            .points
            .iter()
            .filter(has)
            .filter(in_focus)
            .count();
        let (pid, n, _) = if focused == 1 {
            self.index.points.iter().filter(has).find(in_focus)?
        } else if self.index.points.iter().filter(has).count() == 1 {
            self.index.points.iter().find(has)?
        } else {
            return None;
        };
        Some(Target::Point(PointId::new(pid.clone(), *n)))
    }

    /// Which proposal "the <modifiers> <noun>" at word `k` means: the one whose title,
    /// aliases and proponent share the most modifiers; a counterproposal or revision
    /// when the words say so; the proposal in focus when nothing distinguishes.
    fn resolve_noun(&self, view: &Sentence<'_>, k: usize, lex: &Vocab) -> Option<ProposalId> {
        let lower = &view.lower;
        let start = (k.saturating_sub(5)..k)
            .rev()
            .find(|j| {
                matches!(
                    &*lower[*j],
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "this"
                        | "that"
                        | "any"
                        | "own"
                ) || view.is(*j, Class::COUNTER_WORD)
                    || view.breaks_after(*j)
            })
            .unwrap_or(k.saturating_sub(3));
        let determiner = lower.get(start).map(|w| &**w);
        // "any budget", "a deal": not a reference to a particular proposal, unless
        // the words after it say which ("a plan to merge the two hospitals"); the
        // noun itself says nothing then.
        let indefinite = matches!(determiner, Some("any" | "a" | "an" | "every" | "no"));
        let modifiers: Vec<&str> = lower[start..k]
            .iter()
            .map(|w| &**w)
            .chain((!indefinite).then_some(lower[k]))
            .collect();
        let mut modifiers = modifiers;
        if indefinite {
            let end = (k + 1..(k + 8).min(lower.len()))
                .find(|j| view.breaks_after(*j - 1))
                .unwrap_or((k + 8).min(lower.len()));
            modifiers.extend(lower[k + 1..end].iter().map(|w| &**w));
        }
        let counter = modifiers.iter().any(|m| lex.counter_words.contains(*m));
        let revision = modifiers.iter().any(|m| lex.revision_words.contains(*m));
        // "the original five-year ban": the proposal the others revise or answer.
        let original = modifiers
            .iter()
            .any(|m| lex.class_of(m).has(Class::ORIGINAL_WORD));
        let mut best: Option<(f64, &ProposalId)> = None;
        for p in &self.index.profiles {
            let mut score = 0.0;
            for m in &modifiers {
                if !says_nothing(m, &self.index.generic) && p.stems.iter().any(|w| w == stem(m)) {
                    score += 1.0;
                }
            }
            // The noun itself in its own title or alias ("U.S. proposal", "Solidarity
            // Pool proposal") says which proposal "the proposal" is. A counterproposal
            // or revision is named by what sets it apart ("the lorries-only plan"), so
            // its noun alone does not take a bare "the plan" from the original.
            // "any budget", "a deal": the bare noun names no particular proposal.
            let distinguished = score > 0.0;
            let own_noun = p.own.iter().any(|w| *w == lower[k])
                && (!p.derived || counter || revision || distinguished)
                && !indefinite;
            if own_noun {
                score += 1.5;
            } else if !indefinite && p.own.iter().any(|w| lex.are_kin(w, lower[k])) {
                // "the deal" for the agreement rather than the offer.
                score += 1.0;
            }
            if (counter || revision) && p.derived || original && !p.derived {
                score += 2.0;
            }
            if (counter || revision) && !p.derived
                || !(counter || revision) && p.derived && !distinguished
            {
                score -= 1.0;
            }
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, &p.id));
            }
        }
        match best {
            Some((s, _)) if indefinite && s < 1.0 => None,
            Some((s, id)) if s > 0.0 => Some(id.clone()),
            // Nothing distinguishes it: a definite "the plan" or "it" is the one in focus.
            _ if !counter
                && !revision
                && matches!(
                    determiner,
                    Some("the" | "its" | "this" | "that" | "their" | "his" | "her")
                ) =>
            {
                // A rival text is named as such ("the counterplan"); a bare "the
                // draft" while a counterproposal is in focus is the original.
                let focus = self
                    .focus
                    .as_ref()
                    .and_then(|f| self.index.proposals.get(f).map(|p| (f, p)));
                match focus {
                    Some((_, p)) if p.counter_to.is_some() => p.counter_to.clone(),
                    Some((f, _)) => Some(f.clone()),
                    None => None,
                }
            }
            _ => None,
        }
    }

    /// The words of the sentence that restate a claim, as a range of at most 12 words.
    pub fn claim_words(&self, view: &Sentence<'_>, id: &ClaimId) -> Option<(usize, usize)> {
        let words: Vec<String> =
            content_words(&self.index.claims.get(id)?.text, &self.index.generic);
        let hits: Vec<usize> = (0..view.lower.len())
            .filter(|k| words.iter().any(|w| stem(w) == stem(view.lower[*k])))
            .collect();
        let first = *hits.first()?;
        let last = hits.iter().copied().filter(|k| *k < first + 12).max()? + 1;
        Some((first, last))
    }

    /// The claims a sentence restates: those with at least half of their words in
    /// it (a third when the sentence speaks of "the claim" or "the suggestion").
    pub fn claims_in(&self, view: &Sentence<'_>) -> Vec<ClaimId> {
        let sentence: Vec<&str> = view.lower.iter().map(|w| stem(w)).collect();
        let flagged = view.class.iter().any(|c| c.has(Class::CLAIM_NOUN));
        let threshold = if flagged { 0.5 } else { 0.6 };
        let mut out = Vec::new();
        if self.index.claim_words.is_empty() {
            return out;
        }
        for (id, words) in &self.index.claim_words {
            if words.is_empty() {
                continue;
            }
            let hits = words
                .iter()
                .filter(|w| sentence.contains(&w.as_str()))
                .count();
            let share = hits as f64 / words.len() as f64;
            // Long claims are restated in part: most of their key words will do.
            if (share >= threshold && hits >= 2) || (hits >= 4 && share >= 0.45) {
                out.push(id.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::testing::with_sentence;
    use crate::model::Document;

    fn index(titles: &[(&str, &[&str])]) -> TargetIndex {
        let proposals = titles
            .iter()
            .map(|(title, aliases)| {
                let mut p = Proposal::new((*title).to_owned());
                p.aliases = aliases.iter().map(|a| (*a).to_owned()).collect();
                (ProposalId::from_text(title), p)
            })
            .collect();
        TargetIndex::new(
            proposals,
            IndexMap::new(),
            &|_| Vec::new(),
            &Vocab::new(&crate::extract::Lexicon::default()),
        )
    }

    /// The targets `text` names, as (id, named outright).
    fn named(targets: &mut Targets<'_>, text: &str) -> Vec<(String, bool)> {
        with_sentence(text, &Document::default(), |s, lex, _| {
            targets
                .in_sentence(s, lex)
                .into_iter()
                .map(|m| (m.target.to_string(), m.explicit))
                .collect()
        })
    }

    #[test]
    fn a_title_or_alias_names_its_proposal_and_the_plan_is_the_one_in_focus() {
        let index = index(&[
            ("Harbour Expansion Plan", &["harbour plan"]),
            ("Fisheries Quota Bill", &[]),
        ]);
        let mut targets = Targets::over(&index);
        assert_eq!(
            named(&mut targets, "The council debated the harbour plan."),
            [("harbour-expansion-plan".to_owned(), true)]
        );
        let all = with_sentence(
            "Lawmakers passed the Fisheries Quota Bill.",
            &Document::default(),
            |s, lex, _| targets.in_sentence(s, lex),
        );
        targets.update_focus(&all);
        assert_eq!(
            targets.focus.as_ref().map(ProposalId::as_str),
            Some("fisheries-quota-bill")
        );
        let resolved = named(&mut targets, "Critics said the bill was rushed.");
        assert_eq!(resolved, [("fisheries-quota-bill".to_owned(), false)]);
    }

    #[test]
    fn a_proposal_an_article_introduces_stays_in_that_article() {
        let index = index(&[]);
        let mut first = Targets::over(&index);
        let speaker = None;
        with_sentence(
            "The union unveiled a 12-point strike plan on Monday.",
            &Document::default(),
            |s, _, _| first.discover(s, speaker, &|_| None),
        );
        assert_eq!(first.new.len(), 1, "{:?}", first.proposals().keys());
        assert_eq!(first.focus.as_ref(), first.new.first());
        // The shared index is untouched: the next article starts without it.
        assert!(Targets::over(&index).proposals().is_empty());
    }
}
