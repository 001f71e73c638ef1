//! Extraction: from news articles to draft statements, with evidence.
//!
//! The extractor is rule-based, deterministic and explainable. It reads an article
//! sentence by sentence: who is named (known actors by name, alias, surname or a
//! close misspelling; new ones from titles and group nouns), who speaks (verbs of
//! saying, "according to", pronouns and role nouns resolved to the last fitting
//! actor), what about (a proposal by name, "the plan" resolved to the proposal in
//! focus, a point, a claim), and with what stance (cues from the lexicon, turned by
//! negation). Each statement records the cue and the attribution pattern that
//! produced it, and a confidence.

mod actors;
mod attribution;
mod contracts;
mod filter;
pub mod lexicon;
mod memory;
mod mentions;
mod stance;
mod targets;
mod text;

pub use crate::merge::{MergeReport, Merger, merge};

use rustc_hash::FxHashMap as HashMap;

use indexmap::IndexMap;

use crate::model::{
    Actor, ActorId, ActorKind, Affiliation, Attribution, Date, Document, Evidence, Origin, Pattern,
    Proposal, ProposalId, Relation, Source, SourceId, Stance, Statement, StatementId, Target,
};
use actors::Gazetteer;
use contracts::{NewActor, Sentence, Speaker, StanceCall, TargetMention, Who};
use lexicon::{Class, Lexicon, Vocab};
use memory::Discourse;
use targets::Targets;
use text::{norm_owned, sentences, story_end};

pub use lexicon::DEFAULT_LEXICON;

/// One article to read, with what is known about its source.
#[derive(Clone, Debug)]
pub struct Article<'a> {
    /// The text (UTF-8; the first line may be a headline).
    pub text: &'a str,
    /// The source id the statements' evidence will cite.
    pub source: SourceId,
    /// Where it can be read, if known.
    pub url: Option<String>,
    /// When it was published; relative dates resolve against it.
    pub published: Option<Date>,
}

/// Reads articles against a base graph's actors, proposals and claims.
#[derive(Clone, Debug)]
pub struct Extractor {
    vocab: Vocab,
    gazetteer: Gazetteer,
    targets: Targets,
    sources: IndexMap<SourceId, Source>,
}

impl Extractor {
    /// An extractor whose gazetteer is `base` (its actors, aliases, proposals and
    /// claims; its statements are not used), reading with `lexicon`.
    pub fn new(base: Option<&Document>, lexicon: Lexicon) -> Self {
        let empty = Document::default();
        let base = base.unwrap_or(&empty);
        let gazetteer = Gazetteer::from_document(base);
        let proponent_words =
            |id: &ActorId| gazetteer.actor(id).map(actor_words).unwrap_or_default();
        let targets = Targets::new(
            base.proposals.clone(),
            base.claims.clone(),
            &proponent_words,
        );
        Self {
            vocab: Vocab::new(&lexicon),
            targets,
            gazetteer,
            sources: base.sources.clone(),
        }
    }

    /// Extracts the statements of one article: a document holding the new
    /// statements and the actors, proposals, claims and source they refer to.
    pub fn extract(&self, article: &Article<'_>) -> Document {
        let mut reader = Reader::new(self, article);
        reader.read();
        reader.finish()
    }
}

/// What makes two extracted statements the same: actor, target, stance, sentence.
type StatementKey = (ActorId, Target, Stance, Option<(usize, usize)>);

/// Sentences longer than this are skipped as not prose.
const MAX_SENTENCE_BYTES: usize = 3_000;

/// Words naming an actor: its names and titles ("governor", "trent").
fn actor_words(a: &Actor) -> Vec<String> {
    a.names()
        .chain(a.titles.iter().map(|w| &**w))
        .flat_map(|n| n.split_whitespace().map(norm_owned).collect::<Vec<_>>())
        .map(|w| match w.as_str() {
            "gov." => "governor".to_owned(),
            _ => w,
        })
        .collect()
}

