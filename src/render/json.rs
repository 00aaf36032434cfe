//! The JSON output, schema version 1 (docs/json-output.md).
//!
//! Compatible additions keep the version; a change that breaks a consumer
//! raises it.

use serde::Serialize;

use crate::finding::{Finding, Label, Replacement};
use crate::source::SourceFile;
use crate::Run;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    input_errors: Vec<JsonInputError>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    primary: JsonLabel<'a>,
    related: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    /// A safe fix `--fix` applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonReplacement<'a>>,
    /// A change for the author to decide on; never applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<JsonReplacement<'a>>,
}

#[derive(Serialize)]
struct JsonReplacement<'a> {
    start: Place,
    end: Place,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    /// Set only when the label is in another report than the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    message: &'a str,
    start: Place,
    end: Place,
}

#[derive(Serialize)]
struct Place {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonInputError {
    path: String,
    message: String,
}

fn place(source: &SourceFile, offset: usize) -> Place {
    let p = source.position(offset);
    Place {
        line: p.line,
        column: p.column,
        offset,
    }
}

fn label<'a>(source: &SourceFile, label: &'a Label) -> JsonLabel<'a> {
    let path = label.file.as_ref().map(SourceFile::name);
    let source = label.source(source);
    JsonLabel {
        path,
        message: &label.message,
        start: place(source, label.span.start),
        end: place(source, label.span.end),
    }
}

fn replacement<'a>(source: &SourceFile, r: &'a Replacement) -> JsonReplacement<'a> {
    JsonReplacement {
        start: place(source, r.span.start),
        end: place(source, r.span.end),
        text: &r.text,
    }
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        path: f.source.name(),
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        primary: label(&f.source, &f.primary),
        related: f.related.iter().map(|l| label(&f.source, l)).collect(),
        help: f.help.as_deref(),
        fix: f.fix.as_ref().map(|r| replacement(&f.source, r)),
        suggestion: f.suggestion.as_ref().map(|r| replacement(&f.source, r)),
    }
}

pub fn render(run: &Run) -> String {
    let findings: Vec<JsonFinding<'_>> = run.findings().map(finding).collect();
    let count = |s: &str| findings.iter().filter(|f| f.severity == s).count();
    let document = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: run.files.len(),
            findings: findings.len(),
            errors: count("error"),
            warnings: count("warning"),
            notes: count("note"),
        },
        input_errors: run
            .input_errors
            .iter()
            .map(|e| JsonInputError {
                path: e.path.clone(),
                message: e.problem.to_string(),
            })
            .collect(),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
