"""The rule engine: rules as data (``rules/``), run against specs and documents."""

from __future__ import annotations

from ..core.configfile import find_config
from ..core.findings import counts, fails, sort_findings
from .config import Config, load_config
from .registry import Registry, Rule, load_registry, profile_for
from .run_spec import check_spec

__all__ = [
    "Config",
    "Registry",
    "Rule",
    "check_spec",
    "counts",
    "fails",
    "find_config",
    "load_config",
    "load_registry",
    "profile_for",
    "sort_findings",
]
