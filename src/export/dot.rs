//! Graphviz DOT export.
//!
//! The picture should explain the situation at a glance: actors grouped in boxes by
//! the country or bloc they belong to, one arrow per actor and target carrying the
//! actor's effective stance, coloured *and* styled so that it reads in greyscale and
//! for colour-blind readers, a legend of the stances shown, and the evidence in each
//! arrow's tooltip. The output is a pure function of the graph and the options, so
//! the same graph always gives the same bytes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{ExportOptions, View};
use crate::Result;
use crate::graph::StanceGraph;
use crate::model::{ActorId, ActorKind, Relation, Relay, Stance, Statement, Target};

/// How each stance is drawn: colour (Okabe-Ito-like, distinct for colour-blind
/// readers), line style, arrowhead and width, so that no reader depends on colour.
struct Look {
    color: &'static str,
    style: &'static str,
    arrowhead: &'static str,
    penwidth: &'static str,
}

fn look(stance: Stance) -> Look {
    match stance {
        Stance::Support => Look {
            color: "#009E73",
            style: "solid",
            arrowhead: "normal",
            penwidth: "2",
        },
        Stance::Skeptical => Look {
            color: "#E69F00",
            style: "dashed",
            arrowhead: "empty",
            penwidth: "2",
        },
        Stance::NonStarter => Look {
            color: "#D55E00",
            style: "bold",
            arrowhead: "tee",
            penwidth: "3.5",
        },
    }
}

/// Escapes text for a double-quoted DOT string so that any text renders as itself:
/// backslashes and quotes are escaped, line breaks become `\n`, other control
/// characters are dropped, and `&` is written as an entity because Graphviz decodes
/// entities in labels.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn actor_node(id: &ActorId) -> String {
    escape(&format!("actor:{id}"))
}

fn target_node(t: &Target) -> String {
    escape(&format!("{}:{t}", t.kind()))
}

/// Renders the graph as DOT.
pub fn export_dot(graph: &StanceGraph, opts: &ExportOptions) -> Result<String> {
    render(graph, opts, None)
}

/// What the map of the HTML page ([`super::export_html`]) needs beyond the picture:
/// an element id on every actor, target and stance arrow for the page's script, and
/// an arrow for every stance an actor takes on a target on some day of the page's
/// timeline, the script showing the one in force on the day chosen. The page draws
/// its own tallies, legend and evidence links, so the map leaves them out.
pub(crate) struct ForPage<'a> {
    /// The stances of each actor on each target over the timeline, in
    /// [`Stance::ALL`] order; a pair missing here has only its effective stance.
    pub stances: &'a HashMap<(ActorId, Target), Vec<Stance>>,
}

/// Renders the map the HTML page embeds.
pub(crate) fn export_page_dot(
    graph: &StanceGraph,
    opts: &ExportOptions,
    page: &ForPage,
) -> Result<String> {
    render(graph, opts, Some(page))
}

/// The element id of an actor's node in the page's map.
pub(crate) fn actor_svg_id(id: &ActorId) -> String {
    format!("sg-actor:{id}")
}

/// The element id of a target's node in the page's map (kinds keep a claim and a
/// proposal of the same id apart).
pub(crate) fn target_svg_id(t: &Target) -> String {
    format!("sg-{}:{t}", t.kind())
}

/// The element id of the arrow of one stance of an actor on a target. Ids are slugs,
/// so the colons keep every combination distinct.
pub(crate) fn stance_svg_id(actor: &ActorId, t: &Target, stance: Stance) -> String {
    format!("sg-stance:{actor}:{}:{t}:{stance}", t.kind())
}

/// The picture's title: the proposal or actor in focus, and the date, if any.
pub(crate) fn title(graph: &StanceGraph, opts: &ExportOptions) -> String {
    let doc = graph.document();
    let title = match (&opts.proposal, &opts.focus) {
        (Some(p), _) => doc
            .proposals
            .get(p)
            .map_or_else(|| p.to_string(), |p| p.title.clone()),
        (None, Some(a)) => doc
            .actors
            .get(a)
            .map_or_else(|| a.to_string(), |a| a.name.clone()),
        (None, None) => "Who stands where".into(),
    };
    match opts.as_of {
        Some(d) => format!("{title} (as of {d})"),
        None => title,
    }
}

