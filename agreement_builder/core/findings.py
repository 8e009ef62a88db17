"""Findings of the rule engine (on specs and documents): where, what, how severe."""

from __future__ import annotations

from collections.abc import Iterable

from .startup import _Value, value

SEVERITIES = ("info", "warning", "error")


@value
class Location(_Value):
    """Where a finding points: a spec node or a place in a document."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str | None = None  # spec path, e.g. "economics.splits"
    section: str | None = None  # document section number
    page: int | None = None
    excerpt: str | None = None
    paragraph: int | None = None  # DOCX: paragraph index in the body (documents have no lines)
    heading: str | None = None  # the caption of the document section ("Termination")
    start: int | None = None  # offsets into the document's text (ordering, highlighting)
    end: int | None = None


@value
class Finding(_Value):
    code: str
    name: str
    severity: str
    message: str
    location: Location
    why: str = ""
    fix: str = ""
    components: tuple[str, ...] = ()
    waived: bool = False
    waiver_reason: str | None = None


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            f.location.file,
            f.location.line or 0,
            f.location.column or 0,
            f.code,
            f.location.path or "",
        ),
    )


# what a signer loses first when a finding is wrong: money, then dates, then who is bound
_CONSEQUENCE = {
    **dict.fromkeys(
        ("revenue_sharing", "payment_terms", "cost_sharing", "liability", "indemnification"), 0
    ),
    **dict.fromkeys(("term", "termination"), 1),
    **dict.fromkeys(("parties", "signatures"), 2),
}
_OTHER = 3


def consequence(finding: Finding) -> int:
    """0 money, 1 dates, 2 parties, 3 anything else (by the finding's components)."""
    return min((_CONSEQUENCE.get(c, _OTHER) for c in finding.components), default=_OTHER)


def by_consequence(findings: Iterable[Finding]) -> list[Finding]:
    """A document's findings as a reviewer reads them: errors first, then warnings, then
    information; within each, money before dates before parties before the rest, and then
    in document order."""
    return sorted(
        findings,
        key=lambda f: (
            -SEVERITIES.index(f.severity) if not f.waived else 1,
            consequence(f),
            f.location.start if f.location.start is not None else -1,
            f.location.page or 0,
            f.location.line or 0,
            f.code,
        ),
    )


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Unwaived findings per severity, plus the waived ones."""
    out = dict.fromkeys((*reversed(SEVERITIES), "waived"), 0)
    for finding in findings:
        out["waived" if finding.waived else finding.severity] += 1
    return out


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    """True when an unwaived finding is at or above ``fail_on`` (``none`` never fails)."""
    if fail_on == "none":
        return False
    floor = SEVERITIES.index(fail_on)
    return any(not f.waived and SEVERITIES.index(f.severity) >= floor for f in findings)
