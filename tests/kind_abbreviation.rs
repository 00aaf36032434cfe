//! The `abbreviation` kind on invented reports: a changed expansion is
//! found in any encoding or markup; consistent definitions stay clean.

mod common;

use reportlint::source::{decode_report, SourceFile};

const RULE: &str = "common/abbreviation-one-expansion";

fn findings(text: &str) -> Vec<reportlint::finding::Finding> {
    let linter = common::linter();
    let source = SourceFile::new("draft.txt", text.to_string());
    linter.check_source(&source, &|r| r.id() == RULE)
}

const DRAFT: &str = "Kestrelby Council: local authority assessment

Theme 1: How Kestrelby Council works with people

Assessing needs

The Community Access Point (CAP) handled 4,100 contacts in 2023/24.

Theme 2: Providing support

Partnerships and communities

Staff said the Community Advice Point (CAP) was easy to reach.
";

#[test]
fn a_changed_word_is_reported_at_the_later_definition() {
    let found = findings(DRAFT);
    assert_eq!(found.len(), 1, "{found:?}");
    let finding = &found[0];
    assert_eq!(finding.primary.span.of(DRAFT), "Community Advice Point");
    assert_eq!(finding.related.len(), 1);
    assert_eq!(finding.related[0].span.of(DRAFT), "Community Access Point");
    assert!(finding
        .message
        .contains("CAP is expanded as \"Community Advice Point\""));
}

#[test]
fn crlf_bom_and_markdown_bold_give_the_same_finding() {
    let crlf = format!("\u{feff}{}", DRAFT.replace('\n', "\r\n"));
    let source = decode_report("draft.txt", crlf.into_bytes()).expect("valid UTF-8");
    let linter = common::linter();
    let found = linter.check_source(&source, &|r| r.id() == RULE);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].primary.span.of(source.text()),
        "Community Advice Point"
    );

    let bold = DRAFT.replace(
        "The Community Access Point (CAP)",
        "The **Community Access Point** (CAP)",
    );
    let found = findings(&bold);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].related[0].span.of(&bold), "Community Access Point");
}

#[test]
fn consistent_definitions_stay_clean() {
    let renamed = DRAFT
        .replace("Kestrelby", "Thornwick")
        .replace("Community Advice Point", "Community Access Point");
    assert!(findings(&renamed).is_empty());
    // A bracket whose initials do not spell the abbreviation is not a definition.
    let aside = DRAFT.replace("Community Advice Point (CAP)", "new point of contact (CAP)");
    assert!(findings(&aside).is_empty());
}

const ORDER_RULE: &str = "common/abbreviation-used-before-definition";

fn order_findings(name: &str, text: &str) -> Vec<reportlint::finding::Finding> {
    let linter = common::linter();
    let source = SourceFile::new(name, text.to_string());
    linter.check_source(&source, &|r| r.id() == ORDER_RULE)
}

const EARLY_USE: &str = "Kestrelby Council: local authority assessment

Summary

Leaders had reviewed the learning from each SAR with partners.

Safeguarding

Score: 2

The board commissioned one Safeguarding Adults Review (SAR) in 2024. The SAR found delays.
";

#[test]
fn an_abbreviation_used_before_its_definition_is_shown_at_both_places() {
    let found = order_findings("draft.txt", EARLY_USE);
    assert_eq!(found.len(), 1, "{found:?}");
    let finding = &found[0];
    assert_eq!(finding.primary.span.of(EARLY_USE), "SAR");
    assert!(EARLY_USE[..finding.primary.span.start].ends_with("from each "));
    assert_eq!(
        finding.related[0].span.of(EARLY_USE),
        "Safeguarding Adults Review"
    );
    assert!(
        finding.message.contains("defined at line 11"),
        "{}",
        finding.message
    );
}

#[test]
fn markdown_and_crlf_give_the_same_finding() {
    let markdown = EARLY_USE
        .replace("Summary", "## Summary")
        .replace("Safeguarding\n", "## Safeguarding\n")
        .replace(
            "Safeguarding Adults Review (SAR)",
            "**Safeguarding Adults Review** (SAR)",
        );
    let found = order_findings("draft.md", &markdown);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].related[0].span.of(&markdown),
        "Safeguarding Adults Review"
    );

    let crlf = format!("\u{feff}{}", EARLY_USE.replace('\n', "\r\n"));
    let source = decode_report("draft.txt", crlf.into_bytes()).expect("valid UTF-8");
    let linter = common::linter();
    let found = linter.check_source(&source, &|r| r.id() == ORDER_RULE);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].primary.span.of(source.text()), "SAR");
}

