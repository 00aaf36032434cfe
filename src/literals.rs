//! The literals every match of a regex contains, to find the places a
//! regex may match by a literal search instead of running the regex over
//! all of the text.
//!
//! The regex engine finds a match fast when its patterns start with
//! literals. Many rule patterns do not: a case-insensitive word has dozens
//! of spellings by case, and `[a-z0-9-]+\.qov\.uk` or `{day} {month}` start
//! with a class. Most of them still contain a literal somewhere (`qov.uk`,
//! a month's name): every match contains one of a small set of strings.
//! Searching the ASCII-lower-cased text for that set of lower-cased
//! literals, with the regex crate's own literal searcher (Teddy, memmem), is
//! a literal search, and only the places it finds need the regex.
//!
//! The set is read off the regex's syntax tree, so it holds for every flag.
//! Case-insensitive `k` and `s` also match the Kelvin sign and the long s
//! (`[Kk\u{212A}]`, `[Ss\u{17F}]`); keeping both spellings would double the
//! literals for each such letter, so the set keeps the ASCII letter only and
//! says so ([`Required::folds`]): a text with either sign is searched with
//! the regex instead.

use regex_automata::util::prefilter::Prefilter;
use regex_automata::{MatchKind, Span};
use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many literals: more make a slow search.
const MAX_LITERALS: usize = 64;
/// Classes of at most this many characters become literals.
const MAX_CLASS: usize = 4;
/// Literals shorter than this match too often to be worth searching for.
const MIN_LENGTH: usize = 3;
/// Literals longer than this are not rarer for it: a set of fewer literals
/// is a faster search.
const LONG_ENOUGH: usize = 8;

/// The two non-ASCII characters that case-fold to ASCII letters.
pub const FOLDING_SIGNS: [char; 2] = ['\u{212a}', '\u{17f}'];

/// One of these literals is in every match of a regex (lower-cased ASCII;
/// see the module documentation).
#[derive(Debug, Clone)]
pub struct Required {
    /// The literals, searched for in lower-cased text: a literal searcher
    /// (Teddy, memmem) that finds them leftmost first, as an alternation
    /// of them would match. Not a regex of that alternation: the regex
    /// engine may shorten the literals to a common prefix (" an" of " an
    /// b", " an c" and fifty more) and confirm each place with its DFA.
    finder: Prefilter,
    /// Whether the regex also matches a [`FOLDING_SIGNS`] character where
    /// the literals have an ASCII letter.
    folds: bool,
    /// Whether the regex matches exactly the literals, in any case: a text
    /// holds a match where, lower-cased, it holds a literal.
    exact: bool,
}

/// What reading a regex noticed on the way.
#[derive(Default)]
struct Notes {
    /// A folding sign was left out beside its letter.
    folds: bool,
    /// Something the literals do not say: a look-around, or a letter in
    /// one case only (the literals are searched for in lower case).
    inexact: bool,
}

impl Required {
    /// The literals of `pattern` (compiled with `ignorecase` as the rule
    /// does), or `None` when it has no set of few and long enough literals.
    pub fn of(pattern: &str, ignorecase: bool) -> Option<Required> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(ignorecase)
            .build()
            .parse(pattern)
            .ok()?;
        let mut notes = Notes::default();
        let reading = read(&hir, &mut notes);
        let set = reading.required?;
        if set.len() > MAX_LITERALS || set.iter().any(|l| l.len() < MIN_LENGTH) {
            return None;
        }
        let searched: Vec<&[u8]> = set.iter().map(|l| rare_start(l)).collect();
        let trimmed = searched.iter().zip(&set).any(|(s, l)| s.len() != l.len());
        let finder = Prefilter::new(MatchKind::LeftmostFirst, &searched)?;
        Some(Required {
            finder,
            folds: notes.folds,
            exact: !notes.inexact && !trimmed && reading.exact.as_ref() == Some(&set),
        })
    }

    /// Whether a unit holds a match exactly when it holds a literal (see
    /// [`Required::folds`] for the texts where it does not hold at all).
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Whether the literals hold only for texts without the
    /// [`FOLDING_SIGNS`].
    pub fn folds(&self) -> bool {
        self.folds
    }

    /// The start and end of the first literal at or after `at` in `lower`
    /// (the text with ASCII letters lower-cased).
    pub fn find_at(&self, lower: &str, at: usize) -> Option<(usize, usize)> {
        let hay = lower.as_bytes();
        self.finder
            .find(hay, Span::from(at.min(hay.len())..hay.len()))
            .map(|m| (m.start, m.end))
    }
}

