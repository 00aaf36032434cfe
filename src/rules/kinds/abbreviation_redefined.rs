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

use serde::Deserialize;

use super::abbreviation::reader::{self, Definition, Reader};
use super::Kind;
use crate::finding::Label;
use crate::rules::search::scope::Scope;
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "reader::paragraphs")]
    pub scope: Scope,
    /// Words an expansion may contain that the abbreviation leaves out.
    #[serde(default)]
    pub small_words: Vec<String>,
    /// The fewest capitals an abbreviation needs to be checked.
    #[serde(default = "reader::two")]
    pub min_capitals: usize,
    /// The most words an expansion may have beyond its initials.
    #[serde(default = "reader::three")]
    pub max_extra_words: usize,
    /// Made by `prepare` from the three reading parameters.
    #[serde(skip)]
    reader: Reader,
}

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        self.reader = Reader::new(&self.small_words, self.min_capitals, self.max_extra_words)?;
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let report = ctx.report;
        // The latest definition of each abbreviation, with its section.
        let mut seen: HashMap<String, (Option<usize>, Definition)> = HashMap::default();
        for (span, paragraph) in self.scope.units(report) {
            let section = report.paragraphs.get(paragraph).and_then(|p| p.section);
            for definition in self.reader.definitions(span.of(text), span.start) {
                let again = seen.get(&definition.abbreviation).filter(|(at, earlier)| {
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
                seen.insert(definition.abbreviation.clone(), (section, definition));
            }
        }
    }
}
