"""Find and load the clause library: one file per clause variant, YAML front matter + Jinja body.

A clause file looks like::

    ---
    id: termination.for_cause
    title: Termination for Cause
    component: termination
    kinds: all                    # or a list of agreement kinds
    when: exit.cause              # Jinja expression over the spec; the clause applies if true
    variables:
      - {name: cure, path: exit.cause.cure_period, type: duration, help: cure period for a breach}
    defines:
      Material Breach: a breach that ...
    requires: [termination.effects]
    conflicts: []
    survives: false
    version: 1
    source: our own drafting; standard practice
    ---
    Body in Jinja, rendered with the spec as data ...

The library is validated when loaded (unknown keys, unknown components, references to clause
ids that do not exist, template syntax) so a broken library fails before any spec is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..core.errors import LibraryError
from ..core.resources import data_dir
from ..core.taxonomy import COMPONENTS, KINDS
from ..core.yamlsafe import parse_yaml, read_text_file

VARIABLE_TYPES = (
    "text",
    "int",
    "number",
    "duration",
    "money",
    "percent",
    "date",
    "bool",
    "list",
    "party",
)
PLACEMENTS = ("cover", "recitals", "definitions", "article", "schedule", "signatures")
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_CLAUSE_KEYS = {
    "id",
    "title",
    "component",
    "kinds",
    "when",
    "order",
    "placement",
    "variables",
    "defines",
    "requires",
    "conflicts",
    "survives",
    "version",
    "source",
    "summary",
}
_VARIABLE_KEYS = {"name", "path", "type", "help", "per_party", "each", "when", "required"}


@dataclass(frozen=True)
class Variable:
    """A spec value a clause uses: it drives the gap report and ``agreement clauses ID``."""

    name: str
    path: str  # dotted spec path; with per_party, ``{party}`` is replaced by each party id
    type: str
    help: str
    per_party: bool = False
    each: str | None = (
        None  # a list path: one value per item, ``{index}`` in path, ``{item}`` in help
    )
    when: str | None = None  # only needed when this expression holds
    required: bool = True


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    component: str
    kinds: tuple[str, ...]
    when: str | None
    order: int
    placement: str
    variables: tuple[Variable, ...]
    defines: tuple[tuple[str, str], ...]
    requires: tuple[str, ...]
    conflicts: tuple[str, ...]
    survives: bool
    version: int
    source: str
    summary: str
    body: str
    file: str

    @property
    def variant(self) -> str:
        return self.id.split(".", 1)[1]


@dataclass(frozen=True)
class ComponentInfo:
    """An article heading, and where the spec decides it (for the 'not decided' placeholder)."""

    id: str
    title: str
    order: int
    spec: str | None = None  # spec path whose value decides the component
    missing: str | None = None  # what the placeholder says is missing
    # an article holding one clause is headed by that clause's title ("Non-Competition"),
    # not the component's ("Exclusivity and Non-Competition") that covers both
    clause_titles_alone: bool = False


@dataclass(frozen=True)
class Library:
    clauses: tuple[Clause, ...]
    components: Mapping[str, ComponentInfo]
    root: str

    def get(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise LibraryError(
            f"no clause {clause_id!r} in the library at {self.root}; run `agreement clauses` to list them"
        )

    def ids(self) -> set[str]:
        return {c.id for c in self.clauses}


def default_library_dir() -> Path:
    """``_data/clauses`` inside an installed package, else the source tree's ``clauses/``."""
    return data_dir("clauses")


def load_library(root: str | Path | None = None) -> Library:
    """Load and validate every clause under ``root`` (default: the bundled library).

    The bundled library is loaded once per process, without parsing its templates here (a
    test does, through its path; building parses them anyway): ``agreement lint`` needs only
    its metadata, and the parse was most of a lint worker's start-up. A user's library is read
    fresh each time, and every template is parsed so a syntax error is reported on load.
    """
    if root is None:
        return _load_bundled()
    return _load_library(str(Path(root).resolve()))


@cache
def _load_bundled() -> Library:
    return _load_library(str(default_library_dir().resolve()), parse_templates=False)


