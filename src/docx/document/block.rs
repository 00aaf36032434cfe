//! Writing a paragraph of the main document part as a block of the text
//! view: a heading, a list item, a table cell (a score cell as a score
//! line) or plain text, with the review marks met in it placed on its
//! words.

use super::Reader;
use crate::docx::map::ContentsLine;
use crate::docx::styles::heading_of_outline;
use crate::span::Span;

impl Reader<'_> {
    /// Writes the paragraph being read, if it has text, as a block.
    pub(super) fn finish_paragraph(&mut self) {
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
        let mut rewritten = false;
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
                rewritten = true;
            }
        }
        let body = text.trim();
        if body.is_empty() {
            // Its marks wait for the next block with text.
            self.waiting.extend(paragraph.marks);
            self.comment_ends.clear();
            return;
        }
        let lead = text.len() - text.trim_start().len();
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
        let line_end = self.out.len();
        self.out.push_str("\n\n");
        let line = Span::new(offset, line_end);
        if let Some(level) = heading {
            self.map.contents.headings.push(ContentsLine {
                level,
                text: heading_text.clone().unwrap_or_default(),
                span: line,
            });
        } else if let Some(level) = style.and_then(|s| styles.contents_level(s)) {
            self.map.contents.entries.push(ContentsLine {
                level,
                text: without_page_number(body).to_string(),
                span: line,
            });
        }
        self.map.push(offset, self.count, heading_text.clone());
        // Where the paragraph's text starts in the view: after `#`s or a
        // list item's dash. A heading is one line made of its text, and a
        // rewritten score cell is no longer its text: their marks cover
        // the whole line.
        let whole = Span::new(offset, line_end);
        let exact = heading_text.is_none() && !rewritten;
        let shown = heading_text.as_ref().map_or(body.len(), String::len);
        let body_start = line_end - shown;
        let first_word = word_at(&self.out, body_start, body_start, line_end);
        for pending in std::mem::take(&mut self.waiting) {
            self.place(pending, first_word);
        }
        for pending in paragraph.marks {
            let span = if exact {
                let at = |pos: usize| body_start + pos.saturating_sub(lead).min(body.len());
                let (start, end) = (at(pending.start), at(pending.end));
                if end > start {
                    Span::new(start, end)
                } else {
                    word_at(&self.out, start, body_start, line_end)
                }
            } else {
                whole
            };
            self.place(pending, span);
        }
        self.comment_ends.clear();
    }
}

/// The word of `view[from..to]` at or after byte `at` (the one before it at
/// the end): where a mark without words of its own (a deletion, a comment
/// on nothing) is shown.
fn word_at(view: &str, at: usize, from: usize, to: usize) -> Span {
    let line = &view[from..to];
    let rel = at.saturating_sub(from).min(line.len());
    let is_space = |c: char| c.is_whitespace();
    // The next word, skipping white space.
    let next = line[rel..].find(|c: char| !is_space(c)).map(|i| rel + i);
    let (start, end) = match next {
        Some(start) => {
            let end = line[start..]
                .find(is_space)
                .map_or(line.len(), |i| start + i);
            (start, end)
        }
        None => {
            let end = line[..rel].trim_end().len();
            let start = line[..end].rfind(is_space).map_or(0, |i| i + 1);
            (start, end)
        }
    };
    Span::new(from + start, from + end)
}

/// A table of contents entry's text without the page number Word puts
/// after a tab (the dotted leader is the tab's, not text). Without a tab
/// (a contents list without page numbers) the entry is all text: "Theme
/// 2" ends with its own number.
fn without_page_number(entry: &str) -> &str {
    let trimmed = entry.trim_end();
    let Some(tab) = trimmed.rfind('\t') else {
        return trimmed;
    };
    let number = trimmed[tab + 1..].trim();
    let is_page = !number.is_empty()
        && (number.bytes().all(|b| b.is_ascii_digit())
            || number.bytes().all(|b| b"ivxlcdm".contains(&b)));
    if is_page {
        trimmed[..tab].trim_end()
    } else {
        trimmed
    }
}

/// A score cell: one or two digits, nothing else.
fn is_score(text: &str) -> bool {
    let text = text.trim();
    (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_leave_contents_entries() {
        assert_eq!(without_page_number("Introduction\t3"), "Introduction");
        assert_eq!(without_page_number("1.2 Scope\t14"), "1.2 Scope");
        assert_eq!(without_page_number("Foreword\tiv"), "Foreword");
        assert_eq!(without_page_number("Plans for mid"), "Plans for mid");
        assert_eq!(without_page_number("Summary"), "Summary");
        assert_eq!(without_page_number("Theme 2"), "Theme 2");
    }
}
