"""Intervals and sides checked out of sample on decided issues, and the calibration they ship with.

The issues are dealt into K folds of whole proposals (:func:`~multipolar.forecast.backtest.fold_of`:
the issues of one proposal are decided together and share their actors' stances, so none may be
on both sides of a split). For each fold k in turn, everything is learned from the other folds
and scored on fold k:

* the **forecasts**: a model that learns (the pivot model) is fitted without fold k for the test
  issues; the *calibration* issues of another fold j get forecasts fitted without folds j and k,
  so that their residuals are out of sample too and fold k's outcomes reach nothing (nested
  cross-validation). Models that learn nothing forecast every issue the same way;
* the **interval quantiles** (:mod:`multipolar.forecast.intervals`) from the calibration
  issues' scores, applied to fold k's forecasts: coverage and width are measured there;
* the **side coefficients** (:mod:`multipolar.forecast.sides`) fitted on the calibration
  issues, scored on fold k: hit rate of the most probable camp, the multi-category Brier score
  sum_c (p_c - o_c)^2 (Brier 1950; o_c the share of camp c among the camps the outcome landed
  nearest), and a reliability table of the top probability;
* the **base rates**, each a rule that names a camp with the probability of its hit rate on the
  calibration issues and shares the rest evenly among the other camps: the status quo's camp
  (nearest the reference point, on issues that have one), the heaviest actor's camp (capability
  x salience), the Commission's camp, and every camp alike (no skill).

Issues with a single camp have no winner to call and are left out of the side scores (counted).
:func:`fit_calibration` computes what ships: every issue's forecast out of its own fold, the
quantiles and coefficients from all of them.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from multipolar.forecast.backtest import fold_of, metrics
from multipolar.forecast.base import BargainingModel
from multipolar.forecast.capability import capabilities, issue_scenario
from multipolar.forecast.intervals import (
    LEVELS,
    Calibration,
    ModelCalibration,
    conformal_quantile,
    scale,
    spread,
)
from multipolar.forecast.issues import Issue, IssueFile
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError
from multipolar.forecast.sides import camps, features, fit_sides, nearest, probabilities

BINS = 10  # reliability table: probabilities in tenths


class Forecaster:
    """A model's forecast of every issue when some folds are held out of its fit."""

    def __init__(
        self, model: BargainingModel, scenarios: Sequence[Scenario], outcomes: np.ndarray, fold: np.ndarray
    ) -> None:
        self.model, self.scenarios, self.outcomes, self.fold = model, scenarios, outcomes, fold
        self.learns = type(model).fit is not BargainingModel.fit
        self._fits: dict[frozenset[int], np.ndarray] = {}

    def without(self, folds: frozenset[int]) -> np.ndarray:
        """Every issue's forecast by the model fitted on the issues outside *folds*."""
        key = folds if self.learns else frozenset()
        if key not in self._fits:
            model = self.model
            if self.learns:
                keep = ~np.isin(self.fold, sorted(folds))
                train = [s for s, k in zip(self.scenarios, keep, strict=True) if k]
                model = model.fit(train, self.outcomes[keep])
            self._fits[key] = np.array([model.run(s).forecast for s in self.scenarios], dtype=float)
        return self._fits[key]

    def out_of_fold(self, rows: np.ndarray, also: frozenset[int] = frozenset()) -> np.ndarray:
        """The forecasts of issues *rows*, each fitted without its own fold (and *also*)."""
        return np.array([self.without(also | {int(self.fold[i])})[i] for i in rows])


@dataclass(frozen=True)
class Setting:
    """The decided issues as scenarios, their outcomes and their folds of proposals."""

    issues: list[Issue]
    scenarios: list[Scenario]
    outcomes: np.ndarray
    fold: np.ndarray
    folds: int
    camps: list[list[tuple[Actor, ...]]]

    @classmethod
    def of(cls, issues: IssueFile, capability: str, folds: int, seed: int = 0) -> Setting:
        if folds < 2:
            raise ScenarioError(f"--folds must be at least 2, not {folds}")
        scenarios = [issue_scenario(i, capabilities(capability, i, issues)) for i in issues.issues]
        groups = [i.proposal or f"isnr {i.number}" for i in issues.issues]
        assignment = fold_of(groups, folds, seed)
        if len(set(assignment.values())) < folds:
            raise ScenarioError(f"{len(assignment)} proposals cannot fill {folds} folds: lower --folds")
        return cls(
            list(issues.issues),
            scenarios,
            np.array([i.outcome for i in issues.issues], dtype=float),
            np.array([assignment[g] for g in groups]),
            folds,
            [camps(s) for s in scenarios],
        )

    def contested(self, rows: np.ndarray) -> np.ndarray:
        """The issues among *rows* with at least two camps."""
        return np.array([i for i in rows if len(self.camps[i]) > 1], dtype=int)


