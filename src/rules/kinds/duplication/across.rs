//! `compare: across`: what each report keeps of its paragraphs (its digest,
//! kept for the whole run, so kept small) and the step over the run.
//!
//! A digest holds each sampled shingle once per paragraph that has it, as
//! a fingerprint (the top 41 bits of its hash) with its paragraph, sorted,
//! in 4 bytes: the top 9 bits of the fingerprint are implied by a table of
//! where each value starts, and the paragraph number takes the low bits (9
//! for a report of up to 512 paragraphs, leaving 32 bits of fingerprint).
//! Fingerprints are compared to the bits that every digest of the run has:
//! one report of many paragraphs narrows the comparison for the whole run
//! (29 bits with a report of 4096 paragraphs, 25 with one of 65536), which
//! makes the chance matches described next more frequent in that run.
//! Two shingles that share a fingerprint count as one, which can shift a
//! count by one, never make a finding by itself (a finding needs most of a
//! run's samples in one other report): over a 1000-report run of distinct
//! text (2.5 million distinct sampled shingles) about 700 pairs do, out of
//! the 3.8 million shingles sampled; a shingle of a pasted run is one of
//! them about once in 1700. Each byte more per entry would make that 256
//! times rarer and cost 3.8 MB on such a run.
//!
//! The step over the run finds the shingles that more than one report has
//! (most have one: the index holds only the others) by merging the reports'
//! sorted digests one fingerprint range at a time, then checks each report
//! against the index.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::{shingles_of, Params};
use crate::finding::Label;
use crate::model::dates::Date;
use crate::rules::{Context, CorpusReport, CorpusSink};
use crate::span::Span;

/// Bits of a shingle hash kept as its fingerprint (the high ones: `sample`
/// picks shingles by the low ones).
const FINGERPRINT_BITS: u32 = 41;
/// High bits of a fingerprint given by the range it is stored in.
const RANGE_BITS: u32 = 9;
const RANGES: usize = 1 << RANGE_BITS;
/// Bits of an entry: the fingerprint below the range bits, its low bits
/// given up to the paragraph number.
const ENTRY_BITS: u32 = FINGERPRINT_BITS - RANGE_BITS;
const ENTRY_BYTES: usize = ENTRY_BITS as usize / 8;
const _: () = assert!(ENTRY_BITS.is_multiple_of(8) && ENTRY_BYTES <= 8 && RANGE_BITS <= 16);

fn fingerprint(hash: u64) -> u64 {
    hash >> (64 - FINGERPRINT_BITS)
}

/// One paragraph of a report, as kept for the comparison across reports.
#[derive(Debug, Clone, Copy)]
struct Para {
    /// Index into the report's paragraphs.
    index: u32,
    start: u32,
    end: u32,
    words: u32,
    sentences: u32,
}

impl Para {
    fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// What a report keeps for the comparison across reports.
#[derive(Debug)]
pub(super) struct ParaDigest {
    paras: Box<[Para]>,
    /// Bits of an entry that hold its paragraph (enough for `paras`).
    para_bits: u32,
    /// Where the entries whose fingerprints have top bits `t` start; one
    /// more at the end.
    starts: Starts,
    /// One entry per sampled shingle and paragraph that has it, sorted, of
    /// `ENTRY_BYTES` little-endian bytes: the fingerprint below its top bits
    /// with the low `para_bits` bits replaced by the paragraph (index into
    /// `paras`).
    entries: Box<[u8]>,
    /// The report's date, from `date_field`.
    date: Option<Date>,
}

impl ParaDigest {
    fn len(&self) -> usize {
        self.entries.len() / ENTRY_BYTES
    }

    fn entry(&self, i: usize) -> u64 {
        let mut bytes = [0u8; 8];
        if let (Some(to), Some(from)) = (
            bytes.get_mut(..ENTRY_BYTES),
            self.entries.get(i * ENTRY_BYTES..(i + 1) * ENTRY_BYTES),
        ) {
            to.copy_from_slice(from);
        }
        u64::from_le_bytes(bytes)
    }

    fn para_of_entry(&self, entry: u64) -> usize {
        (entry & ((1 << self.para_bits) - 1)) as usize
    }

    /// The range of entries whose fingerprints have top bits `top`.
    fn range(&self, top: usize) -> std::ops::Range<usize> {
        let at = |t: usize| self.starts.get(t).unwrap_or(self.len());
        at(top)..at(top + 1)
    }

