//! Comment marks around the words a span of the text view holds.
//!
//! A span's ends are found in the paragraphs' text ([`Layout`]), then in
//! the runs: a comment starts before the run holding its first character
//! and ends after the run holding its last. Where an end falls inside a
//! run, the run is split there into two with the same properties. A span
//! that cannot be placed so (a heading whose line breaks the view joined,
//! an end inside a field's text, a span with no characters) is anchored on
//! its whole paragraph, and the caller is told.

use std::collections::BTreeMap;
use std::ops::Range;

use super::layout::{Layout, Paragraph, Run};
use super::markup::Word;
use super::WordText;

/// How a span was anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// On the runs holding its words.
    Exact,
    /// On the whole paragraph it starts in.
    Paragraph,
    /// Nowhere: its place is not in the main document's paragraphs.
    Nowhere,
}

/// A place between two characters of a paragraph: before byte `at` of its
/// text, in run `run` (which holds the character before it, for an end, or
/// after it, for a start).
#[derive(Debug, Clone, Copy)]
struct Point {
    paragraph: usize,
    run: usize,
    at: usize,
}

/// A mark to write: comment `id`'s start or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    /// Ends come before starts at one place: ranges that only touch do
    /// not overlap.
    starts: bool,
    id: u32,
}

/// The main document with the marks of `spans`, comment ids from
/// `first_id` on, in order of the spans anchored; how each was anchored.
pub(super) fn anchor(
    xml: &str,
    view: &WordText,
    layout: &Layout,
    spans: &[Range<usize>],
    first_id: u32,
    word: &Word,
) -> (String, Vec<(Anchor, u32)>) {
    // Marks at a byte of the part (outside runs), and inside runs at a
    // byte of their paragraph's text, by (paragraph, run).
    let mut at_byte: BTreeMap<usize, Vec<Mark>> = BTreeMap::new();
    let mut in_run: BTreeMap<(usize, usize), BTreeMap<usize, Vec<Mark>>> = BTreeMap::new();
    let mut anchors = Vec::with_capacity(spans.len());
    let mut id = first_id;
    for span in spans {
        let exact = (span.start < span.end)
            .then(|| {
                let start = locate(view, layout, span.start, false)?;
                let end = locate(view, layout, span.end, true)?;
                Some((start, end))
            })
            .flatten();
        let anchor = match exact {
            Some((start, end)) => {
                for (point, starts) in [(start, true), (end, false)] {
                    let mark = Mark { starts, id };
                    match place(layout, point) {
                        Place::Byte(byte) => at_byte.entry(byte).or_default().push(mark),
                        Place::Inside => in_run
                            .entry((point.paragraph, point.run))
                            .or_default()
                            .entry(point.at)
                            .or_default()
                            .push(mark),
                    }
                }
                Anchor::Exact
            }
            None => match whole(view, layout, span) {
                Some((from, to)) => {
                    at_byte
                        .entry(from)
                        .or_default()
                        .push(Mark { starts: true, id });
                    at_byte
                        .entry(to)
                        .or_default()
                        .push(Mark { starts: false, id });
                    Anchor::Paragraph
                }
                None => Anchor::Nowhere,
            },
        };
        anchors.push((anchor, id));
        if anchor != Anchor::Nowhere {
            id += 1;
        }
    }
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (byte, mut marks) in at_byte {
        marks.sort();
        edits.push((byte..byte, write_marks(&marks, word)));
    }
    for ((paragraph, run), cuts) in in_run {
        let found = layout
            .paragraphs
            .get(paragraph)
            .and_then(|p| Some((p, p.runs.get(run)?)));
        if let Some((p, run)) = found {
            edits.push((run.bytes.clone(), split(xml, p, run, &cuts, word)));
        }
    }
    // Insertions before a run that is split go first.
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(xml.len() + edits.len() * 96);
    let mut at = 0;
    for (range, text) in edits {
        out.push_str(xml.get(at..range.start).unwrap_or_default());
        out.push_str(&text);
        at = range.end.max(at);
    }
    out.push_str(xml.get(at..).unwrap_or_default());
    (out, anchors)
}

/// Where a point's mark goes in the part.
enum Place {
    /// At this byte: before or after its run.
    Byte(usize),
    /// Inside its run, which is split there.
    Inside,
}

fn place(layout: &Layout, point: Point) -> Place {
    let run = layout
        .paragraphs
        .get(point.paragraph)
        .and_then(|p| p.runs.get(point.run));
    match run.and_then(|r| Some((r, r.text()?))) {
        Some((run, text)) if point.at <= text.start => Place::Byte(run.bytes.start),
        Some((run, text)) if point.at >= text.end => Place::Byte(run.bytes.end),
        _ => Place::Inside,
    }
}

