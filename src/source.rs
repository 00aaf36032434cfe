//! Reading a report from disk into memory.
//!
//! A report is read whole, checked for being text, and kept as one shared
//! string that the model, the rules and every finding point into. A run
//! over a folder drops the text once the report is linted and reads it
//! again for output, checked against its [`Fingerprint`] (see
//! [`crate::stream`]). Files that
//! cannot be linted (unreadable, binary, not UTF-8, empty, too large) give an
//! [`InputError`] with the location of the problem, and the run goes on with
//! the other files.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use crate::docx::{DocxError, WordMap, WordText};
use crate::pdf::PdfError;
// Named here too: a report's encoding is part of reading it.
pub use crate::encoding::Encoding;
use crate::span::LineIndex;

/// Reports larger than this are refused: published reports are well under
/// 1 MB, and a 64 MB "report" is almost certainly something else.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A report's text with its display name. Cheap to clone and share.
///
/// Besides text in memory, a source can be *deferred*: read from disk the
/// first time its text is asked for, and checked against the
/// [`Fingerprint`] it had when it was linted (the step of a run over all
/// its reports reads only those its rules use).
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Text(Arc<Loaded>),
    Deferred(Arc<Deferred>),
}

#[derive(Debug, Default)]
struct Loaded {
    text: String,
    lines: LineIndex,
    /// For a Word document, where the text view's places are in it.
    word: Option<WordMap>,
    /// Text extracted from a PDF: its pages are separated by form feeds.
    from_pdf: bool,
}

#[derive(Debug)]
struct Deferred {
    path: PathBuf,
    fingerprint: Fingerprint,
    /// `None` once tried: the file could not be read or had changed.
    loaded: OnceLock<Option<Loaded>>,
}

/// No text: what an unavailable deferred source reads as.
static NOTHING: Loaded = Loaded {
    text: String::new(),
    lines: LineIndex::empty(),
    word: None,
    from_pdf: false,
};

impl SourceFile {
    /// Wraps text already in memory (stdin, an editor buffer, a test).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::in_memory(name.into(), text.into(), None, false)
    }

    /// The text of a PDF as [`crate::pdf`] extracts it.
    pub fn from_pdf(name: impl Into<String>, text: String) -> Self {
        Self::in_memory(name.into(), text, None, true)
    }

    /// The text view of a Word document, with its map back to the
    /// document's paragraphs.
    pub fn from_word(name: impl Into<String>, word: WordText) -> Self {
        Self::in_memory(name.into(), word.text, Some(word.map), false)
    }

    /// A source whose text is in memory, with its lines indexed.
    fn in_memory(name: String, text: String, word: Option<WordMap>, from_pdf: bool) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            name: Arc::from(name),
            body: Body::Text(Arc::new(Loaded {
                text,
                lines,
                word,
                from_pdf,
            })),
        }
    }

    /// A report on disk whose text is read when first asked for. If the
    /// file cannot be read then, or no longer has `fingerprint`, its text
    /// is empty and [`SourceFile::unavailable`] says so.
    pub fn deferred(name: &str, path: &Path, fingerprint: Fingerprint) -> Self {
        Self {
            name: Arc::from(name),
            body: Body::Deferred(Arc::new(Deferred {
                path: path.to_path_buf(),
                fingerprint,
                loaded: OnceLock::new(),
            })),
        }
    }

    /// The name shown in findings: the path as the user gave it.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn loaded(&self) -> &Loaded {
        match &self.body {
            Body::Text(loaded) => loaded,
            Body::Deferred(deferred) => deferred
                .loaded
                .get_or_init(|| {
                    let source =
                        read_as_linted(&deferred.path, &self.name, deferred.fingerprint).ok()?;
                    match source.body {
                        Body::Text(loaded) => Arc::into_inner(loaded),
                        Body::Deferred(_) => None,
                    }
                })
                .as_ref()
                .unwrap_or(&NOTHING),
        }
    }

    pub fn text(&self) -> &str {
        &self.loaded().text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.loaded().lines
    }

    /// For a Word document, the map from its text view back to its
    /// paragraphs; `None` for text.
    pub fn word(&self) -> Option<&WordMap> {
        self.loaded().word.as_ref()
    }

    /// Whether the text was extracted from a PDF (reading it again means
    /// running the extraction again).
    pub fn from_pdf_text(&self) -> bool {
        self.loaded().from_pdf
    }

    /// For text extracted from a PDF, the 1-based page that the byte
    /// `offset` is on (pages are separated by form feeds); `None` for other
    /// reports.
    pub fn page(&self, offset: usize) -> Option<usize> {
        let loaded = self.loaded();
        if !loaded.from_pdf {
            return None;
        }
        let before = loaded.text.get(..offset.min(loaded.text.len()))?;
        Some(1 + memchr::memchr_iter(b'\x0c', before.as_bytes()).count())
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> crate::span::Position {
        let loaded = self.loaded();
        loaded.lines.position(&loaded.text, offset)
    }

    /// Whether this is a deferred source that was read and could not be
    /// had as it was linted (unreadable now, or changed).
    pub fn unavailable(&self) -> bool {
        match &self.body {
            Body::Text(_) => false,
            Body::Deferred(deferred) => matches!(deferred.loaded.get(), Some(None)),
        }
    }
}

