//! `template`: the report has the sections its family's template requires,
//! nested and ordered as the template says, with one Markdown level per
//! section role and one name per scored entity.
//!
//! Each check is a parameter; a rule sets the ones it checks:
//!
//! - `required`: sections that must be present, by role: once in the report,
//!   once in each section of a parent role (minus `except_entities`), once
//!   per entity group (`Theme 1` .. `Theme 4`) or once per scored entity
//!   under its group's section. A missing section is reported where it
//!   belongs: at its parent's heading, or before the heading it should
//!   precede, or at the report's first heading.
//! - `summary`: each scored entity is named exactly once in the summary
//!   table (the section with role `within`), scored or not.
//! - `order`: sibling sections follow the order of `roles`, themes the order
//!   of their groups and statements the order of the entities; the entities
//!   named in the summary table and in lists follow the entity order. One
//!   finding per list, at its first misplaced item.
//! - `levels`: all the Markdown headings of a role use one level.
//! - `names`: an entity carries one name in the summary table, the lists
//!   and its heading; a disagreement is reported with the canonical name.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{Kind, Run};
use crate::family::{normalize_name, Family};
use crate::finding::{Label, Severity};
use crate::model::{Mention, MentionPlace, Report};
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Sections that must be present.
    #[serde(default)]
    pub required: Vec<Required>,
    /// Each entity named exactly once in a summary table.
    #[serde(default)]
    pub summary: Option<Summary>,
    /// Sections and entity names in template order.
    #[serde(default)]
    pub order: Option<Order>,
    /// One Markdown level per section role.
    #[serde(default)]
    pub levels: Option<Levels>,
    /// One name per entity across the report.
    #[serde(default)]
    pub names: Option<Names>,
}

/// A section the template requires.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Required {
    /// The section's role in the family template.
    pub role: String,
    /// The role of the section it must sit in (its nearest ancestor with a
    /// role); it is then required in every section of that role.
    #[serde(default)]
    pub parent: Option<String>,
    /// How many: once (per parent), once per entity group, once per entity.
    #[serde(default)]
    pub per: Per,
    /// Entities exempt: their sections need no child of this role (with
    /// `parent`), or they need no section (with `per: entity`).
    #[serde(default)]
    pub except_entities: Vec<String>,
    /// With `parent`: only parent sections that hold a score line need the
    /// section (a statement left unscored has no sub-sections).
    #[serde(default)]
    pub scored_only: bool,
    /// How messages name the section; `{group}` is replaced by the group.
    /// Default: the template's first name for the role, or the role.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    #[default]
    Once,
    Group,
    Entity,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The role of the summary table's section.
    pub within: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Section roles in template order; sections of other roles are ignored.
    pub roles: Vec<String>,
    /// Entity mentions whose order to check: `summary`, `list`.
    #[serde(default)]
    pub mentions: Vec<MentionPlaceParam>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentionPlaceParam {
    Summary,
    List,
}

impl MentionPlaceParam {
    fn place(self) -> MentionPlace {
        match self {
            Self::Summary => MentionPlace::Summary,
            Self::List => MentionPlace::List,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    /// Roles to check; empty: every role.
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// List items count as mentions only in sections of these roles (the
    /// theme's list of its statements); empty: every list.
    #[serde(default)]
    pub lists_in: Vec<String>,
    /// Severity for a variant used consistently everywhere (`note`), or no
    /// finding when unset.
    #[serde(default)]
    pub consistent_variant: Option<Severity>,
}

/// The report as the checks see it: roles, known parents, families.
struct View<'a> {
    report: &'a Report,
    family: &'a Family,
    /// For each section, its nearest ancestor whose heading has a role.
    known_parent: Vec<Option<usize>>,
    /// Whether the sections come in order of their start (as the model
    /// builds them), so that those inside a span are found by bisection.
    in_order: bool,
}

impl<'a> View<'a> {
    fn new(report: &'a Report, family: &'a Family) -> Self {
        let mut known_parent = Vec::with_capacity(report.sections.len());
        for section in &report.sections {
            let mut parent = section.parent;
            // Parents precede children, so each step looks back only.
            while let Some(p) = parent {
                if report
                    .headings
                    .get(report.sections[p].heading)
                    .is_some_and(|h| h.role.is_some())
                {
                    break;
                }
                parent = report.sections[p].parent;
            }
            known_parent.push(parent);
        }
        let in_order = report
            .sections
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start);
        Self {
            report,
            family,
            known_parent,
            in_order,
        }
    }

