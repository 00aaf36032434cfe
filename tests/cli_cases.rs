//! The `reportlint` binary pinned by case files: each `tests/cmd/*.toml`
//! runs one command in its `.in/` folder (or the folder its `fs.base` names)
//! and compares the exit code, stdout and stderr with what the case holds;
//! `tests/cmd/*.md` cases run several commands in one sandbox. Cases that
//! write files run in a temporary copy, and their `.out/` folder holds the
//! files as they must be afterwards.
//!
//! `TRYCMD=overwrite cargo test --test cli_cases` rewrites the expected
//! output from what the binary prints now: read the diff before committing,
//! and put back any `[..]` and `...` wildcards it could not keep (versions,
//! the SARIF rule list). trycmd reads every `\` in an output as `/` (it
//! normalises Windows paths), so cases avoid output with JSON-escaped
//! quotes, which would be pinned in a form reportlint never prints.

use std::path::{Path, PathBuf};

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("reportlint", trycmd::cargo::cargo_bin!("reportlint"))
        // No colour whatever the caller's terminal; the human format wraps
        // at a fixed 100 columns and clap does not wrap, so no COLUMNS.
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md");
}

fn toml_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/cmd")
        .expect("tests/cmd")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

/// A `.toml` case without an expected stdout or stderr checks nothing on
/// that stream (and `TRYCMD=overwrite` would not fill it in), so every case
/// must state its exit code and both streams, even when one is empty.
#[test]
fn every_case_states_its_exit_code_stdout_and_stderr() {
    let cases = toml_cases();
    assert!(cases.len() >= 20, "{cases:?}");
    for case in cases {
        let text = std::fs::read_to_string(&case).expect("case");
        let states = |key: &str| {
            text.lines().any(|l| l.starts_with(&format!("{key} ")))
                || case.with_extension(key).exists()
        };
        for stream in ["stdout", "stderr"] {
            assert!(
                states(stream),
                "{} does not state its {stream}",
                case.display()
            );
        }
        assert!(
            text.lines().any(|l| l.starts_with("status")),
            "{} does not state its exit code",
            case.display()
        );
    }
}

/// The baseline round trip spans two cases: the file `baseline-record`
/// writes must be the one `baseline-new-defect` reads.
#[test]
fn the_baseline_read_is_the_baseline_written() {
    let written = Path::new("tests/cmd/baseline-round-trip.out/base.json");
    let read = Path::new("tests/cmd/baseline-new-defect.in/base.json");
    assert_eq!(
        std::fs::read_to_string(written).expect("recorded baseline"),
        std::fs::read_to_string(read).expect("baseline read"),
        "copy {} to {}",
        written.display(),
        read.display()
    );
}
