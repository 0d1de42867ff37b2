"""Issue files for backtests: decisions whose outcome is known, coded like the EU Decides data.

Two layouts are read, told apart by the header line's delimiter:

* the DEU III copy (Arregui & Perarnaud 2021, merging Thomson et al. 2006 and 2012): tab-separated,
  strings quoted, blank for missing; columns ``prnr`` (proposal), ``isnr`` (issue), ``proc``
  (COD/CNS), ``counvte`` (QMV/Unan), ``intro`` and ``finact`` (dates), ``p<actor>`` and
  ``s<actor>`` per actor, ``rp`` (reference point: the status quo) and ``out`` (the outcome);
* the older exports: semicolon-separated, ``999`` for missing, decimal commas allowed.

Both may add ``c<actor>`` capability columns. An actor takes part in an issue when its position
and salience are both present. Positions, the reference point and the outcome lie on the 0..100
scale of these data; saliences on 0..100 (or 0..1: decided once per file) become shares. Any
other value is an error that names the row and column (a NaN, an infinity, a negative salience,
a position of 1e308), never a silent result.

Rows that cannot be scored are skipped and counted, with the reason: no recorded outcome, or
fewer than :data:`MIN_ACTORS` actors with a position and a salience.

Two quirks of the DEU III copy are handled here:

* the row after the header holds each actor's GDP in its ``p<actor>`` cells (no issue number,
  no saliences): it is kept as :attr:`IssueFile.gdp`, not read as an issue;
* a spreadsheet read some day-month-year dates as year-month-day ("2023-07-01" for 23-07-2001).
  When any ``YYYY-MM-DD`` date in a file lies outside 1950..this year, every ``YYYY-MM-DD`` date
  of that file is read back as ``DD-MM-YY`` (:func:`parse_date`); ``999`` is no date. The
  decision date is the final act's, else the proposal's.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from multipolar.forecast.scenario import MAX_CAPABILITY, ScenarioError, read_text

MISSING = "999"
MIN_ACTORS = 3
SCALE = (0.0, 100.0)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")


@dataclass(frozen=True, slots=True)
class Stance:
    """One actor's take on one issue: position (0..100), salience (a share) and, when the file
    gives one, a capability."""

    position: float
    salience: float
    capability: float | None = None


@dataclass(frozen=True)
class Issue:
    """One decision: the actors' stances, the status quo, the recorded outcome and its setting."""

    number: str
    stances: dict[str, Stance]
    outcome: float
    status_quo: float | None = None
    proposal: str = ""
    decided: date | None = None
    procedure: str = ""
    rule: str = ""
    row: int = 0

    @property
    def period(self) -> str:
        """The span of the Council's voting rules the decision falls in, by its year."""
        if self.decided is None:
            return ""
        year = self.decided.year
        return "to 2004" if year <= 2004 else "2005-2014" if year <= 2014 else "from 2015"


@dataclass
class IssueFile:
    """What an issue file holds: the issues to score, what was skipped and why, and extras."""

    path: str
    issues: list[Issue]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    gdp: dict[str, float] = field(default_factory=dict)
    actors: list[str] = field(default_factory=list)

    @property
    def has_dates(self) -> bool:
        return any(i.decided for i in self.issues)

    @property
    def has_capabilities(self) -> bool:
        return any(s.capability is not None for i in self.issues for s in i.stances.values())

    def skip_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, reason in self.skipped:
            counts[reason] = counts.get(reason, 0) + 1
        return counts


def parse_date(text: str, mangled: bool = False) -> date | None:
    """A date written DD-MM-YY, DD-MM-YYYY (also with / or .) or YYYY-MM-DD; None for blank or 999.

    With *mangled*, YYYY-MM-DD is a spreadsheet's misreading of DD-MM-YY: day = YYYY's last two
    digits, year = 20DD (19DD from 50). Two-digit years below 50 are 20YY, else 19YY.
    """
    text = text.strip()
    if not text or text == MISSING:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        if mangled:
            year, day = _century(day), year % 100
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
        year = _century(year) if year < 100 else year
    else:
        raise ValueError(f"{text!r} is not a date (DD-MM-YYYY or YYYY-MM-DD)")
    return date(year, month, day)


def _century(two_digits: int) -> int:
    return 2000 + two_digits if two_digits < 50 else 1900 + two_digits


def _dates_mangled(values: Iterable[str]) -> bool:
    """Whether any YYYY-MM-DD date lies outside 1950..this year (see the module documentation)."""
    this_year = date.today().year
    return any((m := _ISO.match(v.strip())) and not 1950 <= int(m[1]) <= this_year for v in values)


