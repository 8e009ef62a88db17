"""The ISO 4217 table and the code a typo most likely meant."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from agreement_builder.core.currencies import ISO_4217, WITHDRAWN, is_currency, nearest_currency
from agreement_builder.spec.schemas.fields import currency_code


def test_the_table_holds_three_capital_letters_each_once() -> None:
    assert len(ISO_4217) == len(set(ISO_4217)) == 176  # List One of 2026-01-01 less XXX, XTS
    assert all(len(c) == 3 and c.isascii() and c.isupper() for c in ISO_4217)
    assert {"USD", "EUR", "GBP", "JPY", "CHF", "SGD", "XCG", "XOF", "XAD", "ZWG"} <= set(ISO_4217)
    assert not {"XXX", "XTS", "HRK", "UDS"} & set(ISO_4217)  # placeholder, test, withdrawn, typo


def test_withdrawn_codes_are_refused_with_what_replaced_them() -> None:
    assert not set(WITHDRAWN) & set(ISO_4217)
    assert set(WITHDRAWN.values()) <= set(ISO_4217)
    assert nearest_currency("BGN") == "EUR" and nearest_currency("ang") == "XCG"
    with pytest.raises(
        Exception,
        match="'BGN' is no longer an ISO 4217 code: it was withdrawn and replaced by 'EUR'",
    ):
        currency_code("BGN")


@pytest.mark.parametrize("code", ["USD", "EUR", "GBP", "CHF", "JPY", "XOF"])
def test_the_common_currencies_are_accepted(code: str) -> None:
    assert is_currency(code)
    assert currency_code(code) is None


def test_uds_is_refused_with_the_code_meant() -> None:
    assert not is_currency("UDS")
    with pytest.raises(
        ValidationError, match=r"'UDS' is not an ISO 4217 code; did you mean 'USD'\?"
    ):
        currency_code("UDS")


def test_typos_get_the_currency_meant() -> None:
    assert not is_currency("UDS")
    assert [nearest_currency(c) for c in ("UDS", "GPB", "EUE", "EURO", "usd", "US", "JYP")] == [
        "USD",
        "GBP",
        "EUR",
        "EUR",
        "USD",
        "USD",
        "JPY",
    ]
    assert nearest_currency("QQQ") is None
