//! Report families: the template of a kind of report, as data.
//!
//! A family (CQC local authority assessment, Ofsted letter, ...) is described
//! in YAML under `family:` in a rule pack: how to recognise it, the headings it
//! uses with their nesting depth and aliases, the entities it scores (quality
//! statements), which sections carry summary and body scores, and the fields
//! to read from the text (council, dates, rating, addressee). The model
//! builder is generic; adding a family is a YAML file, not Rust.

use std::collections::{BTreeMap, HashMap};

use std::borrow::Cow;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::literals::Required;
use serde::Deserialize;

/// A family as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    /// Stable identifier, used by `--kind` and by rule packs' `applies_to`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Regexes, each a marker of the family on one of the report's short
    /// lines (headings, one-line paragraphs), matched line by line; a
    /// report matching at least
    /// `detect_min` of them, and more than of any other family's, belongs
    /// to this family.
    #[serde(default)]
    pub detect: Vec<String>,
    /// How many markers a report needs (default 1). A family whose markers
    /// are words other reports use too ("Ofsted", "Dear") asks for more, so
    /// that one shared word never decides the family on its own.
    #[serde(default)]
    pub detect_min: Option<usize>,
    /// The headings the template knows.
    #[serde(default)]
    pub headings: Vec<HeadingSpec>,
    /// The scored entities (quality statements, key questions).
    #[serde(default)]
    pub scored: Option<ScoredSpec>,
    /// Values read from the text.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldSpec>,
}

/// A heading of the template and the role it plays.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadingSpec {
    /// What the section is, for rules and the outline (`theme`, `statement`).
    pub role: String,
    /// Nesting depth: 1 for the title, 2 for top-level sections, and so on.
    pub depth: u8,
    /// Exact names (compared ignoring case, emphasis, curly quotes, spacing
    /// and trailing punctuation).
    #[serde(default)]
    pub names: Vec<String>,
    /// A regex on the heading's cleaned text, for headings that vary.
    #[serde(default)]
    pub pattern: Option<String>,
    /// The heading is the name of a scored entity.
    #[serde(default)]
    pub entity: bool,
    /// Score lines in this section are `summary` or `body` scores.
    #[serde(default)]
    pub scores: Option<ScorePlace>,
    /// Bare lines in this section may be sub-headings the template does not
    /// list (the findings under "Key findings").
    #[serde(default)]
    pub open: bool,
}

/// Where a score was stated.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ScorePlace {
    /// The summary table near the top.
    Summary,
    /// The entity's own section.
    Body,
}

impl ScorePlace {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Body => "body",
        }
    }
}

/// The entities a family scores.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoredSpec {
    /// What one entity is called in messages ("quality statement").
    pub entity: String,
    pub items: Vec<EntitySpec>,
    /// Grades in words ("good", "requires improvement to be good"), for
    /// families that judge instead of scoring: each entity's grade is read
    /// where its name stands with the grade on a line after it (a judgement
    /// table, as text from PDF lays it out: the first such place is the
    /// summary, later ones the body) or after a colon (a section heading,
    /// the body). See [`Graded`].
    #[serde(default)]
    pub grades: Vec<GradeSpec>,
    /// Sentences that give an entity's grade ("Children's services in
    /// Brent are good", the overall judgement of reports before 2018). The
    /// first is the entity's summary when no table row gives one; every
    /// other is its body.
    #[serde(default)]
    pub statements: Vec<StatementSpec>,
}

/// A sentence that gives one entity's grade.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementSpec {
    /// The entity's id.
    pub entity: String,
    /// Case-insensitive regex in which `{grade}` stands for any grade's
    /// words, read as the group `grade`.
    pub pattern: String,
}

