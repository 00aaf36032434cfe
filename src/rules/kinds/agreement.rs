//! `agreement`: a value must be the same wherever the report states it.
//!
//! - `values: scores`: a quality statement's score in the summary table and
//!   in its own section (`between: [summary, body]`); with `unpaired`, also
//!   a statement scored in one of the two places and named but left without
//!   a score in the other.
//! - `values: fields`: two field values (`left`, `right`) compared by a
//!   `compare` mode: `equal`, `person` (a salutation names the addressee),
//!   `member_of` (the signatory is one of the named inspectors) or
//!   `same_organisation` (two names of one council, read through the
//!   `forms` patterns that take `London Borough of X` and `X Council` to `X`).
//! - `values: claims`: a figure compared with a benchmark, stated twice for
//!   the same measure and the same benchmark (the summary and the body, two
//!   sections): the figures, the benchmark's figures and the direction must
//!   agree.
//! - `values: counts`: a whole number stated twice for the same counted
//!   thing ("642 people were waiting for a carers assessment").
//!
//! For `claims` and `counts` the value is keyed by what it measures, read by
//! [`crate::rules::measure`]: the measure's words, the lead-in before the figure,
//! the time frame (and the benchmark); statements are compared only when the
//! keys are equal, never when they are merely alike, and a vague or
//! unqualified measure is not keyed at all. The finding points at the later
//! statement, the earlier one related.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use serde::Deserialize;

use super::Kind;
use crate::family::ScorePlace;
use crate::finding::{Label, Severity};
use crate::model::quantities::ComparisonClaim;
use crate::model::GradeForm;
use crate::rules::figure::{order, same_printed};
use crate::rules::measure::{CountWords, Keyed, MeasureWords, Reader};
use crate::rules::search::pattern::Pattern;
use crate::rules::search::scope::FieldRef;
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What must agree.
    pub values: Source,
    /// For `scores`: the two places to compare; the finding points at the
    /// first.
    #[serde(default)]
    pub between: Option<[ScorePlace; 2]>,
    /// For `scores`: report instead an entity scored in one place whose
    /// row or section in the other place gives no score.
    #[serde(default)]
    pub unpaired: bool,
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
    /// For `claims` and `counts`: the word lists that key a figure by what
    /// it measures.
    #[serde(default)]
    pub measure: Option<MeasureWords>,
    /// For `claims`: benchmark names that stand for one benchmark
    /// ("national average" for "England average"); any other name is its
    /// own benchmark.
    #[serde(default)]
    pub benchmarks: Vec<BenchmarkName>,
    /// For `claims`: relations saying the figure is above the benchmark.
    #[serde(default)]
    pub higher: Vec<String>,
    /// For `claims`: relations saying the figure is below the benchmark.
    #[serde(default)]
    pub lower: Vec<String>,
    /// For `claims`: other pairs of opposite relations ("better" and
    /// "worse"), which the figures alone cannot settle.
    #[serde(default)]
    pub opposites: Vec<[Vec<String>; 2]>,
    /// For `counts`: what makes a number no count of its own.
    #[serde(default)]
    pub counts: Option<CountWords>,
    /// Benchmark forms (normalised) to the benchmark they stand for.
    #[serde(skip)]
    benchmark_of: HashMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Scores,
    Fields,
    Claims,
    Counts,
}

