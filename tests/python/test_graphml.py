"""GraphML exports read by NetworkX, checked against the graph's own JSON export."""

import io

import networkx as nx
import pytest

from exports import CURATED, OPTIONS, export_json, graphs, run

CASES = [(g, ()) for g in graphs()] + [(CURATED, o) for o in OPTIONS[1:]]


def read(graph, options):
    text = run("export", str(graph), "--format", "graphml", *options).stdout
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


def test_there_are_graphs_to_check():
    assert CURATED in graphs() and len(graphs()) > 10


@pytest.mark.parametrize("graph,options", CASES, ids=lambda c: str(c))
def test_networkx_reads_every_node_and_edge(graph, options):
    g = read(graph, options)
    doc = export_json(graph, *options)
    statements = {s["id"]: s for s in doc["statements"]}
    actors = {a["id"]: a for a in doc["actors"]}
    named = set(actors) | {s["actor"] for s in statements.values()}
    points = [pt for p in doc["proposals"] for pt in p["points"]]

    nodes = dict(g.nodes(data=True))
    kinds = [d["type"] for d in nodes.values()]
    assert kinds.count("actor") == len(named)
    assert kinds.count("claim") == len(doc["claims"])
    # Proposals and points the view shows (a proposal is listed whole in JSON).
    assert kinds.count("proposal") <= len(doc["proposals"])
    assert kinds.count("point") <= len(points)
    for a in actors.values():
        n = nodes[f"actor:{a['id']}"]
        assert n["name"] == a["name"] and n["kind"] == a["kind"]
        assert n["influence"] == pytest.approx(a["influence"])
        assert n.get("aliases", "") == "; ".join(a["aliases"])

    edges = [d for _, _, d in g.edges(data=True)]
    said = [d for d in edges if d["type"] == "statement"]
    assert len(said) == len(statements)
    effective = {(e["actor"], e["target"]): e for e in doc.get("effective", [])}
    for (u, v, d) in g.edges(data=True):
        if d["type"] != "statement":
            continue
        key = [k for k, e in g.get_edge_data(u, v).items() if e is d][0]
        s = statements[key.removeprefix("statement:")]
        assert u == f"actor:{s['actor']}"
        assert v == f"{s['target_kind']}:{s['target']}"
        assert d["stance"] == s["stance"]
        assert d["confidence"] == pytest.approx(s["confidence"])
        assert d.get("quote") == s["quote"]
        assert d.get("date") == s["date"]
        assert d["kind"] == s["attribution"]
        principal = s["on_behalf_of"] or s["actor"]
        eff = effective.get((principal, s["target"]))
        assert d.get("effective") == (eff["stance"] if eff else None)
        assert d["current"] == (eff is not None and eff["statement"] == s["id"])

    members = sum(
        1
        for a in actors.values()
        for f in a["affiliations"]
        if f["rel"] == "MemberOf" and f["actor"] in actors
    )
    assert sum(1 for d in edges if d["type"] == "member_of") == members


def test_the_tricky_strings_survive_the_round_trip():
    tricky = next(g for g in graphs() if g.name == "tricky-strings.ron")
    g = read(tricky, ())
    assert g.nodes["actor:quoter"]["name"] == 'Dr. "Quotes" O\'Brien \\ backslash'
    assert g.nodes["proposal:plan"]["name"] == 'Plan with "quotes"\nand a newline'
    assert g.nodes["point:plan/3"]["name"] == "Point text; with -> arrow and \t tab"
    assert g.nodes["claim:claim-1"]["name"] == "A claim with &amp; entity and & ampersand"
