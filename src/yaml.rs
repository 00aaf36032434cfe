//! The one module that reads YAML.
//!
//! Rule packs and family templates are YAML; every read goes through
//! [`from_str`], so the YAML library can be swapped in one place. Errors keep
//! the file, the byte offset and the message, and render as a miette
//! diagnostic that underlines the offending spot in the YAML file.
//!
//! A rule pack is parsed once into a tree ([`Node`]) and each rule is read
//! from its part of the tree on its own: anchors work across rules, and a
//! broken rule does not stop the others. Aliases are bounded in every file
//! ([`MAX_ALIAS_VALUES`]).

mod from_tree;
mod tree;

use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use from_tree::TreeError;
pub use tree::Node;

/// The YAML files reportlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A rule pack or family template.
    RulePack,
    /// A `reportlint.yaml` configuration.
    Config,
}

/// A YAML file that could not be read as what it should be.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// The file's name, as shown to the user.
    pub file: String,
    /// What is wrong, in the library's words.
    pub message: String,
    /// Byte offset of the problem, when the library knows it.
    pub offset: Option<usize>,
    /// 1-based line and column, when known.
    pub line_column: Option<(usize, usize)>,
    /// What the file is: a rule pack or a configuration.
    pub file_kind: FileKind,
    source: Arc<miette::NamedSource<String>>,
}

impl YamlError {
    /// An error found after parsing (a bad regex, an unknown rule kind), at
    /// `offset` in `text`.
    pub fn at(file: &str, text: &str, offset: Option<usize>, message: impl Into<String>) -> Self {
        let source = Arc::new(miette::NamedSource::new(file, text.to_string()));
        Self::in_source(file, &source, None, offset, message)
    }

    /// [`YamlError::at`] in a file already read into `source` (with its
    /// line index when there is one), shared by the file's errors instead
    /// of copied and indexed for each.
    pub fn in_source(
        file: &str,
        source: &Arc<miette::NamedSource<String>>,
        lines: Option<&crate::span::LineIndex>,
        offset: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        let text = source.inner();
        let line_column = offset.map(|o| {
            let p = match lines {
                Some(index) => index.position(text, o),
                None => crate::span::LineIndex::new(text).position(text, o),
            };
            (p.line, p.column)
        });
        Self {
            file: file.to_string(),
            message: cap_message(&message.into()),
            offset,
            line_column,
            file_kind: FileKind::RulePack,
            source: Arc::clone(source),
        }
    }
}

/// The most characters an error message quotes from a file (a regex, a
/// value): cut there with `…`.
pub const QUOTE_CHARS: usize = 200;

/// The most characters of one line of an error message, whatever it quotes
/// (room for a quote and the words around it).
const MESSAGE_LINE_CHARS: usize = 500;

/// The most lines of an error message.
const MESSAGE_LINES: usize = 12;

/// `message` with each line cut to [`MESSAGE_LINE_CHARS`] characters and
/// at most [`MESSAGE_LINES`] lines, so that a huge regex or value in a pack
/// is not echoed whole, however the message quotes it.
pub fn cap_message(message: &str) -> String {
    let mut out = String::new();
    for (i, line) in message.lines().enumerate() {
        if i == MESSAGE_LINES {
            out.push_str("\n…");
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&quote(line, MESSAGE_LINE_CHARS));
    }
    out
}

/// "invalid regex `PATTERN`: why" on one line, the pattern cut to
/// [`QUOTE_CHARS`] characters, so that the reason is not lost after
/// a long pattern (the regex library's own message repeats the pattern
/// whole, over several lines).
pub fn regex_error(pattern: &str, error: &regex::Error) -> String {
    let why = match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => {
            let at = pattern
                .get(..e.span().start.offset)
                .map(|p| p.chars().count());
            format!("{} (at character {})", e.kind(), at.unwrap_or(0) + 1)
        }
        Err(regex_syntax::Error::Translate(e)) => {
            let at = pattern
                .get(..e.span().start.offset)
                .map(|p| p.chars().count());
            format!("{} (at character {})", e.kind(), at.unwrap_or(0) + 1)
        }
        _ => match error {
            regex::Error::CompiledTooBig(limit) => {
                format!("the compiled regex is over the size limit of {limit} bytes")
            }
            other => other.to_string().lines().last().unwrap_or("").to_string(),
        },
    };
    format!("invalid regex `{}`: {why}", quote(pattern, QUOTE_CHARS))
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub fn quote(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl YamlError {
    /// The text of the file the error is in.
    pub fn text(&self) -> &str {
        self.source.inner()
    }

    /// The error drawn for people: the YAML line underlined, cut around
    /// the spot when the line is long.
    pub fn draw(&self) -> String {
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let text = self.text();
        let lines = crate::span::LineIndex::new(text);
        let mut out = String::new();
        crate::snippet::draw(&handler, self, &self.file, text, &lines, &mut out);
        out
    }

    /// The same error, about a configuration file.
    pub fn in_config(mut self) -> Self {
        self.file_kind = FileKind::Config;
        self
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line_column {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for YamlError {}

impl miette::Diagnostic for YamlError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.file_kind {
            FileKind::RulePack => "rule-file",
            FileKind::Config => "config",
        }))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.offset
            .map(|_| self.source.as_ref() as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let offset = self.offset?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(
                Some(self.message.clone()),
                miette::SourceSpan::new(offset.into(), 1),
            ),
        )))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(match self.file_kind {
            FileKind::RulePack => "the rest of the rules still run; `reportlint explain <rule>` shows a rule's documented form",
            FileKind::Config => "see \"Configuration\" in the README for the keys a configuration takes",
        }))
    }
}

