"""What a pre-signing review needs from a DOCX package beyond its text (issue 14, item 1).

The paragraph walker of :mod:`.docx` reports, for each paragraph, events at positions in
that paragraph's text (a tracked change, a comment's range, a bookmark, a field's parts, a
highlight); :class:`Collector` maps them to offsets of ``SourceDocument.text``, merges the
runs of one change, and turns them, with the package parts read here (comments, settings,
document properties, relationships), into one :class:`~.model.PackageReview`.

Nothing here opens the ZIP or parses XML: :mod:`.docx` hands over elements parsed with its
hardened parser. Every list is capped at ``REVIEW_MAX`` items (a note counts the rest) and
every pass is linear in the size of the parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from .model import (
    HIDDEN_TEXT_MAX,
    REVIEW_MAX,
    Comment,
    FieldProblem,
    Mark,
    PackageReview,
    Revision,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
VML = "{urn:schemas-microsoft-com:vml}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"

VALUE_MAX = 500  # characters of a property, a link target or an instruction kept

# (element, name) of the document properties kept, in the order reported
_CORE = (
    (f"{DC}creator", "author"),
    (f"{CP}lastModifiedBy", "last_modified_by"),
    (f"{DC}title", "title"),
    (f"{DC}subject", "subject"),
    (f"{CP}keywords", "keywords"),
    (f"{DC}description", "description"),
)
_APP = ((f"{EXTENDED}Company", "company"), (f"{EXTENDED}Manager", "manager"))
_TEMPLATE = f"{EXTENDED}Template"

# field types whose result is fetched from another file when the field is updated
_FETCHING_FIELDS = {"INCLUDETEXT", "INCLUDEPICTURE", "LINK", "DDE", "DDEAUTO", "IMPORT"}
_REFERENCE_FIELDS = {"REF", "PAGEREF", "NOTEREF"}
_NUMBER_SWITCHES = {"\\r", "\\n", "\\w"}
_COMPARABLE_SWITCHES = {"\\h", "\\r", "\\n", "\\w", "\\p"}
_EMPTY_TOC = re.compile(
    r"\s*(?:right-click to update[^\n]*|no table of contents entries found\.?"
    r"|error! no table of contents entries found\.?|update (?:this )?field\.?)?\s*",
    re.IGNORECASE,
)
_FIELD_ERROR = re.compile(r"^\s*Error!", re.IGNORECASE)
_CORE_CHARS = re.compile(r"[^0-9a-z]+")


def tidy(text: str, limit: int = HIDDEN_TEXT_MAX) -> str:
    """White space folded, cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Event:
    """Something the paragraph walker met, at positions in the paragraph's text.

    ``kind``: rev (a tracked change: ``name`` its kind) | mark (``name`` its kind) |
    c-start / c-end / c-ref (a comment's range, ``name`` its id) | bm-start / bm-end
    (``name`` the bookmark's name / id, ``detail`` its id) | f-begin (``detail`` "dirty") |
    f-instr (``text``) | f-sep | f-end.
    """

    kind: str
    start: int
    end: int
    name: str = ""
    author: str | None = None
    date: str | None = None
    text: str = ""
    detail: str = ""


@dataclass
class _Field:
    start: int
    dirty: bool
    part: str
    instruction: str = ""
    separate: int | None = None


@dataclass
class _FieldRecord:
    instruction: str
    start: int
    separate: int
    end: int
    dirty: bool
    part: str


@dataclass
class _Bookmark:
    start: int
    end: int | None = None
    number: str | None = None  # the automatic number of the paragraph it starts in
    chain: tuple[str, ...] = ()  # that number with its parents' ("1.", "(a)")


@dataclass
class _Spot:
    feed: int  # the paragraph it was fed in
    start: int
    end: int


