//! `numbering`: numbered paragraphs ("12. Leaders know...") must run in
//! sequence, each one more than the last: a number given twice, or one or
//! two numbers missing, is a slip of editing (a paragraph pasted, deleted or
//! moved). A paragraph numbered 1 starts a new series (a numbered list of
//! recommendations before the findings).
//!
//! Text from a PDF wraps sentences before figures ("support until age" /
//! "25. Young people..."), so a number at a line's start is only certainly a
//! paragraph's when it stands alone on its line, or follows a line that
//! ends a sentence, a heading or judgement line, or a short line (page
//! furniture and blank lines are stepped over). An uncertain number is
//! taken only where it continues the sequence, and only certain numbers
//! are reported. A jump back, or forward by more than
//! `max_missing`, is a series this kind cannot follow (a list, a table the
//! PDF laid out of order), and nothing is said.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The most numbers that may be missing in one place and still be
    /// reported (a larger jump is read as another series).
    #[serde(default = "default_max_missing")]
    pub max_missing: u32,
}

fn default_max_missing() -> u32 {
    2
}

/// Paragraph numbers have at most this many digits.
const MAX_DIGITS: usize = 3;
/// A line shorter than this share of the report's usual full line is short
/// enough to be a heading rather than a wrapped line of a paragraph.
const SHORT_LINE_SHARE: f64 = 0.75;
/// Line lengths are counted up to this many characters.
const LONGEST_COUNTED: usize = 400;

impl Kind for Params {
    type Rule = Self;

    fn compile(mut self) -> Result<Self, String> {
        self.prepare()?;
        Ok(self)
    }
}

