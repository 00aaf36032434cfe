//! `dates`: dates must be real, in the right order, and agree with what they
//! imply. One rule checks one of three things:
//!
//! - `real`: every date written in scope exists (no 31 June, no 29 February
//!   2023, no financial year `2023/13`);
//! - `order`: one field's date is on or after another's (a letter is dated
//!   after its visit; an assessment is published after its data year);
//! - `honorific`: a word that depends on a date matches it (His or Her
//!   Majesty's Inspector, by a switch date).
//!
//! Field values are read at the precision they are written: a full date, a
//! date range, `March 2023`, `2019` or a financial year `2022/23` (1 April to
//! 31 March). An order is reported only when it is certainly wrong at that
//! precision; `2019` against `18 October 2019` says nothing.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::model::dates::{days_in_month, is_leap_year, month_number, parse_date, Date};
use crate::model::Report;
use crate::rules::search::pattern::Pattern;
use crate::rules::search::scope::{FieldRef, Scope};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Report every date in `scope` that does not exist.
    #[serde(default)]
    pub real: bool,
    /// Where `real` looks (default: everywhere).
    #[serde(default)]
    pub scope: Scope,
    /// Two fields whose dates must come in order.
    #[serde(default)]
    pub order: Option<Box<Order>>,
    /// A word whose right form depends on a date.
    #[serde(default)]
    pub honorific: Option<Box<Honorific>>,
}

/// `later` must fall on or after `earlier` (strictly after with `strict`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    pub later: FieldRef,
    pub earlier: FieldRef,
    /// The same day is wrong too.
    #[serde(default)]
    pub strict: bool,
    /// `earlier` is a period that must be over (a financial year whose
    /// actual spend is reported), not one day written imprecisely (`2019`).
    #[serde(default)]
    pub whole_period: bool,
    /// Which date the finding points at, the one more likely wrong:
    /// `later` (the default) or `earlier`.
    #[serde(default)]
    pub point_at: Side,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    #[default]
    Later,
    Earlier,
}

/// Before `switch` the right word is `before`, from it on `after`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Honorific {
    /// Where the word is written: a regex with a group `word`.
    pub pattern: Pattern,
    /// Read the pattern only in these fields (the inspectors' title in the
    /// opening and under the signature), so that a sentence about an
    /// earlier inspection keeps its own word; empty: the whole text.
    #[serde(default)]
    pub within: Vec<FieldRef>,
    /// The dates that decide; the word is known only when all that the
    /// report states fall on the same side of `switch`.
    pub dates: Vec<FieldRef>,
    /// The first day of the `after` form, as `8 September 2022`.
    pub switch: String,
    pub before: String,
    pub after: String,
}

/// A day as (year, month, day), comparable.
type Day = (i32, u8, u8);

/// The days a written value may mean, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    first: Day,
    last: Day,
}

impl Period {
    fn day(d: Date) -> Option<Self> {
        d.valid.then_some(Self {
            first: (d.year, d.month, d.day),
            last: (d.year, d.month, d.day),
        })
    }
}

fn show(day: Day) -> String {
    Date::new(day.0, day.1, day.2).to_string()
}

/// A rule of this kind: its parameters, the honorific's with the day its
/// `after` form starts.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    honorific: Option<(Box<Honorific>, Day)>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(mut self) -> Result<Rule, String> {
        let set = usize::from(self.real)
            + usize::from(self.order.is_some())
            + usize::from(self.honorific.is_some());
        if set != 1 {
            return Err("give exactly one of `real`, `order` and `honorific`".into());
        }
        let mut honorific = None;
        if let Some(h) = self.honorific.take() {
            let date = parse_date(&h.switch)
                .filter(|d| d.valid)
                .ok_or_else(|| format!("`switch` `{}` is not a date", h.switch))?;
            if h.pattern.regex().capture_names().all(|n| n != Some("word")) {
                return Err("`honorific.pattern` needs a group `word`".into());
            }
            if h.dates.is_empty() {
                return Err("`honorific.dates` names no field".into());
            }
            honorific = Some((h, (date.year, date.month, date.day)));
        }
        Ok(Rule {
            params: self,
            honorific,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        if self.params.real {
            self.params.run_real(ctx, sink);
        }
        if let Some(order) = &self.params.order {
            run_order(order, ctx, sink);
        }
        if let Some((h, switch)) = &self.honorific {
            run_honorific(h, *switch, ctx, sink);
        }
    }
}

