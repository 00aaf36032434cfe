//! `--format json` validates against the published schema
//! (docs/json-output.schema.json), on findings, clean reports and input
//! errors; the schema itself rejects documents that break its contract.

use std::process::Command;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/json-output.schema.json"))
            .expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["check", "--format", "json", "--no-config"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("reportlint runs");
    serde_json::from_slice(&output.stdout).expect("the output is JSON")
}

fn errors(document: &serde_json::Value) -> Vec<String> {
    validator()
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_bundled_example_validates() {
    let document = json(&["examples/"]);
    assert_eq!(errors(&document), Vec::<String>::new());
    let findings = document["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f["primary"]["start"]["line"].as_u64() >= Some(1)));
}

#[test]
fn input_errors_validate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("scan.txt"), b"%PDF\0\x01").expect("write");
    std::fs::write(dir.path().join("empty.md"), b"").expect("write");
    let document = json(&[&dir.path().display().to_string()]);
    assert_eq!(errors(&document), Vec::<String>::new());
    assert_eq!(document["input_errors"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_schema_rejects_a_broken_document() {
    let mut document = json(&["examples/drafts/thornbury-vale-draft.txt"]);
    document["findings"][0]["severity"] = "fatal".into();
    document["findings"][0]["primary"]["start"]["line"] = 0.into();
    assert_eq!(errors(&document).len(), 2, "{:?}", errors(&document));
}
