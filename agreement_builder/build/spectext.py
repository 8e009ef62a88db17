"""The spec's own sentences against the agreement's defined terms (rules TXT101, TXT102) and
its spelling against the locale (LOC103).

A spec's prose (a purpose, responsibilities, a cost allocation ...) is printed into clauses
as written, so it must use the agreement's defined terms the way the clauses do: a
capitalised term the agreement never defines ("Joint Customers") reads as a definition that
is missing; a defined term in lower case ("each party", "this agreement") reads as something
other than the defined term. Only prose fields are read, never names, titles or addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..core.memo import by_identity
from ..spec.context import spec_context
from ..spec.model import NOT_CONTENT, AgreementSpec, walk_strings
from .library import Library, load_library
from .select import select_clauses
from .wording import spelling_table

# the fields a spec writes sentences in (the last name of a path, without [i])
PROSE_FIELDS = frozenset(
    {
        "statement",
        "scope",
        "objectives",
        "responsibilities",
        "description",
        "cost_allocation",
        "shared_assets",
        "success_criteria",
        "subject",
        "usage_limits",
        "revenue_basis",
        "basis",
        "metric",
        "purpose",
        "attendees",
        "cap_basis",
    }
)
MAX_FINDINGS = 50  # per rule and spec: the first ones make the point
_RUN = re.compile(r"\b[A-Z][a-z]+(?:-[A-Za-z]+)*(?: [A-Z][a-z]+(?:-[A-Za-z]+)*)*\b")
_QUOTED = re.compile(r"\"([A-Z][\w-]*(?: [A-Z][\w-]*)*)\"")
_NOT_TERMS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "english",
        "i",
    ]
)
_PARTY_PHRASE = re.compile(
    r"(?<!third )(?<!third-)\b((?i:each|either|neither|both|the other|any|no|all|every|one|a|the)) "
    r"(party|parties)\b"
)
_THIS_AGREEMENT = re.compile(r"\b(?i:this) agreement\b")


def prose(spec: AgreementSpec) -> Iterator[tuple[str, str]]:
    """(path, text) of every sentence field of the spec, and of its own definitions."""
    yield from _walk(spec, "")
    for index, (_, meaning) in enumerate(spec.definitions):
        yield f"definitions[{index}]", meaning


def _walk(obj: Any, path: str) -> Iterator[tuple[str, str]]:
    skip = (*NOT_CONTENT, "definitions", "agreement")
    for where, text in walk_strings(obj, path, skip):
        if re.sub(r"\[\d+\]$", "", where).rsplit(".", 1)[-1] in PROSE_FIELDS:
            yield where, text


_VOCABULARY: dict[int, tuple[Library, frozenset[str]]] = {}


_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def _vocabulary(lib: Library) -> frozenset[str]:
    """Every word our clauses use in lower case: the common words a defined term is made of
    (a proper name such as "Poughkeepsie" or "Ontario" is not among them)."""
    kept = _VOCABULARY.get(id(lib))
    if kept is not None and kept[0] is lib:
        return kept[1]
    words: set[str] = set()
    for clause in lib.clauses:
        prose = _TEMPLATE_CODE.sub(" ", clause.body)  # not the names in {% if x == "england" %}
        words.update(re.findall(r"\b[a-z][a-z-]+\b", prose))
        for _, text in clause.defines:
            words.update(re.findall(r"\b[a-z][a-z-]+\b", text))
    vocabulary = frozenset(words)
    if len(_VOCABULARY) > 8:
        _VOCABULARY.clear()
    _VOCABULARY[id(lib)] = (lib, vocabulary)
    return vocabulary


def defined_terms(spec: AgreementSpec, lib: Library | None = None) -> frozenset[str]:
    """The terms the agreement built from ``spec`` defines: the spec's own, those of its
    clauses (``defines`` and quoted terms in their text), the parties' names, "Agreement"."""
    return _defined_terms(spec, lib or load_library())


@by_identity()  # two checks ask for them (undefined and lower-case terms)
def _defined_terms(spec: AgreementSpec, lib: Library) -> frozenset[str]:
    terms = {"Agreement", "Party", "Parties", "Schedule", "Section", "Article"}
    terms.update(term for term, _ in spec.definitions)
    for party in spec.parties:
        terms.update(n for n in (party.short_name, party.legal_name) if n)
    for clause in select_clauses(spec, lib, spec_context(spec)):
        terms.update(term for term, _ in clause.defines)
        terms.update(_QUOTED.findall(clause.body))
        for _, text in clause.defines:
            terms.update(_QUOTED.findall(text))
    return frozenset(terms)


