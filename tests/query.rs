//! The queries, on a small hand-built graph whose answers are worked out by hand in
//! the comments, and on the curated Geneva graph.

use std::path::Path;

use stancegraph::query::{
    self, Answer, AuditOptions, Axis, Flag, MatrixOptions, Method, MoversOptions, Outcome, Side,
    Subject,
};
use stancegraph::*;

use crate::common;
use crate::common::stancegraph;

/// Three blocs and a group, eleven people, a proposal with two points, a rival
/// proposal and a claim:
///
/// - `council` (majority): a (influence 3), b, c (2), d, e.
/// - `union` (unanimity): b, c and the group `league`, whose member is e; so b, c,
///   e and league.
/// - `assembly` (weighted 0.5): d, g (5), h (4), i, j (2.5); 13.5 in all.
/// - `league` (a group with a member, so a bloc too; majority): e.
///
/// On `plan` (proponent a): b supports (2025-01-10, and again through the
/// spokesperson `spokes` the same day); c was skeptical (undated) and supports from
/// 2025-01-20; d says non-starter (2025-01-05); g is skeptical (2025-01-12, relayed,
/// anonymous); i supports (2025-01-08, confidence 0.5). c's undated doubt cannot be
/// placed in time against its dated support, so the two contradict. h says non-starter on point
/// 1 (2025-01-09); j supports point 2 (undated, no evidence). d supports `alt`
/// (2025-01-06, inferred). b both asserts and denies `claim-x` on 2025-01-11.
pub const COUNCIL: &str = r#"(
    schema: 1,
    actors: {
        "council": (name: "Council", kind: Bloc),
        "union": (name: "Union", kind: Bloc, rule: Unanimity),
        "assembly": (name: "Assembly", kind: Bloc, rule: Weighted(0.5)),
        "a": (name: "A", kind: Person, influence: 3.0, affiliations: [(rel: MemberOf, actor: "council")]),
        "b": (name: "B", kind: Person, aliases: ["Bee"], affiliations: [(rel: MemberOf, actor: "council"), (rel: MemberOf, actor: "union")]),
        "c": (name: "C", kind: Person, influence: 2.0, affiliations: [(rel: MemberOf, actor: "council"), (rel: MemberOf, actor: "union")]),
        "d": (name: "D", kind: Person, affiliations: [(rel: MemberOf, actor: "council"), (rel: MemberOf, actor: "assembly")]),
        "e": (name: "E", kind: Person, affiliations: [(rel: MemberOf, actor: "council"), (rel: MemberOf, actor: "league")]),
        "league": (name: "League", kind: Group, affiliations: [(rel: MemberOf, actor: "union")]),
        "g": (name: "G", kind: Person, influence: 5.0, affiliations: [(rel: MemberOf, actor: "assembly")]),
        "h": (name: "H", kind: Person, influence: 4.0, affiliations: [(rel: MemberOf, actor: "assembly")]),
        "i": (name: "I", kind: Person, affiliations: [(rel: MemberOf, actor: "assembly")]),
        "j": (name: "J", kind: Person, influence: 2.5, affiliations: [(rel: MemberOf, actor: "assembly")]),
        "spokes": (name: "Spokes", kind: Person, affiliations: [(rel: SpeaksFor, actor: "b")]),
    },
    proposals: {
        "plan": (title: "The Plan", aliases: ["the plan"], proponent: "a",
                 points: {1: (text: "First"), 2: (text: "Second")}),
        "alt": (title: "Alternative", counter_to: "plan"),
    },
    claims: {
        "claim-x": (text: "X is true"),
    },
    sources: {
        "src1": (title: "One"),
        "src2": (title: "Two"),
    },
    statements: {
        "s-b": (actor: "b", target: Proposal("plan"), stance: Support, date: "2025-01-10",
                attribution: DirectQuote, evidence: (source: "src1", quote: "b backs it")),
        "s-c1": (actor: "c", target: Proposal("plan"), stance: Skeptical,
                 attribution: Paraphrase, evidence: (source: "src2", quote: "c doubts it")),
        "s-c2": (actor: "c", target: Proposal("plan"), stance: Support, date: "2025-01-20",
                 attribution: DirectQuote, evidence: (source: "src1", quote: "c came round")),
        "s-d": (actor: "d", target: Proposal("plan"), stance: NonStarter, date: "2025-01-05",
                attribution: DirectQuote, evidence: (source: "src1", quote: "never")),
        "s-g": (actor: "g", target: Proposal("plan"), stance: Skeptical, date: "2025-01-12",
                attribution: Paraphrase, evidence: (source: "src1", quote: "g has doubts"),
                reported_by: Unnamed("an aide"), anonymous: true),
        "s-i": (actor: "i", target: Proposal("plan"), stance: Support, date: "2025-01-08",
                attribution: Paraphrase, evidence: (source: "src1", quote: "i is for it"),
                confidence: 0.5),
        "s-h-p1": (actor: "h", target: Point("plan/1"), stance: NonStarter, date: "2025-01-09",
                   attribution: DirectQuote, evidence: (source: "src1", quote: "not point one")),
        "s-j-p2": (actor: "j", target: Point("plan/2"), stance: Support, attribution: Paraphrase),
        "s-x": (actor: "spokes", target: Proposal("plan"), stance: Support, date: "2025-01-10",
                attribution: DirectQuote, evidence: (source: "src2", quote: "b is on board"),
                on_behalf_of: "b"),
        "s-d-alt": (actor: "d", target: Proposal("alt"), stance: Support, date: "2025-01-06",
                    attribution: Inferred, evidence: (source: "src1", quote: "d drafts alt")),
        "s-b-x1": (actor: "b", target: Claim("claim-x"), stance: Support, date: "2025-01-11",
                   attribution: DirectQuote, evidence: (source: "src1", quote: "x is so")),
        "s-b-x2": (actor: "b", target: Claim("claim-x"), stance: NonStarter, date: "2025-01-11",
                   attribution: DirectQuote, evidence: (source: "src2", quote: "x is not so")),
    },
)"#;

