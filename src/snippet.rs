//! Short snippets for miette: what the human format and the configuration
//! errors draw.
//!
//! miette draws the lines around every label of a diagnostic, and joins
//! the snippets of labels a few dozen lines apart into one that prints every
//! line between them; it draws lines whole, and it panics on a column past
//! 65,535. A diagnostic is therefore drawn through [`Snippets`]: a small
//! text made of the lines around each group of nearby labels only, long
//! lines cut around the labels with an ellipsis, control characters
//! escaped, with the real line numbers and columns. At most
//! [`MAX_SNIPPETS`] groups are drawn; the other labels are listed under the
//! help with their line and column.

use std::fmt::{self, Write as _};

use miette::{Diagnostic, GraphicalReportHandler, LabeledSpan, SourceCode, SpanContents};

use crate::span::LineIndex;

/// Labels at most this many lines apart are drawn in one snippet.
pub const NEAR_LINES: usize = 3;
/// A snippet spans at most this many lines of labels.
pub const MAX_SNIPPET_LINES: usize = 12;
/// At most this many snippets per diagnostic.
pub const MAX_SNIPPETS: usize = 3;
/// Labels not drawn are listed under the help, at most this many.
pub const MAX_LISTED: usize = 4;
/// Lines longer than this many characters are cut.
pub const LONG_LINE: usize = 120;
/// Characters kept on either side of a label in a cut line.
pub const AROUND: usize = 40;
/// A label is underlined over at most this many characters.
pub const MAX_LABEL: usize = 60;
/// A drawn line is at most this many characters wide, whatever the number
/// of labels on it or the escapes its control characters need.
pub const MAX_LINE_WIDTH: usize = 6 * (2 * AROUND + MAX_LABEL);

/// Draws `diagnostic`, whose labels are byte spans into `text` (named
/// `name`), with short snippets. Never panics on long lines.
pub fn draw(
    handler: &GraphicalReportHandler,
    diagnostic: &dyn Diagnostic,
    name: &str,
    text: &str,
    lines: &LineIndex,
    out: &mut String,
) {
    let snippets = Snippets::new(diagnostic, name, text, lines);
    let start = out.len();
    if handler.render_report(out, &snippets).is_err() {
        out.truncate(start);
        let _ = writeln!(out, "{}", escape(&diagnostic.to_string(), false));
    }
}

/// A label of the original diagnostic, cut to its first line.
#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    line: usize,
    message: Option<String>,
    primary: bool,
}

/// A group of nearby labels: lines `first..=last` (0-based) hold them.
#[derive(Debug)]
struct Group {
    first: usize,
    last: usize,
    marks: Vec<Mark>,
}

/// One drawn group in the excerpt: its bytes and the real line of its
/// first line.
#[derive(Debug)]
struct Block {
    start: usize,
    end: usize,
    first_line: usize,
}

/// The excerpt: the lines of the drawn groups, one block per group.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    blocks: Vec<Block>,
    /// Excerpt offset of each label's start, with its real 0-based line
    /// and column.
    starts: Vec<(usize, usize, usize)>,
}

/// A diagnostic drawn from an [`Excerpt`] instead of its whole source.
pub struct Snippets<'a> {
    inner: &'a dyn Diagnostic,
    excerpt: Excerpt,
    labels: Vec<LabeledSpan>,
    /// Labels not drawn: `at line:column: message`.
    listed: Vec<String>,
}

impl fmt::Debug for Snippets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snippets")
            .field("excerpt", &self.excerpt)
            .finish()
    }
}

impl<'a> Snippets<'a> {
    pub fn new(inner: &'a dyn Diagnostic, name: &str, text: &str, lines: &LineIndex) -> Self {
        let mut marks: Vec<Mark> = inner
            .labels()
            .into_iter()
            .flatten()
            .map(|label| mark(label, text, lines))
            .collect();
        marks.sort_by_key(|m| (m.start, m.end));
        let groups = group(marks);
        let primary = groups
            .iter()
            .position(|g| g.marks.iter().any(|m| m.primary))
            .unwrap_or(0);
        let mut drawn = Vec::new();
        let mut rest = Vec::new();
        for (i, group) in groups.into_iter().enumerate() {
            let room = drawn.len() + usize::from(i < primary) < MAX_SNIPPETS;
            if i == primary || room {
                drawn.push(group);
            } else {
                rest.push(group);
            }
        }
        let mut listed = Vec::new();
        let others: Vec<&Mark> = rest.iter().flat_map(|g| &g.marks).collect();
        for mark in others.iter().take(MAX_LISTED) {
            let at = lines.position(text, mark.start);
            listed.push(escape(
                &format!(
                    "at {}:{}: {}",
                    at.line,
                    at.column,
                    mark.message.as_deref().unwrap_or("here")
                ),
                false,
            ));
        }
        if others.len() > MAX_LISTED {
            let n = others.len() - MAX_LISTED;
            listed.push(format!(
                "and {n} more place{} (`--format concise` lists them all)",
                if n == 1 { "" } else { "s" }
            ));
        }
        let (excerpt, labels) = excerpt(name, text, lines, &drawn);
        Self {
            inner,
            excerpt,
            labels,
            listed,
        }
    }
}

