//! `complement`: two shares of one group, one saying a thing and the other
//! saying it is not so, cannot add up to more than the whole ("60% of
//! carers were satisfied with their support" and "45% of carers were not
//! satisfied with their support"; "58% said they felt safe, while 47% did
//! not").
//!
//! Each percentage in running text starts a statement: its words up to the
//! first clause break (punctuation, a `breaks` word, another figure). A
//! statement with a `negations` word ("not", or a "n't" ending) is negative.
//! The statement's key is its content words (no `stop_words`, no
//! negation, no "do" of "did not"), each read as its base form: `verb_forms`
//! first ("felt" is "feel"), then a light stemming that makes "received"
//! and "receive", "services" and "service" one word. A negative statement
//! is paired with
//!
//! - a positive statement of the same paragraph with the same key of at
//!   least `min_words` words
//!   (a denial after the claim in its sentence that names no population
//!   is of the claim's, and its key need only end the claim's: "75% of referrals
//!   were allocated, but 30% were not allocated"), or
//! - when nothing but auxiliaries and stop words is left of it ("while 47%
//!   did not", "45% of them were not"), the nearest statement before it in
//!   its sentence that is not of another whole, if positive, whose
//!   population ("of carers") it must share if it names one.
//!
//! The pair is reported when the two shares add up to more than `total`
//! at their printed precision. Shares that add up to less are left alone:
//! a survey's "don't know" and unanswered are the rest. A pair with an
//! `apart` or `other_wholes` word or a year between them (before and after
//! figures, last year's share), and a share with one in its lead-in
//! ("compared with 62% in England", "up from 60%"), are not compared: they
//! are of other times or wholes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use foldhash::HashSet;
use regex::Regex;
use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::quantities::QuantityKind;
use crate::model::ParagraphKind;
use crate::rules::figure::decimals_of;
use crate::rules::figure::{parse_figure, Figure, EPS};
use crate::rules::search::scope::Scope;
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
    /// Words that make a statement negative; a word ending in "n't" is one.
    pub negations: Vec<String>,
    /// Auxiliaries that carry a negation and mean nothing themselves:
    /// "did not feel" is "felt" negated.
    pub do_words: Vec<String>,
    /// Auxiliaries: what may stand with a negation in a statement that
    /// leaves its predicate to the share before it ("were not", "had not").
    pub auxiliaries: Vec<String>,
    /// Words left out of a statement's key.
    pub stop_words: Vec<String>,
    /// Irregular forms read as their base ("felt: feel", "had: have").
    #[serde(default)]
    pub verb_forms: BTreeMap<String, String>,
    /// Words that end a statement (its clause ends there).
    pub breaks: Vec<String>,
    /// Words that, between two statements, put them in different time
    /// frames ("previous", "increased"); a year does too.
    pub apart: Vec<String>,
    /// Words that, in a share's lead-in (from its sentence's start or the
    /// share before), make it a share of another group: a benchmark or a
    /// comparison ("compared with 62% in England"). Between two
    /// statements they keep them apart too.
    pub other_wholes: Vec<String>,
    /// Population words that refer to the share before ("45% of them").
    #[serde(default)]
    pub back_references: Vec<String>,
    /// The fewest key words a pair across sentences needs.
    #[serde(default = "two")]
    pub min_words: usize,
    /// What the shares of one whole add up to.
    #[serde(default = "hundred")]
    pub total: f64,
}

/// A rule of this kind: its parameters with its word lists as sets.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    words: Words,
}

fn two() -> usize {
    2
}

fn hundred() -> f64 {
    100.0
}

/// The word lists as sets, built once by `compile`.
#[derive(Debug)]
struct Words {
    negations: HashSet<String>,
    do_words: HashSet<String>,
    auxiliaries: HashSet<String>,
    stop: HashSet<String>,
    breaks: HashSet<String>,
    apart: HashSet<String>,
    other_wholes: HashSet<String>,
    back: HashSet<String>,
    /// Any negation, or a "n't" ending: a paragraph without one has no
    /// denial to pair and is not read.
    denies: Regex,
}