    /// The indices of the sections that may lie inside `within` (all of
    /// them when the sections are not in order).
    fn candidates_within(&self, within: Option<Span>) -> std::ops::Range<usize> {
        let sections = &self.report.sections;
        match within {
            Some(w) if self.in_order => {
                let from = sections.partition_point(|s| s.span.start < w.start);
                let to = sections.partition_point(|s| s.span.start <= w.end);
                from..to.max(from)
            }
            _ => 0..sections.len(),
        }
    }

    /// For each section, whether it holds a score: one pass over the
    /// scores, not a search of them per section.
    fn scored_sections(&self) -> Vec<bool> {
        let mut scores: Vec<Span> = self.report.scores.iter().map(|s| s.span).collect();
        scores.sort_by_key(|s| (s.start, s.end));
        // The least end of the scores that start at or after each one.
        let mut least_end = vec![usize::MAX; scores.len() + 1];
        for (i, score) in scores.iter().enumerate().rev() {
            least_end[i] = least_end[i + 1].min(score.end);
        }
        self.report
            .sections
            .iter()
            .map(|section| {
                let first = scores.partition_point(|s| s.start < section.span.start);
                least_end[first] <= section.span.end
            })
            .collect()
    }

    fn heading(&self, section: usize) -> &'a crate::model::Heading {
        &self.report.headings[self.report.sections[section].heading]
    }

    fn role(&self, section: usize) -> Option<&'a str> {
        self.heading(section).role.as_deref()
    }

    fn with_role<'s>(&'s self, role: &'s str) -> impl Iterator<Item = usize> + 's {
        (0..self.report.sections.len()).filter(move |&s| self.role(s) == Some(role))
    }

    fn span(&self, section: usize) -> Span {
        self.heading(section).span
    }

    fn text(&self, section: usize) -> &'a str {
        &self.heading(section).text
    }

    /// The template's index and depth of `role`.
    fn template(&self, role: &str) -> Option<(usize, u8)> {
        self.family
            .spec
            .headings
            .iter()
            .position(|h| h.role == role)
            .map(|i| (i, self.family.spec.headings[i].depth))
    }

    fn entity_index(&self, id: &str) -> Option<usize> {
        self.family.entities().iter().position(|e| e.id == id)
    }

    /// The entity groups in the order their first entity is listed.
    fn groups(&self) -> Vec<&'a str> {
        let mut groups: Vec<&str> = Vec::new();
        for entity in self.family.entities() {
            if let Some(g) = entity.group.as_deref() {
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        groups
    }

    fn group_rank(&self, group: &str) -> Option<usize> {
        self.groups().iter().position(|g| *g == group)
    }

    /// The first heading of the report, or its start.
    fn start(&self) -> Span {
        self.report
            .headings
            .first()
            .map_or(Span::new(0, 0), |h| h.span)
    }

    /// Where a missing section of `role` inside `parent` belongs: before the
    /// first section after it in template order, else at the parent's
    /// heading, else at the report's first heading.
    fn insertion(&self, role: &str, parent: Option<usize>) -> (Span, &'static str) {
        if let Some((index, _)) = self.template(role) {
            let within = parent.map(|p| self.report.sections[p].span);
            let next = self.candidates_within(within).find(|&s| {
                let inside = within.is_none_or(|w| w.contains(self.report.sections[s].span));
                inside
                    && Some(s) != parent
                    && self
                        .role(s)
                        .and_then(|r| self.template(r))
                        .is_some_and(|(i, _)| i > index)
            });
            if let Some(s) = next {
                return (self.span(s), "belongs before this heading");
            }
        }
        match parent {
            Some(p) => (self.span(p), "missing in this section"),
            None => (self.start(), "missing from this report"),
        }
    }

    fn display(&self, required: &Required, group: Option<&str>) -> String {
        let base = required.name.clone().unwrap_or_else(|| {
            self.family
                .spec
                .headings
                .iter()
                .find(|h| h.role == required.role)
                .and_then(|h| h.names.first().cloned())
                .unwrap_or_else(|| required.role.clone())
        });
        match group {
            Some(g) if base.contains("{group}") => base.replace("{group}", g),
            Some(g) => format!("{base} {g}"),
            None => base,
        }
    }
}

