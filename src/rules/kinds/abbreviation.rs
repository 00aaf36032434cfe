//! `abbreviation`: an abbreviation defined in brackets after its expansion
//! ("Advice and Referral Centre (ARC)") must be expanded the same way each
//! time it is defined in a report.
//!
//! The expansion is read back from the bracket: the words before it whose
//! initials spell the abbreviation's capitals, skipping the small words the
//! rule lists ("and", "of"). A bracket whose initials cannot be matched is
//! not a definition (it may be a quotation, a code or a plain aside) and is
//! left alone, so the rule only compares expansions it is sure of.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::scope::{Scope, Unit};
use super::Kind;
use crate::finding::Label;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "paragraphs")]
    pub scope: Scope,
    /// Words an expansion may contain that the abbreviation leaves out
    /// ("Advice and Referral Centre (ARC)").
    #[serde(default)]
    pub small_words: Vec<String>,
    /// The fewest capitals an abbreviation needs to be checked.
    #[serde(default = "two")]
    pub min_capitals: usize,
    /// The most words an expansion may have beyond its initials.
    #[serde(default = "three")]
    pub max_extra_words: usize,
    /// Abbreviations with a fixed expansion (statutory roles and bodies):
    /// each definition must be one of the listed forms, even when the
    /// report defines the abbreviation only once. Small words and plurals
    /// are compared as elsewhere.
    #[serde(default)]
    pub glossary: BTreeMap<String, Vec<String>>,
    /// The glossary's forms as keys, made by `prepare`.
    #[serde(skip)]
    glossary_keys: HashMap<String, Vec<String>>,
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

/// `(ARC)`, `(DoLS)`, `(ICBs)`: a capital, then letters or `&`.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(([A-Z][A-Za-z&]{1,11})\)").expect("the bracket pattern is a valid regex")
});

/// One definition: the abbreviation and the words that expand it.
struct Definition {
    abbreviation: String,
    /// Normalised for comparison: lower case, single spaces, no plural.
    key: String,
    text: String,
    span: Span,
}

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        self.small_words = self.small_words.iter().map(|w| w.to_lowercase()).collect();
        if self.min_capitals < 2 {
            return Err("`min_capitals` must be at least 2".into());
        }
        let mut keys = HashMap::new();
        for (abbreviation, forms) in &self.glossary {
            if forms.is_empty() {
                return Err(format!("glossary: `{abbreviation}` has no expansion"));
            }
            let forms = forms
                .iter()
                .map(|form| self.key(form.split_whitespace()))
                .collect();
            keys.insert(abbreviation.clone(), forms);
        }
        self.glossary_keys = keys;
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let mut first: HashMap<String, Definition> = HashMap::new();
        // Variants already reported, so a repeated variant is reported once.
        let mut reported: HashSet<(String, String)> = HashSet::new();
        for (span, _) in self.scope.units(ctx.report) {
            let unit = span.of(text);
            for found in BRACKETED.captures_iter(unit) {
                let (Some(whole), Some(abbr)) = (found.get(0), found.get(1)) else {
                    continue;
                };
                let Some(definition) = self.definition(unit, whole.start(), abbr.as_str()) else {
                    continue;
                };
                let definition = Definition {
                    span: Span::new(
                        span.start + definition.span.start,
                        span.start + definition.span.end,
                    ),
                    ..definition
                };
                if let Some(forms) = self.glossary_keys.get(&definition.abbreviation) {
                    // A term with a fixed expansion is judged against it,
                    // not against the report's other definitions.
                    if forms.contains(&definition.key) {
                        first
                            .entry(definition.abbreviation.clone())
                            .or_insert(definition);
                        continue;
                    }
                    if reported.insert((definition.abbreviation.clone(), definition.key.clone())) {
                        // The report's own right definition, if it has one
                        // earlier, shows the reader the intended term.
                        let related = first
                            .get(&definition.abbreviation)
                            .map(|right| {
                                Label::new(
                                    right.span,
                                    format!("{} = {}", right.abbreviation, right.text),
                                )
                            })
                            .into_iter()
                            .collect();
                        let right = self
                            .glossary
                            .get(&definition.abbreviation)
                            .and_then(|f| f.first())
                            .map_or("", String::as_str);
                        sink.report(
                            format!(
                                "{} stands for \"{right}\", not \"{}\"",
                                definition.abbreviation, definition.text
                            ),
                            Label::new(
                                definition.span,
                                format!("{} = {}", definition.abbreviation, definition.text),
                            ),
                            related,
                        );
                    }
                    continue;
                }
                let Some(original) = first.get(&definition.abbreviation) else {
                    first.insert(definition.abbreviation.clone(), definition);
                    continue;
                };
                if original.key == definition.key
                    || !reported.insert((definition.abbreviation.clone(), definition.key.clone()))
                {
                    continue;
                }
                sink.report(
                    format!(
                        "{} is expanded as \"{}\" here but as \"{}\" earlier",
                        definition.abbreviation, definition.text, original.text
                    ),
                    Label::new(
                        definition.span,
                        format!("{} = {}", definition.abbreviation, definition.text),
                    ),
                    vec![Label::new(
                        original.span,
                        format!("{} = {}", original.abbreviation, original.text),
                    )],
                );
            }
        }
    }
}

