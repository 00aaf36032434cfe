//! The streaming path of `reportlint check` (`Linter::lint_files` and
//! `Lint::write`): the same output as rendering a whole `Run`, and files
//! changed between linting and writing reported rather than misplaced.

mod common;

use std::path::{Path, PathBuf};

use reportlint::config::Policy;
use reportlint::render::{render, writer, Cap, Format, HumanOptions};
use reportlint::source::InputProblem;
use reportlint::stream::Lint;
use reportlint::Linter;

const FORMATS: [Format; 7] = [
    Format::Human,
    Format::Concise,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Gitlab,
    Format::Junit,
];

/// A folder with the published examples, a copy of one of them under
/// another name (text shared by two reports), and a file that cannot be
/// linted.
fn folder() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let published = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/published");
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&published).expect("examples") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        if name.ends_with(".txt") || (name.ends_with(".md") && name != "README.md") {
            std::fs::copy(&path, dir.path().join(&name)).expect("copy");
            names.push(name);
        }
    }
    std::fs::copy(
        published.join("cqc-camden-2025.txt"),
        dir.path().join("zz-camden-copy.txt"),
    )
    .expect("copy");
    names.push("zz-camden-copy.txt".into());
    std::fs::write(dir.path().join("empty.txt"), " \n").expect("write");
    names.push("empty.txt".into());
    names.sort();
    let files = names.iter().map(|n| dir.path().join(n)).collect();
    (dir, files)
}

fn everything(_: &reportlint::rules::Rule) -> bool {
    true
}

fn lint(linter: &Linter, files: &[PathBuf]) -> Lint {
    linter.lint_files(files, &|_| Policy::default(), &everything, &|| {})
}

fn write(linter: &Linter, lint: &Lint, format: Format, cap: &Cap) -> (String, Vec<String>) {
    let mut writer = writer(format, &linter.rules, &HumanOptions::default(), cap, false);
    let mut out = Vec::new();
    let late = lint.write(writer.as_mut(), &mut out).expect("written");
    (
        String::from_utf8(out).expect("UTF-8"),
        late.iter().map(|e| e.to_string()).collect(),
    )
}

#[test]
fn streamed_output_is_the_rendered_run_in_every_format() {
    let (_dir, files) = folder();
    let linter = common::linter();
    let run = linter.check_files(&files, &everything);
    let mut lint = lint(linter, &files);
    assert!(
        run.findings()
            .any(|f| f.related.iter().any(|l| l.file.is_some())),
        "a finding points into another report"
    );
    assert_eq!(lint.input_errors, run.input_errors);
    lint.verify();
    for cap in [Cap::default(), Cap { per_rule: Some(2) }] {
        for format in FORMATS {
            let rendered = render(format, &run, &linter.rules, &HumanOptions::default(), &cap);
            let (streamed, late) = write(linter, &lint, format, &cap);
            assert!(late.is_empty(), "{late:?}");
            assert_eq!(streamed, rendered, "{format:?}");
        }
    }
}

#[test]
fn a_file_changed_after_linting_is_an_input_error_not_misplaced_findings() {
    let (dir, files) = folder();
    let linter = common::linter();
    let mut lint = lint(linter, &files);
    let changed = dir.path().join("cqc-harrow-2024.txt");
    let name = changed.display().to_string();
    assert!(lint
        .files
        .iter()
        .any(|f| f.name() == name && !f.findings.is_empty()));
    // Two lines more at the top: every position below would be off.
    let text = std::fs::read_to_string(&changed).expect("read");
    std::fs::write(&changed, format!("Draft\n\n{text}")).expect("write");
    let modified = std::fs::metadata(&changed)
        .and_then(|m| m.modified())
        .expect("mtime");
    let file = std::fs::File::options()
        .write(true)
        .open(&changed)
        .expect("open");
    // Whatever the clock's resolution, the stamp differs.
    file.set_modified(modified + std::time::Duration::from_secs(2))
        .expect("set mtime");

    lint.verify();
    assert!(lint.files.iter().all(|f| f.name() != name));
    let error = lint
        .input_errors
        .iter()
        .find(|e| e.path == name)
        .expect("reported");
    assert_eq!(error.problem, InputProblem::Changed);
    let (concise, late) = write(linter, &lint, Format::Concise, &Cap::default());
    assert!(late.is_empty(), "{late:?}");
    assert!(
        concise.contains(&format!(
            "{name}:1:1: error[input] the file changed while being linted"
        )),
        "{concise}"
    );
    assert!(!concise.contains(&format!("{name}:3")), "{concise}");
}

