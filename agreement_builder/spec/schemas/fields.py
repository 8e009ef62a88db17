"""Custom marshmallow fields for the domain values of a spec."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields

from ...core.currencies import WITHDRAWN, is_currency, nearest_currency
from ...core.limits import MAX_AMOUNT
from ...core.values import NA, Duration, Money

_MONEY_TEXT = re.compile(
    r"^\s*([A-Z]{3})\s*([\d,]+(?:\.\d+)?)\s*$|^\s*([\d,]+(?:\.\d+)?)\s*([A-Z]{3})\s*$"
)


def _amount_problem(amount: Decimal) -> str | None:
    """Why an amount cannot be used, or None: it must be finite, not negative, and at most
    MAX_AMOUNT (1e999999999 is a finite Decimal; writing it out took gigabytes)."""
    if not amount.is_finite():
        return "must be a finite number"
    if amount < 0:
        return "must be a positive number"
    if amount > MAX_AMOUNT:
        return f"is too large: an amount can be at most {MAX_AMOUNT:,}"
    if amount != 0 and amount.adjusted() < -6:
        return "has too many decimal places: at most 6"
    return None


def currency_code(value: Any) -> None:
    """A marshmallow validator: an ISO 4217 code (core/currencies.py), with the code a typo
    most likely meant ("UDS": did you mean 'USD'?)."""
    if isinstance(value, str) and is_currency(value):
        return
    if isinstance(value, str) and value.strip().upper() in WITHDRAWN:
        raise ValidationError(
            f"{value!r} is no longer an ISO 4217 code: it was withdrawn and replaced by"
            f" {WITHDRAWN[value.strip().upper()]!r}"
        )
    near = nearest_currency(value) if isinstance(value, str) else None
    hint = f"; did you mean {near!r}?" if near else " such as EUR, USD, GBP"
    raise ValidationError(f"{value!r} is not an ISO 4217 code{hint}")


class DurationField(fields.Field[Any]):
    """``90 days``, ``6 months``, ``1 year``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Duration:
        if not isinstance(value, str):
            raise ValidationError("expected a duration such as '90 days', '6 months' or '3 years'")
        try:
            return Duration.parse(value)
        except ValueError:
            raise ValidationError(
                f"{value!r} is not a duration; write a number and a unit, e.g. '90 days', '6 months', '3 years'"
            ) from None


class MoneyField(fields.Field[Any]):
    """``{amount: 50000, currency: EUR}`` or the shorthand ``EUR 50,000``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Money:
        if isinstance(value, str):
            match = _MONEY_TEXT.match(value)
            if not match:
                raise ValidationError(
                    f"{value!r} is not an amount; write e.g. 'EUR 50000' or {{amount: 50000, currency: EUR}}"
                )
            currency = match.group(1) or match.group(4)
            amount_text = match.group(2) or match.group(3)
            currency_code(currency)
            parsed = Decimal(amount_text.replace(",", ""))
            problem = _amount_problem(parsed)
            if problem:
                raise ValidationError(f"the amount {problem}")
            return Money(parsed, currency)
        if not isinstance(value, Mapping):
            raise ValidationError("expected an amount: {amount: 50000, currency: EUR}")
        errors: dict[str, list[str]] = {}
        unknown = set(value) - {"amount", "currency"}
        for key in sorted(unknown):
            errors[key] = ["unknown field; an amount has only 'amount' and 'currency'"]
        amount = value.get("amount")
        currency = value.get("currency")
        parsed = Decimal(0)
        if amount is None:
            errors["amount"] = ["missing; give a number"]
        elif isinstance(amount, bool) or not isinstance(amount, int | float | str):
            errors["amount"] = ["expected a number"]
        else:
            try:
                parsed = Decimal(str(amount).replace(",", ""))
            except InvalidOperation:
                errors["amount"] = [f"{amount!r} is not a number"]
            else:
                problem = _amount_problem(parsed)
                if problem:
                    errors["amount"] = [problem]
        if currency is None:
            errors["currency"] = ["missing; give an ISO 4217 code such as EUR, USD, GBP"]
        else:
            try:
                currency_code(currency)
            except ValidationError as exc:
                errors["currency"] = [str(m) for m in exc.messages]
        if errors:
            raise ValidationError(errors)
        return Money(parsed, str(currency))


class Percent(fields.Float):
    """A number from 0 to 100."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, str) and value.strip().endswith("%"):
            value = value.strip()[:-1]
        if isinstance(value, bool):
            raise ValidationError("expected a percentage from 0 to 100")
        result = super()._deserialize(value, attr, data, **kwargs)
        if not 0 <= result <= 100:
            raise ValidationError(f"{result:g} is not a percentage from 0 to 100")
        return float(result)