def _scores(setting: Setting, rows: np.ndarray, forecasts: np.ndarray) -> np.ndarray:
    """The conformity scores |outcome - forecast| / scale of issues *rows*."""
    pairs = zip(rows, forecasts, strict=True)
    return np.array([abs(setting.outcomes[i] - f) / scale(setting.scenarios[i], f) for i, f in pairs])


def _side_samples(
    setting: Setting, rows: np.ndarray, forecasts: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (features(setting.scenarios[i], f, setting.camps[i]), nearest(setting.camps[i], setting.outcomes[i]))
        for i, f in zip(rows, forecasts, strict=True)
    ]


def _brier(p: np.ndarray, target: np.ndarray) -> float:
    return float(((p - target) ** 2).sum())


@dataclass(frozen=True)
class ModelCheck:
    """One model out of sample: its errors, each interval's coverage and width, its sides' scores."""

    model: str
    errors: dict[str, float | int]
    intervals: list[dict[str, Any]]
    sides: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, **self.errors, "intervals": self.intervals, "winner": self.sides}


def check_model(setting: Setting, forecaster: Forecaster) -> ModelCheck:
    """A model's forecasts, intervals and sides scored fold by fold (see the module documentation)."""
    n = len(setting.outcomes)
    forecast = np.empty(n)
    low = {level: np.empty(n) for level in LEVELS}
    high = {level: np.empty(n) for level in LEVELS}
    top, hit, brier = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    for k in range(setting.folds):
        test, train = np.flatnonzero(setting.fold == k), np.flatnonzero(setting.fold != k)
        forecast[test] = forecaster.without(frozenset({k}))[test]
        calibration = forecaster.out_of_fold(train, also=frozenset({k}))
        scores = _scores(setting, train, calibration)
        for level in LEVELS:
            q = conformal_quantile(scores, level)
            for i in test:
                reach = q * scale(setting.scenarios[i], forecast[i])
                lo, hi = setting.scenarios[i].bounds
                low[level][i], high[level][i] = max(lo, forecast[i] - reach), min(hi, forecast[i] + reach)
        contested = setting.contested(train)
        keep = np.isin(train, contested)
        coefficients = fit_sides(_side_samples(setting, contested, calibration[keep]))
        for i in setting.contested(test):
            p = probabilities(features(setting.scenarios[i], forecast[i], setting.camps[i]), coefficients)
            target = nearest(setting.camps[i], setting.outcomes[i])
            best = int(np.argmax(p))
            top[i], hit[i], brier[i] = p[best], float(target[best] > 0), _brier(p, target)
    spreads = np.array([spread(s, f) for s, f in zip(setting.scenarios, forecast, strict=True)])
    return ModelCheck(
        forecaster.model.name,
        metrics(list(forecast - setting.outcomes)),
        [_interval_check(level, low[level], high[level], setting.outcomes, spreads) for level in LEVELS],
        _side_check(top, hit, brier),
    )


def _interval_check(
    level: float, low: np.ndarray, high: np.ndarray, outcomes: np.ndarray, spreads: np.ndarray
) -> dict[str, Any]:
    covered = (outcomes >= low - 1e-9) & (outcomes <= high + 1e-9)
    width = high - low
    cuts = np.quantile(spreads, [1 / 3, 2 / 3])
    third = np.digitize(spreads, cuts)
    labels = (f"spread < {cuts[0]:.1f}", f"{cuts[0]:.1f}-{cuts[1]:.1f}", f"> {cuts[1]:.1f}")
    return {
        "level": level,
        "coverage": float(covered.mean()),
        "mean_width": float(width.mean()),
        "by_spread": [
            {
                "spread": label,
                "n": int((third == t).sum()),
                "coverage": float(covered[third == t].mean()),
                "mean_width": float(width[third == t].mean()),
            }
            for t, label in enumerate(labels)
            if (third == t).any()
        ],
    }


def _side_check(top: np.ndarray, hit: np.ndarray, brier: np.ndarray) -> dict[str, Any]:
    scored = ~np.isnan(top)
    top, hit, brier = top[scored], hit[scored], brier[scored]
    bins = np.minimum((top * BINS).astype(int), BINS - 1)
    return {
        "n": int(scored.sum()),
        "hit_rate": float(hit.mean()),
        "brier": float(brier.mean()),
        "mean_probability": float(top.mean()),
        "reliability": [
            {
                "probability": f"{b / BINS:.1f}-{(b + 1) / BINS:.1f}",
                "n": int((bins == b).sum()),
                "mean_probability": float(top[bins == b].mean()),
                "hit_rate": float(hit[bins == b].mean()),
            }
            for b in range(BINS)
            if (bins == b).any()
        ],
    }


