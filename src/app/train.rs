//! `stancegraph train`: rebuilds a model's weights from its data, reproducibly.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::Outcome;
use crate::error::{Error, Result};
use crate::learn::Manifest;
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
