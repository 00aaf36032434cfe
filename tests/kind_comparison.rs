//! The `comparison` kind on invented reports: figures set against a
//! benchmark with a direction word, an evaluative word or a "no difference"
//! word; defects injected and consistent variants that must stay clean.

use reportlint::source::SourceFile;
use reportlint::Linter;

/// Prints every claim of the published reports (for review; `--ignored`).
#[test]
#[ignore]
fn dump_published_claims() {
    let linter = Linter::builtin();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/published");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("published reports")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let source = SourceFile::new(path.display().to_string(), text.clone());
        let report = linter.model(&source);
        println!("===== {} claims: {}", path.display(), report.claims.len());
        for c in &report.claims {
            let at = |s: Option<reportlint::span::Span>| {
                s.map_or("-".to_string(), |s| s.of(&text).to_string())
            };
            println!(
                "{:>5} | {:<30} | v={:<8} b={:<8} rel={:<22} q={:<14} prev={} | {}",
                source.position(c.benchmark_span.start).line,
                c.benchmark,
                at(c.value_span),
                at(c.benchmark_value_span),
                c.relation.as_deref().unwrap_or("-"),
                c.qualifier.as_deref().unwrap_or("-"),
                c.value_in_previous_sentence,
                c.sentence.of(&text).chars().take(220).collect::<String>()
            );
        }
    }
}