def _load_library(root: str, parse_templates: bool = True) -> Library:
    base = Path(root)
    if not base.is_dir():
        raise LibraryError(f"{root}: clause library folder not found")
    if not (base / "_components.yaml").is_file():
        raise LibraryError(
            f"{root}: not a clause library: it has no _components.yaml (see clauses/ for the layout)"
        )
    components = _load_components(base / "_components.yaml")
    clauses = [_load_clause(p, components, parse_templates) for p in sorted(base.rglob("*.clause"))]
    if not clauses:
        raise LibraryError(f"{root}: no *.clause files found")
    _check_references(clauses)
    return Library(tuple(clauses), components, root)


def _load_components(path: Path) -> dict[str, ComponentInfo]:
    loaded = parse_yaml(read_text_file(path, what="component list"), str(path), "component list")
    if not isinstance(loaded.data, Mapping):
        raise LibraryError(f"{path}: expected a mapping of component id to title")
    out: dict[str, ComponentInfo] = {}
    for order, (cid, info) in enumerate(loaded.data.items()):
        loc = loaded.locate((cid,), key=True)
        if cid not in COMPONENTS:
            raise LibraryError(f"{path}:{loc.line}:{loc.column}: unknown component {cid!r}")
        if not isinstance(info, Mapping) or not isinstance(info.get("title"), str):
            raise LibraryError(
                f"{path}:{loc.line}:{loc.column}: {cid}: expected {{title, spec, missing}}"
            )
        if set(info) - {"title", "spec", "missing", "alone"}:
            raise LibraryError(
                f"{path}:{loc.line}:{loc.column}: {cid}: only title, spec, missing and alone "
                "are allowed"
            )
        alone = info.get("alone", "component")
        if alone not in ("component", "clause"):
            raise LibraryError(
                f"{path}:{loc.line}:{loc.column}: {cid}: alone must be component or clause"
            )
        out[cid] = ComponentInfo(
            cid, info["title"], order, info.get("spec"), info.get("missing"), alone == "clause"
        )
    missing = [c for c in COMPONENTS if c not in out]
    if missing:
        raise LibraryError(f"{path}: components without a title: {', '.join(missing)}")
    return out


