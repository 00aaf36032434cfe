//! Word documents (`.docx`) read as text.
//!
//! A `.docx` is a zip package of XML parts. [`read`] opens the package
//! ([`package`]), finds the main document and its styles through the
//! package's relationships, reads the styles ([`styles`]) and turns
//! `word/document.xml` into a plain-text view ([`document`]) in the layout
//! the grammar reads for Markdown and text: paragraphs separated by blank
//! lines, headings as `#` lines, list paragraphs as `- ` items, table cells
//! as paragraphs of their own (a score column written `Score: N`), so that a
//! draft in Word gives the findings its text would give. Beside the text it
//! keeps a [`WordMap`] from the view back to Word's paragraphs.
//!
//! What is not text: deleted tracked changes, comments, headers and footers
//! (page furniture), footnotes and endnotes, text boxes and drawings,
//! hidden text, field codes. They are counted in [`WordStats`].
//!
//! Every limit of a text report holds: a part is read with a cap on its
//! uncompressed size (a zip bomb is refused, not inflated), and bad input
//! of any kind is a [`DocxError`], never a panic.

mod document;
mod example;
mod map;
mod package;
mod rels;
mod review;
mod styles;
mod xml;

use std::fmt;

pub use example::package_of_body;
pub use map::{Contents, ContentsLine, WordMap, WordPlace, WordStats};
pub use review::{MarkKind, Review, ReviewMark, MAX_QUOTE};

/// The start of an OLE compound file: a password-protected `.docx` (Word
/// encrypts the package inside one) or an old binary `.doc`.
const OLE_SIGNATURE: [u8; 4] = [0xd0, 0xcf, 0x11, 0xe0];

/// A Word document's text view and its map back to the document.
#[derive(Debug, Clone)]
pub struct WordText {
    pub text: String,
    pub map: WordMap,
}

/// Why a `.docx` could not be read. The messages say what to do; the file's
/// path is added by [`crate::source::InputError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// An OLE compound file: encrypted, or a `.doc` with the wrong extension.
    Encrypted,
    /// Not a zip package at all.
    NotZip(String),
    /// A zip package, but not a Word document (no main document part).
    NotWord(String),
    /// A part of the package could not be read (corrupt, or encrypted with
    /// a zip password).
    Part { part: String, problem: String },
    /// A part larger than the limit, uncompressed.
    TooLarge { part: String, limit: u64 },
    /// A part that is not well-formed XML (or not UTF-8/UTF-16).
    Xml {
        part: String,
        offset: u64,
        problem: String,
    },
    /// The body holds no text.
    NoText,
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Encrypted => write!(
                f,
                "an encrypted (password-protected) Word document, or an old binary .doc: \
                 save it in Word as a .docx without a password"
            ),
            Self::NotZip(why) => write!(
                f,
                "not a Word .docx file (a .docx is a zip package; this file is not one: {why})"
            ),
            Self::NotWord(why) => write!(f, "a zip package but not a Word document: {why}"),
            Self::Part { part, problem } => {
                write!(f, "cannot read {part} in the Word document: {problem}")
            }
            Self::TooLarge { part, limit } => write!(
                f,
                "{part} in the Word document is over {limit} bytes uncompressed: refused \
                 (the limit for one report)"
            ),
            Self::Xml {
                part,
                offset,
                problem,
            } => write!(
                f,
                "{part} in the Word document is not well-formed XML at byte {offset}: {problem}"
            ),
            Self::NoText => write!(
                f,
                "the Word document has no text in its body: there is no report to check"
            ),
        }
    }
}

impl std::error::Error for DocxError {}

/// Reads a `.docx` file's bytes as a text view. `limit` caps the bytes
/// uncompressed from the package, all parts together, and the text view.
pub fn read(bytes: &[u8], limit: u64) -> Result<WordText, DocxError> {
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(DocxError::Encrypted);
    }
    let mut package = package::Package::open(bytes, limit)?;
    let root = rels::read(&mut package, "")?;
    let main = root
        .target_of("officeDocument")
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(xml) = package.part(&main)? else {
        return Err(DocxError::NotWord(format!(
            "it has no {main} (the text of a .docx)"
        )));
    };
    let main_rels = rels::read(&mut package, &main)?;
    let styles = match main_rels.target_of("styles") {
        Some(part) => match package.part(&part)? {
            Some(xml) => styles::Styles::parse(&part, &xml)?,
            None => styles::Styles::default(),
        },
        None => styles::Styles::default(),
    };
    let mut converted = document::convert(&main, &xml, &styles)?;
    converted.map.stats.headers_footers = main_rels.count("header") + main_rels.count("footer");
    // Who wrote each comment and what it says.
    if !converted.map.comment_ids.is_empty() {
        if let Some(part) = main_rels.target_of("comments") {
            let comments = review::comments(&mut package, &part)?;
            let review = &mut converted.map.review;
            for (mark, id) in std::mem::take(&mut converted.map.comment_ids) {
                if let (Some(mark), Some(comment)) = (
                    review.marks.get_mut(mark),
                    comments.iter().find(|c| c.id == id),
                ) {
                    mark.author = comment.author.clone();
                    mark.quote = comment.text.clone();
                }
            }
        }
    }
    converted.map.review.marked_final = review::marked_final(
        &mut package,
        root.target_of("custom-properties").as_deref(),
        root.target_of("core-properties").as_deref(),
    )?;
    if converted.text.trim().is_empty() {
        return Err(DocxError::NoText);
    }
    if converted.text.len() as u64 > limit {
        return Err(DocxError::TooLarge { part: main, limit });
    }
    Ok(converted)
}

/// Whether a path names a Word document by its extension.
pub fn is_docx(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}
