//! [`StanceGraph`]: a document plus a petgraph index over it.
//!
//! The document is the source of truth and is what gets saved; the index is rebuilt
//! on load and kept in step by every method that edits the graph, so that "what did
//! this actor say" and "who spoke on this target" are lookups, not scans.

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};

use crate::error::{Error, Result};
use crate::model::{
    Actor, ActorId, Claim, ClaimId, Date, Document, PointId, Proposal, ProposalId, Relation,
    Source, SourceId, Stance, Statement, StatementId, Target,
};
use crate::store;
use crate::validate;

/// A node of the index: an actor or a target.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// An actor.
    Actor(ActorId),
    /// A proposal.
    Proposal(ProposalId),
    /// A numbered point of a proposal.
    Point(PointId),
    /// A claim.
    Claim(ClaimId),
}

impl From<&Target> for Node {
    fn from(t: &Target) -> Self {
        match t {
            Target::Proposal(p) => Node::Proposal(p.clone()),
            Target::Point(p) => Node::Point(p.clone()),
            Target::Claim(c) => Node::Claim(c.clone()),
        }
    }
}

/// An edge of the index.
#[derive(Clone, Debug, PartialEq)]
pub enum Edge {
    /// The speaker of a statement to its target.
    Said(StatementId),
    /// The principal of a statement made on its behalf to its target.
    OnBehalf(StatementId),
    /// An affiliation from an actor to another.
    Affiliation(Relation),
    /// A point to its proposal.
    PartOf,
}

/// The effective stance of an actor on a target, and what it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Effective {
    /// The stance.
    pub stance: Stance,
    /// The winning statement; `None` when the stance is the proponent's implied
    /// support for its own proposal.
    pub statement: Option<StatementId>,
}

/// A stance graph: the RON document and the index built from it.
#[derive(Clone, Debug)]
pub struct StanceGraph {
    doc: Document,
    index: StableDiGraph<Node, Edge>,
    nodes: HashMap<Node, NodeIndex>,
    edges: HashMap<StatementId, Vec<EdgeIndex>>,
}

