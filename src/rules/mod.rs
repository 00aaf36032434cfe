//! The rule engine: rules are data, kinds are code.
//!
//! A rule pack is a folder of YAML files. A file may describe a report
//! family (`family:`) and list rules (`rules:`), each an instance of a
//! generic rule kind (`kind:` then `params:`) with its id, summary, severity,
//! why, help and examples. Packs ship inside the binary (`rules/` at build
//! time) and more can be loaded from folders at run time.
//!
//! A broken rule is reported with a label in its YAML file and skipped; the
//! other rules of the file still load.

pub mod families;
pub mod figure;
pub mod kinds;
pub mod measure;
mod pack;
pub mod schema;
pub mod search;
pub mod words;

use std::any::Any;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::family::Family;
use crate::finding::{FileId, Finding, Label, Replacement, Severity};
use crate::model::Report;
use crate::source::SourceFile;
use crate::timings::Timings;
use crate::yaml::YamlError;
use families::Families;
use words::SentenceWords;

pub use pack::{Example, RuleSpec};

/// The packs compiled into the binary: (file name, contents).
pub const BUILTIN_PACKS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// A rule ready to run.
#[derive(Debug)]
pub struct Rule {
    pub spec: RuleSpec,
    /// The pack file it came from.
    pub file: String,
    /// Whether it is one of reportlint's own rules.
    pub shipped: bool,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Whether the rule runs on reports of `family`.
    pub fn applies_to(&self, family: Option<&str>) -> bool {
        self.spec.applies_to.includes(family)
    }
}

/// Everything loaded from the rule packs.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub families: Vec<Family>,
    pub rules: Vec<Rule>,
    /// Problems in pack files; each skipped what it concerned.
    pub errors: Vec<YamlError>,
    /// Time per rule, when asked for ([`RuleSet::record_timings`]).
    pub timings: Option<Timings>,
    /// Ids of the families reportlint ships.
    shipped_families: Vec<String>,
    /// While set, a pack's rule or family with a shipped one's id takes
    /// its place instead of being refused
    /// ([`RuleSet::add_dir_over_shipped`]).
    over_shipped: bool,
}

/// The largest rule pack file loaded: a pack is a few hundred rules in a
/// few hundred kilobytes; a file far larger is a mistake (a word list
/// pasted in, a generated file) that would cost minutes and gigabytes to
/// load and compile.
pub const MAX_PACK_BYTES: usize = 4 * 1024 * 1024;

/// The error for a pack file of `len` bytes, over [`MAX_PACK_BYTES`].
fn too_large(name: &str, len: usize) -> YamlError {
    let mb = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    YamlError::at(
        name,
        "",
        None,
        format!(
            "the rule pack file is {:.1} MB, over the limit of {:.0} MB: it is not loaded (split it into several files)",
            mb(len),
            mb(MAX_PACK_BYTES)
        ),
    )
}

/// What a rule kind sees when it checks one report.
pub struct Context<'a> {
    pub source: &'a SourceFile,
    pub report: &'a Report,
    pub family: Option<&'a Family>,
    /// Organisations the configuration lets this report name on purpose
    /// (its `allowed_names`).
    pub allowed_names: &'a [String],
    /// The words of each sentence, hashed on first use.
    words: OnceLock<SentenceWords>,
    /// The text with ASCII letters lower-cased, made on first use.
    lower: OnceLock<String>,
    /// Whether the text has a character that case-folds to an ASCII letter.
    folding_signs: OnceLock<bool>,
    /// What rules of one kind read alike, kept for the next such rule
    /// ([`Context::shared`]).
    shared: Mutex<Vec<(SharedKey, SharedValue)>>,
}

type SharedKey = Box<dyn Any + Send + Sync>;
type SharedValue = Arc<dyn Any + Send + Sync>;

