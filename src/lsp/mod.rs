//! `reportlint lsp`: a language server over stdio, so an editor shows
//! findings while the report is written, not after it is saved.
//!
//! Diagnostics come from the editor's buffer on open and on every change
//! (150 ms after the last one), with the same configuration discovery, rule
//! packs and suppressions as `reportlint check` ([`analysis::Workspace`]).
//! A hover on a finding gives the rule's summary and why; code actions insert
//! a suppression line above the finding, or put the rating the scores give in
//! place of the stated one (offered, never preferred: the author decides);
//! document symbols give the report's outline. Columns are UTF-8 bytes when
//! the client offers `utf-8`, else UTF-16 units ([`text::Encoding`]).
//!
//! Why `lsp-server` (rust-analyzer's synchronous scaffold) and `lsp-types`:
//! linting one report takes milliseconds and needs no I/O beyond a few
//! `stat` calls, so an async runtime (`tower-lsp`) would add a large
//! dependency tree and nothing a report linter uses. The messages are
//! lsp-server's [`Message`]; the framing is our own [`transport`], because
//! lsp-server's stdio reader stops at the first frame that is not valid JSON
//! and a language server must outlive a confused client. The loop is
//! single-threaded: debouncing uses `recv_timeout`, so the loop is never
//! blocked waiting, and every message is handled inside `catch_unwind`, so a
//! bug in a rule becomes a `window/logMessage`, not a dead server.
//!
//! The library does no printing: [`serve`] speaks the protocol on the reader
//! and writer it is given (`main` passes stdin and stdout).

pub mod analysis;
pub mod text;
pub mod transport;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentSymbolParams, DocumentSymbolResponse, HoverParams, HoverProviderCapability,
    InitializeResult, LogMessageParams, MessageType, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions,
};
use serde::de::DeserializeOwned;

pub use analysis::{Analysis, Workspace, RULES_DOC_BASE};
pub use text::{Document, Encoding};
use transport::{Incoming, Outgoing};

/// How long after the last change a document is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// How often open documents' configurations and packs are checked for
/// changes on disk when the client sends no file events.
const POLL: Duration = Duration::from_secs(2);

/// The server's edit path as one function (the latency benchmark measures
/// it): apply one change to the buffer, lint it, convert the findings.
pub fn relint_after_edit(
    workspace: &mut Workspace,
    doc: &mut Document,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> Analysis {
    doc.apply(change, encoding);
    doc.version += 1;
    workspace.analyse(doc, encoding)
}

/// How a server run ended other than by `shutdown` then `exit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServeError {
    /// `exit` came before `shutdown`: the protocol asks for exit code 1.
    ExitBeforeShutdown,
    /// The server could not go on (the client closed the connection
    /// without `shutdown`): trouble, exit code 2.
    Failed(String),
}

impl ServeError {
    /// The exit code of `reportlint lsp` that ended this way.
    pub fn exit_code(&self) -> u8 {
        match self {
            // The protocol's code for `exit` without `shutdown`.
            Self::ExitBeforeShutdown => 1,
            Self::Failed(_) => crate::session::Verdict::Trouble.code(),
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ExitBeforeShutdown => f.write_str("exit before shutdown"),
            Self::Failed(why) => f.write_str(why),
        }
    }
}

/// Runs the server until the client sends `exit` or closes the input.
/// `Ok` after an orderly `shutdown` then `exit`; `Err` says what went
/// wrong otherwise.
pub fn serve(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
) -> Result<(), ServeError> {
    serve_with(input, output, |workspace, doc, encoding| {
        workspace.analyse(doc, encoding)
    })
}

type Analyser = fn(&mut Workspace, &Document, Encoding) -> Analysis;

fn serve_with(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
    analyser: Analyser,
) -> Result<(), ServeError> {
    let (in_tx, in_rx) = mpsc::channel();
    let (out_tx, out_rx) = mpsc::channel();
    // The reader blocks on the input; it ends with it, or at `exit`.
    let _reader = transport::reader(input, in_tx);
    let writer = transport::writer(output, out_rx);
    let result = {
        let mut server = Server::new(out_tx, analyser);
        server.run(&in_rx)
    };
    // The server (and its sender) is gone: the writer drains and ends.
    let _ = writer.join();
    result
}

