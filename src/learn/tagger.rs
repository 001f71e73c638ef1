//! A part-of-speech tagger: universal tags (UPOS) from a greedy averaged perceptron,
//! left to right, each word's features being itself, its neighbours, its affixes and
//! shape, and the two tags just given. Trained on UD English EWT.

use std::path::Path;

use super::{Manifest, Trainer, Weights, best, feature, shuffle};
use crate::error::{Error, Result};

/// The feature set's version, recorded in the weights file.
pub const FEATURES: &str = "pos-2";

/// A trained tagger.
#[derive(Clone, Debug)]
pub struct Tagger {
    weights: Weights,
}

/// A tagged sentence of a treebank: words and their tags.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    /// The words as written.
    pub words: Vec<String>,
    /// Their universal part-of-speech tags.
    pub tags: Vec<String>,
}

/// Reads the sentences of a CoNLL-U file: words (multiword tokens and empty nodes
/// skipped) and their UPOS tags. `path` names the file in errors.
pub fn read_conllu(text: &str, path: &Path) -> Result<Vec<Tagged>> {
    let mut out = Vec::new();
    let mut current = Tagged::default();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            if !current.words.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Error::Syntax {
                path: path.to_owned(),
                line: n + 1,
                col: 1,
                message: format!("a CoNLL-U line has 10 columns, this one {}", cols.len()),
            });
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        current.words.push(cols[1].to_owned());
        current.tags.push(cols[3].to_owned());
    }
    if !current.words.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// A word as the features see it: lowercased, digits folded to `0`.
fn normal(word: &str) -> String {
    word.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The word's shape: `Xx`, `x`, `X.`, `0,0`: runs of one kind squeezed.
fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars().take(12) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            '0'
        } else {
            c
        };
        if !out.ends_with(k) {
            out.push(k);
        }
    }
    out
}

/// The last `n` characters of `word`.
fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &word[start..]
}

/// The first character of `word`.
fn prefix(word: &str) -> &str {
    word.char_indices().nth(1).map_or(word, |(i, _)| &word[..i])
}

/// The sentence's words prepared once for every position's features.
struct Context {
    raw: Vec<String>,
    normal: Vec<String>,
    shape: Vec<String>,
}

impl Context {
    fn new<S: AsRef<str>>(words: &[S]) -> Self {
        Self {
            raw: words.iter().map(|w| w.as_ref().to_owned()).collect(),
            normal: words.iter().map(|w| normal(w.as_ref())).collect(),
            shape: words.iter().map(|w| shape(w.as_ref())).collect(),
        }
    }

    fn word(&self, i: isize) -> &str {
        match usize::try_from(i) {
            Ok(i) if i < self.normal.len() => &self.normal[i],
            Ok(_) => "-END-",
            Err(_) => "-START-",
        }
    }

    /// The features of word `i` given the two tags before it.
    fn features(&self, i: usize, t1: &str, t2: &str, out: &mut Vec<u64>) {
        out.clear();
        let i = i as isize;
        let w = self.word(i);
        let (p1, p2, n1, n2) = (
            self.word(i - 1),
            self.word(i - 2),
            self.word(i + 1),
            self.word(i + 2),
        );
        let f = feature;
        out.extend([
            f(&["bias"]),
            f(&["w", w]),
            f(&["s3", suffix(w, 3)]),
            f(&["s2", suffix(w, 2)]),
            f(&["p1", prefix(w)]),
            f(&["sh", &self.shape[i as usize]]),
            f(&["t1", t1]),
            f(&["t2", t2]),
            f(&["t12", t1, t2]),
            f(&["t1w", t1, w]),
            f(&["w-1", p1]),
            f(&["s3-1", suffix(p1, 3)]),
            f(&["w-2", p2]),
            f(&["w+1", n1]),
            f(&["s3+1", suffix(n1, 3)]),
            f(&["w+2", n2]),
            f(&["w-1w", p1, w]),
            f(&["ww+1", w, n1]),
            f(&["s4", suffix(w, 4)]),
            f(&["s1", suffix(w, 1)]),
            f(&["t1s3", t1, suffix(w, 3)]),
            f(&["shw-1", &self.shape[i as usize], p1]),
            f(&["s1+1", suffix(n1, 1)]),
            f(&["W", &self.raw[i as usize]]),
            f(&["first", if i == 0 { &self.shape[0] } else { "-" }]),
            f(&["t1w+1", t1, n1]),
        ]);
    }
}

/// The weights this build carries: `stancegraph train pos` rebuilds them.
pub(crate) const BUILTIN: &[u8] = include_bytes!("pos.model");

