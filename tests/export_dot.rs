//! DOT export: deterministic, styled by stance, and accepted by Graphviz for every
//! graph the project ships and every export option.

use stancegraph::*;

use crate::common;

fn geneva() -> StanceGraph {
    StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap()
}

#[test]
fn every_graph_renders_with_every_option() {
    for path in common::all_graphs() {
        let g = StanceGraph::load(&path).unwrap();
        let mut options = vec![ExportOptions::default()];
        for p in g.document().proposals.keys() {
            options.push(ExportOptions {
                proposal: Some(p.clone()),
                ..Default::default()
            });
        }
        for a in g.document().actors.keys().take(4) {
            options.push(ExportOptions {
                focus: Some(a.clone()),
                ..Default::default()
            });
        }
        options.push(ExportOptions {
            as_of: Some("2025-11-21".parse().unwrap()),
            ..Default::default()
        });
        for opts in options {
            let dot = export_dot(&g, &opts).unwrap();
            assert_eq!(
                dot,
                export_dot(&g, &opts).unwrap(),
                "same graph, same bytes"
            );
            common::render_svg(&dot, &format!("{} with {opts:?}", path.display()));
        }
    }
}

#[test]
fn any_text_renders_as_itself() {
    let g = StanceGraph::load(common::path("tests/fixtures/graphs/tricky-strings.ron")).unwrap();
    let dot = export_dot(&g, &ExportOptions::default()).unwrap();
    let Some(svg) = common::render_svg(&dot, "tricky-strings") else {
        return;
    };
    for text in [
        "Łódź 🚀 नमस्ते 日本語",
        "Dr. &quot;Quotes&quot; O&#39;Brien \\ backslash",
        "Group \\N \\G \\l \\E escapes",
    ] {
        assert!(svg.contains(text), "the SVG should show {text:?}:\n{svg}");
    }
    assert!(
        svg.contains("A claim with &amp;amp; entity and &amp; ampersand"),
        "{svg}"
    );
    assert!(
        svg.contains("https://example.org/a?b=1&amp;c=&quot;2&quot;"),
        "the URL is on the edge:\n{svg}"
    );
}

/// The line of the stance arrow between an actor and a target whose node id starts
/// with `target`: drawn actor to target, or (from the right-hand column) target to
/// actor, reversed.
fn arrow<'a>(dot: &'a str, actor: &str, target: &str) -> Option<&'a str> {
    let actor = format!("\"actor:{actor}\"");
    let target = format!("\"{target}");
    dot.lines().map(str::trim_start).find(|l| {
        let Some((from, rest)) = l.split_once(" -> ") else {
            return false;
        };
        let to = rest.split(" [").next().unwrap_or("");
        let stance = l.contains("penwidth=") && !l.contains("legend:");
        stance
            && ((from == actor && to.starts_with(&target))
                || (from.starts_with(&target) && to == actor && l.contains("dir=back")))
    })
}

