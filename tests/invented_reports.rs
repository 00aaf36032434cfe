//! Invented reports (`tests/fixtures/invented/`): CQC local authority
//! assessments and Ofsted children's services letters for councils that do
//! not exist, with scores and figures made up for the purpose. Each fixture
//! exercises one way real reports are written (plain text, Markdown with
//! inconsistent heading levels, CRLF with a byte-order mark, no-break spaces
//! and curly quotes, `Score 2` and en dashes, `**Score:** 3`, an unscored
//! statement, a draft with sections missing, sections out of order) or one
//! defect the rules must catch (a rating the scores do not give, a summary
//! score that differs from the section's, a sum that falls between bands).
//!
//! The expectations are written out by hand from what each fixture states:
//! fields, every score in document order with its entity, place and line,
//! the descriptors, the theme/statement tree, and the exact findings (rule,
//! severity, line of the primary label). The "variant" tests transform a
//! fixture in memory (rename the council, CRLF, BOM, new scores) and check
//! that the result still reads the same and stays clean, or draws exactly
//! the finding the change should draw.

mod common;

use std::path::PathBuf;

use reportlint::family::ScorePlace::{self, Body as B, Summary as S};
use reportlint::finding::Severity::{self, Error, Note};
use reportlint::model::dates::Date;
use reportlint::model::{ParagraphKind, Report};
use reportlint::source::SourceFile;

const CQC: &str = "cqc-local-authority";
const OFSTED: &str = "ofsted-letter";
const RATING: &str = "cqc-la/rating-follows-scores";
const AGREEMENT: &str = "cqc-la/summary-score-matches-section";

/// The fixed descriptor of each score.
fn descriptor(value: u32) -> &'static str {
    match value {
        1 => "Evidence shows significant shortfalls",
        2 => "Evidence shows some shortfalls",
        3 => "Evidence shows a good standard",
        4 => "Evidence shows an exceptional standard",
        other => panic!("no descriptor for score {other}"),
    }
}

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day)
}

fn fixture_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invented")
        .join(file)
}