class _Capped:
    """A list that keeps the first ``REVIEW_MAX`` items and counts the rest."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[object] = []
        self.dropped = 0

    def add(self, item: object) -> bool:
        if len(self.items) >= REVIEW_MAX:
            self.dropped += 1
            return False
        self.items.append(item)
        return True

    def note(self, notes: list[str]) -> None:
        if self.dropped:
            notes.append(
                f"{self.dropped:,} more {self.what} were not listed (the first {REVIEW_MAX} are)"
            )


class Collector:
    """Events of every part, in reading order, into one :class:`PackageReview`."""

    def __init__(self) -> None:
        self.revisions = _Capped("tracked changes")
        self.marks = _Capped("highlights and marks")
        self.comment_spans: dict[str, list[int | str | None]] = {}  # id -> [start, end, part]
        self.bookmarks: dict[str, _Bookmark] = {}  # lower-case name -> where
        self.bookmark_ids: dict[str, str] = {}  # id -> lower-case name (open ones)
        self.names: set[str] = set()
        self.fields: list[_FieldRecord] = []
        self.fields_dropped = 0
        self.open_fields: list[_Field] = []
        self.external: list[str] = []
        self._last_rev: _Spot | None = None
        self._last_mark: _Spot | None = None
        self._pending_bookmarks: list[str] = []
        self._feed = 0  # paragraphs fed so far
        self._prev_end = self._start = self._end = 0  # the previous paragraph's end, this one's
        self._prev_cell: object = None
        self._cell: object = None

    # ------------------------------------------------------------ events

    def feed(
        self,
        events: Iterable[Event],
        at: Callable[[int], int],
        part: str,
        number: str | None = None,
        chain: tuple[str, ...] = (),
        cell: object = None,
    ) -> None:
        """The events of one paragraph; ``at`` maps a position in its text to an offset of
        the document's text; ``number``/``chain`` its automatic number, for bookmarks;
        ``cell`` the table cell it is in (a change never runs on into another cell)."""
        self._feed += 1
        self._prev_end, self._start, self._end = self._end, at(0), at(1 << 62)
        self._prev_cell, self._cell = self._cell, cell
        for bookmark in self._pending_bookmarks:  # started between paragraphs: this one's
            self.bookmarks[bookmark].number, self.bookmarks[bookmark].chain = number, chain
        self._pending_bookmarks = []
        for event in events:
            kind = event.kind
            if kind == "rev":
                self.revision(
                    event.name,
                    event.author,
                    event.date,
                    event.text,
                    part,
                    at(event.start),
                    at(event.end),
                    merge=True,
                )
            elif kind == "mark":
                self.mark(
                    event.name,
                    event.text,
                    event.detail,
                    part,
                    at(event.start),
                    at(event.end),
                    merge=True,
                )
            elif kind in ("c-start", "c-end", "c-ref"):
                self.comment_at(kind, event.name, at(event.start), part)
            elif kind == "bm-start":
                self.bookmark_start(event.name, event.detail, at(event.start), number, chain)
            elif kind == "bm-end":
                self.bookmark_end(event.name, at(event.start))
            else:
                self.field_event(event, at(event.start), part)

    def _joins(self, last: _Spot | None, start: int, end: int) -> str | None:
        """How a new item at ``start``..``end`` continues ``last`` (the separator to put
        between their texts), or None when it does not: within a paragraph when they
        touch; across a paragraph break when ``last`` reached the end of the previous
        paragraph and the new one starts this one."""
        if last is None or (last.start == last.end) != (start == end):
            return None
        if last.feed == self._feed and start == last.end:
            return ""
        if (
            last.feed == self._feed - 1
            and self._cell == self._prev_cell
            and last.end == self._prev_end
            and start == self._start
        ):
            return "\n"
        return None

    def revision(
        self,
        kind: str,
        author: str | None,
        date: str | None,
        text: str,
        part: str,
        start: int,
        end: int,
        merge: bool = False,
    ) -> None:
        """A tracked change; runs of one change by one author that touch are one revision."""
        items = self.revisions.items
        last = self._last_rev
        if merge and last is not None and items and isinstance(items[-1], Revision):
            prev = items[-1]
            same = (prev.kind, prev.author, prev.date, prev.part) == (kind, author, date, part)
            glue = self._joins(last, start, end) if same else None
            if glue is not None:
                items[-1] = Revision(
                    kind, author, date, prev.text + glue + text, part, prev.start, end
                )
                self._last_rev = _Spot(self._feed, last.start, end)
                return
        added = self.revisions.add(Revision(kind, author, date, text, part, start, end))
        self._last_rev = _Spot(self._feed, start, end) if added and merge else None

    def mark(
        self,
        kind: str,
        text: str,
        detail: str,
        part: str,
        start: int,
        end: int,
        merge: bool = False,
    ) -> None:
        items = self.marks.items
        last = self._last_mark
        if merge and last is not None and items and isinstance(items[-1], Mark):
            prev = items[-1]
            glue = (
                self._joins(last, start, end)
                if (prev.kind, prev.detail, prev.part) == (kind, detail, part)
                else None
            )
            if glue is not None:
                items[-1] = Mark(kind, prev.text + glue + text, detail, part, prev.start, end)
                self._last_mark = _Spot(self._feed, last.start, end)
                return
        added = self.marks.add(Mark(kind, text, detail, part, start, end))
        self._last_mark = _Spot(self._feed, start, end) if added and merge else None

    def comment_at(self, kind: str, ident: str, offset: int, part: str) -> None:
        span = self.comment_spans.setdefault(ident, [None, None, part])
        if len(self.comment_spans) > 4 * REVIEW_MAX:  # anchors of comments never listed
            self.comment_spans.pop(ident)
            return
        if kind == "c-start" and span[0] is None:
            span[0], span[2] = offset, part
        elif kind == "c-end" and span[1] is None:
            span[1] = offset
        elif kind == "c-ref" and span[0] is None:
            span[0], span[2] = offset, part

    def bookmark_start(
        self,
        name: str,
        ident: str,
        offset: int,
        number: str | None = None,
        chain: tuple[str, ...] = (),
        pending: bool = False,
    ) -> None:
        key = name.lower()
        self.names.add(key)
        if key in self.bookmarks or len(self.bookmarks) > 20 * REVIEW_MAX:
            return
        self.bookmarks[key] = _Bookmark(offset, None, number, chain)
        self.bookmark_ids[ident] = key
        if pending:
            self._pending_bookmarks.append(key)

    def bookmark_end(self, ident: str, offset: int) -> None:
        key = self.bookmark_ids.pop(ident, None)
        if key is not None and self.bookmarks[key].end is None:
            self.bookmarks[key].end = offset

    def field_event(self, event: Event, offset: int, part: str) -> None:
        kind = event.kind
        if kind == "f-begin":
            if len(self.open_fields) < 64:  # nested deeper than Word allows: ignored
                self.open_fields.append(_Field(offset, event.detail == "dirty", part))
            return
        if not self.open_fields:
            return
        current = self.open_fields[-1]
        if kind == "f-instr":
            if current.separate is None and len(current.instruction) < VALUE_MAX:
                current.instruction += event.text[:VALUE_MAX]
        elif kind == "f-sep":
            if current.separate is None:
                current.separate = offset
        elif kind == "f-end":
            self.open_fields.pop()
            record = _FieldRecord(
                " ".join(current.instruction.split())[:VALUE_MAX],
                current.start,
                current.separate if current.separate is not None else offset,
                offset,
                current.dirty,
                current.part,
            )
            if len(self.fields) < 50 * REVIEW_MAX:
                self.fields.append(record)
            else:
                self.fields_dropped += 1

    def end_part(self) -> None:
        """Fields never closed in a part end with it (a damaged file)."""
        self.open_fields.clear()
        self._last_rev = self._last_mark = None

    # ------------------------------------------------------------ the review

    def review(
        self,
        text: str,
        notes: list[str],
        *,
        tracking: bool = False,
        update_fields: bool = False,
        comments: list[Comment] | None = None,
        metadata: tuple[tuple[str, str], ...] = (),
        properties: tuple[tuple[str, str], ...] = (),
        macros: bool = False,
        external: Iterable[str] = (),
        embedded: Iterable[str] = (),
        watermarks: Iterable[Mark] = (),
    ) -> PackageReview:
        length = len(text)

        def clamp(offset: int | None) -> int | None:
            return None if offset is None else min(max(offset, 0), length)

        revisions = tuple(
            Revision(r.kind, r.author, r.date, tidy(r.text), r.part, clamp(r.start), clamp(r.end))
            for r in self.revisions.items
            if isinstance(r, Revision)
        )
        self.revisions.note(notes)
        for mark in watermarks:
            self.marks.add(mark)
        marks = tuple(
            Mark(m.kind, tidy(m.text), m.detail, m.part, clamp(m.start), clamp(m.end))
            for m in self.marks.items
            if isinstance(m, Mark)
        )
        self.marks.note(notes)
        problems = self._field_problems(text, update_fields)
        fields = tuple(problems[:REVIEW_MAX])
        if len(problems) > REVIEW_MAX or self.fields_dropped:
            more = len(problems) - len(fields)
            notes.append(
                f"{more:,} more field problems were not listed (the first {REVIEW_MAX} are)"
                if more
                else f"{self.fields_dropped:,} more fields were not checked"
            )
        anchored = tuple(self._anchored(c, text) for c in comments or ())
        links = _unique([*external, *self._fetching_fields()])
        objects = _unique(embedded)
        for what, items in (("external links", links), ("embedded objects", objects)):
            if len(items) > REVIEW_MAX:
                notes.append(
                    f"{len(items) - REVIEW_MAX:,} more {what} were not listed "
                    f"(the first {REVIEW_MAX} are)"
                )
        return PackageReview(
            revisions=revisions,
            tracking=tracking,
            comments=anchored,
            fields=fields,
            marks=marks,
            metadata=metadata,
            properties=properties,
            macros=macros,
            external=tuple(links[:REVIEW_MAX]),
            embedded=tuple(objects[:REVIEW_MAX]),
        )

    def _anchored(self, comment: Comment, text: str) -> Comment:
        span = self.comment_spans.get(comment.id)
        if span is None:
            return comment
        start, end, part = span
        start_at = min(int(start), len(text)) if isinstance(start, int) else None
        end_at = min(int(end), len(text)) if isinstance(end, int) else start_at
        if start_at is not None and end_at is not None and end_at < start_at:
            start_at, end_at = end_at, start_at
        anchor = tidy(text[start_at:end_at]) if start_at is not None and end_at else ""
        return Comment(
            comment.author,
            comment.date,
            comment.text,
            anchor,
            comment.resolved,
            comment.reply_to,
            comment.id,
            str(part),
            None,
            start_at,
            end_at,
            comment.kind,
        )

    def _fetching_fields(self) -> list[str]:
        out = []
        for record in self.fields:
            words = _instruction_words(record.instruction)
            if words and words[0].upper() in _FETCHING_FIELDS and len(words) > 1:
                target = words[1].replace("\\\\", "\\")  # a field doubles its backslashes
                out.append(f"{words[0].upper()} field: {target[:VALUE_MAX]}")
        return out

    def _field_problems(self, text: str, update_fields: bool) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if update_fields:
            problems.append(FieldProblem("update-on-open", "w:updateFields", part="settings"))
        for record in self.fields:
            shown = text[record.separate : record.end]
            words = _instruction_words(record.instruction)
            if not words:
                continue
            kind = words[0].upper()
            problem = None
            if kind in _REFERENCE_FIELDS and len(words) > 1:
                problem = self._reference_problem(kind, words, shown, text)
            elif kind == "TOC" and _EMPTY_TOC.fullmatch(shown):
                problem = ("empty-toc", None)
            if problem is not None:
                problems.append(
                    FieldProblem(
                        problem[0],
                        record.instruction,
                        tidy(shown, VALUE_MAX),
                        problem[1],
                        record.part,
                        record.start,
                        record.end,
                    )
                )
            if record.dirty:
                problems.append(
                    FieldProblem(
                        "dirty",
                        record.instruction,
                        tidy(shown, VALUE_MAX),
                        None,
                        record.part,
                        record.start,
                        record.end,
                    )
                )
        return problems

    def _reference_problem(
        self, kind: str, words: list[str], shown: str, text: str
    ) -> tuple[str, str | None] | None:
        name = words[1].lower()
        target = self.bookmarks.get(name)
        if name not in self.names or target is None:
            return ("missing-bookmark", None)
        if kind != "REF":
            return None
        switches = {w.lower() for w in words[2:] if w.startswith("\\")}
        formatted = "\\*" in switches or "\\#" in switches
        if formatted or not switches <= _COMPARABLE_SWITCHES:
            return None  # a format or separator switch we do not model: no verdict
        if switches & _NUMBER_SWITCHES:
            if target.number is None:
                return None  # not a numbered paragraph we know: no verdict
            seen = shown
            if "\\p" in switches:
                seen = re.sub(r"\s+(?:above|below)\s*$", "", seen)
            candidates = _number_forms(target.chain or (target.number,))
            if _core(seen) not in candidates:
                full = "".join(target.chain) if "\\w" in switches else target.number
                return ("stale-result", full.strip().rstrip("."))
            return None
        if target.end is None or target.end <= target.start:
            return None
        expected = " ".join(text[target.start : target.end].split())
        if not expected or len(expected) > VALUE_MAX:
            return None
        if _FIELD_ERROR.match(shown) or " ".join(shown.split()).lower() != expected.lower():
            return ("stale-result", expected)
        return None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _instruction_words(instruction: str) -> list[str]:
    """The words of a field instruction; a quoted argument is one word, without quotes."""
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', instruction)]


def _core(number: str) -> str:
    """A number's letters and digits, its punctuation folded: "12.2." and "12.2" agree."""
    return _CORE_CHARS.sub(".", number.lower()).strip(".")


