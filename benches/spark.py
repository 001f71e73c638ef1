#!/usr/bin/env python3
"""Articles per second of examples/spark_extract.py under Spark local[2] against the
command line on the same articles, side by side, and the time of `stancegraph
merge` against the number of statements.

    python3 benches/spark.py PYTHON STANCEGRAPH ARTICLES

PYTHON is an interpreter with pyspark, pandas, pyarrow and a release build of the
stancegraph package (`maturin develop --release`); STANCEGRAPH a release binary;
ARTICLES a folder of .txt articles (BENCHMARKS.md uses PolNeAR's 840 training
texts). Each setting (rules only, and --claims) runs the CLI (`extract ARTICLES -o
OUT.ron`) and the Spark job (start, extract, write Parquet and JSON lines, merge)
RUNS times, interleaved; the table gives medians and the Spark job's own split of
its time. Every run's graph is checked to be the same bytes as the CLI's.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("RUNS", "3"))


def timed(cmd, **kw):
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{done.stderr[-2000:]}")
    return took, done


def main():
    python, binary, articles = sys.argv[1:4]
    n = len(list(Path(articles).rglob("*.txt")))
    size = sum(p.stat().st_size for p in Path(articles).rglob("*.txt"))
    print(f"{n} articles, {size / 1e6:.1f} MB; {RUNS} runs each, interleaved; medians\n")
    print("| setting | CLI s | CLI articles/s | Spark s | Spark articles/s | Spark start | job | extraction (worker s) | merge |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lines_file = None
        for setting, flags in [("rules only", []), ("--claims", ["--claims"])]:
            cli, spark, parts = [], [], []
            for run in range(RUNS):
                out = tmp / f"cli-{run}.ron"
                out.unlink(missing_ok=True)
                took, _ = timed([binary, "extract", articles, "-o", str(out), *flags])
                cli.append(took)
                job = tmp / f"spark-{run}"
                took, done = timed(
                    [python, str(ROOT / "examples" / "spark_extract.py"), articles, str(job),
                     "--master", "local[2]", "--stancegraph", binary, *flags]
                )
                spark.append(took)
                m = re.search(
                    r"Spark start ([\d.]+) s, job ([\d.]+) s \(extraction inside it ([\d.]+) s of worker time\), merge ([\d.]+) s",
                    done.stderr,
                )
                parts.append([float(x) for x in m.groups()])
                if (job / "graph.ron").read_bytes() != out.read_bytes():
                    sys.exit(f"{setting}: the Spark job's graph differs from the CLI's")
                if flags:
                    lines_file = job / "statements.jsonl"
            med = statistics.median
            c, s = med(cli), med(spark)
            split = [med(p[i] for p in parts) for i in range(4)]
            print(
                f"| {setting} | {c:.2f} | {n / c:.0f} | {s:.2f} | {n / s:.0f} | {split[0]:.2f} | {split[1]:.2f} | {split[2]:.2f} | {split[3]:.2f} |"
            )

        # merge against the number of statements: the --claims lines, in shares.
        lines = [
            l for part in sorted(lines_file.glob("part-*")) for l in part.read_text(encoding="utf-8").splitlines()
        ]
        print(f"\n| statements | merge s (median of {RUNS}) | µs per statement |")
        print("|---|---|---|")
        for share in [0.25, 0.5, 1.0]:
            k = int(len(lines) * share)
            f = tmp / f"lines-{k}.jsonl"
            f.write_text("\n".join(lines[:k]) + "\n", encoding="utf-8")
            times = [timed([binary, "merge", str(f), "-o", str(tmp / "m.ron")])[0] for _ in range(RUNS)]
            t = statistics.median(times)
            print(f"| {k} | {t:.3f} | {t / k * 1e6:.0f} |")


if __name__ == "__main__":
    main()