class Figure(fields.Float):
    """A finite number no larger than MAX_AMOUNT either way (a KPI target or baseline)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        result = float(super()._deserialize(value, attr, data, **kwargs))
        if not -MAX_AMOUNT <= result <= MAX_AMOUNT:
            raise ValidationError(f"is too large: a figure can be at most {MAX_AMOUNT:,}")
        return result


class FigureOrText(Figure):
    """A figure, or text where the value is not a number (a KPI baseline such as "the
    average of the last two quarters" or "none: a new channel")."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and not _NUMBER_TEXT.match(value):
            text = value.strip()
            if not text:
                raise ValidationError("must not be empty; leave the key out if there is none")
            return text
        return super()._deserialize(value, attr, data, **kwargs)


_NUMBER_TEXT = re.compile(r"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$")


class Text(fields.String):
    """A non-empty string; numbers given where text is expected are accepted as text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        result = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if not result:
            raise ValidationError("must not be empty; leave the key out if it is not decided yet")
        if result == NA.value:
            # printed into a clause it would read "... as follows: not_applicable"
            raise ValidationError(
                "'not_applicable' cannot stand for text here: write what applies in words, "
                "or leave the key out if it is not decided yet"
            )
        return result


_EMAIL_PART = r"[^\s@<>()\[\],;:\"]"
_EMAIL = re.compile(rf"{_EMAIL_PART}+@(?:{_EMAIL_PART.replace(':', ':.')}+\.)+[^\W\d_]{{2,}}")


class EmailAddress(Text):
    """An address for notices: one ``@``, a dotted domain, no spaces or brackets.

    A plausibility check, which is what a spec needs; marshmallow's ``Email`` field compiles a
    regex covering every Unicode letter case-insensitively on first use (about 50 ms).
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _EMAIL.fullmatch(text):
            raise ValidationError(f"{text!r} is not an e-mail address (name@example.com)")
        return text


class Choice(Text):
    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        result = super()._deserialize(value, attr, data, **kwargs)
        if result not in self.choices:
            close = difflib.get_close_matches(result, self.choices, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValidationError(f"{result!r} is not one of: {', '.join(self.choices)}{hint}")
        return result


class Bool(fields.Boolean):
    """Only ``true`` and ``false``: 'yes', 'no', 'on', 'off', 1 and 0 are not guessed at."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(truthy={True}, falsy={False}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):  # 1 == True in a set: {True} alone let 1 and 0 in
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class OrNotApplicable(fields.Field[Any]):
    """Wraps a field so that the value ``not_applicable`` is accepted and becomes ``NA``."""

    def __init__(self, inner: fields.Field[Any], **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.inner = inner

    def _bind_to_schema(self, field_name: str, parent: Any) -> None:
        super()._bind_to_schema(field_name, parent)
        self.inner._bind_to_schema(field_name, parent)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == NA.value:
            return NA
        return self.inner.deserialize(value, attr, data, **kwargs)


class TupleList(fields.List[Any]):
    """A list that loads as a tuple (the model is frozen)."""

    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[Any, ...]:
        if isinstance(value, str):
            value = [value]  # a single item is accepted without the list brackets
        return tuple(super()._deserialize(value, attr, data, **kwargs))