impl Params {
    /// Checks the parameters and makes what the rule needs of them.
    fn prepare(&mut self) -> Result<(), String> {
        if self.max_missing == 0 {
            return Err("`max_missing` must be at least 1".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let report = ctx.report;
        let furniture: Vec<Span> = report.furniture.iter().map(|f| f.span).collect();
        // Headings and judgement lines, after which a paragraph starts.
        let mut headings: Vec<Span> = report
            .headings
            .iter()
            .map(|h| h.span)
            .chain(report.scores.iter().map(|s| s.line_span))
            .collect();
        headings.sort_by_key(|s| s.start);
        let full = full_line(text);
        let short = (full as f64 * SHORT_LINE_SHARE) as usize;
        let mut last: Option<Last> = None;
        // Whether a paragraph may start on the next line.
        let mut may_start = true;
        let mut furniture_at = 0;
        let mut heading_at = 0;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            while furniture_at < furniture.len() && furniture[furniture_at].end <= start {
                furniture_at += 1;
            }
            let in_furniture = furniture
                .get(furniture_at)
                .is_some_and(|f| f.start <= start && start < f.end);
            let body = line.trim_end_matches(['\n', '\r']);
            let content = body.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
            if in_furniture || content.is_empty() {
                continue;
            }
            if let Some((number, span, alone)) = paragraph_number(body, start) {
                if alone || may_start {
                    let repeated = self.check(number, span, last, sink);
                    last = Some(Last {
                        number,
                        span,
                        certain: true,
                        repeated,
                    });
                } else if last.is_some_and(|l| number == l.number + 1) {
                    last = Some(Last {
                        number,
                        span,
                        certain: false,
                        repeated: false,
                    });
                }
            }
            while heading_at < headings.len() && headings[heading_at].end <= start {
                heading_at += 1;
            }
            let in_heading = headings
                .get(heading_at)
                .is_some_and(|h| h.start < offset && start < h.end);
            may_start = in_heading || ends_sentence(content) || content.chars().count() < short;
        }
    }
}

/// The last paragraph number taken.
#[derive(Debug, Clone, Copy)]
struct Last {
    number: u32,
    span: Span,
    /// Certainly a paragraph's number (see the module's notes).
    certain: bool,
    /// It repeated the number before it: the next may follow either the
    /// number (a paragraph pasted twice) or the one it should have been
    /// (a number typed twice), and one slip is reported once.
    repeated: bool,
}

impl Params {
    /// Checks a certain paragraph number against the last one taken;
    /// whether it repeats that number.
    fn check(&self, number: u32, span: Span, last: Option<Last>, sink: &mut Sink<'_>) -> bool {
        let Some(Last {
            number: previous,
            span: previous_span,
            certain: true,
            repeated,
        }) = last
        else {
            return false;
        };
        if number == 1 {
            return false;
        }
        if number == previous {
            sink.report(
                format!("paragraph number {number} is given twice in a row"),
                Label::new(span, format!("{number} again")),
                vec![Label::new(previous_span, format!("{number} first"))],
            );
            return true;
        }
        if repeated && number == previous + 2 {
            return false;
        }
        if number > previous + 1 && number - previous - 1 <= self.max_missing {
            let missing = if number - previous == 2 {
                format!("{} is missing", previous + 1)
            } else {
                format!("{} to {} are missing", previous + 1, number - 1)
            };
            sink.report(
                format!("paragraph {number} follows paragraph {previous}: {missing}"),
                Label::new(span, format!("{number} here")),
                vec![Label::new(previous_span, format!("{previous} before it"))],
            );
        }
        false
    }
}

/// The number a line opens with ("12." then a space or the line's end),
/// its span (`line` starts at `start`) and whether it stands alone.
fn paragraph_number(line: &str, start: usize) -> Option<(u32, Span, bool)> {
    let lead = line.len() - line.trim_start_matches([' ', '\t', '\u{c}']).len();
    let rest = &line[lead..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > MAX_DIGITS || rest.as_bytes()[0] == b'0' {
        return None;
    }
    let after = &rest[digits..];
    let mut chars = after.chars();
    if chars.next() != Some('.') {
        return None;
    }
    match chars.next() {
        None | Some(' ' | '\t' | '\r') => {}
        Some(_) => return None,
    }
    let number = rest[..digits].parse().ok()?;
    let alone = after[1..].trim().is_empty();
    Some((
        number,
        Span::new(start + lead, start + lead + digits + 1),
        alone,
    ))
}

/// Whether a line's text ends a sentence (or a list's lead-in).
fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', ':', '?', '!', ')', '"', '”', '’', ';'])
}

/// The length of a full line of the report's paragraphs: the 90th
/// percentile of its non-blank line lengths, in characters.
fn full_line(text: &str) -> usize {
    let mut counts = vec![0usize; LONGEST_COUNTED + 1];
    let mut lines = 0usize;
    for line in text.lines() {
        let n = line.trim().chars().take(LONGEST_COUNTED).count();
        if n > 0 {
            counts[n] += 1;
            lines += 1;
        }
    }
    let mut seen = 0;
    for (length, count) in counts.iter().enumerate() {
        seen += count;
        if seen * 10 >= lines * 9 {
            return length;
        }
    }
    LONGEST_COUNTED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_number_is_digits_a_full_stop_and_a_space() {
        assert_eq!(
            paragraph_number("12. Leaders know", 100),
            Some((12, Span::new(100, 103), false))
        );
        assert_eq!(
            paragraph_number("\u{c}3.", 0),
            Some((3, Span::new(1, 3), true))
        );
        assert_eq!(paragraph_number("2.1 Adoption", 0), None);
        assert_eq!(paragraph_number("2024. The", 0), None);
        assert_eq!(paragraph_number("05. x", 0), None);
        assert_eq!(paragraph_number("7.5% of", 0), None);
        assert_eq!(paragraph_number("Leaders", 0), None);
    }

    #[test]
    fn a_full_line_is_the_usual_long_line() {
        let text = format!("{}\nshort\n", "a".repeat(80)).repeat(10);
        assert_eq!(full_line(&text), 80);
        assert_eq!(full_line(""), 0);
    }
}
