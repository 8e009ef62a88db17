"""DOCX: checked as a ZIP first, then the WordprocessingML walked with a hardened lxml parser.

Word keeps automatic numbers out of the text; they are resolved here from ``numbering.xml``
and the paragraph styles, and put in front of the paragraph text (as Word shows them) and in
``TextBlock.number``.
"""

from __future__ import annotations

import bisect
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..core.errors import InputError
from ..core.limits import DEFAULT, ZIP_RATIO_FLOOR, Limits, check_text
from .docx_review import (
    Collector,
    Event,
    external_targets,
    read_comments,
    read_properties,
    read_settings,
    watermarks,
)
from .model import HiddenText, Mark, SourceDocument, TextBlock, capped, hidden_text
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
    colour: str | None = None  # w:color in the style's run properties ("auto" or RRGGBB)
    size: int | None = None  # w:sz in the style's run properties (half-points)


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
    """What Word hides (``w:vanish``): by default, per character style, per paragraph style;
    and the text colours that can make text invisible on its background."""

    default: bool = False  # w:docDefaults/w:rPrDefault
    characters: dict[str, bool] = field(default_factory=dict)  # character style id -> hidden
    default_colour: str | None = None
    colours: dict[str, str] = field(default_factory=dict)  # character style id -> colour
    default_size: int | None = None  # half-points
    sizes: dict[str, int] = field(default_factory=dict)  # character style id -> half-points
    shaded_tables: set[str] = field(default_factory=set)  # table styles that shade cells


_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_WHITE = "FFFFFF"


def _colour(rpr: etree._Element | None) -> str | None:
    """A run's text colour: RRGGBB, "auto", or None when its properties set none."""
    value = _val(rpr.find(f"{W}color")) if rpr is not None else None
    if value is None:
        return None
    return value.upper() if _HEX.fullmatch(value) else "auto"


def _size(rpr: etree._Element | None) -> int | None:
    """A run's font size in half-points (``w:sz``), or None when its properties set none."""
    value = _val(rpr.find(f"{W}sz")) if rpr is not None else None
    return _int(value) if value is not None else None


# Text of at most this many half-points (1 point) cannot be read on a page or a screen at
# any ordinary zoom: a sentence set in it is as hidden as white text
TINY_HALF_POINTS = 2
_TINY = "text too small to read (1 point or less)"


def _fill(props: etree._Element | None) -> str | None:
    """The shading fill of run, paragraph or cell properties (RRGGBB), if any."""
    shd = props.find(f"{W}shd") if props is not None else None
    value = shd.get(f"{W}fill") if shd is not None else None
    return value.upper() if isinstance(value, str) and _HEX.fullmatch(value) else None


def _load_hiding(root: etree._Element | None) -> _Hiding:
    hiding = _Hiding()
    if root is None:
        return hiding
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None:
        hiding.default = bool(_on(defaults.find(f"{W}vanish")))
        hiding.default_colour = _colour(defaults)
        hiding.default_size = _size(defaults)
    chars: dict[str, _Style] = {}
    for node in root.iter(f"{W}style"):
        kind = node.get(f"{W}type")
        if kind == "character":
            rpr = node.find(f"{W}rPr")
            chars[node.get(f"{W}styleId") or ""] = _Style(
                based_on=_val(node.find(f"{W}basedOn")),
                hidden=_on(rpr.find(f"{W}vanish")) if rpr is not None else None,
                colour=_colour(rpr),
                size=_size(rpr),
            )
        elif kind == "table" and any(
            (shd.get(f"{W}fill") or "auto").upper() not in ("AUTO", _WHITE)
            for shd in node.iter(f"{W}shd")
        ):
            hiding.shaded_tables.add(node.get(f"{W}styleId") or "")
    for style_id in chars:
        resolved = _resolved(chars, style_id)
        if resolved.hidden is not None:
            hiding.characters[style_id] = resolved.hidden
        if resolved.colour is not None:
            hiding.colours[style_id] = resolved.colour
        if resolved.size is not None:
            hiding.sizes[style_id] = resolved.size
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
            style.colour = _colour(rpr)
            style.size = _size(rpr)
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
        if out.colour is None:
            out.colour = style.colour
        if out.size is None:
            out.size = style.size
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
        self.labels: dict[str, list[str | None]] = {}  # list -> the last label at each level
        self.chain: tuple[str, ...] = ()  # the last number with its parents' labels
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
        self.chain = ()
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
        labels = self.labels.setdefault(key, [None] * 9)
        labels[ilvl] = text or None
        labels[ilvl + 1 :] = [None] * (8 - ilvl)
        self.chain = tuple(label for label in labels[: ilvl + 1] if label)
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

