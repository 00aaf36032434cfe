//! The `template` kind through its shipped rules, on an invented complete
//! report (Quenby Council) with defects injected: a missing theme, a missing
//! sub-section, a statement under the wrong theme, a duplicated table entry,
//! themes out of order, mixed heading levels and mixed statement names. The
//! complete report must stay clean as plain text, Markdown, CRLF with a BOM
//! and with the council renamed.

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::source::SourceFile;

const REQUIRED: &str = "cqc-la/required-sections";
const TABLE: &str = "cqc-la/summary-table-complete";
const ORDER: &str = "cqc-la/section-order";
const LEVELS: &str = "cqc-la/heading-levels";
const NAMES: &str = "cqc-la/statement-names";
const ALL: [&str; 5] = [REQUIRED, TABLE, ORDER, LEVELS, NAMES];

const THEMES: [(&str, &[&str]); 4] = [
    (
        "Theme 1: How Quenby Council works with people",
        &[
            "Assessing needs",
            "Supporting people to live healthier lives",
            "Equity in experience and outcomes",
        ],
    ),
    (
        "Theme 2: Providing support",
        &[
            "Care provision, integration and continuity",
            "Partnerships and communities",
        ],
    ),
    (
        "Theme 3: How Quenby Council ensures safety within the system",
        &["Safe pathways, systems and transitions", "Safeguarding"],
    ),
    (
        "Theme 4: Leadership",
        &[
            "Governance, management and sustainability",
            "Learning, improvement and innovation",
        ],
    ),
];

/// The complete report; `md` gives Markdown headings (`#` title, `##`
/// parts, `###` sections, `####` sub-sections).
fn complete(md: bool) -> String {
    let h = |level: usize, text: &str| {
        if md {
            format!("{} {text}", "#".repeat(level))
        } else {
            text.to_string()
        }
    };
    let mut lines = vec![
        h(1, "Quenby Council: local authority assessment"),
        "Assessment published: 4 March 2025".into(),
        h(2, "Overall summary"),
        h(3, "Local authority rating and score"),
        "Quenby Council".into(),
        "Good".into(),
        h(3, "Quality statement scores"),
    ];
    for (_, statements) in THEMES {
        for s in statements {
            lines.push(s.to_string());
            lines.push("Score: 3".into());
        }
    }
    lines.push(h(3, "Summary of people's experiences"));
    lines.push("People told us staff listened to them.".into());
    lines.push(h(
        3,
        "Summary of strengths, areas for development and next steps",
    ));
    lines.push("Leaders knew their priorities.".into());
    for (i, (theme, statements)) in THEMES.iter().enumerate() {
        lines.push(h(2, theme));
        lines.push("This theme includes these quality statements:".into());
        for s in *statements {
            lines.push(format!("- {s}"));
        }
        for s in *statements {
            lines.push(h(3, s));
            lines.push("Score: 3".into());
            lines.push("3 - Evidence shows a good standard".into());
            if i < 3 {
                lines.push(h(4, "What people expect"));
                lines.push("I am supported to live the life I want.".into());
            }
            lines.push(h(4, "The local authority commitment"));
            lines.push("We support people to live the lives they want.".into());
            lines.push(h(4, "Key findings for this quality statement"));
            lines.push("Staff worked well with partners.".into());
        }
    }
    lines.join("\n\n") + "\n"
}

fn check(text: &str, rules: &[&str]) -> (SourceFile, Vec<Finding>) {
    let linter = common::linter();
    let source = SourceFile::new("quenby.txt", text.to_string());
    let findings = linter.check_source(&source, &|r| rules.contains(&r.id()));
    (source, findings)
}

fn line(source: &SourceFile, finding: &Finding) -> usize {
    source.position(finding.primary.span.start).line
}

