//! The `duplication` kind on invented reports: text repeated inside one
//! report, and text shared by the reports of a run.

mod common;

use reportlint::finding::{Finding, Severity};
use reportlint::render::{render, Format, HumanOptions};
use reportlint::rules::Rule;
use reportlint::source::SourceFile;

const WITHIN: &str = "cqc-la/repeated-text";
const ACROSS: &str = "cqc-la/text-from-another-report";

/// A CQC assessment of `council` with the template's repeated text (theme
/// preamble, I-statements, commitments, disclaimer) in two statements, a
/// summary that echoes the body, and the findings given.
fn cqc_report(council: &str, people: &str, local_needs: &str, market: &str) -> String {
    format!(
        "{council}: local authority assessment

Assessment published: 3 March 2025

Financial facts

- The local authority estimated that in 2023/24, its total budget would be £412,000,000.

This data is reproduced at the request of the Department of Health and Social Care. It has not been factored into our assessment and is presented for information purposes only.

Overall summary

Summary of people's experiences

{people}

Theme 1: How {council} works with people

This theme includes these quality statements:

We may not always review all quality statements during every assessment.

Assessing needs

Score: 3

3 - Evidence shows a good standard

What people expect

I have care and support that is coordinated, and everyone works well together and with me.

The local authority commitment

We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, care, wellbeing and communication needs with them.

Key findings for this quality statement

Assessment, care planning and review arrangements

{people}

Theme 2: Providing support

This theme includes these quality statements:

We may not always review all quality statements during every assessment.

Care provision, integration and continuity

Score: 2

2 - Evidence shows some shortfalls

What people expect

I have care and support that is coordinated, and everyone works well together and with me.

The local authority commitment

We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, care, wellbeing and communication needs with them.

Key findings for this quality statement

Understanding local needs for care and support

{local_needs}

Market shaping and commissioning to meet local needs

{market}
"
    )
}

const NEEDS: &str = "The joint strategic needs assessment for the area had been refreshed in 2024 with health partners and drew on data from the voluntary sector.

Commissioners had held four events with care providers to discuss gaps in nursing care, and providers said the events helped them plan new services for people with dementia.";

const PEOPLE: &str = "People told us that staff listened to them and that they were involved in planning their care and support at every stage.";

const MARKET: &str = "The market position statement set out where the council wanted providers to grow, and it had been shared with every provider in the area.";

fn only(id: &'static str) -> impl Fn(&Rule) -> bool + Sync {
    move |r: &Rule| r.id() == id
}

fn check(text: &str, id: &'static str) -> Vec<Finding> {
    let linter = common::linter();
    linter.check_source(&SourceFile::new("report.txt", text), &only(id))
}

/// The words a finding of the report `text` is at.
fn span_text<'t>(text: &'t str, finding: &Finding) -> &'t str {
    finding.primary.span.of(text)
}

#[test]
fn a_clean_report_with_template_repeats_draws_only_the_summary_note() {
    let text = cqc_report("Ravensholm Council", PEOPLE, NEEDS, MARKET);
    let findings = check(&text, WITHIN);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let note = &findings[0];
    assert_eq!(note.severity, Severity::Note);
    assert!(
        note.message.contains("Summary of people's experiences"),
        "{}",
        note.message
    );
    assert!(span_text(&text, note).starts_with("People told us that staff listened"));
}

#[test]
fn a_sub_section_pasted_under_the_next_heading_is_one_finding() {
    let text = cqc_report("Ravensholm Council", PEOPLE, NEEDS, NEEDS);
    let findings: Vec<Finding> = check(&text, WITHIN)
        .into_iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert!(
        finding.message.starts_with(
            "the whole of section `Market shaping and commissioning to meet local needs` (2 paragraphs"
        ),
        "{}",
        finding.message
    );
    assert!(finding.message.contains("word for word"));
    assert!(finding
        .message
        .contains("(section `Understanding local needs for care and support`)"));
    // The finding is at the copy, the related label at the original.
    let copy = finding.primary.span.start;
    let original = finding.related[0].span.start;
    assert!(original < copy);
    assert!(text[copy..].starts_with("The joint strategic needs assessment"));
    assert!(span_text(&text, finding).ends_with("people with dementia."));
    assert!(text[..copy].contains("Market shaping and commissioning to meet local needs"));
}

#[test]
fn a_near_copy_with_markup_crlf_and_a_bom_is_still_found() {
    let edited = NEEDS
        .replace("refreshed in 2024", "**refreshed** in 2024")
        .replace("four events", "four  events");
    let plain = cqc_report("Ravensholm Council", PEOPLE, NEEDS, &edited);
    let crlf = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
    for text in [plain, crlf] {
        let warnings: Vec<Finding> = check(&text, WITHIN)
            .into_iter()
            .filter(|f| f.severity == Severity::Warning)
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(span_text(&text, &warnings[0]).starts_with("The joint strategic needs assessment"));
    }
}

