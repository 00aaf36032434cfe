//! Within one report: a sentence written again with one phrase swapped
//! ("The local authority has increased resources ..." and later "The
//! council has increased resources ..."), the leftover of an edit that
//! rewrote one copy and kept the other. The two share their words before
//! and after the phrase; only the phrase differs.
//!
//! Candidates are the earlier sentences that start or end with the same
//! `EDGE` words (a phrase swapped near one end leaves the other end
//! intact), found through one hash map whose chains are read to a fixed
//! depth: linear in the report.

use serde::Deserialize;

use super::{combine, FastMap, Unit};
use crate::model::dates::MONTHS;
use crate::rules::words::{one_line, word_bounds, SentenceWords};

/// Words at either end that key a sentence.
const EDGE: usize = 3;
/// Earlier sentences read per key: a stock opening costs no more.
const MAX_CHAIN: usize = 8;

/// Lone sentences repeated but for one phrase (`near_sentences:` of a
/// `duplication` rule).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NearSentences {
    /// Most words the swapped phrase may have, in either sentence.
    #[serde(default = "default_max_phrase_words")]
    pub max_phrase_words: usize,
    /// Least number of words the two sentences share around the phrase.
    pub min_shared_words: usize,
}

fn default_max_phrase_words() -> usize {
    4
}

impl NearSentences {
    pub(super) fn check(&self) -> Result<(), String> {
        if !(1..=8).contains(&self.max_phrase_words) {
            return Err("`near_sentences.max_phrase_words` must be 1 to 8".into());
        }
        if self.min_shared_words < 2 * EDGE {
            return Err(format!(
                "`near_sentences.min_shared_words` must be at least {}",
                2 * EDGE
            ));
        }
        Ok(())
    }
}

/// Unit `copy` repeats unit `original` but for the words after the first
/// `prefix` and before the last `suffix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Swap {
    pub copy: usize,
    pub original: usize,
    pub prefix: usize,
    pub suffix: usize,
}

/// The swaps among `units`, at most one per unit (the earlier sentence it
/// shares most words with). `exact[i]` marks units that repeat an earlier
/// one word for word: those are reported as such.
pub(super) fn find(
    params: &NearSentences,
    words: &SentenceWords,
    text: &str,
    units: &[Unit],
    exact: &[bool],
) -> Vec<Swap> {
    const NONE: u32 = u32::MAX;
    // Edge key -> latest chain entry; chain: (unit, previous entry).
    let mut heads: FastMap<u32> = FastMap::default();
    let mut chain: Vec<(u32, u32)> = Vec::new();
    let mut swaps = Vec::new();
    let mut candidates: Vec<u32> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let own = words.of(unit.sentence);
        if own.len() < params.min_shared_words {
            continue;
        }
        let keys = edge_keys(own);
        if !exact.get(i).copied().unwrap_or(false) {
            candidates.clear();
            for key in keys {
                let mut at = heads.get(&key).copied().unwrap_or(NONE);
                let mut read = 0;
                while let Some(&(j, previous)) = chain.get(at as usize) {
                    if read == MAX_CHAIN {
                        break;
                    }
                    candidates.push(j);
                    read += 1;
                    at = previous;
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let best = candidates
                .iter()
                .filter_map(|&j| {
                    let other = units.get(j as usize)?;
                    let (prefix, suffix) = swapped_phrase(params, own, words.of(other.sentence))?;
                    Some((prefix + suffix, j as usize, prefix, suffix))
                })
                .filter(|&(_, j, prefix, suffix)| {
                    units.get(j).is_some_and(|other| {
                        both_say_something([
                            &phrase(text, unit, prefix, suffix),
                            &phrase(text, other, prefix, suffix),
                        ])
                    })
                })
                // The most words shared; the latest of equals.
                .max_by_key(|&(shared, j, ..)| (shared, j));
            if let Some((_, original, prefix, suffix)) = best {
                swaps.push(Swap {
                    copy: i,
                    original,
                    prefix,
                    suffix,
                });
            }
        }
        for key in keys {
            let head = heads.entry(key).or_insert(NONE);
            chain.push((i as u32, *head));
            *head = (chain.len() - 1) as u32;
        }
    }
    swaps
}

/// The keys of a sentence's first and last `EDGE` words (kept apart, so a
/// sentence's opening never meets another's ending).
fn edge_keys(words: &[u64]) -> [u64; 2] {
    let first = words.get(..EDGE).unwrap_or(words);
    let last = words
        .get(words.len().saturating_sub(EDGE)..)
        .unwrap_or(words);
    [combine(first), !combine(last)]
}

/// The shared words before and after the one phrase that differs, when
/// the two sentences differ by one short phrase and share enough around it.
fn swapped_phrase(params: &NearSentences, a: &[u64], b: &[u64]) -> Option<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let (in_a, in_b) = (a.len() - prefix - suffix, b.len() - prefix - suffix);
    // A phrase replaced, not only added or dropped: a word added to a
    // restated finding ("currently", "proactive") is a rewrite, not a
    // leftover.
    let one_phrase =
        in_a > 0 && in_b > 0 && in_a <= params.max_phrase_words && in_b <= params.max_phrase_words;
    (one_phrase && prefix + suffix >= params.min_shared_words).then_some((prefix, suffix))
}