VIEWS = ("accepted", "original")
_CHANGES = {
    f"{W}ins": "insertion",
    f"{W}del": "deletion",
    f"{W}moveTo": "move-to",
    f"{W}moveFrom": "move-from",
}
# the tracked changes whose text a view leaves out: accepted drops what was deleted or moved
# away, original (every change rejected) what was inserted or moved here
_GONE = {
    "accepted": frozenset({"deletion", "move-from"}),
    "original": frozenset({"insertion", "move-to"}),
}
_GONE_TAGS = {view: {t for t, k in _CHANGES.items() if k in gone} for view, gone in _GONE.items()}
_TABLE_CHANGES = {
    f"{W}tblPrChange",
    f"{W}tblGridChange",
    f"{W}trPrChange",
    f"{W}tcPrChange",
    f"{W}tblPrExChange",
    f"{W}cellIns",
    f"{W}cellDel",
    f"{W}cellMerge",
}
_HIGHLIGHTS = {
    "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF",
    "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000",
    "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0", "black": "000000",
    "white": "FFFFFF",
}  # fmt: skip
_UNKNOWN = "?"  # a background a table style may paint: text on it is never judged invisible
_SAME_COLOUR = "text coloured like its background"


@dataclass(frozen=True)
class _Change:
    kind: str
    author: str | None
    date: str | None


def _change(node: etree._Element | None, kind: str) -> _Change | None:
    if node is None:
        return None
    return _Change(kind, node.get(f"{W}author"), node.get(f"{W}date"))


@dataclass(frozen=True)
class _Run:
    """What applies to the text below a node: run formatting and the tracked change."""

    bold: bool | None = None
    hidden: bool = False
    colour: str | None = None  # RRGGBB or "auto"
    background: str | None = None  # RRGGBB, or _UNKNOWN
    highlight: str = ""  # the highlight's colour name or shading, for a Mark
    formatting: _Change | None = None  # w:rPrChange
    change: _Change | None = None  # the innermost w:ins / w:del / w:moveFrom / w:moveTo
    size: int | None = None  # half-points


def _same_colour(colour: str | None, background: str | None) -> bool:
    if not colour or colour == "auto" or not background or background == _UNKNOWN:
        return False
    return all(
        abs(int(colour[i : i + 2], 16) - int(background[i : i + 2], 16)) <= 16 for i in (0, 2, 4)
    )


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
    coloured: str = ""  # its text coloured like its background
    events: list[Event] = field(default_factory=list)
    tiny: str = ""  # its text too small to read (TINY_HALF_POINTS or less)


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


def _run_context(rpr: etree._Element | None, hiding: _Hiding, outer: _Run) -> _Run:
    """The context of a run's text: ``outer`` (the paragraph's, with any tracked change)
    with the run's own bold, hidden, colour, highlight and formatting change."""
    if rpr is None:
        return _Run(
            False, outer.hidden, outer.colour, outer.background, "", None, outer.change, outer.size
        )
    bold = _on(rpr.find(f"{W}b"))
    colour = _colour(rpr)
    if colour is None:
        colour = hiding.colours.get(_val(rpr.find(f"{W}rStyle")) or "", outer.colour)
    size = _size(rpr)
    if size is None:
        size = hiding.sizes.get(_val(rpr.find(f"{W}rStyle")) or "", outer.size)
    background, highlight = outer.background, ""
    marker = _val(rpr.find(f"{W}highlight"))
    fill = _fill(rpr)
    if marker and marker != "none":
        background = _HIGHLIGHTS.get(marker, background)
        highlight = "" if marker == "white" else marker
    elif fill:
        background = fill
        highlight = "" if fill == _WHITE else f"shading #{fill}"
    return _Run(
        bold if bold is not None else False,
        _run_hidden(rpr, hiding, outer.hidden),
        colour,
        background,
        highlight,
        _change(rpr.find(f"{W}rPrChange"), "formatting"),
        outer.change,
        size,
    )


