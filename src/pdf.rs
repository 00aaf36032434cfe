//! PDF reports read as text through poppler's `pdftotext`.
//!
//! Why a program and not a crate: measured on the 55 published inspection
//! reports of the shared sample, `pdf-extract` 0.10 (the most used pure
//! Rust extractor) reads 99.6% of the words in the order `pdftotext` does,
//! but loses the page layout: page numbers run into the running footer
//! and paragraph breaks move. Linted, its text gave 13 false warnings and
//! lost the 3 true running-header findings. `pdftotext` (poppler-utils)
//! writes each page's lines in reading order with a form feed before each
//! new page, which the grammar reads as page furniture. So reportlint runs
//! it when it is installed, and says how to install it when it is not.
//!
//! The PDF's bytes go on the program's standard input and its text comes
//! back on standard output, so no temporary file is written. The program
//! is given [`TIMEOUT`] and its output is capped: a hostile PDF cannot hang
//! a run or fill memory. `REPORTLINT_PDFTOTEXT` names another program (a
//! full path, say) to run instead.

use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The program run to extract text, unless `REPORTLINT_PDFTOTEXT` names
/// another.
pub const PROGRAM: &str = "pdftotext";

/// Longer than any real report takes (a 100-page report takes about 0.3 s).
const TIMEOUT: Duration = Duration::from_secs(60);

/// How much of the program's error output is kept for the message.
const MAX_STDERR: u64 = 4096;

/// Whether a path names a PDF by its extension.
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Why a PDF could not be read as text. The file's path is added by
/// [`crate::source::InputError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The bytes do not start a PDF (`%PDF-` in the first kilobyte).
    NotPdf,
    /// The extraction program could not be started.
    NotInstalled { program: String, why: String },
    /// The PDF is encrypted with a password.
    Encrypted,
    /// The program failed; its last message.
    Failed { program: String, message: String },
    /// The program ran longer than [`TIMEOUT`] and was stopped.
    TimedOut { seconds: u64 },
    /// More text than the limit for one report.
    TooLarge { limit: u64 },
    /// The program's output is not UTF-8.
    NotUtf8,
    /// Pages without text: a scanned document with no text layer.
    NoText,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPdf => write!(f, "not a PDF file (no `%PDF-` at its start)"),
            Self::NotInstalled { program, why } => write!(
                f,
                "reading a PDF needs `{program}` from poppler-utils, which could not be run \
                 ({why}): install it (`apt install poppler-utils` on Debian or Ubuntu, \
                 `dnf install poppler-utils` on Fedora, `brew install poppler` on macOS, \
                 `choco install poppler` on Windows), set REPORTLINT_PDFTOTEXT to the \
                 program's path, or check the report's text or Word file instead"
            ),
            Self::Encrypted => write!(
                f,
                "the PDF is encrypted with a password: check the unprotected PDF, or the \
                 report's Word file"
            ),
            Self::Failed { program, message } => {
                write!(f, "`{program}` could not read the PDF: {message}")
            }
            Self::TimedOut { seconds } => write!(
                f,
                "reading the PDF's text took over {seconds} s and was stopped"
            ),
            Self::TooLarge { limit } => write!(
                f,
                "the PDF's text is over {limit} bytes, the limit for one report: refused"
            ),
            Self::NotUtf8 => write!(f, "the PDF's extracted text is not UTF-8"),
            Self::NoText => write!(
                f,
                "the PDF has no text (a scanned document without a text layer?): \
                 there is no report to check"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

/// The PDF's text as `pdftotext` gives it: UTF-8, lines in reading order,
/// a form feed before each new page. `limit` caps the text's bytes.
pub fn extract(bytes: &[u8], limit: u64) -> Result<String, PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(PdfError::NotPdf);
    }
    let program = std::env::var("REPORTLINT_PDFTOTEXT").unwrap_or_else(|_| PROGRAM.to_string());
    let (status, text, stderr, over) = run(&program, bytes, limit)?;
    if over {
        return Err(PdfError::TooLarge { limit });
    }
    let stderr = String::from_utf8_lossy(&stderr);
    if !status {
        if stderr.to_ascii_lowercase().contains("password") {
            return Err(PdfError::Encrypted);
        }
        return Err(PdfError::Failed {
            program,
            message: last_message(&stderr),
        });
    }
    let text = String::from_utf8(text).map_err(|_| PdfError::NotUtf8)?;
    if text.trim().is_empty() {
        return Err(PdfError::NoText);
    }
    Ok(text)
}

/// The last error line of the program's output, or its exit status said
/// plainly when it printed none.
fn last_message(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map_or_else(
            || "it failed without a message".to_string(),
            |line| line.chars().take(300).collect(),
        )
}

/// Runs `program - -` with `input` on stdin. Gives whether it succeeded,
/// its stdout (at most `limit` bytes), the start of its stderr, and
/// whether stdout went over `limit` (then the program is stopped).
fn run(
    program: &str,
    input: &[u8],
    limit: u64,
) -> Result<(bool, Vec<u8>, Vec<u8>, bool), PdfError> {
    let mut child = Command::new(program)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfError::NotInstalled {
            program: program.to_string(),
            why: e.to_string(),
        })?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let over = AtomicBool::new(false);
    let started = Instant::now();
    // Writing, reading and waiting each on their own thread: the program
    // may fill its output pipe before it has read all its input.
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A program that exits early closes the pipe: not an error
                // here, its exit status tells.
                let _ = stdin.write_all(input);
            }
        });
        let reader = scope.spawn(|| {
            let mut text = Vec::new();
            if let Some(stdout) = stdout {
                let _ = stdout.take(limit.saturating_add(1)).read_to_end(&mut text);
            }
            if text.len() as u64 > limit {
                over.store(true, Ordering::Relaxed);
                text.clear();
            }
            text
        });
        let errors = scope.spawn(|| {
            let mut message = Vec::new();
            if let Some(mut stderr) = stderr {
                let _ = (&mut stderr).take(MAX_STDERR).read_to_end(&mut message);
                // Drain the rest so the program never blocks on it.
                let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            }
            message
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status.success()),
                Ok(None) if over.load(Ordering::Relaxed) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Ok(false);
                }
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(PdfError::TimedOut {
                        seconds: TIMEOUT.as_secs(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => {
                    let _ = child.kill();
                    break Err(PdfError::Failed {
                        program: program.to_string(),
                        message: e.to_string(),
                    });
                }
            }
        };
        let _ = writer.join();
        let text = reader.join().unwrap_or_default();
        let message = errors.join().unwrap_or_default();
        status.map(|ok| (ok, text, message, over.load(Ordering::Relaxed)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bytes_that_start_a_pdf_are_given_to_the_program() {
        assert_eq!(extract(b"Plain text.", 1000), Err(PdfError::NotPdf));
        assert_eq!(extract(b"", 1000), Err(PdfError::NotPdf));
    }

    #[test]
    fn the_last_message_is_the_last_line_said() {
        assert_eq!(
            last_message("Syntax Warning: x\nSyntax Error: Couldn't read xref table\n\n"),
            "Syntax Error: Couldn't read xref table"
        );
        assert_eq!(last_message(""), "it failed without a message");
    }

    #[test]
    fn pdf_by_extension() {
        assert!(is_pdf(Path::new("a/Report.PDF")));
        assert!(!is_pdf(Path::new("a/report.pdf.txt")));
    }
}
