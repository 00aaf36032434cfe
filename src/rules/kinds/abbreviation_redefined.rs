//! `abbreviation-redefined`: an abbreviation defined again, with the same
//! words, in the section that already defined it ("the Access and Referral
//! Centre (ARC)" twice in one section). The second definition is a leftover
//! of an edit that joined two passages, or of text pasted from elsewhere,
//! and tells the reader nothing new.
//!
//! Only a second definition in the same innermost section as an earlier one
//! is reported: many inspectorates define an abbreviation again where a new
//! section starts (each board or quality statement read on its own), which
//! is house style, not a slip. A definition with other words is the
//! `abbreviation` kind's concern, and headings are not read (a section
//! named by the words and the letters restates them by design).

use foldhash::HashMap;

use super::abbreviation::reader::{self, Definition, ReadingRule};
use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};

reader::definition_params! {}

impl Kind for Params {
    type Rule = ReadingRule<Params>;

    fn compile(self) -> Result<Self::Rule, String> {
        ReadingRule::of(self)
    }
}

impl Run for ReadingRule<Params> {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        // The latest definition of each abbreviation, with its section.
        let mut seen: HashMap<&str, (Option<usize>, &Definition)> = HashMap::default();
        let read = self.reader.definitions_in(ctx, &self.params.scope);
        for (unit, in_unit) in read.in_scope.units.iter().zip(read.definitions.iter()) {
            let paragraph = unit.paragraph;
            let section = report.paragraphs.get(paragraph).and_then(|p| p.section);
            for definition in in_unit {
                let again = seen
                    .get(definition.abbreviation.as_str())
                    .filter(|(at, earlier)| {
                        *at == section && section.is_some() && earlier.key == definition.key
                    });
                if let Some((_, earlier)) = again {
                    let line = ctx.source.position(earlier.span.start).line;
                    let abbreviation = &definition.abbreviation;
                    // "a 'Requires Improvement' (RI) rating": the words
                    // without the quotes around them.
                    let words = one_line(&earlier.text);
                    let words = words.trim_matches(['\'', '\u{2018}', '\u{2019}', '"']);
                    sink.report(
                        format!(
                            "{abbreviation} is defined again: this section defined it at line {line} (\"{words}\"), so the letters alone will do here"
                        ),
                        Label::new(definition.span, "defined again"),
                        vec![Label::new(
                            earlier.span,
                            format!("{abbreviation} = {words}"),
                        )],
                    );
                }
                seen.insert(definition.abbreviation.as_str(), (section, definition));
            }
        }
    }
}
