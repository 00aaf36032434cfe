//! `reportlint lsp` driven as an editor drives it: the binary spawned with
//! Content-Length framed JSON-RPC over pipes. Every wait has a deadline, so
//! a hung server fails the test instead of hanging CI.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(60);

/// An invented CQC report: its scores (23/36 = 63.9%) give its rating, and
/// the last line has `£`, curly quotes and en dashes before an abbreviation
/// defined differently earlier.
const REPORT: &str = include_str!("editors/wealdmoor-draft.md");
const ABBREVIATION: &str = "common/abbreviation-one-expansion";
const DEFINED_AGAIN: &str = "common/abbreviation-defined-again";
const RATING: &str = "cqc-la/rating-follows-scores";

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages received but not yet asked for.
    seen: Vec<Value>,
    next_id: i64,
    /// Column unit: UTF-8 bytes or UTF-16 units.
    utf8: bool,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn frame(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

impl Client {
    /// Spawns the server and completes the handshake; `encodings` is what
    /// the client lists in `general.positionEncodings`.
    fn start(encodings: Option<&[&str]>) -> (Self, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut out) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Self {
            child,
            stdin,
            incoming,
            seen: Vec::new(),
            next_id: 0,
            utf8: false,
        };
        let mut capabilities = json!({
            "textDocument": {
                "publishDiagnostics": { "relatedInformation": true, "codeDescriptionSupport": true },
                "documentSymbol": { "hierarchicalDocumentSymbolSupport": true }
            }
        });
        if let Some(list) = encodings {
            capabilities["general"] = json!({ "positionEncodings": list });
        }
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        client.utf8 = init["result"]["capabilities"]["positionEncoding"] == "utf-8";
        client.notify("initialized", json!({}));
        (client, init)
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_bytes(&frame(&message));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_bytes(&frame(&message));
        self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// The first message (already seen or still to come) matching `pred`.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if pred(&message) => return message,
                Ok(message) => self.seen.push(message),
                Err(_) => panic!(
                    "timed out waiting for {what}; received meanwhile: {:#?}",
                    self.seen
                ),
            }
        }
    }

    /// The diagnostics of the next publication for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri} {version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .expect("a diagnostics array")
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        self.diagnostics(uri, Some(1))
    }

    /// Sends an incremental change and applies it to `text` as the editor
    /// does; returns the diagnostics of the new version.
    fn change(
        &mut self,
        uri: &str,
        version: i64,
        text: &mut String,
        range: Value,
        new_text: &str,
    ) -> Vec<Value> {
        apply(text, &range, new_text, self.utf8);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": new_text }]
            }),
        );
        self.diagnostics(uri, Some(version))
    }

    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "the server exits with 0: {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The byte offset of an LSP position in `text`.
fn offset(text: &str, line: u64, character: u64, utf8: bool) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= character as usize {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    end
}

/// The LSP position of byte `at` in `text`.
fn position(text: &str, at: usize, utf8: bool) -> Value {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at]
        .chars()
        .map(|c| if utf8 { c.len_utf8() } else { c.len_utf16() })
        .sum();
    json!({ "line": line, "character": character })
}

fn range_of(text: &str, needle: &str, utf8: bool) -> Value {
    let at = text.find(needle).expect("text present");
    json!({ "start": position(text, at, utf8), "end": position(text, at + needle.len(), utf8) })
}

fn slice<'a>(text: &'a str, range: &Value, utf8: bool) -> &'a str {
    let at = |p: &Value| {
        offset(
            text,
            p["line"].as_u64().expect("line"),
            p["character"].as_u64().expect("character"),
            utf8,
        )
    };
    &text[at(&range["start"])..at(&range["end"])]
}

fn apply(text: &mut String, range: &Value, new_text: &str, utf8: bool) {
    let start = offset(
        text,
        range["start"]["line"].as_u64().expect("line"),
        range["start"]["character"].as_u64().expect("character"),
        utf8,
    );
    let end = offset(
        text,
        range["end"]["line"].as_u64().expect("line"),
        range["end"]["character"].as_u64().expect("character"),
        utf8,
    );
    text.replace_range(start..end, new_text);
}

fn with_rule<'a>(diagnostics: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == rule).collect()
}

fn file_uri(path: &Path) -> String {
    let path = path.to_str().expect("UTF-8 temporary path");
    format!("file://{}", path.replace(' ', "%20"))
}

