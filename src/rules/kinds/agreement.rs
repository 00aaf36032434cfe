//! `agreement`: a value keyed by an entity must be the same wherever the
//! entity appears, such as a quality statement's score in the summary table
//! and in its own section.

use serde::Deserialize;

use super::Kind;
use crate::family::ScorePlace;
use crate::finding::Label;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What must agree.
    pub values: Source,
    /// The two places to compare; the finding points at the first.
    pub between: [ScorePlace; 2],
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Scores,
}

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        if self.between[0] == self.between[1] {
            return Err("`between` names the same place twice".into());
        }
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let [here, there] = self.between;
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        for first in ctx.report.scores_at(here) {
            let Some(entity) = &first.entity else {
                continue;
            };
            // Compare with the first statement of the same entity elsewhere.
            let Some(other) = ctx
                .report
                .scores_at(there)
                .find(|s| s.entity.as_ref() == Some(entity))
            else {
                continue;
            };
            if other.value == first.value {
                continue;
            }
            let name = first.name.as_deref().unwrap_or(entity);
            sink.report(
                format!(
                    "the {} score of {entity_name} `{name}` is {} but its {} score is {}",
                    here.as_str(),
                    first.value,
                    there.as_str(),
                    other.value
                ),
                Label::new(
                    first.span,
                    format!("{} score {}", here.as_str(), first.value),
                ),
                vec![Label::new(
                    other.span,
                    format!("{} score {}", there.as_str(), other.value),
                )],
            );
        }
    }
}
