//! Sentence boundaries inside a paragraph.
//!
//! A sentence ends at `.`, `!` or `?` (optionally followed by a closing quote
//! or bracket) when white space and an upper-case letter, digit or opening
//! quote follow. Abbreviations common in reports ("e.g.", "i.e.", "Dr.",
//! "No.") and decimals do not end sentences.

use crate::span::Span;

const ABBREVIATIONS: [&str; 12] = [
    "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "no", "st", "vs", "approx", "cf",
];

/// Sentence spans of `text`, which starts at byte `base` of the report.
pub fn split(text: &str, base: usize, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut start = skip_space(text, 0);
    let mut i = 0;
    // Jump from one `.`, `!` or `?` to the next.
    while let Some(found) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'.', b'!', b'?', rest))
    {
        i += found;
        let mut end = i + 1;
        while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
            end += 1;
        }
        if let Some(c) = text[end..].chars().next() {
            if c.is_whitespace()
                && starts_sentence(&text[end..])
                && !is_abbreviation(&text[start..i])
            {
                push(text, base, start, end, out);
                start = skip_space(text, end);
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        push(text, base, start, text.len(), out);
    }
}

fn push(text: &str, base: usize, start: usize, end: usize, out: &mut Vec<Span>) {
    let trimmed = text[start..end].trim_end();
    if !trimmed.is_empty() {
        out.push(Span::new(base + start, base + start + trimmed.len()));
    }
}

fn skip_space(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| from + i)
}

fn starts_sentence(rest: &str) -> bool {
    rest.trim_start().chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\'' | '\u{2018}' | '\u{201c}' | '(')
    })
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(text, 0, &mut out);
        out.iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn splits_at_sentence_ends_only() {
        assert_eq!(
            sentences(
                "Waits fell to 4.5 weeks. Staff said so, e.g. Dr. Patel. \"Good,\" they said? Yes."
            ),
            vec![
                "Waits fell to 4.5 weeks.",
                "Staff said so, e.g. Dr. Patel.",
                "\"Good,\" they said?",
                "Yes."
            ]
        );
        assert_eq!(sentences("no end"), vec!["no end"]);
        assert_eq!(sentences("   "), Vec::<&str>::new());
    }
}
