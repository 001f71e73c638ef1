//! Small linear models: averaged perceptrons over hashed sparse features.
//!
//! A model scores each of a few classes as the sum of the weights of the features
//! that fire. Features are strings ("w=said", "t-1=PRON") hashed by [`feature`], a
//! hash fixed by its definition (unlike the standard library's, which is seeded, or
//! a crate's, which may change between versions), so a weights file means the same
//! thing in every build. Training counts in integers, in an order fixed by a seed,
//! and divides once at the end: the same data and command give the same bytes.

pub mod attribution;
pub mod stance;
pub mod tagger;
pub mod tokens;

use std::io::Write;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// The hash of a feature's `parts`, eight bytes at a time: each part's bytes as
/// little-endian words, then its length, each folded in by a multiply and a
/// rotation, so that ("ab", "c") and ("a", "bc") hash apart. Defined here rather
/// than taken from a crate so that a weights file means the same in every build;
/// word at a time because hashing feature strings is most of what tagging costs.
pub(crate) fn feature(parts: &[&str]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, word: u64| (h ^ word).wrapping_mul(K).rotate_left(29);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        let bytes = part.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = mix(
                h,
                u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
            );
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut tail = [0u8; 8];
            tail[..rest.len()].copy_from_slice(rest);
            h = mix(h, u64::from_le_bytes(tail));
        }
        h = mix(h, bytes.len() as u64 | 0xff00_0000_0000_0000);
    }
    h ^ (h >> 32)
}

/// An averaged perceptron being trained.
///
/// Averaging uses the usual trick: beside each weight `w` it keeps `u`, the sum of
/// every update times the step it was made at; the average over `c` steps is then
/// `w - u / c`, computed once.
#[derive(Debug)]
pub(crate) struct Trainer {
    classes: usize,
    /// Per feature: its weights, their step-weighted sums, and how many updates
    /// touched it.
    weights: FxHashMap<u64, (Vec<i64>, Vec<i64>, u32)>,
    step: i64,
}

impl Trainer {
    pub(crate) fn new(classes: usize) -> Self {
        Self {
            classes,
            weights: FxHashMap::default(),
            step: 1,
        }
    }

    /// The current (not averaged) scores of `features`.
    pub(crate) fn scores(&self, features: &[u64], out: &mut [i64]) {
        out.fill(0);
        for f in features {
            if let Some((w, _, _)) = self.weights.get(f) {
                for (o, w) in out.iter_mut().zip(w) {
                    *o += w;
                }
            }
        }
    }

    /// The best class by the current weights; ties go to the lower class.
    pub(crate) fn predict(&self, features: &[u64], scratch: &mut [i64]) -> usize {
        self.scores(features, scratch);
        best(scratch.iter().copied())
    }

    /// One example seen: rewards `truth` and penalises `guess` when they differ.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            let classes = self.classes;
            for f in features {
                let (w, u, n) = self
                    .weights
                    .entry(*f)
                    .or_insert_with(|| (vec![0; classes], vec![0; classes], 0));
                *n += 1;
                w[truth] += 1;
                u[truth] += self.step;
                w[guess] -= 1;
                u[guess] -= self.step;
            }
        }
        self.step += 1;
    }

    /// One ranking seen: the candidate `truth` should have outscored `guess` on
    /// class `class`; the update rewards one and penalises the other.
    pub(crate) fn update_rank(&mut self, truth: &[u64], guess: &[u64], class: usize) {
        let classes = self.classes;
        for (features, delta) in [(truth, 1), (guess, -1)] {
            for f in features {
                let (w, u, n) = self
                    .weights
                    .entry(*f)
                    .or_insert_with(|| (vec![0; classes], vec![0; classes], 0));
                *n += 1;
                w[class] += delta;
                u[class] += delta * self.step;
            }
        }
        self.step += 1;
    }

    /// The averaged weights, without features whose every weight rounds to zero
    /// or that fewer than `min_updates` updates touched (a feature corrected once
    /// is mostly noise, and every feature kept costs a lookup's cache miss).
    pub(crate) fn average(self, classes: Vec<String>, min_updates: u32) -> Weights {
        let c = self.step as f64;
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .weights
            .into_iter()
            .filter(|(_, (_, _, n))| *n >= min_updates)
            .map(|(f, (w, u, _))| {
                let row: Vec<(u8, f32)> = w
                    .iter()
                    .zip(&u)
                    .enumerate()
                    .filter_map(|(k, (w, u))| {
                        let avg = (*w as f64 - *u as f64 / c) as f32;
                        (avg.abs() >= 1e-3).then_some((k as u8, avg))
                    })
                    .collect();
                (f, row)
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();
        rows.sort_unstable_by_key(|(f, _)| *f);
        Weights::from_rows(classes, rows)
    }
}

/// The index of the highest score; the first of equal ones.
pub(crate) fn best<T: PartialOrd + Copy>(scores: impl Iterator<Item = T>) -> usize {
    let mut top: Option<(usize, T)> = None;
    for (k, s) in scores.enumerate() {
        if top.is_none_or(|(_, t)| s > t) {
            top = Some((k, s));
        }
    }
    top.map_or(0, |(k, _)| k)
}

/// A trained model's weights: for each feature, the classes it weighs for.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    classes: Vec<String>,
    index: Table,
    entries: Vec<(u8, f32)>,
    /// Every feature and its row's length, in file order: what saving writes (the
    /// table holds fingerprints, not features).
    order: Vec<(u64, u8)>,
}

