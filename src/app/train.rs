//! `stancegraph train`: rebuilds a model's weights from its data, reproducibly.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::Outcome;
use crate::error::{Error, Result};
use crate::extract::lexicon::{Lexicon, Vocab};
use crate::extract::{DEFAULT_LEXICON, lexicon_mask};
use crate::learn::Manifest;
use crate::learn::attribution::{self, Attributor, read_polnear};
use crate::learn::tagger::{self, Tagger, read_conllu};

/// Passes over the training data, and the seed of their order: fixed, so that the
/// command alone says how the weights were made.
const POS_ITERATIONS: usize = 8;
const POS_SEED: u64 = 1;

/// Reads one data file and its SHA-256.
fn read_data(path: &Path) -> Result<(String, String)> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let sum = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((text, sum))
}

/// Trains the part-of-speech tagger on UD English EWT train, reports its accuracy
/// on dev (never test) and writes the weights to `output`.
pub(super) fn pos(data: &Path, output: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let train_file = data.join("en_ewt-ud-train.conllu");
    let dev_file = data.join("en_ewt-ud-dev.conllu");
    let (train_text, train_sum) = read_data(&train_file)?;
    let (dev_text, _) = read_data(&dev_file)?;
    let train = read_conllu(&train_text, &train_file)?;
    let dev = read_conllu(&dev_text, &dev_file)?;
    let tagger = Tagger::train(&train, POS_ITERATIONS, POS_SEED);
    let manifest = Manifest {
        name: "pos".into(),
        features: tagger::FEATURES.into(),
        command: "stancegraph train pos".into(),
        data: vec![("ud-english-ewt/en_ewt-ud-train.conllu".into(), train_sum)],
    };
    let bytes = tagger.to_bytes(&manifest);
    crate::store::write_atomic(output, &bytes)?;
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    let _ = writeln!(
        out,
        "pos: trained on {} sentences ({words} words), {POS_ITERATIONS} passes; UPOS accuracy on dev {:.2}%; {} bytes to {}",
        train.len(),
        100.0 * tagger.accuracy(&dev),
        bytes.len(),
        output.display()
    );
    Ok(Outcome::Success)
}

/// The built-in tagger's UPOS accuracy on a CoNLL-U file (`eval --pos`).
pub(super) fn score_pos(file: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let (text, _) = read_data(file)?;
    let sentences = read_conllu(&text, file)?;
    let words: usize = sentences.iter().map(|s| s.words.len()).sum();
    let _ = writeln!(
        out,
        "pos: UPOS accuracy {:.2}% on {} ({} sentences, {words} words)",
        100.0 * Tagger::builtin().accuracy(&sentences),
        file.display(),
        sentences.len(),
    );
    Ok(Outcome::Success)
}

/// Passes and seed of the attribution model's training.
const ATTRIBUTION_ITERATIONS: usize = 6;
const ATTRIBUTION_SEED: u64 = 1;

/// Trains the attribution model on PolNeAR train (tagged by the built-in tagger),
/// reports how it does on dev (never test) and writes the weights to `output`.
pub(super) fn attribution(data: &Path, output: &Path, out: &mut dyn Write) -> Result<Outcome> {
    let train = read_polnear(&data.join("train"))?;
    let dev = read_polnear(&data.join("dev"))?;
    let (_, gold_sum) = read_data(&data.join("train").join("gold.jsonl"))?;
    let mut texts = Sha256::new();
    for doc in &train {
        texts.update(Sha256::digest(doc.text.as_bytes()));
    }
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let tagger = Tagger::builtin();
    // The rules' lexicon, as features: the built-in one, checksummed below.
    let vocab = Vocab::new(&Lexicon::default());
    let lexical = |w: &str| lexicon_mask(&vocab, w);
    let model = Attributor::train(
        &train,
        tagger,
        &lexical,
        ATTRIBUTION_ITERATIONS,
        ATTRIBUTION_SEED,
    );
    let manifest = Manifest {
        name: "attribution".into(),
        features: attribution::FEATURES.into(),
        command: "stancegraph train attribution".into(),
        data: vec![
            ("polnear/train/gold.jsonl".into(), gold_sum),
            (
                format!(
                    "polnear/train/texts ({} files, sha256 of their sha256s)",
                    train.len()
                ),
                hex(&texts.finalize()),
            ),
            (
                "src/learn/pos.model".into(),
                hex(&Sha256::digest(tagger::BUILTIN)),
            ),
            (
                "src/extract/lexicon.ron".into(),
                hex(&Sha256::digest(DEFAULT_LEXICON.as_bytes())),
            ),
        ],
    };
    let bytes = model.to_bytes(&manifest);
    crate::store::write_atomic(output, &bytes)?;
    let score = attribution::approximate_score(&model, tagger, &lexical, &dev);
    let _ = writeln!(
        out,
        "attribution: trained on {} articles ({} attributions), {ATTRIBUTION_ITERATIONS} passes; {} bytes to {}\non dev (approximate; score with ../shared/polnear/score.py for the figures): {score}",
        train.len(),
        train.iter().map(|d| d.attributions.len()).sum::<usize>(),
        bytes.len(),
        output.display()
    );
    Ok(Outcome::Success)
}
