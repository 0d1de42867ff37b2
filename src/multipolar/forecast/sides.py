"""The winner's side: which camp's position the outcome lands nearest, with a probability.

A **camp** is a run of actors whose neighbouring positions lie within ``GAP`` (a tenth) of the
issue scale of each other: single linkage along the scale, so it does not depend on the scale's
direction. The outcome *lands nearest* the camp holding the position closest to it (several
camps when they tie).

The probability that the outcome lands nearest camp c is a conditional logit over the issue's
camps (McFadden 1974), P(c) = exp(b . f_c) / sum_k exp(b . f_k), with three features of c:

* ``closeness``: sqrt(d_c), d_c the distance from the model's forecast to the camp's nearest
  member as a share of the scale (outcomes fall near the forecast, but a camp 0.1 away is far
  less likely than one on top of it, and 0.5 hardly less than 0.4: hence the square root);
* ``weight``: log of the camp's share of capability x salience (floored at 0.001);
* ``end``: 1 when the camp holds the lowest or the highest position of the issue (decisions
  often go all the way to one side: on the DEU data the outcome sits at 0 or 100 on 31% of issues).

The coefficients b are fitted by maximum likelihood (:func:`fit_sides`, Newton's method with a
small ridge penalty so that it is deterministic and finite) on decided issues; the ones shipped
are fitted per model on the DEU data (:mod:`multipolar.forecast.calibrate`), and the backtest
measures the probabilities on proposals held out of the fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from multipolar.forecast.base import Side
from multipolar.forecast.scenario import Actor, Scenario

GAP = 0.1  # neighbouring positions within a tenth of the scale belong to one camp
FEATURES = ("closeness", "weight", "end")
MIN_SHARE = 0.001  # the weight share's floor, so an actor without weight keeps a finite feature
RIDGE = 0.01


def camps(scenario: Scenario, gap: float = GAP) -> list[tuple[Actor, ...]]:
    """The scenario's camps, lowest first (see the module documentation)."""
    low, high = scenario.bounds
    ordered = sorted(scenario.actors, key=lambda a: (a.position, a.name))
    groups: list[list[Actor]] = [[ordered[0]]]
    for actor in ordered[1:]:
        if actor.position - groups[-1][-1].position > gap * (high - low):
            groups.append([actor])
        else:
            groups[-1].append(actor)
    return [tuple(group) for group in groups]


def _distance(camp: Sequence[Actor], point: float) -> float:
    return min(abs(a.position - point) for a in camp)


def features(scenario: Scenario, forecast: float, groups: Sequence[Sequence[Actor]]) -> np.ndarray:
    """One row per camp: closeness, weight and end (see the module documentation)."""
    low, high = scenario.bounds
    span = (high - low) or 1.0
    total = sum(a.weight for a in scenario.actors)
    ends = {min(a.position for a in scenario.actors), max(a.position for a in scenario.actors)}
    return np.array(
        [
            (
                math.sqrt(_distance(camp, forecast) / span),
                math.log(max(sum(a.weight for a in camp) / total, MIN_SHARE)),
                float(any(a.position in ends for a in camp)),
            )
            for camp in groups
        ],
        dtype=float,
    ).reshape(-1, len(FEATURES))


def nearest(groups: Sequence[Sequence[Actor]], outcome: float) -> np.ndarray:
    """The camps the *outcome* lands nearest, as shares summing to 1 (split evenly on a tie)."""
    distance = np.array([_distance(camp, outcome) for camp in groups])
    hits = distance <= distance.min() + 1e-9
    return hits / hits.sum()


def probabilities(rows: np.ndarray, coefficients: Sequence[float]) -> np.ndarray:
    """The conditional logit's probability for each camp (row of *rows*)."""
    z = rows @ np.asarray(coefficients, dtype=float)
    p = np.exp(z - z.max())
    return p / p.sum()


def fit_sides(samples: Sequence[tuple[np.ndarray, np.ndarray]], ridge: float = RIDGE) -> tuple[float, ...]:
    """Coefficients maximising sum log P(winner) - ridge |b|^2 / 2 over *samples*, each (camp
    features, the camps the outcome landed nearest as shares). Newton's method from 0: the
    objective is concave, so it converges to the one maximum."""
    b = np.zeros(len(FEATURES))
    for _ in range(50):
        gradient = -ridge * b
        hessian = -ridge * np.eye(len(b))
        for rows, target in samples:
            p = probabilities(rows, b)
            mean = rows.T @ p
            gradient += rows.T @ (target - p)
            hessian -= (rows.T * p) @ rows - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        b = b - step
        if np.abs(step).max() < 1e-10:
            break
    return tuple(round(float(v), 6) for v in b)


def sides(scenario: Scenario, forecast: float, coefficients: Sequence[float]) -> tuple[Side, ...]:
    """The scenario's camps with the probability that the outcome lands nearest each, most
    probable first (ties: the lower camp first)."""
    groups = camps(scenario)
    p = probabilities(features(scenario, forecast, groups), coefficients)
    found = [
        Side(
            actors=tuple(a.name for a in camp),
            low=min(a.position for a in camp),
            high=max(a.position for a in camp),
            probability=float(prob),
        )
        for camp, prob in zip(groups, p, strict=True)
    ]
    return tuple(sorted(found, key=lambda s: -s.probability))
