//! Linting an open document the way `reportlint check` lints a file,
//! through the same [`Session`] (configuration discovery, rule packs,
//! policies, family choice, suppressions), and turning the findings into
//! diagnostics, hovers, code actions and the outline. What is the editor's
//! own is here: a session per configuration, rebuilt when its files change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind,
    NumberOrString, Range, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::text::{Document, Encoding};
use crate::config::{Config, Policy};
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use crate::session::{Session, Settings};
use crate::source::{self, InputProblem};
use crate::span::{LineIndex, Span};

/// Where rule documentation lives: `rules/README.md` of the reportlint
/// repository, rendered by the forge. A diagnostic's `codeDescription` is
/// this URL plus `#` and the rule's anchor ([`crate::rules::anchor`]).
/// Change it here if the repository moves (or to point at a fork's docs).
pub const RULES_DOC_BASE: &str =
    "https://github.com/reportlint/reportlint/blob/main/rules/README.md";

/// The `source` of every diagnostic.
pub const SOURCE: &str = "reportlint";

/// The code of a diagnostic about the file itself (binary, too large).
pub const INPUT_CODE: &str = "reportlint/input";

/// A file's modification time and length, or `None` when it is gone.
type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// The session one configuration file (or none) gives.
struct Setup {
    session: Session,
    config: Option<PathBuf>,
    packs: Vec<PathBuf>,
    /// The configuration file and every file of its packs, as last read.
    stamp: Stamp,
    /// Problems in the configuration or its packs, as text.
    errors: Vec<String>,
}

/// The files a setup was built from: the configuration and the pack files.
fn stamp_of(config: Option<&Path>, packs: &[PathBuf]) -> Stamp {
    let meta = |path: &Path| {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())))
    };
    let mut stamp: Stamp = Vec::new();
    if let Some(config) = config {
        stamp.push((config.to_path_buf(), meta(config)));
    }
    for pack in packs {
        // The folder's own time changes when a file is added or removed.
        stamp.push((pack.clone(), meta(pack)));
        for entry in walkdir::WalkDir::new(pack)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let path = entry.into_path();
            let m = meta(&path);
            stamp.push((path, m));
        }
    }
    stamp
}

impl Setup {
    fn build(config: Option<&Path>, report: Option<&Path>) -> Self {
        // Discovery, as `check` does it: for `report` it finds `config`
        // again (and reads it once); without a configuration there is
        // nothing to find.
        let mut session = Session::new(Settings {
            no_config: config.is_none(),
            ..Settings::default()
        });
        session.configure(report.as_slice());
        // Every pack the configuration names, loaded or not yet there, is
        // watched.
        let packs = match config.map(Config::read) {
            Some(Ok(config)) => config.packs(),
            _ => Vec::new(),
        };
        let errors = session
            .take_problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        Self {
            session,
            stamp: stamp_of(config, &packs),
            config: config.map(Path::to_path_buf),
            packs,
            errors,
        }
    }

    fn is_fresh(&self) -> bool {
        stamp_of(self.config.as_deref(), &self.packs) == self.stamp
    }
}

/// What linting one version of a document gave.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The rule sets and configurations of the open documents, rebuilt when a
/// configuration file or a pack file changes (checked by modification time
/// on every lint, which costs a few `stat` calls).
#[derive(Default)]
pub struct Workspace {
    setups: HashMap<Option<PathBuf>, Setup>,
    /// Configuration and pack problems not yet told to the user.
    pending_errors: Vec<String>,
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets every configuration, so the next lint reads them again.
    pub fn reload(&mut self) {
        self.setups.clear();
    }

