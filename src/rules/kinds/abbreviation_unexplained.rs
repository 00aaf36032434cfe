//! `abbreviation-unexplained`: a term of the rule's glossary (statutory
//! roles and bodies: AMHP, DASS, DoLS) that a report uses but never writes
//! out, neither in a bracketed definition nor anywhere else. A reader
//! outside social care cannot read the letters, and the glossary knows the
//! words, so the finding can give them.
//!
//! Letters the glossary does not hold are left alone: whether a council's
//! own or a well-known abbreviation needs writing out is house style.

use std::collections::BTreeMap;

use foldhash::HashMap;
use serde::Deserialize;

use super::abbreviation::reader;
use super::abbreviation::uses::{closes_bracket, forms_of, whole_word, written_out, LettersSearch};
use super::{Kind, Run};
use crate::finding::{Label, Replacement};
use crate::rules::search::scope::Scope;
use crate::rules::search::units::TextUnit;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "reader::paragraphs")]
    pub scope: Scope,
    /// The abbreviations checked and the words each stands for (the first
    /// form is the one the finding gives).
    pub glossary: BTreeMap<String, Vec<String>>,
}

/// A rule of this kind: its parameters with what is made of the glossary.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    /// One search for the glossary's letters.
    search: LettersSearch,
    /// Each abbreviation's forms as word hashes.
    forms: Vec<(String, Vec<Vec<u64>>)>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        if self.glossary.is_empty() {
            return Err("`glossary` names no abbreviation".into());
        }
        let mut forms = Vec::new();
        for (abbreviation, expansions) in &self.glossary {
            if expansions.is_empty() {
                return Err(format!("glossary: `{abbreviation}` has no expansion"));
            }
            if !abbreviation
                .chars()
                .all(|c| c.is_alphanumeric() || c == '&')
            {
                return Err(format!("glossary: `{abbreviation}` is not one word"));
            }
            let hashes = expansions.iter().flat_map(|e| forms_of(e)).collect();
            forms.push((abbreviation.clone(), hashes));
        }
        let search = LettersSearch::new(self.glossary.keys().map(String::as_str))
            .ok_or("the glossary is too large for one search")?;
        Ok(Rule {
            params: self,
            search,
            forms,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let search = &self.search;
        let text = ctx.source.text();
        // The first bare use of each glossary term; a term the report puts
        // at the end of a bracket anywhere is one it set out to explain
        // ("(AMHP)", "(known locally as LADO)"; the expansion rule checks
        // the words).
        let mut first: HashMap<&str, Span> = HashMap::default();
        let mut bracketed: Vec<&str> = Vec::new();
        for TextUnit { span, .. } in self.params.scope.read(ctx).units.iter().copied() {
            let unit = span.of(text);
            for (letters, at, end) in search.find_iter(unit) {
                if !whole_word(unit, at, end) {
                    continue;
                }
                if closes_bracket(unit, end) {
                    bracketed.push(letters);
                } else {
                    first
                        .entry(letters)
                        .or_insert(Span::new(span.start + at, span.start + end));
                }
            }
        }
        first.retain(|letters, _| !bracketed.contains(letters));
        if first.is_empty() {
            return;
        }
        let wanted: Vec<(&str, Vec<Vec<u64>>)> = self
            .forms
            .iter()
            .filter(|(letters, _)| first.contains_key(letters.as_str()))
            .map(|(letters, forms)| (letters.as_str(), forms.clone()))
            .collect();
        let written = written_out(ctx, &wanted, usize::MAX);
        let mut unexplained: Vec<(&str, Span)> = first
            .into_iter()
            .filter(|(letters, _)| !written.contains_key(letters))
            .collect();
        unexplained.sort_by_key(|&(letters, span)| (span.start, letters));
        for (letters, span) in unexplained {
            let Some(words) = self
                .params
                .glossary
                .get(letters)
                .and_then(|forms| forms.first())
            else {
                continue;
            };
            let finding = sink.add(
                sink.severity(),
                format!(
                    "{letters} is not written out anywhere in the report: it stands for \"{words}\""
                ),
                Label::new(span, "first use"),
                Vec::new(),
            );
            finding.suggestion = Some(Replacement::new(span, format!("{words} ({letters})")));
        }
    }
}
