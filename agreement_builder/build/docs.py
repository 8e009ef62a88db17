"""docs/clauses.md: the clause library as a page, generated from ``clauses/``
(``python -m agreement_builder.build.docs`` rewrites it; a test fails when it is stale)."""

from __future__ import annotations

import sys

from ..core.resources import SOURCE_TREE
from ..core.taxonomy import KINDS
from .library import Clause, Library, load_library


def _cell(text: str) -> str:
    """Text fit for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _kinds(clause: Clause) -> str:
    return "all" if set(clause.kinds) >= set(KINDS) else ", ".join(clause.kinds)


def _variables(clause: Clause) -> list[str]:
    out = []
    for var in clause.variables:
        notes = [var.type]
        if var.per_party:
            notes.append("per party")
        if not var.required:
            notes.append("optional")
        if var.when:
            notes.append(f"when `{var.when}`")
        out.append(f"  - `{var.path}` ({', '.join(notes)}): {_cell(var.help)}")
    return out


def clauses_markdown(library: Library) -> str:
    """docs/clauses.md: per component (in article order) its clauses, when each applies,
    what it needs from the spec, the terms it defines and its source."""
    by_component: dict[str, list[Clause]] = {}
    for clause in library.clauses:
        by_component.setdefault(clause.component, []).append(clause)
    components = sorted(library.components.values(), key=lambda c: c.order)
    out = [
        "# Clause library",
        "",
        "Generated from `clauses/` by `python -m agreement_builder.build.docs`; do not edit by",
        "hand (a test fails when this page is stale). `agreement clauses ID` shows one clause",
        "with its variables. The wording is our own drafting; the sources cite",
        "[playbook.md](playbook.md).",
        "",
        "A clause applies when its kinds include the agreement's kind and its `when` holds for",
        "the spec; alternatives within a component are separate clauses (variants) or choices",
        "in the spec that the clause reads.",
        "",
        "## Index",
        "",
        "| article | component | clauses |",
        "|---|---|---|",
    ]
    for info in components:
        ids = ", ".join(
            f"[{c.id}](#{c.id.replace('.', '').lower()})"
            for c in sorted(by_component.get(info.id, []), key=lambda c: (c.order, c.id))
        )
        out.append(f"| {_cell(info.title)} | `{info.id}` | {ids or '-'} |")
    for info in components:
        clauses = sorted(by_component.get(info.id, []), key=lambda c: (c.order, c.id))
        out += ["", f"## {info.title} (`{info.id}`)", ""]
        if info.spec:
            out.append(
                f"Decided by `{info.spec}` in the spec; when it is left out, the article says "
                f"what is missing ({_cell(info.missing or info.title)})."
            )
            out.append("")
        if not clauses:
            out.append("No clause in the library.")
            continue
        for clause in clauses:
            out += [
                f"### {clause.id}",
                "",
                f"**{_cell(clause.title)}** (kinds: {_kinds(clause)}; placement: {clause.placement})",
                "",
                f"- Says: {_cell(clause.summary) or '-'}",
                f"- Applies when: `{_cell(clause.when)}`" if clause.when else "- Applies: always",
            ]
            if clause.variables:
                out.append("- Needs from the spec:")
                out += _variables(clause)
            if clause.defines:
                out.append(f"- Defines: {', '.join(term for term, _ in clause.defines)}")
            if clause.requires:
                out.append(f"- Requires: {', '.join(clause.requires)}")
            if clause.survives:
                out.append("- Survives termination")
            out += [f"- Source: {_cell(clause.source)}", ""]
        if out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"


def main() -> None:
    target = SOURCE_TREE / "docs" / "clauses.md"
    target.write_text(clauses_markdown(load_library()), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
