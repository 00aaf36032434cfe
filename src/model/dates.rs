//! Calendar dates as reports write them: `22 November 2022`, `1st March
//! 2024`, and ranges such as `18 to 19 October 2022`, `7 and 8 June 2022` or
//! `30 November to 2 December 2022`.

use serde::Serialize;

pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A day, month and year as written. `valid` is false for dates that do not
/// exist (31 June, 29 February 2023): a finding, not a parse failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub valid: bool,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Self {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        Self {
            year,
            month,
            day,
            valid,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let month = MONTHS
            .get(usize::from(self.month).wrapping_sub(1))
            .map_or("?".to_string(), |m| capitalise(m));
        write!(f, "{} {} {}", self.day, month, self.year)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// First and last day of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The month number of an English month name or its three-letter form.
pub fn month_number(word: &str) -> Option<u8> {
    let lower = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|m| {
            *m == lower
                || (lower.len() == 3 && m.starts_with(&lower))
                || (lower == "sept" && *m == "september")
        })
        .map(|i| i as u8 + 1)
}

fn day_number(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !suffix.is_empty() && !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Parses `22 November 2022` (also `Tuesday 22 November 2022`, `22nd Nov
/// 2022`, `November 22, 2022`).
pub fn parse_date(text: &str) -> Option<Date> {
    let mut w = words(text);
    if w.first().is_some_and(|d| d.ends_with("day")) {
        w.remove(0);
    }
    match w.as_slice() {
        [d, m, y] => {
            if let (Some(day), Some(month), Some(year)) =
                (day_number(d), month_number(m), year_number(y))
            {
                return Some(Date::new(year, month, day));
            }
            let (month, day, year) = (month_number(d)?, day_number(m)?, year_number(y)?);
            Some(Date::new(year, month, day))
        }
        _ => None,
    }
}

/// Parses a two-date range joined by `to`, `and`, `until` or a dash.
pub fn parse_date_range(text: &str) -> Option<DateRange> {
    let normalized = text.replace(['\u{2013}', '\u{2014}'], " - ");
    let lower = normalized.to_lowercase();
    let (left, right) = [" to ", " and ", " until ", " - ", "-"]
        .iter()
        .find_map(|sep| {
            lower
                .find(sep)
                .map(|i| (&normalized[..i], &normalized[i + sep.len()..]))
        })?;
    let end = parse_date(right)?;
    let left_words = words(left);
    let start = match left_words.as_slice() {
        [d] => Date::new(end.year, end.month, day_number(d)?),
        // "28 December to 8 January 2019": a start month after the end's
        // is in the year before.
        [d, m] => {
            let month = month_number(m)?;
            let year = if month > end.month {
                end.year - 1
            } else {
                end.year
            };
            Date::new(year, month, day_number(d)?)
        }
        _ => parse_date(left)?,
    };
    Some(DateRange { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_over_new_year_starts_in_the_year_before() {
        let range = parse_date_range("28 December to 8 January 2019").expect("a range");
        assert_eq!(range.start, Date::new(2018, 12, 28));
        assert_eq!(range.end, Date::new(2019, 1, 8));
        let range = parse_date_range("14 to 3 December 2018").expect("a range");
        assert!(range.start > range.end, "a reversed range stays reversed");
    }

    #[test]
    fn dates_as_reports_write_them() {
        assert_eq!(
            parse_date("22 November 2022"),
            Some(Date::new(2022, 11, 22))
        );
        assert_eq!(parse_date("1st Mar 2024"), Some(Date::new(2024, 3, 1)));
        assert_eq!(
            parse_date("November 22, 2022"),
            Some(Date::new(2022, 11, 22))
        );
        assert!(!Date::new(2023, 2, 29).valid);
        assert!(Date::new(2024, 2, 29).valid);
        assert_eq!(parse_date("22 Smarch 2022"), None);
        assert_eq!(Date::new(2022, 6, 7).to_string(), "7 June 2022");
    }

    #[test]
    fn two_day_visits_in_every_form() {
        let oct = |d| Date::new(2022, 10, d);
        assert_eq!(
            parse_date_range("18 to 19 October 2022"),
            Some(DateRange {
                start: oct(18),
                end: oct(19)
            })
        );
        assert_eq!(
            parse_date_range("7 and 8 June 2022").map(|r| r.start),
            Some(Date::new(2022, 6, 7))
        );
        assert_eq!(
            parse_date_range("30 November to 2 December 2022"),
            Some(DateRange {
                start: Date::new(2022, 11, 30),
                end: Date::new(2022, 12, 2)
            })
        );
        assert_eq!(
            parse_date_range("18\u{2013}19 October 2022").map(|r| r.start),
            Some(oct(18))
        );
        assert_eq!(parse_date_range("sometime in October"), None);
    }
}
