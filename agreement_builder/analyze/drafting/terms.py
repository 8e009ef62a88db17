"""Defined terms: defined twice, never used, used in a variant form, used but never defined,
borrowed from another agreement's roles (DRF102-DRF106)."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter

from ...read.model import SourceDocument
from .base import _BLANKS, Defect, Tally, _after_separator, _norm

_TERM = r"[A-Z0-9][A-Za-z0-9\-&/.'’]*(?:[ \t]+[A-Za-z0-9\-&/.'’(][A-Za-z0-9\-&/.'’()]*){0,7}"
# A term as quoted: on one line, or wrapped once by a PDF line break.
_QTERM = r"[\"“]\s?(" + _TERM.replace(r"[ \t]+", r"(?:[ \t]+|[ \t]*\n[ \t]*)") + r")\s?[\"”]"
# "Term" means ...: starts with a quote, so the engine skips ahead to quotes
_MEANS = re.compile(
    _QTERM
    # '"Customer" or "you" means': an alternative name defined in the same breath
    + r"(?:[ \t]*,?[ \t]+(?:or|and)[ \t]+"
    + _QTERM
    + r")?"
    + r"(?:\s*\)|\s*,)?\s*(?:shall\s+|will\s+|shall,\s+|as\s+used\s+herein,?\s+|when\s+used\s+[^,]{0,40},\s+)?"
    r"(?:means?|mean\b|(?:is|are)\s+(?:agreed\s+|deemed\s+|intended\s+)?(?:to\s+)?mean|has\s+the\s+meaning|have\s+the\s+meaning|shall\s+have\s+the\s+meaning|refers?\s+to|includes?|is\s+defined)\b"
)
# a definitions list: "Term": ... / "Term" - ... at a line start (a separate pattern: as one
# alternation with the above, the line-start branch made the engine try every position)
# (the blanks after a number are inside its optional group: "[ \t]*(?:N)?[ \t]*" split a
# line of blanks in every way, quadratic in its length; N starts with a digit or "(", so the
# same lines match)
# a definitions table: the quoted term in its own cell, the meaning in the next ("| "Term" |
# means ..." in Markdown; a DOCX cell is its own line, the meaning starts the next in lower case)
_MEANS_LIST_BODY = (
    r"[ \t|]*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|\([a-z]{1,3}\))[ \t]*)?"
    + _QTERM
    + r"(?:\s*[:\-–—]\s|[ \t]*\|[ \t]*[A-Za-z(]|[ \t]*\n[ \t]*(?:means\b|[a-z(]))"
)
_MEANS_LIST = re.compile(r"(?m:^)" + _MEANS_LIST_BODY)  # found through _after_separator
# the same after a newline: a literal start the engine skips to (``(?m:^)`` tried every place)
_MEANS_LIST_AFTER_NEWLINE = re.compile(r"\n" + _MEANS_LIST_BODY)


# Inline definitions: ("Term"), hereinafter "Term", the term "Term", referred to as "Term".
# Each alternative starts with its own first character, so no two can match at the same
# place: scanned as separate patterns (each with a literal start the engine skips to) and
# merged as one alternation's finditer would give them (_leftmost_matches). As one
# alternation, the engine stopped at every "t", "a", "h" and "r".
_PAREN_DEFS = (
    re.compile(
        r"\((?:[^()\"“”\n]{0,60}?)?"
        + _QTERM
        + r"(?:\s*(?:,|or|and|/)\s*(?:each\s+|collectively\s+|together\s+)?(?:the\s+|a\s+|an\s+)?"
        + _QTERM
        + r")?\s*\)"
    ),
    re.compile(r"here(?:in)?after\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?" + _QTERM),
    # "the term", "a phrase" at a word start (the look-behind checks it)
    *(
        re.compile(
            rf"{w[0]}(?<!\w{w[0]}){w[1:]}\s+(?:terms?|expressions?|phrases?|words?)\s+" + _QTERM
        )
        for w in ("The", "the", "A", "a")
    ),
    re.compile(r"referred\s+to\s+(?:herein\s+|below\s+|hereinafter\s+)?as\s+(?:the\s+)?" + _QTERM),
)


def _leftmost_matches(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """``re.compile("|".join(patterns)).finditer(text)``, for patterns that never match at the
    same position nor match empty: the leftmost match at or after the end of the last one."""
    pending = [p.search(text) for p in patterns]
    pos = 0
    while True:
        best: re.Match[str] | None = None
        for i, match in enumerate(pending):
            if match is not None and match.start() < pos:
                match = pending[i] = patterns[i].search(text, pos)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        yield best
        pos = best.end()


_POINTER = re.compile(
    r"(?:meaning|defined|set\s+(?:out|forth)|described|given|specified|referred\s+to)\b[^.;]{0,80}"
    r"\b(?:Section|Clause|Article|Schedule|Exhibit|Annex|Appendix|paragraph|above|below|herein|hereof)"
    r"|^\W{0,6}(?:has|have|shall\s+have)\s+the\s+meaning",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Definition:
    term: str
    start: int
    end: int
    form: str = "means"  # means | inline


def _clean_term(raw: str) -> str:
    term = _BLANKS.sub(" ", raw).strip(" .,;:")
    return term


@lru_cache(maxsize=8)
def _definitions(text: str) -> tuple[Definition, ...]:
    out: list[Definition] = []
    seen: set[int] = set()
    scans = (
        (_MEANS.finditer(text), "means"),
        (_after_separator(_MEANS_LIST, _MEANS_LIST_AFTER_NEWLINE, text), "means"),
        (_leftmost_matches(_PAREN_DEFS, text), "inline"),
    )
    for matches, form in scans:
        for match in matches:
            for group in range(1, (match.lastindex or 0) + 1):
                raw = match.group(group)
                if not raw or match.start(group) in seen:
                    continue
                term = _clean_term(raw)
                if len(term) < 2 or (not term[0].isupper() and not term[0].isdigit()):
                    continue
                if term.count("(") != term.count(")"):
                    continue
                seen.add(match.start(group))
                out.append(Definition(term, match.start(group), match.end(group), form))
    out.sort(key=lambda d: d.start)
    return tuple(out)


def _has_number_clause(folded: str) -> bool:
    """Does an interpretation clause say the singular includes the plural? (``folded``: the
    text in lower case)

    ``_NUMBER_CLAUSE`` searched 100 characters either side of every "singular", in linear
    time. Every match holds a "singular" and lies within 100 characters of it, so a match
    in some window is one that starts at a "singular" (``_SINGULAR_FIRST``) or ends with one
    and starts at most 100 characters before it (``_SINGULAR_LAST``); each "singular" is
    tried once for both, where the window search tried every "singular" near it again (a
    line of "singular" took 9 s a megabyte)."""
    pos = folded.find("singular")
    while pos >= 0:
        if _SINGULAR_FIRST.match(folded, pos):
            return True
        before = folded[pos - 1] if pos else " "
        # "\bsingular": the boundary before it, which a search ending at ``pos`` cannot see
        if not (before.isalnum() or before == "_") and _SINGULAR_LAST.search(
            folded, max(0, pos - 100), pos
        ):
            return True
        pos = folded.find("singular", pos + 1)
    return False


# the window search this does, kept as the reference its test compares with
_NUMBER_CLAUSE = re.compile(
    r"singular\b[^.;]{0,80}\bplural|plural\b[^.;]{0,80}\bsingular|words\s+importing\s+the\s+singular",
    re.IGNORECASE,
)
_SINGULAR_FIRST = re.compile(r"singular\b[^.;]{0,80}\bplural", re.IGNORECASE)
# what comes before the "singular" that ends the other two (that "singular" excluded)
_SINGULAR_LAST = re.compile(r"(?:plural\b[^.;]{0,80}|words\s+importing\s+the\s+)\Z", re.IGNORECASE)


def _strip_suffix(found: str, lookup: dict[str, str]) -> str | None:
    key = found.lower()
    for cut in ("", "'s", "’s", "s'", "s’", "es", "s"):
        if key.endswith(cut) and (key[: len(key) - len(cut)] if cut else key) in lookup:
            return lookup[key[: len(key) - len(cut)] if cut else key]
    return None


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def check_defined_terms(doc: SourceDocument, party_names: Iterable[str] = ()) -> list[Defect]:
    """Defined twice (differently), defined but unused, singular/plural and case variants."""
    text = doc.text
    definitions = _definitions(text)
    parties = set(party_names)
    out: list[Defect] = []
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for d in definitions:
        by_term[d.term].append(d)
    # defined twice: two "means" definitions that say different things, neither a pointer
    for term, defs in by_term.items():
        if len(defs) < 2:
            continue  # defined once (the pointer and context checks below are the slow part)
        full = [d for d in defs if d.form == "means" and not _is_pointer(text, d)]
        if len(full) > 1 and _differ(text, full):
            out.append(
                Defect(
                    "term_defined_twice",
                    f"{term!r} is defined {len(full)} times, differently",
                    full[1].start,
                    full[1].end,
                    (("term", term),),
                )
            )
    # uses: one pass over the text for every defined term, plural and possessive included
    definition_spans = {(d.start, d.end) for d in definitions}
    inside = sorted(definition_spans)
    uses: dict[str, int] = defaultdict(int)
    lookup = {t.lower(): t for t in by_term}
    for t in by_term:  # "Line Replaceable Unit(s)" is used as "Line Replaceable Unit"
        if t.endswith("(s)"):
            lookup.setdefault(t[:-3].lower(), t)
    wanted, cased = _variant_forms(by_term, doc.folded)
    used_spans, variant_spans = _finditer_folded(
        [
            (
                set(by_term)
                | set(lookup.values())
                | {t[:-3] for t in by_term if t.endswith("(s)")},
                True,
            ),
            (cased, False),
        ],
        text,
    )
    for start, end in used_spans:
        if _inside(start, inside):
            continue
        used = _strip_suffix(_norm_space(text[start:end]), lookup)
        if used is not None:
            uses[used] += 1
    folded = doc.folded
    unused = [
        (term, defs)
        for term, defs in by_term.items()
        if not (term in parties or uses.get(term, 0) or _used_as_variant(term, by_term, uses))
    ]
    in_lower_case = (
        _used_in_lower_case_all([term for term, _ in unused], folded, inside)
        if len(folded) == len(text)
        else set()
    )
    for term, defs in unused:
        if term in in_lower_case:
            continue
        out.append(
            Defect(
                "term_unused",
                f"{term!r} is defined but never used",
                defs[0].start,
                defs[0].end,
                (("term", term),),
            )
        )
    out.extend(_variants(text, variant_spans, wanted, by_term, inside))
    return out


def _finditer_folded(
    groups: Sequence[tuple[Iterable[str], bool]], text: str
) -> list[list[tuple[int, int]]]:
    """For each group of ``(terms, suffix)``: the spans where one of its terms occurs at a word
    start, its first letter as given and the rest in any case ("Effective date", "EFFECTIVE
    DATE"), the longest term first, with a plural or possessive ending when ``suffix``.

    One cheap scan (:func:`_term_heads`) stops where a term of any group may begin; there,
    each group tries its terms sharing the first two letters, each a small pattern compiled
    once per process (a portfolio repeats its terms), and its matches do not overlap. Each
    group gets the spans a scan of its own would give; the groups share the scan.

    Past ``_MANY_TERMS`` terms (an agreement has a few hundred; a hostile text can define
    tens of thousands sharing their first letters), the terms are looked up in sorted lists
    (:class:`_TermIndex`) instead: the same spans, without a pattern compiled per term or
    tried in turn at every candidate.
    """
    distinct = [list({t for t in terms if t}) for terms, _ in groups]
    found: list[list[tuple[int, int]]] = [[] for _ in groups]
    keys = tuple(sorted({_term_key(term) for terms in distinct for term in terms}))
    if not keys:
        return found
    suffixes = [suffix for _, suffix in groups]
    matcher: _PatternTables | _TermIndex
    if sum(map(len, distinct)) > _MANY_TERMS and all(map(_TermIndex.takes, distinct)):
        matcher = _TermIndex(distinct, suffixes, text)
    else:
        ordered = [sorted(terms, key=lambda t: (-len(t), t)) for terms in distinct]  # stable
        matcher = _PatternTables(ordered, suffixes, text)
    reached = [0] * len(groups)
    for candidate in _term_heads(keys).finditer(text):
        start = candidate.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue
        for group, end in matcher.ends(start, text[start : start + 2], reached):
            reached[group] = end
            found[group].append((start, end))
    return found


_MANY_TERMS = 1_000


class _PatternTables:
    """Each group's terms as patterns (:func:`_term_pattern`), by key, longest first."""

    def __init__(self, groups: Sequence[Sequence[str]], suffixes: Sequence[bool], text: str):
        self.text = text
        self.by_key: list[dict[str, list[re.Pattern[str]]]] = []
        for terms, suffix in zip(groups, suffixes, strict=True):
            by_key: dict[str, list[re.Pattern[str]]] = defaultdict(list)
            for term in terms:
                by_key[_term_key(term)].append(_term_pattern(term, suffix))
            self.by_key.append(by_key)
        self.tables: list[dict[str, tuple[re.Pattern[str], ...]]] = [{} for _ in groups]

    def ends(self, start: int, head: str, reached: Sequence[int]) -> Iterator[tuple[int, int]]:
        """(group, end) for each group not past ``start``: where the first of its terms that
        ``head`` may begin, matching at ``start``, ends."""
        for group, by_key in enumerate(self.by_key):
            if start < reached[group]:
                continue
            patterns = self.tables[group].get(head)
            if patterns is None:
                key = _term_key(head)
                patterns = (*by_key.get(key, ()), *by_key.get(key[0], ()))
                self.tables[group][head] = patterns
            for pattern in patterns:
                match = pattern.match(self.text, start)
                if match is not None:
                    yield group, match.end()
                    break


try:  # how ``re`` compares characters ignoring case (private: a later Python may move them)
    from _sre import unicode_tolower as _tolower
    from re._casefix import _EXTRA_CASES

    # characters that also match each other ignoring case ("s" and long "ſ"), as the least
    _CASE_CLASS: dict[int, int] = {code: min(code, *same) for code, same in _EXTRA_CASES.items()}
    _FOLDS = True
except ImportError:  # pragma: no cover - then every term is a pattern (_PatternTables)
    _FOLDS = False
_TAILS = ("s", "es", "'s", "’s", "s'", "s’", "")  # _term_pattern's endings, in its order
_FOLDED: dict[str, str] = {}


def _fold(char: str) -> str:
    """The character that stands for every one ``re`` takes as ``char`` ignoring case."""
    folded = _FOLDED.get(char)
    if folded is None:
        lower = _tolower(ord(char))
        folded = _FOLDED[char] = chr(_CASE_CLASS.get(lower, lower))
    return folded


class _TermIndex:
    """Every group's terms, by key (:func:`_term_key`), as sorted lists of the rest of each
    term folded (:func:`_fold`); the text the same way, each run of white space one space.

    At a candidate, binary searches in the key's list find the terms that the text there
    begins with, longest first (:func:`_prefixes`), and each group gets the longest of its
    terms whose ending (plural, possessive, then none) is not followed by a word character:
    the match of :class:`_PatternTables`. Two terms that match at one place match the same
    characters as far as the shorter goes, so among the terms the folded text begins with,
    the longest is the one the patterns, tried longest first, match."""

    def __init__(self, groups: Sequence[Sequence[str]], suffixes: Sequence[bool], text: str):
        self.text = text
        self.tails = [_TAILS if suffix else ("",) for suffix in suffixes]
        self.sorted: list[dict[str, list[str]]] = []  # per group: key -> folded rests
        self.longest: dict[str, int] = defaultdict(int)  # key -> longest rest
        for terms in groups:
            rests = [term[1:] for term in terms]
            _fold_text("".join(rests))  # every character of them in the table
            by_key: dict[str, set[str]] = defaultdict(set)
            for term, rest in zip(terms, rests, strict=True):
                by_key[_term_key(term)].add(rest.translate(_FOLD_TABLE))
            self.sorted.append({key: sorted(found) for key, found in by_key.items()})
            for key, found in by_key.items():
                self.longest[key] = max(self.longest[key], *map(len, found))
        folded = _fold_text(text)
        # white space runs made one space; where that drops characters, for offsets back
        self.drops: list[int] = [0]  # offsets in ``text`` after which ...
        self.dropped: list[int] = [0]  # ... this many characters have been dropped
        pieces: list[str] = []
        last = 0
        for run in _SPACE_RUN.finditer(folded):
            pieces.append(folded[last : run.start() + 1])
            last = run.end()
            self.drops.append(run.end())
            self.dropped.append(self.dropped[-1] + run.end() - run.start() - 1)
        self.folded = "".join([*pieces, folded[last:]]) if pieces else folded
        self.kept = [drop - dropped for drop, dropped in zip(self.drops, self.dropped, strict=True)]

    @staticmethod
    def takes(terms: Sequence[str]) -> bool:
        """Terms it matches as their patterns do: single spaces, no other white space."""
        return _FOLDS and all(" ".join(t.split()) == t for t in terms)

    def ends(self, start: int, head: str, reached: Sequence[int]) -> list[tuple[int, int]]:
        """As :meth:`_PatternTables.ends`."""
        out: list[tuple[int, int]] = []
        key = _term_key(head)
        at = start + 1 - self.dropped[bisect_right(self.drops, start) - 1]  # in self.folded
        rest = self.folded[at : at + self.longest.get(key, 0)]
        for group, by_key in enumerate(self.sorted):
            if start < reached[group]:
                continue
            lengths = _prefixes(by_key.get(key, ()), rest)  # longest first, found as needed
            if "" in by_key.get(head[0], ()):
                lengths = chain(lengths, (0,))  # a one-character term: the shortest
            for length in lengths:
                end = self._after_tail(self._offset(at + length), self.tails[group])
                if end is not None:
                    out.append((group, end))
                    break
        return out

    def _offset(self, at: int) -> int:
        """The offset in the text of offset ``at`` of the folded copy."""
        return at + self.dropped[bisect_right(self.kept, at) - 1]

    def _after_tail(self, stop: int, tails: Sequence[str]) -> int | None:
        text = self.text
        for tail in tails:
            if text.startswith(tail, stop):
                after = stop + len(tail)
                if after >= len(text) or not (text[after].isalnum() or text[after] in "_-"):
                    return after
        return None


_SPACE_RUN = re.compile("  +")


def _prefixes(words: Sequence[str], text: str) -> Iterator[int]:
    """The lengths of the non-empty ``words`` (sorted) that ``text`` begins with, longest
    first, by binary search: the last word not after ``text`` is the longest of them when
    ``text`` begins with it; else none is longer than what the two have in common."""
    while text:
        i = bisect_right(words, text) - 1
        if i < 0:
            return
        word = words[i]
        if text.startswith(word):
            if not word:
                return
            yield len(word)
            text = word[:-1]
            continue
        lo, hi = 0, min(len(word), len(text))  # the longest common beginning, in C steps
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if word.startswith(text[:mid]):
                lo = mid
            else:
                hi = mid - 1
        text = text[:lo]


def _fold_text(text: str) -> str:
    """``text`` with each character :func:`_fold` ed and any white space a space (same length)."""
    missing = set(text).difference(_FOLD_TABLE_CHARS)
    if missing:
        for char in missing:
            _FOLD_TABLE[ord(char)] = " " if char.isspace() else _fold(char)
        _FOLD_TABLE_CHARS.update(missing)
    return text.translate(_FOLD_TABLE)


_FOLD_TABLE: dict[int, str] = {}
_FOLD_TABLE_CHARS: set[str] = set()


def _term_key(text: str) -> str:
    """First character as written, second in lower case (any white space as one space)."""
    second = text[1:2]
    return text[:1] + (" " if second.isspace() else second.lower())


@lru_cache(maxsize=4096)
def _term_pattern(term: str, suffix: bool) -> re.Pattern[str]:
    tail = r"(?:s|es|'s|’s|s'|s’)?" if suffix else ""
    rest = re.escape(term[1:]).replace(r"\ ", r"\s+")
    return re.compile(re.escape(term[0]) + "(?i:" + rest + ")" + tail + r"(?![\w\-])")


@lru_cache(maxsize=256)
def _term_heads(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Where a term with one of these keys (:func:`_term_key`) may start: its first character
    as written, then the second in any case (any white space for a space).

    Every alternative starts with a literal, so the engine skips ahead to first letters; the
    second character then discards most capitals before Python sees them. A match takes two
    characters, which hides no candidate: a term's first character is a letter or digit, so
    the next position is never a word start."""
    second: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        second[key[0]].append(key[1:])
    alternatives = []
    for first, rests in second.items():
        if "" in rests:  # a one-character term: its first character is enough
            alternatives.append(re.escape(first))
            continue
        chars = "".join(sorted({r for r in rests if r != " "}))
        options = ([rf"(?i:[{re.escape(chars)}])"] if chars else []) + (
            [r"\s"] if " " in rests else []
        )
        alternatives.append(re.escape(first) + "(?:" + "|".join(options) + ")")
    return re.compile("|".join(alternatives))


def _used_in_lower_case(term: str, folded: str, inside: list[tuple[int, int]]) -> bool:
    """Is the term used in lower case somewhere outside its definition? (``str.find``: fast)"""
    needle = term.lower()
    pos = folded.find(needle)
    while pos >= 0:
        before = folded[pos - 1] if pos else " "
        after = folded[pos + len(needle) : pos + len(needle) + 1]
        if not (before.isalnum() or (after.isalnum() and after != "s")) and not _inside(
            pos, inside
        ):
            return True
        pos = folded.find(needle, pos + 1)
    return False


def _used_in_lower_case_all(
    terms: Sequence[str], folded: str, inside: list[tuple[int, int]]
) -> set[str]:
    """The ``terms`` for which :func:`_used_in_lower_case` holds.

    A few are looked up one by one. Many (a hostile text defining thousands, each a prefix
    of others: "Fee 1", "Fee 10", "Fee 100") are found in one pass: at each place not after
    a letter or digit and not in a definition where one may start, those the text begins
    with are found by binary search (:func:`_prefixes`); one ``str.find`` loop per term read
    the text once for each."""
    if len(terms) <= _MANY_UNUSED:
        return {term for term in terms if _used_in_lower_case(term, folded, inside)}
    by_needle: dict[str, list[str]] = defaultdict(list)
    for term in terms:
        by_needle[term.lower()].append(term)
    needles = sorted(by_needle)
    longest = max(map(len, needles))
    firsts = "".join(sorted({needle[0] for needle in needles}))
    starts = re.compile(r"(?<![^\W_])[" + "".join(map(re.escape, firsts)) + "]")
    found: set[str] = set()
    for candidate in starts.finditer(folded):
        pos = candidate.start()
        if _inside(pos, inside):
            continue  # no use starts in a definition
        for length in _prefixes(needles, folded[pos : pos + longest]):
            after = folded[pos + length : pos + length + 1]
            if not (after.isalnum() and after != "s"):
                found.add(folded[pos : pos + length])
        if len(found) == len(needles):
            break
    return {term for needle in found for term in by_needle[needle]}


_MANY_UNUSED = 32


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``pos`` inside one of the sorted, non-overlapping spans (a quoted definition)?
    (The first span ending after ``pos``, by binary search in C.)"""
    lo = bisect_right(spans, pos, key=_span_end)
    return lo < len(spans) and spans[lo][0] <= pos < spans[lo][1]


_span_end = itemgetter(1)


def _used_as_variant(term: str, by_term: dict[str, list[Definition]], uses: dict[str, int]) -> bool:
    # "Licensed Products" counts as a use of "Licensed Product" when both are defined
    return any(uses.get(v, 0) for v in _forms(term) if v in by_term)


def _is_pointer(text: str, d: Definition) -> bool:
    after = text[d.end : d.end + 220]
    sentence = _CLAUSE_END.split(after, maxsplit=1)[0]
    return bool(_POINTER.search(sentence))


_CLAUSE_END = re.compile(r"(?<=[.;])\s")
_MEANS_WORD = re.compile(r"^\W*(?:shall\s+)?(?:means?|includes?|refers?\s+to)\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _definition_context(text: str, d: Definition) -> str:
    after = text[d.end + 1 : d.end + 160]
    after = _MEANS_WORD.sub("", after.strip())
    return _NOT_ALNUM.sub(" ", after.lower()).strip()[:60]


def _differ(text: str, definitions: Iterable[Definition]) -> bool:
    """Do two of ``definitions`` say different things (:func:`_definition_context`)? Each
    context is made once for each different text after a term (a term defined the same way
    thousands of times is one context), and the search stops at the second context."""
    first: str | None = None
    seen: set[str] = set()
    for d in definitions:
        after = text[d.end + 1 : d.end + 160]
        if after in seen:
            continue
        seen.add(after)
        context = _definition_context(text, d)
        if first is None:
            first = context
        elif context != first:
            return True
    return False


_SENTENCE_START = re.compile(r"(?:^|[.;:!?)\]]\s*|\n\s*|\(\w{1,4}\)\s*|\d\.?\s*)$")


def _variant_forms(
    by_term: dict[str, list[Definition]], folded: str
) -> tuple[dict[str, str], set[str]]:
    """What :func:`_variants` looks for: (variant in lower case -> its defined term, the
    variants as written): multi-word terms, for case variants. (Singular and plural forms are
    not looked for: a definition covers both numbers, and judged on real contracts none of
    them was worth reporting.)"""
    wanted: dict[str, str] = {}  # variant (lowercased key) -> term
    cased: set[str] = set()  # what to look for, first letter as written
    for term in by_term:
        if " " in term and not term.isupper():
            wanted.setdefault(term.lower(), term)
            cased.add(term)
    return wanted, cased


def _variants(
    text: str,
    spans: Iterable[tuple[int, int]],
    wanted: dict[str, str],
    by_term: dict[str, list[Definition]],
    inside: list[tuple[int, int]],
) -> Iterator[Defect]:
    """Case variants ("Effective date") of a defined term among the ``spans`` where the forms
    of :func:`_variant_forms` occur.

    Judged on real contracts (docs/accuracy.md, Per-rule precision) these are never reported:
    a singular or plural of a defined term (a definition covers both numbers: 0 of 8 worth
    saying); a variant that differs only in a short word ("Out of Specification" for "Out Of
    Specification", "the other Party a notice" for "Party A"); one in the recitals before the
    term is defined (ordinary words before the parties agree); and one that is the tail of
    another defined term ("New Customer data" where "New Customer" is defined)."""
    defined = set(by_term)
    defined_lower = {t.lower() for t in defined}
    first_defined = {t: min(d.start for d in ds) for t, ds in by_term.items() if ds}
    operative = _OPERATIVE.search(text)  # the recitals end where the parties agree
    recitals_end = operative.start() if operative else 0
    seen: set[str] = set()
    for start, end in spans:
        quoted = bool(start) and text[start - 1] in '"“'
        found = _norm_space(text[start:end])
        base = wanted.get(found.lower())
        if base is None or found == base or found in seen or _inside(start, inside):
            continue
        term = base
        if found in defined or found.isupper() or found.islower():
            continue  # headings in capitals; ordinary lower-case prose
        if found.lower() == term.lower():
            # a case variant: only mid-sentence, with the first word as defined
            if found.split()[0] != term.split()[0]:
                continue
            differing = [a for a, b in zip(found.split(), term.split(), strict=False) if a != b]
            if all(len(w) <= 3 for w in differing):
                continue  # "of" for "Of", "a" for "A": a short word, no other term
            if start < recitals_end and start < first_defined.get(term, 0):
                continue  # ordinary words in the recitals, before the definition
            before = _WORD_BEFORE.search(text, max(0, start - 40), start)
            if before and f"{before.group(1)} {found.split()[0]}".lower() in defined_lower:
                continue  # the tail of another defined term ("New Customer data")
            if _SENTENCE_START.search(text[max(0, start - 6) : start]):
                continue
            if quoted or all(w.isupper() for w in found.split()[1:]):
                continue  # a quoted mention; a heading in capitals
            if not any(
                a[0].isupper() and b[0].islower()
                for a, b in zip(term.split(), found.split(), strict=False)
            ):
                continue  # written with more capitals than the definition: emphasis, not a new term
        else:
            continue  # a singular or plural: the definition covers both numbers
        seen.add(found)
        message = f"{found!r} is written differently from the defined term {term!r}"
        yield Defect("term_variant", message, start, end, (("term", term), ("variant", found)))


_OPERATIVE = re.compile(r"agree[sd]?\s+as\s+follows|NOW,?\s+THEREFORE", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \t]+$")


def _forms(term: str) -> list[str]:
    if term.endswith("ies"):
        return [term[:-3] + "y"]
    if term.endswith("s") and not term.endswith("ss"):
        return [term[:-1]]
    if term.endswith("y") and len(term) > 3 and term[-2] not in "aeiou":
        return [term[:-1] + "ies"]
    if term.endswith(("ch", "sh", "x", "ss")):
        return [term + "es"]
    return [term + "s"]


# Two to five capitalised words on one line (never across a line break: PDF running headers
# and page footers sit on their own lines), with short connectors between them.
_CAP_PHRASE = re.compile(
    r"[A-Z][a-z][a-zA-Z'’\-]*(?:[ \t]+(?:(?:of|and|for|to|on|in|the|&)[ \t]+)?[A-Z][a-z][a-zA-Z'’\-]*){1,4}(?![\w\-])"
)
_CAP_START = re.compile(r"[A-Z][a-z]")
_WORD_RUN = re.compile(r"[a-zA-Z'’\-]*")


def _cap_phrases(text: str) -> Iterator[re.Match[str]]:
    """``_CAP_PHRASE.finditer(text)``, in linear time.

    A phrase's first word is followed by a blank, so it runs to the end of the run of word
    characters it starts in: when no phrase starts at a capital, none starts later in the same
    run, and the search goes on after the run. finditer tried every capital of the run, each
    time reading to its end: quadratic in a long run ("ByByBy...", "Alpha-Alpha-...").
    """
    pos = 0
    while (head := _CAP_START.search(text, pos)) is not None:
        match = _CAP_PHRASE.match(text, head.start())
        if match is not None:
            yield match
            pos = match.end()
        else:
            pos = _WORD_RUN.match(text, head.start()).end()  # type: ignore[union-attr]


_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|any|each|such|all|no|said|every|its|their|our|your|his|her|this|that|these|those|"
    r"other|relevant|applicable|per)\s+)$"
)
_LEAD_WORDS = {
    "The",
    "This",
    "These",
    "Those",
    "That",
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
    "Its",
    "Their",
    "Our",
    "Your",
    "Every",
    "Said",
    "Other",
    "Both",
    "Under",
    "With",
    "By",
    "To",
    "On",
    "At",
    "As",
    "From",
    "Subject",
    "Notwithstanding",
    "Except",
    "Where",
    "When",
    "Within",
    "Without",
    "After",
    "Before",
    "During",
    "Following",
    "Prior",
    "Pursuant",
    "Unless",
    "Until",
}
_PROPER_WORDS = {
    # organisations, statutes, places and document titles: proper nouns, not defined terms
    "Inc",
    "Corp",
    "Corporation",
    "Company",
    "Co",
    "LLC",
    "Ltd",
    "Limited",
    "LLP",
    "Group",
    "Holdings",
    "Partners",
    "Trust",
    "Foundation",
    "Institute",
    "University",
    "College",
    "Bank",
    "Association",
    "Society",
    "Council",
    "Authority",
    "Agency",
    "Administration",
    "Act",
    "Acts",
    "Code",
    "Rules",
    "Rule",
    "Regulation",
    "Regulations",
    "Directive",
    "Statute",
    "Statutes",
    "Treaty",
    "Convention",
    "Court",
    "Courts",
    "Tribunal",
    "Arbitration",
    "Exchange",
    "Commission",
    "Office",
    "Department",
    "Bureau",
    "Ministry",
    "Government",
    "Federal",
    "National",
    "International",
    "Street",
    "Avenue",
    "Road",
    "Boulevard",
    "Suite",
    "Floor",
    "Building",
    "Plaza",
    "Park",
    "Drive",
    "Lane",
    "Square",
    "Centre",
    "Center",
    "State",
    "States",
    "Republic",
    "Kingdom",
    "Union",
    "Commonwealth",
    "Province",
    "County",
    "City",
    "District",
    "Islands",
    "Island",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "America",
    "American",
    "Americas",
    "Europe",
    "European",
    "Asia",
    "Asian",
    "Pacific",
    "Atlantic",
    "Africa",
    "Middle",
    "Wales",
    "England",
    "Scotland",
    "Ireland",
    "Britain",
    "Kong",
    "Zealand",
    "Carolina",
    "Dakota",
    "Jersey",
    "York",
    "Hampshire",
    "Mexico",
    "Virginia",
    "Columbia",
    "Rico",
    "Delaware",
    "California",
    "Texas",
    "Agreement",
    "Agreements",
    "Amendment",
    "Contract",
    "Plan",
    "Policy",
    "Standards",
    "Standard",
    "Section",
    "Sections",
    "Article",
    "Articles",
    "Exhibit",
    "Exhibits",
    "Schedule",
    "Schedules",
    "Annex",
    "Appendix",
    "Attachment",
    "Clause",
    "Clauses",
    "Page",
    "Table",
    "Contents",
    "Chapter",
    "Part",
    "Title",
    "Dollars",
    "Dollar",
    "Time",
    "Witness",
    "Whereof",
    "Whereas",
    "Therefore",
    "Recitals",
    "Background",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Officer",
    "Director",
    "Secretary",
    "Chairman",
    "Chief",
    "Vice",
    "Manager",
    "Counsel",
    "Treasurer",
    "Esq",
    "Attention",
    "Attn",
    "Tel",
    "Fax",
    "Email",
    "Phone",
    "Internet",
    "Web",
    "Google",
    "Microsoft",
    "Apple",
    "Amazon",
    "Windows",
    "Bankruptcy",
    "Securities",
    "Revenue",
    "Internal",
    "Services",
    "Service",
    "Board",
    "Directors",
    "Shareholders",
    "Stockholders",
}
_MONTHS = {calendar.month_name[i] for i in range(1, 13)}
_DAYS = {calendar.day_name[i] for i in range(7)}


def check_undefined_terms(
    doc: SourceDocument, party_names: Iterable[str] = (), headings: Iterable[str] = ()
) -> list[Defect]:
    """Capitalised multi-word phrases used like defined terms ("the Launch Fee") but never defined.

    A phrase is reported when it is used at least three times, at least twice after a
    lower-case determiner ("the", "any", "such"), is not a heading or caption, not a place,
    organisation, statute or document title, and is not (part of) a defined term or party name.
    Single capitalised words are too often ordinary (sentence starts, proper nouns) to flag.
    """
    text = doc.text
    defined = {d.term for d in _definitions(text)}
    defined_lower = {t.lower() for t in defined}
    defined_words = {w.lower() for t in defined for w in t.split()}
    party_words = {w.lower() for p in party_names for w in p.split()}
    captions = {_norm(s.caption) for s in doc.sections if s.caption} | {_norm(h) for h in headings}
    preamble_words = {
        w.lower() for w in re.findall(r"[A-Za-z]+", text[: _preamble_end(text)])[:400]
    }
    uses: dict[str, list[int]] = defaultdict(list)
    led: dict[str, list[bool]] = defaultdict(list)  # per use: after a leading "The", "Such" ...
    for match in _cap_phrases(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-&'’_"):
            continue
        words = match.group(0).split()
        lead = False
        while words and words[0] in _LEAD_WORDS:
            start += len(words[0]) + 1
            words = words[1:]
            lead = True
        while words and words[-1][0].islower():
            words.pop()
        while words and words[0][0].islower():
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2:
            continue
        phrase = " ".join(words)
        uses[phrase].append(start)
        led[phrase].append(lead)
    out: list[Defect] = []
    found: list[tuple[str, list[int], list[str], str]] = []  # past the cheap tests
    for phrase, starts in uses.items():
        if len(starts) < 3:
            continue
        determined = (  # looked up only for phrases used three times, until two are found
            1
            for start, lead in zip(starts, led[phrase], strict=True)
            if lead or _DETERMINER.search(text[max(0, start - 12) : start])
        )
        if sum(islice(determined, 2)) < 2:
            continue
        words = phrase.split()
        bare = [w.strip("'’").removesuffix("'s").removesuffix("’s") for w in words]
        if _NAME_WORDS.intersection(bare):
            continue
        found.append((phrase, starts, bare, phrase.lower()))
    related = _related_to_terms([lowered for *_, lowered in found], defined_lower)
    tally = Tally()
    for phrase, starts, bare, lowered in found:
        if lowered in related:  # (part of) a defined term, or holding one
            continue
        if {w.lower() for w in bare} & party_words:
            continue
        if _norm(phrase) in captions or _norm(phrase + "s") in captions:
            continue
        content = [w.lower() for w in bare if w[0].isupper()]
        if all(w in preamble_words for w in content):
            continue  # words of a party's legal name or address
        if sum(1 for w in content if w in defined_words) == len(content):
            continue  # a mix of defined words: "Party Confidential Information"
        if not tally.wants("term_undefined"):
            break
        out.append(
            Defect(
                "term_undefined",
                f"{phrase!r} is used {len(starts)} times like a defined term but is never defined",
                starts[0],
                starts[0] + len(phrase),
                (("term", phrase),),
            )
        )
    return tally.result(out)


_NAME_WORDS = _PROPER_WORDS | _MONTHS | _DAYS


def _related_to_terms(phrases: Sequence[str], terms: set[str]) -> set[str]:
    """The ``phrases`` that are a defined term, part of one or hold one (all in lower case):
    ``phrase in terms or any(phrase in t or t in phrase for t in terms)`` for each.

    That test pairs every phrase with every term: a hostile text with ten thousand of each
    took seconds. Past ``_MANY_PAIRS`` pairs, the terms a phrase holds are found by binary
    search from each of its characters (:func:`_prefixes`) and the phrases inside terms by
    one Aho-Corasick pass over the terms (:func:`_occurring`)."""
    if len(phrases) * len(terms) <= _MANY_PAIRS:
        return {
            phrase
            for phrase in phrases
            if phrase in terms or any(phrase in t or t in phrase for t in terms)
        }
    ordered = sorted(terms)
    longest = max(map(len, ordered), default=0)
    firsts = {term[0] for term in ordered}
    out = {
        phrase
        for phrase in phrases
        if any(
            next(_prefixes(ordered, phrase[i : i + longest]), 0)
            for i, char in enumerate(phrase)
            if char in firsts
        )
    }
    rest = sorted(set(phrases) - out)
    return out | _occurring(rest, "\n".join(ordered))  # no phrase or term holds a newline


_MANY_PAIRS = 1_000_000


def _occurring(patterns: Sequence[str], text: str) -> set[str]:
    """The non-empty ``patterns`` that occur in ``text``, by one Aho-Corasick pass."""
    goto: list[dict[str, int]] = [{}]
    word: list[str | None] = [None]  # the pattern that ends at a node
    for pattern in patterns:
        node = 0
        for char in pattern:
            following = goto[node].get(char)
            if following is None:
                following = goto[node][char] = len(goto)
                goto.append({})
                word.append(None)
            node = following
        word[node] = pattern
    fail = [0] * len(goto)
    queue = deque(goto[0].values())
    while queue:
        node = queue.popleft()
        for char, following in goto[node].items():
            queue.append(following)
            back = fail[node]
            while back and char not in goto[back]:
                back = fail[back]
            target = goto[back].get(char, 0)
            fail[following] = target if target != following else 0
    found: set[str] = set()
    seen = [False] * len(goto)  # nodes whose chain of shorter endings was read
    node = 0
    for char in text:
        while node and char not in goto[node]:
            node = fail[node]
        node = goto[node].get(char, 0)
        chain = node
        while chain and not seen[chain]:
            seen[chain] = True
            if word[chain] is not None:
                found.add(word[chain])  # type: ignore[arg-type]
            chain = fail[chain]
    return found


def _preamble_end(text: str) -> int:
    match = re.search(
        r"\bWHEREAS\b|\bRECITALS\b|\bBACKGROUND\b|\bNOW,?\s+THEREFORE\b|Background\n|Recitals\n"
        r"|\bagree(?:s)?\s+as\s+follows\b|(?m:^[ \t]*(?:1\.|ARTICLE\s+(?:1|I)\b|Article\s+(?:1|I)\b))",
        text[:6000],
    )
    return match.start() if match else min(len(text), 3000)


_ROLE_PAIRS = (
    ("Recipient", "Receiving Party"),
    ("Discloser", "Disclosing Party"),
    ("Licensee", "Customer"),
    ("Supplier", "Vendor"),
    ("Provider", "Supplier"),
    ("Company", "Client"),
    ("Distributor", "Reseller"),
    ("Licensor", "Vendor"),
    ("Contractor", "Consultant"),
    ("Consultant", "Contractor"),
)


def _after_determiner(text: str, term: str) -> re.Match[str] | None:
    """The first "the Receiving Party" (a determiner, then the term); ``str.find`` to get there."""
    pattern = re.compile(
        r"\b(?:[Tt]he|[Aa]|[Ee]ach|[Aa]ny|[Ss]uch)\s+(" + re.escape(term) + r")\b(?![\"”])"
    )
    pos = text.find(term)
    while pos >= 0:
        match = pattern.search(text, max(0, pos - 6), pos + len(term) + 1)
        if match:
            return match
        pos = text.find(term, pos + 1)
    return None


def check_borrowed_roles(doc: SourceDocument) -> list[Defect]:
    """Role terms from another template: 'Receiving Party' where 'Recipient' is the defined term."""
    defined = {d.term for d in _definitions(doc.text)}
    out: list[Defect] = []
    for defined_term, borrowed in _ROLE_PAIRS:
        for a, b in ((defined_term, borrowed), (borrowed, defined_term)):
            if a in defined and b not in defined:
                match = _after_determiner(doc.text, b)
                if match:
                    out.append(
                        Defect(
                            "term_borrowed",
                            f"{b!r} is used but this agreement defines {a!r} (a role term from another form?)",
                            match.start(1),
                            match.end(1),
                            (("term", a), ("borrowed", b)),
                        )
                    )
    return out