#[test]
fn stances_are_coloured_and_styled_with_a_legend_of_those_present() {
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let edge = |from: &str| {
        arrow(&dot, from, "proposal:us-28-point-plan")
            .unwrap_or_else(|| panic!("no edge from {from}"))
            .to_owned()
    };
    assert!(edge("trump").contains("style=solid"));
    assert!(edge("mike-rogers").contains("style=dashed"));
    assert!(
        edge("european-leaders").contains("style=bold")
            && edge("european-leaders").contains("=tee")
    );
    // The spokesperson's statement counts for the principal.
    assert!(edge("driscoll").contains("Dan Driscoll on us-28-point-plan: support"));
    assert!(arrow(&dot, "dave-butler", "proposal:").is_none());
    for s in ["support", "skeptical", "non-starter"] {
        assert!(
            dot.contains(&format!("\"legend:{s}:to\"")),
            "legend for {s}"
        );
    }
    // Only the stances drawn are in the legend.
    let counter = export_dot(
        &geneva(),
        &ExportOptions {
            proposal: Some("eu-counterproposal".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        counter.contains("\"legend:support:to\"") && !counter.contains("\"legend:skeptical:to\"")
    );
}

#[test]
fn tooltips_carry_quote_source_and_date() {
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let line = arrow(&dot, "mike-rogers", "").unwrap();
    assert!(
        line.contains("highly skeptical it will achieve peace"),
        "{line}"
    );
    assert!(
        line.contains("source: Us And Russia To Meet About Ukraine"),
        "{line}"
    );
    assert!(line.contains("date: 2025-11-21"), "{line}");
}

#[test]
fn actors_are_boxed_by_country_and_bloc() {
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let at = |needle: &str| {
        dot.find(needle)
            .unwrap_or_else(|| panic!("missing {needle}"))
    };
    let nato = at("subgraph \"cluster_actor:nato\"");
    let usa = at("subgraph \"cluster_actor:usa\"");
    let congress = at("subgraph \"cluster_actor:us-congress\"");
    let rogers = at("\"actor:mike-rogers\" [");
    assert!(
        nato < usa && usa < congress && congress < rogers,
        "NATO > USA > Congress > Rogers"
    );
    assert!(at("\"actor:germany\" [") > at("subgraph \"cluster_actor:eu\""));
}

#[test]
fn options_narrow_the_picture() {
    let g = geneva();
    let as_of = export_dot(
        &g,
        &ExportOptions {
            as_of: Some("2025-11-21".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        arrow(&as_of, "mike-rogers", "").is_some(),
        "Friday's statement is in"
    );
    assert!(
        arrow(&as_of, "european-leaders", "").is_none(),
        "Saturday's is not"
    );
    let focus = export_dot(
        &g,
        &ExportOptions {
            focus: Some("zelenskyy".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(arrow(&focus, "zelenskyy", "proposal:us-28-point-plan").is_some());
    assert!(!focus.contains("\"actor:trump\""));
    let proposal = export_dot(
        &g,
        &ExportOptions {
            proposal: Some("eu-counterproposal".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!proposal.contains("\"actor:mike-rogers\""));
    assert!(proposal.contains("\"actor:antonio-costa\" -> \"proposal:eu-counterproposal\""));
    let err = export_dot(
        &g,
        &ExportOptions {
            proposal: Some("nope".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "no proposal, point or claim `nope` in the graph"
    );
}

#[test]
fn the_committed_picture_is_up_to_date() {
    // README shows graphs/geneva-talks-2025-11.svg; regenerate it with the command in
    // README when the graph changes. The DOT beside it is compared byte for byte.
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let committed =
        std::fs::read_to_string(common::path("graphs/geneva-talks-2025-11.dot")).unwrap();
    assert!(
        dot == committed,
        "graphs/geneva-talks-2025-11.dot is stale: run the command in README"
    );
    assert!(common::path("graphs/geneva-talks-2025-11.svg").is_file());
}

/// Every stance arrow of a rendered picture: its target and the middle of its
/// arrowhead (or bar), in SVG points, read from Graphviz's SVG.
fn arrow_ends(svg: &str) -> Vec<(String, (f64, f64))> {
    let colours = ["#009e73", "#e69f00", "#d55e00"];
    let mut out = Vec::new();
    for group in svg.split("<g id=\"edge").skip(1) {
        let Some(title) = group
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
        else {
            continue;
        };
        let title = title.replace("&#45;", "-").replace("&gt;", ">");
        let Some((from, to)) = title.split_once("->") else {
            continue;
        };
        let target = match (from.strip_prefix("actor:"), to.strip_prefix("actor:")) {
            (Some(_), None) => to.trim_end_matches(":w"),
            (None, Some(_)) => from.trim_end_matches(":e"),
            _ => continue,
        };
        let Some(points) = group
            .split("<polygon")
            .skip(1)
            .find(|p| {
                colours
                    .iter()
                    .any(|c| p.contains(&format!("stroke=\"{c}\"")))
            })
            .and_then(|p| p.split("points=\"").nth(1))
            .and_then(|p| p.split('"').next())
        else {
            continue;
        };
        let xy: Vec<(f64, f64)> = points
            .split_whitespace()
            .filter_map(|p| p.split_once(','))
            .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
            .collect();
        let n = xy.len() as f64;
        let centre = xy
            .iter()
            .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x / n, sy + y / n));
        out.push((target.to_owned(), centre));
    }
    out
}

#[test]
fn every_arrowhead_of_the_map_can_be_seen() {
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let Some(svg) = common::render_svg(&dot, "the curated map") else {
        return;
    };
    let ends = arrow_ends(&svg);
    let arrows = geneva().effective_stances(None).len();
    assert_eq!(ends.len(), arrows, "one arrowhead per effective stance");
    for (i, (t, a)) in ends.iter().enumerate() {
        for (u, b) in &ends[i + 1..] {
            let apart = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(
                t != u || apart >= 9.0,
                "two arrowheads on {t} are {apart:.1}pt apart, at {a:?} and {b:?}"
            );
        }
    }
    // About the shape of a page, not of a strip.
    let size = |attr: &str| -> f64 {
        let at = svg.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
        svg[at..].split("pt").next().unwrap().parse().unwrap()
    };
    let ratio = size("height") / size("width");
    assert!((0.6..=1.6).contains(&ratio), "height/width is {ratio:.2}");
}
