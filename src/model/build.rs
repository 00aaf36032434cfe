//! Builds the [`Report`] from the grammar's blocks and the family template.
//!
//! One pass over the blocks decides what each is (heading, score, descriptor,
//! summary-table label, text) while keeping a stack of open sections; a
//! second pass over the text blocks finds sentences, quantities and
//! comparison claims; the family's field patterns run last. Headings nest by
//! the template's depth, not by the number of `#`, because published
//! Markdown uses heading levels inconsistently.

use std::collections::BTreeMap;

use super::block::{Block, BlockKind};
use super::dates::{parse_date, parse_date_range};
use super::quantities::{self, Figure, QuantityKind, SentenceFigures};
use super::{
    sentences, Descriptor, Field, FieldPart, Furniture, GradeForm, Heading, Mention, MentionPlace,
    Paragraph, ParagraphKind, Report, Score, Section, Sentence,
};
use crate::family::{clean_heading, clean_heading_text, Family, FieldKind, ScorePlace};
use crate::parse;
use crate::span::Span;

/// Parses `text` and builds its model. `family` is the template to read it
/// with, or `None` for a generic outline.
pub fn build(text: &str, family: Option<&Family>) -> Report {
    build_from_blocks(text, parse::blocks(text), family)
}

/// The report's short lines (headings, one-line paragraphs, and the first
/// line of a longer block, where text from PDF puts a heading with no blank
/// line after it), one per line: what family detection looks at. Matching a
/// few kilobytes of skeleton instead of the whole text keeps detection off
/// the profile.
pub fn skeleton(text: &str, blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if matches!(block.kind, BlockKind::Furniture { .. }) {
            continue;
        }
        let limit = match block.lines.len() {
            1 => MAX_HEADING_BYTES,
            _ => MAX_FIRST_LINE_BYTES,
        };
        if let Some(line) = block.lines.first() {
            if line.len() <= limit {
                out.push_str(line.of(text).trim());
                out.push('\n');
            }
        }
    }
    out
}

/// The first line of a longer block is in the skeleton when it is this
/// short: a heading, not a wrapped line of running text.
const MAX_FIRST_LINE_BYTES: usize = 72;

/// Builds the model from blocks already parsed (see [`skeleton`]).
pub fn build_from_blocks(text: &str, blocks: Vec<Block>, family: Option<&Family>) -> Report {
    let mut builder = Builder {
        text,
        family,
        report: Report {
            family: family.map(|f| f.id().to_string()),
            ..Report::default()
        },
        stack: Vec::new(),
        label: None,
        last_score_block: None,
        section_specs: Vec::new(),
        last_content: None,
        last_paragraph_block: None,
    };
    for (index, block) in blocks.iter().enumerate() {
        builder.block(index, block);
    }
    let end = blocks.last().map_or(0, |b| b.span.end);
    builder.close_sections(0, end);
    builder.report.blocks = blocks;
    let mut report = builder.report;
    inline_pass(text, &mut report);
    if let Some(family) = family {
        read_fields(text, family, &mut report);
        read_judgements(text, family, &mut report);
    }
    report
}

struct Builder<'a> {
    text: &'a str,
    family: Option<&'a Family>,
    report: Report,
    /// Open sections, outermost first.
    stack: Vec<usize>,
    /// The entity name last seen in a summary table, waiting for its score.
    label: Option<(Option<usize>, String, Span)>,
    /// Index of the block holding the last score line, and that score.
    last_score_block: Option<(usize, usize)>,
    /// For each section, the index of its heading in the family template.
    section_specs: Vec<Option<usize>>,
    /// Index of the last block that was not a comment or a thematic break.
    last_content: Option<usize>,
    /// Index of the block of the last paragraph.
    last_paragraph_block: Option<usize>,
}

/// What a one-line block could be, as the template sees it.
enum Reading {
    Heading {
        depth: u8,
        /// Index of the template heading.
        spec: Option<usize>,
        entity: Option<usize>,
    },
    Label(Option<usize>),
    Text,
}

