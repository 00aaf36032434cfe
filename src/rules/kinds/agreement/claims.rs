//! `claim-agreement`: a figure compared with a benchmark, stated twice for
//! the same measure and the same benchmark (the summary and the body, two
//! sections): the figures, the benchmark's figures and the direction must
//! agree.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;

use foldhash::HashMap;
use serde::Deserialize;

use super::{normal, quoted};
use crate::finding::Label;
use crate::model::quantities::ComparisonClaim;
use crate::rules::figure::{order, same_printed};
use crate::rules::kinds::{Kind, Run};
use crate::rules::measure::{Keyed, MeasureSets, MeasureWords, Reader};
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The word lists that key a figure by what it measures.
    pub measure: MeasureWords,
    /// Benchmark names that stand for one benchmark ("national average" for
    /// "England average"); any other name is its own benchmark.
    #[serde(default)]
    pub benchmarks: Vec<BenchmarkName>,
    /// Relations saying the figure is above the benchmark.
    #[serde(default)]
    pub higher: Vec<String>,
    /// Relations saying the figure is below the benchmark.
    #[serde(default)]
    pub lower: Vec<String>,
    /// Other pairs of opposite relations ("better" and "worse"), which the
    /// figures alone cannot settle.
    #[serde(default)]
    pub opposites: Vec<[Vec<String>; 2]>,
}

/// A rule of this kind: its parameters with each benchmark form (normalised)
/// mapped to the benchmark it stands for.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    /// The measure's word lists as sets.
    sets: MeasureSets,
    benchmark_of: HashMap<String, String>,
}

/// A benchmark and the other names it goes by.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkName {
    pub name: String,
    #[serde(default)]
    pub forms: Vec<String>,
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        let sets = self.measure.sets()?;
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
        let mut benchmark_of = HashMap::default();
        for benchmark in &self.benchmarks {
            let name = benchmark_form(&benchmark.name);
            benchmark_of.insert(name.clone(), name.clone());
            for form in &benchmark.forms {
                benchmark_of.insert(benchmark_form(form), name.clone());
            }
        }
        Ok(Rule {
            params: self,
            sets,
            benchmark_of,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let words = &self.params.measure;
        let report = ctx.report;
        if report.claims.len() < 2 {
            return;
        }
        let text = ctx.source.text();
        let mut reader = Reader::new((words, &self.sets), text, report);
        let mut first: HashMap<String, usize> = HashMap::default();
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

/// What a relation says, by the pair of opposites it belongs to: pair 0 is
/// `higher`/`lower`, then each of `opposites`; `true` for the first side.
type Side = (usize, bool);

impl Rule {
    fn side(&self, relation: &str) -> Option<Side> {
        let listed = |list: &[String]| list.iter().any(|w| normal(w) == relation);
        if listed(&self.params.higher) {
            return Some((0, true));
        }
        if listed(&self.params.lower) {
            return Some((0, false));
        }
        self.params
            .opposites
            .iter()
            .enumerate()
            .find_map(|(i, [a, b])| {
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
}