impl<'a> Context<'a> {
    pub fn new(
        source: &'a SourceFile,
        report: &'a Report,
        family: Option<&'a Family>,
        allowed_names: &'a [String],
    ) -> Self {
        Context {
            source,
            report,
            family,
            allowed_names,
            words: OnceLock::new(),
            lower: OnceLock::new(),
            folding_signs: OnceLock::new(),
            shared: Mutex::new(Vec::new()),
        }
    }

    /// What `make` reads of this report for the inputs `key`, made once
    /// however many rules ask with an equal key (the rules of one kind
    /// that read alike: the abbreviation kinds read the same definitions).
    /// A kind's key holds everything its reading depends on.
    pub fn shared<K, V>(&self, key: K, make: impl FnOnce() -> V) -> Arc<V>
    where
        K: PartialEq + Any + Send + Sync,
        V: Any + Send + Sync,
    {
        let found = self.shared.lock().ok().and_then(|kept| {
            kept.iter()
                .find(|(k, _)| k.downcast_ref::<K>() == Some(&key))
                .and_then(|(_, v)| Arc::clone(v).downcast::<V>().ok())
        });
        if let Some(value) = found {
            return value;
        }
        // Made without the lock held: `make` may ask for something shared.
        let value = Arc::new(make());
        if let Ok(mut kept) = self.shared.lock() {
            let shared: SharedValue = value.clone();
            kept.push((Box::new(key), shared));
        }
        value
    }

    /// The text with its ASCII letters in lower case (same byte offsets), for
    /// the literal searches of [`search::prefilter`].
    pub fn ascii_lowercase(&self) -> &str {
        self.lower
            .get_or_init(|| self.source.text().to_ascii_lowercase())
    }

    /// Whether the text holds one of [`crate::literals::FOLDING_SIGNS`],
    /// where the literal searches of case-insensitive patterns do not hold.
    pub fn has_folding_signs(&self) -> bool {
        *self.folding_signs.get_or_init(|| {
            // memmem rather than `contains([..])`, which decodes every
            // character.
            let bytes = self.source.text().as_bytes();
            crate::literals::FOLDING_SIGNS.iter().any(|sign| {
                let mut buf = [0u8; 4];
                memchr::memmem::find(bytes, sign.encode_utf8(&mut buf).as_bytes()).is_some()
            })
        })
    }

    /// The word hashes of each sentence, shared by the rules that compare
    /// text.
    pub fn sentence_words(&self) -> &SentenceWords {
        self.words
            .get_or_init(|| SentenceWords::new(self.report, self.source.text()))
    }
}

/// What a rule that compares reports keeps of one report, for the step
/// over the whole run ([`kinds::Kind::digest`]).
pub type Digest = Box<dyn std::any::Any + Send + Sync>;

/// One report of a run, as a rule that compares reports sees it.
pub struct CorpusReport<'a> {
    pub source: &'a SourceFile,
    /// Its place in the run, for labels that point into it.
    pub file: FileId,
    pub digest: &'a (dyn std::any::Any + Send + Sync),
}

/// Collects the findings of a rule that compares reports; each finding
/// belongs to one report of the run.
pub struct CorpusSink<'a> {
    rule: &'a RuleSpec,
    /// The file index in the run of each report the rule sees.
    files: &'a [usize],
    findings: &'a mut Vec<(usize, Finding)>,
}

impl CorpusSink<'_> {
    /// Reports a finding in the `report`-th report the rule was given.
    pub fn report(
        &mut self,
        report: usize,
        message: impl Into<String>,
        primary: Label,
        related: Vec<Label>,
    ) {
        let Some(&file) = self.files.get(report) else {
            return;
        };
        let mut findings = Vec::new();
        Sink {
            rule: self.rule,
            findings: &mut findings,
        }
        .report(message, primary, related);
        self.findings
            .extend(findings.into_iter().map(|f| (file, f)));
    }
}

/// Collects a rule's findings with its id, severity and help filled in.
pub struct Sink<'a> {
    rule: &'a RuleSpec,
    findings: &'a mut Vec<Finding>,
}

