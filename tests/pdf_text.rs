//! Text extracted from PDF, as `pdftotext` writes it: a form feed before each
//! new page, each page closed by a running footer (the report's title and
//! dates) and its number, and sentences carried over from one page to the
//! next. The reports are invented.

mod common;

use reportlint::finding::Finding;
use reportlint::model::block::FurnitureKind;
use reportlint::source::SourceFile;

/// An invented inspection report of `pages` pages in the layout of a PDF's
/// text: the title opens page 1 and, with the dates, closes every page;
/// each page but the last breaks off mid-sentence.
fn pdf_report(pages: usize) -> String {
    const TEAMS: [&str; 6] = ["north", "south", "east", "west", "river", "hill"];
    const WORK: [&str; 6] = [
        "visit children often and know them well",
        "see families at home before each review",
        "record what children say in their own words",
        "share plans with schools and health visitors",
        "meet carers every month to talk about progress",
        "plan moves to adult services from the age of 16",
    ];
    let title = "Inspection of Northby local authority children's services";
    let mut text = format!("{title}\nInspection dates: 3 to 7 March 2025\n\n");
    for page in 1..=pages {
        let (team, work) = (TEAMS[(page - 1) % 6], WORK[(page - 1) % 6]);
        text.push_str(&format!(
            "Social workers in the {team} team {work}. Managers of the {team} team\n\
review the {team} plans and record the reasons for each decision they make.\n\n\
Leaders asked the {team} team to {work} more often, and\n"
        ));
        if page < pages {
            text.push_str(&format!(
                "{title}\n3 to 7 March 2025\n\n{page}\n\n\x0cthe {team} team has done so since the spring.\n\n"
            ));
        } else {
            text.push_str("it has done so since the spring.\n");
        }
    }
    text
}

fn findings(text: &str) -> Vec<Finding> {
    let source = SourceFile::new("northby.txt", text.to_string());
    common::linter().check_source(&source, &|_| true)
}

#[test]
fn running_footers_and_page_numbers_are_furniture_not_text() {
    let text = pdf_report(5);
    let source = SourceFile::new("northby.txt", text.clone());
    let report = common::linter().model(&source);
    assert_eq!(report.page_breaks.len(), 4);
    let running = report
        .furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::Running)
        .count();
    let numbers: Vec<(u32, &str)> = report
        .furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::PageNumber)
        .map(|f| (f.page, f.span.of(&text)))
        .collect();
    assert_eq!(running, 8, "title and dates on pages 1 to 4");
    assert_eq!(numbers, vec![(1, "1"), (2, "2"), (3, "3"), (4, "4")]);
    // The title that opens page 1 is the report's, not furniture.
    assert!(report.furniture.iter().all(|f| f.span.start > 0));
    for sentence in &report.sentences {
        let said = sentence.span.of(&text);
        assert!(!said.contains("3 to 7 March 2025\n"), "{said:?}");
    }
    // The paragraph a page cut carries on on the next page.
    let carried = report
        .paragraphs
        .iter()
        .filter(|p| p.continues_previous)
        .count();
    assert_eq!(carried, 4);
    assert_eq!(report.paragraphs.last().map(|p| p.page), Some(5));
}

#[test]
fn a_pdf_s_page_layout_draws_no_finding() {
    let found = findings(&pdf_report(6));
    let messages: Vec<String> = found
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
}

#[test]
fn a_stray_break_inside_a_page_is_still_reported() {
    let text = pdf_report(3).replacen(
        "record the reasons for each",
        "record the reasons\n\nfor each",
        1,
    );
    let found = findings(&text);
    let split: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == "common/sentence-split-across-paragraphs")
        .collect();
    assert_eq!(split.len(), 1, "{found:?}");
}

#[test]
fn one_shared_word_does_not_make_a_report_a_letter() {
    // An inspection report names its inspectorate on a line of its own, as
    // a letter does; a letter also has its salutation, subject and sign-off.
    let report = format!("Ofsted\n\n{}", pdf_report(2));
    assert!(common::linter().family_for(&report).is_none());
    let letter = format!("{report}\nDear Ms Carter\n\nYours sincerely\n\nA Inspector\n");
    assert_eq!(
        common::linter().family_for(&letter).map(|f| f.id()),
        Some("ofsted-letter")
    );
}