/// The period a field stands for, with the span and text to show.
fn period_of(r: &FieldRef, report: &Report, text: &str) -> Option<(Period, Span, String)> {
    let field = r.field(report)?;
    if let Some(range) = field.date_range {
        let (start, end) = (Period::day(range.start)?, Period::day(range.end)?);
        // A range that ends before it starts is no period, but each of its
        // days is still a date (and a rule can compare the two).
        let reversed = end.first < start.first;
        return match r.part.as_deref() {
            Some("start") => Some((start, field.span, range.start.to_string())),
            Some("end") => Some((end, field.span, range.end.to_string())),
            _ if reversed => None,
            _ => Some((
                Period {
                    first: start.first,
                    last: end.last,
                },
                field.span,
                field.value.clone(),
            )),
        };
    }
    if let Some(date) = field.date {
        return Some((Period::day(date)?, field.span, date.to_string()));
    }
    let (value, span) = r.text(report, text)?;
    Some((parse_period(&value)?, span, value.trim().to_string()))
}

/// Reads a full date, `Month yyyy`, `yyyy` or a financial year `yyyy/yy`.
fn parse_period(value: &str) -> Option<Period> {
    let value = value.trim();
    if let Some(date) = parse_date(value) {
        return Period::day(date);
    }
    let words: Vec<&str> = value.split_whitespace().collect();
    let year = |w: &str| -> Option<i32> {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    match words.as_slice() {
        [m, y] => {
            let (month, year) = (month_number(m)?, year(y)?);
            Some(Period {
                first: (year, month, 1),
                last: (year, month, days_in_month(year, month)),
            })
        }
        [y] => {
            if let Some(year) = year(y) {
                return Some(Period {
                    first: (year, 1, 1),
                    last: (year, 12, 31),
                });
            }
            let (a, b) = y.split_once(['/', '-', '\u{2013}'])?;
            let start = year(a)?;
            let end = financial_year_end(start, b)?;
            Some(Period {
                first: (start, 4, 1),
                last: (end, 3, 31),
            })
        }
        _ => None,
    }
}

/// The year a financial year starting in `start` and written `start/second`
/// ends in, when it is one year on (`2022/23`, `2022/2023`).
fn financial_year_end(start: i32, second: &str) -> Option<i32> {
    let n: i32 = second.parse().ok()?;
    let end = match second.len() {
        2 => start - start % 100 + n + if n < start % 100 { 100 } else { 0 },
        4 => n,
        _ => return None,
    };
    (end == start + 1).then_some(end)
}

fn run_order(order: &Order, ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let text = ctx.source.text();
    let (Some((later, later_span, later_text)), Some((earlier, earlier_span, earlier_text))) = (
        period_of(&order.later, ctx.report, text),
        period_of(&order.earlier, ctx.report, text),
    ) else {
        return;
    };
    // Certainly wrong only when every day `later` may mean comes before (or,
    // strictly, not after) every day `earlier` may mean.
    let bound = if order.whole_period {
        earlier.last
    } else {
        earlier.first
    };
    let wrong = if order.strict {
        later.last <= bound
    } else {
        later.last < bound
    };
    if !wrong {
        return;
    }
    let (l, e) = (order.later.label(), order.earlier.label());
    if order.point_at == Side::Earlier {
        let relation = if later.last == bound {
            "the same day as"
        } else if order.whole_period {
            "not over before"
        } else {
            "after"
        };
        sink.report(
            format!("{e} ({earlier_text}) is {relation} {l} ({later_text})"),
            Label::new(earlier_span, format!("{earlier_text}, {relation} {l}")),
            vec![Label::new(later_span, format!("{l}: {later_text}"))],
        );
        return;
    }
    let relation = if later.last == bound {
        "the same day as"
    } else if order.whole_period {
        "before the end of"
    } else {
        "before"
    };
    sink.report(
        format!("{l} ({later_text}) is {relation} {e} ({earlier_text})"),
        Label::new(
            later_span,
            format!("{later_text}, {relation} {}", show(bound)),
        ),
        vec![Label::new(earlier_span, format!("{e}: {earlier_text}"))],
    );
}

/// `switch` is the first day of the `after` form.
fn run_honorific(h: &Honorific, switch: Day, ctx: &Context<'_>, sink: &mut Sink<'_>) {
    let text = ctx.source.text();
    let periods: Vec<_> = h
        .dates
        .iter()
        .filter_map(|r| period_of(r, ctx.report, text).map(|p| (r, p)))
        .collect();
    let Some((first_ref, (_, first_span, first_text))) = periods.first() else {
        return;
    };
    let all_after = periods.iter().all(|(_, (p, _, _))| p.first >= switch);
    let all_before = periods.iter().all(|(_, (p, _, _))| p.last < switch);
    let (expected, wrong) = if all_after {
        (&h.after, &h.before)
    } else if all_before {
        (&h.before, &h.after)
    } else {
        return;
    };
    let rule = if all_after {
        format!("from {} it reads `{expected}`", show(switch))
    } else {
        format!("before {} it reads `{expected}`", show(switch))
    };
    let places: Vec<Span> = if h.within.is_empty() {
        vec![Span::new(0, text.len())]
    } else {
        let mut spans: Vec<Span> = h
            .within
            .iter()
            .filter_map(|r| r.text(ctx.report, text).map(|(_, span)| span))
            .collect();
        spans.sort();
        spans.dedup();
        spans
    };
    for place in places {
        honorific_in(
            h,
            text,
            place,
            expected,
            wrong,
            &rule,
            first_ref,
            *first_span,
            first_text,
            sink,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn honorific_in(
    h: &Honorific,
    text: &str,
    place: Span,
    expected: &str,
    wrong: &str,
    rule: &str,
    first_ref: &FieldRef,
    first_span: Span,
    first_text: &str,
    sink: &mut Sink<'_>,
) {
    // A field's span may hold only the word (`Her`): read on to the end of
    // its line, and take only a match that starts at the field.
    let whole_text = place.start == 0 && place.end == text.len();
    let end = if whole_text {
        place.end
    } else {
        text.get(place.start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |n| place.start + n)
            .max(place.end)
    };
    let haystack = text.get(place.start..end).unwrap_or("");
    for caps in h.pattern.regex().captures_iter(haystack) {
        let Some(word) = caps.name("word") else {
            continue;
        };
        if !whole_text && caps.get(0).is_some_and(|m| m.start() != 0) {
            break;
        }
        if !word.as_str().eq_ignore_ascii_case(wrong) {
            continue;
        }
        let whole = caps.get(0).map_or(word.as_str(), |m| m.as_str());
        sink.report(
            format!(
                "`{whole}`, but {} is {first_text}: {rule}",
                first_ref.label()
            ),
            Label::new(
                Span::new(place.start + word.start(), place.start + word.end()),
                format!("`{expected}` here"),
            ),
            vec![Label::new(first_span, first_ref.label())],
        );
    }
}

/// Dates as reports write them: `31 June 2023`, `30 to 31 June`, `31/06/2023`,
/// and financial years `2023/24`.
/// A written date: `30 June 2023`, `18 to 19 October`, `31/12/2023`, or a
/// financial year (`2023/24`, left to the arithmetic kind).
fn date_pattern() -> String {
    let months = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
    let suffix = "(?:st|nd|rd|th)?";
    let day = "(?:[12][0-9]|3[01]|0?[1-9])";
    format!(
        r"(?i)(?-u:\b)(?:(?P<d0>{day}){suffix}\s*(?:to|and|-|–|&)\s*)?(?P<d>{day}){suffix}\s+(?P<m>{months})\.?(?-u:\b)(?:,?\s+(?P<y>\d{{4}})(?-u:\b))?|(?-u:\b)(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})/(?P<ny>\d{{4}})(?-u:\b)|(?-u:\b)(?P<fy>(?:19|20)\d\d)(?:/|-|–)(?P<fy2>\d{{2,4}})(?-u:\b)"
    )
}

/// [`date_pattern`], anchored at the start.
fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!("^(?:{})", date_pattern()))
            .unwrap_or_else(|e| unreachable!("date regex: {e}"))
    })
}

