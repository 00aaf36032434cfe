//! Page furniture in text extracted from PDF.
//!
//! A PDF's text comes out with each page's running header or footer (the
//! report's title, its dates, a publisher's line) and its page number as
//! ordinary lines next to the page break (`pdftotext` writes a form feed
//! before each new page). Read as text, a running header is a sentence
//! repeated on every page, a page number a figure, and a paragraph the page
//! cut in two ends mid-sentence. This pass finds those lines and hands them
//! back as [`BlockKind::Furniture`] blocks, so that the model keeps them out
//! of paragraphs and sentences (rules that want them read them from the
//! model's furniture).
//!
//! It relies on the layout of pages, not on any publisher's wording:
//! - a running line is a line that stands among the first or last
//!   [`EDGE_LINES`] lines of at least half the pages (and of two at least),
//!   on the same edge: a title that opens page 1 and closes every later page
//!   is the title on page 1 and furniture on the others;
//! - a page number is a line holding only a number (`7`, `Page 7`,
//!   `Page 7 of 30`) at a page's edge whose value, less the page's index, is
//!   the offset most such lines share (covers without a number shift it).
//!
//! Text without page breaks (Markdown, text from Word) is returned as it is,
//! after one scan of its blocks. The pass is linear in the number of lines.

use std::collections::HashMap;

use super::block::{Block, BlockKind, FurnitureKind};
use crate::span::Span;

/// How many lines at the top and at the bottom of a page can be furniture.
const EDGE_LINES: usize = 4;

/// Longer lines are running text, never furniture.
const MAX_FURNITURE_BYTES: usize = 160;

/// Which edge of a page a line stands at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Top,
    Bottom,
}

/// A line that may be furniture: its block, its index among the block's
/// lines, the page (0-based) and the edge it stands at.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    block: usize,
    line: usize,
    page: usize,
    edge: Edge,
}

/// Splits the furniture lines out of `blocks`; see the module notes.
pub fn separate_furniture(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    if !blocks.iter().any(|b| b.kind == BlockKind::PageBreak) {
        return blocks;
    }
    let pages = page_lines(&blocks);
    let candidates = edge_candidates(&pages);
    let mut marks: Vec<(usize, usize, u32, FurnitureKind)> = Vec::new();
    let page_count = pages.iter().filter(|lines| !lines.is_empty()).count();
    mark_running_lines(text, &blocks, &candidates, page_count, &mut marks);
    mark_page_numbers(text, &blocks, &candidates, &mut marks);
    if marks.is_empty() {
        return blocks;
    }
    marks.sort_unstable_by_key(|&(block, line, ..)| (block, line));
    marks.dedup_by_key(|&mut (block, line, ..)| (block, line));
    split_blocks(blocks, &marks)
}

/// Each page's lines in order, as (block, line) pairs; `usize::MAX` as the
/// line stands for a block that takes a place on the page but cannot be
/// furniture (a heading, a table row, a score line).
fn page_lines(blocks: &[Block]) -> Vec<Vec<(usize, usize)>> {
    let mut pages: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    for (index, block) in blocks.iter().enumerate() {
        match block.kind {
            BlockKind::PageBreak => pages.push(Vec::new()),
            // A numbered paragraph is a list item whose lazy continuation
            // lines run on to the page's footer.
            BlockKind::Paragraph | BlockKind::ListItem { .. } => {
                if let Some(page) = pages.last_mut() {
                    page.extend((0..block.lines.len()).map(|line| (index, line)));
                }
            }
            _ => {
                if let Some(page) = pages.last_mut() {
                    page.push((index, usize::MAX));
                }
            }
        }
    }
    pages
}

/// The paragraph lines among the first and last [`EDGE_LINES`] of each page.
fn edge_candidates(pages: &[Vec<(usize, usize)>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (page, lines) in pages.iter().enumerate() {
        // On a short page a line can be near both edges: it is a
        // candidate at each.
        let top = lines.len().min(EDGE_LINES);
        let bottom_from = lines.len().saturating_sub(EDGE_LINES);
        let edges = lines[..top]
            .iter()
            .map(|l| (l, Edge::Top))
            .chain(lines[bottom_from..].iter().map(|l| (l, Edge::Bottom)));
        for (&(block, line), edge) in edges {
            if line != usize::MAX {
                out.push(Candidate {
                    block,
                    line,
                    page,
                    edge,
                });
            }
        }
    }
    out
}

fn line_text<'t>(text: &'t str, blocks: &[Block], c: &Candidate) -> &'t str {
    blocks[c.block].lines[c.line].of(text).trim()
}

