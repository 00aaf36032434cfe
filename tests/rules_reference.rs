//! `rules/README.md` is generated from the shipped packs; this test fails
//! when it is stale and rewrites it with `UPDATE_RULES_README=1`.

#[test]
fn rules_readme_is_fresh() {
    let set = reportlint::rules::RuleSet::builtin();
    let expected = reportlint::rules::reference(&set);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md");
    if std::env::var_os("UPDATE_RULES_README").is_some() {
        std::fs::write(path, &expected).expect("rules/README.md is writable");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "rules/README.md is stale: run `UPDATE_RULES_README=1 cargo test --test rules_reference`"
    );
}