def _number_forms(chain: tuple[str, ...]) -> set[str]:
    """What a REF \\r, \\n or \\w may show for a paragraph numbered ``chain`` (its own label
    last): the label alone, or with one or more of its parents' labels in front."""
    forms = set()
    for i in range(len(chain)):
        forms.add(_core("".join(chain[i:])))
        forms.add(_core(".".join(chain[i:])))
    return forms


# ---------------------------------------------------------------- package parts


def read_comments(
    root: etree._Element | None,
    extended: etree._Element | None,
    text_of: Callable[[etree._Element], str],
    notes: list[str],
) -> list[Comment]:
    """The comments of ``comments.xml`` with Word's reply links and done states
    (``commentsExtended.xml``), in file order, at most ``REVIEW_MAX``."""
    if root is None:
        return []
    threads: dict[str, tuple[str | None, bool]] = {}  # paraId -> (parent paraId, done)
    if extended is not None:
        for node in extended.iter(f"{W15}commentEx"):
            para = node.get(f"{W15}paraId")
            if para:
                done = node.get(f"{W15}done") in ("1", "true", "on")
                threads[para.upper()] = (
                    (node.get(f"{W15}paraIdParent") or "").upper() or None,
                    done,
                )
    found: list[tuple[str, str | None, Comment]] = []  # (id, last paraId, comment)
    dropped = 0
    for node in root.iter(f"{W}comment"):
        if len(found) >= REVIEW_MAX:
            dropped += 1
            continue
        paras = node.findall(f"{W}p")
        last = paras[-1].get(f"{W14}paraId") if paras else None
        body = "\n".join(t for t in (text_of(p).strip() for p in paras) if t)
        ident = node.get(f"{W}id") or ""
        found.append(
            (
                ident,
                last.upper() if last else None,
                Comment(node.get(f"{W}author"), node.get(f"{W}date"), tidy(body), id=ident),
            )
        )
    if dropped:
        notes.append(f"{dropped:,} more comments were not listed (the first {REVIEW_MAX} are)")
    by_para = {para: ident for ident, para, _ in found if para}
    out = []
    for ident, para, comment in found:
        parent_para, done = threads.get(para or "", (None, False))
        reply_to = by_para.get(parent_para) if parent_para else None
        if reply_to is not None and not done:  # a reply is done when its thread is
            done = threads.get(parent_para or "", (None, False))[1]
        out.append(
            Comment(
                comment.author,
                comment.date,
                comment.text,
                resolved=done,
                reply_to=reply_to,
                id=ident,
            )
        )
    return out


