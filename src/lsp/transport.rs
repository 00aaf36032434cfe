//! Content-Length framed JSON-RPC over a byte stream, on two threads.
//!
//! lsp-server's own stdio transport ends its reader thread at the first
//! frame that is not valid JSON (and with it the server). This one reads a
//! frame whole, then decides: a malformed frame, a body that is not UTF-8 or
//! not JSON-RPC becomes [`Incoming::Malformed`] and the next frame is read
//! as usual. Messages themselves are lsp-server's [`Message`].

use std::io::{BufRead, BufReader, Read, Write};
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

/// Largest frame accepted; a larger Content-Length is refused and its body
/// skipped without being held in memory.
const MAX_FRAME: usize = 256 * 1024 * 1024;

enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return Frame::End,
            Ok(_) => {}
            Err(_) => return Frame::End,
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() || bad.is_some() {
                break;
            }
            // Stray blank line between frames.
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad = Some(format!("bad Content-Length header: {text:?}")),
                }
            }
            Some(_) => {}
            None => bad = Some(format!("malformed header line: {text:?}")),
        }
    }
    let Some(length) = length else {
        return Frame::Bad(bad.unwrap_or_else(|| "no Content-Length header".into()));
    };
    if length > MAX_FRAME {
        let skipped = std::io::copy(&mut input.take(length as u64), &mut std::io::sink());
        return match skipped {
            Ok(n) if n == length as u64 => Frame::Bad(format!("frame of {length} bytes refused")),
            _ => Frame::End,
        };
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Frame::End;
    }
    match bad {
        Some(why) => Frame::Bad(why),
        None => Frame::Body(body),
    }
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

/// Starts the reader thread: frames from `input` until it ends or an `exit`
/// notification arrives.
pub fn reader(input: impl Read + Send + 'static, to: Sender<Incoming>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut input = BufReader::new(input);
        loop {
            let incoming = match read_frame(&mut input) {
                Frame::End => return,
                Frame::Bad(why) => Incoming::Malformed {
                    why,
                    code: lsp_server::ErrorCode::ParseError as i32,
                    id: serde_json::Value::Null,
                },
                Frame::Body(body) => decode(&body),
            };
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
        let mut input = std::io::Cursor::new(bytes.to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input) {
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
}
