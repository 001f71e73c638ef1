//! Merging extracted statements into a graph, in time linear in what is merged.
//!
//! A [`Merger`] holds the graph being built and the indexes a merge needs (who owns
//! each spelling, which statements are already there, the next free number of each
//! id), so merging a thousand articles one by one costs what merging them at once
//! would, not a scan of everything merged so far for each new statement.

use std::collections::{HashMap, HashSet};

use crate::model::{
    Actor, ActorId, Document, Relay, SourceId, Stance, Statement, StatementId, Target,
};

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Statements added.
    pub statements: usize,
    /// Statements already in the base (same actor, target, stance, source and span).
    pub duplicates: usize,
    /// Actors added.
    pub actors: usize,
    /// Spellings added to existing actors.
    pub aliases: usize,
    /// Spellings left out because another actor already has them.
    pub taken: usize,
    /// Proposals and claims added.
    pub targets: usize,
}

impl MergeReport {
    /// Adds another report's counts to this one.
    pub fn add(&mut self, other: &MergeReport) {
        self.statements += other.statements;
        self.duplicates += other.duplicates;
        self.actors += other.actors;
        self.aliases += other.aliases;
        self.taken += other.taken;
        self.targets += other.targets;
    }
}

/// What makes two statements the same: the same actor says the same about the same
/// target, at the same place in the same source.
type StatementKey = (
    ActorId,
    Target,
    Stance,
    Option<(SourceId, Option<(usize, usize)>)>,
);

fn statement_key(s: &Statement) -> StatementKey {
    (
        s.actor.clone(),
        s.target.clone(),
        s.stance,
        s.evidence.as_ref().map(|e| (e.source.clone(), e.span)),
    )
}

