"""CLI: ``multipolar scenario run|plot|draft|backtest`` - bargaining forecasts, what-ifs and backtests.

A thin layer over :mod:`multipolar.forecast.api`: the commands parse options, call the same
functions the Python API offers, and print what they return.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    UserError,
    emit,
    friendly,
    is_terminal,
    say,
    stderr,
    stdout,
)
from multipolar.cli.stores import StoreOption, open_for, store_location
from multipolar.forecast.api import ScenarioRun, changes_from, run_backtest, run_scenario
from multipolar.forecast.backtest import GROUPS, BacktestReport, CrossValidation
from multipolar.forecast.base import MAX_ROUNDS, Forecast, Side
from multipolar.forecast.calibrate import OutOfSample
from multipolar.forecast.models import MODELS, get_model
from multipolar.forecast.scenario import Scenario, ScenarioError, read_scenario, to_yaml
from multipolar.show.formats import markup_safe

P = ParamSpec("P")
R = TypeVar("R")

ModelName = StrEnum("ModelName", {name: name for name in [*MODELS, "all"]})  # type: ignore[misc]


class CrossValidationBy(StrEnum):
    proposals = "proposals"


ScenarioFile = Annotated[
    Path, typer.Argument(help="Scenario file: CSV (Actor,Capability,Position,Salience) or YAML.")
]
ModelOption = Annotated[ModelName, typer.Option("--model", "-m", help="Bargaining model, or all of them.")]
RoundsOption = Annotated[
    int | None,
    typer.Option(
        "--rounds", "-n", min=0, max=MAX_ROUNDS, help="Rounds of moves for the eu model (default 8)."
    ),
]
QOption = Annotated[float | None, typer.Option("--q", min=0, max=1, help="eu model: Q, P(status quo holds).")]
TOption = Annotated[
    float | None, typer.Option("--t", min=0, max=1, help="eu model: T, P(change goes my way).")
]

sub = typer.Typer(
    help="Bargaining forecasts: run scenarios and what-ifs, plot them, draft them from the store, backtest.",
    no_args_is_help=True,
)


def scenario_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Report a bad scenario or what-if as a one-line user error."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            raise UserError(str(exc)) from None

    return wrapper


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _position_rows(forecast: Forecast) -> list[dict[str, Any]]:
    rows = []
    for name, start in forecast.initial.items():
        row = {"actor": name, "start": _fmt(start)}
        row.update({f"r{r.round}": _fmt(r.positions[name]) for r in forecast.rounds})
        rows.append(row)
    for label in ("median", "mean"):
        row = {"actor": f"({label})", "start": ""}
        row.update({f"r{r.round}": _fmt(getattr(r, label)) for r in forecast.rounds})
        rows.append(row)
    return rows


def _offer_rows(forecast: Forecast) -> list[dict[str, Any]]:
    return [
        {
            "round": r.round,
            "actor": o.receiver,
            "accepts": o.kind,
            "from": o.proposer,
            "moves to": _fmt(o.position),
            "EU proposer": f"{o.eu_proposer:.3f}",
            "EU actor": f"{o.eu_receiver:.3f}",
        }
        for r in forecast.rounds
        for o in r.offers
    ]


def _intervals(forecast: Forecast, before: Forecast | None = None) -> str:
    """``intervals: 50% 36.7-76.2, 80% 20.0-92.9`` (with a baseline, ``36.7-76.2 -> 44.1-80.2``)."""
    parts = []
    for k, i in enumerate(forecast.intervals):
        was = before.intervals[k] if before and k < len(before.intervals) else None
        span = f"{was.low:.1f}-{was.high:.1f} -> " if was else ""
        parts.append(f"{i.level:.0%} {span}{i.low:.1f}-{i.high:.1f}")
    return "intervals: " + ", ".join(parts)


def _side(side: Side, names: int | None = None) -> str:
    actors = list(side.actors)
    if names is not None and len(actors) > names:
        actors = actors[:names] + [f"{len(actors) - names} more"]
    where = f"{side.low:g}" if side.low == side.high else f"{side.low:g}-{side.high:g}"
    listed = ", ".join(actors[:-1]) + " and " + actors[-1] if len(actors) > 1 else actors[0]
    return f"{markup_safe(listed)} ({where}) {side.probability:.0%}"


def _print_certainty(forecast: Forecast, before: Forecast | None = None) -> None:
    """The forecast's intervals, its winner's side and the backtest's caveat, indented."""
    if forecast.intervals:
        stdout.print(f"  {_intervals(forecast, before)}", highlight=False)
    if forecast.winner:
        others = "; ".join(_side(s, names=3) for s in forecast.sides[1:])
        stdout.print(
            f"  winner's side: {_side(forecast.winner)}" + (f"; then {others}" if others else ""),
            highlight=False,
        )
    if forecast.caveat:
        stdout.print(f"  [yellow]{markup_safe(forecast.caveat)}[/]", highlight=False)