impl<'a> Builder<'a> {
    fn block(&mut self, index: usize, block: &Block) {
        // A plain-text suppression line (`reportlint-disable-next-line ...`)
        // is an instruction to reportlint, like a comment: not report text.
        if block.kind == BlockKind::Paragraph {
            let directive = block
                .lines
                .first()
                .is_some_and(|line| crate::suppress::is_directive(line.of(self.text)));
            if directive {
                // The directive may sit right above the line it is about.
                if let Some(next) = block.lines.get(1) {
                    let rest = Block {
                        kind: BlockKind::Paragraph,
                        span: Span::new(next.start, block.span.end),
                        lines: block.lines[1..].to_vec(),
                        value_span: None,
                    };
                    self.block(index, &rest);
                }
                return;
            }
        }
        self.read_block(index, block);
        // Page furniture and page breaks stand between the two halves of a
        // paragraph a page cut: they do not separate them.
        if !matches!(
            block.kind,
            BlockKind::ThematicBreak
                | BlockKind::Comment
                | BlockKind::PageBreak
                | BlockKind::Furniture { .. }
        ) {
            self.last_content = Some(index);
        }
    }

    fn read_block(&mut self, index: usize, block: &Block) {
        match &block.kind {
            BlockKind::MarkdownHeading { level } => {
                let span = block.lines.first().copied().unwrap_or(block.span);
                let text = clean_heading_text(span.of(self.text));
                match self.read_line(&text, Some(*level), index) {
                    Reading::Label(entity) => self.summary_label(entity, text, span),
                    Reading::Heading {
                        depth,
                        spec,
                        entity,
                    } => self.open_heading(block, span, text, Some(*level), depth, spec, entity),
                    Reading::Text => {
                        let depth = self.generic_depth(Some(*level));
                        self.open_heading(block, span, text, Some(*level), depth, None, None)
                    }
                }
            }
            BlockKind::Paragraph
                if block.lines.len() == 1 && block.lines[0].len() <= MAX_HEADING_BYTES =>
            {
                let span = block.lines[0];
                // Most such lines are running text: cleaned without a copy.
                let text = clean_heading(span.of(self.text));
                match self.read_line(&text, None, index) {
                    Reading::Heading {
                        depth,
                        spec,
                        entity,
                    } => {
                        let text = text.into_owned();
                        self.open_heading(block, span, text, None, depth, spec, entity)
                    }
                    Reading::Label(entity) => self.summary_label(entity, text.into_owned(), span),
                    Reading::Text => self.paragraph(index, block, ParagraphKind::Text),
                }
            }
            BlockKind::Paragraph => self.paragraph(index, block, ParagraphKind::Text),
            BlockKind::ListItem { .. } => {
                self.list_mention(block);
                self.paragraph(index, block, ParagraphKind::ListItem)
            }
            BlockKind::TableRow => self.paragraph(index, block, ParagraphKind::TableRow),
            BlockKind::ScoreLine { value, .. } => self.score(index, block, *value),
            BlockKind::ValueLine { value } => match self.last_score_block {
                Some((score_block, score)) if score_block + 1 == index => {
                    let text_span = block.lines.first().copied().unwrap_or(block.span);
                    self.report.descriptors.push(Descriptor {
                        entity: self.report.scores[score].entity.clone(),
                        value: *value,
                        value_span: block.value_span.unwrap_or(block.span),
                        text: text_span.of(self.text).trim().to_string(),
                        text_span,
                        score,
                    });
                }
                _ => self.paragraph(index, block, ParagraphKind::Text),
            },
            BlockKind::ThematicBreak | BlockKind::Comment => {}
            BlockKind::PageBreak => self.report.page_breaks.push(block.span),
            BlockKind::Furniture { page, furniture } => self.report.furniture.push(Furniture {
                span: block.span,
                page: *page,
                kind: *furniture,
            }),
        }
    }

    /// A summary-table line naming an entity: it labels the score that
    /// follows and is a mention of the entity.
    fn summary_label(&mut self, entity: Option<usize>, text: String, span: Span) {
        if let Some(id) = entity.and_then(|e| self.family.and_then(|f| f.entities().get(e))) {
            self.report.mentions.push(Mention {
                entity: id.id.clone(),
                text: text.clone(),
                span,
                place: MentionPlace::Summary,
                section: self.stack.last().copied(),
            });
        }
        self.label = Some((entity, text, span));
    }

    /// A one-line list item that is exactly an entity's name is a mention.
    fn list_mention(&mut self, block: &Block) {
        let Some(family) = self.family else {
            return;
        };
        let [line] = block.lines.as_slice() else {
            return;
        };
        if line.len() > MAX_MENTION_BYTES {
            return;
        }
        let text = clean_heading(line.of(self.text));
        if let Some(entity) = family.entity(&text).and_then(|e| family.entities().get(e)) {
            self.report.mentions.push(Mention {
                entity: entity.id.clone(),
                text: text.into_owned(),
                span: *line,
                place: MentionPlace::List,
                section: self.stack.last().copied(),
            });
        }
    }

