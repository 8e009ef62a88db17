"""Cross-references: to sections that do not exist, or under the wrong caption
(DRF107, DRF108); and which section numbers the text itself shows."""

from __future__ import annotations

import re
from functools import lru_cache

from ...read.model import DocSection, SourceDocument
from .base import Defect, Tally, _after_separator, _norm, _search_end, _short

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(value: str) -> int | None:
    value = value.lower()
    if not value or any(ch not in _ROMAN for ch in value):
        return None
    total = 0
    for i, ch in enumerate(value):
        n = _ROMAN[ch]
        total += -n if i + 1 < len(value) and _ROMAN[value[i + 1]] > n else n
    return total


@lru_cache(maxsize=4096)
def _canon(number: str) -> str | None:
    """'8.02' -> '8.2', 'Article IV' -> '4', '5.' -> '5'; None for '(a)' and the like.

    Cached: every section heading and reference goes through here, with the same few hundred
    numbers from document to document."""
    number = _LABEL.sub("", number.strip().rstrip("."))
    if _DOTTED.fullmatch(number):
        return ".".join(str(int(p)) for p in number.split("."))
    roman = _roman(number) if _ROMAN_NUMBER.fullmatch(number) else None
    return str(roman) if roman else None


_LABEL = re.compile(r"^(?:Article|ARTICLE|Section|SECTION|Clause|CLAUSE)\s+")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}")
_ROMAN_NUMBER = re.compile(r"[IVXLC]{1,6}")


# "12.3" or "IV" where a heading would write it: at the text's start, or after white space.
# The second pattern starts with the white space, so the engine skips ahead to it (starting
# with digits and I, V, X, L, it stopped at every capital I); group 1 is the number.
_NUMBER_TOKEN_BODY = (
    r"([\dIVXL](?:(?<=\d)\d{0,2}(?:\.\d{1,3}){0,3}|(?<=[IVXL])[IVXL]{0,5}))"
    r"\.?(?=[ \t]*[\t\n]|[ \t]+[\"“(*\[]|[ \t]+[A-Z])"
)
_NUMBER_TOKEN = re.compile(_NUMBER_TOKEN_BODY)
_SPACED_NUMBER_TOKEN = re.compile(r"\s" + _NUMBER_TOKEN_BODY)
_LABEL_BEFORE = re.compile(r"(?:ARTICLE|Article|SECTION|Section)[ \t]+$")
_REF_BEFORE = re.compile(
    r"(?:\b(?:Sections?|Clauses?|Articles?|paragraphs?|and|or|to|through|thru|of|in|under|with|see|per|"
    r"Rule|Exhibit|Schedule|Annex|Appendix|No|Nos|number|version|v)|[,&\-–$€£(])[ \t]*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _numbers_in_text(text: str) -> frozenset[str]:
    """Section numbers written the way headings are, even where segmentation missed them."""
    found: set[str] = set()
    for match in _after_separator(_NUMBER_TOKEN, _SPACED_NUMBER_TOKEN, text):
        start = match.start(1)
        before = text[max(0, start - 30) : start]
        label = _search_end(_LABEL_BEFORE, before, 1)
        if label is not None:
            before = before[: label.start()]
        elif not match.group(1)[0].isdigit():
            continue  # a Roman numeral needs its "Article"
        if before and _search_end(_REF_BEFORE, before, 1):
            continue
        canon = _canon(match.group(1))
        if canon:
            found.add(canon)
    return frozenset(found)


_XREF = re.compile(
    r"(Sections?|Clauses?|Articles?|SECTIONS?|ARTICLES?)\s+(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXL]{1,6}\b)(?:\s*\(([a-z]|[ivx]{1,4})\))?"
    r"(?:\s*\(([A-Z][A-Za-z ,&\-'’/]{2,60})\))?"
)
_EXTERNAL = re.compile(
    r"(?:\s*(?:,|and|or|through|to)\s*\d{1,3}(?:\.\d{1,3}){0,3})*(?:\s*\([a-zA-Z0-9]{1,4}\))*\s*(?:,\s*)?(?:of|under|in)\s+(?:the\s+|that\s+|such\s+|said\s+|any\s+)?"
    r"(?!this\b|hereof\b|herein\b)(?:[A-Z]|[a-z]+\s+[A-Z])"
)
_AMENDMENT = re.compile(r"\bAMENDMENT\b|\bAmendment\s+No\b|\bamendment\s+to\b|\bAmendment\s+to\b")


def check_cross_references(doc: SourceDocument) -> list[Defect]:
    """References to sections that do not exist, and captions that differ from the heading."""
    text = doc.text
    numbers: dict[str, DocSection] = {}
    for s in doc.sections:
        canon = _canon(s.number) if s.number else None
        if canon and canon not in numbers:
            numbers[canon] = s
    if len(numbers) < 5:
        return []  # segmentation found too little structure to judge references
    amendment = bool(_AMENDMENT.search(text[:1500]))
    max_top = max(int(n.split(".")[0]) for n in numbers)  # beyond it: a statute's section
    out: list[Defect] = []
    tally = Tally()
    for match in _XREF.finditer(text):
        if tally.done("xref_missing", "xref_caption"):
            break
        if match.start() and text[match.start() - 1].isalnum():
            continue
        canon = _canon(match.group(2))
        if canon is None:
            continue
        rest = text[match.end(2) : match.end(2) + 60]
        if _EXTERNAL.match(rest):
            continue  # "Section 365 of the Bankruptcy Code", "Section 2.1 of the License Agreement"
        target = numbers.get(canon)
        if target is None:
            if amendment or int(canon.split(".")[0]) > max_top + 20:
                continue
            if canon in _numbers_in_text(text):  # numbered the way headings are: a missed one
                continue
            if not tally.wants("xref_missing"):
                continue
            out.append(
                Defect(
                    "xref_missing",
                    f"{match.group(1)} {match.group(2)} does not exist in this agreement",
                    match.start(),
                    match.end(2),
                    (("number", canon),),
                )
            )
            continue
        caption = match.group(4)
        if (
            caption
            and target.caption
            and not _same_caption(caption, target.caption)
            and tally.wants("xref_caption")
        ):
            out.append(
                Defect(
                    "xref_caption",
                    f"{match.group(1)} {match.group(2)} is cited as {caption!r} but is headed {_short(target.caption)!r}",
                    match.start(),
                    match.end(),
                    (("number", canon), ("cited", caption), ("caption", target.caption)),
                )
            )
    return tally.result(out)


_CAPTION_STOP = {"and", "of", "the", "a", "an", "to", "for", "by", "in", "on", "or"}


def _caption_words(caption: str) -> set[str]:
    words = set()
    for w in _norm(caption).split():
        if w in _CAPTION_STOP:
            continue
        words.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return words


def _same_caption(cited: str, heading: str) -> bool:
    a, b = _caption_words(cited), _caption_words(heading)
    return not a or not b or a <= b or b <= a