class _Walk:
    """One paragraph's text in one view, with the events a review needs (tracked changes,
    comment ranges, bookmarks, fields, highlights) at positions in that text."""

    def __init__(self, hiding: _Hiding, view: str) -> None:
        self.hiding = hiding
        self.view = view
        self.gone = _GONE[view]
        self.pieces: list[str] = []
        self.hidden: list[str] = []
        self.coloured: list[str] = []
        self.tiny: list[str] = []
        self.events: list[Event] = []
        self.pos = 0
        self.bold_chars = 0
        self.plain_chars = 0
        self._open: dict[tuple[str, ...], Event] = {}  # the last event of each change/mark

    def visible(self, run: _Run) -> bool:
        return run.change is None or run.change.kind not in self.gone

    def _span(self, key: tuple[str, ...], make: Callable[[], Event], text: str, start: int) -> None:
        """Extend the open event of ``key`` when it ends at ``start``, else open a new one."""
        last = self._open.get(key)
        if (
            last is not None
            and last.end == start
            and (last.start == last.end) == (start == self.pos)
        ):
            last.text += text
            last.end = self.pos
            return
        event = make()
        self.events.append(event)
        self._open[key] = event

    def revision(self, change: _Change, text: str, start: int) -> None:
        key = ("rev", change.kind, change.author or "", change.date or "")
        self._span(
            key,
            lambda: Event("rev", start, self.pos, change.kind, change.author, change.date, text),
            text,
            start,
        )

    def mark(self, kind: str, detail: str, text: str, start: int) -> None:
        self._span(
            ("mark", kind, detail),
            lambda: Event("mark", start, self.pos, kind, text=text, detail=detail),
            text,
            start,
        )

    def emit(self, shown: str, hidden_as: str, run: _Run, counted: bool = False) -> None:
        shown = shown.replace("\u00ad", "").replace("\x00", "")
        if not shown:
            return
        change = run.change
        if change is not None and change.kind in self.gone:
            self.revision(change, shown, self.pos)  # where its text stood: zero width
            return
        if run.hidden:
            self.hidden.append(hidden_as)
            return
        if counted and shown.strip() and run.size is not None and run.size <= TINY_HALF_POINTS:
            self.tiny.append(shown)
            return
        if counted and shown.strip() and _same_colour(run.colour, run.background):
            self.coloured.append(shown)
            self.mark("same-colour", f"{run.colour} on {run.background}", shown, self.pos)
            return
        start = self.pos
        self.pieces.append(shown)
        self.pos += len(shown)
        if counted and shown.strip():
            if run.bold:
                self.bold_chars += len(shown)
            else:
                self.plain_chars += len(shown)
        if change is not None:
            self.revision(change, shown, start)
        if run.formatting is not None:
            self.revision(run.formatting, shown, start)
        if run.highlight and shown.strip():
            self.mark("highlight", run.highlight, shown, start)

    def at(self, kind: str, name: str = "", detail: str = "", text: str = "") -> None:
        self.events.append(Event(kind, self.pos, self.pos, name, text=text, detail=detail))

    def walk(self, para: etree._Element, base: _Run) -> None:
        ppr = para.find(_PPR)
        stack: list[tuple[etree._Element | None, _Run, Callable[[], None] | None]] = [
            (child, base, None) for child in reversed(para)
        ]
        pop, extend, emit = stack.pop, stack.extend, self.emit
        while stack:
            node, run, done = pop()
            if node is None:
                if done is not None:
                    done()
                continue
            tag = node.tag
            kind = _TAGS.get(tag, _DESCEND) if isinstance(tag, str) else _SKIP
            if kind == _DESCEND:
                extend((child, run, None) for child in reversed(node))
            elif kind == _TEXT:
                emit(node.text or "", node.text or "", run, counted=True)
            elif kind == _RUN:
                inner = _run_context(node.find(_RPR), self.hiding, run)
                extend((child, inner, None) for child in reversed(node))
            elif kind in (_SKIP, _PARA):
                continue  # properties, or a paragraph nested in a drawing or text box
            elif kind == _TAB:
                emit("\t", " ", run)
            elif kind == _BREAK:
                if run.hidden or node.get(f"{W}type") not in ("page", "column"):
                    emit("\n", " ", run)
            elif kind == _HYPHEN:
                emit("-", "-", run)
            elif kind == _TRACKED:
                change = _change(node, _CHANGES[tag])
                inner = _Run(
                    run.bold,
                    run.hidden,
                    run.colour,
                    run.background,
                    run.highlight,
                    run.formatting,
                    change,
                    run.size,
                )
                extend((child, inner, None) for child in reversed(node))
            else:
                self._special(kind, node, run, stack)
        self._paragraph_changes(ppr)

    def _special(
        self,
        kind: int,
        node: etree._Element,
        run: _Run,
        stack: list[tuple[etree._Element | None, _Run, Callable[[], None] | None]],
    ) -> None:
        """Fields, comment ranges, bookmarks and content controls."""
        if kind == _FIELD_CHAR:
            if self.visible(run):
                what = node.get(f"{W}fldCharType")
                if what == "begin":
                    dirty = node.get(f"{W}dirty") in ("true", "1", "on")
                    self.at("f-begin", detail="dirty" if dirty else "")
                elif what == "separate":
                    self.at("f-sep")
                elif what == "end":
                    self.at("f-end")
        elif kind == _INSTRUCTION:
            if self.visible(run):
                self.at("f-instr", text=node.text or "")
        elif kind == _SIMPLE_FIELD:
            if self.visible(run):
                dirty = node.get(f"{W}dirty") in ("true", "1", "on")
                self.at("f-begin", detail="dirty" if dirty else "")
                self.at("f-instr", text=node.get(f"{W}instr") or "")
                self.at("f-sep")
                stack.append((None, run, lambda: self.at("f-end")))
            stack.extend((child, run, None) for child in reversed(node))
        elif kind == _COMMENT:
            self.at(_COMMENT_EVENTS[node.tag], node.get(f"{W}id") or "")
        elif kind == _BOOKMARK_START:
            self.at("bm-start", node.get(f"{W}name") or "", node.get(f"{W}id") or "")
        elif kind == _BOOKMARK_END:
            self.at("bm-end", node.get(f"{W}id") or "")
        elif kind == _CONTROL:
            self._content_control(node, run, stack)

    def _content_control(
        self,
        node: etree._Element,
        run: _Run,
        stack: list[tuple[etree._Element | None, _Run, Callable[[], None] | None]],
    ) -> None:
        props = node.find(f"{W}sdtPr")
        content = node.find(f"{W}sdtContent")
        if props is not None and props.find(f"{W}showingPlcHdr") is not None:
            detail = _control_name(props)
            first, start = len(self.pieces), self.pos

            def close() -> None:
                text = "".join(self.pieces[first:])
                self.events.append(
                    Event("mark", start, self.pos, "placeholder-control", text=text, detail=detail)
                )

            stack.append((None, run, close))
        if content is not None:
            stack.extend((child, run, None) for child in reversed(content))

    def _paragraph_changes(self, ppr: etree._Element | None) -> None:
        """Changes to the paragraph itself: its properties, its mark, its section."""
        if ppr is None:
            return
        for node in ppr:  # one pass over the properties: most paragraphs have none of these
            tag = node.tag
            if tag == _PPR_CHANGE:
                change = _change(node, "paragraph")
                assert change is not None
                text = "".join(self.pieces)
                self.events.append(
                    Event("rev", 0, self.pos, "paragraph", change.author, change.date, text)
                )
            elif tag == _SECT_PR:
                section = _change(node.find(_SECT_PR_CHANGE), "section")
                if section is not None:
                    self.events.append(
                        Event("rev", self.pos, self.pos, "section", section.author, section.date)
                    )
            elif tag == _RPR:
                for mark in node:
                    if mark.tag in _MARK_CHANGES:
                        self._paragraph_mark(_change(mark, _CHANGES[mark.tag]))

    def _paragraph_mark(self, change: _Change | None) -> None:
        """A paragraph break inserted or deleted: reported unless the paragraph's own
        change of the same kind already reaches its end."""
        if change is None:
            return
        last = self._open.get(("rev", change.kind, change.author or "", change.date or ""))
        if last is None or last.end != self.pos:
            self.events.append(
                Event("rev", self.pos, self.pos, change.kind, change.author, change.date)
            )

    def result(self) -> tuple[str, bool, str, str]:
        """(text, all bold, hidden text, text coloured like its background)."""
        return (
            "".join(self.pieces),
            self.bold_chars > 0 and self.plain_chars == 0,
            "".join(self.hidden).replace("\u00ad", "").replace("\x00", "").strip(),
            "".join(self.coloured).strip(),
        )


