"""The theatre commands on the demo store and the seed: theatres, rivalries, blocs per conflict.

The demo outcomes asserted here are what the texts say plainly and any reasonable coder finds;
the per-theatre camps are listed in full in docs/theatres.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import multipolar
from multipolar.cli import app

runner = CliRunner()


def cli(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_theatres_lists_each_conflict_with_its_actors(demo_db: Path) -> None:
    rows = json.loads(cli("theatres", "--db", str(demo_db), "-f", "json").stdout)
    by_id = {r["theatre"]: r for r in rows}
    conflicts = {"libya", "syria", "nagorno-karabakh", "yemen", "sudan", "east-mediterranean", "mali"}
    assert conflicts <= set(by_id)
    assert {"LBY-LAAF", "LBY-GNA"} <= {a["id"] for a in by_id["libya"]["actors"]}
    # a region counts the events of the theatres inside it
    assert by_id["south-caucasus"]["total"] == by_id["nagorno-karabakh"]["events"]
    # each act once by default; every report with --count reports
    with multipolar.open(demo_db) as corpus:
        assert sum(r["events"] for r in rows) == len(corpus.incidents())
        reports = json.loads(cli("theatres", "--db", str(demo_db), "-f", "json", "--count", "reports").stdout)
        assert sum(r["events"] for r in reports) == len(corpus.events()) > len(corpus.incidents())


def test_theatres_defined_needs_no_store() -> None:
    rows = json.loads(cli("theatres", "--defined", "-f", "json").stdout)
    assert {"theatre", "name", "country", "parent", "places"} <= set(rows[0])
    assert any(r["theatre"] == "south-china-sea" for r in rows)


def test_rivalries_json_carries_evidence_sentences(demo_db: Path) -> None:
    data = json.loads(cli("rivalries", "--db", str(demo_db), "-f", "json").stdout)
    for rivalry in data["rivalries"]:
        signs = {r["sign"] for r in rivalry["readings"]}
        assert signs == {-1, 1}, rivalry
        for reading in rivalry["readings"]:
            assert reading["events"] and all(i in data["evidence"] for i in reading["events"])
    assert all(e["sentence"] for e in data["evidence"].values())


def test_rivalries_table_and_csv(demo_db: Path) -> None:
    table = cli("rivalries", "--db", str(demo_db), "--top", "2").stdout
    assert "Rivalries" in table and "Brokers by theatre" in table
    csv = cli("rivalries", "--db", str(demo_db), "-f", "csv").stdout.splitlines()
    assert csv[0] == "a,b,weight,theatre,kind,sign,reading_weight,events"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rivalries", "--theatre", "Atlantis"), "not defined"),
        (("rivalries", "--since", "2020-13-01"), "--since expects YYYY-MM-DD"),
        (("theatres", "--doc", "zzz"), "no such document"),
    ],
)
def test_bad_input_is_one_line(demo_db: Path, args: tuple[str, ...], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(demo_db)])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_a_store_without_theatres_says_how_to_get_them(demo_db: Path, tmp_path: Path) -> None:
    import duckdb

    old = tmp_path / "old.duckdb"
    old.write_bytes(demo_db.read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("UPDATE events SET theatre = NULL, theatre_basis = NULL")
    result = runner.invoke(app, ["rivalries", "--db", str(old), "--theatre", "libya"])
    assert result.exit_code == 0 and "multipolar ingest" in result.output


# -- per-conflict camps on the demo ---------------------------------------------------------------


def _camps(demo_db: Path, theatre: str) -> dict[str, int]:
    with multipolar.open(demo_db) as corpus:
        return corpus.blocs(theatre=theatre).assignment


def test_libya_splits_haftar_and_his_backers_from_the_gna_and_turkey(demo_db: Path) -> None:
    camps = _camps(demo_db, "libya")
    assert camps["LBY-LAAF"] != camps["LBY-GNA"]
    assert camps["TUR"] == camps["LBY-GNA"]
    assert all(camps[a] == camps["LBY-LAAF"] for a in ("ARE", "EGY")), camps


def test_within_libya_russia_sits_with_the_side_it_backs(demo_db: Path) -> None:
    camps = _camps(demo_db, "libya")
    assert camps["RUS"] == camps["LBY-LAAF"]


def test_armenia_and_azerbaijan_are_in_opposite_camps_within_karabakh(demo_db: Path) -> None:
    camps = _camps(demo_db, "nagorno-karabakh")
    assert camps["ARM"] != camps["AZE"]
    assert camps["TUR"] == camps["AZE"]


# -- the seed: Russia and Turkey -----------------------------------------------------------------


@pytest.mark.seed
def test_on_the_seed_russia_and_turkey_are_a_rivalry_with_evidence(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "seed.duckdb"
    cli("ingest", str(seed_path), "--db", str(db))
    data = json.loads(cli("rivalries", "--db", str(db), "-f", "json").stdout)
    [rivalry] = [r for r in data["rivalries"] if r["pair"] == ["RUS", "TUR"]]
    opposed = [r for r in rivalry["readings"] if r["sign"] < 0]
    cooperating = [r for r in rivalry["readings"] if r["sign"] > 0]
    assert any(r["theatre"] == "libya" and r["kind"] == "proxy" for r in opposed), rivalry
    assert cooperating, rivalry
    chain = {(data["evidence"][i]["source"], data["evidence"][i]["target"]) for i in opposed[0]["events"]}
    assert ("RUS", "LBY-LAAF") in chain and ("TUR", "LBY-GNA") in chain  # who backs whom


# -- --theatre on the analysis commands, through the same API ------------------------------------


@pytest.mark.parametrize("command", ["network", "blocs", "brokers"])
def test_the_commands_give_what_the_api_gives(demo_db: Path, command: str) -> None:
    data = json.loads(cli(command, "--db", str(demo_db), "--theatre", "libya", "-f", "json").stdout)
    with multipolar.open(demo_db) as corpus:
        if command == "network":
            assert data == corpus.network_json(theatre="libya")
        elif command == "blocs":
            assert data["blocs"] == corpus.blocs(theatre="libya").blocs
        else:
            assert [b["id"] for b in data] == [b.actor for b in corpus.brokers(theatre="libya")]


def test_a_theatre_network_holds_only_that_theatres_events(demo_db: Path) -> None:
    data = json.loads(cli("network", "--db", str(demo_db), "--theatre", "Karabakh", "-f", "json").stdout)
    actors = {n["id"] for n in data["nodes"]}
    assert {"ARM", "AZE"} <= actors and "LBY-LAAF" not in actors


def test_a_theatre_is_named_by_its_countrys_iso_code_too(demo_db: Path) -> None:
    by_code = json.loads(cli("blocs", "--db", str(demo_db), "--theatre", "lby", "-f", "json").stdout)
    by_id = json.loads(cli("blocs", "--db", str(demo_db), "--theatre", "libya", "-f", "json").stdout)
    assert by_code == by_id and by_code["blocs"]


def test_events_timeline_and_export_take_a_theatre(demo_db: Path, tmp_path: Path) -> None:
    events = json.loads(cli("events", "--db", str(demo_db), "--theatre", "syria", "-f", "json").stdout)
    assert events and {e["theatre"] for e in events} == {"syria"}
    assert all(e["theatre_basis"] for e in events)
    rows = json.loads(
        cli("timeline", "--db", str(demo_db), "--actor", "TUR", "--theatre", "syria", "-f", "json").stdout
    )
    assert rows["timeline"] and {r["actor"] for r in rows["timeline"]} == {"TUR"}
    cli("export", "--db", str(demo_db), "--theatre", "bilateral", "-f", "csv", "--out", str(tmp_path / "t"))
    lines = (tmp_path / "t" / "events.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 == len(
        json.loads(cli("events", "--db", str(demo_db), "-t", "bilateral", "-f", "json").stdout)
    )


def test_an_unknown_theatre_is_one_line_on_every_command(demo_db: Path) -> None:
    for command in ("network", "blocs", "brokers", "events"):
        result = runner.invoke(app, [command, "--db", str(demo_db), "--theatre", "Narnia"])
        assert result.exit_code == 1 and "not defined" in result.output, command
