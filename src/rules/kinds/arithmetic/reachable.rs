//! `share_reachable`: a percentage of a stated count is a whole number of
//! it. "26 schemes, of which 11.4%" cannot be: 3 of 26 is 11.5% and 2 of 26
//! is 7.7%.
//!
//! With `more`, the shares that follow in the same unit are read as shares
//! of the same count ("Of the 24 carers who replied, 58% ..., 25% ... and
//! 17% ..."), up to the first gap that `until` finds something in (a
//! benchmark, a comparison, a sub-count: a share after those is of another
//! whole). Each must be a whole number of the count; where one is not, the
//! finding also names the smallest count that gives every share of the
//! list, which often shows which figure is mistyped.

use serde::Deserialize;

use super::{Capture, Captured, Gather, Params, Rest};
use crate::finding::Label;
use crate::rules::figure::{count_for_share, decimals_of, smallest_whole, Figure, EPS};
use crate::rules::search::pattern::Pattern;
use crate::rules::Sink;
use crate::span::Span;

/// `percent` of the count `whole` is `k / whole` for some whole number `k`
/// from 0 to `whole`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareReachable {
    pub whole: String,
    pub percent: String,
    /// Further shares of the same count later in the unit.
    #[serde(default)]
    pub more: Option<MoreShares>,
}

/// How further shares of the same count are found after the first.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoreShares {
    /// A regex for one further share, with a group of the same name as
    /// `percent`. Its match may take in the word after the share, so that
    /// `until` can see it ("5% higher").
    pub share: Pattern,
    /// A regex that ends the list when it finds something in the text
    /// between two shares, or in a share's own match: the words of a
    /// benchmark or comparison ("average", "compared", "than"), a sub-count
    /// ("of whom"), another figure.
    pub until: Pattern,
}

/// The largest count shares are divided by: a larger whole (a population)
/// gives every share a printed percentage can have.
const COUNTABLE: f64 = 10_000.0;

impl ShareReachable {
    pub(super) fn validate(&self, gather: Gather) -> Result<(), String> {
        let Some(more) = &self.more else {
            return Ok(());
        };
        if gather != Gather::Match {
            return Err("`more` reads on after each match: use `gather: match`".into());
        }
        if !more
            .share
            .regex()
            .capture_names()
            .flatten()
            .any(|n| n == self.percent)
        {
            return Err(format!(
                "`more.share` has no group named `{}`",
                self.percent
            ));
        }
        Ok(())
    }

    /// The shares after the first, up to the first gap `until` stops at.
    fn more_shares(&self, rest: Rest<'_>) -> Vec<Capture> {
        let Some(more) = &self.more else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut at = 0;
        for caps in more.share.regex().captures_iter(rest.text) {
            let (Some(m), Some(share)) = (caps.get(0), caps.name(&self.percent)) else {
                continue;
            };
            let gap = rest.text.get(at..m.start()).unwrap_or("");
            if more.until.regex().is_match(gap) || more.until.regex().is_match(m.as_str()) {
                break;
            }
            found.push(Capture {
                group: self.percent.clone(),
                text: share.as_str().to_string(),
                span: Span::new(rest.base + share.start(), rest.base + share.end()),
            });
            at = m.end();
        }
        found
    }
}

impl Params {
    pub(super) fn share_reachable(
        &self,
        r: &ShareReachable,
        captured: &Captured,
        rest: Option<Rest<'_>>,
        sink: &mut Sink<'_>,
    ) {
        let (Some(whole), Some(first)) = (captured.get(&r.whole), captured.get(&r.percent)) else {
            return;
        };
        let Some(fw) = self.figure(whole) else {
            return;
        };
        // Only an exact count can be divided; a rounded or huge whole (a
        // population) reaches every share.
        if fw.half != 0.0 || fw.value < 1.0 || fw.value > COUNTABLE {
            return;
        }
        let mut shares = vec![first.clone()];
        if let Some(rest) = rest {
            shares.extend(r.more_shares(rest));
        }
        let figures: Vec<(Capture, Figure)> = shares
            .into_iter()
            .filter_map(|c| self.figure(&c).map(|f| (c, f)))
            .filter(|(_, f)| f.hi() <= 100.0 + EPS)
            .collect();
        let n = fw.value;
        let wrong: Vec<(&Capture, (f64, f64))> = figures
            .iter()
            .filter_map(|(c, f)| count_for_share(*f, n).err().map(|either| (c, either)))
            .collect();
        let Some(&(share, (below, above))) = wrong.first() else {
            return;
        };
        // One decimal more than printed: enough to see why neither fits.
        let decimals = decimals_of(&share.text);
        let shown = |k: f64| format!("{:.*}%", decimals + 1, k / n * 100.0);
        let whole_name = self.name(&whole.group);
        let mut message = format!(
            "{} of {} is no whole number of them: {below} of {n} is {} and {above} of {n} is {}",
            share.text.trim(),
            whole.text.trim(),
            shown(below),
            shown(above)
        );
        if figures.len() > 1 {
            let printed: Vec<&str> = figures.iter().map(|(c, _)| c.text.trim()).collect();
            let all: Vec<Figure> = figures.iter().map(|(_, f)| *f).collect();
            let fits = smallest_whole(&all, COUNTABLE as u32)
                .map_or_else(|| format!("above {COUNTABLE}"), |d| d.to_string());
            let shares = match figures.len() {
                2 => "both shares".to_string(),
                n => format!("all {n} shares"),
            };
            message.push_str(&format!(
                "; the smallest count that gives {shares} stated of it ({}) is {fits}",
                printed.join(", ")
            ));
        }
        let mut related = vec![Label::new(
            whole.span,
            format!("{whole_name} {}", whole.text.trim()),
        )];
        for (other, (b, a)) in wrong.iter().skip(1) {
            let decimals = decimals_of(&other.text);
            let shown = |k: f64| format!("{:.*}%", decimals + 1, k / n * 100.0);
            related.push(Label::new(
                other.span,
                format!("also no whole number: {} or {}", shown(*b), shown(*a)),
            ));
        }
        sink.report(
            message,
            Label::new(share.span, format!("{} or {}", shown(below), shown(above))),
            related,
        );
    }
}
