//! `check --statistics`: findings per rule, most first, like ruff's.

use std::collections::BTreeMap;

use crate::finding::Finding;

/// One line per rule and severity with its count, most first, then the
/// files that could not be read (`input_errors` of them) as one line.
pub fn statistics<'a>(findings: impl Iterator<Item = &'a Finding>, input_errors: usize) -> String {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for finding in findings {
        *counts
            .entry((finding.rule.as_str(), finding.severity.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((rule, severity), count) in rows {
        out.push_str(&format!("{count:>6}  {severity:<8} {rule}\n"));
    }
    if input_errors > 0 {
        out.push_str(&format!("{input_errors:>6}  error    input\n"));
    }
    out
}
