//! Review marks met while reading the main document part: tracked
//! insertions and deletions, content controls showing their placeholder,
//! and comment ranges, each placed on the words of the view it covers.

use super::Reader;
use crate::docx::review::{push_quote, MarkKind, ReviewMark};
use crate::docx::xml::attr;
use crate::span::Span;

/// A review mark of the paragraph being read, placed in its text.
#[derive(Debug)]
pub(super) struct Pending {
    pub(super) kind: MarkKind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) author: Option<String>,
    pub(super) quote: String,
    /// A comment's id, to find its author and text in the comments part.
    pub(super) comment: Option<String>,
}

/// A tracked change or content control being read.
#[derive(Debug)]
pub(super) struct Open {
    pub(super) kind: MarkKind,
    /// The paragraph it started in and where in its text.
    pub(super) paragraph: usize,
    pub(super) start: usize,
    pub(super) author: Option<String>,
    pub(super) quote: String,
}

impl Reader<'_> {
    /// A tracked change or content control starting here.
    pub(super) fn open_mark(
        &self,
        kind: MarkKind,
        element: &quick_xml::events::BytesStart<'_>,
    ) -> Open {
        Open {
            kind,
            paragraph: self.count,
            start: self.paragraph.as_ref().map_or(0, |p| p.text.len()),
            author: attr(element, "author").filter(|a| !a.trim().is_empty()),
            quote: String::new(),
        }
    }

    /// The mark `open` ends here: it covers the text read since it started
    /// in this paragraph (all of this paragraph's text before here when it
    /// started in an earlier one).
    pub(super) fn end_mark(&mut self, open: Open) {
        let Some(paragraph) = &mut self.paragraph else {
            return;
        };
        let end = paragraph.text.len();
        let start = if open.paragraph == self.count {
            open.start.min(end)
        } else {
            0
        };
        let mut quote = open.quote;
        if open.kind != MarkKind::Deletion {
            push_quote(&mut quote, paragraph.text.get(start..end).unwrap_or(""));
        }
        paragraph.marks.push(Pending {
            kind: open.kind,
            start,
            end,
            author: open.author,
            quote,
            comment: None,
        });
    }

    /// The end of a deletion's element: its text was not read, the mark
    /// is where it was.
    pub(super) fn end_deletion(&mut self) {
        if let Some(open) = self.change.take() {
            let at = self.paragraph.as_ref().map_or(0, |p| p.text.len());
            let pending = Pending {
                kind: open.kind,
                start: at,
                end: at,
                author: open.author,
                quote: open.quote,
                comment: None,
            };
            match &mut self.paragraph {
                Some(paragraph) => paragraph.marks.push(pending),
                None => self.waiting.push(pending),
            }
        }
    }

    /// A comment's reference: the comment is on the words of its range
    /// (in this paragraph), or on the words before the reference.
    pub(super) fn comment(&mut self, id: Option<String>) {
        let Some(paragraph) = &mut self.paragraph else {
            return;
        };
        let here = paragraph.text.len();
        let (start, end) = match &id {
            Some(id) => {
                let end = self
                    .comment_ends
                    .iter()
                    .rfind(|(i, _)| i == id)
                    .map_or(here, |(_, at)| *at);
                let start = match self.comment_starts.iter().rposition(|(i, _, _)| i == id) {
                    Some(k) => {
                        let (_, in_paragraph, at) = self.comment_starts.swap_remove(k);
                        if in_paragraph == self.count {
                            at.min(end)
                        } else {
                            0
                        }
                    }
                    None => end,
                };
                (start, end)
            }
            None => (here, here),
        };
        let mut quote = String::new();
        push_quote(&mut quote, paragraph.text.get(start..end).unwrap_or(""));
        paragraph.marks.push(Pending {
            kind: MarkKind::Comment,
            start,
            end,
            author: None,
            quote,
            comment: id,
        });
    }

    /// Records a mark at its place in the view.
    pub(super) fn place(&mut self, pending: Pending, span: Span) {
        if let Some(id) = pending.comment {
            self.map.comment_ids.push((self.map.review.marks.len(), id));
        }
        self.map.review.marks.push(ReviewMark {
            kind: pending.kind,
            span,
            author: pending.author,
            quote: pending.quote.trim().to_string(),
        });
    }
}
