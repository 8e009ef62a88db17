"""Is this still the deal we approved? Terms a spec decided, found in a document and compared.

``conform(doc, spec)`` reads the terms the spec decided out of a document (ours, built and
then edited; a counterparty's retyped version with its own wording and numbering; a PDF or
text of either) and returns a :class:`Deviation` for each place where the document says
something else, and for each decided term the document lacks.

How a term is found: by the words that introduce it, the way our clause library and common
drafting write them ("at least sixty (60) days written notice" in a sentence about
terminating for any reason; "fails to remedy it within ..." in a sentence about a breach),
and by the heading of its clause ("Termination for Convenience"). Values are read as values
(``quantities``): "ninety (90) days'", "Ninety days" and "90 days" are the same period, and
"3 months" is not 90 days (the notice would end on another date; the message says so).

What makes a finding trustworthy (an error must be right 19 times in 20):

* every place that states a term is compared, so when a term is stated twice and one place
  disagrees, that place is reported;
* a term is reported missing only when the document has no statement of it and either its
  own clause is there without any value of the kind (a notice clause with no period), or
  nothing in the document could be a wording of it that we do not read (``veto`` patterns);
  when in doubt, nothing is reported;
* tables are read as tables: DOCX cells by (table, row, column); in PDF and text, a line
  that holds a party and a percentage and nothing else.

Work is linear in the text: each pattern is run once over it (bounded gaps only), sentences
are found by binary search in one list of boundaries, and the lists compared (parties,
splits, fees, KPIs, licences) are capped at ``MAX_ITEMS``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ..core.startup import _Value, value
from ..core.values import NA, Duration, Money
from ..read.model import DocSection, SourceDocument
from ..spec.model import AgreementSpec, Party
from . import quantities as q
from .drafting.lookalikes import for_matching

TOPICS = ("money", "dates", "parties", "law", "other")  # the order a reviewer reads them in
MAX_ITEMS = 100  # parties, splits, fees, KPIs and licences compared per list
MAX_PER_PATH = 20  # places reported for one term (a document stating it 1,000 times differently)
MAX_CELLS = 5000  # DOCX table cells read for shares
MAX_PROSE_PARTIES = 12  # shares read from sentences only for this many parties (one pattern each)
_SENTENCE_MAX = 1500  # characters either side of a position read as its sentence
_I = re.IGNORECASE


@value
class Deviation(_Value):
    """A decided term the document states differently (``found``) or not at all (None).

    ``path`` is the spec path ("exit.convenience.notice", "economics.splits[1].percent");
    ``approved`` and ``found`` are shown as a person reads them ("90 days", "30%",
    "Northwind Trading Ltd"); ``start``/``end`` are offsets into ``SourceDocument.text`` of
    the text found, or of the heading of the clause where the term should be; ``context``
    says what kind of place that is ("table", "signature block", "preamble", "" for a
    sentence, or "no such clause" when a missing term has no clause to point at and the
    offsets are the document's first line);
    ``note`` explains a difference that is easy to miss ("3 months is not 90 days ...").
    """

    path: str
    topic: str  # money | dates | parties | law | other
    label: str  # "the termination for convenience notice"
    approved: str
    found: str | None
    start: int
    end: int
    context: str = ""
    note: str = ""

    @property
    def missing(self) -> bool:
        return self.found is None


def conform(doc: SourceDocument, spec: AgreementSpec) -> list[Deviation]:
    """Every deviation of ``doc`` from the terms ``spec`` decided, money first, then dates,
    parties, law and the rest, each group in document order."""
    text = _Text(doc)
    names = _Names.of(text, spec)
    found: list[Deviation] = []
    for check in _CHECKS:
        found.extend(check(text, spec, names))
    seen: set[tuple[str, int, int]] = set()
    per_path: dict[str, int] = {}
    out: list[Deviation] = []
    for deviation in found:
        key = (deviation.path, deviation.start, deviation.end)
        if key in seen or per_path.get(deviation.path, 0) >= MAX_PER_PATH:
            continue
        seen.add(key)
        per_path[deviation.path] = per_path.get(deviation.path, 0) + 1
        start, end = text.original(deviation.start, deviation.end)
        out.append(_moved(deviation, start, end))
    out.sort(key=lambda d: (TOPICS.index(d.topic), d.start, d.path))
    return out


def _moved(d: Deviation, start: int, end: int) -> Deviation:
    if (start, end) == (d.start, d.end):
        return d
    return Deviation(d.path, d.topic, d.label, d.approved, d.found, start, end, d.context, d.note)


# ---------------------------------------------------------------- the document as we read it

_ABBREVIATIONS = frozenset(
    [
        "pte",
        "ltd",
        "inc",
        "co",
        "corp",
        "no",
        "nos",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "pty",
        "plc",
        "llc",
        "bv",
        "nv",
        "ag",
        "sa",
        "gmbh",
        "e.g",
        "i.e",
        "etc",
        "cf",
        "para",
        "sec",
        "art",
        "cl",
        "vs",
        "u.s",
        "u.k",
    ]
)
_BOUNDARY = re.compile(
    r"[.!?][\"”’')\]]*(?=\s)|\n[ \t]*\n"
)  # a blank line: not in PDF (page breaks)
_BEFORE_DOT = re.compile(r"([\w.]{1,6})\Z")
_REAL_SENTENCE = re.compile(r"[a-z]{2}[\"”’')]*[.;:](?=\s)")


class _Text:
    """The document's text normalised for matching (no zero-width characters, plain spaces,
    Latin look-alikes made Latin; offsets map back), its sentences, sections and table cells."""

    def __init__(self, doc: SourceDocument) -> None:
        matching = for_matching(doc)
        self.doc = matching.doc
        self.text = self.doc.text
        self.format = doc.format
        self._origin = matching.origin
        self.cells = [(b.start, b.end, b.cell) for b in self.doc.blocks if b.cell is not None]
        self._cell_starts = [c[0] for c in self.cells]
        self._bounds = self._boundaries()
        text = self.text
        self.sections = [
            s
            for s in self.doc.sections
            if s.caption
            and _REAL_SENTENCE.search(text, s.body_start, min(s.end, s.body_start + 4000))
        ]
        self._captioned: dict[str, list[DocSection]] = {}
        self._sentences: dict[re.Pattern[str], list[tuple[int, int]]] = {}
        folded = self.doc.folded
        self._folded = folded if len(folded) == len(text) else None

    def _boundaries(self) -> list[int]:
        text = self.text
        out = []
        for match in _BOUNDARY.finditer(text):
            if text[match.start()] == "\n" and self.format == "pdf":
                continue  # pages end in blank lines, mid-sentence
            if text[match.start()] == ".":
                word = _BEFORE_DOT.search(text, max(0, match.start() - 6), match.start())
                token = word.group(1).lower().lstrip(".") if word else ""
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            out.append(match.end())
        if self.format == "docx":  # every paragraph and table cell is its own unit
            out.extend(b.end for b in self.doc.blocks)
            out.sort()
        return out

    def original(self, start: int, end: int) -> tuple[int, int]:
        origin = self._origin
        if origin is None:
            return start, end
        first = origin[min(start, len(origin) - 1)]
        last = origin[min(end, len(origin)) - 1] + 1 if end > start else first
        return first, last

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._bounds, pos)
        lo = self._bounds[i - 1] if i > 0 else 0
        hi = self._bounds[i] if i < len(self._bounds) else len(self.text)
        return max(lo, pos - _SENTENCE_MAX), min(hi, pos + _SENTENCE_MAX)

    def sentences(self, keys: re.Pattern[str]) -> list[tuple[int, int]]:
        """The sentences that hold a match of ``keys``, each once, in text order (found once
        per pattern: several terms start from the same words)."""
        cached = self._sentences.get(keys)
        if cached is not None:
            return cached
        out = []
        pos, text = 0, self.text
        if keys.flags & re.IGNORECASE and keys.pattern == keys.pattern.lower() and self._folded:
            # the same words on the lower-cased text, matched case-sensitively: twice as fast
            text, keys_used = self._folded, _lower(keys.pattern)
        else:
            keys_used = keys
        while (match := keys_used.search(text, pos)) is not None:
            lo, hi = self.sentence(match.start())
            out.append((lo, hi))
            pos = max(hi, match.end())
        self._sentences[keys] = out
        return out

    def cell_at(self, pos: int) -> tuple[int, int, int] | None:
        i = bisect.bisect_right(self._cell_starts, pos) - 1
        if i >= 0 and self.cells[i][0] <= pos < self.cells[i][1]:
            return self.cells[i][2]
        return None

    def captioned(self, pattern: re.Pattern[str] | None) -> list[DocSection]:
        """Sections with a real body (not a table of contents) whose caption matches."""
        if pattern is None:
            return []
        key = pattern.pattern
        if key not in self._captioned:
            self._captioned[key] = [s for s in self.sections if pattern.search(s.caption or "")]
        return self._captioned[key]

    def inside(self, pos: int, sections: Sequence[DocSection]) -> bool:
        return any(s.start <= pos < s.end for s in sections)

    def heading(self, section: DocSection) -> tuple[int, int]:
        return section.start, max(section.start, min(section.body_start, section.end))

    def first_line(self) -> tuple[int, int]:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        return start, end if end >= 0 else len(text)

    def tables(self) -> dict[int, dict[int, list[tuple[int, int, int]]]]:
        """DOCX tables: table -> row -> [(column, start, end)]."""
        out: dict[int, dict[int, list[tuple[int, int, int]]]] = {}
        for start, end, (table, row, column) in self.cells:
            out.setdefault(table, {}).setdefault(row, []).append((column, start, end))
        return out

    def context(self, pos: int) -> str:
        return "table" if self.cell_at(pos) is not None else ""


@lru_cache(maxsize=256)
def _lower(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- terms found by their wording

_P = "(?P<v>" + q.PERIOD_RE.pattern + ")"
_M = "(?P<v>" + q.MONEY_RE.pattern + ")"
_D = "(?P<v>" + q.DATE_RE.pattern + ")"
_PC = "(?P<v>" + q.PERCENT_RE.pattern + ")"
_NOTICE_AFTER = r"(?:['’]s?)?\s*(?:(?:prior|advance|previous|written|clear|formal)\s+){0,3}(?:notice|notification)\b"
_AT_LEAST = r"(?:(?:at\s+least|not\s+less\s+than|no\s+less\s+than|a\s+minimum\s+of)\s+)?"


def _re(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _I) for p in patterns)


def _key(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


def _one(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, _I) if pattern else None


@dataclass(frozen=True)
class _Finder:
    """Where a document states one kind of term.

    ``keys``: words whose sentences may state it; ``values``: patterns run in such a
    sentence, group ``v`` the value; ``require``: what the sentence must also say, unless it
    is inside the term's own clause (``captions``); ``exclude``: sentences about something
    else. For a missing term: ``home``, the headings of the clause it belongs in (where it is
    reported), and ``veto``, wording that may state the term in a way these patterns do not
    read (then it is never reported missing).
    """

    keys: re.Pattern[str]
    values: tuple[re.Pattern[str], ...]
    require: re.Pattern[str] | None = None
    exclude: re.Pattern[str] | None = None
    captions: re.Pattern[str] | None = None
    home: re.Pattern[str] | None = None
    veto: re.Pattern[str] | None = None
    veto_exclude: re.Pattern[str] | None = None

    def vetoed(self, t: _Text) -> bool:
        """Does a sentence of the document look like this term in words we do not read?"""
        if self.veto is None:
            return False
        if self.veto_exclude is None:
            return self.veto.search(t.text) is not None
        text = t.text
        return any(
            self.veto_exclude.search(text, lo, hi) is None for lo, hi in t.sentences(self.veto)
        )

    def spans(self, t: _Text) -> list[tuple[int, int]]:
        own = t.captioned(self.captions)
        text = t.text
        out: list[tuple[int, int]] = []
        for lo, hi in t.sentences(self.keys):
            if self.exclude is not None and self.exclude.search(text, lo, hi):
                continue
            if (
                self.require is not None
                and not t.inside(lo, own)
                and not self.require.search(text, lo, hi)
            ):
                continue
            for pattern in self.values:
                out.extend(m.span("v") for m in pattern.finditer(text, lo, hi))
        return sorted(set(out))

    def missing_at(self, t: _Text, kind: re.Pattern[str]) -> tuple[int, int, str] | None:
        """Where to report the term missing, or None when it may be there in words we do not
        read. ``kind``: a value of the term's kind (a period, an amount)."""
        own = t.captioned(self.captions)
        if own:
            if any(kind.search(t.text, s.body_start, s.end) for s in own):
                return None  # the clause states something of the kind: we could not read it
            start, end = t.heading(own[0])
            return start, end, ""
        if self.vetoed(t):
            return None
        home = t.captioned(self.home)
        if home:
            start, end = t.heading(home[0])
            return start, end, ""
        start, end = t.first_line()
        return start, end, "no such clause"


