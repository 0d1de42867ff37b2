"""Values checked as values, not only as types: the plausible range of a date.

A date from a file's metadata, a table's date column or a command-line option is a claim about
when something happened or was written. Year 9999, year 3021 or 1066 is a typing slip or a
placeholder; taken at face value it moves the document out of every actor's time in office, so
actors that resolve on real dates stop resolving. Such days are refused, with the reason.
"""

from __future__ import annotations

from datetime import date

from multipolar.errors import MultipolarError

EARLIEST = date(1900, 1, 1)


class DayError(MultipolarError, ValueError):
    """A day outside the plausible range (the message says which range)."""


def latest(today: date | None = None) -> date:
    """The last plausible day: a year after *today* (scheduled talks, announced deadlines)."""
    today = today or date.today()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def plausible_day(day: date, today: date | None = None) -> date:
    """*day* itself when it lies in ``EARLIEST .. latest(today)``; else :class:`DayError`."""
    last = latest(today)
    if not EARLIEST <= day <= last:
        raise DayError(f"{day.isoformat()} is outside the plausible range {EARLIEST}..{last}")
    return day
