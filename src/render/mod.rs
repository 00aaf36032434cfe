//! Renderers: the same findings for people, editors, scripts and CI.
//!
//! Each renderer turns a [`Run`] into text; `main` writes it. Paths are shown
//! as the user gave them, lines and columns are 1-based, columns count
//! characters.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use std::collections::BTreeMap;

use crate::rules::RuleSet;
use crate::Run;

pub use human::HumanOptions;

/// Output formats of `reportlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report with the source underlined.
    Human,
    /// `path:line:col: severity[rule] message`, one per line.
    Concise,
    /// The versioned JSON document described in docs/json-output.md.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML test report.
    Junit,
}

impl Format {
    /// Formats that annotate a pull request page, where repeated findings of
    /// one rule are capped.
    pub fn annotates(self) -> bool {
        matches!(self, Self::Github | Self::Gitlab)
    }
}

/// At most this many findings per rule in annotation formats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cap {
    /// `None`: no cap.
    pub per_rule: Option<usize>,
}

impl Cap {
    pub fn counter(&self) -> CapCounter {
        CapCounter {
            limit: self.per_rule,
            seen: BTreeMap::new(),
        }
    }
}

/// Counts findings per rule while rendering.
pub struct CapCounter {
    limit: Option<usize>,
    seen: BTreeMap<String, usize>,
}

impl CapCounter {
    /// Whether the next finding of `rule` is shown.
    pub fn admit(&mut self, rule: &str) -> bool {
        let seen = self.seen.entry(rule.to_string()).or_default();
        *seen += 1;
        self.limit.is_none_or(|limit| *seen <= limit)
    }

    /// Rules whose findings were cut, with how many, in rule order.
    pub fn cut(&self) -> Vec<(&str, usize)> {
        let Some(limit) = self.limit else {
            return Vec::new();
        };
        self.seen
            .iter()
            .filter(|(_, n)| **n > limit)
            .map(|(rule, n)| (rule.as_str(), n - limit))
            .collect()
    }
}

/// Renders `run` in `format`.
pub fn render(
    format: Format,
    run: &Run,
    rules: &RuleSet,
    human: &HumanOptions,
    cap: &Cap,
) -> String {
    match format {
        Format::Human => human::render(run, human),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
        Format::Sarif => sarif::render(run, rules),
        Format::Github => github::render(run, cap),
        Format::Gitlab => gitlab::render(run, cap),
        Format::Junit => junit::render(run),
    }
}