/// A value with the place in the YAML file where it was written.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Skips a value of any shape (used to find where each rule starts).
pub type Anything = serde::de::IgnoredAny;

/// Byte offset in `text` where a spanned value was written.
pub fn offset_of<T>(value: &Spanned<T>, text: &str) -> usize {
    location_offset(value.defined, text)
}

/// Byte offset in `text` of a place the YAML library gave.
pub fn location_offset(location: serde_saphyr::Location, text: &str) -> usize {
    if let Some(offset) = location.span().byte_offset() {
        return offset as usize;
    }
    let index = crate::span::LineIndex::new(text);
    let start = index.line_start((location.line() as usize).saturating_sub(1));
    let column = (location.column() as usize).saturating_sub(1);
    text.get(start..)
        .and_then(|rest| rest.char_indices().nth(column))
        .map_or(start, |(i, _)| start + i)
}

/// The most values aliases may add to a file, all aliases together: far
/// above what repeating a word list or a regex in a few rules adds (the
/// largest shipped, about 300), far below what makes parsing slow or
/// memory run out. Aliases of aliases multiply ("billion laughs"): ten
/// levels of ten would be ten billion.
pub const MAX_ALIAS_VALUES: usize = 100_000;

/// How every file is parsed: with aliases bounded.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_VALUES;
    options
}

/// Deserializes `text` (the contents of `file`) into `T`.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|error| {
        let offset = error.location().map(|l| location_offset(l, text));
        let message = if is_alias_bomb(&error) {
            format!(
                "aliases here take the file over {MAX_ALIAS_VALUES} aliased values; \
                 an alias may repeat a definition, but aliases of aliases multiply \
                 (a \"billion laughs\"): the file is not read"
            )
        } else {
            plain_message(&error)
        };
        YamlError::at(file, text, offset, message)
    })
}

/// Whether the error is aliases going over [`MAX_ALIAS_VALUES`].
fn is_alias_bomb(error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error;
    match error {
        Error::AliasReplayLimitExceeded { .. } => true,
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => is_alias_bomb(error),
        _ => false,
    }
}

/// The library's message without the location and snippet it adds (we
/// render our own): "error: line 3 column 15: unknown variant" becomes
/// "unknown variant".
fn plain_message(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let mut message = text.lines().next().unwrap_or("invalid YAML").trim();
    message = message.strip_prefix("error: ").unwrap_or(message);
    if message.starts_with("line ") {
        if let Some((_, rest)) = message.split_once(": ") {
            message = rest;
        }
    }
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        id: String,
        severity: String,
    }

    #[test]
    fn long_quotes_and_messages_are_cut() {
        let pattern = format!("({}b", "a|".repeat(100_000));
        let error = regex::Regex::new(&pattern).expect_err("unclosed");
        let message = regex_error(&pattern, &error);
        assert!(message.chars().count() < 300, "{message}");
        assert!(
            message.ends_with("…`: unclosed group (at character 1)"),
            "{message}"
        );
        let message = cap_message(&format!("{}\n{}", "x".repeat(10_000), "y\n".repeat(50)));
        assert!(
            message.starts_with(&format!("{}…\n", "x".repeat(500))),
            "{message}"
        );
        assert_eq!(message.lines().count(), 13, "{message}");
        assert_eq!(cap_message("short\nlines"), "short\nlines");
    }

    #[test]
    fn unknown_keys_are_located() {
        let text = "id: a\nseverity: error\nseverty: warning\n";
        let error = from_str::<Sample>("pack.yaml", text).expect_err("unknown key");
        assert_eq!(error.line_column.map(|(l, _)| l), Some(3), "{error}");
        assert!(error.message.contains("severty"), "{}", error.message);
    }

    #[test]
    fn broken_yaml_is_located() {
        let text = "id: a\nseverity: [error\n";
        let error = from_str::<Sample>("pack.yaml", text).expect_err("broken");
        assert!(error.line_column.is_some(), "{error}");
    }
}
