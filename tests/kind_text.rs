//! The text kinds (`existence`, `substitution`, `consistency`,
//! `split-sentence`) and their shipped rules, on reports invented here: a CQC
//! local authority assessment for Rookwood and an Ofsted letter to Tarnbridge,
//! with defects injected and variants (renamed council, CRLF with a BOM,
//! Markdown turned into plain text) that must read the same.

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::render::{render, Format, HumanOptions};
use reportlint::source::SourceFile;
use reportlint::stream::{Lint, Linted};

const DOMAIN: &str = "common/official-domain-typo";
const WELLBEING: &str = "common/wellbeing-spelling";
const COPRODUCTION: &str = "common/coproduction-spelling";
const LOCAL_AUTHORITY: &str = "common/local-authority-case";
const SPLIT: &str = "common/sentence-split-across-paragraphs";
const LATIN: &str = "ofsted/no-latin-abbreviations";
const IN_CARE: &str = "ofsted/children-in-care";
const ASC: &str = "cqc-la/adult-social-care-case";

const TEXT_RULES: [&str; 8] = [
    DOMAIN,
    WELLBEING,
    COPRODUCTION,
    LOCAL_AUTHORITY,
    SPLIT,
    LATIN,
    IN_CARE,
    ASC,
];

/// A clean CQC assessment in Markdown.
const CQC: &str = "# Rookwood Borough Council: local authority assessment

Assessment published: 3 June 2025

## About Rookwood Borough Council

### Financial facts

- The local authority estimated that in 2023/24 its total budget would be £301,200,000.
- The local authority has raised the full adult social care precept for 2023/24.

## Overall summary

### Local authority rating and score

Rookwood Borough Council

Good

### Quality statement scores

Assessing needs

Score: 3

## Theme 1: How Rookwood Borough Council works with people

### Assessing needs

Score: 3

3 - Evidence shows a good standard

#### What people expect

I have care and support that is co-ordinated and supports my well-being.

#### The local authority commitment

We assess health, care, well-being and communication needs with people.

#### Key findings for this quality statement

##### Assessment, care planning and review arrangements

Local authority staff worked to a strengths-based model that promoted wellbeing. Wellbeing was a theme of every review. The local authority listened to people, and the Health and Well-being Board oversaw the work.

The Local Authority Designated Officer (LADO) was consulted. The Adult Social Care Survey showed that adult social care users were satisfied; the Director of Adult Social Care (DASS) agreed.

People told us co-production was real. Co-production groups met monthly and the co-production plan was reviewed.
";

/// A clean Ofsted letter in plain text.
const LETTER: &str = "Ofsted Piccadilly Gate Store Street Manchester M1 2WD

T 0300 123 1231
enquiries@ofsted.gov.uk
www.gov.uk/ofsted

9 March 2023

Helen Varga
Director of Children's Services
Tarnbridge County Council

Dear Helen

Focused visit to Tarnbridge County Council children's services

This letter summarises the findings of the focused visit to Tarnbridge children's services on 7 and 8 February 2023. His Majesty's Inspectors for this visit were Sara Quell and Tom Arden.

Headline findings

Children in care in Tarnbridge are seen regularly by social workers who know them well.

What needs to improve in this area of social work practice?

- The timeliness of reviews for children in care.

Main findings

Social workers see children in care regularly, for example at school, and plans are reviewed. Young people are told whether they wish to be 'looked after' by the local authority.

Ofsted will take the findings from this focused visit into account when planning the next inspection or visit.

Yours sincerely

Sara Quell
His Majesty's Inspector
";

fn check(name: &str, text: &str) -> Vec<Finding> {
    let linter = common::linter();
    assert!(linter.rules.errors.is_empty(), "{:?}", linter.rules.errors);
    let source = SourceFile::new(name, text.to_string());
    linter.check_source(&source, &|r| TEXT_RULES.contains(&r.id()))
}

fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// The words a finding of the report `text` is at.
fn span_text<'t>(text: &'t str, f: &Finding) -> &'t str {
    f.primary.span.of(text)
}

