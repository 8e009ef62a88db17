"""Open items: one list for ``check`` and ``build``.

An open item is anything that stops the agreement being signed as built: an unwaived
error-level finding of ``check``. The build's own gaps are among them, because three rules
report them from the very steps ``build`` takes (build/assemble.undecided): a value the spec
leaves undecided (GAP101), two clauses that exclude each other (GAP102) and a component with
no clause, printed as a placeholder article (GAP103). A component the kind requires is
reported by CMP001 at the same spec path instead, once.

``build`` gets the same findings as :func:`open_item_gaps`: a failed check becomes a
``[CHECK ...]`` item marked in the section it concerns; a finding that reports one of the
build's gaps (origin ``report``) labels that gap, which is already marked, rather than
adding a second item (build/gaps.reconcile). The test over every sample holds the two lists
equal.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..build.model import Gap
from ..core.findings import Finding

# the rules that report the build's gaps, by their gap's origin (rules/spec/open_items.yaml)
GAP_RULES = {
    "value": "open-items.undecided-value",
    "conflict": "open-items.conflicting-clauses",
    "component": "open-items.undecided-component",
}
REQUIRED_MISSING = "components.required-missing"  # CMP001: reports a placeholder itself


def is_open_item(finding: Finding) -> bool:
    """An unwaived error: what ``build`` lists and ``build --strict`` refuses to write."""
    return finding.severity == "error" and not finding.waived


def reports_a_gap(finding: Finding) -> bool:
    """Does ``finding`` report a gap the build marks itself (not a failed check)?"""
    return finding.name in GAP_RULES.values() or finding.name == REQUIRED_MISSING


def open_item_gaps(findings: Iterable[Finding]) -> list[Gap]:
    """The open items among ``findings``, as the build takes them."""
    return [
        Gap(
            f.location.path or "",
            f.message,
            code=f.code,
            origin="report" if reports_a_gap(f) else "check",
            components=tuple(f.components),
        )
        for f in findings
        if is_open_item(f)
    ]


def once(findings: list[Finding]) -> list[Finding]:
    """Each open item reported once: a GAP finding at the spec path of a CMP001 finding
    (the component the kind requires is the item the placeholder shows) is dropped."""
    required = {f.location.path for f in findings if f.name == REQUIRED_MISSING}
    if not required:
        return findings
    gap_rules = set(GAP_RULES.values())
    return [f for f in findings if not (f.name in gap_rules and f.location.path in required)]