/// A graph from RON text.
pub fn graph_of(text: &str) -> StanceGraph {
    let parsed = store::parse(text.to_owned(), Path::new("test.ron")).unwrap();
    StanceGraph::from_document(parsed.doc).unwrap()
}

pub fn council() -> StanceGraph {
    graph_of(COUNCIL)
}

fn geneva() -> StanceGraph {
    StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap()
}

fn id(s: &str) -> ActorId {
    s.parse().unwrap()
}

fn ids(v: &[ActorId]) -> Vec<&str> {
    v.iter().map(ActorId::as_str).collect()
}

fn plan() -> Target {
    Target::Proposal("plan".parse().unwrap())
}

fn date(s: &str) -> Option<Date> {
    Some(s.parse().unwrap())
}

#[test]
fn matrix_by_proposals_now_and_earlier() {
    let g = council();
    let s = Situation::base(&g);
    let m = query::matrix(&s, &MatrixOptions::default()).unwrap();
    let targets: Vec<String> = m.targets.iter().map(ToString::to_string).collect();
    assert_eq!(targets, ["plan", "alt"]);
    // Rows: every actor with a stance on plan or alt, in file order.
    let rows: Vec<(&str, Vec<Option<Stance>>)> = m
        .rows
        .iter()
        .map(|r| (r.actor.as_str(), r.stances.clone()))
        .collect();
    use Stance::*;
    assert_eq!(
        rows,
        [
            ("a", vec![Some(Support), None]), // proponent
            ("b", vec![Some(Support), None]),
            ("c", vec![Some(Support), None]), // 2025-01-20 beats the undated doubt
            ("d", vec![Some(NonStarter), Some(Support)]),
            ("g", vec![Some(Skeptical), None]),
            ("i", vec![Some(Support), None]),
        ]
    );
    // On 2025-01-07 b, g and i had not spoken and c was still skeptical.
    let early = query::matrix(
        &s,
        &MatrixOptions {
            as_of: date("2025-01-07"),
            ..MatrixOptions::default()
        },
    )
    .unwrap();
    assert_eq!(early.cell(&id("c"), &plan()), Some(Skeptical));
    assert_eq!(early.cell(&id("b"), &plan()), None);
    let actors: Vec<&str> = early.rows.iter().map(|r| r.actor.as_str()).collect();
    assert_eq!(actors, ["a", "c", "d"]);
}

#[test]
fn matrix_by_points_and_claims() {
    let g = council();
    let s = Situation::base(&g);
    let m = query::matrix(
        &s,
        &MatrixOptions {
            by: Axis::Points,
            ..MatrixOptions::default()
        },
    )
    .unwrap();
    let targets: Vec<String> = m.targets.iter().map(ToString::to_string).collect();
    assert_eq!(targets, ["plan/1", "plan/2"]);
    assert_eq!(
        m.cell(
            &id("h"),
            &"plan/1".parse::<PointId>().map(Target::Point).unwrap()
        ),
        Some(Stance::NonStarter)
    );
    assert_eq!(m.rows.len(), 2, "only h and j spoke on points");
    let c = query::matrix(
        &s,
        &MatrixOptions {
            by: Axis::Claims,
            all_actors: true,
            ..MatrixOptions::default()
        },
    )
    .unwrap();
    assert_eq!(c.rows.len(), 14, "--all keeps every actor");
    // Same day, both curated, same confidence: the later in the file wins.
    assert_eq!(
        c.cell(&id("b"), &Target::Claim("claim-x".parse().unwrap())),
        Some(Stance::NonStarter)
    );
    let json: serde_json::Value =
        serde_json::from_str(&Answer::Matrix(m).to_json().unwrap()).unwrap();
    assert_eq!(json["query"], "matrix");
    assert_eq!(json["by"], "points");
    assert_eq!(json["rows"][0]["actor"], "h");
    assert_eq!(json["rows"][0]["stances"]["plan/1"], "non-starter");
    assert!(json["rows"][0]["stances"]["plan/2"].is_null());
}

