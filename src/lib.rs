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

/// What rules that compare reports keep of one report: (rule index, digest).
type Kept = Vec<(usize, rules::Digest)>;

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

    /// Lints one report already in memory; findings are sorted. Rules that
    /// compare reports need a run of several: see [`Linter::check_sources`].
    pub fn check_source(
        &self,
        source: &SourceFile,
        enabled: &dyn Fn(&Rule) -> bool,
    ) -> Vec<Finding> {
        self.check_one(source, enabled, false).0
    }

    fn check_one(
        &self,
        source: &SourceFile,
        enabled: &dyn Fn(&Rule) -> bool,
        digests: bool,
    ) -> (Vec<Finding>, Kept) {
        let (report, family) = self.model_with_family(source.text());
        let ctx = Context {
            source,
            report: &report,
            family,
        };
        let (mut findings, kept) = self.rules.check_with_digests(&ctx, enabled, digests);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        (findings, kept)
    }

    /// Lints files in parallel, then compares them with each other (rules
    /// that compare reports); the result is in path order whatever the
    /// scheduling.
    pub fn check_files(&self, files: &[PathBuf], enabled: &(dyn Fn(&Rule) -> bool + Sync)) -> Run {
        let corpus = files.len() > 1;
        let results: Vec<Result<(Checked, Kept), InputError>> = files
            .par_iter()
            .map(|path| {
                let name = path.display().to_string();
                let source = source::read_report(path, &name)?;
                let (findings, digests) = self.check_one(&source, enabled, corpus);
                Ok((Checked { source, findings }, digests))
            })
            .collect();
        let mut run = Run::default();
        let mut digests = Vec::new();
        for result in results {
            match result {
                Ok((checked, kept)) => {
                    run.files.push(checked);
                    digests.push(kept);
                }
                Err(error) => run.input_errors.push(error),
            }
        }
        self.compare(&mut run, &digests);
        run
    }

    /// Lints reports already in memory as one run, as
    /// [`Linter::check_files`] does for files.
    pub fn check_sources(
        &self,
        sources: Vec<SourceFile>,
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> Run {
        let corpus = sources.len() > 1;
        let results: Vec<(Checked, Kept)> = sources
            .into_par_iter()
            .map(|source| {
                let (findings, digests) = self.check_one(&source, enabled, corpus);
                (Checked { source, findings }, digests)
            })
            .collect();
        let mut run = Run::default();
        let mut digests = Vec::new();
        for (checked, kept) in results {
            run.files.push(checked);
            digests.push(kept);
        }
        self.compare(&mut run, &digests);
        run
    }

    /// The step over the whole run: findings of rules that compare reports
    /// join the findings of the file they belong to.
    fn compare(&self, run: &mut Run, digests: &[Kept]) {
        if digests.iter().all(Vec::is_empty) {
            return;
        }
        let files: Vec<(&SourceFile, &[(usize, rules::Digest)])> = run
            .files
            .iter()
            .zip(digests)
            .map(|(checked, kept)| (&checked.source, kept.as_slice()))
            .collect();
        let found = self.rules.check_corpus(&files);
        let mut touched = Vec::new();
        for (file, finding) in found {
            if let Some(checked) = run.files.get_mut(file) {
                checked.findings.push(finding);
                touched.push(file);
            }
        }
        touched.dedup();
        for file in touched {
            if let Some(checked) = run.files.get_mut(file) {
                checked
                    .findings
                    .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            }
        }
    }
}
