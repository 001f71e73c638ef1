//! The command line: exit codes, error lines, and every example in the help.

use predicates::prelude::*;

use crate::common;
use crate::common::stancegraph;

const GENEVA: &str = "graphs/geneva-talks-2025-11.ron";

#[test]
fn every_help_example_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("graphs")).unwrap();
    std::fs::copy(common::path(GENEVA), dir.path().join(GENEVA)).unwrap();
    for folder in ["tests/fixtures/articles", "examples"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        for e in std::fs::read_dir(common::path(folder)).unwrap().flatten() {
            std::fs::copy(e.path(), dir.path().join(folder).join(e.file_name())).unwrap();
        }
    }
    // What `merge`'s examples read: statements as `extract --format jsonl` gives them.
    let lines = stancegraph()
        .current_dir(dir.path())
        .args(["extract", "tests/fixtures/articles", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(dir.path().join("statements.jsonl"), lines).unwrap();
    let mut examples = 0;
    let query_subs = [
        "matrix", "who", "blocs", "support", "movers", "timeline", "diff", "audit",
    ];
    let mut helps: Vec<Vec<&str>> = [
        "validate", "fmt", "export", "query", "whatif", "extract", "merge", "eval", "run",
    ]
    .iter()
    .map(|s| vec![*s])
    .collect();
    helps.extend(query_subs.iter().map(|s| vec!["query", "x.ron", *s]));
    for args in helps {
        for line in common::help_examples(&args) {
            examples += 1;
            stancegraph()
                .current_dir(dir.path())
                .args(line.split_whitespace())
                .assert()
                .success();
        }
    }
    assert!(examples >= 20);
    assert!(
        dir.path().join("map.dot").is_file(),
        "the export example wrote its file"
    );
}

#[test]
fn validate_exit_codes() {
    stancegraph()
        .args(["validate", &common::path(GENEVA).to_string_lossy()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("valid (25 actors"));
    let invalid = common::path("tests/fixtures/graphs/invalid-many.ron");
    stancegraph()
        .args(["validate", &invalid.to_string_lossy()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid-many.ron:20:16: statement `s2` refers to unknown actor `gamma`",
        ))
        .stderr(predicate::str::contains("invalid (13 problems)"));
}

#[test]
fn bad_input_is_one_error_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "(schema: 1, note: {}{})",
        "[".repeat(10_000),
        "]".repeat(10_000)
    )
    .into_bytes();
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.ron", b"", "empty.ron:1:1: "),
        (
            "junk.ron",
            &[0x00, 0xff, 0x13, 0x37, 0x80],
            "junk.ron:1:2: the file is not valid UTF-8",
        ),
        (
            "typo.ron",
            b"(schema: 1, actors: {\"a\": (name: \"A\", kind: Persn)})",
            "typo.ron:1:45: ",
        ),
        ("unclosed.ron", b"(schema: 1, actors: {", "unclosed.ron:1:"),
        // Nothing is read into an unknown field, however deep it nests.
        (
            "deep.ron",
            &deep,
            "deep.ron:1:13: unknown field `note` in `Document`",
        ),
        // A misspelled collection or field is refused, never dropped.
        (
            "collection.ron",
            b"(schema: 1, statments: {})",
            "collection.ron:1:13: unknown field `statments` in `Document`, expected one of `schema`, `actors`, `proposals`, `claims`, `sources`, `statements`; did you mean `statements`?",
        ),
        (
            "field.ron",
            b"(schema: 1, actors: {\"a\": (name: \"A\", kind: Person, nite: \"x\")})",
            "field.ron:1:53: unknown field `nite` in `Actor`",
        ),
    ];
    for (name, bytes, start) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for sub in [
            vec!["validate"],
            vec!["fmt"],
            vec!["export", "--format", "json"],
        ] {
            let out = stancegraph()
                .args(&sub)
                .arg(&path)
                .assert()
                .code(2)
                .get_output()
                .clone();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.starts_with("error: ") && stderr.contains(start),
                "{name}: {stderr}"
            );
            assert!(!stderr.contains("panicked") && !stderr.contains("ron::"));
            assert_eq!(
                std::fs::read(&path).unwrap(),
                *bytes,
                "the file is untouched"
            );
        }
    }
    stancegraph()
        .args(["validate", "no/such/file.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: no/such/file.ron: "));
    stancegraph()
        .args(["validate", "--frobnicate"])
        .assert()
        .code(2);
    stancegraph()
        .args([
            "export",
            &common::path(GENEVA).to_string_lossy(),
            "--as-of",
            "21/11/2025",
        ])
        .assert()
        .code(2);
}

#[test]
fn export_refuses_unknown_names_and_invalid_graphs() {
    let geneva = common::path(GENEVA);
    stancegraph()
        .args(["export", &geneva.to_string_lossy(), "--focus", "Nobody"])
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}: no actor `Nobody` in the graph (use an actor id, name or alias)\n",
            geneva.display()
        ));
    stancegraph()
        .args([
            "export",
            &geneva.to_string_lossy(),
            "--proposal",
            "zelenskyy",
        ])
        .assert()
        .code(2);
    // Aliases work for both, including the article's misspelling.
    stancegraph()
        .args([
            "export",
            &geneva.to_string_lossy(),
            "--focus",
            "Zelenksyy",
            "--proposal",
            "28-point plan",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"actor:zelenskyy\" -> \"proposal:us-28-point-plan\"",
        ));
    stancegraph()
        .args([
            "export",
            &common::path("tests/fixtures/graphs/invalid-many.ron").to_string_lossy(),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the graph is invalid (13 problems)",
        ));
}

