//! A YAML value held whole, each part with its place in the file.
//!
//! A pack file is parsed once, so that an anchor in one rule (or under
//! `definitions:`) can be aliased in another; each rule is then read from
//! its tree on its own, so that one broken rule does not take the others
//! down (a streaming parse cannot go on after a value fails to read).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Location;

/// One YAML node, aliases expanded.
#[derive(Debug, Clone)]
pub struct Node {
    /// Where an error about the node is shown: for an alias, the alias;
    /// inside what an alias stands for, the anchored text (after
    /// [`Node::settle`]).
    pub at: Location,
    /// Where the node's text is: for an alias, the anchored node.
    defined: Location,
    /// For a node inside what an alias stands for: the alias (the first,
    /// when aliases nest), where the value is used.
    pub alias: Option<Location>,
    pub value: Value,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    /// A scalar read as text: quoted, a block, or plain and not a bool or
    /// a number.
    Text(String),
    /// A plain scalar YAML reads as a bool or a number, and its text as
    /// written (filled by [`Node::fill_text`]), for targets that want text
    /// (`on` in a list of words is a word, not `true`).
    Typed(Typed, String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// The value of a plain bool or number scalar.
#[derive(Debug, Clone, Copy)]
pub enum Typed {
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Node {
    /// The value of `key`, when the node is a map that has it.
    pub fn entry(&self, key: &str) -> Option<&Node> {
        let Value::Map(entries) = &self.value else {
            return None;
        };
        entries
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    }

    /// The text of a scalar, as written.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Text(text) | Value::Typed(_, text) => Some(text),
            _ => None,
        }
    }

    /// Prepares a tree read from `text`: gives each bool and number scalar
    /// its text as written, and places the nodes inside an alias at their
    /// anchored text (the library places them all at the alias).
    pub fn settle(&mut self, text: &str) {
        self.settle_in(text, None);
    }

    fn settle_in(&mut self, text: &str, alias: Option<Location>) {
        if let Some(site) = alias {
            self.at = self.defined;
            self.alias = Some(site);
        }
        let inner = alias.or((self.at != self.defined).then_some(self.at));
        match &mut self.value {
            Value::Typed(typed, written) => {
                let span = self.defined.span();
                let at = span.byte_offset().zip(span.byte_len()).and_then(|(o, l)| {
                    let o = usize::try_from(o).ok()?;
                    text.get(o..o.checked_add(usize::try_from(l).ok()?)?)
                });
                *written = match (at, *typed) {
                    (Some(at), _) => at.to_string(),
                    // Without byte places (never for text read whole), the
                    // value's own spelling is the best there is.
                    (None, Typed::Bool(b)) => b.to_string(),
                    (None, Typed::U64(n)) => n.to_string(),
                    (None, Typed::I64(n)) => n.to_string(),
                    (None, Typed::F64(n)) => n.to_string(),
                };
            }
            Value::Seq(items) => items.iter_mut().for_each(|n| n.settle_in(text, inner)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.settle_in(text, inner);
                v.settle_in(text, inner);
            }),
            Value::Null | Value::Text(_) => {}
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            at: spanned.referenced,
            defined: spanned.defined,
            alias: None,
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Typed(Typed::Bool(v), String::new()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Typed(Typed::U64(v), String::new()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Typed(Typed::I64(v), String::new()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Typed(Typed::F64(v), String::new()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<Node, Node>()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}
