"""When a text was written, from the text itself: its ``Date:`` line, its dateline, or the most
recent date it states in full.

A document's date decides who held which office and which government sat where, so a wrong guess
makes dated names stop resolving. The guess therefore uses only what fixes a day or a month of a
year: a ``Date:`` line among the first lines, a dateline that carries its date ("KYIV, March 3, 2022
(AP) —", or "March 3" completed by the year of the text's own dates), else the latest date the text
writes out with its month and year ("on 27 November 2019", "in March 2018", "2021-06-04"). A year on
its own ("the 2011 uprising", "in 2019") says when something happened, not when the text was
written, and never dates it: such a text stays undated (``None``).

A **dateline** opens a wire report: the place it was filed from, perhaps its date, perhaps the
agency, then a dash ("BERLIN (Reuters) -", "SEOUL, South Korea—", "Tripoli, Libya, Jan. 5 (AFP) --").
:func:`datelines` finds them at the start of the first paragraphs, so that the resolver can skip
them: the place a report was filed from is no actor.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from multipolar.validate import latest

MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A date written with its year: day month year, month day year, month year, ISO.
EXPLICIT = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}-(?P<mon>[01]\d)-{_DAY}\b"),
]
# A month and day with no year ("March 3", "3 March"), as datelines give them.
MONTH_DAY = [
    re.compile(rf"^{_MONTH}\s+{_DAY}$", re.I),
    re.compile(rf"^{_DAY}\s+{_MONTH}$", re.I),
]
DATE_LINE = re.compile(r"^\s*date\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)

_DASH = r"(?: +- +| *(?:--|—|–) *)"  # a hyphen between spaces, or a dash: not "ISIS-K"
_AGENCY = r"\((?P<agency>[A-Z][\w.&' -]{0,30})\)"
_CAPS_PLACE = r"(?P<place>[A-Z][A-Z.'’-]+(?: +[A-Z][A-Z.'’-]+){0,3})"
_TITLE_PLACE = r"(?P<place>[A-Z][\w.'’-]+(?: +[A-Z][\w.'’-]+){0,3})"
_REGION = r"(?:, *[A-Z][\w.'’-]*(?: +[A-Z][\w.'’-]*){0,2})?"  # ", South Korea", ", Calif."
_WHEN = r"(?:, *(?P<when>[A-Z][a-z]{2,8}\.? +\d{1,2}(?:, *\d{4})?|\d{1,2} +[A-Z][a-z]{2,8}(?: +\d{4})?))?"
DATELINE = [
    # "BERLIN (Reuters) -", "KYIV, March 3 (AP) —", "SEOUL, South Korea—", "NEW YORK —"
    re.compile(rf"{_CAPS_PLACE}{_REGION}{_WHEN} *(?:{_AGENCY})?{_DASH}"),
    # "Tripoli, Libya (AP) —": a place in title case needs the agency
    re.compile(rf"{_TITLE_PLACE}{_REGION}{_WHEN} *{_AGENCY}{_DASH}"),
    # "(Reuters) -"
    re.compile(rf"{_AGENCY}{_DASH}"),
]
PARAGRAPHS_SEARCHED = 3  # a dateline opens the report: after a headline at most


@dataclass(frozen=True)
class Dateline:
    """A dateline: characters ``start``-``end`` of the text, the place it names, the month and day or
    full date it gives as written (``when``, maybe empty) and the agency (maybe empty)."""

    start: int
    end: int
    place: str
    when: str
    agency: str


def datelines(text: str) -> list[Dateline]:
    """The datelines opening the first paragraphs of *text* (at most one each)."""
    found = []
    for start in _paragraph_starts(text)[:PARAGRAPHS_SEARCHED]:
        for pattern in DATELINE:
            m = pattern.match(text, start)
            if m and m.end() < len(text) and _plausible(m):
                groups = m.groupdict()
                found.append(
                    Dateline(
                        m.start(),
                        m.end(),
                        groups.get("place") or "",
                        groups.get("when") or "",
                        groups.get("agency") or "",
                    )
                )
                break
    return found


def _paragraph_starts(text: str) -> list[int]:
    starts = [len(text) - len(text.lstrip())]
    starts += [m.end() for m in re.finditer(r"\n\s*\n\s*", text)]
    return starts


def _plausible(m: re.Match[str]) -> bool:
    """A dateline's place is a name, not a word in capitals that opens a sentence ("I -", "A")."""
    place = (m.groupdict().get("place") or "").strip()
    return not place or sum(c.isalpha() for c in place) >= 3


def explicit_dates(text: str) -> list[date]:
    """Every date *text* writes with its month and year, as the day it names (a month alone: its
    last day, when the text was written at the earliest)."""
    found = []
    taken: list[tuple[int, int]] = []
    for pattern in EXPLICIT:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            day = _day(m.groupdict())
            if day is not None:
                taken.append((m.start(), m.end()))
                found.append(day)
    return found


def _day(groups: dict[str, str | None]) -> date | None:
    year = int(groups["year"] or 0)
    if groups.get("mon"):
        month = int(groups["mon"] or 0)
    else:
        name = (groups.get("month") or "").lower().rstrip(".")
        month = MONTHS.get(name, 0)
        if name in ("may", "march", "mar") and not (groups.get("month") or " ")[0].isupper():
            return None  # "may", "march": a verb unless capitalised
    try:
        if groups.get("day"):
            return date(year, month, int(groups["day"] or 0))
        return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def dateline_date(line: Dateline, years: list[int]) -> date | None:
    """The date a dateline gives: in full, or its month and day in the latest of *years* (the years
    of the text's own explicit dates) that does not put it after them."""
    if not line.when:
        return None
    dates = explicit_dates(line.when)
    if dates:
        return dates[0]
    for pattern in MONTH_DAY:
        m = pattern.match(line.when.strip())
        if m and years:
            month = MONTHS.get((m.group("month") or "").lower().rstrip("."), 0)
            for year in sorted(set(years), reverse=True):
                try:
                    return date(year, month, int(m.group("day")))
                except ValueError:
                    return None
    return None


def date_line(text: str) -> date | None:
    """The date of a ``Date:`` line among the first lines of *text*."""
    head = "\n".join(text.lstrip().splitlines()[:5])
    m = DATE_LINE.search(head)
    if not m:
        return None
    value = m.group("value")
    iso = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if iso:
        try:
            return date(*(int(g) for g in iso.groups()))
        except ValueError:
            return None
    dates = explicit_dates(value)
    return dates[0] if dates else None


def guess_date(text: str, today: date | None = None) -> tuple[date | None, str]:
    """When *text* was written, and what said so: ``date line``, ``dateline``, ``text`` (its latest
    explicit date) or ``none`` (module documentation). Never after *today*."""
    today = today or date.today()
    day = date_line(text)
    if day is not None:
        return min(day, today), "date line"
    # a date up to a year ahead is a deadline or a scheduled meeting: the text is from today at latest
    stated = [min(d, today) for d in explicit_dates(text) if d <= latest(today)]
    for line in datelines(text):
        day = dateline_date(line, [d.year for d in stated])
        if day is not None:
            return min(day, today), "dateline"
    if stated:
        return max(stated), "text"
    return None, "none"
