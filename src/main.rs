//! The `reportlint` binary: parse arguments, run the library, print, and
//! exit with the library's verdict (0 clean, 1 findings at or above the
//! fail level, 2 usage, input or rule-file errors).

mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::{
    AnnotateArgs, BaselineArgs, CheckArgs, Cli, Command, OutlineArgs, OutlineFormat, RuleSource,
};
use reportlint::baseline::{folder_of, Baseline};
use reportlint::config::Policy;
use reportlint::render::{progress, statistics, writer, Cap, Format, HumanOptions};
use reportlint::session::{Outcome, Session, Settings, Verdict};
use reportlint::source::InputError;
use reportlint::{fix, source};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Baseline(args) => baseline(args),
        Command::Config {
            file,
            config,
            rules,
        } => show_config(&file, config, &rules),
        Command::Annotate(args) => annotate(&args),
        Command::Outline(args) => outline(args),
        Command::Extract { file } => extract(&file),
        Command::Rules(source) => list_rules(&source),
        Command::TestRules { dirs } => test_rules(&dirs),
        Command::Lsp => lsp(),
        Command::Explain { rule, source } => explain(&rule, &source),
    }
}

fn exit(verdict: Verdict) -> ExitCode {
    ExitCode::from(verdict.code())
}

/// Prints the rule-pack and configuration errors the session found since
/// they were last printed.
fn print_problems(session: &mut Session) {
    let mut stderr = std::io::stderr().lock();
    for error in session.take_problems() {
        let _ = writeln!(stderr, "{}", error.draw());
    }
}

/// A session with `settings`, its rule-pack errors printed.
fn load_rules(settings: Settings) -> Session {
    let mut session = Session::new(settings);
    print_problems(&mut session);
    session
}

fn write_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Lints what `args` names; `Err` is the exit code of a usage error.
fn lint(args: &CheckArgs) -> Result<(Session, Outcome), ExitCode> {
    let mut session = load_rules(args.settings());
    if let Err(refusal) = session.validate() {
        eprintln!("error: {refusal}");
        return Err(exit(Verdict::Trouble));
    }
    let plan = session.plan(&args.inputs());
    print_problems(&mut session);
    let progress = progress::bar(plan.files.len(), std::io::stderr().is_terminal());
    let outcome = session.lint(plan, &mut std::io::stdin(), &|| progress.inc(1));
    progress.finish_and_clear();
    Ok((session, outcome))
}

fn check(args: CheckArgs) -> ExitCode {
    let (mut session, mut outcome) = match lint(&args) {
        Ok(done) => done,
        Err(code) => return code,
    };
    if args.diff {
        return show_fixes(&session, &mut outcome, args.exit_zero);
    }
    if args.fix {
        match apply_fixes(&mut outcome) {
            Ok(0) => {}
            // Lint again so that positions are those of the fixed files.
            Ok(_) => match lint(&args) {
                Ok(done) => (session, outcome) = done,
                Err(code) => return code,
            },
            Err(code) => return code,
        }
    }
    if let Some(path) = &args.baseline {
        match Baseline::read(path) {
            Ok(baseline) => baseline.keep_new(path, &mut outcome.run),
            Err(error) => {
                eprintln!("error: cannot use baseline {}: {error}", path.display());
                return exit(Verdict::Trouble);
            }
        }
    }
    // Files changed since they were linted are input errors before
    // anything is written.
    outcome.run.verify();
    write_findings(&args, &session, &mut outcome);
    if args.timings {
        eprint!("{}", session.timings());
    }
    let verdict = session.verdict(&outcome, args.exit_zero);
    // The process ends here: freeing the compiled rules and every finding
    // one by one would only spend time (tens of thousands of allocations on
    // a large folder), which the operating system reclaims at once.
    std::mem::forget((session, outcome));
    exit(verdict)
}

