#!/usr/bin/env bash
# reportlint lsp under a real client: headless Neovim opens an invented
# draft, waits for the diagnostics, edits the buffer twice and writes what
# vim.diagnostic.get() holds after each step; this script checks the lines,
# columns (bytes, converted by Neovim from the server's UTF-16) and codes.
# Needs `nvim` (0.7 or later) on PATH; .ci/run installs it with apt-get.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim.sh: nvim is not installed" >&2
  exit 2
fi
cargo build --quiet --locked
bin="${CARGO_TARGET_DIR:-target}/debug/reportlint"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/editors/wealdmoor-draft.md "$work/draft.md"
out="$work/diagnostics.txt"

REPORTLINT_BIN="$bin" REPORTLINT_REPORT="$work/draft.md" REPORTLINT_OUT="$out" \
  timeout 120 nvim --headless --clean -u tests/editors/neovim-init.lua \
  >"$work/nvim.log" 2>&1 || { echo "nvim failed:"; cat "$work/nvim.log"; exit 1; }

cat "$out"
expect() {
  grep -qF -- "$1" "$out" || { echo "neovim.sh: expected a line with: $1" >&2; exit 1; }
}
# Line 49, byte column 58: after £ (2 bytes), “ ” and – (3 bytes each).
expect "open:"
expect "49:58:2 common/abbreviation-one-expansion ARC is expanded as"
expect "after the score edit:"
expect "8:0:1 cqc-la/rating-follows-scores the rating \`Good\` does not follow from the scores: 9 scores sum to 22/36 = 61.1%"
expect "after the rename:"
if sed -n '/^after the rename:/,$p' "$out" | grep -q abbreviation-one-expansion; then
  echo "neovim.sh: the rename on the multi-byte line did not land" >&2
  exit 1
fi
if grep -q "timed out" "$out"; then
  echo "neovim.sh: a step timed out" >&2
  exit 1
fi
echo "neovim.sh: passed"