/// The most frequent three-letter sequences of English text, most frequent
/// first. The literal search looks first for the first three or four bytes
/// of each literal and then reads the rest: a literal that starts with one
/// of these ("these", "them", "consistently") stops it at nearly every
/// line.
const COMMON_STARTS: [&[u8; 3]; 16] = [
    b"the", b"and", b"ing", b"ion", b"tio", b"ent", b"ati", b"for", b"her", b"ter", b"hat", b"tha",
    b"ere", b"ate", b"his", b"con",
];

/// The part of `literal` to search for: from its first three bytes that
/// are not a [`COMMON_STARTS`] sequence to its end, or all of it when
/// every start is common. A part of a literal every match contains is in
/// every match too; it may also be found where the whole is not, so a
/// search for a shortened literal is not [`Required::exact`].
fn rare_start(literal: &[u8]) -> &[u8] {
    (0..literal.len().saturating_sub(2))
        .find(|&at| {
            literal
                .get(at..at + 3)
                .is_some_and(|start| !COMMON_STARTS.iter().any(|c| c.as_slice() == start))
        })
        .and_then(|at| literal.get(at..))
        .unwrap_or(literal)
}

/// Sets of strings, lower-cased ASCII.
type Set = Vec<Vec<u8>>;

/// What a part of a regex tells about its matches.
struct Reading {
    /// Every string the part matches, when there are few.
    exact: Option<Set>,
    /// Strings one of which every match contains (`None`: nothing known).
    required: Option<Set>,
}

fn read(hir: &Hir, notes: &mut Notes) -> Reading {
    match hir.kind() {
        HirKind::Empty => Reading {
            exact: Some(vec![Vec::new()]),
            required: None,
        },
        HirKind::Look(_) => {
            notes.inexact = true;
            Reading {
                exact: Some(vec![Vec::new()]),
                required: None,
            }
        }
        HirKind::Literal(literal) => {
            if literal.0.iter().any(u8::is_ascii_alphabetic) {
                notes.inexact = true;
            }
            let set = vec![literal.0.to_ascii_lowercase()];
            Reading {
                exact: Some(set.clone()),
                required: Some(set),
            }
        }
        HirKind::Class(class) => {
            let set = class_set(class, notes);
            Reading {
                required: set.clone(),
                exact: set,
            }
        }
        HirKind::Capture(capture) => read(&capture.sub, notes),
        HirKind::Repetition(repetition) => {
            let sub = read(&repetition.sub, notes);
            let exact = match (repetition.min, repetition.max) {
                (1, Some(1)) => sub.exact,
                (0, Some(1)) => sub.exact.map(|mut set| {
                    set.push(Vec::new());
                    dedup(set)
                }),
                _ => None,
            };
            Reading {
                exact,
                required: if repetition.min >= 1 {
                    sub.required
                } else {
                    None
                },
            }
        }
        HirKind::Concat(parts) => concat(parts, notes),
        HirKind::Alternation(branches) => {
            let readings: Vec<Reading> = branches.iter().map(|b| read(b, notes)).collect();
            let union = |sets: Vec<Option<&Set>>| -> Option<Set> {
                let mut out = Vec::new();
                for set in sets {
                    out.extend(set?.iter().cloned());
                    if out.len() > MAX_LITERALS {
                        return None;
                    }
                }
                Some(dedup(out))
            };
            Reading {
                exact: union(readings.iter().map(|r| r.exact.as_ref()).collect()),
                required: union(readings.iter().map(|r| best_of(r)).collect()),
            }
        }
    }
}

/// The better of what a part requires and what it is exactly.
fn best_of(reading: &Reading) -> Option<&Set> {
    let mut best = None;
    for set in [reading.exact.as_ref(), reading.required.as_ref()]
        .into_iter()
        .flatten()
    {
        if better(set, best) {
            best = Some(set);
        }
    }
    best
}

/// Whether `set` is a better set to search for than `than`: its shortest
/// literal is longer (up to [`LONG_ENOUGH`]), or as long with fewer
/// literals. A set with the empty string tells nothing.
fn better(set: &Set, than: Option<&Set>) -> bool {
    let shortest = |s: &Set| s.iter().map(Vec::len).min().unwrap_or(0).min(LONG_ENOUGH);
    if set.is_empty() || shortest(set) == 0 || set.len() > MAX_LITERALS {
        return false;
    }
    match than {
        None => true,
        Some(than) => {
            (shortest(set), std::cmp::Reverse(set.len()))
                > (shortest(than), std::cmp::Reverse(than.len()))
        }
    }
}

