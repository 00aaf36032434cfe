//! `word-contents`: a Word document's table of contents lists its headings
//! as they are now. Word writes the table when it is last updated and
//! never again by itself, so a heading renamed, added or removed after
//! that leaves the table stale; the published PDF then lists sections
//! that do not exist.
//!
//! The entries are the paragraphs in Word's `TOC 1` to `TOC 9` styles,
//! without their page numbers; the headings compared are those after the
//! table's first entry at the levels the table lists. Texts are compared
//! with white space, case, and a leading section number ("2.1", "B.")
//! set aside, since Word's numbering of headings is not in their text.
//! One finding per document: its first mismatch, with every other one
//! related. Text reports have no table of contents to read.

use serde::Deserialize;

use super::{Kind, Run};
use crate::docx::ContentsLine;
use crate::finding::Label;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The finding's message; `{count}` is the number of mismatches.
    message: String,
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
        let Some(word) = ctx.source.word() else {
            return;
        };
        let contents = &word.contents;
        let (Some(first), Some(deepest)) = (
            contents.entries.first(),
            contents.entries.iter().map(|e| e.level).max(),
        ) else {
            return;
        };
        let listed: Vec<String> = contents.entries.iter().map(|e| key(&e.text)).collect();
        let headings: Vec<&ContentsLine> = contents
            .headings
            .iter()
            .filter(|h| h.span.start > first.span.start && h.level <= deepest)
            .collect();
        let present: Vec<String> = headings.iter().map(|h| key(&h.text)).collect();
        let mut mismatches: Vec<Label> = Vec::new();
        for (entry, key) in contents.entries.iter().zip(&listed) {
            if !key.is_empty() && !present.contains(key) {
                mismatches.push(Label::new(
                    entry.span,
                    format!("listed as `{}`: no heading reads so", entry.text),
                ));
            }
        }
        for (heading, key) in headings.iter().zip(&present) {
            if !key.is_empty() && !listed.contains(key) {
                mismatches.push(Label::new(
                    heading.span,
                    format!("heading `{}` is not in the table of contents", heading.text),
                ));
            }
        }
        if mismatches.is_empty() {
            return;
        }
        mismatches.sort_by_key(|l| l.span.start);
        let count = mismatches.len();
        let mut labels = mismatches.into_iter();
        if let Some(primary) = labels.next() {
            sink.report(
                self.message.replace("{count}", &count.to_string()),
                primary,
                labels.collect(),
            );
        }
    }
}

/// What an entry and a heading are compared by: the words, lower case,
/// without a leading section number.
fn key(text: &str) -> String {
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_some_and(|w| is_section_number(w)) {
        words.next();
    }
    words.map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// "2", "2.1", "2.1.", "B.", "iv.", "Section"-less numbers of headings.
fn is_section_number(word: &str) -> bool {
    let body = word.trim_end_matches(['.', ')', ':']);
    if body.is_empty() {
        return false;
    }
    let numeric = body
        .split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let lettered =
        body.len() == 1 && body.bytes().all(|b| b.is_ascii_uppercase()) && word.len() > 1;
    numeric || lettered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_set_aside_case_space_and_section_numbers() {
        assert_eq!(key("2.1  Assessing   Needs"), "assessing needs");
        assert_eq!(key("B. Leadership"), "leadership");
        assert_eq!(
            key("Theme 2: Providing support"),
            "theme 2: providing support"
        );
        assert_eq!(key("A strong start"), "a strong start");
        assert_eq!(key("2025 in review"), "in review");
    }
}
