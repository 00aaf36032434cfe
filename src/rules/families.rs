//! The report families a rule runs on: a pack's and a rule's `applies_to`.
//!
//! One key says it both ways: a list names the only families a rule runs
//! on (`applies_to: [cqc-local-authority]`), `except` the families it leaves
//! alone (`applies_to: { except: [ofsted-ilacs] }`: every other report,
//! including one of no known family). Nothing written means every report.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// The families a rule runs on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Families {
    /// Every report.
    #[default]
    All,
    /// Only reports of these families.
    Only(Vec<String>),
    /// Every report but those of these families.
    Except(Vec<String>),
}

impl Families {
    /// Whether a report of `family` (`None`: no known family) is one the
    /// rule runs on.
    pub fn includes(&self, family: Option<&str>) -> bool {
        let named = |ids: &[String]| family.is_some_and(|f| ids.iter().any(|id| id == f));
        match self {
            Families::All => true,
            Families::Only(ids) => named(ids),
            Families::Except(ids) => !named(ids),
        }
    }

    /// The family ids written, either way.
    pub fn named(&self) -> &[String] {
        match self {
            Families::All => &[],
            Families::Only(ids) | Families::Except(ids) => ids,
        }
    }

    /// The family an example of the rule is best read as: the first named,
    /// when the rule runs only on named families.
    pub fn first_only(&self) -> Option<&str> {
        match self {
            Families::Only(ids) => ids.first().map(String::as_str),
            _ => None,
        }
    }

    /// "cqc-local-authority, ofsted-letter", "every report but
    /// ofsted-ilacs's", or `None` for every report: for `explain`.
    pub fn describe(&self) -> Option<String> {
        match self {
            Families::All => None,
            Families::Only(ids) => Some(ids.join(", ")),
            Families::Except(ids) => Some(format!("every report but {}", ids.join(", "))),
        }
    }
}

impl<'de> Deserialize<'de> for Families {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FamiliesVisitor;
        impl<'de> Visitor<'de> for FamiliesVisitor {
            type Value = Families;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of family ids, or `{ except: [family ids] }`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Families, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(match ids.is_empty() {
                    true => Families::All,
                    false => Families::Only(ids),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Families, A::Error> {
                let mut except = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "except" => except = Some(map.next_value::<Vec<String>>()?),
                        other => return Err(de::Error::unknown_field(other, &["except"])),
                    }
                }
                let ids = except.ok_or_else(|| de::Error::missing_field("except"))?;
                Ok(match ids.is_empty() {
                    true => Families::All,
                    false => Families::Except(ids),
                })
            }
        }
        deserializer.deserialize_any(FamiliesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Families, String> {
        serde_saphyr::from_str::<Families>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn a_list_names_the_only_families_and_except_the_ones_left_alone() {
        let only = read("[cqc-local-authority, ofsted-letter]").expect("a list");
        assert!(only.includes(Some("ofsted-letter")));
        assert!(!only.includes(Some("ofsted-ilacs")));
        assert!(!only.includes(None));
        assert_eq!(only.first_only(), Some("cqc-local-authority"));

        let except = read("{ except: [ofsted-ilacs] }").expect("except");
        assert!(!except.includes(Some("ofsted-ilacs")));
        assert!(except.includes(Some("cqc-local-authority")));
        assert!(except.includes(None), "a report of no known family");
        assert_eq!(except.named(), ["ofsted-ilacs"]);
        assert_eq!(except.first_only(), None);

        assert_eq!(read("[]").expect("empty"), Families::All);
        assert!(Families::All.includes(None));
    }

    #[test]
    fn another_key_is_refused_with_the_one_known() {
        let error = read("{ only: [ofsted-ilacs] }").expect_err("unknown key");
        assert!(error.contains("except"), "{error}");
    }
}
