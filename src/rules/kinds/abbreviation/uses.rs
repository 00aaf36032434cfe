//! Where a report uses abbreviations and writes their words out: the
//! searches the abbreviation kinds share.

use aho_corasick::{AhoCorasick, MatchKind};
use foldhash::HashMap;

use crate::rules::words::word_hashes;
use crate::rules::Context;
use crate::span::Span;

/// One literal search for a set of letters (`SAR`, `SA`): at each place,
/// the longest set found, so `SAR` is not read as `SA`.
#[derive(Debug)]
pub(crate) struct LettersSearch(AhoCorasick);

impl LettersSearch {
    /// The search for `letters`; `None` when there are too many for one.
    /// A report's own abbreviations make a new search for every report: an
    /// automaton of literals is built in microseconds, a regex in a
    /// millisecond.
    pub(crate) fn new<'a>(letters: impl Iterator<Item = &'a str>) -> Option<Self> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(letters)
            .ok()
            .map(LettersSearch)
    }

    /// The letters found in `unit`, in order, with their byte ranges.
    pub(crate) fn find_iter<'u>(
        &'u self,
        unit: &'u str,
    ) -> impl Iterator<Item = (&'u str, usize, usize)> + 'u {
        self.0.find_iter(unit).filter_map(move |found| {
            let (at, end) = (found.start(), found.end());
            Some((unit.get(at..end)?, at, end))
        })
    }
}

/// The bare uses `search` finds in `unit` (at `offset` of the report):
/// whole words (a plural `s` allowed), not the whole of a bracket, which
/// is a definition attempt.
pub(crate) fn bare_uses<'u>(
    search: &'u LettersSearch,
    unit: &'u str,
    offset: usize,
) -> impl Iterator<Item = (&'u str, Span)> + 'u {
    search
        .find_iter(unit)
        .filter(move |&(_, at, end)| whole_word(unit, at, end) && !in_brackets(unit, at, end))
        .map(move |(letters, at, end)| (letters, Span::new(offset + at, offset + end)))
}

/// Whether `unit[at..end]` is a word of its own, or one with a plural `s`
/// (`ICBs`), not part of a longer word (`SARAH`, `DoLSAA`).
pub(crate) fn whole_word(unit: &str, at: usize, end: usize) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '&';
    let before = unit.get(..at).and_then(|b| b.chars().next_back());
    let rest = unit.get(end..).unwrap_or_default();
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    !before.is_some_and(word_char) && !rest.chars().next().is_some_and(word_char)
}

/// Whether the word `unit[at..end]` is the whole of a bracket: `(VCS)`.
pub(crate) fn in_brackets(unit: &str, at: usize, end: usize) -> bool {
    let before = unit.get(..at).and_then(|b| b.chars().next_back());
    before == Some('(') && closes_bracket(unit, end)
}

/// Whether the word ending at `end` closes a bracket, alone or in the
/// plural or possessive: `(VCS)`, `(known locally as LADO)`, `(SARs)`.
pub(crate) fn closes_bracket(unit: &str, end: usize) -> bool {
    let after = unit.get(end..).unwrap_or_default();
    [")", "s)", "'s)", "\u{2019}s)"]
        .iter()
        .any(|close| after.starts_with(close))
}

/// Word forms of an expansion as hashes: as given, with the last word in
/// the plural, and in the singular ("Approved Mental Health
/// Professionals", "child and adolescent mental health service").
pub(crate) fn forms_of(expansion: &str) -> Vec<Vec<u64>> {
    let mut forms = vec![word_hashes(expansion)];
    let trimmed = expansion.trim_end();
    let other = match trimmed.strip_suffix('s') {
        Some(singular) => singular.to_string(),
        None => format!("{trimmed}s"),
    };
    forms.push(word_hashes(&other));
    forms
}

/// For each key of `wanted` (its expansions' word forms), the start of the
/// first sentence that writes one of them out, reading the sentences that
/// start up to `until`. From the sentences' word hashes the repeat rules
/// share: one map lookup per word.
pub(crate) fn written_out<'k>(
    ctx: &Context<'_>,
    wanted: &[(&'k str, Vec<Vec<u64>>)],
    until: usize,
) -> HashMap<&'k str, usize> {
    /// Forms tried per first word: a bound that keeps a report of
    /// thousands of look-alike definitions linear (the rest are not
    /// looked for).
    const MAX_SAME_FIRST_WORD: usize = 32;
    let mut by_first: HashMap<u64, Vec<(&[u64], &str)>> = HashMap::default();
    for (key, forms) in wanted {
        for form in forms {
            if let Some(&first) = form.first() {
                let same = by_first.entry(first).or_default();
                if same.len() < MAX_SAME_FIRST_WORD {
                    same.push((form.as_slice(), key));
                }
            }
        }
    }
    // Most words start no form: a bit per low 12 bits of their hash passes
    // them over without a map lookup.
    let mut starts = [0u64; 64];
    for first in by_first.keys() {
        let bit = first & 0xfff;
        starts[(bit >> 6) as usize] |= 1 << (bit & 63);
    }
    let may_start = |hash: u64| {
        let bit = hash & 0xfff;
        starts[(bit >> 6) as usize] & (1 << (bit & 63)) != 0
    };
    let words = ctx.sentence_words();
    let mut met: HashMap<&str, usize> = HashMap::default();
    for (index, sentence) in ctx.report.sentences.iter().enumerate() {
        // Past the last place asked about, or every key found.
        if sentence.span.start > until || met.len() == wanted.len() {
            break;
        }
        let own = words.of(index);
        for (i, hash) in own.iter().enumerate() {
            if !may_start(*hash) {
                continue;
            }
            for &(form, key) in by_first.get(hash).into_iter().flatten() {
                if own.get(i..i + form.len()) == Some(form) {
                    met.entry(key).or_insert(sentence.span.start);
                }
            }
        }
    }
    met
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_in_the_plural_and_the_singular() {
        let forms = forms_of("Approved Mental Health Professional");
        assert_eq!(
            forms[1],
            word_hashes("approved mental health professionals")
        );
        let forms = forms_of("Child and Adolescent Mental Health Services");
        assert_eq!(
            forms[1],
            word_hashes("child and adolescent mental health service")
        );
    }

    #[test]
    fn letters_inside_a_longer_word_are_not_a_use() {
        let unit = "SARAH met the SAR panel; two SARs and one SAR's";
        assert!(!whole_word(unit, 0, 3));
        for word in [" SAR ", " SARs", " SAR'"] {
            let at = unit.find(word).expect("the word is in the unit") + 1;
            assert!(whole_word(unit, at, at + 3), "{word}");
        }
        assert!(whole_word("the SAR", 4, 7));
        assert!(!whole_word("the SARS", 4, 7));
        assert!(!whole_word("A&SAR", 2, 5));
    }

    #[test]
    fn a_bracketed_word_is_a_definition_attempt() {
        let unit = "the centre (ARC) and the ARC";
        assert!(in_brackets(unit, 12, 15));
        assert!(!in_brackets(unit, 25, 28));
        assert!(in_brackets("reviews (SAR's) and", 9, 12));
        assert!(in_brackets("reviews (SARs) and", 9, 12));
    }
}