/// A benchmark and the other names it goes by.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkName {
    pub name: String,
    #[serde(default)]
    pub forms: Vec<String>,
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
            Source::Claims | Source::Counts => {
                let Some(measure) = self.measure.as_mut() else {
                    return Err("`values: claims` and `values: counts` need `measure`".into());
                };
                measure.prepare()?;
                if self.values == Source::Counts {
                    let Some(counts) = self.counts.as_mut() else {
                        return Err("`values: counts` needs `counts`".into());
                    };
                    counts.prepare()?;
                }
                if self.higher.is_empty() != self.lower.is_empty() {
                    return Err("give both `higher` and `lower`, or neither".into());
                }
                if self
                    .opposites
                    .iter()
                    .any(|[a, b]| a.is_empty() || b.is_empty())
                {
                    return Err("each pair of `opposites` needs words on both sides".into());
                }
                for benchmark in &self.benchmarks {
                    let name = benchmark_form(&benchmark.name);
                    self.benchmark_of.insert(name.clone(), name.clone());
                    for form in &benchmark.forms {
                        self.benchmark_of.insert(benchmark_form(form), name.clone());
                    }
                }
            }
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
        match self.values {
            Source::Fields => return self.run_fields(ctx, sink),
            Source::Claims => return self.run_claims(ctx, sink),
            Source::Counts => return self.run_counts(ctx, sink),
            Source::Scores => {}
        }
        let Some([here, there]) = self.between else {
            return;
        };
        if self.unpaired {
            self.run_unpaired(ctx, sink, [here, there]);
            self.run_unpaired(ctx, sink, [there, here]);
            return;
        }
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        // The first statement of each entity elsewhere, found in one pass,
        // not searched for once per score.
        let mut elsewhere: HashMap<&str, &crate::model::Score> = HashMap::new();
        for score in ctx.report.scores_at(there) {
            if let Some(entity) = &score.entity {
                elsewhere.entry(entity.as_str()).or_insert(score);
            }
        }
        for first in ctx.report.scores_at(here) {
            let Some(entity) = &first.entity else {
                continue;
            };
            // Compare with the first statement of the same entity elsewhere.
            let Some(&other) = elsewhere.get(entity.as_str()) else {
                continue;
            };
            if other.value == first.value {
                continue;
            }
            let (a, b) = (first.shown(), other.shown());
            if first.grade.is_some() {
                // A judgement in words: named as the family names it, placed
                // in the table and the section.
                let name = ctx
                    .family
                    .map_or(entity.as_str(), |f| f.entity_name(entity));
                let place = |score: &crate::model::Score, p: ScorePlace| match (score.form, p) {
                    (Some(GradeForm::Sentence), ScorePlace::Summary) => {
                        "the first sentence that states it"
                    }
                    (Some(GradeForm::Sentence), ScorePlace::Body) => "a later sentence",
                    (Some(form), _) => form.place(),
                    (None, ScorePlace::Summary) => "the judgement table",
                    (None, ScorePlace::Body) => "its section",
                };
                let there_place = place(other, there);
                sink.report(
                    format!(
                        "`{name}` is {a} in {} but {b} in {there_place}",
                        place(first, here),
                    ),
                    Label::new(first.span, format!("{a} here")),
                    vec![Label::new(other.span, format!("{b} in {there_place}"))],
                );
                continue;
            }
            let name = first.name.as_deref().unwrap_or(entity);
            sink.report(
                format!(
                    "the {} score of {entity_name} `{name}` is {a} but its {} score is {b}",
                    here.as_str(),
                    there.as_str(),
                ),
                Label::new(first.span, format!("{} score {a}", here.as_str())),
                vec![Label::new(
                    other.span,
                    format!("{} score {b}", there.as_str()),
                )],
            );
        }
    }
}

impl Params {
    /// Reports each entity scored at `here` that is named at `there` (its
    /// row in the summary table, or its section's heading) with no score
    /// there: the reader of that place cannot tell the score, and a score
    /// lost in editing often goes with a changed one.
    fn run_unpaired(&self, ctx: &Context<'_>, sink: &mut Sink<'_>, [here, there]: [ScorePlace; 2]) {
        let report = ctx.report;
        let scored_there: std::collections::HashSet<&str> = report
            .scores_at(there)
            .filter_map(|s| s.entity.as_deref())
            .collect();
        let named_there = |entity: &str| {
            let place = match there {
                ScorePlace::Summary => crate::model::MentionPlace::Summary,
                ScorePlace::Body => crate::model::MentionPlace::Heading,
            };
            report
                .mentions
                .iter()
                .find(|m| m.place == place && m.entity == entity)
        };
        let entity_name = ctx
            .family
            .and_then(|f| f.spec.scored.as_ref())
            .map_or("entity", |s| s.entity.as_str());
        let mut seen = std::collections::HashSet::new();
        for score in report.scores_at(here) {
            let Some(entity) = score.entity.as_deref() else {
                continue;
            };
            if scored_there.contains(entity) || !seen.insert(entity) {
                continue;
            }
            let Some(mention) = named_there(entity) else {
                continue;
            };
            let name = score.name.as_deref().unwrap_or(entity);
            let value = score.shown();
            let (no_score_at, scored_at) = match there {
                ScorePlace::Summary => ("in the summary table", "its section"),
                ScorePlace::Body => ("in its section", "the summary table"),
            };
            sink.report(
                format!("{entity_name} `{name}` has no score {no_score_at}, but {scored_at} scores it {value}"),
                Label::new(mention.span, format!("no score {no_score_at}")),
                vec![Label::new(score.span, format!("scored {value} here"))],
            );
        }
    }
}

/// A benchmark's name compared loosely: lower case, single spaces, singular
/// ("averages").
fn benchmark_form(name: &str) -> String {
    let mut out = normal(name);
    if let Some(base) = out.strip_suffix("averages") {
        out = format!("{base}average");
    }
    out
}

