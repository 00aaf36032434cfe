//! `reportlint annotate draft.docx -o reviewed.docx`: a Word draft's
//! findings written into a copy of it as comments on the words they are
//! about, for authors who review in Word.
//!
//! The draft is linted through the [`Session`] as `check` lints it (packs,
//! configuration, policy, `--select`...), then [`crate::docx::annotate`]
//! writes the comments. The draft is never changed, and the copy is written
//! whole or not at all (a temporary file and a rename).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::docx::{self, Anchor, Note};
use crate::finding::{Finding, Label};
use crate::fix::write_bytes_atomically;
use crate::session::{Refusal, Session, Verdict};
use crate::source::{self, InputError, InputProblem, SourceFile, MAX_REPORT_BYTES};

/// How long a quotation of the report in a comment may be, in characters.
const QUOTE: usize = 60;

/// What annotating a draft came to.
#[derive(Debug)]
pub struct Annotated {
    /// The draft's text view, which the findings' spans are in.
    pub source: SourceFile,
    /// Every finding of the draft, sorted.
    pub findings: Vec<Finding>,
    /// Comments written.
    pub comments: usize,
    /// Of those, comments on a whole paragraph: the finding's words could
    /// not be found in the paragraph's runs as the text view has them.
    pub whole_paragraphs: usize,
    /// Findings with no place in the document to comment on (a span in
    /// text the document does not hold as a paragraph).
    pub unanchored: Vec<Finding>,
    /// Comments of an earlier `annotate` replaced.
    pub replaced: usize,
    /// Whether a finding is at or above the draft's fail level.
    pub fails: bool,
}

impl Annotated {
    /// The exit verdict, as `check` would give it for these findings.
    pub fn verdict(&self, session: &Session) -> Verdict {
        session.unless_troubled(Verdict::findings_if(self.fails))
    }

    /// What stderr says of the findings that had no place for a comment,
    /// one line each.
    pub fn unplaced(&self) -> String {
        self.unanchored
            .iter()
            .map(|f| {
                format!(
                    "{} (no place in the document for a comment)\n",
                    describe(f, &self.source)
                )
            })
            .collect()
    }

    /// "12 comments written to reviewed.docx", with what did not go on the
    /// flagged words.
    pub fn summary(&self, output: &Path) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "{} written to {}",
            plural(self.comments, "comment", "comments"),
            output.display()
        );
        let mut notes = Vec::new();
        if self.whole_paragraphs > 0 {
            notes.push(format!(
                "{} on a whole paragraph",
                plural(self.whole_paragraphs, "comment", "comments")
            ));
        }
        if !self.unanchored.is_empty() {
            notes.push(format!(
                "{} with no place for a comment",
                plural(self.unanchored.len(), "finding", "findings")
            ));
        }
        if self.replaced > 0 {
            notes.push(format!(
                "{} from an earlier run replaced",
                plural(self.replaced, "comment", "comments")
            ));
        }
        if !notes.is_empty() {
            line.push_str(&format!(" ({})", notes.join("; ")));
        }
        line
    }
}

/// Why nothing was written.
#[derive(Debug)]
pub enum AnnotateError {
    /// `-o` names the draft itself: the draft is never overwritten.
    SameFile(PathBuf),
    /// The settings name a family or rule that does not exist.
    Refused(Refusal),
    /// The draft cannot be read as a Word document (its path and what is
    /// wrong, down to the part and byte).
    Input(InputError),
    /// The copy could not be written.
    Write { path: PathBuf, problem: String },
}

impl fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameFile(path) => write!(
                f,
                "{}: -o names the draft itself; annotate writes a copy and never changes the draft",
                path.display()
            ),
            Self::Refused(refusal) => write!(f, "{refusal}"),
            Self::Input(error) => write!(f, "{error}"),
            Self::Write { path, problem } => {
                write!(f, "cannot write {}: {problem}", path.display())
            }
        }
    }
}

impl std::error::Error for AnnotateError {}

