//! Finding the reports to lint under the paths a user names.
//!
//! A file named on the command line is always linted (a pipe or a device
//! too: it is read like a file). A folder is walked for files with the
//! report extensions, following symbolic links to files and folders
//! inside it (a link that leads back to a folder above it is reported,
//! not followed round). A named path that gives no report at all (an
//! empty folder, one without reports) is an input error. A file reached
//! two ways (`a/r.txt` and `./a/r.txt`, a link and its target) is linted
//! once, under the first path it was reached by. Results are sorted so
//! runs are deterministic.
//!
//! Word documents (`.docx`) are reports like the others. The lock file
//! Word keeps beside a document while it is open (`~$aft.docx` for
//! `draft.docx`: a few bytes with the user's name, no document) is passed
//! over in folders and counted ([`Skipped`]), as README files are.
//!
//! PDF files are read when named, or in folders with `--ext pdf`; by
//! default a folder walk counts them and passes them over (see
//! [`Skipped::pdfs`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::source::{InputError, InputProblem};

/// Extensions linted when walking a folder.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "docx"];

/// Files in the folders walked that are not reports, by kind: the summary
/// says how many were skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// README files ([`is_readme`]).
    pub readmes: usize,
    /// Word's lock files of open documents ([`is_word_lock_file`]).
    pub lock_files: usize,
    /// PDF files, when `pdf` is not among the extensions: a folder of
    /// reports often holds each one's PDF beside its text or Word file, and
    /// reading both would lint each report twice (and compare it with
    /// itself). `--ext pdf` reads them.
    pub pdfs: usize,
}

impl Skipped {
    /// What to tell of the PDFs passed over, where the output has no
    /// summary line: `note: 3 PDF files in the folders not read (...)`.
    pub fn pdf_note(&self) -> Option<String> {
        let n = self.pdfs;
        (n > 0).then(|| {
            format!(
                "note: {n} PDF file{} in the folders not read (`--ext pdf` reads them)",
                if n == 1 { "" } else { "s" }
            )
        })
    }
}

/// The files to lint, the paths that could not be walked, and the files
/// the walk passed over.
pub fn discover(
    paths: &[PathBuf],
    extensions: &[String],
) -> (Vec<PathBuf>, Vec<InputError>, Skipped) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut readmes = HashSet::new();
    let mut lock_files = HashSet::new();
    let mut pdfs = HashSet::new();
    let count_pdfs = !extensions.iter().any(|e| e.eq_ignore_ascii_case("pdf"));
    for path in paths {
        let found = files.len();
        if !path.exists() {
            errors.push(InputError {
                path: path.display().to_string(),
                problem: InputProblem::Unreadable("no such file or folder".into()),
            });
            continue;
        }
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut troubled = false;
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry)
                    if entry.file_type().is_file() && has_extension(entry.path(), extensions) =>
                {
                    if is_readme(entry.path()) {
                        let path = entry.into_path();
                        readmes.insert(path.canonicalize().unwrap_or(path));
                    } else if is_word_lock_file(entry.path()) {
                        let path = entry.into_path();
                        lock_files.insert(path.canonicalize().unwrap_or(path));
                    } else {
                        files.push(entry.into_path());
                    }
                }
                Ok(entry)
                    if count_pdfs
                        && entry.file_type().is_file()
                        && crate::pdf::is_pdf(entry.path()) =>
                {
                    let path = entry.into_path();
                    pdfs.insert(path.canonicalize().unwrap_or(path));
                }
                Ok(_) => {}
                // A dangling link that would not have been a report.
                Err(error)
                    if error.loop_ancestor().is_none()
                        && error.path().is_some_and(|p| {
                            p.symlink_metadata().is_ok_and(|m| m.is_symlink())
                                && !has_extension(p, extensions)
                        }) => {}
                Err(error) => {
                    troubled = true;
                    errors.push(InputError {
                        path: error.path().unwrap_or(path).display().to_string(),
                        problem: InputProblem::Unreadable(match error.loop_ancestor() {
                            Some(ancestor) => format!(
                                "a symbolic link back to {}: not followed",
                                ancestor.display()
                            ),
                            None => error
                                .io_error()
                                .map_or_else(|| error.to_string(), ToString::to_string),
                        }),
                    })
                }
            }
        }
        if files.len() == found && !troubled {
            errors.push(InputError {
                path: path.display().to_string(),
                problem: InputProblem::NoReports {
                    extensions: extensions.to_vec(),
                },
            });
        }
    }
    // The first path a file was reached by names it.
    let mut seen = HashSet::new();
    files.retain(|path| seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())));
    files.sort();
    // A README (or lock file) also named on the command line is linted,
    // not skipped.
    let skipped = Skipped {
        readmes: readmes.difference(&seen).count(),
        lock_files: lock_files.difference(&seen).count(),
        pdfs: pdfs.difference(&seen).count(),
    };
    (files, errors, skipped)
}

/// Whether a file found in a folder is the lock file Word keeps beside an
/// open document (`~$` then the end of its name, `.docx`).
pub fn is_word_lock_file(path: &Path) -> bool {
    crate::docx::is_docx(path)
        && path
            .file_name()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.starts_with("~$"))
}

/// Whether a file found in a folder is the folder's README (`README.md`,
/// `readme.txt`, any case): a note for people about the reports beside it,
/// not a report. A README named on the command line is linted.
pub fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
