#!/usr/bin/env bash
# --format junit validates against the Jenkins JUnit schema (vendored in
# tests/schemas, see README.md there): on reports with findings, on clean
# reports and on files that cannot be read. Installs the xmlschema package
# from PyPI into a temporary virtual environment. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check "xmlschema>=3,<5"

printf '%%PDF-1.7\0binary' > "$scratch/scan.txt"
: > "$scratch/empty.md"
reportlint=${REPORTLINT:-target/release/reportlint}
"$reportlint" check --no-config --format junit examples/ "$scratch/scan.txt" "$scratch/empty.md" \
  > "$scratch/report.xml" || test $? -le 2

"$scratch/venv/bin/python" - "$scratch/report.xml" <<'PY'
import sys
import xmlschema

schema = xmlschema.XMLSchema("tests/schemas/junit-jenkins.xsd")
errors = list(schema.iter_errors(sys.argv[1]))
for error in errors[:20]:
    print(f"{error.path}: {error.reason}")
tree = schema.to_dict(sys.argv[1]) if not errors else None
if errors:
    sys.exit(f"FAIL: {len(errors)} schema errors in --format junit output")
failures = sum(len([c for c in s.get("testcase", []) if "failure" in c]) for s in tree["testsuite"])
errored = sum(len([c for c in s.get("testcase", []) if "error" in c]) for s in tree["testsuite"])
if failures == 0 or errored != 2:
    sys.exit(f"FAIL: expected findings and 2 input errors, got {failures} and {errored}")
print(f"ok: --format junit is valid against the Jenkins schema ({failures} failures, {errored} errors)")
PY
