//! The `contradiction` kind on invented reports: a proposition asserted in
//! one sentence and denied in another. Defects are injected into the
//! invented Kelmarsh report (a council that does not exist) and must draw
//! exactly one finding with both sentences; consistent variants (time
//! qualifiers, hedges, reported speech, narrower denials, both sentences in
//! one paragraph) must stay clean, also after renaming the council,
//! converting Markdown to plain text, and CRLF line endings with a BOM.

use reportlint::finding::{Finding, Severity};
use reportlint::source::SourceFile;
use reportlint::Linter;

const WAITS: &str = "common/waits-denied-and-reported";
const ALWAYS: &str = "common/always-and-never";
const ALL: &str = "common/all-and-not-all";
const RATING: &str = "cqc-la/text-rating-matches-headline";

fn kelmarsh() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invented/cqc-kelmarsh-2025.md");
    std::fs::read_to_string(path).expect("fixture reads")
}

/// Kelmarsh with `summary` added to the strengths summary and `body` added
/// to the timeliness findings, each as its own paragraph.
fn with(summary: &str, body: &str) -> String {
    let text = kelmarsh();
    let strengths =
        "partners described a shared ambition to reduce inequalities across Kelmarsh.\n";
    let timeliness = "people waiting were contacted regularly.\n";
    assert!(text.contains(strengths) && text.contains(timeliness));
    text.replacen(strengths, &format!("{strengths}\n{summary}\n"), 1)
        .replacen(timeliness, &format!("{timeliness}\n{body}\n"), 1)
}

fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(Linter::builtin)
}

/// The findings' messages, for assertion failures.
fn messages(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.message.as_str()).collect()
}

fn check(text: &str, rule: &str) -> (SourceFile, Vec<Finding>) {
    let linter = linter();
    let source = SourceFile::new("invented", text.to_string());
    let findings = linter.check_source(&source, &|r| r.id() == rule);
    (source, findings)
}

fn span_text<'a>(source: &'a SourceFile, finding: &Finding, related: Option<usize>) -> &'a str {
    let span = match related {
        None => finding.primary.span,
        Some(i) => finding.related[i].span,
    };
    span.of(source.text())
}

const DENIAL: &str = "There were no waits for assessments and people were supported quickly.";
const WAITING_LIST: &str =
    "Data showed a waiting list of 210 people for carers assessments, with a median wait of 41 days.";

#[test]
fn the_clean_fixture_draws_nothing() {
    for rule in [WAITS, ALWAYS, ALL, RATING] {
        let (_, findings) = check(&kelmarsh(), rule);
        assert!(findings.is_empty(), "{rule}: {:?}", messages(&findings));
    }
}

