"""examples/spark_extract.py on Spark in local mode: the statements it writes, and
the graph it merges them into, byte for byte what `stancegraph extract DIR -o`
writes for the same articles."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from exports import CURATED, REPO, binary, run

pyspark = pytest.importorskip("pyspark") if not os.environ.get("CI") else __import__("pyspark")
import pyarrow.parquet as pq  # noqa: E402

ARTICLES = REPO / "tests" / "fixtures" / "articles"
JOB = REPO / "examples" / "spark_extract.py"


def spark_job(*args):
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Spark needs Java 17: .ci/run installs openjdk-17-jre-headless")
        pytest.skip("no java")
    done = subprocess.run(
        [sys.executable, str(JOB), *map(str, args), "--master", "local[2]", "--stancegraph", str(binary())],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_a_folder_of_articles_gives_the_graph_extract_writes(tmp_path):
    spark_job(ARTICLES, tmp_path / "out")
    run("extract", str(ARTICLES), "-o", str(tmp_path / "cli.ron"))
    assert (tmp_path / "out" / "graph.ron").read_bytes() == (tmp_path / "cli.ron").read_bytes()

    # The statements as Parquet, a row per jsonl line, and as the lines themselves.
    lines = run("extract", str(ARTICLES), "--format", "jsonl").stdout.splitlines()
    table = pq.read_table(tmp_path / "out" / "statements.parquet").to_pylist()
    assert sorted(r["line"] for r in table) == sorted(lines)
    row = next(r for r in table if r["id"] == json.loads(lines[0])["id"] and r["source"] == json.loads(lines[0])["source"])
    assert row["stance"] == json.loads(lines[0])["stance"] and row["span"] == json.loads(lines[0])["span"]
    written = [
        l
        for part in sorted((tmp_path / "out" / "statements.jsonl").glob("part-*"))
        for l in part.read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(written) == sorted(lines)


def test_json_lines_with_a_text_column_against_a_broadcast_graph(tmp_path):
    # Articles as a JSON-lines dataset, as a news crawl delivers them.
    data = tmp_path / "articles.jsonl"
    with data.open("w", encoding="utf-8") as f:
        for article in sorted(ARTICLES.glob("*.txt")):
            f.write(json.dumps({"id": article.stem, "body": article.read_text(encoding="utf-8")}) + "\n")
    spark_job(
        data, tmp_path / "out", "--graph", CURATED, "--text-column", "body", "--source-column", "id", "--partitions", "3"
    )
    run("extract", str(ARTICLES), "--graph", str(CURATED), "-o", str(tmp_path / "cli.ron"))
    assert (tmp_path / "out" / "graph.ron").read_bytes() == (tmp_path / "cli.ron").read_bytes()
