//! A graph's view as a property graph: typed nodes and typed edges, each with
//! named attributes. GraphML, Cypher and CSV are three spellings of this one
//! structure, so they cannot disagree about what a graph holds.
//!
//! Nodes are actors, proposals, points and claims; edges are statements (actor to
//! target), affiliations (actor to actor), revisions and counterproposals
//! (proposal to proposal), points (point to proposal) and proponents (actor to
//! proposal). Every node and edge has an id unique within its type, so a consumer
//! can merge by id and loading twice changes nothing.

use std::collections::{HashMap, HashSet};

use super::{ExportOptions, View};
use crate::Result;
use crate::graph::StanceGraph;
use crate::model::{ActorId, Relation, Relay, Target};

/// An attribute's value. Absent values are left out rather than written empty.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Num(f64),
    Int(i64),
    Bool(bool),
    /// A list of strings (aliases, titles, conditions).
    List(Vec<String>),
}

/// The type an attribute has wherever it occurs, as GraphML and CSV headers
/// declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Num,
    Int,
    Bool,
    List,
}

/// A node: its type (`Actor`, `Proposal`, `Point`, `Claim`), id and attributes.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub label: &'static str,
    pub id: String,
    pub attrs: Vec<(&'static str, Value)>,
}

/// An edge: its type (`STATEMENT`, `MEMBER_OF`, ...), id, ends and attributes.
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub label: &'static str,
    pub id: String,
    /// The source node's index in [`Network::nodes`].
    pub from: usize,
    /// The target node's index.
    pub to: usize,
    pub attrs: Vec<(&'static str, Value)>,
}

/// The property graph of one export.
#[derive(Clone, Debug, Default)]
pub(crate) struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Every node attribute, in the order exports declare them.
pub(crate) const NODE_ATTRS: &[(&str, Kind)] = &[
    ("type", Kind::Str),
    ("name", Kind::Str),
    ("kind", Kind::Str),
    ("aliases", Kind::List),
    ("titles", Kind::List),
    ("influence", Kind::Num),
    ("date", Kind::Str),
    ("proponent", Kind::Str),
    ("proposal", Kind::Str),
    ("n", Kind::Int),
    ("note", Kind::Str),
];

/// Every edge attribute, in the order exports declare them.
pub(crate) const EDGE_ATTRS: &[(&str, Kind)] = &[
    ("type", Kind::Str),
    ("stance", Kind::Str),
    ("effective", Kind::Str),
    ("current", Kind::Bool),
    ("date", Kind::Str),
    ("confidence", Kind::Num),
    ("quote", Kind::Str),
    ("source", Kind::Str),
    ("source_title", Kind::Str),
    ("url", Kind::Str),
    ("kind", Kind::Str),
    ("origin", Kind::Str),
    ("cue", Kind::Str),
    ("reported_by", Kind::Str),
    ("on_behalf_of", Kind::Str),
    ("anonymous", Kind::Bool),
    ("conditions", Kind::List),
    ("since", Kind::Str),
    ("until", Kind::Str),
    ("note", Kind::Str),
];

/// The node types, in the order nodes are written.
pub(crate) const NODE_LABELS: &[&str] = &["Actor", "Proposal", "Point", "Claim"];

/// The relationship type of an affiliation.
fn relation_label(rel: Relation) -> &'static str {
    match rel {
        Relation::MemberOf => "MEMBER_OF",
        Relation::Leads => "LEADS",
        Relation::HoldsOfficeIn => "HOLDS_OFFICE_IN",
        Relation::SpeaksFor => "SPEAKS_FOR",
    }
}

