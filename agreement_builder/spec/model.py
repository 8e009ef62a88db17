"""Frozen dataclasses that every pipeline stage passes along.

The spec side (``AgreementSpec`` and its parts) is produced by ``schemas/`` and read by the
rule engine and the assembler. A section of the spec can be in one of three states:

* ``None``: not decided yet. The check flags it, the build shows a gap marker;
* ``NA`` (written ``not_applicable`` in the spec): deliberately left out, no clause;
* a value: the decision.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeAlias, TypeVar, Union, dataclass_transform

from ..core.taxonomy import COMPONENTS as COMPONENTS  # re-exported: model.COMPONENTS, model.KINDS
from ..core.taxonomy import KINDS as KINDS

_T = TypeVar("_T")


class _Value:
    """What ``@dataclass(frozen=True)`` generates, written once for all the model's classes.

    A frozen dataclass gets six methods generated from source text, each compiled when the
    class is created: for this module's 52 classes that was about 80 ms of every command's
    start-up. Here only ``__init__`` is generated (one compile per class, see :func:`value`);
    ``__repr__``, ``__eq__``, ``__hash__`` and the frozen ``__setattr__``/``__delattr__`` are
    these, and behave the same over ``dataclasses.fields()``: ``repr`` and ``compare`` flags
    honoured, equality only between objects of the same class, hash of the compared fields,
    ``FrozenInstanceError`` on assignment.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({shown})"

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True)
def value(cls: type[_T]) -> type[_T]:
    """``@dataclass(frozen=True)`` for the model's classes, cheaper to create (see _Value):
    the dataclass machinery reads the fields, and one ``__init__`` is compiled for them."""
    undocumented = not cls.__doc__
    if undocumented:  # else dataclass writes one from inspect.signature (slow: it tokenizes)
        cls.__doc__ = " "
    cls = dataclass(init=False, eq=False, repr=False)(cls)
    cls.__init__ = _make_init(cls)  # type: ignore[method-assign]
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields(cls))})"  # type: ignore[arg-type]
    return cls


