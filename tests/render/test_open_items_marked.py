"""Open items marked where they belong, in real built files (issue 15 item 2).

DOCX read back with python-docx and lxml, PDF text with pypdfium2, HTML as text: a failed
check is marked at the top of the section it concerns, the Open Items list points to that
section by its number (a REF field in Word, a link in HTML), a KPI without a target or an
owner is marked in its row of the KPI schedule, and every page says DRAFT while open items
remain (and never when there are none).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from agreement_builder import api
from agreement_builder.api import BuildResult

from ..build.test_open_items import broken_joint_venture
from ..conftest import ROOT, pdf_text

KPI_NOT_SMART = ROOT / "samples" / "gaps" / "kpi_not_smart.yaml"
PILOT = ROOT / "samples" / "pilot.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PTY108 = "[CHECK PTY108: party atlantic makes no capital (cash) contribution to the joint venture]"
ECO101 = "[CHECK ECO101: the splits total 95%, not 100% (corrib 40 + shannon 35 + atlantic 20)]"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    folder = tmp_path_factory.mktemp("open-items")
    specs = [broken_joint_venture(folder), KPI_NOT_SMART, PILOT]
    results = api.build(specs, folder / "out", formats=("docx", "pdf", "html"))
    return {r.spec_path.stem: r for r in results}


def _file(result: BuildResult, suffix: str) -> Path:
    [path] = [p for p in result.outputs if p.suffix == suffix]
    return path


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- DOCX


def _body_items(path: Path) -> list[Paragraph | Table]:
    return list(Document(str(path)).iter_inner_content())


def _heading_before(items: list[Paragraph | Table], text: str) -> Paragraph:
    """The last Heading 1 or 2 before the paragraph whose text is ``text``."""
    [index] = [
        i for i, item in enumerate(items) if isinstance(item, Paragraph) and item.text == text
    ]
    headings = [
        item
        for item in items[:index]
        if isinstance(item, Paragraph) and item.style.name in ("Heading 1", "Heading 2")
    ]
    return headings[-1]


def _bookmark(paragraph: Paragraph) -> str:
    [start] = paragraph._p.iter(f"{W}bookmarkStart")
    return str(start.get(f"{W}name"))


def _open_items_rows(path: Path) -> list[tuple[str, str, str]]:
    """Each row of Open Items: (rule, the Section cell's text, the bookmark its REF shows)."""
    table = Document(str(path)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Section",
        "What is missing",
        "Spec path to fill",
        "Rule",
    ]
    rows = []
    for row in table.rows[1:]:
        cell = row.cells[0]
        [instruction] = [(e.text or "").split() for e in cell._tc.iter(f"{W}instrText")]
        assert instruction[0] == "REF"
        rows.append((row.cells[3].text, cell.text, instruction[1]))
    return rows


def test_docx_marks_failed_checks_in_their_sections_and_lists_them_by_number(built):
    result = built["jv_broken"]
    path = _file(result, ".docx")
    items = _body_items(path)
    contributions = _heading_before(items, PTY108)
    economics = _heading_before(items, ECO101)
    assert contributions.style.name == "Heading 2" and contributions.text == "Contributions"
    assert economics.style.name == "Heading 1" and economics.text == "Economics"
    # the marker is the first thing under its heading, bold and highlighted
    marker = items[items.index(contributions) + 1]
    assert isinstance(marker, Paragraph) and marker.text == PTY108
    assert all(run.bold for run in marker.runs) and marker.runs[0].font.highlight_color
    sections = {s.number: s for s in result.assembly.sections()}
    assert sections["3.2"].title == "Contributions" and sections["6"].title == "Economics"
    notices = next(
        i
        for i in items
        if isinstance(i, Paragraph) and i.style.name == "Heading 1" and i.text == "Notices"
    )
    assert sections["26"].title == "Notices"
    assert _open_items_rows(path) == [
        ("PTY108", "3.2", _bookmark(contributions)),
        ("ECO101", "6", _bookmark(economics)),
        *[("GAP101", "26", _bookmark(notices))] * 3,  # the three notice e-mails
    ]


def test_docx_has_a_draft_header_only_while_open_items_remain(built):
    header = Document(str(_file(built["jv_broken"], ".docx"))).sections[0].header
    assert [p.text for p in header.paragraphs] == [
        "DRAFT: 5 open items",
        built["jv_broken"].assembly.title,
    ]
    clean = Document(str(_file(built["pilot"], ".docx")))
    assert [p.text for p in clean.sections[0].header.paragraphs] == [built["pilot"].assembly.title]
    assert "Open Items" not in [p.text for p in clean.paragraphs]
    assert not any("DRAFT" in p.text for p in clean.paragraphs)


def test_docx_marks_a_kpi_without_target_or_owner_in_its_schedule_row(built):
    document = Document(str(_file(built["kpi_not_smart"], ".docx")))
    [kpis] = [t for t in document.tables if t.rows[0].cells[0].text == "Metric"]
    header = [c.text for c in kpis.rows[0].cells]
    [row] = [r for r in kpis.rows if r.cells[0].text == "Joint pipeline value"]
    cells = dict(zip(header, (c.text for c in row.cells), strict=True))
    assert (
        cells["Target"] == '[MISSING: the target of the KPI "Joint pipeline value" (kpis[].target)]'
    )
    assert cells["Owner"] == '[MISSING: the owner of the KPI "Joint pipeline value" (kpis[].owner)]'
    assert cells["Deadline or period"] == "31 July 2027"
    # the other KPIs are complete: no marker in their rows
    others = [r for r in kpis.rows[1:] if r.cells[0].text != "Joint pipeline value"]
    assert others and not any("[MISSING" in c.text for r in others for c in r.cells)
    schedule = next(
        i
        for i in document.paragraphs
        if i.style.name == "Heading 1" and i.text.startswith("Schedule 1")
    )
    assert _open_items_rows(_file(built["kpi_not_smart"], ".docx")) == [
        ("GAP101", "Schedule 1", _bookmark(schedule)),
        ("GAP101", "Schedule 1", _bookmark(schedule)),
    ]
    assert document.sections[0].header.paragraphs[0].text == "DRAFT: 2 open items"


# ---------------------------------------------------------------- PDF


def test_pdf_marks_failed_checks_in_their_sections_and_says_draft_on_every_page(built):
    pages = pdf_text(_file(built["jv_broken"], ".pdf").read_bytes())
    assert all("DRAFT: 5 open items" in page for page in pages)
    text = _flat(" ".join(pages))
    assert re.search(r"3\.2 ?Contributions " + re.escape(PTY108), text)
    assert re.search(r"6\. ?Economics " + re.escape(ECO101), text)
    # each marker once in the body, and once more in the Open Items list (without brackets)
    assert text.count(PTY108) == 1 and text.count(ECO101) == 1
    open_items = _flat(pages[-1])
    assert open_items.startswith("Open Items")
    assert re.search(
        r"3\.2 party atlantic makes no capital \(cash\) contribution to the joint venture "
        r"parties\[2\]\.contributions PTY108",
        open_items,
    )
    assert re.search(r"\b6 the splits total 95%.* economics\.splits ECO101", open_items)


def test_pdf_of_a_kpi_gap_marks_the_schedule_row_and_a_clean_pdf_says_no_draft(built):
    pages = pdf_text(_file(built["kpi_not_smart"], ".pdf").read_bytes())
    assert all("DRAFT: 2 open items" in page for page in pages)
    [schedule] = [
        p for p in pages if "Schedule 1: Key Performance Indicators" in p and "Metric" in p
    ]
    flat = _flat(schedule)
    assert re.search(r"Joint pipeline value \[MISSING: the target of the KPI", flat)
    assert '"Joint pipeline value" (kpis[].owner)]' in flat
    clean = pdf_text(_file(built["pilot"], ".pdf").read_bytes())
    assert not any("DRAFT" in page or "[CHECK" in page for page in clean)


# ---------------------------------------------------------------- HTML


def test_html_marks_in_place_and_links_the_open_items_to_the_sections(built):
    result = built["jv_broken"]
    html = _file(result, ".html").read_text(encoding="utf-8")
    anchors = {s.number: s.anchor for s in result.assembly.sections()}
    section = html[html.index(f'id="{anchors["3.2"]}"') :]
    section = section[: section.index("</section>")]
    assert f'<p><span class="gap">{PTY108}</span></p>' in section
    open_items = html[html.index('id="open-items"') :]
    assert f'<td><a class="xref" href="#{anchors["3.2"]}">3.2</a></td>' in open_items
    assert f'<td><a class="xref" href="#{anchors["6"]}">6</a></td>' in open_items
    assert '<p class="draft">DRAFT: 5 open items</p>' in html
    clean = _file(built["pilot"], ".html").read_text(encoding="utf-8")
    assert "DRAFT" not in clean and "@top-left" not in clean
