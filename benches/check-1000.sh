#!/usr/bin/env bash
# Whole-process throughput of `reportlint check` over 1000 reports made by
# copying the published examples (about 107 MB), as users run it on a folder.
# Usage: benches/check-1000.sh [runs]   (needs a release build; builds one)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
reports=(examples/published/*.txt examples/published/*.md)
for i in $(seq 0 999); do
  src=${reports[$((i % ${#reports[@]}))]}
  [ "$(basename "$src")" = README.md ] && src=${reports[0]}
  cp "$src" "$corpus/report-$i.${src##*.}"
done
bytes=$(cat "$corpus"/* | wc -c)
echo "corpus: 1000 files, $bytes bytes"
best=""
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  ./target/release/reportlint check --format concise --fail-level error "$corpus" > /dev/null || true
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
echo "best of $runs: ${best}s, $(echo "$bytes / $best / 1000000" | bc -l | cut -c1-6) MB/s (2 threads: $(nproc) cores)"
