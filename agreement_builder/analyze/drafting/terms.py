"""Drafting-defect detectors for agreements we did not write: plain functions over text.

Each detector takes a ``SourceDocument`` and returns ``Defect`` records (what, where as
character offsets); the rule engine turns them into findings with codes, severities and
locations. Every pattern here is linear-time: documents can be one 100k-character line, and
no detector searches the whole text once per term or per reference.

The detectors aim at precision: a finding should be one a reviewer agrees with. Text
extracted from PDFs runs sections together, glues page numbers and running headers into
sentences and hides section numbers the segmenter did not see, so every check confirms
what it is about to report against the raw text before reporting it.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ...core.english import NUMBER_WORDS
from ...read.model import DocSection, SourceDocument


@dataclass(frozen=True)
class Defect:
    check: str  # detector id, e.g. "placeholder"
    message: str
    start: int
    end: int
    data: tuple[tuple[str, str], ...] = field(default=())


def _short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _search_end(pattern: re.Pattern[str], text: str, tokens: int) -> re.Match[str] | None:
    r"""``pattern.search(text)`` for a pattern anchored at the end (``...$``) whose matches
    span at most ``tokens`` white-space-separated pieces of ``text``.

    Such a match starts inside the last ``tokens`` pieces, so the search starts where they
    begin instead of at every position of the window (``\b`` still sees the character
    before it). Same match; these look-back windows are searched a few hundred times a text.
    """
    head = text.rsplit(None, tokens)
    return pattern.search(text, len(head[0]) if len(head) > tokens else 0)


# ---------------------------------------------------------------- document zones

_WITNESS = re.compile(
    r"IN\s+WITNESS\s+WHEREOF|In\s+[Ww]itness\s+[Ww]hereof|\[\s*Signature\s+Pages?\s+Follows?\s*\]"
    r"|\nSigned\s+by\b|\n(?:SIGNATURES?|Signatures)[ \t]*\n"
)
_ANNEX_HEADING = re.compile(
    r"(?m)^[ \t]*(?:EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)"
    r"[ \t]+[A-Z0-9][A-Z0-9.\-]{0,5}\b[^\n]{0,100}"
)


@lru_cache(maxsize=8)
def _body_end(text: str) -> int:
    """Where the agreement proper ends: its signature block (exhibits and forms follow)."""
    match = _WITNESS.search(text)
    return match.start() if match else len(text)


def _form_zones(text: str) -> list[tuple[int, int]]:
    """Exhibits that are forms to be filled in later ("Form of Notice"): blanks there are fine."""
    heads = [m.start() for m in _ANNEX_HEADING.finditer(text)]
    zones: list[tuple[int, int]] = []
    for i, start in enumerate(heads):
        end = heads[i + 1] if i + 1 < len(heads) else len(text)
        if re.search(r"\bform\s+of\b", text[start : start + 400], re.IGNORECASE):
            zones.append((start, end))
    return zones


def _in_zones(pos: int, zones: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in zones)


# ---------------------------------------------------------------- placeholders

_PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{0,80}\]"  # bracketed text, judged below
    r"|\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}"  # template markup
    r"|<<[^<>\n]{1,60}>>|«[^«»\n]{1,60}»"
    r"|TBD|TBC|XXX+"
    r"|__{3,}"  # four or more; written so every alternative starts with a literal (fast scan)
)
_NOT_PLACEHOLDER = re.compile(
    r"\[\s*(?:\*+|•\s*\*+|redacted|\*+\s*redacted\s*\*+|confidential(?: treatment requested)?|"
    r"confidential portion[^\]]*|reserved|intentionally omitted|intentionally left blank|omitted|deleted|"
    r"text omitted|signature pages? (?:follows?|to follow)|signature page to follow|"
    r"remainder of (?:this )?page (?:is )?intentionally (?:left )?blank|[ xX✓✔]|)\s*\.?\s*\]",
    re.IGNORECASE,
)
_FIELD_WORDS = (
    r"date|name|amount|address|party|company|number|title|country|state|city|county|jurisdiction|"
    r"percent(?:age)?|price|fees?|term|period|days|months|years|currency|sum|value|e-?mail|phone|"
    r"signatory|counterparty|entity|tbd|tbc|insert"
)
_BRACKET_PLACEHOLDER = re.compile(
    r"\[\s*(?:"
    r"[●•…_]+|\.{3,}|[xX]{2,}|\?+|#+"  # blanks and bullets
    r"|(?:insert|enter|specify|add|fill in|complete|to come|to be (?:confirmed|determined|agreed|inserted))\b[^\]]*"
    r"|tbd|tbc|date|name|amount|address"
    rf"|(?=[^\]]*\b(?:{_FIELD_WORDS.upper()})\b)[A-Z0-9][A-Z0-9 /&,.'’\-]*"  # [AZUL NAME], [NAME/TITLE]
    r")\s*\]"
)
_XXX_CONTEXT = re.compile(r"(?:[$€£]|USD|EUR|GBP)\s*$|\(\s*$")
_SIGNATURE_CONTEXT = re.compile(
    r"(?:by|name|title|date|dated|signature|signed|per|its|witness|print(?:ed)? name|"
    r"authori[sz]ed signatory|initials?)\s*:?\s*$",
    re.IGNORECASE,
)


def find_placeholders(doc: SourceDocument) -> list[Defect]:
    """Leftover drafting placeholders; redaction markers, checkboxes and signature blanks are fine."""
    text = doc.text
    body_end = _body_end(text)
    zones: list[tuple[int, int]] | None = None
    out: list[Defect] = []
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        first = token[0]
        if first == "[":
            if _NOT_PLACEHOLDER.fullmatch(token) or not _BRACKET_PLACEHOLDER.fullmatch(token):
                continue
        elif first == "_":
            if match.start() >= body_end:
                continue  # signature pages and exhibits: blanks to sign or fill in later
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_before = text[max(line_start, match.start() - 60) : match.start()]
            if not line_before.strip() or _SIGNATURE_CONTEXT.search(line_before):
                continue
        elif first == "T" or first == "X":
            a, b = match.start(), match.end()
            if (a and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
                continue
        if first == "X" and not _XXX_CONTEXT.search(
            text[max(0, match.start() - 6) : match.start()]
        ):
            continue
        if zones is None:
            zones = _form_zones(text)
        if _in_zones(match.start(), zones):
            continue
        out.append(
            Defect(
                "placeholder", f"leftover placeholder {_short(token)!r}", match.start(), match.end()
            )
        )
    return out


# ---------------------------------------------------------------- defined terms

_TERM = r"[A-Z0-9][A-Za-z0-9\-&/.'’]*(?:[ \t]+[A-Za-z0-9\-&/.'’(][A-Za-z0-9\-&/.'’()]*){0,7}"
# A term as quoted: on one line, or wrapped once by a PDF line break.
_QTERM = r"[\"“]\s?(" + _TERM.replace(r"[ \t]+", r"(?:[ \t]+|[ \t]*\n[ \t]*)") + r")\s?[\"”]"
# "Term" means ...: starts with a quote, so the engine skips ahead to quotes
_MEANS = re.compile(
    _QTERM
    + r"(?:\s*\)|\s*,)?\s*(?:shall\s+|will\s+|shall,\s+|as\s+used\s+herein,?\s+|when\s+used\s+[^,]{0,40},\s+)?"
    r"(?:means?|mean\b|(?:is|are)\s+(?:agreed\s+|deemed\s+|intended\s+)?(?:to\s+)?mean|has\s+the\s+meaning|have\s+the\s+meaning|shall\s+have\s+the\s+meaning|refers?\s+to|includes?|is\s+defined)\b"
)
# a definitions list: "Term": ... / "Term" - ... at a line start (a separate pattern: as one
# alternation with the above, the line-start branch made the engine try every position)
_MEANS_LIST_BODY = (
    r"[ \t]*(?:\d{1,2}(?:\.\d{1,2})*\.?|\([a-z]{1,3}\))?[ \t]*" + _QTERM + r"\s*[:\-–—]\s"
)
_MEANS_LIST = re.compile(r"(?m:^)" + _MEANS_LIST_BODY)  # found through _after_separator
# the same after a newline: a literal start the engine skips to (``(?m:^)`` tried every place)
_MEANS_LIST_AFTER_NEWLINE = re.compile(r"\n" + _MEANS_LIST_BODY)


def _after_separator(
    at_start: re.Pattern[str], after: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """The matches of a pattern that holds only at the text's start or right after a
    separator (a newline, white space), as its own finditer would give them: ``at_start`` tried
    at 0, then ``after`` (the separator, then the same pattern with the same groups) searched
    from the last match's final character, which may be the separator the next one needs.

    Starting with the separator lets the engine skip ahead to it; a leading ``(?m:^)`` or a
    check of the character before made it stop at every position."""
    first = at_start.match(text)
    if first is not None:
        yield first
    pos = first.end() if first is not None else 0
    while (match := after.search(text, max(pos - 1, 0))) is not None:
        yield match
        pos = match.end()


# Inline definitions: ("Term"), hereinafter "Term", the term "Term", referred to as "Term".
# Each alternative starts with its own first character, so no two can match at the same
# place: scanned as separate patterns (each with a literal start the engine skips to) and
# merged as one alternation's finditer would give them (_leftmost_matches). As one
# alternation, the engine stopped at every "t", "a", "h" and "r".
_PAREN_DEFS = (
    re.compile(
        r"\((?:[^()\"“”\n]{0,60}?)?"
        + _QTERM
        + r"(?:\s*(?:,|or|and|/)\s*(?:each\s+|collectively\s+|together\s+)?(?:the\s+|a\s+|an\s+)?"
        + _QTERM
        + r")?\s*\)"
    ),
    re.compile(r"here(?:in)?after\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?" + _QTERM),
    # "the term", "a phrase" at a word start (the look-behind checks it)
    *(
        re.compile(
            rf"{w[0]}(?<!\w{w[0]}){w[1:]}\s+(?:terms?|expressions?|phrases?|words?)\s+" + _QTERM
        )
        for w in ("The", "the", "A", "a")
    ),
    re.compile(r"referred\s+to\s+(?:herein\s+|below\s+|hereinafter\s+)?as\s+(?:the\s+)?" + _QTERM),
)


def _leftmost_matches(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """``re.compile("|".join(patterns)).finditer(text)``, for patterns that never match at the
    same position nor match empty: the leftmost match at or after the end of the last one."""
    pending = [p.search(text) for p in patterns]
    pos = 0
    while True:
        best: re.Match[str] | None = None
        for i, match in enumerate(pending):
            if match is not None and match.start() < pos:
                match = pending[i] = patterns[i].search(text, pos)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        yield best
        pos = best.end()


_POINTER = re.compile(
    r"(?:meaning|defined|set\s+(?:out|forth)|described|given|specified|referred\s+to)\b[^.;]{0,80}"
    r"\b(?:Section|Clause|Article|Schedule|Exhibit|Annex|Appendix|paragraph|above|below|herein|hereof)"
    r"|^\W{0,6}(?:has|have|shall\s+have)\s+the\s+meaning",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Definition:
    term: str
    start: int
    end: int
    form: str = "means"  # means | inline


def _clean_term(raw: str) -> str:
    term = re.sub(r"\s+", " ", raw).strip(" .,;:")
    return term


@lru_cache(maxsize=8)
def _definitions(text: str) -> tuple[Definition, ...]:
    out: list[Definition] = []
    seen: set[int] = set()
    scans = (
        (_MEANS.finditer(text), "means"),
        (_after_separator(_MEANS_LIST, _MEANS_LIST_AFTER_NEWLINE, text), "means"),
        (_leftmost_matches(_PAREN_DEFS, text), "inline"),
    )
    for matches, form in scans:
        for match in matches:
            for group in range(1, (match.lastindex or 0) + 1):
                raw = match.group(group)
                if not raw or match.start(group) in seen:
                    continue
                term = _clean_term(raw)
                if len(term) < 2 or (not term[0].isupper() and not term[0].isdigit()):
                    continue
                if term.count("(") != term.count(")"):
                    continue
                seen.add(match.start(group))
                out.append(Definition(term, match.start(group), match.end(group), form))
    out.sort(key=lambda d: d.start)
    return tuple(out)


def _has_number_clause(folded: str) -> bool:
    """Does an interpretation clause say the singular includes the plural? (``folded``: the
    text in lower case)"""
    pos = folded.find("singular")
    while pos >= 0:
        if _NUMBER_CLAUSE.search(folded, max(0, pos - 100), pos + 100):
            return True
        pos = folded.find("singular", pos + 1)
    return False


_NUMBER_CLAUSE = re.compile(
    r"singular\b[^.;]{0,80}\bplural|plural\b[^.;]{0,80}\bsingular|words\s+importing\s+the\s+singular",
    re.IGNORECASE,
)


def _strip_suffix(found: str, lookup: dict[str, str]) -> str | None:
    key = found.lower()
    for cut in ("", "'s", "’s", "s'", "s’", "es", "s"):
        if key.endswith(cut) and (key[: len(key) - len(cut)] if cut else key) in lookup:
            return lookup[key[: len(key) - len(cut)] if cut else key]
    return None


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def check_defined_terms(doc: SourceDocument, party_names: Iterable[str] = ()) -> list[Defect]:
    """Defined twice (differently), defined but unused, singular/plural and case variants."""
    text = doc.text
    definitions = _definitions(text)
    parties = set(party_names)
    out: list[Defect] = []
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for d in definitions:
        by_term[d.term].append(d)
    # defined twice: two "means" definitions that say different things, neither a pointer
    for term, defs in by_term.items():
        if len(defs) < 2:
            continue  # defined once (the pointer and context checks below are the slow part)
        full = [d for d in defs if d.form == "means" and not _is_pointer(text, d)]
        contexts = {_definition_context(text, d) for d in full}
        if len(full) > 1 and len(contexts) > 1:
            out.append(
                Defect(
                    "term_defined_twice",
                    f"{term!r} is defined {len(full)} times, differently",
                    full[1].start,
                    full[1].end,
                    (("term", term),),
                )
            )
    # uses: one pass over the text for every defined term, plural and possessive included
    definition_spans = {(d.start, d.end) for d in definitions}
    inside = sorted(definition_spans)
    uses: dict[str, int] = defaultdict(int)
    lookup = {t.lower(): t for t in by_term}
    for t in by_term:  # "Line Replaceable Unit(s)" is used as "Line Replaceable Unit"
        if t.endswith("(s)"):
            lookup.setdefault(t[:-3].lower(), t)
    wanted, cased = _variant_forms(by_term, doc.folded)
    used_spans, variant_spans = _finditer_folded(
        [
            (
                set(by_term)
                | set(lookup.values())
                | {t[:-3] for t in by_term if t.endswith("(s)")},
                True,
            ),
            (cased, False),
        ],
        text,
    )
    for start, end in used_spans:
        if _inside(start, inside):
            continue
        used = _strip_suffix(_norm_space(text[start:end]), lookup)
        if used is not None:
            uses[used] += 1
    folded = doc.folded
    for term, defs in by_term.items():
        if term in parties or uses.get(term, 0):
            continue
        if _used_as_variant(term, by_term, uses):
            continue
        if len(folded) == len(text) and _used_in_lower_case(term, folded, inside):
            continue
        out.append(
            Defect(
                "term_unused",
                f"{term!r} is defined but never used",
                defs[0].start,
                defs[0].end,
                (("term", term),),
            )
        )
    out.extend(_variants(text, variant_spans, wanted, by_term, inside))
    return out


def _finditer_folded(
    groups: Sequence[tuple[Iterable[str], bool]], text: str
) -> list[list[tuple[int, int]]]:
    """For each group of ``(terms, suffix)``: the spans where one of its terms occurs at a word
    start, its first letter as given and the rest in any case ("Effective date", "EFFECTIVE
    DATE"), the longest term first, with a plural or possessive ending when ``suffix``.

    One cheap scan (:func:`_term_heads`) stops where a term of any group may begin; there,
    each group tries its terms sharing the first two letters, each a small pattern compiled
    once per process (a portfolio repeats its terms), and its matches do not overlap. Each
    group gets the spans a scan of its own would give; the groups share the scan.
    """
    keyed: list[dict[str, list[re.Pattern[str]]]] = []
    for terms, suffix in groups:
        by_key: dict[str, list[re.Pattern[str]]] = defaultdict(list)
        for term in sorted({t for t in terms if t}, key=lambda t: (-len(t), t)):  # stable
            by_key[_term_key(term)].append(_term_pattern(term, suffix))
        keyed.append(by_key)
    found: list[list[tuple[int, int]]] = [[] for _ in groups]
    keys = tuple(sorted({key for by_key in keyed for key in by_key}))
    if not keys:
        return found
    tables: list[dict[str, tuple[re.Pattern[str], ...]]] = [{} for _ in groups]  # head -> patterns
    reached = [0] * len(groups)
    for candidate in _term_heads(keys).finditer(text):
        start = candidate.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue
        head = text[start : start + 2]
        for group, by_key in enumerate(keyed):
            if start < reached[group]:
                continue
            patterns = tables[group].get(head)
            if patterns is None:
                key = _term_key(head)
                patterns = (*by_key.get(key, ()), *by_key.get(key[0], ()))
                tables[group][head] = patterns
            for pattern in patterns:
                match = pattern.match(text, start)
                if match is not None:
                    reached[group] = match.end()
                    found[group].append((start, reached[group]))
                    break
    return found


def _term_key(text: str) -> str:
    """First character as written, second in lower case (any white space as one space)."""
    second = text[1:2]
    return text[:1] + (" " if second.isspace() else second.lower())


@lru_cache(maxsize=4096)
def _term_pattern(term: str, suffix: bool) -> re.Pattern[str]:
    tail = r"(?:s|es|'s|’s|s'|s’)?" if suffix else ""
    rest = re.escape(term[1:]).replace(r"\ ", r"\s+")
    return re.compile(re.escape(term[0]) + "(?i:" + rest + ")" + tail + r"(?![\w\-])")


@lru_cache(maxsize=256)
def _term_heads(keys: tuple[str, ...]) -> re.Pattern[str]:
    """Where a term with one of these keys (:func:`_term_key`) may start: its first character
    as written, then the second in any case (any white space for a space).

    Every alternative starts with a literal, so the engine skips ahead to first letters; the
    second character then discards most capitals before Python sees them. A match takes two
    characters, which hides no candidate: a term's first character is a letter or digit, so
    the next position is never a word start."""
    second: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        second[key[0]].append(key[1:])
    alternatives = []
    for first, rests in second.items():
        if "" in rests:  # a one-character term: its first character is enough
            alternatives.append(re.escape(first))
            continue
        chars = "".join(sorted({r for r in rests if r != " "}))
        options = ([rf"(?i:[{re.escape(chars)}])"] if chars else []) + (
            [r"\s"] if " " in rests else []
        )
        alternatives.append(re.escape(first) + "(?:" + "|".join(options) + ")")
    return re.compile("|".join(alternatives))


def _used_in_lower_case(term: str, folded: str, inside: list[tuple[int, int]]) -> bool:
    """Is the term used in lower case somewhere outside its definition? (``str.find``: fast)"""
    needle = term.lower()
    pos = folded.find(needle)
    while pos >= 0:
        before = folded[pos - 1] if pos else " "
        after = folded[pos + len(needle) : pos + len(needle) + 1]
        if not (before.isalnum() or (after.isalnum() and after != "s")) and not _inside(
            pos, inside
        ):
            return True
        pos = folded.find(needle, pos + 1)
    return False


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``pos`` inside one of the sorted, non-overlapping spans (a quoted definition)?"""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][1] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(spans) and spans[lo][0] <= pos < spans[lo][1]


