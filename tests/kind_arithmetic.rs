//! The `arithmetic` rule kind on invented reports: an invented CQC
//! assessment (`tests/fixtures/invented/cqc-thornmere-arithmetic-2025.md`)
//! whose figures all agree stays clean, in Markdown, as plain text, renamed,
//! with CRLF and a byte-order mark, and with other consistent figures; each
//! injected defect draws exactly one finding from the rule meant for it,
//! pointing at the figure to fix.

mod common;

use std::path::PathBuf;

use reportlint::finding::Finding;
use reportlint::source::SourceFile;

const DIFFERENCE: &str = "cqc-la/financial-difference";
const ASC_SHARE: &str = "cqc-la/financial-asc-share";
const RATING_SHARES: &str = "common/rating-shares-exceed-whole";
const PART_OF: &str = "common/part-not-above-whole";
const FINANCIAL_YEAR: &str = "common/financial-year-consecutive";
const YEAR_RANGE: &str = "common/year-range-order";
const SHARE_OF_COUNT: &str = "common/share-of-count-reachable";
const COMPLEMENT: &str = "common/complementary-shares-exceed-whole";
const RULES: [&str; 8] = [
    DIFFERENCE,
    ASC_SHARE,
    RATING_SHARES,
    PART_OF,
    FINANCIAL_YEAR,
    YEAR_RANGE,
    SHARE_OF_COUNT,
    COMPLEMENT,
];

fn fixture() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invented/cqc-thornmere-arithmetic-2025.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// The findings of the arithmetic rules on `text`.
fn check(text: &str) -> (SourceFile, Vec<Finding>) {
    let source = SourceFile::new("thornmere.md", text.to_string());
    let findings = common::linter().check_source(&source, &|r| RULES.contains(&r.id()));
    (source, findings)
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

/// `text` with `from` (which must occur exactly once) replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replacen(from, to, 1)
}

/// Exactly one finding, from `rule`, whose message contains every phrase
/// and whose primary label covers `span_text`.
fn expect_one(text: &str, rule: &str, phrases: &[&str], span_text: &str) {
    let (source, findings) = check(text);
    assert_eq!(findings.len(), 1, "{:?}", messages(&findings));
    let finding = &findings[0];
    assert_eq!(finding.rule, rule);
    for phrase in phrases {
        assert!(
            finding.message.contains(phrase),
            "`{}` lacks `{phrase}`",
            finding.message
        );
    }
    assert_eq!(finding.primary.span.of(source.text()), span_text);
}

fn expect_clean(text: &str) {
    let (_, findings) = check(text);
    assert!(findings.is_empty(), "{:?}", messages(&findings));
}

/// Markdown to plain text: no `#` headings, no bold.
fn plain(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim_start().replace("**", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn consistent_report_is_clean_in_every_form() {
    let text = fixture();
    expect_clean(&text);
    expect_clean(&plain(&text));
    expect_clean(&text.replace("Thornmere", "Kestrel Vale"));
    expect_clean(&format!("\u{feff}{}", text.replace('\n', "\r\n")));
    expect_clean(&format!("\u{feff}{}", plain(&text).replace('\n', "\r\n")));
}

#[test]
fn other_consistent_figures_are_clean() {
    // 9,870 / 402,000 = 2.455%: printed 2%, 2.5% or 2.46% it is right.
    let text = fixture()
        .replace("£250,400,000", "£410,250,000")
        .replace("£263,150,000", "£402,000,000")
        .replace("**£12,750,000** more", "**£8,250,000** less")
        .replace("£71,900,000", "£9,000,000")
        .replace("£68,240,000", "£9,870,000")
        .replace("**£3,660,000 less**", "**£870,000 more**");
    for share in ["2%", "2.5%", "2.46%"] {
        expect_clean(&text.replace("25.93%", share));
    }
}

#[test]
fn wrong_difference_size() {
    expect_one(
        &edit(&fixture(), "£12,750,000", "£12,570,000"),
        DIFFERENCE,
        &[
            "£250,400,000",
            "£263,150,000",
            "is £12,750,000, not £12,570,000",
        ],
        "£12,570,000",
    );
}

#[test]
fn defects_found_in_plain_text_with_crlf_and_bom() {
    let text = format!(
        "\u{feff}{}",
        plain(&fixture())
            .replace("£12,750,000", "£12,570,000")
            .replace("6.25% had", "16.25% had")
            .replace('\n', "\r\n")
    );
    let (source, findings) = check(&text);
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.primary.span.of(source.text())))
        .collect();
    assert_eq!(
        found,
        vec![
            (DIFFERENCE, "£12,570,000"),
            (
                RATING_SHARES,
                "12.50% as Outstanding, 62.50% as Good, 18.75% were rated as Requires Improvement, none were rated as Inadequate, and 16.25% had not yet been rated"
            ),
        ]
    );
}

