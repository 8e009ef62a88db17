"""Drafting-defect detectors (moved here whole; the next commit splits them by family)."""

from typing import Any

from . import terms as _terms
from .terms import DETECTORS, Defect, Detector, DraftingContext

__all__ = ["DETECTORS", "Defect", "Detector", "DraftingContext"]


def __getattr__(name: str) -> Any:
    return getattr(_terms, name)