def _used_as_variant(term: str, by_term: dict[str, list[Definition]], uses: dict[str, int]) -> bool:
    # "Licensed Products" counts as a use of "Licensed Product" when both are defined
    return any(uses.get(v, 0) for v in _forms(term) if v in by_term)


def _is_pointer(text: str, d: Definition) -> bool:
    after = text[d.end : d.end + 220]
    sentence = re.split(r"(?<=[.;])\s", after, maxsplit=1)[0]
    return bool(_POINTER.search(sentence))


def _definition_context(text: str, d: Definition) -> str:
    after = text[d.end + 1 : d.end + 160]
    after = re.sub(r"^\W*(?:shall\s+)?(?:means?|includes?|refers?\s+to)\b", "", after.strip())
    return re.sub(r"[^a-z0-9]+", " ", after.lower()).strip()[:60]


_SENTENCE_START = re.compile(r"(?:^|[.;:!?)\]]\s*|\n\s*|\(\w{1,4}\)\s*|\d\.?\s*)$")


def _variant_forms(
    by_term: dict[str, list[Definition]], folded: str
) -> tuple[dict[str, str], set[str]]:
    """What :func:`_variants` looks for: (variant in lower case -> its defined term, the
    variants as written): multi-word terms (for case variants), and singular/plural forms
    when the agreement has no clause saying the singular includes the plural."""
    defined = set(by_term)
    wanted: dict[str, str] = {}  # variant (lowercased key) -> term
    cased: set[str] = set()  # what to look for, first letter as written
    number_clause = _has_number_clause(folded)
    defined_lower = {t.lower() for t in defined}
    for term in defined:
        if " " in term and not term.isupper():
            wanted.setdefault(term.lower(), term)
            cased.add(term)
        if not number_clause and not term.isupper() and len(term) > 3:
            for variant in _forms(term):
                if variant.lower() not in defined_lower:
                    wanted.setdefault(variant.lower(), term)
                    cased.add(variant)
    return wanted, cased


