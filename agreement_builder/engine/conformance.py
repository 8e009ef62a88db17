"""Conformance findings: the deviations of a document from its approved spec, as located
findings of the rules in rules/document/presign-spec.yaml (PRS201-PRS207).

``presign --spec`` calls :func:`conformance_findings`; the comparing is
``analyze.conformance.conform``'s, this module names, words and locates what it found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePath

from ..analyze.components import Locator
from ..analyze.conformance import Deviation, conform
from ..core.findings import Finding
from ..read.model import DocSection, SourceDocument
from ..spec.fingerprint import KIND_PROPERTY, SPEC_PROPERTY, VERSION_PROPERTY, spec_fingerprint
from ..spec.model import AgreementSpec
from .config import Config
from .registry import Registry
from .run_document import located_finding

RULE_BY_TOPIC: Mapping[str, str] = {
    "money": "presign.spec-money",
    "dates": "presign.spec-dates",
    "parties": "presign.spec-parties",
    "law": "presign.spec-law",
    "other": "presign.spec-other",
}
MISSING_RULE = "presign.spec-term-missing"
FINGERPRINT_RULE = "presign.spec-fingerprint"

# the component a spec path belongs to (longest prefix first): findings carry it, so that a
# report groups and orders them with the clause they are about
_COMPONENTS = (
    ("economics.due_days", "payment_terms"),
    ("economics.currency", "payment_terms"),
    ("economics", "revenue_sharing"),
    ("ip.licences", "license_grant"),
    ("liability", "liability"),
    ("pilot", "term"),
    ("term", "term"),
    ("exit", "termination"),
    ("agreement.effective_date", "term"),
    ("agreement.governing_law", "governing_law"),
    ("disputes", "dispute_resolution"),
    ("exclusivity", "exclusivity"),
    ("kpis", "kpis"),
)


def component_of(path: str) -> str:
    if path.startswith("parties["):
        return "signatures" if ".signatory" in path else "parties"
    return next((c for prefix, c in _COMPONENTS if path.startswith(prefix)), "general_provisions")


def conformance_findings(
    doc: SourceDocument,
    spec: AgreementSpec,
    spec_path: str,
    registry: Registry,
    config: Config,
    locator: Locator,
) -> list[Finding]:
    """PRS findings for ``doc`` against ``spec`` (read from ``spec_path``): the fingerprint
    check first, then each deviation in ``conform``'s order (money, dates, parties, law,
    other). A rule switched off in ``config`` gives nothing."""
    name = PurePath(spec_path).name or spec_path
    out: list[Finding] = []
    stamp = fingerprint_finding(doc, spec, name, registry, config, locator)
    if stamp is not None:
        out.append(stamp)
    for deviation in conform(doc, spec):
        finding = deviation_finding(deviation, doc, name, registry, config, locator)
        if finding is not None:
            out.append(finding)
    return out


def deviation_finding(
    deviation: Deviation,
    doc: SourceDocument,
    spec_name: str,
    registry: Registry,
    config: Config,
    locator: Locator,
) -> Finding | None:
    rule = MISSING_RULE if deviation.missing else RULE_BY_TOPIC[deviation.topic]
    values = {
        "path": deviation.path,
        "spec": spec_name,
        "approved": deviation.approved,
        "label": deviation.label,
        "found": deviation.found or "",
        "where": where(deviation, doc),
        "note": f"; {deviation.note}" if deviation.note else "",
    }
    finding = located_finding(
        registry, config, rule, values, doc, locator, deviation.start, deviation.end
    )
    if finding is None:
        return None
    return replace(
        finding,
        location=replace(finding.location, path=deviation.path),
        components=(component_of(deviation.path),),
    )


def where(deviation: Deviation, doc: SourceDocument) -> str:
    """A place a person can find: "Section 21.1 (Termination for Convenience)", "Schedule 1 –
    Key Performance Indicators, table", "signature block"; "no clause for it" when missing."""
    if deviation.context == "no such clause":
        return "no clause for it"
    section = _captioned_section(doc.sections, deviation.start)
    parts = []
    if section is not None and deviation.context not in ("signature block", "preamble"):
        number = section.number or ""
        if number[:1].isdigit():
            parts.append(f"Section {number} ({section.caption})")
        elif number and not number.startswith("("):  # "Schedule 1", "Article IV"
            parts.append(f"{number} ({section.caption})")
        else:
            parts.append(section.caption or "")
    if deviation.context:
        parts.append(deviation.context)
    return ", ".join(p for p in parts if p) or "start of the document"


def _captioned_section(sections: tuple[DocSection, ...], offset: int) -> DocSection | None:
    """The innermost section with a caption that holds ``offset`` (a list item "(a)" has none)."""
    best: DocSection | None = None
    for section in sections:
        if section.start > offset:
            break
        if section.caption and section.end > offset:
            best = section  # later starts are nested deeper
    return best


def fingerprint_finding(
    doc: SourceDocument,
    spec: AgreementSpec,
    spec_name: str,
    registry: Registry,
    config: Config,
    locator: Locator | None = None,
) -> Finding | None:
    """PRS207 when the document records a spec fingerprint other than ``spec``'s; nothing
    when it records none (not built by us, or the property was removed)."""
    recorded = doc.review.property(SPEC_PROPERTY)
    if not recorded:
        return None
    expected = spec_fingerprint(spec)
    if recorded.strip().lower() == expected:
        return None
    values = {
        "spec": spec_name,
        "expected": expected[:12],
        "recorded": recorded.strip()[:12],
        "kind": doc.review.property(KIND_PROPERTY) or "not recorded",
        "version": doc.review.property(VERSION_PROPERTY) or "not recorded",
    }
    return located_finding(registry, config, FINGERPRINT_RULE, values, doc, locator or Locator(doc))