fn render(graph: &StanceGraph, opts: &ExportOptions, page: Option<&ForPage>) -> Result<String> {
    let view = View::new(graph, opts)?;
    let doc = graph.document();
    let mut out = String::with_capacity(256 + 200 * (view.actors.len() + view.effective.len()));
    let mut title = title(graph, opts);
    // One line per proposal with its tally, so the picture's headline is the answer.
    for t in &view.targets {
        let Target::Proposal(p) = t else { continue };
        let tally: Vec<String> = Stance::ALL
            .into_iter()
            .rev()
            .filter_map(|s| {
                let n = view
                    .effective
                    .iter()
                    .filter(|((_, on), e)| on == t && e.stance == s)
                    .count();
                (n > 0).then(|| format!("{n} {s}"))
            })
            .collect();
        if !tally.is_empty() {
            let name = doc
                .proposals
                .get(p)
                .map_or(p.as_str(), |p| p.title.as_str());
            title.push_str(&format!("\n{name}: {}", tally.join(" \u{b7} ")));
        }
    }
    // Writing to a String cannot fail; `let _ =` keeps that out of the way below.
    let _ = writeln!(out, "digraph stancegraph {{");
    // The page shows the title and counts for the day chosen above its map instead.
    let label = match page {
        None => format!(", labelloc=t, label={}", escape(&title)),
        Some(_) => String::new(),
    };
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, nodesep=0.25, ranksep=1.2, fontname=\"Helvetica\", fontsize=16{label}];"
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#FFFFFF\", color=\"#555555\"];"
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\"];"
    );

    let sides = Sides::new(graph, &view);
    write_actors(&mut out, graph, &view, &sides);
    write_targets(&mut out, graph, &view, &sides);
    write_stances(&mut out, graph, &view, &sides, page);
    write_structure(&mut out, graph, &view);
    match page {
        None => write_legend(&mut out, &view),
        Some(_) => write_node_ids(&mut out, &view),
    }
    out.push_str("}\n");
    Ok(out)
}

/// The page's element ids and classes on every actor and target, set on each node
/// again after it is drawn (a node keeps its box when named again outside it).
fn write_node_ids(out: &mut String, view: &View) {
    for a in &view.actors {
        let _ = writeln!(
            out,
            "  {} [id={}, class=\"actor\"];",
            actor_node(a),
            escape(&actor_svg_id(a))
        );
    }
    for t in &view.targets {
        let _ = writeln!(
            out,
            "  {} [id={}, class={}];",
            target_node(t),
            escape(&target_svg_id(t)),
            escape(&format!("target {}", t.kind()))
        );
    }
}

