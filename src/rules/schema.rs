//! The JSON Schema of a rule pack file (`docs/rule-pack.schema.json`),
//! made from the types the packs are read into, so that it cannot drift
//! from them; editors use it to complete and check packs as they are
//! written. A test keeps the committed file fresh.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use crate::finding::Severity;
use crate::rules::pack::Examples;
use crate::rules::search::pattern::Pattern;
use crate::rules::search::prefilter::Needs;
use crate::rules::search::scope::AnyPattern;

/// Where the schema is published in the repository.
pub const SCHEMA_PATH: &str = "docs/rule-pack.schema.json";

/// The schema of `applies_to`: a list of family ids, or `{ except: [...] }`
/// (`crate::rules::families::Families`).
fn families(description: &str) -> Value {
    let ids = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "description": description,
        "oneOf": [
            ids,
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["except"],
                "properties": { "except": ids }
            }
        ]
    })
}

/// The schema of a pack file, as JSON.
pub fn rule_pack_schema() -> Value {
    // Draft 7: the draft editors' YAML and JSON support reads best.
    let mut generator = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .into_generator();
    let kinds = super::kinds::params_schemas(&mut generator);
    let examples = generator.subschema_for::<Examples>();
    let severity = generator.subschema_for::<Severity>();
    let mut defs = generator.take_definitions(true);
    // Every kind's parameters are a `Params` type: named after the kind
    // instead of `Params`, `Params2`, ... in the order they were met.
    let kinds: Vec<(&str, Value)> = kinds
        .into_iter()
        .map(|(name, params)| {
            let params = params.to_value();
            let reference = params.get("$ref").and_then(Value::as_str);
            let Some(def) = reference.and_then(|r| r.strip_prefix("#/definitions/")) else {
                return (name, params);
            };
            let Some(schema) = defs.remove(def) else {
                return (name, params);
            };
            let renamed = format!("params-{name}");
            defs.insert(renamed.clone(), schema);
            (name, json!({ "$ref": format!("#/definitions/{renamed}") }))
        })
        .collect();
    // One `if kind is K then params is K's` per kind: editors then check
    // and complete `params:` for the kind written above it.
    let by_kind: Vec<Value> = kinds
        .iter()
        .map(|(name, params)| {
            json!({
                "if": { "properties": { "kind": { "const": name } }, "required": ["kind"] },
                "then": { "properties": { "params": params } }
            })
        })
        .collect();
    let names: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
    let rule = json!({
        "description": "A rule: a kind of check with its parameters, its reasons and its examples.",
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "summary", "severity", "why", "kind", "params", "examples"],
        "properties": {
            "id": { "description": "`pack/name`, stable: users disable and suppress rules by it.", "type": "string" },
            "summary": { "description": "One line: what the rule checks.", "type": "string" },
            "severity": severity,
            "why": { "description": "Why the check matters, for `explain` and the docs.", "type": "string" },
            "help": { "description": "What to do about a finding.", "type": "string" },
            "applies_to": families("The families the rule runs on, instead of the file's `applies_to`: a list of family ids (only those), or `{ except: [ids] }` (every report but those families')."),
            "kind": { "description": "The kind of check; `params:` are the kind's.", "enum": names },
            "params": { "description": "The kind's parameters.", "type": "object" },
            "examples": examples
        },
        "allOf": by_kind
    });
    defs.insert("Rule".into(), rule);
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "reportlint rule pack",
        "description": "A file of rules for reportlint (see \"Pack files\" in rules/README.md).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "family": { "description": "A report family: its fields and template.", "type": "object" },
            "applies_to": families("The families the file's rules run on, unless a rule gives its own: a list of family ids (only those), or `{ except: [ids] }` (every report but those families'); none: every report."),
            "definitions": { "description": "Values the rules share, each written once with an anchor (`&name`) and used with an alias (`*name`); not rules." },
            "rules": { "type": "array", "items": { "$ref": "#/definitions/Rule" } }
        },
        "definitions": defs
    })
}

impl JsonSchema for Pattern {
    fn schema_name() -> Cow<'static, str> {
        "Regex".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A regular expression, in the syntax of Rust's regex crate.",
            "type": "string"
        })
    }
}

impl JsonSchema for AnyPattern {
    fn schema_name() -> Cow<'static, str> {
        "Regexes".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": generator.subschema_for::<Pattern>() })
    }
}

impl JsonSchema for Needs {
    fn schema_name() -> Cow<'static, str> {
        "Needs".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<Pattern>();
        json_schema!({
            "description": "Regexes every match contains (for speed only): one or a list.",
            "anyOf": [one, { "type": "array", "items": one }]
        })
    }
}
