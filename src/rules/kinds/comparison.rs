//! `comparison`: a figure compared with a stated benchmark ("55.1% ...,
//! which is lower than the England average of 61.21%") must be compared the
//! way the figures go.
//!
//! The model pairs a figure with a benchmark only where the wording ties
//! them together (see [`crate::model::quantities::claims`]); this kind reads
//! those claims and checks the relation word against the two figures:
//!
//! - direction words (`higher`, `lower` lists) against the figures at their
//!   printed precision: "lower" after a larger figure, or after an equal
//!   printed figure, is an error;
//! - evaluative words (`better`, `worse` lists) only where a `polarity`
//!   pattern says whether a higher figure is better or worse for what the
//!   figure measures; otherwise silent;
//! - words claiming no real difference (`similar` list: "in line with",
//!   "similar to") rest on a significance test the report does not show:
//!   never an error, only a note marked unchecked when the figures differ by
//!   more than `similar_gap`.
//!
//! Every word list is matched against the relation as the model reports it
//! (lower case, single spaces); a relation in no list is left alone.

use std::cmp::Ordering;

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::{Label, Severity};
use crate::model::quantities::ComparisonClaim;
use crate::rules::figure::order;
use crate::rules::search::pattern::Pattern;
use crate::rules::search::scope::Scope;
use crate::rules::words::lower_words;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look (the paragraph holding the benchmark).
    #[serde(default)]
    pub scope: Scope,
    /// Relations saying the figure is above the benchmark ("higher",
    /// "above", "more", "exceeds").
    #[serde(default)]
    pub higher: Vec<String>,
    /// Relations saying the figure is below the benchmark ("lower", "below",
    /// "fewer", "less").
    #[serde(default)]
    pub lower: Vec<String>,
    /// Relations saying the figure is better than the benchmark; checked
    /// only where `polarity` knows the measure.
    #[serde(default)]
    pub better: Vec<String>,
    /// Relations saying the figure is worse than the benchmark.
    #[serde(default)]
    pub worse: Vec<String>,
    /// Relations naming a favourable significance band ("positive
    /// variation"): the band rests on a test the report does not show, so a
    /// sign that contradicts the figures and the measure's polarity is only
    /// a note marked unchecked.
    #[serde(default)]
    pub positive: Vec<String>,
    /// Relations naming an unfavourable band ("negative variation").
    #[serde(default)]
    pub negative: Vec<String>,
    /// Which way is better, by what the figure measures; matched in order
    /// against the text describing the figure, the first match deciding
    /// (`unknown` silences the claim: put specific patterns first).
    #[serde(default)]
    pub polarity: Vec<Polarity>,
    /// Relations claiming no real difference ("in line with", "similar
    /// to"): never errors; a note when the figures differ by more than
    /// `similar_gap`.
    #[serde(default)]
    pub similar: Vec<String>,
    /// How far apart the figures must be for a `similar` relation to draw a
    /// note.
    #[serde(default)]
    pub similar_gap: Option<Gap>,
    /// Whether to check claims whose figure is the only percentage of the
    /// previous sentence ("20.69% of carers ... . This was lower than ...").
    #[serde(default = "yes")]
    pub previous_sentence: bool,
}

/// A measure whose direction of good is known.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Polarity {
    /// What the figure measures, as a regex over the text describing it.
    pub pattern: Pattern,
    pub higher_is: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Better,
    Worse,
    /// The measure's polarity cannot be told (a negated phrase).
    Unknown,
}

/// A difference between two figures.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// The difference as a share of the benchmark (0.15 is 15%).
    pub relative: f64,
    /// And at least this many percentage points.
    #[serde(default)]
    pub points: f64,
}

fn yes() -> bool {
    true
}

/// What a relation word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Says {
    Higher,
    Lower,
    Better,
    Worse,
    Positive,
    Negative,
    Similar,
}

