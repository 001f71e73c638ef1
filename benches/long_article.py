#!/usr/bin/env python3
"""Writes one long article, for measuring extraction within a single article: the
story paragraphs of the fixture articles (no headlines, no boilerplate lines),
repeated until the article has SENTENCES sentences (default 20,000).

    python3 benches/long_article.py [SENTENCES] > long.txt
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTICLES = os.path.join(ROOT, "tests", "fixtures", "articles")
# Lines that would end the story (see `boilerplate` in the lexicon).
BOILERPLATE = [
    "popular products", "related", "read more", "more from", "most read", "trending",
    "recommended", "sign up", "subscribe", "newsletter", "advertisement", "sponsored",
    "share this", "follow us", "you may also like", "shop now", "copyright", "©",
    "all rights reserved",
]


def main():
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    paragraphs = []
    for name in sorted(os.listdir(ARTICLES)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(ARTICLES, name), encoding="utf-8") as f:
            for line in f.read().split("\n")[1:]:
                low = line.strip().lower()
                if len(line) > 80 and not any(low.startswith(b) for b in BOILERPLATE):
                    paragraphs.append(line)
    out, sentences, i = ["Long article for measuring", ""], 0, 0
    while sentences < wanted:
        p = paragraphs[i % len(paragraphs)]
        out += [p, ""]
        sentences += p.count(". ") + 1
        i += 1
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