def _period_term(
    t: _Text,
    finder: _Finder,
    approved: Duration | None,
    path: str,
    label: str,
    topic: str = "dates",
) -> Iterator[Deviation]:
    if approved is None:
        return
    spans = finder.spans(t)
    for start, end in spans:
        match = q.PERIOD_RE.match(t.text, start)
        period = q.parse_period(match) if match else None
        if period is None or q.same_period(approved, period):
            continue
        note = q.period_note(approved, period)
        yield Deviation(
            path, topic, label, str(approved), str(period), start, end, t.context(start), note
        )
    if not spans:
        where = finder.missing_at(t, q.PERIOD_RE)
        if where is not None:
            yield Deviation(path, topic, label, str(approved), None, where[0], where[1], where[2])


_CONVENIENCE = _Finder(
    keys=_key(r"terminat|cancel|convenience"),
    values=_re(
        _P + _NOTICE_AFTER,
        r"notice\s+(?:period\s+)?of\s+" + _AT_LEAST + _P,
        r"(?:notice|notify\w*)\b[^.;]{0,40}?\b(?:at\s+least|not\s+less\s+than|no\s+less\s+than)\s+"
        + _P
        + r"\s+(?:before|prior\s+to|in\s+advance)",
    ),
    require=_one(
        r"for\s+(?:any\s+reason|convenience|no\s+reason)|without\s+(?:cause|reason|giving\s+(?:any\s+)?reasons?)"
        r"|at\s+(?:any\s+time|will)|\bdiscretion"
    ),
    exclude=_one(r"renew|breach|force\s+majeure|change\s+of\s+control|insolven|bankrupt"),
    captions=_one(
        r"convenience|without\s+cause|termination\s+(?:by|on)\s+notice|voluntary\s+termination"
    ),
    home=_one(r"^\W*terminat"),
    veto=_one(
        r"for\s+convenience|without\s+cause|(?:may|can|entitled\s+to|right\s+to)\s+(?:terminat\w*|end|cancel\w*)\b"
        r"[^.;]{0,200}?\b(?:notice|notif\w*)"
    ),
    veto_exclude=_one(
        r"breach|default|insolv|bankrupt|force\s+majeure|change\s+of\s+control|renew|audit|fails?\s+to"
    ),
)
_CURE = _Finder(
    keys=_key(r"remed|\bcur(?:e|ed|es|ing)\b|rectif"),
    values=_re(
        r"(?:remed(?:y|ied|ies|ying)|\bcur(?:e|ed|es|ing)|rectif(?:y|ied|ies|ying))\b[^.;]{0,80}?"
        r"\b(?:within|in|during|for)\s+(?:a\s+period\s+of\s+|the\s+period\s+of\s+)?" + _P,
        _P + r"\s+(?:cure|remedy|rectification|grace)\s+period",
        r"(?:cure|remedy|grace)\s+period\s+(?:of|is|shall\s+be|will\s+be)\s+" + _P,
    ),
    require=_one(r"breach|default"),
    exclude=_one(r"audit|underpa|overpa"),
    captions=_one(
        r"for\s+cause|for\s+breach|material\s+breach|events?\s+of\s+default|for\s+default"
    ),
    home=_one(r"^\W*terminat"),
    veto=_one(
        r"(?:remed|\bcur(?:e|ed)\b|rectif)\w*[^.;]{0,150}?\b(?:breach|default)"
        r"|(?:breach|default)[^.;]{0,150}?\b(?:remed|\bcur(?:e|ed)\b|rectif)"
    ),
)
_NON_RENEWAL = _Finder(
    keys=_key(r"renew"),
    values=_re(
        _P
        + r"(?:['’]s?)?\s*(?:(?:prior|advance|previous|written)\s+){0,3}(?:(?:notice|notification)\s+)?"
        r"(?:before|prior\s+to|in\s+advance\s+of|ahead\s+of)\s+(?:the\s+)?"
        r"(?:end|expiry|expiration|conclusion|anniversary|renewal|last\s+day)",
        r"notice\s+of\s+(?:non-?\s?renewal|(?:its\s+)?intention\s+not\s+to\s+renew|(?:its\s+)?intent\s+not\s+to\s+renew)\s+"
        r"(?:at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+|no\s+later\s+than\s+)?" + _P,
        _P
        + _NOTICE_AFTER
        + r"\s+(?:of\s+)?(?:non-?\s?renewal|(?:its\s+)?intention\s+not\s+to\s+renew|(?:its\s+)?intent\s+not\s+to\s+renew"
        r"|that\s+it\s+does\s+not\s+wish\s+to\s+renew)",
    ),
    captions=_one(r"renewal"),
    home=_one(r"^\W*(?:term|duration)\b|renewal"),
    veto=_one(
        r"not\s+to\s+renew|non-?\s?renewal|wish\s+to\s+renew|renew\w*\s+automatically|automatic(?:ally)?\s+renew"
    ),
)
_DURATION = _Finder(
    keys=_key(r"continu|remain|\bruns?\b|\blasts?\b|initial\s+term|term\s+of\s+this"),
    values=_re(
        r"\b(?:continues?|remains?|runs?|lasts?|be\s+in\s+force|is\s+in\s+force)\s+"
        r"(?:in\s+(?:full\s+)?force\s+(?:and\s+effect\s+)?)?for\s+"
        r"(?:(?:an?|the)\s+(?:initial\s+)?(?:term|period)\s+of\s+)?"
        + _P
        + r"(?!\s*(?:after|following|from\s+(?:the\s+)?(?:termination|expiry|end)))",
        r"(?:initial\s+term|term\s+of\s+this\s+agreement)\s+(?:is|shall\s+be|will\s+be|of|equal\s+to)\s+"
        r"(?:(?:a\s+period\s+of|for)\s+)?" + _P,
        r"for\s+an?\s+initial\s+(?:term|period)\s+of\s+" + _P,
    ),
    require=_one(r"agreement|initial\s+term|\bterm\b"),
    exclude=_one(
        r"pilot|confiden|solicit|compet|exclusiv|insurance|insure|records|surviv|force\s+majeure|\bevent\b|breach"
        r"|licen[cs]e|warrant|retain|retention|data"
    ),
    home=_one(r"^\W*(?:term|duration)\b"),
    veto=_one(r"continu|remain\w*\s+in\s+(?:full\s+)?force|expir|initial\s+term|\bterm\s+of\b"),
)
_RENEWAL_PERIOD = _Finder(
    keys=_key(r"renew|extend|extension"),
    values=_re(
        r"(?:renew|extend)\w*\s+(?:automatically\s+)?(?:this\s+agreement\s+)?(?:automatically\s+)?for\s+(?:a\s+|an\s+)?"
        r"(?:further|successive|additional|consecutive|subsequent)\s+(?:(?:renewal\s+)?(?:periods?|terms?)\s+of\s+)?"
        + _P,
        r"(?:further|successive|additional|consecutive|subsequent)\s+(?:renewal\s+)?(?:periods?|terms?)\s+of\s+"
        + _P,
        r"(?:further|successive|additional|consecutive|subsequent)\s+"
        + _P
        + r"\s+(?:renewal\s+)?(?:periods?|terms?)",
    ),
    home=_one(r"^\W*(?:term|duration)\b|renewal"),
    veto=_one(r"renew|extend|extension"),
)
_PAYMENT_DAYS = _Finder(
    keys=_key(r"invoice|payable|payment|\bpaid\b|\bnet\s+\d"),
    values=_re(
        r"(?:invoices?|payments?|amounts?|sums?|fees?|charges?|royalties|commissions?)\b[^.;]{0,80}?"
        r"\b(?:payable|paid|due|settled|made|remitted)\s+(?:in\s+full\s+)?(?:(?:no|not)\s+later\s+than\s+)?within\s+"
        + _P
        + r"(?=\s*(?:[.;,]|$|(?:of|after|from|following)\s+(?:the\s+)?(?:date\s+of\s+|receipt\s+of\s+)?"
        r"(?:(?:its|their|the|an?)\s+)?(?:receipt|issue|issuance|invoice|date\s+of\s+(?:the\s+)?invoice|receiving)))",
        r"(?:pay|settle)\s+(?:each|every|all|any|the)\s+(?:undisputed\s+)?invoices?\b[^.;]{0,40}?\bwithin\s+"
        + _P,
        r"\b(?:pay|settle)\b[^.;]{0,60}?\bwithin\s+"
        + _P
        + r"(?=\s*(?:of|after|from|following)\s+(?:the\s+)?(?:date\s+of\s+)?(?:receipt|issue|(?:an?\s+|the\s+)?(?:valid\s+)?invoice))",
        r"\bnet\s+(?P<v>\d{1,3})\b",
    ),
    exclude=_one(r"audit|underpa|overpa|discrepanc|refund"),
    captions=None,
    home=_one(r"payment"),
    veto=_one(r"invoice|within\s+\S+\s+(?:\(\d+\)\s+)?days"),
)
_COMMISSION_TAIL = _Finder(
    keys=_key(r"commission"),
    values=_re(
        _P
        + r"\s+(?:after|following|from)\s+(?:it\s+ends|the\s+(?:end|expiry|expiration|termination)|(?:its\s+)?(?:termination|expiry|expiration))"
    ),
    home=_one(r"commission|economics|revenue"),
    veto=_one(r"commission"),
)
_PILOT_DURATION = _Finder(
    keys=_key(r"pilot"),
    values=_re(
        r"pilot\b[^.;]{0,40}?\b(?:runs?|lasts?|continues?|shall\s+run|will\s+run)\s+for\s+(?:a\s+period\s+of\s+)?"
        + _P,
        r"pilot\s+(?:period|phase)\s+of\s+" + _P,
    ),
    home=_one(r"pilot"),
    veto=_one(r"pilot"),
)