/// Reads one article.
struct Reader<'e, 'a> {
    ex: &'e Extractor,
    article: &'e Article<'a>,
    local: Gazetteer,
    targets: Targets,
    past: Discourse,
    new_actors: IndexMap<ActorId, Actor>,
    statements: Vec<(StatementId, Statement)>,
    counters: HashMap<String, usize>,
    /// Spellings seen for known actors that their names do not list ("Zelenksyy").
    spellings: Vec<(ActorId, String)>,
    /// (actor, target, stance, span) of every statement so far, to drop repeats.
    seen: rustc_hash::FxHashSet<StatementKey>,
}

impl<'e, 'a> Reader<'e, 'a> {
    fn new(ex: &'e Extractor, article: &'e Article<'a>) -> Self {
        Self {
            ex,
            article,
            local: Gazetteer::default(),
            targets: ex.targets.clone(),
            past: Discourse::default(),
            new_actors: IndexMap::new(),
            statements: Vec::new(),
            counters: HashMap::default(),
            spellings: Vec::new(),
            seen: rustc_hash::FxHashSet::default(),
        }
    }

    fn read(&mut self) {
        let story = &self.article.text[..story_end(self.article.text)];
        // Character offsets advance with the sentences, so spans cost one pass.
        let mut chars_before = 0usize;
        let mut bytes_before = 0usize;
        // In ASCII text, characters are bytes and need no counting.
        let ascii = story.is_ascii();
        let mut last_speaker_paragraph: Option<(usize, Speaker)> = None;
        // The first line is a headline only when a story follows it.
        let has_body = story.trim_end().contains('\n');
        let mut lowered = String::new();
        for s in sentences(story) {
            let count = |text: &str| {
                if ascii {
                    text.len()
                } else {
                    text.chars().count()
                }
            };
            chars_before += count(&story[bytes_before..s.start]);
            bytes_before = s.start;
            let span = (chars_before, chars_before + count(s.text));
            // A "sentence" of thousands of characters is not prose (a table, a dump,
            // a line with no full stops): reading it would cost much and yield noise.
            if s.text.len() > MAX_SENTENCE_BYTES {
                continue;
            }
            let mut view = mentions::read(
                s.text,
                &mut lowered,
                &self.ex.vocab,
                [&self.ex.gazetteer, &self.local],
            );
            view.span = span;
            view.paragraph = s.paragraph;
            let all = self.targets_in(&view);
            if s.paragraph == 0 && has_body {
                // The headline sets the focus but is no one's statement.
                self.update_focus(&all);
                self.discover_proposal(&view, None);
                continue;
            }
            let lex = &self.ex.vocab;
            // Blockers are matched word for word from a word that starts one.
            let blocked = (0..view.words.len())
                .filter(|k| view.is(*k, Class::BLOCKER_START))
                .any(|k| {
                    lex.blockers
                        .iter()
                        .any(|b| view.phrase_at(k, view.words.len(), b))
                });
            let mut speaker = attribution::speaker(
                &view,
                &attribution::Context {
                    lex,
                    known: &self.ex.gazetteer,
                    past: &self.past,
                },
            );
            if speaker.is_none() {
                // A quotation on its own continues the last speaker's words.
                if let Some((p, prev)) = &last_speaker_paragraph {
                    let starts_quoted = view.in_quote.first() == Some(&true);
                    if *p == s.paragraph && starts_quoted {
                        let mut cont = prev.clone();
                        cont.pattern = Pattern::QuoteContinues;
                        cont.resolved = true;
                        speaker = Some(cont);
                    }
                }
            }
            if speaker.is_none() {
                speaker = subject_action(&view, lex);
            }
            if let Some(sp) = speaker.as_mut() {
                let id = self.register(sp);
                sp.who = Who::Known(id);
                last_speaker_paragraph = Some((s.paragraph, sp.clone()));
            }
            let new_before = self.targets.new.len();
            self.discover_proposal(&view, speaker.as_ref());
            if let (Some(sp), false) = (&speaker, blocked) {
                // A proposal found in this sentence is only now a target.
                let all = if self.targets.new.len() > new_before {
                    self.targets_in(&view)
                } else {
                    all
                };
                self.state_findings(&view, sp, &all);
                self.update_focus(&all);
            } else {
                self.update_focus(&all);
            }
            self.update_discourse(&view, speaker.as_ref());
        }
    }

