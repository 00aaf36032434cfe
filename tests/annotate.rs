//! `reportlint annotate`: findings become Word comments on the flagged
//! words, in a copy of the draft that is otherwise the draft.
//!
//! The documents are built here part by part (as in tests/docx.rs): a run
//! split over several `w:r`, a table, a reviewer's comment, tracked
//! changes. The output is read back with roxmltree, and with python-docx
//! when it is installed.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Output};

use reportlint::annotate::{annotate, Annotated};
use reportlint::docx::{self, Anchor, Note};
use reportlint::finding::Finding;
use reportlint::session::{Session, Settings};
use reportlint::source;
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const LIMIT: u64 = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------
// Building .docx packages

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

fn bold(text: &str) -> String {
    format!(
        r#"<w:r w:rsidR="00A1B2C3"><w:rPr><w:b/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

fn para(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn heading(runs: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{runs}</w:p>"#)
}

fn table(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl><w:tblPr/><w:tblGrid/>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in *row {
            xml.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", para(&run(cell))));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// The draft's body: a word repeated inside a bold run of a paragraph
/// split over three runs, a phrase repeated in a table cell, a reviewer's
/// comment, a word repeated inside a tracked insertion beside a deletion.
fn body() -> String {
    [
        heading(&run("Northby Council: review notes")),
        para(&(run("Staff told us th") + &bold("e the serv") + &run("ice was good."))),
        table(&[
            &["Area", "Notes"],
            &[
                "Waiting",
                "Partners wanted to reduce waiting times to reduce waiting times in Northby.",
            ],
        ]),
        para(&format!(
            r#"<w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>{}"#,
            run("Carers were not offered an assessment."),
            run(" Most said staff listened.")
        )),
        para(&format!(
            r#"{}<w:ins w:id="7" w:author="Editor">{}</w:ins><w:del w:id="8" w:author="Editor"><w:r><w:delText xml:space="preserve">vague </w:delText></w:r></w:del>{}"#,
            run("The council had a "),
            run("clear clear "),
            run("plan.")
        )),
    ]
    .concat()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// A package with a reviewer's comment, a picture and a settings part
/// that annotate must copy untouched.
fn draft() -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("word/document.xml".into(), document_xml(&body()).into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>"#
                .to_vec(),
        ),
        (
            "word/comments.xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Reviewer" w:initials="R" w:date="2025-05-02T09:30:00Z"><w:p><w:r><w:t>Which survey?</w:t></w:r></w:p></w:comment></w:comments>"#
            )
            .into_bytes(),
        ),
        (
            "word/settings.xml".into(),
            format!(r#"<w:settings xmlns:w="{W}"><w:zoom w:percent="120"/></w:settings>"#)
                .into_bytes(),
        ),
        ("word/media/image1.png".into(), (0..=255u8).cycle().take(3000).collect()),
    ];
    zip_of(&parts)
}

/// A package with nothing but the document: annotate adds the comments
/// part, its content type and its relationship.
fn bare(body: &str) -> Vec<u8> {
    zip_of(&[
        (
            "[Content_Types].xml".into(),
            br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .to_vec(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("word/document.xml".into(), document_xml(body).into_bytes()),
    ])
}

fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // The picture stored, the XML deflated, as Word does.
        let method = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        writer
            .start_file(name.as_str(), options)
            .expect("start part");
        writer.write_all(bytes).expect("write part");
    }
    writer.finish().expect("finish package").into_inner()
}

// ---------------------------------------------------------------------------
// Reading packages back

/// Each entry's name, compressed bytes and content, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let mut raw = Vec::new();
        let name = {
            let mut entry = archive.by_index_raw(index).expect("entry");
            entry.read_to_end(&mut raw).expect("raw bytes");
            entry.name().expect("name").to_string()
        };
        let mut content = Vec::new();
        archive
            .by_index(index)
            .expect("entry")
            .read_to_end(&mut content)
            .expect("content");
        out.push((name, raw, content));
    }
    out
}

fn part(bytes: &[u8], name: &str) -> Option<String> {
    entries(bytes)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, content)| String::from_utf8(content).expect("UTF-8 part"))
}

