//! The `reportlint` binary as users and CI run it: exit codes, bad input
//! and broken rule packs, what every output format must hold. What the
//! binary prints is pinned once, by the case files of `tests/cmd/`
//! (`tests/cli_cases.rs`); these tests assert properties instead.

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
        "tests/fixtures/cli/clean-report.txt",
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
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(lenient.status.code(), Some(0));
}

#[test]
fn junit_format_is_well_formed_with_one_case_per_finding() {
    let output = reportlint(&[
        "check",
        "--format",
        "junit",
        // The draft was written from the clean report: not a paste to report here.
        "--ignore",
        "cqc-la/text-from-another-report",
        "examples/drafts/thornbury-vale-draft.txt",
        "tests/fixtures/cli/clean-report.txt",
    ]);
    let text = stdout(&output);
    let xml = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("2"));
    let failures: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .filter_map(|n| n.attribute("type"))
        .collect();
    assert_eq!(
        failures,
        [
            "cqc-la/rating-follows-scores",
            "cqc-la/summary-score-matches-section"
        ]
    );
    let clean = xml
        .descendants()
        .find(|n| n.attribute("name") == Some("tests/fixtures/cli/clean-report.txt"))
        .expect("a suite for the clean report");
    assert_eq!(clean.attribute("failures"), Some("0"));
}

#[test]
fn annotation_formats_cap_repeated_findings_and_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft =
        std::fs::read_to_string("examples/drafts/thornbury-vale-draft.txt").expect("example draft");
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("draft-{i}.txt")), &draft).expect("write");
    }
    let folder = dir.path().display().to_string();
    let github = reportlint(&[
        "check",
        "--format",
        "github",
        "--max-per-rule",
        "2",
        &folder,
    ]);
    let text = stdout(&github);
    let shown = text
        .lines()
        .filter(|l| l.starts_with("::error") && l.contains("title=cqc-la/rating-follows-scores::"))
        .count();
    assert_eq!(shown, 2, "{text}");
    assert!(text.contains("1 more findings of cqc-la/rating-follows-scores not shown"));
    let gitlab = reportlint(&[
        "check",
        "--format",
        "gitlab",
        "--max-per-rule",
        "0",
        "--select",
        "cqc-la/rating-follows-scores",
        "--select",
        "cqc-la/summary-score-matches-section",
        &folder,
    ]);
    let issues: serde_json::Value = serde_json::from_slice(&gitlab.stdout).expect("valid JSON");
    let issues = issues.as_array().expect("an array");
    assert_eq!(issues.len(), 6, "no cap with 0: {issues:?}");
    assert!(issues
        .iter()
        .all(|i| i["severity"] == "major" && i["location"]["lines"]["begin"].is_u64()));
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
    assert_eq!(json["summary"]["findings"], 2);
    let rating = &json["findings"][0];
    assert_eq!(rating["rule"], "cqc-la/rating-follows-scores");
    assert_eq!(rating["severity"], "error");
    assert_eq!(rating["primary"]["start"]["line"], 31);
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
        text.contains("thornbury-vale-draft.txt:31:1: error[cqc-la/rating-follows-scores]"),
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
        "applies_to: [cqc-local-authority]\nrules:\n  - id: custom/typo\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: { betwen: [summary, body] }\n    examples: {}\n",
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
fn the_json_outline_parses() {
    // The text outline is pinned by tests/cmd/outline-scores-side-by-side.toml.
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
    // `--family`, and `--kind`, its first name.
    for flag in ["--family", "--kind"] {
        assert_eq!(
            reportlint(&[
                "check",
                flag,
                "nonsense",
                "examples/drafts/harlow-fen-draft.md"
            ])
            .status
            .code(),
            Some(2)
        );
        let forced = reportlint(&[
            "outline",
            flag,
            "ofsted-letter",
            "examples/drafts/harlow-fen-draft.md",
        ]);
        assert!(
            stdout(&forced).contains("(ofsted-letter)"),
            "{}",
            stdout(&forced)
        );
    }
}

