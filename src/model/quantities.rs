//! Quantities in running text: numbers, percentages, money, dates and date
//! ranges, financial years, and claims that compare a figure with a
//! benchmark ("55.1% ..., which is lower than the England average of
//! 61.21%").
//!
//! Found in a second pass over paragraph spans with regexes compiled once per
//! process, so the grammar pass stays a line-shape pass. Word boundaries are
//! ASCII (`(?-u:\b)`): Unicode boundaries keep the regex crate off its fast
//! DFA on text with `£` or curly quotes.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::dates::{parse_date, parse_date_range, Date, DateRange};
use crate::span::Span;

/// What kind of quantity a token is, with its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum QuantityKind {
    Number {
        value: f64,
    },
    Percent {
        value: f64,
    },
    /// Pounds; `£1.2 million` is 1,200,000.
    Money {
        value: f64,
    },
    Date {
        date: Date,
    },
    DateRange {
        range: DateRange,
    },
    /// `2022/23`, `2023-2024`: `first` and the year the second part names.
    FinancialYear {
        first: i32,
        second: i32,
    },
}

/// A quantity and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    #[serde(flatten)]
    pub kind: QuantityKind,
    pub span: Span,
    /// Decimal places as printed, for checks at the printed precision.
    pub decimals: u8,
}

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)";

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"[0-9]{1,2}(?:st|nd|rd|th)?";
    let pattern = format!(
        r"(?x)
        (?P<range>(?-u:\b){day}(?:\s+{MONTH})?(?:\s+[0-9]{{4}})?\s*(?:to|and|until|-|\x{{2013}})\s*{day}\s+{MONTH}\s+[0-9]{{4}}(?-u:\b))
      | (?P<date>(?-u:\b){day}\s+{MONTH}\s+[0-9]{{4}}(?-u:\b))
      | (?P<money>£\s?(?P<money_n>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?:\s?(?P<scale>million|billion|bn|m|k)(?-u:\b))?)
      | (?P<fy>(?-u:\b)(?P<fy1>(?:19|20)[0-9]{{2}})\s?[/\x{{2013}}-]\s?(?P<fy2>[0-9]{{4}}|[0-9]{{2}})(?-u:\b))
      | (?P<pct>(?P<pct_n>(?-u:\b)[0-9]+(?:\.[0-9]+)?)\s?(?:%|per\s?cent(?-u:\b)|percent(?-u:\b)))
      | (?P<num>(?-u:\b)[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?(?-u:\b)|(?-u:\b)[0-9]+(?:\.[0-9]+)?(?-u:\b))
    "
    );
    Regex::new(&pattern).expect("the quantity pattern is a valid regex")
});

fn parse_number(text: &str) -> (f64, u8) {
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    let decimals = digits
        .split_once('.')
        .map_or(0, |(_, d)| d.len().min(255) as u8);
    (digits.parse().unwrap_or(0.0), decimals)
}

/// Finds the quantities in `text`, which starts at byte `base` of the report.
pub fn scan(text: &str, base: usize, out: &mut Vec<Quantity>) {
    // `find_iter` and a look at the token are much cheaper than capture
    // groups, which send every match through a slower regex engine.
    for token in TOKEN.find_iter(text) {
        if let Some((kind, decimals)) = classify(token.as_str()) {
            out.push(Quantity {
                kind,
                span: Span::new(base + token.start(), base + token.end()),
                decimals,
            });
        }
    }
}