/// `label` as a mark in `text`: on char boundaries, cut to its first line.
fn mark(label: LabeledSpan, text: &str, lines: &LineIndex) -> Mark {
    let start = floor(text, label.offset().min(text.len()));
    let end = floor(text, (label.offset() + label.len()).min(text.len())).max(start);
    let line = lines.line_of(start);
    let end = end.min(line_end(text, lines, line)).max(start);
    Mark {
        start,
        end,
        line,
        message: label.label().map(str::to_string),
        primary: label.primary(),
    }
}

/// Byte offset where `line`'s text ends (before its line break).
fn line_end(text: &str, lines: &LineIndex, line: usize) -> usize {
    let end = if line + 1 < lines.line_count() {
        lines.line_start(line + 1)
    } else {
        text.len()
    };
    let start = lines.line_start(line);
    let body = text.get(start..end).unwrap_or("");
    start + body.trim_end_matches(['\n', '\r']).len()
}

fn floor(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Marks in order, grouped when at most [`NEAR_LINES`] apart.
fn group(marks: Vec<Mark>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for mark in marks {
        if let Some(last) = groups.last_mut() {
            if mark.line <= last.last + NEAR_LINES && mark.line < last.first + MAX_SNIPPET_LINES {
                last.last = last.last.max(mark.line);
                last.marks.push(mark);
                continue;
            }
        }
        groups.push(Group {
            first: mark.line,
            last: mark.line,
            marks: vec![mark],
        });
    }
    groups
}

/// Builds the excerpt of `groups` and the labels in it.
fn excerpt(
    name: &str,
    text: &str,
    lines: &LineIndex,
    groups: &[Group],
) -> (Excerpt, Vec<LabeledSpan>) {
    let mut out = String::new();
    let mut blocks = Vec::new();
    let mut starts = Vec::new();
    let mut labels = Vec::new();
    let count = lines.line_count().max(1);
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let first = group.first.saturating_sub(1);
        let last = (group.last + 1).min(count - 1);
        let block_start = out.len();
        for line in first..=last {
            if line > first {
                out.push('\n');
            }
            let on_line: Vec<&Mark> = group.marks.iter().filter(|m| m.line == line).collect();
            let mapped = copy_line(text, lines, line, &on_line, &mut out);
            for (mark, (start, end)) in on_line.iter().zip(mapped) {
                let at = lines.position(text, mark.start);
                starts.push((start, at.line - 1, at.column - 1));
                let span = miette::SourceSpan::new(start.into(), end - start);
                labels.push(if mark.primary {
                    LabeledSpan::new_primary_with_span(
                        mark.message.as_deref().map(|m| escape(m, false)),
                        span,
                    )
                } else {
                    LabeledSpan::new_with_span(
                        mark.message.as_deref().map(|m| escape(m, false)),
                        span,
                    )
                });
            }
        }
        blocks.push(Block {
            start: block_start,
            end: out.len(),
            first_line: first,
        });
    }
    (
        Excerpt {
            name: name.to_string(),
            text: out,
            blocks,
            starts,
        },
        labels,
    )
}

