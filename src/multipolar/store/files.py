"""Writing a store's files so that a crash leaves each whole or absent: what the Parquet store, its
manifest (:mod:`multipolar.store.manifest`) and its incident tables (:mod:`multipolar.store.incidents`)
all write with."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def living_writer(marker: Path) -> int:
    """The id of the process that *marker* names, while it runs (0 where the file is missing or
    holds no id, or the process has ended: a marker left by a dead writer is ignored)."""
    try:
        pid = int(marker.read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return 0
    if pid <= 0:
        return 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return 0
    except PermissionError:  # it runs, as another user
        return pid
    return pid


def sync(path: Path) -> None:
    """Flush *path*'s data to the disk (before it is renamed into place)."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def write_atomically(target: Path, data: bytes) -> None:
    """Write *data* to *target* whole or not at all (a temporary name, synced, then renamed)."""
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def write_table(table: Any, target: Path) -> None:
    """Write a pyarrow table to *target*: whole, or not at all (temporary name, sync, rename)."""
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with temporary.open("wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
