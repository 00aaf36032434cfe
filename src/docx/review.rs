//! What a reviewer leaves in a Word document: tracked changes, comments,
//! placeholders of content controls, and whether the document is marked
//! final. The text view reads a draft as if its changes were accepted and
//! leaves comments out; these marks say what it read past, so that rules
//! can report a draft sent on with its review unfinished.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::{Deserialize, Serialize};

use super::package::Package;
use super::xml::{attr, error, reference};
use super::DocxError;
use crate::span::Span;

/// The longest quote of a mark's words kept (a deleted paragraph can be
/// long; the finding needs only enough to recognise it).
pub const MAX_QUOTE: usize = 120;

/// What kind of mark.
/// Its name in rule parameters is the variant's in kebab case (`marks:
/// [insertion, comment]`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// A tracked insertion (read as text).
    Insertion,
    /// A tracked deletion (not read).
    Deletion,
    /// A comment on the words of the span.
    Comment,
    /// A content control still showing its placeholder ("Click or tap
    /// here to enter text.").
    Placeholder,
}

impl MarkKind {
    /// The words for it in messages, one and many.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Insertion => ("tracked insertion", "tracked insertions"),
            Self::Deletion => ("tracked deletion", "tracked deletions"),
            Self::Comment => ("comment", "comments"),
            Self::Placeholder => (
                "content control showing its placeholder",
                "content controls showing their placeholders",
            ),
        }
    }
}

/// One mark, placed in the text view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewMark {
    pub kind: MarkKind,
    /// The words it is about in the text view (for a deletion, the words
    /// where the deleted ones were).
    pub span: Span,
    /// Who made it, as Word recorded it.
    pub author: Option<String>,
    /// The words inserted, deleted, commented, or the comment's own text;
    /// at most [`MAX_QUOTE`] characters.
    pub quote: String,
}

/// The review state of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// In document order.
    pub marks: Vec<ReviewMark>,
    /// Word's "Mark as Final" was used, or the document's status says
    /// final.
    pub marked_final: bool,
}

/// Appends `text` to `quote`, keeping at most [`MAX_QUOTE`] characters.
pub(super) fn push_quote(quote: &mut String, text: &str) {
    let room = MAX_QUOTE.saturating_sub(quote.chars().count());
    quote.extend(text.chars().take(room));
}

/// A comment of `word/comments.xml`: its id, author and text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Comment {
    pub id: String,
    pub author: Option<String>,
    pub text: String,
}

/// Reads the comments part, if the document has one.
pub(super) fn comments(package: &mut Package<'_>, part: &str) -> Result<Vec<Comment>, DocxError> {
    let Some(xml) = package.part(part)? else {
        return Ok(Vec::new());
    };
    let mut reader = Reader::from_str(&xml);
    let mut comments = Vec::new();
    let mut current: Option<Comment> = None;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "comment" => {
                current = Some(Comment {
                    id: attr(&e, "id").unwrap_or_default(),
                    author: attr(&e, "author").filter(|a| !a.trim().is_empty()),
                    text: String::new(),
                });
            }
            Event::End(e) if e.local_name().as_ref() == "comment" => {
                if let Some(mut comment) = current.take() {
                    comment.text = comment.text.trim().to_string();
                    comments.push(comment);
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == "p" => {
                if let Some(comment) = &mut current {
                    push_quote(&mut comment.text, " ");
                }
            }
            Event::Text(e) if in_text => {
                if let Some(comment) = &mut current {
                    push_quote(&mut comment.text, &e.xml10_content());
                }
            }
            Event::GeneralRef(e) if in_text => {
                if let (Some(comment), Some(c)) = (&mut current, reference(&e)) {
                    push_quote(&mut comment.text, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(comments)
}

/// Whether the document properties mark it final: Word's "Mark as Final"
/// (`_MarkAsFinal` in the custom properties) or a content status of
/// "Final" in the core properties.
pub(super) fn marked_final(
    package: &mut Package<'_>,
    custom: Option<&str>,
    core: Option<&str>,
) -> Result<bool, DocxError> {
    if let Some(part) = custom {
        if let Some(xml) = package.part(part)? {
            if custom_mark_as_final(part, &xml)? {
                return Ok(true);
            }
        }
    }
    if let Some(part) = core {
        if let Some(xml) = package.part(part)? {
            return core_status_final(part, &xml);
        }
    }
    Ok(false)
}

fn custom_mark_as_final(part: &str, xml: &str) -> Result<bool, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut in_property = false;
    let mut in_value = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "property" => {
                in_property = attr(&e, "name").is_some_and(|n| n == "_MarkAsFinal");
            }
            Event::End(e) if e.local_name().as_ref() == "property" => in_property = false,
            Event::Start(e) if in_property && e.local_name().as_ref() == "bool" => {
                in_value = true;
            }
            Event::End(e) if e.local_name().as_ref() == "bool" => in_value = false,
            Event::Text(e) if in_value => {
                let value = e.xml10_content();
                return Ok(matches!(value.trim(), "true" | "1"));
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

fn core_status_final(part: &str, xml: &str) -> Result<bool, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut in_status = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "contentStatus" => in_status = true,
            Event::End(e) if e.local_name().as_ref() == "contentStatus" => in_status = false,
            Event::Text(e) if in_status => {
                return Ok(e.xml10_content().trim().eq_ignore_ascii_case("final"));
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_as_final_is_read_from_either_property() {
        let custom = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="_MarkAsFinal"><vt:bool>true</vt:bool></property></Properties>"#;
        assert_eq!(custom_mark_as_final("custom.xml", custom), Ok(true));
        assert_eq!(
            custom_mark_as_final("custom.xml", &custom.replace("true", "false")),
            Ok(false)
        );
        let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"><cp:contentStatus>Final</cp:contentStatus></cp:coreProperties>"#;
        assert_eq!(core_status_final("core.xml", core), Ok(true));
        assert_eq!(
            core_status_final("core.xml", &core.replace("Final", "Draft")),
            Ok(false)
        );
    }

    #[test]
    fn quotes_are_kept_short() {
        let mut quote = String::new();
        push_quote(&mut quote, &"é".repeat(200));
        assert_eq!(quote.chars().count(), MAX_QUOTE);
    }
}
