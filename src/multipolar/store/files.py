"""Writing a store's files so that a crash leaves each whole or absent: what the Parquet store and
its incident tables (:mod:`multipolar.store.incidents`) both write with."""

from __future__ import annotations

import os
from pathlib import Path


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
