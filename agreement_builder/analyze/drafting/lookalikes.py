"""Look-alikes: characters a signer cannot see, or sees as other letters (LKA101-LKA103).

Bidi controls (U+202A-202E, U+2066-2069) change the order text is shown in: ``(<RLO>03)``
reads as "(30)". Zero-width characters (U+200B-200D, U+2060, U+FEFF) hide inside ``[AMOUNT]``
or ``TBD`` so that a search does not find them. A Cyrillic or Greek letter inside a Latin word
("Nоrthwind" with a Cyrillic о) makes another name that looks the same.

Two jobs, one table of characters:

- :func:`for_matching` gives every other detector a copy of the document with these removed
  (and soft hyphens removed, non-breaking spaces made spaces, look-alike letters inside Latin
  words made Latin), and :func:`to_original` takes their findings back to offsets in the
  document's own text. The document's text is never rewritten.
- :func:`check_lookalikes` reports them where they could mislead a signer: inside a word or
  figure that has Latin letters or digits (in Arabic or Hebrew text, bidi controls and
  joiners are ordinary).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, compress

from ...read.model import DocSection, SourceDocument, TextBlock
from .base import Defect, Tally

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SOFT_HYPHEN = "\u00ad"
NO_BREAK_SPACES = "\u00a0\u2007\u202f"  # no-break, figure and narrow no-break spaces

# Cyrillic and Greek letters drawn like a Latin letter (after Unicode's confusables.txt,
# https://www.unicode.org/Public/security/latest/confusables.txt, the single-letter pairs)
CONFUSABLES = {
    **dict(zip("аеорсухіјѕԁԛԝӏ", "aeopcyxijsdqwl", strict=True)),
    **dict(zip("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS", strict=True)),
    **dict(zip("οανρικυ", "oavpiku", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
}

_HIDDEN = re.compile(f"[{BIDI}{ZERO_WIDTH}{SOFT_HYPHEN}{NO_BREAK_SPACES}]")
_LOOKALIKE = re.compile(f"[{''.join(CONFUSABLES)}]")
_SCRIPT_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")  # Greek, Cyrillic
_LATIN = re.compile(r"[A-Za-z]")
_DROPPED_SET = frozenset(BIDI + ZERO_WIDTH + SOFT_HYPHEN)
_DROPPED = re.compile(f"[{BIDI}{ZERO_WIDTH}{SOFT_HYPHEN}]")
_LATIN_FOR = str.maketrans(CONFUSABLES)
_SPACE_FOR = str.maketrans(dict.fromkeys(NO_BREAK_SPACES, " "))
_WORD_RUN = re.compile(f"(?:[^\\W_]|[{BIDI}{ZERO_WIDTH}{SOFT_HYPHEN}]){{0,{40}}}")
_TOKEN_RUN = re.compile(r"\S{0,40}")
_INVISIBLE = re.compile(f"[{BIDI}{ZERO_WIDTH}]")
_BIDI = re.compile(f"[{BIDI}]")
_TOKEN_REACH = 40  # characters either side of a hidden character shown as its word
# a whole run of word characters (hidden ones included) holding a look-alike (group 1: the
# first): it starts where a run starts, and reads each character once
_IN_WORD = f"(?:[^\\W_]|[{BIDI}{ZERO_WIDTH}{SOFT_HYPHEN}])"
_LOOKALIKE_RUN = re.compile(
    f"(?<![^\\W_])(?<![{BIDI}{ZERO_WIDTH}{SOFT_HYPHEN}])"
    f"(?>(?:(?!{_LOOKALIKE.pattern}){_IN_WORD})*)({_LOOKALIKE.pattern}){_IN_WORD}*"
)


@dataclass(frozen=True)
class Matching:
    """A document normalised for matching, and where each of its characters came from."""

    doc: SourceDocument
    # origin[i]: offset in the original of character i; None: the same offsets
    origin: tuple[int, ...] | None

    def to_original(self, defect: Defect) -> Defect:
        return to_original(defect, self.origin)


def for_matching(doc: SourceDocument) -> Matching:
    """``doc`` with hidden characters removed, no-break spaces as spaces, look-alike letters
    inside Latin words made Latin and running page headers and footers blanked
    (:func:`running_spans`); the same object when it has none (most documents)."""
    text = doc.text
    running = running_spans(doc)
    if running:  # same length: offsets do not move
        text = _blanked(text, running)
    mixed = _mixed_words(text) if _SCRIPT_LETTER.search(text) else ()
    if not mixed and _HIDDEN.search(text) is None:
        return Matching(replace(doc, text=text) if running else doc, None)
    if mixed:  # same length: offsets do not move
        pieces, prev = [], 0
        for start, end in mixed:
            pieces += [text[prev:start], text[start:end].translate(_LATIN_FOR)]
            prev = end
        text = "".join([*pieces, text[prev:]])
    text = text.translate(_SPACE_FOR)  # same length
    if _DROPPED.search(text) is None:  # offsets do not move: no map back is needed
        return Matching(replace(doc, text=text), None)
    keep = [ch not in _DROPPED_SET for ch in text]
    origin = list(compress(range(len(text)), keep))  # origin[i]: where kept character i was
    origin.append(len(text))
    new = list(accumulate(keep, initial=0))  # new[i]: kept before i (dropped: the next kept)
    kept = "".join(compress(text, keep))
    copy = replace(
        doc,
        text=kept,
        blocks=tuple(_moved_block(b, new) for b in doc.blocks),
        sections=tuple(_moved_section(s, new) for s in doc.sections),
    )
    return Matching(copy, tuple(origin))


# the formats whose header and footer blocks are running lines the reader found among the
# body's (a PDF page's edges, page lines in extracted text); a Word header or footer is a
# part of its own, written there on purpose, and is still checked
_RUNNING_FORMATS = frozenset({"pdf", "text"})
_RUNNING_PARTS = frozenset({"header", "footer"})


def running_spans(doc: SourceDocument) -> list[tuple[int, int]]:
    """The running page headers and footers of a PDF or of extracted text (the reader marks
    them as header/footer blocks), which the drafting and component checks do not read:
    "Page 44 May 2004" is no date and "- 8 -" no section (issue 16)."""
    if doc.format not in _RUNNING_FORMATS:
        return []
    return [(b.start, b.end) for b in doc.blocks if b.part in _RUNNING_PARTS and b.end > b.start]


@dataclass(frozen=True)
class RunningText:
    """A running page header or footer as written, where it stands in the copy for matching
    (which blanks it: :func:`for_matching`), and its part ("header" or "footer")."""

    start: int
    end: int
    text: str
    part: str
    page: int | None = None


def running_texts(source: SourceDocument, copy: SourceDocument) -> tuple[RunningText, ...]:
    """The running headers and footers of ``source`` (:func:`running_spans`) with their text
    as written, at their offsets in ``copy``, the copy for matching of ``source`` (the same
    blocks in the same order, moved when hidden characters were dropped)."""
    if source.format not in _RUNNING_FORMATS or len(source.blocks) != len(copy.blocks):
        return ()
    return tuple(
        RunningText(moved.start, moved.end, source.text[b.start : b.end], b.part, b.page)
        for b, moved in zip(source.blocks, copy.blocks, strict=True)
        if b.part in _RUNNING_PARTS and b.end > b.start
    )


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span's characters made spaces (line breaks kept): same length."""
    pieces: list[str] = []
    prev = 0
    for start, end in sorted(spans):
        start = max(start, prev)
        if end <= start:
            continue
        chunk = text[start:end]
        pieces += [text[prev:start], re.sub(r"[^\n]", " ", chunk)]
        prev = end
    return "".join([*pieces, text[prev:]])


