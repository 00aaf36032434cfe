//! Figures as printed: a number stands for the interval its last printed
//! digit allows (`18.73%` is [18.725, 18.735], `15%` is [14.5, 15.5], `£1.2
//! million` is [1.15, 1.25] million), so a check between figures fails
//! only when no values inside the intervals satisfy it, and a figure
//! rounded the usual way never draws a finding.
//!
//! Every kind that compares printed figures reads them here: `arithmetic`
//! (sums, shares, parts), `comparison` (a figure against a benchmark) and
//! `claim-agreement` (one measure stated twice).

use std::cmp::Ordering;

/// A figure at its printed precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// Half the unit of the last printed digit.
    pub half: f64,
}

impl Figure {
    pub fn lo(self) -> f64 {
        self.value - self.half
    }

    pub fn hi(self) -> f64 {
        self.value + self.half
    }
}

/// Whether a percent sign (or "per cent") follows the figure ending at
/// `end`.
pub fn is_percentage_at(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    // The figure's decimals, when the capture stopped at the point.
    let rest = match rest.strip_prefix('.') {
        Some(decimals) if decimals.starts_with(|c: char| c.is_ascii_digit()) => {
            decimals.trim_start_matches(|c: char| c.is_ascii_digit())
        }
        _ => rest,
    };
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    rest.starts_with('%')
        || rest
            .get(..8)
            .is_some_and(|w| w.eq_ignore_ascii_case("per cent"))
        || rest
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("percent"))
}

/// Small slack for binary floating point at interval ends.
pub const EPS: f64 = 1e-9;

/// Reads a printed figure: `£589,322,000`, `18.73%`, `£1.2 million`,
/// `54 per cent`, `none`.
pub fn parse_figure(text: &str, thousands_rounded: bool) -> Option<Figure> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "none" | "no" | "nil" | "zero") {
        return Some(Figure {
            value: 0.0,
            half: 0.0,
        });
    }
    let body = lower.trim_start_matches('\u{a3}').trim_start();
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(body.len());
    let digits = body.get(..end)?.trim_end_matches(['.', ',']);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    let value: f64 = plain.parse().ok()?;
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
    let rest = body.get(end..).unwrap_or("").trim();
    let percent = rest.starts_with('%') || rest.starts_with("per");
    let rest = rest
        .trim_start_matches('%')
        .trim_start_matches("per cent")
        .trim_start_matches("percent")
        .trim();
    let word = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let scale = match word {
        "million" | "m" => 1e6,
        "billion" | "bn" => 1e9,
        "thousand" | "k" => 1e3,
        _ => 1.0,
    };
    let mut unit = 10f64.powi(-(decimals.min(12) as i32));
    if decimals == 0 && scale == 1.0 && !percent {
        // A whole count or sum of money is exact, unless it is read as
        // rounded to thousands.
        unit = 0.0;
    }
    if thousands_rounded && decimals == 0 && scale == 1.0 && !percent {
        let mut groups = digits;
        while let Some(rest) = groups.strip_suffix(",000") {
            unit = unit.max(1.0) * 1000.0;
            groups = rest;
        }
    }
    Some(Figure {
        value: value * scale,
        half: unit * scale / 2.0,
    })
}

/// `value` printed the way `like` is: currency sign, `%`, decimals,
/// thousands separators, `million`.
pub fn print_like(value: f64, like: &str) -> String {
    let like = like.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let lower = like.to_ascii_lowercase();
    let pound = like.starts_with('\u{a3}');
    let percent = like.contains('%');
    let (scale, word) = if lower.contains("billion") {
        (1e9, " billion")
    } else if lower.contains("million") {
        (1e6, " million")
    } else {
        (1.0, "")
    };
    let decimals = like.split_once('.').map_or(0, |(_, d)| {
        d.chars().take_while(char::is_ascii_digit).count()
    });
    let scaled = value / scale;
    let text = format!("{:.*}", decimals, scaled.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = if like.contains(',') || int.len() > 4 {
        group_thousands(int)
    } else {
        int.to_string()
    };
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    if pound {
        out.push('\u{a3}');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out.push_str(word);
    if percent {
        out.push('%');
    }
    out
}

pub fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A percentage for messages: two more decimals than printed, at most 4.
pub fn print_percent(value: f64, decimals: usize) -> String {
    format!("{:.*}%", (decimals + 2).min(4), value)
}

pub fn decimals_of(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, d)| {
        d.chars().take_while(char::is_ascii_digit).count()
    })
}

/// How `a` (printed with `da` decimals) compares with `b` (`db` decimals):
/// at the same precision, as printed (equal printed figures are equal);
/// otherwise only when the ranges the printed figures stand for do not
/// overlap.
pub fn order(a: f64, da: u8, b: f64, db: u8) -> Option<Ordering> {
    let scale = |d: u8| 10f64.powi(i32::from(d.min(12)));
    if da == db {
        let s = scale(da);
        return (a * s).round().partial_cmp(&(b * s).round());
    }
    let (ha, hb) = (0.5 / scale(da), 0.5 / scale(db));
    if a - ha >= b + hb - 1e-9 {
        Some(Ordering::Greater)
    } else if a + ha <= b - hb + 1e-9 {
        Some(Ordering::Less)
    } else {
        None
    }
}

