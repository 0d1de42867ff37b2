"""What-ifs: change a scenario, run the same model on both, and report the difference.

A change is one of

* ``ACTOR.position=V`` / ``ACTOR.salience=V`` / ``ACTOR.capability=V``: set one value;
* drop ``ACTOR``: the actor leaves the issue;
* coalition ``A,B``: a bilateral deal. Both actors take their capability-weighted joint
  position (c_A x_A + c_B x_B) / (c_A + c_B) and keep their own capability and salience.

Actors are named by name or registry id, in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from multipolar.forecast.base import BargainingModel, Forecast
from multipolar.forecast.scenario import Scenario, ScenarioError, make_actor, number

FIELDS = ("position", "salience", "capability")
_SET = re.compile(r"^\s*(?P<actor>.+?)\.(?P<field>[A-Za-z]+)\s*=\s*(?P<value>.+?)\s*$")


def set_value(scenario: Scenario, actor: str, field: str, value: float) -> Scenario:
    """*scenario* with one actor's *field* set to *value* (checked like a scenario file)."""
    if field not in FIELDS:
        raise ScenarioError(f"cannot set {field!r}: choose {', '.join(FIELDS)}")
    target = scenario.find(actor)
    values = {"capability": target.capability, "position": target.position, "salience": target.salience}
    values[field] = value
    changed = make_actor(
        f"--set {actor}.{field}", target.name, id=target.id, notes=target.notes, role=target.role, **values
    )
    return scenario.with_actors(changed if a is target else a for a in scenario.actors)


def drop(scenario: Scenario, actor: str) -> Scenario:
    """*scenario* without *actor*."""
    target = scenario.find(actor)
    return scenario.with_actors(a for a in scenario.actors if a is not target)


def coalition(scenario: Scenario, first: str, second: str) -> Scenario:
    """*scenario* after a bilateral deal: both actors move to their capability-weighted joint position."""
    a, b = scenario.find(first), scenario.find(second)
    if a is b:
        raise ScenarioError(f"a coalition needs two different actors, got {first!r} twice")
    total = a.capability + b.capability
    joint = (
        (a.capability * a.position + b.capability * b.position) / total
        if total
        else (a.position + b.position) / 2
    )
    return scenario.with_actors(replace(x, position=joint) if x in (a, b) else x for x in scenario.actors)


@dataclass(frozen=True, slots=True)
class Change:
    """One what-if, as typed on the command line."""

    kind: str  # "set", "drop" or "coalition"
    actors: tuple[str, ...]
    field: str = ""
    value: float = 0.0

    def apply(self, scenario: Scenario) -> Scenario:
        if self.kind == "set":
            return set_value(scenario, self.actors[0], self.field, self.value)
        if self.kind == "drop":
            return drop(scenario, self.actors[0])
        return coalition(scenario, *self.actors)

    def __str__(self) -> str:
        if self.kind == "set":
            return f"{self.actors[0]}.{self.field}={self.value:g}"
        if self.kind == "drop":
            return f"drop {self.actors[0]}"
        return f"coalition {'+'.join(self.actors)}"


def parse_set(text: str) -> Change:
    match = _SET.match(text)
    if not match:
        raise ScenarioError(f"--set {text!r}: expected ACTOR.FIELD=VALUE, e.g. TUR.salience=0.3")
    field = match["field"].lower()
    if field not in FIELDS:
        raise ScenarioError(f"--set {text!r}: cannot set {field!r}; choose {', '.join(FIELDS)}")
    return Change("set", (match["actor"],), field, number(match["value"], field, f"--set {text}"))


def parse_coalition(text: str) -> Change:
    members = tuple(m.strip() for m in text.split(",") if m.strip())
    if len(members) != 2:
        raise ScenarioError(f"--coalition {text!r}: expected two actors, e.g. RUS,TUR")
    return Change("coalition", members)


def apply_all(scenario: Scenario, changes: list[Change]) -> Scenario:
    for change in changes:
        scenario = change.apply(scenario)
    return scenario


def difference(baseline: Forecast, variant: Forecast) -> dict[str, Any]:
    """How the what-if moves the forecast and each actor's final position (variant - baseline)."""
    before, after = baseline.final_positions, variant.final_positions
    return {
        "forecast": variant.forecast - baseline.forecast,
        "positions": {name: (after[name] - before[name]) if name in after else None for name in before},
    }


def compare(
    model: BargainingModel, scenario: Scenario, changes: list[Change], rounds: int | None = None
) -> dict:
    """Run *model* on *scenario* and on *scenario* with *changes*; both forecasts and their difference."""
    baseline = model.run(scenario, rounds)
    variant = model.run(apply_all(scenario, changes), rounds)
    return {
        "changes": [str(c) for c in changes],
        "baseline": baseline,
        "whatif": variant,
        "difference": difference(baseline, variant),
    }
