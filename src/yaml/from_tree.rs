//! Reading a typed value from a [`Node`], as the YAML library would have
//! read it from the text, with each error at the node it is about.
//!
//! Errors are the YAML library's own, so that their messages read the same
//! whether a value is read from the text or from a tree.

use std::fmt;

use serde::de::Error as _;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_saphyr::Location;

use super::tree::{Node, Typed, Value};

/// A value that could not be read from a tree, and the node it is about.
#[derive(Debug)]
pub struct TreeError {
    /// Boxed: the library's error is large, and results carry it often.
    error: Box<serde_saphyr::Error>,
    /// The node that failed, the deepest that knew it.
    pub at: Option<Location>,
    /// When that node is inside what an alias stands for: the alias.
    pub alias: Option<Location>,
}

impl TreeError {
    /// The message, without the place (shown apart).
    pub fn message(&self) -> String {
        super::plain_message(&self.error)
    }

    /// Places the error at `node` unless a node inside placed it already.
    fn or_at(mut self, node: &Node) -> Self {
        if self.at.is_none() {
            self.at = Some(node.at);
            self.alias = node.alias;
        }
        self
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TreeError {}

impl de::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        wrap(serde_saphyr::Error::custom(msg))
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        wrap(serde_saphyr::Error::invalid_type(unexp, exp))
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        wrap(serde_saphyr::Error::invalid_value(unexp, exp))
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        wrap(serde_saphyr::Error::invalid_length(len, exp))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        wrap(serde_saphyr::Error::unknown_variant(variant, expected))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        wrap(serde_saphyr::Error::unknown_field(field, expected))
    }

    fn missing_field(field: &'static str) -> Self {
        wrap(serde_saphyr::Error::missing_field(field))
    }

    fn duplicate_field(field: &'static str) -> Self {
        wrap(serde_saphyr::Error::duplicate_field(field))
    }
}

fn wrap(error: serde_saphyr::Error) -> TreeError {
    TreeError {
        error: Box::new(error),
        at: None,
        alias: None,
    }
}