/// A grade in words and the value it stands for (higher is better, as
/// scores are).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeSpec {
    pub value: u32,
    /// The grade as reports print it; messages use this form.
    pub name: String,
    /// Other forms of the same grade ("requires improvement").
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The compiled readers of a graded family's judgements.
#[derive(Debug)]
pub struct Graded {
    /// Name, then its grade on a later line after a blank line.
    pub table: Regex,
    /// Name, then a colon, `is` or `are` (or nothing, before `requires
    /// improvement`) and the grade, at most one line break between.
    pub heading: Regex,
    /// Sentences giving an entity's grade: (entity id, regex).
    pub statements: Vec<(String, Regex)>,
    /// Normalised grade form -> (value, printed name).
    grades: HashMap<String, (u32, String)>,
}

impl Graded {
    fn new(scored: &ScoredSpec) -> Result<Option<Self>, String> {
        if scored.grades.is_empty() {
            return Ok(None);
        }
        let words = |text: &str| {
            text.split_whitespace()
                .map(|w| regex::escape(w).replace(['\'', '\u{2019}'], "['\u{2019}]"))
                .collect::<Vec<_>>()
                .join(r"\s+")
        };
        let mut grades = HashMap::new();
        let mut grade_forms = Vec::new();
        for grade in &scored.grades {
            for form in std::iter::once(&grade.name).chain(&grade.aliases) {
                grades.insert(normalize_name(form), (grade.value, grade.name.clone()));
                grade_forms.push(form.clone());
            }
        }
        // Longer forms first, so that "requires improvement to be good" is
        // not read as "requires improvement".
        grade_forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        let grade_re = grade_forms
            .iter()
            .map(|f| words(f))
            .collect::<Vec<_>>()
            .join("|");
        let mut names: Vec<&str> = scored
            .items
            .iter()
            .flat_map(|e| {
                std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
            })
            .map(|n| n.strip_prefix("The ").unwrap_or(n))
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let name_re = names.iter().map(|n| words(n)).collect::<Vec<_>>().join("|");
        // An optional number ("2.1 ") and "The" before the name; a form
        // feed where a section starts a page of text from PDF.
        let lead = r"^[ \t\x0c]*(?:\d+(?:\.\d+)*\.?[ \t]+)?(?:the\s+)?";
        let end = r"[ \t]*\.?[ \t]*$";
        let table = format!(
            r"(?im){lead}(?P<name>{name_re})[ \t]*\.?[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*(?P<grade>{grade_re}){end}"
        );
        // "...protection: good", "...care leavers is good", "... is: good",
        // "...governance require improvement" (the grade is its own verb);
        // never across a blank line, which is the table's layout.
        let heading = format!(
            r"(?im){lead}(?P<name>{name_re})(?:[ \t]*:|\s+(?:is|are)(?:[ \t]*:)?)?[ \t]*(?:\r?\n[ \t]*)?(?P<grade>{grade_re}){end}"
        );
        let compile = |what: &str, p: &str| {
            compile_pattern(p).map_err(|e| format!("{what}: cannot read the judgements: {e}"))
        };
        let mut statements = Vec::new();
        for statement in &scored.statements {
            if !scored.items.iter().any(|e| e.id == statement.entity) {
                return Err(format!(
                    "statement: `{}` is not one of the family's entities",
                    statement.entity
                ));
            }
            if !statement.pattern.contains("{grade}") {
                return Err(format!(
                    "statement for `{}`: the pattern has no `{{grade}}`",
                    statement.entity
                ));
            }
            let pattern = format!(
                "(?i){}",
                statement
                    .pattern
                    .replace("{grade}", &format!("(?P<grade>{grade_re})"))
            );
            statements.push((
                statement.entity.clone(),
                compile("judgement statement", &pattern)?,
            ));
        }
        Ok(Some(Self {
            table: compile("judgement table", &table)?,
            heading: compile("judgement heading", &heading)?,
            statements,
            grades,
        }))
    }

    /// The value and printed name of a grade as written.
    pub fn grade(&self, written: &str) -> Option<(u32, &str)> {
        self.grades
            .get(&normalize_name(written))
            .map(|(v, n)| (*v, n.as_str()))
    }
}

