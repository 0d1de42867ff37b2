"""Bargaining forecasts from Python, as ``multipolar scenario`` runs them.

* :func:`run_scenario`: play a scenario (a file or a :class:`Scenario`) with one model or all,
  and optionally a what-if; returns a :class:`ScenarioRun` of plain objects. Every forecast
  comes with its calibrated intervals, its sides and the backtest's caveat
  (:mod:`multipolar.forecast.intervals`).
* :func:`run_backtest`: score the models on an issue file (:mod:`multipolar.forecast.issues`)
  under capability rules, optionally with the out-of-sample check over folds of proposals
  (the pivot model's cross-validation, every model's intervals and sides,
  :mod:`multipolar.forecast.calibrate`); returns a
  :class:`~multipolar.forecast.backtest.BacktestReport` (``.to_dict()``, ``.frame()``).
* :func:`plot_scenario`: a chart of positions by round; :func:`write_scenario`: a scenario (one
  drafted from a store by :meth:`multipolar.api.Corpus.draft_scenario`) saved as YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from multipolar.forecast.backtest import BacktestReport, backtest, cross_validate
from multipolar.forecast.base import BargainingModel, Forecast, check_rounds
from multipolar.forecast.calibrate import check_out_of_sample
from multipolar.forecast.capability import RULES, unavailable
from multipolar.forecast.intervals import Calibration, calibrate, load_calibration
from multipolar.forecast.issues import read_issues
from multipolar.forecast.models import MODELS, get_model
from multipolar.forecast.scenario import Scenario, ScenarioError, read_scenario, to_yaml
from multipolar.forecast.whatif import Change, apply_all, compare, parse_coalition, parse_set


@dataclass
class ScenarioRun:
    """A scenario's forecasts, one per model, and the what-if comparisons when changes were given."""

    scenario: Scenario
    forecasts: list[Forecast]
    whatifs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        if self.whatifs:
            return {
                "whatifs": [
                    {**w, "baseline": w["baseline"].to_dict(), "whatif": w["whatif"].to_dict()}
                    for w in self.whatifs
                ]
            }
        return {"forecasts": [f.to_dict() for f in self.forecasts]}


def models_named(names: str | Sequence[str] = "all", **parameters: Any) -> list[BargainingModel]:
    """Models by name (``"all"`` for every one), with the *parameters* each accepts."""
    chosen = list(MODELS) if names == "all" else [names] if isinstance(names, str) else list(names)
    try:
        return [get_model(name, **parameters) for name in chosen]
    except ValueError as exc:  # an unknown name
        raise ScenarioError(str(exc)) from None


def changes_from(
    sets: Sequence[str] = (), drops: Sequence[str] = (), coalitions: Sequence[str] = ()
) -> list[Change]:
    """What-ifs from their command-line spelling: ``ACTOR.field=V``, an actor to drop, ``A,B``."""
    return (
        [parse_set(s) for s in sets]
        + [Change("drop", (d,)) for d in drops]
        + [parse_coalition(c) for c in coalitions]
    )


def run_scenario(
    source: Scenario | str | Path,
    models: str | Sequence[str] = "all",
    *,
    rounds: int | None = None,
    q: float | None = None,
    t: float | None = None,
    changes: Sequence[Change | str] = (),
    calibration: Calibration | str | Path | None = None,
) -> ScenarioRun:
    """Forecast *source* with *models*; with *changes* (a :class:`Change` or ``ACTOR.field=V``),
    also the what-if and its difference from the baseline. Each forecast carries its intervals
    and sides from *calibration* (a :class:`Calibration`, a file of one, or by default the one
    shipped, fitted on the DEU decisions)."""
    scenario = source if isinstance(source, Scenario) else read_scenario(source)
    if rounds is not None:
        check_rounds(rounds)
    chosen = models_named(models, rounds=rounds, q=q, t=t)
    if not isinstance(calibration, Calibration):
        calibration = load_calibration(calibration)
    parsed = [c if isinstance(c, Change) else parse_set(c) for c in changes]
    if parsed:
        changed = apply_all(scenario, parsed)
        whatifs = [compare(m, scenario, parsed) for m in chosen]
        for w in whatifs:
            w["baseline"] = calibrate(w["baseline"], scenario, calibration)
            w["whatif"] = calibrate(w["whatif"], changed, calibration)
        return ScenarioRun(scenario, [w["baseline"] for w in whatifs], whatifs)
    return ScenarioRun(scenario, [calibrate(m.run(scenario), scenario, calibration) for m in chosen])


def run_backtest(
    path: str | Path,
    *,
    models: str | Sequence[str] = "all",
    capability: str | Sequence[str] = "auto",
    rounds: int | None = None,
    cv: bool = False,
    folds: int = 10,
    cv_capability: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BacktestReport:
    """Every model's errors on the issues of *path* under each capability rule.

    *capability* is ``"auto"`` (every rule the file supports), a rule name, a YAML file of
    capabilities, or a list of those. With *cv*, under *cv_capability* (default: council when the
    file has dates, else the first rule) and over *folds* folds of whole proposals: the pivot
    model is cross-validated (``report.cv``), and every model's errors, intervals and sides are
    measured on proposals held out of their calibration (``report.out_of_sample``, with the
    calibration fitted on all issues). *on_start* is told the number of steps, *progress* each
    step done.
    """
    if rounds is not None:
        check_rounds(rounds)
    chosen = models_named(models, rounds=rounds)
    issues = read_issues(path)
    if capability == "auto":
        rules = [rule for rule in RULES if unavailable(rule, issues) is None]
    else:
        rules = [capability] if isinstance(capability, str) else list(capability)
        for rule in rules:
            if reason := unavailable(rule, issues):
                raise ScenarioError(reason)
    if on_start:
        on_start(len(rules) * len(issues.issues))
    report = backtest(issues, chosen, rules, rounds, progress=progress)
    if cv:
        rule = cv_capability or ("council" if "council" in rules else rules[0])
        report.cv = cross_validate(issues, rule, folds)
        report.out_of_sample = check_out_of_sample(issues, chosen, rule, folds)
    return report


def plot_scenario(
    source: Scenario | str | Path,
    out: str | Path | None = None,
    model: str = "eu",
    *,
    rounds: int | None = None,
    q: float | None = None,
    t: float | None = None,
) -> list[Path]:
    """Chart every actor's position by round under *model* (a dynamic one: ``eu``), written as
    ``<out>.png`` and ``<out>.svg`` (folders created; default: the scenario file's name and the
    model's, in the current folder). Returns the paths written."""
    from multipolar.forecast.plot import write_chart

    scenario = source if isinstance(source, Scenario) else read_scenario(source)
    chosen = models_named(model, rounds=rounds, q=q, t=t)[0]
    name = "scenario" if isinstance(source, Scenario) else Path(source).stem
    return write_chart(chosen.run(scenario), scenario, Path(out) if out else Path(f"{name}-{chosen.name}"))


def write_scenario(scenario: Scenario, path: str | Path, *, force: bool = False) -> Path:
    """Write *scenario* as YAML to *path* (an existing file only with *force*); returns the path.
    Reading it back (:func:`multipolar.forecast.read_scenario`) gives the same scenario."""
    target = Path(path)
    if target.exists() and not force:
        raise ScenarioError(f"{target} exists: pass --force to overwrite, or --out another file")
    try:
        target.write_text(to_yaml(scenario), encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{target}: cannot write the scenario ({exc.strerror})") from None
    return target


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """*scenario* as plain data, as its YAML file holds it."""
    return yaml.safe_load(to_yaml(scenario))