#[test]
fn complete_report_is_clean_in_every_form() {
    for md in [false, true] {
        let text = complete(md);
        for variant in [
            text.clone(),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
            text.replace("Quenby Council", "Royal Borough of Wexmoor"),
        ] {
            let (_, findings) = check(&variant, &ALL);
            assert!(
                findings.is_empty(),
                "md={md}: {:?}",
                findings.iter().map(|f| &f.message).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn missing_theme_is_one_finding_naming_its_statements() {
    let text = complete(false);
    let start = text.find("Theme 2: Providing support").expect("theme 2");
    let end = text.find("Theme 3: How").expect("theme 3");
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let (source, findings) = check(&cut, &[REQUIRED]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert!(
        f.message.contains("lacks the section `Theme 2`"),
        "{}",
        f.message
    );
    assert!(f.message.contains("`Partnerships and communities`"));
    // Placed before the next theme.
    assert!(f.primary.span.of(source.text()).starts_with("Theme 3:"));
}

#[test]
fn missing_expectations_is_flagged_except_for_leadership_statements() {
    let text = complete(false);
    // Remove "What people expect" from Safeguarding (theme 3).
    let at = text
        .find("Safeguarding\n\nScore: 3\n\n3 - Evidence")
        .expect("section");
    let expect = at + text[at..].find("What people expect").expect("expect");
    let end = expect
        + text[expect..]
            .find("The local authority commitment")
            .expect("commitment");
    let cut = format!("{}{}", &text[..expect], &text[end..]);
    let (source, findings) = check(&cut, &[REQUIRED]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0]
        .message
        .contains("`Safeguarding` lacks the section `What people expect`"));
    assert_eq!(
        findings[0].primary.span.of(source.text()),
        "The local authority commitment"
    );
}

#[test]
fn statement_under_the_wrong_theme_is_misplaced() {
    let text = complete(false);
    // Swap the themes' headings 3 and 4: the leadership statements now sit
    // under a heading "Theme 3" and vice versa.
    let swapped = text
        .replace(
            "Theme 3: How Quenby Council ensures safety within the system",
            "@@",
        )
        .replace(
            "Theme 4: Leadership",
            "Theme 3: How Quenby Council ensures safety within the system",
        )
        .replace("@@", "Theme 4: Leadership");
    let (_, findings) = check(&swapped, &[REQUIRED]);
    let misplaced: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.message.contains("belongs to group"))
        .collect();
    assert_eq!(misplaced.len(), 4, "{findings:?}");
    let (_, order) = check(&swapped, &[ORDER]);
    assert_eq!(order.len(), 1, "{order:?}");
    assert!(order[0].message.contains("`Theme 3: How Quenby"));
}

#[test]
fn duplicated_and_missing_table_entries() {
    let text = complete(false).replacen(
        "Equity in experience and outcomes\n\nScore: 3",
        "Assessing needs\n\nScore: 3",
        1,
    );
    let (source, findings) = check(&text, &[TABLE]);
    assert_eq!(findings.len(), 2, "{findings:?}");
    let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains(
        "`Equity in experience and outcomes` is missing from `Quality statement scores`"
    )));
    let twice = findings
        .iter()
        .find(|f| f.message.contains("more than once"))
        .expect("duplicate");
    assert_eq!(line(&source, twice), 23);
    assert_eq!(twice.related.len(), 1);
}

#[test]
fn table_out_of_order_is_one_finding() {
    let text = complete(false).replacen(
        "Assessing needs\n\nScore: 3\n\nSupporting people to live healthier lives\n\nScore: 3",
        "Supporting people to live healthier lives\n\nScore: 3\n\nAssessing needs\n\nScore: 3",
        1,
    );
    let (_, findings) = check(&text, &[ORDER]);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0]
        .message
        .contains("`Assessing needs` comes after `Supporting people to live healthier lives`"));
}

#[test]
fn one_statement_at_another_markdown_level() {
    let text = complete(true).replace("### Safeguarding", "## Safeguarding");
    let (source, findings) = check(&text, &ALL);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, LEVELS);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].primary.span.of(source.text()), "Safeguarding");
    assert!(findings[0].message.contains("most are `###`"));
}

#[test]
fn mixed_names_are_flagged_with_the_canonical_name() {
    // The table uses the variant, the list and heading the canonical name.
    let text = complete(false).replacen(
        "Supporting people to live healthier lives\n\nScore: 3",
        "Supporting people to lead healthier lives\n\nScore: 3",
        1,
    );
    let (source, findings) = check(&text, &ALL);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.rule, NAMES);
    assert_eq!(
        f.primary.span.of(source.text()),
        "Supporting people to lead healthier lives"
    );
    assert!(f
        .primary
        .message
        .contains("replace with `Supporting people to live healthier lives`"));
    assert_eq!(f.related.len(), 2);
}

#[test]
fn a_variant_used_everywhere_is_not_flagged() {
    let text = complete(false).replace(
        "Supporting people to live healthier lives",
        "Supporting people to lead healthier lives",
    );
    assert!(check(&text, &ALL).1.is_empty());
}

#[test]
fn a_report_with_no_sections_does_not_crash() {
    for text in [
        "",
        "Quenby Council: local authority assessment\n",
        "# Quenby Council: local authority assessment\n\n## Theme 9: Other\n\n### Safeguarding\n\nScore: 3\n",
    ] {
        let linter = common::linter();
        let source = SourceFile::new("x.txt", text.to_string());
        let _ = linter.check_source(&source, &|r| ALL.contains(&r.id()));
    }
}

/// The complete report with `n` more statement sections (a score, no
/// sub-sections, under the last theme) and `n` more summary table entries
/// whose score disagrees with the section's.
fn with_many_scores(n: usize) -> String {
    let text = complete(false);
    let table = "Quality statement scores\n\n";
    let at = text.find(table).expect("the summary table") + table.len();
    let mut out = String::with_capacity(text.len() + n * 120);
    out.push_str(&text[..at]);
    for _ in 0..n {
        out.push_str("Assessing needs\n\nScore: 2\n\n");
    }
    out.push_str(&text[at..]);
    for _ in 0..n {
        out.push_str("\nAssessing needs\n\nScore: 3\n\n3 - Evidence shows a good standard\n");
    }
    out
}

/// Score lines by the ten thousand: every section and score is still
/// checked, and the findings grow with the input, ten times the lines ten
/// times the findings. The rules over scores look their counterparts up
/// (each parent's sub-sections, each entity's other score, each group of
/// missing sections) instead of searching every section or score for each
/// one: 20,000 statement sections took 4.6 s before, 0.6 s after (see
/// docs/performance.md; `benches/many-scores.sh` times them).
#[test]
fn thousands_of_score_lines_draw_findings_in_proportion() {
    let rules = [REQUIRED, TABLE, "cqc-la/summary-score-matches-section"];
    let count = |n: usize| -> Vec<usize> {
        let (_, findings) = check(&with_many_scores(n), &rules);
        rules
            .iter()
            .map(|r| findings.iter().filter(|f| f.rule == *r).count())
            .collect()
    };
    let base = count(0);
    let small = count(300);
    let large = count(3_000);
    for (i, rule) in rules.iter().enumerate() {
        assert!(small[i] > base[i], "{rule}: {base:?} {small:?}");
        assert_eq!(
            large[i] - base[i],
            10 * (small[i] - base[i]),
            "{rule}: {base:?} {small:?} {large:?}"
        );
    }
}
