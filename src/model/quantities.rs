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
    // Copied without its thousands separators only when it has some.
    let digits: std::borrow::Cow<'_, str> = match text.contains(',') {
        true => text
            .chars()
            .filter(|c| *c != ',')
            .collect::<String>()
            .into(),
        false => text.into(),
    };
    let decimals = digits
        .split_once('.')
        .map_or(0, |(_, d)| d.len().min(255) as u8);
    (digits.parse().unwrap_or(0.0), decimals)
}

/// Finds the quantities in `text`, which starts at byte `base` of the report.
pub fn scan(text: &str, base: usize, out: &mut Vec<Quantity>) {
    // A match and a look at the token are much cheaper than capture groups,
    // which send every match through a slower regex engine. Every
    // alternative of the pattern starts with a digit or `£`, so the search
    // starts at the next such byte instead of running the regex over the
    // words between figures; `find_at` reads the byte before for `\b`, so
    // the matches are those `find_iter` gives.
    let mut at = 0;
    while let Some(start) = next_candidate(text.as_bytes(), at) {
        let Some(token) = TOKEN.find_at(text, start) else {
            break;
        };
        if let Some((kind, decimals)) = classify(token.as_str()) {
            out.push(Quantity {
                kind,
                span: Span::new(base + token.start(), base + token.end()),
                decimals,
            });
        }
        at = token.end();
    }
}

/// The first byte at or after `from` where a quantity can start: an ASCII
/// digit, or the lead byte of `£` (U+00A3 is `C2 A3`).
fn next_candidate(bytes: &[u8], from: usize) -> Option<usize> {
    let candidate = |b: u8| b.is_ascii_digit() || b == 0xC2;
    let rest = bytes.get(from..)?;
    // Whole chunks first, tested without an early exit so the compiler can
    // test the bytes of a chunk together.
    let mut chunks = rest.chunks_exact(32);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | candidate(b)) {
            break;
        }
        offset += 32;
    }
    rest[offset..]
        .iter()
        .position(|&b| candidate(b))
        .map(|i| from + offset + i)
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

/// A percentage found in running text, as [`claims`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub span: Span,
    pub value: f64,
    /// Decimal places as printed.
    pub decimals: u8,
}

/// One sentence and the percentages inside it.
#[derive(Debug, Clone, Copy)]
pub struct SentenceFigures<'a> {
    /// The sentence's text.
    pub text: &'a str,
    /// Where the sentence starts in the report.
    pub base: usize,
    /// Its percentages, with spans in the report.
    pub figures: &'a [Figure],
}

/// A figure compared with a named benchmark.
///
/// A claim pairs a figure with a benchmark only where the wording ties them
/// together; otherwise the figure is left empty (`value: None`) and rules
/// stay silent on the claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonClaim {
    /// The report's figure, when the text ties one to the benchmark.
    pub value: Option<f64>,
    pub value_span: Option<Span>,
    /// Decimal places of the figure as printed.
    pub value_decimals: u8,
    /// The figure is the only percentage of the previous sentence, which
    /// this one refers back to ("... 20.69% of carers ... . This was lower
    /// than the England average of 15.99%").
    pub value_in_previous_sentence: bool,
    /// What the figure measures: the text from the start of the comparison
    /// (or of the previous sentence) to the benchmark.
    pub subject: Span,
    /// The benchmark as named: "England average", "national average".
    pub benchmark: String,
    pub benchmark_span: Span,
    pub benchmark_value: Option<f64>,
    pub benchmark_value_span: Option<Span>,
    /// Decimal places of the benchmark's figure as printed.
    pub benchmark_value_decimals: u8,
    /// The comparison as worded ("lower", "in line"), lower-case with single
    /// spaces: the word joined to the benchmark by connecting words only
    /// ("lower than the", "in line with the"), or a comparative before the
    /// figure whose sentence goes on with "than" ("fewer carers (21%) ...
    /// than the England average").
    pub relation: Option<String>,
    pub relation_span: Option<Span>,
    /// Words that qualify the relation: "significantly", "statistically",
    /// "tending towards", "slightly".
    pub qualifier: Option<String>,
    /// The sentence holding the benchmark.
    pub sentence: Span,
    /// Index of the paragraph holding the benchmark.
    pub paragraph: usize,
}

static BENCHMARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?P<name>England|English|national|London|regional|comparator(?:\s+group)?|statistical\s+neighbours?'?|(?:north|south)(?:\s+(?:east|west))?|(?:east|west)(?:\s+midlands)?)(?:\s+local\s+authorit(?:y|ies))?\s+averages?(?-u:\b)|than\s+(?:the\s+)?average\s*\()",
    )
    .expect("the benchmark pattern is a valid regex")
});

static RELATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<rel>higher|lower|above|below|greater|fewer|more|less|exceed(?:s|ed|ing)?|better|worse|in\s+line|similar|consistent|the\s+same|same|comparable|(?:significant(?:ly)?\s+)?(?:positive|negative)\s+variation|close\s+to|broadly\s+in\s+line)(?-u:\b)",
    )
    .expect("the relation pattern is a valid regex")
});

static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<q>statistically|significantly|slightly|much|marginally|tending\s+towards|broadly)(?-u:\b)")
        .expect("the qualifier pattern is a valid regex")
});

/// A sentence that refers back to the previous one for its figure: "This
/// was slightly lower than", "This figure is higher than".
static ANAPHORA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:This|That|It)(?:\s+(?:figure|rate|proportion|percentage|result))?\s+(?:was|is|remains|remained)(?:\s+(?:also|still|much|well|just|[a-z]+ly))*\s*$",
    )
    .expect("the anaphora pattern is a valid regex")
});

/// What may stand between a figure and the relation said of it: a relative
/// clause ("which was significantly"), "this was", or a comma and adverbs.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)(?:which|this|that|it)(?:\s+(?:is|was|were|are|also|still|has\s+been|remains|remained|[a-z]+ly))*\s*|[,;(]\s*|^\s*)(?:(?:[a-z]+ly|also|still|much|a|an|tending\s+towards|at)\s+)*$",
    )
    .expect("the clause pattern is a valid regex")
});

/// Whether `before` ends with "the" ("the above figures").
fn after_article(before: &str) -> bool {
    words(before)
        .next_back()
        .is_some_and(|w| w.eq_ignore_ascii_case("the"))
}

/// Words that may stand between a relation and the benchmark it is about.
const CONNECTORS: &[&str] = &[
    "than",
    "the",
    "to",
    "with",
    "compared",
    "comparison",
    "in",
    "when",
    "as",
    "that",
    "of",
    "against",
    "an",
    "a",
    "for",
    "those",
    "proportion",
    "percentage",
    "rate",
    "share",
    "level",
    "figure",
];

/// Words before a figure that make it a bound, a range end or a change
/// rather than the measured value.
const INEXACT: &[&str] = &[
    "around",
    "about",
    "approximately",
    "approx",
    "almost",
    "nearly",
    "over",
    "under",
    "than",
    "from",
    "by",
    "to",
    "roughly",
    "some",
    "circa",
    "least",
    "up",
    "above",
    "below",
    "between",
];

/// Words that end a benchmark's own phrase: a figure after them is not the
/// benchmark's.
const BREAKS: &[&str] = &[
    "and", "but", "while", "whilst", "whereas", "with", "compared", "than", "which", "who",
];

fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
}

