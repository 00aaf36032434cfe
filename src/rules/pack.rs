//! Reading one pack file: its family and its rules. The file is parsed
//! once, so that rules can alias what other rules or `definitions:` anchor;
//! each rule is then read on its own, so that one broken rule does not take
//! the others down.

use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::families::Families;
use super::kinds::{self, Check, Compiled};
use crate::family::{Family, FamilySpec};
use crate::finding::Severity;
use crate::span::LineIndex;
use crate::yaml::{self, Anything, Node, YamlError};

/// What one file contributed.
pub(super) struct Loaded {
    pub family: Option<Family>,
    pub rules: Vec<RuleSpec>,
    pub errors: Vec<YamlError>,
}

/// The file, each rule held as YAML until it is read on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    family: Option<FamilySpec>,
    #[serde(default)]
    applies_to: Families,
    /// Values the rules alias (word lists, regexes), written once with an
    /// anchor; not rules, and not read but through the aliases.
    #[serde(default)]
    #[allow(dead_code)]
    definitions: Anything,
    #[serde(default)]
    rules: Vec<Node>,
}

/// A rule as written in YAML; once loaded, with its check compiled.
#[derive(Debug, Clone)]
pub struct RuleSpec<C = Compiled> {
    /// `pack/name`, stable: users disable and suppress rules by it.
    pub id: String,
    /// One line: what the rule checks.
    pub summary: String,
    pub severity: Severity,
    /// Why the check matters, for `explain` and the docs.
    pub why: String,
    /// What to do about a finding.
    pub help: Option<String>,
    /// The families the rule runs on (from the file's `applies_to` unless
    /// the rule says otherwise).
    pub applies_to: Families,
    /// The kind and its parameters: as written (`Check`) while the file is
    /// read, compiled once the rule is loaded.
    pub kind: String,
    pub check: C,
    pub examples: Examples,
    /// Byte offset of the rule in its file.
    pub offset: usize,
}

/// Reports the rule must flag (`fail`) and must leave alone (`pass`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub fail: Vec<Example>,
    #[serde(default)]
    pub pass: Vec<Example>,
}

/// One example report.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What the example shows.
    #[serde(default)]
    pub note: Option<String>,
    /// The report's text.
    pub text: String,
    /// For rules that compare the reports of a run: the reports checked
    /// with it, before it in the run. Findings are counted on `text`.
    #[serde(default)]
    pub others: Vec<String>,
    /// For `fail` examples: how many findings the rule must give.
    #[serde(default)]
    pub findings: Option<usize>,
    /// The file name the report is read under (`report.md`), for rules
    /// that read only some formats; default: a name without extension.
    /// With a `.docx` name, `text` is the body of a Word document in
    /// WordprocessingML (`<w:p><w:r><w:t>...`).
    #[serde(default)]
    pub file: Option<String>,
    /// For a `.docx` example: the document is marked final.
    #[serde(default)]
    pub marked_final: bool,
}

const RULE_FIELDS: &[&str] = &[
    "id",
    "summary",
    "severity",
    "why",
    "help",
    "applies_to",
    "kind",
    "params",
    "examples",
];

impl RuleSpec<Check> {
    /// The rule with its check compiled.
    fn compile(self) -> Result<RuleSpec, (String, String)> {
        let check = self
            .check
            .compile()
            .map_err(|message| (self.id.clone(), message))?;
        Ok(RuleSpec {
            id: self.id,
            summary: self.summary,
            severity: self.severity,
            why: self.why,
            help: self.help,
            applies_to: self.applies_to,
            kind: self.kind,
            check,
            examples: self.examples,
            offset: self.offset,
        })
    }
}

impl<'de> Deserialize<'de> for RuleSpec<Check> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RuleVisitor)
    }
}

struct RuleVisitor;

