"""Backtests: every model's error on decisions whose outcome is known, and a cross-validation.

:func:`backtest` runs each model under each capability rule (:mod:`multipolar.forecast.capability`)
on every issue of an :class:`~multipolar.forecast.issues.IssueFile` and scores the forecasts
against the recorded outcomes, with e_k = forecast_k - outcome_k over the n issues scored:

* MAE = mean |e_k|, RMSE = sqrt(mean e_k^2), median AE = the median of |e_k|;

overall, and by period (the decision's year: to 2004, 2005-2014, from 2015), procedure (COD, CNS)
and Council voting rule (QMV, Unan) where the file gives them. The status quo (the issue's
reference point, "nothing changes") is scored too, on the issues that have one.

:func:`cross_validate` estimates how the pivot model, whose weights are learned, does on issues it
was not fitted on: whole proposals are held out together (issues of one proposal are decided
together and share their actors' stances), K folds of proposals, each fitted on the others.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from multipolar.forecast.base import BargainingModel
from multipolar.forecast.capability import capabilities, issue_scenario
from multipolar.forecast.issues import Issue, IssueFile
from multipolar.forecast.pivot import COMPONENTS, component_matrix, default_parameters, fit_weights
from multipolar.forecast.scenario import Scenario, ScenarioError

STATUS_QUO = "status quo"
PERIODS = ("to 2004", "2005-2014", "from 2015")
GROUPS: dict[str, Callable[[Issue], str]] = {
    "period": lambda i: i.period,
    "procedure": lambda i: i.procedure,
    "rule": lambda i: i.rule,
}


def metrics(errors: Sequence[float]) -> dict[str, float | int]:
    """n, MAE, RMSE and median absolute error of signed *errors* (forecast - outcome)."""
    signed = [float(e) for e in errors]
    absolute = [abs(e) for e in signed]
    return {
        "n": len(absolute),
        "mae": statistics.fmean(absolute),
        "rmse": math.sqrt(statistics.fmean(e * e for e in signed)),
        "median_ae": float(statistics.median(absolute)),
    }


@dataclass(frozen=True)
class Score:
    """One model under one capability rule: its errors overall and by group."""

    model: str
    capability: str
    n: int
    mae: float
    rmse: float
    median_ae: float
    by: dict[str, dict[str, dict[str, float | int]]]
    seconds: float = 0.0  # mean run time per issue

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "capability": self.capability or None,
            "n": self.n,
            "mae": self.mae,
            "rmse": self.rmse,
            "median_ae": self.median_ae,
            "by": self.by,
        }


@dataclass
class BacktestReport:
    """What :func:`backtest` found: scores per model and rule, and every forecast made."""

    path: str
    n: int
    skipped: list[tuple[str, str]]
    scores: list[Score]
    predictions: list[dict[str, Any]] = field(default_factory=list)
    cv: CrossValidation | None = None
    out_of_sample: Any = None  # a multipolar.forecast.calibrate.OutOfSample, with cv

    def to_dict(self) -> dict[str, Any]:
        """``{"n", "skipped", "models": [{"model", "capability", "n", "mae", "rmse", "median_ae", "by"}]}``,
        with ``"cv"`` (the pivot model's folds) and ``"out_of_sample"`` (every model's errors,
        intervals and sides on held-out proposals) when a cross-validation was run."""
        data: dict[str, Any] = {
            "n": self.n,
            "skipped": len(self.skipped),
            "models": [s.to_dict() for s in self.scores],
        }
        if self.cv is not None:
            data["cv"] = self.cv.to_dict()
        if self.out_of_sample is not None:
            data["out_of_sample"] = self.out_of_sample.to_dict()
        return data

    def skip_summary(self) -> str:
        """The skipped issues counted by reason, e.g. ``11 no recorded outcome, 2 fewer than ...``."""
        return _counts(self.skipped)

    def frame(self) -> Any:
        """The forecasts as a pandas DataFrame, one row per issue, model and capability rule."""
        import pandas as pd

        return pd.DataFrame(self.predictions)


def _score(model: str, capability: str, rows: list[dict[str, Any]]) -> Score:
    by: dict[str, dict[str, dict[str, float | int]]] = {}
    for group in GROUPS:
        values = sorted(
            {r[group] for r in rows if r[group]},
            key=lambda v: (v not in PERIODS, PERIODS.index(v) if v in PERIODS else 0, v),
        )
        if values:
            by[group] = {v: metrics([r["error"] for r in rows if r[group] == v]) for v in values}
    overall = metrics([r["error"] for r in rows])
    seconds = statistics.fmean(r["seconds"] for r in rows)
    return Score(
        model,
        capability,
        int(overall["n"]),
        overall["mae"],
        overall["rmse"],
        overall["median_ae"],
        by,
        seconds,
    )


def _row(issue: Issue, capability: str, model: str, forecast: float, seconds: float) -> dict[str, Any]:
    return {
        "isnr": issue.number,
        "proposal": issue.proposal,
        **{group: key(issue) for group, key in GROUPS.items()},
        "capability": capability,
        "model": model,
        "forecast": forecast,
        "outcome": issue.outcome,
        "error": forecast - issue.outcome,
        "seconds": seconds,
    }


def backtest(
    issues: IssueFile,
    models: Sequence[BargainingModel],
    rules: Sequence[str],
    rounds: int | None = None,
    *,
    status_quo: bool = True,
    progress: Callable[[int], None] | None = None,
) -> BacktestReport:
    """Score *models* under each capability rule in *rules* on every issue (see the module docs).

    *progress*, when given, is called with the number of issues just done (one per issue and rule).
    """
    if not issues.issues:
        raise ScenarioError(
            f"{issues.path}: no issue with a recorded outcome and at least 3 actors to test on"
            + (f" (skipped: {_counts(issues.skipped)})" if issues.skipped else "")
        )
    predictions: list[dict[str, Any]] = []
    for rule in rules:
        for issue in issues.issues:
            scenario = issue_scenario(issue, capabilities(rule, issue, issues))
            for model in models:
                start = time.perf_counter()
                forecast = model.run(scenario, rounds).forecast
                predictions.append(_row(issue, rule, model.name, forecast, time.perf_counter() - start))
            if progress:
                progress(1)
    if status_quo:
        predictions += [
            _row(i, "", STATUS_QUO, i.status_quo, 0.0) for i in issues.issues if i.status_quo is not None
        ]
    keys = list(dict.fromkeys((r["model"], r["capability"]) for r in predictions))
    scores = [
        _score(m, c, [r for r in predictions if (r["model"], r["capability"]) == (m, c)]) for m, c in keys
    ]
    return BacktestReport(issues.path, len(issues.issues), list(issues.skipped), scores, predictions)


def _counts(skipped: list[tuple[str, str]]) -> str:
    counts: dict[str, int] = {}
    for _, reason in skipped:
        counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{n} {reason}" for reason, n in counts.items())


# -- cross-validation of the pivot model -------------------------------------------------------


@dataclass(frozen=True)
class Fold:
    """One fold: the proposals held out, the weights fitted on the rest, and the errors."""

    number: int
    proposals: int
    train: int
    test: int
    weights: tuple[float, float, float]
    mae_train: float  # in sample: the fitted issues
    mae_test: float  # out of sample: the held-out issues
    mae_test_compromise: float  # the compromise model on the same held-out issues

    def to_dict(self) -> dict[str, Any]:
        return {
            "fold": self.number,
            "proposals": self.proposals,
            "train": self.train,
            "test": self.test,
            "weights": dict(zip(COMPONENTS, self.weights, strict=True)),
            "mae_train": self.mae_train,
            "mae_test": self.mae_test,
            "mae_test_compromise": self.mae_test_compromise,
        }


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-sample errors of the pivot model, pooled over the folds, beside the compromise model's."""

    capability: str
    folds: tuple[Fold, ...]
    n: int
    out_of_sample: dict[str, float | int]  # the pivot model on held-out issues
    compromise: dict[str, float | int]  # the compromise model on the same issues (nothing fitted)
    in_sample: dict[str, float | int]  # the pivot model fitted on every issue, scored on them
    weights: tuple[float, float, float]  # fitted on every issue
    grouped_by: str = "proposal"

    def to_dict(self) -> dict[str, Any]:
        return {
            "capability": self.capability,
            "grouped_by": self.grouped_by,
            "n": self.n,
            "out_of_sample": self.out_of_sample,
            "compromise": self.compromise,
            "in_sample": self.in_sample,
            "weights": dict(zip(COMPONENTS, self.weights, strict=True)),
            "folds": [f.to_dict() for f in self.folds],
        }


