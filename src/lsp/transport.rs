//! Content-Length framed JSON-RPC over a byte stream, on two threads.
//!
//! lsp-server's own stdio transport ends its reader thread at the first
//! frame that is not valid JSON (and with it the server). This one reads a
//! frame whole, then decides: a malformed frame, a body that is not UTF-8 or
//! not JSON-RPC becomes [`Incoming::Malformed`] and the next frame is read
//! as usual. Bytes that are not a frame (the rest of a body longer than its
//! Content-Length, a header block without one, an over-limit frame's body)
//! are skipped to the next `Content-Length:` header, so the frames after
//! them are still answered. Messages themselves are lsp-server's
//! [`Message`].

use std::io::{Read, Write};
use std::thread::JoinHandle;

use lsp_server::Message;
use std::sync::mpsc::{Receiver, Sender};

/// A frame read from the client.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that could not be read as a message, why, and the request
    /// id when one could be recovered from the JSON.
    Malformed {
        why: String,
        /// JSON-RPC error code: parse error or invalid request.
        code: i32,
        id: serde_json::Value,
    },
}

/// What the writer thread sends.
#[derive(Debug)]
pub enum Outgoing {
    Message(Message),
    /// A JSON-RPC error response whose id is `null` or not representable
    /// as an lsp-server request id (a reply to a frame that did not parse).
    RawError {
        id: serde_json::Value,
        code: i32,
        message: String,
    },
}

/// Largest frame accepted; a larger Content-Length is refused without
/// reading its body: the reader skips to the next header instead.
const MAX_FRAME: usize = 256 * 1024 * 1024;

/// Longest header line read; a longer one is not a header.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// The header every frame has, matched in any case.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// One step of the reader: a frame's body, something that was not a frame
/// (skipped, with why), or the end of the input.
#[derive(Debug)]
enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

/// Reads frames from a byte stream and finds the next one after anything
/// that is not a frame: a body longer than its Content-Length, a header
/// block without one, a header line that is not one, an over-limit length.
/// What is skipped is searched for the next `Content-Length:` once, and
/// never held whole in memory (only an over-limit body's bytes are read
/// through, never kept), so a client's mistake costs one error answer, not
/// the session.
struct Framer<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Framer<R> {
    fn new(input: R) -> Self {
        Framer {
            input,
            buf: Vec::new(),
            pos: 0,
            eof: false,
        }
    }

    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Reads more input after what is buffered; false at the end.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    self.buf
                        .extend_from_slice(chunk.get(..n).unwrap_or_default());
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        self.eof = true;
        false
    }

    /// The length of the line at the read position, its `\n` included:
    /// `Some(Ok)` for a whole line, `Some(Err)` for a line longer than
    /// [`MAX_HEADER_LINE`] or cut by the end of the input, `None` at the
    /// end.
    fn line(&mut self) -> Option<Result<usize, ()>> {
        let mut searched = 0;
        loop {
            let rest = self.rest();
            let window = rest.get(searched..).unwrap_or_default();
            if let Some(i) = memchr::memchr(b'\n', window) {
                let len = searched + i + 1;
                return Some(if len <= MAX_HEADER_LINE {
                    Ok(len)
                } else {
                    Err(())
                });
            }
            searched = rest.len();
            if searched > MAX_HEADER_LINE {
                return Some(Err(()));
            }
            if !self.fill() {
                return (!self.rest().is_empty()).then_some(Err(()));
            }
        }
    }

    fn next_frame(&mut self) -> Frame {
        // Blank lines between frames.
        loop {
            let blank = self
                .rest()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            self.pos += blank;
            if !self.rest().is_empty() {
                break;
            }
            if !self.fill() {
                return Frame::End;
            }
        }
        let mut length = None;
        let mut bad = None;
        let mut first = true;
        loop {
            let n = match self.line() {
                None => return Frame::End,
                Some(Ok(n)) => n,
                Some(Err(())) if first => return self.skip(),
                Some(Err(())) => return Frame::Bad("header line too long".into()),
            };
            let line = self.rest().get(..n).unwrap_or_default();
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                self.pos += n;
                break;
            }
            // A header after bytes that are not one (the rest of a body
            // longer than its Content-Length, a cut header line): the
            // frame starts there.
            let header = match find_header(line, 1) {
                Some(_) => None,
                None => header(line),
            };
            let Some((name, value)) = header else {
                if first {
                    return self.skip();
                }
                // Left for the next read, which looks for a header in it.
                let text = String::from_utf8_lossy(line);
                return Frame::Bad(format!(
                    "malformed header line: {:?}",
                    crate::yaml::quote(&text, 80)
                ));
            };
            if name.eq_ignore_ascii_case("content-length") {
                match value.parse::<usize>() {
                    Ok(n) => {
                        length = Some(n);
                        bad = None;
                    }
                    Err(_) => {
                        bad = Some(format!(
                            "bad Content-Length header: {:?}",
                            crate::yaml::quote(value, 80)
                        ))
                    }
                }
            }
            self.pos += n;
            first = false;
        }
        // A body whose length is unknown, or too long to read, is skipped
        // by the next read as what is not a frame.
        if let Some(why) = bad {
            return Frame::Bad(why);
        }
        let Some(length) = length else {
            return Frame::Bad("no Content-Length header".into());
        };
        if length > MAX_FRAME {
            return Frame::Bad(format!(
                "frame of {length} bytes refused (the limit is {MAX_FRAME}); skipped to the next header"
            ));
        }
        let buffered = length.min(self.rest().len());
        let mut body = self.rest().get(..buffered).unwrap_or_default().to_vec();
        self.pos += buffered;
        if body.len() < length {
            let mut tail = vec![0; length - body.len()];
            if self.input.read_exact(&mut tail).is_err() {
                self.eof = true;
                return Frame::End;
            }
            body.extend_from_slice(&tail);
        }
        Frame::Body(body)
    }

    /// Skips to the next `Content-Length:` after the read position (which
    /// does not start a frame), or to the end of the input.
    fn skip(&mut self) -> Frame {
        let mut skipped = 0usize;
        let mut from = 1;
        loop {
            let rest = self.rest();
            if let Some(at) = find_header(rest, from) {
                self.pos += at;
                return Frame::Bad(format!(
                    "{} bytes that are not a frame skipped",
                    skipped + at
                ));
            }
            // Keep what could be the start of a header cut by the buffer.
            let keep = (CONTENT_LENGTH.len() - 1).min(rest.len().saturating_sub(from));
            let drop = rest.len() - keep;
            self.pos += drop;
            skipped += drop;
            from = 0;
            if !self.fill() {
                skipped += self.rest().len();
                self.pos = self.buf.len();
                return Frame::Bad(format!("{skipped} bytes that are not a frame skipped"));
            }
        }
    }
}