def _variants(
    text: str,
    spans: Iterable[tuple[int, int]],
    wanted: dict[str, str],
    by_term: dict[str, list[Definition]],
    inside: list[tuple[int, int]],
) -> Iterator[Defect]:
    """Case variants ("Effective date") of a defined term, and singular/plural variants, among
    the ``spans`` where the forms of :func:`_variant_forms` occur."""
    defined = set(by_term)
    seen: set[str] = set()
    for start, end in spans:
        quoted = bool(start) and text[start - 1] in '"“'
        found = _norm_space(text[start:end])
        base = wanted.get(found.lower())
        if base is None or found == base or found in seen or _inside(start, inside):
            continue
        term = base
        if found in defined or found.isupper() or found.islower():
            continue  # headings in capitals; ordinary lower-case prose
        if found.lower() == term.lower():
            # a case variant: only mid-sentence, with the first word as defined
            if found.split()[0] != term.split()[0]:
                continue
            if _SENTENCE_START.search(text[max(0, start - 6) : start]):
                continue
            if quoted or all(w.isupper() for w in found.split()[1:]):
                continue  # a quoted mention; a heading in capitals
            if not any(
                a[0].isupper() and b[0].islower()
                for a, b in zip(term.split(), found.split(), strict=False)
            ):
                continue  # written with more capitals than the definition: emphasis, not a new term
            kind = "case"
        else:
            if found[0].islower() or found.split()[-1][0].islower():
                continue
            if not quoted:
                continue  # plurals in ordinary use are fine; a quoted one is treated as a term
            kind = "number"
        seen.add(found)
        message = (
            f"{found!r} is written differently from the defined term {term!r}"
            if kind == "case"
            else f"{found!r} is used but only {term!r} is defined"
        )
        yield Defect("term_variant", message, start, end, (("term", term), ("variant", found)))


def _forms(term: str) -> list[str]:
    if term.endswith("ies"):
        return [term[:-3] + "y"]
    if term.endswith("s") and not term.endswith("ss"):
        return [term[:-1]]
    if term.endswith("y") and len(term) > 3 and term[-2] not in "aeiou":
        return [term[:-1] + "ies"]
    if term.endswith(("ch", "sh", "x", "ss")):
        return [term + "es"]
    return [term + "s"]


# ---------------------------------------------------------------- undefined terms

