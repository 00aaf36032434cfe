//! Which units of a report may hold a match, found in one pass over the
//! whole text instead of one regex search per sentence.
//!
//! A search per sentence pays the regex engine's set-up hundreds of
//! thousands of times on a folder of reports; one search over the text
//! pays it once. A unit is a candidate when a match over the whole text
//! overlaps it. That never misses a unit that a search of the unit alone
//! would match, provided the regex has no anchors (`^`, `$`, `\A`, `\z`)
//! and no `\B`: those mean something else at a unit's edge than in the
//! middle of the text. Word boundaries (`\b`) are safe because a unit does
//! not start or end inside a word; a unit that does is always a candidate.
//! Regexes that are not safe mark every unit.

use std::fmt;

use regex::Regex;
use regex_syntax::hir::Look;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::narrowing::Narrowing;
use super::pattern::Pattern;
use crate::literals::Required;
use crate::rules::Context;
use crate::span::Span;

/// Whether a search of the whole text finds every unit that a search of the
/// unit alone would match (see the module documentation).
pub fn whole_text_safe(pattern: &str) -> bool {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return false;
    };
    hir.properties().look_set().iter().all(|look| {
        !matches!(
            look,
            Look::Start
                | Look::End
                | Look::StartLF
                | Look::EndLF
                | Look::StartCRLF
                | Look::EndCRLF
                | Look::WordAsciiNegate
                | Look::WordUnicodeNegate
        )
    })
}

/// How to find the units that may hold a match of one regex: by the
/// literals every match contains when it has some ([`Required`]), else by
/// one search of the regex over the whole text when that is exact
/// ([`whole_text_safe`]), else every unit is a candidate.
#[derive(Debug, Clone)]
pub struct Prefilter {
    safe: bool,
    literals: Option<Required>,
}

impl Prefilter {
    /// The prefilter of `pattern`, compiled with `ignorecase` as its rule
    /// does.
    pub fn new(pattern: &str, ignorecase: bool) -> Self {
        Prefilter {
            safe: whole_text_safe(pattern),
            literals: Required::of(pattern, ignorecase),
        }
    }

    /// For each of `units` of the report `ctx` reads, whether it may hold a
    /// match of `regex` (the regex the prefilter was made from).
    pub fn candidates(&self, regex: &Regex, ctx: &Context<'_>, units: &[Span]) -> Vec<bool> {
        match self.literals_for(ctx) {
            Some(literals) => literal_candidates(literals, ctx.ascii_lowercase(), units),
            None => candidates(regex, self.safe, ctx.source.text(), units),
        }
    }

    /// [`Prefilter::candidates`] when the regex has literals to search for
    /// in the report `ctx` reads, else `None` (every unit may match).
    pub fn literal_candidates(&self, ctx: &Context<'_>, units: &[Span]) -> Option<Vec<bool>> {
        self.literals_for(ctx)
            .map(|literals| literal_candidates(literals, ctx.ascii_lowercase(), units))
    }

    /// Whether [`Prefilter::candidates`] in the report `ctx` reads are
    /// exactly the units with a match.
    pub fn exact_for(&self, ctx: &Context<'_>) -> bool {
        self.literals_for(ctx).is_some_and(Required::exact)
    }

    /// The literals to search for in the report `ctx` reads, if any.
    fn literals_for(&self, ctx: &Context<'_>) -> Option<&Required> {
        self.literals
            .as_ref()
            .filter(|literals| !(literals.folds() && ctx.has_folding_signs()))
    }
}

/// For each of `units`, whether it holds one of `literals` in `lower` (the
/// text with ASCII letters lower-cased). Units that do not cannot hold a
/// match, whatever the text around them.
pub fn literal_candidates(literals: &Required, lower: &str, units: &[Span]) -> Vec<bool> {
    let mut marked = vec![false; units.len()];
    if !in_order(units) {
        return vec![true; units.len()];
    }
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return marked;
    };
    let mut at = first.start;
    let mut unit = 0;
    while let Some((start, end)) = literals.find_at(lower, at).filter(|&(s, _)| s < last.end) {
        // The first unit that ends after the literal starts; literals are
        // found in order of their start, so units passed over stay behind.
        while units.get(unit).is_some_and(|u| u.end <= start) {
            unit += 1;
        }
        match (units.get(unit), marked.get_mut(unit)) {
            (Some(u), Some(mark)) if u.start <= start && end <= u.end => {
                *mark = true;
                // One literal is enough: go on after this unit.
                at = u.end.max(start + 1);
            }
            _ => at = start + 1,
        }
    }
    marked
}

fn in_order(units: &[Span]) -> bool {
    units.windows(2).all(|w| w[0].end <= w[1].start)
}