    /// The first paragraph that has a shingle whose fingerprint is `key`
    /// to `width` bits.
    fn paragraph_of(&self, key: u64, width: u32) -> Option<usize> {
        let low_bits = width - RANGE_BITS;
        let top = (key >> low_bits) as usize;
        let low = key & ((1 << low_bits) - 1);
        let shift = ENTRY_BITS - low_bits;
        let range = self.range(top);
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry(mid) >> shift < low {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Entries that agree to `width` bits may differ below it, so their
        // paragraphs are not in order.
        (lo..range.end)
            .map(|i| self.entry(i))
            .take_while(|e| e >> shift == low)
            .map(|e| self.para_of_entry(e))
            .min()
    }

    /// Each paragraph's fingerprints to `width` bits, in paragraph order,
    /// each paragraph's sorted and distinct: `(fingerprints, starts)` with
    /// paragraph `p` at `starts[p]..starts[p + 1]`.
    fn by_paragraph(&self, width: u32) -> (Vec<u64>, Vec<u32>) {
        let shift = FINGERPRINT_BITS - width;
        let mut starts = vec![0u32; self.paras.len() + 1];
        for i in 0..self.len() {
            if let Some(s) = starts.get_mut(self.para_of_entry(self.entry(i)) + 1) {
                *s += 1;
            }
        }
        for p in 1..starts.len() {
            starts[p] += starts[p - 1];
        }
        let mut next = starts.clone();
        let mut out = vec![0u64; self.len()];
        for top in 0..RANGES {
            for i in self.range(top) {
                let entry = self.entry(i);
                let key = (((top as u64) << ENTRY_BITS) | entry) >> shift;
                if let Some(at) = next.get_mut(self.para_of_entry(entry)) {
                    if let Some(slot) = out.get_mut(*at as usize) {
                        *slot = key;
                    }
                    *at += 1;
                }
            }
        }
        // Shingles told apart only by the bits below `width` count once.
        let mut fingerprints = Vec::with_capacity(out.len());
        let mut distinct = vec![0u32; starts.len()];
        for p in 0..self.paras.len() {
            let from = fingerprints.len();
            let mut previous = None;
            for &key in out
                .get(starts[p] as usize..starts[p + 1] as usize)
                .unwrap_or_default()
            {
                if previous != Some(key) {
                    fingerprints.push(key);
                    previous = Some(key);
                }
            }
            distinct[p] = from as u32;
            distinct[p + 1] = fingerprints.len() as u32;
        }
        (fingerprints, distinct)
    }
}

/// Where the entries of each range of fingerprints start in a digest, in
/// two bytes each unless the digest has more entries than that counts.
#[derive(Debug)]
enum Starts {
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Starts {
    fn get(&self, range: usize) -> Option<usize> {
        match self {
            Starts::Narrow(starts) => starts.get(range).map(|&s| usize::from(s)),
            Starts::Wide(starts) => starts.get(range).map(|&s| s as usize),
        }
    }
}

/// A digest's `(fingerprint, paragraph)` pairs as its range starts and
/// entries (see `ParaDigest::entries`), sorted, each pair once.
fn pack(pairs: Vec<(u64, u32)>, para_bits: u32) -> (Starts, Box<[u8]>) {
    let rest = (1u64 << ENTRY_BITS) - 1;
    let top_of = |fp: u64| ((fp >> ENTRY_BITS) as usize).min(RANGES - 1);
    // Entries placed by their top bits first (a counting sort), then each
    // range sorted on its own: a few entries per range, not one sort of all.
    let mut next = vec![0usize; RANGES + 1];
    for &(fp, _) in &pairs {
        if let Some(count) = next.get_mut(top_of(fp) + 1) {
            *count += 1;
        }
    }
    for top in 1..next.len() {
        next[top] += next[top - 1];
    }
    let bounds = next.clone();
    let mut placed = vec![0u64; pairs.len()];
    for &(fp, p) in &pairs {
        if let Some(at) = next.get_mut(top_of(fp)) {
            if let Some(slot) = placed.get_mut(*at) {
                *slot = (fp & rest) >> para_bits << para_bits | u64::from(p);
            }
            *at += 1;
        }
    }
    drop(pairs);
    let mut starts = Vec::with_capacity(RANGES + 1);
    let mut entries: Vec<u8> = Vec::with_capacity(placed.len() * ENTRY_BYTES);
    let mut kept = 0usize;
    for top in 0..RANGES {
        starts.push(kept as u32);
        let range = placed
            .get_mut(bounds[top]..bounds[top + 1])
            .unwrap_or_default();
        range.sort_unstable();
        let mut previous = None;
        for &entry in range.iter() {
            if previous != Some(entry) {
                entries.extend(entry.to_le_bytes().into_iter().take(ENTRY_BYTES));
                kept += 1;
                previous = Some(entry);
            }
        }
    }
    starts.push(kept as u32);
    let starts = match u16::try_from(kept) {
        Ok(_) => Starts::Narrow(starts.iter().map(|&s| s as u16).collect()),
        Err(_) => Starts::Wide(starts.into_boxed_slice()),
    };
    (starts, entries.into_boxed_slice())
}

impl Params {
    /// Each paragraph in scope with its words, sentences and sampled
    /// shingles (over the words of its sentences that are not ignored).
    pub(super) fn paragraph_digest(&self, ctx: &Context<'_>) -> ParaDigest {
        let date = self
            .date_field
            .as_ref()
            .and_then(|f| ctx.report.fields.get(f))
            .and_then(|f| f.date);
        let mut paras = Vec::new();
        // (fingerprint, paragraph) of every sampled shingle.
        let mut entries: Vec<(u64, u32)> = Vec::new();
        // Offsets are kept in 32 bits: a report past 4 GiB is not compared.
        if u32::try_from(ctx.source.text().len()).is_ok() {
            let units = self.units(ctx);
            let words = ctx.sentence_words();
            let mut words_of = Vec::new();
            let mut index = 0;
            while index < units.len() {
                let paragraph = units[index].paragraph;
                let start = index;
                while index < units.len() && units[index].paragraph == paragraph {
                    index += 1;
                }
                let group = &units[start..index];
                let (Some(first), Some(last)) = (group.first(), group.last()) else {
                    continue;
                };
                words_of.clear();
                for unit in group {
                    words_of.extend_from_slice(words.of(unit.sentence));
                }
                // A paragraph shorter than a shingle (a rating, a name)
                // carries no evidence of pasting.
                if words_of.len() < self.shingle {
                    continue;
                }
                // A shingle twice in the paragraph is kept once: see the
                // `dedup` below.
                let p = paras.len() as u32;
                entries.extend(
                    shingles_of(&words_of, self.shingle)
                        .filter(|&h| self.sampled(h))
                        .map(|h| (fingerprint(h), p)),
                );
                paras.push(Para {
                    index: paragraph as u32,
                    start: first.span.start as u32,
                    end: last.span.end as u32,
                    words: words_of.len() as u32,
                    sentences: group.len() as u32,
                });
            }
        }
        // (top bits, entry) of each: see `ParaDigest::entries`.
        let para_bits = u32::BITS - (paras.len().saturating_sub(1) as u32).leading_zeros();
        let (starts, entries) = pack(entries, para_bits);
        ParaDigest {
            starts,
            entries,
            para_bits,
            paras: paras.into_boxed_slice(),
            date,
        }
    }