# Two to five capitalised words on one line (never across a line break: PDF running headers
# and page footers sit on their own lines), with short connectors between them.
_CAP_PHRASE = re.compile(
    r"[A-Z][a-z][a-zA-Z'’\-]*(?:[ \t]+(?:(?:of|and|for|to|on|in|the|&)[ \t]+)?[A-Z][a-z][a-zA-Z'’\-]*){1,4}(?![\w\-])"
)
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|any|each|such|all|no|said|every|its|their|our|your|his|her|this|that|these|those|"
    r"other|relevant|applicable|per)\s+)$"
)
_LEAD_WORDS = {
    "The",
    "This",
    "These",
    "Those",
    "That",
    "Each",
    "Any",
    "All",
    "Such",
    "No",
    "If",
    "In",
    "Upon",
    "For",
    "Either",
    "Neither",
    "A",
    "An",
    "Its",
    "Their",
    "Our",
    "Your",
    "Every",
    "Said",
    "Other",
    "Both",
    "Under",
    "With",
    "By",
    "To",
    "On",
    "At",
    "As",
    "From",
    "Subject",
    "Notwithstanding",
    "Except",
    "Where",
    "When",
    "Within",
    "Without",
    "After",
    "Before",
    "During",
    "Following",
    "Prior",
    "Pursuant",
    "Unless",
    "Until",
}
_PROPER_WORDS = {
    # organisations, statutes, places and document titles: proper nouns, not defined terms
    "Inc",
    "Corp",
    "Corporation",
    "Company",
    "Co",
    "LLC",
    "Ltd",
    "Limited",
    "LLP",
    "Group",
    "Holdings",
    "Partners",
    "Trust",
    "Foundation",
    "Institute",
    "University",
    "College",
    "Bank",
    "Association",
    "Society",
    "Council",
    "Authority",
    "Agency",
    "Administration",
    "Act",
    "Acts",
    "Code",
    "Rules",
    "Rule",
    "Regulation",
    "Regulations",
    "Directive",
    "Statute",
    "Statutes",
    "Treaty",
    "Convention",
    "Court",
    "Courts",
    "Tribunal",
    "Arbitration",
    "Exchange",
    "Commission",
    "Office",
    "Department",
    "Bureau",
    "Ministry",
    "Government",
    "Federal",
    "National",
    "International",
    "Street",
    "Avenue",
    "Road",
    "Boulevard",
    "Suite",
    "Floor",
    "Building",
    "Plaza",
    "Park",
    "Drive",
    "Lane",
    "Square",
    "Centre",
    "Center",
    "State",
    "States",
    "Republic",
    "Kingdom",
    "Union",
    "Commonwealth",
    "Province",
    "County",
    "City",
    "District",
    "Islands",
    "Island",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "America",
    "American",
    "Americas",
    "Europe",
    "European",
    "Asia",
    "Asian",
    "Pacific",
    "Atlantic",
    "Africa",
    "Middle",
    "Wales",
    "England",
    "Scotland",
    "Ireland",
    "Britain",
    "Kong",
    "Zealand",
    "Carolina",
    "Dakota",
    "Jersey",
    "York",
    "Hampshire",
    "Mexico",
    "Virginia",
    "Columbia",
    "Rico",
    "Delaware",
    "California",
    "Texas",
    "Agreement",
    "Agreements",
    "Amendment",
    "Contract",
    "Plan",
    "Policy",
    "Standards",
    "Standard",
    "Section",
    "Sections",
    "Article",
    "Articles",
    "Exhibit",
    "Exhibits",
    "Schedule",
    "Schedules",
    "Annex",
    "Appendix",
    "Attachment",
    "Clause",
    "Clauses",
    "Page",
    "Table",
    "Contents",
    "Chapter",
    "Part",
    "Title",
    "Dollars",
    "Dollar",
    "Time",
    "Witness",
    "Whereof",
    "Whereas",
    "Therefore",
    "Recitals",
    "Background",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Officer",
    "Director",
    "Secretary",
    "Chairman",
    "Chief",
    "Vice",
    "Manager",
    "Counsel",
    "Treasurer",
    "Esq",
    "Attention",
    "Attn",
    "Tel",
    "Fax",
    "Email",
    "Phone",
    "Internet",
    "Web",
    "Google",
    "Microsoft",
    "Apple",
    "Amazon",
    "Windows",
    "Bankruptcy",
    "Securities",
    "Revenue",
    "Internal",
    "Services",
    "Service",
    "Board",
    "Directors",
    "Shareholders",
    "Stockholders",
}
_MONTHS = {calendar.month_name[i] for i in range(1, 13)}
_DAYS = {calendar.day_name[i] for i in range(7)}


def check_undefined_terms(
    doc: SourceDocument, party_names: Iterable[str] = (), headings: Iterable[str] = ()
) -> list[Defect]:
    """Capitalised multi-word phrases used like defined terms ("the Launch Fee") but never defined.

    A phrase is reported when it is used at least three times, at least twice after a
    lower-case determiner ("the", "any", "such"), is not a heading or caption, not a place,
    organisation, statute or document title, and is not (part of) a defined term or party name.
    Single capitalised words are too often ordinary (sentence starts, proper nouns) to flag.
    """
    text = doc.text
    defined = {d.term for d in _definitions(text)}
    defined_lower = {t.lower() for t in defined}
    defined_words = {w.lower() for t in defined for w in t.split()}
    party_words = {w.lower() for p in party_names for w in p.split()}
    captions = {_norm(s.caption) for s in doc.sections if s.caption} | {_norm(h) for h in headings}
    preamble_words = {
        w.lower() for w in re.findall(r"[A-Za-z]+", text[: _preamble_end(text)])[:400]
    }
    uses: dict[str, list[int]] = defaultdict(list)
    led: dict[str, list[bool]] = defaultdict(list)  # per use: after a leading "The", "Such" ...
    for match in _CAP_PHRASE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-&'’_"):
            continue
        words = match.group(0).split()
        lead = False
        while words and words[0] in _LEAD_WORDS:
            start += len(words[0]) + 1
            words = words[1:]
            lead = True
        while words and words[-1][0].islower():
            words.pop()
        while words and words[0][0].islower():
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) < 2:
            continue
        phrase = " ".join(words)
        uses[phrase].append(start)
        led[phrase].append(lead)
    out: list[Defect] = []
    for phrase, starts in uses.items():
        if len(starts) < 3:
            continue
        determined = sum(  # looked up only for phrases used three times
            1
            for start, lead in zip(starts, led[phrase], strict=True)
            if lead or _DETERMINER.search(text[max(0, start - 12) : start])
        )
        if determined < 2:
            continue
        words = phrase.split()
        lowered = phrase.lower()
        bare = [w.strip("'’").removesuffix("'s").removesuffix("’s") for w in words]
        if set(bare) & (_PROPER_WORDS | _MONTHS | _DAYS):
            continue
        if lowered in defined_lower or any(lowered in d or d in lowered for d in defined_lower):
            continue
        if {w.lower() for w in bare} & party_words:
            continue
        if _norm(phrase) in captions or _norm(phrase + "s") in captions:
            continue
        content = [w.lower() for w in bare if w[0].isupper()]
        if all(w in preamble_words for w in content):
            continue  # words of a party's legal name or address
        if sum(1 for w in content if w in defined_words) == len(content):
            continue  # a mix of defined words: "Party Confidential Information"
        out.append(
            Defect(
                "term_undefined",
                f"{phrase!r} is used {len(starts)} times like a defined term but is never defined",
                starts[0],
                starts[0] + len(phrase),
                (("term", phrase),),
            )
        )
    return out


def _preamble_end(text: str) -> int:
    match = re.search(
        r"\bWHEREAS\b|\bRECITALS\b|\bBACKGROUND\b|\bNOW,?\s+THEREFORE\b|Background\n|Recitals\n"
        r"|\bagree(?:s)?\s+as\s+follows\b|(?m:^[ \t]*(?:1\.|ARTICLE\s+(?:1|I)\b|Article\s+(?:1|I)\b))",
        text[:6000],
    )
    return match.start() if match else min(len(text), 3000)


# ---------------------------------------------------------------- borrowed role terms

_ROLE_PAIRS = (
    ("Recipient", "Receiving Party"),
    ("Discloser", "Disclosing Party"),
    ("Licensee", "Customer"),
    ("Supplier", "Vendor"),
    ("Provider", "Supplier"),
    ("Company", "Client"),
    ("Distributor", "Reseller"),
    ("Licensor", "Vendor"),
    ("Contractor", "Consultant"),
    ("Consultant", "Contractor"),
)


