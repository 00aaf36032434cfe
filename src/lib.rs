//! reportlint finds the parts of an inspection report that disagree with
//! each other: a headline rating its scores do not give, a score printed
//! differently in two places, and (as the rule packs grow) sums that do not
//! add up, benchmark claims that point the wrong way and text pasted from
//! another report.
//!
//! The pipeline: [`discover`] the files, [`source::read_report`] each once,
//! parse and build the [`model::Report`] with the family template
//! ([`family`]), run the [`rules`], and hand the sorted [`finding::Finding`]s
//! to a renderer. The library never prints; `main` does.

pub mod baseline;
pub mod config;
pub mod discover;
pub mod family;
pub mod finding;
pub mod model;
pub mod outline;
pub mod parse;
pub mod render;
pub mod rules;
pub mod source;
pub mod span;
pub mod suppress;
pub mod yaml;

use std::path::PathBuf;

use rayon::prelude::*;

use family::Family;
use finding::Finding;
use model::Report;
use rules::{Context, Rule, RuleSet};
use source::{InputError, SourceFile};

/// The loaded rules and how to apply them.
pub struct Linter {
    pub rules: RuleSet,
    /// Read every report as this family instead of detecting it.
    pub family_override: Option<String>,
}

/// The result of linting one file.
pub struct Checked {
    pub source: SourceFile,
    pub findings: Vec<Finding>,
}

/// The result of a whole run.
#[derive(Default)]
pub struct Run {
    /// Files linted, in path order.
    pub files: Vec<Checked>,
    /// Files that could not be linted, in path order.
    pub input_errors: Vec<InputError>,
}

impl Run {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }
}

impl Linter {
    /// A linter with the shipped rule packs.
    pub fn builtin() -> Self {
        Self {
            rules: RuleSet::builtin(),
            family_override: None,
        }
    }

    /// The family to read `text` with (parses it to find out; use
    /// [`Linter::model_with_family`] to parse once).
    pub fn family_for(&self, text: &str) -> Option<&Family> {
        let blocks = parse::blocks(text);
        self.family_of(&model::skeleton(text, &blocks))
    }

    fn family_of(&self, skeleton: &str) -> Option<&Family> {
        match &self.family_override {
            Some(id) => self.rules.family(id),
            None => self.rules.detect(skeleton),
        }
    }

    /// Parses a report once, detects its family from its skeleton (its
    /// short lines) and builds its model.
    pub fn model_with_family(&self, text: &str) -> (Report, Option<&Family>) {
        let blocks = parse::blocks(text);
        let family = self.family_of(&model::skeleton(text, &blocks));
        (model::build_from_blocks(text, blocks, family), family)
    }

    /// Builds the model of one report.
    pub fn model(&self, source: &SourceFile) -> Report {
        self.model_with_family(source.text()).0
    }

    /// Lints one report already in memory; findings are sorted.
    pub fn check_source(
        &self,
        source: &SourceFile,
        enabled: &dyn Fn(&Rule) -> bool,
    ) -> Vec<Finding> {
        let (report, family) = self.model_with_family(source.text());
        let ctx = Context {
            source,
            report: &report,
            family,
        };
        let findings = self.rules.check(&ctx, enabled);
        let ran = |selector: &str| {
            self.rules.rules.iter().any(|r| {
                suppress::selects(selector, r.id())
                    && enabled(r)
                    && r.applies_to(report.family.as_deref())
            })
        };
        let known = |selector: &str| {
            self.rules
                .rules
                .iter()
                .any(|r| suppress::selects(selector, r.id()))
        };
        let suppressions = suppress::parse(source.text());
        let mut findings = suppress::apply(findings, &suppressions, source, &ran, &known);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings
    }

    /// Lints files in parallel; the result is in path order whatever the
    /// scheduling.
    pub fn check_files(&self, files: &[PathBuf], enabled: &(dyn Fn(&Rule) -> bool + Sync)) -> Run {
        let results: Vec<Result<Checked, InputError>> = files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let source = source::read_report(path, &name)?;
                let findings = self.check_source(&source, enabled);
                Ok(Checked { source, findings })
            })
            .collect();
        let mut run = Run::default();
        for result in results {
            match result {
                Ok(checked) => run.files.push(checked),
                Err(error) => run.input_errors.push(error),
            }
        }
        run
    }
}
