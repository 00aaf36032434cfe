//! The main document part (`word/document.xml`) as a text view.
//!
//! One pass over the XML events with a little state: the paragraph being
//! read, the run it is in, the tables around it, and how deep inside an
//! element that is not text (a deletion, a drawing) the reader is. Each
//! paragraph with text becomes one block of the view:
//!
//! - a heading (its style's or its own outline level) is `#` to `######`
//!   and its text, on one line (levels 7 to 9 are written as 6: Markdown
//!   has six);
//! - a list paragraph (numbered by Word) is `- ` and its text, indented two
//!   spaces a level; the numbers Word would show are not written;
//! - any other paragraph is its text; a line break (`w:br`, `w:cr`, a page
//!   or column break) starts a new line of the same block.
//!
//! Table cells are paragraphs like the others, a row's cells one after
//! the other: a statement's name then its score, as the grammar reads a
//! score table in text from PDF. In a table whose first row has a `Score`
//! column, a cell of that column that holds only a number is written
//! `Score: N`, the score line the grammar reads.
//!
//! This file holds the reader's state and the XML events; writing a
//! finished paragraph as a block is `block`, and placing review marks
//! (tracked changes, content controls, comments) on its words is `marks`.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::layout::{Layout, Tag};
use super::map::WordMap;
use super::review::{push_quote, MarkKind};
use super::styles::Styles;
use super::xml::{attr, error, reference, toggle_on, Ns};
use super::{DocxError, WordText};
use crate::span::Span;

mod block;
mod marks;

use marks::{Open, Pending};

/// Tables nested deeper than this are read as their outer table's cells
/// (the state kept per table stays small whatever the file).
const MAX_TABLE_DEPTH: usize = 32;

/// The paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    /// Its own outline level (`w:pPr/w:outlineLvl`), over its style's.
    outline: Option<u8>,
    /// Its own numbering: `Some(false)` for `w:numId` 0 (numbering taken off).
    numbered: Option<bool>,
    level: usize,
    /// Review marks met in it, placed in `text` (byte offsets).
    marks: Vec<Pending>,
}

/// A table being read.
#[derive(Debug, Default)]
struct Table {
    row: usize,
    column: usize,
    /// The cell's column span (`w:gridSpan`).
    span: usize,
    /// The first row's cells' text.
    header: Vec<String>,
    /// The column headed `Score`, once the first row is read.
    scores: Option<usize>,
}

struct Reader<'s> {
    styles: &'s Styles,
    out: String,
    map: WordMap,
    paragraph: Option<Paragraph>,
    /// Paragraphs counted so far: the number of the current one.
    count: usize,
    in_properties: bool,
    in_run: bool,
    in_run_properties: bool,
    hidden: bool,
    in_text: bool,
    tables: Vec<Table>,
    /// Tables opened beyond [`MAX_TABLE_DEPTH`], not kept.
    deep_tables: usize,
    /// Depth inside an element whose content is not text.
    skip: usize,
    /// The tracked insertion or deletion being read.
    change: Option<Open>,
    /// Inside a deletion's `w:delText`.
    in_deleted_text: bool,
    /// Content controls being read (`w:sdt`), innermost last: whether each
    /// shows its placeholder, and where its content started.
    controls: Vec<(bool, Option<Open>)>,
    /// Comment ranges started: id, paragraph and place in its text.
    comment_starts: Vec<(String, usize, usize)>,
    /// Comment ranges ended in the paragraph being read: id and place.
    comment_ends: Vec<(String, usize)>,
    /// Marks of paragraphs without text, placed on the next block.
    waiting: Vec<Pending>,
    /// Where the text is in the part, when asked for (`annotate`).
    trace: Option<Layout>,
}

/// Converts the main document part. `part` names it in errors.
pub(super) fn convert(part: &str, xml: &str, styles: &Styles) -> Result<WordText, DocxError> {
    convert_as(part, xml, styles, None).map(|(text, _)| text)
}

/// [`convert`], also recording where each paragraph's text is in `xml`.
pub(super) fn convert_traced(
    part: &str,
    xml: &str,
    styles: &Styles,
) -> Result<(WordText, Layout), DocxError> {
    let (text, layout) = convert_as(part, xml, styles, Some(Layout::default()))?;
    Ok((text, layout.unwrap_or_default()))
}