def _load_clause(
    path: Path, components: Mapping[str, ComponentInfo], parse_templates: bool = True
) -> Clause:
    text = read_text_file(path, what="clause file")
    match = _FRONT.match(text)
    name = str(path)
    if not match:
        raise LibraryError(f"{name}: a clause file starts with YAML metadata between '---' lines")
    loaded = parse_yaml(match.group(1), name, "clause metadata")
    meta = loaded.data
    if not isinstance(meta, Mapping):
        raise LibraryError(f"{name}: the metadata must be a mapping")

    def fail(key: str, message: str) -> LibraryError:
        loc = loaded.locate((key,))
        return LibraryError(f"{name}:{loc.line}:{loc.column}: {key}: {message}")

    unknown = set(meta) - _CLAUSE_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key; allowed: {', '.join(sorted(_CLAUSE_KEYS))}")
    for key in ("id", "title", "component", "source"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise fail(key, "required text")
    clause_id = meta["id"]
    component = meta["component"]
    if component not in components:
        raise fail("component", f"unknown component {component!r}")
    if not re.fullmatch(rf"{re.escape(component)}\.[a-z0-9_]+", clause_id):
        raise fail("id", f"must be '{component}.<variant>' in snake_case")
    kinds = meta.get("kinds", "all")
    kinds_t = tuple(KINDS) if kinds == "all" else tuple(kinds) if isinstance(kinds, list) else ()
    if not kinds_t or any(k not in KINDS for k in kinds_t):
        raise fail("kinds", f"'all' or a list of: {', '.join(KINDS)}")
    placement = meta.get("placement", "article")
    if placement not in PLACEMENTS:
        raise fail("placement", f"one of {', '.join(PLACEMENTS)}")
    variables = tuple(_variable(v, fail) for v in meta.get("variables") or ())
    defines = meta.get("defines") or {}
    if not isinstance(defines, Mapping):
        raise fail("defines", "a mapping of term to definition text")
    clause = Clause(
        id=clause_id,
        title=meta["title"],
        component=component,
        kinds=kinds_t,
        when=_text_or_none(meta.get("when")),
        order=int(meta.get("order", 50)),
        placement=placement,
        variables=variables,
        defines=tuple((str(k), str(v).strip()) for k, v in defines.items()),
        requires=tuple(meta.get("requires") or ()),
        conflicts=tuple(meta.get("conflicts") or ()),
        survives=bool(meta.get("survives", False)),
        version=int(meta.get("version", 1)),
        source=meta["source"],
        summary=str(meta.get("summary", "")),
        body=text[match.end() :],
        file=name,
    )
    if not parse_templates:
        return clause
    from .templating import check_template  # the Jinja environment is built in one place

    try:
        check_template(
            clause.body, clause.when, [v.when for v in variables], [d for _, d in clause.defines]
        )
    except LibraryError as exc:
        raise LibraryError(f"{name}: {exc}") from None
    return clause


def _variable(raw: Any, fail: Any) -> Variable:
    if not isinstance(raw, Mapping):
        raise fail("variables", "each variable is a mapping with name, path, type, help")
    unknown = set(raw) - _VARIABLE_KEYS
    if unknown:
        raise fail(
            "variables",
            f"unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_VARIABLE_KEYS))}",
        )
    for key in ("name", "path", "type", "help"):
        if not isinstance(raw.get(key), str):
            raise fail("variables", f"variable needs {key!r}")
    if raw["type"] not in VARIABLE_TYPES:
        raise fail("variables", f"type {raw['type']!r} is not one of {', '.join(VARIABLE_TYPES)}")
    if raw.get("per_party") and "{party}" not in raw["path"]:
        raise fail("variables", f"per_party variable {raw['name']!r} needs '{{party}}' in its path")
    if raw.get("each") and "{index}" not in raw["path"]:
        raise fail(
            "variables", f"variable {raw['name']!r} with 'each' needs '{{index}}' in its path"
        )
    if raw.get("each") and raw.get("per_party"):
        raise fail("variables", f"variable {raw['name']!r}: use either per_party or each")
    return Variable(
        name=raw["name"],
        path=raw["path"],
        type=raw["type"],
        help=raw["help"],
        per_party=bool(raw.get("per_party", False)),
        each=_text_or_none(raw.get("each")),
        when=_text_or_none(raw.get("when")),
        required=bool(raw.get("required", True)),
    )


def _text_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _check_references(clauses: list[Clause]) -> None:
    ids = [c.id for c in clauses]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise LibraryError(f"clause ids used twice: {', '.join(sorted(dupes))}")
    known = set(ids)
    terms: dict[str, str] = {}
    for clause in clauses:
        for ref in (*clause.requires, *clause.conflicts, *_refs_in(clause)):
            if ref not in known and ref not in COMPONENTS:
                raise LibraryError(f"{clause.file}: refers to unknown clause or component {ref!r}")
        for term, _ in clause.defines:
            if term in terms and terms[term].split(".")[0] != clause.component:
                raise LibraryError(f"{clause.file}: term {term!r} is also defined by {terms[term]}")
            terms.setdefault(term, clause.id)


_REF_CALL = re.compile(r"""ref\(\s*['"]([a-z0-9_.]+)['"]""")


def _refs_in(clause: Clause) -> Iterator[str]:
    yield from _REF_CALL.findall(clause.body)
    for _, text in clause.defines:
        yield from _REF_CALL.findall(text)


_NOT_A_SUGGESTION = ("none", "undecided", "final_forum", "no_personal_data")


def clause_suggestions(library: Library) -> dict[str, str]:
    """For each component, the library's first clause for it (and how many more): what a
    linted document that lacks the component is pointed to."""
    by_component: dict[str, list[Clause]] = {}
    for clause in library.clauses:
        if clause.placement == "cover" or clause.id.endswith(_NOT_A_SUGGESTION):
            continue
        by_component.setdefault(clause.component, []).append(clause)
    out: dict[str, str] = {}
    for component, clauses in by_component.items():
        first = min(clauses, key=lambda c: (c.order, c.id))
        more = len(clauses) - 1
        extra = f" and {more} more (see agreement clauses)" if more else ""
        out[component] = f"{first.id} ({first.title}){extra}"
    return out