/// One scored entity with its canonical name and the variants seen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The group the entity belongs to: the value the `group` capture of a
    /// heading pattern reads from the heading of the section that holds the
    /// entity's section (the `1` of `Theme 1: ...`).
    #[serde(default)]
    pub group: Option<String>,
}

/// A value read from the text by a regex.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Multi-line, CRLF-aware regex. The group `value` (or the whole match)
    /// is the field's value; other named groups become its parts.
    pub pattern: String,
    /// Search only inside the first section with this role.
    #[serde(default)]
    pub section: Option<String>,
    /// How to read the value.
    #[serde(default, rename = "type")]
    pub kind: FieldKind,
}

/// How a field's text is interpreted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    Date,
    DateRange,
    NameList,
}

/// A family ready to use: regexes compiled, names indexed.
#[derive(Debug)]
pub struct Family {
    pub spec: FamilySpec,
    detect: Vec<Regex>,
    /// For each detection pattern, the literals every match holds: a
    /// skeleton without any of them is not read with the regex.
    detect_literals: Vec<Option<Required>>,
    heading_patterns: Vec<(usize, Regex)>,
    /// All of `heading_patterns` at once: a line is read once, not once
    /// per pattern.
    heading_set: RegexSet,
    heading_names: HashMap<String, usize>,
    entity_names: HashMap<String, usize>,
    /// The longest key of `heading_names` and `entity_names`, in bytes: a
    /// line whose name is longer is none of them.
    longest_name: usize,
    pub fields: Vec<(String, FieldSpec, Regex)>,
    /// The readers of judgements in words, for a family with `grades`.
    pub graded: Option<Graded>,
}

/// A heading the template recognised.
#[derive(Debug, Clone, Copy)]
pub struct HeadingMatch<'a> {
    pub spec: &'a HeadingSpec,
    /// Index of `spec` in the family's headings.
    pub index: usize,
    /// Index of the entity the heading names, for entity headings.
    pub entity: Option<usize>,
}

/// A regex as families and rules write it: multi-line, CRLF-aware.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .crlf(true)
        .size_limit(10 * (1 << 20))
        .build()
}

