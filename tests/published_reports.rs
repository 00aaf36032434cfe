//! The five published reports in examples/published: what reportlint sees
//! (outline) and what it finds (concise findings), pinned as snapshots that
//! were read line by line against the reports.

mod common;

use reportlint::source::read_report;

const REPORTS: [&str; 5] = [
    "cqc-camden-2025.txt",
    "cqc-ealing-2025.txt",
    "cqc-harrow-2024.txt",
    "cqc-westminster-2024.md",
    "ofsted-ealing-focused-visit-2022.txt",
];

fn load(name: &str) -> reportlint::source::SourceFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/published")
        .join(name);
    read_report(&path, &format!("examples/published/{name}")).expect("published report reads")
}

#[test]
fn outlines_of_published_reports() {
    let linter = common::linter();
    for name in REPORTS {
        let source = load(name);
        let (report, family) = linter.model_with_family(source.text());
        let outline = reportlint::outline::outline(&source, &report, family);
        insta::assert_snapshot!(format!("outline-{name}"), outline.to_text());
    }
}

#[test]
fn findings_on_published_reports() {
    let linter = common::linter();
    for name in REPORTS {
        insta::assert_snapshot!(
            format!("findings-{name}"),
            common::concise_findings(linter, load(name))
        );
    }
}

#[test]
fn every_published_cqc_report_has_nine_statements_scored_twice() {
    let linter = common::linter();
    for name in REPORTS.iter().filter(|n| n.starts_with("cqc")) {
        let report = linter.model(&load(name));
        for place in [
            reportlint::family::ScorePlace::Summary,
            reportlint::family::ScorePlace::Body,
        ] {
            let mut entities: Vec<_> = report
                .scores_at(place)
                .filter_map(|s| s.entity.clone())
                .collect();
            entities.dedup();
            assert_eq!(entities.len(), 9, "{name}: {place:?} scores {entities:?}");
        }
        assert_eq!(report.descriptors.len(), 9, "{name}: descriptors");
        assert!(
            report.fields.contains_key("rating") && report.fields.contains_key("council"),
            "{name}"
        );
    }
}