#[test]
fn stdin_is_read_under_the_given_name() {
    use std::io::Write;
    let draft = std::fs::read("examples/drafts/thornbury-vale-draft.txt").expect("example draft");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args([
            "check",
            "-",
            "--stdin-filename",
            "drafts/vale.txt",
            "--format",
            "concise",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("reportlint runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&draft)
        .expect("write stdin");
    let output = child.wait_with_output().expect("finishes");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("drafts/vale.txt:31:1: error[cqc-la/rating-follows-scores]"),
        "{text}"
    );
}

#[test]
fn statistics_count_findings_per_rule_and_exit_zero_keeps_going() {
    let output = reportlint(&[
        "check",
        "--statistics",
        "--exit-zero",
        "examples/drafts/thornbury-vale-draft.txt",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "     1  error    cqc-la/rating-follows-scores\n     1  error    cqc-la/summary-score-matches-section\n"
    );
}

#[test]
fn a_suppression_silences_its_finding_and_a_stale_one_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = "# Saltmarsh Council: local authority assessment\n\n## Local authority rating and score\n\nSaltmarsh Council\n<!-- reportlint-disable-next-line cqc-la/rating-follows-scores -- moderation panel agreed -->\nGood\n\n## Quality statement scores\n\nAssessing needs\nScore: 2\n\nSafeguarding\nScore: 2\n";
    let path = dir.path().join("saltmarsh.md");
    std::fs::write(&path, draft).expect("write");
    let path = path.display().to_string();
    let rating = "cqc-la/rating-follows-scores";
    let silenced = reportlint(&["check", "--format", "concise", "--select", rating, &path]);
    assert_eq!(silenced.status.code(), Some(0), "{}", stdout(&silenced));
    assert_eq!(stdout(&silenced), "");

    // Once the rating is corrected the suppression is stale, and said to be.
    std::fs::write(&path, draft.replace("\nGood\n", "\nRequires improvement\n")).expect("write");
    let stale = reportlint(&["check", "--format", "concise", "--select", rating, &path]);
    assert_eq!(stale.status.code(), Some(1));
    let text = stdout(&stale);
    assert!(
        text.contains(
            ":6:1: warning[reportlint/unused-suppression] this suppression silences nothing"
        ),
        "{text}"
    );
}

#[test]
fn a_baseline_accepts_current_findings_and_lets_new_ones_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft =
        std::fs::read_to_string("examples/drafts/thornbury-vale-draft.txt").expect("example draft");
    let report = dir.path().join("vale.txt");
    std::fs::write(&report, &draft).expect("write");
    let baseline = dir.path().join("baseline.json");
    let (report, baseline) = (report.display().to_string(), baseline.display().to_string());
    let recorded = reportlint(&["baseline", "-o", &baseline, &report]);
    assert_eq!(recorded.status.code(), Some(0), "{}", stderr(&recorded));
    assert!(stderr(&recorded).contains("recorded 2 findings"));

    // Lines added above the findings: still accepted.
    std::fs::write(&report, format!("Draft 3, for comment\n\n{draft}")).expect("write");
    let accepted = reportlint(&[
        "check",
        "--format",
        "concise",
        "--baseline",
        &baseline,
        &report,
    ]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stdout(&accepted));
    assert_eq!(stdout(&accepted), "");

    // A new problem is reported; the accepted ones stay silent.
    let worse = format!("Draft 3, for comment\n\n{draft}").replacen("Score: 3", "Score: 4", 1);
    std::fs::write(&report, worse).expect("write");
    let new = reportlint(&[
        "check",
        "--format",
        "concise",
        "--baseline",
        &baseline,
        &report,
    ]);
    assert_eq!(new.status.code(), Some(1));
    let text = stdout(&new);
    // The changed score makes a new mismatch and a new sum for the rating.
    let new_findings: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(new_findings.len(), 2, "{text}");
    assert!(new_findings[0].contains("21/36"), "{text}");
    assert!(
        new_findings[1]
            .contains("`Care provision, integration and continuity` is 4 but its body score is 3"),
        "{text}"
    );
}

/// A folder with a configuration, a draft and a letter sub-folder.
fn configured_folder(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("reportlint.yaml"), config).expect("write");
    let draft =
        std::fs::read_to_string("examples/drafts/thornbury-vale-draft.txt").expect("example draft");
    std::fs::write(dir.path().join("vale.txt"), draft).expect("write");
    dir
}