fn set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// One percentage and the words it starts.
#[derive(Debug)]
struct Statement {
    figure: Figure,
    span: Span,
    /// The statement's words up to its clause break, as printed.
    said: Span,
    sentence: usize,
    negative: bool,
    /// An `other_wholes` or `apart` word stands between the sentence's
    /// start (or the share before) and the figure: "compared with 62% in
    /// England", "up from 60%".
    set_apart: bool,
    key: Vec<String>,
    /// How many of the key's first words follow "of" ("of carers"): 0
    /// when the statement names no population.
    population: usize,
    /// For a negative statement with no predicate of its own: its
    /// population (the key words after "of" before the first auxiliary),
    /// empty when it names none.
    elliptical: Option<Vec<String>>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(mut self) -> Result<Rule, String> {
        if self.negations.is_empty() {
            return Err("`negations` is empty".into());
        }
        if self.total <= 0.0 {
            return Err("`total` must be above 0".into());
        }
        let words = Words {
            negations: set(&self.negations),
            do_words: set(&self.do_words),
            auxiliaries: set(&self.auxiliaries),
            stop: set(&self.stop_words),
            breaks: set(&self.breaks),
            apart: set(&self.apart),
            other_wholes: set(&self.other_wholes),
            back: set(&self.back_references),
            denies: denial_search(&self.negations)?,
        };
        self.verb_forms = self
            .verb_forms
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
            .collect();
        Ok(Rule {
            params: self,
            words,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let in_scope = self.params.scope.read(ctx);
        let quantities = &report.quantities;
        let percent = |q: &&crate::model::quantities::Quantity| {
            matches!(q.kind, QuantityKind::Percent { .. })
        };
        let mut statements: Vec<Statement> = Vec::new();
        for (p, paragraph) in report.paragraphs.iter().enumerate() {
            if paragraph.kind == ParagraphKind::TableRow || !in_scope.contains(paragraph.section) {
                continue;
            }
            // A pair needs two shares and a denial: most paragraphs have
            // neither, and are passed over without reading their words.
            let first = quantities.partition_point(|q| q.span.start < paragraph.span.start);
            let shares = quantities[first..]
                .iter()
                .take_while(|q| q.span.end <= paragraph.span.end)
                .filter(percent)
                .take(2)
                .count();
            let denies = shares == 2 && self.words.denies.is_match(paragraph.span.of(text));
            if !denies {
                continue;
            }
            statements.clear();
            let from = report.sentences.partition_point(|s| s.paragraph < p);
            for (index, sentence) in report.sentences[from..]
                .iter()
                .enumerate()
                .take_while(|(_, s)| s.paragraph == p)
                .map(|(i, s)| (from + i, s))
            {
                let first = quantities.partition_point(|q| q.span.start < sentence.span.start);
                for quantity in quantities[first..]
                    .iter()
                    .take_while(|q| q.span.end <= sentence.span.end)
                    .filter(percent)
                {
                    let lead_start = statements
                        .last()
                        .filter(|s| s.sentence == index)
                        .map_or(sentence.span.start, |s| s.said.end);
                    let lead = Span::new(lead_start.min(quantity.span.start), quantity.span.start);
                    if let Some(statement) =
                        self.statement(text, quantity.span, sentence.span, index, lead)
                    {
                        statements.push(statement);
                    }
                }
            }
            self.pair(&statements, text, sink);
        }
    }
}

/// A case-insensitive search for any of `negations` as a whole word, or a
/// word ending in "n't".
fn denial_search(negations: &[String]) -> Result<Regex, String> {
    let words: Vec<String> = negations.iter().map(|w| regex::escape(w)).collect();
    let pattern = format!(
        "(?i)(?-u:\\b)(?:{})(?-u:\\b)|n['{}]t(?-u:\\b)",
        words.join("|"),
        '\u{2019}'
    );
    Regex::new(&pattern).map_err(|e| format!("`negations`: {e}"))
}

/// The words of running text, split at white space, lower case and with
/// curly apostrophes straight ("didn’t" is "didn't"), each with where it
/// ends in `text`.
fn words(text: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..)?;
        let start = at + rest.find(|c: char| !c.is_whitespace())?;
        let word_len = text[start..]
            .find(|c: char| c.is_whitespace())
            .unwrap_or(text.len() - start);
        at = start + word_len;
        let word = &text[start..start + word_len];
        // Most words are already lower-case ASCII: borrowed as they are.
        let word = match word
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            true => Cow::Owned(word.to_lowercase().replace('\u{2019}', "'")),
            false => Cow::Borrowed(word),
        };
        Some((start + word_len, word))
    })
}

