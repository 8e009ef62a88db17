"""Which components an existing agreement contains, and where (headings and substance).

``detect_components(doc)`` returns, for every component id of the taxonomy, whether the
document has it and the evidence: the sections (number, caption, page or line) and a short
excerpt of the sentence that shows it. Signals live in ``rules/signals.yaml`` as data:

* ``headings``: patterns for a section caption, strong evidence on their own;
* ``weak_headings``: captions that count only when their section also holds a substance
  sentence of the component ("Records" for audit rights, "Fees" for revenue sharing);
* ``substance``: sentences that only this component writes, found wherever they are, so a
  governing-law sentence inside "Miscellaneous" counts; ``min_hits`` of them make the
  component present without a heading;
* ``exclude``: sentences that look like substance but are not (a cross-reference, a
  definition), dropped before counting.

Evidence is ordered by how directly it shows the clause: a substance sentence inside a
section whose caption names the component first, then the headings, then substance found
elsewhere, and last a mention inside a definitions or contents section. Every pattern is
compiled once and each scan is linear in the text.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.resources import data_dir
from ..core.yamlsafe import load_yaml
from ..read.model import DocSection, SourceDocument

MAX_EVIDENCE = 5
EXCERPT = 160
_SENTENCE_BACK = 200  # characters searched back for the start of the sentence of a match
_HEADING_BODY = 400  # characters of a section's body shown as its heading evidence
_MAX_MATCHES = 400  # substance matches examined per component: bounds junk input
_MAX_RAW_MATCHES = 4 * _MAX_MATCHES  # matches collected per component by the one-pass scan
_SENTENCE_START = re.compile(r"(?:[.;:!?][\"”’')\]]*\s+|\n\s*\n\s*)(?=\S)")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n")
_ASIDE = re.compile(
    r"\W*(?:(?:certain )?definitions?|defined terms|(?:table of )?contents|index)"
    r"(?: and (?:interpretation|construction))?\W*",
    re.IGNORECASE,
)

# no leading \b: the engine then jumps to S/A/C/P/E; the word start is checked on each match
_CROSS_REF = re.compile(
    r"(?:Sections?|Articles?|Clauses?|Paragraphs?|Schedules?|Exhibits?|Annex(?:es)?)\s+"
    r"[\dIVXL]+[A-Z]?(?:\.\d+)*\.?(?:\([a-z0-9]{1,4}\))*\s*\(([^()\n]{1,80})\)"
)
_DEFINITIONS_WORD = re.compile(r"defin", re.IGNORECASE)
_NEWLINE = re.compile("\n")
_WHITE_SPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_TOC_MAX = 12_000  # a longer "contents" section is a segmentation miss, not a table of contents

# evidence ranks, higher first
RANK_IN_SECTION = 4  # substance inside a section captioned for the component
RANK_HEADING = 3
RANK_TEXT = 2
RANK_ASIDE = 1  # substance inside definitions or a table of contents


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    excerpt: str
    section: str | None = None
    caption: str | None = None
    page: int | None = None
    line: int | None = None
    via: str = "text"  # heading | text


@dataclass(frozen=True)
class ComponentResult:
    present: bool
    evidence: tuple[Evidence, ...] = ()


class Scanner:
    r"""One component's substance patterns, scanned fast; matches come out in text order.

    Python's ``re`` finds a literal prefix quickly (a fast string search) but not behind a
    leading ``\b`` or with IGNORECASE. So each pattern that starts with ``\b`` and a word is
    compiled without the ``\b`` and run on the lower-cased text, and the word boundary is
    checked on each match; patterns with capitals (``(?-i:[A-Z])``) run case-insensitively
    on the original text. About ten times faster on real contracts, same matches.
    """

    _ESCAPE = re.compile(r"\\.")
    _WORD_START = re.compile(r"\\b(?=[a-z(])")

    _LEADING_WORDS = re.compile(r"\\b\(\?:([^()|]+(?:\|[^()|]+)+)\)")

    def __init__(self, patterns: Sequence[str]) -> None:
        self.fast: list[tuple[re.Pattern[str], bool]] = []  # (pattern, check boundary)
        self.exact: list[re.Pattern[str]] = []
        self.checked: list[tuple[re.Pattern[str], re.Pattern[str]]] = []  # (loose, exact)
        for pattern in self._expand(patterns):
            loose = pattern.replace("(?-i:[A-Z])", "[a-z]")
            if loose != pattern and not re.search("[A-Z]", self._ESCAPE.sub("", loose)):
                # find candidates fast on the lower-cased text, confirm capitals on the original
                start = 2 if self._WORD_START.match(loose) else 0
                self.checked.append((re.compile(loose[start:]), re.compile(pattern, re.IGNORECASE)))
            elif re.search("[A-Z]", self._ESCAPE.sub("", pattern)):
                self.exact.append(re.compile(pattern, re.IGNORECASE))
            elif self._WORD_START.match(pattern) and not pattern[2:].startswith("(?"):
                self.fast.append((re.compile(pattern[2:]), True))
            else:
                self.fast.append((re.compile(pattern), False))

    @classmethod
    def _expand(cls, patterns: Sequence[str]) -> Iterator[str]:
        """``\\b(?:shall|will) not`` -> ``\\bshall not``, ``\\bwill not``: literal starts scan fast."""
        for pattern in patterns:
            lead = cls._LEADING_WORDS.match(pattern)
            words = lead.group(1).split("|") if lead else []
            if lead and all(re.match("[a-z]{2}", w) for w in words):
                rest = pattern[lead.end() :]
                yield from (f"\\b{word}{rest}" for word in words)
            else:
                yield pattern

    def streams(
        self, text: str, lowered: str | None, skip: frozenset[re.Pattern[str]] = frozenset()
    ) -> list[Iterator[tuple[int, int]]]:
        """One scan per pattern (except those in ``skip``), each in text order."""
        streams: list[Iterator[tuple[int, int]]] = []
        for pattern, boundary in self.fast:
            if lowered is None:  # lower() changed the length: no fast path for this text
                source = pattern.pattern if not boundary else "\\b" + pattern.pattern
                streams.append(_spans(re.compile(source, re.IGNORECASE), text, False))
            elif pattern not in skip:
                streams.append(_spans(pattern, lowered, boundary))
        streams.extend(_spans(p, text, False) for p in self.exact)
        for loose, exact in self.checked:
            if lowered is None:
                streams.append(_spans(exact, text, False))
            else:
                streams.append(_confirmed(loose, exact, lowered, text))
        return streams

    def finditer(self, text: str, lowered: str | None) -> Iterator[tuple[int, int]]:
        return _first_matches(heapq.merge(*self.streams(text, lowered)))


def _first_matches(spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans sorted by start, without those starting inside an earlier one (one alternation)."""
    reached = -1
    for start, end in spans:
        if start >= reached:
            yield start, end
            reached = max(end, start + 1)


