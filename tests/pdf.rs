//! PDF reports: read through poppler's `pdftotext`, they give the findings
//! of their text, with the page of each label; without the program, or with
//! a file that is not a PDF, the error says what to do and the run goes on.
//!
//! The PDF is a published Ofsted report (`tests/fixtures/published-inspections/`,
//! Open Government Licence) beside the text `pdftotext` made of it. The
//! tests that need `pdftotext` say so and pass over it where it is not
//! installed (`.ci/run` installs it).

use std::path::Path;
use std::process::{Command, Output};

const PDF: &str = "tests/fixtures/published-inspections/trafford-2026-08-03.pdf";
const TEXT: &str = "tests/fixtures/published-inspections/trafford-2026-08-03.txt";

fn reportlint(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reportlint"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("reportlint runs")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pdftotext_installed() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        eprintln!("pdftotext is not installed: this test needs it (apt install poppler-utils)");
    }
    found
}

/// Standard output and error together: input errors are findings of the
/// `input` rule in the machine formats.
fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Each finding as (rule, message, primary start line and column, its
/// page), in order.
fn findings(value: &serde_json::Value) -> Vec<(String, String, u64, u64, Option<u64>)> {
    value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let primary = &f["primary"];
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
                primary["start"]["line"].as_u64().unwrap_or_default(),
                primary["start"]["column"].as_u64().unwrap_or_default(),
                primary["page"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_pdf_gives_the_findings_of_its_text_with_pages() {
    if !pdftotext_installed() {
        return;
    }
    let args = |file| ["check", "--no-config", "--format", "json", file];
    let from_pdf = reportlint(root(), &args(PDF), &[]);
    let from_text = reportlint(root(), &args(TEXT), &[]);
    assert_eq!(from_pdf.status.code(), from_text.status.code());
    let (pdf, text) = (findings(&json(&from_pdf)), findings(&json(&from_text)));
    assert!(!pdf.is_empty(), "the report has findings to compare");
    let without_pages: Vec<_> = pdf
        .iter()
        .map(|(rule, message, line, column, _)| (rule, message, line, column))
        .collect();
    let of_text: Vec<_> = text
        .iter()
        .map(|(rule, message, line, column, _)| (rule, message, line, column))
        .collect();
    assert_eq!(without_pages, of_text);
    // Text files have no pages; a PDF's labels give the page their line is
    // on, counted by the form feeds before it.
    assert!(text.iter().all(|f| f.4.is_none()));
    let lines: Vec<String> = std::fs::read_to_string(root().join(TEXT))
        .expect("fixture")
        .split('\n')
        .map(str::to_string)
        .collect();
    for (rule, _, line, _, page) in &pdf {
        let before = lines[..*line as usize - 1]
            .iter()
            .map(|l| l.matches('\x0c').count())
            .sum::<usize>();
        let on_line = lines[*line as usize - 1].starts_with('\x0c');
        let expected = 1 + before + usize::from(on_line);
        assert_eq!(*page, Some(expected as u64), "{rule} at line {line}");
    }
}

#[test]
fn sarif_gives_the_page_of_each_location_in_a_pdf() {
    if !pdftotext_installed() {
        return;
    }
    let output = reportlint(
        root(),
        &["check", "--no-config", "--format", "sarif", PDF],
        &[],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let from_json = findings(&json(&reportlint(
        root(),
        &["check", "--no-config", "--format", "json", PDF],
        &[],
    )));
    let mut pages: Vec<u64> = results
        .iter()
        .map(|r| {
            r["locations"][0]["properties"]["page"]
                .as_u64()
                .expect("a page")
        })
        .collect();
    let mut expected: Vec<u64> = from_json.iter().filter_map(|f| f.4).collect();
    pages.sort_unstable();
    expected.sort_unstable();
    assert_eq!(pages, expected);
}

#[test]
fn extract_prints_the_text_of_a_pdf() {
    if !pdftotext_installed() {
        return;
    }
    let output = reportlint(root(), &["extract", PDF], &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read(root().join(TEXT)).expect("fixture");
    assert!(output.stdout == text, "the text pdftotext makes");
}

#[test]
fn without_pdftotext_the_error_says_how_to_install_it_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join(PDF), dir.path().join("report.pdf")).expect("copy");
    std::fs::copy(
        root().join("examples/drafts/thornbury-vale-draft.txt"),
        dir.path().join("draft.txt"),
    )
    .expect("copy");
    let output = reportlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "report.pdf",
            "draft.txt",
        ],
        &[("REPORTLINT_PDFTOTEXT", "/nonexistent/pdftotext")],
    );
    let stderr = said(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("report.pdf:1:1: error[input] reading a PDF needs `/nonexistent/pdftotext`")
            && stderr.contains("apt install poppler-utils"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("draft.txt:"), "the other report is linted");
}

#[test]
fn a_file_named_pdf_that_is_not_one_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.pdf"), "Meeting notes, not a PDF.\n").expect("write");
    let output = reportlint(
        dir.path(),
        &["check", "--no-config", "notes.pdf"],
        &[("REPORTLINT_PDFTOTEXT", "/nonexistent/pdftotext")],
    );
    let stderr = said(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("notes.pdf") && stderr.contains("not a PDF file (no `%PDF-` at its start)"),
        "the program is not needed to say so: {stderr}"
    );
}

#[test]
fn a_broken_pdf_is_an_error_not_a_hang() {
    if !pdftotext_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = std::fs::read(root().join(PDF)).expect("fixture");
    bytes.truncate(2000);
    std::fs::write(dir.path().join("cut.pdf"), bytes).expect("write");
    let output = reportlint(dir.path(), &["check", "--no-config", "cut.pdf"], &[]);
    let stderr = said(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cut.pdf") && stderr.contains("`pdftotext` could not read the PDF"),
        "{stderr}"
    );
}

#[test]
fn folders_pass_over_pdfs_unless_asked_and_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join(PDF), dir.path().join("report.pdf")).expect("copy");
    std::fs::copy(root().join(TEXT), dir.path().join("report.txt")).expect("copy");
    let human = reportlint(
        dir.path(),
        &["check", "--no-config", "--format", "human", "."],
        &[],
    );
    let summary = String::from_utf8_lossy(&human.stdout);
    assert!(
        summary.contains("in 1 file (1 PDF file (`--ext pdf` reads them) in the folders skipped)"),
        "{summary}"
    );
    let concise = reportlint(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "."],
        &[],
    );
    assert!(String::from_utf8_lossy(&concise.stderr)
        .contains("note: 1 PDF file in the folders not read (`--ext pdf` reads them)"));
    if pdftotext_installed() {
        let asked = reportlint(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--format",
                "concise",
                "--ext",
                "pdf",
                ".",
            ],
            &[],
        );
        let stdout = String::from_utf8_lossy(&asked.stdout);
        assert!(stdout.contains("report.pdf:") && !stdout.contains("report.txt:"));
        assert!(!String::from_utf8_lossy(&asked.stderr).contains("not read"));
    }
}
