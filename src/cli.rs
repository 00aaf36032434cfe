//! Command-line interface (clap derive). Kept apart from `main` so the help
//! text can be tested and documented.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use reportlint::finding::Severity;
use reportlint::render::Format;
use reportlint::session::{Inputs, Settings};

/// Lint inspection reports for parts that disagree with each other.
#[derive(Debug, Parser)]
#[command(name = "reportlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports (files or folders) and print findings.
    Check(CheckArgs),
    /// Record the current findings in a baseline file, so that `check
    /// --baseline FILE` reports only new ones.
    Baseline(BaselineArgs),
    /// Print the effective configuration for a report: which file applies
    /// and what it sets.
    Config {
        /// The report (it need not exist yet).
        file: PathBuf,
        /// Use this configuration file instead of looking for one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleSource,
    },
    /// Write a Word draft's findings into a copy of it as comments on the
    /// flagged words (the draft is not changed).
    Annotate(AnnotateArgs),
    /// Show what reportlint understood of a report: family, fields, scores, sections.
    Outline(OutlineArgs),
    /// Print the text reportlint reads from a report, to look up the line
    /// numbers of findings: a Word document's text view, a text file as it is.
    Extract {
        /// The report.
        file: PathBuf,
    },
    /// List the loaded rules.
    Rules(RuleSource),
    /// Run the examples of the rules in these pack folders: each `fail`
    /// example must draw its rule, each `pass` example must not (exit 1 if
    /// one does not hold, 2 if a pack is broken).
    TestRules {
        /// Rule pack folders (as given to `check --rules`); a rule or
        /// family with the id of a shipped one takes its place, so a copy
        /// of a shipped pack can be edited and tested.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
    /// Run the language server on stdin and stdout, for editors (see
    /// docs/lsp.md).
    Lsp,
    /// Explain a rule: what it checks, why, and an example.
    Explain {
        /// The rule id, e.g. cqc-la/rating-follows-scores.
        rule: String,
        #[command(flatten)]
        source: RuleSource,
    },
}

#[derive(Debug, clap::Args)]
pub struct RuleSource {
    /// Load extra rule packs from this folder (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

/// The options that choose the rules and how a report is read, shared by
/// `check`, `baseline` and `annotate`.
#[derive(Debug, clap::Args)]
pub struct RuleChoice {
    /// Exit with 1 when a finding is at least this severe [default: the
    /// configuration's `fail_level`, else warning].
    #[arg(long, value_enum)]
    pub fail_level: Option<Severity>,
    /// Use this configuration file for every report instead of looking for
    /// reportlint.yaml beside and above each one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
    /// Read every report as this family (e.g. cqc-local-authority, ofsted-letter).
    // `--kind` was the first name; `kind:` in a rule pack is a rule kind.
    #[arg(long, alias = "kind", value_name = "FAMILY")]
    pub family: Option<String>,
    /// Run only these rules (repeatable).
    #[arg(long = "select", value_name = "RULE")]
    pub select: Vec<String>,
    /// Skip these rules (repeatable).
    #[arg(long = "ignore", value_name = "RULE")]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub rules: RuleSource,
}

impl RuleChoice {
    /// What these options ask of the session; `timings` as `--timings`.
    pub fn settings(&self, timings: bool) -> Settings {
        Settings {
            rule_dirs: self.rules.rule_dirs.clone(),
            config: self.config.clone(),
            no_config: self.no_config,
            family: self.family.clone(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            fail_level: self.fail_level,
            timings,
            over_shipped: false,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders; folders are searched for .txt, .md, .markdown and
    /// .docx files. `-` reads one report from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The name to give the report read from standard input (editors pass
    /// the file's path).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Output format [default: human on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Report only findings that this baseline (from `reportlint baseline`)
    /// does not list.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Apply safe, mechanical fixes (a substitution rule's replacement such
    /// as a mistyped web address, the join of a sentence split by a page
    /// break) to the files, then report what is left. Numbers, ratings,
    /// scores and descriptors are never rewritten.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Show the fixes `--fix` would make as a unified diff; write nothing.
    #[arg(long)]
    pub diff: bool,
    /// Exit with 0 even when there are findings (2 still means trouble).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the findings and nothing else (no summary line).
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how many findings each rule made instead of the findings.
    #[arg(long, conflicts_with = "format")]
    pub statistics: bool,
    /// After the findings, print to stderr the CPU time each rule and step
    /// took over the run, slowest first (for rule pack authors).
    #[arg(long)]
    pub timings: bool,
    /// File extensions to lint when walking folders (repeatable) [default:
    /// txt, md, markdown, docx; `--ext pdf` reads PDFs, which folders
    /// otherwise pass over].
    #[arg(long = "ext", value_name = "EXT")]
    pub extensions: Vec<String>,
    /// In annotation formats (github, gitlab), show at most N findings per
    /// rule and say how many were cut; 0 shows all.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub max_per_rule: usize,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub choice: RuleChoice,
}

#[derive(Debug, clap::Args)]
pub struct BaselineArgs {
    /// Where to write the baseline.
    #[arg(
        long,
        short,
        value_name = "FILE",
        default_value = "reportlint-baseline.json"
    )]
    pub output: PathBuf,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// The Word draft (.docx).
    pub file: PathBuf,
    /// Where to write the annotated copy (not the draft itself).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub choice: RuleChoice,
}

impl AnnotateArgs {
    /// What the options ask of the session: what `check` would be asked
    /// with the same options.
    pub fn settings(&self) -> Settings {
        self.choice.settings(false)
    }
}

#[derive(Debug, clap::Args)]
pub struct OutlineArgs {
    /// The report.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
    pub format: OutlineFormat,
    /// Read the report as this family.
    #[arg(long, alias = "kind", value_name = "FAMILY")]
    pub family: Option<String>,
    #[command(flatten)]
    pub rules: RuleSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl RuleSource {
    /// A session with these packs beside the shipped ones, and no other
    /// settings.
    pub fn settings(&self) -> Settings {
        Settings {
            rule_dirs: self.rule_dirs.clone(),
            ..Settings::default()
        }
    }
}

impl CheckArgs {
    /// What the options ask of the session.
    pub fn settings(&self) -> Settings {
        self.choice.settings(self.timings)
    }

    /// What the options ask to lint.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            paths: self.paths.clone(),
            stdin_name: self.stdin_filename.clone(),
            extensions: self.extensions.clone(),
        }
    }

    /// The format asked for, else human on a terminal and concise
    /// otherwise (pipes, CI, editors).
    pub fn format(&self, terminal: bool) -> Format {
        self.format.unwrap_or(if terminal {
            Format::Human
        } else {
            Format::Concise
        })
    }

    /// Whether human output is in colour: as asked, else on a terminal
    /// unless `NO_COLOR` is set.
    pub fn colour(&self, terminal: bool) -> bool {
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}
