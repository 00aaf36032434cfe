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