/// Where `Content-Length:` (in any case) starts in `bytes`, at `from` or
/// after.
fn find_header(bytes: &[u8], from: usize) -> Option<usize> {
    let hay = bytes.get(from..)?;
    memchr::memchr2_iter(b'c', b'C', hay)
        .map(|i| from + i)
        .find(|&i| {
            bytes
                .get(i..i + CONTENT_LENGTH.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
        })
}

/// A header line's name and value: `Name: value`, the name a token.
fn header(line: &[u8]) -> Option<(&str, &str)> {
    let line = std::str::from_utf8(line).ok()?;
    let (name, value) = line.split_once(':')?;
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_');
    (!name.is_empty() && name.bytes().all(token)).then_some((name, value.trim()))
}

/// Reads one frame's body as a message.
pub fn decode(body: &[u8]) -> Incoming {
    let malformed = |why: String, code: i32, id| Incoming::Malformed { why, code, id };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            return malformed(
                format!("message is not UTF-8: {e}"),
                lsp_server::ErrorCode::ParseError as i32,
                serde_json::Value::Null,
            )
        }
    };
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return malformed(
                format!("message is not JSON: {e}"),
                lsp_server::ErrorCode::ParseError as i32,
                serde_json::Value::Null,
            )
        }
    };
    let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            format!("not a JSON-RPC request, response or notification: {e}"),
            lsp_server::ErrorCode::InvalidRequest as i32,
            id,
        ),
    }
}

/// The frames of `input`, read as messages, until it ends: what the reader
/// thread sends, without the thread (the fuzz targets read it).
pub struct Frames<R> {
    framer: Framer<R>,
}

impl<R: Read> Frames<R> {
    pub fn new(input: R) -> Self {
        Frames {
            framer: Framer::new(input),
        }
    }
}

impl<R: Read> Iterator for Frames<R> {
    type Item = Incoming;

    fn next(&mut self) -> Option<Incoming> {
        Some(match self.framer.next_frame() {
            Frame::End => return None,
            Frame::Bad(why) => Incoming::Malformed {
                why,
                code: lsp_server::ErrorCode::ParseError as i32,
                id: serde_json::Value::Null,
            },
            Frame::Body(body) => decode(&body),
        })
    }
}

impl Incoming {
    /// The id of a request, as JSON-RPC writes it (`7`, `"a"`).
    pub fn request_id(&self) -> Option<String> {
        match self {
            Incoming::Message(Message::Request(request)) => Some(request.id.to_string()),
            _ => None,
        }
    }
}

