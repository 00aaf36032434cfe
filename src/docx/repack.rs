//! Writing the package again with some parts changed: every other entry's
//! compressed bytes are copied as they are (never inflated, so a bomb in a
//! part reportlint does not read costs nothing), in the original order.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::DocxError;

/// `bytes` (a package already opened once) with the parts `changed`
/// replaced, and those it did not have added at the end.
pub(super) fn repack(bytes: &[u8], changed: &[(String, String)]) -> Result<Vec<u8>, DocxError> {
    let fail = |part: &str, problem: String| DocxError::Part {
        part: part.to_string(),
        problem,
    };
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 4096)));
    let mut written = vec![false; changed.len()];
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| fail(&format!("entry {index}"), e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| fail(&format!("entry {index}"), e.to_string()))?
            .into_owned();
        let replacement = changed.iter().position(|(part, _)| same_part(part, &name));
        match replacement {
            Some(at) => {
                let modified = entry.last_modified().unwrap_or_default();
                drop(entry);
                if let (Some((_, xml)), Some(done)) = (changed.get(at), written.get_mut(at)) {
                    write_part(&mut writer, &name, xml, modified)
                        .map_err(|e| fail(&name, e.to_string()))?;
                    *done = true;
                }
            }
            None => writer
                .raw_copy_file(entry)
                .map_err(|e| fail(&name, e.to_string()))?,
        }
    }
    for ((part, xml), done) in changed.iter().zip(&written) {
        if !done {
            write_part(&mut writer, part, xml, DateTime::default())
                .map_err(|e| fail(part, e.to_string()))?;
        }
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|e| fail("the package", e.to_string()))
}

/// Part names compare without case and without a leading `/`.
fn same_part(a: &str, b: &str) -> bool {
    a.trim_start_matches('/')
        .eq_ignore_ascii_case(b.trim_start_matches('/'))
}

/// One part, deflated, with a fixed date: the same input gives the same
/// bytes.
fn write_part(
    writer: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    xml: &str,
    modified: DateTime,
) -> zip::result::ZipResult<()> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(modified);
    writer.start_file(name, options)?;
    writer.write_all(xml.as_bytes())?;
    Ok(())
}