impl Family {
    /// Compiles a spec; the error names the pattern that failed.
    pub fn new(spec: FamilySpec) -> Result<Self, String> {
        let compile = |what: &str, p: &str| {
            compile_pattern(p).map_err(|e| format!("{what}: invalid regex `{p}`: {e}"))
        };
        let detect = spec
            .detect
            .iter()
            .map(|p| compile("detect", p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut heading_patterns = Vec::new();
        let mut heading_names = HashMap::new();
        for (i, heading) in spec.headings.iter().enumerate() {
            if let Some(p) = &heading.pattern {
                heading_patterns.push((i, compile(&format!("heading `{}`", heading.role), p)?));
            }
            for name in &heading.names {
                heading_names.insert(normalize_name(name), i);
            }
        }
        let heading_set = RegexSetBuilder::new(heading_patterns.iter().map(|(_, re)| re.as_str()))
            .multi_line(true)
            .crlf(true)
            .size_limit(10 * (1 << 20))
            .build()
            .map_err(|e| format!("heading patterns: {e}"))?;
        let mut entity_names = HashMap::new();
        if let Some(scored) = &spec.scored {
            for (i, item) in scored.items.iter().enumerate() {
                entity_names.insert(normalize_name(&item.name), i);
                for alias in &item.aliases {
                    entity_names.insert(normalize_name(alias), i);
                }
            }
        }
        let fields = spec
            .fields
            .iter()
            .map(|(name, field)| {
                compile(&format!("field `{name}`"), &field.pattern)
                    .map(|re| (name.clone(), field.clone(), re))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let graded = match &spec.scored {
            Some(scored) => Graded::new(scored)?,
            None => None,
        };
        let detect_literals = spec.detect.iter().map(|p| Required::of(p, false)).collect();
        Ok(Self {
            spec,
            detect,
            detect_literals,
            heading_patterns,
            heading_set,
            longest_name: heading_names
                .keys()
                .chain(entity_names.keys())
                .map(String::len)
                .max()
                .unwrap_or(0),
            heading_names,
            entity_names,
            fields,
            graded,
        })
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// How many detection patterns match a line of `text` (a skeleton),
    /// or `None` as soon as the patterns left cannot bring that to
    /// `needed`: a family that cannot win is not read to the end.
    ///
    /// `lower` is `text` with ASCII letters lower-cased: a pattern is run
    /// only on the lines where `lower` holds its literals (see
    /// [`Required`]), unless `folding` says the text holds a character the
    /// literals leave out. A skeleton line is short, so a pattern the fast
    /// engines cannot run (a Unicode `\b` beside a non-ASCII character)
    /// costs little there, where over the whole skeleton it would not.
    pub fn detection_score(
        &self,
        text: &str,
        lower: &str,
        folding: bool,
        needed: usize,
    ) -> Option<usize> {
        let needed = needed.max(self.min_markers());
        let mut score = 0;
        for i in 0..self.detect.len() {
            if score + (self.detect.len() - i) < needed {
                return None;
            }
            score += usize::from(self.marker_line(i, text, lower, folding).is_some());
        }
        (score >= needed).then_some(score)
    }

    /// The first line of `text` the detection pattern `i` matches.
    fn marker_line<'t>(
        &self,
        i: usize,
        text: &'t str,
        lower: &str,
        folding: bool,
    ) -> Option<&'t str> {
        let re = self.detect.get(i)?;
        let literals = match self.detect_literals.get(i) {
            Some(Some(literals)) if !(folding && literals.folds()) => literals,
            _ => return text.lines().find(|line| re.is_match(line)),
        };
        let mut at = 0;
        while let Some((start, end)) = literals.find_at(lower, at) {
            // Line breaks are char boundaries wherever the literal is.
            let bytes = text.as_bytes();
            let line_start = bytes[..start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| end + i);
            let line = text.get(line_start..line_end).unwrap_or_default();
            if re.is_match(line) {
                return Some(line);
            }
            at = line_end;
        }
        None
    }

    /// The least number of markers a report of this family matches.
    pub fn min_markers(&self) -> usize {
        self.spec
            .detect_min
            .unwrap_or(1)
            .clamp(1, self.detect.len().max(1))
    }

    /// For each detection pattern `text` (a skeleton, one short line each)
    /// matches, the first line it matches: what decided the family, for
    /// the outline.
    pub fn markers(&self, text: &str) -> Vec<String> {
        let lower = text.to_ascii_lowercase();
        let folding = text.contains(crate::literals::FOLDING_SIGNS);
        (0..self.detect.len())
            .filter_map(|i| self.marker_line(i, text, &lower, folding))
            .map(|line| line.trim().to_string())
            .collect()
    }

    /// The name the template gives the entity `id`, or the id itself.
    pub fn entity_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.entities()
            .iter()
            .find(|e| e.id == id)
            .map_or(id, |e| e.name.as_str())
    }

    /// The entity whose name or alias `text` is.
    pub fn entity(&self, text: &str) -> Option<usize> {
        let key = normalized_within(text, self.longest_name)?;
        self.entity_names.get(&key).copied()
    }

    /// The template heading `text` is, if any. Names win over entity
    /// headings, which win over patterns.
    pub fn heading(&self, text: &str) -> Option<HeadingMatch<'_>> {
        // Most lines asked about are running text, far longer than any
        // name: their key is not made in full.
        if let Some(key) = normalized_within(text, self.longest_name) {
            if let Some(&i) = self.heading_names.get(&key) {
                return Some(HeadingMatch {
                    spec: &self.spec.headings[i],
                    index: i,
                    entity: None,
                });
            }
            if let Some(&entity) = self.entity_names.get(&key) {
                if let Some(index) = self.spec.headings.iter().position(|h| h.entity) {
                    return Some(HeadingMatch {
                        spec: &self.spec.headings[index],
                        index,
                        entity: Some(entity),
                    });
                }
            }
        }
        let cleaned = clean_heading(text);
        let first = self.heading_set.matches(&cleaned).iter().next()?;
        self.heading_patterns
            .get(first)
            .map(|&(i, _)| HeadingMatch {
                spec: &self.spec.headings[i],
                index: i,
                entity: None,
            })
    }

    /// The `group` capture of template heading `index`'s pattern on `text`.
    pub fn heading_group(&self, index: usize, text: &str) -> Option<String> {
        let (_, re) = self.heading_patterns.iter().find(|(i, _)| *i == index)?;
        if !re.capture_names().any(|n| n == Some("group")) {
            return None;
        }
        let cleaned = clean_heading(text);
        re.captures(&cleaned)
            .and_then(|c| c.name("group"))
            .map(|m| m.as_str().to_string())
    }

    pub fn entities(&self) -> &[EntitySpec] {
        self.spec
            .scored
            .as_ref()
            .map_or(&[], |s| s.items.as_slice())
    }
}

/// Removes Markdown emphasis (`**`, `__`, and `*`/`_` around the whole
/// text), closing hashes, odd spaces and surrounding space.
pub fn clean_heading_text(text: &str) -> String {
    clean_heading(text).into_owned()
}

/// [`clean_heading_text`], borrowed from `text` when nothing but its ends
/// is taken off (most lines: a line is cleaned before it is known to be a
/// heading).
pub fn clean_heading(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let trimmed = trimmed.trim_end_matches('#').trim_end();
    if trimmed.contains(['*', '_']) {
        let unemphasised = trimmed.replace("**", "").replace("__", "");
        return Cow::Owned(plain_spaces(unemphasised.trim_matches(['*', '_'])).into_owned());
    }
    plain_spaces(trimmed)
}

/// `text` with its odd spaces as plain ones (in ASCII text, tabs), trimmed.
fn plain_spaces(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return match text.contains('\t') {
            true => Cow::Owned(text.replace('\t', " ").trim().to_string()),
            false => Cow::Borrowed(text.trim()),
        };
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string(),
    )
}

