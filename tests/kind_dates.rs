//! The `dates` kind on invented Ofsted letters and CQC assessments: a letter
//! dated before its visit, "Her Majesty's" in 2023, a previous inspection
//! after the visit, dates that do not exist, an assessment published before
//! its data year ended; and the consistent variants that must stay clean
//! (other dates, CRLF with a byte-order mark, Markdown).

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::source::{decode_report, SourceFile};

const DATE_RULES: &[&str] = &[
    "ofsted/letter-after-visit",
    "ofsted/previous-inspection-before-visit",
    "ofsted/majesty-by-date",
    "common/real-dates",
    "cqc-la/published-after-data-year",
];

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
    linter.check_source(&source, &|r| DATE_RULES.contains(&r.id()))
}

fn line(source: &SourceFile, f: &Finding) -> usize {
    source.position(f.primary.span.start).line
}

fn rules(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

const CLEAN: &str = "ofsted-ravensholme-focused-visit-2023.txt";
const DEFECTIVE: &str = "ofsted-saltmarsh-monitoring-visit-2023.txt";

#[test]
fn clean_letter_has_no_date_findings() {
    let found = check(CLEAN, &fixture(CLEAN));
    assert!(found.is_empty(), "{:?}", rules(&found));
}

#[test]
fn defective_letter_draws_each_date_defect_once() {
    let text = fixture(DEFECTIVE);
    let found = check(DEFECTIVE, &text);
    let source = SourceFile::new(DEFECTIVE, text.clone());
    let got: Vec<(&str, usize)> = found
        .iter()
        .map(|f| (f.rule.as_str(), line(&source, f)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ofsted/letter-after-visit", 11),
            ("ofsted/majesty-by-date", 24),
            ("ofsted/previous-inspection-before-visit", 32),
            ("common/real-dates", 40),
            ("ofsted/majesty-by-date", 47),
        ]
    );
    let after = &found[0];
    assert_eq!(after.severity, Severity::Error);
    assert!(
        after.message.contains("3 October 2023"),
        "{}",
        after.message
    );
    assert!(
        after.message.contains("18 October 2023"),
        "{}",
        after.message
    );
    assert_eq!(after.primary.span.of(&text), "3 October 2023");
    let majesty = &found[1];
    assert_eq!(majesty.primary.span.of(&text), "Her");
    assert!(majesty.message.contains("8 September 2022"));
    assert!(majesty.message.contains("`His`"));
    let previous = &found[2];
    assert_eq!(previous.primary.span.of(&text), "2024");
    assert!(previous.message.contains("after the visit"));
    let real = &found[3];
    assert_eq!(real.primary.span.of(&text), "31 September 2023");
    assert!(real.message.contains("September has 30 days"));
}

#[test]
fn correcting_the_defects_makes_the_letter_clean() {
    let text = fixture(DEFECTIVE)
        .replace("3 October 2023", "3 November 2023")
        .replace("Her Majesty", "His Majesty")
        .replace("inspection in 2024", "inspection in 2021")
        .replace("31 September", "30 September");
    let found = check(DEFECTIVE, &text);
    assert!(found.is_empty(), "{:?}", rules(&found));
}

#[test]
fn crlf_and_byte_order_mark_read_the_same() {
    let text = format!("\u{feff}{}", fixture(DEFECTIVE).replace('\n', "\r\n"));
    let found = check(DEFECTIVE, &text);
    assert_eq!(found.len(), 5, "{:?}", rules(&found));
    let clean = format!("\u{feff}{}", fixture(CLEAN).replace('\n', "\r\n"));
    assert!(check(CLEAN, &clean).is_empty());
}

#[test]
fn her_majesty_is_right_before_the_switch_and_either_across_it() {
    // The clean letter moved to June 2022: "His" is now the wrong word.
    let june = fixture(CLEAN)
        .replace("14 April 2023", "14 July 2022")
        .replace("28 February and 1 March 2023", "7 and 8 June 2022");
    let found = check(CLEAN, &june);
    assert_eq!(rules(&found), vec!["ofsted/majesty-by-date"; 2]);
    assert!(found[0].message.contains("before 8 September 2022"));
    let fixed = june.replace("His Majesty", "Her Majesty");
    assert!(check(CLEAN, &fixed).is_empty());
    // Visit before the switch, letter after it: no finding either way.
    let across = fixed
        .replace("14 July 2022", "3 October 2022")
        .replace("7 and 8 June 2022", "6 and 7 September 2022");
    assert!(check(CLEAN, &across).is_empty());
    assert!(check(CLEAN, &across.replace("Her Majesty", "His Majesty")).is_empty());
}

#[test]
fn a_letter_on_the_last_day_of_the_visit_is_allowed() {
    let text = fixture(CLEAN).replace("14 April 2023", "1 March 2023");
    assert!(check(CLEAN, &text).is_empty());
    let text = fixture(CLEAN).replace("14 April 2023", "28 February 2023");
    let found = check(CLEAN, &text);
    assert_eq!(rules(&found), vec!["ofsted/letter-after-visit"]);
}

#[test]
fn a_previous_inspection_in_the_visit_year_is_not_judged() {
    let text = fixture(CLEAN).replace("inspection in June 2019", "inspection in 2023");
    assert!(check(CLEAN, &text).is_empty());
    let text = fixture(CLEAN).replace("inspection in June 2019", "inspection in March 2023");
    assert_eq!(
        rules(&check(CLEAN, &text)),
        vec!["ofsted/previous-inspection-before-visit"]
    );
}

const CQC: &str = "# Northby Council: local authority assessment

Assessment published: 10 November 2023

## About Northby Council

### Financial facts

- The local authority estimated that in 2023/24, its total budget would be £300,000,000.
- In 2023/2024, 20% of the budget was spent on adult social care.
";

#[test]
fn cqc_published_before_its_data_year_ended() {
    let found = check("northby.md", CQC);
    assert_eq!(rules(&found), vec!["cqc-la/published-after-data-year"]);
    assert!(found[0].message.contains("10 November 2023"));
    assert!(found[0].message.contains("2023/24"));
    let later = CQC.replace("10 November 2023", "10 November 2024");
    assert!(check("northby.md", &later).is_empty());
    // Published on the last day of the financial year: still too early.
    let same = CQC.replace("10 November 2023", "31 March 2024");
    assert_eq!(
        rules(&check("northby.md", &same)),
        vec!["cqc-la/published-after-data-year"]
    );
}

#[test]
fn impossible_days_and_not_financial_years() {
    let text = CQC.replace("In 2023/2024", "In 2023/2013").replace(
        "10 November 2023",
        "10 November 2025",
    ) + "\nThe plan for 2022-2025 was agreed on 29 February 2024. Visits ran 30 to 31 April 2025.\n";
    let found = check("northby.md", &text);
    let spans: Vec<&str> = found.iter().map(|f| f.primary.span.of(&text)).collect();
    // `2023/2013` is common/financial-year-consecutive's, not a date rule's.
    assert_eq!(spans, vec!["30 to 31 April 2025"]);
    assert!(found[0].message.contains("April has 30 days"));
}

#[test]
fn a_sentence_about_an_earlier_inspection_keeps_its_word() {
    let text = fixture(CLEAN).replace(
        "Care leavers in custody are visited,",
        "When Her Majesty's Inspectors visited in 2019, care leavers in custody were not visited. They are now visited,",
    );
    assert!(check(CLEAN, &text).is_empty());
}
