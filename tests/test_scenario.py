"""Scenario files (CSV and YAML), their validation, the bundled Libya scenario, and the CLI."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.document import Document, Event
from multipolar.forecast import ScenarioError, read_scenario
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
    assert set(data) == {"model", "forecast", "rounds"} and data["model"] == "eu"
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
    assert [d["model"] for d in data] == ["compromise", "median", "eu"]
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


def test_backtest_command(cli, tmp_path: Path) -> None:
    path = write(
        tmp_path, "deu.csv", "isnr;pde;sde;pfr;sfr;rp;out\n1;100;80;0;50;0;60\n2;0;90;100;40;100;20\n"
    )
    result = cli("backtest", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["issues"] == 2 and set(data["mae"]) == {"compromise", "median", "eu", "status quo"}
    assert data["mae"]["status quo"] == pytest.approx(70)


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
    assert scenario.find("Turkey").position == 0 and scenario.find("ARE").position == 100
    assert scenario.find("United Arab Emirates").id == "ARE"
    again = cli("draft", "--db", db, "--pole-a", "LBY-GNA", "--pole-b", "LBY-LAAF", "--out", out)
    assert again.exit_code != 0 and "--force" in again.output
    ran = cli("run", out, "--model", "compromise")
    assert ran.exit_code == 0, ran.output
    missing = cli("draft", "--db", tmp_path / "none.duckdb", "--pole-a", "A", "--pole-b", "B")
    assert missing.exit_code != 0 and "no such store" in missing.output