def read_settings(root: etree._Element | None) -> tuple[bool, bool]:
    """(change tracking on, update fields on open) from ``settings.xml``."""
    if root is None:
        return False, False

    def on(tag: str) -> bool:
        node = root.find(f"{W}{tag}")
        return node is not None and node.get(f"{W}val") not in ("0", "false", "off")

    return on("trackRevisions"), on("updateFields")


def read_properties(
    core: etree._Element | None, app: etree._Element | None, custom: etree._Element | None
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(metadata, custom properties) as (name, value) pairs; empty values left out."""
    metadata: list[tuple[str, str]] = []
    for root, names in ((core, _CORE), (app, _APP)):
        if root is None:
            continue
        for tag, name in names:
            node = root.find(tag)
            value = tidy(node.text or "", VALUE_MAX) if node is not None else ""
            if value:
                metadata.append((name, value))
    if app is not None:
        node = app.find(_TEMPLATE)
        if node is not None and (node.text or "").strip():
            metadata.append(("template", tidy(node.text or "", VALUE_MAX)))
    properties: list[tuple[str, str]] = []
    if custom is not None:
        for node in custom.iter(f"{CUSTOM}property"):
            if len(properties) >= REVIEW_MAX:
                break
            name = tidy(node.get("name") or "", VALUE_MAX)
            value = next((tidy(child.text or "", VALUE_MAX) for child in node), "")
            if name:
                properties.append((name, value))
    return tuple(metadata), tuple(properties)


def external_targets(rels: etree._Element) -> list[str]:
    """Targets of a ``.rels`` part that Word fetches from outside the file (a template,
    a linked object, image, frame or sub-document); hyperlinks are ordinary and left out."""
    out = []
    for rel in rels.iter(f"{REL}Relationship"):
        if rel.get("TargetMode") != "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind == "hyperlink":
            continue
        out.append(f"{kind}: {(rel.get('Target') or '')[:VALUE_MAX]}")
    return out


_DRAFT_WATERMARK = re.compile(
    r"\b(?:draft|not for signature|do not sign|for discussion|subject to contract|specimen)\b",
    re.IGNORECASE,
)


def watermarks(root: etree._Element) -> list[str]:
    """The texts of VML WordArt (Word's watermarks) in a part that say it is a draft."""
    out = []
    for node in root.iter(f"{VML}textpath"):
        value = tidy(node.get("string") or "", VALUE_MAX)
        if value and _DRAFT_WATERMARK.search(value):
            out.append(value)
    return out
