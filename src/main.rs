//! The `reportlint` binary: parse arguments, run the library, print, and
//! choose the exit code (0 clean, 1 findings at or above the fail level,
//! 2 usage, input or rule-file errors).

mod cli;

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::{BaselineArgs, CheckArgs, Cli, Color, Command, OutlineArgs, OutlineFormat, RuleSource};
use reportlint::baseline::Baseline;
use reportlint::config::{Policy, Resolver};
use reportlint::discover::{discover, Skipped, DEFAULT_EXTENSIONS};
use reportlint::finding::Severity;
use reportlint::render::{writer, Cap, Format, HumanOptions};
use reportlint::rules::RuleSet;
use reportlint::source::InputError;
use reportlint::stream::{Lint, Linted};
use reportlint::yaml::YamlError;
use reportlint::{fix, source, Linter};

const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Baseline(args) => baseline(args),
        Command::Config {
            file,
            config,
            rules,
        } => show_config(&file, config.as_deref(), &rules),
        Command::Outline(args) => outline(args),
        Command::Extract { file } => extract(&file),
        Command::Rules(source) => list_rules(&source),
        Command::TestRules { dirs } => test_rules(&dirs),
        Command::Lsp => lsp(),
        Command::Explain { rule, source } => explain(&rule, &source),
    }
}

/// Loads the shipped packs and any `--rules` folders; prints pack errors.
fn load_rules(source: &RuleSource) -> (RuleSet, bool) {
    let mut rules = RuleSet::builtin();
    for dir in &source.rule_dirs {
        rules.add_dir(dir);
    }
    let ok = print_yaml_errors(&rules.errors);
    (rules, ok)
}

/// Prints rule-pack or configuration errors on stderr; true if there were none.
fn print_yaml_errors(errors: &[YamlError]) -> bool {
    let mut stderr = std::io::stderr().lock();
    for error in errors {
        let _ = writeln!(stderr, "{}", error.draw());
    }
    errors.is_empty()
}

/// Loads the packs the configurations name and prints their errors (a
/// broken rule in such a pack, as through `--rules`) and the
/// configurations' own; true if there were none.
fn load_config_packs(resolver: &mut Resolver, rules: &mut RuleSet) -> bool {
    let before = rules.errors.len();
    resolver.load_packs(rules);
    let packs_ok = print_yaml_errors(&rules.errors[before..]);
    print_yaml_errors(&resolver.errors) && packs_ok
}

/// The folder of a file: baseline entries are keyed from it.
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn write_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// A finished run and what deciding its exit code needs.
struct Outcome {
    /// The reports' findings, not their text: files are read again for
    /// output, a few at a time.
    run: Lint,
    linter: Linter,
    /// No rule-pack or configuration errors.
    ok: bool,
    /// Each file's fail level (command line, else its configuration).
    fail_levels: HashMap<String, Severity>,
    /// Files in the folders walked that are not reports, not linted.
    skipped: Skipped,
}

