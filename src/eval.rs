//! Scoring extraction against annotated articles.
//!
//! An annotation is a stancegraph graph of the article. The extractor reads the
//! article against the annotation's actors, proposals and claims (never its
//! statements), and is scored on unique (actor, target, stance) triples: precision,
//! recall and F1, with every miss and every false hit listed so that a change to
//! the extractor can be judged by what it gets right and wrong, not only by a figure.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::extract::lexicon::Lexicon;
use crate::extract::{Article, Extractor, gazetteer_of};
use crate::model::{ActorId, Document, Stance, Statement, Target};
use crate::store;

/// The hard cases an evaluation article can exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tag {
    /// "according to ...", "told the group", "in a statement", "described the plan as".
    NoQuoteAttribution,
    /// "he/she/they said" resolved to a named actor.
    Pronoun,
    /// "the chancellor", "the spokesperson" resolved to a named actor.
    RoleNoun,
    /// Single quotes inside double quotes.
    NestedQuote,
    /// A quote split by its attribution.
    SplitQuote,
    /// Curly quote marks.
    CurlyQuotes,
    /// Abbreviations, initials and decimals that do not end sentences.
    Abbreviation,
    /// "it", "the plan", "the draft" resolved to the proposal in focus.
    ProposalCoref,
    /// A plan and its revision or counterproposal kept apart.
    TwoProposals,
    /// "did not reject", "would not support".
    Negation,
    /// "a basis for", "highly skeptical", "welcomed ... but".
    Hedge,
    /// Support for a country, "declined to say", consultations: no stance.
    Distractor,
    /// One person under several spellings.
    Spelling,
    /// A statement relayed by someone else.
    Relayed,
    /// A spokesperson speaking for a principal.
    Spokesperson,
    /// Junk after the story.
    Boilerplate,
}

impl Tag {
    /// Every tag.
    pub const ALL: [Tag; 16] = [
        Tag::NoQuoteAttribution,
        Tag::Pronoun,
        Tag::RoleNoun,
        Tag::NestedQuote,
        Tag::SplitQuote,
        Tag::CurlyQuotes,
        Tag::Abbreviation,
        Tag::ProposalCoref,
        Tag::TwoProposals,
        Tag::Negation,
        Tag::Hedge,
        Tag::Distractor,
        Tag::Spelling,
        Tag::Relayed,
        Tag::Spokesperson,
        Tag::Boilerplate,
    ];
}

/// Which part of the annotated set an article belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Split {
    /// Used to tune the extractor.
    Tune,
    /// Never used for tuning; reported separately.
    Heldout,
}

/// One entry of an annotated set's `index.ron`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// `NAME`: the article is `NAME.txt`, its annotation `NAME.ron`.
    pub name: String,
    /// Tune or held out.
    pub split: Split,
    /// The hard cases it exercises.
    pub tags: Vec<Tag>,
}

/// An annotated set: `index.ron` listing the articles of a folder.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Index {
    /// The articles.
    pub articles: Vec<Entry>,
}

impl Index {
    /// Reads `DIR/index.ron`.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join("index.ron");
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        ron::Options::default()
            .from_str(&text)
            .map_err(|e| Error::Syntax {
                path,
                line: e.span.start.line,
                col: e.span.start.col,
                message: e.code.to_string(),
            })
    }
}

/// A unique (actor, target, stance) triple, as scored.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triple {
    /// The speaker.
    pub actor: ActorId,
    /// The target.
    pub target: Target,
    /// The stance.
    pub stance: Stance,
}

/// A triple with the evidence behind it, for the lists of misses and false hits.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The article.
    pub article: String,
    /// The triple.
    pub triple: Triple,
    /// The evidence quote.
    pub quote: String,
    /// For extracted statements: the cue and pattern.
    pub why: Option<String>,
}

impl fmt::Display for Scored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} -> {}: {} \u{201c}{}\u{201d}",
            self.article, self.triple.actor, self.triple.target, self.triple.stance, self.quote
        )?;
        if let Some(why) = &self.why {
            write!(f, " [{why}]")?;
        }
        Ok(())
    }
}

/// Scores over one or more articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Articles read.
    pub articles: usize,
    /// Extracted triples that match a gold one.
    pub true_positives: usize,
    /// Gold triples.
    pub gold: usize,
    /// Extracted triples.
    pub extracted: usize,
    /// Gold triples the extractor missed.
    pub misses: Vec<Scored>,
    /// Extracted triples with no gold counterpart.
    pub false_hits: Vec<Scored>,
    /// Extracted statements whose span is not a sentence of the article.
    pub bad_spans: Vec<String>,
}

impl Score {
    /// Share of extracted triples that are right.
    pub fn precision(&self) -> f64 {
        if self.extracted == 0 {
            0.0
        } else {
            self.true_positives as f64 / self.extracted as f64
        }
    }

    /// Share of gold triples found.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.true_positives as f64 / self.gold as f64
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Score) {
        self.articles += other.articles;
        self.true_positives += other.true_positives;
        self.gold += other.gold;
        self.extracted += other.extracted;
        self.misses.extend(other.misses);
        self.false_hits.extend(other.false_hits);
        self.bad_spans.extend(other.bad_spans);
    }

    /// One line: the figures.
    pub fn summary(&self) -> String {
        format!(
            "{} article{}: precision {:.3}, recall {:.3}, F1 {:.3} ({} of {} gold triples found, {} extracted)",
            self.articles,
            if self.articles == 1 { "" } else { "s" },
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_positives,
            self.gold,
            self.extracted
        )
    }
}