def _make_init(cls: type) -> Any:
    """An ``__init__`` as a frozen dataclass has it: parameters in field order with their
    defaults, each value stored with ``object.__setattr__``."""
    env: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": MISSING}
    params: list[str] = []
    body: list[str] = []
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: model values take every field in __init__, as given")
    for f in fields(cls):
        if f.default is not MISSING:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            body.append(f"_set(self, {f.name!r}, {f.name})")
        elif f.default_factory is not MISSING:
            env[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(
                f"_set(self, {f.name!r}, _f_{f.name}() if {f.name} is _MISSING else {f.name})"
            )
        else:
            params.append(f.name)
            body.append(f"_set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    namespace: dict[str, Any] = {}
    exec(source, env, namespace)  # our own field names, as dataclasses itself does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class NotApplicable(enum.Enum):
    """The spec said ``not_applicable``: the drafters decided this part does not apply."""

    NA = "not_applicable"

    def __repr__(self) -> str:
        return "NA"

    def __bool__(self) -> bool:  # "not applicable" behaves as an absent value in conditions
        return False


NA = NotApplicable.NA
T = TypeVar("T")
Maybe: TypeAlias = Union[T, NotApplicable, None]  # noqa: UP007 (a generic alias needs Union)


def decided(value: Any) -> bool:
    """True when a value is an actual decision (neither undecided nor not applicable)."""
    return value is not None and value is not NA


# ---------------------------------------------------------------- value types

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_DURATION_RE = re.compile(r"^\s*(\d{1,5})\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}


def number_words(n: int) -> str:
    """English words for 0-999, as contracts write them next to the numeral."""
    if n < 0 or n > 999:
        return str(n)
    if n < 21:
        return NUMBER_WORDS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        base = _TENS.get(tens * 10, "twenty")
        return base if ones == 0 else f"{base}-{NUMBER_WORDS[ones]}"
    hundreds, rest = divmod(n, 100)
    head = f"{NUMBER_WORDS[hundreds]} hundred"
    return head if rest == 0 else f"{head} and {number_words(rest)}"


@dataclass(frozen=True, order=True)
class Duration:
    """A period such as ``90 days`` or ``3 years``; ``days`` is an approximation for comparing."""

    amount: int
    unit: str  # day | week | month | year

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION_RE.match(text)
        if not match:
            raise ValueError(f"not a duration: {text!r}")
        return cls(int(match.group(1)), match.group(2).lower())

    @property
    def days(self) -> int:
        return self.amount * _UNIT_DAYS[self.unit]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    def words(self) -> str:
        """``thirty (30) days``: the drafting convention for periods."""
        return f"{number_words(self.amount)} ({self.amount}) {self.unit}{'' if self.amount == 1 else 's'}"


@value
class Money(_Value):
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        value = f"{self.amount:,.2f}".removesuffix(".00")
        return f"{self.currency} {value}"


# ---------------------------------------------------------------- spec parts


@value
class Contact(_Value):
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@value
class Contribution(_Value):
    description: str
    kind: str = "other"  # cash | in_kind | ip | personnel | channel | other
    value: Money | None = None


@value
class Party(_Value):
    id: str
    legal_name: str
    short_name: str | None = None
    entity_type: str | None = None
    jurisdiction: str | None = None
    address: str | None = None
    signatory: Contact | None = None
    manager: Contact | None = None
    responsibilities: tuple[str, ...] = ()
    contributions: tuple[Contribution, ...] = ()

    @property
    def name(self) -> str:
        """The name the agreement uses after the preamble."""
        return self.short_name or self.legal_name


@value
class AgreementInfo(_Value):
    kind: str
    title: str | None = None
    effective_date: date | None = None
    governing_law: str | None = None
    locale: str = "en-US"
    language: str = "en"
    reference: str | None = None


@value
class Purpose(_Value):
    statement: str
    objectives: tuple[str, ...] = ()
    scope: str | None = None


@value
class KPI(_Value):
    metric: str
    target: float | None = None
    unit: str | None = None
    baseline: float | None = None
    deadline: date | None = None
    period: str | None = None  # monthly | quarterly | annually | over the term
    owner: str | None = None
    priority: str | None = None  # high | medium | low


@value
class Licence(_Value):
    licensor: str
    licensee: str
    subject: str
    type: str = "other"  # trademark | software | patent | content | data | other
    scope: str | None = None
    territory: str | None = None
    exclusive: bool = False
    sublicensable: bool = False
    usage_limits: tuple[str, ...] = ()
    royalty_percent: float | None = None


@value
class IntellectualProperty(_Value):
    background: str = "retained"  # retained | retained_with_licence
    foreground: str | None = None  # joint | contributing_party | assigned
    assigned_to: str | None = None
    joint_development: bool | None = None
    licences: tuple[Licence, ...] = ()
    feedback: str | None = None  # free_use | owner_only


@value
class Split(_Value):
    party: str
    percent: float


@value
class Fee(_Value):
    payer: str
    payee: str
    amount: Money
    description: str
    frequency: str = "one_off"  # one_off | monthly | quarterly | annually | milestone


@value
class Commission(_Value):
    payer: str
    payee: str
    rate_percent: float
    basis: str | None = None
    tail: Duration | None = None


@value
class Audit(_Value):
    notice: Duration | None = None
    frequency: str | None = None  # e.g. once per year
    cost: str | None = None  # auditing_party | audited_party_if_discrepancy


@value
class Economics(_Value):
    model: str  # revenue_share | profit_share | commission | fixed_fees | licence_fee | cost_share | none
    splits: tuple[Split, ...] = ()
    revenue_basis: str | None = None
    fees: tuple[Fee, ...] = ()
    commission: Commission | None = None
    payment_schedule: str | None = None  # monthly | quarterly | annually | milestone | on_invoice
    due_days: int | None = None
    currency: str | None = None
    reporting: str | None = None  # monthly | quarterly | annually
    audit: Maybe[Audit] = None
    cost_allocation: str | None = None
    late_interest_percent: float | None = None


@value
class Renewal(_Value):
    type: str  # none | automatic | mutual
    period: Duration | None = None
    non_renewal_notice: Duration | None = None


@value
class Term(_Value):
    duration: Duration | None = None
    end_date: date | None = None
    renewal: Maybe[Renewal] = None


@value
class Convenience(_Value):
    notice: Duration | None = None
    by: tuple[str, ...] = ()  # party ids allowed to terminate; empty means any party


@value
class Cause(_Value):
    cure_period: Duration | None = None


@value
class ExitEffects(_Value):
    final_accounting: Duration | None = None
    return_confidential: bool | None = None
    wind_down: Duration | None = None
    shared_assets: str | None = None
    licences: str | None = None  # terminate | survive | wind_down


@value
class Exit(_Value):
    convenience: Maybe[Convenience] = None
    cause: Maybe[Cause] = None
    insolvency: bool | None = None
    change_of_control: bool | None = None
    effects: ExitEffects | None = None
    survival: tuple[str, ...] = ()


@value
class EscalationStep(_Value):
    level: str
    days: int | None = None


@value
class Mediation(_Value):
    provider: str | None = None
    days: int | None = None
    seat: str | None = None


@value
class Arbitration(_Value):
    rules: str | None = None
    seat: str | None = None
    arbitrators: int | None = None
    language: str | None = None


@value
class Courts(_Value):
    venue: str | None = None
    exclusive: bool | None = None


@value
class Disputes(_Value):
    escalation: tuple[EscalationStep, ...] = ()
    mediation: Maybe[Mediation] = None
    arbitration: Maybe[Arbitration] = None
    courts: Maybe[Courts] = None


@value
class Confidentiality(_Value):
    type: str = "mutual"  # mutual | one_way
    discloser: str | None = None
    duration: Duration | None = None


@value
class DataProtection(_Value):
    personal_data: bool | None = None
    data_sharing: bool | None = None
    regimes: tuple[str, ...] = ()
    dpa: bool | None = None
    roles: str | None = None  # independent_controllers | joint_controllers | controller_processor


@value
class Meeting(_Value):
    type: str  # strategy | tactical | results | other
    cadence: str  # weekly | fortnightly | monthly | quarterly | semi_annually | annually
    attendees: str | None = None
    purpose: str | None = None


@value
class SteeringCommittee(_Value):
    members_per_party: int | None = None
    decision_rule: str | None = None  # unanimous | majority
    deadlock: str | None = None  # escalation | mediation | casting_vote | buy_sell | termination
    chair: str | None = None


@value
class Governance(_Value):
    meetings: tuple[Meeting, ...] = ()
    steering_committee: Maybe[SteeringCommittee] = None
    reporting: str | None = None


@value
class Pilot(_Value):
    duration: Duration | None = None
    investment: Money | None = None
    success_criteria: tuple[str, ...] = ()
    decision_date: date | None = None
    decision_maker: str | None = None


@value
class Liability(_Value):
    cap: Money | None = None
    cap_basis: str | None = None  # e.g. "fees paid in the 12 months before the claim"
    exclusions: tuple[str, ...] = ()


@value
class ForceMajeure(_Value):
    termination_after: Duration | None = None


@value
class Exclusivity(_Value):
    exclusive: bool = False
    non_compete: bool = False
    scope: str | None = None
    territory: str | None = None
    duration: Duration | None = None


@value
class NonSolicitation(_Value):
    employees: bool = True
    customers: bool = False
    duration: Duration | None = None


@value
class Indemnities(_Value):
    mutual: bool = True
    scope: tuple[str, ...] = ()


@value
class Insurance(_Value):
    types: tuple[str, ...] = ()
    minimum: Money | None = None


@value
class Notices(_Value):
    methods: tuple[str, ...] = ("email", "courier")


@value
class Waiver(_Value):
    rule: str
    reason: str


@value
class SpecLocation(_Value):
    file: str
    line: int
    column: int


@value
class AgreementSpec(_Value):
    agreement: AgreementInfo
    parties: tuple[Party, ...]
    purpose: Maybe[Purpose] = None
    kpis: Maybe[tuple[KPI, ...]] = None
    ip: Maybe[IntellectualProperty] = None
    economics: Maybe[Economics] = None
    term: Maybe[Term] = None
    exit: Maybe[Exit] = None
    disputes: Maybe[Disputes] = None
    confidentiality: Maybe[Confidentiality] = None
    data_protection: Maybe[DataProtection] = None
    governance: Maybe[Governance] = None
    pilot: Maybe[Pilot] = None
    liability: Maybe[Liability] = None
    indemnities: Maybe[Indemnities] = None
    warranties: Maybe[bool] = None
    insurance: Maybe[Insurance] = None
    force_majeure: Maybe[ForceMajeure] = None
    exclusivity: Maybe[Exclusivity] = None
    non_solicitation: Maybe[NonSolicitation] = None
    notices: Maybe[Notices] = None
    definitions: tuple[tuple[str, str], ...] = ()  # the deal's own terms: (term, meaning)
    waivers: tuple[Waiver, ...] = ()
    source: str = "<spec>"
    locations: Mapping[str, SpecLocation] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return self.agreement.kind

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def locate(self, path: str) -> SpecLocation:
        """The location of ``path`` in the spec file, or of its nearest ancestor."""
        while True:
            if path in self.locations:
                return self.locations[path]
            if not path:
                return SpecLocation(self.source, 1, 1)
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[([a-z_]+)=([^\]]+)\]")


def resolve_path(obj: Any, path: str) -> tuple[Any, bool]:
    """Follow ``a.b[0].c`` or ``a.b[party=x].c`` through the spec.

    Returns ``(value, not_applicable)``: ``value`` is None when anything on the way is undecided;
    ``not_applicable`` is True when the drafters marked a step ``not_applicable``.
    """
    current = obj
    for match in _PATH_PART.finditer(path):
        if current is NA:
            return None, True
        if current is None:
            return None, False
        name, index, key, wanted = match.groups()
        if name is not None:
            current = getattr(current, name, None)
        elif index is not None:
            seq = tuple(current)
            current = seq[int(index)] if int(index) < len(seq) else None
        else:
            current = next(
                (item for item in current if str(getattr(item, key, None)) == wanted), None
            )
    if current is NA:
        return None, True
    return current, False


# the optional sections of a spec: each is a decision, not_applicable, or left out (undecided)
SPEC_SECTIONS = tuple(f.name for f in fields(AgreementSpec) if f.default is None)


# ---------------------------------------------------------------- assembly (spec -> document)


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

    def sections(self) -> list[Section]:
        out: list[Section] = []
        for article in (*self.articles, *self.schedules):
            out.append(article)
            out.extend(article.children)
        return out


# ---------------------------------------------------------------- findings (check and lint)

SEVERITIES = ("info", "warning", "error")


@value
class Location(_Value):
    """Where a finding points: a spec node or a place in a document."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str | None = None  # spec path, e.g. "economics.splits"
    section: str | None = None  # document section number
    page: int | None = None
    excerpt: str | None = None
    paragraph: int | None = None  # DOCX: paragraph index in the body (documents have no lines)


@value
class Finding(_Value):
    code: str
    name: str
    severity: str
    message: str
    location: Location
    why: str = ""
    fix: str = ""
    components: tuple[str, ...] = ()
    waived: bool = False
    waiver_reason: str | None = None


# ---------------------------------------------------------------- documents to lint (file -> read)


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
class SourceDocument(_Value):
    path: str
    format: str  # docx | pdf | text | markdown
    text: str
    blocks: tuple[TextBlock, ...]
    sections: tuple[DocSection, ...] = ()
    notes: tuple[str, ...] = ()  # reader remarks: "decoded as Latin-1", "no text layer (scanned?)"
    pages: int | None = None

    @cached_property
    def folded(self) -> str:
        """``text`` in lower case, made once: several detectors search it. Its length differs
        from the text's when a character lower-cases into two; offsets then do not carry over."""
        return self.text.lower()
