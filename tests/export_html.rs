//! HTML export: one self-contained, deterministic page whose embedded data cannot
//! end its script elements, and a clear error when Graphviz or the output file
//! fails. The page in a browser is tested by tests/python/test_html.py.

use predicates::prelude::*;
use serde_json::Value;
use stancegraph::*;

use crate::common;

/// Whether Graphviz is here to draw the page's map. Without it the check is skipped,
/// except in CI (`CI=true`), where it fails.
fn have_dot(what: &str) -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "Graphviz `dot` is needed in CI for {what}"
        );
        eprintln!("skipped {what}: Graphviz `dot` not found");
    }
    found
}

fn load(rel: &str) -> StanceGraph {
    StanceGraph::load(common::path(rel)).unwrap()
}

/// The text of the `<script type="application/json">` element with this id.
fn embedded<'a>(page: &'a str, id: &str) -> &'a str {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = page.find(&open).map(|i| i + open.len()).unwrap();
    let len = page[start..].find("</script>").unwrap();
    &page[start..start + len]
}

#[test]
fn every_graph_gives_the_same_self_contained_page_twice() {
    if !have_dot("the HTML export") {
        return;
    }
    let mut graphs = common::all_graphs();
    graphs.push(common::path("tests/fixtures/html/shifting.ron"));
    for path in graphs {
        let g = StanceGraph::load(&path).unwrap();
        for opts in [
            ExportOptions::default(),
            ExportOptions {
                as_of: Some("2025-11-21".parse().unwrap()),
                ..Default::default()
            },
        ] {
            let what = format!("{} with {opts:?}", path.display());
            let page = export_html(&g, &opts).unwrap();
            assert_eq!(page, export_html(&g, &opts).unwrap(), "same bytes: {what}");
            assert!(page.starts_with("<!DOCTYPE html>"), "{what}");
            assert!(!page.contains("<?xml"), "no XML prolog inside HTML: {what}");
            // Nothing is loaded: no external files, fonts or imports. Links to the
            // sources are made by the script from the data, never written here.
            for loads in [" src=", "href=", "<link", "@import", "url(", "//cdn"] {
                assert!(!page.contains(loads), "{what} holds {loads:?}");
            }
            assert_eq!(page.matches("</script").count(), 3, "{what}");
            let json = export_json(&g, &opts).unwrap();
            let inside: Value = serde_json::from_str(embedded(&page, "sg-graph")).unwrap();
            assert_eq!(
                inside,
                serde_json::from_str::<Value>(&json).unwrap(),
                "{what}"
            );
        }
    }
}

#[test]
fn no_string_in_the_graph_can_end_the_script_or_reach_the_markup() {
    if !have_dot("the HTML export") {
        return;
    }
    for rel in [
        "tests/fixtures/graphs/tricky-strings.ron",
        "tests/fixtures/html/shifting.ron",
    ] {
        let page = export_html(&load(rel), &ExportOptions::default()).unwrap();
        for id in ["sg-graph", "sg-map-data"] {
            let json = embedded(&page, id);
            assert!(
                !json.contains('<') && !json.contains('>') && !json.contains('&'),
                "{rel} {id}"
            );
            serde_json::from_str::<Value>(json).unwrap();
        }
        // The graph's own markup-like text reaches the map only escaped.
        for raw in ["<Angle>", "</script><!--", "<Example>"] {
            assert!(!page.contains(raw), "{rel} holds {raw:?} unescaped");
        }
    }
    let page = export_html(
        &load("tests/fixtures/graphs/tricky-strings.ron"),
        &ExportOptions {
            focus: Some(ActorId::new("quoter").unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    let title = "Dr. &quot;Quotes&quot; O&#39;Brien \\ backslash";
    assert!(page.contains(&format!("<title>{title}</title>")), "{page}");
}

#[test]
fn the_page_embeds_each_days_effective_stances_as_of_that_day() {
    if !have_dot("the HTML export") {
        return;
    }
    let g = load("tests/fixtures/html/shifting.ron");
    let page = export_html(&g, &ExportOptions::default()).unwrap();
    let map: Value = serde_json::from_str(embedded(&page, "sg-map-data")).unwrap();
    let steps = map["steps"].as_array().unwrap();
    let days: Vec<&str> = steps.iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert_eq!(days, ["2025-03-01", "2025-03-03", "2025-03-05"]);
    for step in steps {
        let day = step["date"].as_str().unwrap();
        let opts = ExportOptions {
            as_of: Some(day.parse().unwrap()),
            ..Default::default()
        };
        let json: Value = serde_json::from_str(&export_json(&g, &opts).unwrap()).unwrap();
        assert_eq!(step["effective"], json["effective"], "{day}");
    }
    // Alder's arrow is drawn once for each stance it takes, each with its id in the map.
    for stance in ["skeptical", "support"] {
        let id = format!("sg-stance:alder:proposal:plan:{stance}");
        assert!(
            page.contains(&format!("id=\"{}\"", id.replace('-', "&#45;"))),
            "{id}"
        );
        assert!(
            map["arrows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["id"] == id.as_str())
        );
    }
}

#[test]
fn an_empty_graph_gives_a_page() {
    if !have_dot("the HTML export") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("empty.ron");
    std::fs::write(
        &graph,
        "(schema: 1, actors: {}, proposals: {}, claims: {}, sources: {}, statements: {})\n",
    )
    .unwrap();
    let out = dir.path().join("empty.html");
    common::stancegraph()
        .args(["export", "--format", "html", "-o"])
        .arg(&out)
        .arg(&graph)
        .assert()
        .success();
    let page = std::fs::read_to_string(&out).unwrap();
    let map: Value = serde_json::from_str(embedded(&page, "sg-map-data")).unwrap();
    assert_eq!(map["steps"][0]["date"], Value::Null);
    assert!(page.contains("<svg"));
}

#[test]
fn a_missing_output_folder_is_one_clear_error() {
    if !have_dot("the HTML export") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("map.html");
    common::stancegraph()
        .args([
            "export",
            "graphs/geneva-talks-2025-11.ron",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .current_dir(common::root())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(out.display().to_string()))
        .stderr(predicate::str::contains("panicked").not());
    assert!(!out.exists());
}

#[test]
fn without_graphviz_the_error_names_it() {
    let empty = tempfile::tempdir().unwrap();
    common::stancegraph()
        .args([
            "export",
            "graphs/geneva-talks-2025-11.ron",
            "--format",
            "html",
        ])
        .current_dir(common::root())
        .env("PATH", empty.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "could not draw the map with Graphviz: `dot` was not found on the PATH",
        ))
        .stderr(predicate::str::contains("panicked").not());
}