def _number(raw: str | None, where: str) -> float | None:
    """A cell as a finite float; None when blank or 999; a ScenarioError naming *where* otherwise."""
    text = (raw or "").strip().replace(",", ".")
    if not text or text == MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{where}: {raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ScenarioError(f"{where}: {raw!r} is not a finite number")
    return value


def _peek(raw: str | None) -> float:
    """A cell's value for a file-wide look (0 when it is not a finite number: rows report that)."""
    try:
        value = float((raw or "").strip().replace(",", "."))
    except ValueError:
        return 0.0
    return value if math.isfinite(value) and (raw or "").strip() != MISSING else 0.0


def _on_scale(value: float | None, where: str) -> float | None:
    if value is not None and not SCALE[0] <= value <= SCALE[1]:
        raise ScenarioError(f"{where}: {value:g} is outside the scale {SCALE[0]:g}..{SCALE[1]:g}")
    return value


def _delimiter(header: str) -> str:
    return max("\t;,", key=header.count)


def read_issues(path: str | Path) -> IssueFile:
    """Every issue of an issue file (see the module documentation), checked value by value."""
    path = Path(path)
    if path.is_dir():
        raise ScenarioError(f"{path}: a folder; give an issue file")
    if not path.is_file():
        raise ScenarioError(f"{path}: no such file")
    text = read_text(path)
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(header))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    for needed in ("isnr", "out"):
        if needed not in columns:
            raise ScenarioError(f"{path.name}: missing column {needed!r} (found: {', '.join(columns)})")
    actors = [c[1:] for c in columns if c.startswith("p") and f"s{c[1:]}" in columns]
    if not actors:
        raise ScenarioError(f"{path.name}: no actor columns (pairs p<actor>, s<actor>)")
    rows = [
        (line, {(k or "").strip().lower(): (v or "") for k, v in row.items()})
        for line, row in enumerate(reader, 2)
    ]
    result = IssueFile(path=str(path), issues=[], actors=actors)
    if rows and _is_gdp_row(rows[0][1], actors):
        line, row = rows.pop(0)
        result.gdp = {
            a: v
            for a in actors
            if (v := _number(row.get(f"p{a}"), f"{path.name} row {line}, p{a}")) is not None
        }
    mangled = _dates_mangled(row.get(c, "") for _, row in rows for c in ("intro", "finact"))
    percent = any(_peek(row.get(f"s{a}")) > 1 for _, row in rows for a in actors)
    for line, row in rows:
        if not any(v.strip() for v in row.values()):
            continue
        issue = _issue(row, line, path.name, actors, percent, mangled)
        if isinstance(issue, tuple):
            result.skipped.append(issue)
        else:
            result.issues.append(issue)
    return result


def _is_gdp_row(row: dict[str, str], actors: list[str]) -> bool:
    """The DEU III copy's extra row: no issue number, positions filled, no saliences."""
    return (
        not row.get("isnr", "").strip()
        and any(row.get(f"p{a}", "").strip() for a in actors)
        and not any(row.get(f"s{a}", "").strip() for a in actors)
    )


def _issue(
    row: dict[str, str], line: int, name: str, actors: list[str], percent: bool, mangled: bool
) -> Issue | tuple[str, str]:
    number = row.get("isnr", "").strip() or f"row {line}"
    where = f"{name} row {line} (isnr {number})"
    stances = {}
    for actor in actors:
        x = _on_scale(_number(row.get(f"p{actor}"), f"{where}, p{actor}"), f"{where}, p{actor}")
        s = _number(row.get(f"s{actor}"), f"{where}, s{actor}")
        if s is not None and not 0 <= s <= (100 if percent else 1):
            raise ScenarioError(f"{where}, s{actor}: salience {s:g} is outside 0..{100 if percent else 1}")
        c = _number(row.get(f"c{actor}"), f"{where}, c{actor}")
        if c is not None and not 0 <= c <= MAX_CAPABILITY:
            raise ScenarioError(f"{where}, c{actor}: capability {c:g} is outside 0..{MAX_CAPABILITY:g}")
        if x is not None and s is not None:
            stances[actor] = Stance(x, s / 100 if percent else s, c)
    outcome = _on_scale(_number(row.get("out"), f"{where}, out"), f"{where}, out")
    status_quo = _on_scale(_number(row.get("rp"), f"{where}, rp"), f"{where}, rp")
    try:
        decided = parse_date(row.get("finact", ""), mangled) or parse_date(row.get("intro", ""), mangled)
    except ValueError as exc:
        raise ScenarioError(f"{where}, finact/intro: {exc}") from None
    if outcome is None:
        return number, "no recorded outcome"
    if len(stances) < MIN_ACTORS:
        return number, f"fewer than {MIN_ACTORS} actors with a position and a salience"
    return Issue(
        number=number,
        stances=stances,
        outcome=outcome,
        status_quo=status_quo,
        proposal=row.get("prnr", "").strip(),
        decided=decided,
        procedure=row.get("proc", "").strip().upper(),
        rule=_rule(row.get("counvte", "")),
        row=line,
    )


def _rule(text: str) -> str:
    """The Council's voting rule: ``QMV`` (also ``QMV(10)``) or ``Unan``; empty when not given."""
    text = text.strip()
    if text.upper().startswith("QMV"):
        return "QMV"
    if text.lower().startswith("unan"):
        return "Unan"
    return text