    /// Decides what a one-line block is. `level` is its Markdown level.
    fn read_line(&self, text: &str, level: Option<u8>, index: usize) -> Reading {
        let Some(family) = self.family else {
            return if level.is_some() || looks_like_heading(text) {
                let depth = if index == 0 { 1 } else { level.unwrap_or(2) };
                Reading::Heading {
                    depth,
                    spec: None,
                    entity: None,
                }
            } else {
                Reading::Text
            };
        };
        // A bare line that ends or breaks like a sentence is text; checking
        // this first spares most paragraphs the name normalisation.
        if level.is_none() && (text.ends_with('.') || text.contains(". ")) {
            return Reading::Text;
        }
        let known = family.heading(text);
        let in_summary = self.score_place() == Some(ScorePlace::Summary);
        if in_summary && known.is_none_or(|m| m.entity.is_some()) {
            // In a summary table, a line naming a statement labels the score
            // that follows; it does not open the statement's section.
            return Reading::Label(family.entity(text));
        }
        if let Some(m) = known {
            return Reading::Heading {
                depth: m.spec.depth,
                spec: Some(m.index),
                entity: m.entity,
            };
        }
        let innermost = self.innermost_known();
        let open = innermost
            .and_then(|s| self.section_specs[s])
            .is_some_and(|i| family.spec.headings[i].open);
        if level.is_some() || (open && looks_like_heading(text)) {
            return Reading::Heading {
                depth: self.generic_depth(level),
                spec: None,
                entity: None,
            };
        }
        Reading::Text
    }

    /// Depth for a heading the template does not know: one below the nearest
    /// known section, so that siblings stay siblings.
    fn generic_depth(&self, level: Option<u8>) -> u8 {
        match (self.family, self.innermost_known()) {
            (Some(_), Some(s)) => self.report.sections[s].depth.saturating_add(1).min(9),
            (Some(_), None) => level.unwrap_or(2),
            (None, _) => level.unwrap_or(2),
        }
    }

    /// The innermost open section whose heading the template knows.
    fn innermost_known(&self) -> Option<usize> {
        self.stack.iter().rev().copied().find(|&s| {
            self.report.headings[self.report.sections[s].heading]
                .role
                .is_some()
        })
    }

    /// Where score lines count in the innermost open section that says.
    fn score_place(&self) -> Option<ScorePlace> {
        self.scoring_section().map(|(_, place)| place)
    }