fn crlf_bom(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

/// Markdown to plain text: heading marks dropped.
fn plain(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim_start())
        .collect::<Vec<_>>()
        .join("\n")
}

fn listed(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect()
}

#[test]
fn clean_reports_draw_no_text_finding() {
    for (name, text) in [
        ("rookwood.md", CQC.to_string()),
        ("tarnbridge.txt", LETTER.to_string()),
    ] {
        for variant in [
            text.clone(),
            crlf_bom(&text),
            plain(&text),
            text.replace("Rookwood", "Ashwell Vale")
                .replace("Tarnbridge", "Oxley"),
        ] {
            let findings = check(name, &variant);
            assert!(findings.is_empty(), "{name}: {:?}", listed(&findings));
        }
    }
}

#[test]
fn mistyped_official_domains_are_replaced() {
    let text = LETTER
        .replace("www.gov.uk/ofsted", "www.qov.uk/ofsted")
        .replace("enquiries@ofsted.gov.uk", "enquiries@ofsted.gov.co.uk");
    for variant in [text.clone(), crlf_bom(&text)] {
        let findings = check("letter.txt", &variant);
        let domain = of(&findings, DOMAIN);
        assert_eq!(domain.len(), 2, "{:?}", listed(&findings));
        assert_eq!(span_text(&variant, domain[0]), "gov.co.uk");
        assert_eq!(span_text(&variant, domain[1]), "www.qov.uk");
        let fixes: Vec<&str> = domain
            .iter()
            .map(|f| {
                f.fix
                    .as_ref()
                    .expect("a substitution has a fix")
                    .text
                    .as_str()
            })
            .collect();
        assert_eq!(fixes, ["gov.uk", "www.gov.uk"]);
        assert!(domain[1]
            .message
            .contains("write `www.gov.uk`, not `www.qov.uk`"));
        assert_eq!(domain[1].severity, Severity::Warning);
        // Applying the fixes gives back the clean letter.
        let mut fixed = variant.clone();
        for f in domain.iter().rev() {
            let fix = f.fix.as_ref().expect("fix");
            fixed.replace_range(fix.span.start..fix.span.end, &fix.text);
        }
        assert!(check("fixed.txt", &fixed).is_empty());
    }
}

