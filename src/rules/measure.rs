//! What a figure in running text measures, as a key: two statements of the
//! same measure, in the same time frame, get the same key.
//!
//! Used by the `claim-agreement` kind (a figure compared with a benchmark,
//! from the model's comparison claims) and the `count-agreement` kind (a
//! whole number followed by what it counts: "642 people were waiting for a
//! carers assessment"). A key has these parts, and statements are
//! compared only when all are equal:
//!
//! - the lead-in: the content words of the clause before the figure
//!   ("for people aged 18 to 64"), once the words that only introduce a
//!   figure (`lead_words`: "national data showed that") are left out;
//! - the measure: the content words that say what the figure is of, from the
//!   figure to the first `breaks` word ("which", "compared") or the
//!   benchmark, lower-cased, with `stop_words`, the council's own name and
//!   plural endings removed, numbers ("aged 65", "24 hours") kept;
//! - for claims, the benchmark, with its `benchmarks` aliases;
//! - the time frame: the years of every date, date range, financial year and
//!   year-like number, and every `time_words` word ("June", "currently"),
//!   from the start of the paragraph to the end of the statement's sentence;
//! - for a statement about a unit its context identifies (`scoped_words`:
//!   "the team had 12 social workers"), its section.
//!
//! A statement is left out when its measure is vague (fewer than
//! `min_words` content words besides `generic` ones such as "people"),
//! when the figure's population is not named (a share that does not go on
//! with "of" or a `populations` word, and has none in its lead-in: "45%
//! felt safe"), when another
//! percentage stands inside the measure, and when its sentence has a
//! `change_words` word ("increased", "target"): such figures are before and
//! after values, forecasts or targets.
//!
//! Every word list is read once into hash sets; each statement is read in a
//! window of its own sentence, so a report costs one pass over its claims
//! and quantities.

use std::borrow::Cow;
use std::collections::BTreeSet;

use foldhash::HashSet;

use serde::Deserialize;

use crate::model::quantities::{ComparisonClaim, QuantityKind};
use crate::model::{ParagraphKind, Report};
use crate::span::Span;

use crate::rules::search::pattern::Pattern;
use crate::rules::words::singular;

/// The word lists a measure key is made with (`measure:` in a rule).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureWords {
    /// Words that carry nothing of the measure ("the", "of", "were").
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// Words that introduce a figure without qualifying it ("national",
    /// "data", "showed"): left out of the lead-in.
    #[serde(default)]
    pub lead_words: Vec<String>,
    /// Words that end what the figure measures ("which", "compared";
    /// "than" unless a number follows, as in "more than 24 hours").
    #[serde(default)]
    pub breaks: Vec<String>,
    /// Words that name who a share is of ("people", "carers"): a share must
    /// go on with "of" or start its measure with one of these.
    #[serde(default)]
    pub populations: Vec<String>,
    /// Words too general to make a measure on their own ("people").
    #[serde(default)]
    pub generic: Vec<String>,
    /// Words that set a time frame (month names, "currently", "previously").
    #[serde(default)]
    pub time_words: Vec<String>,
    /// Words that make a sentence's figures changes, forecasts or targets
    /// ("increased", "target", "would"): the sentence is left out.
    #[serde(default)]
    pub change_words: Vec<String>,
    /// Words that name a unit the context identifies ("the team", "this
    /// panel"): a statement with one in its lead-in or measure is compared
    /// only with statements in the same section.
    #[serde(default)]
    pub scoped_words: Vec<String>,
    /// The fewest content words a measure needs besides `generic` ones:
    /// "people felt safe" has two, "people attended" one.
    #[serde(default = "two")]
    pub min_words: usize,
    /// A field whose words (the council's name) are left out of keys.
    #[serde(default)]
    pub place_field: Option<String>,
}

fn two() -> usize {
    2
}

