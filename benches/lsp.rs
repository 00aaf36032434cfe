//! The language server's edit path on a large report: apply a one-character
//! incremental edit to the buffer, lint it with the configuration lookup,
//! and convert the findings to diagnostics ([`reportlint::lsp::relint_after_edit`]).
//! Target: median under 10 ms for the 160 KB published Ealing report. Run
//! `cargo bench --bench lsp`; criterion writes the median to
//! `target/criterion/lsp/*/new/estimates.json`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lsp_types::{Range, TextDocumentContentChangeEvent};
use reportlint::lsp::{relint_after_edit, Document, Encoding, Workspace};

fn edit_and_relint(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/published/cqc-ealing-2025.txt");
    let text = std::fs::read_to_string(&path).expect("the Ealing report is in examples/published");
    let uri = format!("file://{}", path.display())
        .parse()
        .expect("a file URI");
    let mut doc = Document::new(uri, 1, text.clone());
    let mut workspace = Workspace::new();
    // A line in the middle of the report.
    let line = (text.lines().count() / 2) as u32;
    let mut group = c.benchmark_group("lsp");
    group.throughput(Throughput::Bytes(text.len() as u64));
    for encoding in [Encoding::Utf16, Encoding::Utf8] {
        let name = format!(
            "one-character edit, lint, diagnostics ({})",
            encoding.as_str()
        );
        let mut insert = true;
        group.bench_function(name, |b| {
            b.iter(|| {
                // Type a character, then delete it: the text stays the same
                // size from one iteration to the next.
                let at = lsp_types::Position::new(line, 0);
                let change = TextDocumentContentChangeEvent {
                    range: Some(if insert {
                        Range::new(at, at)
                    } else {
                        Range::new(at, lsp_types::Position::new(line, 1))
                    }),
                    range_length: None,
                    text: if insert { "x".into() } else { String::new() },
                };
                insert = !insert;
                black_box(relint_after_edit(
                    &mut workspace,
                    &mut doc,
                    &change,
                    encoding,
                ))
            })
        });
    }
    // For comparison: the lint alone, as `check` runs it on the same text.
    let linter = reportlint::Linter::builtin();
    let source = reportlint::source::SourceFile::new("cqc-ealing-2025.txt", text.clone());
    let policy = reportlint::config::Policy::default();
    group.bench_function("lint only (Linter::check_with)", |b| {
        b.iter(|| black_box(linter.check_with(black_box(&source), &policy, &|_| true)))
    });
    group.finish();
}

criterion_group!(benches, edit_and_relint);
criterion_main!(benches);
