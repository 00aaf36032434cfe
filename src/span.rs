//! Byte spans into a report's text and their line/column positions.
//!
//! Everything in the model points back into the original text by byte
//! offsets, so a finding can be underlined where it is. Lines and columns are
//! computed only when a finding is rendered; columns count Unicode scalar
//! values (what editors call characters), with UTF-16 counts available for
//! protocols that ask for them.

use std::sync::OnceLock;

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

    /// This span without the white space (line breaks included) at its
    /// ends; empty at its start if it does not fit `text`.
    pub fn trim(&self, text: &str) -> Span {
        let Some(whole) = text.get(self.start..self.end) else {
            return Span::new(self.start, self.start);
        };
        let start = self.start + (whole.len() - whole.trim_start().len());
        let end = self.start + whole.trim_end().len();
        Span::new(start, end.max(start))
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
///
/// Columns are counted from the nearest checkpoint before the offset, not
/// from the start of its line: a report that is one 20 MB line (text
/// extracted from a PDF without line breaks) gets its columns in one pass
/// over the text, however many findings it has.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Built on the first position asked for in a line longer than
    /// [`CHECKPOINT_STEP`]: every `CHECKPOINT_STEP` bytes (rounded up to a
    /// character), the offset and its column counted both ways.
    checkpoints: OnceLock<Vec<Checkpoint>>,
}

/// Bytes between two column checkpoints: at most this many bytes are
/// counted for one position.
pub const CHECKPOINT_STEP: usize = 4096;

/// A byte offset with its 0-based column in its line, in characters and in
/// UTF-16 units.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

impl LineIndex {
    /// The index of no text at all.
    pub const fn empty() -> Self {
        Self {
            starts: Vec::new(),
            checkpoints: OnceLock::new(),
        }
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
        Self {
            starts,
            checkpoints: OnceLock::new(),
        }
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
        let (line, from, column) = self.counted_from(text, offset, |c| c.chars);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let column = column + text.get(from..offset).map_or(0, |s| s.chars().count()) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column of byte `offset`, as the Language
    /// Server Protocol counts them by default.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let (line, from, column) = self.counted_from(text, offset, |c| c.utf16);
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let column = column
            + text
                .get(from..offset)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        (line, column)
    }

    /// The 0-based line of `offset`, and a point at or before it in the same
    /// line with its column (`column` picks the count): the start of the
    /// line, or the nearest checkpoint when the line is long.
    fn counted_from(
        &self,
        text: &str,
        offset: usize,
        column: impl Fn(&Checkpoint) -> usize,
    ) -> (usize, usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        if offset - start <= CHECKPOINT_STEP {
            return (line, start, 0);
        }
        let checkpoints = self.checkpoints.get_or_init(|| self.checkpoints_of(text));
        let at = checkpoints.partition_point(|c| c.offset <= offset);
        match at.checked_sub(1).map(|i| &checkpoints[i]) {
            Some(c) if c.offset >= start => (line, c.offset, column(c)),
            _ => (line, start, 0),
        }
    }

    /// The checkpoints of `text`, in one pass: each one's column is counted
    /// from the one before when they are in the same line.
    fn checkpoints_of(&self, text: &str) -> Vec<Checkpoint> {
        let mut checkpoints: Vec<Checkpoint> = Vec::with_capacity(text.len() / CHECKPOINT_STEP);
        let mut at = CHECKPOINT_STEP;
        while at < text.len() {
            let offset = ceil_char_boundary(text, at);
            let line_start = self.line_start(self.line_of(offset));
            let (from, chars, utf16) = match checkpoints.last() {
                Some(c) if c.offset >= line_start => (c.offset, c.chars, c.utf16),
                _ => (line_start, 0, 0),
            };
            let piece = text.get(from..offset).unwrap_or("");
            checkpoints.push(Checkpoint {
                offset,
                chars: chars + piece.chars().count(),
                utf16: utf16 + piece.chars().map(char::len_utf16).sum::<usize>(),
            });
            at = offset + CHECKPOINT_STEP;
        }
        checkpoints
    }
}

/// The smallest char boundary at or above `offset`.
fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset.min(text.len())
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
    fn trimming_keeps_the_words_only() {
        let text = "  Score 2 \r\nnext";
        assert_eq!(Span::new(0, 12).trim(text).of(text), "Score 2");
        assert_eq!(Span::new(0, 2).trim(text), Span::new(2, 2));
        assert_eq!(Span::new(0, 99).trim(text), Span::new(0, 0));
    }

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

    /// Naive positions: counted from the start of the line.
    fn counted(text: &str, index: &LineIndex, offset: usize) -> (Position, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let start = index.line_start(index.line_of(offset));
        let before = &text[start..offset];
        (
            Position {
                line: index.line_of(offset) + 1,
                column: before.chars().count() + 1,
            },
            before.chars().map(char::len_utf16).sum(),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Columns counted from checkpoints are those counted from the
        /// start of the line, in long lines and short ones.
        #[test]
        fn checkpointed_columns_are_counted_columns(
            pieces in proptest::collection::vec("(a|é|😀|\\n|\\r\\n|bcdefgh){1,4}", 1..40),
            repeat in proptest::collection::vec(1usize..800, 1..40),
            offsets in proptest::collection::vec(0usize..40_000, 1..20),
        ) {
            let mut text = String::new();
            for (piece, n) in pieces.iter().zip(repeat.iter().cycle()) {
                text.push_str(&piece.repeat(*n));
            }
            let index = LineIndex::new(&text);
            for offset in offsets {
                let (position, utf16) = counted(&text, &index, offset);
                proptest::prop_assert_eq!(index.position(&text, offset), position);
                proptest::prop_assert_eq!(index.utf16_position(&text, offset).1, utf16);
            }
        }
    }

    /// On one very long line no position counts more than a checkpoint
    /// step of bytes: columns of many findings stay linear in the text.
    #[test]
    fn columns_in_a_long_line_count_at_most_a_step() {
        let text = "£ab ".repeat(250_000);
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(9_973) {
            let (_, from, _) = index.counted_from(&text, offset, |c| c.chars);
            assert!(offset - from <= CHECKPOINT_STEP + 4, "{offset} from {from}");
        }
        let last = text.len() - 1;
        assert_eq!(index.position(&text, last).column, 1_000_000);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "a£b";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2).column, 2);
    }
}
