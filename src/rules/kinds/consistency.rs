//! `consistency`: of a set of variants ("well-being", "wellbeing"), a report
//! should use one (Vale's `consistency`). The finding points at the first
//! use of each less frequent variant, with the first use of the most
//! frequent one (or the preferred one) as the related label.
//!
//! What does not count as a variant: a capital at the start of a sentence
//! (the first letter is read in lower case there), a variant inside a name
//! ("Local Authority Designated Officer", "Health and Wellbeing Board":
//! a capitalised word next to it, across "of", "and", "for" or "&"), and,
//! when case is ignored, any capitalised use outside a sentence start (a
//! title or a name). Headings are not running text and are never read.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::ParagraphKind;
use crate::rules::search::scope::{at_sentence_start, whole_word, Scope, Unit};
use crate::rules::search::units::Matching;
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The variants, as literal words or phrases (a space matches any white
    /// space); at least two.
    pub variants: Vec<String>,
    /// Compare variants regardless of case (for spelling variants); leave
    /// false when the variants differ only in case.
    #[serde(default)]
    pub ignorecase: bool,
    /// The variant to recommend whenever two are mixed, even when another is
    /// used more often (a house style); without it, the most used one.
    #[serde(default)]
    pub prefer: Option<String>,
    /// Where to look (default: all running text; table rows are skipped).
    #[serde(default)]
    pub scope: Scope,
}

/// A rule of this kind: its parameters with the search for its variants.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    compiled: Compiled,
}

#[derive(Debug, Clone)]
struct Compiled {
    /// Any variant, case-insensitively, with the search for the paragraphs
    /// it may match.
    any: Matching,
    /// The rule's scope read by paragraph: a name is counted in the
    /// paragraph it is written in.
    paragraphs: Scope,
    /// The variants with white space runs made single spaces (lower case
    /// when `ignorecase`).
    normalised: Vec<String>,
    prefer: Option<usize>,
}

