//! `quote-order`: a quoted name given with its words in another order
//! ('your voice, your town' and 'your town, your voice'). A programme,
//! strategy or campaign has one name; the same words in two orders are a
//! slip in one of them, which a reader searching for the name misses.
//!
//! A quotation is text between a pair of quotation marks within one
//! paragraph: curly double (“…”), curly single (‘…’), straight double
//! ("…") or straight single ('…'). A single closing mark is also the
//! apostrophe, so an opening mark must start a word and a closing mark
//! must end one with no letter after it ("people’s" closes nothing). Only
//! short quotations are names (two to eight words, no sentence end inside;
//! a line break inside is a wrapped line).
//! Two quotations are the same words in another order when their words,
//! lower-cased and without punctuation, are the same multiset and not the
//! same sequence. The finding is on the form used less (the later on a
//! tie), with the other related. One pass over each paragraph, no regex.

use foldhash::HashMap;

use serde::Deserialize;

use super::scope::Scope;
use super::Kind;
use crate::finding::Label;
use crate::rules::{Context, Sink};
use crate::span::Span;

/// One order of a name's words: the words, the first span and how often
/// it is used.
type Form = (Vec<String>, Span, usize);

/// The most words a quoted name has; longer quotations are speech.
const MAX_WORDS: usize = 8;
/// The longest quotation read, in bytes.
const MAX_BYTES: usize = 120;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The finding's message: `{form}` is the form reported, `{other}` the
    /// other order.
    pub message: String,
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
}

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        if self.message.trim().is_empty() {
            return Err("`message` is empty".into());
        }
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let sections = self.scope.sections(report);
        // By the sorted words: each order of them with its first span and
        // how often it is used, in order of first use.
        let mut names: HashMap<Vec<String>, Vec<Form>> = HashMap::default();
        let mut order: Vec<Vec<String>> = Vec::new();
        for paragraph in &report.paragraphs {
            if !self.scope.contains(&sections, paragraph.section) {
                continue;
            }
            let start = paragraph.span.start;
            for inner in quotations(paragraph.span.of(text)) {
                let span = Span::new(start + inner.start, start + inner.end);
                let words = words(span.of(text));
                if words.len() < 2 || words.len() > MAX_WORDS {
                    continue;
                }
                let mut sorted = words.clone();
                sorted.sort_unstable();
                if sorted.windows(2).all(|w| w[0] == w[1]) {
                    continue;
                }
                let forms = names.entry(sorted.clone()).or_insert_with(|| {
                    order.push(sorted);
                    Vec::new()
                });
                match forms.iter_mut().find(|(w, _, _)| *w == words) {
                    Some((_, _, count)) => *count += 1,
                    None => forms.push((words, span, 1)),
                }
            }
        }
        for key in &order {
            let Some(forms) = names.get(key).filter(|forms| forms.len() > 1) else {
                continue;
            };
            // The usual order: the most used, the first on a tie.
            let Some(main) = forms
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, _, count))| (*count, std::cmp::Reverse(*i)))
                .map(|(_, form)| form.1)
            else {
                continue;
            };
            for &(_, span, _) in forms.iter().filter(|(_, span, _)| *span != main) {
                let message = self
                    .message
                    .replace("{form}", span.of(text))
                    .replace("{other}", main.of(text));
                sink.report(
                    message,
                    Label::new(span, "in this order here"),
                    vec![Label::new(main, format!("`{}` here", main.of(text)))],
                );
            }
        }
    }
}

/// The quotation marks read, each an opening and a closing mark, and
/// whether the closing one is also an apostrophe.
const MARKS: [(char, char, bool); 4] = [
    ('“', '”', false),
    ('‘', '’', true),
    ('"', '"', false),
    ('\'', '\'', true),
];

/// The byte ranges of the short quotations in `paragraph`, inside their
/// marks.
fn quotations(paragraph: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let Some(&(_, close, apostrophe)) = MARKS.iter().find(|(open, _, _)| *open == c) else {
            i += 1;
            continue;
        };
        let before = i.checked_sub(1).map(|k| chars[k].1);
        let starts_word = before.is_none_or(|b| !b.is_alphanumeric());
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if !starts_word || !next.is_some_and(char::is_alphanumeric) {
            i += 1;
            continue;
        }
        let inner_start = at + c.len_utf8();
        // The closing mark: the first that ends a word, within reach.
        let mut closed = None;
        let mut k = i + 1;
        while k < chars.len() && chars[k].0 - inner_start <= MAX_BYTES {
            let (here, d) = chars[k];
            // A sentence end inside: speech, not a name (a full stop in
            // "St. Ann" or "e.g." is followed by no space... or is, and the
            // quotation is then left out, which costs nothing but recall).
            let ends_sentence = matches!(d, '!' | '?')
                || (d == '.' && chars.get(k + 1).is_none_or(|&(_, n)| n.is_whitespace()));
            if ends_sentence && d != close {
                break;
            }
            if d == close {
                let after = chars.get(k + 1).map(|&(_, c)| c);
                let ends_word = chars[k - 1].1.is_alphanumeric();
                if ends_word && (!apostrophe || !after.is_some_and(char::is_alphanumeric)) {
                    closed = Some((here, k));
                    break;
                }
            }
            k += 1;
        }
        match closed {
            Some((end, k)) => {
                found.push(inner_start..end);
                i = k + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// The words of a quotation, lower case, without punctuation.
fn words(quoted: &str) -> Vec<String> {
    quoted
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(paragraph: &str) -> Vec<&str> {
        quotations(paragraph)
            .into_iter()
            .map(|r| &paragraph[r])
            .collect()
    }

    #[test]
    fn quotations_are_found_between_their_marks() {
        assert_eq!(
            quoted("through the 'your voice, your town' work and “Home First”."),
            ["your voice, your town", "Home First"]
        );
        assert_eq!(
            quoted("the people’s ‘Care Together’ plan"),
            ["Care Together"]
        );
        // Apostrophes close nothing; a quotation with a sentence end inside
        // is speech.
        assert_eq!(
            quoted("people’s views and carers’ needs"),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("She said “It was good. We felt heard” to us."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn words_set_punctuation_and_case_aside() {
        assert_eq!(
            words("Your voice, your town"),
            ["your", "voice", "your", "town"]
        );
    }
}