/// The word without the quotes around it, and whether punctuation after it
/// ends its clause.
fn bare(word: &str) -> (&str, bool) {
    let trimmed = word.trim_start_matches(['"', '\u{2018}', '\u{201c}', '\'', '*', '_']);
    let core = trimmed.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '%'));
    (core, core.len() < trimmed.len())
}

/// A light stemmer: one form for a word's plural, past and base.
fn stem(word: &str) -> String {
    let mut w = word.trim_end_matches(['\u{2019}', '\'']).to_string();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
        return w;
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w.pop();
    }
    if w.len() > 4 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
    } else if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

impl Rule {
    /// The statement the percentage at `figure` starts in `sentence`.
    fn statement(
        &self,
        text: &str,
        figure: Span,
        sentence: Span,
        index: usize,
        lead: Span,
    ) -> Option<Statement> {
        let printed = parse_figure(figure.of(text), false)?;
        let after = Span::new(figure.end, sentence.end);
        let rest = after.of(text);
        let w = &self.words;
        let mut negative = false;
        let mut key = Vec::new();
        let mut content_after_population = 0;
        let mut population = Vec::new();
        let mut in_population = false;
        let mut said_end = after.start;
        let mut first = true;
        for (end, raw) in words(rest) {
            // A bracket opens an aside: the clause ends before it.
            if raw.starts_with(['(', '[']) {
                break;
            }
            // Markdown emphasis around the figure ("**58%** of").
            if raw.chars().all(|c| matches!(c, '*' | '_')) {
                continue;
            }
            let (word, ends_clause) = bare(&raw);
            // The percent sign printed apart from its figure ("58 %").
            if first && word == "%" {
                first = false;
                said_end = after.start + end;
                continue;
            }
            // Another share starts its own statement.
            if word.is_empty() || word.contains('%') {
                break;
            }
            if w.breaks.contains(word) {
                break;
            }
            let was_first = first;
            first = false;
            said_end = after.start + end;
            let (word, negated) = match word.strip_suffix("n't") {
                Some(aux) => (aux, true),
                None => (word, w.negations.contains(word)),
            };
            if was_first && word == "of" {
                in_population = true;
            } else if negated {
                negative = true;
                in_population = false;
            } else if w.auxiliaries.contains(word) || w.do_words.contains(word) {
                in_population = false;
            } else if !w.stop.contains(word) {
                let base = self
                    .params
                    .verb_forms
                    .get(word)
                    .map_or_else(|| stem(word), |b| stem(b));
                if in_population {
                    population.push(base.clone());
                } else {
                    content_after_population += 1;
                }
                key.push(base);
            }
            if ends_clause {
                break;
            }
        }
        let elliptical = (negative && content_after_population == 0).then(|| population.clone());
        Some(Statement {
            figure: printed,
            span: figure,
            said: Span::new(figure.start, said_end),
            sentence: index,
            negative,
            set_apart: self.any_word(lead.of(text), &self.words.other_wholes)
                || self.any_word(lead.of(text), &self.words.apart),
            population: population.len(),
            key,
            elliptical,
        })
    }

    /// Whether `text` has a word of `list`.
    fn any_word(&self, text: &str, list: &HashSet<String>) -> bool {
        words(text).any(|(_, raw)| list.contains(bare(&raw).0))
    }

    /// Whether the text between two statements puts them apart: a word of
    /// another time, or of another whole when `wholes` is set.
    fn apart(&self, between: &str, wholes: bool) -> bool {
        words(between).any(|(_, raw)| {
            let (word, _) = bare(&raw);
            self.words.apart.contains(word)
                || (wholes && self.words.other_wholes.contains(word))
                || (word.len() == 4
                    && (word.starts_with("19") || word.starts_with("20"))
                    && word.bytes().all(|b| b.is_ascii_digit()))
                || (word.len() >= 7
                    && (word.starts_with("19") || word.starts_with("20"))
                    && word.as_bytes().get(4) == Some(&b'/'))
        })
    }

