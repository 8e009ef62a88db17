"""Assembly -> DOCX: the same structure and order as the HTML renderer, built for Word.

What makes it a Word document a lawyer can work on rather than a printout:

* article and section headings use Heading 1 / Heading 2 and real multi-level automatic
  numbering (``numbering.xml``); the numbers are never typed into the text;
* every section heading carries a bookmark; cross-references are ``REF`` fields to it, so they
  follow when clauses are added or moved;
* a ``TOC`` field, ``PAGE`` / ``NUMPAGES`` in the footer, and ``updateFields`` so Word
  refreshes all of them on open;
* list items are numbered paragraphs ((a), (i)), tables are real tables with a repeating
  header row, missing decisions are highlighted in yellow.

Everything from the spec goes in as text runs (python-docx escapes XML); characters that XML
1.0 cannot hold are dropped first. The output is deterministic: fixed document properties and
fixed timestamps inside the ZIP.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Twips
from lxml import etree

from ..model import Assembly, Block, Gap, Party, Section, Span

__all__ = ["render_docx"]

# Characters XML 1.0 cannot contain (lxml refuses them): C0 controls except tab, LF, CR,
# lone surrogates and the two non-characters U+FFFE / U+FFFF.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")
_BOOKMARK_MAX = 40
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_LETTER_LOCALES = ("en-US", "en-CA", "es-MX", "fr-CA", "en-PH")
_LINE = "______________________________"

_INDENT = 720  # twips: half an inch, the indent step of every numbered level
_TOC_PLACEHOLDER = "Right-click to update the table of contents."


def clean(text: str) -> str:
    """``text`` without the characters that XML 1.0 (and so Word) cannot hold."""
    return _INVALID_XML.sub("", text)


@cache
def _template() -> bytes:
    """python-docx's default template, read once."""
    return files("docx").joinpath("templates/default.docx").read_bytes()


def render_docx(assembly: Assembly) -> bytes:
    """The agreement as a ``.docx`` file (bytes), deterministic for a given assembly."""
    writer = _Writer(assembly)
    writer.write()
    return writer.save()


# ---------------------------------------------------------------- numbering definitions

# (numFmt, lvlText, left indent, hanging) per level
_HEADING_LEVELS = (
    ("decimal", "%1.", _INDENT, _INDENT),
    ("decimal", "%1.%2", _INDENT, _INDENT),
    ("lowerLetter", "(%3)", 2 * _INDENT, _INDENT),
    ("lowerRoman", "(%4)", 3 * _INDENT, _INDENT),
)
_FLAT_LEVELS = (
    ("lowerLetter", "(%1)", _INDENT, _INDENT),
    ("lowerRoman", "(%2)", 2 * _INDENT, _INDENT),
)
_RECITAL_LEVELS = (("upperLetter", "(%1)", _INDENT, _INDENT),)


def _abstract_num_xml(
    abstract_id: int, nsid: str, levels: Sequence[tuple[str, str, int, int]]
) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        for i, (fmt, text, left, hanging) in enumerate(levels)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


def _num_xml(num_id: int, abstract_id: int, restart: Iterable[int] = ()) -> str:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in restart
    )
    return (
        f'<w:num {nsdecls("w")} w:numId="{num_id}">'
        f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
    )


@dataclass
class _Numbering:
    """Our lists in ``numbering.xml``: ids that do not clash with the template's."""

    element: Any
    next_abstract: int = 0
    next_num: int = 0
    nums: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        w_abstract, w_num = qn("w:abstractNumId"), qn("w:numId")
        abstracts = [int(e.get(w_abstract)) for e in self.element.iterchildren(qn("w:abstractNum"))]
        nums = [int(e.get(w_num)) for e in self.element.iterchildren(qn("w:num"))]
        self.next_abstract = max(abstracts, default=-1) + 1
        self.next_num = max(nums, default=0) + 1

    def abstract(self, levels: Sequence[tuple[str, str, int, int]]) -> int:
        abstract_id = self.next_abstract
        self.next_abstract += 1
        element = parse_xml(_abstract_num_xml(abstract_id, f"4142{abstract_id:04X}", levels))
        first_num = self.element.find(qn("w:num"))
        if first_num is not None:  # every abstractNum comes before every num
            first_num.addprevious(element)
        else:
            self._append(element)
        return abstract_id

    def num(self, abstract_id: int, restart: Iterable[int] = ()) -> int:
        num_id = self.next_num
        self.next_num += 1
        self.nums.append(_num_xml(num_id, abstract_id, restart))
        return num_id

    def flush(self) -> None:
        for xml in self.nums:
            self._append(parse_xml(xml))
        self.nums.clear()

    def _append(self, element: Any) -> None:
        cleanup = self.element.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(element)
        else:
            self.element.append(element)


