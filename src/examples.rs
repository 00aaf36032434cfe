//! Running rules' examples: each `fail` example must draw its rule (as many
//! findings as it says, or at least one), each `pass` example must not, and
//! every rule has at least one of each. `tests/rule_examples.rs` runs the
//! shipped rules' examples with it, and `reportlint test-rules DIR` a
//! team's own pack's.

use crate::finding::Finding;

use crate::rules::{Example, Rule, RuleSet};
use crate::source::SourceFile;
use crate::Linter;

/// An example that does not hold, or a rule without examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// The pack file the rule is in.
    pub file: String,
    /// What went wrong: "fail example #0 gave 0 findings, expected 1".
    pub message: String,
}

/// What running the examples of some rules gave.
#[derive(Debug, Default)]
pub struct ExampleRun {
    /// How many rules and examples were run.
    pub rules: usize,
    pub examples: usize,
    pub failures: Vec<ExampleFailure>,
}

impl ExampleRun {
    /// The failures, one a line with the rule's file and id, then a
    /// summary line, as `reportlint test-rules` prints them.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for failure in &self.failures {
            out.push_str(&format!(
                "{}: {}: {}\n",
                failure.file, failure.rule, failure.message
            ));
        }
        let failed: std::collections::BTreeSet<&str> =
            self.failures.iter().map(|f| f.rule.as_str()).collect();
        out.push_str(&format!(
            "{}, {}: {}\n",
            count(self.rules, "rule"),
            count(self.examples, "example"),
            match failed.len() {
                0 => "every example holds".to_string(),
                1 => "1 rule fails".to_string(),
                n => format!("{n} rules fail"),
            }
        ));
        out
    }
}

/// The ids of the rules of `rules` that are not shipped: those of the
/// packs a team gave, whose examples `reportlint test-rules` runs.
pub fn unshipped(rules: &RuleSet) -> Vec<String> {
    rules
        .rules
        .iter()
        .filter(|r| !r.shipped)
        .map(|r| r.id().to_string())
        .collect()
}

/// The findings of the rule `id` on an example: on its text alone, or, when
/// it lists other reports, on its text as the last report of a run. `Err`
/// when the other reports draw findings (they must not).
pub fn findings(
    linter: &Linter,
    id: &str,
    name: String,
    example: &Example,
) -> Result<Vec<Finding>, String> {
    let only = |r: &Rule| r.id() == id;
    let name = example.file.clone().unwrap_or(name);
    let source = if crate::docx::is_docx(std::path::Path::new(&name)) {
        let bytes = crate::docx::package_of_body(&example.text, example.marked_final)?;
        crate::source::decode_word(&name, &bytes).map_err(|e| e.to_string())?
    } else {
        SourceFile::new(name.clone(), example.text.clone())
    };
    if example.others.is_empty() {
        return Ok(linter.check_source(&source, &only));
    }
    let mut sources: Vec<SourceFile> = example
        .others
        .iter()
        .enumerate()
        .map(|(i, text)| SourceFile::new(format!("{name} other #{i}"), text.clone()))
        .collect();
    sources.push(source);
    let mut run = linter.check_sources(sources, &only);
    let last = run.files.pop().map(|f| f.findings).unwrap_or_default();
    let others: usize = run.files.iter().map(|f| f.findings.len()).sum();
    match others {
        0 => Ok(last),
        n => Err(format!(
            "{} on the other reports of the run",
            count(n, "finding")
        )),
    }
}

/// The family an example of `rule` is read as: the first it applies to,
/// when a pack defines it.
fn family_of(linter: &Linter, rule: &Rule) -> Option<String> {
    rule.spec
        .applies_to
        .first_only()
        .filter(|id| linter.rules.family(id).is_some())
        .map(String::from)
}

/// Runs the examples of the rules of `linter` whose ids are `ids`, each
/// example read as the rule's family.
pub fn run(linter: &mut Linter, ids: &[String]) -> ExampleRun {
    let saved = linter.family_override.take();
    let mut out = ExampleRun::default();
    for id in ids {
        let Some(rule) = linter.rules.rule(id) else {
            continue;
        };
        out.rules += 1;
        let file = rule.file.clone();
        let examples = rule.spec.examples.clone();
        let fail = |message: String| ExampleFailure {
            rule: id.clone(),
            file: file.clone(),
            message,
        };
        if examples.fail.is_empty() {
            out.failures.push(fail("has no `fail` example".into()));
        }
        if examples.pass.is_empty() {
            out.failures.push(fail("has no `pass` example".into()));
        }
        linter.family_override = family_of(linter, rule);
        let messages = |found: &[Finding]| {
            found
                .iter()
                .map(|f| format!("\"{}\"", f.message))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (i, example) in examples.fail.iter().enumerate() {
            out.examples += 1;
            let found = match findings(linter, id, format!("{id} fail #{i}"), example) {
                Ok(found) => found,
                Err(why) => {
                    out.failures.push(fail(format!("fail example #{i}: {why}")));
                    continue;
                }
            };
            let ok = match example.findings {
                Some(expected) => found.len() == expected,
                None => !found.is_empty(),
            };
            if !ok {
                let expected = match example.findings {
                    Some(n) => n.to_string(),
                    None => "at least 1".into(),
                };
                let mut message = format!(
                    "fail example #{i} gave {}, expected {expected}",
                    count(found.len(), "finding")
                );
                if !found.is_empty() {
                    message.push_str(&format!(": {}", messages(&found)));
                }
                out.failures.push(fail(message));
            }
        }
        for (i, example) in examples.pass.iter().enumerate() {
            out.examples += 1;
            let found = match findings(linter, id, format!("{id} pass #{i}"), example) {
                Ok(found) => found,
                Err(why) => {
                    out.failures.push(fail(format!("pass example #{i}: {why}")));
                    continue;
                }
            };
            if !found.is_empty() {
                out.failures.push(fail(format!(
                    "pass example #{i} gave {}: {}",
                    count(found.len(), "finding"),
                    messages(&found)
                )));
            }
        }
    }
    linter.family_override = saved;
    out
}

/// "1 finding", "2 findings".
pub fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
