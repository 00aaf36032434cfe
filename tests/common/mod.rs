//! Helpers shared by the integration tests of published reports.

use reportlint::render::{render, Format, HumanOptions};
use reportlint::source::SourceFile;
use reportlint::stream::{Lint, Linted};
use reportlint::Linter;

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
