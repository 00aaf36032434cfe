//! The typed model of a report, built once per file from the grammar's
//! blocks and the family's template. Rule kinds read this model and never the
//! parser's output; every element carries byte spans into the source text.

// The grammar's blocks are parse's output; the model holds them
// (`Report::blocks`), so they are named here too.
pub use crate::parse::block;
mod build;
pub mod dates;
pub mod quantities;
mod sentences;

use std::collections::BTreeMap;

use serde::Serialize;

pub use build::{build, build_from_blocks, skeleton};

use crate::family::{FieldKind, ScorePlace};
use crate::span::Span;
use block::{Block, FurnitureKind};
use dates::{Date, DateRange};
use quantities::{ComparisonClaim, Quantity};

/// Everything reportlint knows about one report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The family's id, or `None` when no template matched.
    pub family: Option<String>,
    /// The blocks in document order, as the grammar found them.
    #[serde(skip)]
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    /// Sections in document order; `parent` links make the tree.
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub quantities: Vec<Quantity>,
    pub claims: Vec<ComparisonClaim>,
    /// Values read by the family's field patterns, by name.
    pub fields: BTreeMap<String, Field>,
    pub scores: Vec<Score>,
    pub descriptors: Vec<Descriptor>,
    /// Every place a scored entity is named as part of the structure: its
    /// summary-table label, a list item that is exactly its name, its
    /// section heading. In document order.
    pub mentions: Vec<Mention>,
    /// The page breaks (form feeds) of text extracted from PDF, in order.
    pub page_breaks: Vec<Span>,
    /// Running headers and footers and page numbers, in document order:
    /// kept out of paragraphs and sentences.
    pub furniture: Vec<Furniture>,
}

/// A line of page furniture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Furniture {
    pub span: Span,
    /// The page it belongs to, from 1.
    pub page: u32,
    pub kind: FurnitureKind,
}

/// A heading, Markdown or bare line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The text without `#`, emphasis or surrounding space.
    pub text: String,
    /// Where the heading's text is.
    pub span: Span,
    /// The Markdown level (number of `#`), or `None` for a bare line.
    pub markdown_level: Option<u8>,
    /// Nesting depth in the report's logical structure (the template's depth
    /// for known headings).
    pub depth: u8,
    /// The template role, when the heading is one the template knows.
    pub role: Option<String>,
    /// The scored entity this heading names, by id.
    pub entity: Option<String>,
    /// The group the heading opens, read by the named capture `group` of
    /// the template heading's pattern (the `1` of `Theme 1: ...`).
    pub group: Option<String>,
}

/// A section: a heading and everything up to the next heading of the same
/// or a shallower depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Index into [`Report::headings`].
    pub heading: usize,
    pub parent: Option<usize>,
    pub depth: u8,
    /// From the heading to the end of the section's content.
    pub span: Span,
}

/// What kind of block a paragraph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    Text,
    ListItem,
    TableRow,
}

/// Running text: a paragraph or a list item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub span: Span,
    /// Each line's text span.
    pub lines: Vec<Span>,
    /// Index of the innermost enclosing section.
    pub section: Option<usize>,
    /// This paragraph carries on a sentence the previous one left unfinished
    /// (a page break in text extracted from PDF).
    pub continues_previous: bool,
    /// The page the paragraph starts on, from 1 (1 for text without page
    /// breaks).
    pub page: u32,
}

/// A sentence inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Report::paragraphs`].
    pub paragraph: usize,
}

/// A value read from the text by a family field pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub value: String,
    pub span: Span,
    pub kind: FieldKind,
    /// The other named groups of the pattern.
    pub parts: BTreeMap<String, FieldPart>,
    /// Parsed date, for `date` fields.
    pub date: Option<Date>,
    /// Parsed range, for `date_range` fields.
    pub date_range: Option<DateRange>,
    /// Names, for `name_list` fields.
    pub names: Vec<FieldPart>,
}

/// A named part of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldPart {
    pub value: String,
    pub span: Span,
}

/// A score line attributed to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// The entity's id, or `None` for a score line the template cannot place.
    pub entity: Option<String>,
    /// The entity's name as the report writes it here.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    pub value: u32,
    /// Where the number is.
    pub span: Span,
    /// The whole score line.
    pub line_span: Span,
    pub place: Option<ScorePlace>,
    /// For a judgement in words, the grade's printed name ("good");
    /// `value` is then the grade's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// For a judgement in words, how the report gives it.
    #[serde(skip)]
    pub form: Option<GradeForm>,
}

/// How a report gives a judgement in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeForm {
    /// A row of the judgement table.
    Table,
    /// The heading of the judgement's section, or the line under it.
    Heading,
    /// A sentence ("Children's services in Brent are good").
    Sentence,
}

impl GradeForm {
    /// The place as messages name it.
    pub fn place(self) -> &'static str {
        match self {
            Self::Table => "the judgement table",
            Self::Heading => "its section",
            Self::Sentence => "a sentence that states it",
        }
    }
}

impl Score {
    /// The score as messages show it: the grade's name, or the number.
    pub fn shown(&self) -> String {
        self.grade.clone().unwrap_or_else(|| self.value.to_string())
    }
}

/// Where a scored entity is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionPlace {
    /// A label in a summary table (before its score, or unscored).
    Summary,
    /// A list item that is exactly the entity's name (a theme's list of
    /// its quality statements).
    List,
    /// The heading of the entity's own section.
    Heading,
}

impl MentionPlace {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Summary => "summary table",
            Self::List => "list",
            Self::Heading => "heading",
        }
    }
}

/// A scored entity named in the structure of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The entity's id.
    pub entity: String,
    /// The name as written (emphasis and surrounding space removed).
    pub text: String,
    pub span: Span,
    pub place: MentionPlace,
    /// The innermost section the mention is in; for a heading, the section
    /// it opens.
    pub section: Option<usize>,
}

/// The descriptor line after a score: `2 - Evidence shows some shortfalls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Descriptor {
    pub entity: Option<String>,
    pub value: u32,
    pub value_span: Span,
    pub text: String,
    pub text_span: Span,
    /// Index into [`Report::scores`] of the score it describes.
    pub score: usize,
}

impl Report {
    /// The section whose heading has `role`, first in document order.
    pub fn section_with_role(&self, role: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| self.headings[s.heading].role.as_deref() == Some(role))
    }

    /// The innermost section containing byte `offset`.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.span.start <= offset && offset < s.span.end)
            .max_by_key(|(_, s)| s.depth)
            .map(|(i, _)| i)
    }

    /// Scores stated at `place`.
    pub fn scores_at(&self, place: ScorePlace) -> impl Iterator<Item = &Score> {
        self.scores.iter().filter(move |s| s.place == Some(place))
    }
}
