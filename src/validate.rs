//! Every problem in a graph, each located in the file where it can be.
//!
//! Validation never stops at the first problem: an analyst fixing a hand-edited file
//! wants the whole list at once.

use std::collections::{HashMap, HashSet};

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

pub use crate::error::Problem;
use crate::locate;
use crate::model::{Date, Document, Relay, Target};
use crate::store::Parsed;

/// Checks a parsed file: duplicate keys plus everything [`check`] finds, each
/// problem located in the file's text.
pub fn validate(parsed: &Parsed) -> Vec<Problem> {
    let mut problems: Vec<Problem> = parsed
        .duplicates
        .iter()
        .map(|d| {
            let what = match d.map.first().map(String::as_str) {
                Some(section) if d.map.len() == 1 => format!("{} id", singular(section)),
                _ => "key".into(),
            };
            let mut path = d.map.clone();
            path.push(d.key.clone());
            Problem {
                file: Some(parsed.path.clone()),
                location: Some(d.again),
                path,
                message: format!(
                    "duplicate {what} `{}` (first at line {}, column {}); only the last would be kept",
                    d.key, d.first.line, d.first.col
                ),
            }
        })
        .collect();
    let mut found = check(&parsed.doc);
    locate_all(&mut found, &parsed.text);
    for p in &mut found {
        p.file = Some(parsed.path.clone());
    }
    problems.extend(found);
    problems
}

/// Fills in each problem's location from its path, falling back to the nearest
/// enclosing item that the text names (a defaulted field has no text of its own).
pub fn locate_all(problems: &mut [Problem], text: &str) {
    let wanted: HashSet<Vec<String>> = problems
        .iter()
        .flat_map(|p| (1..=p.path.len()).map(|n| p.path[..n].to_vec()))
        .collect();
    let found = locate::locate(text, &wanted);
    for p in problems.iter_mut().filter(|p| p.location.is_none()) {
        p.location = (1..=p.path.len())
            .rev()
            .find_map(|n| found.get(&p.path[..n]).copied());
    }
}

fn singular(section: &str) -> &str {
    match section {
        "actors" => "actor",
        "proposals" => "proposal",
        "claims" => "claim",
        "sources" => "source",
        "statements" => "statement",
        other => other,
    }
}

/// Collects problems with paths but without file locations.
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, path: &[&str], message: String) {
        self.0.push(Problem {
            file: None,
            location: None,
            path: path.iter().map(|s| s.to_string()).collect(),
            message,
        });
    }

    fn date(&mut self, path: &[&str], what: &str, date: Option<Date>) {
        if let Some(d) = date.filter(|d| !d.is_valid()) {
            self.add(path, format!("{what}: {d} is not a calendar date"));
        }
    }
}

/// Checks a document's consistency: dangling ids, aliases claimed twice, impossible
/// dates, empty names, affiliation cycles, out-of-range numbers.
pub fn check(doc: &Document) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    check_actors(doc, &mut r);
    check_proposals(doc, &mut r);
    for (id, claim) in &doc.claims {
        if claim.text.trim().is_empty() {
            r.add(
                &["claims", id.as_str(), "text"],
                format!("claim `{id}` has an empty text"),
            );
        }
    }
    for (id, source) in &doc.sources {
        let at = |f| ["sources", id.as_str(), f];
        if source.title.trim().is_empty() {
            r.add(&at("title"), format!("source `{id}` has an empty title"));
        }
        r.date(
            &at("published"),
            &format!("source `{id}` published"),
            source.published,
        );
    }
    check_statements(doc, &mut r);
    r.0
}

