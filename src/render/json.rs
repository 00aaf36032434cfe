//! The JSON output, schema version 1 (docs/json-output.md).
//!
//! Compatible additions keep the version; a change that breaks a consumer
//! raises it.

use serde::Serialize;

use std::io::{self, Write};

use super::{split_at_array, Head, JsonArray, Writer};
use crate::docx::WordPlace;
use crate::finding::{Label, Replacement, Shown};
use crate::source::{InputError, SourceFile};
use crate::stream::Checked;

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

#[derive(Serialize, Clone, Copy, Default)]
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
    /// In a Word document, the paragraph the label starts in.
    #[serde(skip_serializing_if = "Option::is_none")]
    word: Option<WordPlace<'a>>,
    /// In a PDF, the page the label starts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
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

fn label<'a>(shown: &Shown<'a>, label: &'a Label) -> JsonLabel<'a> {
    // A label in a report that was not given is placed in the finding's own.
    let other = label.file.and_then(|_| shown.source_of(label));
    let path = other.map(SourceFile::name);
    let source = other.unwrap_or(shown.source);
    JsonLabel {
        path,
        message: &label.message,
        start: place(source, label.span.start),
        end: place(source, label.span.end),
        word: source.word().and_then(|map| map.place(label.span.start)),
        page: source.page(label.span.start),
    }
}

fn replacement<'a>(source: &SourceFile, r: &'a Replacement) -> JsonReplacement<'a> {
    JsonReplacement {
        start: place(source, r.span.start),
        end: place(source, r.span.end),
        text: &r.text,
    }
}

fn finding<'a>(shown: &Shown<'a>) -> JsonFinding<'a> {
    let (f, source) = (shown.finding, shown.source);
    JsonFinding {
        path: source.name(),
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        primary: label(shown, &f.primary),
        related: f.related.iter().map(|l| label(shown, l)).collect(),
        help: f.help.as_deref(),
        fix: f.fix.as_ref().map(|r| replacement(source, r)),
        suggestion: f.suggestion.as_ref().map(|r| replacement(source, r)),
    }
}

fn summary(head: &Head<'_>) -> Summary {
    Summary {
        files: head.files,
        findings: head.findings,
        errors: head.errors,
        warnings: head.warnings,
        notes: head.notes,
    }
}

/// The document without findings, laid out whole.
fn document<'a>(summary: Summary, input_errors: impl Iterator<Item = &'a InputError>) -> String {
    let document = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary,
        input_errors: input_errors
            .map(|e| JsonInputError {
                path: e.path.clone(),
                message: e.problem.to_string(),
            })
            .collect(),
        findings: Vec::new(),
    };
    serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The document is written around its findings: everything before them at
/// the start (the summary is known from the run's head), the findings one
/// file at a time, and the input errors after them at the end.
#[derive(Default)]
pub struct Json {
    summary: Summary,
    /// The input errors known at the start.
    input_errors: Vec<InputError>,
    findings: Option<JsonArray>,
}

impl Writer for Json {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        self.summary = summary(head);
        self.input_errors = head.input_errors.to_vec();
        let text = document(self.summary, head.input_errors.iter());
        match split_at_array(&text, "findings") {
            Some((before, depth, _)) => {
                out.write_all(before.as_bytes())?;
                self.findings = Some(JsonArray::open(out, depth)?);
                Ok(())
            }
            None => out.write_all(text.as_bytes()),
        }
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let Some(array) = &mut self.findings else {
            return Ok(());
        };
        for shown in file.shown() {
            array.item(out, &finding(&shown))?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        let Some(array) = self.findings.take() else {
            return out.write_all(b"\n");
        };
        array.close(out)?;
        let text = document(self.summary, self.input_errors.iter().chain(late));
        if let Some((_, _, after)) = split_at_array(&text, "findings") {
            out.write_all(after.as_bytes())?;
        }
        out.write_all(b"\n")
    }
}
