"""A Parquet store: the four tables as a Parquet dataset in a folder, for corpora too big for one file.

Layout (documents, mentions and events partitioned by month, Hive style)::

    DIR/_multipolar.json                          marks the folder as a store
    DIR/documents/month=2020-01/b-<batch>.parquet by the document's date ("undated": none)
    DIR/mentions/month=2020-01/b-<batch>.parquet  by their document's date
    DIR/events/month=2020-01/b-<batch>.parquet    by the event's day (its own, else its document's)
    DIR/actors/b-<batch>.parquet

Writing. Processed documents are buffered and written a batch at a time, one new file per table
and month. Each file is written under a temporary name, synced and then renamed, so a file is
either whole or absent. The documents' files are renamed last and are the batch's commit: every
row carries its ``batch``, and mentions and events count only when their document was written
by the same batch. So if a run dies mid-batch, what it wrote of that batch is ignored (and
re-ingesting redoes those documents once), and everything before stays valid. A document already
stored is never written again (re-ingesting the same text adds nothing). One writer at a time
(``_writer.lock``).

Reading. The tables are DuckDB views over the files (``read_parquet``), so every query of
:class:`~multipolar.store.base.QueryStore` runs in DuckDB, out of core, as on a DuckDB file.
:meth:`ParquetStore.compact` merges each partition's small files into one.
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
from multipolar.store.files import sync as _sync
from multipolar.store.files import write_atomically as _write_atomically
from multipolar.store.incidents import compact_incidents, parquet_views

MARKER = "_multipolar.json"
LOCK = "_writer.lock"
FORMAT = "multipolar-parquet"
VERSION = 1
FLUSH_DOCUMENTS = 1_000  # documents per written batch ...
FLUSH_EVENTS = 100_000  # ... or fewer, when they hold this many events
UNDATED = "undated"

PARTITIONED = ("documents", "mentions", "events")

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


def _sql_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + p.as_posix().replace("'", "''") + "'" for p in paths) + "]"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ParquetStore(QueryStore):
    """A multipolar store in a folder of Parquet files. Use as a context manager."""

    parquet = True

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._buffer: dict[str, list[list[Any]]] = defaultdict(list)
        self._months: dict[str, list[str]] = defaultdict(list)
        self._buffered: set[str] = set()
        self._absent: set[str] = set()  # ids that stored() found absent: add() need not ask again
        self._buffered_events = 0
        self._locked = False
        self._check_or_create()
        try:
            self.con = duckdb.connect()
            self.refresh()
        except BaseException:  # a damaged file: the store is not opened, so its lock is not kept
            self._unlock()
            raise

    # -- the folder ----------------------------------------------------------------------------

    def _check_or_create(self) -> None:
        marker = self.path / MARKER
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: a file, not a Parquet store folder (a DuckDB file? use --db)")
        if marker.exists():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{self.path}: unreadable store marker {MARKER} ({exc})") from None
            if not isinstance(info, dict) or info.get("format") != FORMAT:
                raise StoreError(f"{self.path}: {MARKER} does not describe a multipolar Parquet store")
        elif self.read_only:
            raise StoreError(f"{self.path}: no such Parquet store (run 'multipolar ingest --store' first)")
        elif self.path.exists() and any(self.path.iterdir()):
            raise StoreError(f"{self.path}: a folder that is not a multipolar store; refusing to touch it")
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            _write_atomically(marker, json.dumps({"format": FORMAT, "version": VERSION}).encode())
        if not self.read_only:
            self._lock()
            self._finish_compactions()

    def _lock(self) -> None:
        lock = self.path / LOCK
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                try:
                    pid = int(lock.read_text().strip() or 0)
                except (OSError, ValueError):
                    pid = 0
                if pid and _pid_alive(pid) and pid != os.getpid():
                    raise StoreError(
                        f"{self.path}: another process ({pid}) is writing to this store"
                    ) from None
                lock.unlink(missing_ok=True)  # left by a run that died
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            self._locked = True
            return
        raise StoreError(f"{self.path}: cannot take the writer's lock {lock}")

    def files(self, table: str) -> list[Path]:
        """The table's live data files (whole, and not replaced by a finished compaction)."""
        if table in PARTITIONED:
            found = sorted((self.path / table).glob("month=*/*.parquet"))
        else:
            found = sorted((self.path / table).glob("*.parquet"))
        replaced = self._replaced()
        return [f for f in found if f not in replaced]

    def _source(self, table: str) -> str | None:
        """The ``read_parquet`` call over the table's live files (a glob, unless a compaction is
        unfinished), or ``None`` when it has none."""
        files = self.files(table)
        if not files:
            return None
        if self._replaced():
            where = _sql_list(files)
        else:
            pattern = self.path / table / ("month=*/*.parquet" if table in PARTITIONED else "*.parquet")
            where = _sql_list([pattern])
        return f"read_parquet({where}, union_by_name = true, hive_partitioning = false)"

    def refresh(self) -> None:
        """(Re)define the four views over the files now on disk."""
        for name in COLUMNS:
            table = f"raw_{name}"
            source = self._source(name)
            if source:
                # Files written before a column existed read it as NULL (the schema only grows).
                present = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
                columns = ", ".join(
                    f'"{c}"' if c in present else f'NULL::{kind} AS "{c}"' for c, kind in COLUMNS[name]
                )
                body = f"SELECT {columns}, batch FROM {source}"
            else:
                typed = ", ".join(f'NULL::{kind} AS "{c}"' for c, kind in COLUMNS[name])
                body = f"SELECT {typed}, NULL::VARCHAR AS batch WHERE false"
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS {body}")
        self.con.execute("CREATE OR REPLACE VIEW documents AS SELECT * EXCLUDE (batch) FROM raw_documents")
        self.con.execute(f"CREATE OR REPLACE VIEW actors AS {ACTORS.format(source='raw_actors', batch='')}")
        for table in ("mentions", "events"):
            self.con.execute(
                f"CREATE OR REPLACE VIEW {table} AS SELECT x.* EXCLUDE (batch) FROM raw_{table} x "
                "SEMI JOIN raw_documents d ON d.id = x.doc AND d.batch = x.batch"
            )
        parquet_views(self)  # incident_links and incidents (multipolar.store.incidents)

    # -- writing -------------------------------------------------------------------------------

    def stored(self, ids: Sequence[str]) -> set[str]:
        found = super().stored(ids) | (set(ids) & self._buffered)
        if not self.read_only:
            self._absent.update(set(ids) - found)
        return found

    def add(self, document: Document, actors: Iterable[Any] = ()) -> bool:
        """Buffer a processed document for the next batch; ``False`` if it is already stored."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        if document.id not in self._absent and self.has(document.id):
            return False
        self._absent.discard(document.id)
        month = month_of(document.date)
        self._buffer["documents"].append(document_row(document))
        self._months["documents"].append(month)
        for row in mention_rows(document):
            self._buffer["mentions"].append(row)
            self._months["mentions"].append(month)
        for event, row in zip(document.events, event_rows(document), strict=True):
            self._buffer["events"].append(row)
            self._months["events"].append(month_of(event.date) if event.date else month)
        for actor in actors:
            self._buffer["actors"].append(actor_row(actor))
        self._buffered.add(document.id)
        self._buffered_events += len(document.events)
        if len(self._buffered) >= FLUSH_DOCUMENTS or self._buffered_events >= FLUSH_EVENTS:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the buffered documents as one batch (documents last: they commit it)."""
        if not self._buffered:
            return
        import pyarrow as pa

        batch = f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
        for table in ("actors", "mentions", "events", "documents"):
            rows = self._buffer.get(table, [])
            if not rows:
                continue
            months = self._months.get(table) or [""] * len(rows)
            groups: dict[str, list[list[Any]]] = defaultdict(list)
            for month, row in zip(months, rows, strict=True):
                groups[month].append(row)
            schema = _arrow_schema(table)
            for month, group in sorted(groups.items()):
                folder = self.path / table / (f"month={month}" if table in PARTITIONED else "")
                columns = list(zip(*group, strict=True))
                arrays = [pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(columns)]
                arrays.append(pa.array([batch] * len(group), type=pa.string()))
                _write_table(pa.Table.from_arrays(arrays, schema=schema), folder / f"b-{batch}.parquet")
        self._buffer.clear()
        self._months.clear()
        self._buffered.clear()
        self._buffered_events = 0
        self.refresh()

    def close(self) -> None:
        """Write what is buffered, release the lock and close the connection."""
        try:
            if not self.read_only:
                self.flush()
        finally:
            self._unlock()
            self.con.close()

    def _unlock(self) -> None:
        if self._locked:
            (self.path / LOCK).unlink(missing_ok=True)
            self._locked = False

    # -- compaction ----------------------------------------------------------------------------

    def _replaced(self) -> set[Path]:
        """Files that a finished compaction replaced (its manifest lists them; its output exists)."""
        replaced: set[Path] = set()
        for manifest in self.path.glob("*/**/_compact-*.json"):
            try:
                info = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if (manifest.parent / info["output"]).exists():
                replaced.update(manifest.parent / name for name in info["replaces"])
        return replaced

    def _finish_compactions(self) -> None:
        """Complete (or abandon) compactions a dead run left: delete what a finished one replaced."""
        for manifest in self.path.glob("*/**/_compact-*.json"):
            try:
                info = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest.unlink(missing_ok=True)
                continue
            if (manifest.parent / info["output"]).exists():
                for name in info["replaces"]:
                    (manifest.parent / name).unlink(missing_ok=True)
            manifest.unlink(missing_ok=True)
        for leftover in self.path.glob("**/.*.tmp"):
            leftover.unlink(missing_ok=True)

    def compact(self) -> dict[str, int]:
        """Merge each partition's files into one, dropping rows a dead run left uncommitted.

        Returns ``{table: files before - files after}``. Crash-safe: the merged file is written
        atomically next to a manifest of the files it replaces; readers ignore replaced files,
        and the next writer finishes the deletion.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        self.flush()
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
                self.refresh()
                removed[table] += len(group) - 1
        self.refresh()
        removed.update(compact_incidents(self))
        return removed

    def _compact_folder(self, table: str, folder: Path, group: list[Path]) -> None:
        batch = f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
        output = f"c-{batch}.parquet"
        columns = ", ".join(f'x."{c}"' for c, _ in COLUMNS[table]) + ", x.batch"
        source = f"read_parquet({_sql_list(group)}, union_by_name = true)"
        if table in ("mentions", "events"):  # keep committed rows only
            committed = "SEMI JOIN raw_documents d ON d.id = x.doc AND d.batch = x.batch"
            query = f"SELECT {columns} FROM {source} x {committed}"
        elif table == "actors":
            query = ACTORS.format(source=source, batch=", min(batch) AS batch")
        else:
            query = f"SELECT {columns} FROM {source} x"
        manifest = folder / f"_compact-{batch}.json"
        _write_atomically(
            manifest, json.dumps({"output": output, "replaces": [f.name for f in group]}).encode()
        )
        temporary = folder / f".{output}.tmp"
        try:
            self.con.execute(f"COPY ({query}) TO '{temporary.as_posix()}' (FORMAT parquet)")
            _sync(temporary)
            os.replace(temporary, folder / output)
        except duckdb.Error as exc:
            temporary.unlink(missing_ok=True)
            manifest.unlink(missing_ok=True)
            raise StoreError(f"{folder}: cannot compact ({first_line(exc)})") from None
        for file in group:
            file.unlink(missing_ok=True)
        manifest.unlink(missing_ok=True)


def _write_table(table: Any, target: Path) -> None:
    """Write a pyarrow table to *target*: whole, or not at all (temporary name, sync, rename)."""
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
