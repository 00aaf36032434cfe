//! The Ofsted inspection of children's services family on invented reports
//! in the layout of each era's published PDF text: the family is
//! recognised, each judgement is read from the table and from its section,
//! and a table that disagrees with a section is an error.

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::model::Report;
use reportlint::source::SourceFile;

const TABLE_MATCHES_SECTION: &str = "ofsted-ilacs/table-matches-section";

/// An ILACS report of 2023 to 2026: a separate care leavers judgement,
/// table rows wrapped as a PDF's narrow column wraps them, and section
/// headings that repeat each judgement after a colon. `overall` is the
/// overall effectiveness row, if any.
fn ilacs(care_leavers_heading: &str, overall: Option<&str>) -> String {
    let overall = overall.map_or(String::new(), |grade| {
        format!("Overall effectiveness\n\n{grade}\n\n")
    });
    format!(
        "Inspection of Northby local authority
children's services
Inspection dates: 3 to 14 March 2025
Lead inspector: Ann Example, His Majesty's Inspector
Judgement

Grade

The impact of leaders on social work
practice with children and families

Good

The experiences and progress of
children who need help and protection

Requires improvement
to be good

The experiences and progress of
children in care

Good

The experiences and progress of care
leavers

Outstanding

{overall}Children in Northby are helped by a stable workforce.

What needs to improve?

The timeliness of return home interviews.

The experiences and progress of children who need help and
protection: requires improvement to be good

Referrals are answered on the day they arrive.

The experiences and progress of children in care: good

Children in care live close to home.

{care_leavers_heading}

Care leavers are helped into work and education.

The impact of leaders on social work practice with children and
families: good

Leaders know their services well.
"
    )
}

/// A report of the single inspection framework (2013 to 2017): the overall
/// judgement in a sentence, numbered table rows, and sections that give
/// their judgement under the heading.
fn sif(adoption_in_section: &str) -> String {
    format!(
        "London Borough of Northby
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 3 March 2016 - 24 March 2016
Report published: 12 May 2016

Children's services in Northby are good

1. Children who need help and protection

Good

2. Children looked after and achieving permanence

Good

2.1 Adoption performance

Outstanding

3. Leadership, management and governance

Good

Information about this local authority area

The experiences and progress of children who need help and
protection

Good

Children are safe.

Adoption performance

{adoption_in_section}

Adopters are found quickly.
"
    )
}

fn model(text: &str) -> Report {
    common::linter().model(&SourceFile::new("northby.txt", text.to_string()))
}

fn findings(text: &str) -> Vec<Finding> {
    let source = SourceFile::new("northby.txt", text.to_string());
    common::linter().check_source(&source, &|r| r.id() == TABLE_MATCHES_SECTION)
}

