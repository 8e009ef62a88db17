"""Periods ("thirty (30) days", "a three-year term"), money amounts and the clauses they sit
in, found once per text for the consistency checks (notices.py, restated.py).

Everything here is found from a literal scan (unit words, currency marks) and a bounded look
back from each hit, so it runs in time linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal, InvalidOperation

from ...core.startup import _Value, value
from ...read.model import SourceDocument
from .base import _search_end
from .numbers import _WORD, words_to_number

# a unit word; found on the lower-cased text, its word boundary checked by hand
_UNIT = re.compile(r"(?:day|month|year|week)s?(?![a-z0-9_])")
_BEFORE_UNIT = re.compile(
    r"(?:(?<![\w.,])(\d{1,4})(?:\s*\(\s*(" + _WORD + r"(?:[\s-]+" + _WORD + r"){0,3})\s*\))?"
    r"|(?<![\w-])(" + _WORD + r"(?:[\s-]+" + _WORD + r"){0,3})(?:\s*\(\s*(\d{1,4})\s*\))?)"
    r"(?:\s*-\s*|\s+)((?:calendar|business|working)[\s-]+)?$",
    re.IGNORECASE,
)
_BEFORE_UNIT_TOKENS = 8  # four number words, a figure in brackets, "business", the hyphen


@value
class Period(_Value):
    """A stated length of time: ``amount`` of ``unit`` (day | business day | week | month |
    year), with the figure preferred to the words where both are written."""

    start: int
    end: int
    amount: int
    unit: str

    def comparable(self, other: Period) -> bool | None:
        """True when the two say the same length, False when they differ, None when they
        cannot be compared (business days against calendar days)."""
        a, b = self._canonical(), other._canonical()
        if a[1] == b[1]:
            return a[0] == b[0]
        if {a[1], b[1]} == {"day", "month"}:
            days, months = (a[0], b[0]) if a[1] == "day" else (b[0], a[0])
            return abs(days - 30 * months) <= 2 * months  # "three months" is "90 days"
        return None

    def _canonical(self) -> tuple[int, str]:
        if self.unit == "year":
            return self.amount * 12, "month"
        if self.unit == "week":
            return self.amount * 7, "day"
        return self.amount, self.unit

    def label(self) -> str:
        unit = self.unit if self.amount == 1 else self.unit + "s"
        return f"{self.amount} {unit}"


class TextIndex:
    """What the consistency checks (notices.py, restated.py) both read of one text: its
    sentences, its periods and the :class:`Marks` of their patterns, made once per text."""

    def __init__(self, text: str, folded: str | None) -> None:
        self.text = text
        self.sentences = Sentences(text)
        self.periods: tuple[Period, ...] = tuple(find_periods(text, folded))
        self.marks = Marks(text, folded)


_LAST_INDEX: list[TextIndex] = []  # the last text's, for the next check of the same text


def text_index(text: str, folded: str | None = None) -> TextIndex:
    """The :class:`TextIndex` of ``text``, shared by the checks of one document (the same
    text object): finding a 1 MB line's 77,000 periods twice cost half a second."""
    if _LAST_INDEX and _LAST_INDEX[0].text is text:
        return _LAST_INDEX[0]
    index = TextIndex(text, folded)
    _LAST_INDEX[:] = [index]
    return index


def find_periods(text: str, folded: str | None = None) -> list[Period]:
    """Every "N days" (months, years, weeks; business days) of the text, in order."""
    if folded is None or len(folded) != len(text):
        folded = text.lower()
        if len(folded) != len(text):  # a character that lower-cases into two: scan as is
            folded = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    out: list[Period] = []
    reached = 0
    for unit in _UNIT.finditer(folded):
        at = unit.start()
        if at and (folded[at - 1].isalnum() or folded[at - 1] == "_"):
            continue  # "holiday", "birthdays"
        lo = max(reached, at - 80)
        window = text[lo:at]
        match = _search_end(_BEFORE_UNIT, window, _BEFORE_UNIT_TOKENS)
        if match is None:
            continue
        figure = match.group(1) or match.group(4)
        words = match.group(3) or match.group(2)
        amount: int | None = int(figure) if figure else None
        if amount is None and words:
            words = re.sub(r"(?i)^(?:and[\s-]+)+|(?:[\s-]+and)+$", "", words.strip())
            amount = words_to_number(words) if words.lower() != "and" else None
        if not amount:
            continue
        name = unit.group().rstrip("s")
        if match.group(5) and not match.group(5).lower().startswith("cal") and name == "day":
            name = "business day"
        start = lo + match.start()
        out.append(Period(start, unit.end(), amount, name))
        reached = unit.end()
    return out


