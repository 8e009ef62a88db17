"""The rule types: the few Python functions every data rule is built from.

A rule type takes a rule's ``params`` and a target and yields :class:`Hit` s: the spec path the
finding points at and the values its message needs. Conditions are Jinja expressions run in
the same sandbox as clause conditions (``economics and economics.model == 'revenue_share'``);
they see every spec section by name, plus ``item`` and ``index`` inside ``each``, plus the
helpers in :data:`HELPERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, overload

from jinja2 import TemplateSyntaxError

from ..build.templating import compiled_expression, format_number, parse_expression
from ..core.values import NA, Duration
from ..core.visible import unhidden
from ..read.model import SourceDocument
from ..spec.model import AgreementSpec, resolve_path, walk_strings

if TYPE_CHECKING:  # document rules only: building and checking specs never import these
    from ..analyze.components import ComponentResult
    from ..analyze.drafting import Defect, DraftingContext, Matching

# The detectors a drafting rule may name: ``drafting.DETECTORS``'s keys, listed here so that
# loading the rules does not import the detectors (their ~100 regexes compile at import, 30
# ms of every `check` and `build`). A test keeps the two equal.
DETECTOR_NAMES = (
    "placeholders",
    "defined_terms",
    "undefined_terms",
    "borrowed_roles",
    "cross_references",
    "numbering",
    "words_numerals",
    "dates",
    "split_totals",
    "table_splits",
    "party_names",
    "notice_periods",
    "restated_terms",
    "signatures",
    "foreign_parties",
    "lookalikes",
)


@dataclass(frozen=True)
class Hit:
    path: str  # spec path the finding points at ("" for the whole spec or document)
    values: Mapping[str, Any] = field(default_factory=dict)
    components: tuple[str, ...] = ()  # overrides the rule's components (required_component)
    start: int | None = None  # document targets: character offsets in SourceDocument.text
    end: int | None = None


@dataclass
class SpecTarget:
    """What a spec rule sees: the spec, the expression context and the component tables."""

    spec: AgreementSpec
    context: dict[str, Any]
    components: Mapping[str, Any]
    profile: Mapping[str, tuple[str, ...]]
    _undecided: list[Any] | None = None  # build's gaps for the spec, found once (undecided)

    def undecided(self) -> list[Any]:
        """What the agreement built from the spec marks as undecided (build/assemble)."""
        if self._undecided is None:
            from ..build.assemble import undecided  # building only: lint never pays for it

            self._undecided = undecided(self.spec)
        return self._undecided


Run = Callable[[Mapping[str, Any], SpecTarget], Iterator[Hit]]


@dataclass(frozen=True)
class Demotion:
    """One measure of a component's detection below its target on the held-out part."""

    measured: float
    target: float
    reason: str


@dataclass(frozen=True)
class Detection:
    """How far a component's detection can be trusted on contracts nobody here tuned it on
    (rules/detection.yaml): each measure that missed its target, None for those that met it.

    recall below target: "not found" may be wrong (DOC003 instead of DOC001); precision:
    "found" may be wrong; evidence: the clause shown first may not be the one that states it.
    """

    recall: Demotion | None = None
    precision: Demotion | None = None
    evidence: Demotion | None = None


def recall_demoted(detection: Mapping[str, Detection], component: str) -> Demotion | None:
    """The recall demotion rules/detection.yaml gives ``component``, if any: "not found" may
    be wrong for it."""
    found = detection.get(component)
    return found.recall if found is not None else None


@dataclass
class DocTarget:
    """What a document rule sees: the text, its detected components and the kind's profile."""

    doc: SourceDocument
    kind: str
    detected: Mapping[str, ComponentResult]
    components: Mapping[str, Any]
    profile: Mapping[str, tuple[str, ...]]
    suggestions: Mapping[str, str]  # component -> "clause.id (Title)" from our library
    context: DraftingContext
    matching: Matching | None = None  # the text as detectors match it; None: made when needed
    # the agreement this document amends or takes its terms from ("" when none: kind.amends_another)
    amends: str = ""
    # rules/detection.yaml: the components whose detection is demoted there
    detection: Mapping[str, Detection] = field(default_factory=dict)
    _defects: dict[str, list[Defect]] = field(default_factory=dict)

    _found: dict[str, tuple[list[Defect], Matching | None]] = field(default_factory=dict)

    def defects(self, detector: str) -> list[Defect]:
        """A detector's defects, computed once per document however many rules read them, at
        offsets in the document's own text."""
        if detector not in self._defects:
            found, matching = self.found(detector)
            if matching is not None:
                found = [matching.to_original(d) for d in found]
            self._defects[detector] = found
        return self._defects[detector]

    def found(self, detector: str) -> tuple[list[Defect], Matching | None]:
        """A detector's defects as it found them, computed once per document, and the
        normalised copy it read (None: the document's own text); ``Matching.to_original``
        takes one to the document's offsets. Rules map only the findings they report: a
        megabyte of "TBD" has hundreds of thousands past the cap, which are only counted."""
        if detector not in self._found:
            from ..analyze.drafting import DETECTORS, RAW_DETECTORS, for_matching

            run = DETECTORS[detector]
            if detector in RAW_DETECTORS:
                self._found[detector] = (_listed(run(self.doc, self.context)), None)
            else:
                if self.matching is None:
                    self.matching = for_matching(self.doc)
                matching = self.matching
                found = _listed(run(matching.doc, self.context))
                self._found[detector] = (found, matching if matching.origin else None)
        return self._found[detector]