/// A concatenation: runs of parts with few exact strings join into longer
/// literals; the best run, or the best part, is what a match contains.
fn concat(parts: &[Hir], notes: &mut Notes) -> Reading {
    let mut best: Option<Set> = None;
    let consider = |set: Option<Set>, best: &mut Option<Set>| {
        if let Some(set) = set {
            if better(&set, best.as_ref()) {
                *best = Some(set);
            }
        }
    };
    let mut run: Option<Set> = None;
    let mut whole: Option<Set> = Some(vec![Vec::new()]);
    for part in parts {
        let reading = read(part, notes);
        whole = match (whole, &reading.exact) {
            (Some(w), Some(e)) => product(&w, e),
            _ => None,
        };
        match reading.exact {
            Some(exact) => {
                run = match run.take() {
                    None => Some(exact),
                    Some(current) => match product(&current, &exact) {
                        Some(longer) => Some(longer),
                        None => {
                            consider(Some(current), &mut best);
                            Some(exact)
                        }
                    },
                };
            }
            None => {
                consider(run.take(), &mut best);
                consider(reading.required, &mut best);
            }
        }
    }
    consider(run, &mut best);
    Reading {
        exact: whole,
        required: best,
    }
}

/// Every `a` followed by every `b`, unless there would be too many.
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_LITERALS {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut joined = x.clone();
            joined.extend_from_slice(y);
            out.push(joined);
        }
    }
    Some(dedup(out))
}

/// The characters of a small class, each as a literal; a folding sign
/// beside the ASCII letter it folds to is left out (noted), as is a letter
/// without its other case.
fn class_set(class: &Class, notes: &mut Notes) -> Option<Set> {
    let mut out = Vec::new();
    match class {
        Class::Unicode(class) => {
            let mut chars = Vec::new();
            for range in class.iter() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                if (end - start) as usize >= MAX_CLASS * 2 {
                    return None;
                }
                chars.extend((start..=end).filter_map(char::from_u32));
            }
            let one_case = chars
                .iter()
                .any(|c| c.is_ascii_alphabetic() && !chars.contains(&swap_ascii_case(*c)));
            notes.inexact |= one_case;
            for &c in &chars {
                let folded = match c {
                    '\u{212a}' => Some('k'),
                    '\u{17f}' => Some('s'),
                    _ => None,
                };
                if let Some(letter) = folded {
                    if chars.iter().any(|d| d.to_ascii_lowercase() == letter) {
                        notes.folds = true;
                        continue;
                    }
                }
                let mut buf = [0u8; 4];
                out.push(c.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
            }
        }
        Class::Bytes(class) => {
            let mut bytes = Vec::new();
            for range in class.iter() {
                if usize::from(range.end() - range.start()) >= MAX_CLASS * 2 {
                    return None;
                }
                bytes.extend(range.start()..=range.end());
            }
            notes.inexact |= bytes
                .iter()
                .any(|b| b.is_ascii_alphabetic() && !bytes.contains(&(b ^ 0x20)));
            out.extend(bytes.iter().map(|b| vec![b.to_ascii_lowercase()]));
        }
    }
    let out = dedup(out);
    (out.len() <= MAX_CLASS).then_some(out)
}

/// `c` in the other case (ASCII letters only).
fn swap_ascii_case(c: char) -> char {
    if c.is_ascii_uppercase() {
        c.to_ascii_lowercase()
    } else {
        c.to_ascii_uppercase()
    }
}