fn is_word(node: &roxmltree::Node<'_, '_>, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(W)
}

/// The document's text: every `w:t`, in order.
fn all_text(document: &str) -> String {
    let doc = roxmltree::Document::parse(document).expect("well-formed document");
    doc.descendants()
        .filter(|n| is_word(n, "t"))
        .filter_map(|n| n.text())
        .collect()
}

/// The comments of a comments part: id, author, paragraphs' text.
fn comments(xml: &str) -> Vec<(String, String, Vec<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed comments");
    doc.descendants()
        .filter(|n| is_word(n, "comment"))
        .map(|c| {
            let attr = |name: &str| c.attribute((W, name)).unwrap_or_default().to_string();
            let paragraphs = c
                .children()
                .filter(|n| is_word(n, "p"))
                .map(|p| {
                    p.descendants()
                        .filter(|n| is_word(n, "t"))
                        .filter_map(|n| n.text())
                        .collect()
                })
                .collect();
            (attr("id"), attr("author"), paragraphs)
        })
        .collect()
}

/// Per comment id: the text its range holds, and the text of the paragraph
/// it starts in.
fn ranges(document: &str) -> BTreeMap<String, (String, String)> {
    let doc = roxmltree::Document::parse(document).expect("well-formed document");
    let mut open: Vec<String> = Vec::new();
    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new();
    for node in doc.descendants() {
        let id = || node.attribute((W, "id")).unwrap_or_default().to_string();
        if is_word(&node, "commentRangeStart") {
            let paragraph = node
                .ancestors()
                .find(|a| is_word(a, "p"))
                .map(|p| {
                    p.descendants()
                        .filter(|n| is_word(n, "t"))
                        .filter_map(|n| n.text())
                        .collect()
                })
                .unwrap_or_default();
            found.insert(id(), (String::new(), paragraph));
            open.push(id());
        } else if is_word(&node, "commentRangeEnd") {
            open.retain(|o| *o != id());
        } else if is_word(&node, "t") {
            for id in &open {
                if let Some((text, _)) = found.get_mut(id) {
                    text.push_str(node.text().unwrap_or_default());
                }
            }
        }
    }
    found
}

fn reportlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run reportlint")
}

fn annotated(dir: &Path, input: &[u8]) -> (Annotated, Vec<u8>) {
    let draft = dir.join("draft.docx");
    std::fs::write(&draft, input).expect("write draft");
    let out = dir.join("reviewed.docx");
    let mut session = Session::new(Settings {
        no_config: true,
        ..Settings::default()
    });
    let done = annotate(&mut session, &draft, &out).expect("annotated");
    (done, std::fs::read(&out).expect("output written"))
}

fn headline(finding: &Finding) -> String {
    format!("{}[{}] {}", finding.severity, finding.rule, finding.message)
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn each_finding_is_one_comment_on_its_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (done, out) = annotated(dir.path(), &draft());
    let rules: Vec<&str> = done.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"common/repeated-word"), "{rules:?}");
    assert!(rules.contains(&"common/repeated-phrase"), "{rules:?}");
    assert_eq!(done.comments, done.findings.len());
    assert_eq!((done.whole_paragraphs, done.unanchored.len()), (0, 0));

    let comments = comments(&part(&out, "word/comments.xml").expect("comments part"));
    let ours: Vec<_> = comments.iter().filter(|c| c.1 == "reportlint").collect();
    assert_eq!(ours.len(), done.findings.len());
    let document = part(&out, "word/document.xml").expect("document");
    let ranges = ranges(&document);
    let text = source::decode_word("draft.docx", &draft())
        .expect("readable")
        .text()
        .to_string();
    for finding in &done.findings {
        let matching: Vec<_> = ours
            .iter()
            .filter(|c| c.2[0] == headline(finding))
            .collect();
        assert_eq!(matching.len(), 1, "one comment for {}", headline(finding));
        let (flagged, paragraph) = ranges.get(&matching[0].0).expect("a range");
        let words = finding.primary.span.of(&text);
        assert_eq!(flagged, words, "{}", finding.rule);
        assert!(paragraph.contains(words), "{paragraph:?}");
    }
    // The help and the other end of the finding are in the comment.
    let phrase = ours
        .iter()
        .find(|c| c.2[0].contains("repeated-phrase"))
        .expect("phrase comment");
    assert!(
        phrase
            .2
            .iter()
            .any(|p| p.starts_with("see paragraph ") && p.contains("“to reduce waiting times”")),
        "{phrase:?}"
    );
    // Comment ids are new: the reviewer's 0 stays theirs.
    assert!(ours.iter().all(|c| c.0 != "0"));
    assert!(comments
        .iter()
        .any(|c| c.0 == "0" && c.1 == "Reviewer" && c.2 == ["Which survey?"]));
}

