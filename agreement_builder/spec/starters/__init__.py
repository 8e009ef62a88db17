"""Commented starter specs for ``agreement init``: one YAML file per agreement kind, beside
this module, copied as they are (comments and all). Each is valid as written.

A starter fills in only what the format requires (the kind, two or three parties with an id
and a legal name). Every decision section is present as an empty key, which loads as "not
decided yet", with a commented example underneath: removing the ``# `` in front of the
example lines turns it into a decision. Explanations are comments in the first column;
example lines are indented comments, so the two never mix. tests/test_cli.py
checks that each file validates, with and without its examples.
"""

from __future__ import annotations

from pathlib import Path

from ...core.taxonomy import KINDS

FOLDER = Path(__file__).resolve().parent


def render_starter(kind: str) -> str:
    """The commented starter spec for ``kind``; it loads as a valid spec as written."""
    if kind not in KINDS:
        raise ValueError(f"unknown agreement kind {kind!r}; expected one of: {', '.join(KINDS)}")
    return (FOLDER / f"{kind}.yaml").read_text(encoding="utf-8")