    pub(super) fn across(&self, reports: &[CorpusReport<'_>], sink: &mut CorpusSink<'_>) {
        let digests: Vec<Option<&ParaDigest>> = reports
            .iter()
            .map(|r| r.digest.downcast_ref::<ParaDigest>())
            .collect();
        let n = digests.iter().flatten().count();
        if n < 2 {
            return;
        }
        // Reports in date order (undated ones last), then in run order.
        let mut order: Vec<usize> = (0..digests.len()).collect();
        order.sort_by_key(|&r| {
            let date = digests.get(r).copied().flatten().and_then(|d| d.date);
            (date.is_none(), date, r)
        });
        // Fingerprints are compared to the bits every digest has.
        let width = digests
            .iter()
            .flatten()
            .map(|d| FINGERPRINT_BITS - d.para_bits)
            .min()
            .unwrap_or(FINGERPRINT_BITS)
            .max(RANGE_BITS);
        let corpus = Corpus {
            index: Index::build(&digests, &order, width),
            digests,
            width,
        };
        // For each report, its runs of paragraphs found in an earlier report.
        let found: Vec<Vec<Pasted>> = corpus
            .digests
            .par_iter()
            .enumerate()
            .map(|(r, digest)| match digest {
                Some(digest) => self.pasted(r, digest, &corpus),
                None => Vec::new(),
            })
            .collect();
        for (r, pasted) in found.into_iter().enumerate() {
            for paste in pasted {
                let Some(other) = reports.get(paste.other) else {
                    continue;
                };
                let at = other.source.position(paste.ospan.start);
                let what = if paste.paragraphs == 1 {
                    format!("this paragraph ({} words) matches", paste.words)
                } else {
                    format!(
                        "these {} paragraphs ({} words) match",
                        paste.paragraphs, paste.words
                    )
                };
                let message = format!(
                    "{what} {} at line {} ({}% of the sampled {}-word sequences are the same): text shared by two reports",
                    other.source.name(),
                    at.line,
                    paste.shared * 100 / paste.sampled.max(1),
                    self.shingle
                );
                sink.report(
                    r,
                    message,
                    Label::new(paste.span, "also in another report"),
                    vec![Label::new(paste.ospan, "the same text").in_file(other.file)],
                );
            }
        }
    }

    /// Whether a shingle that `count` of the run's reports have is template
    /// text.
    fn template(&self, count: u32) -> bool {
        count >= self.template_reports
    }

    /// The runs of paragraphs of report `r` that an earlier report of the
    /// run holds too. A paragraph is a candidate when many of its sampled
    /// shingles were first seen in another report; a run of candidates is
    /// then checked against the earlier reports that most of its shingles
    /// point to, shingle by shingle.
    fn pasted(&self, r: usize, digest: &ParaDigest, corpus: &Corpus<'_>) -> Vec<Pasted> {
        let (fingerprints, starts) = digest.by_paragraph(corpus.width);
        let paras = &digest.paras;
        // Per paragraph: its sampled shingles that are not template text, and
        // whether most of them were seen earlier. Paragraph `p`'s are
        // `kept.of(p)`, the earlier reports they point to `votes.of(p)`.
        let mut kept = Flat::with_capacity(fingerprints.len(), paras.len());
        let mut votes = Flat::with_capacity(fingerprints.len(), paras.len());
        let mut candidate: Vec<bool> = Vec::with_capacity(paras.len());
        for p in 0..paras.len() {
            let (from_at, to) = (starts[p] as usize, starts[p + 1] as usize);
            for &fp in fingerprints.get(from_at..to).unwrap_or_default() {
                // Not in the index: this report's alone.
                let entry = corpus.index.get(fp).unwrap_or(Entry {
                    report: r as u32,
                    count: 1,
                });
                if self.template(entry.count) {
                    continue;
                }
                kept.items.push(fp);
                if entry.report as usize != r {
                    votes.items.push(entry.report);
                }
            }
            kept.close();
            votes.close();
            let (own, from) = (kept.of(p).len(), votes.of(p).len());
            // A short paragraph has few samples: half the bar here, the
            // whole bar on the run (`check_run`).
            candidate.push(own > 0 && from as f64 + 1e-9 >= 0.5 * self.min_similarity * own as f64);
        }
        let mut out = Vec::new();
        let mut p = 0;
        while p < paras.len() {
            if !candidate[p] {
                p += 1;
                continue;
            }
            let first = p;
            p += 1;
            // Neighbouring paragraphs only: not over a section the scope
            // leaves out.
            while p < paras.len() && candidate[p] && paras[p].index == paras[p - 1].index + 1 {
                p += 1;
            }
            let last = p - 1;
            out.extend(self.check_run(first, last, digest, corpus, &kept, &votes));
        }
        out
    }

    /// Checks a run of candidate paragraphs `first..=last` against the
    /// earlier reports its shingles point to most.
    fn check_run(
        &self,
        first: usize,
        last: usize,
        digest: &ParaDigest,
        corpus: &Corpus<'_>,
        kept: &Flat<u64>,
        votes: &Flat<u32>,
    ) -> Option<Pasted> {
        const CANDIDATES: usize = 3;
        let paras = digest.paras.get(first..=last)?;
        let words: usize = paras.iter().map(|p| p.words as usize).sum();
        let sentences: usize = paras.iter().map(|p| p.sentences as usize).sum();
        if words < self.min_words || sentences < self.min_sentences {
            return None;
        }
        let shingles = kept.of_range(first, last);
        let mut tally: Vec<u32> = votes.of_range(first, last).to_vec();
        tally.sort_unstable();
        let mut counted: Vec<(usize, u32)> = tally
            .chunk_by(|a, b| a == b)
            .map(|g| (g.len(), g[0]))
            .collect();
        counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut best: Option<(usize, usize, Vec<usize>)> = None;
        for &(_, other) in counted.iter().take(CANDIDATES) {
            let Some(Some(odigest)) = corpus.digests.get(other as usize) else {
                continue;
            };
            // The run's shingles in the other report, with the paragraph of
            // each (the first that has it).
            let hits: Vec<usize> = shingles
                .iter()
                .filter_map(|&fp| odigest.paragraph_of(fp, corpus.width))
                .collect();
            if best.as_ref().is_none_or(|(_, n, _)| hits.len() > *n) {
                best = Some((other as usize, hits.len(), hits));
            }
        }
        let (other, shared, mut hits) = best?;
        if shingles.len() < self.min_samples
            || (shared as f64) + 1e-9 < self.min_similarity * shingles.len() as f64
        {
            return None;
        }
        let odigest = corpus.digests.get(other).copied().flatten()?;
        // The other end: the densest cluster of the paragraphs hit.
        hits.sort_unstable();
        let (mut lo, mut hi, mut best_count) = (0, 0, 0);
        let mut start = 0;
        for i in 0..hits.len() {
            if i > 0 && hits[i] > hits[i - 1] + 2 {
                start = i;
            }
            if i + 1 - start > best_count {
                best_count = i + 1 - start;
                lo = hits[start];
                hi = hits[i];
            }
        }
        let (ofirst, olast) = (odigest.paras.get(lo)?, odigest.paras.get(hi)?);
        let (cfirst, clast) = (paras.first()?, paras.last()?);
        Some(Pasted {
            other,
            ospan: Span::new(ofirst.span().start, olast.span().end),
            span: Span::new(cfirst.span().start, clast.span().end),
            words,
            paragraphs: paras.len(),
            shared,
            sampled: shingles.len(),
        })
    }
}

/// Lists one after the other in one buffer: list `i` is
/// `items[ends[i - 1]..ends[i]]`.
struct Flat<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T> Flat<T> {
    fn with_capacity(items: usize, lists: usize) -> Self {
        Flat {
            items: Vec::with_capacity(items),
            ends: Vec::with_capacity(lists),
        }
    }

