"""Dates: impossible ones, and an end before the start (DRF113, DRF114)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from ...read.model import SourceDocument
from .base import Defect, Tally

_MONTH_RE = "|".join(calendar.month_name[1:])
# Month first and day first; both are found from one scan for month names (_date_matches)
_DATE_MDY = re.compile(rf"({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DATE_DMY = re.compile(rf"(\d\d?)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?({_MONTH_RE}),?\s+(\d{{4}})\b")
_EXPIRY = re.compile(r"(?:expire|terminate|end)s?\s+on\s+", re.IGNORECASE)
_EFFECTIVE = re.compile(
    r"effective\s+(?:as\s+of|on)\s+|dated\s+(?:as\s+of\s+)?|made\s+on\s+", re.IGNORECASE
)


def _run_start(text: str, end: int, floor: int, letters: str) -> int:
    """Where the run of digits, white space and ``letters`` that ends at ``end`` begins (not
    before ``floor``): the earliest place a number written before a marker can start."""
    start = end
    while start > floor and (
        text[start - 1].isdecimal() or text[start - 1].isspace() or text[start - 1] in letters
    ):
        start -= 1
    return start


_MONTH = re.compile(_MONTH_RE)  # where a date of either pattern has its month
_DMY_HEAD = re.compile(r"(\d\d?)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?\Z")  # what precedes it


def _date_matches(text: str) -> list[re.Match[str]]:
    """Dates written with the month's name, in text order: the matches of
    ``_DATE_MDY.finditer`` and ``_DATE_DMY.finditer``, found from one scan for month names.

    _DATE_DMY starts with a digit, so scanned on its own the engine stopped at every digit of
    the text. Its day can only be in the run of digits, white space and the letters of
    "st/nd/rd/th" and "day of" right before a month, so it is looked for there, from the run's
    start: the leftmost place it matches, as finditer would find it.
    """
    found: list[re.Match[str]] = []
    mdy_end = dmy_end = 0
    for month in _MONTH.finditer(text):
        at = month.start()
        if at >= mdy_end and (mdy := _DATE_MDY.match(text, at)) is not None:
            found.append(mdy)
            mdy_end = mdy.end()
        lo = _run_start(text, at, dmy_end, "stndrhayof")  # "1st", "2nd day of"
        head = _DMY_HEAD.search(text, lo, at)
        if head is not None and (dmy := _DATE_DMY.match(text, head.start())) is not None:
            found.append(dmy)
            dmy_end = dmy.end()
    return sorted(found, key=lambda m: m.start())


# month name -> number (calendar.month_name formats every name with strftime when read)
_MONTH_NUMBER = {name: number for number, name in enumerate(calendar.month_name) if number}


def _parse_date(match: re.Match[str]) -> tuple[int, int, int]:
    if match.re is _DATE_MDY:
        month, day, year = match.groups()
    else:
        day, month, year = match.groups()
    return int(year), _MONTH_NUMBER[month], int(day)


# a number after "page" is a page number, not a day ("Page 44 May 2004": a footer whose page
# number runs into its date); a day-first number over 31 is a count or a page, not a day
_PAGE_BEFORE = re.compile(r"\bpage\s*\Z", re.IGNORECASE)
_DAY_MAX = 31


def _not_a_day(text: str, match: re.Match[str]) -> bool:
    """Is the number a day-first date starts with something else (a page number)?"""
    if match.re is not _DATE_DMY:
        return False
    return int(match.group(1)) > _DAY_MAX or bool(
        _PAGE_BEFORE.search(text, max(0, match.start() - 8), match.start())
    )


def check_dates(doc: SourceDocument) -> list[Defect]:
    """Impossible dates (31 April) and an expiry date before the effective date."""
    out: list[Defect] = []
    tally = Tally()
    effective: date | None = None
    for match in _date_matches(doc.text):
        if _not_a_day(doc.text, match):
            continue
        year, month, day = _parse_date(match)
        try:
            value = date(year, month, day)
        except ValueError:
            if not tally.wants("date_impossible"):
                continue
            out.append(
                Defect(
                    "date_impossible",
                    f"{match.group(0)!r} is not a real date",
                    match.start(),
                    match.end(),
                )
            )
            continue
        before = doc.text[max(0, match.start() - 40) : match.start()]
        if effective is None and _EFFECTIVE.search(before):
            effective = value
        elif (
            effective is not None
            and value <= effective
            and _EXPIRY.search(before)
            and tally.wants("date_order")
        ):
            out.append(
                Defect(
                    "date_order",
                    f"expires on {match.group(0)}, not after the effective date {effective.isoformat()}",
                    match.start(),
                    match.end(),
                )
            )
    return tally.result(out)
