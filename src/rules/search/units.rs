//! The one way a kind asks for the text it reads: the units of its scope
//! ([`Scope::read`]), worked out once per report for all the rules with that
//! scope, then narrowed ([`InScope::narrowed`]) to the units that may hold
//! a match, or cut by an exclusion list ([`InScope::excluding`]).
//!
//! What narrows is a [`Narrowing`]: `needs:` ([`super::prefilter::Needs`]),
//! a compiled regex with its literals ([`Matching`]), a list of terms
//! ([`super::scope::Terms`]) or a list of patterns
//! ([`super::scope::AnyPattern`]). Each says, for units in document order,
//! which may hold a match, never leaving out one that does.

use std::sync::Arc;

use regex::Regex;

pub use super::narrowing::Narrowing;
use super::prefilter::Prefilter;
use super::scope::{AnyPattern, Scope, Unit};
use crate::model::Report;
use crate::rules::Context;
use crate::span::Span;

/// One unit of text a rule reads: a sentence or a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextUnit {
    pub span: Span,
    /// The paragraph it is (in).
    pub paragraph: usize,
    /// Its place among the report's sentences (or paragraphs, for a
    /// paragraph unit).
    pub index: usize,
}

/// The units of one scope in one report, and which sections are in it.
#[derive(Debug, Default)]
pub struct InScope {
    /// For each section of the report, whether it is in scope.
    pub sections: Vec<bool>,
    /// The units in scope, in document order.
    pub units: Vec<TextUnit>,
    /// Whether text outside every section is in scope.
    unsectioned: bool,
    /// The spans of `units`, which every narrowing reads.
    spans: Vec<Span>,
}

impl InScope {
    fn new(scope: &Scope, report: &Report) -> Self {
        let mut read = InScope {
            sections: scope.sections(report),
            units: Vec::new(),
            unsectioned: scope.within.is_empty(),
            spans: Vec::new(),
        };
        // Sized for every unit: the vector is not grown and copied as the
        // units in scope are found.
        let units = match scope.unit {
            Unit::Sentence => {
                let mut units = Vec::with_capacity(report.sentences.len());
                units.extend(
                    report
                        .sentences
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| {
                            report
                                .paragraphs
                                .get(s.paragraph)
                                .is_some_and(|p| read.contains(p.section))
                        })
                        .map(|(index, s)| TextUnit {
                            span: s.span,
                            paragraph: s.paragraph,
                            index,
                        }),
                );
                units
            }
            Unit::Paragraph => {
                let mut units = Vec::with_capacity(report.paragraphs.len());
                units.extend(
                    report
                        .paragraphs
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| read.contains(p.section))
                        .map(|(index, p)| TextUnit {
                            span: p.span,
                            paragraph: index,
                            index,
                        }),
                );
                units
            }
        };
        read.spans = units.iter().map(|u| u.span).collect();
        read.units = units;
        read
    }

    /// Whether text whose innermost section is `section` is in scope.
    pub fn contains(&self, section: Option<usize>) -> bool {
        match section {
            Some(s) => self.sections.get(s).copied().unwrap_or(false),
            None => self.unsectioned,
        }
    }

    /// The spans of the units, in document order.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The unit (by its place among the units and itself) that holds all
    /// of `span`.
    pub fn unit_at(&self, span: Span) -> Option<(usize, TextUnit)> {
        unit_at(&self.units, span)
    }

    /// The units `by` says may hold a match.
    pub fn narrowed(&self, ctx: &Context<'_>, by: &(impl Narrowing + ?Sized)) -> Vec<TextUnit> {
        self.kept(ctx, by, true)
    }

    /// The units none of `unless`'s patterns matches. (Its marks are
    /// exact; a narrowing that may mark a unit without a match could not
    /// cut units.)
    pub fn excluding(&self, ctx: &Context<'_>, unless: &AnyPattern) -> Vec<TextUnit> {
        self.kept(ctx, unless, false)
    }

    fn kept(
        &self,
        ctx: &Context<'_>,
        by: &(impl Narrowing + ?Sized),
        wanted: bool,
    ) -> Vec<TextUnit> {
        if self.units.is_empty() {
            return Vec::new();
        }
        let marks = by.marks(ctx, &self.spans);
        self.units
            .iter()
            .zip(marks.into_iter().chain(std::iter::repeat(true)))
            .filter(|(_, mark)| *mark == wanted)
            .map(|(unit, _)| *unit)
            .collect()
    }
}

