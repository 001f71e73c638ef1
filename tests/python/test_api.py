"""The Python package, built from this crate by maturin, against the command line."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import stancegraph
from exports import CURATED, REPO, run

ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))


def cli_json(*args):
    return json.loads(run(*args).stdout)


def test_the_package_is_the_built_one_with_its_stubs():
    package = Path(stancegraph.__file__).parent
    assert (package / "__init__.pyi").exists() and (package / "py.typed").exists()
    assert stancegraph.Graph.__name__ == "Graph" and stancegraph.__doc__


def test_extract_gives_the_cli_jsonl_lines():
    for article in ARTICLES[:8]:
        got = stancegraph.extract(article.read_text(), source=article.stem)
        want = [json.loads(l) for l in run("extract", str(article), "--format", "jsonl").stdout.splitlines()]
        assert got == want, article.name


def test_an_extractor_against_a_graph_reads_as_the_cli_does():
    story = REPO / "examples" / "story.txt"
    extractor = stancegraph.Extractor(graph=stancegraph.Graph.load(CURATED))
    got = extractor.extract(story.read_text(), source="story", published="2025-11-23")
    want = [
        json.loads(l)
        for l in run(
            "extract", str(story), "--graph", str(CURATED), "--published", "2025-11-23", "--format", "jsonl"
        ).stdout.splitlines()
    ]
    assert got == want and got
    # A path works as well as a Graph.
    assert stancegraph.Extractor(graph=str(CURATED)).extract(story.read_text(), source="story", published="2025-11-23") == got


def test_claims_and_attributions():
    article = REPO / "tests" / "fixtures" / "attributions" / "harbour-talks.txt"
    got = stancegraph.attributions(article.read_text(), source="harbour-talks")
    want = [json.loads(l) for l in run("extract", str(article), "--format", "attributions").stdout.splitlines()]
    assert got == want and got
    claims = stancegraph.extract(article.read_text(), source="harbour-talks", claims=True)
    assert any(s["target_kind"] == "claim" for s in claims)


def test_threads_extract_in_parallel_and_agree():
    extractor = stancegraph.Extractor()
    texts = [(a.stem, a.read_text()) for a in ARTICLES]
    alone = [extractor.extract(t, source=s) for s, t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda st: extractor.extract(st[1], source=st[0]), texts))
    assert together == alone


def test_extraction_releases_the_interpreter():
    # While one thread extracts a long text, another keeps running Python.
    text = " ".join(a.read_text() for a in ARTICLES[:6])
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)

    t = threading.Thread(target=tick)
    t.start()
    stancegraph.extract(text, claims=True)
    done.set()
    t.join()
    assert len(ticks) > 100


def test_graph_load_save_and_statements(tmp_path):
    g = stancegraph.Graph.load(CURATED)
    assert len(g) == len(g.statements()) > 0
    doc = cli_json("export", str(CURATED), "--format", "json")
    assert json.loads(g.to_json()) == doc
    assert json.loads(g.to_json(proposal="us-28-point-plan", as_of="2025-11-21")) == cli_json(
        "export", str(CURATED), "--format", "json", "--proposal", "us-28-point-plan", "--as-of", "2025-11-21"
    )
    out = tmp_path / "copy.ron"
    g.save(out)
    assert out.read_bytes() == CURATED.read_bytes()
    assert {s["id"] for s in g.statements()} == {s["id"] for s in doc["statements"]}


def test_stance_follows_effective_stances():
    g = stancegraph.Graph.load(CURATED)
    doc = cli_json("export", str(CURATED), "--format", "json")
    for e in doc["effective"]:
        assert g.stance(e["actor"], e["target"]) == e["stance"]
    assert g.stance("Zelenskyy", "28-point plan") == "skeptical"


@pytest.mark.parametrize(
    "args,options",
    [
        (["matrix"], {}),
        (["matrix"], {"as_of": "2025-11-21"}),
        (["who", "us-28-point-plan", "support"], {}),
        (["who"], {"target": "us-28-point-plan", "stance": "skeptical"}),
        (["blocs", "us-28-point-plan"], {"bloc": "nato"}),
        (["support", "us-28-point-plan"], {}),
        (["movers", "us-28-point-plan"], {"bloc": "eu"}),
        (["timeline", "european-leaders"], {}),
        (["diff"], {"from_": None, "from": "2025-11-21", "to": "2025-11-22"}),
        (["audit"], {"min_confidence": 0.7}),
    ],
)
def test_every_query_answers_as_the_cli(args, options):
    g = stancegraph.Graph.load(CURATED)
    options = {k: v for k, v in options.items() if k != "from_"}
    got = g.query(*args, **options)
    flags = []
    positional = {"who": ["target", "stance"]}.get(args[0], [])
    extra = [str(options[p]) for p in positional if p in options]
    for k, v in options.items():
        if k not in positional:
            flags += [f"--{k.replace('_', '-')}", str(v)]
    assert got == cli_json("query", str(CURATED), *args, *extra, *flags, "--format", "json")


def test_whatif_answers_as_the_cli_and_changes_nothing():
    g = stancegraph.Graph.load(CURATED)
    before = g.to_json()
    got = g.whatif("Germany=support@us-28-point-plan", query="blocs")
    want = cli_json(
        "whatif", str(CURATED), "--set", "Germany=support@us-28-point-plan", "--query", "blocs", "--format", "json"
    )
    assert got == want
    assert g.whatif([("set", "Germany=support@us-28-point-plan")]) == want
    assert g.whatif({"set": ["Germany=support@us-28-point-plan"]}) == want
    assert g.to_json() == before


def test_errors_are_exceptions_with_the_cli_message(tmp_path):
    bad = REPO / "tests" / "fixtures" / "graphs" / "invalid-many.ron"
    with pytest.raises(stancegraph.StanceGraphError) as e:
        stancegraph.Graph.load(bad)
    assert str(e.value) in run("validate", str(bad), check=False).stderr + run(
        "export", str(bad), "--format", "json", check=False
    ).stderr
    broken = tmp_path / "broken.ron"
    broken.write_text("(schema: 1, actors: {\n")
    with pytest.raises(stancegraph.StanceGraphError, match=r"broken\.ron:\d+:\d+"):
        stancegraph.Graph.load(broken)
    with pytest.raises(stancegraph.StanceGraphError):
        stancegraph.Graph.load(tmp_path / "missing.ron")
    g = stancegraph.Graph.load(CURATED)
    with pytest.raises(stancegraph.StanceGraphError, match="nobody"):
        g.stance("nobody", "us-28-point-plan")
    with pytest.raises(stancegraph.StanceGraphError):
        g.query("no-such-query")
    with pytest.raises(stancegraph.StanceGraphError):
        g.whatif("Germany=maybe@us-28-point-plan")
    with pytest.raises(stancegraph.StanceGraphError):
        stancegraph.extract("text", published="2025-02-30")
    with pytest.raises(TypeError):
        stancegraph.Extractor(graph=42)
    with pytest.raises(stancegraph.StanceGraphError):
        g.save(tmp_path / "no" / "such" / "dir.ron")


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x02", "\ufffd" * 1000, "“" * 500, "said " * 2000, "a. " * 5000, "é" * 20_000],
)
def test_no_text_crashes_the_interpreter(text):
    assert isinstance(stancegraph.extract(text, claims=True), list)
    assert isinstance(stancegraph.attributions(text), list)


def test_merge_gives_the_graph_extract_writes(tmp_path):
    lines = [json.loads(l) for l in run("extract", str(ARTICLES[0].parent), "--format", "jsonl").stdout.splitlines()]
    run("extract", str(ARTICLES[0].parent), "-o", str(tmp_path / "cli.ron"))
    half = len(lines) // 2
    parts = [stancegraph.merge(lines[:half]), stancegraph.merge(list(reversed(lines[half:])))]
    merged = stancegraph.merge([parts[1], *lines[:10], parts[0]])
    merged.save(tmp_path / "py.ron")
    assert (tmp_path / "py.ron").read_bytes() == (tmp_path / "cli.ron").read_bytes()
    assert len(merged) == len(lines)
    assert len(stancegraph.merge([], base=CURATED)) == len(stancegraph.Graph.load(CURATED))


def test_merge_names_a_bad_statement():
    good = stancegraph.extract(ARTICLES[0].read_text(), source=ARTICLES[0].stem)[0]
    with pytest.raises(stancegraph.StanceGraphError, match="statement 1, column 1: no `graph` field"):
        stancegraph.merge([good, {"id": "x"}])
    with pytest.raises(stancegraph.StanceGraphError, match="statement 0"):
        stancegraph.merge(["{not json"])
    with pytest.raises(TypeError):
        stancegraph.merge([object()])


def test_graph_text_round_trip_and_lines():
    text = CURATED.read_text(encoding="utf-8")
    g = stancegraph.Graph.loads(text)
    assert g.dumps() == text and len(g) == len(stancegraph.Graph.load(CURATED))
    with pytest.raises(stancegraph.StanceGraphError, match=r"<graph>:1:"):
        stancegraph.Graph.loads("(schema: 1, actors: {")
    article = ARTICLES[0]
    lines = stancegraph.Extractor().extract_lines(article.read_text(), source=article.stem)
    assert lines == run("extract", str(article), "--format", "jsonl").stdout.splitlines()
