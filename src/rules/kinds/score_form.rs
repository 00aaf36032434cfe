//! `score-form`: every score line is written in the template's form. The
//! grammar reads `Score 2` (no colon) and `## Score: 3` (a score line made a
//! heading) so that a slip in form never hides a score from the other
//! rules; this kind then says the line is not as the template prints it.
//! Only numeric score lines are read (a judgement in words has no one
//! form). When most of a report's score lines share another form, that is
//! the report's way of writing them: one finding says so, at the first.

use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::{Label, Replacement};
use crate::rules::search::pattern::Pattern;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The form a score line must have: a regex the whole line (without its
    /// surrounding white space) must match.
    pub form: Pattern,
    /// The finding's message; `{line}` is the line as written.
    pub message: String,
    /// The line to offer in its place, `{value}` standing for the score
    /// (no fix is offered for a line that also states a maximum, `3/4`).
    #[serde(default)]
    pub replacement: Option<String>,
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
        if self.message.trim().is_empty() {
            return Err("`message` is empty".into());
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let lines: Vec<(Span, u32)> = ctx
            .report
            .scores
            .iter()
            .filter(|score| score.grade.is_none())
            .map(|score| (score.line_span.trim(text), score.value))
            .filter(|(line, _)| !line.is_empty())
            .collect();
        let off: Vec<(Span, u32)> = lines
            .iter()
            .copied()
            .filter(|(line, _)| !self.form.regex().is_match(line.of(text)))
            .collect();
        // Most score lines in another form is the report's own way of
        // writing them, not a slip here and there: one finding says so.
        if off.len() > 1 && 2 * off.len() >= lines.len() {
            let (first, _) = off[0];
            let message = self.message.replace("{line}", first.of(text));
            sink.report(
                format!(
                    "{message} ({} of the {} score lines are so)",
                    off.len(),
                    lines.len()
                ),
                Label::new(first, "the first written so"),
                Vec::new(),
            );
            return;
        }
        for (line, value) in off {
            let written = line.of(text);
            let message = self.message.replace("{line}", written);
            let label = Label::new(line, "written so");
            let states_max = written.contains('/') || written.to_lowercase().contains("out of");
            match &self.replacement {
                Some(replacement) if !states_max => sink.report_with_fix(
                    message,
                    label,
                    Vec::new(),
                    Replacement::new(line, replacement.replace("{value}", &value.to_string())),
                ),
                _ => sink.report(message, label, Vec::new()),
            }
        }
    }
}