/// What a report's text was when it was linted: its length and a 64-bit
/// hash, to tell cheaply whether the file changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub len: usize,
    pub hash: u64,
}

impl Fingerprint {
    /// The fingerprint of `text`: a multiply-xor hash over 8-byte words,
    /// several GB/s, stable within a run (it is never stored).
    pub fn of(text: &str) -> Self {
        Self::of_bytes(text.as_bytes())
    }

    /// The fingerprint of bytes: four independent lanes over 32-byte
    /// blocks, folded together at the end.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let word = |chunk: &[u8]| {
            let mut w = [0u8; 8];
            let n = chunk.len().min(8);
            w[..n].copy_from_slice(&chunk[..n]);
            u64::from_le_bytes(w)
        };
        let mix = |lane: u64, w: u64| {
            let h = (lane ^ w).wrapping_mul(K);
            h ^ (h >> 29)
        };
        let mut lanes = [
            K ^ bytes.len() as u64,
            K,
            K.rotate_left(17),
            K.rotate_left(41),
        ];
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            for (lane, chunk) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                *lane = mix(*lane, word(chunk));
            }
        }
        let mut hash = lanes[0];
        for lane in &lanes[1..] {
            hash = mix(hash, *lane);
        }
        for chunk in blocks.remainder().chunks(8) {
            hash = mix(hash, word(chunk));
        }
        hash = mix(hash, bytes.len() as u64);
        Self {
            len: bytes.len(),
            hash: hash ^ (hash >> 32),
        }
    }
}

/// A file's size and modification time as read, to tell without reading
/// it whether it was written since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// A regular file, which reads the same again (not a pipe or device).
    pub regular: bool,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Self {
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            regular: metadata.is_file(),
        }
    }

    /// The stamp of the file at `path` now.
    pub fn now(path: &Path) -> std::io::Result<Self> {
        std::fs::metadata(path).map(|m| Self::of(&m))
    }
}

impl miette::SourceCode for SourceFile {
    /// miette's reading of a span counts lines from the start of the text,
    /// which makes drawing every finding of a long report quadratic. The
    /// line index says where the span's line starts: miette reads from a
    /// line before its context instead, and the line numbers are shifted
    /// by the lines left out. The result is the same as a read of the whole
    /// text (tested).
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (text, lines) = (self.text(), self.lines());
        let skipped = lines
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let start = lines.line_start(skipped).min(span.offset()).min(text.len());
        let window = text.as_bytes().get(start..).unwrap_or_default();
        let shifted = miette::SourceSpan::new((span.offset() - start).into(), span.len());
        let contents = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            miette::SourceSpan::new(
                (contents.span().offset() + start).into(),
                contents.span().len(),
            ),
            contents.line() + skipped,
            contents.column(),
            contents.line_count() + skipped,
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
    /// It starts with a UTF-16 byte order mark but is not valid UTF-16.
    InvalidUtf16 { offset: usize },
    /// Nothing but white space.
    Empty,
    /// Larger than [`MAX_REPORT_BYTES`].
    TooLarge { bytes: u64 },
    /// Its content is not what was linted: it was written to during the
    /// run, and positions from the lint would point to the wrong places.
    Changed,
    /// A folder the user named holds no file with these extensions.
    NoReports { extensions: Vec<String> },
    /// A `.docx` file that cannot be read as a Word document.
    Word(DocxError),
    /// A `.pdf` file whose text could not be extracted.
    Pdf(PdfError),
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
            Self::InvalidUtf16 { offset } => write!(
                f,
                "not valid UTF-16 at byte {offset} (the file starts with a UTF-16 byte order mark): save the report as UTF-8"
            ),
            Self::Empty => write!(f, "the file is empty: there is no report to check"),
            Self::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes, over the limit of {MAX_REPORT_BYTES} bytes for one report"
            ),
            Self::Changed => write!(
                f,
                "the file changed while being linted: run reportlint again"
            ),
            Self::Word(error) => write!(f, "{error}"),
            Self::Pdf(error) => write!(f, "{error}"),
            Self::NoReports { extensions } => {
                let names: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
                write!(
                    f,
                    "no report in this folder (no {} file); `--ext` lints other extensions",
                    names.join(", ")
                )
            }
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
    read_stamped(path, name).map(|(source, _)| source)
}

