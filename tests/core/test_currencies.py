"""The ISO 4217 table and the code a typo most likely meant."""

from __future__ import annotations

from agreement_builder.core.currencies import ISO_4217, is_currency, nearest_currency


def test_the_table_holds_three_capital_letters_each_once() -> None:
    assert len(ISO_4217) == len(set(ISO_4217)) > 170
    assert all(len(c) == 3 and c.isascii() and c.isupper() for c in ISO_4217)
    assert {"USD", "EUR", "GBP", "JPY", "CHF", "SGD", "XCG"} <= set(ISO_4217)
    assert not {"XXX", "XTS", "HRK", "UDS"} & set(ISO_4217)  # placeholder, test, withdrawn, typo


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
