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
