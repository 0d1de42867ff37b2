"""The pivot model: a compromise pulled towards the qualified-majority core and the parliament.

    forecast = a * compromise + b * core + c * parliament,   a, b, c >= 0,  a + b + c = 1

* compromise: the capability x salience weighted mean of all positions (the compromise model);
* core: the midpoint of the voting members' qualified-majority core [L, U]. With votes v_i (the
  members' capabilities; salience does not enter, a vote counts whether or not its holder cares)
  and the qualified-majority share q, L is the lowest position with at least (1 - q) of the
  votes at or below it and U the highest with at least (1 - q) at or above it: no coalition
  holding a share q of the votes lies wholly on one side of a point of [L, U], so a qualified
  majority cannot move a decision out of it. Members are the actors without a role;
* parliament: the position of the actor with ``role: parliament`` (it must consent under
  co-decision); without one, its weight goes to the compromise.

q is the scenario's ``qualified_majority`` (a backtest issue carries the Council's share on its
decision date), else the model's ``qualified_majority``. Because the weights sum to 1 and L and
U swap under a mirrored scale, relabelling the scale (x -> alpha + beta x) relabels the forecast
the same way.

The weights are learned from decided issues by least absolute deviation (:func:`fit_weights`,
an exhaustive search of the simplex); the defaults in ``data/scenarios/pivot-model.yaml`` were
fitted on the DEU data as docs/forecast.md describes, where the cross-validation that holds out
whole proposals is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from multipolar.forecast.base import BargainingModel, Forecast, weighted_mean
from multipolar.forecast.scenario import Scenario

COMPONENTS = ("compromise", "core", "parliament")


@cache
def default_parameters() -> dict[str, Any]:
    text = resources.files("multipolar").joinpath("data/scenarios/pivot-model.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def core(positions: Sequence[float], votes: Sequence[float], share: float) -> tuple[float, float]:
    """(L, U): the qualified-majority core of members at *positions* with *votes* (see above)."""
    order = sorted(range(len(positions)), key=lambda k: positions[k])
    total = sum(votes)
    blocking = (1 - share) * total - 1e-12 * max(total, 1.0)
    low = high = None
    running = 0.0
    for k in order:
        running += votes[k]
        if running >= blocking:
            low = positions[k]
            break
    running = 0.0
    for k in reversed(order):
        running += votes[k]
        if running >= blocking:
            high = positions[k]
            break
    assert low is not None and high is not None  # the whole membership blocks
    return low, high


def components(scenario: Scenario, share: float) -> tuple[float, float, float | None]:
    """The compromise, the core's midpoint and the parliament's position (None without one)."""
    actors = scenario.actors
    compromise = weighted_mean([a.position for a in actors], [a.weight for a in actors])
    members = [a for a in actors if not a.role and a.capability > 0]
    if members:
        low, high = core([a.position for a in members], [a.capability for a in members], share)
        middle = (low + high) / 2
    else:
        middle = compromise
    parliament = next((a.position for a in actors if a.role == "parliament"), None)
    return compromise, middle, parliament


@dataclass
class PivotModel(BargainingModel):
    """a x compromise + b x qualified-majority core + c x parliament (weights summing to 1)."""

    compromise: float | None = None
    core: float | None = None
    parliament: float | None = None
    qualified_majority: float | None = None

    name = "pivot"

    def __post_init__(self) -> None:
        defaults = default_parameters()
        for key in COMPONENTS:
            if getattr(self, key) is None:
                setattr(self, key, float(defaults["weights"][key]))
        if self.qualified_majority is None:
            self.qualified_majority = float(defaults["qualified_majority"])
        weights = self.weights
        if min(weights) < 0 or not np.isclose(sum(weights), 1):
            raise ValueError(f"pivot weights must be >= 0 and sum to 1, not {weights}")
        if not 0.5 <= self.qualified_majority <= 1:
            raise ValueError(f"qualified_majority must be within 0.5..1, not {self.qualified_majority:g}")

    @property
    def weights(self) -> tuple[float, float, float]:
        return (float(self.compromise), float(self.core), float(self.parliament))  # type: ignore[arg-type]

    def parameters(self) -> dict[str, Any]:
        return {
            **dict(zip(COMPONENTS, self.weights, strict=True)),
            "qualified_majority": self.qualified_majority,
        }

    def fit(self, scenarios: Sequence[Scenario], outcomes: Sequence[float]) -> PivotModel:
        """A copy with the weights fitted on *scenarios* and their *outcomes* (:func:`fit_weights`)."""
        features = component_matrix(scenarios, float(self.qualified_majority))  # type: ignore[arg-type]
        a, b, c = fit_weights(features, np.asarray(outcomes, dtype=float))
        return replace(self, compromise=a, core=b, parliament=c)

    def share(self, scenario: Scenario) -> float:
        return float(scenario.extra.get("qualified_majority", self.qualified_majority))

    def run(self, scenario: Scenario, rounds: int | None = None) -> Forecast:
        compromise, middle, parliament = components(scenario, self.share(scenario))
        a, b, c = self.weights
        forecast = a * compromise + b * middle + c * (compromise if parliament is None else parliament)
        return Forecast(
            model=self.name,
            forecast=float(forecast),
            initial={a.name: a.position for a in scenario.actors},
            parameters=self.parameters(),
        )


def component_matrix(scenarios: Sequence[Scenario], share: float) -> np.ndarray:
    """One row per scenario: compromise, core midpoint, parliament (the compromise without one)."""
    rows = []
    for scenario in scenarios:
        compromise, middle, parliament = components(
            scenario, float(scenario.extra.get("qualified_majority", share))
        )
        rows.append((compromise, middle, compromise if parliament is None else parliament))
    return np.array(rows, dtype=float).reshape(-1, 3)


def simplex(n: int, around: np.ndarray | None = None) -> np.ndarray:
    """Every (a, b, c) >= 0 with a + b + c = 1 in steps of 1/n; with *around*, only those within
    10 steps of it in each weight."""
    if around is None:
        ranges = range(n + 1), lambda i: range(n + 1 - i)
    else:
        centre = np.round(np.asarray(around) * n).astype(int)
        ranges = (
            range(max(0, centre[0] - 10), min(n, centre[0] + 10) + 1),
            lambda i: range(max(0, centre[1] - 10), min(n - i, centre[1] + 10) + 1),
        )
    points = [(i, j, n - i - j) for i in ranges[0] for j in ranges[1](i)]
    if around is not None:
        points = [p for p in points if abs(p[2] - centre[2]) <= 10]
    return np.array(points, dtype=float) / n


def fit_weights(features: np.ndarray, outcomes: np.ndarray) -> tuple[float, float, float]:
    """The weights (a, b, c) on the simplex with the least mean absolute error.

    Exhaustive: every point of a 0.01 grid, then every point of a 0.001 grid within 0.01 of the
    best; the first of equals wins, so the fit is deterministic.
    """
    if len(outcomes) == 0:
        raise ValueError("no issues to fit the pivot model on")
    grid = simplex(100)
    best = grid[np.argmin(np.abs(features @ grid.T - outcomes[:, None]).mean(axis=0))]
    fine = simplex(1000, around=best)
    best = fine[np.argmin(np.abs(features @ fine.T - outcomes[:, None]).mean(axis=0))]
    a, b, c = (round(float(v), 3) for v in best)
    return a, b, c
