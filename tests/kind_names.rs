//! The `names` kind on invented reports: another council's name where the
//! report's own belongs, and the partner mentions that must stay clean
//! (shared services, "together with 4 other councils", district councils
//! whose names contain a county's, the subject in another form).

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::source::decode_report;

const RULE: &str = "common/other-council-named";

fn fixture(file: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/invented/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check(name: &str, text: &str) -> Vec<Finding> {
    let linter = common::linter();
    let source = decode_report(name, text.as_bytes().to_vec()).expect("decodes");
    linter.check_source(&source, &|r| r.id() == RULE)
}

fn spans<'t>(found: &[Finding], text: &'t str) -> Vec<&'t str> {
    found.iter().map(|f| f.primary.span.of(text)).collect()
}

const CLEAN: &str = "ofsted-ravensholme-focused-visit-2023.txt";
const DEFECTIVE: &str = "ofsted-saltmarsh-monitoring-visit-2023.txt";

#[test]
fn every_invented_report_is_clean_but_the_pasted_letter() {
    let dir = format!("{}/tests/fixtures/invented", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f != DEFECTIVE)
        .collect();
    files.sort();
    assert!(files.len() > 10);
    for file in files {
        let found = check(&file, &fixture(&file));
        assert!(
            found.is_empty(),
            "{file}: {:?}",
            found.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn pasted_name_in_the_letter() {
    let text = fixture(DEFECTIVE);
    let found = check(DEFECTIVE, &text);
    assert_eq!(spans(&found, &text), vec!["Oldham Council's"]);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].message,
        "names Oldham, not Saltmarsh Borough Council: pasted from another report?"
    );
}

const CQC: &str = "London Borough of Northby: local authority assessment

Assessment published: 10 November 2024

About London Borough of Northby

Safeguarding

SENTENCE
";

fn cqc(sentence: &str) -> String {
    CQC.replace("SENTENCE", sentence)
}

#[test]
fn forms_that_read_as_the_subject_are_reported() {
    for (sentence, expected) in [
        (
            "Brent Council's safeguarding board had a clear plan.",
            "Brent Council's",
        ),
        (
            "The London Borough of Brent had a clear plan.",
            "The London Borough of Brent",
        ),
        (
            "Leaders said that Kingston upon Hull City Council has a clear plan.",
            "Kingston upon Hull City Council has",
        ),
        (
            "Leaders said that Hull City Council has a clear plan.",
            "Hull City Council has",
        ),
        (
            "Staff said North Somerset Council's board met monthly.",
            "North Somerset Council's",
        ),
        (
            "Staff said that Brighton & Hove City Council's board met monthly.",
            "Brighton & Hove City Council's",
        ),
    ] {
        let text = cqc(sentence);
        let found = check("northby.txt", &text);
        assert_eq!(spans(&found, &text), vec![expected], "{sentence}");
    }
}

#[test]
fn partners_named_on_purpose_are_not_reported() {
    for sentence in [
        "The out of hours team was a shared function with the London Borough of Brent.",
        "Together with 7 other London boroughs, the council commissioned advocacy from Brent Council's provider.",
        "Northby and Brent Council's joint board met monthly.",
        "The London Borough of Northby worked closely with the London Borough of Brent.",
        "South Oxfordshire District Council's housing team was consulted.",
        "Staff in Brent Council's neighbouring teams were consulted.",
        "Barnet, Brent and Harrow Council's partnership board met monthly.",
        "People in Brent were supported by the hospital discharge team.",
        "Northby Council's board met monthly.",
        "The Royal Borough of Kensington and Chelsea and the council share a service.",
    ] {
        let text = cqc(sentence);
        let found = check("northby.txt", &text);
        assert!(found.is_empty(), "{sentence}: {:?}", spans(&found, &text));
    }
}

#[test]
fn the_subject_itself_in_any_form_is_not_reported() {
    let text = CQC
        .replace("Northby", "Harrow")
        .replace("SENTENCE", "Harrow Council's board met monthly. The London Borough of Harrow had a plan. Harrow Council has a plan.");
    assert!(check("harrow.txt", &text).is_empty());
    let text = CQC
        .replace("London Borough of Northby", "Hull City Council")
        .replace(
            "SENTENCE",
            "Kingston upon Hull City Council has a plan. Hull City Council's board met.",
        );
    assert!(check("hull.txt", &text).is_empty());
}

#[test]
fn a_report_without_a_subject_is_not_judged() {
    let text = "Some notes\n\nBrent Council's safeguarding board had a clear plan.\n";
    assert!(check("notes.txt", text).is_empty());
}

#[test]
fn crlf_and_bom() {
    let text = format!("\u{feff}{}", fixture(DEFECTIVE).replace('\n', "\r\n"));
    let found = check(DEFECTIVE, &text);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.starts_with("names Oldham, not "));
}

#[test]
fn clean_letter_names_a_partner_borough_on_purpose() {
    let text = fixture(CLEAN);
    assert!(text.contains("with the London Borough of Bromley"));
    assert!(check(CLEAN, &text).is_empty());
    // The same name without the partner wording reads as the subject.
    let pasted = text.replace(
        "Together with 4 other councils in the region, and with the London Borough of Bromley for placements in London, Ravensholme commissions supported lodgings.",
        "The London Borough of Bromley commissions supported lodgings.",
    );
    let found = check(CLEAN, &pasted);
    assert_eq!(
        spans(&found, &pasted),
        vec!["The London Borough of Bromley"]
    );
    assert!(found[0]
        .message
        .starts_with("names Bromley, not Ravensholme"));
}

fn check_form(name: &str, text: &str) -> Vec<Finding> {
    let linter = common::linter();
    let source = decode_report(name, text.as_bytes().to_vec()).expect("decodes");
    linter.check_source(&source, &|r| r.id() == "common/council-name-form")
}

#[test]
fn the_subject_named_in_another_form_is_a_note_once_per_form() {
    let text = cqc(
        "Northby City Council had a plan. Northby City Council's board met. Northby Borough Council agreed. Northby Council and the London Borough of Northby both agreed.",
    );
    let found = check_form("northby.txt", &text);
    assert_eq!(
        spans(&found, &text),
        vec!["Northby City Council", "Northby Borough Council"]
    );
    assert!(found.iter().all(|f| f.severity == Severity::Note));
    assert!(found[0]
        .message
        .contains("the report calls it `London Borough of Northby` (or `Northby Council`)"));
    // A city council's report may speak of the City of Northby, a place.
    let city = CQC
        .replace("London Borough of Northby", "Northby City Council")
        .replace(
            "SENTENCE",
            "The City of Northby has many parks. Northby City Council had a plan.",
        );
    assert!(check_form("northby.txt", &city).is_empty());
    for file in [
        CLEAN,
        DEFECTIVE,
        "cqc-ashcombe-2024.txt",
        "cqc-kelmarsh-2025.md",
    ] {
        assert!(check_form(file, &fixture(file)).is_empty(), "{file}");
    }
}