impl Params {
    /// An expansion's words compared: neither small words ("Advice and
    /// Referral Centre", "Advice & Referral Centre") nor plurals
    /// ("Safeguarding Adults Review", "Safeguarding Adult Reviews") nor the
    /// kind of apostrophe make a different expansion.
    fn key<'w>(&self, words: impl Iterator<Item = &'w str>) -> String {
        words
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
            .filter(|w| !w.is_empty())
            .filter(|w| !self.small_words.iter().any(|s| s.eq_ignore_ascii_case(w)))
            .map(|w| singular_word(&w.to_lowercase().replace('\u{2019}', "'")).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reads the expansion that ends just before the bracket at `open`, if
    /// the initials of the words before it spell `abbr`.
    fn definition(&self, unit: &str, open: usize, abbr: &str) -> Option<Definition> {
        // `ICBs` abbreviates a plural; its capitals are what must match.
        let singular = abbr.strip_suffix('s').unwrap_or(abbr);
        let capitals: Vec<char> = singular.chars().filter(char::is_ascii_uppercase).collect();
        if capitals.len() < self.min_capitals {
            return None;
        }
        let before = unit.get(..open)?;
        let mut words = words_backwards(before);
        let mut wanted = capitals.iter().rev().peekable();
        let mut start = None;
        let mut extra = 0;
        let mut matched: Vec<&str> = Vec::new();
        while wanted.peek().is_some() {
            let (at, word) = words.next()?;
            let initial = word.chars().next()?;
            let small = self
                .small_words
                .iter()
                .any(|s| s.eq_ignore_ascii_case(word));
            if wanted
                .peek()
                .is_some_and(|c| initial.to_ascii_uppercase() == **c && !small)
            {
                wanted.next();
            } else if small {
                extra += 1;
                if extra > self.max_extra_words || matched.is_empty() {
                    return None;
                }
            } else {
                return None;
            }
            matched.push(word);
            start = Some(at);
        }
        let start = start?;
        let end = before.trim_end().trim_end_matches('*').len();
        let text = unit
            .get(start..end)?
            .trim_matches(|c: char| c == '*' || c.is_whitespace());
        matched.reverse();
        let key = self.key(matched.into_iter());
        Some(Definition {
            abbreviation: singular.to_string(),
            key,
            text: text.to_string(),
            span: Span::new(start, start + text.len()),
        })
    }
}

/// The words of `text` from the last one back, each with its byte offset;
/// punctuation and emphasis around a word are not part of it. Stops at a
/// sentence-ending or clause-ending mark, so that an expansion never reaches
/// into the previous clause.
fn words_backwards(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let stop = text
        .rfind(['.', ';', ':', '(', ')', ',', '!', '?'])
        .map_or(0, |i| i + 1);
    let clause = &text[stop..];
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for piece in clause.split_whitespace() {
        let at = clause[offset..].find(piece).map_or(offset, |i| offset + i);
        offset = at + piece.len();
        let trimmed = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        if trimmed.is_empty() {
            continue;
        }
        let lead = piece.find(trimmed).unwrap_or(0);
        pieces.push((stop + at + lead, trimmed));
    }
    pieces.into_iter().rev()
}

/// `reviews` -> `review`; plurals do not make a different expansion.
fn singular_word(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem,
        _ => word,
    }
}
