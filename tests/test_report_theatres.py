"""The report's theatres on the demo store: ``report --theatre``, the per-theatre views behind the
page's theatre menu, and the rivalries section; the same from a DuckDB and a Parquet store."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.show.report import payload_from_store
from multipolar.show.report_scale import payload_at_scale
from multipolar.store import open_store
from test_report import data_of

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_payload(demo_db: Path) -> dict:
    with open_store(demo_db, read_only=True) as store:
        return payload_from_store(store)


def test_report_theatre_keeps_that_theatres_events_only(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "libya.html"
    result = runner.invoke(app, ["report", "--db", str(demo_db), "--theatre", "libya", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert {r[data["events"]["columns"].index("theatre")] for r in data["events"]["rows"]} == {"libya"}
    assert data["theatres"]["selected"] == ["Libya"]
    assert [o["id"] for o in data["theatres"]["options"]] == ["libya"]
    assert f"{data['summary']['events']} events" in result.output
    assert {"LBY-LAAF", "LBY-GNA"} <= {n["id"] for n in data["network"]["nodes"]}
    assert "YEM-HOUTHI" not in {n["id"] for n in data["network"]["nodes"]}


def test_report_unknown_theatre_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.html"
    result = runner.invoke(app, ["report", "--db", str(demo_db), "--theatre", "atlantis", "-o", str(out)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "theatre 'atlantis': not defined" in lines[0], result.output
    assert "Traceback" not in result.output and not out.exists()


def test_report_theatre_from_a_parquet_store(demo_db: Path, tmp_path: Path) -> None:
    parquet, out = tmp_path / "store", tmp_path / "karabakh.html"
    copied = runner.invoke(app, ["store", "copy", "--db", str(demo_db), "--store", str(parquet)])
    assert copied.exit_code == 0, copied.output
    result = runner.invoke(app, ["report", "--store", str(parquet), "-t", "nagorno-karabakh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    blocs = data_of(out.read_text(encoding="utf-8"))["network"]["blocs"]
    bloc_of = {a: i for i, bloc in enumerate(blocs) for a in bloc}
    assert bloc_of["ARM"] != bloc_of["AZE"]


def test_menu_lists_the_theatres_with_events_each_with_its_own_view(demo_payload: dict) -> None:
    menu = demo_payload["theatres"]
    assert menu["selected"] is None
    ids = [o["id"] for o in menu["options"]]
    assert {"libya", "syria", "nagorno-karabakh", "south-caucasus", "bilateral"} <= set(ids)
    assert ids.index("sahel") < ids.index("mali")  # a region before the theatres inside it
    views = menu["views"]
    assert set(views) == set(ids)
    assert {"mali", "sahel"} <= set(views["sahel"]["members"]) and views["bilateral"]["members"] == [None]
    column = demo_payload["events"]["columns"].index("theatre")
    act = demo_payload["events"]["columns"].index("incident")  # the table lists reports; views count acts
    for option in menu["options"]:
        view = views[option["id"]]
        listed = {r[act] for r in demo_payload["events"]["rows"] if r[column] in view["members"]}
        if option["id"] != "bilateral":  # (bilateral: theatre None, told apart by its basis)
            assert len(listed) == option["events"] == view["summary"]["events"]
        assert {"network", "text", "heatmap", "timeline", "summary"} <= set(view)
    # Karabakh alone splits Armenia from Azerbaijan; the whole network need not
    karabakh = {a: i for i, bloc in enumerate(views["nagorno-karabakh"]["network"]["blocs"]) for a in bloc}
    assert karabakh["ARM"] != karabakh["AZE"]
    assert "LBY-LAAF" not in {n["id"] for n in views["nagorno-karabakh"]["network"]["nodes"]}


def test_rivalries_section_lists_russia_turkey_with_evidence(demo_payload: dict) -> None:
    rivalries = demo_payload["rivalries"]["rivalries"]
    pairs = [tuple(r["pair"]) for r in rivalries]
    assert ("RUS", "TUR") in pairs
    rus_tur = rivalries[pairs.index(("RUS", "TUR"))]
    assert rus_tur["names"] == ["Russia", "Turkey"]
    signs = {r["sign"] for r in rus_tur["readings"]}
    assert signs == {-1, 1}
    for reading in rus_tur["readings"]:
        assert reading["name"] and reading["evidence"], reading
        assert all(e["sentence"] for e in reading["evidence"])
        assert len(reading["evidence"]) <= reading["events"]
    assert "Libya" in {r["name"] for r in rus_tur["readings"] if r["sign"] < 0}


def test_views_agree_between_the_python_and_the_sql_path(demo_db: Path, demo_payload: dict) -> None:
    with open_store(demo_db, read_only=True) as store:
        scaled = payload_at_scale(store)
    assert scaled["theatres"]["options"] == demo_payload["theatres"]["options"]
    for key, view in demo_payload["theatres"]["views"].items():
        other = scaled["theatres"]["views"][key]
        assert other["network"]["blocs"] == view["network"]["blocs"], key
        assert other["summary"]["events"] == view["summary"]["events"], key
    assert [r["pair"] for r in scaled["rivalries"]["rivalries"]] == [
        r["pair"] for r in demo_payload["rivalries"]["rivalries"]
    ]