/// Lines repeated at the same edge of at least half the pages.
fn mark_running_lines(
    text: &str,
    blocks: &[Block],
    candidates: &[Candidate],
    page_count: usize,
    marks: &mut Vec<(usize, usize, u32, FurnitureKind)>,
) {
    // Pages each (line text, edge) stands on, counted once per page.
    let mut pages_of: HashMap<(String, Edge), (usize, usize)> = HashMap::new();
    let mut keys = Vec::with_capacity(candidates.len());
    for c in candidates {
        let line = line_text(text, blocks, c);
        let key = (line.len() <= MAX_FURNITURE_BYTES && line.chars().any(char::is_alphabetic))
            .then(|| {
                (
                    line.split_whitespace().collect::<Vec<_>>().join(" "),
                    c.edge,
                )
            });
        if let Some(key) = &key {
            let entry = pages_of.entry(key.clone()).or_insert((0, usize::MAX));
            if entry.1 != c.page {
                *entry = (entry.0 + 1, c.page);
            }
        }
        keys.push(key);
    }
    let needed = page_count.div_ceil(2).max(2);
    for (c, key) in candidates.iter().zip(&keys) {
        let repeated = key
            .as_ref()
            .and_then(|k| pages_of.get(k))
            .is_some_and(|&(pages, _)| pages >= needed);
        if repeated {
            marks.push((c.block, c.line, page_number(c.page), FurnitureKind::Running));
        }
    }
}

/// Lone numbers at a page's edge that count the pages.
fn mark_page_numbers(
    text: &str,
    blocks: &[Block],
    candidates: &[Candidate],
    marks: &mut Vec<(usize, usize, u32, FurnitureKind)>,
) {
    // A line near both edges of a short page is a candidate twice; it
    // counts once.
    let mut seen = std::collections::HashSet::new();
    let numbered: Vec<(&Candidate, i64)> = candidates
        .iter()
        .filter(|c| seen.insert((c.block, c.line)))
        .filter_map(|c| {
            let n = lone_number(line_text(text, blocks, c))?;
            Some((c, i64::from(n) - c.page as i64))
        })
        .collect();
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for &(_, offset) in &numbered {
        *offsets.entry(offset).or_default() += 1;
    }
    // The most common offset, the smaller on a tie, so that the choice
    // does not depend on the map's order.
    let Some((offset, count)) = offsets
        .into_iter()
        .max_by_key(|&(offset, count)| (count, std::cmp::Reverse(offset)))
    else {
        return;
    };
    if count < 2 {
        return;
    }
    for (c, o) in numbered {
        if o == offset {
            marks.push((
                c.block,
                c.line,
                page_number(c.page),
                FurnitureKind::PageNumber,
            ));
        }
    }
}

/// The number of `7`, `Page 7`, `page 7 of 30`, `- 7 -`.
fn lone_number(line: &str) -> Option<u32> {
    let line = line.trim_matches(|c: char| c.is_whitespace() || c == '-');
    let rest = match line.get(..5) {
        Some(head) if head.eq_ignore_ascii_case("page ") => line[5..].trim_start(),
        _ => line,
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let tail = rest[digits..].trim();
    let of_total = tail
        .get(..3)
        .is_some_and(|of| of.eq_ignore_ascii_case("of "))
        && tail[3..].trim().chars().all(|c| c.is_ascii_digit())
        && tail.len() > 3;
    (tail.is_empty() || of_total)
        .then(|| rest[..digits].parse().ok())
        .flatten()
}

/// Pages are numbered from 1, as readers count them.
fn page_number(page: usize) -> u32 {
    u32::try_from(page + 1).unwrap_or(u32::MAX)
}

/// Replaces each marked line by a furniture block, splitting the paragraph
/// or list item it stood in around it: the lines before the first mark keep
/// the block's kind and start (a list item its marker), the lines after a
/// mark are a paragraph. `marks` is sorted by block and line.
fn split_blocks(blocks: Vec<Block>, marks: &[(usize, usize, u32, FurnitureKind)]) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len() + marks.len());
    let mut marks = marks.iter().peekable();
    for (index, block) in blocks.into_iter().enumerate() {
        if marks.peek().is_none_or(|&&(b, ..)| b != index) {
            out.push(block);
            continue;
        }
        let mut run: Vec<Span> = Vec::new();
        let mut head = Some((block.kind.clone(), block.span.start));
        for (line, &span) in block.lines.iter().enumerate() {
            match marks.next_if(|&&(b, l, ..)| b == index && l == line) {
                Some(&(_, _, page, furniture)) => {
                    flush_run(&mut run, head.take(), &mut out);
                    out.push(Block {
                        kind: BlockKind::Furniture { page, furniture },
                        span,
                        lines: vec![span],
                        value_span: None,
                    });
                }
                None => run.push(span),
            }
        }
        flush_run(&mut run, head, &mut out);
    }
    out
}

