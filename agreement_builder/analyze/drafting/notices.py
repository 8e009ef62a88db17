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
from dataclasses import dataclass

from ...read.model import SourceDocument
from .base import Defect, _short
from .numbers import _WORD, words_to_number
from .periods import Period, Places, Sentences, find_periods

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


# kept for callers of the first version: the period right before "notice" and the act after
_NOTICE_BEFORE = re.compile(
    r"(?:(\d{1,3})|\b("
    + _WORD
    + r"(?:[\s-]+"
    + _WORD
    + r"){0,3}))\s*(?:\(\d{1,3}\)\s*)?(days?|months?)['’]?\s+(?:(?:prior|advance|written|previous)\s+)*$",
    re.IGNORECASE,
)
__all__ = ["NoticePeriod", "check_notice_periods", "notice_periods", "words_to_number"]

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
_NOTIFY = re.compile(r"\bnotif|\bnotice\b|\bin\s+writing\b", re.IGNORECASE)

# cure: "fails to cure such breach within thirty (30) days after receipt of written notice"
_CURE_BEFORE_PERIOD = re.compile(r"(?:within|during|for\s+a\s+period\s+of|have|has|of)\s*$", re.I)
_CURE_AFTER_PERIOD = re.compile(
    r"['’]?\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:after|of|from|following|following\s+the|from\s+the)\b"
    r"[^.;]{0,80}?\b(?:notice|notif\w*|request)",
    re.IGNORECASE,
)
_CURE_PERIOD_WORDS = re.compile(r"\s*(?:cure|remedy|grace)\s+period\b", re.IGNORECASE)

# ------------------------------------------------------------------ what the clause is about

