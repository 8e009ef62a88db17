"""Values a spec is made of: a decision, ``not_applicable`` (``NA``), durations and money.

A part of a spec can be in one of three states:

* ``None``: not decided yet. The check flags it, the build shows a gap marker;
* ``NA`` (written ``not_applicable`` in the spec): deliberately left out, no clause;
* a value: the decision.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar, Union

from .english import number_words
from .startup import _Value, value


class NotApplicable(enum.Enum):
    """The spec said ``not_applicable``: the drafters decided this part does not apply."""

    NA = "not_applicable"

    def __repr__(self) -> str:
        return "NA"

    def __bool__(self) -> bool:  # "not applicable" behaves as an absent value in conditions
        return False


NA = NotApplicable.NA
T = TypeVar("T")
Maybe: TypeAlias = Union[T, NotApplicable, None]  # noqa: UP007 (a generic alias needs Union)


def decided(value: Any) -> bool:
    """True when a value is an actual decision (neither undecided nor not applicable)."""
    return value is not None and value is not NA


# ---------------------------------------------------------------- value types

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_DURATION_RE = re.compile(r"^\s*(\d{1,5})\s*(day|week|month|year)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Duration:
    """A period such as ``90 days`` or ``3 years``; ``days`` is an approximation for comparing."""

    amount: int
    unit: str  # day | week | month | year

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION_RE.match(text)
        if not match:
            raise ValueError(f"not a duration: {text!r}")
        return cls(int(match.group(1)), match.group(2).lower())

    @property
    def days(self) -> int:
        return self.amount * _UNIT_DAYS[self.unit]

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    def words(self) -> str:
        """``thirty (30) days``: the drafting convention for periods."""
        return f"{number_words(self.amount)} ({self.amount}) {self.unit}{'' if self.amount == 1 else 's'}"


@value
class Money(_Value):
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        value = f"{self.amount:,.2f}".removesuffix(".00")
        return f"{self.currency} {value}"
