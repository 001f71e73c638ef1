#!/usr/bin/env bash
# Fills fuzz/corpus/<target> with the project's own files as seeds: graphs for
# `graph`, fixture articles for `extract`, the lexicon for `lexicon`, the example
# scripts for `script`. The corpora grow as the fuzzer runs and are not committed.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/graph corpus/extract corpus/lexicon corpus/script
find "$root/graphs" "$root/examples" "$root/tests" -name '*.ron' -size -64k \
    -exec cp {} corpus/graph/ \;
cp "$root"/tests/fixtures/articles/*.txt corpus/extract/
cp "$root/examples/story.txt" corpus/extract/
cp "$root/src/extract/lexicon.ron" corpus/lexicon/
cp "$root"/examples/*.rhai corpus/script/
echo "seeds: $(ls corpus/graph | wc -l) graphs, $(ls corpus/extract | wc -l) articles," \
    "$(ls corpus/lexicon | wc -l) lexicon, $(ls corpus/script | wc -l) scripts"
