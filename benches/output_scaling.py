#!/usr/bin/env python3
"""Time and peak memory of `extract --format jsonl`, `--format json` and `-o OUT.ron`
against corpus size, for one or more stancegraph binaries side by side.

The corpora are copies of the fixture articles (tests/fixtures/articles), made in a
temporary folder, at about 1, 2, 4, 8 and 16 MB of text. Every (binary, format,
size) is run RUNS times, the runs interleaved so that a noisy machine slows all of
them alike; the table gives medians, the largest peak RSS, the output size, and the
growth exponent fitted by least squares of log time on log size.

    python3 benches/output_scaling.py target/release/stancegraph [OTHER_BINARY ...]

Peak RSS is read from /usr/bin/time (GNU time, `%M`).
"""

import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTICLES = os.path.join(ROOT, "tests", "fixtures", "articles")
SIZES_MB = [1, 2, 4, 8, 16]
RUNS = int(os.environ.get("RUNS", "3"))
FORMATS = ["jsonl", "json", "-o"]


def build_corpus(folder, megabytes):
    """Copies of every fixture article until the folder holds `megabytes` of text."""
    names = sorted(f for f in os.listdir(ARTICLES) if f.endswith(".txt"))
    one_set = sum(os.path.getsize(os.path.join(ARTICLES, n)) for n in names)
    copies = max(1, round(megabytes * 1_000_000 / one_set))
    os.makedirs(folder)
    for i in range(1, copies + 1):
        for n in names:
            stem = n[: -len(".txt")]
            shutil.copyfile(os.path.join(ARTICLES, n), os.path.join(folder, f"{stem}-{i}.txt"))
    return copies * one_set


def run(binary, fmt, corpus, work):
    out = os.path.join(work, "out")
    if fmt == "-o":
        args = [binary, "extract", corpus, "-o", out + ".ron"]
        target = out + ".ron"
        if os.path.exists(target):
            os.remove(target)
        stdout = subprocess.DEVNULL
    else:
        args = [binary, "extract", corpus, "--format", fmt]
        target = out + "." + fmt
        stdout = open(target, "wb")
    timed = ["/usr/bin/time", "-f", "%e %M"] + args
    done = subprocess.run(timed, stdout=stdout, stderr=subprocess.PIPE, check=True)
    if stdout is not subprocess.DEVNULL:
        stdout.close()
    seconds, kb = done.stderr.decode().strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024, os.path.getsize(target) / 1_000_000


def exponent(sizes, times):
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-3)) for t in times]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main():
    binaries = [os.path.abspath(b) for b in sys.argv[1:]]
    if not binaries:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as work:
        corpora = []
        for mb in SIZES_MB:
            folder = os.path.join(work, f"corpus-{mb}")
            corpora.append((folder, build_corpus(folder, mb) / 1_000_000))
        results = {}
        for _ in range(RUNS):
            for folder, size in corpora:
                for fmt in FORMATS:
                    for b in binaries:
                        t, mem, out = run(b, fmt, folder, work)
                        results.setdefault((b, fmt, size), []).append((t, mem, out))
        for b in binaries:
            print(f"\n{b}\n")
            print("| text MB | format | median s | runs (s) | peak RSS MB | output MB | peak / output |")
            print("|---:|---|---:|---|---:|---:|---:|")
            for _, size in corpora:
                for fmt in FORMATS:
                    rs = results[(b, fmt, size)]
                    times = [r[0] for r in rs]
                    mem = max(r[1] for r in rs)
                    out = rs[0][2]
                    print(
                        f"| {size:.2f} | {fmt} | {statistics.median(times):.2f} | "
                        f"{', '.join(f'{t:.2f}' for t in times)} | {mem:.0f} | {out:.2f} | "
                        f"{mem / out:.1f}x |"
                    )
            sizes = [s for _, s in corpora]
            for fmt in FORMATS:
                med = [statistics.median(r[0] for r in results[(b, fmt, s)]) for s in sizes]
                print(f"\n{fmt}: growth exponent {exponent(sizes, med):.2f}", end="")
            big = sizes[-1]
            jsonl = statistics.median(r[0] for r in results[(b, "jsonl", big)])
            for fmt in ["json", "-o"]:
                t = statistics.median(r[0] for r in results[(b, fmt, big)])
                print(f"; {fmt} / jsonl at {big:.1f} MB: {t / jsonl:.2f}x", end="")
            print()


if __name__ == "__main__":
    main()