/// How many more uses of the same variant are listed as related labels.
const MAX_ALSO: usize = 5;

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        if self.variants.len() < 2 {
            return Err("`variants` needs at least two variants".into());
        }
        let normalised: Vec<String> = self.variants.iter().map(|v| self.normalise(v)).collect();
        for (i, v) in normalised.iter().enumerate() {
            if v.is_empty() {
                return Err("a variant is empty".into());
            }
            if normalised[..i].contains(v) {
                return Err(format!("variant `{}` is listed twice", self.variants[i]));
            }
        }
        let prefer = match &self.prefer {
            Some(p) => Some(
                normalised
                    .iter()
                    .position(|v| *v == self.normalise(p))
                    .ok_or_else(|| format!("`prefer: {p}` is not one of the variants"))?,
            ),
            None => None,
        };
        let alternatives: Vec<String> = self
            .variants
            .iter()
            .map(|v| {
                v.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let pattern = alternatives.join("|");
        let any = regex::RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .build()
            .map_err(|e| e.to_string())?;
        let compiled = Compiled {
            any: Matching::new(any, &pattern, true),
            paragraphs: self.scope.by(Unit::Paragraph),
            normalised,
            prefer,
        };
        Ok(Rule {
            params: self,
            compiled,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let compiled = &self.compiled;
        let text = ctx.source.text();
        let report = ctx.report;
        // Uses of each variant, in document order.
        let mut uses: Vec<Vec<Span>> = vec![Vec::new(); compiled.normalised.len()];
        let candidates = compiled.paragraphs.read(ctx).narrowed(ctx, &compiled.any);
        for paragraph in candidates
            .iter()
            .filter_map(|unit| report.paragraphs.get(unit.index))
        {
            if paragraph.kind == ParagraphKind::TableRow {
                continue;
            }
            let hay = paragraph.span.of(text);
            let base = paragraph.span.start;
            for m in compiled.any.regex().find_iter(hay) {
                if !whole_word(hay, m.start(), m.end()) {
                    continue;
                }
                let span = Span::new(base + m.start(), base + m.end());
                if let Some(variant) = self.params.classify(compiled, text, paragraph.span, span) {
                    uses[variant].push(span);
                }
            }
        }
        let used: Vec<usize> = (0..uses.len()).filter(|&i| !uses[i].is_empty()).collect();
        if used.len() < 2 {
            return;
        }
        // The variant to keep: the preferred one, else the most used, else
        // the first used.
        let keep = compiled.prefer.filter(|p| used.contains(p)).or_else(|| {
            used.iter().copied().max_by(|&a, &b| {
                uses[a]
                    .len()
                    .cmp(&uses[b].len())
                    .then_with(|| uses[b][0].start.cmp(&uses[a][0].start))
            })
        });
        let Some(keep) = keep else {
            return;
        };
        let keep_name = &self.params.variants[keep];
        let keep_count = uses[keep].len();
        for &other in used.iter().filter(|&&i| i != keep) {
            let spans = &uses[other];
            let name = &self.params.variants[other];
            let why = if compiled.prefer == Some(keep) {
                format!("`{keep_name}` is the house style")
            } else if keep_count == spans.len() {
                format!("`{keep_name}` came first")
            } else {
                format!("`{keep_name}` is the more common")
            };
            let message = format!(
                "`{name}` is used {} and `{keep_name}` {}: use one form throughout ({why})",
                times(spans.len()),
                times(keep_count)
            );
            let mut related = vec![Label::new(
                uses[keep][0],
                format!("`{keep_name}` first used here"),
            )];
            related.extend(
                spans
                    .iter()
                    .skip(1)
                    .take(MAX_ALSO)
                    .map(|&s| Label::new(s, format!("`{name}` again"))),
            );
            sink.report(message, Label::new(spans[0], format!("`{name}`")), related);
        }
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

impl Params {
    fn normalise(&self, variant: &str) -> String {
        let joined = one_line(variant);
        if self.ignorecase {
            joined.to_lowercase()
        } else {
            joined
        }
    }

    /// Which variant the text at `span` is, or `None` when it does not
    /// count (see the module documentation).
    fn classify(
        &self,
        compiled: &Compiled,
        text: &str,
        paragraph: Span,
        span: Span,
    ) -> Option<usize> {
        let found = span.of(text);
        let starts_sentence = at_sentence_start(text, paragraph.start, span.start);
        let capital = found.chars().next().is_some_and(char::is_uppercase);
        if self.ignorecase && capital && !starts_sentence {
            return None;
        }
        if in_name(text, paragraph, span, starts_sentence) {
            return None;
        }
        let lower_first = starts_sentence && !self.ignorecase;
        if found.is_ascii() {
            // Compared in place: a name is met hundreds of times a report.
            return compiled
                .normalised
                .iter()
                .position(|v| is_ascii_form(found, v, self.ignorecase, lower_first));
        }
        let mut form = self.normalise(found);
        if lower_first {
            let mut chars = form.chars();
            form = match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => form,
            };
        }
        compiled.normalised.iter().position(|v| *v == form)
    }
}

/// Whether ASCII `found` is `variant` (a variant as [`Params::normalise`]
/// makes it): its words joined by one space, in lower case when
/// `ignorecase`, its first letter in lower case when `lower_first`.
fn is_ascii_form(found: &str, variant: &str, ignorecase: bool, lower_first: bool) -> bool {
    let mut want = variant.bytes();
    let mut first = true;
    let words = found
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty());
    for (i, word) in words.enumerate() {
        if i > 0 && want.next() != Some(b' ') {
            return false;
        }
        for byte in word.bytes() {
            let byte = match ignorecase || (first && lower_first) {
                true => byte.to_ascii_lowercase(),
                false => byte,
            };
            first = false;
            if want.next() != Some(byte) {
                return false;
            }
        }
    }
    want.next().is_none()
}

/// Words that join the parts of a name: "Director of Adult Social Care",
/// "Health and Wellbeing Board".
const CONNECTORS: [&str; 4] = ["of", "and", "for", "&"];

/// Whether the text at `span` is part of a name: a capitalised word next to
/// it in the same paragraph (a word that only starts a sentence does not
/// count), looking across connectors but not across other punctuation.
fn in_name(text: &str, paragraph: Span, span: Span, starts_sentence: bool) -> bool {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // After.
    let mut at = span.end;
    while let Some((start, end)) = next_word(text, at, paragraph.end) {
        let word = Span::new(start, end).of(text);
        if CONNECTORS.contains(&word) {
            at = end;
            continue;
        }
        if capitalised(word) {
            return true;
        }
        break;
    }
    if starts_sentence {
        return false;
    }
    // Before.
    let mut at = span.start;
    while let Some((start, end)) = previous_word(text, paragraph.start, at) {
        let word = Span::new(start, end).of(text);
        if CONNECTORS.contains(&word) {
            at = start;
            continue;
        }
        return capitalised(word) && !at_sentence_start(text, paragraph.start, start);
    }
    false
}

/// The word after byte `from`, separated from it by white space only.
fn next_word(text: &str, from: usize, limit: usize) -> Option<(usize, usize)> {
    let rest = text.get(from..limit)?;
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let start = from + (rest.len() - trimmed.len());
    let len = trimmed
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '&' | '-' | '\'' | '\u{2019}')))
        .unwrap_or(trimmed.len());
    (len > 0).then_some((start, start + len))
}

/// The word before byte `to`, separated from it by white space only.
fn previous_word(text: &str, limit: usize, to: usize) -> Option<(usize, usize)> {
    let rest = text.get(limit..to)?;
    let trimmed = rest.trim_end();
    if trimmed.len() == rest.len() {
        return None;
    }
    let end = limit + trimmed.len();
    let len = trimmed
        .chars()
        .rev()
        .take_while(|&c| c.is_alphanumeric() || matches!(c, '&' | '-' | '\'' | '\u{2019}'))
        .map(char::len_utf8)
        .sum::<usize>();
    (len > 0).then_some((end - len, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ascii_form_compares_as_its_normalised_text() {
        let params = |ignorecase| Params {
            variants: vec!["Local Authority".into()],
            prefer: None,
            ignorecase,
            scope: Scope::default(),
        };
        for found in [
            "local authority",
            "Local Authority",
            "Local\n  authority",
            "local\x0bauthority",
            "LOCAL AUTHORITY",
            "local authorit",
            "local  authority s",
            " local authority",
        ] {
            for ignorecase in [false, true] {
                let params = params(ignorecase);
                for variant in ["local authority", "Local Authority", "LOCAL AUTHORITY"] {
                    let variant = params.normalise(variant);
                    for lower_first in [false, true] {
                        let mut form = params.normalise(found);
                        if lower_first {
                            form = form[..1].to_lowercase() + &form[1..];
                        }
                        assert_eq!(
                            is_ascii_form(found, &variant, ignorecase, lower_first),
                            form == variant,
                            "{found:?} {variant:?} {ignorecase} {lower_first}"
                        );
                    }
                }
            }
        }
    }
}