/// [`read_report`], also giving the file's [`Stamp`] as it was read (taken
/// before the content, so that a write during the read shows as a change).
pub fn read_stamped(path: &Path, name: &str) -> Result<(SourceFile, Stamp), InputError> {
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
    decode_named_path(path, name, bytes).map(|source| (source, Stamp::of(&metadata)))
}

/// Reads a Word document's bytes as its text view ([`crate::docx`]).
pub fn decode_word(name: &str, bytes: &[u8]) -> Result<SourceFile, InputError> {
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(InputError {
            path: name.to_string(),
            problem: InputProblem::TooLarge {
                bytes: bytes.len() as u64,
            },
        });
    }
    crate::docx::read(bytes, MAX_REPORT_BYTES)
        .map(|word| SourceFile::from_word(name, word))
        .map_err(|error| InputError {
            path: name.to_string(),
            problem: InputProblem::Word(error),
        })
}

/// Reads a PDF's bytes as its text ([`crate::pdf`]).
pub fn decode_pdf(name: &str, bytes: &[u8]) -> Result<SourceFile, InputError> {
    let fail = |problem| InputError {
        path: name.to_string(),
        problem,
    };
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(fail(InputProblem::TooLarge {
            bytes: bytes.len() as u64,
        }));
    }
    let text = crate::pdf::extract(bytes, MAX_REPORT_BYTES)
        .map_err(|error| fail(InputProblem::Pdf(error)))?;
    Ok(SourceFile::from_pdf(name, text))
}

/// Reads bytes given with a name (standard input with `--stdin-filename`):
/// a Word document or a PDF when the name says so, else text.
pub fn decode_named(name: &str, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    decode_named_path(Path::new(name), name, bytes)
}

/// Reads `bytes` as the format `path`'s extension names.
fn decode_named_path(path: &Path, name: &str, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
    if crate::docx::is_docx(path) {
        decode_word(name, &bytes)
    } else if crate::pdf::is_pdf(path) {
        decode_pdf(name, &bytes)
    } else {
        decode_report(name, bytes)
    }
}