/// The word lists of [`MeasureWords`] as sets, made once by
/// [`MeasureWords::sets`] when a rule is compiled.
#[derive(Debug, Clone, Default)]
pub struct MeasureSets {
    stop: HashSet<String>,
    lead: HashSet<String>,
    breaks: HashSet<String>,
    populations: HashSet<String>,
    generic: HashSet<String>,
    time: HashSet<String>,
    change: HashSet<String>,
    scoped: HashSet<String>,
}

/// The parameters of `count-agreement` (`counts:` in a rule).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountWords {
    /// A regex over the text just before a number (up to 40 bytes, ending
    /// at the number) that makes it no count of its own: an approximation
    /// ("around"), a bound ("more than"), a label ("section 42"), a
    /// sub-count ("of which"), a range end ("600 to").
    pub not_after: Pattern,
    /// First words after a number that make it no count of a thing: units
    /// ("days", "weeks"), verbs and prepositions ("were", "of").
    #[serde(default)]
    pub not_before: Vec<String>,
}

impl CountWords {
    /// `not_before` as a set, checked: made once when a rule is compiled.
    pub fn units(&self) -> Result<HashSet<String>, String> {
        word_set("not_before", &self.not_before)
    }
}

/// Lower-case words and their stems, checked to be single words.
fn word_set(name: &str, words: &[String]) -> Result<HashSet<String>, String> {
    let mut set = HashSet::with_capacity_and_hasher(words.len() * 2, Default::default());
    for word in words {
        let w = word.trim().to_lowercase();
        if w.is_empty() || w.contains(char::is_whitespace) {
            return Err(format!("`{name}` takes single words, not `{word}`"));
        }
        set.insert(stem(&w));
        set.insert(w);
    }
    Ok(set)
}

impl MeasureWords {
    /// The lists as sets, checked: made once when a rule is compiled.
    pub fn sets(&self) -> Result<MeasureSets, String> {
        if self.min_words == 0 {
            return Err("`min_words` must be at least 1".into());
        }
        Ok(MeasureSets {
            stop: word_set("stop_words", &self.stop_words)?,
            lead: word_set("lead_words", &self.lead_words)?,
            breaks: word_set("breaks", &self.breaks)?,
            populations: word_set("populations", &self.populations)?,
            generic: word_set("generic", &self.generic)?,
            time: word_set("time_words", &self.time_words)?,
            change: word_set("change_words", &self.change_words)?,
            scoped: word_set("scoped_words", &self.scoped_words)?,
        })
    }
}

/// A token of running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Word,
    Number,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Characters that neither make nor break words: emphasis, quotes, list
/// and heading marks, a byte-order mark.
fn transparent(c: char) -> bool {
    matches!(
        c,
        '*' | '_'
            | '`'
            | '"'
            | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
            | '#'
            | '>'
            | '\u{feff}'
    )
}

/// The tokens of `span` of `text`: words (letters, with an inner apostrophe),
/// numbers (digits with thousands commas and decimals) and punctuation. A
/// hyphen between two letters or digits joins nothing: "long-term" is two
/// words, as "long term" is.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let hay = span.of(text);
    let bytes = hay.as_bytes();
    let mut chars = hay.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let inner_apostrophe = matches!(d, '\'' | '\u{2019}')
                    && hay[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if d.is_alphanumeric() || inner_apostrophe {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token {
                tok: Tok::Word,
                span: Span::new(span.start + i, span.start + end),
            });
        } else if c.is_ascii_digit() {
            let mut end = i + 1;
            while end < bytes.len() {
                let b = bytes[end];
                let digit_after = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                if b.is_ascii_digit() || ((b == b',' || b == b'.') && digit_after) {
                    end += 1;
                } else {
                    break;
                }
            }
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            out.push(Token {
                tok: Tok::Number,
                span: Span::new(span.start + i, span.start + end),
            });
        } else if c.is_whitespace() || transparent(c) {
            continue;
        } else {
            let joins = c == '-'
                && i > 0
                && hay[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                && hay[i + 1..].chars().next().is_some_and(char::is_alphabetic);
            if !joins {
                out.push(Token {
                    tok: Tok::Punct(c),
                    span: Span::new(span.start + i, span.start + i + c.len_utf8()),
                });
            }
        }
    }
}