/// Whether only connecting words stand in `gap`.
fn only_connectors(gap: &str) -> bool {
    gap.len() <= 40
        && !gap.contains(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        && words(gap).all(|w| CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

/// Whether the figure starting at byte `at` of `text` is a bound, a range end
/// or a change.
fn inexact(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    if before.ends_with(['-', '\u{2013}', '~', '<', '>', '\u{2264}', '\u{2265}']) {
        return true;
    }
    // Only a word right before the figure: "over 65 (87.18%)" is not a bound.
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    !word.is_empty() && INEXACT.iter().any(|x| x.eq_ignore_ascii_case(word))
}

/// Whether the text between a benchmark's name and a figure keeps the figure
/// the benchmark's: "of", "(", "was", "being".
fn benchmark_gap(gap: &str) -> bool {
    gap.len() <= 40
        && !gap.contains(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | '.'))
        && !words(gap).any(|w| BREAKS.iter().any(|b| b.eq_ignore_ascii_case(w)))
}

fn lower(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Finds comparison claims in one sentence of paragraph `paragraph`;
/// `previous` is the sentence before it in the same paragraph.
pub fn claims(
    current: SentenceFigures<'_>,
    previous: Option<SentenceFigures<'_>>,
    paragraph: usize,
    out: &mut Vec<ComparisonClaim>,
) {
    let text = current.text;
    let base = current.base;
    // Most sentences name no average; a substring test is far cheaper than
    // the regex.
    if !text.contains("average") && !text.contains("Average") {
        return;
    }
    let sentence = Span::new(base, base + text.len());
    let local = |span: Span| span.start.saturating_sub(base)..span.end.saturating_sub(base);
    let mut segment_start = 0;
    let mut last_value: Option<Figure> = None;
    for bench in BENCHMARK.find_iter(text) {
        // "than the average (46.55%)": the benchmark is the word "average".
        let (name_start, name_end) = if bench.as_str().starts_with(['t', 'T']) {
            match bench.as_str().to_ascii_lowercase().find("average") {
                Some(at) => (bench.start() + at, bench.start() + at + "average".len()),
                None => continue,
            }
        } else {
            (bench.start(), bench.end())
        };
        let benchmark_span = Span::new(base + name_start, base + name_end);
        let figures = current.figures;
        // The benchmark's figure: soon after its name ("of 61.21%", "(58%)").
        let mut bench_figure = figures.iter().copied().find(|f| {
            let r = local(f.span);
            r.start >= name_end && text.get(name_end..r.start).is_some_and(benchmark_gap)
        });
        // "(61.21% against 58%)": which is the benchmark's is unclear.
        if let Some(b) = bench_figure {
            let end = local(b.span).end;
            let next = figures.iter().find(|f| local(f.span).start >= end);
            if let Some(n) = next {
                let gap = text.get(end..local(n.span).start).unwrap_or("");
                if gap.len() <= 30 && !gap.contains([')', '.', ';']) {
                    bench_figure = None;
                }
            }
        }
        // The figures of this comparison before the benchmark's name.
        let mut before: Vec<Figure> = figures
            .iter()
            .copied()
            .filter(|f| local(f.span).start >= segment_start && f.span.end <= benchmark_span.start)
            .collect();
        // "compared to the 75.99% England average".
        if bench_figure.is_none() {
            if let Some(last) = before.last().copied() {
                let gap = text.get(local(last.span).end..name_start).unwrap_or("x");
                if gap.trim().is_empty() {
                    bench_figure = Some(last);
                    before.pop();
                }
            }
        }
        // The report's figure: the only one in the comparison, stated as it is.
        let mut value = match before.as_slice() {
            [one] if !inexact(text, local(one.span).start) => Some(*one),
            _ => None,
        };
        let region_start = value.map_or(segment_start, |v| local(v.span).end);
        let between = text.get(region_start..name_start).unwrap_or("");
        // The relation joined to the benchmark by connecting words.
        let mut relation = RELATION
            .find_iter(between)
            .filter(|m| {
                only_connectors(&between[m.end()..]) && !after_article(&between[..m.start()])
            })
            .last()
            .map(|m| region_start + m.start()..region_start + m.end());
        let mut in_previous = false;
        match (value, relation.clone()) {
            (Some(v), Some(rel)) => {
                // The relation must be said of the figure: "X% ..., which
                // was lower than", not "X% ..., and the share who felt safe
                // was lower than".
                let pre = text.get(local(v.span).end..rel.start).unwrap_or("");
                if !CLAUSE.is_match(pre) {
                    relation = None;
                }
            }
            (Some(v), None) => {
                // "Fewer carers (21%) had a break than the England average".
                relation = leading_relation(text, segment_start, local(v.span).start, between);
            }
            (None, Some(rel)) if before.is_empty() => {
                let lead = text.get(segment_start..rel.start).unwrap_or("");
                let joined = words(lead).all(|w| {
                    ["and", "but", "also", "while", "whilst", "was", "is"]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(w))
                });
                if let (Some(last), true) = (last_value, joined) {
                    // "similar to the England average of 66.26%, and higher
                    // than the regional average of 62.35%".
                    value = Some(last);
                } else if segment_start == 0 && ANAPHORA.is_match(lead) {
                    if let Some(figure) = previous.and_then(previous_figure) {
                        value = Some(figure);
                        in_previous = true;
                    }
                }
            }
            _ => {}
        }
        // What the figure measures: from the figure (or a comparative
        // before it) to the benchmark; for a figure in the previous
        // sentence, the rest of that sentence.
        let subject = match (value, &relation) {
            (Some(v), _) if in_previous => previous
                .map_or(Span::new(v.span.start, v.span.end), |p| {
                    Span::new(v.span.start, p.base + p.text.len())
                }),
            (Some(v), Some(rel)) => {
                Span::new((base + rel.start).min(v.span.start), benchmark_span.start)
            }
            (Some(v), None) => Span::new(v.span.start, benchmark_span.start),
            (None, _) => Span::new(base + segment_start, benchmark_span.start),
        };
        let qualifier = relation.as_ref().and_then(|rel| {
            let from = rel.start.saturating_sub(40).max(segment_start);
            let window = text.get(from..rel.start)?;
            QUALIFIER
                .find_iter(window)
                .last()
                .map(|m| lower(m.as_str()))
        });
        out.push(ComparisonClaim {
            value: value.map(|f| f.value),
            value_span: value.map(|f| f.span),
            value_decimals: value.map_or(0, |f| f.decimals),
            value_in_previous_sentence: in_previous,
            subject,
            benchmark: text.get(name_start..name_end).unwrap_or("").to_string(),
            benchmark_span,
            benchmark_value: bench_figure.map(|f| f.value),
            benchmark_value_span: bench_figure.map(|f| f.span),
            benchmark_value_decimals: bench_figure.map_or(0, |f| f.decimals),
            relation: relation
                .as_ref()
                .and_then(|r| text.get(r.clone()))
                .map(lower),
            relation_span: relation.map(|r| Span::new(base + r.start, base + r.end)),
            qualifier,
            sentence,
            paragraph,
        });
        if value.is_some() {
            last_value = value;
        }
        segment_start = bench_figure
            .map_or(name_end, |f| local(f.span).end)
            .max(name_end);
    }
}

/// A comparative before the figure ("fewer carers (21%) ... than the England
/// average", "more (46.84%) ..., compared to the national average"), when
/// nothing else in between compares and the comparison goes on after the
/// figure.
fn leading_relation(
    text: &str,
    segment_start: usize,
    value_start: usize,
    between: &str,
) -> Option<std::ops::Range<usize>> {
    let compares = RELATION
        .find_iter(between)
        .any(|m| !bound(&between[m.end()..]));
    if compares {
        return None;
    }
    // The comparison goes on right before the benchmark ("..., than the",
    // "compared to the"), and no other "than" is used on the way ("than in
    // 2023"; "more than 24 hours" is a bound, not a comparison).
    let all: Vec<&str> = words(between).collect();
    let joined = all
        .iter()
        .rposition(|w| !CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w)))
        .map_or(0, |i| i + 1);
    let (head, tail) = all.split_at(joined);
    let compares_here = tail.iter().any(|w| {
        ["than", "compared", "comparison", "against"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
    });
    let other_than = head.iter().enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case("than")
            && !head
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    });
    if !compares_here || other_than {
        return None;
    }
    let lead = text.get(segment_start..value_start)?;
    let m = RELATION.find_iter(lead).last()?;
    let word = m.as_str().to_ascii_lowercase();
    if !["more", "fewer", "less", "higher", "lower", "greater"].contains(&word.as_str()) {
        return None;
    }
    let tail = &lead[m.end()..];
    let ok = tail.len() <= 120
        && !tail.contains([';', ':'])
        && !words(tail).any(|w| w.eq_ignore_ascii_case("than"));
    ok.then(|| segment_start + m.start()..segment_start + m.end())
}

