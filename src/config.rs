//! The shared configuration a report team keeps beside its drafts:
//! `reportlint.yaml` (or `.reportlint.yaml`), found by walking up from each
//! linted file; the nearest file wins, as with ruff and markdownlint.
//!
//! A configuration chooses the rule packs, turns rules off and on, changes
//! their severity, names the report family of some files, lists partner
//! organisations a report may name, and sets the fail level; `overrides`
//! apply the same settings to files matching globs. Misspelt keys and rule
//! ids that match no rule are errors located in the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::rules::RuleSet;
use crate::yaml::{self, Spanned, YamlError};

/// The names a configuration file may have, in the order they are tried.
pub const FILE_NAMES: [&str; 2] = ["reportlint.yaml", ".reportlint.yaml"];

/// The keys of a configuration file. The same keys make an entry of
/// `overrides` (minus the top-level-only ones), so both are read as this one
/// shape and the placement is checked after reading; `serde(flatten)` would
/// lose the locations of misspelt keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Top level only: folders of extra rule packs, relative to the file.
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    /// Top level only: the least severe finding that fails the run.
    #[serde(default)]
    fail_level: Option<Spanned<Severity>>,
    /// Top level only: settings for files matching globs (relative to the
    /// configuration file's folder), applied in order after the top level.
    #[serde(default)]
    overrides: Vec<Spanned<Settings>>,
    /// Overrides only: the globs an override applies to.
    #[serde(default)]
    files: Vec<Spanned<String>>,
    /// Read matching reports as this family instead of detecting it.
    #[serde(default)]
    family: Option<Spanned<String>>,
    /// Rules to turn off: ids, `pack/` prefixes, or `all`.
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    /// Rules to turn back on (after `disable`).
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    /// Severity per rule id or prefix.
    #[serde(default)]
    severity: HashMap<Spanned<String>, Severity>,
    /// Organisations a report may name on purpose (partners, neighbours).
    #[serde(default)]
    allowed_names: Vec<String>,
}

/// A configuration file, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The folder globs and pack paths are relative to.
    pub root: PathBuf,
    text: String,
    file: Settings,
    globs: Vec<GlobSet>,
}

/// What a configuration says about one report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The configuration file it came from, if any.
    pub config: Option<PathBuf>,
    pub family: Option<String>,
    /// Selectors in the order they apply; the last that matches a rule wins.
    pub switches: Vec<(String, bool)>,
    pub severity: Vec<(String, Severity)>,
    pub allowed_names: Vec<String>,
    pub fail_level: Option<Severity>,
    /// Rules from packs of other configurations: never run here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub foreign: Vec<String>,
}

impl Policy {
    /// Whether the rule with `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        if self.foreign.iter().any(|f| f == id) {
            return false;
        }
        self.switches
            .iter()
            .rev()
            .find(|(selector, _)| selects(selector, id))
            .is_none_or(|(_, on)| *on)
    }

    /// The rule's severity after the configuration's overrides.
    pub fn severity(&self, id: &str, default: Severity) -> Severity {
        self.severity
            .iter()
            .rev()
            .find(|(selector, _)| selects(selector, id))
            .map_or(default, |(_, severity)| *severity)
    }

    /// The policy of `report` as `reportlint config` shows it: where it
    /// comes from, its family and fail level, and what it changes of
    /// `rules`.
    pub fn describe(&self, report: &Path, rules: &RuleSet) -> String {
        let disabled: Vec<String> = rules
            .rules
            .iter()
            .filter(|r| !self.enabled(r.id()))
            .map(|r| r.id().to_string())
            .collect();
        let severities: Vec<String> = rules
            .rules
            .iter()
            .filter(|r| self.enabled(r.id()))
            .filter(|r| self.severity(r.id(), r.spec.severity) != r.spec.severity)
            .map(|r| format!("{}: {}", r.id(), self.severity(r.id(), r.spec.severity)))
            .collect();
        let mut out = format!("report: {}\n", report.display());
        out.push_str(&format!(
            "configuration: {}\n",
            self.config
                .as_ref()
                .map_or("none (defaults)".to_string(), |p| p.display().to_string())
        ));
        out.push_str(&format!(
            "family: {}\n",
            self.family.as_deref().unwrap_or("detected from the text")
        ));
        out.push_str(&format!(
            "fail_level: {}\n",
            self.fail_level.unwrap_or(Severity::Warning)
        ));
        let list = |items: &[String]| {
            if items.is_empty() {
                " []\n".to_string()
            } else {
                items
                    .iter()
                    .map(|i| format!("\n  - {i}"))
                    .collect::<String>()
                    + "\n"
            }
        };
        out.push_str(&format!("disabled rules:{}", list(&disabled)));
        out.push_str(&format!("severity overrides:{}", list(&severities)));
        out.push_str(&format!("allowed names:{}", list(&self.allowed_names)));
        out
    }
}