def _print_forecast(forecast: Forecast, scenario: Scenario, verbose: bool) -> None:
    params = ", ".join(f"{k}={v:g}" for k, v in forecast.parameters.items())
    stdout.print(
        f"[bold]{forecast.model}[/] model on {markup_safe(scenario.issue or 'the scenario')}: "
        f"forecast [bold]{forecast.forecast:.2f}[/]" + (f" ({params})" if params else ""),
        highlight=False,
    )
    _print_certainty(forecast)
    if forecast.rounds:
        emit(None, Format.table, rows=_position_rows(forecast), title="Positions by round")
        made = sum(sum(r.made.values()) for r in forecast.rounds)
        offers = _offer_rows(forecast)
        title = f"Offers accepted ({len(offers)} of {made} made)"
        if verbose and offers:
            emit(None, Format.table, rows=offers, title=title)
        else:
            stdout.print(title + ("" if verbose or not offers else ": --verbose lists them"), highlight=False)


def _csv_rows(forecast: Forecast) -> list[dict[str, Any]]:
    rows = [
        {"model": forecast.model, "round": 0, "actor": a, "position": x} for a, x in forecast.initial.items()
    ]
    rows += [
        {"model": forecast.model, "round": r.round, "actor": a, "position": x}
        for r in forecast.rounds
        for a, x in r.positions.items()
    ]
    return rows


def _print_whatif(result: dict[str, Any], show_all: bool) -> None:
    base, variant, diff = result["baseline"], result["whatif"], result["difference"]
    stdout.print(
        f"[bold]{base.model}[/] model, what-if {markup_safe('; '.join(result['changes']))}: forecast "
        f"{base.forecast:.2f} -> [bold]{variant.forecast:.2f}[/] ({diff['forecast']:+.2f})",
        highlight=False,
    )
    _print_certainty(variant, base)
    after = variant.final_positions
    rows = [
        {
            "actor": name,
            "baseline": _fmt(before),
            "what-if": _fmt(after.get(name)),
            "change": "dropped" if diff["positions"][name] is None else f"{diff['positions'][name]:+.2f}",
        }
        for name, before in base.final_positions.items()
        if show_all or diff["positions"][name] is None or abs(diff["positions"][name]) >= 0.005
    ]
    label = "final positions" if base.rounds else "positions"
    if rows:
        title = f"{label.capitalize()}: baseline and what-if" + ("" if show_all else " (actors that moved)")
        emit(None, Format.table, rows=rows, title=title)
    elif base.rounds:
        stdout.print(f"no actor's {label[:-1]} changed (--all lists every actor)", highlight=False)


