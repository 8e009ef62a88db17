"""Terms as agreements write them: periods, percentages, money, dates, names and places.

Each ``*_RE`` pattern finds one kind of quantity however a drafter wrote it ("ninety (90)
days'", "Ninety days", "3 months", "a 12-month period"; "40%", "forty per cent (40%)";
"EUR 3,000,000", "€3 million", "3,000,000 euros"; "3 May 2027", "May 3, 2027",
"2027-05-03"), and a ``parse_*`` function turns a match into a value to compare with the
spec's. Comparisons are in the ``same_*`` functions, each documented with what it treats as
the same term: they decide what counts as a deviation, so they are strict where a signer
would be (3 months is not 90 days) and lenient where only the spelling differs ("Ltd" and
"Limited", "English law" and "the law of England and Wales").

Every pattern is linear: alternations of literals and bounded repeats, no nested quantifiers
over the same characters.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from ..core.currencies import ISO_4217
from ..core.english import MONTH_NAMES, WORD_VALUES
from ..core.startup import _Value, value
from ..core.values import Duration, Money

# ---------------------------------------------------------------- numbers in words

_UNITS = WORD_VALUES
_NUMBER_WORD = "|".join(sorted(_UNITS, key=len, reverse=True)) + "|hundred|thousand"
# "ninety", "twenty-one", "one hundred and eighty": never starts with "and"
WORDS = rf"(?:{_NUMBER_WORD})(?:(?:[ \t-]+|\s+and\s+)(?:{_NUMBER_WORD})){{0,5}}"


def words_value(words: str) -> int | None:
    """``"one hundred and eighty"`` -> 180; None when it is not a number in words."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_text(number: Decimal | float | int) -> str:
    """``40.0`` -> ``40``, ``3.5`` -> ``3.5``, ``15000000`` -> ``15,000,000``."""
    dec = Decimal(str(number))
    if dec == dec.to_integral_value():
        whole = int(dec)
        return f"{whole:,}" if abs(whole) >= 10000 else str(whole)
    return f"{dec.normalize():f}"


# ---------------------------------------------------------------- periods


@value
class Period(_Value):
    """A period as the document states it: ``unit`` is day, week, month, year, or
    "business day" (business, working and clear days are not calendar days)."""

    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


PERIOD_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<words>{WORDS})(?:\s*\(\s*(?P<paren>\d{{1,4}})\s*\))?"
    r"|(?P<num>\d{1,4})|(?P<article>an?))"
    r"[\s-]+(?P<kind>(?:calendar|business|working|clear)[\s-]+)?"
    r"(?P<unit>day|week|month|year)s?\b(?:['’]s?)?",
    re.IGNORECASE,
)


def parse_period(match: re.Match[str]) -> Period | None:
    """The period of a ``PERIOD_RE`` match; the figure in brackets wins over the words."""
    if match.group("paren"):
        amount: int | None = int(match.group("paren"))
    elif match.group("num"):
        amount = int(match.group("num"))
    elif match.group("article"):
        amount = 1
    else:
        amount = words_value(match.group("words") or "")
    if amount is None:
        return None
    kind = (match.group("kind") or "").strip(" -\t\n").lower()
    unit = match.group("unit").lower()
    if kind in ("business", "working") and unit == "day":
        unit = "business day"
    return Period(amount, unit)


def periods_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[Period, int, int]]:
    """Every period in ``text[start:end]``: (period, start, end)."""
    out = []
    for match in PERIOD_RE.finditer(text, start, len(text) if end is None else end):
        period = parse_period(match)
        if period is not None:
            out.append((period, match.start(), match.end()))
    return out


_DAYS_PER = {"day": 1, "week": 7}
_MONTHS_PER = {"month": 1, "year": 12}


def same_period(approved: Duration, found: Period) -> bool:
    """The same length of time, counted the same way.

    Days and weeks compare in days (2 weeks is 14 days) and months and years in months
    (1 year is 12 months), but days never equal months: "3 months" is not "90 days" (a
    calendar quarter has 89 to 92 days, and the notice ends on a different date), and
    business days are not calendar days.
    """
    if approved.unit in _DAYS_PER and found.unit in _DAYS_PER:
        return approved.amount * _DAYS_PER[approved.unit] == found.amount * _DAYS_PER[found.unit]
    if approved.unit in _MONTHS_PER and found.unit in _MONTHS_PER:
        return (
            approved.amount * _MONTHS_PER[approved.unit] == found.amount * _MONTHS_PER[found.unit]
        )
    return False