/// The relation as written up to the benchmark, without a trailing article:
/// "lower than", "in line with".
fn phrase(text: &str, relation: Span, benchmark: Span) -> String {
    let raw = text.get(relation.start..benchmark.start).unwrap_or("");
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| ["the", "an", "a"].contains(&w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    if words.is_empty() {
        lower_words(relation.of(text))
    } else {
        words.join(" ")
    }
}

impl Params {
    fn says(&self, relation: &str) -> Option<Says> {
        // The lists are in the relations' form since `prepare`.
        let listed = |list: &[String]| list.iter().any(|w| w == relation);
        if listed(&self.higher) {
            Some(Says::Higher)
        } else if listed(&self.lower) {
            Some(Says::Lower)
        } else if listed(&self.better) {
            Some(Says::Better)
        } else if listed(&self.worse) {
            Some(Says::Worse)
        } else if listed(&self.positive) {
            Some(Says::Positive)
        } else if listed(&self.negative) {
            Some(Says::Negative)
        } else if listed(&self.similar) {
            Some(Says::Similar)
        } else {
            None
        }
    }

    /// Whether a higher figure is better for the measure `subject`
    /// describes: the first matching pattern decides.
    fn polarity(&self, subject: &str) -> Option<Direction> {
        self.polarity
            .iter()
            .find(|p| p.pattern.regex().is_match(subject))
            .map(|p| p.higher_is)
            .filter(|d| *d != Direction::Unknown)
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
        let evaluative = !self.better.is_empty()
            || !self.worse.is_empty()
            || !self.positive.is_empty()
            || !self.negative.is_empty();
        if self.higher.is_empty() && self.lower.is_empty() && !evaluative && self.similar.is_empty()
        {
            return Err(
                "no relation words: give `higher`/`lower`, `better`/`worse` or `similar`".into(),
            );
        }
        if evaluative && self.polarity.is_empty() {
            return Err("`better`/`worse`/`positive`/`negative` need `polarity`: evaluative words are checked only where the measure's polarity is known".into());
        }
        if !self.similar.is_empty() && self.similar_gap.is_none() {
            return Err("`similar` needs `similar_gap`".into());
        }
        if let Some(gap) = self.similar_gap {
            if !(gap.relative >= 0.0 && gap.points >= 0.0) {
                return Err("`similar_gap` must not be negative".into());
            }
        }
        // Written as the claims' relations are (one line, lower case), once
        // here rather than for every claim of every report.
        for list in [
            &mut self.higher,
            &mut self.lower,
            &mut self.better,
            &mut self.worse,
            &mut self.positive,
            &mut self.negative,
            &mut self.similar,
        ] {
            for words in list.iter_mut() {
                *words = lower_words(words);
            }
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        if report.claims.is_empty() {
            return;
        }
        let text = ctx.source.text();
        let in_scope = self.scope.read(ctx);
        for claim in &report.claims {
            let section = report
                .paragraphs
                .get(claim.paragraph)
                .and_then(|p| p.section);
            if !in_scope.contains(section) {
                continue;
            }
            if claim.value_in_previous_sentence && !self.previous_sentence {
                continue;
            }
            self.check(claim, text, sink);
        }
    }
}

impl Params {
    fn check(&self, claim: &ComparisonClaim, text: &str, sink: &mut Sink<'_>) {
        let (
            Some(relation),
            Some(relation_span),
            Some(value),
            Some(value_span),
            Some(bench),
            Some(bench_span),
        ) = (
            claim.relation.as_deref(),
            claim.relation_span,
            claim.value,
            claim.value_span,
            claim.benchmark_value,
            claim.benchmark_value_span,
        )
        else {
            return;
        };
        let Some(says) = self.says(relation) else {
            return;
        };
        let figure = value_span.of(text);
        let bench_figure = bench_span.of(text);
        // What a finding quotes, made only for a claim that has one (most
        // claims are right).
        let words = || phrase(text, relation_span, claim.benchmark_span);
        let benchmark = || format!("the {} of {bench_figure}", claim.benchmark);
        let where_figure = if claim.value_in_previous_sentence {
            "the figure, in the previous sentence"
        } else {
            "the figure"
        };
        let related = || {
            vec![
                Label::new(value_span, format!("{where_figure}: {figure}")),
                Label::new(bench_span, format!("{}: {bench_figure}", claim.benchmark)),
            ]
        };
        let ordering = order(
            value,
            claim.value_decimals,
            bench,
            claim.benchmark_value_decimals,
        );
        let actual = |o: Ordering| match o {
            Ordering::Greater => "it is higher",
            Ordering::Less => "it is lower",
            Ordering::Equal => "the printed figures are equal",
        };
        let says_label = || Label::new(relation_span, format!("says {}", lower_words(relation)));
        match says {
            Says::Higher | Says::Lower => {
                let Some(o) = ordering else {
                    return;
                };
                let wrong = match says {
                    Says::Higher => o != Ordering::Greater,
                    _ => o != Ordering::Less,
                };
                if wrong {
                    let (words, benchmark) = (words(), benchmark());
                    sink.report(
                        format!(
                            "the text says {figure} is '{words}' {benchmark}, but {}",
                            actual(o)
                        ),
                        says_label(),
                        related(),
                    );
                }
            }
            Says::Better | Says::Worse | Says::Positive | Says::Negative => {
                let Some(higher_is) = self.polarity(claim.subject.of(text)) else {
                    return;
                };
                let Some(o) = ordering else {
                    return;
                };
                let band = matches!(says, Says::Positive | Says::Negative);
                if band && o == Ordering::Equal {
                    return;
                }
                let better = match (o, higher_is) {
                    (Ordering::Equal, _) => None,
                    (Ordering::Greater, Direction::Better) | (Ordering::Less, Direction::Worse) => {
                        Some(true)
                    }
                    _ => Some(false),
                };
                let claimed = matches!(says, Says::Better | Says::Positive);
                if better != Some(claimed) {
                    let (words, benchmark) = (words(), benchmark());
                    let polarity = if higher_is == Direction::Better {
                        "a higher figure is better"
                    } else {
                        "a lower figure is better"
                    };
                    if band {
                        sink.report_as(
                            Severity::Note,
                            format!(
                                "not checked: '{words}' rests on a significance test the report does not show, but {figure} is {} {benchmark} and for this measure {polarity}",
                                match o {
                                    Ordering::Greater => "higher than",
                                    _ => "lower than",
                                }
                            ),
                            Label::new(relation_span, "unchecked: the band's sign does not fit the figures"),
                            related(),
                        );
                        return;
                    }
                    sink.report(
                        format!(
                            "the text says {figure} is '{words}' {benchmark}, but {} and for this measure {polarity}",
                            actual(o)
                        ),
                        says_label(),
                        related(),
                    );
                }
            }
            Says::Similar => {
                let Some(gap) = self.similar_gap else {
                    return;
                };
                let points = (value - bench).abs();
                let relative = if bench.abs() > f64::EPSILON {
                    points / bench.abs()
                } else {
                    f64::INFINITY
                };
                if relative > gap.relative && points > gap.points {
                    let decimals = usize::from(
                        claim
                            .value_decimals
                            .max(claim.benchmark_value_decimals)
                            .min(6),
                    );
                    let (words, benchmark) = (words(), benchmark());
                    sink.report_as(
                        Severity::Note,
                        format!(
                            "not checked: '{words}' rests on a significance test the report does not show; the figures differ by {points:.decimals$} points ({figure} against {benchmark})"
                        ),
                        Label::new(relation_span, "unchecked: significance not shown"),
                        related(),
                    );
                }
            }
        }
    }
}
