"""The parties: who they are (the context every detector gets), names spelt differently
(DRF116), companies acting as parties that the preamble does not name (DRF120)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ...read.model import SourceDocument
from .base import Defect
from .lookalikes import RunningText, running_texts
from .terms import _preamble_end

_URL_CONTEXT = re.compile(r"[@./:]$|www\.$")


def check_party_names(doc: SourceDocument, party_names: Iterable[str]) -> list[Defect]:
    """A party's short name in a near-miss spelling ("Northwind" / "NorthWind" / "North Wind").

    Line breaks, capitals (headings, signature blocks) and e-mail or web addresses are not
    misspellings; nor is a one-word name written in lower case when it is an ordinary word.
    """
    out: list[Defect] = []
    text = doc.text
    lowered = doc.folded
    for name in party_names:
        if len(name) < 4 or name.isupper():
            continue
        squashed = re.sub(r"[\s\-]", "", name)
        folded = len(lowered) == len(text)  # else: a character lower-cases into two
        pattern = _spelling_pattern(squashed, folded)
        variants: dict[str, tuple[int, int]] = {}
        for match in pattern.finditer(lowered if folded else text):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_@./-"):
                continue  # inside a word, an e-mail address or a path
            variant = text[start : match.end()]
            if variant == name or variant.isupper():
                continue
            if _URL_CONTEXT.search(text[max(0, match.start() - 4) : match.start()]):
                continue
            if variant.islower() and " " not in name and not any(c.isupper() for c in name[1:]):
                continue  # "agency", "contractor": an ordinary word
            if variant.islower() and "-" in variant:
                continue  # an identifier such as a file or id slug
            pos, count = variants.get(variant, (match.start(), 0))
            variants[variant] = (pos, count + 1)
        for variant, (pos, count) in variants.items():
            spacing_only = variant.replace(" ", "").replace("-", "") == squashed
            if spacing_only and doc.format in ("pdf", "text") and count < 2:
                continue  # a space dropped or added once by PDF text extraction
            out.append(
                Defect(
                    "party_spelling",
                    f"party name written {variant!r}; elsewhere {name!r}",
                    pos,
                    pos + len(variant),
                    (("party", name), ("variant", variant)),
                )
            )
    return out


@lru_cache(maxsize=1024)
def _spelling_pattern(squashed: str, folded: bool) -> re.Pattern[str]:
    """The name's letters, each optionally followed by a space or hyphen ("North-Wind").

    On lower-cased text (``folded``) the engine can jump to the first letter; the word start
    is checked by the caller (a look-behind would make it try every position).
    """
    body = r"[ \-]?".join(re.escape(ch) for ch in (squashed.lower() if folded else squashed))
    return re.compile(body + r"(?![\w\-]|\.[a-z])", 0 if folded else re.IGNORECASE)


_PARTY_DEF = re.compile(
    r"\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|herein\s+)?"
    r"[\"“]([A-Z][A-Za-z0-9&\-. ’']{1,40}?)[\"”]\s*\)"
)
_ENTITY = re.compile(
    r"\b(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|LLP|LP|L\.P|GmbH|AG|S\.A|SA|B\.V|BV|N\.V|"
    r"plc|PLC|Pty|SAS|S\.p\.A|Co|KK|Oy|AB|A/S|ASA)\b|\b(?:company|corporation|partnership|individual|"
    r"organi[sz]ed|incorporated|established|existing|residing|registered|principal\s+(?:place|office)|"
    r"an?\s+[A-Z][a-z]+\s+(?:limited|corporation|company|entity))\b"
)
_ROLE_WORDS = {
    "Agreement",
    "Effective Date",
    "Party",
    "Parties",
    "Term",
    "Commencement Date",
    "Execution Date",
    "Closing Date",
    "Original Agreement",
    "Amendment",
}


@dataclass(frozen=True)
class DraftingContext:
    """What detectors know about the document as a whole: the parties named in its preamble.

    Parties are the names defined right after a legal name ("Northwind Analytics Limited,
    a company ... ("Northwind")"), not every term the preamble defines.
    """

    party_names: tuple[str, ...] = ()
    parties: int = 0
    # the running page headers and footers of a PDF or extracted text as written: the copy
    # the detectors read has them blanked (issue 16), yet a placeholder in one is still left
    # in the document (DRF101 reports it once per distinct header)
    running: tuple[RunningText, ...] = ()

    @classmethod
    def from_document(
        cls, doc: SourceDocument, source: SourceDocument | None = None
    ) -> DraftingContext:
        """The context of ``doc``, the copy for matching; ``source``: the document as read,
        whose running headers and footers the copy blanks."""
        running = running_texts(source, doc) if source is not None else ()
        text = doc.text
        end = _preamble_end(text)
        head = text[: max(end, 200)]
        names: list[str] = []
        previous = 0
        for match in _PARTY_DEF.finditer(head):
            segment = head[max(previous, match.start() - 400) : match.start()]
            previous = match.end()
            name = re.sub(r"\s+", " ", match.group(1)).strip()
            if name in _ROLE_WORDS or not _ENTITY.search(segment):
                continue
            names.append(name)
        names = list(dict.fromkeys(names))[:8]
        return cls(tuple(names), len(names), running)


_COMPANY_SUFFIX = (
    r"(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corporation|"
    r"Corp\.?|LLP|GmbH|plc|PLC|S\.A\.|B\.V\.|N\.V\.|AG|Pty)(?![A-Za-z])"
)
_COMPANY = re.compile(r"\b((?:[A-Z][A-Za-z0-9&'-]*\.?\s+){1,4}?" + _COMPANY_SUFFIX + ")")
_SUFFIX = re.compile(_COMPANY_SUFFIX)
_NAME_REACH = 300  # characters before a suffix searched for the up to four words of a name


def _companies(text: str, pos: int, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``_COMPANY.finditer(text, pos, endpos)``, found from the suffixes (Inc., LLC, GmbH):
    the name pattern alone had no fixed start, so the engine tried it at every position."""
    end = len(text) if endpos is None else endpos
    for suffix in _SUFFIX.finditer(text, pos, end):
        if suffix.start() < pos:
            continue  # inside the name matched before
        match = _COMPANY.search(text, max(pos, suffix.start() - _NAME_REACH), suffix.end())
        if match is not None:
            pos = match.end()
            yield match


_ACTS = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:shall|will|agrees|hereby|must)\b")
_GENERIC_FIRST = {"The", "This", "Such", "Each", "Any", "Our", "Its", "Parent", "Holding"}