/// Whether a comparative is a bound on what is measured ("more than 24
/// hours"), given the text after it.
fn bound(after: &str) -> bool {
    let mut rest = after.split_whitespace();
    rest.next().is_some_and(|w| w.eq_ignore_ascii_case("than"))
        && rest
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// The figure of a sentence that a following "This was ..." refers to: its
/// only percentage, a share of something ("20.69% of carers"), in a sentence
/// that names no average.
fn previous_figure(previous: SentenceFigures<'_>) -> Option<Figure> {
    let [figure] = previous.figures else {
        return None;
    };
    let text = previous.text;
    if text.to_ascii_lowercase().contains("average") {
        return None;
    }
    let at = figure.span.start.checked_sub(previous.base)?;
    let end = figure.span.end.checked_sub(previous.base)?;
    let after = text.get(end..)?.trim_start();
    let share = after
        .strip_prefix("of")
        .is_some_and(|rest| rest.starts_with(char::is_whitespace));
    (share && !inexact(text, at)).then_some(*figure)
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

    fn figures(text: &str, base: usize) -> Vec<Figure> {
        let mut quantities = Vec::new();
        scan(text, base, &mut quantities);
        quantities
            .iter()
            .filter_map(|q| match q.kind {
                QuantityKind::Percent { value } => Some(Figure {
                    span: q.span,
                    value,
                    decimals: q.decimals,
                }),
                _ => None,
            })
            .collect()
    }

    /// The claims of the last sentence of `text` (sentences split at ". ").
    fn all_claims(text: &str) -> Vec<ComparisonClaim> {
        let mut spans = Vec::new();
        crate::model::sentences::split(text, 0, &mut spans);
        let figs = figures(text, 0);
        let inside: Vec<Vec<Figure>> = spans
            .iter()
            .map(|span| {
                figs.iter()
                    .copied()
                    .filter(|f| span.contains(f.span))
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        let mut previous: Option<SentenceFigures> = None;
        for (span, figures) in spans.iter().zip(&inside) {
            let current = SentenceFigures {
                text: span.of(text),
                base: span.start,
                figures,
            };
            out.clear();
            claims(current, previous, 0, &mut out);
            previous = Some(current);
        }
        out
    }

    fn claim(text: &str) -> ComparisonClaim {
        all_claims(text).into_iter().next().expect("one claim")
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

    #[test]
    fn claims_pair_only_what_the_wording_ties() {
        // The figure of the previous sentence, referred to by "This was".
        let c = claim(
            "The survey showed 20.10% of carers took a break of more than 24 hours. This was slightly lower than the England average of 16.14%.",
        );
        assert!(c.value_in_previous_sentence);
        assert_eq!((c.value, c.benchmark_value), (Some(20.1), Some(16.14)));
        assert_eq!((c.value_decimals, c.benchmark_value_decimals), (2, 2));
        assert_eq!(c.relation.as_deref(), Some("lower"));
        // A benchmark figure before its name.
        let c = claim("100% of homes were rated good compared to the 75.99% England average.");
        assert_eq!((c.value, c.benchmark_value), (Some(100.0), Some(75.99)));
        // A second benchmark joined to the first shares its figure.
        let all = all_claims(
            "61.68% found it easy, which was similar to the England average of 61.26%, and higher than the regional average of 58.35%.",
        );
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].value, Some(61.68));
        assert_eq!(all[1].relation.as_deref(), Some("higher"));
        // A comparative before the figure, "than average (...)".
        let c = claim("Fewer carers (75.00%) than average (85.22%) found advice helpful.");
        assert_eq!(c.relation.as_deref(), Some("fewer"));
        assert_eq!(c.benchmark, "average");
        // Relations not said of the figure are dropped.
        for text in [
            "81% found advice helpful, and the share who felt safe was higher than the England average of 85%.",
            "There are more than 85 languages and 17% of people are over 65, compared to the national average of 14%.",
            "More people (45%) were satisfied in 2024 than in 2023, compared to the England average of 50%.",
            "45% of people felt better about themselves with the England average at 44%.",
        ] {
            assert_eq!(claim(text).relation, None, "{text}");
        }
        // Bounds and two figures leave the claim without a figure.
        assert_eq!(
            claim("Over 70% were satisfied, which was lower than the England average of 61%.")
                .value,
            None
        );
        assert_eq!(
            claim("Reviews rose from 40% to 45%, lower than the England average of 42%.").value,
            None
        );
    }
}
