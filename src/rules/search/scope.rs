//! What text kinds share: where in a report to look (`scope:`) and regexes
//! read from YAML (`Pattern`).
//!
//! A scope names section roles from the family template. A unit of text is in
//! scope when its innermost section, or one of that section's ancestors, has
//! a role listed in `in` (or `in` is empty) and none listed in `not_in`.
//! Text before the first heading belongs to no section: it is in scope only
//! when `in` is empty.

use std::fmt;

use regex::Regex;
use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::narrowing::Narrowing;
use super::pattern::Pattern;
use super::prefilter;
use crate::model::Report;
use crate::rules::Context;
use crate::span::Span;

/// Where a rule looks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Section roles to look in (with their sub-sections); empty: everywhere.
    #[serde(default, rename = "in")]
    pub within: Vec<String>,
    /// Section roles to leave out, even inside an `in` section.
    #[serde(default)]
    pub not_in: Vec<String>,
    /// The unit of text the rule reads.
    #[serde(default)]
    pub unit: Unit,
}

/// A unit of running text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[default]
    Sentence,
    Paragraph,
}

impl Scope {
    /// The same sections read by `unit`: for a kind that always reads
    /// sentences (or paragraphs), whatever unit its rule's scope names.
    pub fn by(&self, unit: Unit) -> Scope {
        Scope {
            unit,
            ..self.clone()
        }
    }

    /// For each section of `report`, whether it is in scope.
    pub(super) fn sections(&self, report: &Report) -> Vec<bool> {
        let role = |i: usize| report.headings[report.sections[i].heading].role.as_deref();
        let listed =
            |list: &[String], i: usize| role(i).is_some_and(|r| list.iter().any(|l| l == r));
        let mut inside = Vec::with_capacity(report.sections.len());
        // Sections come in document order and a parent precedes its children,
        // so one pass settles each section from its parent.
        for (i, section) in report.sections.iter().enumerate() {
            let parent = section.parent.map(|p| inside[p]);
            let included = if self.within.is_empty() {
                true
            } else {
                listed(&self.within, i) || parent.is_some_and(|(inc, _)| inc)
            };
            let excluded = listed(&self.not_in, i) || parent.is_some_and(|(_, exc)| exc);
            inside.push((included, excluded));
        }
        inside.into_iter().map(|(inc, exc)| inc && !exc).collect()
    }
}

/// A list of regexes from a rule's YAML of which any may match (`ignore:`,
/// `unless:`), tested in one pass over the text with a regex set.
#[derive(Clone, Default)]
pub struct AnyPattern {
    patterns: Vec<Pattern>,
    set: Option<regex::RegexSet>,
    /// The literals one of which every match of any of the regexes holds.
    literals: Option<prefilter::Prefilter>,
}

impl AnyPattern {
    /// The regexes as written: what tells two lists apart.
    pub fn sources(&self) -> Vec<String> {
        self.patterns
            .iter()
            .map(|p| p.regex().as_str().to_string())
            .collect()
    }

    /// Whether any of the regexes matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.set.as_ref().is_some_and(|set| set.is_match(text))
    }
}

/// Exact: a unit is marked when one of the regexes matches it. The regexes
/// read only the units that hold one of their literals, found in one
/// search of the text.
impl Narrowing for AnyPattern {
    fn marks(&self, ctx: &Context<'_>, units: &[Span]) -> Vec<bool> {
        let Some(set) = &self.set else {
            return vec![false; units.len()];
        };
        let text = ctx.source.text();
        let candidates = self
            .literals
            .as_ref()
            .and_then(|literals| literals.literal_candidates(ctx, units));
        units
            .iter()
            .enumerate()
            .map(|(i, unit)| {
                candidates
                    .as_ref()
                    .is_none_or(|c| c.get(i).copied().unwrap_or(true))
                    && set.is_match(unit.of(text))
            })
            .collect()
    }
}

impl fmt::Debug for AnyPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.patterns).finish()
    }
}

