"""Assembly -> DOCX: the same structure and order as the HTML renderer, built for Word.

What makes it a Word document a lawyer can work on rather than a printout:

* article and section headings use Heading 1 / Heading 2 and real multi-level automatic
  numbering (``numbering.xml``); the numbers are never typed into the text;
* every section heading carries a bookmark; cross-references are ``REF`` fields to it, so they
  follow when clauses are added or moved;
* every field carries the result a reader must see, so the file is complete in any word
  processor without updating fields (and does not ask to update them on open): the ``TOC``
  field holds its entries (numbers and titles, hyperlinked to the headings' bookmarks, no
  page numbers: we cannot know where another program breaks the pages, and the PDF's
  contents have none either, so the instruction says ``\n``), a ``REF`` to a numbered
  heading shows its number (``\r``) and one to an unnumbered heading (a schedule) the
  bookmarked text ("Schedule 1"); ``PAGE`` / ``NUMPAGES`` in the footer are computed by
  every renderer at layout;
* table columns are as wide as their content needs (no word broken across lines), and the
  page, margins and contents page follow the PDF's layout;
* list items are numbered paragraphs ((a), (i)), tables are real tables with a repeating
  header row, missing decisions are highlighted in yellow.

Everything from the spec goes in as text runs, XML-escaped by ``_esc`` (``& < > "``);
characters that XML 1.0 cannot hold are dropped first. The output is deterministic: fixed
document properties and fixed timestamps inside the ZIP.
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
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Twips
from lxml import etree

from .. import __version__
from ..build.model import Assembly, Block, Gap, Section, Span
from ..spec.fingerprint import KIND_PROPERTY, SPEC_PROPERTY, VERSION_PROPERTY, spec_fingerprint
from ..spec.model import Party

__all__ = ["render_docx"]

# Characters XML 1.0 cannot contain (lxml refuses them): C0 controls except tab, LF, CR,
# lone surrogates and the two non-characters U+FFFE / U+FFFF.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")
_BOOKMARK_MAX = 40
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_LINE = "______________________________"

_INDENT = 720  # twips: half an inch, the indent step of every numbered level
# the PDF's page margins (assets/agreement.css: 25 mm top and bottom, 22 mm at the sides)
_MARGIN_TB, _MARGIN_LR = 1417, 1247
# Word's TOC: outline levels 1-2, hyperlinked entries, no page numbers (\n; see the module doc)
_TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\n \\u'
_TOC_PAGED = 'TOC \\o "1-2" \\h \\u'  # with page numbers, for builds that update on open
_TOC_STYLES = (  # (style id, name, left indent): the number hangs in the first half inch
    ("TOC1", "toc 1", _INDENT),
    ("TOC2", "toc 2", 2 * _INDENT),
)
# body text as the PDF sets it: 10.5 pt, 7 pt (2.5 mm) after each paragraph
_FONT_HALF_POINTS = 21
_SPACE_AFTER = 140


def clean(text: str) -> str:
    """``text`` without the characters that XML 1.0 (and so Word) cannot hold."""
    return _INVALID_XML.sub("", text)


@cache
def _template() -> bytes:
    """A lean copy of python-docx's default template, made once per process.

    Its ``styles.xml`` spells out every built-in Word style (438 KB) and
    ``stylesWithEffects.xml`` (a Word 2010 extra) repeats it: parsing, serialising and
    deflating them was a third of every render. We keep the styles our documents use, what
    they are based on, linked to or followed by, and the defaults; Word and LibreOffice add
    any other built-in style on demand from the latent style table, which stays. The fixed
    style tweaks (black headings and their sizes) are made here once as well.
    """
    source = files("docx").joinpath("templates/default.docx").read_bytes()
    doc = Document(io.BytesIO(source))
    black = RGBColor(0, 0, 0)
    for name, size in (("Title", 20), ("Heading 1", 13), ("Heading 2", 11)):
        font = doc.styles[name].font
        font.color.rgb = black
        font.size = Pt(size)
    doc.styles["Table Grid"].font.size = Pt(_TABLE_PT)  # as the PDF's tables
    used = {doc.styles[name].style_id for name in _STYLE_NAMES}
    _prune_styles(doc.styles.element, used | set(_HEADER_FOOTER_STYLES))
    _body_defaults(doc.styles.element)
    for style_id, name, left in _TOC_STYLES:
        doc.styles.element.append(parse_xml(_toc_style_xml(style_id, name, left)))
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
    return _save_package(doc)


_HEADER_FOOTER_STYLES = ("Header", "Footer")  # style ids python-docx's header and footer use


def _prune_styles(styles: Any, keep: set[str]) -> None:
    """Remove every style but ``keep``, the defaults, and the styles those refer to."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    wanted = set(keep) | {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    todo = list(wanted)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag))
            target = ref.get(qn("w:val")) if ref is not None else None
            if target and target not in wanted:
                wanted.add(target)
                todo.append(target)
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)


