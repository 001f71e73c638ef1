//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};

use std::process::{Command, Stdio};

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file below the project's root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The shared corpus, when this checkout has it beside it (CI does; a user's own
/// clone may not). Tests that need it say so and pass without it.
pub fn corpus() -> Option<PathBuf> {
    shared("corpus")
}

/// `../shared/NAME`, the training data beside this checkout, if it is there.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/{name} is not beside this checkout");
        None
    }
}

/// Every graph file the project ships: graphs/, examples/ and the test fixtures.
pub fn all_graphs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "graphs",
        "examples",
        "tests/fixtures/graphs",
        "tests/fixtures/articles",
    ] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // index.ron is the article manifest, not a graph; invalid-* are broken on purpose.
            if p.extension().is_some_and(|x| x == "ron")
                && name != "index.ron"
                && !name.starts_with("invalid")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Renders DOT text with Graphviz `dot -Tsvg` and returns the SVG. Without `dot` on
/// the machine the check is skipped, except in CI (`CI=true`), where it fails.
pub fn render_svg(dot_text: &str, what: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "Graphviz `dot` is needed in CI to render {what}: {e}"
            );
            eprintln!("skipped rendering {what}: Graphviz `dot` not found ({e})");
            return None;
        }
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(dot_text.as_bytes()).expect("write to dot");
    }
    let out = child.wait_with_output().expect("dot runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "dot rejected {what}: {stderr}\n{dot_text}"
    );
    assert!(
        !stderr.to_lowercase().contains("error") && !stderr.to_lowercase().contains("syntax"),
        "dot complained about {what}: {stderr}"
    );
    Some(String::from_utf8(out.stdout).expect("svg is UTF-8"))
}

/// A copy of `src` in a fresh temporary folder, and the folder.
pub fn temp_copy(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let dst = dir.path().join(src.file_name().expect("file name"));
    std::fs::copy(src, &dst).expect("copy");
    (dir, dst)
}

/// The `stancegraph` binary, ready to run.
pub fn stancegraph() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("stancegraph").expect("the binary is built")
}

/// The example command lines (without `stancegraph`) that `stancegraph ARGS --help`
/// lists under "Examples:". Each is short enough for the help never to wrap it.
pub fn help_examples(args: &[&str]) -> Vec<String> {
    let out = stancegraph()
        .args(args)
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).expect("help is UTF-8");
    assert!(help.contains("Usage: stancegraph"), "{help}");
    let lines: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .filter_map(|l| l.trim().strip_prefix("stancegraph ").map(str::to_owned))
        .collect();
    assert!(
        !lines.is_empty(),
        "`{} --help` has examples",
        args.join(" ")
    );
    for line in &lines {
        assert!(
            line.len() < 90,
            "help example too long to stay on one line: {line}"
        );
    }
    lines
}

/// The Python interpreter of the test environment (`STANCEGRAPH_PYTHON`, set by
/// `.ci/test`), for checks that need a Python tool such as NetworkX. Without it the
/// check is skipped, except in CI (`CI=true`), where it fails.
#[allow(dead_code)]
pub fn python(what: &str) -> Option<PathBuf> {
    match std::env::var_os("STANCEGRAPH_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "{what} needs Python from .ci/test (STANCEGRAPH_PYTHON) in CI"
            );
            eprintln!("skipped {what}: STANCEGRAPH_PYTHON is not set (run .ci/test)");
            None
        }
    }
}