    /// The targets the sentence names, points named by the article's own phrases
    /// included.
    fn targets_in(&mut self, view: &Sentence<'_>) -> Vec<TargetMention> {
        let mut all = self
            .targets
            .mentioned(view, 0..view.words.len(), &self.ex.vocab);
        self.targets.name_points(view, &mut all);
        all
    }

    /// Makes sure the speaker is a known actor, adding a new one (with the spelling
    /// seen) when the text introduced it, and returns its id.
    fn register(&mut self, sp: &Speaker) -> ActorId {
        let n: &NewActor = match &sp.who {
            Who::Known(id) => return id.clone(),
            Who::New(n) => n,
        };
        if let Some(id) = self
            .local
            .lookup(&n.name)
            .or_else(|| self.ex.gazetteer.lookup(&n.name))
        {
            return id.clone();
        }
        let id = ActorId::from_text(&n.name);
        let mut actor = Actor::new(n.name.clone(), n.kind);
        if let Some(t) = &n.title {
            actor.titles.push(t.clone());
        }
        if let Some(p) = &sp.principal {
            actor
                .affiliations
                .push(Affiliation::new(Relation::SpeaksFor, p.clone()));
        }
        self.local.add(id.clone(), actor.clone());
        self.new_actors.insert(id.clone(), actor);
        id
    }

    fn update_focus(&mut self, all: &[TargetMention]) {
        if let Some(m) = all.iter().rev().find(|m| m.explicit) {
            if let Target::Proposal(p) | Target::Point(crate::model::PointId { proposal: p, .. }) =
                &m.target
            {
                self.targets.focus = Some(p.clone());
            }
        }
    }

    fn update_discourse(&mut self, view: &Sentence<'_>, speaker: Option<&Speaker>) {
        for m in view
            .mentions
            .iter()
            .filter(|m| m.how != contracts::How::Surname)
        {
            let surface = actors::without_possessive(&m.surface);
            let known = self
                .local
                .actor(&m.actor)
                .or_else(|| self.ex.gazetteer.actor(&m.actor))
                .is_some_and(|a| a.names().any(|n| n.eq_ignore_ascii_case(surface)));
            if !known
                && !self
                    .spellings
                    .iter()
                    .any(|(a, s)| a == &m.actor && s == surface)
            {
                self.spellings.push((m.actor.clone(), surface.to_owned()));
            }
        }
        for m in &view.mentions {
            let actor = self
                .local
                .actor(&m.actor)
                .or_else(|| self.ex.gazetteer.actor(&m.actor));
            self.past.saw(&m.actor, actor);
        }
        if let Some(Speaker {
            who: Who::Known(id),
            ..
        }) = speaker
        {
            let actor = self.local.actor(id).or_else(|| self.ex.gazetteer.actor(id));
            self.past.saw(id, actor);
            self.past.last_speaker = Some(id.clone());
            if actor.is_some_and(|a| a.kind == ActorKind::Person) {
                self.past.last_person = Some(id.clone());
            }
        }
    }