/// An open document and what its last lint gave.
struct Open {
    doc: Document,
    analysis: Option<Analysis>,
    /// When to lint it again, if it changed since.
    due: Option<Instant>,
}

#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

struct Server {
    out: Sender<Outgoing>,
    encoding: Encoding,
    initialized: bool,
    shutdown: bool,
    docs: HashMap<String, Open>,
    workspace: Workspace,
    last_poll: Instant,
    analyser: Analyser,
}

/// The text of a caught panic.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

impl Server {
    fn new(out: Sender<Outgoing>, analyser: Analyser) -> Self {
        Self {
            out,
            encoding: Encoding::Utf16,
            initialized: false,
            shutdown: false,
            docs: HashMap::new(),
            workspace: Workspace::new(),
            last_poll: Instant::now(),
            analyser,
        }
    }

    fn run(&mut self, input: &Receiver<Incoming>) -> Result<(), ServeError> {
        loop {
            let next = self.next_deadline();
            let received = match next {
                Some(at) => input.recv_timeout(at.saturating_duration_since(Instant::now())),
                None => input.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok(Incoming::Message(message)) => {
                    if self.handle_guarded(message) == Flow::Exit {
                        return if self.shutdown {
                            Ok(())
                        } else {
                            Err(ServeError::ExitBeforeShutdown)
                        };
                    }
                }
                Ok(Incoming::Malformed { why, code, id }) => {
                    self.log(MessageType::WARNING, format!("ignored a message: {why}"));
                    self.send_raw_error(id, code, why);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return if self.shutdown {
                        Ok(())
                    } else {
                        Err(ServeError::Failed(
                            "the client closed the connection without shutdown".into(),
                        ))
                    };
                }
            }
            self.lint_due();
            self.poll_disk();
        }
    }

    /// The earliest debounced lint, or the next disk poll while documents
    /// are open.
    fn next_deadline(&self) -> Option<Instant> {
        let due = self.docs.values().filter_map(|o| o.due).min();
        let poll = (!self.docs.is_empty()).then(|| self.last_poll + POLL);
        match (due, poll) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let mut due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, o)| o.due.is_some_and(|d| d <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        due.sort();
        for uri in due {
            self.lint(&uri);
        }
    }

    /// Re-lints every open document when a configuration or pack file
    /// changed on disk.
    fn poll_disk(&mut self) {
        if self.docs.is_empty() || self.last_poll.elapsed() < POLL {
            return;
        }
        self.last_poll = Instant::now();
        let changed = catch_unwind(AssertUnwindSafe(|| self.workspace.changed_on_disk()));
        if changed.unwrap_or(false) {
            self.relint_all();
        }
    }

    fn relint_all(&mut self) {
        let now = Instant::now();
        for open in self.docs.values_mut() {
            open.due = Some(now);
        }
        self.lint_due();
    }

    fn send(&self, message: impl Into<Message>) {
        // The writer ends only when the output is closed; nothing to do then.
        let _ = self.out.send(Outgoing::Message(message.into()));
    }

