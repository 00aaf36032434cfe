//! Every shipped rule's examples, one test per rule: each `fail` example
//! must draw the rule (as many findings as it says), each `pass` example
//! must not. A failure is reported under the rule's id, and one rule's
//! examples run alone with `cargo test --test rule_examples -- <id>`. The
//! same code (`reportlint::examples`) runs a team's pack's examples in
//! `reportlint test-rules DIR`.

use std::sync::{Arc, Mutex, PoisonError};

use libtest_mimic::{Arguments, Failed, Trial};
use reportlint::Linter;

fn main() {
    let args = Arguments::from_args();
    let linter = Linter::builtin();
    let load_errors: Vec<String> = linter
        .rules
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    let ids: Vec<String> = linter
        .rules
        .rules
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let count = ids.len();
    let mut trials = vec![Trial::test("shipped packs load cleanly", move || {
        if !load_errors.is_empty() {
            return Err(load_errors.join("\n").into());
        }
        if count == 0 {
            return Err("no rule loaded".into());
        }
        Ok(())
    })];
    // Examples are run one rule at a time by a linter that reads them as
    // the rule's family: the linter is shared, not built per rule.
    let linter = Arc::new(Mutex::new(linter));
    for id in ids {
        let linter = Arc::clone(&linter);
        trials.push(Trial::test(id.clone(), move || {
            let mut linter = linter.lock().unwrap_or_else(PoisonError::into_inner);
            examples_hold(&mut linter, &id)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// The rule has a summary, a why, a fail and a pass example, and every
/// example holds.
fn examples_hold(linter: &mut Linter, id: &str) -> Result<(), Failed> {
    let Some(rule) = linter.rules.rule(id) else {
        return Err(format!("{id} is not loaded").into());
    };
    if rule.spec.summary.trim().is_empty() || rule.spec.why.trim().is_empty() {
        return Err(format!("{id} lacks a summary or a why").into());
    }
    let run = reportlint::examples::run(linter, &[id.to_string()]);
    if run.rules != 1 || run.examples < 2 {
        return Err(format!("{id}: {run:?}").into());
    }
    if run.failures.is_empty() {
        return Ok(());
    }
    let failures: Vec<String> = run.failures.iter().map(|f| f.message.clone()).collect();
    Err(failures.join("\n").into())
}
