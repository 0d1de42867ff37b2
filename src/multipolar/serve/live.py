"""The app's read side: consistent, read-only snapshots of a store that a writer keeps growing.

DuckDB lets one process write a database file, and while it does no other process may open the
file at all (and a reader that holds it open keeps a writer out). So the app never holds the
user's file open:

* **DuckDB file** (``--db``): a snapshot is a private copy of the file (and of its write-ahead
  log, if any), taken *without any lock*: the copy is kept only when the files were quiet before
  it (last changed at least :data:`QUIET_S` ago) and unchanged after it (same size, modification
  and change times), so no write can have happened during the copy. A writer is never kept out
  or slowed down; while it writes, the app keeps serving the last snapshot and tries again at
  the next refresh. Every snapshot holds whole transactions: whole documents (whole batches once
  the store commits them in one transaction), never a part of one.
* A batch writer (``ingest --watch``) marks the store while it writes a batch
  (:func:`writing_batch`), and no snapshot is taken meanwhile: a batch is seen whole or not at all.
* **Parquet store** (``--store``): no copy is needed; a snapshot is a view over the data files
  present when it was taken (the file list is pinned, so every query of a request sees the same
  data). The store's own protocol makes a batch visible only once its documents are written.

A refresher thread checks every ``interval`` seconds whether the store changed, takes a new
snapshot, lets the app warm it (compute its default view) and then publishes it; requests under
way finish on the snapshot they started with, which is closed (and its copy deleted) after the
last of them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from multipolar.store import QueryStore, StoreError
from multipolar.store.duckdb_store import OFFLINE, Store
from multipolar.store.files import living_writer
from multipolar.store.manifest import MANIFEST
from multipolar.store.parquet_store import ParquetStore, _sql_list

QUIET_S = 0.2
"""How long a DuckDB file must have been unchanged before it is copied (longer than the file
system's timestamp granularity, so a write during the copy always shows as a later time)."""


class PinnedParquetStore(ParquetStore):
    """A read-only Parquet store whose views read the files present when it was opened (or
    refreshed), rather than whatever the glob finds at each query."""

    def _source(self, table: str) -> str | None:
        files = self.files(table)
        if not files:
            return None
        return f"read_parquet({_sql_list(files)}, union_by_name = true, hive_partitioning = false)"


class Reader(QueryStore):
    """One request's handle on a snapshot: its own cursor, the snapshot's schema flags."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.path = snapshot.source
        self.con = snapshot.store.con.cursor()
        self.has_meta = snapshot.store.has_meta
        self.has_provisional = snapshot.store.has_provisional
        self.has_theatres = snapshot.store.has_theatres
        self.tables = snapshot.tables

    def close(self) -> None:
        self.con.close()


@dataclass
class Snapshot:
    """A published state of the store: ``generation`` counts them from 1."""

    generation: int
    source: Path
    store: QueryStore
    copy: Path | None = None
    taken_at: float = field(default_factory=time.time)
    tables: Any = None  # what the event queries read (multipolar.serve.queries.tables_of)
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def location(self) -> tuple[str, bool]:
        """Where another process opens this snapshot: (the DuckDB copy, False) or (the folder, True)."""
        return (str(self.copy), False) if self.copy is not None else (str(self.source), True)

    def close_if_unused(self) -> None:
        with self.lock:
            if not (self.retired and self.users == 0):
                return
            self.users = -1  # closed: never reused
        self.store.close()
        if self.copy is not None:
            shutil.rmtree(self.copy.parent, ignore_errors=True)


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return (s.st_size, s.st_mtime_ns, s.st_ctime_ns)


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def copy_quietly(source: Path, folder: Path) -> Path | None:
    """Copy the DuckDB file *source* (and its WAL) into *folder* without locking it; ``None`` when
    it was written during (or just before) the copy, so the copy might not be consistent."""
    files = [source, wal_of(source)]
    before = [_stat(f) for f in files]
    if before[0] is None:
        raise StoreError(f"{source}: no such database")
    newest = max(s[1] for s in before if s) / 1e9
    if time.time() - newest < QUIET_S:
        return None
    target = folder / source.name
    for f, s in zip(files, before, strict=True):
        if s is not None:
            shutil.copyfile(f, folder / f.name)
    if [_stat(f) for f in files] != before:
        for f in files:
            (folder / f.name).unlink(missing_ok=True)
        return None
    return target


def batch_marker(path: Path, parquet: bool) -> Path:
    """The file a batch writer (``ingest --watch``) keeps while it writes a batch: no snapshot is
    taken meanwhile, so none holds part of the batch (``STORE.batch``, or ``DIR/_batch``)."""
    return path / "_batch" if parquet else path.with_name(path.name + ".batch")


@contextlib.contextmanager
def writing_batch(path: Path, parquet: bool) -> Iterator[None]:
    """Mark the store as being written a batch (see :func:`batch_marker`) while the block runs."""
    marker = batch_marker(path, parquet)
    marker.write_text(str(os.getpid()), encoding="utf-8")
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def batch_under_way(path: Path, parquet: bool) -> bool:
    """Whether a live writer is in the middle of a batch (a marker left by a dead one is ignored)."""
    return living_writer(batch_marker(path, parquet)) > 0


def signature(path: Path, parquet: bool) -> Any:
    """What changes when the store does: the DuckDB file's (and WAL's) size and times, or the
    Parquet store's list of data files and its manifest (files count once it lists them)."""
    if not parquet:
        return (_stat(path), _stat(wal_of(path)))
    return (
        tuple(sorted(str(p.relative_to(path)) for p in path.glob("*/**/*.parquet")))
        + tuple(sorted(str(p.relative_to(path)) for p in path.glob("*/**/_compact-*.json")))
        + (_stat(path / MANIFEST),)
    )