    /// Ends the list being added to.
    fn close(&mut self) {
        self.ends.push(self.items.len() as u32);
    }

    /// Lists `first..=last`, together.
    fn of_range(&self, first: usize, last: usize) -> &[T] {
        let start = match first {
            0 => 0,
            _ => self.ends.get(first - 1).map_or(0, |&e| e as usize),
        };
        let end = self.ends.get(last).map_or(start, |&e| e as usize);
        self.items.get(start..end).unwrap_or_default()
    }

    fn of(&self, i: usize) -> &[T] {
        self.of_range(i, i)
    }
}

/// What the checks of a run's reports read.
struct Corpus<'a> {
    /// By report of the run; `None` for a report the rule leaves alone.
    digests: Vec<Option<&'a ParaDigest>>,
    index: Index,
    /// Bits of the fingerprints compared.
    width: u32,
}

/// Multiplies the key: fingerprints are well mixed in their low bits but
/// their top bits are zero, and the table reads both.
#[derive(Default)]
struct Multiply(u64);

impl Hasher for Multiply {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
        self.0 = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The shingles of a run that more than one report has: fingerprint to
/// the first report (in date order) and the number of reports. A shingle
/// that is not there is in one report only.
struct Index {
    shared: HashMap<u64, Entry, BuildHasherDefault<Multiply>>,
}

impl Index {
    /// Merges the digests one range of fingerprints at a time (in
    /// parallel): each range's entries over all reports, sorted, give each
    /// fingerprint's reports.
    fn build(digests: &[Option<&ParaDigest>], order: &[usize], width: u32) -> Index {
        // rank[r]: report r's place in date order.
        let mut rank = vec![0u32; digests.len()];
        for (at, &r) in order.iter().enumerate() {
            if let Some(x) = rank.get_mut(r) {
                *x = at as u32;
            }
        }
        let shift = FINGERPRINT_BITS - width;
        let ranges: Vec<Vec<(u64, Entry)>> = (0..RANGES)
            .into_par_iter()
            .map(|top| {
                let high = (top as u64) << ENTRY_BITS;
                let mut all: Vec<(u64, u32)> = Vec::new();
                for (r, digest) in digests.iter().enumerate() {
                    let Some(digest) = digest else {
                        continue;
                    };
                    let rank = rank.get(r).copied().unwrap_or_default();
                    all.extend(
                        digest
                            .range(top)
                            .map(|i| ((high | digest.entry(i)) >> shift, rank)),
                    );
                }
                all.sort_unstable();
                all.dedup();
                let mut shared = Vec::new();
                for group in all.chunk_by(|a, b| a.0 == b.0) {
                    if let (Some(&(key, first)), 2..) = (group.first(), group.len()) {
                        shared.push((
                            key,
                            Entry {
                                report: order.get(first as usize).copied().unwrap_or_default()
                                    as u32,
                                count: group.len() as u32,
                            },
                        ));
                    }
                }
                shared
            })
            .collect();
        let total = ranges.iter().map(Vec::len).sum();
        let mut shared = HashMap::with_capacity_and_hasher(total, Default::default());
        shared.extend(ranges.into_iter().flatten());
        Index { shared }
    }