#[test]
fn a_configuration_is_found_above_the_report_and_applied() {
    let dir = configured_folder(
        "fail_level: error\nseverity: { cqc-la/summary-score-matches-section: note }\n\
         overrides:\n  - files: ['vale.txt']\n    disable: [cqc-la/rating-follows-scores]\n",
    );
    let folder = dir.path().display().to_string();
    let output = reportlint(&["check", "--format", "concise", &folder]);
    // The rating rule is off for this file and the other finding is a note,
    // below the configured fail level.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("note[cqc-la/summary-score-matches-section]"),
        "{text}"
    );
    assert!(!text.contains("rating-follows-scores"), "{text}");

    // The command line's fail level wins over the configuration's.
    let strict = reportlint(&["check", "--fail-level", "note", &folder]);
    assert_eq!(strict.status.code(), Some(1));
    // --no-config restores the shipped defaults.
    let plain = reportlint(&["check", "--format", "concise", "--no-config", &folder]);
    assert_eq!(stdout(&plain).matches("error[cqc-la/").count(), 2);

    let shown = reportlint(&["config", &dir.path().join("vale.txt").display().to_string()]);
    let text = stdout(&shown);
    assert!(text.contains("fail_level: error"), "{text}");
    assert!(text.contains("  - cqc-la/rating-follows-scores"), "{text}");
    assert!(
        text.contains("  - cqc-la/summary-score-matches-section: note"),
        "{text}"
    );
}