#[test]
fn who_holds_a_stance_with_its_grounds() {
    let g = council();
    let s = Situation::base(&g);
    let w = query::who(&s, &plan(), Stance::Support, None).unwrap();
    let who: Vec<&str> = w.ids().into_iter().map(ActorId::as_str).collect();
    assert_eq!(who, ["a", "b", "c", "i"]);
    let grounds: Vec<(query::GroundsKind, Option<&str>)> = w
        .actors
        .iter()
        .map(|h| {
            (
                h.grounds.kind,
                h.grounds.statement.as_ref().map(StatementId::as_str),
            )
        })
        .collect();
    use query::GroundsKind::*;
    assert_eq!(
        grounds,
        [
            (Proponent, None),
            // Two statements for b on the same day: the spokesperson's is later in the file.
            (Statement, Some("s-x")),
            (Statement, Some("s-c2")),
            (Statement, Some("s-i")),
        ]
    );
    let early = query::who(&s, &plan(), Stance::Skeptical, date("2025-01-15")).unwrap();
    let who: Vec<&str> = early.ids().into_iter().map(ActorId::as_str).collect();
    assert_eq!(who, ["c", "g"]);
    let table = Answer::Who(w).table();
    assert!(table.contains("proponent of the proposal"), "{table}");
    assert!(
        table.contains("s-c2: \u{201c}c came round\u{201d}"),
        "{table}"
    );
    // A dropped or unknown target is an error, not an empty answer.
    assert!(
        query::who(
            &s,
            &Target::Claim("nope".parse().unwrap()),
            Stance::Support,
            None
        )
        .is_err()
    );
}

#[test]
fn blocs_count_members_transitively_under_each_rule() {
    let g = council();
    let s = Situation::base(&g);
    let b = query::blocs(&s, &plan(), None, None).unwrap();
    let order: Vec<&str> = b.blocs.iter().map(|b| b.bloc.as_str()).collect();
    assert_eq!(order, ["council", "union", "assembly", "league"]);

    // council, majority: a, b, c support of 5 -> 3 > 2.5, it backs the plan.
    let council = b.bloc("council").unwrap();
    assert_eq!(ids(&council.support), ["a", "b", "c"]);
    assert_eq!(ids(&council.non_starter), ["d"]);
    assert_eq!(ids(&council.no_stance), ["e"]);
    assert!(council.backs);
    assert_eq!(council.reason, "3 of 5 members support; a majority needs 3");

    // union, unanimity: b, c support; e (through league) and league do not.
    let union = b.bloc("union").unwrap();
    assert_eq!(union.members, 4);
    assert_eq!(ids(&union.support), ["b", "c"]);
    assert_eq!(ids(&union.no_stance), ["e", "league"]);
    assert!(!union.backs);

    // assembly, weighted 0.5 of 13.5: only i (1) supports, 7.4%.
    let assembly = b.bloc("assembly").unwrap();
    assert_eq!(assembly.member_influence, 13.5);
    assert_eq!(assembly.support_influence, 1.0);
    assert!(!assembly.backs);
    assert_eq!(
        assembly.reason,
        "supporters hold 7.41% of the members' influence; the rule needs 50%"
    );
    assert_eq!(ids(&assembly.skeptical), ["g"]);

    // On 2025-01-15 c was still skeptical: council 2 of 5, no.
    let early = query::blocs(&s, &plan(), date("2025-01-15"), None).unwrap();
    assert!(!early.bloc("council").unwrap().backs);
    assert_eq!(early.bloc("council").unwrap().supporters, 2);

    let only = query::blocs(&s, &plan(), None, Some(&id("union"))).unwrap();
    assert_eq!(only.blocs.len(), 1);
    let err = query::blocs(&s, &plan(), None, Some(&id("a"))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`a` is not a bloc: it is not of kind Bloc and has no members"
    );
    let json: serde_json::Value =
        serde_json::from_str(&Answer::Blocs(b).to_json().unwrap()).unwrap();
    assert_eq!(json["blocs"][2]["rule"], "weighted:0.5");
    assert_eq!(json["blocs"][0]["non-starter"][0], "d");
    assert_eq!(json["blocs"][0]["own_stance"], serde_json::Value::Null);
}

