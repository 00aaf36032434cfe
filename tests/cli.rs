//! The `reportlint` binary as users and CI run it: exit codes, every output
//! format on the same report, bad input and broken rule packs.

use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    format!("tests/fixtures/cli/{name}")
}

fn reportlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("reportlint runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn exit_code_is_one_for_findings_and_zero_for_a_clean_report() {
    let bad = reportlint(&[
        "check",
        "--format",
        "concise",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    let clean = reportlint(&[
        "check",
        "--format",
        "concise",
        "tests/fixtures/invented/cqc-brackenfold-2025.txt",
    ]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}{}",
        stdout(&clean),
        stderr(&clean)
    );
    assert_eq!(stdout(&clean), "");
    let lenient = reportlint(&[
        "check",
        "--fail-level",
        "error",
        "--ignore",
        "cqc-la/rating-follows-scores",
        "--ignore",
        "cqc-la/summary-score-matches-section",
        "--ignore",
        "cqc-la/required-sections",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(lenient.status.code(), Some(0));
}

#[test]
fn concise_format_gives_path_line_column_rule_and_related_spans() {
    let output = reportlint(&[
        "check",
        "--format",
        "concise",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn human_format_shows_the_rating_and_the_scores_behind_it() {
    let output = reportlint(&[
        "check",
        "--format",
        "human",
        "--color",
        "never",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn github_format_writes_annotations() {
    let output = reportlint(&[
        "check",
        "--format",
        "github",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_format_is_versioned_and_complete() {
    let output = reportlint(&[
        "check",
        "--format",
        "json",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    // The rating and the summary score, and four sections the draft lacks.
    assert_eq!(json["summary"]["findings"], 6);
    let rating = json["findings"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|f| f["rule"] == "cqc-la/rating-follows-scores")
        })
        .expect("the rating finding");
    assert_eq!(rating["rule"], "cqc-la/rating-follows-scores");
    assert_eq!(rating["severity"], "error");
    assert_eq!(rating["primary"]["start"]["line"], 11);
    assert_eq!(rating["related"].as_array().map(Vec::len), Some(9));
    assert!(
        rating["message"]
            .as_str()
            .is_some_and(|m| m.contains("20/36 = 55.6%")),
        "{rating}"
    );
}

#[test]
fn unreadable_binary_and_non_utf8_files_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("scan.txt");
    std::fs::write(&binary, b"%PDF-1.7\0\0binary").expect("write");
    let missing = dir.path().join("missing.txt");
    let output = reportlint(&[
        "check",
        "--format",
        "concise",
        binary.to_str().expect("utf-8 path"),
        missing.to_str().expect("utf-8 path"),
        &fixture("latin1.txt"),
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.contains("scan.txt:1:1: error[input] binary file (NUL byte at offset 8)"),
        "{text}"
    );
    assert!(
        text.contains("missing.txt:1:1: error[input] cannot read the file: no such file or folder"),
        "{text}"
    );
    assert!(
        text.contains("latin1.txt:1:1: error[input] not valid UTF-8 at line 1, column 4 (byte 3)"),
        "{text}"
    );
    assert!(
        text.contains("thornbury-vale-draft.txt:11:1: error[cqc-la/rating-follows-scores]"),
        "the good file is still linted: {text}"
    );
}

#[test]
fn folders_are_walked_for_reports_in_sorted_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/drafts/thornbury-vale-draft.txt"
    ))
    .expect("draft");
    std::fs::create_dir(dir.path().join("nested")).expect("mkdir");
    for name in ["b.txt", "a.md", "nested/c.txt", "ignored.pdf"] {
        std::fs::write(dir.path().join(name), &draft).expect("write");
    }
    let output = reportlint(&[
        "check",
        "--format",
        "concise",
        dir.path().to_str().expect("utf-8"),
    ]);
    let text = stdout(&output);
    let order: Vec<&str> = ["a.md:", "b.txt:", "c.txt:"]
        .into_iter()
        .filter(|n| text.contains(n))
        .collect();
    assert_eq!(order.len(), 3, "{text}");
    let positions: Vec<usize> = order
        .iter()
        .map(|n| text.find(n).expect("present"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        !text.contains("ignored.pdf"),
        "only report extensions are walked: {text}"
    );
}

#[test]
fn a_broken_rule_pack_is_located_skipped_and_exits_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("broken.yaml");
    std::fs::write(
        &pack,
        "applies_to: [cqc-local-authority]\nrules:\n  - id: custom/typo\n    summary: s\n    severity: error\n    why: w\n    kind: agreement\n    params: { values: scores, betwen: [summary, body] }\n    examples: {}\n",
    )
    .expect("write");
    let output = reportlint(&[
        "check",
        "--format",
        "concise",
        "--rules",
        dir.path().to_str().expect("utf-8"),
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("betwen"), "{err}");
    assert!(err.contains("broken.yaml:8"), "{err}");
    assert!(
        stdout(&output).contains("cqc-la/rating-follows-scores"),
        "shipped rules still ran"
    );
}

#[test]
fn outline_shows_scores_side_by_side_and_json_parses() {
    let output = reportlint(&["outline", "examples/drafts/thornbury-vale-draft.txt"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
    let json = reportlint(&[
        "outline",
        "--format",
        "json",
        "examples/drafts/harlow-fen-draft.md",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON outline");
    assert_eq!(value["family"], "cqc-local-authority");
    assert_eq!(value["scores"][0]["summary"][0]["value"], 2);
}

#[test]
fn rules_and_explain_document_each_rule() {
    let list = stdout(&reportlint(&["rules"]));
    assert!(list.contains("cqc-la/rating-follows-scores"), "{list}");
    let explain = reportlint(&["explain", "cqc-la/rating-follows-scores"]);
    let text = stdout(&explain);
    assert!(
        text.contains("Why") && text.contains("Example that is flagged"),
        "{text}"
    );
    assert_eq!(
        reportlint(&["explain", "no/such-rule"]).status.code(),
        Some(2)
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(reportlint(&["check"]).status.code(), Some(2));
    assert_eq!(
        reportlint(&[
            "check",
            "--kind",
            "nonsense",
            "examples/drafts/harlow-fen-draft.md"
        ])
        .status
        .code(),
        Some(2)
    );
}
