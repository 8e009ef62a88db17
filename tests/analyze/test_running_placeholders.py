"""A placeholder in a running page header or footer is still a placeholder (issue 16, item 5).

Running headers and footers of PDFs and extracted text are blanked for the drafting checks
(a footer's "Page 44 May 2004" is no date), which hid "[Company Name] - Confidential" or
"Draft [date]" in them from DRF101. They are reported again, once per distinct header or
footer (its page number aside), at its first page. Real PDFs made with WeasyPrint (CSS @page
margin boxes) and a real DOCX made with python-docx, read back with our readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.core.findings import Finding

from ..read.test_running_lines import _clauses


def _pdf(path: Path, margins: str, body: str) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    style = f"@page {{ size: A6; margin: 22mm 12mm; {margins} }} body {{ font: 9pt serif }}"
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


def _placeholders(path: Path, tmp_path: Path) -> list[Finding]:
    config = tmp_path / "agreement.toml"
    config.write_text('select = ["DRF101"]\n', encoding="utf-8")
    [report] = api.lint([path], config_path=config)
    return [f for f in report.findings if f.code == "DRF101"]


BODY = "<h1>SUPPLY AGREEMENT</h1>" + "".join(f"<p>{c}</p>" for c in _clauses(40))


def test_a_placeholder_in_a_pdf_running_header_is_reported_once(tmp_path: Path) -> None:
    margins = (
        '@top-center { content: "[Company Name] - Confidential"; font-size: 7pt } '
        '@bottom-right { content: "Page " counter(page); font-size: 7pt }'
    )
    body = BODY.replace("lot 210 ", "lot 210 at a price of [AMOUNT] ")
    path = _pdf(tmp_path / "supply.pdf", margins, body)
    found = _placeholders(path, tmp_path)
    header = [f for f in found if "[Company Name]" in f.message]
    assert len(header) == 1, [f.message for f in found]
    [note] = header
    pages = note.message.rsplit("repeated on ", 1)[1].split()[0]
    assert int(pages) >= 5
    assert note.message == (
        f"leftover placeholder '[Company Name]' in the running page header, repeated on "
        f"{pages} pages"
    )
    assert note.location.page == 1
    assert "[Company Name]" in (note.location.excerpt or "")
    # the body's own placeholder is still reported, once, where it is
    [amount] = [f for f in found if "[AMOUNT]" in f.message]
    assert amount.message == "leftover placeholder '[AMOUNT]'"
    assert amount.location.page is not None and amount.location.page > 1


def test_each_distinct_running_header_and_footer_once(tmp_path: Path) -> None:
    margins = (
        '@top-left { content: "{customer_name} Master Agreement"; font-size: 7pt } '
        '@bottom-left { content: "Draft [date]"; font-size: 7pt } '
        '@bottom-right { content: "Page " counter(page); font-size: 7pt }'
    )
    path = _pdf(tmp_path / "msa.pdf", margins, BODY)
    found = _placeholders(path, tmp_path)
    messages = sorted(f.message.split(" in the running")[0] for f in found)
    assert messages == [
        "leftover placeholder '[date]'",
        "leftover placeholder '{customer_name}'",
    ]
    parts = sorted(f.message.split(" in the running page ")[1].split(",")[0] for f in found)
    assert parts == ["footer", "header"]
    assert {f.location.page for f in found} == {1}


def test_a_running_header_without_a_placeholder_reports_nothing(tmp_path: Path) -> None:
    margins = (
        '@top-center { content: "Harbour Supply Agreement - Confidential"; font-size: 7pt } '
        '@bottom-right { content: "Page " counter(page); font-size: 7pt }'
    )
    assert _placeholders(_pdf(tmp_path / "clean.pdf", margins, BODY), tmp_path) == []


def test_a_placeholder_in_a_running_line_of_extracted_text(tmp_path: Path) -> None:
    pages = []
    for page in range(1, 5):
        clauses = "\n\n".join(_clauses(40)[(page - 1) * 5 : page * 5])
        pages.append(f"{clauses}\n\nDraft [Date]          Page {page} of 4\n")
    path = tmp_path / "extracted.txt"
    path.write_text("SUPPLY AGREEMENT\n\n" + "\n".join(pages), encoding="utf-8")
    found = _placeholders(path, tmp_path)
    assert [f.message for f in found] == [
        "leftover placeholder '[Date]' in the running page footer, repeated on 4 pages"
    ]
    text = path.read_text(encoding="utf-8")
    first_line = text[: text.index("Draft [Date]")].count("\n") + 1
    assert found[0].location.line == first_line


def test_a_word_header_is_reported_once_per_header_part(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "[Company Name] - Confidential"
    document.add_heading("SUPPLY AGREEMENT", level=1)
    for clause in _clauses(40):
        document.add_paragraph(clause)
    document.add_section()  # a second section linked to the first one's header
    for clause in _clauses(10):
        document.add_paragraph(clause)
    path = tmp_path / "supply.docx"
    document.save(str(path))
    found = _placeholders(path, tmp_path)
    assert [f.message for f in found] == ["leftover placeholder '[Company Name]'"]