_COMMENT_EVENTS = {
    f"{W}commentRangeStart": "c-start",
    f"{W}commentRangeEnd": "c-end",
    f"{W}commentReference": "c-ref",
}
_PPR, _RPR = f"{W}pPr", f"{W}rPr"
_PPR_CHANGE, _SECT_PR, _SECT_PR_CHANGE = f"{W}pPrChange", f"{W}sectPr", f"{W}sectPrChange"
_MARK_CHANGES = {f"{W}ins", f"{W}del"}
# what the paragraph walk does with an element, by tag (anything else: walk its children)
(_DESCEND, _SKIP, _TEXT, _TAB, _BREAK, _HYPHEN, _PARA, _TRACKED, _RUN, _FIELD_CHAR,
 _INSTRUCTION, _SIMPLE_FIELD, _COMMENT, _BOOKMARK_START, _BOOKMARK_END, _CONTROL) = range(16)  # fmt: skip
_TAGS = {
    **dict.fromkeys(
        (f"{W}txbxContent", _PPR, _RPR, f"{W}fldData", f"{W}sdtPr", f"{W}sdtEndPr",
         f"{{{MC_NS}}}Choice"),
        _SKIP,
    ),
    f"{W}t": _TEXT,
    f"{W}delText": _TEXT,
    f"{W}tab": _TAB,
    f"{W}ptab": _TAB,
    f"{W}br": _BREAK,
    f"{W}cr": _BREAK,
    f"{W}noBreakHyphen": _HYPHEN,
    f"{W}p": _PARA,
    **dict.fromkeys(_CHANGES, _TRACKED),
    f"{W}r": _RUN,
    f"{W}fldChar": _FIELD_CHAR,
    f"{W}instrText": _INSTRUCTION,
    f"{W}delInstrText": _INSTRUCTION,
    f"{W}fldSimple": _SIMPLE_FIELD,
    **dict.fromkeys(_COMMENT_EVENTS, _COMMENT),
    f"{W}bookmarkStart": _BOOKMARK_START,
    f"{W}bookmarkEnd": _BOOKMARK_END,
    f"{W}sdt": _CONTROL,
}  # fmt: skip


def _control_name(props: etree._Element) -> str:
    return _val(props.find(f"{W}alias")) or _val(props.find(f"{W}tag")) or ""


