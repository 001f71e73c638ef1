//! Any text as a script, with tight limits: running it never panics; it ends with
//! its output or a located error.
#![no_main]

use std::path::Path;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use stancegraph::script::{ScriptOptions, run_source};

/// The script's path: in the fuzz crate's folder, which exists wherever the fuzzer
/// is started (a path relative to the working folder made every script fail to
/// start when it was started elsewhere, and fuzzed nothing).
fn script_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz.rhai")
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let opts = ScriptOptions {
        max_operations: 20_000,
        timeout: Duration::from_millis(200),
        max_graph_bytes: 1024 * 1024,
        ..ScriptOptions::default()
    };
    let mut out = Vec::new();
    let _ = run_source(source, &script_path(), &opts, &mut out);
});
