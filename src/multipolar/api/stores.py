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
    """Copy a DuckDB store into a new Parquet store (for corpora too large for one file).

    Parameters
    ----------
    db, folder : path
        The DuckDB store to copy, and the Parquet store to make (a new or empty folder).

    Returns
    -------
    dict[str, int]
        How many documents, actors, mentions and events were copied.

    Examples
    --------
    >>> from multipolar.api import copy_store
    >>> copy_store("multipolar-demo/demo.duckdb", "demo-parquet")["documents"]
    8
    """
    with Store(Path(db), read_only=True) as source:
        return copy_tables(source, Path(folder))


def compact_store(folder: PathLike) -> tuple[int, int, dict[str, int]]:
    """Merge each partition's small files of a Parquet store into one, and drop what a dead run left
    uncommitted.

    Parameters
    ----------
    folder : path
        The Parquet store.

    Returns
    -------
    tuple of (int, int, dict)
        The data files before and after, and the store's counts.

    Raises
    ------
    StoreError
        No such store, a file, or a folder that is not one.

    Examples
    --------
    >>> from multipolar.api import compact_store, copy_store
    >>> _ = copy_store("multipolar-demo/demo.duckdb", "to-compact")
    >>> before, after, counts = compact_store("to-compact")
    >>> after <= before
    True
    """
    folder = Path(folder)
    if not (folder / MARKER).is_file():  # a writer would create an empty store where none is
        ParquetStore(folder).close()  # says why: no such store, a file, a foreign folder
        raise StoreError(f"{folder}: no such Parquet store")
    tables = ("documents", "actors", "mentions", "events")
    with ParquetStore(folder, read_only=False) as target:
        before = sum(len(target.files(t)) for t in tables)
        removed = target.compact()  # the incident tables too (their files are not counted here)
        return before, before - sum(removed[t] for t in tables), target.counts()