def _paragraph_text(
    para: etree._Element,
    hiding: _Hiding | None = None,
    base_hidden: bool = False,
    view: str = "accepted",
) -> tuple[str, bool, str]:
    """The visible text of a ``w:p``, whether all of it is bold (direct formatting), and the
    text Word hides (``w:vanish``, directly or through a style)."""
    walk = _Walk(hiding or _Hiding(), view)
    walk.walk(para, _Run(hidden=base_hidden))
    text, bold, hidden, _ = walk.result()
    return text, bold, hidden


_CHOICE = f"{{{MC_NS}}}Choice"
_FALLBACK = f"{{{MC_NS}}}Fallback"
_TEXT_BOX = f"{W}txbxContent"


def _text_boxes(para: etree._Element, view: str = "accepted") -> list[etree._Element]:
    """The text boxes anchored in a paragraph (not those nested in another text box, nor the
    DrawingML copy of a box that also has a VML fallback, nor those in text the view leaves
    out: each box is read once)."""
    boxes = []
    gone = _GONE_TAGS[view]
    for box in para.iter(_TEXT_BOX):
        parent = box.getparent()
        while parent is not None and parent is not para:
            if (
                parent.tag == _TEXT_BOX
                or parent.tag in gone
                or (parent.tag == _CHOICE and parent.getparent().find(_FALLBACK) is not None)
            ):
                break
            parent = parent.getparent()
        else:
            boxes.append(box)
    return boxes


Cell = tuple[int, int, int]  # (table, row, column), 0-based; tables counted in reading order


@dataclass
class _Item:
    """What the block walk meets: a paragraph (``p``), or something between paragraphs a
    review needs: ``marker`` (a bookmark or comment range), ``sdt-start``/``sdt-end`` (a
    content control showing its placeholder), ``change`` (a table or section property
    change), ``row-start``/``row-end`` (a row inserted or deleted, in this view),
    ``row-gone`` (one this view leaves out)."""

    kind: str
    node: etree._Element
    cell: Cell | None = None
    shade: str | None = None  # the cell's background, _UNKNOWN when a table style paints it


_MARKERS = {
    f"{W}bookmarkStart",
    f"{W}bookmarkEnd",
    f"{W}commentRangeStart",
    f"{W}commentRangeEnd",
}
_BLOCK_SKIP = {
    f"{W}instrText",
    f"{W}delInstrText",
    f"{W}txbxContent",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}fldData",
    f"{W}sdtPr",
    f"{W}sdtEndPr",
    f"{{{MC_NS}}}Choice",
}


def _row_change(row: etree._Element) -> _Change | None:
    props = row.find(f"{W}trPr")
    if props is None:
        return None
    return _change(props.find(f"{W}ins"), "insertion") or _change(props.find(f"{W}del"), "deletion")


def _iter_paragraphs(
    container: etree._Element,
    in_table: bool = False,
    view: str = "accepted",
    hiding: _Hiding | None = None,
) -> Iterator[_Item]:
    """``w:p`` elements in reading order, with the table cell they sit in (``None`` outside
    tables; the innermost cell for a nested table); a text box's paragraphs come right after
    the paragraph it is anchored in, in the same cell. Rows the view leaves out (a tracked
    row insertion in the original, a deletion in the accepted view) are skipped."""
    shaded = hiding.shaded_tables if hiding is not None else set()
    skip = _BLOCK_SKIP | _GONE_TAGS[view]
    outer: Cell | None = (-1, 0, 0) if in_table else None
    # (node, cell, shade, what to yield instead of walking it: "" to walk it)
    Entry = tuple[etree._Element, Cell | None, str | None, str]
    stack: list[Entry] = [(c, outer, None, "") for c in reversed(container)]
    tables = 0
    while stack:
        node, cell, shade, special = stack.pop()
        if special:
            yield _Item(special, node, cell, shade)
            continue
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}p":
            yield _Item("p", node, cell, shade)
            for box in reversed(_text_boxes(node, view)):
                stack.extend((child, cell, shade, "") for child in reversed(box))
        elif tag in _MARKERS:
            yield _Item("marker", node, cell, shade)
        elif tag == f"{W}sectPr":
            change = node.find(f"{W}sectPrChange")
            if change is not None:
                yield _Item("change", change, cell, shade)
        elif tag in skip:
            continue
        elif tag == f"{W}sdt":
            props = node.find(f"{W}sdtPr")
            content = node.find(f"{W}sdtContent")
            entries: list[Entry] = []
            placeholder = props is not None and props.find(f"{W}showingPlcHdr") is not None
            if placeholder:
                entries.append((node, cell, shade, "sdt-start"))
            if content is not None:
                entries.extend((child, cell, shade, "") for child in content)
            if placeholder:
                entries.append((node, cell, shade, "sdt-end"))
            stack.extend(reversed(entries))
        elif tag == f"{W}tbl":
            stack.extend(reversed(_table_entries(node, tables, view, shaded)))
            tables += 1
        else:
            stack.extend((child, cell, shade, "") for child in reversed(node))