/// The point at byte `offset` of the view: the start of the character
/// there, or (`end`) the end of the character before it. `None` when the
/// view's text there is not the paragraph's text as it stands, or when the
/// run cannot be split there.
fn locate(view: &WordText, layout: &Layout, offset: usize, end: bool) -> Option<Point> {
    let probe = if end { offset.checked_sub(1)? } else { offset };
    let (block, number) = view.map.block(probe, view.text.len())?;
    let shown = view.text.get(block.clone())?.trim_end_matches('\n');
    if probe >= block.start + shown.len() {
        return None;
    }
    let index = layout
        .paragraphs
        .binary_search_by_key(&number, |p| p.number)
        .ok()?;
    let paragraph = layout.paragraphs.get(index)?;
    let body = paragraph.text.trim();
    // The view adds a prefix (`## `, `- `, `Score: `) and nothing else,
    // or the paragraph was rewritten (a heading's lines joined).
    let prefix = shown.len().checked_sub(body.len())?;
    if !shown.ends_with(body) {
        return None;
    }
    let lead = paragraph.text.len() - paragraph.text.trim_start().len();
    let relative = offset - block.start;
    let inside = if end {
        relative.checked_sub(prefix).filter(|r| *r > 0)?
    } else {
        // A span that starts in the prefix starts with the words.
        relative.saturating_sub(prefix)
    };
    let at = lead + inside;
    let run = paragraph.runs.iter().position(|run| {
        run.text().is_some_and(|text| {
            if end {
                text.start < at && at <= text.end
            } else {
                text.start <= at && at < text.end
            }
        })
    })?;
    splittable(paragraph, paragraph.runs.get(run)?, at).then_some(Point {
        paragraph: index,
        run,
        at,
    })
}

/// Whether a run can be split before byte `at` of its paragraph's text: at
/// a boundary between its children, or inside a plain text element.
fn splittable(paragraph: &Paragraph, run: &Run, at: usize) -> bool {
    run.children.iter().all(|child| match &child.text {
        Some(text) if text.start < at && at < text.end => {
            child.name == "t" && paragraph.text.is_char_boundary(at)
        }
        _ => true,
    })
}

/// Where a comment on the whole paragraph that `span` starts in begins and
/// ends in the part.
fn whole(view: &WordText, layout: &Layout, span: &Range<usize>) -> Option<(usize, usize)> {
    if span.start >= view.text.len() {
        return None;
    }
    let (_, number) = view.map.block(span.start, view.text.len())?;
    let paragraph = layout.paragraph(number)?;
    Some((paragraph.content, paragraph.end?))
}

/// Marks as XML, in the order given.
fn write_marks(marks: &[Mark], word: &Word) -> String {
    marks
        .iter()
        .map(|mark| {
            if mark.starts {
                word.range_start(mark.id)
            } else {
                word.range_end(mark.id)
            }
        })
        .collect()
}

/// A run split at each byte of `cuts` (of its paragraph's text), with the
/// marks there between the pieces. Each piece has the run's start tag and
/// properties; a text element cut in two becomes two.
fn split(
    xml: &str,
    paragraph: &Paragraph,
    run: &Run,
    cuts: &BTreeMap<usize, Vec<Mark>>,
    word: &Word,
) -> String {
    let bytes = |range: &Range<usize>| xml.get(range.clone()).unwrap_or_default();
    let Some(text) = run.text() else {
        return bytes(&run.bytes).to_string();
    };
    let properties = run
        .children
        .iter()
        .find(|c| c.name == "rPr")
        .map_or("", |c| bytes(&c.bytes));
    let mut bounds = vec![text.start];
    bounds.extend(
        cuts.keys()
            .copied()
            .filter(|&c| text.start < c && c < text.end),
    );
    bounds.push(text.end);
    let mut out = String::new();
    for window in bounds.windows(2) {
        let (from, to) = (window[0], window[1]);
        if from > text.start {
            let mut marks = cuts.get(&from).cloned().unwrap_or_default();
            marks.sort();
            out.push_str(&write_marks(&marks, word));
        }
        out.push_str(bytes(&run.start_tag));
        out.push_str(properties);
        // A child without text (a page-break mark) goes with the piece
        // that holds the place it stands at: at a cut, the piece after it.
        let mut reached = text.start;
        for child in run.children.iter().filter(|c| c.name != "rPr") {
            match &child.text {
                None if (from <= reached && reached < to) || (reached == to && to == text.end) => {
                    out.push_str(bytes(&child.bytes))
                }
                None => {}
                Some(own) => {
                    reached = own.end;
                    if from <= own.start && own.end <= to {
                        out.push_str(bytes(&child.bytes));
                    } else if own.start < to && from < own.end {
                        let part = from.max(own.start)..to.min(own.end);
                        out.push_str(&word.text(paragraph.text.get(part).unwrap_or_default()));
                    }
                }
            }
        }
        out.push_str(bytes(&run.end_tag));
    }
    out
}