_CLAUSE_BREAK = re.compile(
    r";|:\s|,\s+(?:and|or|but)\s+|\s\((?:[a-h]|i{1,3}|iv|v|vi{1,3})\)\s", re.IGNORECASE
)
# an insurance policy's own notices ("... of cancellation, non-renewal or material change")
_INSURANCE = re.compile(
    r"insur|\bpolic(?:y|ies)\b|coverage|underwrit|cancel\w*,?\s+(?:or\s+)?non-?\s?renewal"
    r"|non-?\s?renewal,?\s+(?:or\s+)?(?:cancel|material\s+(?:change|modification|alteration))",
    re.IGNORECASE,
)
_OTHER_OBJECT = re.compile(
    r"statement\s+of\s+work|\bsow\b|purchase\s+order|\border\b|attachment|addendum|schedule\s+\w"
    r"|\bexhibit\b|\bmodule\b|\bproject\b|\blease\b|sub-?agen|sub-?licen|\bservices?\s+schedule"
    r"|\bwork\s+order|\bprogram\b|\bcampaign\b|\bemployment\b|\bappointment\b|consultation\s+period"
    r"|maintenance|\bsupport\b|subscription|hosting|\blicen[cs]e\s+(?:term|period)|\bwarrant",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"anniversary|\bfirst\s+(?:contract\s+|calendar\s+|full\s+)?year|initial\s+(?:term|period)"
    r"|renewal\s+(?:term|period)|extension\s+(?:term|period)|\bthereafter\b|\bnotwithstanding\b"
    r"|\bafter\s+(?:the\s+)?(?:expiration|expiry|end|date|first|second|third|launch|effective)"
    r"|\b(?:during|until)\s+the\s+(?:first|initial)|\b(?:19|20)\d\d\b|\bfor\s+cause\b"
    r"|reasonable\s+cause|more\s+frequent|\bprovided\s+(?:that|however)|\bin\s+the\s+event\b"
    r"|\bif\b|\bupon\s+the\s+occurrence|\bchange\s+(?:of|in)\s+control|insolv|bankrupt",
    re.IGNORECASE,
)
_THIS_AGREEMENT = re.compile(
    r"\b(?:this|the)\s+(?:agreement|contract)\b|\bthe\s+term\b|\bhereunder\b", re.IGNORECASE
)
_TERMINATE = re.compile(r"\bterminat", re.IGNORECASE)
_CONVENIENCE = re.compile(
    r"\bfor\s+(?:its|their|his|her|our|your|any\s+party's|such\s+party's|the\s+\w+'s)?\s*convenience"
    r"|\bat\s+(?:its|their)\s+convenience|\bwithout\s+cause|\bfor\s+any\s+(?:or\s+no\s+)?reason"
    r"|\bfor\s+no\s+reason|\bwithout\s+(?:any\s+)?(?:reason|liability\s+for\s+cause)|\bat\s+will\b",
    re.IGNORECASE,
)
_RENEW = re.compile(r"renew|\bextend|\bextension|\bsuccessive\b|\bcontinue", re.IGNORECASE)
_NON_RENEWAL = re.compile(
    r"non-?\s?renew|not\s+(?:to\s+)?(?:be\s+)?(?:renew|extend)|(?:does|do)\s+not\s+(?:wish|intend|desire|want)\s+to"
    r"\s+(?:renew|extend)",
    re.IGNORECASE,
)
# exercising an option: a notice *to* renew or extend is not a notice of non-renewal
_TO_RENEW = re.compile(
    r"(?:intention|intent|election|elect|option|desire|wish|request|decision|right)\s+to\s+"
    r"(?:renew|extend|exercise|obtain|continue)|\bnotice\s+of\s+(?:renewal|extension|exercise)"
    r"|\brenewal\s+notice|\bexercise\s+(?:of\s+)?(?:its|the|this|such)\s+(?:option|right)",
    re.IGNORECASE,
)
# an agreement that renews by itself: the sentence an evergreen termination notice stops
_EVERGREEN = re.compile(
    r"renew|automatically\s+(?:be\s+)?(?:extend|continue)|extended\s+automatically|\bsuccessive\b"
    r"|from\s+year\s+to\s+year",
    re.IGNORECASE,
)
_UNLESS_TERMINATE = re.compile(
    r"\bunless\b(?!\s+(?:earlier|sooner|previously)\s)[^.;]{0,200}?\bterminat|\bnotice\s+of\s+(?:its\s+)?(?:intent(?:ion)?\s+to\s+)?terminat"
    r"|\bintent(?:ion)?\s+to\s+terminate",
    re.IGNORECASE,
)
_CURE = re.compile(
    r"\bcur(?:e|ed|es|ing)\b|\bremed(?:y|ied|ies)\b|\bcorrect(?:ed)?\b", re.IGNORECASE
)
_BREACH = re.compile(r"\bbreach|\bdefault|\bfail", re.IGNORECASE)
_PAYMENT = re.compile(
    r"\bfail\w*\s+to\s+(?:timely\s+)?(?:make\s+(?:any\s+)?payments?|pay|provide\s+(?:any\s+)?funds)\b"
    r"|\bnon-?\s?payment"
    r"|\bpayment\s+(?:default|breach|failure)|\bmonetary\s+(?:default|breach|obligation)"
    r"|\b(?:amounts?|sums?|fees?)\s+(?:then\s+)?(?:due|owed|owing|payable)\b",
    re.IGNORECASE,
)
_SPECIFIC_OBLIGATION = re.compile(
    r"\bsection\s+\d|\bclause\s+\d|\barticle\s+\d|\bparagraph\s+\d|\bsuch\s+(?:default|failure)\b"
    r"|\bminimum|\bquality|\bsupport|\bmaintenance|exclusiv|competi|\breport|deficienc|\bservice\s+level"
    r"|\bperformance|\bwarrant|confidential|\bcovenant|\bstandards?\b|\bspecifications?\b",
    re.IGNORECASE,
)
_AUDIT = re.compile(r"\baudit|\binspect|\bexamin", re.IGNORECASE)
_RECORDS = re.compile(r"\bbooks\b|\brecords\b|\baccounts\b|\bfinancial", re.IGNORECASE)
_PRICE_CHANGE = re.compile(
    r"\b(?:chang|increas|adjust|modif|revis|amend)\w*\s+(?:\w+\s+){0,4}?(?:prices?|pricing|rates|fees|charges)\b"
    r"|\b(?:prices?|pricing|rates|fees|charges)\s+(?:\w+\s+){0,3}?(?:chang|increas|adjust|modif|revis|amend)\w*"
    r"|\bprice\s+(?:change|increase|adjustment)",
    re.IGNORECASE,
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


@dataclass(frozen=True)
class NoticePeriod:
    """A notice period found in the text: its kind, who acts, the period and the phrase."""

    kind: str
    actor: str | None  # "either party", "distributor", ...; None when it cannot be told
    period: Period
    start: int  # the phrase to quote
    end: int
    sentence: int  # the start of its sentence: two periods in one sentence are never compared


def _actor(text: str, lo: int, hi: int) -> str | None:
    """The party that acts in ``text[lo:hi]``: "terminated by X", else the last subject of a
    verb ("X may", "X shall give") before ``hi``; "either party" for any party at all."""
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


_MENTION_ONLY = re.compile(
    r"(?:including|other\s+than|except|excluding|but\s+not)\W+(?:\w+\W+){0,3}$", re.I
)


def _payment_breach(text: str, lo: int, hi: int) -> bool:
    """The breach to cure is a failure to pay: said before the period, and not only as an
    example or an exception ("a material breach, including the non-payment of fees")."""
    for match in _PAYMENT.finditer(text, lo, hi):
        if not _MENTION_ONLY.search(text, max(lo, match.start() - 40), match.start()):
            return True
    return False


def _breaching(text: str, lo: int, hi: int) -> str:
    """Who is in breach in ``text[lo:hi]`` ("Licensee breaches", "either party fails"): a
    named party, or "either party" for any party, the other party, or when it cannot be told."""
    name: str | None = None
    for match in _BREACHER.finditer(text, lo, hi):
        name = re.sub(r"\s+", " ", match.group(1)).strip().lower()
    if name is None:
        return "either party"
    name = re.sub(r"^the\s+", "", name)
    if name in _NOT_ACTORS or name in ("it", "we", "you") or re.fullmatch(_EITHER, name, re.I):
        return "either party"
    if re.search(r"\bpart(?:y|ies)$|\baffiliates?$", name):
        return "either party"  # "the breaching Party", "the other Party or its Affiliates"
    return name


def _clause(text: str, lo: int, hi: int, pos: int, pos_end: int) -> tuple[int, int]:
    """The part of the sentence ``text[lo:hi]`` around ``text[pos:pos_end]`` between clause
    breaks ("; ", ", and ", "(b)")."""
    start, end = lo, hi
    for match in _CLAUSE_BREAK.finditer(text, lo, hi):
        if match.end() <= pos:
            start = match.end()
        elif match.start() >= pos_end:
            end = match.start()
            break
    return start, end


class _Finder:
    """Notice periods from the periods of a text: each period is first tied to a notice by
    what is right around it (cheap), and only then read with its sentence and clause."""

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.sentences = Sentences(text)
        self.periods = find_periods(text, folded)

    def statements(self) -> Iterator[NoticePeriod]:
        for period in self.periods:
            found = self._classify(period)
            if found is not None:
                yield found

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
        if period.start < lo or _INSURANCE.search(text, lo, hi):
            return None  # a period cut off from its sentence, or an insurance policy's notice
        c_lo, c_hi = _clause(text, lo, hi, period.start, period.end)
        end = after.end()
        if anchor == "notice":
            act = _ACT_AFTER_NOTICE.match(text, end, hi)
            return self._notice_kind(period, lo, hi, c_lo, c_hi, end, act)
        if anchor == "advance":
            if _NOTIFY.search(text, lo, period.start) is None:
                return None
            return self._advance_kind(period, lo, hi, c_lo, c_hi, end)
        if _CURE.search(text, c_lo, c_hi) and _BREACH.search(text, lo, hi):
            return self._cure_kind(period, lo, hi, c_lo, c_hi, end)
        return None

    # "N days' notice"
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
        text = self.text
        sentence, clause = text[lo:hi], text[c_lo:c_hi]
        if act is not None:
            end = act.end()
        tail = text[end : min(hi, end + 120)]
        if _non_renewal(sentence, clause, tail, act.group() if act else ""):
            return self._made("non-renewal", period, lo, hi, c_lo, end)
        if _TO_RENEW.search(clause) or _RENEW.search(tail[:60]):
            return None
        if _OTHER_OBJECT.search(sentence) or _CONDITION.search(sentence):
            return None
        if _CONVENIENCE.search(clause) and _TERMINATE.search(sentence):
            if _THIS_AGREEMENT.search(sentence) is None:
                return None
            return self._made("convenience", period, lo, hi, c_lo, end)
        if _AUDIT.search(clause) and _RECORDS.search(sentence):
            return self._made("audit", period, lo, hi, c_lo, end)
        if _PRICE_CHANGE.search(sentence) and not _TERMINATE.search(sentence):
            return self._made("price change", period, lo, hi, c_lo, end)
        return None

    # "notice ... at least N days prior to the expiration"
    def _advance_kind(
        self, period: Period, lo: int, hi: int, c_lo: int, c_hi: int, end: int
    ) -> NoticePeriod | None:
        text = self.text
        if _non_renewal(text[lo:hi], text[c_lo:c_hi], text[end : min(hi, end + 120)]):
            return self._made("non-renewal", period, lo, hi, c_lo, end)
        return None

    def _cure_kind(
        self, period: Period, lo: int, hi: int, c_lo: int, c_hi: int, end: int
    ) -> NoticePeriod | None:
        text = self.text
        sentence = text[lo:hi]
        if _OTHER_OBJECT.search(sentence) or _SPECIFIC_OBLIGATION.search(sentence):
            return None
        if not _TERMINATE.search(sentence) or _THIS_AGREEMENT.search(sentence) is None:
            return None
        kind = "cure (payment)" if _payment_breach(text, lo, period.start) else "cure"
        return NoticePeriod(kind, _breaching(text, lo, period.start), period, period.start, end, lo)

    def _made(
        self, kind: str, period: Period, lo: int, hi: int, c_lo: int, end: int
    ) -> NoticePeriod:
        actor = _actor(self.text, c_lo, period.start) or _actor(self.text, lo, period.start)
        if actor is None and kind == "non-renewal":
            actor = "either party"  # "unless notice of non-renewal is given": whoever gives it
        return NoticePeriod(kind, actor, period, period.start, end, lo)


def _non_renewal(sentence: str, clause: str, tail: str, act: str = "") -> bool:
    """A notice that stops a renewal. ``act`` is what the notice itself names right after
    it ("of non-renewal", "of termination", "to renew"; empty when nothing): it decides
    first, so "90 days' notice of termination and 180 days' notice of non-renewal" has one
    of each. Without one, the clause decides ("... gives written notice not less than 90 days
    before the end of the term that it does not wish to renew"), or a sentence that renews
    the agreement unless a party gives notice of termination before it ends."""
    if _INSURANCE.search(sentence) or _OTHER_OBJECT.search(sentence):
        return False
    if act:
        if _NON_RENEWAL.search(act):
            return True
        if not _TERMINATE.search(act):
            return False  # a notice of renewal, or of its intention to renew
    elif _NON_RENEWAL.search(tail[:80]) or _NON_RENEWAL.search(clause):
        return not _TO_RENEW.search(tail[:40])
    if _TO_RENEW.search(sentence):
        return False
    return bool(
        _EVERGREEN.search(sentence)
        and re.search(r"automatic|successive|unless", sentence, re.IGNORECASE)
        and (
            _UNLESS_TERMINATE.search(sentence) or re.search(r"\bexpir|\bend\s+of", tail[:60], re.I)
        )
        and _THIS_AGREEMENT.search(sentence)
    )


def notice_periods(doc: SourceDocument) -> list[NoticePeriod]:
    """Every notice period the document states, with its kind and who acts, in text order."""
    text = doc.text
    folded = doc.folded
    if not _NOTIFY.search(text):
        return []
    return list(_Finder(text, folded).statements())


_KIND_LABEL = {
    "non-renewal": "non-renewal notice",
    "convenience": "notice to terminate for convenience",
    "cure": "cure period for a breach",
    "cure (payment)": "cure period for non-payment",
    "audit": "notice before an audit",
    "price change": "notice of a price change",
}


def _compatible(a: str | None, b: str | None) -> bool:
    """Two actors for the same act: the same party, or "either party" and a named one."""
    if a is None or b is None:
        return False
    return a == b or "either party" in (a, b)


def check_notice_periods(doc: SourceDocument) -> list[Defect]:
    """The same act given different notice periods in different sentences: for each kind,
    every statement that disagrees with the first one of that kind (and actor)."""
    text = doc.text
    out: list[Defect] = []
    found = notice_periods(doc)
    place = Places(doc)
    by_kind: dict[str, list[NoticePeriod]] = {}
    for item in found:
        by_kind.setdefault(item.kind, []).append(item)
    for kind, items in by_kind.items():
        reported: set[int] = set()
        for i, item in enumerate(items):
            for first in items[:i]:
                if first.sentence == item.sentence or first.start in reported:
                    continue
                if not _compatible(first.actor, item.actor):
                    continue
                if first.period.comparable(item.period) is not False:
                    continue
                where = place(first.start)
                out.append(
                    Defect(
                        "notice_conflict",
                        f"{_KIND_LABEL[kind]} given as {_short(text[item.start : item.end], 80)!r} "
                        f"here and {_short(text[first.start : first.end], 80)!r} {where}",
                        item.start,
                        item.end,
                        (
                            ("kind", kind),
                            ("period", item.period.label()),
                            ("other", first.period.label()),
                        ),
                    )
                )
                reported.add(item.start)
                break
    out.sort(key=lambda d: d.start)
    return out
