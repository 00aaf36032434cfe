//! Word documents: a `.docx` gives the findings its text gives, and bad
//! input of every kind is an input error, never a panic or a hang.
//!
//! The documents are built here with the `zip` crate, part by part, from
//! invented reports; nothing depends on Word or on the clone's path.

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use reportlint::docx::{self, DocxError, MarkKind};
use reportlint::source::{self, InputProblem, SourceFile};
use reportlint::Linter;
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---------------------------------------------------------------------------
// Building .docx packages

/// XML text with its special characters escaped.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A run of text.
fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// A paragraph in a style (`None`: Normal) made of runs.
fn para(style: Option<&str>, runs: &str) -> String {
    match style {
        Some(style) => format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#),
        None => format!("<w:p>{runs}</w:p>"),
    }
}

/// A bulleted list paragraph, as Word writes one (List Paragraph and a
/// numbering reference).
fn bullet(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
        run(text)
    )
}

/// Lines of one paragraph, joined by line breaks (`w:br`).
fn lines(text: &str) -> String {
    text.split('\n')
        .map(run)
        .collect::<Vec<_>>()
        .join("<w:r><w:br/></w:r>")
}

/// A table: each row's cells, each cell one paragraph.
fn table(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl><w:tblPr/><w:tblGrid/>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in *row {
            xml.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", para(None, &run(cell))));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// Styles as Word writes them for a German installation: the heading
/// styles' ids are not English, their names and outline levels are.
fn styles_xml() -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">"#
    );
    xml.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>"#);
    xml.push_str(r#"<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Standard"/></w:style>"#);
    for level in 1..=4 {
        xml.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="berschrift{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="{}"/></w:pPr></w:style>"#,
            level - 1
        ));
    }
    xml.push_str(r#"<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Standard"/></w:style>"#);
    xml.push_str("</w:styles>");
    xml
}

/// The parts of a document package.
#[derive(Default)]
struct Docx {
    body: String,
    styles: bool,
    header: Option<String>,
    comments: Vec<String>,
    /// Its core properties give the status "Final".
    final_status: bool,
}

impl Docx {
    fn new(body: String) -> Self {
        Self {
            body,
            styles: true,
            ..Self::default()
        }
    }

    fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{}<w:sectPr>{}</w:sectPr></w:body></w:document>"#,
            self.body,
            if self.header.is_some() {
                r#"<w:headerReference w:type="default" r:id="rIdHeader"/>"#
            } else {
                ""
            }
        )
    }

    fn bytes(&self) -> Vec<u8> {
        let mut parts: Vec<(String, String)> = Vec::new();
        parts.push((
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into(),
        ));
        let core = if self.final_status {
            parts.push((
                "docProps/core.xml".into(),
                r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"><cp:contentStatus>Final</cp:contentStatus></cp:coreProperties>"#.into(),
            ));
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        } else {
            ""
        };
        parts.push((
            "_rels/.rels".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>{core}</Relationships>"#),
        ));
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        let kind = |k: &str| {
            format!("http://schemas.openxmlformats.org/officeDocument/2006/relationships/{k}")
        };
        if self.styles {
            rels.push_str(&format!(
                r#"<Relationship Id="rIdStyles" Type="{}" Target="styles.xml"/>"#,
                kind("styles")
            ));
            parts.push(("word/styles.xml".into(), styles_xml()));
        }
        if let Some(header) = &self.header {
            rels.push_str(&format!(
                r#"<Relationship Id="rIdHeader" Type="{}" Target="header1.xml"/>"#,
                kind("header")
            ));
            parts.push((
                "word/header1.xml".into(),
                format!(
                    r#"<w:hdr xmlns:w="{W}">{}</w:hdr>"#,
                    para(None, &run(header))
                ),
            ));
        }
        if !self.comments.is_empty() {
            rels.push_str(&format!(
                r#"<Relationship Id="rIdComments" Type="{}" Target="comments.xml"/>"#,
                kind("comments")
            ));
            let mut xml = format!(r#"<w:comments xmlns:w="{W}">"#);
            for (id, comment) in self.comments.iter().enumerate() {
                xml.push_str(&format!(
                    r#"<w:comment w:id="{id}" w:author="Reviewer">{}</w:comment>"#,
                    para(None, &run(comment))
                ));
            }
            xml.push_str("</w:comments>");
            parts.push(("word/comments.xml".into(), xml));
        }
        rels.push_str(&format!(r#"<Relationship Id="rIdLink" Type="{}" Target="https://www.gov.uk" TargetMode="External"/>"#, kind("hyperlink")));
        rels.push_str("</Relationships>");
        parts.push(("word/_rels/document.xml.rels".into(), rels));
        parts.push(("word/document.xml".into(), self.document_xml()));
        zip_of(&parts)
    }
}

/// A zip package of these parts, deflated.
fn zip_of(parts: &[(String, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        writer
            .start_file(name.as_str(), options)
            .expect("start part");
        writer.write_all(text.as_bytes()).expect("write part");
    }
    writer.finish().expect("finish package").into_inner()
}

/// A Markdown report as a Word document: `#` headings as heading styles,
/// `- ` items as list paragraphs, every other block a paragraph whose lines
/// are joined by line breaks (so the text view has the report's lines).
fn docx_of_markdown(markdown: &str) -> Docx {
    let mut body = String::new();
    for block in markdown.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.is_empty() {
            continue;
        }
        let hashes = block.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && block[hashes..].starts_with(' ') && !block.contains('\n') {
            let style = format!("berschrift{hashes}");
            // Levels past 4 have no style here: their own outline level.
            if hashes <= 4 {
                body.push_str(&para(Some(&style), &run(block[hashes..].trim())));
            } else {
                body.push_str(&format!(
                    r#"<w:p><w:pPr><w:outlineLvl w:val="{}"/></w:pPr>{}</w:p>"#,
                    hashes - 1,
                    run(block[hashes..].trim())
                ));
            }
        } else if block.lines().all(|l| l.starts_with("- ")) {
            for item in block.lines() {
                body.push_str(&bullet(&item[2..]));
            }
        } else {
            let text: Vec<&str> = block.lines().map(|l| l.trim_end()).collect();
            body.push_str(&para(None, &lines(&text.join("\n"))));
        }
    }
    Docx::new(body)
}

// ---------------------------------------------------------------------------
// Linting

/// The rules only a Word document can draw: they read its review marks
/// and its table of contents, which text has not.
const WORD_ONLY: &[&str] = &[
    "common/review-left-in-draft",
    "common/review-left-in-final-document",
    "common/placeholder-left",
    "common/contents-match-headings",
];

/// Rule ids and messages, sorted: what must be the same whatever the
/// format (places differ: the text view has other line numbers), the
/// Word-only rules left out.
fn findings(source: &SourceFile) -> Vec<String> {
    // Built once: building the rules is most of a debug test's time.
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    let linter = LINTER.get_or_init(Linter::builtin);
    let mut found: Vec<String> = linter
        .check_source(source, &|_| true)
        .iter()
        .filter(|f| !WORD_ONLY.contains(&f.rule.as_str()))
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    found.sort();
    found
}

fn word_source(name: &str, bytes: &[u8]) -> SourceFile {
    source::decode_word(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn reportlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run reportlint")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// ---------------------------------------------------------------------------
// The same findings

/// An invented CQC draft with a score table whose summary score disagrees
/// with its section, written in Word: a title, headings in German-named
/// styles, a score table, a running header, a comment, tracked changes.
fn northby_docx() -> Docx {
    let mut body = String::new();
    body.push_str(&para(
        Some("Titel"),
        &run("Northby Council: local authority assessment"),
    ));
    body.push_str(&para(None, &run("Assessment published: 14 May 2025")));
    body.push_str(&para(Some("berschrift2"), &run("Overall summary")));
    body.push_str(&para(
        Some("berschrift3"),
        &run("Local authority rating and score"),
    ));
    body.push_str(&para(None, &lines("Northby Council\nGood")));
    body.push_str(&para(Some("berschrift3"), &run("Quality statement scores")));
    body.push_str(&table(&[
        &["Quality statement", "Score"],
        &["Assessing needs", "2"],
        &["Safeguarding", "3"],
    ]));
    body.push_str(&para(
        Some("berschrift2"),
        &run("Theme 1: How Northby Council works with people"),
    ));
    body.push_str(&para(Some("berschrift3"), &run("Assessing needs")));
    body.push_str(&para(None, &run("Score: 3")));
    // A comment on a sentence, a tracked insertion read as text, a tracked
    // deletion that is not text.
    body.push_str(&format!(
        r#"<w:p><w:commentRangeStart w:id="0"/>{}<w:ins w:id="1" w:author="Inspector">{}</w:ins><w:del w:id="2" w:author="Inspector"><w:r><w:delText>Deleted wording never published. </w:delText></w:r></w:del>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
        run("People told us that "),
        run("assessments "),
        run("were timely and the council\u{2019}s staff listened.")
    ));
    body.push_str(&bullet("Waiting lists were reviewed every week."));
    body.push_str(&para(Some("berschrift3"), &run("Safeguarding")));
    body.push_str(&para(None, &run("Score: 3")));
    body.push_str(&para(
        None,
        &run("Safeguarding enquiries were completed on time."),
    ));
    let mut docx = Docx::new(body);
    docx.header = Some("DRAFT \u{2013} Northby Council \u{2013} not for publication".into());
    docx.comments = vec!["Check this against the case file audit.".into()];
    docx
}

/// The same draft as Markdown.
const NORTHBY_MD: &str = "# Northby Council: local authority assessment

Assessment published: 14 May 2025

## Overall summary

### Local authority rating and score

Northby Council
Good

### Quality statement scores

Quality statement

Score

Assessing needs

Score: 2

Safeguarding

Score: 3

## Theme 1: How Northby Council works with people

### Assessing needs

Score: 3

People told us that assessments were timely and the council\u{2019}s staff listened.

- Waiting lists were reviewed every week.

### Safeguarding

Score: 3

Safeguarding enquiries were completed on time.
";

#[test]
fn a_word_draft_gives_the_findings_of_its_markdown() {
    let bytes = northby_docx().bytes();
    let word = word_source("northby.docx", &bytes);
    let text = word.text();
    assert_eq!(text, NORTHBY_MD, "the text view");
    for absent in ["DRAFT", "Deleted wording", "case file audit"] {
        assert!(!text.contains(absent), "{absent} is not text");
    }
    let markdown = SourceFile::new("northby.md", NORTHBY_MD);
    let found = findings(&word);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("cqc-la/summary-score-matches-section")),
        "the score defect is found: {found:#?}"
    );
    assert_eq!(found, findings(&markdown));

    let stats = &word.word().expect("a Word map").stats;
    assert_eq!(
        (
            stats.comments,
            stats.insertions,
            stats.deletions,
            stats.headers_footers,
            stats.tables
        ),
        (1, 1, 1, 1, 1)
    );
}

#[test]
fn invented_markdown_reports_give_the_same_findings_as_word_documents() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invented");
    let mut compared = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&folder)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    entries.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/drafts/harlow-fen-draft.md"));
    entries.sort();
    for path in entries {
        let markdown = std::fs::read_to_string(&path).expect("read fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("report");
        let word = word_source(name, &docx_of_markdown(&markdown).bytes());
        let expected = findings(&SourceFile::new(name, markdown.as_str()));
        assert!(!expected.is_empty(), "{name} has findings to compare");
        assert_eq!(findings(&word), expected, "{name}");
        compared += 1;
    }
    assert!(compared >= 6, "compared {compared} reports");
}

#[test]
fn without_styles_the_built_in_style_ids_give_headings() {
    let body = [
        para(Some("Title"), &run("Heading one")),
        para(Some("Heading2"), &run("Heading two")),
        para(Some("Heading9"), &run("Deep")),
        para(Some("ListBullet"), &run("an item")),
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:outlineLvl w:val="9"/></w:pPr>{}</w:p>"#,
            run("Body text in a heading style with its level taken off")
        ),
    ]
    .concat();
    let mut docx = Docx::new(body);
    docx.styles = false;
    let word = word_source("ids.docx", &docx.bytes());
    assert_eq!(
        word.text(),
        "# Heading one\n\n## Heading two\n\n###### Deep\n\n- an item\n\nBody text in a heading style with its level taken off\n"
    );
}