/// What a token the quantity pattern matched is; the alternatives of the
/// pattern have distinct shapes, so the first character and the presence of
/// letters tell them apart.
fn classify(token: &str) -> Option<(QuantityKind, u8)> {
    if let Some(money) = token.strip_prefix('\u{a3}') {
        let money = money.trim_start();
        let digits_end = money
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(money.len());
        let (value, decimals) = parse_number(&money[..digits_end]);
        let scale = match money[digits_end..].trim() {
            "million" | "m" => 1e6,
            "billion" | "bn" => 1e9,
            "k" => 1e3,
            _ => 1.0,
        };
        return Some((
            QuantityKind::Money {
                value: value * scale,
            },
            decimals,
        ));
    }
    if token.ends_with('%') || token.ends_with("cent") {
        let digits_end = token
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(token.len());
        let (value, decimals) = parse_number(&token[..digits_end]);
        return Some((QuantityKind::Percent { value }, decimals));
    }
    if token.bytes().any(|b| b.is_ascii_alphabetic()) {
        return match parse_date(token) {
            Some(date) => Some((QuantityKind::Date { date }, 0)),
            None => parse_date_range(token).map(|range| (QuantityKind::DateRange { range }, 0)),
        };
    }
    if let Some(split) = token.find(['/', '-', '\u{2013}']) {
        let first: i32 = token[..split].trim().parse().ok()?;
        let rest = token[split..]
            .trim_start_matches(['/', '-', '\u{2013}'])
            .trim();
        let second_raw: i32 = rest.parse().ok()?;
        let second = if rest.len() == 2 {
            first - first % 100 + second_raw
        } else {
            second_raw
        };
        return Some((QuantityKind::FinancialYear { first, second }, 0));
    }
    let (value, decimals) = parse_number(token);
    Some((QuantityKind::Number { value }, decimals))
}

/// A sentence comparing a figure with a named benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonClaim {
    /// The report's figure, when the sentence states one.
    pub value: Option<f64>,
    pub value_span: Option<Span>,
    /// The benchmark as named: "England average", "national average".
    pub benchmark: String,
    pub benchmark_span: Span,
    pub benchmark_value: Option<f64>,
    pub benchmark_value_span: Option<Span>,
    /// The comparison as worded ("lower than", "in line with"), nearest
    /// the benchmark.
    pub relation: Option<String>,
    pub relation_span: Option<Span>,
    /// Words that qualify the relation: "significantly", "statistically",
    /// "tending towards", "slightly".
    pub qualifier: Option<String>,
    /// The sentence.
    pub sentence: Span,
}

static BENCHMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<name>England|English|national|London|regional|comparator(?:\s+group)?|statistical\s+neighbours?'?|(?:north|south)(?:\s+(?:east|west))?|(?:east|west)(?:\s+midlands)?)(?:\s+local\s+authorit(?:y|ies))?\s+averages?(?-u:\b)",
    )
    .expect("the benchmark pattern is a valid regex")
});

static RELATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<rel>higher|lower|above|below|greater|fewer|more|less|exceed(?:s|ed|ing)?|better|worse|in\s+line|similar|consistent|the\s+same|same|comparable|positive\s+variation|negative\s+variation|close\s+to|broadly\s+in\s+line)(?-u:\b)",
    )
    .expect("the relation pattern is a valid regex")
});

static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<q>statistically|significantly|slightly|much|marginally|tending\s+towards|broadly)(?-u:\b)")
        .expect("the qualifier pattern is a valid regex")
});