fn entity_word(family: &Family) -> &str {
    family
        .spec
        .scored
        .as_ref()
        .map_or("entity", |s| s.entity.as_str())
}

impl Params {
    fn check_required(&self, view: &View<'_>, sink: &mut Sink<'_>) {
        let has_group_rule = |role: &str| {
            self.required
                .iter()
                .any(|r| r.per == Per::Group && Some(r.role.as_str()) != Some(role))
        };
        let mut missing = Vec::new();
        for required in &self.required {
            match required.per {
                Per::Once => self.required_once(view, required, &mut missing),
                Per::Group => self.required_per_group(view, required, &mut missing, sink),
                Per::Entity => self.required_per_entity(
                    view,
                    required,
                    has_group_rule(&required.role),
                    &mut missing,
                    sink,
                ),
            }
            if let Some(parent) = &required.parent {
                if required.per != Per::Entity {
                    misplaced(view, required, parent, sink);
                }
            }
        }
        report_missing(missing, sink);
    }

    fn required_once(&self, view: &View<'_>, required: &Required, missing: &mut Vec<Missing>) {
        let name = view.display(required, None);
        let Some(parent_role) = &required.parent else {
            if view.with_role(&required.role).next().is_none() {
                let (span, label) = view.insertion(&required.role, None);
                missing.push(Missing::section(span, label, "the report".into(), name));
            }
            return;
        };
        // Each list is made in one pass, not searched once per parent: a
        // report with thousands of sections would cost their square.
        let scored = match required.scored_only {
            true => view.scored_sections(),
            false => Vec::new(),
        };
        let mut present = vec![false; view.report.sections.len()];
        for s in view.with_role(&required.role) {
            if let Some(p) = view.known_parent[s] {
                present[p] = true;
            }
        }
        for parent in view.with_role(parent_role) {
            let exempt = view
                .heading(parent)
                .entity
                .as_ref()
                .is_some_and(|e| required.except_entities.contains(e));
            let unscored = required.scored_only && !scored[parent];
            if exempt || unscored {
                continue;
            }
            if !present[parent] {
                let (span, label) = view.insertion(&required.role, Some(parent));
                let mut item = Missing::section(
                    span,
                    label,
                    format!("`{}`", view.text(parent).trim_end_matches(':')),
                    name.clone(),
                );
                if view.span(parent) != span {
                    item.related = vec![Label::new(view.span(parent), "in this section")];
                }
                missing.push(item);
            }
        }
    }

