//! A regex written in a rule's YAML, compiled as the rule is read.

use std::fmt;

use regex::Regex;
use serde::de::{self, Deserializer};
use serde::Deserialize;

/// A regex from a rule's YAML, compiled when the rule is read so that a bad
/// pattern is reported at the rule.
#[derive(Clone)]
pub struct Pattern(pub Regex);

impl Pattern {
    pub fn regex(&self) -> &Regex {
        &self.0
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Regex::new(&text)
            .map(Pattern)
            .map_err(|e| de::Error::custom(crate::yaml::regex_error(&text, &e)))
    }
}
