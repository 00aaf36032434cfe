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

use crate::model::Report;
use crate::span::Span;

/// Where a rule looks.
#[derive(Debug, Clone, Default, Deserialize)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[default]
    Sentence,
    Paragraph,
}

impl Scope {
    /// For each section of `report`, whether it is in scope.
    pub fn sections(&self, report: &Report) -> Vec<bool> {
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

    /// Whether text whose innermost section is `section` is in scope, given
    /// the result of [`Scope::sections`].
    pub fn contains(&self, sections: &[bool], section: Option<usize>) -> bool {
        match section {
            Some(s) => sections.get(s).copied().unwrap_or(false),
            None => self.within.is_empty(),
        }
    }

    /// The spans of the units in scope, in document order, with the index of
    /// the paragraph each belongs to.
    pub fn units(&self, report: &Report) -> Vec<(Span, usize)> {
        let sections = self.sections(report);
        match self.unit {
            Unit::Sentence => report
                .sentences
                .iter()
                .filter(|s| self.contains(&sections, report.paragraphs[s.paragraph].section))
                .map(|s| (s.span, s.paragraph))
                .collect(),
            Unit::Paragraph => report
                .paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| self.contains(&sections, p.section))
                .map(|(i, p)| (p.span, i))
                .collect(),
        }
    }
}

/// A regex from a rule's YAML, compiled when the rule is read so that a bad
/// pattern is reported at the rule.
#[derive(Clone)]
pub struct Pattern(pub Regex);

impl Pattern {
    pub fn regex(&self) -> &Regex {
        &self.0
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Regex::new(&text)
            .map(Pattern)
            .map_err(|e| de::Error::custom(format!("invalid regex `{text}`: {e}")))
    }
}

/// A value read by one of the family's field patterns, as a rule names it:
/// `{ field: addressee, part: organisation }`.
#[derive(Debug, Clone, Deserialize)]
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

/// The unit (by index and span) that holds all of `span`; `units` are in
/// document order and do not overlap.
pub fn unit_at(units: &[(Span, usize)], span: Span) -> Option<(usize, Span)> {
    let i = units
        .partition_point(|(u, _)| u.start <= span.start)
        .checked_sub(1)?;
    let (unit, _) = units.get(i)?;
    unit.contains(span).then_some((i, *unit))
}
