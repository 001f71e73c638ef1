#!/usr/bin/env python3
"""Writes a synthetic graph of many actors by many proposals, for measuring queries
whose answer grows with both (`query matrix`): 9,400 actors, 2,100 proposals and
150,000 dated statements, drawn with a fixed seed.

    python3 benches/wide_graph.py > wide.ron
"""

import random
import sys

ACTORS, PROPOSALS, STATEMENTS = 9400, 2100, 150_000
STANCES = ["Support", "Skeptical", "NonStarter"]


def main():
    rng = random.Random(7)
    w = sys.stdout.write
    w("(\n    schema: 1,\n    actors: {\n")
    for i in range(ACTORS):
        w(f'        "actor-{i}": (name: "Actor {i}", kind: Person),\n')
    w("    },\n    proposals: {\n")
    for j in range(PROPOSALS):
        w(f'        "proposal-{j}": (title: "Proposal {j}"),\n')
    w("    },\n    statements: {\n")
    for k in range(STATEMENTS):
        actor = rng.randrange(ACTORS)
        proposal = rng.randrange(PROPOSALS)
        stance = rng.choice(STANCES)
        day = rng.randrange(1, 29)
        w(
            f'        "s-{k}": (actor: "actor-{actor}", target: Proposal("proposal-{proposal}"), '
            f'stance: {stance}, attribution: DirectQuote, date: "2025-11-{day:02d}"),\n'
        )
    w("    },\n)\n")


if __name__ == "__main__":
    main()
