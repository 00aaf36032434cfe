//! SARIF 2.1.0: for code-scanning dashboards. Rule metadata comes from the
//! rule packs; related spans become `relatedLocations`; a finding's fix
//! becomes `fixes`; each result carries a fingerprint that survives edits
//! elsewhere in the file.

use serde_json::{json, Value};

use crate::finding::Severity;
use crate::rules::RuleSet;
use crate::source::SourceFile;
use crate::span::Span;
use crate::Run;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative URI reference for a path as the user gave it.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn region(source: &SourceFile, span: Span) -> Value {
    let start = source.position(span.start);
    let end = source.position(span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(source: &SourceFile, span: Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(source.name()) },
            "region": region(source, span),
        }
    })
}

pub fn render(run: &Run, rules: &RuleSet) -> String {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|rule| {
            let spec = &rule.spec;
            let mut descriptor = json!({
                "id": spec.id,
                "shortDescription": { "text": spec.summary },
                "fullDescription": { "text": spec.why.trim() },
                "defaultConfiguration": { "level": level(spec.severity) },
                "properties": { "kind": spec.kind },
            });
            if let Some(help) = &spec.help {
                descriptor["help"] = json!({ "text": help.trim() });
            }
            descriptor
        })
        .collect();
    let results: Vec<Value> = run
        .findings()
        .map(|finding| {
            let mut result = json!({
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": { "text": finding.message },
                "locations": [location(&finding.source, finding.primary.span)],
                "partialFingerprints": { "reportlint/v1": finding.fingerprint() },
            });
            if let Some(index) = rules.rules.iter().position(|r| r.id() == finding.rule) {
                result["ruleIndex"] = json!(index);
            }
            if !finding.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    finding
                        .related
                        .iter()
                        .enumerate()
                        .map(|(id, label)| {
                            let mut related = location(label.source(&finding.source), label.span);
                            related["id"] = json!(id);
                            related["message"] = json!({ "text": label.message });
                            related
                        })
                        .collect(),
                );
            }
            if let Some(fix) = &finding.fix {
                result["fixes"] = json!([{
                    "description": { "text": finding.primary.message },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri(finding.source.name()) },
                        "replacements": [{
                            "deletedRegion": region(&finding.source, fix.span),
                            "insertedContent": { "text": fix.text },
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = run
        .input_errors
        .iter()
        .map(|error| {
            json!({
                "level": "error",
                "message": { "text": error.problem.to_string() },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&error.path) } } }],
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "invocations": [{
                "executionSuccessful": run.input_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(
            uri("./drafts/Camden report.txt"),
            "drafts/Camden%20report.txt"
        );
        assert_eq!(uri("a\\b.md"), "a/b.md");
    }
}
