//! `arithmetic`: figures in running text that must agree by arithmetic.
//!
//! A rule gives regexes (`patterns`) whose named groups capture figures, and
//! a relation between the captures (`check`). Every figure is read as an
//! interval at its printed precision (`18.73%` is [18.725, 18.735], `15%` is
//! [14.5, 15.5], `£1.2 million` is [1.15, 1.25] million), and a relation
//! fails only when no values inside the intervals satisfy it, so a figure
//! rounded the usual way never draws a finding.
//!
//! Relations:
//! - `difference`: `diff` is `b - a` in size, and a direction word says
//!   which way (an actual spend "£19,250,000 more than estimated").
//! - `share`: `percent` is `part / whole` as a percentage (the share of the
//!   budget spent on adult social care).
//! - `part_of`: `part` is at most `whole`, and `percent`, when captured, is
//!   `part / whole` ("545 concerns, of which 295 (or 54%)").
//!   A part printed as a percentage ("of whom 62%") is a share, not a
//!   count, and is left to `share_reachable`.
//! - `share_reachable`: `percent` of a count `whole` is what some whole
//!   number of the count gives at the percentage's printed precision
//!   ("26 schemes, of which 11.4%" cannot be: 3 of 26 is 11.5%).
//! - `parts_sum`: consecutive labelled shares of one whole ("65.50% Good,
//!   12.50% Requires improvement and 25.00% not yet rated") add up to no more
//!   than `total`, and to exactly `total` when every category is named.
//! - `year_pair`: the second year of a pair (`2023/24`, `2023-2028`) follows
//!   the first by `min` to `max` years.
//!
//! With `gather: match` (the default) each match of each pattern is checked
//! on its own. With `gather: section` the captures of the first match of each
//! pattern in a section are checked together, so a relation can join figures
//! from different bullets of one section.

use std::collections::BTreeMap;

use regex::Captures;
use serde::Deserialize;

use super::{Kind, Run};

mod reachable;

use crate::finding::Label;
use crate::rules::figure::{
    decimals_of, is_percentage_at, parse_figure, print_like, print_percent, Figure, EPS,
};
use crate::rules::search::pattern::Pattern;
use crate::rules::search::prefilter::Needs;
use crate::rules::search::scope::Scope;
use crate::rules::search::units::TextUnit;
use crate::rules::words::lower_words;
use crate::rules::{Context, Sink};
use crate::span::Span;
pub use reachable::ShareReachable;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look, and the unit a pattern is matched in (a match never
    /// crosses units; use `unit: paragraph` for figures in neighbouring
    /// sentences of one bullet).
    #[serde(default)]
    pub scope: Scope,
    /// Regexes whose named groups capture the figures the relation uses.
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// Cheap tests a unit must pass before the patterns run on it: a unit
    /// in which any of these regexes finds nothing is skipped. Give
    /// literals every match needs ("of which", "%"), for speed.
    #[serde(default)]
    pub needs: Needs,
    /// Matches whose whole text this regex finds something in are skipped
    /// (an age, "65 and over", is not a total).
    #[serde(default)]
    pub unless: Option<Pattern>,
    /// How matches are combined.
    #[serde(default)]
    pub gather: Gather,
    /// The relation the captures must satisfy.
    pub check: Box<Relation>,
    /// How the captures are called in messages (`asc_actual: actual spend
    /// on adult social care`); by default the group name with spaces.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Read whole numbers ending in `,000` as rounded to the thousand (the
    /// figures of a budget are published in thousands).
    #[serde(default)]
    pub thousands_rounded: bool,
}

/// How the matches of the patterns make up the figures of one check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gather {
    /// Each match of each pattern is one check.
    #[default]
    Match,
    /// In each section, the first match of each pattern (in pattern order)
    /// gives its captures; a capture already given is not replaced.
    Section,
}

/// The relation between the captures.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Difference(Difference),
    Share(Share),
    PartOf(PartOf),
    ShareReachable(ShareReachable),
    PartsSum(PartsSum),
    YearPair(YearPair),
}

/// `diff` is the size of `b - a`; `direction` checks the word that says
/// which way.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    pub a: String,
    pub b: String,
    pub diff: String,
    #[serde(default)]
    pub direction: Option<Direction>,
}

/// The group holding the direction word, and the words meaning `b > a`
/// (`more`) and `b < a` (`less`), compared case-insensitively.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Direction {
    pub word: String,
    pub more: Vec<String>,
    pub less: Vec<String>,
}