# ---------------------------------------------------------------- raw WordprocessingML

# Paragraphs and runs are built with lxml directly: python-docx's generic "get or add child in
# schema order" machinery costs more than everything else put together on a long agreement.
_W_P, _W_PPR, _W_R, _W_RPR, _W_T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")
_W_VAL, _W_ID, _W_NAME = qn("w:val"), qn("w:id"), qn("w:name")
_XML_SPACE = qn("xml:space")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    """A child element of ``parent``; ``tag`` like ``w:b``, attributes given without prefix."""
    return etree.SubElement(parent, qn(tag), {qn(f"w:{k}"): v for k, v in attrs.items()})


def _p_element(
    style: str | None = None,
    keep_next: bool = False,
    page_break: bool = False,
    num: tuple[int, int] | None = None,
    indent: int | None = None,
    align: str | None = None,
) -> Any:
    """A ``w:p`` with its properties in schema order (``num`` is ``(numId, ilvl)``)."""
    p = OxmlElement("w:p")
    if style or keep_next or page_break or num or indent is not None or align:
        ppr = etree.SubElement(p, _W_PPR)
        if style:
            _el(ppr, "w:pStyle", val=style)
        if keep_next:
            _el(ppr, "w:keepNext")
        if page_break:
            _el(ppr, "w:pageBreakBefore")
        if num:
            num_pr = _el(ppr, "w:numPr")
            _el(num_pr, "w:ilvl", val=str(num[1]))
            _el(num_pr, "w:numId", val=str(num[0]))
        if indent is not None:
            _el(ppr, "w:ind", left=str(indent))
        if align:
            _el(ppr, "w:jc", val=align)
    return p


def _run(
    p: Any, text: str, bold: bool = False, highlight: bool = False, size: int | None = None
) -> Any:
    """A text run; tabs and line breaks become ``w:tab`` / ``w:br``."""
    r = etree.SubElement(p, _W_R)
    if bold or highlight or size:
        rpr = etree.SubElement(r, _W_RPR)
        if bold:
            _el(rpr, "w:b")
        if size:
            _el(rpr, "w:sz", val=str(size * 2))
        if highlight:
            _el(rpr, "w:highlight", val="yellow")
    for piece in _BREAKS.split(clean(text)):
        if not piece:
            continue
        if piece == "\t":
            _el(r, "w:tab")
        elif piece in ("\n", "\r", "\r\n"):
            _el(r, "w:br")
        else:
            t = etree.SubElement(r, _W_T)
            t.text = piece
            if piece != piece.strip():
                t.set(_XML_SPACE, "preserve")
    return r


