"""The first line of a pre-signing report: READY or NOT READY, and why, in a signer's words.

"NOT READY: 2 unresolved changes by Harbourview Legal, 1 open comment, 3 differences from
deal.yaml, 1 untracked edit, fields out of date". Each blocking finding is counted under
the phrase of its rule (by rule name, below); blocking findings of other rules are counted
as "other errors".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..core.findings import Finding, fails
from .model import Report

# rule name -> (one, many); "{spec}" is the spec's file name. Rules of one phrase add up.
_PHRASES: dict[str, tuple[str, str]] = {
    "presign.tracked-change": ("unresolved change", "unresolved changes"),
    "presign.open-comment": ("open comment", "open comments"),
    **dict.fromkeys(
        (f"presign.spec-{topic}" for topic in ("money", "dates", "parties", "law", "other")),
        ("difference from {spec}", "differences from {spec}"),
    ),
    "presign.spec-term-missing": ("term of {spec} missing", "terms of {spec} missing"),
    "presign.untracked-change": ("untracked edit", "untracked edits"),
    "presign.untracked-insertion": ("untracked edit", "untracked edits"),
    "presign.untracked-deletion": ("untracked edit", "untracked edits"),
    "presign.untracked-move": ("untracked edit", "untracked edits"),
    "presign.open-item-marker": ("open item marker", "open item markers"),
    "presign.open-items-section": ("open items list", "open items lists"),
    "presign.placeholder-control": ("empty form field", "empty form fields"),
    "presign.same-colour-text": ("invisible passage", "invisible passages"),
    "reading.hidden-text": ("hidden passage", "hidden passages"),
    "drafting.placeholder": ("placeholder", "placeholders"),
    "presign.external-content": ("external content link", "external content links"),
}
# rule names whose findings together say one thing, however many there are
_FLAGS: dict[str, str] = {
    "presign.missing-bookmark": "fields out of date",
    "presign.stale-reference": "fields out of date",
    "presign.dirty-field": "fields out of date",
    "presign.empty-toc": "fields out of date",
    "presign.draft-mark": "marked as a draft",
    "presign.subject-to-contract": "marked subject to contract",
    "presign.not-a-revision": "not the version sent",
    "presign.spec-fingerprint": "built from another spec",
}


def ready(report: Report, fail_on: str | None = None) -> bool:
    """Ready to sign: no unwaived finding at or above the gate (``error`` by default)."""
    return not fails(report.findings, fail_on or report.fail_on or "error")


def verdict(report: Report, fail_on: str | None = None) -> str:
    """``READY: ...`` or ``NOT READY: ...`` with what blocks signing, counted."""
    gate = fail_on or report.fail_on or "error"
    if ready(report, fail_on):
        return f"READY to sign: {_rest(report.findings)}"
    blocking = [f for f in report.findings if not f.waived and fails([f], gate)]
    return "NOT READY: " + ", ".join(_phrases(blocking, report))


def _phrases(blocking: Iterable[Finding], report: Report) -> list[str]:
    spec = Path(report.spec).name if report.spec else "the spec"
    counted: Counter[tuple[str, str]] = Counter()
    flags: list[str] = []
    others = 0
    for f in blocking:
        if f.name in _FLAGS:
            if _FLAGS[f.name] not in flags:
                flags.append(_FLAGS[f.name])
        elif f.name in _PHRASES:
            counted[_PHRASES[f.name]] += 1
        else:
            others += 1
    out = []
    for (one, many), n in counted.items():
        phrase = (one if n == 1 else many).format(spec=spec)
        if one == "unresolved change":
            phrase += _authors(report)
        out.append(f"{n} {phrase}")
    out.extend(flags)
    if others:
        out.append(f"{others} other error{'s' if others != 1 else ''}")
    return out


def _authors(report: Report) -> str:
    """`` by Harbourview Legal`` (or ``by A and B``, ``by A, B and 2 others``)."""
    if report.review is None:
        return ""
    names = list(dict.fromkeys(r.author for r in report.review.revisions if r.author))
    if not names:
        return ""
    if len(names) > 3:
        return f" by {', '.join(names[:2])} and {len(names) - 2} others"
    if len(names) > 1:
        return f" by {', '.join(names[:-1])} and {names[-1]}"
    return f" by {names[0]}"


def _rest(findings: Iterable[Finding]) -> str:
    left = Counter(f.severity for f in findings if not f.waived)
    if not left:
        return "nothing to resolve"
    parts = [
        f"{left[s]} {s}{'s' if left[s] != 1 and s == 'warning' else ''}"
        for s in ("warning", "info")
        if left[s]
    ]
    return "no blocking findings (" + ", ".join(parts) + " to read)"
