"""Scenario files (CSV and YAML), their validation, the bundled Libya scenario, and the CLI."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.document import Document, Event
from multipolar.forecast import MODELS, ScenarioError, read_scenario
from multipolar.forecast.scenario import read_yaml, to_csv, to_yaml

SHARED = Path(__file__).parents[1].parent / "shared" / "scenarios"
HEADER = "Actor,Capability,Position,Salience\n"
GOOD_ROWS = "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nFrance,0.16,10,0.6\n"
LIBYA = resources.files("multipolar").joinpath("data/scenarios/libya-2019.yaml")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- formats -------------------------------------------------------------------------------------


def test_csv_reads_the_published_columns(tmp_path: Path) -> None:
    scenario = read_scenario(write(tmp_path, "s.csv", HEADER + GOOD_ROWS))
    assert scenario.names == ["Netherlands", "Belgium", "France"]
    assert scenario.find("france").weight == pytest.approx(0.096)
    assert scenario.bounds == (4, 10)


def test_shared_scenario_reads() -> None:
    path = SHARED / "eu-emission-standards.csv"
    if not path.is_file():
        pytest.skip("../shared/scenarios is absent")
    assert len(read_scenario(path).actors) == 10


def test_yaml_round_trip(tmp_path: Path) -> None:
    original = read_scenario(LIBYA)
    copy = read_yaml(write(tmp_path, "copy.yaml", to_yaml(original)))
    assert copy.actors == original.actors
    assert (copy.issue, copy.scale, copy.scale_labels, copy.sources) == (
        original.issue,
        original.scale,
        original.scale_labels,
        original.sources,
    )
    csv_copy = read_scenario(write(tmp_path, "copy.csv", to_csv(original)))
    assert [(a.name, a.position) for a in csv_copy.actors] == [(a.name, a.position) for a in original.actors]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Actor,Capability,Position\nA,1,2\n", r"missing column\(s\) Salience"),
        (HEADER + GOOD_ROWS + "Greece,0.08,7,1.7\n", r"row 5 \(Greece\): salience 1.7 is outside 0..1"),
        (
            HEADER + "Greece,0.08,seven,0.7\n" + GOOD_ROWS,
            r"row 2 \(Greece\): position 'seven' is not a number",
        ),
        (HEADER + GOOD_ROWS + "belgium,0.1,5,0.5\n", r"'belgium': duplicate of 'Belgium'"),
        (HEADER + "A,-1,2,0.5\nB,1,3,0.5\n", r"row 2 \(A\): capability -1 is negative"),
        (HEADER + "A,1,2,0.5\n", "at least two actors"),
        (HEADER + ",1,2,0.5\nB,1,3,0.5\n", "row 2: the actor has no name"),
    ],
)
def test_invalid_csv_names_the_row(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_scenario(write(tmp_path, "bad.csv", text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "actors:\n  - {name: A, capability: 1, position: 0}\n"
            "  - {name: B, capability: 1, position: 1, salience: 1}\n",
            r"actor 1: missing salience",
        ),
        (
            "scale: {low: 0, high: 10}\nactors:\n  - {name: A, capability: 1, position: 0, salience: 1}\n"
            "  - {name: B, capability: 1, position: 12, salience: 1}\n",
            r"'B': position 12 is off the scale 0..10",
        ),
        (
            "actors:\n  - {id: TUR, name: Turkey, capability: 1, position: 0, salience: 1}\n"
            "  - {id: tur, name: Turkiye, capability: 1, position: 1, salience: 1}\n",
            "duplicate of 'Turkey'",
        ),
        ("issue: x\n", "'actors' list"),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_invalid_yaml_names_the_actor(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_scenario(write(tmp_path, "bad.yaml", text))


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="unknown scenario format"):
        read_scenario(write(tmp_path, "s.txt", HEADER + GOOD_ROWS))
    with pytest.raises(ScenarioError, match="no such file"):
        read_scenario(tmp_path / "absent.csv")


def test_bundled_libya_scenario() -> None:
    scenario = read_scenario(LIBYA)
    ids = {a.id for a in scenario.actors}
    assert {"LBY-GNA", "LBY-LAAF", "TUR", "RUS", "RUS-WAGNER", "ARE", "EGY", "FRA", "ITA", "USA", "UN"} <= ids
    assert scenario.find("LBY-GNA").position == 0 and scenario.find("LBY-LAAF").position == 100
    assert scenario.scale == (0, 100) and all(scenario.scale_labels)
    assert len(scenario.sources) >= 3 and all(a.notes for a in scenario.actors)


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli():
    from multipolar.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["scenario", *map(str, args)])

    return invoke


@pytest.fixture()
def emissions(tmp_path: Path) -> Path:
    rows = (
        "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nLuxembourg,0.03,4,0.2\nGermany,0.16,4,0.8\n"
        "France,0.16,10,0.6\nItaly,0.16,10,0.6\nUK,0.16,10,0.9\nIreland,0.05,7,0.1\nDenmark,0.05,4,1.0\n"
        "Greece,0.08,7,0.7\n"
    )
    return write(tmp_path, "emissions.csv", HEADER + rows)


def test_run_json_for_one_model(cli, emissions: Path) -> None:
    result = cli("run", emissions, "--model", "eu", "--rounds", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"model", "forecast", "intervals", "winner", "sides", "caveat", "rounds"}
    assert data["model"] == "eu" and "not supported by the backtest" in data["caveat"]
    assert "calibrated with rounds=8" in data["caveat"]  # this run plays 3
    assert [i["level"] for i in data["intervals"]] == [0.5, 0.8]
    assert 4 <= data["intervals"][1]["low"] <= data["forecast"] <= data["intervals"][1]["high"] <= 10
    assert data["winner"] == data["sides"][0]
    assert sum(s["probability"] for s in data["sides"]) == pytest.approx(1)
    assert [r["round"] for r in data["rounds"]] == [1, 2, 3]
    first = data["rounds"][0]
    assert first["median"] == pytest.approx(8.4, abs=0.1)
    assert set(first["positions"]) >= {"Netherlands", "UK"}
    assert {o["kind"] for o in first["offers"]} <= {"conflict", "compromise", "capitulation"}
    assert any(o["accepted"] for o in first["offers"])
    assert data["forecast"] == data["rounds"][-1]["median"]


def test_run_all_models_json_and_table(cli, emissions: Path) -> None:
    result = cli("run", emissions, "--model", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["model"] for d in data] == list(MODELS)
    assert data[0]["forecast"] == pytest.approx(7.39, abs=0.01)
    table = cli("run", emissions, "--model", "all")
    assert table.exit_code == 0 and "Positions by round" in table.stdout and "compromise" in table.stdout


def test_run_what_if(cli, emissions: Path) -> None:
    result = cli("run", emissions, "--model", "compromise", "--set", "UK.salience=0.1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"] == ["UK.salience=0.1"]
    assert data["difference"]["forecast"] == pytest.approx(
        data["whatif"]["forecast"] - data["baseline"]["forecast"]
    )
    assert data["difference"]["forecast"] < 0
    deal = cli("run", emissions, "--coalition", "Germany,France", "--drop", "Ireland")
    assert deal.exit_code == 0, deal.output
    assert "dropped" in deal.stdout and "coalition Germany+France" in deal.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "Atlantis.salience=0.1"], "no actor 'Atlantis'"),
        (["--set", "UK.salience=3"], "outside 0..1"),
        (["--coalition", "UK"], "expected two actors"),
    ],
)
def test_bad_what_ifs_fail_in_one_line(cli, emissions: Path, args: list[str], message: str) -> None:
    result = cli("run", emissions, *args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_bad_file_fails_in_one_line(cli, tmp_path: Path) -> None:
    result = cli("run", write(tmp_path, "bad.csv", HEADER + "A,1,2,9\nB,1,3,0.5\n"))
    assert result.exit_code != 0
    assert "row 2 (A): salience 9 is outside 0..1" in result.output
    assert "Traceback" not in result.output


def test_plot_writes_png_and_svg(cli, emissions: Path, tmp_path: Path) -> None:
    result = cli("plot", emissions, "--out", tmp_path / "chart", "--rounds", "4")
    assert result.exit_code == 0, result.output
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in svg.read_text()


def test_backtest_command_reads_the_semicolon_format(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deu.csv",
        "isnr;pde;sde;pfr;sfr;pit;sit;rp;out\n1;100;80;0;50;50;50;0;60\n2;0;90;100;40;999;999;100;20\n"
        "3;0;90;100;40;50;50;999;20\n",
    )
    result = cli("backtest", path, "--format", "json", "--model", "compromise")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"n", "skipped", "models"}
    assert data["n"] == 2 and data["skipped"] == 1  # issue 2 has two actors
    by_model = {(m["model"], m["capability"]): m for m in data["models"]}
    assert set(by_model) == {("compromise", "salience"), ("status quo", None)}
    assert (
        by_model[("status quo", None)]["mae"] == pytest.approx(60)
        and by_model[("status quo", None)]["n"] == 1
    )


SAMPLE = resources.files("multipolar").joinpath("data/scenarios/eu-decisions-sample.tsv")


def test_backtest_on_the_bundled_sample(cli) -> None:
    table = cli("backtest", SAMPLE, "--model", "compromise", "--model", "pivot")
    assert table.exit_code == 0, table.output
    assert "15 issues (skipped 2: 1 no recorded outcome, 1 fewer than 3 actors" in table.stdout
    assert "MAE by period, procedure, rule" in table.stdout and "Unan" in table.stdout
    data = json.loads(cli("backtest", SAMPLE, "--format", "json", "--capability", "council").stdout)
    assert {m["capability"] for m in data["models"]} == {"council", None}
    compromise = next(m for m in data["models"] if m["model"] == "compromise")
    assert set(compromise) == {"model", "capability", "n", "mae", "rmse", "median_ae", "by"}
    assert set(compromise["by"]) == {"period", "procedure", "rule"}
    assert set(compromise["by"]["period"]) == {"to 2004", "2005-2014", "from 2015"}
    assert sum(g["n"] for g in compromise["by"]["procedure"].values()) == compromise["n"] == 15
    assert compromise["median_ae"] <= compromise["mae"] <= compromise["rmse"] or compromise["median_ae"] > 0
    cv = cli("backtest", SAMPLE, "--model", "pivot", "--cv", "proposals", "--folds", "3", "--format", "json")
    assert cv.exit_code == 0, cv.output
    folds = json.loads(cv.stdout)["cv"]["folds"]
    assert len(folds) == 3 and sum(f["test"] for f in folds) == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rounds", "1000000"], "10000"),
        (["--capability", "votes"], "unknown capability rule 'votes'"),
        (["--model", "oracle"], "unknown model 'oracle'"),
        (["--cv", "issues"], "issues"),
    ],
)
def test_backtest_bad_options_fail_in_one_line(cli, args: list[str], message: str) -> None:
    result = cli("backtest", SAMPLE, *args)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_run_rounds_are_bounded(cli, emissions: Path) -> None:
    result = cli("run", emissions, "--rounds", "1000000")
    assert result.exit_code != 0 and "10000" in result.output and "Traceback" not in result.output


def test_pivot_model_runs_on_the_libya_scenario(cli) -> None:
    result = cli("run", LIBYA, "--model", "pivot", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    compromise = json.loads(cli("run", LIBYA, "--model", "compromise", "--format", "json").stdout)
    assert data["model"] == "pivot" and 0 < data["forecast"] < 100
    assert data["forecast"] != pytest.approx(compromise["forecast"])  # the core pulls it


def test_what_if_lists_only_the_actors_that_moved(cli, emissions: Path) -> None:
    moved = cli("run", emissions, "--model", "compromise", "--set", "UK.position=4")
    assert moved.exit_code == 0, moved.output
    assert "actors that moved" in moved.stdout
    table = moved.stdout.split("actors that moved", 1)[1]  # the sides above it name every actor
    assert "UK" in table and "Belgium" not in table
    every = cli("run", emissions, "--model", "compromise", "--set", "UK.position=4", "--all")
    assert "Belgium" in every.stdout and "+0.00" in every.stdout
    still = cli("run", emissions, "--model", "eu", "--rounds", "1", "--set", "Ireland.salience=0.1")
    assert "no actor's final position changed" in still.stdout


def test_eu_offer_table_only_with_verbose(cli, emissions: Path) -> None:
    quiet = cli("run", emissions, "--model", "eu", "--rounds", "3")
    assert (
        quiet.exit_code == 0 and "--verbose lists them" in quiet.stdout and "EU proposer" not in quiet.stdout
    )
    loud = cli("run", emissions, "--model", "eu", "--rounds", "3", "--verbose")
    assert "EU proposer" in loud.stdout


def test_plot_creates_missing_folders_or_says_why_not(cli, emissions: Path, tmp_path: Path) -> None:
    result = cli("plot", emissions, "--out", tmp_path / "new" / "deeper" / "chart", "--rounds", "2")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "deeper" / "chart.png").is_file()
    blocker = write(tmp_path, "file", "not a folder")
    blocked = cli("plot", emissions, "--out", blocker / "chart", "--rounds", "2")
    assert blocked.exit_code != 0 and "cannot create the chart's folder" in blocked.output
    assert "Traceback" not in blocked.output


def test_draft_from_a_store(cli, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from multipolar.store import Store

    text = "Turkey armed the GNA. The UAE armed Haftar's forces. Haftar's forces shelled Tripoli."
    doc = Document(text=text, path="t.txt")

    def ev(source: str, target: str, polarity: int, quad: str) -> Event:
        return Event(
            doc=doc.id,
            sentence=text,
            start=len(doc.events),
            end=len(text),
            source=source,
            target=target,
            type="X",
            quad=quad,
            polarity=polarity,
        )

    doc.events = [
        ev("TUR", "LBY-GNA", 1, "material_cooperation"),
        ev("ARE", "LBY-LAAF", 1, "material_cooperation"),
        ev("LBY-LAAF", "LBY-GNA", -1, "material_conflict"),
    ]
    actors = [
        SimpleNamespace(id=i, name=n, type="state", country=None, parent=None, aliases=())
        for i, n in (("TUR", "Turkey"), ("ARE", "United Arab Emirates"))
    ]
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        store.add(doc, actors)
    out = tmp_path / "draft.yaml"
    result = cli("draft", "--db", db, "--pole-a", "LBY-GNA", "--pole-b", "LBY-LAAF", "--out", out)
    assert result.exit_code == 0, result.output
    scenario = read_scenario(out)
    assert scenario.find("Turkey").position == 25 and scenario.find("ARE").position == 75
    assert scenario.find("United Arab Emirates").id == "ARE"
    again = cli("draft", "--db", db, "--pole-a", "LBY-GNA", "--pole-b", "LBY-LAAF", "--out", out)
    assert again.exit_code != 0 and "--force" in again.output
    ran = cli("run", out, "--model", "compromise")
    assert ran.exit_code == 0, ran.output
    missing = cli("draft", "--db", tmp_path / "none.duckdb", "--pole-a", "A", "--pole-b", "B")
    assert missing.exit_code != 0 and "no such store" in missing.output


def test_draft_by_theatre_from_a_store(cli, tmp_path: Path) -> None:
    """--theatre drafts one conflict: poles chosen from its camps, salience from the share of each
    actor's stored events in it, every value with its evidence; the run prints the intervals."""
    from types import SimpleNamespace

    from multipolar.store import Store

    text = "Turkey armed the GNA. The UAE armed Haftar's forces. Haftar's forces shelled Tripoli."
    doc = Document(text=text, path="t.txt")

    def ev(source: str, target: str, polarity: int, quad: str, theatre: str) -> Event:
        return Event(
            doc=doc.id,
            sentence=text,
            start=len(doc.events),
            end=len(text),
            source=source,
            target=target,
            type="X",
            quad=quad,
            polarity=polarity,
            theatre=theatre,
            theatre_basis="place: a test",
        )

    doc.events = [
        ev("TUR", "LBY-GNA", 1, "material_cooperation", "libya"),
        ev("ARE", "LBY-LAAF", 1, "material_cooperation", "libya"),
        ev("LBY-LAAF", "LBY-GNA", -1, "material_conflict", "libya"),
        ev("TUR", "SYR", -1, "material_conflict", "syria"),
    ]
    actors = [
        SimpleNamespace(id=i, name=n, type="state", country=None, parent=None, aliases=())
        for i, n in (("TUR", "Turkey"), ("ARE", "United Arab Emirates"))
    ]
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        store.add(doc, actors)
    out = tmp_path / "libya.yaml"
    result = cli("draft", "--db", db, "--theatre", "libya", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Poles chosen" in result.stdout and "1 tie, 1 material act" in result.stdout
    scenario = read_scenario(out)
    assert (scenario.actors[0].key, scenario.actors[1].key) == ("LBY-GNA", "LBY-LAAF")
    turkey = scenario.find("TUR")
    assert turkey.position == 25 and turkey.salience == 0.5  # one of its two events is in Libya
    assert turkey.evidence["salience"]["rule"] == "1 of its 2 events are in libya"
    assert "Turkey armed the GNA" in turkey.evidence["position"]["events"][0]
    assert scenario.extra["theatre"] == "libya"
    ran = cli("run", out, "--model", "compromise")
    assert ran.exit_code == 0, ran.output
    assert "intervals: 50% " in ran.stdout and "winner's side: " in ran.stdout
    as_json = cli("draft", "--db", db, "--theatre", "libya", "--out", out, "--force", "--format", "json")
    assert json.loads(as_json.stdout)["scenario"]["actors"][2]["evidence"]["salience"]
    neither = cli("draft", "--db", db)
    assert neither.exit_code != 0 and "--theatre" in neither.output and "Traceback" not in neither.output
    unknown = cli("draft", "--db", db, "--theatre", "atlantis", "--out", tmp_path / "x.yaml")
    assert unknown.exit_code != 0 and "not defined" in unknown.output and "Traceback" not in unknown.output
    one = cli("draft", "--db", db, "--theatre", "libya", "--pole-a", "TUR", "--out", tmp_path / "y.yaml")
    assert one.exit_code != 0 and "both poles" in one.output


# -- hostile and broken input ------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    """The 'billion laughs': each level nests ten aliases of the one before (10^9 strings at 9)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    lines.append(f"issue: *a{levels}\nnotes: *a{levels}\nactors: []")
    return "\n".join(lines) + "\n"


def test_yaml_aliases_are_refused_before_they_expand(cli, tmp_path: Path) -> None:
    import time

    path = write(tmp_path, "bomb.yaml", alias_bomb())
    assert len(path.read_bytes()) < 1000
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=r"bomb.yaml: line 2: YAML aliases \(\*name\) are not allowed"):
        read_scenario(path)
    result = cli("run", path)
    assert time.perf_counter() - start < 10
    assert result.exit_code != 0 and "aliases" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_single_alias_is_refused_too(tmp_path: Path) -> None:
    text = "actors:\n  - &t {name: A, capability: 1, position: 0, salience: 1}\n  - *t\n"
    with pytest.raises(ScenarioError, match="aliases"):
        read_scenario(write(tmp_path, "one.yaml", text))


