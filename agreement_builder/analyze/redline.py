"""The version of an agreement we sent against the one that came back (read -> analyze):
aligned clause by clause, then word by word, and each difference marked tracked (the returned
file shows it as a revision) or untracked (changed without tracking).

The alignment stays near-linear on a 200-page agreement. Clauses whose words (without their
own number) are identical and occur once on each side anchor first, by hashing; the longest
run of anchors that keeps its order stands, and an anchor outside it is a moved clause.
Between two anchors the sentences are anchored the same way, then unique four-word runs, and
only the short stretches left between those go to a word-level diff (difflib). A clause of
one side with (almost) nothing matched on the other is inserted or deleted; a deleted and an
inserted clause that are mostly the same words are one moved clause.

What a reader cannot see, or what does not change the meaning, is no difference: white space
and line breaks, curly against straight quotes and dashes, ligatures, running headers,
footers and page numbers, the table of contents, each clause's own number and list labels
(automatic numbering), hyphenation, a heading retyped in capitals, the length of a signature
line, and cross-references that only follow the renumbering ("Section 4.2" now "Section 5.2"
where the clause that was 4.2 is now 5.2; pointing anywhere else is a change).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from ..core.startup import _Value, value
from ..read.model import DocSection, SourceDocument

TEXT_MAX = 600  # characters of a clause or sentence kept in before / after / an op
FRAGMENT_MAX = 160  # characters of the changed words a message quotes
CONTEXT = 24  # words of context kept around a change, at most, within its sentence
DIFF_MAX = 1_500  # words on either side of one difflib run; longer stretches are anchored first
NGRAM = 4  # words in the runs that anchor a long stretch with no sentence in common
MOVE_CANDIDATES = 150  # deleted and inserted clauses compared with each other to find moves
MOVE_SIMILARITY = 0.6  # share of words a deleted and an inserted clause need to be one move
WHOLE_CLAUSE = 0.25  # a clause with less than this share of its words matched is new or gone
KINDS = ("changed", "inserted", "deleted", "moved")


@value
class Difference(_Value):
    """One difference between the version sent and the version returned.

    ``kind``: changed | inserted | deleted | moved (a moved clause may also be changed: its
    ``ops`` then hold the changes). ``tracked``: a tracked change in the returned file accounts
    for it (else it was made without tracking). ``number``/``caption``: the section in the
    returned document; ``sent_number``/``sent_caption``: in the version sent (for a clause
    only one side has, the section the other side has at that place: the clause a deleted one
    stood before, or that an inserted one now stands before). ``before`` and
    ``after``: the changed sentence (a whole clause when inserted, deleted or moved), cut to
    ``TEXT_MAX``; ``was`` and ``now``: just the changed words, for a message. ``start``/``end``:
    where ``after`` is in ``returned.text`` (for a deleted clause, the zero-width place it
    stood); ``sent_start``/``sent_end``: where ``before`` is in ``sent.text``. ``ops``: the
    redline, ("equal" | "insert" | "delete", text) in reading order; the equal and inserted
    pieces make ``after`` (unless cut), the equal pieces are shown as returned.
    """

    kind: str
    tracked: bool
    number: str | None
    caption: str | None
    sent_number: str | None
    sent_caption: str | None
    before: str
    after: str
    was: str
    now: str
    start: int
    end: int
    sent_start: int
    sent_end: int
    ops: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        """Whether any words differ (a clause moved as it was has only equal ops)."""
        return any(tag != "equal" for tag, _ in self.ops)


@value
class Redline(_Value):
    """Every difference, and the share of the sent version's words found again in the
    returned one (near 1.0 for a revision of it; low for another document altogether)."""

    differences: tuple[Difference, ...]
    shared: float


def compare(
    sent: SourceDocument,
    returned: SourceDocument,
    returned_original: SourceDocument | None = None,
) -> list[Difference]:
    """The differences between ``sent`` and ``returned``, in the order of the returned text.

    ``returned`` is the returned file with every tracked change accepted (as the readers give
    it); ``returned_original`` the same file with every tracked change rejected. A difference
    between ``sent`` and ``returned_original`` was made without tracking; one between
    ``returned_original`` and ``returned`` is tracked. Without ``returned_original`` (a PDF, a
    text, a file with no tracked changes) every difference is untracked.
    """
    return list(redline(sent, returned, returned_original).differences)


def redline(
    sent: SourceDocument,
    returned: SourceDocument,
    returned_original: SourceDocument | None = None,
) -> Redline:
    """:func:`compare`, with the share of words the two versions have in common."""
    sent_side, returned_side = _Side(sent), _Side(returned)
    if returned_original is None:
        pairing = _Pairing(sent_side, returned_side)
        found = [_difference(raw, pairing, False) for raw in _raw_differences(pairing)]
        shared = pairing.shared()
    else:
        original_side = _Side(returned_original)
        untracked = _Pairing(sent_side, original_side)
        tracked = _Pairing(original_side, returned_side)
        found = [
            _difference(raw, untracked, False, after=tracked) for raw in _raw_differences(untracked)
        ]
        found += [
            _difference(raw, tracked, True, before=untracked) for raw in _raw_differences(tracked)
        ]
        shared = untracked.shared()
    found.sort(key=lambda d: (d.start, d.end, d.sent_start, d.tracked))
    return Redline(tuple(found), shared)


# ---------------------------------------------------------------- words

# a word keeps its inner dots, commas, apostrophes and hyphens ("21.2", "1,000", "Party's",
# "non-exclusive"); a run of dots is one token (leaders, "...") and so is a signature line
_TOKEN = re.compile(r"\w+(?:[.,'’‘\-‐‑](?=\w)\w+)*|\.{2,}|[^\w\s]")
_FOLD = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
        "\ufeff": None,
    }
)  # fmt: skip
_DECORATION = frozenset("|¦•◦▪▫‣·●○■□►▶")  # table rules and bullets a retyped copy adds
_SENTENCE_END = frozenset({".", ";", ":", "?", "!"})
_HIDDEN_PARTS = frozenset({"header", "footer"})
_KEYWORD_AT = re.compile(
    r"(?:article|section|clause|part|schedule|exhibit|annex|appendix)[ \t\u00a0]+", re.IGNORECASE
)
_SEPARATOR_AT = re.compile(r"\.?(?:[ \t\u00a0]*[:–—-](?=[ \t\u00a0\n]))?")
_TOC_HEAD = re.compile(
    r"^[ \t]*(?:table[ \t]+of[ \t]+)?contents[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_TOC_FILLER = re.compile(
    r"right-click|update (?:the )?(?:field|table)|no table of contents entries", re.IGNORECASE
)
_TOC_LABEL = re.compile(
    r"^(?:(?:article|section|clause|part|schedule|exhibit|annex|appendix)\s+)?"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}\b|[A-Z]\b)?[.:)]?\s*(?:[:–—-]\s*)?",
    re.IGNORECASE,
)
_TOC_STALE = 3  # contents lines naming no section, kept when an entry that does follows
_TOC_ENTRY_MAX = 120
_TOC_PAGE = re.compile(r"[\s.…·_-]*\d{0,4}\s*$")
_REF_WORDS = frozenset(
    {
        "section", "sections", "clause", "clauses", "article", "articles", "schedule",
        "schedules", "paragraph", "paragraphs", "annex", "annexes", "exhibit", "exhibits",
        "appendix", "appendices", "part", "parts",
    }
)  # fmt: skip
_REF_JOINERS = frozenset({",", "and", "or", "to", "(", ")", "through", "-", "&"})
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,4}|[IVXLC]{1,7}")


def _norm(token: str) -> str:
    """A token as compared: quotes, dashes and invisible characters folded, then NFKC
    (ligatures, full-width forms, the ellipsis); a signature line of any length is one."""
    folded = token.translate(_FOLD)
    if not folded.isascii():
        folded = unicodedata.normalize("NFKC", folded)
    if folded and folded.strip("_") == "":
        return "___"
    if folded.startswith("..") and folded.strip(".") == "":
        return "..."
    return folded


@dataclass(eq=False)
class _Unit:
    """A clause: a numbered or headed section up to the next one (its list items included)."""

    number: str | None
    caption: str | None
    start: int
    end: int
    t0: int = 0  # its tokens: _Side.norm[t0:t1]
    t1: int = 0
    key: tuple[str, ...] | None = None  # its words; None when it has none


class _Side:
    """One document as a sequence of normalised words, each with its offsets and clause."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        text = doc.text
        self.units: list[_Unit] = []
        for section in doc.sections:
            if _list_label(section.number):
                continue  # "(a)": part of its clause
            if self.units and section.start <= self.units[-1].start:
                continue
            if not self.units and section.start > 0:  # the title, parties and recitals
                self.units.append(_Unit(None, None, 0, section.start))
            self.units.append(_Unit(section.number, section.caption, section.start, len(text)))
        if not self.units:
            self.units.append(_Unit(None, None, 0, len(text)))
        for unit, following in zip(self.units, self.units[1:], strict=False):
            unit.end = following.start
        self.norm: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.unit_of: list[int] = []
        norm, starts, ends = self.norm, self.starts, self.ends
        skip = _excluded(doc)
        skip_at = 0
        folded: dict[str, str] = {}  # the same few thousand words, folded once each
        for index, unit in enumerate(self.units):
            unit.t0 = len(norm)
            lo = unit.start
            while lo < unit.end:
                while skip_at < len(skip) and skip[skip_at][1] <= lo:
                    skip_at += 1
                if skip_at < len(skip) and skip[skip_at][0] <= lo:
                    lo = skip[skip_at][1]
                    continue
                hi = min(unit.end, skip[skip_at][0]) if skip_at < len(skip) else unit.end
                for match in _TOKEN.finditer(text, lo, hi):
                    raw = match.group()
                    token = folded.get(raw)
                    if token is None:
                        token = folded[raw] = _norm(raw)
                    if token and token not in _DECORATION:
                        norm.append(token)
                        start, end = match.span()
                        starts.append(start)
                        ends.append(end)
                lo = hi
            unit.t1 = len(norm)
            self.unit_of.extend([index] * (unit.t1 - unit.t0))
            unit.key = tuple(norm[unit.t0 : unit.t1]) or None
        self.paragraph_starts: set[int] = set()  # tokens that start a block (paragraph, cell)
        for block in doc.blocks:
            first = bisect.bisect_left(starts, block.start)
            if first < len(starts):
                self.paragraph_starts.add(first)

    def offset(self, token: int) -> int:
        """Where token ``token`` starts (the end of the text past the last)."""
        return self.starts[token] if token < len(self.starts) else len(self.doc.text)

    def span(self, t0: int, t1: int) -> tuple[int, int]:
        """Character offsets of tokens ``t0:t1``; a point before ``t0`` when empty."""
        if t1 <= t0:
            point = self.offset(t0)
            return point, point
        return self.starts[t0], self.ends[t1 - 1]

    def unit_at(self, token: int) -> _Unit:
        if not self.unit_of:
            return self.units[0]
        return self.units[self.unit_of[min(token, len(self.unit_of) - 1)]]

    def render(self, tokens: Sequence[int], first: bool = True) -> str:
        """The tokens as the document shows them, one space where it has any space."""
        out: list[str] = []
        text = self.doc.text
        previous = -2
        for token in tokens:
            if out or not first:
                glued = token == previous + 1 and self.starts[token] == self.ends[previous]
                if not glued:
                    out.append(" ")
            out.append(text[self.starts[token] : self.ends[token]])
            previous = token
        return "".join(out)