/// Lints the Word document `input` through `session` and writes it with its
/// findings as comments to `output`. The session's rule-pack and
/// configuration problems wait in it for the caller.
pub fn annotate(
    session: &mut Session,
    input: &Path,
    output: &Path,
) -> Result<Annotated, AnnotateError> {
    session.validate().map_err(AnnotateError::Refused)?;
    if same_file(input, output) {
        return Err(AnnotateError::SameFile(output.to_path_buf()));
    }
    let name = input.display().to_string();
    let bytes = read(input, &name)?;
    let source = source::decode_word(&name, &bytes).map_err(AnnotateError::Input)?;
    session.configure(&[input]);
    let policy = session.policy(input);
    let findings = session.check(&source, &policy);
    let fail_level = session.fail_level(&policy);
    let fails = findings.iter().any(|f| f.severity >= fail_level);

    let (placeable, mut unanchored): (Vec<&Finding>, Vec<&Finding>) = findings
        .iter()
        .partition(|f| f.primary.file.is_none() && f.primary.span.end <= source.text().len());
    let notes: Vec<Note> = placeable.iter().map(|f| note(f, &source)).collect();
    let annotated =
        docx::annotate(&bytes, MAX_REPORT_BYTES, source.text(), &notes).map_err(|error| {
            AnnotateError::Input(InputError {
                path: name.clone(),
                problem: InputProblem::Word(error),
            })
        })?;
    let mut whole_paragraphs = 0;
    for (finding, anchor) in placeable.iter().zip(&annotated.anchors) {
        match anchor {
            Anchor::Exact => {}
            Anchor::Paragraph => whole_paragraphs += 1,
            Anchor::Nowhere => unanchored.push(finding),
        }
    }
    write_bytes_atomically(output, &annotated.bytes).map_err(|e| AnnotateError::Write {
        path: output.to_path_buf(),
        problem: e.to_string(),
    })?;
    let comments = notes.len()
        - annotated
            .anchors
            .iter()
            .filter(|a| **a == Anchor::Nowhere)
            .count();
    let mut unanchored: Vec<Finding> = unanchored.into_iter().cloned().collect();
    unanchored.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Annotated {
        source,
        findings,
        comments,
        whole_paragraphs,
        unanchored,
        replaced: annotated.replaced,
        fails,
    })
}

/// A finding of the report `source` in one line, `path:line:col:
/// severity[rule] message`, for the findings no comment could be put on.
pub fn describe(finding: &Finding, source: &SourceFile) -> String {
    let at = source.position(finding.primary.span.start);
    format!(
        "{}:{}:{}: {}[{}] {}",
        source.name(),
        at.line,
        at.column,
        finding.severity,
        finding.rule,
        finding.message
    )
}

/// Whether two paths name one file (the second need not exist).
fn same_file(input: &Path, output: &Path) -> bool {
    if input == output {
        return true;
    }
    match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The draft's bytes, refused past the size of one report.
fn read(input: &Path, name: &str) -> Result<Vec<u8>, AnnotateError> {
    let fail = |problem| {
        AnnotateError::Input(InputError {
            path: name.to_string(),
            problem,
        })
    };
    let metadata =
        std::fs::metadata(input).map_err(|e| fail(InputProblem::Unreadable(e.to_string())))?;
    if metadata.len() > MAX_REPORT_BYTES {
        return Err(fail(InputProblem::TooLarge {
            bytes: metadata.len(),
        }));
    }
    std::fs::read(input).map_err(|e| fail(InputProblem::Unreadable(e.to_string())))
}

/// A finding as a comment: `severity[rule] message`, the help, what to put
/// instead, and the other places it names, by Word paragraph.
fn note(finding: &Finding, source: &SourceFile) -> Note {
    let mut paragraphs = vec![format!(
        "{}[{}] {}",
        finding.severity, finding.rule, finding.message
    )];
    if let Some(help) = &finding.help {
        paragraphs.extend(
            help.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    let instead = finding.fix.as_ref().or(finding.suggestion.as_ref());
    if let Some(replacement) = instead {
        let old = source
            .text()
            .get(replacement.span.start..replacement.span.end)
            .map(quote)
            .unwrap_or_default();
        paragraphs.push(match (old.is_empty(), replacement.text.is_empty()) {
            (false, true) => format!("suggested: delete “{old}”"),
            (false, false) => format!(
                "suggested: replace “{old}” with “{}”",
                quote(&replacement.text)
            ),
            (true, _) => format!("suggested: insert “{}”", quote(&replacement.text)),
        });
    }
    // A draft is linted alone: its labels are all in it.
    paragraphs.extend(
        finding
            .related
            .iter()
            .filter(|label| label.file.is_none())
            .map(|label| related(label, source)),
    );
    Note {
        span: finding.primary.span.start..finding.primary.span.end,
        paragraphs,
    }
}

/// "see paragraph 12: “Score: 3” (scored here)": the Word paragraph of a
/// related span, its words and its label.
fn related(label: &Label, source: &SourceFile) -> String {
    let words = source
        .text()
        .get(label.span.start..label.span.end)
        .map(quote)
        .unwrap_or_default();
    let place = match source.word().and_then(|m| m.place(label.span.start)) {
        Some(place) => format!("paragraph {}", place.paragraph),
        None => format!("line {}", source.position(label.span.start).line),
    };
    let mut line = format!("see {place}: “{words}”");
    if !label.message.trim().is_empty() {
        line.push_str(&format!(" ({})", label.message.trim()));
    }
    line
}

/// Words of the report for a comment: on one line, cut to [`QUOTE`]
/// characters.
fn quote(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= QUOTE {
        return joined;
    }
    let cut: String = joined.chars().take(QUOTE - 1).collect();
    format!("{}…", cut.trim_end())
}
