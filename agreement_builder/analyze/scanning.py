"""Scanning many patterns over one text fast, with the same matches ``re`` would give.

The signals of ``rules/signals.yaml`` are dozens of alternations; run one by one over a
100k-character contract they cost most of a lint. A ``Scanner`` finds the literal prefixes a
pattern can start with (reading ``re``'s parser, a private module, so a Python upgrade is
checked by tests/analyze/test_components.py) and lets the engine jump between them; a ``SubstanceIndex``
scans once for every component's prefixes together. Every result is confirmed by the
component's own pattern, so speed never changes what is found.
"""

import heapq
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

_MAX_MATCHES = 400  # substance matches examined per component: bounds junk input
_MAX_RAW_MATCHES = 4 * _MAX_MATCHES  # matches collected per component by the one-pass scan
_WHITE_SPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")


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