impl Outcome {
    /// Whether some finding is at or above its file's fail level.
    fn fails(&self) -> bool {
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

/// Lints what `args` names; `Err` is the exit code of a usage error.
fn lint(args: &CheckArgs) -> Result<Outcome, ExitCode> {
    let (mut rules, mut rules_ok) = load_rules(&args.rules);
    if let Some(kind) = &args.family {
        if rules.family(kind).is_none() {
            let known: Vec<&str> = rules.families.iter().map(|f| f.id()).collect();
            eprintln!(
                "error: unknown report family `{kind}`; known: {}",
                known.join(", ")
            );
            return Err(ExitCode::from(EXIT_TROUBLE));
        }
    }
    for id in args.select.iter().chain(&args.ignore) {
        if rules.rule(id).is_none() {
            eprintln!("error: unknown rule `{id}`; `reportlint rules` lists them");
            return Err(ExitCode::from(EXIT_TROUBLE));
        }
    }
    let extensions: Vec<String> = if args.extensions.is_empty() {
        DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect()
    } else {
        args.extensions
            .iter()
            .map(|e| e.trim_start_matches('.').to_string())
            .collect()
    };
    let stdin = PathBuf::from("-");
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| **p != stdin)
        .cloned()
        .collect();
    let read_stdin = paths.len() < args.paths.len();
    let (files, walk_errors, skipped) = discover(&paths, &extensions);
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("<stdin>");

    let mut resolver = Resolver::new(args.config.as_deref(), !args.no_config);
    for file in &files {
        resolver.config_for(file);
    }
    // Standard input has a configuration when `--config` names one for every
    // report, or when `--stdin-filename` gives it a place to look from.
    let stdin_configured = read_stdin && (args.stdin_filename.is_some() || args.config.is_some());
    if stdin_configured {
        resolver.config_for(Path::new(stdin_name));
    }
    rules_ok &= load_config_packs(&mut resolver, &mut rules);
    // After the configurations' packs, so that their rules are timed too.
    if args.timings {
        rules.record_timings();
    }
    let mut policies: HashMap<PathBuf, Policy> = HashMap::new();
    for file in &files {
        policies.insert(file.clone(), resolver.policy(file, &rules));
    }
    let stdin_policy = if stdin_configured {
        resolver.policy(Path::new(stdin_name), &rules)
    } else {
        Policy::default()
    };
    let mut fail_levels: HashMap<String, Severity> = policies
        .iter()
        .map(|(path, policy)| (path.display().to_string(), fail_level(args, policy)))
        .collect();
    fail_levels.insert(stdin_name.to_string(), fail_level(args, &stdin_policy));

    let linter = Linter {
        rules,
        family_override: args.family.clone(),
    };
    let select = &args.select;
    let ignore = &args.ignore;
    let enabled = |rule: &reportlint::rules::Rule| {
        (select.is_empty() || select.iter().any(|s| s == rule.id()))
            && !ignore.iter().any(|s| s == rule.id())
    };
    let policy_for = |path: &Path| policies.get(path).cloned().unwrap_or_default();
    let progress = progress_bar(files.len());
    let tick = || progress.inc(1);
    let mut run = linter.lint_files(&files, &policy_for, &enabled, &tick);
    progress.finish_and_clear();
    if read_stdin {
        let name = stdin_name;
        let mut bytes = Vec::new();
        let read = std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| source::InputError {
                path: name.to_string(),
                problem: source::InputProblem::Unreadable(e.to_string()),
            })
            .and_then(|_| source::decode_named(name, bytes));
        match read {
            Ok(source) => {
                let findings = linter.check_with(&source, &stdin_policy, &enabled);
                run.files.push(Linted::in_memory(source, findings));
            }
            Err(error) => run.input_errors.push(error),
        }
    }
    run.input_errors.extend(walk_errors);
    run.input_errors.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Outcome {
        skipped,
        run,
        linter,
        ok: rules_ok,
        fail_levels,
    })
}