/// `percent` is `part / whole * 100`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub part: String,
    pub whole: String,
    pub percent: String,
}

/// `part <= whole`, and `percent` (when the group matched) is the share.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartOf {
    pub part: String,
    pub whole: String,
    #[serde(default)]
    pub percent: Option<String>,
}

/// Shares of one whole, each a match of the patterns with a `value` group
/// and one of the `categories` groups (its label). Consecutive matches whose
/// gap matches `joiner` form one list; a list ends where the gap does not
/// match, where a category repeats, or where a match names its population
/// (`whole` group) differently from the list before it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartsSum {
    /// The group holding the share (a percentage, or a word like `none`).
    pub value: String,
    /// The groups that label a share, one per category.
    pub categories: Vec<String>,
    /// The group naming the population a share is of ("of home care
    /// services"), if the patterns have one.
    #[serde(default)]
    pub whole: Option<String>,
    /// The text allowed between two shares of one list (matched against
    /// the whole gap; anchor it).
    pub joiner: Pattern,
    /// What the shares of one whole add up to.
    #[serde(default = "hundred")]
    pub total: f64,
    /// The categories that together cover every case: a list naming all of
    /// them must add up to `total`, not just stay under it.
    #[serde(default)]
    pub exhaustive: Vec<String>,
    /// The fewest shares a list needs to be checked.
    #[serde(default = "two")]
    pub min_parts: usize,
}

/// Two years, `second` following `first` by `min` to `max` years. A
/// two-digit second year is read in the first one's century.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearPair {
    pub first: String,
    pub second: String,
    pub min: i32,
    #[serde(default)]
    pub max: Option<i32>,
    /// What a valid pair is called in messages ("a financial year").
    #[serde(default)]
    pub what: Option<String>,
}

fn hundred() -> f64 {
    100.0
}

fn two() -> usize {
    2
}

/// The text of a unit after a match, where a relation may read on.
#[derive(Debug, Clone, Copy)]
struct Rest<'a> {
    text: &'a str,
    /// Where `text` starts in the report.
    base: usize,
}

/// One capture: its text and where it is.
#[derive(Debug, Clone)]
struct Capture {
    group: String,
    text: String,
    span: Span,
}

type Captured = BTreeMap<String, Capture>;

fn collect(captures: &Captures<'_>, names: &[&str], base: usize, into: &mut Captured) {
    for name in names {
        if into.contains_key(*name) {
            continue;
        }
        if let Some(m) = captures.name(name) {
            into.insert(
                (*name).to_string(),
                Capture {
                    group: (*name).to_string(),
                    text: m.as_str().to_string(),
                    span: Span::new(base + m.start(), base + m.end()),
                },
            );
        }
    }
}

impl Relation {
    /// The groups the relation reads.
    fn groups(&self) -> Vec<&str> {
        match self {
            Relation::Difference(d) => {
                let mut g = vec![d.a.as_str(), d.b.as_str(), d.diff.as_str()];
                if let Some(dir) = &d.direction {
                    g.push(dir.word.as_str());
                }
                g
            }
            Relation::Share(s) => vec![&s.part, &s.whole, &s.percent],
            Relation::PartOf(p) => {
                let mut g = vec![p.part.as_str(), p.whole.as_str()];
                if let Some(percent) = &p.percent {
                    g.push(percent);
                }
                g
            }
            Relation::ShareReachable(r) => vec![&r.whole, &r.percent],
            Relation::PartsSum(s) => {
                let mut g = vec![s.value.as_str()];
                g.extend(s.categories.iter().map(String::as_str));
                if let Some(whole) = &s.whole {
                    g.push(whole);
                }
                g
            }
            Relation::YearPair(y) => vec![&y.first, &y.second],
        }
    }

