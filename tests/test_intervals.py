"""How sure a forecast is: conformal intervals, the winner's side, the out-of-sample check and the
shipped calibration (pinned on the DEU data when ../shared is present)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest

from multipolar.api.forecast import run_backtest, run_scenario
from multipolar.forecast import Actor, CompromiseModel, Scenario
from multipolar.forecast import calibrate as calibrate_module
from multipolar.forecast.base import BargainingModel, Forecast
from multipolar.forecast.calibrate import Forecaster, Setting, check_out_of_sample
from multipolar.forecast.intervals import (
    FLOOR,
    LEVELS,
    calibrate,
    conformal_quantile,
    interval,
    load_calibration,
    scale,
    shipped_calibration,
    spread,
)
from multipolar.forecast.issues import read_issues
from multipolar.forecast.models import all_models
from multipolar.forecast.sides import camps, features, fit_sides, nearest, probabilities, sides

SHARED = Path(os.environ.get("MULTIPOLAR_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
DEU = SHARED / "benchmarks" / "deu" / "deu3.csv"
LIBYA = Path(__file__).parents[1] / "src" / "multipolar" / "data" / "scenarios" / "libya-2019.yaml"
ACTORS = ["com", "ep", "de", "fr", "pl", "it"]


def scenario(
    *actors: tuple[str, float, float, float], scale: tuple[float, float] | None = (0, 100)
) -> Scenario:
    return Scenario(actors=tuple(Actor(n, c, x, s) for n, c, x, s in actors), scale=scale)


@pytest.fixture(scope="module")
def cli():
    from typer.testing import CliRunner

    from multipolar.cli import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["scenario", *map(str, args)])


# -- intervals ----------------------------------------------------------------------------------


def test_conformal_quantile_is_the_finite_sample_rank() -> None:
    scores = [float(v) for v in range(1, 10)]  # n = 9
    assert conformal_quantile(scores, 0.5) == 5  # ceil(10 x 0.5) = 5th smallest
    assert conformal_quantile(scores, 0.8) == 8  # ceil(10 x 0.8) = 8th
    assert conformal_quantile(scores, 0.95) == math.inf  # the 10th of 9: no finite bound
    assert conformal_quantile(list(reversed(scores)), 0.5) == 5


def test_the_interval_widens_with_the_spread_of_positions_and_stays_on_the_scale() -> None:
    agreed = scenario(("A", 1, 48, 1), ("B", 1, 52, 1))
    split = scenario(("A", 1, 0, 1), ("B", 1, 100, 1))
    assert spread(agreed, 50) == 2 and spread(split, 50) == 50
    assert scale(agreed, 50) == pytest.approx(2 + FLOOR * 100)
    narrow, wide = interval(agreed, 50, 1.0, 0.8), interval(split, 50, 1.0, 0.8)
    assert narrow.width < wide.width
    assert (narrow.low, narrow.high) == pytest.approx((43, 57))
    assert (wide.low, wide.high) == (0, 100)  # 50 +- 55, clipped to the scale
    edge = interval(scenario(("A", 1, 0, 1), ("B", 1, 10, 1)), 2, 1.0, 0.5)
    assert edge.low == 0 and edge.high == pytest.approx(2 + (2 + 8) / 2 + 5)  # spread 5, floor 5


def test_every_forecast_carries_intervals_sides_and_the_verdict() -> None:
    run = run_scenario(LIBYA)
    assert {f.model for f in run.forecasts} == {"compromise", "median", "mean", "eu", "pivot"}
    for forecast in run.forecasts:
        assert [i.level for i in forecast.intervals] == list(LEVELS)
        half, most = forecast.intervals
        assert 0 <= most.low <= half.low <= forecast.forecast <= half.high <= most.high <= 100
        assert sum(s.probability for s in forecast.sides) == pytest.approx(1)
        assert forecast.winner is forecast.sides[0]
        assert sorted((s.probability for s in forecast.sides), reverse=True) == [
            s.probability for s in forecast.sides
        ]
    verdicts = {f.model: f.caveat for f in run.forecasts}
    assert "not supported by the backtest" in verdicts["eu"]
    assert verdicts["compromise"] == verdicts["pivot"] == ""


def test_what_ifs_carry_intervals_for_both_forecasts() -> None:
    run = run_scenario(LIBYA, "compromise", changes=["TUR.salience=0.2"])
    whatif = run.whatifs[0]
    assert whatif["baseline"].intervals and whatif["whatif"].intervals
    assert whatif["whatif"].intervals[1].low > whatif["baseline"].intervals[1].low  # Turkey steps back
    data = run.to_dict()["whatifs"][0]
    assert data["whatif"]["intervals"][0]["level"] == 0.5 and data["baseline"]["winner"]["actors"]


def test_calibration_caveats() -> None:
    emissions = scenario(("A", 1, 4, 1), ("B", 1, 10, 0.5), ("C", 2, 7, 0.4), scale=None)
    other = Forecast(model="oracle", forecast=7.0)
    assert (
        calibrate(other, emissions).intervals == () and "no calibration" in calibrate(other, emissions).caveat
    )
    short = calibrate(
        Forecast(model="eu", forecast=7.0, parameters={"q": 1.0, "t": 1.0, "rounds": 3}), emissions
    )
    assert "calibrated with rounds=8" in short.caveat and short.intervals
    assert all(4 <= i.low <= i.high <= 10 for i in short.intervals)  # the span of the positions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("models: {compromise: {n: 3, mae: 1, quantiles: {0.8: .nan}, sides: [0, 0, 0]}}", "values >= 0"),
        ("models: {compromise: {n: 3, mae: 1, quantiles: {1.5: 1}, sides: [0, 0, 0]}}", "levels in"),
        ("models: {compromise: {n: 3, mae: 1, quantiles: {0.8: 1}, sides: [0, 0]}}", "3 finite numbers"),
        ("models: [1, 2]", "not a calibration"),
        ("a: &a [1, 2]\nb: *a\n", "aliases"),
        ("models: {", "not valid YAML"),
    ],
)
def test_a_bad_calibration_file_is_one_clear_error(cli, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("run", LIBYA, "--calibration", path)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    missing = cli("run", LIBYA, "--calibration", tmp_path / "none.yaml")
    assert missing.exit_code != 0 and "no such calibration file" in missing.output


def test_an_infinite_quantile_spans_the_scale_and_a_point_scenario_gets_a_point() -> None:
    s = scenario(("A", 1, 20, 1), ("B", 1, 60, 1))
    assert (interval(s, 40, math.inf, 0.8).low, interval(s, 40, math.inf, 0.8).high) == (0, 100)
    point = scenario(("A", 1, 30, 1), ("B", 1, 30, 1), scale=None)
    assert (interval(point, 30, math.inf, 0.8).low, interval(point, 30, math.inf, 0.8).high) == (30, 30)


# -- the winner's side --------------------------------------------------------------------------


def test_camps_join_neighbours_within_a_tenth_of_the_scale_whatever_its_direction() -> None:
    s = scenario(("A", 1, 0, 1), ("B", 1, 5, 1), ("C", 1, 15, 1), ("D", 1, 40, 1), ("E", 1, 100, 1))
    assert [[a.name for a in c] for c in camps(s)] == [["A", "B", "C"], ["D"], ["E"]]
    mirrored = scenario(*((a.name, a.capability, 100 - a.position, a.salience) for a in s.actors))
    assert sorted(sorted(a.name for a in c) for c in camps(mirrored)) == [["A", "B", "C"], ["D"], ["E"]]
    groups = camps(s)
    assert list(nearest(groups, 30)) == [0, 1, 0]
    assert list(nearest(groups, 70)) == [0, 0.5, 0.5]  # equally near 40 and 100: a split
    assert features(s, 40, groups)[1][0] == 0  # closeness: the forecast sits on D


def test_fit_sides_learns_that_outcomes_land_near_the_forecast() -> None:
    rng = np.random.default_rng(3)
    samples = []
    for _ in range(200):
        positions = sorted(rng.choice([0, 30, 60, 100], size=3, replace=False))
        s = scenario(*((f"a{k}", 1.0, float(x), 1.0) for k, x in enumerate(positions)))
        groups = camps(s)
        forecast = float(rng.uniform(0, 100))
        rows = features(s, forecast, groups)
        nearest_to_forecast = int(np.argmin(rows[:, 0]))
        target = np.zeros(len(groups))
        target[nearest_to_forecast if rng.random() < 0.8 else rng.integers(len(groups))] = 1
        samples.append((rows, target))
    coefficients = fit_sides(samples)
    assert coefficients[0] < -1  # the farther a camp from the forecast, the less likely
    assert fit_sides(samples) == coefficients  # deterministic
    p = probabilities(samples[0][0], coefficients)
    assert p.sum() == pytest.approx(1) and p.argmax() == samples[0][0][:, 0].argmin()
    found = sides(scenario(("A", 1, 0, 1), ("B", 1, 100, 1)), 10, coefficients)
    assert found[0].actors == ("A",) and found[0].probability > 0.5


# -- the out-of-sample check --------------------------------------------------------------------


def synthetic_file(tmp_path: Path, proposals: int = 40, seed: int = 0) -> Path:
    """Issues in the DEU III layout whose outcomes scatter around the compromise by the spread."""
    rng = np.random.default_rng(seed)
    columns = ["prnr", "isnr", "proc", "counvte", "intro", "finact"]
    columns += [f"p{a}" for a in ACTORS] + [f"s{a}" for a in ACTORS] + ["rp", "out"]
    lines = ["\t".join(f'"{c}"' for c in columns)]
    for p in range(proposals):
        for i in range(3):
            x = rng.choice([0, 20, 50, 80, 100], len(ACTORS)).astype(float)
            s = rng.choice([30, 60, 90], len(ACTORS)).astype(float)
            centre = (x * s).sum() / s.sum()
            wobble = (s * np.abs(x - centre)).sum() / s.sum()
            out = float(np.clip(round(centre + rng.normal(0, wobble + 3)), 0, 100))
            cells = [str(p), f'"p{p}i{i}"', '"COD"', '"QMV"', '"14-03-02"', "999"]
            lines.append(
                "\t".join(cells + [f"{v:g}" for v in x] + [f"{v:g}" for v in s] + ["50", f"{out:g}"])
            )
    path = tmp_path / "synthetic.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_out_of_sample_intervals_cover_their_level_on_synthetic_decisions(tmp_path: Path) -> None:
    report = run_backtest(
        synthetic_file(tmp_path), models=["compromise", "pivot"], capability="salience", cv=True, folds=5
    )
    data = report.to_dict()["out_of_sample"]
    assert data["n"] == 120 and data["grouped_by"] == "proposal"
    for model in data["models"]:
        half, most = model["intervals"]
        assert abs(half["coverage"] - 0.5) < 0.08 and abs(most["coverage"] - 0.8) < 0.06
        assert half["mean_width"] < most["mean_width"] < 100
        splits = [b["mean_width"] for b in most["by_spread"]]
        assert splits == sorted(splits)  # wider where the actors are split
        assert 0 < model["winner"]["hit_rate"] <= 1 and 0 <= model["winner"]["brier"] <= 2
    assert {b["rule"] for b in data["base_rates"]} == {
        "status quo",
        "heaviest actor",
        "commission",
        "every camp alike",
    }
    assert set(data["calibration"]["models"]) == {"compromise", "pivot"}


class MeanOfTraining(BargainingModel):
    """A model that learns: it forecasts the mean outcome of the issues it was fitted on."""

    name = "learner"

    def __init__(self, value: float = 0.0) -> None:
        self.value = value

    def fit(self, scenarios, outcomes) -> MeanOfTraining:
        return MeanOfTraining(float(np.mean(outcomes)))

    def run(self, scenario, rounds=None) -> Forecast:
        return Forecast(self.name, self.value)


def test_no_fold_reaches_its_own_calibration_or_fit(tmp_path: Path, monkeypatch) -> None:
    issues = read_issues(synthetic_file(tmp_path, proposals=12))
    setting = Setting.of(issues, "salience", folds=4)
    learner = Forecaster(MeanOfTraining(), setting.scenarios, setting.outcomes, setting.fold)
    for i in range(len(setting.outcomes)):
        own = setting.fold == setting.fold[i]
        assert learner.out_of_fold(np.array([i]))[0] == pytest.approx(setting.outcomes[~own].mean())
        other = (int(setting.fold[i]) + 1) % 4
        kept = ~own & (setting.fold != other)
        calibrating = learner.out_of_fold(np.array([i]), also=frozenset({other}))[0]
        assert calibrating == pytest.approx(setting.outcomes[kept].mean())
    seen: list[np.ndarray] = []
    real = calibrate_module._scores

    def spy(setting_, rows, forecasts):
        seen.append(np.asarray(rows))
        return real(setting_, rows, forecasts)

    monkeypatch.setattr(calibrate_module, "_scores", spy)
    calibrate_module.check_model(setting, learner)
    assert len(seen) == 4
    for k, rows in enumerate(seen):  # fold k is calibrated on the other folds only
        assert len(rows) and not (setting.fold[rows] == k).any()
        assert len(rows) == (setting.fold != k).sum()


# -- the CLI ------------------------------------------------------------------------------------


def test_backtest_json_reports_every_model_out_of_sample_and_writes_a_calibration(
    cli, tmp_path: Path
) -> None:
    path = synthetic_file(tmp_path, proposals=20)
    out = tmp_path / "mine.yaml"
    result = cli(
        "backtest",
        path,
        "--capability",
        "salience",
        "--cv",
        "proposals",
        "--folds",
        "4",
        "--calibration-out",
        out,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    models = {m["model"]: m for m in data["out_of_sample"]["models"]}
    assert set(models) == {"compromise", "median", "mean", "eu", "pivot"}
    for m in models.values():
        assert {"mae", "rmse", "intervals", "winner"} <= set(m)
        assert [i["level"] for i in m["intervals"]] == [0.5, 0.8]
        assert {"coverage", "mean_width"} <= set(m["intervals"][1])
        assert {"hit_rate", "brier", "reliability"} <= set(m["winner"])
    mine = load_calibration(out)
    assert set(mine.models) == set(models)
    ran = cli("run", LIBYA, "--model", "compromise", "--calibration", out, "--format", "json")
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["intervals"][1]["high"] > json.loads(ran.stdout)["forecast"]
    table = cli("backtest", path, "--capability", "salience", "--cv", "proposals", "--folds", "4")
    assert "80% covers" in table.stdout and "Base rates" in table.stdout and "Reliability" in table.stdout
    refused = cli("backtest", path, "--calibration-out", out)
    assert refused.exit_code != 0 and "needs --cv proposals" in refused.output


def test_run_prints_every_models_interval_and_side(cli) -> None:
    result = cli("run", LIBYA, "--model", "all")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("intervals: 50% ") == 5 and result.stdout.count("winner's side: ") == 5
    assert "eu model" in result.stdout and "not supported by the backtest" in result.stdout


# -- the DEU data: the coverage, pinned ---------------------------------------------------------


@pytest.fixture(scope="module")
def deu_check():
    if not DEU.is_file():
        pytest.skip("../shared/benchmarks/deu/deu3.csv is absent")
    return check_out_of_sample(read_issues(DEU), all_models(), "council", folds=10)


def test_deu_intervals_are_calibrated_out_of_sample(deu_check) -> None:
    assert deu_check.n == 351
    for model in deu_check.models:
        half, most = model.intervals
        assert 0.77 <= most["coverage"] <= 0.83, model.model
        assert 0.47 <= half["coverage"] <= 0.53, model.model
        assert most["mean_width"] < 70 and half["mean_width"] < 40
        for third in most["by_spread"]:  # roughly right wherever the actors stand, not only on average
            assert 0.7 <= third["coverage"] <= 0.9, (model.model, third)
    errors = {m.model: m.errors["mae"] for m in deu_check.models}
    assert errors["compromise"] == pytest.approx(22.97, abs=0.01)
    assert errors["pivot"] == pytest.approx(22.30, abs=0.01)  # the cross-validated figure
    assert errors["eu"] > errors["mean"] > errors["pivot"]


def test_deu_winner_beats_every_base_rate(deu_check) -> None:
    rates = {b["rule"]: b for b in deu_check.base_rates}
    for name in ("compromise", "pivot"):
        model = next(m for m in deu_check.models if m.model == name).sides
        assert model["hit_rate"] > 0.6
        assert all(model["hit_rate"] > b["hit_rate"] for b in rates.values() if b["hit_rate"] is not None)
        assert all(model["brier"] < b["brier"] - 0.08 for b in rates.values())
        for row in model["reliability"]:
            if row["n"] >= 30:
                assert abs(row["mean_probability"] - row["hit_rate"]) < 0.1, row


def test_the_shipped_calibration_is_the_fit_on_deu(deu_check) -> None:
    shipped, fresh = shipped_calibration(), deu_check.calibration
    assert set(shipped.models) == set(fresh.models)
    for name, mine in fresh.models.items():
        assert shipped.models[name].quantiles == pytest.approx(mine.quantiles, abs=1e-5)
        assert shipped.models[name].sides == pytest.approx(mine.sides, abs=1e-5)
        assert shipped.models[name].mae == pytest.approx(mine.mae, abs=1e-3)
    assert shipped.verdict("eu") and shipped.verdict("median") and not shipped.verdict("compromise")
    assert CompromiseModel().parameters() == dict(shipped.models["compromise"].parameters)
