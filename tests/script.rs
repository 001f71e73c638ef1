//! Scripts: the examples answer their questions, failures name FILE:LINE:COL and
//! exit 1, a runaway script stops, and a script reaches no file but graphs.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use stancegraph::Error;
use stancegraph::script::{ScriptOptions, run_source};

use crate::common;
use crate::common::stancegraph;

const GENEVA: &str = "graphs/geneva-talks-2025-11.ron";

fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(common::path("examples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rhai"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_example_script_answers_its_question() {
    let scripts = examples();
    assert!(scripts.len() >= 4, "at least four example scripts");
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let name = script.display();
        assert!(
            text.starts_with("// Question: "),
            "{name} states its question first"
        );
        assert!(text.contains("assert("), "{name} asserts its answer");
        let out = stancegraph()
            .current_dir(common::root())
            .arg("run")
            .arg(&script)
            .args(["--graph", GENEVA])
            .assert()
            .success()
            .get_output()
            .clone();
        assert!(!out.stdout.is_empty(), "{name} prints its answer");
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Writes `text` as `name` in a folder beside a copy of the Geneva graph, and
/// runs it.
fn run_in_temp(name: &str, text: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::path(GENEVA), dir.path().join("geneva.ron")).unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let a = stancegraph()
        .current_dir(dir.path())
        .arg("run")
        .arg(name)
        .args(extra)
        .assert();
    drop(dir);
    a
}

#[test]
fn a_failed_assertion_names_the_line_and_exits_1() {
    let script = "let g = load_graph(\"geneva.ron\");\nlet n = g.who(\"us-28-point-plan\", \"support\").actors.len();\n    assert(n == 3, `supporters: ${n}`);\nprint(\"not reached\");\n";
    run_in_temp("check.rhai", script, &[])
        .code(1)
        .stdout("")
        .stderr("error: check.rhai:3:5: assertion failed: supporters: 4\n");
    // Inside a function, the assertion's own line is named, not the call's.
    let script = "fn check(v) {\n    assert(v > 3);\n}\nprint(\"before\");\ncheck(1);\n";
    run_in_temp("f.rhai", script, &[])
        .code(1)
        .stdout("before\n")
        .stderr("error: f.rhai:2:5: assertion failed\n");
}

#[test]
fn script_errors_name_file_line_and_column() {
    run_in_temp("syntax.rhai", "let x = 1;\nlet y = ;\n", &[])
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: syntax.rhai:2:9: syntax error: ",
        ));
    run_in_temp(
        "unknown.rhai",
        "let g = load_graph(\"geneva.ron\");\nlet s = g.scenario();\ns.set(\"Nobody\", \"support\", \"us-28-point-plan\");\n",
        &[],
    )
    .code(1)
    .stderr("error: unknown.rhai:3:3: no actor `Nobody` in the graph (use an actor id, name or alias)\n");
    run_in_temp(
        "field.rhai",
        "let g = load_graph(\"geneva.ron\");\nlet b = g.blocs(\"us-28-point-plan\");\nprint(b.blox);\n",
        &[],
    )
    .code(1)
    .stderr("error: field.rhai:3:8: the answer has no field `blox` (it has: as_of, blocs, query, target)\n");
    run_in_temp(
        "option.rhai",
        "let g = load_graph(\"geneva.ron\");\ng.movers(\"us-28-point-plan\", #{ rules: \"majority\" });\n",
        &[],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "option.rhai:2:3: unknown option `rules` for movers (it takes: bloc, rule, threshold, as_of)",
    ));
    run_in_temp("nograph.rhai", "let g = load_graph();\n", &[])
        .code(1)
        .stderr(predicate::str::contains("none was given"));
    // An unreadable script is unreadable input: exit 2.
    stancegraph()
        .args(["run", "no/such/script.rhai"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: no/such/script.rhai: "));
}

#[test]
fn a_runaway_script_is_stopped() {
    run_in_temp(
        "loop.rhai",
        "let i = 0;\nloop {\n    i += 1;\n}\n",
        &["--max-operations", "20000"],
    )
    .code(1)
    .stderr(predicate::str::contains(
        "loop.rhai:3:5: the script was stopped after 20000 operations (an endless loop?)",
    ));
    // Recursion without end hits the call-depth limit instead.
    run_in_temp("deep.rhai", "fn f(n) { f(n + 1) }\nf(0);\n", &[])
        .code(1)
        .stderr(predicate::str::contains("deep.rhai:"));
}

#[test]
fn a_script_reaches_no_file_but_graphs() {
    run_in_temp("import.rhai", "import \"secrets\" as s;\n", &[])
        .code(1)
        .stderr(predicate::str::contains(
            "import.rhai:1:8: Module not found: secrets",
        ));
    run_in_temp("open.rhai", "print(open(\"/etc/hostname\"));\n", &[])
        .code(1)
        .stderr(predicate::str::contains("Function not found: open"));
    run_in_temp("passwd.rhai", "load_graph(\"/etc/passwd\");\n", &[])
        .code(1)
        .stderr("error: passwd.rhai:1:1: load_graph reads graph files (.ron), not `/etc/passwd`\n");
}

#[test]
fn graphs_load_relative_to_the_script_and_from_the_command_line() {
    // From the repo root, a script in a sub-folder reaches ../graphs.
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("scripts");
    std::fs::create_dir(&sub).unwrap();
    std::fs::create_dir(dir.path().join("graphs")).unwrap();
    std::fs::copy(common::path(GENEVA), dir.path().join(GENEVA)).unwrap();
    std::fs::write(
        sub.join("s.rhai"),
        "let a = load_graph(\"../graphs/geneva-talks-2025-11.ron\");\nlet b = load_graph();\nprint(a.stance(\"Zelensky\", \"28-point plan\"));\nprint(b.stance(\"Umerov\", \"us-28-point-plan\") == ());\n",
    )
    .unwrap();
    stancegraph()
        .current_dir(dir.path())
        .args(["run", "scripts/s.rhai", "--graph", GENEVA])
        .assert()
        .success()
        .stdout("skeptical\ntrue\n");
}

#[test]
fn scripts_run_through_the_library_with_every_query() {
    let script = r#"
        let g = load_graph("graphs/geneva-talks-2025-11.ron");
        let plan = "us-28-point-plan";
        let answers = [
            g.matrix(#{ by: "claims" }),
            g.who(plan, "skeptical"),
            g.blocs(plan),
            g.support(plan, #{ bloc: "nato" }),
            g.movers(plan, #{ threshold: 0.5 }),
            g.timeline("Zelensky"),
            g.diff(#{ to: "2025-11-21" }),
            g.audit(#{ min_confidence: 0.9, actor: "driscoll" }),
        ];
        for a in answers { print(a.query); }
        let s = g.scenario();
        s.join("uk", "eu");
        s.influence("usa", 3);
        s.say("uk", "support", plan, "2025-11-23");
        let w = g.whatif(s);
        let c = compare(g.blocs(plan), w.blocs(plan));
        print(c.differences.len() > 0);
        print(w.stance("uk", plan));
        print(w.diff(g, #{}).query);
        let j = c.to_json();
        print(j.contains("\"differences\""));
    "#;
    let mut out = Vec::new();
    run_source(
        script,
        &common::root().join("inline.rhai"),
        &ScriptOptions::default(),
        &mut out,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        "matrix\nwho\nblocs\nsupport\nmovers\ntimeline\ndiff\naudit\ntrue\nsupport\ndiff\ntrue\n"
    );
    // Errors come back as Error::Script with the position in the text.
    let err = run_source(
        "let x = 1;\nassert(x == 2, \"no\");",
        Path::new("inline.rhai"),
        &ScriptOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_err();
    match err {
        Error::Script {
            line, col, message, ..
        } => assert_eq!(
            (line, col, message.as_str()),
            (2, 1, "assertion failed: no")
        ),
        other => panic!("{other}"),
    }
}

#[test]
fn a_script_takes_the_command_lines_change_specs_in_the_order_given() {
    // Leaving and then joining NATO puts the USA back in: the same answer as the
    // flags `--leave usa@nato --join usa@nato`, read by the same parser.
    let script = r#"
        let g = load_graph("geneva.ron");
        let s = g.scenario();
        s.change("leave", "usa@nato");
        s.change("join", "usa@nato");
        print(s);
        let w = g.whatif(s);
        print(w.blocs("us-28-point-plan").to_json());
    "#;
    let out = run_in_temp("specs.rhai", script, &[]).success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("scenario [usa leaves nato; usa joins nato]"),
        "{text}"
    );
    let cli = stancegraph()
        .args([
            "whatif", GENEVA, "--leave", "usa@nato", "--join", "usa@nato",
        ])
        .args(["--target", "us-28-point-plan", "--format", "json"])
        .current_dir(common::root())
        .assert()
        .success();
    let cli = String::from_utf8(cli.get_output().stdout.clone()).unwrap();
    assert!(
        cli.contains("usa leaves nato") && cli.contains("usa joins nato"),
        "{cli}"
    );
    // A spec the parser cannot read is the CLI's message.
    let bad = run_in_temp(
        "bad.rhai",
        "let g = load_graph(\"geneva.ron\"); let s = g.scenario(); s.change(\"join\", \"usa\");",
        &[],
    )
    .failure();
    let err = String::from_utf8(bad.get_output().stderr.clone()).unwrap();
    assert!(err.contains("write it as ACTOR@BLOC"), "{err}");
}

#[test]
fn scripts_and_the_command_line_build_query_options_alike() {
    // The same names give the same refusals, worded once.
    let cli = stancegraph()
        .args([
            "query",
            GENEVA,
            "matrix",
            "--proposal",
            "plan-written-by-russia",
        ])
        .current_dir(common::root())
        .assert()
        .failure();
    let cli_err = String::from_utf8(cli.get_output().stderr.clone()).unwrap();
    assert!(cli_err.contains("is not a proposal"), "{cli_err}");
    let script = run_in_temp(
        "matrix.rhai",
        "let g = load_graph(\"geneva.ron\"); g.matrix(#{ proposal: \"plan-written-by-russia\" });",
        &[],
    )
    .failure();
    let script_err = String::from_utf8(script.get_output().stderr.clone()).unwrap();
    assert!(
        script_err.contains("`plan-written-by-russia` is not a proposal"),
        "{script_err}"
    );
    let both = run_in_temp(
        "movers.rhai",
        "let g = load_graph(\"geneva.ron\"); g.movers(\"us-28-point-plan\", #{ rule: \"majority\", threshold: 0.5 });",
        &[],
    )
    .failure();
    let both_err = String::from_utf8(both.get_output().stderr.clone()).unwrap();
    assert!(
        both_err.contains("a rule or a threshold, not both"),
        "{both_err}"
    );
}

#[test]
fn a_script_date_is_checked_against_the_calendar() {
    let script = "let g = load_graph(\"geneva.ron\");\nprint(g.stance(\"usa\", \"us-28-point-plan\", \"2025-02-30\"));\n";
    run_in_temp("date.rhai", script, &[])
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "2025-02-30 is not a calendar date",
        ));
}

/// Runs a script beside a copy of the Geneva graph under GNU time, for its exit
/// code, its error output and its peak memory in MB.
#[cfg(target_os = "linux")]
fn run_measured(name: &str, text: &str, extra: &[&str]) -> (i32, String, f64) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::path(GENEVA), dir.path().join("geneva.ron")).unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let report = dir.path().join("peak");
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(assert_cmd::cargo::cargo_bin("stancegraph"))
        .arg("run")
        .arg(name)
        .args(extra)
        .current_dir(dir.path())
        .output()
        .expect("GNU time (/usr/bin/time; .ci/run installs it)");
    let kb: f64 = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        kb / 1024.0,
    )
}

#[cfg(target_os = "linux")]
#[test]
fn runaway_scripts_stop_at_their_limits_with_bounded_memory() {
    let cases: [(&str, &str, &[&str], &str); 6] = [
        (
            "clock.rhai",
            "let x = 0;\nloop { x += 1; }\n",
            &["--timeout", "0.5", "--max-operations", "1000000000000"],
            "the script was stopped after 0.5 s, its time limit; raise it with --timeout",
        ),
        (
            "ops.rhai",
            "let x = 0;\nloop { x += 1; }\n",
            &["--max-operations", "100000"],
            "the script was stopped after 100000 operations",
        ),
        (
            "nested.rhai",
            "let a = [];\nfor i in 0..1000 {\n    let b = [];\n    for j in 0..1000 { b.push([j, j]); }\n    a.push(b);\n}\n",
            &[],
            "grew past its limit",
        ),
        (
            "string.rhai",
            "let s = \"x\";\nloop { s += s; }\n",
            &[],
            "grew past its limit",
        ),
        (
            "map.rhai",
            "let m = #{};\nfor i in 0..200000 { m[`k${i}`] = i; }\nprint(m.len());\n",
            &[],
            "grew past its limit",
        ),
        (
            "eval.rhai",
            "let x = eval(\"40 + 2\");\nprint(x);\n",
            &[],
            "eval.rhai:1:",
        ),
    ];
    for (name, text, extra, says) in cases {
        let (code, stderr, peak) = run_measured(name, text, extra);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(peak < 400.0, "{name}: peak {peak:.0} MB");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn load_graph_reads_only_graphs_the_run_allows() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(common::path(GENEVA), outside.path().join("other.ron")).unwrap();
    let other = outside.path().join("other.ron");
    let other = other.to_string_lossy();
    // The same graph loaded many times is loaded once.
    let (code, stderr, peak) = run_measured(
        "many.rhai",
        "let n = 0;\nfor i in 0..100000 { let g = load_graph(\"geneva.ron\"); n += 1; }\nprint(n);\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(peak < 200.0, "peak {peak:.0} MB");
    let refused: [(String, Vec<String>, &str); 4] = [
        (
            format!("let g = load_graph(\"{other}\");\n"),
            vec![],
            "is outside them (allow a folder with --allow-dir)",
        ),
        (
            "let g = load_graph(\"../other.ron\");\n".into(),
            vec![],
            "is outside them",
        ),
        (
            "let g = load_graph(\"geneva.ron\");\n".into(),
            vec!["--max-graph-mb".into(), "0".into()],
            "would take the graphs this script loads past 0 MB",
        ),
        (
            "let g = load_graph(\"zero.ron\");\n".into(),
            vec![],
            "is outside them",
        ),
    ];
    for (text, extra, says) in refused {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(common::path(GENEVA), dir.path().join("geneva.ron")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.ron")).unwrap();
        std::fs::write(dir.path().join("s.rhai"), &text).unwrap();
        stancegraph()
            .current_dir(dir.path())
            .args(["run", "s.rhai"])
            .args(&extra)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(says));
    }
    // A folder the user allows is readable.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.rhai"),
        format!("print(load_graph(\"{other}\"));\n"),
    )
    .unwrap();
    stancegraph()
        .current_dir(dir.path())
        .args(["run", "s.rhai", "--allow-dir"])
        .arg(outside.path())
        .assert()
        .success()
        .stdout(predicates::str::contains("graph ("));
    // Every script has an operation limit.
    run_in_temp("x.rhai", "print(1);\n", &["--max-operations", "0"]).code(2);
}