def _body_defaults(styles: Any) -> None:
    """The document defaults at the PDF's body size and paragraph spacing."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        for tag in ("w:sz", "w:szCs"):
            size = rpr.find(qn(tag))
            if size is not None:
                size.set(qn("w:val"), str(_FONT_HALF_POINTS))
    spacing = (
        defaults.find(f".//{qn('w:pPrDefault')}//{qn('w:spacing')}")
        if defaults is not None
        else None
    )
    if spacing is not None:
        spacing.set(qn("w:after"), str(_SPACE_AFTER))


def _toc_style_xml(style_id: str, name: str, left: int) -> str:
    """Word's built-in "toc N" paragraph style: the number, a tab, the title aligned after it."""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>'
        f'<w:spacing w:after="40"/><w:ind w:left="{left}" w:hanging="{_INDENT}"/></w:pPr>'
        "</w:style>"
    )


def render_docx(assembly: Assembly, update_fields: bool = False) -> bytes:
    """The agreement as a ``.docx`` file (bytes), deterministic for a given assembly.

    Every field holds what it computes, so the file reads complete anywhere without an
    update. ``update_fields`` is for those who want Word's own page numbers in the
    contents: Word then asks to update fields on opening (and fills them in); other
    programs show the contents as written, without page numbers.
    """
    writer = _Writer(assembly, update_fields)
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

# The body is written as WordprocessingML text and parsed once: building tens of thousands of
# elements one lxml call at a time (let alone through python-docx's "get or add child in
# schema order" machinery) cost more than everything else on a long agreement. Every value is
# escaped here; lxml then checks the whole body is well-formed when it parses it.
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _esc(text: str) -> str:
    return text.translate(_ESCAPES)


def _run_xml(
    text: str, bold: bool = False, highlight: bool = False, size: float | None = None
) -> str:
    """A text run; tabs and line breaks become ``w:tab`` / ``w:br``."""
    out = ["<w:r>"]
    if bold or highlight or size:
        out.append("<w:rPr>")
        if bold:
            out.append("<w:b/>")
        if size:
            out.append(f'<w:sz w:val="{round(size * 2)}"/>')
        if highlight:
            out.append('<w:highlight w:val="yellow"/>')
        out.append("</w:rPr>")
    # printable text has no tab, break or character XML refuses: the common case, no regex
    for piece in (text,) if text.isprintable() else _BREAKS.split(clean(text)):
        if not piece:
            continue
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            out.append("<w:br/>")
        elif piece != piece.strip():
            out.append(f'<w:t xml:space="preserve">{_esc(piece)}</w:t>')
        else:
            out.append(f"<w:t>{_esc(piece)}</w:t>")
    out.append("</w:r>")
    return "".join(out)


def _fld_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _field_start(instruction: str) -> str:
    """A complex field up to its result: begin / instrText / separate."""
    return (
        _fld_char("begin")
        + f'<w:r><w:instrText xml:space="preserve"> {_esc(instruction)} </w:instrText></w:r>'
        + _fld_char("separate")
    )


def _field_xml(instruction: str, cached: str, bold: bool = False, size: float | None = None) -> str:
    """A complex field: begin / instrText / separate / the result it shows / end.

    Never flagged dirty: ``cached`` is what the field computes, so the file reads the same
    in a program that never updates fields.
    """
    return _field_start(instruction) + _run_xml(cached, bold, size=size) + _fld_char("end")


