//! `repetition`: a word or a phrase written twice in a row, the slip of an
//! edit ("the the", "who were still at home who were still at home").
//!
//! Sentences are read as words (the hashes the duplication rules share),
//! and a run of `n` words followed at once by the same `n` words is a
//! repeat: one pass per length, so the cost is linear in the text. A repeat
//! is reported only when the two copies stand on one line separated by
//! white space alone, or across one line break where the text cannot be
//! a table or a heading: a word repeated over a line break only when it is
//! one of `across_lines` (words that cannot end a cell or a heading, such
//! as "the"), a phrase never (a heading, a table's rows). Punctuation between
//! the copies ("no, no"), a digit (a table's figures), a capital on the
//! second copy of a word (a table's grades "Good Good") and the words in
//! `allow` ("had had", "that that") are left alone, and so are three copies
//! or more ("word word word", a column of a table), and a word joined
//! to the next by a hyphen ("in in-house"). A page break ends a
//! paragraph, so a repeat across one is never read.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::{Label, Replacement};
use crate::rules::search::scope::Scope;
use crate::rules::{Context, Sink};
use crate::span::Span;

/// The longest phrase searched for: each length is one pass over the text.
const MAX_WORDS: usize = 24;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The fewest words a repeated run has (1: a doubled word).
    #[serde(default = "one")]
    pub min_words: usize,
    /// The most words a repeated run has (at most 24).
    #[serde(default = "one")]
    pub max_words: usize,
    /// Words that are correct written twice ("had had", "that that"): a
    /// one-word repeat of one of them is not reported. Lower case.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Words whose repeat is reported across a line break too (words that
    /// cannot end a table cell or a heading, such as "the"). Lower case.
    #[serde(default)]
    pub across_lines: Vec<String>,
    /// The finding's message; `{match}` is the repeated word or phrase.
    pub message: String,
    /// Where to look (default: all running text); the unit is always the
    /// sentence.
    #[serde(default)]
    pub scope: Scope,
}

fn one() -> usize {
    1
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
        if self.message.trim().is_empty() {
            return Err("`message` is empty".into());
        }
        if self.min_words == 0 || self.min_words > self.max_words {
            return Err("`min_words` must be at least 1 and at most `max_words`".into());
        }
        if self.max_words > MAX_WORDS {
            return Err(format!("`max_words` must be at most {MAX_WORDS}"));
        }
        for word in self.allow.iter_mut().chain(self.across_lines.iter_mut()) {
            *word = word.to_lowercase();
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let in_scope = self.scope.read(ctx);
        let words = ctx.sentence_words();
        for (index, sentence) in report.sentences.iter().enumerate() {
            let paragraph = report.paragraphs.get(sentence.paragraph);
            if !in_scope.contains(paragraph.and_then(|p| p.section)) {
                continue;
            }
            let hashes = words.of(index);
            let mut found: Vec<(usize, usize)> = Vec::new();
            repeats(hashes, self.min_words, self.max_words, &mut found);
            if found.is_empty() {
                continue;
            }
            let spans = word_spans(text, sentence.span);
            if spans.len() != hashes.len() {
                continue;
            }
            for (start, n) in found {
                if let Some((first, second)) = self.accept(text, &spans, start, n) {
                    let phrase = first.of(text).split_whitespace().collect::<Vec<_>>();
                    let phrase = phrase.join(" ");
                    let gap = Span::new(first.end, second.end);
                    sink.report_with_fix(
                        self.message.replace("{match}", &phrase),
                        Label::new(second, "written again here"),
                        vec![Label::new(first, "first written here")],
                        Replacement::new(gap, ""),
                    );
                }
            }
        }
    }
}

/// Adds to `found` the repeats of `min` to `max` words in `hashes` as
/// (first word, length), shortest first, skipping those that overlap one
/// already found. A repeat of `n` words has `hashes[j] == hashes[j + n]` at
/// `n` positions `j` in a row, and `n` is at least `min`: looking at every
/// `min`-th position meets each such run, which is then read whole.
fn repeats(hashes: &[u64], min: usize, max: usize, found: &mut Vec<(usize, usize)>) {
    let len = hashes.len();
    let step = min.max(1);
    for n in min.max(1)..=max.min(len / 2) {
        let same = |j: usize| hashes.get(j) == hashes.get(j + n) && j + n < len;
        let mut j = 0;
        while j + n < len {
            if !same(j) {
                j += step;
                continue;
            }
            let mut first = j;
            while first > 0 && same(first - 1) {
                first -= 1;
            }
            let mut end = j + 1;
            while same(end) {
                end += 1;
            }
            // Pairs `first..end` are equal: two copies from `first`. Three
            // or more ("word word word", a table's column) are not a slip
            // of an edit and are left alone.
            let start = first;
            // A phrase of one word over and over is such a run too.
            let one_word = n > 1 && hashes[first..first + n].iter().all(|&h| h == hashes[first]);
            if end - first >= n && end - first < 2 * n && !one_word {
                let overlaps = found
                    .iter()
                    .any(|&(s, m)| start < s + 2 * m && s < start + 2 * n);
                if !overlaps {
                    found.push((start, n));
                }
            }
            j = end + 1;
        }
    }
}