fn check_actors(doc: &Document, r: &mut Report) {
    // Names and aliases compare case-insensitively: "Zelensky" and "zelensky" are the
    // same spelling to a reader.
    let mut owner: HashMap<String, &str> = HashMap::new();
    for (id, actor) in &doc.actors {
        let at = |f| ["actors", id.as_str(), f];
        if actor.name.trim().is_empty() {
            r.add(&at("name"), format!("actor `{id}` has an empty name"));
        }
        let mut own = HashSet::new();
        for (i, name) in actor.names().enumerate() {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                if i > 0 {
                    r.add(&at("aliases"), format!("actor `{id}` has an empty alias"));
                }
                continue;
            }
            if !own.insert(key.clone()) {
                if i > 0 {
                    r.add(&at("aliases"), format!("actor `{id}` lists `{name}` twice"));
                }
                continue;
            }
            match owner.get(&key) {
                Some(other) if *other != id.as_str() => r.add(
                    &at(if i == 0 { "name" } else { "aliases" }),
                    format!("`{name}` names both actor `{other}` and actor `{id}`"),
                ),
                _ => {
                    owner.insert(key, id.as_str());
                }
            }
        }
        for a in &actor.affiliations {
            if !doc.actors.contains_key(&a.actor) {
                r.add(
                    &at("affiliations"),
                    format!(
                        "actor `{id}` is affiliated with unknown actor `{}`",
                        a.actor
                    ),
                );
            } else if &a.actor == id {
                r.add(
                    &at("affiliations"),
                    format!("actor `{id}` is affiliated with itself"),
                );
            }
            let what = format!("actor `{id}` affiliation with `{}`", a.actor);
            r.date(&at("affiliations"), &what, a.since);
            r.date(&at("affiliations"), &what, a.until);
            if let (Some(s), Some(u)) = (a.since, a.until)
                && u < s
            {
                r.add(
                    &at("affiliations"),
                    format!("{what} ends ({u}) before it begins ({s})"),
                );
            }
        }
        if let Some(w) = actor.influence
            && (!w.is_finite() || w < 0.0)
        {
            r.add(
                &at("influence"),
                format!("actor `{id}` has influence {w}; it must be a number of 0 or more"),
            );
        }
        if let Some(crate::model::DecisionRule::Weighted(t)) = actor.rule
            && !(t > 0.0 && t <= 1.0)
        {
            r.add(&at("rule"), format!("actor `{id}` has a weighted rule threshold of {t}; it must be above 0 and at most 1"));
        }
    }
    check_cycles(doc, r);
}

/// An affiliation cycle is a loop through containment ties (member of, holds office
/// in, leads): A inside B inside A. Each cycle is reported once, at its first actor.
fn check_cycles(doc: &Document, r: &mut Report) {
    let mut g = DiGraph::<usize, ()>::with_capacity(doc.actors.len(), 0);
    let nodes: Vec<_> = (0..doc.actors.len()).map(|i| g.add_node(i)).collect();
    for (i, actor) in doc.actors.values().enumerate() {
        for a in actor.affiliations.iter().filter(|a| a.rel.is_containment()) {
            if let Some(j) = doc.actors.get_index_of(&a.actor)
                && i != j
            {
                g.add_edge(nodes[i], nodes[j], ());
            }
        }
    }
    let mut cycles: Vec<Vec<usize>> = tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut ids: Vec<usize> = scc.iter().map(|n| g[*n]).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    cycles.sort();
    for cycle in cycles {
        let names: Vec<&str> = cycle
            .iter()
            .filter_map(|i| doc.actors.get_index(*i).map(|(id, _)| id.as_str()))
            .collect();
        r.add(
            &["actors", names[0], "affiliations"],
            format!(
                "affiliation cycle: {} (and back) are inside each other",
                names.join(" -> ")
            ),
        );
    }
}

