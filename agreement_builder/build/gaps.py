"""Open items, found before anything is rendered: every declared variable the spec leaves
undecided, clauses that exclude each other, and the section each gap belongs to."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..core.values import NA
from ..spec.model import AgreementSpec, resolve_path
from .library import Clause, Library, Variable
from .model import Block, Gap, Span
from .number import Target
from .templating import GapValue, evaluate


def find_gaps(
    spec: AgreementSpec, selected: list[Clause], context: Mapping[str, Any]
) -> tuple[dict[str, dict[str, Any]], list[Gap]]:
    """Resolve every declared variable of the selected clauses; undecided ones become gaps."""
    values: dict[str, dict[str, Any]] = {}
    gaps: list[Gap] = []
    seen: set[tuple[str, str]] = set()
    lookups: dict[tuple[int, str], dict[str, Any]] = {}  # lists indexed once (resolve_path)
    for clause in selected:
        resolved: dict[str, Any] = {}
        for var in clause.variables:
            if var.when and not evaluate(var.when, context):
                resolved[var.name] = None
                continue
            if var.per_party:
                resolved[var.name] = {
                    p.id: _resolve_variable(
                        spec,
                        clause,
                        var,
                        var.path.replace("{party}", p.id),
                        p.name,
                        gaps,
                        seen,
                        lookups=lookups,
                    )
                    for p in spec.parties
                }
            elif var.each:
                items, _ = resolve_path(spec, var.each)
                resolved[var.name] = [
                    _resolve_variable(
                        spec,
                        clause,
                        var,
                        var.path.replace("{index}", str(index)),
                        "",
                        gaps,
                        seen,
                        _item_label(item, index),
                    )
                    for index, item in enumerate(items if isinstance(items, tuple) else ())
                ]
            else:
                resolved[var.name] = _resolve_variable(spec, clause, var, var.path, "", gaps, seen)
        values[clause.id] = resolved
    return values, gaps


def _resolve_variable(
    spec: AgreementSpec,
    clause: Clause,
    var: Variable,
    path: str,
    party: str,
    gaps: list[Gap],
    seen: set[tuple[str, str]],
    item: str = "",
    lookups: dict[tuple[int, str], dict[str, Any]] | None = None,
) -> Any:
    value, not_applicable = resolve_path(spec, path, lookups)
    if not_applicable:
        return NA
    if (
        value is None
        or (var.type == "list" and not value)
        or (isinstance(value, str) and not value)
    ):
        if not var.required:
            return None
        message = var.help.replace("{party}", party).replace("{item}", item)
        gap = GapValue(path, message)
        if (path, message) not in seen:
            seen.add((path, message))
            gaps.append(Gap(path, message, clause.id))
        return gap
    return value


def _item_label(item: Any, index: int) -> str:
    """How a gap message names a list item: its subject, metric or level, else its number."""
    for name in ("subject", "metric", "level", "description", "type"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return f"item {index + 1}"


def conflict_gaps(selected: list[Clause], lib: Library) -> list[Gap]:
    """Two selected clauses that exclude each other: the spec must choose (path: the component)."""
    ids = {c.id: c for c in selected}
    out: list[Gap] = []
    for clause in selected:
        for other in clause.conflicts:
            if other in ids and clause.id < other:
                out.append(
                    Gap(
                        lib.components[clause.component].spec or clause.component,
                        f"decide between {clause.title} and {ids[other].title}: the spec selects both",
                        clause.id,
                    )
                )
    return out


def section_for_path(path: str, selected: list[Clause], targets: Mapping[str, Target]) -> str:
    """The section whose clause uses the spec value at ``path`` (longest shared prefix wins)."""
    best, best_len = "", 0
    for clause in selected:
        target = targets.get(clause.id)
        if target is None or clause.placement != "article":
            continue
        for var in clause.variables:
            common = _common_prefix(var.path, path)
            if common > best_len:
                best, best_len = target.number, common
    return best


def _common_prefix(a: str, b: str) -> int:
    parts_a, parts_b = re.split(r"[.\[]", a), re.split(r"[.\[]", b)
    n = 0
    while n < min(len(parts_a), len(parts_b)) and parts_a[n] == parts_b[n]:
        n += 1
    return n


def with_section(gap: Gap, section: str) -> Gap:
    return Gap(gap.path, gap.message, gap.clause_id, section or None, gap.code)


def dedupe(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for gap in gaps:
        key = (gap.path, gap.message, gap.section)
        if key not in seen:
            seen.add(key)
            out.append(gap)
    return tuple(out)


def placeholder_blocks(gap: Gap) -> tuple[Block, ...]:
    return (
        Block(
            "para",
            (
                Span("text", "The parties have not yet agreed "),
                Span("gap", gap.marker, target=gap.path),
                Span("text", "."),
            ),
        ),
    )
