"""ISO 4217 currency codes: what a spec may name as a currency, and the nearest code to a typo.

The codes are ISO 4217 List One (current currency & funds codes) as its maintenance agency,
SIX Group, publishes it (https://www.six-group.com/en/products-services/financial-information/
data-standards.html, the file list-one.xml): the list published on 2026-01-01, which holds
every amendment of 2025, checked code by code against that file (as carried by the PyPI
package iso4217 1.16.20260101). Against the tuple this file held before (transcribed for
2025): ANG (replaced by XCG), BGN (replaced by EUR on 2026-01-01), CUC, SLL (replaced by
SLE) and ZWL (replaced by ZWG) are no longer on it, and XAD (Arab Accounting Dinar) is new;
a withdrawn code is refused with the code that replaced it (``WITHDRAWN``). Two codes of
the list are left out
on purpose: XXX ("no currency", which in an agreement reads as a placeholder) and XTS
(reserved for testing). When the agency publishes an amendment, update the tuple, the
withdrawn codes and this note.
"""

from __future__ import annotations

import difflib

ISO_4217: tuple[str, ...] = (
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM",
    "BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD",
    "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF",
    "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK",
    "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
    "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
    "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
    "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP",
    "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS",
    "VED", "VES", "VND", "VUV", "WST", "XAD", "XAF", "XAG", "XAU", "XBA",
    "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT",
    "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
)  # fmt: skip

_CODES = frozenset(ISO_4217)
# codes withdrawn from List One in recent years, and the code that replaced each
WITHDRAWN = {
    "ANG": "XCG",
    "BGN": "EUR",
    "CUC": "CUP",
    "HRK": "EUR",
    "SLL": "SLE",
    "ZWL": "ZWG",
}
# the currencies most agreements use: preferred when a typo is as near to another code
_COMMON = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SGD", "HKD", "SEK")


def is_currency(code: str) -> bool:
    return code in _CODES


def nearest_currency(code: str) -> str | None:
    """The code a typo most likely meant: the same letters in another order ("UDS": USD),
    then one letter different ("EUE": EUR), common currencies first; else ``difflib``'s."""
    upper = code.strip().upper()
    if upper in _CODES:
        return upper
    if upper in WITHDRAWN:
        return WITHDRAWN[upper]
    rank = {c: i for i, c in enumerate(_COMMON)}

    def best(found: list[str]) -> str | None:
        return min(found, key=lambda c: (rank.get(c, len(rank)), c)) if found else None

    if len(upper) == 2:
        started = best([c for c in ISO_4217 if c.startswith(upper)])
        if started:
            return started
    if len(upper) == 3:
        shuffled = best([c for c in ISO_4217 if sorted(c) == sorted(upper)])
        if shuffled:
            return shuffled
        one_off = best(
            [c for c in ISO_4217 if sum(a != b for a, b in zip(c, upper, strict=True)) == 1]
        )
        if one_off:
            return one_off
    close = difflib.get_close_matches(upper, ISO_4217, n=1, cutoff=0.6)
    return close[0] if close else None