    /// Configuration and pack problems found since the last call.
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pending_errors)
    }

    /// Whether some configuration or pack file changed since it was read.
    pub fn changed_on_disk(&self) -> bool {
        self.setups.values().any(|s| !s.is_fresh())
    }

    fn setup(&mut self, report: Option<&Path>) -> &mut Setup {
        let config = report.and_then(Config::discover);
        let stale = self.setups.get(&config).is_none_or(|s| !s.is_fresh());
        if stale {
            self.setups.remove(&config);
        }
        let errors = &mut self.pending_errors;
        self.setups.entry(config).or_insert_with_key(|config| {
            let setup = Setup::build(config.as_deref(), report);
            errors.extend(setup.errors.iter().cloned());
            setup
        })
    }

    /// The session and policy for `doc`.
    fn session_and_policy(&mut self, doc: &Document) -> (&Session, Policy) {
        let setup = self.setup(doc.path.as_deref());
        let policy = match &doc.path {
            Some(path) => setup.session.policy(path),
            None => Policy::default(),
        };
        (&setup.session, policy)
    }

    /// The rule set that applies to `doc` (for hovers).
    pub fn rules_for(&mut self, doc: &Document) -> &RuleSet {
        self.setup(doc.path.as_deref()).session.rules()
    }

    /// Lints the document's current text.
    pub fn analyse(&mut self, doc: &Document, encoding: Encoding) -> Analysis {
        let name = doc.name();
        let source = match source::decode_report(&name, doc.text().as_bytes().to_vec()) {
            Ok(source) => source,
            Err(error) => {
                let diagnostics = match error.problem {
                    // A new, empty buffer is not a problem worth a squiggle.
                    InputProblem::Empty => Vec::new(),
                    problem => vec![Diagnostic {
                        range: Range::default(),
                        severity: Some(DiagnosticSeverity::ERROR),
                        code: Some(NumberOrString::String(INPUT_CODE.into())),
                        source: Some(SOURCE.into()),
                        message: format!("reportlint cannot check this file: {problem}"),
                        ..Diagnostic::default()
                    }],
                };
                return Analysis {
                    version: doc.version,
                    findings: Vec::new(),
                    diagnostics,
                };
            }
        };
        let (session, policy) = self.session_and_policy(doc);
        let findings = session.check(&source, &policy);
        let rules = session.rules();
        let diagnostics = findings
            .iter()
            .map(|f| {
                diagnostic(
                    f,
                    &doc.uri,
                    (source.text(), source.lines()),
                    rules,
                    encoding,
                )
            })
            .collect();
        Analysis {
            version: doc.version,
            findings,
            diagnostics,
        }
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The documentation link of a rule: its section of `rules/README.md` for a
/// shipped rule, the pack file for a rule from a team's pack.
pub fn doc_link(rule: &str, rules: &RuleSet) -> Option<Uri> {
    let rule = rules.rule(rule)?;
    let shipped = crate::rules::BUILTIN_PACKS
        .iter()
        .any(|(name, _)| *name == rule.file);
    let link = if shipped {
        format!("{RULES_DOC_BASE}#{}", crate::rules::anchor(rule.id()))
    } else {
        let path = std::path::absolute(&rule.file).ok()?;
        file_uri(&path)?
    };
    link.parse().ok()
}

/// A `file:` URI for a local path, percent-encoded.
pub fn file_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            b':' if uri.len() <= "file:///C".len() => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Some(uri)
}

/// The document's text and its lines, which findings' spans are in.
pub type Text<'a> = (&'a str, &'a LineIndex);

