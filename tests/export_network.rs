//! GraphML, Cypher and CSV exports: deterministic, escaped, and clear about bad
//! output paths. NetworkX, a real FalkorDB server and the JSON Schema check them
//! further in tests/python.

use predicates::prelude::*;
use stancegraph::*;

use crate::common;
use crate::common::stancegraph;

fn curated() -> StanceGraph {
    StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap()
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    let opts = ExportOptions::default();
    let (a, b) = (curated(), curated());
    assert_eq!(
        export_graphml(&a, &opts).unwrap(),
        export_graphml(&b, &opts).unwrap()
    );
    assert_eq!(
        export_cypher(&a, &opts).unwrap(),
        export_cypher(&b, &opts).unwrap()
    );
    assert_eq!(
        export_csv(&a, &opts).unwrap(),
        export_csv(&b, &opts).unwrap()
    );
}

#[test]
fn every_statement_is_an_edge_and_every_actor_a_node() {
    let g = curated();
    let doc = g.document();
    let graphml = export_graphml(&g, &ExportOptions::default()).unwrap();
    for id in doc.actors.keys() {
        assert!(
            graphml.contains(&format!("<node id=\"actor:{id}\">")),
            "{id}"
        );
    }
    for id in doc.statements.keys() {
        assert!(
            graphml.contains(&format!("<edge id=\"statement:{id}\"")),
            "{id}"
        );
    }
    let cypher = export_cypher(&g, &ExportOptions::default()).unwrap();
    let merges = cypher
        .lines()
        .filter(|l| l.starts_with("MERGE (n:Actor"))
        .count();
    assert_eq!(merges, doc.actors.len());
    let said = cypher
        .lines()
        .filter(|l| l.contains("[r:STATEMENT"))
        .count();
    assert_eq!(said, doc.statements.len());
}

#[test]
fn tricky_strings_stay_inside_their_quotes() {
    let g = StanceGraph::load(common::path("tests/fixtures/graphs/tricky-strings.ron")).unwrap();
    let opts = ExportOptions::default();
    let graphml = export_graphml(&g, &opts).unwrap();
    assert!(graphml.contains("Minister of &lt;Angle&gt; &amp; {Brace}"));
    assert!(!graphml.contains("<Angle>"));
    let cypher = export_cypher(&g, &opts).unwrap();
    assert!(cypher.contains(r#"'Dr. "Quotes" O\'Brien \\ backslash'"#));
    // One statement per line: no string's newline splits a statement.
    for line in cypher.lines().skip(1) {
        assert!(line.ends_with(';'), "{line}");
    }
    let files = export_csv(&g, &opts).unwrap();
    let actors = &files.iter().find(|(n, _)| n == "actors.csv").unwrap().1;
    assert!(
        actors.contains(r#""Dr. ""Quotes"" O'Brien \ backslash""#),
        "{actors}"
    );
}

#[test]
fn an_empty_graph_exports_valid_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.ron");
    std::fs::write(&empty, "(schema: 1)\n").unwrap();
    let out = stancegraph()
        .args(["export", "--format", "graphml"])
        .arg(&empty)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("<graph id=\"stancegraph\" edgedefault=\"directed\">"));
    assert!(text.trim_end().ends_with("</graphml>"));
    stancegraph()
        .args(["export", "--format", "csv", "-o"])
        .arg(dir.path().join("csv"))
        .arg(&empty)
        .assert()
        .success();
    let header = std::fs::read_to_string(dir.path().join("csv/relationships.csv")).unwrap();
    assert_eq!(header, "\":START_ID\",\":END_ID\",\":TYPE\",\"id\"\n");
}

#[test]
fn csv_without_a_folder_and_an_unwritable_path_are_clear_errors() {
    let graph = common::path("graphs/geneva-talks-2025-11.ron");
    stancegraph()
        .args(["export", "--format", "csv"])
        .arg(&graph)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name their folder with -o DIR"));
    for format in ["graphml", "cypher"] {
        stancegraph()
            .args([
                "export",
                "--format",
                format,
                "-o",
                "/nonexistent/dir/map.out",
            ])
            .arg(&graph)
            .assert()
            .failure()
            .stderr(predicate::str::contains("/nonexistent/dir/map.out"))
            .stderr(predicate::str::contains("panicked").not());
    }
    // A file where the folder should be.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    stancegraph()
        .args(["export", "--format", "csv", "-o"])
        .arg(&file)
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("taken"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}