/// Copies `line` of `text` into `out`, cut around `marks` when long and
/// escaped; gives each mark's start and end in `out`.
fn copy_line(
    text: &str,
    lines: &LineIndex,
    line: usize,
    marks: &[&Mark],
    out: &mut String,
) -> Vec<(usize, usize)> {
    let start = lines.line_start(line).min(text.len());
    let end = line_end(text, lines, line);
    let body = &text[start..end];
    // Each mark's end, cut to at most MAX_LABEL characters.
    let ends: Vec<usize> = marks
        .iter()
        .map(|m| forward(text, m.start, m.end, MAX_LABEL))
        .collect();
    let long = body.len() > LONG_LINE && body.chars().nth(LONG_LINE).is_some();
    let windows: Vec<(usize, usize)> = if !long {
        vec![(start, end)]
    } else if marks.is_empty() {
        vec![(start, forward(text, start, end, 2 * AROUND))]
    } else {
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for (mark, &mark_end) in marks.iter().zip(&ends) {
            let from = back(text, start, mark.start, AROUND);
            let to = forward(text, mark_end, end, AROUND);
            match windows.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => windows.push((from, to)),
            }
        }
        windows
    };
    let mut points: Vec<(usize, Option<usize>)> = marks
        .iter()
        .zip(&ends)
        .flat_map(|(m, &e)| [(m.start, None), (e, None)])
        .collect();
    let mut previous = start;
    // Many labels on one line, or many escapes, could still make a line a
    // reader cannot take in: the line stops at MAX_LINE_WIDTH characters and
    // labels past that point are drawn at its end.
    let mut room = MAX_LINE_WIDTH;
    for (k, &(from, to)) in windows.iter().enumerate() {
        if room == 0 {
            break;
        }
        if from > previous {
            out.push_str(if k == 0 { "…" } else { " … " });
        }
        previous = copy(text, from, to, &mut points, &mut room, out);
    }
    if previous < end {
        out.push('…');
    }
    points
        .chunks(2)
        .map(|pair| {
            let s = pair[0].1.unwrap_or(out.len());
            let e = pair[1].1.unwrap_or(out.len()).max(s);
            (s, e)
        })
        .collect()
}

/// Copies `text[from..to]` escaped, noting where each point falls, until
/// `room` characters are written; gives the offset where copying stopped.
fn copy(
    text: &str,
    from: usize,
    to: usize,
    points: &mut [(usize, Option<usize>)],
    room: &mut usize,
    out: &mut String,
) -> usize {
    let note = |at: usize, len: usize, points: &mut [(usize, Option<usize>)]| {
        for point in points.iter_mut() {
            if point.0 == at && point.1.is_none() {
                point.1 = Some(len);
            }
        }
    };
    for (i, c) in text[from..to].char_indices() {
        note(from + i, out.len(), points);
        let before = out.len();
        push_escaped(c, false, out);
        // Escapes are ASCII, so their bytes are their width.
        let width = if is_control(c) { out.len() - before } else { 1 };
        if width > *room {
            out.truncate(before);
            *room = 0;
            return from + i;
        }
        *room -= width;
    }
    note(to, out.len(), points);
    to
}

/// The offset `n` characters after `from`, at most `limit`.
fn forward(text: &str, from: usize, limit: usize, n: usize) -> usize {
    text[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The offset `n` characters before `to`, at least `limit`.
fn back(text: &str, limit: usize, to: usize, n: usize) -> usize {
    text[limit..to]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(limit, |(i, _)| limit + i)
}

/// `text` with control characters written as `\x1b` (keeping line breaks
/// and tabs when `lines`), so that a report cannot drive the terminal.
pub fn escape(text: &str, lines: bool) -> String {
    if !text.chars().any(is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(c, lines, &mut out);
    }
    out
}

fn is_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

fn push_escaped(c: char, lines: bool, out: &mut String) {
    if is_control(c) && !(lines && c == '\n') {
        let _ = write!(out, "\\x{:02x}", u32::from(c));
    } else {
        out.push(c);
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let end = span.offset() + span.len();
        // A span across two blocks is refused: miette then draws them apart.
        let block = self
            .blocks
            .iter()
            .find(|b| b.start <= span.offset() && end <= b.end)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let window = &self.text.as_bytes()[block.start..block.end];
        let shifted = miette::SourceSpan::new((span.offset() - block.start).into(), span.len());
        let contents = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let real = self
            .starts
            .iter()
            .find(|s| s.0 == span.offset())
            .filter(|_| context_lines_before == 0);
        let (line, column) = match real {
            Some(&(_, line, column)) => (line, column),
            None => (contents.line() + block.first_line, contents.column()),
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            miette::SourceSpan::new(
                (contents.span().offset() + block.start).into(),
                contents.span().len(),
            ),
            line,
            column,
            // Lines in the snippet (miette's own count runs from the start
            // of the text, which makes it join far snippets).
            contents.line_count().saturating_sub(contents.line()),
        )))
    }
}

