"""The Parquet store: same answers as the DuckDB file, atomic batches, idempotent, compactable."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.test_store import ACTORS, make_document

from multipolar.store import Store, StoreError, open_store
from multipolar.store.parquet_store import ParquetStore


def documents(n: int = 5):
    return [
        make_document(text=f"Turkey sent drones to the GNA, time {i}.", day=date(2020, 1 + i % 3, 1))
        for i in range(n)
    ]


def test_same_answers_as_the_duckdb_store(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb") as db, ParquetStore(tmp_path / "p", read_only=False) as pq:
        for doc in documents():
            assert db.add(doc, ACTORS) and pq.add(doc, ACTORS)
    with Store(tmp_path / "m.duckdb", read_only=True) as db, open_store(tmp_path / "p") as pq:
        assert isinstance(pq, ParquetStore)
        assert pq.counts() == db.counts() == {"documents": 5, "actors": 2, "mentions": 10, "events": 5}
        assert [e.to_dict() for e in pq.events()] == [e.to_dict() for e in db.events()]
        strip = lambda rows: [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows]  # noqa: E731
        assert strip(pq.documents()) == strip(db.documents())
        assert pq.actors() == db.actors()
        assert pq.events(since=date(2020, 2, 1), until=date(2020, 2, 28)) == db.events(
            since=date(2020, 2, 1), until=date(2020, 2, 28)
        )
    months = sorted(p.name for p in (tmp_path / "p" / "events").iterdir())
    assert months == ["month=2020-01", "month=2020-02", "month=2020-03"]


def test_reingesting_adds_nothing(tmp_path: Path) -> None:
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        for doc in documents(3):
            pq.add(doc, ACTORS)
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        assert [pq.add(doc, ACTORS) for doc in documents(3)] == [False, False, False]
        assert pq.stored([d.id for d in documents(4)]) == {d.id for d in documents(3)}
    with open_store(tmp_path / "p") as pq:
        assert pq.counts()["documents"] == 3


def test_a_batch_cut_short_is_ignored_and_redone_once(tmp_path: Path) -> None:
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        pq.add(documents(1)[0], ACTORS)
    # A run that died after writing events and mentions but before its documents file (the commit):
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        for doc in documents(3)[1:]:
            pq.add(doc, ACTORS)
        pq._buffer["documents"].clear()  # simulate: flush writes everything but the commit
        pq._months["documents"].clear()
        pq.flush()
    with open_store(tmp_path / "p") as pq:
        assert pq.counts() == {"documents": 1, "actors": 2, "mentions": 2, "events": 1}
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        added = [pq.add(doc, ACTORS) for doc in documents(3)]
    assert added == [False, True, True]
    with open_store(tmp_path / "p") as pq:
        assert pq.counts() == {"documents": 3, "actors": 2, "mentions": 6, "events": 3}
        assert len({e.id for e in pq.events()}) == 3


def test_compact_merges_files_and_keeps_every_row(tmp_path: Path) -> None:
    for doc in documents(6):
        with ParquetStore(tmp_path / "p", read_only=False) as pq:  # one batch per document
            pq.add(doc, ACTORS)
    before = len(list((tmp_path / "p").rglob("*.parquet")))
    with ParquetStore(tmp_path / "p", read_only=False) as pq:
        events = [e.to_dict() for e in pq.events()]
        removed = pq.compact()
        assert [e.to_dict() for e in pq.events()] == events
    after = len(list((tmp_path / "p").rglob("*.parquet")))
    assert removed["events"] == 3 and after == before - sum(removed.values())
    assert after == 3 * 3 + 1  # three months for three tables, one actors file
    with open_store(tmp_path / "p") as pq:
        assert pq.counts() == {"documents": 6, "actors": 2, "mentions": 12, "events": 6}


def test_refuses_foreign_folders_files_and_a_second_writer(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a multipolar store"):
        ParquetStore(tmp_path / "other", read_only=False)
    with pytest.raises(StoreError, match="no such Parquet store"):
        ParquetStore(tmp_path / "none")
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="a file"):
        ParquetStore(tmp_path / "f", read_only=False)
    with ParquetStore(tmp_path / "p", read_only=False):
        lock = tmp_path / "p" / "_writer.lock"
        lock.write_text("1")  # pid 1 is alive: another writer
        with pytest.raises(StoreError, match="another process"):
            ParquetStore(tmp_path / "p", read_only=False)
    assert json.loads((tmp_path / "p" / "_multipolar.json").read_text())["format"] == "multipolar-parquet"
