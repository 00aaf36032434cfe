//! Human output: miette's graphical handler, with or without colour.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{snippet, Head, Writer};
use crate::discover::Skipped;
use crate::source::InputError;
use crate::stream::Checked;

/// How the human format is drawn.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
    /// Files in the folders walked that were not linted (README files,
    /// Word lock files, PDFs): the summary says so.
    pub skipped: Skipped,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            skipped: Skipped::default(),
        }
    }
}

pub struct Human {
    handler: GraphicalReportHandler,
    /// Leave out the summary line (`--quiet`).
    quiet: bool,
    files: usize,
    findings: usize,
    input_errors: usize,
    /// Files the walk passed over.
    skipped: Skipped,
}

impl Human {
    pub fn new(options: &HumanOptions, quiet: bool) -> Self {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(options.width)
            .with_context_lines(1)
            .with_links(false);
        Self {
            handler,
            quiet,
            files: 0,
            findings: 0,
            input_errors: 0,
            skipped: options.skipped,
        }
    }
}

fn input_error(out: &mut dyn Write, error: &InputError) -> io::Result<()> {
    write!(out, "error[input]: {error}\n\n")
}

impl Writer for Human {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        self.files = head.files;
        self.input_errors = head.input_errors.len();
        for error in head.input_errors {
            input_error(out, error)?;
        }
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let drawn = self.draw(file).unwrap_or_default();
        self.drawn(out, file, &drawn)
    }

    /// miette's drawing is most of the time the human format takes: files
    /// are drawn in parallel.
    fn draw(&self, file: &Checked) -> Option<Vec<u8>> {
        let mut out = String::new();
        let mut text = String::new();
        for shown in file.shown() {
            text.clear();
            let source = shown.source;
            snippet::draw(
                &self.handler,
                &shown,
                source.name(),
                source.text(),
                source.lines(),
                &mut text,
            );
            out.push_str(&text);
            out.push('\n');
        }
        Some(out.into_bytes())
    }

    fn drawn(&mut self, out: &mut dyn Write, file: &Checked, drawn: &[u8]) -> io::Result<()> {
        self.findings += file.findings.len();
        out.write_all(drawn)
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        for error in late {
            input_error(out, error)?;
        }
        if self.quiet {
            return Ok(());
        }
        let count = self.findings;
        let files = self.files;
        writeln!(
            out,
            "{count} finding{} in {files} file{}{}{}",
            if count == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            match self.input_errors + late.len() {
                0 => String::new(),
                n => format!(
                    "; {n} file{} could not be read",
                    if n == 1 { "" } else { "s" }
                ),
            },
            skipped(&self.skipped)
        )
    }
}

/// What the summary line says of the files the walk passed over:
/// ` (3 README files in the folders skipped)`.
fn skipped(skipped: &Skipped) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut kinds = Vec::new();
    if skipped.readmes > 0 {
        kinds.push(format!(
            "{} README file{}",
            skipped.readmes,
            plural(skipped.readmes)
        ));
    }
    if skipped.lock_files > 0 {
        kinds.push(format!(
            "{} Word lock file{} (~$)",
            skipped.lock_files,
            plural(skipped.lock_files)
        ));
    }
    if skipped.pdfs > 0 {
        kinds.push(format!(
            "{} PDF file{} (`--ext pdf` reads them)",
            skipped.pdfs,
            plural(skipped.pdfs)
        ));
    }
    if kinds.is_empty() {
        return String::new();
    }
    format!(" ({} in the folders skipped)", kinds.join(" and "))
}