/// (entity, place, grade) of every judgement read, in document order.
fn judgements(report: &Report) -> Vec<(String, String, String)> {
    report
        .scores
        .iter()
        .map(|s| {
            (
                s.entity.clone().unwrap_or_default(),
                format!("{:?}", s.place),
                s.grade.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn each_era_is_recognised_and_its_judgements_read() {
    let heading = "The experiences and progress of care leavers: outstanding";
    for text in [
        ilacs(heading, Some("Good")),
        ilacs(heading, None),
        sif("Outstanding"),
    ] {
        assert_eq!(
            common::linter().family_for(&text).map(|f| f.id()),
            Some("ofsted-ilacs"),
            "{text}"
        );
    }
    let report = model(&ilacs(heading, Some("Good")));
    let read = judgements(&report);
    let summary = |id: &str| {
        read.iter()
            .find(|(e, place, _)| e == id && place == "Some(Summary)")
            .map(|(_, _, g)| g.as_str())
    };
    assert_eq!(summary("impact-of-leaders"), Some("good"));
    assert_eq!(
        summary("help-and-protection"),
        Some("requires improvement to be good")
    );
    assert_eq!(summary("children-in-care"), Some("good"));
    assert_eq!(summary("care-leavers"), Some("outstanding"));
    assert_eq!(summary("overall-effectiveness"), Some("good"));
    let bodies = read.iter().filter(|(_, p, _)| p == "Some(Body)").count();
    assert_eq!(bodies, 4, "{read:?}");

    let post_reform = judgements(&model(&ilacs(heading, None)));
    assert!(post_reform
        .iter()
        .all(|(e, _, _)| e != "overall-effectiveness"));

    let sif = judgements(&model(&sif("Outstanding")));
    assert!(sif.contains(&(
        "adoption-performance".into(),
        "Some(Body)".into(),
        "outstanding".into()
    )));
    assert!(sif.contains(&(
        "looked-after-and-permanence".into(),
        "Some(Summary)".into(),
        "good".into()
    )));
}

#[test]
fn a_section_that_disagrees_with_the_table_is_an_error() {
    let agreeing = ilacs(
        "The experiences and progress of care leavers: outstanding",
        Some("Good"),
    );
    assert!(findings(&agreeing).is_empty());
    let disagreeing = ilacs(
        "The experiences and progress of care leavers: good",
        Some("Good"),
    );
    let found = findings(&disagreeing);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "`The experiences and progress of care leavers` is outstanding in the judgement table but good in its section"
    );
    assert!(findings(&sif("Outstanding")).is_empty());
    assert_eq!(findings(&sif("Good")).len(), 1);
}

#[test]
fn a_table_the_pdf_scrambled_gives_no_judgement() {
    // Two rows' names, then both grades: no grade can be given to a row.
    let text = ilacs(
        "The experiences and progress of care leavers: outstanding",
        Some("Good"),
    )
    .replacen(
        "The experiences and progress of\nchildren in care\n\nGood\n\nThe experiences and progress of care\nleavers\n\nOutstanding",
        "The experiences and progress of children in care\nThe experiences and progress of care leavers\n\nGood\nOutstanding",
        1,
    );
    let read = judgements(&model(&text));
    assert!(
        !read
            .iter()
            .any(|(e, p, _)| e == "care-leavers" && p == "Some(Summary)"),
        "{read:?}"
    );
    assert!(findings(&text).is_empty());
}

fn overall_findings(text: &str) -> Vec<String> {
    let source = SourceFile::new("northby.txt", text.to_string());
    common::linter()
        .check_source(&source, &|r| {
            [
                "ofsted-ilacs/overall-between-judgements",
                "ofsted-ilacs/overall-fits-judgements",
            ]
            .contains(&r.id())
        })
        .into_iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn the_overall_judgement_sits_with_the_others() {
    let heading = "The experiences and progress of care leavers: outstanding";
    // Good overall with leaders good and nothing inadequate: as normally.
    assert!(overall_findings(&ilacs(heading, Some("Good"))).is_empty());
    // No overall judgement (inspections from April 2026): nothing to check.
    assert!(overall_findings(&ilacs(heading, None)).is_empty());
    // Inadequate overall when nothing else is.
    let found = overall_findings(&ilacs(heading, Some("Inadequate")));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("ofsted-ilacs/overall-between-judgements: Overall effectiveness is inadequate, outside the other judgements (requires improvement to be good to outstanding)"), "{found:?}");
    // Good overall, but one judgement on children's experiences inadequate.
    let text = ilacs(heading, Some("Good")).replacen(
        "children who need help and protection\n\nRequires improvement\nto be good",
        "children who need help and protection\n\nInadequate",
        1,
    );
    let found = overall_findings(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("normally comes with `The experiences and progress of children who need help and protection` at least requires improvement to be good"), "{found:?}");
}

#[test]
fn the_overall_judgement_follows_the_inspection_start_date() {
    let era = |text: &str| {
        let source = SourceFile::new("northby.txt", text.to_string());
        common::linter()
            .check_source(&source, &|r| r.id() == "ofsted-ilacs/overall-judgement-era")
            .into_iter()
            .map(|f| f.message)
            .collect::<Vec<_>>()
    };
    let heading = "The experiences and progress of care leavers: outstanding";
    let dated = |text: String, dates: &str| text.replacen("3 to 14 March 2025", dates, 1);
    // Before the reform, with the judgement; after it, without.
    assert!(era(&ilacs(heading, Some("Good"))).is_empty());
    assert!(era(&dated(ilacs(heading, None), "11 to 22 May 2026")).is_empty());
    // Started before the reform and published after it: still judged.
    let missing = era(&dated(ilacs(heading, None), "20 to 24 April 2026"));
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].starts_with("the inspection started on 20 April 2026, before 27 April 2026, but gives no `Overall effectiveness` judgement"));
    let withdrawn = era(&dated(
        ilacs(heading, Some("Good")),
        "27 April to 8 May 2026",
    ));
    assert_eq!(withdrawn.len(), 1, "{withdrawn:?}");
    // A report of the framework before 2018 is not checked.
    assert!(era(&sif("Outstanding")).is_empty());
}

/// Findings of the named rules, as `rule: message`.
fn findings_of(text: &str, rules: &[&str]) -> Vec<String> {
    let source = SourceFile::new("northby.txt", text.to_string());
    common::linter()
        .check_source(&source, &|r| rules.contains(&r.id()))
        .into_iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn section_headings_are_read_in_every_published_wording() {
    // The grade after `is`, `is:` or `are`, the grade as its own verb
    // ("require improvement"), a form feed where the section starts a page,
    // and the grade on the heading's second line.
    for heading in [
        "The experiences and progress of care leavers is outstanding",
        "The experiences and progress of care leavers is: outstanding",
        "\u{c}The experiences and progress of care leavers: outstanding",
        "The experiences and progress of care leavers\nis outstanding.",
    ] {
        let read = judgements(&model(&ilacs(heading, Some("Good"))));
        assert!(
            read.contains(&(
                "care-leavers".into(),
                "Some(Body)".into(),
                "outstanding".into()
            )),
            "{heading:?}: {read:?}"
        );
        assert!(findings(&ilacs(heading, Some("Good"))).is_empty());
    }
    let wrong = ilacs(
        "The experiences and progress of care leavers require improvement",
        Some("Good"),
    );
    let found = findings(&wrong);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.ends_with(
        "is outstanding in the judgement table but requires improvement to be good in its section"
    ));
}

#[test]
fn the_overall_judgement_of_a_report_before_2018_is_read_from_its_sentences() {
    let text = sif("Outstanding");
    let read = judgements(&model(&text));
    assert!(read.contains(&(
        "overall-effectiveness".into(),
        "Some(Summary)".into(),
        "good".into()
    )));
    // The summary of findings restates it; a different grade there is an
    // error, named as sentences rather than as the table.
    let restated = text.replacen(
        "Information about this local authority area",
        "Information about this local authority area\n\nSummary of findings\n\nChildren's services in Northby require improvement to be good because:",
        1,
    );
    let found = findings(&restated);
    assert_eq!(
        found.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
        ["`Overall effectiveness` is good in the first sentence that states it but requires improvement to be good in a later sentence"]
    );
    // Sentences that only name the place are not judgements.
    let mentions = text.replacen(
        "Children are safe.",
        "Good practice is now in place across all\nchildren's services in Northby, with some examples of outstanding practice.",
        1,
    );
    assert!(findings(&mentions).is_empty());
    assert_eq!(
        judgements(&model(&mentions))
            .iter()
            .filter(|(e, _, _)| e == "overall-effectiveness")
            .count(),
        1
    );
}

#[test]
fn before_2018_care_leavers_are_part_of_the_looked_after_judgement() {
    // Care leavers requiring improvement under a good looked-after
    // judgement: the good overall judgement sits with the key judgements.
    let text = sif("Outstanding").replacen(
        "2.1 Adoption performance\n\nOutstanding",
        "2.1 Adoption performance\n\nOutstanding\n\n2.2 Experiences and progress of care leavers\n\nRequires improvement",
        1,
    );
    assert!(
        overall_findings(&text).is_empty(),
        "{:?}",
        overall_findings(&text)
    );
    // Every key judgement below the overall one is reported.
    let below = text
        .replace(
            "achieving permanence\n\nGood",
            "achieving permanence\n\nRequires improvement",
        )
        .replace("governance\n\nGood", "governance\n\nRequires improvement")
        .replace("protection\n\nGood", "protection\n\nRequires improvement");
    let found = overall_findings(&below);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("outside the other judgements (requires improvement to be good to requires improvement to be good)"), "{found:?}");
}

