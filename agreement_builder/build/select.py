"""Which clauses an agreement gets: those that suit the kind and whose condition holds, the
clauses they require, and a placeholder for each component the spec has not decided."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..spec.model import AgreementSpec, resolve_path
from .library import Clause, Library
from .model import Gap
from .templating import evaluate


def select_clauses(spec: AgreementSpec, lib: Library, context: Mapping[str, Any]) -> list[Clause]:
    """Clauses that suit the kind and whose condition holds, plus the clauses they require."""
    chosen = [
        c for c in lib.clauses if spec.kind in c.kinds and (not c.when or evaluate(c.when, context))
    ]
    ids = {c.id for c in chosen}
    queue = list(chosen)
    while queue:
        clause = queue.pop()
        for needed in clause.requires:
            if needed not in ids:
                extra = lib.get(needed)
                chosen.append(extra)
                ids.add(needed)
                queue.append(extra)
    return chosen


def missing_components(
    spec: AgreementSpec, lib: Library, selected: list[Clause], context: Mapping[str, Any]
) -> list[tuple[str, Gap]]:
    """Components this kind normally has, undecided in the spec, with no clause selected."""
    have = {c.component for c in selected}
    suits = {c.component for c in lib.clauses if spec.kind in c.kinds}
    out: list[tuple[str, Gap]] = []
    for info in lib.components.values():
        if info.id in have or info.id not in suits or not info.spec:
            continue
        value, not_applicable = resolve_path(spec, info.spec)
        if value is None and not not_applicable:
            out.append(
                (
                    info.id,
                    Gap(
                        info.spec,
                        info.missing or info.title.lower(),
                        None,
                        origin="component",
                        components=(info.id,),
                    ),
                )
            )
    return out
