"""How sure a forecast is: calibrated intervals, the winner's side and the backtest's verdict.

**Intervals** are split conformal prediction intervals (Vovk, Gammerman & Shafer 2005,
*Algorithmic Learning in a Random World*; Lei, G'Sell, Rinaldo, Tibshirani & Wasserman 2018,
"Distribution-free predictive inference for regression", JASA 113) with a residual scale that
depends on the scenario ("locally weighted" conformal, Lei et al. section 5.2):

    scale(s) = spread + FLOOR x span,   spread = sum_i w_i |x_i - forecast| / sum_i w_i

the weighted mean distance of the actors' positions from the forecast, plus a floor of 5% of
the issue scale (so a scenario where everyone agrees still gets an interval). On decided issues
the score of each is |outcome - forecast| / scale; for level a, with n scores, the quantile q_a
is the ceil((n + 1) a)-th smallest. A new forecast's a-interval is forecast +- q_a x scale,
clipped to the issue scale. Where the actors are split the interval is wide, where they agree
it is narrow: on the DEU data, at nominal 80%, one constant width around the compromise model's
forecasts covers 90% of the third of issues with the least spread and 67% of the third with the
most; this scale covers 79% and 80% (docs/forecast.md).

The quantiles shipped (``data/scenarios/calibration.yaml``) were computed on the DEU data with
every issue's forecast made out of sample (a model that learns, the pivot model, fitted
without the issue's fold of proposals); :mod:`multipolar.forecast.calibrate` computes them and
measures the whole procedure on proposals held out of it.

**Sides**: :mod:`multipolar.forecast.sides`, with the coefficients shipped in the same file.

**Verdict**: a model whose out-of-sample error on those decisions is above the unweighted mean
of positions' (the yardstick: no better than ignoring capability and salience) carries a caveat.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from multipolar.forecast.base import Forecast, Interval
from multipolar.forecast.scenario import Scenario, ScenarioError, load_yaml, read_text
from multipolar.forecast.sides import FEATURES, sides

LEVELS = (0.5, 0.8)
FLOOR = 0.05  # share of the issue scale added to every scenario's spread
YARDSTICK = "mean"  # a model that does worse than the unweighted mean is not supported
CALIBRATION = "data/scenarios/calibration.yaml"


def spread(scenario: Scenario, forecast: float) -> float:
    """The capability x salience weighted mean distance of the positions from *forecast*."""
    total = sum(a.weight for a in scenario.actors)
    return sum(a.weight * abs(a.position - forecast) for a in scenario.actors) / total


def scale(scenario: Scenario, forecast: float) -> float:
    """The residual scale of a forecast on *scenario* (see the module documentation)."""
    low, high = scenario.bounds
    return spread(scenario, forecast) + FLOOR * (high - low)


def conformal_quantile(scores: Sequence[float], level: float) -> float:
    """The ceil((n + 1) level)-th smallest of *scores* (infinite when that is beyond n)."""
    ordered = sorted(scores)
    k = math.ceil((len(ordered) + 1) * level - 1e-9)
    return math.inf if k > len(ordered) else float(ordered[k - 1])


def interval(scenario: Scenario, forecast: float, quantile: float, level: float) -> Interval:
    """forecast +- quantile x scale, clipped to the issue scale."""
    low, high = scenario.bounds
    width = scale(scenario, forecast)
    reach = quantile * width if width > 0 else 0.0  # nothing to scale: all stand on one point
    return Interval(level, max(low, forecast - reach), min(high, forecast + reach))


@dataclass(frozen=True)
class ModelCalibration:
    """One model's calibration: interval quantiles by level, side coefficients, and its
    out-of-sample error on the issues it was calibrated on."""

    quantiles: Mapping[float, float]
    sides: tuple[float, ...]
    mae: float
    n: int
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mae": round(self.mae, 4),
            "quantiles": {float(k): round(v, 6) for k, v in self.quantiles.items()},
            "sides": list(self.sides),
            "parameters": dict(self.parameters),
        }


@dataclass(frozen=True)
class Calibration:
    """Every model's calibration and where it came from."""

    models: Mapping[str, ModelCalibration]
    source: str = ""
    capability: str = ""

    def verdict(self, model: str) -> str:
        """Empty when the backtest supports *model*; else why not, in one sentence."""
        mine, yardstick = self.models.get(model), self.models.get(YARDSTICK)
        if mine is None or yardstick is None or mine.mae <= yardstick.mae:
            return ""
        return (
            f"not supported by the backtest: on {mine.n} decided EU issues it misses by {mine.mae:.2f} "
            f"points out of sample, more than the unweighted mean of positions ({yardstick.mae:.2f}); "
            "see docs/forecast.md"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "capability": self.capability,
            "method": "split conformal, scale = weighted spread + 0.05 x span; sides: conditional logit",
            "floor": FLOOR,
            "levels": list(LEVELS),
            "models": {name: m.to_dict() for name, m in self.models.items()},
        }

    def to_yaml(self) -> str:
        header = (
            "# Calibration of the forecast intervals and sides (src/multipolar/forecast/intervals.py).\n"
            "# Written by: multipolar scenario backtest ../shared/benchmarks/deu/deu3.csv --cv proposals \\\n"
            "#   --calibration-out src/multipolar/data/scenarios/calibration.yaml\n"
            "# quantiles: conformal quantiles of |outcome - forecast| / scale, by level; sides: the\n"
            "# conditional logit's coefficients (closeness, weight, end); mae: out of sample.\n"
        )
        return header + yaml.safe_dump(self.to_dict(), sort_keys=False, width=100)