def _after_determiner(text: str, term: str) -> re.Match[str] | None:
    """The first "the Receiving Party" (a determiner, then the term); ``str.find`` to get there."""
    pattern = re.compile(
        r"\b(?:[Tt]he|[Aa]|[Ee]ach|[Aa]ny|[Ss]uch)\s+(" + re.escape(term) + r")\b(?![\"”])"
    )
    pos = text.find(term)
    while pos >= 0:
        match = pattern.search(text, max(0, pos - 6), pos + len(term) + 1)
        if match:
            return match
        pos = text.find(term, pos + 1)
    return None


def check_borrowed_roles(doc: SourceDocument) -> list[Defect]:
    """Role terms from another template: 'Receiving Party' where 'Recipient' is the defined term."""
    defined = {d.term for d in _definitions(doc.text)}
    out: list[Defect] = []
    for defined_term, borrowed in _ROLE_PAIRS:
        for a, b in ((defined_term, borrowed), (borrowed, defined_term)):
            if a in defined and b not in defined:
                match = _after_determiner(doc.text, b)
                if match:
                    out.append(
                        Defect(
                            "term_borrowed",
                            f"{b!r} is used but this agreement defines {a!r} (a role term from another form?)",
                            match.start(1),
                            match.end(1),
                            (("term", a), ("borrowed", b)),
                        )
                    )
    return out


# ---------------------------------------------------------------- section numbers in the text

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(value: str) -> int | None:
    value = value.lower()
    if not value or any(ch not in _ROMAN for ch in value):
        return None
    total = 0
    for i, ch in enumerate(value):
        n = _ROMAN[ch]
        total += -n if i + 1 < len(value) and _ROMAN[value[i + 1]] > n else n
    return total


@lru_cache(maxsize=4096)
def _canon(number: str) -> str | None:
    """'8.02' -> '8.2', 'Article IV' -> '4', '5.' -> '5'; None for '(a)' and the like.

    Cached: every section heading and reference goes through here, with the same few hundred
    numbers from document to document."""
    number = _LABEL.sub("", number.strip().rstrip("."))
    if _DOTTED.fullmatch(number):
        return ".".join(str(int(p)) for p in number.split("."))
    roman = _roman(number) if _ROMAN_NUMBER.fullmatch(number) else None
    return str(roman) if roman else None


_LABEL = re.compile(r"^(?:Article|ARTICLE|Section|SECTION|Clause|CLAUSE)\s+")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}")
_ROMAN_NUMBER = re.compile(r"[IVXLC]{1,6}")


# "12.3" or "IV" where a heading would write it: at the text's start, or after white space.
# The second pattern starts with the white space, so the engine skips ahead to it (starting
# with digits and I, V, X, L, it stopped at every capital I); group 1 is the number.
_NUMBER_TOKEN_BODY = (
    r"([\dIVXL](?:(?<=\d)\d{0,2}(?:\.\d{1,3}){0,3}|(?<=[IVXL])[IVXL]{0,5}))"
    r"\.?(?=[ \t]*[\t\n]|[ \t]+[\"“(*\[]|[ \t]+[A-Z])"
)
_NUMBER_TOKEN = re.compile(_NUMBER_TOKEN_BODY)
_SPACED_NUMBER_TOKEN = re.compile(r"\s" + _NUMBER_TOKEN_BODY)
_LABEL_BEFORE = re.compile(r"(?:ARTICLE|Article|SECTION|Section)[ \t]+$")
_REF_BEFORE = re.compile(
    r"(?:\b(?:Sections?|Clauses?|Articles?|paragraphs?|and|or|to|through|thru|of|in|under|with|see|per|"
    r"Rule|Exhibit|Schedule|Annex|Appendix|No|Nos|number|version|v)|[,&\-–$€£(])[ \t]*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _numbers_in_text(text: str) -> frozenset[str]:
    """Section numbers written the way headings are, even where segmentation missed them."""
    found: set[str] = set()
    for match in _after_separator(_NUMBER_TOKEN, _SPACED_NUMBER_TOKEN, text):
        start = match.start(1)
        before = text[max(0, start - 30) : start]
        label = _search_end(_LABEL_BEFORE, before, 1)
        if label is not None:
            before = before[: label.start()]
        elif not match.group(1)[0].isdigit():
            continue  # a Roman numeral needs its "Article"
        if before and _search_end(_REF_BEFORE, before, 1):
            continue
        canon = _canon(match.group(1))
        if canon:
            found.add(canon)
    return frozenset(found)


# ---------------------------------------------------------------- cross-references

_XREF = re.compile(
    r"(Sections?|Clauses?|Articles?|SECTIONS?|ARTICLES?)\s+(\d{1,3}(?:\.\d{1,3}){0,3}|[IVXL]{1,6}\b)(?:\s*\(([a-z]|[ivx]{1,4})\))?"
    r"(?:\s*\(([A-Z][A-Za-z ,&\-'’/]{2,60})\))?"
)
_EXTERNAL = re.compile(
    r"(?:\s*(?:,|and|or|through|to)\s*\d{1,3}(?:\.\d{1,3}){0,3})*(?:\s*\([a-zA-Z0-9]{1,4}\))*\s*(?:,\s*)?(?:of|under|in)\s+(?:the\s+|that\s+|such\s+|said\s+|any\s+)?"
    r"(?!this\b|hereof\b|herein\b)(?:[A-Z]|[a-z]+\s+[A-Z])"
)
_AMENDMENT = re.compile(r"\bAMENDMENT\b|\bAmendment\s+No\b|\bamendment\s+to\b|\bAmendment\s+to\b")


def check_cross_references(doc: SourceDocument) -> list[Defect]:
    """References to sections that do not exist, and captions that differ from the heading."""
    text = doc.text
    numbers: dict[str, DocSection] = {}
    for s in doc.sections:
        canon = _canon(s.number) if s.number else None
        if canon and canon not in numbers:
            numbers[canon] = s
    if len(numbers) < 5:
        return []  # segmentation found too little structure to judge references
    amendment = bool(_AMENDMENT.search(text[:1500]))
    max_top = max(int(n.split(".")[0]) for n in numbers)  # beyond it: a statute's section
    out: list[Defect] = []
    for match in _XREF.finditer(text):
        if match.start() and text[match.start() - 1].isalnum():
            continue
        canon = _canon(match.group(2))
        if canon is None:
            continue
        rest = text[match.end(2) : match.end(2) + 60]
        if _EXTERNAL.match(rest):
            continue  # "Section 365 of the Bankruptcy Code", "Section 2.1 of the License Agreement"
        target = numbers.get(canon)
        if target is None:
            if amendment or int(canon.split(".")[0]) > max_top + 20:
                continue
            if canon in _numbers_in_text(text):  # numbered the way headings are: a missed one
                continue
            out.append(
                Defect(
                    "xref_missing",
                    f"{match.group(1)} {match.group(2)} does not exist in this agreement",
                    match.start(),
                    match.end(2),
                    (("number", canon),),
                )
            )
            continue
        caption = match.group(4)
        if caption and target.caption and not _same_caption(caption, target.caption):
            out.append(
                Defect(
                    "xref_caption",
                    f"{match.group(1)} {match.group(2)} is cited as {caption!r} but is headed {_short(target.caption)!r}",
                    match.start(),
                    match.end(),
                    (("number", canon), ("cited", caption), ("caption", target.caption)),
                )
            )
    return out


def _norm(caption: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", caption.lower()).strip()


_CAPTION_STOP = {"and", "of", "the", "a", "an", "to", "for", "by", "in", "on", "or"}


def _caption_words(caption: str) -> set[str]:
    words = set()
    for w in _norm(caption).split():
        if w in _CAPTION_STOP:
            continue
        words.add(w[:-1] if w.endswith("s") and len(w) > 3 else w)
    return words


def _same_caption(cited: str, heading: str) -> bool:
    a, b = _caption_words(cited), _caption_words(heading)
    return not a or not b or a <= b or b <= a


# ---------------------------------------------------------------- numbering


def check_numbering(doc: SourceDocument) -> list[Defect]:
    """Gaps, duplicates and out-of-order numbers among the agreement's own sections.

    Only the body is judged (up to the signature block; exhibits number themselves), and a
    restart at 1 begins a new run (a table of contents, then the body). A gap is reported only
    when the missing number is nowhere in the text as a heading would write it.
    """
    text = doc.text
    body_end = _body_end(text)
    out: list[Defect] = []
    previous: dict[str, int] = {}
    seen: set[str] = set()
    top = ""
    for section in doc.sections:
        if section.start >= body_end:
            break
        raw = (section.number or "").strip().rstrip(".")
        if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})?", raw):
            continue
        number = _canon(raw) or raw
        parts = number.split(".")
        if len(parts) == 1 and parts[0] == "1" and previous.get(""):
            previous, seen = {}, set()  # a new run
        parent = parts[0] if len(parts) == 2 else ""
        if parent and parent != top:
            continue  # a subsection under a heading segmentation did not see: no basis to judge
        if not parent:
            top = number
        value = int(parts[-1])
        last = previous.get(parent)
        if last is not None and value < last - 2 and not parent:
            previous, seen = {}, set()  # a jump back: a new run (contents list, exhibit)
            last = None
        if number in seen:
            if last != value:
                continue  # not an adjacent repeat: more likely a list segmentation took as sections
            out.append(
                Defect(
                    "numbering_duplicate",
                    f"section {number} appears twice",
                    section.start,
                    section.body_start,
                    (("number", number),),
                )
            )
            continue
        seen.add(number)
        expected = 1 if last is None else last + 1
        prefix = parent + "." if parent else ""
        if last is not None and value < last:
            if parent:
                continue  # sub-numbering that jumps back: a list inside the section
            out.append(
                Defect(
                    "numbering_order",
                    f"section {number} comes after {prefix}{last}",
                    section.start,
                    section.body_start,
                    (("number", number),),
                )
            )
        elif value > expected and (last is not None or value == 2):
            missing = [f"{prefix}{n}" for n in range(expected, value)]
            if len(missing) <= 3 and not any(m in _numbers_in_text(text) for m in missing):
                out.append(
                    Defect(
                        "numbering_gap",
                        f"section {missing[0]} is missing before {number}"
                        if len(missing) == 1
                        else f"sections {missing[0]} to {missing[-1]} are missing before {number}",
                        section.start,
                        section.body_start,
                        (("number", missing[0]),),
                    )
                )
        previous[parent] = max(value, last or 0)
    return out


