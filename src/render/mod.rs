//! Renderers: the same findings for people, editors, scripts and CI.
//!
//! Each renderer turns a [`Run`] into text; `main` writes it. Paths are shown
//! as the user gave them, lines and columns are 1-based, columns count
//! characters.

mod concise;
mod github;
mod human;
mod json;
mod sarif;

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
}

/// Renders `run` in `format`.
pub fn render(format: Format, run: &Run, rules: &RuleSet, human: &HumanOptions) -> String {
    match format {
        Format::Human => human::render(run, human),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
        Format::Sarif => sarif::render(run, rules),
        Format::Github => github::render(run),
    }
}
