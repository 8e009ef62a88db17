"""Readers for existing agreements: DOCX, PDF, text and Markdown, and segmentation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from agreement_builder.core.errors import InputError
from agreement_builder.read import read_document, segment
from agreement_builder.read.model import TextBlock

from ..conftest import ROOT

# ---------------------------------------------------------------- DOCX helpers


def _numbering_xml() -> tuple[str, str]:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    levels = [
        ("decimal", "%1."),
        ("decimal", "%1.%2"),
        ("lowerLetter", "(%3)"),
        ("lowerRoman", "(%4)"),
    ]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">{lvls}</w:abstractNum>',
        f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>',
    )


def _numbered_docx() -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract, num = _numbering_xml()
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(parse_xml(abstract))
    else:
        numbering.append(parse_xml(abstract))
    numbering.append(parse_xml(num))

    style = document.styles.add_style("Clause Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 1"]
    style_ppr = style.element.get_or_add_pPr()
    style_ppr.append(
        parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:numId w:val="90"/></w:numPr>'
        )
    )

    def numbered(text: str, ilvl: int) -> None:
        para = document.add_paragraph(text)
        para._p.get_or_add_pPr().append(
            parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'
            )
        )

    document.add_paragraph("STRATEGIC ALLIANCE AGREEMENT", style="Title")
    document.add_paragraph("Definitions", style="Clause Heading")
    numbered("Term. This Agreement lasts two years.", 1)
    numbered("the first limb;", 2)
    numbered("the second limb, which has", 2)
    numbered("a sub-limb.", 3)
    numbered("Renewal. It renews once.", 1)
    document.add_paragraph("Payment", style="Clause Heading")
    numbered("Fees. The fees are in the table.", 1)
    numbered("restarted limb.", 2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Fee item"
    table.cell(0, 1).text = "Amount"
    table.cell(1, 0).text = "Set-up fee"
    table.cell(1, 1).text = "USD 1.5 million"
    document.add_paragraph("Plain closing paragraph.")
    document.sections[0].footer.paragraphs[0].text = "Confidential footer text"
    document.sections[0].header.paragraphs[0].text = "Draft header text"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, payload, compress_type=zipfile.ZIP_DEFLATED)
        for name, payload in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name), payload, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return _numbered_docx()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- DOCX


def test_docx_numbering_headings_tables_footer(tmp_path: Path, docx_bytes: bytes) -> None:
    doc = read_document(_write(tmp_path, "a.docx", docx_bytes))
    assert doc.format == "docx"
    numbers = [b.number for b in doc.blocks if b.number]
    assert numbers == ["1.", "1.1", "(a)", "(b)", "(i)", "1.2", "2.", "2.1", "(a)"]
    by_text = {doc.text[b.start : b.end]: b for b in doc.blocks}
    assert "1.\tDefinitions" in by_text
    assert by_text["1.\tDefinitions"].heading == 1
    assert by_text["STRATEGIC ALLIANCE AGREEMENT"].heading == 1
    assert by_text["1.1\tTerm. This Agreement lasts two years."].heading == 0
    parts = {b.part for b in doc.blocks}
    assert {"body", "table", "header", "footer"} <= parts
    assert by_text["USD 1.5 million"].part == "table"
    assert by_text["Confidential footer text"].part == "footer"
    assert by_text["Draft header text"].part == "header"
    paragraphs = [b.paragraph or 0 for b in doc.blocks if b.part in ("body", "table")]
    assert paragraphs == sorted(paragraphs)

    sections = [(s.number, s.caption, s.level) for s in doc.sections]
    assert ("1", "Definitions", 1) in sections
    assert ("1.1", "Term", 2) in sections
    assert ("1.2", "Renewal", 2) in sections
    assert ("2", "Payment", 1) in sections
    assert ("(a)", None, 3) in sections
    assert ("(i)", None, 4) in sections
    assert all(s.number != "1.5" for s in doc.sections)  # the table amount


def test_docx_zip_bomb(tmp_path: Path, docx_bytes: bytes) -> None:
    bomb = _rezip(docx_bytes, {}, {"word/media/zeros.bin": b"\0" * (50 * 1024 * 1024)})
    with pytest.raises(InputError, match="zip bomb"):
        read_document(_write(tmp_path, "bomb.docx", bomb))


def test_docx_path_traversal(tmp_path: Path, docx_bytes: bytes) -> None:
    evil = _rezip(docx_bytes, {}, {"../../evil.txt": b"x"})
    with pytest.raises(InputError, match="unsafe ZIP member"):
        read_document(_write(tmp_path, "evil.docx", evil))


def test_zip_without_document(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(InputError, match=r"not a Word document.*word/document\.xml"):
        read_document(_write(tmp_path, "x.docx", out.getvalue()))


def test_docx_truncated(tmp_path: Path, docx_bytes: bytes) -> None:
    with pytest.raises(InputError, match="corrupt or truncated") as info:
        read_document(_write(tmp_path, "cut.docx", docx_bytes[: len(docx_bytes) // 2]))
    assert "cut.docx" in str(info.value)


def test_docx_external_entity(tmp_path: Path, docx_bytes: bytes) -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>before &e; after</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _write(tmp_path, "xxe.docx", _rezip(docx_bytes, {"word/document.xml": xml}))
    try:
        doc = read_document(path)
    except InputError as exc:
        assert "xxe.docx" in str(exc)
    else:
        assert "root:" not in doc.text


def test_docx_strict_ooxml(tmp_path: Path, docx_bytes: bytes) -> None:
    xml = (
        b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
        b"<w:body><w:p><w:r><w:t>strict</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _write(tmp_path, "strict.docx", _rezip(docx_bytes, {"word/document.xml": xml}))
    with pytest.raises(InputError, match="strict OOXML is not supported"):
        read_document(path)


def test_docm_reads(tmp_path: Path, docx_bytes: bytes) -> None:
    doc = read_document(_write(tmp_path, "macro.docm", docx_bytes))
    assert "Definitions" in doc.text


def test_legacy_doc_and_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"legacy Word \.doc"):
        read_document(
            _write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        )
    with pytest.raises(InputError, match="binary file"):
        read_document(_write(tmp_path, "blob.txt", b"\x01\x00\x02\x00" * 400))
    with pytest.raises(InputError, match="not found"):
        read_document(tmp_path / "missing.txt")


# ---------------------------------------------------------------- PDF


def _pdf(html: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


def _encrypted_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\n" % (
        len(objects) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


PDF_HTML = """
<p>1. Definitions</p>
<p>1.1 Term. This Agreement starts on the Effective Date. 1.2 Renewal. It renews once.</p>
<p style="page-break-before: always">2. Payment</p>
<p>Second page text with a fee of $1.5 million.</p>
<p style="page-break-before: always">3. Notices</p>
<p>Third page text.</p>
"""


def test_pdf_pages_and_sections(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "a.pdf", _pdf(PDF_HTML)))
    assert doc.format == "pdf" and doc.pages == 3
    pages = {doc.text[b.start : b.end]: b.page for b in doc.blocks}
    assert pages["2. Payment"] == 2
    assert pages["Third page text."] == 3
    found = {s.number: s for s in doc.sections}
    assert found["1.1"].caption == "Term" and found["1.2"].caption == "Renewal"
    assert found["2"].page == 2
    assert "1.5" not in found


def test_pdf_max_pages(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "a.pdf", _pdf(PDF_HTML)), max_pages=1)
    assert doc.pages == 3
    assert all(b.page == 1 for b in doc.blocks)
    assert any("first 1 of 3 pages" in note for note in doc.notes)


def test_pdf_without_text(tmp_path: Path) -> None:
    html = '<div style="width: 50mm; height: 50mm; background: #c00"></div>'
    doc = read_document(_write(tmp_path, "scan.pdf", _pdf(html)))
    assert doc.blocks == () and doc.sections == ()
    assert any("no text layer (scanned?)" in note for note in doc.notes)


def test_pdf_encrypted(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="encrypted PDF; remove the password"):
        read_document(_write(tmp_path, "locked.pdf", _encrypted_pdf()))


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_pdf_truncated(tmp_path: Path, keep: float) -> None:
    data = _pdf(PDF_HTML)
    with pytest.raises(InputError, match="corrupt or truncated PDF"):
        read_document(_write(tmp_path, "cut.pdf", data[: int(len(data) * keep)]))


def test_pdf_extension_without_pdf_content(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not a readable \.pdf"):
        read_document(_write(tmp_path, "fake.pdf", b"just some text"))


# ---------------------------------------------------------------- text and Markdown


def test_text_bom_crlf(tmp_path: Path) -> None:
    data = (
        "\ufeffFirst para line one\r\nline two\r\n\r\nSecond para\rstill second\r\rThird".encode()
    )
    doc = read_document(_write(tmp_path, "a.txt", data))
    assert doc.format == "text" and doc.notes == ()
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert [(doc.text[b.start : b.end], b.line) for b in doc.blocks] == [
        ("First para line one\nline two", 1),
        ("Second para\nstill second", 4),
        ("Third", 7),
    ]


def test_text_latin1_and_nul(tmp_path: Path) -> None:
    doc = read_document(
        _write(tmp_path, "l.txt", "Café agreement — déjà vu".encode("latin-1", "replace"))
    )
    assert "Café" in doc.text
    assert any("decoded as Latin-1" in note for note in doc.notes)
    doc = read_document(_write(tmp_path, "n.txt", b"Clean\x00 text\x00 here"))
    assert doc.text == "Clean text here"
    assert any("NUL" in note for note in doc.notes)


def test_markdown_headings(tmp_path: Path) -> None:
    source = (
        "# Alliance Agreement\n\nIntro text.\n\n## 1. **Definitions**\n"
        "Words mean things.\n\n### 1.1 Term ###\n\nThe term is two years.\n\n"
        "Setext Heading\n--------------\n\n```\n# not a heading\n```\n"
    )
    doc = read_document(_write(tmp_path, "a.md", source.encode()))
    assert doc.format == "markdown"
    heads = [(doc.text[b.start : b.end], b.heading, b.line) for b in doc.blocks if b.heading]
    assert heads == [
        ("Alliance Agreement", 1, 1),
        ("1. Definitions", 2, 5),
        ("1.1 Term", 3, 8),
        ("Setext Heading", 2, 12),
    ]
    assert "#" not in doc.text.split("```")[0] and "**" not in doc.text
    found = {s.number: s for s in doc.sections}
    assert found["1"].caption == "Definitions" and found["1"].line == 5
    assert found["1.1"].caption == "Term" and found["1.1"].line == 8


# ---------------------------------------------------------------- segmentation


def _seg(text: str) -> list[tuple[str | None, str | None, int]]:
    sections = segment(text, [TextBlock(0, len(text), line=1)])
    return [(s.number, s.caption, s.level) for s in sections]


def test_segment_run_together() -> None:
    text = (
        "2.1 Start. The Agreement starts on the Effective Date. 2.2 Term. This Agreement "
        "shall continue for two (2) years unless terminated earlier. 2.3 Renewal. It renews "
        "for one year."
    )
    found = _seg(text)
    assert ("2.2", "Term", 2) in found
    assert ("2.3", "Renewal", 2) in found
    sections = {s.number: s for s in segment(text, [TextBlock(0, len(text), line=1)])}
    assert text[sections["2.2"].body_start :].startswith("This Agreement")
    assert sections["2.2"].end == sections["2.3"].start


def test_segment_false_positives() -> None:
    text = (
        "1. Fees\n1.1 Amount. The fee is $1.5 million, or 1.5% of revenue, as set out in "
        "Section 5.2 and Section 7 of Schedule 2. Page 3 of 12 1.2 Payment. Payable by "
        "31.12.2024 at 10.30 am. 7.14 Stray. Text.\nSection 5.2 shall survive.\n3\nPage 4 of 12\n"
    )
    numbers = [n for n, _, _ in _seg(text)]
    assert numbers == ["1", "1.1", "1.2"]


def test_segment_levels_article_paren_roman() -> None:
    text = (
        "ARTICLE IV - OBLIGATIONS\nEach Party shall:\n(a) perform; and\n(b) report:\n"
        "(i) monthly; and\n(ii) yearly.\n(c) comply.\nARTICLE V\nTERM\n5.1 Term. Two years.\n"
        "Schedule 1\nFees\n"
    )
    found = _seg(text)
    assert found == [
        ("IV", "OBLIGATIONS", 1),
        ("(a)", None, 2),
        ("(b)", None, 2),
        ("(i)", None, 3),
        ("(ii)", None, 3),
        ("(c)", None, 2),
        ("V", "TERM", 1),
        ("5.1", "Term", 2),
        ("Schedule 1", "Fees", 1),
    ]


def test_segment_letter_i_after_h() -> None:
    items = "".join(f"({c}) item {c};\n" for c in "abcdefghij")
    found = _seg("1. List\n" + items)
    assert [n for n, _, lvl in found if lvl == 2] == [f"({c})" for c in "abcdefghij"]


def test_segment_restart_after_toc() -> None:
    text = "1. Definitions\n2. Term\n3. Fees\n\n1. Definitions\n1.1 Words. Text.\n2. Term\n"
    numbers = [n for n, _, _ in _seg(text)]
    assert numbers == ["1", "2", "3", "1", "1.1", "2"]


# ---------------------------------------------------------------- size (speed is measured in bench/)


def test_long_text_and_single_line(tmp_path: Path) -> None:
    clause = (
        "{a}.{b} Caption Words. The Partner shall pay $1.5 million within 30 days as set out in "
        "Section 5.2, and (a) report; and (b) comply. "
    )
    body = "".join(
        f"{a}. Article {a}\n" + "".join(clause.format(a=a, b=b) for b in range(1, 21)) + "\n\n"
        for a in range(1, 61)
    )
    text = body * 4  # ~160 pages
    path = _write(tmp_path, "long.txt", text.encode())
    doc = read_document(path)
    assert len(doc.sections) > 1000

    line = ("x" * 1000 + " 1.5 ") * 5000  # ~5 MB on one line
    path = _write(tmp_path, "line.txt", line.encode())
    doc = read_document(path)
    assert len(doc.blocks) == 1 and doc.sections == ()


def test_segment_skips_table_of_contents() -> None:
    text = "Contents\n1. Definitions\n2. Term\n2.1 Start\n\n1. Definitions\nText.\n2. Term\n2.1 Start. Now.\n"
    sections = segment(text, [TextBlock(0, len(text), line=1)])
    assert [(s.number, s.line) for s in sections] == [("1", 6), ("2", 8), ("2.1", 9)]


def test_round_trip_of_a_built_agreement(tmp_path: Path) -> None:
    """Read back what the builder writes: every article and clause, with its caption."""
    from agreement_builder.api import build

    root = ROOT
    result = build(
        [root / "samples" / "strategic_alliance.yaml"], tmp_path, formats=("docx", "pdf")
    )
    expected = [(s.number, s.title) for s in result[0].assembly.sections()]
    for path in result[0].outputs:
        doc = read_document(path)
        got = [
            (s.number, s.caption)
            for s in doc.sections
            if s.number and (s.number[0].isdigit() or s.number.startswith("Schedule"))
        ]
        assert got == expected, path.suffix


def test_decimal_token_scan_rejects_in_the_engine_what_the_candidate_check_rejects() -> None:
    """segment._DEC rejects glued, priced and percentage numbers itself; it must find exactly
    the tokens the plain digits-and-dots scan found and _dec_cand's first checks kept."""
    import random
    import re
    import sys

    import agreement_builder.read.segment  # noqa: F401 - the module, not the function

    seg = sys.modules["agreement_builder.read.segment"]
    plain = re.compile(r"\d[\d.]*")

    def kept(text: str, match: re.Match[str]) -> bool:
        after = text[match.end() : match.end() + 1]
        return not seg._preceded(text, match.start(), seg._DEC_BEFORE) and not (
            after and (after.isalnum() or after in "%/,_")
        )

    pieces = ["1", "12", "1.", "1.2", "2.3.4", ".", "a", "_", "%", "/", ",", "$", "€", "("]
    pieces += ["[", "-", "\\", " ", "\n", "x1", "1a", "1.a", "١٢", "²"]
    rng = random.Random(9)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for text in texts:
        expected = [m.span() for m in plain.finditer(text) if kept(text, m)]
        assert [m.span() for m in seg._DEC.finditer(text)] == expected, text