def _company_key(name: str) -> str:
    words = [w for w in name.split() if w not in _GENERIC_FIRST]
    return words[0].strip(".,'").lower() if words else ""


def check_foreign_parties(doc: SourceDocument, ctx: DraftingContext) -> list[Defect]:
    """A company that acts as a party ("Gamma Corp. shall ...") but is named nowhere in the
    preamble: usually left over from the deal the draft was copied from.

    Only companies that take on obligations count; names in notices, signature pages and
    exhibits (counsel, affiliates, suppliers) were measured on CUAD as mostly legitimate.
    """
    text = doc.text
    head_end = _preamble_end(text)
    known = {_company_key(m.group(1)) for m in _companies(text, 0, head_end)}
    known |= {n.split()[0].lower() for n in ctx.party_names if n.split()}
    if not known - {""}:
        return []  # no parties found in the preamble: nothing to compare with
    out: list[Defect] = []
    reported: set[str] = set()
    for match in _companies(text, head_end):
        name = " ".join(match.group(1).split())
        key = _company_key(name)
        if not key or key in known or key in reported:
            continue
        if _ACTS.match(text, match.end()) is not None:
            reported.add(key)
            out.append(
                Defect(
                    "party_foreign",
                    f"{name!r} acts as a party but is not named in the preamble"
                    " (left from another deal?)",
                    match.start(),
                    match.end(),
                )
            )
    return out