def _listed(defects: Iterable[Defect]) -> list[Defect]:
    """A detector's defects as a list, keeping the tags it stopped at (``Defects.stopped``)."""
    return defects if isinstance(defects, list) else list(defects)


DocRun = Callable[[Mapping[str, Any], DocTarget], Iterable[Hit]]


@dataclass(frozen=True)
class RuleType:
    run: Run
    params: Mapping[str, bool]  # name -> required
    targets: tuple[str, ...] = ("spec",)
    run_doc: DocRun | None = None

    def prepare(self, params: Mapping[str, Any]) -> None:
        """Compile what a rule's params hold, so a broken rule fails when it is loaded."""
        for key in ("if", "then", "when", "present"):
            if isinstance(params.get(key), str):
                check_expression(params[key])
        for expr in (params.get("show") or {}).values():
            check_expression(str(expr))
        for pattern in (*(params.get("patterns") or ()), *(params.get("trigger") or ())):
            re.compile(pattern)
        if "origin" in params and params["origin"] not in ("value", "conflict", "component"):
            raise ValueError(
                f"unknown origin {params['origin']!r}; known: value, conflict, component"
            )
        if "function" in params and params["function"] not in FUNCTIONS:
            raise ValueError(f"unknown function {params['function']!r}")
        if "detector" in params and params["detector"] not in DETECTOR_NAMES:
            raise ValueError(
                f"unknown detector {params['detector']!r}; known: {', '.join(DETECTOR_NAMES)}"
            )


# ---------------------------------------------------------------- expressions


def check_expression(source: str) -> None:
    """Raise ValueError for an expression that does not parse (what compiling it would say).

    Loading the rules only parses their expressions; each is compiled to Python when a rule
    first runs (compiling all of them cost ~0.15 s at every start, and a lint of documents
    runs none of the spec rules' expressions)."""
    try:
        parse_expression(source)
    except TemplateSyntaxError as exc:
        raise ValueError(f"bad expression {source!r}: {exc.message}") from None


@lru_cache(maxsize=2048)
def expression(source: str) -> Callable[..., Any]:
    try:
        return compiled_expression(source)
    except TemplateSyntaxError as exc:
        raise ValueError(f"bad expression {source!r}: {exc.message}") from None


def _duration_days(value: Any) -> int | None:
    return value.days if isinstance(value, Duration) else None


def _add(start: Any, period: Any) -> date | None:
    """``start`` plus a Duration, months and years counted on the calendar."""
    if not isinstance(start, date) or not isinstance(period, Duration):
        return None
    if period.unit in ("day", "week"):
        return start + timedelta(days=period.days)
    months = period.amount * (12 if period.unit == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, 28)
    return date(start.year + year, month + 1, day)


HELPERS: dict[str, Any] = {"days": _duration_days, "add": _add, "na": NA}


def truth(source: str, context: Mapping[str, Any]) -> bool:
    value = expression(source)(**context)
    return bool(value) and value is not NA


def value_of(source: str, context: Mapping[str, Any]) -> Any:
    return expression(source)(**context)


