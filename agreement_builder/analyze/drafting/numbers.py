"""Numbers that disagree: words against numerals (DRF112) and shares that do not total
100% (DRF115)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from ...core.english import NUMBER_WORDS, TENS_WORDS
from ...read.model import SourceDocument
from .base import Defect, Tally, _search_end, _short
from .dates import _run_start

_NUMBER_WORDS = {w: i for i, w in enumerate(NUMBER_WORDS[:20])}  # zero .. nineteen
_TEN_WORDS = TENS_WORDS
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and)"
_WORDS_BEFORE_ENDINGS = (
    *_WORD[3:-1].split("|"),
    *("percent", "cent", "dollars", "euros", "pounds", "sterling", "days", "weeks", "months"),
    "years",
)
_FIGURE = re.compile(r"\(\s*((?:US)?[$€£]?\s?\d[\d,]*(?:\.\d+)?\s*%?)\s*\)")
_WORDS_BEFORE = re.compile(
    rf"\b({_WORD}(?:[\s-]+{_WORD}){{0,8}})(\s+(?:percent|per\s+cent|(?:U\.?S\.?\s+)?dollars|euros|pounds|"
    rf"sterling|days|calendar\s+days|business\s+days|weeks|months|years))?\s*$",
    re.IGNORECASE,
)
_WORDS_BEFORE_TOKENS = 11  # nine number words, then "U.S. dollars" or "calendar days"
# the same for an ASCII window in lower case: ignoring case cost 4x as much
_WORDS_BEFORE_ASCII = re.compile(_WORDS_BEFORE.pattern.replace(r"U\.?S\.?", r"u\.?s\.?"))
_AND_AT_ENDS = re.compile(r"(?i)^(?:and[\s-]+)+|(?:[\s-]+and)+$")
_NOT_FIGURE = re.compile(r"[^\d.]")


@lru_cache(maxsize=4096)
def words_to_number(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _TEN_WORDS:
            current += _TEN_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_FRACTION_BEFORE = re.compile(
    r"(?:half|halves|quarters?|thirds?|fourths?|fifths?|tenths?|hundredths?|thousandths?|point)[\s-]+(?:of[\s-]+)?$",
    re.IGNORECASE,
)


def check_words_numerals(doc: SourceDocument) -> list[Defect]:
    """ "thirty (45) days": the words and the figure disagree. Report only; never auto-fix.

    Looks back from each parenthesised figure, so enumerations ("(1) ... (2)"), years and
    section numbers, which have no number words before them, are never compared.
    """
    text = doc.text
    out: list[Defect] = []
    tally = Tally()
    for fig in _FIGURE.finditer(text):
        window = text[max(0, fig.start() - 120) : fig.start()]
        lowered = window.rstrip().lower()
        if not lowered.endswith(_WORDS_BEFORE_ENDINGS):
            continue  # no number word or unit right before the figure: the search cannot match
        if window.isascii():  # the same match, on the window in lower case
            match = _search_end(_WORDS_BEFORE_ASCII, window.lower(), _WORDS_BEFORE_TOKENS)
        else:
            match = _search_end(_WORDS_BEFORE, window, _WORDS_BEFORE_TOKENS)
        if match is None:
            continue
        said = window[match.start(1) : match.end(1)]  # as written
        words = _AND_AT_ENDS.sub("", said.strip())
        if not words or words.lower() == "and":
            continue
        if _search_end(_FRACTION_BEFORE, window[: match.start(1)], 2):
            continue  # "one-half of one percent (0.5%)"
        value = words_to_number(words)
        figure_text = fig.group(1)
        figure = _NOT_FIGURE.sub("", figure_text)
        if value is None or not figure:
            continue
        try:
            number = float(figure)
        except ValueError:
            continue
        if (
            number.is_integer()
            and 1800 <= number <= 2100
            and "$" not in figure_text
            and value < 1000
        ):
            continue  # "nineteen ninety-nine (1999)": a year said the spoken way
        if number != value:
            if not tally.wants("words_numerals"):
                break  # ENOUGH of them, and one more
            start = max(0, fig.start() - 120) + match.start(1) + (len(said) - len(said.lstrip()))
            out.append(
                Defect(
                    "words_numerals",
                    f"words say {value:,} but the figure says {figure_text.strip()} in {_short(text[start : fig.end()])!r}",
                    start,
                    fig.end(),
                    (("words", words), ("figure", figure_text.strip())),
                )
            )
    return tally.result(out)


# found from its "%" or "percent" back (_percent_starts), then matched where it starts
_PERCENT = re.compile(r"(\d\d{0,2}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)")
_SPLIT_WORDS = re.compile(r"\b(?:split|shared|divided|allocated|share[sd]? of)\b", re.IGNORECASE)
# the words of _SPLIT_WORDS and _SPLIT_SUBJECT without the word boundaries: found wherever
# those are found in a sentence (a sentence may start inside a word of the text)
_SPLIT_LETTERS = re.compile(r"split|shared|divided|allocated|share", re.IGNORECASE)
_SUBJECT_LETTERS = re.compile(r"revenue|profit|proceeds|capital|income", re.IGNORECASE)
_SPLIT_SUBJECT = re.compile(r"\b(?:revenue|profit|proceeds|capital|income)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"“])|\n{2,}")


_PERCENT_WORD = re.compile(r"per(?:cent| cent)\b")  # a literal start the engine skips to


def _percent_starts(text: str) -> Iterator[int]:
    """Where ``_PERCENT.finditer(text)`` matches start, found from the percent signs and words.

    _PERCENT starts with a digit, so scanned on its own the engine stopped at every digit. A
    match ends at a "%" or "percent" and holds only digits, a dot and one space before it, so
    each marker is tried from the start of the run of such characters before it, leftmost
    first, as finditer would."""
    words = [m.start() for m in _PERCENT_WORD.finditer(text)]
    signs = []
    pos = text.find("%")
    while pos >= 0:
        signs.append(pos)
        pos = text.find("%", pos + 1)
    reached = 0
    for marker in sorted(signs + words):
        if marker < reached:
            continue
        for start in range(_run_start(text, marker, reached, "."), marker):
            match = _PERCENT.match(text, start)
            if match is not None:
                reached = match.end()
                yield start
                break


def check_split_totals(doc: SourceDocument) -> list[Defect]:
    """A sentence that splits revenue, profit or capital between parties must total 100%."""
    text = doc.text
    out: list[Defect] = []
    if not _SPLIT_LETTERS.search(text) or not _SUBJECT_LETTERS.search(text):
        return out  # no sentence can say "split" and "revenue": no need to find one
    done: set[int] = set()
    ends = _SentenceEnds(text)
    signs = _percent_signs(text)
    for pct_start in _percent_starts(text):
        start, end = ends.around(pct_start)
        if start in done:
            continue
        done.add(start)
        if bisect_left(signs, end) - bisect_left(signs, start + 1) > 5:
            continue  # more than five figures: the count below would say so, reading the chunk
        chunk = text[start:end]
        if not _SPLIT_WORDS.search(chunk) or not _SPLIT_SUBJECT.search(chunk):
            continue
        values = [float(m.group(1)) for m in _PERCENT.finditer(chunk)]
        if len(values) < 2 or len(values) > 5:
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


def _percent_signs(text: str) -> list[int]:
    """Every "%" right after a digit: each one ends a ``_PERCENT`` match of any chunk that holds
    the digit and the sign, so their number in a chunk is a floor of its figures."""
    out = []
    pos = text.find("%")
    while pos >= 0:
        if pos and text[pos - 1].isdecimal():
            out.append(pos)
        pos = text.find("%", pos + 1)
    return out


class _SentenceEnds:
    """Where the sentence around a figure starts and ends, as searching ``_SENTENCE_END``
    500 characters either side of it finds them, from one scan of the whole text.

    Searched again for every figure, the windows cost 1,000 characters a figure: a line of
    "1% 1% ..." took a minute a megabyte. A figure starts with a digit, which no match holds,
    so the whole-text scan and a window's scan agree about every match inside the window; they
    can differ only for a match cut by the window's edges, and those are searched as before.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        matches = [m.span() for m in _SENTENCE_END.finditer(text)]
        self.starts = [a for a, _ in matches]
        self.ends = [b for _, b in matches]

    def around(self, pos: int) -> tuple[int, int]:
        return self._start(pos), self._end(pos)

    def _start(self, pos: int) -> int:
        """The end of the last match of ``_SENTENCE_END.finditer(text, lo, pos)``."""
        lo = max(0, pos - 500)
        first = bisect_left(self.starts, lo)  # the first match starting in the window
        last = bisect_left(self.starts, pos) - 1  # the last one starting before the figure
        if last >= first:
            return self.ends[last]  # it ends before the figure's digit, as in the window
        cover = first - 1  # a match running into the window from before it
        if cover >= 0 and self.ends[cover] > lo:
            # the window's scan starts inside that match: what it finds there (a run of
            # newlines) ends by its end, so search just that part, as before
            start = lo
            for match in _SENTENCE_END.finditer(self.text, lo, min(pos, self.ends[cover])):
                start = match.end()
            return start
        return lo

    def _end(self, pos: int) -> int:
        """The start of ``_SENTENCE_END.search(text, pos, pos + 500)``, or the window's end."""
        hi = pos + 500
        nxt = bisect_left(self.starts, pos)
        if nxt < len(self.starts) and self.starts[nxt] < hi:
            if self.ends[nxt] < hi:
                return self.starts[nxt]
            after = _SENTENCE_END.search(self.text, self.starts[nxt], hi)  # cut by the edge
            if after is not None:
                return after.start()
        return min(len(self.text), hi)


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    """The window search ``_SentenceEnds`` replaces: the reference its test compares with."""
    lo = max(0, pos - 500)
    start = lo
    for match in _SENTENCE_END.finditer(text, lo, pos):
        start = match.end()
    after = _SENTENCE_END.search(text, pos, pos + 500)
    end = after.start() if after else min(len(text), pos + 500)
    return start, end