impl Weights {
    fn from_rows(classes: Vec<String>, rows: Vec<(u64, Vec<(u8, f32)>)>) -> Self {
        let mut index = Table::with_capacity(rows.len());
        let mut entries = Vec::new();
        let mut order = Vec::with_capacity(rows.len());
        for (f, row) in rows {
            if !row.is_empty() {
                index.insert(f, (entries.len() as u32, row.len() as u32));
            }
            order.push((f, row.len() as u8));
            entries.extend(row);
        }
        Self {
            classes,
            index,
            entries,
            order,
        }
    }

    /// The names of the classes, in score order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// How many features carry weight.
    pub fn features(&self) -> usize {
        self.order.len()
    }

    /// Adds the weights of `features` to `out` (one score per class).
    pub(crate) fn scores(&self, features: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        // Find every feature's row first, then add them up: the table's lookups do
        // not wait on each other's, so their cache misses overlap.
        let mut rows = [(0u32, 0u32); 64];
        for chunk in features.chunks(rows.len()) {
            let mut n = 0;
            for f in chunk {
                if let Some(row) = self.index.get(*f) {
                    rows[n] = row;
                    n += 1;
                }
            }
            for &(start, len) in &rows[..n] {
                for &(k, w) in &self.entries[start as usize..(start + len) as usize] {
                    out[usize::from(k)] += w;
                }
            }
        }
    }

    /// The weight of one feature for one class (0 when it carries none).
    pub(crate) fn weight(&self, feature: u64, class: usize) -> f32 {
        self.index.get(feature).map_or(0.0, |(start, len)| {
            self.entries[start as usize..(start + len) as usize]
                .iter()
                .find(|(k, _)| usize::from(*k) == class)
                .map_or(0.0, |(_, w)| *w)
        })
    }