impl Params {
    /// The spans of the two copies of the repeat of `n` words at word
    /// `start`, when it is one to report.
    fn accept(&self, text: &str, spans: &[Span], start: usize, n: usize) -> Option<(Span, Span)> {
        let first = Span::new(spans.get(start)?.start, spans.get(start + n - 1)?.end);
        let second = Span::new(
            spans.get(start + n)?.start,
            spans.get(start + 2 * n - 1)?.end,
        );
        // The hashes matched: make sure of the words themselves.
        for k in 0..n {
            let (a, b) = (spans[start + k].of(text), spans[start + n + k].of(text));
            if a.to_lowercase() != b.to_lowercase() {
                return None;
            }
        }
        let gap = text.get(first.end..second.start)?;
        if gap.is_empty() || !gap.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
            return None;
        }
        let breaks = gap.matches('\n').count();
        if breaks > 1 || (breaks == 0 && gap.len() > 2) {
            return None;
        }
        // A word joined to the next by a hyphen or an apostrophe is part of
        // a longer word ("in in-house", "the the's" is not "the the").
        let joined = |at: usize, after: bool| {
            // The mark next to the word, then the character beyond it.
            let mut near: Vec<char> = if after {
                text.get(at..).unwrap_or("").chars().take(2).collect()
            } else {
                text.get(..at).unwrap_or("").chars().rev().take(2).collect()
            };
            near.resize(2, ' ');
            matches!(near[0], '-' | '\'' | '\u{2019}' | '/') && near[1].is_alphanumeric()
        };
        if joined(second.end, true) || joined(first.start, false) {
            return None;
        }
        if n == 1 {
            let word = spans[start].of(text).to_lowercase();
            let second_word = spans[start + 1].of(text);
            if word.chars().any(|c| c.is_numeric())
                || second_word.chars().next().is_some_and(char::is_uppercase)
                || self.allow.contains(&word)
                || (breaks == 1 && !self.across_lines.contains(&word))
            {
                return None;
            }
        } else if breaks == 1 || first.of(text).chars().any(|c| c.is_numeric()) {
            // A heading, a table's rows or a list: a phrase repeated across
            // a line break is left alone.
            return None;
        }
        Some((first, second))
    }
}

/// The words of `span` of `text` as [`crate::rules::words`] splits them: runs
/// of letters and digits.
fn word_spans(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in span.of(text).char_indices() {
        let at = span.start + i;
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push(Span::new(s, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, span.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::words::word_hashes as hashes;

    fn found(text: &str, n: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        repeats(&hashes(text), n, n, &mut out);
        out
    }

    #[test]
    fn finds_a_doubled_word_and_a_doubled_phrase() {
        assert_eq!(found("we saw the the plan", 1), vec![(2, 1)]);
        assert_eq!(
            found("who were still at home who were still at home today", 5),
            vec![(0, 5)]
        );
        assert!(found("who were still at home and who were still at home", 5).is_empty());
        assert!(found("a b c d a b c", 4).is_empty());
        // Every length from 4 is found whatever its offset from the stride.
        for lead in 0..6 {
            let text = format!("{}p q r s t p q r s t end", "w ".repeat(lead));
            let mut out = Vec::new();
            repeats(&hashes(&text), 4, 8, &mut out);
            assert_eq!(out, vec![(lead, 5)], "{text}");
        }
    }

    #[test]
    fn three_copies_or_more_are_not_a_repeat() {
        assert!(found("x x x x", 1).is_empty());
        assert!(found("x x x", 1).is_empty());
        assert!(found("x x x x x x x x", 4).is_empty());
        assert_eq!(found("a b c d a b c d a z", 4), vec![(0, 4)]);
    }

    #[test]
    fn word_spans_match_the_hashed_words() {
        let text = "The **Council's** café—said; 12 times";
        let spans = word_spans(text, Span::new(0, text.len()));
        let words: Vec<&str> = spans.iter().map(|s| s.of(text)).collect();
        assert_eq!(
            words,
            ["The", "Council", "s", "café", "said", "12", "times"]
        );
        assert_eq!(spans.len(), hashes(text).len());
    }

    fn params(min: usize, max: usize) -> Params {
        let mut p = Params {
            min_words: min,
            max_words: max,
            allow: vec!["had".into()],
            across_lines: vec!["the".into()],
            message: "m".into(),
            scope: Scope::default(),
        };
        p.prepare().expect("valid");
        p
    }

    fn accepted(p: &Params, text: &str, start: usize, n: usize) -> bool {
        let spans = word_spans(text, Span::new(0, text.len()));
        p.accept(text, &spans, start, n).is_some()
    }

    #[test]
    fn look_alikes_are_not_repeats() {
        let word = params(1, 1);
        assert!(accepted(&word, "of the the plan", 1, 1));
        assert!(accepted(&word, "of the\nthe plan", 1, 1));
        assert!(!accepted(&word, "it had had an effect", 1, 1));
        assert!(!accepted(&word, "no, no", 0, 1));
        assert!(!accepted(&word, "Good Good", 0, 1));
        assert!(!accepted(&word, "good\ngood", 0, 1));
        assert!(!accepted(&word, "10 10", 0, 1));
        assert!(!accepted(&word, "good      good", 0, 1));
        assert!(!accepted(&word, "live in in-house homes", 1, 1));
        assert!(!accepted(&word, "and/or or", 1, 1));
        let phrase = params(4, 8);
        let text = "we saw who were still at home who were still at home";
        assert!(accepted(&phrase, text, 2, 5));
        let table = "Requires improvement to be good\nRequires improvement to be good";
        assert!(!accepted(&phrase, table, 0, 5));
        let heading = "of the Local Safeguarding\nChildren Board\nThe Local Safeguarding Children Board is good";
        assert!(!accepted(&phrase, heading, 1, 5));
    }

    #[test]
    fn bad_lengths_are_refused() {
        for (min, max) in [(0, 1), (3, 2), (1, 25)] {
            let mut p = params(1, 1);
            p.min_words = min;
            p.max_words = max;
            assert!(p.prepare().is_err(), "{min} {max}");
        }
    }
}
