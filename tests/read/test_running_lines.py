"""Running page headers and footers are not body text (issue 16, item 2 of the trust work).

A PDF's running footer "Commercial in Confidence Page 44 May 2004" was read as the date
"44 May 2004" in the body (DRF113, 29 false errors in one held-out contract), and text
extracted from PDFs keeps such lines among the body's ("Case 18-10248 ... Page 4 of 60",
"- 8 -"). The readers mark them as header/footer blocks; segmentation, the drafting checks and
component evidence skip them; the body text around them stays. Real PDFs made with WeasyPrint
(CSS @page margin boxes), read back with our reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.analyze.drafting import for_matching
from agreement_builder.read import read_document
from agreement_builder.read.pdf import read_pdf
from agreement_builder.read.text import read_text, running_lines

TOPICS = ("delivery", "acceptance", "warranty", "invoicing", "insurance", "audit", "records")


def _clauses(count: int) -> list[str]:
    return [
        f"{i}. {TOPICS[i % 7].title()}. The Supplier shall handle {TOPICS[i % 7]} for lot "
        f"{i * 7} as the Buyer directs in writing, and the Buyer shall pay within {i + 20} days."
        for i in range(1, count + 1)
    ]


def _pdf(body: str, margins: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    style = f"@page {{ size: A6; margin: 22mm 12mm; {margins} }} body {{ font: 9pt serif }}"
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


FOOTERS = (
    '@top-center { content: "Harbour Supply Agreement"; font-size: 7pt } '
    '@bottom-left { content: "Commercial in Confidence"; font-size: 7pt } '
    '@bottom-right { content: "Page " counter(page) " May 2004"; font-size: 7pt }'
)


@pytest.fixture(scope="module")
def supply_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clauses = _clauses(200)
    body = "<h1>SUPPLY AGREEMENT</h1><p>The Term starts on 31 June 2004.</p>" + "".join(
        f"<p>{c}</p>" for c in clauses
    )
    path = tmp_path_factory.mktemp("running") / "supply.pdf"
    path.write_bytes(_pdf(body, FOOTERS))
    return path


def test_pdf_margin_boxes_are_headers_and_footers_and_the_body_is_whole(supply_pdf: Path) -> None:
    doc = read_document(supply_pdf)
    assert doc.pages is not None and doc.pages >= 33  # "Page 33 May 2004" and on
    for page in range(1, doc.pages + 1):
        parts = {(b.part, doc.text[b.start : b.end]) for b in doc.blocks if b.page == page} - {
            ("body", "")
        }
        assert ("header", "Harbour Supply Agreement") in parts, page
        assert ("footer", f"Commercial in Confidence Page {page} May 2004") in parts, page
        assert [p for p, _ in parts].count("header") == 1
        assert [p for p, _ in parts].count("footer") == 1
    # WeasyPrint draws the margin boxes after the page's body: the header is last in the text,
    # told by where it stands on the page
    first = [b for b in doc.blocks if b.page == 2]
    assert first[-2].part == "header" or first[-1].part == "header"
    body = " ".join(doc.text[b.start : b.end] for b in doc.blocks if b.part == "body")
    words = " ".join(body.split())
    for clause in _clauses(200):  # no line of the body was taken for a header or footer
        assert clause in words, clause


def test_pdf_running_footer_dates_are_not_checked_but_the_body_dates_are(
    supply_pdf: Path,
) -> None:
    [report] = api.lint([supply_pdf], kind="licensing")
    dates = [(f.message, f.location.page) for f in report.findings if f.code == "DRF113"]
    # before: '32 May 2004', '33 May 2004' ..., one per page footer from page 32
    assert dates == [("'31 June 2004' is not a real date", 1)]
    doc = read_document(supply_pdf)
    edges = [(b.start, b.end) for b in doc.blocks if b.part in ("header", "footer")]
    assert "Page 33 May 2004" in doc.text  # kept in the text, shown in excerpts
    shown = ("Commercial in Confidence", "Harbour Supply Agreement")
    for result in report.components.values():  # and no component is evidenced by them
        for e in result.evidence:
            assert not any(s <= e.start and e.end <= t for s, t in edges), e.excerpt
            assert not any(words in e.excerpt for words in shown), e.excerpt


def test_the_first_lines_of_pages_that_repeat_are_not_taken_for_a_header() -> None:
    # every page starts with the same words: set in the body, with no margin gap above them
    same = "The Supplier shall deliver the Goods in accordance with the Order, and the Buyer "
    body = "".join(
        f"<p>{same}shall pay the Price for lot {i} within thirty days.</p>" for i in range(90)
    )
    doc = read_pdf("same.pdf", _pdf(body, "@bottom-center { content: counter(page) }"))
    assert doc.pages is not None and doc.pages >= 4
    assert {b.part for b in doc.blocks} == {"body", "footer"}
    footers = [doc.text[b.start : b.end] for b in doc.blocks if b.part == "footer"]
    assert footers == [str(n) for n in range(1, doc.pages + 1)]


# ---------------------------------------------------------------- text extracted from PDFs

FILING = "Case 18-10248- MFW Doc 632-1 Filed 04/18/18 Page {} of 60"
EXTRACTED = f"""ASSET PURCHASE AGREEMENT
{FILING.format(2)}

