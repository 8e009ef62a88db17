"""A rule's documentation: ``agreement rules CODE`` and docs/rules.md (generated:
``python -m agreement_builder.engine.docs`` rewrites it)."""

from __future__ import annotations

import json
import sys

from ..core.resources import SOURCE_TREE
from ..core.taxonomy import KINDS as AGREEMENT_KINDS
from .registry import Registry, Rule, load_registry


def explain_rule(rule: Rule) -> str:
    """The rule as ``agreement rules CODE`` prints it: name, why, fix, source, an example."""
    preview = "; preview: off unless --preview" if rule.preview else ""
    lines = [
        f"{rule.code} {rule.name} ({rule.severity}; {', '.join(rule.targets)}{preview})",
        f"  components: {', '.join(rule.components)}",
        f"  kinds: {'all' if len(rule.kinds) == len(AGREEMENT_KINDS) else ', '.join(rule.kinds)}",
        f"  message: {rule.message}",
        f"  why: {rule.why}",
        f"  fix: {rule.fix}",
        f"  source: {rule.source}",
    ]
    example = rule.example or _first_failing_case(rule)
    if example:
        lines.append(f"  fails on: {example}")
    return "\n".join(lines)


def _first_failing_case(rule: Rule) -> str | None:
    cases = rule.cases.get("fail") or []
    if not cases:
        return None
    base = rule.cases.get("base", "strategic_alliance")
    return f"samples/{base}.yaml with {json.dumps(cases[0], default=str)}"


def rules_markdown(registry: Registry) -> str:
    """docs/rules.md: every rule with its why, fix, source; the profiles per kind."""
    out = [
        "# Rules",
        "",
        "Generated from `rules/` by `python -m agreement_builder.engine.docs`; do not edit by hand",
        "(a test fails when this page is stale). `agreement rules CODE` shows the same text.",
        "",
        "Severities are the `default` preset's; the `strict` preset raises warnings to errors",
        "(or to the severity in the *strict* column). Configure them in `agreement.toml` or",
        "`[tool.agreement]` (see README), waive one in a spec with `waivers: [{rule, reason}]`.",
        "",
        "**Preview rules** (marked *preview* below), like ruff's, are off by default: their",
        "precision, measured by judging a sample of their findings on real contracts",
        "(docs/accuracy.md, Per-rule precision), is below the bar of their severity (error 0.95,",
        "warning 0.85, info 0.70). They run only in preview mode: `--preview` on `lint` and",
        "`presign`, or `preview = true` in the config; selecting one by code is not enough.",
        "",
        "## Required and recommended components per kind",
        "",
        "| kind | required | recommended |",
        "|---|---|---|",
    ]
    for kind in AGREEMENT_KINDS:
        profile = registry.profile(kind)
        out.append(
            f"| {kind} | {', '.join(profile['required'])} | {', '.join(profile['recommended'])} |"
        )
    out += [
        "",
        "## Index",
        "",
        "| code | name | severity | strict | components |",
        "|---|---|---|---|---|",
    ]
    for rule in registry:
        strict = rule.strict or ("error" if rule.severity == "warning" else rule.severity)
        severity = f"{rule.severity} (*preview*)" if rule.preview else rule.severity
        out.append(
            f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {severity} | {strict} "
            f"| {', '.join(rule.components)} |"
        )
    for rule in registry:
        kinds = "all" if len(rule.kinds) == len(AGREEMENT_KINDS) else ", ".join(rule.kinds)
        out += [
            "",
            f"## {rule.code}",
            "",
            f"**{rule.name}** ({rule.severity}; checks: {', '.join(rule.targets)}; kinds: {kinds})",
            "",
            *(
                [
                    "*Preview rule*: off unless `--preview` or `preview = true` (precision below "
                    "its bar; see docs/accuracy.md).",
                    "",
                ]
                if rule.preview
                else []
            ),
            f"- Message: {rule.message}",
            f"- Why: {rule.why}",
            f"- Fix: {rule.fix}",
            f"- Source: {rule.source}",
        ]
    return "\n".join(out) + "\n"


def main() -> None:
    root = SOURCE_TREE / "docs"
    target = root / "rules.md"
    target.write_text(rules_markdown(load_registry()), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
