//! How a file's bytes are text: UTF-8, or UTF-16 told by a byte order
//! mark. Both a text report and the XML parts of a Word document are read
//! through it, so it sits below both.

use std::path::Path;

/// How a report file is encoded: UTF-8, or UTF-16 told by its byte order
/// mark (Word's "Unicode" text export). A UTF-16 report is read as text
/// that starts with U+FEFF, and `--fix` writes it back in UTF-16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The encoding of a file that starts with `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        match bytes {
            [0xff, 0xfe, ..] => Self::Utf16Le,
            [0xfe, 0xff, ..] => Self::Utf16Be,
            _ => Self::Utf8,
        }
    }

    /// The encoding of the file at `path` (UTF-8 when it cannot be read).
    pub fn of_file(path: &Path) -> Self {
        use std::io::Read;
        let mut start = [0u8; 2];
        std::fs::File::open(path)
            .and_then(|mut file| file.read_exact(&mut start))
            .map_or(Self::Utf8, |()| Self::of(&start))
    }

    /// UTF-16 `bytes` (with their byte order mark) as text; `Err` is the
    /// byte offset of an odd last byte or an unpaired surrogate.
    pub fn decode(self, bytes: &[u8]) -> Result<String, usize> {
        let unit = |pair: &[u8]| match self {
            Self::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
            _ => u16::from_le_bytes([pair[0], pair[1]]),
        };
        if !bytes.len().is_multiple_of(2) {
            return Err(bytes.len() - 1);
        }
        let mut text = String::with_capacity(bytes.len() / 2);
        let units = bytes.chunks_exact(2).map(unit);
        for (i, c) in char::decode_utf16(units).enumerate() {
            match c {
                Ok(c) => text.push(c),
                // The offset of the unit decoding stopped at, roughly.
                Err(_) => return Err(i * 2),
            }
        }
        Ok(text)
    }

    /// `text` written in this encoding.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Self::Utf8 => text.as_bytes().to_vec(),
            Self::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Self::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}