    fn get(&self, fp: u64) -> Option<Entry> {
        self.shared.get(&fp).copied()
    }
}

/// What the index holds per shingle.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The first report (in date order) that had it.
    report: u32,
    /// How many reports have it.
    count: u32,
}

/// A run of paragraphs of one report that another report holds too.
#[derive(Debug)]
struct Pasted {
    /// The other report, by index in the run.
    other: usize,
    ospan: Span,
    span: Span,
    words: usize,
    paragraphs: usize,
    shared: usize,
    sampled: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A digest of made-up fingerprints: `(fingerprint, paragraph)`.
    fn digest(shingles: &[(u64, u32)], paras: usize) -> ParaDigest {
        let para = Para {
            index: 0,
            start: 0,
            end: 0,
            words: 0,
            sentences: 0,
        };
        let para_bits = u32::BITS - (paras.saturating_sub(1) as u32).leading_zeros();
        let (starts, entries) = pack(shingles.to_vec(), para_bits);
        ParaDigest {
            paras: vec![para; paras].into_boxed_slice(),
            para_bits,
            starts,
            entries,
            date: None,
        }
    }

    #[test]
    fn packed_entries_are_sorted_and_distinct() {
        // Fingerprints in a few ranges, with repeats, as a report has them.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut pairs = Vec::new();
        for _ in 0..3000 {
            state = crate::rules::words::mix(state);
            let fp = (state >> 23) & (((1 << 12) - 1) | (0x7 << ENTRY_BITS));
            pairs.push((fp, (state % 40) as u32));
        }
        pairs.extend_from_within(..500);
        let para_bits = 6;
        let (starts, entries) = pack(pairs.clone(), para_bits);
        let rest = (1u64 << ENTRY_BITS) - 1;
        let mut expected: Vec<(usize, u64)> = pairs
            .iter()
            .map(|&(fp, p)| {
                let top = (fp >> ENTRY_BITS) as usize;
                (top, (fp & rest) >> para_bits << para_bits | u64::from(p))
            })
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let d = ParaDigest {
            paras: Box::new([]),
            para_bits,
            starts,
            entries,
            date: None,
        };
        let got: Vec<(usize, u64)> = (0..RANGES)
            .flat_map(|top| d.range(top).map(move |i| (top, i)))
            .map(|(top, i)| (top, d.entry(i)))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn paragraphs_of_fingerprints() {
        let a = 0xab_cdef_0123_4567 & ((1 << FINGERPRINT_BITS) - 1);
        let b = 0x12_3456_789a_bcde & ((1 << FINGERPRINT_BITS) - 1);
        let d = digest(&[(a, 3), (a, 1), (b, 2)], 300);
        assert_eq!(d.para_bits, 9);
        let width = FINGERPRINT_BITS - 9;
        let key = |fp: u64| fp >> (FINGERPRINT_BITS - width);
        assert_eq!(d.paragraph_of(key(a), width), Some(1));
        assert_eq!(d.paragraph_of(key(b), width), Some(2));
        assert_eq!(d.paragraph_of(key(a ^ (1 << 30)), width), None);
        let (fingerprints, starts) = d.by_paragraph(width);
        assert_eq!(
            starts,
            vec![0, 0, 1, 2]
                .into_iter()
                .chain(std::iter::repeat_n(3, 297))
                .collect::<Vec<_>>()
        );
        assert_eq!(fingerprints, vec![key(a), key(b), key(a)]);
    }
}
