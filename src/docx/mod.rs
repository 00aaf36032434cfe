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
//! [`annotate`] goes the other way: findings' spans of the view become
//! Word comments in a copy of the package (the reader records where each
//! paragraph's text is, [`layout`], so that a comment covers the very runs
//! that hold the flagged words).
//!
//! Every limit of a text report holds: a part is read with a cap on its
//! uncompressed size (a zip bomb is refused, not inflated), and bad input
//! of any kind is a [`DocxError`], never a panic.

mod anchor;
mod annotate;
mod document;
mod example;
mod layout;
mod map;
mod markup;
mod package;
mod rels;
mod repack;
mod review;
mod strip;
mod styles;
mod xml;

use std::fmt;

pub use anchor::Anchor;
pub use annotate::{annotate, Annotated, Note};
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
    let main = Main::read(&mut package)?;
    let mut converted = document::convert(&main.part, &main.xml, &main.styles)?;
    main.check(&mut converted, limit)?;
    main.review(&mut package, &mut converted)?;
    Ok(converted)
}

/// The main document part of a package and what reading it needs.
struct Main {
    /// Its name (`word/document.xml`).
    part: String,
    xml: String,
    /// The package's own relationships (its properties parts).
    root: rels::Rels,
    rels: rels::Rels,
    styles: styles::Styles,
}

impl Main {
    /// Finds the main document through the package's relationships and
    /// reads it with its styles.
    fn read(package: &mut package::Package<'_>) -> Result<Self, DocxError> {
        let root = rels::read(package, "")?;
        let part = root
            .target_of("officeDocument")
            .unwrap_or_else(|| "word/document.xml".to_string());
        let Some(xml) = package.part(&part)? else {
            return Err(DocxError::NotWord(format!(
                "it has no {part} (the text of a .docx)"
            )));
        };
        let rels = rels::read(package, &part)?;
        let styles = match rels.target_of("styles") {
            Some(name) => match package.part(&name)? {
                Some(xml) => styles::Styles::parse(&name, &xml)?,
                None => styles::Styles::default(),
            },
            None => styles::Styles::default(),
        };
        Ok(Self {
            part,
            xml,
            root,
            rels,
            styles,
        })
    }

    /// Completes the review marks of `converted`: each comment's author
    /// and text from the comments part, and whether the document is marked
    /// final. Comments reportlint wrote (`annotate`) are findings, not a
    /// reviewer's: they are left out, so annotating again finds the same.
    fn review(
        &self,
        package: &mut package::Package<'_>,
        converted: &mut WordText,
    ) -> Result<(), DocxError> {
        let ids = std::mem::take(&mut converted.map.comment_ids);
        if !ids.is_empty() {
            let comments = match self.rels.target_of("comments") {
                Some(part) => review::comments(package, &part)?,
                None => Vec::new(),
            };
            let marks = &mut converted.map.review.marks;
            let mut ours = vec![false; marks.len()];
            for (mark, id) in ids {
                let Some(comment) = comments.iter().find(|c| c.id == id) else {
                    continue;
                };
                if comment.author.as_deref() == Some(markup::AUTHOR) {
                    if let Some(flag) = ours.get_mut(mark) {
                        *flag = true;
                    }
                } else if let Some(mark) = marks.get_mut(mark) {
                    mark.author = comment.author.clone();
                    mark.quote = comment.text.clone();
                }
            }
            let mut index = 0;
            marks.retain(|_| {
                index += 1;
                !ours[index - 1]
            });
        }
        converted.map.review.marked_final = review::marked_final(
            package,
            self.root.target_of("custom-properties").as_deref(),
            self.root.target_of("core-properties").as_deref(),
        )?;
        Ok(())
    }

    /// Counts what the view leaves out of the package and refuses a view
    /// without text or over `limit`.
    fn check(&self, converted: &mut WordText, limit: u64) -> Result<(), DocxError> {
        converted.map.stats.headers_footers = self.rels.count("header") + self.rels.count("footer");
        if converted.text.trim().is_empty() {
            return Err(DocxError::NoText);
        }
        if converted.text.len() as u64 > limit {
            return Err(DocxError::TooLarge {
                part: self.part.clone(),
                limit,
            });
        }
        Ok(())
    }
}

/// Whether a path names a Word document by its extension.
pub fn is_docx(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}
