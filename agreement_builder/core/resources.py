"""Where the bundled data is: ``clauses/`` and ``rules/`` (one lookup for every stage).

The repository keeps them at the top level, where drafters edit them; a wheel copies them
into ``agreement_builder/_data/`` (setup.py), so an installed package finds them there.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
SOURCE_TREE = PACKAGE.parent


def data_dir(name: str) -> Path:
    """``_data/<name>`` inside an installed package, else the source tree's ``<name>/``."""
    packaged = PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else SOURCE_TREE / name