/// Actors, nested in boxes by their first containment tie (a minister inside the
/// government, a country inside its bloc). An actor with members becomes a box with
/// its own node inside.
fn write_actors(out: &mut String, graph: &StanceGraph, view: &View, sides: &Sides) {
    let doc = graph.document();
    let children = &sides.children;
    let speakers: HashSet<&ActorId> = view
        .effective
        .iter()
        .map(|((a, _), _)| a)
        .chain(
            view.statements
                .iter()
                .filter_map(|s| doc.statements.get(s).map(|s| &s.actor)),
        )
        .collect();
    // Depth-first from the roots; `seen` guards against loops in an unvalidated graph.
    let mut seen: HashSet<&ActorId> = HashSet::new();
    fn walk<'a>(
        out: &mut String,
        graph: &'a StanceGraph,
        id: &'a ActorId,
        depth: usize,
        children: &HashMap<Option<&'a ActorId>, Vec<&'a ActorId>>,
        speakers: &HashSet<&'a ActorId>,
        seen: &mut HashSet<&'a ActorId>,
    ) {
        if !seen.insert(id) {
            return;
        }
        let Some(actor) = graph.actor(id) else { return };
        let pad = "  ".repeat(depth + 1);
        let kids = children
            .get(&Some(id))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut label = actor.name.clone();
        if let Some(t) = actor.titles.first() {
            label.push('\n');
            label.push_str(t);
        }
        let (shape, fill) = match actor.kind {
            ActorKind::Person => ("box", "#FFFFFF"),
            ActorKind::Country | ActorKind::Government => ("box", "#E8EEF7"),
            ActorKind::Bloc | ActorKind::Organization => ("box", "#EEE8F5"),
            ActorKind::Party | ActorKind::Group => ("box", "#F2F2F2"),
        };
        // Actors with no stance in view are drawn faint: present, but silent.
        let font = if speakers.contains(id) {
            "#000000"
        } else {
            "#777777"
        };
        let node = format!(
            "{pad}{} [label={}, shape={shape}, fillcolor=\"{fill}\", fontcolor=\"{font}\", tooltip={}];\n",
            actor_node(id),
            escape(&label),
            escape(&format!("{} ({})", actor.name, actor.kind.as_str())),
        );
        if kids.is_empty() {
            out.push_str(&node);
            return;
        }
        let _ = writeln!(
            out,
            "{pad}subgraph {} {{",
            escape(&format!("cluster_actor:{id}"))
        );
        let _ = writeln!(
            out,
            "{pad}  graph [label={}, style=\"rounded,filled\", fillcolor=\"{}\", color=\"#999999\", fontsize=13];",
            escape(&actor.name),
            if depth.is_multiple_of(2) {
                "#F7F7F7"
            } else {
                "#FFFFFF"
            }
        );
        out.push_str("  ");
        out.push_str(&node);
        for kid in kids {
            walk(out, graph, kid, depth + 1, children, speakers, seen);
        }
        let _ = writeln!(out, "{pad}}}");
    }
    for root in children.get(&None).cloned().unwrap_or_default() {
        walk(out, graph, root, 0, children, &speakers, &mut seen);
    }
    // Anything left is on a loop of ties with no root; draw it plainly.
    for id in &view.actors {
        if !seen.contains(id) {
            walk(out, graph, id, 0, &HashMap::new(), &speakers, &mut seen);
        }
    }
    // The right-hand column: one rank, placed after the targets by a hidden edge
    // (its silent actors have no arrow of their own to place them).
    let right: Vec<String> = view
        .actors
        .iter()
        .filter(|a| sides.right.contains(a))
        .map(actor_node)
        .collect();
    if let (Some(first), Some(target)) = (right.first(), view.targets.first()) {
        let _ = writeln!(out, "  {{ rank=same; {}; }}", right.join("; "));
        let _ = writeln!(out, "  {} -> {first} [style=invis];", target_node(target));
    }
}

/// Each shown actor's children in the containment tree (`None` holds the roots),
/// by its first containment tie to another shown actor.
fn containment<'a>(
    graph: &'a StanceGraph,
    view: &'a View,
) -> HashMap<Option<&'a ActorId>, Vec<&'a ActorId>> {
    let doc = graph.document();
    let shown: HashSet<&ActorId> = view.actors.iter().collect();
    let parent = |id: &ActorId| -> Option<&'a ActorId> {
        doc.actors
            .get(id)?
            .affiliations
            .iter()
            .find(|f| f.rel.is_containment() && shown.contains(&f.actor))
            .map(|f| &f.actor)
    };
    let mut children: HashMap<Option<&ActorId>, Vec<&ActorId>> = HashMap::new();
    for id in &view.actors {
        children.entry(parent(id)).or_default().push(id);
    }
    children
}

/// Above this many actors, the boxes are split into a column each side of the
/// targets, so that a large graph is drawn about as wide as it is tall.
const ONE_COLUMN: usize = 6;

/// Where each arrow ends. Actor boxes (whole top-level boxes, never split) go in
/// two columns, one each side of the targets; every arrow ends at its own port on
/// its target's near side, in the order its actor is drawn, so no arrowhead lands
/// on another.
struct Sides<'a> {
    /// The containment tree the boxes are drawn from ([`containment`]).
    children: HashMap<Option<&'a ActorId>, Vec<&'a ActorId>>,
    /// Actors drawn right of the targets.
    right: HashSet<&'a ActorId>,
    /// The port of each stance arrow on its target: `l0`, `l1`, ... or `r0`, ...
    port: HashMap<(&'a ActorId, &'a Target), String>,
    /// How many ports each target has on its left and on its right.
    ports: HashMap<&'a Target, (usize, usize)>,
}