/// Whether both phrases say something: a swap of figures or dates ("In
/// 2023, 84% of plans ..." and "In 2024, 91% of plans ...") reports another
/// year or measure in the same form, and a noun swapped for a pronoun or
/// an article ("sickness rates had improved", "this had improved") is a
/// stock sentence fitted to its new place.
fn both_say_something(phrases: [&str; 2]) -> bool {
    const FUNCTION_WORDS: [&str; 36] = [
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "them", "their",
        "he", "she", "his", "her", "we", "our", "you", "your", "there", "which", "who", "whose",
        "some", "any", "each", "all", "such", "and", "or", "of", "to", "in", "for", "with",
    ];
    let says_something = |word: &str| {
        !word.starts_with(|c: char| c.is_ascii_digit())
            && !MONTHS.iter().any(|m| m.eq_ignore_ascii_case(word))
            && !FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(word))
    };
    phrases.iter().all(|phrase| {
        word_bounds(phrase)
            .into_iter()
            .filter_map(|r| phrase.get(r))
            .any(says_something)
    })
}

/// The text of the words after the first `prefix` and before the last
/// `suffix` of a unit's sentence: the phrase, as written.
pub(super) fn phrase(text: &str, unit: &Unit, prefix: usize, suffix: usize) -> String {
    let sentence = unit.span.of(text);
    let bounds = word_bounds(sentence);
    let end = bounds.len().saturating_sub(suffix);
    match (
        bounds.get(prefix),
        end.checked_sub(1).and_then(|e| bounds.get(e)),
    ) {
        (Some(first), Some(last)) if prefix < end => {
            one_line(sentence.get(first.start..last.end).unwrap_or_default())
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::words::word_hashes as hashes;

    fn params() -> NearSentences {
        NearSentences {
            max_phrase_words: 4,
            min_shared_words: 12,
        }
    }

    #[test]
    fn one_phrase_swapped_in_the_middle_or_at_an_end() {
        let a = hashes("The local authority has increased resources to its contact centre and improved reporting on call handling");
        let b = hashes("The council has increased resources to its contact centre and improved reporting on call handling");
        assert_eq!(swapped_phrase(&params(), &b, &a), Some((1, 13)));
        let c = hashes("The council has increased resources to its contact centre and improved reporting on calls");
        assert_eq!(swapped_phrase(&params(), &c, &b), Some((13, 0)));
    }

    #[test]
    fn two_phrases_or_a_long_one_are_not_one_swap() {
        let a = hashes("The council has increased resources to its contact centre and improved reporting on call handling");
        let two = hashes("The board has increased resources to its contact centre and improved reporting on call waiting");
        assert_eq!(swapped_phrase(&params(), &two, &a), None);
        let long = hashes("The council with its partners in health and the voluntary sector has increased resources to its contact centre");
        assert_eq!(swapped_phrase(&params(), &long, &a), None);
        assert_eq!(swapped_phrase(&params(), &a, &a), None);
        let added = hashes("The council has increased resources to its contact centre and improved reporting on call handling times");
        assert_eq!(swapped_phrase(&params(), &added, &a), None);
    }

    #[test]
    fn figures_and_months_are_not_words() {
        assert!(!both_say_something(["2023, 84", "2024, 91"]));
        assert!(!both_say_something(["March", "June 2024"]));
        assert!(!both_say_something(["£5.2m", ""]));
        assert!(both_say_something(["local authority", "council"]));
        assert!(!both_say_something(["", "team"]));
    }

    #[test]
    fn a_pronoun_for_a_noun_fits_a_stock_sentence() {
        assert!(!both_say_something(["this", "sickness rates"]));
        assert!(!both_say_something(["They", "Senior leaders"]));
        assert!(!both_say_something(["An", "The"]));
        assert!(both_say_something(["the council", "the local authority"]));
    }

    #[test]
    fn a_short_sentence_shares_too_few_words() {
        let a = hashes("Staff said leaders were visible and supportive in 2024");
        let b = hashes("Staff said managers were visible and supportive in 2024");
        assert_eq!(swapped_phrase(&params(), &a, &b), None);
    }
}
