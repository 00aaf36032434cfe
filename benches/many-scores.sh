#!/usr/bin/env bash
# Time of `reportlint check` on a CQC assessment with thousands of score
# lines: `sections` repeats a quality statement's section (heading, score,
# descriptor), `table` repeats the summary table's entries. Ten times the
# lines must cost about ten times the time, not a hundred.
# Usage: benches/many-scores.sh   (needs a release build; builds one)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=tests/fixtures/invented/cqc-ashcombe-2024.txt
for n in 10000 40000 100000; do
  python3 - "$report" "$n" "$work" <<'PY'
import sys
head, n, work = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3]
names = ["Assessing needs", "Supporting people to live healthier lives", "Safeguarding"]
section = "Assessing needs\n\nScore: 3\n\n3 - Evidence shows a good standard\n\n"
open(f"{work}/sections.txt", "w").write(head + "\n" + section * n)
table = "".join(f"{names[i % 3]}\n\nScore: {i % 4 + 1}\n\n" for i in range(n))
at = head.index("Quality statement scores")
open(f"{work}/table.txt", "w").write(head[:at] + "Quality statement scores\n\n" + table + head[at + 24:])
PY
  for shape in sections table; do
    start=$(date +%s.%N)
    ./target/release/reportlint check --no-config -q "$work/$shape.txt" > /dev/null || true
    end=$(date +%s.%N)
    echo "$shape, $n score lines: $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')s"
  done
done
