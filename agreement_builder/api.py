"""The pipeline as plain functions: no click, no printing.

spec -> validate -> check -> assemble -> render; file -> read -> lint -> report.
"""

from __future__ import annotations

from .schemas import load_spec, parse_spec

__all__ = ["load_spec", "parse_spec"]