/// `all`, a rule id, or a prefix ending in `/` (a whole pack).
fn selects(selector: &str, id: &str) -> bool {
    selector == "all" || selector == id || (selector.ends_with('/') && id.starts_with(selector))
}

impl Config {
    /// Reads a configuration file.
    pub fn read(path: &Path) -> Result<Self, YamlError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| YamlError::at(&name, "", None, format!("cannot read: {e}")).in_config())?;
        Self::parse(path, &text)
    }

    /// Reads configuration text as if it were the file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, YamlError> {
        let name = path.display().to_string();
        let file: Settings = if text.trim().is_empty() {
            Settings::default()
        } else {
            yaml::from_str(&name, text)
                .map_err(|error| plain_type_error(error, text).in_config())?
        };
        let misplaced = |value: Option<usize>, message: &str| {
            value.map_or(Ok(()), |offset| {
                Err(YamlError::at(&name, text, Some(offset), message).in_config())
            })
        };
        misplaced(
            file.files.first().map(|f| yaml::offset_of(f, text)),
            "`files` belongs in an entry of `overrides`",
        )?;
        for entry in &file.overrides {
            let at = yaml::offset_of(entry, text);
            let rule = &entry.value;
            misplaced(
                rule.packs.first().map(|p| yaml::offset_of(p, text)),
                "`packs` is a top-level key",
            )?;
            misplaced(
                rule.fail_level.as_ref().map(|f| yaml::offset_of(f, text)),
                "`fail_level` is a top-level key",
            )?;
            misplaced(
                rule.overrides.first().map(|o| yaml::offset_of(o, text)),
                "overrides do not nest",
            )?;
            if rule.files.is_empty() {
                misplaced(
                    Some(at),
                    "an override needs `files`: the globs it applies to",
                )?;
            }
        }
        let mut globs = Vec::new();
        for rule in &file.overrides {
            let mut set = GlobSetBuilder::new();
            for pattern in &rule.value.files {
                let glob = Glob::new(&pattern.value).map_err(|e| {
                    YamlError::at(
                        &name,
                        text,
                        Some(yaml::offset_of(pattern, text)),
                        format!("invalid glob `{}`: {}", pattern.value, e.kind()),
                    )
                    .in_config()
                })?;
                set.add(glob);
            }
            let set = set.build().map_err(|e| {
                YamlError::at(&name, text, None, format!("invalid globs: {e}")).in_config()
            })?;
            globs.push(set);
        }
        let root = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Self {
            path: path.to_path_buf(),
            root,
            text: text.to_string(),
            file,
            globs,
        })
    }

    /// The nearest configuration file above `report` (its folder first).
    pub fn discover(report: &Path) -> Option<PathBuf> {
        let start = if report.is_dir() {
            report.to_path_buf()
        } else {
            match report.parent()? {
                parent if parent.as_os_str().is_empty() => PathBuf::from("."),
                parent => parent.to_path_buf(),
            }
        };
        let start = std::path::absolute(&start).unwrap_or(start);
        let found = start.ancestors().find_map(|dir| {
            FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })?;
        Some(relative_to_current_dir(found))
    }

    /// The pack folders the configuration asks for, resolved.
    pub fn packs(&self) -> Vec<PathBuf> {
        self.file
            .packs
            .iter()
            .map(|p| self.root.join(&p.value))
            .collect()
    }

    /// Checks what can only be checked against the loaded rules: every rule
    /// id, prefix and family the file names must exist.
    pub fn validate(&self, rules: &RuleSet) -> Vec<YamlError> {
        let mut errors = Vec::new();
        let mut check_settings = |settings: &Settings| {
            let selectors = settings
                .disable
                .iter()
                .chain(&settings.enable)
                .chain(settings.severity.keys());
            for selector in selectors {
                let known = rules.rules.iter().any(|r| selects(&selector.value, r.id()));
                if !known {
                    errors.push(self.error_at(
                        selector,
                        format!(
                            "`{}` matches no rule; `reportlint rules` lists them",
                            selector.value
                        ),
                    ));
                }
            }
            if let Some(family) = &settings.family {
                if rules.family(&family.value).is_none() {
                    let known: Vec<&str> = rules.families.iter().map(|f| f.id()).collect();
                    errors.push(self.error_at(
                        family,
                        format!(
                            "unknown report family `{}`; known: {}",
                            family.value,
                            known.join(", ")
                        ),
                    ));
                }
            }
        };
        check_settings(&self.file);
        for rule in &self.file.overrides {
            check_settings(&rule.value);
        }
        for pack in &self.file.packs {
            if !self.root.join(&pack.value).is_dir() {
                errors.push(
                    self.error_at(pack, format!("pack folder `{}` does not exist", pack.value)),
                );
            }
        }
        errors
    }

    fn error_at(&self, value: &Spanned<String>, message: String) -> YamlError {
        YamlError::at(
            &self.path.display().to_string(),
            &self.text,
            Some(yaml::offset_of(value, &self.text)),
            message,
        )
        .in_config()
    }

    /// What the configuration says about `report`.
    pub fn policy(&self, report: &Path) -> Policy {
        let mut policy = Policy {
            config: Some(self.path.clone()),
            fail_level: self.file.fail_level.as_ref().map(|f| f.value),
            ..Policy::default()
        };
        apply(&mut policy, &self.file);
        let absolute = std::path::absolute(report).unwrap_or_else(|_| report.to_path_buf());
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let relative = absolute.strip_prefix(&root).unwrap_or(&absolute);
        for (rule, globs) in self.file.overrides.iter().zip(&self.globs) {
            if globs.is_match(relative) {
                apply(&mut policy, &rule.value);
            }
        }
        policy
    }
}

