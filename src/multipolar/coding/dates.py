"""Explicit dates in a sentence, resolved against the document date.

A date is an ISO 8601 day (``2019-11-27``) or an interval of days (``2019-11-21/2019-11-30``).
Rules (docs/coding.md): a named day, a month or part of a month ("late November"), a year or
part of a year, and relative phrases ("last week", "on Monday") read from ``data/patterns/dates.yaml``.
A month or weekday without a year is placed in the latest year that does not put it after the
document date (news reports the past). "since"/"after" open an interval that ends at the document date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # the analysis reads the ontology through this package without loading spaCy
    from spacy.tokens import Span, Token

YEAR = r"(?P<year>(?:1[89]|20)\d\d)"


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str  # ISO day or "a/b" interval


@dataclass(frozen=True)
class DateRules:
    months: dict[str, int]
    weekdays: tuple[str, ...]
    month_parts: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int]]
    since: frozenset[str]
    relative: dict[str, object]

    @classmethod
    def load(cls, path: Path | None = None) -> DateRules:
        path = path or Path(str(resources.files("multipolar") / "data" / "patterns" / "dates.yaml"))
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            months={k.lower(): int(v) for k, v in raw["months"].items()},
            weekdays=tuple(raw["weekdays"]),
            month_parts={k: tuple(v) for k, v in raw["month_parts"].items()},
            year_parts={k: tuple(v) for k, v in raw["year_parts"].items()},
            since=frozenset(raw.get("since", ())),
            relative=dict(raw.get("relative", {})),
        )


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class DateResolver:
    """Finds date expressions with a handful of regular expressions built once from the data file."""

    def __init__(self, rules: DateRules | None = None) -> None:
        self.rules = rules or DateRules.load()
        month = rf"(?P<month>{_alt(self.rules.months)})\.?"
        part = rf"(?P<part>{_alt(self.rules.month_parts)})"
        ypart = rf"(?P<ypart>{_alt(self.rules.year_parts)})"
        since = rf"(?:(?P<since>{_alt(self.rules.since)})\s+)?"
        day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
        # Most specific first: an earlier rule's match blocks later ones on the same characters.
        self.patterns: list[tuple[str, re.Pattern]] = [
            ("day", re.compile(rf"\b{since}{day}\s+(?:of\s+)?{month}(?:,?\s+{YEAR})?\b", re.I)),
            ("day", re.compile(rf"\b{since}{month}\s+{day}\b(?:,?\s+{YEAR}\b)?", re.I)),
            (
                "part",
                re.compile(rf"\b{since}(?:the\s+)?{part}(?:[\s-]+of)?[\s-]+{month}(?:,?\s+{YEAR})?\b", re.I),
            ),
            ("month", re.compile(rf"\b{since}{month},?\s+{YEAR}\b", re.I)),
            (
                "month",
                re.compile(
                    rf"\b(?P<prep>in|since|after|during|by|until|from|last|this|early|late)\s+{month}\b", re.I
                ),
            ),
            ("ypart", re.compile(rf"\b{since}{ypart}[\s-]+{YEAR}\b", re.I)),
            (
                "year",
                re.compile(rf"\b(?P<prep>in|since|after|during|by|until|from|throughout)\s+{YEAR}\b", re.I),
            ),
            (
                "weekday",
                re.compile(rf"\b(?:on|since|last)\s+(?P<weekday>{_alt(self.rules.weekdays)})\b", re.I),
            ),
            ("relative", re.compile(rf"\b(?P<rel>{_alt(self.rules.relative)})\b", re.I)),
        ]

    def find(self, text: str, anchor: date | None) -> list[DateMatch]:
        taken: list[tuple[int, int]] = []
        found: list[DateMatch] = []
        for kind, pattern in self.patterns:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                if not _month_is_a_name(m):
                    continue
                span = self._interval(kind, m, anchor)
                if span is None:
                    if kind == "day" and (m.groupdict().get("year") or anchor):
                        taken.append((m.start(), m.end()))  # "31 February": no date, not a month either
                    continue
                taken.append((m.start(), m.end()))
                found.append(DateMatch(m.start(), m.end(), m.group(0), _iso(*span)))
        return sorted(found, key=lambda d: d.start)

    def resolve(self, text: str, anchor: date | None) -> str | None:
        """The first explicit date in *text*, or ``None``."""
        found = self.find(text, anchor)
        return found[0].value if found else None

    def _interval(self, kind: str, m: re.Match, anchor: date | None) -> tuple[date, date] | None:
        g = m.groupdict()
        year = int(g["year"]) if g.get("year") else None
        try:
            if kind in ("day", "part", "month"):
                month = self.rules.months[g["month"].lower().rstrip(".")]
                if kind == "day":
                    first_day = last_day = int(g["day"])
                elif kind == "part":
                    first_day, last_day = self.rules.month_parts[g["part"].lower()]
                else:
                    first_day, last_day = 1, 31
                prep = (g.get("prep") or "").lower()
                if year is None:
                    if anchor is None:
                        return None
                    year = _infer_year(month, anchor, prep)
                last_day = min(last_day, calendar.monthrange(year, month)[1])
                span = (date(year, month, first_day), date(year, month, last_day))
                if prep in ("early", "late"):  # "in late November" written without "in"
                    span = self._part_of(span, prep)
            elif kind == "ypart":
                a, b = self.rules.year_parts[g["ypart"].lower()]
                span = (date(year, a, 1), date(year, b, calendar.monthrange(year, b)[1]))
            elif kind == "year":
                span = (date(year, 1, 1), date(year, 12, 31))
            elif kind == "weekday":
                if anchor is None:
                    return None
                wd = self.rules.weekdays.index(g["weekday"].lower())
                back = (anchor.weekday() - wd) % 7 or (7 if m.group(0).lower().startswith("last") else 0)
                day = anchor - timedelta(days=back)
                span = (day, day)
            else:
                if anchor is None:
                    return None
                span = _relative(self.rules.relative[g["rel"].lower()], anchor)
        except (ValueError, KeyError):
            return None  # "31 February" and the like: not a date
        since = (g.get("since") or g.get("prep") or "").lower()
        if since in self.rules.since and kind not in ("weekday", "relative"):
            start = span[1] + timedelta(days=1) if since == "after" else span[0]
            end = anchor if anchor and anchor >= start else None
            return (start, end) if end else (start, start)
        return span

    def _part_of(self, span: tuple[date, date], part: str) -> tuple[date, date]:
        a, b = self.rules.month_parts[part]
        last = calendar.monthrange(span[0].year, span[0].month)[1]
        return span[0].replace(day=a), span[0].replace(day=min(b, last))


def _month_is_a_name(m: re.Match) -> bool:
    """ "may" and "march" are also a verb: only a capitalised word counts as the month."""
    month = m.groupdict().get("month")
    return not month or month[0].isupper() or month.lower() not in ("may", "march", "mar")


def _infer_year(month: int, anchor: date, prep: str) -> int:
    if prep in ("next",):
        return anchor.year + (month <= anchor.month)
    return anchor.year if month <= anchor.month else anchor.year - 1


def _relative(spec: object, anchor: date) -> tuple[date, date]:
    if isinstance(spec, list):
        return anchor + timedelta(days=int(spec[0])), anchor + timedelta(days=int(spec[1]))
    unit, _, offset = str(spec).partition("+") if "+" in str(spec) else str(spec).partition("-")
    n = int(offset) * (-1 if "-" in str(spec) else 1)
    if unit == "year":
        y = anchor.year + n
        return date(y, 1, 1), date(y, 12, 31)
    total = anchor.year * 12 + anchor.month - 1 + n
    y, mo = divmod(total, 12)
    return date(y, mo + 1, 1), date(y, mo + 1, calendar.monthrange(y, mo + 1)[1])


def _iso(a: date, b: date) -> str:
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


# Dependencies that start a clause of their own: a date attached inside one dates that clause's
# act, not the acts around it ("the embargo imposed in 2011" does not date what the sentence says).
CLAUSE_DEPS = frozenset(("relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "conj", "appos"))


class ClauseDates:
    """The date of each act in a sentence: the date expression that modifies the act's own clause
    ("on Thursday", "in April 2019"), else the document's date. A year or date elsewhere in the
    sentence ("the arms embargo imposed in 2011") never dates another clause's act."""

    def __init__(self, sent: Span, found: list[DateMatch], default: date | None) -> None:
        self.default = default.isoformat() if default else None
        self.attached: list[tuple[int, str]] = []  # (token index the date modifies, value)
        for match in found:
            span = sent.char_span(match.start, match.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            head = span.root
            before = span.doc[span.start - 1] if span.start > sent.start else None
            if before is not None and before.pos_ == "ADP" and before.dep_ == "prep":
                # "On 27 November 2019 Erdogan signed": the parser may hang the date's words on the
                # next noun; the preposition still says what it modifies
                head = before
            while head.i != head.head.i and (head.i in range(span.start, span.end) or head.pos_ == "ADP"):
                head = head.head
            self.attached.append((head.i, match.value))

    def of(self, trigger: Token) -> str | None:
        clause = {trigger.i}
        cur = trigger
        while cur.dep_ not in CLAUSE_DEPS and cur.head.i != cur.i:
            cur = cur.head
            clause.add(cur.i)
        return next((value for i, value in self.attached if i in clause), self.default)


@lru_cache(maxsize=1)
def default_resolver() -> DateResolver:
    return DateResolver()


def resolve_date(text: str, anchor: date | None = None) -> str | None:
    """The first explicit date in *text* as an ISO day or interval, relative to *anchor*."""
    return default_resolver().resolve(text, anchor)