/// How validation compares spellings.
fn spelling(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A graph being merged into, with its indexes kept up to date.
pub struct Merger {
    doc: Document,
    /// Who each name and alias belongs to: a spelling one actor already has is
    /// never given to another.
    owner: HashMap<String, ActorId>,
    /// The statements already in the graph.
    keys: HashSet<StatementKey>,
    /// For an id stem (`zelenskyy-us-28-point-plan`), the number to try next.
    next: HashMap<String, usize>,
}

impl Merger {
    /// Starts from a base graph (which may be empty).
    pub fn new(base: Document) -> Self {
        let mut owner = HashMap::new();
        for (id, a) in &base.actors {
            for n in a.names() {
                owner.entry(spelling(n)).or_insert_with(|| id.clone());
            }
        }
        let keys = base.statements.values().map(statement_key).collect();
        Self {
            doc: base,
            owner,
            keys,
            next: HashMap::new(),
        }
    }

    /// The graph so far.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The merged graph.
    pub fn into_document(self) -> Document {
        self.doc
    }

    /// Merges one extraction. Re-merging the same extraction adds nothing; an id
    /// taken by a different statement gets the next free number; new spellings of
    /// known actors become aliases; a new actor named like one already there is
    /// that actor.
    pub fn add(&mut self, mut extracted: Document) -> MergeReport {
        let mut report = MergeReport::default();
        let base = &mut self.doc;
        let owner = &mut self.owner;
        let mut same: HashMap<ActorId, ActorId> = HashMap::new();
        let mut added: Vec<ActorId> = Vec::new();
        for (id, actor) in std::mem::take(&mut extracted.actors) {
            let id = match owner.get(&spelling(&actor.name)) {
                Some(o) if !base.actors.contains_key(&id) => {
                    same.insert(id, o.clone());
                    o.clone()
                }
                _ => id,
            };
            let known = base.actors.contains_key(&id);
            let names: Vec<String> = actor.names().map(str::to_owned).collect();
            let entry = base.actors.entry(id.clone()).or_insert_with(|| {
                report.actors += 1;
                added.push(id.clone());
                Actor {
                    aliases: Vec::new(),
                    ..actor
                }
            });
            for name in names {
                let k = spelling(&name);
                match owner.get(&k) {
                    Some(o) if *o != id => report.taken += 1,
                    Some(_) => {}
                    None => {
                        if spelling(&entry.name) != k {
                            entry.aliases.push(name);
                            if known {
                                report.aliases += 1;
                            }
                        }
                        owner.insert(k, id.clone());
                    }
                }
            }
        }
        if !same.is_empty() {
            let to = |id: &mut ActorId| {
                if let Some(o) = same.get(id) {
                    *id = o.clone();
                }
            };
            // Only the actors added now can refer to a renamed one: the graph
            // never had it.
            for id in &added {
                if let Some(a) = base.actors.get_mut(id) {
                    a.affiliations.iter_mut().for_each(|f| to(&mut f.actor));
                }
            }
            for p in extracted.proposals.values_mut() {
                p.proponent.iter_mut().for_each(to);
            }
            for s in extracted.statements.values_mut() {
                to(&mut s.actor);
                s.on_behalf_of.iter_mut().for_each(to);
                if let Some(Relay::Actor(r)) = &mut s.reported_by {
                    to(r);
                }
            }
        }
        for (id, p) in extracted.proposals {
            match base.proposals.get_mut(&id) {
                Some(known) => {
                    for (n, pt) in p.points {
                        known.points.entry(n).or_insert(pt);
                    }
                }
                None => {
                    base.proposals.insert(id, p);
                    report.targets += 1;
                }
            }
        }
        for (id, c) in extracted.claims {
            if !base.claims.contains_key(&id) {
                base.claims.insert(id, c);
                report.targets += 1;
            }
        }
        for (id, s) in extracted.sources {
            base.sources.entry(id).or_insert(s);
        }
        for (id, s) in extracted.statements {
            if !self.keys.insert(statement_key(&s)) {
                report.duplicates += 1;
                continue;
            }
            let id = if base.statements.contains_key(&id) {
                let stem = id
                    .as_str()
                    .rsplit_once('-')
                    .map_or(id.as_str(), |(a, _)| a)
                    .to_owned();
                // Ids are only ever added, so a number found taken stays taken and
                // the search can resume where it last stopped.
                let n = self.next.entry(stem.clone()).or_insert(1);
                let mut free = id;
                while let Ok(candidate) = StatementId::new(format!("{stem}-{n}")) {
                    *n += 1;
                    if !base.statements.contains_key(&candidate) {
                        free = candidate;
                        break;
                    }
                }
                free
            } else {
                id
            };
            base.statements.insert(id, s);
            report.statements += 1;
        }
        report
    }
}

/// Merges extracted statements into a base document (one [`Merger::add`]).
pub fn merge(base: &mut Document, extracted: Document) -> MergeReport {
    let mut m = Merger::new(std::mem::take(base));
    let report = m.add(extracted);
    *base = m.into_document();
    report
}

/// One statement with every record it refers to (its actors, their affiliations,
/// its proposal or claim and the proposals that one revises or counters, its
/// source): a graph that validates on its own. A JSON line carries one of these, so
/// a folder of lines can be merged into the graph the articles would have given.
pub fn unit(doc: &Document, id: &StatementId) -> Option<Document> {
    let s = doc.statements.get(id)?;
    let mut out = Document::default();
    let mut actors: Vec<ActorId> = vec![s.actor.clone()];
    actors.extend(s.on_behalf_of.iter().cloned());
    if let Some(Relay::Actor(r)) = &s.reported_by {
        actors.push(r.clone());
    }
    let mut proposals: Vec<crate::model::ProposalId> = Vec::new();
    match &s.target {
        Target::Proposal(p) => proposals.push(p.clone()),
        Target::Point(p) => proposals.push(p.proposal.clone()),
        Target::Claim(c) => {
            if let Some(claim) = doc.claims.get(c) {
                out.claims.insert(c.clone(), claim.clone());
            }
        }
    }
    while let Some(p) = proposals.pop() {
        if out.proposals.contains_key(&p) {
            continue;
        }
        if let Some(prop) = doc.proposals.get(&p) {
            actors.extend(prop.proponent.iter().cloned());
            proposals.extend(prop.revision_of.iter().cloned());
            proposals.extend(prop.counter_to.iter().cloned());
            out.proposals.insert(p, prop.clone());
        }
    }
    let mut i = 0;
    while i < actors.len() {
        let a = actors[i].clone();
        i += 1;
        if out.actors.contains_key(&a) {
            continue;
        }
        if let Some(actor) = doc.actors.get(&a) {
            actors.extend(actor.affiliations.iter().map(|f| f.actor.clone()));
            out.actors.insert(a, actor.clone());
        }
    }
    if let Some(e) = &s.evidence
        && let Some(src) = doc.sources.get(&e.source)
    {
        out.sources.insert(e.source.clone(), src.clone());
    }
    out.statements.insert(id.clone(), s.clone());
    Some(out)
}

/// An id without its trailing `-N`: the name its numbered siblings share.
fn stem_of(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((stem, n))
            if !stem.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            stem
        }
        _ => id,
    }
}

