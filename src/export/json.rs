//! JSON export, following the JSON contract in DESIGN.md: one document per run, ids
//! for every reference, stances written `support`, `skeptical`, `non-starter`.
//!
//! The document is written straight from the graph as it is serialised: nothing
//! is copied into a JSON value tree first, so writing it takes little more memory
//! than the graph itself, and a document written to a file or a pipe is never held
//! as text.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::{ExportOptions, View};
use crate::graph::{Effective, StanceGraph};
use crate::model::{
    Actor, ActorId, Document, Origin, Relay, SourceId, Statement, StatementId, Target,
};
use crate::{Error, Result};

/// The `schema` field of every JSON document.
pub const JSON_SCHEMA: &str = "stancegraph/1";

/// Renders the graph as one pretty-printed JSON document.
pub fn export_json(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    let mut out = Vec::new();
    write_export_json(graph, opts, &mut out)?;
    String::from_utf8(out).map_err(|e| Error::Encode(e.to_string()))
}

/// Writes the graph as one pretty-printed JSON document and a newline to `out`.
pub fn write_export_json(
    graph: &StanceGraph,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let view = View::new(graph, opts)?;
    let mut selection = JsonDocument::new(
        graph.document(),
        view.actors.iter(),
        view.statements.iter(),
        &view.targets,
    );
    selection.effective = Some(&view.effective);
    selection.write(out)
}

/// The JSON document for a selection of a graph: the given actors and statements,
/// the proposals and claims among the targets (a proposal is listed whole when it
/// or one of its points is), and every source the statements cite. It holds
/// references only; [`JsonDocument::write`] writes it.
pub struct JsonDocument<'a> {
    doc: &'a Document,
    actors: Vec<(&'a ActorId, &'a Actor)>,
    statements: Vec<(&'a StatementId, &'a Statement)>,
    proposals: HashSet<&'a crate::model::ProposalId>,
    claims: HashSet<&'a crate::model::ClaimId>,
    sources: HashSet<&'a SourceId>,
    /// Effective stances, written as `effective` when present.
    pub effective: Option<&'a [((ActorId, Target), Effective)]>,
}

impl<'a> JsonDocument<'a> {
    /// Selects from `doc`; ids that are not in it are left out.
    pub fn new(
        doc: &'a Document,
        actors: impl Iterator<Item = &'a ActorId>,
        statements: impl Iterator<Item = &'a StatementId>,
        targets: impl IntoIterator<Item = &'a Target>,
    ) -> Self {
        let statements: Vec<(&StatementId, &Statement)> = statements
            .filter_map(|id| doc.statements.get_key_value(id))
            .collect();
        let (mut proposals, mut claims) = (HashSet::new(), HashSet::new());
        for t in targets {
            match t {
                Target::Proposal(p) => {
                    proposals.insert(p);
                }
                Target::Point(p) => {
                    proposals.insert(&p.proposal);
                }
                Target::Claim(c) => {
                    claims.insert(c);
                }
            }
        }
        let sources = statements
            .iter()
            .filter_map(|(_, s)| s.evidence.as_ref().map(|e| &e.source))
            .collect();
        Self {
            doc,
            actors: actors
                .filter_map(|id| doc.actors.get_key_value(id))
                .collect(),
            statements,
            proposals,
            claims,
            sources,
            effective: None,
        }
    }

    /// Writes the document as pretty-printed JSON and a newline, through a buffer.
    pub fn write(&self, out: &mut dyn Write) -> Result<()> {
        write_pretty(self, out)
    }
}

/// Writes `value` as pretty JSON and a newline to `out`, through a buffer, without
/// holding its text. A failed write is an [`Error::Io`] on standard output, so that
/// a reader that stops early is told apart from a value that cannot be written.
pub(crate) fn write_pretty(value: &impl Serialize, out: &mut dyn Write) -> Result<()> {
    let stdout = |source| Error::Io {
        path: "<stdout>".into(),
        source,
    };
    let mut buffer = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut buffer, value).map_err(|e| {
        if e.is_io() {
            stdout(io::Error::from(e))
        } else {
            Error::Encode(e.to_string())
        }
    })?;
    buffer.write_all(b"\n").map_err(stdout)?;
    buffer.flush().map_err(stdout)
}

/// A sequence serialised from an iterator as it is written, never collected.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

impl Serialize for JsonDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let doc = self.doc;
        let mut m = s.serialize_struct("Document", 7)?;
        m.serialize_field("schema", JSON_SCHEMA)?;
        m.serialize_field(
            "actors",
            &Each(|| self.actors.iter().map(|(id, a)| ActorJson(id, a))),
        )?;
        m.serialize_field(
            "proposals",
            &Each(|| {
                doc.proposals
                    .iter()
                    .filter(|(id, _)| self.proposals.contains(id))
                    .map(|(id, p)| ProposalJson(id, p))
            }),
        )?;
        m.serialize_field(
            "claims",
            &Each(|| {
                doc.claims
                    .iter()
                    .filter(|(id, _)| self.claims.contains(id))
                    .map(|(id, c)| {
                        serde_json::json!({"id": id.as_str(), "text": c.text, "note": c.note})
                    })
            }),
        )?;
        m.serialize_field(
            "sources",
            &Each(|| {
                doc.sources
                    .iter()
                    .filter(|(id, _)| self.sources.contains(id))
                    .map(|(id, s)| SourceJson(id, s))
            }),
        )?;
        m.serialize_field(
            "statements",
            &Each(|| self.statements.iter().map(|(id, s)| StatementJson(id, s))),
        )?;
        if let Some(effective) = self.effective {
            m.serialize_field(
                "effective",
                &Each(|| effective.iter().map(|((a, t), e)| EffectiveJson(a, t, e))),
            )?;
        }
        m.end()
    }
}