    fn scoring_section(&self) -> Option<(usize, ScorePlace)> {
        let family = self.family?;
        self.stack.iter().rev().find_map(|&s| {
            let spec = self.section_specs[s]?;
            family.spec.headings[spec].scores.map(|place| (s, place))
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn open_heading(
        &mut self,
        block: &Block,
        span: Span,
        text: String,
        markdown_level: Option<u8>,
        depth: u8,
        spec: Option<usize>,
        entity: Option<usize>,
    ) {
        self.close_sections(depth, block.span.start);
        let entity = entity.and_then(|e| self.family.map(|f| f.entities()[e].id.clone()));
        let role = spec.and_then(|i| self.family.map(|f| f.spec.headings[i].role.clone()));
        let group = spec.and_then(|i| self.family.and_then(|f| f.heading_group(i, &text)));
        self.section_specs.push(spec);
        let section = self.report.sections.len();
        if let Some(id) = &entity {
            self.report.mentions.push(Mention {
                entity: id.clone(),
                text: text.clone(),
                span,
                place: MentionPlace::Heading,
                section: Some(section),
            });
        }
        self.report.headings.push(Heading {
            text,
            span,
            markdown_level,
            depth,
            role,
            entity,
            group,
        });
        self.report.sections.push(Section {
            heading: self.report.headings.len() - 1,
            parent: self.stack.last().copied(),
            depth,
            span: Span::new(block.span.start, block.span.end),
        });
        self.stack.push(section);
        self.label = None;
    }

    /// Closes open sections at `depth` or deeper; they end at `end`.
    fn close_sections(&mut self, depth: u8, end: usize) {
        while let Some(&top) = self.stack.last() {
            if self.report.sections[top].depth < depth {
                break;
            }
            self.stack.pop();
            let section = &mut self.report.sections[top];
            section.span.end = end.max(section.span.end);
        }
    }

    fn paragraph(&mut self, index: usize, block: &Block, kind: ParagraphKind) {
        self.label = None;
        // Only a text paragraph right after another (nothing but comments or
        // thematic breaks between them) can carry on its sentence.
        let adjacent =
            self.last_paragraph_block.is_some() && self.last_paragraph_block == self.last_content;
        let continues_previous =
            kind == ParagraphKind::Text
                && adjacent
                && self.report.paragraphs.last().is_some_and(|p| {
                    p.kind == ParagraphKind::Text && unfinished(p.span.of(self.text))
                })
                && continues(block.span.of(self.text));
        self.last_paragraph_block = Some(index);
        self.report.paragraphs.push(Paragraph {
            kind,
            span: block.span,
            lines: block.lines.clone(),
            section: self.stack.last().copied(),
            continues_previous,
            page: u32::try_from(self.report.page_breaks.len() + 1).unwrap_or(u32::MAX),
        });
    }

    fn score(&mut self, index: usize, block: &Block, value: u32) {
        let span = block.value_span.unwrap_or(block.span);
        let scoring = self.scoring_section();
        let (entity, name, name_span) = match scoring {
            Some((_, ScorePlace::Summary)) => match self.label.take() {
                Some((entity, name, span)) => (entity, Some(name), Some(span)),
                None => (None, None, None),
            },
            Some((section, ScorePlace::Body)) => {
                let heading = &self.report.headings[self.report.sections[section].heading];
                let entity = heading.entity.as_ref().and_then(|id| {
                    self.family
                        .and_then(|f| f.entities().iter().position(|e| &e.id == id))
                });
                (entity, Some(heading.text.clone()), Some(heading.span))
            }
            None => {
                let heading = self
                    .stack
                    .last()
                    .map(|&s| &self.report.headings[self.report.sections[s].heading]);
                (
                    None,
                    heading.map(|h| h.text.clone()),
                    heading.map(|h| h.span),
                )
            }
        };
        let entity = entity.and_then(|e| self.family.map(|f| f.entities()[e].id.clone()));
        self.report.scores.push(Score {
            entity,
            name,
            name_span,
            value,
            span,
            line_span: block.span,
            place: scoring.map(|(_, place)| place),
            grade: None,
            form: None,
        });
        self.last_score_block = Some((index, self.report.scores.len() - 1));
    }
}

/// Longer list items never name an entity; checking this first keeps long
/// bullets away from name normalisation.
const MAX_MENTION_BYTES: usize = 120;

/// Longer lines are never headings; checking this first keeps long one-line
/// paragraphs (whole paragraphs on one line, as CQC's text exports have)
/// away from name normalisation.
const MAX_HEADING_BYTES: usize = 400;

/// A bare line that reads like a heading: short, capitalised, and not
/// ending like a sentence or a lead-in.
fn looks_like_heading(text: &str) -> bool {
    let chars = text.chars().count();
    let words = text.split_whitespace().count();
    (2..=100).contains(&chars)
        && words <= 14
        && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !text.ends_with(['.', ',', ';', ':'])
        && !text.contains(". ")
        && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Whether a paragraph stops mid-sentence: it holds a few words and ends
/// with a letter, a digit or a comma, not with a sentence end, a colon, a
/// closing quote or bracket, or a symbol.
fn unfinished(text: &str) -> bool {
    let text = text.trim_end();
    text.split_whitespace().nth(2).is_some()
        && text
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// Whether a paragraph starts like the rest of a sentence: with a word in
/// lower case (not an address such as `www.` or `name@`).
fn continues(text: &str) -> bool {
    let text = text.trim_start();
    let word: &str = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')'))
        .next()
        .unwrap_or("");
    let word = word.trim_end_matches(['.', ':']);
    word.starts_with(|c: char| c.is_lowercase())
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// Sentences, quantities and comparison claims of every paragraph.
fn inline_pass(text: &str, report: &mut Report) {
    let mut sentence_spans = Vec::new();
    for (index, paragraph) in report.paragraphs.iter().enumerate() {
        let body = paragraph.span.of(text);
        let first = report.quantities.len();
        quantities::scan(body, paragraph.span.start, &mut report.quantities);
        sentence_spans.clear();
        sentences::split(body, paragraph.span.start, &mut sentence_spans);
        // A claim names an average: a paragraph without the word needs no
        // look at its sentences' figures.
        if memchr::memmem::find(body.as_bytes(), b"verage").is_none() {
            report
                .sentences
                .extend(sentence_spans.iter().map(|&span| Sentence {
                    span,
                    paragraph: index,
                }));
            continue;
        }
        let figures: Vec<Figure> = report.quantities[first..]
            .iter()
            .filter_map(|q| match q.kind {
                QuantityKind::Percent { value } => Some(Figure {
                    span: q.span,
                    value,
                    decimals: q.decimals,
                }),
                _ => None,
            })
            .collect();
        let mut previous: Option<(Span, std::ops::Range<usize>)> = None;
        for &span in &sentence_spans {
            report.sentences.push(Sentence {
                span,
                paragraph: index,
            });
            let from = figures.partition_point(|f| f.span.start < span.start);
            let to = from + figures[from..].partition_point(|f| f.span.end <= span.end);
            let current = SentenceFigures {
                text: span.of(text),
                base: span.start,
                figures: figures.get(from..to).unwrap_or(&[]),
            };
            let before = previous.clone().map(|(s, r)| SentenceFigures {
                text: s.of(text),
                base: s.start,
                figures: figures.get(r).unwrap_or(&[]),
            });
            quantities::claims(current, before, index, &mut report.claims);
            previous = Some((span, from..to));
        }
    }
}

/// Runs the family's field patterns.
/// Judgements in words (a family with `grades`): an entity's name with
/// its grade after a blank line (a judgement table, and in older reports
/// the heading of the entity's section, then with its grade under it) or
/// after a colon (a section heading). The first of the first kind for an
/// entity is its summary; every other is its body.
fn read_judgements(text: &str, family: &Family, report: &mut Report) {
    let (Some(graded), Some(scored)) = (&family.graded, &family.spec.scored) else {
        return;
    };
    let mut found: Vec<Score> = Vec::new();
    let mut summarised: Vec<String> = Vec::new();
    let statements = graded
        .statements
        .iter()
        .map(|(entity, regex)| (regex, GradeForm::Sentence, Some(entity.as_str())));
    let readers = [
        (&graded.table, GradeForm::Table, None),
        (&graded.heading, GradeForm::Heading, None),
    ]
    .into_iter()
    .chain(statements);
    for (regex, form, stated) in readers {
        let table = form == GradeForm::Table;
        for caps in regex.captures_iter(text) {
            let (Some(whole), Some(grade)) = (caps.get(0), caps.name("grade")) else {
                continue;
            };
            let name = caps.name("name").unwrap_or(whole);
            let Some((value, printed)) = graded.grade(grade.as_str()) else {
                continue;
            };
            // A table row's grade stands alone, a blank line after it. Text
            // from a PDF whose table came out of order ("1. ... 2. ...
            // Requires improvement Good") runs the grades together, and no
            // grade there can be given to a row.
            if table && !blank_line_after(text, grade.end()) {
                continue;
            }
            let entity = match stated {
                Some(id) => Some(id.to_string()),
                None => family
                    .entity(name.as_str())
                    .or_else(|| family.entity(&format!("The {}", name.as_str())))
                    .and_then(|e| scored.items.get(e))
                    .map(|e| e.id.clone()),
            };
            // Sentences are placed below, in the order the report gives them.
            let place = match &entity {
                Some(id) if table && !summarised.contains(id) => {
                    summarised.push(id.clone());
                    ScorePlace::Summary
                }
                _ => ScorePlace::Body,
            };
            let name_text = name
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            found.push(Score {
                entity,
                name: Some(name_text),
                name_span: Some(Span::new(name.start(), name.end())),
                value,
                span: Span::new(grade.start(), grade.end()),
                line_span: Span::new(whole.start(), whole.end()),
                place: Some(place),
                grade: Some(printed.to_string()),
                form: Some(form),
            });
        }
    }
    found.sort_by_key(|s| s.span.start);
    // The first sentence giving an entity's grade is its summary where no
    // table row gave one; the others, like the sections, are its body.
    for score in &mut found {
        if score.form != Some(GradeForm::Sentence) {
            continue;
        }
        if let Some(id) = &score.entity {
            if !summarised.contains(id) {
                summarised.push(id.clone());
                score.place = Some(ScorePlace::Summary);
            }
        }
    }
    report.scores.extend(found);
}

/// Whether the rest of the line from `at`, and the line after it, are blank
/// (or the text ends).
fn blank_line_after(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or_default();
    let mut lines = rest.split('\n');
    let own = lines.next().unwrap_or_default();
    let own = own.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    own.is_empty() && lines.next().is_none_or(|next| next.trim().is_empty())
}

fn read_fields(text: &str, family: &Family, report: &mut Report) {
    let mut fields = BTreeMap::new();
    for (name, spec, regex) in &family.fields {
        let scope = match &spec.section {
            Some(role) => match report.section_with_role(role) {
                Some(section) => section.span,
                None => continue,
            },
            // A byte-order mark is not content: patterns anchored at the
            // first line must not have to step over it.
            None => Span::new(if text.starts_with('\u{feff}') { 3 } else { 0 }, text.len()),
        };
        let haystack = scope.of(text);
        let Some(caps) = regex.captures(haystack) else {
            continue;
        };
        let Some(whole) = caps.name("value").or_else(|| caps.get(0)) else {
            continue;
        };
        let at = |m: regex::Match<'_>| Span::new(scope.start + m.start(), scope.start + m.end());
        let value_span = trim_span(text, at(whole));
        let value = value_span.of(text).to_string();
        let parts = regex
            .capture_names()
            .flatten()
            .filter(|n| *n != "value")
            .filter_map(|n| {
                caps.name(n).map(|m| {
                    let span = trim_span(text, at(m));
                    (
                        n.to_string(),
                        FieldPart {
                            value: span.of(text).to_string(),
                            span,
                        },
                    )
                })
            })
            .collect();
        let names = if spec.kind == FieldKind::NameList {
            split_names(text, value_span)
        } else {
            Vec::new()
        };
        fields.insert(
            name.clone(),
            Field {
                date: (spec.kind == FieldKind::Date)
                    .then(|| parse_date(&value))
                    .flatten(),
                date_range: (spec.kind == FieldKind::DateRange)
                    .then(|| parse_date_range(&value))
                    .flatten(),
                value,
                span: value_span,
                kind: spec.kind,
                parts,
                names,
            },
        );
    }
    report.fields = fields;
}

/// `span` without surrounding white space or emphasis.
fn trim_span(text: &str, span: Span) -> Span {
    let inner = span.of(text);
    let start_trim = inner.len()
        - inner
            .trim_start_matches(|c: char| c.is_whitespace() || c == '*')
            .len();
    let trimmed = inner.trim_matches(|c: char| c.is_whitespace() || c == '*');
    Span::new(
        span.start + start_trim,
        span.start + start_trim + trimmed.len(),
    )
}

/// Splits "A, B and C" into names with their spans.
fn split_names(text: &str, span: Span) -> Vec<FieldPart> {
    let list = span.of(text);
    let mut names = Vec::new();
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut i = 0;
    let push = |from: usize, to: usize, names: &mut Vec<FieldPart>| {
        let part = trim_span(text, Span::new(span.start + from, span.start + to));
        if !part.is_empty() {
            names.push(FieldPart {
                value: part.of(text).to_string(),
                span: part,
            });
        }
    };
    while i < bytes.len() {
        let separator = if bytes[i] == b',' || bytes[i] == b'&' {
            Some(1)
        } else if list[i..].starts_with(" and ") {
            Some(5)
        } else {
            None
        };
        if let Some(len) = separator {
            push(start, i, &mut names);
            start = i + len;
            i = start;
            // ", and" after a comma.
            if list[i..].starts_with(" and ") {
                start = i + 5;
                i = start;
            }
            continue;
        }
        i += 1;
    }
    push(start, list.len(), &mut names);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_split_on_commas_and_and() {
        let text = "Andy Whippey, Nicki Shaw, and Jo Bloggs";
        let names: Vec<String> = split_names(text, Span::new(0, text.len()))
            .into_iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(names, vec!["Andy Whippey", "Nicki Shaw", "Jo Bloggs"]);
    }

    #[test]
    fn headings_are_short_capitalised_lines() {
        assert!(looks_like_heading("Safety during transitions"));
        assert!(!looks_like_heading(
            "This theme includes these quality statements:"
        ));
        assert!(!looks_like_heading(
            "The local authority understood the risks."
        ));
        assert!(!looks_like_heading("I have care and support that enables me to live as I want to, seeing me as a unique person with skills, strengths and goals"));
    }
}