/// A finding of the document `text` as a diagnostic: rule id as code, a
/// link to the rule's documentation, and the other spans (the scores behind
/// a rating) as related information. A document is linted alone, so every
/// label is in it.
pub fn diagnostic(
    finding: &Finding,
    uri: &Uri,
    (text, lines): Text<'_>,
    rules: &RuleSet,
    encoding: Encoding,
) -> Diagnostic {
    let span_range = |span: Span| super::text::range(text, lines, span, encoding);
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter(|label| label.file.is_none())
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), span_range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    Diagnostic {
        range: span_range(finding.primary.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.clone())),
        code_description: doc_link(&finding.rule, rules).map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Whether byte `offset` touches `span` (its end counts: the cursor just
/// after a word is on it).
fn touches(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The hover at byte `offset`: each finding there with its rule's summary,
/// why and what to do.
pub fn hover(
    doc: &Document,
    findings: &[Finding],
    rules: &RuleSet,
    offset: usize,
    encoding: Encoding,
) -> Option<Hover> {
    let here: Vec<&Finding> = findings
        .iter()
        .filter(|f| touches(f.primary.span, offset))
        .collect();
    let first = here.first()?;
    let mut parts = Vec::new();
    for finding in &here {
        let mut text = format!("**{}** ({})\n\n", finding.rule, finding.severity);
        let rule = rules.rule(&finding.rule);
        if let Some(rule) = rule {
            text.push_str(&format!("{}\n\n", rule.spec.summary.trim()));
        }
        text.push_str(&format!("{}\n\n", finding.message));
        if let Some(rule) = rule {
            text.push_str(&format!("**Why.** {}\n\n", rule.spec.why.trim()));
        }
        if let Some(help) = &finding.help {
            text.push_str(&format!("**What to do.** {}\n\n", help.trim()));
        }
        if let Some(link) = doc_link(&finding.rule, rules) {
            text.push_str(&format!("[Rule documentation]({})\n", link.as_str()));
        }
        parts.push(text.trim_end().to_string());
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: Some(doc.range(first.primary.span, encoding)),
    })
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The suppression line for `rule`, as the document's format writes it.
pub fn suppression_line(rule: &str, markdown: bool) -> String {
    if markdown {
        format!("<!-- reportlint-disable-next-line {rule} -- reason -->")
    } else {
        format!("reportlint-disable-next-line {rule}")
    }
}

/// The code actions for findings on the lines of `range`: the safe fix of
/// `check --fix` where the finding has one (preferred), the suggested value
/// where it has one (a choice for the author, so never preferred), and a
/// "suppress here" line above each.
pub fn code_actions(
    doc: &Document,
    findings: &[Finding],
    rules: &RuleSet,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let wanted = doc.offset(range.start, encoding)..=doc.offset(range.end, encoding);
    let lines = doc.lines();
    let first_line = lines.line_of(*wanted.start());
    let last_line = lines.line_of(*wanted.end());
    let mut actions = Vec::new();
    let mut suppressed: Vec<(usize, &str)> = Vec::new();
    for finding in findings {
        let span = finding.primary.span;
        let line = lines.line_of(span.start);
        let overlaps = (first_line..=last_line).contains(&line)
            || (span.start <= *wanted.end() && *wanted.start() <= span.end);
        if !overlaps || finding.rule == crate::suppress::UNUSED {
            continue;
        }
        let diagnostic = diagnostic(finding, &doc.uri, (doc.text(), lines), rules, encoding);
        if let Some(fix) = &finding.fix {
            let replaced = fix.span.of(doc.text()).trim();
            let title = if fix.text.trim().is_empty() || replaced.is_empty() {
                format!("Fix: {}", finding.rule)
            } else {
                format!("Replace `{replaced}` with `{}`", fix.text.trim())
            };
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(
                    &doc.uri,
                    vec![TextEdit::new(
                        doc.range(fix.span, encoding),
                        fix.text.clone(),
                    )],
                )),
                is_preferred: Some(true),
                ..CodeAction::default()
            });
        }
        if let Some(suggestion) = &finding.suggestion {
            actions.push(CodeAction {
                title: format!("Replace with {}", suggestion.text),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(
                    &doc.uri,
                    vec![TextEdit::new(
                        doc.range(suggestion.span, encoding),
                        suggestion.text.clone(),
                    )],
                )),
                is_preferred: Some(false),
                ..CodeAction::default()
            });
        }
        if suppressed.contains(&(line, finding.rule.as_str())) {
            continue;
        }
        suppressed.push((line, finding.rule.as_str()));
        let start = lines.line_start(line);
        let at = doc.position(start, encoding);
        let text = format!(
            "{}{}",
            suppression_line(&finding.rule, doc.is_markdown()),
            doc.line_ending()
        );
        actions.push(CodeAction {
            title: format!("Suppress {} here", finding.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(
                &doc.uri,
                vec![TextEdit::new(Range::new(at, at), text)],
            )),
            is_preferred: Some(false),
            ..CodeAction::default()
        });
    }
    actions
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range,
    selection_range: Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        // Editors refuse an empty name.
        name: if name.trim().is_empty() {
            "(untitled)".into()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    }
}

