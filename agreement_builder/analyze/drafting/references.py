"""Cross-references: to sections that do not exist, or under the wrong caption
(DRF107, DRF108); and which section numbers the text itself shows."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Set
from functools import lru_cache

from ...read.model import DocSection, FieldProblem, SourceDocument
from .base import Defect, Defects, Tally, _after_separator, _norm, _search_end, _short

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
    r"(Sections?|Clauses?|Articles?|SECTIONS?|ARTICLES?|CLAUSES?)\s+(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXL]{1,6}\b)"
    r"(?![A-Za-z0-9]|\.\d)(?:\s*\(([a-z]|[ivx]{1,4})\))?"
    r"(?:\s*\(([A-Z][A-Za-z \t\n,&\-'’/]{2,60})\))?"
)
# What may follow a reference before "of the X Agreement" turns it into one to another
# document: more numbers, sub-clauses "(b)(ii)", captions "(Confidentiality)" or
# "[Transfer of Entire Business]", "Section"/"Sections" again, list and range words, and
# "respectively". Each piece consumes a token, so the match is bounded (24 pieces).
_RUN_PIECE = (
    r"(?:\s*(?:,|;|[-–]|(?i:and/or|and|or|through|thru|to|respectively)\b)"
    r"|\s*(?i:sections?|articles?|clauses?|paragraphs?|subsections?)\b"
    r"|\s*\d{1,3}(?:\.\d{1,3}){0,3}(?![\w])"
    r"|\s*[IVXL]{1,6}\b"
    r"|\s*\([a-zA-Z0-9]{1,4}\)"
    r"|\s*\([A-Z][^()\n]{0,60}\)"
    r"|\s*\[[^\[\]\n]{0,60}\])"
)
_EXTERNAL = re.compile(
    _RUN_PIECE + r"{0,24}\s*,?\s*(?i:of|under|in)\s+"
    r"(?:(?i:the|that|such|said|any|each\s+of\s+the|each|an?|its|their)\s+)?"
    r"(?!(?i:this|these|hereof|herein|hereto|hereunder|above|below|sections?|articles?|clauses?)\b)"
    r"(?:[A-Z0-9]|[a-z]+\s+[A-Z])"
)
# "as described in that Section 2.2.1": a section of a document named before
_THAT_BEFORE = re.compile(r"\b(?i:in|under|of|by|with)\s+(?:that|such|said)\s+$")
# "Section II: Critical Energy Infrastructure" at the start of a line is a heading, not a reference
_HEADING_AFTER = re.compile(r"[ \t]*[:.][ \t]*[A-Z]")
_AMENDMENT = re.compile(r"\bAMENDMENT\b|\bAmendment\s+No\b|\bamendment\s+to\b|\bAmendment\s+to\b")

# A heading number seen anywhere in the text, with the first word of its caption: nested or
# indented ("   6.5. Delivery Vehicles"), followed by a sub-clause ("8.1(a) Without"), a Roman
# numeral closing a page header ("IP Agreement   XVI. Term"), a colon ("Section II: Scope").
_HEADING_BODY = (
    r"((?:ARTICLE|Article|SECTION|Section)[ \t]+)?(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXL]{1,6})"
    r"([.:])?(?:\([a-z0-9]{1,4}\))?[ \t]+[\"“]?([A-Z][A-Za-z]+)"
)
_HEADING_AT_START = re.compile(_HEADING_BODY)
_HEADING_SPACED = re.compile(r"\s" + _HEADING_BODY)


@lru_cache(maxsize=8)
def _headings_in_text(text: str) -> dict[str, frozenset[str]]:
    """Section numbers written as headings anywhere in the text, each with the first words
    of the captions that follow it (lower case)."""
    found: dict[str, set[str]] = {}
    for match in _after_separator(_HEADING_AT_START, _HEADING_SPACED, text):
        start = match.start(1) if match.group(1) else match.start(2)
        number = match.group(2)
        gap = start == 0 or text[start - 1] == "\n" or text[max(0, start - 2) : start].isspace()
        if not number[0].isdigit() and not match.group(1) and (match.group(3) != "." or not gap):
            continue  # a Roman numeral needs its "Article", or a full stop after a line break or gap
        before = text[max(0, start - 30) : start]
        if before and _search_end(_REF_BEFORE, before, 1):
            continue
        canon = _canon(number)
        if canon:
            found.setdefault(canon, set()).add(match.group(4).lower())
    return {k: frozenset(v) for k, v in found.items()}


def _with_parents(numbers: Set[str]) -> tuple[set[str], dict[str, set[int]]]:
    """The numbers and every parent they show ("14.3.2" shows 14.3 and 14), and for each
    parent ("" for the top level) the child numbers seen."""
    known: set[str] = set()
    children: dict[str, set[int]] = {}
    for number in numbers:
        parts = number.split(".")
        for i in range(1, len(parts) + 1):
            known.add(".".join(parts[:i]))
            children.setdefault(".".join(parts[: i - 1]), set()).add(int(parts[i - 1]))
    return known, children


def _unseen(canon: str, known: set[str], children: dict[str, set[int]], max_top: int) -> bool:
    """True when the text shows numbering around ``canon`` that leaves it out: a top-level
    number written nowhere as a heading; a dotted one whose parent
    has numbered children, none of them later than it (a later sibling means the extraction
    missed this one's number). A dotted number under an article with no visible children is
    not judged unless the article itself is past the last one."""
    if canon in known:
        return False
    parts = canon.split(".")
    if len(parts) == 1:
        return True
    parent = ".".join(parts[:-1])
    siblings = children.get(parent)
    if not siblings:
        return int(parts[0]) > max_top
    return max(siblings) < int(parts[-1])


def check_cross_references(doc: SourceDocument) -> list[Defect]:
    """References to sections that do not exist, and captions that differ from the heading."""
    text = doc.text
    numbers: dict[str, list[DocSection]] = {}
    for s in doc.sections:
        canon = _canon(s.number) if s.number else None
        if canon:
            numbers.setdefault(canon, []).append(s)
    stale = _stale_fields(doc)
    if len(numbers) < 5:  # segmentation found too little structure to judge references
        return _stale_defects(stale, Tally())
    amendment = bool(_AMENDMENT.search(text[:1500]))
    max_top = max(int(n.split(".")[0]) for n in numbers)  # beyond it: a statute's section
    headings: dict[str, frozenset[str]] | None = None
    known: set[str] = set()
    children: dict[str, set[int]] = {}
    out: list[Defect] = []
    tally = Tally()
    fields = [(start, end) for start, end, _ in stale]
    for match in _XREF.finditer(text):
        if tally.done("xref_missing", "xref_caption"):
            break
        if match.start() and text[match.start() - 1].isalnum():
            continue
        if fields and _inside(fields, match.start(2), match.end(2)):
            continue  # Word's field shows an old result: reported as out of date, below
        canon = _canon(match.group(2))
        if canon is None:
            continue
        if _EXTERNAL.match(text, match.end(2)):
            continue  # "Section 365 of the Bankruptcy Code", "Sections 4.6 or 4.7, respectively, of the ..."
        before = text[max(0, match.start() - 20) : match.start()]
        if _search_end(_THAT_BEFORE, before, 2):
            continue
        lo = max(0, match.start() - 200)  # bounded: rfind from the start was quadratic
        line_start = max(text.rfind("\n", lo, match.start()) + 1, lo)
        if not text[line_start : match.start()].strip() and _HEADING_AFTER.match(
            text, match.end(2)
        ):
            continue  # a heading: "Section II: Critical Energy Infrastructure"
        if headings is None:
            headings = _headings_in_text(text)
            known = _with_parents(_numbers_in_text(text))[0]
            headed, children = _with_parents(set(numbers) | set(headings))
            known |= headed
        targets = numbers.get(canon)
        if targets is None:
            if amendment or int(canon.split(".")[0]) > max_top + 20:
                continue
            if not _unseen(canon, known, children, max_top):
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
        if caption is None or "\n\n" in caption:
            continue
        caption = " ".join(caption.split())
        captions = [t.caption for t in targets if t.caption]
        if not captions or any(_same_caption(caption, c) for c in captions):
            continue
        first = _norm(caption).split()[:1]
        if first and first[0] in headings.get(canon, ()):
            continue  # the number is also a heading with this caption (a schedule's, a duplicate)
        target = targets[0]
        if not tally.wants("xref_caption"):
            continue
        out.append(
            Defect(
                "xref_caption",
                f"{match.group(1)} {match.group(2)} is cited as {caption!r} but is headed {_short(target.caption or '')!r}",
                match.start(),
                match.end(),
                (("number", canon), ("cited", caption), ("caption", target.caption or "")),
            )
        )
    out.extend(_stale_defects(stale, tally))
    return tally.result(out)


def _stale_defects(stale: list[tuple[int, int, FieldProblem]], tally: Tally) -> Defects:
    """DRF125 for each REF field showing an old result."""
    out: list[Defect] = []
    for start, end, field in stale:
        if not tally.wants("xref_field_stale"):
            break
        shown, expected = _short(field.shown), _short(field.expected or "")
        out.append(
            Defect(
                "xref_field_stale",
                f"the cross-reference shows {shown!r} but its target now reads {expected!r}: "
                "the document's fields are out of date",
                start,
                end,
                (
                    ("shown", field.shown),
                    ("expected", field.expected or ""),
                    ("instruction", field.instruction),
                ),
            )
        )
    return tally.result(out)


_FAR = 1 << 62  # past any offset


def _stale_fields(doc: SourceDocument) -> list[tuple[int, int, FieldProblem]]:
    """The body's REF fields whose shown result is not what their target says now (the DOCX
    reader compares them), by position: their numbers are Word's old ones, not references
    to sections that do not exist (issue 16, item 2)."""
    out = []
    for field in doc.review.fields:
        if field.kind != "stale-result" or field.start is None or field.end is None:
            continue
        if field.part != "body" or field.instruction.split()[:1] != ["REF"]:
            continue
        if field.end <= len(doc.text):
            out.append((field.start, field.end, field))
    return sorted(out, key=lambda item: (item[0], item[1]))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does ``start``..``end`` overlap one of the sorted, bounded ``spans``?"""
    at = bisect_right(spans, (start, _FAR)) - 1
    for index in (at, at + 1):
        if 0 <= index < len(spans) and spans[index][0] < end and start < spans[index][1]:
            return True
    return False


_CAPTION_STOP = {"and", "of", "the", "a", "an", "to", "for", "by", "in", "on", "or"}


def _caption_words(caption: str) -> set[str]:
    words = set()
    for w in _norm(caption).split():
        if w in _CAPTION_STOP:
            continue
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"  # warranties -> warranty
        elif w.endswith("s") and len(w) > 3:
            w = w[:-1]
        words.add(w)
    return words


def _same_caption(cited: str, heading: str) -> bool:
    a, b = _caption_words(cited), _caption_words(heading)
    return not a or not b or a <= b or b <= a
