"""Text as a report may show it: no character that reorders what a reader sees.

Bidi controls (Unicode's Bidi_Control characters: the embeddings and overrides U+202A-202E,
the isolates U+2066-2069, and the marks U+200E, U+200F, U+061C) change the order in which
the characters around them are shown. Quoted raw in a report, a right-to-left override from
a hostile document would reorder the report itself (a terminal, an HTML page, a SARIF viewer
shows "(03)" as "(30)"), so every message and excerpt shows them as ``<U+202E>``.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def visible(text: str) -> str:
    """``text`` with each bidi control written as ``<U+202E>``; the same object without any."""
    if _BIDI.search(text) is None:
        return text
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


# what a reader cannot see inside a word: bidi controls, zero-width characters, soft hyphens
_INVISIBLE = re.compile(f"[{BIDI_CONTROLS}\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))


def unhidden(text: str) -> str:
    """``text`` as a search should read it: without the characters a reader cannot see
    inside a word and with no-break spaces as spaces ("T<U+200B>BD" is "TBD"). For short
    values (a spec's); documents get ``analyze.drafting.for_matching``, which also makes
    look-alike letters Latin and maps what it finds back to the document's offsets."""
    return _INVISIBLE.sub("", text).translate(_SPACES)