    fn required_per_group(
        &self,
        view: &View<'_>,
        required: &Required,
        missing: &mut Vec<Missing>,
        sink: &mut Sink<'_>,
    ) {
        let groups = view.groups();
        let any = view
            .with_role(&required.role)
            .any(|s| view.heading(s).group.is_some());
        if !any && !groups.is_empty() {
            let (span, label) = view.insertion(&required.role, None);
            for g in &groups {
                let name = view.display(required, Some(g));
                missing.push(Missing::section(span, label, "the report".into(), name));
            }
            return;
        }
        for (rank, group) in groups.iter().enumerate() {
            let found: Vec<usize> = view
                .with_role(&required.role)
                .filter(|&s| view.heading(s).group.as_deref() == Some(*group))
                .collect();
            let name = view.display(required, Some(group));
            match found.as_slice() {
                [] => {
                    // Before the section of the next group present, if any.
                    let next = view.with_role(&required.role).find(|&s| {
                        view.heading(s)
                            .group
                            .as_deref()
                            .and_then(|g| view.group_rank(g))
                            .is_some_and(|r| r > rank)
                    });
                    // Else after the section of the previous group present.
                    let previous = || {
                        view.with_role(&required.role)
                            .filter(|&s| {
                                view.heading(s)
                                    .group
                                    .as_deref()
                                    .and_then(|g| view.group_rank(g))
                                    .is_some_and(|r| r < rank)
                            })
                            .last()
                    };
                    let (span, label) = match (next, previous()) {
                        (Some(s), _) => (view.span(s), "belongs before this heading"),
                        (None, Some(s)) => (view.span(s), "belongs after this section"),
                        (None, None) => view.insertion(&required.role, None),
                    };
                    let members: Vec<String> = view
                        .family
                        .entities()
                        .iter()
                        .filter(|e| e.group.as_deref() == Some(*group))
                        .map(|e| format!("`{}`", e.name))
                        .collect();
                    let holding = if members.is_empty() {
                        String::new()
                    } else {
                        format!(" (with {})", members.join(", "))
                    };
                    let mut item = Missing::section(span, label, "the report".into(), name);
                    item.item.push_str(&holding);
                    missing.push(item);
                }
                [_] => {}
                [first, rest @ ..] => {
                    for &again in rest {
                        sink.report(
                            format!("`{name}` appears more than once"),
                            Label::new(view.span(again), "again here"),
                            vec![Label::new(view.span(*first), "first here")],
                        );
                    }
                }
            }
        }
    }

    fn required_per_entity(
        &self,
        view: &View<'_>,
        required: &Required,
        groups_checked: bool,
        missing: &mut Vec<Missing>,
        sink: &mut Sink<'_>,
    ) {
        let word = entity_word(view.family);
        for entity in view.family.entities() {
            if required.except_entities.contains(&entity.id) {
                continue;
            }
            let found: Vec<usize> = view
                .with_role(&required.role)
                .filter(|&s| view.heading(s).entity.as_deref() == Some(entity.id.as_str()))
                .collect();
            // The section of the entity's group, when the template has one.
            let group_section = entity.group.as_deref().and_then(|g| {
                (0..view.report.sections.len()).find(|&s| {
                    view.heading(s).group.as_deref() == Some(g)
                        && required
                            .parent
                            .as_deref()
                            .is_none_or(|p| view.role(s) == Some(p))
                })
            });
            match found.as_slice() {
                [] => {
                    let (span, label, owner) = match group_section {
                        Some(g) => (
                            view.span(g),
                            "missing in this section",
                            format!("`{}`", view.text(g)),
                        ),
                        // The missing group is reported by its own rule.
                        None if entity.group.is_some() && groups_checked => continue,
                        None => {
                            let (span, label) = view.insertion(&required.role, None);
                            (span, label, "the report".to_string())
                        }
                    };
                    missing.push(Missing {
                        span,
                        label,
                        related: Vec::new(),
                        owner,
                        noun: format!("section for the {word}"),
                        nouns: format!("sections for the {word}s"),
                        item: format!("`{}`", entity.name),
                    });
                }
                [first, rest @ ..] => {
                    for &again in rest {
                        sink.report(
                            format!("the {word} `{}` has more than one section", entity.name),
                            Label::new(view.span(again), "again here"),
                            vec![Label::new(view.span(*first), "first here")],
                        );
                    }
                    for &section in &found {
                        self.entity_placement(view, required, entity, section, group_section, sink);
                    }
                }
            }
        }
    }

