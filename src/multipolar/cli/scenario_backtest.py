"""CLI: ``multipolar scenario backtest`` - every model scored against decided issues, and, with
``--cv proposals``, out of sample: the pivot model's cross-validation and every model's errors,
intervals and winner's side against base rates. A thin layer over
:func:`multipolar.api.forecast.run_backtest`; :mod:`multipolar.cli.scenario` adds it to the
``scenario`` group.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from multipolar.api.forecast import run_backtest
from multipolar.cli.common import (
    Format,
    FormatOption,
    UserError,
    emit,
    friendly,
    say,
    stdout,
    with_progress,
)
from multipolar.cli.scenario_options import RoundsOption
from multipolar.forecast.backtest import GROUPS, BacktestReport, CrossValidation
from multipolar.forecast.calibrate import OutOfSample
from multipolar.show.formats import markup_safe


class CrossValidationBy(StrEnum):
    proposals = "proposals"


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


@friendly
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
    if calibration_out is not None and cv is None:
        raise UserError("--calibration-out needs --cv proposals (the calibration is fitted out of sample)")
    options: dict[str, Any] = {
        "models": models or "all",
        "capability": capability or "auto",
        "rounds": rounds,
        "cv": cv is not None,
        "folds": folds,
    }

    def run(**bar: Any) -> BacktestReport:
        return run_backtest(file, **options, **bar)

    report = with_progress("backtesting", run, step=lambda done: done)
    if calibration_out is not None and report.out_of_sample is not None:
        try:
            calibration_out.write_text(report.out_of_sample.calibration.to_yaml(), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"{calibration_out}: cannot write the calibration ({exc.strerror})") from None
        say(f"wrote the calibration to {calibration_out}", err=True)
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