def _list_label(number: str | None) -> bool:
    return number is not None and number.startswith("(")


def _excluded(doc: SourceDocument) -> list[tuple[int, int]]:
    """Spans no reader compares: running headers and footers, the table of contents, each
    section's own number (and list labels): automatic numbering, not words."""
    text = doc.text
    spans = [(b.start, b.end) for b in doc.blocks if b.part in _HIDDEN_PARTS]
    toc = _contents(doc, spans)
    if toc is not None:
        spans.append(toc)
    for section in doc.sections:
        label = _label_end(text, section)
        if label > section.start:
            spans.append((section.start, label))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _label_end(text: str, section: DocSection) -> int:
    """The end of the section's own number at its start ("21.2", "ARTICLE IV -", "(a)")."""
    number = section.number
    if not number:
        return section.start
    pos = section.start
    core = number
    keyword = _KEYWORD_AT.match(number)
    if keyword:
        core = number[keyword.end() :]
    typed = _KEYWORD_AT.match(text, pos)
    if typed:
        pos = typed.end()
    if text[pos : pos + len(core)].lower() != core.lower():
        return section.start
    pos += len(core)
    separator = _SEPARATOR_AT.match(text, pos)
    return separator.end() if separator else pos


def _contents(doc: SourceDocument, hidden: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """A table of contents: a "Contents" line and the lines after it that name a section of
    the document (or are Word's "update the field" filler), up to the first that does not or
    that is a section's own heading. Up to ``_TOC_STALE`` short lines that name no section
    are kept when a line naming one follows: a contents page not updated after a clause
    was deleted, or an entry for an unnumbered heading ("Signatures") that a retyped copy
    does not make a section."""
    text = doc.text
    head = _TOC_HEAD.search(text, 0, max(len(text) // 3, 4096))
    if head is None:
        return None
    captions = {" ".join(s.caption.lower().split()) for s in doc.sections if s.caption}
    captions.discard("contents")
    hidden_starts = [lo for lo, _ in hidden]
    headings = {s.start for s in doc.sections}
    end = None
    stale = 0  # short lines naming no section since the last entry that names one
    pos = head.end() + 1
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        line = text[pos:stop].strip()
        i = bisect.bisect_right(hidden_starts, pos) - 1
        in_footer = i >= 0 and pos < hidden[i][1]
        if line and not in_footer:
            if pos + len(text[pos:stop]) - len(text[pos:stop].lstrip()) in headings:
                break
            entry = _TOC_PAGE.sub("", _TOC_LABEL.sub("", line, count=1)).strip()
            entry = " ".join(entry.lower().split())
            if _TOC_FILLER.search(line) or (entry and entry in captions):
                stale = 0
                end = stop
            elif stale < _TOC_STALE and len(line) <= _TOC_ENTRY_MAX and line[-1] not in ".;":
                stale += 1
            else:
                break
        pos = stop + 1
    return (head.start(), end) if end is not None else None


# ---------------------------------------------------------------- alignment


def _unique_pairs(
    a_keys: Sequence[Hashable | None], b_keys: Sequence[Hashable | None]
) -> list[tuple[int, int]]:
    """(i, j) for each key found exactly once on each side, in the order of ``a``."""
    count_a = Counter(k for k in a_keys if k is not None)
    count_b = Counter(k for k in b_keys if k is not None)
    where_b = {k: j for j, k in enumerate(b_keys) if k is not None and count_b[k] == 1}
    return [
        (i, where_b[k])
        for i, k in enumerate(a_keys)
        if k is not None and count_a[k] == 1 and k in where_b
    ]


def _in_order(pairs: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Indexes of ``pairs`` (sorted by i) in a longest run increasing in j, and the others."""
    tails: list[int] = []  # j of the last pair of the best run of each length
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    kept: list[int] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.append(k)
        k = back[k]
    kept.reverse()
    chosen = set(kept)
    return kept, [k for k in range(len(pairs)) if k not in chosen]


def _blocks(
    a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, depth: int = 0
) -> Iterator[tuple[int, int, int]]:
    """Matching runs (i, j, n) between ``a[a0:a1]`` and ``b[b0:b1]``, in order: common ends
    first, then (for a long stretch) unique four-word runs as anchors, difflib in between."""
    while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
        n = 0
        while a0 + n < a1 and b0 + n < b1 and a[a0 + n] == b[b0 + n]:
            n += 1
        yield a0, b0, n
        a0, b0 = a0 + n, b0 + n
    tail = 0
    while a1 - tail > a0 and b1 - tail > b0 and a[a1 - tail - 1] == b[b1 - tail - 1]:
        tail += 1
    a1, b1 = a1 - tail, b1 - tail
    if a0 < a1 and b0 < b1:
        if a1 - a0 <= DIFF_MAX and b1 - b0 <= DIFF_MAX:
            matcher = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
            for i, j, n in matcher.get_matching_blocks():
                if n:
                    yield a0 + i, b0 + j, n
        elif depth < 2:
            yield from _anchored(a, b, a0, a1, b0, b1, depth)
        # else: a long stretch with no run of words in common: nothing matches
    if tail:
        yield a1, b1, tail


def _anchored(
    a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, depth: int
) -> Iterator[tuple[int, int, int]]:
    """A long stretch split at four-word runs that occur once on each side, kept in order."""
    a_keys = [tuple(a[i : i + NGRAM]) for i in range(a0, a1 - NGRAM + 1)]
    b_keys = [tuple(b[j : j + NGRAM]) for j in range(b0, b1 - NGRAM + 1)]
    pairs = _unique_pairs(a_keys, b_keys)
    kept, _ = _in_order(pairs)
    i, j = a0, b0
    for k in kept:
        ai, bj = a0 + pairs[k][0], b0 + pairs[k][1]
        if ai < i or bj < j:
            continue  # overlaps the run before it
        yield from _blocks(a, b, i, ai, j, bj, depth + 1)
        yield ai, bj, NGRAM
        i, j = ai + NGRAM, bj + NGRAM
    yield from _blocks(a, b, i, a1, j, b1, depth + 1)


def _sentences(norm: Sequence[str], units: Sequence[int], idx: Sequence[int]) -> list[int]:
    """Where each sentence starts among the positions of ``idx``."""
    starts = [0] if idx else []
    for p in range(1, len(idx)):
        before = idx[p - 1]
        if norm[before] in _SENTENCE_END or units[before] != units[idx[p]]:
            starts.append(p)
    return starts


@dataclass
class _Gap:
    """Tokens between two anchored clauses, on each side (token indexes, in order)."""

    a_idx: list[int]
    b_idx: list[int]
    b_after: int  # the first B token after the gap (a point for what was deleted at its end)


@dataclass
class _Pairing:
    """How the words of document ``a`` map onto those of document ``b``."""

    a: _Side
    b: _Side
    a_match: list[int] = field(default_factory=list)
    b_match: list[int] = field(default_factory=list)
    gaps: list[_Gap] = field(default_factory=list)
    anchored: list[tuple[int, int]] = field(default_factory=list)  # (unit of a, unit of b)
    moved: list[tuple[int, int]] = field(default_factory=list)
    rewritten: list[tuple[int, int]] = field(default_factory=list)  # mostly new words, in place
    inserted: list[int] = field(default_factory=list)  # units of b
    deleted: list[int] = field(default_factory=list)  # units of a
    numbers: dict[str, str] = field(default_factory=dict)  # section number in a -> in b

    def __post_init__(self) -> None:
        self.a_match = [-1] * len(self.a.norm)
        self.b_match = [-1] * len(self.b.norm)
        self._align_clauses()
        self._whole_clauses()
        self._number_map()

    # -- clauses

    def _align_clauses(self) -> None:
        a_units, b_units = self.a.units, self.b.units
        pairs = _unique_pairs([u.key for u in a_units], [u.key for u in b_units])
        kept, out_of_order = _in_order(pairs)
        for k in kept + out_of_order:
            i, j = pairs[k]
            self._pair_units(i, j)
        moved_a = {pairs[k][0] for k in out_of_order}
        moved_b = {pairs[k][1] for k in out_of_order}
        self.moved = [pairs[k] for k in out_of_order]
        self.anchored = [pairs[k] for k in kept]
        previous = (-1, -1)
        for i, j in [pairs[k] for k in kept] + [(len(a_units), len(b_units))]:
            a_idx = [
                t
                for u in range(previous[0] + 1, i)
                if u not in moved_a
                for t in range(a_units[u].t0, a_units[u].t1)
            ]
            b_idx = [
                t
                for u in range(previous[1] + 1, j)
                if u not in moved_b
                for t in range(b_units[u].t0, b_units[u].t1)
            ]
            b_after = b_units[j].t0 if j < len(b_units) else len(self.b.norm)
            if a_idx or b_idx:
                self.gaps.append(_Gap(a_idx, b_idx, b_after))
                self._match_gap(a_idx, b_idx)
            previous = (i, j)

    def _pair_units(self, i: int, j: int) -> None:
        ua, ub = self.a.units[i], self.b.units[j]
        for offset in range(ua.t1 - ua.t0):
            self.a_match[ua.t0 + offset] = ub.t0 + offset
            self.b_match[ub.t0 + offset] = ua.t0 + offset

    def _match_gap(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> None:
        """Sentences that occur once in each side of the gap anchor; words in between."""
        a_norm = [self.a.norm[t] for t in a_idx]
        b_norm = [self.b.norm[t] for t in b_idx]
        a_cut = _sentences(self.a.norm, self.a.unit_of, a_idx)
        b_cut = _sentences(self.b.norm, self.b.unit_of, b_idx)

        def keys(norm: list[str], cut: list[int]) -> list[Hashable | None]:
            bounds = [*cut, len(norm)]
            return [tuple(norm[bounds[k] : bounds[k + 1]]) for k in range(len(cut))]

        a_bounds, b_bounds = [*a_cut, len(a_norm)], [*b_cut, len(b_norm)]
        pairs = _unique_pairs(keys(a_norm, a_cut), keys(b_norm, b_cut))
        kept, _ = _in_order(pairs)
        i = j = 0
        runs: list[tuple[int, int, int]] = []
        for k in kept:
            si, sj = pairs[k]
            ai, bj = a_bounds[si], b_bounds[sj]
            runs.extend(_blocks(a_norm, b_norm, i, ai, j, bj))
            n = a_bounds[si + 1] - ai
            runs.append((ai, bj, n))
            i, j = ai + n, bj + n
        runs.extend(_blocks(a_norm, b_norm, i, len(a_norm), j, len(b_norm)))
        for ai, bj, n in runs:
            for offset in range(n):
                ta, tb = a_idx[ai + offset], b_idx[bj + offset]
                self.a_match[ta] = tb
                self.b_match[tb] = ta

    def _whole_clauses(self) -> None:
        """Clauses with (almost) nothing matched are inserted or deleted; a deleted and an
        inserted one with mostly the same words are one moved (and changed) clause."""
        in_gaps_a = {self.a.unit_of[t] for gap in self.gaps for t in gap.a_idx}
        in_gaps_b = {self.b.unit_of[t] for gap in self.gaps for t in gap.b_idx}
        deleted = [u for u in sorted(in_gaps_a) if self._unmatched(self.a.units[u], self.a_match)]
        inserted = [u for u in sorted(in_gaps_b) if self._unmatched(self.b.units[u], self.b_match)]
        for u in deleted:
            self._unpair(self.a.units[u], self.a_match, self.b_match)
        for u in inserted:
            self._unpair(self.b.units[u], self.b_match, self.a_match)
        gap_a = {self.a.unit_of[t]: k for k, gap in enumerate(self.gaps) for t in gap.a_idx}
        gap_b = {self.b.unit_of[t]: k for k, gap in enumerate(self.gaps) for t in gap.b_idx}
        taken: set[int] = set()
        counts_b = {u: Counter(self.b.units[u].key or ()) for u in inserted[:MOVE_CANDIDATES]}
        for u in deleted[:MOVE_CANDIDATES]:
            words = Counter(self.a.units[u].key or ())
            size = self.a.units[u].t1 - self.a.units[u].t0
            best, best_score = -1, MOVE_SIMILARITY
            for v, other in counts_b.items():
                other_size = self.b.units[v].t1 - self.b.units[v].t0
                if v in taken or not size <= 2 * other_size <= 4 * size:
                    continue
                score = 2 * sum((words & other).values()) / (size + other_size)
                if score >= best_score:
                    best, best_score = v, score
            if best >= 0:
                taken.add(best)
                # between the same two anchors it did not move: it was rewritten in place
                pairs = self.rewritten if gap_a.get(u) == gap_b.get(best) else self.moved
                pairs.append((u, best))
                self._match_moved(self.a.units[u], self.b.units[best])
        paired_a = {u for u, _ in self.moved + self.rewritten}
        self.deleted = [u for u in deleted if u not in paired_a]
        self.inserted = [v for v in inserted if v not in taken]
        whole_a = paired_a | set(self.deleted)
        whole_b = {v for _, v in self.moved + self.rewritten} | set(self.inserted)
        for gap in self.gaps:
            a_idx = [t for t in gap.a_idx if self.a.unit_of[t] not in whole_a]
            b_idx = [t for t in gap.b_idx if self.b.unit_of[t] not in whole_b]
            if len(a_idx) < len(gap.a_idx) or len(b_idx) < len(gap.b_idx):
                # words the whole clauses took in the first pass go back to the others
                for t in a_idx:
                    if self.a_match[t] >= 0:
                        self.b_match[self.a_match[t]] = -1
                        self.a_match[t] = -1
                for t in b_idx:
                    if self.b_match[t] >= 0:
                        self.a_match[self.b_match[t]] = -1
                        self.b_match[t] = -1
                self._match_gap(a_idx, b_idx)
            gap.a_idx, gap.b_idx = a_idx, b_idx
        self.moved.sort(key=lambda pair: pair[1])

    @staticmethod
    def _unmatched(unit: _Unit, match: list[int]) -> bool:
        size = unit.t1 - unit.t0
        found = sum(1 for t in range(unit.t0, unit.t1) if match[t] >= 0)
        return size > 0 and found < WHOLE_CLAUSE * size

    @staticmethod
    def _unpair(unit: _Unit, match: list[int], other: list[int]) -> None:
        for t in range(unit.t0, unit.t1):
            if match[t] >= 0:
                other[match[t]] = -1
                match[t] = -1

    def _match_moved(self, ua: _Unit, ub: _Unit) -> None:
        a_norm, b_norm = self.a.norm, self.b.norm
        for i, j, n in _blocks(a_norm, b_norm, ua.t0, ua.t1, ub.t0, ub.t1):
            for offset in range(n):
                self.a_match[i + offset] = j + offset
                self.b_match[j + offset] = i + offset

    def _number_map(self) -> None:
        """Each clause's number on one side and the other: its anchor, or the clause most of
        its words went to."""
        pairs = self.anchored + self.moved + self.rewritten
        in_gaps = sorted({self.a.unit_of[t] for gap in self.gaps for t in gap.a_idx})
        for u in in_gaps:
            unit = self.a.units[u]
            votes = Counter(
                self.b.unit_of[self.a_match[t]]
                for t in range(unit.t0, unit.t1)
                if self.a_match[t] >= 0
            )
            if votes:
                v, count = votes.most_common(1)[0]
                if 2 * count >= unit.t1 - unit.t0:
                    pairs.append((u, v))
        ambiguous: set[str] = set()
        for u, v in pairs:
            ua, ub = self.a.units[u], self.b.units[v]
            if ua.number and ub.number:
                old, new = _bare(ua.number), _bare(ub.number)
                if self.numbers.setdefault(old, new) != new:
                    ambiguous.add(old)  # "1" of Article 1 and of Schedule 1
        for old in ambiguous:
            del self.numbers[old]

    # -- mapping

    def shared(self) -> float:
        if not self.a_match:
            return 1.0 if not self.b_match else 0.0
        return sum(1 for t in self.a_match if t >= 0) / len(self.a_match)

    def a_to_b(self, t0: int, t1: int) -> tuple[int, int]:
        """The tokens of ``b`` that tokens ``t0:t1`` of ``a`` became (a point when none)."""
        return _map(self.a_match, self._nearest_a, t0, t1, len(self.b_match))

    def b_to_a(self, t0: int, t1: int) -> tuple[int, int]:
        return _map(self.b_match, self._nearest_b, t0, t1, len(self.a_match))

    @cached_property
    def _nearest_a(self) -> tuple[list[int], list[int]]:
        return _nearest(self.a_match)

    @cached_property
    def _nearest_b(self) -> tuple[list[int], list[int]]:
        return _nearest(self.b_match)


def _bare(number: str) -> str:
    keyword = _KEYWORD_AT.match(number)
    return number[keyword.end() :] if keyword else number.rstrip(".")


def _nearest(match: Sequence[int]) -> tuple[list[int], list[int]]:
    """For each token, the nearest matched token at or before it, and at or after it (-1)."""
    before = [-1] * len(match)
    last = -1
    for t, partner in enumerate(match):
        if partner >= 0:
            last = t
        before[t] = last
    after = [-1] * len(match)
    last = -1
    for t in range(len(match) - 1, -1, -1):
        if match[t] >= 0:
            last = t
        after[t] = last
    return before, after


def _map(
    match: Sequence[int], nearest: tuple[list[int], list[int]], t0: int, t1: int, size: int
) -> tuple[int, int]:
    """The partners of tokens ``t0:t1``; when none has one, the point just after the partner
    of the nearest matched token before them (or before the nearest one after them)."""
    partners = [match[t] for t in range(t0, t1) if match[t] >= 0]
    if partners:
        return min(partners), max(partners) + 1
    before, after = nearest
    if 0 < t0 <= len(match) and before[t0 - 1] >= 0:
        point = match[before[t0 - 1]] + 1
        return point, point
    if t1 < len(match) and after[t1] >= 0:
        point = match[after[t1]]
        return point, point
    return (0, 0) if t0 == 0 else (size, size)


# ---------------------------------------------------------------- differences


@dataclass
class _Raw:
    """A difference in token coordinates of the pairing's two documents."""

    kind: str
    a0: int
    a1: int
    b0: int
    b1: int
    before: str
    after: str
    was: str
    now: str
    ops: tuple[tuple[str, str], ...]


@dataclass
class _Op:
    tag: str  # equal | delete | insert | replace
    a: list[int]
    b: list[int]
    significant: bool = True


def _raw_differences(pairing: _Pairing) -> list[_Raw]:
    a, b = pairing.a, pairing.b
    found: list[_Raw] = []
    for u in pairing.deleted:
        unit = a.units[u]
        point = pairing.a_to_b(unit.t0, unit.t1)[0]
        text = _cut(a.doc.text[unit.start : unit.end])
        short = _cut(text, FRAGMENT_MAX)
        whole = (("delete", text),) if text else ()
        found.append(_Raw("deleted", unit.t0, unit.t1, point, point, text, "", short, "", whole))
    for v in pairing.inserted:
        unit = b.units[v]
        point = pairing.b_to_a(unit.t0, unit.t1)[0]
        text = _cut(b.doc.text[unit.start : unit.end])
        short = _cut(text, FRAGMENT_MAX)
        whole = (("insert", text),) if text else ()
        found.append(_Raw("inserted", point, point, unit.t0, unit.t1, "", text, "", short, whole))
    pairs = [("moved", u, v) for u, v in pairing.moved]
    pairs += [("changed", u, v) for u, v in pairing.rewritten]
    for kind, u, v in pairs:
        ua, ub = a.units[u], b.units[v]
        a_idx, b_idx = list(range(ua.t0, ua.t1)), list(range(ub.t0, ub.t1))
        ops = [_Op(tag, oa, ob) for tag, oa, ob in _opcodes(pairing, a_idx, b_idx)]
        _weigh(pairing, ops)
        changes = [k for k, op in enumerate(ops) if op.tag != "equal" and op.significant]
        if kind == "changed" and not changes:
            continue
        was = _fragment(pairing, ops, changes[0], changes[-1], "a") if changes else ""
        now = _fragment(pairing, ops, changes[0], changes[-1], "b") if changes else ""
        found.append(
            _Raw(
                kind, ua.t0, ua.t1, ub.t0, ub.t1,
                _cut(a.doc.text[ua.start : ua.end]), _cut(b.doc.text[ub.start : ub.end]),
                was, now, _redline(pairing, ops),
            )
        )  # fmt: skip
    for gap in pairing.gaps:
        ops = [_Op(tag, oa, ob) for tag, oa, ob in _opcodes(pairing, gap.a_idx, gap.b_idx)]
        _weigh(pairing, ops)
        found.extend(_hunks(pairing, ops, gap))
    return found


def _opcodes(
    pairing: _Pairing, a_idx: Sequence[int], b_idx: Sequence[int]
) -> list[tuple[str, list[int], list[int]]]:
    """difflib-style opcodes over two token lists, from the pairing's matches among them."""
    where_b = {t: q for q, t in enumerate(b_idx)}
    pairs = []
    last_q = -1
    for p, t in enumerate(a_idx):
        q = where_b.get(pairing.a_match[t], -1)
        if q > last_q:
            pairs.append((p, q))
            last_q = q
    out: list[tuple[str, list[int], list[int]]] = []
    i = j = 0
    for p, q in [*pairs, (len(a_idx), len(b_idx))]:
        if i < p or j < q:
            tag = "replace" if i < p and j < q else ("delete" if i < p else "insert")
            out.append((tag, list(a_idx[i:p]), list(b_idx[j:q])))
        if p < len(a_idx):
            if out and out[-1][0] == "equal":
                out[-1][1].append(a_idx[p])
                out[-1][2].append(b_idx[q])
            else:
                out.append(("equal", [a_idx[p]], [b_idx[q]]))
        i, j = p + 1, q + 1
    return out


def _weigh(pairing: _Pairing, ops: list[_Op]) -> None:
    """Mark the changes a reader would not call changes."""
    a_norm, b_norm = pairing.a.norm, pairing.b.norm
    next_a, next_b = len(a_norm), len(b_norm)
    following: list[tuple[int, int]] = [(0, 0)] * len(ops)
    for k in range(len(ops) - 1, -1, -1):  # where the other side stands, for bare changes
        following[k] = (next_a, next_b)
        if ops[k].a:
            next_a = ops[k].a[0]
        if ops[k].b:
            next_b = ops[k].b[0]
    for k, op in enumerate(ops):
        if op.tag == "equal":
            continue
        old = [a_norm[t] for t in op.a]
        new = [b_norm[t] for t in op.b]
        op.significant = not _same_meaning(pairing, op, old, new, following[k])


def _same_meaning(
    pairing: _Pairing, op: _Op, old: list[str], new: list[str], following: tuple[int, int]
) -> bool:
    joined_old = "".join(old).replace("-", "")
    joined_new = "".join(new).replace("-", "")
    if joined_old == joined_new:
        return True  # hyphenation, a word split or joined, a dash added to a label
    if joined_old.upper() == joined_new.upper() and (joined_old.isupper() or joined_new.isupper()):
        return True  # a heading retyped in capitals
    if not old:
        return _labels_only(new) or _stray_label(new, pairing.b, op.b, pairing.a, following[0])
    if not new:
        return _labels_only(old) or _stray_label(old, pairing.a, op.a, pairing.b, following[1])
    if len(old) == len(new):
        return all(
            x == y or _follows_renumbering(pairing, op.a[k], x, y)
            for k, (x, y) in enumerate(zip(old, new, strict=True))
        )
    return False


_LIST_LABEL = re.compile(r"[a-z]{1,16}|[A-Z]{1,16}|\d{1,3}")


def _labels_only(words: list[str]) -> bool:
    """Nothing but list labels, "(a)", "(iv)", "(aaaaa)" or "b)": numbering, not words (a
    reader may find them in one copy and not in another, as a PDF's text runs together)."""
    k = 0
    while k < len(words):
        if words[k] == "(" and k + 2 < len(words):
            label, close = words[k + 1], words[k + 2]
            k += 3
        elif k + 1 < len(words):
            label, close = words[k], words[k + 1]
            k += 2
        else:
            return False
        if close != ")" or not _LIST_LABEL.fullmatch(label):
            return False
    return bool(words)


def _stray_label(
    words: list[str], side: _Side, tokens: list[int], other: _Side, point: int
) -> bool:
    """A section's own number ("3.1", "Schedule 1 -") that one reader took as the label of a
    section and left out, and the other reader (text run together on one line) did not: the
    section of that number starts right there in the other copy."""
    if point >= len(other.norm) or not other.unit_of:
        return False
    unit = other.unit_at(point)
    if unit.t0 != point or not unit.number:
        return False
    if tokens[0] > 0 and side.norm[tokens[0] - 1].lower() in _REF_WORDS:
        return False  # "Section" stays and only its number went: a reference changed
    while words and words[-1] in (".", ":", "-"):
        words = words[:-1]
    if words and _KEYWORD_AT.match(words[0] + " "):
        words = words[1:]
    return len(words) == 1 and words[0] == _bare(unit.number)


def _follows_renumbering(pairing: _Pairing, token: int, old: str, new: str) -> bool:
    """A cross-reference whose number changed only because its clause was renumbered."""
    if not (_NUMBER.fullmatch(old) and _NUMBER.fullmatch(new)):
        return False
    if pairing.numbers.get(old) != new:
        return False
    norm = pairing.a.norm
    for back in range(token - 1, max(-1, token - 8), -1):
        word = norm[back].lower()
        if word in _REF_WORDS:
            return True
        if not (word in _REF_JOINERS or _NUMBER.fullmatch(norm[back]) or len(word) == 1):
            return False
    return False


def _hunks(pairing: _Pairing, ops: list[_Op], gap: _Gap) -> Iterator[_Raw]:
    """One difference per changed sentence: significant changes close together (or in one
    sentence of one clause) are one, with a little unchanged context around them."""
    b = pairing.b
    points = _b_points(ops, gap)
    changed = [k for k, op in enumerate(ops) if op.tag != "equal" and op.significant]
    groups: list[list[int]] = []
    for k in changed:
        if groups and _together(pairing, ops, groups[-1][-1], k, points):
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        first, last = group[0], group[-1]
        left = _context(pairing, ops, first, -1)
        right = _context(pairing, ops, last, 1)
        a_tokens = left[0] + [t for op in ops[first : last + 1] for t in op.a] + right[0]
        b_tokens = left[1] + [t for op in ops[first : last + 1] for t in op.b] + right[1]
        span = [_Op("equal", left[0], left[1]), *ops[first : last + 1]]
        span.append(_Op("equal", right[0], right[1]))
        a0, a1 = (a_tokens[0], a_tokens[-1] + 1) if a_tokens else _a_point(pairing, ops, first)
        if b_tokens:
            b0, b1 = b_tokens[0], b_tokens[-1] + 1
        else:
            b0 = b1 = points[first]
        yield _Raw(
            "changed", a0, a1, b0, b1,
            _cut(pairing.a.render(a_tokens)), _cut(b.render(b_tokens)),
            _fragment(pairing, ops, first, last, "a"),
            _fragment(pairing, ops, first, last, "b"),
            _redline(pairing, span),
        )  # fmt: skip


def _b_points(ops: list[_Op], gap: _Gap) -> list[int]:
    """For each op, the B token it starts at (or the first after it)."""
    points = [gap.b_after] * len(ops)
    following = gap.b_after
    for k in range(len(ops) - 1, -1, -1):
        if ops[k].b:
            following = ops[k].b[0]
        points[k] = following
    return points


def _a_point(pairing: _Pairing, ops: list[_Op], k: int) -> tuple[int, int]:
    for op in ops[k:]:
        if op.a:
            return op.a[0], op.a[0]
    for op in reversed(ops[:k]):
        if op.a:
            return op.a[-1] + 1, op.a[-1] + 1
    return 0, 0


def _together(pairing: _Pairing, ops: list[_Op], k0: int, k1: int, points: list[int]) -> bool:
    """Whether changes ``k0`` and ``k1`` belong to one difference: same clause of the
    returned text, and at most three words apart, or in one sentence of one paragraph."""
    b = pairing.b
    if b.unit_of and b.unit_at(points[k0]) is not b.unit_at(points[k1]):
        return False
    between = [t for op in ops[k0 + 1 : k1] for t in (op.b if op.b else op.a)]
    if len(between) <= 3:
        return True
    words = [t for op in ops[k0 + 1 : k1] for t in op.b]
    return (
        len(words) <= CONTEXT
        and not any(b.norm[t] in _SENTENCE_END or t in b.paragraph_starts for t in words)
        and not any(t in b.paragraph_starts for op in ops[k0 + 1 : k1 + 1] for t in op.b[:1])
    )


def _context(pairing: _Pairing, ops: list[_Op], k: int, step: int) -> tuple[list[int], list[int]]:
    """Unchanged words before (``step`` -1) or after (+1) op ``k``, to its sentence's end."""
    a_out: list[int] = []
    b_out: list[int] = []
    b = pairing.b
    norm, unit_of, starts = b.norm, b.unit_of, b.paragraph_starts
    home_token = next((t for op in ops[k:] for t in op.b), None)
    if home_token is None:
        home_token = next((t for op in reversed(ops[:k]) for t in op.b), 0)
    home = unit_of[home_token] if unit_of else 0
    j = k + step
    while 0 <= j < len(ops) and len(b_out) < CONTEXT:
        op = ops[j]
        if op.tag != "equal" and op.significant:
            break
        if op.tag != "equal":  # an unimportant change (a reference renumbered): kept whole
            if (
                any(norm[t] in _SENTENCE_END or t in starts or unit_of[t] != home for t in op.b)
                or len(b_out) + len(op.b) > CONTEXT
            ):
                break
            a_out.extend(op.a if step > 0 else reversed(op.a))
            b_out.extend(op.b if step > 0 else reversed(op.b))
            j += step
            continue
        pairs = list(zip(op.a, op.b, strict=True))
        if step < 0:
            pairs.reverse()
        stop = False
        for ta, tb in pairs:
            if step < 0 and (norm[tb] in _SENTENCE_END or unit_of[tb] != home):
                stop = True
                break
            if step > 0 and (tb in starts or unit_of[tb] != home):
                stop = True
                break
            if ta >= 0:
                a_out.append(ta)
            b_out.append(tb)
            if (step < 0 and tb in starts) or len(b_out) >= CONTEXT:
                stop = True
                break
            if step > 0 and norm[tb] in _SENTENCE_END:
                stop = True
                break
        if stop:
            break
        j += step
    if step < 0:
        a_out.reverse()
        b_out.reverse()
    return a_out, b_out


def _fragment(pairing: _Pairing, ops: list[_Op], first: int, last: int, side: str) -> str:
    """The changed words of ops ``first..last`` on one side, with the words a reader needs to
    place them: through the next word after the change, and one word before a bare insertion
    or deletion; never across a paragraph or table cell that the change fills whole."""
    doc = pairing.a if side == "a" else pairing.b
    span = ops[first : last + 1]
    tokens = [t for op in span for t in (op.a if side == "a" else op.b)]
    old = [t for op in span for t in op.a]
    ref_doc, ref = (pairing.a, old) if old else (pairing.b, [t for op in span for t in op.b])
    if not ref:
        return ""
    whole_start = ref[0] in ref_doc.paragraph_starts
    whole_end = ref[-1] + 1 in ref_doc.paragraph_starts or ref[-1] + 1 >= len(ref_doc.norm)
    bare = all(not op.a or not op.b for op in span if op.tag != "equal" and op.significant)
    before = _words_around(pairing, ops, first, -1, side) if bare and not whole_start else []
    if not before and tokens and _NUMBER.fullmatch(doc.norm[tokens[0]]):
        word = _words_around(pairing, ops, first, -1, side)[-1:]
        before = [t for t in word if doc.norm[t].lower() in _REF_WORDS]  # "Section 4.2"
    opened = sum({"(": 1, ")": -1}.get(doc.norm[t], 0) for t in tokens)
    after = [] if whole_end else _words_around(pairing, ops, last, 1, side, opened)
    return _cut(doc.render(before + tokens + after), FRAGMENT_MAX)


def _words_around(
    pairing: _Pairing, ops: list[_Op], k: int, step: int, side: str, opened: int = 0
) -> list[int]:
    """Unchanged tokens next to op ``k``, through the first word (letters or digits) and, after
    the change, through the ``)`` closing a bracket it left ``opened``; never into another
    paragraph or table cell."""
    doc = pairing.a if side == "a" else pairing.b
    norm, starts = doc.norm, doc.paragraph_starts
    out: list[int] = []
    word = False
    j = k + step
    while 0 <= j < len(ops) and len(out) < 8:
        op = ops[j]
        if op.tag != "equal":
            break
        tokens = op.a if side == "a" else op.b
        for t in tokens if step > 0 else reversed(tokens):
            if step > 0 and t in starts:
                return out
            out.append(t)
            word = word or norm[t][0].isalnum()
            if step > 0:
                opened += {"(": 1, ")": -1}.get(norm[t], 0)
            done = word and opened <= 0
            if done or len(out) >= 8 or (step < 0 and t in starts):
                return out if step > 0 else out[::-1]
        j += step
    return out if step > 0 else out[::-1]


def _redline(pairing: _Pairing, ops: Sequence[_Op]) -> tuple[tuple[str, str], ...]:
    """("equal" | "insert" | "delete", text) pieces in reading order: the equal and inserted
    pieces read as the returned text, the deleted ones as the sent text."""
    a, b = pairing.a, pairing.b
    out: list[tuple[str, str]] = []
    last_a = last_b = -2

    def piece(tag: str, side: _Side, tokens: list[int], last: int) -> int:
        if not tokens:
            return last
        text = side.render(tokens, first=last == -2)
        if last >= 0 and tokens[0] == last + 1 and side.starts[tokens[0]] == side.ends[last]:
            text = text.lstrip(" ")
        if out and out[-1][0] == tag:
            out[-1] = (tag, out[-1][1] + text)
        else:
            out.append((tag, text))
        return tokens[-1]

    for op in ops:
        if op.tag == "equal" or not op.significant:
            last_b = piece("equal", b, op.b, last_b)
            if op.a:
                last_a = op.a[-1]
            continue
        last_a = piece("delete", a, op.a, last_a)
        last_b = piece("insert", b, op.b, last_b)
    return tuple((tag, _cut(text, edges=True)) for tag, text in out)


_SPACES = re.compile(r"\s+")


def _cut(text: str, limit: int = TEXT_MAX, edges: bool = False) -> str:
    """White space collapsed (kept at the ends with ``edges``), cut to ``limit``."""
    text = _SPACES.sub(" ", text) if edges else " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _difference(
    raw: _Raw,
    pairing: _Pairing,
    tracked: bool,
    after: _Pairing | None = None,
    before: _Pairing | None = None,
) -> Difference:
    """A :class:`Difference` from a pairing's raw one. ``after`` (original -> returned)
    carries an untracked difference's place from the original view into the returned text;
    ``before`` (sent -> original) carries a tracked one's back into the sent text."""
    sent_side, a0, a1 = pairing.a, raw.a0, raw.a1
    returned_side, b0, b1 = pairing.b, raw.b0, raw.b1
    if after is not None:
        returned_side = after.b
        b0, b1 = after.a_to_b(b0, b1)
    if before is not None:
        sent_side = before.a
        a0, a1 = before.b_to_a(a0, a1)
    start, end = returned_side.span(b0, b1)
    sent_start, sent_end = sent_side.span(a0, a1)
    unit = returned_side.unit_at(b0)
    sent_unit = sent_side.unit_at(a0)
    return Difference(
        kind=raw.kind,
        tracked=tracked,
        number=unit.number,
        caption=unit.caption,
        sent_number=sent_unit.number,
        sent_caption=sent_unit.caption,
        before=raw.before,
        after=raw.after,
        was=raw.was,
        now=raw.now,
        start=start,
        end=end,
        sent_start=sent_start,
        sent_end=sent_end,
        ops=raw.ops,
    )
