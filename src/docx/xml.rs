//! What the readers of the package's XML parts share: names, attributes,
//! errors.

use quick_xml::events::{BytesRef, BytesStart};
use quick_xml::name::ResolveResult;

use super::DocxError;

/// WordprocessingML's namespace, transitional (what Word writes) and strict.
const WORD: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility: `mc:Fallback` repeats its `mc:Choice` for older
/// readers, so reading both would give text twice.
const COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Whose element an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    Word,
    Compatibility,
    Other,
}

impl Ns {
    pub(super) fn of(resolved: &ResolveResult<'_>) -> Self {
        match resolved {
            ResolveResult::Bound(ns) if WORD.contains(&ns.0) => Self::Word,
            ResolveResult::Bound(ns) if ns.0 == COMPATIBILITY => Self::Compatibility,
            _ => Self::Other,
        }
    }
}

/// The value of the attribute with this local name (`w:val` is `val`),
/// whatever its prefix; `None` when absent or malformed.
pub(super) fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A toggle property (`<w:vanish/>`, `<w:vanish w:val="false"/>`): on
/// unless its value says off.
pub(super) fn toggle_on(element: &BytesStart<'_>) -> bool {
    !matches!(attr(element, "val").as_deref(), Some("0" | "false" | "off"))
}

/// The character an entity or character reference stands for: the five
/// XML entities and `&#...;` references. A part declares no others.
pub(super) fn reference(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match reference.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// A parse error of `part`, located by the byte the reader stopped at.
pub(super) fn error(part: &str, offset: u64, error: quick_xml::Error) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        offset,
        problem: error.to_string(),
    }
}
