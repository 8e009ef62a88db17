"""Run the rules against a spec: findings located in the spec file, waivers applied."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.findings import Finding, Location, sort_findings
from ..core.visible import visible
from ..spec.context import spec_context
from ..spec.model import AgreementSpec
from .config import Config
from .open_items import once
from .registry import Registry, Rule, load_registry
from .types import HELPERS, RULE_TYPES, Hit, SpecTarget

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
WAIVER_UNKNOWN = "waiver.unknown-rule"


def format_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; values are data (no attribute access, no format spec).
    Bidi controls in the values are shown as ``<U+202E>``: they would reorder the report."""
    return visible(_PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template))


def check_spec(
    spec: AgreementSpec, config: Config | None = None, registry: Registry | None = None
) -> list[Finding]:
    """Every finding for ``spec`` under ``config``, waived ones marked, sorted by place."""

    registry = registry or load_registry()
    config = config or Config()
    context = dict(spec_context(spec), **HELPERS, party_ids=[p.id for p in spec.parties])
    target = SpecTarget(spec, context, registry.components, registry.profile(spec.kind))
    findings: list[Finding] = []
    for rule in registry:
        if not rule.applies_to("spec", spec.kind):
            continue
        severity = config.severity(rule)
        if severity is None:
            continue
        for hit in RULE_TYPES[rule.type].run(rule.params, target):
            findings.append(_finding(rule, severity, hit, spec))
    findings.extend(_waiver_problems(spec, registry, config))
    return sort_findings(apply_waivers(once(findings), spec, registry))


def _finding(rule: Rule, severity: str, hit: Hit, spec: AgreementSpec) -> Finding:
    where = spec.locate(hit.path)
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=format_message(rule.message, hit.values),
        location=Location(where.file, where.line, where.column, hit.path or None),
        why=rule.why,
        fix=format_message(rule.fix, hit.values),
        components=hit.components or rule.components,
    )


def _waiver_problems(spec: AgreementSpec, registry: Registry, config: Config) -> list[Finding]:
    rule = registry.find(WAIVER_UNKNOWN)
    severity = config.severity(rule) if rule else None
    if rule is None or severity is None:
        return []
    out = []
    for index, waiver in enumerate(spec.waivers):
        if registry.find(waiver.rule) is None:
            hit = Hit(f"waivers[{index}].rule", {"rule": waiver.rule})
            out.append(_finding(rule, severity, hit, spec))
    return out


def apply_waivers(
    findings: Iterable[Finding], spec: AgreementSpec, registry: Registry
) -> list[Finding]:
    """Mark findings of waived rules as waived, with the drafters' reason."""
    reasons: dict[str, str] = {}
    for waiver in spec.waivers:
        rule = registry.find(waiver.rule)
        if rule is not None:
            reasons[rule.code] = waiver.reason
    out = []
    for finding in findings:
        reason = reasons.get(finding.code)
        if reason is not None and finding.name != WAIVER_UNKNOWN:
            finding = Finding(**{**finding.__dict__, "waived": True, "waiver_reason": reason})
        out.append(finding)
    return out
