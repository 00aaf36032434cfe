//! `duplication`: text repeated inside one report (a paragraph pasted twice,
//! a sub-section copied under the next heading), or, over a run of several
//! reports, text that also appears in another report.
//!
//! Text is compared as word shingles: each sentence is normalised to its
//! words (case, punctuation, Markdown emphasis and white space do not count),
//! and every `shingle` consecutive words are hashed.
//!
//! - `compare: within` keeps a map from each shingle that may occur more
//!   than once in the report (a two-bit table tells) to the sentences that
//!   had it. A sentence whose shingles mostly belong to one earlier
//!   sentence repeats it; consecutive repeated sentences whose originals are
//!   consecutive too merge into one passage, and one finding is given per
//!   passage, at the later copy. Linear in the report's length.
//! - `compare: across` runs once per run of reports: every report keeps a
//!   sample of its paragraphs' shingles (one in `sample`, the same ones in
//!   every report) as compact fingerprints, an index of the shingles that
//!   more than one report has gives the first report that had each and the
//!   number of reports, and a paragraph whose sampled shingles mostly belong
//!   to one earlier report was pasted from it. Shingles found in too many
//!   reports of the run are template text. See `across`.
//!
//! Template text that repeats by design is left out by the pack: `scope`
//! (section roles) and `unless` (patterns on sentences).

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde::Deserialize;

use super::Kind;
use crate::family::ScorePlace;
use crate::finding::{Label, Severity};
use crate::model::{ParagraphKind, Report};
use crate::rules::search::scope::{self, AnyPattern, Scope};
use crate::rules::words::mix;
use crate::rules::{Context, CorpusReport, CorpusSink, Digest, Sink};
use crate::span::Span;

mod across;
mod swapped;

pub use swapped::NearSentences;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `within` one report, or `across` the reports of a run.
    #[serde(default)]
    pub compare: Compare,
    /// Where to look; `unit` is not used (sentences are compared within a
    /// report, paragraphs across reports).
    #[serde(default)]
    pub scope: Scope,
    /// Sentences matching any of these are template text: never compared.
    /// (`ignore`, its name before the kinds shared `unless`, is read too.)
    #[serde(default, alias = "ignore")]
    pub unless: AnyPattern,
    /// Its families are now the rule's `applies_to: { except: [...] }`, as
    /// for every kind; still read, to say so.
    #[serde(default)]
    #[schemars(skip)]
    skip_families: Option<Vec<String>>,
    /// Words per shingle.
    #[serde(default = "default_shingle")]
    pub shingle: usize,
    /// Least share of shingles two units must have in common to count as a
    /// repeat: shared / the larger unit's count within a report, shared /
    /// the paragraph's sampled count across reports. 1.0 means the same
    /// words in the same order.
    #[serde(default = "default_similarity")]
    pub min_similarity: f64,
    /// Least number of words of a repeated passage of two or more sentences
    /// (within) or of a pasted run of paragraphs (across).
    pub min_words: usize,
    /// Least number of sentences of a pasted run (across).
    #[serde(default = "default_min_sentences")]
    pub min_sentences: usize,
    /// Within: a lone repeated sentence is reported when it repeats another
    /// word for word and has at least this many words; 0 turns lone
    /// sentences off.
    #[serde(default)]
    pub min_sentence_words: usize,
    /// Within: lone sentences repeated but for one short phrase swapped
    /// ("The local authority has ..." and "The council has ..."); off when
    /// absent.
    #[serde(default)]
    pub near_sentences: Option<NearSentences>,
    /// Within: the severity of a lone repeated sentence, when it is not the
    /// rule's own (a report whose template is unknown cannot tell a summary
    /// that echoes its body from a leftover of an edit).
    #[serde(default)]
    pub sentence_severity: Option<Severity>,
    /// Sections that repeat the body by design (summaries): a repeat with one
    /// end there is reported at this severity instead.
    #[serde(default)]
    pub echo: Option<Echo>,
    /// Across: keep one shingle in this many (the same ones in every report).
    #[serde(default = "default_sample")]
    pub sample: u64,
    /// Across: least number of sampled shingles a run must have, so that its
    /// share is not a guess from a handful.
    #[serde(default = "default_min_samples")]
    pub min_samples: usize,
    /// Across: text that at least this many reports of the run share is
    /// the publisher's template (headings' boilerplate, judgement
    /// definitions, complaints paragraphs), not a paste. Pasting carries a
    /// passage from one report into one other; in 55 published Ofsted
    /// inspections every passage shared by three or more reports was
    /// template text.
    #[serde(default = "default_template_reports")]
    pub template_reports: u32,
    /// Across: the date field (from the family) that orders the reports:
    /// text shared by two reports is reported in the later one. Reports
    /// without the date, or with the same date, follow path order.
    #[serde(default)]
    pub date_field: Option<String>,
}