# the w:settings children that come after w:updateFields in the schema's sequence (Word
# refuses a settings part whose children are out of order)
_AFTER_UPDATE_FIELDS = [
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
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
]


def _ask_to_update_fields(settings: Any) -> None:
    """``w:updateFields`` in its place in ``w:settings``."""
    element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in later:
            child.addprevious(element)
            return
    settings.append(element)


def _toc_xml(
    entries: Sequence[tuple[int, str, str, str]],
    styles: Sequence[str],
    instruction: str = _TOC_INSTRUCTION,
) -> str:
    """The TOC field with its result written out: one paragraph per ``(level, number, title,
    bookmark)`` entry, as Word writes it (the field begins in the first paragraph and ends
    in the last); each entry is a hyperlink to its heading's bookmark."""
    if not entries:
        return _p_xml(_field_xml(instruction, "No table of contents entries found."))
    out = []
    for index, (level, number, title, bookmark) in enumerate(entries):
        runs = (_run_xml(number) + "<w:r><w:tab/></w:r>" if number else "") + _run_xml(title)
        link = f'<w:hyperlink w:anchor="{_esc(bookmark)}" w:history="1">{runs}</w:hyperlink>'
        begin = _field_start(instruction) if index == 0 else ""
        end = _fld_char("end") if index == len(entries) - 1 else ""
        out.append(_p_xml(begin + link + end, styles[min(level, len(styles)) - 1]))
    return "".join(out)


