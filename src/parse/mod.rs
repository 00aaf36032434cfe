//! The only module that touches pest: it runs `grammar/report.pest` over a
//! report's text and turns pest's pairs into plain [`Block`]s. Nothing else in
//! the crate sees `Pair` or `Rule`.

pub mod block;
mod pages;

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::span::Span;
use block::{Block, BlockKind};

#[derive(Parser)]
#[grammar = "../grammar/report.pest"]
struct ReportGrammar;

/// Splits `text` into blocks. Never fails: the grammar accepts any text, and
/// should pest ever refuse (a grammar bug), every line becomes a paragraph so
/// the rules still see the report.
///
/// Text extracted from PDF has page breaks; the running headers, footers and
/// page numbers around them come back as [`BlockKind::Furniture`], not as
/// paragraphs (see [`pages`]).
pub fn blocks(text: &str) -> Vec<Block> {
    let blocks = match ReportGrammar::parse(Rule::report, text) {
        Ok(mut pairs) => match pairs.next() {
            Some(report) => report.into_inner().filter_map(block).collect(),
            None => fallback_blocks(text),
        },
        Err(_) => fallback_blocks(text),
    };
    pages::separate_furniture(text, blocks)
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

/// A block's span without its trailing line end.
fn trimmed_span(pair: &Pair<'_, Rule>) -> Span {
    let span = span_of(pair);
    let text = pair.as_str();
    let trimmed = text.trim_end_matches(['\n', '\r']);
    Span::new(span.start, span.start + trimmed.len())
}

fn number(pair: &Pair<'_, Rule>) -> u32 {
    // The grammar allows at most two digits, so this cannot overflow.
    pair.as_str().parse().unwrap_or(0)
}

fn block(pair: Pair<'_, Rule>) -> Option<Block> {
    let rule = pair.as_rule();
    let span = trimmed_span(&pair);
    let mut lines = Vec::new();
    let mut value_span = None;
    let kind = match rule {
        Rule::blank | Rule::bom | Rule::EOI => return None,
        Rule::heading => {
            let mut level = 1;
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::heading_marks => level = inner.as_str().len() as u8,
                    Rule::heading_text => lines.push(span_of(&inner)),
                    _ => {}
                }
            }
            if lines.is_empty() {
                lines.push(Span::new(span.end, span.end));
            }
            BlockKind::MarkdownHeading { level }
        }
        Rule::thematic_break => BlockKind::ThematicBreak,
        Rule::page_break => BlockKind::PageBreak,
        Rule::score_line => {
            let (mut value, mut max) = (0, None);
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::score_value => {
                        value = number(&inner);
                        value_span = Some(span_of(&inner));
                    }
                    Rule::score_max => max = Some(number(&inner)),
                    _ => {}
                }
            }
            BlockKind::ScoreLine { value, max }
        }
        Rule::value_line => {
            let mut value = 0;
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::line_value => {
                        value = number(&inner);
                        value_span = Some(span_of(&inner));
                    }
                    Rule::value_text => lines.push(span_of(&inner)),
                    _ => {}
                }
            }
            BlockKind::ValueLine { value }
        }
        Rule::list_item => {
            let mut indent = 0;
            for inner in pair.into_inner() {
                match inner.as_rule() {
                    Rule::list_indent => indent = inner.as_str().chars().count(),
                    Rule::item_line => lines.push(span_of(&inner)),
                    _ => {}
                }
            }
            BlockKind::ListItem { indent }
        }
        Rule::table_row => {
            lines.push(span);
            BlockKind::TableRow
        }
        Rule::comment => {
            lines.extend(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::comment_body)
                    .map(|p| span_of(&p)),
            );
            BlockKind::Comment
        }
        Rule::paragraph => {
            lines.extend(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::text_line)
                    .map(|p| span_of(&p)),
            );
            BlockKind::Paragraph
        }
        _ => return None,
    };
    Some(Block {
        kind,
        span,
        lines,
        value_span,
    })
}

/// Every non-blank line as a one-line paragraph.
fn fallback_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive(['\n']) {
        let content = line.trim_end_matches(['\n', '\r']);
        let span = Span::new(start, start + content.len());
        if !content.trim().is_empty() {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                span,
                lines: vec![span],
                value_span: None,
            });
        }
        start += line.len();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<BlockKind> {
        blocks(text).into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn score_lines_in_every_spelling() {
        for line in [
            "Score: 3",
            "Score 2",
            "## Score: 3",
            "**Score:** 4",
            "Score: 3/4",
            "score:2  ",
        ] {
            let found = kinds(line);
            assert!(
                matches!(found.as_slice(), [BlockKind::ScoreLine { .. }]),
                "{line:?} gave {found:?}"
            );
        }
        assert_eq!(
            kinds("Score: 3/4"),
            vec![BlockKind::ScoreLine {
                value: 3,
                max: Some(4)
            }]
        );
        assert_eq!(kinds("Scores were high"), vec![BlockKind::Paragraph]);
        assert_eq!(kinds("Score: 3 because"), vec![BlockKind::Paragraph]);
    }

    #[test]
    fn value_lines_take_hyphens_and_en_dashes() {
        assert_eq!(
            kinds("2 - Evidence shows some shortfalls"),
            vec![BlockKind::ValueLine { value: 2 }]
        );
        assert_eq!(
            kinds("3 \u{2013} Evidence shows a good standard"),
            vec![BlockKind::ValueLine { value: 3 }]
        );
        let block = &blocks("4 - Evidence shows an exceptional standard")[0];
        assert_eq!(
            block.lines[0].of("4 - Evidence shows an exceptional standard"),
            "Evidence shows an exceptional standard"
        );
    }

    #[test]
    fn markdown_headings_keep_their_level_and_text() {
        let text = "### Demographics\n#hashtag\n####### seven";
        let found = blocks(text);
        assert_eq!(found[0].kind, BlockKind::MarkdownHeading { level: 3 });
        assert_eq!(found[0].lines[0].of(text), "Demographics");
        assert_eq!(found[1].kind, BlockKind::Paragraph);
        assert_eq!(
            found[1].lines.len(),
            2,
            "a non-heading line continues the paragraph"
        );
    }

    #[test]
    fn paragraphs_join_wrapped_lines_and_stop_at_blocks() {
        let text = "First line\nsecond line\n- item one\n continued\n\nScore: 2\r\nafter";
        let found = blocks(text);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].lines.len(), 2);
        assert_eq!(found[1].kind, BlockKind::ListItem { indent: 0 });
        assert_eq!(found[1].lines.len(), 2);
        assert_eq!(
            found[2].kind,
            BlockKind::ScoreLine {
                value: 2,
                max: None
            }
        );
        assert_eq!(found[3].lines[0].of(text), "after");
    }

    #[test]
    fn bom_crlf_lone_cr_and_odd_spaces_are_accepted() {
        let text = "\u{feff}Title\r\n\r\n\u{a0}\u{a0}\r\nBody\rmore\x0c\n";
        let found = blocks(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].lines[0].of(text), "Title");
        assert_eq!(found[1].lines.len(), 2);
    }

    #[test]
    fn thematic_breaks_are_not_list_items() {
        assert_eq!(
            kinds("---\n- a\n* * *"),
            vec![
                BlockKind::ThematicBreak,
                BlockKind::ListItem { indent: 0 },
                BlockKind::ThematicBreak
            ]
        );
    }

    #[test]
    fn comments_may_span_lines() {
        let text = "<!-- reportlint-disable\nrating -->\ntext";
        assert_eq!(kinds(text), vec![BlockKind::Comment, BlockKind::Paragraph]);
    }
}
