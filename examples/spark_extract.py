"""Extract statements from many articles on Apache Spark, then merge them into a graph.

    python examples/spark_extract.py ARTICLES OUT [--graph BASE.ron] [--master local[2]]

ARTICLES is a folder of ``.txt`` articles (read whole, named by file stem, as
``stancegraph extract`` names them), or a JSON-lines or Parquet dataset with a text
column (``--text-column``, and optionally ``--source-column``, ``--url-column`` and
``--published-column``). Each partition holds one ``stancegraph.Extractor``, made
from the base graph, which is broadcast as text. The job writes

    OUT/statements.parquet   one row per statement: the jsonl fields, and the line
    OUT/statements.jsonl     the ``stancegraph extract --format jsonl`` lines
    OUT/graph.ron            ``stancegraph merge OUT/statements.jsonl [--base BASE]``

The graph is byte for byte what ``stancegraph extract ARTICLES -o OUT.ron`` (with
``--graph BASE``) writes for the same files: the merge depends only on the
statements, not on how Spark partitioned or ordered them.

Needs pyspark (and pandas and pyarrow, for ``mapInPandas``), Java 17, the
``stancegraph`` Python package and the ``stancegraph`` command (``--stancegraph``,
or on PATH).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

# Spark's Python workers run this interpreter, where stancegraph is installed.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

import pandas as pd  # noqa: E402
from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

# The jsonl fields kept as Parquet columns (the whole line is kept beside them).
STATEMENT = T.StructType(
    [
        T.StructField("id", T.StringType()),
        T.StructField("actor", T.StringType()),
        T.StructField("actor_name", T.StringType()),
        T.StructField("actor_kind", T.StringType()),
        T.StructField("target", T.StringType()),
        T.StructField("target_kind", T.StringType()),
        T.StructField("target_title", T.StringType()),
        T.StructField("stance", T.StringType()),
        T.StructField("date", T.StringType()),
        T.StructField("quote", T.StringType()),
        T.StructField("source", T.StringType()),
        T.StructField("span", T.ArrayType(T.LongType())),
        T.StructField("confidence", T.DoubleType()),
        T.StructField("attribution", T.StringType()),
        T.StructField("cue", T.StringType()),
        T.StructField("source_url", T.StringType()),
        T.StructField("source_published", T.StringType()),
    ]
)

LINES = T.StructType([T.StructField("line", T.StringType()), T.StructField("seconds", T.DoubleType())])


def read_articles(spark: SparkSession, path: str, args: argparse.Namespace) -> DataFrame:
    """Rows of (source, text, url, published), from a folder of .txt files or a
    JSON-lines or Parquet dataset."""
    p = Path(path)
    txt = p.is_dir() and any(p.rglob("*.txt"))
    if txt:
        df = (
            spark.read.text(path, wholetext=True, pathGlobFilter="*.txt", recursiveFileLookup=True)
            .select(
                # The file's stem, as the command line names an article's source.
                F.regexp_extract(F.input_file_name(), r"([^/]+)\.txt$", 1).alias("source"),
                F.col("value").alias("text"),
            )
        )
        return df.withColumn("url", F.lit(None).cast("string")).withColumn(
            "published", F.lit(None).cast("string")
        )
    reader = spark.read.parquet if path.endswith(".parquet") or any(p.glob("*.parquet")) else spark.read.json
    df = reader(path)
    column = lambda name: F.col(name) if name and name in df.columns else F.lit(None).cast("string")  # noqa: E731
    return df.select(
        column(args.source_column).alias("source"),
        F.col(args.text_column).alias("text"),
        column(args.url_column).alias("url"),
        column(args.published_column).alias("published"),
    )


def extract_partitions(base_text, claims: bool):
    """The function mapInPandas runs: one Extractor for the whole partition, then
    every article of every batch through it."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import stancegraph

        text = base_text.value if base_text is not None else None
        extractor = stancegraph.Extractor(graph=stancegraph.Graph.loads(text) if text else None)
        for batch in batches:
            lines: list[str] = []
            seconds: list[float] = []
            for source, article, url, published in zip(
                batch["source"], batch["text"], batch["url"], batch["published"]
            ):
                if article is None or not article.strip():
                    continue
                start = time.perf_counter()
                found = extractor.extract_lines(
                    article,
                    source=source or None,
                    url=url or None,
                    published=published or None,
                    claims=claims,
                )
                took = time.perf_counter() - start
                # The extraction time of an article rides on its first line (an
                # article with no statement gives an empty line, dropped later).
                lines.extend(found or [""])
                seconds.extend([took] + [0.0] * (max(len(found), 1) - 1))
            yield pd.DataFrame({"line": lines, "seconds": seconds})

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles")
    ap.add_argument("out")
    ap.add_argument("--graph", help="base graph the articles are read against")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--claims", action="store_true", help="also make claims")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--source-column", default="source")
    ap.add_argument("--url-column", default="url")
    ap.add_argument("--published-column", default="published")
    ap.add_argument("--partitions", type=int, help="repartition the articles (default: as read)")
    ap.add_argument("--stancegraph", default="stancegraph", help="the stancegraph command")
    args = ap.parse_args()

    out = Path(args.out)
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("stancegraph-extract")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    up = time.perf_counter()

    base_text = None
    if args.graph:
        base_text = spark.sparkContext.broadcast(Path(args.graph).read_text(encoding="utf-8"))
    articles = read_articles(spark, args.articles, args)
    if args.partitions:
        articles = articles.repartition(args.partitions)
    extracted_lines = articles.mapInPandas(extract_partitions(base_text, args.claims), LINES).cache()
    lines = extracted_lines.where(F.col("line") != "")
    statements = lines.select(
        F.from_json("line", STATEMENT).alias("s"), "line"
    ).select("s.*", "line")
    statements.write.mode("overwrite").parquet(str(out / "statements.parquet"))
    lines.select("line").write.mode("overwrite").text(str(out / "statements.jsonl"))
    n = lines.count()
    extracting = extracted_lines.agg(F.sum("seconds")).first()[0]
    extracted = time.perf_counter()
    spark.stop()

    merge = [args.stancegraph, "merge", str(out / "statements.jsonl"), "-o", str(out / "graph.ron")]
    if args.graph:
        merge += ["--base", args.graph]
    subprocess.run(merge, check=True)
    done = time.perf_counter()
    print(
        f"{n} statements; Spark start {up - started:.2f} s, job {extracted - up:.2f} s "
        f"(extraction inside it {extracting or 0.0:.2f} s of worker time), "
        f"merge {done - extracted:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