def to_original(defect: Defect, origin: tuple[int, ...] | None) -> Defect:
    """A defect found in the matching copy, at its offsets in the original text."""
    if origin is None:
        return defect
    start = origin[min(defect.start, len(origin) - 1)]
    end = origin[defect.end - 1] + 1 if defect.end > defect.start else start
    return Defect(defect.tag, defect.message, start, end, defect.data)


def _moved_block(block: TextBlock, new: list[int]) -> TextBlock:
    return replace(block, start=new[block.start], end=new[block.end])


def _moved_section(section: DocSection, new: list[int]) -> DocSection:
    return replace(
        section,
        start=new[section.start],
        body_start=new[section.body_start],
        end=new[section.end],
    )


@lru_cache(maxsize=2)
def _mixed_words(text: str) -> tuple[tuple[int, int], ...]:
    """The words (hidden characters inside them allowed) that hold Latin letters and a
    Greek or Cyrillic look-alike letter: found from the look-alikes, each word once.
    (Cached: the copy for matching and the check both need them.)"""
    out: list[tuple[int, int]] = []
    if _LOOKALIKE.search(text) is None:
        return ()  # the common case, by a fast scan
    for run in _LOOKALIKE_RUN.finditer(text):
        start, first, end = run.start(), run.start(1), run.end()
        if first - start <= _TOKEN_REACH and end - first - 1 <= _TOKEN_REACH:
            if _LATIN.search(text, start, end):  # the word around the first: the whole run
                out.append((start, end))
            continue
        reached = start  # a run longer than a word reaches: its look-alikes one by one
        while (letter := _LOOKALIKE.search(text, reached, end)) is not None:
            word_start, word_end = _word_around(text, letter.start(), reached)
            reached = word_end
            if _LATIN.search(text, word_start, word_end):
                out.append((word_start, word_end))
    return tuple(out)