def _shown(value: Any) -> str:
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        return format_number(float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _items(
    params: Mapping[str, Any], target: SpecTarget
) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(path prefix, item, context) for each item of ``each``, or the spec itself."""
    each = params.get("each")
    if not each:
        yield "", target.spec, target.context
        return
    collection, _ = resolve_path(target.spec, each)
    if not isinstance(collection, tuple):
        return
    for index, item in enumerate(collection):
        context = dict(target.context, item=item, index=index, label=label_of(item, index))
        yield f"{each}[{index}]", item, context


def label_of(item: Any, index: int) -> str:
    for name in ("id", "metric", "level", "party", "subject", "description", "type"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return f"#{index + 1}"


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}.{path}" if prefix else path


def _when(params: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    when = params.get("when")
    return not when or truth(str(when), context)


def _values(params: Mapping[str, Any], context: Mapping[str, Any]) -> dict[str, str]:
    shown = {k: _shown(v) for k, v in context.items() if k in ("label", "index")}
    if "index" in context:
        shown["index"] = str(int(context["index"]) + 1)
    for name, expr in (params.get("show") or {}).items():
        shown[name] = _shown(value_of(str(expr), context))
    return shown


def _missing(value: Any, not_applicable: bool, na_ok: bool) -> bool:
    if not_applicable or value is NA:
        return not na_ok
    return value is None or value == () or value == ""


# ---------------------------------------------------------------- kinds


def required_component(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """Each component the kind's profile lists at ``level`` must be decided in the spec."""
    for component in target.profile[params["level"]]:
        info = target.components[component]
        present = info.get("present")
        if not present or truth(str(present), target.context):
            continue
        values = {
            "component": component,
            "title": str(info.get("title", component)),
            "kind": target.spec.kind.replace("_", " "),
        }
        yield Hit(str(info.get("path", "")), values, (component,))


def required_field(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """``field`` (a path, relative to each item of ``each``) must hold a decision."""
    na_ok = bool(params.get("na_ok", True))
    for prefix, item, context in _items(params, target):
        if not _when(params, context):
            continue
        value, not_applicable = resolve_path(item, params["field"])
        if _missing(value, not_applicable, na_ok):
            yield Hit(_join(prefix, params["field"]), _values(params, context))


def condition(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """If ``if`` holds (or always), ``then`` must hold; the finding points at ``at``."""
    for prefix, _item, context in _items(params, target):
        condition = params.get("if")
        if condition and not truth(str(condition), context):
            continue
        if not truth(str(params["then"]), context):
            yield Hit(_join(prefix, str(params.get("at", ""))), _values(params, context))


def sum_equals(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """The ``field`` of every item in ``each`` must add up to ``total``."""
    if not _when(params, target.context):
        return
    collection, _ = resolve_path(target.spec, params["each"])
    if not isinstance(collection, tuple) or not collection:
        return
    numbers = [getattr(item, params["field"], None) for item in collection]
    if any(not isinstance(n, int | float | Decimal) for n in numbers):
        return
    actual = sum(Decimal(str(n)) for n in numbers)
    expected = Decimal(str(params.get("total", 100)))
    if actual != expected:
        parts = " + ".join(
            f"{label_of(item, i)} {_shown(n)}"
            for i, (item, n) in enumerate(zip(collection, numbers, strict=True))
        )
        values = {"actual": _shown(actual), "total": _shown(expected), "parts": parts}
        yield Hit(params["each"], values)


def distinct(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """No two items of ``each`` may share the value of ``field`` (compared case-insensitively)."""
    seen: dict[str, int] = {}
    for prefix, item, context in _items(params, target):
        value, _ = resolve_path(item, params["field"])
        if not isinstance(value, str) or not value:
            continue
        key = " ".join(value.casefold().split())
        if key in seen:
            values = _values(params, context) | {"value": value, "first": str(seen[key] + 1)}
            yield Hit(_join(prefix, params["field"]), values)
        else:
            seen[key] = int(context.get("index", 0))


def forbidden_wording(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """No text value may match one of ``patterns`` (placeholders such as TBD left in a spec)."""
    flags = re.IGNORECASE if params.get("ignore_case", True) else 0
    combined = re.compile("|".join(f"(?:{p})" for p in params["patterns"]), flags)
    for path, text in walk_strings(target.spec):
        match = combined.search(unhidden(text))  # "T<U+200B>BD" is still TBD
        if match:
            yield Hit(path, {"match": match.group(0), "value": text[:60]})


def python(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """The escape hatch: a named function in :data:`FUNCTIONS` does the check."""
    yield from FUNCTIONS[params["function"]](params, target)


def undecided(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """Each gap of ``origin`` the built agreement will mark (build/assemble.undecided): a
    value, a conflict between clauses, or a component with no clause."""
    for gap in target.undecided():
        if gap.origin == params["origin"]:
            yield Hit(gap.path, {"missing": gap.message}, gap.components)


# ---------------------------------------------------------------- document targets


def required_component_doc(params: Mapping[str, Any], target: DocTarget) -> Iterator[Hit]:
    """Each component the kind's profile lists at ``level`` must be found in the document.
    ``detection``: ``trusted`` reports only components whose recall met its target on the
    held-out part, ``demoted`` only those rules/detection.yaml demotes for recall (their
    ``recall`` value: how many of 100 contracts with the clause the checker finds it in)."""
    wanted = params.get("detection")
    for component in target.profile[params["level"]]:
        result = target.detected.get(component)
        if result is None or result.present:
            continue
        demoted = recall_demoted(target.detection, component)
        if (wanted == "trusted" and demoted) or (wanted == "demoted" and not demoted):
            continue
        info = target.components.get(component, {})
        values = {
            "component": component,
            "title": str(info.get("title", component)),
            "kind": target.kind.replace("_", " "),
            "suggestion": target.suggestions.get(component, "a clause for it"),
            **({"recall": f"{round(demoted.measured * 100)}"} if demoted else {}),
        }
        yield Hit("", values, (component,))


def forbidden_wording_doc(params: Mapping[str, Any], target: DocTarget) -> Iterator[Hit]:
    """The wording matched in the document's copy for matching (no zero-width or bidi
    characters, Latin look-alike letters), located at the offsets of its own text."""
    flags = re.IGNORECASE if params.get("ignore_case", True) else 0
    combined = re.compile("|".join(f"(?:{p})" for p in params["patterns"]), flags)
    from ..analyze.drafting import Defect, for_matching

    if target.matching is None:
        target.matching = for_matching(target.doc)
    matching = target.matching
    for match in combined.finditer(matching.doc.text):
        found = matching.to_original(Defect("wording", "", match.start(), match.end()))
        yield Hit("", {"match": match.group(0)}, start=found.start, end=found.end)


def required_wording(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    return iter(())  # a spec's clauses print the wording; documents are read for it


def required_wording_doc(params: Mapping[str, Any], target: DocTarget) -> Iterator[Hit]:
    """Where the text matches one of ``trigger`` (e.g. profits are shared), it must also match
    one of ``patterns`` somewhere (e.g. a statement that the deal is not a partnership); one
    hit, at the first trigger. Two searches over the text: linear while the patterns keep
    their gaps bounded. ``not_in_amendments``: not in a document that amends another agreement
    or takes its terms from one (``DocTarget.amends``), where the wording may already be."""
    flags = re.IGNORECASE if params.get("ignore_case", True) else 0
    trigger = re.compile("|".join(f"(?:{p})" for p in params["trigger"]), flags)
    needed = re.compile("|".join(f"(?:{p})" for p in params["patterns"]), flags)
    if params.get("not_in_amendments") and target.amends:
        return  # an amendment or order form: the wording may be in the agreement it changes
    text = target.doc.text
    first = trigger.search(text)
    if first is None or needed.search(text):
        return
    yield Hit("", {"match": first.group(0)}, start=first.start(), end=first.end())


def drafting(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    return iter(())  # drafting detectors read documents only


def drafting_doc(params: Mapping[str, Any], target: DocTarget) -> Sequence[Hit]:
    """Defects from a detector in :mod:`agreement_builder.analyze.drafting`, filtered by ``tag``.

    A sequence, so the engine counts the hits past its cap without making them."""
    wanted = params.get("tag")
    found, matching = target.found(params["detector"])
    stopped: frozenset[str] = getattr(found, "stopped", frozenset())
    if wanted:
        found = [defect for defect in found if defect.tag == wanted]
    return _DefectHits(found, matching, wanted in stopped if wanted else bool(stopped))


class _DefectHits(Sequence[Hit]):
    """Defects as hits, each made (and taken to the document's offsets) when it is read.

    ``at_least``: the detector stopped looking after ``ENOUGH`` of them (drafting.base), so
    there are more than it listed."""

    def __init__(
        self, defects: Sequence[Defect], matching: Matching | None, at_least: bool = False
    ) -> None:
        self._defects = defects
        self._matching = matching
        self.at_least = at_least

    def __len__(self) -> int:
        return len(self._defects)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | Sequence[Hit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        defect = self._defects[index]
        if self._matching is not None:
            defect = self._matching.to_original(defect)
        values = {"message": defect.message, **dict(defect.data)}
        return Hit("", values, start=defect.start, end=defect.end)


# ---------------------------------------------------------------- python functions


def equal_split_unequal_contributions(
    params: Mapping[str, Any], target: SpecTarget
) -> Iterator[Hit]:
    """Equal splits while one party's stated contributions are worth far more than another's."""
    economics = target.spec.economics
    if economics is None or economics is NA or len(economics.splits) < 2:
        return
    percents = {s.percent for s in economics.splits}
    if len(percents) != 1:
        return
    ratio = float(params.get("ratio", 2))
    values: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for party in target.spec.parties:
        values[party.id] = sum(
            (c.value.amount for c in party.contributions if c.value is not None), Decimal(0)
        )
        counts[party.id] = len(party.contributions) + len(party.responsibilities)
    ids = [s.party for s in economics.splits if s.party in values]
    if len(ids) < 2:
        return
    money = [values[i] for i in ids]
    work = [counts[i] for i in ids]
    unequal_money = min(money) > 0 and max(money) >= min(money) * Decimal(str(ratio))
    unequal_money = unequal_money or (max(money) > 0 and min(money) == 0)
    unequal_work = min(work) > 0 and max(work) >= min(work) * ratio
    if unequal_money or unequal_work:
        big = max(ids, key=lambda i: (values[i], counts[i]))
        small = min(ids, key=lambda i: (values[i], counts[i]))
        yield Hit("economics.splits", {"big": big, "small": small})


def undefined_spec_terms(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """A capitalised term in the spec's sentences that the agreement never defines."""
    from ..build.spectext import undefined_terms

    for path, term in undefined_terms(target.spec):
        yield Hit(path, {"term": term})


def lower_case_spec_terms(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """A defined term written in lower case in the spec's sentences ("each party")."""
    from ..build.spectext import lower_case_terms

    for path, written, term in lower_case_terms(target.spec):
        yield Hit(path, {"written": written, "term": term})


def law_of_several_systems(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """The governing law names a country with several laws of contract ("United States")."""
    from ..build.wording import several_systems

    law = target.spec.agreement.governing_law
    if law and several_systems(law):
        yield Hit("agreement.governing_law", {"law": law})


def late_interest_undecided(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """Money changes hands, the spec sets no late-payment rate and the governing law has no
    statute that gives one: the agreement says nothing about interest on late payments."""
    from ..build.wording import late_interest_statute

    economics = target.spec.economics
    if economics is None or economics is NA or economics.model == "none":
        return
    if economics.late_interest_percent is not None:
        return
    law = target.spec.agreement.governing_law
    if late_interest_statute(law) is None:
        yield Hit("economics", {"law": law or "not chosen"})


def spec_spelling(params: Mapping[str, Any], target: SpecTarget) -> Iterator[Hit]:
    """A word of the spec's sentences that the agreement's locale spells differently."""
    from ..build.spectext import foreign_spelling

    for path, word, local in foreign_spelling(target.spec):
        yield Hit(path, {"word": word, "local": local, "locale": target.spec.agreement.locale})


FUNCTIONS: dict[str, Run] = {
    "equal_split_unequal_contributions": equal_split_unequal_contributions,
    "undefined_spec_terms": undefined_spec_terms,
    "lower_case_spec_terms": lower_case_spec_terms,
    "law_of_several_systems": law_of_several_systems,
    "late_interest_undecided": late_interest_undecided,
    "spec_spelling": spec_spelling,
}

RULE_TYPES: dict[str, RuleType] = {
    "required_component": RuleType(
        required_component,
        {"level": True, "detection": False, "kinds_from": False},
        ("spec", "document"),
        required_component_doc,
    ),
    "required_field": RuleType(
        required_field, {"field": True, "each": False, "when": False, "na_ok": False, "show": False}
    ),
    "condition": RuleType(
        condition, {"then": True, "if": False, "each": False, "at": False, "show": False}
    ),
    "sum_equals": RuleType(
        sum_equals, {"each": True, "field": True, "total": False, "when": False}
    ),
    "distinct": RuleType(distinct, {"each": True, "field": True, "show": False}),
    "forbidden_wording": RuleType(
        forbidden_wording,
        {"patterns": True, "ignore_case": False},
        ("spec", "document"),
        forbidden_wording_doc,
    ),
    "required_wording": RuleType(
        required_wording,
        {"trigger": True, "patterns": True, "ignore_case": False, "not_in_amendments": False},
        ("document",),
        required_wording_doc,
    ),
    "drafting": RuleType(drafting, {"detector": True, "tag": False}, ("document",), drafting_doc),
    "python": RuleType(python, {"function": True, "ratio": False}),
    "undecided": RuleType(undecided, {"origin": True}),
    # findings the engine itself reports (waivers for unknown rules): nothing to run
    "engine": RuleType(lambda params, target: iter(()), {}, ("spec", "document")),
}
