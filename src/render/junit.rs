//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure
//! Pipelines): one test suite per report, one failed test case per finding,
//! and a passing case for a report without findings so that it shows as
//! checked. Input errors are test cases with an `<error>`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Head, Writer};
use crate::finding::Shown;
use crate::source::InputError;
use crate::stream::Checked;

/// Escapes text for an XML attribute or element, dropping the characters
/// XML 1.0 cannot carry at all.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn case(out: &mut String, shown: &Shown<'_>) {
    let (finding, source) = (shown.finding, shown.source);
    let at = source.position(finding.primary.span.start);
    let mut body = format!(
        "{}:{}:{}: {}",
        source.name(),
        at.line,
        at.column,
        finding.message
    );
    for label in &finding.related {
        let Some(source) = shown.source_of(label) else {
            continue;
        };
        let at = source.position(label.span.start);
        let _ = write!(
            body,
            "\n  {}:{}:{}: related: {}",
            source.name(),
            at.line,
            at.column,
            label.message
        );
    }
    if let Some(help) = &finding.help {
        let _ = write!(body, "\nhelp: {help}");
    }
    let _ = write!(
        out,
        "    <testcase name=\"{rule} at line {line}, column {column}\" classname=\"{path}\">\n      <failure type=\"{rule}\" message=\"{severity}: {message}\">{body}</failure>\n    </testcase>\n",
        rule = escape(&finding.rule),
        line = at.line,
        column = at.column,
        path = escape(source.name()),
        severity = finding.severity,
        message = escape(&finding.message),
        body = escape(&body),
    );
}

/// One test suite per file as it comes; the counts in the opening tag come
/// from the run's head.
#[derive(Default)]
pub struct Junit {
    input_errors: Vec<InputError>,
}

impl Writer for Junit {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()> {
        self.input_errors = head.input_errors.to_vec();
        let findings = head.findings;
        let tests = findings + head.clean + head.input_errors.len();
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        writeln!(
            out,
            "<testsuites name=\"reportlint\" tests=\"{tests}\" failures=\"{findings}\" errors=\"{}\">",
            head.input_errors.len()
        )
    }

    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let mut text = String::new();
        let name = escape(&file.name);
        let count = file.findings.len();
        let _ = writeln!(
            text,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{count}\" errors=\"0\">",
            count.max(1)
        );
        if file.findings.is_empty() {
            let _ = writeln!(
                text,
                "    <testcase name=\"no findings\" classname=\"{name}\"/>"
            );
        }
        for shown in file.shown() {
            case(&mut text, &shown);
        }
        text.push_str("  </testsuite>\n");
        out.write_all(text.as_bytes())
    }

    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()> {
        let errors: Vec<&InputError> = self.input_errors.iter().chain(late).collect();
        if !errors.is_empty() {
            writeln!(
                out,
                "  <testsuite name=\"input\" tests=\"{n}\" failures=\"0\" errors=\"{n}\">",
                n = errors.len()
            )?;
            for error in errors {
                let path = escape(&error.path);
                let problem = escape(&error.problem.to_string());
                writeln!(
                    out,
                    "    <testcase name=\"{path}\" classname=\"{path}\">\n      <error type=\"input\" message=\"{problem}\">{problem}</error>\n    </testcase>"
                )?;
            }
            out.write_all(b"  </testsuite>\n")?;
        }
        out.write_all(b"</testsuites>\n")
    }
}
