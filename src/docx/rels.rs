//! A part's relationships (`_rels/*.rels`): where the package keeps the
//! names of the main document, its styles, headers and footers.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::package::Package;
use super::xml::{attr, error};
use super::DocxError;

/// The relationships of one part, as (type's last word, target part).
#[derive(Debug, Default)]
pub(super) struct Rels {
    links: Vec<(String, String)>,
}

impl Rels {
    /// The target part of the first relationship of this type
    /// (`officeDocument`, `styles`: the last segment of the type's URI).
    pub(super) fn target_of(&self, kind: &str) -> Option<String> {
        self.links
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, target)| target.clone())
    }

    /// How many relationships of this type there are.
    pub(super) fn count(&self, kind: &str) -> usize {
        self.links.iter().filter(|(k, _)| k == kind).count()
    }
}

/// Reads the relationships of `part` (`""` for the package itself). A
/// missing relationships part is no relationship: the callers fall back on
/// the usual part names.
pub(super) fn read(package: &mut Package<'_>, part: &str) -> Result<Rels, DocxError> {
    let (folder, _) = split(part);
    let name = part_of(part);
    let Some(xml) = package.part(&name)? else {
        return Ok(Rels::default());
    };
    let mut reader = Reader::from_str(&xml);
    let mut rels = Rels::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| error(&name, reader.error_position(), e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                // Links out of the package (a web address) are no part.
                if attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                let (Some(kind), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) else {
                    continue;
                };
                let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                rels.links.push((kind, resolve(folder, &target)));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// The name of the part that holds `part`'s relationships.
pub(super) fn part_of(part: &str) -> String {
    let (folder, file) = split(part);
    format!("{folder}_rels/{file}.rels")
}

/// A part name's folder (with its `/`) and file name.
pub(super) fn split(part: &str) -> (&str, &str) {
    match part.rfind('/') {
        Some(at) => part.split_at(at + 1),
        None => ("", part),
    }
}

/// A relationship's target as a part name: relative to the folder of the
/// part that has the relationship, or absolute (a leading `/`).
fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{folder}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(split("word/document.xml"), ("word/", "document.xml"));
        assert_eq!(split(""), ("", ""));
    }
}