#[test]
fn characters_breaks_and_fields_are_kept_as_word_shows_them() {
    let body = r#"<w:p><w:r><w:t>Quote: </w:t></w:r><w:r><w:t>&#x201C;well&#x2011;led&#x201D; &amp; safe</w:t><w:tab/><w:t>x</w:t><w:noBreakHyphen/><w:t>y</w:t><w:softHyphen/><w:t>z</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:t>shown</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p>
<w:p><w:r><w:br w:type="page"/><w:t>After a page break</w:t></w:r></w:p>
<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>Choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>Fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
<w:p><w:pPr><w:rPr><w:ins w:id="9" w:author="A"/></w:rPr><w:pPrChange w:id="8"><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr></w:pPrChange></w:pPr><w:hyperlink r:id="rIdLink"><w:r><w:t>www.gov.uk</w:t></w:r></w:hyperlink></w:p>"#;
    let word = word_source("chars.docx", &Docx::new(body.to_string()).bytes());
    assert_eq!(
        word.text(),
        "Quote: \u{201C}well\u{2011}led\u{201D} & safe\tx\u{2011}yz\n\n7\n\nshown\n\nAfter a page break\n\nChoice\n\nwww.gov.uk\n"
    );
    let stats = &word.word().expect("map").stats;
    assert_eq!((stats.hidden, stats.notes, stats.drawings), (1, 1, 1));
    // Paragraphs are counted as Word has them, empty ones too (not those
    // of text boxes, which are left out).
    let map = word.word().expect("map");
    let at = |needle: &str| word.text().find(needle).expect("in the view");
    assert_eq!(map.place(at("shown")).map(|p| p.paragraph), Some(3));
    assert_eq!(map.place(at("After")).map(|p| p.paragraph), Some(6));
    assert_eq!(map.place(at("Choice")).map(|p| p.paragraph), Some(7));
    assert_eq!(map.place(at("www")).map(|p| p.paragraph), Some(8));
}

