//! `split-sentence`: a sentence that a paragraph leaves unfinished and the
//! next paragraph carries on, as text extracted from PDF shows at a page
//! break ("... intervention is" / blank lines / "appropriately considered.").
//! The model decides ([`crate::model::Paragraph::continues_previous`]): the
//! previous paragraph holds a few words and ends with a letter, digit or
//! comma, nothing but blank lines (or comments, thematic breaks) lies between,
//! and the next starts with a lower-case word. A sentence carried over a page
//! break of a PDF's text (the two paragraphs on different pages) is the
//! page's layout and is not reported.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::{Label, Replacement};
use crate::rules::search::scope::Scope;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look (default: all running text); the continuing paragraph
    /// must be in scope.
    #[serde(default)]
    pub scope: Scope,
}

impl Kind for Params {
    type Rule = Self;

    fn compile(self) -> Result<Self, String> {
        Ok(self)
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let report = ctx.report;
        let in_scope = self.scope.read(ctx);
        // The last sentence of each paragraph, found in one pass.
        let mut last_sentence: Vec<Option<Span>> = vec![None; report.paragraphs.len()];
        for sentence in &report.sentences {
            if let Some(slot) = last_sentence.get_mut(sentence.paragraph) {
                *slot = Some(sentence.span);
            }
        }
        for (index, paragraph) in report.paragraphs.iter().enumerate() {
            if !paragraph.continues_previous || index == 0 || !in_scope.contains(paragraph.section)
            {
                continue;
            }
            let previous = &report.paragraphs[index - 1];
            // Text extracted from PDF carries a sentence over to the next
            // page: that is the page's layout, which the model joins, not
            // a stray break in the report.
            if previous.page != paragraph.page {
                continue;
            }
            let before = previous.span.of(text);
            let broken_at = previous.span.start + before.trim_end().len();
            let after = paragraph.span.of(text);
            let resumes_at = paragraph.span.start + (after.len() - after.trim_start().len());
            let (Some(last), Some(first)) = (
                last_word(text, previous.span.start, broken_at),
                first_word(text, resumes_at, paragraph.span.end),
            ) else {
                continue;
            };
            let sentence = last_sentence[index - 1]
                .filter(|s| s.start < broken_at)
                .unwrap_or(Span::new(previous.span.start, broken_at));
            let sentence_text = Span::new(sentence.start, broken_at).of(text);
            let break_line = ctx.source.position(broken_at).line;
            let mut related = Vec::new();
            if let Some(opening) = first_word(text, sentence.start, broken_at) {
                if opening != last {
                    related.push(Label::new(opening, "the sentence starts here"));
                }
            }
            related.push(Label::new(last, "and breaks off here"));
            sink.report_with_fix(
                format!(
                    "the sentence `{}` breaks off at the end of its paragraph (line {break_line}) and goes on in the next paragraph with `{}`: a page break or a stray paragraph break splits it",
                    abridge(sentence_text),
                    first.of(text)
                ),
                Label::new(first, "the sentence goes on here"),
                related,
                Replacement::new(Span::new(broken_at, resumes_at), " "),
            );
        }
    }
}

/// The first word in `text[from..to]`.
fn first_word(text: &str, from: usize, to: usize) -> Option<Span> {
    let part = text.get(from..to)?;
    let start = from + (part.len() - part.trim_start().len());
    let rest = text.get(start..to)?;
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    (len > 0).then_some(Span::new(start, start + len))
}

/// The last word in `text[from..to]`.
fn last_word(text: &str, from: usize, to: usize) -> Option<Span> {
    let part = text.get(from..to)?.trim_end();
    let end = from + part.len();
    let start = part.rfind(char::is_whitespace).map_or(from, |i| {
        from + i + part[i..].chars().next().map_or(1, char::len_utf8)
    });
    (start < end).then_some(Span::new(start, end))
}

/// A long sentence as its first and last few words.
fn abridge(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 10 {
        return words.join(" ");
    }
    format!(
        "{} … {}",
        words[..5].join(" "),
        words[words.len() - 4..].join(" ")
    )
}
