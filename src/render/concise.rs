//! `path:line:col: severity[rule] message`: for editors' quickfix lists and
//! grep. Related spans follow on indented lines in the same form.

use crate::Run;

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for error in &run.input_errors {
        out.push_str(&format!(
            "{}:1:1: error[input] {}\n",
            error.path, error.problem
        ));
    }
    for finding in run.findings() {
        let source = &finding.source;
        let at = source.position(finding.primary.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            source.name(),
            at.line,
            at.column,
            finding.severity,
            finding.rule,
            finding.message
        ));
        for label in &finding.related {
            let source = label.source(source);
            let at = source.position(label.span.start);
            out.push_str(&format!(
                "  {}:{}:{}: related: {}\n",
                source.name(),
                at.line,
                at.column,
                label.message
            ));
        }
    }
    out
}