/// What is compared with what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    #[default]
    Within,
    Across,
}

/// Sections whose text deliberately repeats the rest of the report.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Echo {
    /// Sections, by role, whose text echoes the body.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The text before the first judgement or score of the body echoes it:
    /// templates whose summary has no heading of its own (an Ofsted
    /// inspection's summary sits between its judgement table and its first
    /// judgement section).
    #[serde(default)]
    pub before_body: bool,
    pub severity: Severity,
}

fn default_shingle() -> usize {
    4
}
fn default_similarity() -> f64 {
    0.8
}
fn default_min_sentences() -> usize {
    1
}
fn default_sample() -> u64 {
    4
}
fn default_min_samples() -> usize {
    8
}
fn default_template_reports() -> u32 {
    3
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
        if let Some(families) = &self.skip_families {
            return Err(format!(
                "`skip_families` is now the rule's own `applies_to: {{ except: [{}] }}` (beside `kind:`), as for every kind",
                families.join(", ")
            ));
        }
        if !(1..=16).contains(&self.shingle) {
            return Err("`shingle` must be 1 to 16 words".into());
        }
        if !(self.min_similarity > 0.0 && self.min_similarity <= 1.0) {
            return Err("`min_similarity` must be above 0 and at most 1".into());
        }
        if self.min_words == 0 {
            return Err("`min_words` must be at least 1".into());
        }
        if self.sample == 0 {
            return Err("`sample` must be at least 1".into());
        }
        if let Some(near) = &self.near_sentences {
            near.check()?;
        }
        if self.template_reports < 3 {
            return Err(
                "`template_reports` must be at least 3: text shared by two reports is what the rule looks for"
                    .into(),
            );
        }
        Ok(())
    }
}

impl super::Run for Params {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        if self.compare == Compare::Within {
            self.within(ctx, sink);
        }
    }

    fn digest(&self, ctx: &Context<'_>) -> Option<Digest> {
        if self.compare != Compare::Across {
            return None;
        }
        Some(Box::new(self.paragraph_digest(ctx)))
    }

    fn run_corpus(&self, reports: &[CorpusReport<'_>], sink: &mut CorpusSink<'_>) {
        if self.compare == Compare::Across {
            self.across(reports, sink);
        }
    }
}

/// A pass-through hasher: the keys are already well-mixed hashes.
#[derive(Default)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FastMap<V> = HashMap<u64, V, BuildHasherDefault<Passthrough>>;

/// One hash of a sequence of word hashes (each already mixed): the words
/// rotated by their position, so order counts, and mixed once.
fn combine(words: &[u64]) -> u64 {
    let mut h = words.len() as u64;
    for (i, &w) in words.iter().enumerate() {
        h ^= w.rotate_left((i as u32 * 23) % 64);
    }
    mix(h)
}

/// Rotation of the word at position `i` of a shingle (see `combine`).
const fn rotation(i: usize) -> u32 {
    ((i * 23) % 64) as u32
}

/// The hash (`combine`) of every `k` consecutive words, in order, or of all
/// the words when there are fewer than `k`. Each next one is had from the
/// one before by taking out its first word and adding a word at the end
/// (a rotation is linear in XOR), not by hashing `k` words again.
#[derive(Clone)]
struct Shingles<'a> {
    words: &'a [u64],
    k: usize,
    /// The next window's start.
    at: usize,
    /// The current window's value before mixing.
    before_mix: u64,
}