/// The relation as written up to the benchmark, without a trailing article
/// ("lower than", "in line with"); the relation word alone when the
/// benchmark is further on ("fewer carers (21%) had a break than").
fn phrase(text: &str, relation: Span, benchmark: Span, word: &str) -> String {
    let raw = text.get(relation.start..benchmark.start).unwrap_or("");
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| ["the", "an", "a"].contains(&w.to_ascii_lowercase().as_str()))
    {
        words.pop();
    }
    if words.is_empty() || words.len() > 4 || words.iter().any(|w| w.contains(['(', ')', '%'])) {
        word.to_string()
    } else {
        words.join(" ").to_lowercase()
    }
}

/// A measure as written, on one line and not too long for a message.
fn quoted(text: &str, span: Span) -> String {
    let words: Vec<&str> = span.of(text).split_whitespace().collect();
    let mut out = words.join(" ");
    if out.chars().count() > 100 {
        out = out.chars().take(99).collect::<String>() + "\u{2026}";
    }
    out.replace('`', "'")
}

/// A whole number that looks rounded (a multiple of 100), and the power of
/// ten it is rounded to.
fn rounded_to(value: f64) -> Option<f64> {
    if value < 100.0 || value.fract() != 0.0 {
        return None;
    }
    let mut magnitude = 1.0;
    while (value / (magnitude * 10.0)).fract() == 0.0 && magnitude < 1e12 {
        magnitude *= 10.0;
    }
    (magnitude >= 100.0).then_some(magnitude)
}

/// What a relation says, by the pair of opposites it belongs to: pair 0 is
/// `higher`/`lower`, then each of `opposites`; `true` for the first side.
type Side = (usize, bool);

impl Params {
    fn side(&self, relation: &str) -> Option<Side> {
        let listed = |list: &[String]| list.iter().any(|w| normal(w) == relation);
        if listed(&self.higher) {
            return Some((0, true));
        }
        if listed(&self.lower) {
            return Some((0, false));
        }
        self.opposites.iter().enumerate().find_map(|(i, [a, b])| {
            if listed(a) {
                Some((i + 1, true))
            } else if listed(b) {
                Some((i + 1, false))
            } else {
                None
            }
        })
    }

    fn benchmark_key(&self, name: &str) -> String {
        let form = benchmark_form(name);
        self.benchmark_of.get(&form).cloned().unwrap_or(form)
    }

    fn run_claims(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let Some(words) = &self.measure else {
            return;
        };
        let report = ctx.report;
        if report.claims.len() < 2 {
            return;
        }
        let text = ctx.source.text();
        let mut reader = Reader::new(words, text, report);
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<(Keyed, &ComparisonClaim)> = Vec::new();
        // Where the earlier claims of the current sentence end.
        let mut ends: Vec<usize> = Vec::new();
        let mut ends_in: Option<Span> = None;
        for claim in &report.claims {
            if ends_in != Some(claim.sentence) {
                ends.clear();
                ends_in = Some(claim.sentence);
            }
            let keyed = reader.claim(claim, &ends);
            ends.push(
                claim
                    .benchmark_value_span
                    .map_or(claim.benchmark_span.end, |s| {
                        s.end.max(claim.benchmark_span.end)
                    }),
            );
            let Some(mut keyed) = keyed else {
                continue;
            };
            keyed.key.push('|');
            keyed.key.push_str(&self.benchmark_key(&claim.benchmark));
            match first.entry(keyed.key.clone()) {
                Entry::Vacant(slot) => {
                    slot.insert(kept.len());
                    kept.push((keyed, claim));
                }
                Entry::Occupied(slot) => {
                    let (earlier_keyed, earlier) = &kept[*slot.get()];
                    if earlier_keyed.sentence != keyed.sentence {
                        self.compare_claims(text, (earlier_keyed, earlier), (&keyed, claim), sink);
                    }
                }
            }
        }
    }

