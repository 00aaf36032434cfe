//! The grammar and the model builder accept any text without panicking, and
//! every span they produce lies inside the text on character boundaries.

use proptest::prelude::*;
use reportlint::source::SourceFile;
use reportlint::Linter;

/// Lines that look like parts of reports, to reach deep into the grammar.
fn report_like_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Score: 3".to_string()),
        Just("## Score 2".to_string()),
        Just("2 \u{2013} Evidence shows some shortfalls".to_string()),
        Just("Quality statement scores".to_string()),
        Just("Local authority rating and score".to_string()),
        Just("Assessing needs".to_string()),
        Just("Theme 1: How Ashcombe works with people".to_string()),
        Just("Ashcombe Council: local authority assessment".to_string()),
        Just("Good".to_string()),
        Just("- item".to_string()),
        Just("---".to_string()),
        Just("<!-- note".to_string()),
        Just("Dear Sam".to_string()),
        Just("Yours sincerely".to_string()),
        Just("His Majesty's Inspectors for this visit were A and B.".to_string()),
        Just("55% which is lower than the England average of 61%.".to_string()),
        Just("\u{feff}\u{a0}\x0c".to_string()),
        "[#*_ \\-–0-9a-zA-Z:£%./()\u{a0}\u{2019}]{0,40}",
        any::<String>(),
    ]
}

/// Loaded once: the rule packs are not what is under test here.
static LINTER: std::sync::LazyLock<Linter> = std::sync::LazyLock::new(Linter::builtin);

fn check_spans(text: &str) {
    let linter = &*LINTER;
    let source = SourceFile::new("fuzz.txt", text);
    let (report, family) = linter.model_with_family(text);
    let ok = |s: reportlint::span::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for block in &report.blocks {
        assert!(ok(block.span), "block span {:?}", block.span);
        assert!(block.lines.iter().all(|&l| ok(l)));
    }
    assert!(report.headings.iter().all(|h| ok(h.span)));
    assert!(report.sentences.iter().all(|s| ok(s.span)));
    assert!(report.quantities.iter().all(|q| ok(q.span)));
    assert!(report.scores.iter().all(|s| ok(s.span)));
    assert!(report.fields.values().all(|f| ok(f.span)));
    for finding in linter.check_source(&source, &|_| true) {
        assert!(ok(finding.primary.span));
    }
    let _ = reportlint::outline::outline(&source, &report, family).to_text();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_spans(&text);
    }

    #[test]
    fn report_like_text_never_panics(lines in prop::collection::vec(report_like_line(), 0..40), crlf in any::<bool>()) {
        let joined = lines.join(if crlf { "\r\n" } else { "\n" });
        check_spans(&joined);
    }
}
