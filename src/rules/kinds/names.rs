//! `names`: another organisation's name written where the report's own
//! subject belongs, the mark of text pasted from another report.
//!
//! The subject is read from the first field of `subject` the report has
//! (through `forms`, which take `London Borough of Harrow` to `Harrow`). The
//! other organisations come from `organisations` (the pack ships every
//! English council with social care duties). A name is reported only in a
//! form from `as_subject` that reads as the report's subject (`Brent
//! Council's`, `the London Borough of Brent`), and not when the text just
//! before it (`before`) or its sentence (`partners`) shows partners named on
//! purpose, nor when the sentence also names the subject.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::Regex;
use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::search::pattern::Pattern;
use crate::rules::search::scope::{captures_in, FieldRef, Scope};
use crate::rules::search::units::Matching;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Fields that name the report's subject; the first the report has wins.
    pub subject: Vec<FieldRef>,
    /// Regexes with a group `name` that take a written form to its place
    /// name; a subject no form reads is taken whole.
    #[serde(default)]
    pub forms: Vec<Pattern>,
    /// The organisations that may be named by mistake.
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// Regexes (as text) in which `{name}` stands for any organisation's
    /// name: the forms that read as the report's subject.
    #[serde(default)]
    pub as_subject: Vec<String>,
    /// Instead of other organisations, check the subject's own name: regexes
    /// (as text) in which `{name}` stands for the subject's place name, the
    /// written forms of a council's name (`{name} (?:City )?Council`). A
    /// form other than the subject as its field writes it and `<name>
    /// Council` is reported, once per form.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Text just before a name, within its sentence, that shows it is named
    /// on purpose (`with the `): a regex matched at the end of that text.
    #[serde(default)]
    pub before: Option<Pattern>,
    /// A sentence that matches this names partners on purpose.
    #[serde(default)]
    pub partners: Option<Pattern>,
    /// Words that may stand before a name without making it part of a longer
    /// name (`The`, `In`); another capitalised word before a name (`South
    /// Oxfordshire`) means it is some other body's name.
    #[serde(default)]
    pub lead_words: Vec<String>,
    /// Organisations never reported (names as `organisations` writes them).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Where to look (default: everywhere).
    #[serde(default)]
    pub scope: Scope,
}

/// A rule of this kind: its parameters with what is made of them.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    /// With `organisations`: `as_subject` in one regex, pattern k's name in
    /// group `name{k}`, and the search for the units it may match.
    compiled: Option<Matching>,
    /// `variants` compiled for each subject seen, kept from one report to
    /// the next (a regex made again starts with an empty search cache).
    variant_cache: Mutex<HashMap<String, Arc<Regex>>>,
    /// Each organisation's names (as keys) to its place in `organisations`.
    index: HashMap<String, usize>,
}

/// An organisation: its name and other names it goes by.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Organisation {
    Name(String),
    Named {
        name: String,
        #[serde(default)]
        also: Vec<String>,
    },
}

impl Organisation {
    fn name(&self) -> &str {
        match self {
            Self::Name(name) | Self::Named { name, .. } => name,
        }
    }

    fn all_names(&self) -> impl Iterator<Item = &str> {
        let also: &[String] = match self {
            Self::Name(_) => &[],
            Self::Named { also, .. } => also,
        };
        std::iter::once(self.name()).chain(also.iter().map(String::as_str))
    }
}