impl StanceGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self {
            doc: Document::default(),
            index: StableDiGraph::new(),
            nodes: HashMap::new(),
            edges: HashMap::new(),
        }
    }

    /// Loads a graph file, refusing it with every problem listed when it is invalid.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let parsed = store::read(path.as_ref())?;
        let problems = validate::validate(&parsed);
        if !problems.is_empty() {
            return Err(Error::Invalid {
                path: Some(parsed.path),
                problems,
            });
        }
        Ok(Self::index(parsed.doc))
    }

    /// Reads a graph from RON text; `name` stands for the file in messages.
    pub fn parse(text: String, name: &Path) -> Result<Self> {
        let parsed = store::parse(text, name)?;
        let problems = validate::validate(&parsed);
        if !problems.is_empty() {
            return Err(Error::Invalid {
                path: Some(parsed.path),
                problems,
            });
        }
        Ok(Self::index(parsed.doc))
    }

    /// Builds a graph from a document, refusing an invalid one.
    pub fn from_document(doc: Document) -> Result<Self> {
        let problems = validate::check(&doc);
        if !problems.is_empty() {
            return Err(Error::Invalid {
                path: None,
                problems,
            });
        }
        Ok(Self::index(doc))
    }

    /// Saves the graph in canonical form, atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        store::save(&self.doc, path.as_ref())
    }

    /// Builds the index of a document already known to be valid.
    fn index(doc: Document) -> Self {
        let mut g = Self {
            doc: Document::default(),
            index: StableDiGraph::with_capacity(
                doc.actors.len() + doc.proposals.len() + doc.claims.len(),
                doc.statements.len(),
            ),
            nodes: HashMap::with_capacity(doc.actors.len() + doc.proposals.len()),
            edges: HashMap::with_capacity(doc.statements.len()),
        };
        for id in doc.actors.keys() {
            g.node(Node::Actor(id.clone()));
        }
        for (id, p) in &doc.proposals {
            let prop = g.node(Node::Proposal(id.clone()));
            for n in p.points.keys() {
                let point = g.node(Node::Point(PointId::new(id.clone(), *n)));
                g.index.add_edge(point, prop, Edge::PartOf);
            }
        }
        for id in doc.claims.keys() {
            g.node(Node::Claim(id.clone()));
        }
        for (id, actor) in &doc.actors {
            g.link_affiliations(id, actor);
        }
        for (id, s) in &doc.statements {
            g.link_statement(id, s);
        }
        g.doc = doc;
        g
    }

    fn node(&mut self, node: Node) -> NodeIndex {
        if let Some(ix) = self.nodes.get(&node) {
            return *ix;
        }
        let ix = self.index.add_node(node.clone());
        self.nodes.insert(node, ix);
        ix
    }

    fn link_affiliations(&mut self, id: &ActorId, actor: &Actor) {
        let from = self.node(Node::Actor(id.clone()));
        for a in &actor.affiliations {
            let to = self.node(Node::Actor(a.actor.clone()));
            self.index.add_edge(from, to, Edge::Affiliation(a.rel));
        }
    }

    fn link_statement(&mut self, id: &StatementId, s: &Statement) {
        let to = self.node(Node::from(&s.target));
        let from = self.node(Node::Actor(s.actor.clone()));
        let mut e = vec![self.index.add_edge(from, to, Edge::Said(id.clone()))];
        if let Some(p) = &s.on_behalf_of {
            let principal = self.node(Node::Actor(p.clone()));
            e.push(
                self.index
                    .add_edge(principal, to, Edge::OnBehalf(id.clone())),
            );
        }
        self.edges.insert(id.clone(), e);
    }

    /// The document behind the graph.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Gives up the index and returns the document.
    pub fn into_document(self) -> Document {
        self.doc
    }

    /// The petgraph index, for algorithms this crate does not provide.
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.index
    }

    /// The index node of an actor or target, if it is in the graph.
    pub fn node_index(&self, node: &Node) -> Option<NodeIndex> {
        self.nodes.get(node).copied()
    }

    /// Actors in file order.
    pub fn actors(&self) -> impl Iterator<Item = (&ActorId, &Actor)> {
        self.doc.actors.iter()
    }

    /// Proposals in file order.
    pub fn proposals(&self) -> impl Iterator<Item = (&ProposalId, &Proposal)> {
        self.doc.proposals.iter()
    }

    /// Claims in file order.
    pub fn claims(&self) -> impl Iterator<Item = (&ClaimId, &Claim)> {
        self.doc.claims.iter()
    }

    /// Sources in file order.
    pub fn sources(&self) -> impl Iterator<Item = (&SourceId, &Source)> {
        self.doc.sources.iter()
    }

    /// Statements in file order.
    pub fn statements(&self) -> impl Iterator<Item = (&StatementId, &Statement)> {
        self.doc.statements.iter()
    }

    /// One actor.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.doc.actors.get(id)
    }

    /// One proposal.
    pub fn proposal(&self, id: &ProposalId) -> Option<&Proposal> {
        self.doc.proposals.get(id)
    }

    /// One statement.
    pub fn statement(&self, id: &StatementId) -> Option<&Statement> {
        self.doc.statements.get(id)
    }

    /// True when the target (proposal, point or claim) is in the graph.
    pub fn has_target(&self, target: &Target) -> bool {
        self.nodes.contains_key(&Node::from(target))
    }

    /// Statements along edges of one direction from a node, in file order.
    fn statements_at(
        &self,
        node: &Node,
        dir: Direction,
        keep: impl Fn(&Edge) -> Option<&StatementId>,
    ) -> Vec<(&StatementId, &Statement)> {
        let Some(ix) = self.nodes.get(node) else {
            return Vec::new();
        };
        let mut found: Vec<(usize, &StatementId, &Statement)> = self
            .index
            .edges_directed(*ix, dir)
            .filter_map(|e| keep(e.weight()))
            .filter_map(|id| {
                let (i, id, s) = self.doc.statements.get_full(id)?;
                Some((i, id, s))
            })
            .collect();
        found.sort_unstable_by_key(|(i, _, _)| *i);
        found.dedup_by_key(|(i, _, _)| *i);
        found.into_iter().map(|(_, id, s)| (id, s)).collect()
    }

    /// What an actor said (as the speaker), in file order.
    pub fn statements_by(&self, actor: &ActorId) -> Vec<(&StatementId, &Statement)> {
        self.statements_at(
            &Node::Actor(actor.clone()),
            Direction::Outgoing,
            |e| match e {
                Edge::Said(id) => Some(id),
                _ => None,
            },
        )
    }

    /// The statements that count for an actor: its own, except those it made for a
    /// principal, and those made on its behalf.
    pub fn statements_for(&self, actor: &ActorId) -> Vec<(&StatementId, &Statement)> {
        let mut v = self.statements_at(
            &Node::Actor(actor.clone()),
            Direction::Outgoing,
            |e| match e {
                Edge::Said(id) | Edge::OnBehalf(id) => Some(id),
                _ => None,
            },
        );
        v.retain(|(_, s)| s.principal() == actor);
        v
    }

    /// Every statement on a target, in file order.
    pub fn statements_on(&self, target: &Target) -> Vec<(&StatementId, &Statement)> {
        self.statements_at(&Node::from(target), Direction::Incoming, |e| match e {
            Edge::Said(id) => Some(id),
            _ => None,
        })
    }

    /// The effective stance of `actor` on `target` as of `as_of` (every statement
    /// when `None`). Among the statements that count for the actor, the latest dated
    /// one wins; undated ones rank below dated ones; on the same date a curated
    /// statement outranks an extracted one, then higher confidence, then the later
    /// one in the file. A proponent supports its own proposal unless a statement says
    /// otherwise.
    pub fn stance_of(
        &self,
        actor: &ActorId,
        target: &Target,
        as_of: Option<Date>,
    ) -> Option<Effective> {
        let (Some(a), Some(t)) = (
            self.nodes.get(&Node::Actor(actor.clone())),
            self.nodes.get(&Node::from(target)),
        ) else {
            return None;
        };
        let best = self
            .index
            .edges_connecting(*a, *t)
            .filter_map(|e| match e.weight() {
                Edge::Said(id) | Edge::OnBehalf(id) => self.doc.statements.get_full(id),
                _ => None,
            })
            .filter(|(_, _, s)| s.principal() == actor)
            .filter(|(_, _, s)| self.doc.counts_as_of(s, as_of))
            .reduce(|cur, next| {
                if outranks(next.2, next.0, cur.2, cur.0) {
                    next
                } else {
                    cur
                }
            });
        if let Some((_, id, s)) = best {
            return Some(Effective {
                stance: s.stance,
                statement: Some(id.clone()),
            });
        }
        match target {
            Target::Proposal(p) if self.doc.proposals.get(p)?.proponent.as_ref() == Some(actor) => {
                Some(Effective {
                    stance: Stance::Support,
                    statement: None,
                })
            }
            _ => None,
        }
    }

    /// The effective stance of every actor on every target it has one on, as of
    /// `as_of`, in one pass over the statements (the same ranking as
    /// [`StanceGraph::stance_of`]), proponents' implied support included. Ordered by
    /// the first statement of each pair, implied support last.
    pub fn effective_stances(&self, as_of: Option<Date>) -> IndexMap<(ActorId, Target), Effective> {
        let mut best: IndexMap<(ActorId, Target), (usize, &StatementId, &Statement)> =
            IndexMap::new();
        for (i, (id, s)) in self.doc.statements.iter().enumerate() {
            if !self.doc.counts_as_of(s, as_of) {
                continue;
            }
            let key = (s.principal().clone(), s.target.clone());
            match best.get_mut(&key) {
                Some(cur) if outranks(s, i, cur.2, cur.0) => *cur = (i, id, s),
                Some(_) => {}
                None => {
                    best.insert(key, (i, id, s));
                }
            }
        }
        let mut out: IndexMap<(ActorId, Target), Effective> = best
            .into_iter()
            .map(|(k, (_, id, s))| {
                (
                    k,
                    Effective {
                        stance: s.stance,
                        statement: Some(id.clone()),
                    },
                )
            })
            .collect();
        for (pid, p) in &self.doc.proposals {
            if let Some(a) = &p.proponent {
                out.entry((a.clone(), Target::Proposal(pid.clone())))
                    .or_insert(Effective {
                        stance: Stance::Support,
                        statement: None,
                    });
            }
        }
        out
    }

    /// Finds an actor by id, name or alias (case-insensitive).
    pub fn resolve_actor(&self, name: &str) -> Option<&ActorId> {
        if let Some((id, _)) = ActorId::new(name)
            .ok()
            .and_then(|id| self.doc.actors.get_key_value(&id))
        {
            return Some(id);
        }
        let want = name.trim().to_lowercase();
        self.doc
            .actors
            .iter()
            .find(|(_, a)| a.names().any(|n| n.to_lowercase() == want))
            .map(|(id, _)| id)
    }

    /// Finds a target by id (`plan`, `plan/12`, a claim id), title or alias.
    pub fn resolve_target(&self, name: &str) -> Option<Target> {
        if let Ok(p) = name.parse::<PointId>() {
            let t = Target::Point(p);
            return self.has_target(&t).then_some(t);
        }
        if let Ok(p) = ProposalId::new(name)
            && self.doc.proposals.contains_key(&p)
        {
            return Some(Target::Proposal(p));
        }
        if let Ok(c) = ClaimId::new(name)
            && self.doc.claims.contains_key(&c)
        {
            return Some(Target::Claim(c));
        }
        let want = name.trim().to_lowercase();
        self.doc
            .proposals
            .iter()
            .find(|(_, p)| {
                std::iter::once(&p.title)
                    .chain(&p.aliases)
                    .any(|n| n.to_lowercase() == want)
            })
            .map(|(id, _)| Target::Proposal(id.clone()))
    }

    /// Adds an actor. Its affiliations must point at actors already in the graph.
    pub fn add_actor(&mut self, id: ActorId, actor: Actor) -> Result<()> {
        if self.doc.actors.contains_key(&id) {
            return Err(Error::DuplicateId {
                kind: "actor",
                id: id.to_string(),
            });
        }
        if let Some(a) = actor
            .affiliations
            .iter()
            .find(|a| !self.doc.actors.contains_key(&a.actor))
        {
            return Err(Error::UnknownActor(a.actor.to_string()));
        }
        self.node(Node::Actor(id.clone()));
        self.link_affiliations(&id, &actor);
        self.doc.actors.insert(id, actor);
        Ok(())
    }

    /// Removes an actor together with the statements it made, which are returned.
    /// Refused while anything else (another actor's affiliation, a proposal's
    /// proponent, another speaker's statement) still refers to it, so no curated
    /// reference is silently dropped.
    pub fn remove_actor(&mut self, id: &ActorId) -> Result<(Actor, Vec<(StatementId, Statement)>)> {
        if !self.doc.actors.contains_key(id) {
            return Err(Error::UnknownActor(id.to_string()));
        }
        let mut by = Vec::new();
        for (other, a) in &self.doc.actors {
            if other != id && a.affiliations.iter().any(|f| &f.actor == id) {
                by.push(format!("actor `{other}`"));
            }
        }
        for (p, prop) in &self.doc.proposals {
            if prop.proponent.as_ref() == Some(id) {
                by.push(format!("proposal `{p}`"));
            }
        }
        for (s, st) in &self.doc.statements {
            let relayed = matches!(&st.reported_by, Some(crate::model::Relay::Actor(a)) if a == id);
            if &st.actor != id && (st.on_behalf_of.as_ref() == Some(id) || relayed) {
                by.push(format!("statement `{s}`"));
            }
        }
        if !by.is_empty() {
            return Err(Error::ActorInUse {
                id: id.to_string(),
                by,
            });
        }
        let own: Vec<StatementId> = self
            .statements_by(id)
            .into_iter()
            .map(|(s, _)| s.clone())
            .collect();
        let removed = own
            .into_iter()
            .filter_map(|s| self.remove_statement(&s).map(|st| (s, st)))
            .collect();
        if let Some(ix) = self.nodes.remove(&Node::Actor(id.clone())) {
            self.index.remove_node(ix);
        }
        let actor = self
            .doc
            .actors
            .shift_remove(id)
            .ok_or_else(|| Error::UnknownActor(id.to_string()))?;
        Ok((actor, removed))
    }

    /// Adds a proposal and its points.
    pub fn add_proposal(&mut self, id: ProposalId, proposal: Proposal) -> Result<()> {
        if self.doc.proposals.contains_key(&id) {
            return Err(Error::DuplicateId {
                kind: "proposal",
                id: id.to_string(),
            });
        }
        for r in [&proposal.proponent].into_iter().flatten() {
            if !self.doc.actors.contains_key(r) {
                return Err(Error::UnknownActor(r.to_string()));
            }
        }
        let prop = self.node(Node::Proposal(id.clone()));
        for n in proposal.points.keys() {
            let point = self.node(Node::Point(PointId::new(id.clone(), *n)));
            self.index.add_edge(point, prop, Edge::PartOf);
        }
        self.doc.proposals.insert(id, proposal);
        Ok(())
    }

    /// Adds a claim.
    pub fn add_claim(&mut self, id: ClaimId, claim: Claim) -> Result<()> {
        if self.doc.claims.contains_key(&id) {
            return Err(Error::DuplicateId {
                kind: "claim",
                id: id.to_string(),
            });
        }
        self.node(Node::Claim(id.clone()));
        self.doc.claims.insert(id, claim);
        Ok(())
    }

    /// Adds a source.
    pub fn add_source(&mut self, id: SourceId, source: Source) -> Result<()> {
        if self.doc.sources.contains_key(&id) {
            return Err(Error::DuplicateId {
                kind: "source",
                id: id.to_string(),
            });
        }
        self.doc.sources.insert(id, source);
        Ok(())
    }

    /// Adds a statement. Its actor, target, source and principal must be in the graph.
    pub fn add_statement(&mut self, id: StatementId, statement: Statement) -> Result<()> {
        if self.doc.statements.contains_key(&id) {
            return Err(Error::DuplicateId {
                kind: "statement",
                id: id.to_string(),
            });
        }
        let bad = |message: String| Error::BadStatement {
            id: id.to_string(),
            message,
        };
        for a in [Some(&statement.actor), statement.on_behalf_of.as_ref()]
            .into_iter()
            .flatten()
        {
            if !self.doc.actors.contains_key(a) {
                return Err(bad(format!("unknown actor `{a}`")));
            }
        }
        if let Some(crate::model::Relay::Actor(a)) = &statement.reported_by
            && !self.doc.actors.contains_key(a)
        {
            return Err(bad(format!("unknown actor `{a}`")));
        }
        if !self.has_target(&statement.target) {
            return Err(bad(format!(
                "unknown {} `{}`",
                statement.target.kind(),
                statement.target
            )));
        }
        if let Some(ev) = &statement.evidence
            && !self.doc.sources.contains_key(&ev.source)
        {
            return Err(bad(format!("unknown source `{}`", ev.source)));
        }
        self.link_statement(&id, &statement);
        self.doc.statements.insert(id, statement);
        Ok(())
    }

    /// Removes a statement, returning it.
    pub fn remove_statement(&mut self, id: &StatementId) -> Option<Statement> {
        for e in self.edges.remove(id).unwrap_or_default() {
            self.index.remove_edge(e);
        }
        self.doc.statements.shift_remove(id)
    }

    /// A map from every spelling of every actor (id, name, alias; lowercased) to the
    /// actor, for many lookups in a row. The first actor to use a spelling keeps it.
    pub fn name_table(&self) -> IndexMap<String, ActorId> {
        let mut t = IndexMap::new();
        for (id, a) in &self.doc.actors {
            t.entry(id.to_string()).or_insert_with(|| id.clone());
            for n in a.names() {
                t.entry(n.to_lowercase()).or_insert_with(|| id.clone());
            }
        }
        t
    }
}