#[test]
fn dated_memberships_count_only_while_they_hold() {
    // x joined the bloc on 2025-02-01; y left it on 2025-01-31.
    let g = graph_of(
        r#"(schema: 1,
        actors: {
            "bloc": (name: "Bloc", kind: Bloc),
            "x": (name: "X", kind: Person, affiliations: [(rel: MemberOf, actor: "bloc", since: "2025-02-01")]),
            "y": (name: "Y", kind: Person, affiliations: [(rel: MemberOf, actor: "bloc", until: "2025-01-31")]),
        },
        proposals: {"p": (title: "P")},
        statements: {
            "x1": (actor: "x", target: Proposal("p"), stance: Support, attribution: DirectQuote),
        })"#,
    );
    let s = Situation::base(&g);
    let p = Target::Proposal("p".parse().unwrap());
    let jan = query::blocs(&s, &p, date("2025-01-15"), None).unwrap();
    assert_eq!(ids(&jan.blocs[0].no_stance), ["y"]);
    assert!(!jan.blocs[0].backs);
    let feb = query::blocs(&s, &p, date("2025-02-15"), None).unwrap();
    assert_eq!(ids(&feb.blocs[0].support), ["x"]);
    assert!(feb.blocs[0].backs);
    let undated = query::blocs(&s, &p, None, None).unwrap();
    assert_eq!(
        undated.blocs[0].members, 2,
        "without a date every tie counts"
    );
}

#[test]
fn support_sums_influence_and_finds_the_weighted_median() {
    let g = council();
    let s = Situation::base(&g);
    let all = query::support(&s, &plan(), None, None).unwrap();
    // support: a 3 + b 1 + c 2 + i 1 = 7; skeptical: g 5; non-starter: d 1.
    assert_eq!((all.support.count, all.support.influence), (4, 7.0));
    assert_eq!((all.skeptical.count, all.skeptical.influence), (1, 5.0));
    assert_eq!((all.non_starter.count, all.non_starter.influence), (1, 1.0));
    // No stance: council, union, assembly, e, league, spokes (1 each), h 4, j 2.5.
    assert_eq!((all.no_stance.count, all.no_stance.influence), (8, 12.5));
    // Of 13 stated, half is 6.5: non-starter 1, +skeptical 6, +support 13.
    assert_eq!(all.median, Some(Stance::Support));
    // Among the assembly: d 1 non-starter, g 5 skeptical, i 1 support; half of 7 is
    // 3.5, reached at skeptical.
    let assembly = query::support(&s, &plan(), None, Some(&id("assembly"))).unwrap();
    assert_eq!(assembly.median, Some(Stance::Skeptical));
    assert_eq!(ids(&assembly.no_stance.actors), ["h", "j"]);
    let json: serde_json::Value =
        serde_json::from_str(&Answer::Support(assembly).to_json().unwrap()).unwrap();
    assert_eq!(json["median"], "skeptical");
    assert_eq!(json["no-stance"]["influence"], 6.5);
    assert_eq!(json["among"], "assembly");
}

#[test]
fn movers_are_fewest_then_lightest() {
    let g = council();
    let s = Situation::base(&g);
    let m = query::movers(&s, &plan(), &MoversOptions::default()).unwrap();
    let council = m.bloc("council").unwrap();
    assert_eq!(council.outcome, Outcome::AlreadyBacks);
    assert!(council.movers.is_empty());
    // Unanimity: every non-supporter.
    let union = m.bloc("union").unwrap();
    let who: Vec<&str> = union.movers.iter().map(|m| m.actor.as_str()).collect();
    assert_eq!(who, ["e", "league"]);
    // Weighted 0.5 of 13.5 needs 6.75; i has 1, so 5.75 more. No one actor has it
    // (g 5); among pairs, d + g = 6 is the lightest that reaches it (greedy would
    // take g + h = 9).
    let assembly = m.bloc("assembly").unwrap();
    let who: Vec<&str> = assembly.movers.iter().map(|m| m.actor.as_str()).collect();
    assert_eq!(who, ["d", "g"]);
    assert_eq!(assembly.influence, 6.0);
    assert_eq!(assembly.method, Method::Exact);
    // The same bloc by simple majority: 3 of 5 needed, i supports, so the two
    // lightest non-supporters: d (1) and j (2.5).
    let by_majority = query::movers(
        &s,
        &plan(),
        &MoversOptions {
            bloc: Some(id("assembly")),
            rule: Some(DecisionRule::Majority),
            as_of: None,
        },
    )
    .unwrap();
    assert_eq!(by_majority.blocs.len(), 1);
    let who: Vec<&str> = by_majority.blocs[0]
        .movers
        .iter()
        .map(|m| m.actor.as_str())
        .collect();
    assert_eq!(who, ["d", "j"]);
    // A 0.9 threshold needs 12.15 - 1 = 11.15: three movers at least (g+h = 9 is
    // short); g + h + j = 11.5 is the only triple that reaches it.
    let strict = query::movers(
        &s,
        &plan(),
        &MoversOptions {
            bloc: Some(id("assembly")),
            rule: Some(DecisionRule::Weighted(0.9)),
            as_of: None,
        },
    )
    .unwrap();
    let who: Vec<&str> = strict.blocs[0]
        .movers
        .iter()
        .map(|m| m.actor.as_str())
        .collect();
    assert_eq!(who, ["g", "h", "j"]);
    // A threshold of 1.0 needs every member: all four non-supporters move.
    let all_in = query::movers(
        &s,
        &plan(),
        &MoversOptions {
            bloc: Some(id("assembly")),
            rule: Some(DecisionRule::Weighted(1.0)),
            as_of: None,
        },
    )
    .unwrap();
    assert_eq!(all_in.blocs[0].outcome, Outcome::Reachable);
    assert_eq!(all_in.blocs[0].movers.len(), 4);
}

