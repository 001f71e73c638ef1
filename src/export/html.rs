//! The interactive map page: one self-contained HTML file that works offline, with
//! the map drawn by Graphviz, a stance filter, a date slider, actor search and an
//! evidence panel.
//!
//! The page never works a stance out for itself. For every day a shown statement is
//! known by, stancegraph computes the effective stances as of that day (what
//! `export --as-of DAY` shows) and embeds them; the slider picks one. Beside them
//! sits the `export --format json` document of the same options, which the panel
//! reads the evidence from. The map is the DOT export drawn with `dot -Tsvg`, with
//! element ids for the script and one arrow for each stance a pair takes on some
//! day. CSS and script are the project's own files, included at build time, so the
//! same graph and options always give the same bytes.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use super::dot::{ForPage, actor_svg_id, export_page_dot, stance_svg_id, target_svg_id, title};
use super::{ExportOptions, View, export_json};
use crate::graph::{Effective, StanceGraph};
use crate::model::{ActorId, Date, Stance, Target};
use crate::{Error, Result};

const PAGE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// Renders the graph as one HTML page. Needs Graphviz's `dot` on the `PATH`; without
/// it, or when it fails, the error says so.
pub fn export_html(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    let view = View::new(graph, opts)?;
    let doc = graph.document();
    // Effective stances change only on the days a shown statement is known by.
    let days: BTreeSet<Date> = view
        .statements
        .iter()
        .filter_map(|id| doc.statements.get(id))
        .filter_map(|s| doc.known_by(s))
        .collect();
    let mut steps: Vec<Step> = Vec::new();
    for day in &days {
        let on_day = ExportOptions {
            as_of: Some(*day),
            ..opts.clone()
        };
        steps.push(Step {
            day: Some(*day),
            effective: View::new(graph, &on_day)?.effective,
        });
    }
    if steps.is_empty() {
        steps.push(Step {
            day: None,
            effective: view.effective.clone(),
        });
    }
    let mut stances: HashMap<(ActorId, Target), Vec<Stance>> = HashMap::new();
    for (pair, e) in steps.iter().flat_map(|s| &s.effective) {
        let seen = stances.entry(pair.clone()).or_default();
        if !seen.contains(&e.stance) {
            seen.push(e.stance);
        }
    }
    for seen in stances.values_mut() {
        seen.sort();
    }
    let dot = export_page_dot(graph, opts, &ForPage { stances: &stances })?;
    let svg = render_svg(&dot)?;
    let graph_json = export_json(graph, opts)?;
    let map = map_data(graph, &view, &steps, &stances).to_string();
    let title = escape_html(&title(graph, opts));
    let mut page = String::with_capacity(
        PAGE.len() + STYLE.len() + SCRIPT.len() + svg.len() + graph_json.len() + map.len(),
    );
    fill(&mut page, |name, out| match name {
        "title" => out.push_str(&title),
        "css" => out.push_str(STYLE),
        "script" => out.push_str(SCRIPT),
        "svg" => out.push_str(&svg),
        "graph" => push_script_json(out, graph_json.trim_end()),
        "map" => push_script_json(out, &map),
        _ => {}
    });
    Ok(page)
}

/// One stop of the date slider: the effective stances as of a day (`None`: the graph
/// has no dated statement in view, and the one stop is every statement).
struct Step {
    day: Option<Date>,
    effective: Vec<((ActorId, Target), Effective)>,
}