impl Default for StanceGraph {
    fn default() -> Self {
        Self::new()
    }
}

/// True when statement `a` (at file position `i`) beats `b` (at `j`) for the
/// effective stance: dated above undated, then the later date, curated above
/// extracted, higher confidence, and finally the later one in the file. Shared with
/// the scenario overlay, so both rank statements the same way.
pub(crate) fn outranks(a: &Statement, i: usize, b: &Statement, j: usize) -> bool {
    let key = |s: &Statement| (s.date.is_some(), s.date, s.origin.is_curated());
    key(a)
        .cmp(&key(b))
        .then(a.confidence().total_cmp(&b.confidence()))
        .then(i.cmp(&j))
        .is_gt()
}

impl StanceGraph {
    /// Compares the effective stance of an actor on a target (each named by id, name
    /// or alias) with what a test expects (`None`: no stance), as of an optional
    /// date. The error says what was found and on what evidence, ready for a test
    /// failure message; [`assert_stance!`](crate::assert_stance) panics with it.
    pub fn check_stance(
        &self,
        actor: &str,
        target: &str,
        expected: impl Into<Option<Stance>>,
        as_of: Option<Date>,
    ) -> std::result::Result<(), String> {
        let expected = expected.into();
        let id = self
            .resolve_actor(actor)
            .ok_or_else(|| format!("no actor `{actor}` in the graph"))?;
        let t = self
            .resolve_target(target)
            .ok_or_else(|| format!("no target `{target}` in the graph"))?;
        let found = self.stance_of(id, &t, as_of);
        if found.as_ref().map(|e| e.stance) == expected {
            return Ok(());
        }
        let show = |s: Option<Stance>| s.map_or("no stance", |s| s.as_str());
        let why = match found.as_ref().and_then(|e| e.statement.as_ref()) {
            Some(sid) => {
                let quote = self
                    .statement(sid)
                    .and_then(|s| s.evidence.as_ref())
                    .map_or(String::new(), |e| format!(": \u{201c}{}\u{201d}", e.quote));
                format!(" (statement `{sid}`{quote})")
            }
            None if found.is_some() => " (as the proposal's proponent)".into(),
            None => String::new(),
        };
        Err(format!(
            "expected `{id}` to hold {} on `{t}`{}, found {}{why}",
            show(expected),
            as_of.map_or(String::new(), |d| format!(" as of {d}")),
            show(found.map(|e| e.stance)),
        ))
    }
}

/// Asserts an actor's effective stance on a target in a test:
///
/// ```
/// use stancegraph::{assert_stance, Stance, StanceGraph};
/// let graph = StanceGraph::load("graphs/geneva-talks-2025-11.ron").unwrap();
/// assert_stance!(graph, "Zelenksyy" => "28-point plan", Stance::Skeptical);
/// assert_stance!(graph, "rustem-umerov" => "us-28-point-plan", None);
/// assert_stance!(graph, "mike-rogers" => "us-28-point-plan", Stance::Skeptical, as_of = "2025-11-21");
/// ```
///
/// Actors and targets may be named by id, name or alias.
#[macro_export]
macro_rules! assert_stance {
    ($graph:expr, $actor:expr => $target:expr, $stance:expr) => {
        if let Err(msg) = $graph.check_stance($actor, $target, $stance, None) {
            panic!("{}", msg);
        }
    };
    ($graph:expr, $actor:expr => $target:expr, $stance:expr, as_of = $date:expr) => {
        match $date.parse::<$crate::Date>() {
            Ok(d) => {
                if let Err(msg) = $graph.check_stance($actor, $target, $stance, Some(d)) {
                    panic!("{}", msg);
                }
            }
            Err(e) => panic!("{}", e),
        }
    };
}
