"""The corpora split into a development part (tune on it) and a held-out part (only measure).

Issue 16: tune on one part, keep a part nobody looks at while tuning, report both. The split
is fixed by file name, so every measurement uses the same one:

* development: all of cuad-dev (45), cuad-more ``more_000``-``more_129`` (130) and nda-dev
  ``nda_dev_000``-``nda_dev_031`` (32);
* held-out: cuad-more ``more_130``-``more_258`` (129) and nda-dev ``nda_dev_032``-``nda_dev_062``
  (31).

A session that tunes a rule reads only development files; the held-out files are linted for
the published figures and their findings judged, never used to change a pattern.
"""

from __future__ import annotations

import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_INDEX = re.compile(r"(\d+)\.txt$")
_HELD_FROM = {"cuad-more": 130, "nda-dev": 32}


def part(path: Path) -> str:
    """``development`` or ``held-out`` for a text of one of the corpora."""
    corpus = path.parent.parent.name
    match = _INDEX.search(path.name)
    start = _HELD_FROM.get(corpus)
    if start is None or match is None:
        return "development"
    return "held-out" if int(match.group(1)) >= start else "development"


def texts(which: str, root: Path = CORPUS) -> list[Path]:
    """Every corpus text of ``which`` part (``development`` or ``held-out``), sorted."""
    out: list[Path] = []
    for corpus in ("cuad-dev", "cuad-more", "nda-dev"):
        out.extend(p for p in sorted((root / corpus / "texts").glob("*.txt")) if part(p) == which)
    return out