impl<'de> Deserializer<'de> for &Node {
    type Error = TreeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        let result = match &self.value {
            Value::Null => visitor.visit_unit(),
            Value::Text(text) => visitor.visit_str(text),
            Value::Typed(Typed::Bool(b), _) => visitor.visit_bool(*b),
            Value::Typed(Typed::U64(n), _) => visitor.visit_u64(*n),
            Value::Typed(Typed::I64(n), _) => visitor.visit_i64(*n),
            Value::Typed(Typed::F64(n), _) => visitor.visit_f64(*n),
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => {
                let mut access = Entries {
                    entries: entries.iter(),
                    value: None,
                    last_key: None,
                    finished: false,
                };
                let result = visitor.visit_map(&mut access);
                // A map's own error (an unknown or misplaced key) is at the
                // key last read; one found at its end (a missing key), at
                // the map.
                let at = match (access.finished, access.last_key) {
                    (false, Some(key)) => key,
                    _ => self,
                };
                return result.map_err(|e| e.or_at(at));
            }
        };
        result.map_err(|e: TreeError| e.or_at(self))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match &self.value {
            // A plain `2024` or `on` is text where text is wanted.
            Value::Typed(_, text) => visitor
                .visit_str(text)
                .map_err(|e: TreeError| e.or_at(self)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self.value {
            Value::Null => visitor.visit_none().map_err(|e: TreeError| e.or_at(self)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        let result = match &self.value {
            Value::Text(text) | Value::Typed(_, text) => {
                visitor.visit_enum(text.as_str().into_deserializer())
            }
            Value::Map(entries) => match entries.as_slice() {
                [(variant, value)] => visitor.visit_enum(Variant { variant, value }),
                _ => Err(TreeError::invalid_type(unexpected(self), &visitor)),
            },
            _ => Err(TreeError::invalid_type(unexpected(self), &visitor)),
        };
        result.map_err(|e: TreeError| e.or_at(self))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct
    }
}

/// How an error names what a node holds.
fn unexpected(node: &Node) -> de::Unexpected<'_> {
    match &node.value {
        Value::Null => de::Unexpected::Unit,
        Value::Text(text) => de::Unexpected::Str(text),
        Value::Typed(Typed::Bool(b), _) => de::Unexpected::Bool(*b),
        Value::Typed(Typed::U64(n), _) => de::Unexpected::Unsigned(*n),
        Value::Typed(Typed::I64(n), _) => de::Unexpected::Signed(*n),
        Value::Typed(Typed::F64(n), _) => de::Unexpected::Float(*n),
        Value::Seq(_) => de::Unexpected::Seq,
        Value::Map(_) => de::Unexpected::Map,
    }
}

/// A sequence's items, read one by one.
struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = TreeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TreeError> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A map's entries, read one by one; remembers the key last read, where
/// an error about it belongs.
struct Entries<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    last_key: Option<&'a Node>,
    finished: bool,
}

impl<'de> MapAccess<'de> for &mut Entries<'_> {
    type Error = TreeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TreeError> {
        let Some((key, value)) = self.entries.next() else {
            self.value = None;
            self.finished = true;
            return Ok(None);
        };
        self.last_key = Some(key);
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TreeError> {
        match self.value {
            Some(value) => seed.deserialize(value),
            None => Err(TreeError::custom("a map value was read before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as a one-entry map: `variant: value`.
struct Variant<'a> {
    variant: &'a Node,
    value: &'a Node,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = TreeError;
    type Variant = &'a Node;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, &'a Node), TreeError> {
        Ok((seed.deserialize(self.variant)?, self.value))
    }
}

impl<'de> VariantAccess<'de> for &Node {
    type Error = TreeError;

    fn unit_variant(self) -> Result<(), TreeError> {
        match self.value {
            Value::Null => Ok(()),
            _ => Err(TreeError::invalid_type(unexpected(self), &"unit variant").or_at(self)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, TreeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        self.deserialize_map(visitor)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::super::Node;

    fn tree(text: &str) -> Node {
        let mut node: Node = crate::yaml::from_str("t.yaml", text).expect("valid YAML");
        node.settle(text);
        node
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        words: Vec<String>,
        count: u32,
        share: f64,
        flag: bool,
        note: Option<String>,
        level: Level,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Low,
        High,
    }

    #[test]
    fn values_read_as_from_the_text() {
        let text = "words: [on, yes, 1.10, 007, 'quoted', ~x]\ncount: 3\nshare: 0.5\nflag: true\nnote: ~\nlevel: high\n";
        let sample = Sample::deserialize(&tree(text)).expect("reads");
        let direct: Sample = crate::yaml::from_str("t.yaml", text).expect("reads");
        assert_eq!(sample, direct);
        assert_eq!(sample.words, ["on", "yes", "1.10", "007", "quoted", "~x"]);
        assert_eq!(sample.level, Level::High);
    }

    #[test]
    fn errors_are_at_their_node() {
        let text = "words: []\ncount: 3\nshare: 0.5\nflag: true\nlevel: middle\n";
        let error = Sample::deserialize(&tree(text)).expect_err("unknown variant");
        let at = error.at.map(|l| l.line());
        assert_eq!(at, Some(5), "{error}");
        assert!(
            error.message().starts_with("unknown variant `middle`"),
            "{error}"
        );
        let text = "words: []\ncount: 3\nshare: 0.5\nflg: true\nlevel: low\n";
        let error = Sample::deserialize(&tree(text)).expect_err("unknown field");
        assert_eq!(
            error.at.map(|l| (l.line(), l.column())),
            Some((4, 1)),
            "{error}"
        );
        let text = "words: [a, [b]]\ncount: 3\n";
        let error = Sample::deserialize(&tree(text)).expect_err("not a string");
        assert_eq!(
            error.at.map(|l| (l.line(), l.column())),
            Some((1, 12)),
            "{error}"
        );
        let text = "words: [a]\ncount: 3\n";
        let error = Sample::deserialize(&tree(text)).expect_err("missing");
        assert_eq!(error.at.map(|l| l.line()), Some(1), "{error}");
        assert!(error.message().contains("share"), "{error}");
    }
}
