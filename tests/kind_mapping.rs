//! The `mapping` kind through its shipped rules, on invented reports: scores
//! out of range and descriptors that do not match their score, and the
//! variants that must stay clean (curly dashes, case, a full stop, CRLF, a
//! byte-order mark, Markdown).

mod common;

use reportlint::finding::Finding;
use reportlint::source::SourceFile;

const RANGE: &str = "cqc-la/score-in-range";
const DESCRIPTOR: &str = "cqc-la/descriptor-matches-score";

fn check(text: &str, rule: &str) -> (SourceFile, Vec<Finding>) {
    let linter = common::cqc_linter();
    let source = SourceFile::new("invented.txt", text.to_string());
    let findings = linter.check_source(&source, &|r| r.id() == rule);
    (source, findings)
}

/// A report for the invented Quenby Council with one statement section.
fn report(score: &str, descriptor: &str) -> String {
    format!(
        "Quenby Council: local authority assessment\n\nQuality statement scores\n\nSafeguarding\n\nScore: 3\n\nTheme 3: How Quenby Council ensures safety within the system\n\nSafeguarding\n\n{score}\n\n{descriptor}\n\nWhat people expect\n\nI feel safe.\n"
    )
}

#[test]
fn matching_descriptors_in_every_spelling_are_clean() {
    for (score, descriptor) in [
        ("Score: 3", "3 - Evidence shows a good standard"),
        ("Score 3", "3 \u{2013} evidence shows a GOOD standard."),
        ("**Score:** 3", "3 - Evidence  shows a good standard"),
        ("Score: 1", "1 - Evidence shows significant shortfalls"),
        ("Score: 4", "4 - Evidence shows an exceptional standard"),
    ] {
        let text = report(score, descriptor);
        for variant in [
            text.clone(),
            text.replace('\n', "\r\n"),
            format!("\u{feff}{text}"),
        ] {
            assert!(check(&variant, DESCRIPTOR).1.is_empty(), "{variant:?}");
            assert!(check(&variant, RANGE).1.is_empty(), "{variant:?}");
        }
    }
}

#[test]
fn descriptor_of_another_score_is_flagged_with_the_expected_line() {
    let (source, findings) = check(
        &report("Score: 2", "3 - Evidence shows a good standard"),
        DESCRIPTOR,
    );
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert!(f.message.contains("says 3"), "{}", f.message);
    assert!(f.message.contains("the score is 2"), "{}", f.message);
    assert!(
        f.message
            .contains("expected `2 - Evidence shows some shortfalls`"),
        "{}",
        f.message
    );
    assert_eq!(f.primary.span.of(source.text()), "3");
    assert_eq!(f.related.len(), 1);
    assert_eq!(f.related[0].span.of(source.text()), "2");
}

#[test]
fn wrong_words_for_the_number_are_flagged_at_the_text() {
    let (source, findings) = check(
        &report("Score: 2", "2 - Evidence shows significant shortfalls"),
        DESCRIPTOR,
    );
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(
        f.primary.span.of(source.text()),
        "Evidence shows significant shortfalls"
    );
    assert!(f
        .message
        .contains("expected `2 - Evidence shows some shortfalls`"));
    assert!(f.primary.message.contains("replace with"));
}

#[test]
fn section_score_without_descriptor_is_flagged() {
    let text = report("Score: 4", "").replace("\n\n\n\n", "\n\n");
    let (source, findings) = check(&text, DESCRIPTOR);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].message.contains("no descriptor line"));
    assert!(findings[0]
        .message
        .contains("`4 - Evidence shows an exceptional standard`"));
    assert_eq!(findings[0].primary.span.of(source.text()), "Score: 4");
}

#[test]
fn scores_out_of_range_are_flagged_once_each() {
    let text = report("Score: 5", "5 - Evidence shows an exceptional standard")
        .replace("Score: 3", "Score: 0");
    let (source, findings) = check(&text, RANGE);
    assert_eq!(findings.len(), 2);
    assert!(findings[0]
        .message
        .contains("summary score of `Safeguarding` is 0"));
    assert!(findings[1]
        .message
        .contains("body score of `Safeguarding` is 5"));
    assert_eq!(findings[1].primary.span.of(source.text()), "5");
    // The descriptor rule leaves an out-of-range score to the range rule.
    assert!(check(&text, DESCRIPTOR).1.is_empty());
}

#[test]
fn published_reports_have_matching_descriptors() {
    let linter = common::linter();
    for name in [
        "cqc-camden-2025.txt",
        "cqc-ealing-2025.txt",
        "cqc-harrow-2024.txt",
        "cqc-westminster-2024.md",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/published")
            .join(name);
        let source = reportlint::source::read_report(&path, name).expect("reads");
        let findings = linter.check_source(&source, &|r| r.id() == RANGE || r.id() == DESCRIPTOR);
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}
