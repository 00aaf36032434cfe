//! `abbreviation`: an abbreviation defined in brackets after its expansion
//! ("Advice and Referral Centre (ARC)") must be expanded the same way each
//! time it is defined in a report.
//!
//! Definitions are read by [`reader`]: only brackets whose initials spell
//! the abbreviation, so the rule only compares expansions it is sure of.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::{Context, Sink};

pub(crate) mod reader;
pub(crate) mod uses;

use reader::{Definition, ReadsDefinitions};

reader::definition_params! {
    /// Abbreviations with a fixed expansion (statutory roles and bodies):
    /// each definition must be one of the listed forms, even when the
    /// report defines the abbreviation only once. Small words and plurals
    /// are compared as elsewhere.
    #[serde(default)]
    pub glossary: BTreeMap<String, Vec<String>>,
}

/// A rule of this kind: its parameters with the reader of definitions they
/// describe and the glossary's forms as keys.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    reader: reader::Reader,
    glossary_keys: HashMap<String, Vec<String>>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        let reader = self.reader()?;
        let mut glossary_keys = HashMap::default();
        for (abbreviation, forms) in &self.glossary {
            if forms.is_empty() {
                return Err(format!("glossary: `{abbreviation}` has no expansion"));
            }
            let forms = forms
                .iter()
                .map(|form| reader.key(form.split_whitespace()))
                .collect();
            glossary_keys.insert(abbreviation.clone(), forms);
        }
        Ok(Rule {
            params: self,
            reader,
            glossary_keys,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let mut first: HashMap<String, &Definition> = HashMap::default();
        // Variants already reported, so a repeated variant is reported once.
        let mut reported: HashSet<(String, String)> = HashSet::default();
        let defined = self.reader.definitions_in(ctx, &self.params.scope);
        for definition in defined.all() {
            if let Some(forms) = self.glossary_keys.get(&definition.abbreviation) {
                // A term with a fixed expansion is judged against it,
                // not against the report's other definitions.
                if forms.contains(&definition.key) {
                    first
                        .entry(definition.abbreviation.clone())
                        .or_insert(definition);
                    continue;
                }
                if reported.insert((definition.abbreviation.clone(), definition.key.clone())) {
                    // The report's own right definition, if it has one
                    // earlier, shows the reader the intended term.
                    let related = first
                        .get(&definition.abbreviation)
                        .map(|right| {
                            Label::new(
                                right.span,
                                format!("{} = {}", right.abbreviation, right.text),
                            )
                        })
                        .into_iter()
                        .collect();
                    let right = self
                        .params
                        .glossary
                        .get(&definition.abbreviation)
                        .and_then(|f| f.first())
                        .map_or("", String::as_str);
                    sink.report(
                        format!(
                            "{} stands for \"{right}\", not \"{}\"",
                            definition.abbreviation, definition.text
                        ),
                        Label::new(
                            definition.span,
                            format!("{} = {}", definition.abbreviation, definition.text),
                        ),
                        related,
                    );
                }
                continue;
            }
            let Some(original) = first.get(&definition.abbreviation) else {
                first.insert(definition.abbreviation.clone(), definition);
                continue;
            };
            if original.key == definition.key
                || !reported.insert((definition.abbreviation.clone(), definition.key.clone()))
            {
                continue;
            }
            sink.report(
                format!(
                    "{} is expanded as \"{}\" here but as \"{}\" earlier",
                    definition.abbreviation, definition.text, original.text
                ),
                Label::new(
                    definition.span,
                    format!("{} = {}", definition.abbreviation, definition.text),
                ),
                vec![Label::new(
                    original.span,
                    format!("{} = {}", original.abbreviation, original.text),
                )],
            );
        }
    }
}
