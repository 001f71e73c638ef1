//! What-if scenarios: each kind of change worked out by hand on the council graph
//! (see `query::COUNCIL`), the incremental bloc tallies against a full recount,
//! the base graph never changing, and the `whatif` command.

use predicates::prelude::*;
use proptest::prelude::*;

use stancegraph::query::{
    self, Answer, AuditOptions, BlocBoard, Comparison, MatrixOptions, MoversOptions, Side, Subject,
};
use stancegraph::*;

use crate::common;
use crate::common::stancegraph;
use crate::query::{COUNCIL, council, graph_of};

fn plan() -> Target {
    Target::Proposal("plan".parse().unwrap())
}

fn id(s: &str) -> ActorId {
    s.parse().unwrap()
}

fn blocs(s: &Situation) -> query::Blocs {
    query::blocs(s, &plan(), None, None).unwrap()
}

fn backs(b: &query::Blocs, bloc: &str) -> bool {
    b.bloc(bloc).unwrap().backs
}

#[test]
fn setting_stances_moves_blocs() {
    let g = council();
    let mut sc = Scenario::new();
    // e comes round: council 4 of 5, league 1 of 1 (backs now), union still short
    // of league itself.
    sc.set_stance(&g, "e", Some(Stance::Support), Some("plan"))
        .unwrap();
    let s = sc.apply(&g).unwrap();
    let b = blocs(&s);
    assert_eq!(b.bloc("council").unwrap().supporters, 4);
    assert!(backs(&b, "league"));
    assert!(!backs(&b, "union"));
    // ... and with the league too, the union is unanimous.
    sc.set_stance(&g, "League", Some(Stance::Support), Some("the plan"))
        .unwrap();
    assert!(backs(&blocs(&sc.apply(&g).unwrap()), "union"));
    // Withdrawing a stance: without a and b, council has c of 5.
    let mut out = Scenario::new();
    out.set_stance(&g, "a", None, Some("plan")).unwrap();
    out.set_stance(&g, "Bee", None, Some("plan")).unwrap();
    let s = out.apply(&g).unwrap();
    assert_eq!(blocs(&s).bloc("council").unwrap().supporters, 1);
    assert_eq!(s.stance(&id("b"), &plan(), None), None);
    // The matrix loses the rows of a and b (their only stances withdrawn); in the
    // first scenario e and the league gain rows.
    let m = query::matrix(&s, &MatrixOptions::default()).unwrap();
    let rows: Vec<&str> = m.rows.iter().map(|r| r.actor.as_str()).collect();
    assert_eq!(rows, ["c", "d", "g", "i"]);
    let m = query::matrix(&sc.apply(&g).unwrap(), &MatrixOptions::default()).unwrap();
    assert_eq!(m.cell(&id("e"), &plan()), Some(Stance::Support));
    assert_eq!(m.cell(&id("league"), &plan()), Some(Stance::Support));
    // A setting holds at every date, even before the actor spoke.
    let mut early = Scenario::new();
    early
        .set_stance(&g, "g", Some(Stance::Support), Some("plan"))
        .unwrap();
    let s = early.apply(&g).unwrap();
    let held = s
        .stance(&id("g"), &plan(), Some("2025-01-01".parse().unwrap()))
        .unwrap();
    assert_eq!(
        (held.stance, held.basis),
        (Stance::Support, Basis::Scenario)
    );
}

