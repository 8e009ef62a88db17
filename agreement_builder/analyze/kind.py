"""What kind of agreement a document is, told from the document itself (issue 14, item 6).

The kind decides which components are required, so guessing wrong turns into wrong errors.
The evidence, strongest first: the kind we recorded when we built the file (the DOCX custom
property or PDF Info key ``AgreementBuilderKind``), the title (the first short line that
names an agreement, "Co-Branding and Marketing Agreement"), then the recitals ("... wish to
form a joint venture"). When none of them tells, the kind is unknown and only the components
every partnership agreement needs are checked (the ``all`` profile), and a finding says so
once.
"""

from __future__ import annotations

import re

from ..core.startup import _Value, value
from ..core.taxonomy import KINDS
from ..read.model import SourceDocument

KIND_PROPERTY = "AgreementBuilderKind"

# title words per kind, in the order a tie is settled (the earliest match in the title wins)
_TITLE_WORDS: dict[str, str] = {
    "joint_venture": r"joint[\s-]+venture|\bjv\b",
    "co_marketing": r"co[\s-]?marketing|co[\s-]?branding|joint\s+marketing|marketing\s+"
    r"(?:alliance|partnership|collaboration|agreement)|promotion\s+agreement",
    "referral": r"referral|introducer|introduction\s+agreement|lead[\s-]+(?:generation|sharing)",
    "reseller": r"re-?sell(?:er|ing)|distribut(?:or|ion|orship)|\bvar\b|dealer(?:ship)?",
    "pilot": r"pilot|proof[\s-]+of[\s-]+concept|evaluation\s+agreement|trial\s+agreement",
    "licensing": r"licen[cs](?:e|ing)\b|royalty\s+agreement",
    "strategic_alliance": r"strategic\s+alliance|alliance|partnership\s+agreement|"
    r"partner\s+(?:program\s+)?agreement|collaboration",
}
_TITLE = re.compile(
    "|".join(f"(?P<{kind}>{words})" for kind, words in _TITLE_WORDS.items()), re.IGNORECASE
)
# the start of a line that names the agreement: a few words, then "agreement" (or another
# noun for one); the text may run on after it (extracted text often has no line breaks)
_TITLE_LINE = re.compile(
    r"^[^\n]{0,100}?\b(?:agreement|contract|memorandum\s+of\s+understanding|terms)\b",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE_SPAN = 3000  # characters from the top where the title is looked for
_RECITALS_SPAN = 12000
_RECITAL_START = re.compile(r"\b(?:whereas|recitals?|background)\b", re.IGNORECASE)
# what parties say they want to do, in recitals
_RECITAL_WORDS: dict[str, str] = {
    "joint_venture": r"(?:form|establish|create|operate)\s+(?:a|an)\s+(?:contractual\s+)?"
    r"joint\s+venture",
    "co_marketing": r"(?:jointly|co-?)\s*(?:market|promote|brand)|joint\s+marketing",
    "referral": r"refer(?:s|ring)?\s+(?:potential\s+|prospective\s+)?(?:customers|clients|leads)",
    "reseller": r"(?:resell|distribute)\s+(?:the\s+)?(?:products|services|licen[cs]es)",
    "pilot": r"\bpilot\s+(?:program(?:me)?|project|phase|period|deployment)|proof\s+of\s+concept",
    "licensing": r"(?:grant|obtain|receive)\s+(?:a|an)\s+(?:[a-z-]+\s+){0,3}licen[cs]e",
    "strategic_alliance": r"strategic\s+(?:alliance|partnership|relationship)",
}
_RECITAL = re.compile(
    "|".join(f"(?P<{kind}>{words})" for kind, words in _RECITAL_WORDS.items()), re.IGNORECASE
)


@value
class KindGuess(_Value):
    """The kind told from the document (``None``: it cannot be told), and how."""

    kind: str | None
    source: str  # "given" | "recorded" | "title" | "recitals" | "unknown"
    evidence: str = ""  # the property value, the title line or the recital words


def detect_kind(doc: SourceDocument) -> KindGuess:
    """The document's kind from our own recorded property, its title or its recitals."""
    recorded = doc.review.property(KIND_PROPERTY)
    if recorded in KINDS:
        return KindGuess(recorded, "recorded", f"{KIND_PROPERTY} = {recorded}")
    head = doc.text[:_TITLE_SPAN]
    for line in _TITLE_LINE.finditer(head):
        title = " ".join(line.group(0).split())
        match = _TITLE.search(title)
        if match and match.lastgroup:
            return KindGuess(match.lastgroup, "title", title)
    recital = _RECITAL_START.search(doc.text, 0, _RECITALS_SPAN)
    if recital:
        window = doc.text[recital.start() : recital.start() + _RECITALS_SPAN // 2]
        match = _RECITAL.search(window)
        if match and match.lastgroup:
            return KindGuess(match.lastgroup, "recitals", " ".join(match.group(0).split()))
    return KindGuess(None, "unknown")


def resolve_kind(doc: SourceDocument, given: str | None) -> KindGuess:
    """``given`` when the user named a kind (``--kind``), else :func:`detect_kind`."""
    if given:
        return KindGuess(given, "given")
    return detect_kind(doc)
