//! `contradiction`: the same proposition asserted in one sentence and denied
//! in another sentence of the same report ("there were no waits for
//! assessments" and "people waited 20 weeks for an assessment").
//!
//! A rule gives `assert` and `deny` patterns, each with a named capture
//! `topic`. Topics are normalised (lower case, stop words, numbers and
//! plurals off, synonyms from YAML), split at coordinators ("A and B") and
//! cut at words that end a noun phrase ("because", "as"). Two topics match
//! when their content words are the same (`match: equal`), or, for
//! `match: denial_covers`, when the denial's words are all among the
//! assertion's and both end in the same head word: "no waits for
//! assessments" covers "waits for carers assessments", but "no waits for
//! carers assessments" does not cover "waits for assessments".
//!
//! Hedged and time-qualified sentences are left out by the `unless`
//! patterns (rule-wide and per side), and so are pairs in one sentence and,
//! optionally, in one paragraph, where the writer sets the two side by side
//! on purpose ("no waits for assessments, but waits for reviews").
//!
//! With `against_field` instead of `deny`, an assertion's topic is compared
//! with a field the model reads (the headline rating): "the local authority
//! was rated good" in a report rated requires improvement.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};
use regex::RegexSet;
use serde::Deserialize;

use super::{Kind, Run};
use crate::finding::Label;
use crate::rules::search::pattern::Pattern;
use crate::rules::search::prefilter::Needs;
use crate::rules::search::scope::{AnyPattern, Scope, Unit};
use crate::rules::words::one_line;
use crate::rules::{Context, Sink};
use crate::span::Span;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Where both sentences must be (the unit is always the sentence).
    #[serde(default)]
    pub scope: Scope,
    /// How the proposition is asserted.
    pub assert: Box<Side>,
    /// How it is denied; absent when `against_field` is given.
    #[serde(default)]
    pub deny: Option<Box<Side>>,
    /// A model field (such as `rating`) that an assertion's topic must equal
    /// after normalisation; used instead of `deny`.
    #[serde(default)]
    pub against_field: Option<String>,
    /// Sentences matching any of these are used on neither side (reported
    /// speech, hedges, time qualifiers).
    #[serde(default)]
    pub unless: AnyPattern,
    /// How topics are normalised and compared.
    #[serde(default)]
    pub topics: Box<Topics>,
    /// Leave out pairs whose sentences are in the same paragraph.
    #[serde(default)]
    pub skip_same_paragraph: bool,
}

/// A rule of this kind: its parameters with what is made of them.
#[derive(Debug)]
pub struct Rule {
    params: Params,
    /// How topics are normalised and compared, made of `topics`.
    compiled: Compiled,
    /// All of each side's patterns at once, to pass over sentences that
    /// match none: the assertion's, and the denial's.
    assert_any: RegexSet,
    deny_any: Option<RegexSet>,
    /// The rule's scope read by sentence: each side is matched in one.
    sentences: Scope,
}

/// One side of the contradiction.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// Regexes with a named capture `topic`.
    pub patterns: Vec<Pattern>,
    /// Sentences matching any of these are not used for this side.
    #[serde(default)]
    pub unless: AnyPattern,
    /// What the side says, for labels ("says there are waits").
    pub label: String,
    /// Cheap patterns (a few literal words) that every match of `patterns`
    /// contains; sentences without them are passed over. Speed only.
    #[serde(default)]
    pub needs: Needs,
}

impl Side {
    /// Checks the side and makes all its patterns one set.
    fn compile(&self) -> Result<RegexSet, String> {
        if self.patterns.is_empty() {
            return Err("a side has no `patterns`".into());
        }
        for pattern in &self.patterns {
            if !pattern.regex().capture_names().any(|n| n == Some("topic")) {
                return Err(format!(
                    "pattern `{}` has no named capture `topic`",
                    pattern.regex().as_str()
                ));
            }
        }
        RegexSet::new(self.patterns.iter().map(|p| p.regex().as_str())).map_err(|e| e.to_string())
    }
}