#[test]
fn shares_of_a_stated_count_that_no_count_of_it_gives() {
    // 25% of 24 is 6; 27% is between 6 (25.0%) and 7 (29.2%). The list's
    // shares fit no count below 40.
    expect_one(
        &edit(&fixture(), "25% were neither", "27% were neither"),
        SHARE_OF_COUNT,
        &[
            "27% of 24 is no whole number of them",
            "6 of 24 is 25.0% and 7 of 24 is 29.2%",
            "all 3 shares stated of it (58%, 27%, 17%) is 40",
        ],
        "27%",
    );
    // The same in plain text with CRLF line ends.
    expect_one(
        &plain(&edit(&fixture(), "25% were neither", "27% were neither")).replace('\n', "\r\n"),
        SHARE_OF_COUNT,
        &["27% of 24 is no whole number of them"],
        "27%",
    );
    // A mistyped count: 58%, 25% and 17% fit 12 and 24, not 25.
    expect_one(
        &edit(&fixture(), "Of the 24 carers", "Of the 25 carers"),
        SHARE_OF_COUNT,
        &["58% of 25 is no whole number", "(58%, 25%, 17%) is 12"],
        "58%",
    );
    // The England figure is another whole, and an approximate count
    // reaches every share.
    expect_clean(&edit(
        &fixture(),
        "compared with 41% in England",
        "compared with 43% in England",
    ));
    expect_clean(&edit(
        &fixture(),
        "Of the 24 carers",
        "Of the about 25 carers",
    ));
    expect_clean(&plain(&edit(
        &fixture(),
        "Of the 24 carers",
        "Of the 2024 carers",
    )));
}

#[test]
fn a_share_and_its_denial_over_the_whole() {
    let text = edit(&fixture(), "while 38% did not", "while 43% did not");
    expect_one(
        &text,
        COMPLEMENT,
        &[
            "\"62% of carers said they felt safe\" and \"43% did not\"",
            "add up to 105%",
        ],
        "43%",
    );
    expect_one(
        &plain(&text).replace('\n', "\r\n"),
        COMPLEMENT,
        &["add up to 105%"],
        "43%",
    );
    // Under the whole: the rest did not answer.
    expect_clean(&edit(&fixture(), "while 38% did not", "while 30% did not"));
    // Of another year.
    expect_clean(&edit(
        &fixture(),
        "while 38% did not",
        "while in 2022 43% did not",
    ));
}

#[test]
fn wrong_direction_word() {
    expect_one(
        &edit(&fixture(), "£3,660,000 less", "£3,660,000 more"),
        DIFFERENCE,
        &["below the estimate", "`less`, not `more`"],
        "more",
    );
}

#[test]
fn wrong_budget_share() {
    expect_one(
        &edit(&fixture(), "25.93%", "29.53%"),
        ASC_SHARE,
        &["£68,240,000 / £263,150,000 = 25.9320%"],
        "29.53%",
    );
    // Another wording of the share bullet.
    expect_one(
        &edit(
            &fixture(),
            "**25.93%** of the budget was spent",
            "the local authority spent **27%** of its budget",
        ),
        ASC_SHARE,
        &["27% does not match"],
        "27%",
    );
    // Within the printed precision either way.
    expect_clean(&edit(&fixture(), "25.93%", "26%"));
    expect_clean(&edit(&fixture(), "25.93%", "25.9%"));
    // A changed actual spend moves the share.
    let (_, findings) = check(&edit(&fixture(), "**£68,240,000**", "**£58,240,000**"));
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        vec![DIFFERENCE, ASC_SHARE],
        "{:?}",
        messages(&findings)
    );
}

