"""Leftover placeholders: ``[AMOUNT]``, ``TBD``, ``XXX``, blanks to fill in (DRF101)."""

from __future__ import annotations

import re

from ...read.model import SourceDocument
from .base import Defect, Tally, _body_end, _form_zones, _in_zones, _search_end, _short
from .lookalikes import RunningText
from .signatures import signature_region

_PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{0,400}\]"  # bracketed text, judged below (drafting notes run long)
    r"|\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}"  # template markup
    # single-brace fields of modern templates: {provider_name}, {Customer Name}, {IF x}
    r"|\{[ \t]*(?:[A-Za-z_][A-Za-z0-9_.\- \t]{0,60}|(?:IF|If|if)[ \t][^{}\n=]{0,80})\}"
    r"|⎣[^⎣⎦\n]{0,80}⎦"  # bracket-corner fields
    r"|\((?:[Ii]nsert|INSERT)\b[^()\n]{0,120}\)"  # (Insert name of the recipient)
    r"|<<[^<>\n]{1,60}>>|«[^«»\n]{1,60}»"
    r"|TBD|TBC|XXX+"
    r"|__{3,}"  # four or more; written so every alternative starts with a literal (fast scan)
)
_NOT_PLACEHOLDER = re.compile(
    r"\[\s*(?:\*+|•\s*\*+|redacted|\*+\s*redacted\s*\*+|confidential(?: treatment requested)?|"
    r"confidential portion[^\]]*|reserved|intentionally omitted|intentionally left blank|omitted|deleted|"
    r"text omitted|signature pages? (?:follows?|to follow)|signature page to follow|"
    r"remainder of (?:this )?page (?:is )?intentionally (?:left )?blank|[ xX✓✔]|)\s*\.?\s*\]",
    re.IGNORECASE,
)
_FIELD_WORDS = (
    r"date|name|amount|address|party|company|number|title|country|state|city|county|jurisdiction|"
    r"percent(?:age)?|price|fees?|term|period|days|months|years|currency|sum|value|e-?mail|phone|"
    r"signatory|counterparty|entity|tbd|tbc|insert"
)
# in title case only the words that name a value to fill in ("[During Term]" is a heading note)
_TITLE_FIELDS = r"Name|Date|Address|Amount|Number|Price|Fee|Fees|Percentage|E-?mail|Phone|Signature"
_BRACKET_PLACEHOLDER = re.compile(
    r"\[\s*(?:"
    r"(?:[$€£]|USD|EUR|GBP)?\s*(?:[●•…_]+|\.{3,})\s*%?|[xX]{2,}|\?+|#+"  # blanks and bullets
    r"|(?i:insert|enter|specify|add|fill in|complete|to come|to be (?:confirmed|determined|agreed|inserted))\b[^\]]*"
    r"|(?i:drafting note|note to (?:draft|drafter|client|reader)|NTD|drafter'?s note)\b[^\]]*"
    r"|(?i:tbd|tbc|date|name|amount|address|signature)"
    rf"|(?:[A-Z][a-z]+[ \t]){{1,3}}(?:{_TITLE_FIELDS})"  # [Customer Name], [Effective Date]
    rf"|(?=[^\]]*\b(?:{_FIELD_WORDS.upper()})\b)[A-Z0-9][A-Z0-9 /&,.'’\-]*"  # [AZUL NAME], [NAME/TITLE]
    r")\s*\]"
)
_XXX_CONTEXT = re.compile(r"(?:[$€£]|USD|EUR|GBP)\s*$|\(\s*$")
_SIGNATURE_CONTEXT = re.compile(
    r"(?:by|name|title|date|dated|signature|signed|per|its|witness|print(?:ed)? name|"
    r"authori[sz]ed signatory|initials?|officer|representative|director)\s*:?\s*$",
    re.IGNORECASE,
)
# a label after the blank, on its line or the next: "________ Date", "____\nName of signatory"
_SIGNATURE_LABEL_AFTER = re.compile(
    r"[ \t_]{0,80}+(?:\n[ \t|]{0,20}+)?\(?(?:Name|NAME|Title|TITLE|Date|DATE|Signature|SIGNATURE|Signed|"
    r"Print|PRINT|Authori[sz]ed|AUTHORI[SZ]ED|Witness|WITNESS|By|BY|Its|ITS|Designation)\b"
)
# the closing and branch tags of a template condition: the opening one is reported
_TEMPLATE_CLOSE = re.compile(r"\{\s*(?:END|End|end|ELSE|Else|else|/)", re.ASCII)


# the same for an ASCII line in lower case: ignoring case cost 3x as much
_SIGNATURE_CONTEXT_ASCII = re.compile(_SIGNATURE_CONTEXT.pattern)


