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