/// Finds, reads and caches the configurations of a run's files, loads the
/// packs they ask for, and gives each file its policy. Rules from a
/// configuration's packs run only on the files that configuration governs.
#[derive(Debug, Default)]
pub struct Resolver {
    /// `--config`: one configuration for every file.
    explicit: Option<Arc<Config>>,
    /// Whether to look for configuration files at all.
    discover: bool,
    /// Configuration by folder, `None` where there is none.
    by_folder: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Configurations already read, by path.
    read: HashMap<PathBuf, Arc<Config>>,
    /// Pack folders by the configuration that loaded them.
    packs: Vec<(PathBuf, PathBuf)>,
    pub errors: Vec<YamlError>,
}

impl Resolver {
    /// `explicit` is `--config`; `discover` is false with `--no-config`.
    pub fn new(explicit: Option<&Path>, discover: bool) -> Self {
        let mut resolver = Self {
            discover,
            ..Self::default()
        };
        if let Some(path) = explicit {
            match Config::read(path) {
                Ok(config) => resolver.explicit = Some(Arc::new(config)),
                Err(error) => resolver.errors.push(error),
            }
        }
        resolver
    }

    /// The configuration governing `file`, read once per file name.
    pub fn config_for(&mut self, file: &Path) -> Option<Arc<Config>> {
        if let Some(config) = &self.explicit {
            return Some(config.clone());
        }
        if !self.discover {
            return None;
        }
        let folder = file.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        if let Some(found) = self.by_folder.get(&folder) {
            return found.clone();
        }
        let found = Config::discover(file).and_then(|path| {
            if let Some(config) = self.read.get(&path) {
                return Some(config.clone());
            }
            match Config::read(&path) {
                Ok(config) => {
                    let config = Arc::new(config);
                    self.read.insert(path, config.clone());
                    Some(config)
                }
                Err(error) => {
                    // Reported once; the file is linted without it.
                    if !self.errors.iter().any(|e| e.file == error.file) {
                        self.errors.push(error);
                    }
                    None
                }
            }
        });
        self.by_folder.insert(folder, found.clone());
        found
    }

    fn all(&self) -> Vec<Arc<Config>> {
        let mut all: Vec<Arc<Config>> = self.read.values().cloned().collect();
        all.extend(self.explicit.clone());
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }

    /// Loads the packs of every configuration read so far into `rules`, then
    /// checks each configuration against the loaded rules.
    pub fn load_packs(&mut self, rules: &mut RuleSet) {
        for config in self.all() {
            for pack in config.packs() {
                if pack.is_dir() && !self.packs.iter().any(|(_, p)| *p == pack) {
                    rules.add_dir(&pack);
                    self.packs.push((config.path.clone(), pack));
                }
            }
        }
        for config in self.all() {
            self.errors.extend(config.validate(rules));
        }
    }

