"""Numbers that disagree: words against numerals (DRF112) and shares that do not total
100% (DRF115)."""

from __future__ import annotations

import re
import unicodedata
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
_BIG_SCALES = ("thousand", "million", "billion")
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and)"
_MONEY_UNIT = (
    r"(?:(?:u\.?s\.?|united\s+states|canadian|australian|hong\s+kong|singapore|new\s+zealand)\s+)?"
    r"dollars|euros?|pounds(?:\s+sterling)?|sterling|yen|swiss\s+francs|francs"
)
_UNIT = rf"percent|per\s+cent|{_MONEY_UNIT}|days|calendar\s+days|business\s+days|weeks|months|years"
_WORDS_BEFORE_ENDINGS = (
    *_WORD[3:-1].split("|"),
    *("percent", "cent", "dollars", "euros", "euro", "pounds", "sterling", "yen", "francs"),
    *("days", "weeks", "months", "years"),
)
# a figure in brackets: "(30)", "($14,862,000)", "(US $50,000)", "(USD 2,500,000.00)",
# "($5 million)", "(25%)"; the currency codes are those written before figures in contracts
_FIGURE = re.compile(
    r"\(\s*((?:(?:USD|EUR|GBP|CAD|AUD|CHF|NZD|HKD|SGD|JPY|U\.S\.|US)\s?)?"
    r"(?:(?:C|A|HK|S|NZ|Cdn)?[$€£¥]\s?)?\d[\d,]*"
    r"(?:\.\d+)?(?:\s(?i:million|billion|thousand))?\s*%?)\s*\)"
)
_FIGURE_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s(million|billion|thousand))?", re.IGNORECASE)
# long amounts: "nine hundred ninety-nine million, nine hundred ninety-nine thousand, nine
# hundred and ninety-nine" is 19 words, and a comma may follow a scale word
_MAX_WORDS = 24
_WORDS_BEFORE = re.compile(
    rf"\b({_WORD}(?:,?[\s-]+{_WORD}){{0,{_MAX_WORDS - 1}}})(\s+(?:{_UNIT}))?\s*$",
    re.IGNORECASE,
)
_WORDS_BEFORE_TOKENS = _MAX_WORDS + 3  # the number words, then "U.S. dollars" or "calendar days"
# the same for an ASCII window in lower case: ignoring case cost 4x as much
_WORDS_BEFORE_ASCII = re.compile(_WORDS_BEFORE.pattern)
_FEW_TOKENS = 11  # nine number words, then "U.S. dollars" or "calendar days"
_WORD_AT_END = re.compile(rf"\b{_WORD},?[\s-]+$", re.IGNORECASE)
_WORD_AT_END_ASCII = re.compile(_WORD_AT_END.pattern)
_SHORT_WINDOW = 120  # enough for nine number words and a unit
_WINDOW = 240  # characters looked back from a figure: the longest amounts run to 200
# "three (3) million dollars ($3,000,000)": the words before the scale carry their own figure
_WORDS_AND_FIGURE_BEFORE = re.compile(
    rf"\b({_WORD}(?:,?[\s-]+{_WORD}){{0,{_MAX_WORDS - 1}}})\s*\(\s*[$€£]?\s?(\d[\d,]*)\s*\)\s*$",
    re.IGNORECASE,
)
# "Six (6,000,000) Million": the scale written after the figure
_SCALE_AFTER = re.compile(r"\s*(million|billion|thousand)\b", re.IGNORECASE)
_AND_AT_ENDS = re.compile(r"(?i)^(?:and[\s-]+)+|(?:,?[\s-]+and)+$")
_LEADING_AND = re.compile(r"(?i)\s*(?:and[\s-]+)*")
_AND_AT_END = re.compile(r"(?i)\band\s*$")


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


_AMOUNT_TOKENS = re.compile(r"[a-z]+|,")


@lru_cache(maxsize=4096)
def amount_in_words(words: str) -> int | None:
    """The number ``words`` write, read as English writes numbers, or None when they are not
    one number: "fourteen million, eight hundred sixty two thousand" is 14,862,000, "one
    hundred and twenty" 120; "two three", "twenty and five", "thousand million" and "zero
    and one" are not numbers (a list of them, or words that only look like one)."""
    total = current = 0
    last = ""  # the kind of the word before: ones, teen, tens, hundred, scale, and, zero
    top = 0  # the last scale used: the next one must be smaller
    for word in _AMOUNT_TOKENS.findall(words.lower()):
        if last == "zero":
            return None  # "zero" stands alone
        if word == ",":
            if last != "scale":
                return None  # a comma only after "million" or "thousand"
            continue
        if word == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif word == "zero":
            if last:
                return None
            last = "zero"
        elif word in _NUMBER_WORDS:  # one .. nineteen
            if last in ("ones", "teen"):
                return None
            if _NUMBER_WORDS[word] >= 10 and last == "tens":
                return None  # "twenty twelve"
            current += _NUMBER_WORDS[word]
            last = "teen" if _NUMBER_WORDS[word] >= 10 else "ones"
        elif word in _TEN_WORDS:
            if last in ("ones", "teen", "tens"):
                return None
            current += _TEN_WORDS[word]
            last = "tens"
        elif word == "hundred":
            if current >= 100 or last in ("hundred", "and"):
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif word in _SCALES:
            scale = _SCALES[word]
            if (top and scale >= top) or last == "and":
                return None
            total += (current or 1) * scale
            current = 0
            top = scale
            last = "scale"
        else:
            return None
    if not last or last == "and":
        return None
    return total + current