/// The dates written in `text`, each with its offset: the matches a search
/// of [`date_pattern`] over the text finds. Every date starts with a digit
/// that starts a word, so the regex runs anchored at those digits only: a
/// search of all the text is several times slower, as nothing literal
/// starts a date.
fn dates_in(text: &str) -> impl Iterator<Item = (usize, regex::Captures<'_>)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(next) = next_digit(bytes, at) {
            at = next;
            let starts_number = !at
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_some_and(|&b| word(b));
            if starts_number {
                // Most numbers are no date: the DFA says so without the
                // cost of capture groups.
                let found = text
                    .get(at..)
                    .filter(|rest| date_regex().is_match(rest))
                    .and_then(|rest| date_regex().captures(rest));
                if let Some(caps) = found {
                    let start = at;
                    at += caps.get(0).map_or(1, |m| m.end().max(1));
                    return Some((start, caps));
                }
            }
            at += 1;
        }
        None
    })
}

/// Where the first ASCII digit at or after `from` is. Whole blocks of 32
/// bytes are tested without an early exit, which the compiler vectorises;
/// most of a report's text holds no digit.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut at = from;
    while let Some(block) = bytes.get(at..at + BLOCK) {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            break;
        }
        at += BLOCK;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(u8::is_ascii_digit).map(|i| at + i)
}

