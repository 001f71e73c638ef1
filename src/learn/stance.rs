//! The stance model: which stance, if any, a sentence shows its holder taking.
//!
//! Extraction proposes every actor a sentence names as a candidate holder and
//! describes it by sparse features (see the extractor's `holders` stage); this
//! averaged perceptron decides among no stance, support, skeptical and non-starter.
//! It is trained on real news with annotated stances (`../shared/realnews` train,
//! read by [`read_realnews`]), through the extractor's own candidates, so that
//! training and extraction see the same features.

use std::path::Path;

use super::{Manifest, Trainer, Weights, best, feature, shuffle};
use crate::error::{Error, Result};
use crate::model::Stance;

/// The feature set's version: weights trained on another mean nothing to it.
pub const FEATURES: &str = "stance-holders/1";

/// The classes, in score order.
pub const CLASSES: [&str; 4] = ["none", "support", "skeptical", "non-starter"];

/// The weights this build carries: `stancegraph train stance` rebuilds them.
const BUILTIN: &[u8] = include_bytes!("stance.model");

/// A candidate seen in training: its features and its class (an index of [`CLASSES`]).
#[derive(Clone, Debug)]
pub struct Example {
    /// What the model sees.
    pub features: Vec<String>,
    /// What it should answer.
    pub class: usize,
}

/// The model's answer for one candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    /// The stance, or `None` when the sentence shows none for the holder.
    pub stance: Option<Stance>,
    /// How sure: the logistic of the margin between the best class and the next.
    pub score: f64,
    /// The features that weighed most for the answer, strongest first.
    pub features: Vec<(String, f64)>,
}

/// The trained stance model.
#[derive(Debug)]
pub struct StanceClassifier {
    weights: Weights,
}

impl StanceClassifier {
    /// The model trained on realnews train that ships with this build.
    pub fn builtin() -> &'static StanceClassifier {
        static MODEL: std::sync::OnceLock<StanceClassifier> = std::sync::OnceLock::new();
        MODEL.get_or_init(
            || match Self::from_bytes(BUILTIN, Path::new("src/learn/stance.model")) {
                Ok((model, _)) => model,
                // The embedded file is checked by a test; a build without it cannot exist.
                Err(e) => unreachable!("the embedded stance model loads: {e}"),
            },
        )
    }

    /// The built-in model, shared.
    pub fn shared() -> std::sync::Arc<StanceClassifier> {
        static MODEL: std::sync::OnceLock<std::sync::Arc<StanceClassifier>> =
            std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| {
                std::sync::Arc::new(StanceClassifier {
                    weights: Self::builtin().weights.clone(),
                })
            })
            .clone()
    }

    /// Reads a weights file written by `stancegraph train stance`.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self::from_bytes(&bytes, path)?.0)
    }

    /// Trains on `examples` for `iterations` passes in an order fixed by `seed`.
    pub fn train(examples: &[Example], iterations: usize, seed: u64) -> Self {
        let hashed: Vec<(Vec<u64>, usize)> = examples
            .iter()
            .map(|e| (e.features.iter().map(|f| feature(&[f])).collect(), e.class))
            .collect();
        let mut order: Vec<usize> = (0..hashed.len()).collect();
        let mut trainer = Trainer::new(CLASSES.len());
        let mut scratch = vec![0i64; CLASSES.len()];
        for pass in 0..iterations {
            shuffle(&mut order, seed.wrapping_add(pass as u64));
            for &i in &order {
                let (f, truth) = &hashed[i];
                let guess = trainer.predict(f, &mut scratch);
                trainer.update(f, *truth, guess);
            }
        }
        Self {
            weights: trainer.average(CLASSES.iter().map(|c| (*c).to_owned()).collect(), 1),
        }
    }

    /// The stance the features show, with the model's score and the strongest
    /// features of its answer.
    pub fn judge(&self, features: &[String]) -> Judgement {
        let hashes: Vec<u64> = features.iter().map(|f| feature(&[f])).collect();
        let mut scores = [0f32; CLASSES.len()];
        self.weights.scores(&hashes, &mut scores);
        let top = best(scores.iter().copied());
        let next = scores
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != top)
            .map(|(_, s)| *s)
            .fold(f32::NEG_INFINITY, f32::max);
        let margin = f64::from(scores[top] - next);
        let mut weighed: Vec<(String, f64)> = hashes
            .iter()
            .zip(features)
            .map(|(&h, name)| {
                (
                    format!("{}: {name}", CLASSES[top]),
                    f64::from(self.weights.weight(h, top)),
                )
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        weighed.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighed.dedup_by(|a, b| a.0 == b.0);
        weighed.truncate(3);
        for w in &mut weighed {
            w.1 = (w.1 * 1000.0).round() / 1000.0;
        }
        Judgement {
            stance: class_stance(top),
            score: (1.0 / (1.0 + (-margin).exp()) * 100.0).round() / 100.0,
            features: weighed,
        }
    }

    /// The weights file's bytes.
    pub fn to_bytes(&self, manifest: &Manifest) -> Vec<u8> {
        self.weights.to_bytes(manifest)
    }

    /// Reads a weights file; a file of another model or feature set is an error
    /// naming `path`.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Self, Manifest)> {
        let (weights, manifest) = Weights::from_bytes(bytes, path)?;
        if manifest.name != "stance" || manifest.features != FEATURES {
            return Err(Error::Model {
                path: path.to_owned(),
                message: format!(
                    "this is a `{}` model with features `{}`; the stance model with features `{FEATURES}` was expected",
                    manifest.name, manifest.features
                ),
            });
        }
        if weights.classes() != CLASSES {
            return Err(Error::Model {
                path: path.to_owned(),
                message: format!("its classes are {:?}, not {CLASSES:?}", weights.classes()),
            });
        }
        Ok((Self { weights }, manifest))
    }
}