#[test]
fn the_summary_may_echo_the_body_but_the_body_may_not_repeat_itself() {
    let finding = "Social workers visit children in care often and know them well, and children say that they trust them. Plans for permanence are made early and are reviewed by managers who check that they are followed.";
    let heading = "The experiences and progress of care leavers: outstanding";
    let repeats = |text: &str| {
        let source = SourceFile::new("northby.txt", text.to_string());
        common::linter()
            .check_source(&source, &|r| r.id() == "ofsted-ilacs/repeated-text")
            .into_iter()
            .map(|f| f.severity)
            .collect::<Vec<_>>()
    };
    // The summary, before the first judgement section, restates a finding.
    let echoed = ilacs(heading, Some("Good"))
        .replacen(
            "Children in Northby are helped by a stable workforce.",
            finding,
            1,
        )
        .replacen("Children in care live close to home.", finding, 1);
    assert_eq!(repeats(&echoed), [Severity::Note]);
    // The same finding under two judgements is a paste.
    let pasted = ilacs(heading, Some("Good"))
        .replacen("Children in care live close to home.", finding, 1)
        .replacen("Leaders know their services well.", finding, 1);
    assert_eq!(repeats(&pasted), [Severity::Warning]);
}

#[test]
fn inspection_dates_run_forwards_and_the_title_follows_them() {
    let rules = [
        "ofsted-ilacs/inspection-dates-in-order",
        "ofsted-ilacs/published-after-inspection",
        "ofsted-ilacs/majesty-by-date",
    ];
    let heading = "The experiences and progress of care leavers: outstanding";
    let report = ilacs(heading, Some("Good"));
    assert!(findings_of(&report, &rules).is_empty());
    let swapped = report.replacen("3 to 14 March 2025", "14 to 3 March 2025", 1);
    assert_eq!(
        findings_of(&swapped, &rules),
        ["ofsted-ilacs/inspection-dates-in-order: the inspection's last day (3 March 2025) is before the inspection's first day (14 March 2025)"]
    );
    let old_title = report.replacen("His Majesty's Inspector", "Her Majesty's Inspector", 1);
    let found = findings_of(&old_title, &rules);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("ofsted-ilacs/majesty-by-date: "),
        "{found:?}"
    );
    let sif = sif("Outstanding");
    assert!(findings_of(&sif, &rules).is_empty());
    let early = sif.replacen(
        "Report published: 12 May 2016",
        "Report published: 12 May 2015",
        1,
    );
    let found = findings_of(&early, &rules);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("ofsted-ilacs/published-after-inspection: "),
        "{found:?}"
    );
}

