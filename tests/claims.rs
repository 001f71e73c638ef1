//! Claims: `extract --claims` makes the attributions of articles into claims, and
//! the queries read them as they read proposals.

use crate::common::{self, stancegraph};

/// Two articles, one where a scientist says the northern stocks have recovered and
/// one where a union leader denies that they had: one claim, asserted by the one
/// and denied by the other, in `who`, `timeline` and `audit`.
#[test]
fn a_claim_asserted_in_one_article_and_denied_in_another_is_one_claim() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.ron");
    stancegraph()
        .args(["extract", "--claims", "--published", "2026-03-02", "-o"])
        .arg(&out)
        .arg(common::path("tests/fixtures/claims"))
        .assert()
        .success();
    let graph: serde_json::Value = serde_json::from_slice(
        &stancegraph()
            .args(["export", "--format", "json"])
            .arg(&out)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let statements: Vec<&serde_json::Value> = graph["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["target"] == "northern-stocks-recovered" && s["target_kind"] == "claim")
        .collect();
    let stance_of = |actor: &str| {
        statements
            .iter()
            .find(|s| s["actor"] == actor)
            .map(|s| s["stance"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        stance_of("lena-ortiz").as_deref(),
        Some("support"),
        "{statements:#?}"
    );
    assert_eq!(stance_of("tomas-herrera").as_deref(), Some("non-starter"));
    for s in &statements {
        assert_eq!(s["attribution"], "Paraphrase");
        assert!(!s["quote"].as_str().unwrap().is_empty());
        assert!(s["span"].is_array());
        assert_eq!(s["origin"], "extracted");
        assert!(!s["cue"].as_str().unwrap().is_empty());
        assert!(
            !s["model"]["features"].as_array().unwrap().is_empty(),
            "{s}"
        );
    }
    // The quotation is a claim too, and a direct quote.
    let quoted = graph["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["target"] == "nets-full-again")
        .expect("the quotation is a claim");
    assert_eq!(quoted["attribution"], "DirectQuote");

    let query = |args: &[&str]| {
        let o = stancegraph()
            .arg("query")
            .arg(&out)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let support = query(&["who", "northern-stocks-recovered", "support"]);
    assert!(
        support.contains("lena-ortiz") && !support.contains("tomas-herrera"),
        "{support}"
    );
    let denied = query(&["who", "northern-stocks-recovered", "non-starter"]);
    assert!(
        denied.contains("tomas-herrera") && !denied.contains("lena-ortiz"),
        "{denied}"
    );
    let timeline = query(&["timeline", "northern-stocks-recovered"]);
    for who in [
        "2026-03-02",
        "lena-ortiz",
        "tomas-herrera",
        "non-starter",
        "support",
    ] {
        assert!(timeline.contains(who), "{timeline}");
    }
    let audit = query(&["audit"]);
    assert!(audit.contains("northern-stocks-recovered"), "{audit}");
}

/// Running the same articles again onto the graph adds nothing: the claims are
/// found again by their key.
#[test]
fn extracting_claims_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.ron");
    let run = || {
        stancegraph()
            .args(["extract", "--claims", "--published", "2026-03-02", "-o"])
            .arg(&out)
            .arg(common::path("tests/fixtures/claims"))
            .assert()
            .success();
        std::fs::read(&out).unwrap()
    };
    let first = run();
    assert_eq!(run(), first);
}
