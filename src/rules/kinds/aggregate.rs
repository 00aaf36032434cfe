//! `aggregate`: compute a value from values found in the report, map it
//! through bands, and compare it with the value the report states.
//!
//! The CQC headline rating is the sum of the quality statement scores as a
//! percentage of the maximum, banded 25-38 / 39-62 / 63-87 / 88+. The bands
//! leave gaps (14/36 = 38.9%); the regulator's rounding is not published, so
//! rounding is a parameter and a value in a gap is reported as "cannot be
//! derived" (a note), unless the stated value is neither neighbour.

use serde::Deserialize;

use super::{Kind, Run};
use crate::family::{normalize_name, ScorePlace};
use crate::finding::{Label, Replacement, Severity};
use crate::model::Score;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What to aggregate: the scored entities' scores.
    pub values: Source,
    /// Which scores to use; the other place is the fallback when a report
    /// states none here.
    #[serde(default = "default_prefer")]
    pub prefer: ScorePlace,
    /// How to combine them.
    pub compute: Compute,
    /// The highest score one entity can get (denominator per entity).
    pub max_each: u32,
    /// The field holding the stated result (the headline rating).
    pub stated: String,
    #[serde(default)]
    pub rounding: Rounding,
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Scores,
}

#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compute {
    /// Sum as a percentage of `max_each` times the number of values.
    PercentOfMax,
    /// Sum of the values.
    Sum,
    /// Arithmetic mean.
    Mean,
}

/// How the computed value is rounded before banding.
#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    #[serde(default)]
    pub mode: RoundingMode,
    #[serde(default)]
    pub decimals: u8,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Use the exact value: a value between bands cannot be derived.
    #[default]
    None,
    HalfUp,
    Down,
    Up,
}

/// A labelled closed interval `[min, max]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub label: String,
    pub min: f64,
    pub max: f64,
}

fn default_prefer() -> ScorePlace {
    ScorePlace::Summary
}

impl Rounding {
    fn apply(self, value: f64) -> f64 {
        let scale = 10f64.powi(i32::from(self.decimals));
        match self.mode {
            RoundingMode::None => value,
            RoundingMode::HalfUp => (value * scale + 1e-9).round() / scale,
            RoundingMode::Down => (value * scale + 1e-9).floor() / scale,
            RoundingMode::Up => (value * scale - 1e-9).ceil() / scale,
        }
    }
}

