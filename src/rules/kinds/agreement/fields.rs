//! `field-agreement`: two field values (`left`, `right`) compared by a
//! `compare` mode: `equal`, `person` (a salutation names the addressee),
//! `member_of` (the signatory is one of the named inspectors) or
//! `same_organisation` (two names of one council, read through the
//! `forms` patterns that take `London Borough of X` and `X Council` to `X`).

use serde::Deserialize;

use super::normal;
use crate::finding::{Label, Severity};
use crate::rules::kinds::{Kind, Run};
use crate::rules::search::pattern::Pattern;
use crate::rules::search::scope::FieldRef;
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The value to check; the finding points at it.
    pub left: FieldRef,
    /// The value it must agree with.
    pub right: FieldRef,
    /// How the two are compared.
    #[serde(default)]
    pub compare: Compare,
    /// For `person`: words that may stand before a surname in a salutation
    /// (`Ms`, `Dr`, `Councillor`).
    #[serde(default)]
    pub titles: Vec<String>,
    /// For `same_organisation`: regexes with a group `name` that take a
    /// written form to its place name (`^London Borough of (?P<name>.+)$`);
    /// the first that matches wins. A `left` value no form reads may not be
    /// an organisation at all and is not compared; a `right` value no form
    /// reads is compared whole.
    #[serde(default)]
    pub forms: Vec<Pattern>,
    /// For `same_organisation`: report the same council written in two
    /// forms as a note (`note`) or not at all (`none`, the default).
    #[serde(default)]
    pub other_form: OtherForm,
}

/// How two field values are compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The same text, ignoring case, spacing and quote style.
    #[default]
    Equal,
    /// `left` addresses the person `right` names: the full name, the first
    /// name, or a title and the surname.
    Person,
    /// `left` is one of the names of the name-list field `right`.
    MemberOf,
    /// `left` and `right` name the same organisation.
    SameOrganisation,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OtherForm {
    #[default]
    None,
    Note,
}

impl Params {
    /// The place name an organisation's written form stands for, when a
    /// form reads it.
    fn organisation(&self, name: &str) -> Option<String> {
        let name = name.trim();
        self.forms.iter().find_map(|form| {
            form.regex()
                .captures(name)
                .and_then(|c| c.name("name"))
                .map(|core| normal(core.as_str()))
        })
    }

    fn is_title(&self, word: &str) -> bool {
        let word = word.trim_end_matches('.');
        self.titles.iter().any(|t| normal(t) == word)
    }

    fn addresses(&self, left: &str, right: &str) -> bool {
        let (l, r) = (normal(left), normal(right));
        // The addressee may carry a title too (`Councillor Jane Smith`).
        let words: Vec<&str> = r.split(' ').skip_while(|w| self.is_title(w)).collect();
        let name = words.join(" ");
        if l == r || l == name || name.starts_with(&format!("{l} ")) {
            return true;
        }
        // `Ms Finlay`, `Dr Finlay`: titles and the surname.
        let l_words: Vec<&str> = l.split(' ').collect();
        // The surname is any word after the first (`Judith Finlay OBE`).
        if let [title @ .., surname] = l_words.as_slice() {
            if !title.is_empty()
                && title.iter().all(|t| self.is_title(t))
                && words.iter().skip(1).any(|w| w == surname)
            {
                return true;
            }
        }
        false
    }
}

impl Kind for Params {
    type Rule = Self;

    fn compile(mut self) -> Result<Self, String> {
        self.prepare()?;
        Ok(self)
    }
}

impl Params {
    /// Checks the parameters and makes what the rule needs of them.
    fn prepare(&mut self) -> Result<(), String> {
        if self.compare == Compare::SameOrganisation {
            for form in &self.forms {
                if form.regex().capture_names().all(|n| n != Some("name")) {
                    return Err(format!(
                        "form `{}` has no group `name`",
                        form.regex().as_str()
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let (left, right) = (&self.left, &self.right);
        let text = ctx.source.text();
        let Some((l_value, l_span)) = left.text(ctx.report, text) else {
            return;
        };
        let (ll, rl) = (left.label(), right.label());
        if self.compare == Compare::MemberOf {
            let Some(field) = right.field(ctx.report) else {
                return;
            };
            if field.names.is_empty() {
                return;
            }
            let l = normal(&l_value);
            if field.names.iter().any(|n| normal(&n.value) == l) {
                return;
            }
            let names: Vec<&str> = field.names.iter().map(|n| n.value.as_str()).collect();
            sink.report(
                format!(
                    "{ll} `{}` is not one of {rl}: {}",
                    l_value.trim(),
                    names.join(", ")
                ),
                Label::new(l_span, format!("not one of {rl}")),
                vec![Label::new(field.span, rl.clone())],
            );
            return;
        }
        let Some((r_value, r_span)) = right.text(ctx.report, text) else {
            return;
        };
        let (lv, rv) = (l_value.trim(), r_value.trim());
        match self.compare {
            Compare::Equal | Compare::MemberOf => {
                if normal(lv) != normal(rv) {
                    sink.report(
                        format!("{ll} `{lv}` differs from {rl} `{rv}`"),
                        Label::new(l_span, format!("`{rv}` in {rl}")),
                        vec![Label::new(r_span, rl.clone())],
                    );
                }
            }
            Compare::Person => {
                if !self.addresses(lv, rv) {
                    sink.report(
                        format!("{ll} `{lv}` does not name {rl} `{rv}`"),
                        Label::new(l_span, format!("{rl} is `{rv}`")),
                        vec![Label::new(r_span, rl.clone())],
                    );
                }
            }
            Compare::SameOrganisation => {
                // A left value no form reads may not be an organisation at
                // all (an addressee's role on two lines): say nothing.
                let Some(lc) = self.organisation(lv) else {
                    return;
                };
                let rc = self.organisation(rv).unwrap_or_else(|| normal(rv));
                if lc != rc {
                    sink.report(
                        format!(
                            "{ll} names `{lv}` but {rl} names `{rv}`: a different organisation"
                        ),
                        Label::new(l_span, format!("{rl} names `{rv}`")),
                        vec![Label::new(r_span, rl.clone())],
                    );
                } else if normal(lv) != normal(rv) && self.other_form == OtherForm::Note {
                    sink.report_as(
                        Severity::Note,
                        format!("{ll} names `{lv}` and {rl} `{rv}`: the same organisation, named two ways"),
                        Label::new(l_span, format!("{rl} names `{rv}`")),
                        vec![Label::new(r_span, rl.clone())],
                    );
                }
            }
        }
    }
}