// ---------------------------------------------------------------------------
// The command line

#[test]
fn check_outline_extract_and_json_read_word_documents() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("northby.docx"), northby_docx().bytes()).expect("write");
    std::fs::write(dir.path().join("northby.md"), NORTHBY_MD).expect("write");

    let output = reportlint(dir.path(), &["extract", "northby.docx"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), NORTHBY_MD);
    assert_eq!(
        stderr(&output),
        "northby.docx: read 20 paragraphs, 1 table, 1 tracked insertion; not read as text: \
         1 tracked deletion, 1 comment, 1 header or footer\n"
    );
    let output = reportlint(dir.path(), &["extract", "northby.md"]);
    assert_eq!(stdout(&output), NORTHBY_MD);

    let output = reportlint(dir.path(), &["outline", "northby.docx"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = reportlint(dir.path(), &["outline", "northby.md"]);
    let outline = stdout(&output);
    assert!(outline.contains("cqc-local-authority"), "{outline}");
    assert_eq!(
        outline.replace("northby.docx", "F"),
        stdout(&markdown).replace("northby.md", "F"),
        "the same outline, line numbers included"
    );

    // The draft's comment and tracked changes draw a Word-only note.
    let concise = |file: &str, ignore: &str| {
        let output = reportlint(
            dir.path(),
            &[
                "check",
                "--format",
                "concise",
                "--no-config",
                "--ignore",
                ignore,
                file,
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        stdout(&output).replace(file, "F")
    };
    let word_only = "common/review-left-in-draft";
    assert_eq!(
        concise("northby.docx", word_only),
        concise("northby.md", word_only)
    );
    assert!(concise("northby.docx", "common/repeated-word").contains(
        "note[common/review-left-in-draft] the draft still holds 1 tracked insertion, \
         1 tracked deletion and 1 comment"
    ));

    let output = reportlint(
        dir.path(),
        &["check", "--format", "json", "--no-config", "northby.docx"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/json-output.schema.json")).expect("schema");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let invalid: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(invalid, Vec::<String>::new());
    let finding = json["findings"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["rule"] == "cqc-la/summary-score-matches-section")
        })
        .expect("the score finding");
    // The summary's score 2 is in the table's second row, paragraph 10 of
    // the body; its section's score is paragraph 15.
    assert_eq!(finding["primary"]["word"]["paragraph"], 10, "{finding:#}");
    assert_eq!(
        finding["primary"]["word"]["heading"],
        "Quality statement scores"
    );
    assert_eq!(finding["related"][0]["word"]["paragraph"], 15);
    assert_eq!(finding["related"][0]["word"]["heading"], "Assessing needs");
    // Text reports have no such field.
    let output = reportlint(
        dir.path(),
        &["check", "--format", "json", "--no-config", "northby.md"],
    );
    assert!(!stdout(&output).contains("\"word\""));
    // SARIF carries the same places, in each location's property bag.
    let output = reportlint(
        dir.path(),
        &["check", "--format", "sarif", "--no-config", "northby.docx"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|r| r["ruleId"] == "cqc-la/summary-score-matches-section")
        })
        .expect("the score result");
    let word = &result["locations"][0]["properties"]["word"];
    assert_eq!(word["paragraph"], 10, "{result:#}");
    assert_eq!(word["heading"], "Quality statement scores");
}

#[test]
fn folders_lint_word_documents_and_skip_word_lock_files() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).expect("folder");
    std::fs::write(reports.join("northby.docx"), northby_docx().bytes()).expect("write");
    // Word's lock file while the draft is open.
    std::fs::write(reports.join("~$rthby.docx"), b"\x0bInspector    ").expect("write");
    std::fs::write(reports.join("broken.docx"), b"PK\x03\x04 not really").expect("write");
    let output = reportlint(
        dir.path(),
        &["check", "--format", "human", "--no-config", "reports"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("summary-score-matches-section"), "{out}");
    assert!(out.contains("broken.docx: not a Word .docx file"), "{out}");
    assert!(!out.contains("~$rthby"), "{out}");
    assert!(
        out.contains("1 file could not be read (1 Word lock file (~$) in the folders skipped)"),
        "{out}"
    );
}

#[test]
fn fixes_are_not_written_into_word_documents() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let body = [
        para(
            Some("Title"),
            &run("Northby Council: local authority assessment"),
        ),
        para(None, &run("See www.qov.uk for the framework.")),
    ]
    .concat();
    let bytes = Docx::new(body).bytes();
    std::fs::write(dir.path().join("typo.docx"), &bytes).expect("write");
    let output = reportlint(dir.path(), &["check", "--fix", "--no-config", "typo.docx"]);
    assert!(
        stderr(&output).contains("typo.docx: 1 fix not applied: a Word document is not rewritten"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(dir.path().join("typo.docx")).expect("read"),
        bytes
    );
    assert!(stdout(&output).contains("official-domain-typo"));
}

#[test]
fn standard_input_is_a_word_document_when_its_name_says_so() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args([
            "check",
            "--format",
            "concise",
            "--no-config",
            "-",
            "--stdin-filename",
            "n.docx",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let bytes = northby_docx().bytes();
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&bytes).expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait");
    assert!(stdout(&output).contains("n.docx:"), "{}", stdout(&output));
    assert!(stdout(&output).contains("summary-score-matches-section"));
}

// ---------------------------------------------------------------------------
// Bad input

fn problem(bytes: &[u8]) -> DocxError {
    match source::decode_word("bad.docx", bytes) {
        Ok(source) => panic!("read as {:?}", source.text()),
        Err(error) => match error.problem {
            InputProblem::Word(error) => error,
            other => panic!("not a Word problem: {other:?}"),
        },
    }
}

fn only_document(xml: &str) -> Vec<u8> {
    zip_of(&[("word/document.xml".into(), xml.into())])
}

#[test]
fn bad_packages_are_located_errors() {
    // An encrypted document (an OLE compound file), or a .doc.
    let ole = [
        &[0xd0u8, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][..],
        &[0; 504],
    ]
    .concat();
    assert_eq!(problem(&ole), DocxError::Encrypted);
    // Text with the wrong extension, and nothing at all.
    assert!(matches!(
        problem(b"Northby Council: local authority assessment\n"),
        DocxError::NotZip(_)
    ));
    assert!(matches!(problem(b""), DocxError::NotZip(_)));
    // A zip cut short.
    let whole = northby_docx().bytes();
    for cut in [10, whole.len() / 2, whole.len() - 10] {
        let error = problem(&whole[..cut]);
        assert!(!error.to_string().is_empty());
    }
    // Corrupt bytes inside the compressed document.
    let mut corrupt = whole.clone();
    if let Some(at) = find(&corrupt, b"word/document.xml") {
        for b in corrupt.iter_mut().skip(at + 40).take(64) {
            *b ^= 0x5a;
        }
    }
    let _ = source::decode_word("corrupt.docx", &corrupt);
    // A zip package that is not a Word document.
    let other = zip_of(&[("[Content_Types].xml".into(), "<Types/>".into())]);
    assert_eq!(
        problem(&other).to_string(),
        "a zip package but not a Word document: it has no word/document.xml (the text of a .docx)"
    );
    // XML that is not well-formed, and a body without text.
    let error = problem(&only_document(&format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p></w:r></w:body>"#
    )));
    assert!(matches!(error, DocxError::Xml { .. }), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("word/document.xml in the Word document is not well-formed XML at byte"));
    let error = problem(&only_document(&format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p/></w:body></w:document>"#
    )));
    assert_eq!(error, DocxError::NoText);
    let error = problem(&only_document("\u{fffe}\u{0}"));
    assert!(!error.to_string().is_empty());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn zip_bombs_are_refused_without_inflating_them() {
    // 4 MB of paragraphs deflate to a few KB; the cap is 1 MB.
    let paragraph = para(None, &run("The council worked well with partners."));
    let body = paragraph.repeat(4 * 1024 * 1024 / paragraph.len());
    let bomb = Docx::new(body).bytes();
    assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
    let started = Instant::now();
    let error = docx::read(&bomb, 1024 * 1024).expect_err("over the cap");
    assert_eq!(
        error,
        DocxError::TooLarge {
            part: "word/document.xml".into(),
            limit: 1024 * 1024
        }
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // The same with the sizes in the zip's headers made small: the reading
    // is capped all the same.
    let mut lying = bomb.clone();
    let declared = (body_len(&bomb) as u32).to_le_bytes();
    let mut at = 0;
    while let Some(found) = find(&lying[at..], &declared) {
        lying[at + found..at + found + 4].copy_from_slice(&100u32.to_le_bytes());
        at += found + 4;
    }
    assert!(docx::read(&lying, 1024 * 1024).is_err());
    // Within the cap it reads.
    assert!(docx::read(&bomb, 64 * 1024 * 1024).is_ok());
}

/// The uncompressed size of word/document.xml in a package.
fn body_len(bytes: &[u8]) -> u64 {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let file = archive.by_name("word/document.xml").expect("document");
    file.size()
}

#[test]
fn huge_and_deep_xml_is_read_in_bounded_time() {
    // Deeply nested tables and elements: no recursion, bounded state.
    let deep = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}{}{}</w:body></w:document>"#,
        "<w:tbl><w:tr><w:tc>".repeat(20_000),
        para(None, &run("Inside")),
        "</w:tc></w:tr></w:tbl>".repeat(20_000)
    );
    let started = Instant::now();
    let word = word_source("deep.docx", &only_document(&deep));
    assert_eq!(word.text(), "Inside\n");
    let unclosed = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}"#,
        "<w:sdt>".repeat(200_000)
    );
    let _ = source::decode_word("unclosed.docx", &only_document(&unclosed));
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn unreadable_word_documents_do_not_stop_the_run() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("a-encrypted.docx"),
        [0xd0, 0xcf, 0x11, 0xe0, 0, 0],
    )
    .expect("write");
    std::fs::write(dir.path().join("b-text.docx"), "just text\n").expect("write");
    std::fs::write(
        dir.path().join("c-empty-package.docx"),
        zip_of(&[("[Content_Types].xml".into(), "<Types/>".into())]),
    )
    .expect("write");
    std::fs::write(dir.path().join("d.md"), NORTHBY_MD).expect("write");
    let output = reportlint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--no-config",
            "a-encrypted.docx",
            "b-text.docx",
            "c-empty-package.docx",
            "d.md",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(
        out.contains(
            "a-encrypted.docx:1:1: error[input] an encrypted (password-protected) Word document"
        ),
        "{out}"
    );
    assert!(
        out.contains("b-text.docx:1:1: error[input] not a Word .docx file"),
        "{out}"
    );
    assert!(
        out.contains(
            "c-empty-package.docx:1:1: error[input] a zip package but not a Word document"
        ),
        "{out}"
    );
    assert!(out.contains("d.md:"), "the other file is linted: {out}");
}

