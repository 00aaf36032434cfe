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

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::layout::{Layout, Tag};
use super::map::WordMap;
use super::styles::{heading_of_outline, Styles};
use super::xml::{attr, error, reference, toggle_on, Ns};
use super::{DocxError, WordText};

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
                } else {
                    state.open(ns, &e, true, bytes);
                }
            }
            Event::Empty(e) if state.skip == 0 => state.open(ns, &e, false, bytes),
            Event::End(e) => {
                if state.skip > 0 {
                    state.skip -= 1;
                } else if ns == Ns::Word {
                    state.close(e.local_name().as_ref(), bytes);
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
            }
            "ins" if started => stats.insertions += 1,
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
            "commentReference" => stats.comments += 1,
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

    /// Writes the paragraph being read, if it has text, as a block.
    fn finish_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        self.in_properties = false;
        self.in_run = false;
        self.in_run_properties = false;
        self.in_text = false;
        if let Some(trace) = &mut self.trace {
            trace.paragraph_text(self.count, &paragraph.text);
        }
        let styles = self.styles;
        let style = paragraph.style.as_deref();
        // Its own outline level, else its style's (without styles.xml,
        // the built-in style ids such as `Heading2` still tell).
        let heading = match paragraph.outline {
            Some(outline) => heading_of_outline(outline),
            None => style.and_then(|s| styles.heading_level(s)),
        };
        let listed = paragraph
            .numbered
            .unwrap_or_else(|| style.is_some_and(|s| styles.is_list(s)));
        let mut text = paragraph.text;
        if let Some(table) = self.tables.last_mut().filter(|_| self.deep_tables == 0) {
            if table.row == 0 {
                if let Some(cell) = table.header.get_mut(table.column) {
                    cell.push_str(&text);
                } else if table.column < 1024 {
                    table.header.resize(table.column, String::new());
                    table.header.push(text.clone());
                }
            } else if table.scores == Some(table.column) && is_score(&text) {
                text = format!("Score: {}", text.trim());
            }
        }
        let body = text.trim();
        if body.is_empty() {
            return;
        }
        let offset = self.out.len();
        let mut heading_text = None;
        match heading {
            Some(level) => {
                let one_line: String = body
                    .split(['\n', '\t'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                for _ in 0..level.min(6) {
                    self.out.push('#');
                }
                self.out.push(' ');
                self.out.push_str(&one_line);
                heading_text = Some(one_line);
            }
            None if listed => {
                for _ in 0..paragraph.level {
                    self.out.push_str("  ");
                }
                self.out.push_str("- ");
                self.out.push_str(body);
            }
            None => self.out.push_str(body),
        }
        self.out.push_str("\n\n");
        self.map.push(offset, self.count, heading_text);
    }
}

/// A score cell: one or two digits, nothing else.
fn is_score(text: &str) -> bool {
    let text = text.trim();
    (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}
