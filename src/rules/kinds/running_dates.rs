//! `running-dates`: the dates a PDF repeats at the top or bottom of every
//! page (its running header or footer, which the model reads as page
//! furniture) must be the report's own dates, as a date range field gives
//! them. A furniture line is read as dates when it names a month and holds
//! a number; one finding is given per distinct line, at its first page.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::block::FurnitureKind;
use crate::model::dates::{month_number, parse_date_range};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The date range field the running dates must equal.
    pub field: String,
}

/// Longer furniture lines are titles, not dates.
const MAX_DATES_BYTES: usize = 60;

impl Kind for Params {
    type Rule = Self;

    fn compile(self) -> Result<Self, String> {
        Ok(self)
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let report = ctx.report;
        let text = ctx.source.text();
        let Some(field) = report.fields.get(&self.field) else {
            return;
        };
        let Some(range) = field.date_range else {
            return;
        };
        // Each distinct running line that reads as dates: its first place
        // and the pages it is on.
        let mut lines: Vec<(&str, crate::span::Span, usize)> = Vec::new();
        for furniture in &report.furniture {
            if furniture.kind != FurnitureKind::Running {
                continue;
            }
            let line = furniture.span.of(text).trim();
            let dates_like = line.len() <= MAX_DATES_BYTES
                && line.bytes().any(|b| b.is_ascii_digit())
                && line
                    .split(|c: char| !c.is_alphabetic())
                    .any(|w| month_number(w).is_some());
            if !dates_like {
                continue;
            }
            match lines.iter_mut().find(|(l, ..)| *l == line) {
                Some(seen) => seen.2 += 1,
                None => lines.push((line, furniture.span, 1)),
            }
        }
        for (line, span, pages) in lines {
            let read = parse_date_range(line.trim_end_matches(['.', ',', ';']));
            if read == Some(range) {
                continue;
            }
            let on = if pages == 1 {
                "on 1 page".to_string()
            } else {
                format!("on {pages} pages")
            };
            let message = match read {
                Some(other) => format!(
                    "the page header gives the dates {} to {} ({on}), but the report's are {} to {}",
                    other.start, other.end, range.start, range.end
                ),
                None => format!(
                    "the page header `{line}` ({on}) does not read as the report's dates, {} to {}",
                    range.start, range.end
                ),
            };
            sink.report(
                message,
                Label::new(span, "page header"),
                vec![Label::new(field.span, "the report's dates")],
            );
        }
    }
}