def _table_entries(
    node: etree._Element, table: int, view: str, shaded: set[str]
) -> list[tuple[etree._Element, Cell | None, str | None, str]]:
    entries: list[tuple[etree._Element, Cell | None, str | None, str]] = []
    props = node.find(f"{W}tblPr")
    style = _val(props.find(f"{W}tblStyle")) if props is not None else None
    styled = style in shaded
    first: Cell = (table, 0, 0)
    for holder in (props, node.find(f"{W}tblGrid")):
        for change in holder if holder is not None else ():
            if change.tag in _TABLE_CHANGES:
                entries.append((change, first, None, "change"))
    rows = [r for r in node.iter(f"{W}tr") if _owning_table(r) is node]
    row_index = 0
    for row in rows:
        change = _row_change(row)
        if change is not None and change.kind in _GONE[view]:
            entries.append((row, (table, row_index, 0), None, "row-gone"))
            continue
        if change is not None:
            entries.append((row, (table, row_index, 0), None, "row-start"))
        for holder in (row.find(f"{W}trPr"), row.find(f"{W}tblPrEx")):
            for prop in holder if holder is not None else ():
                if prop.tag in _TABLE_CHANGES:
                    entries.append((prop, (table, row_index, 0), None, "change"))
        columns = [c for c in row.iter(f"{W}tc") if _owning_table(c) is node]
        for column, tc in enumerate(columns):
            where = (table, row_index, column)
            cell_props = tc.find(f"{W}tcPr")
            fill = _fill(cell_props)
            shade = fill if fill is not None else (_UNKNOWN if styled else None)
            for prop in cell_props if cell_props is not None else ():
                if prop.tag in _TABLE_CHANGES:
                    entries.append((prop, where, None, "change"))
            entries.extend((child, where, shade, "") for child in tc)
        if change is not None:
            entries.append((row, (table, row_index, 0), None, "row-end"))
        row_index += 1
    return entries


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
    view: str = "accepted",
    background: str | None = _WHITE,
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
    colour = style.colour if style.colour is not None else hiding.default_colour
    size = style.size if style.size is not None else hiding.default_size
    walk = _Walk(hiding, view)
    run = _Run(hidden=base_hidden, colour=colour, background=_fill(ppr) or background, size=size)
    walk.walk(node, run)
    text, bold, hidden, coloured = walk.result()
    if num_id is None and style.num_id is not None:
        num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl
    if outline is None:
        outline = style.outline
    if style.bold and text.strip():
        bold = True
    tiny = "".join(walk.tiny).strip()
    return _Para(
        text, style, style_id, num_id, ilvl, outline, bold, hidden, coloured, walk.events, tiny
    )


def _section_break_only(node: etree._Element, para: _Para) -> bool:
    """An empty paragraph that holds only a section break: its list number is not shown and
    does not count, so a numbered one does not shift the numbers after it (issue 16, item 2:
    a template whose section break sat in an empty numbered paragraph read every section one
    number too high)."""
    if para.num_id is None or para.text.strip():
        return False
    return node.find(f"{W}pPr/{W}sectPr") is not None


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

_NOTES = {"footnotes": "footnote", "endnotes": "endnote"}  # part kind -> note element
_PART_NAMES = {
    "header": "header",
    "footer": "footer",
    "footnotes": "footnote",
    "endnotes": "endnote",
}
_PACKAGE_PROPS = {
    "core-properties": "docProps/core.xml",
    "extended-properties": "docProps/app.xml",
    "custom-properties": "docProps/custom.xml",
}


def _package_parts(
    where: str, archive: zipfile.ZipFile, names: set[str], limits: Limits
) -> dict[str, str]:
    """The document property parts, by relationship type, from ``_rels/.rels``."""
    found: dict[str, str] = {}
    if "_rels/.rels" in names:
        rels = _parse(where, "_rels/.rels", _read_member(where, archive, "_rels/.rels", limits))
        for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
            if kind in _PACKAGE_PROPS and target in names and rel.get("TargetMode") != "External":
                found.setdefault(kind, target)
    for kind, default in _PACKAGE_PROPS.items():
        if kind not in found and default in names:
            found[kind] = default
    return found