/// For each of `units` (in document order, not overlapping), whether it may
/// hold a match of `regex`. `safe` is [`whole_text_safe`] of the regex.
pub fn candidates(regex: &Regex, safe: bool, text: &str, units: &[Span]) -> Vec<bool> {
    // The walk below needs the units in order; units that overlap or come
    // out of order are all candidates rather than risk a miss.
    if !safe || !in_order(units) {
        return vec![true; units.len()];
    }
    let mut marked: Vec<bool> = units.iter().map(|u| inside_word(text, *u)).collect();
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return marked;
    };
    let hay = text.get(..last.end).unwrap_or_default();
    let mut from = first.start;
    let mut at = 0;
    while let Some(m) = regex.find_at(hay, from) {
        // An empty match counts as one byte long, and a unit touching a
        // match counts as overlapping it: a few more candidates, no misses.
        let (start, end) = (m.start(), m.end().max(m.start() + 1));
        while units.get(at).is_some_and(|u| u.end < start) {
            at += 1;
        }
        let mut i = at;
        while let (Some(unit), Some(mark)) = (units.get(i), marked.get_mut(i)) {
            if unit.start >= end {
                break;
            }
            *mark = true;
            i += 1;
        }
        // The next search starts after this match and after the unit it
        // starts in (marked already): a unit further on that holds a match
        // has it start after both, or overlaps this match.
        let unit_end = units
            .get(at)
            .filter(|u| u.start <= start)
            .map_or(0, |u| u.end);
        from = end.max(unit_end);
        if from > hay.len() {
            break;
        }
    }
    marked
}

/// Whether `unit` starts or ends next to a letter or digit outside it, where
/// `\b` means something else inside the unit than in the whole text.
fn inside_word(text: &str, unit: Span) -> bool {
    let word = |b: u8| !b.is_ascii() || b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let before = unit
        .start
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|&b| word(b));
    let after = bytes.get(unit.end).is_some_and(|&b| word(b));
    before || after
}

/// `needs:` regexes that every match of a rule contains (a few literal
/// words); units without all of them are passed over. Speed only: the
/// rule's own patterns decide. One regex or a list.
#[derive(Debug, Clone, Default)]
pub struct Needs(Vec<Need>);

#[derive(Debug, Clone)]
struct Need {
    pattern: Pattern,
    prefilter: Prefilter,
}

impl Need {
    fn new(text: &str) -> Result<Need, String> {
        let regex = Regex::new(text).map_err(|e| crate::yaml::regex_error(text, &e))?;
        Ok(Need {
            prefilter: Prefilter::new(text, false),
            pattern: Pattern(regex),
        })
    }
}

