"""A term stated twice that disagrees with itself: the agreement's initial term (DRF122),
the days to pay an invoice (DRF123) and a liability cap (DRF124).

Each check finds the statements of one term, each with what it is about (who pays, which
fee, whose liability), keeps only statements that are plainly about the same thing and
carry no condition of their own, and reports a statement whose value differs from the first
one in another sentence. Statements of renewal terms, of the term of an order or schedule,
of early-payment discounts, late-payment interest or a cap for one kind of claim are left
out: they may differ on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...read.model import SourceDocument
from .base import Defect, _form_zones, _in_zones, _short
from .periods import Period, Places, Sentences, find_money, find_periods, money_label

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
_TERM_SUBJECT = re.compile(
    r"\b" + _AGREEMENT + r"\b|\binitial\s+term\b|\bthe\s+term\b|\bhereof\b", re.IGNORECASE
)
_NOT_THE_TERM = re.compile(
    r"renew|successive|additional|further|extension|extend|remaining|thereafter|survive"
    r"|confidential|\bafter\s+(?:its\s+|the\s+)?(?:termination|expiration|expiry)|following\s+the\s+"
    r"(?:termination|expiration|expiry)|\b(?:sooner|earlier|later|lesser|greater)\s+of\b"
    r"|statement\s+of\s+work|\bsow\b|purchase\s+order|\border\b|attachment|addendum|schedule"
    r"|\bexhibit\b|\bannex|\bmodule\b|\bproject\b|\blease\b|\blicen[cs]e\b|\bwarrant|\bservices?\b"
    r"|employment|appointment|non-?compet|non-?solicit|restrict|franchise|\bperiod\s+of\s+time\b"
    r"|\bnot\s+(?:to\s+)?exceed|\bup\s+to\b|\bat\s+least\b|\bminimum\b|\bmaximum\b|\bwithin\b"
    r"|\b(?:this|that|such|each)\s+(?:section|clause|article|paragraph)\b|\bthe\s+terms\s+of\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    """One statement of a term: what it is about (``about``), who (``party``), its value
    as a label and a comparable key, and where it is."""

    about: str
    party: str | None
    value: str
    key: object
    start: int
    end: int
    sentence: int


def _term_statements(text: str, sentences: Sentences, periods: list[Period]) -> Iterator[Statement]:
    for period in periods:
        if period.unit not in ("year", "month"):
            continue
        lo, hi = sentences.around(period.start)
        head_lo = max(lo, period.start - 160)
        before = _search_end_in(_TERM_BEFORE, text, head_lo, period.start, _TERM_BEFORE_TOKENS)
        if before is None:
            continue
        sentence = text[lo:hi]
        said = before.group().lower()
        if said.startswith(("this", "the")):  # "this three-year term": the word term follows
            after = _TERM_WORD_AFTER.match(text, period.end)
            if after is None:
                continue
            end = after.end()
        elif said.startswith("expire"):
            after = _EXPIRE_AFTER.match(text, period.end)
            if after is None or not re.search(r"\bterm\s+of\s+" + _AGREEMENT, sentence, re.I):
                continue
            end = after.end()
        else:
            end = period.end
        this_term = said.startswith("this")  # "this three-year term" names its own subject
        if not (this_term or _TERM_SUBJECT.search(sentence)) or _NOT_THE_TERM.search(sentence):
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
    r"(?:invoices?|invoicing|invoice\s+date)\b",
)
_PAY_AFTER_RECEIPT = re.compile(
    r"\s*(?:\(\s*\d{1,4}\s*\)\s*)?(?:of|after|from|following)\s+(?:the\s+)?(?:receipt|date\s+of\s+receipt"
    r"|invoice\s+date|date\s+of\s+(?:the\s+)?invoice)\b",
    re.IGNORECASE,
)
_PAY_VERB = re.compile(r"\bpa(?:y|id|ys|yable|yment)\b|\bremit|\bdue\b|\bsettle", re.IGNORECASE)
_INVOICES_PAYABLE = re.compile(r"\binvoices?\b[^.;]{0,60}\b(?:payable|due|paid)\b", re.IGNORECASE)
_NOT_THE_PAYMENT = re.compile(
    r"\bif\b|\bin\s+the\s+event\b|\bunless\b|discount|interest|\blate\b|overdue|dispute|terminat"
    r"|expir|suspend|\bnot\s+(?:been\s+)?(?:paid|made|received)|\bfail|unpaid|outstanding|withh[oe]ld"
    r"|refund|credit|reimburs|audit|underpay|overpay|\bexcept|\bother\s+than\b"
    # one payment of a schedule, not the payment term: an instalment, a deposit, 70% of an order
    r"|instal?lment|deposit|milestone|\bportion\b|\bbalance\b|%\s+of\b|percent\s+of\b"
    r"|\b(?:first|second|third|final|initial|advance|down)\s+payment",
    re.IGNORECASE,
)
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
    text: str, sentences: Sentences, periods: list[Period]
) -> Iterator[Statement]:
    for period in periods:
        if period.unit not in ("day", "business day"):
            continue
        before = _PAY_BEFORE.search(text[max(0, period.start - 12) : period.start])
        if before is None:
            continue
        lo, hi = sentences.around(period.start)
        after = _PAY_AFTER.match(text, period.end, hi)
        if after is None:
            receipt = _PAY_AFTER_RECEIPT.match(text, period.end, hi)
            if receipt is None or not _INVOICES_PAYABLE.search(text, lo, period.start):
                continue
            after = receipt
        sentence = text[lo:hi]
        if not _PAY_VERB.search(sentence) or _NOT_THE_PAYMENT.search(sentence):
            continue
        fee = _FEE_NAME.search(sentence)
        kind = _INVOICES_FOR.search(sentence)
        about = _fee_key(fee.group(1)) if fee else "invoices"
        if kind is not None:
            about += " for " + " ".join(kind.group(1).lower().split())
        start = period.start - len(text[max(0, period.start - 12) : period.start]) + before.start()
        yield Statement(
            about,
            _payer(sentence),
            period.label(),
            (period.amount, period.unit),
            start,
            after.end(),
            lo,
        )


def _fee_key(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip().lower().replace("licence", "license")
    name = re.sub(r"^(?:the|any|each|all|such)\s+", "", name)
    return re.sub(r"(?:ies|s)$", lambda m: "y" if m.group() == "ies" else "", name)


def _payer(sentence: str) -> str | None:
    match = _PAYER.search(sentence)
    if match is None:
        return None
    name = re.sub(r"\s+", " ", match.group(1) or match.group(2)).strip().lower()
    return re.sub(r"^the\s+", "", name)


# ------------------------------------------------------------------------- liability cap

_LIABILITY = re.compile(r"liabilit(?:y|ies)\b", re.IGNORECASE)
_CAP_VERB = re.compile(
    r"\b(?:shall|will|may|must)\s+(?:not|in\s+no\s+(?:event|case)|never)\s+(?:\w+\s+){0,2}?exceed\b"
    r"|\b(?:is|are|be)\s+limited\s+to\b|\bnot\s+to\s+exceed\b|\bcapped\s+at\b|\bshall\s+not\s+be\s+more\s+than\b",
    re.IGNORECASE,
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
    r"|\bwhether\s+in\s+contract[^,;]{0,120}|\bor\s+otherwise\b|\bto\s+the\s+other\s+party\b|,",
    re.IGNORECASE,
)
_NOT_THE_CAP = re.compile(
    r"insur|\bpolic(?:y|ies)\b|coverage|\bper\s+(?:claim|occurrence|incident|event|year|annum|month)"
    r"|\bin\s+any\s+(?:calendar\s+|contract\s+)?year\b|\beach\s+(?:claim|occurrence)|deductible",
    re.IGNORECASE,
)


def _cap_statements(text: str, sentences: Sentences) -> Iterator[Statement]:
    seen: set[int] = set()
    for liability in _LIABILITY.finditer(text):
        lo, hi = sentences.around(liability.start())
        if lo in seen:
            continue
        verb = _CAP_VERB.search(text, liability.end(), min(hi, liability.end() + 250))
        if verb is None:
            continue
        seen.add(lo)
        sentence = text[lo:hi]
        if _NOT_THE_CAP.search(sentence):
            continue
        money = find_money(text, verb.end(), min(hi, verb.end() + 80))
        if not money or len(find_money(text, lo, hi)) > 1:
            continue  # no fixed amount, or several: a cap with its own exceptions
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
        elif re.search(
            r"\bliability\s+of\s+(?:either|each|any)\s+party", sentence, re.I
        ) or not re.search(r"[A-Z]\w+['’]s\s+(?:\w+\s+)?liabilit", sentence):
            party = "either party"
        first = money[0]
        start = liability.start() if owner is None else owner.start(2)
        yield Statement(
            "cap", party, money_label(first), (first.currency, first.amount), start, first.end, lo
        )


# ---------------------------------------------------------------------------- the check

_LABEL = {
    "term": ("term_conflict", "the initial term"),
    "cap": ("cap_conflict", "the liability cap"),
}


def restated_terms(doc: SourceDocument) -> list[Statement]:
    """Every statement of the initial term, the days to pay an invoice and a fixed
    liability cap, outside exhibits that are forms to be filled in later."""
    text = doc.text
    sentences = Sentences(text)
    periods = find_periods(text, doc.folded)
    zones = _form_zones(text)
    found = [
        *_term_statements(text, sentences, periods),
        *_payment_statements(text, sentences, periods),
        *_cap_statements(text, sentences),
    ]
    return sorted((s for s in found if not _in_zones(s.start, zones)), key=lambda s: s.start)


def _same_party(a: str | None, b: str | None, about: str) -> bool:
    if about == "cap":
        return a is not None and b is not None and (a == b or "either party" in (a, b))
    return a is None or b is None or a == b


def check_restated_terms(doc: SourceDocument) -> list[Defect]:
    text = doc.text
    out: list[Defect] = []
    statements = restated_terms(doc)
    place = Places(doc)
    groups: dict[str, list[Statement]] = {}
    for item in statements:
        groups.setdefault(item.about, []).append(item)
    for about, items in groups.items():
        tag, label = _LABEL.get(about, ("payment_days_conflict", ""))
        if not label:
            label = "the days to pay " + ("an invoice" if about == "invoices" else f"the {about}")
        for i, item in enumerate(items):
            for first in items[:i]:
                if first.sentence == item.sentence or first.key == item.key:
                    continue
                if not _same_party(first.party, item.party, about):
                    continue
                where = place(first.start)
                out.append(
                    Defect(
                        tag,
                        f"{label} is {item.value} here ({_short(text[item.start : item.end], 80)!r}) "
                        f"but {first.value} {where} ({_short(text[first.start : first.end], 80)!r})",
                        item.start,
                        item.end,
                        (("value", item.value), ("other", first.value)),
                    )
                )
                break
    out.sort(key=lambda d: d.start)
    return out
