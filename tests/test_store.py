from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from multipolar.document import Document, Event, Mention
from multipolar.store import Store, StoreError


def make_document(
    text: str = "Turkey sent drones to the GNA.", day: date | None = date(2019, 12, 1)
) -> Document:
    doc = Document(text=text, path="a.txt", title="A", date=day)
    doc.sentences = [(0, len(text))]
    doc.mentions = [
        Mention(0, 6, "Turkey", "TUR", "alias", 0, 0, 1),
        Mention(26, 29, "GNA", "LBY-GNA", "alias", 0, 5, 6),
    ]
    doc.events = [
        Event(
            doc=doc.id,
            sentence=text,
            start=0,
            end=len(text),
            source="TUR",
            target="LBY-GNA",
            type="AID",
            quad="material_cooperation",
            polarity=1,
            mode=None,
            context="military",
            pattern="send-to",
            trigger="sent",
        ),
    ]
    return doc


ACTORS = [
    SimpleNamespace(id="TUR", name="Turkey", type="state", country="TUR", parent=None, aliases=("Ankara",)),
    SimpleNamespace(
        id="LBY-GNA",
        name="Government of National Accord",
        type="government",
        country="LBY",
        parent=None,
        aliases=("GNA",),
    ),
]


def test_round_trip_and_idempotence(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    doc = make_document()
    with Store(db) as store:
        assert store.add(doc, ACTORS) is True
        assert store.add(doc, ACTORS) is False
        assert store.counts() == {"documents": 1, "actors": 2, "mentions": 2, "events": 1}
    with Store(db, read_only=True) as store:
        (event,) = store.events()
        assert (event.source, event.type, event.target, event.context) == (
            "TUR",
            "AID",
            "LBY-GNA",
            "military",
        )
        assert event.date == "2019-12-01"  # filled from the document's date
        actors = {a["id"]: a for a in store.actors()}
        assert actors["TUR"]["aliases"] == ["Ankara"] and actors["TUR"]["mentions"] == 1
        assert store.documents()[0]["events"] == 1


def test_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb") as store:
        store.add(make_document(), ACTORS)
        store.add(make_document("Turkey sent drones to the GNA again.", date(2020, 3, 1)), ACTORS)
        assert len(store.events(actor="LBY-GNA")) == 2
        assert store.events(actor="RUS") == []
        assert len(store.events(type="aid")) == 1 + 1
        assert store.events(type="ASSAULT") == []
        assert len(store.events(since=date(2020, 1, 1))) == 1
        assert len(store.events(until=date(2019, 12, 31))) == 1


def test_failed_document_leaves_store_as_before(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        store.add(make_document(), ACTORS)
        before = store.counts()
        broken = make_document("Another text entirely.")
        broken.events[0].polarity = "not a number"  # type: ignore[assignment]
        with pytest.raises(StoreError, match="cannot store a.txt"):
            store.add(broken, ACTORS)
        assert store.counts() == before
        assert not store.has(broken.id)


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb") as store:
        first = make_document()
        assert store.add_batch([first], [ACTORS]) == {first.id}
        before = store.counts()
        good, broken = make_document("A new text."), make_document("Another text entirely.")
        broken.events[0].polarity = "not a number"  # type: ignore[assignment]
        with pytest.raises(StoreError, match="and 1 other document"):
            store.add_batch([good, broken], [ACTORS, ACTORS])
        assert store.counts() == before and not store.has(good.id)
        # Stored and repeated documents are skipped; the rest of the batch goes in.
        again = make_document("A new text.")
        assert store.add_batch([first, good, again], [ACTORS] * 3) == {good.id}
        assert store.counts()["documents"] == 2


def test_a_batch_keeps_the_first_of_repeated_keys_and_merges_actors(tmp_path: Path) -> None:
    doc = make_document()
    doc.mentions.append(doc.mentions[0])  # the same span twice
    doc.events.append(doc.events[0])  # the same event id twice
    vague = SimpleNamespace(id="X-1", name="The Front", type="", country=None, parent=None, aliases=())
    placed = SimpleNamespace(
        id="X-1", name="Front", type="armed_group", country="LBY", parent=None, aliases=()
    )
    later = make_document("Turkey sent drones to the GNA once more.")
    with Store(tmp_path / "m.duckdb") as store:
        store.add_batch([doc], [[vague]])
        assert store.counts() == {"documents": 1, "actors": 1, "mentions": 2, "events": 1}
        store.add_batch([later], [[placed, vague]])
        (actor,) = store.actors()
        # The first name stays; the type and country come from the first text that gave them.
        assert (actor["name"], actor["type"], actor["country"]) == ("The Front", "armed_group", "LBY")


def test_foreign_and_broken_files_are_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a readable DuckDB"):
        Store(junk)
    assert junk.read_bytes() == b"this is not a database" * 100

    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE important (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a multipolar store"):
        Store(foreign)
    con = duckdb.connect(str(foreign))
    assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == [
        "important"
    ]
    con.close()


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_parquet_export(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb") as store:
        store.add(make_document(), ACTORS)
        files = store.export_parquet(tmp_path / "pq")
    assert sorted(f.name for f in files) == [
        "actors.parquet",
        "documents.parquet",
        "events.parquet",
        "mentions.parquet",
    ]
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{tmp_path / 'pq' / 'events.parquet'}'").fetchone()[0] == 1


def test_a_store_of_the_first_schema_is_migrated_without_loss(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    from multipolar.store.duckdb_store import SCHEMA, SCHEMA_VERSION

    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA)
        con.execute("INSERT INTO meta VALUES ('schema', '1')")
        con.execute("DROP TABLE documents")
        con.execute(
            "CREATE TABLE documents (id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, date DATE, "
            "text VARCHAR, n_sentences INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp)"
        )
        con.execute(
            "INSERT INTO documents (id, path, title, text, n_sentences) VALUES ('d1', 'a.txt', 'A', 'T', 1)"
        )
    with Store(db, read_only=True) as store:  # read as it is
        assert store.has_meta is False and store.documents()[0]["id"] == "d1"
    with Store(db) as store:  # the first write brings it up to date
        assert store.has_meta is True
        assert store.documents()[0] | {"meta": {}, "parts": 1} == store.documents()[0]
        schema = store.con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        assert schema == str(SCHEMA_VERSION)


def test_ctrl_c_inside_a_batch_is_an_interruption_and_leaves_the_store_as_before(tmp_path: Path) -> None:
    class Interrupting:  # DuckDB stopping the INSERT it was running, as Ctrl-C makes it
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self._con = con

        def execute(self, sql: str, *args):
            if sql.startswith("INSERT INTO events"):
                raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")
            return self._con.execute(sql, *args)

        def __getattr__(self, name: str):
            return getattr(self._con, name)

    with Store(tmp_path / "m.duckdb") as store:
        store.add(make_document(), ACTORS)
        before = store.counts()
        real, store.con = store.con, Interrupting(store.con)  # type: ignore[assignment]
        with pytest.raises(duckdb.InterruptException):
            store.add(make_document("Turkey sent drones to the GNA again."), ACTORS)
        store.con = real
        assert store.counts() == before
