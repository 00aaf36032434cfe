//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the pull request's diff.

use std::io::{self, Write};

use super::{Head, Writer};
use crate::finding::Severity;
use crate::source::InputError;
use crate::stream::Checked;

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

pub struct Github {
    cap: super::Cap,
    counter: super::CapCounter,
}

impl Github {
    pub fn new(cap: &super::Cap) -> Self {
        Self {
            cap: *cap,
            counter: cap.counter(),
        }
    }
}

fn input_error(out: &mut dyn Write, error: &InputError) -> io::Result<()> {
    writeln!(
        out,
        "::error file={},title=input::{}",
        property(&error.path),
        data(&error.problem.to_string())
    )
}

impl Writer for Github {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        for error in head.input_errors {
            input_error(out, error)?;
        }
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        for shown in file.shown() {
            let (finding, source) = (shown.finding, shown.source);
            if !self.counter.admit(&finding.rule) {
                continue;
            }
            let start = source.position(finding.primary.span.start);
            let end = source.position(finding.primary.span.end);
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut message = finding.message.clone();
            for label in &finding.related {
                message.push_str(&format!("\n  {}: {}", shown.line_of(label), label.message));
            }
            // Columns are only meaningful when the annotation stays on one line.
            let columns = if start.line == end.line {
                format!(",col={},endColumn={}", start.column, end.column)
            } else {
                String::new()
            };
            writeln!(
                out,
                "::{command} file={},line={},endLine={}{columns},title={}::{}",
                property(source.name()),
                start.line,
                end.line,
                property(&finding.rule),
                data(&message)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        for error in late {
            input_error(out, error)?;
        }
        for (rule, cut) in self.counter.cut() {
            writeln!(
                out,
                "::notice title={}::{}",
                property(rule),
                data(&format!(
                    "{cut} more findings of {rule} not shown (the cap is {} per rule); run reportlint locally to see them all",
                    self.cap.per_rule.unwrap_or(0)
                ))
            )?;
        }
        Ok(())
    }
}
