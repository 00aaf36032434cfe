//! GitLab Code Quality: the JSON array GitLab reads from a
//! `codequality` report artifact and shows in merge requests.
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>

use serde_json::{json, Value};

use std::io::{self, Write};

use super::{Head, JsonArray, Writer};
use crate::finding::Severity;
use crate::source::InputError;
use crate::stream::Checked;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

pub struct Gitlab {
    cap: super::Cap,
    counter: super::CapCounter,
    issues: Option<JsonArray>,
}

impl Gitlab {
    pub fn new(cap: &super::Cap) -> Self {
        Self {
            cap: *cap,
            counter: cap.counter(),
            issues: None,
        }
    }

    fn issue(&mut self, out: &mut dyn Write, issue: &Value) -> io::Result<()> {
        match &mut self.issues {
            Some(issues) => issues.item(out, issue),
            None => Ok(()),
        }
    }

    fn input_error(&mut self, out: &mut dyn Write, error: &InputError) -> io::Result<()> {
        let problem = error.problem.to_string();
        self.issue(
            out,
            &json!({
                "description": problem,
                "check_name": "input",
                "fingerprint": format!("input:{}", error.path),
                "severity": "blocker",
                "location": { "path": error.path, "lines": { "begin": 1 } },
            }),
        )
    }
}

impl Writer for Gitlab {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        self.issues = Some(JsonArray::open(out, 0)?);
        for error in head.input_errors {
            self.input_error(out, error)?;
        }
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        for shown in file.shown() {
            let (finding, source) = (shown.finding, shown.source);
            if !self.counter.admit(&finding.rule) {
                continue;
            }
            let begin = source.position(finding.primary.span.start).line;
            let end = source.position(finding.primary.span.end).line;
            let mut description = finding.message.clone();
            for label in &finding.related {
                description.push_str(&format!(" ({}: {})", shown.line_of(label), label.message));
            }
            self.issue(
                out,
                &json!({
                    "description": description,
                    "check_name": finding.rule,
                    "fingerprint": format!("{}:{}", source.name(), finding.fingerprint(source)),
                    "severity": severity(finding.severity),
                    "location": { "path": source.name(), "lines": { "begin": begin, "end": end } },
                }),
            )?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        for error in late {
            self.input_error(out, error)?;
        }
        let per_rule = self.cap.per_rule.unwrap_or(0);
        let cut: Vec<(String, usize)> = self
            .counter
            .cut()
            .into_iter()
            .map(|(rule, n)| (rule.to_string(), n))
            .collect();
        for (rule, cut) in cut {
            self.issue(
                out,
                &json!({
                    "description": format!("{cut} more findings of {rule} not shown (the cap is {per_rule} per rule); run reportlint locally to see them all"),
                    "check_name": rule,
                    "fingerprint": format!("cap:{rule}"),
                    "severity": "info",
                    "location": { "path": ".", "lines": { "begin": 1 } },
                }),
            )?;
        }
        match self.issues.take() {
            Some(issues) => issues.close(out)?,
            None => out.write_all(b"[]")?,
        }
        out.write_all(b"\n")
    }
}
