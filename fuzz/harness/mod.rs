//! What the fuzz targets check, shared with `tests/fuzz_harness.rs`, which
//! runs the same checks as proptests in `cargo test` (CI has stable Rust
//! only; `cargo fuzz` needs nightly).

// Each target uses one of the checks.
#![allow(dead_code)]

use reportlint::lsp::transport::Frames;
use reportlint::rules::RuleSet;

/// The id of the request the framing check appends.
const ID: &str = "424242";

/// Any bytes a client may send, then one valid request: reading the frames
/// does not panic, ends, and makes progress (at most one frame per byte and
/// the end). When the bytes hold no `Content-Length:` header (in any case),
/// no frame of theirs can be waiting for a body, so the request after them
/// must be read.
pub fn lsp_framing(garbage: &[u8]) {
    let body = format!(r#"{{"jsonrpc":"2.0","id":{ID},"method":"shutdown"}}"#);
    let mut input = garbage.to_vec();
    input.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    let frames: Vec<_> = Frames::new(input.as_slice()).collect();
    assert!(frames.len() <= input.len() + 1, "{} frames", frames.len());
    let header = garbage
        .windows(b"content-length:".len())
        .any(|w| w.eq_ignore_ascii_case(b"content-length:"));
    if !header {
        assert!(
            frames
                .last()
                .and_then(|f| f.request_id())
                .is_some_and(|id| id == ID),
            "the request after {:?} was not read: {frames:#?}",
            String::from_utf8_lossy(garbage)
        );
    }
}

/// Any text as a rule pack: loading does not panic, and every error is
/// placed inside the file on a character boundary, quotes no more than a
/// few hundred characters a line, and can be drawn.
pub fn rule_pack(text: &str) {
    let mut set = RuleSet::default();
    set.add_pack_file("fuzz.yaml", text);
    for error in &set.errors {
        if let Some(offset) = error.offset {
            assert!(offset <= text.len(), "{offset} past {}", text.len());
            assert!(text.is_char_boundary(offset), "{offset} inside a character");
        }
        // Messages quote at most a few hundred characters a line.
        assert!(error.message.lines().count() <= 13, "{}", error.message);
        assert!(
            error.message.lines().all(|l| l.chars().count() <= 501),
            "{}",
            error.message
        );
        let _ = error.draw();
    }
}