#[test]
fn moving_actors_between_blocs() {
    let g = council();
    // h joins the council: 3 of 6 is not more than half.
    let mut sc = Scenario::new();
    sc.join(&g, "h", "council").unwrap();
    let s = sc.apply(&g).unwrap();
    let b = blocs(&s);
    assert_eq!(b.bloc("council").unwrap().members, 6);
    assert!(!backs(&b, "council"));
    // d (the non-starter) leaves it: 3 of 4.
    let mut sc = Scenario::new();
    sc.leave(&g, "d", "council").unwrap();
    let b = blocs(&sc.apply(&g).unwrap());
    assert_eq!(b.bloc("council").unwrap().members, 4);
    assert!(backs(&b, "council"));
    // The league leaves the union and takes e with it: b and c are unanimous.
    let mut sc = Scenario::new();
    sc.leave(&g, "league", "union").unwrap();
    let b = blocs(&sc.apply(&g).unwrap());
    assert_eq!(b.bloc("union").unwrap().members, 2);
    assert!(backs(&b, "union"));
    // e is in the union only through the league: it cannot leave it directly.
    let mut sc = Scenario::new();
    sc.leave(&g, "e", "union").unwrap();
    let err = sc.apply(&g).unwrap_err().to_string();
    assert!(
        err.contains("`e` is not a direct member of `union`"),
        "{err}"
    );
    // A membership loop is refused.
    let mut sc = Scenario::new();
    sc.join(&g, "union", "e").unwrap();
    let err = sc.apply(&g).unwrap_err().to_string();
    assert!(err.contains("cannot join"), "{err}");
    // Joining an actor that had no members makes it a bloc.
    let mut sc = Scenario::new();
    sc.join(&g, "i", "a").unwrap();
    let b = blocs(&sc.apply(&g).unwrap());
    assert_eq!(b.bloc("a").unwrap().members, 1);
    assert!(backs(&b, "a"), "i supports, 1 of 1");
}

#[test]
fn weights_rules_points_and_hypothetical_statements() {
    let g = council();
    // g's weight to 0: the assembly has 8.5 in all, d + j... need 4.25 - 1 = 3.25:
    // h (4) alone does it.
    let mut sc = Scenario::new();
    sc.set_influence(&g, "g", 0.0).unwrap();
    let s = sc.apply(&g).unwrap();
    let m = query::movers(
        &s,
        &plan(),
        &MoversOptions {
            bloc: Some(id("assembly")),
            ..MoversOptions::default()
        },
    )
    .unwrap();
    let who: Vec<&str> = m.blocs[0].movers.iter().map(|m| m.actor.as_str()).collect();
    assert_eq!(who, ["h"]);
    // The union deciding by majority: b and c are 2 of 4, not more than half.
    let mut sc = Scenario::new();
    sc.set_rule(&g, "union", DecisionRule::Majority).unwrap();
    let b = blocs(&sc.apply(&g).unwrap());
    assert_eq!(b.bloc("union").unwrap().rule, DecisionRule::Majority);
    assert!(!backs(&b, "union"));
    // Bad weights and thresholds are refused.
    let mut bad = Scenario::new();
    bad.set_influence(&g, "g", -1.0).unwrap();
    assert!(bad.apply(&g).is_err());
    let mut bad = Scenario::new();
    bad.push(Change::SetRule {
        bloc: id("union"),
        rule: DecisionRule::Weighted(1.5),
    });
    assert!(bad.apply(&g).is_err());

    // Dropping point 1 takes h's stance on it away, and the column.
    let mut sc = Scenario::new();
    sc.drop_point(&g, "plan/1").unwrap();
    let s = sc.apply(&g).unwrap();
    let m = query::matrix(
        &s,
        &MatrixOptions {
            by: query::Axis::Points,
            ..MatrixOptions::default()
        },
    )
    .unwrap();
    let cols: Vec<String> = m.targets.iter().map(ToString::to_string).collect();
    assert_eq!(cols, ["plan/2"]);
    let point1 = Target::Point("plan/1".parse().unwrap());
    assert!(query::who(&s, &point1, Stance::NonStarter, None).is_err());
    assert!(
        Scenario::new().drop_point(&g, "plan").is_err(),
        "a proposal is not a point"
    );

    // A hypothetical statement ranks with the real ones by its date: g saying
    // support on 2025-01-11 loses to its own skeptical word of 2025-01-12, and wins
    // when dated 2025-01-13.
    let mut sc = Scenario::new();
    sc.add_statement(
        &g,
        "g",
        Stance::Support,
        "plan",
        Some("2025-01-11".parse().unwrap()),
    )
    .unwrap();
    let s = sc.apply(&g).unwrap();
    assert_eq!(
        s.stance(&id("g"), &plan(), None).unwrap().stance,
        Stance::Skeptical
    );
    let mut sc = Scenario::new();
    sc.add_statement(
        &g,
        "g",
        Stance::Support,
        "plan",
        Some("2025-01-13".parse().unwrap()),
    )
    .unwrap();
    let s = sc.apply(&g).unwrap();
    let held = s.stance(&id("g"), &plan(), None).unwrap();
    assert_eq!(held.basis, Basis::Statement("whatif-1".parse().unwrap()));
    assert!(s.is_hypothetical(&"whatif-1".parse().unwrap()));
    let audit = query::audit(&s, &AuditOptions::default());
    assert!(
        audit
            .statement("whatif-1")
            .unwrap()
            .flags
            .contains(&query::Flag::Hypothetical)
    );
    let base = Situation::base(&g);
    let d = query::diff(
        Side {
            label: "base",
            situation: &base,
            as_of: None,
        },
        Side {
            label: "what-if",
            situation: &s,
            as_of: None,
        },
    );
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.stances.len(), 1);
    assert_eq!(d.stances[0].to, Some(Stance::Support));
    // The timeline shows the hypothetical change last.
    let t = query::timeline(&s, &Subject::Actor(id("g"))).unwrap();
    assert_eq!(
        t.entries.last().unwrap().grounds.kind,
        query::GroundsKind::Hypothetical
    );
}

