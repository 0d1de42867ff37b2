"""CLI: ``multipolar scenario run|plot|draft|backtest`` - bargaining forecasts, what-ifs and backtests.

A thin layer over :mod:`multipolar.api.forecast`: the commands parse options, call the same
functions the Python API offers, and print what they return.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from multipolar.api.forecast import (
    ScenarioRun,
    changes_from,
    plot_scenario,
    run_scenario,
    scenario_data,
    write_scenario,
)
from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    UserError,
    emit,
    friendly,
    say,
    stdout,
)
from multipolar.cli.scenario_backtest import backtest
from multipolar.cli.scenario_options import (
    ModelName,
    ModelOption,
    QOption,
    RoundsOption,
    ScenarioFile,
    TOption,
)
from multipolar.cli.selection import StoreOption, TheatreOption, corpus_for, note_unassessed, store_location
from multipolar.forecast.base import Forecast, Side
from multipolar.forecast.scenario import Actor, Scenario
from multipolar.show.formats import markup_safe

sub = typer.Typer(
    help="Bargaining forecasts: run scenarios and what-ifs, plot them, draft them from the store, backtest.",
    no_args_is_help=True,
)


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
    for path in plot_scenario(file, out, model, rounds=rounds, q=q, t=t):
        stdout.print(f"wrote {markup_safe(str(path))}", highlight=False)


def _evidence(actor: Actor) -> str:
    """A drafted actor's evidence in brief: the events behind its position and capability, and
    its salience's rule (the YAML has every rule and quotes the events)."""

    def count(value: str, what: str) -> str:
        found = actor.evidence.get(value) or {}
        n = len(found.get("events") or []) + int(found.get("more") or 0)
        return f"{n} {what}{'' if n == 1 else 's'}"

    if not actor.evidence:
        return ""
    salience = (actor.evidence.get("salience") or {}).get("rule", "")
    placed = (actor.evidence.get("position") or {}).get("rule", "")
    ties = "pole" if placed.startswith("pole") else count("position", "tie")
    return f"{ties}, {count('capability', 'material act')}; {salience}"


@sub.command("draft")
@friendly
def draft(
    theatre: TheatreOption = None,
    pole_a: Annotated[
        str | None, typer.Option("--pole-a", help="Actor id placed at 0 (e.g. LBY-GNA); default: chosen.")
    ] = None,
    pole_b: Annotated[
        str | None, typer.Option("--pole-b", help="Actor id placed at 100 (e.g. LBY-LAAF); default: chosen.")
    ] = None,
    db: DbOption = None,
    store: StoreOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="YAML to write (default scenario-THEATRE.yaml or scenario-A-B.yaml)."
        ),
    ] = None,
    issue: Annotated[str, typer.Option("--issue", help="The issue's name.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Propose a scenario from the stored events: positions, salience and capabilities of one
    conflict's actors (--theatre) or of those tied to two poles, each with its evidence. Without
    --pole-a/--pole-b the poles are the members the events' two camps back most. Edit the YAML it
    writes, then run it."""
    if not theatre and not (pole_a and pole_b):
        raise UserError("give --theatre T (the poles are then chosen), or --pole-a and --pole-b")
    path, parquet = store_location(db, store)
    if not (path.is_dir() if parquet else path.is_file()):
        raise UserError(f"{path}: no such store (ingest documents first, or pass --db or --store)")
    with corpus_for(db, store) as corpus:
        note_unassessed(corpus, theatre)
        scenario = corpus.draft_scenario(pole_a, pole_b, issue=issue, theatre=theatre or None)
    stem = "-".join(theatre) if theatre else f"{scenario.actors[0].key}-{scenario.actors[1].key}"
    target = write_scenario(scenario, out or Path(f"scenario-{stem}.yaml".lower()), force=force)
    if fmt is Format.json:
        emit({"file": str(target), "scenario": scenario_data(scenario)}, fmt)
        return
    rows = [
        {
            "actor": a.key,
            "position": f"{a.position:g}",
            "salience": f"{a.salience:g}",
            "capability": f"{a.capability:g}",
            "evidence": _evidence(a),
        }
        for a in scenario.actors
    ]
    if fmt is Format.csv:
        emit(None, fmt, rows=rows)
        return
    emit(None, Format.table, rows=rows, title=f"Draft scenario: {scenario.issue}")
    say(scenario.notes)
    stdout.print(
        f"wrote {markup_safe(str(target))} (the events behind each value are in it): review every "
        f"value, then `multipolar scenario run {markup_safe(str(target))}`",
        highlight=False,
    )


sub.command("backtest")(backtest)


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` command group to *app*."""
    app.add_typer(sub, name="scenario")