impl Tagger {
    /// The tagger trained on UD English EWT that ships with this build.
    pub fn builtin() -> &'static Tagger {
        static TAGGER: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
        TAGGER.get_or_init(
            || match Self::from_bytes(BUILTIN, Path::new("src/learn/pos.model")) {
                Ok((tagger, _)) => tagger,
                // The embedded file is checked by a test; a build without it cannot exist.
                Err(e) => unreachable!("the embedded tagger loads: {e}"),
            },
        )
    }

    /// Trains a tagger on `sentences` for `iterations` passes in an order fixed by `seed`.
    pub fn train(sentences: &[Tagged], iterations: usize, seed: u64) -> Self {
        let mut classes: Vec<String> = sentences.iter().flat_map(|s| s.tags.clone()).collect();
        classes.sort();
        classes.dedup();
        let class_of = |t: &str| classes.binary_search_by(|c| c.as_str().cmp(t)).unwrap_or(0);
        let mut trainer = Trainer::new(classes.len());
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut feats = Vec::new();
        let mut scratch = vec![0; classes.len()];
        for pass in 0..iterations {
            shuffle(&mut order, seed.wrapping_add(pass as u64));
            for &s in &order {
                let sentence = &sentences[s];
                let ctx = Context::new(&sentence.words);
                let (mut t1, mut t2) = ("-START-", "-START2-");
                for (i, tag) in sentence.tags.iter().enumerate() {
                    ctx.features(i, t1, t2, &mut feats);
                    let guess = trainer.predict(&feats, &mut scratch);
                    trainer.update(&feats, class_of(tag), guess);
                    // Trained on its own guesses, as it will tag.
                    t2 = t1;
                    t1 = &classes[guess];
                }
            }
        }
        Self {
            // Every feature kept: pruning those updated once costs 0.2 points of
            // accuracy on EWT dev.
            weights: trainer.average(classes.clone(), 1),
        }
    }

    /// The tags of a sentence's words.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<&str> {
        let classes = self.weights.classes();
        let ctx = Context::new(words);
        let mut out: Vec<&str> = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(20);
        let mut scores = vec![0.0; classes.len()];
        for i in 0..words.len() {
            let t1 = if i >= 1 { out[i - 1] } else { "-START-" };
            let t2 = if i >= 2 { out[i - 2] } else { "-START2-" };
            ctx.features(i, t1, t2, &mut feats);
            self.weights.scores(&feats, &mut scores);
            out.push(&classes[best(scores.iter().copied())]);
        }
        out
    }

    /// The share of words of `sentences` tagged as they are tagged there.
    pub fn accuracy(&self, sentences: &[Tagged]) -> f64 {
        let (mut right, mut all) = (0usize, 0usize);
        for s in sentences {
            for (got, want) in self.tag(&s.words).iter().zip(&s.tags) {
                right += usize::from(got == want);
                all += 1;
            }
        }
        if all == 0 {
            0.0
        } else {
            right as f64 / all as f64
        }
    }

    /// The weights file's bytes, with `manifest`.
    pub fn to_bytes(&self, manifest: &Manifest) -> Vec<u8> {
        self.weights.to_bytes(manifest)
    }

    /// Reads a weights file; a file of another model or feature set is an error
    /// naming `path`.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Self, Manifest)> {
        let (weights, manifest) = Weights::from_bytes(bytes, path)?;
        if manifest.name != "pos" || manifest.features != FEATURES {
            return Err(Error::Model {
                path: path.to_owned(),
                message: format!(
                    "holds `{}` weights of feature set `{}`, not a part-of-speech tagger of `{FEATURES}`",
                    manifest.name, manifest.features
                ),
            });
        }
        Ok((Self { weights }, manifest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_tagger_reads_a_news_sentence() {
        let words = [
            "The",
            "minister",
            "said",
            "on",
            "Friday",
            "that",
            "the",
            "plan",
            "was",
            "unacceptable",
            ".",
        ];
        let tags = Tagger::builtin().tag(&words);
        assert_eq!(
            tags,
            [
                "DET", "NOUN", "VERB", "ADP", "PROPN", "SCONJ", "DET", "NOUN", "AUX", "ADJ",
                "PUNCT"
            ]
        );
    }

    #[test]
    fn a_weights_file_of_another_model_is_refused_by_name() {
        let other = super::super::Trainer::new(1).average(vec!["x".into()], 1);
        let manifest = Manifest {
            name: "cue".into(),
            features: "cue-1".into(),
            ..Manifest::default()
        };
        let e = Tagger::from_bytes(&other.to_bytes(&manifest), Path::new("cue.model"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("cue.model: holds `cue` weights"), "{e}");
    }
}