def _literal_prefixes(pattern: str) -> list[tuple[str, bool]]:
    r"""Literal starts, one of which every match of ``pattern`` begins with, each with whether
    a word must end right after it (a ``\b`` follows).

    ``governed\b...`` -> ``[("governed", True)]``; ``the (?:agreement|contract)\b`` -> ``the
    agreement``, ``the contract`` (alternations of literals are expanded, up to a few). White
    space (``\s+``, ``[ \t]+``, a space) is one space in the literal: the scan that looks for
    literals lets any run of white space stand for it.
    """
    try:  # the regex parser Python itself uses (a private module: a later Python may move it)
        from re import _constants, _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - then every pattern is scanned on its own
        return [("", False)]
    found = _prefixes(list(_parser.parse(pattern)), _constants)[0]
    return [(s.rstrip(_WORD_END), s.endswith(_WORD_END)) for s in found]


_WORD_END = "\x00"  # marks a literal that a word boundary must follow (internal to _prefixes)


def _is_space(op: Any, arg: Any, c: Any) -> bool:
    r"""Is this one item of white space: ``\s``, a white-space character, or a class of those?"""
    if op is c.LITERAL:
        return chr(arg).isspace()
    if op is c.IN:
        return all(
            (kind is c.CATEGORY and value is c.CATEGORY_SPACE)
            or (kind is c.LITERAL and chr(value).isspace())
            for kind, value in arg
        )
    return False


