"""Long documents in bounded memory (issue 20, item 6): cut into pieces before processing, processed
as a stream, stored piece by piece, never whole in memory; progress for each piece; a size limit
with a clear message."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import multipolar.chunks as chunks
from multipolar.chunks import Part, Piece, Pieces
from multipolar.corpus import ingest, process_paths
from multipolar.document import Document
from multipolar.pipeline import Failure, batched
from multipolar.read import MAX_BYTES, ReadError, read_paths
from multipolar.read.readers import max_bytes
from multipolar.store import Store, open_store
from multipolar.store.parquet_store import ParquetStore

PARAGRAPHS = [
    "Turkey sent armed drones to the Government of National Accord in Tripoli.",
    "Greece condemned Turkey on 6 December 2019.",
    "Egypt and the United Arab Emirates backed Khalifa Haftar.",
    "Russia and Turkey agreed on a ceasefire in Libya in January 2020.",
]
PIECE = 200  # characters per piece in these tests: a short text stands for a long one


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "CHUNK_CHARS", PIECE)


def long_text(paragraphs: int = 12) -> str:
    return "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] + f" Dispatch {i}." for i in range(paragraphs)) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"Title: {name}\nDate: 2020-02-01\n\n{text}", encoding="utf-8")
    return path


def open_writer(folder: Path, kind: str) -> Store | ParquetStore:
    return Store(folder / "s.duckdb") if kind == "duckdb" else ParquetStore(folder / "p", read_only=False)


def test_batches_hold_at_most_so_many_characters() -> None:
    documents = [Document(text="x" * n) for n in (30_000, 30_000, 10_000, 5_000, 60_000, 10)]
    assert [[len(d.text) for d in b] for b in batched(documents, 16, chars=50_000)] == [
        [30_000],
        [30_000, 10_000, 5_000],
        [60_000],  # one alone may be longer
        [10],
    ]
    assert [len(b) for b in batched([Document(text="x")] * 5, 2)] == [2, 2, 1]


def test_pieces_of_a_long_document_are_processed_one_by_one_and_rejoined_whole(
    pipeline, small_pieces: None
) -> None:
    text = long_text()
    document = Document(text=text, path="long.txt", date=date(2020, 2, 1))
    pieces = Pieces()
    cut = list(pieces.cut([document, Document(text="Chad met Niger.")]))
    assert all(isinstance(p, Piece) and len(p.text) <= PIECE for p in cut[:-1]) and len(cut) > 3
    assert "".join(p.text for p in cut[:-1]) == text and cut[-1].text == "Chad met Niger."
    whole, short = pieces.rejoin(pipeline.pipe(cut))
    assert whole is document and whole.parts == len(cut) - 1 and short.text == "Chad met Niger."
    assert all(text[e.start : e.end] == e.sentence for e in whole.events)
    assert all(text[m.start : m.end] == m.text for m in whole.mentions)
    assert [whole.sentence_text(i) for i in range(len(whole.sentences))] == [
        text[a:b] for a, b in whole.sentences
    ]
    assert len({e.id for e in whole.events}) == len(whole.events) >= len(PARAGRAPHS)


@pytest.mark.parametrize("kind", ["duckdb", "parquet"])
def test_a_long_document_is_stored_piece_by_piece_as_the_whole_would_be(
    pipeline, small_pieces: None, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "texts", "long.txt", long_text())
    write(tmp_path / "texts", "short.txt", "Chad met Niger in N'Djamena.")
    (expected,) = [d for d in process_paths([path], pipeline=pipeline)]
    target = (
        Store(tmp_path / "s.duckdb") if kind == "duckdb" else ParquetStore(tmp_path / "p", read_only=False)
    )
    parts: list[Part] = []
    whole_adds: list[str] = []
    add_batch = type(target).add_batch
    monkeypatch.setattr(
        type(target),
        "add_batch",
        lambda s, ds, a=None: whole_adds.extend(d.path for d in ds) or add_batch(s, ds, a),
    )
    with target:
        report = ingest([tmp_path / "texts"], target, pipeline=pipeline, progress=parts.append)
    assert report.errors == [] and report.added == 2 and report.events == len(expected.events) + 1
    assert whole_adds == [str(tmp_path / "texts" / "short.txt")]  # the long one never went in whole
    long_parts = [p for p in parts if isinstance(p, Part)]
    assert [p.index for p in long_parts] == list(range(expected.parts)) and long_parts[-1].last
    for part in long_parts:  # each holds its own piece's results only
        assert all(part.document.text[e.start : e.end] == e.sentence for e in part.found.events)
    assert sum(len(p.found.events) for p in long_parts) == len(expected.events)
    with open_store(tmp_path / ("s.duckdb" if kind == "duckdb" else "p")) as stored:
        events = stored.events(docs=[expected.id])
        assert sorted(e.id for e in events) == sorted(e.id for e in expected.events)
        (row,) = [d for d in stored.documents() if d["id"] == expected.id]
        assert row["parts"] == expected.parts and row["sentences"] == len(expected.sentences)
        assert len(stored.mentions(expected.id)) == len(expected.mentions)


def test_a_long_document_between_batches_goes_in_by_the_bulk_path_in_its_own_transaction(
    pipeline, small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multipolar.corpus as corpus

    monkeypatch.setattr(corpus.BatchWriter, "seconds", 3600.0)  # batches closed by count or the end only
    write(tmp_path / "texts", "a-short.txt", "Chad met Niger in N'Djamena.")
    write(tmp_path / "texts", "b-long.txt", long_text())
    write(tmp_path / "texts", "c-short.txt", "Mali thanked Senegal.")
    write(tmp_path / "texts", "d-short.txt", "Niger thanked Chad.")
    calls: list[tuple[str, object]] = []
    statements: list[str] = []

    class Recording:  # the connection, with the statements that write rows noted
        def __init__(self, con):  # noqa: ANN001
            self._con = con

        def execute(self, sql: str, *args):  # noqa: ANN202
            if sql.startswith(("INSERT", "BEGIN", "COMMIT")):
                statements.append(sql.split(" (")[0])
            return self._con.execute(sql, *args)

        def executemany(self, sql: str, *args):  # noqa: ANN202
            statements.append("executemany " + sql)
            return self._con.executemany(sql, *args)

        def __getattr__(self, name: str):  # noqa: ANN204
            return getattr(self._con, name)

    target = Store(tmp_path / "s.duckdb")
    add_batch, add_part = Store.add_batch, Store.add_part
    monkeypatch.setattr(
        Store,
        "add_batch",
        lambda s, ds, a=None: calls.append(("batch", [Path(d.path).stem for d in ds])) or add_batch(s, ds, a),
    )
    monkeypatch.setattr(
        Store, "add_part", lambda s, p, a=(): calls.append(("part", p.index)) or add_part(s, p, a)
    )
    target.con = Recording(target.con)  # type: ignore[assignment]
    with target:
        report = ingest([tmp_path / "texts"], target, pipeline=pipeline)
    assert report.added == 4 and report.errors == []
    pieces = [c for c in calls if c[0] == "part"]
    assert len(pieces) > 3
    # The batch in hand goes first, then the long document piece by piece, then the next batch.
    assert calls == [("batch", ["a-short"]), *pieces, ("batch", ["c-short", "d-short"])]
    # One transaction for the long document, and each piece's rows in one INSERT per table.
    assert not any(s.startswith("executemany") for s in statements)
    opened = [i for i, s in enumerate(statements) if s == "BEGIN TRANSACTION"]
    # three for the documents (a batch, the long document, a batch), then one linking incidents
    assert len(opened) == 4 and statements.count("COMMIT") == 4
    assert "INSERT INTO incident_links" in statements[opened[3] :]
    long_inserts = statements[opened[1] + 1 : statements.index("COMMIT", opened[1])]
    assert long_inserts.count("INSERT INTO documents") == 1  # with the last piece's rows
    assert "INSERT INTO documents" in long_inserts[-4:]
    assert long_inserts.count("INSERT INTO events") <= len(pieces)
    assert long_inserts.count("INSERT INTO mentions") <= len(pieces)
    with open_store(tmp_path / "s.duckdb") as stored:
        assert stored.counts()["documents"] == 4


@pytest.mark.parametrize("kind", ["duckdb", "parquet"])
def test_a_piece_that_fails_leaves_nothing_of_its_document(
    pipeline, small_pieces: None, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = long_text()
    cut_at = text.index("Dispatch 7")
    write(tmp_path / "texts", "a-long.txt", text[:cut_at] + "EXPLODE " + text[cut_at:])
    write(tmp_path / "texts", "b-short.txt", "Chad met Niger in N'Djamena.")
    annotate = type(pipeline).annotate

    def failing(self, document, parsed):  # noqa: ANN001, ANN202
        if "EXPLODE" in document.text:
            raise RuntimeError("the coder broke")
        return annotate(self, document, parsed)

    monkeypatch.setattr(type(pipeline), "annotate", failing)
    place = tmp_path / ("s.duckdb" if kind == "duckdb" else "p")
    with open_writer(tmp_path, kind) as target:
        report = ingest([tmp_path / "texts"], target, pipeline=pipeline)
    (error,) = report.errors
    assert "a-long.txt: RuntimeError: the coder broke (piece " in error and report.added == 1
    with open_store(place) as stored:
        assert [d["path"] for d in stored.documents()] == [str(tmp_path / "texts" / "b-short.txt")]
        assert {e.doc for e in stored.events()} == {stored.documents()[0]["id"]}
        assert stored.con.execute("SELECT count(DISTINCT doc) FROM mentions").fetchone()[0] == 1


@pytest.mark.parametrize("kind", ["duckdb", "parquet"])
def test_an_ingest_stopped_inside_a_long_document_stores_none_of_it_and_resumes(
    pipeline, small_pieces: None, tmp_path: Path, kind: str
) -> None:
    path = write(tmp_path / "texts", "long.txt", long_text())
    place = tmp_path / ("s.duckdb" if kind == "duckdb" else "p")

    def stop(outcome: object) -> None:
        if isinstance(outcome, Part) and outcome.index == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), open_writer(tmp_path, kind) as target:
        ingest([path], target, pipeline=pipeline, progress=stop)
    with open_store(place) as stored:
        assert stored.counts() | {"actors": 0} == {"documents": 0, "actors": 0, "mentions": 0, "events": 0}
    with open_writer(tmp_path, kind) as target:
        report = ingest([path], target, pipeline=pipeline)
    assert report.added == 1 and report.errors == []
    with open_store(place) as stored:
        assert stored.counts()["events"] == report.events > 0


def test_extract_gives_a_long_document_whole_with_progress_for_each_piece(
    pipeline, small_pieces: None, tmp_path: Path
) -> None:
    path = write(tmp_path, "long.txt", long_text())
    seen: list[object] = []
    (document,) = process_paths([path], pipeline=pipeline, progress=seen.append)
    assert document.parts > 3 and [type(s) for s in seen] == [Piece] * document.parts
    assert sum(1 / s.count for s in seen) == pytest.approx(1.0)  # what the progress bar advances by


def test_a_failure_names_the_piece(pipeline, small_pieces: None) -> None:
    document = Document(text=long_text(), path="long.txt")
    pieces = Pieces()
    cut = list(pieces.cut([document]))
    outcomes = [Failure("long.txt", "boom", document.id) if p.index == 1 else p for p in cut]
    assert [str(o) for o in pieces.rejoin(outcomes)] == [f"long.txt: boom (piece 2 of {len(cut)})"]


def test_a_document_over_the_limit_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MULTIPOLAR_MAX_MB", "0.01")
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Turkey met Greece. " * 600)  # 11,400 bytes
    table = tmp_path / "huge.jsonl"
    table.write_text('{"text": "' + "Turkey met Greece. " * 600 + '"}\n', encoding="utf-8")
    errors: list[str] = []
    assert list(read_paths([path, table], errors=errors)) == []
    limit = "larger than the 0.01 MiB limit for one document; split it into smaller files, or into the"
    assert [limit in error for error in errors] == [True, True], errors
    assert errors[0].startswith(f"{path}: a file of 0.0 MB") and "$MULTIPOLAR_MAX_MB" in errors[0]
    assert errors[1].startswith(f"{table} row 1: a text of 0.0 MB")
    monkeypatch.setenv("MULTIPOLAR_MAX_MB", "1")
    assert len(list(read_paths([path, table], errors=[]))) == 2
    monkeypatch.setenv("MULTIPOLAR_MAX_MB", "lots")
    with pytest.raises(ReadError, match="MULTIPOLAR_MAX_MB='lots': give the size limit"):
        list(read_paths([path]))
    monkeypatch.delenv("MULTIPOLAR_MAX_MB")
    assert max_bytes() == MAX_BYTES


def test_the_progress_bar_follows_the_pieces_of_one_long_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console
    from rich.progress import Progress

    import multipolar.cli.common as common
    from multipolar.cli.corpus import _piece_note, _piece_step

    bars: list[Progress] = []

    class Recorded(Progress):
        def __init__(self, *columns: Any, **options: Any) -> None:
            super().__init__(*columns, **{**options, "console": Console(file=io.StringIO())})
            bars.append(self)

    monkeypatch.setattr(common, "is_terminal", lambda: True)
    monkeypatch.setattr(common, "Progress", Recorded)
    whole, seen = Document(text="x"), []

    def run(documents: int, *outcomes: Any) -> Any:
        def ingest(progress: Any, on_start: Any) -> str:
            on_start(documents)
            for outcome in outcomes:
                progress(outcome)
                task = bars[-1].tasks[0] if bars[-1].tasks else None
                seen.append(task and (task.completed, task.description))
            return "done"

        seen.clear()
        return common.with_progress("ingesting", ingest, _piece_step, _piece_note)

    assert run(1, Document(text="a short one")) == "done" and seen == [None]  # no bar for one short text
    pieces = [Part(whole, Document(text=""), index, 4) for index in range(4)]
    run(1, *pieces)  # one long text: its pieces show a bar
    assert seen[0] == (pytest.approx(0.25), "ingesting (piece 1 of 4)")
    assert seen[-1] == (pytest.approx(1.0), "ingesting")
    run(2, *pieces, Document(text="a short one"))
    assert seen[0] == (pytest.approx(0.25), "ingesting (piece 1 of 4)")
    assert seen[-1] == (pytest.approx(2.0), "ingesting") and bars[-1].tasks[0].total == 2


def test_the_same_long_text_twice_in_one_stream_comes_out_twice_whole(pipeline, small_pieces: None) -> None:
    text = long_text(6)
    first, second = Document(text=text, path="a.txt"), Document(text=text, path="b.txt")
    pieces = Pieces()
    out = list(pieces.rejoin(pipeline.pipe(pieces.cut([first, second]))))
    assert [d.path for d in out] == ["a.txt", "b.txt"] and out[0].parts == out[1].parts > 1
    assert [e.to_dict() for e in out[0].events] == [e.to_dict() for e in out[1].events]
