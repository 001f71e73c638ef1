//! Writers of one graph at the same time: every writer's work lands, or the writer
//! says it could not and changes nothing.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use stancegraph::StanceGraph;

use crate::common;

const GENEVA: &str = "graphs/geneva-talks-2025-11.ron";

/// Articles with statements of their own, one per concurrent writer.
const ARTICLES: [&str; 4] = [
    "tests/fixtures/articles/ai-liability-compromise.txt",
    "tests/fixtures/articles/canal-toll-rise.txt",
    "tests/fixtures/articles/drug-price-deal.txt",
    "tests/fixtures/articles/fisheries-quota.txt",
];

fn writer(article: &str, graph: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
        .arg("extract")
        .arg(common::path(article))
        .arg("--graph")
        .arg(graph)
        .arg("-o")
        .arg(graph)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How many statements of the graph cite the article's source.
fn from_article(graph: &StanceGraph, article: &str) -> usize {
    let stem = Path::new(article).file_stem().unwrap().to_string_lossy();
    graph
        .document()
        .statements
        .values()
        .filter(|s| {
            s.evidence
                .as_ref()
                .is_some_and(|e| e.source.as_str() == stem)
        })
        .count()
}

#[test]
fn concurrent_writers_of_one_graph_all_land() {
    // What each article adds when it is the only writer.
    let alone: Vec<usize> = ARTICLES
        .iter()
        .map(|a| {
            let (_dir, copy) = common::temp_copy(&common::path(GENEVA));
            let out = writer(a, &copy).wait_with_output().unwrap();
            assert!(out.status.success(), "{out:?}");
            let n = from_article(&StanceGraph::load(&copy).unwrap(), a);
            assert!(n > 0, "{a} adds statements");
            n
        })
        .collect();
    for writers in [2, 4] {
        for round in 0..20 {
            let (dir, copy) = common::temp_copy(&common::path(GENEVA));
            let running: Vec<Child> = ARTICLES[..writers]
                .iter()
                .map(|a| writer(a, &copy))
                .collect();
            for child in running {
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "{writers} writers, round {round}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let graph = StanceGraph::load(&copy).unwrap();
            for (a, n) in ARTICLES[..writers].iter().zip(&alone) {
                assert_eq!(
                    from_article(&graph, a),
                    *n,
                    "{writers} writers, round {round}: every statement of {a} is there"
                );
            }
            let left: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect();
            assert!(left.is_empty(), "no temporary file is left: {left:?}");
        }
    }
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_says_so_and_changes_nothing() {
    let (_dir, copy) = common::temp_copy(&common::path(GENEVA));
    let before = std::fs::read(&copy).unwrap();
    let held = stancegraph::store::lock(&copy).unwrap();
    for args in [
        vec!["extract", ARTICLES[0], "--graph", "G", "-o", "G"],
        vec!["fmt", "G"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| match *a {
                "G" => copy.to_string_lossy().into_owned(),
                a if a.ends_with(".txt") => common::path(a).to_string_lossy().into_owned(),
                a => a.to_owned(),
            })
            .collect();
        common::stancegraph()
            .args(&args)
            .env("STANCEGRAPH_LOCK_WAIT", "0.2")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "another stancegraph is writing this graph (waited 0.2 s); nothing was written",
            ));
        assert_eq!(std::fs::read(&copy).unwrap(), before, "{args:?}");
    }
    drop(held);
    common::stancegraph()
        .args(["extract", &common::path(ARTICLES[0]).to_string_lossy()])
        .arg("--graph")
        .arg(&copy)
        .arg("-o")
        .arg(&copy)
        .env("STANCEGRAPH_LOCK_WAIT", "0.2")
        .assert()
        .success();
    assert_ne!(
        std::fs::read(&copy).unwrap(),
        before,
        "once free, it writes"
    );
}
