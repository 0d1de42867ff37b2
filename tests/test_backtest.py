"""Backtests: issue files in both layouts, capability rules, scores, cross-validation, DEU reference."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from statistics import fmean, median

import numpy as np
import pytest

from multipolar.api.forecast import run_backtest
from multipolar.forecast import CompromiseModel, MedianModel, PivotModel, ScenarioError
from multipolar.forecast.backtest import backtest, cross_validate, fold_of, metrics
from multipolar.forecast.capability import capabilities, council_period, issue_scenario
from multipolar.forecast.issues import parse_date, read_issues
from multipolar.forecast.pivot import components, core, fit_weights

DEU = Path(__file__).parents[1].parent / "shared" / "benchmarks" / "deu" / "deu3.csv"

HEADER = ["prnr", "isnr", "proc", "counvte", "intro", "finact"]
ACTORS = ["com", "ep", "de", "fr", "pl"]


def tab_file(tmp_path: Path, rows: list[list[str]], gdp: list[str] | None = None) -> Path:
    """A file in the DEU III layout: tab-separated, quoted header and strings, blanks for missing."""
    columns = HEADER + [f"p{a}" for a in ACTORS] + [f"s{a}" for a in ACTORS] + ["rp", "out"]
    lines = ["\t".join(f'"{c}"' for c in columns)]
    if gdp:
        lines.append("\t".join([""] * len(HEADER) + gdp + [""] * len(ACTORS) + ["", ""]))
    lines += ["\t".join(row) for row in rows]
    path = tmp_path / "issues.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(
    prnr: str, isnr: str, positions: list[str], saliences: list[str], rp: str, out: str, **meta: str
) -> list[str]:
    return [
        prnr,
        f'"{isnr}"',
        f'"{meta.get("proc", "COD")}"',
        f'"{meta.get("rule", "QMV")}"',
        f'"{meta.get("intro", "14-03-00")}"',
        meta.get("finact", "999"),
        *positions,
        *saliences,
        rp,
        out,
    ]


@pytest.fixture()
def made_up(tmp_path: Path) -> Path:
    return tab_file(
        tmp_path,
        [
            row("1", "p1i1", ["100", "50", "0", "100", "50"], ["80", "40", "50", "50", "20"], "0", "60"),
            # the spreadsheet's misreading: 2023-07-01 stands for 23-07-2001
            row(
                "1",
                "p1i2",
                ["0", "", "50", "100", ""],
                ["50", "", "50", "50", "20"],
                "",
                "40",
                finact="2023-07-01",
            ),
            row(
                "2",
                "p2i1",
                ["10", "90", "20", "", "30"],
                ["60", "70", "90", "", "40"],
                "100",
                "",
                rule="Unan",
            ),
            row("2", "p2i2", ["10", "", "20", "", ""], ["60", "", "90", "", ""], "", "15"),
            row(
                "3",
                "p3i1",
                ["0", "100", "40", "60", "100"],
                ["50", "50", "50", "50", "50"],
                "",
                "70",
                proc="CNS",
                intro="1930-06-05",  # 30-06-2005
                finact="2018-12-06",  # 18-12-2006
            ),
        ],
        gdp=["4.1", "4.1", "4.1", "2.8", "0.75"],
    )


# -- reading ----------------------------------------------------------------------------------------


def test_the_deu_layout_is_read_as_it_is(made_up: Path) -> None:
    issues = read_issues(made_up)
    assert [i.number for i in issues.issues] == ["p1i1", "p1i2", "p3i1"]
    assert issues.skipped == [
        ("p2i1", "no recorded outcome"),
        ("p2i2", "fewer than 3 actors with a position and a salience"),
    ]
    assert issues.gdp == {"com": 4.1, "ep": 4.1, "de": 4.1, "fr": 2.8, "pl": 0.75}  # the GDP row is no issue
    first, second, third = issues.issues
    assert first.stances["de"].salience == 0.5 and first.stances["com"].position == 100
    assert set(second.stances) == {"com", "de", "fr"}  # ep and pl have no position
    assert (first.proposal, first.procedure, first.rule, first.status_quo) == ("1", "COD", "QMV", 0)
    assert second.status_quo is None
    assert first.decided == date(2000, 3, 14)  # no final act (999): the proposal's date
    assert second.decided == date(2001, 7, 23)
    assert third.decided == date(2006, 12, 18) and third.procedure == "CNS"
    assert [i.period for i in issues.issues] == ["to 2004", "to 2004", "2005-2014"]


def test_dates() -> None:
    assert parse_date("26-01-00") == date(2000, 1, 26)
    assert parse_date("14-12-1999") == date(1999, 12, 14)
    assert parse_date("2019-07-06") == date(2019, 7, 6)  # a true ISO date, unless the file is mangled
    assert parse_date("2019-07-06", mangled=True) == date(2006, 7, 19)
    assert parse_date("1930-05-01", mangled=True) == date(2001, 5, 30)
    assert parse_date("999") is None and parse_date("") is None
    with pytest.raises(ValueError, match="not a date"):
        parse_date("spring 2001")


def test_the_older_semicolon_layout(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "isnr;pde;sde;pfr;sfr;puk;suk;cde;cfr;cuk;rp;out\n"
        "1;100;0,8;0;0,5;50;0,4;10;10;10;0;60\n"
        "2;999;999;100;1;0;1;10;10;10;999;999\n"
    )
    issues = read_issues(path)
    assert [i.number for i in issues.issues] == ["1"] and issues.skipped == [("2", "no recorded outcome")]
    assert issues.issues[0].stances["de"].salience == 0.8  # decimal comma, saliences already shares
    assert issues.issues[0].stances["fr"].capability == 10 and not issues.has_dates


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("sde", "nan", r"row 2 \(isnr 1\), sde: 'nan' is not a finite number"),
        ("pde", "inf", r"row 2 \(isnr 1\), pde: 'inf' is not a finite number"),
        ("sde", "-20", r"row 2 \(isnr 1\), sde: salience -20 is outside 0..100"),
        ("pde", "1e308", r"row 2 \(isnr 1\), pde: 1e\+308 is outside the scale 0..100"),
        ("out", "140", r"row 2 \(isnr 1\), out: 140 is outside the scale 0..100"),
        ("cde", "-1", r"row 2 \(isnr 1\), cde: capability -1 is outside"),
        ("pde", "lots", r"row 2 \(isnr 1\), pde: 'lots' is not a number"),
    ],
)
def test_bad_values_name_the_row_and_column(tmp_path: Path, cell: str, value: str, message: str) -> None:
    columns = ["isnr", "pde", "sde", "pfr", "sfr", "pit", "sit", "cde", "out"]
    values = dict(zip(columns, ["1", "100", "80", "0", "50", "50", "50", "1", "60"], strict=True))
    values[cell] = value
    path = tmp_path / "bad.csv"
    path.write_text(";".join(columns) + "\n" + ";".join(values.values()) + "\n")
    with pytest.raises(ScenarioError, match=message):
        read_issues(path)


def test_missing_columns_and_files(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("isnr;pde;sde\n1;2;3\n")
    with pytest.raises(ScenarioError, match="missing column 'out'"):
        read_issues(tmp_path / "x.csv")
    with pytest.raises(ScenarioError, match="no such file"):
        read_issues(tmp_path / "absent.csv")


# -- capability rules -------------------------------------------------------------------------------


def test_council_weights_follow_the_decision_date() -> None:
    def votes(day: date) -> tuple[str, float, float, float]:
        period = council_period(day)
        assert period is not None
        return period.table, period.capability("de"), period.capability("lu"), period.capability("com")

    assert votes(date(2000, 6, 1)) == ("pre-Nice", 10, 2, 10)
    assert (
        votes(date(2004, 6, 1))[0] == "accession-2004"
        and council_period(date(2004, 6, 1)).capability("pl") == 8
    )
    assert votes(date(2010, 6, 1)) == ("Nice", 29, 4, 29)
    assert votes(date(2016, 12, 17))[0] == "Nice"  # members could still ask for a Nice count
    assert votes(date(2018, 6, 1)) == ("population-2016", 15.93, 0.11, 15.93)
    assert council_period(date(2000, 6, 1)).capability("pl") == 0  # not yet a member
    assert council_period(None) is None


def test_rules_give_each_actor_a_capability(made_up: Path, tmp_path: Path) -> None:
    issues = read_issues(made_up)
    first = issues.issues[0]
    assert capabilities("salience", first, issues) == dict.fromkeys(first.stances, 1.0)
    assert capabilities("council", first, issues) == {"com": 10, "ep": 10, "de": 10, "fr": 10, "pl": 0}
    assert capabilities("gdp", first, issues)["pl"] == 0.75
    table = tmp_path / "caps.yaml"
    table.write_text("de: 3\nfr: 2\n")
    assert capabilities(str(table), first, issues) == {"com": 1, "ep": 1, "de": 3, "fr": 2, "pl": 1}
    scenario = issue_scenario(first, capabilities("council", first, issues))
    assert scenario.find("EP").role == "parliament" and scenario.find("COM").role == "commission"
    assert scenario.extra["qualified_majority"] == pytest.approx(62 / 87, abs=0.001)


# -- scores -----------------------------------------------------------------------------------------


def test_metrics() -> None:
    m = metrics([3, -4, 0, 10])
    assert m == {"n": 4, "mae": 4.25, "rmse": pytest.approx((125 / 4) ** 0.5), "median_ae": 3.5}


def test_scores_overall_and_by_group(made_up: Path) -> None:
    issues = read_issues(made_up)
    report = backtest(issues, [CompromiseModel(), MedianModel()], ["salience"])
    scores = {(s.model, s.capability): s for s in report.scores}
    compromise = [
        (100 * 0.8 + 50 * 0.4 + 0 * 0.5 + 100 * 0.5 + 50 * 0.2) / 2.4,
        (0 * 0.5 + 50 * 0.5 + 100 * 0.5) / 1.5,
        (0 + 100 + 40 + 60 + 100) / 5,
    ]
    errors = [f - o for f, o in zip(compromise, [60, 40, 70], strict=True)]
    score = scores[("compromise", "salience")]
    assert score.mae == pytest.approx(fmean(abs(e) for e in errors))
    assert score.median_ae == pytest.approx(median(abs(e) for e in errors))
    assert score.by["procedure"]["CNS"]["n"] == 1 and score.by["procedure"]["CNS"]["mae"] == pytest.approx(
        abs(errors[2])
    )
    assert set(score.by["period"]) == {"to 2004", "2005-2014"}
    assert scores[("status quo", "")].n == 1 and scores[("status quo", "")].mae == 60
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {"n", "skipped", "models"} and data["n"] == 3 and data["skipped"] == 2
    assert len(report.predictions) == 3 * 2 + 1


def test_run_backtest_checks_its_rules(made_up: Path) -> None:
    report = run_backtest(made_up, models=["compromise"])
    assert {s.capability for s in report.scores} == {"salience", "council", "gdp", ""}
    with pytest.raises(ScenarioError, match="the file rule needs c<actor> columns"):
        run_backtest(made_up, capability="file")


# -- the pivot model and its cross-validation ---------------------------------------------------


def test_core_is_the_qualified_majority_interval() -> None:
    # votes 10, 10, 5, 5 at 0, 20, 60, 100; q = 0.7 -> a blocking 30% is 9 votes from either end
    assert core([0, 20, 60, 100], [10, 10, 5, 5], 0.7) == (0, 60)
    assert core([0, 20, 60, 100], [10, 10, 5, 5], 1.0) == (0, 100)  # unanimity: every member blocks
    assert core([30, 30], [1, 1], 0.7) == (30, 30)


def test_pivot_components_and_fit(made_up: Path) -> None:
    issues = read_issues(made_up)
    scenario = issue_scenario(issues.issues[0], capabilities("council", issues.issues[0], issues))
    compromise, middle, parliament = components(scenario, 62 / 87)
    assert compromise == pytest.approx(CompromiseModel().run(scenario).forecast)
    assert parliament == 50
    model = PivotModel(compromise=0.2, core=0.5, parliament=0.3)
    assert model.run(scenario).forecast == pytest.approx(0.2 * compromise + 0.5 * middle + 0.3 * 50)
    rng = np.random.default_rng(0)
    features = rng.uniform(0, 100, (200, 3))
    assert fit_weights(features, features @ np.array([0.2, 0.5, 0.3])) == (0.2, 0.5, 0.3)
    with pytest.raises(ValueError, match="sum to 1"):
        PivotModel(compromise=0.5, core=0.5, parliament=0.5)


def test_folds_hold_out_whole_proposals() -> None:
    groups = [f"p{k // 3}" for k in range(60)]
    folds = fold_of(groups, 5)
    assert set(folds.values()) == set(range(5)) and len(folds) == 20
    assert fold_of(groups, 5) == folds  # deterministic


def test_cross_validation_never_fits_on_a_held_out_proposal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(1)
    rows = []
    for p in range(12):
        for i in range(3):
            positions = [str(int(v)) for v in rng.choice([0, 25, 50, 75, 100], 5)]
            saliences = [str(int(v)) for v in rng.choice([20, 50, 80], 5)]
            rows.append(row(str(p), f"p{p}i{i}", positions, saliences, "", str(int(rng.integers(0, 101)))))
    issues = read_issues(tab_file(tmp_path, rows))
    seen: list[np.ndarray] = []
    import multipolar.forecast.backtest as module

    def spy(features: np.ndarray, outcomes: np.ndarray) -> tuple[float, float, float]:
        seen.append(outcomes.copy())
        return fit_weights(features, outcomes)

    monkeypatch.setattr(module, "fit_weights", spy)
    cv = cross_validate(issues, "salience", folds=4)
    assert [f.test for f in cv.folds] == [9, 9, 9, 9] and cv.n == 36
    outcomes = np.array([i.outcome for i in issues.issues])
    assignment = fold_of([i.proposal for i in issues.issues], 4)
    for fold, fitted_on in zip(cv.folds, seen, strict=False):
        held_out = [k for k, i in enumerate(issues.issues) if assignment[i.proposal] == fold.number - 1]
        assert len(fitted_on) == 36 - len(held_out)
        assert sorted(fitted_on) == sorted(np.delete(outcomes, held_out))
    assert cv.out_of_sample["n"] == 36


# -- the DEU data: the published reference figures ------------------------------------------------


@pytest.fixture(scope="module")
def deu_report():
    if not DEU.is_file():
        pytest.skip("../shared/benchmarks/deu/deu3.csv is absent")
    return run_backtest(DEU, models=["compromise", "median", "mean"], capability=["council", "salience"])


def test_deu_reference_figures(deu_report) -> None:
    mae = {(s.model, s.capability): s.mae for s in deu_report.scores}
    assert deu_report.n == 351 and len(deu_report.skipped) == 13
    assert mae[("compromise", "council")] == pytest.approx(22.99, abs=0.05)
    assert mae[("median", "council")] == pytest.approx(28.48, abs=0.05)
    assert mae[("status quo", "")] == pytest.approx(51.31, abs=0.05)
    assert mae[("compromise", "salience")] == pytest.approx(23.64, abs=0.05)
    assert mae[("mean", "salience")] == pytest.approx(23.80, abs=0.05)
    status_quo = next(s for s in deu_report.scores if s.model == "status quo")
    assert status_quo.n == 252


def test_deu_pivot_model_beats_the_compromise_out_of_sample() -> None:
    if not DEU.is_file():
        pytest.skip("../shared/benchmarks/deu/deu3.csv is absent")
    cv = cross_validate(read_issues(DEU), "council", folds=10)
    assert cv.n == 351 and sum(f.test for f in cv.folds) == 351
    assert cv.out_of_sample["mae"] < cv.compromise["mae"]
    assert cv.in_sample["mae"] <= cv.out_of_sample["mae"]
