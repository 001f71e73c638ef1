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

#[test]
fn stances_are_coloured_and_styled_with_a_legend_of_those_present() {
    let dot = export_dot(&geneva(), &ExportOptions::default()).unwrap();
    let edge = |from: &str| {
        dot.lines()
            .find(|l| {
                l.trim_start().starts_with(&format!(
                    "\"actor:{from}\" -> \"proposal:us-28-point-plan\""
                ))
            })
            .unwrap_or_else(|| panic!("no edge from {from}"))
            .to_owned()
    };
    assert!(edge("trump").contains("style=solid"));
    assert!(edge("mike-rogers").contains("style=dashed"));
    assert!(
        edge("european-leaders").contains("style=bold")
            && edge("european-leaders").contains("arrowhead=tee")
    );
    // The spokesperson's statement counts for the principal.
    assert!(edge("driscoll").contains("Dan Driscoll on us-28-point-plan: support"));
    assert!(!dot.contains("\"actor:dave-butler\" -> \"proposal:"));
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
    let line = dot
        .lines()
        .find(|l| l.contains("\"actor:mike-rogers\" -> "))
        .unwrap();
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
        as_of.contains("\"actor:mike-rogers\" -> "),
        "Friday's statement is in"
    );
    assert!(
        !as_of.contains("\"actor:european-leaders\" -> "),
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
    assert!(focus.contains("\"actor:zelenskyy\" -> \"proposal:us-28-point-plan\""));
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