/// The stance of class `k` of [`CLASSES`].
fn class_stance(k: usize) -> Option<Stance> {
    match k {
        1 => Some(Stance::Support),
        2 => Some(Stance::Skeptical),
        3 => Some(Stance::NonStarter),
        _ => None,
    }
}

/// The class index of a stance in [`CLASSES`].
pub fn class_index(s: Stance) -> usize {
    match s {
        Stance::Support => 1,
        Stance::Skeptical => 2,
        Stance::NonStarter => 3,
    }
}

/// The class of a stance's name in the realnews annotation (`none`, `support`,
/// `skeptical`, `non-starter`).
pub fn class_of(name: &str) -> Option<usize> {
    CLASSES.iter().position(|c| *c == name)
}

/// One annotated stance of the realnews data (a line of `gold.tsv`).
#[derive(Clone, Debug)]
pub struct GoldStance {
    /// The actor's names, the fullest first.
    pub names: Vec<String>,
    /// The proposal family.
    pub family: String,
    /// The accepted stances; `none` marks a distractor.
    pub stances: Vec<String>,
    /// A careful reader certainly records it.
    pub required: bool,
    /// A phrase copied from the sentence that carries it.
    pub evidence: String,
}

/// One article of the realnews data, with its annotated stances.
#[derive(Clone, Debug)]
pub struct RealArticle {
    /// Its id (`a01`).
    pub id: String,
    /// The excerpt.
    pub text: String,
    /// `train` or `dev`.
    pub split: String,
    /// Its annotated stances.
    pub gold: Vec<GoldStance>,
}

/// Reads `dir/split.tsv`, `dir/gold.tsv` and the texts of the articles whose split
/// is `split`, in id order. A malformed line is an error with its place.
pub fn read_realnews(dir: &Path, split: &str) -> Result<Vec<RealArticle>> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })
    };
    let split_text = read("split.tsv")?;
    let gold_text = read("gold.tsv")?;
    let mut out: Vec<RealArticle> = Vec::new();
    for line in split_text.lines().skip(1) {
        let Some((id, s)) = line.split_once('\t') else {
            continue;
        };
        if s.trim() != split {
            continue;
        }
        let text = read(&format!("texts/{id}.txt"))?;
        out.push(RealArticle {
            id: id.to_owned(),
            text,
            split: s.trim().to_owned(),
            gold: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    for (n, line) in gold_text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with('@') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 {
            return Err(Error::Model {
                path: dir.join("gold.tsv"),
                message: format!(
                    "line {}: {} columns, at least 6 expected",
                    n + 1,
                    cols.len()
                ),
            });
        }
        let Ok(k) = out.binary_search_by(|a| a.id.as_str().cmp(cols[0])) else {
            continue;
        };
        out[k].gold.push(GoldStance {
            names: cols[1].split('|').map(str::to_owned).collect(),
            family: cols[2].to_owned(),
            stances: cols[3].split('|').map(str::to_owned).collect(),
            required: cols[4] == "1",
            evidence: cols[5].to_owned(),
        });
    }
    Ok(out)
}

/// A name folded as the realnews scorer folds it: accents dropped (for the Latin
/// letters news names use), lowercase, dots and hyphens as spaces, curly
/// apostrophes straight, spaces collapsed.
pub fn fold(s: &str) -> String {
    const ACCENTED: [(&str, char); 12] = [
        ("áàâäãåā", 'a'),
        ("éèêëēę", 'e'),
        ("íìîïī", 'i'),
        ("óòôöõøō", 'o'),
        ("úùûüū", 'u'),
        ("ýÿ", 'y'),
        ("çćč", 'c'),
        ("ñń", 'n'),
        ("šś", 's'),
        ("žźż", 'z'),
        ("ł", 'l'),
        ("ğ", 'g'),
    ];
    let plain: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            '.' | '-' => ' ',
            c if c.is_ascii() => c,
            c => ACCENTED
                .iter()
                .find(|(from, _)| from.contains(c))
                .map_or(c, |(_, to)| *to),
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a predicted name `p` (folded) names the annotated actor: the same name,
/// or the last words of one, either way.
pub fn names_match(p: &str, names: &[String]) -> bool {
    !p.is_empty()
        && names.iter().any(|n| {
            let n = fold(n);
            p == n || p.ends_with(&format!(" {n}")) || n.ends_with(&format!(" {p}"))
        })
}
