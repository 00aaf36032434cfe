#!/usr/bin/env bash
# The pre-commit hook for real: install the pre-commit framework from PyPI,
# make a git repository whose .pre-commit-config.yaml points at this
# checkout, and commit reports through it. A draft whose rating does not
# follow from its scores must be refused; the corrected draft must pass; a
# broken report that is not staged must not be linted.
#
# Run by .ci/run. Needs python3 with venv and pip, git, and cargo; the
# checkout's HEAD must contain .pre-commit-hooks.yaml (pre-commit clones it).
set -euo pipefail

checkout=$(cd "$(dirname "$0")/../.." && pwd)
rev=$(git -C "$checkout" rev-parse HEAD)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit>=4,<5"
export PATH="$scratch/venv/bin:$PATH"
export PRE_COMMIT_HOME="$scratch/pre-commit-home"
# pre-commit builds the hook with `cargo install`; sharing the checkout's
# target folder reuses the dependencies CI has already compiled.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$checkout/target}"

repo="$scratch/reports"
mkdir -p "$repo"
cd "$repo"
git init --quiet
git config user.email "reviewer@example.invalid"
git config user.name "Reviewer"
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: reportlint
YAML
# The drafts here are short extracts: the sections they leave out are not
# what this test is about (and the configuration is found from the hook).
cat > reportlint.yaml <<YAML
disable: [cqc-la/required-sections, cqc-la/summary-table-complete]
YAML
git add .pre-commit-config.yaml reportlint.yaml
git commit --quiet --no-verify -m "Add pre-commit configuration"
pre-commit install

# An invented draft: 2 + 2 + 3 = 7 of 12 = 58.3%, requires improvement.
write_draft() {
  cat > "$1" <<TEXT
# Fenwick Marsh Council: local authority assessment

## Local authority rating and score

Fenwick Marsh Council
$2

## Quality statement scores

Assessing needs
Score: 2

Partnerships and communities
Score: 3

Safeguarding
Score: 2
TEXT
}

write_draft unstaged-broken.md "Outstanding"   # never staged: must not be linted
write_draft fenwick-marsh.md "Good"
git add fenwick-marsh.md
if git commit --quiet -m "Draft with a wrong rating" > "$scratch/refused.log" 2>&1; then
  cat "$scratch/refused.log"
  echo "FAIL: a draft whose rating does not follow from its scores was committed"
  exit 1
fi
grep -q "cqc-la/rating-follows-scores" "$scratch/refused.log" || {
  cat "$scratch/refused.log"
  echo "FAIL: the refusal does not name the rating rule"
  exit 1
}
echo "ok: the commit with a wrong rating was refused"

write_draft fenwick-marsh.md "Requires improvement"
git add fenwick-marsh.md
if ! git commit --quiet -m "Draft with the rating its scores give" > "$scratch/accepted.log" 2>&1; then
  cat "$scratch/accepted.log"
  echo "FAIL: the corrected draft was refused (was the unstaged draft linted?)"
  exit 1
fi
echo "ok: the corrected draft was committed; the unstaged broken draft was not linted"
