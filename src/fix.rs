//! Applying safe fixes: `check --fix` writes them, `check --diff` shows
//! them. Only a finding's `fix` is ever applied, never its `suggestion`
//! (numbers, ratings and judgements are the author's to change).
//!
//! Edits replace byte spans of the text as read, so everything else in the
//! file (BOM, line endings, spacing) is kept byte for byte. A file is
//! written to a temporary file beside it and renamed over it, so a report is
//! never left half written.

use std::io::Write;
use std::path::Path;

use crate::docx::is_docx;
use crate::finding::{Finding, Replacement};
use crate::source::{InputError, SourceFile};
use crate::stream::{Checked, Lint, Linted};

/// The result of applying fixes to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
    /// Fixes left out because they overlapped one already applied.
    pub skipped: usize,
}

/// Applies the fixes of `findings` to `text`: in document order, each fix
/// that does not overlap an earlier one.
pub fn apply<'a>(text: &str, findings: impl IntoIterator<Item = &'a Finding>) -> Fixed {
    let mut edits: Vec<&Replacement> = findings
        .into_iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|r| {
            r.span.start <= r.span.end
                && text.is_char_boundary(r.span.start)
                && text.is_char_boundary(r.span.end)
                && r.span.end <= text.len()
        })
        .collect();
    edits.sort_by_key(|r| (r.span.start, r.span.end));
    edits.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let (mut applied, mut skipped) = (0, 0);
    for edit in edits {
        if edit.span.start < at {
            skipped += 1;
            continue;
        }
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.text);
        at = edit.span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    Fixed {
        text: out,
        applied,
        skipped,
    }
}

/// A unified diff of `before` and `after`, with `path` in the headers.
pub fn diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Writes `contents` to `path` through a temporary file in the same folder
/// and a rename, keeping the file's permissions and its encoding (a UTF-16
/// report is written back in UTF-16).
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let encoding = crate::source::Encoding::of_file(path);
    write_bytes_atomically(path, &encoding.encode(contents))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so that `path` is never left half written; a file already at
/// `path` keeps its permissions.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.reportlint-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(metadata) = std::fs::metadata(path) {
            std::fs::set_permissions(&temporary, metadata.permissions())?;
        }
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// How many safe fixes the findings of `file` carry.
fn fixes(file: &Linted) -> usize {
    file.findings.iter().filter(|f| f.fix.is_some()).count()
}

/// Notes for the Word documents of `run` with safe fixes: a Word document
/// is never rewritten, its fixes are for the author to make in Word (the
/// finding's place says where).
pub fn word_notes(run: &Lint) -> Vec<String> {
    let word = run
        .files
        .iter()
        .filter(|f| is_docx(Path::new(f.name())))
        .map(|f| (f.name(), fixes(f)));
    word.filter(|(_, n)| *n > 0)
        .map(|(name, n)| {
            format!(
                "note: {name}: {n} fix{} not applied: a Word document is not rewritten; make {} in Word",
                if n == 1 { "" } else { "es" },
                if n == 1 { "it" } else { "them" },
            )
        })
        .collect()
}

/// Goes through the files of `run` with a safe fix (Word documents left
/// out), read again, in path order, until `each` returns false. Returns
/// the files that can no longer be had as linted. `each` gets the file's
/// text and findings.
fn visit_fixable(
    run: &Lint,
    each: &mut dyn FnMut(&SourceFile, &[Finding]) -> bool,
) -> Vec<InputError> {
    let fixable = |f: &Linted| fixes(f) > 0 && !is_docx(Path::new(f.name()));
    run.reread(&fixable, &mut |file: &Checked| match &file.source {
        Some(source) => each(source, &file.findings),
        None => true,
    })
}

/// `check --diff`: the safe fixes of `run` as one unified diff, and the
/// files that could no longer be had as linted.
pub fn diff_run(run: &Lint) -> (String, Vec<InputError>) {
    let mut out = String::new();
    let late = visit_fixable(run, &mut |source, findings| {
        let (name, text) = (source.name(), source.text());
        let fixed = apply(text, findings);
        if fixed.applied > 0 {
            out.push_str(&diff(name, text, &fixed.text));
        }
        true
    });
    (out, late)
}

/// What writing the safe fixes of a run came to.
#[derive(Debug, Default)]
pub struct Written {
    /// Fixes applied, and files written.
    pub applied: usize,
    pub files: usize,
    /// Why writing stopped at a file, if it did.
    pub failed: Option<String>,
    /// Files that could no longer be had as linted.
    pub late: Vec<InputError>,
}

impl Written {
    /// "fixed 3 findings in 2 files", or nothing when none was.
    pub fn summary(&self) -> Option<String> {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        (self.applied > 0).then(|| {
            format!(
                "fixed {} finding{} in {} file{}",
                self.applied,
                plural(self.applied),
                self.files,
                plural(self.files)
            )
        })
    }
}

/// `check --fix`: writes the safe fixes of `run` into its files, stopping
/// at the first file that cannot be written.
pub fn write_run(run: &Lint) -> Written {
    let (mut applied, mut files, mut failed) = (0, 0, None);
    let late = visit_fixable(run, &mut |source, findings| {
        let fixed = apply(source.text(), findings);
        if fixed.applied == 0 {
            return true;
        }
        let path = Path::new(source.name());
        if source.name() == "<stdin>" || !path.is_file() {
            failed = Some(format!("cannot write fixes to {}", source.name()));
        } else if let Err(error) = write_atomically(path, &fixed.text) {
            failed = Some(format!("cannot write {}: {error}", path.display()));
        } else {
            applied += fixed.applied;
            files += 1;
        }
        failed.is_none()
    });
    Written {
        applied,
        files,
        failed,
        late,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Label, Severity};
    use crate::source::SourceFile;
    use crate::span::Span;

    fn with_fix(source: &SourceFile, at: &str, text: &str) -> Finding {
        let start = source.text().find(at).expect("present");
        let span = Span::new(start, start + at.len());
        Finding {
            rule: "common/x".into(),
            severity: Severity::Warning,
            message: "m".into(),
            primary: Label::new(span, "l"),
            related: Vec::new(),
            help: None,
            fix: Some(Replacement {
                span,
                text: text.into(),
            }),
            suggestion: None,
        }
    }

    #[test]
    fn fixes_keep_bom_and_line_endings_and_skip_overlaps() {
        let text =
            "\u{feff}See www.qov.uk/ofsted.\r\nScore: 2\r\n2 - Evidence shows a good standard\r\n";
        let source = SourceFile::new("letter.txt", text.to_string());
        let findings = [
            with_fix(&source, "qov.uk", "gov.uk"),
            with_fix(&source, "a good standard", "some shortfalls"),
            with_fix(&source, "good standard", "x"),
        ];
        let fixed = apply(text, &findings);
        assert_eq!(
            fixed.text,
            "\u{feff}See www.gov.uk/ofsted.\r\nScore: 2\r\n2 - Evidence shows some shortfalls\r\n"
        );
        assert_eq!((fixed.applied, fixed.skipped), (2, 1));
        let shown = diff("letter.txt", text, &fixed.text);
        assert!(shown.contains("+\u{feff}See www.gov.uk/ofsted."), "{shown}");
        assert!(
            shown.starts_with("--- a/letter.txt\n+++ b/letter.txt\n"),
            "{shown}"
        );
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("draft.md");
        std::fs::write(&path, "old").expect("write");
        write_atomically(&path, "new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }
}
