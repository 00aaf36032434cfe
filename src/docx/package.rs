//! The zip package of a `.docx`: its parts, each read with a cap on the
//! bytes it inflates to.

use std::io::{Cursor, Read};

use super::DocxError;

/// An open package and what is left of its budget of uncompressed bytes.
pub(super) struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes that may still be inflated, all parts together: a package of
    /// many small bombs is refused as one large one is.
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8], limit: u64) -> Result<Self, DocxError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| DocxError::NotZip(e.to_string()))?;
        Ok(Self {
            archive,
            budget: limit,
            limit,
        })
    }

    /// The text of a part (`word/document.xml`), or `None` when the package
    /// has no such part. Part names are compared without case, as the
    /// package format says, and without a leading `/`.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let wanted = name.trim_start_matches('/');
        let Some(index) = (0..self.archive.len()).find(|&i| {
            self.archive
                .name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|n| n.trim_start_matches('/').eq_ignore_ascii_case(wanted))
        }) else {
            return Ok(None);
        };
        let fail = |problem: String| DocxError::Part {
            part: wanted.to_string(),
            problem,
        };
        let too_large = || DocxError::TooLarge {
            part: wanted.to_string(),
            limit: self.limit,
        };
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|e| fail(e.to_string()))?;
        if file.encrypted() {
            return Err(fail("it is encrypted with a zip password".into()));
        }
        // The declared size is checked first (no inflating at all), and the
        // reading is capped in case the declaration lies.
        if file.size() > self.budget {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        let read = (&mut file)
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        if read as u64 > self.budget {
            return Err(too_large());
        }
        self.budget -= read as u64;
        decode(wanted, bytes).map(Some)
    }
}

/// A part's bytes as text: UTF-8 (Word's), or UTF-16 with a byte order
/// mark, which XML also allows. A UTF-8 byte order mark is dropped.
fn decode(part: &str, bytes: Vec<u8>) -> Result<String, DocxError> {
    let fail = |offset: usize, problem: &str| DocxError::Xml {
        part: part.to_string(),
        offset: offset as u64,
        problem: problem.to_string(),
    };
    match crate::encoding::Encoding::of(&bytes) {
        crate::encoding::Encoding::Utf8 => {
            let mut text = String::from_utf8(bytes)
                .map_err(|e| fail(e.utf8_error().valid_up_to(), "not valid UTF-8"))?;
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        utf16 => {
            let text = utf16
                .decode(&bytes)
                .map_err(|offset| fail(offset, "not valid UTF-16"))?;
            Ok(text.trim_start_matches('\u{feff}').to_string())
        }
    }
}
