"""Drafting-defect detectors for agreements we did not write: plain functions over text.

Each detector takes a ``SourceDocument`` and returns ``Defect`` records (what, where as
character offsets); the rule engine turns them into findings with codes, severities and
locations. Every pattern here is linear-time: documents can be one 100k-character line.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .model import DocSection, SourceDocument


@dataclass(frozen=True)
class Defect:
    check: str  # detector id, e.g. "placeholder"
    message: str
    start: int
    end: int
    data: tuple[tuple[str, str], ...] = field(default=())


# ---------------------------------------------------------------- placeholders

_NOT_PLACEHOLDER = re.compile(
    r"^\[\s*(?:\*+|•|redacted|confidential treatment requested|confidential|reserved|intentionally omitted|"
    r"intentionally left blank|signature pages? follows?|signature page to follow|remainder of (?:this )?page "
    r"intentionally (?:left )?blank|omitted|deleted|text omitted|\*+\s*redacted\s*\*+)\s*\.?\s*\]$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"\[(?:[^\[\]\n]{0,80})\]"  # bracketed text, judged below
    r"|\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}"  # template markup
    r"|<<[^<>\n]{1,60}>>|«[^«»\n]{1,60}»"
    r"|\bTBD\b|\bTBC\b|\bXX+\b"
    r"|_{4,}"
)
_BRACKET_PLACEHOLDER = re.compile(
    r"^\[\s*(?:●|•|\.{3}|…|_+|x+|date|insert\b.*|name\b.*|party\b.*|amount|address|company|"
    r"number|[A-Z][A-Z ]{2,}|to come|to be (?:confirmed|determined|agreed)|tbd|tbc|\?+|#+|\s*)\s*\]$",
    re.IGNORECASE,
)
_SIGNATURE_CONTEXT = re.compile(
    r"(?:by|name|title|date|signature|signed|per|its|witness|print(?:ed)? name|authori[sz]ed signatory)\s*:?\s*$",
    re.IGNORECASE,
)


def find_placeholders(doc: SourceDocument) -> list[Defect]:
    """Leftover drafting placeholders; redaction markers and signature blanks are fine."""
    text = doc.text
    out: list[Defect] = []
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token.startswith("["):
            if _NOT_PLACEHOLDER.match(token) or not _BRACKET_PLACEHOLDER.match(token):
                continue
            if re.fullmatch(r"\[\s*[A-Z]\s*\]", token):  # "[A]"-style labels
                continue
        elif token.startswith("_"):
            before = text[max(0, match.start() - 40) : match.start()]
            after = text[match.end() : match.end() + 3]
            line_before = before.rsplit("\n", 1)[-1]
            if (
                _SIGNATURE_CONTEXT.search(line_before)
                or not line_before.strip()
                or (
                    after.startswith(("\n", ""))
                    and ("sign" in text[max(0, match.start() - 400) : match.start()].lower())
                )
            ):
                continue
        out.append(
            Defect(
                "placeholder", f"leftover placeholder {_short(token)!r}", match.start(), match.end()
            )
        )
    return out


# ---------------------------------------------------------------- defined terms

_QUOTE = "\"“”'‘’"
_DEF_FORMS = re.compile(
    r"[\"“]([A-Z][A-Za-z0-9\-&/ ]{1,60}?)[\"”]\s*(?:\)\s*)?(?:shall\s+)?(?:means?|has the meaning|shall have the meaning|refers? to|includes?)\b"
    r"|\((?:the\s+|each\s+a\s+|each\s+an\s+|each,?\s+a\s+|a\s+|an\s+|collectively,?\s+(?:the\s+)?|together,?\s+(?:the\s+)?|hereinafter(?:\s+referred\s+to\s+as)?\s+(?:the\s+)?|referred\s+to\s+(?:herein\s+)?as\s+(?:the\s+)?)?"
    r"[\"“]([A-Z][A-Za-z0-9\-&/ ]{1,60}?)[\"”]"
    r"(?:\s*(?:,|or|and)\s*(?:the\s+)?[\"“]([A-Z][A-Za-z0-9\-&/ ]{1,60}?)[\"”])?\s*\)"
)
_CAP_PHRASE = re.compile(
    r"\b(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?)(?:\s+(?:of\s+|and\s+|for\s+|to\s+)?[A-Z][a-z]+(?:[-'][A-Za-z]+)?){1,4}\b"
)
_COMMON_CAPS = {
    # words capitalised in ordinary drafting that are not defined terms
    "This Agreement",
    "The Parties",
    "Each Party",
    "Either Party",
    "Neither Party",
    "Such Party",
    "United States",
    "United Kingdom",
    "New York",
    "European Union",
    "Board of Directors",
    "Chief Executive Officer",
    "Chief Financial Officer",
    "General Counsel",
    "Securities and Exchange Commission",
    "Internal Revenue Code",
    "Delaware General Corporation Law",
    "Table of Contents",
    "In Witness Whereof",
    "Now Therefore",
    "Page",
    "Exhibit",
    "Schedule",
    "Section",
    "Article",
    "Annex",
    "Appendix",
}
_MONTHS = {calendar.month_name[i] for i in range(1, 13)}
_DAYS = {calendar.day_name[i] for i in range(7)}
_HEADING_WORDS = {
    "Definitions",
    "Term",
    "Termination",
    "Confidentiality",
    "Notices",
    "General",
    "Miscellaneous",
}


@dataclass(frozen=True)
class Definition:
    term: str
    start: int
    end: int


def find_definitions(doc: SourceDocument) -> list[Definition]:
    """Terms defined in the usual forms: "X" means ...; (the "X"); (hereinafter "X"); lists."""
    out: list[Definition] = []
    for match in _DEF_FORMS.finditer(doc.text):
        for group in (1, 2, 3):
            term = match.group(group)
            if term:
                term = term.strip()
                out.append(Definition(term, match.start(group), match.end(group)))
    return out


def check_defined_terms(doc: SourceDocument, party_names: Iterable[str] = ()) -> list[Defect]:
    """Defined twice, defined but unused, plural/possessive variants, borrowed role terms."""
    text = doc.text
    definitions = find_definitions(doc)
    out: list[Defect] = []
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for d in definitions:
        by_term[d.term].append(d)
    for term, defs in by_term.items():
        if len(defs) > 1:
            contexts = {_definition_context(text, d) for d in defs}
            if len(contexts) > 1:
                out.append(
                    Defect(
                        "term_defined_twice",
                        f"{term!r} is defined {len(defs)} times",
                        defs[1].start,
                        defs[1].end,
                    )
                )
    defined = set(by_term)
    counts = _term_counts(text, defined)
    for term, defs in by_term.items():
        if counts.get(term, 0) <= len(defs) and term not in party_names:
            out.append(
                Defect(
                    "term_unused", f"{term!r} is defined but never used", defs[0].start, defs[0].end
                )
            )
    out.extend(_variants(text, defined))
    return out


def _definition_context(text: str, d: Definition) -> str:
    return re.sub(r"\s+", " ", text[d.end : d.end + 80]).strip().lower()


def _term_counts(text: str, terms: Iterable[str]) -> dict[str, int]:
    terms = sorted(terms, key=len, reverse=True)
    if not terms:
        return {}
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b")
    counts: dict[str, int] = defaultdict(int)
    for match in pattern.finditer(text):
        counts[match.group(1)] += 1
    return counts


def _variants(text: str, defined: set[str]) -> Iterator[Defect]:
    """A plural or singular form of a defined term used as if it were defined itself."""
    seen: set[str] = set()
    for term in defined:
        for variant in _forms(term):
            if variant in defined or variant in seen:
                continue
            match = re.search(r"(?<![\w\"“])" + re.escape(variant) + r"\b(?![\"”])", text)
            if match:
                seen.add(variant)
                yield Defect(
                    "term_variant",
                    f"{variant!r} is used but only {term!r} is defined",
                    match.start(),
                    match.end(),
                    (("term", term), ("variant", variant)),
                )


def _forms(term: str) -> list[str]:
    if term.endswith("ies"):
        return [term[:-3] + "y"]
    if term.endswith("s") and not term.endswith("ss"):
        return [term[:-1]]
    if term.endswith("y") and len(term) > 3 and term[-2] not in "aeiou":
        return [term[:-1] + "ies"]
    return [term + "s"]


def check_undefined_terms(
    doc: SourceDocument, party_names: Iterable[str] = (), headings: Iterable[str] = ()
) -> list[Defect]:
    """Capitalised multi-word phrases used three or more times but never defined.

    Single capitalised words are too often ordinary (sentence starts, proper nouns) to flag.
    """
    text = doc.text
    defined = {d.term for d in find_definitions(doc)}
    skip = set(_COMMON_CAPS) | set(party_names) | set(headings)
    counts: dict[str, list[int]] = defaultdict(list)
    for match in _CAP_PHRASE.finditer(text):
        phrase = match.group(0)
        first = phrase.split()[0]
        if first in (
            "The",
            "This",
            "Each",
            "Any",
            "All",
            "Such",
            "No",
            "If",
            "In",
            "Upon",
            "For",
            "Either",
            "Neither",
            "A",
            "An",
        ):
            phrase = " ".join(phrase.split()[1:])
            if " " not in phrase:
                continue
        words = set(phrase.split())
        if phrase in skip or words & (_MONTHS | _DAYS) or phrase in defined:
            continue
        if any(phrase in d or d in phrase for d in defined):
            continue
        counts[phrase].append(match.start())
    out = []
    for phrase, starts in counts.items():
        if len(starts) >= 3 and not _is_heading_like(text, starts):
            out.append(
                Defect(
                    "term_undefined",
                    f"{phrase!r} is used {len(starts)} times as a defined term but never defined",
                    starts[0],
                    starts[0] + len(phrase),
                )
            )
    return out


def _is_heading_like(text: str, starts: list[int]) -> bool:
    return all(
        text[max(0, s - 2) : s].strip() in ("", ".") and text[s:].split("\n", 1)[0].isupper()
        for s in starts
    )


def check_borrowed_roles(doc: SourceDocument) -> list[Defect]:
    """Role terms from another template: 'Receiving Party' where 'Recipient' is the defined term."""
    pairs = (
        ("Recipient", "Receiving Party"),
        ("Discloser", "Disclosing Party"),
        ("Licensee", "Customer"),
        ("Supplier", "Vendor"),
        ("Provider", "Supplier"),
        ("Company", "Client"),
        ("Distributor", "Reseller"),
    )
    defined = {d.term for d in find_definitions(doc)}
    out: list[Defect] = []
    for defined_term, borrowed in pairs:
        for a, b in ((defined_term, borrowed), (borrowed, defined_term)):
            if a in defined and b not in defined:
                match = re.search(rf"(?:the|a|each|any)\s+({re.escape(b)})\b", doc.text)
                if match:
                    out.append(
                        Defect(
                            "term_borrowed",
                            f"{b!r} is used but this agreement defines {a!r} (a role term from another form?)",
                            match.start(1),
                            match.end(1),
                        )
                    )
    return out


# ---------------------------------------------------------------- cross-references

_XREF = re.compile(
    r"\b(Sections?|Clauses?|Articles?|paragraphs?)\s+(\d{1,3}(?:\.\d{1,3}){0,3})(?:\s*\(([a-z]|[ivx]{1,4})\))?"
    r"(?:\s*\(([A-Z][A-Za-z ,&\-']{2,60})\))?"
)


def check_cross_references(doc: SourceDocument) -> list[Defect]:
    """References to sections that do not exist, and captions that differ from the heading."""
    numbers = {s.number.rstrip("."): s for s in doc.sections if s.number}
    if len(numbers) < 3:
        return []  # segmentation found too little structure to judge references
    out: list[Defect] = []
    for match in _XREF.finditer(doc.text):
        number = match.group(2)
        if match.group(1).lower().startswith("paragraph"):
            continue
        target = numbers.get(number)
        if target is None:
            out.append(
                Defect(
                    "xref_missing",
                    f"{match.group(1)} {number} does not exist in this agreement",
                    match.start(),
                    match.end(),
                )
            )
            continue
        caption = match.group(4)
        if caption and target.caption and _norm(caption) != _norm(target.caption):
            out.append(
                Defect(
                    "xref_caption",
                    f"{match.group(1)} {number} is cited as {caption!r} but is headed {target.caption!r}",
                    match.start(),
                    match.end(),
                )
            )
    return out


def _norm(caption: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", caption.lower()).strip()


# ---------------------------------------------------------------- numbering


def check_numbering(doc: SourceDocument) -> list[Defect]:
    """Gaps, duplicates and out-of-order numbers among top-level and second-level sections."""
    out: list[Defect] = []
    previous: dict[str, int] = {}
    seen: set[str] = set()
    for section in doc.sections:
        number = (section.number or "").rstrip(".")
        if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})?", number):
            continue
        if number in seen:
            out.append(
                Defect(
                    "numbering_duplicate",
                    f"section {number} appears twice",
                    section.start,
                    section.body_start,
                )
            )
            continue
        seen.add(number)
        parts = number.split(".")
        parent = parts[0] if len(parts) == 2 else ""
        value = int(parts[-1])
        last = previous.get(parent)
        expected = 1 if last is None else last + 1
        if last is not None and value < last:
            out.append(
                Defect(
                    "numbering_order",
                    f"section {number} comes after {parent + '.' if parent else ''}{last}",
                    section.start,
                    section.body_start,
                )
            )
        elif value > expected and (last is not None or value > 1):
            missing = f"{parent + '.' if parent else ''}{expected}"
            out.append(
                Defect(
                    "numbering_gap",
                    f"section {missing} is missing before {number}",
                    section.start,
                    section.body_start,
                )
            )
        previous[parent] = max(value, last or 0)
    return out


# ---------------------------------------------------------------- words vs numerals

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
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
        ]
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and)"
_WORDS_NUMERAL = re.compile(
    rf"\b({_WORD}(?:[\s-]+{_WORD}){{0,8}})(\s+(?:percent|per cent|dollars|euros|pounds|days|months|years|business days))?\s*\(\s*([$€£]?\s?[\d,]+(?:\.\d+)?\s*%?)\s*\)",
    re.IGNORECASE,
)


def words_to_number(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def check_words_numerals(doc: SourceDocument) -> list[Defect]:
    """ "thirty (45) days": the words and the figure disagree. Report only; never auto-fix."""
    out: list[Defect] = []
    for match in _WORDS_NUMERAL.finditer(doc.text):
        words = match.group(1).strip()
        if words.lower() in ("and",):
            continue
        value = words_to_number(words)
        figure = re.sub(r"[^\d.]", "", match.group(3))
        if value is None or not figure:
            continue
        try:
            number = float(figure)
        except ValueError:
            continue
        if number != value:
            out.append(
                Defect(
                    "words_numerals",
                    f"words say {value:,} but the figure says {match.group(3).strip()} in {_short(match.group(0))!r}",
                    match.start(),
                    match.end(),
                )
            )
    return out


# ---------------------------------------------------------------- dates

_MONTH_RE = "|".join(calendar.month_name[1:])
_DATE_WORDS = re.compile(
    rf"\b(?:({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?({_MONTH_RE}),?\s+(\d{{4}}))\b"
)
_EXPIRY = re.compile(r"(?:expire|terminate|end)s?\s+on\s+", re.IGNORECASE)
_EFFECTIVE = re.compile(
    r"effective\s+(?:as\s+of|on)\s+|dated\s+(?:as\s+of\s+)?|made\s+on\s+", re.IGNORECASE
)


def _parse_date(match: re.Match[str]) -> tuple[int, int, int]:
    if match.group(1):
        month, day, year = match.group(1), match.group(2), match.group(3)
    else:
        day, month, year = match.group(4), match.group(5), match.group(6)
    return int(year), list(calendar.month_name).index(month), int(day)


def check_dates(doc: SourceDocument) -> list[Defect]:
    """Impossible dates (31 April) and an expiry date before the effective date."""
    out: list[Defect] = []
    effective: date | None = None
    for match in _DATE_WORDS.finditer(doc.text):
        year, month, day = _parse_date(match)
        try:
            value = date(year, month, day)
        except ValueError:
            out.append(
                Defect(
                    "date_impossible",
                    f"{match.group(0)!r} is not a real date",
                    match.start(),
                    match.end(),
                )
            )
            continue
        before = doc.text[max(0, match.start() - 40) : match.start()]
        if _EFFECTIVE.search(before) and effective is None:
            effective = value
        elif _EXPIRY.search(before) and effective is not None and value <= effective:
            out.append(
                Defect(
                    "date_order",
                    f"expires on {match.group(0)}, not after the effective date {effective.isoformat()}",
                    match.start(),
                    match.end(),
                )
            )
    return out


# ---------------------------------------------------------------- percentages that are splits

_SPLIT_SENTENCE = re.compile(
    r"[^.;\n]{0,400}?\b(?:revenue|profit|net|gross|proceeds|capital|shares?|split|allocated|divided)\b[^.;\n]{0,400}"
)
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)")
_SPLIT_WORDS = re.compile(r"\b(?:split|shared|divided|allocated|share[sd]? of)\b", re.IGNORECASE)


def check_split_totals(doc: SourceDocument) -> list[Defect]:
    """A sentence that splits revenue, profit or capital between parties must total 100%."""
    out: list[Defect] = []
    for sentence in _sentences(doc.text):
        start, end = sentence
        chunk = doc.text[start:end]
        if not _SPLIT_WORDS.search(chunk):
            continue
        values = [float(m.group(1)) for m in _PERCENT.finditer(chunk)]
        if (
            len(values) < 2
            or len(values) > 5
            or not re.search(r"\b(?:revenue|profit|proceeds|capital|income)", chunk, re.IGNORECASE)
        ):
            continue
        if not re.search(r"\beach\b|\brespectively\b|\band\b", chunk):
            continue
        total = sum(values)
        if abs(total - 100) > 0.01 and 50 < total < 150:
            out.append(
                Defect(
                    "split_total",
                    f"split totals {total:g}% ({' + '.join(f'{v:g}%' for v in values)}), not 100%",
                    start,
                    end,
                )
            )
    return out


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"(?<=[.;])\s+(?=[A-Z(\"“])|\n{2,}", text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


# ---------------------------------------------------------------- parties


def check_party_names(doc: SourceDocument, party_names: Iterable[str]) -> list[Defect]:
    """A short name used in a near-miss spelling ("Northwind" / "NorthWind" / "North Wind")."""
    out: list[Defect] = []
    text = doc.text
    for name in party_names:
        if len(name) < 4:
            continue
        squashed = re.sub(r"[\s\-]", "", name).lower()
        pattern = re.compile(
            r"\b" + r"[\s\-]?".join(re.escape(ch) for ch in squashed) + r"\b", re.IGNORECASE
        )
        variants: dict[str, int] = {}
        for match in pattern.finditer(text):
            variants.setdefault(match.group(0), match.start())
        for variant, pos in variants.items():
            if variant != name and variant.upper() != variant:
                out.append(
                    Defect(
                        "party_spelling",
                        f"party name written {variant!r}; elsewhere {name!r}",
                        pos,
                        pos + len(variant),
                    )
                )
    return out


# ---------------------------------------------------------------- notice periods

_NOTICE = re.compile(
    r"(?:(\d{1,3})|\b("
    + _WORD
    + r"(?:[\s-]+"
    + _WORD
    + r"){0,3}))\s*(?:\(\d{1,3}\)\s*)?(days?|months?)['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice\s+(?:of\s+|to\s+)?(?:its\s+|their\s+)?(?:intention\s+to\s+)?(terminat\w*|non-?renewal|renew\w*|not\s+to\s+renew)",
    re.IGNORECASE,
)


def check_notice_periods(doc: SourceDocument) -> list[Defect]:
    """The same act (terminate, not renew) given different notice periods in different places."""
    by_act: dict[str, list[tuple[int, re.Match[str]]]] = defaultdict(list)
    for match in _NOTICE.finditer(doc.text):
        number = int(match.group(1)) if match.group(1) else words_to_number(match.group(2) or "")
        if number is None:
            continue
        days = number * (30 if match.group(3).lower().startswith("month") else 1)
        act = "non-renewal" if re.search(r"renew", match.group(4), re.IGNORECASE) else "termination"
        by_act[act].append((days, match))
    out: list[Defect] = []
    for act, hits in by_act.items():
        periods = {d for d, _ in hits}
        if len(periods) > 1 and act == "non-renewal":
            first = hits[0][1]
            for days, match in hits[1:]:
                if days != hits[0][0]:
                    out.append(
                        Defect(
                            "notice_conflict",
                            f"{act} notice given as {_short(match.group(0))!r} here and {_short(first.group(0))!r} elsewhere",
                            match.start(),
                            match.end(),
                        )
                    )
    return out


# ---------------------------------------------------------------- signatures

_SIGNATURE_BLOCK = re.compile(
    r"IN WITNESS WHEREOF|Signed by|Signature:|\bBy:\s*_{3,}|\bBy:\s*/s/|/s/\s*[A-Z]", re.IGNORECASE
)
_BY_LINE = re.compile(r"\bBy\s*:\s*(?:_{3,}|/s/)", re.IGNORECASE)


def check_signatures(doc: SourceDocument, parties: int) -> list[Defect]:
    """A missing signature block, or fewer signature lines than parties."""
    text = doc.text
    end = len(text)
    if not _SIGNATURE_BLOCK.search(text):
        return [Defect("signature_missing", "no signature block found", max(0, end - 1), end)]
    lines = len(_BY_LINE.findall(text))
    if parties >= 2 and 0 < lines < parties:
        return [
            Defect(
                "signature_count",
                f"{lines} signature line(s) for {parties} parties",
                max(0, end - 1),
                end,
            )
        ]
    return []


def _short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PARTY_DEF = re.compile(
    r"\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?)?[\"“]([A-Z][A-Za-z0-9&\-. ]{1,40}?)[\"”]\s*\)"
)
_ROLE_WORDS = {"Agreement", "Effective Date", "Party", "Parties", "Company", "Term"}


@dataclass(frozen=True)
class DraftingContext:
    """What detectors know about the document as a whole: the parties named in its preamble."""

    party_names: tuple[str, ...] = ()
    parties: int = 0

    @classmethod
    def from_document(cls, doc: SourceDocument) -> DraftingContext:
        head = doc.text[:4000]
        names = [
            m.group(1).strip()
            for m in _PARTY_DEF.finditer(head)
            if m.group(1).strip() not in _ROLE_WORDS
        ]
        names = list(dict.fromkeys(names))[:6]
        return cls(tuple(names), max(len(names), 2))


Detector = Callable[[SourceDocument, DraftingContext], Iterable[Defect]]

DETECTORS: dict[str, Detector] = {
    "placeholders": lambda doc, ctx: find_placeholders(doc),
    "defined_terms": lambda doc, ctx: check_defined_terms(doc, ctx.party_names),
    "undefined_terms": lambda doc, ctx: check_undefined_terms(doc, ctx.party_names),
    "borrowed_roles": lambda doc, ctx: check_borrowed_roles(doc),
    "cross_references": lambda doc, ctx: check_cross_references(doc),
    "numbering": lambda doc, ctx: check_numbering(doc),
    "words_numerals": lambda doc, ctx: check_words_numerals(doc),
    "dates": lambda doc, ctx: check_dates(doc),
    "split_totals": lambda doc, ctx: check_split_totals(doc),
    "party_names": lambda doc, ctx: check_party_names(doc, ctx.party_names),
    "notice_periods": lambda doc, ctx: check_notice_periods(doc),
    "signatures": lambda doc, ctx: check_signatures(doc, ctx.parties),
}


def sections_by_number(sections: Iterable[DocSection]) -> dict[str, DocSection]:
    return {s.number: s for s in sections if s.number}
