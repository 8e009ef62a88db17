"""PDF headings told by their layout (issue 16, item 5): a short line set larger or in bold
is a heading whatever its case; the lines of a disclaimer in capitals, set like the body, are
not (each was taken for a heading). Real PDFs made with WeasyPrint, read back with pypdfium2."""

from __future__ import annotations

import pytest

from agreement_builder.read.pdf import read_pdf

DISCLAIMER = (
    "THE PLATFORM IS PROVIDED AS IS AND AS AVAILABLE, WITHOUT WARRANTY OF ANY KIND, EXPRESS OR "
    "IMPLIED, INCLUDING THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
    "NON-INFRINGEMENT. IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, INCIDENTAL OR "
    "CONSEQUENTIAL DAMAGES, HOWEVER CAUSED, EVEN IF ADVISED OF THEIR POSSIBILITY."
)
BODY = (
    "The Provider shall make the platform available to the Customer during the Term and shall "
    "answer support requests within one business day. "
)


def _pdf(html: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    style = (
        "<style>@page{size:A4;margin:2cm} body{font:11pt serif} "
        "h2{font-size:14pt;font-weight:bold;margin:1em 0 .3em}</style>"
    )
    data: bytes = weasyprint.HTML(
        string=f"<html><head>{style}</head><body>{html}</body></html>"
    ).write_pdf()
    return data


def _headings(html: str) -> list[str]:
    doc = read_pdf("case.pdf", _pdf(html))
    return [doc.text[b.start : b.end] for b in doc.blocks if b.heading]


def test_headings_by_size_and_weight_and_not_a_disclaimer_in_capitals() -> None:
    html = (
        "<h2>1. Services</h2>"
        f"<p>{BODY * 3}</p>"
        "<h2>2. Warranties and Liability</h2>"
        f"<p>{DISCLAIMER}</p>"
        "<p>RECITALS</p>"
        f"<p>{BODY}</p>"
    )
    assert _headings(html) == ["1. Services", "2. Warranties and Liability", "RECITALS"]


def test_a_bold_disclaimer_is_a_paragraph_not_headings() -> None:
    html = (
        "<h2>7. Limitation of Liability</h2>"
        f"<p><b>{DISCLAIMER}</b></p>"
        f"<p>{BODY}</p>"
        "<p><b>8. Notices</b></p>"
        f"<p>{BODY}</p>"
    )
    assert _headings(html) == ["7. Limitation of Liability", "8. Notices"]


def test_capitals_in_the_body_type_still_head_a_section() -> None:
    """A typewritten contract: no bold, no larger type; its headings are its capitals."""
    html = f"<p>ARTICLE 1</p><p>DEFINITIONS</p><p>{BODY * 2}</p><p>ARTICLE 2</p><p>{BODY}</p>"
    assert _headings(html) == ["ARTICLE 1", "DEFINITIONS", "ARTICLE 2"]
