//! GraphML export, for Gephi, yEd and NetworkX: the [`Network`] of a view, with
//! every attribute declared by a typed `<key>`.

use std::fmt::Write;

use super::ExportOptions;
use super::network::{EDGE_ATTRS, Kind, NODE_ATTRS, Network, Node, Value, float};
use crate::Result;
use crate::graph::StanceGraph;

/// Renders the graph as a GraphML document.
pub fn export_graphml(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    let net = Network::new(graph, opts)?;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    // `label` is what Gephi and yEd show; the rest are the network's attributes.
    let _ = writeln!(
        out,
        "  <key id=\"label\" for=\"all\" attr.name=\"label\" attr.type=\"string\"/>"
    );
    for (domain, prefix, attrs) in [("node", "n", NODE_ATTRS), ("edge", "e", EDGE_ATTRS)] {
        for (name, kind) in attrs {
            let _ = writeln!(
                out,
                "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{}\"/>",
                graphml_type(*kind)
            );
        }
    }
    out.push_str("  <graph id=\"stancegraph\" edgedefault=\"directed\">\n");
    for node in &net.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&node_key(node)));
        data(&mut out, "label", &Value::Str(node_label(node)));
        for (k, v) in &node.attrs {
            data(&mut out, &format!("n_{k}"), v);
        }
        out.push_str("    </node>\n");
    }
    for edge in &net.edges {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&format!("{}:{}", edge.label.to_lowercase(), edge.id)),
            escape(&node_key(&net.nodes[edge.from])),
            escape(&node_key(&net.nodes[edge.to])),
        );
        let label = edge
            .attrs
            .iter()
            .find(|(k, _)| *k == "stance")
            .map_or_else(|| edge.label.to_lowercase(), |(_, v)| text(v));
        data(&mut out, "label", &Value::Str(label));
        for (k, v) in &edge.attrs {
            data(&mut out, &format!("e_{k}"), v);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    Ok(out)
}

/// A node's GraphML id: its type and id, as ids are unique only within a type
/// (an actor and a proposal may both be `nato`).
pub(crate) fn node_key(node: &Node) -> String {
    format!("{}:{}", node.label.to_lowercase(), node.id)
}

fn node_label(node: &Node) -> String {
    node.attrs
        .iter()
        .find(|(k, _)| *k == "name")
        .map_or_else(|| node.id.clone(), |(_, v)| text(v))
}

fn graphml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Str | Kind::List => "string",
        Kind::Num => "double",
        Kind::Int => "long",
        Kind::Bool => "boolean",
    }
}

/// A value as GraphML text: lists joined with `; ` (GraphML has no list type).
fn text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Num(x) => float(*x),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => items.join("; "),
    }
}

fn data(out: &mut String, key: &str, v: &Value) {
    let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(&text(v)));
}

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot hold at
/// all (most control characters) become U+FFFD, so no graph gives a file a parser
/// refuses; a carriage return is written as a reference so that it survives.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_forbidden_characters() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\r"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}&#13;"
        );
    }
}