/// A progress bar on stderr for long runs on a terminal; hidden otherwise
/// (pipes, CI, editors, short runs), so output stays clean.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    const WORTH_SHOWING: usize = 200;
    if files < WORTH_SHOWING || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} reports ({per_sec}, {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// The command line's fail level, else the configuration's, else warning.
fn fail_level(args: &CheckArgs, policy: &Policy) -> Severity {
    args.fail_level
        .or(policy.fail_level)
        .unwrap_or(Severity::Warning)
}

fn check(args: CheckArgs) -> ExitCode {
    let mut linted = match lint(&args) {
        Ok(done) => done,
        Err(code) => return code,
    };
    if args.diff {
        return show_fixes(&mut linted, args.exit_zero);
    }
    if args.fix {
        match apply_fixes(&mut linted) {
            // Lint again so that positions are those of the fixed files.
            Ok(0) => {}
            Ok(_) => {
                linted = match lint(&args) {
                    Ok(done) => done,
                    Err(code) => return code,
                }
            }
            Err(code) => return code,
        }
    }
    let run = &mut linted.run;
    if let Some(path) = &args.baseline {
        let baseline = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Baseline::parse(&text));
        match baseline {
            Ok(baseline) => {
                let mut filter = baseline.filter(&folder_of(path));
                run.retain(&mut |f| filter.is_new(f));
            }
            Err(error) => {
                eprintln!("error: cannot use baseline {}: {error}", path.display());
                return ExitCode::from(EXIT_TROUBLE);
            }
        }
    }
    // Files changed since they were linted are input errors before
    // anything is written.
    run.verify();

    let terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if terminal {
        Format::Human
    } else {
        Format::Concise
    });
    let human = HumanOptions {
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        },
        width: 100,
        readmes: linted.skipped.readmes,
        lock_files: linted.skipped.lock_files,
    };
    let cap = Cap {
        per_rule: (format.annotates() && args.max_per_rule > 0).then_some(args.max_per_rule),
    };
    if args.statistics {
        write_stdout(&statistics(run));
    } else {
        let quiet = args.quiet && format == Format::Human;
        let mut writer = writer(format, &linted.linter.rules, &human, &cap, quiet);
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        // A closed pipe (`| head`) is not an error worth a panic.
        if let Ok(late) = run.write(writer.as_mut(), &mut out) {
            report_late(&late);
            run.input_errors.extend(late);
        }
        let _ = out.flush();
    }

    if args.timings {
        eprint!("{}", timings(&linted.linter.rules));
    }

    if !linted.ok || !linted.run.input_errors.is_empty() {
        ExitCode::from(EXIT_TROUBLE)
    } else if !args.exit_zero && linted.fails() {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files found changed while the output was being written: the output
/// has them where its format still allowed; stderr always does.
fn report_late(late: &[InputError]) {
    for error in late {
        eprintln!("error: {error}");
    }
}

/// `--timings`: CPU time per rule and step, slowest first, with its share.
fn timings(rules: &reportlint::rules::RuleSet) -> String {
    let Some(timings) = &rules.timings else {
        return String::new();
    };
    let id = |index: usize| {
        rules
            .rules
            .get(index)
            .map_or_else(String::new, |r| r.id().to_string())
    };
    let rows = timings.rows(&id);
    let total: f64 = rows.iter().map(|(_, t)| t.as_secs_f64()).sum();
    let mut out = format!(
        "{:>10}  {:>6}  what (CPU time summed over threads)\n",
        "ms", "share"
    );
    for (what, time) in rows {
        let ms = time.as_secs_f64() * 1000.0;
        let share = if total > 0.0 {
            time.as_secs_f64() / total * 100.0
        } else {
            0.0
        };
        out.push_str(&format!("{ms:>10.1}  {share:>5.1}%  {what}\n"));
    }
    out
}

/// `--statistics`: findings per rule, most first, like ruff's.
fn statistics(run: &Lint) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for finding in run.findings() {
        *counts
            .entry((finding.rule.as_str(), finding.severity.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((rule, severity), count) in rows {
        out.push_str(&format!("{count:>6}  {severity:<8} {rule}\n"));
    }
    if !run.input_errors.is_empty() {
        out.push_str(&format!("{:>6}  error    input\n", run.input_errors.len()));
    }
    out
}

/// Goes through the files with a safe fix, read again, in path order.
/// Files that can no longer be had as linted are input errors (reported on
/// stderr); `each` stops the walk with an error.
fn with_fixes(
    linted: &mut Outcome,
    each: &mut dyn FnMut(&reportlint::Checked) -> Result<(), ExitCode>,
) -> Result<(), ExitCode> {
    // A Word document is never rewritten: its fixes are for the author to
    // make in Word (the finding's place says where).
    for file in &linted.run.files {
        let fixes = file.findings.iter().filter(|f| f.fix.is_some()).count();
        if fixes > 0 && reportlint::docx::is_docx(Path::new(file.name())) {
            eprintln!(
                "note: {}: {fixes} fix{} not applied: a Word document is not rewritten; make {} in Word",
                file.name(),
                if fixes == 1 { "" } else { "es" },
                if fixes == 1 { "it" } else { "them" },
            );
        }
    }
    let has_fix = |file: &Linted| {
        file.findings.iter().any(|f| f.fix.is_some())
            && !reportlint::docx::is_docx(Path::new(file.name()))
    };
    let mut stopped = Ok(());
    let mut late = Vec::new();
    let _ = linted.run.visit(&has_fix, &mut |_, item| match item {
        Ok(checked) => each(&checked).map_err(|code| {
            stopped = Err(code);
            std::io::Error::other("stopped")
        }),
        Err(error) => {
            if !late.iter().any(|e: &InputError| e.path == error.path) {
                late.push(error);
            }
            Ok(())
        }
    });
    report_late(&late);
    linted.run.input_errors.extend(late);
    stopped
}

/// `check --diff`: the safe fixes as a unified diff; nothing is written.
/// Exits 1 when there is something to fix, unless `--exit-zero`.
fn show_fixes(linted: &mut Outcome, exit_zero: bool) -> ExitCode {
    let mut out = String::new();
    let _ = with_fixes(linted, &mut |file| {
        let fixed = fix::apply(file.source.text(), &file.findings);
        if fixed.applied > 0 {
            out.push_str(&fix::diff(
                file.source.name(),
                file.source.text(),
                &fixed.text,
            ));
        }
        Ok(())
    });
    write_stdout(&out);
    if !linted.ok || !linted.run.input_errors.is_empty() {
        ExitCode::from(EXIT_TROUBLE)
    } else if out.is_empty() || exit_zero {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

/// `check --fix`: writes the safe fixes; returns how many were applied.
fn apply_fixes(linted: &mut Outcome) -> Result<usize, ExitCode> {
    let mut total = 0;
    let mut files = 0;
    let walked = with_fixes(linted, &mut |file| {
        let fixed = fix::apply(file.source.text(), &file.findings);
        if fixed.applied == 0 {
            return Ok(());
        }
        let path = Path::new(file.source.name());
        if file.source.name() == "<stdin>" || !path.is_file() {
            eprintln!("error: cannot write fixes to {}", file.source.name());
            return Err(ExitCode::from(EXIT_TROUBLE));
        }
        if let Err(error) = fix::write_atomically(path, &fixed.text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return Err(ExitCode::from(EXIT_TROUBLE));
        }
        total += fixed.applied;
        files += 1;
        Ok(())
    });
    if total > 0 && walked.is_ok() {
        eprintln!(
            "fixed {total} finding{} in {files} file{}",
            if total == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
    }
    walked.map(|()| total)
}

/// `reportlint baseline`: accept every current finding.
fn baseline(args: BaselineArgs) -> ExitCode {
    let Outcome {
        mut run,
        ok: rules_ok,
        ..
    } = match lint(&args.check) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let base = folder_of(&args.output);
    let mut entries = Vec::new();
    let mut late = Vec::new();
    let _ = run.visit(&|f| !f.findings.is_empty(), &mut |_, item| {
        match item {
            Ok(file) => entries.extend(Baseline::record(&file.findings, &base).findings),
            Err(error) => {
                if !late.iter().any(|e: &InputError| e.path == error.path) {
                    late.push(error);
                }
            }
        }
        Ok(())
    });
    report_late(&late);
    run.input_errors.extend(late);
    let baseline = Baseline::from_entries(entries);
    if let Err(error) = std::fs::write(&args.output, baseline.to_json()) {
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return ExitCode::from(EXIT_TROUBLE);
    }
    eprintln!(
        "recorded {} finding{} in {}",
        baseline.findings.len(),
        if baseline.findings.len() == 1 {
            ""
        } else {
            "s"
        },
        args.output.display()
    );
    if rules_ok && run.input_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_TROUBLE)
    }
}

/// `reportlint config FILE`: the configuration that governs a report.
fn show_config(file: &Path, config: Option<&Path>, source: &RuleSource) -> ExitCode {
    let (mut rules, mut ok) = load_rules(source);
    let mut resolver = Resolver::new(config, true);
    resolver.config_for(file);
    ok &= load_config_packs(&mut resolver, &mut rules);
    let policy = resolver.policy(file, &rules);
    let disabled: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| !policy.enabled(r.id()))
        .map(|r| r.id())
        .collect();
    let severities: Vec<String> = rules
        .rules
        .iter()
        .filter(|r| policy.enabled(r.id()))
        .filter(|r| policy.severity(r.id(), r.spec.severity) != r.spec.severity)
        .map(|r| format!("{}: {}", r.id(), policy.severity(r.id(), r.spec.severity)))
        .collect();
    let mut out = format!("report: {}\n", file.display());
    out.push_str(&format!(
        "configuration: {}\n",
        policy
            .config
            .as_ref()
            .map_or("none (defaults)".to_string(), |p| p.display().to_string())
    ));
    out.push_str(&format!(
        "family: {}\n",
        policy.family.as_deref().unwrap_or("detected from the text")
    ));
    out.push_str(&format!(
        "fail_level: {}\n",
        policy.fail_level.unwrap_or(Severity::Warning)
    ));
    let list = |items: &[String]| {
        if items.is_empty() {
            " []\n".to_string()
        } else {
            items
                .iter()
                .map(|i| format!("\n  - {i}"))
                .collect::<String>()
                + "\n"
        }
    };
    let disabled: Vec<String> = disabled.iter().map(|s| s.to_string()).collect();
    out.push_str(&format!("disabled rules:{}", list(&disabled)));
    out.push_str(&format!("severity overrides:{}", list(&severities)));
    out.push_str(&format!("allowed names:{}", list(&policy.allowed_names)));
    write_stdout(&out);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_TROUBLE)
    }
}

fn outline(args: OutlineArgs) -> ExitCode {
    let (rules, rules_ok) = load_rules(&args.rules);
    let name = args.file.display().to_string();
    let source = match source::read_report(&args.file, &name) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    let linter = Linter {
        rules,
        family_override: args.family,
    };
    let (report, family) = linter.model_with_family(source.text());
    let outline = reportlint::outline::outline(&source, &report, family);
    match args.format {
        OutlineFormat::Text => write_stdout(&outline.to_text()),
        OutlineFormat::Json => match serde_json::to_string_pretty(&outline) {
            Ok(json) => write_stdout(&(json + "\n")),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(EXIT_TROUBLE);
            }
        },
    }
    if rules_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_TROUBLE)
    }
}

