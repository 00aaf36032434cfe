//! Inline suppressions: a reviewer accepts a finding in the report itself.
//!
//! Markdown reports use comments; plain text (pasted from Word, extracted
//! from PDF) uses the same words on a line of their own:
//!
//! ```text
//! <!-- reportlint-disable-next-line cqc-la/rating-follows-scores -- agreed with the lead -->
//! <!-- reportlint-disable common/ -->  ...  <!-- reportlint-enable common/ -->
//! reportlint-disable-file common/abbreviation-one-expansion -- quoted from the council
//! ```
//!
//! Rule selectors are rule ids, pack prefixes ending in `/`, or nothing (every
//! rule). A reason follows `--`. A suppression that suppresses nothing is
//! reported, so stale ones do not pile up.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Finding, Label, Severity};
use crate::span::Span;

/// The id of findings about suppressions themselves.
pub const UNUSED: &str = "reportlint/unused-suppression";

/// What a suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// From here to the matching `enable`, or the end of the file.
    Region,
    /// The next line that is not blank.
    NextLine,
    /// The whole file.
    File,
}

/// One suppression comment or line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule selectors; empty means every rule.
    pub rules: Vec<String>,
    pub reach: Reach,
    /// The byte range it covers.
    pub covers: Span,
    /// Where the suppression is written.
    pub span: Span,
    pub reason: Option<String>,
}

impl Suppression {
    /// Whether it silences a finding of `rule` starting at `offset`.
    pub fn silences(&self, rule: &str, offset: usize) -> bool {
        self.covers.start <= offset
            && offset < self.covers.end
            && (self.rules.is_empty() || self.rules.iter().any(|s| selects(s, rule)))
    }
}

/// A rule id, or a pack prefix ending in `/`.
pub fn selects(selector: &str, rule: &str) -> bool {
    selector == rule || (selector.ends_with('/') && rule.starts_with(selector))
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:<!--[ \t]*)?\[?reportlint[-:][ \t]*(disable-next-line|disable-file|disable|enable)(?-u:\b)([^\r\n]*?)\]?[ \t]*(?:-->)?[ \t]*\r?$",
    )
    .expect("the suppression pattern is a valid regex")
});

/// Whether `block` (one paragraph's text) is a suppression directive and
/// nothing else.
pub fn is_directive(block: &str) -> bool {
    let trimmed = block.trim_start();
    let start = trimmed.trim_start_matches(['[', ' ']);
    (start.starts_with("reportlint-") || start.starts_with("reportlint:"))
        && DIRECTIVE.find(trimmed).is_some_and(|m| m.start() == 0)
        && !trimmed.trim_end().contains('\n')
}

