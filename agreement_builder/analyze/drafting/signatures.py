"""Signature blocks: missing, or fewer than the parties (DRF118, DRF119)."""

from __future__ import annotations

import re

from ...read.model import SourceDocument
from .base import _ANNEX_HEADING, Defect

_BY_LINE_END = r"\s*:\s*(?:_{3,}|-{3,}|/s/|(?:By|BY)\s*:|Name\s*:|NAME\s*:)"
# "By: Jane Smith" alone on its line (or its table cell): a typed name signs
_TYPED_NAME = (
    r"[ \t]*(?:/s/[ \t]*)?[A-Z][A-Za-z.'\-]+(?:[ \t][A-Z][A-Za-z.'\-]*){1,3}[ \t]*(?:\n|\||$)"
)
# every alternative starts with a literal, so the engine skips ahead to those characters
_SIGNATURE_BLOCK = re.compile(
    r"IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|Signed\s+by|SIGNED\s+by|Signature:|SIGNATURE:"
    rf"|By{_BY_LINE_END}|BY{_BY_LINE_END}|Per{_BY_LINE_END}|PER{_BY_LINE_END}|/s/\s*[A-Za-z]"
    r"|\n[ \t]*(?:Per|PER)[ \t]*:|Executed\s+by\b|Executed\s+as\s+a\s+deed|EXECUTED\s+AS\s+A\s+DEED"
    # a signature line: tried only where a run of "_" and "-" begins (the look-behind after
    # the literal). The run must be followed by what is not "_" or "-", so a match from
    # inside a run ends where one from its start does; tried at every "_", a long run was
    # quadratic (40 KB of "-": 20 s).
    r"|_(?<![_\-]_)[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
    r"|-(?<![_\-]-)[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
)

# Signature blocks of forms and tables, looked for only when none of the classic signs above
# is there (issue 16), so a contract's classic block keeps its start
_FORM_SIGNATURE = re.compile(
    # forms and tables (issue 16): a "Signature" column or label, "Signed at", "Print Name",
    # typed names after "By:", "Name: ... / Title:" pairs, "For X," heading a party's column
    # development corpus: "Accepted by:", "By its Authorized Representative", "/s/ [Illegible]",
    # "By: [SIG]"
    r"Accepted[ \t]+by[ \t]*:|ACCEPTED[ \t]+BY[ \t]*:"
    r"|By[ \t]+[Ii]ts[ \t]+(?:[Dd]uly[ \t]+)?[Aa]uthori[sz]ed[ \t]+[Rr]epresentative"
    r"|/s/[ \t]*\[|\[SIG\]"
    r"|Signature(?=[ \t]*(?:\n|:|\||\)|$)|[ \t]{2,}|[ \t]+(?:and|of|on)\b|,[ \t]+on\b)"
    r"|SIGNATURE(?=[ \t]*(?:\n|\||\)|$)|[ \t]{2,})"
    r"|Signed(?=[ \t]*:|[ \t]+(?:at|Dated|for|on\s+behalf)\b|[ \t]*\|)"
    r"|Print(?:ed)?[ \t]+[Nn]ame|PRINT(?:ED)?[ \t]+NAME|Name\s+of\s+(?:signatory|authori[sz]ed)"
    r"|Typed[ \t]+[Nn]ame|Full[ \t]+names?(?:[ \t]+and[ \t]+surname|[ \t]*(?::|\n|\|))"
    rf"|By[ \t]*:{_TYPED_NAME}|BY[ \t]*:{_TYPED_NAME}"
    r"|Name[ \t]*:[^\n:|]{1,60}\n[ \t|]*Title[ \t]*:|NAME[ \t]*:[^\n:|]{1,60}\n[ \t|]*TITLE[ \t]*:"
    r"|For[ \t]+(?:and[ \t]+on[ \t]+behalf[ \t]+of[ \t]+)?[A-Z][A-Za-z0-9&.'\- ]{1,60}[,:][ \t]*(?:\|[ \t]*For\b|\n[ \t|]*(?:By|Signature|Name|_{3}))"
    # two signature lines side by side, each a run of at least nine "_"
    r"|_(?<!__)_{8,}+[ \t]+_{9,}+[ \t]*(?:\n|$)"
)

# click-through terms say how they are accepted instead of carrying a block to sign
_CLICK_ACCEPT = re.compile(
    r"(?i:by\s+(?:clicking|checking|selecting|tapping)\b[^.\n]{0,80}\b(?:accept|agree|sign\s+up|submit|order)"
    r"|click(?:ing|s)?\s+(?:on\s+)?(?:an?\s+|the\s+)?[\"“']?\s*I\s+(?:agree|accept))"
)


def _first_block(text: str) -> re.Match[str] | None:
    return _SIGNATURE_BLOCK.search(text) or _FORM_SIGNATURE.search(text)


def signature_region(text: str) -> tuple[int, int] | None:
    """Where the signature block is: from its first sign ("IN WITNESS WHEREOF", "Signed by",
    a "By:" line ...) to the next exhibit, schedule or annex heading, else the end of the
    text; None when there is none."""
    block = _first_block(text)
    if block is None:
        return None
    annex = _ANNEX_HEADING.search(text, block.end())
    return block.start(), annex.start() if annex else len(text)


def check_signatures(doc: SourceDocument, parties: int) -> list[Defect]:
    """A missing signature block, or fewer signature lines than parties."""
    text = doc.text
    end = len(text)
    block = _first_block(text)
    if block is None:
        if _CLICK_ACCEPT.search(text):
            return []  # accepted by clicking: click-through terms have no block to sign
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
