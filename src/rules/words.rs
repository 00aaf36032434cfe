//! The words of each sentence as hashes, computed once per report for the
//! rules that compare text (a report's repeats and the comparison across
//! reports read the same words).
//!
//! A word is a run of letters and digits, lower-cased; everything else
//! (punctuation, `**`, quotes, white space) separates words, so case,
//! emphasis and spacing do not make two sentences differ.

use std::borrow::Cow;

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

/// A lower-case word's singular, the one form the rules compare plurals
/// by: "services" is "service", "enquiries" "enquiry"; words of three
/// letters or fewer, and "process", "status" and "analysis", are left
/// alone. Borrowed unless the ending is rewritten.
pub fn singular(word: &str) -> Cow<'_, str> {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        return Cow::Owned(format!("{}y", &word[..n - 3]));
    }
    if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return Cow::Borrowed(&word[..n - 1]);
    }
    Cow::Borrowed(word)
}

/// The text with each run of white space (a line break of a PDF's text
/// included) as one space: a quote fit for a one-line message.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`one_line`] in lower case: how the rules compare phrases regardless of
/// case and spacing.
pub fn lower_words(text: &str) -> String {
    one_line(text).to_lowercase()
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
    bytes.get(i).map_or(0, |&b| class_of(b))
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
    let mut one = Chain::new(a, first.len());
    let mut two = Chain::new(b, second.len());
    let common = first.len().min(second.len());
    let (first_common, first_rest) = first.split_at(common);
    let (second_common, second_rest) = second.split_at(common);
    for (&x, &y) in first_common.iter().zip(second_common) {
        one.step(x);
        two.step(y);
    }
    for &x in first_rest {
        one.step(x);
    }
    for &y in second_rest {
        two.step(y);
    }
    for chain in [one, two] {
        out.extend(chain.finish().iter().map(|&h| mix(h)));
    }
}

/// One running FNV-1a hash over ASCII bytes and the hashes of the words
/// it has ended (see [`hash_ascii_words`]).
struct Chain<'a> {
    hash: u64,
    /// 1 when the last byte read was part of a word.
    in_word: usize,
    words: usize,
    buffer: &'a mut Vec<u64>,
}

impl<'a> Chain<'a> {
    fn new(buffer: &'a mut Vec<u64>, bytes: usize) -> Self {
        // At most one word per two bytes, and one more to write past the end.
        buffer.clear();
        buffer.resize(bytes / 2 + 2, 0);
        Chain {
            hash: OFFSET,
            in_word: 0,
            words: 0,
            buffer,
        }
    }

    fn step(&mut self, byte: u8) {
        let c = class_of(byte);
        let letter = usize::from(c != 0);
        // Written at every byte; kept where a word has just ended.
        if let Some(slot) = self.buffer.get_mut(self.words) {
            *slot = self.hash;
        }
        self.words += self.in_word & (letter ^ 1);
        let next = (self.hash ^ u64::from(c)).wrapping_mul(PRIME);
        self.hash = if c != 0 { next } else { OFFSET };
        self.in_word = letter;
    }

    /// The word hashes, counting a word still open.
    fn finish(self) -> &'a [u64] {
        let mut words = self.words;
        if self.in_word == 1 {
            if let Some(slot) = self.buffer.get_mut(words) {
                *slot = self.hash;
            }
            words += 1;
        }
        self.buffer.get(..words).unwrap_or_default()
    }
}

fn class_of(byte: u8) -> u8 {
    CLASS.get(usize::from(byte)).copied().unwrap_or(0)
}

/// The hashes of the words of `text`, as [`SentenceWords`] holds them for
/// a sentence.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    hash_words(text, &mut out);
    out
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

/// Where each word of `text` is (byte ranges), split as [`hash_words`]
/// splits: the `i`th range is the word of the `i`th hash. For the few
/// sentences a rule quotes, not for every sentence.
pub fn word_bounds(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        out.push(from..text.len());
    }
    out
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
    fn plurals_share_the_singular_and_look_alikes_keep_their_s() {
        for (word, one) in [
            ("services", "service"),
            ("enquiries", "enquiry"),
            ("assessments", "assessment"),
            ("process", "process"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("bus", "bus"),
            ("ties", "tie"),
        ] {
            assert_eq!(singular(word), one, "{word}");
        }
        assert!(matches!(singular("reviews"), Cow::Borrowed("review")));
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

    #[test]
    fn word_bounds_are_the_hashed_words() {
        for text in [
            "The **Council** said",
            "a-b, c",
            " .,;",
            "Über café’s 12.5%",
            "end",
        ] {
            let bounds = word_bounds(text);
            let words: Vec<u64> = bounds
                .iter()
                .flat_map(|r| hashed(&text[r.clone()]))
                .collect();
            assert_eq!(words, hashed(text), "{text:?}");
            assert_eq!(bounds.len(), hashed(text).len(), "{text:?}");
        }
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
