"""Notice periods of the same kind that disagree (DRF117)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ...read.model import SourceDocument
from .base import Defect, _short
from .numbers import _WORD, words_to_number

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


_NOTICE_BEFORE = re.compile(
    r"(?:(\d{1,3})|\b("
    + _WORD
    + r"(?:[\s-]+"
    + _WORD
    + r"){0,3}))\s*(?:\(\d{1,3}\)\s*)?(days?|months?)['’]?\s+(?:(?:prior|advance|written|previous)\s+)*$",
    re.IGNORECASE,
)
_NOTICE_AFTER = re.compile(
    r"\s+(?:of\s+|to\s+)?(?:its\s+|their\s+|the\s+)?(?:intention\s+to\s+|intent\s+to\s+|election\s+to\s+)?"
    r"(terminat\w*|non-?renewal|renew\w*|not\s+to\s+renew)",
    re.IGNORECASE,
)


def check_notice_periods(doc: SourceDocument) -> list[Defect]:
    """The same act (not renewing) given different notice periods in different places."""
    text = doc.text
    by_act: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for word_start, word_end in _notice_words(doc):
        after = _NOTICE_AFTER.match(text, word_end)
        if after is None:
            continue
        lo = max(0, word_start - 80)
        before = _NOTICE_BEFORE.search(text[lo:word_start])
        if before is None:
            continue
        number = int(before.group(1)) if before.group(1) else words_to_number(before.group(2) or "")
        if number is None:
            continue
        days = number * (30 if before.group(3).lower().startswith("month") else 1)
        act = "non-renewal" if re.search(r"renew", after.group(1), re.IGNORECASE) else "termination"
        start = lo + before.start()
        by_act[act].append((days, start, after.end(), text[start : after.end()]))
    out: list[Defect] = []
    hits = by_act.get("non-renewal", [])
    if len({h[0] for h in hits}) > 1:
        first = hits[0]
        for days, start, end, phrase in hits[1:]:
            if days != first[0]:
                out.append(
                    Defect(
                        "notice_conflict",
                        f"non-renewal notice given as {_short(phrase)!r} here and {_short(first[3])!r} elsewhere",
                        start,
                        end,
                    )
                )
    return out