impl<'de> Visitor<'de> for RuleVisitor {
    type Value = RuleSpec<Check>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rule: a map with id, summary, severity, why, kind, params and examples")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSpec<Check>, A::Error> {
        let (mut id, mut summary, mut severity, mut why, mut help) = (None, None, None, None, None);
        let (mut applies_to, mut kind, mut check, mut examples) =
            (None, None::<String>, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value::<String>()?),
                "summary" => summary = Some(map.next_value::<String>()?),
                "severity" => severity = Some(map.next_value::<Severity>()?),
                "why" => why = Some(map.next_value::<String>()?),
                "help" => help = Some(map.next_value::<String>()?),
                "applies_to" => applies_to = Some(map.next_value::<Families>()?),
                "kind" => {
                    let name = map.next_value::<String>()?;
                    if let Some(message) = kinds::retired(&name) {
                        return Err(de::Error::custom(message));
                    }
                    if !kinds::NAMES.contains(&name.as_str()) {
                        return Err(de::Error::unknown_variant(&name, kinds::NAMES));
                    }
                    kind = Some(name);
                }
                "params" => {
                    let Some(name) = &kind else {
                        return Err(de::Error::custom("write `kind:` before `params:`, so the parameters can be checked against the kind"));
                    };
                    check = Some(kinds::read_params(name, &mut map)?);
                }
                "examples" => examples = Some(map.next_value::<Examples>()?),
                other => return Err(de::Error::unknown_field(other, RULE_FIELDS)),
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        Ok(RuleSpec {
            summary: summary.ok_or_else(|| de::Error::missing_field("summary"))?,
            severity: severity.ok_or_else(|| de::Error::missing_field("severity"))?,
            why: why.ok_or_else(|| de::Error::missing_field("why"))?,
            help,
            applies_to: applies_to.unwrap_or_default(),
            check: check.ok_or_else(|| de::Error::missing_field("params"))?,
            kind,
            examples: examples.ok_or_else(|| de::Error::missing_field("examples"))?,
            id,
            offset: 0,
        })
    }
}

/// Loads one file.
pub(super) fn load(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded {
        family: None,
        rules: Vec::new(),
        errors: Vec::new(),
    };
    let mut file = match yaml::from_str::<PackFile>(name, text) {
        Ok(file) => file,
        Err(error) => {
            loaded.errors.push(error);
            return loaded;
        }
    };
    if let Some(spec) = file.family {
        match Family::new(spec) {
            Ok(family) => loaded.family = Some(family),
            Err(message) => {
                loaded
                    .errors
                    .push(YamlError::at(name, text, text.find("family:"), message))
            }
        }
    }
    file.rules.iter_mut().for_each(|rule| rule.settle(text));
    let index = LineIndex::new(text);
    // The file and its line index, shared by the errors in it.
    let source = Arc::new(miette::NamedSource::new(name, text.to_string()));
    let place = Place {
        name,
        text,
        source: &source,
        lines: &index,
    };
    // Rules compile their regexes as they load, most of a run's start-up:
    // they load in parallel, and are kept in file order.
    let rules: Vec<Result<RuleSpec, YamlError>> = file
        .rules
        .par_iter()
        .map(|rule| load_rule(&place, rule, &file.applies_to))
        .collect();
    for rule in rules {
        match rule {
            Ok(rule) => loaded.rules.push(rule),
            Err(error) => loaded.errors.push(error),
        }
    }
    loaded
}

/// A pack file, for its errors.
struct Place<'a> {
    name: &'a str,
    text: &'a str,
    source: &'a Arc<miette::NamedSource<String>>,
    lines: &'a LineIndex,
}

impl Place<'_> {
    fn error(&self, offset: Option<usize>, message: impl Into<String>) -> YamlError {
        YamlError::in_source(self.name, self.source, Some(self.lines), offset, message)
    }

    fn offset(&self, location: serde_saphyr::Location) -> usize {
        yaml::location_offset(location, self.text)
    }
}

