"""The Python API: multipolar.extract and multipolar.open, their tables, graphs and objects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import multipolar
from multipolar.analyse import Blocs, BrokerScore
from multipolar.analyse.rivalries import Rivalries
from multipolar.document import Event

DEMO = Path(__file__).resolve().parents[1] / "src" / "multipolar" / "data" / "demo"

EDGE_ATTRIBUTES = {"weight", "polarity", "cooperation", "conflict", "material", "events"}


def _imported_after(code: str) -> set[str]:
    """Which heavy libraries are loaded after running *code* in a fresh interpreter."""
    heavy = ("spacy", "pandas", "duckdb", "networkx", "pyarrow")
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_multipolar_loads_nothing_heavy() -> None:
    assert _imported_after("import multipolar") == set()


def test_querying_a_store_never_loads_spacy(demo_db: Path) -> None:
    loaded = _imported_after(f"import multipolar\nmultipolar.open({str(demo_db)!r}).blocs(theatre='libya')")
    assert "spacy" not in loaded and "duckdb" in loaded


# -- extract ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result():
    text = "Turkey attacked Syria in Idlib. Russia and Turkey signed a gas deal."
    return multipolar.extract([text, DEMO / "01-libya-2019.md"], date="2020-03-01")


def test_extract_gives_dataframes_of_documents_events_actors_mentions(result) -> None:
    assert len(result.documents) == 2
    assert list(result.events.columns)[:4] == ["doc", "sentence", "start", "end"]
    assert {"theatre", "theatre_basis"} <= set(result.events.columns)
    assert set(result.events["doc"]) == set(result.documents["id"])
    assert {"TUR", "SYR", "LBY-LAAF"} <= set(result.actors["id"])
    assert (result.mentions["actor"] == "LBY-LAAF").any()
    assert result.documents.loc[0, "date"].isoformat() == "2020-03-01"  # the text's date is the one given


def test_extract_places_events_in_theatres(result) -> None:
    theatres = set(result.events["theatre"].dropna())
    assert {"syria", "libya"} <= theatres
    assert result.events["theatre_basis"].str.len().gt(0).all()


def test_extract_to_arrow_gives_the_same_tables(result) -> None:
    tables = result.to_arrow()
    assert set(tables) == {"documents", "actors", "mentions", "events"}
    assert tables["events"].num_rows == len(result.events)
    assert tables["events"].column_names == list(result.events.columns)


def test_an_extraction_is_analysed_like_a_store(result) -> None:
    graph = result.network(theatre="libya")
    assert isinstance(graph, nx.DiGraph) and "LBY-LAAF" in graph
    assert isinstance(result.blocs(theatre="libya"), Blocs)


def test_extract_refuses_a_missing_path_and_lists_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(multipolar.QueryError, match="no such file"):
        multipolar.extract(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Egypt backs Haftar.", encoding="utf-8")
    with pytest.warns(multipolar.ExtractionWarning, match="1 of the texts or files .*empty"):
        found = multipolar.extract(tmp_path)
    assert len(found.documents) == 1 and any("empty" in e for e in found.errors)


def test_extract_warns_of_a_text_it_cannot_read() -> None:
    with pytest.warns(multipolar.ExtractionWarning, match="see .errors") as caught:
        found = multipolar.extract(["Egypt backs Haftar.", "  "])
    assert len(found.documents) == 1 and found.errors
    assert caught[0].filename == __file__  # the warning points at the caller's line


def test_extract_refuses_a_bad_date() -> None:
    with pytest.raises(multipolar.QueryError, match="YYYY-MM-DD"):
        multipolar.extract("Egypt backs Haftar.", date="March 2020")


def test_an_extraction_saves_to_a_store(result, tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    assert result.save(db) == 2 and result.save(db) == 0
    with multipolar.open(db) as corpus:
        assert len(corpus.events()) == len(result.events)


# -- open ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(demo_db: Path):
    with multipolar.open(demo_db) as opened:
        yield opened


def test_open_gives_documents_actors_and_events_as_dataframes(corpus) -> None:
    assert len(corpus.documents()) == 8
    assert {"id", "name", "type", "mentions", "events"} <= set(corpus.actors().columns)
    events = corpus.events(actor="TUR", type="aid")
    assert len(events) and set(events["type"]) == {"AID"}
    assert ((events["source"] == "TUR") | (events["target"] == "TUR")).all()


def test_the_theatre_filter_keeps_one_conflict(corpus) -> None:
    karabakh = corpus.events(theatre="Karabakh")
    assert len(karabakh) and set(karabakh["theatre"]) == {"nagorno-karabakh"}
    caucasus = corpus.events(theatre="south-caucasus")  # a region takes in the theatres inside it
    assert len(caucasus) == len(karabakh)
    bilateral = corpus.events(theatre="bilateral")
    assert bilateral["theatre"].isna().all()
    both = corpus.events(theatre=["libya", "bilateral"])
    assert len(both) == len(corpus.events(theatre="libya")) + len(bilateral)


def test_the_network_is_a_digraph_with_the_documented_attributes(corpus) -> None:
    graph = corpus.network(theatre="libya")
    assert isinstance(graph, nx.DiGraph) and graph.number_of_edges() > 0
    for _, _, data in graph.edges(data=True):
        assert set(data) >= EDGE_ATTRIBUTES
    ids = {i for _, _, d in graph.edges(data=True) for i in d["events"]}
    assert ids <= set(corpus.events(theatre="libya")["id"])


def test_blocs_brokers_and_rivalries_are_plain_objects(corpus) -> None:
    assert isinstance(corpus.blocs(theatre="libya"), Blocs)
    brokers = corpus.brokers(theatre="libya", top=3)
    assert len(brokers) == 3 and all(isinstance(b, BrokerScore) for b in brokers)
    rivalries = corpus.rivalries()
    assert isinstance(rivalries, Rivalries)
    assert all(isinstance(e, Event) for e in rivalries.evidence.values())


def test_a_timeline_per_theatre(corpus) -> None:
    rows = corpus.timeline("TUR", freq="year", theatre="syria")
    assert list(rows.columns) == ["window", "actor", "partner", "net", "cooperation", "conflict", "events"]
    assert set(rows["partner"]) <= set(corpus.network(theatre="syria"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.events(theatre="Atlantis"), "not defined"),
        (lambda c: c.blocs(since="2020-13-01"), "YYYY-MM-DD"),
        (lambda c: c.blocs(since="2021-01-01", until="2020-01-01"), "is after"),
        (lambda c: c.blocs(docs="zzz"), "no such document"),
        (lambda c: c.blocs(window="2020"), "unknown filter"),
        (lambda c: c.timeline(), "give an actor or a bloc"),
        (lambda c: c.timeline("XYZ"), "no events for XYZ"),
        (lambda c: c.timeline(bloc=9), "there are"),
        (lambda c: c.timeline("TUR", freq="week"), "freq must be"),
    ],
)
def test_bad_arguments_raise_one_clear_error(corpus, call, message: str) -> None:
    with pytest.raises(multipolar.QueryError, match=message):
        call(corpus)


def test_open_refuses_a_missing_store(tmp_path: Path) -> None:
    from multipolar.store import StoreError

    with pytest.raises(StoreError, match="no such database"):
        multipolar.open(tmp_path / "none.duckdb")


def test_a_scenario_is_drafted_from_one_theatre(corpus) -> None:
    scenario = corpus.draft_scenario("LBY-GNA", "LBY-LAAF", theatre="libya", issue="Tripoli")
    names = {a.name for a in scenario.actors}
    assert {"Turkey", "Russia"} <= names


# -- ingest ---------------------------------------------------------------------------------------


def test_ingest_scans_the_paths_once_and_loads_the_registry_once(tmp_path: Path, monkeypatch) -> None:
    from multipolar.resolve import Registry

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Turkey sent drones to the GNA.", encoding="utf-8")
    (texts / "b.txt").write_text("Egypt backed Haftar.", encoding="utf-8")
    walked: list[Path] = []
    loads: list[tuple] = []
    rglob, load = Path.rglob, Registry.load.__func__
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: walked.append(self) or rglob(self, pattern))
    monkeypatch.setattr(
        Registry, "load", classmethod(lambda cls, *a, **k: loads.append(a) or load(cls, *a, **k))
    )
    report = multipolar.ingest([texts], tmp_path / "c.duckdb", date="2020-01-05")
    assert (report.added, report.errors, report.counts["documents"]) == (2, [], 2)
    assert walked == [texts] and len(loads) == 1


def test_ingest_checks_its_arguments_before_it_makes_a_store(tmp_path: Path) -> None:
    with pytest.raises(multipolar.QueryError, match="no such file"):
        multipolar.ingest([tmp_path / "none"], tmp_path / "c.duckdb")
    with pytest.raises(multipolar.QueryError, match="YYYY-MM-DD"):
        multipolar.ingest([DEMO], tmp_path / "c.duckdb", date="May 2020")
    assert not (tmp_path / "c.duckdb").exists()


def test_extract_and_the_command_name_the_same_actors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multipolar.cli import app

    text = tmp_path / "t.txt"
    text.write_text(
        "The Tigray People's Liberation Front attacked Mekelle. The TPLF said so.", encoding="utf-8"
    )
    shown = json.loads(CliRunner().invoke(app, ["extract", str(text), "-f", "json"]).stdout)
    found = multipolar.extract(text)
    assert shown["actors"] == found.to_dict()["actors"]
    assert [a["id"] for a in shown["actors"]] == list(found.actors["id"])
