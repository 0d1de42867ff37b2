"""``multipolar ingest --watch FOLDER``: ingest files as they arrive in a folder.

Each poll lists the readable files under the folder (as ``ingest`` reads a folder) and takes
those that are new or changed since they were last ingested and have not changed for ``settle``
seconds (a file still being copied in waits for the next poll). They go to the store as one
batch: the store is opened for writing, the batch ingested, and the store closed again, so
between batches the file is free for ``multipolar serve`` to take a snapshot of, and a snapshot
never holds part of a batch that a DuckDB file commits at once (or, in a Parquet store, part of a
written batch). A writer that copies files in should write them under another name (a dot file, or
another suffix) and rename them when complete; a file caught half-written is simply ingested
again, as new text, once it changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from multipolar.read import iter_paths


def arrived(folder: Path, seen: dict[Path, tuple[int, int]], settle: float) -> dict[Path, tuple[int, int]]:
    """The files under *folder* that are new or changed since *seen* and quiet for *settle* s,
    with their (size, modification time)."""
    now = time.time()
    found = {}
    for path in iter_paths([folder]):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed while listing
            continue
        key = (stat.st_size, stat.st_mtime_ns)
        if seen.get(path) != key and now - stat.st_mtime >= settle:
            found[path] = key
    return found


def watch_folder(
    folder: Path,
    ingest_batch: Callable[[list[Path]], None],
    *,
    interval: float = 2.0,
    settle: float = 1.0,
    stop: threading.Event | None = None,
) -> None:
    """Call *ingest_batch* with each batch of files that arrive under *folder*, polling every
    *interval* seconds until *stop* is set (or the process is interrupted)."""
    stop = stop or threading.Event()
    seen: dict[Path, tuple[int, int]] = {}
    while not stop.is_set():
        batch = arrived(folder, seen, settle)
        if batch:
            ingest_batch(sorted(batch))
            seen.update(batch)
        stop.wait(interval)
