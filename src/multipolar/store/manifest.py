"""The manifest of a Parquet store: which data files make up the store, and how big each is.

``DIR/_manifest.json`` lists every live data file (its path in the store, its rows and bytes) and a
*generation* that grows with every change. It is the store's single source of truth:

* a writer writes new files first (each whole, under a temporary name, then renamed), and then
  switches the manifest (written whole, synced and renamed over the old one). A run that dies
  before the switch leaves files the manifest does not list, which nothing reads;
* a reader reads the files the manifest lists, never a folder listing, so a file a writer is still
  writing, or one left by a dead run, is never read;
* a compaction writes the merged file, switches the manifest, and only then removes the files the
  merged one replaces; a reader still on the previous generation that finds a file gone reads the
  manifest again and runs its query over the new files (:class:`RetryingConnection`);
* a data file deleted, truncated or replaced by hand no longer matches its entry: every open says
  so, and ``multipolar store check`` (:func:`check`) lists each such file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from multipolar.store.base import StoreError
from multipolar.store.files import write_atomically

MANIFEST = "_manifest.json"
FORMAT = "multipolar-parquet-manifest"
# A file the store writes: a batch (b-...) or a compaction's output (c-...).
OURS = re.compile(r"^[bc]-[0-9a-f]+-[0-9a-f]+(-[0-9]+)?\.parquet$")


@dataclass(frozen=True)
class Entry:
    """One data file as the manifest knows it."""

    rows: int
    bytes: int


@dataclass
class Manifest:
    """The live data files of a store (paths relative to its folder, ``/``-separated)."""

    generation: int = 0
    files: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest of the store in *folder*; ``None`` when it has none."""
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: unreadable manifest ({exc}); run 'multipolar store check'") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError(f"{path}: not a multipolar store manifest")
        try:
            files = {str(k): Entry(int(v["rows"]), int(v["bytes"])) for k, v in data["files"].items()}
            return cls(int(data["generation"]), files)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StoreError(f"{path}: a damaged manifest; run 'multipolar store check'") from None

    def save(self, folder: Path) -> None:
        """Write the manifest whole (temporary file, sync, rename): readers see the old or the new."""
        data = {
            "format": FORMAT,
            "generation": self.generation,
            "files": {k: {"rows": e.rows, "bytes": e.bytes} for k, e in sorted(self.files.items())},
        }
        write_atomically(folder / MANIFEST, json.dumps(data, indent=0).encode())

    def switched(self, added: Iterable[Path], removed: Iterable[Path], folder: Path) -> Manifest:
        """The next generation: *added* files (measured now) in, *removed* ones out."""
        files = dict(self.files)
        for path in removed:
            files.pop(relative(path, folder), None)
        for path in added:
            files[relative(path, folder)] = measure(path)
        return Manifest(self.generation + 1, files)

    def table_files(self, folder: Path, table: str) -> list[Path]:
        """The listed files of *table*, in path order."""
        return [folder / name for name in sorted(self.files) if name.split("/", 1)[0] == table]

    def damage(self, folder: Path) -> list[str]:
        """What is wrong with the listed files that a ``stat`` shows (missing, or of another size),
        one ``PATH: reason`` each."""
        found = []
        for name, entry in sorted(self.files.items()):
            path = folder / name
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                found.append(f"{path}: missing (the manifest lists it with {entry.rows} rows)")
                continue
            except OSError as exc:
                found.append(f"{path}: unreadable ({exc.strerror})")
                continue
            if size != entry.bytes:
                cut = "truncated" if size < entry.bytes else "changed"
                found.append(f"{path}: {cut} ({size:,} bytes; the manifest lists {entry.bytes:,})")
        return found


def relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def measure(path: Path) -> Entry:
    """A data file's rows (from its footer) and bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except (pa.ArrowException, OSError) as exc:
        raise StoreError(f"{path}: a damaged or foreign Parquet file ({exc})") from None
    return Entry(rows, path.stat().st_size)


def check(folder: Path, manifest: Manifest, data_files: Sequence[Path]) -> tuple[list[str], list[str]]:
    """``(problems, notes)`` of a store: each listed file missing, of another size, unreadable or
    with another number of rows than listed (problems); each data file the manifest does not list
    (notes: left by an interrupted run, or put there by hand; nothing reads them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    problems = manifest.damage(folder)
    for name, entry in sorted(manifest.files.items()):
        path = folder / name
        if any(p.startswith(f"{path}: ") for p in problems):
            continue
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowException, OSError) as exc:
            problems.append(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})")
            continue
        if rows != entry.rows:
            problems.append(f"{path}: {rows} rows; the manifest lists {entry.rows}")
    listed = set(manifest.files)
    notes = [
        f"{p}: not in the manifest, so never read ("
        + ("left by an interrupted run; 'store compact' removes it)" if OURS.match(p.name) else "not ours)")
        for p in data_files
        if relative(p, folder) not in listed
    ]
    return problems, notes


class RetryingConnection:
    """A DuckDB connection whose queries survive a compaction running beside them.

    ``execute`` runs a query and reads its whole result before returning it (DuckDB streams a
    result, so a file could otherwise vanish between ``execute`` and ``fetchall``). A query that
    finds a data file gone calls *reload*, which reads the manifest again and returns whether its
    generation changed: if it did (a compaction replaced the file), the query runs again over the
    new files; if not, the file is missing from the store itself and the error says so.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, reload: Callable[[], bool]) -> None:
        self._connection = connection
        self._reload = reload

    def execute(self, query: str, parameters: Sequence[Any] | None = None) -> Result:
        while True:
            try:
                cursor = self._connection.execute(query, parameters or [])
                description = cursor.description
                return Result(cursor.fetchall() if description else [], description)
            except duckdb.IOException as exc:
                if not missing_file(exc) or not self._reload():
                    raise
            except duckdb.InvalidInputException as exc:  # a view bound to a vanished file
                if "parquet" not in str(exc).lower() or not self._reload():
                    raise

    def raw(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection itself (its queries are not retried)."""
        return self._connection

    def close(self) -> None:
        self._connection.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def missing_file(exc: BaseException) -> bool:
    """Whether a DuckDB error is about a data file that is not there."""
    text = str(exc)
    return "No such file" in text or "No files found" in text or "Cannot open file" in text


class Result:
    """A query's whole result, read at once (see :class:`RetryingConnection`)."""

    def __init__(self, rows: list[tuple[Any, ...]], description: Any) -> None:
        self._rows = rows
        self._next = 0
        self.description = description

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        rows = self._rows[self._next : self._next + size]
        self._next += len(rows)
        return rows

    def df(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self._rows, columns=[d[0] for d in self.description or []])
