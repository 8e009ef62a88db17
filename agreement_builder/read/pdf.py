"""PDF text through PDFium (pypdfium2): one block per line, with its page number.

Running headers and footers (the same line at the top or bottom of most pages, page numbers)
are kept in the text but marked ``part="header"``/``"footer"`` so segmentation skips them.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..core.errors import InputError
from ..core.limits import DEFAULT, Limits, check_text
from .model import (
    HIDDEN_TEXT_MAX,
    REVIEW_MAX,
    Comment,
    HiddenText,
    PackageReview,
    SourceDocument,
    TextBlock,
    capped,
    hidden_text,
)
from .text import HEADING_MAX, looks_like_heading

_LOCK = threading.Lock()  # PDFium is not thread-safe
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
_EDGE = 2  # lines at the top and bottom of a page that may be running headers/footers

_STREAM = re.compile(rb"\bstream\r?\n")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
# what a page's or a form's content stream dictionary never holds (fonts, ICC profiles,
# metadata, object and cross-reference streams, embedded files): their bytes are not text
_NOT_CONTENT = re.compile(rb"/Type\s*/(?!XObject\b)|/Subtype\s*/(?!Form\b)|/Length[123]\b|/N\s")
_STRINGS = re.compile(rb"\((?:[^()\\]++|\\.)*+\)|<(?!<)[0-9A-Fa-f\s]*+>", re.DOTALL)
_CHUNK = 1 << 16


def _stream_dict(data: bytes, start: int) -> bytes:
    """The dictionary in front of the stream keyword at ``start`` (from its ``N 0 obj``)."""
    begin = max(0, start - 4096)
    heads = list(_OBJ.finditer(data, begin, start))
    return data[heads[-1].end() if heads else begin : start]


def _inflated(data: bytes, start: int, cap: int, keep: bool) -> bytes | None:
    """A Flate stream inflated in bounded steps (kept only if ``keep``); None as soon as it
    passes ``cap`` bytes."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    pos = start
    try:
        while not inflater.eof and pos < len(data):
            pending = data[pos : pos + _CHUNK]
            pos += len(pending)
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                size += len(piece)
                if size > cap:
                    return None
                if keep:
                    out.append(piece)
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not Flate after all (encrypted, another filter first): PDFium decides
    return b"".join(out)


def _check_streams(where: str, data: bytes, limits: Limits) -> None:
    """Measure every stream before PDFium decodes it: inflated size, and for content
    streams (pages, forms) an upper bound of the glyphs they show (bytes in strings).

    PDFium decodes a page's content when the page is loaded and keeps about 200 bytes per
    character once its text is loaded; a 2 MB file can inflate to 2 GiB and make it abort.
    """
    cap = limits.pdf_max_stream_mb * 1024 * 1024
    for match in _STREAM.finditer(data):
        head = _stream_dict(data, match.start())
        if b"/Image" in head:
            continue  # images are not decoded to read text
        content = not _NOT_CONTENT.search(head)
        if _FLATE.search(head):
            body = _inflated(data, match.end(), cap, content)
            if body is None:
                raise InputError(
                    where,
                    f"a stream at byte {match.start():,} inflates to more than "
                    f"{limits.pdf_max_stream_mb} MB (a compression bomb?); refusing to read it",
                    "raise [limits] pdf_max_stream_mb if this really is a PDF you trust",
                )
        else:
            end = data.find(b"endstream", match.end())
            body = data[match.end() : end if end >= 0 else len(data)]
        if not content or len(body) <= limits.pdf_max_page_chars:
            continue
        glyphs = sum(len(m.group()) for m in _STRINGS.finditer(body))
        if glyphs > limits.pdf_max_page_chars:
            raise InputError(
                where,
                f"a page's content at byte {match.start():,} shows about {glyphs:,} "
                f"characters, over the limit of {limits.pdf_max_page_chars:,} a page",
                "raise [limits] pdf_max_page_chars if this really is a PDF you trust",
            )


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


