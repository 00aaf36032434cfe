//! A copy of a Word document with notes (findings) as comments on the words
//! they are about. Only the parts that must change are written again: the
//! main document (the comments' marks), the comments part, the content
//! types and the main document's relationships when they lack the
//! comments part. Every other entry is copied as it is.

use std::ops::Range;

use super::anchor::{self, Anchor};
use super::markup::{append_to_root, declared_utf8, elements, escape, Word};
use super::package::Package;
use super::{document, rels, repack, strip, DocxError, Main, OLE_SIGNATURE};

const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const COMMENTS_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

/// What to say, and where: a span of the text view and the comment's
/// paragraphs.
#[derive(Debug, Clone)]
pub struct Note {
    pub span: Range<usize>,
    pub paragraphs: Vec<String>,
}

/// The annotated package.
#[derive(Debug)]
pub struct Annotated {
    pub bytes: Vec<u8>,
    /// How each note was anchored, in the order given.
    pub anchors: Vec<Anchor>,
    /// Comments of an earlier run taken out.
    pub replaced: usize,
}

/// Writes `notes` into a copy of the package `bytes` as comments. `linted`
/// is the text view the notes' spans are in; it must be the package's.
/// `limit` caps what is inflated, as for [`super::read`].
pub fn annotate(
    bytes: &[u8],
    limit: u64,
    linted: &str,
    notes: &[Note],
) -> Result<Annotated, DocxError> {
    if bytes.starts_with(&OLE_SIGNATURE) {
        return Err(DocxError::Encrypted);
    }
    let mut package = Package::open(bytes, limit)?;
    let main = Main::read(&mut package)?;
    let (folder, _) = rels::split(&main.part);
    let linked = main.rels.target_of("comments");
    let comments_part = linked
        .clone()
        .unwrap_or_else(|| format!("{folder}comments.xml"));
    let existing = package.part(&comments_part)?;
    let kept = match &existing {
        Some(xml) => strip::comments(&comments_part, xml)?,
        None => strip::Kept::default(),
    };
    let body = strip::document(&main.part, &main.xml, &kept.ours)?;
    let (mut view, layout) = document::convert_traced(&main.part, &body, &main.styles)?;
    main.check(&mut view, limit)?;
    if view.text != linted {
        return Err(DocxError::Part {
            part: main.part.clone(),
            problem: "its text is not the text that was checked".to_string(),
        });
    }
    let highest = kept.highest.max(strip::highest_mark(&main.part, &body)?);
    let first = highest.map_or(Some(0), |h| u32::try_from(h).ok()?.checked_add(1));
    let first = first.ok_or_else(|| DocxError::Part {
        part: comments_part.clone(),
        problem: "its comment ids are used up".to_string(),
    })?;
    let word = Word::of(&main.part, &body)?;
    let spans: Vec<Range<usize>> = notes.iter().map(|n| n.span.clone()).collect();
    let (marked, anchors) = anchor::anchor(&body, &view, &layout, &spans, first, &word);
    let placed: Vec<(&Note, u32)> = notes
        .iter()
        .zip(&anchors)
        .filter(|(_, (anchor, _))| *anchor != Anchor::Nowhere)
        .map(|(note, (_, id))| (note, *id))
        .collect();

    let mut changed: Vec<(String, String)> = Vec::new();
    if marked != main.xml {
        changed.push((main.part.clone(), declared_utf8(marked)));
    }
    if !placed.is_empty() || !kept.ours.is_empty() {
        let names = match &existing {
            Some(xml) => Word::of(&comments_part, xml)?,
            None => Word::new_part(word.namespace()),
        };
        let comments: String = placed
            .iter()
            .map(|(note, id)| names.comment(*id, &note.paragraphs))
            .collect();
        let xml = match &existing {
            Some(_) => append_to_root(&comments_part, &kept.xml, &comments)?,
            None => names.comments_part(&comments),
        };
        if existing.as_deref() != Some(xml.as_str()) {
            changed.push((comments_part.clone(), declared_utf8(xml)));
        }
    }
    if !placed.is_empty() {
        let types = package.part(CONTENT_TYPES)?;
        if let Some(xml) = with_override(types, &comments_part)? {
            changed.push((CONTENT_TYPES.to_string(), declared_utf8(xml)));
        }
        if linked.is_none() {
            let name = rels::part_of(&main.part);
            let xml = with_relationship(&name, package.part(&name)?, &comments_part, folder)?;
            changed.push((name, declared_utf8(xml)));
        }
    }
    Ok(Annotated {
        bytes: repack::repack(bytes, &changed)?,
        anchors: anchors.into_iter().map(|(anchor, _)| anchor).collect(),
        replaced: kept.ours.len(),
    })
}

/// The content types with an `Override` for the comments part, or `None`
/// when they have one.
fn with_override(types: Option<String>, part: &str) -> Result<Option<String>, DocxError> {
    let name = format!("/{part}");
    let entry = format!(
        r#"<Override PartName="{}" ContentType="{COMMENTS_TYPE}"/>"#,
        escape(&name)
    );
    let Some(xml) = types else {
        // A package without content types is not one Word opens; what
        // reportlint adds gets its type all the same.
        return Ok(Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types xmlns=\"{TYPES}\">{entry}</Types>"
        )));
    };
    let overrides = elements(CONTENT_TYPES, &xml, "Override", &["PartName"])?;
    let declared = overrides.iter().any(|(_, values)| {
        values
            .first()
            .cloned()
            .flatten()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    });
    if declared {
        return Ok(None);
    }
    append_to_root(CONTENT_TYPES, &xml, &entry).map(Some)
}

/// The main document's relationships with one to the comments part (the
/// part holding them is made if there is none).
fn with_relationship(
    name: &str,
    xml: Option<String>,
    part: &str,
    folder: &str,
) -> Result<String, DocxError> {
    let target = part.strip_prefix(folder).unwrap_or(part);
    let target = if target.len() == part.len() && !folder.is_empty() {
        format!("/{part}")
    } else {
        target.to_string()
    };
    let Some(xml) = xml else {
        return Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"{RELATIONSHIPS}\">{}</Relationships>",
            relationship("rId1", &target)
        ));
    };
    let ids: Vec<String> = elements(name, &xml, "Relationship", &["Id"])?
        .into_iter()
        .filter_map(|(_, values)| values.into_iter().next().flatten())
        .collect();
    let id = (ids.len() + 1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !ids.contains(id))
        .unwrap_or_else(|| "rIdComments".to_string());
    append_to_root(name, &xml, &relationship(&id, &target))
}

fn relationship(id: &str, target: &str) -> String {
    format!(
        r#"<Relationship Id="{id}" Type="{COMMENTS_RELATIONSHIP}" Target="{}"/>"#,
        escape(target)
    )
}
