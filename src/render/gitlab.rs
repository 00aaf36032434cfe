//! GitLab Code Quality: the JSON array GitLab reads from a
//! `codequality` report artifact and shows in merge requests.
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>

use serde_json::{json, Value};

use crate::finding::Severity;
use crate::Run;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

pub fn render(run: &Run, cap: &super::Cap) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for error in &run.input_errors {
        let problem = error.problem.to_string();
        issues.push(json!({
            "description": problem,
            "check_name": "input",
            "fingerprint": format!("input:{}", error.path),
            "severity": "blocker",
            "location": { "path": error.path, "lines": { "begin": 1 } },
        }));
    }
    let mut counter = cap.counter();
    for finding in run.findings() {
        if !counter.admit(&finding.rule) {
            continue;
        }
        let source = &finding.source;
        let begin = source.position(finding.primary.span.start).line;
        let end = source.position(finding.primary.span.end).line;
        let mut description = finding.message.clone();
        for label in &finding.related {
            let at = source.position(label.span.start);
            description.push_str(&format!(" (line {}: {})", at.line, label.message));
        }
        issues.push(json!({
            "description": description,
            "check_name": finding.rule,
            "fingerprint": format!("{}:{}", source.name(), finding.fingerprint()),
            "severity": severity(finding.severity),
            "location": { "path": source.name(), "lines": { "begin": begin, "end": end } },
        }));
    }
    for (rule, cut) in counter.cut() {
        issues.push(json!({
            "description": format!("{cut} more findings of {rule} not shown (the cap is {} per rule); run reportlint locally to see them all", cap.per_rule.unwrap_or(0)),
            "check_name": rule,
            "fingerprint": format!("cap:{rule}"),
            "severity": "info",
            "location": { "path": ".", "lines": { "begin": 1 } },
        }));
    }
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into()) + "\n"
}