#[test]
fn another_council_named_as_the_subject_is_reported() {
    let heading = "The experiences and progress of care leavers: outstanding";
    let rule = ["common/other-council-named"];
    let report = ilacs(heading, Some("Good"));
    assert!(findings_of(&report, &rule).is_empty());
    let pasted = report.replacen(
        "Leaders know their services well.",
        "Leaders know their services well. Brent Council's leaders have strengthened the front door.",
        1,
    );
    let found = findings_of(&pasted, &rule);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Brent"), "{found:?}");
    // The same name as a partner is not the subject.
    let partner = report.replacen(
        "Leaders know their services well.",
        "Leaders know their services well and share an adoption agency with Brent Council.",
        1,
    );
    assert!(findings_of(&partner, &rule).is_empty());
}

#[test]
fn numbered_paragraphs_run_in_sequence_across_pages_and_wrapped_figures() {
    let rule = ["ofsted-ilacs/paragraph-numbers-in-sequence"];
    let heading = "The experiences and progress of care leavers: outstanding";
    let numbered = |paragraphs: &str| {
        ilacs(heading, Some("Good")).replacen("Children in care live close to home.", paragraphs, 1)
    };
    // In sequence, over a page break with its running footer and page
    // number, a number alone on its line, and a figure that a wrapped
    // sentence put at a line's start ("until age / 16.") just before the
    // real paragraph 16.
    let fine = numbered(
        "14. Children in care live close to home and see their families and friends often, and\n\
         those who need it are supported by the emotional health service until age\n\
         16. Children say that their social workers know them well.\n\
         16. Plans for permanence are made early and reviewed.\n\
         Inspection of Northby local authority children's services\n3 to 14 March 2025\n\n2\n\n\u{c}\
         17.\n\nPersonal advisers know the young people well.\n",
    )
    .replacen("14. Children", "15. Children", 1);
    assert!(
        findings_of(&fine, &rule).is_empty(),
        "{:?}",
        findings_of(&fine, &rule)
    );
    let skipped = numbered(
        "1. Children live close to home.\n2. Plans are made early.\n4. Advisers know them.\n",
    );
    assert_eq!(
        findings_of(&skipped, &rule),
        ["ofsted-ilacs/paragraph-numbers-in-sequence: paragraph 4 follows paragraph 2: 3 is missing"]
    );
    let twice = numbered(
        "1. Children live close to home.\n2. Plans are made early.\n2. Advisers know them.\n",
    );
    assert_eq!(
        findings_of(&twice, &rule),
        ["ofsted-ilacs/paragraph-numbers-in-sequence: paragraph number 2 is given twice in a row"]
    );
    // One slip, one finding: a paragraph pasted twice (2, 2, 3) or a
    // number typed twice (2, 2, 4).
    for tail in ["3. Advisers help.\n", "4. Advisers help.\n"] {
        let text = numbered(&format!(
            "1. Children live close to home.\n2. Plans are made early.\n2. Advisers know them.\n{tail}"
        ));
        assert_eq!(findings_of(&text, &rule).len(), 1, "{tail}");
    }
    // A jump too large to be a slip is another series.
    let jump = numbered(
        "1. Children live close to home.\n2. Plans are made early.\n9. Advisers know them.\n",
    );
    assert!(findings_of(&jump, &rule).is_empty());
}