class Live:
    """Snapshots of the store at *path* (a DuckDB file, or a Parquet folder when *parquet*),
    refreshed by a thread; *prepare* is given a writable connection to each DuckDB copy (to add
    tables of its own), *warm* is called on each new snapshot before it is published, *published*
    after."""

    def __init__(
        self,
        path: Path,
        *,
        parquet: bool,
        interval: float = 1.0,
        warm: Callable[[Snapshot], None] | None = None,
        published: Callable[[Snapshot], None] | None = None,
        prepare: Callable[[Any], None] | None = None,
        workdir: Path | None = None,
    ) -> None:
        self.path = Path(path)
        self.parquet = parquet
        self.interval = interval
        self.warm = warm
        self.published = published
        self.prepare = prepare
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="multipolar-serve-"))
        self._owned_workdir = workdir is None
        self._current: Snapshot | None = None
        self._seen: Any = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.refresh()
        if self._current is None:
            raise StoreError(f"{self.path}: the store is being written; try again in a moment")

    # -- snapshots ------------------------------------------------------------------------------

    def _take(self, generation: int) -> Snapshot | None:
        if self.parquet:
            return Snapshot(generation, self.path, PinnedParquetStore(self.path, read_only=True))
        folder = Path(tempfile.mkdtemp(prefix=f"g{generation}-", dir=self.workdir))
        copy = copy_quietly(self.path, folder)
        if copy is None:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        try:
            if self.prepare is not None:  # the copy is ours: it may get tables of its own
                con = duckdb.connect(str(copy), config=OFFLINE)
                try:
                    self.prepare(con)
                finally:
                    con.close()
            return Snapshot(generation, self.path, Store(copy, read_only=True), copy=copy)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def refresh(self) -> bool:
        """Take and publish a new snapshot if the store changed; whether one was published."""
        seen = signature(self.path, self.parquet)
        if seen == self._seen and self._current is not None:
            return False
        if self._current is not None and batch_under_way(self.path, self.parquet):
            return False  # the next refresh after the batch takes it whole
        generation = (self._current.generation + 1) if self._current else 1
        snapshot = self._take(generation)
        if snapshot is None:
            return False  # written meanwhile: the next refresh tries again
        if self.warm is not None:
            self.warm(snapshot)
        with self._lock:
            old, self._current, self._seen = self._current, snapshot, seen
        if old is not None:
            old.retired = True
            old.close_if_unused()
        if self.published is not None:
            self.published(snapshot)
        return True

    @contextlib.contextmanager
    def reader(self, snapshot: Snapshot | None = None) -> Iterator[Reader]:
        """A read handle on *snapshot* (default: the current one) for one request or computation;
        the snapshot stays open until the last such handle is closed. A snapshot already closed
        (replaced, and its last reader gone) raises :class:`StoreError`."""
        with self._lock:
            snapshot = snapshot or self._current
            assert snapshot is not None
            with snapshot.lock:
                if snapshot.users < 0:
                    raise StoreError(f"snapshot {snapshot.generation} was replaced by a newer one")
                snapshot.users += 1
        reader = Reader(snapshot)
        try:
            yield reader
        finally:
            reader.close()
            with snapshot.lock:
                snapshot.users -= 1
            snapshot.close_if_unused()

    @property
    def current(self) -> Snapshot:
        assert self._current is not None
        return self._current

    # -- the refresher ------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="multipolar-refresh", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
                self.last_error = None
            except Exception as exc:  # noqa: BLE001 - keep serving the last snapshot, say why
                self.last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._current is not None:
            self._current.retired = True
            self._current.close_if_unused()
        if self._owned_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
