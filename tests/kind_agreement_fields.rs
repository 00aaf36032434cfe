//! The `field-agreement` kind, on invented Ofsted letters and CQC
//! assessments: a salutation to another person, a signatory who was not on
//! the visit, an addressee block or "About" heading naming another council;
//! and the variants that must stay clean (a title and surname, a second
//! inspector signing, the same council in another form, CRLF with a BOM).

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::source::decode_report;
use reportlint::Linter;

const RULES: &[&str] = &[
    "ofsted/salutation-names-addressee",
    "ofsted/signatory-is-inspector",
    "ofsted/addressee-council-is-subject",
    "cqc-la/about-council-is-title",
];

fn fixture(file: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/invented/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check_with(linter: &Linter, name: &str, text: &str, ids: &[&str]) -> Vec<Finding> {
    let source = decode_report(name, text.as_bytes().to_vec()).expect("decodes");
    linter.check_source(&source, &|r| ids.contains(&r.id()))
}

fn check(name: &str, text: &str) -> Vec<Finding> {
    check_with(common::linter(), name, text, RULES)
}

fn rules(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

const CLEAN: &str = "ofsted-ravensholme-focused-visit-2023.txt";
const DEFECTIVE: &str = "ofsted-saltmarsh-monitoring-visit-2023.txt";

#[test]
fn clean_letters_agree() {
    for file in [
        CLEAN,
        "ofsted-wrexley-focused-visit-2022.txt",
        "ofsted-caverly-focused-visit-2022.txt",
        "ofsted-brackenfold-focused-visit-2023.txt",
        "ofsted-kelmarsh-monitoring-visit-2023.txt",
    ] {
        let found = check(file, &fixture(file));
        assert!(found.is_empty(), "{file}: {:?}", rules(&found));
    }
}

#[test]
fn defective_letter_draws_salutation_signatory_and_council() {
    let text = fixture(DEFECTIVE);
    let found = check(DEFECTIVE, &text);
    assert_eq!(
        rules(&found),
        vec![
            "ofsted/addressee-council-is-subject",
            "ofsted/salutation-names-addressee",
            "ofsted/signatory-is-inspector",
        ]
    );
    assert!(found.iter().all(|f| f.severity == Severity::Error));
    let council = &found[0];
    assert_eq!(council.primary.span.of(&text), "Hartlepool Borough Council");
    assert!(council.message.contains("Saltmarsh Borough Council"));
    let salutation = &found[1];
    assert_eq!(salutation.primary.span.of(&text), "Rebecca");
    assert!(salutation.message.contains("`Daniel Okonkwo`"));
    let signatory = &found[2];
    assert_eq!(signatory.primary.span.of(&text), "Rebecca Hale");
    assert!(signatory.message.contains("Priya Natarajan, Owen Lloyd"));
}

#[test]
fn salutation_forms_that_name_the_addressee() {
    let text = fixture(CLEAN);
    for greeting in [
        "Dear Ms Vasquez-Bright",
        "Dear Dr Vasquez-Bright",
        "Dear Eleanor Vasquez-Bright",
        "Dear Eleanor,",
    ] {
        let variant = text.replace("Dear Eleanor", greeting);
        let found = check(CLEAN, &variant);
        assert!(found.is_empty(), "{greeting}: {:?}", rules(&found));
    }
    // Post-nominals after the addressee's name.
    let variant = text
        .replace("Eleanor Vasquez-Bright\n", "Eleanor Vasquez-Bright OBE\n")
        .replace("Dear Eleanor", "Dear Ms Vasquez-Bright");
    assert!(check(CLEAN, &variant).is_empty());
    for greeting in ["Dear Kate", "Dear Ms Bright", "Dear Mr Nowicki"] {
        let variant = text.replace("Dear Eleanor", greeting);
        assert_eq!(
            rules(&check(CLEAN, &variant)),
            vec!["ofsted/salutation-names-addressee"],
            "{greeting}"
        );
    }
}

#[test]
fn any_named_inspector_may_sign() {
    let text = fixture(CLEAN);
    for signer in ["Tomasz Nowicki", "Ruth Penhaligon"] {
        let variant = text.replace("Grace Adeyemi\nHis", &format!("{signer}\nHis"));
        assert!(check(CLEAN, &variant).is_empty(), "{signer}");
    }
    let variant = text.replace("Grace Adeyemi\nHis", "Grace Adeyemy\nHis");
    assert_eq!(
        rules(&check(CLEAN, &variant)),
        vec!["ofsted/signatory-is-inspector"]
    );
}

#[test]
fn the_same_council_in_other_forms_is_not_reported() {
    let text = fixture(CLEAN);
    for (addressee, subject) in [
        ("Ravensholme Council", "London Borough of Ravensholme"),
        ("Ravensholme City Council", "the City of Ravensholme"),
        ("Royal Borough of Ravensholme", "Ravensholme Council"),
    ] {
        let variant = text
            .replace("Ravensholme Metropolitan Borough Council", addressee)
            .replace(
                "Focused visit to Ravensholme children",
                &format!("Focused visit to {subject} children"),
            );
        let found = check(CLEAN, &variant);
        assert!(
            found.is_empty(),
            "{addressee} / {subject}: {:?}",
            rules(&found)
        );
    }
    let crlf = format!("\u{feff}{}", fixture(DEFECTIVE).replace('\n', "\r\n"));
    assert_eq!(check(DEFECTIVE, &crlf).len(), 3);
}

#[test]
fn other_form_can_be_a_note() {
    let mut linter = Linter::builtin();
    linter.rules.add_pack_file(
        "extra/forms.yaml",
        r#"
applies_to: [ofsted-letter]
rules:
  - id: extra/council-form
    summary: The council is named one way.
    severity: warning
    why: Consistent naming.
    kind: field-agreement
    params:
      left: { field: addressee, part: organisation, label: the addressee block }
      right: { field: subject, label: the subject line }
      compare: same_organisation
      forms: ['(?i)^(?:the\s+)?london\s+borough\s+of\s+(?P<name>.+)$', '(?i)^(?P<name>.+?)\s+council$']
      other_form: note
    examples:
      fail: [{ text: "x", findings: 1 }]
      pass: [{ text: "y" }]
"#,
    );
    assert!(linter.rules.errors.is_empty(), "{:?}", linter.rules.errors);
    let text = fixture(CLEAN)
        .replace(
            "Ravensholme Metropolitan Borough Council",
            "Ravensholme Council",
        )
        .replace(
            "Focused visit to Ravensholme children",
            "Focused visit to London Borough of Ravensholme children",
        );
    let found = check_with(&linter, CLEAN, &text, &["extra/council-form"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Note);
    assert!(found[0]
        .message
        .contains("the same organisation, named two ways"));
}

#[test]
fn cqc_about_heading_names_the_title_council() {
    let text = "# London Borough of Northby: local authority assessment\n\nAssessment published: 10 November 2024\n\n## About Southby Council\n\n### Demographics\n";
    let found = check("northby.md", text);
    assert_eq!(rules(&found), vec!["cqc-la/about-council-is-title"]);
    assert_eq!(found[0].primary.span.of(text), "Southby Council");
    let same = text.replace("About Southby Council", "About Northby Council");
    assert!(check("northby.md", &same).is_empty());
}
