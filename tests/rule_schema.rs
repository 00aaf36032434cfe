//! docs/rule-pack.schema.json is made from the types packs are read into;
//! this test fails when it is stale and rewrites it with
//! `UPDATE_RULE_SCHEMA=1`. Every shipped pack validates against it, and it
//! rejects what the loader rejects (an unknown key, a kind's unknown
//! parameter).

use reportlint::rules::schema::{rule_pack_schema, SCHEMA_PATH};

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH)
}

#[test]
fn the_published_schema_is_fresh() {
    let expected = format!(
        "{}\n",
        serde_json::to_string_pretty(&rule_pack_schema()).expect("the schema is JSON")
    );
    if std::env::var_os("UPDATE_RULE_SCHEMA").is_some() {
        std::fs::write(path(), &expected).expect("docs/ is writable");
    }
    let committed = std::fs::read_to_string(path()).unwrap_or_default();
    assert!(
        committed == expected,
        "{SCHEMA_PATH} is stale: run `UPDATE_RULE_SCHEMA=1 cargo test --test rule_schema`"
    );
}

/// A pack as the editor sees it: YAML 1.2 (`on` is a word), aliases
/// expanded.
fn pack(text: &str) -> serde_json::Value {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options(text, options).expect("the pack is YAML")
}

fn errors(document: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::draft7::new(&rule_pack_schema()).expect("the schema compiles");
    validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn every_shipped_pack_validates() {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(rules).sort_by_file_name() {
        let entry = entry.expect("rules/ is readable");
        if entry.path().extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a pack is text");
        assert_eq!(
            errors(&pack(&text)),
            Vec::<String>::new(),
            "{}",
            entry.path().display()
        );
        checked += 1;
    }
    assert!(checked > 20, "{checked} packs");
}

#[test]
fn what_the_loader_rejects_the_schema_rejects() {
    let good = "rules:\n  - id: a/b\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: { between: [summary, body] }\n    examples: {}\n";
    assert_eq!(errors(&pack(good)), Vec::<String>::new());
    for bad in [
        good.replace("params: { between", "params: { betwen"),
        good.replace("severity: error", "severity: eror"),
        good.replace("kind: score-agreement", "kind: score-agreemnt"),
        good.replace("    why: w\n", "    why: w\n    whyy: w\n"),
        format!("{good}extra: 1\n"),
    ] {
        assert!(!errors(&pack(&bad)).is_empty(), "{bad}");
    }
}