#[test]
fn an_editor_session_from_open_to_exit() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("wealdmoor-draft.md");
    std::fs::write(&path, REPORT).expect("write the report");
    let uri = file_uri(&path);
    let (mut client, init) = Client::start(None);
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);

    // On open: the abbreviation defined twice, nothing else.
    let mut text = REPORT.to_string();
    let diagnostics = client.open(&uri, &text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let abbreviation = &diagnostics[0];
    assert_eq!(abbreviation["code"], ABBREVIATION);
    assert_eq!(abbreviation["source"], "reportlint");
    assert_eq!(abbreviation["severity"], 2, "a warning");
    let href = abbreviation["codeDescription"]["href"]
        .as_str()
        .expect("a documentation link");
    assert!(
        href.ends_with("rules/README.md#commonabbreviation-one-expansion"),
        "{href}"
    );
    // UTF-16 columns on the line with £, curly quotes and dashes.
    assert_eq!(abbreviation["range"]["start"]["line"], 48);
    assert_eq!(abbreviation["range"]["start"]["character"], 51);
    let flagged = slice(&text, &abbreviation["range"], false).to_string();
    assert!(flagged.contains("Access"), "{flagged:?}");
    let related = abbreviation["relatedInformation"]
        .as_array()
        .expect("related");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["location"]["uri"], uri.as_str());
    assert_eq!(related[0]["message"], "ARC = Advice and Referral Centre");
    assert!(slice(&text, &related[0]["location"]["range"], false).contains("Advice"));

    // Edit one summary score, 3 to 2: 22/36 = 61.1%, no longer Good.
    let at =
        text.find("Safeguarding  \nScore: 3").expect("score") + "Safeguarding  \nScore: ".len();
    let range =
        json!({ "start": position(&text, at, false), "end": position(&text, at + 1, false) });
    let diagnostics = client.change(&uri, 2, &mut text, range, "2");
    let rating = with_rule(&diagnostics, RATING);
    assert_eq!(rating.len(), 1, "{diagnostics:#?}");
    let rating = rating[0].clone();
    assert_eq!(rating["severity"], 1, "an error");
    assert!(
        rating["message"]
            .as_str()
            .expect("message")
            .contains("22/36 = 61.1%, which is Requires improvement"),
        "{rating}"
    );
    assert_eq!(slice(&text, &rating["range"], false), "Good");
    let related = rating["relatedInformation"].as_array().expect("related");
    assert_eq!(related.len(), 9, "the nine scores: {rating:#}");
    assert!(related.iter().any(|r| r["message"] == "Safeguarding: 2"
        && slice(&text, &r["location"]["range"], false) == "2"));

    // Hover on the abbreviation finding: the rule's summary and why.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": abbreviation["range"]["start"] }),
    );
    let contents = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown hover");
    assert!(contents.contains(ABBREVIATION), "{contents}");
    assert!(
        contents.contains("An abbreviation must be expanded the same way"),
        "{contents}"
    );
    assert!(contents.contains("**Why.**"), "{contents}");
    assert_eq!(hover["result"]["range"], abbreviation["range"]);
    // Nowhere near a finding: no hover.
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 3 } }),
    );
    assert_eq!(nothing["result"], Value::Null, "{nothing}");

    // Code actions on the rating: the computed rating, not preferred, and
    // a suppression.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": rating["range"],
            "context": { "diagnostics": [rating] }
        }),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with Requires improvement",
            "Suppress cqc-la/rating-follows-scores here"
        ]
    );
    let replace = &actions[0];
    assert_eq!(replace["kind"], "quickfix");
    assert_eq!(replace["isPreferred"], false);
    let edits = replace["edit"]["changes"][uri.as_str()]
        .as_array()
        .expect("edits");
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "Requires improvement");
    assert_eq!(slice(&text, &edits[0]["range"], false), "Good");
    // Apply it as the editor would: the rating finding goes.
    let range = edits[0]["range"].clone();
    let diagnostics = client.change(&uri, 3, &mut text, range, "Requires improvement");
    assert!(
        with_rule(&diagnostics, RATING).is_empty(),
        "{diagnostics:#?}"
    );
    assert!(text.contains("Wealdmoor District Council  \nRequires improvement\n"));
    assert_eq!(with_rule(&diagnostics, ABBREVIATION).len(), 1);

    // Suppress the abbreviation finding: a comment line above it.
    let abbreviation = with_rule(&diagnostics, ABBREVIATION)[0].clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": abbreviation["range"],
            "context": { "diagnostics": [abbreviation] }
        }),
    );
    let actions = actions["result"].as_array().expect("actions").clone();
    assert_eq!(actions.len(), 1, "no value to suggest: {actions:#?}");
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(
        edit["newText"],
        "<!-- reportlint-disable-next-line common/abbreviation-one-expansion -- reason -->\n"
    );
    assert_eq!(
        edit["range"]["start"],
        json!({ "line": 48, "character": 0 })
    );
    assert_eq!(edit["range"]["start"], edit["range"]["end"]);
    let range = edit["range"].clone();
    let new_text = edit["newText"].as_str().expect("text").to_string();
    let diagnostics = client.change(&uri, 4, &mut text, range, &new_text);
    assert!(diagnostics.is_empty(), "suppressed: {diagnostics:#?}");

    // The outline: fields, score table with its scores, themes with their
    // statements and scores.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let symbols = symbols["result"].as_array().expect("symbols").clone();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert!(names.contains(&"rating: Requires improvement"), "{names:?}");
    let title = symbols
        .iter()
        .find(|s| s["name"] == "Wealdmoor District Council: local authority assessment")
        .expect("the title section");
    let children = title["children"].as_array().expect("sections");
    let table = children
        .iter()
        .find(|s| s["name"] == "Quality statement scores")
        .expect("the score table");
    let scores = table["children"].as_array().expect("scores");
    assert_eq!(scores.len(), 9, "{table:#}");
    assert_eq!(scores[6]["name"], "Safeguarding: 2");
    assert_eq!(slice(&text, &scores[6]["selectionRange"], false), "2");
    let theme = children
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with("Theme 1")))
        .expect("the theme");
    let statement = &theme["children"][0];
    assert_eq!(statement["name"], "Assessing needs");
    assert_eq!(statement["detail"], "score 3");

    // An unknown request is answered, an unknown notification ignored.
    let unknown = client.request("reportlint/nonsense", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("reportlint/whatever", json!({ "x": 1 }));

    // Closing clears the diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"].is_null()
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    client.shutdown();
}

