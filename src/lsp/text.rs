//! Open documents and the conversion between byte offsets and LSP
//! positions in the negotiated encoding.
//!
//! The protocol counts a column in UTF-16 code units unless client and
//! server agree on UTF-8 bytes. Reports are full of `£`, curly quotes and en
//! dashes (one UTF-16 unit but two or three bytes), so both directions go
//! through the same line index: positions out to the editor (diagnostics,
//! hovers, symbols) and positions in from it (incremental edits, hover and
//! code action requests).

use std::path::PathBuf;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use crate::span::{LineIndex, Span};

/// How the columns of a [`Position`] are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 bytes, when the client offers `utf-8` in
    /// `general.positionEncodings`.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
}

impl Encoding {
    /// The encoding to use given the client's `general.positionEncodings`:
    /// UTF-8 when offered (no conversion needed), else UTF-16.
    pub fn negotiate(offered: &[String]) -> Self {
        if offered.iter().any(|e| e == "utf-8") {
            Self::Utf8
        } else {
            Self::Utf16
        }
    }

    /// The name the protocol uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
        }
    }
}

/// The byte range of 0-based `line` without its line ending, or `None`
/// past the last line.
fn line_bounds(text: &str, lines: &LineIndex, line: usize) -> Option<(usize, usize)> {
    if line >= lines.line_count() {
        return None;
    }
    let start = lines.line_start(line);
    let next = if line + 1 < lines.line_count() {
        lines.line_start(line + 1)
    } else {
        text.len()
    };
    let body = text.get(start..next).unwrap_or("");
    let body = body
        .strip_suffix("\r\n")
        .or_else(|| body.strip_suffix('\n'))
        .or_else(|| body.strip_suffix('\r'))
        .unwrap_or(body);
    Some((start, start + body.len()))
}

/// The LSP position of byte `offset` (rounded down to a char boundary).
pub fn position(text: &str, lines: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = lines.line_of(offset);
    let start = lines.line_start(line);
    let column: usize = text
        .get(start..offset)
        .map_or(0, |s| s.chars().map(|c| encoding.width(c)).sum());
    Position::new(saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset of an LSP position. A column past the end of its line
/// means the end of the line, a line past the end means the end of the
/// text, and a column inside a character (half a surrogate pair) rounds
/// down to the character's start, as the protocol asks.
pub fn offset(text: &str, lines: &LineIndex, position: Position, encoding: Encoding) -> usize {
    let Some((start, end)) = line_bounds(text, lines, position.line as usize) else {
        return text.len();
    };
    let want = position.character as usize;
    let mut units = 0;
    for (i, c) in text.get(start..end).unwrap_or("").char_indices() {
        let next = units + encoding.width(c);
        if next > want {
            return start + i;
        }
        units = next;
    }
    end
}

/// The LSP range of a byte span.
pub fn range(text: &str, lines: &LineIndex, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(text, lines, span.start, encoding),
        position(text, lines, span.end, encoding),
    )
}

/// The byte span of an LSP range (start and end in order).
pub fn span(text: &str, lines: &LineIndex, range: Range, encoding: Encoding) -> Span {
    let a = offset(text, lines, range.start, encoding);
    let b = offset(text, lines, range.end, encoding);
    Span::new(a.min(b), a.max(b))
}

/// An open document: the editor's buffer, not the file on disk.
#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    /// The file the buffer belongs to, for configuration discovery; `None`
    /// for an untitled buffer or a URI that is not a local file.
    pub path: Option<PathBuf>,
    pub version: i32,
    /// The client's language id (`markdown`, `plaintext`), if it said.
    pub language: Option<String>,
    text: String,
    lines: LineIndex,
}

impl Document {
    pub fn new(uri: Uri, version: i32, text: String) -> Self {
        let path = file_path(uri.as_str());
        let lines = LineIndex::new(&text);
        Self {
            uri,
            path,
            version,
            language: None,
            text,
            lines,
        }
    }

    /// The document with the client's language id.
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The name findings carry: the path, else the URI.
    pub fn name(&self) -> String {
        self.path.as_ref().map_or_else(
            || self.uri.as_str().to_string(),
            |p| p.display().to_string(),
        )
    }

    /// Whether suppressions are written as HTML comments (Markdown: the
    /// client says so, or the name ends in `.md` or `.markdown`) rather than
    /// as plain lines.
    pub fn is_markdown(&self) -> bool {
        if self.language.as_deref() == Some("markdown") {
            return true;
        }
        let name = self.uri.as_str().to_ascii_lowercase();
        let name = name.split(['?', '#']).next().unwrap_or("");
        name.ends_with(".md") || name.ends_with(".markdown")
    }

