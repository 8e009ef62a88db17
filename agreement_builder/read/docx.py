"""DOCX: checked as a ZIP first, then the WordprocessingML walked with a hardened lxml parser.

Word keeps automatic numbers out of the text; they are resolved here from ``numbering.xml``
and the paragraph styles, and put in front of the paragraph text (as Word shows them) and in
``TextBlock.number``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..core.errors import InputError
from ..core.limits import DEFAULT, ZIP_RATIO_FLOOR, Limits, check_text
from .model import HiddenText, SourceDocument, TextBlock, capped, hidden_text
from .text import looks_like_heading

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = f"{{{W_NS}}}"
MAIN_PART = "word/document.xml"
_OFFICE_DOC_REL = re.compile(r"/officeDocument$")
_HEADING_STYLE = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)
_WORDS = re.compile(r"\S+")
_HEADING_WORDS = 12

_BODY_SKIP = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}instrText",
    f"{W}delInstrText",
    f"{W}txbxContent",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}fldData",
    f"{{{MC_NS}}}Choice",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


# ---------------------------------------------------------------- the package


def _check_zip(where: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a ZIP by its central directory, before anything is decompressed."""
    members = archive.infolist()
    if len(members) > limits.zip_max_members:
        raise InputError(
            where,
            f"not a usable DOCX: {len(members)} ZIP members (limit {limits.zip_max_members})",
            "raise [limits] zip_max_members if this really is a Word file",
        )
    total = 0
    for info in members:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:", name):
            raise InputError(where, f"unsafe ZIP member name {name!r}; refusing to read the file")
        total += info.file_size
        if info.file_size > ZIP_RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.zip_max_ratio:
                raise InputError(
                    where,
                    f"ZIP member {name!r} expands {ratio:.0f}:1 (a zip bomb?); refusing to read it",
                    f"the limit is {limits.zip_max_ratio}:1 ([limits] zip_max_ratio)",
                )
    if total > limits.zip_max_total:
        raise InputError(
            where,
            f"DOCX expands to {total // (1024 * 1024)} MB "
            f"(limit {limits.zip_max_expanded_mb} MB); refusing to read it (a zip bomb?)",
            "raise [limits] zip_max_expanded_mb if this really is a Word file",
        )


