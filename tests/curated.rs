//! The curated graph of the Geneva talks article: the stances a careful analyst
//! reads, and evidence that really is in the article.

use stancegraph::*;

use crate::common;

fn geneva() -> StanceGraph {
    StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap()
}

#[test]
fn stances_as_an_analyst_reads_them() {
    let g = geneva();
    let plan = "us-28-point-plan";
    // A hard choice is not a rejection.
    assert_stance!(g, "Zelenksyy" => plan, Stance::Skeptical);
    assert_stance!(g, "Volodmyr Zelenskyy" => plan, Stance::Skeptical);
    // "Lambasted", but his own words are skeptical, not a rejection.
    assert_stance!(g, "Rep. Mike Rogers" => "28-point plan", Stance::Skeptical);
    assert_stance!(g, "Shaheen" => plan, Stance::Skeptical);
    assert_stance!(g, "Democrats" => plan, Stance::Skeptical);
    assert_stance!(g, "European leaders" => plan, Stance::NonStarter);
    assert_stance!(g, "NATO allies" => plan, Stance::Skeptical);
    assert_stance!(g, "Driscoll" => plan, Stance::Support);
    assert_stance!(g, "Trump" => plan, Stance::Support);
    // Launching consultations is engagement, not endorsement.
    assert_stance!(g, "Umerov" => plan, None);
    // Backing Ukraine is not backing the plan; considering attending is no stance.
    assert_stance!(g, "United Kingdom" => plan, None);
    assert_stance!(g, "Germany" => plan, None);
    assert_stance!(g, "Costa" => "eu-counterproposal", Stance::Support);
    assert_stance!(g, "Costa" => plan, None);
    // As of Friday the European leaders had not yet met at the G20.
    assert_stance!(g, "European leaders" => plan, None, as_of = "2025-11-21");
    assert_stance!(g, "Shaheen" => "plan-written-by-russia", Stance::Support);
    assert_stance!(g, "Driscoll" => "plan-drafted-without-ukraine", Stance::NonStarter);
}

#[test]
fn relayed_statements_keep_who_relayed_them() {
    let g = geneva();
    let relayed: Vec<_> = g
        .statements_by(&"driscoll".parse().unwrap())
        .into_iter()
        .filter(|(_, s)| s.reported_by.is_some())
        .collect();
    assert!(
        relayed.len() >= 3,
        "Driscoll's remarks came through European officials"
    );
    assert!(relayed.iter().all(|(_, s)| s.anonymous));
    let butler: Vec<_> = g.statements_by(&"dave-butler".parse().unwrap());
    assert_eq!(butler.len(), 1);
    assert_eq!(
        butler[0].1.on_behalf_of.as_ref().map(ActorId::as_str),
        Some("driscoll")
    );
}

#[test]
fn the_counterproposal_is_told_apart_from_the_plan() {
    let g = geneva();
    let counter = g.proposal(&"eu-counterproposal".parse().unwrap()).unwrap();
    assert_eq!(
        counter.counter_to.as_ref().map(ProposalId::as_str),
        Some("us-28-point-plan")
    );
}

#[test]
fn evidence_is_short_and_inside_its_sentence() {
    let g = geneva();
    for (id, s) in g.statements() {
        let ev = s
            .evidence
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has evidence"));
        let words = ev.quote.split_whitespace().count();
        assert!(
            words <= 13,
            "{id}: quote of {words} words (at most about 12)"
        );
        assert!(ev.span.is_some(), "{id} has a span");
    }
    let Some(corpus) = common::corpus() else {
        return;
    };
    let text = std::fs::read_to_string(corpus.join("geneva-talks-2025-11-22.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for (id, s) in g.statements() {
        let ev = s.evidence.as_ref().unwrap();
        let (start, end) = ev.span.unwrap();
        assert!(end <= chars.len(), "{id}: span past the end");
        let sentence: String = chars[start..end].iter().collect();
        assert!(
            sentence.contains(&ev.quote),
            "{id}: {:?} is not in {sentence:?}",
            ev.quote
        );
        // The span is a whole sentence: it starts a line or follows a sentence end.
        let before = chars[..start].iter().rev().find(|c| !c.is_whitespace());
        assert!(
            matches!(before, None | Some('.' | '”' | '"' | '?' | '!')) || chars[start - 1] == '\n',
            "{id}: span starts mid-sentence"
        );
        assert!(
            matches!(sentence.chars().last(), Some('.' | '”' | '"' | '?' | '!')),
            "{id}: span ends mid-sentence: {sentence:?}"
        );
    }
    let sha = g
        .document()
        .sources
        .values()
        .next()
        .and_then(|s| s.sha256.clone());
    assert!(sha.is_some_and(|h| h.len() == 64));
}

#[test]
fn every_spelling_of_a_name_is_an_alias() {
    let g = geneva();
    let zel = g.actor(&"zelenskyy".parse().unwrap()).unwrap();
    for spelling in ["Zelenksyy", "Volodmyr Zelenskyy", "Zelensky", "Zelenskiy"] {
        assert!(zel.aliases.iter().any(|a| a == spelling), "{spelling}");
    }
}
