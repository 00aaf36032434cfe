//! SARIF 2.1.0: for code-scanning dashboards. Rule metadata comes from the
//! rule packs; related spans become `relatedLocations`; a finding's fix
//! becomes `fixes`; each result carries a fingerprint that survives edits
//! elsewhere in the file.

use serde_json::{json, Value};

use std::io::{self, Write};

use super::{split_at_array, Head, JsonArray, Writer};
use crate::finding::{Severity, Shown};
use crate::rules::RuleSet;
use crate::source::{InputError, SourceFile};
use crate::span::Span;
use crate::stream::Checked;

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

/// A place in a report; in a Word document also its paragraph and heading,
/// in a PDF its page (as `--format json` gives them), in the location's
/// property bag.
fn location(source: &SourceFile, span: Span) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(source.name()) },
            "region": region(source, span),
        }
    });
    let mut properties = serde_json::Map::new();
    if let Some(place) = source.word().and_then(|map| map.place(span.start)) {
        properties.insert("word".into(), json!(place));
    }
    if let Some(page) = source.page(span.start) {
        properties.insert("page".into(), json!(page));
    }
    if !properties.is_empty() {
        location["properties"] = Value::Object(properties);
    }
    location
}

fn descriptors(rules: &RuleSet) -> Vec<Value> {
    rules
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
        .collect()
}

fn result(shown: &Shown<'_>, rules: &RuleSet) -> Value {
    let (finding, source) = (shown.finding, shown.source);
    let mut result = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [location(source, finding.primary.span)],
        "partialFingerprints": { "reportlint/v1": finding.fingerprint(source) },
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
                .filter_map(|(id, label)| Some((id, label, shown.source_of(label)?)))
                .map(|(id, label, other)| {
                    let mut related = location(other, label.span);
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
                "artifactLocation": { "uri": uri(source.name()) },
                "replacements": [{
                    "deletedRegion": region(source, fix.span),
                    "insertedContent": { "text": fix.text },
                }],
            }],
        }]);
    }
    result
}

/// The log without results, laid out whole.
fn document(rules: &RuleSet, input_errors: &[InputError]) -> String {
    let notifications: Vec<Value> = input_errors
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
                    "rules": descriptors(rules),
                }
            },
            "invocations": [{
                "executionSuccessful": input_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": [],
        }]
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// The log is written around its results: what comes before them (the
/// input errors among it) at the start, the results one file at a time,
/// the rest at the end. Files found changed while the results were written
/// (`late`) have no place left in the log: the caller reports them.
pub struct Sarif<'a> {
    rules: &'a RuleSet,
    results: Option<JsonArray>,
    after: String,
}

impl<'a> Sarif<'a> {
    pub fn new(rules: &'a RuleSet) -> Self {
        Self {
            rules,
            results: None,
            after: String::new(),
        }
    }
}

impl Writer for Sarif<'_> {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        let text = document(self.rules, head.input_errors);
        match split_at_array(&text, "results") {
            Some((before, depth, after)) => {
                out.write_all(before.as_bytes())?;
                self.results = Some(JsonArray::open(out, depth)?);
                self.after = after;
                Ok(())
            }
            None => out.write_all(text.as_bytes()),
        }
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let Some(results) = &mut self.results else {
            return Ok(());
        };
        for shown in file.shown() {
            results.item(out, &result(&shown, self.rules))?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, _late: &[InputError]) -> io::Result<()> {
        if let Some(results) = self.results.take() {
            results.close(out)?;
            out.write_all(self.after.as_bytes())?;
        }
        out.write_all(b"\n")
    }
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