    /// The policy for `file`: its configuration's settings, with the rules
    /// of other configurations' packs switched off.
    pub fn policy(&mut self, file: &Path, rules: &RuleSet) -> Policy {
        let config = self.config_for(file);
        let mut policy = config
            .as_ref()
            .map_or_else(Policy::default, |c| c.policy(file));
        let own = config.as_ref().map(|c| c.path.clone());
        for (owner, pack) in &self.packs {
            if Some(owner) == own.as_ref() {
                continue;
            }
            let prefix = pack.display().to_string();
            for rule in rules.rules.iter().filter(|r| r.file.starts_with(&prefix)) {
                policy.foreign.push(rule.id().to_string());
            }
        }
        policy
    }
}

/// What each configuration key takes, in words and by example.
const KEYS_TAKE: &[(&str, &str)] = &[
    ("packs", "a list of rule pack folders, as in `packs: [house-rules]`"),
    ("fail_level", "one of note, warning or error, as in `fail_level: warning`"),
    (
        "overrides",
        "a list of entries, each with `files:` and the settings for them, as in `overrides: [{files: [\"letters/**\"], disable: [cqc-la/]}]`",
    ),
    ("files", "a list of globs, as in `files: [\"letters/**\"]`"),
    ("family", "a report family id, as in `family: ofsted-letter`"),
    ("disable", "a list of rule ids or `pack/` prefixes, as in `disable: [common/]`"),
    ("enable", "a list of rule ids or `pack/` prefixes, as in `enable: [common/abbreviation-one-expansion]`"),
    (
        "severity",
        "a map from rule id to note, warning or error, as in `severity: { cqc-la/summary-score-matches-section: warning }`",
    ),
    ("allowed_names", "a list of names, as in `allowed_names: [London Borough of Brent]`"),
];

