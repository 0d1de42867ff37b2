"""Copying a store into a new Parquet store (``multipolar store copy``), all in DuckDB.

The source's tables are written with DuckDB's ``COPY ... (FORMAT parquet, PARTITION_BY (month))``
into a hidden folder of the target, then moved into place with the documents last, as one batch
(see :mod:`multipolar.store.parquet_store`): a copy cut short leaves the target as it was. The
incidents follow as a batch of their own (:mod:`multipolar.store.incidents`).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

from multipolar.store.base import QueryStore, StoreError
from multipolar.store.incidents import copy_incidents
from multipolar.store.parquet_store import COLUMNS, PARTITIONED, UNDATED, ParquetStore

# The month partition of a date text (the start of an interval): YYYY-MM, else "undated".
_MONTH = (
    "CASE WHEN regexp_full_match(left(trim(split_part({x}, '/', 1)), 7), '[0-9]{{4}}-(0[1-9]|1[0-2])') "
    f"THEN left(trim(split_part({{x}}, '/', 1)), 7) ELSE '{UNDATED}' END"
)


def _select(table: str, source: QueryStore, batch: str) -> str:
    missing: set[tuple[str, str]] = set()
    if not source.has_meta:  # a store of the first schema, opened read-only
        missing |= {("documents", "meta"), ("documents", "parts")}
    if not source.has_provisional:
        missing.add(("actors", "provisional"))
    if not source.has_references:
        missing.add(("events", "references"))
    columns = [
        f'NULL::{kind} AS "{name}"' if (table, name) in missing else f'CAST(x."{name}" AS {kind}) AS "{name}"'
        for name, kind in COLUMNS[table]
    ]
    doc_month = _MONTH.format(x="strftime(d.date, '%Y-%m-%d')")
    month = {
        "documents": _MONTH.format(x="strftime(x.date, '%Y-%m-%d')"),
        "mentions": doc_month,
        "events": _MONTH.format(x="coalesce(x.date, strftime(d.date, '%Y-%m-%d'))"),
    }.get(table)
    join = " JOIN documents d ON d.id = x.doc" if table in ("mentions", "events") else ""
    extra = f", {month} AS month" if month else ""
    return f"SELECT {', '.join(columns)}, '{batch}' AS batch{extra} FROM {table} x{join}"


def copy_store(source: QueryStore, target: Path) -> dict[str, int]:
    """Copy every table of *source* into a new Parquet store at *target* (which must not exist or
    be empty); returns the target's counts."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(f"{target}: exists and is not empty; copy into a new folder")
    ParquetStore(target, read_only=False).close()  # the marker
    batch = f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
    staging = target / f".copy-{batch}"
    staging.mkdir()
    try:
        for table in COLUMNS:
            out = (staging / table).as_posix().replace("'", "''")
            options = "FORMAT parquet, COMPRESSION zstd"
            if table in PARTITIONED:
                options += f", PARTITION_BY (month), FILENAME_PATTERN 'b-{batch}-{{i}}'"
                source.sql(f"COPY ({_select(table, source, batch)}) TO '{out}' ({options})")
            else:
                (staging / table).mkdir(parents=True)
                source.sql(f"COPY ({_select(table, source, batch)}) TO '{out}/b-{batch}.parquet' ({options})")
        for table in ("actors", "mentions", "events", "documents"):  # documents last: the commit
            for file in sorted((staging / table).rglob("*.parquet")):
                place = target / table / file.relative_to(staging / table)
                place.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, place)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    copy_incidents(source, target)  # after the documents: a batch of its own
    with ParquetStore(target) as copied:
        return copied.counts()