# Money: "USD 500,000", "$1,000,000", "US$ 2 million", "EUR 250,000", "500,000 dollars"
_MONEY_MARK = re.compile(r"[$€£]|\b(?:USD|US\$|EUR|GBP|CHF|CAD|AUD|U\.S\.\s?\$)", re.IGNORECASE)
_MONEY_AFTER_MARK = re.compile(
    r"\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(million|billion|thousand|m\b|k\b))?",
    re.IGNORECASE,
)
_SCALE = {
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "thousand": 1000,
    "m": 1_000_000,
    "k": 1000,
}


@value
class Money(_Value):
    start: int
    end: int
    amount: Decimal
    currency: str  # "$", "EUR", ...; "$" for USD, US$ and $
    mark: str = ""  # the currency as written: "USD", "US$", "$"


def find_money(text: str, lo: int = 0, hi: int | None = None) -> list[Money]:
    """Amounts written with a currency mark before the figure, in ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    out: list[Money] = []
    for mark in _MONEY_MARK.finditer(text, lo, hi):
        figure = _MONEY_AFTER_MARK.match(text, mark.end(), hi)
        if figure is None:
            continue
        try:
            amount = Decimal(figure.group(1).replace(",", "") + "." + (figure.group(2) or "0"))
        except InvalidOperation:  # pragma: no cover - the pattern admits digits only
            continue
        if figure.group(3):
            amount *= _SCALE[figure.group(3).lower()]
        currency = mark.group().upper().replace(" ", "").replace(".", "")
        currency = "$" if currency in ("$", "USD", "US$", "US") else currency
        out.append(Money(mark.start(), figure.end(), amount, currency, mark.group()))
    return out


def money_label(money: Money) -> str:
    """The amount as the text writes its currency: "USD 500,000", "$500,000"."""
    amount = f"{money.amount:,.2f}".removesuffix(".00")
    mark = money.mark or money.currency
    return f"{mark}{amount}" if mark in ("$", "€", "£", "US$") else f"{mark} {amount}"


# Sentences: a full stop (or a colon or semicolon) and white space before a capital, a digit
# or an opening bracket; or a blank line. Section numbers glued into run-together text start
# with a digit, so they start a sentence too.
_SENTENCE_BREAK = re.compile(r"(?<=[.])\s+(?=[A-Z0-9(\"“])|\n[ \t]*\n")
SENTENCE_MAX = 1200  # characters: a longer "sentence" is run-together text, read in windows


class Sentences:
    """The sentences of a text from one scan: ``around(pos)`` is the sentence holding a
    position, cut to ``SENTENCE_MAX`` characters about it."""

    def __init__(self, text: str, pattern: re.Pattern[str] = _SENTENCE_BREAK) -> None:
        self.text = text
        self.starts = [0]
        self.ends: list[int] = []
        for match in pattern.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def around(self, pos: int) -> tuple[int, int]:
        index = max(0, bisect_right(self.starts, pos) - 1)
        start, end = self.starts[index], self.ends[index]
        if end - start > SENTENCE_MAX:
            half = SENTENCE_MAX // 2
            start, end = max(start, pos - half), min(end, pos + half)
        return start, end


class Places:
    """Where an offset is, in words a reader can find: "in section 5.1", "on page 3", "on
    line 40" (the innermost section holding it, else its page or line), or "elsewhere"."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.section_starts = [s.start for s in doc.sections]
        self.block_starts = [b.start for b in doc.blocks]

    def __call__(self, pos: int) -> str:
        sections = self.doc.sections
        i = bisect_right(self.section_starts, pos) - 1
        for j in range(i, max(-1, i - 64), -1):  # nested sections start inside their parent
            if sections[j].end > pos and sections[j].number:
                return f"in section {sections[j].number}"
        k = bisect_right(self.block_starts, pos) - 1
        if k >= 0:
            block = self.doc.blocks[k]
            if block.page is not None:
                return f"on page {block.page}"
            if block.line is not None:
                return f"on line {block.line + self.doc.text.count(chr(10), block.start, pos)}"
        return "elsewhere"


class Words:
    """Lower-case words for :class:`Marks`: ``source`` is a regex of lower-case alternatives,
    each meant to start at the start of a word (``bounded``: a leading ``\\b`` is implied).

    ``pattern`` is it for any text (IGNORECASE, with the ``\\b``); ``fast`` is it for the
    lower-cased text, without IGNORECASE and without the leading ``\\b``, so the engine can
    skip ahead to the letters an alternative starts with (ten to fifty times faster over a
    whole text); the word start is checked on each match instead."""

    def __init__(self, source: str, bounded: bool = True) -> None:
        self.source = source
        self.bounded = bounded
        self.pattern = re.compile(rf"\b(?:{source})" if bounded else source, re.IGNORECASE)
        self.fast = re.compile(source)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)


