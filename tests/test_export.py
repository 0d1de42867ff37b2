"""Exports reload with networkx and keep the network; PLOVER JSON has the documented shape."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from multipolar.analyse import analyse
from multipolar.document import Event
from multipolar.show.export import FORMATS, export, plover_record, table_csv

Q = {
    "AID": ("material_cooperation", 1),
    "CONSULT": ("verbal_cooperation", 1),
    "ASSAULT": ("material_conflict", -1),
    "ACCUSE": ("verbal_conflict", -1),
}


def ev(source: str, target: str | None, type_: str, n: int, date: str | None = "2020-01-05") -> Event:
    quad, polarity = Q[type_]
    return Event(
        doc="doc1",
        sentence=f"sentence {n}",
        start=10 * n,
        end=10 * n + 9,
        source=source,
        target=target,
        type=type_,
        quad=quad,
        polarity=polarity,
        mode=None,
        context="military",
        date=date,
        trigger=f"verb{n}",
        source_text=source.lower(),
        pattern="p",
    )


EVENTS = [
    ev("RUS", "LAAF", "AID", 1),
    ev("TUR", "GNA", "AID", 2),
    ev("LAAF", "GNA", "ASSAULT", 3),
    ev("RUS", "TUR", "CONSULT", 4, "2020-01-05/2020-01-08"),
    ev("EGY", "LAAF", "AID", 5),
    ev("TUR", "EGY", "ACCUSE", 6),
    ev("UN", None, "CONSULT", 7),
]
NAMES = {"RUS": "Russia", "TUR": "Turkey", "GNA": "Government of National Accord"}


@pytest.fixture(scope="module")
def analysis():
    return analyse(EVENTS, NAMES)


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_reload_with_networkx(analysis, tmp_path: Path, fmt: str, reader) -> None:
    (path,) = export(fmt, analysis, EVENTS, tmp_path / f"net.{fmt}", NAMES)
    graph = reader(path)
    assert graph.is_directed()
    assert set(graph.nodes) == set(analysis.graph.nodes)
    assert set(graph.edges) == set(analysis.graph.edges)
    for u, v, data in analysis.graph.edges(data=True):
        assert float(graph.edges[u, v]["weight"]) == pytest.approx(data["weight"])
        assert int(graph.edges[u, v]["polarity"]) == data["polarity"]
        assert int(graph.edges[u, v]["events"]) == len(data["events"])
        assert graph.edges[u, v]["event_ids"].split() == data["events"]
    assert graph.nodes["RUS"]["name"] == "Russia"
    assert int(graph.nodes["RUS"]["bloc"]) == analysis.blocs.bloc_of("RUS")
    assert int(graph.nodes["UN"]["bloc"]) == -1  # no signed tie


def test_csv_folder_has_three_tables(analysis, tmp_path: Path) -> None:
    written = export("csv", analysis, EVENTS, tmp_path / "tables")
    assert sorted(p.name for p in written) == ["edges.csv", "events.csv", "nodes.csv"]
    read = {p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in written}
    assert len(read["nodes"]) == analysis.graph.number_of_nodes()
    assert len(read["edges"]) == analysis.graph.number_of_edges()
    assert len(read["events"]) == len(EVENTS)
    edge = next(r for r in read["edges"] if (r["source"], r["target"]) == ("LAAF", "GNA"))
    assert float(edge["weight"]) == -2 and edge["conflict"] == "1"
    assert table_csv("nodes", analysis, EVENTS).splitlines()[0].startswith("id,name,bloc")
    with pytest.raises(ValueError):
        table_csv("people", analysis, EVENTS)


def test_plover_json(analysis, tmp_path: Path) -> None:
    (path,) = export("plover-json", analysis, EVENTS, tmp_path / "events.json", NAMES)
    records = json.loads(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [e.id for e in EVENTS]
    first = records[0]
    assert first["event"] == "AID" and first["quad"] == "material_cooperation" and first["quadClass"] == 2
    assert first["source"] == [{"actorText": "rus", "code": "RUS", "name": "Russia"}]
    assert first["target"][0]["code"] == "LAAF" and first["target"][0]["name"] == "LAAF"
    assert first["text"] == "sentence 1" and first["eventText"] == "verb1" and first["offsets"] == [10, 19]
    interval = next(r for r in records if r["event"] == "CONSULT" and r["target"])
    assert interval["date"] == "2020-01-05" and interval["dateRange"] == ["2020-01-05", "2020-01-08"]
    assert records[-1]["target"] == ""
    assert "dateRange" not in plover_record(EVENTS[0])


def test_unknown_format(analysis, tmp_path: Path) -> None:
    assert "plover-json" in FORMATS
    with pytest.raises(ValueError, match="unknown export format"):
        export("pajek", analysis, EVENTS, tmp_path / "x")
