//! Reading a report from disk into memory, once.
//!
//! A report is read whole, checked for being text, and kept as one shared
//! string that the model, the rules and every finding point into. Files that
//! cannot be linted (unreadable, binary, not UTF-8, empty, too large) give an
//! [`InputError`] with the location of the problem, and the run goes on with
//! the other files.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::span::LineIndex;

/// Reports larger than this are refused: published reports are well under
/// 1 MB, and a 64 MB "report" is almost certainly something else.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A report's text with its display name. Cheap to clone and share.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl SourceFile {
    /// Wraps text already in memory (stdin, an editor buffer, a test).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: Arc<str> = Arc::from(text.into());
        let lines = Arc::new(LineIndex::new(&text));
        Self {
            name: Arc::from(name.into()),
            text,
            lines,
        }
    }

    /// The name shown in findings: the path as the user gave it.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> crate::span::Position {
        self.lines.position(&self.text, offset)
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// Why a file could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// The operating system refused to read it.
    Unreadable(String),
    /// It holds a NUL byte: a binary file (a PDF or DOCX not yet converted).
    Binary { offset: usize },
    /// It is not valid UTF-8 at this byte (a Windows-1252 export, say).
    InvalidUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
    /// Nothing but white space.
    Empty,
    /// Larger than [`MAX_REPORT_BYTES`].
    TooLarge { bytes: u64 },
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(why) => write!(f, "cannot read the file: {why}"),
            Self::Binary { offset } => write!(
                f,
                "binary file (NUL byte at offset {offset}): convert it to text or Markdown first"
            ),
            Self::InvalidUtf8 { offset, line, column } => write!(
                f,
                "not valid UTF-8 at line {line}, column {column} (byte {offset}): save the report as UTF-8"
            ),
            Self::Empty => write!(f, "the file is empty: there is no report to check"),
            Self::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes, over the limit of {MAX_REPORT_BYTES} bytes for one report"
            ),
        }
    }
}

/// A file that could not be linted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub problem: InputProblem,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

impl std::error::Error for InputError {}

/// Reads `path` as a report; `name` is how findings will refer to it.
pub fn read_report(path: &Path, name: &str) -> Result<SourceFile, InputError> {
    let fail = |problem| InputError {
        path: name.to_string(),
        problem,
    };
    let metadata =
        std::fs::metadata(path).map_err(|e| fail(InputProblem::Unreadable(e.to_string())))?;
    if metadata.len() > MAX_REPORT_BYTES {
        return Err(fail(InputProblem::TooLarge {
            bytes: metadata.len(),
        }));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(InputProblem::Unreadable(e.to_string())))?;
    decode_report(name, bytes)
}

/// Checks that `bytes` are a text report and wraps them.
pub fn decode_report(name: &str, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    let fail = |problem| InputError {
        path: name.to_string(),
        problem,
    };
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(fail(InputProblem::TooLarge {
            bytes: bytes.len() as u64,
        }));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(fail(InputProblem::Binary { offset }));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
            let index = LineIndex::new(&valid);
            let position = index.position(&valid, offset);
            return Err(fail(InputProblem::InvalidUtf8 {
                offset,
                line: position.line,
                column: position.column,
            }));
        }
    };
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(fail(InputProblem::Empty));
    }
    Ok(SourceFile::new(name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"Line one\nCaf\xe9 culture".to_vec();
        let error = decode_report("draft.txt", bytes).expect_err("not UTF-8");
        assert_eq!(
            error.problem,
            InputProblem::InvalidUtf8 {
                offset: 12,
                line: 2,
                column: 4
            }
        );
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        let binary = decode_report("a.pdf", b"%PDF\0\x01".to_vec()).expect_err("binary");
        assert_eq!(binary.problem, InputProblem::Binary { offset: 4 });
        let empty = decode_report("empty.txt", b" \r\n\t".to_vec()).expect_err("empty");
        assert_eq!(empty.problem, InputProblem::Empty);
    }
}
