//! `abbreviation-order`: an abbreviation the report defines ("voluntary
//! and community sector (VCS)") must not be used before that definition.
//! A reader who meets the bare letters first has nothing to read them by.
//!
//! Only abbreviations the report itself defines are checked, and only
//! definitions it is sure of (`abbreviation::reader`): letters the report
//! never expands, or expands in a glossary table, are left alone, since
//! whether they need expanding is a matter of house style, not of order.

use foldhash::HashMap;

use regex::Regex;
use serde::Deserialize;

use super::abbreviation::reader::{Definition, Reader};
use super::Kind;
use crate::finding::Label;
use crate::rules::search::scope::{Scope, Unit};
use crate::rules::words::{one_line, word_hashes};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "paragraphs")]
    pub scope: Scope,
    /// Words an expansion may contain that the abbreviation leaves out.
    #[serde(default)]
    pub small_words: Vec<String>,
    /// The fewest capitals an abbreviation needs to be checked.
    #[serde(default = "two")]
    pub min_capitals: usize,
    /// The most words an expansion may have beyond its initials.
    #[serde(default = "three")]
    pub max_extra_words: usize,
    /// Made by `prepare` from the three reading parameters.
    #[serde(skip)]
    reader: Reader,
}

fn paragraphs() -> Scope {
    Scope {
        unit: Unit::Paragraph,
        ..Scope::default()
    }
}

fn two() -> usize {
    2
}

fn three() -> usize {
    3
}

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        self.reader = Reader::new(&self.small_words, self.min_capitals, self.max_extra_words)?;
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let units: Vec<Span> = self
            .scope
            .units(ctx.report)
            .into_iter()
            .map(|(span, _)| span)
            .collect();
        // The first definition of each abbreviation.
        let mut defined: HashMap<String, Definition> = HashMap::default();
        for span in &units {
            for definition in self.reader.definitions(span.of(text), span.start) {
                defined
                    .entry(definition.abbreviation.clone())
                    .or_insert(definition);
            }
        }
        if defined.is_empty() {
            return;
        }
        // The first bare use of each before its definition, in report order:
        // the letters found by one literal search (longest first, so `SAR`
        // is not read as `SA`), up to the last definition.
        let mut letters: Vec<&str> = defined.keys().map(String::as_str).collect();
        letters.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation: Vec<String> = letters.iter().map(|l| regex::escape(l)).collect();
        // Too many definitions for one search: nothing is claimed.
        let Ok(search) = Regex::new(&alternation.join("|")) else {
            return;
        };
        let last = defined.values().map(|d| d.bracket).max().unwrap_or(0);
        let mut early: HashMap<&str, Span> = HashMap::default();
        for span in units.iter().filter(|span| span.start < last) {
            let unit = span.of(text);
            for found in search.find_iter(unit) {
                let (at, end) = (found.start(), found.end());
                let Some((abbreviation, definition)) = defined.get_key_value(found.as_str()) else {
                    continue;
                };
                let use_span = Span::new(span.start + at, span.start + end);
                // A bracketed use is a definition attempt, not a bare use.
                if use_span.end > definition.bracket
                    || !whole_word(unit, at, end)
                    || in_brackets(unit, at, end)
                {
                    continue;
                }
                early.entry(abbreviation.as_str()).or_insert(use_span);
            }
        }
        if early.is_empty() {
            return;
        }
        // Read only now, and only for the few used early: whether the words
        // were written out before the use.
        let met = first_met(ctx, &defined, &early);
        early.retain(|abbreviation, use_span| {
            met.get(abbreviation).is_none_or(|&at| use_span.start < at)
        });
        let mut early: Vec<(&str, Span)> = early.into_iter().collect();
        early.sort_by_key(|&(abbreviation, span)| (span.start, abbreviation));
        for (abbreviation, use_span) in early {
            let Some(definition) = defined.get(abbreviation) else {
                continue;
            };
            let line = ctx.source.position(definition.span.start).line;
            sink.report(
                format!(
                    "{abbreviation} is used here before it is defined at line {line} (\"{}\")",
                    one_line(&definition.text)
                ),
                Label::new(use_span, "used before its definition"),
                vec![Label::new(
                    definition.span,
                    format!("{abbreviation} = {}", one_line(&definition.text)),
                )],
            );
        }
    }
}

