"""The assembly: an agreement as numbered sections of blocks and spans, with its gaps,
ready for any renderer (spec -> assemble -> render)."""

from __future__ import annotations

from ..core.startup import _Value, value
from ..spec.model import AgreementSpec, Party

# locales whose paper is US Letter (8.5 x 11 in); every other locale prints on A4
LETTER_LOCALES = ("en-US", "en-CA", "es-MX", "fr-CA", "en-PH")


@value
class Span(_Value):
    """A run of inline content. ``kind``:

    * ``text``: plain text;
    * ``defterm``: a defined term where it is defined (bold, in quotes);
    * ``ref``: a cross-reference; ``text`` is the full "Section 12.2 (Termination for Cause)",
      ``number`` the "12.2" part, ``target`` the anchor of the referenced section;
    * ``gap``: a missing decision, ``text`` is "[MISSING: ...]", ``target`` the spec path.
    """

    kind: str
    text: str
    target: str | None = None
    number: str | None = None


@value
class Block(_Value):
    """A paragraph (``para``), a list item (``item``, level 1 = (a), 2 = (i)) or a ``table``."""

    kind: str
    spans: tuple[Span, ...] = ()
    level: int = 0
    rows: tuple[tuple[tuple[Span, ...], ...], ...] = ()  # tables: first row is the header


@value
class Section(_Value):
    """A numbered article (level 1) or clause (level 2) with its content."""

    number: str  # "12" or "12.2"; schedules use "Schedule 1"
    title: str
    level: int
    anchor: str  # bookmark / HTML id, stable for the clause or component
    component: str | None = None
    clause_id: str | None = None
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()

    @property
    def caption(self) -> str:
        return f"{self.number} ({self.title})"


@value
class Gap(_Value):
    """A decision the spec has not made (or an error-level check finding) shown in the document."""

    path: str  # spec path to fill, e.g. "economics.splits"
    message: str  # what is missing, e.g. "revenue split for Globex"
    clause_id: str | None = None
    section: str | None = None  # number of the section it appears in
    code: str | None = None  # rule code when the item comes from the checks
    # where it comes from: "value" (a declared variable the spec leaves undecided),
    # "conflict" (two selected clauses exclude each other), "component" (a component with
    # no clause, a placeholder article), "check" (a failed check, ``code``), or "report" (a
    # check finding that reports one of the other three: not a second item, see
    # build/gaps.reconcile)
    origin: str = "check"
    rule: str | None = None  # the check's rule code that reports this open item
    components: tuple[str, ...] = ()  # what a check item concerns: where it is marked

    @property
    def reported_as(self) -> str | None:
        """The rule code ``check`` reports this open item under (None: it does not)."""
        return self.code or self.rule

    @property
    def marker(self) -> str:
        """``[MISSING: ...]`` for an undecided value, ``[CHECK CODE: ...]`` for a check finding."""
        if self.code:
            return f"[CHECK {self.code}: {self.message}]"
        return f"[MISSING: {self.message}]"


@value
class Assembly(_Value):
    """Everything a renderer needs, independent of the output format."""

    spec: AgreementSpec
    title: str
    cover: tuple[Block, ...]  # preamble: date line and the parties
    recitals: tuple[Block, ...]  # background, (A), (B) ...
    definitions: tuple[tuple[str, tuple[Span, ...]], ...]
    articles: tuple[Section, ...]
    schedules: tuple[Section, ...]
    execution: tuple[Block, ...]  # the sentence above the signature blocks
    signatories: tuple[Party, ...]
    gaps: tuple[Gap, ...]
    clause_ids: tuple[str, ...]

    def section_ref(self, number: str | None) -> Span:
        """A reference to the section numbered ``number`` ("6", "3.2", "Schedule 1"), as the
        Open Items list points at it; plain text ("-", "cover") where no section has it."""
        for section in self.sections():
            if number and section.number == number:
                return Span("ref", number, target=section.anchor, number=number)
        return Span("text", number or "-")

    @property
    def draft(self) -> str:
        """The header line of a draft with open items ("" when there are none)."""
        n = len(self.gaps)
        if not n:
            return ""
        return f"DRAFT: {n} open item{'s' if n != 1 else ''}"

    @property
    def letter(self) -> bool:
        """US Letter paper (the locales that use it), else A4: the DOCX and the PDF alike."""
        return self.spec.agreement.locale in LETTER_LOCALES

    def sections(self) -> list[Section]:
        out: list[Section] = []
        for article in (*self.articles, *self.schedules):
            out.append(article)
            out.extend(article.children)
        return out
