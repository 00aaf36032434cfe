#!/usr/bin/env bash
# Noise of `reportlint check` on real reports: findings per report by rule
# and severity, then the errors and warnings themselves, for a reviewer to
# read one by one (a finding on a correct report is a bug).
# Usage: benches/noise.sh FOLDER... (default: ../shared/reports, linted in
# one run so that the cross-report rules see each other's reports).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- ../shared/reports
cargo build --release --quiet
out=$(mktemp)
trap 'rm -f "$out"' EXIT
./target/release/reportlint check --no-config --format concise "$@" > "$out" || test $? -eq 1
reports=$(find "$@" -type f \( -name '*.txt' -o -name '*.md' \) ! -name README.md | wc -l)
echo "reports: $reports"
echo
echo "findings by rule and severity (count, per report):"
grep -E '^[^ ].*: (error|warning|note)\[' "$out" \
  | sed -E 's/.*: (error|warning|note)\[([^]]+)\].*/\1 \2/' \
  | sort | uniq -c | sort -k1,1nr \
  | awk -v n="$reports" '{printf "%6d  %5.2f  %-8s %s\n", $1, $1 / n, $2, $3}'
serious=$(grep -cE '^[^ ].*: (error|warning)\[' "$out" || true)
echo
awk -v s="$serious" -v n="$reports" 'BEGIN {printf "errors and warnings: %d, %.2f per report\n", s, s / n}'
echo
echo "errors and warnings, to read:"
grep -E '^[^ ].*: (error|warning)\[' "$out" || true