#[test]
fn a_file_changed_unseen_by_its_stamp_is_caught_when_read_again() {
    let (dir, files) = folder();
    let linter = common::linter();
    let mut lint = lint(linter, &files);
    let changed = dir.path().join("cqc-harrow-2024.txt");
    let name = changed.display().to_string();
    let metadata = std::fs::metadata(&changed).expect("metadata");
    // Same length, same modification time, other text.
    let text = std::fs::read_to_string(&changed).expect("read");
    let edited = text.replacen("the", "THE", 1);
    assert_ne!(edited, text);
    std::fs::write(&changed, &edited).expect("write");
    let file = std::fs::File::options()
        .write(true)
        .open(&changed)
        .expect("open");
    file.set_modified(metadata.modified().expect("mtime"))
        .expect("set mtime");

    lint.verify();
    assert!(lint.input_errors.iter().all(|e| e.path != name));
    for format in FORMATS {
        let (out, late) = write(linter, &lint, format, &Cap::default());
        assert_eq!(
            late,
            [format!(
                "{name}: the file changed while being linted: run reportlint again"
            )],
            "{format:?}"
        );
        if format != Format::Sarif {
            assert!(out.contains("changed while being linted"), "{format:?}");
        }
        if format == Format::Concise {
            // Its findings are left out: the only line naming it is the error.
            let lines: Vec<&str> = out.lines().filter(|l| l.contains(&name)).collect();
            assert_eq!(
                lines,
                [format!(
                    "{name}:1:1: error[input] the file changed while being linted: run reportlint again"
                )]
            );
        }
    }
}

#[test]
fn many_chunks_keep_path_order_with_clean_files_and_errors_between() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let drafts = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let texts = [
        std::fs::read_to_string(drafts.join("drafts/harlow-fen-draft.md")).expect("draft"),
        std::fs::read_to_string(drafts.join("team-repo/drafts/oakmere-draft.md")).expect("draft"),
        "Notes\n\nNothing to see here.\n".to_string(),
    ];
    let mut files = Vec::new();
    for i in 0..100 {
        let path = dir.path().join(format!("draft-{i:03}.md"));
        let text = if i == 57 { " \n" } else { &texts[i % 3] };
        std::fs::write(&path, text).expect("write");
        files.push(path);
    }
    let linter = common::linter();
    let run = linter.check_files(&files, &everything);
    assert!(run.files.iter().any(|f| f.findings.is_empty()));
    assert!(run.files.iter().filter(|f| !f.findings.is_empty()).count() > 64);
    let mut lint = lint(linter, &files);
    lint.verify();
    for format in FORMATS {
        let cap = Cap { per_rule: Some(5) };
        let rendered = render(format, &run, &linter.rules, &HumanOptions::default(), &cap);
        let (streamed, late) = write(linter, &lint, format, &cap);
        assert!(late.is_empty(), "{late:?}");
        assert_eq!(streamed, rendered, "{format:?}");
    }
}

/// A named pipe reads once: its report is kept, not read again.
#[cfg(unix)]
#[test]
fn a_pipe_is_linted_and_written_from_memory() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let fifo = dir.path().join("draft.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // No mkfifo here: nothing to test.
    }
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/drafts/harlow-fen-draft.md"),
    )
    .expect("draft");
    let writer = {
        let fifo = fifo.clone();
        let text = text.clone();
        std::thread::spawn(move || std::fs::write(fifo, text))
    };
    let linter = common::linter();
    let mut lint = lint(linter, std::slice::from_ref(&fifo));
    writer.join().expect("joined").expect("written");
    assert!(lint.input_errors.is_empty(), "{:?}", lint.input_errors);
    lint.verify();
    let (concise, late) = write(linter, &lint, Format::Concise, &Cap::default());
    assert!(late.is_empty(), "{late:?}");
    let expected = render(
        Format::Concise,
        &linter.check_sources(
            vec![reportlint::source::SourceFile::new(
                fifo.display().to_string(),
                text,
            )],
            &everything,
        ),
        &linter.rules,
        &HumanOptions::default(),
        &Cap::default(),
    );
    assert!(!expected.is_empty());
    assert_eq!(concise, expected);
}
