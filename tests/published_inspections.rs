//! Four published Ofsted inspections of children's services, in the text of
//! their PDFs (tests/fixtures/published-inspections, OGL v3.0): their
//! judgements as reportlint reads them (table and sections side by side)
//! and their findings, pinned as snapshots read against the reports.

mod common;

use reportlint::source::read_report;

const REPORTS: [&str; 4] = [
    "southwark-2017-06-13.txt",
    "cheshire-east-2020-01-09.txt",
    "lewisham-2024-01-31.txt",
    "trafford-2026-08-03.txt",
];

fn load(name: &str) -> reportlint::source::SourceFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published-inspections")
        .join(name);
    read_report(&path, name).expect("published inspection reads")
}

#[test]
fn judgements_of_published_inspections() {
    let linter = common::linter();
    for name in REPORTS {
        let source = load(name);
        let (report, family) = linter.model_with_family(source.text());
        assert_eq!(family.map(|f| f.id()), Some("ofsted-ilacs"), "{name}");
        let outline = reportlint::outline::outline(&source, &report, family);
        let text = outline.to_text();
        // The family, its fields and the judgements; the section tree of a
        // PDF's text says little.
        let head = text.split("\nsections").next().unwrap_or(&text);
        insta::assert_snapshot!(format!("judgements-{name}"), head);
    }
}

#[test]
fn findings_on_published_inspections() {
    let linter = common::linter();
    for name in REPORTS {
        insta::assert_snapshot!(
            format!("findings-{name}"),
            common::concise_findings(linter, load(name))
        );
    }
}
