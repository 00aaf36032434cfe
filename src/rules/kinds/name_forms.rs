//! `name-forms`: a name written two ways in one report, by case or by the
//! hyphens and spaces between its words ("What Matters" and "What-Matters",
//! "North West London" and "Northwest London", "DoLS" and "DOLs",
//! "CAFCASS" and "Cafcass"). One of the forms is a slip.
//!
//! A name is a run of capitalised words (each starting with a capital,
//! joined by one space or one hyphen) in running text; two runs are forms of
//! one name when their letters are the same once case, spaces and hyphens
//! are set aside. A lone capitalised word at the start of a sentence may be
//! an ordinary word ("Never" beside an emphatic "NEVER"), so it is not read
//! as a form. Headings, table rows and page furniture are not running text.
//! The scan is one pass over each paragraph, with no regex.

use foldhash::HashMap;

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::ParagraphKind;
use crate::rules::search::scope::{at_sentence_start, Scope};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The fewest letters a name has to be read (shorter ones, "Mr" and
    /// "MR", are too often ordinary words).
    #[serde(default = "default_min_letters")]
    pub min_letters: usize,
    /// The finding's message: `{form}` is the form reported, `{main}` the
    /// report's usual form and `{times}` how often that is used ("once",
    /// "twice", "3 times").
    pub message: String,
    /// Where to look (default: all running text).
    #[serde(default)]
    pub scope: Scope,
}

fn default_min_letters() -> usize {
    4
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
        if self.min_letters < 2 {
            return Err("`min_letters` must be at least 2".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let in_scope = self.scope.read(ctx);
        // Each name in order of first use, with its forms in order of first
        // use (the first span of each and how often it is used); names are
        // found by the hash of their letters, compared again on a collision.
        let mut index: HashMap<u64, usize> = HashMap::default();
        let mut names: Vec<Vec<(Span, usize)>> = Vec::new();
        // The names of one paragraph at a time, in one buffer.
        let mut found = Vec::new();
        for paragraph in &report.paragraphs {
            if paragraph.kind == ParagraphKind::TableRow || !in_scope.contains(paragraph.section) {
                continue;
            }
            let start = paragraph.span.start;
            runs(paragraph.span.of(text), &mut found);
            for run in found.drain(..) {
                let span = Span::new(start + run.start, start + run.end);
                let form = span.of(text);
                let (key, letters) = key_of(form);
                if letters < self.min_letters {
                    continue;
                }
                let slot = *index.entry(key).or_insert_with(|| {
                    names.push(Vec::new());
                    names.len() - 1
                });
                let Some(forms) = names.get_mut(slot) else {
                    continue;
                };
                match forms.iter_mut().find(|(f, _)| f.of(text) == form) {
                    Some((_, count)) => *count += 1,
                    None => forms.push((span, 1)),
                }
            }
        }
        for forms in names.iter().filter(|forms| forms.len() > 1) {
            // The usual form: the most used, the first on a tie.
            let Some(&(main, main_count)) = forms
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, count))| (*count, std::cmp::Reverse(*i)))
                .map(|(_, form)| form)
            else {
                continue;
            };
            let main_form = main.of(text);
            for &(span, _) in forms {
                let form = span.of(text);
                // Another name whose letters hashed alike is no form of it.
                if span == main || !same_letters(form, main_form) {
                    continue;
                }
                let message = self
                    .message
                    .replace("{form}", form)
                    .replace("{main}", main_form)
                    .replace("{times}", &times(main_count));
                sink.report(
                    message,
                    Label::new(span, "written so here"),
                    vec![Label::new(main, format!("`{main_form}` here"))],
                );
            }
        }
    }
}

/// The hash of a name's letters in lower case, and how many there are.
fn key_of(form: &str) -> (u64, usize) {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut letters = 0;
    for b in form.bytes().filter(u8::is_ascii_alphabetic) {
        hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        letters += 1;
    }
    (hash, letters)
}

/// Whether two names have the same letters, case set aside.
fn same_letters(a: &str, b: &str) -> bool {
    let letters = |s: &'_ str| {
        s.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<u8>>()
    };
    letters(a) == letters(b)
}

fn times(count: usize) -> String {
    match count {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// Appends the byte ranges of the names in `text` to `out` (see the
/// module documentation).
fn runs(text: &str, out: &mut Vec<std::ops::Range<usize>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !starts_word(text, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = word_end(bytes, i);
        let mut words = 1;
        // Join the next capitalised word across one space or one hyphen.
        while end + 1 < bytes.len()
            && matches!(bytes[end], b' ' | b'-')
            && bytes[end + 1].is_ascii_uppercase()
        {
            end = word_end(bytes, end + 1);
            words += 1;
        }
        let lone_at_sentence_start = words == 1 && at_sentence_start(text, 0, start);
        if !lone_at_sentence_start {
            out.push(start..end);
        }
        i = end.max(i + 1);
    }
}

/// Whether a capitalised word starts at byte `i`: a capital not preceded
/// by a letter, a digit, an apostrophe or a hyphen (the tail of another
/// word).
fn starts_word(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    if !bytes[i].is_ascii_uppercase() {
        return false;
    }
    let mut before = text.get(..i).unwrap_or_default().chars().rev();
    match before.next() {
        None => true,
        // An apostrophe opens a quotation ('What Matters') unless it
        // follows a letter (l'Ecole, O'Neill).
        Some('\'' | '\u{2019}') => !before.next().is_some_and(char::is_alphanumeric),
        Some(c) => !(c.is_alphanumeric() || matches!(c, '-' | '_')),
    }
}

/// The end of the word of ASCII letters starting at `i`.
fn word_end(bytes: &[u8], i: usize) -> usize {
    let mut end = i;
    while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        runs(text, &mut found);
        found.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn runs_join_capitalised_words_by_one_space_or_hyphen() {
        assert_eq!(
            names("We met What-Matters staff in North West London. Never again."),
            vec!["What-Matters", "North West London"]
        );
        assert_eq!(
            names("the self-Advocacy group and Co-production"),
            vec!["Co"]
        );
        assert_eq!(
            names("In the DoLS team, DOLs were late"),
            vec!["DoLS", "DOLs"]
        );
        // A lone word at a sentence start is not a name; two words are.
        assert_eq!(names("Home First worked. Never."), vec!["Home First"]);
        assert_eq!(names("\u{201c}Never\u{201d} said NEVER"), vec!["NEVER"]);
    }

    #[test]
    fn words_inside_other_words_are_not_names() {
        assert_eq!(
            names("the McDonald and e-Learning and l'Ecole"),
            vec!["McDonald"]
        );
        assert_eq!(names("during COVID-19 and 3Conversations"), vec!["COVID"]);
        assert_eq!(names("its 'Home First' model"), vec!["Home First"]);
    }
}