def _signature_context(line_before: str) -> bool:
    """Does the line before a blank end as a signature field does ("Name:", "By")?"""
    if line_before.isascii():
        return _search_end(_SIGNATURE_CONTEXT_ASCII, line_before.lower(), 3) is not None
    return _search_end(_SIGNATURE_CONTEXT, line_before, 3) is not None


def find_placeholders(doc: SourceDocument, running: tuple[RunningText, ...] = ()) -> list[Defect]:
    """Leftover drafting placeholders; redaction markers, checkboxes and signature blanks are fine.

    ``running``: the running page headers and footers as written (``doc``, the copy for
    matching, has them blanked; ``DraftingContext.running``), whose placeholders are reported
    once per distinct header or footer."""
    text = doc.text
    body_end = _body_end(text)
    zones: list[tuple[int, int]] | None = None
    region: tuple[int, int] | None = None
    region_known = False
    out: list[Defect] = []
    tally = Tally()
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        first = token[0]
        if first != "_":
            if not _is_field(token, text, match.start(), match.end()):
                continue
        else:
            if match.start() >= body_end:
                continue  # signature pages and exhibits: blanks to sign or fill in later
            # the line's text before the blank, at most 60 characters: a newline further
            # back does not matter (rfind from the text's start was quadratic in one line)
            lo = max(0, match.start() - 60)
            line_before = text[max(text.rfind("\n", lo, match.start()) + 1, lo) : match.start()]
            if not line_before.strip() or _signature_context(line_before):
                continue
            if _SIGNATURE_LABEL_AFTER.match(text, match.end()):
                continue  # a signature line with its label after or below it
            if not region_known:
                region, region_known = signature_region(text), True
            if region and region[0] <= match.start() < region[1]:
                continue  # a blank of the signature block, filled in when signing
        if zones is None:
            zones = _form_zones(text)
        if zones and _in_zones(match.start(), zones):
            continue
        if not tally.wants("placeholder"):
            break  # ENOUGH of them, and one more
        out.append(
            Defect(
                "placeholder", f"leftover placeholder {_short(token)!r}", match.start(), match.end()
            )
        )
    if running:
        out.extend(_running_placeholders(running, tally))
        out.sort(key=lambda d: d.start)
    return tally.result(out)


def _is_field(token: str, text: str, start: int, end: int) -> bool:
    """Is ``token`` (a match of :data:`_PLACEHOLDER` at ``text[start:end]``, not a run of
    underscores) a field left to fill in, judged by its own shape and the characters around?"""
    first = token[0]
    if first == "[":
        return not _NOT_PLACEHOLDER.fullmatch(token) and bool(_BRACKET_PLACEHOLDER.fullmatch(token))
    if first == "<" or first == "«":
        # guillemets also quote names and titles ("<<Incoterms 2000>>", "SMELTERS << Pty >>
        # Ltd"): a field only when its words are one, judged as a bracketed field
        inner = token[2:-2] if first == "<" else token[1:-1]
        return bool(_BRACKET_PLACEHOLDER.fullmatch(f"[{inner}]"))
    if first == "{":
        return not _TEMPLATE_CLOSE.match(token)
    if first == "T" or first == "X":
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            return False
        if first == "X":
            return bool(_XXX_CONTEXT.search(text[max(0, start - 6) : start]))
    return True


_NUMBERS = re.compile(r"\d+")


def _running_placeholders(running: tuple[RunningText, ...], tally: Tally) -> list[Defect]:
    """Placeholders in running page headers and footers ("[Company Name] - Confidential",
    "Draft [date]   Page 3"): once per distinct header or footer (its page numbers aside), at
    its first page. Blanks of underscores are left alone there (initials lines)."""
    groups: dict[tuple[str, str], list[RunningText]] = {}
    for item in running:
        key = (item.part, _NUMBERS.sub("#", " ".join(item.text.split())))
        groups.setdefault(key, []).append(item)
    out: list[Defect] = []
    for (part, _), items in groups.items():
        first = items[0]
        text = first.text
        exact = len(text) == first.end - first.start  # no hidden character dropped from it
        for match in _PLACEHOLDER.finditer(text):
            token = match.group(0)
            if token[0] == "_" or not _is_field(token, text, match.start(), match.end()):
                continue
            if not tally.wants("placeholder"):
                return out
            where = f"in the running page {part}"
            if len(items) > 1:
                where += f", repeated on {len(items)} pages"
            start, end = (
                (first.start + match.start(), first.start + match.end())
                if exact
                else (first.start, first.end)
            )
            out.append(
                Defect("placeholder", f"leftover placeholder {_short(token)!r} {where}", start, end)
            )
    return out