    /// The groups that must have matched for a check.
    fn required(&self) -> Vec<&str> {
        match self {
            Relation::Difference(d) => vec![&d.a, &d.b, &d.diff],
            Relation::Share(s) => vec![&s.part, &s.whole, &s.percent],
            Relation::PartOf(p) => vec![&p.part, &p.whole],
            Relation::ShareReachable(r) => vec![&r.whole, &r.percent],
            Relation::PartsSum(s) => vec![&s.value],
            Relation::YearPair(y) => vec![&y.first, &y.second],
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
        if self.patterns.is_empty() {
            return Err("`patterns` is empty".into());
        }
        let groups: Vec<String> = self
            .check
            .groups()
            .into_iter()
            .map(str::to_string)
            .collect();
        for group in &groups {
            let defined = self
                .patterns
                .iter()
                .any(|p| p.regex().capture_names().flatten().any(|n| n == group));
            if !defined {
                return Err(format!("no pattern has a group named `{group}`"));
            }
        }
        match self.check.as_ref() {
            Relation::PartsSum(s) => {
                if self.gather != Gather::Match {
                    return Err("`parts_sum` reads matches in order: use `gather: match`".into());
                }
                if s.categories.is_empty() {
                    return Err("`categories` is empty".into());
                }
                if let Some(missing) = s.exhaustive.iter().find(|e| !s.categories.contains(e)) {
                    return Err(format!("`exhaustive` names `{missing}`, not a category"));
                }
                if s.min_parts < 2 {
                    return Err("`min_parts` must be at least 2".into());
                }
            }
            Relation::YearPair(y) => {
                if y.max.is_some_and(|max| max < y.min) {
                    return Err("`max` is below `min`".into());
                }
            }
            Relation::Difference(d) => {
                if let Some(dir) = &d.direction {
                    if dir.more.is_empty() || dir.less.is_empty() {
                        return Err("`direction` needs `more` and `less` words".into());
                    }
                }
            }
            Relation::ShareReachable(r) => r.validate(self.gather)?,
            Relation::Share(_) | Relation::PartOf(_) => {}
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let units = self.scope.read(ctx).narrowed(ctx, &self.needs);
        if units.is_empty() {
            return;
        }
        let groups = self.check.groups();
        let required = self.check.required();
        if let Relation::PartsSum(sum) = self.check.as_ref() {
            for unit in &units {
                self.parts_sum(sum, text, unit.span, sink);
            }
            return;
        }
        match self.gather {
            Gather::Match => {
                for TextUnit { span, .. } in &units {
                    let unit = span.of(text);
                    for pattern in &self.patterns {
                        for caps in pattern.regex().captures_iter(unit) {
                            if self.excluded(&caps) {
                                continue;
                            }
                            let mut captured = Captured::new();
                            collect(&caps, &groups, span.start, &mut captured);
                            if required.iter().all(|r| captured.contains_key(*r)) {
                                let after = caps.get(0).map_or(unit.len(), |m| m.end());
                                let rest = Rest {
                                    text: unit.get(after..).unwrap_or(""),
                                    base: span.start + after,
                                };
                                self.relate(&captured, text, Some(rest), sink);
                            }
                        }
                    }
                }
            }
            Gather::Section => {
                // Group the units by the innermost section of their
                // paragraph; sections are numbered in document order.
                let mut sections: BTreeMap<Option<usize>, Vec<Span>> = BTreeMap::new();
                for unit in &units {
                    let section = ctx
                        .report
                        .paragraphs
                        .get(unit.paragraph)
                        .and_then(|p| p.section);
                    sections.entry(section).or_default().push(unit.span);
                }
                for spans in sections.values() {
                    let mut captured = Captured::new();
                    for pattern in &self.patterns {
                        let first = spans.iter().find_map(|span| {
                            pattern
                                .regex()
                                .captures_iter(span.of(text))
                                .find(|caps| !self.excluded(caps))
                                .map(|caps| (caps, span.start))
                        });
                        if let Some((caps, base)) = first {
                            collect(&caps, &groups, base, &mut captured);
                        }
                    }
                    if required.iter().all(|r| captured.contains_key(*r)) {
                        self.relate(&captured, text, None, sink);
                    }
                }
            }
        }
    }
}

impl Params {
    fn excluded(&self, caps: &Captures<'_>) -> bool {
        self.unless
            .as_ref()
            .zip(caps.get(0))
            .is_some_and(|(unless, m)| unless.regex().is_match(m.as_str()))
    }

    fn name<'a>(&'a self, group: &'a str) -> String {
        self.names
            .get(group)
            .cloned()
            .unwrap_or_else(|| group.replace('_', " "))
    }

    fn figure(&self, capture: &Capture) -> Option<Figure> {
        parse_figure(&capture.text, self.thousands_rounded)
    }

    fn relate(&self, captured: &Captured, text: &str, rest: Option<Rest<'_>>, sink: &mut Sink<'_>) {
        match self.check.as_ref() {
            Relation::Difference(d) => self.difference(d, captured, sink),
            Relation::Share(s) => self.share(s, captured, sink),
            Relation::PartOf(p) => self.part_of(p, captured, text, sink),
            Relation::ShareReachable(r) => self.share_reachable(r, captured, rest, sink),
            Relation::YearPair(y) => self.year_pair(y, captured, text, sink),
            Relation::PartsSum(_) => {}
        }
    }

    fn difference(&self, d: &Difference, captured: &Captured, sink: &mut Sink<'_>) {
        let (Some(a), Some(b), Some(diff)) = (
            captured.get(&d.a),
            captured.get(&d.b),
            captured.get(&d.diff),
        ) else {
            return;
        };
        let (Some(fa), Some(fb), Some(fd)) = (self.figure(a), self.figure(b), self.figure(diff))
        else {
            return;
        };
        // b - a as an interval, then its size.
        let lo = fb.lo() - fa.hi();
        let hi = fb.hi() - fa.lo();
        let (size_lo, size_hi) = if lo >= 0.0 {
            (lo, hi)
        } else if hi <= 0.0 {
            (-hi, -lo)
        } else {
            (0.0, hi.max(-lo))
        };
        let (an, bn) = (self.name(&d.a), self.name(&d.b));
        let related = || {
            vec![
                Label::new(a.span, format!("{an} {}", a.text.trim())),
                Label::new(b.span, format!("{bn} {}", b.text.trim())),
            ]
        };
        if fd.hi() + EPS < size_lo || fd.lo() - EPS > size_hi {
            let actual = print_like((fb.value - fa.value).abs(), &diff.text);
            sink.report(
                format!(
                    "the difference between the {an} ({}) and the {bn} ({}) is {actual}, not {}",
                    a.text.trim(),
                    b.text.trim(),
                    diff.text.trim()
                ),
                Label::new(diff.span, format!("should be {actual}")),
                related(),
            );
            return;
        }
        let Some(dir) = &d.direction else {
            return;
        };
        let Some(word) = captured.get(&dir.word) else {
            return;
        };
        let said = word.text.trim().to_lowercase();
        let said_more = dir.more.iter().any(|w| w.to_lowercase() == said);
        let said_less = dir.less.iter().any(|w| w.to_lowercase() == said);
        let wrong = if lo > EPS {
            said_less.then(|| dir.more[0].clone())
        } else if hi < -EPS {
            said_more.then(|| dir.less[0].clone())
        } else {
            None
        };
        if let Some(right) = wrong {
            let way = if lo > 0.0 { "above" } else { "below" };
            sink.report(
                format!(
                    "the {bn} ({}) is {way} the {an} ({}), so the difference is `{right}`, not `{}`",
                    b.text.trim(),
                    a.text.trim(),
                    word.text.trim()
                ),
                Label::new(word.span, format!("should be `{right}`")),
                related(),
            );
        }
    }

    fn share(&self, s: &Share, captured: &Captured, sink: &mut Sink<'_>) {
        let (Some(part), Some(whole), Some(percent)) = (
            captured.get(&s.part),
            captured.get(&s.whole),
            captured.get(&s.percent),
        ) else {
            return;
        };
        let (Some(fp), Some(fw), Some(fpc)) =
            (self.figure(part), self.figure(whole), self.figure(percent))
        else {
            return;
        };
        self.check_share(part, whole, percent, fp, fw, fpc, sink);
    }

    #[allow(clippy::too_many_arguments)]
    fn check_share(
        &self,
        part: &Capture,
        whole: &Capture,
        percent: &Capture,
        fp: Figure,
        fw: Figure,
        fpc: Figure,
        sink: &mut Sink<'_>,
    ) {
        if fw.lo() <= 0.0 || fp.lo() < 0.0 {
            return;
        }
        let lo = fp.lo() / fw.hi() * 100.0;
        let hi = fp.hi() / fw.lo() * 100.0;
        if fpc.hi() + EPS >= lo && fpc.lo() - EPS <= hi {
            return;
        }
        let part_name = self.name(&part.group);
        let whole_name = self.name(&whole.group);
        let exact = fp.value / fw.value * 100.0;
        let shown = print_percent(exact, decimals_of(&percent.text));
        sink.report(
            format!(
                "{} does not match the {part_name} over the {whole_name}: {} / {} = {shown}",
                percent.text.trim(),
                part.text.trim(),
                whole.text.trim()
            ),
            Label::new(percent.span, format!("should be about {shown}")),
            vec![
                Label::new(part.span, format!("{part_name} {}", part.text.trim())),
                Label::new(whole.span, format!("{whole_name} {}", whole.text.trim())),
            ],
        );
    }
}

/// A labelled share found by a `parts_sum` rule.
#[derive(Debug, Clone)]
struct Part {
    /// Where the match is, relative to the unit.
    start: usize,
    end: usize,
    value: Capture,
    figure: Figure,
    category: usize,
    whole: Option<String>,
}

impl Params {
    fn part_of(&self, p: &PartOf, captured: &Captured, text: &str, sink: &mut Sink<'_>) {
        let (Some(part), Some(whole)) = (captured.get(&p.part), captured.get(&p.whole)) else {
            return;
        };
        // "29 live in children's homes, of whom 62%": a share, not a count.
        if is_percentage_at(text, part.span.end) {
            return;
        }
        let (Some(fp), Some(fw)) = (self.figure(part), self.figure(whole)) else {
            return;
        };
        let (part_name, whole_name) = (self.name(&part.group), self.name(&whole.group));
        if fp.lo() > fw.hi() + EPS {
            sink.report(
                format!(
                    "the {part_name} ({}) is larger than the {whole_name} ({}) it is part of",
                    part.text.trim(),
                    whole.text.trim()
                ),
                Label::new(part.span, format!("more than {}", whole.text.trim())),
                vec![Label::new(
                    whole.span,
                    format!("{whole_name} {}", whole.text.trim()),
                )],
            );
            return;
        }
        let Some(percent) = p.percent.as_ref().and_then(|g| captured.get(g)) else {
            return;
        };
        let Some(fpc) = self.figure(percent) else {
            return;
        };
        self.check_share(part, whole, percent, fp, fw, fpc, sink);
    }