    /// An entity's section sits in a section of the parent role, and in
    /// the one of its own group.
    fn entity_placement(
        &self,
        view: &View<'_>,
        required: &Required,
        entity: &crate::family::EntitySpec,
        section: usize,
        group_section: Option<usize>,
        sink: &mut Sink<'_>,
    ) {
        let word = entity_word(view.family);
        let parent = view.known_parent[section];
        let parent_role = parent.and_then(|p| view.role(p));
        if let Some(expected) = &required.parent {
            if parent_role != Some(expected.as_str()) {
                let under = parent.map_or("the top of the report".to_string(), |p| {
                    format!("`{}`", view.text(p))
                });
                let related = group_section
                    .map(|g| vec![Label::new(view.span(g), "it belongs in this section")])
                    .unwrap_or_default();
                sink.report(
                    format!(
                        "the section of the {word} `{}` is under {under}, not in a `{expected}` section",
                        entity.name
                    ),
                    Label::new(view.span(section), "misplaced"),
                    related,
                );
                return;
            }
        }
        let (Some(group), Some(parent)) = (entity.group.as_deref(), parent) else {
            return;
        };
        let parent_group = view.heading(parent).group.as_deref();
        if parent_group.is_some() && parent_group != Some(group) {
            let related = group_section
                .map(|g| vec![Label::new(view.span(g), "it belongs in this section")])
                .unwrap_or_default();
            sink.report(
                format!(
                    "the {word} `{}` is under `{}` but belongs to group {group}",
                    entity.name,
                    view.text(parent)
                ),
                Label::new(view.span(section), "misplaced"),
                related,
            );
        }
    }

    fn check_summary(&self, view: &View<'_>, summary: &Summary, sink: &mut Sink<'_>) {
        let Some(table) = view.with_role(&summary.within).next() else {
            return;
        };
        let word = entity_word(view.family);
        let mentions: Vec<&Mention> = view
            .report
            .mentions
            .iter()
            .filter(|m| m.place == MentionPlace::Summary)
            .collect();
        for entity in view.family.entities() {
            let named: Vec<&&Mention> = mentions.iter().filter(|m| m.entity == entity.id).collect();
            match named.as_slice() {
                [] => sink.report(
                    format!(
                        "the {word} `{}` is missing from `{}`",
                        entity.name,
                        view.text(table)
                    ),
                    Label::new(view.span(table), format!("no `{}` here", entity.name)),
                    Vec::new(),
                ),
                [_] => {}
                [first, rest @ ..] => {
                    for again in rest {
                        sink.report(
                            format!(
                                "the {word} `{}` is listed more than once in `{}`",
                                entity.name,
                                view.text(table)
                            ),
                            Label::new(again.span, "again here"),
                            vec![Label::new(first.span, "first here")],
                        );
                    }
                }
            }
        }
    }

    fn check_order(&self, view: &View<'_>, order: &Order, sink: &mut Sink<'_>) {
        let rank = |s: usize| -> Option<Rank> {
            let role = view.role(s)?;
            let index = order.roles.iter().position(|r| r == role)?;
            let heading = view.heading(s);
            let group = heading
                .group
                .as_deref()
                .and_then(|g| view.group_rank(g))
                .unwrap_or(0);
            let entity = heading
                .entity
                .as_deref()
                .and_then(|e| view.entity_index(e))
                .unwrap_or(0);
            Some((index, group, entity))
        };
        // Sibling lists, keyed by their known parent, in document order.
        let mut lists: BTreeMap<Option<usize>, Vec<(usize, Rank)>> = BTreeMap::new();
        for s in 0..view.report.sections.len() {
            if let Some(r) = rank(s) {
                lists.entry(view.known_parent[s]).or_default().push((s, r));
            }
        }
        for items in lists.values() {
            let items: Vec<Item> = items
                .iter()
                .map(|&(s, r)| (view.span(s), view.text(s).to_string(), r))
                .collect();
            report_descents(&items, "section", sink);
        }
        for place in &order.mentions {
            let place = place.place();
            let mut by_section: BTreeMap<Option<usize>, Vec<Item>> = BTreeMap::new();
            for mention in view.report.mentions.iter().filter(|m| m.place == place) {
                let Some(index) = view.entity_index(&mention.entity) else {
                    continue;
                };
                by_section.entry(mention.section).or_default().push((
                    mention.span,
                    mention.text.clone(),
                    (0, 0, index),
                ));
            }
            for items in by_section.values() {
                report_descents(items, place.as_str(), sink);
            }
        }
    }

