//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the pull request's diff.

use crate::finding::Severity;
use crate::Run;

/// Escapes a property value (`%`, CR, LF, `:` and `,`).
fn property(value: &str) -> String {
    data(value).replace(':', "%3A").replace(',', "%2C")
}

/// Escapes the message (`%`, CR, LF).
fn data(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn render(run: &Run, cap: &super::Cap) -> String {
    let mut out = String::new();
    for error in &run.input_errors {
        out.push_str(&format!(
            "::error file={},title=input::{}\n",
            property(&error.path),
            data(&error.problem.to_string())
        ));
    }
    let mut counter = cap.counter();
    for finding in run.findings() {
        if !counter.admit(&finding.rule) {
            continue;
        }
        let source = &finding.source;
        let start = source.position(finding.primary.span.start);
        let end = source.position(finding.primary.span.end);
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut message = finding.message.clone();
        for label in &finding.related {
            match &label.file {
                Some(other) => {
                    let at = other.position(label.span.start);
                    message.push_str(&format!(
                        "\n  {} line {}: {}",
                        other.name(),
                        at.line,
                        label.message
                    ));
                }
                None => {
                    let at = source.position(label.span.start);
                    message.push_str(&format!("\n  line {}: {}", at.line, label.message));
                }
            }
        }
        // Columns are only meaningful when the annotation stays on one line.
        let columns = if start.line == end.line {
            format!(",col={},endColumn={}", start.column, end.column)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "::{command} file={},line={},endLine={}{columns},title={}::{}\n",
            property(source.name()),
            start.line,
            end.line,
            property(&finding.rule),
            data(&message)
        ));
    }
    for (rule, cut) in counter.cut() {
        out.push_str(&format!(
            "::notice title={}::{}\n",
            property(rule),
            data(&format!(
                "{cut} more findings of {rule} not shown (the cap is {} per rule); run reportlint locally to see them all",
                cap.per_rule.unwrap_or(0)
            ))
        ));
    }
    out
}