_INVISIBLE = "invisible PDF text"
# render modes that paint nothing: 3 (neither fill nor stroke), 7 (only add to the clip path)
_UNPAINTED = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)
_OFF_PAGE = "PDF text outside the page"


def _address(obj: Any) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


_WHITE = "white PDF text on a white page"
_COMPARISONS_MAX = 2_000_000  # white text x filled shapes; past this, no white text is hidden
Box = tuple[float, float, float, float]


def _near_white(obj: Any) -> bool | None:
    """Whether an object's fill colour is (nearly) white; None if it has none we can read."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) or not a.value:
        return None
    return min(r.value, g.value, b.value) >= 245


_COVERED = "PDF text under a filled shape drawn over it"


def _opaque_rectangle(obj: Any, box: Box) -> bool:
    """Whether a path object is a filled, opaque, axis-aligned rectangle filling its bounds
    ``box``: straight segments only, each point at a corner of the box once transformed.
    (A triangle or a circle has the same bounds, but does not cover all of them.)"""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value < 255:
        return False
    if pdfium_c.FPDFPageObj_HasTransparency(obj):
        return False  # a blend mode (a flattened highlight multiplies), a soft mask, alpha
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix) or matrix.b or matrix.c:
        return False  # rotated or skewed: its bounds are not its shape
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if not 4 <= count <= 6:
        return False
    x, y = ctypes.c_float(), ctypes.c_float()
    corners = set()
    tolerance = 0.5
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return False
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            return False
        px, py = matrix.a * x.value + matrix.e, matrix.d * y.value + matrix.f
        cx = 0 if abs(px - box[0]) <= tolerance else 1 if abs(px - box[2]) <= tolerance else -1
        cy = 0 if abs(py - box[1]) <= tolerance else 1 if abs(py - box[3]) <= tolerance else -1
        if cx < 0 or cy < 0:
            return False
        corners.add((cx, cy))
    return len(corners) == 4


def _inside(box: Box, cover: Box) -> bool:
    return (
        cover[0] <= box[0] + 0.5
        and cover[1] <= box[1] + 0.5
        and box[2] <= cover[2] + 0.5
        and box[3] <= cover[3] + 0.5
    )


def _overlaps(box: Box, boxes: list[Box]) -> bool:
    return any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in boxes)


def _unseen_objects(page: pdfium.PdfPage, budget: int) -> dict[int, str]:
    """Text objects a reader cannot see, by address: drawn in render mode 3 or 7 on a page
    without images, wholly outside the page's crop box, or filled white on a page without
    images where no coloured shape lies under them, or drawn before an opaque filled
    rectangle that covers all of it (in the same content stream or form). Invisible text over
    an image is an OCR layer (what the scan shows), so it is read."""
    left, bottom, right, top = page.get_cropbox()
    invisible: list[int] = []
    white: list[tuple[int, Box]] = []
    backdrops: list[Box] = []
    unseen: dict[int, str] = {}
    images = False
    stack = [(page.raw, False)]
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    comparisons = 0
    while stack and budget > 0:
        parent, is_form = stack.pop()
        shown: list[tuple[int, Box]] = []  # painted text of this stream, in drawing order
        count = (pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects)(
            parent
        )
        get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
        for i in range(max(0, min(count, budget))):
            budget -= 1
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING):
                images = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if (
                    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
                    and fill.value != pdfium_c.FPDF_FILLMODE_NONE
                    and _near_white(obj) is not True
                    and pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1)
                ):
                    backdrops.append((x0.value, y0.value, x1.value, y1.value))
                if (
                    shown
                    and comparisons + len(shown) <= _COMPARISONS_MAX
                    and fill.value != pdfium_c.FPDF_FILLMODE_NONE
                    and pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1)
                ):
                    cover = (x0.value, y0.value, x1.value, y1.value)
                    if _opaque_rectangle(obj, cover):
                        comparisons += len(shown)
                        for address, box in shown:
                            if _inside(box, cover):
                                unseen.setdefault(address, _COVERED)
            elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                bounded = pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1)
                mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
                if bounded and (
                    x1.value < left or x0.value > right or y1.value < bottom or y0.value > top
                ):
                    unseen[_address(obj)] = _OFF_PAGE
                elif mode in _UNPAINTED:
                    invisible.append(_address(obj))
                elif bounded and mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL and _near_white(obj):
                    white.append((_address(obj), (x0.value, y0.value, x1.value, y1.value)))
                elif bounded:
                    shown.append((_address(obj), (x0.value, y0.value, x1.value, y1.value)))
    if not images:
        unseen.update(dict.fromkeys(invisible, _INVISIBLE))
        if len(white) * len(backdrops) <= _COMPARISONS_MAX:
            for address, box in white:
                if not _overlaps(box, backdrops):
                    unseen[address] = _WHITE
    return unseen


def _split_unseen(
    textpage: pdfium.PdfTextPage, count: int, unseen: dict[int, str]
) -> tuple[str, list[tuple[str, str]]]:
    """The page's visible text, and its unseen runs as (reason, text)."""
    visible: list[str] = []
    hidden: list[tuple[str, str]] = []
    start, reason = 0, ""
    for i in range(count + 1):
        current = reason
        if i < count:
            obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
            current = unseen.get(_address(obj), "") if obj else reason  # generated: as before
        if i == count or current != reason:
            if i > start:
                text = textpage.get_text_range(start, i - start)
                (hidden.append((reason, text)) if reason else visible.append(text))
            start, reason = i, current
    return "".join(visible), hidden


