//! Every shipped rule's examples: each `fail` example must draw the rule
//! (as many findings as it says), each `pass` example must not. The same
//! code (`reportlint::examples`) runs a team's pack's examples in
//! `reportlint test-rules DIR`.

use reportlint::Linter;

#[test]
fn every_rule_has_examples_that_hold() {
    let mut linter = Linter::builtin();
    assert!(
        linter.rules.errors.is_empty(),
        "shipped packs load cleanly: {:?}",
        linter.rules.errors
    );
    assert!(!linter.rules.rules.is_empty());
    for rule in &linter.rules.rules {
        assert!(
            !rule.spec.summary.trim().is_empty() && !rule.spec.why.trim().is_empty(),
            "{} lacks summary or why",
            rule.id()
        );
    }
    let ids: Vec<String> = linter
        .rules
        .rules
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let run = reportlint::examples::run(&mut linter, &ids);
    assert_eq!(run.rules, ids.len());
    assert!(run.examples >= 2 * ids.len(), "{run:?}");
    let failures: Vec<String> = run
        .failures
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