    fn check_levels(&self, view: &View<'_>, levels: &Levels, sink: &mut Sink<'_>) {
        // role -> (level -> headings), roles in template order.
        let mut by_role: BTreeMap<(usize, &str), BTreeMap<u8, Vec<usize>>> = BTreeMap::new();
        for (i, heading) in view.report.headings.iter().enumerate() {
            let (Some(role), Some(level)) = (heading.role.as_deref(), heading.markdown_level)
            else {
                continue;
            };
            if !levels.roles.is_empty() && !levels.roles.iter().any(|r| r == role) {
                continue;
            }
            let index = view.template(role).map_or(usize::MAX, |(i, _)| i);
            by_role
                .entry((index, role))
                .or_default()
                .entry(level)
                .or_default()
                .push(i);
        }
        for ((_, role), used) in by_role {
            if used.len() < 2 {
                continue;
            }
            // The level most headings use; a tie goes to the earliest.
            let Some((&common, _)) = used.iter().max_by(|a, b| {
                a.1.len()
                    .cmp(&b.1.len())
                    .then_with(|| b.1.first().cmp(&a.1.first()))
            }) else {
                continue;
            };
            let mut odd: Vec<usize> = used
                .iter()
                .filter(|(l, _)| **l != common)
                .flat_map(|(_, hs)| hs.iter().copied())
                .collect();
            odd.sort_unstable();
            let Some((&first, rest)) = odd.split_first() else {
                continue;
            };
            let counts: Vec<String> = used
                .iter()
                .map(|(level, hs)| format!("{} at `{}`", hs.len(), "#".repeat(usize::from(*level))))
                .collect();
            let hashes = |i: usize| {
                "#".repeat(usize::from(
                    view.report.headings[i].markdown_level.unwrap_or(0),
                ))
            };
            let mut related: Vec<Label> = rest
                .iter()
                .map(|&i| {
                    Label::new(
                        view.report.headings[i].span,
                        format!("also `{}`", hashes(i)),
                    )
                })
                .collect();
            if let Some(&model) = used.get(&common).and_then(|hs| hs.first()) {
                related.push(Label::new(
                    view.report.headings[model].span,
                    format!("`{}` here", hashes(model)),
                ));
            }
            let heading = &view.report.headings[first];
            sink.report(
                format!(
                    "`{role}` headings use {} Markdown levels ({}): `{}` is `{}` where most are `{}`",
                    used.len(),
                    counts.join(", "),
                    heading.text,
                    hashes(first),
                    "#".repeat(usize::from(common))
                ),
                Label::new(heading.span, format!("`{}`", hashes(first))),
                related,
            );
        }
    }

