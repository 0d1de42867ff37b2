"""The analysis commands on a small store: contract, formats, windows, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from multipolar.cli import analyse as commands
from multipolar.document import Document, Event
from multipolar.store import Store

QUADS = {
    "AID": ("material_cooperation", 1),
    "CONSULT": ("verbal_cooperation", 1),
    "ASSAULT": ("material_conflict", -1),
    "ACCUSE": ("verbal_conflict", -1),
}
TIES = [  # (source, target, type, date): two camps, R arms camp A and consults B1, then turns on A1
    ("A1", "A2", "AID", "2020-01-03"),
    ("A2", "A3", "CONSULT", "2020-01-04"),
    ("A1", "A3", "AID", "2020-01-05"),
    ("B1", "B2", "AID", "2020-01-06"),
    ("A1", "B1", "ASSAULT", "2020-01-07"),
    ("B2", "A3", "ACCUSE", "2020-01-08"),
    ("A2", "B2", "ACCUSE", "2020-01-09"),
    ("R", "A1", "AID", "2020-01-10"),
    ("R", "A2", "AID", "2020-01-11"),
    ("R", "B1", "CONSULT", "2020-01-12"),
    ("B1", "R", "CONSULT", "2020-01-13"),
    ("R", "B2", "ASSAULT", "2020-01-14"),
    ("R", "A1", "ACCUSE", "2020-03-01"),
]


def make_db(
    path: Path, ties: list[tuple[str, str, str, str]] = TIES, units: dict[str, str] | None = None
) -> Path:
    """A store with *ties*; every actor is a state, except the *units* (``id -> state``), military."""
    units = units or {}
    text = " ".join(f"s{i}." for i in range(len(ties)))
    doc = Document(text=text, path="t.txt", title="T")
    doc.events = [
        Event(
            doc=doc.id,
            sentence=f"s{i}.",
            start=i,
            end=i + 1,
            source=s,
            target=t,
            type=k,
            quad=QUADS[k][0],
            polarity=QUADS[k][1],
            date=d,
            trigger=f"t{i}",
        )
        for i, (s, t, k, d) in enumerate(ties)
    ]
    ids = sorted({a for tie in ties for a in tie[:2]})
    actors = [
        SimpleNamespace(
            id=a,
            name=f"Actor {a}",
            type="military" if a in units else "state",
            country=units.get(a, a),
            parent=units.get(a),
            aliases=(),
        )
        for a in ids
    ]
    with Store(path) as store:
        store.add(doc, actors)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return make_db(tmp_path_factory.mktemp("cli") / "m.duckdb")


@pytest.fixture(scope="module")
def cli():
    app = typer.Typer()
    commands.register(app)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def test_network_json_contract(cli, db: Path) -> None:
    result = cli("network", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"nodes", "edges", "blocs", "brokers"}
    assert {n["id"]: n["name"] for n in data["nodes"]}["R"] == "Actor R"
    assert {frozenset(b) for b in data["blocs"]} == {
        frozenset({"A1", "A2", "A3", "R"}),
        frozenset({"B1", "B2"}),
    }
    assert data["brokers"][0] == "R"


def test_window_changes_the_network(cli, db: Path) -> None:
    whole = json.loads(cli("network", "--db", str(db), "-f", "json").stdout)
    january = json.loads(cli("network", "--db", str(db), "-f", "json", "--until", "2020-01-31").stdout)
    weight = {(e["source"], e["target"]): e["weight"] for e in january["edges"]}
    assert weight[("R", "A1")] == 2.0
    assert {(e["source"], e["target"]): e["weight"] for e in whole["edges"]}[("R", "A1")] == 1.0


def test_document_filter(cli, db: Path) -> None:
    with Store(db, read_only=True) as store:
        (doc,) = [d["id"] for d in store.documents()]
    data = json.loads(cli("network", "--db", str(db), "-f", "json", "--doc", doc[:6]).stdout)
    assert len(data["nodes"]) == 6


def test_blocs_and_brokers_tables(cli, db: Path) -> None:
    blocs = cli("blocs", "--db", str(db))
    assert blocs.exit_code == 0 and "frustration" in blocs.output and "Actor R" in blocs.output
    data = json.loads(cli("blocs", "--db", str(db), "-f", "json").stdout)
    assert data["frustration"] > 0 and 0 < data["normalised_frustration"] < 0.5
    assert data["by_opposition"] == []  # every actor here has an ally in its bloc
    table = cli("blocs", "--db", str(db), "-f", "csv").stdout.splitlines()
    assert table[0] == "bloc,id,name,placed_by" and table[1].endswith(",alliance")
    rows = cli("brokers", "--db", str(db), "-f", "csv", "--top", "2").stdout.splitlines()
    assert rows[0].startswith("rank,id,name,bloc,score") and rows[1].startswith("1,R,") and len(rows) == 3


def test_timeline_and_side_change(cli, db: Path) -> None:
    data = json.loads(cli("timeline", "--db", str(db), "--actor", "R", "--with", "A1", "-f", "json").stdout)
    assert [(r["window"], r["net"]) for r in data["timeline"]] == [("2020-01", 2.0), ("2020-03", -1.0)]
    assert any(c["actor"] == "R" and c["to_window"] == "2020-03" for c in data["side_changes"])
    bloc = cli("timeline", "--db", str(db), "--bloc", "1", "--freq", "year", "-f", "csv")
    assert bloc.exit_code == 0 and bloc.stdout.splitlines()[1].startswith("2020,B1+B2,")


def test_units_fold_into_their_state_unless_kept(cli, tmp_path: Path) -> None:
    # B1's army fights A1 and arms B2: with --merge-units (the default) those are B1's ties.
    ties = [*TIES, ("B1-ARMY", "A1", "ASSAULT", "2020-01-20"), ("B1-ARMY", "B2", "AID", "2020-01-21")]
    db = make_db(tmp_path / "units.duckdb", ties, units={"B1-ARMY": "B1"})
    merged = json.loads(cli("network", "--db", str(db), "-f", "json").stdout)
    assert "B1-ARMY" not in {n["id"] for n in merged["nodes"]}
    weight = {(e["source"], e["target"]): e["weight"] for e in merged["edges"]}
    assert weight[("B1", "B2")] == 4.0 and weight[("B1", "A1")] == -2.0
    kept = json.loads(cli("network", "--db", str(db), "-f", "json", "--keep-units").stdout)
    assert {n["id"]: n["bloc"] for n in kept["nodes"]}["B1-ARMY"] is not None
    assert {(e["source"], e["target"]): e["weight"] for e in kept["edges"]}[("B1", "B2")] == 2.0


def test_export_graphml_and_plover(cli, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    assert cli("export", "--db", str(db), "--format", "graphml", "--out", str(out)).exit_code == 0
    assert set(nx.read_graphml(out).nodes) == {"A1", "A2", "A3", "B1", "B2", "R"}
    records = json.loads(cli("export", "--db", str(db), "--format", "plover-json").stdout)
    assert len(records) == len(TIES) and records[0]["source"][0]["name"] == "Actor A1"
    edges = cli("export", "--db", str(db), "--format", "csv", "--what", "edges").stdout
    assert edges.startswith("source,target,weight")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("network", "--db", "missing.duckdb"), "no such database"),
        (("blocs", "--since", "2020-13-01"), "--since expects YYYY-MM-DD"),
        (("timeline",), "give --actor ID or --bloc N"),
        (("timeline", "--actor", "XYZ"), "no events for XYZ"),
        (("timeline", "--bloc", "7"), "there are 2 bloc(s)"),
        (("export", "--format", "gexf"), "needs a file to write (out, --out FILE)"),
        (("export", "--format", "plover-json", "--what", "edges"), "a table (--what) is for csv"),
        (("network", "--since", "2020-02-01", "--until", "2020-01-01"), "is after"),
        (("network", "--doc", "zzz"), "no such document"),
    ],
)
def test_bad_input_is_one_line(cli, db: Path, tmp_path: Path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    if "--db" not in args:
        args = (*args, "--db", str(db))
    result = cli(*args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_broken_database_is_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    result = cli("brokers", "--db", str(bad))
    assert result.exit_code == 1 and "error" in result.output and "Traceback" not in result.output