    /// Without a known proposal to read against, the first proposal named with a
    /// distinctive modifier ("a 28-point peace plan") becomes one; "their own
    /// counterproposal" becomes a counterproposal to the one in focus.
    fn discover_proposal(&mut self, view: &Sentence<'_>, speaker: Option<&Speaker>) {
        // Only a counterproposal can be new once proposals are known.
        if !self.targets.proposals.is_empty()
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
                let Some(original) = self.targets.focus.clone() else {
                    continue;
                };
                if self
                    .targets
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
                            Who::Known(id) => self.ex.gazetteer.actor(id).map(|a| a.name.clone()),
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
                self.add_proposal(&title, p);
                return;
            }
            let distinctive = modifiers.iter().any(|m| {
                m.text.contains("-point")
                    || (m.is_capitalized() && !title_case)
                    || m.text.chars().any(|c| c.is_ascii_digit())
            });
            if self.targets.proposals.is_empty() && distinctive {
                let title = view.text[view.words[start].start..view.words[k].end]
                    .trim_start_matches("the ")
                    .to_owned();
                self.add_proposal(&title, Proposal::new(title.clone()));
                return;
            }
        }
    }

    fn add_proposal(&mut self, title: &str, p: Proposal) {
        let id = ProposalId::from_text(title);
        if self.targets.proposals.contains_key(&id) {
            return;
        }
        self.targets.add(id, p);
    }

    /// Finds the stances in a sentence whose speaker is known, and records them.
    fn state_findings(&mut self, view: &Sentence<'_>, sp: &Speaker, all_targets: &[TargetMention]) {
        let lex = &self.ex.vocab;
        let all_targets = &within_points(view, all_targets);
        let mut findings: Vec<StanceCall> = Vec::new();
        // Claims the sentence restates: denied, doubted, or asserted.
        let mut claims = self.targets.claims_in(view);
        if let Some(c) = claims.last() {
            self.targets.claim_focus = Some(c.clone());
        } else if let Some(c) = &self.targets.claim_focus {
            // "repeated that claim", "dismissed the warnings": the claim last restated.
            let refers = view.lower.windows(2).any(|w| {
                matches!(w[0], "that" | "the" | "this" | "those" | "these")
                    && matches!(
                        w[1],
                        "claim"
                            | "claims"
                            | "warning"
                            | "warnings"
                            | "allegation"
                            | "allegations"
                            | "assertion"
                            | "charge"
                            | "estimate"
                            | "estimates"
                            | "forecast"
                    )
            }) || view.lower.windows(3).any(|w| {
                matches!(w[0], "the" | "those")
                    && matches!(
                        w[2],
                        "claim" | "claims" | "warnings" | "allegations" | "estimate" | "forecast"
                    )
            });
            if refers {
                claims.push(c.clone());
            }
        }
        let denial = view.lower.iter().any(|w| {
            matches!(
                *w,
                "denied"
                    | "denies"
                    | "deny"
                    | "false"
                    | "untrue"
                    | "rejected"
                    | "rejects"
                    | "dismissed"
            )
        }) || view
            .lower
            .windows(2)
            .any(|w| w[0] == "pushed" && w[1] == "back");
        for claim in &claims {
            let cues = stance::cues(view, 0..view.words.len(), lex);
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
            let (first, last) = self
                .targets
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
            });
        }
        let clauses = clauses(view);
        // Relative clauses, whose targets are no fallback for the main clause's cues.
        let relative: Vec<std::ops::Range<usize>> = clauses
            .iter()
            .filter(|r| matches!(view.lower.get(r.start).map(|w| &**w), Some("which" | "who")))
            .cloned()
            .collect();
        let mut subject: Option<ActorId> = None;
        for range in clauses {
            // "..., while Dalmirra gave it a guarded reception and ruled out ...": the
            // "and" clause keeps the contrast clause's subject.
            if view.lower.get(range.start).is_none_or(|w| *w != "and") {
                subject = attribution::contrast_subject(view, lex, &range)
                    .filter(|s| !matches!(&sp.who, Who::Known(id) if id == s));
            }
            let cues = stance::cues(view, range.clone(), lex);
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
                        .and_then(|h| self.targets.point_by_head(view, h))
                        .map(|target| (target, true))
                } else {
                    None
                };
                if by_head.is_none() && named.is_none() && other_object(view, cue.last, &here) {
                    continue;
                }
                let focus = || {
                    self.targets
                        .focus
                        .clone()
                        .map(|f| (Target::Proposal(f), false))
                };
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
                };
                // Per target, the surest cue wins; on a tie, the more negative one.
                match per_target.iter_mut().find(|f| f.target == finding.target) {
                    Some(f)
                        if finding.confidence > f.confidence
                            || (finding.confidence == f.confidence
                                && finding.stance < f.stance) =>
                    {
                        *f = finding
                    }
                    Some(_) => {}
                    None => per_target.push(finding),
                }
            }
            findings.extend(per_target);
        }
        let Who::Known(actor) = &sp.who else { return };
        // Conditions go with support only.
        let conditions = if findings.iter().any(|f| f.stance == Stance::Support) {
            conditions_in(view, lex)
        } else {
            Vec::new()
        };
        for f in findings {
            let (actor, pattern) = match &f.subject {
                Some(s) => (s, Pattern::ContrastSubject),
                None => (actor, sp.pattern),
            };
            let attribution = match (f.quoted, pattern.is_inferred()) {
                (_, true) => Attribution::Inferred,
                (true, false) => Attribution::DirectQuote,
                (false, false) => Attribution::Paraphrase,
            };
            let mut statement =
                Statement::new(actor.clone(), f.target.clone(), f.stance, attribution);
            statement.date = self.sentence_date(view, sp.verb);
            statement.evidence = Some(Evidence {
                source: self.article.source.clone(),
                quote: evidence_quote(view, f.first, f.last),
                span: Some(view.span),
            });
            if f.subject.is_none() {
                statement.reported_by = sp.relay.clone();
                statement.anonymous = sp.anonymous;
                statement.on_behalf_of = sp.principal.clone().filter(|p| p != actor);
            }
            statement.on_behalf_of = statement
                .on_behalf_of
                .take()
                .or_else(|| self.ex.gazetteer.principal_of(actor).cloned());
            if f.stance == Stance::Support {
                statement.conditions = conditions.clone();
            }
            let confidence = f.confidence
                * if sp.resolved { 0.9 } else { 1.0 }
                * if pattern.is_inferred() { 0.8 } else { 1.0 };
            statement.confidence = Some((confidence * 100.0).round() / 100.0);
            statement.origin = Origin::Extracted {
                cue: f.cue.into_owned(),
                pattern,
                model: None,
            };
            self.push(statement);
        }
    }

    fn push(&mut self, s: Statement) {
        let key = (
            s.actor.clone(),
            s.target.clone(),
            s.stance,
            s.evidence.as_ref().and_then(|e| e.span),
        );
        if !self.seen.insert(key) {
            return;
        }
        let key = format!("{}-{}", s.actor, target_slug(&s.target));
        let n = self.counters.entry(key.clone()).or_insert(0);
        *n += 1;
        let id = StatementId::from_text(&format!("{key}-{n}"));
        self.statements.push((id, s));
    }

    /// The date a sentence gives its remark: a weekday, "today", "yesterday" or
    /// "this weekend", resolved against the publication date (forward when the
    /// sentence speaks of the future).
    fn sentence_date(&self, view: &Sentence<'_>, verb: Option<usize>) -> Option<Date> {
        let published = self.article.published?;
        const DAYS: [&str; 7] = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        let mut found: Vec<(usize, Date)> = Vec::new();
        for (k, w) in view.lower.iter().enumerate() {
            if view.in_quote[k] {
                continue;
            }
            // Tense from the words just before the date: "will gather ... on Monday".
            let future = view.lower[k.saturating_sub(6)..k].iter().any(|w| {
                matches!(
                    *w,
                    "will" | "next" | "expected" | "plans" | "scheduled" | "upcoming"
                )
            });
            if let Some(d) = DAYS.iter().position(|d| d == w) {
                let today = i64::from(published.weekday());
                let d = d as i64;
                let delta = if future {
                    (d - today).rem_euclid(7)
                } else {
                    -((today - d).rem_euclid(7))
                };
                found.push((k, published.add_days(delta)));
                continue;
            }
            match *w {
                "today" => found.push((k, published)),
                "yesterday" => found.push((k, published.add_days(-1))),
                "weekend" if k > 0 && view.lower[k - 1] == "this" && published.weekday() >= 5 => {
                    found.push((k, published))
                }
                _ => {}
            }
        }
        // The date nearest the verb of saying is the day the words were said.
        let anchor = verb.unwrap_or(0);
        found
            .into_iter()
            .min_by_key(|(k, _)| k.abs_diff(anchor))
            .map(|(_, d)| d)
    }

    /// The extracted document: new statements and everything they refer to.
    fn finish(self) -> Document {
        let mut doc = Document::default();
        let want_actor = |id: &ActorId, doc: &mut Document| {
            if doc.actors.contains_key(id) {
                return;
            }
            if let Some(a) = self
                .new_actors
                .get(id)
                .or_else(|| self.ex.gazetteer.actor(id))
            {
                doc.actors.insert(id.clone(), a.clone());
            }
        };
        for (_, s) in &self.statements {
            want_actor(&s.actor, &mut doc);
            if let Some(p) = &s.on_behalf_of {
                want_actor(p, &mut doc);
            }
            let pid = match &s.target {
                Target::Proposal(p) => Some(p),
                Target::Point(p) => Some(&p.proposal),
                Target::Claim(c) => {
                    if let Some(claim) = self.targets.claims.get(c) {
                        doc.claims.insert(c.clone(), claim.clone());
                    }
                    None
                }
            };
            if let Some(pid) = pid {
                if let Some(p) = self.targets.proposals.get(pid) {
                    let mut p = p.clone();
                    if let Target::Point(pt) = &s.target {
                        p.points.entry(pt.n).or_insert_with(|| crate::model::Point {
                            text: format!("Point {}", pt.n),
                        });
                    }
                    for r in [&p.proponent].into_iter().flatten() {
                        want_actor(r, &mut doc);
                    }
                    match doc.proposals.get_mut(pid) {
                        Some(existing) => {
                            for (n, pt) in p.points {
                                existing.points.entry(n).or_insert(pt);
                            }
                        }
                        None => {
                            doc.proposals.insert(pid.clone(), p);
                        }
                    }
                }
            }
        }
        // Proposals the statements' proposals answer or revise come along.
        let linked: Vec<ProposalId> = doc
            .proposals
            .values()
            .flat_map(|p| p.counter_to.iter().chain(&p.revision_of))
            .cloned()
            .collect();
        for id in linked {
            if let Some(p) = self.targets.proposals.get(&id) {
                doc.proposals.entry(id).or_insert_with(|| p.clone());
            }
        }
        let extra: Vec<ActorId> = doc
            .proposals
            .values()
            .filter_map(|p| p.proponent.clone())
            .chain(
                doc.actors
                    .values()
                    .flat_map(|a| a.affiliations.iter().map(|f| f.actor.clone())),
            )
            .collect();
        for id in extra {
            want_actor(&id, &mut doc);
        }
        // Spellings the article used become aliases, so a reviewer sees them and the
        // next article is read with them.
        for (id, spelling) in &self.spellings {
            if let Some(a) = doc.actors.get_mut(id) {
                if !a.names().any(|n| n.eq_ignore_ascii_case(spelling))
                    && spelling.chars().any(char::is_alphabetic)
                {
                    a.aliases.push(spelling.clone());
                }
            }
        }
        // Affiliations to actors not carried along are dropped from the draft.
        let present: Vec<ActorId> = doc.actors.keys().cloned().collect();
        for a in doc.actors.values_mut() {
            a.affiliations.retain(|f| present.contains(&f.actor));
        }
        for p in doc.proposals.values_mut() {
            if p.proponent.as_ref().is_some_and(|x| !present.contains(x)) {
                p.proponent = None;
            }
        }
        let mut source = self
            .ex
            .sources
            .get(&self.article.source)
            .cloned()
            .unwrap_or_else(|| Source::new(headline(self.article.text, &self.article.source)));
        if source.url.is_none() {
            source.url = self.article.url.clone();
        }
        if source.published.is_none() {
            source.published = self.article.published;
        }
        doc.sources.insert(self.article.source.clone(), source);
        doc.statements = self.statements.into_iter().collect();
        doc
    }
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
        .find(|m| !attribution::possessive(view, lex, m) && !view.in_quote[m.first])
        .filter(|m| {
            let start = opening(view, lex);
            m.first == start
                || (m.first == start + 1 && view.lower[start] == "the")
                || view
                    .mentions
                    .first()
                    .is_some_and(|f| attribution::possessive_of_role(view, f))
        })?;
    Some(Speaker {
        who: Who::Known(m.actor.clone()),
        pattern: Pattern::SubjectAction,
        verb: None,
        relay: None,
        anonymous: false,
        resolved: false,
        principal: None,
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
fn clauses(view: &Sentence<'_>) -> Vec<std::ops::Range<usize>> {
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
            matches!(&*view.lower[k], "part" | "parts" | "element" | "elements")
                && view.lower.get(k + 1).is_some_and(|w| *w == "of")
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

/// "welcomed the plan but insisted on guarantees": what follows a condition phrase.
fn conditions_in(view: &Sentence<'_>, lex: &Vocab) -> Vec<String> {
    // Most sentences have no word that starts a condition phrase.
    if !view.class.iter().any(|c| c.has(Class::CONDITION_START)) {
        return Vec::new();
    }
    // Where a condition phrase ends: its words follow each other from a word that
    // starts one, with a space on either side ("but insisted", not "but, insisted").
    let bytes = view.text.as_bytes();
    let after = |c: &[String]| {
        (0..view.lower.len()).find_map(|k| {
            if !view.is(k, Class::CONDITION_START) {
                return None;
            }
            if c.is_empty() || !view.phrase_at(k, view.words.len(), c) {
                return None;
            }
            let last = &view.words[k + c.len() - 1];
            let first = view.words[k].start;
            let here = first > 0 && bytes[first - 1] == b' ' && bytes.get(last.end) == Some(&b' ');
            here.then_some(last.end + 1)
        })
    };
    lex.conditions
        .iter()
        .filter_map(|c| {
            let rest = &view.text[after(c)?..];
            let end = rest.find(['.', ';']).unwrap_or(rest.len());
            let words: Vec<&str> = rest[..end].split_whitespace().take(12).collect();
            (!words.is_empty()).then(|| {
                words
                    .join(" ")
                    .trim_matches(|ch: char| ch == '"' || ch == ',' || ch == '\u{201d}')
                    .to_owned()
            })
        })
        .collect()
}

/// A short quote (at most 12 words) around the cue, copied from the sentence.
fn evidence_quote(view: &Sentence<'_>, first: usize, last: usize) -> String {
    let n = view.words.len();
    if n == 0 {
        return view.text.chars().take(80).collect();
    }
    let (mut a, mut b) = (first.min(n - 1), last.clamp(first + 1, n));
    // Stay within the quotation (or outside it) the cue is in.
    let quoted = view.in_quote[a];
    while b - a < 12 && (a > 0 || b < n) {
        let grow_left = a > 0
            && view.in_quote[a - 1] == quoted
            && !view.breaks_after(a - 1)
            && (b - a) % 3 != 2;
        if grow_left {
            a -= 1;
        } else if b < n && view.in_quote[b] == quoted && !view.breaks_after(b - 1) {
            b += 1;
        } else if a > 0 && view.in_quote[a - 1] == quoted && !view.breaks_after(a - 1) {
            a -= 1;
        } else {
            break;
        }
    }
    view.text[view.words[a].start..view.words[b - 1].end].to_owned()
}

fn target_slug(t: &Target) -> String {
    match t {
        Target::Proposal(p) => p.to_string(),
        Target::Point(p) => format!("{}-{}", p.proposal, p.n),
        Target::Claim(c) => c.to_string(),
    }
}

/// The first line, or the source id when the text has none: a source needs a title.
fn headline(text: &str, source: &SourceId) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let title: String = line.chars().filter(|c| !c.is_control()).take(200).collect();
    if title.trim().is_empty() {
        source.to_string()
    } else {
        title
    }
}

/// Turns a base graph into a gazetteer-only graph: actors, proposals, claims and
/// sources, without statements (what `eval` reads articles against).
pub fn gazetteer_of(doc: &Document) -> Document {
    Document {
        statements: IndexMap::new(),
        ..doc.clone()
    }
}
