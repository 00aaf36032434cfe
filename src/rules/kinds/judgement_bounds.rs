//! `judgement-bounds`: a judgement that sums up others (an inspection's
//! overall effectiveness) must sit with them: between the worst and the best
//! of them (`between`), and, when it is one of some grades, with each of
//! some others at least a given grade (`implies`: an outstanding overall
//! comes with outstanding leadership).
//!
//! Judgements are the family's graded scores (see `grades` in the family
//! template); each entity's is read from the judgement table, or from its
//! section when the table has none. Grades are named as the family names
//! them; a rule naming a grade the family does not have finds nothing.
//! These are patterns a regulator follows, not published rules, so packs
//! give such rules as warnings whose messages say "normally".

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Kind, Run};
use crate::family::{Family, ScorePlace};
use crate::finding::Label;
use crate::model::{Report, Score};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The entity whose judgement is checked (`overall-effectiveness`).
    pub subject: String,
    /// The subject lies between the worst and the best of these entities'
    /// judgements (those the report gives).
    #[serde(default)]
    pub between: Vec<String>,
    /// When the subject is one of `when`, each of `of` is at least
    /// `at_least`.
    #[serde(default)]
    pub implies: Vec<Implication>,
    /// Judgements that some reports give as parts of another (before 2018
    /// care leavers were judged within children looked after): when the
    /// report judges the whole, its parts are not counted on their own.
    #[serde(default)]
    pub parts: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Implication {
    pub when: Vec<String>,
    pub of: Vec<String>,
    pub at_least: String,
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
        if self.between.is_empty() && self.implies.is_empty() {
            return Err("give `between` or `implies`".into());
        }
        if self
            .implies
            .iter()
            .any(|i| i.when.is_empty() || i.of.is_empty())
        {
            return Err("each of `implies` needs `when` and `of`".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let Some(family) = ctx.family else {
            return;
        };
        let Some(graded) = &family.graded else {
            return;
        };
        let report = ctx.report;
        let Some(subject) = judgement(report, &self.subject) else {
            return;
        };
        let subject_name = name(family, &self.subject);
        let shown = subject.shown();
        // The parts of a whole the report judges stand in for nothing.
        let counted = |id: &String| {
            !self
                .parts
                .iter()
                .any(|(whole, parts)| parts.contains(id) && judgement(report, whole).is_some())
        };
        let others: Vec<&Score> = self
            .between
            .iter()
            .filter(|id| counted(id))
            .filter_map(|id| judgement(report, id))
            .collect();
        let worst = others.iter().min_by_key(|s| s.value);
        let best = others.iter().max_by_key(|s| s.value);
        if let (Some(worst), Some(best)) = (worst, best) {
            if subject.value < worst.value || subject.value > best.value {
                sink.report(
                    format!(
                        "{subject_name} is {shown}, outside the other judgements ({} to {}): it normally lies between the worst and the best of them",
                        worst.shown(),
                        best.shown()
                    ),
                    Label::new(subject.span, format!("{shown} here")),
                    vec![
                        Label::new(worst.span, format!("the worst: {}", worst.shown())),
                        Label::new(best.span, format!("the best: {}", best.shown())),
                    ],
                );
                // The implications would repeat what this says.
                return;
            }
        }
        for implication in &self.implies {
            let applies = implication
                .when
                .iter()
                .any(|g| graded.grade(g).is_some_and(|(v, _)| v == subject.value));
            let Some((least, least_name)) = graded.grade(&implication.at_least) else {
                continue;
            };
            if !applies {
                continue;
            }
            for id in implication.of.iter().filter(|id| counted(id)) {
                let Some(other) = judgement(report, id) else {
                    continue;
                };
                if other.value >= least {
                    continue;
                }
                let other_name = name(family, id);
                sink.report(
                    format!(
                        "{subject_name} is {shown}, but `{other_name}` is {}: an overall judgement of {shown} normally comes with `{other_name}` at least {least_name}",
                        other.shown()
                    ),
                    Label::new(subject.span, format!("{shown} here")),
                    vec![Label::new(other.span, format!("{} here", other.shown()))],
                );
            }
        }
    }
}

/// An entity's judgement: the table's, else the first its sections give.
fn judgement<'r>(report: &'r Report, id: &str) -> Option<&'r Score> {
    let of_entity = |s: &&Score| s.entity.as_deref() == Some(id) && s.grade.is_some();
    report
        .scores
        .iter()
        .filter(of_entity)
        .find(|s| s.place == Some(ScorePlace::Summary))
        .or_else(|| report.scores.iter().find(of_entity))
}

/// An entity's name as the family gives it, capitalised as a sentence starts.
fn name(family: &Family, id: &str) -> String {
    let mut chars = family.entity_name(id).chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