/// The unit (by its place in `units` and itself) that holds all of
/// `span`; `units` are in document order and do not overlap.
pub fn unit_at(units: &[TextUnit], span: Span) -> Option<(usize, TextUnit)> {
    let i = units
        .partition_point(|u| u.span.start <= span.start)
        .checked_sub(1)?;
    let unit = units.get(i)?;
    unit.span.contains(span).then_some((i, *unit))
}

impl Scope {
    /// The units of this scope in the report `ctx` reads, worked out once
    /// for every rule with an equal scope.
    pub fn read(&self, ctx: &Context<'_>) -> Arc<InScope> {
        ctx.shared(self.clone(), || InScope::new(self, ctx.report))
    }
}

/// A regex and the literal search that finds the units it may match in
/// ([`Prefilter`]).
#[derive(Debug, Clone)]
pub struct Matching {
    regex: Regex,
    prefilter: Prefilter,
}

impl Matching {
    /// `regex`, compiled from `pattern` with `ignorecase` as its rule does.
    pub fn new(regex: Regex, pattern: &str, ignorecase: bool) -> Self {
        Matching {
            prefilter: Prefilter::new(pattern, ignorecase),
            regex,
        }
    }

    pub fn regex(&self) -> &Regex {
        &self.regex
    }
}

impl Narrowing for Matching {
    fn marks(&self, ctx: &Context<'_>, units: &[Span]) -> Vec<bool> {
        self.prefilter.candidates(&self.regex, ctx, units)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::search::prefilter::Needs;
    use crate::source::SourceFile;

    const TEXT: &str = "# Waits\n\nPeople waited weeks. Most had no wait.\n\nAll good here.\n";

    fn with_context(check: impl FnOnce(&Context<'_>)) {
        let source = SourceFile::new("report.md", TEXT);
        let report = crate::model::build_from_blocks(
            source.text(),
            crate::parse::blocks(source.text()),
            None,
        );
        check(&Context::new(&source, &report, None, &[]));
    }

    fn texts(units: &[TextUnit]) -> Vec<&'static str> {
        units.iter().map(|u| u.span.of(TEXT)).collect()
    }

    #[test]
    fn a_scope_is_read_once_per_report_and_by_its_unit() {
        with_context(|ctx| {
            let sentences = Scope::default();
            let first = sentences.read(ctx);
            assert!(Arc::ptr_eq(&first, &Scope::default().read(ctx)));
            assert_eq!(
                texts(&first.units),
                [
                    "People waited weeks.",
                    "Most had no wait.",
                    "All good here."
                ]
            );
            let paragraphs = Scope {
                unit: Unit::Paragraph,
                ..Scope::default()
            };
            let read = paragraphs.read(ctx);
            assert!(!Arc::ptr_eq(&first, &read));
            assert_eq!(
                texts(&read.units),
                ["People waited weeks. Most had no wait.", "All good here."]
            );
            // Each unit knows its place among the report's sentences or
            // paragraphs, and the paragraph it is in.
            let places: Vec<(usize, usize)> =
                first.units.iter().map(|u| (u.index, u.paragraph)).collect();
            assert_eq!(places, [(0, 0), (1, 0), (2, 1)]);
        });
    }

    #[test]
    fn narrowing_keeps_the_units_that_may_match_and_exclusion_the_others() {
        with_context(|ctx| {
            let read = Scope::default().read(ctx);
            let needs: Needs =
                crate::yaml::from_str("needs", "['(?i)wait', 'weeks']").expect("needs");
            assert_eq!(texts(&read.narrowed(ctx, &needs)), ["People waited weeks."]);
            let unless: AnyPattern =
                crate::yaml::from_str("unless", "['(?i)\\bno wait', 'good']").expect("unless");
            assert_eq!(
                texts(&read.excluding(ctx, &unless)),
                ["People waited weeks."]
            );
            let nothing = AnyPattern::default();
            assert_eq!(read.excluding(ctx, &nothing).len(), 3);
            let regex = Regex::new("(?i)wait").expect("regex");
            let matching = Matching::new(regex, "(?i)wait", false);
            assert_eq!(
                texts(&read.narrowed(ctx, &matching)),
                ["People waited weeks.", "Most had no wait."]
            );
        });
    }

    #[test]
    fn the_unit_holding_a_span_is_found() {
        with_context(|ctx| {
            let read = Scope::default().read(ctx);
            let at = TEXT.find("no wait").expect("in the text");
            let (place, unit) = read.unit_at(Span::new(at, at + 7)).expect("held");
            assert_eq!((place, unit.span.of(TEXT)), (1, "Most had no wait."));
            // A span across two units is held by neither.
            let across = TEXT.find("weeks. Most").expect("in the text");
            assert!(read.unit_at(Span::new(across, across + 11)).is_none());
        });
    }
}
