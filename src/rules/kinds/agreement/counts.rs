//! `count-agreement`: a whole number stated twice for the same counted
//! thing ("642 people were waiting for a carers assessment") must be the
//! same number; a round number against a figure it may round is a note.

use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashSet};

use serde::Deserialize;

use super::quoted;
use crate::finding::{Label, Severity};
use crate::rules::kinds::{Kind, Run};
use crate::rules::measure::{CountWords, MeasureSets, MeasureWords, Reader};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The word lists that key a figure by what it measures.
    pub measure: MeasureWords,
    /// What makes a number no count of its own.
    pub counts: CountWords,
}

/// A rule of this kind: its parameters with their word lists as sets.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    sets: MeasureSets,
    units: HashSet<String>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        Ok(Rule {
            sets: self.measure.sets()?,
            units: self.counts.units()?,
            params: self,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let (words, counts) = (&self.params.measure, &self.params.counts);
        let text = ctx.source.text();
        let mut reader = Reader::new((words, &self.sets), text, ctx.report);
        let statements = reader.counts((counts, &self.units));
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (i, (keyed, value, span)) in statements.iter().enumerate() {
            let j = match first.entry(keyed.key.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    continue;
                }
                Entry::Occupied(slot) => *slot.get(),
            };
            let (earlier, e_value, e_span) = &statements[j];
            if earlier.sentence == keyed.sentence || e_value == value {
                continue;
            }
            let measure = quoted(text, keyed.measure);
            let (ef, lf) = (e_span.of(text), span.of(text));
            let primary = Label::new(*span, format!("{lf} here"));
            let related = vec![Label::new(*e_span, format!("{ef} earlier"))];
            // "600" where the other says 642: perhaps a rounding.
            let rounding = [(*value, *e_value, lf, ef), (*e_value, *value, ef, lf)]
                .into_iter()
                .find(|(round, other, _, _)| {
                    rounded_to(*round).is_some_and(|m| (other / m).round() * m == *round)
                });
            if let Some((_, _, round, exact)) = rounding {
                sink.report_as(
                    Severity::Note,
                    format!(
                        "`{measure}`: {lf} here but {ef} in an earlier statement; {round} may be {exact} rounded (if so, say \"about {round}\")"
                    ),
                    primary,
                    related,
                );
                continue;
            }
            sink.report(
                format!(
                    "`{measure}`: {lf} here but {ef} in an earlier statement of the same count"
                ),
                primary,
                related,
            );
        }
    }
}

/// A whole number that looks rounded (a multiple of 100), and the power of
/// ten it is rounded to.
fn rounded_to(value: f64) -> Option<f64> {
    if value < 100.0 || value.fract() != 0.0 {
        return None;
    }
    let mut magnitude = 1.0;
    while (value / (magnitude * 10.0)).fract() == 0.0 && magnitude < 1e12 {
        magnitude *= 10.0;
    }
    (magnitude >= 100.0).then_some(magnitude)
}
