"""Section numbering: duplicates, numbers out of order, gaps (DRF109-DRF111)."""

from __future__ import annotations

import re

from ...read.model import SourceDocument
from .base import Defect, _body_end
from .references import _canon, _numbers_in_text


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