/// Both encodings: the flagged span's columns, and an incremental edit on
/// the line with multi-byte characters, land where the client means.
#[test]
fn columns_are_right_on_lines_with_multibyte_characters() {
    for (offered, utf8, column) in [
        (None, false, 51),
        (Some(&["utf-16"][..]), false, 51),
        (Some(&["utf-8", "utf-16"][..]), true, 58),
    ] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let uri = file_uri(&dir.path().join("draft.md"));
        let (mut client, init) = Client::start(offered);
        assert_eq!(
            init["result"]["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        let mut text = REPORT.to_string();
        let diagnostics = client.open(&uri, &text);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let range = &diagnostics[0]["range"];
        assert_eq!(range["start"]["character"], column, "utf8 {utf8}");
        assert_eq!(
            slice(&text, range, utf8),
            "Access and Referral Centre",
            "utf8 {utf8}"
        );
        // Rename the second expansion after the £, quotes and dash: the
        // finding goes only if the edit landed on the right characters.
        let range = range_of(&text, "Access", utf8);
        let diagnostics = client.change(&uri, 2, &mut text, range, "Advice");
        assert!(
            with_rule(&diagnostics, ABBREVIATION).is_empty(),
            "utf8 {utf8}: {diagnostics:#?}"
        );
        // What is left is the same definition twice in one section.
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0]["code"], DEFINED_AGAIN);
        // And back, with the curly quote itself replaced on the way.
        let range = range_of(&text, "“front door”", utf8);
        let diagnostics = client.change(&uri, 3, &mut text, range, "‘front door’ £");
        assert!(
            with_rule(&diagnostics, ABBREVIATION).is_empty(),
            "{diagnostics:#?}"
        );
        let range = range_of(&text, "Advice and Referral Centre (ARC) –", utf8);
        let diagnostics = client.change(
            &uri,
            4,
            &mut text,
            range,
            "Access and Referral Centre (ARC) –",
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(text.contains("on the ‘front door’ £ – run by the Access"));
        assert_eq!(
            slice(&text, &diagnostics[0]["range"], utf8),
            "Access and Referral Centre"
        );
        client.shutdown();
    }
}

