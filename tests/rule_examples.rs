//! Every shipped rule's examples: each `fail` example must draw the rule
//! (as many findings as it says), each `pass` example must not.

use reportlint::finding::Finding;
use reportlint::rules::{Example, Rule};
use reportlint::source::SourceFile;
use reportlint::Linter;

/// The findings of the rule `id` on an example: on its text alone, or, when
/// it lists other reports, on its text as the last report of a run.
fn findings(linter: &Linter, id: &str, name: String, example: &Example) -> Vec<Finding> {
    let only = |r: &Rule| r.id() == id;
    let source = SourceFile::new(name.clone(), example.text.clone());
    if example.others.is_empty() {
        return linter.check_source(&source, &only);
    }
    let mut sources: Vec<SourceFile> = example
        .others
        .iter()
        .enumerate()
        .map(|(i, text)| SourceFile::new(format!("{name} other #{i}"), text.clone()))
        .collect();
    sources.push(source);
    let run = linter.check_sources(sources, &only);
    let (last, others) = run.files.split_last().expect("the example is in the run");
    assert!(
        others.iter().all(|f| f.findings.is_empty()),
        "{name}: findings on the other reports of the run"
    );
    last.findings.clone()
}

fn family_of(linter: &Linter, rule: &reportlint::rules::Rule) -> Option<String> {
    rule.spec
        .applies_to
        .first()
        .filter(|id| linter.rules.family(id).is_some())
        .cloned()
}

#[test]
fn every_rule_has_examples_that_hold() {
    let mut linter = Linter::builtin();
    assert!(
        linter.rules.errors.is_empty(),
        "shipped packs load cleanly: {:?}",
        linter.rules.errors
    );
    assert!(!linter.rules.rules.is_empty());
    let ids: Vec<String> = linter
        .rules
        .rules
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let mut failures = Vec::new();
    for id in ids {
        let rule = linter.rules.rule(&id).expect("listed rule exists");
        assert!(
            !rule.spec.examples.fail.is_empty(),
            "{id} has no failing example"
        );
        assert!(
            !rule.spec.examples.pass.is_empty(),
            "{id} has no passing example"
        );
        assert!(
            !rule.spec.summary.trim().is_empty() && !rule.spec.why.trim().is_empty(),
            "{id} lacks summary or why"
        );
        let examples = rule.spec.examples.clone();
        linter.family_override = family_of(&linter, rule);
        for (i, example) in examples.fail.iter().enumerate() {
            let found = findings(&linter, &id, format!("{id} fail #{i}"), example);
            let expected = example.findings.unwrap_or(1);
            let ok = if example.findings.is_some() {
                found.len() == expected
            } else {
                !found.is_empty()
            };
            if !ok {
                failures.push(format!(
                    "{id}: fail example #{i} gave {} findings, expected {expected}: {:?}",
                    found.len(),
                    found.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
        for (i, example) in examples.pass.iter().enumerate() {
            let found = findings(&linter, &id, format!("{id} pass #{i}"), example);
            if !found.is_empty() {
                failures.push(format!(
                    "{id}: pass example #{i} gave {:?}",
                    found.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
