//! Paragraph styles (`word/styles.xml`): which styles are headings, at
//! which level, and which are list styles.
//!
//! A style is a heading when it, or a style it is based on, gives an
//! outline level (what Word's navigation pane uses), or else when its name
//! is a built-in heading's (`heading 1` to `heading 9`, `Title`). Names in
//! styles.xml are the English built-in names whatever the language of Word,
//! so a German `Überschrift 1` is found; without styles.xml the style ids
//! (`Heading1`) are read the same way.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::xml::{attr, error, Ns};
use super::DocxError;

/// How far `basedOn` chains are followed (they may loop in a bad file).
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    /// `w:outlineLvl`: 0 for level 1; 9 is body text.
    outline: Option<u8>,
    /// Its paragraphs are numbered (a `w:numPr` with a list other than 0).
    numbered: Option<bool>,
}

/// The paragraph styles of a document, by style id.
#[derive(Debug, Default)]
pub(super) struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    pub(super) fn parse(part: &str, xml: &str) -> Result<Self, DocxError> {
        let mut reader = NsReader::from_str(xml);
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        // Inside an element whose content is not the style's own (a tracked
        // change's old properties, a table style's conditional formats).
        let mut skip = 0usize;
        loop {
            let (ns, event) = match reader.read_resolved_event() {
                Ok((ns, event)) => (Ns::of(&ns), event),
                Err(e) => return Err(error(part, reader.error_position(), e)),
            };
            let word = ns == Ns::Word;
            let (element, started) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                    } else if word && e.local_name().as_ref() == "style" {
                        if let Some((id, style)) = current.take() {
                            styles.insert(id, style);
                        }
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            if skip > 0 {
                skip += usize::from(started);
                continue;
            }
            if !word {
                continue;
            }
            let value = || attr(&element, "val");
            match element.local_name().as_ref() {
                "style" => {
                    let paragraph = attr(&element, "type").is_none_or(|t| t == "paragraph");
                    current = match (paragraph, attr(&element, "styleId")) {
                        (true, Some(id)) => Some((id, Style::default())),
                        _ => None,
                    };
                }
                "name" => with(&mut current, |s| s.name = value()),
                "basedOn" => with(&mut current, |s| s.based_on = value()),
                "outlineLvl" => with(&mut current, |s| {
                    s.outline = value().and_then(|v| v.trim().parse().ok())
                }),
                "numId" => with(&mut current, |s| {
                    s.numbered = value().map(|v| v.trim() != "0")
                }),
                // Old properties of a tracked change, and a table style's
                // conditional formats, are not the style's own.
                name if started && (name.ends_with("Change") || name == "tblStylePr") => {
                    skip = 1;
                }
                _ => {}
            }
        }
        Ok(Self { styles })
    }
}

/// Applies `f` to the style being read, if any.
fn with(current: &mut Option<(String, Style)>, f: impl FnOnce(&mut Style)) {
    if let Some((_, style)) = current {
        f(style);
    }
}

impl Styles {
    /// The styles `id` is based on, itself first, at most [`MAX_CHAIN`].
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a str, Option<&'a Style>)> {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.styles.get(id);
            next = style.and_then(|s| s.based_on.as_deref());
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1 to 9) of paragraphs in style `id`, if it is a
    /// heading style.
    pub(super) fn heading_level(&self, id: &str) -> Option<u8> {
        for (id, style) in self.chain(id) {
            if let Some(level) = style.and_then(|s| s.outline) {
                return heading_of_outline(level);
            }
            let name = style.and_then(|s| s.name.as_deref());
            if let Some(level) = name.and_then(named_level).or_else(|| named_level(id)) {
                return Some(level);
            }
        }
        None
    }

    /// Whether paragraphs in style `id` are list items (the style numbers
    /// them, or is one of Word's list styles).
    pub(super) fn is_list(&self, id: &str) -> bool {
        for (id, style) in self.chain(id) {
            if let Some(numbered) = style.and_then(|s| s.numbered) {
                return numbered;
            }
            let name = style.and_then(|s| s.name.as_deref()).unwrap_or(id);
            let squashed = squashed(name);
            if squashed.starts_with("listbullet") || squashed.starts_with("listnumber") {
                return true;
            }
        }
        false
    }

    /// The level (1 to 9) of a table of contents' entries in style `id`
    /// (Word's built-in `toc 1` to `toc 9`, ids `TOC1` to `TOC9`).
    pub(super) fn contents_level(&self, id: &str) -> Option<u8> {
        self.chain(id).find_map(|(id, style)| {
            let name = style.and_then(|s| s.name.as_deref()).unwrap_or(id);
            let squashed = squashed(name);
            match squashed.strip_prefix("toc")?.parse::<u8>() {
                Ok(level @ 1..=9) => Some(level),
                _ => None,
            }
        })
    }
}

/// A paragraph's outline level as a heading level: 0 to 8 are levels 1
/// to 9; 9 (body text) and anything else is no heading.
pub(super) fn heading_of_outline(outline: u8) -> Option<u8> {
    (outline < 9).then_some(outline + 1)
}

/// A style name or id without its spaces, lower case: `heading 2`,
/// `Heading2` and `HEADING 2` all read `heading2`.
fn squashed(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The level of a built-in heading style by its name or id: `heading 2`,
/// `Heading2`, `Title`.
fn named_level(name: &str) -> Option<u8> {
    let squashed = squashed(name);
    if squashed == "title" {
        return Some(1);
    }
    let digits = squashed.strip_prefix("heading")?;
    match digits.parse::<u8>() {
        Ok(level @ 1..=9) => Some(level),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn headings_come_from_outline_levels_names_and_ids() {
        let xml = format!(
            r#"<w:styles {W}>
              <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
              <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Report section"/>
                <w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="MineToo"><w:name w:val="Sub"/><w:basedOn w:val="Mine"/></w:style>
              <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/>
                <w:pPrChange><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:style>
              <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
              <w:style w:type="paragraph" w:styleId="Bullets"><w:name w:val="List Bullet 2"/></w:style>
              <w:style w:type="paragraph" w:styleId="Steps"><w:name w:val="Steps"/>
                <w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
              <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="Heading 1 Char"/></w:style>
            </w:styles>"#
        );
        let styles = Styles::parse("word/styles.xml", &xml).expect("parses");
        assert_eq!(styles.heading_level("berschrift1"), Some(1));
        assert_eq!(styles.heading_level("Mine"), Some(2));
        assert_eq!(styles.heading_level("MineToo"), Some(2));
        assert_eq!(styles.heading_level("Body"), None);
        assert_eq!(styles.heading_level("Loop"), None);
        assert_eq!(styles.heading_level("Heading3"), Some(3));
        assert_eq!(styles.heading_level("Title"), Some(1));
        assert_eq!(styles.heading_level("Heading1Char"), None);
        assert!(styles.is_list("Bullets"));
        assert!(styles.is_list("Steps"));
        assert!(!styles.is_list("Body"));
    }
}
