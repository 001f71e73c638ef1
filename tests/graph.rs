//! StanceGraph: lookups, the effective stance, and edits that keep the index in step.

use stancegraph::*;

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

fn plan() -> Target {
    Target::Proposal(id("plan"))
}

fn statement(actor: &str, stance: Stance, date: Option<&str>) -> Statement {
    let mut s = Statement::new(id(actor), plan(), stance, Attribution::Paraphrase);
    s.date = date.map(id);
    s
}

/// A small graph: a proponent, a spokesperson and a principal, a bloc member.
fn small() -> StanceGraph {
    let mut g = StanceGraph::new();
    g.add_actor(id("bloc"), Actor::new("The Bloc", ActorKind::Bloc))
        .unwrap();
    g.add_actor(id("usa"), Actor::new("United States", ActorKind::Country))
        .unwrap();
    let mut min = Actor::new("Minister Mina", ActorKind::Person);
    min.aliases.push("Mina".into());
    min.affiliations
        .push(Affiliation::new(Relation::MemberOf, id("bloc")));
    g.add_actor(id("mina"), min).unwrap();
    let mut spox = Actor::new("Spokesperson Sam", ActorKind::Person);
    spox.affiliations
        .push(Affiliation::new(Relation::SpeaksFor, id("mina")));
    g.add_actor(id("sam"), spox).unwrap();
    let mut p = Proposal::new("The Plan");
    p.aliases.push("28-point plan".into());
    p.proponent = Some(id("usa"));
    p.points.insert(
        7,
        Point {
            text: "No alliance membership".into(),
        },
    );
    g.add_proposal(id("plan"), p).unwrap();
    g
}

#[test]
fn the_latest_dated_statement_wins_and_undated_ranks_below() {
    let mut g = small();
    g.add_statement(
        id("s1"),
        statement("mina", Stance::Support, Some("2025-11-20")),
    )
    .unwrap();
    g.add_statement(
        id("s2"),
        statement("mina", Stance::NonStarter, Some("2025-11-22")),
    )
    .unwrap();
    g.add_statement(id("s3"), statement("mina", Stance::Skeptical, None))
        .unwrap();
    let mina: ActorId = id("mina");
    assert_eq!(
        g.stance_of(&mina, &plan(), None).unwrap().stance,
        Stance::NonStarter
    );
    assert_eq!(
        g.stance_of(&mina, &plan(), Some(id("2025-11-21")))
            .unwrap()
            .stance,
        Stance::Support
    );
    // Before any dated statement only the undated one counts.
    assert_eq!(
        g.stance_of(&mina, &plan(), Some(id("2025-11-01")))
            .unwrap()
            .stance,
        Stance::Skeptical
    );
}

#[test]
fn on_the_same_date_curated_beats_extracted_then_confidence() {
    let mut g = small();
    let mut extracted = statement("mina", Stance::Support, Some("2025-11-20"));
    extracted.origin = Origin::Extracted {
        cue: "backs".into(),
        pattern: Pattern::NameSaid,
        model: None,
    };
    g.add_statement(id("a-extracted"), extracted).unwrap();
    let mut low = statement("mina", Stance::Skeptical, Some("2025-11-20"));
    low.confidence = Some(0.4);
    g.add_statement(id("b-curated-low"), low).unwrap();
    let mut high = statement("mina", Stance::NonStarter, Some("2025-11-20"));
    high.confidence = Some(0.9);
    g.add_statement(id("c-curated-high"), high).unwrap();
    let e = g.stance_of(&id("mina"), &plan(), None).unwrap();
    assert_eq!(
        (e.stance, e.statement),
        (Stance::NonStarter, Some(id("c-curated-high")))
    );
    g.remove_statement(&id("c-curated-high")).unwrap();
    assert_eq!(
        g.stance_of(&id("mina"), &plan(), None).unwrap().stance,
        Stance::Skeptical
    );
    g.remove_statement(&id("b-curated-low")).unwrap();
    assert_eq!(
        g.stance_of(&id("mina"), &plan(), None).unwrap().stance,
        Stance::Support
    );
}

#[test]
fn a_spokesperson_speaks_for_the_principal() {
    let mut g = small();
    let mut s = statement("sam", Stance::Skeptical, Some("2025-11-21"));
    s.on_behalf_of = Some(id("mina"));
    g.add_statement(id("sam-1"), s).unwrap();
    assert_eq!(
        g.stance_of(&id("mina"), &plan(), None).unwrap().stance,
        Stance::Skeptical
    );
    assert_eq!(g.stance_of(&id("sam"), &plan(), None), None);
    assert_eq!(g.statements_by(&id("sam")).len(), 1);
    assert_eq!(g.statements_for(&id("mina")).len(), 1);
    assert!(g.statements_for(&id("sam")).is_empty());
}

#[test]
fn a_proponent_supports_its_proposal_unless_a_statement_says_otherwise() {
    let mut g = small();
    let usa: ActorId = id("usa");
    assert_eq!(
        g.stance_of(&usa, &plan(), None),
        Some(Effective {
            stance: Stance::Support,
            statement: None
        })
    );
    g.add_statement(id("usa-1"), statement("usa", Stance::Skeptical, None))
        .unwrap();
    assert_eq!(
        g.stance_of(&usa, &plan(), None).unwrap().stance,
        Stance::Skeptical
    );
}