    /// The line ending the document uses (its first one), for inserted lines.
    pub fn line_ending(&self) -> &'static str {
        match self.text.find(['\r', '\n']) {
            Some(i) if self.text[i..].starts_with("\r\n") => "\r\n",
            Some(i) if self.text[i..].starts_with('\r') => "\r",
            _ => "\n",
        }
    }

    /// Applies one change of a `didChange`: a range replaced, or the whole
    /// text when there is no range. Later changes of one notification are
    /// relative to the text after the earlier ones, so call this in order.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            None => self.text.clone_from(&change.text),
            Some(range) => {
                let span = span(&self.text, &self.lines, range, encoding);
                self.text.replace_range(span.start..span.end, &change.text);
            }
        }
        self.lines = LineIndex::new(&self.text);
    }

    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        position(&self.text, &self.lines, offset, encoding)
    }

    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        offset(&self.text, &self.lines, position, encoding)
    }

    pub fn range(&self, span: Span, encoding: Encoding) -> Range {
        range(&self.text, &self.lines, span, encoding)
    }
}

/// The local path of a `file:` URI, percent-decoded; `None` for other
/// schemes or a path that is not UTF-8 once decoded.
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // The authority (`localhost` or empty) ends at the path's first slash.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    // `file:///C:/reports/a.md` on Windows.
    let windows_drive = path.len() > 2
        && path.as_bytes().get(2) == Some(&b':')
        && path.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic);
    if cfg!(windows) && windows_drive {
        return Some(PathBuf::from(&path[1..]));
    }
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().expect("valid URI")
    }

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "Cost: £2.4m on “ARC” – yes\nnext 😀 x\n";
        let lines = LineIndex::new(text);
        let at = text.find("yes").expect("present");
        assert_eq!(
            position(text, &lines, at, Encoding::Utf16),
            Position::new(0, 23)
        );
        assert_eq!(
            position(text, &lines, at, Encoding::Utf8),
            Position::new(0, 30)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = position(text, &lines, at, encoding);
            assert_eq!(offset(text, &lines, p, encoding), at);
        }
        // The emoji is a surrogate pair: a column inside it rounds down.
        let x = text.rfind('x').expect("x");
        let p = position(text, &lines, x, Encoding::Utf16);
        assert_eq!(p, Position::new(1, 8));
        let emoji = text.find('😀').expect("emoji");
        assert_eq!(
            offset(text, &lines, Position::new(1, 6), Encoding::Utf16),
            emoji
        );
        // Past the end of a line is its end; past the last line, the end.
        assert_eq!(
            offset(text, &lines, Position::new(0, 500), Encoding::Utf16),
            text.find('\n').expect("newline")
        );
        assert_eq!(
            offset(text, &lines, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn incremental_edits_apply_after_multibyte_characters() {
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let mut doc = Document::new(
                uri("file:///tmp/a.md"),
                1,
                "“Quoted” £5 – score 2\r\nline two\r\n".to_string(),
            );
            let two = doc.text().find('2').expect("digit");
            let start = doc.position(two, encoding);
            let end = doc.position(two + 1, encoding);
            doc.apply(
                &TextDocumentContentChangeEvent {
                    range: Some(Range::new(start, end)),
                    range_length: None,
                    text: "3".into(),
                },
                encoding,
            );
            assert_eq!(doc.text(), "“Quoted” £5 – score 3\r\nline two\r\n");
            doc.apply(
                &TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(1, 5), Position::new(1, 8))),
                    range_length: None,
                    text: "2".into(),
                },
                encoding,
            );
            assert_eq!(doc.text(), "“Quoted” £5 – score 3\r\nline 2\r\n");
            assert_eq!(doc.line_ending(), "\r\n");
        }
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_path("file:///home/a/Draft%20report.md"),
            Some(PathBuf::from("/home/a/Draft report.md"))
        );
        assert_eq!(
            file_path("file://localhost/tmp/x.txt"),
            Some(PathBuf::from("/tmp/x.txt"))
        );
        assert_eq!(file_path("untitled:Untitled-1"), None);
        assert_eq!(file_path("file:///tmp/%FF%FE.md"), None);
        assert_eq!(file_path("file:///tmp/%Z"), None);
        assert!(Document::new(uri("file:///a/b.MD"), 0, String::new()).is_markdown());
        assert!(!Document::new(uri("file:///a/b.txt"), 0, String::new()).is_markdown());
        assert!(Document::new(uri("untitled:Untitled-1"), 0, String::new())
            .with_language("markdown")
            .is_markdown());
    }
}