/// Starts the reader thread: frames from `input` until it ends or an `exit`
/// notification arrives.
pub fn reader(input: impl Read + Send + 'static, to: Sender<Incoming>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for incoming in Frames::new(input) {
            let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
            if to.send(incoming).is_err() || exit {
                return;
            }
        }
    })
}

fn write_frame(output: &mut impl Write, json: &str) -> std::io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", json.len())?;
    output.write_all(json.as_bytes())?;
    output.flush()
}

/// Starts the writer thread; it ends when every sender is dropped (after
/// writing what was sent) or the output is closed.
pub fn writer(output: impl Write + Send + 'static, from: Receiver<Outgoing>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut output = output;
        for outgoing in from {
            let written = match outgoing {
                Outgoing::Message(message) => message.write(&mut output),
                Outgoing::RawError { id, code, message } => {
                    let json = serde_json::json!({
                        "jsonrpc": "2.0",
                        "id": id,
                        "error": { "code": code, "message": message },
                    });
                    write_frame(&mut output, &json.to_string())
                }
            };
            if written.is_err() {
                return;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8]) -> Vec<String> {
        let mut framer = Framer::new(bytes);
        let mut out = Vec::new();
        loop {
            match framer.next_frame() {
                Frame::End => return out,
                Frame::Bad(why) => out.push(format!("bad: {why}")),
                Frame::Body(body) => match decode(&body) {
                    Incoming::Message(m) => out.push(format!("ok: {m:?}")),
                    Incoming::Malformed { why, .. } => out.push(format!("malformed: {why}")),
                },
            }
        }
    }

    #[test]
    fn a_bad_frame_does_not_stop_the_next() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"Content-Length: 5\r\n\r\n{oops");
        bytes.extend_from_slice(b"Content-Length: 2\r\n\r\n\xff\xfe");
        bytes.extend_from_slice(b"Content-Length: x\r\n\r\n");
        bytes.extend_from_slice(b"Content-Length: 8\r\n\r\n{\"a\": 1}");
        let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n", exit.len()).as_bytes());
        bytes.extend_from_slice(exit);
        let got = frames(&bytes);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(
            got[0].starts_with("malformed: message is not JSON"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with("malformed: message is not UTF-8"),
            "{got:?}"
        );
        assert!(got[2].starts_with("bad: bad Content-Length"), "{got:?}");
        assert!(got[3].starts_with("malformed: not a JSON-RPC"), "{got:?}");
        assert!(got[4].starts_with("ok: Notification"), "{got:?}");
    }

    fn request(id: u32) -> Vec<u8> {
        let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        bytes
    }

    #[test]
    fn the_reader_finds_the_next_header_after_what_is_not_a_frame() {
        let mut bytes = Vec::new();
        // A body longer than its Content-Length, the next header right after.
        bytes.extend_from_slice(b"Content-Length: 2\r\n\r\n{}, \"extra\": 1}");
        bytes.extend_from_slice(&request(1));
        // A header block without Content-Length, then its body.
        bytes.extend_from_slice(b"Content-Type: x\r\n\r\n{\"jsonrpc\":\"2.0\"}\r\n");
        bytes.extend_from_slice(&request(2));
        // An over-limit length: refused, its body never read whole.
        bytes.extend_from_slice(b"Content-Length: 99999999999\r\n\r\n{\"a\": \"");
        bytes.extend_from_slice(&vec![b'x'; 100_000]);
        bytes.extend_from_slice(b"\"}");
        bytes.extend_from_slice(&request(3));
        // A line that is no header, and a header line cut short.
        bytes.extend_from_slice(b"hello\r\nX-Trace: abcContent-Length: 10");
        bytes.extend_from_slice(&request(4));
        // A header cut across two reads of the buffer is still found.
        bytes.extend_from_slice(&vec![b'y'; 16 * 1024 - 7]);
        bytes.extend_from_slice(&request(5));
        bytes.extend_from_slice(b"trailing garbage");
        let got = frames(&bytes);
        let answered: Vec<&String> = got.iter().filter(|f| f.starts_with("ok:")).collect();
        assert_eq!(answered.len(), 5, "{got:#?}");
        for id in 1..=5 {
            assert!(
                answered.iter().any(|f| f.contains(&format!("I32({id})"))),
                "{id}: {got:#?}"
            );
        }
        assert!(got.iter().any(|f| f.contains("refused")), "{got:#?}");
        assert!(
            got.iter().any(|f| f.contains("no Content-Length")),
            "{got:#?}"
        );
        assert!(
            got.last().is_some_and(|f| f.contains("not a frame")),
            "{got:#?}"
        );
    }
}