#[test]
fn a_broken_configuration_is_located_and_the_run_goes_on() {
    let dir = configured_folder("fail_level: error\ndisabel: [cqc-la/rating-follows-scores]\n");
    let folder = dir.path().display().to_string();
    let output = reportlint(&["check", "--format", "concise", &folder]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("reportlint.yaml:2:1: unknown field `disabel`"),
        "{errors}"
    );
    // The report was still linted, with the defaults.
    assert_eq!(stdout(&output).matches("error[cqc-la/").count(), 2);

    let dir = configured_folder("disable: [cqc-la/rating-follow-scores]\n");
    let output = reportlint(&["check", &dir.path().display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`cqc-la/rating-follow-scores` matches no rule"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_team_repository_example_is_configured_and_its_suppression_holds() {
    let draft = "examples/team-repo/drafts/oakmere-draft.md";
    let rule = "cqc-la/rating-follows-scores";
    let output = reportlint(&["check", "--format", "concise", "--select", rule, draft]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");

    // Without its suppression the rating is reported as not derivable.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(draft).expect("example");
    let bare: String = text
        .lines()
        .filter(|l| !l.contains("reportlint-disable"))
        .map(|l| format!("{l}\n"))
        .collect();
    let copy = dir.path().join("oakmere.md");
    std::fs::write(&copy, bare).expect("write");
    let output = reportlint(&[
        "check",
        "--format",
        "concise",
        "--select",
        rule,
        &copy.display().to_string(),
    ]);
    assert!(
        stdout(&output).contains("note[cqc-la/rating-follows-scores]"),
        "{}",
        stdout(&output)
    );

    let shown = reportlint(&["config", "examples/team-repo/letters/visit.txt"]);
    let text = stdout(&shown);
    assert!(text.contains("family: ofsted-letter"), "{text}");
    assert!(
        text.contains("common/abbreviation-one-expansion: note"),
        "{text}"
    );
}

#[test]
fn diff_shows_safe_fixes_and_fix_applies_them_keeping_line_endings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let letter = "\u{feff}Ofsted\r\nwww.qov.uk/ofsted\r\n\r\n15 March 2023\r\n\r\nDear Priya\r\n\r\nFocused visit to Lowmoor Council children's services\r\n\r\nThank you for your help.\r\n\r\nYours sincerely\r\n\r\nAnna Holt\r\nHis Majesty's Inspector\r\n";
    let path = dir.path().join("letter.txt");
    std::fs::write(&path, letter).expect("write");
    let path_text = path.display().to_string();
    let rule = "common/official-domain-typo";

    let diff = reportlint(&["check", "--diff", "--select", rule, &path_text]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    let shown = stdout(&diff);
    assert!(shown.contains("-www.qov.uk/ofsted"), "{shown}");
    assert!(shown.contains("+www.gov.uk/ofsted"), "{shown}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        letter,
        "--diff writes nothing"
    );

    let fixed = reportlint(&[
        "check", "--fix", "--format", "concise", "--select", rule, &path_text,
    ]);
    assert_eq!(
        fixed.status.code(),
        Some(0),
        "{}{}",
        stdout(&fixed),
        stderr(&fixed)
    );
    assert!(
        stderr(&fixed).contains("fixed 1 finding in 1 file"),
        "{}",
        stderr(&fixed)
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        letter.replace("qov.uk", "gov.uk"),
        "only the address changed: BOM and CRLF kept"
    );
}

/// `reportlint` run in `dir`, so that paths in its output are relative.
fn reportlint_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("reportlint runs")
}

/// A report whose third line is `words` words long with a mistyped address
/// after every `every` of them.
fn long_line_report(words: usize, every: usize) -> String {
    let mut text = String::from("Title of the report\n\n");
    for i in 0..words {
        text.push_str("word ");
        if (i + 1) % every == 0 {
            text.push_str("see www.qov.uk for more. ");
        }
    }
    text.push('\n');
    text
}

#[test]
fn findings_and_configuration_errors_past_column_65535_are_drawn() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("long.txt"),
        long_line_report(14_000, 14_000),
    )
    .expect("report");
    let human = reportlint_in(dir.path(), &["check", "--format", "human", "long.txt"]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    let out = stdout(&human);
    assert!(out.contains("[long.txt:3:70005]"), "{out}");
    assert!(out.contains("see www.qov.uk for more"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");

    let config = format!("{{fail_level: warning, {}bogus: 1}}\n", " ".repeat(70_000));
    std::fs::write(dir.path().join("reportlint.yaml"), config).expect("configuration");
    for format in ["concise", "human"] {
        let run = reportlint_in(dir.path(), &["check", "--format", format, "long.txt"]);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        let err = stderr(&run);
        assert!(err.contains("reportlint.yaml:1:70023"), "{err}");
        assert!(err.contains("unknown field `bogus`"), "{err}");
        assert!(err.lines().all(|l| l.chars().count() < 400), "{err}");
    }
}

/// Output stays proportional to the findings, not to findings times the
/// length of their line.
#[test]
fn many_findings_on_one_long_line_print_short_snippets() {
    let dir = tempfile::tempdir().expect("temporary folder");
    // About 1 MB on one line, a finding every 2,000 words.
    let text = long_line_report(200_000, 2_000);
    assert!(text.len() > 1_000_000);
    std::fs::write(dir.path().join("long.txt"), text).expect("report");
    let human = reportlint_in(dir.path(), &["check", "--format", "human", "long.txt"]);
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    let out = stdout(&human);
    assert!(out.contains("100 findings in 1 file"), "{out}");
    assert!(out.len() < 100 * 2_000, "{} bytes", out.len());
}

/// Each finding of the human format on a published report: the rule line
/// to the blank line before the next rule line.
fn human_findings(out: &str) -> Vec<Vec<&str>> {
    let mut findings: Vec<Vec<&str>> = Vec::new();
    for line in out.lines() {
        let starts = line.contains('/') && !line.starts_with(' ') && !line.contains(' ');
        if starts || findings.is_empty() {
            findings.push(Vec::new());
        }
        if let Some(last) = findings.last_mut() {
            last.push(line);
        }
    }
    findings
}

#[test]
fn human_findings_on_a_published_report_are_short_snippets() {
    let output = reportlint(&[
        "check",
        "--format",
        "human",
        "examples/published/cqc-ealing-2025.txt",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    let findings = human_findings(&out);
    assert_eq!(findings.len(), 32, "{out}");
    for finding in &findings {
        let lines: Vec<&&str> = finding.iter().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() <= 30, "{}", finding.join("\n"));
    }
    // The text is pinned by tests/cmd/check-human-published-report.toml.
}

#[test]
fn control_characters_of_a_report_are_escaped_in_human_output() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("esc.txt"),
        "Title of the report\n\nSee \u{1b}[31mwww.qov.uk\u{1b}[0m for more.\n",
    )
    .expect("report");
    let human = reportlint_in(dir.path(), &["check", "--format", "human", "esc.txt"]);
    let out = stdout(&human);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("\\x1b[31mwww.qov.uk"), "{out}");
}

#[test]
fn timings_include_the_rules_of_configuration_packs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/exit-2-broken-config-pack.in");
    let run = reportlint_in(
        &dir,
        &["check", "--timings", "--format", "concise", "letter.txt"],
    );
    let err = stderr(&run);
    let table = err.split("help: the rest").last().unwrap_or_default();
    assert!(
        table
            .lines()
            .any(|l| l.trim_end().ends_with(" house/plain-words")),
        "{err}"
    );
}

