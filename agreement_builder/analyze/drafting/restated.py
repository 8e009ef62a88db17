"""A term stated twice that disagrees with itself: the agreement's initial term (DRF122),
the time to pay an invoice (DRF123) and a liability cap (DRF124).

Each check finds the statements of one term, each with what it is about (who pays, which
fee, whose liability), keeps only statements that are plainly about the same thing and
carry no condition of their own, and reports a statement whose value differs from the first
one in another sentence. Statements of renewal terms, of the term of an order or schedule,
of early-payment discounts, late-payment interest or a cap for one kind of claim are left
out: they may differ on purpose.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from ...core.startup import _Value, value
from ...read.model import SourceDocument
from .base import Defect, _form_zones, _short
from .periods import (
    Marks,
    Money,
    Period,
    Places,
    Sentences,
    Words,
    find_money,
    money_label,
    text_index,
)

# ------------------------------------------------------------------------------ the term

_AGREEMENT = r"(?:this|the)\s+(?:agreement|contract)"
_TERM_BEFORE = re.compile(
    r"(?:"
    # "the initial term of this Agreement shall be (for a period of)", "an initial term of"
    r"\binitial\s+term\s+(?:of\s+" + _AGREEMENT + r"\s+)?(?:(?:shall|will)\s+be\s+|is\s+)?"
    r"(?:for\s+)?(?:a\s+period\s+of\s+)?(?:of\s+)?"
    # "the term of this Agreement shall be (for a period of)", "for a term of"
    r"|\bterm\s+of\s+"
    + _AGREEMENT
    + r"\s+(?:(?:shall|will)\s+be|is)\s+(?:for\s+)?(?:a\s+period\s+of\s+)?"
    r"|\b(?:for|with)\s+an?\s+(?:initial\s+)?term\s+of\s+"
    # "This Agreement shall (commence ... and) continue (in full force and effect) for (a period of)"
    r"|\b(?:continue|remain)\s+(?:in\s+(?:full\s+)?(?:force\s+and\s+)?effect\s+)?for\s+"
    r"(?:an?\s+)?(?:initial\s+)?(?:(?:period|term)\s+of\s+)?"
    r"|\bexpire\s+"
    # "this three-year term", "the initial five (5) year term"
    r"|\b(?:this|the)\s+(?:initial\s+)?"
    r")$",
    re.IGNORECASE,
)
_TERM_BEFORE_TOKENS = 14
_TERM_WORD_AFTER = re.compile(
    r"[\s-]*(?:initial\s+)?term\b(?!\s+of\s+(?!this|the\s+agreement))", re.I
)
_EXPIRE_AFTER = re.compile(
    r"\s+(?:from|after)\s+(?:the\s+)?(?:effective\s+date|date\s+(?:hereof|of\s+this))", re.I
)
_TERM_SUBJECT = Words(_AGREEMENT + r"\b|initial\s+term\b|the\s+term\b|hereof\b")
_TERM_OF_AGREEMENT = Words(r"term\s+of\s+" + _AGREEMENT)
_NOT_THE_TERM = Words(
    r"renew|successive|additional|further|extension|extend|remaining|thereafter|survive"
    r"|confidential|after\s+(?:its\s+|the\s+)?(?:termination|expiration|expiry)|following\s+the\s+"
    r"(?:termination|expiration|expiry)|(?:sooner|earlier|later|lesser|greater)\s+of\b"
    r"|statement\s+of\s+work|sow\b|purchase\s+order|order\b|attachment|addendum|schedule"
    r"|exhibit\b|annex|module\b|project\b|lease\b|licen[cs]e\b|warrant|services?\b"
    r"|employment|appointment|non-?compet|non-?solicit|restrict|franchise|period\s+of\s+time\b"
    r"|not\s+(?:to\s+)?exceed|up\s+to\b|at\s+least\b|minimum\b|maximum\b|within\b"
    r"|(?:this|that|such|each)\s+(?:section|clause|article|paragraph)\b|the\s+terms\s+of\b"
)


@value
class Statement(_Value):
    """One statement of a term: what it is about (``about``), who (``party``), its value
    as a label and a comparable key, and where it is."""

    about: str
    party: str | None
    value: str
    key: object
    start: int
    end: int
    sentence: int


def _term_statements(
    text: str, sentences: Sentences, periods: tuple[Period, ...], marks: Marks
) -> Iterator[Statement]:
    for period in periods:
        if period.unit not in ("year", "month"):
            continue
        lo, hi = sentences.around(period.start)
        head_lo = max(lo, period.start - 160)
        before = _search_end_in(_TERM_BEFORE, text, head_lo, period.start, _TERM_BEFORE_TOKENS)
        if before is None:
            continue
        said = before.group().lower()
        if said.startswith(("this", "the")):  # "this three-year term": the word term follows
            after = _TERM_WORD_AFTER.match(text, period.end)
            if after is None:
                continue
            end = after.end()
        elif said.startswith("expire"):
            after = _EXPIRE_AFTER.match(text, period.end)
            if after is None or not marks.within(_TERM_OF_AGREEMENT, lo, hi):
                continue
            end = after.end()
        else:
            end = period.end
        this_term = said.startswith("this")  # "this three-year term" names its own subject
        if not (this_term or marks.within(_TERM_SUBJECT, lo, hi)):
            continue
        if marks.within(_NOT_THE_TERM, lo, hi):
            continue
        months = period.amount * 12 if period.unit == "year" else period.amount
        yield Statement("term", None, period.label(), months, before.start(), end, lo)


def _search_end_in(
    pattern: re.Pattern[str], text: str, lo: int, hi: int, tokens: int
) -> re.Match[str] | None:
    """``pattern`` (anchored with ``$``) searched in ``text[lo:hi]`` from the start of its
    last ``tokens`` white-space-separated pieces: bounded work per call."""
    window = text[lo:hi]
    head = window.rsplit(None, tokens)
    start = len(head[0]) if len(head) > tokens else 0
    match = pattern.search(text, lo + start, hi)
    return match


# ----------------------------------------------------------------------- days to pay

_PAY_BEFORE = re.compile(r"\b(?:within|net)\s*$", re.IGNORECASE)
_PAY_AFTER = re.compile(
    r"\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:of|after|from|following)\s+(?:the\s+)?"
    r"(?:(?:date\s+of|receipt(?:\s+by\s+[\w&.-]+(?:\s+[\w&.-]+)?)?\s+of|issuance\s+of|delivery\s+of)\s+)?"
    r"(?:(?:the|an?|each|such|any|its|their|[A-Z][\w&.-]*(?:['’]s|['’]))\s+)?"
    r"(?:(?:valid|correct|proper|properly\s+\w+|undisputed|acceptable|original|applicable|monthly"
    r"|and|or|,)\s*)*"
    r"(?i:invoices?|invoicing|invoice\s+date)\b",
)
_PAY_AFTER_RECEIPT = re.compile(
    r"\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:of|after|from|following)\s+(?:the\s+)?(?:receipt|date\s+of\s+receipt"
    r"|invoice\s+date|date\s+of\s+(?:the\s+)?invoice)\b",
    re.IGNORECASE,
)
_PAY_VERB = Words(r"pa(?:y|id|ys|yable|yment)\b|remit|due\b|settle")
_INVOICES_PAYABLE = Words(r"invoices?\b[^.;]{0,60}\b(?:payable|due|paid)\b")
_NOT_THE_PAYMENT = Words(
    r"if\b|in\s+the\s+event\b|unless\b|discount|interest|late\b|overdue|dispute|terminat"
    r"|expir|suspend|not\s+(?:been\s+)?(?:paid|made|received)|fail|unpaid|outstanding|withh[oe]ld"
    r"|refund|credit|reimburs|audit|underpay|overpay|except|other\s+than\b"
    # one payment of a schedule, not the payment term: an instalment, a deposit, 70% of an order
    r"|instal?lment|deposit|milestone|portion\b|balance\b|percent\s+of\b"
    r"|(?:first|second|third|final|initial|advance|down)\s+payment"
)
_PERCENT_OF = re.compile(r"%\s+of\b")
_NEAR = 300  # characters either side of a payment period searched for the fee and the payer
_FEE_NAME = re.compile(
    r"\b((?:[A-Z][\w-]*\s+){1,3}?(?:Fees?|Charges?|Prices?|Payments?|Commissions?)|Royalt(?:y|ies))\b"
)
_INVOICES_FOR = re.compile(
    r"\binvoices?\s+(?:for|in\s+respect\s+of|relating\s+to|related\s+to|covering)\s+"
    r"(?:the\s+|any\s+|all\s+)?((?:[\w-]+\s+){0,2}[\w-]+)",
    re.IGNORECASE,
)
_PAYER = re.compile(
    r"(?<![\w-])((?:[Tt]he\s+)?[A-Z][A-Za-z0-9&'’.-]*(?:\s+[A-Z][A-Za-z0-9&'’.-]*){0,3}|[Ww]e|[Yy]ou)"
    r"\s+(?i:shall|will|must|agrees\s+to|is\s+to)\s+(?i:pay|remit|make\s+payment)\b"
    r"|\b(?i:paid|payable|remitted)\s+(?i:by)\s+((?:the\s+)?[A-Z][A-Za-z0-9&'’.-]*(?:\s+[A-Z][A-Za-z0-9&'’.-]*){0,3})"
)


def _payment_statements(
    text: str, sentences: Sentences, periods: tuple[Period, ...], marks: Marks
) -> Iterator[Statement]:
    for period in periods:
        if period.unit not in ("day", "business day"):
            continue
        head = text[max(0, period.start - 12) : period.start]
        before = _PAY_BEFORE.search(head)
        if before is None:
            continue
        lo, hi = sentences.around(period.start)
        after = _PAY_AFTER.match(text, period.end, hi)
        if after is None:
            receipt = _PAY_AFTER_RECEIPT.match(text, period.end, hi)
            if receipt is None or not marks.within(_INVOICES_PAYABLE, lo, period.start):
                continue
            after = receipt
        if not marks.within(_PAY_VERB, lo, hi) or marks.within(_NOT_THE_PAYMENT, lo, hi):
            continue
        if marks.within(_PERCENT_OF, lo, hi):
            continue
        # the fee, the invoices and the payer near the period, in its sentence: a few hundred
        # characters, not a whole run-together page
        near_lo, near_hi = max(lo, period.start - _NEAR), min(hi, period.end + _NEAR)
        fee = marks.first(_FEE_NAME, near_lo, near_hi)
        about = _fee_key(fee.group(1)) if fee else "invoices"
        kind = marks.first(_INVOICES_FOR, near_lo, near_hi)
        if kind is not None:
            about += " for " + " ".join(kind.group(1).lower().split())
        payer = marks.first(_PAYER, near_lo, near_hi)
        yield Statement(
            about,
            _payer(payer),
            period.label(),
            (period.amount, period.unit),
            period.start - len(head) + before.start(),
            after.end(),
            lo,
        )


def _fee_key(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip().lower().replace("licence", "license")
    name = re.sub(r"^(?:the|any|each|all|such)\s+", "", name)
    return re.sub(r"(?:ies|s)$", lambda m: "y" if m.group() == "ies" else "", name)


def _payer(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    name = re.sub(r"\s+", " ", match.group(1) or match.group(2)).strip().lower()
    return re.sub(r"^the\s+", "", name)


# ------------------------------------------------------------------------- liability cap

_LIABILITY = re.compile(r"liabilit(?:y|ies)\b", re.IGNORECASE)
_CAP_VERB = Words(
    r"(?:shall|will|may|must)\s+(?:not|in\s+no\s+(?:event|case)|never)\s+(?:\w+\s+){0,2}?exceed\b"
    r"|(?:is|are|be)\s+limited\s+to\b|not\s+to\s+exceed\b|capped\s+at\b|shall\s+not\s+be\s+more\s+than\b"
)
_CAP_OWNER = re.compile(
    r"((?i:either|each|neither|any)\s+(?i:party)|(?:[Tt]he\s+)?[A-Z][A-Za-z0-9&.-]*(?:\s+[A-Z][A-Za-z0-9&.-]*){0,3})"
    r"['’]s?\s+((?:(?i:total|aggregate|cumulative|entire|maximum|overall|collective|sole)\s+)*"
    r"(?:(?i:and|or)\s+\w+\s+)?)$"
)
_CAP_GENERAL = re.compile(
    r"\(([^()]{0,200})\)|\b(?:under|arising\s+(?:out\s+of|under|from)|in\s+connection\s+with|relat(?:ing|ed)\s+to"
    r"|pursuant\s+to|with\s+respect\s+to|in\s+respect\s+of)\s+(?:this|the)\s+agreement\b"
    r"|\bfor\s+(?:any\s+and\s+all|all|any)\s+(?:claims?|damages|losses|liabilit\w+)\b|\bhereunder\b"
    r"|\bwhether\s+in\s+contract[^,;]{0,120}|\bor\s+otherwise\b|\bto\s+the\s+other\s+party\b|,"
    r"|\b(?:shall|will|may|must|in\s+no\s+(?:event|case))\b",  # "liability shall be limited to"
    re.IGNORECASE,
)
_NOT_THE_CAP = Words(
    r"insur|polic(?:y|ies)\b|coverage|per\s+(?:claim|occurrence|incident|event|year|annum|month)"
    r"|in\s+any\s+(?:calendar\s+|contract\s+)?year\b|each\s+(?:claim|occurrence)|deductible"
)
_EITHER_LIABILITY = Words(r"liability\s+of\s+(?:either|each|any)\s+party")
_NAMED_LIABILITY = re.compile(r"[A-Z]\w+['’]s\s+(?:\w+\s+)?liabilit")


def _cap_statements(text: str, sentences: Sentences, marks: Marks) -> Iterator[Statement]:
    used = -1  # the end of the last cap verb read: two "liability" words share one verb
    money: list[Money] | None = None
    money_starts: list[int] = []
    for liability in _LIABILITY.finditer(text):
        verb = marks.first(_CAP_VERB, liability.end(), liability.end() + 250)
        if verb is None or verb.start() < used:
            continue
        lo, hi = sentences.around(liability.start())
        if verb.end() > hi:
            continue  # the verb of another sentence: "10. Liability. Each party's ..."
        used = verb.end()
        if marks.within(_NOT_THE_CAP, lo, hi):
            continue
        if money is None:  # every amount of the text, once, when the first cap is read
            money = find_money(text)
            money_starts = [m.start for m in money]
        first_at = bisect_left(money_starts, lo)
        amounts = money[first_at : bisect_left(money_starts, hi)]
        if len(amounts) != 1 or not verb.end() <= amounts[0].start < verb.end() + 80:
            continue  # no fixed amount after the verb, or several: a cap with its own exceptions
        scope = _CAP_GENERAL.sub(" ", text[liability.end() : verb.start()])
        if re.search(r"[A-Za-z]{3,}", scope):
            continue  # liability "for breach of Section 7", "to Customer for data loss"
        owner = _CAP_OWNER.search(text, max(lo, liability.start() - 80), liability.start())
        party = None
        if owner is not None:
            name = re.sub(r"\s+", " ", owner.group(1)).strip().lower()
            name = re.sub(r"^the\s+", "", name)
            party = (
                "either party" if re.fullmatch(r"(?:either|each|neither|any) party", name) else name
            )
        elif marks.within(_EITHER_LIABILITY, lo, hi) or not marks.within(_NAMED_LIABILITY, lo, hi):
            party = "either party"
        cap = amounts[0]
        start = liability.start() if owner is None else owner.start(2)
        yield Statement(
            "cap", party, money_label(cap), (cap.currency, cap.amount), start, cap.end, lo
        )


# ---------------------------------------------------------------------------- the check

_LABEL = {
    "term": ("term_conflict", "the initial term"),
    "cap": ("cap_conflict", "the liability cap"),
}


def restated_terms(doc: SourceDocument) -> list[Statement]:
    """Every statement of the initial term, the time to pay an invoice and a fixed
    liability cap, outside exhibits that are forms to be filled in later."""
    text = doc.text
    index = text_index(text, doc.folded)
    sentences, periods, marks = index.sentences, index.periods, index.marks
    found = [
        *_term_statements(text, sentences, periods, marks),
        *_payment_statements(text, sentences, periods, marks),
        *_cap_statements(text, sentences, marks),
    ]
    if not found:
        return []
    zones = _form_zones(text)
    starts = [a for a, _ in zones]
    ends = [b for _, b in zones]

    def in_form(pos: int) -> bool:  # zones do not overlap: the last one starting before pos
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]

    return sorted((s for s in found if not in_form(s.start)), key=lambda s: s.start)


def _same_party(a: str | None, b: str | None, about: str) -> bool:
    if about == "cap":
        return a is not None and b is not None and (a == b or "either party" in (a, b))
    return a is None or b is None or a == b


_KEPT = 16  # distinct (party, value) statements kept per term to compare the next ones with


def check_restated_terms(doc: SourceDocument) -> list[Defect]:
    """A statement of a term whose value differs from an earlier statement of the same term
    (same fee, same party) in another sentence. Each is compared with the first statement
    of each distinct (party, value) before it, at most ``_KEPT`` per term: linear however
    many times a machine-made text states it."""
    text = doc.text
    out: list[Defect] = []
    place = Places(doc)
    kept: dict[str, list[Statement]] = {}
    for item in restated_terms(doc):
        earlier = kept.setdefault(item.about, [])
        for first in earlier:
            if first.sentence == item.sentence or first.key == item.key:
                continue
            if not _same_party(first.party, item.party, item.about):
                continue
            tag, label = _LABEL.get(item.about, ("payment_days_conflict", ""))
            if not label:
                paid = "an invoice" if item.about == "invoices" else f"the {item.about}"
                label = f"the time to pay {paid}"
            out.append(
                Defect(
                    tag,
                    f"{label} is {item.value} here ({_short(text[item.start : item.end], 80)!r}) "
                    f"but {first.value} {place(first.start)} "
                    f"({_short(text[first.start : first.end], 80)!r})",
                    item.start,
                    item.end,
                    (("value", item.value), ("other", first.value)),
                )
            )
            break
        if len(earlier) < _KEPT and not any(
            e.party == item.party and e.key == item.key for e in earlier
        ):
            earlier.append(item)
    return out
