//! Findings: what a rule reports, as plain data.
//!
//! A finding has a rule id, a severity, a message, a primary label, related
//! labels (the other end of an inconsistency) and help. A finding is data
//! about one report and holds no text: the run that made it knows which
//! report it is about, and a label in another report of the run names that
//! report by its [`FileId`]. [`Shown`] pairs a finding with the texts it
//! points into and implements [`miette::Diagnostic`] by hand, so the human
//! renderer is miette's, while the concise, JSON, SARIF and GitHub renderers
//! read the same fields.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::SourceFile;
use crate::span::Span;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours a width such as `{:<8}` (the `rules` columns).
        f.pad(self.as_str())
    }
}

/// A report of a run, by its place in the run's files: the index in
/// [`crate::stream::Lint::files`] (reports given in memory included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A span with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The report the span is in, when it is not the finding's own (the
    /// other end of text shared by two reports of a run).
    #[serde(skip)]
    pub file: Option<FileId>,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            file: None,
        }
    }

    /// The same label in another report of the run.
    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }
}

/// An edit to the report: put `text` where `span` is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub span: Span,
    pub text: String,
}

impl Replacement {
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Self {
            span,
            text: text.into(),
        }
    }
}

/// One problem found in one report.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    pub help: Option<String>,
    /// A safe, mechanical fix that `--fix` applies (a substitution rule's
    /// replacement, the join of a sentence split by a page break).
    pub fix: Option<Replacement>,
    /// A change the author chooses to make or not (a computed rating, a
    /// corrected figure): shown, never applied by `--fix`.
    pub suggestion: Option<Replacement>,
}

impl Finding {
    /// The key findings are sorted by: position, then rule, then message.
    pub fn sort_key(&self) -> (usize, usize, &str, &str) {
        (
            self.primary.span.start,
            self.primary.span.end,
            &self.rule,
            &self.message,
        )
    }

    /// A key for the finding that survives edits elsewhere in the file:
    /// the rule, the message and the text of the flagged line, not line
    /// numbers. SARIF's `partialFingerprints` and baselines use it.
    /// `source` is the finding's report.
    pub fn fingerprint(&self, source: &SourceFile) -> String {
        let lines = source.lines();
        let line = lines.line_of(self.primary.span.start);
        let start = lines.line_start(line);
        let end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            source.text().len()
        };
        let text = source.text().get(start..end).unwrap_or("").trim();
        format!("{:016x}", fnv1a(&[&self.rule, &self.message, text]))
    }
}

/// FNV-1a: small, stable across platforms and releases (unlike std's hasher).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A finding with the text of its report and of the other reports its
/// labels point into: what miette draws.
#[derive(Debug)]
pub struct Shown<'a> {
    pub finding: &'a Finding,
    pub source: &'a SourceFile,
    /// The other reports of the run its labels point into.
    pub others: &'a [(FileId, SourceFile)],
}

impl<'a> Shown<'a> {
    /// The text a label points into: the finding's report, or another one
    /// of the run (`None` if that one was not given).
    pub fn source_of(&self, label: &Label) -> Option<&'a SourceFile> {
        source_of(self.source, self.others, label)
    }

    /// "line 12" for a label in the finding's report, "other.txt line 12"
    /// for one in another report of the run: for formats that give lines.
    pub fn line_of(&self, label: &Label) -> String {
        match label.file.and_then(|_| self.source_of(label)) {
            Some(other) => format!(
                "{} line {}",
                other.name(),
                other.position(label.span.start).line
            ),
            None => format!("line {}", self.source.position(label.span.start).line),
        }
    }
}

/// The text `label` points into: `own` (the finding's report), or one of
/// `others` by its id.
pub fn source_of<'a>(
    own: &'a SourceFile,
    others: &'a [(FileId, SourceFile)],
    label: &Label,
) -> Option<&'a SourceFile> {
    match label.file {
        None => Some(own),
        Some(id) => others
            .iter()
            .find(|(other, _)| *other == id)
            .map(|(_, source)| source),
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Note => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let finding = self.finding;
        let mut lines: Vec<String> = finding.help.iter().cloned().collect();
        // miette draws labels in the finding's own report only: labels in
        // another report are written out here.
        for label in finding.related.iter().filter(|l| l.file.is_some()) {
            if let Some(file) = self.source_of(label) {
                let at = file.position(label.span.start);
                lines.push(format!(
                    "{}:{}:{}: {}",
                    file.name(),
                    at.line,
                    at.column,
                    label.message
                ));
            }
        }
        if let Some(fix) = &finding.fix {
            lines.push(format!("fix (`check --fix` applies it): `{}`", fix.text));
        }
        if let Some(suggestion) = &finding.suggestion {
            lines.push(format!(
                "suggested, for you to decide: `{}`",
                suggestion.text
            ));
        }
        if lines.is_empty() {
            return None;
        }
        Some(Box::new(lines.join("\n")))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let finding = self.finding;
        let primary = miette::LabeledSpan::new_primary_with_span(
            Some(finding.primary.message.clone()),
            finding.primary.span,
        );
        let related = finding
            .related
            .iter()
            .filter(|l| l.file.is_none())
            .map(|l| miette::LabeledSpan::new_with_span(Some(l.message.clone()), l.span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
