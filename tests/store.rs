//! The RON store: canonical form, round trips, atomic saves.

use proptest::prelude::*;
use stancegraph::*;

use crate::common;

#[test]
fn every_shipped_graph_is_canonical() {
    let graphs = common::all_graphs();
    assert!(
        graphs
            .iter()
            .any(|p| p.ends_with("graphs/geneva-talks-2025-11.ron"))
    );
    for path in graphs {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = store::parse(text.clone(), &path).unwrap();
        let canonical = store::to_canonical_string(&parsed.doc).unwrap();
        assert!(
            canonical == text,
            "{} is not canonical; run `stancegraph fmt` on it",
            path.display()
        );
    }
}

#[test]
fn load_then_save_gives_the_same_bytes() {
    for path in common::all_graphs() {
        let (_dir, copy) = common::temp_copy(&path);
        let before = std::fs::read_to_string(&copy).unwrap();
        StanceGraph::load(&copy).unwrap().save(&copy).unwrap();
        assert!(
            std::fs::read_to_string(&copy).unwrap() == before,
            "{} changed on load and save",
            path.display()
        );
    }
}

#[test]
fn a_failed_save_leaves_the_old_file_untouched() {
    let (dir, copy) = common::temp_copy(&common::path("graphs/geneva-talks-2025-11.ron"));
    let before = std::fs::read(&copy).unwrap();
    let mut graph = StanceGraph::load(&copy).unwrap();
    graph
        .remove_statement(&StatementId::new("democrats-us-28-point-plan-1").unwrap())
        .unwrap();
    // Occupy the temporary file's name with a folder so the save fails before the
    // rename. (Permissions would not stop root, which CI runs as.)
    let tmp = dir.path().join(format!(
        ".geneva-talks-2025-11.ron.{}.tmp",
        std::process::id()
    ));
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(tmp.join("keep"), "x").unwrap();
    let err = graph.save(&copy).unwrap_err();
    assert!(
        err.to_string().contains("geneva-talks-2025-11.ron"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the old file must survive a failed save"
    );
    std::fs::remove_dir_all(&tmp).unwrap();
    graph.save(&copy).unwrap();
    assert_ne!(std::fs::read(&copy).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
}

#[test]
fn hand_written_files_without_header_or_some_load() {
    let text = r#"(schema: 1, actors: {"a": (name: "A", kind: Person, influence: Some(2.0))},
        statements: {})"#;
    let parsed = store::parse(text.into(), std::path::Path::new("x.ron")).unwrap();
    assert_eq!(parsed.doc.actors.len(), 1);
    assert_eq!(parsed.doc.actors[0].influence, Some(2.0));
}

#[test]
fn canonical_text_keeps_apostrophes_and_scripts_readable() {
    let mut doc = Document::default();
    doc.actors.insert(
        ActorId::new("a").unwrap(),
        Actor::new("O'Brien नमस्ते \"q\" \\", ActorKind::Person),
    );
    let text = store::to_canonical_string(&doc).unwrap();
    assert!(text.contains(r#"name: "O'Brien नमस्ते \"q\" \\","#), "{text}");
}

#[test]
fn a_newer_schema_is_refused() {
    let err = store::parse("(schema: 2)".into(), std::path::Path::new("new.ron")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "new.ron: schema version 2 is not supported (this build reads version 1)"
    );
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,12}",
        "\\PC{0,16}",
        Just("quote \" backslash \\ newline \n tab \t apostrophe ' ’ “x”".to_string()),
        Just("नमस्ते 日本語 🚀 é".to_string()),
    ]
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}"
}

fn date() -> impl Strategy<Value = Date> {
    (1990u16..2030, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d))
}

prop_compose! {
    fn document()(
        actors in prop::collection::vec((slug(), text(), prop::collection::vec(text(), 0..3), prop::option::of(0.0f64..10.0)), 1..6),
        proposals in prop::collection::vec((slug(), text(), prop::collection::btree_map(1u32..40, text(), 0..4), prop::option::of(date())), 1..3),
        statements in prop::collection::vec((0usize..100, 0usize..100, 0u8..3, prop::option::of(date()), text(), prop::option::of((0usize..500, 1usize..500)), prop::option::of(0.0f64..=1.0), any::<bool>(), prop::option::of(text())), 0..8),
    ) -> Document {
        let mut doc = Document::default();
        for (id, name, aliases, influence) in actors {
            let mut a = Actor::new(name, ActorKind::Person);
            a.aliases = aliases;
            a.influence = influence;
            doc.actors.insert(ActorId::new(id).unwrap(), a);
        }
        for (id, title, points, date) in proposals {
            let mut p = Proposal::new(title);
            p.date = date;
            p.points = points.into_iter().map(|(n, text)| (n, Point { text })).collect();
            doc.proposals.insert(ProposalId::new(id).unwrap(), p);
        }
        doc.sources.insert(SourceId::new("src").unwrap(), Source::new("A source"));
        let actor_ids: Vec<ActorId> = doc.actors.keys().cloned().collect();
        let prop_ids: Vec<ProposalId> = doc.proposals.keys().cloned().collect();
        for (i, (a, p, stance, date, quote, span, confidence, extracted, note)) in statements.into_iter().enumerate() {
            let stance = Stance::ALL[usize::from(stance)];
            let mut s = Statement::new(actor_ids[a % actor_ids.len()].clone(), Target::Proposal(prop_ids[p % prop_ids.len()].clone()), stance, Attribution::Paraphrase);
            s.date = date;
            s.evidence = Some(Evidence { source: SourceId::new("src").unwrap(), quote, span });
            s.confidence = confidence;
            s.note = note;
            s.reported_by = extracted.then(|| Relay::Unnamed("an official".into()));
            if extracted {
                s.origin = Origin::Extracted { cue: "cue".into(), pattern: Pattern::PassiveBy, model: None };
            }
            doc.statements.insert(StatementId::new(format!("s{i}")).unwrap(), s);
        }
        doc
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// load ∘ save is the identity, and formatting twice changes nothing.
    #[test]
    fn save_then_load_is_the_identity(doc in document()) {
        let text = store::to_canonical_string(&doc).unwrap();
        let parsed = store::parse(text.clone(), std::path::Path::new("gen.ron")).unwrap();
        prop_assert_eq!(&parsed.doc, &doc);
        prop_assert!(parsed.duplicates.is_empty());
        prop_assert_eq!(store::to_canonical_string(&parsed.doc).unwrap(), text);
    }
}

/// A graph with one statement less than the curated one, to save over a copy.
fn edited() -> StanceGraph {
    let mut graph = StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap();
    graph
        .remove_statement(&StatementId::new("democrats-us-28-point-plan-1").unwrap())
        .unwrap();
    graph
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_permissions_and_writes_through_links() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, copy) = common::temp_copy(&common::path("graphs/geneva-talks-2025-11.ron"));
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(copy.file_name().unwrap(), &link).unwrap();
    let graph = edited();
    graph.save(&link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        StanceGraph::load(&copy).unwrap().document(),
        graph.document(),
        "the link's target has the new content"
    );
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the file keeps its permissions");
}

