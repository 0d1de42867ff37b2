"""Event and document dates as people read them, the same in every table and in the report.

A stored date is an ISO day (``2019-12-15``) or an interval of days (``2019-12-01/2019-12-31``);
:func:`display` writes it at the precision it has: ``15 Dec 2019``, ``Dec 2019``, ``2019``,
``Jan–Jun 2019``, ``21–30 Nov 2019``. CSV and JSON keep the ISO form; only what a person reads
uses this one.

:func:`month_of` and :func:`year_of` say which month or year an event can honestly be counted in:
a date known only to the year has no month, so a monthly timeline leaves it out (and says so)
rather than piling it into January.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "\u2013"  # en dash, as in "21–30 Nov 2019"
MONTH_SPAN = timedelta(days=31)  # the widest date that still names one month


@dataclass(frozen=True)
class Span:
    """The days a date covers, first and last included."""

    start: date
    end: date

    @property
    def whole_months(self) -> bool:
        """Starts on the first of a month and ends on the last of one."""
        return self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]

    @property
    def whole_years(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)


def span(value: object) -> Span | None:
    """The span of a stored date (a :class:`datetime.date`, an ISO day or ``first/last``), or
    ``None`` for no date or one that cannot be read."""
    if value is None:
        return None
    if isinstance(value, date):
        return Span(value, value)
    return _span_of_text(str(value))


@lru_cache(maxsize=65_536)  # a corpus repeats its dates: 200,000 events may have a few thousand
def _span_of_text(text: str) -> Span | None:
    first, _, last = text.strip().partition("/")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if last.strip() else start
    except ValueError:
        return None
    return Span(start, end) if start <= end else Span(end, start)


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def display(value: object, missing: str = "") -> str:
    """*value* written at its own precision (see the module's docstring); *missing* for no date.

    A value that is not a date is shown as it is, so nothing stored is hidden.
    """
    s = span(value)
    if s is None:
        return missing if value is None or not str(value).strip() else str(value)
    start, end = s.start, s.end
    if start == end:
        return _day(start)
    if s.whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}{DASH}{end.year}"
    if s.whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        if start.year == end.year:
            return f"{MONTHS[start.month - 1]}{DASH}{_month(end)}"
        return f"{_month(start)} {DASH} {_month(end)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{_day(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} {DASH} {_day(end)}"
    return f"{_day(start)} {DASH} {_day(end)}"


def month_of(value: object) -> str | None:
    """``YYYY-MM`` of the month a date falls in: its first month, when it spans at most
    :data:`MONTH_SPAN`; ``None`` for a coarser date or none."""
    s = span(value)
    if s is None or s.end - s.start >= MONTH_SPAN:
        return None
    return f"{s.start.year:04d}-{s.start.month:02d}"


def year_of(value: object) -> str | None:
    """``YYYY`` of the year a date falls in, or ``None`` when it spans several years (or is none)."""
    s = span(value)
    if s is None or (s.start.year != s.end.year and s.end - s.start >= MONTH_SPAN):
        return None
    return f"{s.start.year:04d}"


def info(value: object) -> dict[str, str | None]:
    """What the report needs to know of one stored date: how to show it and where it counts."""
    return {"text": display(value, "undated"), "month": month_of(value), "year": year_of(value)}


def period_label(period: str) -> str:
    """A timeline period (``YYYY-MM`` or ``YYYY``) as it is shown: ``Dec 2019`` or ``2019``."""
    if len(period) == 7 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit():
        month = int(period[5:])
        if 1 <= month <= 12:
            return f"{MONTHS[month - 1]} {period[:4]}"
    return period