fn shingles_of(words: &[u64], k: usize) -> Shingles<'_> {
    Shingles {
        words,
        k,
        at: 0,
        before_mix: 0,
    }
}

impl Iterator for Shingles<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let (words, k, at) = (self.words, self.k, self.at);
        if at == 0 {
            if words.is_empty() {
                return None;
            }
            let first = words.get(..k).unwrap_or(words);
            self.before_mix = first
                .iter()
                .enumerate()
                .fold(first.len() as u64, |h, (i, &w)| {
                    h ^ w.rotate_left(rotation(i))
                });
        } else {
            let (Some(&out), Some(&new)) = (words.get(at - 1), words.get(at + k - 1)) else {
                return None;
            };
            let len = k as u64;
            self.before_mix = (self.before_mix ^ len ^ out).rotate_right(rotation(1))
                ^ new.rotate_left(rotation(k - 1))
                ^ len;
        }
        self.at += 1;
        Some(mix(self.before_mix))
    }
}

/// The shingles of a report that may occur in it more than once.
///
/// Most shingles of a report occur once. One of those can match nothing
/// before it and nothing after it, so it needs no place in the map from
/// shingles to sentences; keeping it out leaves that map small enough to
/// stay in the processor's cache. Two bits per slot, "seen" and "seen
/// again", at the shingle's low bits: a slot two shingles share by chance
/// only lets a single shingle in, and never keeps a repeated one out.
struct Repeated {
    /// Per 64 slots: the "seen" bits and the "seen again" bits, side by
    /// side so that one cache line holds both.
    slots: Vec<[u64; 2]>,
    mask: u64,
    /// Shingles that pass, counted with their repeats.
    passing: usize,
}

impl Repeated {
    fn new(shingles: &[u64]) -> Self {
        // About one shingle in eight slots: a few chance sharings, and
        // bits small enough for the first-level cache.
        let slots = (shingles.len() * 8).next_power_of_two().max(1 << 12);
        let mut repeated = Repeated {
            slots: vec![[0; 2]; slots / 64],
            mask: slots as u64 - 1,
            passing: 0,
        };
        for &shingle in shingles {
            let (word, bit) = repeated.slot(shingle);
            if let Some([seen, again]) = repeated.slots.get_mut(word) {
                *again |= *seen & bit;
                *seen |= bit;
            }
        }
        repeated.passing = shingles
            .iter()
            .filter(|&&s| repeated.may_contain(s))
            .count();
        repeated
    }

    fn slot(&self, shingle: u64) -> (usize, u64) {
        let at = shingle & self.mask;
        ((at / 64) as usize, 1 << (at % 64))
    }

    fn may_contain(&self, shingle: u64) -> bool {
        let (word, bit) = self.slot(shingle);
        self.slots
            .get(word)
            .is_some_and(|[_, again]| again & bit != 0)
    }

    fn len(&self) -> usize {
        self.passing
    }
}

/// A sentence compared within a report.
struct Unit {
    span: Span,
    paragraph: usize,
    /// Index into the report's sentences.
    sentence: usize,
    words: usize,
    /// The hash of all its words.
    whole: u64,
}

/// Repeated sentences: `copy` units `first..=last` repeat `original`
/// units `ofirst..=olast`.
#[derive(Debug)]
struct Run {
    first: usize,
    last: usize,
    ofirst: usize,
    olast: usize,
    exact: bool,
}

impl Params {
    /// Whether the shingle `hash` is one of the one in `sample` kept across
    /// reports (a mask when `sample` is a power of two: no division per
    /// shingle).
    fn sampled(&self, hash: u64) -> bool {
        if self.sample.is_power_of_two() {
            hash & (self.sample - 1) == 0
        } else {
            hash.is_multiple_of(self.sample)
        }
    }

    /// Sentences in scope and not ignored, in document order, with their
    /// words. Table rows are not prose and are left out. Read once for the
    /// rules with the same scope and exclusions (the repeats within a
    /// report and those from another report).
    fn units(&self, ctx: &Context<'_>) -> Arc<Vec<Unit>> {
        let key = (self.scope.clone(), self.unless.sources());
        ctx.shared(key, || self.read_units(ctx))
    }

