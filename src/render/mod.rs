//! Renderers: the same findings for people, editors, scripts and CI.
//!
//! Each format is a streaming [`Writer`]: it is told what the whole run
//! amounts to ([`Head`]), then given the files one at a time in path order,
//! then told it is done; it writes as it goes, so a run over a large folder
//! never holds all its reports or all its output. [`render`] drives a writer
//! over a run ([`Lint`]) and returns the text. Paths are shown as
//! the user gave them, lines and columns are 1-based, columns count
//! characters.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
pub mod progress;
mod sarif;
// Drawn here and in YAML errors, which sit below the renderers.
pub use crate::snippet;
mod statistics;

use std::collections::BTreeMap;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use crate::source::InputError;
use crate::stream::Checked;
use crate::stream::Lint;

pub use human::HumanOptions;
pub use statistics::statistics;

/// Output formats of `reportlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report with the source underlined.
    Human,
    /// `path:line:col: severity[rule] message`, one per line.
    Concise,
    /// The versioned JSON document described in docs/json-output.md.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML test report.
    Junit,
}

impl Format {
    /// Formats that annotate a pull request page, where repeated findings of
    /// one rule are capped.
    pub fn annotates(self) -> bool {
        matches!(self, Self::Github | Self::Gitlab)
    }
}

/// At most this many findings per rule in annotation formats.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cap {
    /// `None`: no cap.
    pub per_rule: Option<usize>,
}

impl Cap {
    pub fn counter(&self) -> CapCounter {
        CapCounter {
            limit: self.per_rule,
            seen: BTreeMap::new(),
        }
    }
}

/// Counts findings per rule while rendering.
pub struct CapCounter {
    limit: Option<usize>,
    seen: BTreeMap<String, usize>,
}

impl CapCounter {
    /// Whether the next finding of `rule` is shown.
    pub fn admit(&mut self, rule: &str) -> bool {
        let seen = self.seen.entry(rule.to_string()).or_default();
        *seen += 1;
        self.limit.is_none_or(|limit| *seen <= limit)
    }

    /// Rules whose findings were cut, with how many, in rule order.
    pub fn cut(&self) -> Vec<(&str, usize)> {
        let Some(limit) = self.limit else {
            return Vec::new();
        };
        self.seen
            .iter()
            .filter(|(_, n)| **n > limit)
            .map(|(rule, n)| (rule.as_str(), n - limit))
            .collect()
    }
}

/// What a writer is told before the first file: what the run amounts to.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// Files linted (with or without findings).
    pub files: usize,
    /// Files linted without a finding.
    pub clean: usize,
    /// Findings, and how many of each severity.
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Files that could not be linted, in path order.
    pub input_errors: &'a [InputError],
}

impl<'a> Head<'a> {
    /// The head of the files whose findings are given, in any order.
    pub fn of<'f>(
        files: impl IntoIterator<Item = &'f [Finding]>,
        input_errors: &'a [InputError],
    ) -> Self {
        let mut head = Head {
            files: 0,
            clean: 0,
            findings: 0,
            errors: 0,
            warnings: 0,
            notes: 0,
            input_errors,
        };
        for findings in files {
            head.files += 1;
            if findings.is_empty() {
                head.clean += 1;
            }
            head.findings += findings.len();
            for finding in findings {
                match finding.severity {
                    Severity::Error => head.errors += 1,
                    Severity::Warning => head.warnings += 1,
                    Severity::Note => head.notes += 1,
                }
            }
        }
        head
    }
}

/// A format written as the run goes: [`Writer::begin`] once, then
/// [`Writer::file`] for every file linted, in path order (clean files too:
/// some formats list them), then [`Writer::end`] once.
pub trait Writer {
    fn begin(&mut self, out: &mut dyn Write, head: &Head<'_>) -> io::Result<()>;

    /// One file and its findings; the findings' sources hold the text.
    fn file(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()>;

    /// What [`Writer::file`] would write for `file`, drawn without the
    /// writer's state, so that several files can be drawn at once; `None`
    /// (the default) for formats whose output for a file depends on the
    /// files before it or is cheap to write. What it gives is then passed
    /// to [`Writer::drawn`] instead of calling [`Writer::file`].
    fn draw(&self, _file: &Checked) -> Option<Vec<u8>> {
        None
    }

    /// Writes what [`Writer::draw`] gave for `file`.
    fn drawn(&mut self, out: &mut dyn Write, _file: &Checked, drawn: &[u8]) -> io::Result<()> {
        out.write_all(drawn)
    }

    /// `late` are files found unusable while the files were being written
    /// (changed since they were linted): each format puts them where it
    /// still can.
    fn end(&mut self, out: &mut dyn Write, late: &[InputError]) -> io::Result<()>;
}

/// The writer of `format`. `quiet` leaves out the human format's summary
/// line.
pub fn writer<'a>(
    format: Format,
    rules: &'a RuleSet,
    human: &HumanOptions,
    cap: &Cap,
    quiet: bool,
) -> Box<dyn Writer + Send + Sync + 'a> {
    match format {
        Format::Human => Box::new(human::Human::new(human, quiet)),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::new(json::Json::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(rules)),
        Format::Github => Box::new(github::Github::new(cap)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(cap)),
        Format::Junit => Box::new(junit::Junit::default()),
    }
}