#[test]
fn rating_shares_over_and_under_one_hundred() {
    expect_one(
        &edit(&fixture(), "6.25% had", "16.25% had"),
        RATING_SHARES,
        &["add up to 110.00%", "12.50% outstanding", "16.25% not rated"],
        "12.50% as Outstanding, 62.50% as Good, 18.75% were rated as Requires Improvement, none were rated as Inadequate, and 16.25% had not yet been rated",
    );
    // Every category named: the list must make 100%.
    expect_one(
        &edit(&fixture(), "6.25% had", "4.25% had"),
        RATING_SHARES,
        &["every category", "add up to 98.00%"],
        "12.50% as Outstanding, 62.50% as Good, 18.75% were rated as Requires Improvement, none were rated as Inadequate, and 4.25% had not yet been rated",
    );
    // Not every category: under 100% is fine, over is not.
    expect_clean(&edit(
        &fixture(),
        "and 20% were rated",
        "and 10% were rated",
    ));
    expect_one(
        &edit(&fixture(), "and 20% were rated", "and 40% were rated"),
        RATING_SHARES,
        &["add up to 110%"],
        "70% were rated good and 40% were rated requires improvement",
    );
}

#[test]
fn part_larger_than_its_total_or_wrong_percentage() {
    expect_one(
        &edit(&fixture(), "of which 372", "of which 1,372"),
        PART_OF,
        &["(1,372) is larger than the whole (1,240)"],
        "1,372",
    );
    expect_one(
        &edit(&fixture(), "(or 30%)", "(or 40%)"),
        PART_OF,
        &["40% does not match", "372 / 1,240 = 30.00%"],
        "40%",
    );
    expect_one(
        &edit(&fixture(), "60 out of 64", "66 out of 64"),
        PART_OF,
        &["(66) is larger than the whole (64)"],
        "66",
    );
    expect_one(
        &edit(&fixture(), "41 reviews", "11 reviews"),
        PART_OF,
        &["(12) is larger than the whole (11)"],
        "12",
    );
}

#[test]
fn years_that_are_not_financial_years_or_run_backwards() {
    expect_one(
        &edit(&fixture(), "In 2023/24 the", "In 2023/23 the"),
        FINANCIAL_YEAR,
        &["`2023/23` is not a financial year", "2022/23 or 2023/24"],
        "2023/23",
    );
    expect_one(
        &edit(&fixture(), "in 2022/2023.", "in 2022/2021."),
        FINANCIAL_YEAR,
        &["2021/2022 or 2022/2023"],
        "2022/2021",
    );
    // Two years written with a slash are a period ("the JSNA for 2010/12"),
    // not a mistyped financial year.
    expect_clean(&edit(&fixture(), "in 2022/2023.", "in 2022/2024."));
    expect_one(
        &edit(&fixture(), "2024-2029", "2024-2019"),
        YEAR_RANGE,
        &[
            "`2024-2019` is not a range of years",
            "ends (2019) before it starts (2024)",
        ],
        "2024-2019",
    );
    expect_one(
        &edit(&fixture(), "2023-26", "2023-21"),
        YEAR_RANGE,
        &["ends (2021) before it starts (2023)"],
        "2023-21",
    );
}

#[test]
fn unrelated_figures_stay_silent() {
    let text = "Harbury Council: local authority assessment\n\n\
        In March 2023 - 20 people were waiting. There were 600 people aged 65 and over, of which 420 lived at home. \
        The council ranked 119th out of 152. 72% of people rated the service as good and 40% rated it as excellent. \
        The 2023-10-05 return and SI 2014/2281 apply. In 2023 there were many contacts, of which 3,400 were new. \
        There were Section 42 enquiries, of which 300 were completed. There were 200 concerns, of which 100 cases were up (12%). \
        80% of providers were rated good or outstanding, with 30% rated good. \
        About 5 million people, of which 300,000 were carers, lived in the region.\n";
    expect_clean(text);
}