impl<'de> Deserialize<'de> for AnyPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let patterns = Vec::<Pattern>::deserialize(deserializer)?;
        let set = if patterns.is_empty() {
            None
        } else {
            let set = regex::RegexSet::new(patterns.iter().map(|p| p.regex().as_str()))
                .map_err(|e| de::Error::custom(format!("invalid regex list: {e}")))?;
            Some(set)
        };
        let alternation: Vec<String> = patterns
            .iter()
            .map(|p| format!("(?:{})", unnamed_groups(p.regex().as_str())))
            .collect();
        let literals = (!patterns.is_empty())
            .then(|| prefilter::Prefilter::new(&alternation.join("|"), false));
        Ok(AnyPattern {
            patterns,
            set,
            literals,
        })
    }
}

/// Words, phrases or regexes from a rule's YAML, matched as whole words: a
/// match that starts (ends) with a letter or digit must not have one just
/// before (after) it. A space in a term matches any run of white space, line
/// breaks included, so phrases wrapped across lines still match.
#[derive(Clone)]
pub struct Terms {
    /// Every term in one alternation, to find the units that may hold a
    /// match in one pass over the text.
    any: Regex,
    /// The same alternation between whole-word edges, to find the matches
    /// in a unit in one pass: a search from every position that a match
    /// not a whole word starts at would be quadratic on a long word.
    whole: Regex,
    /// Finds the units `any` may match.
    prefilter: prefilter::Prefilter,
    /// Each term on its own, anchored, to tell which one matched.
    each: Vec<Regex>,
}

impl fmt::Debug for Terms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.any.as_str())
    }
}

impl Terms {
    /// Compiles `terms` (regexes; see [`Terms`] for spaces).
    pub fn new<S: AsRef<str>>(terms: &[S], ignorecase: bool) -> Result<Self, String> {
        if terms.is_empty() {
            return Err("the list of terms is empty".into());
        }
        let build = |pattern: &str| {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(ignorecase)
                .build()
                .map_err(|e| crate::yaml::regex_error(pattern, &e))
        };
        let mut each = Vec::with_capacity(terms.len());
        let mut all = Vec::with_capacity(terms.len());
        for term in terms {
            let term = term.as_ref();
            if term.trim().is_empty() {
                return Err("a term is empty".into());
            }
            let pattern = flexible_spaces(term);
            build(&pattern)?;
            each.push(build(&format!("^(?:{pattern})$"))?);
            all.push(format!("(?:{})", unnamed_groups(&pattern)));
        }
        let pattern = all.join("|");
        let any = build(&pattern)?;
        let whole = build(&format!("{WORD_EDGE}(?:{pattern}){WORD_EDGE}"))?;
        Ok(Self {
            prefilter: prefilter::Prefilter::new(&pattern, ignorecase),
            any,
            whole,
            each,
        })
    }

    /// The whole-word matches in `span` of `text`, in order, each with the
    /// index of the first term that matches it exactly.
    pub fn find(&self, text: &str, span: Span) -> Vec<(Span, usize)> {
        self.find_counted(text, span).0
    }

    /// [`Terms::find`], with the number of regex searches it started: one
    /// per match found and one more, whatever the length of the span (the
    /// measure the tests bound).
    pub fn find_counted(&self, text: &str, span: Span) -> (Vec<(Span, usize)>, usize) {
        let mut out = Vec::new();
        let hay = span.of(text);
        let mut searches = 1;
        // One pass: the regex's own edges keep a match inside a longer word
        // out, so a match that is not a whole word is never searched for
        // again from the next position.
        for m in self.whole.find_iter(hay) {
            searches += 1;
            if m.is_empty() || !whole_word(hay, m.start(), m.end()) {
                continue;
            }
            if let Some(term) = self.each.iter().position(|r| r.is_match(m.as_str())) {
                out.push((
                    Span::new(span.start + m.start(), span.start + m.end()),
                    term,
                ));
            }
        }
        (out, searches)
    }

    /// The regex of term `index`, anchored at both ends.
    pub fn term(&self, index: usize) -> Option<&Regex> {
        self.each.get(index)
    }
}

/// The units that may hold a term: one search of the text passes over
/// the units that hold none.
impl Narrowing for Terms {
    fn marks(&self, ctx: &Context<'_>, units: &[Span]) -> Vec<bool> {
        self.prefilter.candidates(&self.any, ctx, units)
    }
}

