//! Blocks: what the grammar recognises from the shape of each line.

use serde::Serialize;

use crate::span::Span;

/// The shape of a block, as the grammar saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    /// `# Heading`: `level` is the number of `#`.
    MarkdownHeading { level: u8 },
    /// `---`, `***`, `___`.
    ThematicBreak,
    /// `Score: 3` in any of its spellings; `max` from `Score: 3/4`.
    ScoreLine { value: u32, max: Option<u32> },
    /// `2 - Evidence shows ...`: a value, a dash and text.
    ValueLine { value: u32 },
    /// A bulleted or numbered item; `indent` in characters.
    ListItem { indent: usize },
    /// `| a | b |`.
    TableRow,
    /// `<!-- ... -->`.
    Comment,
    /// Lines of running text up to a blank line or another block.
    Paragraph,
    /// A form feed: the start of a new page in text extracted from PDF.
    PageBreak,
    /// A line of page furniture (a running header or footer, a page
    /// number) on page `page` (1 for the text before the first break).
    Furniture { page: u32, furniture: FurnitureKind },
}

/// What a line of page furniture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// A line repeated at the top or bottom of many pages: the report's
    /// title, its dates, a publisher's line.
    Running,
    /// The page's number (`7`, `Page 7`, `Page 7 of 30`).
    PageNumber,
}

/// One block with its spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block, without its final line end.
    pub span: Span,
    /// The text lines of the block: the heading's text, each line of a
    /// paragraph or list item, the descriptor of a value line, the body of a
    /// comment. Each excludes its line end.
    pub lines: Vec<Span>,
    /// Where the number of a score or value line is.
    pub value_span: Option<Span>,
}
