//! `abbreviation-order`: an abbreviation the report defines ("voluntary
//! and community sector (VCS)") must not be used before that definition.
//! A reader who meets the bare letters first has nothing to read them by.
//!
//! Only abbreviations the report itself defines are checked, and only
//! definitions it is sure of (`abbreviation::reader`): letters the report
//! never expands, or expands in a glossary table, are left alone, since
//! whether they need expanding is a matter of house style, not of order.

use foldhash::HashMap;

use super::abbreviation::reader::{self, Definition, ReadingRule};
use super::abbreviation::uses::{bare_uses, written_out, LettersSearch};
use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::words::{one_line, word_hashes};
use crate::rules::{Context, Sink};
use crate::span::Span;

reader::definition_params! {}

impl Kind for Params {
    type Rule = ReadingRule<Params>;

    fn compile(self) -> Result<Self::Rule, String> {
        ReadingRule::of(self)
    }
}

impl Run for ReadingRule<Params> {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        // The first definition of each abbreviation.
        let read = self.reader.definitions_in(ctx, &self.params.scope);
        let units: &[Span] = read.in_scope.spans();
        let mut defined: HashMap<&str, &Definition> = HashMap::default();
        for definition in read.all() {
            defined
                .entry(definition.abbreviation.as_str())
                .or_insert(definition);
        }
        if defined.is_empty() {
            return;
        }
        // The first bare use of each before its definition, in report
        // order, up to the last definition.
        let Some(search) = LettersSearch::new(defined.keys().copied()) else {
            return;
        };
        let last = defined.values().map(|d| d.bracket).max().unwrap_or(0);
        let mut early: HashMap<&str, Span> = HashMap::default();
        for span in units.iter().filter(|span| span.start < last) {
            for (letters, use_span) in bare_uses(&search, span.of(text), span.start) {
                let Some((abbreviation, definition)) = defined.get_key_value(letters) else {
                    continue;
                };
                if use_span.end <= definition.bracket {
                    early.entry(abbreviation).or_insert(use_span);
                }
            }
        }
        if early.is_empty() {
            return;
        }
        // Read only now, and only for the few used early: whether the words
        // were written out before the use ("(Adult Social Care Survey,
        // 2023, ASCS)" before "Adult Social Care Survey (ASCS)").
        let wanted: Vec<(&str, Vec<Vec<u64>>)> = early
            .keys()
            .filter_map(|&a| Some((a, vec![word_hashes(&defined.get(a)?.text)])))
            .collect();
        let until = early.values().map(|span| span.start).max().unwrap_or(0);
        let met = written_out(ctx, &wanted, until);
        early.retain(|abbreviation, use_span| {
            met.get(abbreviation).is_none_or(|&at| use_span.start < at)
        });
        let mut early: Vec<(&str, Span)> = early.into_iter().collect();
        early.sort_by_key(|&(abbreviation, span)| (span.start, abbreviation));
        for (abbreviation, use_span) in early {
            let Some(definition) = defined.get(abbreviation) else {
                continue;
            };
            let line = ctx.source.position(definition.span.start).line;
            sink.report(
                format!(
                    "{abbreviation} is used here before it is defined at line {line} (\"{}\")",
                    one_line(&definition.text)
                ),
                Label::new(use_span, "used before its definition"),
                vec![Label::new(
                    definition.span,
                    format!("{abbreviation} = {}", one_line(&definition.text)),
                )],
            );
        }
    }
}
