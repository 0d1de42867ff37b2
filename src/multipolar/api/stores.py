"""The care of a Parquet store, from Python as ``multipolar store`` does it: copy a DuckDB store
into one, compact its small files, and check its data files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from multipolar.store import Store, StoreError
from multipolar.store.copy import copy_store as copy_tables
from multipolar.store.parquet_store import MARKER, ParquetStore
from multipolar.store.parquet_store import check_store as check_files

PathLike = str | os.PathLike[str]
TABLES = ("documents", "actors", "mentions", "events")


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
    with ParquetStore(folder, read_only=False) as target:
        before = sum(len(target.files(t)) for t in TABLES)
        removed = target.compact()  # the incident tables too (their files are not counted here)
        return before, before - sum(removed[t] for t in TABLES), target.counts()


@dataclass(frozen=True)
class StoreCheck:
    """What :func:`check_store` found: the data files missing or damaged (``problems``), those the
    manifest does not list (``notes``: never read), and for a whole store its data files and counts."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        return not self.problems


def check_store(folder: PathLike) -> StoreCheck:
    """Check that every data file a Parquet store's manifest lists is there, whole and readable.

    Parameters
    ----------
    folder : path
        The Parquet store.

    Returns
    -------
    StoreCheck
        ``problems``: each listed file that is missing, cut short, changed or unreadable (a store
        with any is not read: every query says so); ``notes``: each data file the manifest does not
        list (left by an interrupted run, or not ours; never read); and, when the store is whole,
        its data files (``files``) and ``counts``.

    Raises
    ------
    StoreError
        No such store, a file, or a folder that is not one.

    Examples
    --------
    >>> from multipolar.api import check_store, copy_store
    >>> _ = copy_store("multipolar-demo/demo.duckdb", "to-check")
    >>> found = check_store("to-check")
    >>> found.whole, found.counts["documents"]
    (True, 8)
    """
    folder = Path(folder)
    problems, notes = check_files(folder)
    if problems:
        return StoreCheck(problems, notes)
    with ParquetStore(folder) as opened:
        files = sum(len(opened.files(t)) for t in TABLES)
        return StoreCheck(problems, notes, files, opened.counts())
