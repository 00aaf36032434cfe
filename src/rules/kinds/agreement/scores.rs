//! `score-agreement`: a scored entity's score in two places (the summary
//! table and its own section) must be the same; with `unpaired`, an entity
//! scored in one place and named without a score in the other is
//! reported instead.

use foldhash::{HashMap, HashSet};

use serde::Deserialize;

use crate::family::ScorePlace;
use crate::finding::Label;
use crate::model::GradeForm;
use crate::rules::kinds::{Kind, Run};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The two places to compare; the finding points at the first.
    pub between: [ScorePlace; 2],
    /// Report instead an entity scored in one place whose row or section
    /// in the other place gives no score.
    #[serde(default)]
    pub unpaired: bool,
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
        let [a, b] = self.between;
        if a == b {
            return Err("`between` names the same place twice".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let [here, there] = self.between;
        if self.unpaired {
            self.run_unpaired(ctx, sink, [here, there]);
            self.run_unpaired(ctx, sink, [there, here]);
            return;
        }
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        // The first statement of each entity elsewhere, found in one pass,
        // not searched for once per score.
        let mut elsewhere: HashMap<&str, &crate::model::Score> = HashMap::default();
        for score in ctx.report.scores_at(there) {
            if let Some(entity) = &score.entity {
                elsewhere.entry(entity.as_str()).or_insert(score);
            }
        }
        for first in ctx.report.scores_at(here) {
            let Some(entity) = &first.entity else {
                continue;
            };
            // Compare with the first statement of the same entity elsewhere.
            let Some(&other) = elsewhere.get(entity.as_str()) else {
                continue;
            };
            if other.value == first.value {
                continue;
            }
            let (a, b) = (first.shown(), other.shown());
            if first.grade.is_some() {
                // A judgement in words: named as the family names it, placed
                // in the table and the section.
                let name = ctx
                    .family
                    .map_or(entity.as_str(), |f| f.entity_name(entity));
                let place = |score: &crate::model::Score, p: ScorePlace| match (score.form, p) {
                    (Some(GradeForm::Sentence), ScorePlace::Summary) => {
                        "the first sentence that states it"
                    }
                    (Some(GradeForm::Sentence), ScorePlace::Body) => "a later sentence",
                    (Some(form), _) => form.place(),
                    (None, ScorePlace::Summary) => "the judgement table",
                    (None, ScorePlace::Body) => "its section",
                };
                let there_place = place(other, there);
                sink.report(
                    format!(
                        "`{name}` is {a} in {} but {b} in {there_place}",
                        place(first, here),
                    ),
                    Label::new(first.span, format!("{a} here")),
                    vec![Label::new(other.span, format!("{b} in {there_place}"))],
                );
                continue;
            }
            let name = first.name.as_deref().unwrap_or(entity);
            sink.report(
                format!(
                    "the {} score of {entity_name} `{name}` is {a} but its {} score is {b}",
                    here.as_str(),
                    there.as_str(),
                ),
                Label::new(first.span, format!("{} score {a}", here.as_str())),
                vec![Label::new(
                    other.span,
                    format!("{} score {b}", there.as_str()),
                )],
            );
        }
    }
}

impl Params {
    /// Reports each entity scored at `here` that is named at `there` (its
    /// row in the summary table, or its section's heading) with no score
    /// there: the reader of that place cannot tell the score, and a score
    /// lost in editing often goes with a changed one.
    fn run_unpaired(&self, ctx: &Context<'_>, sink: &mut Sink<'_>, [here, there]: [ScorePlace; 2]) {
        let report = ctx.report;
        let scored_there: HashSet<&str> = report
            .scores_at(there)
            .filter_map(|s| s.entity.as_deref())
            .collect();
        let named_there = |entity: &str| {
            let place = match there {
                ScorePlace::Summary => crate::model::MentionPlace::Summary,
                ScorePlace::Body => crate::model::MentionPlace::Heading,
            };
            report
                .mentions
                .iter()
                .find(|m| m.place == place && m.entity == entity)
        };
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        let mut seen = HashSet::default();
        for score in report.scores_at(here) {
            let Some(entity) = score.entity.as_deref() else {
                continue;
            };
            if scored_there.contains(entity) || !seen.insert(entity) {
                continue;
            }
            let Some(mention) = named_there(entity) else {
                continue;
            };
            let name = score.name.as_deref().unwrap_or(entity);
            let value = score.shown();
            let (no_score_at, scored_at) = match there {
                ScorePlace::Summary => ("in the summary table", "its section"),
                ScorePlace::Body => ("in its section", "the summary table"),
            };
            sink.report(
                format!("{entity_name} `{name}` has no score {no_score_at}, but {scored_at} scores it {value}"),
                Label::new(mention.span, format!("no score {no_score_at}")),
                vec![Label::new(score.span, format!("scored {value} here"))],
            );
        }
    }
}