/// Writes the findings (or their statistics) on stdout in the format asked
/// for; files found changed while writing join the input errors.
fn write_findings(args: &CheckArgs, session: &Session, outcome: &mut Outcome) {
    let run = &mut outcome.run;
    if args.statistics {
        return write_stdout(&statistics(run.findings(), run.input_errors.len()));
    }
    let terminal = std::io::stdout().is_terminal();
    let format = args.format(terminal);
    let human = HumanOptions {
        color: args.colour(terminal),
        width: 100,
        skipped: outcome.skipped,
    };
    let cap = Cap {
        per_rule: (format.annotates() && args.max_per_rule > 0).then_some(args.max_per_rule),
    };
    let quiet = args.quiet && format == Format::Human;
    // The human summary line says so; other formats have no summary.
    if let (Some(note), false) = (outcome.skipped.pdf_note(), format == Format::Human) {
        eprintln!("{note}");
    }
    let mut writer = writer(format, session.rules(), &human, &cap, quiet);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // A closed pipe (`| head`) is not an error worth a panic.
    if let Ok(late) = run.write(writer.as_mut(), &mut out) {
        report_late(&late);
        run.input_errors.extend(late);
    }
    let _ = out.flush();
}

/// Files found changed while the output was being written: the output
/// has them where its format still allowed; stderr always does.
fn report_late(late: &[InputError]) {
    for error in late {
        eprintln!("error: {error}");
    }
}

/// Prints what a walk over the fixes found: notes, why it stopped, files
/// found changed (these join the run's input errors).
fn fix_walked(
    outcome: &mut Outcome,
    notes: &[String],
    failed: Option<&str>,
    late: Vec<InputError>,
) {
    notes.iter().for_each(|note| eprintln!("{note}"));
    if let Some(failed) = failed {
        eprintln!("error: {failed}");
    }
    report_late(&late);
    outcome.run.input_errors.extend(late);
}

/// `check --diff`: the safe fixes as a unified diff; nothing is written.
/// Exits 1 when there is something to fix, unless `--exit-zero`.
fn show_fixes(session: &Session, outcome: &mut Outcome, exit_zero: bool) -> ExitCode {
    let notes = fix::word_notes(&outcome.run);
    let (diff, late) = fix::diff_run(&outcome.run);
    fix_walked(outcome, &notes, None, late);
    write_stdout(&diff);
    let found = !diff.is_empty() && !exit_zero;
    exit(session.judge(&outcome.run, Verdict::findings_if(found)))
}

/// `check --fix`: writes the safe fixes; returns how many were applied.
fn apply_fixes(outcome: &mut Outcome) -> Result<usize, ExitCode> {
    let notes = fix::word_notes(&outcome.run);
    let mut written = fix::write_run(&outcome.run);
    let late = std::mem::take(&mut written.late);
    fix_walked(outcome, &notes, written.failed.as_deref(), late);
    if written.failed.is_some() {
        return Err(exit(Verdict::Trouble));
    }
    if let Some(summary) = written.summary() {
        eprintln!("{summary}");
    }
    Ok(written.applied)
}

/// `reportlint baseline`: accept every current finding.
fn baseline(args: BaselineArgs) -> ExitCode {
    let (session, mut outcome) = match lint(&args.check) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let (baseline, late) = Baseline::of_run(&outcome.run, &folder_of(&args.output));
    report_late(&late);
    outcome.run.input_errors.extend(late);
    if let Err(error) = std::fs::write(&args.output, baseline.to_json()) {
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return exit(Verdict::Trouble);
    }
    eprintln!("{}", baseline.summary(&args.output));
    exit(session.judge(&outcome.run, Verdict::Clean))
}

/// `reportlint config FILE`: the configuration that governs a report.
fn show_config(file: &Path, config: Option<PathBuf>, source: &RuleSource) -> ExitCode {
    let mut session = load_rules(Settings {
        config,
        ..source.settings()
    });
    session.configure(&[file]);
    print_problems(&mut session);
    let policy = session.policy(file);
    write_stdout(&policy.describe(file, session.rules()));
    exit(session.unless_troubled(Verdict::Clean))
}

