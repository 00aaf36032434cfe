//! The words of each sentence as hashes, computed once per report for the
//! rules that compare text (a report's repeats and the comparison across
//! reports read the same words).
//!
//! A word is a run of letters and digits, lower-cased; everything else
//! (punctuation, `**`, quotes, white space) separates words, so case,
//! emphasis and spacing do not make two sentences differ.

use crate::model::Report;

/// Word hashes of every sentence of a report, in one buffer.
#[derive(Debug, Default)]
pub struct SentenceWords {
    hashes: Vec<u64>,
    /// Sentence `i` has the words `hashes[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
}

impl SentenceWords {
    pub fn new(report: &Report, text: &str) -> Self {
        let mut words = SentenceWords {
            hashes: Vec::with_capacity(text.len() / 6),
            starts: Vec::with_capacity(report.sentences.len() + 1),
        };
        for sentence in &report.sentences {
            words.starts.push(words.hashes.len() as u32);
            hash_words(sentence.span.of(text), &mut words.hashes);
        }
        words.starts.push(words.hashes.len() as u32);
        words
    }

    /// The word hashes of sentence `index` (empty past the end).
    pub fn of(&self, index: usize) -> &[u64] {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => self
                .hashes
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

/// splitmix64's finaliser: spreads every input bit over the output.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Appends the hashes of the words of `text` to `out`.
pub fn hash_words(text: &str, out: &mut Vec<u64>) {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, the common case, byte by byte; other characters decoded.
        let lower = if b.is_ascii() {
            i += 1;
            if !b.is_ascii_alphanumeric() {
                if in_word {
                    out.push(mix(hash));
                    hash = OFFSET;
                    in_word = false;
                }
                continue;
            }
            u32::from(b.to_ascii_lowercase())
        } else {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if !c.is_alphanumeric() {
                if in_word {
                    out.push(mix(hash));
                    hash = OFFSET;
                    in_word = false;
                }
                continue;
            }
            u32::from(c.to_lowercase().next().unwrap_or(c))
        };
        hash = (hash ^ u64::from(lower)).wrapping_mul(PRIME);
        in_word = true;
    }
    if in_word {
        out.push(mix(hash));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        hash_words(text, &mut out);
        out
    }

    #[test]
    fn case_emphasis_and_spacing_do_not_count() {
        assert_eq!(hashed("The **Council** said"), hashed("the council  said."));
        assert_eq!(hashed("Über café"), hashed("über CAFÉ"));
        assert_ne!(hashed("care home"), hashed("carehome"));
        assert_eq!(hashed("a-b, c").len(), 3);
        assert!(hashed(" .,;").is_empty());
    }
}