#[test]
fn movers_on_a_large_weighted_bloc_use_the_stated_heuristic() {
    // 30 members with influence 1..=30, none supporting; weighted 0.5 of 465
    // needs 232.5. The heaviest eight (30..23) give 212, nine (30..22) give 234:
    // nine movers. The search is not exact past 25 non-supporters, and says so.
    let mut text = String::from(
        r#"(schema: 1, proposals: {"p": (title: "P")}, actors: {"big": (name: "Big", kind: Bloc, rule: Weighted(0.5)),"#,
    );
    for i in 1..=30 {
        text.push_str(&format!(
            r#""m{i}": (name: "M{i}", kind: Person, influence: {i}.0, affiliations: [(rel: MemberOf, actor: "big")]),"#
        ));
    }
    text.push_str("})");
    let g = graph_of(&text);
    let s = Situation::base(&g);
    let m = query::movers(
        &s,
        &Target::Proposal("p".parse().unwrap()),
        &MoversOptions::default(),
    )
    .unwrap();
    let big = &m.blocs[0];
    assert_eq!(big.method, Method::Heuristic);
    assert_eq!(big.outcome, Outcome::Reachable);
    assert_eq!(big.movers.len(), 9, "the fewest count is exact even here");
    assert!(big.influence >= 232.5);
    // Swapping down from the heaviest nine (234) never makes it heavier; the best
    // nine-set has 233.
    assert!(big.influence <= 234.0);
    let table = Answer::Movers(m).table();
    assert!(table.contains("heuristic"), "{table}");
}