def period_note(approved: Duration, found: Period) -> str:
    """Why two periods that look alike are not the same term ("" when they do not)."""
    days = {"day": 1, "week": 7, "month": 30, "year": 365}
    if found.unit == "business day" and approved.unit == "day":
        return f"{found} are not {approved}: business days leave out weekends and holidays"
    if found.unit in days and approved.unit in days:
        near = approved.amount * days[approved.unit] == found.amount * days[found.unit]
        if near and not same_period(approved, found):
            return (
                f"{found} is not the same period as {approved}: months and days count to "
                "different end dates, so the notice would end on another day"
            )
    return ""


# ---------------------------------------------------------------- percentages

PERCENT_RE = re.compile(
    rf"(?<![\w.])(?:(?P<words>{WORDS})\s+(?:per[ \t]?cent|percent)\b"
    r"(?:\s*\(\s*(?P<paren>\d{1,3}(?:\.\d{1,4})?)\s*(?:%|per[ \t]?cent\b|percent\b)\s*\))?"
    r"|(?P<num>\d{1,3}(?:\.\d{1,4})?)\s?(?:%|per[ \t]?cent\b|percent\b))",
    re.IGNORECASE,
)


def parse_percent(match: re.Match[str]) -> Decimal | None:
    text = match.group("paren") or match.group("num")
    if text:
        return Decimal(text)
    words = words_value(match.group("words") or "")
    return Decimal(words) if words is not None else None


def percent_text(number: Decimal | float) -> str:
    return f"{number_text(number)}%"


def same_percent(approved: float, found: Decimal) -> bool:
    return abs(Decimal(str(approved)) - found) < Decimal("0.0001")


# ---------------------------------------------------------------- money