fn triples(doc: &Document, article: &str, extracted: bool) -> Vec<(Triple, Scored)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for s in doc.statements.values() {
        let t = Triple {
            actor: s.actor.clone(),
            target: s.target.clone(),
            stance: s.stance,
        };
        if seen.insert(t.clone()) {
            out.push((t.clone(), scored(article, t, s, extracted)));
        }
    }
    out
}

fn scored(article: &str, triple: Triple, s: &Statement, extracted: bool) -> Scored {
    Scored {
        article: article.to_owned(),
        triple,
        quote: s
            .evidence
            .as_ref()
            .map(|e| e.quote.clone())
            .unwrap_or_default(),
        why: match (&s.origin, extracted) {
            (crate::model::Origin::Extracted { cue, pattern, .. }, true) => {
                Some(format!("cue `{cue}`, {pattern}"))
            }
            _ => None,
        },
    }
}

/// True when an extracted actor is the gold one: same id, or a shared spelling.
fn same_actor(gold: &Document, found: &Document, g: &ActorId, f: &ActorId) -> bool {
    if g == f {
        return true;
    }
    let (Some(ga), Some(fa)) = (gold.actors.get(g), found.actors.get(f)) else {
        return false;
    };
    ga.names()
        .any(|gn| fa.names().any(|fname| gn.eq_ignore_ascii_case(fname)))
}

fn same_target(gold: &Document, found: &Document, g: &Target, f: &Target) -> bool {
    let proposal_same = |a: &crate::model::ProposalId, b: &crate::model::ProposalId| {
        a == b
            || match (gold.proposals.get(a), found.proposals.get(b)) {
                (Some(pa), Some(pb)) => std::iter::once(&pa.title).chain(&pa.aliases).any(|x| {
                    std::iter::once(&pb.title)
                        .chain(&pb.aliases)
                        .any(|y| x.eq_ignore_ascii_case(y))
                }),
                _ => false,
            }
    };
    match (g, f) {
        (Target::Proposal(a), Target::Proposal(b)) => proposal_same(a, b),
        (Target::Point(a), Target::Point(b)) => {
            a.n == b.n && proposal_same(&a.proposal, &b.proposal)
        }
        (Target::Claim(a), Target::Claim(b)) => a == b,
        _ => false,
    }
}

/// Scores one extraction against its gold graph.
pub fn score(article: &str, text: &str, gold: &Document, found: &Document) -> Score {
    let gold_triples = triples(gold, article, false);
    let found_triples = triples(found, article, true);
    let mut matched = vec![false; gold_triples.len()];
    let mut score = Score {
        articles: 1,
        gold: gold_triples.len(),
        extracted: found_triples.len(),
        ..Score::default()
    };
    for (t, s) in found_triples {
        let hit = gold_triples.iter().enumerate().position(|(i, (g, _))| {
            !matched[i]
                && g.stance == t.stance
                && same_actor(gold, found, &g.actor, &t.actor)
                && same_target(gold, found, &g.target, &t.target)
        });
        match hit {
            Some(i) => {
                matched[i] = true;
                score.true_positives += 1;
            }
            None => score.false_hits.push(s),
        }
    }
    score.misses = gold_triples
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|((_, s), _)| s)
        .collect();
    let chars: Vec<char> = text.chars().collect();
    for (id, s) in &found.statements {
        let Some((a, b)) = s.evidence.as_ref().and_then(|e| e.span) else {
            continue;
        };
        let ok = b <= chars.len() && a < b && {
            let sentence: String = chars[a..b].iter().collect();
            s.evidence
                .as_ref()
                .is_some_and(|e| sentence.contains(&e.quote))
                && (a == 0 || chars[a - 1].is_whitespace())
                && (b == chars.len() || chars[b].is_whitespace())
        };
        if !ok {
            score
                .bad_spans
                .push(format!("{article}: statement `{id}` span ({a}, {b})"));
        }
    }
    score
}

/// Extracts one article against its gold graph's gazetteer and scores it.
pub fn evaluate(article_path: &Path, gold_path: &Path, lexicon: &Lexicon) -> Result<Score> {
    let text = std::fs::read_to_string(article_path).map_err(|source| Error::Io {
        path: article_path.to_owned(),
        source,
    })?;
    let gold = store::read(gold_path)?.doc;
    let (source, published) = gold
        .sources
        .iter()
        .next()
        .map(|(id, s)| (id.clone(), s.published))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: the annotation has no source",
                gold_path.display()
            ))
        })?;
    let base = gazetteer_of(&gold);
    let extractor = Extractor::new(Some(&base), lexicon.clone());
    let found = extractor.extract(&Article {
        text: &text,
        source,
        url: None,
        published,
    });
    let name = article_path.file_stem().map_or_else(
        || article_path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(score(&name, &text, &gold, &found))
}

/// Scores of an annotated folder, by split.
#[derive(Clone, Debug, Default)]
pub struct SetScore {
    /// The tuning split.
    pub tune: Score,
    /// The held-out split.
    pub heldout: Score,
}

/// Evaluates every article of an annotated folder (`index.ron` plus `NAME.txt` and
/// `NAME.ron` pairs).
pub fn evaluate_set(dir: &Path, lexicon: &Lexicon) -> Result<SetScore> {
    let index = Index::load(dir)?;
    let mut out = SetScore::default();
    for e in &index.articles {
        let s = evaluate(
            &dir.join(format!("{}.txt", e.name)),
            &dir.join(format!("{}.ron", e.name)),
            lexicon,
        )?;
        match e.split {
            Split::Tune => out.tune.add(s),
            Split::Heldout => out.heldout.add(s),
        }
    }
    Ok(out)
}

/// The annotated set shipped with the project.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from("tests/fixtures/articles")
}