/// Renders `run` in `format`.
pub fn render(
    format: Format,
    run: &Lint,
    rules: &RuleSet,
    human: &HumanOptions,
    cap: &Cap,
) -> String {
    let mut writer = writer(format, rules, human, cap, false);
    let mut out = Vec::new();
    // Writing to memory does not fail.
    let _ = run.write(writer.as_mut(), &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A JSON array written one element at a time, laid out exactly as
/// `serde_json::to_string_pretty` lays out the whole array at `depth`
/// (two spaces per level).
pub(crate) struct JsonArray {
    depth: usize,
    empty: bool,
}

impl JsonArray {
    /// Writes the opening bracket.
    pub(crate) fn open(out: &mut dyn Write, depth: usize) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Self { depth, empty: true })
    }

    pub(crate) fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        out.write_all(if self.empty { b"\n" } else { b",\n" })?;
        self.empty = false;
        let indent = "  ".repeat(self.depth + 1);
        // Pretty JSON has no line break inside a string: every line of the
        // element moves in by the same amount.
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(indent.as_bytes())?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Writes the closing bracket.
    pub(crate) fn close(self, out: &mut dyn Write) -> io::Result<()> {
        if !self.empty {
            out.write_all(b"\n")?;
            out.write_all("  ".repeat(self.depth).as_bytes())?;
        }
        out.write_all(b"]")
    }
}

/// A pretty JSON document cut around the empty array that is the value of
/// `key`: the text before the array, its depth, and the text after it.
pub(crate) fn split_at_array(text: &str, key: &str) -> Option<(String, usize, String)> {
    let marker = format!("\"{key}\": []");
    let at = text.find(&marker)?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let depth = (at - line_start) / 2;
    let array = at + marker.len() - 2;
    Some((
        text[..array].to_string(),
        depth,
        text[array + 2..].to_string(),
    ))
}

/// Writing a streamed run is the renderers' business: defined here so that
/// the run does not import its output.
impl Lint {
    /// What the run amounts to, for a writer.
    pub fn head(&self) -> Head<'_> {
        Head::of(
            self.files.iter().map(|f| f.findings.as_slice()),
            &self.input_errors,
        )
    }

    /// Writes the run with `writer`, reading the files with findings again
    /// as it goes ([`Lint::visit`]). Returns the files found unusable while
    /// writing (changed since linted), which the writer was given at the
    /// end; call [`Lint::verify`] first so that nearly all such files are
    /// input errors in their proper place.
    pub fn write(
        &self,
        writer: &mut (dyn Writer + Sync),
        out: &mut dyn Write,
    ) -> io::Result<Vec<InputError>> {
        writer.begin(out, &self.head())?;
        let mut late: Vec<InputError> = Vec::new();
        self.visit_chunks(&|f| !f.findings.is_empty(), &mut |items| {
            // The files of the chunk drawn at once, where the format can.
            let drawn: Vec<Option<Vec<u8>>> = {
                let writer = &*writer;
                items
                    .par_iter()
                    .map(|(_, item)| match item {
                        Ok(checked) if !checked.findings.is_empty() => writer.draw(checked),
                        _ => None,
                    })
                    .collect()
            };
            for ((_, item), drawn) in items.into_iter().zip(drawn) {
                match (item, drawn) {
                    (Ok(checked), Some(drawn)) => writer.drawn(out, &checked, &drawn)?,
                    (Ok(checked), None) => writer.file(out, &checked)?,
                    (Err(error), _) => {
                        if !late.iter().any(|e| e.path == error.path) {
                            late.push(error);
                        }
                    }
                }
            }
            Ok(())
        })?;
        late.sort_by(|a, b| a.path.cmp(&b.path));
        writer.end(out, &late)?;
        Ok(late)
    }
}