#[test]
fn a_sentence_repeated_in_a_paragraph_is_found_and_short_ones_are_not() {
    let market = "Waiting lists had fallen since the spring. The council shared later figures which showed a rise in the number of people supported at home. Staff were positive. The council shared later figures which showed a rise in the number of people supported at home. Staff were positive.";
    let text = cqc_report("Ravensholm Council", PEOPLE, NEEDS, market);
    let warnings: Vec<Finding> = check(&text, WITHIN)
        .into_iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .message
            .starts_with("this passage (2 sentences, 20 words) repeats word for word line"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.ends_with("in the same paragraph"));
    assert!(span_text(&text, &warnings[0]).starts_with("The council shared later figures"));
}

#[test]
fn the_same_wording_with_other_figures_is_not_a_repeat() {
    let needs = "National data showed that 61.2% of people who used services were satisfied with their care, which was similar to the England average of 60.4%. Staff described a supportive culture.";
    let market = "National data showed that 48.9% of carers who used services were satisfied with their support, which was higher than the England average of 41.1%. Staff described a supportive culture.";
    let text = cqc_report("Ravensholm Council", PEOPLE, needs, market);
    let warnings: Vec<Finding> = check(&text, WITHIN)
        .into_iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

fn run(texts: &[(&str, String)], id: &'static str) -> reportlint::stream::Lint {
    let linter = common::linter();
    let sources = texts
        .iter()
        .map(|(name, text)| SourceFile::new(*name, text.clone()))
        .collect();
    linter.check_sources(sources, &only(id))
}

#[test]
fn paragraphs_pasted_into_another_council_s_report_are_found_in_the_later_one() {
    // Pasted with the council's name changed, into a report published later
    // but listed first.
    let pasted = NEEDS.replace("the area", "Thornbury");
    let later = cqc_report(
        "Thornbury Council",
        "People in Thornbury said they waited too long for a first visit.",
        &pasted,
        MARKET,
    )
    .replace("3 March 2025", "9 June 2025");
    let earlier = cqc_report(
        "Ravensholm Council",
        "Carers in Ravensholm valued the new carers' centre.",
        &NEEDS.replace("the area", "Ravensholm"),
        "Providers told us fees had not risen with the cost of care, and two care homes had closed in the year.",
    );
    let run = run(
        &[("a-thornbury.txt", later), ("b-ravensholm.txt", earlier)],
        ACROSS,
    );
    assert!(run.files[1].findings.is_empty());
    let findings = &run.files[0].findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert!(
        finding
            .message
            .starts_with("these 2 paragraphs (51 words) match b-ravensholm.txt at line 67 (87%"),
        "{}",
        finding.message
    );
    let own = run.files[0]
        .kept()
        .expect("a run of reports in memory keeps them");
    assert!(span_text(own.text(), finding)
        .starts_with("The joint strategic needs assessment for Thornbury"));
    let related = &finding.related[0];
    let other = related
        .file
        .and_then(|id| run.file(id))
        .and_then(|file| file.kept())
        .expect("the label is in the other report");
    assert_eq!(other.name(), "b-ravensholm.txt");
    assert!(related
        .span
        .of(other.text())
        .starts_with("The joint strategic needs assessment for Ravensholm"));

    // Every renderer names the other file at the related label.
    let linter = common::linter();
    let human = HumanOptions::default();
    let output = |format: Format| render(format, &run, &linter.rules, &human, &Default::default());
    let concise = output(Format::Concise);
    assert!(
        concise.contains("\n  b-ravensholm.txt:"),
        "concise output: {concise}"
    );
    let json: serde_json::Value = serde_json::from_str(&output(Format::Json)).expect("json");
    assert_eq!(
        json["findings"][0]["related"][0]["path"],
        "b-ravensholm.txt"
    );
    assert!(json["findings"][0]["primary"].get("path").is_none());
    let sarif: serde_json::Value = serde_json::from_str(&output(Format::Sarif)).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "b-ravensholm.txt"
    );
    let github = output(Format::Github);
    assert!(github.contains("b-ravensholm.txt line"), "{github}");
    let human_text = output(Format::Human);
    assert!(human_text.contains("b-ravensholm.txt:"), "{human_text}");
    // The formats that once placed the other end in the finding's own file.
    let gitlab = output(Format::Gitlab);
    assert!(gitlab.contains("(b-ravensholm.txt line "), "{gitlab}");
    let junit = output(Format::Junit);
    assert!(
        junit.contains("\n  b-ravensholm.txt:") && !junit.contains("\n  a-thornbury.txt:"),
        "{junit}"
    );
}

