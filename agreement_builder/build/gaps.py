"""Open items, found before anything is rendered: every declared variable the spec leaves
undecided, clauses that exclude each other, and the section each gap belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
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
            gaps.append(
                Gap(path, message, clause.id, origin="value", components=(clause.component,))
            )
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
                        origin="conflict",
                        components=(clause.component,),
                    )
                )
    return out


def section_for_path(path: str, selected: list[Clause], targets: Mapping[str, Target]) -> str:
    """The section whose clause uses the spec value at ``path`` (longest shared prefix wins)."""
    return section_for(path, (), selected, targets)


def section_for(
    path: str,
    components: tuple[str, ...],
    selected: list[Clause],
    targets: Mapping[str, Target],
) -> str:
    """The section an open item at ``path`` concerning ``components`` belongs to.

    Among the clauses of those components (all clauses when none is printed), the one whose
    declared variables share the longest part of ``path`` wins, list positions and party
    selectors ignored (``parties[2].contributions`` is ``parties[id={party}].contributions``),
    the first in reading order on a tie; a component printed as a placeholder article is its
    own section. Schedules count: a KPI item belongs to the KPI schedule.
    """
    wanted = set(components)
    pool = [c for c in selected if c.component in wanted and c.id in targets]
    if not pool:
        placeholder = next((targets[c] for c in components if c in targets), None)
        if placeholder is not None:
            return placeholder.number
        # the parties on the cover, the signature blocks: unnumbered parts of the agreement
        area = next(
            (
                AREAS[c.placement]
                for c in selected
                if c.component in wanted and c.placement in AREAS
            ),
            None,
        )
        if area is not None:
            return area
        pool = [c for c in selected if c.id in targets]
    best, best_len = "", 0
    for clause in sorted(pool, key=lambda c: _reading_order(targets[c.id].number)):
        if clause.placement not in ("article", "schedule"):
            continue
        if not best:
            best = targets[clause.id].number if wanted else ""
        for var in clause.variables:
            common = _common_prefix(var.path, path)
            if common > best_len:
                best, best_len = targets[clause.id].number, common
    if not best_len and wanted:
        article = next((targets[c] for c in components if c in targets), None)
        return article.number if article is not None else best
    return best


# clause placements outside the numbered sections, as an open item names them
AREAS = {"cover": "cover", "recitals": "background", "signatures": "signatures"}


def _reading_order(number: str) -> tuple[int, ...]:
    """ "3.2" before "12", articles before "Schedule 1"."""
    if number.startswith("Schedule "):
        return (10**6, *_reading_order(number[len("Schedule ") :]))
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


_SELECTOR = re.compile(r"\[[^\]]*\]")


def _common_prefix(a: str, b: str) -> int:
    parts_a = re.split(r"[.\[]", _SELECTOR.sub("[]", a))
    parts_b = re.split(r"[.\[]", _SELECTOR.sub("[]", b))
    n = 0
    while n < min(len(parts_a), len(parts_b)) and parts_a[n] == parts_b[n]:
        n += 1
    return n


def with_section(gap: Gap, section: str) -> Gap:
    return replace(gap, section=section or None)


def reconcile(undecided: Iterable[Gap], extra: Iterable[Gap]) -> tuple[list[Gap], list[Gap]]:
    """One list of open items from the build's own gaps and the check's items.

    A check item of origin ``report`` reports one of the build's undecided gaps (the same spec
    path): it is that gap, labelled with the reporting rule, not a second item. Any other
    check item (or a report with no such gap) is a failed check, marked where it belongs.
    Returns the undecided gaps labelled and the check items, in their order.
    """
    by_path: dict[str, list[int]] = {}
    labelled = list(undecided)
    for index, gap in enumerate(labelled):
        by_path.setdefault(gap.path, []).append(index)
    checks: list[Gap] = []
    for item in extra:
        if item.origin == "report":
            free = [i for i in by_path.get(item.path, ()) if labelled[i].rule is None]
            if free:
                labelled[free[0]] = replace(labelled[free[0]], rule=item.code)
                continue
            item = replace(item, origin="check")
        checks.append(item)
    return labelled, checks


def dedupe(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    """Each open item once: a value two clauses print (exclusivity and non-compete both
    state its duration) is one decision, listed at the first section that marks it, as
    ``check`` reports it once."""
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for gap in gaps:
        key = (gap.path, gap.message, gap.code)
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
