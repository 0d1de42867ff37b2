"""Capability rules for backtests: how strong each actor of a decided issue counts.

The EU Decides data code positions and saliences but never capabilities, so a backtest needs a
stated rule. Each rule gives every actor of an issue a capability c; the models weigh it by
c x salience.

* ``salience``: every actor equal (c = 1), so salience alone weighs.
* ``council``: the formal voting strength in force on the decision date (the final act's, else
  the proposal's), from ``data/scenarios/eu-council.yaml``: pre-Nice votes to 31 October 2004
  (with the 2004 accession weighting from 1 May), Nice votes from 1 November 2004, population
  shares once the double majority became the only count (1 April 2017). The Commission and the
  Parliament count as much as the largest member state of that table; a state not in the table
  (not yet a member) counts 0.
* ``gdp``: each actor's GDP from the file's GDP row (the DEU III copy has one).
* ``file``: the file's own ``c<actor>`` columns.
* a YAML file mapping actor codes to capabilities (actors it does not list count 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from multipolar.forecast.issues import Issue, IssueFile
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError

RULES = ("salience", "council", "gdp", "file")
ROLES = {"com": "commission", "ep": "parliament"}


@dataclass(frozen=True, slots=True)
class CouncilPeriod:
    """The Council's voting strengths in force from ``start``, and its qualified-majority share."""

    start: date
    table: str
    strength: Mapping[str, float]
    qualified_majority: float

    def capability(self, actor: str) -> float:
        """A member's votes (or population share); the institutions as much as the largest member."""
        if actor in ROLES:
            return max(self.strength.values())
        return float(self.strength.get(actor, 0.0))


@cache
def council_periods() -> tuple[CouncilPeriod, ...]:
    """The periods of ``data/scenarios/eu-council.yaml``, oldest first."""
    text = resources.files("multipolar").joinpath("data/scenarios/eu-council.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    periods = [
        CouncilPeriod(
            start=p["from"],
            table=p["table"],
            strength={str(k): float(v) for k, v in data["tables"][p["table"]].items()},
            qualified_majority=float(p["qualified_majority"]),
        )
        for p in data["periods"]
    ]
    return tuple(sorted(periods, key=lambda p: p.start))


def council_period(day: date | None) -> CouncilPeriod | None:
    """The period in force on *day* (None without a date or before the first period)."""
    if day is None:
        return None
    current = None
    for period in council_periods():
        if period.start <= day:
            current = period
    return current


def unavailable(rule: str, issues: IssueFile) -> str | None:
    """Why *rule* cannot be applied to *issues*, or None when it can."""
    if rule == "council" and not issues.has_dates:
        return "the council rule needs decision dates (finact or intro columns)"
    if rule == "gdp" and not issues.gdp:
        return "the gdp rule needs the file's GDP row"
    if rule == "file" and not issues.has_capabilities:
        return "the file rule needs c<actor> columns"
    if rule not in RULES and not Path(rule).is_file():
        return f"unknown capability rule {rule!r} (choose {', '.join(RULES)}, or a YAML file of capabilities)"
    return None


def capability_table(path: str | Path) -> dict[str, float]:
    """A YAML mapping of actor code to capability, checked."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path}: not a readable YAML mapping ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of actor code to capability")
    table = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < float("inf"):
            raise ScenarioError(f"{path}: capability of {key!r} must be a number >= 0, not {value!r}")
        table[str(key).lower()] = float(value)
    return table


def capabilities(rule: str, issue: Issue, issues: IssueFile) -> dict[str, float]:
    """The capability of every actor of *issue* under *rule* (see the module documentation)."""
    if rule == "salience":
        return dict.fromkeys(issue.stances, 1.0)
    if rule == "council":
        period = council_period(issue.decided)
        if period is None:
            raise ScenarioError(
                f"isnr {issue.number}: no decision date, or one before 1995, for the council rule"
            )
        return {a: period.capability(a) for a in issue.stances}
    if rule == "gdp":
        return {a: issues.gdp.get(a, 0.0) for a in issue.stances}
    if rule == "file":
        return {a: s.capability or 0.0 for a, s in issue.stances.items()}
    table = capability_table(rule)
    return {a: table.get(a, 1.0) for a in issue.stances}


def issue_scenario(issue: Issue, capability: Mapping[str, float]) -> Scenario:
    """*issue* as a scenario on the 0..100 scale: the Commission and the Parliament carry their
    roles, and the qualified-majority share in force on the decision date is kept for the pivot
    model (``extra["qualified_majority"]``)."""
    period = council_period(issue.decided)
    actors = tuple(
        Actor(
            name=code.upper(),
            capability=capability[code],
            position=stance.position,
            salience=stance.salience,
            role=ROLES.get(code, ""),
        )
        for code, stance in issue.stances.items()
    )
    extra = {"qualified_majority": period.qualified_majority} if period else {}
    try:
        return Scenario(actors=actors, issue=f"isnr {issue.number}", scale=(0.0, 100.0), extra=extra)
    except ScenarioError as exc:
        raise ScenarioError(f"isnr {issue.number}: {exc}") from None