/// Reads again a report that was linted with `fingerprint`: it must still
/// have it (the checks [`decode_report`] made of that text hold, and are
/// not made again).
pub fn read_as_linted(
    path: &Path,
    name: &str,
    fingerprint: Fingerprint,
) -> Result<SourceFile, InputError> {
    let fail = |problem| InputError {
        path: name.to_string(),
        problem,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(InputProblem::Unreadable(e.to_string())))?;
    if crate::docx::is_docx(path) || crate::pdf::is_pdf(path) {
        // The text view is made again and compared with what was linted.
        let source =
            decode_named_path(path, name, bytes).map_err(|_| fail(InputProblem::Changed))?;
        if Fingerprint::of(source.text()) != fingerprint {
            return Err(fail(InputProblem::Changed));
        }
        return Ok(source);
    }
    let bytes = match Encoding::of(&bytes) {
        Encoding::Utf8 => bytes,
        utf16 => utf16
            .decode(&bytes)
            .map_err(|_| fail(InputProblem::Changed))?
            .into_bytes(),
    };
    if Fingerprint::of_bytes(&bytes) != fingerprint {
        return Err(fail(InputProblem::Changed));
    }
    let text = String::from_utf8(bytes).map_err(|_| fail(InputProblem::Changed))?;
    Ok(SourceFile::new(name, text))
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
    let bytes = match Encoding::of(&bytes) {
        Encoding::Utf8 => bytes,
        utf16 => match utf16.decode(&bytes) {
            Ok(text) => text.into_bytes(),
            Err(offset) => return Err(fail(InputProblem::InvalidUtf16 { offset })),
        },
    };
    if let Some(offset) = memchr::memchr(0, &bytes) {
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

    proptest::proptest! {
        /// A span read from the line index's window is what miette reads
        /// from the whole text.
        #[test]
        fn spans_read_as_from_the_whole_text(
            text in "(ab|c|\\r|\\n|\\r\\n|é| ){0,60}",
            at in 0usize..200,
            len in 0usize..20,
            before in 0usize..3,
            after in 0usize..3,
        ) {
            use miette::SourceCode;
            let source = SourceFile::new("t.txt", text.as_str());
            let span = miette::SourceSpan::new(at.min(text.len()).into(), len);
            let whole = text.as_bytes().read_span(&span, before, after);
            let read = source.read_span(&span, before, after);
            match (whole, read) {
                (Ok(w), Ok(r)) => {
                    proptest::prop_assert_eq!(w.data(), r.data());
                    proptest::prop_assert_eq!(w.span(), r.span());
                    proptest::prop_assert_eq!(w.line(), r.line());
                    proptest::prop_assert_eq!(w.column(), r.column());
                    proptest::prop_assert_eq!(w.line_count(), r.line_count());
                }
                (Err(_), Err(_)) => {}
                (w, r) => proptest::prop_assert!(false, "{:?} vs {:?}", w.is_ok(), r.is_ok()),
            };
        }
    }

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
    fn fingerprints_tell_texts_apart() {
        let text = "Overall rating: Good\r\n\nThe council works well with partners.";
        assert_eq!(
            Fingerprint::of(text),
            Fingerprint::of_bytes(text.as_bytes())
        );
        // Same length, one letter changed, at the start, the middle and in
        // the tail that is not a whole block.
        for at in [0, 17, text.len() - 1] {
            let mut bytes = text.as_bytes().to_vec();
            bytes[at] ^= 0x20;
            let edited = Fingerprint::of_bytes(&bytes);
            assert_eq!(edited.len, text.len());
            assert_ne!(edited, Fingerprint::of(text), "byte {at}");
        }
        assert_ne!(Fingerprint::of(""), Fingerprint::of(" "));
    }

    #[test]
    fn deferred_sources_read_the_file_as_linted_or_nothing() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Title\nBody\n").expect("write");
        let linted = Fingerprint::of("Title\nBody\n");
        let source = SourceFile::deferred("a.txt", &path, linted);
        assert_eq!(source.position(7).line, 2);
        assert!(!source.unavailable());

        std::fs::write(&path, "Title\nBody, edited\n").expect("write");
        let changed = SourceFile::deferred("a.txt", &path, linted);
        assert_eq!(changed.text(), "");
        assert!(changed.unavailable());
        let error = read_as_linted(&path, "a.txt", linted).expect_err("changed");
        assert_eq!(error.problem, InputProblem::Changed);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_text() {
        let text = "\u{feff}Title – £1\r\nBody\n";
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encoding.encode(text);
            assert_eq!(Encoding::of(&bytes), encoding);
            let source = decode_report("a.txt", bytes.clone()).expect("UTF-16 is text");
            assert_eq!(source.text(), text);
            // An odd byte count is not UTF-16.
            let mut odd = bytes;
            odd.push(b'x');
            let error = decode_report("a.txt", odd).expect_err("odd");
            assert!(matches!(error.problem, InputProblem::InvalidUtf16 { .. }));
        }
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, Encoding::Utf16Le.encode(text)).expect("write");
        assert_eq!(Encoding::of_file(&path), Encoding::Utf16Le);
        let again = read_as_linted(&path, "a.txt", Fingerprint::of(text)).expect("as linted");
        assert_eq!(again.text(), text);
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        let binary = decode_report("a.pdf", b"%PDF\0\x01".to_vec()).expect_err("binary");
        assert_eq!(binary.problem, InputProblem::Binary { offset: 4 });
        let empty = decode_report("empty.txt", b" \r\n\t".to_vec()).expect_err("empty");
        assert_eq!(empty.problem, InputProblem::Empty);
    }
}