def _prefixes(items: list[Any], c: Any, limit: int = 16) -> tuple[list[str], bool]:
    """(literal starts of the sequence ``items``, whether each is the whole of a match)."""

    out = [""]
    for op, arg in items:
        complete = True
        if _is_space(op, arg, c) or (
            op is c.MAX_REPEAT
            and arg[0] == 1
            and len(arg[2]) == 1
            and _is_space(arg[2][0][0], arg[2][0][1], c)
        ):  # \s, \s+, [ \t]+, a tab: every white space is one space (see spans)
            starts = [" "]
        elif op is c.LITERAL:
            starts = [chr(arg)]
        elif op is c.SUBPATTERN and not arg[1] and not arg[2]:  # a group, no flag changes
            starts, complete = _prefixes(list(arg[3]), c, limit)
        elif op is c.BRANCH:
            branches = [_prefixes(list(alternative), c, limit) for alternative in arg[1]]
            starts = [start for found, _ in branches for start in found]
            complete = all(whole for _, whole in branches)
        elif op is c.IN and all(kind is c.LITERAL for kind, _ in arg):
            starts = [chr(value) for _, value in arg]  # [’']
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] == 0 and arg[1] == 1:  # (...)?
            optional, complete = _prefixes(list(arg[2]), c, limit)
            starts = ["", *optional]
        elif op is c.AT and arg is c.AT_BOUNDARY:  # a word ends here (or starts: no use)
            return [s + _WORD_END if s[-1:].isalnum() else s for s in out], False
        else:
            return out, False
        joined = [_join(head, tail) for head in out for tail in starts]
        if len(joined) > limit:
            return out, False
        out = joined
        if not complete:
            return out, False
    return out, True


def _join(head: str, tail: str) -> str:
    """Two pieces of a literal: white space is one space however the pieces write it."""
    if head.endswith(" ") and tail.startswith(" "):
        tail = tail[1:]
    if head.endswith(_WORD_END):  # only at the end of an incomplete piece: nothing follows
        return head
    return head + tail


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching the longest of ``words`` that starts here; a trie, so it is fast.

    A space in a word matches any run of white space."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alternatives = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class SubstanceIndex:
    r"""Every component's substance patterns found in one pass over the lower-cased text.

    Nearly all patterns start with a word boundary and a literal (``governed``, ``shall
    not``). One regex, a trie of those literals inside a lookahead, stops at each word start
    where one of them begins and names the longest; only the patterns whose literal is a
    prefix of it are tried there (about 240 scans of the text become one). Literals run
    through white space (``will not be``) and skip patterns whose ``\b`` cannot hold there
    (``not\b`` where the text says "notice"): fewer, surer candidates. The few other
    patterns are scanned one by one. Per component, spans come out as
    :meth:`Scanner.finditer` gives them: in text order, none starting inside an earlier one.
    """

    def __init__(self, scanners: Mapping[str, Scanner]) -> None:
        self.scanners = dict(scanners)
        self._names = list(self.scanners)
        indexed: list[tuple[int, re.Pattern[str]]] = []  # (component, pattern)
        by_literal: dict[str, list[tuple[int, bool]]] = {}  # literal -> (slot, word ends)
        skip: dict[str, set[re.Pattern[str]]] = {name: set() for name in self._names}
        for number, name in enumerate(self._names):
            for pattern, boundary in self.scanners[name].fast:
                literals = _literal_prefixes(pattern.pattern) if boundary else []
                if literals and all(len(x) >= 2 and re.match(r"\w", x) for x, _ in literals):
                    for literal, word_end in literals:
                        by_literal.setdefault(literal, []).append((len(indexed), word_end))
                    indexed.append((number, pattern))
                    skip[name].add(pattern)
        self._skip = {name: frozenset(patterns) for name, patterns in skip.items()}
        every = set(by_literal)
        # at a word start, the longest literal found there stands for all its prefixes, except
        # those a word must end after when the longest goes on with a letter there
        self._dispatch: dict[str, list[tuple[int, int, re.Pattern[str]]]] = {}
        for longest in every:
            slots = sorted(
                {
                    slot
                    for i in range(1, len(longest) + 1)
                    for slot, word_end in by_literal.get(longest[:i], ())
                    if not (word_end and _WORD_CHAR.match(longest, i))
                }
            )
            self._dispatch[longest] = [(s, *indexed[s]) for s in slots]
        self._slots = len(indexed)
        trie = _trie_regex(every) if every else None
        # A word start is the character after a non-word character (or the text's start, tried
        # on its own): "\W" first lets the engine skip through the text to candidate spaces and
        # punctuation (a leading \b made it stop at every character, a third slower).
        self._scan = re.compile(rf"\W(?=({trie}))") if trie else None
        self._first = re.compile(f"({trie})") if trie else None

    def spans(self, text: str, lowered: str | None) -> dict[str, Iterator[tuple[int, int]]]:
        """For each component, its substance matches (start, end) in text order."""
        if lowered is None or self._scan is None or self._first is None:
            return {
                name: scanner.finditer(text, lowered) for name, scanner in self.scanners.items()
            }
        found: list[list[tuple[int, int]]] = [[] for _ in self._names]
        reached = [0] * self._slots  # each pattern's own matches do not overlap (finditer)
        dispatch = self._dispatch
        head = self._first.match(lowered)
        candidates = itertools.chain((head,) if head else (), self._scan.finditer(lowered))
        for candidate in candidates:
            start = candidate.start(1)
            key = candidate.group(1)
            entries = dispatch.get(key)
            if entries is None:  # white space other than one space inside the literal
                entries = dispatch[_WHITE_SPACE.sub(" ", key)]
            for slot, number, pattern in entries:
                if start < reached[slot] or len(found[number]) >= _MAX_RAW_MATCHES:
                    continue
                match = pattern.match(lowered, start)
                if match is not None:
                    found[number].append((start, match.end()))
                    reached[slot] = match.end()
        out: dict[str, Iterator[tuple[int, int]]] = {}
        for number, name in enumerate(self._names):
            spans = sorted(found[number])
            rest = self.scanners[name].streams(text, lowered, self._skip[name])
            merged = heapq.merge(spans, *rest) if rest else spans
            out[name] = _first_matches(merged)
        return out


