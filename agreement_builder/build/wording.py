"""The words of an agreement, as data (``clauses/_wording.yaml``): spelling by locale, one word
for the unit (Section or Article), two-party wording, and what a jurisdiction or governing
law names (the legal system, the phrase a clause prints, a statute for late interest).

Rewriting applies to the text *we* wrote (clause bodies, titles, definitions, the help of
variables), never to the values a spec supplies: a clause template is rewritten in its
literal text and in the string literals of its tags, and a word joined to a name by ``.`` or
``_`` (``ip.licences``, ``licence_fee``) is left alone, so paths and enum values survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from ..core.english import a_or_an
from ..core.errors import LibraryError
from ..core.resources import data_dir
from ..core.yamlsafe import parse_yaml, read_text_file
from ..spec.model import AgreementSpec
from .library import Clause, ComponentInfo, Library

_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")
# Jinja tags, and the string literals inside one
_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_STRING = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
UNITS = ("Section", "Article")


@cache
def wording() -> Mapping[str, Any]:
    """``clauses/_wording.yaml``, loaded once."""
    path = data_dir("clauses") / "_wording.yaml"
    loaded = parse_yaml(read_text_file(path, what="wording data"), str(path), "wording data")
    if not isinstance(loaded.data, Mapping):
        raise LibraryError(f"{path}: expected a mapping")
    return loaded.data


# ---------------------------------------------------------------- phrase rewriting


class Rewriter:
    """Replaces whole phrases (longest first), keeping an initial capital or all capitals."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        self.lower = {k.lower(): v for k, v in table.items() if k == k.lower()}
        keys = sorted(self.table, key=len, reverse=True)
        if keys:
            alternatives = "|".join(re.escape(k) for k in keys)
            self.pattern: re.Pattern[str] | None = re.compile(
                rf"(?<![\w.])(?:{alternatives})(?![\w]|\.\w)", re.IGNORECASE
            )
        else:
            self.pattern = None

    def _one(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found in self.table:
            return self.table[found]
        new = self.lower.get(found.lower())
        if new is None:
            return found
        if found.isupper() and len(found) > 1:
            return new.upper()
        if found[:1].isupper():
            return new[:1].upper() + new[1:]
        return new

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(self._one, text)

    def __bool__(self) -> bool:
        return self.pattern is not None


def spelling_table(locale: str) -> dict[str, str]:
    """The en-GB word -> the locale's word (empty for locales that keep our spelling)."""
    entry = wording().get("spelling", {}).get(locale)
    if not entry:
        return {}
    table = {str(k): str(v) for k, v in (entry.get("words") or {}).items()}
    for stem in entry.get("stems") or ():
        base = str(stem).rstrip("*")
        for ending in _ENDINGS:
            table[base + ending] = base[:-1] + "z" + ending
    return table


@cache
def _spelling(locale: str) -> Rewriter:
    return Rewriter(spelling_table(locale))


@cache
def _unit(unit: str) -> Rewriter:
    return Rewriter(wording().get("units", {}).get(unit) or {})


@cache
def _two_parties() -> Rewriter:
    return Rewriter(wording().get("two_parties") or {})


def rewriter_for(spec: AgreementSpec) -> Callable[[str], str] | None:
    """What our clause text goes through for ``spec`` (two-party wording, the unit, spelling),
    or None when it stays as written."""
    steps = [_unit(unit_of(spec)), _spelling(spec.agreement.locale)]
    if len(spec.parties) == 2:
        steps.insert(0, _two_parties())
    steps = [s for s in steps if s]
    if not steps:
        return None

    def rewrite(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return rewrite


def unit_of(spec: AgreementSpec) -> str:
    unit = getattr(spec.agreement, "unit", None) or "Section"
    return unit if unit in UNITS else "Section"


def rewrite_template(source: str, rewrite: Callable[[str], str]) -> str:
    """``source`` with ``rewrite`` applied to its literal text and to the string literals of
    its tags; names, filters and expressions are untouched."""
    out: list[str] = []
    for part in _TAG.split(source):
        if part.startswith(("{{", "{%")):
            out.append(
                _STRING.sub(
                    lambda m: m.group(0)[0] + rewrite(m.group(0)[1:-1]) + m.group(0)[-1], part
                )
            )
        elif part.startswith("{#"):
            out.append(part)
        else:
            out.append(rewrite(part))
    return "".join(out)


_LOCALISED: dict[tuple[int, str, str, bool], tuple[Library, Library]] = {}


def localise_library(lib: Library, spec: AgreementSpec) -> Library:
    """``lib`` with our clause text in the words of ``spec``'s agreement (kept per library and
    wording, for the few combinations a process meets)."""
    key = (id(lib), spec.agreement.locale, unit_of(spec), len(spec.parties) == 2)
    kept = _LOCALISED.get(key)
    if kept is not None and kept[0] is lib:
        return kept[1]
    localised = _localise_library(lib, spec)
    if len(_LOCALISED) > 64:
        _LOCALISED.clear()
    _LOCALISED[key] = (lib, localised)
    return localised


def _localise_library(lib: Library, spec: AgreementSpec) -> Library:
    rewrite = rewriter_for(spec)
    if rewrite is None:
        return lib
    clauses = tuple(_localise(c, rewrite) for c in lib.clauses)
    components = {cid: _localise_component(info, rewrite) for cid, info in lib.components.items()}
    return Library(clauses, components, lib.root)


def _localise_component(info: ComponentInfo, rewrite: Callable[[str], str]) -> ComponentInfo:
    return replace(
        info, title=rewrite(info.title), missing=rewrite(info.missing) if info.missing else None
    )


def _localise(clause: Clause, rewrite: Callable[[str], str]) -> Clause:
    return replace(
        clause,
        title=rewrite(clause.title),
        body=rewrite_template(clause.body, rewrite),
        defines=tuple(
            (rewrite(term), rewrite_template(text, rewrite)) for term, text in clause.defines
        ),
        variables=tuple(replace(v, help=rewrite(v.help)) for v in clause.variables),
    )


# ---------------------------------------------------------------- jurisdictions and laws


def _padded(text: str) -> str:
    return " " + re.sub(r"[^a-z.]+", " ", text.lower()) + " "


def _words_in(text: str, names: Iterable[str]) -> bool:
    low = _padded(text)
    return any(f" {n.lower()} " in low for n in names)


def _us_states() -> tuple[list[str], list[str]]:
    us = wording()["systems"]["us"]
    return list(us.get("states") or ()), list(us.get("commonwealths") or ())


def us_state(text: str | None) -> str | None:
    """The US State ``text`` names ("Delaware, United States" -> "Delaware"), if any."""
    if not text:
        return None
    low = _padded(text)
    for state in _states_longest_first():
        if f" {state.lower()} " in low:
            if state == "Washington" and (" washington d.c. " in low or " dc " in low):
                continue
            if state == "Georgia" and not any(
                f" {w} " in low for w in ("united states", "usa", "us", "state")
            ):
                continue  # the country, unless the text says it is the State
            return state
    return None


@cache
def _states_longest_first() -> tuple[str, ...]:
    states, commonwealths = _us_states()
    return tuple(sorted(states + commonwealths, key=len, reverse=True))


def legal_system(text: Any) -> str | None:
    """``"us"``, ``"england"`` or None: the legal system a jurisdiction, law or court names."""
    if not isinstance(text, str) or not text.strip():
        return None
    systems = wording()["systems"]
    if _words_in(text, systems["england"]["names"]):
        return "england"
    if us_state(text) or _words_in(text, systems["us"]["names"]):
        return "us"
    return None


def several_systems(law: str | None) -> bool:
    """True when ``law`` names only a country with more than one law of contract ("United
    States", "UK", "Canada"): a court cannot tell which law the parties chose."""
    if not law:
        return False
    core = _core(law)
    return core in {s.lower() for s in wording().get("several_systems", ())}


def _core(law: str) -> str:
    core = law.strip().rstrip(".").lower()
    core = re.sub(r"^(the\s+)?(laws?\s+of\s+)?(the\s+)?", "", core)
    core = re.sub(r"\s+(laws?)$", "", core)
    return core.strip()


def governing_law_phrase(law: str) -> str:
    """What follows "governed by": "English law" -> "the laws of England and Wales", "New York"
    -> "the laws of the State of New York", "Irish law" -> "the laws of Ireland"; a text that
    already says "the law(s) of ..." is kept; anything else is "the laws of <text>"."""
    text = " ".join(law.split()).rstrip(".")
    core = _core(text)
    systems = wording()["systems"]
    england = {n.lower() for n in systems["england"]["names"]}
    if core in england:
        return str(systems["england"]["law"])
    states, commonwealths = _us_states()
    for state in states + commonwealths:
        low = state.lower()
        if core in (low, f"state of {low}", f"{low} state", f"commonwealth of {low}") or (
            core.startswith(f"{low}, ") and legal_system(core) == "us"
        ):
            kind = "Commonwealth" if state in commonwealths else "State"
            return f"the laws of the {kind} of {state}"
    adjective = wording().get("law_adjectives", {}).get(core)
    if adjective and re.search(r"\blaws?$", text, re.IGNORECASE):
        return f"the laws of {adjective}"
    if re.match(r"(?i)the\s+laws?\s+of\b", text):
        return text[:1].lower() + text[1:]
    if re.search(r"\blaws?$", text, re.IGNORECASE):
        return text  # "Ontario law": a law named by its adjective
    return f"the laws of {text}"


def late_interest_statute(law: str | None) -> str | None:
    """The statute that gives interest on late commercial payments under ``law``, if any."""
    system = legal_system(law)
    statutes = wording().get("late_interest_statutes") or {}
    return str(statutes[system]) if system in statutes else None


def place(where: Any) -> Any:
    """ "United States" -> "the United States"; other places as written."""
    if not isinstance(where, str):
        return where
    low = where.strip().lower()
    if any(low == p or low.startswith(p + ",") for p in wording().get("places_with_the", ())):
        return "the " + where.strip()
    return where


# what a clause template can call (build/layout.py adds them to its context)
WORDING_HELPERS: Mapping[str, Callable[..., Any]] = {
    "legal_system": legal_system,
    "us_state": us_state,
    "law_phrase": governing_law_phrase,
    "late_interest_statute": late_interest_statute,
    "a_an": a_or_an,
    "place": place,
}