#[test]
fn effective_stances_agree_with_stance_of() {
    let mut g = small();
    g.add_statement(
        id("s1"),
        statement("mina", Stance::Support, Some("2025-11-20")),
    )
    .unwrap();
    g.add_statement(id("s2"), statement("mina", Stance::NonStarter, None))
        .unwrap();
    let mut p = Statement::new(
        id("mina"),
        Target::Point(id("plan/7")),
        Stance::NonStarter,
        Attribution::DirectQuote,
    );
    p.date = Some(id("2025-11-19"));
    g.add_statement(id("s3"), p).unwrap();
    for as_of in [None, Some(id("2025-11-19")), Some(id("2025-11-25"))] {
        let all = g.effective_stances(as_of);
        for ((a, t), e) in &all {
            assert_eq!(
                g.stance_of(a, t, as_of).as_ref(),
                Some(e),
                "{a} on {t} as of {as_of:?}"
            );
        }
        assert_eq!(all.len(), 3, "mina on plan and on point 7, usa on plan");
    }
}

#[test]
fn names_and_aliases_resolve() {
    let g = small();
    assert_eq!(g.resolve_actor("mina").map(ActorId::as_str), Some("mina"));
    assert_eq!(g.resolve_actor("MINA").map(ActorId::as_str), Some("mina"));
    assert_eq!(
        g.resolve_actor("Minister Mina").map(ActorId::as_str),
        Some("mina")
    );
    assert_eq!(g.resolve_actor("nobody"), None);
    assert_eq!(g.resolve_target("28-Point Plan"), Some(plan()));
    assert_eq!(
        g.resolve_target("plan/7"),
        Some(Target::Point(id("plan/7")))
    );
    assert_eq!(g.resolve_target("plan/8"), None);
}

#[test]
fn edits_keep_the_index_in_step() {
    let mut g = small();
    g.add_statement(id("s1"), statement("mina", Stance::Support, None))
        .unwrap();
    assert_eq!(g.statements_on(&plan()).len(), 1);
    // A statement about an unknown actor, target or source is refused.
    assert!(
        g.add_statement(id("s2"), statement("ghost", Stance::Support, None))
            .is_err()
    );
    let mut bad = statement("mina", Stance::Support, None);
    bad.target = Target::Point(id("plan/99"));
    assert!(g.add_statement(id("s2"), bad).is_err());
    assert!(
        g.add_statement(id("s1"), statement("mina", Stance::Support, None))
            .is_err(),
        "duplicate id"
    );
    // Removing an actor others refer to is refused; its own statements go with it.
    let err = g.remove_actor(&id("mina")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "actor `mina` is still referred to by actor `sam`"
    );
    g.remove_actor(&id("sam")).unwrap();
    let (actor, removed) = g.remove_actor(&id("mina")).unwrap();
    assert_eq!(actor.name, "Minister Mina");
    assert_eq!(removed.len(), 1);
    assert!(g.statements_on(&plan()).is_empty());
    assert_eq!(
        g.petgraph().edge_count(),
        1,
        "only point 7's part-of edge is left"
    );
    assert!(validate::check(g.document()).is_empty());
    // The graph still saves and loads.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.ron");
    g.save(&path).unwrap();
    assert_eq!(StanceGraph::load(&path).unwrap().document(), g.document());
}

#[test]
fn an_undated_statement_counts_from_its_sources_publication() {
    let mut g = small();
    let mut source = Source::new("Morning paper");
    source.published = Some(id("2025-11-22"));
    g.add_source(id("paper"), source).unwrap();
    let mut reported = statement("mina", Stance::NonStarter, None);
    reported.evidence = Some(Evidence {
        source: id("paper"),
        quote: "Mina rejected the plan".into(),
        span: None,
    });
    g.add_statement(id("s1"), reported).unwrap();
    g.add_statement(id("s2"), statement("bloc", Stance::Skeptical, None))
        .unwrap();
    let mina: ActorId = id("mina");
    let bloc: ActorId = id("bloc");
    let before = Some(id("2025-11-21"));
    let on_the_day = Some(id("2025-11-22"));
    // Reported on the 22nd: not known to have been said by the 21st.
    assert_eq!(g.stance_of(&mina, &plan(), before), None);
    assert_eq!(
        g.stance_of(&mina, &plan(), on_the_day).map(|e| e.stance),
        Some(Stance::NonStarter)
    );
    assert!(
        !g.effective_stances(before)
            .contains_key(&(mina.clone(), plan()))
    );
    assert!(
        g.effective_stances(on_the_day)
            .contains_key(&(mina, plan()))
    );
    // With no date anywhere, nothing places it after the day: it counts.
    assert_eq!(
        g.stance_of(&bloc, &plan(), before).map(|e| e.stance),
        Some(Stance::Skeptical)
    );
}