// ---------------------------------------------------------------------------
// Review marks: tracked changes, comments, placeholders

/// A draft with a tracked insertion and deletion, a comment on one word,
/// a date control showing its placeholder, and Word's error text for a
/// broken cross-reference.
fn reviewed_draft() -> Docx {
    let body = [
        para(Some("Heading1"), &run("Summary")),
        r#"<w:p><w:r><w:t xml:space="preserve">Leaders know their services </w:t></w:r><w:ins w:id="1" w:author="Jo Bloggs"><w:r><w:t xml:space="preserve">very </w:t></w:r></w:ins><w:r><w:t>well.</w:t></w:r><w:del w:id="2" w:author="Sam Lee"><w:r><w:delText xml:space="preserve"> Always.</w:delText></w:r></w:del></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t xml:space="preserve">Waiting lists are </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>short</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve">. Dates: </w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Click or tap to enter a date.</w:t></w:r></w:sdtContent></w:sdt></w:p>"#.to_string(),
        para(None, &run("The plan (see Error! Reference source not found.) is new.")),
    ]
    .concat();
    let mut docx = Docx::new(body);
    docx.comments = vec!["Which figure says so?".into()];
    docx
}

#[test]
fn review_marks_are_placed_on_their_words() {
    let source = word_source("draft.docx", &reviewed_draft().bytes());
    let text = source.text();
    let review = &source.word().expect("a Word document").review;
    assert!(!review.marked_final);
    let marks: Vec<(MarkKind, &str, Option<&str>, &str)> = review
        .marks
        .iter()
        .map(|m| {
            (
                m.kind,
                m.span.of(text),
                m.author.as_deref(),
                m.quote.as_str(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            (MarkKind::Insertion, "very ", Some("Jo Bloggs"), "very"),
            // A deletion is shown on the word where it was.
            (MarkKind::Deletion, "well.", Some("Sam Lee"), "Always."),
            (
                MarkKind::Comment,
                "short",
                Some("Reviewer"),
                "Which figure says so?"
            ),
            (
                MarkKind::Placeholder,
                "Click or tap to enter a date.",
                None,
                "Click or tap to enter a date."
            ),
        ]
    );
}

#[test]
fn review_left_in_a_draft_is_a_note_and_in_a_final_document_an_error() {
    let rules = |docx: &Docx| -> Vec<(String, String)> {
        let source = word_source("draft.docx", &docx.bytes());
        let linter = Linter::builtin();
        linter
            .check_source(&source, &|_| true)
            .into_iter()
            .filter(|f| !f.rule.starts_with("cqc-la/") && !f.rule.starts_with("ofsted"))
            .map(|f| (f.rule.clone(), f.message.clone()))
            .collect()
    };
    let draft = rules(&reviewed_draft());
    assert!(
        draft.contains(&(
            "common/review-left-in-draft".into(),
            "the draft still holds 1 tracked insertion, 1 tracked deletion and 1 comment: \
             its findings read every change as accepted"
                .into()
        )),
        "{draft:?}"
    );
    assert!(draft.contains(&(
        "common/placeholder-left".into(),
        "a content control showing its placeholder: “Click or tap to enter a date.”: \
         the field was never filled in"
            .into()
    )));
    assert!(draft.iter().any(|(rule, _)| rule == "common/broken-field"));
    assert!(!draft
        .iter()
        .any(|(rule, _)| rule == "common/review-left-in-final-document"));
    let mut last = reviewed_draft();
    last.final_status = true;
    let final_findings = rules(&last);
    assert!(final_findings.contains(&(
        "common/review-left-in-final-document".into(),
        "the document is marked final but still holds 1 tracked insertion, 1 tracked \
         deletion and 1 comment"
            .into()
    )));
    assert!(!final_findings
        .iter()
        .any(|(rule, _)| rule == "common/review-left-in-draft"));
}

// ---------------------------------------------------------------------------
// pandoc, where it is installed

/// Messages with the line numbers they quote masked: the text view of a
/// converted document has its own lines.
fn without_lines(found: Vec<String>) -> Vec<String> {
    let mut masked: Vec<String> = found
        .into_iter()
        .map(|f| {
            let mut out = String::with_capacity(f.len());
            let mut rest = f.as_str();
            while let Some(at) = rest.find("line") {
                let (before, after) = rest.split_at(at);
                out.push_str(before);
                let word_end = after.find(' ').unwrap_or(after.len());
                out.push_str(&after[..word_end]);
                let tail = &after[word_end..];
                let digits = tail
                    .trim_start()
                    .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                    .unwrap_or(tail.trim_start().len());
                if digits > 0 {
                    out.push_str(" N");
                    rest = &tail.trim_start()[digits..];
                } else {
                    rest = tail;
                }
            }
            out.push_str(rest);
            out
        })
        .collect();
    masked.sort();
    masked
}

#[test]
fn reports_converted_by_pandoc_give_the_findings_of_their_text() {
    let available = Command::new("pandoc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: pandoc is not installed (it converts reports to .docx for this test)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The five published reports, the bundled drafts and the invented
    // reports of the tests: each read as CommonMark by pandoc, a plain
    // text report's line breaks kept (Word line breaks in a paragraph).
    let mut reports = Vec::new();
    for folder in [
        "examples/published",
        "examples/drafts",
        "tests/fixtures/invented",
    ] {
        for entry in std::fs::read_dir(root.join(folder)).expect("folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if (name.ends_with(".md") || name.ends_with(".txt")) && name != "README.md" {
                reports.push(path);
            }
        }
    }
    reports.sort();
    assert!(reports.len() >= 12, "{reports:?}");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut compared = 0;
    for path in &reports {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("report");
        let target = dir.path().join(format!("{name}.docx"));
        let from = if name.ends_with(".txt") {
            "commonmark+hard_line_breaks"
        } else {
            "commonmark"
        };
        let status = Command::new("pandoc")
            .args(["--from", from, "--to", "docx", "-o"])
            .arg(&target)
            .arg(path)
            .status()
            .expect("pandoc");
        assert!(status.success(), "pandoc converts {name}");
        let word = word_source(name, &std::fs::read(&target).expect("read"));
        let text = std::fs::read_to_string(path).expect("read");
        // In Word, `**bold**` is bold, not Markdown left in plain text.
        let same = |found: Vec<String>| -> Vec<String> {
            without_lines(
                found
                    .into_iter()
                    .filter(|f| !f.starts_with("common/markdown-in-plain-text "))
                    .collect(),
            )
        };
        let of_text = same(findings(&SourceFile::new(name, text.as_str())));
        assert_eq!(same(findings(&word)), of_text, "{name}");
        compared += of_text.len();
    }
    assert!(compared > 100, "{compared} findings compared");
}
