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

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::search::scope::Scope;
use crate::rules::{Context, Sink};
use crate::span::Span;

/// One order of a name's words: the words, the first span and how often
/// it is used.
type Form = (Vec<String>, Span, usize);

/// The most words a quoted name has; longer quotations are speech.
const MAX_WORDS: usize = 8;
/// The longest quotation read, in bytes.
const MAX_BYTES: usize = 120;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let in_scope = self.scope.read(ctx);
        // By the sorted words: each order of them with its first span and
        // how often it is used, in order of first use.
        let mut names: HashMap<Vec<String>, Vec<Form>> = HashMap::default();
        let mut order: Vec<Vec<String>> = Vec::new();
        for paragraph in &report.paragraphs {
            if !in_scope.contains(paragraph.section) {
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
/// marks. The scan goes byte by byte to the next possible mark (a quote
/// character or the lead byte of a curly one) and reads characters only
/// around it, so prose without quotations costs one pass over its bytes.
fn quotations(paragraph: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = paragraph.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(rel) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr3(b'"', b'\'', 0xE2, rest))
    {
        let i = at + rel;
        at = i + 1;
        // `i` is a character boundary: an ASCII byte or a lead byte.
        let Some(c) = paragraph.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let Some(&(_, close, apostrophe)) = MARKS.iter().find(|(open, _, _)| *open == c) else {
            continue;
        };
        let inner = i + c.len_utf8();
        let starts_word = !char_before(paragraph, i).is_some_and(char::is_alphanumeric);
        if !starts_word || !char_at(paragraph, inner).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut end = (inner + MAX_BYTES).min(paragraph.len());
        while !paragraph.is_char_boundary(end) {
            end -= 1;
        }
        let mut closed = None;
        for (offset, d) in paragraph[inner..end].char_indices() {
            let k = inner + offset;
            // A sentence end inside: speech, not a name (a full stop with
            // no space after it, as in "e.g.", is not an end).
            let ends_sentence = matches!(d, '!' | '?')
                || (d == '.' && char_at(paragraph, k + 1).is_none_or(char::is_whitespace));
            if ends_sentence && d != close {
                break;
            }
            if d == close && offset > 0 {
                let ends_word = char_before(paragraph, k).is_some_and(char::is_alphanumeric);
                let after = char_at(paragraph, k + d.len_utf8());
                if ends_word && (!apostrophe || !after.is_some_and(char::is_alphanumeric)) {
                    closed = Some(k);
                    break;
                }
            }
        }
        if let Some(k) = closed {
            found.push(inner..k);
            at = k + close.len_utf8();
        }
    }
    found
}

/// The character that starts at byte `at`, if `at` is a boundary.
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The character that ends at byte `at`.
fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
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
