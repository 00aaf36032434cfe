//! `agreement`: a value must be the same wherever the report states it.
//!
//! - `values: scores`: a quality statement's score in the summary table and
//!   in its own section (`between: [summary, body]`).
//! - `values: fields`: two field values (`left`, `right`) compared by a
//!   `compare` mode: `equal`, `person` (a salutation names the addressee),
//!   `member_of` (the signatory is one of the named inspectors) or
//!   `same_organisation` (two names of one council, read through the
//!   `forms` patterns that take `London Borough of X` and `X Council` to `X`).

use serde::Deserialize;

use super::scope::{FieldRef, Pattern};
use super::Kind;
use crate::family::ScorePlace;
use crate::finding::{Label, Severity};
use crate::rules::{Context, Sink};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What must agree.
    pub values: Source,
    /// For `scores`: the two places to compare; the finding points at the
    /// first.
    #[serde(default)]
    pub between: Option<[ScorePlace; 2]>,
    /// For `fields`: the value to check; the finding points at it.
    #[serde(default)]
    pub left: Option<FieldRef>,
    /// For `fields`: the value it must agree with.
    #[serde(default)]
    pub right: Option<FieldRef>,
    /// For `fields`: how the two are compared.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Scores,
    Fields,
}

/// How two field values are compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherForm {
    #[default]
    None,
    Note,
}

/// Text compared loosely: lower case, single spaces, straight quotes, no
/// trailing punctuation.
fn normal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| match c {
                    '\u{2019}' | '\u{2018}' => '\'',
                    c => c,
                })
                .flat_map(char::to_lowercase),
        );
    }
    out.trim_end_matches(['.', ',', ';', ':']).to_string()
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

    fn run_fields(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let (Some(left), Some(right)) = (&self.left, &self.right) else {
            return;
        };
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

impl Kind for Params {
    fn prepare(&mut self) -> Result<(), String> {
        match self.values {
            Source::Scores => match self.between {
                None => return Err("`values: scores` needs `between`".into()),
                Some([a, b]) if a == b => return Err("`between` names the same place twice".into()),
                Some(_) => {}
            },
            Source::Fields => {
                if self.left.is_none() || self.right.is_none() {
                    return Err("`values: fields` needs `left` and `right`".into());
                }
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
            }
        }
        Ok(())
    }

    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        if self.values == Source::Fields {
            self.run_fields(ctx, sink);
            return;
        }
        let Some([here, there]) = self.between else {
            return;
        };
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        for first in ctx.report.scores_at(here) {
            let Some(entity) = &first.entity else {
                continue;
            };
            // Compare with the first statement of the same entity elsewhere.
            let Some(other) = ctx
                .report
                .scores_at(there)
                .find(|s| s.entity.as_ref() == Some(entity))
            else {
                continue;
            };
            if other.value == first.value {
                continue;
            }
            let name = first.name.as_deref().unwrap_or(entity);
            sink.report(
                format!(
                    "the {} score of {entity_name} `{name}` is {} but its {} score is {}",
                    here.as_str(),
                    first.value,
                    there.as_str(),
                    other.value
                ),
                Label::new(
                    first.span,
                    format!("{} score {}", here.as_str(), first.value),
                ),
                vec![Label::new(
                    other.span,
                    format!("{} score {}", there.as_str(), other.value),
                )],
            );
        }
    }
}