@sub.command("run")
@friendly
@scenario_errors
def run(
    file: ScenarioFile,
    model: ModelOption = ModelName.eu,  # type: ignore[attr-defined]
    rounds: RoundsOption = None,
    fmt: FormatOption = Format.table,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="What-if: ACTOR.position=V, ACTOR.salience=V or ACTOR.capability=V."),
    ] = None,
    drops: Annotated[
        list[str] | None, typer.Option("--drop", help="What-if: ACTOR leaves the issue.")
    ] = None,
    coalitions: Annotated[
        list[str] | None,
        typer.Option("--coalition", help="What-if: A,B make a deal and share a joint position."),
    ] = None,
    q: QOption = None,
    t: TOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="What-if: list every actor, not only those whose position moved.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="eu model: list every offer taken.")
    ] = False,
    calibration: Annotated[
        Path | None,
        typer.Option(
            "--calibration",
            help="Calibration YAML for the intervals and sides (default: the one fitted on the DEU "
            "decisions; write your own with 'backtest --cv proposals --calibration-out').",
        ),
    ] = None,
) -> None:
    """Forecast a scenario: the outcome with its 50% and 80% intervals and the side it most
    probably lands nearest, and, for the eu model, every actor's position by round.

    With --set, --drop or --coalition, run the what-if too and print its difference from the baseline.
    """
    changes = changes_from(sets or (), drops or (), coalitions or ())
    result: ScenarioRun = run_scenario(
        file, model.value, rounds=rounds, q=q, t=t, changes=changes, calibration=calibration
    )
    if result.whatifs:
        if fmt is Format.table:
            for whatif in result.whatifs:
                _print_whatif(whatif, show_all)
            return
        data = result.to_dict()["whatifs"]
        csv_rows = [
            {"model": w["baseline"].model, "actor": a, "change": d}
            for w in result.whatifs
            for a, d in w["difference"]["positions"].items()
        ]
        emit(data[0] if len(data) == 1 else data, fmt, rows=csv_rows)
        return
    if fmt is Format.table:
        for forecast in result.forecasts:
            _print_forecast(forecast, result.scenario, verbose)
        return
    data = [f.to_dict() for f in result.forecasts]
    emit(
        data[0] if len(data) == 1 else data, fmt, rows=[row for f in result.forecasts for row in _csv_rows(f)]
    )


@sub.command("plot")
@friendly
@scenario_errors
def plot(
    file: ScenarioFile,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Chart path without suffix (default: FILE's name + model); folders are created.",
        ),
    ] = None,
    model: Annotated[str, typer.Option("--model", "-m", help="A dynamic model (eu).")] = "eu",
    rounds: RoundsOption = None,
    q: QOption = None,
    t: TOption = None,
) -> None:
    """Write a chart of positions by round, as PNG and SVG."""
    from multipolar.forecast.plot import write_chart

    scenario = read_scenario(file)
    try:
        chosen = get_model(model, rounds=rounds, q=q, t=t)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    stem = out or Path(f"{file.stem}-{chosen.name}")
    for path in write_chart(chosen.run(scenario), scenario, stem):
        stdout.print(f"wrote {markup_safe(str(path))}", highlight=False)


