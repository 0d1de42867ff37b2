"""CLI: ``multipolar scenario run|plot|draft|backtest`` - bargaining forecasts and what-ifs."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
import yaml

from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    UserError,
    default_db,
    emit,
    friendly,
    stdout,
)
from multipolar.forecast.backtest import backtest as run_backtest
from multipolar.forecast.backtest import read_issues
from multipolar.forecast.base import Forecast
from multipolar.forecast.models import all_models, get_model
from multipolar.forecast.scenario import Scenario, ScenarioError, read_scenario, to_yaml
from multipolar.forecast.whatif import Change, compare, parse_coalition, parse_set

P = ParamSpec("P")
R = TypeVar("R")


class ModelName(StrEnum):
    compromise = "compromise"
    median = "median"
    eu = "eu"
    all = "all"


ScenarioFile = Annotated[
    Path, typer.Argument(help="Scenario file: CSV (Actor,Capability,Position,Salience) or YAML.")
]
ModelOption = Annotated[ModelName, typer.Option("--model", "-m", help="Bargaining model, or all of them.")]
RoundsOption = Annotated[
    int | None, typer.Option("--rounds", "-n", min=0, help="Rounds of moves for the eu model (default 8).")
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


def _models(name: ModelName, rounds: int | None, q: float | None, t: float | None) -> list:
    parameters = {"rounds": rounds, "q": q, "t": t}
    return all_models(**parameters) if name.value == "all" else [get_model(name.value, **parameters)]


def _changes(sets: list[str] | None, drops: list[str] | None, coalitions: list[str] | None) -> list[Change]:
    changes = [parse_set(s) for s in sets or []]
    changes += [Change("drop", (d,)) for d in drops or []]
    changes += [parse_coalition(c) for c in coalitions or []]
    return changes


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
        if o.accepted
    ]


def _print_forecast(forecast: Forecast, scenario: Scenario) -> None:
    params = ", ".join(f"{k}={v:g}" for k, v in forecast.parameters.items())
    stdout.print(
        f"[bold]{forecast.model}[/] model on {scenario.issue or 'the scenario'}: "
        f"forecast [bold]{forecast.forecast:.2f}[/]" + (f" ({params})" if params else ""),
        highlight=False,
    )
    if forecast.rounds:
        emit(None, Format.table, rows=_position_rows(forecast), title="Positions by round")
        made = sum(len(r.offers) for r in forecast.rounds)
        offers = _offer_rows(forecast)
        title = f"Offers accepted ({len(offers)} of {made} made)"
        emit(None, Format.table, rows=offers, title=title) if offers else stdout.print(title + ": none")


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


def _print_whatif(result: dict[str, Any], scenario: Scenario) -> None:
    base, variant, diff = result["baseline"], result["whatif"], result["difference"]
    stdout.print(
        f"[bold]{base.model}[/] model, what-if {'; '.join(result['changes'])}: forecast "
        f"{base.forecast:.2f} -> [bold]{variant.forecast:.2f}[/] ({diff['forecast']:+.2f})",
        highlight=False,
    )
    after = variant.final_positions
    rows = [
        {
            "actor": name,
            "baseline": _fmt(before),
            "what-if": _fmt(after.get(name)),
            "change": "dropped" if diff["positions"][name] is None else f"{diff['positions'][name]:+.2f}",
        }
        for name, before in base.final_positions.items()
    ]
    label = "final positions" if base.rounds else "positions"
    emit(None, Format.table, rows=rows, title=f"{label.capitalize()}: baseline and what-if")


@sub.command("run")
@friendly
@scenario_errors
def run(
    file: ScenarioFile,
    model: ModelOption = ModelName.eu,
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
) -> None:
    """Forecast a scenario: the outcome, every actor's position by round, and the offers made.

    With --set, --drop or --coalition, run the what-if too and print its difference from the baseline.
    """
    scenario = read_scenario(file)
    models = _models(model, rounds, q, t)
    changes = _changes(sets, drops, coalitions)
    if changes:
        results = [compare(m, scenario, changes) for m in models]
        if fmt is Format.table:
            for result in results:
                _print_whatif(result, scenario)
            return
        data = [{**r, "baseline": r["baseline"].to_dict(), "whatif": r["whatif"].to_dict()} for r in results]
        csv_rows = [
            {"model": r["baseline"].model, "actor": a, "change": d}
            for r in results
            for a, d in r["difference"]["positions"].items()
        ]
        emit(data[0] if len(data) == 1 else data, fmt, rows=csv_rows)
        return
    forecasts = [m.run(scenario) for m in models]
    if fmt is Format.table:
        for forecast in forecasts:
            _print_forecast(forecast, scenario)
        return
    data = [f.to_dict() for f in forecasts]
    emit(data[0] if len(data) == 1 else data, fmt, rows=[row for f in forecasts for row in _csv_rows(f)])


@sub.command("plot")
@friendly
@scenario_errors
def plot(
    file: ScenarioFile,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Chart path without suffix (default: FILE's name + model)."),
    ] = None,
    model: Annotated[str, typer.Option("--model", "-m", help="A dynamic model (eu).")] = "eu",
    rounds: RoundsOption = None,
    q: QOption = None,
    t: TOption = None,
) -> None:
    """Write a chart of positions by round, as PNG and SVG."""
    from multipolar.forecast.plot import write_chart

    scenario = read_scenario(file)
    chosen = get_model(model, rounds=rounds, q=q, t=t)
    stem = out or Path(f"{file.stem}-{chosen.name}")
    for path in write_chart(chosen.run(scenario), scenario, stem):
        stdout.print(f"wrote {path}", highlight=False)


@sub.command("draft")
@friendly
@scenario_errors
def draft(
    pole_a: Annotated[str, typer.Option("--pole-a", help="Actor id placed at 0 (e.g. LBY-GNA).")],
    pole_b: Annotated[str, typer.Option("--pole-b", help="Actor id placed at 100 (e.g. LBY-LAAF).")],
    db: DbOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="YAML to write (default scenario-A-B.yaml).")
    ] = None,
    issue: Annotated[str, typer.Option("--issue", help="The issue's name.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Propose a scenario from the stored event network; edit the YAML it writes, then run it."""
    from multipolar.forecast.draft import draft_scenario
    from multipolar.store import Store, StoreError

    path = db or default_db()
    if not Path(path).is_file():
        raise UserError(f"{path}: no such store (ingest documents first, or pass --db)")
    try:
        with Store(path, read_only=True) as store:
            events = store.events()
            names = {row["id"]: row["name"] for row in store.actors() if row.get("name")}
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
        f"wrote {target}: review every value (capabilities are defaults), then "
        f"`multipolar scenario run {target}`",
        highlight=False,
    )