#[test]
fn a_general_denial_and_a_specific_waiting_list_contradict() {
    let (source, findings) = check(&with(DENIAL, WAITING_LIST), WAITS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    let f = &findings[0];
    assert_eq!(f.rule, WAITS);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(span_text(&source, f, None), WAITING_LIST);
    assert_eq!(f.related.len(), 1);
    assert_eq!(span_text(&source, f, Some(0)), DENIAL);
    assert!(
        f.message
            .contains("\"a waiting list of 210 people for carers assessments\""),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("\"no waits for assessments\""),
        "{}",
        f.message
    );
}

#[test]
fn the_finding_is_on_the_later_sentence_whichever_side_it_is() {
    // The waiting list in the summary, the denial in the body.
    let (source, findings) = check(&with(WAITING_LIST, DENIAL), WAITS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(span_text(&source, &findings[0], None), DENIAL);
    assert_eq!(span_text(&source, &findings[0], Some(0)), WAITING_LIST);
    assert_eq!(findings[0].primary.message, "says there are no waits");
}

#[test]
fn people_waiting_weeks_for_a_kind_of_assessment_contradict_no_waiting_list() {
    let denial = "There was no waiting list for social care assessments.";
    let waited = "Some people waited up to 12 weeks for an occupational therapy assessment.";
    let (source, findings) = check(&with(denial, waited), WAITS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(span_text(&source, &findings[0], None), waited);
    assert_eq!(span_text(&source, &findings[0], Some(0)), denial);
}

#[test]
fn consistent_pairs_stay_clean() {
    let cases = [
        // Narrower denial than the waits reported.
        (
            "There were no waits for financial assessments.",
            WAITING_LIST,
        ),
        (
            "There were no waits for carers assessments.",
            "There were waiting times for assessments.",
        ),
        // A denial narrowed by what follows its topic.
        (
            "There were no waits for assessments in the hospital team.",
            "Some people waited 8 weeks for a community assessment.",
        ),
        (
            "There were no waits for assessments for people with learning disabilities.",
            WAITING_LIST,
        ),
        // Different topics.
        (DENIAL, "There was a waiting list for reviews."),
        (DENIAL, "There were long waits for equipment."),
        // Time qualifiers.
        (
            "Previously there were waits for assessments, now there are none.",
            WAITING_LIST,
        ),
        (
            "There were no longer any waits for assessments.",
            WAITING_LIST,
        ),
        (
            "There had been no waits for assessments until 2023.",
            WAITING_LIST,
        ),
        (
            DENIAL,
            "A waiting list of 210 people for carers assessments had reduced to none.",
        ),
        // Hedges and reported speech.
        (DENIAL, "At times there were waits for carers assessments."),
        (
            "Leaders told us there were no waits for assessments.",
            WAITING_LIST,
        ),
        (
            DENIAL,
            "Carers said there was a waiting list for carers assessments.",
        ),
        // A denial that only looks like an assertion.
        (
            DENIAL,
            "The team did not have a waiting list for carers assessments.",
        ),
        // Anaphora: the topic points elsewhere.
        (
            "There were no waits for these services.",
            "There were waits for these services in the north.",
        ),
    ];
    for (summary, body) in cases {
        let (_, findings) = check(&with(summary, body), WAITS);
        assert!(
            findings.is_empty(),
            "{summary} / {body}: {:?}",
            findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_general_denial_is_contradicted_by_a_narrower_backlog_or_list() {
    for (denial, assertion) in [
        (
            "There was no waiting list for DoLS.",
            "There was a waiting list for community Deprivation of Liberty Safeguards.",
        ),
        (
            "There were no delays to reviews.",
            "There was a backlog of annual reviews.",
        ),
    ] {
        let (source, findings) = check(&with(denial, assertion), WAITS);
        assert_eq!(findings.len(), 1, "{denial} / {assertion}");
        assert_eq!(span_text(&source, &findings[0], None), assertion);
        assert_eq!(span_text(&source, &findings[0], Some(0)), denial);
    }
}

#[test]
fn both_sentences_in_one_paragraph_are_not_a_contradiction() {
    let paragraph = format!("{DENIAL} {WAITING_LIST}");
    let (_, findings) = check(&with(&paragraph, ""), WAITS);
    assert!(findings.is_empty(), "{:?}", messages(&findings));
    // One sentence with both: "no waits for assessments, but waits for reviews".
    let one = "There were no waits for assessments, but there were waits for reviews.";
    let (_, findings) = check(&with(one, "There was a waiting list for reviews."), WAITS);
    assert!(findings.is_empty(), "{:?}", messages(&findings));
}

#[test]
fn sentences_in_the_template_text_are_out_of_scope() {
    // "What people expect" holds fixed I-statements, not findings.
    let text = with("", WAITING_LIST).replacen(
        "I have care and support that is coordinated, and everyone works well together and with me.",
        "I have care and support with no waits for assessments.",
        1,
    );
    let (_, findings) = check(&text, WAITS);
    assert!(findings.is_empty(), "{:?}", messages(&findings));
}

/// The injected defect reads the same in every variant of the report.
fn assert_one_waits_finding(text: &str) {
    let (source, findings) = check(text, WAITS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(span_text(&source, &findings[0], None), WAITING_LIST);
    assert_eq!(span_text(&source, &findings[0], Some(0)), DENIAL);
}

#[test]
fn variants_read_the_same() {
    let base = with(DENIAL, WAITING_LIST);
    assert_one_waits_finding(&base);
    // Renamed council.
    let renamed = base.replace("Kelmarsh", "Thornbury Vale");
    assert_one_waits_finding(&renamed);
    // Markdown converted to plain text.
    let plain: String = base
        .lines()
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert_one_waits_finding(&plain);
    // CRLF and a byte-order mark.
    let crlf = format!("\u{feff}{}", base.replace('\n', "\r\n"));
    assert_one_waits_finding(&crlf);
    // Clean variants stay clean.
    for text in [kelmarsh().replace("Kelmarsh", "Thornbury Vale"), {
        let k = kelmarsh();
        format!("\u{feff}{}", k.replace('\n', "\r\n"))
    }] {
        let (_, findings) = check(&text, WAITS);
        assert!(findings.is_empty(), "{:?}", messages(&findings));
    }
}

#[test]
fn a_rating_in_the_text_must_be_the_headline_rating() {
    // Kelmarsh is rated Good.
    let wrong = "Overall, the local authority was rated requires improvement.";
    let (source, findings) = check(&with(wrong, ""), RATING);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    let f = &findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(span_text(&source, f, None), wrong);
    assert_eq!(span_text(&source, f, Some(0)), "Good");
    assert!(f.message.contains("`Good`"), "{}", f.message);
    for fine in [
        "Overall, the local authority was rated good.",
        "The council's overall rating is 'Good'.",
        "In 2019 Ofsted rated the council's children's services requires improvement.",
        "The council was previously rated requires improvement.",
        "Half of the care homes in the area were rated requires improvement.",
        "The council was rated requires improvement by some carers in the survey.",
    ] {
        let (_, findings) = check(&with(fine, ""), RATING);
        assert!(findings.is_empty(), "{fine}: {:?}", messages(&findings));
    }
}

#[test]
fn always_and_never_about_the_same_thing() {
    let always = "Carers were always offered a separate assessment.";
    let never = "Carers were never offered a separate assessment.";
    let (source, findings) = check(&with(always, never), ALWAYS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(span_text(&source, &findings[0], None), never);
    assert_eq!(span_text(&source, &findings[0], Some(0)), always);
    for other in [
        "Carers were never offered a direct payment.",
        "Carers were not always offered a separate assessment.",
        "Staff told us carers were never offered a separate assessment.",
    ] {
        let (_, findings) = check(&with(always, other), ALWAYS);
        assert!(findings.is_empty(), "{other}: {:?}", messages(&findings));
    }
}

#[test]
fn all_and_not_all_of_the_same_group() {
    let all = "All staff had completed safeguarding training.";
    let not_all = "Not all staff had completed safeguarding training.";
    let (source, findings) = check(&with(all, not_all), ALL);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(span_text(&source, &findings[0], None), not_all);
    assert_eq!(span_text(&source, &findings[0], Some(0)), all);
    let (_, findings) = check(
        &with(all, "Not all staff had completed dementia training."),
        ALL,
    );
    assert!(findings.is_empty(), "{:?}", messages(&findings));
}

#[test]
fn the_waits_rule_applies_to_any_report() {
    let text = "Visit letter\n\nThere were no waits for assessments.\n\nNine children waited 14 weeks for an assessment.\n";
    let (source, findings) = check(text, WAITS);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    assert_eq!(
        span_text(&source, &findings[0], None),
        "Nine children waited 14 weeks for an assessment."
    );
}