    fn year_pair(&self, y: &YearPair, captured: &Captured, text: &str, sink: &mut Sink<'_>) {
        let (Some(first), Some(second)) = (captured.get(&y.first), captured.get(&y.second)) else {
            return;
        };
        let (f_text, s_text) = (first.text.trim(), second.text.trim());
        let (Ok(f), Ok(raw)) = (f_text.parse::<i32>(), s_text.parse::<i32>()) else {
            return;
        };
        let s = match s_text.len() {
            2 if f % 100 == 99 && raw == 0 => f - f % 100 + 100,
            2 => f - f % 100 + raw,
            4 => raw,
            _ => return,
        };
        let gap = s - f;
        if gap >= y.min && y.max.is_none_or(|max| gap <= max) {
            return;
        }
        let (start, end) = if first.span.start <= second.span.start {
            (first.span.start, second.span.end)
        } else {
            (second.span.start, first.span.end)
        };
        let pair = Span::new(start, end);
        let written = pair.of(text);
        let what = y.what.as_deref().unwrap_or("a valid pair of years");
        let separator = text
            .get(first.span.end..second.span.start)
            .unwrap_or("/")
            .to_string();
        let show = |a: i32, b: i32| {
            if s_text.len() == 2 {
                format!("{a}{separator}{:02}", b.rem_euclid(100))
            } else {
                format!("{a}{separator}{b}")
            }
        };
        // A year that must follow the first and does not: suggest the
        // consecutive pairs either half gives.
        let message = if y.min == 1 && gap < 1 {
            let mut options = vec![(f, f + 1), (s - 1, s)];
            if s <= f {
                options.insert(0, (f - 1, f));
            }
            options.sort_unstable();
            options.dedup();
            let options: Vec<String> = options.iter().map(|(a, b)| show(*a, *b)).collect();
            format!(
                "`{written}` is not {what}: the second year must follow the first (did you mean {}?)",
                options.join(" or ")
            )
        } else if gap < y.min {
            format!("`{written}` is not {what}: it ends ({s}) before it starts ({f})")
        } else {
            format!(
                "`{written}` is not {what}: it spans {gap} years, more than {}",
                y.max.unwrap_or(gap)
            )
        };
        sink.report(message, Label::new(pair, "these years"), Vec::new());
    }

