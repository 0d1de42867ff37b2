"""Backtests on issues coded like the European Union Decides data sets (Thomson et al. 2006, 2012).

The file is semicolon-separated, one issue per row: ``isnr`` (issue number), ``p<actor>`` and
``s<actor>`` (each actor's position and salience, positions on a 0..100 scale, saliences
0..100 or 0..1), ``rp`` (the reference point, i.e. the status quo, optional) and ``out`` (the
recorded outcome). ``999`` marks a missing value; decimal commas are accepted. Optional
``c<actor>`` columns give capabilities; without them every actor weighs the same unless a
capability table is passed (e.g. Council votes).

An actor takes part in an issue when its position and salience are both present. Each model
forecasts every issue with a recorded outcome; the score is the mean absolute error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any

from multipolar.forecast.base import BargainingModel
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError

MISSING = 999.0
_ACTOR_COLUMN = re.compile(r"^p(?P<actor>\w+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Issue:
    number: str
    scenario: Scenario
    outcome: float
    reference: float | None = None


@dataclass
class BacktestResult:
    issues: int
    errors: dict[str, float]
    per_issue: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        return [{"model": m, "issues": self.issues, "mae": round(e, 3)} for m, e in self.errors.items()]


def _value(raw: str | None, where: str) -> float | None:
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{where}: {raw!r} is not a number") from None
    return None if value == MISSING else value


def read_issues(
    path: str | Path, capabilities: Mapping[str, float] | None = None
) -> tuple[list[Issue], list[str]]:
    """The issues of an EU Decides-style file, and the numbers of those skipped (with why)."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        columns = {c.strip().lower(): c for c in reader.fieldnames or []}
        for needed in ("isnr", "out"):
            if needed not in columns:
                raise ScenarioError(f"{path.name}: missing column {needed!r} (found: {', '.join(columns)})")
        codes = [m["actor"] for c in columns if (m := _ACTOR_COLUMN.match(c)) and f"s{m['actor']}" in columns]
        if not codes:
            raise ScenarioError(f"{path.name}: no actor columns (pairs p<actor>, s<actor>)")
        rows = [
            (line, {k.strip().lower(): v for k, v in row.items() if k}) for line, row in enumerate(reader, 2)
        ]
    # saliences on 0..100 (as in the EU Decides data) become shares; decided once for the whole file
    percent = any(
        (_value(row.get(f"s{c}"), f"{path.name} row {line}, s{c}") or 0) > 1
        for line, row in rows
        for c in codes
    )
    issues, skipped = [], []
    for line, row in rows:
        number = (row.get("isnr") or "").strip() or f"row {line}"
        where = f"{path.name} row {line} (isnr {number})"
        outcome = _value(row.get("out"), f"{where}, out")
        if outcome is None:
            skipped.append(f"{number}: no recorded outcome")
            continue
        actors = []
        for code in codes:
            x, s = (
                _value(row.get(f"p{code}"), f"{where}, p{code}"),
                _value(row.get(f"s{code}"), f"{where}, s{code}"),
            )
            if x is None or s is None:
                continue
            c = _value(row.get(f"c{code}"), f"{where}, c{code}") if f"c{code}" in row else None
            if c is None:
                c = (capabilities or {}).get(code, 1.0)
            actors.append(
                Actor(name=code.upper(), capability=c, position=x, salience=s / 100 if percent else s)
            )
        try:
            scenario = Scenario(actors=tuple(actors), issue=f"issue {number}")
        except ScenarioError as exc:
            skipped.append(f"{number}: {exc}")
            continue
        reference = _value(row.get("rp"), f"{where}, rp") if "rp" in row else None
        issues.append(Issue(number, scenario, outcome, reference))
    return issues, skipped


def backtest(
    issues: Sequence[Issue], models: Sequence[BargainingModel], rounds: int | None = None
) -> BacktestResult:
    """Each model's mean absolute error against the recorded outcomes (and the status quo's, when known)."""
    if not issues:
        raise ScenarioError("no issue with a recorded outcome and at least two actors to test on")
    per_issue = []
    for issue in issues:
        row: dict[str, Any] = {"isnr": issue.number, "outcome": issue.outcome}
        for model in models:
            row[model.name] = model.run(issue.scenario, rounds).forecast
        if issue.reference is not None:
            row["status quo"] = issue.reference
        per_issue.append(row)
    names = [m.name for m in models]
    if all(i.reference is not None for i in issues):
        names.append("status quo")
    errors = {name: fmean(abs(row[name] - row["outcome"]) for row in per_issue) for name in names}
    return BacktestResult(issues=len(issues), errors=errors, per_issue=per_issue)