class _Text:
    """The document's text as it is built: blocks joined by newlines, with offsets."""

    def __init__(self, where: str, limits: Limits) -> None:
        self.where = where
        self.limits = limits
        self.pieces: list[str] = []
        self.blocks: list[TextBlock] = []
        self.ends: list[int] = []  # the blocks' ends, for bisect
        self.offset = 0

    def add(self, raw: str, prefix: str = "", **kw: object) -> Callable[[int], int]:
        """Add a paragraph (``prefix``: its automatic number and the gap after it); the
        function returned maps a position in ``raw`` to an offset of the document's text."""
        lead = len(raw) - len(raw.lstrip())
        text = f"{prefix}{raw.lstrip()}".strip() if prefix else raw.strip()
        start, length, cut = self.offset, len(text), len(prefix) if prefix else -lead
        if text:
            self.pieces.append(text)
            self.blocks.append(TextBlock(start, start + length, **kw))  # type: ignore[arg-type]
            self.ends.append(start + length)
            self.offset += length + 1
            if self.offset > self.limits.max_text_chars:  # stop early, as the PDF reader does
                check_text(self.where, self.offset, self.limits, partial=True)

        def at(pos: int) -> int:
            shifted = cut + max(0, pos - lead) if prefix else pos + cut
            return start + min(max(0, shifted), length)

        return at

    def between(self, start: int, end: int) -> str:
        """The text from ``start`` to ``end`` (offsets of blocks already added)."""
        out = []
        for index in range(bisect.bisect_right(self.ends, start), len(self.blocks)):
            block = self.blocks[index]
            if block.start >= end:
                break
            out.append(self.pieces[index][max(0, start - block.start) : end - block.start])
        return "\n".join(out)


def read_docx(
    where: str, data: bytes, limits: Limits = DEFAULT, view: str = "accepted"
) -> SourceDocument:
    """A DOCX in one view of its tracked changes: ``accepted`` (every change accepted, as a
    reader of the final text sees it) or ``original`` (every change rejected: the text before
    the changes); with the review of its package (``SourceDocument.review``)."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
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

        def load(path: str) -> etree._Element:
            return _parse(where, path, _read_member(where, archive, path, limits))

        def part(kind: str) -> etree._Element | None:
            paths = related.get(kind) or []
            return load(paths[0]) if paths else None

        document = load(main)
        if document.tag != f"{W}document":
            raise InputError(where, f"{main} is not a WordprocessingML document")
        styles_root = part("styles")
        styles, default_style = _load_styles(styles_root)
        hiding = _load_hiding(styles_root)
        numberer = _Numberer(
            _load_numbering(part("numbering")), styles, where, limits.docx_max_label_chars
        )
        extra: list[tuple[str, etree._Element]] = []
        for kind in ("header", "footer", "footnotes", "endnotes"):
            for path in related.get(kind, []):
                extra.append((kind, load(path)))
        settings = part("settings")
        comments_root = part("comments")
        extended = part("commentsExtended")
        props = {k: load(v) for k, v in _package_parts(where, archive, names, limits).items()}
        external: list[str] = []
        for name in sorted(n for n in names if n.endswith(".rels")):
            external.extend(external_targets(load(name)))
    embedded = sorted((n for n in names if "/embeddings/" in f"/{n}"), key=_natural)

    out = _Text(where, limits)
    collector = Collector()
    hidden: list[HiddenText] = []
    page = _val(document.find(f"{W}background"), "color")
    page_colour = page.upper() if page and _HEX.fullmatch(page) else _WHITE
    watermark_marks: list[Mark] = []

    def block_items(
        container: etree._Element, part_name: str, numbered: bool, first_index: int = 0
    ) -> int:
        """Read a container's paragraphs into the text; returns the paragraphs read."""
        index = first_index
        controls: list[tuple[int, str]] = []
        rows: list[int] = []
        for item in _iter_paragraphs(container, view=view, hiding=hiding):
            kind, node = item.kind, item.node
            if kind == "p":
                in_table = item.cell is not None
                background = item.shade if item.shade is not None else page_colour
                para = _para_info(node, styles, default_style, hiding, view, background)
                where_label = f"paragraph {index + 1}" if numbered else f"the {part_name}"
                spot = out.offset if numbered else None  # body text: located by its section
                if para.hidden:
                    hidden.append(hidden_text(where_label, "hidden text", para.hidden, spot))
                if para.coloured:
                    hidden.append(hidden_text(where_label, _SAME_COLOUR, para.coloured, spot))
                counts = numbered and not _section_break_only(node, para)
                if para.tiny:
                    hidden.append(hidden_text(where_label, _TINY, para.tiny, spot))
                numbered_as = (
                    numberer.number(para.num_id, para.ilvl, para.style_id) if counts else None
                )
                number = numbered_as[0] if numbered_as else None
                prefix = ""
                if number and para.text.strip():
                    gap = {"tab": "\t", "space": " ", "nothing": ""}.get(numbered_as[1], "\t")  # type: ignore[index]
                    prefix = f"{number}{gap or ' '}"
                if numbered:
                    heading = 0 if in_table else _heading_level(para, number)
                    at = out.add(
                        para.text,
                        prefix,
                        paragraph=index,
                        number=number if para.text.strip() else None,
                        heading=heading,
                        bold=para.bold,
                        part="table" if in_table else "body",
                        cell=item.cell,
                    )
                else:
                    at = out.add(para.text, bold=para.bold, part=_TEXT_PARTS[part_name])
                review_part = "table" if in_table and part_name == "body" else part_name
                chain = numberer.chain if number else ()
                collector.feed(para.events, at, review_part, number, chain, item.cell)
                index += 1
            elif kind == "marker":
                _block_marker(collector, node, out.offset, part_name)
            elif kind == "sdt-start":
                props_node = node.find(f"{W}sdtPr")
                controls.append(
                    (out.offset, _control_name(props_node) if props_node is not None else "")
                )
            elif kind == "sdt-end" and controls:
                start, detail = controls.pop()
                end = max(start, out.offset - 1)
                collector.mark(
                    "placeholder-control", out.between(start, end), detail, part_name, start, end
                )
            elif kind == "change":
                what = "section" if node.tag == f"{W}sectPrChange" else "table"
                change = _change(node, what)
                assert change is not None
                place = "table" if what == "table" and part_name == "body" else part_name
                collector.revision(
                    what, change.author, change.date, "", place, out.offset, out.offset
                )
            elif kind == "row-start":
                rows.append(out.offset)
            elif kind in ("row-end", "row-gone"):
                start = rows.pop() if kind == "row-end" and rows else out.offset
                change = _row_change(node)
                if change is not None and not _marked_inside(node):
                    end = max(start, out.offset - 1) if kind == "row-end" else start
                    text = out.between(start, end) if kind == "row-end" else _row_text(node)
                    place = "table" if part_name == "body" else part_name
                    collector.revision(
                        change.kind, change.author, change.date, text, place, start, end
                    )
        collector.end_part()
        return index

    body = document.find(f"{W}body")
    if body is not None:
        block_items(body, "body", numbered=True)
        watermark_marks.extend(
            Mark("draft-mark", w, "watermark", "body", 0, 0) for w in watermarks(body)
        )
    for kind, root in extra:
        part_name = _PART_NAMES[kind]
        start = out.offset
        for container in _note_containers(root, kind):
            block_items(container, part_name, numbered=False)
        if kind in ("header", "footer"):
            watermark_marks.extend(
                Mark("draft-mark", w, "watermark", part_name, start, start)
                for w in watermarks(root)
            )
    notes = ["macro-enabled document: its macros were ignored, never run"] if macros else []
    chunks = len(document.findall(f".//{W}altChunk"))
    if chunks:
        notes.append(
            f"not read: {chunks} embedded document{'s' if chunks > 1 else ''} (w:altChunk: "
            "HTML, RTF or another Word file shown inside this one); their text was not checked"
        )
    kept = capped(hidden, notes)
    text = "\n".join(out.pieces)
    tracking, update_fields = read_settings(settings)
    metadata, properties = read_properties(
        props.get("core-properties"),
        props.get("extended-properties"),
        props.get("custom-properties"),
    )
    comments = read_comments(
        comments_root, extended, lambda p: _paragraph_text(p, hiding)[0], notes
    )
    review = collector.review(
        text,
        notes,
        tracking=tracking,
        update_fields=update_fields,
        comments=comments,
        metadata=metadata,
        properties=properties,
        macros=macros,
        external=external,
        embedded=embedded,
        watermarks=watermark_marks,
    )
    return SourceDocument(
        path=where,
        format="docx",
        text=text,
        blocks=tuple(out.blocks),
        notes=tuple(notes),
        hidden=kept,
        review=review,
    )