def _page_lines(
    where: str,
    pdf: pdfium.PdfDocument,
    index: int,
    limits: Limits,
    chars: int,
    hidden: list[HiddenText] | None = None,
    notes: list[_Note] | None = None,
    styles: list[_Style | None] | None = None,
    tops: list[float | None] | None = None,
) -> list[str]:
    """The text lines of one page, measured before they are extracted (``chars``: text
    read so far); text a reader cannot see goes to ``hidden``, not into the lines. When
    ``styles`` is given, it gets each line's font size and boldness (``None`` for a line
    whose characters could not be matched to the page's), and ``tops`` the height of its
    first character on the page (points from the bottom)."""
    page = pdf[index]
    try:
        objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        if objects > limits.pdf_max_page_objects:
            raise InputError(
                where,
                f"page {index + 1} has {objects:,} objects, over the limit of "
                f"{limits.pdf_max_page_objects:,}; refusing to read it",
                "raise [limits] pdf_max_page_objects if this really is a PDF you trust",
            )
        textpage = page.get_textpage()
        try:
            count = pdfium_c.FPDFText_CountChars(textpage.raw)
            if count > limits.pdf_max_page_chars:
                raise InputError(
                    where,
                    f"page {index + 1} has {count:,} characters, over the limit of "
                    f"{limits.pdf_max_page_chars:,} a page; refusing to read it",
                    "raise [limits] pdf_max_page_chars if this really is a PDF you trust",
                )
            check_text(where, chars + count, limits, partial=True)
            unseen = _unseen_objects(page, limits.pdf_max_page_objects)
            if unseen:
                raw, runs = _split_unseen(textpage, count, unseen)
                for reason, text in runs:
                    if text.strip() and hidden is not None:
                        hidden.append(hidden_text(f"page {index + 1}", reason, text))
            else:
                raw = textpage.get_text_range()
                if styles is not None:
                    styles.extend(_line_styles(textpage, raw, count, tops))
            if notes is not None:
                _annotations(page, textpage, index, notes)
        finally:
            textpage.close()
    finally:
        page.close()
    raw = raw.replace("\x00", "").replace("\ufffe", "-").replace("\x02", "-")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in raw.split("\n")]


_Style = tuple[float, bool]  # a line's font size (points) and whether it is bold