1. Purchase. The Purchaser buys the Assets named in Schedule 1.
{FILING.format(3)}
2. Price. The price is paid on 30 June 2018.

- 8 -

{FILING.format(4)} credit card receivables are excluded from the Assets.
3. Closing. The Closing takes place on 2 July 2018. {FILING.format(5)}
TELKOM CONTRACT Page 9
{FILING.format(6)}
"""


def test_text_running_lines_and_page_numbers_are_found_glued_or_alone() -> None:
    spans = [EXTRACTED[a:b] for a, b in running_lines(EXTRACTED)]
    assert spans == [
        FILING.format(2),
        FILING.format(3),
        "- 8 -",
        FILING.format(4),  # glued to the start of a line of body text
        FILING.format(5),  # glued to the end of one
        FILING.format(6),
    ]  # "TELKOM CONTRACT Page 9" once is no running line and no bare page number


def test_text_blocks_split_off_the_running_lines_and_keep_the_body() -> None:
    doc = read_text("filing.txt", EXTRACTED.encode())
    footers = [(doc.text[b.start : b.end], b.line) for b in doc.blocks if b.part == "footer"]
    assert footers == [
        (FILING.format(2), 2),
        (FILING.format(3), 5),
        ("- 8 -", 8),
        (FILING.format(4), 10),
        (FILING.format(5), 11),
        (FILING.format(6), 13),
    ]
    body = [doc.text[b.start : b.end] for b in doc.blocks if b.part == "body"]
    assert (
        "credit card receivables are excluded from the Assets.\n3. Closing. The Closing takes place on 2 July 2018."
        in body
    )
    assert body[0] == "ASSET PURCHASE AGREEMENT"


def test_running_lines_are_no_sections_and_are_blanked_for_the_checks(tmp_path: Path) -> None:
    path = tmp_path / "filing.txt"
    path.write_text(EXTRACTED, encoding="utf-8")
    doc = read_document(path)
    assert [s.number for s in doc.sections if s.number] == ["1", "2", "3"]  # "- 8 -" is none
    copy = for_matching(doc).doc
    assert len(copy.text) == len(doc.text)
    assert "Filed" not in copy.text and "- 8 -" not in copy.text
    assert "credit card receivables" in copy.text and "TELKOM CONTRACT Page 9" in copy.text
    assert copy.text.count("\n") == doc.text.count("\n")


def test_a_word_header_is_still_checked(tmp_path: Path) -> None:
    # a DOCX header is a part written on purpose: its placeholder is still a finding
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Supply Agreement with [CUSTOMER NAME]"
    document.add_paragraph("1. Supply. The Supplier supplies the Goods to the Buyer.")
    path = tmp_path / "header.docx"
    document.save(str(path))
    [report] = api.lint([path], kind="licensing")
    assert [f.message for f in report.findings if f.code == "DRF101"] == [
        "leftover placeholder '[CUSTOMER NAME]'"
    ]


def test_every_page_of_a_long_text_has_its_running_line_found() -> None:
    page = "Body text of the agreement that runs on for a while here.\n" * 40
    text = "".join(page + f"Harbour Confidential Page {n} of 900\n" for n in range(1, 901))
    spans = running_lines(text)
    assert len(spans) == 900
    assert re.fullmatch(r"Harbour Confidential Page 900 of 900", text[spans[-1][0] : spans[-1][1]])


def test_a_first_page_title_like_the_running_header_stays_body() -> None:
    # our own build's PDFs: the title on page 1, the same words as a running header after it
    margins = (
        '@top-center { content: "Harbour Supply Agreement"; font-size: 7pt } '
        "@bottom-center { content: counter(page) }"
    )
    first = "@page :first { @top-center { content: none } } h1 { font-size: 10pt }"
    body = f"<style>{first}</style><h1>Harbour Supply Agreement</h1>" + "".join(
        f"<p>{c}</p>" for c in _clauses(60)
    )
    doc = read_pdf("title.pdf", _pdf(body, margins))
    assert doc.pages is not None and doc.pages >= 4
    title = [b for b in doc.blocks if doc.text[b.start : b.end] == "Harbour Supply Agreement"]
    assert [(b.page, b.part) for b in title] == [(1, "body")] + [
        (page, "header") for page in range(2, doc.pages + 1)
    ]
