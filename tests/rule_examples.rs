//! Every shipped rule's examples: each `fail` example must draw the rule
//! (as many findings as it says), each `pass` example must not.

use reportlint::source::SourceFile;
use reportlint::Linter;

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
        let only = |r: &reportlint::rules::Rule| r.id() == id;
        for (i, example) in examples.fail.iter().enumerate() {
            let source = SourceFile::new(format!("{id} fail #{i}"), example.text.clone());
            let found = linter.check_source(&source, &only);
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
            let source = SourceFile::new(format!("{id} pass #{i}"), example.text.clone());
            let found = linter.check_source(&source, &only);
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