    fn check_names(&self, view: &View<'_>, names: &Names, sink: &mut Sink<'_>) {
        let word = entity_word(view.family);
        for entity in view.family.entities() {
            let mentions: Vec<&Mention> = view
                .report
                .mentions
                .iter()
                .filter(|m| m.entity == entity.id)
                .filter(|m| {
                    m.place != MentionPlace::List
                        || names.lists_in.is_empty()
                        || m.section
                            .and_then(|s| view.role(s))
                            .is_some_and(|r| names.lists_in.iter().any(|l| l == r))
                })
                .collect();
            let Some(first) = mentions.first() else {
                continue;
            };
            let canonical = normalize_name(&entity.name);
            let keys: Vec<String> = mentions.iter().map(|m| normalize_name(&m.text)).collect();
            if keys.iter().all(|k| *k == keys[0]) {
                if keys[0] != canonical {
                    if let Some(severity) = names.consistent_variant {
                        sink.report_as(
                            severity,
                            format!(
                                "the {word} is called `{}` throughout; the canonical name is `{}`",
                                first.text, entity.name
                            ),
                            Label::new(first.span, "variant name"),
                            Vec::new(),
                        );
                    }
                }
                continue;
            }
            // The name to use: the canonical one if the report uses it,
            // else the most common (the earliest on a tie).
            let expected = if keys.contains(&canonical) {
                canonical.clone()
            } else {
                let count = |k: &String| keys.iter().filter(|x| *x == k).count();
                keys.iter()
                    .fold(None::<&String>, |best, k| match best {
                        Some(b) if count(b) >= count(k) => Some(b),
                        _ => Some(k),
                    })
                    .cloned()
                    .unwrap_or_default()
            };
            let Some(odd) = keys.iter().position(|k| *k != expected) else {
                continue;
            };
            let expected_text = mentions
                .iter()
                .zip(&keys)
                .find(|(_, k)| **k == expected)
                .map_or(entity.name.as_str(), |(m, _)| m.text.as_str());
            let places = |want_expected: bool| -> String {
                let mut places: Vec<&str> = mentions
                    .iter()
                    .zip(&keys)
                    .filter(|(_, k)| (**k == expected) == want_expected)
                    .map(|(m, _)| m.place.as_str())
                    .collect();
                places.dedup();
                places.join(" and ")
            };
            let odd_mention = mentions[odd];
            let related: Vec<Label> = mentions
                .iter()
                .zip(&keys)
                .enumerate()
                .filter(|(i, _)| *i != odd)
                .map(|(_, (m, k))| {
                    Label::new(
                        m.span,
                        if *k == expected {
                            format!("`{}` here", m.text)
                        } else {
                            format!("also `{}`", m.text)
                        },
                    )
                })
                .collect();
            let canonical_note = if expected == canonical {
                " (the canonical name)".to_string()
            } else {
                format!("; the canonical name is `{}`", entity.name)
            };
            sink.report(
                format!(
                    "the {word} is named `{}` in the {} but `{expected_text}` in the {}: use one name, `{expected_text}`{canonical_note}",
                    odd_mention.text,
                    places(false),
                    places(true),
                ),
                Label::new(odd_mention.span, format!("replace with `{expected_text}`")),
                related,
            );
        }
    }
}

/// A section the template requires and the report lacks.
struct Missing {
    span: Span,
    label: &'static str,
    related: Vec<Label>,
    /// What lacks it: "the report", "`Overall summary`".
    owner: String,
    noun: String,
    nouns: String,
    item: String,
}

impl Missing {
    fn section(span: Span, label: &'static str, owner: String, name: String) -> Self {
        Self {
            span,
            label,
            related: Vec::new(),
            owner,
            noun: "section".into(),
            nouns: "sections".into(),
            item: format!("`{name}`"),
        }
    }
}

/// One finding per place and owner: a statement that lacks three
/// sub-sections is one finding naming the three.
fn report_missing(missing: Vec<Missing>, sink: &mut Sink<'_>) {
    // Grouped by place, owner and noun, in order of first appearance; the
    // groups are found by key, not searched for each item.
    let mut groups: Vec<Vec<Missing>> = Vec::new();
    let mut index: HashMap<(usize, usize, String, String), usize> = HashMap::new();
    for item in missing {
        let key = (
            item.span.start,
            item.span.end,
            item.owner.clone(),
            item.noun.clone(),
        );
        match index.get(&key).and_then(|&i| groups.get_mut(i)) {
            Some(group) => group.push(item),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![item]);
            }
        }
    }
    for group in groups {
        let Some(first) = group.first() else {
            continue;
        };
        let items: Vec<&str> = group.iter().map(|m| m.item.as_str()).collect();
        let (noun, list) = match items.split_last() {
            Some((last, rest)) if !rest.is_empty() => (
                first.nouns.as_str(),
                format!("{} and {last}", rest.join(", ")),
            ),
            _ => (first.noun.as_str(), items.concat()),
        };
        let mut related: Vec<Label> = Vec::new();
        for m in &group {
            for l in &m.related {
                if !related.contains(l) {
                    related.push(l.clone());
                }
            }
        }
        sink.report(
            format!("{} lacks the {noun} {list}", first.owner),
            Label::new(first.span, first.label),
            related,
        );
    }
}