    /// The file's bytes: the manifest, a blank line, then the weights.
    pub(crate) fn to_bytes(&self, manifest: &Manifest) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = writeln!(out, "{MAGIC}");
        let _ = writeln!(out, "name: {}", manifest.name);
        let _ = writeln!(out, "features: {}", manifest.features);
        let _ = writeln!(out, "command: {}", manifest.command);
        for (file, sum) in &manifest.data {
            let _ = writeln!(out, "data: {file} sha256 {sum}");
        }
        let _ = writeln!(out, "classes: {}", self.classes.join(" "));
        let _ = writeln!(out, "weights: {}", self.order.len());
        out.push(b'\n');
        let mut start = 0;
        for &(f, len) in &self.order {
            out.extend_from_slice(&f.to_le_bytes());
            out.push(len);
            let end = start + usize::from(len);
            for (k, w) in &self.entries[start..end] {
                out.push(*k);
                out.extend_from_slice(&w.to_le_bytes());
            }
            start = end;
        }
        out
    }

    /// Reads a weights file written by [`Weights::to_bytes`]; `path` names it in errors.
    pub(crate) fn from_bytes(bytes: &[u8], path: &Path) -> Result<(Self, Manifest)> {
        let bad = |why: &str| Error::Model {
            path: path.to_owned(),
            message: why.to_owned(),
        };
        let split = bytes
            .windows(2)
            .position(|w| w == b"\n\n")
            .ok_or_else(|| bad("not a stancegraph weights file (no manifest)"))?;
        let head = std::str::from_utf8(&bytes[..split])
            .map_err(|_| bad("not a stancegraph weights file (the manifest is not text)"))?;
        let mut lines = head.lines();
        if lines.next() != Some(MAGIC) {
            return Err(bad(&format!(
                "not a stancegraph weights file (it does not begin with `{MAGIC}`)"
            )));
        }
        let mut manifest = Manifest::default();
        let mut classes = Vec::new();
        let mut count = None;
        for line in lines {
            let (key, value) = line
                .split_once(": ")
                .ok_or_else(|| bad(&format!("manifest line `{line}` is not `key: value`")))?;
            match key {
                "name" => manifest.name = value.to_owned(),
                "features" => manifest.features = value.to_owned(),
                "command" => manifest.command = value.to_owned(),
                "data" => {
                    let (file, sum) = value
                        .split_once(" sha256 ")
                        .ok_or_else(|| bad("a data line lacks its checksum"))?;
                    manifest.data.push((file.to_owned(), sum.to_owned()));
                }
                "classes" => classes = value.split(' ').map(str::to_owned).collect(),
                "weights" => count = value.parse::<usize>().ok(),
                _ => return Err(bad(&format!("unknown manifest entry `{key}`"))),
            }
        }
        let count = count.ok_or_else(|| bad("the manifest does not say how many weights"))?;
        if classes.is_empty() || classes.len() > 255 {
            return Err(bad("the manifest lists no classes, or too many"));
        }
        let mut rest = &bytes[split + 2..];
        let truncated = || bad("truncated: the file ends inside its weights");
        // Straight into the table: no row is held on its own, so loading takes
        // little more memory than the model does.
        let rows = count.min(rest.len() / 9);
        let mut index = Table::with_capacity(rows);
        let mut entries = Vec::with_capacity(rest.len() / 5);
        let mut order = Vec::with_capacity(rows);
        for _ in 0..count {
            let (f, tail) = rest.split_first_chunk::<8>().ok_or_else(truncated)?;
            let (&len, tail) = tail.split_first().ok_or_else(truncated)?;
            let need = usize::from(len) * 5;
            if tail.len() < need {
                return Err(truncated());
            }
            let f = u64::from_le_bytes(*f);
            if entries.len() + usize::from(len) > MAX_ENTRIES {
                return Err(bad("more weights than a model can hold"));
            }
            if len > 0 {
                index.insert(f, (entries.len() as u32, u32::from(len)));
            }
            for c in tail[..need].chunks_exact(5) {
                let k = c[0];
                let w = f32::from_le_bytes([c[1], c[2], c[3], c[4]]);
                if usize::from(k) >= classes.len() || !w.is_finite() {
                    return Err(bad("a weight names a class the file does not have"));
                }
                entries.push((k, w));
            }
            order.push((f, len));
            rest = &tail[need..];
        }
        if !rest.is_empty() {
            return Err(bad("bytes after the last weight"));
        }
        let weights = Self {
            classes,
            index,
            entries,
            order,
        };
        Ok((weights, manifest))
    }
}

/// Where each feature's weights are: an open-addressing table keyed by the
/// feature's hash, at most half full. Lookups, most of them for features the model
/// never saw, are the inner loop of every model, and they miss the cache: each slot
/// is therefore eight bytes (a 32-bit fingerprint of the hash and the row packed in
/// 32 bits), so that both models' tables fit this machine's shared cache.
///
/// A fingerprint is not the whole hash: a feature the model never saw is taken for
/// one it did when its home slot, its bitset bit and its 32-bit fingerprint all
/// agree with that one's, about once in a few billion lookups of unseen features;
/// like any hash collision, the result is still the same on every run.
#[derive(Clone, Debug, PartialEq)]
struct Table {
    /// `fingerprint, start << 8 | len`; a second word of 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
    /// One bit per 16 slots' worth of features, set for each feature held: most
    /// features looked up were never seen in training, and this bitset, small
    /// enough to stay in cache, turns most of them away without touching `slots`.
    seen: Vec<u64>,
    seen_shift: u32,
}