    fn send_raw_error(&self, id: serde_json::Value, code: i32, message: String) {
        let _ = self.out.send(Outgoing::RawError { id, code, message });
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params));
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify(
            "window/logMessage",
            LogMessageParams {
                typ,
                message: format!("reportlint: {message}"),
            },
        );
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message));
    }

    fn handle_guarded(&mut self, message: Message) -> Flow {
        let request = match &message {
            Message::Request(r) => Some((r.id.clone(), r.method.clone())),
            _ => None,
        };
        let method = match &message {
            Message::Request(r) => r.method.clone(),
            Message::Notification(n) => n.method.clone(),
            Message::Response(_) => "a response".into(),
        };
        match catch_unwind(AssertUnwindSafe(|| self.handle(message))) {
            Ok(flow) => flow,
            Err(panic) => {
                self.log(
                    MessageType::ERROR,
                    format!(
                        "internal error handling {method} (please report it): {}",
                        panic_text(panic.as_ref())
                    ),
                );
                if let Some((id, _)) = request {
                    self.error(id, ErrorCode::InternalError, "internal error".into());
                }
                Flow::Continue
            }
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                self.request(request);
                Flow::Continue
            }
            Message::Notification(notification) => self.notification(notification),
            // The server sends no requests, so expects no responses.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn params<P: DeserializeOwned>(&self, request: &Request) -> Option<P> {
        match serde_json::from_value(request.params.clone()) {
            Ok(params) => Some(params),
            Err(e) => {
                self.error(
                    request.id.clone(),
                    ErrorCode::InvalidParams,
                    format!("invalid parameters for {}: {e}", request.method),
                );
                None
            }
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if request.method == "initialize" {
            if self.initialized {
                self.error(id, ErrorCode::InvalidRequest, "already initialized".into());
            } else {
                self.initialize(&request);
            }
            return;
        }
        if !self.initialized {
            self.error(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".into(),
            );
            return;
        }
        if self.shutdown {
            self.error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            );
            return;
        }
        match request.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.send(Response::new_ok(id, ()));
            }
            "textDocument/hover" => {
                let Some(params) = self.params::<HoverParams>(&request) else {
                    return;
                };
                let at = params.text_document_position_params;
                let key = at.text_document.uri.as_str();
                self.bring_up_to_date(key);
                let encoding = self.encoding;
                let hover = self.docs.get(key).and_then(|open| {
                    let offset = open.doc.offset(at.position, encoding);
                    let findings = open.analysis.as_ref().map_or(&[][..], |a| &a.findings);
                    let rules = self.workspace.rules_for(&open.doc);
                    analysis::hover(&open.doc, findings, rules, offset, encoding)
                });
                self.send(Response::new_ok(id, hover));
            }
            "textDocument/codeAction" => {
                let Some(params) = self.params::<CodeActionParams>(&request) else {
                    return;
                };
                let key = params.text_document.uri.as_str();
                self.bring_up_to_date(key);
                let encoding = self.encoding;
                let actions: Vec<CodeActionOrCommand> = self
                    .docs
                    .get(key)
                    .map(|open| {
                        let findings = open.analysis.as_ref().map_or(&[][..], |a| &a.findings);
                        let rules = self.workspace.rules_for(&open.doc);
                        analysis::code_actions(&open.doc, findings, rules, params.range, encoding)
                    })
                    .unwrap_or_default()
                    .into_iter()
                    .map(CodeActionOrCommand::CodeAction)
                    .collect();
                self.send(Response::new_ok(id, actions));
            }
            "textDocument/documentSymbol" => {
                let Some(params) = self.params::<DocumentSymbolParams>(&request) else {
                    return;
                };
                let encoding = self.encoding;
                let symbols = self
                    .docs
                    .get(params.text_document.uri.as_str())
                    .map(|open| {
                        analysis::document_symbols(&open.doc, &mut self.workspace, encoding)
                    })
                    .unwrap_or_default();
                self.send(Response::new_ok(
                    id,
                    DocumentSymbolResponse::Nested(symbols),
                ));
            }
            method => self.error(
                id,
                ErrorCode::MethodNotFound,
                format!("unknown method {method}"),
            ),
        }
    }

    /// Lints a document waiting for its debounced lint now, so that a
    /// request about it sees its current text.
    fn bring_up_to_date(&mut self, key: &str) {
        if self.docs.get(key).is_some_and(|o| o.due.is_some()) {
            self.lint(key);
        }
    }

    fn initialize(&mut self, request: &Request) {
        // Read only what is needed, so that an unusual client's capabilities
        // never fail the handshake.
        let offered: Vec<String> = request
            .params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(|v| v.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|e| e.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        self.encoding = Encoding::negotiate(&offered);
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::new(self.encoding.as_str())),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "reportlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.initialized = true;
        self.send(Response::new_ok(request.id.clone(), result));
    }

    fn notification_params<P: DeserializeOwned>(&self, notification: &Notification) -> Option<P> {
        match serde_json::from_value(notification.params.clone()) {
            Ok(params) => Some(params),
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!(
                        "ignored {} with invalid parameters: {e}",
                        notification.method
                    ),
                );
                None
            }
        }
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        if notification.method == "exit" {
            return Flow::Exit;
        }
        if !self.initialized {
            return Flow::Continue;
        }
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let Some(params) =
                    self.notification_params::<DidOpenTextDocumentParams>(&notification)
                else {
                    return Flow::Continue;
                };
                let item = params.text_document;
                let key = item.uri.as_str().to_string();
                let doc = Document::new(item.uri, item.version, item.text)
                    .with_language(item.language_id);
                self.docs.insert(
                    key.clone(),
                    Open {
                        doc,
                        analysis: None,
                        due: None,
                    },
                );
                self.lint(&key);
            }
            "textDocument/didChange" => {
                let Some(params) =
                    self.notification_params::<DidChangeTextDocumentParams>(&notification)
                else {
                    return Flow::Continue;
                };
                let encoding = self.encoding;
                match self.docs.get_mut(params.text_document.uri.as_str()) {
                    Some(open) => {
                        for change in &params.content_changes {
                            open.doc.apply(change, encoding);
                        }
                        open.doc.version = params.text_document.version;
                        open.due = Some(Instant::now() + DEBOUNCE);
                    }
                    None => self.log(
                        MessageType::WARNING,
                        format!(
                            "ignored a change to {}, which is not open",
                            params.text_document.uri.as_str()
                        ),
                    ),
                }
            }
            "textDocument/didClose" => {
                let Some(params) =
                    self.notification_params::<DidCloseTextDocumentParams>(&notification)
                else {
                    return Flow::Continue;
                };
                let uri = params.text_document.uri;
                self.docs.remove(uri.as_str());
                self.notify(
                    "textDocument/publishDiagnostics",
                    PublishDiagnosticsParams::new(uri, Vec::new(), None),
                );
            }
            "textDocument/didSave" => {
                let uri = notification
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                if let Some(uri) = uri.filter(|u| self.docs.contains_key(u)) {
                    self.lint(&uri);
                }
            }
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                self.workspace.reload();
                self.relint_all();
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace` and anything
            // unknown: nothing to do.
            _ => {}
        }
        Flow::Continue
    }

    /// Lints an open document now and publishes its diagnostics.
    fn lint(&mut self, key: &str) {
        let encoding = self.encoding;
        let analyser = self.analyser;
        let Some(open) = self.docs.get_mut(key) else {
            return;
        };
        open.due = None;
        let workspace = &mut self.workspace;
        let doc = &open.doc;
        let result = catch_unwind(AssertUnwindSafe(|| analyser(workspace, doc, encoding)));
        let uri = open.doc.uri.clone();
        let version = open.doc.version;
        let name = open.doc.name();
        let diagnostics = match result {
            Ok(analysis) => {
                let diagnostics = analysis.diagnostics.clone();
                open.analysis = Some(analysis);
                diagnostics
            }
            Err(panic) => {
                open.analysis = None;
                let why = panic_text(panic.as_ref());
                self.log(
                    MessageType::ERROR,
                    format!("linting {name} failed (a bug in reportlint; please report it): {why}"),
                );
                Vec::new()
            }
        };
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams::new(uri, diagnostics, Some(version)),
        );
        let errors = self.workspace.take_errors();
        if !errors.is_empty() {
            for error in &errors {
                self.log(MessageType::WARNING, error.clone());
            }
            self.notify(
                "window/showMessage",
                ShowMessageParams {
                    typ: MessageType::WARNING,
                    message: format!(
                        "reportlint: {} problem(s) in the configuration or rule packs (see the log); the rest still applies",
                        errors.len()
                    ),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn frame(json: serde_json::Value) -> Vec<u8> {
        let body = json.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn panicking(_: &mut Workspace, _: &Document, _: Encoding) -> Analysis {
        panic!("a rule fell over")
    }

    #[test]
    fn a_panic_in_linting_is_logged_and_the_server_carries_on() {
        let uri = "file:///tmp/reportlint-panic-test/draft.md";
        let mut input = Vec::new();
        for message in [
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "# Title\n"}}}),
            serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": uri}}}),
            serde_json::json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
            serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
        ] {
            input.extend(frame(message));
        }
        let output = Shared::default();
        let result = serve_with(std::io::Cursor::new(input), output.clone(), panicking);
        assert_eq!(result, Ok(()));
        let written = output.0.lock().expect("output").clone();
        let written = String::from_utf8(written).expect("UTF-8 output");
        assert!(
            written.contains("linting /tmp/reportlint-panic-test/draft.md failed")
                && written.contains("a rule fell over"),
            "{written}"
        );
        assert!(written.contains(r#""id":2,"result":["#), "{written}");
        assert!(written.contains(r#""id":3,"result":null"#), "{written}");
    }
}
