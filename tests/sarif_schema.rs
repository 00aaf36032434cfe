//! SARIF output validates against the official SARIF 2.1.0 schema (kept in
//! tests/schemas with its provenance; no network at test time).

use std::process::Command;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("the schema is JSON");
    jsonschema::draft4::new(&schema).expect("the schema compiles")
}

fn sarif(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("reportlint runs");
    serde_json::from_slice(&output.stdout).expect("SARIF output is JSON")
}

fn assert_valid(document: &serde_json::Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn findings_with_related_locations_validate() {
    let document = sarif(&["examples/drafts/thornbury-vale-draft.txt"]);
    assert_valid(&document);
    let results = document["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "cqc-la/rating-follows-scores");
    assert_eq!(
        results[0]["relatedLocations"].as_array().map(Vec::len),
        Some(9)
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        31
    );
    let rules = document["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let index = results[0]["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "cqc-la/rating-follows-scores");
    // The validator really validates: a level SARIF does not know fails.
    let mut broken = document.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(validator().iter_errors(&broken).next().is_some());
}

#[test]
fn fixes_validate() {
    let document = sarif(&["examples/published/ofsted-ealing-focused-visit-2022.txt"]);
    assert_valid(&document);
    let results = document["runs"][0]["results"].as_array().expect("results");
    let domain = results
        .iter()
        .find(|r| r["ruleId"] == "common/official-domain-typo")
        .expect("the mistyped address is found");
    let replacement = &domain["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "www.gov.uk");
    assert_eq!(replacement["deletedRegion"]["startLine"], 7);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 11);
}

#[test]
fn input_errors_and_clean_runs_validate() {
    assert_valid(&sarif(&[
        "tests/fixtures/cli/latin1.txt",
        "examples/drafts/harlow-fen-draft.md",
    ]));
}

#[test]
fn fingerprints_survive_edits_elsewhere_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/drafts/thornbury-vale-draft.txt"
    ))
    .expect("fixture");
    let path = dir.path().join("draft.txt");
    let print = |text: &str| {
        std::fs::write(&path, text).expect("write");
        let document = sarif(&[path.to_str().expect("utf-8")]);
        document["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"]["reportlint/v1"]
                    .as_str()
                    .expect("fingerprint")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    let before = print(&original);
    let after = print(&original.replacen(
        "Assessment published: 3 March 2025",
        "Assessment published: 3 March 2025\n\nA new paragraph.\n",
        1,
    ));
    assert_eq!(before.len(), 2);
    assert_eq!(before, after);
}