# ---------------------------------------------------------------- words vs numerals

_NUMBER_WORDS = {w: i for i, w in enumerate(NUMBER_WORDS[:20])}  # zero .. nineteen
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|and)"
_WORDS_BEFORE_ENDINGS = (
    *_WORD[3:-1].split("|"),
    *("percent", "cent", "dollars", "euros", "pounds", "sterling", "days", "weeks", "months"),
    "years",
)
_FIGURE = re.compile(r"\(\s*((?:US)?[$€£]?\s?\d[\d,]*(?:\.\d+)?\s*%?)\s*\)")
_WORDS_BEFORE = re.compile(
    rf"\b({_WORD}(?:[\s-]+{_WORD}){{0,8}})(\s+(?:percent|per\s+cent|(?:U\.?S\.?\s+)?dollars|euros|pounds|"
    rf"sterling|days|calendar\s+days|business\s+days|weeks|months|years))?\s*$",
    re.IGNORECASE,
)
_WORDS_BEFORE_TOKENS = 11  # nine number words, then "U.S. dollars" or "calendar days"


def words_to_number(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_FRACTION_BEFORE = re.compile(
    r"(?:half|halves|quarters?|thirds?|fourths?|fifths?|tenths?|hundredths?|thousandths?|point)[\s-]+(?:of[\s-]+)?$",
    re.IGNORECASE,
)


def check_words_numerals(doc: SourceDocument) -> list[Defect]:
    """ "thirty (45) days": the words and the figure disagree. Report only; never auto-fix.

    Looks back from each parenthesised figure, so enumerations ("(1) ... (2)"), years and
    section numbers, which have no number words before them, are never compared.
    """
    text = doc.text
    out: list[Defect] = []
    for fig in _FIGURE.finditer(text):
        window = text[max(0, fig.start() - 120) : fig.start()]
        if not window.rstrip().lower().endswith(_WORDS_BEFORE_ENDINGS):
            continue  # no number word or unit right before the figure: the search cannot match
        match = _search_end(_WORDS_BEFORE, window, _WORDS_BEFORE_TOKENS)
        if match is None:
            continue
        words = re.sub(r"(?i)^(?:and[\s-]+)+|(?:[\s-]+and)+$", "", match.group(1).strip())
        if not words or words.lower() == "and":
            continue
        if _search_end(_FRACTION_BEFORE, window[: match.start(1)], 2):
            continue  # "one-half of one percent (0.5%)"
        value = words_to_number(words)
        figure_text = fig.group(1)
        figure = re.sub(r"[^\d.]", "", figure_text)
        if value is None or not figure:
            continue
        try:
            number = float(figure)
        except ValueError:
            continue
        if (
            number.is_integer()
            and 1800 <= number <= 2100
            and "$" not in figure_text
            and value < 1000
        ):
            continue  # "nineteen ninety-nine (1999)": a year said the spoken way
        if number != value:
            start = (
                max(0, fig.start() - 120)
                + match.start(1)
                + (len(match.group(1)) - len(match.group(1).lstrip()))
            )
            out.append(
                Defect(
                    "words_numerals",
                    f"words say {value:,} but the figure says {figure_text.strip()} in {_short(text[start : fig.end()])!r}",
                    start,
                    fig.end(),
                    (("words", words), ("figure", figure_text.strip())),
                )
            )
    return out


# ---------------------------------------------------------------- dates

_MONTH_RE = "|".join(calendar.month_name[1:])
# Month first and day first; both are found from one scan for month names (_date_matches)
_DATE_MDY = re.compile(rf"({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DATE_DMY = re.compile(rf"(\d\d?)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?({_MONTH_RE}),?\s+(\d{{4}})\b")
_EXPIRY = re.compile(r"(?:expire|terminate|end)s?\s+on\s+", re.IGNORECASE)
_EFFECTIVE = re.compile(
    r"effective\s+(?:as\s+of|on)\s+|dated\s+(?:as\s+of\s+)?|made\s+on\s+", re.IGNORECASE
)


def _run_start(text: str, end: int, floor: int, letters: str) -> int:
    """Where the run of digits, white space and ``letters`` that ends at ``end`` begins (not
    before ``floor``): the earliest place a number written before a marker can start."""
    start = end
    while start > floor and (
        text[start - 1].isdecimal() or text[start - 1].isspace() or text[start - 1] in letters
    ):
        start -= 1
    return start


_MONTH = re.compile(_MONTH_RE)  # where a date of either pattern has its month
_DMY_HEAD = re.compile(r"(\d\d?)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?\Z")  # what precedes it


def _date_matches(text: str) -> list[re.Match[str]]:
    """Dates written with the month's name, in text order: the matches of
    ``_DATE_MDY.finditer`` and ``_DATE_DMY.finditer``, found from one scan for month names.

    _DATE_DMY starts with a digit, so scanned on its own the engine stopped at every digit of
    the text. Its day can only be in the run of digits, white space and the letters of
    "st/nd/rd/th" and "day of" right before a month, so it is looked for there, from the run's
    start: the leftmost place it matches, as finditer would find it.
    """
    found: list[re.Match[str]] = []
    mdy_end = dmy_end = 0
    for month in _MONTH.finditer(text):
        at = month.start()
        if at >= mdy_end and (mdy := _DATE_MDY.match(text, at)) is not None:
            found.append(mdy)
            mdy_end = mdy.end()
        lo = _run_start(text, at, dmy_end, "stndrhayof")  # "1st", "2nd day of"
        head = _DMY_HEAD.search(text, lo, at)
        if head is not None and (dmy := _DATE_DMY.match(text, head.start())) is not None:
            found.append(dmy)
            dmy_end = dmy.end()
    return sorted(found, key=lambda m: m.start())


def _parse_date(match: re.Match[str]) -> tuple[int, int, int]:
    if match.re is _DATE_MDY:
        month, day, year = match.groups()
    else:
        day, month, year = match.groups()
    return int(year), list(calendar.month_name).index(month), int(day)


def check_dates(doc: SourceDocument) -> list[Defect]:
    """Impossible dates (31 April) and an expiry date before the effective date."""
    out: list[Defect] = []
    effective: date | None = None
    for match in _date_matches(doc.text):
        year, month, day = _parse_date(match)
        try:
            value = date(year, month, day)
        except ValueError:
            out.append(
                Defect(
                    "date_impossible",
                    f"{match.group(0)!r} is not a real date",
                    match.start(),
                    match.end(),
                )
            )
            continue
        before = doc.text[max(0, match.start() - 40) : match.start()]
        if _EFFECTIVE.search(before) and effective is None:
            effective = value
        elif _EXPIRY.search(before) and effective is not None and value <= effective:
            out.append(
                Defect(
                    "date_order",
                    f"expires on {match.group(0)}, not after the effective date {effective.isoformat()}",
                    match.start(),
                    match.end(),
                )
            )
    return out


# ---------------------------------------------------------------- percentages that are splits

# found from its "%" or "percent" back (_percent_starts), then matched where it starts
_PERCENT = re.compile(r"(\d\d{0,2}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)")
_SPLIT_WORDS = re.compile(r"\b(?:split|shared|divided|allocated|share[sd]? of)\b", re.IGNORECASE)
_SPLIT_SUBJECT = re.compile(r"\b(?:revenue|profit|proceeds|capital|income)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"“])|\n{2,}")


_PERCENT_WORD = re.compile(r"per(?:cent| cent)\b")  # a literal start the engine skips to


def _percent_starts(text: str) -> Iterator[int]:
    """Where ``_PERCENT.finditer(text)`` matches start, found from the percent signs and words.

    _PERCENT starts with a digit, so scanned on its own the engine stopped at every digit. A
    match ends at a "%" or "percent" and holds only digits, a dot and one space before it, so
    each marker is tried from the start of the run of such characters before it, leftmost
    first, as finditer would."""
    words = [m.start() for m in _PERCENT_WORD.finditer(text)]
    signs = []
    pos = text.find("%")
    while pos >= 0:
        signs.append(pos)
        pos = text.find("%", pos + 1)
    reached = 0
    for marker in sorted(signs + words):
        if marker < reached:
            continue
        for start in range(_run_start(text, marker, reached, "."), marker):
            match = _PERCENT.match(text, start)
            if match is not None:
                reached = match.end()
                yield start
                break


def check_split_totals(doc: SourceDocument) -> list[Defect]:
    """A sentence that splits revenue, profit or capital between parties must total 100%."""
    text = doc.text
    out: list[Defect] = []
    done: set[int] = set()
    for pct_start in _percent_starts(text):
        start, end = _sentence_around(text, pct_start)
        if start in done:
            continue
        done.add(start)
        chunk = text[start:end]
        if not _SPLIT_WORDS.search(chunk) or not _SPLIT_SUBJECT.search(chunk):
            continue
        values = [float(m.group(1)) for m in _PERCENT.finditer(chunk)]
        if len(values) < 2 or len(values) > 5:
            continue
        if not re.search(r"\beach\b|\brespectively\b|\band\b", chunk):
            continue
        total = sum(values)
        if abs(total - 100) > 0.01 and 50 < total < 150:
            out.append(
                Defect(
                    "split_total",
                    f"split totals {total:g}% ({' + '.join(f'{v:g}%' for v in values)}), not 100%",
                    start,
                    end,
                )
            )
    return out


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - 500)
    start = lo
    for match in _SENTENCE_END.finditer(text, lo, pos):
        start = match.end()
    after = _SENTENCE_END.search(text, pos, pos + 500)
    end = after.start() if after else min(len(text), pos + 500)
    return start, end


