//! From the text view back to the Word document: which paragraph a line
//! came from, and the heading it stands under.

use serde::Serialize;

use super::review::Review;

/// What the text view leaves out of a document, counted so that the user
/// can be told (`reportlint extract`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WordStats {
    /// Paragraphs of the body (table cells' included, empty ones too).
    pub paragraphs: usize,
    pub tables: usize,
    /// Comment marks in the text (comments are not text).
    pub comments: usize,
    /// Tracked insertions (read as text) and deletions (left out).
    pub insertions: usize,
    pub deletions: usize,
    /// Footnote and endnote marks (the notes are left out).
    pub notes: usize,
    /// Header and footer parts (page furniture, left out).
    pub headers_footers: usize,
    /// Drawings, pictures and embedded objects, text boxes with them.
    pub drawings: usize,
    /// Runs of hidden text (left out).
    pub hidden: usize,
}

impl WordStats {
    /// What the text view holds and leaves out, in words, as `reportlint
    /// extract` tells it.
    pub fn summary(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut read = vec![count(self.paragraphs, "paragraph", "paragraphs")];
        if self.tables > 0 {
            read.push(count(self.tables, "table", "tables"));
        }
        if self.insertions > 0 {
            read.push(count(
                self.insertions,
                "tracked insertion",
                "tracked insertions",
            ));
        }
        let left_out: Vec<String> = [
            (self.deletions, "tracked deletion", "tracked deletions"),
            (self.comments, "comment", "comments"),
            (self.notes, "footnote or endnote", "footnotes and endnotes"),
            (
                self.headers_footers,
                "header or footer",
                "headers and footers",
            ),
            (
                self.drawings,
                "drawing or text box",
                "drawings and text boxes",
            ),
            (self.hidden, "run of hidden text", "runs of hidden text"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| count(n, one, many))
        .collect();
        let mut out = format!("read {}", read.join(", "));
        if !left_out.is_empty() {
            out.push_str(&format!("; not read as text: {}", left_out.join(", ")));
        }
        out
    }
}

/// A line of a table of contents, or a heading, with its level and its
/// line in the text view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsLine {
    pub level: u8,
    /// Its text: an entry's without its page number.
    pub text: String,
    pub span: crate::span::Span,
}

/// A document's table of contents (the paragraphs in Word's `TOC 1` to
/// `TOC 9` styles, as Word last updated them) and its headings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    pub entries: Vec<ContentsLine>,
    pub headings: Vec<ContentsLine>,
}

/// Where in the Word document a place of the text view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WordPlace<'a> {
    /// 1-based, counting every paragraph of the body in order, those in
    /// table cells and empty ones included.
    pub paragraph: usize,
    /// The text of the nearest heading before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<&'a str>,
}

/// The map from the text view to the document's paragraphs.
#[derive(Debug, Clone, Default)]
pub struct WordMap {
    /// Per block of the view, in order: the byte offset it starts at, its
    /// paragraph number, and the index in `headings` of the heading it
    /// stands under.
    blocks: Vec<(usize, usize, Option<usize>)>,
    headings: Vec<String>,
    pub stats: WordStats,
    /// Tracked changes, comments and placeholders, and whether the
    /// document is marked final.
    pub review: Review,
    /// The table of contents' entries and the headings, to compare.
    pub contents: Contents,
    /// Comment marks' indexes in `review.marks` with their comment ids,
    /// to fill in their authors and texts from the comments part.
    pub(super) comment_ids: Vec<(usize, String)>,
}

impl WordMap {
    /// Records a block of the view from one paragraph; `heading` is its
    /// text when the paragraph is a heading (it stands under the previous
    /// one, and the blocks after it under it).
    pub(super) fn push(&mut self, offset: usize, paragraph: usize, heading: Option<String>) {
        let under = self.headings.len().checked_sub(1);
        self.blocks.push((offset, paragraph, under));
        if let Some(text) = heading {
            self.headings.push(text);
        }
    }

    /// The paragraph that the byte `offset` of the view is in (a blank line
    /// between blocks counts with the block before it); `None` before the
    /// first.
    pub fn place(&self, offset: usize) -> Option<WordPlace<'_>> {
        let at = self
            .blocks
            .partition_point(|(start, _, _)| *start <= offset);
        let (_, paragraph, under) = *self.blocks.get(at.checked_sub(1)?)?;
        Some(WordPlace {
            paragraph,
            heading: under.and_then(|h| self.headings.get(h)).map(String::as_str),
        })
    }

    /// The block that byte `offset` of a view of `len` bytes is in: from
    /// where it starts to where the next starts (its blank line included),
    /// and its paragraph number.
    pub(super) fn block(
        &self,
        offset: usize,
        len: usize,
    ) -> Option<(std::ops::Range<usize>, usize)> {
        let at = self
            .blocks
            .partition_point(|(start, _, _)| *start <= offset);
        let (start, paragraph, _) = *self.blocks.get(at.checked_sub(1)?)?;
        let end = self.blocks.get(at).map_or(len, |(next, _, _)| *next);
        Some((start..end, paragraph))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_by_offset() {
        let mut map = WordMap::default();
        map.push(0, 1, Some("Title".into()));
        map.push(7, 3, None);
        map.push(20, 4, Some("Theme 1".into()));
        map.push(30, 6, None);
        assert_eq!(
            map.place(0).map(|p| (p.paragraph, p.heading)),
            Some((1, None))
        );
        assert_eq!(
            map.place(8).map(|p| (p.paragraph, p.heading)),
            Some((3, Some("Title")))
        );
        assert_eq!(map.place(25).map(|p| p.paragraph), Some(4));
        assert_eq!(map.place(99).map(|p| p.heading), Some(Some("Theme 1")));
        assert_eq!(WordMap::default().place(0), None);
    }
}
