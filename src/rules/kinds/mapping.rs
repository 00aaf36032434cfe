//! `mapping`: a value must lie in its range and come with its fixed text.
//!
//! CQC scores each quality statement 1 to 4, and the section's score line is
//! followed by a descriptor line whose text is fixed by the number: `2 -
//! Evidence shows some shortfalls`. This kind checks that scores lie in the
//! range, that a descriptor repeats its score's number, and that its text is
//! the text for that number (compared ignoring case, spacing, emphasis,
//! curly quotes and trailing punctuation). Every finding on a descriptor
//! gives the whole expected line, so a fix can apply it as it stands.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Kind, Run};
use crate::family::{normalize_name, ScorePlace};
use crate::finding::Label;
use crate::model::Score;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What to check: `scores` (each score line against `range`) or
    /// `descriptors` (each score's descriptor line against `texts`).
    pub values: Source,
    /// The allowed values, inclusive. With `values: descriptors` a descriptor
    /// whose number lies outside is left to the `scores` rule.
    pub range: Range,
    /// The fixed text of each value (`descriptors` only).
    #[serde(default)]
    pub texts: BTreeMap<u32, String>,
    /// Score places whose scores must be followed by a descriptor line
    /// (`descriptors` only); a score left without one is reported.
    #[serde(default)]
    pub required_at: Vec<ScorePlace>,
    /// The separator written between the number and the text in the
    /// expected line that findings propose.
    #[serde(default = "default_separator")]
    pub separator: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Scores,
    Descriptors,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

fn default_separator() -> String {
    " - ".into()
}

impl Range {
    fn contains(self, value: u32) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

impl Params {
    /// `2 - Evidence shows some shortfalls`, or `None` when the table has no
    /// text for `value`.
    fn expected_line(&self, value: u32) -> Option<String> {
        self.texts
            .get(&value)
            .map(|text| format!("{value}{}{text}", self.separator))
    }

    fn score_name(score: &Score) -> String {
        score
            .name
            .as_deref()
            .map_or(String::new(), |n| format!(" of `{n}`"))
    }

    fn check_scores(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        for score in &ctx.report.scores {
            if self.range.contains(score.value) {
                continue;
            }
            let place = score
                .place
                .map_or(String::new(), |p| format!("{} ", p.as_str()));
            sink.report(
                format!(
                    "the {place}score{} is {}, outside the range {} to {}",
                    Self::score_name(score),
                    score.value,
                    self.range.min,
                    self.range.max
                ),
                Label::new(
                    score.span,
                    format!("not {} to {}", self.range.min, self.range.max),
                ),
                Vec::new(),
            );
        }
    }

    fn check_descriptors(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let mut described = vec![false; report.scores.len()];
        for descriptor in &report.descriptors {
            let Some(score) = report.scores.get(descriptor.score) else {
                continue;
            };
            if let Some(seen) = described.get_mut(descriptor.score) {
                *seen = true;
            }
            // A score out of range is the range rule's finding.
            if !self.range.contains(score.value) {
                continue;
            }
            let (Some(expected), Some(text)) = (
                self.expected_line(score.value),
                self.texts.get(&score.value),
            ) else {
                continue;
            };
            let expected_text = normalize_name(text);
            let text_ok = normalize_name(&descriptor.text) == expected_text;
            let related = vec![Label::new(score.span, format!("score {}", score.value))];
            if descriptor.value != score.value {
                let text_note = if text_ok {
                    String::new()
                } else {
                    format!(" and its text `{}`", descriptor.text)
                };
                sink.report(
                    format!(
                        "the descriptor{} says {}{text_note} but the score is {}: expected `{expected}`",
                        Self::score_name(score),
                        descriptor.value,
                        score.value
                    ),
                    Label::new(descriptor.value_span, format!("replace with `{expected}`")),
                    related,
                );
            } else if !text_ok {
                sink.report(
                    format!(
                        "the descriptor{} reads `{}`, which is not the fixed text for {}: expected `{expected}`",
                        Self::score_name(score),
                        descriptor.text,
                        score.value
                    ),
                    Label::new(descriptor.text_span, format!("replace with `{expected}`")),
                    related,
                );
            }
        }
        if self.required_at.is_empty() {
            return;
        }
        for (index, score) in report.scores.iter().enumerate() {
            let required = score.place.is_some_and(|p| self.required_at.contains(&p));
            if !required || described.get(index).copied().unwrap_or(true) {
                continue;
            }
            if !self.range.contains(score.value) {
                continue;
            }
            let Some(expected) = self.expected_line(score.value) else {
                continue;
            };
            sink.report(
                format!(
                    "the score{} ({}) has no descriptor line after it: expected `{expected}`",
                    Self::score_name(score),
                    score.value
                ),
                Label::new(score.line_span, format!("add `{expected}` after this line")),
                Vec::new(),
            );
        }
    }
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
        if self.range.min > self.range.max {
            return Err(format!(
                "`range` is empty: min {} is above max {}",
                self.range.min, self.range.max
            ));
        }
        match self.values {
            Source::Scores => {
                if !self.texts.is_empty() || !self.required_at.is_empty() {
                    return Err("`texts` and `required_at` apply to `values: descriptors`".into());
                }
            }
            Source::Descriptors => {
                if self.texts.is_empty() {
                    return Err("`values: descriptors` needs `texts`".into());
                }
                if let Some(value) = self.texts.keys().find(|v| !self.range.contains(**v)) {
                    return Err(format!("`texts` has a text for {value}, outside `range`"));
                }
                if let Some((value, _)) = self.texts.iter().find(|(_, t)| t.trim().is_empty()) {
                    return Err(format!("the text for {value} is empty"));
                }
            }
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        match self.values {
            Source::Scores => self.check_scores(ctx, sink),
            Source::Descriptors => self.check_descriptors(ctx, sink),
        }
    }
}