/// The suppressions written in `text`, in document order.
pub fn parse(text: &str) -> Vec<Suppression> {
    // Cheap test first: nearly every report has none.
    if !text.contains("reportlint") {
        return Vec::new();
    }
    let mut found = Vec::new();
    // Open regions by selector list, closed by a matching `enable`.
    let mut open: Vec<usize> = Vec::new();
    for captures in DIRECTIVE.captures_iter(text) {
        let (Some(whole), Some(verb), Some(rest)) =
            (captures.get(0), captures.get(1), captures.get(2))
        else {
            continue;
        };
        let (selectors, reason) = match rest.as_str().split_once("--") {
            Some((selectors, reason)) => (selectors, Some(reason.trim().to_string())),
            None => (rest.as_str(), None),
        };
        let rules: Vec<String> = selectors
            .split([' ', '\t', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let span = Span::new(whole.start(), whole.end());
        let end_of_line = whole.end();
        match verb.as_str() {
            "disable-file" => found.push(Suppression {
                rules,
                reach: Reach::File,
                covers: Span::new(0, text.len()),
                span,
                reason,
            }),
            "disable-next-line" => {
                let covers = next_line(text, end_of_line);
                found.push(Suppression {
                    rules,
                    reach: Reach::NextLine,
                    covers,
                    span,
                    reason,
                });
            }
            "disable" => {
                open.push(found.len());
                found.push(Suppression {
                    rules,
                    reach: Reach::Region,
                    covers: Span::new(end_of_line, text.len()),
                    span,
                    reason,
                });
            }
            _ => {
                // `enable` closes the latest open region with the same
                // selectors (or every open region when it names none).
                let mut closed = Vec::new();
                for (i, &index) in open.iter().enumerate().rev() {
                    if rules.is_empty() || found[index].rules == rules {
                        found[index].covers.end = whole.start();
                        closed.push(i);
                        if !rules.is_empty() {
                            break;
                        }
                    }
                }
                for i in closed {
                    open.remove(i);
                }
            }
        }
    }
    found
}

/// The next non-blank line after `from`.
fn next_line(text: &str, from: usize) -> Span {
    let mut start = from;
    while let Some(rest) = text.get(start..) {
        let line_end = rest.find('\n').map_or(text.len(), |i| start + i + 1);
        let line = &text[start..line_end];
        if !line.trim().is_empty() && start != from {
            return Span::new(start, line_end);
        }
        if line_end >= text.len() {
            break;
        }
        start = line_end;
    }
    Span::new(from, from)
}

/// Drops the findings that `suppressions` silence and reports each
/// suppression that silenced nothing. `ran` tells whether a rule ran on this
/// report (a suppression of a rule that is switched off is not stale);
/// `known` whether a selector names any loaded rule.
pub fn apply(
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    ran: &dyn Fn(&str) -> bool,
    known: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    if suppressions.is_empty() {
        return findings;
    }
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut silenced = false;
        for (i, suppression) in suppressions.iter().enumerate() {
            if suppression.silences(&finding.rule, finding.primary.span.start) {
                used[i] = true;
                silenced = true;
            }
        }
        if !silenced {
            kept.push(finding);
        }
    }
    for (suppression, used) in suppressions.iter().zip(used) {
        if used {
            continue;
        }
        let unknown: Vec<&str> = suppression
            .rules
            .iter()
            .map(String::as_str)
            .filter(|s| !known(s))
            .collect();
        let message = if !unknown.is_empty() {
            format!(
                "this suppression names {} that matches no rule",
                unknown
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else if suppression.rules.is_empty() || suppression.rules.iter().any(|s| ran(s)) {
            "this suppression silences nothing: the finding it was for is gone".to_string()
        } else {
            // Every rule it names is switched off for this report.
            continue;
        };
        kept.push(Finding {
            rule: UNUSED.to_string(),
            severity: Severity::Warning,
            message,
            primary: Label::new(suppression.span, "suppression"),
            related: Vec::new(),
            help: Some(
                "remove the suppression, or correct the rule id (`reportlint rules` lists them)"
                    .to_string(),
            ),
            fix: None,
            suggestion: None,
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_plain_lines_are_read() {
        let text = "Intro\n<!-- reportlint-disable-next-line cqc-la/rating-follows-scores -- agreed -->\n\nGood\nrest\nreportlint-disable-file common/\n";
        let found = parse(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["cqc-la/rating-follows-scores"]);
        assert_eq!(found[0].reason.as_deref(), Some("agreed"));
        assert_eq!(found[0].covers.of(text), "Good\n");
        assert_eq!(found[1].reach, Reach::File);
        assert!(found[1].silences("common/abbreviation-one-expansion", 0));
        assert!(!found[1].silences("cqc-la/x", 0));
    }

    #[test]
    fn regions_close_at_their_enable() {
        let text =
            "a\n<!-- reportlint-disable common/x -->\nb\n<!-- reportlint-enable common/x -->\nc\n";
        let found = parse(text);
        assert_eq!(found.len(), 1);
        let b = text.find("b\n").expect("b");
        let c = text.find("c\n").expect("c");
        assert!(found[0].silences("common/x", b));
        assert!(!found[0].silences("common/x", c));
        assert!(!found[0].silences("common/y", b));
    }

    #[test]
    fn crlf_and_brackets_from_word_are_read() {
        let text = "a\r\n[reportlint: disable-next-line common/x]\r\nb\r\n";
        let found = parse(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rules, ["common/x"]);
        assert_eq!(found[0].covers.of(text), "b\r\n");
    }

    #[test]
    fn silenced_findings_go_and_stale_suppressions_are_reported() {
        let text = "<!-- reportlint-disable-next-line common/x -->\nA\n<!-- reportlint-disable-next-line common/y -->\nB\n<!-- reportlint-disable-file common/nope -->\n";
        let at = |s: &str| {
            let start = text.find(s).expect("present");
            Span::new(start, start + 1)
        };
        let finding = |rule: &str, span| Finding {
            rule: rule.into(),
            severity: Severity::Error,
            message: "m".into(),
            primary: Label::new(span, "l"),
            related: Vec::new(),
            help: None,
            fix: None,
            suggestion: None,
        };
        let kept = apply(
            vec![
                finding("common/x", at("A\n")),
                finding("common/x", at("B\n")),
            ],
            &parse(text),
            &|_| true,
            &|s| s.starts_with("common/") && s != "common/nope",
        );
        let summary: Vec<(&str, &str)> = kept
            .iter()
            .map(|f| (f.rule.as_str(), f.primary.span.of(text)))
            .collect();
        assert_eq!(summary.len(), 3, "{summary:?}");
        assert_eq!(summary[0], ("common/x", "B"));
        assert_eq!(kept[1].rule, UNUSED);
        assert!(kept[1].message.contains("silences nothing"));
        assert!(kept[2]
            .message
            .contains("`common/nope` that matches no rule"));
    }
}