#[test]
fn template_text_shared_by_every_report_is_not_flagged() {
    // Five councils, each with its own findings: the template's text (and a
    // summary sentence every report of this run shares) is no paste.
    let councils = ["Ashby", "Brent Vale", "Coldmoor", "Dunhallow", "Elmsford"];
    let texts: Vec<(&str, String)> = councils
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let needs = format!(
                "{c} had {} people waiting for an assessment in March, and the longest wait was {} weeks. Leaders in {c} had a plan to reduce waits by the end of {} with agency staff.",
                100 + i * 37,
                6 + i,
                2025 + i
            );
            let market = format!(
                "Providers in {c} told us that fees for home care were reviewed in {} and that {} care homes had closed in the year.",
                ["April", "May", "June", "July", "August"][i],
                i + 1
            );
            let people = format!("People in {c} told us about {} different services.", i + 3);
            (*c, cqc_report(&format!("{c} Council"), &people, &needs, &market))
        })
        .collect();
    let run = run(&texts, ACROSS);
    let findings: Vec<&Finding> = run.findings().collect();
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn text_three_reports_share_is_template_and_text_two_share_is_a_paste() {
    // Every letter carries the publisher's paragraph about complaints; two
    // of them also share a finding pasted from one into the other.
    const COMPLAINTS: &str = "If you are not happy with the inspection or the report, you can complain to the inspectorate. The complaints procedure is on the inspectorate's website and explains how to raise a concern.";
    const PASTED: &str = "Social workers in the disabled children's team visited children at least every six weeks and saw them alone when it was safe to do so. Their records showed what children said about their lives, and plans were updated after each visit with the child's own words.";
    let letter = |council: &str, finding: &str| {
        format!(
            "Focused visit to {council} children's services\n\nMain findings\n\n{finding}\n\nManagers in {council} audited cases in their own way.\n\n{COMPLAINTS}\n"
        )
    };
    let own = |council: &str| {
        format!("Children in {council} were seen by the duty team on the day they were referred, and managers in {council} checked every decision the next morning.")
    };
    let texts = [
        ("a.txt", letter("Westmoor", PASTED)),
        ("b.txt", letter("Eastmere", &own("Eastmere"))),
        ("c.txt", letter("Northby", &own("Northby"))),
        ("d.txt", letter("Southfell", PASTED)),
    ];
    let run = run(&texts, "common/text-from-another-report");
    let found: Vec<(usize, &str)> = run
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.findings.iter().map(move |x| (i, x.message.as_str())))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 3, "reported in the later report: {found:?}");
    assert!(found[0].1.contains("matches a.txt"), "{found:?}");
}

#[test]
fn common_rule_finds_shared_text_between_letters_and_skips_cqc_reports() {
    let letter = |council: &str| {
        format!(
            "Focused visit to {council} children's services

Main findings

Social workers in the disabled children's team visited children at least every six weeks and saw them alone when it was safe to do so. Their records showed what children said about their lives.

Managers audited a sample of cases every month, and the audits led to changes in how the team recorded decisions about short breaks.
"
        )
    };
    let run_letters = run(
        &[("a.txt", letter("Westmoor")), ("b.txt", letter("Eastmere"))],
        "common/text-from-another-report",
    );
    assert!(run_letters.files[0].findings.is_empty());
    assert_eq!(run_letters.files[1].findings.len(), 1);
    assert!(run_letters.files[1].findings[0]
        .message
        .contains("match a.txt at line 5"));

    // CQC reports are left to the CQC pack's rule.
    let report = cqc_report("Ravensholm Council", PEOPLE, NEEDS, MARKET);
    let run_cqc = run(
        &[("a.txt", report.clone()), ("b.txt", report)],
        "common/text-from-another-report",
    );
    assert!(run_cqc.findings().next().is_none());
}

#[test]
fn a_folder_run_compares_files_and_a_single_file_does_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = cqc_report("Ravensholm Council", PEOPLE, NEEDS, MARKET);
    let copy = report.replace("Ravensholm", "Thornbury");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, &report).expect("write");
    std::fs::write(&b, &copy).expect("write");
    let linter = common::linter();
    let both = linter.check_files(&[a.clone(), b], &only(ACROSS));
    let found: Vec<&Finding> = both.findings().collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(both.files[1].name().ends_with("b.txt"));
    assert_eq!(both.files[1].findings.len(), 1);
    let alone = linter.check_files(&[a], &only(ACROSS));
    assert!(alone.findings().next().is_none());
}