/// How topics are normalised and compared.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    /// Words dropped from topics (after lower-casing, before plurals).
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// A topic is cut at the first of these words ("because", "which").
    #[serde(default)]
    pub ends: Vec<String>,
    /// Words that end a topic and narrow it ("no waits for assessments in
    /// the hospital team"). With `match: denial_covers` a denial so narrowed
    /// is not compared: what it denies is narrower than its topic.
    #[serde(default)]
    pub narrowing: Vec<String>,
    /// A topic is split into several at these words ("and", "or").
    #[serde(default)]
    pub split: Vec<String>,
    /// A topic made only of these words is too vague to compare
    /// ("services", "support").
    #[serde(default)]
    pub vague: Vec<String>,
    /// A topic containing one of these words is not compared: anaphora
    /// ("these services") and negations that start another clause ("no
    /// delays for A and no waiting list for B" gives B to another match).
    #[serde(default)]
    pub skip_words: Vec<String>,
    /// Words that, right after a coordinated part, show that the part is the
    /// subject of a new clause ("no delays to discharge and the reablement
    /// service was effective"); such a part is dropped.
    #[serde(default)]
    pub clause_verbs: Vec<String>,
    /// Phrases replaced by another before anything else ("ot":
    /// "occupational therapy"); words are compared lower case and singular.
    #[serde(default)]
    pub synonyms: BTreeMap<String, String>,
    /// How two topics must relate.
    #[serde(default, rename = "match")]
    pub matching: Matching,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// The same content words.
    #[default]
    Equal,
    /// The denial's content words are all in the assertion's topic and both
    /// have the same last word (head noun).
    DenialCovers,
}

#[derive(Debug, Clone, Default)]
struct Compiled {
    stop: HashSet<String>,
    ends: HashSet<String>,
    narrowing: HashSet<String>,
    split: HashSet<String>,
    vague: HashSet<String>,
    skip: HashSet<String>,
    clause_verbs: HashSet<String>,
    /// (phrase, replacement) in content words, longest phrase first.
    synonyms: Vec<(Vec<String>, Vec<String>)>,
}

/// A normalised topic: content words in order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Topic {
    words: Vec<String>,
}

impl Topic {
    fn key(&self) -> String {
        let mut sorted = self.words.clone();
        sorted.sort();
        sorted.dedup();
        sorted.join(" ")
    }

    fn head(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    fn covers(&self, specific: &Topic) -> bool {
        self.head() == specific.head() && self.words.iter().all(|w| specific.words.contains(w))
    }
}

/// A side's match in one sentence.
#[derive(Debug, Clone)]
struct Mention {
    sentence: usize,
    paragraph: usize,
    /// The sentence's span.
    sentence_span: Span,
    /// The regex match, quoted in messages.
    quote: String,
    /// Where the regex match is.
    span: Span,
    topic: Topic,
}

/// Lower-case words of `text`: letters and digits, apostrophes dropped.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
}

