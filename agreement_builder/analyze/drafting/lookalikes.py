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

from ...read.model import DocSection, SourceDocument, TextBlock
from .base import Defect

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
_INVISIBLE = re.compile(f"[{BIDI}{ZERO_WIDTH}]")
_TOKEN_REACH = 40  # characters either side of a hidden character shown as its word


@dataclass(frozen=True)
class Matching:
    """A document normalised for matching, and where each of its characters came from."""

    doc: SourceDocument
    origin: tuple[int, ...] | None  # origin[i]: offset in the original of character i; None: same

    def to_original(self, defect: Defect) -> Defect:
        return to_original(defect, self.origin)


def needs_matching_copy(text: str) -> bool:
    return _HIDDEN.search(text) is not None or (
        _SCRIPT_LETTER.search(text) is not None and _mixed_words(text) != []
    )


def for_matching(doc: SourceDocument) -> Matching:
    """``doc`` with hidden characters removed, no-break spaces as spaces and look-alike letters
    inside Latin words made Latin; the same object when it has none (every normal document)."""
    text = doc.text
    if not needs_matching_copy(text):
        return Matching(doc, None)
    chars = list(text)
    for start, end in _mixed_words(text):
        for i in range(start, end):
            chars[i] = CONFUSABLES.get(chars[i], chars[i])
    kept: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(chars):
        if ch in NO_BREAK_SPACES:
            ch = " "
        elif ch in BIDI or ch in ZERO_WIDTH or ch == SOFT_HYPHEN:
            continue
        kept.append(ch)
        origin.append(i)
    origin.append(len(text))
    new_offset = _new_offsets(origin, len(text))
    copy = replace(
        doc,
        text="".join(kept),
        blocks=tuple(_moved_block(b, new_offset) for b in doc.blocks),
        sections=tuple(_moved_section(s, new_offset) for s in doc.sections),
    )
    return Matching(copy, tuple(origin))


def to_original(defect: Defect, origin: tuple[int, ...] | None) -> Defect:
    """A defect found in the matching copy, at its offsets in the original text."""
    if origin is None:
        return defect
    start = origin[min(defect.start, len(origin) - 1)]
    end = origin[defect.end - 1] + 1 if defect.end > defect.start else start
    return replace(defect, start=start, end=end)


def _new_offsets(origin: list[int], length: int) -> list[int]:
    """For each offset of the original (and its end), the offset of the next kept character."""
    out = [0] * (length + 1)
    j = 0
    for i in range(length + 1):
        while origin[j] < i:
            j += 1
        out[i] = j
    return out


def _moved_block(block: TextBlock, new: list[int]) -> TextBlock:
    return replace(block, start=new[block.start], end=new[block.end])


def _moved_section(section: DocSection, new: list[int]) -> DocSection:
    return replace(
        section,
        start=new[section.start],
        body_start=new[section.body_start],
        end=new[section.end],
    )


def _mixed_words(text: str) -> list[tuple[int, int]]:
    """The words (hidden characters inside them allowed) that hold Latin letters and a
    Greek or Cyrillic look-alike letter: found from the look-alikes, each word once."""
    out: list[tuple[int, int]] = []
    reached = 0
    for letter in _LOOKALIKE.finditer(text):
        if letter.start() < reached:
            continue
        start, end = _word_around(text, letter.start())
        reached = end
        if _LATIN.search(text, start, end):
            out.append((start, end))
    return out


def _word_around(text: str, pos: int) -> tuple[int, int]:
    """The run of letters, digits and hidden characters around ``pos`` (at most 40 either side)."""
    start = pos
    floor = max(0, pos - _TOKEN_REACH)
    while start > floor and (text[start - 1].isalnum() or _hidden_in_word(text[start - 1])):
        start -= 1
    end = pos + 1
    ceiling = min(len(text), pos + 1 + _TOKEN_REACH)
    while end < ceiling and (text[end].isalnum() or _hidden_in_word(text[end])):
        end += 1
    return start, end


def _hidden_in_word(ch: str) -> bool:
    return ch in BIDI or ch in ZERO_WIDTH or ch == SOFT_HYPHEN


def _token_around(text: str, pos: int) -> tuple[int, int]:
    """The non-blank run around ``pos`` (at most 40 characters either side)."""
    start = pos
    floor = max(0, pos - _TOKEN_REACH)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    end = pos + 1
    ceiling = min(len(text), pos + 1 + _TOKEN_REACH)
    while end < ceiling and not text[end].isspace():
        end += 1
    while end > pos + 1 and text[end - 1] in ".,;:!?":
        end -= 1  # the sentence's punctuation, not the word's
    return start, end


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
    reached = 0
    for hidden in _INVISIBLE.finditer(text):
        pos = hidden.start()
        if pos < reached or (pos == 0 and text[0] == "\ufeff"):
            continue  # inside a word reported already; a byte-order mark
        start, end = _token_around(text, pos)
        reached = end
        token = text[start:end]
        visible = _INVISIBLE.sub("", token)
        if not visible or not re.search(r"[A-Za-z0-9]", visible):
            continue  # alone between blanks, or in a script that uses these characters
        controls = [ch for ch in token if ch in BIDI]
        if controls:
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
    return out
