//! Extraction throughput on one core and peak memory of streamed (`jsonl`) runs.
//!
//! Run: `cargo bench --bench extract` (add `-- --quick` for a 10 MB corpus only).
//! The corpus is the annotated fixture articles repeated, with names varied from
//! copy to copy, written as separate files; throughput is measured in-process on
//! one thread (each file read, then extracted; only extraction timed), peak memory
//! on the release `stancegraph` binary as a child process.

// A benchmark that cannot set up its input has nothing to measure: fail loudly.
#![allow(clippy::expect_used)]

// The binary's allocator, so that the in-process figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stancegraph::extract::lexicon::Lexicon;
use stancegraph::extract::{Article, Extractor};
use stancegraph::learn::attribution::Attributor;

/// Varies capitalised words from copy to copy so that the corpus is not one article
/// seen a thousand times: "Vescan" becomes "Vescanab" in copy 1, and so on.
fn vary(text: &str, copy: usize) -> String {
    if copy == 0 {
        return text.to_owned();
    }
    let suffix: String = format!("{copy:x}")
        .chars()
        .map(|c| char::from(b'a' + (c.to_digit(16).unwrap_or(0) as u8)))
        .collect();
    // One string, grown in place: a temporary string per word would leave the heap
    // fragmented and slow down whatever is measured after.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for w in text.split_inclusive(' ') {
        let core = w.trim_end();
        out.push_str(core);
        if core.len() >= 5
            && core.chars().next().is_some_and(char::is_uppercase)
            && core.chars().all(char::is_alphabetic)
        {
            out.push_str(&suffix);
        }
        out.push_str(&w[core.len()..]);
    }
    out
}

/// Writes the corpus as an archive would keep it, in folders of 500 files (say, one
/// per day): the annotated articles, copy after copy with names varied, until
/// `bytes` are written. Each copy is written as it is made, so this process never
/// holds the corpus. Returns the files and the bytes written.
fn write_corpus(dir: &Path, bytes: usize) -> (Vec<PathBuf>, usize) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let articles: Vec<String> = names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect();
    let mut files = Vec::new();
    let mut total = 0;
    'copies: for copy in 0.. {
        for a in &articles {
            if total >= bytes {
                break 'copies;
            }
            let text = vary(a, copy);
            let i = files.len();
            let folder = dir.join(format!("{:03}", i / 500));
            std::fs::create_dir_all(&folder).expect("dir");
            let file = folder.join(format!("{i:06}.txt"));
            std::fs::write(&file, &text).expect("write");
            total += text.len();
            files.push(file);
        }
    }
    (files, total)
}

/// Peak resident memory of a child process, read from /proc while it runs (the
/// high-water mark only grows, so the last reading is the peak to within a poll).
fn peak_rss(mut cmd: Command) -> (u64, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (peak, start.elapsed())
}

/// One pass over the files: each is read (not timed), then extracted (timed), then
/// dropped, as `stancegraph extract` does. Returns the seconds spent extracting and
/// the statements found.
/// How an article is read: the rules alone, or with the attribution model and
/// claims (`extract --claims`).
#[derive(Clone, Copy)]
enum Mode {
    Rules,
    Claims,
}

fn pass(extractor: &Extractor, files: &[PathBuf], mode: Mode) -> (f64, usize) {
    let model = Attributor::builtin();
    let mut took = Duration::ZERO;
    let mut statements = 0;
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("article");
        let source = format!("a{i}").parse().expect("slug");
        let article = Article {
            text: &text,
            source,
            url: None,
            published: None,
        };
        let t = Instant::now();
        let doc = match mode {
            Mode::Rules => extractor.extract(&article),
            Mode::Claims => extractor.extract_with_claims(&article, model),
        };
        statements += doc.statements.len();
        took += t.elapsed();
    }
    (took.as_secs_f64(), statements)
}

/// The median of three passes, in seconds, and the statements per pass.
fn median_of_three(extractor: &Extractor, files: &[PathBuf], mode: Mode) -> (f64, usize) {
    let mut runs: Vec<(f64, usize)> = (0..3).map(|_| pass(extractor, files, mode)).collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs[1]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick {
        &[10_000_000]
    } else {
        &[10_000_000, 50_000_000]
    };
    let root =
        std::env::temp_dir().join(format!("stancegraph-extract-bench-{}", std::process::id()));
    // The corpus goes to disk and is read back one article at a time, as extraction
    // runs; this process never holds all of it.
    let folders: Vec<(PathBuf, Vec<PathBuf>, usize)> = sizes
        .iter()
        .map(|&target| {
            let dir = root.join(format!("{target}"));
            let (files, bytes) = write_corpus(&dir, target);
            (dir, files, bytes)
        })
        .collect();
    let (_, files, bytes) = &folders[folders.len() - 1];
    let mb = *bytes as f64 / 1e6;

    let extractor = Extractor::new(None, Lexicon::default());
    let (median, statements) = median_of_three(&extractor, files, Mode::Rules);
    println!(
        "Corpus: {} articles, {mb:.1} MB; {statements} statements extracted per pass.",
        files.len()
    );
    println!(
        "In-process, one thread, no base graph: median {median:.2} s of 3 = {:.1} MB/s.",
        mb / median
    );
    // The whole extraction: tagging, the attribution model, stance and claims.
    let (median, statements) = median_of_three(&extractor, files, Mode::Claims);
    println!(
        "In-process, one thread, no base graph, with attributions and claims (`--claims`): median {median:.2} s of 3 = {:.1} MB/s; {statements} statements per pass.",
        mb / median
    );

    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("graphs/geneva-talks-2025-11.ron"),
    )
    .expect("graph");
    let base = stancegraph::store::parse(base, Path::new("graph.ron"))
        .expect("graph")
        .doc;
    let with_base = Extractor::new(
        Some(&stancegraph::extract::gazetteer_of(&base)),
        Lexicon::default(),
    );
    let (median, _) = median_of_three(&with_base, files, Mode::Rules);
    println!(
        "In-process, one thread, against the curated graph's gazetteer: median {median:.2} s of 3 = {:.1} MB/s.",
        mb / median
    );

    let bin = env!("CARGO_BIN_EXE_stancegraph");
    for flags in [
        &["--format", "jsonl"][..],
        &["--format", "jsonl", "--claims"][..],
    ] {
        for (dir, files, bytes) in &folders {
            let mut cmd = Command::new(bin);
            cmd.arg("extract").args(flags).arg(dir);
            let (peak, took) = peak_rss(cmd);
            println!(
                "CLI `extract DIR {}` on {:.1} MB ({} files): peak RSS {:.1} MB, {:.2} s ({:.1} MB/s with file reading and JSON output).",
                flags.join(" "),
                *bytes as f64 / 1e6,
                files.len(),
                peak as f64 / 1e6,
                took.as_secs_f64(),
                *bytes as f64 / 1e6 / took.as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}
