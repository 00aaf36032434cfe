//! `judgement-era`: a judgement a framework gave only for a period. An
//! inspection that started within `[from, until)` must give the entity's
//! judgement; one that started on or after `until` must not (Ofsted
//! withdrew the overall effectiveness judgement from inspections starting
//! 27 April 2026). What counts is the start of the inspection (a date or
//! date range field), not the publication. A report whose start date cannot
//! be read, or that started before `from` (another framework), is not
//! checked.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::dates::{parse_date, Date};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The entity whose judgement depends on the date.
    pub entity: String,
    /// The field holding the start of the inspection: a date, or a date
    /// range whose start counts.
    pub field: String,
    /// First day the judgement is given (`1 January 2018`).
    pub from: String,
    /// First day it is no longer given (`27 April 2026`).
    pub until: String,
}

/// A rule of this kind: its parameters with the two dates read.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    from: Date,
    until: Date,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        let read = |what: &str, text: &str| {
            parse_date(text)
                .filter(|d| d.valid)
                .ok_or_else(|| format!("`{what}` is not a date: `{text}` (write `27 April 2026`)"))
        };
        let (from, until) = (read("from", &self.from)?, read("until", &self.until)?);
        if until <= from {
            return Err("`until` must be after `from`".into());
        }
        Ok(Rule {
            params: self,
            from,
            until,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let (params, from, until) = (&self.params, self.from, self.until);
        let Some(field) = ctx.report.fields.get(&params.field) else {
            return;
        };
        let Some(start) = field.date_range.map(|r| r.start).or(field.date) else {
            return;
        };
        if !start.valid || start < from {
            return;
        }
        let name = ctx
            .family
            .map_or(params.entity.as_str(), |f| f.entity_name(&params.entity));
        let given = ctx
            .report
            .scores
            .iter()
            .find(|s| s.entity.as_deref() == Some(params.entity.as_str()));
        let started = Label::new(field.span, format!("started {start}"));
        match given {
            None if start < until => sink.report(
                format!(
                    "the inspection started on {start}, before {until}, but gives no `{name}` judgement: inspections that started from {from} to then give one"
                ),
                started,
                Vec::new(),
            ),
            Some(score) if start >= until => sink.report(
                format!(
                    "`{name}` is judged {}, but the inspection started on {start}: inspections that start on or after {until} give no such judgement",
                    score.shown()
                ),
                Label::new(score.span, "no longer given"),
                vec![started],
            ),
            _ => {}
        }
    }
}