/// Template rank: role, group, entity.
type Rank = (usize, usize, usize);

/// An item of an ordered list: where it is, its text, its rank.
type Item = (Span, String, Rank);

/// Reports the first item of `items` ranked below its predecessor, with
/// the other such items as related labels: one finding per list.
fn report_descents(items: &[Item], what: &str, sink: &mut Sink<'_>) {
    let descents: Vec<usize> = (1..items.len())
        .filter(|&i| items[i].2 < items[i - 1].2)
        .collect();
    let Some((&first, rest)) = descents.split_first() else {
        return;
    };
    let (span, text, _) = &items[first];
    let (before_span, before, _) = &items[first - 1];
    let more = if rest.is_empty() {
        String::new()
    } else {
        format!(" ({} more out of order in this {what})", rest.len())
    };
    let mut related = vec![Label::new(
        *before_span,
        format!("the template puts `{text}` before this"),
    )];
    related.extend(
        rest.iter()
            .map(|&i| Label::new(items[i].0, format!("`{}` is out of order too", items[i].1))),
    );
    sink.report(
        format!("`{text}` comes after `{before}`, but the template puts it first{more}"),
        Label::new(*span, "out of template order"),
        related,
    );
}

/// Sections of `required.role` whose nearest known ancestor is not a
/// `parent` section.
fn misplaced(view: &View<'_>, required: &Required, parent: &str, sink: &mut Sink<'_>) {
    // Without any section of the parent role, the missing parent is the
    // finding, not each of its children.
    if view.with_role(parent).next().is_none() {
        return;
    }
    for section in view.with_role(&required.role) {
        let actual = view.known_parent[section];
        if actual.and_then(|p| view.role(p)) == Some(parent) {
            continue;
        }
        let under = actual.map_or("the top of the report".to_string(), |p| {
            format!("`{}`", view.text(p))
        });
        sink.report(
            format!(
                "`{}` is under {under}, not in a `{parent}` section",
                view.text(section)
            ),
            Label::new(view.span(section), "misplaced"),
            Vec::new(),
        );
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
        if self.required.is_empty()
            && self.summary.is_none()
            && self.order.is_none()
            && self.levels.is_none()
            && self.names.is_none()
        {
            return Err(
                "set at least one of `required`, `summary`, `order`, `levels`, `names`".into(),
            );
        }
        if let Some(r) = self
            .required
            .iter()
            .find(|r| r.per == Per::Group && r.parent.is_some())
        {
            return Err(format!(
                "`{}`: `parent` is not supported with `per: group`",
                r.role
            ));
        }
        if let Some(order) = &self.order {
            if order.roles.is_empty() {
                return Err("`order.roles` is empty".into());
            }
        }
        Ok(())
    }
}

impl Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let Some(family) = ctx.family else {
            return;
        };
        let view = View::new(ctx.report, family);
        if !self.required.is_empty() {
            self.check_required(&view, sink);
        }
        if let Some(summary) = &self.summary {
            self.check_summary(&view, summary, sink);
        }
        if let Some(order) = &self.order {
            self.check_order(&view, order, sink);
        }
        if let Some(levels) = &self.levels {
            self.check_levels(&view, levels, sink);
        }
        if let Some(names) = &self.names {
            self.check_names(&view, names, sink);
        }
    }
}
