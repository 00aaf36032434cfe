//! Definitions of abbreviations read from a report: an abbreviation in
//! brackets after the words it stands for ("Advice and Referral Centre
//! (ARC)"). The expansion is read back from the bracket: the words before
//! it whose initials spell the abbreviation's capitals, skipping the small
//! words listed ("and", "of"). A bracket whose initials cannot be matched is
//! not a definition (it may be a quotation, a code or a plain aside), so the
//! kinds that read definitions only act on those they are sure of.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::rules::search::scope::{Scope, Unit};
use crate::rules::search::units::InScope;
use crate::rules::words::singular;
use crate::rules::Context;
use crate::span::Span;

/// The defaults of the parameters the abbreviation kinds share: they read
/// paragraphs, abbreviations of two capitals or more, expansions of up to
/// three words beyond the initials.
pub(crate) fn paragraphs() -> Scope {
    Scope {
        unit: Unit::Paragraph,
        ..Scope::default()
    }
}

pub(crate) fn two() -> usize {
    2
}

pub(crate) fn three() -> usize {
    3
}

/// Declares a kind's `Params`: the parameters every kind that reads
/// definitions shares (`scope`, `small_words`, `min_capitals`,
/// `max_extra_words`, and `reader()` to make the [`Reader`] they describe),
/// then the kind's own fields. Written once here because
/// serde's `flatten` cannot be used with `deny_unknown_fields`.
macro_rules! definition_params {
    ($($(#[$meta:meta])* $vis:vis $field:ident: $ty:ty,)*) => {
        #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Params {
            /// Where to look (default: every paragraph of running text).
            #[serde(default = "crate::rules::kinds::abbreviation::reader::paragraphs")]
            pub scope: crate::rules::search::scope::Scope,
            /// Words an expansion may contain that the abbreviation leaves
            /// out ("Advice and Referral Centre (ARC)").
            #[serde(default)]
            pub small_words: Vec<String>,
            /// The fewest capitals an abbreviation needs to be checked.
            #[serde(default = "crate::rules::kinds::abbreviation::reader::two")]
            pub min_capitals: usize,
            /// The most words an expansion may have beyond its initials.
            #[serde(default = "crate::rules::kinds::abbreviation::reader::three")]
            pub max_extra_words: usize,
            $($(#[$meta])* $vis $field: $ty,)*
        }

        impl crate::rules::kinds::abbreviation::reader::ReadsDefinitions for Params {
            fn reader(&self) -> Result<crate::rules::kinds::abbreviation::reader::Reader, String> {
                crate::rules::kinds::abbreviation::reader::Reader::new(
                    &self.small_words,
                    self.min_capitals,
                    self.max_extra_words,
                )
            }
        }
    };
}

pub(crate) use definition_params;

/// `(ARC)`, `(DoLS)`, `(ICBs)`: a capital, then letters or `&`; a
/// possessive or a plural written with one (`(SAR's)`) is the same
/// abbreviation.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(([A-Z][A-Za-z&]{1,11})(?:['\u{2019}]s)?\)")
        .expect("the bracket pattern is a valid regex")
});

/// One definition: the abbreviation and the words that expand it.
pub struct Definition {
    /// Singular (`ICB` for `(ICBs)`).
    pub abbreviation: String,
    /// Normalised for comparison: lower case, single spaces, no plural.
    pub key: String,
    pub text: String,
    /// The expansion's words.
    pub span: Span,
    /// Where the bracket opens.
    pub bracket: usize,
}

/// The units a rule reads, each with the definitions in it
/// ([`Reader::definitions_in`]).
pub struct Defined {
    /// The units read.
    pub in_scope: Arc<InScope>,
    /// The definitions in each unit, in order.
    pub definitions: Arc<Vec<Vec<Definition>>>,
}

impl Defined {
    /// Every definition, in report order.
    pub fn all(&self) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().flatten()
    }
}

/// A rule of a kind that reads definitions and makes nothing else of its
/// parameters: them, with the reader they describe.
#[derive(Debug)]
pub struct ReadingRule<P> {
    pub(crate) params: P,
    pub(crate) reader: Reader,
}

impl<P: ReadsDefinitions> ReadingRule<P> {
    /// The rule of `params`: them, with their reader.
    pub fn of(params: P) -> Result<Self, String> {
        Ok(ReadingRule {
            reader: params.reader()?,
            params,
        })
    }
}

/// Parameters that describe a [`Reader`] (those `definition_params!`
/// declares).
pub trait ReadsDefinitions {
    /// The reader of definitions the reading parameters describe.
    fn reader(&self) -> Result<Reader, String>;
}

/// How definitions are read: the rule's `small_words`, `min_capitals` and
/// `max_extra_words`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reader {
    /// Lower case.
    small_words: Vec<String>,
    min_capitals: usize,
    max_extra_words: usize,
}

impl Reader {
    pub fn new(
        small_words: &[String],
        min_capitals: usize,
        max_extra_words: usize,
    ) -> Result<Self, String> {
        if min_capitals < 2 {
            return Err("`min_capitals` must be at least 2".into());
        }
        Ok(Reader {
            small_words: small_words.iter().map(|w| w.to_lowercase()).collect(),
            min_capitals,
            max_extra_words,
        })
    }

    /// The units `scope` reads in the report `ctx` reads, and the
    /// definitions in each: read once for all the
    /// rules that read the same units alike.
    pub fn definitions_in(&self, ctx: &Context<'_>, scope: &Scope) -> Defined {
        let text = ctx.source.text();
        let in_scope = scope.read(ctx);
        let definitions = ctx.shared((self.clone(), scope.clone()), || {
            in_scope
                .units
                .iter()
                .map(|unit| {
                    self.definitions(unit.span.of(text), unit.span.start)
                        .collect()
                })
                .collect()
        });
        Defined {
            in_scope,
            definitions,
        }
    }

    /// The definitions in `unit` (a paragraph's text at `offset` of the
    /// report), with spans in the report.
    pub fn definitions<'a>(
        &'a self,
        unit: &'a str,
        offset: usize,
    ) -> impl Iterator<Item = Definition> + 'a {
        BRACKETED.captures_iter(unit).filter_map(move |found| {
            let (whole, abbr) = (found.get(0)?, found.get(1)?);
            let definition = self.definition(unit, whole.start(), abbr.as_str())?;
            Some(Definition {
                span: Span::new(offset + definition.span.start, offset + definition.span.end),
                bracket: offset + whole.start(),
                ..definition
            })
        })
    }

    /// An expansion's words compared: neither small words ("Advice and
    /// Referral Centre", "Advice & Referral Centre") nor plurals
    /// ("Safeguarding Adults Review", "Safeguarding Adult Reviews") nor the
    /// kind of apostrophe make a different expansion; nor a plural written
    /// with an apostrophe on the last word ("Safeguarding Adult Review's
    /// (SAR's)"). An apostrophe inside ("Local Safeguarding Children's
    /// Board") is a different name.
    pub fn key<'w>(&self, words: impl Iterator<Item = &'w str>) -> String {
        let mut words: Vec<String> = words
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
            .filter(|w| !w.is_empty())
            .filter(|w| !self.small_words.iter().any(|s| s.eq_ignore_ascii_case(w)))
            .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
            .collect();
        if let Some(last) = words.last_mut() {
            if let Some(stem) = last.strip_suffix("'s") {
                *last = stem.to_string();
            }
        }
        words
            .iter()
            .map(|w| singular(w))
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
            bracket: open,
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