# -- base rates ---------------------------------------------------------------------------------


def _status_quo(setting: Setting, i: int) -> int | None:
    point = setting.issues[i].status_quo
    if point is None:
        return None
    return int(np.argmin([min(abs(a.position - point) for a in camp) for camp in setting.camps[i]]))


def _heaviest(setting: Setting, i: int) -> int | None:
    actor = max(setting.scenarios[i].actors, key=lambda a: (a.weight, a.capability))
    return next(k for k, camp in enumerate(setting.camps[i]) if actor in camp)


def _commission(setting: Setting, i: int) -> int | None:
    return next((k for k, camp in enumerate(setting.camps[i]) for a in camp if a.role == "commission"), None)


BASE_RATES: dict[str, Callable[[Setting, int], int | None]] = {
    "status quo": _status_quo,
    "heaviest actor": _heaviest,
    "commission": _commission,
    "every camp alike": lambda setting, i: None,
}


def check_base_rate(setting: Setting, rule: str) -> dict[str, Any]:
    """The base rate *rule* scored fold by fold, its probability learned on the other folds."""
    chooser = BASE_RATES[rule]
    named = {i: chooser(setting, i) for i in setting.contested(np.arange(len(setting.outcomes)))}
    alike = rule == "every camp alike"
    if not alike:
        named = {i: c for i, c in named.items() if c is not None}

    def won(i: int) -> bool:
        return bool(nearest(setting.camps[i], setting.outcomes[i])[named[i]] > 0)

    hits, briers = [], []
    for k in range(setting.folds):
        train = [i for i in named if setting.fold[i] != k]
        rate = None if alike or not train else statistics.fmean(won(i) for i in train)
        for i in (i for i in named if setting.fold[i] == k):
            target = nearest(setting.camps[i], setting.outcomes[i])
            p = np.full(len(target), 1 / len(target))
            if rate is not None:
                p = np.full(len(target), (1 - rate) / (len(target) - 1))
                p[named[i]] = rate
                hits.append(float(won(i)))
            briers.append(_brier(p, target))
    return {
        "rule": rule,
        "n": len(briers),
        "hit_rate": statistics.fmean(hits) if hits else None,
        "brier": statistics.fmean(briers) if briers else None,
    }


# -- the whole check, and the calibration that ships --------------------------------------------


@dataclass(frozen=True)
class OutOfSample:
    """Every model's out-of-sample record, the base rates, and the calibration fitted on all issues."""

    capability: str
    folds: int
    n: int
    contested: int
    models: list[ModelCheck]
    base_rates: list[dict[str, Any]]
    calibration: Calibration

    def to_dict(self) -> dict[str, Any]:
        return {
            "capability": self.capability,
            "grouped_by": "proposal",
            "folds": self.folds,
            "n": self.n,
            "contested": self.contested,
            "levels": list(LEVELS),
            "models": [m.to_dict() for m in self.models],
            "base_rates": self.base_rates,
            "calibration": self.calibration.to_dict(),
        }


def fit_calibration(
    setting: Setting, forecasters: Sequence[Forecaster], source: str, capability: str
) -> Calibration:
    """The quantiles and side coefficients from every issue, each forecast out of its own fold."""
    found = {}
    everything = np.arange(len(setting.outcomes))
    contested = setting.contested(everything)
    for forecaster in forecasters:
        model = forecaster.model
        forecasts = forecaster.out_of_fold(everything)
        scores = _scores(setting, everything, forecasts)
        found[model.name] = ModelCalibration(
            quantiles={level: conformal_quantile(scores, level) for level in LEVELS},
            sides=fit_sides(_side_samples(setting, contested, forecasts[contested])),
            mae=float(np.abs(forecasts - setting.outcomes).mean()),
            n=len(everything),
            parameters=model.parameters(),
        )
    return Calibration(found, source, capability)


def check_out_of_sample(
    issues: IssueFile,
    models: Sequence[BargainingModel],
    capability: str = "council",
    folds: int = 10,
    seed: int = 0,
) -> OutOfSample:
    """Every model's errors, intervals and sides on proposals held out, the base rates, and the
    calibration fitted on every issue (see the module documentation)."""
    setting = Setting.of(issues, capability, folds, seed)
    contested = setting.contested(np.arange(len(setting.outcomes)))
    forecasters = [Forecaster(m, setting.scenarios, setting.outcomes, setting.fold) for m in models]
    return OutOfSample(
        capability,
        folds,
        len(setting.outcomes),
        len(contested),
        [check_model(setting, f) for f in forecasters],
        [check_base_rate(setting, rule) for rule in BASE_RATES],
        fit_calibration(setting, forecasters, Path(issues.path).name, capability),
    )