/// Whether two printed figures can be the same value: equal at the same
/// precision, or the more precise one rounds to the other.
pub fn same_printed(a: f64, da: u8, b: f64, db: u8) -> bool {
    let scale = |d: u8| 10f64.powi(i32::from(d.min(12)));
    if da == db {
        let s = scale(da);
        return (a * s).round() == (b * s).round();
    }
    let (coarse, fine, d) = if da < db { (a, b, da) } else { (b, a, db) };
    (fine - coarse).abs() <= 0.5 / scale(d) + 1e-9
}

/// The whole numbers `k` of a count `n` whose share `k / n` prints as the
/// percentage `share`: `Ok(k)` for the first, or `Err((below, above))`, the
/// counts either side when none does.
pub fn count_for_share(share: Figure, n: f64) -> Result<f64, (f64, f64)> {
    let lo = ((share.lo() * n / 100.0) - EPS).ceil().max(0.0);
    let hi = ((share.hi() * n / 100.0) + EPS).floor().min(n);
    if lo <= hi {
        Ok(lo)
    } else {
        Err((hi.max(0.0), lo.min(n)))
    }
}

/// The smallest count, up to `limit`, of which every printed percentage in
/// `shares` is a whole number.
pub fn smallest_whole(shares: &[Figure], limit: u32) -> Option<u32> {
    (1..=limit).find(|&n| {
        shares
            .iter()
            .all(|share| count_for_share(*share, f64::from(n)).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(text: &str) -> (f64, f64) {
        let f = parse_figure(text, false).expect("a figure");
        (f.value, f.half)
    }

    #[test]
    fn figures_at_printed_precision() {
        assert_eq!(fig("£589,322,000"), (589_322_000.0, 0.0));
        assert_eq!(fig("545"), (545.0, 0.0));
        assert_eq!(fig("**18.73%**").0, 18.73);
        assert!((fig("18.73%").1 - 0.005).abs() < 1e-12);
        assert_eq!(fig("15%"), (15.0, 0.5));
        assert_eq!(fig("£1.2 million"), (1_200_000.0, 50_000.0));
        assert_eq!(fig("54 per cent"), (54.0, 0.5));
        assert_eq!(fig("none"), (0.0, 0.0));
        assert_eq!(parse_figure("£ and", false), None);
        let rounded = parse_figure("£608,572,000", true).expect("a figure");
        assert_eq!(rounded.half, 500.0);
    }

    #[test]
    fn printing_like_the_text() {
        assert_eq!(print_like(19_250_000.0, "£19,520,000"), "£19,250,000");
        assert_eq!(print_like(1_250_000.0, "£1.2 million"), "£1.2 million");
        assert_eq!(print_like(295.0, "29"), "295");
        assert_eq!(print_percent(18.730_66, 2), "18.7307%");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }

    #[test]
    fn printed_order() {
        assert_eq!(order(20.69, 2, 15.99, 2), Some(Ordering::Greater));
        assert_eq!(order(20.7, 1, 20.7, 1), Some(Ordering::Equal));
        assert_eq!(order(61.2, 1, 61.21, 2), None);
        assert_eq!(order(61.2, 1, 61.3, 2), Some(Ordering::Less));
        assert_eq!(order(35.0, 0, 30.0, 0), Some(Ordering::Greater));
    }

    #[test]
    fn printed_sameness() {
        assert!(same_printed(61.2, 1, 61.21, 2));
        assert!(same_printed(55.10, 2, 55.1, 1));
        assert!(!same_printed(55.1, 1, 55.2, 1));
        assert!(!same_printed(61.2, 1, 61.26, 2));
    }

    #[test]
    fn shares_of_a_count() {
        let pc = |t: &str| parse_figure(t, false).expect("a share");
        assert_eq!(count_for_share(pc("11.5%"), 26.0), Ok(3.0));
        assert_eq!(count_for_share(pc("11.4%"), 26.0), Err((2.0, 3.0)));
        assert_eq!(count_for_share(pc("0%"), 26.0), Ok(0.0));
        assert_eq!(count_for_share(pc("100%"), 26.0), Ok(26.0));
        // 58%, 25% and 17% of 24 are 14, 6 and 4; 27% is of no count below 11.
        let shares = [pc("58%"), pc("25%"), pc("17%")];
        assert_eq!(smallest_whole(&shares, 1000), Some(12));
        assert_eq!(smallest_whole(&[pc("27%")], 1000), Some(11));
        assert_eq!(smallest_whole(&[pc("33.3%"), pc("66.7%")], 1000), Some(3));
    }
}
