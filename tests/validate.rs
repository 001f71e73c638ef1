//! Validation: every problem, each at its file:line:col; malformed input is one
//! clear error, never a panic.

use proptest::prelude::*;
use stancegraph::*;

use crate::common;

#[test]
fn every_problem_is_listed_with_its_location() {
    let path = common::path("tests/fixtures/graphs/invalid-many.ron");
    let parsed = store::read(&path).unwrap();
    let problems: Vec<String> = validate::validate(&parsed)
        .iter()
        .map(|p| {
            let loc = p.location.expect("every problem here can be located");
            format!("{}:{}: {}", loc.line, loc.col, p.message)
        })
        .collect();
    let expected = [
        "9:9: duplicate actor id `alpha` (first at line 5, column 9); only the last would be kept",
        "9:54: actor `alpha` is affiliated with unknown actor `ghost`",
        "8:18: actor `beta` has an empty name",
        "8:42: `alpha again` names both actor `alpha` and actor `beta`",
        "6:48: affiliation cycle: bloc-a -> bloc-b (and back) are inside each other",
        "12:37: proposal `plan` has unknown proponent `nobody`",
        "12:58: proposal `plan` date: 2025-13-01 is not a calendar date",
        "19:16: statement `s1` is dated 2025-11-21, after its source `paper` was published (2025-11-20)",
        "20:16: statement `s2` refers to unknown actor `gamma`",
        "20:32: statement `s2` refers to unknown point `plan/9`",
        "21:32: statement `s3` refers to unknown claim `nothing`",
        "22:16: statement `s3` cites unknown source `blog`",
        "22:16: statement `s3` has an empty or reversed span (5, 2)",
    ];
    assert_eq!(problems, expected);
}

#[test]
fn loading_an_invalid_graph_fails_with_every_problem() {
    let err =
        StanceGraph::load(common::path("tests/fixtures/graphs/invalid-many.ron")).unwrap_err();
    let Error::Invalid { problems, .. } = &err else {
        panic!("expected Invalid, got {err}")
    };
    assert_eq!(problems.len(), 13);
    let text = err.to_string();
    let first = text.lines().next().unwrap();
    assert!(
        first.ends_with("invalid-many.ron: the graph is invalid (13 problems):"),
        "{first}"
    );
    // Every problem after it is located, FILE:LINE:COL: message.
    for line in text.lines().skip(1) {
        let place = line.trim_start().split(": ").next().unwrap();
        assert_eq!(place.rsplit(':').count(), 3, "{line}");
    }
}

#[test]
fn one_problem_is_one_line_naming_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.ron");
    let text = std::fs::read_to_string(common::path("graphs/geneva-talks-2025-11.ron")).unwrap();
    let (at, _) = text.match_indices(r#"actor: "nato""#).next().unwrap();
    let broken = text.replacen(r#"actor: "nato""#, r#"actor: "natoo""#, 1);
    std::fs::write(&path, broken).unwrap();
    let line = text[..at].lines().count();
    let err = StanceGraph::load(&path).unwrap_err().to_string();
    assert!(!err.contains('\n'), "{err}");
    let want = format!("{}:{line}:", path.display());
    assert!(err.starts_with(&want), "{err}");
    assert!(
        err.ends_with("the graph is invalid: actor `usa` is affiliated with unknown actor `natoo`"),
        "{err}"
    );
}

#[test]
fn shipped_graphs_are_valid() {
    for path in common::all_graphs() {
        let parsed = store::read(&path).unwrap();
        let problems = validate::validate(&parsed);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
}

#[test]
fn an_affiliation_cycle_of_three_is_found_once() {
    let text = r#"(schema: 1, actors: {
        "a": (name: "A", kind: Bloc, affiliations: [(rel: MemberOf, actor: "b")]),
        "b": (name: "B", kind: Bloc, affiliations: [(rel: HoldsOfficeIn, actor: "c")]),
        "c": (name: "C", kind: Bloc, affiliations: [(rel: Leads, actor: "a")]),
        "d": (name: "D", kind: Person, affiliations: [(rel: SpeaksFor, actor: "e")]),
        "e": (name: "E", kind: Person, affiliations: [(rel: SpeaksFor, actor: "d")]),
    })"#;
    let problems = validate::check(&store::parse(text.into(), "x.ron".as_ref()).unwrap().doc);
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    // Speaking for each other is not containment, so d and e form no cycle.
    assert_eq!(
        messages,
        ["affiliation cycle: a -> b -> c (and back) are inside each other"]
    );
}

/// Malformed input: (file text, expected line:col, a phrase of the message).
const MALFORMED: &[(&str, &str, &str)] = &[
    ("", "1:1", "the file is empty"),
    (
        "(schema: 1, actors: {\"a\": (name: \"A\", kind: Persn)})",
        "1:45",
        "Persn",
    ),
    (
        "(schema: 1,\n actors: {\n  \"Bad Id\": (name: \"A\", kind: Person),\n })",
        "3:",
        "invalid actor id `Bad Id`",
    ),
    (
        "(schema: 1, statements: {\"s\": (actor: \"a\", target: Proposal(\"p\"), stance: Maybe, attribution: Inferred)})",
        "1:",
        "Maybe",
    ),
    (
        "(schema: 1, proposals: {\"p\": (title: \"unterminated)})",
        "1:",
        "",
    ),
    (
        "(schema: 1, sources: {\"s\": (title: \"t\", published: \"22/11/2025\")})",
        "1:",
        "invalid date `22/11/2025`",
    ),
    (
        "(schema: 1, actors: {\"a\": (name: \"A\", kind: Person, name: \"B\")})",
        "1:",
        "name",
    ),
];

#[test]
fn malformed_files_give_one_clear_error_with_line_and_column() {
    for (text, at, phrase) in MALFORMED {
        let err = store::parse(text.to_string(), "bad.ron".as_ref()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("bad.ron:{at}")),
            "{text:?} gave {msg}"
        );
        assert!(msg.contains(phrase), "{text:?} gave {msg}");
        assert_eq!(msg.lines().count(), 1, "{msg}");
    }
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    std::fs::write(
        &path,
        b"(schema: 1,\n actors: {\"a\": (name: \"Caf\xe9\", kind: Person)})",
    )
    .unwrap();
    let msg = store::read(&path).unwrap_err().to_string();
    assert!(
        msg.ends_with("latin1.ron:2:27: the file is not valid UTF-8"),
        "{msg}"
    );
}

proptest! {
    /// No text, however broken, makes the loader or validator panic.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        if let Ok(parsed) = store::parse(text, "fuzz.ron".as_ref()) {
            let _ = validate::validate(&parsed);
        }
    }

    /// Nor does a shipped graph with a slice cut out of it.
    #[test]
    fn truncated_graphs_never_panic(cut in 0usize..20_000, len in 0usize..400) {
        let text = std::fs::read_to_string(common::path("graphs/geneva-talks-2025-11.ron")).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let start = cut.min(chars.len());
        let end = (start + len).min(chars.len());
        chars.drain(start..end);
        let broken: String = chars.into_iter().collect();
        if let Ok(parsed) = store::parse(broken, "cut.ron".as_ref()) {
            let _ = validate::validate(&parsed);
        }
    }
}