/// The fixture's text exactly as stored (a byte-order mark is kept).
fn fixture_text(file: &str) -> String {
    let path = fixture_path(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn source(file: &str, text: String) -> SourceFile {
    SourceFile::new(format!("tests/fixtures/invented/{file}"), text)
}

fn line(source: &SourceFile, offset: usize) -> usize {
    source.position(offset).line
}

/// An expected finding: rule id, severity, line of the primary label, and
/// phrases the message must contain.
type Finding = (&'static str, Severity, usize, &'static [&'static str]);

/// What a CQC local authority assessment fixture states.
#[derive(Clone)]
struct Cqc {
    file: &'static str,
    /// Council name from the title line, and that line.
    council: (&'static str, usize),
    /// "Assessment published" value as written, parsed, and its line.
    published: Option<(&'static str, Date, usize)>,
    /// Headline rating and its line.
    rating: (&'static str, usize),
    /// Every score line in document order: place, entity id, value, line.
    /// Each body score is followed two lines later by its descriptor.
    scores: Vec<(ScorePlace, &'static str, u32, usize)>,
    /// Themes in document order with their statements' entity ids.
    themes: Vec<(u32, Vec<&'static str>)>,
    findings: Vec<Finding>,
}

impl Cqc {
    fn source(&self) -> SourceFile {
        source(self.file, fixture_text(self.file))
    }

    /// The lines of the scores the headline rating is computed from: the
    /// summary table, or the sections when there is no table.
    fn rating_input_lines(&self) -> Vec<usize> {
        let at = |place| -> Vec<usize> {
            self.scores
                .iter()
                .filter(|s| s.0 == place)
                .map(|s| s.3)
                .collect()
        };
        let summary = at(S);
        if summary.is_empty() {
            at(B)
        } else {
            summary
        }
    }
}

fn check_fields(e: &Cqc, source: &SourceFile) {
    let file = e.file;
    let linter = common::linter();
    let report = linter.model(source);
    assert_eq!(report.family.as_deref(), Some(CQC), "{file}: family");
    let field = |name: &str| {
        report
            .fields
            .get(name)
            .map(|f| (f.value.as_str(), line(source, f.span.start)))
    };
    assert_eq!(field("council"), Some(e.council), "{file}: council");
    assert_eq!(field("rating"), Some(e.rating), "{file}: rating");
    match e.published {
        Some((text, parsed, at)) => {
            assert_eq!(field("published"), Some((text, at)), "{file}: published");
            assert_eq!(
                report.fields["published"].date,
                Some(parsed),
                "{file}: published date"
            );
        }
        None => assert_eq!(field("published"), None, "{file}: published"),
    }
}

fn check_scores(e: &Cqc, source: &SourceFile) {
    let file = e.file;
    let report = common::linter().model(source);
    let actual: Vec<(Option<ScorePlace>, Option<&str>, u32, usize)> = report
        .scores
        .iter()
        .map(|s| {
            (
                s.place,
                s.entity.as_deref(),
                s.value,
                line(source, s.span.start),
            )
        })
        .collect();
    let expected: Vec<(Option<ScorePlace>, Option<&str>, u32, usize)> = e
        .scores
        .iter()
        .map(|&(place, entity, value, at)| (Some(place), Some(entity), value, at))
        .collect();
    assert_eq!(
        actual, expected,
        "{file}: scores (place, entity, value, line)"
    );
    for score in &report.scores {
        assert_eq!(
            score.span.of(source.text()),
            score.value.to_string(),
            "{file}: the span of a score is its number"
        );
    }

    let actual: Vec<(Option<&str>, u32, &str, usize)> = report
        .descriptors
        .iter()
        .map(|d| {
            (
                d.entity.as_deref(),
                d.value,
                d.text.as_str(),
                line(source, d.value_span.start),
            )
        })
        .collect();
    let expected: Vec<(Option<&str>, u32, &str, usize)> = e
        .scores
        .iter()
        .filter(|s| s.0 == B)
        .map(|&(_, entity, value, at)| (Some(entity), value, descriptor(value), at + 2))
        .collect();
    assert_eq!(
        actual, expected,
        "{file}: descriptors (entity, value, text, line)"
    );
    for d in &report.descriptors {
        let score = &report.scores[d.score];
        assert_eq!(
            (score.place, &score.entity),
            (Some(B), &d.entity),
            "{file}: a descriptor points at its body score"
        );
    }
}

/// The role of the heading of section `index`.
fn role(report: &Report, index: usize) -> Option<&str> {
    report.headings[report.sections[index].heading]
        .role
        .as_deref()
}

fn check_structure(e: &Cqc, source: &SourceFile) {
    let file = e.file;
    let report = common::linter().model(source);
    let themes: Vec<(u32, Vec<&str>)> = (0..report.sections.len())
        .filter(|&i| role(&report, i) == Some("theme"))
        .map(|t| {
            let heading = &report.headings[report.sections[t].heading].text;
            let number = heading
                .strip_prefix("Theme ")
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("{file}: theme heading {heading:?}"));
            let statements = (0..report.sections.len())
                .filter(|&s| report.sections[s].parent == Some(t))
                .filter(|&s| role(&report, s) == Some("statement"))
                .map(|s| {
                    report.headings[report.sections[s].heading]
                        .entity
                        .as_deref()
                        .unwrap_or("?")
                })
                .collect();
            (number, statements)
        })
        .collect();
    let expected: Vec<(u32, Vec<&str>)> = e.themes.clone();
    assert_eq!(themes, expected, "{file}: themes and their statements");

    // Sub-headed findings sit under "Key findings", which sits under a
    // statement.
    for (i, section) in report.sections.iter().enumerate() {
        match role(&report, i) {
            Some("finding") => assert_eq!(
                section.parent.and_then(|p| role(&report, p)),
                Some("key-findings"),
                "{file}: finding at line {}",
                line(source, section.span.start)
            ),
            Some("key-findings") => assert_eq!(
                section.parent.and_then(|p| role(&report, p)),
                Some("statement"),
                "{file}: key findings at line {}",
                line(source, section.span.start)
            ),
            _ => {}
        }
    }

    // A body score belongs to its statement's section; summary scores lie in
    // the summary table, which exists only when the report has one.
    let table = report.section_with_role("score-table");
    assert_eq!(
        table.is_some(),
        e.scores.iter().any(|s| s.0 == S),
        "{file}: summary table present"
    );
    for score in &report.scores {
        let at = line(source, score.span.start);
        match score.place {
            Some(ScorePlace::Body) => {
                let section = report
                    .section_at(score.span.start)
                    .unwrap_or_else(|| panic!("{file}: score at line {at} is in no section"));
                let heading = &report.headings[report.sections[section].heading];
                assert_eq!(
                    (heading.role.as_deref(), heading.entity.as_ref()),
                    (Some("statement"), score.entity.as_ref()),
                    "{file}: body score at line {at}"
                );
            }
            Some(ScorePlace::Summary) => assert!(
                table.is_some_and(|t| t.span.contains(score.span)),
                "{file}: summary score at line {at} outside the table"
            ),
            None => panic!("{file}: score at line {at} has no place"),
        }
    }
}

/// The findings of the structure rules (`rules/cqc-local-authority/structure.yaml`)
/// on each fixture, by file: the statement-name variants mixed within one
/// report, the Markdown fixtures' inconsistent heading levels (written like
/// the published Westminster report), the sections out of order in Dunmore
/// and the parts missing from the Marlstone draft.
/// The notes on score lines not written `Score: N` (`Score 2`, `## Score:
/// 4`), read off each fixture by hand: one per line where such lines are
/// the few, one for the report where they are most of its score lines.
fn score_form_findings(file: &str) -> Vec<Finding> {
    const FORM: &str = "cqc-la/score-line-form";
    let lines: &[usize] = match file {
        "cqc-ashcombe-2024.txt" => &[151, 210, 269],
        "cqc-brackenfold-2025.txt" => &[181, 207, 299],
        "cqc-caverly-2025.md" => &[108, 134, 160],
        "cqc-dunmore-2024.md" => &[130, 164],
        "cqc-easterby-2024.txt" => &[99, 125],
        "cqc-fernleigh-2024.txt" => &[125, 243],
        "cqc-greywater-2025.txt" => &[151, 210, 243],
        "cqc-hollowmere-2025.txt" => &[125, 269],
        "cqc-kelmarsh-2025.md" => &[110, 162, 280, 333],
        "cqc-marlstone-draft-2025.txt" => &[61, 146, 205],
        "cqc-oakhurst-2025.md" => &[108, 193],
        "cqc-penhallow-2025.md" => &[159, 192, 218, 277, 310],
        "cqc-saltcote-2025.txt" => &[99, 184, 225, 284],
        // Every score line is `Score N`: the report's own form, said once.
        "cqc-wrexley-2024.txt" => {
            return vec![(FORM, Note, 41, &["`Score 2`", "18 of the 18 score lines"])];
        }
        _ => &[],
    };
    lines
        .iter()
        .map(|&at| (FORM, Note, at, &["is not in the form `Score: N`"][..]))
        .collect()
}

fn structure_findings(file: &str) -> Vec<Finding> {
    const NAMES: &str = "cqc-la/statement-names";
    const LEVELS: &str = "cqc-la/heading-levels";
    const ORDER: &str = "cqc-la/section-order";
    const REQUIRED: &str = "cqc-la/required-sections";
    let levels = |lines: &[usize]| -> Vec<Finding> {
        lines
            .iter()
            .map(|&at| (LEVELS, Severity::Warning, at, &["Markdown levels"][..]))
            .collect()
    };
    let lead = &[
        "`Supporting people to lead healthier lives`",
        "`Supporting people to live healthier lives` (the canonical name)",
    ][..];
    match file {
        "cqc-ashcombe-2024.txt" => vec![
            (NAMES, Severity::Warning, 43, lead),
            (
                NAMES,
                Severity::Warning,
                59,
                &[
                    "`Safe pathways, systems and transitions` in the summary table and heading",
                    "use one name, `Safe systems, pathways and transitions`",
                ],
            ),
        ],
        "cqc-caverly-2025.md" => levels(&[106, 112, 122, 144, 154, 182]),
        "cqc-dunmore-2024.md" => {
            let mut all = levels(&[93, 108, 118, 120, 128, 138]);
            all.extend([
                (ORDER, Severity::Warning, 39, &["`Safe systems, pathways and transitions` comes after `Safeguarding`", "3 more"][..]),
                (ORDER, Severity::Warning, 152, &["`Theme 1: How Dunmore City Council works with people` comes after `Theme 2"][..]),
                (ORDER, Severity::Warning, 186, &["`Assessing needs` comes after `Equity in experience and outcomes`"][..]),
                (ORDER, Severity::Warning, 267, &["`Governance, management and sustainability` comes after"][..]),
            ]);
            all
        }
        "cqc-kelmarsh-2025.md" => {
            let mut all = vec![(NAMES, Severity::Warning, 42, lead)];
            all.extend(levels(&[134, 150, 156, 166, 170, 184]));
            all
        }
        "cqc-marlstone-draft-2025.txt" => vec![
            (
                REQUIRED,
                Error,
                37,
                &["`Overall summary` lacks the section `Quality statement scores`"],
            ),
            (
                REQUIRED,
                Error,
                194,
                &[
                    "lacks the section `Theme 4`",
                    "`Learning, improvement and innovation`",
                ],
            ),
        ],
        "cqc-oakhurst-2025.md" => levels(&[132, 138, 148, 203, 213, 241]),
        "cqc-penhallow-2025.md" => levels(&[95, 111, 117, 131, 147, 173]),
        _ => Vec::new(),
    }
}

fn check_findings(e: &Cqc, source: &SourceFile) {
    let file = e.file;
    let findings = common::linter().check_source(source, &|_| true);
    let actual: Vec<(&str, Severity, usize)> = findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str(),
                f.severity,
                line(source, f.primary.span.start),
            )
        })
        .collect();
    // The fixture's own findings and the structure rules' findings, in
    // report order (line, then rule).
    let mut all: Vec<Finding> = e.findings.clone();
    all.extend(structure_findings(file));
    all.extend(score_form_findings(file));
    all.sort_by_key(|&(rule, _, at, _)| (at, rule));
    let expected: Vec<(&str, Severity, usize)> = all
        .iter()
        .map(|&(rule, severity, at, _)| (rule, severity, at))
        .collect();
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        actual, expected,
        "{file}: findings (rule, severity, line); messages: {messages:#?}"
    );
    for (finding, &(_, _, _, phrases)) in findings.iter().zip(&all) {
        for phrase in phrases {
            assert!(
                finding.message.contains(phrase),
                "{file}: message {:?} should contain {phrase:?}",
                finding.message
            );
        }
        if finding.rule != RATING && finding.rule != AGREEMENT {
            continue;
        }
        let related: Vec<usize> = finding
            .related
            .iter()
            .map(|l| line(source, l.span.start))
            .collect();
        let primary = line(source, finding.primary.span.start);
        let expected_related = if finding.rule == RATING {
            e.rating_input_lines()
        } else {
            // The summary score's own section states the other value.
            let entity = e
                .scores
                .iter()
                .find(|s| s.0 == S && s.3 == primary)
                .map(|s| s.1)
                .unwrap_or_else(|| panic!("{file}: no summary score at line {primary}"));
            e.scores
                .iter()
                .filter(|s| s.0 == B && s.1 == entity)
                .map(|s| s.3)
                .collect()
        };
        assert_eq!(
            related, expected_related,
            "{file}: related labels of {}",
            finding.rule
        );
    }
}

fn check_all(e: &Cqc, source: &SourceFile) {
    check_fields(e, source);
    check_scores(e, source);
    check_structure(e, source);
    check_findings(e, source);
}

/// Four tests per CQC fixture: fields, scores, structure and findings.
macro_rules! cqc_fixture {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::*;

            #[test]
            fn fields() {
                let e = super::$name();
                check_fields(&e, &e.source());
            }

            #[test]
            fn scores_and_descriptors() {
                let e = super::$name();
                check_scores(&e, &e.source());
            }

            #[test]
            fn structure() {
                let e = super::$name();
                check_structure(&e, &e.source());
            }

            #[test]
            fn findings() {
                let e = super::$name();
                check_findings(&e, &e.source());
            }
        }
    )*};
}

cqc_fixture!(
    ashcombe, kelmarsh, hollowmere, wrexley, penhallow, saltcote, marlstone, dunmore, easterby,
    caverly, fernleigh, oakhurst, greywater,
);

// ---------------------------------------------------------------------------
// The CQC fixtures.

/// Plain text like the published Harrow report: leading blank lines, bare
/// headings, "Score 2" mixed with "Score: 3", the statement names CQC prints
/// ("lead healthier lives", "Safe pathways, systems and transitions").
/// 22/36 = 61.1%: requires improvement.
fn ashcombe() -> Cqc {
    Cqc {
        file: "cqc-ashcombe-2024.txt",
        council: ("Ashcombe Borough Council", 4),
        published: Some(("14 June 2024", date(2024, 6, 14), 8)),
        rating: ("Requires improvement", 34),
        scores: vec![
            (S, "assessing-needs", 3, 41),
            (S, "supporting-healthier-lives", 2, 45),
            (S, "equity", 2, 49),
            (S, "care-provision", 3, 53),
            (S, "partnerships", 3, 57),
            (S, "safe-systems", 2, 61),
            (S, "safeguarding", 2, 65),
            (S, "governance", 3, 69),
            (S, "learning", 2, 73),
            (B, "assessing-needs", 3, 99),
            (B, "supporting-healthier-lives", 2, 125),
            (B, "equity", 2, 151),
            (B, "care-provision", 3, 184),
            (B, "partnerships", 3, 210),
            (B, "safe-systems", 2, 243),
            (B, "safeguarding", 2, 269),
            (B, "governance", 3, 302),
            (B, "learning", 2, 322),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// Markdown like the published Westminster report: heading levels that do not
/// follow the structure, `---` rules, trailing double-space line breaks, bold
/// figures. 28/36 = 77.8%: good.
fn kelmarsh() -> Cqc {
    Cqc {
        file: "cqc-kelmarsh-2025.md",
        council: ("Kelmarsh County Council", 1),
        published: Some(("9 January 2025", date(2025, 1, 9), 5)),
        rating: ("Good", 33),
        scores: vec![
            (S, "assessing-needs", 3, 38),
            (S, "supporting-healthier-lives", 3, 43),
            (S, "equity", 3, 49),
            (S, "care-provision", 4, 55),
            (S, "partnerships", 3, 60),
            (S, "safe-systems", 3, 65),
            (S, "safeguarding", 3, 71),
            (S, "governance", 3, 76),
            (S, "learning", 3, 82),
            (B, "assessing-needs", 3, 110),
            (B, "supporting-healthier-lives", 3, 136),
            (B, "equity", 3, 162),
            (B, "care-provision", 4, 195),
            (B, "partnerships", 3, 221),
            (B, "safe-systems", 3, 254),
            (B, "safeguarding", 3, 280),
            (B, "governance", 3, 313),
            (B, "learning", 3, 333),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// CRLF line ends and a UTF-8 byte-order mark, the title on the first line
/// (a Windows export). Three statements scored 1 and still requires
/// improvement (no limiting rule): 15/36 = 41.7%.
fn brackenfold() -> Cqc {
    Cqc {
        file: "cqc-brackenfold-2025.txt",
        council: ("Brackenfold Metropolitan Borough Council", 1),
        published: Some(("27 March 2025", date(2025, 3, 27), 5)),
        rating: ("Requires improvement", 31),
        scores: vec![
            (S, "assessing-needs", 2, 38),
            (S, "supporting-healthier-lives", 2, 42),
            (S, "equity", 2, 46),
            (S, "care-provision", 2, 50),
            (S, "partnerships", 2, 54),
            (S, "safe-systems", 1, 58),
            (S, "safeguarding", 1, 62),
            (S, "governance", 2, 66),
            (S, "learning", 1, 70),
            (B, "assessing-needs", 2, 96),
            (B, "supporting-healthier-lives", 2, 122),
            (B, "equity", 2, 148),
            (B, "care-provision", 2, 181),
            (B, "partnerships", 2, 207),
            (B, "safe-systems", 1, 240),
            (B, "safeguarding", 1, 266),
            (B, "governance", 2, 299),
            (B, "learning", 1, 319),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// No-break spaces (after "Score:", in the date, in "Theme 1", after a
/// heading and the rating) and curly quotes throughout. 31/36 = 86.1%: good,
/// one point short of outstanding.
fn hollowmere() -> Cqc {
    Cqc {
        file: "cqc-hollowmere-2025.txt",
        council: ("Hollowmere City Council", 4),
        published: Some(("5\u{a0}February 2025", date(2025, 2, 5), 8)),
        rating: ("Good", 34),
        scores: vec![
            (S, "assessing-needs", 4, 41),
            (S, "supporting-healthier-lives", 3, 45),
            (S, "equity", 4, 49),
            (S, "care-provision", 3, 53),
            (S, "partnerships", 3, 57),
            (S, "safe-systems", 4, 61),
            (S, "safeguarding", 3, 65),
            (S, "governance", 3, 69),
            (S, "learning", 4, 73),
            (B, "assessing-needs", 4, 99),
            (B, "supporting-healthier-lives", 3, 125),
            (B, "equity", 4, 151),
            (B, "care-provision", 3, 184),
            (B, "partnerships", 3, 210),
            (B, "safe-systems", 4, 243),
            (B, "safeguarding", 3, 269),
            (B, "governance", 3, 302),
            (B, "learning", 4, 322),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// "Score 2" without a colon everywhere and en dashes in the descriptors.
/// 16/36 = 44.4%: requires improvement.
fn wrexley() -> Cqc {
    Cqc {
        file: "cqc-wrexley-2024.txt",
        council: ("Wrexley Council", 4),
        published: Some(("19 September 2024", date(2024, 9, 19), 8)),
        rating: ("Requires improvement", 34),
        scores: vec![
            (S, "assessing-needs", 2, 41),
            (S, "supporting-healthier-lives", 1, 45),
            (S, "equity", 2, 49),
            (S, "care-provision", 2, 53),
            (S, "partnerships", 2, 57),
            (S, "safe-systems", 2, 61),
            (S, "safeguarding", 1, 65),
            (S, "governance", 2, 69),
            (S, "learning", 2, 73),
            (B, "assessing-needs", 2, 99),
            (B, "supporting-healthier-lives", 1, 125),
            (B, "equity", 2, 151),
            (B, "care-provision", 2, 184),
            (B, "partnerships", 2, 210),
            (B, "safe-systems", 2, 243),
            (B, "safeguarding", 1, 269),
            (B, "governance", 2, 302),
            (B, "learning", 2, 322),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// Markdown with `**Score:** 4` in the table and `## Score: 4` or
/// `**Score:** 4` in the sections. 34/36 = 94.4%: outstanding.
fn penhallow() -> Cqc {
    Cqc {
        file: "cqc-penhallow-2025.md",
        council: ("Penhallow Council", 1),
        published: Some(("3 July 2025", date(2025, 7, 3), 5)),
        rating: ("Outstanding", 30),
        scores: vec![
            (S, "assessing-needs", 4, 35),
            (S, "supporting-healthier-lives", 4, 40),
            (S, "equity", 4, 46),
            (S, "care-provision", 3, 52),
            (S, "partnerships", 4, 57),
            (S, "safe-systems", 4, 63),
            (S, "safeguarding", 3, 69),
            (S, "governance", 4, 74),
            (S, "learning", 4, 79),
            (B, "assessing-needs", 4, 107),
            (B, "supporting-healthier-lives", 4, 133),
            (B, "equity", 4, 159),
            (B, "care-provision", 3, 192),
            (B, "partnerships", 4, 218),
            (B, "safe-systems", 4, 251),
            (B, "safeguarding", 3, 277),
            (B, "governance", 4, 310),
            (B, "learning", 4, 330),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// Partnerships and communities left unscored ("Not scored" in the table and
/// its section): 22/32 = 68.75% is good; over nine statements it would be
/// 61.1%, requires improvement.
fn saltcote() -> Cqc {
    Cqc {
        file: "cqc-saltcote-2025.txt",
        council: ("London Borough of Saltcote", 4),
        published: Some(("22 May 2025", date(2025, 5, 22), 8)),
        rating: ("Good", 34),
        scores: vec![
            (S, "assessing-needs", 3, 41),
            (S, "supporting-healthier-lives", 3, 45),
            (S, "equity", 2, 49),
            (S, "care-provision", 3, 53),
            (S, "safe-systems", 3, 61),
            (S, "safeguarding", 3, 65),
            (S, "governance", 2, 69),
            (S, "learning", 3, 73),
            (B, "assessing-needs", 3, 99),
            (B, "supporting-healthier-lives", 3, 125),
            (B, "equity", 2, 151),
            (B, "care-provision", 3, 184),
            (B, "safe-systems", 3, 225),
            (B, "safeguarding", 3, 251),
            (B, "governance", 2, 284),
            (B, "learning", 3, 304),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![],
    }
}

/// A draft: no publication date, no summary table, no Theme 4. It must still
/// parse; the rating is computed from the seven section scores: 19/28 =
/// 67.9%, good.
fn marlstone() -> Cqc {
    Cqc {
        file: "cqc-marlstone-draft-2025.txt",
        council: ("Marlstone County Council", 6),
        published: None,
        rating: ("Good", 34),
        scores: vec![
            (B, "assessing-needs", 3, 61),
            (B, "supporting-healthier-lives", 3, 87),
            (B, "equity", 2, 113),
            (B, "care-provision", 3, 146),
            (B, "partnerships", 3, 172),
            (B, "safe-systems", 2, 205),
            (B, "safeguarding", 3, 231),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
        ],
        findings: vec![],
    }
}

/// Sections out of order: the summary table starts with Safeguarding, the
/// themes run 2, 1, 4, 3 and statements are swapped inside themes 1 and 4.
/// 29/36 = 80.6%: good.
fn dunmore() -> Cqc {
    Cqc {
        file: "cqc-dunmore-2024.md",
        council: ("Dunmore City Council", 1),
        published: Some(("11 October 2024", date(2024, 10, 11), 5)),
        rating: ("Good", 30),
        scores: vec![
            (S, "safeguarding", 3, 35),
            (S, "safe-systems", 3, 40),
            (S, "assessing-needs", 3, 45),
            (S, "equity", 4, 50),
            (S, "supporting-healthier-lives", 3, 55),
            (S, "care-provision", 3, 60),
            (S, "partnerships", 3, 65),
            (S, "learning", 3, 71),
            (S, "governance", 4, 77),
            (B, "care-provision", 3, 104),
            (B, "partnerships", 3, 130),
            (B, "equity", 4, 164),
            (B, "assessing-needs", 3, 188),
            (B, "supporting-healthier-lives", 3, 214),
            (B, "learning", 3, 249),
            (B, "governance", 4, 269),
            (B, "safe-systems", 3, 298),
            (B, "safeguarding", 3, 324),
        ],
        themes: vec![
            (2, vec!["care-provision", "partnerships"]),
            (
                1,
                vec!["equity", "assessing-needs", "supporting-healthier-lives"],
            ),
            (4, vec!["learning", "governance"]),
            (3, vec!["safe-systems", "safeguarding"]),
        ],
        findings: vec![],
    }
}

/// Defect: rated good, but 20/36 = 55.6% is requires improvement.
fn easterby() -> Cqc {
    Cqc {
        file: "cqc-easterby-2024.txt",
        council: ("Easterby Borough Council", 4),
        published: Some(("29 November 2024", date(2024, 11, 29), 8)),
        rating: ("Good", 34),
        scores: vec![
            (S, "assessing-needs", 2, 41),
            (S, "supporting-healthier-lives", 2, 45),
            (S, "equity", 3, 49),
            (S, "care-provision", 2, 53),
            (S, "partnerships", 3, 57),
            (S, "safe-systems", 2, 61),
            (S, "safeguarding", 2, 65),
            (S, "governance", 2, 69),
            (S, "learning", 2, 73),
            (B, "assessing-needs", 2, 99),
            (B, "supporting-healthier-lives", 2, 125),
            (B, "equity", 3, 151),
            (B, "care-provision", 2, 184),
            (B, "partnerships", 3, 210),
            (B, "safe-systems", 2, 243),
            (B, "safeguarding", 2, 269),
            (B, "governance", 2, 302),
            (B, "learning", 2, 322),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![(
            RATING,
            Error,
            34,
            &["`Good`", "20/36 = 55.6%", "Requires improvement (39-62%)"],
        )],
    }
}

/// Defect: the summary table gives Assessing needs and Safeguarding 3, their
/// sections 2. The rating follows the table (27/36 = 75%, good).
fn caverly() -> Cqc {
    Cqc {
        file: "cqc-caverly-2025.md",
        council: ("Caverly County Council", 1),
        published: Some(("16 April 2025", date(2025, 4, 16), 5)),
        rating: ("Good", 30),
        scores: vec![
            (S, "assessing-needs", 3, 35),
            (S, "supporting-healthier-lives", 3, 41),
            (S, "equity", 3, 47),
            (S, "care-provision", 3, 53),
            (S, "partnerships", 3, 58),
            (S, "safe-systems", 3, 63),
            (S, "safeguarding", 3, 69),
            (S, "governance", 3, 75),
            (S, "learning", 3, 80),
            (B, "assessing-needs", 2, 108),
            (B, "supporting-healthier-lives", 3, 134),
            (B, "equity", 3, 160),
            (B, "care-provision", 3, 193),
            (B, "partnerships", 3, 219),
            (B, "safe-systems", 3, 252),
            (B, "safeguarding", 2, 278),
            (B, "governance", 3, 311),
            (B, "learning", 3, 331),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![
            (
                AGREEMENT,
                Error,
                35,
                &["`Assessing needs` is 3", "body score is 2"],
            ),
            (
                AGREEMENT,
                Error,
                69,
                &["`Safeguarding` is 3", "body score is 2"],
            ),
        ],
    }
}

/// Gap: 14/36 = 38.9% lies between inadequate and requires improvement; rated
/// inadequate, it cannot be derived (a note, not an error).
fn fernleigh() -> Cqc {
    Cqc {
        file: "cqc-fernleigh-2024.txt",
        council: ("Fernleigh Metropolitan Borough Council", 4),
        published: Some(("8 August 2024", date(2024, 8, 8), 8)),
        rating: ("Inadequate", 34),
        scores: vec![
            (S, "assessing-needs", 2, 41),
            (S, "supporting-healthier-lives", 1, 45),
            (S, "equity", 2, 49),
            (S, "care-provision", 2, 53),
            (S, "partnerships", 1, 57),
            (S, "safe-systems", 2, 61),
            (S, "safeguarding", 1, 65),
            (S, "governance", 2, 69),
            (S, "learning", 1, 73),
            (B, "assessing-needs", 2, 99),
            (B, "supporting-healthier-lives", 1, 125),
            (B, "equity", 2, 151),
            (B, "care-provision", 2, 184),
            (B, "partnerships", 1, 210),
            (B, "safe-systems", 2, 243),
            (B, "safeguarding", 1, 269),
            (B, "governance", 2, 302),
            (B, "learning", 1, 322),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![(
            RATING,
            Note,
            34,
            &["cannot be derived", "9 scores sum to 14/36 = 38.9%"],
        )],
    }
}

/// Defect in the gap: 14/36 = 38.9% rated good, which is neither neighbouring
/// band.
fn oakhurst() -> Cqc {
    Cqc {
        file: "cqc-oakhurst-2025.md",
        council: ("Royal Borough of Oakhurst", 1),
        published: Some(("2 October 2025", date(2025, 10, 2), 5)),
        rating: ("Good", 30),
        scores: vec![
            (S, "assessing-needs", 1, 35),
            (S, "supporting-healthier-lives", 2, 40),
            (S, "equity", 2, 46),
            (S, "care-provision", 1, 51),
            (S, "partnerships", 2, 57),
            (S, "safe-systems", 2, 62),
            (S, "safeguarding", 1, 68),
            (S, "governance", 2, 74),
            (S, "learning", 1, 80),
            (B, "assessing-needs", 1, 108),
            (B, "supporting-healthier-lives", 2, 134),
            (B, "equity", 2, 160),
            (B, "care-provision", 1, 193),
            (B, "partnerships", 2, 219),
            (B, "safe-systems", 2, 252),
            (B, "safeguarding", 1, 278),
            (B, "governance", 2, 311),
            (B, "learning", 1, 331),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![(
            RATING,
            Error,
            30,
            &[
                "`Good`",
                "14/36 = 38.9%",
                "between Inadequate (25-38%) and Requires improvement (39-62%)",
            ],
        )],
    }
}

/// Gap with eight statements: Learning left unscored, 20/32 = 62.5% rated
/// requires improvement cannot be derived (a note).
fn greywater() -> Cqc {
    Cqc {
        file: "cqc-greywater-2025.txt",
        council: ("Greywater Council", 4),
        published: Some(("12 June 2025", date(2025, 6, 12), 8)),
        rating: ("Requires improvement", 34),
        scores: vec![
            (S, "assessing-needs", 3, 41),
            (S, "supporting-healthier-lives", 2, 45),
            (S, "equity", 3, 49),
            (S, "care-provision", 2, 53),
            (S, "partnerships", 3, 57),
            (S, "safe-systems", 2, 61),
            (S, "safeguarding", 2, 65),
            (S, "governance", 3, 69),
            (B, "assessing-needs", 3, 99),
            (B, "supporting-healthier-lives", 2, 125),
            (B, "equity", 3, 151),
            (B, "care-provision", 2, 184),
            (B, "partnerships", 3, 210),
            (B, "safe-systems", 2, 243),
            (B, "safeguarding", 2, 269),
            (B, "governance", 3, 302),
        ],
        themes: vec![
            (
                1,
                vec!["assessing-needs", "supporting-healthier-lives", "equity"],
            ),
            (2, vec!["care-provision", "partnerships"]),
            (3, vec!["safe-systems", "safeguarding"]),
            (4, vec!["governance", "learning"]),
        ],
        findings: vec![(
            RATING,
            Note,
            34,
            &["cannot be derived", "8 scores sum to 20/32 = 62.5%"],
        )],
    }
}

/// Brackenfold is written out by hand: a byte-order mark directly before the
/// title must not leak into the `council` field.
mod brackenfold {
    use super::*;

    #[test]
    fn fields() {
        let e = super::brackenfold();
        check_fields(&e, &e.source());
    }

    #[test]
    fn fields_other_than_council() {
        let e = super::brackenfold();
        let source = e.source();
        assert!(source.text().starts_with("\u{feff}Brackenfold"));
        assert!(source.text().contains("assessment\r\n"));
        let report = common::linter().model(&source);
        assert_eq!(report.family.as_deref(), Some(CQC));
        let rating = &report.fields["rating"];
        assert_eq!(
            (rating.value.as_str(), line(&source, rating.span.start)),
            e.rating
        );
        let published = &report.fields["published"];
        assert_eq!(published.value, "27 March 2025");
        assert_eq!(published.date, Some(date(2025, 3, 27)));
        // The title heading is cleaned of the mark even if the field is not.
        assert_eq!(
            report.headings[0].text,
            "Brackenfold Metropolitan Borough Council: local authority assessment"
        );
    }

    #[test]
    fn scores_and_descriptors() {
        let e = super::brackenfold();
        check_scores(&e, &e.source());
    }

    #[test]
    fn structure() {
        let e = super::brackenfold();
        check_structure(&e, &e.source());
    }

    #[test]
    fn findings() {
        let e = super::brackenfold();
        check_findings(&e, &e.source());
    }
}

// ---------------------------------------------------------------------------
// Ofsted letters.

/// What an Ofsted letter fixture states.
struct Letter {
    file: &'static str,
    /// Date as written, parsed, and its line.
    letter_date: (&'static str, Date, usize),
    /// Name, role, organisation of the addressee block, and its first line.
    addressee: (&'static str, &'static str, &'static str, usize),
    salutation: &'static str,
    /// Council named in the subject line, and the kind of visit.
    subject: (&'static str, &'static str),
    /// The visit dates as written, first and last day.
    visit_dates: (&'static str, Date, Date),
    /// Inspectors named in the opening, and "His" or "Her".
    inspectors: (&'static [&'static str], &'static str),
    /// The signatory and the title read with the name.
    signatory: (&'static str, Option<&'static str>),
    /// Roles of the sections in document order.
    sections: &'static [&'static str],
    /// Bullets under the improvements heading.
    improvements: usize,
    /// Starts of the paragraphs that carry on a sentence across a page break.
    continued: &'static [&'static str],
}

impl Letter {
    fn source(&self) -> SourceFile {
        source(self.file, fixture_text(self.file))
    }
}

fn check_letter_fields(e: &Letter) {
    let file = e.file;
    let source = e.source();
    let report = common::linter().model(&source);
    assert_eq!(report.family.as_deref(), Some(OFSTED), "{file}: family");
    let field = |name: &str| {
        report
            .fields
            .get(name)
            .unwrap_or_else(|| panic!("{file}: no `{name}` field"))
    };
    let part = |name: &str, part: &str| {
        field(name)
            .parts
            .get(part)
            .map(|p| p.value.clone())
            .unwrap_or_else(|| panic!("{file}: no `{part}` in `{name}`"))
    };

    let date_field = field("letter_date");
    assert_eq!(
        (
            date_field.value.as_str(),
            date_field.date,
            line(&source, date_field.span.start)
        ),
        (e.letter_date.0, Some(e.letter_date.1), e.letter_date.2),
        "{file}: letter date"
    );

    let (name, role, organisation, at) = e.addressee;
    let addressee = field("addressee");
    assert_eq!(
        (
            addressee.value.as_str(),
            line(&source, addressee.span.start)
        ),
        (name, at),
        "{file}: addressee"
    );
    assert_eq!(part("addressee", "role"), role, "{file}: addressee role");
    assert_eq!(
        part("addressee", "organisation"),
        organisation,
        "{file}: addressee organisation"
    );

    assert_eq!(
        field("salutation").value,
        e.salutation,
        "{file}: salutation"
    );
    assert_eq!(field("subject").value, e.subject.0, "{file}: subject");
    assert_eq!(part("subject", "visit"), e.subject.1, "{file}: visit kind");

    let inspectors = field("inspectors");
    let names: Vec<&str> = inspectors.names.iter().map(|n| n.value.as_str()).collect();
    assert_eq!(names, e.inspectors.0, "{file}: inspectors");
    for n in &inspectors.names {
        assert_eq!(n.span.of(source.text()), n.value, "{file}: inspector span");
    }
    assert_eq!(
        part("inspectors", "honorific"),
        e.inspectors.1,
        "{file}: honorific"
    );

    let signatory = field("signatory");
    assert_eq!(signatory.value, e.signatory.0, "{file}: signatory");
    assert_eq!(
        signatory.parts.get("title").map(|p| p.value.as_str()),
        e.signatory.1,
        "{file}: signatory title"
    );
}

fn check_letter_visit_dates(e: &Letter) {
    let file = e.file;
    let source = e.source();
    let report = common::linter().model(&source);
    let visit = report
        .fields
        .get("visit_dates")
        .unwrap_or_else(|| panic!("{file}: no visit_dates field"));
    let range = visit
        .date_range
        .unwrap_or_else(|| panic!("{file}: visit dates {:?} not parsed", visit.value));
    assert_eq!(
        (visit.value.as_str(), range.start, range.end),
        e.visit_dates,
        "{file}: visit dates"
    );
}

fn check_letter_structure_and_findings(e: &Letter) {
    let file = e.file;
    let source = e.source();
    let linter = common::linter();
    let report = linter.model(&source);
    let roles: Vec<&str> = report
        .headings
        .iter()
        .map(|h| h.role.as_deref().unwrap_or("?"))
        .collect();
    assert_eq!(roles, e.sections, "{file}: sections");
    assert!(report.scores.is_empty(), "{file}: a letter has no scores");

    let improvements = report
        .sections
        .iter()
        .position(|s| report.headings[s.heading].role.as_deref() == Some("improvements"))
        .unwrap_or_else(|| panic!("{file}: no improvements section"));
    let bullets = report
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::ListItem && p.section == Some(improvements))
        .count();
    assert_eq!(bullets, e.improvements, "{file}: improvement bullets");

    let continued: Vec<&str> = report
        .paragraphs
        .iter()
        .filter(|p| p.continues_previous)
        .map(|p| p.span.of(source.text()))
        .collect();
    assert_eq!(
        continued.len(),
        e.continued.len(),
        "{file}: paragraphs continued across page breaks: {continued:?}"
    );
    for (text, start) in continued.iter().zip(e.continued) {
        assert!(text.starts_with(start), "{file}: {text:?} continues");
    }

    // A letter draws no finding but one for each sentence split across a
    // page break, at the paragraph that carries it on.
    let findings = linter.check_source(&source, &|_| true);
    let listed: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.rule != "common/sentence-split-across-paragraphs")
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    assert!(listed.is_empty(), "{file}: findings {listed:?}");
    let splits: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "common/sentence-split-across-paragraphs")
        .map(|f| f.primary.span.of(source.text()))
        .collect();
    let firsts: Vec<&str> = e
        .continued
        .iter()
        .map(|c| c.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(splits, firsts, "{file}: split sentences");
}

const LETTER_SECTIONS: &[&str] = &[
    "subject",
    "headline-findings",
    "improvements",
    "main-findings",
];

/// Plain text like the published Ealing letter; a visit before 8 September
/// 2022, so "Her Majesty's Inspectors"; "7 and 8 June 2022"; the signature's
/// name and title on separate lines.
fn wrexley_letter() -> Letter {
    Letter {
        file: "ofsted-wrexley-focused-visit-2022.txt",
        letter_date: ("6 July 2022", date(2022, 7, 6), 11),
        addressee: (
            "Priya Ramaswamy",
            "Director of Children's Services",
            "Wrexley Council",
            13,
        ),
        salutation: "Priya",
        subject: ("Wrexley Council", "Focused"),
        visit_dates: ("7 and 8 June 2022", date(2022, 6, 7), date(2022, 6, 8)),
        inspectors: (&["Helen Okafor", "Martin Leys"], "Her"),
        signatory: ("Helen Okafor", Some("Her Majesty's Inspector")),
        sections: LETTER_SECTIONS,
        improvements: 3,
        continued: &[],
    }
}

/// CRLF line ends, curly apostrophes (subject, "His Majesty’s"), three
/// inspectors, "18 to 19 October 2022", and the signature's title in bold on
/// the name's line.
fn caverly_letter() -> Letter {
    Letter {
        file: "ofsted-caverly-focused-visit-2022.txt",
        letter_date: ("16 November 2022", date(2022, 11, 16), 11),
        addressee: (
            "Marcus Doyle-Hart",
            "Executive Director of People",
            "Caverly County Council",
            13,
        ),
        salutation: "Marcus",
        subject: ("Caverly County Council", "Focused"),
        visit_dates: (
            "18 to 19 October 2022",
            date(2022, 10, 18),
            date(2022, 10, 19),
        ),
        inspectors: (
            &["Sarah Whitcombe", "Daniel Achebe", "Lorna Fitzgerald"],
            "His",
        ),
        signatory: ("Sarah Whitcombe", Some("His Majesty\u{2019}s Inspector")),
        sections: LETTER_SECTIONS,
        improvements: 3,
        continued: &[],
    }
}

/// Plain text extracted from PDF: two page breaks (runs of blank lines)
/// split sentences; the visit runs "30 November to 2 December 2022"; blank
/// lines between "Yours sincerely" and the signature.
fn brackenfold_letter() -> Letter {
    Letter {
        file: "ofsted-brackenfold-focused-visit-2023.txt",
        letter_date: ("5 January 2023", date(2023, 1, 5), 11),
        addressee: (
            "Gareth Pemberton",
            "Interim Director of Children's Services",
            "Brackenfold Metropolitan Borough Council",
            13,
        ),
        salutation: "Gareth",
        subject: ("Brackenfold Metropolitan Borough Council", "Focused"),
        visit_dates: (
            "30 November to 2 December 2022",
            date(2022, 11, 30),
            date(2022, 12, 2),
        ),
        inspectors: (&["Joanne Kirrane", "Peter Osei-Bonsu"], "His"),
        signatory: ("Joanne Kirrane", Some("His Majesty's Inspector")),
        sections: LETTER_SECTIONS,
        improvements: 2,
        continued: &["intended to help.", "need now."],
    }
}

/// A monitoring visit: "Areas for improvement" for the improvements heading,
/// an unknown "Areas covered by the visit" heading, and the visit dates
/// written with an en dash, "14–15 February 2023".
fn kelmarsh_letter() -> Letter {
    Letter {
        file: "ofsted-kelmarsh-monitoring-visit-2023.txt",
        letter_date: ("9 March 2023", date(2023, 3, 9), 11),
        addressee: (
            "Oliver Strand",
            "Corporate Director, Children and Families",
            "Kelmarsh County Council",
            13,
        ),
        salutation: "Oliver",
        subject: ("Kelmarsh County Council", "Monitoring"),
        visit_dates: (
            "14\u{2013}15 February 2023",
            date(2023, 2, 14),
            date(2023, 2, 15),
        ),
        inspectors: (&["Amanda Reyes", "Colin Thwaite"], "His"),
        signatory: ("Amanda Reyes", Some("His Majesty's Inspector")),
        sections: LETTER_SECTIONS,
        improvements: 2,
        continued: &[],
    }
}

macro_rules! letter_fixture {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::*;

            #[test]
            fn fields() {
                check_letter_fields(&super::$name());
            }

            #[test]
            fn visit_dates() {
                check_letter_visit_dates(&super::$name());
            }

            #[test]
            fn structure_and_findings() {
                check_letter_structure_and_findings(&super::$name());
            }
        }
    )*};
}

letter_fixture!(wrexley_letter, caverly_letter, brackenfold_letter);

mod kelmarsh_letter {
    use super::*;

    #[test]
    fn fields() {
        check_letter_fields(&super::kelmarsh_letter());
    }

    #[test]
    fn visit_dates() {
        check_letter_visit_dates(&super::kelmarsh_letter());
    }

    #[test]
    fn structure_and_findings() {
        check_letter_structure_and_findings(&super::kelmarsh_letter());
    }
}

#[test]
fn letters_and_assessments_are_told_apart() {
    let linter = common::linter();
    for e in [
        wrexley_letter(),
        caverly_letter(),
        brackenfold_letter(),
        kelmarsh_letter(),
    ] {
        let source = e.source();
        assert_eq!(
            linter.family_for(source.text()).map(|f| f.id()),
            Some(OFSTED),
            "{}",
            e.file
        );
    }
    for e in all_cqc() {
        let source = e.source();
        assert_eq!(
            linter.family_for(source.text()).map(|f| f.id()),
            Some(CQC),
            "{}",
            e.file
        );
    }
}

fn all_cqc() -> Vec<Cqc> {
    vec![
        ashcombe(),
        kelmarsh(),
        brackenfold(),
        hollowmere(),
        wrexley(),
        penhallow(),
        saltcote(),
        marlstone(),
        dunmore(),
        easterby(),
        caverly(),
        fernleigh(),
        oakhurst(),
        greywater(),
    ]
}

// ---------------------------------------------------------------------------
// Variants: a fixture transformed in memory. The transformations are plain
// text edits written here, independent of the parser.

/// `Score: 3`, `Score 2`, `## Score: 3`, `**Score:** 3`, `Score:\u{a0}4`.
fn is_score_line(line: &str) -> bool {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '#' || c == '*');
    t.to_lowercase().starts_with("score") && t.ends_with(|c: char| c.is_ascii_digit())
}

/// The dash of a descriptor line `2 - Evidence shows ...` (or `2 – ...`).
fn descriptor_dash(line: &str) -> Option<char> {
    let mut chars = line.trim().chars();
    let digit = chars.next()?;
    let (space, dash, after) = (chars.next()?, chars.next()?, chars.next()?);
    (digit.is_ascii_digit() && space == ' ' && after == ' ' && matches!(dash, '-' | '\u{2013}'))
        .then_some(dash)
}

/// Gives every score line the value `new(place, entity, old)` and rewrites
/// the descriptor under each body score to match; returns the new text and
/// the expectation with the new values. Line ends are kept as they are.
fn rescore(text: &str, e: &Cqc, new: &dyn Fn(ScorePlace, &str, u32) -> u32) -> (String, Cqc) {
    let mut rows = e.scores.iter();
    let mut changed = e.clone();
    changed.scores.clear();
    let mut pending = None;
    let mut out = String::with_capacity(text.len());
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[content.len()..];
        if is_score_line(content) {
            let &(place, entity, old, at) = rows
                .next()
                .unwrap_or_else(|| panic!("{}: more score lines than expected", e.file));
            let value = new(place, entity, old);
            let digit = content
                .rfind(|c: char| c.is_ascii_digit())
                .expect("a score line ends with its value");
            out.push_str(&content[..digit]);
            out.push_str(&value.to_string());
            out.push_str(&content[digit + 1..]);
            out.push_str(ending);
            changed.scores.push((place, entity, value, at));
            pending = (place == B).then_some(value);
        } else if let (Some(value), Some(dash)) = (pending, descriptor_dash(content)) {
            out.push_str(&format!("{value} {dash} {}", descriptor(value)));
            out.push_str(ending);
            pending = None;
        } else {
            out.push_str(raw);
            if !content.trim().is_empty() {
                pending = None;
            }
        }
    }
    assert!(rows.next().is_none(), "{}: score lines missing", e.file);
    (out, changed)
}

/// Replaces the one line that is exactly the headline rating.
fn set_rating(text: &str, old: &str, new: &str) -> String {
    let mut found = 0;
    let mut out = String::with_capacity(text.len());
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        if content.trim() == old {
            found += 1;
            out.push_str(new);
            out.push_str(&raw[content.len()..]);
        } else {
            out.push_str(raw);
        }
    }
    assert_eq!(found, 1, "the rating `{old}` is on exactly one line");
    out
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn renamed_council_stays_consistent() {
    let mut e = ashcombe();
    let text = fixture_text(e.file).replace("Ashcombe", "Wrenfield");
    e.council = ("Wrenfield Borough Council", 4);
    let source = source(e.file, text);
    check_all(&e, &source);
    let report = common::linter().model(&source);
    assert_eq!(
        report.headings[0].text,
        "Wrenfield Borough Council: local authority assessment"
    );
    assert!(report.headings.iter().any(|h| h.text
        == "Theme 1: How Wrenfield Borough Council works with people"
        && h.role.as_deref() == Some("theme")));
}

#[test]
fn crlf_markdown_reads_the_same() {
    let e = kelmarsh();
    let text = crlf(&fixture_text(e.file));
    assert!(text.contains("Kelmarsh County Council  \r\nGood\r\n"));
    check_all(&e, &source(e.file, text));
}

#[test]
fn bom_before_leading_blank_lines_reads_the_same() {
    let e = ashcombe();
    let text = format!("\u{feff}{}", fixture_text(e.file));
    check_all(&e, &source(e.file, text));
}

fn bom_markdown() -> (Cqc, SourceFile) {
    let e = kelmarsh();
    let text = format!("\u{feff}{}", crlf(&fixture_text(e.file)));
    let source = source(e.file, text);
    (e, source)
}

#[test]
fn bom_before_markdown_title_keeps_scores_and_findings() {
    let (e, source) = bom_markdown();
    check_scores(&e, &source);
    check_structure(&e, &source);
    check_findings(&e, &source);
}

#[test]
fn bom_before_markdown_title_keeps_fields() {
    let (e, source) = bom_markdown();
    check_fields(&e, &source);
}

/// Ashcombe rescored to 34/36 = 94.4%.
fn ashcombe_outstanding() -> (String, Cqc) {
    let e = ashcombe();
    let high = |_: ScorePlace, entity: &str, _: u32| match entity {
        "equity" | "safe-systems" => 3,
        _ => 4,
    };
    rescore(&fixture_text(e.file), &e, &high)
}

#[test]
fn rescored_with_the_matching_rating_is_clean() {
    let (text, mut e) = ashcombe_outstanding();
    let text = set_rating(&text, "Requires improvement", "Outstanding");
    e.rating = ("Outstanding", 34);
    assert_eq!(e.scores.iter().map(|s| s.2).sum::<u32>(), 2 * 34);
    check_all(&e, &source(e.file, text));
}

#[test]
fn rescored_keeping_the_old_rating_is_flagged() {
    let (text, mut e) = ashcombe_outstanding();
    e.findings = vec![(
        RATING,
        Error,
        34,
        &[
            "`Requires improvement`",
            "9 scores sum to 34/36 = 94.4%",
            "Outstanding (88-100%)",
        ],
    )];
    check_all(&e, &source(e.file, text));
}

#[test]
fn one_body_score_changed_is_flagged_at_the_summary_score() {
    let e = ashcombe();
    let (text, mut e) = rescore(&fixture_text(e.file), &e, &|place, entity, old| {
        if place == B && entity == "safeguarding" {
            3
        } else {
            old
        }
    });
    // The rating follows the summary table, which did not change.
    e.findings = vec![(
        AGREEMENT,
        Error,
        65,
        &["`Safeguarding` is 2", "body score is 3"],
    )];
    check_all(&e, &source(e.file, text));
}

#[test]
fn out_of_order_report_rescored_with_the_matching_rating_is_clean() {
    let e = dunmore();
    // 18/36 = 50%: requires improvement.
    let (text, mut e) = rescore(&fixture_text(e.file), &e, &|_, _, _| 2);
    let text = set_rating(&text, "Good", "Requires improvement");
    e.rating = ("Requires improvement", 30);
    check_all(&e, &source(e.file, text));
}

#[test]
fn draft_rescored_keeping_its_rating_is_flagged_from_the_section_scores() {
    let e = marlstone();
    // No summary table: the seven section scores, 14/28 = 50%.
    let (text, mut e) = rescore(&fixture_text(e.file), &e, &|_, _, _| 2);
    e.findings = vec![(
        RATING,
        Error,
        34,
        &[
            "`Good`",
            "7 scores sum to 14/28 = 50%",
            "Requires improvement",
        ],
    )];
    check_all(&e, &source(e.file, text));
}

#[test]
fn every_transformation_at_once_stays_clean() {
    let e = hollowmere();
    // Renamed, rescored to 20/36 = 55.6% with the matching rating, CRLF, BOM.
    let renamed = fixture_text(e.file).replace("Hollowmere", "Quenby");
    let (text, mut e) = rescore(&renamed, &e, &|_, entity, _| match entity {
        "assessing-needs" | "safeguarding" => 3,
        _ => 2,
    });
    let text = set_rating(&text, "Good", "Requires improvement");
    let text = format!("\u{feff}{}", crlf(&text));
    e.council = ("Quenby City Council", 4);
    e.rating = ("Requires improvement", 34);
    check_all(&e, &source(e.file, text));
}

/// The fixtures still carry the spellings they are meant to exercise (so a
/// regenerated fixture cannot silently lose them).
#[test]
fn fixtures_carry_the_quirks_they_exercise() {
    let has = |file: &str, what: &str| {
        assert!(fixture_text(file).contains(what), "{file} lacks {what:?}");
    };
    let lacks = |file: &str, what: &str| {
        assert!(!fixture_text(file).contains(what), "{file} has {what:?}");
    };
    let bom_crlf = "cqc-brackenfold-2025.txt";
    assert!(fixture_text(bom_crlf).starts_with('\u{feff}'));
    assert_eq!(
        fixture_text(bom_crlf).matches('\n').count(),
        fixture_text(bom_crlf).matches("\r\n").count()
    );
    for quirk in [
        "Score:\u{a0}",
        "\u{2019}s experiences",
        "\u{201c}",
        "Theme\u{a0}1",
    ] {
        has("cqc-hollowmere-2025.txt", quirk);
    }
    has(
        "cqc-wrexley-2024.txt",
        "2 \u{2013} Evidence shows some shortfalls",
    );
    lacks("cqc-wrexley-2024.txt", "Score:");
    has("cqc-penhallow-2025.md", "**Score:** 4");
    has("cqc-penhallow-2025.md", "## Score: 3");
    has("cqc-kelmarsh-2025.md", "Kelmarsh County Council  \nGood\n");
    has("cqc-kelmarsh-2025.md", "\n---\n");
    has(
        "cqc-saltcote-2025.txt",
        "Partnerships and communities\n\nNot scored\n",
    );
    lacks("cqc-marlstone-draft-2025.txt", "Quality statement scores");
    lacks("cqc-marlstone-draft-2025.txt", "Theme 4");
    lacks("cqc-marlstone-draft-2025.txt", "Assessment published");
    has(
        "ofsted-caverly-focused-visit-2022.txt",
        "His Majesty\u{2019}s Inspectors",
    );
    has("ofsted-caverly-focused-visit-2022.txt", "\r\n");
    has(
        "ofsted-brackenfold-focused-visit-2023.txt",
        "it is\n\n\n\nintended",
    );
}