def _field(p: Any, instruction: str, cached: str, bold: bool = False, dirty: bool = False) -> None:
    """A complex field: begin / instrText / separate / cached result / end."""
    begin = _el(etree.SubElement(p, _W_R), "w:fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instr = _el(etree.SubElement(p, _W_R), "w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _el(etree.SubElement(p, _W_R), "w:fldChar", fldCharType="separate")
    _run(p, cached, bold)
    _el(etree.SubElement(p, _W_R), "w:fldChar", fldCharType="end")


def _table_element(
    widths: Sequence[int], rows: int, style: str | None, indent: int = 0
) -> tuple[Any, list[list[Any]]]:
    """A ``w:tbl`` with fixed column widths (twips); returns it and its cells' first ``w:p``."""
    tbl = OxmlElement("w:tbl")
    tbl_pr = _el(tbl, "w:tblPr")
    if style:
        _el(tbl_pr, "w:tblStyle", val=style)
    _el(tbl_pr, "w:tblW", w=str(sum(widths)), type="dxa")
    if indent:
        _el(tbl_pr, "w:tblInd", w=str(indent), type="dxa")
    _el(tbl_pr, "w:tblLayout", type="fixed")
    _el(
        tbl_pr,
        "w:tblLook",
        val="04A0",
        firstRow="1",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="0",
        noVBand="1",
    )
    grid = _el(tbl, "w:tblGrid")
    for width in widths:
        _el(grid, "w:gridCol", w=str(width))
    cells: list[list[Any]] = []
    for _ in range(rows):
        tr = _el(tbl, "w:tr")
        _el(_el(tr, "w:trPr"), "w:cantSplit")
        row = []
        for width in widths:
            tc = _el(tr, "w:tc")
            _el(_el(tc, "w:tcPr"), "w:tcW", w=str(width), type="dxa")
            row.append(etree.SubElement(tc, _W_P))
        cells.append(row)
    return tbl, cells


# ---------------------------------------------------------------- writer


class _Writer:
    def __init__(self, assembly: Assembly) -> None:
        self.assembly = assembly
        self.doc: DocxDocument = Document(io.BytesIO(_template()))
        self._end = self.doc.element.body.find(qn("w:sectPr"))  # content goes in before it
        self.numbering = _Numbering(self.doc.part.numbering_part.element)
        self.headings_abstract = self.numbering.abstract(_HEADING_LEVELS)
        self.items_abstract = self.numbering.abstract(_HEADING_LEVELS)
        self.flat_abstract = self.numbering.abstract(_FLAT_LEVELS)
        self.recital_abstract = self.numbering.abstract(_RECITAL_LEVELS)
        self.headings_num = self.numbering.num(self.headings_abstract)
        self.styles = {name: self.doc.styles[name].style_id for name in _STYLE_NAMES}
        self.bookmarks = _bookmark_names(assembly)
        self._bookmark_id = 0
        self.text_width = 12240 - 2880  # twips; set from the page size in _setup

    # ------------------------------------------------------------ top level

    def write(self) -> None:
        self._setup()
        assembly = self.assembly
        self._cover()
        self._toc()
        if assembly.recitals:
            self._label("Background", page_break=True)
            num = self.numbering.num(self.recital_abstract, restart=(0,))
            for block in assembly.recitals:
                if block.kind == "table":
                    self._table(block.rows)
                else:
                    self._para(block.spans, style="List Paragraph", num=(num, 0))
        self._definitions()
        for article in assembly.articles:
            self._section(article)
        self._signatures()
        for schedule in assembly.schedules:
            p = self._para(style="Heading 1", page_break=True)
            self._bookmarked(p, schedule.anchor, f"{schedule.number} – {schedule.title}")
            self._blocks(schedule.blocks, clause=False)
        if assembly.gaps:
            self._open_items(assembly.gaps)
        previous = self._end.getprevious()
        if previous is None or previous.tag != _W_P:  # Word wants a paragraph after a table
            self._para()
        self.numbering.flush()

    def save(self) -> bytes:
        raw = io.BytesIO()
        self.doc.save(raw)
        return _normalise_zip(raw.getvalue())

    # ------------------------------------------------------------ document set-up

    def _setup(self) -> None:
        assembly = self.assembly
        doc = self.doc
        section = doc.sections[0]
        if assembly.spec.agreement.locale in _LETTER_LOCALES:
            width, height = 12240, 15840
        else:  # A4
            width, height = 11906, 16838
        section.page_width, section.page_height = Twips(width), Twips(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Twips(1440))
        self.text_width = width - 2 * 1440

        black = RGBColor(0, 0, 0)
        for name, size in (("Title", 20), ("Heading 1", 13), ("Heading 2", 11)):
            font = doc.styles[name].font
            font.color.rgb = black
            font.size = Pt(size)

        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header._p, assembly.title)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(footer._p, "Page ")
        _field(footer._p, "PAGE", "1")
        _run(footer._p, " of ")
        _field(footer._p, "NUMPAGES", "1")

        _update_fields_on_open(doc.settings.element)

        names = "; ".join(clean(p.legal_name) for p in assembly.spec.parties)
        props = doc.core_properties
        props.title = clean(assembly.title)[:255]
        props.subject = names[:255]
        props.keywords = names[:255]
        props.author = "agreement-builder"
        props.last_modified_by = "agreement-builder"
        props.comments = ""
        props.category = clean(assembly.spec.kind)[:255]
        props.identifier = clean(assembly.spec.agreement.reference or "")[:255]
        props.language = clean(assembly.spec.agreement.language)[:255]
        props.revision = 1
        stamp = _stamp(assembly.spec.agreement.effective_date)
        props.created = stamp
        props.modified = stamp

    # ------------------------------------------------------------ parts of the agreement

    def _cover(self) -> None:
        agreement = self.assembly.spec.agreement
        title = self._para(style="Title", align="center")
        _run(title, self.assembly.title)
        if agreement.reference:
            _run(self._para(align="center"), f"Reference: {agreement.reference}")
        when = _long_date(agreement.effective_date) if agreement.effective_date else _LINE
        _run(self._para(align="center"), f"Effective Date: {when}")
        self._blocks(self.assembly.cover, clause=False)

    def _toc(self) -> None:
        self._label("Contents", page_break=True)
        _field(self._para(), 'TOC \\o "1-2" \\h \\z \\u', _TOC_PLACEHOLDER, dirty=True)

    def _definitions(self) -> None:
        """Definitions the articles do not already state (normally the Definitions article does)."""
        stated = {
            span.text
            for section in self.assembly.sections()
            for block in section.blocks
            for span in block.spans
            if span.kind == "defterm"
        }
        missing = [(term, spans) for term, spans in self.assembly.definitions if term not in stated]
        if not missing:
            return
        self._label("Definitions")
        for term, spans in missing:
            self._para((Span("defterm", term), Span("text", " "), *spans))

    def _section(self, section: Section) -> None:
        level = 1 if section.level <= 1 else 2
        p = self._para(style=f"Heading {level}", num=(self.headings_num, level - 1))
        self._bookmarked(p, section.anchor, section.title)
        self._blocks(section.blocks, clause=True)
        for child in section.children:
            self._section(child)

    def _signatures(self) -> None:
        self._label("Signatures", style="Heading 1", page_break=True)
        self._blocks(self.assembly.execution, clause=False)
        parties = self.assembly.signatories
        if not parties:
            return
        cols = len(parties) if len(parties) <= 2 else 2
        rows = -(-len(parties) // cols)
        widths = _split_width(self.text_width, cols)
        tbl, cells = _table_element(widths, rows, style=None)
        self._end.addprevious(tbl)
        flat = [cell for row in cells for cell in row]
        for first, party in zip(flat, parties, strict=False):
            _signature_block(first, party)

    def _open_items(self, gaps: Sequence[Gap]) -> None:
        self._label("Open Items", style="Heading 1", page_break=True)
        intro = "The following decisions are missing or inconsistent. Each is marked in the text."
        self._para((Span("text", intro),))
        header = ("Section", "What is missing", "Spec path to fill", "Rule")
        rows = [tuple((Span("text", h),) for h in header)]
        for gap in gaps:
            values = (gap.section or "-", gap.message, gap.path or "-", gap.code or "")
            rows.append(tuple((Span("text", v),) for v in values))
        self._table(rows, weights=(1, 4, 3, 2))

    # ------------------------------------------------------------ blocks

    def _blocks(self, blocks: Iterable[Block], clause: bool) -> None:
        """Paragraphs, numbered items ((a), (i); restarted after any other block) and tables."""
        num = 0
        for block in blocks:
            if block.kind == "item":
                level = max(1, min(2, block.level))
                if not num:
                    abstract = self.items_abstract if clause else self.flat_abstract
                    num = self.numbering.num(abstract, (2, 3) if clause else (0, 1))
                ilvl = level + 1 if clause else level - 1
                self._para(block.spans, style="List Paragraph", num=(num, ilvl))
                continue
            num = 0
            if block.kind == "table":
                self._table(block.rows, indent=_INDENT if clause else 0)
            else:
                self._para(block.spans, indent=_INDENT if clause else None)

    def _table(
        self,
        rows: Sequence[Sequence[Sequence[Span]]],
        indent: int = 0,
        weights: Sequence[int] = (),
    ) -> None:
        cols = max((len(row) for row in rows), default=0)
        if not cols:
            return
        widths = _split_width(self.text_width - indent, cols, weights)
        tbl, cells = _table_element(
            widths, len(rows), style=self.styles["Table Grid"], indent=indent
        )
        self._end.addprevious(tbl)
        _el(tbl.find(qn("w:tr")).find(qn("w:trPr")), "w:tblHeader")
        for index, (row_cells, row) in enumerate(zip(cells, rows, strict=True)):
            for p, spans in zip(row_cells, row, strict=False):
                self._spans(p, spans, bold=index == 0)

    # ------------------------------------------------------------ paragraphs and runs

    def _para(
        self,
        spans: Sequence[Span] = (),
        style: str | None = None,
        page_break: bool = False,
        num: tuple[int, int] | None = None,
        indent: int | None = None,
        align: str | None = None,
        keep_next: bool = False,
    ) -> Any:
        p = _p_element(
            self.styles[style] if style else None, keep_next, page_break, num, indent, align
        )
        self._end.addprevious(p)
        if spans:
            self._spans(p, spans)
        return p

    def _label(self, text: str, style: str | None = None, page_break: bool = False) -> None:
        """An unnumbered heading line (a Heading 1 when ``style`` says so, else bold text)."""
        p = self._para(style=style, page_break=page_break, keep_next=style is None)
        if style is None:
            _run(p, text, bold=True, size=13)
        else:
            _run(p, text)

    def _bookmarked(self, p: Any, anchor: str, text: str) -> None:
        name = self.bookmarks.get(anchor)
        if name is None:
            _run(p, text)
            return
        self._bookmark_id += 1
        ident = str(self._bookmark_id)
        _el(p, "w:bookmarkStart", id=ident, name=name)
        _run(p, text)
        _el(p, "w:bookmarkEnd", id=ident)

    def _spans(self, p: Any, spans: Iterable[Span], bold: bool = False) -> None:
        for span in spans:
            if span.kind == "defterm":
                _run(p, "“", bold)
                _run(p, span.text, True)
                _run(p, "”", bold)
            elif span.kind == "gap":
                _run(p, span.text, bold=True, highlight=True)
            elif span.kind == "ref":
                self._ref(p, span, bold)
            else:
                _run(p, span.text, bold)

    def _ref(self, p: Any, span: Span, bold: bool) -> None:
        """``Section `` + REF field (paragraph number of the bookmark) + `` (Caption)``."""
        name = self.bookmarks.get(span.target or "")
        if name is None:
            _run(p, span.text, bold)
            return
        number = span.number
        if number and number in span.text:
            before, after = span.text.split(number, 1)
            if before:
                _run(p, before, bold)
            _field(p, f"REF {name} \\r \\h", number, bold=bold)
            if after:
                _run(p, after, bold)
        else:
            _field(p, f"REF {name} \\h", span.text, bold=bold)


_STYLE_NAMES = ("Title", "Heading 1", "Heading 2", "List Paragraph", "Table Grid")


# ---------------------------------------------------------------- helpers


def _split_width(total: int, cols: int, weights: Sequence[int] = ()) -> list[int]:
    weights = tuple(weights) if len(weights) == cols else (1,) * cols
    unit = total / sum(weights)
    return [int(unit * w) for w in weights]


def _signature_block(first: Any, party: Party) -> None:
    """Legal name, then By / Name / Title / Date lines, in one table cell."""
    signatory = party.signatory
    lines = (
        "",
        f"By: {_LINE}",
        f"Name: {signatory.name if signatory else _LINE}",
        f"Title: {(signatory.title if signatory else None) or _LINE}",
        f"Date: {_LINE}",
    )
    _el(_el(first, "w:pPr"), "w:keepNext")
    _run(first, party.legal_name, bold=True)
    tc = first.getparent()
    for line in lines:
        p = _p_element(keep_next=True)
        tc.append(p)
        if line:
            _run(p, line)


def _update_fields_on_open(settings: Any) -> None:
    """``<w:updateFields w:val="true"/>`` at its schema position in ``settings.xml``."""
    tag = qn("w:updateFields")
    existing = settings.find(tag)
    if existing is not None:
        existing.set(qn("w:val"), "true")
        return
    element = OxmlElement("w:updateFields", {qn("w:val"): "true"})
    followers = {
        qn(f"w:{name}")
        for name in (
            "hdrShapeDefaults",
            "footnotePr",
            "endnotePr",
            "compat",
            "docVars",
            "rsids",
            "attachedSchema",
            "themeFontLang",
            "clrSchemeMapping",
            "doNotIncludeSubdocsInStats",
            "doNotAutoCompressPictures",
            "forceUpgrade",
            "captions",
            "readModeInkLockDown",
            "smartTagType",
            "schemaLibrary",
            "shapeDefaults",
            "doNotEmbedSmartTags",
            "decimalSymbol",
            "listSeparator",
        )
    }
    followers.add(qn("m:mathPr"))
    follower = next((child for child in settings if child.tag in followers), None)
    if follower is not None:
        follower.addprevious(element)
    else:
        settings.append(element)


def _bookmark_names(assembly: Assembly) -> dict[str, str]:
    """Anchor -> Word bookmark name: a letter first, [A-Za-z0-9_], at most 40, unique."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for section in assembly.sections():
        if section.anchor in names:
            continue
        base = _BOOKMARK_CHARS.sub("_", section.anchor)
        if not base[:1].isalpha() or not base[:1].isascii():
            base = f"s{base}"
        base = base[:_BOOKMARK_MAX]
        name, n = base, 2
        while name.lower() in used:  # Word compares bookmark names case-insensitively
            suffix = f"_{n}"
            name, n = base[: _BOOKMARK_MAX - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names[section.anchor] = name
    return names


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _stamp(value: date | None) -> datetime:
    day = value or date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _normalise_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so equal input gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