# ---------------------------------------------------------------- parties

_URL_CONTEXT = re.compile(r"[@./:]$|www\.$")


def check_party_names(doc: SourceDocument, party_names: Iterable[str]) -> list[Defect]:
    """A party's short name in a near-miss spelling ("Northwind" / "NorthWind" / "North Wind").

    Line breaks, capitals (headings, signature blocks) and e-mail or web addresses are not
    misspellings; nor is a one-word name written in lower case when it is an ordinary word.
    """
    out: list[Defect] = []
    text = doc.text
    lowered = doc.folded
    for name in party_names:
        if len(name) < 4 or name.isupper():
            continue
        squashed = re.sub(r"[\s\-]", "", name)
        folded = len(lowered) == len(text)  # else: a character lower-cases into two
        pattern = _spelling_pattern(squashed, folded)
        variants: dict[str, tuple[int, int]] = {}
        for match in pattern.finditer(lowered if folded else text):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_@./-"):
                continue  # inside a word, an e-mail address or a path
            variant = text[start : match.end()]
            if variant == name or variant.isupper():
                continue
            if _URL_CONTEXT.search(text[max(0, match.start() - 4) : match.start()]):
                continue
            if variant.islower() and " " not in name and not any(c.isupper() for c in name[1:]):
                continue  # "agency", "contractor": an ordinary word
            if variant.islower() and "-" in variant:
                continue  # an identifier such as a file or id slug
            pos, count = variants.get(variant, (match.start(), 0))
            variants[variant] = (pos, count + 1)
        for variant, (pos, count) in variants.items():
            spacing_only = variant.replace(" ", "").replace("-", "") == squashed
            if spacing_only and doc.format in ("pdf", "text") and count < 2:
                continue  # a space dropped or added once by PDF text extraction
            out.append(
                Defect(
                    "party_spelling",
                    f"party name written {variant!r}; elsewhere {name!r}",
                    pos,
                    pos + len(variant),
                    (("party", name), ("variant", variant)),
                )
            )
    return out


@lru_cache(maxsize=1024)
def _spelling_pattern(squashed: str, folded: bool) -> re.Pattern[str]:
    """The name's letters, each optionally followed by a space or hyphen ("North-Wind").

    On lower-cased text (``folded``) the engine can jump to the first letter; the word start
    is checked by the caller (a look-behind would make it try every position).
    """
    body = r"[ \-]?".join(re.escape(ch) for ch in (squashed.lower() if folded else squashed))
    return re.compile(body + r"(?![\w\-]|\.[a-z])", 0 if folded else re.IGNORECASE)


# ---------------------------------------------------------------- notice periods

_NOTICE_WORD = re.compile(r"[Nn](?<!\w[Nn])(?i:otice)\b")  # \bnotice\b, any case
# the same on the lower-cased text: a literal start the engine finds fast ("ı" is what
# IGNORECASE also matches for "i" and lower() keeps; "İ" changes the text's length)
_NOTICE_FOLDED = re.compile(r"not[iı]ce\b")


def _notice_words(doc: SourceDocument) -> Iterator[tuple[int, int]]:
    """Spans of ``_NOTICE_WORD.finditer(doc.text)``, found on the lower-cased text."""
    text, folded = doc.text, doc.folded
    if len(folded) != len(text):
        yield from (m.span() for m in _NOTICE_WORD.finditer(text))
        return
    for match in _NOTICE_FOLDED.finditer(folded):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        yield match.span()


_NOTICE_BEFORE = re.compile(
    r"(?:(\d{1,3})|\b("
    + _WORD
    + r"(?:[\s-]+"
    + _WORD
    + r"){0,3}))\s*(?:\(\d{1,3}\)\s*)?(days?|months?)['’]?\s+(?:(?:prior|advance|written|previous)\s+)*$",
    re.IGNORECASE,
)
_NOTICE_AFTER = re.compile(
    r"\s+(?:of\s+|to\s+)?(?:its\s+|their\s+|the\s+)?(?:intention\s+to\s+|intent\s+to\s+|election\s+to\s+)?"
    r"(terminat\w*|non-?renewal|renew\w*|not\s+to\s+renew)",
    re.IGNORECASE,
)


def check_notice_periods(doc: SourceDocument) -> list[Defect]:
    """The same act (not renewing) given different notice periods in different places."""
    text = doc.text
    by_act: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for word_start, word_end in _notice_words(doc):
        after = _NOTICE_AFTER.match(text, word_end)
        if after is None:
            continue
        lo = max(0, word_start - 80)
        before = _NOTICE_BEFORE.search(text[lo:word_start])
        if before is None:
            continue
        number = int(before.group(1)) if before.group(1) else words_to_number(before.group(2) or "")
        if number is None:
            continue
        days = number * (30 if before.group(3).lower().startswith("month") else 1)
        act = "non-renewal" if re.search(r"renew", after.group(1), re.IGNORECASE) else "termination"
        start = lo + before.start()
        by_act[act].append((days, start, after.end(), text[start : after.end()]))
    out: list[Defect] = []
    hits = by_act.get("non-renewal", [])
    if len({h[0] for h in hits}) > 1:
        first = hits[0]
        for days, start, end, phrase in hits[1:]:
            if days != first[0]:
                out.append(
                    Defect(
                        "notice_conflict",
                        f"non-renewal notice given as {_short(phrase)!r} here and {_short(first[3])!r} elsewhere",
                        start,
                        end,
                    )
                )
    return out