@sub.command("backtest")
@friendly
@scenario_errors
def backtest(
    file: Annotated[
        Path, typer.Argument(help="Issues in the European Union Decides format (semicolon-separated).")
    ],
    rounds: RoundsOption = None,
    capabilities: Annotated[
        Path | None,
        typer.Option("--capabilities", help="YAML mapping actor code -> capability (default: equal)."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Each model's mean absolute error against the recorded outcomes."""
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    table = _capability_table(capabilities) if capabilities else None
    issues, skipped = read_issues(file, table)
    result = run_backtest(issues, all_models(rounds=rounds), rounds)
    if fmt is Format.json:
        emit(
            {
                "issues": result.issues,
                "mae": result.errors,
                "per_issue": result.per_issue,
                "skipped": skipped,
            },
            fmt,
        )
        return
    emit(None, fmt, rows=result.rows(), title=f"Mean absolute error over {result.issues} issues")
    if skipped and fmt is Format.table:
        stdout.print(f"skipped {len(skipped)}: " + "; ".join(skipped), highlight=False)


def _capability_table(path: Path) -> dict[str, float]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of actor code to capability")
    try:
        return {str(k).lower(): float(v) for k, v in data.items()}
    except (TypeError, ValueError):
        raise UserError(f"{path}: every capability must be a number") from None


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` command group to *app*."""
    app.add_typer(sub, name="scenario")
