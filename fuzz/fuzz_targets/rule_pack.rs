//! Any text as a rule pack's YAML: loading does not panic and every error
//! is placed inside the file. The same check runs as a proptest in
//! `tests/fuzz_harness.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/mod.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        harness::rule_pack(text);
    }
});
