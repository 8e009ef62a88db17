"""PDF text through PDFium (pypdfium2): one block per line, with its page number.

Running headers and footers (the same line at the top or bottom of most pages, page numbers)
are kept in the text but marked ``part="header"``/``"footer"`` so segmentation skips them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..core.errors import InputError
from ..core.limits import DEFAULT, Limits, check_text
from .model import SourceDocument, TextBlock
from .text import looks_like_heading

_LOCK = threading.Lock()  # PDFium is not thread-safe
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
_EDGE = 2  # lines at the top and bottom of a page that may be running headers/footers


def _open(where: str, data: bytes) -> pdfium.PdfDocument:
    last: pdfium.PdfiumError | None = None
    for password in (None, ""):
        try:
            return pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            last = exc
            if exc.err_code != pdfium_c.FPDF_ERR_PASSWORD:
                break
    if last is not None and last.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        raise InputError(
            where, "encrypted PDF; remove the password", "save an unprotected copy and try again"
        )
    raise InputError(
        where,
        f"corrupt or truncated PDF ({last})",
        "re-export the PDF from the source document",
    )


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> list[str]:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    raw = raw.replace("\x00", "").replace("\ufffe", "-").replace("\x02", "-")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in raw.split("\n")]


def _running(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """Line shapes (digits masked) repeated at the top / bottom of most pages."""
    if len(pages) < 3:
        return set(), set()
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line]
        top.update({_DIGITS.sub("#", line) for line in kept[:_EDGE]})
        bottom.update({_DIGITS.sub("#", line) for line in kept[-_EDGE:]})
    need = max(3, (len(pages) + 1) // 2)
    return {k for k, n in top.items() if n >= need}, {k for k, n in bottom.items() if n >= need}


def read_pdf(
    where: str, data: bytes, *, max_pages: int | None = None, limits: Limits = DEFAULT
) -> SourceDocument:
    notes: list[str] = []
    with _LOCK:
        pdf = _open(where, data)
        try:
            total = len(pdf)
            if total == 0:
                raise InputError(where, "the PDF has no pages (corrupt?)")
            count = total if max_pages is None else max(0, min(total, max_pages))
            pages: list[list[str]] = []
            chars = 0
            try:
                for i in range(count):
                    pages.append(_page_lines(pdf, i))
                    chars += sum(len(line) + 1 for line in pages[-1])
                    if chars > limits.max_text_chars:  # stop early: refuse before reading on
                        check_text(where, chars, limits, partial=True)
            except pdfium.PdfiumError as exc:
                raise InputError(where, f"corrupt PDF: cannot read its text ({exc})") from None
        finally:
            pdf.close()
    if count < total:
        notes.append(
            f"read only the first {count} of {total} pages (page limit; raise [limits] max_pages)"
        )

    heads, feet = _running(pages)
    pieces: list[str] = []
    blocks: list[TextBlock] = []
    offset = 0
    empty: list[int] = []
    for number, lines in enumerate(pages, start=1):
        kept = [line for line in lines if line]
        if not kept:
            empty.append(number)
            continue
        for i, line in enumerate(kept):
            part = "body"
            shape = _DIGITS.sub("#", line)
            at_top = i < _EDGE
            at_bottom = i >= len(kept) - _EDGE
            if at_top and (shape in heads or (i == 0 and _PAGE_NUMBER.fullmatch(line))):
                part = "header"
            elif at_bottom and (
                shape in feet or (i == len(kept) - 1 and _PAGE_NUMBER.fullmatch(line))
            ):
                part = "footer"
            heading = int(part == "body" and looks_like_heading(line))
            blocks.append(
                TextBlock(offset, offset + len(line), page=number, heading=heading, part=part)
            )
            pieces.append(line)
            offset += len(line) + 1
        pieces[-1] += "\n"  # a blank line between pages
        offset += 1
    if count and len(empty) == count:
        notes.append("no text layer (scanned?); run OCR on it first")
    elif empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        notes.append(f"no text on page{'s' if len(empty) > 1 else ''} {shown} (scanned?)")
    return SourceDocument(
        path=where,
        format="pdf",
        text="\n".join(pieces),
        blocks=tuple(blocks),
        notes=tuple(notes),
        pages=total,
    )
