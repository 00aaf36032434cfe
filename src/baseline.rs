//! Baselines: the findings a team has already accepted, so that only new
//! ones count. `reportlint baseline` writes one; `check --baseline FILE`
//! drops the findings it lists.
//!
//! Entries are keyed by path, rule and [`Finding::fingerprint`] (the rule,
//! the message and the flagged line's text), so they survive edits elsewhere
//! in the file. Keys are counted: two identical findings in one file need
//! two entries, and a third one is new.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::source::{InputError, SourceFile};
use crate::stream::Lint;

/// The version of the baseline file format.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. `line` and `message` are for people reading the
/// file; matching uses `path`, `rule` and `fingerprint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    pub line: usize,
    pub message: String,
}

/// The key of a report path: the path relative to `base`, the baseline
/// file's folder, with `/` between its parts, so that a report is the same
/// entry however its path was typed and wherever the command ran
/// (`./a/b.md`, `a\b.md` and `/clone/a/b.md` are `a/b.md` for a baseline
/// in `/clone`).
pub fn path_key(path: &str, base: &Path) -> String {
    let path = path.replace('\\', "/");
    let (Some(report), Some(base)) = (resolve(Path::new(&path)), resolve(base)) else {
        return path.strip_prefix("./").unwrap_or(&path).to_string();
    };
    let report: Vec<Component> = report.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = report.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        report[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// `path` made absolute: through the file system when it exists (links
/// resolved), else joined to the current folder with `.` and `..` folded.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = path.canonicalize() {
        return Some(real);
    }
    let absolute = std::env::current_dir().ok()?.join(path);
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The folder of a baseline file: its entries' paths are relative to it.
pub fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Baseline {
    /// A baseline accepting every finding given of the report `source`,
    /// for a baseline file in folder `base`.
    pub fn record<'a>(
        source: &SourceFile,
        findings: impl IntoIterator<Item = &'a Finding>,
        base: &Path,
    ) -> Self {
        let entries: Vec<Entry> = findings
            .into_iter()
            .map(|f| Entry {
                path: path_key(source.name(), base),
                rule: f.rule.clone(),
                fingerprint: f.fingerprint(source),
                line: source.position(f.primary.span.start).line,
                message: f.message.clone(),
            })
            .collect();
        Self::from_entries(entries)
    }

    /// "recorded 3 findings in PATH", said once the baseline is written
    /// to `path`.
    pub fn summary(&self, path: &Path) -> String {
        let count = self.findings.len();
        let plural = if count == 1 { "" } else { "s" };
        format!("recorded {count} finding{plural} in {}", path.display())
    }

    /// Reads the baseline file at `path`.
    pub fn read(path: &Path) -> Result<Self, String> {
        std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Self::parse(&text))
    }

    /// Leaves in `run` only the findings this baseline, read from `path`,
    /// does not list.
    pub fn keep_new(&self, path: &Path, run: &mut Lint) {
        let mut filter = self.filter(&folder_of(path));
        run.retain(&mut |finding, source| filter.is_new(finding, source));
    }

    /// A baseline accepting every finding of `run`, its files read again a
    /// few at a time (a fingerprint needs the text), with the files that
    /// could no longer be had as linted.
    pub fn of_run(run: &Lint, base: &Path) -> (Self, Vec<InputError>) {
        let mut entries = Vec::new();
        let late = run.reread(&|f| !f.findings.is_empty(), &mut |file| {
            if let Some(source) = &file.source {
                entries.extend(Self::record(source, &file.findings, base).findings);
            }
            true
        });
        (Self::from_entries(entries), late)
    }

    /// A baseline of these entries (recorded a file at a time, say), in
    /// the order a baseline keeps them.
    pub fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| {
            (&a.path, a.line, &a.rule, &a.fingerprint).cmp(&(
                &b.path,
                b.line,
                &b.rule,
                &b.fingerprint,
            ))
        });
        Self {
            version: VERSION,
            findings: entries,
        }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Self = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this reportlint writes {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// A filter that drops accepted findings, each entry at most once;
    /// `base` is the baseline file's folder.
    pub fn filter(&self, base: &Path) -> Filter {
        let mut remaining: HashMap<(String, String, String), usize> = HashMap::new();
        for entry in &self.findings {
            *remaining
                .entry((
                    entry.path.clone(),
                    entry.rule.clone(),
                    entry.fingerprint.clone(),
                ))
                .or_default() += 1;
        }
        Filter {
            remaining,
            base: base.to_path_buf(),
        }
    }
}

/// Drops findings the baseline accepts; stateful, so repeats are counted.
pub struct Filter {
    remaining: HashMap<(String, String, String), usize>,
    base: PathBuf,
}

impl Filter {
    /// Whether `finding`, of the report `source`, is new (not accepted by
    /// the baseline).
    pub fn is_new(&mut self, finding: &Finding, source: &SourceFile) -> bool {
        let key = (
            path_key(source.name(), &self.base),
            finding.rule.clone(),
            finding.fingerprint(source),
        );
        match self.remaining.get_mut(&key) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Label, Severity};
    use crate::span::Span;

    fn finding(source: &SourceFile, at: &str, message: &str) -> Finding {
        let start = source.text().find(at).expect("text present");
        Finding {
            rule: "cqc-la/rating-follows-scores".into(),
            severity: Severity::Error,
            message: message.into(),
            primary: Label::new(Span::new(start, start + at.len()), "here"),
            related: Vec::new(),
            help: None,
            fix: None,
            suggestion: None,
        }
    }

    #[test]
    fn accepted_findings_survive_edits_elsewhere_and_new_ones_count() {
        let before = SourceFile::new("./drafts/a.md", "Title\n\nGood\n".to_string());
        let here = Path::new(".");
        let baseline = Baseline::record(
            &before,
            [&finding(&before, "Good", "rating is wrong")],
            here,
        );
        let text = Baseline::parse(&baseline.to_json()).expect("round trip");
        assert_eq!(text, baseline);

        // Two lines added above: same finding, new line number.
        let after = SourceFile::new("drafts/a.md", "Title\n\nIntro\n\nGood\n".to_string());
        let mut filter = baseline.filter(here);
        let mut is_new = |message| filter.is_new(&finding(&after, "Good", message), &after);
        assert!(!is_new("rating is wrong"));
        // The entry is used up: the same finding a second time is new.
        assert!(is_new("rating is wrong"));
        // A different message is a different finding.
        let mut filter = baseline.filter(here);
        assert!(filter.is_new(&finding(&after, "Good", "rating is now wrong"), &after));
    }

    #[test]
    fn paths_are_keyed_from_the_baseline_folder() {
        let cwd = std::env::current_dir().expect("current folder");
        let absolute = cwd.join("drafts/a.md").display().to_string();
        for typed in [
            "drafts/a.md",
            "./drafts/a.md",
            "drafts/../drafts/a.md",
            &absolute,
        ] {
            assert_eq!(path_key(typed, Path::new(".")), "drafts/a.md", "{typed}");
            assert_eq!(path_key(typed, &cwd.join("drafts")), "a.md", "{typed}");
            assert_eq!(path_key(typed, &cwd.join("other")), "../drafts/a.md");
        }
    }

    #[test]
    fn another_version_is_refused() {
        let error = Baseline::parse(r#"{"version": 9, "findings": []}"#).expect_err("version");
        assert!(error.contains("version 9"), "{error}");
    }
}