def _read_member(
    where: str, archive: zipfile.ZipFile, name: str, limits: Limits = DEFAULT
) -> bytes:
    """A member's bytes, never more than the limit whatever the ZIP header claims."""
    cap = limits.xml_max_part
    try:
        with archive.open(name) as handle:
            data = handle.read(cap + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise InputError(
            where, f"corrupt DOCX: cannot read {name} ({exc})", "open and re-save it in Word"
        ) from None
    except NotImplementedError:
        raise InputError(where, f"{name} uses an unsupported ZIP compression") from None
    except RuntimeError as exc:  # encrypted member
        raise InputError(where, f"cannot read {name} ({exc})") from None
    if len(data) > cap:
        raise InputError(
            where,
            f"{name} is larger than {limits.xml_max_part_mb} MB",
            "raise [limits] xml_max_part_mb if this really is a Word file",
        )
    return data


_DOCTYPE = re.compile(rb"<!DOCTYPE|<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E")


def _parse(where: str, name: str, data: bytes) -> etree._Element:
    if _DOCTYPE.search(data, 0, 65536):  # before parsing: no entity is ever declared
        raise InputError(
            where, f"{name} contains a DOCTYPE (Word never writes one); refusing to read it"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(
            where,
            f"corrupt DOCX: {name} is not well-formed XML ({exc})",
            "open and re-save it in Word",
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(
            where, f"{name} contains a DOCTYPE (Word never writes one); refusing to read it"
        )
    if isinstance(root.tag, str) and root.tag.startswith(f"{{{STRICT_NS}}}"):
        raise InputError(
            where,
            "strict OOXML is not supported; save as a standard .docx",
            "in Word: File > Save As > Word Document (*.docx)",
        )
    return root


def _main_part(where: str, archive: zipfile.ZipFile, names: set[str]) -> str:
    if MAIN_PART in names:
        return MAIN_PART
    if "_rels/.rels" in names:
        rels = _parse(where, "_rels/.rels", _read_member(where, archive, "_rels/.rels"))
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if _OFFICE_DOC_REL.search(rel.get("Type", "")):
                if "purl.oclc.org" in rel.get("Type", ""):
                    raise InputError(
                        where,
                        "strict OOXML is not supported; save as a standard .docx",
                        "in Word: File > Save As > Word Document (*.docx)",
                    )
                target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
                if target in names and target.endswith(".xml"):
                    return target
    raise InputError(
        where,
        "not a Word document: the ZIP has no word/document.xml",
        "pass a .docx, .pdf, .txt or .md file",
    )


def _related(
    where: str, archive: zipfile.ZipFile, names: set[str], main: str
) -> dict[str, list[str]]:
    """Header, footer, footnote, numbering and styles parts by relationship type."""
    folder = posixpath.dirname(main)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    found: dict[str, list[str]] = {}
    if rels_name in names:
        rels = _parse(where, rels_name, _read_member(where, archive, rels_name))
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            path = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            if path in names:
                found.setdefault(kind, []).append(path)
    else:
        for kind in ("numbering", "styles", "footnotes"):
            candidate = posixpath.join(folder, f"{kind}.xml")
            if candidate in names:
                found[kind] = [candidate]
        for kind in ("header", "footer"):
            found[kind] = sorted(n for n in names if re.fullmatch(rf"word/{kind}\d*\.xml", n))
    for kind in found:
        found[kind] = sorted(set(found[kind]), key=_natural)
    return found


def _natural(name: str) -> tuple[str, int]:
    match = re.search(r"(\d+)\.xml$", name)
    return (name[: match.start()] if match else name, int(match.group(1)) if match else 0)


# ---------------------------------------------------------------- styles and numbering


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    bold: bool | None = None
    hidden: bool | None = None  # w:vanish in the style's run properties


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_link: dict[str, str] = field(default_factory=dict)  # abstract id -> numStyleLink
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, _Level | int]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)


def _val(element: etree._Element | None, name: str = "val") -> str | None:
    if element is None:
        return None
    value = element.get(f"{W}{name}")
    return value if isinstance(value, str) else None


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return _val(element) not in ("0", "false", "off")


@dataclass
class _Hiding:
    """What Word hides (``w:vanish``): by default, per character style, per paragraph style."""

    default: bool = False  # w:docDefaults/w:rPrDefault
    characters: dict[str, bool] = field(default_factory=dict)  # character style id -> hidden


def _load_hiding(root: etree._Element | None) -> _Hiding:
    hiding = _Hiding()
    if root is None:
        return hiding
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None:
        hiding.default = bool(_on(defaults.find(f"{W}vanish")))
    chars: dict[str, _Style] = {}
    for node in root.iter(f"{W}style"):
        if node.get(f"{W}type") == "character":
            rpr = node.find(f"{W}rPr")
            chars[node.get(f"{W}styleId") or ""] = _Style(
                based_on=_val(node.find(f"{W}basedOn")),
                hidden=_on(rpr.find(f"{W}vanish")) if rpr is not None else None,
            )
    for style_id in chars:
        hidden = _resolved(chars, style_id).hidden
        if hidden is not None:
            hiding.characters[style_id] = hidden
    return hiding


def _load_styles(root: etree._Element | None) -> tuple[dict[str, _Style], str | None]:
    styles: dict[str, _Style] = {}
    default: str | None = None
    if root is None:
        return styles, default
    for node in root.iter(f"{W}style"):
        if node.get(f"{W}type") not in (None, "paragraph"):
            continue
        style_id = node.get(f"{W}styleId") or ""
        style = _Style(name=_val(node.find(f"{W}name")) or style_id)
        style.based_on = _val(node.find(f"{W}basedOn"))
        ppr = node.find(f"{W}pPr")
        if ppr is not None:
            numpr = ppr.find(f"{W}numPr")
            if numpr is not None:
                style.num_id = _val(numpr.find(f"{W}numId"))
                style.ilvl = _int(_val(numpr.find(f"{W}ilvl")))
            style.outline = _int(_val(ppr.find(f"{W}outlineLvl")))
        rpr = node.find(f"{W}rPr")
        if rpr is not None:
            style.bold = _on(rpr.find(f"{W}b"))
            style.hidden = _on(rpr.find(f"{W}vanish"))
        styles[style_id] = style
        if node.get(f"{W}default") in ("1", "true"):
            default = style_id
    return styles, default


def _resolved(styles: dict[str, _Style], style_id: str | None) -> _Style:
    """A style with its basedOn chain folded in (bounded against loops)."""
    out = _Style()
    seen: set[str] = set()
    chain: list[_Style] = []
    while style_id and style_id in styles and style_id not in seen and len(seen) < 32:
        seen.add(style_id)
        chain.append(styles[style_id])
        style_id = styles[style_id].based_on
    if chain:
        out.name = chain[0].name
    for style in chain:
        if out.num_id is None:
            out.num_id = style.num_id
        if out.ilvl is None:
            out.ilvl = style.ilvl
        if out.outline is None:
            out.outline = style.outline
        if out.bold is None:
            out.bold = style.bold
        if out.hidden is None:
            out.hidden = style.hidden
    return out


def _read_level(node: etree._Element) -> _Level:
    return _Level(
        start=_int(_val(node.find(f"{W}start")), 1) or 0,
        fmt=_val(node.find(f"{W}numFmt")) or "decimal",
        text=_val(node.find(f"{W}lvlText")) or "",
        restart=_int(_val(node.find(f"{W}lvlRestart"))),
        legal=bool(_on(node.find(f"{W}isLgl"))),
        suffix=_val(node.find(f"{W}suff")) or "tab",
        style=_val(node.find(f"{W}pStyle")),
    )


def _load_numbering(root: etree._Element | None) -> _Numbering:
    numbering = _Numbering()
    if root is None:
        return numbering
    for node in root.iter(f"{W}abstractNum"):
        aid = node.get(f"{W}abstractNumId") or ""
        levels: dict[int, _Level] = {}
        for lvl in node.iter(f"{W}lvl"):
            ilvl = _int(lvl.get(f"{W}ilvl"))
            if ilvl is not None and 0 <= ilvl <= 8:
                levels[ilvl] = _read_level(lvl)
        numbering.abstract[aid] = levels
        link = _val(node.find(f"{W}numStyleLink"))
        if link:
            numbering.style_link[aid] = link
    for node in root.iter(f"{W}num"):
        nid = node.get(f"{W}numId") or ""
        numbering.nums[nid] = _val(node.find(f"{W}abstractNumId")) or ""
        overrides: dict[int, _Level | int] = {}
        for override in node.iter(f"{W}lvlOverride"):
            ilvl = _int(override.get(f"{W}ilvl"))
            if ilvl is None or not 0 <= ilvl <= 8:
                continue
            lvl = override.find(f"{W}lvl")
            if lvl is not None:
                overrides[ilvl] = _read_level(lvl)
            start = _int(_val(override.find(f"{W}startOverride")))
            if start is not None and lvl is None:
                overrides[ilvl] = start
        if overrides:
            numbering.overrides[nid] = overrides
    return numbering


def _to_letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter.upper() if upper else letter


def _to_roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, digits in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(digits * count)
    text = "".join(out)
    return text.upper() if upper else text


def _label_size(n: int, fmt: str) -> int:
    """The length of ``_format(n, fmt)``, known before the label is built."""
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        return (n - 1) // 26 + 1  # "a" .. "z", "aa" .. "zz", ...: the letter repeats
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        return 15  # the longest: MMMDCCCLXXXVIII
    return len(str(n)) + 1  # decimal (with a zero or a sign)


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _to_letters(n, False)
    if fmt == "upperLetter":
        return _to_letters(n, True)
    if fmt == "lowerRoman":
        return _to_roman(n, False)
    if fmt == "upperRoman":
        return _to_roman(n, True)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numberer:
    def __init__(
        self,
        numbering: _Numbering,
        styles: dict[str, _Style],
        where: str = "",
        max_label: int = DEFAULT.docx_max_label_chars,
    ) -> None:
        self.numbering = numbering
        self.styles = styles
        self.where = where
        self.max_label = max_label
        self.style_levels: dict[tuple[str, str], int] = {}
        for aid, levels in numbering.abstract.items():
            for ilvl, level in levels.items():
                if level.style:
                    self.style_levels[(aid, level.style)] = ilvl

    def _abstract(self, num_id: str) -> str | None:
        aid = self.numbering.nums.get(num_id)
        for _ in range(4):  # numStyleLink -> style -> numId -> abstractNum
            if aid is None or aid not in self.numbering.style_link:
                break
            style = _resolved(self.styles, self.numbering.style_link[aid])
            aid = self.numbering.nums.get(style.num_id or "")
        return aid if aid in self.numbering.abstract else None

    def _level(self, num_id: str, aid: str, ilvl: int) -> _Level:
        override = self.numbering.overrides.get(num_id, {}).get(ilvl)
        if isinstance(override, _Level):
            return override
        base = self.numbering.abstract[aid].get(ilvl, _Level(text=f"%{ilvl + 1}."))
        if isinstance(override, int):
            return _Level(override, base.fmt, base.text, base.restart, base.legal, base.suffix)
        return base

    def number(
        self, num_id: str | None, ilvl: int | None, style_id: str | None
    ) -> tuple[str, str] | None:
        """(number, suffix) for a paragraph, advancing the counters; None if not numbered."""
        if not num_id or num_id == "0":
            return None
        aid = self._abstract(num_id)
        if aid is None:
            return None
        if ilvl is None:
            ilvl = self.style_levels.get((aid, style_id or ""), 0)
        ilvl = min(max(ilvl, 0), 8)
        # Lists that share an abstract definition continue each other unless one restarts.
        key = f"n{num_id}" if num_id in self.numbering.overrides else f"a{aid}"
        counters = self.numbering.counters.setdefault(key, [None] * 9)
        level = self._level(num_id, aid, ilvl)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = self._level(num_id, aid, deeper).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                counters[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return None
        # The label is measured before it is built: letter numbering at a huge w:start, or a
        # long lvlText repeating %1, would otherwise make megabytes per paragraph.
        size = len(level.text)
        self._check_label(size, num_id, ilvl)

        def fill(match: re.Match[str]) -> str:
            nonlocal size
            index = int(match.group(1)) - 1
            if not 0 <= index <= 8:
                return ""
            ref = self._level(num_id, aid, index)
            value = counters[index]
            if value is None:
                value = ref.start
            fmt = "decimal" if level.legal else ref.fmt
            size += _label_size(value, fmt)
            self._check_label(size, num_id, ilvl)
            return _format(value, fmt)

        text = re.sub(r"%([1-9])", fill, level.text).strip()
        return (text, level.suffix) if text else None

    def _check_label(self, size: int, num_id: str, ilvl: int) -> None:
        if size > self.max_label:
            raise InputError(
                self.where,
                f"list numbering (numId {num_id[:20]}, level {ilvl}) makes a label of more than "
                f"{self.max_label:,} characters (a huge w:start or a long w:lvlText); "
                "refusing to read it",
                "fix the list numbering in Word, or raise [limits] docx_max_label_chars",
            )


# ---------------------------------------------------------------- walking the XML


@dataclass
class _Para:
    text: str
    style: _Style
    style_id: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None
    bold: bool
    hidden: str = ""  # the paragraph's text Word hides (w:vanish)


def _run_hidden(rpr: etree._Element | None, hiding: _Hiding, base: bool) -> bool:
    """Whether a run is hidden: its own w:vanish, else its character style's, else ``base``
    (the paragraph style's, else the document default)."""
    if rpr is None:
        return base
    direct = _on(rpr.find(f"{W}vanish"))
    if direct is not None:
        return direct
    style = _val(rpr.find(f"{W}rStyle"))
    return hiding.characters.get(style or "", base)


def _paragraph_text(
    para: etree._Element, hiding: _Hiding | None = None, base_hidden: bool = False
) -> tuple[str, bool, str]:
    """The visible text of a ``w:p``, whether all of it is bold (direct formatting), and the
    text Word hides (``w:vanish``, directly or through a style)."""
    hiding = hiding or _Hiding()
    pieces: list[str] = []
    hidden_pieces: list[str] = []
    bold_chars = 0
    plain_chars = 0
    stack: list[tuple[etree._Element, bool | None, bool]] = [
        (child, None, base_hidden) for child in reversed(para)
    ]
    while stack:
        node, run_bold, run_hidden = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _BODY_SKIP:
            continue
        if run_hidden and tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
            hidden_pieces.append(node.text or "" if tag == f"{W}t" else " ")
            continue
        if tag == f"{W}t":
            text = node.text or ""
            pieces.append(text)
            if text.strip():
                if run_bold:
                    bold_chars += len(text)
                else:
                    plain_chars += len(text)
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            pieces.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if node.get(f"{W}type") not in ("page", "column"):
                pieces.append("\n")
        elif tag == f"{W}noBreakHyphen":
            pieces.append("-")
        elif tag == f"{W}p":
            continue  # a paragraph nested in a drawing or text box
        else:
            if tag == f"{W}r":
                rpr = node.find(f"{W}rPr")
                bold = _on(rpr.find(f"{W}b")) if rpr is not None else None
                run_bold = bold if bold is not None else False
                run_hidden = _run_hidden(rpr, hiding, base_hidden)
            stack.extend((child, run_bold, run_hidden) for child in reversed(node))
    text = "".join(pieces).replace("\u00ad", "").replace("\x00", "")
    hidden = "".join(hidden_pieces).replace("\u00ad", "").replace("\x00", "")
    return text, bold_chars > 0 and plain_chars == 0, hidden.strip()


_CHOICE = f"{{{MC_NS}}}Choice"
_FALLBACK = f"{{{MC_NS}}}Fallback"
_TEXT_BOX = f"{W}txbxContent"


def _text_boxes(para: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in a paragraph (not those nested in another text box, nor the
    DrawingML copy of a box that also has a VML fallback: each box is read once)."""
    boxes = []
    for box in para.iter(_TEXT_BOX):
        parent = box.getparent()
        while parent is not None and parent is not para:
            if parent.tag in (_TEXT_BOX, f"{W}del", f"{W}moveFrom") or (
                parent.tag == _CHOICE and parent.getparent().find(_FALLBACK) is not None
            ):
                break
            parent = parent.getparent()
        else:
            boxes.append(box)
    return boxes


Cell = tuple[int, int, int]  # (table, row, column), 0-based; tables counted in reading order


def _iter_paragraphs(
    container: etree._Element, in_table: bool = False
) -> Iterator[tuple[etree._Element, Cell | None]]:
    """``w:p`` elements in reading order, with the table cell they sit in (``None`` outside
    tables; the innermost cell for a nested table); a text box's paragraphs come right after
    the paragraph it is anchored in, in the same cell."""
    outer: Cell | None = (-1, 0, 0) if in_table else None
    stack: list[tuple[etree._Element, Cell | None]] = [(c, outer) for c in reversed(container)]
    tables = 0
    while stack:
        node, cell = stack.pop()
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}p":
            yield node, cell
            for box in reversed(_text_boxes(node)):
                stack.extend((child, cell) for child in reversed(box))
        elif tag in _BODY_SKIP or tag == f"{W}sectPr":
            continue
        elif tag == f"{W}tbl":
            table = tables
            tables += 1
            cells: list[tuple[etree._Element, Cell | None]] = []
            rows = [r for r in node.iter(f"{W}tr") if _owning_table(r) is node]
            for row_index, row in enumerate(rows):
                columns = [c for c in row.iter(f"{W}tc") if _owning_table(c) is node]
                for column, tc in enumerate(columns):
                    cells.extend((child, (table, row_index, column)) for child in tc)
            stack.extend(reversed(cells))
        else:
            stack.extend((child, cell) for child in reversed(node))


def _owning_table(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent


def _para_info(
    node: etree._Element,
    styles: dict[str, _Style],
    default_style: str | None,
    hiding: _Hiding | None = None,
) -> _Para:
    hiding = hiding or _Hiding()
    ppr = node.find(f"{W}pPr")
    style_id = default_style
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    if ppr is not None:
        style_id = _val(ppr.find(f"{W}pStyle")) or default_style
        numpr = ppr.find(f"{W}numPr")
        if numpr is not None:
            num_id = _val(numpr.find(f"{W}numId"))
            ilvl = _int(_val(numpr.find(f"{W}ilvl")))
        outline = _int(_val(ppr.find(f"{W}outlineLvl")))
    style = _resolved(styles, style_id)
    base_hidden = style.hidden if style.hidden is not None else hiding.default
    text, bold, hidden = _paragraph_text(node, hiding, base_hidden)
    if num_id is None and style.num_id is not None:
        num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl
    if outline is None:
        outline = style.outline
    if style.bold and text.strip():
        bold = True
    return _Para(text, style, style_id, num_id, ilvl, outline, bold, hidden)


def _heading_level(para: _Para, number: str | None) -> int:
    name = para.style.name.strip()
    match = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(para.style_id or "")
    if match:
        return int(match.group(1))
    if name.lower() in ("title",):
        return 1
    if para.outline is not None and 0 <= para.outline <= 8:
        return para.outline + 1
    stripped = para.text.strip()
    short = stripped and "\n" not in stripped and len(_WORDS.findall(stripped)) <= _HEADING_WORDS
    if short and (
        (para.bold and not stripped.endswith((".", ";", ","))) or looks_like_heading(stripped)
    ):
        return number.rstrip(".").count(".") + 1 if number and number[0].isdigit() else 1
    return 0


# ---------------------------------------------------------------- reader


def read_docx(where: str, data: bytes, limits: Limits = DEFAULT) -> SourceDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise InputError(
            where,
            f"not a readable DOCX: corrupt or truncated ZIP ({exc})",
            "open and re-save it in Word, or export it as PDF",
        ) from None
    with archive:
        _check_zip(where, archive, limits)
        names = set(archive.namelist())
        main = _main_part(where, archive, names)
        macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        related = _related(where, archive, names, main)

        def part(kind: str) -> etree._Element | None:
            paths = related.get(kind) or []
            return (
                _parse(where, paths[0], _read_member(where, archive, paths[0], limits))
                if paths
                else None
            )

        document = _parse(where, main, _read_member(where, archive, main, limits))
        if document.tag != f"{W}document":
            raise InputError(where, f"{main} is not a WordprocessingML document")
        styles_root = part("styles")
        styles, default_style = _load_styles(styles_root)
        hiding = _load_hiding(styles_root)
        numberer = _Numberer(
            _load_numbering(part("numbering")), styles, where, limits.docx_max_label_chars
        )
        extra: list[tuple[str, etree._Element]] = []
        for kind in ("header", "footer", "footnotes"):
            for path in related.get(kind, []):
                extra.append(
                    (kind, _parse(where, path, _read_member(where, archive, path, limits)))
                )

    pieces: list[str] = []
    blocks: list[TextBlock] = []
    offset = 0

    def add(text: str, **kw: object) -> None:
        nonlocal offset
        text = text.strip()
        if not text:
            return
        pieces.append(text)
        blocks.append(TextBlock(offset, offset + len(text), **kw))  # type: ignore[arg-type]
        offset += len(text) + 1
        if offset > limits.max_text_chars:  # stop early, as the PDF reader does
            check_text(where, offset, limits, partial=True)

    hidden: list[HiddenText] = []
    body = document.find(f"{W}body")
    index = 0
    if body is not None:
        for node, cell in _iter_paragraphs(body):
            in_table = cell is not None
            para = _para_info(node, styles, default_style, hiding)
            if para.hidden:
                hidden.append(hidden_text(f"paragraph {index + 1}", "hidden text", para.hidden))
            numbered = numberer.number(para.num_id, para.ilvl, para.style_id)
            number = numbered[0] if numbered else None
            text = para.text
            if number and text.strip():
                gap = (
                    {"tab": "\t", "space": " ", "nothing": ""}.get(numbered[1], "\t")
                    if numbered
                    else ""
                )
                text = f"{number}{gap or ' '}{text.lstrip()}"
            heading = 0 if in_table else _heading_level(para, number)
            add(
                text,
                paragraph=index,
                number=number if text.strip() else None,
                heading=heading,
                bold=para.bold,
                part="table" if in_table else "body",
                cell=cell,
            )
            index += 1
    for kind, root in extra:
        part_name = {"header": "header", "footer": "footer", "footnotes": "footnote"}[kind]
        for container in _note_containers(root, kind):
            for node, _ in _iter_paragraphs(container):
                text, bold, invisible = _paragraph_text(node, hiding, hiding.default)
                if invisible:
                    hidden.append(hidden_text(f"the {part_name}", "hidden text", invisible))
                add(text, bold=bold, part=part_name)
    notes = ["macro-enabled document: its macros were ignored, never run"] if macros else []
    chunks = len(document.findall(f".//{W}altChunk"))
    if chunks:
        notes.append(
            f"not read: {chunks} embedded document{'s' if chunks > 1 else ''} (w:altChunk: "
            "HTML, RTF or another Word file shown inside this one); their text was not checked"
        )
    kept = capped(hidden, notes)
    return SourceDocument(
        path=where,
        format="docx",
        text="\n".join(pieces),
        blocks=tuple(blocks),
        notes=tuple(notes),
        hidden=kept,
    )


def _note_containers(root: etree._Element, kind: str) -> list[etree._Element]:
    if kind != "footnotes":
        return [root]
    return [
        note
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") not in ("separator", "continuationSeparator", "continuationNotice")
    ]