#[test]
fn bad_input_does_not_kill_the_server() {
    let (mut client, _) = Client::start(None);
    // Malformed JSON: a parse error with a null id.
    client.send_bytes(b"Content-Length: 12\r\n\r\n{\"jsonrpc\": ");
    let error = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    // A body that is not UTF-8.
    client.send_bytes(b"Content-Length: 4\r\n\r\n\xff\xfe\x00\x01");
    client.wait_for("a second parse error", |m| m["error"]["code"] == -32700);
    // JSON that is not JSON-RPC.
    client.send_bytes(&frame(&json!({ "id": 77, "hello": "world" })));
    let invalid = client.wait_for("an invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(invalid["id"], 77);
    // An unknown method, and known methods with nonsense parameters.
    let unknown = client.request("textDocument/teleport", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = client.request("textDocument/hover", json!("not an object"));
    assert_eq!(bad["error"]["code"], -32602);
    client.notify("textDocument/didChange", json!([1, 2, 3]));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "not a uri at all", "languageId": "markdown", "version": 1, "text": "x" } }),
    );
    // A binary file: one diagnostic saying so.
    let binary = "file:///tmp/reportlint-lsp-test/scan.pdf";
    let diagnostics = client.open(binary, "%PDF-1.7\u{0}\u{1}\u{2}binary");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "reportlint/input");
    assert!(diagnostics[0]["message"]
        .as_str()
        .expect("message")
        .contains("binary file"));
    // A file URI whose path is not UTF-8 once decoded: linted without a
    // configuration.
    let odd = "file:///tmp/reportlint-lsp-test/%FF%FE/draft.md";
    let diagnostics = client.open(odd, REPORT);
    assert_eq!(with_rule(&diagnostics, ABBREVIATION).len(), 1);
    // A change to a document that is not open, a change past the end.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nowhere.md", "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": odd, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": 900, "character": 9 }, "end": { "line": 901, "character": 0 } }, "text": "\nTail.\n" }]
        }),
    );
    let diagnostics = client.diagnostics(odd, Some(2));
    assert_eq!(with_rule(&diagnostics, ABBREVIATION).len(), 1);
    // Still answering.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": odd } }),
    );
    assert!(!symbols["result"].as_array().expect("symbols").is_empty());
    client.shutdown();
}

#[test]
fn configuration_changes_apply_without_a_restart() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("draft.md");
    std::fs::write(&path, REPORT).expect("write");
    let uri = file_uri(&path);
    let (mut client, _) = Client::start(None);
    let mut text = REPORT.to_string();
    assert_eq!(client.open(&uri, &text).len(), 1);

    // A new configuration beside the report, then an edit: read on lint.
    let config = dir.path().join("reportlint.yaml");
    std::fs::write(&config, format!("disable: [{ABBREVIATION}]\n")).expect("write");
    let end = json!({ "start": position(&text, text.len(), false), "end": position(&text, text.len(), false) });
    let diagnostics = client.change(&uri, 2, &mut text, end, "\nMore text.\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");

    // The configuration edited again; the client reports it.
    std::fs::write(
        &config,
        "severity:\n  common/abbreviation-one-expansion: error\n",
    )
    .expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&uri, Some(2));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["severity"], 1, "now an error");

    // A broken configuration: told in the log with its line, the report
    // still linted with the defaults.
    std::fs::write(&config, "fail_level: error\ndisabel: [x]\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&uri, Some(2));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["severity"], 2,
        "the rule's own severity again"
    );
    let log = client.wait_for("the configuration problem in the log", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("reportlint.yaml:2:") && t.contains("disabel"))
    });
    assert_eq!(log["params"]["type"], 2, "a warning: {log}");
    client.wait_for("a message to the user", |m| {
        m["method"] == "window/showMessage"
    });
    client.shutdown();
}

/// A rule pack named by the configuration is edited on disk and the client
/// says nothing: the server notices within its poll interval and re-lints.
#[test]
fn rule_pack_changes_apply_without_a_restart() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let pack = dir.path().join("house");
    std::fs::create_dir(&pack).expect("pack folder");
    let rule = |severity: &str| {
        format!(
            "rules:\n  - id: house/abbreviations\n    summary: One expansion per abbreviation.\n    severity: {severity}\n    why: House style.\n    kind: abbreviation\n    params: {{ small_words: [and, of, the] }}\n    examples: {{}}\n"
        )
    };
    std::fs::write(pack.join("house.yaml"), rule("warning")).expect("write");
    std::fs::write(
        dir.path().join("reportlint.yaml"),
        "packs: [house]\ndisable: [common/]\n",
    )
    .expect("write");
    let path = dir.path().join("draft.md");
    let uri = file_uri(&path);
    let (mut client, _) = Client::start(None);
    let diagnostics = client.open(&uri, REPORT);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "house/abbreviations");
    assert_eq!(diagnostics[0]["severity"], 2);
    // A team's rule links to its pack file.
    let href = diagnostics[0]["codeDescription"]["href"]
        .as_str()
        .expect("a link");
    assert!(
        href.starts_with("file://") && href.ends_with("/house/house.yaml"),
        "{href}"
    );

    std::fs::write(pack.join("house.yaml"), rule("error")).expect("write");
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["severity"], 1, "the pack's new severity");
    client.shutdown();
}

