//! Finding the reports to lint under the paths a user names.
//!
//! A file named on the command line is always linted. A folder is walked
//! (without following symbolic links) for files with the report extensions.
//! Results are sorted so runs are deterministic.

use std::path::{Path, PathBuf};

use crate::source::{InputError, InputProblem};

/// Extensions linted when walking a folder.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// The files to lint, and the paths that could not be walked.
pub fn discover(paths: &[PathBuf], extensions: &[String]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            errors.push(InputError {
                path: path.display().to_string(),
                problem: InputProblem::Unreadable("no such file or folder".into()),
            });
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .follow_links(false)
            .sort_by_file_name()
        {
            match entry {
                Ok(entry)
                    if entry.file_type().is_file() && has_extension(entry.path(), extensions) =>
                {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(error) => errors.push(InputError {
                    path: error.path().unwrap_or(path).display().to_string(),
                    problem: InputProblem::Unreadable(
                        error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string),
                    ),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
