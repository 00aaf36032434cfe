//! The `claim-agreement` and `count-agreement` kinds
//! on invented reports: a measure set against the same benchmark twice with
//! another figure, another benchmark figure or the opposite direction, and a
//! count of the same thing given two numbers, injected and found; and the
//! statements that must stay silent: the same measure stated twice alike
//! (at another precision too), other years, other age groups, other
//! benchmarks, two measures that share a figure, approximate counts,
//! sub-counts, changes, vague measures; in Markdown and plain text, with
//! CRLF and a byte-order mark.

use std::sync::LazyLock;

use reportlint::finding::{Finding, Severity};
use reportlint::source::SourceFile;
use reportlint::Linter;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::builtin);

const PAIR: &str = "common/benchmark-pair-stated-twice";
const COUNT: &str = "common/count-stated-twice";

/// A clean invented CQC report that states several measures and counts
/// twice, alike, and others that differ for a reason the text gives;
/// `{council}` is replaced by the council's name.
const CLEAN: &str = "\
# {council}: local authority assessment

## Overall summary

### Summary of people's experiences

National data showed that 54.20% of people in {council} were satisfied with their care and support, which was lower than the England average of 61.21%. 38.40% of carers found it easy to access information and advice, which was lower than the national average.

At the time of our assessment, 642 people were waiting for a carers assessment. The council had 57 care homes in the area.

## Theme 1: How {council} works with people

### Assessing needs

Score: 2

2 - Evidence shows some shortfalls

Data showed 54.2% of people were satisfied with their care and support, which was lower than the England average of 61.2%. People told us that waits were long.

At the time of our assessment, 642 people were waiting for a carers assessment. Around 600 people were waiting for a carers assessment in the spring, of which 120 people were waiting for a carers assessment for more than 6 months.

In March 2024, 310 people were waiting for an occupational therapy assessment.

In June 2024, 280 people were waiting for an occupational therapy assessment.

The waiting list for reviews had fallen from 900 to 712 people, and 712 people were waiting for a review.

### Supporting people to live healthier lives

Score: 3

3 - Evidence shows a good standard

38.40% of carers found it easy to access information and advice, which was lower than the England average of 59.06%. 38.40% of carers found it easy to access information and advice, which was higher than the regional average of 35.10%.

In 2022, 18.10% of people aged 18 to 64 received a direct payment, which was lower than the England average of 27.50%.

In 2023, 19.30% of people aged 18 to 64 received a direct payment, which was lower than the England average of 28.06%. 6.20% of people aged 65 and over received a direct payment, which was lower than the England average of 14.80%.

### Equity in experience and outcomes

Score: 3

3 - Evidence shows a good standard

Fewer (59.90%) carers felt they were involved or consulted as much as they wanted to be, than the England average of 66.56%. Fewer (59.90%) people who used services felt they had choice over services, compared to the England average of 70.28%.

45.00% felt safe, which was lower than the England average of 69.69%. 642 people attended events. The council had 57 care homes.

## Theme 2: Providing support

### Care provision, integration and continuity

Score: 3

3 - Evidence shows a good standard

70.00% felt safe, which was similar to the England average of 69.69%. 600 people attended events in the year.
";

fn report(council: &str) -> String {
    CLEAN.replace("{council}", council)
}