struct ActorJson<'a>(&'a ActorId, &'a Actor);

impl Serialize for ActorJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (id, a) = (self.0, self.1);
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("id", id.as_str())?;
        m.serialize_entry("name", &a.name)?;
        m.serialize_entry("kind", a.kind.as_str())?;
        m.serialize_entry("aliases", &a.aliases)?;
        m.serialize_entry("titles", &a.titles)?;
        m.serialize_entry(
            "affiliations",
            &Each(|| {
                a.affiliations.iter().map(|f| {
                    serde_json::json!({
                        "rel": format!("{:?}", f.rel),
                        "actor": f.actor.as_str(),
                        "since": f.since,
                        "until": f.until,
                    })
                })
            }),
        )?;
        m.serialize_entry("influence", &a.influence())?;
        m.serialize_entry("note", &a.note)?;
        m.end()
    }
}

struct ProposalJson<'a>(&'a crate::model::ProposalId, &'a crate::model::Proposal);

impl Serialize for ProposalJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (id, p) = (self.0, self.1);
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry("id", id.as_str())?;
        m.serialize_entry("title", &p.title)?;
        m.serialize_entry("aliases", &p.aliases)?;
        m.serialize_entry("proponent", &p.proponent)?;
        m.serialize_entry("date", &p.date)?;
        m.serialize_entry("revision_of", &p.revision_of)?;
        m.serialize_entry("counter_to", &p.counter_to)?;
        m.serialize_entry(
            "points",
            &Each(|| {
                p.points.iter().map(|(n, pt)| {
                    serde_json::json!({
                        "id": format!("{id}/{n}"),
                        "n": n,
                        "text": pt.text,
                    })
                })
            }),
        )?;
        m.serialize_entry("note", &p.note)?;
        m.end()
    }
}

struct SourceJson<'a>(&'a SourceId, &'a crate::model::Source);

impl Serialize for SourceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (id, src) = (self.0, self.1);
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("id", id.as_str())?;
        m.serialize_entry("title", &src.title)?;
        m.serialize_entry("publisher", &src.publisher)?;
        m.serialize_entry("url", &src.url)?;
        m.serialize_entry("published", &src.published)?;
        m.serialize_entry("sha256", &src.sha256)?;
        m.end()
    }
}

struct EffectiveJson<'a>(&'a ActorId, &'a Target, &'a Effective);

impl Serialize for EffectiveJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("actor", self.0.as_str())?;
        m.serialize_entry("target", &self.1.to_string())?;
        m.serialize_entry("target_kind", self.1.kind())?;
        m.serialize_entry("stance", self.2.stance.as_str())?;
        m.serialize_entry("statement", &self.2.statement)?;
        m.end()
    }
}

/// One statement as the JSON contract writes it.
struct StatementJson<'a>(&'a StatementId, &'a Statement);

impl Serialize for StatementJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        let (id, s) = (self.0, self.1);
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("id", id.as_str())?;
        m.serialize_entry("actor", s.actor.as_str())?;
        m.serialize_entry("target", &s.target.to_string())?;
        m.serialize_entry("target_kind", s.target.kind())?;
        m.serialize_entry("stance", s.stance.as_str())?;
        m.serialize_entry("date", &s.date)?;
        m.serialize_entry("quote", &s.evidence.as_ref().map(|e| &e.quote))?;
        m.serialize_entry("source", &s.evidence.as_ref().map(|e| &e.source))?;
        m.serialize_entry("span", &s.evidence.as_ref().and_then(|e| e.span))?;
        m.serialize_entry("confidence", &s.confidence())?;
        m.serialize_entry("attribution", s.attribution.as_str())?;
        m.serialize_entry(
            "reported_by",
            &s.reported_by.as_ref().map(|r| match r {
                Relay::Actor(a) => a.as_str(),
                Relay::Unnamed(d) => d.as_str(),
            }),
        )?;
        m.serialize_entry("anonymous", &s.anonymous)?;
        m.serialize_entry("on_behalf_of", &s.on_behalf_of)?;
        m.serialize_entry("conditions", &s.conditions)?;
        let (origin, cue, pattern) = match &s.origin {
            Origin::Curated => ("curated", None, None),
            Origin::Extracted { cue, pattern, .. } => {
                ("extracted", Some(cue), Some(pattern.as_str()))
            }
        };
        m.serialize_entry("origin", origin)?;
        m.serialize_entry("cue", &cue)?;
        m.serialize_entry("pattern", &pattern)?;
        // Only statements a model decided on carry a model, so the key is there only then.
        if let Origin::Extracted {
            model: Some(model), ..
        } = &s.origin
        {
            m.serialize_entry("model", model)?;
        }
        m.serialize_entry("note", &s.note)?;
        m.end()
    }
}

/// One statement as the JSON contract writes it; also the start of a line of
/// `jsonl` output.
pub fn statement_json(id: &StatementId, s: &Statement) -> Value {
    serde_json::to_value(StatementJson(id, s)).unwrap_or(Value::Null)
}
