//! Store and export throughput: RON write/read of a large generated graph, with the
//! same document through serde_json beside it as the reference, peak memory of each
//! step, and DOT export time.
//!
//! Run: `cargo bench --bench store` (add `-- --quick` for a smaller graph). Prints a
//! Markdown table for BENCHMARKS.md.

// A benchmark that cannot set up its input has nothing to measure: fail loudly.
#![allow(clippy::expect_used)]

mod common;

use std::hint::black_box;
use std::time::Instant;

use stancegraph::*;

/// Resident-set figures from /proc (Linux); zero elsewhere.
fn status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .unwrap_or(0)
        * 1024
}

/// Resets the peak-RSS mark so that each step's peak is its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

struct Measure {
    median_s: f64,
    peak_extra: u64,
}

/// Runs `f` `runs` times; returns the median time and the largest rise of the peak
/// RSS over the RSS before the run.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Measure {
    let mut times = Vec::new();
    let mut peak_extra = 0;
    for _ in 0..runs {
        reset_peak();
        let before = status("VmRSS:");
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed().as_secs_f64());
        peak_extra = peak_extra.max(status("VmHWM:").saturating_sub(before));
        drop(black_box(out));
    }
    times.sort_by(f64::total_cmp);
    Measure {
        median_s: times[times.len() / 2],
        peak_extra,
    }
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn row(step: &str, bytes: usize, m: &Measure) {
    println!(
        "| {step} | {:.1} | {:.2} | {:.1} | {:.0} |",
        mb(bytes),
        m.median_s,
        mb(bytes) / m.median_s,
        m.peak_extra as f64 / 1e6
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (actors, statements, runs) = if quick {
        (10_000, 100_000, 3)
    } else {
        (100_000, 1_000_000, 3)
    };
    let doc = common::generate(actors, 50, 20, statements);
    let dir = std::env::temp_dir().join(format!("stancegraph-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("big.ron");

    println!(
        "Graph: {actors} actors (50 blocs), 20 proposals of 10 points, {statements} statements; median of {runs} runs.\n"
    );
    println!("| step | MB | median s | MB/s | peak RSS rise MB |");
    println!("|---|---:|---:|---:|---:|");

    let ron_text = store::to_canonical_string(&doc).expect("encode");
    let m = measure(runs, || store::to_canonical_string(&doc).expect("encode"));
    row("RON write (canonical text)", ron_text.len(), &m);
    let m = measure(runs, || {
        store::parse(ron_text.clone(), &path).expect("parse")
    });
    row("RON read (parse + duplicate-key scan)", ron_text.len(), &m);
    store::save(&doc, &path).expect("save");
    let m = measure(runs, || StanceGraph::load(&path).expect("load"));
    row(
        "load file (read, parse, validate, index)",
        ron_text.len(),
        &m,
    );
    let graph = StanceGraph::load(&path).expect("load");
    let m = measure(runs, || graph.save(&path).expect("save"));
    row(
        "save file (canonical text, fsync, rename)",
        ron_text.len(),
        &m,
    );
    drop(graph);

    let json_text = serde_json::to_string(&doc).expect("json");
    let m = measure(runs, || serde_json::to_string(&doc).expect("json"));
    row("serde_json write (same document)", json_text.len(), &m);
    let m = measure(runs, || {
        serde_json::from_str::<Document>(&json_text).expect("json")
    });
    row("serde_json read (same document)", json_text.len(), &m);
    println!(
        "\nRON text {:.1} MB, JSON text {:.1} MB.",
        mb(ron_text.len()),
        mb(json_text.len())
    );
    drop(json_text);
    drop(ron_text);

    let small = StanceGraph::from_document(common::generate(1_000, 10, 5, 10_000)).expect("valid");
    let opts = ExportOptions::default();
    let dot = export_dot(&small, &opts).expect("dot");
    let m = measure(11, || export_dot(&small, &opts).expect("dot"));
    println!(
        "\nDOT export, 1,000 actors and 10,000 statements: median {:.1} ms over 11 runs ({:.1} MB of DOT).",
        m.median_s * 1e3,
        mb(dot.len())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