#[test]
fn changes_read_from_the_command_line_form() {
    let g = council();
    let mut sc = Scenario::new();
    sc.parse_change(&g, "set", "Bee=skeptical@the plan")
        .unwrap();
    sc.parse_change(&g, "set", "c=none@plan").unwrap();
    sc.parse_change(&g, "join", "h@council").unwrap();
    sc.parse_change(&g, "influence", "g=2.5").unwrap();
    sc.parse_change(&g, "rule", "union=weighted:0.6").unwrap();
    sc.parse_change(&g, "drop-point", "plan/2").unwrap();
    sc.parse_change(&g, "say", "e=support@plan@2025-02-01")
        .unwrap();
    let text: Vec<String> = sc.changes().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "b holds skeptical on plan",
            "c holds no stance on plan",
            "h joins council",
            "g has influence 2.5",
            "union decides by weighted:0.6",
            "point plan/2 is dropped",
            "e says support on plan on 2025-02-01 (hypothetical statement whatif-1)",
        ]
    );
    let json: serde_json::Value = serde_json::to_value(&sc).unwrap();
    assert_eq!(json[0]["change"], "set-stance");
    assert_eq!(json[0]["stance"], "skeptical");
    assert_eq!(json[1]["stance"], "none");
    assert_eq!(json[6]["statement"], "whatif-1");
    assert!(sc.apply(&g).is_ok());
    // The council graph has two proposals: a stance without a target is ambiguous.
    let err = Scenario::new()
        .parse_change(&g, "set", "b=support")
        .unwrap_err();
    assert!(
        err.to_string().contains("the graph has 2 proposals"),
        "{err}"
    );
    let err = Scenario::new()
        .parse_change(&g, "set", "nobody=support@plan")
        .unwrap_err();
    assert!(matches!(err, Error::UnknownActor(_)));
    let err = Scenario::new()
        .parse_change(&g, "set", "b=maybe@plan")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidStance(_)));
    let err = Scenario::new()
        .parse_change(&g, "join", "h council")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read `h council` for --join: write it as ACTOR@BLOC"
    );
}