def _p_xml(
    content: str = "",
    style: str | None = None,
    keep_next: bool = False,
    page_break: bool = False,
    num: tuple[int, int] | None = None,
    indent: int | None = None,
    align: str | None = None,
) -> str:
    """A ``w:p`` with its properties in schema order (``num`` is ``(numId, ilvl)``)."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{_esc(style)}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break:
        props.append("<w:pageBreakBefore/>")
    if num:
        props.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    if indent is not None:
        props.append(f'<w:ind w:left="{indent}"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>" if ppr or content else "<w:p/>"


def _table_xml(
    widths: Sequence[int],
    cells: Sequence[Sequence[str]],
    style: str | None,
    indent: int = 0,
    header: bool = False,
) -> str:
    """A ``w:tbl`` with fixed column widths (twips); ``cells`` hold each cell's paragraphs."""
    out = ["<w:tbl><w:tblPr>"]
    if style:
        out.append(f'<w:tblStyle w:val="{_esc(style)}"/>')
    out.append(f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>')
    if indent:
        out.append(f'<w:tblInd w:w="{indent}" w:type="dxa"/>')
    out.append(
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0"'
        ' w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    )
    out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
    out.append("</w:tblGrid>")
    for index, row in enumerate(cells):
        repeat = "<w:tblHeader/>" if header and index == 0 else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        for width, content in zip(widths, row, strict=True):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _elements(xml: str) -> list[Any]:
    """Parse WordprocessingML fragments (python-docx's element classes) into a list."""
    return list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>"))


def _append_xml(parent: Any, xml: str) -> None:
    for element in _elements(xml):
        parent.append(element)


# ---------------------------------------------------------------- writer


class _Writer:
    def __init__(self, assembly: Assembly, update_fields: bool = False) -> None:
        self.assembly = assembly
        self.update_fields = update_fields
        self.doc: DocxDocument = Document(io.BytesIO(_template()))
        self._end = self.doc.element.body.find(qn("w:sectPr"))  # content goes in before it
        self.numbering = _Numbering(self.doc.part.numbering_part.element)
        self.headings_abstract = self.numbering.abstract(_HEADING_LEVELS)
        self.items_abstract = self.numbering.abstract(_HEADING_LEVELS)
        self.flat_abstract = self.numbering.abstract(_FLAT_LEVELS)
        self.recital_abstract = self.numbering.abstract(_RECITAL_LEVELS)
        self.headings_num = self.numbering.num(self.headings_abstract)
        self.styles = {name: self.doc.styles[name].style_id for name in _STYLE_NAMES}
        self.styles.update((name, style_id) for style_id, name, _ in _TOC_STYLES)
        self.bookmarks = _bookmark_names(assembly)
        self._bookmark_id = 0
        self.text_width = 12240 - 2880  # twips; set from the page size in _setup
        self._body: list[str] = []  # the body's blocks as WordprocessingML, parsed once
        self._last_is_table = False
        self._break_next = False  # the next block starts a page (after the contents)
        self._toc_at: int | None = None  # where in _body the contents go, once known
        self._toc_entries: list[tuple[int, str, str, str]] = []  # level, number, title, bookmark
        self._unnumbered = {schedule.anchor for schedule in assembly.schedules}

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
            # the bookmark holds "Schedule 1" only: what a REF to the schedule shows
            title = f": {schedule.title}"  # "Schedule 1: Title", as in the PDF
            heading = self._bookmarked(schedule.anchor, schedule.number) + _run_xml(title)
            self._toc_entry(1, "", schedule.number + title, schedule.anchor)
            self._para(style="Heading 1", page_break=True, runs=heading)
            self._blocks(schedule.blocks, clause=False)
        if assembly.gaps:
            self._open_items(assembly.gaps)
        if self._last_is_table or not self._body:  # Word wants a paragraph after a table
            self._para()
        if self._toc_at is not None:
            self._body[self._toc_at] = _toc_xml(
                self._toc_entries,
                (self.styles["toc 1"], self.styles["toc 2"]),
                _TOC_PAGED if self.update_fields else _TOC_INSTRUCTION,
            )
        if self.update_fields:
            _ask_to_update_fields(self.doc.settings.element)
        self._insert_body("".join(self._body))
        self.numbering.flush()

    def _insert_body(self, xml: str) -> None:
        """Put the body's blocks in before the final section properties, in one parse.

        Parsing them apart and moving each element over costs time quadratic in the size
        of a large table (lxml fixes the namespaces of every moved node against the new
        tree): 2,000 parties took 12 s. Serialising the document element, splicing the
        blocks in as text and parsing once keeps it linear.
        """
        part = self.doc.part
        root = etree.tostring(part.element, encoding="unicode")
        cut = root.rindex("<w:sectPr")
        part._element = parse_xml(root[:cut] + xml + root[cut:])

    def save(self) -> bytes:
        return _save_package(self.doc)

    # ------------------------------------------------------------ document set-up

    def _setup(self) -> None:
        assembly = self.assembly
        doc = self.doc
        section = doc.sections[0]
        if assembly.letter:
            width, height = 12240, 15840
        else:  # A4
            width, height = 11906, 16838
        section.page_width, section.page_height = Twips(width), Twips(height)
        section.left_margin = section.right_margin = Twips(_MARGIN_LR)
        section.top_margin = section.bottom_margin = Twips(_MARGIN_TB)
        self.text_width = width - 2 * _MARGIN_LR

        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _append_xml(header._p, _run_xml(assembly.title))
        if assembly.draft:  # while open items remain, every page says it is a draft
            draft = header.insert_paragraph_before()
            draft.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _append_xml(draft._p, _run_xml(assembly.draft, bold=True))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _append_xml(
            footer._p,
            _run_xml("Page ")
            + _field_xml("PAGE", "1")
            + _run_xml(" of ")
            + _field_xml("NUMPAGES", "1"),
        )

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
        _custom_properties(doc, build_properties(assembly))

    # ------------------------------------------------------------ parts of the agreement

    def _cover(self) -> None:
        agreement = self.assembly.spec.agreement
        self._para(style="Title", align="center", runs=_run_xml(self.assembly.title))
        if agreement.reference:
            self._para(align="center", runs=_run_xml(f"Reference: {agreement.reference}"))
        # the date is in the cover text ("made on ... (the "Effective Date")"), as in the PDF:
        # a second line of it here made the DOCX differ from the PDF, in en-GB form always
        self._blocks(self.assembly.cover, clause=False)

    def _toc(self) -> None:
        """ "Contents" after the cover, as in the PDF; the entries are written once every
        heading is known (``write``), and what follows starts a new page."""
        self._label("Contents")
        self._toc_at = len(self._body)
        self._add("")
        self._break_next = True

    def _toc_entry(self, level: int, number: str, title: str, anchor: str) -> None:
        name = self.bookmarks.get(anchor)
        if name is not None:
            self._toc_entries.append((level, number, title, name))

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
        heading = self._bookmarked(section.anchor, section.title)
        # the number as the heading numbering shows it ("1." / "1.1"), as Word's TOC copies it
        number = f"{section.number}." if level == 1 else section.number
        self._toc_entry(level, number, section.title, section.anchor)
        self._para(style=f"Heading {level}", num=(self.headings_num, level - 1), runs=heading)
        self._blocks(section.blocks, clause=True)
        for child in section.children:
            self._section(child)

    def _signatures(self) -> None:
        self._label("Signatures", style="Heading 1", page_break=True, anchor=_SIGNATURES)
        self._blocks(self.assembly.execution, clause=False)
        parties = self.assembly.signatories
        if not parties:
            return
        cols = len(parties) if len(parties) <= 2 else 2
        rows = -(-len(parties) // cols)
        widths = _split_width(self.text_width, cols)
        blocks = [_signature_block(party) for party in parties]
        blocks += [_p_xml()] * (rows * cols - len(blocks))
        cells = [blocks[row * cols : (row + 1) * cols] for row in range(rows)]
        self._add(_table_xml(widths, cells, style=None), table=True)

    def _open_items(self, gaps: Sequence[Gap]) -> None:
        self._label("Open Items", style="Heading 1", page_break=True, anchor=_OPEN_ITEMS)
        intro = "The following decisions are missing or inconsistent. Each is marked in the text."
        self._para((Span("text", intro),))
        header = ("Section", "What is missing", "Spec path to fill", "Rule")
        rows = [tuple((Span("text", h),) for h in header)]
        for gap in gaps:
            values = (gap.message, gap.path or "-", gap.reported_as or "")
            where = self.assembly.section_ref(gap.section)  # a REF to the section's number
            rows.append(((where,), *((Span("text", v),) for v in values)))
        self._table(rows)

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

    def _table(self, rows: Sequence[Sequence[Sequence[Span]]], indent: int = 0) -> None:
        cols = max((len(row) for row in rows), default=0)
        if not cols:
            return
        texts = [[_plain(spans) for spans in row] for row in rows]
        room = self.text_width - indent
        points = table_points(texts, room)
        widths = column_widths(texts, room, points)
        size = None if points == _TABLE_PT else points
        cells = [
            [_p_xml(self._spans(spans, bold=index == 0, size=size)) for spans in row]
            + [_p_xml()] * (cols - len(row))
            for index, row in enumerate(rows)
        ]
        style = self.styles["Table Grid"]
        self._add(_table_xml(widths, cells, style, indent, header=True), table=True)

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
        runs: str = "",
    ) -> None:
        """A body paragraph: ``spans`` (or ready ``runs``) with the given properties."""
        content = self._spans(spans) if spans else runs
        style_id = self.styles[style] if style else None
        page_break = page_break or self._break_next
        self._break_next = False
        self._add(_p_xml(content, style_id, keep_next, page_break, num, indent, align))

    def _add(self, xml: str, table: bool = False) -> None:
        if table and self._break_next:  # a table cannot start a page itself
            self._break_next = False
            self._body.append(_p_xml(page_break=True))
        self._body.append(xml)
        self._last_is_table = table

    def _label(
        self, text: str, style: str | None = None, page_break: bool = False, anchor: str = ""
    ) -> None:
        """An unnumbered heading line (a Heading 1 when ``style`` says so, else bold text);
        a Heading 1 is in the contents, as Word's TOC field would list it."""
        if style is None:
            runs = _run_xml(text, bold=True, size=13)
        else:
            runs = self._bookmarked(anchor, text) if anchor else _run_xml(text)
            self._toc_entry(1, "", text, anchor)
        self._para(style=style, page_break=page_break, keep_next=style is None, runs=runs)

    def _bookmarked(self, anchor: str, text: str) -> str:
        name = self.bookmarks.get(anchor)
        if name is None:
            return _run_xml(text)
        self._bookmark_id += 1
        ident = self._bookmark_id
        return (
            f'<w:bookmarkStart w:id="{ident}" w:name="{_esc(name)}"/>'
            + _run_xml(text)
            + f'<w:bookmarkEnd w:id="{ident}"/>'
        )

    def _spans(self, spans: Iterable[Span], bold: bool = False, size: float | None = None) -> str:
        out = []
        for span in spans:
            if span.kind == "defterm":
                out.append(
                    _run_xml("“", bold, size=size)
                    + _run_xml(span.text, True, size=size)
                    + _run_xml("”", bold, size=size)
                )
            elif span.kind == "gap":
                out.append(_run_xml(span.text, bold=True, highlight=True, size=size))
            elif span.kind == "ref":
                out.append(self._ref(span, bold, size))
            else:
                out.append(_run_xml(span.text, bold, size=size))
        return "".join(out)

    def _ref(self, span: Span, bold: bool, size: float | None = None) -> str:
        """``Section `` + REF field + `` (Caption)``, the field showing what it computes.

        To a numbered heading the field is ``REF name \\r`` and shows the paragraph number
        ("12.2"); to an unnumbered one (a schedule, whose bookmark holds "Schedule 1") it is
        ``REF name`` and shows the bookmarked text. A reference whose number is not in its
        text stays plain text: no field result could show it.
        """
        name = self.bookmarks.get(span.target or "")
        number = span.number
        if name is None or not number or number not in span.text:
            return _run_xml(span.text, bold, size=size)
        before, after = span.text.split(number, 1)
        switch = "" if span.target in self._unnumbered else "\\r "
        return (
            (_run_xml(before, bold, size=size) if before else "")
            + _field_xml(f"REF {name} {switch}\\h", number, bold=bold, size=size)
            + (_run_xml(after, bold, size=size) if after else "")
        )


_STYLE_NAMES = ("Title", "Heading 1", "Heading 2", "List Paragraph", "Table Grid")
# pseudo-anchors of the unnumbered Heading 1 lines, bookmarked for the contents' hyperlinks
_SIGNATURES = "#signatures"
_OPEN_ITEMS = "#open-items"


# ---------------------------------------------------------------- helpers


def _split_width(total: int, cols: int) -> list[int]:
    return [total // cols] * cols


# Table text size (points, as agreement.css gives the PDF's tables); a cell's left plus right
# padding (Word's default) with room for its borders, in twips; and the slack a word needs
# beyond its exact width (kerning and rounding in the word processor: LibreOffice breaks a
# word given exactly its width).
_TABLE_PT = 9.5
_CELL_PADDING = 2 * 108 + 30
_SLACK = 1.06
# Advance widths of the printable ASCII characters (space to tilde) in DejaVu Serif and
# DejaVu Serif Bold, in font units (2048 to the em): the face our PDF uses and LibreOffice
# substitutes for the DOCX's theme font. Word's Cambria is narrower, so a width that holds a
# word here holds it there. Other characters count as a digit.
_EM = 2048
_ADVANCE = (
    651,
    823,
    942,
    1716,
    1303,
    1946,
    1823,
    563,
    799,
    799,
    1024,
    1716,
    651,
    692,
    651,
    690,
    1303,
    1303,
    1303,
    1303,
    1303,
    1303,
    1303,
    1303,
    1303,
    1303,
    690,
    690,
    1716,
    1716,
    1716,
    1098,
    2048,
    1479,
    1505,
    1567,
    1642,
    1495,
    1421,
    1636,
    1786,
    809,
    821,
    1530,
    1360,
    2097,
    1792,
    1679,
    1378,
    1679,
    1542,
    1403,
    1366,
    1726,
    1479,
    2105,
    1458,
    1352,
    1423,
    799,
    690,
    799,
    1716,
    1024,
    1024,
    1221,
    1311,
    1147,
    1311,
    1212,
    758,
    1311,
    1319,
    655,
    635,
    1241,
    655,
    1942,
    1319,
    1233,
    1311,
    1311,
    979,
    1051,
    823,
    1319,
    1157,
    1753,
    1155,
    1157,
    1079,
    1303,
    690,
    1303,
    1716,
)
_ADVANCE_BOLD = (
    713,
    899,
    1067,
    1716,
    1425,
    1946,
    1849,
    627,
    969,
    969,
    1071,
    1716,
    713,
    850,
    713,
    748,
    1425,
    1425,
    1425,
    1425,
    1425,
    1425,
    1425,
    1425,
    1425,
    1425,
    756,
    756,
    1716,
    1716,
    1716,
    1200,
    2048,
    1589,
    1731,
    1630,
    1776,
    1561,
    1454,
    1749,
    1935,
    958,
    969,
    1780,
    1440,
    2267,
    1872,
    1784,
    1540,
    1784,
    1702,
    1479,
    1524,
    1786,
    1589,
    2300,
    1589,
    1462,
    1495,
    969,
    748,
    969,
    1716,
    1024,
    1024,
    1327,
    1432,
    1247,
    1432,
    1303,
    881,
    1432,
    1489,
    778,
    741,
    1419,
    778,
    2167,
    1489,
    1366,
    1432,
    1432,
    1079,
    1153,
    946,
    1489,
    1190,
    1763,
    1221,
    1190,
    1163,
    1317,
    745,
    1317,
    1716,
)


def _plain(spans: Sequence[Span]) -> str:
    return "".join(f"“{s.text}”" if s.kind == "defterm" else s.text for s in spans)


def column_widths(
    rows: Sequence[Sequence[str]], total: int, points: float = _TABLE_PT
) -> list[int]:
    """Column widths (twips, summing to ``total``) for a table of cell texts set in
    ``points``, first row the bold header: every column gets at least the width of its
    longest word, so no word is broken across lines, and the rest of the width goes to the
    columns with the most text.

    When even the longest words do not fit, the columns whose longest word is short keep it
    whole and the columns with the longest words (an e-mail address, a URL) share what is
    left, equally up to their need: only the words that could never fit are broken.
    """
    longest, length = _table_units(rows)
    twips = points * 20 * _SLACK / _EM
    least = [int(w * twips + 0.999) + _CELL_PADDING for w in longest]
    wanted = [int(n * twips + 0.999) + _CELL_PADDING for n in length]
    if not least:
        return []
    if sum(least) >= total:
        widths = _water_fill(least, total)
    elif sum(wanted) <= total:  # everything fits on one line: share the rest alike
        widths = [int(total * w / sum(wanted)) for w in wanted]
    else:  # longest words first, the rest in proportion to the text still to place
        spare = total - sum(least)
        extra = [w - m for w, m in zip(wanted, least, strict=True)]
        widths = [m + int(spare * e / sum(extra)) for m, e in zip(least, extra, strict=True)]
    widths[-1] += total - sum(widths)  # rounding: the columns fill the width exactly
    return widths


def table_points(rows: Sequence[Sequence[str]], total: int) -> float:
    """The text size for a table: the PDF's table size when every column's longest word fits
    side by side in ``total`` twips, else the largest smaller size (down to 8 pt) at which
    they do, so a six-column table of names in capitals keeps its words whole. E-mail
    addresses and URLs do not count: they are broken at any size, and nothing else should
    shrink for them."""
    longest, _ = _table_units(rows, addresses=False)
    room = total - _CELL_PADDING * len(longest)
    for points in (_TABLE_PT, 9.0, 8.5):
        if sum(longest) * points * 20 * _SLACK / _EM <= room:
            return points
    return 8.0


def _table_units(
    rows: Sequence[Sequence[str]], addresses: bool = True
) -> tuple[list[int], list[int]]:
    """Per column, in font units: its longest unbreakable piece of text (a word, or the part
    of a hyphenated word up to its hyphen, where a line may break) and its longest cell;
    without e-mail addresses and URLs when ``addresses`` is false."""
    cols = max((len(row) for row in rows), default=0)
    longest = [0] * cols
    length = [0] * cols
    for index, row in enumerate(rows):
        advance = _ADVANCE_BOLD if index == 0 else _ADVANCE
        for col, text in enumerate(row):
            pieces = (
                piece
                for word in text.split()
                if addresses or not ("@" in word or "://" in word)
                for piece in _BREAK_AFTER.findall(word)
            )
            word = max((_units(piece, advance) for piece in pieces), default=0)
            longest[col] = max(longest[col], word)
            length[col] = max(length[col], _units(text, advance))
    return longest, length


# a word's pieces between the places a line may break inside it (after a hyphen or slash)
_BREAK_AFTER = re.compile(r"[^-/]*[-/]|[^-/]+")


def _units(text: str, advance: Sequence[int]) -> int:
    """Printed width of ``text`` in font units."""
    digit = advance[16]
    return sum(advance[o - 32] if 32 <= (o := ord(c)) < 127 else digit for c in text)


def _water_fill(need: list[int], total: int) -> list[int]:
    """Each column ``min(need, level)``, the level chosen so the widths sum to ``total``."""
    remaining, left = total, len(need)
    level = total // left
    for width in sorted(need):
        if width > remaining // left:
            level = remaining // left
            break
        remaining -= width
        left -= 1
    return [min(width, level) for width in need]


def _signature_block(party: Party) -> str:
    """Legal name, then By / Name / Title / Date lines: the paragraphs of one table cell."""
    signatory = party.signatory
    lines = (
        "",
        f"By: {_LINE}",
        f"Name: {signatory.name if signatory else _LINE}",
        f"Title: {(signatory.title if signatory else None) or _LINE}",
        f"Date: {_LINE}",
    )
    first = _p_xml(_run_xml(party.legal_name, bold=True), keep_next=True)
    return first + "".join(_p_xml(_run_xml(line) if line else "", keep_next=True) for line in lines)


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
    for anchor, name in ((_SIGNATURES, "Signatures"), (_OPEN_ITEMS, "Open_Items")):
        base, n = name, 2
        while name.lower() in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name.lower())
        names[anchor] = name
    return names


def build_properties(assembly: Assembly) -> list[tuple[str, str]]:
    """What a built file records about where it came from: the spec's fingerprint, the
    kind and the tool's version (``presign --spec`` reads them back)."""
    spec = assembly.spec
    return [
        (SPEC_PROPERTY, spec_fingerprint(spec)),
        (KIND_PROPERTY, clean(spec.kind)),
        (VERSION_PROPERTY, __version__),
    ]


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one FMTID Word uses for them
_CUSTOM_PART = "/docProps/custom.xml"


def _custom_properties(doc: DocxDocument, properties: Sequence[tuple[str, str]]) -> None:
    """Write ``docProps/custom.xml`` (Word's File > Properties > Custom) with text properties,
    and relate it to the package; python-docx has no API for custom properties."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, text) in enumerate(properties, start=2):  # pid 0 and 1 are reserved
        prop = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = clean(text)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package  # python-docx's default template has no custom properties
    part = Part(PackURI(_CUSTOM_PART), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _stamp(value: date | None) -> datetime:
    day = value or date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


_PACKAGE_STEPS = ("content_types_stream", "pkg_rels", "parts")  # PackageWriter.write's steps


def _save_package(doc: DocxDocument) -> bytes:
    """The package, written once with fixed member timestamps (equal input, equal bytes).

    python-docx's own ``save`` stamps members with the current time, and re-packing its
    output to fix that deflated everything twice. Its ``PackageWriter`` steps are fed our
    writer instead; if a python-docx release renames them, the slower save-and-repack path
    is used.
    """
    from docx.opc.pkgwriter import PackageWriter

    steps: list[Any] = [getattr(PackageWriter, f"_write_{name}", None) for name in _PACKAGE_STEPS]
    if None in steps:  # pragma: no cover - a future python-docx
        raw = io.BytesIO()
        doc.save(raw)
        return _normalise_zip(raw.getvalue())
    content_types, package_rels, parts_and_rels = steps
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _FixedTimeWriter(archive)
        content_types(writer, parts)
        package_rels(writer, package.rels)
        parts_and_rels(writer, parts)
    return out.getvalue()


class _FixedTimeWriter:
    """python-docx's physical package writer protocol, with fixed member timestamps."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.archive.writestr(_member(pack_uri.membername), blob)


def _member(name: str) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o600 << 16
    return member


def _normalise_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so equal input gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(_member(info.filename), source.read(info.filename))
    return out.getvalue()