@lru_cache(maxsize=4096)
def figure_value(figure_text: str) -> float | None:
    """The number a bracketed figure says: "$14,862,000" 14862000, "US $5 million" 5000000,
    "0.5%" 0.5; None when it holds none."""
    match = _FIGURE_NUMBER.search(figure_text)
    if match is None:
        return None
    try:
        number = float(match.group(1).replace(",", ""))
    except ValueError:
        return None
    if match.group(2):
        number *= _SCALES[match.group(2).lower()]
    return number


_FRACTION_BEFORE = re.compile(
    r"(?:half|halves|quarters?|thirds?|fourths?|fifths?|tenths?|hundredths?|thousandths?|point)[\s-]+(?:of[\s-]+)?$",
    re.IGNORECASE,
)


def _window(text: str, end: int, size: int) -> tuple[int, str, re.Pattern[str], re.Pattern[str]]:
    """The ``size`` characters before ``end``, where they start, and the patterns to search
    them with: an ASCII window in lower case with the patterns that do not ignore case."""
    lo = max(0, end - size)
    window = text[lo:end]
    if window.isascii():
        return lo, window.lower(), _WORDS_BEFORE_ASCII, _WORD_AT_END_ASCII
    return lo, window, _WORDS_BEFORE, _WORD_AT_END


def check_words_numerals(doc: SourceDocument) -> list[Defect]:
    """ "thirty (45) days": the words and the figure disagree. Report only; never auto-fix.

    Looks back from each parenthesised figure, so enumerations ("(1) ... (2)"), years and
    section numbers, which have no number words before them, are never compared. Amounts of
    any length are read whole ("Fourteen Million, Eight Hundred Sixty Two Thousand Dollars
    ($14,862,000)"), with a scale after a figure ("Six (6,000,000) Million") or between two
    ("three (3) million dollars ($3,000,000)"); words that are not one number ("(1) zero and
    (2)", "two three (3)") are not compared.
    """
    text = doc.text
    out: list[Defect] = []
    tally = Tally()
    for fig in _FIGURE.finditer(text):
        tail = text[max(0, fig.start() - 24) : fig.start()].rstrip()
        if not tail:  # only spaces just before the figure: look further back
            tail = text[max(0, fig.start() - _WINDOW) : fig.start()].rstrip()
        if not tail.lower().endswith(_WORDS_BEFORE_ENDINGS):
            continue  # no number word or unit right before the figure: the search cannot match
        lo, window, pattern, word_at_end = _window(text, fig.start(), _SHORT_WINDOW)
        # the last few words first; all of them only when a number word comes before those
        match = _search_end(pattern, window, _FEW_TOKENS)
        if match is None:
            continue
        if (lo and match.start(1) < 12) or word_at_end.search(
            window, max(0, match.start(1) - 12), match.start(1)
        ):
            lo, window, pattern, word_at_end = _window(text, fig.start(), _WINDOW)
            match = _search_end(pattern, window, _WORDS_BEFORE_TOKENS)
            if match is None:
                continue
        said = text[lo + match.start(1) : lo + match.end(1)]  # as written
        if match.start(1) and unicodedata.category(window[match.start(1) - 1]) == "Cf":
            continue  # "four\u00admillion": a word joined to the one before, read in part
        if not match.group(2) and _AND_AT_END.search(said):
            continue  # "(1) zero and (2)": a list, not words and their figure
        words = _AND_AT_ENDS.sub("", said.strip())
        if not words or words.lower() == "and":
            continue
        if _search_end(_FRACTION_BEFORE, window[max(0, match.start(1) - 40) : match.start(1)], 2):
            continue  # "one-half of one percent (0.5%)"
        value = amount_in_words(words)
        figure_text = fig.group(1)
        number = figure_value(figure_text)
        if value is None or number is None:
            continue
        start = lo + match.start(1) + _LEADING_AND.match(said).end()  # type: ignore[union-attr]
        end = fig.end()
        if words.split(None, 1)[0].lower().rstrip(",") in _BIG_SCALES:
            # "three (3) million dollars ($3,000,000)": the words before the scale count too
            before = _search_end(_WORDS_AND_FIGURE_BEFORE, window[: match.start(1)], _MAX_WORDS + 2)
            if before is not None:
                head = amount_in_words(before.group(1))
                if head is None or head != figure_value(before.group(2)):
                    continue  # that figure is compared on its own
                value = amount_in_words(f"{before.group(1)} {words}")
                if value is None:
                    continue
                start = lo + before.start(1)
        if (
            number.is_integer()
            and 1800 <= number <= 2100
            and "$" not in figure_text
            and value < 1000
        ):
            continue  # "nineteen ninety-nine (1999)": a year said the spoken way
        if number == value:
            continue
        after = _SCALE_AFTER.match(text, fig.end(), fig.end() + 12)
        if after is not None:
            scaled = value * _SCALES[after.group(1).lower()]
            if number == scaled:
                continue  # "Six (6,000,000) Million"
            if number * 10 >= scaled:  # "Six (7,000,000) Million": the words with their scale
                value, end = scaled, after.end()
        if not tally.wants("words_numerals"):
            break  # ENOUGH of them, and one more
        out.append(
            Defect(
                "words_numerals",
                f"words say {value:,} but the figure says {figure_text.strip()} in {_short(text[start:end])!r}",
                start,
                end,
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
