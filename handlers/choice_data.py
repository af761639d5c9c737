"""Reading the values inside button data, which a client can forge: a bad value is None, never an exception.

``str.isdigit`` accepts "²" and "٣", which ``int`` refuses or reads as another
number; a 20-digit id overflows PostgreSQL's BIGINT; a year-9999 date overflows
the arithmetic done on it. Every id, day and time read from a button goes
through here.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["parse_day", "parse_id", "parse_moment", "parse_small"]

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_MAX_ID = 2**63 - 1  # the largest BIGINT, the widest id column
_FIRST_DAY = date(2000, 1, 1)
_LAST_DAY = date(2200, 12, 31)


def parse_id(text: str) -> int | None:
    """A row id: ASCII digits only, 1 to 2**63 - 1."""
    if _ASCII_DIGITS.fullmatch(text) is None:
        return None
    number = int(text)
    return number if 1 <= number <= _MAX_ID else None


def parse_small(text: str, limit: int) -> int | None:
    """A count, page, score or index: ASCII digits only, 0 to ``limit``."""
    if _ASCII_DIGITS.fullmatch(text) is None:
        return None
    number = int(text)
    return number if number <= limit else None


def parse_day(text: str) -> date | None:
    """A calendar day in ISO form, within years a booking could use."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if _FIRST_DAY <= day <= _LAST_DAY else None


def parse_moment(text: str) -> datetime | None:
    """An ISO date and time with its offset (a slot's start), within the same years."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or not _FIRST_DAY <= moment.date() <= _LAST_DAY:
        return None
    return moment
