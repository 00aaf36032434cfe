//! The XML that `annotate` writes into a package: comment marks, comments,
//! and the small edits of a part's root element (one more `Override`, one
//! more `Relationship`). Generated text is escaped here and nowhere else.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, Reader};

use super::xml::{attr, error};
use super::DocxError;

/// WordprocessingML as Word writes it, for a part made from nothing.
const TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Who the comments are from: what marks them as reportlint's on the next
/// run.
pub(super) const AUTHOR: &str = "reportlint";
const INITIALS: &str = "RL";

/// How a part names WordprocessingML's elements: its prefix, or `w`
/// declared on each element written when the part uses the default
/// namespace (so that `w:id` is in the namespace too).
#[derive(Debug, Clone)]
pub(super) struct Word {
    prefix: String,
    declare: String,
    namespace: String,
}

impl Word {
    /// The names of a part whose root element is in WordprocessingML.
    pub(super) fn of(part: &str, xml: &str) -> Result<Self, DocxError> {
        let mut reader = NsReader::from_str(xml);
        loop {
            let (ns, event) = match reader.read_resolved_event() {
                Ok(read) => read,
                Err(e) => return Err(error(part, reader.error_position(), e)),
            };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let namespace = match ns {
                        ResolveResult::Bound(ns) => ns.0.to_string(),
                        _ => TRANSITIONAL.to_string(),
                    };
                    let prefix = e.name().prefix().map(|p| p.as_ref().to_string());
                    return Ok(Self::named(prefix, namespace));
                }
                Event::Eof => return Ok(Self::named(None, TRANSITIONAL.to_string())),
                _ => {}
            }
        }
    }

    /// The names of a part written from nothing, in `namespace`.
    pub(super) fn new_part(namespace: &str) -> Self {
        Self::named(None, namespace.to_string())
    }

    fn named(prefix: Option<String>, namespace: String) -> Self {
        match prefix {
            Some(prefix) => Self {
                prefix: format!("{prefix}:"),
                declare: String::new(),
                namespace,
            },
            None => Self {
                prefix: "w:".to_string(),
                declare: format!(r#" xmlns:w="{}""#, escape(&namespace)),
                namespace,
            },
        }
    }

    pub(super) fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Where a comment's range starts.
    pub(super) fn range_start(&self, id: u32) -> String {
        let (w, d) = (&self.prefix, &self.declare);
        format!(r#"<{w}commentRangeStart{d} {w}id="{id}"/>"#)
    }

    /// Where a comment's range ends, and the run with its mark (what Word
    /// shows the comment at).
    pub(super) fn range_end(&self, id: u32) -> String {
        let (w, d) = (&self.prefix, &self.declare);
        format!(
            r#"<{w}commentRangeEnd{d} {w}id="{id}"/><{w}r{d}><{w}commentReference {w}id="{id}"/></{w}r>"#
        )
    }

    /// A text element holding `text`, its spaces kept.
    pub(super) fn text(&self, text: &str) -> String {
        let (w, d) = (&self.prefix, &self.declare);
        format!(
            r#"<{w}t{d} xml:space="preserve">{}</{w}t>"#,
            escape(&clean(text))
        )
    }

    /// A comment of reportlint's: one paragraph per item of `paragraphs`.
    /// No date, so that the same draft gives the same document.
    pub(super) fn comment(&self, id: u32, paragraphs: &[String]) -> String {
        let (w, d) = (&self.prefix, &self.declare);
        let mut xml = format!(
            r#"<{w}comment{d} {w}id="{id}" {w}author="{AUTHOR}" {w}initials="{INITIALS}">"#
        );
        for (i, paragraph) in paragraphs.iter().enumerate() {
            xml.push_str(&format!("<{w}p><{w}r>"));
            if i == 0 {
                // The mark Word numbers the comment with in its pane.
                xml.push_str(&format!("<{w}annotationRef/></{w}r><{w}r>"));
            }
            // The comment declares the prefix; its children need not.
            xml.push_str(&format!(
                r#"<{w}t xml:space="preserve">{}</{w}t>"#,
                escape(&clean(paragraph))
            ));
            xml.push_str(&format!("</{w}r></{w}p>"));
        }
        xml.push_str(&format!("</{w}comment>"));
        xml
    }

    /// A comments part holding `comments` (made by [`Word::comment`]).
    pub(super) fn comments_part(&self, comments: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
             <w:comments xmlns:w=\"{}\">{comments}</w:comments>",
            escape(&self.namespace)
        )
    }
}

/// Text as XML allows it: control characters other than tabs and line
/// ends are dropped (a finding quotes the report, which may hold them).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Text escaped for an element or an attribute value.
pub(super) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// `xml` with `inner` added as the root element's last content (an empty
/// root, `<Types .../>`, is opened for it).
pub(super) fn append_to_root(part: &str, xml: &str, inner: &str) -> Result<String, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        let before = position(&reader);
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        let after = position(&reader);
        match event {
            Event::Empty(e) if depth == 0 => {
                let name = e.name().as_ref().to_string();
                let tag = xml.get(before..after).unwrap_or_default();
                let opened = tag.trim_end_matches('>').trim_end_matches('/');
                return Ok(format!(
                    "{}{opened}>{inner}</{name}>{}",
                    &xml[..before],
                    &xml[after..]
                ));
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(format!("{}{inner}{}", &xml[..before], &xml[before..]));
                }
            }
            Event::Eof => {
                return Err(DocxError::Xml {
                    part: part.to_string(),
                    offset: before as u64,
                    problem: "it has no root element to add to".to_string(),
                })
            }
            _ => {}
        }
    }
}