    fn read_units(&self, ctx: &Context<'_>) -> Vec<Unit> {
        let report = ctx.report;
        let words = ctx.sentence_words();
        // Sentences whatever the scope's unit: shingles are of sentences.
        let sentences = self.scope.by(scope::Unit::Sentence);
        let kept = sentences.read(ctx).excluding(ctx, &self.unless);
        let mut units = Vec::with_capacity(kept.len());
        for unit in kept {
            let (index, Some(sentence)) = (unit.index, report.sentences.get(unit.index)) else {
                continue;
            };
            if report
                .paragraphs
                .get(sentence.paragraph)
                .is_none_or(|p| p.kind == ParagraphKind::TableRow)
            {
                continue;
            }
            let hashes = words.of(index);
            if hashes.is_empty() {
                continue;
            }
            units.push(Unit {
                span: sentence.span,
                paragraph: sentence.paragraph,
                sentence: index,
                words: hashes.len(),
                whole: combine(hashes),
            });
        }
        units
    }

    /// For each unit, the earlier unit it repeats and whether word for word.
    ///
    /// Exact repeats are found by the hash of all the words; near repeats by
    /// shingles, each of which keeps a chain of the units that had it (the
    /// latest `MAX_CHAIN` are read, so a common phrase costs no more).
    fn matches(&self, ctx: &Context<'_>, units: &[Unit]) -> Vec<Option<(usize, bool)>> {
        const MAX_CHAIN: usize = 8;
        const NONE: u32 = u32::MAX;
        let words = ctx.sentence_words();
        // The shingles of every unit, computed once: unit `i` has
        // `shingles[bounds[i]..bounds[i + 1]]`.
        let mut shingles: Vec<u64> = Vec::new();
        let mut bounds: Vec<usize> = Vec::with_capacity(units.len() + 1);
        for unit in units {
            bounds.push(shingles.len());
            shingles.extend(shingles_of(words.of(unit.sentence), self.shingle));
        }
        bounds.push(shingles.len());
        let repeated = Repeated::new(&shingles);
        let mut whole: FastMap<u32> =
            FastMap::with_capacity_and_hasher(units.len(), Default::default());
        // shingle -> latest occurrence; occurrences: (unit, previous occurrence).
        let total = repeated.len();
        let mut latest: FastMap<u32> = FastMap::with_capacity_and_hasher(total, Default::default());
        let mut occurrences: Vec<(u32, u32)> = Vec::with_capacity(total);
        // Distinct shingles of each unit.
        let mut distinct: Vec<u32> = Vec::with_capacity(units.len());
        let mut out = Vec::with_capacity(units.len());
        let mut candidates: Vec<u32> = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            let i32 = i as u32;
            let exact = match whole.entry(unit.whole) {
                Entry::Occupied(first) => Some(*first.get()),
                Entry::Vacant(slot) => {
                    slot.insert(i32);
                    None
                }
            };
            // One hash map step per shingle: read the chain of the units that
            // had it, then put this unit at its head.
            candidates.clear();
            let mut count = 0;
            let own = match (bounds.get(i), bounds.get(i + 1)) {
                (Some(&from), Some(&to)) => shingles.get(from..to).unwrap_or_default(),
                _ => &[],
            };
            for &shingle in own {
                if !repeated.may_contain(shingle) {
                    // Once in the report: nothing earlier had it and nothing
                    // later will look it up.
                    count += 1;
                    continue;
                }
                let head = latest.entry(shingle).or_insert(NONE);
                // A shingle twice in one sentence counts once.
                if occurrences
                    .get(*head as usize)
                    .is_some_and(|&(j, _)| j == i32)
                {
                    continue;
                }
                count += 1;
                if exact.is_none() {
                    let mut at = *head;
                    let mut read = 0;
                    while let Some(&(j, previous)) = occurrences.get(at as usize) {
                        if read == MAX_CHAIN {
                            break;
                        }
                        candidates.push(j);
                        read += 1;
                        at = previous;
                    }
                }
                occurrences.push((i32, *head));
                *head = (occurrences.len() - 1) as u32;
            }
            distinct.push(count);
            if let Some(j) = exact {
                out.push(Some((j as usize, true)));
                continue;
            }
            candidates.sort_unstable();
            let mut best: Option<(u32, usize)> = None;
            for group in candidates.chunk_by(|a, b| a == b) {
                let (j, shared) = (group[0], group.len());
                if best.is_none_or(|(_, n)| shared > n) {
                    best = Some((j, shared));
                }
            }
            out.push(best.and_then(|(j, shared)| {
                let larger = count.max(*distinct.get(j as usize)?);
                let similarity = shared as f64 / f64::from(larger);
                (similarity + 1e-9 >= self.min_similarity).then_some((j as usize, false))
            }));
        }
        out
    }

    fn within(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let units: &[Unit] = &self.units(ctx);
        let matches = self.matches(ctx, units);
        let mut runs: Vec<Run> = Vec::new();
        for (i, found) in matches.iter().enumerate() {
            let Some((j, exact)) = *found else {
                continue;
            };
            // Carry on the previous run across at most one changed sentence
            // on either side.
            if let Some(run) = runs.last_mut() {
                let step = i - run.last;
                // Only across neighbouring paragraphs: not over a section the
                // scope leaves out.
                let near = |a: usize, b: usize| {
                    let (pa, pb) = (units[a].paragraph, units[b].paragraph);
                    pb >= pa && pb - pa <= 1
                };
                if (1..=2).contains(&step)
                    && j > run.olast
                    && j - run.olast <= 2
                    && j < i
                    && near(run.last, i)
                    && near(run.olast, j)
                {
                    run.last = i;
                    run.olast = j;
                    run.exact &= exact && step == 1;
                    continue;
                }
            }
            // A sentence shorter than a shingle ("31.", "Good.") repeats by
            // chance: it carries a passage on but does not start one.
            if units[i].words < self.shingle {
                continue;
            }
            runs.push(Run {
                first: i,
                last: i,
                ofirst: j,
                olast: j,
                exact,
            });
        }
        // Units already in a reported repeat are not reported again as a
        // swap.
        let mut reported = vec![false; units.len()];
        for run in &runs {
            if self.report_run(ctx, sink, units, run) {
                for flag in reported.get_mut(run.first..=run.last).unwrap_or_default() {
                    *flag = true;
                }
            }
        }
        if let Some(near) = &self.near_sentences {
            let exact: Vec<bool> = matches
                .iter()
                .map(|m| m.is_some_and(|(_, exact)| exact))
                .collect();
            let text = ctx.source.text();
            for swap in swapped::find(near, ctx.sentence_words(), text, units, &exact) {
                if !reported.get(swap.copy).copied().unwrap_or(true) {
                    self.report_swap(ctx, sink, units, swap);
                }
            }
        }
    }

    /// One sentence repeated but for a phrase.
    fn report_swap(
        &self,
        ctx: &Context<'_>,
        sink: &mut Sink<'_>,
        units: &[Unit],
        swap: swapped::Swap,
    ) {
        let (Some(copy), Some(original)) = (units.get(swap.copy), units.get(swap.original)) else {
            return;
        };
        let text = ctx.source.text();
        // Both phrases have words: a swap replaces one phrase by another.
        let quote = |unit: &Unit| {
            format!(
                "\"{}\"",
                swapped::phrase(text, unit, swap.prefix, swap.suffix)
            )
        };
        let (new, old) = (quote(copy), quote(original));
        let line = ctx.source.position(original.span.start).line;
        let place = if copy.paragraph == original.paragraph {
            " in the same paragraph"
        } else {
            ""
        };
        let message = format!(
            "this sentence repeats the sentence at line {line}{place} but for {new} where it has {old}"
        );
        let related = vec![Label::new(
            original.span,
            format!("first written here, with {old}"),
        )];
        let primary = Label::new(copy.span, format!("repeated, with {new}"));
        self.report_repeat(
            ctx,
            sink,
            [copy.paragraph, original.paragraph],
            true,
            message,
            primary,
            related,
        );
    }

    /// Reports a run of repeated sentences when it is long enough or word
    /// for word; whether it did.
    fn report_run(
        &self,
        ctx: &Context<'_>,
        sink: &mut Sink<'_>,
        units: &[Unit],
        run: &Run,
    ) -> bool {
        let (Some(copy), Some(original)) = (
            units.get(run.first..=run.last),
            units.get(run.ofirst..=run.olast),
        ) else {
            return false;
        };
        let (Some(first), Some(last), Some(ofirst), Some(olast)) =
            (copy.first(), copy.last(), original.first(), original.last())
        else {
            return false;
        };
        let words: usize = copy.iter().map(|u| u.words).sum();
        let sentences = copy.len();
        // A passage long enough, or a short repeat word for word.
        let long = sentences > 1 && words >= self.min_words;
        let exact = run.exact && self.min_sentence_words > 0 && words >= self.min_sentence_words;
        if !long && !exact {
            return false;
        }
        let report = ctx.report;
        let source = ctx.source;
        let span = Span::new(first.span.start, last.span.end);
        let ospan = Span::new(ofirst.span.start, olast.span.end);
        let line = |offset: usize| source.position(offset).line;
        let (oline, oline_end) = (line(ospan.start), line(ospan.end));
        let lines = if oline == oline_end {
            format!("line {oline}")
        } else {
            format!("lines {oline}-{oline_end}")
        };
        let how = if run.exact {
            "word for word".to_string()
        } else {
            "nearly word for word".to_string()
        };
        let paragraphs = last.paragraph - first.paragraph + 1;
        let whole_paragraphs =
            starts_paragraph(units, run.first) && ends_paragraph(units, run.last);
        let what = if sentences == 1 {
            format!("this sentence repeats {how} the sentence at")
        } else if whole_paragraphs && paragraphs > 1 {
            format!("these {paragraphs} paragraphs ({words} words) repeat {how}")
        } else if whole_paragraphs {
            format!("this paragraph ({words} words) repeats {how}")
        } else {
            format!("this passage ({sentences} sentences, {words} words) repeats {how}")
        };
        let section_name = |paragraph: usize| {
            report
                .paragraphs
                .get(paragraph)
                .and_then(|p| p.section)
                .and_then(|s| report.sections.get(s))
                .and_then(|s| report.headings.get(s.heading))
                .map(|h| h.text.clone())
        };
        let copy_section = report
            .paragraphs
            .get(first.paragraph)
            .and_then(|p| p.section);
        let whole_section = whole_paragraphs
            && paragraphs > 1
            && copy_section.is_some()
            && (first.paragraph..=last.paragraph)
                .all(|p| report.paragraphs.get(p).and_then(|p| p.section) == copy_section)
            && section_is_exactly(report, copy_section, first.paragraph, last.paragraph);
        // Where the original is, when not in the copy's own section.
        let place = if first.paragraph == ofirst.paragraph {
            " in the same paragraph".to_string()
        } else {
            match section_name(ofirst.paragraph) {
                Some(name) if section_name(first.paragraph).as_ref() != Some(&name) => {
                    format!(" (section `{name}`)")
                }
                _ => String::new(),
            }
        };
        let message = if whole_section {
            format!(
                "the whole of section `{}` ({paragraphs} paragraphs, {words} words) repeats {how} {lines}{place}",
                section_name(first.paragraph).unwrap_or_default()
            )
        } else {
            format!("{what} {lines}{place}")
        };
        let related = vec![Label::new(ospan, "first written here")];
        self.report_repeat(
            ctx,
            sink,
            [first.paragraph, ofirst.paragraph],
            sentences == 1,
            message,
            Label::new(span, "repeated"),
            related,
        );
        true
    }

    /// Reports a repeat at the rule's severity, or at the echo's when one
    /// end is in a summary that repeats the body by design, or at
    /// `sentence_severity` for a lone sentence.
    #[allow(clippy::too_many_arguments)]
    fn report_repeat(
        &self,
        ctx: &Context<'_>,
        sink: &mut Sink<'_>,
        paragraphs: [usize; 2],
        lone_sentence: bool,
        mut message: String,
        primary: Label,
        related: Vec<Label>,
    ) {
        let report = ctx.report;
        let echoed = self.echo.as_ref().filter(|echo| {
            paragraphs.iter().any(|&p| {
                in_roles(report, p, &echo.roles) || (echo.before_body && before_body(report, p))
            })
        });
        let lone = lone_sentence.then_some(self.sentence_severity).flatten();
        match (echoed, lone) {
            (Some(echo), _) => {
                message.push_str(
                    "; the summary repeats the body by design, check the two still say the same",
                );
                sink.report_as(echo.severity, message, primary, related);
            }
            (None, Some(severity)) => {
                message.push_str(
                    "; a summary may repeat the body on purpose, check the two still say the same",
                );
                sink.report_as(severity, message, primary, related);
            }
            (None, None) => sink.report(message, primary, related),
        }
    }
}