/// Collects attributes, leaving absent ones out.
#[derive(Default)]
struct Attrs(Vec<(&'static str, Value)>);

impl Attrs {
    fn str(mut self, key: &'static str, value: impl ToString) -> Self {
        self.0.push((key, Value::Str(value.to_string())));
        self
    }

    fn opt(self, key: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    fn list(mut self, key: &'static str, values: &[String]) -> Self {
        if !values.is_empty() {
            self.0.push((key, Value::List(values.to_vec())));
        }
        self
    }

    fn value(mut self, key: &'static str, value: Value) -> Self {
        self.0.push((key, value));
        self
    }
}

impl Network {
    /// The property graph of `graph` after `opts`, in the graph file's order:
    /// the same graph and options give the same network.
    pub(crate) fn new(graph: &StanceGraph, opts: &ExportOptions) -> Result<Self> {
        let view = View::new(graph, opts)?;
        let doc = graph.document();
        let mut net = Network::default();
        let mut actor_at: HashMap<&ActorId, usize> = HashMap::new();
        let mut target_at: HashMap<&Target, usize> = HashMap::new();

        // Actors shown, and any actor a shown statement names (a spokesperson
        // outside a focus), so that no edge lacks an end.
        let mut actors: HashSet<&ActorId> = view.actors.iter().collect();
        for s in &view.statements {
            if let Some(st) = doc.statements.get(s) {
                actors.insert(&st.actor);
            }
        }
        for (id, a) in doc.actors.iter().filter(|(id, _)| actors.contains(id)) {
            actor_at.insert(id, net.nodes.len());
            net.nodes.push(Node {
                label: "Actor",
                id: id.to_string(),
                attrs: Attrs::default()
                    .str("type", "actor")
                    .str("name", &a.name)
                    .str("kind", a.kind.as_str())
                    .list("aliases", &a.aliases)
                    .list("titles", &a.titles)
                    .value("influence", Value::Num(a.influence()))
                    .opt("note", a.note.as_ref())
                    .0,
            });
        }
        for t in &view.targets {
            let node = match t {
                Target::Proposal(p) => {
                    let Some(prop) = doc.proposals.get(p) else {
                        continue;
                    };
                    Node {
                        label: "Proposal",
                        id: p.to_string(),
                        attrs: Attrs::default()
                            .str("type", "proposal")
                            .str("name", &prop.title)
                            .str("kind", "proposal")
                            .list("aliases", &prop.aliases)
                            .opt("date", prop.date)
                            .opt("proponent", prop.proponent.as_ref())
                            .opt("note", prop.note.as_ref())
                            .0,
                    }
                }
                Target::Point(p) => {
                    let Some(point) = doc
                        .proposals
                        .get(&p.proposal)
                        .and_then(|prop| prop.points.get(&p.n))
                    else {
                        continue;
                    };
                    Node {
                        label: "Point",
                        id: p.to_string(),
                        attrs: Attrs::default()
                            .str("type", "point")
                            .str("name", &point.text)
                            .str("kind", "point")
                            .str("proposal", &p.proposal)
                            .value("n", Value::Int(i64::from(p.n)))
                            .0,
                    }
                }
                Target::Claim(c) => {
                    let Some(claim) = doc.claims.get(c) else {
                        continue;
                    };
                    Node {
                        label: "Claim",
                        id: c.to_string(),
                        attrs: Attrs::default()
                            .str("type", "claim")
                            .str("name", &claim.text)
                            .str("kind", "claim")
                            .opt("note", claim.note.as_ref())
                            .0,
                    }
                }
            };
            target_at.insert(t, net.nodes.len());
            net.nodes.push(node);
        }

        let effective: HashMap<(&ActorId, &Target), &crate::graph::Effective> = view
            .effective
            .iter()
            .map(|((a, t), e)| ((a, t), e))
            .collect();
        for sid in &view.statements {
            let Some(s) = doc.statements.get(sid) else {
                continue;
            };
            let (Some(&from), Some(&to)) = (actor_at.get(&s.actor), target_at.get(&s.target))
            else {
                continue;
            };
            let eff = effective.get(&(s.principal(), &s.target));
            let evidence = s.evidence.as_ref();
            let source = evidence.and_then(|e| doc.sources.get(&e.source));
            let (origin, cue) = match &s.origin {
                crate::model::Origin::Curated => ("curated", None),
                crate::model::Origin::Extracted { cue, .. } => ("extracted", Some(cue)),
            };
            let mut attrs = Attrs::default()
                .str("type", "statement")
                .str("stance", s.stance.as_str())
                .opt("effective", eff.map(|e| e.stance.as_str()))
                .value(
                    "current",
                    Value::Bool(eff.is_some_and(|e| e.statement.as_ref() == Some(sid))),
                )
                .opt("date", s.date)
                .value("confidence", Value::Num(s.confidence()))
                .opt("quote", evidence.map(|e| &e.quote))
                .opt("source", evidence.map(|e| &e.source))
                .opt("source_title", source.map(|src| &src.title))
                .opt("url", source.and_then(|src| src.url.as_ref()))
                .str("kind", s.attribution.as_str())
                .str("origin", origin)
                .opt("cue", cue)
                .opt(
                    "reported_by",
                    s.reported_by.as_ref().map(|r| match r {
                        Relay::Actor(a) => a.to_string(),
                        Relay::Unnamed(d) => d.clone(),
                    }),
                )
                .opt("on_behalf_of", s.on_behalf_of.as_ref());
            if s.anonymous {
                attrs = attrs.value("anonymous", Value::Bool(true));
            }
            attrs = attrs
                .list("conditions", &s.conditions)
                .opt("note", s.note.as_ref());
            net.edges.push(Edge {
                label: "STATEMENT",
                id: sid.to_string(),
                from,
                to,
                attrs: attrs.0,
            });
        }

        for (id, a) in &doc.actors {
            let Some(&from) = actor_at.get(id) else {
                continue;
            };
            for (k, f) in a.affiliations.iter().enumerate() {
                let Some(&to) = actor_at.get(&f.actor) else {
                    continue;
                };
                let label = relation_label(f.rel);
                net.edges.push(Edge {
                    label,
                    id: format!("{id}/{}/{k}", label.to_lowercase()),
                    from,
                    to,
                    attrs: Attrs::default()
                        .str("type", label.to_lowercase())
                        .opt("since", f.since)
                        .opt("until", f.until)
                        .0,
                });
            }
        }

        for (pid, p) in &doc.proposals {
            let Some(&at) = target_at.get(&Target::Proposal(pid.clone())) else {
                continue;
            };
            let links = [
                ("REVISION_OF", p.revision_of.as_ref()),
                ("COUNTER_TO", p.counter_to.as_ref()),
            ];
            for (label, other) in links {
                let Some(other) = other else { continue };
                if let Some(&to) = target_at.get(&Target::Proposal(other.clone())) {
                    net.edges.push(Edge {
                        label,
                        id: format!("{pid}/{}", label.to_lowercase()),
                        from: at,
                        to,
                        attrs: Attrs::default().str("type", label.to_lowercase()).0,
                    });
                }
            }
            if let Some(&from) = p.proponent.as_ref().and_then(|a| actor_at.get(a)) {
                net.edges.push(Edge {
                    label: "PROPOSED",
                    id: format!("{pid}/proposed"),
                    from,
                    to: at,
                    attrs: Attrs::default()
                        .str("type", "proposed")
                        .opt("date", p.date)
                        .0,
                });
            }
            for n in p.points.keys() {
                let point = Target::Point(crate::model::PointId::new(pid.clone(), *n));
                if let Some(&from) = target_at.get(&point) {
                    net.edges.push(Edge {
                        label: "POINT_OF",
                        id: format!("{point}/point_of"),
                        from,
                        to: at,
                        attrs: Attrs::default().str("type", "point_of").0,
                    });
                }
            }
        }
        Ok(net)
    }
}

/// A number as the consuming tools read a float: always with a decimal point.
pub(crate) fn float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}