/// A word lower-cased, without a possessive ending; most words are written
/// in lower case already and are not copied.
fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    let w = word.to_lowercase();
    for ending in ["'s", "\u{2019}s", "s'", "s\u{2019}"] {
        if let Some(base) = w.strip_suffix(ending) {
            if ending.starts_with('s') {
                return Cow::Owned(format!("{base}s"));
            }
            return Cow::Owned(base.to_string());
        }
    }
    Cow::Owned(w)
}

/// A word's singular ("services" and "service", "enquiries" and "enquiry"
/// share a stem): [`crate::rules::words::singular`]. Only ever compared with
/// other stems.
pub fn stem(word: &str) -> String {
    singular(word).into_owned()
}

/// What a report's statements are read with: the word sets, the council's
/// words, and the running time frame of the paragraph being read.
pub struct Reader<'a> {
    pub words: &'a MeasureWords,
    sets: &'a MeasureSets,
    text: &'a str,
    report: &'a Report,
    place: HashSet<String>,
    /// Indices into `report.quantities` of the dates, ranges, financial
    /// years and year-like numbers, with the years each names.
    frame: Frame,
    tokens: Vec<Token>,
}

/// The time frame read so far in one paragraph.
#[derive(Default)]
struct Frame {
    paragraph: Option<usize>,
    /// Read up to this byte.
    upto: usize,
    years: BTreeSet<i32>,
    words: BTreeSet<String>,
}

/// A statement of a figure, keyed by what it measures.
#[derive(Debug, Clone)]
pub struct Keyed {
    /// Lead-in, measure, (benchmark,) time frame.
    pub key: String,
    /// The measure as written, for messages.
    pub measure: Span,
    /// The sentence holding the figure (index into `report.sentences`).
    pub sentence: usize,
}

fn is_year(value: f64, token: &str) -> bool {
    (1900.0..=2100.0).contains(&value) && value.fract() == 0.0 && !token.contains(',')
}

impl<'a> Reader<'a> {
    /// A reader of `report` (its text `text`) with the lists `words` and
    /// their sets.
    pub fn new(
        (words, sets): (&'a MeasureWords, &'a MeasureSets),
        text: &'a str,
        report: &'a Report,
    ) -> Self {
        let mut place = HashSet::default();
        if let Some(field) = words
            .place_field
            .as_ref()
            .and_then(|name| report.fields.get(name))
        {
            for w in field.value.split(|c: char| !c.is_alphanumeric()) {
                if !w.is_empty() {
                    let w = w.to_lowercase();
                    place.insert(stem(&w));
                    place.insert(w);
                }
            }
        }
        Self {
            words,
            sets,
            text,
            report,
            place,
            frame: Frame::default(),
            tokens: Vec::new(),
        }
    }

