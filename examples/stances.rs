//! Prints who stands where on each proposal of a graph, and checks a few stances
//! the way a project's own tests would.
//!
//! Run: `cargo run --example stances [GRAPH.ron]` (the curated graph by default).

use std::process::ExitCode;

use stancegraph::{Stance, StanceGraph, Target, assert_stance};

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "graphs/geneva-talks-2025-11.ron".into());
    let graph = match StanceGraph::load(&path) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let stances = graph.effective_stances(None);
    for (pid, proposal) in graph.proposals() {
        println!("{}", proposal.title);
        let target = Target::Proposal(pid.clone());
        for stance in Stance::ALL.into_iter().rev() {
            let names: Vec<&str> = stances
                .iter()
                .filter(|((_, t), e)| *t == target && e.stance == stance)
                .filter_map(|((a, _), _)| graph.actor(a).map(|a| a.name.as_str()))
                .collect();
            if !names.is_empty() {
                println!("  {stance:<11} {}", names.join(", "));
            }
        }
    }
    if path.ends_with("geneva-talks-2025-11.ron") {
        // What an analyst's regression test looks like: it fails loudly, naming the
        // stance found and its evidence, if someone edits the graph the wrong way.
        assert_stance!(graph, "Zelenksyy" => "28-point plan", Stance::Skeptical);
        assert_stance!(graph, "European leaders" => "us-28-point-plan", Stance::NonStarter);
        assert_stance!(graph, "Umerov" => "us-28-point-plan", None);
    }
    ExitCode::SUCCESS
}
