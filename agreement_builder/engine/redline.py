"""Untracked edits as findings: the returned file against the version we sent
(``agreement presign --against SENT``), one located finding per difference.

The comparison is analyze/redline.py; the rules are data in rules/document/presign-changes.yaml
(``type: engine``): a change, an inserted or a deleted clause that no tracked change accounts
for is an error, a clause moved without tracking a warning, a tracked difference information.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..analyze.components import Locator
from ..analyze.redline import Difference, Redline, redline
from ..core.findings import Finding
from ..read.model import SourceDocument
from .config import Config
from .registry import Registry
from .run_document import MAX_FINDINGS_PER_RULE, engine_finding, located_finding

# below this share of the sent version's words, the returned file is another document
SAME_DOCUMENT = 0.5

UNTRACKED_CHANGE = "presign.untracked-change"
UNTRACKED_INSERTION = "presign.untracked-insertion"
UNTRACKED_DELETION = "presign.untracked-deletion"
UNTRACKED_MOVE = "presign.untracked-move"
TRACKED = "presign.tracked-difference"
NOT_A_REVISION = "presign.not-a-revision"

_TRACKED_WHAT = {
    "changed": "change",
    "inserted": "insertion",
    "deleted": "deletion",
    "moved": "move",
}


def redline_findings(
    returned: SourceDocument,
    sent: SourceDocument,
    returned_original: SourceDocument | None,
    registry: Registry,
    config: Config,
    locator: Locator,
    result: Redline | None = None,
) -> list[Finding]:
    """Findings for every difference between ``sent`` and ``returned``, located in
    ``returned`` (``locator`` is ``Locator(returned)``). ``returned_original`` is the returned
    file read with its tracked changes rejected (None for a PDF, a text, or a file without
    tracked changes: every difference is then untracked)."""
    if result is None:  # the comparison, when the caller has not made it already
        result = redline(sent, returned, returned_original)
    if result.shared < SAME_DOCUMENT and sent.text.strip():
        values = {"shared": f"{result.shared:.0%}"}
        found = located_finding(registry, config, NOT_A_REVISION, values, returned, locator)
        return [found] if found else []
    findings: list[Finding] = []
    shown: Counter[str] = Counter()
    more: Counter[str] = Counter()
    for difference in result.differences:
        for name, values in _rule_hits(difference):
            if shown[name] >= MAX_FINDINGS_PER_RULE:
                more[name] += 1
                continue
            found = located_finding(
                registry,
                config,
                name,
                values,
                returned,
                locator,
                difference.start,
                difference.end,
            )
            if found is not None:
                shown[name] += 1
                findings.append(found)
    for name, count in more.items():
        rule = registry.find(name)
        values = {"code": rule.code if rule else name, "more": f"{count:,}"}
        values["shown"] = str(MAX_FINDINGS_PER_RULE)
        capped = engine_finding(registry, config, "document.findings-capped", returned.path, values)
        if capped is not None:
            findings.append(capped)
    return findings


def _rule_hits(d: Difference) -> list[tuple[str, dict[str, Any]]]:
    """The rules a difference raises, with their message values."""
    section = where(d.number, d.caption)
    sent_section = where(d.sent_number, d.sent_caption)
    common = {"section": section, "sent_section": sent_section}
    if d.tracked:
        values = {**common, "what": _TRACKED_WHAT[d.kind], "detail": _detail(d)}
        return [(TRACKED, values)]
    if d.kind == "inserted":
        return [(UNTRACKED_INSERTION, {**common, "text": d.now})]
    if d.kind == "deleted":
        return [(UNTRACKED_DELETION, {**common, "text": d.was})]
    hits: list[tuple[str, dict[str, Any]]] = []
    if d.kind == "moved":
        hits.append((UNTRACKED_MOVE, common))
    if d.kind == "changed" or d.changed:
        hits.append((UNTRACKED_CHANGE, {**common, "was": d.was, "now": d.now}))
    return hits


def _detail(d: Difference) -> str:
    if d.kind == "inserted":
        return f'inserted "{d.now}"'
    if d.kind == "deleted":
        return f'deleted "{d.was}" (was {where(d.sent_number, d.sent_caption)})'
    if d.kind == "moved":
        moved = f"moved from {where(d.sent_number, d.sent_caption)}"
        return f'{moved}; "{d.was}" now "{d.now}"' if d.changed else moved
    return f'was "{d.was}", now "{d.now}"'


def where(number: str | None, caption: str | None) -> str:
    """A section as a reader finds it: "7.2 (Termination for Convenience)", "Signatures"."""
    if number and caption:
        return f"{number} ({caption})"
    return number or caption or "the opening text (before any numbered section)"
