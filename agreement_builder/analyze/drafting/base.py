"""What every detector shares: the ``Defect`` record, short excerpts, and the zones of
a document (its body, annexes and forms) that some checks must skip."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter


@dataclass(frozen=True)
class Defect:
    tag: str  # what kind of defect, e.g. "term_unused"; a rule reports one tag
    message: str
    start: int
    end: int
    data: tuple[tuple[str, str], ...] = field(default=())


# A detector that has found more than this many defects of one kind may stop looking for
# that kind: the engine reports the first 100 of a rule and counts the rest, and counting a
# line of 250,000 "TBD"s or zero-width characters one by one cost seconds a megabyte. It
# returns them as ``Defects`` naming the kinds it stopped at, whose rest are "over" a count.
ENOUGH = 10_000


class Defects(list[Defect]):
    """A detector's defects, and the tags it stopped looking for after ``ENOUGH`` of them
    (then it found at least one more of the tag than it lists)."""

    stopped: frozenset[str] = frozenset()

    @classmethod
    def of(cls, defects: Iterable[Defect], stopped: Iterable[str] = ()) -> Defects:
        out = cls(defects)
        out.stopped = frozenset(stopped)
        return out


class Tally:
    """Defects by tag, each tag kept until it has ``ENOUGH``: :meth:`wants` says whether
    one more of a tag is still looked for (past ``ENOUGH``, once more: then it is stopped)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.stopped: set[str] = set()

    def wants(self, tag: str) -> bool:
        """Is a defect of ``tag`` found here to be made? False once ``ENOUGH`` were made, the
        first time of which marks the tag as stopped (there is one more)."""
        if tag in self.stopped:
            return False
        count = self.counts.get(tag, 0)
        if count >= ENOUGH:
            self.stopped.add(tag)
            return False
        self.counts[tag] = count + 1
        return True

    def done(self, *tags: str) -> bool:
        """Has the detector stopped looking for all of ``tags``?"""
        return all(tag in self.stopped for tag in tags)

    def result(self, defects: Iterable[Defect]) -> Defects:
        return Defects.of(defects, self.stopped)


_BLANKS = re.compile(r"\s+")


def _short(text: str, limit: int = 60) -> str:
    text = _BLANKS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _search_end(pattern: re.Pattern[str], text: str, tokens: int) -> re.Match[str] | None:
    r"""``pattern.search(text)`` for a pattern anchored at the end (``...$``) whose matches
    span at most ``tokens`` white-space-separated pieces of ``text``.

    Such a match starts inside the last ``tokens`` pieces, so the search starts where they
    begin instead of at every position of the window (``\b`` still sees the character
    before it). Same match; these look-back windows are searched a few hundred times a text.
    """
    head = text.rsplit(None, tokens)
    return pattern.search(text, len(head[0]) if len(head) > tokens else 0)


_WITNESS = re.compile(
    r"IN\s+WITNESS\s+WHEREOF|In\s+[Ww]itness\s+[Ww]hereof|\[\s*Signature\s+Pages?\s+Follows?\s*\]"
    r"|\nSigned\s+by\b|\n(?:SIGNATURES?|Signatures)[ \t]*\n"
)
_ANNEX_HEADING = re.compile(
    r"(?m)^[ \t]*(?:EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)"
    r"[ \t]+[A-Z0-9][A-Z0-9.\-]{0,5}\b[^\n]{0,100}"
)


@lru_cache(maxsize=8)
def _body_end(text: str) -> int:
    """Where the agreement proper ends: its signature block (exhibits and forms follow)."""
    match = _WITNESS.search(text)
    return match.start() if match else len(text)


def _form_zones(text: str) -> list[tuple[int, int]]:
    """Exhibits that are forms to be filled in later ("Form of Notice"): blanks there are fine."""
    heads = [m.start() for m in _ANNEX_HEADING.finditer(text)]
    zones: list[tuple[int, int]] = []
    for i, start in enumerate(heads):
        end = heads[i + 1] if i + 1 < len(heads) else len(text)
        if re.search(r"\bform\s+of\b", text[start : start + 400], re.IGNORECASE):
            zones.append((start, end))
    return zones


def _in_zones(pos: int, zones: list[tuple[int, int]]) -> bool:
    """Is ``pos`` in one of the zones (sorted, apart: each runs to the next heading)? By binary
    search: a text of thousands of form exhibits, each with a blank, was quadratic."""
    i = bisect_right(zones, pos, key=_zone_start) - 1  # the last zone starting at or before
    return i >= 0 and pos < zones[i][1]


_zone_start = itemgetter(0)


def _after_separator(
    at_start: re.Pattern[str], after: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """The matches of a pattern that holds only at the text's start or right after a
    separator (a newline, white space), as its own finditer would give them: ``at_start`` tried
    at 0, then ``after`` (the separator, then the same pattern with the same groups) searched
    from the last match's final character, which may be the separator the next one needs.

    Starting with the separator lets the engine skip ahead to it; a leading ``(?m:^)`` or a
    check of the character before made it stop at every position."""
    first = at_start.match(text)
    if first is not None:
        yield first
    pos = first.end() if first is not None else 0
    while (match := after.search(text, max(pos - 1, 0))) is not None:
        yield match
        pos = match.end()


def _norm(caption: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", caption.lower()).strip()
