//! `existence`: words or phrases a report must not contain (Vale's
//! `existence`), such as "eg", "ie" and "etc" in an Ofsted letter.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::search::scope::{AnyPattern, Scope, Terms};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The words, phrases or regexes to flag, matched as whole words; a space
    /// matches any white space, line breaks included.
    pub tokens: Vec<String>,
    /// Match regardless of case.
    #[serde(default)]
    pub ignorecase: bool,
    /// The finding's message; `{match}` is replaced by the text found.
    pub message: String,
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
    /// Regexes for matches that are correct after all ("a one-off" for a
    /// token that flags "a" before a vowel): a match that one of them
    /// matches is not reported.
    #[serde(default)]
    pub unless: AnyPattern,
    /// The file extensions (without the dot, any case) of the reports the
    /// rule reads, such as `[txt]` for Markdown left in plain text; empty:
    /// every report. A report read without a file name is not read then.
    #[serde(default)]
    pub extensions: Vec<String>,
}

/// A rule of this kind: its parameters with the search for its tokens.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    terms: Terms,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        if self.message.trim().is_empty() {
            return Err("`message` is empty".into());
        }
        Ok(Rule {
            terms: Terms::new(&self.tokens, self.ignorecase)?,
            params: self,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let params = &self.params;
        if !has_extension(ctx.source.name(), &params.extensions) {
            return;
        }
        let text = ctx.source.text();
        let candidates = params.scope.read(ctx).narrowed(ctx, &self.terms);
        for (span, _) in candidates
            .iter()
            .flat_map(|unit| self.terms.find(text, unit.span))
        {
            if in_address(text, span) || params.unless.is_match(span.of(text)) {
                continue;
            }
            let found = span.of(text);
            sink.report(
                params.message.replace("{match}", found),
                Label::new(span, format!("`{found}`")),
                Vec::new(),
            );
        }
    }
}

/// Whether the file `name` has one of `extensions` (any case), or
/// `extensions` is empty.
pub fn has_extension(name: &str, extensions: &[String]) -> bool {
    extensions.is_empty()
        || std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether the match is part of a web or email address or a file name
/// (`www.hse.ie`, `ie@example`): a `.`, `/`, `@` or `:` just before it, or a
/// `/`, `@`, or `.` and a letter or digit just after it (or a letter or digit
/// right after a match that ends with `.`).
fn in_address(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).and_then(|t| t.chars().next_back());
    let mut after = text.get(span.end..).map(str::chars).into_iter().flatten();
    let next = after.next();
    let then = after.next();
    before.is_some_and(|c| matches!(c, '.' | '/' | '@' | ':'))
        || next.is_some_and(|c| matches!(c, '/' | '@'))
        || (next == Some('.') && then.is_some_and(char::is_alphanumeric))
        || (span.of(text).ends_with('.') && next.is_some_and(char::is_alphanumeric))
}
