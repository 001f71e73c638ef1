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

/// Passes and seed of the stance model's training.
const STANCE_ITERATIONS: usize = 10;
const STANCE_SEED: u64 = 1;

/// Trains the stance model on realnews train (less the `hold_out` fold, if one is
/// named) and writes the weights to `output`. Each candidate holder the extractor
/// proposes, read cold, is labelled by the annotated stances whose evidence its
/// sentence holds and whose actor it names: the first accepted stance of a
/// required one, none for a distractor or for no annotation; a debatable one is
/// left out, being no lesson either way.
pub(super) fn stance(
    data: &Path,
    output: &Path,
    hold_out: Option<u8>,
    out: &mut dyn Write,
) -> Result<Outcome> {
    use crate::extract::Extractor;
    use crate::learn::stance::{self, StanceClassifier};
    let articles = stance::read_realnews(data, "train")?;
    let kept = |id: &str| {
        let n: u32 = id[1..].parse().unwrap_or(0);
        hold_out.is_none_or(|k| n % 5 != u32::from(k))
    };
    let extractor = Extractor::new(None, Lexicon::default());
    let mut texts = Sha256::new();
    let mut counts = Counts::default();
    let mut examples = Vec::new();
    let mut held = Vec::new();
    let mut held_counts = Counts::default();
    for a in &articles {
        if kept(&a.id) {
            texts.update(Sha256::digest(a.text.as_bytes()));
            examples.extend(labelled(&extractor, a, &mut counts));
        } else {
            held.extend(labelled(&extractor, a, &mut held_counts));
        }
    }
    let Counts {
        articles: used,
        stances,
        covered,
        positives,
    } = counts;
    let model = StanceClassifier::train(&examples, STANCE_ITERATIONS, STANCE_SEED);
    let (_, gold_sum) = read_data(&data.join("gold.tsv"))?;
    let (_, split_sum) = read_data(&data.join("split.tsv"))?;
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let command = match hold_out {
        Some(k) => format!("stancegraph train stance --hold-out {k}"),
        None => "stancegraph train stance".to_owned(),
    };
    let manifest = Manifest {
        name: "stance".into(),
        features: stance::FEATURES.into(),
        command,
        data: vec![
            ("realnews/gold.tsv".into(), gold_sum),
            ("realnews/split.tsv".into(), split_sum),
            (
                format!("realnews/texts, train ({used} files, sha256 of their sha256s)"),
                hex(&texts.finalize()),
            ),
            (
                "src/extract/lexicon.ron".into(),
                hex(&Sha256::digest(DEFAULT_LEXICON.as_bytes())),
            ),
        ],
    };
    let bytes = model.to_bytes(&manifest);
    crate::store::write_atomic(output, &bytes)?;
    if !held.is_empty() {
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for e in &held {
            let guess = model
                .judge(&e.features)
                .stance
                .map_or(0, stance::class_index);
            match (guess, e.class) {
                (0, 0) => {}
                (g, t) if g == t => tp += 1,
                (0, _) => fn_ += 1,
                (_, 0) => fp += 1,
                _ => {
                    fp += 1;
                    fn_ += 1;
                }
            }
        }
        let _ = writeln!(
            out,
            "held out: {} articles, {} candidates; candidates' stances precision {:.2} recall {:.2} (tp {tp} fp {fp} fn {fn_}); {} of {} required stances have a candidate",
            held_counts.articles,
            held.len(),
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / (tp + fn_).max(1) as f64,
            held_counts.covered,
            held_counts.stances,
        );
    }
    let _ = writeln!(
        out,
        "stance: trained on {used} articles ({stances} required stances, {covered} of them in a sentence that names the holder; {} candidate holders, {positives} of them with a stance), {STANCE_ITERATIONS} passes; {} bytes to {}\nmeasure with ../shared/realnews/score.py on `extract --learned` (cold: no --graph)",
        examples.len(),
        bytes.len(),
        output.display()
    );
    Ok(Outcome::Success)
}

/// What labelling a set of articles found.
#[derive(Default)]
struct Counts {
    articles: usize,
    /// Required stances.
    stances: usize,
    /// Required stances whose sentence names the holder among the candidates.
    covered: usize,
    /// Candidates labelled with a stance.
    positives: usize,
}

/// Whitespace collapsed and curly quotes straight: how evidence is found in a
/// sentence.
fn squash(s: &str) -> String {
    s.replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The article's candidate holders, read cold, labelled by its annotation: the
/// first accepted stance of a required stance whose evidence the sentence holds
/// and whose actor the candidate names; none for a distractor or no annotation; a
/// debatable one is left out, being no lesson either way.
fn labelled(
    extractor: &crate::extract::Extractor,
    a: &crate::learn::stance::RealArticle,
    counts: &mut Counts,
) -> Vec<crate::learn::stance::Example> {
    use crate::learn::stance::{Example, class_of, fold, names_match};
    counts.articles += 1;
    counts.stances += a.gold.iter().filter(|g| g.required).count();
    let article = crate::extract::Article {
        text: &a.text,
        source: crate::model::SourceId::from_text(&a.id),
        url: None,
        published: None,
    };
    let mut hit = vec![false; a.gold.len()];
    let mut out = Vec::new();
    for seen in extractor.holder_candidates(&article) {
        let sentence = squash(&seen.sentence);
        let names: Vec<String> = seen.names.iter().map(|n| fold(n)).collect();
        let mut rows = Vec::new();
        for (i, g) in a.gold.iter().enumerate() {
            let e = squash(&g.evidence);
            if (sentence.contains(&e) || e.contains(&sentence))
                && names.iter().any(|n| names_match(n, &g.names))
            {
                hit[i] = true;
                rows.push(g);
            }
        }
        let class = if let Some(g) = rows.iter().find(|g| g.required) {
            class_of(&g.stances[0])
        } else if rows.iter().any(|g| !g.required && g.stances[0] != "none") {
            None
        } else {
            Some(0)
        };
        if let Some(class) = class {
            counts.positives += usize::from(class > 0);
            out.push(Example {
                features: seen.features,
                class,
            });
        }
    }
    counts.covered += a
        .gold
        .iter()
        .zip(&hit)
        .filter(|(g, h)| g.required && **h)
        .count();
    out
}