/// Markdown to plain text: no `#` marks, no emphasis.
fn plain(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim_start().replace("**", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The same report in Markdown and plain text, each also with CRLF and a
/// byte-order mark.
fn variants(text: &str) -> Vec<String> {
    let crlf = |t: &str| format!("\u{feff}{}", t.replace('\n', "\r\n"));
    vec![
        text.to_string(),
        plain(text),
        crlf(text),
        crlf(&plain(text)),
    ]
}

fn check(text: &str) -> Vec<Finding> {
    let source = SourceFile::new("invented.md", text.to_string());
    let ours = |r: &reportlint::rules::Rule| [PAIR, COUNT].contains(&r.id());
    LINTER.check_source(&source, &ours)
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

/// The line of `text` a span starts on.
fn line(text: &str, span: reportlint::span::Span) -> usize {
    SourceFile::new("invented.md", text.to_string())
        .position(span.start)
        .line
}

#[test]
fn clean_report_and_its_variants_draw_nothing() {
    for council in ["Kestrel Moor Council", "Rivermouth City Council"] {
        for text in variants(&report(council)) {
            let found = check(&text);
            assert!(found.is_empty(), "{:?}", summary(&found));
        }
    }
}

#[test]
fn another_figure_for_the_same_measure_is_found_in_every_variant() {
    let text = report("Kestrel Moor Council")
        .replace("Data showed 54.2% of people", "Data showed 52.4% of people");
    for variant in variants(&text) {
        let found = check(&variant);
        assert_eq!(found.len(), 1, "{:?}", summary(&found));
        let f = &found[0];
        assert_eq!((f.rule.as_str(), f.severity), (PAIR, Severity::Warning));
        // The later statement, with the earlier one related.
        assert_eq!(at(&variant, f.primary.span), "52.4%");
        assert_eq!(line(&variant, f.primary.span), 19);
        assert_eq!(f.related.len(), 1);
        assert_eq!(at(&variant, f.related[0].span), "54.20%");
        assert_eq!(line(&variant, f.related[0].span), 7);
        assert!(
            f.message.contains("52.4% here but 54.20%")
                && f.message
                    .contains("`people were satisfied with their care and support`")
                && f.message.contains("England average"),
            "{}",
            f.message
        );
    }
}

#[test]
fn another_benchmark_figure_for_the_same_pair_is_found() {
    let text = report("Kestrel Moor Council").replace(
        "England average of 61.2%. People",
        "England average of 62.1%. People",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, PAIR);
    assert_eq!(at(&text, f.primary.span), "62.1%");
    assert_eq!(at(&text, f.related[0].span), "61.21%");
    assert!(f.message.contains("62.1% here but 61.21%"), "{}", f.message);
}

#[test]
fn opposite_directions_for_the_same_figures_are_found() {
    // The summary gives no figure for the average, so only the two
    // statements together show the contradiction; the figures say lower, so
    // the summary is the one that is wrong.
    let text = report("Kestrel Moor Council").replace(
        "advice, which was lower than the national average.",
        "advice, which was higher than the national average.",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(f.rule, PAIR);
    assert_eq!(at(&text, f.primary.span), "higher");
    assert_eq!(line(&text, f.primary.span), 7);
    assert_eq!(at(&text, f.related[0].span), "lower");
    assert!(
        f.message.contains("'higher than'")
            && f.message.contains("'lower than'")
            && f.message.contains("the figures say lower"),
        "{}",
        f.message
    );
    // Neither statement gives the average's figure: which one is wrong
    // cannot be told, and the later one is reported.
    let text = report("Kestrel Moor Council")
        .replace(
            "advice, which was lower than the England average of 59.06%.",
            "advice, which was higher than the national average.",
        )
        .replace(
            "38.40% of carers found it easy to access information and advice, which was higher than the regional average of 35.10%.",
            "",
        );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    let f = &found[0];
    assert_eq!(at(&text, f.primary.span), "higher");
    assert!(f.message.contains("one of them is wrong"), "{}", f.message);
}

#[test]
fn a_wrong_direction_with_both_figures_is_left_to_the_direction_rule() {
    let text = report("Kestrel Moor Council").replace(
        "advice, which was lower than the England average of 59.06%.",
        "advice, which was higher than the England average of 59.06%.",
    );
    assert!(check(&text).is_empty());
}

#[test]
fn another_count_of_the_same_thing_is_found() {
    let text = report("Kestrel Moor Council").replace(
        "assessment, 642 people were waiting for a carers assessment. Around",
        "assessment, 624 people were waiting for a carers assessment. Around",
    );
    for variant in variants(&text) {
        let found = check(&variant);
        assert_eq!(found.len(), 1, "{:?}", summary(&found));
        let f = &found[0];
        assert_eq!((f.rule.as_str(), f.severity), (COUNT, Severity::Warning));
        assert_eq!(at(&variant, f.primary.span), "624");
        assert_eq!(line(&variant, f.primary.span), 21);
        assert_eq!(at(&variant, f.related[0].span), "642");
        assert_eq!(line(&variant, f.related[0].span), 9);
        assert!(
            f.message.contains("624 here but 642")
                && f.message
                    .contains("`people were waiting for a carers assessment`"),
            "{}",
            f.message
        );
    }
}

#[test]
fn a_round_count_against_one_it_may_round_is_a_note() {
    let text = report("Kestrel Moor Council").replace(
        "assessment, 642 people were waiting for a carers assessment. Around",
        "assessment, 600 people were waiting for a carers assessment. Around",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert_eq!(found[0].severity, Severity::Note);
    assert!(found[0].message.contains("600 may be 642 rounded"));
    // "700" cannot be 642 rounded.
    let text = report("Kestrel Moor Council").replace(
        "assessment, 642 people were waiting for a carers assessment. Around",
        "assessment, 700 people were waiting for a carers assessment. Around",
    );
    let found = check(&text);
    assert_eq!(found.len(), 1, "{:?}", summary(&found));
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn legitimate_differences_stay_silent() {
    let base = "Westmoor Council: local authority assessment\n\n";
    for (first, second) in [
        // Other years, in the sentence or earlier in the paragraph.
        (
            "In 2022/23, 48.10% of carers were satisfied with social services, which was lower than the England average of 36.83%.",
            "In 2023/24, 44.30% of carers were satisfied with social services, which was higher than the England average of 36.27%.",
        ),
        (
            "The 2022 survey was smaller. 48.10% of carers were satisfied with social services, which was lower than the England average of 50.83%.",
            "The 2023 survey was larger. 44.30% of carers were satisfied with social services, which was lower than the England average of 50.27%.",
        ),
        // Other groups, before or after the figure.
        (
            "For people aged 18 to 64, 21.00% received a direct payment, which was lower than the England average of 28.00%.",
            "For people aged 65 and over, 6.00% received a direct payment, which was lower than the England average of 14.80%.",
        ),
        (
            "21.00% of people aged 18-64 received a direct payment, which was lower than the England average of 28.00%.",
            "6.00% of people aged 65+ received a direct payment, which was lower than the England average of 14.80%.",
        ),
        // Another benchmark.
        (
            "62.10% of people felt safe, which was lower than the England average of 69.69%.",
            "62.10% of people felt safe, which was higher than the regional average of 60.00%.",
        ),
        // Before and after a change.
        (
            "55.00% of people felt safe, which was lower than the England average of 69.69%.",
            "After the new service started, the share increased: 61.00% of people felt safe, which was lower than the England average of 69.69%.",
        ),
        // The same figure at another precision.
        (
            "55% of people felt safe, which was lower than the England average of 69.69%.",
            "55.40% of people felt safe, which was lower than the England average of 69.7%.",
        ),
        // No population named.
        (
            "45.00% felt safe, which was lower than the England average of 69.69%.",
            "70.00% felt safe, which was similar to the England average of 69.69%.",
        ),
        // Counts of other dates, other groups; approximate; sub-counts;
        // vague; ranges; labels; units.
        (
            "In March 2024, 310 people were waiting for an occupational therapy assessment.",
            "In June 2024, 280 people were waiting for an occupational therapy assessment.",
        ),
        (
            "Of people aged 18 to 64, 310 people were waiting for an occupational therapy assessment.",
            "Of people aged 65 and over, 280 people were waiting for an occupational therapy assessment.",
        ),
        (
            "642 people were waiting for a carers assessment.",
            "Around 600 people were waiting for a carers assessment.",
        ),
        (
            "642 people were waiting for a carers assessment.",
            "Of these, 120 people were waiting for a carers assessment.",
        ),
        (
            "642 people were waiting for a carers assessment.",
            "More than 600 people were waiting for a carers assessment.",
        ),
        ("642 people attended.", "600 people attended."),
        (
            "Between 600 and 650 people were waiting for a carers assessment.",
            "642 people were waiting for a carers assessment.",
        ),
        (
            "The council completed 42 safeguarding enquiries.",
            "The council completed 40 section 42 safeguarding enquiries.",
        ),
        (
            "42 enquiries were completed within 6 weeks of the concern.",
            "People waited 8 weeks of the concern.",
        ),
        (
            "642 people were waiting for a carers assessment in March 2024.",
            "600 people were waiting for a carers assessment in July 2024.",
        ),
        (
            "642 people were waiting for a carers assessment.",
            "The council expected that 500 people would be waiting for a carers assessment.",
        ),
    ] {
        let text = format!("{base}## Assessing needs\n\n{first}\n\n## Safeguarding\n\n{second}\n");
        let found = check(&text);
        assert!(found.is_empty(), "{first} / {second}: {:?}", summary(&found));
    }
}

#[test]
fn two_measures_that_share_a_figure_are_not_compared() {
    // Camden's report gives 59.90% for two different measures: a key made
    // of the figure would pair them.
    let text = report("Kestrel Moor Council").replace(
        "than the England average of 70.28%",
        "than the England average of 66.56%",
    );
    assert!(check(&text).is_empty());
}

#[test]
fn the_same_sentence_is_never_paired_with_itself() {
    let base = "Westmoor Council: local authority assessment\n\n";
    let text = format!(
        "{base}In March 642 people were waiting for a carers assessment and in June 600 people were waiting for a carers assessment.\n"
    );
    assert!(check(&text).is_empty());
}

#[test]
fn without_the_difference_the_same_statements_are_found() {
    // Each pair of `legitimate_differences_stay_silent` with what tells the
    // two apart taken away: the rules do compare such statements.
    let base = "Westmoor Council: local authority assessment\n\n";
    for (first, second, rule) in [
        (
            "In 2023/24, 48.10% of carers were satisfied with social services, which was lower than the England average of 50.83%.",
            "In 2023/24, 44.30% of carers were satisfied with social services, which was lower than the England average of 50.83%.",
            PAIR,
        ),
        (
            "For people aged 65 and over, 7.00% received a direct payment, which was lower than the England average of 14.80%.",
            "For people aged 65 and over, 6.00% received a direct payment, which was lower than the England average of 14.80%.",
            PAIR,
        ),
        (
            "62.10% of people felt safe, which was lower than the England average of 69.69%.",
            "62.10% of people felt safe, which was lower than the national average of 68.69%.",
            PAIR,
        ),
        (
            "55% of people felt safe, which was lower than the England average of 69.69%.",
            "55.60% of people felt safe, which was lower than the England average of 69.7%.",
            PAIR,
        ),
        (
            "In March 2024, 310 people were waiting for an occupational therapy assessment.",
            "In March 2024, 280 people were waiting for an occupational therapy assessment.",
            COUNT,
        ),
        (
            "Of people aged 65 and over, 310 people were waiting for an occupational therapy assessment.",
            "Of people aged 65 and over, 280 people were waiting for an occupational therapy assessment.",
            COUNT,
        ),
        (
            "The council completed 42 safeguarding enquiries.",
            "The council completed 40 safeguarding enquiries.",
            COUNT,
        ),
    ] {
        let text = format!("{base}## Assessing needs\n\n{first}\n\n## Safeguarding\n\n{second}\n");
        let found = check(&text);
        let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, [rule], "{first} / {second}: {:?}", summary(&found));
    }
}

#[test]
fn phone_numbers_and_addresses_are_no_counts() {
    let base = "Westmoor Council: local authority assessment\n\n";
    let text = format!(
        "{base}## Assessing needs\n\nTextphone 0161 618 8524 enquiries@ofsted.gov.uk for enquiries about the letter.\n\n## Safeguarding\n\nTextphone 0161 618 8525 enquiries@ofsted.gov.uk for enquiries about the letter.\n"
    );
    assert!(check(&text).is_empty());
}

#[test]
fn emphasis_does_not_hide_an_approximation() {
    let base = "Westmoor Council: local authority assessment\n\n";
    let text = format!(
        "{base}## Assessing needs\n\n642 people were waiting for a carers assessment.\n\n## Safeguarding\n\nApproximately **600** people were waiting for a carers assessment.\n"
    );
    assert!(check(&text).is_empty());
    let text = text.replace("Approximately **600**", "**624**");
    assert_eq!(check(&text).len(), 1);
}

#[test]
fn every_way_the_model_ties_a_figure_is_keyed_alike() {
    // A figure in the sentence before "This was ...", a comparative before
    // the figure, and a figure shared by two benchmarks, against a plain
    // statement of the same measure.
    let base = "Westmoor Council: local authority assessment\n\n";
    for (first, second, figures) in [
        (
            "The survey showed 20.10% of carers took a break from caring for more than 24 hours. This was lower than the England average of 24.14%.",
            "21.10% of carers took a break from caring for more than 24 hours, which was lower than the England average of 24.14%.",
            ("21.10%", "20.10%"),
        ),
        (
            "Fewer carers (21.00%) found it easy to access information and advice than the England average (59.06%).",
            "23.00% of carers found it easy to access information and advice, which was lower than the England average of 59.06%.",
            ("23.00%", "21.00%"),
        ),
        (
            "63.10% of people who used services found it easy to find information about support, which was similar to the England average of 62.26%, and higher than the regional average of 60.35%.",
            "National data showed 61.30% of people who used services found it easy to find information about support, which was higher than the regional average of 60.35%.",
            ("61.30%", "63.10%"),
        ),
    ] {
        let text = format!("{base}## Assessing needs\n\n{first}\n\n## Safeguarding\n\n{second}\n");
        let found = check(&text);
        assert_eq!(found.len(), 1, "{first} / {second}: {:?}", summary(&found));
        let f = &found[0];
        assert_eq!(f.rule, PAIR);
        assert_eq!(
            (at(&text, f.primary.span), at(&text, f.related[0].span)),
            (figures.0.to_string(), figures.1.to_string())
        );
        // Two figures said alike draw nothing.
        let same = text.replace(figures.0, figures.1);
        assert!(check(&same).is_empty(), "{:?}", summary(&check(&same)));
    }
}

#[test]
fn a_unit_the_context_names_is_compared_within_its_section_only() {
    let base = "Westmoor Council: local authority assessment\n\n";
    let first = "The team had 12 qualified social workers.";
    let second = "The team had 8 qualified social workers.";
    let text = format!("{base}## Assessing needs\n\n{first}\n\n## Safeguarding\n\n{second}\n");
    assert!(check(&text).is_empty(), "{:?}", summary(&check(&text)));
    let text = format!("{base}## Assessing needs\n\n{first}\n\n{second}\n");
    assert_eq!(check(&text).len(), 1);
}
