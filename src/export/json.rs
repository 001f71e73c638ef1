//! JSON export, following the JSON contract in DESIGN.md: one document per run, ids
//! for every reference, stances written `support`, `skeptical`, `non-starter`.

use serde_json::{Map, Value, json};

use super::{ExportOptions, View};
use crate::graph::StanceGraph;
use crate::model::{Actor, ActorId, Document, Origin, Relay, Statement, StatementId, Target};
use crate::{Error, Result};

/// The `schema` field of every JSON document.
pub const JSON_SCHEMA: &str = "stancegraph/1";

/// Renders the graph as one pretty-printed JSON document.
pub fn export_json(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    let view = View::new(graph, opts)?;
    let doc = graph.document();
    let mut value = json_document(
        doc,
        view.actors.iter(),
        view.statements.iter(),
        &view.targets,
    );
    if let Value::Object(map) = &mut value {
        map.insert(
            "effective".into(),
            view.effective
                .iter()
                .map(|((a, t), e)| {
                    json!({
                        "actor": a.as_str(),
                        "target": t.to_string(),
                        "target_kind": t.kind(),
                        "stance": e.stance.as_str(),
                        "statement": e.statement.as_ref().map(StatementId::as_str),
                    })
                })
                .collect(),
        );
    }
    let mut text =
        serde_json::to_string_pretty(&value).map_err(|e| Error::Encode(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The JSON document for a selection of a graph: the given actors and statements,
/// the proposals and claims among `targets` (a proposal is listed whole when it or
/// one of its points is), and every source the statements cite.
pub fn json_document<'a>(
    doc: &Document,
    actors: impl Iterator<Item = &'a ActorId>,
    statements: impl Iterator<Item = &'a StatementId>,
    targets: &[Target],
) -> Value {
    let statements: Vec<(&StatementId, &Statement)> = statements
        .filter_map(|id| doc.statements.get_key_value(id))
        .collect();
    let proposals: Vec<Value> = doc
        .proposals
        .iter()
        .filter(|(id, _)| {
            targets.iter().any(|t| match t {
                Target::Proposal(p) => p == *id,
                Target::Point(p) => &p.proposal == *id,
                Target::Claim(_) => false,
            })
        })
        .map(|(id, p)| {
            json!({
                "id": id.as_str(),
                "title": p.title,
                "aliases": p.aliases,
                "proponent": p.proponent.as_ref().map(ActorId::as_str),
                "date": p.date.map(|d| d.to_string()),
                "revision_of": p.revision_of.as_ref().map(|x| x.as_str()),
                "counter_to": p.counter_to.as_ref().map(|x| x.as_str()),
                "points": p.points.iter().map(|(n, pt)| json!({
                    "id": format!("{id}/{n}"),
                    "n": n,
                    "text": pt.text,
                })).collect::<Vec<_>>(),
                "note": p.note,
            })
        })
        .collect();
    let claims: Vec<Value> = doc
        .claims
        .iter()
        .filter(|(id, _)| targets.contains(&Target::Claim((*id).clone())))
        .map(|(id, c)| json!({"id": id.as_str(), "text": c.text, "note": c.note}))
        .collect();
    let cited: Vec<&crate::model::SourceId> = statements
        .iter()
        .filter_map(|(_, s)| s.evidence.as_ref().map(|e| &e.source))
        .collect();
    let sources: Vec<Value> = doc
        .sources
        .iter()
        .filter(|(id, _)| cited.contains(id))
        .map(|(id, s)| {
            json!({
                "id": id.as_str(),
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "published": s.published.map(|d| d.to_string()),
                "sha256": s.sha256,
            })
        })
        .collect();
    json!({
        "schema": JSON_SCHEMA,
        "actors": actors.filter_map(|id| doc.actors.get(id).map(|a| actor_json(id, a))).collect::<Vec<_>>(),
        "proposals": proposals,
        "claims": claims,
        "sources": sources,
        "statements": statements.iter().map(|(id, s)| statement_json(id, s)).collect::<Vec<_>>(),
    })
}

fn actor_json(id: &ActorId, a: &Actor) -> Value {
    json!({
        "id": id.as_str(),
        "name": a.name,
        "kind": a.kind.as_str(),
        "aliases": a.aliases,
        "titles": a.titles,
        "affiliations": a.affiliations.iter().map(|f| json!({
            "rel": format!("{:?}", f.rel),
            "actor": f.actor.as_str(),
            "since": f.since.map(|d| d.to_string()),
            "until": f.until.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "influence": a.influence(),
        "note": a.note,
    })
}

/// One statement as the JSON contract writes it; also one line of `jsonl` output.
pub fn statement_json(id: &StatementId, s: &Statement) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), id.as_str().into());
    m.insert("actor".into(), s.actor.as_str().into());
    m.insert("target".into(), s.target.to_string().into());
    m.insert("target_kind".into(), s.target.kind().into());
    m.insert("stance".into(), s.stance.as_str().into());
    m.insert("date".into(), s.date.map(|d| d.to_string()).into());
    m.insert(
        "quote".into(),
        s.evidence.as_ref().map(|e| e.quote.clone()).into(),
    );
    m.insert(
        "source".into(),
        s.evidence.as_ref().map(|e| e.source.to_string()).into(),
    );
    m.insert(
        "span".into(),
        s.evidence
            .as_ref()
            .and_then(|e| e.span)
            .map(|(a, b)| json!([a, b]))
            .unwrap_or(Value::Null),
    );
    m.insert("confidence".into(), s.confidence().into());
    m.insert("attribution".into(), s.attribution.as_str().into());
    m.insert(
        "reported_by".into(),
        match &s.reported_by {
            Some(Relay::Actor(a)) => a.as_str().into(),
            Some(Relay::Unnamed(d)) => d.as_str().into(),
            None => Value::Null,
        },
    );
    m.insert("anonymous".into(), s.anonymous.into());
    m.insert(
        "on_behalf_of".into(),
        s.on_behalf_of.as_ref().map(|a| a.to_string()).into(),
    );
    m.insert("conditions".into(), s.conditions.clone().into());
    let (origin, cue, pattern) = match &s.origin {
        Origin::Curated => ("curated", None, None),
        Origin::Extracted { cue, pattern, .. } => {
            ("extracted", Some(cue.clone()), Some(pattern.as_str()))
        }
    };
    m.insert("origin".into(), origin.into());
    m.insert("cue".into(), cue.into());
    m.insert("pattern".into(), pattern.into());
    // Only statements a model decided on carry a model, so the key is there only then.
    if let Origin::Extracted {
        model: Some(model), ..
    } = &s.origin
    {
        m.insert(
            "model".into(),
            serde_json::to_value(model).unwrap_or(Value::Null),
        );
    }
    m.insert("note".into(), s.note.clone().into());
    Value::Object(m)
}