_SPAN = 250  # characters a match may run past the end of a window it starts in
_WHOLE_AFTER = 65_536


class Marks:
    """Where patterns start to match in a text, for questions like "does this sentence say
    X": each pattern is searched in the window asked about until the windows searched for it
    add up to the text's length (a quarter of it past 256 KB), and from then on looked up in
    one scan of the whole text
    (binary search). A real contract asks about a few dozen sentences, which costs less than
    a scan; a text of thousands of notice periods and no full stops asks about thousands of
    overlapping 1,200-character windows, which costs one scan instead of a scan per window.

    Every position where a match starts counts (overlapping matches too), so the answer is
    the same either way. :class:`Words` are searched on the lower-cased text (``folded``,
    when it is as long as the text) without IGNORECASE; compiled patterns on the text."""

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self.folded = folded if folded is not None and len(folded) == len(text) else None
        # by the pattern's id: a compiled pattern hashes its whole source on every lookup
        self._spans: dict[int, tuple[list[int], list[int]]] = {}
        self._spent: dict[int, int] = {}
        # windows searched for a pattern before it is scanned once in the whole text: as
        # much as the text in a short one, a quarter of a long one (at least 64 KB)
        self._budget = min(len(text), max(_WHOLE_AFTER, len(text) // 4))

    def _scan(
        self, pattern: re.Pattern[str] | Words, lo: int, hi: int, first: bool
    ) -> list[tuple[int, int]]:
        """(start, end) of every match starting in ``[lo, hi)`` (only the first one with
        ``first``), searched no further than ``_SPAN`` characters past ``hi``."""
        if isinstance(pattern, Words) and self.folded is not None:
            text, compiled, bounded = self.folded, pattern.fast, pattern.bounded
        else:
            text = self.text
            compiled = pattern.pattern if isinstance(pattern, Words) else pattern
            bounded = False
        limit = min(len(text), hi + _SPAN)
        out: list[tuple[int, int]] = []
        pos = lo
        while pos < hi and (match := compiled.search(text, pos, limit)) is not None:
            at = match.start()
            if at >= hi:
                break
            if not (bounded and at and (text[at - 1].isalnum() or text[at - 1] == "_")):
                out.append((at, match.end()))
                if first:
                    break
            pos = at + 1  # a match may start inside this one
        return out

    def spans_in(
        self, pattern: re.Pattern[str] | Words, lo: int, hi: int, first: bool = False
    ) -> list[tuple[int, int]]:
        key = id(pattern)
        lo, hi = max(lo, 0), min(hi, len(self.text))
        found = self._spans.get(key)
        if found is None:
            spent = self._spent.get(key, 0) + (hi - lo) + _SPAN
            self._spent[key] = spent
            if spent <= self._budget:
                return self._scan(pattern, lo, hi, first)
            whole = self._scan(pattern, 0, len(self.text), False)
            found = self._spans[key] = ([a for a, _ in whole], [b for _, b in whole])
        starts, ends = found
        i, j = bisect_left(starts, lo), bisect_left(starts, hi)
        if first:
            j = min(j, i + 1)
        return list(zip(starts[i:j], ends[i:j], strict=True))

    def within(self, pattern: re.Pattern[str] | Words, lo: int, hi: int) -> bool:
        found = self._spans.get(id(pattern))
        if found is not None:  # the common question once scanned: one binary search
            starts = found[0]
            i = bisect_left(starts, lo)
            return i < len(starts) and starts[i] < hi
        return bool(self.spans_in(pattern, lo, hi, first=True))

    def starts_in(self, pattern: re.Pattern[str] | Words, lo: int, hi: int) -> list[int]:
        return [a for a, _ in self.spans_in(pattern, lo, hi)]

    def first(self, pattern: re.Pattern[str] | Words, lo: int, hi: int) -> re.Match[str] | None:
        """The leftmost match starting in ``[lo, hi)``, matched again at its start in the
        text (for :class:`Words`, with the case-blind pattern)."""
        found = self._spans.get(id(pattern))
        if found is not None:  # scanned: one binary search, no list of spans made
            starts = found[0]
            i = bisect_left(starts, max(lo, 0))
            if i == len(starts) or starts[i] >= min(hi, len(self.text)):
                return None
            at = starts[i]
        else:
            spans = self.spans_in(pattern, lo, hi, first=True)
            if not spans:
                return None
            at = spans[0][0]
        compiled = pattern.pattern if isinstance(pattern, Words) else pattern
        return compiled.match(self.text, at)