    fn parts(&self, sum: &PartsSum, unit: &str, base: usize) -> Vec<Part> {
        let mut parts = Vec::new();
        for pattern in &self.patterns {
            for caps in pattern.regex().captures_iter(unit) {
                if self.excluded(&caps) {
                    continue;
                }
                let Some(whole_match) = caps.get(0) else {
                    continue;
                };
                let Some(value) = caps.name(&sum.value) else {
                    continue;
                };
                let Some(category) = sum.categories.iter().position(|c| caps.name(c).is_some())
                else {
                    continue;
                };
                let Some(figure) = parse_figure(value.as_str(), false) else {
                    continue;
                };
                let whole = sum
                    .whole
                    .as_ref()
                    .and_then(|w| caps.name(w))
                    .map(|m| lower_words(m.as_str()))
                    .filter(|w| !w.is_empty());
                // The start without the space or bracket a pattern may
                // consume to find the share's left edge.
                let lead = whole_match.len()
                    - whole_match
                        .as_str()
                        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ','))
                        .len();
                parts.push(Part {
                    start: whole_match.start() + lead,
                    end: whole_match.end(),
                    value: Capture {
                        group: sum.value.clone(),
                        text: value.as_str().to_string(),
                        span: Span::new(base + value.start(), base + value.end()),
                    },
                    figure,
                    category,
                    whole,
                });
            }
        }
        parts.sort_by_key(|p| (p.start, p.end));
        let mut kept: Vec<Part> = Vec::with_capacity(parts.len());
        for part in parts {
            if kept.last().is_none_or(|last| part.start >= last.end) {
                kept.push(part);
            }
        }
        kept
    }

    fn parts_sum(&self, sum: &PartsSum, text: &str, span: Span, sink: &mut Sink<'_>) {
        let unit = span.of(text);
        let parts = self.parts(sum, unit, span.start);
        if parts.len() < sum.min_parts {
            return;
        }
        let mut runs: Vec<Vec<&Part>> = Vec::new();
        let mut run: Vec<&Part> = Vec::new();
        for part in &parts {
            let continues = match (run.first(), run.last()) {
                (Some(first), Some(last)) => {
                    let gap = unit.get(last.end..part.start).unwrap_or("x");
                    let same_whole = part.whole.as_ref().is_none_or(|w| {
                        run.iter().any(|p| p.whole.as_ref() == Some(w))
                            || lower_words(unit.get(..first.start).unwrap_or(""))
                                .contains(w.as_str())
                    });
                    sum.joiner.regex().is_match(gap)
                        && same_whole
                        && run.iter().all(|p| p.category != part.category)
                }
                _ => true,
            };
            if !continues {
                runs.push(std::mem::take(&mut run));
            }
            run.push(part);
        }
        runs.push(run);
        for run in runs.iter().filter(|r| r.len() >= sum.min_parts) {
            let lo: f64 = run.iter().map(|p| p.figure.lo()).sum();
            let hi: f64 = run.iter().map(|p| p.figure.hi()).sum();
            let exhaustive = !sum.exhaustive.is_empty()
                && sum.exhaustive.iter().all(|e| {
                    run.iter()
                        .any(|p| sum.categories.get(p.category) == Some(e))
                });
            let over = lo > sum.total + EPS;
            let under = exhaustive && hi < sum.total - EPS;
            if !over && !under {
                continue;
            }
            let decimals = run
                .iter()
                .map(|p| decimals_of(&p.value.text))
                .max()
                .unwrap_or(0);
            let total: f64 = run.iter().map(|p| p.figure.value).sum();
            let shown = format!("{total:.decimals$}");
            let terms: Vec<String> = run
                .iter()
                .map(|p| {
                    let category = sum
                        .categories
                        .get(p.category)
                        .map_or(String::new(), |c| self.name(c));
                    format!("{} {category}", p.value.text.trim())
                })
                .collect();
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            let whole_total = format!("{}", sum.total);
            let message = if over {
                format!(
                    "shares of one whole add up to {shown}%, more than {whole_total}% even allowing for rounding: {}",
                    terms.join(" + ")
                )
            } else {
                format!(
                    "shares naming every category add up to {shown}%, not {whole_total}% even allowing for rounding: {}",
                    terms.join(" + ")
                )
            };
            sink.report(
                message,
                Label::new(
                    Span::new(span.start + first.start, span.start + last.end),
                    format!("adds up to {shown}%"),
                ),
                run.iter()
                    .map(|p| {
                        let category = sum
                            .categories
                            .get(p.category)
                            .map_or(String::new(), |c| self.name(c));
                        Label::new(p.value.span, category)
                    })
                    .collect(),
            );
        }
    }
}