/// A value of the wrong shape (a word where a list goes) is reported with
/// what its key takes, not in the YAML library's words ("expected sequence
/// start"). Syntax errors and unknown keys or values keep their message.
fn plain_type_error(mut error: YamlError, text: &str) -> YamlError {
    let Some(offset) = error.offset else {
        return error;
    };
    if error.message.starts_with("unknown")
        || serde_saphyr::from_str::<serde::de::IgnoredAny>(text).is_err()
    {
        return error;
    }
    // The last key written before the value.
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let key = KEYS_TAKE
        .iter()
        .filter_map(|(key, takes)| {
            let pattern = format!("{key}:");
            let at = before
                .match_indices(pattern.as_str())
                .map(|(at, _)| at)
                .filter(|&at| {
                    !before[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
                .last()?;
            Some((at, key, takes))
        })
        .max_by_key(|(at, _, _)| *at);
    if let Some((_, key, takes)) = key {
        error.message = format!("`{key}` takes {takes}");
    }
    error
}

/// A path under the current folder as a relative path, so that messages
/// about a configuration read the same wherever the repository is cloned;
/// a path elsewhere stays absolute.
fn relative_to_current_dir(path: PathBuf) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or(path)
}

fn apply(policy: &mut Policy, settings: &Settings) {
    if let Some(family) = &settings.family {
        policy.family = Some(family.value.clone());
    }
    for selector in &settings.disable {
        policy.switches.push((selector.value.clone(), false));
    }
    for selector in &settings.enable {
        policy.switches.push((selector.value.clone(), true));
    }
    let mut severities: Vec<(String, Severity)> = settings
        .severity
        .iter()
        .map(|(selector, severity)| (selector.value.clone(), *severity))
        .collect();
    // A map has no order; a longer selector is more specific and wins.
    severities.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.0.cmp(&b.0)));
    policy.severity.extend(severities);
    policy
        .allowed_names
        .extend(settings.allowed_names.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(Path::new("/team/reportlint.yaml"), text).expect("valid configuration")
    }

    #[test]
    fn overrides_apply_in_order_to_matching_files() {
        let config = config(
            "fail_level: error\n\
             disable: [common/]\n\
             severity: { cqc-la/rating-follows-scores: warning }\n\
             allowed_names: [Northby Council]\n\
             overrides:\n  \
               - files: ['letters/**']\n    \
                 family: ofsted-letter\n    \
                 enable: [common/abbreviation-one-expansion]\n    \
                 allowed_names: [Eastmere Borough Council]\n",
        );
        let draft = config.policy(Path::new("/team/drafts/northby.md"));
        assert_eq!(draft.fail_level, Some(Severity::Error));
        assert!(!draft.enabled("common/abbreviation-one-expansion"));
        assert!(draft.enabled("cqc-la/rating-follows-scores"));
        assert_eq!(
            draft.severity("cqc-la/rating-follows-scores", Severity::Error),
            Severity::Warning
        );
        assert_eq!(draft.family, None);
        assert_eq!(draft.allowed_names, ["Northby Council"]);

        let letter = config.policy(Path::new("/team/letters/2025/visit.txt"));
        assert_eq!(letter.family.as_deref(), Some("ofsted-letter"));
        assert!(letter.enabled("common/abbreviation-one-expansion"));
        assert!(!letter.enabled("common/other"));
        assert_eq!(
            letter.allowed_names,
            ["Northby Council", "Eastmere Borough Council"]
        );
    }

    #[test]
    fn a_value_of_the_wrong_shape_says_what_its_key_takes() {
        for (text, key, line, column) in [
            ("fail_level: [warning]\n", "fail_level", 1, 13),
            ("fail_level: error\ndisable: common/\n", "disable", 2, 10),
            ("overrides:\n  - files: letters/**\n", "files", 2, 12),
            ("severity: [common/]\n", "severity", 1, 11),
        ] {
            let error = Config::parse(Path::new("reportlint.yaml"), text).expect_err(text);
            assert!(
                error.message.starts_with(&format!("`{key}` takes ")),
                "{text}: {}",
                error.message
            );
            assert_eq!(error.line_column, Some((line, column)), "{text}");
        }
        // Syntax errors and unknown values keep their own words.
        let error =
            Config::parse(Path::new("reportlint.yaml"), "disable: [a\n").expect_err("syntax");
        assert!(!error.message.contains("takes"), "{}", error.message);
        let error =
            Config::parse(Path::new("reportlint.yaml"), "fail_level: bad\n").expect_err("value");
        assert!(
            error.message.contains("unknown variant"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_misspelt_key_is_located() {
        let error = Config::parse(
            Path::new("reportlint.yaml"),
            "fail_level: error\ndisabel: [x]\n",
        )
        .expect_err("unknown key");
        assert_eq!(error.line_column.map(|(line, _)| line), Some(2), "{error}");
        assert!(error.message.contains("disabel"), "{}", error.message);
        assert_eq!(error.file_kind, yaml::FileKind::Config);
    }

    #[test]
    fn unknown_rules_and_families_are_located() {
        let rules = RuleSet::builtin();
        let config = config(
            "disable: [cqc-la/rating-follows-scores, cqc-la/no-such-rule]\nfamily: school\n",
        );
        let errors = config.validate(&rules);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`cqc-la/no-such-rule` matches no rule"));
        assert_eq!(errors[0].line_column.map(|(l, _)| l), Some(1));
        assert!(messages[1].contains("unknown report family `school`"));
        assert_eq!(errors[1].line_column.map(|(l, _)| l), Some(2));
    }

    #[test]
    fn the_nearest_configuration_is_found() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let nested = dir.path().join("reports/2025");
        std::fs::create_dir_all(&nested).expect("folders");
        std::fs::write(dir.path().join("reportlint.yaml"), "fail_level: note\n").expect("write");
        let report = nested.join("draft.md");
        std::fs::write(&report, "text").expect("write");
        let found = Config::discover(&report).expect("found upward");
        assert_eq!(
            found.file_name().and_then(|n| n.to_str()),
            Some("reportlint.yaml")
        );

        std::fs::write(nested.join(".reportlint.yaml"), "").expect("write");
        let nearer = Config::discover(&report).expect("found beside");
        assert!(nearer.ends_with("reports/2025/.reportlint.yaml"));
        let empty = Config::read(&nearer).expect("an empty file is a valid configuration");
        assert_eq!(empty.policy(&report).fail_level, None);
    }

    #[test]
    fn a_bad_glob_is_located() {
        let error = Config::parse(
            Path::new("reportlint.yaml"),
            "overrides:\n  - files: ['drafts/[a']\n    disable: [all]\n",
        )
        .expect_err("bad glob");
        assert!(error.message.contains("invalid glob"), "{}", error.message);
        assert_eq!(error.line_column.map(|(l, _)| l), Some(2));
    }

    #[test]
    fn keys_in_the_wrong_place_are_located() {
        let cases = [
            (
                "files: ['a/**']\n",
                1,
                "`files` belongs in an entry of `overrides`",
            ),
            (
                "overrides:\n  - files: ['a/**']\n    fail_level: note\n",
                3,
                "`fail_level` is a top-level key",
            ),
            (
                "overrides:\n  - disable: [all]\n",
                2,
                "an override needs `files`",
            ),
        ];
        for (text, line, message) in cases {
            let error = Config::parse(Path::new("reportlint.yaml"), text).expect_err(text);
            assert!(error.message.contains(message), "{text}: {}", error.message);
            assert_eq!(error.line_column.map(|(l, _)| l), Some(line), "{text}");
        }
    }
}