#[test]
fn a_run_cut_by_a_span_keeps_its_properties() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, out) = annotated(dir.path(), &draft());
    let document = part(&out, "word/document.xml").expect("document");
    let doc = roxmltree::Document::parse(&document).expect("well-formed");
    // "e the serv" was one bold run; "the" is flagged inside it.
    let bold_runs: Vec<String> = doc
        .descendants()
        .filter(|n| is_word(n, "r"))
        .filter(|r| r.descendants().any(|n| is_word(&n, "b")))
        .map(|r| {
            assert_eq!(r.attribute((W, "rsidR")), Some("00A1B2C3"));
            r.descendants()
                .filter(|n| is_word(n, "t"))
                .filter_map(|n| n.text())
                .collect()
        })
        .collect();
    assert_eq!(bold_runs, ["e ", "the", " serv"]);
    // The word repeated inside the tracked insertion is marked inside it.
    let insertion = doc
        .descendants()
        .find(|n| is_word(n, "ins"))
        .expect("insertion kept");
    assert!(insertion
        .descendants()
        .any(|n| is_word(&n, "commentRangeStart")));
    assert!(doc.descendants().any(|n| is_word(&n, "delText")));
}

#[test]
fn the_text_and_every_other_entry_are_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = draft();
    let (_, out) = annotated(dir.path(), &input);
    let before = part(&input, "word/document.xml").expect("document");
    let after = part(&out, "word/document.xml").expect("document");
    assert_eq!(all_text(&before), all_text(&after));
    let changeable = [
        "word/document.xml",
        "word/comments.xml",
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
    ];
    let output: Vec<_> = entries(&out);
    let names = |e: &[(String, Vec<u8>, Vec<u8>)]| -> Vec<String> {
        e.iter().map(|(n, _, _)| n.clone()).collect()
    };
    assert_eq!(
        names(&entries(&input)),
        names(&output),
        "same entries, same order"
    );
    for (name, raw, content) in entries(&input) {
        let (_, raw_out, content_out) = output
            .iter()
            .find(|(n, _, _)| *n == name)
            .expect("entry kept");
        if changeable.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(&raw, raw_out, "{name}: compressed bytes copied");
        assert_eq!(&content, content_out, "{name}: content copied");
    }
    // This package declared and linked its comments part already.
    for name in ["[Content_Types].xml", "word/_rels/document.xml.rels"] {
        assert_eq!(part(&input, name), part(&out, name), "{name}");
    }
    // The same draft gives the same bytes.
    let again = tempfile::tempdir().expect("temp dir");
    assert_eq!(annotated(again.path(), &input).1, out);
}

#[test]
fn running_twice_replaces_reportlints_comments_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (first, once) = annotated(dir.path(), &draft());
    let second_dir = tempfile::tempdir().expect("temp dir");
    let (second, twice) = annotated(second_dir.path(), &once);
    assert_eq!(second.comments, first.comments);
    assert_eq!(second.replaced, first.comments);
    let count = |bytes: &[u8]| {
        let all = comments(&part(bytes, "word/comments.xml").expect("comments"));
        let ours = all.iter().filter(|c| c.1 == "reportlint").count();
        (ours, all.len() - ours)
    };
    assert_eq!(count(&once), (first.comments, 1));
    assert_eq!(count(&twice), count(&once));
    let document = |bytes: &[u8]| part(bytes, "word/document.xml").expect("document");
    assert_eq!(document(&twice), document(&once));
    assert_eq!(all_text(&document(&twice)), all_text(&document(&draft())));
    // The reviewer's range and mark are still there, once.
    let marks = document(&twice)
        .matches(r#"w:commentReference w:id="0""#)
        .count();
    assert_eq!(marks, 1);
}

