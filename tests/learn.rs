//! The trained models: their weights are reproducible data.

use crate::common::{self, stancegraph};

/// `stancegraph train pos` on UD English EWT gives the committed weights, byte for
/// byte.
#[test]
fn training_the_tagger_again_gives_the_committed_weights() {
    let Some(ud) = common::shared("ud-english-ewt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pos.model");
    stancegraph()
        .args(["train", "pos", "--data"])
        .arg(&ud)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("UPOS accuracy on dev"));
    let committed = std::fs::read(common::path("src/learn/pos.model")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == committed,
        "retrained weights differ from src/learn/pos.model"
    );
}

/// Training from a folder without the treebank is one clear error naming the file.
#[test]
fn training_without_its_data_says_which_file_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    stancegraph()
        .args(["train", "pos", "--data"])
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("pos.model"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("en_ewt-ud-train.conllu"));
    assert!(!dir.path().join("pos.model").exists());
}

/// `stancegraph train attribution` on PolNeAR train gives the committed weights,
/// byte for byte.
#[test]
fn training_the_attribution_model_again_gives_the_committed_weights() {
    let Some(polnear) = common::shared("polnear") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("attribution.model");
    stancegraph()
        .args(["train", "attribution", "--data"])
        .arg(&polnear)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("attribution P"));
    let committed = std::fs::read(common::path("src/learn/attribution.model")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == committed,
        "retrained weights differ from src/learn/attribution.model"
    );
}

