//! JSON export: the contract in DESIGN.md.

use serde_json::Value;
use stancegraph::*;

use crate::common;

fn export(opts: &ExportOptions) -> Value {
    let g = StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap();
    serde_json::from_str(&export_json(&g, opts).unwrap()).unwrap()
}

#[test]
fn follows_the_contract() {
    let v = export(&ExportOptions::default());
    assert_eq!(v["schema"], "stancegraph/1");
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (actors, proposals, claims, sources) = (
        ids("actors"),
        ids("proposals"),
        ids("claims"),
        ids("sources"),
    );
    for a in v["actors"].as_array().unwrap() {
        assert!(
            a["name"].is_string() && a["kind"].is_string() && a["aliases"].is_array(),
            "{a}"
        );
    }
    for p in v["proposals"].as_array().unwrap() {
        assert!(
            p["title"].is_string() && p["aliases"].is_array() && p["points"].is_array(),
            "{p}"
        );
    }
    let statements = v["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 17);
    for s in statements {
        assert!(
            actors.contains(&s["actor"].as_str().unwrap().to_owned()),
            "{s}"
        );
        let target = s["target"].as_str().unwrap().to_owned();
        match s["target_kind"].as_str().unwrap() {
            "proposal" => assert!(proposals.contains(&target)),
            "claim" => assert!(claims.contains(&target)),
            other => panic!("unexpected target kind {other}"),
        }
        assert!(["support", "skeptical", "non-starter"].contains(&s["stance"].as_str().unwrap()));
        assert!(s["date"].is_null() || s["date"].as_str().unwrap().len() == 10);
        assert!(
            s["quote"].is_string() && sources.contains(&s["source"].as_str().unwrap().to_owned())
        );
        let span = s["span"].as_array().unwrap();
        assert!(span[0].as_u64().unwrap() < span[1].as_u64().unwrap());
        assert!((0.0..=1.0).contains(&s["confidence"].as_f64().unwrap()));
    }
    let zel = statements
        .iter()
        .find(|s| s["actor"] == "zelenskyy")
        .unwrap();
    assert_eq!(zel["stance"], "skeptical");
    assert_eq!(zel["target"], "us-28-point-plan");
}

#[test]
fn is_deterministic_and_filtered_by_options() {
    let g = StanceGraph::load(common::path("graphs/geneva-talks-2025-11.ron")).unwrap();
    let opts = ExportOptions {
        proposal: Some("eu-counterproposal".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(
        export_json(&g, &opts).unwrap(),
        export_json(&g, &opts).unwrap()
    );
    let v = export(&opts);
    let statements = v["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["actor"], "antonio-costa");
    assert_eq!(v["proposals"].as_array().unwrap().len(), 1);
    let effective = v["effective"].as_array().unwrap();
    assert!(
        effective
            .iter()
            .any(|e| e["actor"] == "eu" && e["statement"].is_null()),
        "the proponent's implied support"
    );
}
