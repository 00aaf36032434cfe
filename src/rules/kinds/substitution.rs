//! `substitution`: words or phrases to replace (Vale's `substitution`), such
//! as a mistyped official web address (`www.qov.uk` for `www.gov.uk`) or a
//! term the house style replaces ("looked after children" for "children in
//! care"). Each finding carries the replacement as its fix.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::{Label, Replacement};
use crate::rules::search::scope::{AnyPattern, Scope, Terms};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What to replace (a word, phrase or regex, matched as a whole word; a
    /// space matches any white space) and with what, in the order tried. The
    /// replacement may refer to the pattern's groups (`$1`, `${name}`).
    pub swap: Swaps,
    /// Match regardless of case; a replacement then takes the capital of a
    /// match that starts with one.
    #[serde(default)]
    pub ignorecase: bool,
    /// The finding's message: `{match}` is the text found, `{replacement}`
    /// what to write instead.
    #[serde(default = "default_message")]
    pub message: String,
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
    /// Regexes for matches that are correct after all ("a one-off" for a
    /// pattern that swaps "a" before a vowel): a match that one of them
    /// matches is not reported.
    #[serde(default)]
    pub unless: AnyPattern,
}

/// A rule of this kind: its parameters with the search for what it swaps.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    terms: Terms,
}

fn default_message() -> String {
    "write `{replacement}`, not `{match}`".into()
}

/// The `swap:` map, in the order written.
#[derive(Debug, Clone, Default)]
pub struct Swaps(pub Vec<(String, String)>);

/// Written by hand, as its reading is: a map of strings to strings.
impl schemars::JsonSchema for Swaps {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Swaps".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "What to replace, each with its replacement.",
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }
}

impl<'de> Deserialize<'de> for Swaps {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SwapVisitor;
        impl<'de> Visitor<'de> for SwapVisitor {
            type Value = Swaps;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from what to replace to its replacement")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Swaps, A::Error> {
                let mut pairs: Vec<(String, String)> = Vec::new();
                while let Some((wrong, right)) = map.next_entry::<String, String>()? {
                    if pairs.iter().any(|(w, _)| *w == wrong) {
                        return Err(de::Error::custom(format!("`{wrong}` is listed twice")));
                    }
                    pairs.push((wrong, right));
                }
                Ok(Swaps(pairs))
            }
        }
        deserializer.deserialize_map(SwapVisitor)
    }
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        let wrong: Vec<&str> = self.swap.0.iter().map(|(w, _)| w.as_str()).collect();
        Ok(Rule {
            terms: Terms::new(&wrong, self.ignorecase)?,
            params: self,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let terms = &self.terms;
        let text = ctx.source.text();
        let candidates = self.params.scope.read(ctx).narrowed(ctx, terms);
        for (span, index) in candidates
            .iter()
            .flat_map(|unit| terms.find(text, unit.span))
        {
            let found = span.of(text);
            if self.params.unless.is_match(found) {
                continue;
            }
            let (Some(regex), Some((_, right))) =
                (terms.term(index), self.params.swap.0.get(index))
            else {
                continue;
            };
            let mut replacement = String::new();
            match regex.captures(found) {
                Some(caps) => caps.expand(right, &mut replacement),
                None => replacement.push_str(right),
            }
            if self.params.ignorecase {
                replacement = match_capital(found, &replacement);
            }
            if replacement == found {
                continue;
            }
            // White space the match and its replacement share at either end
            // (a pattern that reads the space before a word to have a
            // literal to search for) is left out of the finding.
            let (span, found, replacement) = trim_shared_space(span, found, &replacement);
            let message = self
                .params
                .message
                .replace("{match}", found)
                .replace("{replacement}", &replacement);
            sink.report_with_fix(
                message,
                Label::new(span, format!("write `{replacement}`")),
                Vec::new(),
                Replacement::new(span, replacement),
            );
        }
    }
}

/// `span` (whose text is `found`) and `replacement` without the white space
/// both start with and both end with.
fn trim_shared_space<'t>(span: Span, found: &'t str, replacement: &str) -> (Span, &'t str, String) {
    let lead = found.len() - found.trim_start().len();
    let lead = lead.min(replacement.len() - replacement.trim_start().len());
    let lead = (0..=lead)
        .rev()
        .find(|&n| found.get(..n).is_some() && found.get(..n) == replacement.get(..n))
        .unwrap_or(0);
    let (found, replacement) = (&found[lead..], &replacement[lead..]);
    let trail = found.len() - found.trim_end().len();
    let trail = trail.min(replacement.len() - replacement.trim_end().len());
    let trail = (0..=trail)
        .rev()
        .find(|&n| {
            found.get(found.len() - n..).is_some()
                && found.get(found.len() - n..) == replacement.get(replacement.len() - n..)
        })
        .unwrap_or(0);
    let found = &found[..found.len() - trail];
    let replacement = &replacement[..replacement.len() - trail];
    (
        Span::new(span.start + lead, span.start + lead + found.len()),
        found,
        replacement.to_string(),
    )
}

/// `replacement` with a capital first letter when `found` has one and the
/// replacement starts in lower case.
fn match_capital(found: &str, replacement: &str) -> String {
    let capital = found.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if capital && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_space_at_the_ends_is_trimmed() {
        let (span, found, replacement) =
            trim_shared_space(Span::new(10, 20), " a example", " an example");
        assert_eq!(
            (span, found, replacement.as_str()),
            (Span::new(11, 20), "a example", "an example")
        );
        let (span, found, replacement) =
            trim_shared_space(Span::new(0, 10), "control.. ", "control. ");
        assert_eq!(
            (span, found, replacement.as_str()),
            (Span::new(0, 9), "control..", "control.")
        );
        let (span, _, replacement) = trim_shared_space(Span::new(0, 3), "a b", "a b ");
        assert_eq!((span, replacement.as_str()), (Span::new(0, 3), "a b "));
    }
}