fn dedup(mut set: Set) -> Set {
    set.sort_unstable();
    set.dedup();
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literals of `pattern` and whether they fold.
    fn literals(pattern: &str, ignorecase: bool) -> Option<(Vec<String>, bool)> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(ignorecase)
            .build()
            .parse(pattern)
            .expect("pattern");
        let required = Required::of(pattern, ignorecase)?;
        let mut notes = Notes::default();
        let reading = read(&hir, &mut notes);
        let set = reading.required?;
        let folds = notes.folds;
        assert_eq!(folds, required.folds());
        let set = set
            .into_iter()
            .map(|l| String::from_utf8(l).expect("utf-8"))
            .collect();
        Some((set, folds))
    }

    #[test]
    fn literals_inside_a_pattern_are_found() {
        assert_eq!(
            literals(r"(?:[a-z0-9-]+\.)?qov\.uk|g0v\.uk", true),
            Some((vec!["g0v.uk".into(), "qov.uk".into()], true))
        );
        // The longest literal of a concatenation is the one searched for.
        assert_eq!(
            literals(r"local\s+authority|Local\s+Authority", false),
            Some((vec!["authority".into()], false))
        );
        // Case-insensitive `k` and `s` fold, as does a class of a sign and
        // its letter; a sign alone is a literal.
        assert_eq!(
            literals(r"(?i)\bweeks\b", false),
            Some((vec!["weeks".into()], true))
        );
        assert_eq!(
            literals("wee[k\u{212a}]s", false),
            Some((vec!["weeks".into()], true))
        );
        assert_eq!(
            literals("wee\u{212a}s", false),
            Some((vec!["wee\u{212a}s".into()], false))
        );
        // An optional part is left out, a required repetition kept.
        assert_eq!(
            literals(r"(?i)(?:very )?long(?:er)+ waits", false),
            Some((vec![" waits".into()], true))
        );
        // Consecutive parts join into longer literals; past eight bytes,
        // fewer literals beat longer ones.
        assert_eq!(
            literals(r"(?:www|ofsted|assets|publishing)\.govuk", false),
            Some((
                vec![
                    "assets.govuk".into(),
                    "ofsted.govuk".into(),
                    "publishing.govuk".into(),
                    "www.govuk".into()
                ],
                false
            ))
        );
    }

    #[test]
    fn literals_are_exact_only_for_plain_words_in_any_case() {
        let exact = |p: &str, ignorecase| Required::of(p, ignorecase).map(|r| r.exact());
        assert_eq!(exact(r"(?i)wait|delay|backlog", false), Some(true));
        assert_eq!(exact(r"waits? for", true), Some(true));
        assert_eq!(exact(r"per cent|percent", true), Some(true));
        // A case-sensitive letter, a word boundary, or more than the
        // literals: a literal found is no match found.
        assert_eq!(exact(r"wait|delay", false), Some(false));
        assert_eq!(exact(r"(?i)\bwait", false), Some(false));
        assert_eq!(exact(r"(?i)waits?\s+for", false), Some(false));
        assert_eq!(exact(r"(?i)wait|(?-i:D)elay", false), Some(false));
    }

    #[test]
    fn literals_are_searched_for_from_a_rare_start() {
        assert_eq!(rare_start(b"these"), b"hese");
        assert_eq!(rare_start(b"consistently"), b"onsistently");
        assert_eq!(rare_start(b"which"), b"which");
        // Only common starts: the whole literal.
        assert_eq!(rare_start(b"there"), b"there");
        assert_eq!(rare_start(b"the"), b"the");
        assert_eq!(rare_start(b"at"), b"at");
        // A shortened literal is found where the whole is not: not exact.
        let exact = |p: &str| Required::of(p, false).map(|r| r.exact());
        assert_eq!(exact("(?i)these|those"), Some(false));
        assert_eq!(exact("(?i)which|whose"), Some(true));
    }

    #[test]
    fn patterns_without_a_good_literal_have_none() {
        // A branch with nothing required: nothing is required of a match.
        assert_eq!(literals(r"waits|\d+", false), None);
        // Literals too short to be worth a search.
        assert_eq!(literals(r"a\s+b", false), None);
        assert_eq!(literals(r"x?", false), None);
        assert_eq!(literals(r"[a-z]+ [a-z]+", false), None);
    }

    #[test]
    fn every_match_contains_a_literal() {
        let text = "The Council's plan. THE COUNCIL'S PLAN. Waits of 12 weeks \
                    (WEEKS). gov.co.uk www.QOV.uk. Co-production; co production.";
        let lower = text.to_ascii_lowercase();
        for (pattern, ignorecase) in [
            (r"council(?:'s|’s) plan", true),
            (r"\d+ weeks", true),
            (r"(?:www\.)?qov\.uk|gov\.co\.uk", true),
            (r"co-production|co\s+production", false),
            (r"(?i)plan\.", false),
        ] {
            let required = Required::of(pattern, ignorecase).expect(pattern);
            let regex = regex::RegexBuilder::new(pattern)
                .case_insensitive(ignorecase)
                .build()
                .expect("regex");
            for m in regex.find_iter(text) {
                let found = required
                    .find_at(&lower, m.start())
                    .is_some_and(|(_, end)| end <= m.end());
                assert!(found, "{pattern}: no literal in {:?}", m.as_str());
            }
        }
    }
}