/// `reportlint lsp` fed `input` on stdin: its exit code.
fn lsp_exit_code(input: &[u8]) -> Option<i32> {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("reportlint lsp runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("input");
    drop(stdin);
    child.wait().expect("lsp ends").code()
}

#[test]
fn lsp_exits_two_on_trouble_and_one_on_exit_before_shutdown() {
    // The client goes away without shutdown: the server cannot go on.
    assert_eq!(lsp_exit_code(b""), Some(2));
    // `exit` without `shutdown`: the protocol's 1.
    let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
    let framed = format!("Content-Length: {}\r\n\r\n{exit}", exit.len());
    assert_eq!(lsp_exit_code(framed.as_bytes()), Some(1));
}

#[test]
fn a_file_named_two_ways_is_linted_once_under_the_first_name() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("a")).expect("folder");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/drafts/thornbury-vale-draft.txt"),
        dir.path().join("a/r.txt"),
    )
    .expect("report");
    let once = reportlint_in(dir.path(), &["check", "--format", "concise", "a/r.txt"]);
    let twice = reportlint_in(
        dir.path(),
        &["check", "--format", "concise", "a/r.txt", "./a/r.txt", "a"],
    );
    assert_eq!(twice.status.code(), Some(1), "{}", stderr(&twice));
    assert_eq!(stdout(&twice), stdout(&once));
    assert!(stdout(&once).starts_with("a/r.txt:"), "{}", stdout(&once));
}

