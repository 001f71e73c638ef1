//! Assembly: stance calls become statements, with their evidence (a short quote,
//! the sentence's span, the source), date, relay, principal, conditions,
//! confidence and provenance; repeats are dropped and ids given; and at the end the
//! article's document is put together with everything its statements refer to.

use indexmap::IndexMap;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::actors::Gazetteer;
use super::contracts::{Article, Sentence, Speaker, StanceCall, Who};
use super::lexicon::{Class, Vocab};
use super::memory::Memory;
use super::targets::Targets;
use crate::model::{
    ActorId, Attribution, Date, Document, Evidence, Origin, Pattern, ProposalId, Source, SourceId,
    Stance, Statement, StatementId, Target,
};

/// What makes two extracted statements the same: actor, target, stance, sentence.
type StatementKey = (ActorId, Target, Stance, Option<(usize, usize)>);

/// The statements of one article so far, in the order found, without repeats.
#[derive(Debug, Default)]
pub(crate) struct Drafts {
    statements: Vec<(StatementId, Statement)>,
    /// Per actor and target, how many statements have an id already.
    counters: HashMap<String, usize>,
    /// The key of every statement so far.
    seen: HashSet<StatementKey>,
}

impl Drafts {
    /// Makes the sentence's stance calls statements of its speaker (or of a
    /// clause's own subject).
    pub fn add(
        &mut self,
        view: &Sentence<'_>,
        sp: &Speaker,
        calls: Vec<StanceCall<'_>>,
        article: &Article<'_>,
        known: &Gazetteer,
        lex: &Vocab,
    ) {
        let Who::Known(actor) = &sp.who else { return };
        // Conditions go with support only.
        let conditions = if calls.iter().any(|f| f.stance == Stance::Support) {
            conditions_in(view, lex)
        } else {
            Vec::new()
        };
        for f in calls {
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
            statement.date = sentence_date(article.published, view, sp.verb, lex);
            statement.evidence = Some(Evidence {
                source: article.source.clone(),
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
                .or_else(|| known.principal_of(actor).cloned());
            if f.stance == Stance::Support {
                statement.conditions = conditions.clone();
            }
            // A model's score is its confidence; the rules' is discounted for a speaker
            // resolved from a pronoun and for a stance inferred from an action.
            let confidence = if f.model.is_some() {
                f.confidence
            } else {
                f.confidence
                    * if sp.resolved { 0.9 } else { 1.0 }
                    * if pattern.is_inferred() { 0.8 } else { 1.0 }
            };
            statement.confidence = Some((confidence * 100.0).round() / 100.0);
            statement.origin = Origin::Extracted {
                cue: f.cue.into_owned(),
                pattern,
                model: f.model.or_else(|| sp.model.clone()),
            };
            self.push(statement);
        }
    }

    /// Adds the stance model's statements: for each actor and target the rules
    /// found nothing on, the one it is surest of (the first of equals).
    pub fn add_learned(&mut self, learned: Drafts) {
        let ruled: HashSet<(ActorId, Target)> = self
            .statements
            .iter()
            .map(|(_, s)| (s.actor.clone(), s.target.clone()))
            .collect();
        let mut best: IndexMap<(ActorId, Target), Statement> = IndexMap::new();
        for (_, s) in learned.statements {
            let key = (s.actor.clone(), s.target.clone());
            if ruled.contains(&key) {
                continue;
            }
            match best.get(&key) {
                Some(b) if b.confidence >= s.confidence => {}
                _ => {
                    best.insert(key, s);
                }
            }
        }
        for (_, s) in best {
            self.push(s);
        }
    }

    /// Keeps `s` unless it repeats one kept, and gives it the next free id of its
    /// actor and target.
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

    /// The extracted document: the statements and everything they refer to (actors,
    /// proposals with their points, claims, the source).
    pub fn document(
        self,
        article: &Article<'_>,
        known: &Gazetteer,
        memory: &Memory,
        targets: &Targets<'_>,
        sources: &IndexMap<SourceId, Source>,
    ) -> Document {
        let mut doc = Document::default();
        let want_actor = |id: &ActorId, doc: &mut Document| {
            if doc.actors.contains_key(id) {
                return;
            }
            if let Some(a) = memory.new_actors.get(id).or_else(|| known.actor(id)) {
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
                    if let Some(claim) = targets.claims().get(c) {
                        doc.claims.insert(c.clone(), claim.clone());
                    }
                    None
                }
            };
            if let Some(pid) = pid
                && let Some(p) = targets.proposals().get(pid)
            {
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
        // Proposals the statements' proposals answer or revise come along, and the
        // ones those answer or revise, so that the draft is a graph of its own.
        let mut linked: Vec<ProposalId> = doc
            .proposals
            .values()
            .flat_map(|p| p.counter_to.iter().chain(&p.revision_of))
            .cloned()
            .collect();
        while let Some(id) = linked.pop() {
            if doc.proposals.contains_key(&id) {
                continue;
            }
            if let Some(p) = targets.proposals().get(&id) {
                linked.extend(p.counter_to.iter().chain(&p.revision_of).cloned());
                doc.proposals.insert(id, p.clone());
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
        // next article is read with them; never one that names another actor of the
        // draft, which would make the draft ambiguous.
        let mut owner: HashMap<String, ActorId> = HashMap::default();
        for (id, a) in &doc.actors {
            for n in a.names() {
                owner
                    .entry(n.trim().to_lowercase())
                    .or_insert_with(|| id.clone());
            }
        }
        for (id, spelling) in &memory.spellings {
            // Validation compares names by their Unicode lowercase: a spelling an
            // actor of the draft already has under that key, its own or another's, is
            // not added.
            let key = spelling.trim().to_lowercase();
            if owner.contains_key(&key) {
                continue;
            }
            if let Some(a) = doc.actors.get_mut(id)
                && spelling.chars().any(char::is_alphabetic)
            {
                a.aliases.push(spelling.clone());
                owner.insert(key, id.clone());
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
        let mut source = sources
            .get(&article.source)
            .cloned()
            .unwrap_or_else(|| Source::new(headline(article.text, &article.source)));
        if source.url.is_none() {
            source.url = article.url.clone();
        }
        if source.published.is_none() {
            source.published = article.published;
        }
        doc.sources.insert(article.source.clone(), source);
        doc.statements = self.statements.into_iter().collect();
        doc
    }
}

/// The date a sentence gives its remark: a weekday, "today", "yesterday" or
/// "this weekend", resolved against the publication date (forward when the
/// sentence speaks of the future).
fn sentence_date(
    published: Option<Date>,
    view: &Sentence<'_>,
    verb: Option<usize>,
    lex: &Vocab,
) -> Option<Date> {
    let published = published?;
    let mut found: Vec<(usize, Date)> = Vec::new();
    for (k, w) in view.lower.iter().enumerate() {
        if view.in_quote[k] {
            continue;
        }
        // Tense from the words just before the date: "will gather ... on Monday".
        let future = view.lower[k.saturating_sub(6)..k]
            .iter()
            .any(|w| lex.future_words.contains(*w));
        if let Some(d) = lex.weekdays.iter().position(|d| d == w) {
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
        if let Some(days) = lex.relative_days.get(*w) {
            found.push((k, published.add_days(*days)));
        } else if view.is(k, Class::WEEKEND)
            && k > 0
            && view.lower[k - 1] == "this"
            && published.weekday() >= 5
        {
            found.push((k, published));
        }
    }
    // The date nearest the verb of saying is the day the words were said; a day
    // after publication ("will resume on Monday") is what they speak of, not when
    // they were said.
    let anchor = verb.unwrap_or(0);
    found
        .into_iter()
        .filter(|(_, d)| *d <= published)
        .min_by_key(|(k, _)| k.abs_diff(anchor))
        .map(|(_, d)| d)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::testing::with_sentence;

    fn on(text: &str, published: &str, verb_word: &str) -> Option<Date> {
        with_sentence(text, &Document::default(), |s, lex, _| {
            let verb = s.lower.iter().position(|w| *w == verb_word);
            sentence_date(Some(published.parse().unwrap()), s, verb, lex)
        })
    }

    #[test]
    fn a_weekday_is_the_last_such_day_before_publication_and_a_future_day_dates_nothing() {
        // 2025-11-22 is a Saturday.
        assert_eq!(
            on(
                "The minister said on Friday that the plan was dead.",
                "2025-11-22",
                "said"
            ),
            Some("2025-11-21".parse().unwrap())
        );
        // Monday the 24th is when talks resume, not when the minister spoke.
        assert_eq!(
            on(
                "Talks will resume on Monday, the minister said.",
                "2025-11-22",
                "said"
            ),
            None
        );
        assert_eq!(
            on(
                "On Thursday the minister said talks will resume on Monday.",
                "2025-11-22",
                "said"
            ),
            Some("2025-11-20".parse().unwrap())
        );
        assert_eq!(
            on("The minister said the plan was dead.", "2025-11-22", "said"),
            None
        );
    }

    /// Found by the `extract` fuzz target (`tests/fixtures/fuzz/extract-crash-c155fb39.txt`):
    /// "plans" before a day made it a day ahead, which then dated the statement after
    /// its source.
    #[test]
    fn fuzz_crash_c155fb39_a_day_ahead_never_dates_what_was_said() {
        assert_eq!(
            on(
                "Marguerat said the mayor set out plans on Thursday for a charge.",
                "2025-11-22",
                "said"
            ),
            None
        );
    }

    #[test]
    fn conditions_follow_a_condition_phrase_and_quotes_stay_short() {
        with_sentence(
            "The union welcomed the offer but insisted on a pay rise for night shifts.",
            &Document::default(),
            |s, lex, _| {
                assert_eq!(conditions_in(s, lex), ["on a pay rise for night shifts"]);
                let cue = s.lower.iter().position(|w| *w == "welcomed").unwrap();
                let quote = evidence_quote(s, cue, cue + 1);
                assert!(quote.contains("welcomed") && quote.split(' ').count() <= 12);
            },
        );
    }

    #[test]
    fn a_repeated_statement_is_kept_once_and_ids_count_per_actor_and_target() {
        let actor = ActorId::from_text("Union");
        let target = Target::Proposal(ProposalId::from_text("Offer"));
        let statement = |span| {
            let mut s = Statement::new(
                actor.clone(),
                target.clone(),
                Stance::Support,
                Attribution::Paraphrase,
            );
            s.evidence = Some(Evidence {
                source: "a".parse().unwrap(),
                quote: "welcomed".into(),
                span: Some(span),
            });
            s
        };
        let mut drafts = Drafts::default();
        drafts.push(statement((0, 10)));
        drafts.push(statement((0, 10)));
        drafts.push(statement((11, 20)));
        let ids: Vec<&str> = drafts
            .statements
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(ids, ["union-offer-1", "union-offer-2"]);
    }

    #[test]
    fn a_source_without_a_headline_is_titled_by_its_id() {
        let id: SourceId = "wire-1".parse().unwrap();
        assert_eq!(headline("\n\n", &id), "wire-1");
        assert_eq!(headline("  Deal struck\nBody", &id), "Deal struck");
    }
}