/// An ILACS report of 2018 to 2022: children in care and care leavers
/// judged together, the title in two lines, the grade after "is" in each
/// section heading and the paragraph numbers alone on their lines.
fn combined_era(in_care_heading_grade: &str) -> String {
    format!(
        "Northby Council
Inspection of children's social care services
Inspection dates: 28 November 2019 to 9 December 2019
Lead inspector: Ann Example
Her Majesty's Inspector
Judgement

Grade

The impact of leaders on social work practice with children
and families

Good

The experiences and progress of children who need help and
protection

Good

The experiences and progress of children in care and care
leavers

Good

Overall effectiveness

Good

Since the last inspection in 2016, when the local authority was judged to require improvement to be good, leaders have improved services.

What needs to improve

The quality of supervision.

\u{c}The experiences and progress of children who need help and
protection is good
1.

Children are seen quickly.

2.

Plans are reviewed on time.

The experiences and progress of children in care and care
leavers is {in_care_heading_grade}
3.

Children in care live close to home.

The impact of leaders on social work practice with children and
families is good
4.

Leaders know their services well.
"
    )
}

#[test]
fn a_report_of_2018_to_2022_is_read_and_checked() {
    let all = [
        TABLE_MATCHES_SECTION,
        "ofsted-ilacs/overall-between-judgements",
        "ofsted-ilacs/overall-fits-judgements",
        "ofsted-ilacs/overall-judgement-era",
        "ofsted-ilacs/inspection-dates-in-order",
        "ofsted-ilacs/majesty-by-date",
        "ofsted-ilacs/previous-inspection-before-this-one",
        "ofsted-ilacs/paragraph-numbers-in-sequence",
        "ofsted-ilacs/repeated-text",
    ];
    let text = combined_era("good");
    let read = judgements(&model(&text));
    for id in [
        "impact-of-leaders",
        "help-and-protection",
        "children-in-care-and-care-leavers",
    ] {
        for place in ["Some(Summary)", "Some(Body)"] {
            assert!(
                read.contains(&(id.into(), place.into(), "good".into())),
                "{id} {place}: {read:?}"
            );
        }
    }
    assert!(
        findings_of(&text, &all).is_empty(),
        "{:?}",
        findings_of(&text, &all)
    );
    let found = findings_of(&combined_era("inadequate"), &all);
    assert_eq!(
        found,
        ["ofsted-ilacs/table-matches-section: `The experiences and progress of children in care and care leavers` is good in the judgement table but inadequate in its section"]
    );
    let renumbered = text.replacen("3.\n", "2.\n", 1);
    assert_eq!(findings_of(&renumbered, &all).len(), 1);
}

#[test]
fn the_first_sentence_in_the_report_is_the_summary_whichever_wording_it_takes() {
    // The headline wording at the top, the other wording further down.
    let text = sif("Outstanding").replacen(
        "Children are safe.",
        "The overall judgement is that children's services require improvement.",
        1,
    );
    let overall: Vec<(String, String)> = judgements(&model(&text))
        .into_iter()
        .filter(|(e, _, _)| e == "overall-effectiveness")
        .map(|(_, place, grade)| (place, grade))
        .collect();
    assert_eq!(
        overall,
        [
            ("Some(Summary)".to_string(), "good".to_string()),
            (
                "Some(Body)".to_string(),
                "requires improvement to be good".to_string()
            )
        ]
    );
}
