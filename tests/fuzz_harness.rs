//! The fuzz targets' checks (`fuzz/harness/mod.rs`, run by `cargo fuzz run
//! lsp_framing` and `cargo fuzz run rule_pack` on nightly) as bounded
//! proptests, so that `cargo test` on stable runs them too.

use proptest::prelude::*;

#[path = "../fuzz/harness/mod.rs"]
mod harness;

/// Pieces of framing a confused client may send.
fn framing() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"Content-Length: 99999999999\r\n\r\n".to_vec()),
        Just(b"Content-Length: 18446744073709551616\r\n".to_vec()),
        Just(b"CONTENT-LENGTH: 2".to_vec()),
        Just(b"Content-Length: x\r\n\r\n".to_vec()),
        Just(b"Content-Length: 3\r\n\r\n".to_vec()),
        Just(b"Content-Length".to_vec()),
        Just(b"Content-Type: application/json\r\n".to_vec()),
        Just(b"X-Trace: 1".to_vec()),
        Just(b"{\"jsonrpc\": \"2.0\", \"id\": ".to_vec()),
        Just(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}".to_vec()),
        ("[ -~]{0,20}", "[ -~]{0,10}").prop_map(|(body, extra)| {
            let mut frame = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
            frame.extend_from_slice(extra.as_bytes());
            frame
        }),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// A shipped pack, to be cut and spliced.
const PACK: &str = include_str!("../rules/ofsted-letter/text.yaml");

/// Pieces of YAML and of rule packs to splice into a pack.
fn yaml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("  - ".to_string()),
        Just(": ".to_string()),
        Just("kind: existence\n".to_string()),
        Just("kind: nosuchkind\n".to_string()),
        Just("params: { tokens: ['('] }\n".to_string()),
        Just("params: { swap: { a: b, a: c } }\n".to_string()),
        Just("examples: { fail: [{ text: a, findings: -1 }] }\n".to_string()),
        Just("applies_to: [nowhere]\n".to_string()),
        Just("family: { id: ofsted-letter }\n".to_string()),
        Just("&a [*a, *a]".to_string()),
        Just("<<: *b\n".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("[[[[[[[[[[".to_string()),
        Just("\"\\u{1F600}\u{e9}\u{2019}".to_string()),
        Just("\t".to_string()),
        "[ -~]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn framing_garbage_before_a_request(garbage in framing()) {
        harness::lsp_framing(&garbage);
    }

    #[test]
    fn arbitrary_bytes_before_a_request(garbage in prop::collection::vec(any::<u8>(), 0..400)) {
        harness::lsp_framing(&garbage);
    }

    #[test]
    fn arbitrary_text_as_a_rule_pack(text in any::<String>()) {
        harness::rule_pack(&text);
    }

    #[test]
    fn a_shipped_pack_cut_and_spliced(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, yaml_piece()), 1..6)
    ) {
        let mut text = PACK.to_string();
        for (at, cut, piece) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, &piece);
        }
        harness::rule_pack(&text);
    }
}

#[test]
fn the_shipped_pack_loads_whole() {
    let mut set = reportlint::rules::RuleSet::default();
    set.add_pack_file("text.yaml", PACK);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    assert!(!set.rules.is_empty());
}