_CODES = "|".join(ISO_4217)
_SYMBOLS = {
    "US$": "USD",
    "U.S.$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "S$": "SGD",
    "SG$": "SGD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "$": "$",  # a dollar of some country
}
_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_NAMES = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "united states dollars": "USD",
    "singapore dollars": "SGD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "dollars": "$",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "swiss francs": "CHF",
    "yen": "JPY",
}
_NAME_RE = "|".join(
    re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_NAMES, key=len, reverse=True)
)
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,12}(?:\.\d{1,2})?"
_SCALE = r"(?:[ \t]?(?P<scale{n}>million|billion|thousand|m|bn|k)\b)?"
MONEY_RE = re.compile(
    rf"(?<![\w$€£¥])(?:(?P<code1>{_CODES})\s?|(?P<sym>{_SYMBOL_RE})[ \t\u00a0]?)"
    rf"(?P<amt1>{_AMOUNT})(?!\d|,\d){_SCALE.format(n=1)}"
    rf"|(?<![\w.,])(?P<amt2>{_AMOUNT})(?!\d|,\d){_SCALE.format(n=2)}\s*"
    rf"(?:(?P<code2>{_CODES})\b|(?i:(?P<name>{_NAME_RE}))\b)"
)
_SCALES = {"thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
CURRENCY_WORD_RE = re.compile(rf"\b(?:(?P<code>{_CODES})\b|(?i:(?P<name>{_NAME_RE}))\b)")


@value
class Amount(_Value):
    """Money as the document states it; ``currency`` is an ISO code, "$" for a dollar of
    an unnamed country, or "" when the amount stands alone."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        shown = f"{self.amount:,.2f}".removesuffix(".00")
        return (
            f"{self.currency} {shown}"
            if self.currency not in ("", "$")
            else (f"${shown}" if self.currency == "$" else shown)
        )


def parse_money(match: re.Match[str]) -> Amount | None:
    raw = match.group("amt1") or match.group("amt2")
    scale = match.group("scale1") or match.group("scale2")
    try:
        amount = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    if scale:
        amount *= _SCALES[scale.lower()]
    code = match.group("code1") or match.group("code2")
    if code is None and match.group("sym"):
        code = _SYMBOLS[match.group("sym")]
    if code is None and match.group("name"):
        code = _NAMES[" ".join(match.group("name").lower().split())]
    return Amount(amount, code or "")


def currency_of(match: re.Match[str]) -> str:
    """The ISO code (or "$") of a ``CURRENCY_WORD_RE`` match."""
    if match.group("code"):
        return match.group("code")
    return _NAMES[" ".join(match.group("name").lower().split())]


def same_currency(approved: str, found: str) -> bool:
    """Equal codes; "$" (a dollar of no named country) goes with any dollar; an amount with
    no currency at all goes with any (the currency is set elsewhere, e.g. the payment terms)."""
    if not found or approved == found:
        return True
    return found == "$" and approved.endswith("D") and approved in _DOLLARS


_DOLLARS = frozenset({"USD", "AUD", "CAD", "SGD", "NZD", "HKD", "BSD", "BBD", "BZD", "TTD"})


def same_money(approved: Money, found: Amount) -> bool:
    return approved.amount == found.amount and same_currency(approved.currency, found.currency)


# ---------------------------------------------------------------- dates

_MONTH_NAMES = MONTH_NAMES
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
DATE_RE = re.compile(
    rf"(?<![\w.])(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d))(?![\w])",
    re.IGNORECASE,
)


def parse_date(match: re.Match[str]) -> date | None:
    try:
        if match.group("y3"):
            return date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
        name = (match.group("m1") or match.group("m2")).lower()[:3]
        month = next(i for i, m in enumerate(_MONTH_NAMES, 1) if m.lower().startswith(name))
        day = int(match.group("d1") or match.group("d2"))
        return date(int(match.group("y1") or match.group("y2")), month, day)
    except ValueError:
        return None


def date_text(value: date) -> str:
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


# ---------------------------------------------------------------- names

# legal forms written out or abbreviated: each maps to one spelling for comparing
_FORMS = {
    "limited": "ltd",
    "incorporated": "inc",
    "corporation": "corp",
    "company": "co",
    "private": "pte",
    "proprietary": "pty",
    "&": "and",
}
_FORM_ALTERNATIVES = {
    "ltd": "(?:ltd|limited)",
    "inc": "(?:inc|incorporated)",
    "corp": "(?:corp|corporation)",
    "co": "(?:co|company)",
    "pte": "(?:pte|private)",
    "pty": "(?:pty|proprietary)",
    "and": "(?:and|&)",
}
_TOKEN = re.compile(r"[^\W_]+|&")


# legal forms of several words and their abbreviations
_LONG_FORMS = (
    (("designated", "activity", "co"), "dac"),
    (("limited", "liability", "partnership"), "llp"),
    (("ltd", "liability", "partnership"), "llp"),
    (("ltd", "liability", "co"), "llc"),
    (("public", "ltd", "co"), "plc"),
    (("pty", "ltd"), "pty ltd"),
)


_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}")
_INITIALS = frozenset({"llp", "llc", "plc", "dac", "bv", "nv", "ag", "sa"})
_LONG_WRITTEN = {
    "dac": "designated activity co",
    "llp": "ltd liability partnership",
    "llc": "ltd liability co",
    "plc": "public ltd co",
}


def name_tokens(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = _DOTTED.sub(lambda m: m.group().replace(".", "") + " ", folded)  # L.L.P. -> llp
    tokens = [_FORMS.get(t, t) for t in _TOKEN.findall(folded.replace("’", "'").replace("'s", "s"))]
    for words, short in _LONG_FORMS:
        n = len(words)
        if tuple(tokens[-n:]) == words:
            tokens = [*tokens[:-n], *short.split()]
    return tokens


def same_name(approved: str, found: str) -> bool:
    """The same name, ignoring case, punctuation, spacing and how a legal form is written
    ("Pte. Ltd." and "Private Limited", "Inc" and "Incorporated", "&" and "and")."""
    return name_tokens(approved) == name_tokens(found)


def name_pattern(name: str) -> str | None:
    """A regular expression (for ``re.IGNORECASE``) matching ``name`` as ``same_name`` does;
    None for a name with no letters or digits."""
    tokens = name_tokens(name)
    if not tokens:
        return None
    sep = r"[\W_]{0,6}"
    parts = []
    for token in tokens:
        ways = [_FORM_ALTERNATIVES.get(token, re.escape(token))]
        if token in _INITIALS:  # "llp" also as "L.L.P."
            ways.append("".join(ch + "[.]" for ch in token))
        if token in _LONG_WRITTEN:  # and as "limited liability partnership"
            ways.append(
                sep.join(_FORM_ALTERNATIVES.get(w, w) for w in _LONG_WRITTEN[token].split())
            )
        parts.append(ways[0] if len(ways) == 1 else f"(?:{'|'.join(ways)})")
    return r"(?<![^\W_])" + sep.join(parts) + r"(?![^\W_])"


def person_tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _TOKEN.findall(folded)


def acronym(words: list[str]) -> str:
    """ "Singapore International Arbitration Centre" -> "siac"; "ADR Institute of Canada" ->
    "adric" (a word in capitals counts whole)."""
    out = []
    for word in words:
        if word.lower() in ("of", "the", "for", "and", "&", "in", "on"):
            continue
        out.append(word.lower() if word.isupper() and len(word) > 1 else word[:1].lower())
    return "".join(out)


def same_title(approved: str, found: str) -> bool:
    """Job titles: equal words, or one is the initials of the other ("CEO")."""
    a, b = person_tokens(approved), person_tokens(found)
    if a == b:
        return True
    words_a = re.findall(r"[^\W_]+", approved)
    words_b = re.findall(r"[^\W_]+", found)
    return (len(b) == 1 and acronym(words_a) == b[0]) or (len(a) == 1 and acronym(words_b) == a[0])


# ---------------------------------------------------------------- places and institutions

_PLACE_STOP = frozenset(
    [
        "the",
        "of",
        "state",
        "province",
        "commonwealth",
        "territory",
        "courts",
        "court",
        "law",
        "laws",
        "federal",
        "applicable",
        "in",
        "it",
        "its",
        "there",
        "therein",
        "exclusive",
        "non",
        "competent",
        "jurisdiction",
        "city",
        "county",
        "republic",
        "sitting",
        "situated",
        "located",
    ]
)
_DEMONYMS = {
    "english": "england",
    "welsh": "wales",
    "scottish": "scotland",
    "scots": "scotland",
    "irish": "ireland",
    "singaporean": "singapore",
    "german": "germany",
    "french": "france",
    "swiss": "switzerland",
    "dutch": "netherlands",
    "swedish": "sweden",
    "spanish": "spain",
    "italian": "italy",
    "australian": "australia",
    "canadian": "canada",
    "american": "united states",
    "japanese": "japan",
    "chinese": "china",
    "indian": "india",
    "belgian": "belgium",
    "austrian": "austria",
    "danish": "denmark",
    "norwegian": "norway",
    "finnish": "finland",
    "luxembourgish": "luxembourg",
}
_PLACE_SPLIT = re.compile(
    r"\s*(?:,|;|\band\b|\bsitting\s+in\b|\bsitting\s+at\b|\bin\s+the\s+city\s+of\b)\s*"
)


def place_parts(text: str) -> list[frozenset[str]]:
    """ "the Province of Ontario and the federal laws of Canada" -> [{ontario}, {canada}]."""
    out = []
    for piece in _PLACE_SPLIT.split(unicodedata.normalize("NFKC", text).casefold()):
        words = re.findall(r"[^\W\d_]+", piece)
        tokens: list[str] = []
        for word in words:
            if word in _PLACE_STOP:
                continue
            tokens.extend(_DEMONYMS.get(word, word).split())
        if tokens:
            out.append(frozenset(tokens))
    return out


def same_place(approved: str, found: str) -> bool:
    """The same jurisdiction or seat: every part of the shorter list is a part of the longer.

    "the law of England and Wales" and "English law" agree ([{england}, {wales}] holds
    [{england}]); "New South Wales, Australia" and "New South Wales" agree; "Ireland" and
    "Northern Ireland" do not ({ireland} is not {northern, ireland}); "the State of New York"
    and "the State of New Jersey" do not.
    """
    a, b = place_parts(approved), place_parts(found)
    if not a or not b:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(part in large for part in small)


_INSTITUTION_STOP = frozenset(
    [
        "the",
        "of",
        "for",
        "and",
        "rules",
        "rule",
        "arbitration",
        "arbitral",
        "procedure",
        "procedures",
        "code",
    ]
)


def institution_keys(text: str) -> set[str]:
    """What names an institution or rule set: words in capitals ("SIAC", "ICC") and the
    initials of runs of capitalised words ("Singapore International Arbitration Centre" ->
    "siac"); runs of generic words only ("Arbitration Rules") name nothing."""
    keys: set[str] = set()
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text))
    run: list[str] = []
    for word in [*words, ""]:
        if word and (word[:1].isupper() or (run and word.lower() in ("of", "for", "and"))):
            run.append(word)
            continue
        while run and run[-1].lower() in ("of", "for", "and"):
            run.pop()
        if len(run) >= 2 and any(w.lower() not in _INSTITUTION_STOP for w in run):
            keys.add(acronym(run))
        run = []
    keys.update(w.lower() for w in words if w.isupper() and len(w) >= 2 and w.isalpha())
    return keys


def same_institution(approved: str, found: str) -> bool:
    """The same arbitration rules: the names share an institution key ("SIAC Rules" and "the
    Arbitration Rules of the Singapore International Arbitration Centre"); names with no key
    at all compare by their words."""
    a, b = institution_keys(approved), institution_keys(found)
    if a and b:
        return bool(a & b)
    return person_tokens(approved) == person_tokens(found)