/// The matches of `regex` in `span` of `text`, as a search of the span
/// alone finds them but with the text before it in view (for `\b`).
pub fn captures_in<'t>(
    regex: &'t Regex,
    text: &'t str,
    span: Span,
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    let hay = text.get(..span.end).unwrap_or_default();
    let mut at = span.start;
    std::iter::from_fn(move || {
        if at > hay.len() {
            return None;
        }
        let caps = regex.captures_at(hay, at)?;
        let whole = caps.get(0)?;
        at = if whole.is_empty() {
            next_char(hay, whole.end())
        } else {
            whole.end()
        };
        Some(caps)
    })
}

/// The byte offset after the character at `at` (or past the end).
fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// Where a whole-word match may start or end: not between two word
/// characters (a match that starts or ends with a letter or digit is not
/// part of a longer word; one that starts or ends with `.` or a space may
/// touch one). [`whole_word`] checks the same on the match's bounds.
const WORD_EDGE: &str = r"(?:\b{start-half}|\b{end-half})";

/// Whether `text[start..end]` is not part of a longer word.
pub fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inner = text.get(start..end).unwrap_or("");
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    let starts_word = inner.chars().next().is_some_and(word);
    let ends_word = inner.chars().next_back().is_some_and(word);
    let joined_before = starts_word && before.is_some_and(word);
    let joined_after = ends_word && after.is_some_and(word);
    !joined_before && !joined_after
}

/// `pattern` with its named groups unnamed, so that terms that use the same
/// group name can share one alternation.
fn unnamed_groups(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut escaped = false;
    let mut class = 0usize;
    let mut i = 0;
    while let Some(c) = pattern.get(i..).and_then(|r| r.chars().next()) {
        if !escaped && class == 0 && c == '(' {
            let rest = &pattern[i..];
            let name_start = ["(?P<", "(?<"]
                .iter()
                .find(|o| rest.starts_with(**o))
                .map(|o| o.len());
            if let Some(close) = name_start.and_then(|n| rest[n..].find('>').map(|c| n + c)) {
                out.push_str("(?:");
                i += close + 1;
                continue;
            }
        }
        if escaped {
            escaped = false;
        } else {
            match c {
                '\\' => escaped = true,
                '[' => class += 1,
                ']' if class > 0 => class -= 1,
                _ => {}
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `pattern` with each space outside a character class, and not escaped,
/// turned into `\s+`.
fn flexible_spaces(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut escaped = false;
    let mut class = 0usize;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if escaped {
            escaped = false;
            out.push(c);
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => class += 1,
            ']' if class > 0 => class -= 1,
            ' ' if class == 0 => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                out.push_str(r"\s+");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether byte `at` of `text` begins a sentence within the paragraph that
/// starts at byte `paragraph_start`: nothing but opening quotes, brackets,
/// emphasis, a byte-order mark or a list marker before it on its paragraph, or a sentence end
/// (`.`, `!`, `?`, `:`) just before.
pub fn at_sentence_start(text: &str, paragraph_start: usize, at: usize) -> bool {
    let before = text.get(paragraph_start.min(at)..at).unwrap_or("");
    let before = before.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '(' | '[' | '*' | '_' | '\u{2018}' | '\u{201c}' | '>' | '\u{feff}'
            )
    });
    if before.is_empty() {
        return true;
    }
    if before.ends_with(['.', '!', '?', ':', '|', '\u{2022}']) {
        return true;
    }
    // A list marker at the start of the paragraph: `-`, `*`, `1.`, `a)`.
    let marker = before.trim_start();
    marker == "-"
        || marker == "+"
        || marker == "\u{2013}"
        || (marker.len() <= 4
            && marker.ends_with(['.', ')'])
            && marker[..marker.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric()))
}

/// A value read by one of the family's field patterns, as a rule names it:
/// `{ field: addressee, part: organisation }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldRef {
    /// The field's name in `family.yaml`.
    pub field: String,
    /// `value` (the default), a named group of the field's pattern, or a
    /// derived part: `first_word`, `last_word`, `start` or `end` (of a date
    /// range).
    #[serde(default)]
    pub part: Option<String>,
    /// How findings call it ("the letter's date"); default: the field name.
    #[serde(default)]
    pub label: Option<String>,
}

impl FieldRef {
    /// How findings call this value.
    pub fn label(&self) -> String {
        match (&self.label, &self.part) {
            (Some(label), _) => label.clone(),
            (None, Some(part)) => format!("`{}` ({part})", self.field),
            (None, None) => format!("`{}`", self.field),
        }
    }

    /// The field, when the report has it.
    pub fn field<'r>(&self, report: &'r Report) -> Option<&'r crate::model::Field> {
        report.fields.get(&self.field)
    }

    /// The text and span of the value, when the report has it. `start` and
    /// `end` give the whole field here; date kinds read them from the range.
    pub fn text(&self, report: &Report, text: &str) -> Option<(String, Span)> {
        let field = self.field(report)?;
        let (value, span) = match self.part.as_deref() {
            None | Some("value") | Some("start") | Some("end") => (field.value.clone(), field.span),
            Some(part @ ("first_word" | "last_word")) => {
                let span = word_span(text, field.span, part == "first_word")?;
                (span.of(text).to_string(), span)
            }
            Some(part) => {
                let p = field.parts.get(part)?;
                (p.value.clone(), p.span)
            }
        };
        (!value.trim().is_empty()).then_some((value, span))
    }
}

