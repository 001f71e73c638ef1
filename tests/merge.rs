//! `stancegraph merge`: statements as JSON lines and graphs, combined into the graph
//! `extract -o` writes, whatever their order, grouping or repeats.

use std::sync::OnceLock;

use proptest::prelude::*;
use stancegraph::{Document, merge_all, store};

use crate::common;
use crate::common::stancegraph;

const CURATED: &str = "graphs/geneva-talks-2025-11.ron";

/// `extract --format jsonl` on every fixture article, cold and with claims, then
/// against the curated graph: the same actors and proposals seen two ways, so the
/// pool holds records that disagree (an actor's kind, a proposal's points).
fn lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let articles = common::path("tests/fixtures/articles");
        let mut all = Vec::new();
        for args in [vec!["--claims"], vec!["--graph", CURATED]] {
            let out = stancegraph()
                .current_dir(common::root())
                .arg("extract")
                .arg(&articles)
                .args(["--format", "jsonl"])
                .args(args)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            all.extend(String::from_utf8(out).unwrap().lines().map(str::to_owned));
        }
        all
    })
}

fn units() -> Vec<Document> {
    lines()
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            serde_json::from_value(v["graph"].clone()).unwrap()
        })
        .collect()
}

fn text(doc: &Document) -> String {
    store::to_canonical_string(doc).unwrap()
}

/// Equal texts, or the first line where they differ (a graph's text is long).
fn same(actual: &str, expected: &str) -> Result<(), TestCaseError> {
    if actual == expected {
        return Ok(());
    }
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let at = a
        .iter()
        .zip(&e)
        .position(|(a, e)| a != e)
        .unwrap_or(a.len().min(e.len()));
    let around = |v: &[&str]| v[at.saturating_sub(3)..(at + 3).min(v.len())].join("\n");
    Err(TestCaseError::fail(format!(
        "differ at line {}:\n--- now\n{}\n--- expected\n{}",
        at + 1,
        around(&a),
        around(&e)
    )))
}

fn merged(parts: Vec<Document>) -> Document {
    merge_all(Document::default(), parts).0
}

/// The pool's units in a shuffled order, cut in three at two points.
fn three_groups() -> impl Strategy<Value = (Vec<Document>, Vec<Document>, Vec<Document>)> {
    let n = units().len();
    (
        Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
        0..=n,
        0..=n,
    )
        .prop_map(move |(order, a, b)| {
            let all = units();
            let (a, b) = (a.min(b), a.max(b));
            let pick = |r: std::ops::Range<usize>| -> Vec<Document> {
                order[r].iter().map(|&i| all[i].clone()).collect()
            };
            (pick(0..a), pick(a..b), pick(b..n))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_order_or_repeats_give_the_same_bytes(order in Just((0..units().len()).collect::<Vec<_>>()).prop_shuffle(), repeats in proptest::collection::vec(0..units().len(), 0..40)) {
        let all = units();
        let expected = text(&merged(all.clone()));
        let shuffled: Vec<Document> = order.iter().chain(&repeats).map(|&i| all[i].clone()).collect();
        same(&text(&merged(shuffled)), &expected)?;
    }

    #[test]
    fn merging_is_associative((a, b, c) in three_groups()) {
        let flat = text(&merged([a.clone(), b.clone(), c.clone()].concat()));
        let ab = merged([a.clone(), b.clone()].concat());
        let bc = merged([b.clone(), c.clone()].concat());
        same(&text(&merged(vec![ab, merged(c.clone())])), &flat)?;
        same(&text(&merged(vec![merged(a.clone()), bc])), &flat)?;
    }

    #[test]
    fn merging_is_commutative((a, b, _c) in three_groups()) {
        let (ma, mb) = (merged(a), merged(b));
        same(&text(&merged(vec![ma.clone(), mb.clone()])), &text(&merged(vec![mb, ma])))?;
    }

    #[test]
    fn merging_is_idempotent((a, _b, _c) in three_groups()) {
        let ma = merged(a);
        same(&text(&merged(vec![ma.clone(), ma.clone()])), &text(&ma))?;
        same(&text(&merged(vec![ma.clone()])), &text(&ma))?;
    }
}

/// `extract DIR -o OUT.ron`, and `merge` of the same articles' lines, shuffled, cut
/// into files in a folder with Spark's `_SUCCESS` beside them: the same bytes.
#[test]
fn merging_lines_gives_what_extract_writes() {
    for (base, claims) in [(None, false), (Some(CURATED), false), (None, true)] {
        let dir = tempfile::tempdir().unwrap();
        let articles = common::path("tests/fixtures/articles");
        let with_base = |cmd: &mut assert_cmd::Command, flag: &str| {
            if let Some(b) = base {
                cmd.arg(flag).arg(common::path(b));
            }
        };
        let mut extract = stancegraph();
        extract
            .arg("extract")
            .arg(&articles)
            .arg("-o")
            .arg(dir.path().join("x.ron"));
        with_base(&mut extract, "--graph");
        // Claims carry model weights: floats that must come back from JSON exactly.
        extract.args(claims.then_some("--claims"));
        extract.assert().success();
        let mut lines = stancegraph();
        lines
            .arg("extract")
            .arg(&articles)
            .args(["--format", "jsonl"]);
        with_base(&mut lines, "--graph");
        lines.args(claims.then_some("--claims"));
        let out = lines.assert().success().get_output().stdout.clone();
        let mut all: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert!(all.len() > 100, "{} lines", all.len());
        all.reverse();
        let parts = dir.path().join("parts");
        std::fs::create_dir(&parts).unwrap();
        for (i, chunk) in all.chunks(17).enumerate() {
            std::fs::write(
                parts.join(format!("part-{i:05}.json")),
                chunk.join("\n") + "\n",
            )
            .unwrap();
        }
        std::fs::write(parts.join("_SUCCESS"), "").unwrap();
        let mut merge = stancegraph();
        merge
            .arg("merge")
            .arg(&parts)
            .arg("-o")
            .arg(dir.path().join("m.ron"));
        with_base(&mut merge, "--base");
        merge.assert().success();
        let x = std::fs::read_to_string(dir.path().join("x.ron")).unwrap();
        let m = std::fs::read_to_string(dir.path().join("m.ron")).unwrap();
        same(&m, &x).unwrap();
    }
}

#[test]
fn a_bad_line_is_named_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    std::fs::write(&out, "(schema: 1)\n").unwrap();
    let good = &lines()[0];
    for (text, message) in [
        (format!("{good}\n{{\"id\": \"x\"\n"), "lines.jsonl:2:"),
        (
            format!("{good}\n{{\"id\": \"x\"}}\n"),
            "lines.jsonl:2:1: no `graph` field",
        ),
        (
            good.replace("\"schema\":1", "\"schema\":7"),
            "lines.jsonl:1:",
        ),
    ] {
        let file = dir.path().join("lines.jsonl");
        std::fs::write(&file, text).unwrap();
        let assert = stancegraph()
            .args(["merge"])
            .arg(&file)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(err.contains(message), "{err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "(schema: 1)\n");
    }
}
