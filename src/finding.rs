//! Findings: what a rule reports, as plain data.
//!
//! A finding has a rule id, a severity, a message, a primary label, related
//! labels (the other end of an inconsistency) and help. It implements
//! [`miette::Diagnostic`] by hand so the human renderer is miette's, while the
//! concise, JSON, SARIF and GitHub renderers read the same fields.

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
        f.write_str(self.as_str())
    }
}

/// A span with what to say about it.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The report the span is in, when it is not the finding's own (the
    /// other end of text shared by two reports of a run).
    #[serde(skip)]
    pub file: Option<SourceFile>,
}

impl PartialEq for Label {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span
            && self.message == other.message
            && self.file.as_ref().map(SourceFile::name) == other.file.as_ref().map(SourceFile::name)
    }
}

impl Eq for Label {}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            file: None,
        }
    }

    /// The same label in another report.
    pub fn in_file(mut self, file: SourceFile) -> Self {
        self.file = Some(file);
        self
    }

    /// The report the label points into: its own, or the finding's.
    pub fn source<'a>(&'a self, finding_source: &'a SourceFile) -> &'a SourceFile {
        self.file.as_ref().unwrap_or(finding_source)
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
    /// The report; shared, never copied per finding.
    pub source: SourceFile,
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
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Note => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // miette draws labels in the finding's own report only: labels in
        // another report are written out here.
        let elsewhere: Vec<String> = self
            .related
            .iter()
            .filter_map(|l| {
                let file = l.file.as_ref()?;
                let at = file.position(l.span.start);
                Some(format!(
                    "{}:{}:{}: {}",
                    file.name(),
                    at.line,
                    at.column,
                    l.message
                ))
            })
            .collect();
        if elsewhere.is_empty() {
            return self
                .help
                .as_ref()
                .map(|h| Box::new(h) as Box<dyn fmt::Display>);
        }
        let mut text = elsewhere.join("\n");
        if let Some(help) = &self.help {
            text = format!("{help}\n{text}");
        }
        Some(Box::new(text))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(
            Some(self.primary.message.clone()),
            self.primary.span,
        );
        let related = self
            .related
            .iter()
            .filter(|l| l.file.is_none())
            .map(|l| miette::LabeledSpan::new_with_span(Some(l.message.clone()), l.span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
