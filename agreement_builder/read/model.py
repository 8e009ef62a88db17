"""A document as a reader found it: its text, blocks and sections (file -> read -> analyze)."""

from __future__ import annotations

from functools import cached_property

from ..core.startup import _Value, value


@value
class TextBlock(_Value):
    """A paragraph-like unit as the reader found it, with where it came from.

    ``start`` and ``end`` are offsets into ``SourceDocument.text``. ``number`` is a section
    number the reader knows from outside the text (Word automatic numbering); ``heading`` is
    the heading level when the format says it is a heading (style, outline level), else 0.
    """

    start: int
    end: int
    page: int | None = None  # PDF page (1-based)
    line: int | None = None  # text/Markdown line (1-based)
    paragraph: int | None = None  # DOCX paragraph index (0-based, body order)
    number: str | None = None
    heading: int = 0
    bold: bool = False
    part: str = "body"  # body | table | header | footer | footnote
    cell: tuple[int, int, int] | None = None  # DOCX table cell: (table, row, column), 0-based


@value
class DocSection(_Value):
    """A numbered or headed unit found by segmentation (works inside run-together text)."""

    number: str | None  # "2.2", "IV", "5", "(a)"; None for an unnumbered heading
    caption: str | None  # "Term" for "2.2 Term. This Agreement ..."
    level: int
    start: int  # offset of the number/heading in SourceDocument.text
    body_start: int
    end: int
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None


@value
class HiddenText(_Value):
    """Text in the file that a reader of the document does not see, kept out of
    ``SourceDocument.text`` (so it is never linted as a clause) but recorded for review.

    ``where`` is a place a person can find ("paragraph 12", "page 3", "line 40"); ``reason``
    says why it is not seen ("hidden in Word", "invisible PDF text", "outside the page",
    "Markdown comment"); ``text`` is the hidden text, cut to ``HIDDEN_TEXT_MAX`` characters.
    """

    where: str
    reason: str
    text: str
    start: int | None = None  # where it sits in ``SourceDocument.text``, when the reader knows


HIDDEN_TEXT_MAX = 2000  # characters of one hidden passage kept
HIDDEN_MAX = 200  # hidden passages kept per document (a note counts the rest)
REVIEW_MAX = 500  # items kept in each list of a PackageReview (a note counts the rest)


@value
class Revision(_Value):
    """A tracked change nobody has accepted or rejected yet.

    ``kind``: insertion | deletion | move-from | move-to | formatting | paragraph | table |
    section (property changes carry no text). ``start``/``end`` are offsets into
    ``SourceDocument.text``, which shows every change accepted: an insertion's span is its
    text there; a deletion (and a move's source) is the zero-width place its text stood.
    """

    kind: str
    author: str | None
    date: str | None  # as written in the file (ISO 8601 in Word)
    text: str
    part: str = "body"  # body | table | header | footer | footnote | endnote | comments
    start: int | None = None
    end: int | None = None


@value
class Comment(_Value):
    """A comment in the file (DOCX comment, PDF annotation) and the text it is anchored to."""

    author: str | None
    date: str | None
    text: str
    anchor: str = ""  # the commented text, cut like hidden text
    resolved: bool = False  # Word's "done" state (commentsExtended)
    reply_to: str | None = None  # the id of the comment this one answers
    id: str = ""
    part: str = "body"
    page: int | None = None  # PDF annotations
    start: int | None = None
    end: int | None = None
    # "comment" (Word); a PDF annotation's subtype: text, freetext, highlight, strikeout ...
    kind: str = "comment"


@value
class FieldProblem(_Value):
    """A Word field whose shown text cannot be trusted.

    ``kind``: missing-bookmark (REF/PAGEREF to a bookmark the file no longer has) |
    stale-result (the cached text disagrees with what its target says now) | empty-toc |
    dirty (flagged to be updated) | update-on-open (the file asks to update every field).
    """

    kind: str
    instruction: str  # "REF _Ref123 \\r \\h"
    shown: str = ""  # the cached result a reader sees
    expected: str | None = None  # what the target says now, when known
    part: str = "body"
    start: int | None = None
    end: int | None = None


@value
class Mark(_Value):
    """Something left in the text a signer should not see: a highlight, a content control
    still showing its placeholder, text coloured like the page, a DRAFT watermark.

    ``kind``: highlight | placeholder-control | same-colour | draft-mark.
    """

    kind: str
    text: str
    detail: str = ""  # the colour, the control's tag, the watermark's text
    part: str = "body"
    start: int | None = None
    end: int | None = None


@value
class PackageReview(_Value):
    """What a pre-signing review needs from the file beyond its text (DOCX package parts,
    PDF annotations and metadata). Empty for formats that have none of it."""

    revisions: tuple[Revision, ...] = ()
    tracking: bool = False  # change tracking is still switched on
    comments: tuple[Comment, ...] = ()
    fields: tuple[FieldProblem, ...] = ()
    marks: tuple[Mark, ...] = ()
    # (name, value): author, last_modified_by, company, manager, template, title ...
    metadata: tuple[tuple[str, str], ...] = ()
    properties: tuple[tuple[str, str], ...] = ()  # custom document properties
    macros: bool = False
    external: tuple[str, ...] = ()  # external link targets (relationships, INCLUDETEXT ...)
    embedded: tuple[str, ...] = ()  # embedded objects and packages (part names)

    def property(self, name: str) -> str | None:
        return next((v for k, v in self.properties if k == name), None)


NO_REVIEW = PackageReview()


@value
class SourceDocument(_Value):
    path: str
    format: str  # docx | pdf | text | markdown
    text: str
    blocks: tuple[TextBlock, ...]
    sections: tuple[DocSection, ...] = ()
    notes: tuple[str, ...] = ()  # reader remarks: "decoded as Latin-1", "no text layer (scanned?)"
    pages: int | None = None
    hidden: tuple[HiddenText, ...] = ()  # text a reader does not see: never linted, reported
    review: PackageReview = NO_REVIEW  # tracked changes, comments, fields, metadata

    @cached_property
    def folded(self) -> str:
        """``text`` in lower case, made once: several detectors search it. Its length differs
        from the text's when a character lower-cases into two; offsets then do not carry over."""
        return self.text.lower()


def hidden_text(where: str, reason: str, text: str, start: int | None = None) -> HiddenText:
    """A :class:`HiddenText` with its text tidied and cut to ``HIDDEN_TEXT_MAX``."""
    text = " ".join(text.split())
    if len(text) > HIDDEN_TEXT_MAX:
        text = text[: HIDDEN_TEXT_MAX - 1] + "…"
    return HiddenText(where, reason, text, start)


def capped(hidden: list[HiddenText], notes: list[str]) -> tuple[HiddenText, ...]:
    """At most ``HIDDEN_MAX`` passages; a note counts the ones left out."""
    if len(hidden) > HIDDEN_MAX:
        notes.append(
            f"{len(hidden) - HIDDEN_MAX:,} more hidden passages were not listed "
            f"(the first {HIDDEN_MAX} are)"
        )
    return tuple(hidden[:HIDDEN_MAX])
