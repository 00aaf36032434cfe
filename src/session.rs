//! A session: everything between "lint these reports" and the rules
//! running, for the command line and the language server alike. It loads
//! the shipped packs and those given with `--rules`, finds each report's
//! configuration and loads the packs it names, gives each report its policy
//! (family, rules switched off, severities, allowed names) and fail level,
//! and reads standard input. One place, so that `reportlint check` and the
//! editor cannot drift apart.
//!
//! The session never prints: rule-pack and configuration problems wait in
//! it until the caller takes them ([`Session::take_problems`]), and how a
//! run ended is a [`Verdict`], which is the exit code.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::{Policy, Resolver};
use crate::discover::{discover, Skipped, DEFAULT_EXTENSIONS};
use crate::family::Family;
use crate::finding::{Finding, Severity};
use crate::model::Report;
use crate::rules::{Rule, RuleSet};
use crate::source::{self, InputError, InputProblem, SourceFile};
use crate::stream::{Lint, Linted};
use crate::yaml::YamlError;
use crate::Linter;

/// What the user asked of a session, whoever asked (the command line's
/// options; an editor leaves most of them empty).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rule pack folders beside the shipped packs (`--rules`).
    pub rule_dirs: Vec<PathBuf>,
    /// One configuration for every report (`--config`).
    pub config: Option<PathBuf>,
    /// Ignore configuration files (`--no-config`).
    pub no_config: bool,
    /// Read every report as this family (`--family`).
    pub family: Option<String>,
    /// Run only these rules; empty runs all (`--select`).
    pub select: Vec<String>,
    /// Skip these rules (`--ignore`).
    pub ignore: Vec<String>,
    /// Fail at this severity whatever the configuration says.
    pub fail_level: Option<Severity>,
    /// Time every rule and step (`--timings`).
    pub timings: bool,
    /// The `rule_dirs` rules and families take the place of shipped ones
    /// with the same id (`test-rules`, so a shipped pack under edit is
    /// tested as edited).
    pub over_shipped: bool,
}

/// What a run lints: files and folders, and standard input as `-`.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub paths: Vec<PathBuf>,
    /// The name of the report read from standard input, which is also
    /// where its configuration is looked for.
    pub stdin_name: Option<String>,
    /// Extensions of the files to lint in folders; empty for the defaults.
    pub extensions: Vec<String>,
}

/// A request the session refuses before linting anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownFamily { family: String, known: Vec<String> },
    UnknownRule(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFamily { family, known } => write!(
                f,
                "unknown report family `{family}`; known: {}",
                known.join(", ")
            ),
            Self::UnknownRule(id) => {
                write!(f, "unknown rule `{id}`; `reportlint rules` lists them")
            }
        }
    }
}

/// How a run ended; as a number, the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Clean = 0,
    /// A finding at or above its report's fail level.
    Findings = 1,
    /// Usage, input, rule-pack or configuration errors: they win over
    /// findings, since the findings may be incomplete.
    Trouble = 2,
}

