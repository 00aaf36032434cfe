//! Helpers shared by the integration tests. Each test binary uses some of
//! them, so the others are dead code there.
#![allow(dead_code)]

use reportlint::render::{render, Format, HumanOptions};
use reportlint::source::SourceFile;
use reportlint::stream::{Lint, Linted};
use reportlint::Linter;

/// The linter with the shipped rules, built once per test binary: building
/// it (reading and compiling every pack) is most of a debug test's time.
pub fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(Linter::builtin)
}

/// The same, reading every report as a CQC local authority assessment
/// (`check --family cqc-local-authority`).
pub fn cqc_linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        let mut linter = Linter::builtin();
        linter.family_override = Some("cqc-local-authority".into());
        linter
    })
}

/// Every finding of the shipped rules on `source`, in the concise format:
/// what the snapshot tests of published reports pin.
pub fn concise_findings(linter: &Linter, source: SourceFile) -> String {
    let findings = linter.check_source(&source, &|_| true);
    let run = Lint {
        files: vec![Linted::in_memory(source, findings)],
        input_errors: Vec::new(),
    };
    render(
        Format::Concise,
        &run,
        &linter.rules,
        &HumanOptions::default(),
        &Default::default(),
    )
}
