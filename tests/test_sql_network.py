"""The SQL path of the analysis gives what the Python path gives, on both kinds of store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.analyse import (
    alignment_timeline,
    build_network,
    find_blocs,
    fold_units,
    side_changes,
    unit_parents,
)
from multipolar.analyse.sql import network_from_store, side_changes_from_store, timeline_from_store
from multipolar.cli import app
from multipolar.cli.corpus import demo_files
from multipolar.corpus import ingest
from multipolar.store import Store, open_store
from multipolar.store.copy import copy_store

runner = CliRunner()


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, pipeline) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.duckdb"
    with Store(db) as store:
        ingest([demo_files()], store, pipeline=pipeline)
    with Store(db, read_only=True) as store:
        copy_store(store, folder / "parquet")
    return {"db": db, "parquet": folder / "parquet"}


def python_network(store, merge: bool = True, **window):
    events = store.events(**window)
    actors = store.actors()
    if merge:
        events = fold_units(events, unit_parents(actors))
    return build_network(events, names={a["id"]: a["name"] for a in actors}), events


WINDOWS = [{}, {"since": date(2019, 11, 1), "until": date(2020, 6, 30)}, {"until": date(2019, 1, 1)}]


@pytest.mark.parametrize("kind", ["db", "parquet"])
@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("merge", [True, False])
def test_the_sql_network_is_the_python_network(stores, kind: str, window: dict, merge: bool) -> None:
    with open_store(stores[kind]) as store:
        expected, _ = python_network(store, merge, **window)
        names = {a["id"]: a["name"] for a in store.actors()}
        got = network_from_store(store, names=names, merge=merge, **window)
    assert list(got.nodes(data=True)) == list(expected.nodes(data=True))  # same order, same attributes
    assert list(got.edges(data=True)) == list(expected.edges(data=True))
    assert expected.number_of_edges() > (20 if not window else 0)


def test_joint_acts_are_shared_in_sql_as_in_python(stores) -> None:
    with open_store(stores["db"]) as store:
        joint = store.sql(
            "SELECT count(*) FROM events a JOIN events b ON a.doc = b.doc AND a.start = b.start "
            "AND a.trigger = b.trigger AND a.type = b.type AND a.source = b.target AND a.target = b.source"
        ).fetchone()[0]
        assert joint > 0  # the demo has joint acts, so the comparison above covers them
        docs = [store.documents()[0]["id"]]
        expected, _ = python_network(store, docs=docs)
        assert list(network_from_store(store, docs=docs).edges(data="weight")) == list(
            expected.edges(data="weight")
        )


@pytest.mark.parametrize("freq", ["month", "quarter", "year"])
def test_timelines_and_side_changes_in_sql_are_those_of_python(stores, freq: str) -> None:
    with open_store(stores["parquet"]) as store:
        graph, events = python_network(store)
        blocs = find_blocs(graph)
        for actor, partner in [
            ("TUR", None),
            ("TUR", "RUS"),
            (blocs.blocs[0], blocs.blocs[1]),
            ("RUS", ["TUR", "LBY-GNA"]),
        ]:
            assert timeline_from_store(store, actor, partner, freq=freq) == alignment_timeline(
                events, actor, partner, freq=freq
            )
        assert side_changes_from_store(store, blocs, freq=freq) == side_changes(events, blocs, freq=freq)
        some = set(blocs.blocs[0][:3])
        assert side_changes_from_store(store, blocs, freq=freq, actors=some) == side_changes(
            events, blocs, freq=freq, actors=some
        )


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_analysis_command_reads_the_parquet_store_as_the_duckdb_file(stores, tmp_path: Path) -> None:
    db, pq = ["--db", str(stores["db"])], ["--store", str(stores["parquet"])]
    for command in (
        ["network", "-f", "json"],
        ["blocs", "-f", "json"],
        ["brokers", "-f", "csv"],
        ["timeline", "--actor", "TUR", "--freq", "quarter", "-f", "json"],
        ["timeline", "--bloc", "0", "-f", "csv"],
        ["events", "--actor", "RUS", "-f", "csv"],
        ["documents", "-f", "csv"],
        ["export", "--format", "csv", "--what", "edges"],
        ["export", "--format", "plover-json"],
    ):
        assert cli(*command, *pq) == cli(*command, *db), command
    assert cli("actors", *pq, "-f", "csv") == cli("actors", *db, "-f", "csv")
    assert cli("actors", "unknown", *pq, "-f", "csv") == cli("actors", "unknown", *db, "-f", "csv")
    for source, name in ((db, "a.yaml"), (pq, "b.yaml")):
        cli(
            "scenario",
            "draft",
            "--pole-a",
            "LBY-GNA",
            "--pole-b",
            "LBY-LAAF",
            *source,
            "--out",
            str(tmp_path / name),
        )
    assert (tmp_path / "a.yaml").read_text() == (tmp_path / "b.yaml").read_text()
    for source, name in ((db, "a.html"), (pq, "b.html")):
        cli("report", *source, "--out", str(tmp_path / name))
    payload = [
        (tmp_path / n).read_text(encoding="utf-8").split('<script type="application/json"', 1)[1]
        for n in ("a.html", "b.html")
    ]
    assert payload[0] == payload[1]
    network = json.loads(cli("network", "-f", "json", *pq))
    assert len(network["blocs"]) >= 2 and network["brokers"]


def test_store_copy_and_compact_commands(stores, tmp_path: Path) -> None:
    out = cli("store", "copy", "--db", str(stores["db"]), "--store", str(tmp_path / "p"))
    assert "events" in out
    out = cli("store", "compact", "--store", str(tmp_path / "p"))
    assert out.startswith("compacted")
    assert cli("blocs", "--store", str(tmp_path / "p"), "-f", "csv") == cli(
        "blocs", "--db", str(stores["db"]), "-f", "csv"
    )


def test_the_report_of_a_large_store_aggregates_in_sql_what_the_small_one_computes(
    stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multipolar.show.report_scale as scale

    with open_store(stores["parquet"]) as store:
        exact = scale.store_payload(store)
        monkeypatch.setattr(scale, "REPORT_EVENTS", 25)
        large = scale.store_payload(store)
        newest = store.events()[-25:]
    assert exact["summary"]["events"] > 25 and "events_shown" not in exact["summary"]
    assert large["summary"] == {**exact["summary"], "events_shown": 25}
    for part in ("actors", "text", "timeline", "heatmap", "vocabulary", "title"):
        assert large[part] == exact[part], part
    assert large["network"] == exact["network"]
    assert len(large["events"]["rows"]) == 25
    ids = large["events"]["columns"].index("id")
    assert [row[ids] for row in large["events"]["rows"]] == [e.id for e in newest]