def _singular(text: str) -> str:
    return " ".join(
        w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") else w
        for w in text.lower().split(" ")
    )


def _phrases(text: str) -> Iterator[str]:
    """Every run of consecutive words of ``text`` (at most 8 words long)."""
    words = text.split(" ")
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 8) + 1):
            yield " ".join(words[i:j])


def _known(run: str, singulars: set[str], parts: set[str]) -> bool:
    """``run`` is a defined term, or a longer or shorter form of one ("First Licensed
    Product" of "Licensed Products", "Partnership Managers" of "Partnership Manager");
    ``parts`` holds every run of words of every defined term."""
    one = _singular(run)
    return one in parts or any(p in singulars for p in _phrases(one))


def undefined_terms(spec: AgreementSpec, lib: Library | None = None) -> list[tuple[str, str]]:
    """(path, term) for each capitalised term in the spec's sentences that the agreement does
    not define, made of common words (so not a name or a place)."""
    lib = lib or load_library()
    singulars = {_singular(t) for t in defined_terms(spec, lib)}
    parts = {p for t in singulars for p in _phrases(t)}
    vocabulary = _vocabulary(lib)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path, text in prose(spec):
        for match in _RUN.finditer(text):
            run = match.group(0)
            words = run.split(" ")
            start = match.start() == 0 or re.search(r"[.:;!?]\s*$", text[: match.start()])
            if start and len(words) == 1:
                continue  # a capital that starts a sentence
            if any(w.lower() in _NOT_TERMS for w in words):
                continue
            if not all(w.lower() in vocabulary for w in words):
                continue  # a name, a place, a brand
            if _known(run, singulars, parts) or run.lower() in seen:
                continue
            seen.add(run.lower())
            out.append((path, run))
            if len(out) >= MAX_FINDINGS:
                return out
    return out


def lower_case_terms(spec: AgreementSpec, lib: Library | None = None) -> list[tuple[str, str, str]]:
    """(path, as written, the defined term) for each defined term the spec's sentences write in
    lower case: "each party", "this agreement", and lower-case forms of defined terms of two
    or more words ("effective date"). One-word terms other than Party are left alone: "the
    pilot units" need not mean the Pilot."""
    names = {n for p in spec.parties for n in (p.short_name, p.legal_name) if n}
    terms = defined_terms(spec, lib) - names  # a name in lower case is not a defined term's
    several = {t for t in terms if " " in t and t[:1].isupper() and t.lower() != t}
    by_lower = {t.lower(): t for t in several}
    longest = min(8, max((t.count(" ") + 1 for t in several), default=0))
    out: list[tuple[str, str, str]] = []
    for path, text in prose(spec):
        found: list[tuple[int, str, str]] = []
        for match in _PARTY_PHRASE.finditer(text):
            noun = match.group(2)
            found.append((match.start(), match.group(0), noun.capitalize()))
        for match in _THIS_AGREEMENT.finditer(text):
            found.append((match.start(), match.group(0), "Agreement"))
        if by_lower:  # each run of words looked up: linear in the text, whatever the terms
            words = list(re.finditer(r"[\w-]+", text))
            index = 0
            while index < len(words):
                for k in range(min(longest, len(words) - index), 0, -1):
                    first, last = words[index], words[index + k - 1]
                    written = text[first.start() : last.end()]
                    term = by_lower.get(" ".join(w.group(0) for w in words[index : index + k]))
                    if term is not None and written == written.lower():
                        found.append((first.start(), written, term))
                        index += k - 1
                        break
                index += 1
        for _, written, term in sorted(found):
            out.append((path, written, term))
            if len(out) >= MAX_FINDINGS:
                return out
    return out


def foreign_spelling(spec: AgreementSpec) -> list[tuple[str, str, str]]:
    """(path, word, the locale's word) for each word of the spec's sentences that the locale
    spells differently (a spec for an en-US agreement that writes "licence")."""
    table = spelling_table(spec.agreement.locale)
    if not table:
        return []
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    out: list[tuple[str, str, str]] = []
    texts = list(prose(spec))
    if spec.agreement.title:
        texts.insert(0, ("agreement.title", spec.agreement.title))
    for path, text in texts:
        for match in pattern.finditer(text):
            word = match.group(0)
            local = table[word.lower()]
            if word[:1].isupper():
                local = local.upper() if word.isupper() and len(word) > 1 else local.capitalize()
            out.append((path, word, local))
            if len(out) >= MAX_FINDINGS:
                return out
    return out