fn convert_as(
    part: &str,
    xml: &str,
    styles: &Styles,
    trace: Option<Layout>,
) -> Result<(WordText, Option<Layout>), DocxError> {
    let mut reader = NsReader::from_str(xml);
    let mut state = Reader {
        styles,
        out: String::with_capacity(xml.len() / 4),
        map: WordMap::default(),
        paragraph: None,
        count: 0,
        in_properties: false,
        in_run: false,
        in_run_properties: false,
        hidden: false,
        in_text: false,
        tables: Vec::new(),
        deep_tables: 0,
        skip: 0,
        change: None,
        in_deleted_text: false,
        controls: Vec::new(),
        comment_starts: Vec::new(),
        comment_ends: Vec::new(),
        waiting: Vec::new(),
        trace,
    };
    loop {
        let before = position(&reader);
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (Ns::of(&ns), event),
            Err(e) => return Err(error(part, reader.error_position(), e)),
        };
        let bytes = before..position(&reader);
        if let Some(trace) = &mut state.trace {
            let (tag, local) = match &event {
                Event::Start(e) => (Tag::Start, e.local_name().as_ref().to_string()),
                Event::Empty(e) => (Tag::Empty, e.local_name().as_ref().to_string()),
                Event::End(e) => (Tag::End, e.local_name().as_ref().to_string()),
                _ => (Tag::Other, String::new()),
            };
            trace.event(tag, &local, bytes.clone());
        }
        match event {
            Event::Start(e) => {
                if state.skip > 0 {
                    state.skip += 1;
                    if ns == Ns::Word && e.local_name().as_ref() == "delText" {
                        state.in_deleted_text = true;
                    }
                } else {
                    state.open(ns, &e, true, bytes);
                }
            }
            Event::Empty(e) if state.skip == 0 => state.open(ns, &e, false, bytes),
            Event::End(e) => {
                if state.skip > 0 {
                    state.skip -= 1;
                    state.in_deleted_text = false;
                    if state.skip == 0 {
                        state.end_deletion();
                    }
                } else if ns == Ns::Word {
                    state.close(e.local_name().as_ref(), bytes);
                }
            }
            Event::Text(e) if state.in_deleted_text => {
                if let Some(change) = &mut state.change {
                    push_quote(&mut change.quote, &e.xml10_content());
                }
            }
            Event::Text(e) if state.reading_text() => {
                state.push_text(&e.xml10_content());
            }
            Event::CData(e) if state.reading_text() => {
                state.push_text(&e.xml10_content());
            }
            Event::GeneralRef(e) if state.reading_text() => {
                if let Some(c) = reference(&e) {
                    state.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A paragraph left open by a truncated part still counts.
    state.finish_paragraph();
    // Marks after the last block (a deleted last paragraph) are placed
    // on the last block.
    if !state.waiting.is_empty() {
        let end = state.out.trim_end().len();
        let start = state.out[..end]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        for pending in std::mem::take(&mut state.waiting) {
            state.place(pending, Span::new(start, end));
        }
    }
    let mut text = state.out;
    // One line end after the last block.
    text.truncate(text.trim_end_matches('\n').len());
    text.push('\n');
    state.map.stats.paragraphs = state.count;
    let converted = WordText {
        text,
        map: state.map,
    };
    Ok((converted, state.trace))
}

/// The reader's byte offset in the part.
fn position(reader: &NsReader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

impl Reader<'_> {
    fn reading_text(&self) -> bool {
        self.skip == 0 && self.in_text
    }

    /// A start tag (`started`) or an empty element.
    fn open(
        &mut self,
        ns: Ns,
        element: &quick_xml::events::BytesStart<'_>,
        started: bool,
        bytes: Range<usize>,
    ) {
        let local = element.local_name();
        let name = local.as_ref();
        if ns == Ns::Compatibility && name == "Fallback" {
            // The same content again for older readers.
            self.skip = usize::from(started);
            return;
        }
        if ns != Ns::Word {
            return;
        }
        let stats = &mut self.map.stats;
        match name {
            // As empty elements they mark a deleted paragraph mark or run
            // properties: no text either way.
            "del" | "moveFrom" if started => {
                stats.deletions += usize::from(name == "del");
                self.skip = 1;
                self.change = Some(self.open_mark(MarkKind::Deletion, element));
            }
            "ins" if started => {
                stats.insertions += 1;
                self.change = Some(self.open_mark(MarkKind::Insertion, element));
            }
            "sdt" if started => self.controls.push((false, None)),
            "showingPlcHdr" if toggle_on(element) => {
                if let Some(control) = self.controls.last_mut() {
                    control.0 = true;
                }
            }
            "sdtContent" if started => {
                let open = self.open_mark(MarkKind::Placeholder, element);
                if let Some(control) = self.controls.last_mut() {
                    control.1 = Some(open);
                }
            }
            "commentRangeStart" => {
                if let Some(id) = attr(element, "id") {
                    let at = self.paragraph.as_ref().map_or(0, |p| p.text.len());
                    self.comment_starts.push((id, self.count, at));
                }
            }
            "commentRangeEnd" => {
                if let Some(id) = attr(element, "id") {
                    let at = self.paragraph.as_ref().map_or(0, |p| p.text.len());
                    self.comment_ends.push((id, at));
                }
            }
            "drawing" | "pict" | "object" => {
                stats.drawings += 1;
                self.skip = usize::from(started);
            }
            // Text boxes outside a drawing, and tracked changes' old
            // properties (`w:pPrChange`...), are not the text.
            "txbxContent" => self.skip = usize::from(started),
            name if name.ends_with("Change") => self.skip = usize::from(started),
            "p" => {
                self.finish_paragraph();
                self.count += 1;
                if started {
                    self.paragraph = Some(Paragraph::default());
                    if let Some(trace) = &mut self.trace {
                        trace.paragraph_start(self.count, bytes.end);
                    }
                }
            }
            "pPr" => self.in_properties = started,
            // The paragraph mark's run properties.
            "rPr" if self.in_properties => self.skip = usize::from(started),
            "pStyle" if self.in_properties => {
                if let Some(p) = &mut self.paragraph {
                    p.style = attr(element, "val");
                }
            }
            "outlineLvl" if self.in_properties => {
                if let Some(p) = &mut self.paragraph {
                    p.outline = attr(element, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            "numId" if self.in_properties => {
                if let Some(p) = &mut self.paragraph {
                    p.numbered = attr(element, "val").map(|v| v.trim() != "0");
                }
            }
            "ilvl" if self.in_properties => {
                if let Some(p) = &mut self.paragraph {
                    p.level = attr(element, "val")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0)
                        .min(8);
                }
            }
            "r" => {
                self.in_run = started;
                self.hidden = false;
                if let (true, Some(trace)) = (started, &mut self.trace) {
                    trace.run_start(bytes);
                }
            }
            "rPr" if self.in_run => self.in_run_properties = started,
            "vanish" if self.in_run_properties && toggle_on(element) && !self.hidden => {
                self.hidden = true;
                stats.hidden += 1;
            }
            "t" if self.in_run && !self.hidden => self.in_text = started,
            "tab" | "ptab" if self.in_run && !self.hidden => self.push_char('\t'),
            "br" | "cr" if self.in_run && !self.hidden => self.push_char('\n'),
            "noBreakHyphen" if self.in_run && !self.hidden => self.push_char('\u{2011}'),
            "footnoteReference" | "endnoteReference" => stats.notes += 1,
            "commentReference" => {
                stats.comments += 1;
                self.comment(attr(element, "id"));
            }
            "tbl" if started => {
                stats.tables += 1;
                self.finish_paragraph();
                if self.tables.len() < MAX_TABLE_DEPTH {
                    self.tables.push(Table::default());
                } else {
                    self.deep_tables += 1;
                }
            }
            "tr" if started && self.deep_tables == 0 => {
                if let Some(table) = self.tables.last_mut() {
                    table.column = 0;
                }
            }
            "tc" if started && self.deep_tables == 0 => {
                if let Some(table) = self.tables.last_mut() {
                    table.span = 1;
                }
            }
            "gridSpan" if self.deep_tables == 0 => {
                if let Some(table) = self.tables.last_mut() {
                    table.span = attr(element, "val")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str, bytes: Range<usize>) {
        match name {
            "ins" => {
                if let Some(open) = self.change.take() {
                    self.end_mark(open);
                }
            }
            "sdt" => {
                if let Some((true, Some(open))) = self.controls.pop() {
                    self.end_mark(open);
                }
            }
            "p" => {
                if let Some(trace) = &mut self.trace {
                    trace.paragraph_end(bytes.start);
                }
                self.finish_paragraph();
            }
            "pPr" => {
                self.in_properties = false;
                if let Some(trace) = &mut self.trace {
                    trace.properties_end(bytes.end);
                }
            }
            "r" => {
                self.in_run = false;
                self.in_text = false;
                self.hidden = false;
            }
            "rPr" => self.in_run_properties = false,
            "t" => self.in_text = false,
            "tc" if self.deep_tables == 0 => {
                self.finish_paragraph();
                if let Some(table) = self.tables.last_mut() {
                    table.column = table.column.saturating_add(table.span.max(1));
                }
            }
            "tr" if self.deep_tables == 0 => {
                if let Some(table) = self.tables.last_mut() {
                    if table.row == 0 {
                        table.scores = table
                            .header
                            .iter()
                            .position(|cell| cell.trim().eq_ignore_ascii_case("score"));
                    }
                    table.row += 1;
                }
            }
            "tbl" => {
                self.finish_paragraph();
                if self.deep_tables > 0 {
                    self.deep_tables -= 1;
                } else {
                    self.tables.pop();
                }
            }
            _ => {}
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = &mut self.paragraph {
            let from = p.text.len();
            p.text.push(c);
            if let Some(trace) = &mut self.trace {
                trace.text(from..p.text.len());
            }
        }
    }

    /// Text of a `w:t`. Line ends in it are spaces (Word shows them so);
    /// other control characters, which XML 1.0 does not allow, are dropped.
    fn push_text(&mut self, text: &str) {
        let Some(p) = &mut self.paragraph else {
            return;
        };
        let from = p.text.len();
        p.text.extend(text.chars().filter_map(|c| match c {
            '\n' | '\r' => Some(' '),
            '\t' => Some('\t'),
            c if c.is_control() => None,
            c => Some(c),
        }));
        if let Some(trace) = &mut self.trace {
            trace.text(from..p.text.len());
        }
    }
}