def _word_around(text: str, pos: int, floor: int = 0) -> tuple[int, int]:
    """The run of letters, digits and hidden characters around ``pos`` (at most 40 either side,
    not before ``floor``: words found one after another never overlap)."""
    return _around(_WORD_RUN, text, pos, floor)


def _token_around(text: str, pos: int, floor: int = 0) -> tuple[int, int]:
    """The non-blank run around ``pos`` (at most 40 characters either side, not before
    ``floor``), without the sentence's punctuation after it."""
    start, end = _around(_TOKEN_RUN, text, pos, floor)
    while end > pos + 1 and text[end - 1] in ".,;:!?":
        end -= 1
    return start, end


def _around(run: re.Pattern[str], text: str, pos: int, floor: int) -> tuple[int, int]:
    low = max(floor, pos - _TOKEN_REACH)
    back = run.match(text[low:pos][::-1])
    start = pos - (back.end() if back else 0)
    ahead = run.match(text, pos + 1)
    return start, ahead.end() if ahead else pos + 1


def shown(text: str) -> str:
    """``text`` with its hidden characters written as ``<U+200B>``: what the reader cannot see."""
    return "".join(
        f"<U+{ord(ch):04X}>" if ch in BIDI or ch in ZERO_WIDTH or ch == SOFT_HYPHEN else ch
        for ch in text
    )


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


def check_lookalikes(doc: SourceDocument) -> list[Defect]:
    """Bidi controls and zero-width characters inside a Latin word or figure, and Latin words
    with a Greek or Cyrillic look-alike letter."""
    text = doc.text
    out: list[Defect] = []
    tally = Tally()
    reached = 0
    hidden_chars = _INVISIBLE
    stopped = tally.stopped  # the kinds no longer looked for (filled by tally.wants)
    while (hidden := hidden_chars.search(text, reached)) is not None:
        if "invisible" in stopped:
            if "bidi" in stopped:
                break
            hidden_chars = _BIDI  # ENOUGH invisible characters: only bidi controls from here
            if hidden_chars.match(text, hidden.start()) is None:
                continue
        pos = hidden.start()
        start, end = _token_around(text, pos, reached)
        reached = end  # the next search starts after this word: each character read once
        if pos == 0 and text[0] == "\ufeff":
            reached = 1
            continue  # a byte-order mark
        token = text[start:end]
        visible = _INVISIBLE.sub("", token)
        if not visible or not re.search(r"[A-Za-z0-9]", visible):
            continue  # alone between blanks, or in a script that uses these characters
        controls = [ch for ch in token if ch in BIDI]
        if controls:
            if not tally.wants("bidi"):
                continue
            out.append(
                Defect(
                    "bidi",
                    f"bidi control {_name(controls[0])} in {shown(token)!r}: it can show"
                    " the text in another order than the order it is stored and checked in",
                    start,
                    end,
                    (("token", visible), ("character", _name(controls[0]))),
                )
            )
            continue
        inside = token[: pos - start].strip(BIDI + ZERO_WIDTH) and token[pos - start :].strip(
            BIDI + ZERO_WIDTH
        )
        if not inside:
            continue  # at the edge of a word: it hides nothing
        if not tally.wants("invisible"):
            continue
        invisible = next(ch for ch in token if ch in ZERO_WIDTH)
        out.append(
            Defect(
                "invisible",
                f"invisible {_name(invisible)} inside {shown(token)!r}: searches and"
                " checks for the word shown miss it",
                start,
                end,
                (("token", visible), ("character", _name(invisible))),
            )
        )
    for start, end in _mixed_words(text):
        if not tally.wants("mixed_script"):
            break
        word = text[start:end]
        foreign = [ch for ch in word if _SCRIPT_LETTER.match(ch)]
        script = "Cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in foreign) else "Greek"
        looks = "".join(CONFUSABLES.get(ch, ch) for ch in _INVISIBLE.sub("", word))
        out.append(
            Defect(
                "mixed_script",
                f"{shown(word)!r} mixes Latin and {script} letters ({_name(foreign[0])}):"
                f" it looks like {looks!r} but is another word",
                start,
                end,
                (("word", looks), ("character", _name(foreign[0]))),
            )
        )
    out.sort(key=lambda d: d.start)
    return tally.result(out)