impl Sink<'_> {
    /// The rule's own severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// Reports a finding at the rule's own severity.
    pub fn report(&mut self, message: impl Into<String>, primary: Label, related: Vec<Label>) {
        self.add(self.rule.severity, message, primary, related);
    }

    /// Reports a finding at another severity (a "cannot be derived" note
    /// from a rule whose errors are errors).
    pub fn report_as(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
        related: Vec<Label>,
    ) {
        self.add(severity, message, primary, related);
    }

    /// Reports a finding at the rule's own severity with the edit that
    /// fixes it (`check --fix` applies it).
    pub fn report_with_fix(
        &mut self,
        message: impl Into<String>,
        primary: Label,
        related: Vec<Label>,
        fix: Replacement,
    ) {
        let severity = self.rule.severity;
        self.add(severity, message, primary, related).fix = Some(fix);
    }

    /// Reports a finding and returns it, so that a kind can attach a fix or
    /// a suggestion.
    pub fn add(
        &mut self,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
        related: Vec<Label>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            severity,
            message: message.into(),
            primary,
            related,
            help: self.rule.help.as_deref().map(|h| h.trim().to_string()),
            fix: None,
            suggestion: None,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}

/// The first place in `text[from..to]` where `word` stands alone (not
/// inside a longer id).
fn find_word(text: &str, from: usize, to: usize, word: &str) -> Option<usize> {
    let id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let slice = text.get(from..to)?;
    slice
        .match_indices(word)
        .map(|(at, _)| from + at)
        .find(|&at| {
            !text[..at].chars().next_back().is_some_and(id_char)
                && !text[at + word.len()..].chars().next().is_some_and(id_char)
        })
}

impl RuleSet {
    /// The packs shipped with reportlint.
    pub fn builtin() -> Self {
        let mut set = Self::default();
        set.add_pack_files(
            BUILTIN_PACKS
                .iter()
                .map(|&(name, text)| (name, text))
                .collect(),
        );
        for rule in &mut set.rules {
            rule.shipped = true;
        }
        set.shipped_families = set.families.iter().map(|f| f.id().to_string()).collect();
        set
    }

    /// Adds the packs under `dir` as [`RuleSet::add_dir`] does, except that
    /// a rule or family with the id of a shipped one takes its place: a
    /// shipped pack under edit (`test-rules rules/common`) is read as
    /// edited, not refused as a second definition.
    pub fn add_dir_over_shipped(&mut self, dir: &Path) {
        self.over_shipped = true;
        self.add_dir(dir);
        self.over_shipped = false;
    }

    /// Starts recording the time each rule takes (after all packs are
    /// added: rules are counted here).
    pub fn record_timings(&mut self) {
        self.timings = Some(Timings::new(self.rules.len()));
    }