def read_calibration(data: Any, where: str = "calibration") -> Calibration:
    """A :class:`Calibration` from its mapping (:meth:`Calibration.to_dict`), checked: levels in
    (0, 1), quantiles >= 0 (infinite: the whole scale), finite side coefficients, one per feature."""
    try:
        models = {str(name): _model_calibration(m) for name, m in data["models"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ScenarioError(f"{where}: not a calibration ({exc})") from None
    return Calibration(models, str(data.get("source", "")), str(data.get("capability", "")))


def _model_calibration(m: Mapping[str, Any]) -> ModelCalibration:
    quantiles = {float(k): float(v) for k, v in m["quantiles"].items()}
    sides_ = tuple(float(v) for v in m["sides"])
    if not all(0 < k < 1 and (v >= 0) for k, v in quantiles.items()):  # NaN fails v >= 0
        raise ValueError(f"quantiles must be levels in (0, 1) with values >= 0, not {quantiles}")
    if len(sides_) != len(FEATURES) or not all(math.isfinite(v) for v in sides_):
        raise ValueError(f"sides must be {len(FEATURES)} finite numbers, not {list(sides_)}")
    return ModelCalibration(quantiles, sides_, float(m["mae"]), int(m["n"]), dict(m.get("parameters") or {}))


def load_calibration(path: str | Path | None = None) -> Calibration:
    """The calibration in *path* (YAML, read as scenario files are), or the one shipped."""
    if path is None:
        return shipped_calibration()
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: no such calibration file")
    return read_calibration(load_yaml(read_text(path), path.name), path.name)


@cache
def shipped_calibration() -> Calibration:
    text = resources.files("multipolar").joinpath(CALIBRATION).read_text("utf-8")
    return read_calibration(yaml.safe_load(text))


def calibrate(forecast: Forecast, scenario: Scenario, calibration: Calibration | None = None) -> Forecast:
    """*forecast* with its intervals, its sides and the backtest's caveat (see the module docs)."""
    calibration = calibration or shipped_calibration()
    mine = calibration.models.get(forecast.model)
    if mine is None:
        return replace(forecast, caveat=f"no calibration for the {forecast.model} model: no interval")
    intervals = tuple(
        interval(scenario, forecast.forecast, q, level) for level, q in sorted(mine.quantiles.items())
    )
    notes = [calibration.verdict(forecast.model)]
    changed = {
        k: (v, forecast.parameters.get(k))
        for k, v in mine.parameters.items()
        if k in forecast.parameters and not _same(v, forecast.parameters[k])
    }
    if changed:
        calibrated_for = ", ".join(f"{k}={v:g}" for k, (v, _) in changed.items())
        notes.append(f"calibrated with {calibrated_for}; this run differs, so read the intervals loosely")
    return replace(
        forecast,
        intervals=intervals,
        sides=sides(scenario, forecast.forecast, mine.sides),
        caveat="; ".join(n for n in notes if n),
    )


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(np.isclose(float(a), float(b)))
    except (TypeError, ValueError):
        return a == b