/// A name as a key: lower case, `&` as `and`, no full stops, hyphens as
/// spaces, single spaces.
fn key(name: &str) -> String {
    name.replace('&', " and ")
        .replace(['.', ','], "")
        .replace(['-', '\u{2011}'], " ")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        let mut index = HashMap::new();
        if self.subject.is_empty() {
            return Err("`subject` names no field".into());
        }
        if !self.variants.is_empty() {
            if !self.organisations.is_empty() || !self.as_subject.is_empty() {
                return Err("give `variants` or `organisations` and `as_subject`, not both".into());
            }
            for v in &self.variants {
                if !v.contains("{name}") {
                    return Err(format!("`variants` pattern `{v}` has no `{{name}}`"));
                }
                Regex::new(&v.replace("{name}", "X"))
                    .map_err(|e| format!("invalid `variants` pattern `{v}`: {e}"))?;
            }
            return Ok(Rule {
                params: self,
                compiled: None,
                variant_cache: Mutex::default(),
                index,
            });
        }
        if self.organisations.is_empty() || self.as_subject.is_empty() {
            return Err("`organisations` and `as_subject` are needed".into());
        }
        for form in &self.forms {
            if form.regex().capture_names().all(|n| n != Some("name")) {
                return Err(format!(
                    "form `{}` has no group `name`",
                    form.regex().as_str()
                ));
            }
        }
        let mut names: Vec<String> = Vec::new();
        for (i, org) in self.organisations.iter().enumerate() {
            for name in org.all_names() {
                if index.insert(key(name), i).is_some_and(|prev| prev != i) {
                    return Err(format!("organisation name `{name}` is listed twice"));
                }
                names.push(name.to_string());
                // `Brighton & Hove` for `Brighton and Hove`.
                if name.contains(" and ") {
                    names.push(name.replace(" and ", " & "));
                }
            }
        }
        // Longest first, so that `North Somerset` wins over `Somerset`.
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alternation = names
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let mut parts = Vec::new();
        for (k, pattern) in self.as_subject.iter().enumerate() {
            if !pattern.contains("{name}") {
                return Err(format!(
                    "`as_subject` pattern `{pattern}` has no `{{name}}`"
                ));
            }
            let full = format!(
                "(?-u:\\b){}",
                pattern.replace("{name}", &format!("(?P<name{k}>{alternation})(?-u:\\b)"))
            );
            Regex::new(&full)
                .map_err(|e| format!("invalid `as_subject` pattern `{pattern}`: {e}"))?;
            parts.push(format!("(?:{full})"));
        }
        let pattern = parts.join("|");
        let regex = Regex::new(&pattern).map_err(|e| format!("`as_subject`: {e}"))?;
        for allowed in &self.allow {
            if !index.contains_key(&key(allowed)) {
                return Err(format!("`allow` names `{allowed}`, which is not listed"));
            }
        }
        Ok(Rule {
            params: self,
            compiled: Some(Matching::new(regex, &pattern, false)),
            variant_cache: Mutex::default(),
            index,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let text = ctx.source.text();
        let Some((subject, subject_span)) = self
            .params
            .subject
            .iter()
            .find_map(|r| r.text(ctx.report, text))
        else {
            return;
        };
        let subject = subject.trim().to_string();
        let core = self.place_name(&subject);
        if !self.params.variants.is_empty() {
            self.run_variants(ctx, sink, &subject, subject_span, &core);
            return;
        }
        let core_key = key(&core);
        let subject_index = self.index.get(&core_key).copied();
        // What counts as the subject: its listed entry, or (a council the
        // list does not know) any name overlapping its own.
        let is_subject = |i: usize| -> bool {
            if subject_index == Some(i) {
                return true;
            }
            subject_index.is_none()
                && self.params.organisations.get(i).is_some_and(|o| {
                    o.all_names().any(|n| {
                        let k = key(n);
                        k.contains(&core_key) || core_key.contains(&k)
                    })
                })
        };
        // The rule's own `allow`, and the configuration's `allowed_names`
        // (partners a team names on purpose), in any of their forms.
        let allowed: Vec<usize> = self
            .params
            .allow
            .iter()
            .filter_map(|a| self.index.get(&key(a)).copied())
            .chain(ctx.allowed_names.iter().filter_map(|a| {
                self.index
                    .get(&key(a.trim()))
                    .or_else(|| self.index.get(&key(&self.place_name(a.trim()))))
                    .copied()
            }))
            .collect();
        let Some(matching) = &self.compiled else {
            return;
        };
        let in_scope = self.params.scope.read(ctx);
        let found = in_scope
            .narrowed(ctx, matching)
            .into_iter()
            .flat_map(|unit| captures_in(matching.regex(), text, unit.span));
        let mut checked: Option<(usize, bool)> = None;
        for caps in found {
            let Some(whole) = caps.get(0) else {
                continue;
            };
            let Some(name) =
                (0..self.params.as_subject.len()).find_map(|k| caps.name(&format!("name{k}")))
            else {
                continue;
            };
            let Some(&i) = self.index.get(&key(name.as_str())) else {
                continue;
            };
            if is_subject(i) || allowed.contains(&i) {
                continue;
            }
            let span = Span::new(whole.start(), whole.end());
            let Some((u, unit)) = in_scope.unit_at(span) else {
                continue;
            };
            let sentence = unit.span.of(text);
            let preceding = text.get(unit.span.start..span.start).unwrap_or("");
            if self.part_of_longer_name(preceding)
                || self
                    .params
                    .before
                    .as_ref()
                    .is_some_and(|b| b.regex().is_match(preceding))
            {
                continue;
            }
            let on_purpose = match checked {
                Some((at, answer)) if at == u => answer,
                _ => {
                    let answer = self
                        .params
                        .partners
                        .as_ref()
                        .is_some_and(|p| p.regex().is_match(sentence))
                        || contains_word(sentence, &core);
                    checked = Some((u, answer));
                    answer
                }
            };
            if on_purpose {
                continue;
            }
            let other = self
                .params
                .organisations
                .get(i)
                .map_or(name.as_str(), |o| o.name());
            sink.report(
                format!("names {other}, not {subject}: pasted from another report?"),
                Label::new(span, format!("{other}, not {core}")),
                vec![Label::new(
                    subject_span,
                    format!("the report is about {subject}"),
                )],
            );
        }
    }
}

/// Whether `word` occurs in `text` as whole words.
fn contains_word(text: &str, word: &str) -> bool {
    let word = word.trim();
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Rule {
    /// The place name in an organisation's name, read by the first of
    /// `forms` that matches (`London Borough of Brent` -> `Brent`), or the
    /// name whole.
    fn place_name(&self, name: &str) -> String {
        self.params
            .forms
            .iter()
            .find_map(|f| {
                f.regex()
                    .captures(name)
                    .and_then(|c| c.name("name"))
                    .map(|m| m.as_str().to_string())
            })
            .unwrap_or_else(|| name.to_string())
    }

    /// Reports forms of the subject's name other than the field's and the
    /// short `<name> Council`.
    fn run_variants(
        &self,
        ctx: &Context<'_>,
        sink: &mut Sink<'_>,
        subject: &str,
        subject_span: Span,
        core: &str,
    ) {
        let text = ctx.source.text();
        let regex = {
            let Ok(mut cache) = self.variant_cache.lock() else {
                return;
            };
            if let Some(regex) = cache.get(core) {
                Arc::clone(regex)
            } else {
                let name = regex::escape(core.trim());
                let alternation = self
                    .params
                    .variants
                    .iter()
                    .map(|v| format!("(?:{})", v.replace("{name}", &name)))
                    .collect::<Vec<_>>()
                    .join("|");
                let Ok(regex) = Regex::new(&format!("(?-u:\\b)(?:{alternation})(?-u:\\b)")) else {
                    return;
                };
                let regex = Arc::new(regex);
                if cache.len() >= 1024 {
                    cache.clear();
                }
                cache.insert(core.to_string(), Arc::clone(&regex));
                regex
            }
        };
        let bare = |t: &str| {
            let t = t.trim();
            let t = t
                .strip_prefix("the ")
                .or_else(|| t.strip_prefix("The "))
                .unwrap_or(t);
            key(t)
        };
        let allowed = [bare(subject), key(&format!("{core} Council"))];
        let mut reported: Vec<String> = Vec::new();
        let in_scope = self.params.scope.read(ctx);
        for m in regex.find_iter(text) {
            let span = Span::new(m.start(), m.end());
            let Some((_, unit)) = in_scope.unit_at(span) else {
                continue;
            };
            {
                let written = m.as_str();
                let k = bare(written);
                if allowed.contains(&k) || reported.contains(&k) {
                    continue;
                }
                if self.part_of_longer_name(text.get(unit.span.start..span.start).unwrap_or("")) {
                    continue;
                }
                reported.push(k);
                sink.report(
                    format!(
                        "names the council `{written}`, but the report calls it `{}` (or `{} Council`)",
                        subject.trim(),
                        core.trim()
                    ),
                    Label::new(span, "another form of the council's name"),
                    vec![Label::new(subject_span, "the council's name")],
                );
            }
        }
    }

    /// Whether the word just before a name makes it part of a longer
    /// proper name (`South Oxfordshire District Council`).
    fn part_of_longer_name(&self, preceding: &str) -> bool {
        let trimmed = preceding.trim_end();
        if trimmed.len() == preceding.len() && !preceding.is_empty() {
            // Joined to the previous word (`Mid-Suffolk`).
            return preceding
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-');
        }
        let word = trimmed
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
        starts_upper && !self.params.lead_words.iter().any(|w| w == word)
    }
}