fn check_proposals(doc: &Document, r: &mut Report) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for (id, p) in &doc.proposals {
        let at = |f| ["proposals", id.as_str(), f];
        if p.title.trim().is_empty() {
            r.add(&at("title"), format!("proposal `{id}` has an empty title"));
        }
        for name in std::iter::once(&p.title).chain(&p.aliases) {
            let key = name.trim().to_lowercase();
            match owner.get(&key) {
                Some(other) if *other != id.as_str() => r.add(
                    &at("aliases"),
                    format!("`{name}` names both proposal `{other}` and proposal `{id}`"),
                ),
                _ => {
                    owner.insert(key, id.as_str());
                }
            }
        }
        if let Some(a) = &p.proponent
            && !doc.actors.contains_key(a)
        {
            r.add(
                &at("proponent"),
                format!("proposal `{id}` has unknown proponent `{a}`"),
            );
        }
        for (field, other) in [
            ("revision_of", &p.revision_of),
            ("counter_to", &p.counter_to),
        ] {
            if let Some(o) = other {
                if o == id {
                    r.add(&at(field), format!("proposal `{id}` is its own {field}"));
                } else if !doc.proposals.contains_key(o) {
                    r.add(
                        &at(field),
                        format!("proposal `{id}` {field} unknown proposal `{o}`"),
                    );
                }
            }
        }
        r.date(&at("date"), &format!("proposal `{id}` date"), p.date);
        for (n, point) in &p.points {
            if point.text.trim().is_empty() {
                let n = n.to_string();
                r.add(
                    &["proposals", id.as_str(), "points", &n],
                    format!("point {id}/{n} has an empty text"),
                );
            }
        }
    }
}

fn check_statements(doc: &Document, r: &mut Report) {
    for (id, s) in &doc.statements {
        let at = |f| ["statements", id.as_str(), f];
        if !doc.actors.contains_key(&s.actor) {
            r.add(
                &at("actor"),
                format!("statement `{id}` refers to unknown actor `{}`", s.actor),
            );
        }
        let target_ok = match &s.target {
            Target::Proposal(p) => doc.proposals.contains_key(p),
            Target::Point(p) => doc
                .proposals
                .get(&p.proposal)
                .is_some_and(|prop| prop.points.contains_key(&p.n)),
            Target::Claim(c) => doc.claims.contains_key(c),
        };
        if !target_ok {
            r.add(
                &at("target"),
                format!(
                    "statement `{id}` refers to unknown {} `{}`",
                    s.target.kind(),
                    s.target
                ),
            );
        }
        if let Some(a) = &s.on_behalf_of
            && !doc.actors.contains_key(a)
        {
            r.add(
                &at("on_behalf_of"),
                format!("statement `{id}` is on behalf of unknown actor `{a}`"),
            );
        }
        if let Some(Relay::Actor(a)) = &s.reported_by
            && !doc.actors.contains_key(a)
        {
            r.add(
                &at("reported_by"),
                format!("statement `{id}` is reported by unknown actor `{a}`"),
            );
        }
        r.date(&at("date"), &format!("statement `{id}` date"), s.date);
        if let Some(c) = s.confidence
            && !(0.0..=1.0).contains(&c)
        {
            r.add(
                &at("confidence"),
                format!("statement `{id}` has confidence {c}; it must be between 0 and 1"),
            );
        }
        let Some(ev) = &s.evidence else { continue };
        match doc.sources.get(&ev.source) {
            None => r.add(
                &at("evidence"),
                format!("statement `{id}` cites unknown source `{}`", ev.source),
            ),
            Some(src) => {
                if let (Some(said), Some(published)) = (s.date, src.published)
                    && said > published
                {
                    r.add(
                            &at("date"),
                            format!("statement `{id}` is dated {said}, after its source `{}` was published ({published})", ev.source),
                        );
                }
            }
        }
        if ev.quote.trim().is_empty() {
            r.add(
                &at("evidence"),
                format!("statement `{id}` has an empty evidence quote"),
            );
        }
        if let Some((start, end)) = ev.span
            && start >= end
        {
            r.add(
                &at("evidence"),
                format!("statement `{id}` has an empty or reversed span ({start}, {end})"),
            );
        }
    }
}