    fn word(&self, token: Token) -> Cow<'a, str> {
        lower(token.span.of(self.text))
    }

    fn is(&self, set: &HashSet<String>, word: &str) -> bool {
        if set.contains(word) {
            return true;
        }
        let stem = singular(word);
        stem.len() != word.len() && set.contains(stem.as_ref())
    }

    /// Whether `word` is left out of keys: a stop word or the council's.
    fn ignored(&self, word: &str) -> bool {
        self.is(&self.sets.stop, word) || self.is(&self.place, word)
    }

    /// The index of the sentence holding byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let sentences = &self.report.sentences;
        let i = sentences
            .partition_point(|s| s.span.start <= at)
            .checked_sub(1)?;
        sentences[i].span.contains(Span::new(at, at)).then_some(i)
    }

    /// Whether a word of `tokens` names a unit the context identifies.
    fn scoped(&self, tokens: &[Token]) -> bool {
        tokens
            .iter()
            .any(|t| t.tok == Tok::Word && self.is(&self.sets.scoped, &self.word(*t)))
    }

    /// The key part that keeps a statement to its section, when it is
    /// `scoped`.
    fn section_part(&self, scoped: bool, paragraph: usize) -> String {
        if !scoped {
            return String::new();
        }
        let section = self
            .report
            .paragraphs
            .get(paragraph)
            .and_then(|p| p.section);
        format!("|section {section:?}")
    }

    /// Whether a sentence has a change word.
    fn changes(&mut self, sentence: Span) -> bool {
        self.tokens.clear();
        tokenize(self.text, sentence, &mut self.tokens);
        let tokens = std::mem::take(&mut self.tokens);
        let found = tokens
            .iter()
            .any(|t| t.tok == Tok::Word && self.is(&self.sets.change, &self.word(*t)));
        self.tokens = tokens;
        found
    }

    /// Whether `span` lies inside a date, date range or financial year.
    fn in_date(&self, span: Span) -> bool {
        let q = &self.report.quantities;
        let i = q.partition_point(|x| x.span.start <= span.start);
        i.checked_sub(1).is_some_and(|i| {
            q[i].span.contains(span)
                && matches!(
                    q[i].kind,
                    QuantityKind::Date { .. }
                        | QuantityKind::DateRange { .. }
                        | QuantityKind::FinancialYear { .. }
                )
        })
    }

    /// The time frame from the start of `paragraph` to byte `end`, as a
    /// key part. Statements must be read in document order.
    fn frame(&mut self, paragraph: usize, end: usize) -> String {
        let Some(p) = self.report.paragraphs.get(paragraph) else {
            return String::new();
        };
        if self.frame.paragraph != Some(paragraph) || end < self.frame.upto {
            self.frame = Frame {
                paragraph: Some(paragraph),
                upto: p.span.start,
                ..Frame::default()
            };
        }
        let from = self.frame.upto;
        if end > from {
            let q = &self.report.quantities;
            let first = q.partition_point(|x| x.span.start < from);
            for quantity in q[first..].iter().take_while(|x| x.span.end <= end) {
                match &quantity.kind {
                    QuantityKind::Date { date } => {
                        self.frame.years.insert(date.year);
                    }
                    QuantityKind::DateRange { range } => {
                        self.frame.years.insert(range.start.year);
                        self.frame.years.insert(range.end.year);
                    }
                    QuantityKind::FinancialYear { first, second } => {
                        self.frame.years.insert(*first);
                        self.frame.years.insert(*second);
                    }
                    QuantityKind::Number { value }
                        if is_year(*value, quantity.span.of(self.text)) =>
                    {
                        self.frame.years.insert(*value as i32);
                    }
                    _ => {}
                }
            }
            self.tokens.clear();
            tokenize(self.text, Span::new(from, end), &mut self.tokens);
            let tokens = std::mem::take(&mut self.tokens);
            for t in &tokens {
                if t.tok == Tok::Word {
                    let w = self.word(*t);
                    if self.is(&self.sets.time, &w) {
                        self.frame.words.insert(stem(&w));
                    }
                }
            }
            self.tokens = tokens;
            self.frame.upto = end;
        }
        let mut key = String::new();
        for y in &self.frame.years {
            key.push_str(&y.to_string());
            key.push(' ');
        }
        for w in &self.frame.words {
            key.push_str(w);
            key.push(' ');
        }
        key
    }

    /// The lead-in's content words, between `from` and `to`: left out are
    /// lead and stop words, the council's words, and the numbers of dates
    /// (the time frame has them).
    fn lead(&self, from: usize, to: usize, tokens: &mut Vec<Token>) -> String {
        tokens.clear();
        if to > from {
            tokenize(self.text, Span::new(from, to), tokens);
        }
        let mut key = String::new();
        for t in tokens.iter() {
            let part = match t.tok {
                Tok::Word => {
                    let w = self.word(*t);
                    if self.ignored(&w)
                        || self.is(&self.sets.lead, &w)
                        || self.is(&self.sets.time, &w)
                    {
                        continue;
                    }
                    stem(&w)
                }
                Tok::Number => {
                    let raw = t.span.of(self.text);
                    let value: f64 = raw.replace(',', "").parse().unwrap_or(-1.0);
                    if is_year(value, raw) || self.in_date(t.span) {
                        continue;
                    }
                    raw.replace(',', "")
                }
                Tok::Punct(_) => continue,
            };
            key.push_str(&part);
            key.push(' ');
        }
        key
    }

    /// Where the clause holding byte `at` starts, no earlier than `floor`:
    /// after the last `;` or `:` before it.
    fn clause_start(&self, floor: usize, at: usize) -> usize {
        let before = self.text.get(floor..at).unwrap_or("");
        before.rfind([';', ':']).map_or(floor, |i| floor + i + 1)
    }

    /// The measure's content words in `tokens` (in order), as stems, and the
    /// span from the first to the last; `None` when it is vague, when a
    /// percentage stands in it, or (with `explicit`) when it does not name
    /// its population.
    fn measure(&self, tokens: &[Token], explicit: bool) -> Option<(Vec<String>, Span)> {
        let mut words = Vec::new();
        let mut first: Option<Span> = None;
        let mut last: Option<Span> = None;
        let mut specific = 0;
        let mut leading = true;
        for (i, t) in tokens.iter().enumerate() {
            match t.tok {
                Tok::Word => {
                    let w = self.word(*t);
                    if leading && explicit {
                        leading = false;
                        let named = w == "of" || self.is(&self.sets.populations, &w);
                        if !named {
                            return None;
                        }
                    }
                    if self.ignored(&w) {
                        continue;
                    }
                    let s = stem(&w);
                    if !self.is(&self.sets.generic, &w) {
                        specific += 1;
                    }
                    words.push(s);
                }
                Tok::Number => {
                    if tokens.get(i + 1).is_some_and(|n| n.tok == Tok::Punct('%')) {
                        return None;
                    }
                    words.push(t.span.of(self.text).replace(',', ""));
                }
                Tok::Punct(_) => continue,
            }
            first.get_or_insert(t.span);
            last = Some(t.span);
        }
        if specific < self.words.min_words {
            return None;
        }
        let (first, last) = (first?, last?);
        Some((words, Span::new(first.start, last.end)))
    }

    /// Whether word `i` of `tokens` is a break: a `breaks` word, but not
    /// "than" before a number ("more than 24 hours").
    fn breaks_at(&self, tokens: &[Token], i: usize) -> bool {
        let w = self.word(tokens[i]);
        self.is(&self.sets.breaks, &w)
            && !(w == "than" && tokens.get(i + 1).is_some_and(|n| n.tok == Tok::Number))
    }

    /// The tokens of `span` up to the first break: a `breaks` word ("than"
    /// not before a number), `;`, `:` or the end of a sentence.
    fn until_break(&self, span: Span, out: &mut Vec<Token>) {
        let start = out.len();
        tokenize(self.text, span, out);
        let mut cut = out.len();
        for i in start..out.len() {
            let t = out[i];
            let stop = match t.tok {
                Tok::Punct(c) => matches!(c, ';' | ':' | '.' | '!' | '?'),
                Tok::Word => self.breaks_at(out, i),
                Tok::Number => false,
            };
            if stop {
                cut = i;
                break;
            }
        }
        out.truncate(cut);
    }

    /// The key of a comparison claim, without the benchmark; `None` when
    /// the claim has no figure or its measure cannot be keyed. `ends` are
    /// where the earlier claims of its sentence end: the clause before the
    /// figure starts after the last of them before it.
    pub fn claim(&mut self, claim: &ComparisonClaim, ends: &[usize]) -> Option<Keyed> {
        let value = claim.value_span?;
        let sentence = self.sentence_at(value.start)?;
        let sentence_span = self.report.sentences[sentence].span;
        if self.changes(sentence_span)
            || (claim.value_in_previous_sentence && self.changes(claim.sentence))
        {
            return None;
        }
        let leading = claim
            .relation_span
            .filter(|r| r.end <= value.start && r.start >= sentence_span.start);
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        let lead_to = leading.map_or(value.start, |r| r.start);
        if let Some(rel) = leading {
            // "fewer carers (21%) had a break than ...": the words between
            // the comparative and the figure, then those after it.
            tokenize(self.text, Span::new(rel.end, value.start), &mut tokens);
        }
        let end = if claim.value_in_previous_sentence {
            sentence_span.end
        } else {
            match claim.relation_span {
                Some(r) if r.start >= value.end && r.start < claim.benchmark_span.start => r.start,
                _ => claim.benchmark_span.start,
            }
        };
        self.until_break(Span::new(value.end, end.max(value.end)), &mut tokens);
        let floor = ends
            .iter()
            .copied()
            .filter(|e| *e <= lead_to)
            .max()
            .unwrap_or(0)
            .max(sentence_span.start)
            .min(lead_to);
        let clause = self.clause_start(floor, lead_to);
        let mut lead_tokens = Vec::new();
        let lead = self.lead(clause, lead_to, &mut lead_tokens);
        // "For carers, 45% felt safe": the lead-in names the population.
        let named_before = lead
            .split(' ')
            .any(|w| !w.is_empty() && self.sets.populations.contains(w));
        let measure = self.measure(&tokens, !named_before);
        let scoped = self.scoped(&tokens) || self.scoped(&lead_tokens);
        self.tokens = tokens;
        let (words, span) = measure?;
        let paragraph = self.report.sentences[sentence].paragraph;
        let frame = self.frame(paragraph, claim.sentence.end.max(sentence_span.end));
        let section = self.section_part(scoped, paragraph);
        Some(Keyed {
            key: format!("{lead}|{}|{frame}{section}", words.join(" ")),
            measure: span,
            sentence,
        })
    }

    /// The counts of the report: whole numbers followed by what they count,
    /// keyed, with their value and span, in document order.
    /// `units` is `words`' [`CountWords::units`].
    pub fn counts(
        &mut self,
        (words, units): (&CountWords, &HashSet<String>),
    ) -> Vec<(Keyed, f64, Span)> {
        let mut out = Vec::new();
        let report = self.report;
        let text = self.text;
        let mut tokens = std::mem::take(&mut self.tokens);
        let mut sentence = 0usize;
        let mut changed: Option<(usize, bool)> = None;
        for quantity in &report.quantities {
            let QuantityKind::Number { value } = quantity.kind else {
                continue;
            };
            let span = quantity.span;
            let raw = span.of(text);
            if quantity.decimals != 0 || value < 1.0 || is_year(value, raw) {
                continue;
            }
            // The sentence holding it: sentences and quantities are both in
            // document order.
            while sentence < report.sentences.len()
                && report.sentences[sentence].span.end <= span.start
            {
                sentence += 1;
            }
            let Some(s) = report.sentences.get(sentence) else {
                break;
            };
            if !s.span.contains(span) {
                continue;
            }
            if report
                .paragraphs
                .get(s.paragraph)
                .is_some_and(|p| p.kind == ParagraphKind::TableRow)
            {
                continue;
            }
            // Right after the number: a space and a word.
            let after = text.get(span.end..s.span.end).unwrap_or("");
            let after_trim = after.trim_start_matches(transparent);
            if !after_trim.starts_with(char::is_whitespace) {
                continue;
            }
            let window_start = floor_char(text, span.start.saturating_sub(40).max(s.span.start));
            // Emphasis around the number is not text: "about **600**".
            let before = text
                .get(window_start..span.start)
                .unwrap_or("")
                .trim_end_matches(transparent);
            if words.not_after.regex().is_match(before) {
                continue;
            }
            tokens.clear();
            // What it counts ends within a few hundred bytes, or it is no
            // phrase to key.
            let window = floor_char(text, s.span.end.min(span.end + MAX_PHRASE));
            if !self.until_count_break(Span::new(span.end, window), &mut tokens)
                && window < s.span.end
            {
                continue;
            }
            let Some(first) = tokens.first().copied() else {
                continue;
            };
            if first.tok != Tok::Word {
                continue;
            }
            let w = self.word(first);
            if self.is(units, &w) {
                continue;
            }
            let Some((key_words, measure)) = self.measure(&tokens, false) else {
                continue;
            };
            let has_change = match changed {
                Some((i, c)) if i == sentence => c,
                _ => {
                    let c = self.changes(s.span);
                    changed = Some((sentence, c));
                    c
                }
            };
            if has_change {
                continue;
            }
            let mut scoped = self.scoped(&tokens);
            let clause = self.clause_start(s.span.start, span.start);
            let lead = self.lead(clause, span.start, &mut tokens);
            scoped |= self.scoped(&tokens);
            let frame = self.frame(s.paragraph, s.span.end);
            let section = self.section_part(scoped, s.paragraph);
            out.push((
                Keyed {
                    key: format!("{lead}|{}|{frame}{section}", key_words.join(" ")),
                    measure,
                    sentence,
                },
                value,
                span,
            ));
        }
        self.tokens = tokens;
        out
    }

    /// The tokens after a count up to the end of what it counts: a break
    /// word or a punctuation mark other than a dash, slash, plus or
    /// ampersand (`,` `;` `.` brackets, the `@` of an address). Numbers stay
    /// ("aged 18-64"). Whether a break was found.
    fn until_count_break(&self, span: Span, out: &mut Vec<Token>) -> bool {
        tokenize(self.text, span, out);
        let cut = (0..out.len()).find(|&i| match out[i].tok {
            Tok::Punct(c) => !matches!(c, '-' | '\u{2013}' | '/' | '+' | '&'),
            Tok::Number => false,
            Tok::Word => self.breaks_at(out, i),
        });
        if let Some(cut) = cut {
            out.truncate(cut);
        }
        cut.is_some()
    }
}