/// The rule written at `node`, prepared to run.
fn load_rule(place: &Place<'_>, node: &Node, applies_to: &Families) -> Result<RuleSpec, YamlError> {
    let start = place.offset(node.at);
    let mut rule = RuleSpec::<Check>::deserialize(node).map_err(|error| {
        let offset = error.at.map_or(start, |at| place.offset(at));
        // An error in an aliased value is shown at the value, once for
        // each rule that uses it: say which rule, and where it aliases it.
        let id = node.entry("id").and_then(Node::as_text);
        let through = match (error.alias, id) {
            (Some(alias), Some(id)) => format!(
                " (aliased at line {} by rule `{}`)",
                alias.line(),
                yaml::quote(id, 80)
            ),
            (Some(alias), None) => format!(" (aliased at line {})", alias.line()),
            (None, _) => String::new(),
        };
        place.error(
            Some(offset),
            format!("{}{through}; this rule is skipped", error.message()),
        )
    })?;
    rule.offset = start;
    if rule.applies_to == Families::All {
        rule.applies_to = applies_to.clone();
    }
    rule.compile().map_err(|(id, message)| {
        place.error(
            Some(start),
            format!("rule `{}`: {message}", yaml::quote(&id, 80)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
  - id: test/agree
    summary: Scores agree.
    severity: error
    why: Because.
    kind: score-agreement
    params: { between: [summary, body] }
    examples: {}
"#;

    #[test]
    fn a_broken_rule_is_skipped_and_the_rest_load() {
        let text = format!("applies_to: [x]\nrules:{GOOD}  - id: test/broken\n    summary: s\n    severity: eror\n    why: w\n    kind: score-agreement\n    params: {{}}\n    examples: {{}}\n{}", GOOD.replace("test/agree", "test/again"));
        let loaded = load("pack.yaml", &text);
        let ids: Vec<_> = loaded.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["test/agree", "test/again"]);
        assert_eq!(loaded.errors.len(), 1);
        let error = &loaded.errors[0];
        assert_eq!(error.line_column.map(|(l, _)| l), Some(12), "{error}");
        assert!(
            error.message.starts_with("unknown variant `eror`"),
            "{error}"
        );
        assert_eq!(loaded.rules[0].applies_to, Families::Only(vec!["x".into()]));
    }

    #[test]
    fn unknown_kinds_and_params_are_errors() {
        let text = "rules:\n  - id: a/b\n    summary: s\n    severity: error\n    why: w\n    kind: agreemnt\n    params: {}\n    examples: {}\n";
        let loaded = load("p.yaml", text);
        assert!(loaded.rules.is_empty());
        assert!(
            loaded.errors[0].message.contains("agreemnt"),
            "{}",
            loaded.errors[0]
        );
        let text = text
            .replace("agreemnt", "score-agreement")
            .replace("params: {}", "params: { betwen: [] }");
        let loaded = load("p.yaml", &text);
        assert!(
            loaded.errors[0].message.contains("betwen"),
            "{}",
            loaded.errors[0]
        );
        assert_eq!(loaded.errors[0].line_column.map(|(l, _)| l), Some(7));
    }

    #[test]
    fn a_parameter_renamed_to_the_shared_name_is_still_read() {
        let text = "rules:\n  - id: a/b\n    summary: s\n    severity: error\n    why: w\n    kind: duplication\n    params: { min_words: 8, ignore: ['(?i)^template'] }\n    examples: {}\n";
        let loaded = load("p.yaml", text);
        assert!(loaded.errors.is_empty(), "{}", loaded.errors[0]);
        assert_eq!(loaded.rules.len(), 1);
    }

    #[test]
    fn a_rule_can_leave_families_alone_and_overrides_the_file() {
        let text = format!(
            "applies_to: [x]\nrules:{GOOD}{}",
            GOOD.replace("test/agree", "test/but")
                .replace("    kind:", "    applies_to: { except: [y] }\n    kind:")
        );
        let loaded = load("pack.yaml", &text);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let but = &loaded.rules[1].applies_to;
        assert_eq!(*but, Families::Except(vec!["y".into()]));
        assert!(but.includes(Some("x")) && but.includes(None) && !but.includes(Some("y")));
    }

    #[test]
    fn skip_families_is_refused_with_the_applies_to_to_write() {
        let text = "rules:\n  - id: a/b\n    summary: s\n    severity: warning\n    why: w\n    kind: duplication\n    params: { compare: within, min_words: 30, skip_families: [x, y] }\n    examples: {}\n";
        let loaded = load("p.yaml", text);
        assert!(loaded.rules.is_empty());
        let message = &loaded.errors[0].message;
        assert!(
            message.contains("`applies_to: { except: [x, y] }`"),
            "{message}"
        );
    }

    #[test]
    fn the_old_agreement_kind_is_refused_with_its_new_names() {
        let text = "rules:\n  - id: a/b\n    summary: s\n    severity: error\n    why: w\n    kind: agreement\n    params: { values: scores, between: [summary, body] }\n    examples: {}\n";
        let loaded = load("p.yaml", text);
        assert!(loaded.rules.is_empty());
        let message = &loaded.errors[0].message;
        assert!(message.starts_with("kind `agreement` is now"), "{message}");
        for kind in [
            "score-agreement",
            "field-agreement",
            "claim-agreement",
            "count-agreement",
        ] {
            assert!(message.contains(kind), "{message}");
        }
    }

    #[test]
    fn rules_alias_what_definitions_and_other_rules_anchor() {
        let text = "definitions:\n  places: &places [summary, body]\nrules:\n  - id: test/one\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: { between: *places }\n    examples: &none {}\n  - id: test/two\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: { between: *places }\n    examples: *none\n";
        let loaded = load("p.yaml", text);
        assert!(loaded.errors.is_empty(), "{}", loaded.errors[0]);
        let ids: Vec<_> = loaded.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["test/one", "test/two"]);
        assert_eq!(Some(loaded.rules[1].offset), text.find("id: test/two"));
    }

    #[test]
    fn an_error_after_an_anchored_rule_is_located() {
        let anchored = GOOD.replace(
            "between: [summary, body]",
            "between: &places [summary, body]",
        );
        let broken = "  - id: test/broken\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: { between: *places, betwen: 1 }\n    examples: {}\n";
        let text = format!(
            "rules:{anchored}{broken}{}",
            GOOD.replace("test/agree", "test/again")
        );
        let loaded = load("pack.yaml", &text);
        let ids: Vec<_> = loaded.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["test/agree", "test/again"]);
        assert_eq!(loaded.errors.len(), 1);
        let error = &loaded.errors[0];
        assert_eq!(error.offset, text.find("betwen"), "{error}");
        assert_eq!(error.line_column.map(|(l, _)| l), Some(14), "{error}");
        assert!(error.message.contains("betwen"), "{error}");
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut text = String::from(
            "definitions:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        for level in 1..10 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("  a{level}: &a{level} [{items}]\n"));
        }
        text.push_str("rules:\n  - id: test/bomb\n    params: *a9\n");
        let started = std::time::Instant::now();
        let loaded = load("bomb.yaml", &text);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(loaded.rules.is_empty());
        assert_eq!(loaded.errors.len(), 1);
        let error = &loaded.errors[0];
        assert!(error.message.contains("billion laughs"), "{error}");
        assert!(
            error.line_column.is_some_and(|(line, _)| line >= 3),
            "{error}"
        );
    }

    #[test]
    fn definitions_are_not_rules() {
        let text =
            format!("definitions:\n  words: &words [a, b]\n  pattern: '(?i)x'\nrules:{GOOD}");
        let loaded = load("p.yaml", &text);
        assert!(loaded.errors.is_empty(), "{}", loaded.errors[0]);
        assert_eq!(loaded.rules.len(), 1);
    }

    #[test]
    fn a_broken_definition_is_reported_at_itself_in_each_rule() {
        let rule = "  - id: test/ID\n    summary: s\n    severity: error\n    why: w\n    kind: score-agreement\n    params: *params\n    examples: {}\n";
        let text = format!(
            "definitions:\n  params: &params {{ betwen: [summary, body] }}\nrules:\n{}{}",
            rule.replace("ID", "one"),
            rule.replace("ID", "two")
        );
        let loaded = load("p.yaml", &text);
        assert!(loaded.rules.is_empty());
        assert_eq!(loaded.errors.len(), 2);
        for (error, id) in loaded.errors.iter().zip(["one", "two"]) {
            assert_eq!(error.offset, text.find("betwen"), "{error}");
            assert!(
                error.message.contains(&format!("by rule `test/{id}`")),
                "{error}"
            );
        }
    }
}