/// An element's bytes, start tag to end tag, and the values of the
/// attributes asked for (`None` where it has not one).
pub(super) type Element = (Range<usize>, Vec<Option<String>>);

/// Every element named `local` (any prefix) in `xml`: its bytes, start tag
/// to end tag, and the value of each attribute `names` asks for.
pub(super) fn elements(
    part: &str,
    xml: &str,
    local: &str,
    names: &[&str],
) -> Result<Vec<Element>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    // The element being read and how deep inside it the reader is.
    let mut open: Option<(usize, Vec<Option<String>>, usize)> = None;
    loop {
        let before = position(&reader);
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        let after = position(&reader);
        let values = |e: &BytesStart<'_>| names.iter().map(|n| attr(e, n)).collect();
        match (&mut open, event) {
            (_, Event::Eof) => break,
            (None, Event::Empty(e)) if e.local_name().as_ref() == local => {
                found.push((before..after, values(&e)));
            }
            (None, Event::Start(e)) if e.local_name().as_ref() == local => {
                open = Some((before, values(&e), 0));
            }
            (Some((_, _, depth)), Event::Start(_)) => *depth += 1,
            (Some((start, values, depth)), Event::End(_)) => {
                if *depth == 0 {
                    found.push((*start..after, std::mem::take(values)));
                    open = None;
                } else {
                    *depth -= 1;
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// `xml` without the byte ranges `cut` (sorted, not overlapping).
pub(super) fn without(xml: &str, cut: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    for range in cut {
        if range.start < at {
            continue;
        }
        out.push_str(xml.get(at..range.start).unwrap_or_default());
        at = range.end;
    }
    out.push_str(xml.get(at..).unwrap_or_default());
    out
}

/// A part read from UTF-16 is written back in UTF-8: its declaration must
/// say so (or say nothing, which means UTF-8).
pub(super) fn declared_utf8(xml: String) -> String {
    let Some(end) = xml.strip_prefix("<?xml").and_then(|_| xml.find("?>")) else {
        return xml;
    };
    let declaration = &xml[..end];
    if !declaration.to_ascii_lowercase().contains("utf-16") {
        return xml;
    }
    let fixed = declaration
        .replace("UTF-16", "UTF-8")
        .replace("utf-16", "UTF-8");
    format!("{fixed}{}", &xml[end..])
}

/// The reader's byte offset in the part.
pub(super) fn position<R>(reader: &Reader<R>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_root_is_opened_and_a_full_one_appended_to() {
        let empty = r#"<?xml version="1.0"?><Types xmlns="x"/>"#;
        assert_eq!(
            append_to_root("t", empty, "<A/>").expect("appended"),
            r#"<?xml version="1.0"?><Types xmlns="x"><A/></Types>"#
        );
        let full = r#"<Types xmlns="x"><B/></Types>"#;
        assert_eq!(
            append_to_root("t", full, "<A/>").expect("appended"),
            r#"<Types xmlns="x"><B/><A/></Types>"#
        );
    }

    #[test]
    fn elements_are_found_with_their_attributes() {
        let xml = r#"<c><comment id="1" author="A"><p/></comment><x/><comment id="2"/></c>"#;
        let found = elements("c", xml, "comment", &["id", "author"]).expect("read");
        assert_eq!(found.len(), 2);
        assert_eq!(
            &xml[found[0].0.clone()],
            r#"<comment id="1" author="A"><p/></comment>"#
        );
        assert_eq!(found[0].1, vec![Some("1".into()), Some("A".into())]);
        assert_eq!(found[1].1, vec![Some("2".into()), None]);
        assert_eq!(
            without(xml, &[found[0].0.clone()]),
            r#"<c><x/><comment id="2"/></c>"#
        );
    }

    #[test]
    fn names_follow_the_part() {
        let prefixed = Word::of("d", r#"<w:document xmlns:w="urn:w"/>"#).expect("read");
        assert_eq!(
            prefixed.range_start(3),
            r#"<w:commentRangeStart w:id="3"/>"#
        );
        let default = Word::of("d", r#"<document xmlns="urn:w"/>"#).expect("read");
        assert_eq!(
            default.range_start(3),
            r#"<w:commentRangeStart xmlns:w="urn:w" w:id="3"/>"#
        );
        assert_eq!(
            prefixed.text("a < b\u{1b}"),
            r#"<w:t xml:space="preserve">a &lt; b</w:t>"#
        );
    }

    #[test]
    fn a_utf16_declaration_becomes_utf8() {
        assert_eq!(
            declared_utf8(r#"<?xml version="1.0" encoding="UTF-16"?><a/>"#.into()),
            r#"<?xml version="1.0" encoding="UTF-8"?><a/>"#
        );
        assert_eq!(declared_utf8("<a/>".into()), "<a/>");
    }
}
