#!/usr/bin/env python3
"""Writes examples/drafts/northby-draft.docx: an invented CQC-style draft in
Word with a few real defects, for `reportlint annotate`.

Usage: benches/make-northby-draft.py [OUT.docx]
       (default examples/drafts/northby-draft.docx)

Northby Council does not exist. The draft is rated "Good" although its nine
summary scores sum to 19/36 (requires improvement); "Assessing needs" is
scored 2 in the summary table and 3 in its section; a phrase is written
twice in a row across differently formatted runs; a sentence is repeated
in another section. It also has what a real draft has around the text: a
reviewer's comment, a tracked insertion and deletion, a table of scores.

Only the standard library is used, and every entry has a fixed date, so
the same script always writes the same bytes.
"""
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
DATE = (2025, 5, 14, 9, 0, 0)


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, props=""):
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(content, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{content}</w:p>"


def text(line, style=None):
    return para(run(line), style)


def table(rows):
    xml = '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
    for row in rows:
        xml += "<w:tr>" + "".join(f"<w:tc><w:tcPr/>{text(cell)}</w:tc>" for cell in row) + "</w:tr>"
    return xml + "</w:tbl>"


SCORES = [
    ("Assessing needs", 2),
    ("Supporting people to live healthier lives", 2),
    ("Equity in experience and outcomes", 2),
    ("Care provision, integration and continuity", 3),
    ("Partnerships and communities", 2),
    ("Safe systems, pathways and transitions", 2),
    ("Safeguarding", 2),
    ("Governance, management and sustainability", 2),
    ("Learning, improvement and innovation", 2),
]

REPEATED = ("Leaders had a clear vision for adult social care and staff told us "
            "they felt supported and valued.")


def body():
    parts = [
        text("Northby Council: local authority assessment", "Title"),
        text("How we assess local authorities"),
        text("Assessment published: 14 May 2025"),
        text("About Northby Council", "Heading1"),
        text("Northby has a population of 182,300. Around 19% of residents are aged 65 "
             "and over. It is part of the Northby and Wold integrated care system."),
        text("Overall summary", "Heading1"),
        text("Local authority rating and score", "Heading2"),
        text("Northby Council"),
        text("Good"),
        text("Quality statement scores", "Heading2"),
        table([("Quality statement", "Score")] + [(name, str(score)) for name, score in SCORES]),
        text("Summary of people’s experiences", "Heading2"),
        # A reviewer's comment on the first sentence, kept by annotate.
        para('<w:commentRangeStart w:id="0"/>'
             + run("Most people told us they found it easy to contact adult social care.")
             + '<w:commentRangeEnd w:id="0"/>'
             + '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>'
             + run(" Some unpaid carers had not been offered a carer’s assessment.")),
        text("Summary of strengths, areas for development and next steps", "Heading2"),
        text(REPEATED),
        # A phrase written twice in a row, the second time partly in bold:
        # Word splits such text over several runs.
        para(run("Partners described a shared ambition to reduce inequalities ")
             + run("across the borough to reduce ")
             + run("inequalities across", '<w:b/>')
             + run(" the borough and to improve")
             + '<w:ins w:id="11" w:author="Editor" w:date="2025-05-01T10:00:00Z">'
             + run(" early")
             + "</w:ins>"
             + '<w:del w:id="12" w:author="Editor" w:date="2025-05-01T10:00:00Z">'
             + '<w:r><w:delText xml:space="preserve"> late</w:delText></w:r>'
             + "</w:del>"
             + run(" help.")),
        text("Theme 1: How Northby Council works with people", "Heading1"),
        text("Assessing needs", "Heading2"),
        text("Score: 3"),
        text("3 - Evidence shows a good standard"),
        text("People’s needs were assessed in a timely way. " + REPEATED),
    ]
    return "".join(parts)


DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body()}'
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
)


def styles():
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:styles xmlns:w="{W}">'
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>')
    for level in (1, 2):
        xml += (f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
                f'<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="{level - 1}"/></w:pPr></w:style>')
    xml += ('<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/></w:style>'
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
            "</w:styles>")
    return xml


COMMENTS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:comments xmlns:w="{W}">'
    '<w:comment w:id="0" w:author="A. Reviewer" w:initials="AR" w:date="2025-05-02T09:30:00Z">'
    "<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Which survey is this from?</w:t></w:r></w:p>"
    "</w:comment></w:comments>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)

ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{PR}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{PR}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
    "</Relationships>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Northby Council: local authority assessment (draft)</dc:title>'
    "<dc:creator>Invented for reportlint</dc:creator></cp:coreProperties>"
)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "examples/drafts/northby-draft.docx"
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE),
        ("word/document.xml", DOCUMENT),
        ("word/styles.xml", styles()),
        ("word/comments.xml", COMMENTS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ]
    with zipfile.ZipFile(out, "w") as package:
        for name, xml in parts:
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, xml.encode("utf-8"))
    print(out)


if __name__ == "__main__":
    main()
