"""The paper follows the locale, in the PDF as in the DOCX: US Letter for en-US, A4 for
en-GB. Real files, read back with pypdfium2 and python-docx."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from docx import Document

from agreement_builder.api import assemble_spec
from agreement_builder.render.docx import render_docx
from agreement_builder.render.html import render_html
from agreement_builder.render.pdf import PdfEngine
from agreement_builder.spec.schemas import load_spec

from ..conftest import ROOT


@pytest.mark.parametrize(
    ("sample", "points", "twips"),
    [("us_pilot_ny", (612, 792), (12240, 15840)), ("three_party_jv", (595, 842), (11906, 16838))],
)
def test_pdf_and_docx_share_the_locale_s_paper(sample, points, twips):
    assembly = assemble_spec(load_spec(ROOT / "samples" / f"{sample}.yaml"))
    pdf = pdfium.PdfDocument(PdfEngine().render(render_html(assembly)))
    try:
        sizes = {tuple(round(v) for v in page.get_size()) for page in pdf}
    finally:
        pdf.close()
    assert sizes == {points}
    section = Document(io.BytesIO(render_docx(assembly))).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == twips
