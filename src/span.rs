//! Byte spans into a report's text and their line/column positions.
//!
//! Everything in the model points back into the original text by byte
//! offsets, so a finding can be underlined where it is. Lines and columns are
//! computed only when a finding is rendered; columns count Unicode scalar
//! values (what editors call characters), with UTF-16 counts available for
//! protocols that ask for them.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a report's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text this span covers, or `""` if the span does not fit `text`.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether `other` lies inside this span.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// Offsets of line starts, built once per file, so that positions are found
/// by binary search rather than by scanning the text for each finding.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of no text at all.
    pub const fn empty() -> Self {
        Self { starts: Vec::new() }
    }

    /// Indexes `text`; CRLF, LF and lone CR all end a line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // CRLF ends one line, at its LF.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Self { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column of byte `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column of byte `offset`, as the Language
    /// Server Protocol counts them by default.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        (line, column)
    }
}

/// The largest char boundary at or below `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "£1,000\r\nsecond – line\rthird";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let dash = text.find('–').expect("dash present");
        assert_eq!(index.position(text, dash), Position { line: 2, column: 8 });
        let third = text.find("third").expect("third present");
        assert_eq!(index.position(text, third), Position { line: 3, column: 1 });
        assert_eq!(
            index.utf16_position(text, text.find('1').expect("digit")),
            (0, 1)
        );
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "a£b";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2).column, 2);
    }
}
