#!/usr/bin/env bash
# Time of `reportlint check` with an `existence` rule whose tokens repeat
# without bound (`a+`, `a{3,}`, `(a+)+$`) on one long word that holds a run
# of the token but is not a whole word, at 20,000, 80,000 and 1,000,000
# characters. The time must grow with the input, not its square.
# Usage: benches/adversarial-terms.sh   (needs a release build; builds one)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pack"
cat > "$work/pack/terms.yaml" <<'YAML'
rules:
  - id: bench/unbounded
    summary: Runs of a.
    severity: warning
    why: An adversarial rule.
    kind: existence
    params:
      message: "`{match}`"
      tokens: ['a+', 'a{3,}', '(a+)+$']
    examples:
      fail: [{ text: "x aaa" }]
      pass: [{ text: "x b y" }]
YAML
for n in 20000 80000 1000000; do
  python3 -c "import sys; n = int(sys.argv[1]); print('Title\n\nThe word b' + 'a' * n + ' ends.\nx' + 'a' * n)" "$n" > "$work/r.txt"
  start=$(date +%s.%N)
  ./target/release/reportlint check --no-config --rules "$work/pack" --select bench/unbounded -q "$work/r.txt" > /dev/null || true
  end=$(date +%s.%N)
  echo "$n characters: $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')s"
done
