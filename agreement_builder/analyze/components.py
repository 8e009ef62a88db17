"""Which components an existing agreement contains, and where (headings and substance).

``detect_components(doc)`` returns, for every component id of the taxonomy, whether the
document has it and the evidence: the sections (number, caption, page or line) and a short
excerpt of the sentence that shows it. Signals live in ``rules/signals.yaml`` as data:

* ``headings``: patterns for a section caption, strong evidence on their own;
* ``weak_headings``: captions that count only when their section also holds a substance
  sentence of the component ("Records" for audit rights, "Fees" for revenue sharing);
* ``substance``: sentences that only this component writes, found wherever they are, so a
  governing-law sentence inside "Miscellaneous" counts; ``min_hits`` of them make the
  component present without a heading;
* ``exclude``: sentences that look like substance but are not (a cross-reference, a
  definition), dropped before counting;
* ``lead``: sentences that state the clause itself ("25% of Net Revenues", "terminate for
  convenience"), shown first among the evidence; they do not change whether it is present.

Evidence is ordered by how directly it shows the clause: a substance sentence inside a
section whose caption names the component first, then the headings, then substance found
elsewhere, and last a mention inside a definitions or contents section. Every pattern is
compiled once and each scan is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.resources import data_dir
from ..core.yamlsafe import load_yaml
from ..read.model import DocSection, SourceDocument
from .classifier import Model, Scored, combine, load_model, score_document
from .scanning import _MAX_MATCHES, Scanner, SubstanceIndex

MAX_EVIDENCE = 5
# how detection uses the classifier of :mod:`.classifier`: not at all, alone, or combined with
# the patterns per component as its model file says (what the linter ships)
METHODS = ("patterns", "classifier", "combined")
SHIPPED = "combined"
EXCERPT = 160
_SENTENCE_BACK = 200  # characters searched back for the start of the sentence of a match
_HEADING_BODY = 400  # characters of a section's body shown as its heading evidence
_SENTENCE_START = re.compile(r"(?:[.;:!?][\"”’')\]]*\s+|\n\s*\n\s*)(?=\S)")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n")
_ASIDE = re.compile(
    r"\W*(?:(?:certain )?definitions?|defined terms|(?:table of )?contents|index)"
    r"(?: and (?:interpretation|construction))?\W*",
    re.IGNORECASE,
)

# no leading \b: the engine then jumps to S/A/C/P/E; the word start is checked on each match
_CROSS_REF = re.compile(
    r"(?:Sections?|Articles?|Clauses?|Paragraphs?|Schedules?|Exhibits?|Annex(?:es)?)\s+"
    r"[\dIVXL]+[A-Z]?(?:\.\d+)*\.?(?:\([a-z0-9]{1,4}\))*\s*\(([^()\n]{1,80})\)"
)
_DEFINITIONS_WORD = re.compile(r"defin", re.IGNORECASE)
_NEWLINE = re.compile("\n")
_TOC_MAX = 12_000  # a longer "contents" section is a segmentation miss, not a table of contents

# evidence ranks, higher first
RANK_IN_SECTION = 4  # substance inside a section captioned for the component
RANK_HEADING = 3
RANK_TEXT = 2
RANK_ASIDE = 1  # substance inside definitions or a table of contents
# added to a sentence that states the clause itself (``lead`` in signals.yaml): enough that it
# leads anywhere in the text, ahead of plain substance in a captioned section (a revenue share in
# a later article before the fee sentences of "Fees", which CUAD does not label)
RANK_LEAD = 3


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    excerpt: str
    section: str | None = None
    caption: str | None = None
    page: int | None = None
    line: int | None = None
    via: str = "text"  # heading | text


@dataclass(frozen=True)
class ComponentResult:
    present: bool
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key (loaded once)
class Signals:
    headings: Mapping[str, re.Pattern[str]]
    substance: SubstanceIndex
    min_hits: Mapping[str, int]
    weak_headings: Mapping[str, re.Pattern[str]] | None = None
    exclude: Mapping[str, re.Pattern[str]] | None = None
    lead: Mapping[str, re.Pattern[str]] | None = None


def signals_path() -> Path:
    return data_dir("rules") / "signals.yaml"


def _compile(patterns: Any, where: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    if isinstance(patterns, str) or not isinstance(patterns, Sequence):
        raise ConfigError(f"{where}: expected a list of patterns")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern: {exc}") from None


@cache
def load_signals(path: str | None = None) -> Signals:
    loaded = load_yaml(path or signals_path(), what="signal table")
    if not isinstance(loaded.data, Mapping):
        raise ConfigError(f"{loaded.file}: expected a mapping of component ids")
    tables: dict[str, dict[str, re.Pattern[str]]] = {
        "headings": {},
        "weak_headings": {},
        "exclude": {},
        "lead": {},
    }
    substance: dict[str, Scanner] = {}
    min_hits: dict[str, int] = {}
    for component, entry in loaded.data.items():
        if not isinstance(entry, Mapping):
            raise ConfigError(f"{loaded.file}: {component}: expected a mapping")
        unknown = set(entry) - {*tables, "substance", "min_hits"}
        if unknown:
            raise ConfigError(f"{loaded.file}: {component}: unknown keys {sorted(unknown)}")
        for key, table in tables.items():
            pattern = _compile(entry.get(key), f"{loaded.file}: {component}.{key}")
            if pattern is not None:
                table[component] = pattern
        patterns = entry.get("substance")
        if patterns:
            where = f"{loaded.file}: {component}.substance"
            if isinstance(patterns, str) or not isinstance(patterns, Sequence):
                raise ConfigError(f"{where}: expected a list of patterns")
            try:
                substance[component] = Scanner(list(patterns))
            except re.error as exc:
                raise ConfigError(f"{where}: bad pattern: {exc}") from None
        min_hits[component] = int(entry.get("min_hits", 1))
    return Signals(
        tables["headings"],
        SubstanceIndex(substance),
        min_hits,
        tables["weak_headings"],
        tables["exclude"],
        tables["lead"],
    )


class Locator:
    """Offsets in ``doc.text`` to sections, pages and lines, by binary search."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self._block_starts = [b.start for b in doc.blocks]
        self._sections: Sequence[DocSection] = doc.sections
        self._section_starts = [s.start for s in doc.sections]
        self._newlines: list[int] | None = None  # offsets of "\n", made on first use

    def section_index(self, offset: int) -> int:
        """Index of the innermost section containing ``offset``, or -1."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        for j in range(i, max(-1, i - 64), -1):  # nested sections start inside their parent
            if self._sections[j].end > offset:
                return j
        return -1

    def section(self, offset: int) -> DocSection | None:
        """The innermost section containing ``offset``: the nearest start whose end is past it."""
        i = self.section_index(offset)
        return self._sections[i] if i >= 0 else None

    def heading(self, offset: int) -> str | None:
        """The caption of the innermost section around ``offset`` that has one ("Termination
        for Convenience" for a finding in its unheaded sub-clause (b))."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        for j in range(i, max(-1, i - 64), -1):
            section = self._sections[j]
            if section.end > offset and section.caption:
                return section.caption
        return None

    def place(self, offset: int) -> tuple[int | None, int | None, int | None]:
        """(page, line, paragraph) of ``offset``."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return None, None, None
        block = self.doc.blocks[i]
        line = block.line
        if line is not None:
            if self._newlines is None:
                self._newlines = [m.start() for m in _NEWLINE.finditer(self.doc.text)]
            newlines = self._newlines
            line += bisect.bisect_left(newlines, offset) - bisect.bisect_left(newlines, block.start)
        return block.page, line, block.paragraph

    def column(self, offset: int) -> int:
        """1-based column of ``offset`` on its line: ``str.rfind`` of the line start, from the
        newline offsets (an rfind per finding read back over a whole one-line document)."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.doc.text)]
        i = bisect.bisect_left(self._newlines, offset) - 1
        return offset - (self._newlines[i] + 1 if i >= 0 else 0) + 1

    def excerpt(self, start: int, end: int) -> str:
        """Context around ``start``: the text before it (from the previous sentence end), the
        hit itself and a little after. When that is longer than ``EXCERPT``, the window slides
        right so the quote still shows what it is about ("… is limited to USD 500,000")."""
        text = self.doc.text
        left = max(text.rfind(". ", max(0, start - EXCERPT), start) + 2, start - EXCERPT, 0)
        right = min(max(end, start) + EXCERPT // 2, len(text))
        joined = " ".join(text[left:right].split())
        if len(joined) <= EXCERPT:
            return joined
        hit_start = len(" ".join(text[left:start].split()))
        hit_end = hit_start + 1 + len(" ".join(text[start : max(end, start)].split()))
        if hit_end + EXCERPT // 8 <= EXCERPT:
            return joined[:EXCERPT]
        stop = min(len(joined), hit_end + EXCERPT // 8)
        begin = max(0, stop - EXCERPT + 1)
        space = joined.find(" ", begin, hit_start)
        begin = space + 1 if space >= 0 else begin
        return "…" + joined[begin:stop]

    def sentence(self, start: int, end: int, floor: int = 0) -> tuple[int, int]:
        """The sentence around ``start..end``: from the previous sentence end (not before
        ``floor``) to the next one, so evidence shows the clause, not a fragment."""
        text = self.doc.text
        lo = max(floor, start - _SENTENCE_BACK)
        left = start
        for m in _SENTENCE_START.finditer(text, lo, start):
            left = m.end()
        if left == start and lo > floor:
            space = text.find(" ", lo, start)  # no sentence start nearby: begin on a word
            left = space + 1 if space >= 0 else start
        elif left == start:
            left = lo  # the section starts the sentence ("38.1 Supplier shall not be ...")
        stop = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_BACK * 2))
        right = stop.end() if stop else min(len(text), end + _SENTENCE_BACK)
        return min(left, start), max(right, end)

    def evidence(self, start: int, end: int, via: str) -> Evidence:
        section = self.section(start)
        page, line, _ = self.place(start)
        excerpt = " ".join(self.doc.text[start : start + EXCERPT * 2].split())[:EXCERPT]
        return Evidence(
            start,
            end,
            excerpt,
            section.number if section else None,
            section.caption if section else None,
            page,
            line,
            via,
        )


@dataclass
class _Outline:
    """Per section: its parent, and whether it or an ancestor is definitions or contents."""

    parents: list[int]
    aside: list[bool]

    @classmethod
    def of(cls, sections: Sequence[DocSection]) -> _Outline:
        parents: list[int] = []
        aside: list[bool] = []
        stack: list[int] = []
        for i, section in enumerate(sections):
            while stack and sections[stack[-1]].end <= section.start:
                stack.pop()
            parent = stack[-1] if stack else -1
            parents.append(parent)
            caption = section.caption or ""
            own = _ASIDE.fullmatch(caption) is not None and (
                _DEFINITIONS_WORD.search(caption) is not None
                or section.end - section.start < _TOC_MAX
            )
            aside.append(own or (parent >= 0 and aside[parent]))
            stack.append(i)
        return cls(parents, aside)

    def chain(self, index: int) -> list[int]:
        out: list[int] = []
        while index >= 0 and len(out) < 16:
            out.append(index)
            index = self.parents[index]
        return out


def caption_components(caption: str, signals: Signals | None = None) -> tuple[str, ...]:
    """The components a section caption names strongly ("Cap on Liability": liability)."""
    found = _caption_strengths(signals or load_signals(), caption)
    return tuple(sorted(c for c, strong in found.items() if strong))


@lru_cache(maxsize=8192)
def _caption_strengths(signals: Signals, caption: str) -> dict[str, bool]:
    """Components a section caption names: True for a strong heading, False for a weak one.

    Cached: a portfolio repeats its captions ("Governing Law", "Notices") from file to file.
    """
    weak_headings = signals.weak_headings or {}
    out: dict[str, bool] = {}
    for component in signals.min_hits:
        strong = signals.headings.get(component)
        weak = weak_headings.get(component)
        if strong is not None and strong.search(caption):
            out[component] = True
        elif weak is not None and weak.search(caption):
            out[component] = False
    return out


def detect_components(
    doc: SourceDocument,
    components: Sequence[str] | None = None,
    signals: Signals | None = None,
    locator: Locator | None = None,
    method: str = SHIPPED,
) -> dict[str, ComponentResult]:
    """For each component id: present or not, with up to five pieces of evidence.

    ``locator``: the document's, when the caller has one (its line index is built once).
    ``method``: one of :data:`METHODS` (the benchmark compares them)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: {METHODS}")
    signals = signals or load_signals()
    excludes = signals.exclude or {}
    leads = signals.lead or {}
    locator = locator or Locator(doc)
    sections = doc.sections
    outline = _Outline.of(sections)
    text = doc.text
    lowered: str | None = doc.folded
    if lowered is not None and len(lowered) != len(text):
        lowered = None  # a few characters lower-case into two: offsets would shift
    refs = [  # "Section 9 (Records and Audit)"
        m.span(1)
        for m in _CROSS_REF.finditer(text)
        if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]
    ref_starts = [lo for lo, _ in refs]

    def in_reference(pos: int) -> bool:
        i = bisect.bisect_right(ref_starts, pos) - 1
        return i >= 0 and pos < refs[i][1]

    ids = list(components) if components is not None else sorted(set(signals.min_hits))
    substance = signals.substance.spans(text, lowered)
    # per component: section index -> its caption names it strongly (True) or weakly
    captions: dict[str, dict[int, bool]] = {}
    for i, section in enumerate(sections):
        if section.caption and not outline.aside[i]:
            for component, strength in _caption_strengths(signals, section.caption).items():
                captions.setdefault(component, {})[i] = strength
    out: dict[str, ComponentResult] = {}
    for component in ids:
        captioned = captions.get(component, {})

        ranked: list[tuple[int, int, int, str]] = []  # (rank, start, end, via)
        hits = 0
        supported: set[int] = set()  # captioned sections holding a substance sentence
        matches = substance.get(component)
        exclude = excludes.get(component)
        lead = leads.get(component)
        if matches is not None:
            seen_sentences: set[int] = set()
            for count, (match_start, match_end) in enumerate(matches):
                if count >= _MAX_MATCHES:
                    break
                if in_reference(match_start):
                    continue
                index = locator.section_index(match_start)
                chain = outline.chain(index)
                floor = sections[index].start if index >= 0 else 0
                left, right = locator.sentence(match_start, match_end, floor)
                if exclude is not None and exclude.search(text, left, right):
                    continue
                if left in seen_sentences:
                    continue
                seen_sentences.add(left)
                owner = next((j for j in chain if j in captioned), -1)
                if owner >= 0:
                    supported.add(owner)
                    rank = RANK_IN_SECTION
                elif index >= 0 and outline.aside[index]:
                    rank = RANK_ASIDE
                else:
                    rank = RANK_TEXT
                if rank > RANK_ASIDE:
                    hits += 1
                    if lead is not None and lead.search(text, left, right):
                        rank += RANK_LEAD
                ranked.append((rank, left, right, "text"))

        headed = False
        for i, is_strong in captioned.items():
            if not is_strong and i not in supported:
                continue
            headed = True
            section = sections[i]
            end = min(section.end, section.body_start + _HEADING_BODY)
            ranked.append((RANK_HEADING, section.start, end, "heading"))

        present = headed or hits >= signals.min_hits[component]
        if not present:
            out[component] = ComponentResult(False)
            continue
        ranked.sort(key=lambda item: (-item[0], item[1]))
        best = ranked[:MAX_EVIDENCE]  # evidence (section, line, excerpt) only for these
        out[component] = ComponentResult(True, tuple(locator.evidence(*e[1:]) for e in best))
    if method != "patterns":
        out = _with_classifier(doc, out, method, locator, load_model())
    return out


# what a clause the model alone takes for a component must also say (``or``: the patterns
# missed it): parties are named with "between", "by and among", a party word, a company form
# or a quoted short name
_MODEL_ANCHOR = {
    "parties": re.compile(
        r"\b(?:between|among|amongst|by\s+and|part(?:y|ies)|you|your)\b|[\"\u201c\u201d]"
        r"|\b(?:inc|ltd|llc|l\.l\.c|corp|corporation|limited|gmbh|plc|l\.p|s\.a|n\.v|b\.v|ag)\b",
        re.IGNORECASE,
    )
}


def _with_classifier(
    doc: SourceDocument,
    found: dict[str, ComponentResult],
    method: str,
    locator: Locator,
    model: Model,
) -> dict[str, ComponentResult]:
    """``found`` (the patterns' results) with the classifier's say: alone for every component
    it knows (``classifier``), or as its model file combines it per component."""
    wanted = [
        c
        for c in found
        if c in model.components
        and (
            method == "classifier"
            or model.combine.get(c, "patterns") != "patterns"
            or c in model.evidence_first
        )
    ]
    if not wanted:
        return found
    out = dict(found)
    for component, scored in score_document(doc, wanted, model).items():
        i = model.index(component)
        patterns = found[component]

        def units(threshold: float, scored: Scored = scored) -> tuple[Evidence, ...]:
            """The best clauses above ``threshold`` (what made the component present)."""
            best = [(a, b) for score, a, b in scored.best if score > threshold]
            return tuple(locator.evidence(a, b, "classifier") for a, b in best)

        if method == "classifier":
            present = scored.score > model.threshold[i]
            out[component] = ComponentResult(present, units(model.threshold[i]))
            continue
        how = model.combine.get(component, "patterns")
        by_model = scored.score > model.combine_threshold[i]
        present = combine(how, patterns.present, by_model)
        if present and not patterns.present and how == "or":
            # the model alone: only with a clause that reads like one (a title and "This
            # agreement lasts two years" scored as parties: words, not parties)
            anchor = _MODEL_ANCHOR.get(component)
            present = anchor is None or any(
                anchor.search(doc.text, a, b)
                for score, a, b in scored.best
                if score > model.combine_threshold[i]
            )
        if not present:
            out[component] = ComponentResult(False)
        elif how == "classifier" or not patterns.present:
            out[component] = ComponentResult(True, units(model.combine_threshold[i]))
        elif component in model.evidence_first and scored.score > model.threshold[i]:
            first = units(model.threshold[i])[0]
            rest = tuple(
                e for e in patterns.evidence if e.end <= first.start or e.start >= first.end
            )
            out[component] = ComponentResult(True, (first, *rest[: MAX_EVIDENCE - 1]))
    return out