@sub.command("draft")
@friendly
@scenario_errors
def draft(
    pole_a: Annotated[str, typer.Option("--pole-a", help="Actor id placed at 0 (e.g. LBY-GNA).")],
    pole_b: Annotated[str, typer.Option("--pole-b", help="Actor id placed at 100 (e.g. LBY-LAAF).")],
    db: DbOption = None,
    store: StoreOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="YAML to write (default scenario-A-B.yaml).")
    ] = None,
    issue: Annotated[str, typer.Option("--issue", help="The issue's name.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Propose a scenario from the stored event network; edit the YAML it writes, then run it."""
    from multipolar.forecast.draft import draft_scenario
    from multipolar.store import StoreError

    path, parquet = store_location(db, store)
    if not (path.is_dir() if parquet else path.is_file()):
        raise UserError(f"{path}: no such store (ingest documents first, or pass --db or --store)")
    try:
        with open_for(db, store) as source:
            events = source.events()
            names = {row["id"]: row["name"] for row in source.actors() if row.get("name")}
    except StoreError as exc:
        raise UserError(str(exc)) from None
    scenario = draft_scenario(events, pole_a, pole_b, names, issue=issue)
    target = out or Path(f"scenario-{pole_a}-{pole_b}.yaml".lower())
    if target.exists() and not force:
        raise UserError(f"{target} exists: pass --force to overwrite, or --out another file")
    target.write_text(to_yaml(scenario), encoding="utf-8")
    rows = [
        {
            "actor": a.key,
            "position": f"{a.position:g}",
            "salience": f"{a.salience:g}",
            "capability": f"{a.capability:g}",
        }
        for a in scenario.actors
    ]
    emit(None, Format.table, rows=rows, title=f"Draft scenario: {scenario.issue}")
    stdout.print(
        f"wrote {markup_safe(str(target))}: review every value (capabilities are defaults), then "
        f"`multipolar scenario run {markup_safe(str(target))}`",
        highlight=False,
    )


def _progress() -> tuple[Progress | None, Callable[[int], None] | None, Callable[[int], None] | None]:
    """A progress bar on a terminal (and the callbacks that drive it); nothing when piped."""
    if not is_terminal():
        return None, None, None
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )
    task = bar.add_task("backtesting", total=None)
    return bar, lambda total: bar.update(task, total=total), lambda done: bar.advance(task, done)


def _score_rows(report: BacktestReport) -> list[dict[str, Any]]:
    return [
        {
            "model": s.model,
            "capability": s.capability or "-",
            "n": s.n,
            "MAE": f"{s.mae:.2f}",
            "RMSE": f"{s.rmse:.2f}",
            "median AE": f"{s.median_ae:.2f}",
            "ms/issue": f"{1000 * s.seconds:.2f}" if s.seconds else "",
        }
        for s in report.scores
    ]


def _group_rows(report: BacktestReport) -> list[dict[str, Any]]:
    """One row per model and rule, one MAE column per group value (with its n in the heading)."""
    columns: dict[tuple[str, str], str] = {}
    for score in report.scores:
        for group, values in score.by.items():
            for value, m in values.items():
                if score.model != "status quo":
                    columns.setdefault((group, value), f"{value} ({m['n']})")
    rows = []
    for score in report.scores:
        row: dict[str, Any] = {"model": score.model, "capability": score.capability or "-"}
        for (group, value), label in columns.items():
            m = score.by.get(group, {}).get(value)
            row[label] = f"{m['mae']:.2f}" if m else ""
        rows.append(row)
    return rows if columns else []


def _long_rows(report: BacktestReport) -> list[dict[str, Any]]:
    rows = []
    for s in report.scores:
        base = {"model": s.model, "capability": s.capability}
        rows.append(
            {
                **base,
                "group": "all",
                "value": "",
                "n": s.n,
                "mae": s.mae,
                "rmse": s.rmse,
                "median_ae": s.median_ae,
            }
        )
        for group, values in s.by.items():
            rows += [{**base, "group": group, "value": v, **m} for v, m in values.items()]
    return rows


def _print_cv(cv: CrossValidation) -> None:
    rows = [
        {
            "fold": f.number,
            "proposals": f.proposals,
            "test/train": f"{f.test}/{f.train}",
            "weights": "/".join(f"{w:.2f}" for w in f.weights),
            "MAE in": f"{f.mae_train:.2f}",
            "MAE out": f"{f.mae_test:.2f}",
            "compromise": f"{f.mae_test_compromise:.2f}",
        }
        for f in cv.folds
    ]
    title = (
        f"Pivot model cross-validated on {len(cv.folds)} folds of whole proposals ({cv.capability} "
        "capabilities): weights compromise/core/parliament fitted on the other folds, MAE in sample "
        "(fitted issues) and out (held-out issues), compromise model on the held-out issues"
    )
    emit(None, Format.table, rows=rows, title=title)
    stdout.print(
        f"out of sample: MAE {cv.out_of_sample['mae']:.2f}, RMSE {cv.out_of_sample['rmse']:.2f} "
        f"on {cv.n} issues (compromise on the same issues: MAE {cv.compromise['mae']:.2f}, nothing fitted)\n"
        f"in sample (fitted on all {cv.n}): MAE {cv.in_sample['mae']:.2f} with weights compromise "
        f"{cv.weights[0]:.3f}, core {cv.weights[1]:.3f}, parliament {cv.weights[2]:.3f}",
        highlight=False,
    )


def _print_out_of_sample(oos: OutOfSample) -> None:
    """Every model's errors, intervals and sides on held-out proposals, and the base rates."""
    rows = []
    for m in oos.models:
        row: dict[str, Any] = {"model": m.model, "MAE": f"{m.errors['mae']:.2f}"}
        for i in m.intervals:
            row[f"{i['level']:.0%} covers"] = f"{i['coverage']:.3f}"
            row[f"{i['level']:.0%} width"] = f"{i['mean_width']:.1f}"
        row["winner hit"] = f"{m.sides['hit_rate']:.3f}"
        row["Brier"] = f"{m.sides['brier']:.3f}"
        rows.append(row)
    title = (
        f"Out of sample, {oos.folds} folds of whole proposals ({oos.capability} capabilities): MAE, "
        f"each interval's coverage and mean width ({oos.n} issues), the winner's side's hit rate "
        f"and Brier score ({oos.contested} issues with two camps or more)"
    )
    emit(None, Format.table, rows=rows, title=title)
    base = [
        {
            "base rate": b["rule"],
            "n": b["n"],
            "hit": "" if b["hit_rate"] is None else f"{b['hit_rate']:.3f}",
            "Brier": f"{b['brier']:.3f}",
        }
        for b in oos.base_rates
    ]
    emit(None, Format.table, rows=base, title="Base rates for the winner's side (same folds)")
    bins = sorted({r["probability"] for m in oos.models for r in m.sides["reliability"]})
    reliability = []
    for m in oos.models:
        cells = {r["probability"]: f"{r['hit_rate']:.2f} ({r['n']})" for r in m.sides["reliability"]}
        reliability.append({"model": m.model, **{b: cells.get(b, "") for b in bins}})
    emit(
        None,
        Format.table,
        rows=reliability,
        title="Reliability: how often the most probable side won, by its probability (issues in brackets)",
    )
    for m in oos.models:
        if verdict := oos.calibration.verdict(m.model):
            stdout.print(f"[yellow]{m.model}: {markup_safe(verdict)}[/]", highlight=False)


@sub.command("backtest")
@friendly
@scenario_errors
def backtest(
    file: Annotated[
        Path,
        typer.Argument(help="Decided issues: the DEU III file (tab-separated) or an EU Decides export (;)."),
    ],
    models: Annotated[
        list[str] | None, typer.Option("--model", "-m", help="A model to score (repeat; default all).")
    ] = None,
    capability: Annotated[
        list[str] | None,
        typer.Option(
            "--capability",
            "-c",
            help="Capability rule: salience, council, gdp, file, or a YAML of capabilities "
            "(repeat; default every rule the file supports).",
        ),
    ] = None,
    rounds: RoundsOption = None,
    cv: Annotated[
        CrossValidationBy | None,
        typer.Option("--cv", help="Cross-validate the pivot model, holding out whole proposals."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, max=100, help="Folds for --cv.")] = 10,
    calibration_out: Annotated[
        Path | None,
        typer.Option(
            "--calibration-out",
            help="With --cv: write the interval and side calibration fitted on every issue to this YAML "
            "(for 'run --calibration').",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Each model's error against the recorded outcomes: MAE, RMSE, median error, by period,
    procedure and voting rule. With --cv proposals, out of sample on folds of whole proposals:
    the pivot model's cross-validation, and every model's MAE, interval coverage and width, and
    winner's side (hit rate, Brier score, reliability) against base rates."""
    for name in models or []:
        if name not in MODELS:
            raise UserError(f"unknown model {name!r} (choose from {', '.join(MODELS)})")
    if calibration_out is not None and cv is None:
        raise UserError("--calibration-out needs --cv proposals (the calibration is fitted out of sample)")
    bar, on_start, progress = _progress()
    options: dict[str, Any] = {
        "models": models or "all",
        "capability": capability or "auto",
        "rounds": rounds,
        "cv": cv is not None,
        "folds": folds,
        "progress": progress,
        "on_start": on_start,
    }
    if bar:
        with bar:
            report = run_backtest(file, **options)
    else:
        report = run_backtest(file, **options)
    if calibration_out is not None and report.out_of_sample is not None:
        try:
            calibration_out.write_text(report.out_of_sample.calibration.to_yaml(), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{calibration_out}: cannot write the calibration ({exc.strerror})") from None
        say(f"wrote the calibration to {calibration_out}")
    if fmt is Format.json:
        emit(report.to_dict(), fmt)
        return
    if fmt is Format.csv:
        emit(None, fmt, rows=_long_rows(report))
        return
    skipped = f" (skipped {len(report.skipped)}: {report.skip_summary()})" if report.skipped else ""
    say(f"Backtest on {file.name}: {report.n} issues{skipped}")
    emit(
        None,
        Format.table,
        rows=_score_rows(report),
        title="Errors against the recorded outcomes (0-100 scale)",
    )
    if groups := _group_rows(report):
        names = ", ".join(GROUPS)
        emit(None, Format.table, rows=groups, title=f"MAE by {names} (n in brackets)")
    if any(s.model == "pivot" for s in report.scores):
        stdout.print(
            "pivot: weights fitted on the DEU data (on that file, in sample); "
            "--cv proposals tests it on proposals it was not fitted on",
            highlight=False,
        )
    if report.cv:
        _print_cv(report.cv)
    if report.out_of_sample:
        _print_out_of_sample(report.out_of_sample)


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` command group to *app*."""
    app.add_typer(sub, name="scenario")
