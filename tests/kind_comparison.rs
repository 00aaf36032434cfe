//! The `comparison` kind on invented reports: figures set against a
//! benchmark with a direction word, an evaluative word or a "no difference"
//! word; defects injected and consistent variants that must stay clean.

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::source::SourceFile;

const DIRECTION: &str = "common/benchmark-direction";
const SIMILAR: &str = "common/benchmark-similar-unchecked";
const EVALUATION: &str = "cqc-la/benchmark-evaluation";

/// A clean invented CQC report with many comparisons written the ways real
/// reports write them; `{council}` is replaced by the council's name.
const CLEAN: &str = "\
# {council}: local authority assessment

## Overall summary

### Summary of people's experiences

National data showed that 52.40% of people in {council} were satisfied with care and support, which is lower than the England average of 61.21%. In addition, 71.5% of people felt that they had control over their daily life, which was a negative variation compared to the England average of 77.21%.

## Theme 1: How {council} works with people

### Assessing needs

Score: 2

2 - Evidence shows some shortfalls

Data showed 48.10% of long-term support clients were reviewed, which was statistically in line with the England average of 51.30%. The survey showed 14.20% of carers took a break from caring for more than 24 hours. This was slightly lower than the England average of 16.14%.

Fewer (29.70%) carers reported satisfaction with social services than the England average (36.83%). More people aged 65 and over (4.74%) received reablement following discharge from hospital than average (2.91%). There are more than 60 languages spoken and 12% of residents are over 85, compared to the national average of 9%.

91.20% of people aged 65 and over were still at home 91 days after discharge from hospital, which was better than the England average of 82.18%. 6.10% of adult social care posts were vacant, which was better than the national average of 9.74%. 63.10% of people who used services found it easy to find information about support, which was similar to the England average of 62.26%, and higher than the regional average of 60.35%.

81.00% of carers found information and advice helpful, compared to the England average of 85.22%, and the proportion who felt safe was higher than the England average.
";

fn report(council: &str) -> String {
    CLEAN.replace("{council}", council)
}

fn check(text: &str) -> Vec<Finding> {
    let linter = common::linter();
    let source = SourceFile::new("invented.md", text.to_string());
    let ours = |r: &reportlint::rules::Rule| [DIRECTION, SIMILAR, EVALUATION].contains(&r.id());
    linter.check_source(&source, &ours)
}

fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {}: {}", f.rule, f.severity, f.message))
        .collect()
}

/// The text a span covers in the report `text`.
fn at(text: &str, span: reportlint::span::Span) -> String {
    span.of(text).to_string()
}

/// Markdown to plain text: no `#` marks, no emphasis.
fn plain(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim_start().replace("**", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn clean_report_and_its_variants_draw_nothing() {
    for text in [
        report("Kestrel Moor Council"),
        report("Rivermouth City Council"),
        plain(&report("Kestrel Moor Council")),
        format!(
            "\u{feff}{}",
            report("Kestrel Moor Council").replace('\n', "\r\n")
        ),
    ] {
        let found = check(&text);
        assert!(found.is_empty(), "{:?}", summary(&found));
    }
}

#[test]
fn direction_against_the_figures_is_an_error() {
    let text = report("Kestrel Moor Council").replace(
        "52.40% of people in Kestrel Moor Council were satisfied",
        "64.40% of people in Kestrel Moor Council were satisfied",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, DIRECTION);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message
            .contains("64.40% is 'lower than' the England average of 61.21%, but it is higher"),
        "{}",
        f.message
    );
    assert_eq!(at(&text, f.primary.span), "lower");
    let related: Vec<String> = f.related.iter().map(|l| at(&text, l.span)).collect();
    assert_eq!(related, ["64.40%", "61.21%"]);
}

#[test]
fn defects_are_found_in_every_variant() {
    for council in ["Kestrel Moor Council", "Rivermouth City Council"] {
        let text = report(council)
            .replace("52.40% of people", "64.40% of people")
            .replace("14.20% of carers", "19.20% of carers");
        for variant in [
            text.clone(),
            plain(&text),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        ] {
            let found = check(&variant);
            let lines: Vec<(String, usize)> = found
                .iter()
                .map(|f| {
                    let line = variant[..f.primary.span.start].matches('\n').count() + 1;
                    (f.rule.clone(), line)
                })
                .collect();
            assert_eq!(
                lines,
                [(DIRECTION.to_string(), 7), (DIRECTION.to_string(), 17)],
                "{:?}",
                summary(&found)
            );
        }
    }
}

#[test]
fn figure_in_the_previous_sentence_is_checked() {
    let text = report("Kestrel Moor Council").replace("14.20% of carers", "19.20% of carers");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, DIRECTION);
    assert!(f
        .message
        .contains("19.20% is 'lower than' the England average of 16.14%"));
    assert!(f.related[0].message.contains("previous sentence"));
    assert_eq!(at(&text, f.related[0].span), "19.20%");
}

#[test]
fn previous_sentence_only_when_unambiguous() {
    let base = "Westmoor Council: local authority assessment\n\n";
    for para in [
        // Two percentages before "This".
        "19.20% of carers took a break, up from 12.00% of carers last year. This was lower than the England average of 16.14%.",
        // The previous sentence names an average of its own.
        "19.20% of carers took a break against a London average. This was lower than the England average of 16.14%.",
        // Not a share of something.
        "Breaks rose by 19.20% in a year. This was lower than the England average of 16.14%.",
        // The sentence does not refer back.
        "19.20% of carers took a break. Carers' satisfaction was lower than the England average of 16.14%.",
        // Another paragraph.
        "19.20% of carers took a break.\n\nThis was lower than the England average of 16.14%.",
    ] {
        let found = check(&format!("{base}{para}\n"));
        assert!(found.is_empty(), "{para}: {:?}", summary(&found));
    }
}