/// `reportlint extract FILE`: the text reportlint reads, so that the line
/// numbers of findings can be looked up. A Word document's text view on
/// stdout, with what the view leaves out of the document on stderr; a text
/// report as it is read (UTF-16 as UTF-8).
fn extract(file: &Path) -> ExitCode {
    let name = file.display().to_string();
    let source = match source::read_report(file, &name) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    write_stdout(source.text());
    if let Some(map) = source.word() {
        eprintln!("{name}: {}", word_summary(&map.stats));
    }
    ExitCode::SUCCESS
}

/// What a Word document's text view holds and leaves out, in words.
fn word_summary(stats: &reportlint::docx::WordStats) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut read = vec![count(stats.paragraphs, "paragraph", "paragraphs")];
    if stats.tables > 0 {
        read.push(count(stats.tables, "table", "tables"));
    }
    if stats.insertions > 0 {
        read.push(count(
            stats.insertions,
            "tracked insertion",
            "tracked insertions",
        ));
    }
    let left_out: Vec<String> = [
        (stats.deletions, "tracked deletion", "tracked deletions"),
        (stats.comments, "comment", "comments"),
        (stats.notes, "footnote or endnote", "footnotes and endnotes"),
        (
            stats.headers_footers,
            "header or footer",
            "headers and footers",
        ),
        (
            stats.drawings,
            "drawing or text box",
            "drawings and text boxes",
        ),
        (stats.hidden, "run of hidden text", "runs of hidden text"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| count(n, one, many))
    .collect();
    let mut out = format!("read {}", read.join(", "));
    if !left_out.is_empty() {
        out.push_str(&format!("; not read as text: {}", left_out.join(", ")));
    }
    out
}