/// The longest phrase after a count that is read, in bytes.
const MAX_PHRASE: usize = 300;

/// The largest char boundary of `text` at or before `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(Tok, &str)> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.into_iter().map(|t| (t.tok, t.span.of(text))).collect()
    }

    #[test]
    fn tokens_split_hyphens_and_keep_numbers_whole() {
        assert_eq!(
            words("**1,425** long-term carers' (18-64), 55.1%"),
            vec![
                (Tok::Number, "1,425"),
                (Tok::Word, "long"),
                (Tok::Word, "term"),
                (Tok::Word, "carers"),
                (Tok::Punct('('), "("),
                (Tok::Number, "18"),
                (Tok::Punct('-'), "-"),
                (Tok::Number, "64"),
                (Tok::Punct(')'), ")"),
                (Tok::Punct(','), ","),
                (Tok::Number, "55.1"),
                (Tok::Punct('%'), "%"),
            ]
        );
        assert_eq!(
            words("people\u{2019}s"),
            vec![(Tok::Word, "people\u{2019}s")]
        );
    }

    #[test]
    fn stems_and_possessives() {
        assert_eq!(stem("services"), "service");
        assert_eq!(stem("enquiries"), "enquiry");
        assert_eq!(stem("access"), "access");
        assert_eq!(lower("People's"), "people");
        assert_eq!(lower("carers'"), "carers");
    }
}
