//! A deterministic generator of large graphs for the benchmarks.

#![allow(dead_code)]

use stancegraph::*;

/// A tiny linear congruential generator: deterministic and dependency-free, which is
/// all a benchmark input needs.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "plan",
    "deal",
    "basis",
    "real",
    "problems",
    "support",
    "reject",
    "talks",
    "peace",
    "security",
    "guarantees",
    "territory",
    "sovereignty",
    "urgent",
    "momentum",
    "partner",
    "dignity",
    "ceasefire",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    (0..words)
        .map(|_| WORDS[rng.below(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn id<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("generated ids are slugs")
}

/// A valid graph with `actors` actors (the first `blocs` of them blocs, every other
/// actor a member of one bloc), `proposals` proposals of 10 points each, and
/// `statements` statements spread over actors and targets with dates, evidence and
/// a mix of attributions, like a large curated graph.
pub fn generate(actors: usize, blocs: usize, proposals: usize, statements: usize) -> Document {
    let mut rng = Lcg::new(42);
    let mut doc = Document::default();
    for i in 0..actors {
        let is_bloc = i < blocs;
        let mut a = Actor::new(
            format!("Actor {i} {}", sentence(&mut rng, 2)),
            if is_bloc {
                ActorKind::Bloc
            } else {
                ActorKind::Person
            },
        );
        a.aliases = vec![format!("A{i}"), format!("Actor Number {i}")];
        if is_bloc {
            a.rule = Some(match i % 3 {
                0 => DecisionRule::Majority,
                1 => DecisionRule::Unanimity,
                _ => DecisionRule::Weighted(0.6),
            });
        } else {
            a.titles = vec![format!("Minister of {}", sentence(&mut rng, 1))];
            if blocs > 0 {
                a.affiliations.push(Affiliation::new(
                    Relation::MemberOf,
                    id(format!("actor-{}", rng.below(blocs))),
                ));
            }
            a.influence = Some(1.0 + (rng.below(40) as f64) / 10.0);
        }
        doc.actors.insert(id(format!("actor-{i}")), a);
    }
    for p in 0..proposals {
        let mut prop = Proposal::new(format!("Proposal {p}"));
        prop.aliases = vec![format!("the {p} plan")];
        prop.proponent = Some(id(format!("actor-{}", blocs + p)));
        for n in 1..=10 {
            prop.points.insert(
                n,
                Point {
                    text: sentence(&mut rng, 6),
                },
            );
        }
        doc.proposals.insert(id(format!("proposal-{p}")), prop);
    }
    let mut src = Source::new("Generated wire story");
    src.published = Some(Date::new(2025, 12, 31));
    doc.sources.insert(id("wire".into()), src);
    for s in 0..statements {
        let actor = blocs + rng.below(actors - blocs);
        let p = rng.below(proposals);
        let target = if rng.below(4) == 0 {
            Target::Point(PointId::new(
                id(format!("proposal-{p}")),
                1 + rng.below(10) as u32,
            ))
        } else {
            Target::Proposal(id(format!("proposal-{p}")))
        };
        let mut st = Statement::new(
            id(format!("actor-{actor}")),
            target,
            Stance::ALL[rng.below(3)],
            [
                Attribution::DirectQuote,
                Attribution::Paraphrase,
                Attribution::Inferred,
            ][rng.below(3)],
        );
        st.date = Some(Date::new(
            2025,
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        ));
        let start = rng.below(100_000);
        st.evidence = Some(Evidence {
            source: id("wire".into()),
            quote: sentence(&mut rng, 8),
            span: Some((start, start + 120)),
        });
        if rng.below(5) == 0 {
            st.confidence = Some(0.5 + rng.below(50) as f64 / 100.0);
        }
        doc.statements.insert(id(format!("s-{s}")), st);
    }
    doc
}
