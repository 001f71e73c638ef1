//! Golden outputs of extraction: `extract --format jsonl` on every fixture article and
//! on the corpus article, cold (no base graph) and against the curated graph, kept in
//! `tests/golden/`. Any change to what is extracted shows up here as a diff of
//! statements; when the change is meant, regenerate the files with
//! `STANCEGRAPH_BLESS=1 cargo test golden` and review the diff before committing it.
//!
//! The corpus article belongs to its publisher, so its golden files keep every field
//! but the evidence quote, which is replaced by a digest of its bytes: the check is
//! still byte for byte, and the span says where the quote is.

use std::path::{Path, PathBuf};

use crate::common;
use crate::common::stancegraph;

const CURATED: &str = "graphs/geneva-talks-2025-11.ron";

/// The statements `extract --format jsonl` gives for each article, run one article at
/// a time so that no article's output depends on its neighbours.
fn extract_each(articles: &[PathBuf], base: Option<&str>) -> String {
    let mut out = String::new();
    for article in articles {
        let mut cmd = stancegraph();
        cmd.arg("extract").arg(article).args(["--format", "jsonl"]);
        if let Some(base) = base {
            cmd.arg("--graph").arg(common::path(base));
        }
        let stdout = cmd.assert().success().get_output().stdout.clone();
        // Each line's `graph` repeats the line's own fields as records (tests/merge.rs
        // checks it); the golden files keep the fields.
        for line in String::from_utf8(stdout).unwrap().lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["graph"].is_object(), "a line without its graph: {line}");
            v.as_object_mut().unwrap().remove("graph");
            out.push_str(&serde_json::to_string(&v).unwrap());
            out.push('\n');
        }
    }
    out
}

fn fixture_articles() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(common::path("tests/fixtures/articles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    all.sort();
    all
}

/// 64-bit FNV-1a of `text`, as hex: a stand-in for a quote that may not be copied.
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Each line with its `quote` replaced by the quote's digest.
fn without_quotes(jsonl: &str) -> String {
    let mut out = String::new();
    for line in jsonl.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        let quote = v["quote"].as_str().unwrap().to_owned();
        v["quote"] = serde_json::Value::String(format!("fnv1a:{}", digest(&quote)));
        out.push_str(&serde_json::to_string(&v).unwrap());
        out.push('\n');
    }
    out
}

/// Compares `actual` with the golden file `name`, or writes it when blessing.
fn check(name: &str, actual: &str) {
    let file = common::path("tests/golden").join(name);
    if std::env::var_os("STANCEGRAPH_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with STANCEGRAPH_BLESS=1 cargo test golden",
            file.display()
        )
    });
    if expected == actual {
        return;
    }
    let (exp, act): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let at = exp
        .iter()
        .zip(&act)
        .position(|(e, a)| e != a)
        .unwrap_or(exp.len().min(act.len()));
    panic!(
        "{}: extraction changed ({} lines expected, {} now); first difference at line {}:\n\
         expected: {}\n     now: {}\n\
         If the change is meant, regenerate with STANCEGRAPH_BLESS=1 cargo test golden, \
         review `git diff tests/golden`, and name it in CHANGELOG.md.",
        display(&file),
        exp.len(),
        act.len(),
        at + 1,
        exp.get(at).unwrap_or(&"(end of file)"),
        act.get(at).unwrap_or(&"(end of output)"),
    );
}

fn display(p: &Path) -> String {
    p.strip_prefix(common::root())
        .unwrap_or(p)
        .display()
        .to_string()
}

#[test]
fn golden_fixture_articles_cold() {
    check(
        "fixtures.cold.jsonl",
        &extract_each(&fixture_articles(), None),
    );
}

#[test]
fn golden_fixture_articles_against_the_curated_graph() {
    check(
        "fixtures.curated.jsonl",
        &extract_each(&fixture_articles(), Some(CURATED)),
    );
}

#[test]
fn golden_corpus_article() {
    let Some(dir) = common::corpus() else { return };
    let article = [dir.join("geneva-talks-2025-11-22.txt")];
    check(
        "corpus.cold.jsonl",
        &without_quotes(&extract_each(&article, None)),
    );
    check(
        "corpus.curated.jsonl",
        &without_quotes(&extract_each(&article, Some(CURATED))),
    );
}
