//! Extraction throughput on one core and peak memory of streamed (`jsonl`) runs.
//!
//! Run: `cargo bench --bench extract` (add `-- --quick` for a 10 MB corpus only).
//! The corpus is the annotated fixture articles repeated, with names varied from
//! copy to copy, written as separate files; throughput is measured in-process on
//! one thread, peak memory on the release `stancegraph` binary as a child process.

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

fn corpus(bytes: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
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
    let mut out = Vec::new();
    let mut total = 0;
    let mut copy = 0;
    while total < bytes {
        for a in &articles {
            let v = vary(a, copy);
            total += v.len();
            out.push(v);
        }
        copy += 1;
    }
    out
}

/// Writes the articles as an archive would keep them: folders of 500 files (say, one
/// per day), so that a folder's listing is small and a streamed run holds no more
/// than one of them.
fn write_corpus(dir: &Path, articles: &[String]) {
    for (i, a) in articles.iter().enumerate() {
        let folder = dir.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&folder).expect("dir");
        std::fs::write(folder.join(format!("{i:06}.txt")), a).expect("write");
    }
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
        if let Ok(s) = std::fs::read_to_string(&status) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak = peak.max(kb * 1024);
            }
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (peak, start.elapsed())
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size = if quick { 10_000_000 } else { 50_000_000 };
    let articles = corpus(size);
    let bytes: usize = articles.iter().map(String::len).sum();
    let extractor = Extractor::new(None, Lexicon::default());
    let mut times = Vec::new();
    let mut statements = 0;
    for _ in 0..3 {
        let t = Instant::now();
        statements = 0;
        for (i, a) in articles.iter().enumerate() {
            let source = format!("a{i}").parse().expect("slug");
            statements += extractor
                .extract(&Article {
                    text: a,
                    source,
                    url: None,
                    published: None,
                })
                .statements
                .len();
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[1];
    println!(
        "Corpus: {} articles, {:.1} MB; {statements} statements extracted per pass.",
        articles.len(),
        bytes as f64 / 1e6
    );
    println!(
        "In-process, one thread, no base graph: median {median:.2} s of 3 = {:.1} MB/s.",
        bytes as f64 / 1e6 / median
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
    let t = Instant::now();
    for (i, a) in articles.iter().enumerate() {
        let source = format!("a{i}").parse().expect("slug");
        with_base.extract(&Article {
            text: a,
            source,
            url: None,
            published: None,
        });
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "In-process, one thread, against the curated graph's gazetteer: {s:.2} s = {:.1} MB/s.",
        bytes as f64 / 1e6 / s
    );

    let bin = env!("CARGO_BIN_EXE_stancegraph");
    let root =
        std::env::temp_dir().join(format!("stancegraph-extract-bench-{}", std::process::id()));
    let sizes: &[usize] = if quick {
        &[10_000_000]
    } else {
        &[10_000_000, 50_000_000]
    };
    for &target in sizes {
        let mut subset = Vec::new();
        let mut total = 0;
        for a in &articles {
            if total >= target {
                break;
            }
            total += a.len();
            subset.push(a.clone());
        }
        let dir = root.join(format!("{target}"));
        write_corpus(&dir, &subset);
        let mut cmd = Command::new(bin);
        cmd.args(["extract", "--format", "jsonl"]).arg(&dir);
        let (peak, took) = peak_rss(cmd);
        println!(
            "CLI `extract DIR --format jsonl` on {:.1} MB ({} files): peak RSS {:.1} MB, {:.2} s ({:.1} MB/s with file reading and JSON output).",
            total as f64 / 1e6,
            subset.len(),
            peak as f64 / 1e6,
            took.as_secs_f64(),
            total as f64 / 1e6 / took.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