/// `38.888...` as `38.9`, `50` as `50`.
fn show(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

fn band_text(band: &Band) -> String {
    format!("{} ({}-{}%)", band.label, show(band.min), show(band.max))
}

impl Params {
    /// One score per entity, in document order, from the preferred place or
    /// else the other; out-of-range values are left to the mapping rules.
    fn inputs<'r>(&self, ctx: &Context<'r>) -> Vec<&'r Score> {
        let pick = |place| {
            let mut seen = Vec::new();
            ctx.report
                .scores_at(place)
                .filter(|s| s.entity.is_some() && (1..=self.max_each).contains(&s.value))
                .filter(|s| {
                    let fresh = !seen.contains(&s.entity);
                    seen.push(s.entity.clone());
                    fresh
                })
                .collect::<Vec<_>>()
        };
        let preferred = pick(self.prefer);
        if preferred.is_empty() {
            let other = match self.prefer {
                ScorePlace::Summary => ScorePlace::Body,
                ScorePlace::Body => ScorePlace::Summary,
            };
            pick(other)
        } else {
            preferred
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
        if self.bands.is_empty() {
            return Err("`bands` is empty".into());
        }
        if self.max_each == 0 {
            return Err("`max_each` must be at least 1".into());
        }
        self.bands.sort_by(|a, b| a.min.total_cmp(&b.min));
        for pair in self.bands.windows(2) {
            if pair[0].max >= pair[1].min {
                return Err(format!(
                    "bands `{}` and `{}` overlap",
                    pair[0].label, pair[1].label
                ));
            }
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let Some(stated) = ctx.report.fields.get(&self.stated) else {
            return;
        };
        let scores = self.inputs(ctx);
        if scores.is_empty() {
            return;
        }
        let sum: u32 = scores.iter().map(|s| s.value).sum();
        let count = scores.len() as u32;
        let (value, arithmetic) = match self.compute {
            Compute::PercentOfMax => {
                let max = self.max_each * count;
                let value = f64::from(sum) * 100.0 / f64::from(max);
                (
                    value,
                    format!("{count} scores sum to {sum}/{max} = {}%", show(value)),
                )
            }
            Compute::Sum => (f64::from(sum), format!("{count} scores sum to {sum}")),
            Compute::Mean => {
                let value = f64::from(sum) / f64::from(count);
                (value, format!("{count} scores average {}", show(value)))
            }
        };
        let rounded = self.rounding.apply(value);
        let stated_key = normalize_name(&stated.value);
        let matches = |band: &Band| normalize_name(&band.label) == stated_key;
        let related: Vec<Label> = scores
            .iter()
            .map(|s| {
                Label::new(
                    s.span,
                    format!("{}: {}", s.name.as_deref().unwrap_or("score"), s.value),
                )
            })
            .collect();
        let primary = |message: String| Label::new(stated.span, message);
        if !self.bands.iter().any(matches) {
            let known: Vec<&str> = self.bands.iter().map(|b| b.label.as_str()).collect();
            sink.report(
                format!(
                    "`{}` is not one of the ratings {}",
                    stated.value,
                    known.join(", ")
                ),
                primary("stated here".into()),
                Vec::new(),
            );
            return;
        }
        let band = self
            .bands
            .iter()
            .find(|b| b.min <= rounded && rounded <= b.max);
        match band {
            Some(band) if matches(band) => {}
            Some(band) => {
                let severity = sink.severity();
                let finding = sink.add(
                    severity,
                    format!(
                        "the rating `{}` does not follow from the scores: {arithmetic}, which is {}",
                        stated.value,
                        band_text(band)
                    ),
                    primary(format!("the scores give {}", band.label)),
                    related,
                );
                // The author decides whether the scores or the rating are
                // wrong, so this is a suggestion, never a `--fix`.
                finding.suggestion = Some(Replacement {
                    span: stated.span,
                    text: band.label.clone(),
                });
            }
            None => {
                let below = self.bands.iter().rev().find(|b| b.max < rounded);
                let above = self.bands.iter().find(|b| b.min > rounded);
                let neighbours: Vec<&Band> = below.into_iter().chain(above).collect();
                let between = neighbours
                    .iter()
                    .map(|b| band_text(b))
                    .collect::<Vec<_>>()
                    .join(" and ");
                if neighbours.iter().any(|b| matches(b)) {
                    sink.report_as(
                        Severity::Note,
                        format!(
                            "the rating cannot be derived from the scores: {arithmetic}, between {between}; the rounding rule is not published (unchecked)"
                        ),
                        primary("cannot be derived".into()),
                        related,
                    );
                } else {
                    sink.report(
                        format!(
                            "the rating `{}` does not follow from the scores: {arithmetic}, between {between}",
                            stated.value
                        ),
                        primary("neither neighbouring band".into()),
                        related,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_modes() {
        let r = |mode, decimals| Rounding { mode, decimals };
        assert_eq!(r(RoundingMode::None, 0).apply(38.9), 38.9);
        assert_eq!(r(RoundingMode::HalfUp, 0).apply(62.5), 63.0);
        assert_eq!(r(RoundingMode::Down, 0).apply(87.5), 87.0);
        assert_eq!(r(RoundingMode::Up, 0).apply(38.2), 39.0);
        assert_eq!(r(RoundingMode::HalfUp, 1).apply(38.88), 38.9);
        assert_eq!(show(55.5555), "55.6");
        assert_eq!(show(50.0), "50");
    }
}
