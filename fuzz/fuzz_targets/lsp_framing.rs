//! Any bytes before a valid request to the language server: the framing
//! reader does not panic, ends, and reads the request when the bytes hold
//! no header that could be waiting for its body. The same check runs as a
//! proptest in `tests/fuzz_harness.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/mod.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::lsp_framing(data));
