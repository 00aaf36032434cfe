//! `word-review`: what a reviewer left in a Word document (tracked changes,
//! comments, content controls still showing their placeholders), read from
//! the document's review marks ([`crate::docx::Review`]). Text reports have
//! none, so the kind says nothing of them.
//!
//! A draft is read as if its tracked changes were accepted, and comments
//! are not text: a draft sent on with its review unfinished looks clean to
//! every other rule. `marked_final` limits a rule to documents marked final
//! (Word's "Mark as Final", or a status of "Final") or to the others, so
//! that one rule can be an error on a final document and another a note on
//! a draft. `each: true` reports every mark on its own (a placeholder to
//! fill in); otherwise one finding per document names them all.

use serde::Deserialize;

use super::{Kind, Run};
use crate::docx::{MarkKind, ReviewMark};
use crate::finding::Label;
use crate::rules::{Context, Sink};

/// The most marks named as related labels of one finding; the message
/// counts them all.
const MAX_RELATED: usize = 50;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The marks reported.
    marks: Vec<MarkKind>,
    /// `true`: only documents marked final; `false`: only the others;
    /// absent: any document.
    #[serde(default)]
    marked_final: Option<bool>,
    /// One finding per mark instead of one per document.
    #[serde(default)]
    each: bool,
    /// The message; `{marks}` is replaced by what was found ("2 tracked
    /// insertions and 1 comment"), or with `each`, by the mark's own
    /// description.
    message: String,
}

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
        if self.marks.is_empty() {
            return Err("`marks` is empty".into());
        }
        if !self.message.contains("{marks}") {
            return Err("`message` must say `{marks}`".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let Some(word) = ctx.source.word() else {
            return;
        };
        let review = &word.review;
        if self
            .marked_final
            .is_some_and(|wanted| wanted != review.marked_final)
        {
            return;
        }
        let wanted = &self.marks;
        let marks: Vec<&ReviewMark> = review
            .marks
            .iter()
            .filter(|m| wanted.contains(&m.kind))
            .collect();
        let Some(first) = marks.first() else {
            return;
        };
        if self.each {
            for mark in marks {
                sink.report(
                    self.message.replace("{marks}", &describe(mark)),
                    Label::new(mark.span, mark.kind.words().0),
                    Vec::new(),
                );
            }
            return;
        }
        let related = marks
            .iter()
            .skip(1)
            .take(MAX_RELATED)
            .map(|m| Label::new(m.span, describe(m)))
            .collect();
        sink.report(
            self.message.replace("{marks}", &counted(wanted, &marks)),
            Label::new(first.span, describe(first)),
            related,
        );
    }
}

/// "a tracked deletion by Jo Bloggs: “the old words”".
fn describe(mark: &ReviewMark) -> String {
    let mut out = format!("a {}", mark.kind.words().0);
    if let Some(author) = &mark.author {
        out.push_str(" by ");
        out.push_str(author);
    }
    if !mark.quote.is_empty() {
        let ellipsis = if mark.quote.chars().count() >= crate::docx::MAX_QUOTE {
            "…"
        } else {
            ""
        };
        out.push_str(&format!(": “{}{ellipsis}”", mark.quote));
    }
    out
}

/// "3 tracked insertions, 1 tracked deletion and 2 comments", in the order
/// of `kinds`.
fn counted(kinds: &[MarkKind], marks: &[&ReviewMark]) -> String {
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|kind| {
            let n = marks.iter().filter(|m| m.kind == *kind).count();
            let (one, many) = kind.words();
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        })
        .collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn mark(kind: MarkKind, author: Option<&str>, quote: &str) -> ReviewMark {
        ReviewMark {
            kind,
            span: Span::new(0, 1),
            author: author.map(str::to_string),
            quote: quote.to_string(),
        }
    }

    #[test]
    fn marks_are_counted_and_described_in_words() {
        let marks = [
            mark(MarkKind::Insertion, Some("Jo Bloggs"), "new words"),
            mark(MarkKind::Comment, None, "Check this figure"),
            mark(MarkKind::Insertion, None, ""),
        ];
        let refs: Vec<&ReviewMark> = marks.iter().collect();
        let kinds = [MarkKind::Insertion, MarkKind::Deletion, MarkKind::Comment];
        assert_eq!(counted(&kinds, &refs), "2 tracked insertions and 1 comment");
        assert_eq!(
            describe(&marks[0]),
            "a tracked insertion by Jo Bloggs: “new words”"
        );
        assert_eq!(describe(&marks[2]), "a tracked insertion");
    }
}
