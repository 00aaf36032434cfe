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
        let mut scratch = Scratch::default();
        for sentence in &report.sentences {
            words.starts.push(words.hashes.len() as u32);
            let sentence = sentence.span.of(text);
            if sentence.is_ascii() {
                hash_ascii_words(sentence.as_bytes(), &mut words.hashes, &mut scratch);
            } else {
                hash_words(sentence, &mut words.hashes);
            }
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

/// Per byte: its lower case if it is an ASCII letter or digit, 0 if it is
/// other ASCII (a separator), `NOT_ASCII` if it is part of a longer
/// character. One lookup instead of three tests per byte.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if !byte.is_ascii() {
            NOT_ASCII
        } else if byte.is_ascii_alphanumeric() {
            byte.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    table
};
const NOT_ASCII: u8 = 0x80;

fn class(bytes: &[u8], i: usize) -> u8 {
    bytes
        .get(i)
        .map_or(0, |&b| CLASS.get(usize::from(b)).copied().unwrap_or(0))
}

/// FNV-1a's start and multiplier.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// Buffers [`hash_ascii_words`] reuses from one sentence to the next.
#[derive(Default)]
struct Scratch {
    halves: [Vec<u64>; 2],
}

/// [`hash_words`] for ASCII text, the same hashes without a branch per
/// word. The byte-by-byte loop mispredicts where each word ends; here
/// every byte steps the hash (a separator resets it), the hash is written
/// down at every byte, and the write position moves on only where a word
/// ends. The two halves of the text, split at a separator, are hashed side
/// by side, so that their multiplication chains overlap.
fn hash_ascii_words(bytes: &[u8], out: &mut Vec<u64>, scratch: &mut Scratch) {
    let middle = bytes.len() / 2;
    let split = bytes
        .get(middle..)
        .and_then(|rest| rest.iter().position(|&b| class_of(b) == 0))
        .map_or(bytes.len(), |at| middle + at);
    let (first, second) = bytes.split_at(split);
    let [a, b] = &mut scratch.halves;
    // At most one word per two bytes, and one more to write past the end.
    for (buffer, half) in [(&mut *a, first), (&mut *b, second)] {
        buffer.clear();
        buffer.resize(half.len() / 2 + 2, 0);
    }
    let mut one = Chain::default();
    let mut two = Chain::default();
    for i in 0..first.len().max(second.len()) {
        // Past its end, a half reads separators.
        one.step(first.get(i).copied().unwrap_or(b' '), a);
        two.step(second.get(i).copied().unwrap_or(b' '), b);
    }
    for (chain, buffer) in [(one, a), (two, b)] {
        let words = chain.finish(buffer);
        out.extend(
            buffer
                .get(..words)
                .unwrap_or_default()
                .iter()
                .map(|&h| mix(h)),
        );
    }
}

/// One running FNV-1a hash over ASCII bytes (see [`hash_ascii_words`]).
#[derive(Clone, Copy)]
struct Chain {
    hash: u64,
    in_word: bool,
    words: usize,
}

impl Default for Chain {
    fn default() -> Self {
        Chain {
            hash: OFFSET,
            in_word: false,
            words: 0,
        }
    }
}

impl Chain {
    fn step(&mut self, byte: u8, buffer: &mut [u64]) {
        let c = class_of(byte);
        let letter = c != 0;
        // Written at every byte; kept where a word has just ended.
        if let Some(slot) = buffer.get_mut(self.words) {
            *slot = self.hash;
        }
        self.words += usize::from(self.in_word & !letter);
        let next = (self.hash ^ u64::from(c)).wrapping_mul(PRIME);
        let keep = u64::from(letter).wrapping_neg();
        self.hash = (next & keep) | (OFFSET & !keep);
        self.in_word = letter;
    }

    /// The number of words written to `buffer`, counting a word still open.
    fn finish(self, buffer: &mut [u64]) -> usize {
        if self.in_word {
            if let Some(slot) = buffer.get_mut(self.words) {
                *slot = self.hash;
            }
            self.words + 1
        } else {
            self.words
        }
    }
}

fn class_of(byte: u8) -> u8 {
    CLASS.get(usize::from(byte)).copied().unwrap_or(0)
}

/// Appends the hashes of the words of `text` to `out`: FNV-1a over each
/// word's lower-cased characters, mixed.
pub fn hash_words(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Separators: skipped without starting a word.
        let mut c = class(bytes, i);
        if c == 0 {
            i += 1;
            continue;
        }
        let mut hash = OFFSET;
        let mut letters = false;
        loop {
            if c != NOT_ASCII {
                hash = (hash ^ u64::from(c)).wrapping_mul(PRIME);
                i += 1;
            } else {
                // Other characters decoded: letters and digits of any
                // script belong to words.
                let Some(ch) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    i += 1;
                    break;
                };
                if !ch.is_alphanumeric() {
                    if !letters {
                        i += ch.len_utf8();
                    }
                    break;
                }
                i += ch.len_utf8();
                let lower = ch.to_lowercase().next().unwrap_or(ch);
                hash = (hash ^ u64::from(u32::from(lower))).wrapping_mul(PRIME);
            }
            letters = true;
            c = class(bytes, i);
            if c == 0 {
                break;
            }
        }
        if letters {
            out.push(mix(hash));
        }
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

    /// Words split and lower-cased character by character, each hashed
    /// whole: what the byte table must give.
    fn reference(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut hash = None;
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() {
                let lower = c.to_lowercase().next().unwrap_or(c);
                let h = hash.unwrap_or(0xcbf2_9ce4_8422_2325u64);
                hash = Some((h ^ u64::from(u32::from(lower))).wrapping_mul(0x0100_0000_01b3));
            } else if let Some(h) = hash.take() {
                out.push(mix(h));
            }
        }
        out
    }

    #[test]
    fn the_byte_table_reads_as_characters_do() {
        let pieces = [
            "a", "Z", "q", "7", " ", ".", "**", "\n", "-", "_", "é", "É", "’", "\u{212a}", "ß",
            "中", "İ", "\u{0}", "\u{7f}", "@", "[", "`", "{", "/", ":",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next() % 40 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            assert_eq!(hashed(&text), reference(&text), "{text:?}");
        }
        assert_eq!(hashed("Kelvin \u{212a}ing"), hashed("kelvin king"));
    }

    proptest::proptest! {
        /// The branch-free hashing of ASCII text gives the hashes of the
        /// byte-by-byte loop, wherever the halves split.
        #[test]
        fn ascii_text_hashes_as_the_byte_loop_does(text in "[a-zA-Z0-9 .,*'()\n-]{0,120}") {
            let mut fast = Vec::new();
            hash_ascii_words(text.as_bytes(), &mut fast, &mut Scratch::default());
            proptest::prop_assert_eq!(fast, hashed(&text));
        }
    }
}