fn starts_paragraph(units: &[Unit], i: usize) -> bool {
    i == 0 || units.get(i - 1).map(|u| u.paragraph) != units.get(i).map(|u| u.paragraph)
}

fn ends_paragraph(units: &[Unit], i: usize) -> bool {
    units.get(i + 1).map(|u| u.paragraph) != units.get(i).map(|u| u.paragraph)
}

/// Whether paragraphs `first..=last` are all the running text whose
/// innermost section is `section`.
fn section_is_exactly(report: &Report, section: Option<usize>, first: usize, last: usize) -> bool {
    report
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.section == section && p.kind != ParagraphKind::TableRow)
        .all(|(i, _)| (first..=last).contains(&i))
}

/// Whether paragraph `p` lies in a section with one of `roles`, or under one.
/// Whether paragraph `p` comes before the body's first score or judgement
/// (false when the body has none: then nothing marks where a summary ends).
fn before_body(report: &Report, p: usize) -> bool {
    let body = report
        .scores
        .iter()
        .filter(|s| s.place == Some(ScorePlace::Body))
        .map(|s| s.line_span.start)
        .min();
    match (body, report.paragraphs.get(p)) {
        (Some(body), Some(paragraph)) => paragraph.span.start < body,
        _ => false,
    }
}

fn in_roles(report: &Report, p: usize, roles: &[String]) -> bool {
    let mut section = report.paragraphs.get(p).and_then(|p| p.section);
    while let Some(s) = section {
        let Some(sec) = report.sections.get(s) else {
            return false;
        };
        if report
            .headings
            .get(sec.heading)
            .and_then(|h| h.role.as_deref())
            .is_some_and(|r| roles.iter().any(|x| x == r))
        {
            return true;
        }
        section = sec.parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::words::word_hashes as hashes;

    #[test]
    fn every_shingle_met_twice_may_repeat() {
        // Well-mixed values as shingles are: 5000 distinct, then 300 of
        // them again, in a different order.
        let once: Vec<u64> = (1..=5000u64).map(mix).collect();
        let again: Vec<u64> = once.iter().rev().step_by(17).copied().collect();
        let all: Vec<u64> = once.iter().chain(&again).copied().collect();
        let repeated = Repeated::new(&all);
        assert!(again.iter().all(|&s| repeated.may_contain(s)));
        // Few shingles met once pass by chance, and they are counted.
        let passing = all.iter().filter(|&&s| repeated.may_contain(s)).count();
        assert_eq!(repeated.len(), passing);
        assert!(passing < 2 * again.len() + once.len() / 10, "{passing}");
    }

    #[test]
    fn shingles_of_short_and_long_word_lists() {
        assert_eq!(shingles_of(&hashes("one two three"), 4).count(), 1);
        assert_eq!(shingles_of(&hashes("a b c d e f"), 4).count(), 3);
        assert_eq!(shingles_of(&[], 4).count(), 0);
    }

    #[test]
    fn rolled_shingles_are_the_combined_windows() {
        let w = hashes("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty");
        for k in 1..=16 {
            for len in 0..w.len() {
                let words = &w[..len];
                let expected: Vec<u64> = if len < k {
                    words.get(..1).map(|_| combine(words)).into_iter().collect()
                } else {
                    words.windows(k).map(combine).collect()
                };
                assert_eq!(
                    shingles_of(words, k).collect::<Vec<_>>(),
                    expected,
                    "k {k}, {len} words"
                );
            }
        }
    }
}