/// Lower-case words of `text` with the byte offset where each ends.
fn words_at(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (start, in_word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if let Some(word) = words(&text[s..i]).next() {
                    out.push((word, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The singular every topic word is compared by.
fn singular(word: &str) -> String {
    crate::rules::words::singular(word).into_owned()
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

impl Compiled {
    fn new(topics: &Topics) -> Self {
        let set = |list: &[String]| {
            list.iter()
                .flat_map(|w| words(w))
                .map(|w| singular(&w))
                .collect::<HashSet<_>>()
        };
        let phrase = |text: &str| words(text).map(|w| singular(&w)).collect::<Vec<_>>();
        let mut compiled = Self {
            stop: set(&topics.stop_words),
            ends: set(&topics.ends),
            narrowing: set(&topics.narrowing),
            split: set(&topics.split),
            vague: set(&topics.vague),
            skip: set(&topics.skip_words),
            clause_verbs: set(&topics.clause_verbs),
            synonyms: Vec::new(),
        };
        let mut synonyms: Vec<(Vec<String>, Vec<String>)> = topics
            .synonyms
            .iter()
            .map(|(from, to)| (phrase(from), phrase(to)))
            .filter(|(from, _)| !from.is_empty())
            .collect();
        synonyms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        compiled.synonyms = synonyms;
        compiled
    }

    /// Content words of a phrase: singular, synonyms replaced, no stop
    /// words or numbers.
    fn content(&self, text: &str) -> Vec<String> {
        let raw: Vec<(String, usize)> = words_at(text)
            .into_iter()
            .map(|(w, end)| (singular(&w), end))
            .collect();
        self.apply_synonyms(raw)
            .into_iter()
            .map(|(w, _)| w)
            .filter(|w| !self.stop.contains(w) && !is_number(w))
            .collect()
    }

    /// Replaces synonym phrases; a replacement word ends where the phrase
    /// it replaces ends.
    fn apply_synonyms(&self, words: Vec<(String, usize)>) -> Vec<(String, usize)> {
        if self.synonyms.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        'outer: while i < words.len() {
            for (from, to) in &self.synonyms {
                let rest = &words[i..];
                if rest.len() >= from.len() && rest.iter().zip(from).all(|((w, _), f)| w == f) {
                    let end = rest[from.len() - 1].1;
                    out.extend(to.iter().map(|t| (t.clone(), end)));
                    i += from.len();
                    continue 'outer;
                }
            }
            out.push(words[i].clone());
            i += 1;
        }
        out
    }

    /// The topics a captured phrase names, each with the byte offset in
    /// `text` where its words end: words made singular, synonyms replaced,
    /// cut at an end word, split at coordinators, stop words and numbers
    /// dropped; skipped, vague and empty topics left out.
    #[cfg(test)]
    fn topics(&self, text: &str) -> Vec<(Topic, usize)> {
        self.topics_narrowed(text).0
    }

    /// [`Compiled::topics`], and whether a narrowing word cut them.
    fn topics_narrowed(&self, text: &str) -> (Vec<(Topic, usize)>, bool) {
        let mut narrowed = false;
        let raw: Vec<(String, usize)> = words_at(text)
            .into_iter()
            .map(|(w, end)| (singular(&w), end))
            .collect();
        let mut parts: Vec<Vec<(String, usize)>> = vec![Vec::new()];
        for (word, end) in self.apply_synonyms(raw) {
            if self.clause_verbs.contains(&word) && parts.len() > 1 {
                parts.pop();
                break;
            }
            if self.narrowing.contains(&word) {
                narrowed = true;
                break;
            }
            if self.ends.contains(&word) || self.clause_verbs.contains(&word) {
                break;
            }
            if self.split.contains(&word) {
                parts.push(Vec::new());
                continue;
            }
            if let Some(last) = parts.last_mut() {
                last.push((word, end));
            }
        }
        let topics = parts
            .into_iter()
            .filter(|part| !part.iter().any(|(w, _)| self.skip.contains(w)))
            .filter_map(|part| {
                let end = part.last()?.1;
                let words: Vec<String> = part
                    .into_iter()
                    .map(|(w, _)| w)
                    .filter(|w| !self.stop.contains(w) && !is_number(w))
                    .collect();
                let vague = words.iter().all(|w| self.vague.contains(w));
                (!words.is_empty() && !vague).then_some((Topic { words }, end))
            })
            .collect();
        (topics, narrowed)
    }
}

/// `text` cut to about `max` characters at a word boundary.
fn shorten(text: &str, max: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

impl Rule {
    fn excluded(&self, side: &Side, sentence: &str) -> bool {
        self.params.unless.is_match(sentence) || side.unless.is_match(sentence)
    }

    /// Every match of `side` (its patterns all in `any`) in the sentences in
    /// scope. With `drop_narrowed`, matches whose topic a narrowing word cut
    /// are left out.
    fn mentions(
        &self,
        ctx: &Context<'_>,
        (side, any): (&Side, &RegexSet),
        drop_narrowed: bool,
    ) -> Vec<Mention> {
        let text = ctx.source.text();
        let report = ctx.report;
        let mut out = Vec::new();
        let needed = self.sentences.read(ctx).narrowed(ctx, &side.needs);
        for (index, sentence) in needed
            .iter()
            .filter_map(|unit| Some((unit.index, report.sentences.get(unit.index)?)))
        {
            let sentence_text = sentence.span.of(text);
            if !any.is_match(sentence_text) || self.excluded(side, sentence_text) {
                continue;
            }
            for pattern in &side.patterns {
                for caps in pattern.regex().captures_iter(sentence_text) {
                    let (Some(whole), Some(topic)) = (caps.get(0), caps.name("topic")) else {
                        continue;
                    };
                    let (topics, narrowed) = self.compiled.topics_narrowed(topic.as_str());
                    if narrowed && drop_narrowed {
                        continue;
                    }
                    for (topic_words, end) in topics {
                        // Quote the match up to where this topic ends, or
                        // whole where the pattern reads on past the topic
                        // ("42 enquiries were awaiting allocation").
                        let quote_end = match topic.end() < whole.end() {
                            true => whole.end(),
                            false => topic.start() + end,
                        };
                        let quote = sentence_text
                            .get(whole.start()..quote_end)
                            .unwrap_or(whole.as_str());
                        out.push(Mention {
                            sentence: index,
                            paragraph: sentence.paragraph,
                            sentence_span: sentence.span,
                            quote: shorten(quote, 90),
                            span: Span::new(
                                sentence.span.start + whole.start(),
                                sentence.span.start + whole.end(),
                            ),
                            topic: topic_words,
                        });
                    }
                }
            }
        }
        out
    }

    /// `deny` is the denying side with its patterns all in one set.
    fn run_pairs(&self, ctx: &Context<'_>, deny: (&Side, &RegexSet), sink: &mut Sink<'_>) {
        let denials = self.mentions(
            ctx,
            deny,
            self.params.topics.matching == Matching::DenialCovers,
        );
        if denials.is_empty() {
            return;
        }
        // An assertion pattern may match inside a denial ("did not have a
        // waiting list for"): such matches are not assertions.
        let mut denied: HashMap<usize, Vec<Span>> = HashMap::default();
        for d in &denials {
            denied.entry(d.sentence).or_default().push(d.span);
        }
        let mut asserts = self.mentions(ctx, (&self.params.assert, &self.assert_any), false);
        asserts.retain(|a| {
            !denied.get(&a.sentence).is_some_and(|spans| {
                spans
                    .iter()
                    .any(|s| s.start < a.span.end && a.span.start < s.end)
            })
        });
        if asserts.is_empty() {
            return;
        }
        // Denials indexed by the key the matching needs: all their words for
        // `equal`, their head word for `denial_covers`.
        let mut index: HashMap<String, Vec<&Mention>> = HashMap::default();
        for d in &denials {
            let key = match self.params.topics.matching {
                Matching::Equal => d.topic.key(),
                Matching::DenialCovers => d.topic.head().to_string(),
            };
            index.entry(key).or_default().push(d);
        }
        // For each later sentence, the earlier sentences it contradicts.
        let mut pairs: BTreeMap<usize, Vec<(&Mention, &Mention)>> = BTreeMap::new();
        for a in &asserts {
            let key = match self.params.topics.matching {
                Matching::Equal => a.topic.key(),
                Matching::DenialCovers => a.topic.head().to_string(),
            };
            for d in index.get(&key).into_iter().flatten() {
                if d.sentence == a.sentence
                    || (self.params.skip_same_paragraph && d.paragraph == a.paragraph)
                {
                    continue;
                }
                if self.params.topics.matching == Matching::DenialCovers
                    && !d.topic.covers(&a.topic)
                {
                    continue;
                }
                let (later, earlier) = if a.sentence > d.sentence {
                    (a, *d)
                } else {
                    (*d, a)
                };
                let list = pairs.entry(later.sentence).or_default();
                if !list.iter().any(|(_, e)| e.sentence == earlier.sentence) {
                    list.push((later, earlier));
                }
            }
        }
        for list in pairs.values_mut() {
            list.sort_by_key(|(_, earlier)| earlier.sentence);
            let Some(&(later, earlier)) = list.first() else {
                continue;
            };
            let later_is_assert = asserts.iter().any(|a| std::ptr::eq(a, later));
            let (later_side, earlier_side) = if later_is_assert {
                (&*self.params.assert, deny.0)
            } else {
                (deny.0, &*self.params.assert)
            };
            let mut message = format!(
                "\"{}\" contradicts \"{}\" earlier in the report",
                later.quote, earlier.quote
            );
            if list.len() > 1 {
                message.push_str(&format!(
                    " (and in {} more sentence{})",
                    list.len() - 1,
                    if list.len() > 2 { "s" } else { "" }
                ));
            }
            let related = list
                .iter()
                .map(|(_, e)| {
                    Label::new(
                        e.sentence_span,
                        format!("{}: \"{}\"", earlier_side.label, e.quote),
                    )
                })
                .collect();
            sink.report(
                message,
                Label::new(later.sentence_span, later_side.label.clone()),
                related,
            );
        }
    }

    fn run_field(&self, ctx: &Context<'_>, field: &str, sink: &mut Sink<'_>) {
        let Some(stated) = ctx.report.fields.get(field) else {
            return;
        };
        let stated_words = self.compiled.content(&stated.value);
        if stated_words.is_empty() {
            return;
        }
        let stated_key = Topic {
            words: stated_words,
        }
        .key();
        let mut reported = HashSet::default();
        for mention in self.mentions(ctx, (&self.params.assert, &self.assert_any), false) {
            if mention.topic.key() == stated_key || !reported.insert(mention.sentence) {
                continue;
            }
            sink.report(
                format!(
                    "\"{}\" contradicts the report's {field} `{}`",
                    mention.quote, stated.value
                ),
                Label::new(mention.sentence_span, self.params.assert.label.clone()),
                vec![Label::new(
                    stated.span,
                    format!("{field}: {}", stated.value),
                )],
            );
        }
    }
}

impl Kind for Params {
    type Rule = Rule;

    fn compile(self) -> Result<Rule, String> {
        match (&self.deny, &self.against_field) {
            (Some(_), Some(_)) => {
                return Err("give either `deny` or `against_field`, not both".into())
            }
            (None, None) => return Err("give `deny` or `against_field`".into()),
            _ => {}
        }
        let assert_any = self.assert.compile()?;
        let deny_any = self.deny.as_ref().map(|deny| deny.compile()).transpose()?;
        Ok(Rule {
            compiled: Compiled::new(&self.topics),
            sentences: self.scope.by(Unit::Sentence),
            params: self,
            assert_any,
            deny_any,
        })
    }
}

impl Run for Rule {
    fn run(&self, ctx: &Context<'_>, sink: &mut Sink<'_>) {
        let params = &self.params;
        match (&params.deny, &self.deny_any, &params.against_field) {
            (Some(deny), Some(any), _) => self.run_pairs(ctx, (deny, any), sink),
            (None, _, Some(field)) => self.run_field(ctx, field, sink),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics(stop: &[&str]) -> Compiled {
        Compiled::new(&Topics {
            stop_words: stop.iter().map(|s| s.to_string()).collect(),
            ends: vec!["because".into(), "which".into()],
            narrowing: vec!["in".into()],
            split: vec!["and".into(), "or".into()],
            vague: vec!["service".into()],
            skip_words: vec!["these".into()],
            clause_verbs: vec!["was".into()],
            synonyms: [("OT".to_string(), "occupational therapy".to_string())]
                .into_iter()
                .collect(),
            matching: Matching::DenialCovers,
        })
    }

    #[test]
    fn topics_are_normalised_split_and_cut() {
        let c = topics(&["the", "for", "people"]);
        let t = c.topics("the OT assessments and reviews for 642 people because of demand");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0.words, ["occupational", "therapy", "assessment"]);
        assert_eq!(t[0].1, "the OT assessments".len());
        assert_eq!(t[1].0.words, ["review"]);
        assert!(c.topics("these services").is_empty());
        let (t, narrowed) = c.topics_narrowed("assessments in the north");
        assert!(narrowed && t[0].0.words == ["assessment"]);
        assert!(!c.topics_narrowed("assessments because of demand").1);
        let t = c.topics("hospital discharge and the reablement service was good");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].0.words, ["hospital", "discharge"]);
        assert_eq!(
            c.topics("safeguarding enquiries")[0].0.words,
            ["safeguarding", "enquiry"]
        );
        assert_eq!(c.topics("the process")[0].0.words, ["process"]);
        let t = c.topics("carers’ assessments because of demand");
        assert_eq!(t[0].1, "carers’ assessments".len());
    }

    #[test]
    fn a_general_denial_covers_a_specific_assertion_only() {
        let c = topics(&[]);
        let general = &c.topics("assessments")[0].0;
        let specific = &c.topics("carers assessments")[0].0;
        let other = &c.topics("assessment equipment")[0].0;
        assert!(general.covers(specific));
        assert!(!specific.covers(general));
        assert!(!general.covers(other));
    }

    #[test]
    fn quotes_are_shortened_at_words() {
        assert_eq!(
            shorten("no waits  for\nassessments", 90),
            "no waits for assessments"
        );
        let long = "word ".repeat(40);
        let short = shorten(&long, 20);
        assert!(short.ends_with('…') && short.chars().count() <= 21);
    }
}