/// What a name's key does not end with.
const TRAILING: [char; 5] = [':', '.', '?', ';', ','];

/// The key two names are compared by: lower case, straight quotes, single
/// spaces, no emphasis and no trailing punctuation.
pub fn normalize_name(text: &str) -> String {
    normalized_within(text, usize::MAX).unwrap_or_default()
}

/// [`normalize_name`] of `text`, or `None` as soon as it is sure to be
/// longer than `max` bytes. What the key ends with may still be trimmed
/// (trailing punctuation and space); what comes before the last other
/// character never is, so its length bounds the key's from below.
fn normalized_within(text: &str, max: usize) -> Option<String> {
    let cleaned = clean_heading(text);
    let mut out = String::with_capacity(cleaned.len().min(max.saturating_add(8)));
    let mut space = false;
    if cleaned.is_ascii() {
        // Byte by byte: no character to decode or case to look up.
        for b in cleaned.bytes() {
            if b.is_ascii_whitespace() || b == 0x0b {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            let b = if b == b'`' { b'\'' } else { b };
            out.push(char::from(b.to_ascii_lowercase()));
            if !TRAILING.contains(&char::from(b)) && out.len() > max {
                return None;
            }
        }
        return Some(out.trim_end_matches(TRAILING).trim_end().to_string());
    }
    by_chars(&cleaned, max)
}

/// [`normalized_within`] of cleaned text, character by character.
fn by_chars(cleaned: &str, max: usize) -> Option<String> {
    let mut out = String::with_capacity(cleaned.len().min(max.saturating_add(8)));
    let mut space = false;
    for c in cleaned.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
        if !TRAILING.contains(&c) && out.len() > max {
            return None;
        }
    }
    Some(out.trim_end_matches(TRAILING).trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_made_in_full_only_when_it_may_fit() {
        for text in [
            "Financial facts",
            "**Financial  facts**:",
            "Safeguarding ..:",
            "Safeguarding ... x",
            "  a  b  ",
            "Summary of people\u{2019}s experiences",
            "ISTANBUL \u{130}",
            "`Quoted`\x0bname\t\x0c.",
            "",
        ] {
            let key = normalize_name(text);
            // The byte-by-byte reading of ASCII is the character one.
            assert_eq!(
                by_chars(&clean_heading_text(text), usize::MAX).as_deref(),
                Some(key.as_str()),
                "{text:?}"
            );
            for max in 0..40 {
                match normalized_within(text, max) {
                    Some(within) => assert_eq!(within, key, "{text:?} {max}"),
                    None => assert!(key.len() > max, "{text:?} {max}: {key:?}"),
                }
                if key.len() <= max {
                    assert_eq!(normalized_within(text, max).as_ref(), Some(&key));
                }
            }
        }
    }

    #[test]
    fn names_compare_loosely() {
        assert_eq!(normalize_name("**Financial  facts**:"), "financial facts");
        assert_eq!(
            normalize_name("Summary of people\u{2019}s experiences"),
            "summary of people's experiences"
        );
        assert_eq!(normalize_name("## ignored? no"), "## ignored? no");
        assert_eq!(clean_heading_text("Safeguarding ##"), "Safeguarding");
        assert_eq!(
            clean_heading_text(" Safe\tguarding \u{feff}"),
            "Safe guarding"
        );
        assert_eq!(
            clean_heading_text("**Safe\u{a0}guarding**"),
            "Safe guarding"
        );
        assert!(matches!(
            clean_heading("  Safeguarding  "),
            Cow::Borrowed("Safeguarding")
        ));
        assert_eq!(clean_heading_text("care_leavers"), "care_leavers");
    }

    fn family(detect: &[&str], detect_min: usize) -> Family {
        let spec: FamilySpec = crate::yaml::from_str(
            "family.yaml",
            &format!(
                "id: test\nname: Test\ndetect_min: {detect_min}\ndetect: [{}]\n",
                detect
                    .iter()
                    .map(|p| format!("'{p}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .expect("spec");
        Family::new(spec).expect("family")
    }

    fn score(family: &Family, skeleton: &str) -> Option<usize> {
        let lower = skeleton.to_ascii_lowercase();
        family.detection_score(skeleton, &lower, false, 1)
    }

    #[test]
    fn markers_match_within_one_line() {
        let family = family(&[r"(?i)^\W*what needs to improve\b", r"(?i)^\W*dear \S"], 1);
        // A line of symbols before the marker stays out of what it quotes.
        let skeleton = "\u{25fc}\n\u{25fc}\nWhat needs to improve?\nCaf\u{e9} Dear reader\n";
        assert_eq!(family.markers(skeleton), vec!["What needs to improve?"]);
        assert_eq!(score(&family, skeleton), Some(1));
        // The literal on one line and the rest of the pattern on the next
        // is no marker.
        assert_eq!(score(&family, "what needs\nto improve\n"), None);
        // A pattern with no literal to search for is tried on every line.
        let family = super::tests::family(&[r"^\W*\d+\W*$"], 1);
        assert_eq!(family.markers("Title\n 12 \n"), vec!["12"]);
    }

    #[test]
    fn detection_needs_the_minimum_of_markers() {
        let family = family(&["(?i)^ofsted$", "(?i)^yours sincerely$"], 2);
        assert_eq!(score(&family, "Ofsted\nYours sincerely\n"), Some(2));
        assert_eq!(score(&family, "Ofsted\nYours truly\n"), None);
    }
}