_TEXT_PARTS = {
    "header": "header",
    "footer": "footer",
    "footnote": "footnote",
    "endnote": "footnote",
}


def _block_marker(collector: Collector, node: etree._Element, offset: int, part: str) -> None:
    """A bookmark or comment range between paragraphs: a start belongs to the next
    paragraph, an end to the previous one (before the line break that follows it)."""
    tag = node.tag
    ident = node.get(f"{W}id") or ""
    end = max(0, offset - 1)
    if tag == f"{W}bookmarkStart":
        collector.bookmark_start(node.get(f"{W}name") or "", ident, offset, pending=True)
    elif tag == f"{W}bookmarkEnd":
        collector.bookmark_end(ident, end)
    elif tag == f"{W}commentRangeStart":
        collector.comment_at("c-start", ident, offset, part)
    elif tag == f"{W}commentRangeEnd":
        collector.comment_at("c-end", ident, end, part)


def _marked_inside(row: etree._Element) -> bool:
    """Whether a row's content carries tracked insertions or deletions of its own."""
    return any(
        node.getparent() is not None and node.getparent().tag not in (f"{W}trPr", f"{W}rPr")
        for node in row.iter(f"{W}ins", f"{W}del")
    )


def _row_text(row: etree._Element) -> str:
    return " ".join(
        "".join(t.text or "" for t in cell.iter(f"{W}t", f"{W}delText"))
        for cell in row.iter(f"{W}tc")
    ).strip()


def _note_containers(root: etree._Element, kind: str) -> list[etree._Element]:
    if kind not in _NOTES:
        return [root]
    return [
        note
        for note in root.iter(f"{W}{_NOTES[kind]}")
        if note.get(f"{W}type") not in ("separator", "continuationSeparator", "continuationNotice")
    ]