/// What the script needs beside the graph: the effective stances of each day, and
/// which element of the map is which actor, target and stance arrow.
fn map_data(
    graph: &StanceGraph,
    view: &View,
    steps: &[Step],
    stances: &HashMap<(ActorId, Target), Vec<Stance>>,
) -> Value {
    let doc = graph.document();
    let effective = |eff: &[((ActorId, Target), Effective)]| -> Vec<Value> {
        eff.iter()
            .map(|((a, t), e)| {
                json!({
                    "actor": a.as_str(),
                    "target": t.to_string(),
                    "target_kind": t.kind(),
                    "stance": e.stance.as_str(),
                    "statement": e.statement,
                })
            })
            .collect()
    };
    let steps: Vec<Value> = steps
        .iter()
        .map(|s| json!({"date": s.day, "effective": effective(&s.effective)}))
        .collect();
    let shown: std::collections::HashSet<&ActorId> = view.actors.iter().collect();
    let targets: std::collections::HashSet<&Target> = view.targets.iter().collect();
    // In the order the map draws them, so that the page's bytes never depend on a
    // hash map's order.
    let mut arrows = Vec::new();
    for ((a, t), e) in &view.effective {
        if !shown.contains(a) || !targets.contains(t) {
            continue;
        }
        let drawn = stances
            .get(&(a.clone(), t.clone()))
            .map_or_else(|| vec![e.stance], Clone::clone);
        for s in drawn {
            arrows.push(json!({
                "id": stance_svg_id(a, t, s),
                "actor": a.as_str(),
                "target": t.to_string(),
                "target_kind": t.kind(),
                "stance": s.as_str(),
            }));
        }
    }
    let actors: Vec<Value> = view
        .actors
        .iter()
        .map(|a| json!({"id": actor_svg_id(a), "actor": a.as_str()}))
        .collect();
    let targets: Vec<Value> = view
        .targets
        .iter()
        .map(|t| {
            let label = match t {
                Target::Proposal(p) => doc
                    .proposals
                    .get(p)
                    .map_or_else(|| p.to_string(), |p| p.title.clone()),
                Target::Point(p) => {
                    let text = doc
                        .proposals
                        .get(&p.proposal)
                        .and_then(|prop| prop.points.get(&p.n))
                        .map_or("", |pt| pt.text.as_str());
                    format!("Point {}: {text}", p.n)
                }
                Target::Claim(c) => doc
                    .claims
                    .get(c)
                    .map_or_else(|| c.to_string(), |c| format!("Claim: {}", c.text)),
            };
            json!({
                "id": target_svg_id(t),
                "target": t.to_string(),
                "kind": t.kind(),
                "label": label,
            })
        })
        .collect();
    json!({"steps": steps, "arrows": arrows, "actors": actors, "targets": targets})
}

/// Writes the page template with each `{{name}}` replaced by what `put` writes for
/// it, in one pass, so that nothing put in is ever read as a placeholder.
fn fill(out: &mut String, mut put: impl FnMut(&str, &mut String)) {
    let mut rest = PAGE;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                put(&after[..end], out);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// Puts JSON text inside a `<script type="application/json">` element. `<`, `>` and
/// `&` only occur inside JSON strings, where their `\u` escapes read back the same,
/// and without them no string can close the element (`</script>`) or open a comment
/// (`<!--`) that would change how the element ends.
fn push_script_json(out: &mut String, json: &str) {
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
}

/// Escapes text for HTML text and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Draws DOT with Graphviz (`dot -Tsvg`) and returns the `<svg>` element, without
/// the XML prolog and doctype that an HTML page must not have.
fn render_svg(dot: &str) -> Result<String> {
    let graphviz = |reason: String| Error::Graphviz(reason);
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => graphviz(
                "`dot` was not found on the PATH; install Graphviz (apt-get install graphviz)"
                    .into(),
            ),
            _ => graphviz(format!("could not start `dot`: {e}")),
        })?;
    // Written from another thread, so that a large map never fills both pipes at once.
    let output = std::thread::scope(|scope| {
        let stdin = child.stdin.take();
        scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A failed write shows as `dot` failing, reported below.
                let _ = stdin.write_all(dot.as_bytes());
            }
        });
        child.wait_with_output()
    })
    .map_err(|e| graphviz(format!("`dot -Tsvg` did not finish: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(graphviz(format!(
            "`dot -Tsvg` failed ({}): {}",
            output.status,
            stderr.trim()
        )));
    }
    let svg = String::from_utf8(output.stdout)
        .map_err(|_| graphviz("`dot -Tsvg` wrote text that is not UTF-8".into()))?;
    match svg.find("<svg") {
        Some(start) => Ok(svg[start..].trim_end().to_owned()),
        None => Err(graphviz("`dot -Tsvg` wrote no <svg> element".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let mut out = String::new();
        push_script_json(&mut out, r#"{"q":"</script><!-- & -->"}"#);
        assert_eq!(
            out,
            r#"{"q":"\u003c/script\u003e\u003c!-- \u0026 --\u003e"}"#
        );
        let back: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        assert_eq!(back["q"], "</script><!-- & -->");
    }

    #[test]
    fn placeholders_are_filled_once() {
        let mut out = String::new();
        fill(&mut out, |name, out| {
            if name == "title" {
                out.push_str("{{svg}}");
            }
        });
        assert!(out.contains("<title>{{svg}}</title>"), "{out}");
        assert!(!out.contains("{{css}}"));
    }

    #[test]
    fn the_page_files_cannot_end_their_elements_early() {
        assert!(
            !SCRIPT.contains("</script"),
            "page.js must not hold `</script`"
        );
        assert!(!SCRIPT.contains("<!--"), "page.js must not hold `<!--`");
        assert!(
            !STYLE.contains("</style"),
            "page.css must not hold `</style`"
        );
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
