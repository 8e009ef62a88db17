"""Every sample's DOCX, opened in LibreOffice without updating a field, says what our PDF says.

Issue 15 item 1: each sample is built to DOCX and PDF; all the DOCX files go through one
``soffice --headless --convert-to pdf`` run and the two PDFs are read back with pypdfium2.
The contents page lists every heading, every cross-reference shows the same text as in our
PDF (none empty), no word in a table cell is broken across lines, and the page counts are
close. ``make test`` installs LibreOffice and sets ``AGREEMENT_REQUIRE_SOFFICE=1`` so a
missing ``soffice`` fails there instead of skipping.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from agreement_builder.api import assemble_spec
from agreement_builder.build.model import Assembly
from agreement_builder.render.docx import render_docx
from agreement_builder.render.html import render_html
from agreement_builder.render.pdf import PdfEngine
from agreement_builder.spec.schemas import load_spec

from ..conftest import SAMPLES

SOFFICE = shutil.which("soffice")
if SOFFICE is None and os.environ.get("AGREEMENT_REQUIRE_SOFFICE"):
    raise RuntimeError("AGREEMENT_REQUIRE_SOFFICE is set but soffice is not on PATH")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

# "Section 21.2", "Schedule 1", "Clause 4.3(b)": what a cross-reference prints
REFERENCE = re.compile(r"\b(?:Section|Schedule|Clause|Article)s? \d+(?:\.\d+)*")


def _pages(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()


class Rendition:
    def __init__(self, stem: str, assembly: Assembly, docx: bytes, ours: list[str]) -> None:
        self.stem = stem
        self.assembly = assembly
        self.docx = docx
        self.ours = ours
        self.office: list[str] = []


@pytest.fixture(scope="module")
def renditions(tmp_path_factory) -> dict[str, Rendition]:
    folder = tmp_path_factory.mktemp("libreoffice")
    engine = PdfEngine()
    out: dict[str, Rendition] = {}
    for path in SAMPLES:
        assembly = assemble_spec(load_spec(path))
        docx = render_docx(assembly)
        (folder / f"{path.stem}.docx").write_bytes(docx)
        ours = _pages(engine.render(render_html(assembly)))
        out[path.stem] = Rendition(path.stem, assembly, docx, ours)
    profile = folder / "profile"
    converted = folder / "converted"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *(str(folder / f"{stem}.docx") for stem in out),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for stem, rendition in out.items():
        rendition.office = _pages((converted / f"{stem}.pdf").read_bytes())
    return out


def _ids(path: Path) -> str:
    return path.stem


@pytest.fixture(params=SAMPLES, ids=_ids)
def rendition(request, renditions) -> Rendition:
    return renditions[request.param.stem]


def _contents(assembly: Assembly) -> list[str]:
    """The entries the contents page must show, numbers as printed."""
    lines = []
    for article in assembly.articles:
        lines.append(f"{article.number}. {article.title}")
        lines.extend(f"{child.number} {child.title}" for child in article.children)
    lines.extend(f"{s.number}: {s.title}" for s in assembly.schedules)
    return lines


def test_contents_page_lists_every_heading(rendition):
    front = " ".join(rendition.office[:3])
    assert "Right-click" not in front and "No table of contents" not in front
    missing = [line for line in _contents(rendition.assembly) if line not in front]
    assert not missing, missing


def _running(pages: list[str], title: str) -> str:
    """The pages as one text without the running header and footer (the title and "Page 3
    of 18", read first or last), which a page break puts between a word and the next."""
    edge = rf"(?:\s*(?:{re.escape(title)}|Page \d+ of \d+))+\s*"
    running = re.compile(rf"^{edge}|{edge}$")
    return " ".join(running.sub("", page) for page in pages)


def test_every_reference_prints_what_our_pdf_prints(rendition):
    title = rendition.assembly.title
    office = _running(rendition.office, title)
    ours = _running(rendition.ours, title)
    assert "Error! Reference" not in office and "Reference source not found" not in office
    # an empty reference leaves "in (Key Performance Indicators)" or "Section ." behind
    assert not re.search(r"\b(?:in|under|to|of) \((?=[A-Z])", office), re.findall(
        r".{30}\b(?:in|under|to|of) \([A-Z].{30}", office
    )
    # the contents page lists every heading once in each; references are the rest
    assert Counter(REFERENCE.findall(office)) == Counter(REFERENCE.findall(ours))


def test_no_word_in_a_table_is_broken_across_lines(rendition):
    words = {
        word
        for table in Document(io.BytesIO(rendition.docx)).tables
        for row in table.rows
        for cell in row.cells
        for word in re.findall(r"[A-Za-z]{4,}", cell.text)
    }
    assert words, "every sample prints at least one table"
    tokens = " ".join(rendition.office).split()
    # a broken word's tail ("Greenwic h") is never a word of its own in our PDF
    ours = set(" ".join(rendition.ours).split())
    broken = sorted(
        {
            f"{a} {b}"
            for a, b in pairwise(tokens)
            if a.isalpha() and b.isalpha() and a + b in words and b not in ours
        }
    )
    assert not broken, broken


def test_same_cover_and_about_the_same_length(rendition):
    ours, office = rendition.ours, rendition.office
    # the same words before the contents, running header aside (the two readers put it and
    # the list labels in another order)
    title = rendition.assembly.title
    cover = [
        sorted(pages[0].replace(title, "").partition("Contents")[0].split())
        for pages in (ours, office)
    ]
    assert cover[0] == cover[1]
    assert abs(len(office) - len(ours)) <= max(2, round(0.15 * len(ours))), (
        len(office),
        len(ours),
    )
