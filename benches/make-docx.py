#!/usr/bin/env python3
"""A Word document of about a given size for timing the .docx reader.

Usage: benches/make-docx.py OUT.docx [BYTES]   (default 1,000,000 bytes)
then: time target/release/reportlint extract OUT.docx > /dev/null

The document is an invented CQC-style draft: a title, a heading every 40
paragraphs, paragraphs of varied prose (so that it deflates about as a real
draft does, 8 to 1), grown until the package reaches the size asked for.
Only the standard library is used.
"""
import os
import random
import sys
import zipfile

random.seed(7)
W="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
words=("council people care support assessment carers waiting staff partners services "
 "safeguarding transitions community health integrated outcomes feedback review provision "
 "equity quality improvement governance learning innovation housing hospital discharge "
 "reablement advocacy prevention wellbeing commissioning workforce").split()
target=int(sys.argv[2]) if len(sys.argv)>2 else 1_000_000
def para(text, style=None):
    ppr=f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ''
    return f'<w:p>{ppr}<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
def sentence():
    n=random.randint(8,24)
    s=" ".join(random.choice(words) for _ in range(n))
    return s[0].upper()+s[1:]+f" in {random.randint(2019,2025)} with {random.randint(1,999)} people."
def build(n):
    body=[para("Northby Council: local authority assessment","Title")]
    for i in range(n):
        if i%40==0: body.append(para(f"Theme {i//40}: section {i}","Heading2"))
        body.append(para(" ".join(sentence() for _ in range(3))))
    xml=f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    return xml
def write(path,n):
    with zipfile.ZipFile(path,"w",zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels",'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml",build(n))
lo,hi=100,200000
path=sys.argv[1]
while lo<hi:
    mid=(lo+hi)//2
    write(path,mid)
    if os.path.getsize(path)<target: lo=mid+1
    else: hi=mid
write(path,lo)
with zipfile.ZipFile(path) as z:
    print(path, os.path.getsize(path), "bytes; document.xml", z.getinfo("word/document.xml").file_size, "bytes uncompressed;", lo, "paragraphs")