    /// Adds every `*.yaml`/`*.yml` file under `dir`, in name order.
    pub fn add_dir(&mut self, dir: &Path) {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|entry| match entry {
                Ok(entry) => Some(entry),
                Err(error) => {
                    self.errors.push(YamlError::at(
                        &dir.display().to_string(),
                        "",
                        None,
                        error.to_string(),
                    ));
                    None
                }
            })
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
            })
            .map(|e| e.into_path())
            .collect();
        files.sort();
        let mut texts: Vec<(String, String)> = Vec::new();
        for path in files {
            let name = path.display().to_string();
            // Not read at all when it is over the limit.
            if let Ok(meta) = std::fs::metadata(&path) {
                if meta.len() > MAX_PACK_BYTES as u64 {
                    self.errors.push(too_large(&name, meta.len() as usize));
                    continue;
                }
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.push((name, text)),
                Err(error) => self.errors.push(YamlError::at(
                    &name,
                    "",
                    None,
                    format!("cannot read: {error}"),
                )),
            }
        }
        self.add_pack_files(
            texts
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str()))
                .collect(),
        );
        // The folder's own family files are loaded by now.
        for (name, text) in &texts {
            self.check_applies_to(name, text);
        }
    }

    /// Reports each family that the rules of pack file `name` say they
    /// apply to and that does not exist (they would never run), once per
    /// family, at the place it is written.
    fn check_applies_to(&mut self, name: &str, text: &str) {
        let mut reported: Vec<&str> = Vec::new();
        let mut errors = Vec::new();
        let mut starts: Vec<usize> = self
            .rules
            .iter()
            .filter(|r| r.file == name)
            .map(|r| r.spec.offset)
            .collect();
        starts.sort_unstable();
        for rule in self.rules.iter().filter(|r| r.file == name) {
            let end = starts
                .iter()
                .find(|&&s| s > rule.spec.offset)
                .map_or(text.len(), |&s| s);
            for id in rule.spec.applies_to.named() {
                if self.family(id).is_some() || reported.contains(&id.as_str()) {
                    continue;
                }
                reported.push(id);
                // Written in the rule, else in the file's `applies_to`.
                let offset = find_word(text, rule.spec.offset, end, id).or_else(|| {
                    let key = text.find("applies_to")?;
                    find_word(text, key, text.len(), id)
                });
                let known: Vec<&str> = self.families.iter().map(Family::id).collect();
                errors.push(YamlError::at(
                    name,
                    text,
                    offset,
                    format!(
                        "`applies_to` names the family `{id}`, which does not exist (known: {}): {}",
                        known.join(", "),
                        match &rule.spec.applies_to {
                            Families::Except(_) => "leaving it out leaves nothing out",
                            _ => "its rules would never run",
                        }
                    ),
                ));
            }
        }
        self.errors.extend(errors);
    }

    /// Adds one pack file's family and rules; problems go to `errors`.
    pub fn add_pack_file(&mut self, name: &str, text: &str) {
        self.add_pack_files(vec![(name, text)]);
    }

    /// Adds pack files (name, text) as [`RuleSet::add_pack_file`] does, in
    /// the order given. Compiling their regexes is most of a run's start-up,
    /// so the files are read in parallel and only added in order.
    fn add_pack_files(&mut self, files: Vec<(&str, &str)>) {
        let loaded: Vec<Option<pack::Loaded>> = files
            .par_iter()
            .map(|&(name, text)| (text.len() <= MAX_PACK_BYTES).then(|| pack::load(name, text)))
            .collect();
        for ((name, text), loaded) in files.into_iter().zip(loaded) {
            match loaded {
                Some(loaded) => self.add_loaded(name, text, loaded),
                None => self.errors.push(too_large(name, text.len())),
            }
        }
    }

    /// Adds what [`pack::load`] read of the file `name`: its family, unless
    /// one of that id exists, and its rules, unless one of an id exists.
    fn add_loaded(&mut self, name: &str, text: &str, loaded: pack::Loaded) {
        self.errors.extend(loaded.errors);
        if let Some(family) = loaded.family {
            if self.over_shipped && self.shipped_families.iter().any(|id| id == family.id()) {
                self.families.retain(|f| f.id() != family.id());
                self.shipped_families.retain(|id| id != family.id());
            }
            if self.family(family.id()).is_some() {
                let offset = text
                    .find(&format!("id: {}", family.id()))
                    .or_else(|| text.find(family.id()));
                self.errors.push(YamlError::at(
                    name,
                    text,
                    offset,
                    format!(
                        "the family `{}` is already defined (by reportlint or another pack); give this one another id: it is skipped",
                        family.id()
                    ),
                ));
            } else {
                self.families.push(family);
            }
        }
        for spec in loaded.rules {
            if self.over_shipped {
                self.rules.retain(|r| !(r.shipped && r.id() == spec.id));
            }
            if self.rules.iter().any(|r| r.id() == spec.id) {
                self.errors.push(YamlError::at(
                    name,
                    text,
                    Some(spec.offset),
                    format!("rule `{}` is defined twice; this one is skipped", spec.id),
                ));
                continue;
            }
            self.rules.push(Rule {
                spec,
                file: name.to_string(),
                shipped: false,
            });
        }
        self.rules.sort_by(|a, b| a.id().cmp(b.id()));
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id() == id)
    }

    /// The family whose detection patterns best match `text`: the most
    /// patterns matched, then the smaller id, then the later family.
    pub fn detect(&self, text: &str) -> Option<&Family> {
        let mut best: Option<(usize, &Family)> = None;
        // Detection patterns are tried only where their literals are
        // (`crate::literals`), in the skeleton lower-cased once.
        let lower = text.to_ascii_lowercase();
        let folding = text.contains(crate::literals::FOLDING_SIGNS);
        for family in &self.families {
            // What this family must score to take the lead: families are
            // only read as far as they can still do so.
            let needed = match best {
                None => 1,
                Some((score, leader)) if family.id() <= leader.id() => score,
                Some((score, _)) => score + 1,
            };
            if let Some(score) = family.detection_score(text, &lower, folding, needed) {
                best = Some((score, family));
            }
        }
        best.map(|(_, f)| f)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// Runs every rule that applies to the report's family.
    pub fn check(&self, ctx: &Context<'_>, enabled: &dyn Fn(&Rule) -> bool) -> Vec<Finding> {
        self.check_with_digests(ctx, enabled, false).0
    }

    /// Runs every rule that applies to the report's family and, when
    /// `digests`, keeps what rules that compare reports need of it (by rule
    /// index).
    pub fn check_with_digests(
        &self,
        ctx: &Context<'_>,
        enabled: &dyn Fn(&Rule) -> bool,
        digests: bool,
    ) -> (Vec<Finding>, Vec<(usize, Digest)>) {
        let mut findings = Vec::new();
        let mut kept = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if !rule.applies_to(ctx.report.family.as_deref()) || !enabled(rule) {
                continue;
            }
            let started = self.timings.as_ref().map(|_| Instant::now());
            if digests {
                if let Some(digest) = rule.spec.check.digest(ctx) {
                    kept.push((index, digest));
                }
            }
            let mut sink = Sink {
                rule: &rule.spec,
                findings: &mut findings,
            };
            rule.spec.check.run(ctx, &mut sink);
            if let (Some(timings), Some(started)) = (&self.timings, started) {
                timings.rule(index, started);
            }
        }
        (findings, kept)
    }

    /// Runs the rules that compare reports over a run: `files` holds each
    /// file's source and the digests kept by [`RuleSet::check_with_digests`].
    /// Returns each finding with the index of the file it belongs to.
    pub fn check_corpus(
        &self,
        files: &[(&SourceFile, &[(usize, Digest)])],
    ) -> Vec<(usize, Finding)> {
        let mut out = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let mut ids = Vec::new();
            let mut reports = Vec::new();
            for (file, (source, digests)) in files.iter().enumerate() {
                if let Some((_, digest)) = digests.iter().find(|(i, _)| *i == index) {
                    ids.push(file);
                    reports.push(CorpusReport {
                        source,
                        file: FileId(file),
                        digest: digest.as_ref(),
                    });
                }
            }
            if reports.len() < 2 {
                continue;
            }
            let mut sink = CorpusSink {
                rule: &rule.spec,
                files: &ids,
                findings: &mut out,
            };
            let started = Instant::now();
            rule.spec.check.run_corpus(&reports, &mut sink);
            if let Some(timings) = &self.timings {
                timings.corpus(index, started);
            }
        }
        out
    }
}

