//! Reading one pack file: its family and its rules, each rule on its own so
//! that one broken rule does not take the others down.

use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::kinds::{self, Check};
use crate::family::{Family, FamilySpec};
use crate::finding::Severity;
use crate::span::LineIndex;
use crate::yaml::{self, Anything, Spanned, YamlError};

/// What one file contributed.
pub(super) struct Loaded {
    pub family: Option<Family>,
    pub rules: Vec<RuleSpec>,
    pub errors: Vec<YamlError>,
}

/// The file's outline: read first to find each rule's place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackOutline {
    #[serde(default)]
    family: Option<FamilySpec>,
    #[serde(default)]
    applies_to: Vec<String>,
    #[serde(default)]
    rules: Vec<Spanned<Anything>>,
}

/// A rule as written in YAML.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    /// `pack/name`, stable: users disable and suppress rules by it.
    pub id: String,
    /// One line: what the rule checks.
    pub summary: String,
    pub severity: Severity,
    /// Why the check matters, for `explain` and the docs.
    pub why: String,
    /// What to do about a finding.
    pub help: Option<String>,
    /// Family ids the rule runs on (from the file's `applies_to` unless the
    /// rule says otherwise); empty means every report.
    pub applies_to: Vec<String>,
    /// The kind and its parameters.
    pub kind: String,
    pub check: Check,
    pub examples: Examples,
    /// Byte offset of the rule in its file.
    pub offset: usize,
}

/// Reports the rule must flag (`fail`) and must leave alone (`pass`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub fail: Vec<Example>,
    #[serde(default)]
    pub pass: Vec<Example>,
}

/// One example report.
#[derive(Debug, Clone, Deserialize)]
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

impl<'de> Deserialize<'de> for RuleSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RuleVisitor)
    }
}

struct RuleVisitor;

impl<'de> Visitor<'de> for RuleVisitor {
    type Value = RuleSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rule: a map with id, summary, severity, why, kind, params and examples")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSpec, A::Error> {
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
                "applies_to" => applies_to = Some(map.next_value::<Vec<String>>()?),
                "kind" => {
                    let name = map.next_value::<String>()?;
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
    let outline = match yaml::from_str::<PackOutline>(name, text) {
        Ok(outline) => outline,
        Err(error) => {
            loaded.errors.push(error);
            return loaded;
        }
    };
    if let Some(spec) = outline.family {
        match Family::new(spec) {
            Ok(family) => loaded.family = Some(family),
            Err(message) => {
                loaded
                    .errors
                    .push(YamlError::at(name, text, text.find("family:"), message))
            }
        }
    }
    let starts: Vec<usize> = outline
        .rules
        .iter()
        .map(|r| yaml::offset_of(r, text))
        .collect();
    let index = LineIndex::new(text);
    // The file and its line index, shared by the errors in it.
    let source = Arc::new(miette::NamedSource::new(name, text.to_string()));
    let place = Place {
        name,
        source: &source,
        lines: &index,
    };
    // Rules compile their regexes as they load, most of a run's start-up:
    // they load in parallel, and are kept in file order.
    let rules: Vec<Result<RuleSpec, YamlError>> = starts
        .par_iter()
        .enumerate()
        .map(|(i, &start)| {
            let line_start = index.line_start(index.line_of(start));
            let end = starts
                .get(i + 1)
                .map(|&next| index.line_start(index.line_of(next)))
                .unwrap_or_else(|| end_of_last_rule(text, line_start, start));
            let slice = text.get(line_start..end).unwrap_or("");
            load_rule(&place, slice, line_start, start, &outline.applies_to)
        })
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
    source: &'a Arc<miette::NamedSource<String>>,
    lines: &'a LineIndex,
}

impl Place<'_> {
    fn error(&self, offset: Option<usize>, message: impl Into<String>) -> YamlError {
        YamlError::in_source(self.name, self.source, Some(self.lines), offset, message)
    }
}

/// The rule written at `slice` (which starts at `line_start` of the file,
/// the rule's `- id` at `start`), prepared to run.
fn load_rule(
    place: &Place<'_>,
    slice: &str,
    line_start: usize,
    start: usize,
    applies_to: &[String],
) -> Result<RuleSpec, YamlError> {
    match yaml::from_str::<Vec<RuleSpec>>(place.name, slice) {
        Ok(mut one) if one.len() == 1 => {
            let mut rule = one.remove(0);
            rule.offset = start;
            if rule.applies_to.is_empty() {
                rule.applies_to = applies_to.to_vec();
            }
            match rule.check.prepare() {
                Ok(()) => Ok(rule),
                Err(message) => Err(place.error(
                    Some(start),
                    format!("rule `{}`: {message}", yaml::quote(&rule.id, 80)),
                )),
            }
        }
        Ok(_) => Err(place.error(
            Some(start),
            "could not isolate this rule; write rules as a block list (`- id: ...`)",
        )),
        Err(error) => {
            // Point into the whole file, not the slice.
            let offset = error.offset.map(|o| line_start + o);
            Err(place.error(
                offset.or(Some(start)),
                format!("{}; this rule is skipped", error.message),
            ))
        }
    }
}

/// Where the last rule of the list ends: at the first later line indented
/// less than the rule's body (a following top-level key), or at the end.
fn end_of_last_rule(text: &str, line_start: usize, start: usize) -> usize {
    let body_indent = text[line_start..start].chars().count();
    let mut offset = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..line_end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !trimmed.trim().is_empty()
            && !trimmed.starts_with('#')
            && indent < body_indent
            && !trimmed.starts_with('-')
        {
            return offset;
        }
        offset = line_end;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
  - id: test/agree
    summary: Scores agree.
    severity: error
    why: Because.
    kind: agreement
    params: { values: scores, between: [summary, body] }
    examples: {}
"#;

    #[test]
    fn a_broken_rule_is_skipped_and_the_rest_load() {
        let text = format!("applies_to: [x]\nrules:{GOOD}  - id: test/broken\n    summary: s\n    severity: eror\n    why: w\n    kind: agreement\n    params: {{}}\n    examples: {{}}\n{}", GOOD.replace("test/agree", "test/again"));
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
        assert_eq!(loaded.rules[0].applies_to, vec!["x"]);
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
            .replace("agreemnt", "agreement")
            .replace("params: {}", "params: { values: scores, betwen: [] }");
        let loaded = load("p.yaml", &text);
        assert!(
            loaded.errors[0].message.contains("betwen"),
            "{}",
            loaded.errors[0]
        );
        assert_eq!(loaded.errors[0].line_column.map(|(l, _)| l), Some(7));
    }
}
