"""Every JSON document and JSON line the tool writes validates against the schema."""

import json

import pytest
from jsonschema import Draft202012Validator

from exports import CURATED, OPTIONS, REPO, graphs, run

SCHEMA = json.loads((REPO / "schemas" / "stancegraph-1.schema.json").read_text())
DOCUMENT = Draft202012Validator(SCHEMA)
LINE = Draft202012Validator({"$ref": "#/$defs/line", "$defs": SCHEMA["$defs"]})


def test_the_schema_is_a_valid_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "graph,options",
    [(g, ()) for g in graphs()] + [(CURATED, o) for o in OPTIONS[1:]],
    ids=lambda c: str(c),
)
def test_every_export_validates(graph, options):
    doc = json.loads(run("export", str(graph), "--format", "json", *options).stdout)
    DOCUMENT.validate(doc)
    assert doc["schema"] == SCHEMA["properties"]["schema"]["const"]


def test_extraction_output_validates():
    articles = str(REPO / "tests" / "fixtures" / "articles")
    DOCUMENT.validate(json.loads(run("extract", articles, "--format", "json").stdout))
    for extra in [(), ("--claims",)]:
        lines = run("extract", articles, "--format", "jsonl", *extra).stdout.splitlines()
        assert lines
        for line in lines:
            LINE.validate(json.loads(line))


def test_the_schema_refuses_what_the_contract_does_not_allow():
    doc = json.loads(run("export", str(CURATED), "--format", "json").stdout)
    doc["statements"][0]["stance"] = "maybe"
    assert not DOCUMENT.is_valid(doc)
    doc = json.loads(run("export", str(CURATED), "--format", "json").stdout)
    doc["statements"][0]["surprise"] = 1
    assert not DOCUMENT.is_valid(doc)
