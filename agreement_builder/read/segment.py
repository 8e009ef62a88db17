"""Find numbered sections in extracted text, including inside run-together lines.

PDF extraction often yields ``... Effective Date. 2.2 Term. This Agreement ... 2.3 Renewal.``
on one line. :func:`segment` scans the whole text with a few compiled regexes (linear time),
scores each candidate by its context (line start, after a sentence end), what follows it (a
caption such as ``Term.``, a capitalised sentence, a unit such as ``million`` or ``%``) and how
well it continues the numbering seen so far (``2.3`` after ``2.2`` is likely, ``7.14`` in the
middle of ``2.x`` is not), and keeps the plausible ones. Blocks that carry a number from the
format (Word automatic numbering) or a heading level are taken as given.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .model import DocSection, TextBlock

# ---------------------------------------------------------------- patterns

# a whole digits-and-dots token, validated by _DEC_TOKEN; the look-behind and look-ahead say
# in the engine what _dec_cand would reject in Python (glued to a word, a price, a path, a
# percentage), and the atomic group keeps the token whole, so "1.a" is not read as "1"
_DEC = re.compile(r"\d(?<![\w.,$€£¥#/\\(\[\-]\d)(?>[\d.]*)(?![\w%/,])")
# the same, for tokens with a dot ("2.", "4.1"): a bare number ("12") is a candidate only at
# a line start (_dec_matches), and a line of numbers has hundreds of thousands of them
_DEC_DOTTED = re.compile(r"\d(?<![\w.,$€£¥#/\\(\[\-]\d)(?>\d*\.[\d.]*)(?![\w%/,])")
_DEC_TOKEN = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,4})(\.?)")
_DEC_MAX = 20  # characters in a plausible section number token
_PAREN = re.compile(r"\(([a-z]{1,4}|[A-Z]{1,4}|\d{1,2})\)(?=\s)")
_KEYWORDS = ("article", "part", "section", "clause", "schedule", "exhibit", "annex", "appendix")
# no leading \b (the engine then skips ahead to capitals); _key_cand rejects a word character
# before the keyword, which is what \b would have done
_KEY = re.compile(
    r"(ARTICLE|Article|PART|Part|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule"
    r"|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix)[ \t\u00a0]+"
    r"(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,7}|[A-Z])(?![\w%])(\.?)"
)
_CONNECT = (
    r"(?:of|and|or|the|for|to|in|on|by|with|a|an|&|under|upon|from|at|as|not|no|its|their"
    r"|between|against|per|non|vs\.?)"
)
_CAPWORD = r"[\"“‘']?[A-Z][\w'’&/()-]*[\"”’']?"
_CAPTION = re.compile(
    r"[ \t\u00a0]*(?:[.:][ \t\u00a0]*|[–—-][ \t\u00a0]*)?(?:\n[ \t\u00a0]*)?"
    rf"(?P<cap>{_CAPWORD}(?:,?[ \t\u00a0]+(?:{_CAPWORD}|{_CONNECT})){{0,11}})"
    r"(?P<term>[ \t\u00a0]*(?:\.(?=\s|$)|:|;|[ \t\u00a0][–—-](?=[ \t\u00a0]))|[ \t\u00a0]*(?=\n|$))"
)
_CAPFOLLOW = re.compile(r"[ \t\u00a0]*(?:[.:–—-][ \t\u00a0]*)?[\"“‘(]?[A-Z]")
_EOL = re.compile(r"[ \t\u00a0]*(?:\n|$)")
_ANYFOLLOW = re.compile(r"[ \t\u00a0]*\S")
_SPACES = re.compile(r"\s*")
_UNIT = re.compile(
    r"[ \t\u00a0]*(?:%|per[ \t]?cent|percent|million|billion|thousand|trillion|bn\b|mn\b|m\b|k\b"
    r"|days?\b|months?\b|years?\b|weeks?\b|hours?\b|minutes?\b|business\b|calendar\b|times\b"
    r"|x\b|usd\b|eur\b|gbp\b|chf\b|jpy\b|aud\b|cad\b|a\.?m\b\.?|p\.?m\b\.?)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?:[.;:!?][\"”’')\]]*|[.;:!?]\*\*)[ \t\u00a0]+(?:(?:Page[ \t]+)?\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?[ \t\u00a0]+)?$"
)
_STOP_OR_CLOSE = frozenset(".;:!?\"”’')]*")
_LIST_JOIN = re.compile(r"[;,][ \t\u00a0]*(?:and|or|and/or)[ \t\u00a0]+$")
_LEADERS = re.compile(r"\.{4,}|…{2,}|(?:\. ){4,}")
_PAGE_LINE = re.compile(
    r"\s*(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.IGNORECASE)
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
}  # fmt: skip
_LABEL = re.compile(
    r"(?:(?P<key>[A-Za-z]+)[ \t\u00a0]+)?(?P<num>\d{1,3}(?:\.\d{1,3})*|[IVXLCivxlc]{1,7}|[A-Za-z])\.?"
)
_PAREN_LABEL = re.compile(r"\(?(?P<tok>[a-z]{1,4}|[A-Z]{1,4}|\d{1,2})[).]")

_DEC_BEFORE = frozenset(".,$€£¥#/\\([-_")
_PAREN_BEFORE = frozenset("([_")
_KEY_BEFORE = frozenset("._")
_TOC = re.compile(
    r"^[ \t]*(?:table[ \t]+of[ \t]+)?contents[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_EXCLUDED_PARTS = frozenset({"table", "header", "footer", "footnote"})
_CAPTION_MAX = 120
_LOOKAHEAD = 12  # candidates examined to confirm a restart of the numbering
_ACCEPT = 5
MAX_CANDIDATES = 200_000  # per pattern: a real agreement has a few thousand; bounds junk input


def roman_value(token: str) -> int | None:
    if not token or not _ROMAN.fullmatch(token):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    prev = 0
    for char in reversed(token.lower()):
        value = values[char]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def _letter_value(token: str) -> int | None:
    """``a`` = 1 ... ``z`` = 26, ``aa`` = 27 (Word's repeated-letter style)."""
    if len(set(token)) != 1 or len(token) > 3:
        return None
    return ord(token[0].lower()) - 96 + 26 * (len(token) - 1)


@lru_cache(maxsize=4096)  # a few hundred tokens: "(a)", "(iv)", "(12)"; never changed
def _paren_options(token: str) -> list[tuple[str, int]]:
    if token.isdigit():
        return [("num", int(token))]
    options: list[tuple[str, int]] = []
    upper = token.isupper()
    if set(token.lower()) <= set("ivxl"):
        value = roman_value(token)
        if value is not None:
            options.append(("ROMAN" if upper else "roman", value))
    letter = _letter_value(token)
    if letter is not None:
        options.append(("ALPHA" if upper else "alpha", letter))
    return options


# ---------------------------------------------------------------- candidates


@dataclass
class _Cand:
    pos: int
    kind: str  # dec | key | paren | head
    label: str  # the number as DocSection shows it
    comps: tuple[int, ...] = ()
    family: str = ""  # keyword family for kind == key
    options: list[tuple[str, int]] = field(default_factory=list)
    ctx: int = 0
    follow: int = 0
    caption: str | None = None
    body_start: int = 0
    forced: bool = False
    level: int = 0  # for forced unnumbered headings / unknown labels
    bonus: int = 0


_LINE_PREFIX = " \t\u00a0\f•*#>·-"  # what may stand before a number at a line start


def _at_line_start(text: str, pos: int) -> bool:
    """Only blanks and bullets between ``pos`` and the line start (at most 64 characters)."""
    lo = max(0, pos - 64)
    newline = text.rfind("\n", lo, pos)
    return (newline >= 0 or lo == 0) and not text[newline + 1 : pos].strip(_LINE_PREFIX)


def _stop_ends(tail: str) -> bool:
    """Can ``tail`` end as _SENTENCE_END does before its blanks: a stop, then closing marks
    ("." ".)" '."'), a stop and "**", or a page number (:func:`_page_number_ends`)? Most
    numbers follow a word, a figure or a closing bracket without a stop: the pattern is not
    tried for them ("(30) (30) ..." tried it at each)."""
    last = tail[-1]
    if last.isdecimal():
        return _page_number_ends(tail)
    if last == "*":
        return tail.endswith("**") and tail[-3:-2] in _STOPS
    core = tail.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _STOPS


_STOPS = frozenset(".;:!?")
_CLOSERS = "\"”’')]"


def _page_number_ends(tail: str) -> bool:
    """Can ``tail``, ending with a digit, end as _SENTENCE_END's page number does: its last
    run of digits after a blank ("Page 3", "3 of 20")? ("1.1" cannot: a line of dotted
    numbers tried the whole pattern at each.)"""
    i = len(tail)
    while i and tail[i - 1].isdecimal():
        i -= 1
    return i > 0 and tail[i - 1] in " \t\u00a0"


def _context(text: str, pos: int) -> int:
    """3 at a line start, 2 after a sentence end, 1 after a wide gap, else 0."""
    if _at_line_start(text, pos):
        return 3
    window = text[max(0, pos - 32) : pos]
    tail = window.rstrip(" \t\u00a0")
    # _SENTENCE_END ends in spaces after a stop, a closing mark or a page number: check the
    # character before the spaces first (mid-sentence numbers are most candidates)
    if len(tail) < len(window) and tail and _stop_ends(tail) and _SENTENCE_END.search(window):
        return 2
    if window.endswith(("  ", "\t", "\u00a0 ")):
        return 1
    return 0


def _follow(text: str, end: int, kind: str) -> tuple[int, str | None, int]:
    """(score, caption, body start) for what follows a number ending at ``end``."""
    if kind != "paren" and _UNIT.match(text, end):
        return 0, None, end
    cap = _CAPTION.match(text, end)
    if cap:
        caption = cap.group("cap").strip("\"“”‘’' ")
        if len(caption) <= _CAPTION_MAX and caption:
            body = _SPACES.match(text, cap.end())
            return 2, caption, body.end() if body else cap.end()
    if kind == "paren":
        follow = _ANYFOLLOW.match(text, end)
        return (1, None, follow.end() - 1) if follow else (0, None, end)
    follow = _CAPFOLLOW.match(text, end)
    if follow:
        return 1, None, follow.end() - 1
    eol = _EOL.match(text, end)
    if eol:
        body = _SPACES.match(text, eol.end())
        return (2 if kind == "key" else 1), None, body.end() if body else eol.end()
    return 0, None, end


def _on_toc_line(text: str, pos: int) -> bool:
    eol = text.find("\n", pos, pos + 400)
    return bool(_LEADERS.search(text, pos, eol if eol >= 0 else pos + 400))


def _preceded(text: str, pos: int, bad: frozenset[str]) -> bool:
    """Whether the character before ``pos`` glues a token to what precedes it."""
    if pos == 0:
        return False
    char = text[pos - 1]
    return char in bad or char.isalnum()


# a bare number (no dot: as _DEC matches it) where a line's text starts, after at most 64
# blanks and bullets (_LINE_PREFIX); group 1 is the number
_BARE_AT_LINE_START = re.compile(
    r"(?:^|(?<=\n))[ \t\u00a0\f•*#>·\-]{0,64}"
    r"(\d(?<![\w.,$€£¥#/\\(\[\-]\d)(?>\d*)(?![\w%/,.]))"
)


def _dec_matches(text: str) -> Iterator[re.Match[str]]:
    """``_DEC.finditer(text)`` without the bare numbers that are not at a line start (which
    :func:`_dec_cand` rejects): the dotted tokens from their own scan, the bare ones where a
    line's text starts, merged in text order."""
    bare = [_DEC.match(text, m.start(1)) for m in _BARE_AT_LINE_START.finditer(text)]
    dotted = _DEC_DOTTED.finditer(text)
    if not bare:
        return dotted
    return heapq.merge(dotted, [m for m in bare if m is not None], key=_start)


def _start(match: re.Match[str]) -> int:
    return match.start()


def _dec_cand(text: str, m: re.Match[str]) -> _Cand | None:
    token = m.group(0)
    if "." not in token and not _at_line_start(text, m.start()):
        return None  # a bare number ("12") counts only at a line start: most numbers, cheaply
    if len(token) > _DEC_MAX or _preceded(text, m.start(), _DEC_BEFORE):
        return None
    after = text[m.end() : m.end() + 1]
    if after and (after.isalnum() or after in "%/,_"):
        return None
    parsed = _DEC_TOKEN.fullmatch(token)
    if parsed is None:
        return None
    ctx = _context(text, m.start())
    if ctx == 0:
        return None
    comps = tuple(int(part) for part in parsed.group(1).split("."))
    if comps[0] == 0:
        return None
    bare = len(comps) == 1 and not parsed.group(2)
    if bare and ctx < 3:
        return None
    follow, caption, body = _follow(text, m.end(), "dec")
    if follow == 0:
        return None
    if bare and (caption is None or caption.split()[0].lower() in _MONTHS):
        return None
    if ctx == 3 and _on_toc_line(text, m.end()):
        return None
    return _Cand(m.start(), "dec", parsed.group(1), comps, "", [], ctx, follow, caption, body)


def _key_cand(text: str, m: re.Match[str]) -> _Cand | None:
    if _preceded(text, m.start(), _KEY_BEFORE):
        return None
    ctx = _context(text, m.start())
    if ctx < 2:
        return None
    follow, caption, body = _follow(text, m.end(), "key")
    if follow < 2:
        return None
    if ctx == 3 and _on_toc_line(text, m.end()):
        return None
    return _make_key(m.start(), m.group(1), m.group(2), ctx, follow, caption, body)


def _make_key(
    pos: int, word: str, num: str, ctx: int, follow: int, caption: str | None, body: int
) -> _Cand | None:
    family = word.lower()
    if num.replace(".", "").isdigit():
        comps = tuple(int(part) for part in num.split("."))
    else:
        value = roman_value(num) if len(num) > 1 or num in "IVXLC" else None
        if value is None:
            value = _letter_value(num) if len(num) == 1 else None
        if value is None:
            return None
        comps = (value,)
    if family in ("article", "section", "clause"):
        label = num
    else:
        label = f"{word[0].upper()}{word[1:].lower()} {num}"
    return _Cand(pos, "key", label, comps, family, [], ctx, follow, caption, body)


def _list_join(text: str, pos: int) -> bool:
    """Does "; and" or ", or" end right before ``pos``? (_LIST_JOIN, tried only after "and" or
    "or" and a blank.)"""
    before = text[max(0, pos - 12) : pos]
    core = before[:-1] if before.endswith("\n") else before  # "$" holds before a last newline
    return core.rstrip(" \t\u00a0").endswith(("and", "or")) and bool(_LIST_JOIN.search(before))


def _paren_cand(text: str, m: re.Match[str]) -> _Cand | None:
    if _preceded(text, m.start(), _PAREN_BEFORE):
        return None
    ctx = _context(text, m.start())
    if ctx < 2 and not _list_join(text, m.start()):
        return None
    options = _paren_options(m.group(1))
    if not options:
        return None
    follow, caption, body = _follow(text, m.end(), "paren")
    if follow == 0:
        return None
    return _Cand(
        m.start(), "paren", f"({m.group(1)})", (), "", options, max(ctx, 2), follow, caption, body
    )


def _block_cands(text: str, block: TextBlock) -> list[_Cand]:
    """Candidates a block's own metadata vouches for (Word numbering, heading styles)."""
    first_end = text.find("\n", block.start, block.end)
    first_line = text[block.start : first_end if first_end >= 0 else block.end].strip()
    if block.number:
        label = block.number.strip()
        pos = block.start
        number_end = pos + len(label) if text.startswith(label, pos) else pos
        short = block.heading > 0 or (block.bold and len(first_line) <= _CAPTION_MAX)
        if short:
            rest = text[number_end : first_end if first_end >= 0 else block.end].strip(" \t.:–—-")
            caption: str | None = rest[:_CAPTION_MAX] or None
            body = block.end if first_end < 0 else first_end + 1
            follow = 2
        else:
            follow, caption, body = _follow(text, number_end, "dec")
            if follow == 0:
                caption, body = None, _SPACES.match(text, number_end).end()  # type: ignore[union-attr]
        cand = _label_cand(label, pos, caption, body)
        cand.forced = True
        cand.level = block.heading
        return [cand]
    if block.heading <= 0 or not first_line or _PAGE_LINE.fullmatch(first_line):
        return []
    for pattern, maker in ((_KEY, _key_cand), (_DEC, _dec_cand), (_PAREN, _paren_cand)):
        match = pattern.match(text, block.start)
        if match:
            found = maker(text, match)
            if found is not None:
                found.bonus = 2
                return [found]
    end = first_end if first_end >= 0 else block.end
    return [
        _Cand(
            block.start, "head", "", caption=first_line[:_CAPTION_MAX], forced=True,
            level=block.heading, body_start=_SPACES.match(text, end).end(),  # type: ignore[union-attr]
        )
    ]  # fmt: skip


def _label_cand(label: str, pos: int, caption: str | None, body: int) -> _Cand:
    """A candidate from a number the format gives (``1.``, ``1.1``, ``(a)``, ``Article IV``)."""
    match = _LABEL.fullmatch(label)
    if match:
        key = (match.group("key") or "").lower()
        num = match.group("num")
        if key in _KEYWORDS:
            made = _make_key(pos, match.group("key"), num, 3, 2, caption, body)
            if made is not None:
                return made
        elif not key and num.replace(".", "").isdigit():
            comps = tuple(int(p) for p in num.split("."))
            return _Cand(pos, "dec", num, comps, "", [], 3, 2, caption, body)
    paren = _PAREN_LABEL.fullmatch(label)
    if paren:
        options = _paren_options(paren.group("tok"))
        if options:
            return _Cand(pos, "paren", label, (), "", options, 3, 2, caption, body)
    return _Cand(pos, "other", label.rstrip("."), (), "", [], 3, 2, caption, body)


# ---------------------------------------------------------------- sequence


def _dec_fit(comps: Sequence[int], path: Sequence[int]) -> int:
    """+3 the expected next number, +1 a small jump, -4 implausible."""
    depth = len(comps)
    if not path:
        return 3 if all(c == 1 for c in comps) else 1
    if depth <= len(path):
        if tuple(comps[: depth - 1]) == tuple(path[: depth - 1]):
            step = comps[-1] - path[depth - 1]
            if step == 1:
                return 3
            if 1 < step <= 3:
                return 1
            return -4
    elif tuple(comps[: len(path)]) == tuple(path):
        extra = comps[len(path) :]
        if all(c == 1 for c in extra):
            return 3
        return 1 if extra[0] <= 3 and all(c == 1 for c in extra[1:]) else -4
    if depth >= 2 and comps[0] == path[0] + 1 and all(c == 1 for c in comps[1:]):
        return 3  # the article heading itself was not found
    return -4


def _family_fit(value: int, last: int | None) -> int:
    if last is None:
        return 3 if value <= 1 else 1
    step = value - last
    if step == 1:
        return 3
    return 1 if 1 < step <= 3 else -4


@dataclass
class _State:
    path: list[int] = field(default_factory=list)
    families: dict[str, int] = field(default_factory=dict)
    articles: bool = False
    stack: list[list[object]] = field(default_factory=list)  # [kind, value] per paren depth
    base: int = 0  # level of the last numbered (non-paren) section


def _paren_choice(cand: _Cand, state: _State) -> tuple[str, int, int, bool] | None:
    """(kind, value, stack index, plausible) for a paren candidate."""
    best: tuple[str, int, int, bool] | None = None
    for kind, value in cand.options:
        for index in range(len(state.stack) - 1, -1, -1):
            if state.stack[index][0] == kind:
                if value == state.stack[index][1] + 1:  # type: ignore[operator]
                    return kind, value, index, True
                if value == 1 and best is None:
                    best = (kind, value, index, True)
                break
        else:
            if value == 1 and best is None:
                best = (kind, value, len(state.stack), True)
    if best is None and cand.options:
        kind, value = cand.options[0]
        depth = next((i for i, e in enumerate(state.stack) if e[0] == kind), len(state.stack))
        best = (kind, value, depth, False)
    return best


def _score(cand: _Cand, state: _State) -> int:
    if cand.kind == "dec":
        return _dec_fit(cand.comps, state.path)
    if cand.kind == "key":
        if cand.family in ("section", "clause") and not (state.articles and len(cand.comps) == 1):
            return _dec_fit(cand.comps, state.path)
        family = "article" if cand.family == "part" else cand.family
        if len(cand.comps) > 1:
            return _dec_fit(cand.comps, state.path)
        return _family_fit(cand.comps[0], state.families.get(family))
    if cand.kind == "paren":
        choice = _paren_choice(cand, state)
        return 2 if choice is not None and choice[3] else -4
    return 0


def _apply(cand: _Cand, state: _State) -> int:
    """Update the numbering state with an accepted candidate; return its level."""
    if cand.kind == "head":
        state.stack.clear()
        return max(1, cand.level)
    if cand.kind == "other":
        state.stack.clear()
        return max(1, cand.level)
    if cand.kind == "paren":
        choice = _paren_choice(cand, state)
        if choice is None:
            return state.base + 1
        kind, value, index, _ = choice
        del state.stack[index:]
        state.stack.append([kind, value])
        return state.base + index + 1
    state.stack.clear()
    if cand.kind == "key" and cand.family not in ("section", "clause"):
        family = "article" if cand.family == "part" else cand.family
        state.families[family] = cand.comps[0]
        if family == "article":
            state.articles = True
            state.path = list(cand.comps)
            state.base = 1
        else:  # schedules and the like restart the clause numbering
            state.path = []
            state.articles = False
            state.base = 1
        return 1
    if cand.kind == "key" and state.articles and len(cand.comps) == 1:
        state.families[cand.family] = cand.comps[0]
        state.base = 2
        return 2
    state.path = list(cand.comps)
    state.base = len(cand.comps) + (1 if state.articles and cand.kind == "key" else 0)
    return state.base


def _confirmed(cand: _Cand, following: Sequence[_Cand]) -> bool:
    """A numbering restart is believable when its own successor shows up soon after."""
    if not cand.comps:
        return False
    path = list(cand.comps)
    return any(
        other.kind in ("dec", "key") and other.comps and _dec_fit(other.comps, path) == 3
        for other in following[:_LOOKAHEAD]
    )


# ---------------------------------------------------------------- entry point


def _drop_contents(text: str, found: list[_Cand]) -> list[_Cand]:
    """Leave out a table of contents: from a "Contents" line to where its first entry recurs
    (as typed text or as a heading that Word numbers: the entries of a written-out TOC
    field are typed, the headings they copy are not)."""
    toc = _TOC.search(text, 0, max(len(text) // 3, 4096))
    if toc is None:
        return found
    after = [i for i, c in enumerate(found) if c.pos >= toc.end() and not c.forced]
    if not after:
        return found
    first = found[after[0]]
    if first.kind not in ("dec", "key") or first.ctx != 3:
        return found
    for other in found[after[0] + 1 :]:
        if (other.kind, other.comps, other.family) == (first.kind, first.comps, first.family):
            return [c for c in found if not (toc.end() <= c.pos < other.pos)]
    return found


def _excluded_ranges(blocks: Iterable[TextBlock]) -> tuple[list[int], list[int]]:
    spans = sorted((b.start, b.end) for b in blocks if b.part in _EXCLUDED_PARTS)
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in spans:
        if ends and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    return starts, ends


def segment(text: str, blocks: Sequence[TextBlock]) -> tuple[DocSection, ...]:
    """Numbered and headed sections of ``text``, in order, each ending where the next section
    of the same or a higher level starts (so a section's span includes its sub-sections)."""
    ordered = sorted(blocks, key=lambda b: b.start)
    ex_starts, ex_ends = _excluded_ranges(ordered)

    def excluded(pos: int) -> bool:
        i = bisect.bisect_right(ex_starts, pos) - 1
        return i >= 0 and pos < ex_ends[i]

    forced: list[_Cand] = []
    for block in ordered:
        if block.part in _EXCLUDED_PARTS:
            continue
        forced.extend(_block_cands(text, block))
    covered = sorted((c.pos, max(c.body_start, c.pos + 1)) for c in forced)
    cov_starts = [lo for lo, _ in covered]

    def shadowed(pos: int) -> bool:
        i = bisect.bisect_right(cov_starts, pos) - 1
        return i >= 0 and pos < covered[i][1]

    found: list[_Cand] = list(forced)
    scans = (
        (_dec_matches(text), _dec_cand),
        (_KEY.finditer(text), _key_cand),
        (_PAREN.finditer(text), _paren_cand),
    )
    for matches, maker in scans:
        kept = 0
        for match in matches:
            pos = match.start()
            if (ex_starts and excluded(pos)) or (cov_starts and shadowed(pos)):
                continue
            cand = maker(text, match)
            if cand is not None:
                found.append(cand)
                kept += 1
                if kept >= MAX_CANDIDATES:
                    break
    found.sort(key=lambda c: (c.pos, not c.forced))
    found = _drop_contents(text, found)

    state = _State()
    accepted: list[tuple[_Cand, int]] = []
    last_pos = -1
    for index, cand in enumerate(found):
        if cand.pos == last_pos:
            continue
        if not cand.forced:
            fit = _score(cand, state)
            total = cand.ctx + cand.follow + fit + cand.bonus
            if total < _ACCEPT and not (
                fit < 0
                and cand.ctx == 3
                and cand.caption
                and cand.kind != "paren"
                and _confirmed(cand, found[index + 1 : index + 1 + _LOOKAHEAD])
            ):
                continue
        level = _apply(cand, state)
        accepted.append((cand, level))
        last_pos = cand.pos
    return _sections(text, ordered, accepted)


def _sections(
    text: str, blocks: Sequence[TextBlock], accepted: Sequence[tuple[_Cand, int]]
) -> tuple[DocSection, ...]:
    ends = [len(text)] * len(accepted)
    open_: list[int] = []
    for i, (cand, level) in enumerate(accepted):
        while open_ and accepted[open_[-1]][1] >= level:
            ends[open_.pop()] = cand.pos
        open_.append(i)
    starts = [b.start for b in blocks]
    out: list[DocSection] = []
    newline_pos = 0
    newline_count = 0
    block_line: dict[int, int] = {}  # block index -> newlines before its start

    def newlines_before(pos: int) -> int:
        nonlocal newline_pos, newline_count
        if pos >= newline_pos:
            newline_count += text.count("\n", newline_pos, pos)
            newline_pos = pos
            return newline_count
        return newline_count - text.count("\n", pos, newline_pos)

    for i, (cand, level) in enumerate(accepted):
        bi = bisect.bisect_right(starts, cand.pos) - 1
        block = blocks[bi] if bi >= 0 else None
        line: int | None = None
        if block is not None and block.line is not None:
            if bi not in block_line:
                block_line[bi] = newlines_before(block.start)
            line = block.line + newlines_before(cand.pos) - block_line[bi]
        out.append(
            DocSection(
                number=cand.label or None,
                caption=cand.caption,
                level=level,
                start=cand.pos,
                body_start=max(cand.body_start, cand.pos),
                end=max(ends[i], cand.pos),
                page=block.page if block is not None else None,
                line=line,
                paragraph=block.paragraph if block is not None else None,
            )
        )
    return tuple(out)