/// `reportlint annotate FILE -o OUT`: the findings as Word comments in a
/// copy of the draft; findings with no place for a comment, and a summary
/// line, on stderr.
fn annotate(args: &AnnotateArgs) -> ExitCode {
    let mut session = load_rules(args.settings());
    let result = reportlint::annotate::annotate(&mut session, &args.file, &args.output);
    print_problems(&mut session);
    match result {
        Ok(annotated) => {
            eprint!("{}", annotated.unplaced());
            eprintln!("{}", annotated.summary(&args.output));
            exit(annotated.verdict(&session))
        }
        Err(error) => {
            eprintln!("error: {error}");
            exit(Verdict::Trouble)
        }
    }
}

fn outline(args: OutlineArgs) -> ExitCode {
    let session = load_rules(Settings {
        family: args.family.clone(),
        ..args.rules.settings()
    });
    let Some(source) = read_report(&args.file) else {
        return exit(Verdict::Trouble);
    };
    // The outline shows how `check --family` reads the report, without
    // a configuration.
    let (report, family) = session.model(source.text(), &Policy::default());
    let outline = reportlint::outline::outline(&source, &report, family);
    match args.format {
        OutlineFormat::Text => write_stdout(&outline.to_text()),
        OutlineFormat::Json => match outline.to_json() {
            Ok(json) => write_stdout(&json),
            Err(error) => {
                eprintln!("error: {error}");
                return exit(Verdict::Trouble);
            }
        },
    }
    exit(session.unless_troubled(Verdict::Clean))
}

/// The report at `file`, or `None` with the reason printed.
fn read_report(file: &Path) -> Option<reportlint::source::SourceFile> {
    source::read_report(file, &file.display().to_string())
        .inspect_err(|error| eprintln!("error: {error}"))
        .ok()
}

/// `reportlint extract FILE`: the text reportlint reads, so that the line
/// numbers of findings can be looked up. A Word document's text view on
/// stdout, with what the view leaves out of the document on stderr; a text
/// report as it is read (UTF-16 as UTF-8).
fn extract(file: &Path) -> ExitCode {
    let Some(source) = read_report(file) else {
        return exit(Verdict::Trouble);
    };
    write_stdout(source.text());
    if let Some(map) = source.word() {
        eprintln!("{}: {}", file.display(), map.stats.summary());
    }
    ExitCode::SUCCESS
}

/// `reportlint lsp`: the language server speaks on stdin and stdout; its
/// own problems go to stderr, which editors keep as the server's log.
fn lsp() -> ExitCode {
    match reportlint::lsp::serve(std::io::stdin(), std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reportlint lsp: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn list_rules(source: &RuleSource) -> ExitCode {
    let session = load_rules(source.settings());
    write_stdout(&reportlint::rules::list(session.rules()));
    exit(session.unless_troubled(Verdict::Clean))
}

/// Runs the examples of the rules in `dirs` (the shipped rules are loaded
/// too, for their families, but not tested; a rule or family of `dirs`
/// with a shipped one's id takes its place): failures on stdout with the
/// rule's file and id, then a summary line.
fn test_rules(dirs: &[PathBuf]) -> ExitCode {
    let mut session = load_rules(Settings {
        rule_dirs: dirs.to_vec(),
        over_shipped: true,
        ..Settings::default()
    });
    let ids = reportlint::examples::unshipped(session.rules());
    if ids.is_empty() && !session.troubled() {
        eprintln!("error: no rule in the folders given");
        return exit(Verdict::Trouble);
    }
    let run = reportlint::examples::run(&mut session.linter, &ids);
    write_stdout(&run.report());
    let failed = !run.failures.is_empty();
    exit(session.unless_troubled(Verdict::findings_if(failed)))
}

fn explain(id: &str, source: &RuleSource) -> ExitCode {
    let session = load_rules(source.settings());
    let Some(rule) = session.rules().rule(id) else {
        eprintln!("error: unknown rule `{id}`; `reportlint rules` lists them");
        return exit(Verdict::Trouble);
    };
    write_stdout(&reportlint::rules::explain(rule));
    ExitCode::SUCCESS
}
