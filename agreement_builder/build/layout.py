"""Render the selected, numbered clauses into the format-independent ``Assembly``: each
clause's template with the spec's values, cross-references as tokens, gap markers placed and
each open item tied to the section that shows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..core.errors import LibraryError
from ..core.values import NA
from ..spec.context import spec_context
from ..spec.model import AgreementSpec
from .gaps import (
    dedupe,
    placeholder_blocks,
    reconcile,
    section_for,
    section_for_path,
    with_section,
)
from .library import Clause
from .model import Assembly, Block, Gap, Section, Span
from .number import Target, anchor_for
from .templating import Safe, parse_blocks, render_template, token
from .wording import WORDING_HELPERS

Layout = list[tuple[str, list[Clause | Gap]]]  # article by article: its component, its members


class Renderer:
    """Renders clauses for one agreement and records where each gap marker is printed."""

    def __init__(
        self,
        spec: AgreementSpec,
        selected: list[Clause],
        targets: dict[str, Target],
        variables: dict[str, dict[str, Any]],
        gaps: list[Gap],
        placeholders: Sequence[Gap] = (),
        extra: Sequence[Gap] = (),
    ) -> None:
        self.spec = spec
        self.selected = selected
        self.targets = targets
        self.variables = variables
        labelled, checks = reconcile([*placeholders, *gaps], extra)
        # the rule that reports each undecided gap (check's GAP10x or CMP001), by its identity
        self.rules = {_key(g): g.rule for g in labelled if g.rule}
        self.gaps = labelled[len(placeholders) :]
        # each failed check, with the section it concerns: marked there, at its top
        # each clash between two clauses, at the first of them: no template prints it
        clashes = [
            with_section(g, targets[g.clause_id].number)
            for g in self.gaps
            if g.origin == "conflict" and g.clause_id in targets
        ]
        # each failed check and clash, with the section it concerns: marked there, at its top
        self.checks = clashes + [
            with_section(g, g.section or section_for(g.path, g.components, selected, targets))
            for g in checks
        ]
        self.base = spec_context(spec)
        self.located: list[Gap] = []  # gaps with the section they appear in
        self.names = frozenset(
            n for p in spec.parties for n in (p.name, p.legal_name) if n
        )  # kept as written by lower_first
        exit_ = spec.exit
        self.surviving = sorted(
            {
                targets[c.id]
                for c in selected
                if c.placement == "article"
                and (c.survives or (exit_ not in (None, NA) and c.component in exit_.survival))
            },
            key=lambda t: [int(x) for x in t.number.split(".")],
        )

    # what a clause template can call
    def ref(self, name: str) -> Safe:
        target = self.targets.get(name)
        if target is None:
            raise LibraryError(
                f"cross-reference to {name!r}, which this agreement does not include; guard it with has()"
            )
        return token("R", target.anchor, target.number, target.text)

    def _party(self, party_id: str) -> str:
        party = self.spec.party(party_id)
        return party.name if party else party_id

    def _surviving(self) -> Safe:
        return Safe(", ".join(token("R", t.anchor, t.number, t.text) for t in self.surviving))

    def render(self, clause: Clause, source: str) -> tuple[Block, ...]:
        """One template of ``clause`` (its body or a definition) as blocks."""
        context = dict(self.base)
        context.update(
            v=self.variables.get(clause.id, {}),
            ref=self.ref,
            has=self.targets.__contains__,
            party=self._party,
            surviving=self._surviving,
            clause=clause,
            **WORDING_HELPERS,
        )
        try:
            return parse_blocks(
                render_template(source, context, self.spec.agreement.locale, self.names)
            )
        except LibraryError as exc:
            raise LibraryError(f"{clause.file}: {exc}") from None
        except Exception as exc:  # a template error in our library is a bug to surface clearly
            raise LibraryError(
                f"{clause.file}: cannot render: {type(exc).__name__}: {exc}"
            ) from None

    def marked(self, section: str, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        """``blocks`` with a marker for each failed check that concerns ``section`` on top."""
        here = [g for g in self.checks if g.section == section]
        if not here:
            return blocks
        self.checks = [g for g in self.checks if g.section != section]
        self.located.extend(here)
        return tuple(check_blocks(g) for g in here) + blocks

    def place(self, section: str, blocks: Iterable[Block]) -> None:
        """Tie each gap marker printed in ``blocks`` to ``section``."""
        for block in blocks:
            cells = [s for row in block.rows for cell in row for s in cell]
            for span in (*block.spans, *cells):
                if span.kind == "gap":
                    for gap in self.gaps:
                        if (
                            gap.path == span.target
                            and gap.marker == span.text
                            and gap.section is None
                        ):
                            self.located.append(with_section(gap, section))
                            break

    def blocks_for(self, placement: str) -> tuple[Block, ...]:
        out: list[Block] = []
        for clause in self.selected:
            if clause.placement == placement:
                out.extend(self.render(clause, clause.body))
        return tuple(out)

    def definitions(self) -> tuple[list[tuple[str, tuple[Span, ...]]], Section]:
        """The defined terms (the deal's own win over a clause's) and Article 1 listing them."""
        own = {term for term, _ in self.spec.definitions}
        definitions: list[tuple[str, tuple[Span, ...]]] = [
            (term, (Span("text", f"means {meaning.rstrip('.')}."),))
            for term, meaning in self.spec.definitions
        ]
        for clause in self.selected:
            for term, text in clause.defines:
                if term in own:
                    continue
                body = self.render(clause, text)
                definitions.append((term, body[0].spans if body else ()))
        definitions.sort(key=lambda item: item[0].lower())
        blocks = tuple(
            Block("para", (Span("defterm", term), Span("text", " "), *spans))
            for term, spans in definitions
        )
        article = Section(
            "1",
            "Definitions and Interpretation",
            1,
            self.targets["definitions"].anchor,
            None,
            None,
            blocks + self.blocks_for("definitions"),
        )
        return definitions, article

    def article(self, component: str, members: list[Clause | Gap]) -> Section:
        """One article: a single clause (or gap) as its text, or several as N.1, N.2 ..."""
        target = self.targets[component]
        if len(members) == 1:
            member = members[0]
            if isinstance(member, Gap):
                blocks = placeholder_blocks(member)
                self.place(target.number, blocks)
                self.located.append(with_section(member, target.number))
                clause_id = None
            else:
                blocks = self.render(member, member.body)
                self.place(target.number, blocks)
                clause_id = member.id
            blocks = self.marked(target.number, blocks)
            return Section(
                target.number, target.title, 1, target.anchor, component, clause_id, blocks
            )
        own = self.marked(target.number, ())
        children = [
            self._child(component, target, m, member) for m, member in enumerate(members, 1)
        ]
        return Section(
            target.number, target.title, 1, target.anchor, component, None, own, tuple(children)
        )

    def _child(self, component: str, article: Target, m: int, member: Clause | Gap) -> Section:
        if isinstance(member, Gap):
            number = f"{article.number}.{m}"
            self.located.append(with_section(member, number))
            anchor = anchor_for(f"{component}_{m}")
            blocks = self.marked(number, placeholder_blocks(member))
            return Section(number, "Not Decided", 2, anchor, component, None, blocks)
        target = self.targets[member.id]
        blocks = self.render(member, member.body)
        self.place(target.number, blocks)
        blocks = self.marked(target.number, blocks)
        return Section(target.number, target.title, 2, target.anchor, component, member.id, blocks)

    def schedules(self) -> list[Section]:
        out = []
        for clause in sorted(
            (c for c in self.selected if c.placement == "schedule"),
            key=lambda c: self.targets[c.id].number,
        ):
            target = self.targets[clause.id]
            blocks = self.render(clause, clause.body)
            self.place(target.number, blocks)
            blocks = self.marked(target.number, blocks)
            out.append(
                Section(
                    target.number,
                    target.title,
                    1,
                    target.anchor,
                    clause.component,
                    clause.id,
                    blocks,
                )
            )
        return out

    def open_items(self) -> tuple[Gap, ...]:
        """Every open item once, with its section: the gaps and failed checks marked in the
        text in reading order, then the gaps declared but not printed (conflicts), then any
        failed check whose section is not printed. Each undecided gap carries the rule that
        ``check`` reports it under."""
        placed = {(g.path, g.message) for g in self.located}
        leftovers = [
            with_section(
                g,
                g.section
                or (self.targets[g.clause_id].number if g.clause_id in self.targets else "")
                or section_for_path(g.path, self.selected, self.targets),
            )
            for g in self.gaps
            if (g.path, g.message) not in placed
        ]
        items = [
            g if g.rule or g.origin == "check" else replace(g, rule=self.rules.get(_key(g)))
            for g in (*self.located, *leftovers, *self.checks)
        ]
        return dedupe(tuple(items))


def _key(gap: Gap) -> tuple[str, str, str]:
    return (gap.origin, gap.path, gap.message)


def check_blocks(gap: Gap) -> Block:
    """A failed check (or a clash of clauses), marked in place: its marker as a paragraph."""
    return Block("para", (Span("gap", gap.marker, target=gap.path),))


def lay_out(
    spec: AgreementSpec,
    selected: list[Clause],
    targets: dict[str, Target],
    layout: Layout,
    variables: dict[str, dict[str, Any]],
    gaps: list[Gap],
    extra: list[Gap],
) -> Assembly:
    """The assembly of ``spec``: cover, recitals, definitions, articles, schedules, execution."""
    placeholders = [m for _, members in layout for m in members if isinstance(m, Gap)]
    renderer = Renderer(spec, selected, targets, variables, gaps, placeholders, extra)
    cover = renderer.blocks_for("cover")
    recitals = renderer.blocks_for("recitals")
    execution = renderer.blocks_for("signatures")
    definitions, definitions_article = renderer.definitions()
    articles = [definitions_article]
    articles += [renderer.article(component, members) for component, members in layout]
    schedules = renderer.schedules()
    for blocks, where in ((cover, "cover"), (recitals, "background"), (execution, "signatures")):
        renderer.place(where, blocks)
    # failed checks about the parties or the signature blocks, marked at the top of those
    cover = renderer.marked("cover", cover)
    recitals = renderer.marked("background", recitals)
    execution = renderer.marked("signatures", execution)
    return Assembly(
        spec=spec,
        title=spec.agreement.title or _default_title(spec.kind),
        cover=cover,
        recitals=recitals,
        definitions=tuple(definitions),
        articles=tuple(articles),
        schedules=tuple(schedules),
        execution=execution,
        signatories=spec.parties,
        gaps=renderer.open_items(),
        clause_ids=tuple(c.id for c in selected),
    )


def _default_title(kind: str) -> str:
    return kind.replace("_", " ").title() + " Agreement"
