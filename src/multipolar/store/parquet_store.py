"""A Parquet store: the four tables as a Parquet dataset in a folder, for corpora too big for one file.

Layout (documents, mentions and events partitioned by month, Hive style)::

    DIR/_multipolar.json                          marks the folder as a store
    DIR/_manifest.json                            the live data files (multipolar.store.manifest)
    DIR/documents/month=2020-01/b-<batch>.parquet by the document's date ("undated": none)
    DIR/mentions/month=2020-01/b-<batch>.parquet  by their document's date
    DIR/events/month=2020-01/b-<batch>.parquet    by the event's day (its own, else its document's)
    DIR/actors/b-<batch>.parquet

Writing. Processed documents are buffered and written a batch at a time, one new file per table
and month. Each file is written under a temporary name, synced and renamed, and the batch counts
once the manifest lists its files (:mod:`multipolar.store.manifest`): if a run dies mid-batch,
what it wrote of that batch is never read (and re-ingesting redoes those documents once), and
everything before stays valid. Every row also carries a commit token (``batch``): mentions and
events count only with their document's row of the same token, which lets a long document be
written piece by piece (:meth:`ParquetStore.add_part`) and count only once its last piece is in.
A document already stored is never written again. One writer at a time (``_writer.lock``).

Reading. The tables are DuckDB views over the files the manifest lists (``read_parquet``), so every
query of :class:`~multipolar.store.base.QueryStore` runs in DuckDB, out of core, as on a DuckDB
file. :meth:`ParquetStore.compact` merges each partition's small files into one while readers go
on reading; :meth:`ParquetStore.check` reports data files deleted or damaged by hand.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from multipolar.chunks import Part
from multipolar.document import Document
from multipolar.store.base import (
    COLUMNS,
    QueryStore,
    StoreError,
    actor_row,
    document_row,
    event_rows,
    first_line,
    mention_rows,
)
from multipolar.store.files import sync, write_atomically, write_table
from multipolar.store.incidents import FOLDERS as INCIDENT_FOLDERS
from multipolar.store.incidents import compact_incidents, parquet_views
from multipolar.store.manifest import (
    MANIFEST,
    OURS,
    Manifest,
    RetryingConnection,
    check,
    missing_file,
    relative,
)
from multipolar.store.parquet_files import WriterLock, finish_legacy_compactions, legacy_replaced, on_disk

MARKER = "_multipolar.json"
LOCK = "_writer.lock"
FORMAT = "multipolar-parquet"
VERSION = 2  # 2: a manifest lists the data files (a store of version 1 is listed on its first write)
FLUSH_DOCUMENTS = 1_000  # documents per written batch ...
FLUSH_EVENTS = 100_000  # ... or fewer, when they hold this many events
UNDATED = "undated"

PARTITIONED = ("documents", "mentions", "events")
# Every folder of data files the manifest lists: the four tables and the incidents' two.
FOLDERS = (*COLUMNS, *INCIDENT_FOLDERS)

# An actor written by several batches: its first name and aliases, and the first type and country
# any batch gave (a provisional actor seen again may bring what an earlier text did not say).
ACTORS = (
    "SELECT id, arg_min(name, batch) AS name, "
    "arg_min(type, batch) FILTER (WHERE type IS NOT NULL AND type <> '') AS type, "
    "arg_min(country, batch) FILTER (WHERE country IS NOT NULL) AS country, "
    "arg_min(parent, batch) AS parent, arg_min(aliases, batch) AS aliases, "
    "bool_and(provisional) AS provisional{batch} FROM {source} GROUP BY id"
)


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    kinds = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DATE": pa.date32(), "BOOLEAN": pa.bool_()}
    return pa.schema([(name, kinds[kind]) for name, kind in COLUMNS[table]] + [("batch", pa.string())])


def month_of(value: Any) -> str:
    """The partition of a date or ISO date text: ``YYYY-MM``, or ``undated``."""
    if value is None:
        return UNDATED
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    head = text.split("/", 1)[0].strip()[:7]
    if (
        len(head) == 7
        and head[:4].isdigit()
        and head[4] == "-"
        and head[5:].isdigit()
        and "01" <= head[5:] <= "12"
    ):
        return head
    return UNDATED


def _new_batch() -> str:
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def _sql_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + p.as_posix().replace("'", "''") + "'" for p in paths) + "]"


class ParquetStore(QueryStore):
    """A multipolar store in a folder of Parquet files. Use as a context manager."""

    parquet = True

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._buffer: dict[str, list[list[Any]]] = defaultdict(list)
        self._months: dict[str, list[str]] = defaultdict(list)
        self._tokens: dict[str, list[str | None]] = defaultdict(list)  # a row's commit token, if set
        self._buffered: set[str] = set()
        self._absent: set[str] = set()  # ids that stored() found absent: add() need not ask again
        self._buffered_events = 0
        self._part: tuple[str, str | None] | None = None  # the long document being added: id, token
        self._lock = WriterLock(self.path / LOCK)
        self.manifest: Manifest | None = None  # None: a store of version 1, read as its folders are
        self._check_or_create()
        try:
            self.con = RetryingConnection(duckdb.connect(), self._reload)  # type: ignore[assignment]
            self.manifest = self._verified()
            self.refresh()
        except BaseException:  # a damaged file: the store is not opened, so its lock is not kept
            self._lock.release()
            raise

    # -- the folder ----------------------------------------------------------------------------

    def _check_or_create(self) -> None:
        marker = self.path / MARKER
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: a file, not a Parquet store folder (a DuckDB file? use --db)")
        if marker.exists():
            self.version = _version(self.path)
        elif self.read_only:
            raise StoreError(f"{self.path}: no such Parquet store (run 'multipolar ingest --store' first)")
        elif self.path.exists() and any(f.name != MANIFEST for f in self.path.iterdir()):
            # (a manifest alone: the creation of a store stopped before its marker)
            raise StoreError(f"{self.path}: a folder that is not a multipolar store; refusing to touch it")
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            Manifest().save(self.path)
            write_atomically(marker, json.dumps({"format": FORMAT, "version": VERSION}).encode())
            self.version = VERSION
        if not self.read_only:
            self._lock.take()
            for leftover in self.path.glob("**/.*.tmp"):
                leftover.unlink(missing_ok=True)
            if self.version < VERSION:
                self._upgrade()

    def _upgrade(self) -> None:
        """A store of version 1 (no manifest): finish what its compactions left, list its files."""
        finish_legacy_compactions(self.path)
        files = [f for folder in FOLDERS for f in _on_disk(self.path, folder)]
        Manifest().switched(files, (), self.path).save(self.path)
        marker = json.dumps({"format": FORMAT, "version": VERSION}).encode()
        write_atomically(self.path / MARKER, marker)
        self.version = VERSION

    def _verified(self) -> Manifest | None:
        """The manifest, its listed files checked to be there whole (``None`` for version 1)."""
        while True:
            manifest = Manifest.load(self.path)
            if manifest is None:
                if self.version < VERSION:
                    return None
                raise StoreError(f"{self.path}: the store's manifest {MANIFEST} is missing")
            damage = manifest.damage(self.path)
            if not damage:
                return manifest
            again = Manifest.load(self.path)
            if again is None or again.generation == manifest.generation:  # not a compaction's switch
                more = f" (and {len(damage) - 1} more data files)" if len(damage) > 1 else ""
                raise StoreError(
                    f"{damage[0]}{more}; 'multipolar store check --store {self.path}' lists what is wrong"
                )

    def _reload(self) -> bool:
        """Read the manifest again (a query found a file gone); whether a new generation came, over
        whose files the views now are."""
        if not self._newer():
            return False
        self.refresh()
        return True

    def _newer(self) -> bool:
        """Whether the manifest has moved on to a new generation (then it is the one kept)."""
        if self.manifest is None:
            return False
        before = self.manifest.generation
        self.manifest = self._verified()
        return self.manifest is not None and self.manifest.generation != before

    def files(self, table: str) -> list[Path]:
        """The table's live data files: those the manifest lists."""
        if self.manifest is None:
            replaced = legacy_replaced(self.path)
            return [f for f in _on_disk(self.path, table) if f not in replaced]
        return self.manifest.table_files(self.path, table)

    def _source(self, table: str) -> str | None:
        """The ``read_parquet`` call over the table's live files, or ``None`` when it has none."""
        files = self.files(table)
        if not files:
            return None
        return f"read_parquet({_sql_list(files)}, union_by_name = true, hive_partitioning = false)"

    def refresh(self) -> None:
        """(Re)define the four views over the files now listed (those of the manifest's newest
        generation, should a compaction replace some while this runs)."""
        while True:
            try:
                return self._define_views()
            except duckdb.IOException as exc:
                if not missing_file(exc) or not self._newer():
                    raise

    def _define_views(self) -> None:
        raw = self.con.raw() if isinstance(self.con, RetryingConnection) else self.con
        for name in COLUMNS:
            table = f"raw_{name}"
            source = self._source(name)
            if source:
                # Files written before a column existed read it as NULL (the schema only grows).
                present = {r[0] for r in raw.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
                columns = ", ".join(
                    f'"{c}"' if c in present else f'NULL::{kind} AS "{c}"' for c, kind in COLUMNS[name]
                )
                body = f"SELECT {columns}, batch FROM {source}"
            else:
                typed = ", ".join(f'NULL::{kind} AS "{c}"' for c, kind in COLUMNS[name])
                body = f"SELECT {typed}, NULL::VARCHAR AS batch WHERE false"
            raw.execute(f"CREATE OR REPLACE VIEW {table} AS {body}")
        raw.execute("CREATE OR REPLACE VIEW documents AS SELECT * EXCLUDE (batch) FROM raw_documents")
        raw.execute(f"CREATE OR REPLACE VIEW actors AS {ACTORS.format(source='raw_actors', batch='')}")
        for table in ("mentions", "events"):
            raw.execute(
                f"CREATE OR REPLACE VIEW {table} AS SELECT x.* EXCLUDE (batch) FROM raw_{table} x "
                "SEMI JOIN raw_documents d ON d.id = x.doc AND d.batch = x.batch"
            )
        parquet_views(self, raw)  # incident_links and incidents (multipolar.store.incidents)

    # -- writing -------------------------------------------------------------------------------

    def stored(self, ids: Sequence[str]) -> set[str]:
        found = super().stored(ids) | (set(ids) & self._buffered)
        if not self.read_only:
            self._absent.update(set(ids) - found)
        return found

    def add(self, document: Document, actors: Iterable[Any] = ()) -> bool:
        """Buffer a processed document for the next batch; ``False`` if it is already stored."""
        self._writable()
        self.abandon()
        if document.id not in self._absent and self.has(document.id):
            return False
        self._absent.discard(document.id)
        self._buffer_found(document, document, actors, None)
        self._buffer_row("documents", document_row(document), month_of(document.date), None)
        self._buffered.add(document.id)
        self._flush_if_full()
        return True

    def add_part(self, part: Part, actors: Iterable[Any] = ()) -> bool:
        """Buffer one piece of a long document (:class:`~multipolar.chunks.Part`); its rows carry
        one commit token, which the document's row, written with the last piece, completes.
        ``False`` (for each piece) if the document is already stored."""
        self._writable()
        document = part.document
        if part.index == 0:
            self.abandon()
            stored = document.id not in self._absent and self.has(document.id)
            self._part = (document.id, None if stored else _new_batch())
        if self._part is None or self._part[0] != document.id or self._part[1] is None:
            return False
        token = self._part[1]
        self._buffer_found(document, part.found, actors, token)
        if part.last:
            self._buffer_row("documents", document_row(document), month_of(document.date), token)
            self._buffered.add(document.id)
            self._absent.discard(document.id)
            self._part = None
        self._flush_if_full()
        return True

    def abandon(self) -> None:
        """Forget the pieces buffered of a long document that will not be completed (those
        already written stay unread: no document row has their token)."""
        if self._part is None:
            return
        token, self._part = self._part[1], None
        for table in list(self._buffer):
            kept = [i for i, t in enumerate(self._tokens[table]) if token is None or t != token]
            self._buffer[table] = [self._buffer[table][i] for i in kept]
            self._months[table] = [self._months[table][i] for i in kept]
            self._tokens[table] = [self._tokens[table][i] for i in kept]

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def _buffer_found(
        self, document: Document, found: Document, actors: Iterable[Any], token: str | None
    ) -> None:
        """Buffer the mentions, events and actors of *found* (all of *document*, or one piece)."""
        month = month_of(document.date)
        for row in mention_rows(found):
            self._buffer_row("mentions", row, month, token)
        for event, row in zip(found.events, event_rows(found), strict=True):
            self._buffer_row("events", row, month_of(event.date) if event.date else month, token)
        for actor in actors:
            self._buffer_row("actors", actor_row(actor), "", token)
        self._buffered_events += len(found.events)

    def _buffer_row(self, table: str, row: list[Any], month: str, token: str | None) -> None:
        self._buffer[table].append(row)
        self._months[table].append(month)
        self._tokens[table].append(token)

    def _flush_if_full(self) -> None:
        if len(self._buffered) >= FLUSH_DOCUMENTS or self._buffered_events >= FLUSH_EVENTS:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one batch: new files, then the manifest that lists them."""
        if not any(self._buffer.values()):
            return
        import pyarrow as pa

        batch = _new_batch()
        written: list[Path] = []
        for table in ("actors", "mentions", "events", "documents"):
            rows = self._buffer.get(table, [])
            if not rows:
                continue
            groups: dict[str, list[tuple[list[Any], str]]] = defaultdict(list)
            for month, row, token in zip(self._months[table], rows, self._tokens[table], strict=True):
                groups[month].append((row, token or batch))
            schema = _arrow_schema(table)
            for month, group in sorted(groups.items()):
                folder = self.path / table / (f"month={month}" if table in PARTITIONED else "")
                columns = list(zip(*(row for row, _ in group), strict=True))
                arrays = [pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(columns)]
                arrays.append(pa.array([token for _, token in group], type=pa.string()))
                target = folder / f"b-{batch}.parquet"
                write_table(pa.Table.from_arrays(arrays, schema=schema), target)
                written.append(target)
        self._switch(written, ())
        self._buffer.clear()
        self._months.clear()
        self._tokens.clear()
        self._buffered.clear()
        self._buffered_events = 0
        self.refresh()

    def _switch(self, added: Sequence[Path], removed: Sequence[Path]) -> None:
        """The next manifest: *added* files listed, *removed* ones no longer."""
        assert self.manifest is not None
        self.manifest = self.manifest.switched(added, removed, self.path)
        self.manifest.save(self.path)

    def adopt(self, files: Sequence[Path]) -> None:
        """List whole data files placed in the store's folders by other means (``store copy``)."""
        self._writable()
        self._switch(files, ())
        self.refresh()

    def close(self) -> None:
        """Write what is buffered, release the lock and close the connection."""
        try:
            if not self.read_only:
                self.abandon()
                self.flush()
        finally:
            self._lock.release()
            self.con.close()

    # -- looking after it ----------------------------------------------------------------------

    def compact(self) -> dict[str, int]:
        """Merge each partition's files into one, dropping rows a dead run left uncommitted and
        the data files no manifest lists that an interrupted run left.

        Returns ``{table: files before - files after}``. Each merged file is written whole, then
        the manifest is switched to it, then the files it replaces are removed: a reader sees the
        old files or the new one (one that finds a file gone reads the manifest again).
        """
        self._writable()
        self.abandon()
        self.flush()
        assert self.manifest is not None
        removed: dict[str, int] = {}
        for table in COLUMNS:
            folders: dict[Path, list[Path]] = defaultdict(list)
            for file in self.files(table):
                folders[file.parent].append(file)
            removed[table] = 0
            for folder, group in sorted(folders.items()):
                if len(group) < 2:
                    continue
                self._compact_folder(table, folder, group)
                removed[table] += len(group) - 1
        removed.update(compact_incidents(self))
        listed = set(self.manifest.files)
        for folder in FOLDERS:
            for file in _on_disk(self.path, folder):
                if OURS.match(file.name) and relative(file, self.path) not in listed:
                    file.unlink(missing_ok=True)
        self.refresh()
        return removed

    def _compact_folder(self, table: str, folder: Path, group: list[Path]) -> None:
        output = folder / f"c-{_new_batch()}.parquet"
        columns = ", ".join(f'x."{c}"' for c, _ in COLUMNS[table]) + ", x.batch"
        source = f"read_parquet({_sql_list(group)}, union_by_name = true)"
        if table in ("mentions", "events"):  # keep committed rows only
            committed = "SEMI JOIN raw_documents d ON d.id = x.doc AND d.batch = x.batch"
            query = f"SELECT {columns} FROM {source} x {committed}"
        elif table == "actors":
            query = ACTORS.format(source=source, batch=", min(batch) AS batch")
        else:
            query = f"SELECT {columns} FROM {source} x"
        temporary = folder / f".{output.name}.tmp"
        try:
            self.con.execute(f"COPY ({query}) TO '{temporary.as_posix()}' (FORMAT parquet)")
            sync(temporary)
            os.replace(temporary, output)
        except duckdb.Error as exc:
            temporary.unlink(missing_ok=True)
            raise StoreError(f"{folder}: cannot compact ({first_line(exc)})") from None
        self._switch([output], group)
        self.refresh()
        for file in group:
            file.unlink(missing_ok=True)


def _on_disk(folder: Path, table: str) -> list[Path]:
    """The data files of *table* found in its folders (whatever the manifest says)."""
    return on_disk(folder, table, table in PARTITIONED)


def check_store(path: str | Path) -> tuple[list[str], list[str]]:
    """``(problems, notes)`` of the Parquet store at *path*, without opening it (a damaged store
    does not open): each listed data file that is missing, cut short, changed or unreadable, and
    each data file the manifest does not list (:func:`multipolar.store.manifest.check`)."""
    path = Path(path)
    if not (path / MARKER).is_file():
        ParquetStore(path).close()  # says why: no such store, a file, a foreign folder
    version = _version(path)
    manifest = Manifest.load(path)
    if manifest is None:
        if version < VERSION:
            return [], ["a store of version 1: no manifest yet (its next write lists its files)"]
        return [f"{MANIFEST}: missing (the store cannot tell its data files)"], []
    return check(path, manifest, [f for folder in FOLDERS for f in _on_disk(path, folder)])


def _version(path: Path) -> int:
    """The store version its marker gives (an error for a marker that is not ours)."""
    marker = path / MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable store marker {MARKER} ({exc})") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise StoreError(f"{path}: {MARKER} does not describe a multipolar Parquet store")
    try:
        return int(info.get("version") or 1)
    except (TypeError, ValueError):
        raise StoreError(f"{path}: {MARKER} does not describe a multipolar Parquet store") from None