impl Params {
    fn run_real(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        // One pass over the whole text; each match is kept when a unit in
        // scope holds it.
        let in_scope = self.scope.read(ctx);
        for (at, caps) in dates_in(text) {
            let Some(whole) = caps.get(0) else {
                continue;
            };
            let span = Span::new(at + whole.start(), at + whole.end());
            if in_scope.unit_at(span).is_none() {
                continue;
            }
            if let Some(message) = impossible(&caps) {
                let written = whole.as_str();
                sink.report(
                    format!("`{written}` is not a real date: {message}"),
                    Label::new(span, message.clone()),
                    Vec::new(),
                );
            }
        }
    }
}

/// Why a matched date cannot exist, if it cannot.
fn impossible(caps: &regex::Captures<'_>) -> Option<String> {
    let num = |name: &str| -> Option<u32> { caps.name(name)?.as_str().parse().ok() };
    // Years such as `2023/23` are the arithmetic kind's
    // (`common/financial-year-consecutive`): one defect, one finding.
    if caps.name("fy").is_some() {
        return None;
    }
    let (day, month, year) = if caps.name("nd").is_some() {
        (num("nd")?, num("nm")?, num("ny").map(|y| y as i32))
    } else {
        (
            num("d")?,
            u32::from(month_number(caps.name("m")?.as_str())?),
            num("y").map(|y| y as i32),
        )
    };
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let month = month as u8;
    // Without a year, 29 February may be real.
    let max = match year {
        Some(y) => days_in_month(y, month),
        None if month == 2 => 29,
        None => days_in_month(2024, month),
    };
    let name = crate::model::dates::MONTHS
        .get(usize::from(month) - 1)
        .copied()
        .unwrap_or("?");
    let check = |d: u32| -> Option<String> {
        if d == 0 {
            return Some("there is no day 0".into());
        }
        if d <= u32::from(max) {
            return None;
        }
        Some(match year {
            Some(y) if month == 2 && d == 29 && !is_leap_year(y) => {
                format!("{y} is not a leap year")
            }
            _ => format!("{} has {max} days", capitalised(name)),
        })
    };
    check(day).or_else(|| num("d0").and_then(check))
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The block-wise search finds the digit a byte-by-byte one finds.
        #[test]
        fn next_digit_is_the_first_digit(text in "([a-z .]{0,40}[0-9]?){0,4}", from in 0usize..100) {
            let bytes = text.as_bytes();
            let naive = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
                .map(|i| from + i);
            proptest::prop_assert_eq!(next_digit(bytes, from), naive);
        }
    }

    #[test]
    fn periods_at_the_precision_written() {
        assert_eq!(
            parse_period("2019"),
            Some(Period {
                first: (2019, 1, 1),
                last: (2019, 12, 31)
            })
        );
        assert_eq!(
            parse_period("2022/23"),
            Some(Period {
                first: (2022, 4, 1),
                last: (2023, 3, 31)
            })
        );
        assert_eq!(parse_period("2022/25"), None);
        assert_eq!(
            parse_period("March 2023").map(|p| p.last),
            Some((2023, 3, 31))
        );
        assert_eq!(parse_period("1999/00").map(|p| p.last), Some((2000, 3, 31)));
    }

    fn find(text: &str) -> Vec<Option<String>> {
        dates_in(text).map(|(_, c)| impossible(&c)).collect()
    }

    #[test]
    fn dates_are_the_matches_of_a_search_of_the_text() {
        let search = Regex::new(&date_pattern()).expect("date pattern");
        let text = "On 30 to 31 June 2023, 1st March, x12 May, 2023/24, 12/3/2024; \
                    a12 June, 7 Sept. 2020 and 2022-2025 (3 and 4 July) 2019–20 £5 March";
        let searched: Vec<(usize, usize)> = search
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let anchored: Vec<(usize, usize)> = dates_in(text)
            .filter_map(|(at, c)| c.get(0).map(|m| (at + m.start(), at + m.end())))
            .collect();
        assert_eq!(anchored, searched);
        assert_eq!(searched.len(), 9);
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(
            find("on 31 June 2023"),
            vec![Some("June has 30 days".into())]
        );
        assert_eq!(
            find("29 February 2023"),
            vec![Some("2023 is not a leap year".into())]
        );
        assert_eq!(find("29 February 2024 and 29 February"), vec![None, None]);
        assert_eq!(find("30 to 31 June 2023").len(), 1);
        assert!(find("30 to 31 June 2023")[0].is_some());
        // Financial years are the arithmetic kind's to judge.
        assert_eq!(find("in 2023/13"), vec![None]);
        assert_eq!(
            find("2023/24 and 2022/25 and 2023-2026"),
            vec![None, None, None]
        );
        assert_eq!(
            find("31/13/2023"),
            vec![Some("there is no month 13".into())]
        );
        assert_eq!(find("18 to 19 October 2022, 1st March"), vec![None, None]);
    }
}