/// Finds comparison claims in one sentence (`text` at byte `base`), using the
/// percentages already found in it.
pub fn claims(
    text: &str,
    base: usize,
    sentence: Span,
    percents: &[(Span, f64)],
    out: &mut Vec<ComparisonClaim>,
) {
    // Most sentences name no average; a substring test is far cheaper than
    // the regex.
    if !text.contains("average") && !text.contains("Average") {
        return;
    }
    let mut segment_start = 0;
    for bench in BENCHMARK.find_iter(text) {
        let benchmark_span = Span::new(base + bench.start(), base + bench.end());
        // The benchmark's figure: the first percentage soon after its name.
        let after = percents
            .iter()
            .find(|(s, _)| s.start >= benchmark_span.end && s.start - benchmark_span.end <= 40);
        // The report's figure: the last percentage before the benchmark.
        let before = percents
            .iter()
            .rev()
            .find(|(s, _)| s.end <= benchmark_span.start && s.start >= base + segment_start);
        let from = before.map_or(segment_start, |(s, _)| s.end - base);
        let between = text.get(from..bench.start()).unwrap_or("");
        // The relation nearest the benchmark: between the two figures, or
        // else before the report's figure ("Fewer carers (21%) ... than").
        let relation = RELATION
            .find_iter(between)
            .last()
            .map(|m| (from + m.start(), m))
            .or_else(|| {
                let leading = text.get(segment_start..from).unwrap_or("");
                RELATION
                    .find_iter(leading)
                    .last()
                    .map(|m| (segment_start + m.start(), m))
            });
        let qualifier = QUALIFIER
            .find_iter(between)
            .last()
            .map(|m| m.as_str().to_lowercase());
        out.push(ComparisonClaim {
            value: before.map(|(_, v)| *v),
            value_span: before.map(|(s, _)| *s),
            benchmark: bench.as_str().to_string(),
            benchmark_span,
            benchmark_value: after.map(|(_, v)| *v),
            benchmark_value_span: after.map(|(s, _)| *s),
            relation: relation.map(|(_, m)| m.as_str().to_lowercase()),
            relation_span: relation.map(|(at, m)| Span::new(base + at, base + at + m.len())),
            qualifier,
            sentence,
        });
        segment_start = after.map_or(bench.end(), |(s, _)| s.end - base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<QuantityKind> {
        let mut out = Vec::new();
        scan(text, 0, &mut out);
        out.into_iter().map(|q| q.kind).collect()
    }

    #[test]
    fn tokens_of_every_kind() {
        assert_eq!(
            kinds("£589,322,000"),
            vec![QuantityKind::Money {
                value: 589_322_000.0
            }]
        );
        assert_eq!(
            kinds("£1.2 million"),
            vec![QuantityKind::Money { value: 1_200_000.0 }]
        );
        assert_eq!(
            kinds("18.73%"),
            vec![QuantityKind::Percent { value: 18.73 }]
        );
        assert_eq!(
            kinds("2022/23"),
            vec![QuantityKind::FinancialYear {
                first: 2022,
                second: 2023
            }]
        );
        assert_eq!(
            kinds("2023/2024"),
            vec![QuantityKind::FinancialYear {
                first: 2023,
                second: 2024
            }]
        );
        assert_eq!(
            kinds("2023/23"),
            vec![QuantityKind::FinancialYear {
                first: 2023,
                second: 2023
            }]
        );
        assert_eq!(
            kinds("3,535 people"),
            vec![QuantityKind::Number { value: 3535.0 }]
        );
        assert!(matches!(
            kinds("on 18 to 19 October 2022.").as_slice(),
            [QuantityKind::DateRange { .. }]
        ));
        assert!(matches!(
            kinds("22 November 2022").as_slice(),
            [QuantityKind::Date { .. }]
        ));
    }

    fn claim(text: &str) -> ComparisonClaim {
        let mut quantities = Vec::new();
        scan(text, 0, &mut quantities);
        let percents: Vec<_> = quantities
            .iter()
            .filter_map(|q| match q.kind {
                QuantityKind::Percent { value } => Some((q.span, value)),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        claims(text, 0, Span::new(0, text.len()), &percents, &mut out);
        out.into_iter().next().expect("one claim")
    }

    #[test]
    fn comparison_claims_keep_both_figures_and_the_relation() {
        let c = claim(
            "55.1% of people were satisfied, which is lower than the England average of 61.21%.",
        );
        assert_eq!((c.value, c.benchmark_value), (Some(55.1), Some(61.21)));
        assert_eq!(c.relation.as_deref(), Some("lower"));
        let c = claim("Fewer carers (21%) had a break than the England average (58%).");
        assert_eq!(c.relation.as_deref(), Some("fewer"));
        assert_eq!((c.value, c.benchmark_value), (Some(21.0), Some(58.0)));
        let c =
            claim("64% did so, which was statistically in line with the England average of 64.2%.");
        assert_eq!(c.relation.as_deref(), Some("in line"));
        assert_eq!(c.qualifier.as_deref(), Some("statistically"));
    }
}