impl<'a> Sides<'a> {
    fn new(graph: &'a StanceGraph, view: &'a View) -> Self {
        let children = containment(graph, view);
        // Top-level boxes in drawing order, each with its actors depth-first.
        let mut seen: HashSet<&ActorId> = HashSet::new();
        let mut groups: Vec<Vec<&ActorId>> = Vec::new();
        let roots = children.get(&None).cloned().unwrap_or_default();
        for root in roots.into_iter().chain(&view.actors) {
            let mut group = Vec::new();
            let mut stack = vec![root];
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                group.push(id);
                if let Some(kids) = children.get(&Some(id)) {
                    stack.extend(kids.iter().rev());
                }
            }
            if !group.is_empty() {
                groups.push(group);
            }
        }
        let total: usize = groups.iter().map(Vec::len).sum();
        let mut right = HashSet::new();
        if total > ONE_COLUMN {
            let mut left = 0;
            for g in &groups {
                // A box goes left while that keeps the left column nearer half.
                let nearer_half = (left + g.len()).abs_diff(total / 2) < left.abs_diff(total / 2);
                if left == 0 || (right.is_empty() && nearer_half) {
                    left += g.len();
                } else {
                    right.extend(g.iter().copied());
                }
            }
        }
        let order: HashMap<&ActorId, usize> = groups
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, a)| (*a, i))
            .collect();
        let targets: HashSet<&Target> = view.targets.iter().collect();
        let mut arrows: Vec<(&ActorId, &Target)> = view
            .effective
            .iter()
            .map(|((a, t), _)| (a, t))
            .filter(|(a, t)| order.contains_key(a) && targets.contains(t))
            .collect();
        arrows.sort_by_key(|(a, _)| order.get(a).copied().unwrap_or(usize::MAX));
        let mut port = HashMap::new();
        let mut ports: HashMap<&Target, (usize, usize)> = HashMap::new();
        for (a, t) in arrows {
            let (l, r) = ports.entry(t).or_default();
            let name = if right.contains(a) {
                *r += 1;
                format!("r{}", *r - 1)
            } else {
                *l += 1;
                format!("l{}", *l - 1)
            };
            port.insert((a, t), name);
        }
        Self {
            children,
            right,
            port,
            ports,
        }
    }
}

/// Proposals, their points, and claims, all kept in one rank column on the right.
fn write_targets(out: &mut String, graph: &StanceGraph, view: &View, sides: &Sides) {
    let doc = graph.document();
    for t in &view.targets {
        let (label, shape, fill, tip) = match t {
            Target::Proposal(p) => {
                let Some(prop) = doc.proposals.get(p) else {
                    continue;
                };
                let mut tip = prop.title.clone();
                if let Some(a) = &prop.proponent {
                    let who = doc.actors.get(a).map_or(a.as_str(), |a| a.name.as_str());
                    tip.push_str(&format!("\nproposed by {who}"));
                }
                if let Some(d) = prop.date {
                    tip.push_str(&format!(", {d}"));
                }
                (prop.title.clone(), "box", "#FFF3C4", tip)
            }
            Target::Point(p) => {
                let text = doc
                    .proposals
                    .get(&p.proposal)
                    .and_then(|prop| prop.points.get(&p.n))
                    .map_or("", |pt| pt.text.as_str());
                (
                    format!("Point {}: {}", p.n, wrap(text, 40)),
                    "box",
                    "#FFF9E3",
                    text.to_owned(),
                )
            }
            Target::Claim(c) => {
                let text = doc.claims.get(c).map_or("", |c| c.text.as_str());
                (
                    format!("Claim: {}", wrap(text, 40)),
                    "note",
                    "#F4F4F4",
                    text.to_owned(),
                )
            }
        };
        let (left, right) = sides.ports.get(t).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}, style=\"filled\", fillcolor=\"{fill}\", penwidth=1.5, tooltip={}];",
            target_node(t),
            ported_label(&label, left, right),
            escape(&tip)
        );
    }
    if view.targets.len() > 1 {
        let ids: Vec<String> = view.targets.iter().map(target_node).collect();
        let _ = writeln!(out, "  {{ rank=same; {}; }}", ids.join("; "));
    }
}