#[test]
fn a_bare_package_gets_its_comments_part_declared_and_linked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = bare(&para(&run("Staff told us the the service was good.")));
    let (done, out) = annotated(dir.path(), &input);
    assert_eq!(done.comments, 1);
    let types = part(&out, "[Content_Types].xml").expect("content types");
    assert!(types.contains(
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#
    ), "{types}");
    let rels = part(&out, "word/_rels/document.xml.rels").expect("relationships made");
    assert!(
        rels.contains(r#"relationships/comments" Target="comments.xml""#),
        "{rels}"
    );
    roxmltree::Document::parse(&rels).expect("well-formed relationships");
    let comments = comments(&part(&out, "word/comments.xml").expect("comments part"));
    assert_eq!(comments.len(), 1);
    assert_eq!(
        (comments[0].1.as_str(), comments[0].0.as_str()),
        ("reportlint", "0")
    );
    assert!(
        comments[0].2[0].starts_with("warning[common/repeated-word] "),
        "{comments:?}"
    );
}

#[test]
fn spans_are_anchored_exactly_else_on_their_paragraph_else_listed() {
    // A heading whose tab the view turns into a space: its words cannot
    // be found run by run, so its comment goes on the whole paragraph.
    let body = [
        heading(&format!(
            "{}<w:r><w:tab/></w:r>{}",
            run("Theme 1:"),
            run("People")
        )),
        para(&(run("Alpha be") + &bold("ta gam") + &run("ma delta"))),
    ]
    .concat();
    let bytes = bare(&body);
    let view = source::decode_word("d.docx", &bytes).expect("readable");
    let text = view.text().to_string();
    assert_eq!(text, "# Theme 1: People\n\nAlpha beta gamma delta\n");
    let at = |words: &str| {
        let start = text.find(words).expect("in the view");
        start..start + words.len()
    };
    let note = |span| Note {
        span,
        paragraphs: vec!["a note".into()],
    };
    let notes = [
        note(at("Theme 1: People")),
        note(at("beta gamma")),
        note(at("Alpha beta gamma delta")),
        note(text.len() + 5..text.len() + 9),
        note(at("eta").start..at("eta").start),
    ];
    let done = docx::annotate(&bytes, LIMIT, &text, &notes).expect("annotated");
    assert_eq!(
        done.anchors,
        [
            Anchor::Paragraph,
            Anchor::Exact,
            Anchor::Exact,
            Anchor::Nowhere,
            Anchor::Paragraph
        ]
    );
    let document = part(&done.bytes, "word/document.xml").expect("document");
    let ranges = ranges(&document);
    assert_eq!(
        ranges.get("0").map(|r| r.0.as_str()),
        Some("Theme 1:People")
    );
    assert_eq!(ranges.get("1").map(|r| r.0.as_str()), Some("beta gamma"));
    assert_eq!(
        ranges.get("2").map(|r| r.0.as_str()),
        Some("Alpha beta gamma delta")
    );
    assert_eq!(all_text(&document), "Theme 1:PeopleAlpha beta gamma delta");
    // The text checked must be the document's.
    assert!(docx::annotate(&bytes, LIMIT, "other text", &notes).is_err());
}

