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
  t=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN {exit !(t < b)}'; then best=$t; fi
done
echo "best of $runs: ${best}s, $(awk -v n="$bytes" -v t="$best" 'BEGIN {printf "%.1f", n / t / 1e6}') MB/s (2 threads: $(nproc) cores)"