#[test]
fn timeline_of_an_actor_and_of_a_target() {
    let g = council();
    let s = Situation::base(&g);
    let c = query::timeline(&s, &Subject::resolve(&s, "c").unwrap()).unwrap();
    type Step<'a> = (
        Option<String>,
        Option<Stance>,
        Option<Stance>,
        Option<&'a str>,
    );
    let steps: Vec<Step> = c
        .entries
        .iter()
        .map(|e| {
            (
                e.date.map(|d| d.to_string()),
                e.from,
                e.to,
                e.grounds.statement.as_ref().map(StatementId::as_str),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (None, None, Some(Stance::Skeptical), Some("s-c1")),
            (
                Some("2025-01-20".into()),
                Some(Stance::Skeptical),
                Some(Stance::Support),
                Some("s-c2")
            ),
        ]
    );
    // On the plan: undated first (a as proponent, c), then by date. b's two
    // statements of 2025-01-10 are one change.
    let t = query::timeline(&s, &Subject::resolve(&s, "The Plan").unwrap()).unwrap();
    let order: Vec<(String, &str)> = t
        .entries
        .iter()
        .map(|e| {
            (
                e.date.map_or("undated".into(), |d| d.to_string()),
                e.actor.as_str(),
            )
        })
        .collect();
    let expected = [
        ("undated", "a"),
        ("undated", "c"),
        ("2025-01-05", "d"),
        ("2025-01-08", "i"),
        ("2025-01-10", "b"),
        ("2025-01-12", "g"),
        ("2025-01-20", "c"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(d, a)| ((*d).into(), *a)).collect();
    assert_eq!(order, expected);
    assert_eq!(t.subject_kind, "target");
    assert!(Subject::resolve(&s, "nobody at all").is_err());
}

#[test]
fn diff_of_one_graph_at_two_dates() {
    let g = council();
    let s = Situation::base(&g);
    let d = query::diff(
        Side {
            label: "council",
            situation: &s,
            as_of: date("2025-01-07"),
        },
        Side {
            label: "council",
            situation: &s,
            as_of: date("2025-01-15"),
        },
    );
    let added: Vec<&str> = d.added.iter().map(|r| r.id.as_str()).collect();
    // In file order: s-b, s-g, s-i, s-h-p1, s-x, s-b-x1, s-b-x2.
    assert_eq!(
        added,
        ["s-b", "s-g", "s-i", "s-h-p1", "s-x", "s-b-x1", "s-b-x2"]
    );
    assert!(d.removed.is_empty() && d.edited.is_empty());
    let changes: Vec<(String, String, Option<Stance>, Option<Stance>)> = d
        .stances
        .iter()
        .map(|c| (c.actor.to_string(), c.target.to_string(), c.from, c.to))
        .collect();
    use Stance::*;
    assert_eq!(
        changes,
        [
            ("b".into(), "plan".into(), None, Some(Support)),
            ("g".into(), "plan".into(), None, Some(Skeptical)),
            ("i".into(), "plan".into(), None, Some(Support)),
            ("h".into(), "plan/1".into(), None, Some(NonStarter)),
            ("b".into(), "claim-x".into(), None, Some(NonStarter)),
        ]
    );
    // Backwards, the same statements are removed.
    let back = query::diff(
        Side {
            label: "later",
            situation: &s,
            as_of: date("2025-01-15"),
        },
        Side {
            label: "earlier",
            situation: &s,
            as_of: date("2025-01-07"),
        },
    );
    assert_eq!(back.removed.len(), 7);
    assert!(back.stances.iter().all(|c| c.to.is_none()));
}

#[test]
fn diff_of_two_files() {
    // The newer file drops s-i, edits s-g to support, and adds s-e.
    let newer = COUNCIL
        .replace(
            r#"stance: Skeptical, date: "2025-01-12""#,
            r#"stance: Support, date: "2025-01-12""#,
        )
        .replace(
            r#""s-i": (actor: "i", target: Proposal("plan"), stance: Support, date: "2025-01-08",
                attribution: Paraphrase, evidence: (source: "src1", quote: "i is for it"),
                confidence: 0.5),"#,
            r#""s-e": (actor: "e", target: Proposal("plan"), stance: Skeptical, attribution: Paraphrase),"#,
        );
    assert!(newer.contains("\"s-e\"") && !newer.contains("\"s-i\""));
    assert!(!newer.contains(r#"stance: Skeptical, date: "2025-01-12""#));
    let (old, new) = (council(), graph_of(&newer));
    let (so, sn) = (Situation::base(&old), Situation::base(&new));
    let d = query::diff(
        Side {
            label: "old.ron",
            situation: &so,
            as_of: None,
        },
        Side {
            label: "new.ron",
            situation: &sn,
            as_of: None,
        },
    );
    let rows = |v: &[query::StatementRow]| v.iter().map(|r| r.id.to_string()).collect::<Vec<_>>();
    assert_eq!(rows(&d.added), ["s-e"]);
    assert_eq!(rows(&d.removed), ["s-i"]);
    assert_eq!(rows(&d.edited), ["s-g"]);
    let changes: Vec<String> = d
        .stances
        .iter()
        .map(|c| format!("{} {:?}->{:?}", c.actor, c.from, c.to))
        .collect();
    assert_eq!(
        changes,
        [
            "g Some(Skeptical)->Some(Support)",
            "i Some(Support)->None",
            "e None->Some(Skeptical)"
        ]
    );
    let table = Answer::Diff(d).table();
    assert!(table.starts_with("From old.ron to new.ron\n"), "{table}");
}

#[test]
fn audit_flags_thin_statements_and_conclusions() {
    let g = council();
    let s = Situation::base(&g);
    let a = query::audit(&s, &AuditOptions::default());
    let flagged: Vec<(&str, Vec<Flag>)> = a
        .statements
        .iter()
        .map(|f| (f.id.as_str(), f.flags.clone()))
        .collect();
    use Flag::*;
    assert_eq!(
        flagged,
        [
            // c's undated doubt cannot be placed before or after its dated support.
            ("s-c1", vec![Contradicts]),
            ("s-c2", vec![Contradicts]),
            ("s-g", vec![Relayed, Anonymous]),
            ("s-i", vec![LowConfidence]),
            ("s-j-p2", vec![NoSource]),
            ("s-d-alt", vec![Inferred]),
            ("s-b-x1", vec![Contradicts]),
            ("s-b-x2", vec![Contradicts]),
        ]
    );
    assert_eq!(
        a.statement("s-b-x1").unwrap().contradicts[0].as_str(),
        "s-b-x2"
    );
    assert_eq!(
        a.statement("s-g").unwrap().reported_by.as_deref(),
        Some("an aide")
    );
    // b's support rests on two statements from two sources: not flagged. c's rests
    // on s-c2 alone, and the undated doubt may have come after it.
    assert!(a.conclusion("b", "plan").is_none());
    assert_eq!(
        a.conclusion("c", "plan").unwrap().flags,
        [SingleSource, Contradicts]
    );
    assert_eq!(a.conclusion("c", "plan").unwrap().statements.len(), 1);
    assert_eq!(
        a.conclusion("g", "plan").unwrap().flags,
        [SingleSource, Relayed, Anonymous]
    );
    assert_eq!(
        a.conclusion("i", "plan").unwrap().flags,
        [SingleSource, LowConfidence]
    );
    assert_eq!(
        a.conclusion("j", "plan/2").unwrap().flags,
        [SingleSource, NoSource]
    );
    assert_eq!(
        a.conclusion("b", "claim-x").unwrap().flags,
        [SingleSource, Contradicts]
    );
    assert!(
        a.conclusion("a", "plan").is_none(),
        "a proponent's stance has no statement to audit"
    );
    // Filters: a proposal includes its points; an actor includes what is said for it.
    let on_plan = query::audit(
        &s,
        &AuditOptions {
            target: Some(plan()),
            ..AuditOptions::default()
        },
    );
    let ids: Vec<&str> = on_plan.statements.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["s-c1", "s-c2", "s-g", "s-i", "s-j-p2"]);
    let strict = query::audit(
        &s,
        &AuditOptions {
            min_confidence: 0.4,
            actor: Some(id("i")),
            ..AuditOptions::default()
        },
    );
    assert!(strict.statements.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&Answer::Audit(a).to_json().unwrap()).unwrap();
    assert_eq!(json["statements"][2]["flags"][0], "relayed");
    assert_eq!(json["conclusions"][0]["flags"][0], "single-source");
}

#[test]
fn every_answer_renders_and_serialises() {
    let g = council();
    let s = Situation::base(&g);
    let answers = [
        Answer::Matrix(query::matrix(&s, &MatrixOptions::default()).unwrap()),
        Answer::Who(query::who(&s, &plan(), Stance::Support, None).unwrap()),
        Answer::Blocs(query::blocs(&s, &plan(), None, None).unwrap()),
        Answer::Support(query::support(&s, &plan(), None, None).unwrap()),
        Answer::Movers(query::movers(&s, &plan(), &MoversOptions::default()).unwrap()),
        Answer::Timeline(query::timeline(&s, &Subject::Actor(id("c"))).unwrap()),
        Answer::Diff(query::diff(
            Side {
                label: "a",
                situation: &s,
                as_of: None,
            },
            Side {
                label: "b",
                situation: &s,
                as_of: None,
            },
        )),
        Answer::Audit(query::audit(&s, &AuditOptions::default())),
    ];
    for (a, name) in answers.iter().zip(query::QUERY_NAMES) {
        assert_eq!(a.name(), name);
        let v: serde_json::Value = serde_json::from_str(&a.to_json().unwrap()).unwrap();
        assert_eq!(v["query"], name);
        let table = a.table();
        assert!(table.lines().count() >= 2, "{name}: {table}");
        assert!(
            table.lines().all(|l| l == l.trim_end()),
            "{name}: no trailing blanks"
        );
    }
}

// --- The curated graph -----------------------------------------------------------

#[test]
fn geneva_who_supports_the_plan() {
    let g = geneva();
    let s = Situation::base(&g);
    let plan = g.resolve_target("28-point plan").unwrap();
    let w = query::who(&s, &plan, Stance::Support, None).unwrap();
    let who: Vec<&str> = w.ids().into_iter().map(ActorId::as_str).collect();
    assert_eq!(who, ["usa", "trump", "driscoll", "julie-davis"]);
    // The European leaders' rejection came at the G20 on Saturday 22 November.
    let sat = query::who(&s, &plan, Stance::NonStarter, None).unwrap();
    assert_eq!(sat.ids(), [&id("european-leaders")]);
    let fri = query::who(&s, &plan, Stance::NonStarter, date("2025-11-21")).unwrap();
    assert!(fri.actors.is_empty());
}

#[test]
fn geneva_blocs_and_movers() {
    let g = geneva();
    let s = Situation::base(&g);
    let plan = g.resolve_target("us-28-point-plan").unwrap();
    let b = query::blocs(&s, &plan, None, None).unwrap();
    let order: Vec<&str> = b.blocs.iter().map(|b| b.bloc.as_str()).collect();
    assert_eq!(order, ["republican-party", "democrats", "eu", "nato"]);
    assert!(b.blocs.iter().all(|b| !b.backs), "no bloc backs the plan");
    // NATO's members are the allies the article names and the group of NATO allies.
    let nato = b.bloc("nato").unwrap();
    assert_eq!(nato.members, 6);
    assert_eq!(ids(&nato.support), ["usa"]);
    assert_eq!(ids(&nato.skeptical), ["nato-allies"]);
    let eu = b.bloc("eu").unwrap();
    assert_eq!(ids(&eu.no_stance), ["france", "germany", "italy"]);
    let m = query::movers(&s, &plan, &MoversOptions::default()).unwrap();
    let eu = m.bloc("eu").unwrap();
    let who: Vec<&str> = eu.movers.iter().map(|m| m.actor.as_str()).collect();
    assert_eq!(who, ["france", "germany", "italy"]);
    assert_eq!(m.bloc("nato").unwrap().movers.len(), 5);
    // The EU proposes its own counterproposal but its members have not spoken.
    let counter = g.resolve_target("EU counterproposal").unwrap();
    let b = query::blocs(&s, &counter, None, Some(&id("eu"))).unwrap();
    assert_eq!(b.blocs[0].own_stance, Some(Stance::Support));
    assert!(!b.blocs[0].backs);
}

#[test]
fn geneva_timeline_diff_and_audit() {
    let g = geneva();
    let s = Situation::base(&g);
    let t = query::timeline(&s, &Subject::resolve(&s, "European leaders").unwrap()).unwrap();
    assert_eq!(t.entries.len(), 1);
    assert_eq!(t.entries[0].date, date("2025-11-22"));
    assert_eq!(t.entries[0].to, Some(Stance::NonStarter));
    let d = query::diff(
        Side {
            label: "fri",
            situation: &s,
            as_of: date("2025-11-21"),
        },
        Side {
            label: "sat",
            situation: &s,
            as_of: date("2025-11-22"),
        },
    );
    assert!(
        d.stances
            .iter()
            .any(|c| c.actor.as_str() == "european-leaders"
                && c.from.is_none()
                && c.to == Some(Stance::NonStarter))
    );
    let a = query::audit(&s, &AuditOptions::default());
    // Driscoll's denial that the plan lacked Ukrainian input came through a
    // European official, unnamed.
    let denial = a
        .conclusion("driscoll", "plan-drafted-without-ukraine")
        .unwrap();
    assert!(denial.flags.contains(&Flag::Relayed) && denial.flags.contains(&Flag::Anonymous));
    // Driscoll's support also rests on his spokesperson's own words, which were
    // not relayed: not every statement behind it is.
    let support = a.conclusion("driscoll", "us-28-point-plan").unwrap();
    assert!(!support.flags.contains(&Flag::Relayed));
    assert_eq!(support.statements.len(), 3);
}

// --- The `query` command ----------------------------------------------------------

#[test]
fn every_query_prints_json_with_its_name() {
    let geneva = common::path("graphs/geneva-talks-2025-11.ron");
    let cases: [&[&str]; 8] = [
        &["matrix", "--by", "claims"],
        &["who", "28-point plan", "skeptical"],
        &["blocs", "us-28-point-plan", "--bloc", "EU"],
        &["support", "us-28-point-plan"],
        &["movers", "us-28-point-plan", "--threshold", "0.5"],
        &["timeline", "Zelenksyy"],
        &["diff", "--to", "2025-11-21"],
        &["audit", "--actor", "Driscoll"],
    ];
    for (args, name) in cases.iter().zip(query::QUERY_NAMES) {
        let out = stancegraph()
            .arg("query")
            .arg(&geneva)
            .args(*args)
            .args(["--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["query"], name, "{args:?}");
    }
    // The format flag may come before the query too.
    stancegraph()
        .args(["query", "--format", "json"])
        .arg(&geneva)
        .args(["support", "us-28-point-plan"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("{\n  \"query\": \"support\""));
}

#[test]
fn query_tables_answer_the_question() {
    let geneva = common::path("graphs/geneva-talks-2025-11.ron");
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["who", "the US plan", "non-starter"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Who holds non-starter on us-28-point-plan\n",
        ))
        .stdout(predicates::str::contains(
            "european-leaders  European leaders",
        ));
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["movers", "us-28-point-plan", "--bloc", "eu"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "france (no stance), germany (no stance), italy (no stance)",
        ));
}

#[test]
fn query_refuses_unknown_names_and_bad_requests() {
    let geneva = common::path("graphs/geneva-talks-2025-11.ron");
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["blocs", "the moon plan"])
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}: no proposal, point or claim `the moon plan` in the graph\n",
            geneva.display()
        ));
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["blocs", "us-28-point-plan", "--bloc", "zelenskyy"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`zelenskyy` is not a bloc"));
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["who", "us-28-point-plan", "maybe"])
        .assert()
        .code(2);
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .arg("diff")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("diff needs a second graph file"));
    stancegraph()
        .arg("query")
        .arg(&geneva)
        .args(["movers", "us-28-point-plan", "--rule", "most"])
        .assert()
        .code(2);
    stancegraph()
        .arg("query")
        .arg(common::path("tests/fixtures/graphs/invalid-many.ron"))
        .arg("audit")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("the graph is invalid"));
}

#[test]
fn query_diff_compares_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.ron"), dir.path().join("new.ron"));
    std::fs::write(&old, COUNCIL).unwrap();
    std::fs::write(
        &new,
        COUNCIL.replace(
            r#"stance: Skeptical, date: "2025-01-12""#,
            r#"stance: Support, date: "2025-01-12""#,
        ),
    )
    .unwrap();
    let out = stancegraph()
        .arg("query")
        .arg(&old)
        .arg("diff")
        .arg(&new)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["edited"][0]["id"], "s-g");
    assert_eq!(v["stances"][0]["from"], "skeptical");
    assert_eq!(v["stances"][0]["to"], "support");
}