/// The report's outline for the editor: the stated fields, then the
/// sections (themes, quality statements with their scores) as a tree, each
/// score under the section that states it.
pub fn document_symbols(
    doc: &Document,
    workspace: &mut Workspace,
    encoding: Encoding,
) -> Vec<DocumentSymbol> {
    let (session, policy) = workspace.session_and_policy(doc);
    let report = session.model(doc.text(), &policy).0;
    let range = |span: Span| doc.range(span, encoding);
    let mut symbols = Vec::new();
    for (name, field) in &report.fields {
        symbols.push(symbol(
            format!("{name}: {}", field.value),
            None,
            SymbolKind::FIELD,
            range(field.span),
            range(field.span),
            Vec::new(),
        ));
    }
    // Scores by the innermost section holding them.
    let mut scores_in: Vec<Vec<DocumentSymbol>> = vec![Vec::new(); report.sections.len()];
    let mut loose = Vec::new();
    let mut section_score: Vec<Option<u32>> = vec![None; report.sections.len()];
    for score in &report.scores {
        let name = score.name.clone().unwrap_or_else(|| "score".into());
        let line = if score.line_span.contains(score.span) {
            score.line_span
        } else {
            score.span
        };
        let sym = symbol(
            format!("{name}: {}", score.value),
            score.place.map(|p| format!("{p:?} score").to_lowercase()),
            SymbolKind::NUMBER,
            range(line),
            range(score.span),
            Vec::new(),
        );
        match report.section_at(score.span.start) {
            Some(i) => {
                if section_score[i].is_none() {
                    section_score[i] = Some(score.value);
                }
                scores_in[i].push(sym);
            }
            None => loose.push(sym),
        }
    }
    symbols.extend(loose);
    // Build the tree bottom-up: children have larger indices than parents.
    let mut built: Vec<Option<DocumentSymbol>> = Vec::new();
    built.resize_with(report.sections.len(), || None);
    let mut children: Vec<Vec<DocumentSymbol>> = vec![Vec::new(); report.sections.len()];
    for i in (0..report.sections.len()).rev() {
        let section = &report.sections[i];
        let Some(heading) = report.headings.get(section.heading) else {
            continue;
        };
        let mut kids = std::mem::take(&mut scores_in[i]);
        kids.extend(std::mem::take(&mut children[i]).into_iter().rev());
        kids.sort_by_key(|s| (s.range.start.line, s.range.start.character));
        let detail = match (&heading.entity, section_score[i]) {
            (Some(_), Some(score)) => Some(format!("score {score}")),
            _ => heading.role.clone(),
        };
        let kind = if heading.entity.is_some() {
            SymbolKind::OBJECT
        } else {
            SymbolKind::NAMESPACE
        };
        let whole = Span::new(
            section.span.start.min(heading.span.start),
            section.span.end.max(heading.span.end),
        );
        let sym = symbol(
            heading.text.clone(),
            detail,
            kind,
            range(whole),
            range(heading.span),
            kids,
        );
        match section.parent {
            Some(p) if p < i => children[p].push(sym),
            _ => built[i] = Some(sym),
        }
    }
    symbols.extend(built.into_iter().flatten());
    symbols.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/team/house rules/ünïcode #1.yaml");
        let uri = file_uri(path).expect("UTF-8 path");
        assert_eq!(
            uri,
            "file:///team/house%20rules/%C3%BCn%C3%AFcode%20%231.yaml"
        );
        assert!(uri.parse::<Uri>().is_ok());
        assert_eq!(super::super::text::file_path(&uri).as_deref(), Some(path));
    }

    #[test]
    fn shipped_rules_link_to_their_section() {
        let rules = RuleSet::builtin();
        let link = doc_link("cqc-la/rating-follows-scores", &rules).expect("a link");
        assert_eq!(
            link.as_str(),
            format!("{RULES_DOC_BASE}#cqc-larating-follows-scores")
        );
        assert!(doc_link("reportlint/unused-suppression", &rules).is_none());
    }

    #[test]
    fn a_plain_text_report_gets_a_plain_suppression_line_that_works() {
        let text = include_str!("../../examples/drafts/thornbury-vale-draft.txt");
        let uri: Uri = "untitled:thornbury-vale-draft.txt".parse().expect("URI");
        let mut doc = Document::new(uri, 1, text.to_string());
        let mut workspace = Workspace::new();
        let encoding = Encoding::Utf16;
        let analysis = workspace.analyse(&doc, encoding);
        let rating = analysis
            .findings
            .iter()
            .find(|f| f.rule == "cqc-la/rating-follows-scores")
            .expect("the rating finding");
        let suggestion = rating.suggestion.as_ref().expect("a suggested rating");
        assert_eq!(suggestion.text, "Requires improvement");
        assert_eq!(suggestion.span.of(text), "Good");
        let range = doc.range(rating.primary.span, encoding);
        let rules = workspace.rules_for(&doc);
        let actions = code_actions(&doc, &analysis.findings, rules, range, encoding);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Replace with Requires improvement",
                "Suppress cqc-la/rating-follows-scores here"
            ]
        );
        assert_eq!(actions[0].is_preferred, Some(false));
        let edits = actions[1]
            .edit
            .as_ref()
            .and_then(|e| e.changes.as_ref())
            .and_then(|c| c.values().next())
            .expect("an edit");
        assert_eq!(
            edits[0].new_text,
            "reportlint-disable-next-line cqc-la/rating-follows-scores\n"
        );
        doc.apply(
            &lsp_types::TextDocumentContentChangeEvent {
                range: Some(edits[0].range),
                range_length: None,
                text: edits[0].new_text.clone(),
            },
            encoding,
        );
        let after = workspace.analyse(&doc, encoding);
        assert!(
            after
                .findings
                .iter()
                .all(|f| f.rule != "cqc-la/rating-follows-scores"),
            "{:?}",
            after.findings
        );
        assert_eq!(
            after.findings.len(),
            analysis.findings.len() - 1,
            "{:?}",
            after
                .findings
                .iter()
                .map(|f| (&f.rule, &f.message))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_safe_fix_is_the_preferred_action() {
        let text = "Ofsted\nwww.qov.uk/ofsted\n\n15 March 2023\n\nDear Priya\n";
        let uri: Uri = "untitled:letter.txt".parse().expect("URI");
        let doc = Document::new(uri, 1, text.to_string());
        let mut workspace = Workspace::new();
        let encoding = Encoding::Utf16;
        let analysis = workspace.analyse(&doc, encoding);
        let typo = analysis
            .findings
            .iter()
            .find(|f| f.rule == "common/official-domain-typo")
            .expect("the typo finding");
        let range = doc.range(typo.primary.span, encoding);
        let rules = workspace.rules_for(&doc);
        let actions = code_actions(&doc, &analysis.findings, rules, range, encoding);
        let fix = actions
            .iter()
            .find(|a| a.is_preferred == Some(true))
            .expect("a preferred fix");
        assert_eq!(fix.title, "Replace `www.qov.uk` with `www.gov.uk`");
        let edits = fix
            .edit
            .as_ref()
            .and_then(|e| e.changes.as_ref())
            .and_then(|c| c.values().next())
            .expect("an edit");
        assert_eq!(edits[0].new_text, "www.gov.uk");
        assert_eq!(edits[0].range.start.line, 1);
    }
}