/// `reportlint lsp`: the language server speaks on stdin and stdout; its
/// own problems go to stderr, which editors keep as the server's log.
fn lsp() -> ExitCode {
    match reportlint::lsp::serve(std::io::stdin(), std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reportlint lsp: {error}");
            ExitCode::from(match error {
                // The protocol's code for `exit` without `shutdown`.
                reportlint::lsp::ServeError::ExitBeforeShutdown => 1,
                reportlint::lsp::ServeError::Failed(_) => EXIT_TROUBLE,
            })
        }
    }
}

fn list_rules(source: &RuleSource) -> ExitCode {
    let (rules, ok) = load_rules(source);
    let mut out = String::new();
    for rule in &rules.rules {
        out.push_str(&format!(
            "{:<40} {:<8} {}\n",
            rule.id(),
            rule.spec.severity,
            rule.spec.summary
        ));
    }
    write_stdout(&out);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_TROUBLE)
    }
}

/// Runs the examples of the rules in `dirs` (the shipped rules are loaded
/// too, for their families, but not tested): failures on stdout with the
/// rule's file and id, then a summary line.
fn test_rules(dirs: &[PathBuf]) -> ExitCode {
    let mut rules = RuleSet::builtin();
    let shipped: std::collections::HashSet<String> =
        rules.rules.iter().map(|r| r.id().to_string()).collect();
    for dir in dirs {
        rules.add_dir(dir);
    }
    let ok = print_yaml_errors(&rules.errors);
    let ids: Vec<String> = rules
        .rules
        .iter()
        .map(|r| r.id().to_string())
        .filter(|id| !shipped.contains(id))
        .collect();
    if ids.is_empty() && ok {
        eprintln!("error: no rule in the folders given");
        return ExitCode::from(EXIT_TROUBLE);
    }
    let mut linter = Linter {
        rules,
        family_override: None,
    };
    let run = reportlint::examples::run(&mut linter, &ids);
    let mut out = String::new();
    for failure in &run.failures {
        out.push_str(&format!(
            "{}: {}: {}\n",
            failure.file, failure.rule, failure.message
        ));
    }
    let failed: std::collections::BTreeSet<&str> =
        run.failures.iter().map(|f| f.rule.as_str()).collect();
    let count = reportlint::examples::count;
    out.push_str(&format!(
        "{}, {}: {}\n",
        count(run.rules, "rule"),
        count(run.examples, "example"),
        match failed.len() {
            0 => "every example holds".to_string(),
            1 => "1 rule fails".to_string(),
            n => format!("{n} rules fail"),
        }
    ));
    write_stdout(&out);
    if !ok {
        ExitCode::from(EXIT_TROUBLE)
    } else if !run.failures.is_empty() {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

fn explain(id: &str, source: &RuleSource) -> ExitCode {
    let (rules, _) = load_rules(source);
    let Some(rule) = rules.rule(id) else {
        eprintln!("error: unknown rule `{id}`; `reportlint rules` lists them");
        return ExitCode::from(EXIT_TROUBLE);
    };
    write_stdout(&reportlint::rules::explain(rule));
    ExitCode::SUCCESS
}