/// The most weights a table addresses (24 bits of a slot's row).
const MAX_ENTRIES: usize = 1 << 24;

impl Table {
    fn with_capacity(n: usize) -> Self {
        let size = (n * 2).next_power_of_two().max(16);
        let bits = size * 8;
        Self {
            slots: vec![(0, 0); size],
            mask: size - 1,
            seen: vec![0; bits / 64],
            seen_shift: 64 - bits.trailing_zeros(),
        }
    }

    /// The feature's bit in `seen`: other bits of the hash than `home` takes.
    fn bit(&self, f: u64) -> usize {
        (f.wrapping_mul(0xc2b2_ae3d_27d4_eb4f) >> self.seen_shift) as usize
    }

    /// The slot to start probing at: the hash's high bits, mixed, as a hash's low
    /// bits are its weakest.
    fn home(&self, f: u64) -> usize {
        (f.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & self.mask
    }

    /// The fingerprint kept in the slot: the hash's low half.
    fn fingerprint(f: u64) -> u32 {
        f as u32
    }

    /// Adds a row of `len` (1 to 255) weights from `start` (below [`MAX_ENTRIES`]).
    fn insert(&mut self, f: u64, (start, len): (u32, u32)) {
        let mut k = self.home(f);
        while self.slots[k].1 != 0 {
            k = (k + 1) & self.mask;
        }
        self.slots[k] = (Self::fingerprint(f), start << 8 | len);
        let b = self.bit(f);
        self.seen[b / 64] |= 1 << (b % 64);
    }

    fn get(&self, f: u64) -> Option<(u32, u32)> {
        let b = self.bit(f);
        if self.seen[b / 64] & (1 << (b % 64)) == 0 {
            return None;
        }
        let fp = Self::fingerprint(f);
        let mut k = self.home(f);
        loop {
            let (key, row) = self.slots[k];
            if row == 0 {
                return None;
            }
            if key == fp {
                return Some((row >> 8, row & 0xff));
            }
            k = (k + 1) & self.mask;
        }
    }
}

/// The first line of every weights file.
const MAGIC: &str = "stancegraph-model/1";

/// What a weights file says about how it was made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Which model (`pos`).
    pub name: String,
    /// The feature set's version: weights of another version mean nothing to it.
    pub features: String,
    /// The command that made the file.
    pub command: String,
    /// Each training file and its SHA-256.
    pub data: Vec<(String, String)>,
}

/// A deterministic shuffle (xorshift64*), so training order is fixed by its seed.
pub(crate) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for i in (1..items.len()).rev() {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        items.swap(i, (r % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_read_back_to_what_was_written() {
        let mut t = Trainer::new(2);
        let f = [feature(&["w", "said"]), feature(&["bias"])];
        let mut scratch = [0; 2];
        for _ in 0..3 {
            let guess = t.predict(&f, &mut scratch);
            t.update(&f, 1, guess);
        }
        let w = t.average(vec!["no".into(), "yes".into()], 1);
        let manifest = Manifest {
            name: "test".into(),
            features: "test-1".into(),
            command: "none".into(),
            data: vec![("a.txt".into(), "00".into())],
        };
        let bytes = w.to_bytes(&manifest);
        let (back, m) = Weights::from_bytes(&bytes, Path::new("t.model")).unwrap();
        assert_eq!(back, w);
        assert_eq!(m, manifest);
        let mut out = [0.0; 2];
        back.scores(&f, &mut out);
        assert!(out[1] > out[0]);
    }

    #[test]
    fn a_truncated_or_foreign_file_is_one_clear_error() {
        let w = Trainer::new(1).average(vec!["x".into()], 1);
        let bytes = w.to_bytes(&Manifest::default());
        for bad in [
            &b"hello"[..],
            &bytes[..bytes.len() - 1],
            b"stancegraph-model/1\nweights: 3\nclasses: a\n\n",
        ] {
            let e = Weights::from_bytes(bad, Path::new("m.model"))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("m.model: "), "{e}");
        }
    }

    #[test]
    fn the_hash_is_fixed_by_its_definition() {
        // Pinned: a change here silently changes what every weights file means.
        assert_eq!(feature(&["w", "said"]), 0x958c_a964_eb51_2977);
        assert_ne!(feature(&["ab", "c"]), feature(&["a", "bc"]));
    }
}