/// Merges graphs (one article's extraction, the one-statement graph of a JSON
/// line, a whole graph) onto a base, as a function of the statements they hold and
/// not of the order or grouping they come in: every statement becomes its [`unit`],
/// the units are put in one order (source, place in the source, content), exact
/// repeats are dropped, and the rest are merged one by one. A statement keeps its
/// id when no earlier one took it, else gets the next free number of its stem, so
/// ids do not depend on which file a statement arrived in. The base is kept as it
/// is. Time is linear in the statements, plus the sort.
pub fn merge_all(base: Document, parts: Vec<Document>) -> (Document, MergeReport) {
    /// Where a statement is, and what orders it. Units are built only when merged,
    /// one at a time, so memory is the parts and the graph, not a copy per statement.
    struct Entry<'a> {
        part: usize,
        id: &'a StatementId,
        source: Option<&'a SourceId>,
        span: Option<(usize, usize)>,
        /// The id without its number: the order must not depend on the number an
        /// id was given in an earlier merge.
        stem: &'a str,
        actor: &'a ActorId,
        target: &'a Target,
        stance: Stance,
    }
    impl Entry<'_> {
        fn cheap(&self) -> impl Ord + '_ {
            (
                self.source,
                self.span,
                self.stem,
                self.actor,
                self.target,
                self.stance,
            )
        }
    }
    // Two statements alike in all of that are told apart by all their content,
    // which is rarely needed and so written out only then.
    let content = |e: &Entry| {
        unit(&parts[e.part], e.id).map(|mut u| {
            let s = u.statements.pop().map(|(_, s)| s);
            serde_json::to_string(&(s, &u.actors, &u.proposals, &u.claims, &u.sources))
                .unwrap_or_default()
        })
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (part, doc) in parts.iter().enumerate() {
        for (id, s) in &doc.statements {
            let e = s.evidence.as_ref();
            entries.push(Entry {
                part,
                id,
                source: e.map(|e| &e.source),
                span: e.and_then(|e| e.span),
                stem: stem_of(id.as_str()),
                actor: &s.actor,
                target: &s.target,
                stance: s.stance,
            });
        }
    }
    entries.sort_by(|a, b| {
        a.cheap()
            .cmp(&b.cheap())
            .then_with(|| content(a).cmp(&content(b)))
    });
    let all = entries.len();
    entries.dedup_by(|a, b| a.cheap() == b.cheap() && content(a) == content(b));
    let kept = Kept {
        actors: base
            .actors
            .iter()
            .map(|(id, a)| (id.clone(), a.aliases.len()))
            .collect(),
        proposals: (base.proposals.iter())
            .map(|(id, p)| (id.clone(), p.points.len()))
            .collect(),
        claims: base.claims.keys().cloned().collect(),
        sources: base.sources.keys().cloned().collect(),
    };
    let mut merger = Merger::new(base);
    let mut report = MergeReport {
        duplicates: all - entries.len(),
        ..MergeReport::default()
    };
    // For a stem, the number to try next: numbers are only ever taken.
    let mut next: HashMap<String, usize> = HashMap::new();
    for e in &entries {
        let Some(mut u) = unit(&parts[e.part], e.id) else {
            continue;
        };
        let Some((id, s)) = u.statements.pop() else {
            continue;
        };
        let taken = |id: &StatementId| merger.doc.statements.contains_key(id);
        let id = if taken(&id) {
            let stem = stem_of(id.as_str()).to_owned();
            let n = next.entry(stem.clone()).or_insert(1);
            loop {
                match StatementId::new(format!("{stem}-{n}")) {
                    Ok(c) if taken(&c) => *n += 1,
                    Ok(c) => break c,
                    Err(_) => break id,
                }
            }
        } else {
            id
        };
        u.statements.insert(id, s);
        report.add(&merger.add(u));
    }
    let mut doc = merger.into_document();
    keep_referenced(&mut doc, &kept);
    (doc, report)
}

/// Drops the records, other than the base's, that no statement refers to: a unit
/// can bring a record that the first-merged version of another record no longer
/// points at (a proposal's counter-proposal, an actor's bloc), and a graph whose
/// every record is some statement's keeps the merge idempotent.
fn keep_referenced(doc: &mut Document, base: &Kept) {
    let mut used = Kept::default();
    for id in doc.statements.keys() {
        if let Some(u) = unit(doc, id) {
            used.actors.extend(u.actors.into_keys().map(|a| (a, 0)));
            used.proposals
                .extend(u.proposals.into_keys().map(|p| (p, 0)));
            used.claims.extend(u.claims.into_keys());
            used.sources.extend(u.sources.into_keys());
        }
    }
    doc.actors
        .retain(|id, _| used.actors.contains_key(id) || base.actors.contains_key(id));
    doc.proposals
        .retain(|id, _| used.proposals.contains_key(id) || base.proposals.contains_key(id));
    // What the merge added to a record comes in the order the units did, which
    // depends on what else was merged before: aliases and points are sorted, after
    // the base's own.
    for (id, a) in &mut doc.actors {
        let from = base
            .actors
            .get(id)
            .copied()
            .unwrap_or(0)
            .min(a.aliases.len());
        a.aliases[from..].sort_by_key(|n| spelling(n));
    }
    for (id, p) in &mut doc.proposals {
        let from = base
            .proposals
            .get(id)
            .copied()
            .unwrap_or(0)
            .min(p.points.len());
        let mut tail = p.points.split_off(from);
        tail.sort_keys();
        p.points.extend(tail);
    }
    doc.claims
        .retain(|id, _| used.claims.contains(id) || base.claims.contains(id));
    doc.sources
        .retain(|id, _| used.sources.contains(id) || base.sources.contains(id));
}

/// Ids of records, by kind; for actors and proposals, how many aliases and points
/// the base gave them.
#[derive(Default)]
struct Kept {
    actors: HashMap<ActorId, usize>,
    proposals: HashMap<crate::model::ProposalId, usize>,
    claims: HashSet<crate::model::ClaimId>,
    sources: HashSet<SourceId>,
}
