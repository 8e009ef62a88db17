"""Notice periods of the same kind that disagree (DRF117).

A notice period is a length of time tied to a notice: "ninety (90) days' prior written notice",
"notice ... not less than six (6) months prior to the expiration of the Term", "fails to cure
... within thirty (30) days after written notice". Each is given a kind from the clause it
sits in, and who acts:

- ``non-renewal``: notice that stops an automatic renewal ("notice of non-renewal", "of its
  intention not to renew", "unless either party gives notice of termination before the end
  of the then-current term"). A notice *to* renew (exercising an option) is not one.
- ``convenience``: terminating this Agreement for convenience, without cause, for any reason.
- ``cure``: the time to cure a material breach of this Agreement after notice of it (a cure
  period for non-payment is its own kind, ``cure (payment)``).
- ``audit``: notice before an audit of books and records.
- ``price change``: notice before prices or rates change.

Periods of the same kind and the same actor ("either party" covers every party) must agree
wherever they are stated; periods for different acts (a cure period and a convenience
notice) are never compared. A clause that states its own condition (after the first
anniversary, during the Initial Term, for cause, notwithstanding ...) or names something
other than this Agreement (a Statement of Work, an Order, an insurance policy) is left out:
its period may differ on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.startup import _Value, value
from ...read.model import SourceDocument
from .base import Defect, Defects, Tally, _short
from .periods import Period, Places, Words, text_index

_NOTICE_WORD = re.compile(r"[Nn](?<!\w[Nn])(?i:otice)\b")  # \bnotice\b, any case
# the same on the lower-cased text: a literal start the engine finds fast ("ı" is what
# IGNORECASE also matches for "i" and lower() keeps; "İ" changes the text's length)
_NOTICE_FOLDED = re.compile(r"not[iı]ce\b")


def _notice_words(doc: SourceDocument) -> Iterator[tuple[int, int]]:
    """Spans of ``_NOTICE_WORD.finditer(doc.text)``, found on the lower-cased text."""
    text, folded = doc.text, doc.folded
    if len(folded) != len(text):
        yield from (m.span() for m in _NOTICE_WORD.finditer(text))
        return
    for match in _NOTICE_FOLDED.finditer(folded):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        yield match.span()


__all__ = ["NoticePeriod", "check_notice_periods", "notice_periods"]

# ----------------------------------------------------------------- anchors: is it a notice?

# "ninety (90) days' prior written notice", "30 days notice", "six months' notice in writing",
# "the thirty (30) day notice period"
_NOTICE_AFTER_PERIOD = re.compile(
    r"['’]?s?['’]?\s*(?:\(\s*\d{1,4}\s*\)\s*)?"
    r"(?:(?:prior|advance|advanced|written|previous|express|formal|notice\s+in\s+writing)[\s,]+(?:and\s+)?){0,3}"
    r"(?:notice|notification)\b(?!\s+(?:address|is\s+deemed))",
    re.IGNORECASE,
)
# "notice ... not less than six (6) months prior to the expiration": the words between a
# notice and its period, then what the period is before
_BEFORE_PERIOD_ADVANCE = re.compile(
    r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|no\s+later\s+than|not\s+later\s+than"
    r"|no\s+fewer\s+than|a\s+minimum\s+of|minimum\s+of)\s*$",
    re.IGNORECASE,
)
_ADVANCE_AFTER_PERIOD = re.compile(
    r"\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:prior\s+to|before|in\s+advance\s+of|preceding)\s+(?:the\s+)?"
    r"(?:(?:scheduled|then|applicable|date\s+of(?:\s+the)?)[\s-]+)?"
    r"(expiration|expiry|end|termination|renewal|commencement|effective\s+date|date)\b",
    re.IGNORECASE,
)
# the act a notice names right after it, quoted with the period: "... notice of non-renewal"
_ACT_AFTER_NOTICE = re.compile(
    r"\s+(?:of\s+|to\s+)?(?:its\s+|their\s+|the\s+|such\s+)?"
    r"(?:(?:intention|intent|election|decision|desire)\s+(?:not\s+)?to\s+)?"
    r"(?:terminat\w*|non-?\s?renewal|not\s+to\s+renew|renew\w*)",
    re.IGNORECASE,
)
_NOTIFY = Words(r"notif|notice\b|in\s+writing\b")

# cure: "fails to cure such breach within thirty (30) days after receipt of written notice"
_CURE_BEFORE_PERIOD = re.compile(r"(?:within|during|for\s+a\s+period\s+of|have|has|of)\s*$", re.I)
_CURE_AFTER_PERIOD = re.compile(
    r"['’]?\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:after|of|from|following|following\s+the|from\s+the)\b"
    r"[^.;]{0,80}?\b(?:notice|notif\w*|request)",
    re.IGNORECASE,
)
_CURE_PERIOD_WORDS = re.compile(r"\s*(?:cure|remedy|grace)\s+period\b", re.IGNORECASE)

# ------------------------------------------------------------------ what the clause is about

_CLAUSE_BREAK = Words(
    r";|:\s|,\s+(?:and|or|but)\s+|\s\((?:[a-h]|i{1,3}|iv|v|vi{1,3})\)\s", bounded=False
)
# an insurance policy's own notices ("... of cancellation, non-renewal or material change")
_INSURANCE = Words(
    r"insur|polic(?:y|ies)\b|coverage|underwrit|cancel\w*,?\s+(?:or\s+)?non-?\s?renewal"
    r"|non-?\s?renewal,?\s+(?:or\s+)?(?:cancel|material\s+(?:change|modification|alteration))"
)
_OTHER_OBJECT = Words(
    r"statement\s+of\s+work|sow\b|purchase\s+order|order\b|attachment|addendum|schedule\s+\w"
    r"|exhibit\b|module\b|project\b|lease\b|sub-?agen|sub-?licen|services?\s+schedule"
    r"|work\s+order|program\b|campaign\b|employment\b|appointment\b|consultation\s+period"
    r"|maintenance|support\b|subscription|hosting|licen[cs]e\s+(?:term|period)|warrant"
)
_CONDITION = Words(
    r"anniversary|first\s+(?:contract\s+|calendar\s+|full\s+)?year|initial\s+(?:term|period)"
    r"|renewal\s+(?:term|period)|extension\s+(?:term|period)|thereafter\b|notwithstanding\b"
    r"|after\s+(?:the\s+)?(?:expiration|expiry|end|date|first|second|third|launch|effective)"
    r"|(?:during|until)\s+the\s+(?:first|initial)|(?:19|20)\d\d\b|for\s+cause\b"
    r"|reasonable\s+cause|more\s+frequent|provided\s+(?:that|however)|in\s+the\s+event\b"
    r"|if\b|upon\s+the\s+occurrence|change\s+(?:of|in)\s+control|insolv|bankrupt"
)
_THIS_AGREEMENT = Words(r"(?:this|the)\s+(?:agreement|contract)\b|the\s+term\b|hereunder\b")
_TERMINATE = Words(r"terminat")
_CONVENIENCE = Words(
    r"for\s+(?:its|their|his|her|our|your|any\s+party's|such\s+party's|the\s+\w+'s)?\s*convenience"
    r"|at\s+(?:its|their)\s+convenience|without\s+cause|for\s+any\s+(?:or\s+no\s+)?reason"
    r"|for\s+no\s+reason|without\s+(?:any\s+)?(?:reason|liability\s+for\s+cause)|at\s+will\b"
)
_RENEW = re.compile(r"renew|\bextend|\bextension|\bsuccessive\b|\bcontinue", re.IGNORECASE)
_NON_RENEWAL = Words(
    r"non-?\s?renew|not\s+(?:to\s+)?(?:be\s+)?(?:renew|extend)"
    r"|(?:does|do)\s+not\s+(?:wish|intend|desire|want)\s+to\s+(?:renew|extend)"
)
# exercising an option: a notice *to* renew or extend is not a notice of non-renewal
_TO_RENEW = Words(
    r"(?:intention|intent|election|elect|option|desire|wish|request|decision|right)\s+to\s+"
    r"(?:renew|extend|exercise|obtain|continue)|notice\s+of\s+(?:renewal|extension|exercise)"
    r"|renewal\s+notice|exercise\s+(?:of\s+)?(?:its|the|this|such)\s+(?:option|right)"
)
# an agreement that renews by itself: the sentence an evergreen termination notice stops
_EVERGREEN = Words(
    r"renew|automatically\s+(?:be\s+)?(?:extend|continue)|extended\s+automatically|successive\b"
    r"|from\s+year\s+to\s+year"
)
_AUTOMATIC = Words(r"automatic|successive|unless\b")
_UNLESS_TERMINATE = Words(
    r"unless\b(?!\s+(?:earlier|sooner|previously)\s)[^.;]{0,200}?\bterminat"
    r"|notice\s+of\s+(?:its\s+)?(?:intent(?:ion)?\s+to\s+)?terminat|intent(?:ion)?\s+to\s+terminate"
)
_EXPIRY_NEXT = re.compile(r"[^.;]{0,40}?(?:\bexpir|\bend\s+of)", re.IGNORECASE)
_CURE = Words(r"cur(?:e|ed|es|ing)\b|remed(?:y|ied|ies)\b|correct(?:ed)?\b")
_BREACH = Words(r"breach|default|fail")
_PAYMENT = Words(
    r"fail\w*\s+to\s+(?:timely\s+)?(?:make\s+(?:any\s+)?payments?|pay|provide\s+(?:any\s+)?funds)\b"
    r"|non-?\s?payment|payment\s+(?:default|breach|failure)|monetary\s+(?:default|breach|obligation)"
    r"|(?:amounts?|sums?|fees?)\s+(?:then\s+)?(?:due|owed|owing|payable)\b"
)
_SPECIFIC_OBLIGATION = Words(
    r"section\s+\d|clause\s+\d|article\s+\d|paragraph\s+\d|such\s+(?:default|failure)\b"
    r"|minimum|quality|support|maintenance|exclusiv|competi|report|deficienc|service\s+level"
    r"|performance|warrant|confidential|covenant|standards?\b|specifications?\b"
)
_AUDIT = Words(r"audit|inspect|examin")
_RECORDS = Words(r"books\b|records\b|accounts\b|financial")
_PRICE_CHANGE = Words(
    r"(?:chang|increas|adjust|modif|revis|amend)\w*\s+(?:\w+\s+){0,4}?(?:prices?|pricing|rates|fees|charges)\b"
    r"|(?:prices?|pricing|rates|fees|charges)\s+(?:\w+\s+){0,3}?(?:chang|increas|adjust|modif|revis|amend)\w*"
    r"|price\s+(?:change|increase|adjustment)"
)

# who acts: the subject of "may terminate", "shall give ... notice", "gives notice"
_EITHER = (
    r"(?i:(?:either|each|any|a|the\s+other|the\s+non-?\s?breaching|the\s+non-?defaulting|one)"
    r"\s+(?:party|parties)\b)"
)
# a capitalised name, not a capitalised word that starts a sentence ("If Crestline fails")
_LEADING = (
    r"(?!(?:If|In|Upon|On|When|Where|Whereas|Should|And|Or|But|Then|Unless|That|After|Before"
    r"|Notwithstanding|Subject|Except|Provided|During|Following|Thereafter|Such|This|Any)\b)"
)
_NAME = (
    rf"(?:[Tt]he\s+)?{_LEADING}[A-Z][A-Za-z0-9&'’.-]*"
    rf"(?:\s+(?:of\s+)?{_LEADING}[A-Z][A-Za-z0-9&'’.-]*){{0,3}}"
)
_ACTOR_VERB = re.compile(
    rf"(?<![\w-])({_EITHER}|{_NAME}|[Ww]e|[Yy]ou)\s*(?:\([^)]{{0,40}}\)\s*)?,?\s+"
    r"(?i:may|shall|will|can|must|reserves|has|have|gives?|provides?|notif\w*|is\s+entitled"
    r"|elects?|agrees?)\b"
)
_ACTOR_BY = re.compile(rf"\b(?i:terminated\s+by)\s+({_EITHER}|{_NAME})")
_NOT_ACTORS = {
    "this agreement", "the agreement", "agreement", "it", "such notice", "notice", "the term",
    "the parties", "parties", "such termination", "termination", "this", "the", "such party",
    "such", "which", "that", "each", "any", "in", "upon", "by", "either", "if", "and", "or",
}  # fmt: skip


@value
class NoticePeriod(_Value):
    """A notice period found in the text: its kind, who acts, the period and the phrase."""

    kind: str
    actor: str | None  # "either party", "distributor", ...; None when it cannot be told
    period: Period
    start: int  # the phrase to quote
    end: int
    sentence: int  # the start of its sentence: two periods in one sentence are never compared


_ACTOR_REACH = 300  # characters before a period searched for who acts or is in breach
_ACTORS_KEPT = 4096  # windows whose actor is remembered


def _actor(text: str, lo: int, hi: int) -> str | None:
    """The party that acts in ``text[lo:hi]``: "terminated by X", else the last subject of a
    verb ("X may", "X shall give") before ``hi``; "either party" for any party at all."""
    lo = max(lo, hi - _ACTOR_REACH)
    found: str | None = None
    for match in _ACTOR_BY.finditer(text, lo, hi):
        found = match.group(1)
    if found is None:
        for match in _ACTOR_VERB.finditer(text, lo, hi):
            name = re.sub(r"\s+", " ", match.group(1)).strip()
            if name.lower() in _NOT_ACTORS or name.lower().startswith(("this ", "such ")):
                continue
            found = name
    if found is None:
        return None
    name = re.sub(r"\s+", " ", found).strip().lower()
    name = re.sub(r"^the\s+", "", name)
    if re.fullmatch(_EITHER, name, re.IGNORECASE):
        return "either party"
    return name


_BREACHER = re.compile(
    rf"(?<![\w-])({_EITHER}|{_NAME}|[Ww]e|[Yy]ou|it)\s+(?:(?i:\w+ly|shall|should|has|have|is|are)\s+)*"
    r"(?i:breach(?:es|ed)?|default(?:s|ed)?|fails?|failed|commits?|is\s+in\s+(?:material\s+)?breach)\b"
)


def _breaching(text: str, lo: int, hi: int) -> str:
    """Who is in breach in ``text[lo:hi]`` ("Licensee breaches", "either party fails"): a
    named party, or "either party" for any party, the other party, or when it cannot be told."""
    name: str | None = None
    for match in _BREACHER.finditer(text, max(lo, hi - _ACTOR_REACH), hi):
        name = re.sub(r"\s+", " ", match.group(1)).strip().lower()
    if name is None:
        return "either party"
    name = re.sub(r"^the\s+", "", name)
    if name in _NOT_ACTORS or name in ("it", "we", "you") or re.fullmatch(_EITHER, name, re.I):
        return "either party"
    if re.search(r"\bpart(?:y|ies)$|\baffiliates?$", name):
        return "either party"  # "the breaching Party", "the other Party or its Affiliates"
    return name


# The words one of the kinds of a "N days' notice" needs in its sentence (see _notice_kind
# and _non_renewal): without any of them the period is of no kind
_NOTICE_KINDS = Words(
    "|".join(w.source for w in (_NON_RENEWAL, _EVERGREEN, _CONVENIENCE, _AUDIT, _PRICE_CHANGE))
)
# what every match of _ACTOR_BY or _ACTOR_VERB holds, starting a word (a superset)
_ACTOR_CUES = Words(
    r"terminated\s+by|may|shall|will|can|must|reserves|has|have|give|provide|notif"
    r"|is\s+entitled|elect|agree"
)
_ODD_FOLDS = re.compile("[\u017f\u0131]")  # "ſ", "ı": matched for "s", "i" ignoring case

_MENTION_ONLY = re.compile(
    r"(?:including|other\s+than|except|excluding|but\s+not)\W+(?:\w+\W+){0,3}$", re.I
)


class _Finder:
    """Notice periods from the periods of a text: each period is first tied to a notice by
    what is right around it (a few characters), and only then read with its sentence and
    clause, whose words are looked up in ``Marks`` rather than searched again."""

    def __init__(self, text: str, folded: str, shortcuts: bool = True) -> None:
        self.text = text
        index = text_index(text, folded)
        self.sentences, self.periods, self.marks = index.sentences, index.periods, index.marks
        # The shortcuts below ask the lower-cased text whether a clause can be of any kind
        # before reading it. Searches that ignore case also match "ſ" for "s" and "ı" for
        # "i", which lower-casing keeps: a text holding either is read without them.
        self.shortcuts = (
            shortcuts and self.marks.folded is not None and _ODD_FOLDS.search(text) is None
        )
        self._actors: dict[str, object] = {}  # the window's characters -> its actor

    def statements(self) -> Iterator[NoticePeriod]:
        for period in self.periods:
            found = self._classify(period)
            if found is not None:
                yield found

    def _has(self, pattern: Words, lo: int, hi: int) -> bool:
        return self.marks.within(pattern, lo, hi)

    def _clause(self, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
        """The part of the sentence ``[lo, hi)`` around ``[start, end)`` between clause
        breaks ("; ", ", and ", "(b)")."""
        c_lo, c_hi = lo, hi
        for a, b in self.marks.spans_in(_CLAUSE_BREAK, lo, hi):
            if b <= start:
                c_lo = b
            elif a >= end:
                c_hi = a
                break
        return c_lo, c_hi

    def _classify(self, period: Period) -> NoticePeriod | None:
        text = self.text
        head = text[max(0, period.start - 30) : period.start]
        anchor = "notice"
        after = _NOTICE_AFTER_PERIOD.match(text, period.end)
        if after is None:
            anchor = "advance"
            if _BEFORE_PERIOD_ADVANCE.search(head):
                after = _ADVANCE_AFTER_PERIOD.match(text, period.end)
        if after is None:
            anchor = "cure"
            after = _CURE_PERIOD_WORDS.match(text, period.end)
            if after is None and _CURE_BEFORE_PERIOD.search(head):
                after = _CURE_AFTER_PERIOD.match(text, period.end)
        if after is None:
            return None
        lo, hi = self.sentences.around(period.start)
        if period.start < lo or self._has(_INSURANCE, lo, hi):
            return None  # a period cut off from its sentence, or an insurance policy's notice
        if anchor == "notice" and self.shortcuts and not self._has(_NOTICE_KINDS, lo, hi):
            return None  # no word of any kind of notice period in the sentence
        c_lo, c_hi = self._clause(lo, hi, period.start, period.end)
        end = after.end()
        if anchor == "notice":
            act = _ACT_AFTER_NOTICE.match(text, end, hi)
            return self._notice_kind(period, lo, hi, c_lo, c_hi, act.end() if act else end, act)
        if anchor == "advance":
            if not self._has(_NOTIFY, lo, period.start):
                return None
            if self._non_renewal(lo, hi, c_lo, c_hi, end, None):
                return self._made("non-renewal", period, lo, c_lo, end)
            return None
        if self._has(_CURE, c_lo, c_hi) and self._has(_BREACH, lo, hi):
            return self._cure_kind(period, lo, hi, end)
        return None

    def _notice_kind(
        self,
        period: Period,
        lo: int,
        hi: int,
        c_lo: int,
        c_hi: int,
        end: int,
        act: re.Match[str] | None,
    ) -> NoticePeriod | None:
        """ "N days' notice": of non-renewal, to terminate for convenience, of an audit, of a
        price change; nothing for a clause with its own condition or another object."""
        tail = self.text[end : min(hi, end + 120)]
        if self._non_renewal(lo, hi, c_lo, c_hi, end, act):
            return self._made("non-renewal", period, lo, c_lo, end)
        if self._has(_TO_RENEW, c_lo, c_hi) or _RENEW.search(tail[:60]):
            return None
        if self._has(_OTHER_OBJECT, lo, hi) or self._has(_CONDITION, lo, hi):
            return None
        if self._has(_CONVENIENCE, c_lo, c_hi) and self._has(_TERMINATE, lo, hi):
            if not self._has(_THIS_AGREEMENT, lo, hi):
                return None
            return self._made("convenience", period, lo, c_lo, end)
        if self._has(_AUDIT, c_lo, c_hi) and self._has(_RECORDS, lo, hi):
            return self._made("audit", period, lo, c_lo, end)
        if self._has(_PRICE_CHANGE, lo, hi) and not self._has(_TERMINATE, lo, hi):
            return self._made("price change", period, lo, c_lo, end)
        return None

    def _non_renewal(
        self, lo: int, hi: int, c_lo: int, c_hi: int, end: int, act: re.Match[str] | None
    ) -> bool:
        """A notice that stops a renewal. ``act`` is what the notice itself names right after
        it ("of non-renewal", "of termination", "to renew"): it decides first, so "90 days'
        notice of termination and 180 days' notice of non-renewal" has one of each. Without
        one, the clause decides ("... gives written notice not less than 90 days before the
        end of the term that it does not wish to renew"), or a sentence that renews the
        agreement unless a party gives notice of termination before it ends."""
        text = self.text
        if self._has(_OTHER_OBJECT, lo, hi):
            return False
        tail = text[end : min(hi, end + 80)]
        if act is not None:
            if _NON_RENEWAL.search(act.group()):
                return True
            if not _TERMINATE.search(act.group()):
                return False  # a notice of renewal, or of its intention to renew
        elif _NON_RENEWAL.search(tail) or self._has(_NON_RENEWAL, c_lo, c_hi):
            return not _TO_RENEW.search(tail[:40])
        if self._has(_TO_RENEW, lo, hi):
            return False
        return (
            self._has(_EVERGREEN, lo, hi)
            and self._has(_AUTOMATIC, lo, hi)
            and (self._has(_UNLESS_TERMINATE, lo, hi) or bool(_EXPIRY_NEXT.match(tail)))
            and self._has(_THIS_AGREEMENT, lo, hi)
        )

    def _cure_kind(self, period: Period, lo: int, hi: int, end: int) -> NoticePeriod | None:
        """ "fails to cure within N days after notice": the cure period of a breach of this
        Agreement, a failure to pay being its own kind; nothing for a named obligation."""
        if self._has(_OTHER_OBJECT, lo, hi) or self._has(_SPECIFIC_OBLIGATION, lo, hi):
            return None
        if not self._has(_TERMINATE, lo, hi) or not self._has(_THIS_AGREEMENT, lo, hi):
            return None
        kind = "cure (payment)" if self._payment_breach(lo, period.start) else "cure"
        actor = _breaching(self.text, lo, period.start)
        return NoticePeriod(kind, actor, period, period.start, end, lo)

    def _payment_breach(self, lo: int, hi: int) -> bool:
        """The breach to cure is a failure to pay: said before the period, and not only as
        an example or an exception ("a material breach, including the non-payment of fees")."""
        for start in self.marks.starts_in(_PAYMENT, lo, hi)[-5:]:
            if not _MENTION_ONLY.search(self.text, max(lo, start - 40), start):
                return True
        return False

    def _actor(self, lo: int, hi: int) -> str | None:
        """:func:`_actor`, not searched where no verb or "terminated by" could end a match,
        and read once for the same words: what it finds depends only on the characters of
        the window and the one before it (a machine-made text repeats its clauses)."""
        lo = max(lo, hi - _ACTOR_REACH)
        if not self.shortcuts:
            return _actor(self.text, lo, hi)
        if not self._has(_ACTOR_CUES, lo, hi):
            return None
        key = self.text[lo - 1 : hi] if lo else "\0" + self.text[:hi]
        found = self._actors.get(key, self)
        if found is self:
            if len(self._actors) >= _ACTORS_KEPT:
                self._actors.clear()
            found = self._actors[key] = _actor(self.text, lo, hi)
        return found if isinstance(found, str) else None

    def _made(self, kind: str, period: Period, lo: int, c_lo: int, end: int) -> NoticePeriod:
        actor = self._actor(c_lo, period.start) or self._actor(lo, period.start)
        if actor is None and kind == "non-renewal":
            actor = "either party"  # "unless notice of non-renewal is given": whoever gives it
        return NoticePeriod(kind, actor, period, period.start, end, lo)


def notice_periods(doc: SourceDocument, shortcuts: bool = True) -> list[NoticePeriod]:
    """Every notice period the document states, with its kind and who acts, in text order."""
    return list(_notice_periods(doc, shortcuts))


def _notice_periods(doc: SourceDocument, shortcuts: bool = True) -> Iterator[NoticePeriod]:
    folded = doc.folded
    if not any(word in folded for word in ("notic", "notif", "cure", "remed", "writing")):
        return iter(())
    return _Finder(doc.text, folded, shortcuts).statements()


_KIND_LABEL = {
    "non-renewal": "non-renewal notice",
    "convenience": "notice to terminate for convenience",
    "cure": "cure period for a breach",
    "cure (payment)": "cure period for non-payment",
    "audit": "notice before an audit",
    "price change": "notice of a price change",
}
_KEPT = 16  # distinct (actor, period) statements kept per kind to compare the next ones with


def _compatible(a: str | None, b: str | None) -> bool:
    """Two actors for the same act: the same party, or "either party" and a named one."""
    if a is None or b is None:
        return False
    return a == b or "either party" in (a, b)


def check_notice_periods(doc: SourceDocument) -> Defects:
    """The same act given different notice periods in different sentences: for each kind,
    every statement that disagrees with an earlier one of that kind (and actor).

    Each statement is compared with the first statement of each distinct (actor, period)
    seen before it, at most ``_KEPT`` of them per kind: a document states an act's period a
    few times, and a machine-made one with thousands must not make this quadratic. Past
    ``ENOUGH`` conflicts the check stops (``Tally``): the rest are counted as "over"."""
    text = doc.text
    place = Places(doc)
    out: list[Defect] = []
    tally = Tally()
    kept: dict[str, list[NoticePeriod]] = {}
    for item in _notice_periods(doc):
        if tally.done("notice_conflict"):
            break
        earlier = kept.setdefault(item.kind, [])
        for first in earlier:
            if first.sentence == item.sentence or not _compatible(first.actor, item.actor):
                continue
            if first.period.comparable(item.period) is not False:
                continue
            if not tally.wants("notice_conflict"):
                break
            out.append(
                Defect(
                    "notice_conflict",
                    f"{_KIND_LABEL[item.kind]} given as {_short(text[item.start : item.end], 80)!r} "
                    f"here and {_short(text[first.start : first.end], 80)!r} {place(first.start)}",
                    item.start,
                    item.end,
                    (
                        ("kind", item.kind),
                        ("period", item.period.label()),
                        ("other", first.period.label()),
                    ),
                )
            )
            break
        if len(earlier) < _KEPT and not any(
            e.actor == item.actor and e.period.comparable(item.period) for e in earlier
        ):
            earlier.append(item)
    return tally.result(out)