def fold_of(groups: Sequence[str], folds: int, seed: int = 0) -> dict[str, int]:
    """Each distinct group's fold: the groups in sorted order, shuffled with *seed*, dealt round-robin."""
    distinct = sorted(set(groups))
    random.Random(seed).shuffle(distinct)
    return {g: k % folds for k, g in enumerate(distinct)}


def cross_validate(
    issues: IssueFile, capability: str = "council", folds: int = 10, seed: int = 0
) -> CrossValidation:
    """K-fold cross-validation of the pivot model, holding out whole proposals (see the module docs).

    Issues without a proposal number form a proposal of their own. No issue of a held-out
    proposal is seen when its fold's weights are fitted.
    """
    if folds < 2:
        raise ScenarioError(f"--folds must be at least 2, not {folds}")
    scenarios: list[Scenario] = [
        issue_scenario(i, capabilities(capability, i, issues)) for i in issues.issues
    ]
    share = float(default_parameters()["qualified_majority"])
    features = component_matrix(scenarios, share)
    outcomes = np.array([i.outcome for i in issues.issues], dtype=float)
    groups = [i.proposal or f"isnr {i.number}" for i in issues.issues]
    assignment = fold_of(groups, folds, seed)
    if len(set(assignment.values())) < folds:
        raise ScenarioError(f"{len(assignment)} proposals cannot fill {folds} folds: lower --folds")
    fold_index = np.array([assignment[g] for g in groups])
    predictions = np.empty_like(outcomes)
    done = []
    for k in range(folds):
        test = fold_index == k
        weights = fit_weights(features[~test], outcomes[~test])
        fitted = features @ np.array(weights)
        predictions[test] = fitted[test]
        done.append(
            Fold(
                number=k + 1,
                proposals=sum(1 for v in assignment.values() if v == k),
                train=int((~test).sum()),
                test=int(test.sum()),
                weights=weights,
                mae_train=float(np.abs(fitted[~test] - outcomes[~test]).mean()),
                mae_test=float(np.abs(fitted[test] - outcomes[test]).mean()),
                mae_test_compromise=float(np.abs(features[test, 0] - outcomes[test]).mean()),
            )
        )
    weights = fit_weights(features, outcomes)
    return CrossValidation(
        capability=capability,
        folds=tuple(done),
        n=len(outcomes),
        out_of_sample=metrics(list(predictions - outcomes)),
        compromise=metrics(list(features[:, 0] - outcomes)),
        in_sample=metrics(list(features @ np.array(weights) - outcomes)),
        weights=weights,
    )