/// The lines of `run` as a block: of the original block's kind and from
/// its start for the first run (`head`), a paragraph after that.
fn flush_run(run: &mut Vec<Span>, head: Option<(BlockKind, usize)>, out: &mut Vec<Block>) {
    if let (Some(first), Some(last)) = (run.first(), run.last()) {
        let (kind, start) = head.unwrap_or((BlockKind::Paragraph, first.start));
        out.push(Block {
            kind,
            span: Span::new(start, last.end),
            lines: std::mem::take(run),
            value_span: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks;
    use super::*;

    fn furniture(text: &str) -> Vec<(String, u32, FurnitureKind)> {
        blocks(text)
            .into_iter()
            .filter_map(|b| match b.kind {
                BlockKind::Furniture { page, furniture } => {
                    Some((b.span.of(text).trim().to_string(), page, furniture))
                }
                _ => None,
            })
            .collect()
    }

    fn paragraphs(text: &str) -> Vec<String> {
        blocks(text)
            .into_iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.span.of(text).to_string())
            .collect()
    }

    /// Four pages of an invented inspection report: the title opens page
    /// 1 and closes every page after it with the dates and the number.
    fn report() -> String {
        let mut text = String::from(
            "Inspection of Northby local authority children's services\n\nFirst page text.\n\n",
        );
        for page in 2..=4 {
            for line in 0..8 {
                text.push_str(&format!(
                    "Line {line} of the text on page {page} goes on.\n"
                ));
            }
            text.push_str(&format!(
                "A sentence the page {page} cuts in\nInspection of Northby local authority children's services\n3 to 7 March 2025\n\n{page}\n\n\x0cthe rest of the sentence {page}.\n\n"
            ));
        }
        text
    }

    #[test]
    fn running_lines_and_page_numbers_are_furniture() {
        let text = report();
        let found = furniture(&text);
        let running = found
            .iter()
            .filter(|(_, _, k)| *k == FurnitureKind::Running)
            .count();
        assert_eq!(running, 6, "{found:?}");
        let numbers: Vec<(&str, u32)> = found
            .iter()
            .filter(|(_, _, k)| *k == FurnitureKind::PageNumber)
            .map(|(t, p, _)| (t.as_str(), *p))
            .collect();
        assert_eq!(numbers, vec![("2", 1), ("3", 2), ("4", 3)]);
        let paragraphs = paragraphs(&text);
        assert_eq!(
            paragraphs[0], "Inspection of Northby local authority children's services",
            "the title on page 1 stays"
        );
        assert!(
            paragraphs.iter().all(|p| !p.contains("3 to 7 March")),
            "{paragraphs:?}"
        );
        assert!(paragraphs
            .iter()
            .any(|p| p.ends_with("A sentence the page 2 cuts in")));
    }

    #[test]
    fn a_sentence_repeated_at_one_page_edge_is_text() {
        let mut text = String::new();
        for page in 0..6 {
            if page == 2 || page == 4 {
                text.push_str("The same sentence at the top.\n\n");
            }
            text.push_str("Body text of the page.\nMore of it.\nAnd more.\nAnd the end of it.\nLast line here.\n\n\x0c");
        }
        // "Body text of the page." opens every page: a running line by the
        // rule. The sentence on two of six pages is not.
        let found = furniture(&text);
        assert!(
            found
                .iter()
                .all(|(t, ..)| t != "The same sentence at the top."),
            "{found:?}"
        );
    }

    #[test]
    fn numbered_paragraphs_and_figures_are_not_page_numbers() {
        let text = "1.\n\nText.\n\n\x0c2.\n\nMore.\n\n\x0c3.\n\nEven more.\n\n42\n";
        assert!(furniture(text).is_empty(), "{:?}", furniture(text));
    }

    #[test]
    fn text_without_page_breaks_is_left_alone() {
        let text = "Title\n\n2\n\nTitle\n\n3\n";
        assert!(furniture(text).is_empty());
        assert_eq!(blocks(text).len(), 4);
    }

    #[test]
    fn page_number_shapes() {
        assert_eq!(lone_number("7"), Some(7));
        assert_eq!(lone_number("Page 7"), Some(7));
        assert_eq!(lone_number("page 7 of 30"), Some(7));
        assert_eq!(lone_number("- 12 -"), Some(12));
        assert_eq!(lone_number("7."), None);
        assert_eq!(lone_number("12345"), None);
        assert_eq!(lone_number("Page seven"), None);
        assert_eq!(lone_number("7 of"), None);
    }
}