/// A weights file given with `--model` that is missing, cut short or of another
/// model is one clear error naming the file, and nothing is printed.
#[test]
fn a_bad_weights_file_is_one_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = common::path("tests/fixtures/attributions/harbour-talks.txt");
    let committed = std::fs::read(common::path("src/learn/attribution.model")).unwrap();
    let truncated = dir.path().join("truncated.model");
    std::fs::write(&truncated, &committed[..committed.len() / 2]).unwrap();
    let foreign = common::path("src/learn/pos.model");
    let garbage = dir.path().join("garbage.model");
    std::fs::write(&garbage, b"\x00\x01not a model at all").unwrap();
    let missing = dir.path().join("missing.model");
    for bad in [&missing, &truncated, &foreign, &garbage] {
        let out = stancegraph()
            .args(["extract", "--format", "attributions", "--model"])
            .arg(bad)
            .arg(&article)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", bad.display());
        assert!(out.stdout.is_empty(), "{}", bad.display());
        assert!(
            stderr.contains(&*bad.file_name().unwrap().to_string_lossy()),
            "the message names the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The attributions of the harbour-talks article, as `--format attributions`
/// prints them: the fields the scorer reads, spans in code points, a quotation
/// split by its attribution as one, and "she" resolved to the minister.
#[test]
fn attributions_come_out_as_json_lines_with_spans_in_code_points() {
    let article = common::path("tests/fixtures/attributions/harbour-talks.txt");
    let text = std::fs::read_to_string(&article).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice = |span: &serde_json::Value| -> String {
        let s = span[0].as_u64().unwrap() as usize;
        let e = span[1].as_u64().unwrap() as usize;
        chars[s..e].iter().collect()
    };
    let out = stancegraph()
        .args(["extract", "--format", "attributions"])
        .arg(&article)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    for a in &lines {
        assert_eq!(a["doc"], "harbour-talks");
        assert_eq!(slice(&a["cue_span"]), a["cue"].as_str().unwrap());
        assert_eq!(slice(&a["content_span"]), a["content"].as_str().unwrap());
        if !a["speaker"].is_null() {
            assert_eq!(slice(&a["speaker_span"]), a["speaker"].as_str().unwrap());
        }
        let origin = &a["origin"];
        assert!(origin["model"].as_str().unwrap().starts_with("attribution"));
        assert!(!origin["pattern"].as_str().unwrap().is_empty());
        assert!(!origin["features"].as_array().unwrap().is_empty());
        let score = origin["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    // "Kovač" is one code point short of its UTF-8 length: spans count code points.
    assert_eq!(lines[0]["speaker"], "Fisheries Minister Ana Kovač");
    assert_eq!(lines[0]["actor"], "ana-kovac");
    assert!(
        lines[0]["content"]
            .as_str()
            .unwrap()
            .starts_with("the draft treaty")
    );
    assert_eq!(lines[0]["direct"], true);
    // The split quotation is one attribution, both halves in its content.
    assert_eq!(lines[1]["speaker"], "she");
    assert_eq!(lines[1]["actor"], "ana-kovac");
    let split = lines[1]["content"].as_str().unwrap();
    assert!(split.starts_with("We will not sign this") && split.ends_with("rewritten"));
    // "According to the fishermen's union": indirect, and not the minister.
    assert_eq!(lines[2]["cue"], "According to");
    assert_eq!(lines[2]["direct"], false);
    assert_ne!(lines[2]["actor"], "ana-kovac");
    assert_eq!(lines[3]["speaker"], "Tomás Herrera");
    assert!(
        lines[3]["content"]
            .as_str()
            .unwrap()
            .starts_with("his members would vote")
    );
}

/// `stancegraph train stance` on realnews train gives the committed weights, byte
/// for byte (the candidates come from the extractor, so a change to extraction
/// that changes them shows here).
#[test]
fn training_the_stance_model_again_gives_the_committed_weights() {
    let Some(realnews) = common::shared("realnews") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stance.model");
    stancegraph()
        .args(["train", "stance", "--data"])
        .arg(&realnews)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("required stances"));
    let committed = std::fs::read(common::path("src/learn/stance.model")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == committed,
        "retrained weights differ from src/learn/stance.model: run `stancegraph train stance`"
    );
}

/// Cold, on an article of a negotiation no graph knows, the rules find the
/// proposal but no one's stance on it; with `--learned` the stance model finds the
/// union president's support told without a quotation, and says why.
#[test]
fn the_stance_model_finds_a_stance_the_writer_reports() {
    let article = common::path("tests/fixtures/learned/port-contract-vote.txt");
    let rules = stancegraph()
        .args(["extract", "--format", "json"])
        .arg(&article)
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout).unwrap();
    assert_eq!(rules["statements"].as_array().map(Vec::len), Some(0));
    let learned = stancegraph()
        .args(["extract", "--learned", "--format", "json"])
        .arg(&article)
        .output()
        .unwrap();
    assert!(learned.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&learned.stdout).unwrap();
    let proposals: Vec<&str> = doc["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(proposals, ["tentative agreement with the Port Authority"]);
    let statements = doc["statements"].as_array().unwrap();
    let oyelaran = statements
        .iter()
        .find(|s| s["actor"] == "mara-oyelaran")
        .expect("the union president's stance");
    assert_eq!(oyelaran["stance"], "support");
    let text = learned.stdout.clone();
    let again = stancegraph()
        .args(["extract", "--learned", "--format", "json"])
        .arg(&article)
        .output()
        .unwrap();
    assert_eq!(again.stdout, text, "the same article gives the same bytes");
    let ron = stancegraph()
        .args(["extract", "--learned"])
        .arg(&article)
        .output()
        .unwrap();
    let ron = String::from_utf8(ron.stdout).unwrap();
    assert!(ron.contains("name: \"stance-holders/1\""), "{ron}");
    assert!(ron.contains("support: cue=support"), "{ron}");
}

/// Stance weights that are another model's are one clear error naming the file.
#[test]
fn a_foreign_stance_model_is_one_error_naming_it() {
    let article = common::path("tests/fixtures/learned/port-contract-vote.txt");
    stancegraph()
        .args(["extract", "--learned", "--stance-model"])
        .arg(common::path("src/learn/pos.model"))
        .arg(&article)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("pos.model"))
        .stderr(predicates::str::contains("stance model"));
}