def test_latin1_csv_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "Côte d'Ivoire,0.2,10,0.5\nSão Tomé,0.1,90,0.4\n").encode("cp1252"))
    assert read_scenario(path).names == ["Côte d'Ivoire", "São Tomé"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,nan,2,0.5", r"row 2 \(A\): capability 'nan' is not a finite number"),
        ("A,1,inf,0.5", r"row 2 \(A\): position 'inf' is not a finite number"),
        ("A,1,-Infinity,0.5", r"row 2 \(A\): position '-Infinity' is not a finite number"),
        ("A,1,2,NaN", r"row 2 \(A\): salience 'NaN' is not a finite number"),
        ("A,1,2,-0.5", r"row 2 \(A\): salience -0.5 is outside 0..1"),
        ("A,1,1e308,0.5", r"row 2 \(A\): position 1e\+308 is outside \+-1e\+09"),
        ("A,1e308,2,0.5", r"row 2 \(A\): capability 1e\+308 is above 1e\+12"),
    ],
)
def test_non_finite_and_out_of_range_values_name_the_row(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_scenario(write(tmp_path, "bad.csv", HEADER + row + "\nB,1,3,0.5\n"))


def test_yaml_values_are_checked_too(cli, tmp_path: Path) -> None:
    text = (
        "actors:\n  - {name: A, capability: 1, position: .nan, salience: 1}\n"
        "  - {name: B, capability: 1, position: 1, salience: 1}\n"
    )
    result = cli("run", write(tmp_path, "nan.yaml", text))
    assert result.exit_code != 0 and "actor 1 (A): position nan is not a finite number" in result.output
    role = text.replace(".nan", "0").replace("salience: 1}", "salience: 1, role: king}", 1)
    with pytest.raises(ScenarioError, match="role 'king'"):
        read_scenario(write(tmp_path, "role.yaml", role))
