//! `reportlint outline`: what the parser saw in a report, so a user can check
//! that reportlint understood it before trusting its findings.

use serde::Serialize;

use crate::family::{Family, ScorePlace};
use crate::model::Report;
use crate::source::SourceFile;

/// A report's outline: family, fields, scores and the section tree.
#[derive(Debug, Serialize)]
pub struct Outline {
    pub file: String,
    pub family: Option<String>,
    pub family_name: Option<String>,
    /// The lines that matched the family's detection patterns, one per
    /// pattern: what decided the family.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    pub fields: Vec<OutlineField>,
    /// What a scored entity is called ("quality statement").
    pub entity: Option<String>,
    pub scores: Vec<EntityScores>,
    pub sections: Vec<OutlineSection>,
}

#[derive(Debug, Serialize)]
pub struct OutlineField {
    pub name: String,
    pub value: String,
    pub line: usize,
    /// Parsed form: an ISO date or range, or the split names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parsed: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<(String, String)>,
}

/// One entity's scores side by side.
#[derive(Debug, Serialize)]
pub struct EntityScores {
    /// The entity's id, or `None` for a score the template cannot place.
    pub entity: Option<String>,
    pub name: String,
    pub summary: Vec<ScoreAt>,
    pub body: Vec<ScoreAt>,
    pub descriptor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScoreAt {
    pub value: u32,
    pub line: usize,
    /// The grade in words, for a judgement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OutlineSection {
    pub line: usize,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown_level: Option<u8>,
    pub children: Vec<OutlineSection>,
}

/// Builds the outline of `report`.
pub fn outline(source: &SourceFile, report: &Report, family: Option<&Family>) -> Outline {
    let line = |offset: usize| source.position(offset).line;
    let mut fields: Vec<OutlineField> = report
        .fields
        .iter()
        .map(|(name, field)| OutlineField {
            name: name.clone(),
            value: field.value.clone(),
            line: line(field.span.start),
            parsed: field
                .date
                .map(|d| {
                    format!(
                        "{:04}-{:02}-{:02}{}",
                        d.year,
                        d.month,
                        d.day,
                        if d.valid { "" } else { " (no such date)" }
                    )
                })
                .or_else(|| {
                    field.date_range.map(|r| {
                        format!(
                            "{:04}-{:02}-{:02} to {:04}-{:02}-{:02}",
                            r.start.year,
                            r.start.month,
                            r.start.day,
                            r.end.year,
                            r.end.month,
                            r.end.day
                        )
                    })
                })
                .or_else(|| {
                    (!field.names.is_empty()).then(|| {
                        field
                            .names
                            .iter()
                            .map(|n| n.value.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                }),
            parts: field
                .parts
                .iter()
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect(),
        })
        .collect();
    fields.sort_by_key(|f| f.line);

    let mut scores: Vec<EntityScores> = family
        .map(|f| {
            f.entities()
                .iter()
                .map(|e| EntityScores {
                    entity: Some(e.id.clone()),
                    name: e.name.clone(),
                    summary: Vec::new(),
                    body: Vec::new(),
                    descriptor: None,
                })
                .collect()
        })
        .unwrap_or_default();
    for (index, score) in report.scores.iter().enumerate() {
        let slot = match &score.entity {
            Some(id) => scores.iter().position(|e| e.entity.as_deref() == Some(id)),
            None => None,
        };
        let slot = slot.unwrap_or_else(|| {
            scores.push(EntityScores {
                entity: None,
                name: score
                    .name
                    .clone()
                    .unwrap_or_else(|| "(unplaced score)".into()),
                summary: Vec::new(),
                body: Vec::new(),
                descriptor: None,
            });
            scores.len() - 1
        });
        let at = ScoreAt {
            value: score.value,
            line: line(score.span.start),
            grade: score.grade.clone(),
        };
        match score.place {
            Some(ScorePlace::Summary) => scores[slot].summary.push(at),
            _ => scores[slot].body.push(at),
        }
        if let Some(d) = report.descriptors.iter().find(|d| d.score == index) {
            scores[slot].descriptor = Some(format!("{} - {}", d.value, d.text));
        }
    }
    let scores = if report.scores.is_empty() {
        Vec::new()
    } else if family.is_some_and(|f| f.graded.is_some()) {
        // A family of several frameworks judges only some of its entities
        // in any one report: show those the report judges.
        scores
            .into_iter()
            .filter(|e| !e.summary.is_empty() || !e.body.is_empty())
            .collect()
    } else {
        scores
    };

    // Sections nest by parent index; build the tree bottom-up.
    let mut nodes: Vec<Option<OutlineSection>> = report
        .sections
        .iter()
        .map(|s| {
            let h = &report.headings[s.heading];
            Some(OutlineSection {
                line: line(h.span.start),
                title: h.text.clone(),
                role: h.role.clone(),
                markdown_level: h.markdown_level,
                children: Vec::new(),
            })
        })
        .collect();
    let mut roots = Vec::new();
    for i in (0..nodes.len()).rev() {
        let Some(node) = nodes[i].take() else {
            continue;
        };
        match report.sections[i].parent {
            Some(p) => {
                if let Some(parent) = nodes[p].as_mut() {
                    parent.children.insert(0, node);
                }
            }
            None => roots.insert(0, node),
        }
    }

    Outline {
        file: source.name().to_string(),
        family: family.map(|f| f.id().to_string()),
        family_name: family.map(|f| f.spec.name.clone()),
        markers: family.map_or_else(Vec::new, |f| {
            f.markers(&crate::model::skeleton(source.text(), &report.blocks))
        }),
        fields,
        entity: family
            .and_then(|f| f.spec.scored.as_ref())
            .map(|s| s.entity.clone()),
        scores,
        sections: roots,
    }
}

impl Outline {
    /// The outline as indented text.
    /// The outline as pretty-printed JSON, with a final line end.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|json| json + "\n")
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let family = match (&self.family_name, &self.family) {
            (Some(name), Some(id)) => format!("{name} ({id})"),
            _ => "unknown family (generic outline)".to_string(),
        };
        out.push_str(&format!("{}: {family}\n", self.file));
        if !self.markers.is_empty() {
            out.push_str(&format!(
                "  recognised by {} of its markers: {}\n",
                self.markers.len(),
                self.markers
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.fields.is_empty() {
            out.push_str("\nfields\n");
            let width = self.fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
            for field in &self.fields {
                out.push_str(&format!(
                    "  line {:>4}  {:width$}  {}",
                    field.line, field.name, field.value
                ));
                if let Some(parsed) = &field.parsed {
                    out.push_str(&format!("  [{parsed}]"));
                }
                for (name, value) in &field.parts {
                    out.push_str(&format!("  {name}={value:?}"));
                }
                out.push('\n');
            }
        }
        if !self.scores.is_empty() {
            let entity = self.entity.as_deref().unwrap_or("score");
            out.push_str(&format!("\nscores ({entity}: summary | body)\n"));
            let width = self
                .scores
                .iter()
                .map(|s| s.name.chars().count())
                .max()
                .unwrap_or(0);
            let show = |scores: &[ScoreAt]| {
                if scores.is_empty() {
                    "-".to_string()
                } else {
                    scores
                        .iter()
                        .map(|s| match &s.grade {
                            Some(grade) => format!("{grade} (line {})", s.line),
                            None => format!("{} (line {})", s.value, s.line),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            for s in &self.scores {
                let name = if s.entity.is_some() {
                    s.name.clone()
                } else {
                    format!("? {}", s.name)
                };
                out.push_str(&format!(
                    "  {name:width$}  {:>14} | {:<14}",
                    show(&s.summary),
                    show(&s.body),
                    width = width + 2
                ));
                if let Some(d) = &s.descriptor {
                    out.push_str(&format!("  {d}"));
                }
                out.push('\n');
            }
        }
        out.push_str("\nsections\n");
        fn walk(out: &mut String, sections: &[OutlineSection], depth: usize) {
            for s in sections {
                let role = s
                    .role
                    .as_deref()
                    .map(|r| format!("  [{r}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  line {:>4}  {}{}{role}\n",
                    s.line,
                    "  ".repeat(depth),
                    s.title
                ));
                walk(out, &s.children, depth + 1);
            }
        }
        walk(&mut out, &self.sections, 0);
        out
    }
}