#[test]
fn a_named_path_that_gives_no_report_is_an_error() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("empty")).expect("folder");
    std::fs::create_dir(dir.path().join("other")).expect("folder");
    std::fs::write(dir.path().join("other/notes.pdf"), "x").expect("file");
    for folder in ["empty", "other"] {
        let run = reportlint_in(dir.path(), &["check", "--format", "concise", folder]);
        assert_eq!(run.status.code(), Some(2), "{folder}");
        assert_eq!(
            stdout(&run),
            format!(
                "{folder}:1:1: error[input] no report in this folder (no .txt, .md, .markdown, .docx file); `--ext` lints other extensions\n"
            )
        );
    }
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_linked_reports_are_read() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let null = reportlint_in(dir.path(), &["check", "--format", "concise", "/dev/null"]);
    assert_eq!(null.status.code(), Some(2));
    assert!(
        stdout(&null).starts_with("/dev/null:1:1: error[input] the file is empty"),
        "{}",
        stdout(&null)
    );

    // A link in a walked folder to a report elsewhere is followed.
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/drafts/thornbury-vale-draft.txt");
    std::fs::create_dir(dir.path().join("linked")).expect("folder");
    std::os::unix::fs::symlink(&report, dir.path().join("linked/r.txt")).expect("link");
    // A link back up is reported, not followed round.
    std::os::unix::fs::symlink("..", dir.path().join("linked/up")).expect("link");
    let linked = reportlint_in(dir.path(), &["check", "--format", "concise", "linked"]);
    assert_eq!(linked.status.code(), Some(2), "{}", stderr(&linked));
    let out = stdout(&linked);
    assert!(
        out.contains("linked/r.txt:31:1: error[cqc-la/rating-follows-scores]"),
        "{out}"
    );
    assert!(out.contains("a symbolic link back to"), "{out}");

    // A named pipe is read like a file.
    let fifo = dir.path().join("draft.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let text = std::fs::read(&report).expect("report");
    let writer = std::thread::spawn(move || std::fs::write(fifo, text).expect("write"));
    let piped = reportlint_in(dir.path(), &["check", "--format", "concise", "draft.txt"]);
    writer.join().expect("writer");
    assert_eq!(piped.status.code(), Some(1), "{}", stderr(&piped));
    assert!(
        stdout(&piped).starts_with("draft.txt:31:1:"),
        "{}",
        stdout(&piped)
    );
}

#[test]
fn baseline_entries_are_keyed_from_the_baseline_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("drafts")).expect("folder");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cmd/baseline-round-trip.in/drafts/letter.txt"),
        repo.join("drafts/letter.txt"),
    )
    .expect("report");
    let record = reportlint_in(
        dir.path(),
        &["baseline", "-o", "repo/base.json", "repo/drafts"],
    );
    assert_eq!(record.status.code(), Some(0), "{}", stderr(&record));
    let written = std::fs::read_to_string(repo.join("base.json")).expect("baseline");
    assert!(
        written.contains(r#""path": "drafts/letter.txt""#),
        "{written}"
    );
    let bad = reportlint_in(&repo, &["check", "drafts/letter.txt"]);
    assert_eq!(bad.status.code(), Some(1), "findings without the baseline");
    for (cwd, args) in [
        (
            repo.clone(),
            ["check", "--baseline", "base.json", "./drafts/letter.txt"],
        ),
        (
            repo.join("drafts"),
            ["check", "--baseline", "../base.json", "letter.txt"],
        ),
        (
            dir.path().to_path_buf(),
            ["check", "--baseline", "repo/base.json", "repo/drafts"],
        ),
    ] {
        let run = reportlint_in(&cwd, &args);
        assert_eq!(run.status.code(), Some(0), "{args:?}: {}", stdout(&run));
    }
}

#[test]
fn a_utf16_report_with_a_byte_order_mark_is_linted_and_fixed_in_utf16() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = "\u{feff}Title of the report\r\n\r\nSee www.qov.uk – for more.\r\n";
    let utf16 =
        |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    std::fs::write(dir.path().join("word.txt"), utf16(text)).expect("report");
    let run = reportlint_in(dir.path(), &["check", "--format", "concise", "word.txt"]);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    assert!(
        stdout(&run).starts_with("word.txt:3:5: warning[common/official-domain-typo]"),
        "{}",
        stdout(&run)
    );
    let fix = reportlint_in(
        dir.path(),
        &["check", "--fix", "--format", "concise", "word.txt"],
    );
    assert_eq!(
        fix.status.code(),
        Some(0),
        "{}{}",
        stdout(&fix),
        stderr(&fix)
    );
    let written = std::fs::read(dir.path().join("word.txt")).expect("fixed");
    assert_eq!(written, utf16(&text.replace("qov", "gov")));
}