#[test]
fn printed_precision_decides() {
    let base = "Westmoor Council: local authority assessment\n\n";
    let equal = format!(
        "{base}62.4% of people felt safe, which was higher than the England average of 62.4%.\n"
    );
    let found = check(&equal);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert!(found[0].message.contains("the printed figures are equal"));
    let rounded = format!(
        "{base}61.2% of people felt safe, which was lower than the England average of 61.21%.\n"
    );
    assert!(check(&rounded).is_empty());
    let clear = format!(
        "{base}61.2% of people felt safe, which was higher than the England average of 61.31%.\n"
    );
    assert_eq!(check(&clear).len(), 1);
}

#[test]
fn comparative_before_the_figure() {
    let text = report("Kestrel Moor Council").replace("Fewer (29.70%)", "Fewer (39.70%)");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert_eq!(at(&text, found[0].primary.span), "Fewer");
    assert!(found[0].message.contains("39.70%"));
    assert!(found[0].message.contains("36.83%"));
}

#[test]
fn coordinated_benchmark_takes_the_same_figure() {
    let text = report("Kestrel Moor Council")
        .replace("regional average of 60.35%", "regional average of 65.35%");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert!(found[0]
        .message
        .contains("63.10% is 'higher than' the regional average of 65.35%"));
}

#[test]
fn evaluative_words_need_known_polarity() {
    let text = report("Kestrel Moor Council").replace(
        "6.10% of adult social care posts",
        "12.10% of adult social care posts",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, EVALUATION);
    assert!(
        f.message.contains("a lower figure is better"),
        "{}",
        f.message
    );
    assert_eq!(at(&text, f.primary.span), "better");
    // Higher is better for people still at home; lower is not better.
    let text = report("Kestrel Moor Council")
        .replace("91.20% of people aged 65", "71.20% of people aged 65");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert!(found[0].message.contains("a higher figure is better"));
    // An unlisted measure and a negated one are not checked.
    let base = "Westmoor Council: local authority assessment\n\n";
    for para in [
        "4.2% of people used the online portal, which was better than the England average of 7.5%.",
        "20.1% of people did not feel safe, which was better than the England average of 12.5%.",
    ] {
        let found = check(&format!("{base}{para}\n"));
        assert!(found.is_empty(), "{para}: {:?}", summary(&found));
    }
}

#[test]
fn in_line_with_is_a_note_only_when_far_apart() {
    let text = report("Kestrel Moor Council").replace("48.10% of long-term", "38.10% of long-term");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, SIMILAR);
    assert_eq!(f.severity, Severity::Note);
    assert!(f
        .message
        .starts_with("not checked: 'in line with' rests on a significance test"));
    assert!(
        f.message.contains("differ by 13.20 points"),
        "{}",
        f.message
    );
    // A band's wording is never judged on the gap, however far apart.
    let text =
        report("Kestrel Moor Council").replace("71.5% of people felt", "51.5% of people felt");
    assert!(check(&text).is_empty());
}

#[test]
fn a_band_whose_sign_contradicts_the_figures_is_a_note() {
    let text =
        report("Kestrel Moor Council").replace("71.5% of people felt", "81.5% of people felt");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!((f.rule.as_str(), f.severity), (EVALUATION, Severity::Note));
    assert!(
        f.message.starts_with(
            "not checked: 'negative variation compared to' rests on a significance test"
        ),
        "{}",
        f.message
    );
    assert!(f.message.contains("81.5% is higher than the England average of 77.21% and for this measure a higher figure is better"), "{}", f.message);
    assert_eq!(at(&text, f.primary.span), "negative variation");
}

#[test]
fn unrelated_comparatives_are_not_paired() {
    let base = "Westmoor Council: local authority assessment\n\n";
    for para in [
        // The comparison is about another measure whose figure is not given.
        "81.00% of carers found advice helpful, and the proportion who felt safe was higher than the England average of 85.22%.",
        // "more than 24 hours" is part of what is measured.
        "20.00% of carers took a break for more than 24 hours, compared to the England average of 26.14%.",
        // A bound is not a figure.
        "Over 70% of people were satisfied, which was lower than the England average of 61.21%.",
        // Two figures before the benchmark.
        "Reviews rose from 40% to 45%, which is lower than the England average of 42%.",
        // "more" compares with last year, not with the benchmark.
        "More people (45%) were satisfied in 2024 than in 2023, compared to the England average of 50%.",
        // Which figure is the benchmark's is unclear.
        "This was higher than the England average (45% against 52%).",
    ] {
        let found = check(&format!("{base}{para}\n"));
        assert!(found.is_empty(), "{para}: {:?}", summary(&found));
    }
}

/// Prints every claim of the published reports (for review; `--ignored`).
#[test]
#[ignore]
fn dump_published_claims() {
    let linter = common::linter();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/published");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("published reports")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let source = SourceFile::new(path.display().to_string(), text.clone());
        let report = linter.model(&source);
        println!("===== {} claims: {}", path.display(), report.claims.len());
        for c in &report.claims {
            let at = |s: Option<reportlint::span::Span>| {
                s.map_or("-".to_string(), |s| s.of(&text).to_string())
            };
            println!(
                "{:>5} | {:<30} | v={:<8} b={:<8} rel={:<22} q={:<14} prev={} | {}",
                source.position(c.benchmark_span.start).line,
                c.benchmark,
                at(c.value_span),
                at(c.benchmark_value_span),
                c.relation.as_deref().unwrap_or("-"),
                c.qualifier.as_deref().unwrap_or("-"),
                c.value_in_previous_sentence,
                c.sentence.of(&text).chars().take(220).collect::<String>()
            );
        }
    }
}