# ---------------------------------------------------------------- signatures

_BY_LINE_END = r"\s*:\s*(?:_{3,}|-{3,}|/s/|(?:By|BY)\s*:|Name\s*:|NAME\s*:)"
# every alternative starts with a literal, so the engine skips ahead to those characters
_SIGNATURE_BLOCK = re.compile(
    r"IN\s+WITNESS\s+WHEREOF|In\s+witness\s+whereof|Signed\s+by|SIGNED\s+by|Signature:|SIGNATURE:"
    rf"|By{_BY_LINE_END}|BY{_BY_LINE_END}|Per{_BY_LINE_END}|PER{_BY_LINE_END}|/s/\s*[A-Za-z]"
    r"|\n[ \t]*(?:Per|PER)[ \t]*:|Executed\s+by\b|_[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
    r"|-[_\-]{9,}[ \t]*\n?[ \t]*(?:Name|Title|Date|NAME|TITLE)\b"
)


def check_signatures(doc: SourceDocument, parties: int) -> list[Defect]:
    """A missing signature block, or fewer signature lines than parties."""
    text = doc.text
    end = len(text)
    block = _SIGNATURE_BLOCK.search(text)
    if block is None:
        return [Defect("signature_missing", "no signature block found", max(0, end - 1), end)]
    region = text[block.start() :]
    by_lines = sum(1 for _ in re.finditer(r"(?m)(?:^|[ \t])(?:By|BY)[ \t]*:", region))
    slashes = sum(1 for _ in re.finditer(r"/s/", region))
    signature_lines = sum(1 for _ in re.finditer(r"Signature[ \t]*:", region))
    lines = max(by_lines, slashes, signature_lines)
    if parties >= 2 and 0 < lines < parties:
        return [
            Defect(
                "signature_count",
                f"{lines} signature line(s) for {parties} parties",
                block.start(),
                min(end, block.end()),
                (("lines", str(lines)), ("parties", str(parties))),
            )
        ]
    return []


# ---------------------------------------------------------------- context: the parties

_PARTY_DEF = re.compile(
    r"\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|herein\s+)?"
    r"[\"“]([A-Z][A-Za-z0-9&\-. ’']{1,40}?)[\"”]\s*\)"
)
_ENTITY = re.compile(
    r"\b(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|LLP|LP|L\.P|GmbH|AG|S\.A|SA|B\.V|BV|N\.V|"
    r"plc|PLC|Pty|SAS|S\.p\.A|Co|KK|Oy|AB|A/S|ASA)\b|\b(?:company|corporation|partnership|individual|"
    r"organi[sz]ed|incorporated|established|existing|residing|registered|principal\s+(?:place|office)|"
    r"an?\s+[A-Z][a-z]+\s+(?:limited|corporation|company|entity))\b"
)
_ROLE_WORDS = {
    "Agreement",
    "Effective Date",
    "Party",
    "Parties",
    "Term",
    "Commencement Date",
    "Execution Date",
    "Closing Date",
    "Original Agreement",
    "Amendment",
}


@dataclass(frozen=True)
class DraftingContext:
    """What detectors know about the document as a whole: the parties named in its preamble.

    Parties are the names defined right after a legal name ("Northwind Analytics Limited,
    a company ... ("Northwind")"), not every term the preamble defines.
    """

    party_names: tuple[str, ...] = ()
    parties: int = 0

    @classmethod
    def from_document(cls, doc: SourceDocument) -> DraftingContext:
        text = doc.text
        end = _preamble_end(text)
        head = text[: max(end, 200)]
        names: list[str] = []
        previous = 0
        for match in _PARTY_DEF.finditer(head):
            segment = head[max(previous, match.start() - 400) : match.start()]
            previous = match.end()
            name = re.sub(r"\s+", " ", match.group(1)).strip()
            if name in _ROLE_WORDS or not _ENTITY.search(segment):
                continue
            names.append(name)
        names = list(dict.fromkeys(names))[:8]
        return cls(tuple(names), len(names))


_COMPANY_SUFFIX = (
    r"(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corporation|"
    r"Corp\.?|LLP|GmbH|plc|PLC|S\.A\.|B\.V\.|N\.V\.|AG|Pty)(?![A-Za-z])"
)
_COMPANY = re.compile(r"\b((?:[A-Z][A-Za-z0-9&'-]*\.?\s+){1,4}?" + _COMPANY_SUFFIX + ")")
_SUFFIX = re.compile(_COMPANY_SUFFIX)
_NAME_REACH = 300  # characters before a suffix searched for the up to four words of a name


def _companies(text: str, pos: int, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``_COMPANY.finditer(text, pos, endpos)``, found from the suffixes (Inc., LLC, GmbH):
    the name pattern alone had no fixed start, so the engine tried it at every position."""
    end = len(text) if endpos is None else endpos
    for suffix in _SUFFIX.finditer(text, pos, end):
        if suffix.start() < pos:
            continue  # inside the name matched before
        match = _COMPANY.search(text, max(pos, suffix.start() - _NAME_REACH), suffix.end())
        if match is not None:
            pos = match.end()
            yield match


_ACTS = re.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:shall|will|agrees|hereby|must)\b")
_GENERIC_FIRST = {"The", "This", "Such", "Each", "Any", "Our", "Its", "Parent", "Holding"}


def _company_key(name: str) -> str:
    words = [w for w in name.split() if w not in _GENERIC_FIRST]
    return words[0].strip(".,'").lower() if words else ""


def check_foreign_parties(doc: SourceDocument, ctx: DraftingContext) -> list[Defect]:
    """A company that acts as a party ("Gamma Corp. shall ...") but is named nowhere in the
    preamble: usually left over from the deal the draft was copied from.

    Only companies that take on obligations count; names in notices, signature pages and
    exhibits (counsel, affiliates, suppliers) were measured on CUAD as mostly legitimate.
    """
    text = doc.text
    head_end = _preamble_end(text)
    known = {_company_key(m.group(1)) for m in _companies(text, 0, head_end)}
    known |= {n.split()[0].lower() for n in ctx.party_names if n.split()}
    if not known - {""}:
        return []  # no parties found in the preamble: nothing to compare with
    out: list[Defect] = []
    reported: set[str] = set()
    for match in _companies(text, head_end):
        name = " ".join(match.group(1).split())
        key = _company_key(name)
        if not key or key in known or key in reported:
            continue
        if _ACTS.match(text, match.end()) is not None:
            reported.add(key)
            out.append(
                Defect(
                    "party_foreign",
                    f"{name!r} acts as a party but is not named in the preamble"
                    " (left from another deal?)",
                    match.start(),
                    match.end(),
                )
            )
    return out


Detector = Callable[[SourceDocument, DraftingContext], Iterable[Defect]]

DETECTORS: dict[str, Detector] = {
    "placeholders": lambda doc, ctx: find_placeholders(doc),
    "defined_terms": lambda doc, ctx: check_defined_terms(doc, ctx.party_names),
    "undefined_terms": lambda doc, ctx: check_undefined_terms(doc, ctx.party_names),
    "borrowed_roles": lambda doc, ctx: check_borrowed_roles(doc),
    "cross_references": lambda doc, ctx: check_cross_references(doc),
    "numbering": lambda doc, ctx: check_numbering(doc),
    "words_numerals": lambda doc, ctx: check_words_numerals(doc),
    "dates": lambda doc, ctx: check_dates(doc),
    "split_totals": lambda doc, ctx: check_split_totals(doc),
    "party_names": lambda doc, ctx: check_party_names(doc, ctx.party_names),
    "notice_periods": lambda doc, ctx: check_notice_periods(doc),
    "signatures": lambda doc, ctx: check_signatures(doc, ctx.parties),
    "foreign_parties": check_foreign_parties,
}