def _line_styles(
    textpage: pdfium.PdfTextPage,
    raw: str,
    count: int,
    tops: list[float | None] | None = None,
) -> list[_Style | None]:
    """The font size and weight of the first character of each line of ``raw`` (the page's
    text, one character per character of the page), in the lines ``_page_lines`` makes: one
    library call per line. Empty when the text does not map one to one onto the page's
    characters (a line break the library wrote as a lone carriage return, characters outside
    the Basic Multilingual Plane): the headings are then told from the text alone."""
    if len(raw) != count or raw.count("\r") != raw.count("\r\n"):
        return []
    out: list[_Style | None] = []
    start = 0
    for line in raw.split("\n"):
        first = next((i for i, ch in enumerate(line) if not ch.isspace()), None)
        style: _Style | None = None
        if first is not None:
            index = start + first
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
            if size > 0:
                bold = weight >= _BOLD_WEIGHT or _BOLD_NAME.search(_font_name(textpage, index))
                style = (round(size, 1), bool(bold))
        if tops is not None:
            tops.append(_char_top(textpage, index) if first is not None else None)
        out.append(style)
        start += len(line) + 1
    return out


def _char_top(textpage: pdfium.PdfTextPage, index: int) -> float | None:
    """The top of character ``index`` in page space (points from the page's bottom)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ok = pdfium_c.FPDFText_GetCharBox(
        textpage.raw,
        index,
        ctypes.byref(left),
        ctypes.byref(right),
        ctypes.byref(bottom),
        ctypes.byref(top),
    )
    return top.value if ok else None


_BOLD_WEIGHT = 600  # the weight of a semi-bold face and heavier
# a bold face by its name, for files that do not state the weight ("DejaVu-Serif-Bold")
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
_FONT_NAME_MAX = 128  # bytes of a font's name read


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    """The name of the font character ``index`` is set in ("" when the file gives none)."""
    buffer = ctypes.create_string_buffer(_FONT_NAME_MAX)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, _FONT_NAME_MAX, ctypes.byref(flags))
    return buffer.value.decode("latin-1", "replace")


_LARGER = 1.15  # a heading's type: this much larger than the body's, or bold
_LONG_CAPS = 40  # characters: an all-capitals line this long beside another is a paragraph
_LONG_LINE = 60  # characters: the same for a line in bold or larger type


def _body_size(pages: list[list[str]], styles: list[list[_Style | None]]) -> float | None:
    """The font size most of the text is set in (by characters)."""
    sizes: Counter[float] = Counter()
    for lines, page_styles in zip(pages, styles, strict=False):
        if len(page_styles) != len(lines):
            continue
        for line, style in zip(lines, page_styles, strict=True):
            if style is not None:
                sizes[style[0]] += len(line)
    return sizes.most_common(1)[0][0] if sizes else None


def _heading(
    line: str,
    style: _Style | None,
    body: float | None,
    before: tuple[str, _Style | None],
    after: tuple[str, _Style | None],
) -> bool:
    """A heading by its layout: a short line set larger than the body or in bold, or in
    capitals; never a line of a paragraph set that way (an all-capitals or bold disclaimer
    wraps over many long lines, each of which looked like a heading). ``before`` and
    ``after``: the lines around it on the page, with their styles."""
    caps = looks_like_heading(line)
    set_apart = style is not None and body is not None and (style[1] or style[0] >= body * _LARGER)
    if not caps and not set_apart:
        return False
    if len(line) > HEADING_MAX or sum(ch.isalpha() for ch in line) < 3 or line.endswith(","):
        return False
    long = _LONG_CAPS if caps else _LONG_LINE

    def same(other: tuple[str, _Style | None]) -> bool:
        text, other_style = other
        if caps:  # capitals set like this line, or capitals with no style known
            return looks_like_heading(text) and (style is None or other_style == style)
        return other_style == style

    if same(before) and len(before[0]) >= long:
        return False  # the next line of such a paragraph (its last may be short)
    return not (len(line) >= long and same(after))  # not the first line of one


def _edges(tops: list[float | None], count: int) -> tuple[list[int], list[int]]:
    """The lines that may be a running header (at the top of a page of ``count`` lines) and
    footer (at the bottom), outermost first, at most ``_EDGE`` of each.

    When every line's height is known, by where the lines stand on the page (a PDF may draw
    its running header after the body: WeasyPrint's page margin boxes come last in the
    text), and only lines set apart from the body by a gap wider than the page's usual line
    spacing (a margin): the first lines of the body are never taken for a header. Else by
    their order in the text, as before."""
    if not (len(tops) == count and count >= 3 and all(t is not None for t in tops)):
        order = list(range(count))
        return order[:_EDGE], order[::-1][:_EDGE]
    heights = [t or 0.0 for t in tops]
    order = sorted(range(count), key=lambda i: (-heights[i], i))
    steps = [heights[a] - heights[b] for a, b in itertools.pairwise(order)]
    # the usual spacing of the page's lines: its lower quartile step (on a short last page
    # the median would be the margin itself)
    spacing = sorted(s for s in steps if s > _SAME_ROW)
    apart = spacing[len(spacing) // 4] * _GAP if spacing else 0.0

    def edge(ordered: list[int], gaps: list[float]) -> list[int]:
        # the outermost lines up to the last wide gap among the first _EDGE
        last = max((k for k in range(min(_EDGE, len(gaps))) if gaps[k] > apart), default=-1)
        return ordered[: last + 1]

    return edge(order, steps), edge(order[::-1], steps[::-1])


_GAP = 1.6  # a gap this many times the usual line spacing sets a header or footer apart
_SAME_ROW = 0.5  # points: lines whose tops differ less stand in one row


def _running(
    pages: list[list[str]],
    edges: list[tuple[list[int], list[int]]],
    tops: list[list[float | None]],
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Line shapes (digits masked) repeated at the top / bottom of most pages, each with the
    height it usually stands at (``None`` when not known)."""
    if len(pages) < 3:
        return {}, {}
    counts: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    heights: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    for kept, page_edges, page_tops in zip(pages, edges, tops, strict=True):
        known = len(page_tops) == len(kept)
        for count, height, lines in zip(counts, heights, page_edges, strict=True):
            for shape, i in {_DIGITS.sub("#", kept[i]): i for i in lines}.items():
                count[shape] += 1
                at = page_tops[i] if known else None
                if at is not None:
                    height.setdefault(shape, []).append(at)
    need = max(3, (len(pages) + 1) // 2)
    head, foot = (
        {
            shape: statistics.median(height[shape]) if shape in height else None
            for shape, n in count.items()
            if n >= need
        }
        for count, height in zip(counts, heights, strict=True)
    )
    return head, foot


def _in_place(usual: float | None, at: float | None) -> bool:
    """Does a line at height ``at`` stand where its running header or footer usually does
    (the title on a first page may read like the running header of the pages after it)?"""
    return usual is None or at is None or abs(usual - at) <= _SAME_PLACE


_SAME_PLACE = 3.0  # points


def read_pdf(
    where: str, data: bytes, *, max_pages: int | None = None, limits: Limits = DEFAULT
) -> SourceDocument:
    notes: list[str] = []
    _check_streams(where, data, limits)
    with _LOCK:
        pdf = _open(where, data)
        try:
            total = len(pdf)
            if total == 0:
                raise InputError(where, "the PDF has no pages (corrupt?)")
            count = total if max_pages is None else max(0, min(total, max_pages))
            pages: list[list[str]] = []
            styles: list[list[_Style | None]] = []
            tops: list[list[float | None]] = []
            hidden: list[HiddenText] = []
            annotations: list[_Note] = []
            chars = 0
            try:
                metadata, properties, attachments = _document_facts(pdf)
                for i in range(count):
                    page_styles: list[_Style | None] = []
                    page_tops: list[float | None] = []
                    pages.append(
                        _page_lines(
                            where,
                            pdf,
                            i,
                            limits,
                            chars,
                            hidden,
                            annotations,
                            page_styles,
                            page_tops,
                        )
                    )
                    styles.append(page_styles)
                    tops.append(page_tops)
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

    kept_pages = [[line for line in lines if line] for lines in pages]
    kept_tops = [
        [t for line, t in zip(lines, page_tops, strict=True) if line]
        if len(page_tops) == len(lines)
        else []
        for lines, page_tops in zip(pages, tops, strict=True)
    ]
    edges = [_edges(t, len(kept)) for kept, t in zip(kept_pages, kept_tops, strict=True)]
    heads, feet = _running(kept_pages, edges, kept_tops)
    pieces: list[str] = []
    blocks: list[TextBlock] = []
    offset = 0
    empty: list[int] = []
    with_hidden = {h.where for h in hidden}
    body = _body_size(pages, styles)
    for number, (lines, page_styles, (top_lines, foot_lines), page_tops) in enumerate(
        zip(pages, styles, edges, kept_tops, strict=True), start=1
    ):
        if len(page_styles) != len(lines):
            page_styles = [None] * len(lines)
        kept_styles = [style for line, style in zip(lines, page_styles, strict=True) if line]
        kept = [line for line in lines if line]
        if not kept:
            if f"page {number}" not in with_hidden:  # a page of hidden text is no scan
                empty.append(number)
            continue
        topmost = top_lines[0] if top_lines else -1
        bottommost = foot_lines[0] if foot_lines else -1
        for i, line in enumerate(kept):
            part = "body"
            shape = _DIGITS.sub("#", line)
            at = page_tops[i] if len(page_tops) == len(kept) else None
            if i in top_lines and (
                (shape in heads and _in_place(heads[shape], at))
                or (i == topmost and _PAGE_NUMBER.fullmatch(line))
            ):
                part = "header"
            elif i in foot_lines and (
                (shape in feet and _in_place(feet[shape], at))
                or (i == bottommost and _PAGE_NUMBER.fullmatch(line))
            ):
                part = "footer"
            before = (kept[i - 1], kept_styles[i - 1]) if i else ("", None)
            after = (kept[i + 1], kept_styles[i + 1]) if i + 1 < len(kept) else ("", None)
            heading = int(part == "body" and _heading(line, kept_styles[i], body, before, after))
            blocks.append(
                TextBlock(offset, offset + len(line), page=number, heading=heading, part=part)
            )
            pieces.append(line)
            offset += len(line) + 1
        pieces[-1] += "\n"  # a blank line between pages
        offset += 1
    if count and len(empty) == count and not hidden:
        notes.append("no text layer (scanned?); run OCR on it first")
    elif empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        notes.append(f"no text on page{'s' if len(empty) > 1 else ''} {shown} (scanned?)")
    unseen = capped(hidden, notes)
    text = "\n".join(pieces)
    comments = _comments(annotations, text, blocks, notes)
    if len(attachments) > REVIEW_MAX:
        notes.append(
            f"{len(attachments) - REVIEW_MAX:,} more attached files were not listed "
            f"(the first {REVIEW_MAX} are)"
        )
    review = PackageReview(
        comments=comments,
        metadata=metadata,
        properties=properties,
        embedded=tuple(attachments[:REVIEW_MAX]),
    )
    return SourceDocument(
        path=where,
        format="pdf",
        text=text,
        blocks=tuple(blocks),
        notes=tuple(notes),
        pages=total,
        hidden=unseen,
        review=review,
    )


# ---------------------------------------------------------------- review: notes and metadata

# the Info keys kept as metadata, and the custom ones our own build writes (properties)
_INFO = (
    ("Author", "author"),
    ("Title", "title"),
    ("Subject", "subject"),
    ("Keywords", "keywords"),
    ("Creator", "creator"),
    ("Producer", "producer"),
)
OUR_PROPERTIES = ("AgreementBuilderSpec", "AgreementBuilderKind", "AgreementBuilderVersion")
_VALUE_MAX = 500
# markup annotations a reviewer leaves (PDF 32000 12.5.6.2); links, form widgets, pop-ups
# that only show another note's text, printer's marks and media are not comments
_MARKUP = {
    pdfium_c.FPDF_ANNOT_TEXT: "note",
    pdfium_c.FPDF_ANNOT_FREETEXT: "text box",
    pdfium_c.FPDF_ANNOT_LINE: "line",
    pdfium_c.FPDF_ANNOT_SQUARE: "rectangle",
    pdfium_c.FPDF_ANNOT_CIRCLE: "oval",
    pdfium_c.FPDF_ANNOT_POLYGON: "polygon",
    pdfium_c.FPDF_ANNOT_POLYLINE: "polyline",
    pdfium_c.FPDF_ANNOT_HIGHLIGHT: "highlight",
    pdfium_c.FPDF_ANNOT_UNDERLINE: "underline",
    pdfium_c.FPDF_ANNOT_SQUIGGLY: "squiggly underline",
    pdfium_c.FPDF_ANNOT_STRIKEOUT: "strike-out",
    pdfium_c.FPDF_ANNOT_STAMP: "stamp",
    pdfium_c.FPDF_ANNOT_CARET: "insertion mark",
    pdfium_c.FPDF_ANNOT_INK: "drawing",
    pdfium_c.FPDF_ANNOT_FILEATTACHMENT: "attached file",
    pdfium_c.FPDF_ANNOT_POPUP: "pop-up note",
    pdfium_c.FPDF_ANNOT_REDACT: "redaction mark",
}
_TEXT_MARKUP = {
    pdfium_c.FPDF_ANNOT_HIGHLIGHT,
    pdfium_c.FPDF_ANNOT_UNDERLINE,
    pdfium_c.FPDF_ANNOT_SQUIGGLY,
    pdfium_c.FPDF_ANNOT_STRIKEOUT,
}
_SETTLED = {"accepted", "rejected", "completed"}  # review states that close a note
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-].*)?")