#[test]
fn uses_after_the_words_are_met_stay_clean() {
    // Defined at the first use.
    let defined_first = EARLY_USE.replace(
        "from each SAR",
        "from each Safeguarding Adults Review (SAR)",
    );
    assert!(order_findings("draft.txt", &defined_first).is_empty());
    // The words written out in a citation before the letters.
    let cited = EARLY_USE.replace(
        "from each SAR with partners.",
        "from each review (Safeguarding Adults Review, 2023, SAR) with partners.",
    );
    assert!(order_findings("draft.txt", &cited).is_empty());
    // A possessive bracket is a definition, not a bare use.
    let possessive =
        EARLY_USE.replace("from each SAR", "from Safeguarding Adults Review's (SAR's)");
    assert!(order_findings("draft.txt", &possessive).is_empty());
    // Letters never defined in brackets are not this rule's business.
    let glossary = EARLY_USE.replace("Safeguarding Adults Review (SAR) in 2024", "review in 2024");
    assert!(order_findings("draft.txt", &glossary).is_empty());
}

const UNEXPLAINED_RULE: &str = "common/abbreviation-not-written-out";

fn unexplained(name: &str, text: &str) -> Vec<reportlint::finding::Finding> {
    let linter = common::linter();
    let source = SourceFile::new(name, text.to_string());
    linter.check_source(&source, &|r| r.id() == UNEXPLAINED_RULE)
}

const JARGON: &str = "Kestrelby Council: local authority assessment

Safeguarding

Score: 2

Out of hours, the AMHP rota was covered by two staff, and AMHPs reported delays.
";

#[test]
fn a_statutory_abbreviation_never_written_out_is_noted_with_its_words() {
    let found = unexplained("draft.txt", JARGON);
    assert_eq!(found.len(), 1, "{found:?}");
    let finding = &found[0];
    assert_eq!(finding.primary.span.of(JARGON), "AMHP");
    assert!(JARGON[..finding.primary.span.start].ends_with("the "));
    assert!(finding
        .message
        .contains("\"Approved Mental Health Professional\""));
    let suggestion = finding.suggestion.as_ref().expect("a suggestion");
    assert_eq!(
        suggestion.text,
        "Approved Mental Health Professional (AMHP)"
    );
    // The same in Markdown.
    let markdown = JARGON.replace("Safeguarding\n", "## Safeguarding\n");
    assert_eq!(unexplained("draft.md", &markdown).len(), 1);
}

#[test]
fn a_term_written_out_or_explained_anywhere_stays_clean() {
    let plural = JARGON.replace(
        "reported delays",
        "(Approved Mental Health Professionals) reported delays",
    );
    assert!(unexplained("draft.txt", &plural).is_empty());
    let later = format!("{JARGON}\nAn approved mental health professional attended.\n");
    assert!(unexplained("draft.txt", &later).is_empty());
    let other_words = JARGON.replace("and AMHPs", "and the mental health officers (AMHPs)");
    assert!(unexplained("draft.txt", &other_words).is_empty());
}

const AGAIN_RULE: &str = "common/abbreviation-defined-again";

fn again_findings(name: &str, text: &str) -> Vec<reportlint::finding::Finding> {
    let linter = common::linter();
    let source = SourceFile::new(name, text.to_string());
    linter.check_source(&source, &|r| r.id() == AGAIN_RULE)
}

const DEFINED_AGAIN: &str = "Kestrelby Council: local authority assessment

Theme 1: How Kestrelby Council works with people

Assessing needs

Score: 2

The Community Access Point (CAP) handled 4,100 contacts in 2023/24.

People told us the Community Access Point (CAP) was easy to reach.

Supporting people to live healthier lives

Score: 3

The Community Access Point (CAP) also referred people to the falls service.
";

#[test]
fn a_definition_repeated_in_its_section_is_noted_at_the_second() {
    let found = again_findings("draft.txt", DEFINED_AGAIN);
    assert_eq!(found.len(), 1, "{found:?}");
    let finding = &found[0];
    assert!(DEFINED_AGAIN[..finding.primary.span.start].ends_with("People told us the "));
    assert_eq!(
        finding.primary.span.of(DEFINED_AGAIN),
        "Community Access Point"
    );
    assert!(
        finding.message.contains("defined it at line 9"),
        "{}",
        finding.message
    );

    // The same in Markdown with CRLF line ends.
    let markdown = DEFINED_AGAIN
        .replace("Assessing needs", "### Assessing needs")
        .replace(
            "Supporting people to live healthier lives",
            "### Supporting people to live healthier lives",
        )
        .replace("Theme 1:", "## Theme 1:")
        .replace('\n', "\r\n");
    let found = again_findings("draft.md", &markdown);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(markdown[..found[0].primary.span.start].ends_with("People told us the "));
}

#[test]
fn a_definition_in_each_section_or_with_other_words_is_not_noted() {
    // One definition per section is house style.
    let per_section = DEFINED_AGAIN.replace(
        "People told us the Community Access Point (CAP) was",
        "People told us the CAP was",
    );
    assert!(again_findings("draft.txt", &per_section).is_empty());
    // Other words are `abbreviation-one-expansion`'s concern.
    let other_words = DEFINED_AGAIN.replace(
        "People told us the Community Access Point (CAP)",
        "People told us the Community Advice Point (CAP)",
    );
    assert!(again_findings("draft.txt", &other_words).is_empty());
}
