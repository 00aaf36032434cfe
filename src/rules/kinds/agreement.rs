//! The agreement kinds: a value must be the same wherever the report
//! states it. One kind per thing that must agree, each in its own file with
//! only the parameters it reads:
//!
//! - `score-agreement` (`scores.rs`): a quality statement's score in the
//!   summary table and in its own section (`between: [summary, body]`);
//!   with `unpaired`, a statement scored in one of the two places and named
//!   but left without a score in the other.
//! - `field-agreement` (`fields.rs`): two field values (`left`, `right`)
//!   compared by a `compare` mode: `equal`, `person` (a salutation names
//!   the addressee), `member_of` (the signatory is one of the named
//!   inspectors) or `same_organisation` (two names of one council).
//! - `claim-agreement` (`claims.rs`): a figure compared with a benchmark,
//!   stated twice for the same measure and the same benchmark: the
//!   figures, the benchmark's figures and the direction must agree.
//! - `count-agreement` (`counts.rs`): a whole number stated twice for the
//!   same counted thing ("642 people were waiting for a carers
//!   assessment").
//!
//! For claims and counts the value is keyed by what it measures, read by
//! [`crate::rules::measure`]: the measure's words, the lead-in before the
//! figure, the time frame (and the benchmark); statements are compared only
//! when the keys are equal, never when they are merely alike, and a vague
//! or unqualified measure is not keyed at all. The finding points at the
//! later statement, the earlier one related.
//!
//! The four were once one kind, `agreement`, with a `values:` switch; a
//! pack that still says so is refused with the new names.

use crate::span::Span;

pub mod claims;
pub mod counts;
pub mod fields;
pub mod scores;

/// Text compared loosely: lower case, single spaces, straight quotes, no
/// trailing punctuation.
fn normal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| match c {
                    '\u{2019}' | '\u{2018}' => '\'',
                    c => c,
                })
                .flat_map(char::to_lowercase),
        );
    }
    out.trim_end_matches(['.', ',', ';', ':']).to_string()
}

/// A measure as written, on one line and not too long for a message.
fn quoted(text: &str, span: Span) -> String {
    let words: Vec<&str> = span.of(text).split_whitespace().collect();
    let mut out = words.join(" ");
    if out.chars().count() > 100 {
        out = out.chars().take(99).collect::<String>() + "\u{2026}";
    }
    out.replace('`', "'")
}