/// A rule with one `existence` token, as a pack file.
fn pack_with_token(token: &str) -> String {
    format!(
        "rules:\n  - id: big/r\n    summary: s\n    severity: warning\n    why: w\n    kind: existence\n    params: {{ message: m, tokens: ['{token}'] }}\n    examples: {{ fail: [{{ text: x }}], pass: [{{ text: y }}] }}\n"
    )
}

#[test]
fn a_pack_over_the_size_limit_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).expect("packs");
    // 5 MB of valid rules: refused before it is read, not loaded for long.
    let rule = pack_with_token("abc").replace("rules:\n", "");
    let mut text = String::from("rules:\n");
    while text.len() <= 5 << 20 {
        text.push_str(&rule.replace("big/r", &format!("big/r{}", text.len())));
    }
    std::fs::write(packs.join("huge.yaml"), &text).expect("write");
    let report = dir.path().join("r.txt");
    std::fs::write(&report, "Title\n\nA line.\n").expect("write");
    let output = reportlint(&[
        "check",
        "--no-config",
        "--rules",
        packs.to_str().expect("utf-8"),
        report.to_str().expect("utf-8"),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("huge.yaml"), "{err}");
    assert!(err.contains("over the limit of 4 MB"), "{err}");
    assert!(err.len() < 2_000, "{} bytes of stderr", err.len());
}

#[test]
fn a_huge_regex_is_quoted_cut_with_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let packs = dir.path().join("packs");
    std::fs::create_dir(&packs).expect("packs");
    // A 2 MB pattern with an unclosed group, and one too big to compile.
    let unclosed = format!("({}b", "a|".repeat(1 << 20));
    let too_big = format!("{}\\w{{5000}}", "x".repeat(300));
    std::fs::write(packs.join("unclosed.yaml"), pack_with_token(&unclosed)).expect("write");
    std::fs::write(packs.join("too-big.yaml"), pack_with_token(&too_big)).expect("write");
    let report = dir.path().join("r.txt");
    std::fs::write(&report, "Title\n\nA line.\n").expect("write");
    for format in ["human", "concise"] {
        let output = reportlint(&[
            "check",
            "--no-config",
            "--format",
            format,
            "--rules",
            packs.to_str().expect("utf-8"),
            report.to_str().expect("utf-8"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.len() < 6_000, "{format}: {} bytes of stderr", err.len());
        assert!(err.contains("unclosed group (at character 1)"), "{err}");
        assert!(err.contains("over the size limit"), "{err}");
        assert!(err.contains("a|a|a|a…`"), "{err}");
        assert!(err.contains("xxxx…`"), "{err}");
    }
}

#[test]
fn allowed_names_silence_a_partner_the_team_names_on_purpose() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = "Dear Ms Carter\n\nFocused visit to Northby Council children's services\n\n\
                  This letter summarises the findings of the focused visit to Northby children's services on 7 and 8 November 2023.\n\n\
                  Brent Council's leaders have strengthened the front door.\n";
    std::fs::write(dir.path().join("northby.txt"), report).expect("write");
    let folder = dir.path().display().to_string();
    let named = |output: &Output| stdout(output).contains("common/other-council-named");
    // Without a configuration the name reads as pasted from Brent's report.
    let plain = reportlint(&["check", "--format", "concise", &folder]);
    assert!(named(&plain), "{}", stdout(&plain));
    // Allowed in the official form, the short form or the place name.
    for allowed in ["London Borough of Brent", "Brent Council", "Brent"] {
        std::fs::write(
            dir.path().join("reportlint.yaml"),
            format!("allowed_names: [{allowed}]\n"),
        )
        .expect("write");
        let output = reportlint(&["check", "--format", "concise", &folder]);
        assert!(!named(&output), "{allowed}: {}", stdout(&output));
    }
}