/// The first or last white-space separated word of `span`.
fn word_span(text: &str, span: Span, first: bool) -> Option<Span> {
    let inner = span.of(text);
    let mut words = inner
        .split_whitespace()
        .map(|w| {
            let offset = w.as_ptr() as usize - inner.as_ptr() as usize;
            Span::new(span.start + offset, span.start + offset + w.len())
        })
        .filter(|s| !s.is_empty());
    if first {
        words.next()
    } else {
        words.next_back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_match_whole_words_only() {
        let terms =
            Terms::new(&["eg", r"e\.g\.", "looked after children"], true).expect("terms compile");
        let text = "Legs, eg this. E.g. that; looked\nafter  children; egg.";
        let found: Vec<(&str, usize)> = terms
            .find(text, Span::new(0, text.len()))
            .into_iter()
            .map(|(s, t)| (s.of(text), t))
            .collect();
        assert_eq!(
            found,
            vec![("eg", 0), ("E.g.", 1), ("looked\nafter  children", 2)]
        );
    }

    #[test]
    fn any_pattern_marks_the_units_a_search_of_each_matches() {
        let text = "We may not always review all of it. THIS DATA is reproduced here. \
                    Waits of 12 weeks. Nothing else. 40 people said so. We may not.";
        let units: Vec<Span> = {
            let mut at = 0;
            text.split_inclusive(". ")
                .map(|s| {
                    at += s.len();
                    Span::new(at - s.len(), at)
                })
                .collect()
        };
        let source = crate::source::SourceFile::new("t.txt", text);
        let (report, policy) = (Report::default(), Vec::new());
        let ctx = Context::new(&source, &report, None, &policy);
        for patterns in [
            // Anchored, with literals: one search for them.
            r"['(?i)^\W*we may not always', '(?i)^\W*this data is reproduced']",
            // One pattern without literals: every unit is read.
            r"['(?i)^\W*we may not always', '^[0-9]+ people']",
            // The same group name twice.
            r"['(?P<n>[0-9]+) weeks', '(?P<n>nothing)']",
            "[]",
        ] {
            let any: AnyPattern = crate::yaml::from_str("ignore", patterns).expect(patterns);
            let each: Vec<bool> = units.iter().map(|u| any.is_match(u.of(text))).collect();
            assert_eq!(any.marks(&ctx, &units), each, "{patterns}");
        }
        let any: AnyPattern =
            crate::yaml::from_str("ignore", r"['(?i)^\W*we may not always']").expect("one");
        assert_eq!(
            any.marks(&ctx, &units),
            vec![true, false, false, false, false, false]
        );
    }

    #[test]
    fn named_groups_are_unnamed_for_the_alternation() {
        assert_eq!(
            unnamed_groups(r"(?P<host>a)\(?P<x>[(?P<y>]"),
            r"(?:a)\(?P<x>[(?P<y>]"
        );
    }

    #[test]
    fn spaces_become_flexible_outside_classes() {
        assert_eq!(flexible_spaces(r"a b[ ]c\ d"), r"a\s+b[ ]c\ d");
    }

    #[test]
    fn sentence_starts() {
        let text = "- Local x. Local y: Local (Local and the Local";
        let starts: Vec<bool> = text
            .match_indices("Local")
            .map(|(i, _)| at_sentence_start(text, 0, i))
            .collect();
        assert_eq!(starts, vec![true, true, true, false, false]);
    }
}