#[test]
fn the_server_finds_the_next_frame_after_bytes_that_are_not_one() {
    let (mut client, _) = Client::start(None);
    let teleport = |client: &mut Client| {
        let answer = client.request("textDocument/teleport", json!({}));
        assert_eq!(answer["error"]["code"], -32601, "{answer}");
    };
    // A body longer than its Content-Length, the next frame right after it.
    client.send_bytes(b"Content-Length: 2\r\n\r\n{}, \"rest\": [1, 2]}");
    teleport(&mut client);
    // A header block without Content-Length, and its body.
    client.send_bytes(b"Content-Type: application/json\r\n\r\n{\"jsonrpc\": \"2.0\"}");
    teleport(&mut client);
    // A length over the limit: refused without reading the body it
    // announces (a terabyte the client never sends).
    client.send_bytes(b"Content-Length: 999999999999\r\n\r\n{\"jsonrpc\": \"2.0\", \"params\": \"");
    client.wait_for("the refusal", |m| {
        m["error"]["message"]
            .as_str()
            .is_some_and(|s| s.contains("refused"))
    });
    teleport(&mut client);
    // Lines that are no header at all, and a header line cut short.
    client.send_bytes(b"hello\r\nworld\r\nX-Trace: 12");
    teleport(&mut client);
    let diagnostics = client.open("file:///tmp/reportlint-lsp-test/after-garbage.md", REPORT);
    assert_eq!(with_rule(&diagnostics, ABBREVIATION).len(), 1);
    client.shutdown();
}

/// A sink for the in-process server's output.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut out = self.0.lock().map_err(|_| std::io::ErrorKind::Other)?;
        out.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes a confused client may send between frames: none of them a header
/// block with a length in the limit that is left open (that would rightly
/// take the next frame as its body).
fn garbage() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40),
        Just(b"\r\n".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"Content-Length: 99999999999\r\n\r\n".to_vec()),
        Just(b"Content-Length: 99999999999".to_vec()),
        Just(b"content-length: -3\r\n".to_vec()),
        Just(b"Content-Length: x\r\n\r\n".to_vec()),
        Just(b"Content-Len".to_vec()),
        Just(b"Content-Length".to_vec()),
        Just(b"Content-Type: application/json\r\n".to_vec()),
        Just(b"X-Trace: 1".to_vec()),
        Just(b"{\"jsonrpc\": \"2.0\", \"id\": ".to_vec()),
        Just(b"{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}".to_vec()),
        // A whole frame, its body as long as it says or longer.
        ("[ -~]{0,20}", "[ -~]{0,10}").prop_map(|(body, extra)| {
            let mut frame = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
            frame.extend_from_slice(extra.as_bytes());
            frame
        }),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever garbage comes first, the server answers the valid request
    /// after it, and its reader does not panic (a panic there would close
    /// the session unanswered).
    #[test]
    fn a_valid_frame_after_garbage_is_answered(garbage in garbage()) {
        let request = json!({ "jsonrpc": "2.0", "id": 424242, "method": "initialize", "params": { "capabilities": {} } });
        let mut input = garbage.clone();
        input.extend_from_slice(&frame(&request));
        let output = Shared::default();
        // The input ends without shutdown: an error, after the answers.
        let _ = reportlint::lsp::serve(std::io::Cursor::new(input), output.clone());
        let bytes = output.0.lock().expect("output").clone();
        let mut out = BufReader::new(bytes.as_slice());
        let mut answered = false;
        while let Some(message) = read_frame(&mut out) {
            answered |= message["id"] == 424242 && message["result"]["capabilities"].is_object();
        }
        proptest::prop_assert!(answered, "no answer after {:?}", String::from_utf8_lossy(&garbage));
    }
}