#[test]
fn the_command_writes_a_copy_and_says_how_many() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = draft();
    std::fs::write(dir.path().join("draft.docx"), &input).expect("write");
    let output = reportlint(
        dir.path(),
        &["annotate", "draft.docx", "-o", "reviewed.docx"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(
        stderr.ends_with(" comments written to reviewed.docx\n"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("draft.docx")).expect("draft"),
        input
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(left.len(), 2, "no temporary file left behind");
    // Fewer rules, fewer comments; none, exit 0.
    let output = reportlint(
        dir.path(),
        &[
            "annotate",
            "draft.docx",
            "-o",
            "one.docx",
            "--select",
            "common/repeated-word",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("2 comments written to one.docx"));
    let clean = bare(&para(&run("Staff told us the service was good.")));
    std::fs::write(dir.path().join("clean.docx"), clean).expect("write");
    let output = reportlint(
        dir.path(),
        &["annotate", "clean.docx", "-o", "clean-out.docx"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "0 comments written to clean-out.docx\n"
    );
}

#[test]
fn bad_input_is_a_located_error_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let whole = draft();
    let ole = [
        &[0xd0u8, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][..],
        &[0; 504],
    ]
    .concat();
    let not_word = zip_of(&[("[Content_Types].xml".into(), b"<Types/>".to_vec())]);
    // 80 MB of spaces in the document: a few hundred kilobytes deflated.
    let bomb = bare(&para(&run(&" ".repeat(80 * 1024 * 1024))));
    let broken_xml = bare("<w:p><w:r></w:p>");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text.docx",
            b"Northby Council\n".to_vec(),
            "not a Word .docx file",
        ),
        ("cut.docx", whole[..whole.len() / 2].to_vec(), "cut.docx: "),
        ("encrypted.docx", ole, "encrypted"),
        ("other.docx", not_word, "not a Word document"),
        ("bomb.docx", bomb, "refused"),
        ("broken.docx", broken_xml, "not well-formed XML at byte"),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.path().join(name), bytes).expect("write");
        let out = format!("out-{name}");
        let output = reportlint(dir.path(), &["annotate", name, "-o", &out]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {name}: ")),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!dir.path().join(&out).exists(), "{name}: nothing written");
    }
    // The draft is never the output.
    std::fs::write(dir.path().join("draft.docx"), &whole).expect("write");
    for same in ["draft.docx", "./draft.docx"] {
        let output = reportlint(dir.path(), &["annotate", "draft.docx", "-o", same]);
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("-o names the draft itself"));
    }
    assert_eq!(
        std::fs::read(dir.path().join("draft.docx")).expect("draft"),
        whole
    );
}

/// python-docx (1.2 and later read comments) opens the output and finds
/// the comments; skipped, with a message, where it is not installed.
#[test]
fn python_docx_reads_the_comments() {
    let probe = Command::new("python3")
        .args([
            "-c",
            "import docx; docx.Document; docx.document.Document.comments",
        ])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python-docx 1.2 or later is not installed (pip install python-docx)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (done, _) = annotated(dir.path(), &draft());
    let script = r#"
import sys, docx
document = docx.Document(sys.argv[1])
for comment in document.comments:
    print(comment.author, comment.initials, comment.text.splitlines()[0], sep="\t")
"#;
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(dir.path().join("reviewed.docx"))
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), done.findings.len() + 1, "{stdout}");
    assert!(lines.contains(&"Reviewer\tR\tWhich survey?"), "{stdout}");
    for finding in &done.findings {
        let line = format!("reportlint\tRL\t{}", headline(finding));
        assert!(lines.contains(&line.as_str()), "{line} in {stdout}");
    }
}

#[test]
fn the_example_draft_gets_its_defects_as_comments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/drafts/northby-draft.docx"
    );
    let (done, out) = annotated(dir.path(), &std::fs::read(example).expect("example draft"));
    for rule in [
        "cqc-la/rating-follows-scores",
        "cqc-la/summary-score-matches-section",
        "common/repeated-phrase",
        "cqc-la/repeated-text",
    ] {
        assert!(done.findings.iter().any(|f| f.rule == rule), "{rule}");
    }
    assert_eq!(done.comments, done.findings.len());
    assert_eq!(done.whole_paragraphs, 0);
    let comments = comments(&part(&out, "word/comments.xml").expect("comments"));
    assert_eq!(
        comments.len(),
        done.findings.len() + 1,
        "the reviewer's is kept"
    );
    let ranges = ranges(&part(&out, "word/document.xml").expect("document"));
    let phrase = comments
        .iter()
        .find(|c| c.2[0].contains("[common/repeated-phrase]"))
        .expect("the repeated phrase");
    assert_eq!(
        ranges.get(&phrase.0).map(|r| r.0.as_str()),
        Some("to reduce inequalities across the borough")
    );
}
