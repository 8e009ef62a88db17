"""Articles in component order, clauses numbered inside them, schedules after: where each
clause lands, which is what a cross-reference prints."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..spec.model import AgreementSpec
from .library import Clause, Library
from .model import Gap


@dataclass(frozen=True)
class Target:
    """Where a clause or component landed: what ``ref()`` prints."""

    number: str
    title: str
    anchor: str
    schedule: bool = False
    unit: str = "Section"  # agreement.unit: Section | Article

    @property
    def text(self) -> str:
        return (
            f"{self.number} ({self.title})"
            if self.schedule
            else f"{self.unit} {self.number} ({self.title})"
        )


def anchor_for(name: str) -> str:
    """A Word-safe bookmark name (letters, digits, underscore; at most 40 characters)."""
    return ("s_" + re.sub(r"[^A-Za-z0-9]", "_", name))[:40]


def number_sections(
    spec: AgreementSpec, lib: Library, selected: list[Clause], placeholders: list[tuple[str, Gap]]
) -> tuple[dict[str, Target], list[tuple[str, list[Clause | Gap]]]]:
    """Articles in component order (definitions first), clauses inside by ``order``.

    An article with a single clause takes the clause's text directly (no ``N.1``).
    Returns the targets for ``ref()`` and the article layout.
    """
    unit = spec.agreement.unit
    groups: dict[str, list[Clause | Gap]] = {}
    for clause in sorted(
        selected, key=lambda c: (lib.components[c.component].order, c.order, c.id)
    ):
        if clause.placement == "article":
            groups.setdefault(clause.component, []).append(clause)
    for component, gap in placeholders:
        groups.setdefault(component, []).append(gap)
    ordered = sorted(groups.items(), key=lambda item: lib.components[item[0]].order)
    targets: dict[str, Target] = {
        "definitions": Target(
            "1", "Definitions and Interpretation", anchor_for("definitions"), unit=unit
        )
    }
    layout: list[tuple[str, list[Clause | Gap]]] = []
    for n, (component, members) in enumerate(ordered, start=2):
        info = lib.components[component]
        title = info.title
        if len(members) == 1 and isinstance(members[0], Clause) and info.clause_titles_alone:
            title = members[0].title
        targets[component] = Target(str(n), title, anchor_for(component), unit=unit)
        layout.append((component, members))
        if len(members) == 1:
            if isinstance(members[0], Clause):
                targets[members[0].id] = Target(str(n), title, anchor_for(component), unit=unit)
            continue
        for m, member in enumerate(members, start=1):
            if isinstance(member, Clause):
                targets[member.id] = Target(
                    f"{n}.{m}", member.title, anchor_for(member.id), unit=unit
                )
    schedules = [c for c in selected if c.placement == "schedule"]
    for n, clause in enumerate(
        sorted(schedules, key=lambda c: (lib.components[c.component].order, c.order)), 1
    ):
        targets[clause.id] = Target(
            f"Schedule {n}", clause.title, anchor_for(clause.id), schedule=True
        )
    return targets, layout