def _spans(pattern: re.Pattern[str], text: str, boundary: bool) -> Iterator[tuple[int, int]]:
    for match in pattern.finditer(text):
        start = match.start()
        if boundary and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        yield start, match.end()


def _confirmed(
    loose: re.Pattern[str], exact: re.Pattern[str], lowered: str, text: str
) -> Iterator[tuple[int, int]]:
    for start, _ in _spans(loose, lowered, True):
        match = exact.match(text, start)
        if match:
            yield match.start(), match.end()


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key (loaded once)
class Signals:
    headings: Mapping[str, re.Pattern[str]]
    substance: SubstanceIndex
    min_hits: Mapping[str, int]
    weak_headings: Mapping[str, re.Pattern[str]] | None = None
    exclude: Mapping[str, re.Pattern[str]] | None = None


def signals_path() -> Path:
    return data_dir("rules") / "signals.yaml"


def _compile(patterns: Any, where: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    if isinstance(patterns, str) or not isinstance(patterns, Sequence):
        raise ConfigError(f"{where}: expected a list of patterns")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern: {exc}") from None


@cache
def load_signals(path: str | None = None) -> Signals:
    loaded = load_yaml(path or signals_path(), what="signal table")
    if not isinstance(loaded.data, Mapping):
        raise ConfigError(f"{loaded.file}: expected a mapping of component ids")
    tables: dict[str, dict[str, re.Pattern[str]]] = {
        "headings": {},
        "weak_headings": {},
        "exclude": {},
    }
    substance: dict[str, Scanner] = {}
    min_hits: dict[str, int] = {}
    for component, entry in loaded.data.items():
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{loaded.file}: {component}: expected a mapping")
        unknown = set(entry) - {*tables, "substance", "min_hits"}
        if unknown:
            raise ConfigError(f"{loaded.file}: {component}: unknown keys {sorted(unknown)}")
        for key, table in tables.items():
            pattern = _compile(entry.get(key), f"{loaded.file}: {component}.{key}")
            if pattern is not None:
                table[component] = pattern
        patterns = entry.get("substance")
        if patterns:
            where = f"{loaded.file}: {component}.substance"
            if isinstance(patterns, str) or not isinstance(patterns, Sequence):
                raise ConfigError(f"{where}: expected a list of patterns")
            try:
                substance[component] = Scanner(list(patterns))
            except re.error as exc:
                raise ConfigError(f"{where}: bad pattern: {exc}") from None
        min_hits[component] = int(entry.get("min_hits", 1))
    return Signals(
        tables["headings"],
        SubstanceIndex(substance),
        min_hits,
        tables["weak_headings"],
        tables["exclude"],
    )


class Locator:
    """Offsets in ``doc.text`` to sections, pages and lines, by binary search."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self._block_starts = [b.start for b in doc.blocks]
        self._sections: Sequence[DocSection] = doc.sections
        self._section_starts = [s.start for s in doc.sections]
        self._newlines: list[int] | None = None  # offsets of "\n", made on first use

    def section_index(self, offset: int) -> int:
        """Index of the innermost section containing ``offset``, or -1."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        for j in range(i, max(-1, i - 64), -1):  # nested sections start inside their parent
            if self._sections[j].end > offset:
                return j
        return -1

    def section(self, offset: int) -> DocSection | None:
        """The innermost section containing ``offset``: the nearest start whose end is past it."""
        i = self.section_index(offset)
        return self._sections[i] if i >= 0 else None

    def place(self, offset: int) -> tuple[int | None, int | None, int | None]:
        """(page, line, paragraph) of ``offset``."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return None, None, None
        block = self.doc.blocks[i]
        line = block.line
        if line is not None:
            if self._newlines is None:
                self._newlines = [m.start() for m in _NEWLINE.finditer(self.doc.text)]
            newlines = self._newlines
            line += bisect.bisect_left(newlines, offset) - bisect.bisect_left(newlines, block.start)
        return block.page, line, block.paragraph

    def excerpt(self, start: int, end: int) -> str:
        """Context around ``start``: the text before it (from the previous sentence end)."""
        text = self.doc.text
        left = max(text.rfind(". ", max(0, start - EXCERPT), start) + 2, start - EXCERPT, 0)
        right = min(end + EXCERPT // 2, len(text))
        return " ".join(text[left:right].split())[:EXCERPT]

    def sentence(self, start: int, end: int, floor: int = 0) -> tuple[int, int]:
        """The sentence around ``start..end``: from the previous sentence end (not before
        ``floor``) to the next one, so evidence shows the clause, not a fragment."""
        text = self.doc.text
        lo = max(floor, start - _SENTENCE_BACK)
        left = start
        for m in _SENTENCE_START.finditer(text, lo, start):
            left = m.end()
        if left == start and lo > floor:
            space = text.find(" ", lo, start)  # no sentence start nearby: begin on a word
            left = space + 1 if space >= 0 else start
        stop = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_BACK * 2))
        right = stop.end() if stop else min(len(text), end + _SENTENCE_BACK)
        return min(left, start), max(right, end)

    def evidence(self, start: int, end: int, via: str) -> Evidence:
        section = self.section(start)
        page, line, _ = self.place(start)
        excerpt = " ".join(self.doc.text[start : start + EXCERPT * 2].split())[:EXCERPT]
        return Evidence(
            start,
            end,
            excerpt,
            section.number if section else None,
            section.caption if section else None,
            page,
            line,
            via,
        )


@dataclass
class _Outline:
    """Per section: its parent, and whether it or an ancestor is definitions or contents."""

    parents: list[int]
    aside: list[bool]

    @classmethod
    def of(cls, sections: Sequence[DocSection]) -> _Outline:
        parents: list[int] = []
        aside: list[bool] = []
        stack: list[int] = []
        for i, section in enumerate(sections):
            while stack and sections[stack[-1]].end <= section.start:
                stack.pop()
            parent = stack[-1] if stack else -1
            parents.append(parent)
            caption = section.caption or ""
            own = _ASIDE.fullmatch(caption) is not None and (
                _DEFINITIONS_WORD.search(caption) is not None
                or section.end - section.start < _TOC_MAX
            )
            aside.append(own or (parent >= 0 and aside[parent]))
            stack.append(i)
        return cls(parents, aside)

    def chain(self, index: int) -> list[int]:
        out: list[int] = []
        while index >= 0 and len(out) < 16:
            out.append(index)
            index = self.parents[index]
        return out


@lru_cache(maxsize=8192)
def _caption_strengths(signals: Signals, caption: str) -> dict[str, bool]:
    """Components a section caption names: True for a strong heading, False for a weak one.

    Cached: a portfolio repeats its captions ("Governing Law", "Notices") from file to file.
    """
    weak_headings = signals.weak_headings or {}
    out: dict[str, bool] = {}
    for component in signals.min_hits:
        strong = signals.headings.get(component)
        weak = weak_headings.get(component)
        if strong is not None and strong.search(caption):
            out[component] = True
        elif weak is not None and weak.search(caption):
            out[component] = False
    return out


def detect_components(
    doc: SourceDocument,
    components: Sequence[str] | None = None,
    signals: Signals | None = None,
    locator: Locator | None = None,
) -> dict[str, ComponentResult]:
    """For each component id: present or not, with up to five pieces of evidence.

    ``locator``: the document's, when the caller has one (its line index is built once)."""
    signals = signals or load_signals()
    excludes = signals.exclude or {}
    locator = locator or Locator(doc)
    sections = doc.sections
    outline = _Outline.of(sections)
    text = doc.text
    lowered: str | None = doc.folded
    if lowered is not None and len(lowered) != len(text):
        lowered = None  # a few characters lower-case into two: offsets would shift
    refs = [  # "Section 9 (Records and Audit)"
        m.span(1)
        for m in _CROSS_REF.finditer(text)
        if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]
    ref_starts = [lo for lo, _ in refs]

    def in_reference(pos: int) -> bool:
        i = bisect.bisect_right(ref_starts, pos) - 1
        return i >= 0 and pos < refs[i][1]

    ids = list(components) if components is not None else sorted(set(signals.min_hits))
    substance = signals.substance.spans(text, lowered)
    # per component: section index -> its caption names it strongly (True) or weakly
    captions: dict[str, dict[int, bool]] = {}
    for i, section in enumerate(sections):
        if section.caption and not outline.aside[i]:
            for component, strength in _caption_strengths(signals, section.caption).items():
                captions.setdefault(component, {})[i] = strength
    out: dict[str, ComponentResult] = {}
    for component in ids:
        captioned = captions.get(component, {})

        ranked: list[tuple[int, int, int, str]] = []  # (rank, start, end, via)
        hits = 0
        supported: set[int] = set()  # captioned sections holding a substance sentence
        matches = substance.get(component)
        exclude = excludes.get(component)
        if matches is not None:
            seen_sentences: set[int] = set()
            for count, (match_start, match_end) in enumerate(matches):
                if count >= _MAX_MATCHES:
                    break
                if in_reference(match_start):
                    continue
                index = locator.section_index(match_start)
                chain = outline.chain(index)
                floor = sections[index].start if index >= 0 else 0
                left, right = locator.sentence(match_start, match_end, floor)
                if exclude is not None and exclude.search(text, left, right):
                    continue
                if left in seen_sentences:
                    continue
                seen_sentences.add(left)
                owner = next((j for j in chain if j in captioned), -1)
                if owner >= 0:
                    supported.add(owner)
                    rank = RANK_IN_SECTION
                elif index >= 0 and outline.aside[index]:
                    rank = RANK_ASIDE
                else:
                    rank = RANK_TEXT
                if rank > RANK_ASIDE:
                    hits += 1
                ranked.append((rank, left, right, "text"))

        headed = False
        for i, is_strong in captioned.items():
            if not is_strong and i not in supported:
                continue
            headed = True
            section = sections[i]
            end = min(section.end, section.body_start + _HEADING_BODY)
            ranked.append((RANK_HEADING, section.start, end, "heading"))

        present = headed or hits >= signals.min_hits[component]
        if not present:
            out[component] = ComponentResult(False)
            continue
        ranked.sort(key=lambda item: (-item[0], item[1]))
        best = ranked[:MAX_EVIDENCE]  # evidence (section, line, excerpt) only for these
        out[component] = ComponentResult(True, tuple(locator.evidence(*e[1:]) for e in best))
    return out