#[test]
fn comparisons_list_what_differs() {
    let g = council();
    let base = Situation::base(&g);
    let mut sc = Scenario::new();
    sc.set_stance(&g, "e", Some(Stance::Support), Some("plan"))
        .unwrap();
    sc.set_stance(&g, "league", Some(Stance::Support), Some("plan"))
        .unwrap();
    let s = sc.apply(&g).unwrap();
    let c = Comparison::new(
        sc.changes().to_vec(),
        Answer::Blocs(blocs(&base)),
        Answer::Blocs(blocs(&s)),
    );
    let diffs: Vec<(&str, Option<&str>, Option<&str>)> = c
        .differences
        .iter()
        .map(|d| (d.subject.as_str(), d.base.as_deref(), d.whatif.as_deref()))
        .collect();
    assert_eq!(
        diffs,
        [
            ("council supporters", Some("3 of 5"), Some("4 of 5")),
            ("union backs plan", Some("no"), Some("yes")),
            ("union supporters", Some("2 of 4"), Some("4 of 4")),
            ("league backs plan", Some("no"), Some("yes")),
            ("league supporters", Some("0 of 1"), Some("1 of 1")),
        ]
    );
    let table = c.table();
    assert!(
        table.starts_with("What if:\n  e holds support on plan\n  league holds support on plan\n"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&c.to_json().unwrap()).unwrap();
    assert_eq!(json["query"], "blocs");
    assert_eq!(json["differences"][1]["whatif"], "yes");
    assert_eq!(json["base"]["blocs"][1]["backs"], false);
    assert_eq!(json["whatif"]["blocs"][1]["backs"], true);
    // Nothing changes for a query the scenario does not touch.
    let same = Comparison::new(
        sc.changes().to_vec(),
        Answer::Blocs(
            query::blocs(&base, &Target::Proposal("alt".parse().unwrap()), None, None).unwrap(),
        ),
        Answer::Blocs(
            query::blocs(&s, &Target::Proposal("alt".parse().unwrap()), None, None).unwrap(),
        ),
    );
    assert!(same.differences.is_empty());
    assert!(
        same.table()
            .contains("(none: the scenario changes nothing this query shows)")
    );
}

/// A change drawn from small numbers, for the property tests.
fn change_of(
    g: &StanceGraph,
    (kind, a, b, st, w): (u8, usize, usize, usize, u8),
) -> Option<Change> {
    let actors: Vec<&ActorId> = g.actors().map(|(id, _)| id).collect();
    let targets: Vec<Target> = g
        .proposals()
        .map(|(id, _)| Target::Proposal(id.clone()))
        .collect();
    let actor = actors[a % actors.len()].clone();
    let other = actors[b % actors.len()].clone();
    let target = targets[st % targets.len()].clone();
    let stance = [
        Some(Stance::Support),
        Some(Stance::Skeptical),
        Some(Stance::NonStarter),
        None,
    ][st % 4];
    Some(match kind % 6 {
        0 | 1 => Change::SetStance {
            actor,
            target,
            stance,
        },
        2 => Change::JoinBloc { actor, bloc: other },
        3 => Change::LeaveBloc { actor, bloc: other },
        4 => Change::SetInfluence {
            actor,
            influence: f64::from(w) / 2.0,
        },
        _ => {
            let mut s = Statement::new(
                actor,
                target,
                stance.unwrap_or(Stance::Support),
                Attribution::Inferred,
            );
            s.date = Some(Date::new(2025, 1, 1 + w % 28));
            Change::AddStatement {
                id: format!("whatif-{a}-{b}-{w}").parse().ok()?,
                statement: Box::new(s),
            }
        }
    })
}

/// A scenario of the drawn changes that apply (a loop or a bad leave is skipped).
fn scenario_of(g: &StanceGraph, draws: &[(u8, usize, usize, usize, u8)]) -> Scenario {
    let mut sc = Scenario::new();
    for d in draws {
        let Some(c) = change_of(g, *d) else { continue };
        let mut next = sc.clone();
        next.push(c);
        if next.apply(g).is_ok() {
            sc = next;
        }
    }
    sc
}

fn run_every_query(s: &Situation, target: &Target) {
    query::matrix(s, &MatrixOptions::default()).unwrap();
    query::blocs(s, target, None, None).unwrap();
    query::support(s, target, None, None).unwrap();
    query::movers(s, target, &MoversOptions::default()).unwrap();
    query::who(s, target, Stance::Support, None).unwrap();
    query::timeline(s, &Subject::Target(target.clone())).unwrap();
    query::audit(s, &AuditOptions::default());
    let base = Situation::base(s.graph());
    query::diff(
        Side {
            label: "base",
            situation: &base,
            as_of: None,
        },
        Side {
            label: "what-if",
            situation: s,
            as_of: None,
        },
    );
}

type Draw = (u8, usize, usize, usize, u8);

fn draws() -> impl Strategy<Value = Vec<Draw>> {
    proptest::collection::vec((0u8..6, 0usize..40, 0usize..40, 0usize..8, 0u8..10), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_whatif_never_changes_the_base_graph(d in draws(), geneva in any::<bool>()) {
        let g = if geneva {
            StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap()
        } else {
            council()
        };
        let before = g.document().clone();
        let text = store::to_canonical_string(g.document()).unwrap();
        let target = g.proposals().next().map(|(id, _)| Target::Proposal(id.clone())).unwrap();
        let base_blocs = query::blocs(&Situation::base(&g), &target, None, None).unwrap();
        let sc = scenario_of(&g, &d);
        let s = sc.apply(&g).unwrap();
        run_every_query(&s, &target);
        drop(s);
        prop_assert_eq!(g.document(), &before);
        prop_assert_eq!(store::to_canonical_string(g.document()).unwrap(), text);
        prop_assert_eq!(query::blocs(&Situation::base(&g), &target, None, None).unwrap(), base_blocs);
    }

    #[test]
    fn incremental_tallies_match_a_full_recount(d in draws()) {
        let g = council();
        let base = Situation::base(&g);
        let mut board = BlocBoard::build(&base, &plan(), None).unwrap();
        let sc = scenario_of(&g, &d);
        let s = sc.apply(&g).unwrap();
        board.update(&s, sc.changes()).unwrap();
        let full = BlocBoard::build(&s, &plan(), None).unwrap();
        let (inc, all) = (board.verdicts(), full.verdicts());
        prop_assert_eq!(inc.len(), all.len());
        for (x, y) in inc.iter().zip(&all) {
            prop_assert_eq!((&x.bloc, x.members, x.supporters, x.backs, x.rule), (&y.bloc, y.members, y.supporters, y.backs, y.rule));
            prop_assert!((x.influence - y.influence).abs() < 1e-9);
            prop_assert!((x.support_influence - y.support_influence).abs() < 1e-9);
        }
        let (a, b) = (board.report(&s, None).unwrap(), full.report(&s, None).unwrap());
        prop_assert_eq!(a.blocs.len(), b.blocs.len());
        for (x, y) in a.blocs.iter().zip(&b.blocs) {
            prop_assert_eq!((&x.support, &x.skeptical, &x.non_starter, &x.no_stance), (&y.support, &y.skeptical, &y.non_starter, &y.no_stance));
        }
    }
}

#[test]
fn one_move_updates_only_the_movers_blocs() {
    let g = council();
    let base = Situation::base(&g);
    let mut board = BlocBoard::build(&base, &plan(), None).unwrap();
    let before = board.verdicts();
    // h sits in the assembly only.
    board.restance(&id("h"), Some(Stance::Support));
    let after = board.verdicts();
    for (x, y) in before.iter().zip(&after) {
        if x.bloc.as_str() == "assembly" {
            assert_eq!(y.supporters, x.supporters + 1);
            assert_eq!(y.support_influence, 5.0);
        } else {
            assert_eq!(x, y);
        }
    }
    // An actor in no bloc changes nothing.
    board.restance(&id("spokes"), Some(Stance::Support));
    assert_eq!(board.verdicts(), after);
}

// --- The `whatif` command -------------------------------------------------------

const GENEVA: &str = "graphs/geneva-talks-2025-11.ron";

#[test]
fn whatif_shows_the_difference_and_leaves_the_file_alone() {
    let (_dir, path) = common::temp_copy(&common::path(GENEVA));
    let before = std::fs::read(&path).unwrap();
    stancegraph()
        .arg("whatif")
        .arg(&path)
        .args(["--set", "France=support@us-28-point-plan", "--set", "germany=support@28-point plan"])
        .assert()
        .success()
        .stdout(predicate::str::contains("What if:\n  france holds support on us-28-point-plan\n  germany holds support on us-28-point-plan\n"))
        .stdout(predicate::str::contains("eu supporters    0 of 3  2 of 3"));
    let out = stancegraph()
        .arg("whatif")
        .arg(&path)
        .args([
            "--set",
            "france=support@us-28-point-plan",
            "--set",
            "germany=support@us-28-point-plan",
            "--set",
            "italy=support@us-28-point-plan",
            "--query",
            "blocs",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["query"], "blocs");
    assert_eq!(v["scenario"].as_array().unwrap().len(), 3);
    let eu_backs: Vec<&serde_json::Value> = v["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["subject"] == "eu backs us-28-point-plan")
        .collect();
    assert_eq!(eu_backs.len(), 1);
    assert_eq!(eu_backs[0]["base"], "no");
    assert_eq!(eu_backs[0]["whatif"], "yes");
    // Movers for the EU with France in: Germany and Italy.
    let out = stancegraph()
        .arg("whatif")
        .arg(&path)
        .args([
            "--set",
            "france=support@us-28-point-plan",
            "--query",
            "movers",
            "--bloc",
            "eu",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let movers: Vec<&str> = v["whatif"]["blocs"][0]["movers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["actor"].as_str().unwrap())
        .collect();
    assert_eq!(movers, ["germany", "italy"]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the graph file is never changed"
    );
}

#[test]
fn whatif_refuses_bad_changes_with_exit_2() {
    let geneva = common::path(GENEVA);
    stancegraph()
        .arg("whatif")
        .arg(&geneva)
        .args(["--set", "Nobody=support@us-28-point-plan"])
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}: no actor `Nobody` in the graph (use an actor id, name or alias)\n",
            geneva.display()
        ));
    stancegraph()
        .arg("whatif")
        .arg(&geneva)
        .args(["--set", "france=support"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the graph has 2 proposals"));
    stancegraph()
        .arg("whatif")
        .arg(&geneva)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give at least one change"));
    stancegraph()
        .arg("whatif")
        .arg(&geneva)
        .args(["--rule", "nato=majority"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--target"));
    stancegraph()
        .arg("whatif")
        .arg(&geneva)
        .args([
            "--leave",
            "mike-rogers@nato",
            "--target",
            "us-28-point-plan",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a direct member of `nato`"));
}

#[test]
fn a_one_proposal_graph_needs_no_target() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.ron");
    let text = COUNCIL
        .replace(r#""alt": (title: "Alternative", counter_to: "plan"),"#, "")
        .replace(
            r#""s-d-alt": (actor: "d", target: Proposal("alt"), stance: Support, date: "2025-01-06",
                    attribution: Inferred, evidence: (source: "src1", quote: "d drafts alt")),"#,
            "",
        );
    graph_of(&text);
    std::fs::write(&path, &text).unwrap();
    stancegraph()
        .arg("whatif")
        .arg(&path)
        .args(["--set", "e=support", "--set", "league=support"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "union backs plan    no      yes\n",
        ));
}

/// A statement drawn from small numbers: speaker, principal, stance, day (0 for
/// undated), extracted or curated, confidence.
type Said = (usize, Option<usize>, usize, u8, bool, u8);

fn ranked_graph(said: &[Said]) -> StanceGraph {
    let mut g = StanceGraph::new();
    for i in 0..4 {
        g.add_actor(
            id(&format!("a{i}")),
            Actor::new(format!("A{i}"), ActorKind::Person),
        )
        .unwrap();
    }
    let mut p = Proposal::new("P");
    p.proponent = Some(id("a3"));
    g.add_proposal("p".parse().unwrap(), p).unwrap();
    for (n, (speaker, principal, stance, day, extracted, confidence)) in said.iter().enumerate() {
        let mut s = Statement::new(
            id(&format!("a{speaker}")),
            Target::Proposal("p".parse().unwrap()),
            Stance::ALL[stance % 3],
            Attribution::Paraphrase,
        );
        s.on_behalf_of = principal.map(|q| id(&format!("a{q}")));
        s.date = (*day > 0).then(|| Date::new(2025, 3, *day));
        if *extracted {
            s.origin = Origin::Extracted {
                cue: "backs".into(),
                pattern: Pattern::NameSaid,
                model: None,
            };
        }
        s.confidence = [None, Some(0.5), Some(0.9)][usize::from(*confidence % 3)];
        g.add_statement(format!("s{n}").parse().unwrap(), s)
            .unwrap();
    }
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `Situation::stances_on` ranks in one pass; it must agree with
    /// `StanceGraph::stance_of` asked actor by actor, at every date.
    #[test]
    fn stances_on_a_target_rank_as_stance_of_does(
        said in proptest::collection::vec(
            (0usize..4, proptest::option::of(0usize..4), 0usize..3, 0u8..4, any::<bool>(), 0u8..3),
            0..14,
        )
    ) {
        let g = ranked_graph(&said);
        let s = Situation::base(&g);
        let p = Target::Proposal("p".parse().unwrap());
        for as_of in [None, Some(Date::new(2025, 3, 1)), Some(Date::new(2025, 3, 2)), Some(Date::new(2025, 3, 3))] {
            let fast: Vec<(ActorId, Stance, Option<StatementId>)> = s
                .stances_on(&p, as_of)
                .into_iter()
                .map(|(a, h)| {
                    let st = match h.basis { Basis::Statement(id) => Some(id), _ => None };
                    (a, h.stance, st)
                })
                .collect();
            let slow: Vec<(ActorId, Stance, Option<StatementId>)> = g
                .actors()
                .filter_map(|(a, _)| {
                    let e = g.stance_of(a, &p, as_of)?;
                    Some((a.clone(), e.stance, e.statement))
                })
                .collect();
            prop_assert_eq!(fast, slow);
        }
    }
}

#[test]
fn whatif_changes_apply_in_the_order_typed() {
    let geneva = common::path(GENEVA);
    let run = |first: &str, second: &str| {
        let out = stancegraph()
            .arg("whatif")
            .arg(&geneva)
            .args([first, "usa@nato", second, "usa@nato"])
            .args(["--target", "us-28-point-plan", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let kinds: Vec<String> = v["scenario"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["change"].as_str().unwrap().to_owned())
            .collect();
        let nato = v["whatif"]["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["bloc"] == "nato")
            .unwrap()
            .clone();
        (kinds, nato["members"].as_u64().unwrap())
    };
    // Leaving and joining again leaves the United States in NATO...
    let (kinds, members) = run("--leave", "--join");
    assert_eq!(kinds, ["leave-bloc", "join-bloc"]);
    assert_eq!(members, 6);
    // ...joining (it already is a member) and then leaving takes it out.
    let (kinds, members) = run("--join", "--leave");
    assert_eq!(kinds, ["join-bloc", "leave-bloc"]);
    assert_eq!(members, 5);
}