def _check_periods(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    exit_ = spec.exit if spec.exit not in (None, NA) else None
    if exit_ is not None:
        if exit_.convenience not in (None, NA):
            yield from _period_term(
                t,
                _CONVENIENCE,
                exit_.convenience.notice,
                "exit.convenience.notice",
                "the termination for convenience notice",
            )
        if exit_.cause not in (None, NA):
            yield from _period_term(
                t,
                _CURE,
                exit_.cause.cure_period,
                "exit.cause.cure_period",
                "the cure period for a breach",
            )
    term = spec.term if spec.term not in (None, NA) else None
    if term is not None:
        if term.end_date is None:
            yield from _period_term(
                t, _DURATION, term.duration, "term.duration", "the initial term"
            )
        renewal = term.renewal if term.renewal not in (None, NA) else None
        if renewal is not None and renewal.type != "none":
            yield from _period_term(
                t, _RENEWAL_PERIOD, renewal.period, "term.renewal.period", "the renewal period"
            )
            if renewal.type == "automatic":
                yield from _period_term(
                    t,
                    _NON_RENEWAL,
                    renewal.non_renewal_notice,
                    "term.renewal.non_renewal_notice",
                    "the notice of non-renewal",
                )
    economics = spec.economics if spec.economics not in (None, NA) else None
    if economics is not None:
        if economics.due_days is not None:
            yield from _due_days(t, economics.due_days)
        commission = economics.commission
        if commission is not None and commission.tail is not None:
            yield from _period_term(
                t,
                _COMMISSION_TAIL,
                commission.tail,
                "economics.commission.tail",
                "the commission tail after the agreement ends",
            )
    pilot = spec.pilot if spec.pilot not in (None, NA) else None
    if pilot is not None:
        yield from _period_term(
            t, _PILOT_DURATION, pilot.duration, "pilot.duration", "the duration of the pilot"
        )


def _due_days(t: _Text, days: int) -> Iterator[Deviation]:
    approved = Duration(days, "day")
    path, label = "economics.due_days", "the days to pay an invoice"
    spans = _PAYMENT_DAYS.spans(t)
    for start, end in spans:
        match = q.PERIOD_RE.match(t.text, start)
        if match is not None:
            period = q.parse_period(match)
        elif t.text[start:end].isdigit():
            period = q.Period(int(t.text[start:end]), "day")
        else:
            continue
        if period is None or q.same_period(approved, period):
            continue
        note = q.period_note(approved, period)
        yield Deviation(
            path, "money", label, str(approved), str(period), start, end, t.context(start), note
        )
    if not spans:
        where = _PAYMENT_DAYS.missing_at(t, q.PERIOD_RE)
        if where is not None:
            yield Deviation(path, "money", label, str(approved), None, *where)


# ---------------------------------------------------------------- dates

_EFFECTIVE_DATE = _Finder(
    keys=_key(r"effective\s+date"),
    values=_re(
        _D + r"\s*\(\s*(?:the\s+|this\s+)?[\"“”']?Effective\s+Date",
        r"Effective\s+Date[\"”']?\s*(?::|means|is|shall\s+be|will\s+be)\s*" + _D,
    ),
    home=None,
    veto=_one(r"effective\s+date|dated|made\s+on|entered\s+into"),
)
# the date of the agreement, read in its preamble only ("the Services Agreement dated 1
# January 2020" in a clause is another agreement's date)
_AGREEMENT_DATE = _Finder(
    keys=_key(r"dated|made\s+on|entered\s+into|effective"),
    values=_re(
        r"(?:made|dated|entered\s+into)\s+(?:on\s+|as\s+of\s+|this\s+)?(?:the\s+)?" + _D,
        r"effective\s+(?:as\s+of|on|from)\s+" + _D,
    ),
)
_END_DATE = _Finder(
    keys=_key(r"until|ending\s+on|expire|end\s+on|terminate\s+on"),
    values=_re(
        r"(?:until|ending\s+on|expires?\s+on|ends?\s+on|terminates?\s+on)\s+(?:and\s+including\s+)?"
        + _D
    ),
    require=_one(r"agreement|\bterm\b"),
    exclude=_one(r"pilot|exclusiv|compet|licen[cs]"),
    home=_one(r"^\W*(?:term|duration)\b"),
    veto=_one(r"until|expir"),
)
_DECISION_DATE = _Finder(
    keys=_key(r"decide|decision"),
    values=_re(r"(?:\bby|on\s+or\s+before|(?:no|not)\s+later\s+than)\s+" + _D),
    home=_one(r"pilot"),
    veto=_one(r"decide|decision"),
)


def _date_term(
    t: _Text,
    finder: _Finder,
    approved: date | None,
    path: str,
    label: str,
    more: Sequence[tuple[int, int]] = (),
) -> Iterator[Deviation]:
    if approved is None:
        return
    spans = sorted({*finder.spans(t), *more})
    for start, end in spans:
        match = q.DATE_RE.match(t.text, start)
        found = q.parse_date(match) if match else None
        if found is None or found == approved:
            continue
        yield Deviation(
            path,
            "dates",
            label,
            q.date_text(approved),
            q.date_text(found),
            start,
            end,
            t.context(start),
        )
    if not spans:
        where = finder.missing_at(t, q.DATE_RE)
        if where is not None:
            yield Deviation(path, "dates", label, q.date_text(approved), None, *where)


def _check_dates(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    when = spec.agreement.effective_date
    if when is not None:
        opening = [
            (start, end)
            for start, end in _AGREEMENT_DATE.spans(t)
            if start < names.preamble_end + 200
        ]
        yield from _date_term(
            t, _EFFECTIVE_DATE, when, "agreement.effective_date", "the effective date", opening
        )
    term = spec.term if spec.term not in (None, NA) else None
    if term is not None and term.end_date is not None:
        yield from _date_term(t, _END_DATE, term.end_date, "term.end_date", "the end of the term")
    pilot = spec.pilot if spec.pilot not in (None, NA) else None
    if pilot is not None:
        yield from _date_term(
            t,
            _DECISION_DATE,
            pilot.decision_date,
            "pilot.decision_date",
            "the date of the go or no-go decision",
        )


# ---------------------------------------------------------------- money

_CAP = _Finder(
    keys=_key(r"liab"),
    values=_re(
        r"(?:limited\s+to|shall\s+not\s+exceed|will\s+not\s+exceed|not\s+exceed|capped\s+at|cap\s+of"
        r"|maximum\s+(?:aggregate\s+)?(?:amount\s+|liability\s+)?of)\s+"
        r"(?:(?:the\s+)?(?:higher|greater|lesser|lower)\s+of\s+)?(?:an?\s+(?:aggregate\s+)?(?:amount|sum)\s+(?:of|equal\s+to)\s+)?"
        r"(?:in\s+(?:the\s+)?aggregate\s+)?" + _M,
    ),
    require=_one(r"limit|exceed|\bcap|maximum"),
    exclude=_one(r"insur"),
    captions=_one(
        r"limitation\s+of\s+liability|cap\s+on\s+liability|liability\s+cap|^\W*liability\b"
    ),
    home=_one(r"liabil"),
    veto=_one(r"liab\w*[^.;]{0,200}?(?:limited|exceed|\bcap|maximum)"),
)
_INVESTMENT = _Finder(
    keys=_key(r"pilot"),
    values=_re(
        r"investment\s+in\s+the\s+pilot\s+(?:is|shall\s+be|will\s+be|of)\s+" + _M,
        r"(?:budget|investment|cost)\s+(?:for|of)\s+the\s+pilot\s+(?:is|shall\s+be|will\s+be|of)\s+"
        + _M,
        r"pilot\s+(?:budget|investment|fee)\s+(?:is|shall\s+be|will\s+be|of)\s+" + _M,
    ),
    home=_one(r"pilot"),
    veto=_one(r"pilot"),
)
_COMMISSION_RATE = _Finder(
    keys=_key(r"commission"),
    values=_re(
        r"commission\s+(?:rate\s+)?(?:of|equal\s+to|at(?:\s+(?:a|the)\s+rate\s+of)?|amounting\s+to)\s+"
        + _PC,
        _PC + r"\s+commission",
        r"commission\s+rate\s+(?:is|shall\s+be|will\s+be|:)\s+" + _PC,
    ),
    home=_one(r"commission|economics|revenue"),
    veto=_one(r"commission"),
)
_CURRENCY = _Finder(
    keys=_key(
        r"\b(?:paid|payable|made|invoiced|calculated|denominated|expressed|settled|remitted)\b"
    ),
    values=(
        re.compile(
            r"(?i:paid|payable|made|invoiced|calculated|denominated|expressed|settled|remitted)\b[^.;]{0,50}?"
            r"\b(?i:in)\s+(?:(?i:the\s+currency\s+of)\s+)?(?:(?i:the)\s+)?(?P<v>"
            + q.CURRENCY_WORD_RE.pattern.removeprefix(r"\b")
            + ")"
        ),
    ),
    home=_one(r"payment"),
    veto=_one(r"."),  # an amount in another currency is compared where it is stated
)


def _money_term(
    t: _Text, finder: _Finder, approved: Money | None, path: str, label: str
) -> Iterator[Deviation]:
    if approved is None:
        return
    spans = finder.spans(t)
    for start, end in spans:
        match = q.MONEY_RE.match(t.text, start)
        found = q.parse_money(match) if match else None
        if found is None or q.same_money(approved, found):
            continue
        yield Deviation(
            path, "money", label, str(approved), str(found), start, end, t.context(start)
        )
    if not spans:
        where = finder.missing_at(t, q.MONEY_RE)
        if where is not None:
            yield Deviation(path, "money", label, str(approved), None, *where)


def _check_money(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    liability = spec.liability if spec.liability not in (None, NA) else None
    if liability is not None:
        yield from _money_term(t, _CAP, liability.cap, "liability.cap", "the cap on liability")
    pilot = spec.pilot if spec.pilot not in (None, NA) else None
    if pilot is not None:
        yield from _money_term(
            t, _INVESTMENT, pilot.investment, "pilot.investment", "the investment in the pilot"
        )
    economics = spec.economics if spec.economics not in (None, NA) else None
    if economics is None:
        return
    commission = economics.commission
    if commission is not None:
        approved = Decimal(str(commission.rate_percent))
        spans = _COMMISSION_RATE.spans(t)
        for start, end in spans:
            match = q.PERCENT_RE.match(t.text, start)
            found = q.parse_percent(match) if match else None
            if found is None or q.same_percent(commission.rate_percent, found):
                continue
            yield Deviation(
                "economics.commission.rate_percent",
                "money",
                "the commission rate",
                q.percent_text(approved),
                q.percent_text(found),
                start,
                end,
                t.context(start),
            )
        if not spans:
            where = _COMMISSION_RATE.missing_at(t, q.PERCENT_RE)
            if where is not None:
                yield Deviation(
                    "economics.commission.rate_percent",
                    "money",
                    "the commission rate",
                    q.percent_text(approved),
                    None,
                    *where,
                )
    if economics.currency:
        for start, end in _CURRENCY.spans(t):
            match = q.CURRENCY_WORD_RE.match(t.text, start)
            if match is None:
                continue
            code = q.currency_of(match)
            if q.same_currency(economics.currency, code):
                continue
            yield Deviation(
                "economics.currency",
                "money",
                "the currency of payments",
                economics.currency,
                t.text[start:end],
                start,
                end,
                t.context(start),
            )
    yield from _fees(t, spec, names)
    yield from _splits(t, spec, names)
    yield from _royalties(t, spec, names)


# ---------------------------------------------------------------- parties and their names


@dataclass
class _Entry:
    """A party as the preamble lists it: its name, and the name it is called by after."""

    name: str
    name_start: int
    name_end: int
    short: str
    short_start: int
    short_end: int


@dataclass
class _Names:
    """The parties' names in the document: each spec party's aliases (legal name, the
    spec's short name, the name the document's preamble gives it), as patterns."""

    parties: list[Party]
    entries: dict[int, _Entry] = field(default_factory=dict)  # spec index -> preamble entry
    patterns: list[re.Pattern[str] | None] = field(default_factory=list)
    anyone: re.Pattern[str] | None = None  # any alias of any party, group "who"
    preamble_end: int = 0

    @classmethod
    def of(cls, t: _Text, spec: AgreementSpec) -> _Names:
        parties = list(spec.parties[:MAX_ITEMS])
        names = cls(parties)
        entries, names.preamble_end = _preamble_entries(t)
        names.entries = _match_entries(parties, entries)
        alternatives = []
        for i, party in enumerate(parties):
            aliases = [party.legal_name, party.short_name or ""]
            entry = names.entries.get(i)
            if entry is not None:
                aliases += [entry.short, entry.name]
            pats = sorted(
                {p for a in aliases if a and (p := q.name_pattern(a))}, key=len, reverse=True
            )
            names.patterns.append(re.compile("|".join(pats), _I) if pats else None)
            alternatives.extend(pats)
        if alternatives:
            ordered = sorted(set(alternatives), key=len, reverse=True)
            names.anyone = re.compile("(?P<who>" + "|".join(ordered) + ")", _I)
        return names

    def who(self, text: str) -> int | None:
        """The index of the party ``text`` names (the whole of it), or None."""
        text = text.strip(" \t\n\"“”'‘’:|-–—•*,.;")
        text = re.sub(r"^(?:\(?[a-z0-9]{1,4}[.)]\s+)?(?:the\s+|a\s+)?", "", text, flags=_I)
        for i, pattern in enumerate(self.patterns):
            if pattern is not None and pattern.fullmatch(text):
                return i
        return None


_PREAMBLE_STOP = re.compile(
    r"\n[ \t]*(?i:background|recitals|whereas|contents|table\s+of\s+contents|now,?\s+therefore"
    r"|it\s+is\s+(?:hereby\s+)?agreed|definitions|1\.?[ \t]+[A-Z])"
    r"|\b(?:BACKGROUND|RECITALS|WHEREAS|CONTENTS|NOW,?\s+THEREFORE|IT\s+IS\s+(?:HEREBY\s+)?AGREED)\b"
)
_DEFINED = re.compile(
    r"\(\s*(?:(?:hereinafter|hereafter)\s+(?:(?:referred\s+to\s+as|called)\s+)?)?(?:the\s+)?"
    r"[\"“”']([^\"“”'()]{1,80})[\"“”']\s*\)",
    _I,
)
_NOT_PARTY = re.compile(r"^(?:effective\s+date|agreement|part(?:y|ies)|this\s+agreement)$", _I)
_ENTRY_START = re.compile(
    r"\bbetween\b\s*:?|\bBETWEEN\b|;|(?:^|\n)[ \t]*(?:\(?[A-Za-z0-9]{1,3}\)|\d{1,2}\.)[ \t]+"
    r"|(?:^|[,;)\n])\s*and\s+(?=[A-Z\"“])",
)
_NAME_END = re.compile(
    r",\s+(?:an?|the)\s|,\s+(?:whose|having|incorporated|registered|organi[sz]ed|with|company|acting)\b"
    r"|\s+\(|;|\s+(?:incorporated|registered|organi[sz]ed|whose|having|with\s+company)\b|,\s*$"
)
_PREAMBLE_MAX = 20_000


def _preamble_entries(t: _Text) -> tuple[list[_Entry], int]:
    """The parties the preamble lists, from their defined short names ("the "Distributor"")."""
    text = t.text
    limit = min(len(text), _PREAMBLE_MAX)
    first = _DEFINED.search(text, 0, limit)
    stop = _PREAMBLE_STOP.search(text, first.end() if first else 0, limit)
    end = stop.start() if stop else limit
    entries: list[_Entry] = []
    previous = 0
    for match in _DEFINED.finditer(text, 0, end):
        short = " ".join(match.group(1).split())
        if _NOT_PARTY.match(short):
            previous = match.end()
            continue
        starts = [m.end() for m in _ENTRY_START.finditer(text, previous, match.start())]
        lo = starts[-1] if starts else previous
        segment = text[lo : match.start()]
        lead = len(segment) - len(segment.lstrip(" \t\n:,"))
        lead += _name_lead(segment[lead:])
        cut = _NAME_END.search(segment, lead)
        name_end = lo + (cut.start() if cut else len(segment.rstrip(" \t\n,")))
        name = _flat(text[lo + lead : name_end]).strip(" ,")
        previous = match.end()
        if not name or len(name) > 200:
            continue
        entries.append(_Entry(name, lo + lead, name_end, short, match.start(1), match.end(1)))
    return entries, end


_LEAD = re.compile(r"(?:(?:by\s+and\s+)?between|and|among|\(?[a-z0-9]{1,3}[.)]|[:;,])\s+", _I)


def _name_lead(segment: str) -> int:
    """How many characters before a party's name are list markers and joining words."""
    at = 0
    while (match := _LEAD.match(segment, at)) is not None and match.end() > at:
        at = match.end()
    return at


def _match_entries(parties: list[Party], entries: list[_Entry]) -> dict[int, _Entry]:
    """Which preamble entry is which spec party: same short name, then same legal name,
    then most shared words; what is left, in order when the counts agree."""
    out: dict[int, _Entry] = {}
    free = list(range(len(entries)))
    tests: tuple[Callable[[Party, _Entry], bool], ...] = (
        lambda p, e: bool(p.short_name) and q.same_name(p.short_name or "", e.short),
        lambda p, e: q.same_name(p.legal_name, e.name),
        lambda p, e: _overlap(p.legal_name, e.name) >= 0.5,
    )
    for test in tests:
        for i, party in enumerate(parties):
            if i in out:
                continue
            j = next((j for j in free if test(party, entries[j])), None)
            if j is not None:
                out[i] = entries[j]
                free.remove(j)
    rest = [i for i in range(len(parties)) if i not in out]
    if rest and len(rest) == len(free) and len(entries) == len(parties):
        for i, j in zip(rest, free, strict=True):
            out[i] = entries[j]
    return out


def _overlap(a: str, b: str) -> float:
    ta, tb = set(q.name_tokens(a)), set(q.name_tokens(b))
    return len(ta & tb) / max(1, len(ta | tb))


_LABEL = re.compile(
    r"(?P<label>By|Signature|Signed|Name|Print(?:ed)?\s+[Nn]ame|Full\s+[Nn]ame|Title|Position|Designation|Capacity|Its|Date)"
    r"[ \t]*:[ \t]*",
)
_SIGNING_LINE = re.compile(r"[ \t]*[_.…]{3,}")
_NAME_LABELS = frozenset({"name", "printed name", "print name", "full name"})
_TITLE_LABELS = frozenset({"title", "position", "designation", "capacity", "its"})
_BLANK = re.compile(r"^[\s_.\-…]*$")
_SIGNATURES_START = re.compile(
    r"\n[ \t]*(?:signatures?|execution(?:\s+page)?|signature\s+page)[ \t]*\n"
    r"|IN\s+WITNESS\s+WHEREOF|In\s+[Ww]itness\s+[Ww]hereof",
    _I,
)
_SIGNED_LINE = re.compile(r"\n[ \t]*(?:Signed|SIGNED|Executed|EXECUTED)\b")
_SCHEDULE = re.compile(
    r"\n[ \t]*(?:SCHEDULE|Schedule|ANNEX|Annex|EXHIBIT|Exhibit|APPENDIX|Appendix)\b"
)
_BEHALF = re.compile(
    r"^(?:(?:signed|executed)\s+)?(?:(?:for\s+and\s+)?on\s+behalf\s+of|for|by)\s+|\s+(?:acting\s+)?by\s+its\s+.*$"
    r"|\s+acting(?:\s+by)?\s*:?$|\s+by\s*:?$|:$",
    _I,
)


@dataclass
class _Block:
    heading: str
    heading_start: int
    heading_end: int
    fields: dict[str, tuple[str, int, int]]


def _signature_blocks(t: _Text) -> tuple[list[_Block], int]:
    """The signature blocks after the last "Signatures" / "IN WITNESS WHEREOF" heading: each
    block's heading (the party's name) and its fields (name, title ...)."""
    text = t.text
    start = _SIGNATURES_START.search(text)
    if start is None:
        start = next(
            (m for m in _SIGNED_LINE.finditer(text) if _LABEL.search(text, m.end(), m.end() + 400)),
            None,
        )
    if start is None:
        return [], -1
    begin = start.start()
    stop = _SCHEDULE.search(text, start.end())
    end = stop.start() if stop else len(text)
    blocks: list[_Block] = []
    current: _Block | None = None
    cursor = start.end()
    labels = list(_LABEL.finditer(text, begin, end))
    for i, match in enumerate(labels):
        label = " ".join(match.group("label").lower().split())
        value_end = labels[i + 1].start() if i + 1 < len(labels) else end
        newline = text.find("\n", match.end(), value_end)
        if newline >= 0:
            value_end = newline
        line = _SIGNING_LINE.match(text, match.end(), value_end)
        if line is not None:  # "By: ______ SIGNED for ...": the line, then the next heading
            value_end = line.end()
        raw = text[match.end() : value_end]
        signing = ("by", "signature", "signed")
        starts_block = (
            current is None
            or label in current.fields
            or (label in signing and any(k in current.fields for k in signing))
        )
        if starts_block:
            heading = _heading_name(text[cursor : match.start()])
            pattern = q.name_pattern(heading) if heading else None
            spot = re.search(pattern, text[cursor : match.start()], _I) if pattern else None
            if spot is not None:
                span = (cursor + spot.start(), cursor + spot.end())
            else:
                span = (match.start(), match.start())
            current = _Block(heading, span[0], span[1], {})
            blocks.append(current)
        assert current is not None
        value_text = raw.strip()
        current.fields[label] = (
            value_text,
            match.end() + (len(raw) - len(raw.lstrip())),
            value_end,
        )
        cursor = value_end
    return blocks, begin


def _heading_name(region: str) -> str:
    """The party's name above a signature block: the last paragraph before it, after the
    last sentence that ends in it ("... on the dates written below."), without "SIGNED for
    and on behalf of"."""
    para = re.split(r"\n[ \t]*\n", region.strip())[-1]
    cut = 0
    for match in re.finditer(r"(\w+)[.:](?=\s)", para):
        word = match.group(1).lower()
        if word in _ABBREVIATIONS or len(word) == 1 or not para[match.end() :].strip():
            continue
        cut = match.end()
    heading = _flat(para[cut:])
    for _ in range(2):
        heading = _BEHALF.sub("", heading).strip(" :,")
    return heading


def _check_parties(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    text = t.text
    for i, party in enumerate(names.parties):
        entry = names.entries.get(i)
        path = f"parties[{i}]"
        if entry is not None:
            if not q.same_name(party.legal_name, entry.name):
                yield Deviation(
                    f"{path}.legal_name",
                    "parties",
                    f"the legal name of {party.name}",
                    party.legal_name,
                    entry.name,
                    entry.name_start,
                    entry.name_end,
                    "preamble",
                )
            if party.short_name and not q.same_name(party.short_name, entry.short):
                yield Deviation(
                    f"{path}.short_name",
                    "parties",
                    f"the name {party.legal_name} is called by",
                    party.short_name,
                    entry.short,
                    entry.short_start,
                    entry.short_end,
                    "preamble",
                )
            continue
        pattern = q.name_pattern(party.legal_name)
        if pattern is not None and re.search(pattern, text, _I):
            continue  # named, though not in a preamble entry we can read
        if names.entries or re.search(r"\bbetween\b", text[: names.preamble_end], _I):
            start, end = t.first_line()
            yield Deviation(
                f"{path}.legal_name",
                "parties",
                f"the legal name of {party.name}",
                party.legal_name,
                None,
                start,
                end,
                "preamble",
            )
    yield from _signatories(t, names)


def _signatories(t: _Text, names: _Names) -> Iterator[Deviation]:
    blocks, _ = _signature_blocks(t)
    parties = names.parties
    if not any(p.signatory for p in parties):
        return
    owner: dict[int, int] = {}  # block -> party
    for b, block in enumerate(blocks):
        who = names.who(block.heading) if block.heading else None
        if who is None and names.anyone is not None and block.heading:
            hit = names.anyone.search(block.heading)
            who = names.who(hit.group("who")) if hit else None
        if who is not None and who not in owner.values():
            owner[b] = who
    if len(blocks) == len(parties):  # the rest in order, when the counts agree
        free = [i for i in range(len(parties)) if i not in owner.values()]
        rest = [b for b in range(len(blocks)) if b not in owner]
        for b, i in zip(rest, free, strict=False):
            if blocks[b].heading:
                owner[b] = i
    signed = set(owner.values())
    for b, i in sorted(owner.items(), key=lambda item: item[0]):
        block, party = blocks[b], parties[i]
        path = f"parties[{i}]"
        if block.heading and names.who(block.heading) is None:
            yield Deviation(
                f"{path}.legal_name",
                "parties",
                f"the legal name of {party.name} in its signature block",
                party.legal_name,
                block.heading,
                block.heading_start,
                block.heading_end,
                "signature block",
            )
        signatory = party.signatory
        if signatory is None:
            continue
        name = next((block.fields[k] for k in block.fields if k in _NAME_LABELS), None)
        if (
            name is not None
            and not _BLANK.match(name[0])
            and q.person_tokens(name[0]) != q.person_tokens(signatory.name)
        ):
            yield Deviation(
                f"{path}.signatory.name",
                "parties",
                f"the signatory of {party.name}",
                signatory.name,
                name[0],
                name[1],
                name[2],
                "signature block",
            )
        title = next((block.fields[k] for k in block.fields if k in _TITLE_LABELS), None)
        if (
            signatory.title
            and title is not None
            and not _BLANK.match(title[0])
            and not q.same_title(signatory.title, title[0])
        ):
            yield Deviation(
                f"{path}.signatory.title",
                "parties",
                f"the title of the signatory of {party.name}",
                signatory.title,
                title[0],
                title[1],
                title[2],
                "signature block",
            )
    if blocks and len(owner) == len(blocks):  # every block is someone's: the rest have none
        for i, party in enumerate(parties):
            if i in signed or party.signatory is None:
                continue
            start = blocks[-1].heading_start
            yield Deviation(
                f"parties[{i}].signatory",
                "parties",
                f"the signature block of {party.name}",
                f"{party.signatory.name}, {party.signatory.title}"
                if party.signatory.title
                else party.signatory.name,
                None,
                start,
                blocks[-1].heading_end,
                "signature block",
            )


# ---------------------------------------------------------------- shares, fees and royalties


def _mentions(text: str, patterns: Sequence[str | None]) -> list[tuple[int, int, int]]:
    """(start, end, index) of each mention of one of ``patterns`` (regular expressions for
    ``re.IGNORECASE``), in text order; where two start at the same place the longer wins, and
    a mention is never inside another ("Buoys sold" inside "Cumulative buoys sold" is the
    longer one's).

    A name's pattern (quantities.name_pattern) starts with its first word: each is tried only
    where the text has that word, found in one scan of the words. One alternation of them all
    was tried at every position: 343 KPI names took 4 s over a 160-page agreement.
    """
    order = sorted((k for k, p in enumerate(patterns) if p), key=lambda k: -len(patterns[k] or ""))
    by_word: dict[str, list[int]] = {}
    other: list[int] = []
    for k in order:
        word = _first_word(patterns[k] or "")
        if word is None:
            other.append(k)
        else:
            by_word.setdefault(word.casefold(), []).append(k)
    found: list[tuple[int, int, int]] = []
    if other:
        combined = re.compile("|".join(f"(?P<m{k}>{patterns[k]})" for k in other), _I)
        found = [
            (m.start(), m.end(), int((m.lastgroup or "m0")[1:])) for m in combined.finditer(text)
        ]
    if by_word:
        compiled: dict[int, re.Pattern[str]] = {}
        last = -1
        for token in _WORD.finditer(text):
            if token.start() < last:
                continue
            for k in by_word.get(token.group().casefold(), ()):
                if k not in compiled:
                    compiled[k] = re.compile(patterns[k] or "", _I)
                hit = compiled[k].match(text, token.start())
                if hit:
                    found.append((hit.start(), hit.end(), k))
                    last = hit.end()
                    break
    if not other or not by_word:
        return found
    # two kinds of pattern: in text order, the longer first at one place, none inside another
    found.sort(key=lambda m: (m[0], m[0] - m[1]))
    kept: list[tuple[int, int, int]] = []
    for mention in found:
        if not kept or mention[0] >= kept[-1][1]:
            kept.append(mention)
    return kept


_WORD = re.compile(r"[^\W_]+")
_NAME_START = r"(?<![^\W_])"
_NAME_SEP = r"[\W_]{0,6}"


def _first_word(pattern: str) -> str | None:
    """The literal first word of a name pattern (``(?<![^\\W_])word[\\W_]{0,6}...``), or None
    when it starts otherwise (alternatives, a pattern of another shape)."""
    if not pattern.startswith(_NAME_START):
        return None
    first = pattern[len(_NAME_START) :].split(_NAME_SEP, 1)[0].split("(?!", 1)[0]
    return first if _WORD.fullmatch(first) else None


_SHARE_WORDS = re.compile(
    r"shar|split|proportion|percentage|allocat|distribut|profit|revenue|\bcosts?\b", _I
)
_LINE_SHARE = re.compile(
    r"[ \t]*(?:[-•*|][ \t]*)?(?P<name>[^\n|:\t]{1,120}?)[ \t]*(?:[:|\t–—-]|\.{2,})?[ \t]*(?P<pct>"
    + q.PERCENT_RE.pattern
    + r")[ \t]*(?:of\b[^\n]{0,60})?[;,.]?[ \t]*(?:and|or)?\|?[ \t]*",
    _I,
)
_SHARE_CAPTIONS = re.compile(
    r"revenue|profit|shar|split|distribution|economics|costs?\b|consideration|payment", _I
)


def _share_sentences(t: _Text, names: _Names) -> list[tuple[int, int, int, str]]:
    """(party, start, end, context) of each percentage stated as one party's share."""
    text = t.text
    out: list[tuple[int, int, int, str]] = []
    # DOCX tables: a row with one cell naming a party and one cell holding only a percentage
    cells_read = 0
    for rows in t.tables().values():
        cells_read += sum(len(cells) for cells in rows.values())
        if cells_read > MAX_CELLS:
            break
        header = " ".join(_flat(text[s:e]) for _, s, e in rows.get(0, []))
        first = min((s for row in rows.values() for _, s, _e in row), default=0)
        if not _SHARE_WORDS.search(header) and not _SHARE_WORDS.search(
            text, max(0, first - 300), first
        ):
            continue
        for row, cells in rows.items():
            if row == 0:
                continue
            named = [names.who(text[s:e]) for _, s, e in cells]
            pcts = [(s, e) for _, s, e in cells if q.PERCENT_RE.fullmatch(text[s:e].strip())]
            parties = [w for w in named if w is not None]
            if len(parties) == 1 and len(pcts) == 1:
                s, e = pcts[0]
                lead = len(text[s:e]) - len(text[s:e].lstrip())
                out.append((parties[0], s + lead, s + len(text[s:e].rstrip()), "table"))
    # PDF and text lines: "Northwind 60%", "Northwind: 60 per cent", "| Northwind | 60% |"
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = nl if nl >= 0 else len(text)
        if t.cell_at(pos) is None and (
            "%" in text[pos:line_end] or "cent" in text[pos:line_end].lower()
        ):
            match = _LINE_SHARE.fullmatch(text, pos, line_end)
            if match is not None:
                who = names.who(match.group("name"))
                if who is not None and _SHARE_WORDS.search(text, max(0, pos - 400), line_end):
                    out.append((who, match.start("pct"), match.end("pct"), "table"))
        pos = line_end + 1
    # prose: "Northwind receives 60%", "60% to BrightPath"
    if names.anyone is not None and len(names.parties) <= MAX_PROSE_PARTIES:
        who_re = names.anyone.pattern
        prose = (
            re.compile(
                who_re
                + r"(?:['’]s?)?(?:\s+(?:share|portion|proportion|allocation))?(?:\s*:\s*|\s+(?:is\s+|shall\s+be\s+|will\s+be\s+|[-–]\s*|"
                r"(?:shall\s+|will\s+)?(?:receives?|retains?|gets?|is\s+entitled\s+to)\s+))"
                r"(?:an?\s+share\s+of\s+|an?\s+amount\s+equal\s+to\s+)?" + _PC,
                _I,
            ),
            re.compile(  # a list: "Northwind sixty per cent (60%); BrightPath forty per cent (40%)"
                who_re + r"\s+" + _PC + r"(?=\s*(?:[;,.]|\band\b|$))",
                _I,
            ),
            re.compile(
                _PC
                + r"\s+(?:of\s+(?:the\s+)?[\w ]{0,40}?\s+)?(?:to|for|payable\s+to|is\s+allocated\s+to|goes\s+to)\s+(?:the\s+)?"
                + who_re,
                _I,
            ),
        )
        for lo, hi in t.sentences(_SHARE_WORDS):
            for pattern in prose:
                for match in pattern.finditer(text, lo, hi):
                    who = names.who(match.group("who"))
                    if who is not None and t.cell_at(match.start("v")) is None:
                        out.append((who, match.start("v"), match.end("v"), ""))
    unique = {(who, start, end): context for who, start, end, context in reversed(out)}
    return sorted(((*key, context) for key, context in unique.items()), key=lambda item: item[1])


def _splits(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    economics = spec.economics
    if economics in (None, NA) or not economics.splits:
        return
    index = {p.id: i for i, p in enumerate(names.parties)}
    basis = {"revenue_share": "revenue ", "profit_share": "profit ", "cost_share": "cost "}.get(
        economics.model, ""
    )
    stated = _share_sentences(t, names)
    text = t.text
    for k, split in enumerate(economics.splits[:MAX_ITEMS]):
        i = index.get(split.party)
        if i is None:
            continue
        party = names.parties[i]
        path, label = f"economics.splits[{k}].percent", f"the {basis}share of {party.name}"
        approved = q.percent_text(Decimal(str(split.percent)))
        mine = [(s, e, context) for who, s, e, context in stated if who == i]
        for start, end, context in mine:
            match = q.PERCENT_RE.match(text, start)
            found = q.parse_percent(match) if match else None
            if found is None or q.same_percent(split.percent, found):
                continue
            yield Deviation(
                path, "money", label, approved, q.percent_text(found), start, end, context
            )
        if not mine:
            own = t.captioned(_SHARE_CAPTIONS)
            if own and not any(q.PERCENT_RE.search(text, s.body_start, s.end) for s in own):
                start, end = t.heading(own[0])
                yield Deviation(path, "money", label, approved, None, start, end)
            elif not own and not any(True for _ in t.sentences(_SHARE_WORDS)):
                start, end = t.first_line()
                yield Deviation(path, "money", label, approved, None, start, end, "no such clause")


def _head_words(description: str) -> str:
    """The words that name a fee: up to its first "fee", "royalty" or "charge", else three."""
    words = description.split()
    for n, word in enumerate(words[:8]):
        if re.match(r"(?:fees?|royalt\w*|charges?|payments?)\W*$", word, _I):
            return " ".join(words[: n + 1])
    return " ".join(words[:3])


_CLAUSE_END = re.compile(r"[.;](?=\s+[A-Z])|\n[ \t]*\n")


def _fees(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    economics = spec.economics
    if economics in (None, NA) or not economics.fees:
        return
    text = t.text
    fees = list(economics.fees[:MAX_ITEMS])
    mentions = _mentions(text, [q.name_pattern(_head_words(fee.description)) for fee in fees])
    by_fee: dict[int, list[int]] = {}
    for n, (_, _, which) in enumerate(mentions):
        by_fee.setdefault(which, []).append(n)
    for k, fee in enumerate(fees):
        path, label = f"economics.fees[{k}].amount", f"the {_head_words(fee.description).lower()}"
        stated = 0
        for n in by_fee.get(k, ()):
            end = mentions[n][1]
            stop = min(end + 250, mentions[n + 1][0] if n + 1 < len(mentions) else len(text))
            sentence_end = _CLAUSE_END.search(text, end, stop)
            if sentence_end is not None and t.cell_at(end) is None:
                stop = sentence_end.start()
            money = q.MONEY_RE.search(text, end, stop)
            if money is None:
                continue
            found = q.parse_money(money)
            stated += 1
            if found is None or q.same_money(fee.amount, found):
                continue
            yield Deviation(
                path,
                "money",
                label,
                str(fee.amount),
                str(found),
                money.start(),
                money.end(),
                t.context(money.start()),
            )
        if not stated and not re.search(r"\bfees?\b", text, _I):
            start, end = t.first_line()
            yield Deviation(
                path, "money", label, str(fee.amount), None, start, end, "no such clause"
            )


_ROYALTY = re.compile(r"royalt", _I)


def _near_royalties(t: _Text) -> Iterator[re.Match[str]]:
    """Percentages in a sentence that mentions royalties, or up to 300 characters after the
    word (a table's "Royalty" column heading); each region read once."""
    text, reach = t.text, 0
    for lo, hi in t.sentences(_ROYALTY):
        for word in _ROYALTY.finditer(text, lo, hi):
            hi = max(hi, min(len(text), word.end() + 300))
        start = max(lo, reach)
        reach = max(reach, hi)
        yield from q.PERCENT_RE.finditer(text, start, hi)


def _royalties(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    ip = spec.ip
    if ip in (None, NA) or not ip.licences:
        return
    text = t.text
    licences = [
        (k, lic) for k, lic in enumerate(ip.licences[:MAX_ITEMS]) if lic.royalty_percent is not None
    ]
    if not licences:
        return
    subjects = [
        q.name_pattern(" ".join(re.findall(r"[^\W_]+", lic.subject)[:6])) for _, lic in licences
    ]
    hits = _mentions(text, subjects)
    mentions = [(end, licences[n][0]) for _, end, n in hits]
    ends = [m[0] for m in mentions]
    by_index = dict(licences)
    for match in _near_royalties(t):
        start = match.start()
        if re.match(
            r"\s*(?:a\s+year|per\s+annum|above|over\s+the)",
            text[match.end() : match.end() + 20],
            _I,
        ):
            continue
        i = bisect.bisect_right(ends, start) - 1
        if i < 0 or start - ends[i] > 600:
            continue
        k = mentions[i][1]
        licence = by_index[k]
        found = q.parse_percent(match)
        if found is None or q.same_percent(licence.royalty_percent or 0, found):
            continue
        yield Deviation(
            f"ip.licences[{k}].royalty_percent",
            "money",
            f"the royalty for {licence.subject}",
            q.percent_text(Decimal(str(licence.royalty_percent))),
            q.percent_text(found),
            start,
            match.end(),
            t.context(start),
        )


# ---------------------------------------------------------------- law and forum

_LAW = _Finder(
    keys=_key(r"govern"),
    values=_re(
        r"governed\s+by\b[^.;]{0,100}?\blaws?\s+(?:in\s+force\s+in\s+|of\s+)(?P<v>[^.;:()]{2,120}?)"
        r"(?=\s*(?:[.;,(]|\bwithout\b|\bexcluding\b|\bexcept\b|\band\s+(?:the\s+)?(?:parties|each)\b|$))",
        r"governed\s+by\s+(?:and\s+(?:construed|interpreted)\s+in\s+accordance\s+with\s+)?(?:the\s+)?"
        r"(?P<v>(?-i:[A-Z])[\w]+(?:\s+(?-i:[A-Z])[\w]+){0,3})\s+law\b",
        r"governing\s+law\s*:\s*(?:the\s+)?(?:laws?\s+of\s+)?(?P<v>[^.;\n]{2,80})",
    ),
    require=_one(r"this\s+agreement|the\s+agreement|this\s+contract|dispute|claim|governing\s+law"),
    captions=_one(r"governing\s+law|applicable\s+law|choice\s+of\s+law"),
    home=_one(r"governing\s+law|applicable\s+law|general|miscellaneous|boilerplate"),
    veto=_one(r"govern\w*\s+by|governing\s+law|applicable\s+law|\blaws?\s+of\b"),
)
_RULES = _Finder(
    keys=_key(r"arbitra"),
    values=_re(
        r"arbitration\b[^.;]{0,100}?\b(?:under|in\s+accordance\s+with|pursuant\s+to|according\s+to)\s+(?:the\s+)?"
        r"(?!sections?\b|clauses?\b|articles?\b|this\b|paragraph)(?P<v>[^.;(]{2,150}?)"
        r"(?=\s*(?:[.;(]|,|\bwhich\b|\bthen\b|\bby\s+(?:one|three|a\s+sole)\b|$))",
        r"arbitration\s+administered\s+by\s+(?:the\s+)?(?P<v>[^.;,]{2,100}?)(?=\s+(?:in\s+accordance|under|pursuant)|[.;,]|$)",
    ),
    home=_one(r"dispute|arbitra"),
    veto=_one(r"arbitra"),
)
_SEAT = _Finder(
    keys=_key(
        r"seat|place\s+of\s+(?:the\s+)?arbitration|venue\s+of\s+(?:the\s+)?arbitration|seated"
    ),
    values=_re(
        r"(?:seat|legal\s+place|place|venue)\s*(?:,\s*or\s+legal\s+place,\s*|\(or\s+legal\s+place\)\s*)?of\s+(?:the\s+)?arbitration\s+"
        r"(?:is|shall\s+be|will\s+be)\s+(?:in\s+)?(?P<v>[^.;()]{2,60}?)(?=\s*(?:[.;(]|\band\s+the\b|,\s+and\b|$))",
        r"arbitration\s+(?:shall\s+be\s+|will\s+be\s+)?seated\s+in\s+(?P<v>[^.;()]{2,60}?)(?=\s*(?:[.;(]|\band\b|,\s+and\b|$))",
    ),
    home=_one(r"dispute|arbitra"),
    veto=_one(r"seat|place\s+of\s+arbitration|venue|seated|held\s+in"),
)
_COURTS = (
    re.compile(
        r"courts?\s+(?:shall\s+|will\s+)?(?:have|has)\s+(?P<ex>(?:non-?\s?)?exclusive)\s+jurisdiction[^:.;]{0,200}:\s*(?P<v>[^.;]{2,120})",
        _I,
    ),
    re.compile(
        r"(?P<v>the\s+courts?\s+of\s+[^.;,]{2,80}?)\s+(?:shall\s+|will\s+)?(?:have|has)\s+(?P<ex>(?:non-?\s?)?exclusive)\s+jurisdiction",
        _I,
    ),
    re.compile(
        r"submits?\s+to\s+the\s+(?P<ex>(?:non-?\s?)?exclusive)\s+jurisdiction\s+of\s+(?P<v>the\s+courts?\s+of\s+[^.;,]{2,80}?)(?=\s*(?:[.;,(]|\band\b|$))",
        _I,
    ),
)


def _text_term(
    t: _Text,
    finder: _Finder,
    approved: str | None,
    same: Callable[[str, str], bool],
    path: str,
    label: str,
    usable: Callable[[str], bool] = lambda found: True,
) -> Iterator[Deviation]:
    if not approved:
        return
    spans = finder.spans(t)
    read = 0
    for start, end in spans:
        found = _flat(t.text[start:end]).strip(" ,")
        if not usable(found):
            continue
        read += 1
        if same(approved, found):
            continue
        yield Deviation(path, "law", label, approved, found, start, end, t.context(start))
    if not read and not spans:
        where = finder.missing_at(t, re.compile(r"\blaws?\s+of\b|\bseat\b|arbitra", _I))
        if where is not None:
            yield Deviation(path, "law", label, approved, None, *where)


def _check_law(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    yield from _text_term(
        t,
        _LAW,
        spec.agreement.governing_law,
        q.same_place,
        "agreement.governing_law",
        "the governing law",
    )
    disputes = spec.disputes if spec.disputes not in (None, NA) else None
    if disputes is None:
        return
    arbitration = disputes.arbitration if disputes.arbitration not in (None, NA) else None
    if arbitration is not None:
        yield from _text_term(
            t,
            _RULES,
            arbitration.rules,
            q.same_institution,
            "disputes.arbitration.rules",
            "the arbitration rules",
            usable=lambda found: bool(q.institution_keys(found)),
        )
        yield from _text_term(
            t,
            _SEAT,
            arbitration.seat,
            q.same_place,
            "disputes.arbitration.seat",
            "the seat of the arbitration",
        )
    courts = disputes.courts if disputes.courts not in (None, NA) else None
    if courts is not None and courts.venue:
        yield from _courts(t, courts.venue, courts.exclusive)


def _courts(t: _Text, venue: str, exclusive: bool | None) -> Iterator[Deviation]:
    text = t.text
    seen: set[int] = set()
    for pattern in _COURTS:
        for match in pattern.finditer(text):
            start, end = match.span("v")
            if start in seen:
                continue
            seen.add(start)
            found = _flat(match.group("v")).strip(" ,")
            if not q.same_place(venue, found):
                yield Deviation(
                    "disputes.courts.venue",
                    "law",
                    "the courts that hear disputes",
                    venue,
                    found,
                    start,
                    end,
                )
            is_exclusive = not match.group("ex").lower().startswith("non")
            if exclusive is not None and is_exclusive != exclusive:
                shown = "exclusive" if exclusive else "non-exclusive"
                ex_start, ex_end = match.span("ex")
                yield Deviation(
                    "disputes.courts.exclusive",
                    "law",
                    "whether the courts' jurisdiction is exclusive",
                    f"{shown} jurisdiction",
                    f"{match.group('ex').lower()} jurisdiction",
                    ex_start,
                    ex_end,
                )


# ---------------------------------------------------------------- exclusivity and KPIs

_NON_EXCLUSIVE = re.compile(
    r"(?:this\s+agreement|the\s+(?:partnership|relationship|appointment|arrangement))\s+is\s+non-?\s?exclusive"
    r"|appoint\w*\s+[^.;]{0,80}?\bas\s+(?:its|the|a)\s+non-?\s?exclusive\b",
    _I,
)
_EXCLUSIVE = re.compile(
    r"(?:this\s+agreement|the\s+(?:partnership|relationship|appointment|arrangement))\s+is\s+exclusive"
    r"|appoint\w*\s+[^.;]{0,80}?\bas\s+(?:its|the)\s+(?:sole\s+and\s+)?exclusive\b"
    r"|no\s+party\s+(?:will|shall)\s+appoint[^.;]{0,80}?\bthird\s+part",
    _I,
)
# anything that could be a restraint on competing: a non-compete is reported missing only
# when the document has none of these
_NON_COMPETE = re.compile(
    r"(?:(?:will|shall|may)\s+not|neither\s+party|no\s+party\s+(?:will|shall|may))\b[^.;]{0,160}?"
    r"\b(?:compet\w*|carry\s+on|engage\w*|(?:be\s+)?(?:interested|concerned|involved)\s+in|hold\s+an\s+interest)",
    _I,
)
_EXCLUSIVITY_DURATION = _Finder(
    keys=_key(r"exclusiv|compet|third\s+part|carry\s+on"),
    values=_re(
        r"\bfor\s+(?:a\s+period\s+of\s+)?" + _P + r"\s+(?:from|after|following)\s+the\s+"
        r"(?:effective\s+date|date\s+of\s+this\s+agreement|commencement)"
    ),
    home=_one(r"exclusiv|compet"),
    veto=_one(r"."),
)


def _check_other(t: _Text, spec: AgreementSpec, names: _Names) -> Iterator[Deviation]:
    text = t.text
    exclusivity = spec.exclusivity if spec.exclusivity not in (None, NA) else None
    if exclusivity is not None:
        if exclusivity.exclusive:
            for match in _NON_EXCLUSIVE.finditer(text):
                yield Deviation(
                    "exclusivity.exclusive",
                    "other",
                    "exclusivity",
                    "exclusive",
                    _flat(match.group()),
                    match.start(),
                    match.end(),
                    t.context(match.start()),
                )
            if not re.search(r"exclusiv", text, _I):
                start, end = t.first_line()
                yield Deviation(
                    "exclusivity.exclusive",
                    "other",
                    "exclusivity",
                    "exclusive",
                    None,
                    start,
                    end,
                    "no such clause",
                )
        elif not exclusivity.non_compete:
            for match in _EXCLUSIVE.finditer(text):
                yield Deviation(
                    "exclusivity.exclusive",
                    "other",
                    "exclusivity",
                    "non-exclusive",
                    _flat(match.group()),
                    match.start(),
                    match.end(),
                    t.context(match.start()),
                )
        restraint = t.captioned(_one(r"compet|restrict|covenant|exclusiv"))
        if exclusivity.non_compete and not restraint and not _NON_COMPETE.search(text):
            home = t.captioned(_one(r"exclusiv|compet"))
            start, end = t.heading(home[0]) if home else t.first_line()
            yield Deviation(
                "exclusivity.non_compete",
                "other",
                "the non-compete",
                "a non-compete",
                None,
                start,
                end,
            )
        if not exclusivity.non_compete and not exclusivity.exclusive:
            for section in t.captioned(_one(r"non-?\s?compet")):
                if not _NON_COMPETE.search(text, section.body_start, section.end):
                    continue  # a heading such as "Exclusivity and Non-Competition" over a
                    # statement that the deal is non-exclusive: no restraint to report
                start, end = t.heading(section)
                yield Deviation(
                    "exclusivity.non_compete",
                    "other",
                    "the non-compete",
                    "no non-compete",
                    _flat(section.caption or "a non-compete clause"),
                    start,
                    end,
                )
        if exclusivity.exclusive or exclusivity.non_compete:
            for start, end in _EXCLUSIVITY_DURATION.spans(t):
                stated = q.PERIOD_RE.match(text, start)
                period = q.parse_period(stated) if stated else None
                if (
                    period is None
                    or exclusivity.duration is None
                    or q.same_period(exclusivity.duration, period)
                ):
                    continue
                yield Deviation(
                    "exclusivity.duration",
                    "other",
                    "how long the exclusivity or non-compete lasts",
                    str(exclusivity.duration),
                    str(period),
                    start,
                    end,
                    t.context(start),
                    q.period_note(exclusivity.duration, period),
                )
    yield from _kpis(t, spec)


_ROW_START = re.compile(r"[ \t]*(?:\n[ \t]*)?(?:[|:\-–—][ \t]*)?(?:\n[ \t]*)?")
_NUMBER = re.compile(
    r"(?:(?:[A-Z]{3}\s?|[$€£])(?=\d))?(?P<n>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|(?<![\w.,])\d+(?:\.\d+)?(?!\d|,\d))"
)


def _kpis(t: _Text, spec: AgreementSpec) -> Iterator[Deviation]:
    kpis = spec.kpis if spec.kpis not in (None, NA) else None
    if not kpis:
        return
    text = t.text
    mentions = _mentions(text, [q.name_pattern(kpi.metric) for kpi in kpis[:MAX_ITEMS]])
    for n, (_, end, k) in enumerate(mentions):
        kpi = kpis[k]
        lead = _ROW_START.match(text, end)
        at = lead.end() if lead else end
        number = _NUMBER.match(text, at)
        if number is None:
            continue  # a mention in prose, not a row of the KPI table
        stop = min(at + 250, mentions[n + 1][0] if n + 1 < len(mentions) else len(text))
        if kpi.target is not None:
            found = Decimal(number.group("n").replace(",", ""))
            if found != Decimal(str(kpi.target)):
                unit = f" {kpi.unit}" if kpi.unit else ""
                yield Deviation(
                    f"kpis[{k}].target",
                    "other",
                    f'the target of the KPI "{kpi.metric}"',
                    f"{q.number_text(kpi.target)}{unit}",
                    _flat(text[number.start() : _unit_end(text, number.end(), kpi.unit)]),
                    number.start(),
                    number.end(),
                    t.context(number.start()) or "table",
                )
        if kpi.deadline is not None:
            when = q.DATE_RE.search(text, number.end(), stop)
            if when is not None:
                found_date = q.parse_date(when)
                if found_date is not None and found_date != kpi.deadline:
                    yield Deviation(
                        f"kpis[{k}].deadline",
                        "dates",
                        f'the deadline of the KPI "{kpi.metric}"',
                        q.date_text(kpi.deadline),
                        q.date_text(found_date),
                        when.start(),
                        when.end(),
                        t.context(when.start()) or "table",
                    )


def _unit_end(text: str, end: int, unit: str | None) -> int:
    if not unit:
        return end
    pattern = q.name_pattern(unit)
    match = re.compile(r"\s*(?:" + pattern + ")", _I).match(text, end) if pattern else None
    return match.end() if match else end


_CHECKS: tuple[Callable[[_Text, AgreementSpec, _Names], Iterator[Deviation]], ...] = (
    _check_money,
    _check_periods,
    _check_dates,
    _check_parties,
    _check_law,
    _check_other,
)
