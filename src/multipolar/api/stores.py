"""The care of a Parquet store, from Python as ``multipolar store`` does it: copy a DuckDB store
into one, and compact its small files."""

from __future__ import annotations

import os
from pathlib import Path

from multipolar.store import Store, StoreError
from multipolar.store.copy import copy_store as copy_tables
from multipolar.store.parquet_store import MARKER, ParquetStore

PathLike = str | os.PathLike[str]


def copy_store(db: PathLike, folder: PathLike) -> dict[str, int]:
    """Copy the DuckDB store *db* into a new Parquet store *folder*; returns the counts copied
    (documents, actors, mentions, events)."""
    with Store(Path(db), read_only=True) as source:
        return copy_tables(source, Path(folder))


def compact_store(folder: PathLike) -> tuple[int, int, dict[str, int]]:
    """Merge each partition's small files of the Parquet store *folder* into one (and drop what a
    dead run left uncommitted). Returns the data files before and after, and the store's counts."""
    folder = Path(folder)
    if not (folder / MARKER).is_file():  # a writer would create an empty store where none is
        ParquetStore(folder).close()  # says why: no such store, a file, a foreign folder
        raise StoreError(f"{folder}: no such Parquet store")
    with ParquetStore(folder, read_only=False) as target:
        before = sum(len(target.files(t)) for t in ("documents", "actors", "mentions", "events"))
        removed = target.compact()
        return before, before - sum(removed.values()), target.counts()
