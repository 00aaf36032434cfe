//! The published ratings of 72 councils (tests/data): a report built from
//! each council's nine scores and its published rating draws no rating
//! finding, and the same report with a rating two bands away draws an error.

mod common;

use reportlint::finding::Severity;
use reportlint::source::SourceFile;

const STATEMENTS: [&str; 9] = [
    "Assessing needs",
    "Supporting people to lead healthier lives",
    "Equity in experience and outcomes",
    "Care provision, integration and continuity",
    "Partnerships and communities",
    "Safe pathways, systems and transitions",
    "Safeguarding",
    "Governance, management and sustainability",
    "Learning, improvement and innovation",
];

const RATINGS: [&str; 4] = ["Inadequate", "Requires improvement", "Good", "Outstanding"];

fn report(council: &str, rating: &str, scores: &[u32]) -> String {
    let mut text = format!(
        "{council}: local authority assessment\n\nAssessment published: 1 October 2025\n\nOverall summary\n\nLocal authority rating and score\n\n{council}\n\n{rating}\n\nQuality statement scores\n\n"
    );
    for (name, score) in STATEMENTS.iter().zip(scores) {
        text.push_str(&format!("{name}\n\nScore: {score}\n\n"));
    }
    text.push_str("Summary of people's experiences\n\nPeople told us about their care.\n");
    text
}

#[test]
fn published_ratings_follow_from_published_scores() {
    let csv = include_str!("data/cqc-la-published-ratings.csv");
    let linter = common::linter();
    let rating_rule = |r: &reportlint::rules::Rule| r.id() == "cqc-la/rating-follows-scores";
    let mut checked = 0;
    let mut problems = Vec::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (council, rating) = (cells[0], cells[1]);
        let Some(band) = RATINGS.iter().position(|r| r.eq_ignore_ascii_case(rating)) else {
            continue; // "Not Rated": an artefact of the source.
        };
        let scores: Vec<u32> = cells[2..]
            .iter()
            .map(|s| s.parse().expect("score is a number"))
            .collect();
        assert_eq!(scores.len(), 9, "{council}");
        let source = SourceFile::new(council, report(council, rating, &scores));
        let findings = linter.check_source(&source, &rating_rule);
        if !findings.is_empty() {
            problems.push(format!(
                "{council} ({rating}, {scores:?}): {}",
                findings[0].message
            ));
        }
        let wrong = RATINGS[(band + 2) % 4];
        let source = SourceFile::new(council, report(council, wrong, &scores));
        let findings = linter.check_source(&source, &rating_rule);
        if !findings.iter().any(|f| f.severity == Severity::Error) {
            problems.push(format!(
                "{council}: `{wrong}` was not flagged for {scores:?}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, 71, "71 rated councils");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
