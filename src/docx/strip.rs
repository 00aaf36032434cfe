//! Taking out the comments an earlier `annotate` wrote, so that running it
//! again gives the same comments, not twice as many. Only comments whose
//! author is reportlint go, with their ranges and marks; anyone else's
//! stay as they are.

use std::collections::BTreeSet;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::markup::{elements, position, without, AUTHOR};
use super::xml::{attr, error};
use super::DocxError;

/// A comments part without reportlint's comments.
#[derive(Debug, Default)]
pub(super) struct Kept {
    pub(super) xml: String,
    /// The ids of the comments taken out.
    pub(super) ours: BTreeSet<String>,
    /// The highest id of the comments kept.
    pub(super) highest: Option<u64>,
}

/// Takes reportlint's comments out of a comments part.
pub(super) fn comments(part: &str, xml: &str) -> Result<Kept, DocxError> {
    let mut kept = Kept::default();
    let mut cut = Vec::new();
    for (bytes, values) in elements(part, xml, "comment", &["id", "author"])? {
        let (id, author) = match values.as_slice() {
            [id, author] => (id.clone().unwrap_or_default(), author.as_deref()),
            _ => continue,
        };
        if author == Some(AUTHOR) {
            kept.ours.insert(id);
            cut.push(bytes);
        } else if let Ok(number) = id.trim().parse::<u64>() {
            kept.highest = kept.highest.max(Some(number));
        }
    }
    kept.xml = without(xml, &cut);
    Ok(kept)
}

/// The highest comment id the main document marks (a mark may outlive
/// its comment), so that new ids are new.
pub(super) fn highest_mark(part: &str, xml: &str) -> Result<Option<u64>, DocxError> {
    let mut highest = None;
    for local in ["commentRangeStart", "commentRangeEnd", "commentReference"] {
        for (_, values) in elements(part, xml, local, &["id"])? {
            let number = values.first().cloned().flatten();
            if let Some(number) = number.and_then(|id| id.trim().parse::<u64>().ok()) {
                highest = highest.max(Some(number));
            }
        }
    }
    Ok(highest)
}

/// The main document without the ranges and marks of the comments `ours`:
/// a run that held only the mark (and its properties) goes with it.
pub(super) fn document(
    part: &str,
    xml: &str,
    ours: &BTreeSet<String>,
) -> Result<String, DocxError> {
    if ours.is_empty() {
        return Ok(xml.to_string());
    }
    let mut cut: Vec<Range<usize>> = Vec::new();
    let mut reader = Reader::from_str(xml);
    let mut run: Option<Run> = None;
    // Depth inside the run being read (1: its children).
    let mut depth = 0usize;
    // A mark written with content (Word writes them empty): where it
    // started and how deep inside it the reader is.
    let mut mark: Option<(usize, usize)> = None;
    loop {
        let before = position(&reader);
        let event = reader
            .read_event()
            .map_err(|e| error(part, reader.error_position(), e))?;
        let after = position(&reader);
        if let Some((start, inside)) = &mut mark {
            match event {
                Event::Start(_) => *inside += 1,
                Event::End(_) if *inside == 0 => {
                    let bytes = *start..after;
                    mark = None;
                    keep_mark(&mut run, depth, bytes, &mut cut);
                }
                Event::End(_) => *inside -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Eof => break,
            Event::Start(e) if is_ours(&e, ours) => mark = Some((before, 0)),
            Event::Empty(e) if is_ours(&e, ours) => {
                keep_mark(&mut run, depth, before..after, &mut cut);
            }
            Event::Start(e) if run.is_none() && e.local_name().as_ref() == "r" => {
                run = Some(Run {
                    start: before,
                    marks: Vec::new(),
                    other: false,
                });
                depth = 1;
            }
            Event::Start(e) => {
                if let (Some(run), 1) = (&mut run, depth) {
                    run.other |= e.local_name().as_ref() != "rPr";
                }
                if run.is_some() {
                    depth += 1;
                }
            }
            Event::Empty(_) => {
                if let (Some(run), 1) = (&mut run, depth) {
                    run.other = true;
                }
            }
            Event::End(_) if run.is_some() => {
                depth -= 1;
                if depth == 0 {
                    if let Some(done) = run.take() {
                        if done.other {
                            cut.extend(done.marks);
                        } else if !done.marks.is_empty() {
                            cut.push(done.start..after);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    cut.sort_by_key(|r| r.start);
    Ok(without(xml, &cut))
}

/// Whether an element is a range or mark of one of the comments `ours`.
fn is_ours(element: &BytesStart<'_>, ours: &BTreeSet<String>) -> bool {
    matches!(
        element.local_name().as_ref(),
        "commentRangeStart" | "commentRangeEnd" | "commentReference"
    ) && attr(element, "id").is_some_and(|id| ours.contains(&id))
}

/// A mark of ours to cut: a reference directly in a run waits for the run's
/// end (the run may go whole); anything else is cut now.
fn keep_mark(
    run: &mut Option<Run>,
    depth: usize,
    bytes: Range<usize>,
    cut: &mut Vec<Range<usize>>,
) {
    match run {
        Some(run) if depth == 1 => run.marks.push(bytes),
        _ => cut.push(bytes),
    }
}

/// A run being read: where it starts, the marks of ours in it, and
/// whether it holds anything else than them and its properties.
struct Run {
    start: usize,
    marks: Vec<Range<usize>>,
    other: bool,
}