    /// Pairs the negative statements of one paragraph with the positive
    /// ones they deny.
    fn pair(&self, statements: &[Statement], text: &str, sink: &mut Sink<'_>) {
        for (i, denial) in statements.iter().enumerate() {
            if !denial.negative || denial.set_apart {
                continue;
            }
            let claim = match &denial.elliptical {
                // The share just before, in the same sentence, with words of
                // its own: the one the denial leaves its predicate to.
                Some(population) => statements[..i]
                    .iter()
                    .rev()
                    .take_while(|s| s.sentence == denial.sentence)
                    .find(|s| !s.set_apart)
                    .filter(|s| {
                        !s.negative
                            && !s.key.is_empty()
                            && (population.iter().all(|p| self.words.back.contains(p))
                                || s.key.starts_with(population))
                    }),
                None => {
                    // A denial that names no population in the claim's
                    // sentence is of the claim's ("75% of referrals were
                    // allocated, but 30% were not allocated").
                    let keyed = |s: &&Statement| {
                        let same = if denial.population == 0
                            && s.sentence == denial.sentence
                            && s.span.start < denial.span.start
                        {
                            !denial.key.is_empty() && s.key.ends_with(&denial.key)
                        } else {
                            s.key == denial.key
                        };
                        !s.negative && !s.set_apart && s.key.len() >= self.params.min_words && same
                    };
                    statements[..i]
                        .iter()
                        .rev()
                        .find(keyed)
                        .or_else(|| statements[i + 1..].iter().find(keyed))
                }
            };
            let Some(claim) = claim else {
                continue;
            };
            let (a, b) = if claim.span.start < denial.span.start {
                (claim, denial)
            } else {
                (denial, claim)
            };
            // In one sentence a benchmark between the two is a share the
            // claim search already passed over; across sentences it may
            // be what the later one is of.
            let between = Span::new(a.said.end.min(b.span.start), b.span.start);
            if self.apart(between.of(text), a.sentence != b.sentence) {
                continue;
            }
            let lo = claim.figure.lo() + denial.figure.lo();
            if lo <= self.params.total + EPS {
                continue;
            }
            let sum = claim.figure.value + denial.figure.value;
            let decimals = [claim.span, denial.span]
                .iter()
                .map(|s| decimals_of(s.of(text)))
                .max()
                .unwrap_or(0);
            let total = self.params.total;
            sink.report(
                format!(
                    "\"{}\" and \"{}\" are shares of one group that say opposite things, yet add up to {sum:.decimals$}%, more than {total}%",
                    quoted(claim.said.of(text)),
                    quoted(denial.said.of(text)),
                ),
                Label::new(denial.span, format!("with {} makes {sum:.decimals$}%", claim.span.of(text).trim())),
                vec![Label::new(claim.said, "the share this denies")],
            );
        }
    }
}

/// A statement as quoted in a message: on one line, without Markdown
/// emphasis or the punctuation that ended it.
fn quoted(said: &str) -> String {
    let plain: String = said.chars().filter(|c| *c != '*').collect();
    one_line(plain.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '%')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_stem_for_the_forms_of_a_word() {
        assert_eq!(stem("received"), stem("receive"));
        assert_eq!(stem("services"), stem("service"));
        assert_eq!(stem("agreed"), stem("agree"));
        assert_eq!(stem("activities"), stem("activity"));
        assert_ne!(stem("carer"), stem("care"));
    }

    #[test]
    fn words_keep_their_punctuation_apart() {
        assert_eq!(bare("safe),"), ("safe", true));
        assert_eq!(bare("\u{201c}safe"), ("safe", false));
        assert_eq!(bare("**safe**"), ("safe", true));
        assert_eq!(bare("safe"), ("safe", false));
        assert_eq!(bare("didn't"), ("didn't", false));
    }
}
