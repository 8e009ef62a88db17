"""An empty numbered paragraph that holds a section break does not take a list number
(issue 16, item 2): Word shows no number there, and counting it shifted every later section
number by one. Real DOCX files (python-docx, the body and numbering written with lxml)."""

from __future__ import annotations

from pathlib import Path

from agreement_builder.read import read_document

from .test_review_docx import _docx

NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
NUMBERED = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>{extra}</w:pPr>'
BREAK = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'


def _para(text: str, extra: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{NUMBERED.format(extra=extra)}{run}</w:p>"


def _numbers(tmp_path: Path, middle: str) -> list[tuple[str | None, str]]:
    body = (
        _para("Scope. The Supplier supplies the goods.")
        + middle
        + _para("Term. The Agreement runs for two years.")
        + _para("Fees. The Buyer pays the fees.")
    )
    doc = read_document(_docx(tmp_path, body, numbering=NUMBERING))
    return [(s.number, doc.text[s.start : s.start + 5]) for s in doc.sections if s.number]


def test_a_section_break_in_an_empty_numbered_paragraph_takes_no_number(tmp_path: Path) -> None:
    numbers = _numbers(tmp_path, _para("", BREAK))
    assert [n for n, _ in numbers] == ["1", "2", "3"]
    assert (
        "2.\tTerm."
        in read_document(
            _docx(
                tmp_path,
                _para("Scope.") + _para("", BREAK) + _para("Term."),
                "b.docx",
                numbering=NUMBERING,
            )
        ).text
    )


def test_a_section_break_after_text_keeps_its_number(tmp_path: Path) -> None:
    """The break in a paragraph with text: that paragraph is numbered as Word shows it."""
    numbers = _numbers(tmp_path, _para("Delivery. The goods are delivered.", BREAK))
    assert [n for n, _ in numbers] == ["1", "2", "3", "4"]
