//! `abbreviation-order`: an abbreviation the report defines ("voluntary
//! and community sector (VCS)") must not be used before that definition.
//! A reader who meets the bare letters first has nothing to read them by.
//!
//! Only abbreviations the report itself defines are checked, and only
//! definitions it is sure of (`abbreviation::reader`): letters the report
//! never expands, or expands in a glossary table, are left alone, since
//! whether they need expanding is a matter of house style, not of order.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use super::abbreviation::reader::{Definition, Reader};
use super::Kind;
use crate::finding::Label;
use crate::rules::search::scope::{Scope, Unit};
use crate::rules::words::one_line;
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
        let mut defined: HashMap<String, Definition> = HashMap::new();
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
        let known = first_met(text, &units, &defined);
        // The first use of each before its definition, in report order.
        let mut early: HashMap<&str, Span> = HashMap::new();
        for span in &units {
            let unit = span.of(text);
            for (at, word) in capitalised_words(unit) {
                let use_span = Span::new(span.start + at, span.start + at + word.len());
                let singular = word.strip_suffix('s').unwrap_or(word);
                let Some((abbreviation, definition)) = defined.get_key_value(singular) else {
                    continue;
                };
                // A bracketed use is a definition attempt, not a bare use.
                let met = known
                    .get(abbreviation.as_str())
                    .copied()
                    .unwrap_or(definition.bracket);
                if use_span.start >= met || in_brackets(unit, at, word.len()) {
                    continue;
                }
                if early.contains_key(abbreviation.as_str()) {
                    continue;
                }
                early.insert(abbreviation.as_str(), use_span);
            }
        }
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

/// The words of `unit` with two capitals or more (`VCS`, `DoLS`, `ICBs`),
/// each with its byte offset: the only words that can be abbreviations.
fn capitalised_words(unit: &str) -> impl Iterator<Item = (usize, &str)> {
    // Word characters are ASCII, so every byte of a longer character is a
    // separator and each word starts and ends on a character boundary.
    let bytes = unit.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'&';
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            while bytes.get(at).is_some_and(|&b| !is_word(b)) {
                at += 1;
            }
            let start = at;
            while bytes.get(at).is_some_and(|&b| is_word(b)) {
                at += 1;
            }
            let word = unit.get(start..at).unwrap_or_default();
            if word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
            {
                return Some((start, word));
            }
        }
        None
    })
}

/// Where the reader first meets each abbreviation's words: its definition,
/// or the same words written out earlier ("(Adult Social Care Survey,
/// 2023, ASCS)" before "Adult Social Care Survey (ASCS)"), after which the
/// letters can be read. One regex over the units keeps this linear.
fn first_met<'d>(
    text: &str,
    units: &[Span],
    defined: &'d HashMap<String, Definition>,
) -> HashMap<&'d str, usize> {
    let mut met: HashMap<&str, usize> = defined
        .iter()
        .map(|(abbreviation, definition)| (abbreviation.as_str(), definition.span.start))
        .collect();
    // Expansion (lower case, single spaces) -> its abbreviations.
    let mut by_words: HashMap<String, Vec<&str>> = HashMap::new();
    for (abbreviation, definition) in defined {
        by_words
            .entry(one_line(&definition.text).to_lowercase())
            .or_default()
            .push(abbreviation.as_str());
    }
    let alternatives: Vec<String> = by_words
        .keys()
        .map(|words| {
            words
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    // Too many definitions for one regex: the definitions alone are used.
    let Ok(pattern) = Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))) else {
        return met;
    };
    for span in units {
        for found in pattern.find_iter(span.of(text)) {
            let at = span.start + found.start();
            let words = one_line(found.as_str()).to_lowercase();
            for abbreviation in by_words.get(&words).into_iter().flatten() {
                if let Some(first) = met.get_mut(abbreviation) {
                    *first = (*first).min(at);
                }
            }
        }
    }
    met
}

/// Whether the word at `at` is the whole of a bracket: `(VCS)`.
fn in_brackets(unit: &str, at: usize, len: usize) -> bool {
    let before = unit.get(..at).and_then(|b| b.chars().next_back());
    let after = unit.get(at + len..).unwrap_or_default();
    before == Some('(')
        && [")", "'s)", "\u{2019}s)"]
            .iter()
            .any(|end| after.starts_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words_keep_their_offsets() {
        let unit = "The VCS and the DoLS team (ICBs) met. Ofsted said so.";
        let words: Vec<(usize, &str)> = capitalised_words(unit).collect();
        assert_eq!(words, vec![(4, "VCS"), (16, "DoLS"), (27, "ICBs")]);
        for (at, word) in words {
            assert_eq!(&unit[at..at + word.len()], word);
        }
    }

    #[test]
    fn a_bracketed_word_is_a_definition_attempt() {
        let unit = "the centre (ARC) and the ARC";
        assert!(in_brackets(unit, 12, 3));
        assert!(!in_brackets(unit, 25, 3));
        assert!(in_brackets("reviews (SAR's) and", 9, 3));
    }

    #[test]
    fn a_character_of_several_bytes_keeps_offsets_right() {
        let unit = "Children’s VCS – and the ARC";
        for (at, word) in capitalised_words(unit) {
            assert_eq!(unit.get(at..at + word.len()), Some(word));
        }
    }
}