def _document_facts(
    pdf: pdfium.PdfDocument,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], list[str]]:
    """(metadata, our custom Info keys, attached files) of the document."""
    metadata = []
    for key, name in _INFO:
        value = _tidy(pdf.get_metadata_value(key), _VALUE_MAX)
        if value:
            metadata.append((name, value))
    properties = []
    for key in OUR_PROPERTIES:
        value = _tidy(pdf.get_metadata_value(key), _VALUE_MAX)
        if value:
            properties.append((key, value))
    attachments = []
    count = pdfium_c.FPDFDoc_GetAttachmentCount(pdf.raw)
    for i in range(max(0, min(count, REVIEW_MAX + 1))):
        attachment = pdfium_c.FPDFDoc_GetAttachment(pdf.raw, i)
        name = _wide(pdfium_c.FPDFAttachment_GetName, attachment) if attachment else ""
        attachments.append(f"attached file: {name or f'#{i + 1}'}")
    attachments.extend("attached file" for _ in range(max(0, count - REVIEW_MAX - 1)))
    return tuple(metadata), tuple(properties), attachments


def _wide(getter: Any, handle: Any, *key: bytes) -> str:
    """A UTF-16 string from a PDFium getter that takes (handle, [key,] buffer, length)."""
    size = getter(handle, *key, None, 0)
    if size <= 2 or size > 4 * 1024 * 1024:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(handle, *key, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _tidy(text: str, limit: int = HIDDEN_TEXT_MAX) -> str:
    text = " ".join(text.replace("\x00", "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _iso_date(value: str) -> str | None:
    """A PDF date (``D:20261103091200Z``) as ISO 8601; other text as written."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return value.strip() or None
    year, month, day, hour, minute, second, zone = match.groups()
    out = f"{year}-{month or '01'}-{day or '01'}"
    if hour:
        out += f"T{hour}:{minute or '00'}:{second or '00'}"
        if zone:
            zone = zone.replace("'", "")
            out += "Z" if zone[0] in "Zz" else f"{zone[:3]}:{zone[3:5] or '00'}"
    return out


@dataclass
class _Note:
    """One annotation as read from a page, before its text is placed."""

    kind: str
    author: str | None
    date: str | None
    text: str
    state: str  # a review state ("completed", "accepted" ...) answering another note
    anchor: str
    id: str
    reply_to: str | None
    page: int


def _annotations(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, out: list[_Note]
) -> None:
    """The markup annotations of one page (at most ``4 * REVIEW_MAX`` in a document)."""
    count = pdfium_c.FPDFPage_GetAnnotCount(page.raw)
    rect = pdfium_c.FS_RECTF()
    for i in range(max(0, count)):
        if len(out) >= 4 * REVIEW_MAX:
            return
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype not in _MARKUP:
                continue
            parent = pdfium_c.FPDFAnnot_GetLinkedAnnot(annot, b"Parent")
            if parent:
                pdfium_c.FPDFPage_CloseAnnot(parent)
                if subtype == pdfium_c.FPDF_ANNOT_POPUP:
                    continue  # shows its parent's text
            reply_to = None
            replied = pdfium_c.FPDFAnnot_GetLinkedAnnot(annot, b"IRT")
            if replied:
                target = pdfium_c.FPDFPage_GetAnnotIndex(page.raw, replied)
                pdfium_c.FPDFPage_CloseAnnot(replied)
                reply_to = f"p{index + 1}-{target + 1}" if target >= 0 else None
            anchor = ""
            if subtype in _TEXT_MARKUP and pdfium_c.FPDFAnnot_GetRect(annot, rect):
                anchor = textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)
            out.append(
                _Note(
                    kind=_MARKUP[subtype],
                    author=_tidy(_wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"T"), 200)
                    or None,
                    date=_iso_date(
                        _wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"M")
                        or _wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"CreationDate")
                    ),
                    text=_tidy(_wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"Contents")),
                    state=_wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"State").lower(),
                    anchor=_tidy(anchor),
                    id=f"p{index + 1}-{i + 1}",
                    reply_to=reply_to,
                    page=index + 1,
                )
            )
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)


def _comments(
    notes: list[_Note], text: str, blocks: list[TextBlock], reader_notes: list[str]
) -> tuple[Comment, ...]:
    """Notes as comments, placed at their anchor text on their page; a review state
    ("Completed", "Accepted", "Rejected") answering a note settles it and is not listed."""
    settled = {n.reply_to for n in notes if n.reply_to and n.state in _SETTLED}
    pages: dict[int, tuple[int, int]] = {}
    for block in blocks:
        if block.page is not None:
            first, _ = pages.get(block.page, (block.start, block.end))
            pages[block.page] = (first, block.end)
    out = []
    for note in notes:
        if note.state:
            continue  # a state change, not a note
        start = end = None
        span = pages.get(note.page)
        if span is not None:
            start = end = span[0]
            if note.anchor:
                words = [re.escape(w) for w in note.anchor.split()[:12]]
                found = re.compile(r"\s+".join(words)).search(text, span[0], span[1] + 1)
                if found:
                    start, end = found.start(), found.end()
        out.append(
            Comment(
                note.author,
                note.date,
                note.text,
                note.anchor,
                note.id in settled,
                note.reply_to,
                note.id,
                "body",
                note.page,
                start,
                end,
                note.kind,
            )
        )
    if len(out) > REVIEW_MAX:
        reader_notes.append(
            f"{len(out) - REVIEW_MAX:,} more PDF comments were not listed "
            f"(the first {REVIEW_MAX} are)"
        )
    return tuple(out[:REVIEW_MAX])
