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
    """Bargaining models by name, with the parameters each accepts.

    Parameters
    ----------
    names : str or sequence of str
        ``"all"``, a model's name (``eu``, ``median``, ``mean``, ``compromise``, ``pivot``) or
        several.
    **parameters
        ``rounds``, ``q``, ``t`` ...: each model takes those it knows.

    Returns
    -------
    list of BargainingModel

    Raises
    ------
    ScenarioError
        An unknown name.

    Examples
    --------
    >>> [model.name for model in models_named(["median", "compromise"])]
    ['median', 'compromise']
    """
    chosen = list(MODELS) if names == "all" else [names] if isinstance(names, str) else list(names)
    try:
        return [get_model(name, **parameters) for name in chosen]
    except ValueError as exc:  # an unknown name
        raise ScenarioError(str(exc)) from None


def changes_from(
    sets: Sequence[str] = (), drops: Sequence[str] = (), coalitions: Sequence[str] = ()
) -> list[Change]:
    """What-ifs from their command-line spelling.

    Parameters
    ----------
    sets : sequence of str
        ``ACTOR.position=V``, ``ACTOR.salience=V`` or ``ACTOR.capability=V``.
    drops : sequence of str
        Actors that leave the issue.
    coalitions : sequence of str
        ``A,B``: actors that make a deal and share a joint position.

    Returns
    -------
    list of Change

    Examples
    --------
    >>> [change.kind for change in changes_from(["TUR.salience=0.2"], ["EGY"], ["RUS,TUR"])]
    ['set', 'drop', 'coalition']
    """
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
    """Forecast a scenario with one bargaining model or all, and optionally a what-if.

    Parameters
    ----------
    source : Scenario or path
        A scenario, or its file: CSV (``Actor,Capability,Position,Salience``) or YAML.
    models : str or sequence of str
        ``"all"``, a model's name or several (:func:`models_named`).
    rounds : int, optional
        Rounds of moves for the ``eu`` model.
    q, t : float, optional
        The ``eu`` model's Q (the status quo holds) and T (a change goes my way).
    changes : sequence of Change or str
        What-ifs (``ACTOR.field=V``, or :func:`changes_from`'s); with them, each model's forecast
        of the changed scenario is compared with the baseline.
    calibration : Calibration or path, optional
        The intervals' and sides' calibration (default: the one shipped, fitted on the DEU
        decisions out of sample).

    Returns
    -------
    ScenarioRun
        ``scenario``, ``forecasts`` (one per model: the outcome, its 50% and 80% ``intervals``, the
        ``sides`` and the ``winner``'s, each actor's positions by round for ``eu``) and, with
        *changes*, ``whatifs`` (``baseline``, ``whatif`` and their ``difference``).

    Raises
    ------
    ScenarioError
        A scenario or what-if that cannot be used (the message names the row or actor).

    References
    ----------
    .. [1] Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In
       Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP.
    .. [2] Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's
       group decision model. *Journal of Theoretical Politics* 23(4), 510-531.
    .. [3] Lei, J., G'Sell, M., Rinaldo, A., Tibshirani, R. J. & Wasserman, L. (2018).
       Distribution-free predictive inference for regression. *Journal of the American
       Statistical Association* 113(523), 1094-1111 (the intervals).

    Examples
    --------
    >>> from importlib.resources import files
    >>> from multipolar.api import run_scenario
    >>> libya = files("multipolar") / "data" / "scenarios" / "libya-2019.yaml"
    >>> forecast = run_scenario(libya, "eu").forecasts[0]
    >>> [interval.level for interval in forecast.intervals]
    [0.5, 0.8]
    >>> run_scenario(libya, "median", changes=["TUR.salience=0.2"]).whatifs[0]["baseline"].model
    'median'
    """
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
    """Every model's errors against recorded outcomes, under each capability rule.

    Parameters
    ----------
    path : path
        Decided issues: the DEU III file (tab-separated) or an EU Decides export (``;``).
    models : str or sequence of str
        The models to score (default all).
    capability : str or sequence of str
        ``"auto"`` (every rule the file supports), a rule (``salience``, ``council``, ``gdp``,
        ``file``), a YAML file of capabilities, or several.
    rounds : int, optional
        Rounds of moves for the ``eu`` model.
    cv : bool
        Also out of sample, over *folds* folds of whole proposals: the pivot model cross-validated
        (``report.cv``), and every model's errors, intervals and sides on proposals held out of
        their calibration (``report.out_of_sample``, with the calibration fitted on all issues).
    folds : int
        Folds for *cv*.
    cv_capability : str, optional
        The rule for *cv* (default: council when the file has dates, else the first rule).
    progress, on_start : callable, optional
        ``on_start`` is told the number of steps, ``progress`` each step done.

    Returns
    -------
    BacktestReport
        ``n`` issues, ``scores`` (per model and rule, and the status quo as a baseline: MAE, RMSE,
        median error, by period, procedure and voting rule), ``skipped``, and with *cv* ``cv``
        and ``out_of_sample``; ``.to_dict()``, ``.frame()``.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from multipolar.api import run_backtest
    >>> sample = files("multipolar") / "data" / "scenarios" / "eu-decisions-sample.tsv"
    >>> report = run_backtest(sample, models=["median", "compromise"])
    >>> sorted({score.model for score in report.scores})
    ['compromise', 'median', 'status quo']
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
    """Chart every actor's position by round under a dynamic model.

    Parameters
    ----------
    source : Scenario or path
        A scenario or its file.
    out : path, optional
        The chart's path without suffix (folders are created); default: the scenario file's name
        and the model's, in the current folder.
    model : str
        A dynamic model (``eu``).
    rounds, q, t
        As for :func:`run_scenario`.

    Returns
    -------
    list of Path
        ``<out>.png`` and ``<out>.svg``.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from multipolar.api import run_scenario
    >>> libya = files("multipolar") / "data" / "scenarios" / "libya-2019.yaml"
    >>> from multipolar.api import plot_scenario
    >>> [path.name for path in plot_scenario(libya, "charts/libya")]
    ['libya.png', 'libya.svg']
    """
    from multipolar.forecast.plot import write_chart

    scenario = source if isinstance(source, Scenario) else read_scenario(source)
    chosen = models_named(model, rounds=rounds, q=q, t=t)[0]
    name = "scenario" if isinstance(source, Scenario) else Path(source).stem
    return write_chart(chosen.run(scenario), scenario, Path(out) if out else Path(f"{name}-{chosen.name}"))


def write_scenario(scenario: Scenario, path: str | Path, *, force: bool = False) -> Path:
    """Save a scenario as YAML (reading it back gives the same scenario).

    Parameters
    ----------
    scenario : Scenario
        A scenario (one drafted from a store: :meth:`multipolar.api.Corpus.draft_scenario`).
    path : path
        The file.
    force : bool
        Overwrite an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ScenarioError
        The file exists (without *force*) or cannot be written.

    Examples
    --------
    >>> from multipolar.api import write_scenario
    >>> with multipolar.open("multipolar-demo/demo.duckdb") as corpus:
    ...     drafted = corpus.draft_scenario(theatre="libya")
    >>> write_scenario(drafted, "libya.yaml").name
    'libya.yaml'
    """
    target = Path(path)
    if target.exists() and not force:
        raise ScenarioError(f"{target} exists: pass --force to overwrite, or --out another file")
    try:
        target.write_text(to_yaml(scenario), encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{target}: cannot write the scenario ({exc.strerror})") from None
    return target


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """A scenario as plain data, as its YAML file holds it.

    Examples
    --------
    >>> from multipolar.forecast import read_scenario
    >>> from importlib.resources import files
    >>> data = scenario_data(read_scenario(files("multipolar") / "data" / "scenarios" / "libya-2019.yaml"))
    >>> "actors" in data
    True
    """
    return yaml.safe_load(to_yaml(scenario))
