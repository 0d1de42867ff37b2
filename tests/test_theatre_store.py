"""Theatres in the store: stored with each event, filtered on, and added to older stores without loss."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from multipolar.corpus import place_stored
from multipolar.document import Document, Event
from multipolar.store import Store
from multipolar.store.duckdb_store import SCHEMA_VERSION

TEXT = (
    "Government forces advanced on Idlib in December. Shelling hit Aleppo and Saraqib. "
    "An airstrike killed 33 Turkish soldiers in Idlib. Russia and Turkey signed a gas deal."
)
OLD_COLUMNS = [f.name for f in dataclasses.fields(Event) if f.name not in ("theatre", "theatre_basis")]


def _old_store(path: Path) -> Event:
    """A store as version 1 wrote it (no theatre columns), with one document and one event."""
    document = Document(text=TEXT, path="old.txt", title="Idlib")
    start = TEXT.index("An airstrike")
    event = Event(
        doc=document.id,
        sentence="An airstrike killed 33 Turkish soldiers in Idlib.",
        start=start,
        end=start + 50,
        source="SYR",
        target="TUR",
        type="ASSAULT",
        quad="material_conflict",
        polarity=-1,
        trigger="killed",
    )
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema', '1')")
    con.execute(
        "CREATE TABLE documents (id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, date DATE, "
        "text VARCHAR, n_sentences INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp)"
    )
    con.execute(
        "CREATE TABLE actors (id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, "
        "parent VARCHAR, aliases VARCHAR)"
    )
    con.execute(
        'CREATE TABLE mentions (doc VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, actor VARCHAR, '
        'rule VARCHAR, sentence INTEGER, person VARCHAR, PRIMARY KEY (doc, start, "end"))'
    )
    types = {"start": "INTEGER", "end": "INTEGER", "polarity": "INTEGER"}
    columns = ", ".join(f'"{c}" {types.get(c, "VARCHAR")}' for c in OLD_COLUMNS)
    con.execute(f"CREATE TABLE events ({columns}, PRIMARY KEY (id))")
    con.execute(
        "INSERT INTO documents (id, path, title, date, text, n_sentences) VALUES (?, ?, ?, NULL, ?, 4)",
        [document.id, document.path, document.title, TEXT],
    )
    con.execute(
        f"INSERT INTO events VALUES ({', '.join('?' * len(OLD_COLUMNS))})",
        [getattr(event, c) for c in OLD_COLUMNS],
    )
    con.close()
    return event


def test_an_old_store_reads_without_theatres(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    stored = _old_store(path)
    with Store(path, read_only=True) as store:
        [event] = store.events()
        assert (event.id, event.theatre, event.theatre_basis) == (stored.id, None, "")
        assert store.unassessed() == [stored.doc]
        assert store.events(theatres={"syria"}) == []


def test_opening_an_old_store_for_writing_adds_the_columns_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    stored = _old_store(path)
    with Store(path) as store:
        assert store.counts() == {"documents": 1, "actors": 0, "mentions": 0, "events": 1}
        [event] = store.events()
        assert dataclasses.replace(event, date=None) == stored
        assert store.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            str(SCHEMA_VERSION),
        )
    with Store(path, read_only=True) as store:
        assert store.has_theatres and store.has_references  # events' references came in schema 4


def test_placing_an_old_store_gives_each_event_its_theatre(tmp_path: Path, pipeline) -> None:
    path = tmp_path / "old.duckdb"
    stored = _old_store(path)
    with Store(path) as store:
        assert place_stored(store, pipeline) == 1
        assert store.unassessed() == []
        assert place_stored(store, pipeline) == 0
        [event] = store.events(theatres={"syria"})
        assert event.id == stored.id and event.theatre_basis == "place: in Idlib"
        assert store.events(theatres={None}) == []


def test_new_events_keep_their_theatre_and_basis(tmp_path: Path, pipeline) -> None:
    document = pipeline.process(
        Document(text="Turkey attacked Syria in Idlib. Russia and Turkey signed a gas deal.")
    )
    with Store(tmp_path / "new.duckdb") as store:
        store.add(document)
        assert store.unassessed() == []
        stored = {e.id: (e.theatre, e.theatre_basis) for e in store.events()}
    assert stored == {e.id: (e.theatre, e.theatre_basis) for e in document.events}
    assert {t for t, _ in stored.values()} == {"syria", None}


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [({"syria"}, {"a"}), ({None}, {"b"}), ({"syria", None}, {"a", "b"}), (set(), set())],
)
def test_the_theatre_filter_tells_bilateral_from_not_assessed(tmp_path: Path, wanted, expected) -> None:
    document = Document(text="One. Two. Three.")
    base = {"doc": document.id, "sentence": "One.", "end": 4, "type": "CONSULT"}
    base |= {"quad": "verbal_cooperation", "polarity": 1, "source": "RUS", "target": "TUR"}
    document.events = [
        Event(start=0, id="a", theatre="syria", theatre_basis="place: in Idlib", **base),
        Event(start=5, id="b", theatre=None, theatre_basis="none: no place", **base),
        Event(start=10, id="c", **base),  # not assessed
    ]
    with Store(tmp_path / "f.duckdb") as store:
        store.add(document)
        assert {e.id for e in store.events(theatres=wanted)} == expected
        assert store.unassessed() == [document.id]
