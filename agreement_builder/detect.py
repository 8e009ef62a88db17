"""Which components an existing agreement contains, and where (headings and substance).

``detect_components(doc)`` returns, for every component id of the taxonomy, whether the
document has it and the evidence: the sections (number, caption, page or line) and a short
excerpt of the sentence that shows it. Signals live in ``rules/signals.yaml`` as data:
heading words (strong evidence) and substance patterns (sentences that only that component
writes, found wherever they are, so a governing-law sentence inside "Miscellaneous" counts).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import DocSection, SourceDocument
from .yamlsafe import load_yaml

MAX_EVIDENCE = 5
EXCERPT = 160


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


@dataclass(frozen=True)
class Signals:
    headings: Mapping[str, re.Pattern[str]]
    substance: Mapping[str, re.Pattern[str]]
    min_hits: Mapping[str, int]


def signals_path() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / "rules" / "signals.yaml"
    return packaged if packaged.is_file() else here.parent / "rules" / "signals.yaml"


@cache
def load_signals(path: str | None = None) -> Signals:
    loaded = load_yaml(path or signals_path(), what="signal table")
    if not isinstance(loaded.data, Mapping):
        raise ConfigError(f"{loaded.file}: expected a mapping of component ids")
    headings: dict[str, re.Pattern[str]] = {}
    substance: dict[str, re.Pattern[str]] = {}
    min_hits: dict[str, int] = {}
    for component, entry in loaded.data.items():
        try:
            if entry.get("headings"):
                headings[component] = re.compile(
                    "|".join(f"(?:{h})" for h in entry["headings"]), re.IGNORECASE
                )
            if entry.get("substance"):
                substance[component] = re.compile(
                    "|".join(f"(?:{s})" for s in entry["substance"]), re.IGNORECASE
                )
        except re.error as exc:
            raise ConfigError(f"{loaded.file}: {component}: bad pattern: {exc}") from None
        min_hits[component] = int(entry.get("min_hits", 1))
    return Signals(headings, substance, min_hits)


class Locator:
    """Offsets in ``doc.text`` to sections, pages and lines, by binary search."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self._block_starts = [b.start for b in doc.blocks]
        self._sections: Sequence[DocSection] = doc.sections
        self._section_starts = [s.start for s in doc.sections]

    def section(self, offset: int) -> DocSection | None:
        """The innermost section containing ``offset``: the nearest start whose end is past it."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        for j in range(i, max(-1, i - 64), -1):  # nested sections start inside their parent
            if self._sections[j].end > offset:
                return self._sections[j]
        return None

    def place(self, offset: int) -> tuple[int | None, int | None, int | None]:
        """(page, line, paragraph) of ``offset``."""
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return None, None, None
        block = self.doc.blocks[i]
        line = block.line
        if line is not None:
            line += self.doc.text.count("\n", block.start, offset)
        return block.page, line, block.paragraph

    def excerpt(self, start: int, end: int) -> str:
        text = self.doc.text
        left = max(text.rfind(". ", max(0, start - EXCERPT), start) + 2, start - EXCERPT, 0)
        right = min(end + EXCERPT // 2, len(text))
        return " ".join(text[left:right].split())[:EXCERPT]

    def evidence(self, start: int, end: int, via: str) -> Evidence:
        section = self.section(start)
        page, line, _ = self.place(start)
        return Evidence(
            start,
            end,
            self.excerpt(start, end),
            section.number if section else None,
            section.caption if section else None,
            page,
            line,
            via,
        )


def detect_components(
    doc: SourceDocument, components: Sequence[str] | None = None, signals: Signals | None = None
) -> dict[str, ComponentResult]:
    """For each component id: present or not, with up to five pieces of evidence."""
    signals = signals or load_signals()
    locator = Locator(doc)
    ids = list(components) if components is not None else sorted(set(signals.min_hits))
    out: dict[str, ComponentResult] = {}
    for component in ids:
        found: list[Evidence] = []
        heading = signals.headings.get(component)
        if heading is not None:
            for section in doc.sections:
                if section.caption and heading.search(section.caption):
                    found.append(locator.evidence(section.start, section.body_start, "heading"))
                    if len(found) >= MAX_EVIDENCE:
                        break
        pattern = signals.substance.get(component)
        hits = 0
        if pattern is not None and len(found) < MAX_EVIDENCE:
            for match in pattern.finditer(doc.text):
                hits += 1
                found.append(locator.evidence(match.start(), match.end(), "text"))
                if len(found) >= MAX_EVIDENCE:
                    break
        present = any(e.via == "heading" for e in found) or hits >= signals.min_hits[component]
        out[component] = ComponentResult(present, tuple(found) if present else ())
    return out


def evidence_json(result: ComponentResult) -> dict[str, Any]:
    items = []
    for e in result.evidence:
        item: dict[str, Any] = {"section": e.section, "caption": e.caption}
        if e.page is not None:
            item["page"] = e.page
        if e.line is not None:
            item["line"] = e.line
        item["excerpt"] = e.excerpt
        items.append(item)
    return {"present": result.present, "evidence": items}