impl Verdict {
    /// Findings when `found`, else clean.
    pub fn findings_if(found: bool) -> Self {
        if found {
            Self::Findings
        } else {
            Self::Clean
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}

/// The rules, the configurations found so far and the user's settings.
pub struct Session {
    pub linter: Linter,
    /// Made when the first report is configured: `--config` is read then,
    /// after the settings are validated.
    resolver: Option<Resolver>,
    settings: Settings,
    /// How many rule-pack and configuration errors were taken already.
    taken: (usize, usize),
}

impl Session {
    /// The shipped packs and the settings' folders; no configuration is
    /// read until [`Session::configure`] names reports.
    pub fn new(settings: Settings) -> Self {
        let mut rules = RuleSet::builtin();
        for dir in &settings.rule_dirs {
            if settings.over_shipped {
                rules.add_dir_over_shipped(dir);
            } else {
                rules.add_dir(dir);
            }
        }
        Self {
            linter: Linter {
                rules,
                family_override: settings.family.clone(),
            },
            resolver: None,
            settings,
            taken: (0, 0),
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.linter.rules
    }

    /// Rule-pack errors, then configuration errors, found since the last
    /// call.
    pub fn take_problems(&mut self) -> Vec<YamlError> {
        let rules = self.linter.rules.errors.get(self.taken.0..);
        let configs = self.config_errors().get(self.taken.1..);
        let problems: Vec<YamlError> = rules
            .into_iter()
            .chain(configs)
            .flatten()
            .cloned()
            .collect();
        self.taken = (self.linter.rules.errors.len(), self.config_errors().len());
        problems
    }

    /// Whether a rule pack or configuration was broken.
    pub fn troubled(&self) -> bool {
        !self.linter.rules.errors.is_empty() || !self.config_errors().is_empty()
    }

    fn config_errors(&self) -> &[YamlError] {
        self.resolver.as_ref().map_or(&[], |r| &r.errors)
    }

    /// Trouble when a rule pack or configuration was broken, else
    /// `verdict`.
    pub fn unless_troubled(&self, verdict: Verdict) -> Verdict {
        if self.troubled() {
            Verdict::Trouble
        } else {
            verdict
        }
    }

    /// The family and rules the settings name must exist.
    pub fn validate(&self) -> Result<(), Refusal> {
        let rules = &self.linter.rules;
        if let Some(family) = &self.settings.family {
            if rules.family(family).is_none() {
                let known = rules.families.iter().map(|f| f.id().to_string()).collect();
                return Err(Refusal::UnknownFamily {
                    family: family.clone(),
                    known,
                });
            }
        }
        let named = self.settings.select.iter().chain(&self.settings.ignore);
        match named.into_iter().find(|id| rules.rule(id).is_none()) {
            Some(id) => Err(Refusal::UnknownRule(id.clone())),
            None => Ok(()),
        }
    }

    /// Reads the configurations of `reports` and loads the packs they
    /// name. Timing starts here, after the last pack is loaded, so that
    /// the rules of configuration packs are timed too.
    pub fn configure(&mut self, reports: &[&Path]) {
        let resolver = self
            .resolver
            .get_or_insert_with(|| resolver(&self.settings));
        for report in reports {
            resolver.config_for(report);
        }
        resolver.load_packs(&mut self.linter.rules);
        if self.settings.timings {
            self.linter.rules.record_timings();
        }
    }

    /// The policy of `report` (its configuration's, with the rules of
    /// other configurations' packs off).
    pub fn policy(&mut self, report: &Path) -> Policy {
        self.resolver
            .get_or_insert_with(|| resolver(&self.settings))
            .policy(report, &self.linter.rules)
    }

    /// The settings' fail level, else the configuration's, else warning.
    pub fn fail_level(&self, policy: &Policy) -> Severity {
        self.settings
            .fail_level
            .or(policy.fail_level)
            .unwrap_or(Severity::Warning)
    }

    /// Whether the settings' `select` and `ignore` let `rule` run.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let (select, ignore) = (&self.settings.select, &self.settings.ignore);
        (select.is_empty() || select.iter().any(|s| s == rule.id()))
            && !ignore.iter().any(|s| s == rule.id())
    }

    /// Lints one report in memory under `policy`; findings are sorted.
    pub fn check(&self, source: &SourceFile, policy: &Policy) -> Vec<Finding> {
        self.linter
            .check_with(source, policy, &|rule| self.enabled(rule))
    }

    /// The model of a report as `check` reads it: the family its policy
    /// names, else the settings', else the one detected from its text.
    pub fn model(&self, text: &str, policy: &Policy) -> (Report, Option<&Family>) {
        self.linter.model_as(text, policy.family.as_deref())
    }

    /// Finds the files `inputs` names and reads their configurations.
    pub fn plan(&mut self, inputs: &Inputs) -> Plan {
        let extensions: Vec<String> = if inputs.extensions.is_empty() {
            DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect()
        } else {
            inputs
                .extensions
                .iter()
                .map(|e| e.trim_start_matches('.').to_string())
                .collect()
        };
        let stdin = Path::new("-");
        let paths: Vec<PathBuf> = inputs
            .paths
            .iter()
            .filter(|p| p.as_path() != stdin)
            .cloned()
            .collect();
        let read_stdin = paths.len() < inputs.paths.len();
        let (files, walk_errors, skipped) = discover(&paths, &extensions);
        let stdin_name = inputs.stdin_name.clone().unwrap_or("<stdin>".into());
        // Standard input has a configuration when `--config` names one for
        // every report, or when its name gives it a place to look from.
        let stdin_configured =
            read_stdin && (inputs.stdin_name.is_some() || self.settings.config.is_some());
        let mut reports: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        if stdin_configured {
            reports.push(Path::new(&stdin_name));
        }
        self.configure(&reports);
        let policies = files
            .iter()
            .map(|file| (file.clone(), self.policy(file)))
            .collect();
        let stdin_policy = if stdin_configured {
            self.policy(Path::new(&stdin_name))
        } else {
            Policy::default()
        };
        Plan {
            files,
            walk_errors,
            skipped,
            policies,
            stdin: read_stdin.then_some((stdin_name, stdin_policy)),
        }
    }

    /// Lints what `plan` found, then the report on `stdin` if it asked for
    /// one; `done` is called after each file (for a progress bar).
    pub fn lint(&self, plan: Plan, stdin: &mut dyn Read, done: &(dyn Fn() + Sync)) -> Outcome {
        let policy_for = |path: &Path| plan.policies.get(path).cloned().unwrap_or_default();
        let enabled = |rule: &Rule| self.enabled(rule);
        let mut run = self
            .linter
            .lint_files(&plan.files, &policy_for, &enabled, done);
        let mut fail_levels: HashMap<String, Severity> = plan
            .policies
            .iter()
            .map(|(path, policy)| (path.display().to_string(), self.fail_level(policy)))
            .collect();
        if let Some((name, policy)) = &plan.stdin {
            match read_stdin(name, stdin) {
                Ok(source) => {
                    let findings = self.check(&source, policy);
                    run.files.push(Linted::in_memory(source, findings));
                }
                Err(error) => run.input_errors.push(error),
            }
            fail_levels.insert(name.clone(), self.fail_level(policy));
        }
        run.input_errors.extend(plan.walk_errors);
        run.input_errors.sort_by(|a, b| a.path.cmp(&b.path));
        Outcome {
            run,
            skipped: plan.skipped,
            fail_levels,
        }
    }

    /// How `outcome` ends: trouble, else findings that fail (unless
    /// `exit_zero`), else clean.
    pub fn verdict(&self, outcome: &Outcome, exit_zero: bool) -> Verdict {
        let fails = !exit_zero && outcome.fails();
        self.judge(&outcome.run, Verdict::findings_if(fails))
    }

    /// Trouble when a rule pack or configuration was broken or a file of
    /// `run` could not be linted, else `verdict`.
    pub fn judge(&self, run: &Lint, verdict: Verdict) -> Verdict {
        if run.input_errors.is_empty() {
            self.unless_troubled(verdict)
        } else {
            Verdict::Trouble
        }
    }

    /// `--timings`: the table of CPU time per rule and step; empty when
    /// not timed.
    pub fn timings(&self) -> String {
        let rules = &self.linter.rules;
        let id = |index: usize| {
            rules
                .rules
                .get(index)
                .map_or_else(String::new, |r| r.id().to_string())
        };
        rules
            .timings
            .as_ref()
            .map_or_else(String::new, |t| t.table(&id))
    }
}

/// What finds and reads the configurations the settings allow.
fn resolver(settings: &Settings) -> Resolver {
    Resolver::new(settings.config.as_deref(), !settings.no_config)
}

/// The report on standard input, decoded as a file of that name would be.
fn read_stdin(name: &str, stdin: &mut dyn Read) -> Result<SourceFile, InputError> {
    let mut bytes = Vec::new();
    stdin
        .read_to_end(&mut bytes)
        .map_err(|e| InputError {
            path: name.to_string(),
            problem: InputProblem::Unreadable(e.to_string()),
        })
        .and_then(|_| source::decode_named(name, bytes))
}

/// The files of a run and their policies, found before any is linted.
pub struct Plan {
    /// In path order.
    pub files: Vec<PathBuf>,
    walk_errors: Vec<InputError>,
    skipped: Skipped,
    policies: HashMap<PathBuf, Policy>,
    /// The name and policy of the report on standard input, if one is read.
    stdin: Option<(String, Policy)>,
}

/// A finished run and what deciding its verdict needs.
pub struct Outcome {
    /// The reports' findings, not their text: files are read again for
    /// output, a few at a time.
    pub run: Lint,
    /// Files in the folders walked that are not reports, not linted.
    pub skipped: Skipped,
    /// Each file's fail level, by the name its findings use.
    fail_levels: HashMap<String, Severity>,
}

impl Outcome {
    /// Whether some finding is at or above its file's fail level.
    pub fn fails(&self) -> bool {
        self.run.files.iter().any(|file| {
            let level = self
                .fail_levels
                .get(file.name())
                .copied()
                .unwrap_or(Severity::Warning);
            file.findings.iter().any(|f| f.severity >= level)
        })
    }
}
