//! Graph database exports: a Cypher script (Neo4j, FalkorDB, Memgraph) and CSV
//! files for `neo4j-admin database import`, both from the view's [`Network`].
//!
//! The script `MERGE`s every node and relationship by its id, so running it twice
//! changes nothing, and writes every string as an escaped literal, so no quote in
//! a name or quotation can end a literal and start a statement of its own.

use std::fmt::Write;

use super::ExportOptions;
use super::graphml::node_key;
use super::network::{EDGE_ATTRS, Kind, NODE_ATTRS, NODE_LABELS, Network, Value, float};
use crate::Result;
use crate::graph::StanceGraph;

/// Renders the graph as a Cypher script: one statement per line, nodes first.
pub fn export_cypher(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    let net = Network::new(graph, opts)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// stancegraph: {} nodes, {} relationships, merged by id (running this twice changes nothing).",
        net.nodes.len(),
        net.edges.len()
    );
    for node in &net.nodes {
        let _ = write!(
            out,
            "MERGE (n:{} {{id: {}}})",
            node.label,
            literal(&node.id)
        );
        set(&mut out, "n", &node.attrs);
        out.push_str(";\n");
    }
    for edge in &net.edges {
        let (a, b) = (&net.nodes[edge.from], &net.nodes[edge.to]);
        let _ = write!(
            out,
            "MATCH (a:{} {{id: {}}}), (b:{} {{id: {}}}) MERGE (a)-[r:{} {{id: {}}}]->(b)",
            a.label,
            literal(&a.id),
            b.label,
            literal(&b.id),
            edge.label,
            literal(&edge.id)
        );
        set(&mut out, "r", &edge.attrs);
        out.push_str(";\n");
    }
    Ok(out)
}

/// ` SET v.k = value, ...` for every attribute but `type`, which the label says.
fn set(out: &mut String, var: &str, attrs: &[(&'static str, Value)]) {
    let mut first = true;
    for (k, v) in attrs.iter().filter(|(k, _)| *k != "type") {
        out.push_str(if first { " SET " } else { ", " });
        first = false;
        let _ = write!(out, "{var}.{k} = {}", cypher_value(v));
    }
}

fn cypher_value(v: &Value) -> String {
    match v {
        Value::Str(s) => literal(s),
        Value::Num(x) => float(*x),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|s| literal(s)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// A Cypher string literal: single-quoted, with the backslash, the quote and
/// control characters escaped.
pub(crate) fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The CSV files for `neo4j-admin database import full`: one per node type
/// (`actors.csv`, `proposals.csv`, `points.csv`, `claims.csv`) and
/// `relationships.csv`, as (file name, contents). Ids share one id space, written
/// `actor:ID` and so on in the `:ID` column (not stored) beside an `id` property;
/// lists use `;`, the importer's default array delimiter; every field is quoted,
/// so import with `--multiline-fields=true` when a quotation spans lines.
pub fn export_csv(graph: &StanceGraph, opts: &ExportOptions) -> Result<Vec<(String, String)>> {
    let net = Network::new(graph, opts)?;
    let mut files = Vec::new();
    for label in NODE_LABELS {
        let nodes: Vec<_> = net.nodes.iter().filter(|n| n.label == *label).collect();
        let columns: Vec<&(&str, Kind)> = NODE_ATTRS
            .iter()
            .filter(|(k, _)| *k != "type")
            .filter(|(k, _)| nodes.iter().any(|n| n.attrs.iter().any(|(a, _)| a == k)))
            .collect();
        let mut out = String::new();
        let mut header = vec![":ID".to_owned(), "id".to_owned()];
        header.extend(columns.iter().map(|(k, kind)| column(k, *kind)));
        header.push(":LABEL".to_owned());
        row(&mut out, &header);
        for n in nodes {
            let mut fields = vec![node_key(n), n.id.clone()];
            fields.extend(columns.iter().map(|(k, _)| field(&n.attrs, k)));
            fields.push((*label).to_owned());
            row(&mut out, &fields);
        }
        files.push((format!("{}s.csv", label.to_lowercase()), out));
    }
    let columns: Vec<&(&str, Kind)> = EDGE_ATTRS
        .iter()
        .filter(|(k, _)| *k != "type")
        .filter(|(k, _)| {
            net.edges
                .iter()
                .any(|e| e.attrs.iter().any(|(a, _)| a == k))
        })
        .collect();
    let mut out = String::new();
    let mut header = vec![
        ":START_ID".to_owned(),
        ":END_ID".to_owned(),
        ":TYPE".to_owned(),
        "id".to_owned(),
    ];
    header.extend(columns.iter().map(|(k, kind)| column(k, *kind)));
    row(&mut out, &header);
    for e in &net.edges {
        let mut fields = vec![
            node_key(&net.nodes[e.from]),
            node_key(&net.nodes[e.to]),
            e.label.to_owned(),
            e.id.clone(),
        ];
        fields.extend(columns.iter().map(|(k, _)| field(&e.attrs, k)));
        row(&mut out, &fields);
    }
    files.push(("relationships.csv".to_owned(), out));
    Ok(files)
}

/// A header field: the name and, for other than strings, the importer's type.
fn column(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Str => name.to_owned(),
        Kind::Num => format!("{name}:double"),
        Kind::Int => format!("{name}:long"),
        Kind::Bool => format!("{name}:boolean"),
        Kind::List => format!("{name}:string[]"),
    }
}

/// The value of `key` among `attrs` as a CSV field; empty when absent, which the
/// importer reads as no property.
fn field(attrs: &[(&'static str, Value)], key: &str) -> String {
    attrs
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(String::new, |(_, v)| match v {
            Value::Str(s) => s.clone(),
            Value::Num(x) => float(*x),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items.join(";"),
        })
}

/// One CSV row, every field quoted and its quotes doubled.
fn row(out: &mut String, fields: &[String]) {
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        // An empty field unquoted: the importer reads it as no property at all.
        if f.is_empty() {
            continue;
        }
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_cannot_end_a_literal() {
        assert_eq!(literal("O'Brien \\' x"), "'O\\'Brien \\\\\\' x'");
        assert_eq!(literal("a\nb\u{1}"), "'a\\nb\\u0001'");
    }
}