    /// Reports where a later claim of the same measure and benchmark
    /// disagrees with the earlier one.
    fn compare_claims(
        &self,
        text: &str,
        (_, e): (&Keyed, &ComparisonClaim),
        (keyed, l): (&Keyed, &ComparisonClaim),
        sink: &mut Sink<'_>,
    ) {
        let (Some(ev), Some(es), Some(lv), Some(ls)) =
            (e.value, e.value_span, l.value, l.value_span)
        else {
            return;
        };
        let measure = quoted(text, keyed.measure);
        let benchmark = one_line(&l.benchmark);
        let (ef, lf) = (es.of(text), ls.of(text));
        if !same_printed(ev, e.value_decimals, lv, l.value_decimals) {
            sink.report(
                format!(
                    "`{measure}` is {lf} here but {ef} in an earlier statement against the same benchmark (the {benchmark})"
                ),
                Label::new(ls, format!("{lf} here")),
                vec![Label::new(es, format!("{ef} earlier"))],
            );
            return;
        }
        let e_bench = e.benchmark_value.zip(e.benchmark_value_span);
        let l_bench = l.benchmark_value.zip(l.benchmark_value_span);
        if let (Some((eb, ebs)), Some((lb, lbs))) = (e_bench, l_bench) {
            if !same_printed(
                eb,
                e.benchmark_value_decimals,
                lb,
                l.benchmark_value_decimals,
            ) {
                let (ebf, lbf) = (ebs.of(text), lbs.of(text));
                sink.report(
                    format!(
                        "the {benchmark} for `{measure}` is {lbf} here but {ebf} in an earlier statement"
                    ),
                    Label::new(lbs, format!("{benchmark} {lbf} here")),
                    vec![Label::new(ebs, format!("{benchmark} {ebf} earlier"))],
                );
                return;
            }
        }
        let (Some(er), Some(ers), Some(lr), Some(lrs)) = (
            e.relation.as_deref(),
            e.relation_span,
            l.relation.as_deref(),
            l.relation_span,
        ) else {
            return;
        };
        let (Some(e_side), Some(l_side)) = (self.side(er), self.side(lr)) else {
            return;
        };
        let (er, lr) = (
            phrase(text, ers, e.benchmark_span, er),
            phrase(text, lrs, l.benchmark_span, lr),
        );
        let (er, lr) = (er.as_str(), lr.as_str());
        if e_side.0 != l_side.0 || e_side.1 == l_side.1 {
            return;
        }
        let both_printed = |c: &ComparisonClaim| c.benchmark_value.is_some();
        let label = |span: Span, relation: &str, when: &str| {
            Label::new(span, format!("says {relation} {when}"))
        };
        if l_side.0 == 0 {
            // The figures may settle which of the two is wrong.
            let bench = l
                .benchmark_value
                .map(|b| (b, l.benchmark_value_decimals))
                .or(e.benchmark_value.map(|b| (b, e.benchmark_value_decimals)));
            let truth = bench.and_then(|(b, db)| order(lv, l.value_decimals, b, db));
            match truth {
                Some(o @ (Ordering::Greater | Ordering::Less)) => {
                    let higher = o == Ordering::Greater;
                    // The statement whose word the figures contradict: when
                    // it prints both figures itself, the comparison rules
                    // report it.
                    let (wrong, wrong_span, right_span, right_rel, wrong_rel) =
                        if l_side.1 != higher {
                            (l, lrs, ers, er, lr)
                        } else {
                            (e, ers, lrs, lr, er)
                        };
                    if both_printed(wrong) {
                        return;
                    }
                    let direction = if higher { "higher" } else { "lower" };
                    sink.report(
                        format!(
                            "`{measure}` ({lf}) is said to be '{wrong_rel}' the {benchmark} here but '{right_rel}' it in another statement, and the figures say {direction}"
                        ),
                        label(wrong_span, wrong_rel, "here"),
                        vec![label(right_span, right_rel, "in the other statement")],
                    );
                    return;
                }
                _ => {
                    if both_printed(l) && both_printed(e) {
                        return;
                    }
                }
            }
        }
        sink.report(
            format!(
                "`{measure}` ({lf}) is said to be '{lr}' the {benchmark} here but '{er}' it in an earlier statement: one of them is wrong"
            ),
            label(lrs, lr, "here"),
            vec![label(ers, er, "earlier")],
        );
    }

    fn run_counts(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let (Some(words), Some(counts)) = (&self.measure, &self.counts) else {
            return;
        };
        let text = ctx.source.text();
        let mut reader = Reader::new(words, text, ctx.report);
        let statements = reader.counts(counts);
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, (keyed, value, span)) in statements.iter().enumerate() {
            let j = match first.entry(keyed.key.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    continue;
                }
                Entry::Occupied(slot) => *slot.get(),
            };
            let (earlier, e_value, e_span) = &statements[j];
            if earlier.sentence == keyed.sentence || e_value == value {
                continue;
            }
            let measure = quoted(text, keyed.measure);
            let (ef, lf) = (e_span.of(text), span.of(text));
            let primary = Label::new(*span, format!("{lf} here"));
            let related = vec![Label::new(*e_span, format!("{ef} earlier"))];
            // "600" where the other says 642: perhaps a rounding.
            let rounding = [(*value, *e_value, lf, ef), (*e_value, *value, ef, lf)]
                .into_iter()
                .find(|(round, other, _, _)| {
                    rounded_to(*round).is_some_and(|m| (other / m).round() * m == *round)
                });
            if let Some((_, _, round, exact)) = rounding {
                sink.report_as(
                    Severity::Note,
                    format!(
                        "`{measure}`: {lf} here but {ef} in an earlier statement; {round} may be {exact} rounded (if so, say \"about {round}\")"
                    ),
                    primary,
                    related,
                );
                continue;
            }
            sink.report(
                format!(
                    "`{measure}`: {lf} here but {ef} in an earlier statement of the same count"
                ),
                primary,
                related,
            );
        }
    }
}