#[test]
fn the_fix_is_in_the_json_output() {
    let linter = common::linter();
    let source = SourceFile::new(
        "letter.txt",
        LETTER.replace("www.gov.uk/ofsted", "www.qov.uk/ofsted"),
    );
    let findings = linter.check_source(&source, &|r| r.id() == DOMAIN);
    let run = Lint {
        files: vec![Linted::in_memory(source, findings)],
        input_errors: Vec::new(),
    };
    let json = render(
        Format::Json,
        &run,
        &linter.rules,
        &HumanOptions::default(),
        &Default::default(),
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let fix = &value["findings"][0]["fix"];
    assert_eq!(fix["text"], "www.gov.uk");
    assert_eq!(fix["start"]["line"], 5);
    assert_eq!(fix["start"]["column"], 1);
    assert_eq!(fix["end"]["column"], 11);
}

#[test]
fn looked_after_children_becomes_children_in_care() {
    let text = LETTER
        .replace(
            "Children in care in Tarnbridge",
            "Looked after children in Tarnbridge",
        )
        .replace(
            "Social workers see children in care",
            "Social workers see looked-after children",
        );
    let findings = check("letter.txt", &text);
    let in_care = of(&findings, IN_CARE);
    assert_eq!(in_care.len(), 2, "{:?}", listed(&findings));
    assert_eq!(span_text(&text, in_care[0]), "Looked after children");
    assert_eq!(
        in_care[0].fix.as_ref().map(|f| f.text.as_str()),
        Some("Children in care")
    );
    assert_eq!(span_text(&text, in_care[1]), "looked-after children");
    assert_eq!(
        in_care[1].fix.as_ref().map(|f| f.text.as_str()),
        Some("children in care")
    );
    // The CQC pack does not carry the Ofsted house style.
    let cqc = CQC.replace("People told us", "Looked after children told us");
    assert!(of(&check("cqc.md", &cqc), IN_CARE).is_empty());
}

#[test]
fn latin_abbreviations_are_flagged_in_letters_only() {
    let text = LETTER.replace(
        "for example at school, and plans",
        "e.g. at school, ie at home, and plans etc.",
    );
    for variant in [text.clone(), crlf_bom(&text)] {
        let findings = check("letter.txt", &variant);
        let latin = of(&findings, LATIN);
        let spans: Vec<&str> = latin.iter().map(|f| span_text(&variant, f)).collect();
        assert_eq!(spans, ["e.g.", "ie", "etc."], "{:?}", listed(&findings));
        assert!(latin[0].message.contains("for example"));
        assert!(latin.iter().all(|f| f.fix.is_none()));
    }
    let cqc = CQC.replace("People told us", "People (e.g. carers) told us");
    assert!(of(&check("cqc.md", &cqc), LATIN).is_empty());
}

#[test]
fn mixed_wellbeing_points_at_the_minority_with_the_majority_related() {
    let text = CQC.replace(
        "The local authority listened to people",
        "Staff checked people's well-being. The local authority listened to people",
    );
    for variant in [text.clone(), crlf_bom(&text), plain(&text)] {
        let findings = check("cqc.md", &variant);
        let found = of(&findings, WELLBEING);
        assert_eq!(found.len(), 1, "{:?}", listed(&findings));
        let f = found[0];
        assert_eq!(span_text(&variant, f), "well-being");
        assert_eq!(f.severity, Severity::Note);
        // "Wellbeing was" starts a sentence: it counts as wellbeing; the
        // Board is a name; the expectations and commitment are not read.
        assert!(
            f.message
                .contains("`well-being` is used once and `wellbeing` twice"),
            "{}",
            f.message
        );
        assert_eq!(f.related.len(), 1);
        assert_eq!(f.related[0].span.of(&variant), "wellbeing");
        assert!(f.related[0].message.contains("first used here"));
    }
}

#[test]
fn a_tie_keeps_the_form_used_first() {
    let text = CQC.replace("Wellbeing was a theme", "Well-being was a theme");
    let findings = check("cqc.md", &text);
    let found = of(&findings, WELLBEING);
    assert_eq!(found.len(), 1, "{:?}", listed(&findings));
    assert_eq!(span_text(&text, found[0]), "Well-being");
    assert!(
        found[0].message.contains("came first"),
        "{}",
        found[0].message
    );
}

#[test]
fn local_authority_in_capitals_is_flagged_outside_names_and_sentence_starts() {
    let text = CQC
        .replace(
            "The local authority estimated",
            "The Local Authority estimated",
        )
        .replace(
            "The local authority has raised",
            "The Local Authority has raised",
        );
    let findings = check("cqc.md", &text);
    let found = of(&findings, LOCAL_AUTHORITY);
    assert_eq!(found.len(), 1, "{:?}", listed(&findings));
    let f = found[0];
    assert_eq!(span_text(&text, f), "Local Authority");
    assert!(
        f.message.contains("`Local Authority` is used twice"),
        "{}",
        f.message
    );
    assert!(f.message.contains("house style"));
    assert_eq!(f.related.len(), 2);
    assert_eq!(f.related[1].message, "`Local Authority` again");
    // Only the capitalised forms: a report that never writes the lower-case
    // form mid-sentence draws nothing.
    let all_caps = "Oakby Council: local authority assessment\n\nThe Local Authority planned well. The Local Authority agreed.\n";
    assert!(of(&check("oakby.txt", all_caps), LOCAL_AUTHORITY).is_empty());
    // A capital at a sentence start is the lower-case form.
    let start = "Oakby Council: local authority assessment\n\nThe Local Authority planned well. Local authority staff agreed.\n";
    let found = check("oakby.txt", start);
    assert_eq!(of(&found, LOCAL_AUTHORITY).len(), 1, "{:?}", listed(&found));
}

#[test]
fn adult_social_care_in_capitals_is_flagged_outside_names() {
    let text = CQC.replace(
        "the full adult social care precept",
        "the full Adult Social Care precept",
    );
    let findings = check("cqc.md", &text);
    let found = of(&findings, ASC);
    assert_eq!(found.len(), 1, "{:?}", listed(&findings));
    assert_eq!(span_text(&text, found[0]), "Adult Social Care");
    assert_eq!(found[0].related[0].span.of(&text), "adult social care");
    // Not in a letter (the rule is for CQC assessments).
    let letter = LETTER.replace(
        "Children in care in Tarnbridge are seen",
        "Adult Social Care and adult social care staff see",
    );
    assert!(of(&check("letter.txt", &letter), ASC).is_empty());
}

#[test]
fn coproduction_spellings() {
    let text = CQC.replace("the co-production plan", "the coproduction plan");
    let findings = check("cqc.md", &text);
    let found = of(&findings, COPRODUCTION);
    assert_eq!(found.len(), 1, "{:?}", listed(&findings));
    assert_eq!(span_text(&text, found[0]), "coproduction");
    assert!(
        found[0].message.contains("`co-production` twice"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_sentence_split_by_a_page_break_is_reported_at_the_join() {
    let text = LETTER.replace(
        "Social workers see children in care regularly, for example at school, and plans",
        "Social workers see children in care regularly, for example at school, and\n\n\n\nplans",
    );
    for variant in [text.clone(), crlf_bom(&text)] {
        let findings = check("letter.txt", &variant);
        let split = of(&findings, SPLIT);
        assert_eq!(split.len(), 1, "{:?}", listed(&findings));
        let f = split[0];
        assert_eq!(span_text(&variant, f), "plans");
        assert!(
            f.message
                .contains("`Social workers see children in … example at school, and` breaks off at the end of its paragraph (line 29)"),
            "{}",
            f.message
        );
        let related: Vec<&str> = f.related.iter().map(|l| l.span.of(&variant)).collect();
        assert_eq!(related, ["Social", "and"]);
        let fix = f.fix.as_ref().expect("the join is the fix");
        let mut joined = variant.clone();
        joined.replace_range(fix.span.start..fix.span.end, &fix.text);
        assert!(joined.contains("at school, and plans are reviewed"));
        assert!(check("joined.txt", &joined).is_empty());
    }
}

#[test]
fn only_clear_splits_are_reported() {
    let cases = [
        // The first paragraph ends its sentence.
        "Social workers visit children.\n\nplans are reviewed monthly.",
        // A heading between the two paragraphs.
        "Social workers visit children at home and\n\nMain findings\n\nplans are reviewed monthly.",
        // A lead-in and a list.
        "The plans include:\n\n- contact arrangements\n\nand the next review date.",
        // The next paragraph is an address, not words.
        "Contact the duty team by email at\n\nduty@tarnbridge.gov.uk for advice.",
        // Upper case after the break.
        "Social workers visit children at home and\n\nPlans are reviewed monthly.",
    ];
    for case in cases {
        let text = LETTER.replace(
            "Ofsted will take the findings",
            &format!("{case}\n\nOfsted will take the findings"),
        );
        let findings = check("letter.txt", &text);
        assert!(
            of(&findings, SPLIT).is_empty(),
            "{case:?}: {:?}",
            listed(&findings)
        );
    }
}

#[test]
fn broken_text_rules_are_reported_at_the_rule() {
    let rule = |kind: &str, params: &str| {
        format!(
            "rules:\n  - id: test/broken\n    summary: s\n    severity: note\n    why: w\n    kind: {kind}\n    params: {params}\n    examples: {{ fail: [{{ text: a }}], pass: [{{ text: b }}] }}\n"
        )
    };
    let cases = [
        (
            rule("existence", "{ tokens: ['(eg'], message: m }"),
            "invalid regex",
        ),
        (rule("existence", "{ tokens: [], message: m }"), "empty"),
        (
            rule("substitution", "{ swap: { 'a(': b } }"),
            "invalid regex",
        ),
        (
            rule("consistency", "{ variants: [wellbeing] }"),
            "at least two",
        ),
        (
            rule("consistency", "{ variants: [a b, c], prefer: d }"),
            "not one of the variants",
        ),
        (
            rule("split-sentence", "{ unit: sentence }"),
            "unknown field",
        ),
    ];
    for (yaml, expected) in cases {
        let mut set = reportlint::rules::RuleSet::default();
        set.add_pack_file("test.yaml", &yaml);
        assert!(set.rules.is_empty(), "{yaml}");
        assert_eq!(set.errors.len(), 1, "{yaml}");
        assert!(
            set.errors[0].message.contains(expected),
            "{yaml}: {}",
            set.errors[0].message
        );
    }
}

/// Terms are data a team writes: no term may make the search of a unit
/// superlinear in its length. A match that is not a whole word (a run of
/// `a` inside a longer word) used to be searched for again from the next
/// position, one search of the rest of the unit per character: 20,000
/// characters took 1.1 s and 80,000 15.4 s. The measure here is the number
/// of regex searches, each linear in the unit (the regex crate's guarantee):
/// at most one per match and one more, so ten times the input costs ten
/// times at most, and a 1 MB word costs one search.
#[test]
fn terms_search_a_long_word_in_one_pass() {
    use reportlint::rules::search::scope::Terms;
    use reportlint::span::Span;
    let adversarial = |n: usize| -> Vec<String> {
        vec![
            format!("The word b{} ends.", "a".repeat(n)),
            format!("x{}", "a".repeat(n)),
            format!("{}b", "a".repeat(n)),
            "ab ".repeat(n / 3),
            "a ".repeat(n / 2),
        ]
    };
    for (tokens, ignorecase) in [
        (vec!["a+"], false),
        (vec!["a{3,}"], true),
        (vec!["(a+)+$"], false),
        (vec![r"\w+b", "a+"], false),
        (vec!["(?:ba)?a+", "x a"], true),
    ] {
        let terms = Terms::new(&tokens, ignorecase).expect("terms compile");
        for n in [1_000, 10_000] {
            for text in adversarial(n) {
                let (found, searches) = terms.find_counted(&text, Span::new(0, text.len()));
                assert!(
                    searches <= found.len() + 1,
                    "{tokens:?} on {n}: {searches} searches for {} matches",
                    found.len()
                );
                for (span, _) in &found {
                    let word = |c: char| c.is_alphanumeric() || c == '_';
                    let before = text[..span.start].chars().next_back();
                    let after = text[span.end..].chars().next();
                    assert!(!before.is_some_and(word) && !after.is_some_and(word));
                }
            }
        }
        // Ten times the input, ten times the searches at most.
        let cost = |n: usize| -> usize {
            adversarial(n)
                .iter()
                .map(|t| terms.find_counted(t, Span::new(0, t.len())).1)
                .sum()
        };
        assert!(cost(100_000) <= 10 * cost(10_000) + 10, "{tokens:?}");
    }
    // A 1 MB word: one search.
    let terms = Terms::new(&["a+", "a{3,}"], false).expect("terms compile");
    let text = format!("b{}", "a".repeat(1 << 20));
    assert_eq!(
        terms.find_counted(&text, Span::new(0, text.len())),
        (Vec::new(), 1)
    );
}

#[test]
fn a_term_inside_a_longer_match_is_still_found_as_a_whole_word() {
    use reportlint::rules::search::scope::Terms;
    use reportlint::span::Span;
    // "the council" is not a whole word in "bathe council", but "council"
    // after it is.
    let terms = Terms::new(&["(?:the )?council"], true).expect("terms compile");
    let text = "We bathe council staff. The council agreed; councillors did not.";
    let found: Vec<&str> = terms
        .find(text, Span::new(0, text.len()))
        .into_iter()
        .map(|(s, _)| s.of(text))
        .collect();
    assert_eq!(found, vec!["council", "The council"]);
}