impl fmt::Display for Snippets<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape(&self.inner.to_string(), true))
    }
}

impl std::error::Error for Snippets<'_> {}

impl Diagnostic for Snippets<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.url()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut help: Vec<String> = self
            .inner
            .help()
            .map(|h| escape(&h.to_string(), true))
            .into_iter()
            .collect();
        help.extend(self.listed.iter().cloned());
        if help.is_empty() {
            return None;
        }
        Some(Box::new(help.join("\n")))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.excerpt)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("finding")]
    struct Labelled {
        text: String,
        labels: Vec<(usize, usize, bool)>,
    }

    impl Diagnostic for Labelled {
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.text)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            Some(Box::new(self.labels.iter().map(|&(at, len, primary)| {
                let span = miette::SourceSpan::new(at.into(), len);
                if primary {
                    LabeledSpan::new_primary_with_span(Some("here".into()), span)
                } else {
                    LabeledSpan::new_with_span(Some("there".into()), span)
                }
            })))
        }
    }

    /// `text` with `labels` (start, length, primary) drawn as `t.txt`.
    fn drawn(text: &str, labels: Vec<(usize, usize, bool)>) -> String {
        let diagnostic = Labelled {
            text: text.to_string(),
            labels,
        };
        let handler = GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        draw(
            &handler,
            &diagnostic,
            "t.txt",
            text,
            &LineIndex::new(text),
            &mut out,
        );
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever the text and the labels, drawing gives at most
        /// MAX_SNIPPETS short snippets, no control character, no panic.
        #[test]
        fn snippets_are_short_and_escaped(
            pieces in proptest::collection::vec("(word |é|\\x1b\\[0m|\\n|\\r\\n|\\r|\\t| {1,3})", 1..40),
            repeat in proptest::collection::vec(1usize..3_000, 1..40),
            labels in proptest::collection::vec((0usize..60_000, 0usize..300, proptest::bool::ANY), 0..12),
        ) {
            let mut text = String::new();
            for (piece, n) in pieces.iter().zip(repeat.iter().cycle()) {
                text.push_str(&piece.repeat(*n));
            }
            let labels = labels
                .into_iter()
                .map(|(at, len, primary)| (at.min(text.len()), len, primary))
                .collect();
            let out = drawn(&text, labels);
            proptest::prop_assert!(out.matches("╭─[").count() <= MAX_SNIPPETS, "{}", out);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{:?}", out);
            for line in out.lines() {
                proptest::prop_assert!(line.chars().count() < 2_500, "{}", line);
            }
            proptest::prop_assert!(out.lines().count() < 12 * 12 * MAX_SNIPPETS);
        }
    }

    #[test]
    fn a_long_line_is_cut_around_its_label() {
        let text = format!(
            "{}needle{}\nnext\n",
            "a ".repeat(50_000),
            " b".repeat(50_000)
        );
        let at = text.find("needle").expect("needle");
        let out = drawn(&text, vec![(at, 6, true)]);
        assert!(out.contains("[t.txt:1:100001]"), "{out}");
        assert!(out.contains("│ …a a a a"), "{out}");
        assert!(out.contains("needle b b"), "{out}");
        assert!(out.len() < 1_000, "{out}");
    }

    /// Found by the property above: eight labels on one line of escapes
    /// drew a line of over 2,500 characters.
    #[test]
    fn many_labels_on_a_line_of_escapes_stay_narrow() {
        let pieces = ["word ", "   ", "\n", "\n", "\u{1b}[0m", "\t", "\u{1b}[0m"];
        let repeat = [1, 2153, 1667, 224, 2618, 1720, 1817];
        let text: String = pieces
            .iter()
            .zip(repeat)
            .map(|(piece, n)| piece.repeat(n))
            .collect();
        let labels = [
            (18867, 60),
            (8396, 52),
            (8529, 60),
            (18954, 60),
            (8670, 45),
            (8796, 60),
            (19094, 60),
            (8838, 60),
        ]
        .into_iter()
        .map(|(at, len)| (at, len, false))
        .collect();
        let out = drawn(&text, labels);
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest < MAX_LINE_WIDTH + 100, "{widest}: {out}");
        assert!(out.contains("\\x1b[0m"), "{out}");
    }
}
