//! Throughput of the layers, on the published reports in examples/published:
//! the grammar alone, grammar + model, and grammar + model + every shipped
//! rule. Criterion reports bytes per second; run `cargo bench --bench parse`.
//! The whole-process figure over 1000 files is `benches/check-1000.sh`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reportlint::source::SourceFile;
use reportlint::Linter;

fn corpus() -> Vec<SourceFile> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/published");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/published exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("README.md")
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            reportlint::source::read_report(p, &p.display().to_string()).expect("report reads")
        })
        .collect()
}

fn layers(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(|s| s.text().len()).sum();
    let linter = Linter::builtin();
    let families: Vec<_> = corpus.iter().map(|s| linter.family_for(s.text())).collect();
    let mut group = c.benchmark_group("published-reports");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("grammar", |b| {
        b.iter(|| {
            for source in &corpus {
                black_box(reportlint::parse::blocks(black_box(source.text())));
            }
        })
    });
    group.bench_function("grammar+model", |b| {
        b.iter(|| {
            for (source, family) in corpus.iter().zip(&families) {
                black_box(reportlint::model::build(black_box(source.text()), *family));
            }
        })
    });
    group.bench_function("grammar+detect+model", |b| {
        b.iter(|| {
            for source in &corpus {
                black_box(linter.model_with_family(black_box(source.text())));
            }
        })
    });
    group.bench_function("detect+grammar+model+rules", |b| {
        b.iter(|| {
            for source in &corpus {
                black_box(linter.check_source(black_box(source), &|_| true));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, layers);
criterion_main!(benches);