/// The text of `reportlint rules`: one line per rule, its id, severity and
/// summary.
pub fn list(rules: &RuleSet) -> String {
    rules
        .rules
        .iter()
        .map(|rule| {
            format!(
                "{:<40} {:<8} {}\n",
                rule.id(),
                rule.spec.severity,
                rule.spec.summary
            )
        })
        .collect()
}

/// The text of `reportlint explain`: summary, why, help, and the first
/// failing example. `rules/README.md` is generated from the same text.
pub fn explain(rule: &Rule) -> String {
    let spec = &rule.spec;
    let mut out = format!("{}\n\n{}\n\n", spec.id, spec.summary);
    out.push_str(&format!(
        "kind: {}    severity: {}    file: {}\n",
        spec.kind, spec.severity, rule.file
    ));
    if let Some(families) = spec.applies_to.describe() {
        out.push_str(&format!("applies to: {families}\n"));
    }
    out.push_str(&format!("\nWhy\n\n{}\n", spec.why.trim()));
    if let Some(help) = &spec.help {
        out.push_str(&format!("\nWhat to do\n\n{}\n", help.trim()));
    }
    if let Some(example) = spec.examples.fail.first() {
        out.push_str("\nExample that is flagged");
        if let Some(note) = &example.note {
            out.push_str(&format!(" ({})", note.trim_end_matches('.')));
        }
        out.push_str(":\n\n");
        for line in example.text.lines() {
            out.push_str(&format!("    {line}\n").replace("    \n", "\n"));
        }
    }
    out
}