#[cfg(unix)]
#[test]
fn a_save_refuses_to_replace_what_is_not_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let graph = edited();
    let err = graph.save(&folder).unwrap_err().to_string();
    assert!(
        err.contains("is a directory, not a regular file; nothing was written"),
        "{err}"
    );
    assert!(folder.is_dir());
    // Through the command line: an export onto a device leaves the device.
    common::stancegraph()
        .args([
            "export",
            "graphs/geneva-talks-2025-11.ron",
            "--format",
            "json",
        ])
        .args(["-o", "/dev/null"])
        .current_dir(common::root())
        .assert()
        .code(2)
        .stderr(
            "error: /dev/null: is a character device, not a regular file; nothing was written\n",
        );
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(null.file_type().is_char_device());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[cfg(target_os = "linux")]
#[test]
fn a_save_removes_what_a_killed_save_left_behind() {
    let (dir, copy) = common::temp_copy(&common::path("graphs/geneva-talks-2025-11.ron"));
    // A process that has ended: its temporary file is stale.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = dir
        .path()
        .join(format!(".geneva-talks-2025-11.ron.{dead}.tmp"));
    std::fs::write(&stale, "half a graph").unwrap();
    // A running process's file may be a save in progress: it stays.
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let busy = dir
        .path()
        .join(format!(".geneva-talks-2025-11.ron.{}.tmp", running.id()));
    std::fs::write(&busy, "being written").unwrap();
    edited().save(&copy).unwrap();
    let stale_left = stale.exists();
    let busy_left = busy.exists();
    running.kill().unwrap();
    running.wait().unwrap();
    assert!(!stale_left, "the stale temporary file is removed");
    assert!(busy_left, "a running save's file is left alone");
}

/// Kills `fmt` during its save, timed by the save's temporary file appearing, and
/// checks that the file holds the old or the new text every time, and that the next
/// save leaves no temporary file behind.
#[cfg(target_os = "linux")]
#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    // A graph large enough that writing it takes a while: the curated graph and the
    // statements of a dozen fixture articles.
    std::fs::copy(common::path("graphs/geneva-talks-2025-11.ron"), &graph).unwrap();
    let articles: Vec<_> = std::fs::read_dir(common::path("tests/fixtures/articles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .take(12)
        .collect();
    common::stancegraph()
        .arg("extract")
        .args(&articles)
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    let new = std::fs::read_to_string(&graph).unwrap();
    let old = new.replacen("schema: 1,", "schema:    1,", 1);
    assert_ne!(old, new);
    let temporaries = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    };
    let bin = assert_cmd::cargo::cargo_bin("stancegraph");
    let (mut killed_in_save, mut seed) = (0, 0x2545_f491_4f6c_dd1d_u64);
    for run in 0..500 {
        std::fs::write(&graph, &old).unwrap();
        let mut child = std::process::Command::new(&bin)
            .arg("fmt")
            .arg(&graph)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the save to begin, then kill it a little later: from at once to
        // about the time the save takes.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_micros(seed % 1500);
        let started = std::time::Instant::now();
        let mut in_save = false;
        while started.elapsed() < std::time::Duration::from_secs(10) {
            if !temporaries().is_empty() {
                in_save = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        killed_in_save += usize::from(in_save);
        let now = std::fs::read_to_string(&graph).unwrap();
        assert!(
            now == old || now == new,
            "run {run}: the file is neither old nor new"
        );
        // The next save cleans up after the killed one.
        std::fs::write(&graph, &old).unwrap();
        common::stancegraph()
            .arg("fmt")
            .arg(&graph)
            .assert()
            .success();
        assert_eq!(std::fs::read_to_string(&graph).unwrap(), new);
        assert_eq!(temporaries(), Vec::<String>::new(), "run {run}");
    }
    assert!(
        killed_in_save >= 250,
        "most kills land in the save: {killed_in_save} of 500"
    );
}