#[test]
fn export_writes_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    stancegraph()
        .args([
            "export",
            &common::path(GENEVA).to_string_lossy(),
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "stancegraph/1");
}

#[test]
fn fmt_rewrites_in_place_and_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("messy.ron");
    std::fs::write(
        &path,
        "( schema:1, // a comment\n actors:{\"a\":(name:\"A\",kind:Person)} )",
    )
    .unwrap();
    stancegraph()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not in canonical form"));
    stancegraph()
        .arg("fmt")
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("reformatted"));
    let once = std::fs::read_to_string(&path).unwrap();
    assert!(
        once.starts_with(
            "#![enable(implicit_some)]\n(\n    schema: 1,\n    actors: {\n        \"a\": (\n"
        ),
        "{once}"
    );
    stancegraph()
        .args(["fmt", "--check"])
        .arg(&path)
        .assert()
        .success();
    stancegraph()
        .arg("fmt")
        .arg(&path)
        .assert()
        .success()
        .stderr("");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        once,
        "fmt is idempotent"
    );
    // An invalid graph is refused and left as it was.
    let (_d, invalid) = common::temp_copy(&common::path("tests/fixtures/graphs/invalid-many.ron"));
    let before = std::fs::read(&invalid).unwrap();
    stancegraph().arg("fmt").arg(&invalid).assert().code(1);
    assert_eq!(std::fs::read(&invalid).unwrap(), before);
}

#[test]
fn counts_and_headers_say_what_they_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.ron");
    std::fs::write(
        &one,
        "(schema: 1, actors: {\"a\": (name: \"A\", kind: Person)}, sources: {\"s\": (title: \"T\")})",
    )
    .unwrap();
    stancegraph()
        .args(["validate", &one.to_string_lossy()])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(
            "one.ron: valid (1 actor, 0 proposals, 0 claims, 1 source, 0 statements)\n",
        ));
    let geneva = common::path(GENEVA);
    stancegraph()
        .args(["query", &geneva.to_string_lossy(), "audit"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Statements to check (unsourced, relayed, anonymous, inferred, confidence below 0.7, contradicted, or hypothetical)",
        ));
    for bad in ["1.5", "-0.1", "lots"] {
        stancegraph()
            .args([
                "query",
                &geneva.to_string_lossy(),
                "movers",
                "us-28-point-plan",
                &format!("--threshold={bad}"),
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "invalid threshold `{bad}`: a threshold is a share of influence from 0 to 1"
            )));
    }
}

#[test]
fn a_reader_that_stops_early_gets_no_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // `stancegraph extract DIR --format jsonl | head -c 1`: the pipe closes while
    // statements are still coming.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("stancegraph"))
        .args(["extract", "tests/fixtures/articles", "--format", "jsonl"])
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping the pipe's read end makes the next write fail.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dates_on_the_command_line_are_checked_against_the_calendar() {
    let geneva = common::path(GENEVA);
    let g = geneva.to_string_lossy();
    let article = common::path("tests/fixtures/articles/ai-liability-compromise.txt");
    let a = article.to_string_lossy();
    let cases: [(&str, Vec<&str>); 5] = [
        (
            "2025-02-30",
            vec![
                "query",
                &g,
                "who",
                "us-28-point-plan",
                "--as-of",
                "2025-02-30",
            ],
        ),
        (
            "2025-13-01",
            vec!["query", &g, "matrix", "--as-of", "2025-13-01"],
        ),
        (
            "2025-02-29",
            vec!["extract", &a, "--published", "2025-02-29"],
        ),
        (
            "2025-04-31",
            vec![
                "whatif",
                &g,
                "--say",
                "usa=support@us-28-point-plan@2025-04-31",
            ],
        ),
        (
            "2025-00-10",
            vec![
                "query",
                &g,
                "diff",
                "--from",
                "2025-11-01",
                "--to",
                "2025-00-10",
            ],
        ),
    ];
    for (bad, args) in cases {
        stancegraph()
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "{bad} is not a calendar date"
            )));
    }
}

#[test]
fn a_name_that_could_mean_two_things_is_refused_until_it_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("shared-ids.ron");
    std::fs::write(
        &graph,
        r#"(
    schema: 1,
    actors: {"usa": (name: "United States", kind: Country)},
    proposals: {"usa": (title: "A plan called USA"), "truce": (title: "Truce")},
    claims: {"truce": (text: "The truce holds.")},
    statements: {
        "s1": (actor: "usa", target: Proposal("truce"), stance: Support, attribution: DirectQuote),
    },
)
"#,
    )
    .unwrap();
    let g = graph.to_string_lossy();
    let refused = |args: &[&str], says: &str| {
        stancegraph()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(says.to_owned()));
    };
    refused(
        &["query", &g, "timeline", "usa"],
        "`usa` names both the actor `usa` and the target `usa`; write `actor:usa` or `target:usa`",
    );
    refused(
        &["query", &g, "who", "truce", "support"],
        "`truce` is the id of both a proposal and a claim; write `proposal:truce` or `claim:truce`",
    );
    for (args, says) in [
        (vec!["query", &g, "timeline", "actor:usa"], "usa"),
        (vec!["query", &g, "timeline", "target:usa"], "usa"),
        (vec!["query", &g, "who", "proposal:truce", "support"], "usa"),
        (
            vec!["query", &g, "who", "claim:truce", "support"],
            "(nobody)",
        ),
    ] {
        stancegraph()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains(says));
    }
}