/// `rules/README.md`: every shipped family and rule, generated from the
/// packs (a test keeps the committed file fresh).
pub fn reference(set: &RuleSet) -> String {
    let mut out = String::from(
        "# Shipped rules\n\n<!-- Generated from the rule packs by `tests/rules_reference.rs`; run\n     `UPDATE_RULES_README=1 cargo test --test rules_reference` after editing a pack. -->\n\n",
    );
    // How a pack file is written, kept beside the code that reads it.
    out.push_str(include_str!("pack_format.md"));
    out.push_str("\n## Report families\n\n| id | name |\n|---|---|\n");
    let mut families: Vec<&Family> = set.families.iter().collect();
    families.sort_by(|a, b| a.id().cmp(b.id()));
    for family in families {
        out.push_str(&format!("| `{}` | {} |\n", family.id(), family.spec.name));
    }
    out.push_str("\n## Rules\n\n| id | severity | kind | summary |\n|---|---|---|---|\n");
    for rule in &set.rules {
        let spec = &rule.spec;
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            spec.id,
            anchor(&spec.id),
            spec.severity,
            spec.kind,
            spec.summary
        ));
    }
    for rule in &set.rules {
        out.push_str(&format!("\n### {}\n\n", rule.spec.id));
        out.push_str(
            &explain(rule)
                .split_once("\n\n")
                .map_or(String::new(), |(_, rest)| rest.to_string()),
        );
    }
    out
}

/// The anchor of a rule's section in `rules/README.md` (GitHub's rule:
/// lower case, spaces to `-`, other punctuation dropped).
pub fn anchor(id: &str) -> String {
    id.chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_rules_share_is_made_once_per_key() {
        let source = SourceFile::new("report.md", "A report.\n");
        let report = crate::model::build_from_blocks(
            source.text(),
            crate::parse::blocks(source.text()),
            None,
        );
        let ctx = Context::new(&source, &report, None, &[]);
        let made = std::cell::Cell::new(0);
        let make = |value: usize| {
            made.set(made.get() + 1);
            value
        };
        assert_eq!(*ctx.shared(("reader", 1), || make(10)), 10);
        assert_eq!(*ctx.shared(("reader", 1), || make(11)), 10);
        assert_eq!(made.get(), 1);
        // Another key, or the same key with another type of value, is made
        // again.
        assert_eq!(*ctx.shared(("reader", 2), || make(20)), 20);
        assert_eq!(
            *ctx.shared(("reader", 1), || i64::from(made.get() as u8)),
            2
        );
        assert_eq!(made.get(), 2);
    }
}
