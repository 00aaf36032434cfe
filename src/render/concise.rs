//! `path:line:col: severity[rule] message`: for editors' quickfix lists and
//! grep. Related spans follow on indented lines in the same form.

use std::io::{self, Write};

use super::{Head, Writer};
use crate::source::InputError;
use crate::stream::Checked;

pub struct Concise;

fn input_error(out: &mut dyn Write, error: &InputError) -> io::Result<()> {
    writeln!(out, "{}:1:1: error[input] {}", error.path, error.problem)
}

impl Writer for Concise {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        for error in head.input_errors {
            input_error(out, error)?;
        }
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        for shown in file.shown() {
            let (finding, source) = (shown.finding, shown.source);
            let at = source.position(finding.primary.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                source.name(),
                at.line,
                at.column,
                finding.severity,
                finding.rule,
                finding.message
            )?;
            for label in &finding.related {
                let Some(source) = shown.source_of(label) else {
                    continue;
                };
                let at = source.position(label.span.start);
                writeln!(
                    out,
                    "  {}:{}:{}: related: {}",
                    source.name(),
                    at.line,
                    at.column,
                    label.message
                )?;
            }
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        for error in late {
            input_error(out, error)?;
        }
        Ok(())
    }
}
