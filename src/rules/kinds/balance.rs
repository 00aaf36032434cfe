//! `balance`: brackets and curly quotes open and close within a paragraph.
//! A bracket left open or a quotation mark left closing nothing is the
//! trace of an edit: a sentence cut short or a quotation half deleted.
//!
//! Each listed pair is read in each paragraph of running text (a
//! paragraph that a page break cut carries on in the next, which the model
//! marks). A closing mark that opens nothing, and an opening mark still
//! open at the paragraph's end, are reported. A closing bracket after a
//! list label at a line's start ("a)", "iv)", "2)") closes nothing by
//! design and is not reported when nothing is open. Marks that open and close alike (straight
//! quotes, apostrophes) cannot be paired and are not listed.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::ParagraphKind;
use crate::rules::search::scope::Scope;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The pairs of marks, each an opening and a closing character.
    pub pairs: Vec<[char; 2]>,
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
}

/// A rule of this kind: its pairs, and the bytes its marks start with.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    /// The distinct first bytes of the marks' UTF-8, in groups of at most
    /// three: each group is one vectorised search of a paragraph (`memchr`),
    /// and the scan stops only where a mark may start.
    first_bytes: Vec<Vec<u8>>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        if self.pairs.is_empty() {
            return Err("`pairs` is empty".into());
        }
        if self.pairs.iter().any(|[open, close]| open == close) {
            return Err("a pair whose marks are the same cannot be checked".into());
        }
        let mut bytes: Vec<u8> = self
            .pairs
            .iter()
            .flatten()
            .map(|mark| {
                let mut utf8 = [0; 4];
                mark.encode_utf8(&mut utf8).as_bytes()[0]
            })
            .collect();
        bytes.sort_unstable();
        bytes.dedup();
        Ok(Rule {
            first_bytes: bytes.chunks(3).map(<[u8]>::to_vec).collect(),
            params: self,
        })
    }
}

impl Rule {
    /// The places in `body` where a mark may start, in order.
    fn mark_starts(&self, body: &[u8], out: &mut Vec<usize>) {
        out.clear();
        for group in &self.first_bytes {
            match *group.as_slice() {
                [a] => out.extend(memchr::memchr_iter(a, body)),
                [a, b] => out.extend(memchr::memchr2_iter(a, b, body)),
                [a, b, c] => out.extend(memchr::memchr3_iter(a, b, c, body)),
                _ => {}
            }
        }
        if self.first_bytes.len() > 1 {
            out.sort_unstable();
        }
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let in_scope = self.params.scope.read(ctx);
        let pairs = &self.params.pairs;
        let mut starts = Vec::new();
        // Open marks: (pair, where).
        let mut open: Vec<(usize, Span)> = Vec::new();
        let paragraphs = &report.paragraphs;
        for (i, paragraph) in paragraphs.iter().enumerate() {
            if paragraph.kind == ParagraphKind::TableRow || !in_scope.contains(paragraph.section) {
                open.clear();
                continue;
            }
            let start = paragraph.span.start;
            let body = paragraph.span.of(text);
            // Only the bytes that can start a mark are decoded: prose
            // without brackets costs a vectorised search of its bytes.
            self.mark_starts(body.as_bytes(), &mut starts);
            let marks = starts
                .iter()
                .filter_map(|&at| Some((at, body.get(at..)?.chars().next()?)));
            for (at, c) in marks {
                let span = Span::new(start + at, start + at + c.len_utf8());
                if let Some(pair) = pairs.iter().position(|[o, _]| *o == c) {
                    open.push((pair, span));
                } else if let Some(pair) = pairs.iter().position(|[_, cl]| *cl == c) {
                    match open.iter().rposition(|(p, _)| *p == pair) {
                        Some(k) => {
                            open.truncate(k);
                        }
                        // A list label closes nothing by design; one that
                        // closes an open bracket ("(out of\n19)") is read
                        // as the close above.
                        None if c == ')' && after_list_label(body, at) => {}
                        None => sink.report(
                            format!("`{c}` closes nothing opened in its paragraph"),
                            Label::new(span, "closes nothing"),
                            Vec::new(),
                        ),
                    }
                }
            }
            // A paragraph cut by a page break goes on in the next one, and
            // so does one whose open bracket a wrapped line closes after a
            // number the grammar took for a list label ("(out of" / "19)").
            let continues = paragraphs.get(i + 1).is_some_and(|next| {
                next.continues_previous
                    || (open.iter().any(|(p, _)| pairs[*p][1] == ')')
                        && starts_with_list_label(next.span.of(text)))
            });
            if !continues {
                for (pair, span) in open.drain(..) {
                    let close = pairs[pair][1];
                    sink.report(
                        format!(
                            "`{}` is not closed by `{close}` in its paragraph",
                            span.of(text)
                        ),
                        Label::new(span, "opened here"),
                        Vec::new(),
                    );
                }
            }
        }
    }
}

/// Whether the `)` at byte `at` of `body` ends a list label at a line's
/// start: one to three letters or digits after nothing but white space.
fn after_list_label(body: &str, at: usize) -> bool {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let label = body[line_start..at].trim_start();
    !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `text` starts with a list label and its `)`.
fn starts_with_list_label(text: &str) -> bool {
    let trimmed = text.trim_start();
    let start = text.len() - trimmed.len();
    trimmed
        .find(')')
        .is_some_and(|at| after_list_label(text, start + at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_labels_are_not_closing_brackets() {
        assert!(after_list_label("a) first", 1));
        assert!(after_list_label("text\n  iv) fourth", 9));
        assert!(!after_list_label("the figure (12) was", 14));
        assert!(!after_list_label("word) here", 4));
        assert!(starts_with_list_label("  19) gained"));
        assert!(!starts_with_list_label("gained (19)"));
    }

    #[test]
    fn marks_are_found_where_a_byte_by_byte_scan_finds_them() {
        let pairs = vec![['(', ')'], ['[', ']'], ['\u{201c}', '\u{201d}'], ['{', '}']];
        let rule = Params {
            pairs: pairs.clone(),
            scope: Scope::default(),
        }
        .compile()
        .expect("compiles");
        let body = "A (note) [here], \u{201c}quoted\u{201d} {set} \u{2019}s \u{2014} ((x)) end";
        let firsts: Vec<u8> = pairs
            .iter()
            .flatten()
            .map(|c| c.to_string().as_bytes()[0])
            .collect();
        let expected: Vec<usize> = body
            .bytes()
            .enumerate()
            .filter(|(_, b)| firsts.contains(b))
            .map(|(at, _)| at)
            .collect();
        let mut found = Vec::new();
        rule.mark_starts(body.as_bytes(), &mut found);
        assert_eq!(found, expected);
        assert_eq!(rule.first_bytes.len(), 3, "{:?}", rule.first_bytes);
    }
}