/// Whether `unit[at..end]` is a word of its own, or one with a plural `s`
/// (`ICBs`), not part of a longer word (`SARAH`, `DoLSAA`).
fn whole_word(unit: &str, at: usize, end: usize) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '&';
    let before = unit.get(..at).and_then(|b| b.chars().next_back());
    let rest = unit.get(end..).unwrap_or_default();
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    !before.is_some_and(word_char) && !rest.chars().next().is_some_and(word_char)
}

/// For each abbreviation of `early`, the start of the first sentence that
/// writes its words out ("(Adult Social Care Survey, 2023, ASCS)" before
/// "Adult Social Care Survey (ASCS)"), if one does before its early use:
/// after that the letters can be read. Read from the sentences' word
/// hashes the repeat rules share, one map lookup per word, up to the last
/// early use.
fn first_met<'e>(
    ctx: &Context<'_>,
    defined: &HashMap<String, Definition>,
    early: &HashMap<&'e str, Span>,
) -> HashMap<&'e str, usize> {
    /// Expansions tried per first word: a bound that keeps a report of
    /// thousands of look-alike definitions linear (the rest are met at their
    /// definitions only).
    const MAX_SAME_FIRST_WORD: usize = 32;
    let mut by_first: HashMap<u64, Vec<(Vec<u64>, &str)>> = HashMap::default();
    for &abbreviation in early.keys() {
        let Some(definition) = defined.get(abbreviation) else {
            continue;
        };
        let words = word_hashes(&definition.text);
        if let Some(&first) = words.first() {
            let same = by_first.entry(first).or_default();
            if same.len() < MAX_SAME_FIRST_WORD {
                same.push((words, abbreviation));
            }
        }
    }
    let last = early.values().map(|span| span.start).max().unwrap_or(0);
    let words = ctx.sentence_words();
    let mut met: HashMap<&str, usize> = HashMap::default();
    for (index, sentence) in ctx.report.sentences.iter().enumerate() {
        if sentence.span.start > last {
            break;
        }
        let own = words.of(index);
        for (i, hash) in own.iter().enumerate() {
            for &(ref expansion, abbreviation) in by_first.get(hash).into_iter().flatten() {
                if own.get(i..i + expansion.len()) == Some(expansion.as_slice()) {
                    met.entry(abbreviation).or_insert(sentence.span.start);
                }
            }
        }
    }
    met
}

/// Whether the word `unit[at..end]` is the whole of a bracket: `(VCS)`.
fn in_brackets(unit: &str, at: usize, end: usize) -> bool {
    let before = unit.get(..at).and_then(|b| b.chars().next_back());
    let after = unit.get(end..).unwrap_or_default();
    before == Some('(')
        && [")", "'s)", "\u{2019}s)"]
            .iter()
            .any(|end| after.starts_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_inside_a_longer_word_are_not_a_use() {
        let unit = "SARAH met the SAR panel; two SARs and one SAR's";
        assert!(!whole_word(unit, 0, 3));
        for word in [" SAR ", " SARs", " SAR'"] {
            let at = unit.find(word).expect("the word is in the unit") + 1;
            assert!(whole_word(unit, at, at + 3), "{word}");
        }
        assert!(whole_word("the SAR", 4, 7));
        assert!(!whole_word("the SARS", 4, 7));
        assert!(!whole_word("A&SAR", 2, 5));
    }

    #[test]
    fn a_bracketed_word_is_a_definition_attempt() {
        let unit = "the centre (ARC) and the ARC";
        assert!(in_brackets(unit, 12, 15));
        assert!(!in_brackets(unit, 25, 28));
        assert!(in_brackets("reviews (SAR's) and", 9, 12));
    }
}