impl Needs {
    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` has every needed pattern.
    pub fn met_by(&self, text: &str) -> bool {
        self.0
            .iter()
            .all(|need| need.pattern.regex().is_match(text))
    }
}

/// Exact: a unit is marked when it has every needed pattern. The first is
/// looked for with its [`Prefilter`], the others in the units it leaves:
/// list the rarest first.
impl Narrowing for Needs {
    fn marks(&self, ctx: &Context<'_>, units: &[Span]) -> Vec<bool> {
        let Some(first) = self.0.first() else {
            return vec![true; units.len()];
        };
        let text = ctx.source.text();
        let mut keep = first
            .prefilter
            .candidates(first.pattern.regex(), ctx, units);
        // The candidates of a first need whose literals are exact have it.
        let rest = match first.prefilter.exact_for(ctx) {
            true => self.0.get(1..).unwrap_or_default(),
            false => &self.0[..],
        };
        for (k, unit) in keep.iter_mut().zip(units) {
            if *k {
                *k = rest
                    .iter()
                    .all(|need| need.pattern.regex().is_match(unit.of(text)));
            }
        }
        keep
    }
}

impl<'de> Deserialize<'de> for Needs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NeedsVisitor;
        impl<'de> Visitor<'de> for NeedsVisitor {
            type Value = Needs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a regex or a list of regexes")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Needs, E> {
                Ok(Needs(vec![Need::new(text).map_err(E::custom)?]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Needs, A::Error> {
                let mut out = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    out.push(Need::new(&text).map_err(de::Error::custom)?);
                }
                Ok(Needs(out))
            }
        }
        deserializer.deserialize_any(NeedsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<Span> {
        // Units: the sentences, split after ". ".
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices(". ") {
            out.push(Span::new(start, i + 1));
            start = i + 2;
        }
        out.push(Span::new(start, text.len()));
        out
    }

    fn marked(pattern: &str, text: &str) -> Vec<bool> {
        let regex = Regex::new(pattern).expect("regex");
        candidates(&regex, whole_text_safe(pattern), text, &spans(text))
    }

    #[test]
    fn anchors_and_negated_boundaries_are_not_safe() {
        assert!(whole_text_safe(r"(?i)\bwait(?:s|ing)?\b"));
        assert!(!whole_text_safe(r"(?i)^\W*we may"));
        assert!(!whole_text_safe(r"all$"));
        assert!(!whole_text_safe(r"(?m)^all"));
        assert!(!whole_text_safe(r"\Ball"));
        assert!(!whole_text_safe(r"(unclosed"));
    }

    #[test]
    fn units_with_a_match_are_marked_and_no_others() {
        let text = "No waits here. People waited weeks. All good. waiting";
        assert_eq!(
            marked(r"(?i)\bwaits\b", text),
            vec![true, false, false, false]
        );
        assert_eq!(marked(r"(?i)wait", text), vec![true, true, false, true]);
        assert_eq!(marked(r"(?i)^all", text), vec![true, true, true, true]);
        // A match across two units marks both.
        assert_eq!(
            marked(r"here\. People", text),
            vec![true, true, false, false]
        );
        assert_eq!(marked(r"zzz", text), vec![false, false, false, false]);
        // Units out of order are all candidates.
        let regex = Regex::new("zzz").expect("regex");
        let units = [Span::new(10, 20), Span::new(0, 5)];
        assert_eq!(candidates(&regex, true, text, &units), vec![true, true]);
    }

    #[test]
    fn every_unit_a_search_of_the_unit_finds_is_marked() {
        let text = "Alpha beta. Gamma alpha. Beta gamma delta. Delta. Alphabet";
        let units = spans(text);
        for pattern in [
            r"(?i)alpha",
            r"(?i)\balpha\b",
            r"a\s+\w",
            r"(?i)delta\.?",
            r"e",
            r"x?",
        ] {
            let regex = Regex::new(pattern).expect("regex");
            let marks = candidates(&regex, whole_text_safe(pattern), text, &units);
            for (unit, mark) in units.iter().zip(marks) {
                if regex.is_match(unit.of(text)) {
                    assert!(mark, "{pattern} in {:?}", unit.of(text));
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Whatever the text, the literal search and the regex search mark
        /// every sentence that a search of the sentence alone matches; an
        /// exact literal search marks no other.
        #[test]
        fn prefilters_never_miss_a_sentence(
            text in "(wee|WEE|[Ww]ait|de-?lay|DELAY|of which|qov\\.u|k|K|\u{212a}|s|S|\u{17f}|é|x|the|THESE|hese|m| |\\. |\n){0,40}"
        ) {
            let source = crate::source::SourceFile::new("t.txt", text.as_str());
            let (report, policy) = (crate::model::Report::default(), Vec::new());
            let ctx = Context::new(&source, &report, None, &policy);
            let units = spans(&text);
            for (pattern, ignorecase) in [
                (r"(?i)wait|delay|backlog", false),
                (r"(?i)\bwaits?\b", false),
                (r"(?i)weeks", false),
                (r"[a-z0-9-]*\.?qov\.uk", true),
                (r"of\s+which", false),
                (r"(?i)waits|de-?lay", false),
                // Searched for from a rarer start ("hese", "hem").
                (r"(?i)these|them", false),
            ] {
                let regex = regex::RegexBuilder::new(pattern)
                    .case_insensitive(ignorecase)
                    .build()
                    .expect("regex");
                let prefilter = Prefilter::new(pattern, ignorecase);
                let marked = prefilter.candidates(&regex, &ctx, &units);
                let exact = prefilter.exact_for(&ctx);
                for (unit, mark) in units.iter().zip(marked) {
                    let matches = regex.is_match(unit.of(&text));
                    proptest::prop_assert!(mark || !matches, "{} missed in {:?}", pattern, unit.of(&text));
                    if exact {
                        proptest::prop_assert_eq!(mark, matches, "{} in {:?}", pattern, unit.of(&text));
                    }
                }
            }
        }
    }

    #[test]
    fn needs_reads_one_regex_or_a_list() {
        let one: Needs = crate::yaml::from_str("needs", "'(?i)wait'").expect("one");
        let two: Needs = crate::yaml::from_str("needs", "['(?i)wait', 'for']").expect("two");
        assert!(one.met_by("Waiting") && !one.met_by("delay"));
        assert!(two.met_by("waits for") && !two.met_by("waits"));
        let text = "Waits for care. Waits. For care.";
        let source = crate::source::SourceFile::new("needs.txt", text);
        let (report, policy) = (crate::model::Report::default(), Vec::new());
        let ctx = Context::new(&source, &report, None, &policy);
        assert_eq!(two.marks(&ctx, &spans(text)), vec![true, false, false]);
        assert_eq!(one.marks(&ctx, &spans(text)), vec![true, true, false]);
        // `(?i)s` also matches the long s, which the lower-cased text does
        // not spell as `s`: such a text is searched with the regex.
        let needs: Needs = crate::yaml::from_str("needs", "'(?i)waits'").expect("needs");
        let text = "No delay. Long wait\u{17f} for care. None.";
        let source = crate::source::SourceFile::new("needs.txt", text);
        let ctx = Context::new(&source, &report, None, &policy);
        assert_eq!(needs.marks(&ctx, &spans(text)), vec![false, true, false]);
    }
}
