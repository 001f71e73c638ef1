//! README: every command it shows runs as written, from a copy of a clean checkout.
//!
//! The commands in ```sh blocks run one by one, in order, in a temporary copy of the
//! project's graphs, examples and fixtures, with the built `stancegraph` first on the
//! PATH (`cargo run --release --` runs as that binary). Scripts shown in ```js blocks
//! are saved under the name their first comment gives. Inline commands run too when
//! they are complete (no `FILE`-style placeholders). Skipped, and said so: commands
//! that read `../shared` (texts that are not in the repository), the test command
//! itself, and the build and install commands that CI runs on its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// One command and where README shows it.
struct Shown {
    line: usize,
    text: String,
}

/// The ```sh commands, continuation lines joined, comments and blank lines left out.
fn shell_commands(readme: &str) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<Shown> = None;
    for (i, line) in readme.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let mut cmd = pending.take().unwrap_or(Shown {
            line: i + 1,
            text: String::new(),
        });
        let code = strip_comment(trimmed);
        if let Some(head) = code.strip_suffix('\\') {
            cmd.text.push_str(head.trim_end());
            cmd.text.push(' ');
            pending = Some(cmd);
            continue;
        }
        cmd.text.push_str(code.trim_end());
        if !cmd.text.trim().is_empty() {
            cmd.text = cmd.text.trim().to_owned();
            out.push(cmd);
        }
    }
    out
}

/// A line without its trailing `# comment` (a `#` outside quotes after a space).
fn strip_comment(line: &str) -> &str {
    if line.starts_with('#') {
        return "";
    }
    let mut quote = None;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'#') if i > 0 && bytes[i - 1] == b' ' => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Inline `code` spans that are commands of the project's or Graphviz.
fn inline_commands(readme: &str) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, line) in readme.lines().enumerate() {
        if line.trim().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        for (n, span) in line.split('`').enumerate() {
            let is_command = ["stancegraph ", "cargo ", "dot ", "curl ", "apt-get "]
                .iter()
                .any(|p| span.starts_with(p));
            if n % 2 == 1 && is_command {
                out.push(Shown {
                    line: i + 1,
                    text: span.to_owned(),
                });
            }
        }
    }
    out
}

/// Why a command is not run, or `None` to run it.
fn skip_reason(cmd: &str) -> Option<&'static str> {
    if cmd.contains("../shared") {
        return Some("reads ../shared, which a clone does not have");
    }
    if cmd == ".ci/test" || cmd == "cargo test" {
        return Some("the test command itself");
    }
    if cmd.starts_with("cargo fmt")
        || cmd.starts_with("cargo clippy")
        || cmd.starts_with("cargo install")
        || cmd.starts_with("apt-get")
        || cmd.starts_with("pip install")
    {
        return Some("a build or install step that CI runs itself");
    }
    if cmd.starts_with("cargo +nightly fuzz") || cmd == "fuzz/seed.sh" {
        return Some("fuzzing runs for as long as it is let, on a nightly toolchain");
    }
    if cmd == "cargo run --release --" || cmd == "dot -Tsvg" {
        return Some("a piece of a command, not a command");
    }
    let placeholder = cmd.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        w.len() >= 3
            && w.chars().any(|c| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }) || cmd.contains('[');
    if placeholder {
        return Some("a synopsis with placeholders, not a command");
    }
    None
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

/// Scripts shown in ```js blocks, by the file name their first line gives
/// (`// question.rhai: ...`).
fn scripts(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut body: Option<String> = None;
    for line in readme.lines() {
        match (&mut body, line.trim()) {
            (None, "```js") => body = Some(String::new()),
            (Some(_), "```") => {
                let text = body.take().unwrap();
                let name = text
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("// "))
                    .and_then(|l| l.split(':').next())
                    .filter(|n| n.ends_with(".rhai"))
                    .expect("a README script's first line is `// NAME.rhai: question`")
                    .to_owned();
                out.push((name, text));
            }
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

fn has_dot() -> bool {
    let found = Command::new("dot").arg("-V").output().is_ok();
    assert!(
        found || std::env::var("CI").map_or(true, |v| v != "true"),
        "Graphviz `dot` is needed in CI to run README's commands"
    );
    found
}

#[test]
fn every_command_in_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(common::path("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["graphs", "examples", "tests/fixtures"] {
        copy_tree(&common::path(sub), &root.join(sub));
    }
    for (name, text) in scripts(&readme) {
        std::fs::write(root.join(name), text).unwrap();
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_stancegraph"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let dot = has_dot();
    let mut commands = shell_commands(&readme);
    commands.extend(inline_commands(&readme));
    let mut ran = 0;
    for Shown { line, text } in &commands {
        if let Some(why) = skip_reason(text) {
            eprintln!("README.md:{line}: skipped `{text}`: {why}");
            continue;
        }
        if text.starts_with("curl ") {
            eprintln!("README.md:{line}: skipped `{text}`: needs the network");
            continue;
        }
        if !dot && text.split(' ').any(|w| w == "dot") {
            eprintln!("README.md:{line}: skipped `{text}`: Graphviz `dot` not found");
            continue;
        }
        let run = text
            .replace("cargo run --release -- ", "stancegraph ")
            .replace(
                "cargo run --example stances",
                &bin.with_file_name("examples")
                    .join("stances")
                    .display()
                    .to_string(),
            );
        let out = Command::new("sh")
            .args(["-c", &run])
            .current_dir(root)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README.md:{line}: `{text}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 30, "only {ran} README commands ran");
}

#[test]
fn the_shell_blocks_are_read_as_commands() {
    let shown = shell_commands(
        "```sh\n# a comment\nstancegraph a \\\n    --b c   # why\necho '#x' # y\n```\n```text\nnot this\n```\n",
    );
    let texts: Vec<&str> = shown.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["stancegraph a --b c", "echo '#x'"]);
    assert_eq!(
        skip_reason("stancegraph run SCRIPT.rhai"),
        Some("a synopsis with placeholders, not a command")
    );
    assert_eq!(skip_reason("stancegraph eval"), None);
}