/// A target's label as an HTML-like table: the text in the middle, and a column of
/// slim cells down each side, one per arrow arriving from that side, each a port.
fn ported_label(text: &str, left: usize, right: usize) -> String {
    let rows = left.max(right).max(1);
    let cell = |side: char, i: usize, n: usize| {
        if i < n {
            format!("<TD PORT=\"{side}{i}\" WIDTH=\"2\" HEIGHT=\"18\"></TD>")
        } else {
            "<TD WIDTH=\"2\" HEIGHT=\"18\"></TD>".to_owned()
        }
    };
    let mut out =
        String::from("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">");
    for i in 0..rows {
        out.push_str("<TR>");
        out.push_str(&cell('l', i, left));
        if i == 0 {
            let _ = write!(
                out,
                "<TD ROWSPAN=\"{rows}\" CELLPADDING=\"4\">{}</TD>",
                html(text)
            );
        }
        out.push_str(&cell('r', i, right));
        out.push_str("</TR>");
    }
    out.push_str("</TABLE>>");
    out
}

/// Escapes text for an HTML-like label: entities for markup characters, `<BR/>`
/// for line breaks, other control characters dropped.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<BR/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Breaks text into lines of about `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

/// One arrow per actor and target: the effective stance, with its evidence. For the
/// page, one arrow per stance the pair takes on some day, each with its element id,
/// the evidence left to the page's panel.
fn write_stances(
    out: &mut String,
    graph: &StanceGraph,
    view: &View,
    sides: &Sides,
    page: Option<&ForPage>,
) {
    let doc = graph.document();
    let shown: HashSet<&ActorId> = view.actors.iter().collect();
    let targets: HashSet<&Target> = view.targets.iter().collect();
    for ((actor, target), eff) in &view.effective {
        if !shown.contains(actor) || !targets.contains(target) {
            continue;
        }
        let who = doc
            .actors
            .get(actor)
            .map_or(actor.as_str(), |a| a.name.as_str());
        let on_right = sides.right.contains(actor);
        let port = sides
            .port
            .get(&(actor, target))
            .map_or_else(String::new, |p| format!(":{}", escape(p)));
        // From the right-hand column the arrow is drawn target to actor, reversed,
        // so that the ranks run actors, targets, actors.
        let (from, to) = if on_right {
            (
                format!("{}{port}:e", target_node(target)),
                actor_node(actor),
            )
        } else {
            (
                actor_node(actor),
                format!("{}{port}:w", target_node(target)),
            )
        };
        let styled = |stance: Stance| {
            let l = look(stance);
            format!(
                "color=\"{}\", style={}, {}={}, penwidth={}",
                l.color,
                l.style,
                if on_right {
                    "dir=back, arrowtail"
                } else {
                    "arrowhead"
                },
                l.arrowhead,
                l.penwidth
            )
        };
        if let Some(page) = page {
            let key = (actor.clone(), target.clone());
            let stances = page
                .stances
                .get(&key)
                .map_or_else(|| vec![eff.stance], Clone::clone);
            for stance in stances {
                let tip = format!("{who} on {target}: {stance} (select for the evidence)");
                let _ = writeln!(
                    out,
                    "  {from} -> {to} [{}, id={}, class={}, tooltip={}, edgetooltip={}];",
                    styled(stance),
                    escape(&stance_svg_id(actor, target, stance)),
                    escape(&format!("stance {stance}")),
                    escape(&tip),
                    escape(&tip)
                );
            }
            continue;
        }
        let mut attrs = styled(eff.stance);
        let statement = eff
            .statement
            .as_ref()
            .and_then(|s| doc.statements.get(s).map(|st| (s, st)));
        let tip = match statement {
            Some((_, s)) => {
                let url = s
                    .evidence
                    .as_ref()
                    .and_then(|e| doc.sources.get(&e.source))
                    .and_then(|src| src.url.as_ref());
                if let Some(url) = url {
                    attrs.push_str(&format!(", URL={}", escape(url)));
                }
                tooltip(graph, who, target, s)
            }
            None => format!("{who}: {} (proponent)", eff.stance),
        };
        let _ = writeln!(
            out,
            "  {from} -> {to} [{attrs}, tooltip={}, edgetooltip={}];",
            escape(&tip),
            escape(&tip)
        );
    }
}

fn tooltip(graph: &StanceGraph, who: &str, target: &Target, s: &Statement) -> String {
    let doc = graph.document();
    let mut tip = format!("{who} on {target}: {}", s.stance);
    if s.on_behalf_of.is_some() {
        let speaker = doc
            .actors
            .get(&s.actor)
            .map_or(s.actor.as_str(), |a| a.name.as_str());
        tip.push_str(&format!(" (said by {speaker})"));
    }
    if let Some(ev) = &s.evidence {
        tip.push_str(&format!("\n\u{201c}{}\u{201d}", ev.quote));
        let src = doc.sources.get(&ev.source);
        tip.push_str(&format!(
            "\nsource: {}",
            src.map_or(ev.source.as_str(), |s| s.title.as_str())
        ));
        if let Some(url) = src.and_then(|s| s.url.as_ref()) {
            tip.push_str(&format!(" <{url}>"));
        }
    }
    tip.push_str(&format!(
        "\ndate: {}",
        s.date
            .map_or_else(|| "undated".to_owned(), |d| d.to_string())
    ));
    match &s.reported_by {
        Some(Relay::Actor(a)) => tip.push_str(&format!(
            "\nreported by {}",
            doc.actors.get(a).map_or(a.as_str(), |a| a.name.as_str())
        )),
        Some(Relay::Unnamed(d)) => tip.push_str(&format!("\nreported by {d}")),
        None => {}
    }
    if s.anonymous {
        tip.push_str("\nunnamed source");
    }
    for c in &s.conditions {
        tip.push_str(&format!("\ncondition: {c}"));
    }
    tip
}

/// Ties that are not stances: spokespeople, proponents, counterproposals, points.
fn write_structure(out: &mut String, graph: &StanceGraph, view: &View) {
    let doc = graph.document();
    let shown: HashSet<&ActorId> = view.actors.iter().collect();
    let targets: HashSet<&Target> = view.targets.iter().collect();
    let quiet =
        "color=\"#AAAAAA\", fontcolor=\"#777777\", style=dotted, arrowhead=vee, constraint=false";
    for id in &view.actors {
        let Some(a) = doc.actors.get(id) else {
            continue;
        };
        for f in a
            .affiliations
            .iter()
            .filter(|f| f.rel == Relation::SpeaksFor && shown.contains(&f.actor))
        {
            let _ = writeln!(
                out,
                "  {} -> {} [label=\"speaks for\", {quiet}];",
                actor_node(id),
                actor_node(&f.actor)
            );
        }
    }
    for t in &view.targets {
        match t {
            Target::Proposal(p) => {
                let Some(prop) = doc.proposals.get(p) else {
                    continue;
                };
                for (rel, other) in [
                    ("counter to", &prop.counter_to),
                    ("revision of", &prop.revision_of),
                ] {
                    if let Some(o) = other {
                        let o = Target::Proposal(o.clone());
                        if targets.contains(&o) {
                            let _ = writeln!(
                                out,
                                "  {} -> {} [label={}, {quiet}];",
                                target_node(t),
                                target_node(&o),
                                escape(rel)
                            );
                        }
                    }
                }
            }
            Target::Point(p) => {
                let parent = Target::Proposal(p.proposal.clone());
                if targets.contains(&parent) {
                    let _ = writeln!(
                        out,
                        "  {} -> {} [{quiet}, style=solid, arrowhead=none];",
                        target_node(t),
                        target_node(&parent)
                    );
                }
            }
            Target::Claim(_) => {}
        }
    }
}

/// A legend with one sample arrow per stance drawn.
fn write_legend(out: &mut String, view: &View) {
    let targets: HashSet<&Target> = view.targets.iter().collect();
    let shown: HashSet<&ActorId> = view.actors.iter().collect();
    let present: Vec<Stance> = Stance::ALL
        .into_iter()
        .rev()
        .filter(|s| {
            view.effective
                .iter()
                .any(|((a, t), e)| e.stance == *s && shown.contains(a) && targets.contains(t))
        })
        .collect();
    if present.is_empty() {
        return;
    }
    out.push_str("  subgraph \"cluster_legend\" {\n");
    out.push_str(
        "    graph [label=\"Stance\", style=\"rounded\", color=\"#999999\", fontsize=12];\n",
    );
    for s in &present {
        let l = look(*s);
        let from = escape(&format!("legend:{s}:from"));
        let to = escape(&format!("legend:{s}:to"));
        let _ = writeln!(
            out,
            "    {from} [label=\"\", shape=point, width=0.05, color=\"#555555\"];"
        );
        let _ = writeln!(
            out,
            "    {to} [label={}, shape=plaintext, style=\"\"];",
            escape(s.as_str())
        );
        let _ = writeln!(
            out,
            "    {from} -> {to} [color=\"{}\", style={}, arrowhead={}, penwidth={}];",
            l.color, l.style, l.arrowhead, l.penwidth
        );
    }
    out.push_str("  }\n");
}
