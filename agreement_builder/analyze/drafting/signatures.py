"""Signature blocks: missing, or fewer than the parties (DRF118, DRF119)."""

from __future__ import annotations

import re

from ...read.model import SourceDocument
from .base import _ANNEX_HEADING, Defect

_BY_LINE_END = r"\s*:\s*(?:_{3,}|-{3,}|/s/|(?:By|BY)\s*:|Name\s*:|NAME\s*:)"
# every alternative starts with a literal, so the engine skips ahead to those characters
_SIGNATURE_BLOCK = re.compile(
    r"IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|Signed\s+by|SIGNED\s+by|Signature:|SIGNATURE:"
    rf"|By{_BY_LINE_END}|BY{_BY_LINE_END}|Per{_BY_LINE_END}|PER{_BY_LINE_END}|/s/\s*[A-Za-z]"
    r"|\n[ \t]*(?:Per|PER)[ \t]*:|Executed\s+by\b"
    # a signature line: tried only where a run of "_" and "-" begins (the look-behind after
    # the literal). The run must be followed by what is not "_" or "-", so a match from
    # inside a run ends where one from its start does; tried at every "_", a long run was
    # quadratic (40 KB of "-": 20 s).
    r"|_(?<![_\-]_)[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
    r"|-(?<![_\-]-)[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
)


def signature_region(text: str) -> tuple[int, int] | None:
    """Where the signature block is: from its first sign ("IN WITNESS WHEREOF", "Signed by",
    a "By:" line ...) to the next exhibit, schedule or annex heading, else the end of the
    text; None when there is none."""
    block = _SIGNATURE_BLOCK.search(text)
    if block is None:
        return None
    annex = _ANNEX_HEADING.search(text, block.end())
    return block.start(), annex.start() if annex else len(text)


def check_signatures(doc: SourceDocument, parties: int) -> list[Defect]:
    """A missing signature block, or fewer signature lines than parties."""
    text = doc.text
    end = len(text)
    block = _SIGNATURE_BLOCK.search(text)
    if block is None:
        return [Defect("signature_missing", "no signature block found", max(0, end - 1), end)]
    region = text[block.start() :]
    by_lines = sum(1 for _ in re.finditer(r"(?m)(?:^|[ \t])(?:By|BY)[ \t]*:", region))
    slashes = sum(1 for _ in re.finditer(r"/s/", region))
    signature_lines = sum(1 for _ in re.finditer(r"Signature[ \t]*:", region))
    lines = max(by_lines, slashes, signature_lines)
    if parties >= 2 and 0 < lines < parties:
        return [
            Defect(
                "signature_count",
                f"{lines} signature line(s) for {parties} parties",
                block.start(),
                min(end, block.end()),
                (("lines", str(lines)), ("parties", str(parties))),
            )
        ]
    return []
