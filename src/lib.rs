//! reportlint finds the parts of an inspection report that disagree with
//! each other: a headline rating its scores do not give, a score printed
//! differently in two places, sums that do not add up, benchmark claims
//! that point the wrong way, repeated text and text pasted from another
//! report, contradictions, impossible or misordered dates.
//!
//! The pipeline: [`discover`] the files, [`source::read_report`] each once,
//! parse and build the [`model::Report`] with the family template
//! ([`family`]), run the [`rules`], and hand the sorted [`finding::Finding`]s
//! to a renderer. There is one run ([`stream::Lint`], made by
//! [`Linter::lint`]): [`Linter::check_files`] keeps every report's text in
//! it; [`Linter::lint_files`] keeps only the findings and reads the reports
//! again for output a few at a time, which is what `reportlint check`
//! does. [`session`] owns what `check` and the language
//! server do around a run (packs, configurations, policies, family choice,
//! fail levels). The library never prints; `main` does. The layers and what
//! each may import are in `docs/architecture.md`.

pub mod annotate;
pub mod baseline;
pub mod config;
pub mod discover;
pub mod docx;
pub mod encoding;
pub mod examples;
pub mod family;
pub mod finding;
pub mod fix;
pub mod literals;
pub mod lsp;
pub mod model;
pub mod outline;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod rules;
pub mod session;
pub mod snippet;
pub mod source;
pub mod span;
pub mod stream;
pub mod suppress;
pub mod timings;
pub mod yaml;

use std::collections::HashMap;
use std::time::Instant;

use config::Policy;
use family::Family;
use finding::Finding;
use model::Report;
use rules::{Context, Rule, RuleSet};
use source::SourceFile;
use timings::Step;

/// The loaded rules and how to apply them.
pub struct Linter {
    pub rules: RuleSet,
    /// Read every report as this family instead of detecting it.
    pub family_override: Option<String>,
}

/// What the rules that compare reports kept of one report: per rule index,
/// its digest.
type Kept = Vec<(usize, rules::Digest)>;

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
        self.family_as(None, skeleton)
    }

    /// The family named by a file's policy, else the override, else the
    /// one detected from the skeleton.
    fn family_as(&self, named: Option<&str>, skeleton: &str) -> Option<&Family> {
        match named.or(self.family_override.as_deref()) {
            Some(id) => self.rules.family(id),
            None => self.rules.detect(skeleton),
        }
    }

    /// Parses a report once, detects its family from its skeleton (its
    /// short lines) and builds its model.
    pub fn model_with_family(&self, text: &str) -> (Report, Option<&Family>) {
        self.model_as(text, None)
    }

    /// [`Linter::model_with_family`] with the family `named` (by a
    /// policy), else the override, else the one detected.
    pub fn model_as(&self, text: &str, named: Option<&str>) -> (Report, Option<&Family>) {
        let blocks = parse::blocks(text);
        let family = self.family_as(named, &model::skeleton(text, &blocks));
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
        self.check_with(source, &Policy::default(), enabled)
    }

    /// Lints one report under a configuration's policy: its family, rules
    /// switched off, severities and allowed names; inline suppressions are
    /// applied last. Findings are sorted. Rules that compare reports need a
    /// run of several: see [`Linter::check_sources`].
    pub fn check_with(
        &self,
        source: &SourceFile,
        policy: &Policy,
        enabled: &dyn Fn(&Rule) -> bool,
    ) -> Vec<Finding> {
        self.check_one(source, policy, enabled, false).0
    }

    /// [`Linter::check_with`], also keeping the digests that rules comparing
    /// reports need when `digests` is set, and the report's inline
    /// suppressions (for the findings of those rules).
    fn check_one(
        &self,
        source: &SourceFile,
        policy: &Policy,
        enabled: &dyn Fn(&Rule) -> bool,
        digests: bool,
    ) -> (Vec<Finding>, Kept, Vec<suppress::Suppression>) {
        let started = Instant::now();
        let text = source.text();
        let blocks = parse::blocks(text);
        let family = self.family_as(policy.family.as_deref(), &model::skeleton(text, &blocks));
        let report = model::build_from_blocks(text, blocks, family);
        self.time(Step::Model, started);
        let ctx = Context::new(source, &report, family, &policy.allowed_names);
        let enabled = |rule: &Rule| enabled(rule) && policy.enabled(rule.id());
        let (mut findings, kept) = self.rules.check_with_digests(&ctx, &enabled, digests);
        let started = Instant::now();
        self.apply_severity(&mut findings, policy);
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
        let suppressions = suppress::parse(text);
        let mut findings = suppress::apply(findings, &suppressions, &ran, &known);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.time(Step::Suppress, started);
        (findings, kept, suppressions)
    }

    /// Adds the time since `started` to `step`, when timings are recorded.
    fn time(&self, step: Step, started: Instant) {
        if let Some(timings) = &self.rules.timings {
            timings.step(step, started);
        }
    }

    /// A configured severity replaces the rule's own; a finding the rule
    /// made at another severity (a "cannot be derived" note) keeps it.
    fn apply_severity(&self, findings: &mut [Finding], policy: &Policy) {
        for finding in findings {
            let own = self.rules.rule(&finding.rule).map(|r| r.spec.severity);
            if own == Some(finding.severity) {
                finding.severity = policy.severity(&finding.rule, finding.severity);
            }
        }
    }

    /// Runs the rules that compare reports over `sources` (`kept` holds
    /// each one's digests and policy) and returns the findings that the
    /// file's inline suppressions (`suppressions_of`) leave, with the file's
    /// severities, each with the index of its file. Nothing when no rule
    /// kept a digest.
    fn compare_sources(
        &self,
        sources: &[&SourceFile],
        kept: &[(Kept, Policy)],
        suppressions_of: &mut dyn FnMut(usize) -> Vec<suppress::Suppression>,
    ) -> Vec<(usize, Finding)> {
        if kept.iter().all(|(digests, _)| digests.is_empty()) {
            return Vec::new();
        }
        let files: Vec<(&SourceFile, &[(usize, rules::Digest)])> = sources
            .iter()
            .zip(kept)
            .map(|(source, (digests, _))| (*source, digests.as_slice()))
            .collect();
        let found = self.rules.check_corpus(&files);
        // Suppressions of each file, read once however many findings it gets.
        let mut suppressions: HashMap<usize, Vec<suppress::Suppression>> = HashMap::new();
        let mut out = Vec::new();
        for (file, mut finding) in found {
            let Some((_, policy)) = kept.get(file) else {
                continue;
            };
            let suppressed = suppressions
                .entry(file)
                .or_insert_with(|| suppressions_of(file))
                .iter()
                .any(|s| s.silences(&finding.rule, finding.primary.span.start));
            if suppressed {
                continue;
            }
            self.apply_severity(std::slice::from_mut(&mut finding), policy);
            out.push((file, finding));
        }
        out
    }
}
