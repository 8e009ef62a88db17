"""spec + clause library -> ``Assembly``: select, order, number, find gaps, resolve references, render.

Every step is a plain function; the result is independent of the output format. Gaps are found
from the clauses' variable declarations before anything is rendered, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.errors import LibraryError
from ..core.values import NA
from ..spec.context import spec_context
from ..spec.model import AgreementSpec, resolve_path
from .library import Clause, Library, Variable, load_library
from .model import Assembly, Block, Gap, Section, Span
from .templating import GapValue, Safe, evaluate, parse_blocks, render_template, token


@dataclass(frozen=True)
class Target:
    """Where a clause or component landed: what ``ref()`` prints."""

    number: str
    title: str
    anchor: str
    schedule: bool = False

    @property
    def text(self) -> str:
        return (
            f"{self.number} ({self.title})"
            if self.schedule
            else f"Section {self.number} ({self.title})"
        )


def assemble(
    spec: AgreementSpec, library: Library | None = None, extra: Iterable[Gap] = ()
) -> Assembly:
    """Build the format-independent agreement for ``spec``.

    ``extra`` are open items from elsewhere (error-level check findings) listed with the gaps.
    """
    lib = library or load_library()
    context = spec_context(spec)
    selected = select_clauses(spec, lib, context)
    placeholders = missing_components(spec, lib, selected, context)
    numbering, layout = number_sections(spec, lib, selected, placeholders)
    variables, gaps = find_gaps(spec, selected, context)
    gaps += conflict_gaps(selected, lib)
    return render_assembly(spec, lib, selected, numbering, layout, variables, gaps, list(extra))


# ---------------------------------------------------------------- selection


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
            out.append((info.id, Gap(info.spec, info.missing or info.title.lower(), None)))
    return out


# ---------------------------------------------------------------- numbering


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
        "definitions": Target("1", "Definitions and Interpretation", anchor_for("definitions"))
    }
    layout: list[tuple[str, list[Clause | Gap]]] = []
    for n, (component, members) in enumerate(ordered, start=2):
        title = lib.components[component].title
        targets[component] = Target(str(n), title, anchor_for(component))
        layout.append((component, members))
        if len(members) == 1:
            if isinstance(members[0], Clause):
                targets[members[0].id] = Target(str(n), title, anchor_for(component))
            continue
        for m, member in enumerate(members, start=1):
            if isinstance(member, Clause):
                targets[member.id] = Target(f"{n}.{m}", member.title, anchor_for(member.id))
    schedules = [c for c in selected if c.placement == "schedule"]
    for n, clause in enumerate(
        sorted(schedules, key=lambda c: (lib.components[c.component].order, c.order)), 1
    ):
        targets[clause.id] = Target(
            f"Schedule {n}", clause.title, anchor_for(clause.id), schedule=True
        )
    return targets, layout


# ---------------------------------------------------------------- gaps


def find_gaps(
    spec: AgreementSpec, selected: list[Clause], context: Mapping[str, Any]
) -> tuple[dict[str, dict[str, Any]], list[Gap]]:
    """Resolve every declared variable of the selected clauses; undecided ones become gaps."""
    values: dict[str, dict[str, Any]] = {}
    gaps: list[Gap] = []
    seen: set[tuple[str, str]] = set()
    for clause in selected:
        resolved: dict[str, Any] = {}
        for var in clause.variables:
            if var.when and not evaluate(var.when, context):
                resolved[var.name] = None
                continue
            if var.per_party:
                resolved[var.name] = {
                    p.id: _resolve_variable(
                        spec, clause, var, var.path.replace("{party}", p.id), p.name, gaps, seen
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
) -> Any:
    value, not_applicable = resolve_path(spec, path)
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


# ---------------------------------------------------------------- rendering


def render_assembly(
    spec: AgreementSpec,
    lib: Library,
    selected: list[Clause],
    targets: dict[str, Target],
    layout: list[tuple[str, list[Clause | Gap]]],
    variables: dict[str, dict[str, Any]],
    gaps: list[Gap],
    extra: list[Gap],
) -> Assembly:
    base = spec_context(spec)
    locale = spec.agreement.locale
    surviving = sorted(
        {
            t
            for c in selected
            if c.placement == "article"
            and (c.survives or (spec.exit not in (None, NA) and c.component in spec.exit.survival))
            for t in [targets[c.id]]
        },
        key=lambda t: [int(x) for x in t.number.split(".")],
    )
    located: list[Gap] = []  # gaps with the section they appear in

    def ref(name: str) -> Safe:
        target = targets.get(name)
        if target is None:
            raise LibraryError(
                f"cross-reference to {name!r}, which this agreement does not include; guard it with has()"
            )
        return token("R", target.anchor, target.number, target.text)

    def render(clause: Clause, source: str) -> tuple[Block, ...]:
        context = dict(base)
        context.update(
            v=variables.get(clause.id, {}),
            ref=ref,
            has=lambda name: name in targets,
            party=lambda pid: spec.party(pid).name if spec.party(pid) else pid,  # type: ignore[union-attr]
            surviving=lambda: Safe(
                ", ".join(token("R", t.anchor, t.number, t.text) for t in surviving)
            ),
            clause=clause,
        )
        try:
            return parse_blocks(render_template(source, context, locale))
        except LibraryError as exc:
            raise LibraryError(f"{clause.file}: {exc}") from None
        except Exception as exc:  # a template error in our library is a bug to surface clearly
            raise LibraryError(
                f"{clause.file}: cannot render: {type(exc).__name__}: {exc}"
            ) from None

    def place(section: str, clause_id: str | None, blocks: Iterable[Block]) -> None:
        for block in blocks:
            cells = [s for row in block.rows for cell in row for s in cell]
            for span in (*block.spans, *cells):
                if span.kind == "gap":
                    for gap in gaps:
                        if (
                            gap.path == span.target
                            and gap.marker == span.text
                            and gap.section is None
                        ):
                            located.append(_with_section(gap, section))
                            break

    def blocks_for(placement: str) -> tuple[Block, ...]:
        out: list[Block] = []
        for clause in selected:
            if clause.placement == placement:
                out.extend(render(clause, clause.body))
        return tuple(out)

    cover = blocks_for("cover")
    recitals = blocks_for("recitals")
    execution = blocks_for("signatures")

    own = {term for term, _ in spec.definitions}  # the deal's own terms win over a clause's
    definitions: list[tuple[str, tuple[Span, ...]]] = [
        (term, (Span("text", f"means {meaning.rstrip('.')}."),))
        for term, meaning in spec.definitions
    ]
    for clause in selected:
        for term, text in clause.defines:
            if term in own:
                continue
            body = render(clause, text)
            spans = body[0].spans if body else ()
            definitions.append((term, spans))
    definitions.sort(key=lambda item: item[0].lower())
    def_blocks = tuple(
        Block("para", (Span("defterm", term), Span("text", " "), *spans))
        for term, spans in definitions
    )
    definitions_article = Section(
        "1",
        "Definitions and Interpretation",
        1,
        targets["definitions"].anchor,
        None,
        None,
        def_blocks + blocks_for("definitions"),
    )
    articles = [definitions_article]

    for component, members in layout:
        article_target = targets[component]
        if len(members) == 1:
            member = members[0]
            blocks = (
                _placeholder_blocks(member)
                if isinstance(member, Gap)
                else render(member, member.body)
            )
            clause_id = member.id if isinstance(member, Clause) else None
            place(article_target.number, clause_id, blocks)
            if isinstance(member, Gap):
                located.append(_with_section(member, article_target.number))
            articles.append(
                Section(
                    article_target.number,
                    article_target.title,
                    1,
                    article_target.anchor,
                    component,
                    clause_id,
                    blocks,
                )
            )
            continue
        children = []
        for m, member in enumerate(members, start=1):
            if isinstance(member, Gap):
                number = f"{article_target.number}.{m}"
                located.append(_with_section(member, number))
                children.append(
                    Section(
                        number,
                        "Not Decided",
                        2,
                        anchor_for(f"{component}_{m}"),
                        component,
                        None,
                        _placeholder_blocks(member),
                    )
                )
                continue
            target = targets[member.id]
            blocks = render(member, member.body)
            place(target.number, member.id, blocks)
            children.append(
                Section(target.number, target.title, 2, target.anchor, component, member.id, blocks)
            )
        articles.append(
            Section(
                article_target.number,
                article_target.title,
                1,
                article_target.anchor,
                component,
                None,
                (),
                tuple(children),
            )
        )

    schedules = []
    for clause in sorted(
        (c for c in selected if c.placement == "schedule"), key=lambda c: targets[c.id].number
    ):
        target = targets[clause.id]
        blocks = render(clause, clause.body)
        place(target.number, clause.id, blocks)
        schedules.append(
            Section(
                target.number, target.title, 1, target.anchor, clause.component, clause.id, blocks
            )
        )

    for block_set, where in ((cover, "cover"), (recitals, "background"), (execution, "signatures")):
        place(where, None, block_set)
    placed = {(g.path, g.message) for g in located}
    leftovers = [  # declared but not printed in place (conflicts): listed with their section
        _with_section(
            g,
            g.section
            or (targets[g.clause_id].number if g.clause_id in targets else "")
            or _section_for_path(g.path, selected, targets),
        )
        for g in gaps
        if (g.path, g.message) not in placed
    ]
    checks = [
        _with_section(g, g.section or _section_for_path(g.path, selected, targets)) for g in extra
    ]
    all_gaps = tuple(located + leftovers + checks)
    title = spec.agreement.title or _default_title(spec.kind)
    return Assembly(
        spec=spec,
        title=title,
        cover=cover,
        recitals=recitals,
        definitions=tuple(definitions),
        articles=tuple(articles),
        schedules=tuple(schedules),
        execution=execution,
        signatories=spec.parties,
        gaps=_dedupe(all_gaps),
        clause_ids=tuple(c.id for c in selected),
    )


def _section_for_path(path: str, selected: list[Clause], targets: Mapping[str, Target]) -> str:
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


def _with_section(gap: Gap, section: str) -> Gap:
    return Gap(gap.path, gap.message, gap.clause_id, section or None, gap.code)


def _dedupe(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for gap in gaps:
        key = (gap.path, gap.message, gap.section)
        if key not in seen:
            seen.add(key)
            out.append(gap)
    return tuple(out)


def _placeholder_blocks(gap: Gap) -> tuple[Block, ...]:
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


def _default_title(kind: str) -> str:
    return kind.replace("_", " ").title() + " Agreement"
