//! Any bytes: decoding, the grammar, the model builder, every shipped rule
//! and the outline must not panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use reportlint::Linter;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(source) = reportlint::source::decode_report("fuzz.txt", data.to_vec()) else {
        return;
    };
    let (report, family) = LINTER.model_with_family(source.text());
    let _ = reportlint::outline::outline(&source, &report, family).to_text();
    let _ = LINTER.check_source(&source, &|_| true);
});
