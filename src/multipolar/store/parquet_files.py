"""The files of a Parquet store: the writer's lock, where the data files lie, and what a store of
version 1 (before the manifest) left of its compactions. (How a file is written whole:
:mod:`multipolar.store.files`.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

from multipolar.store.base import StoreError
from multipolar.store.files import living_writer


class WriterLock:
    """``DIR/_writer.lock``: one writer at a time. A lock left by a process that died is taken over."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False

    def take(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pid = living_writer(self.path)
                if pid and pid != os.getpid():
                    raise StoreError(
                        f"{self.path.parent}: another process ({pid}) is writing to this store"
                    ) from None
                self.path.unlink(missing_ok=True)  # left by a run that died
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            self.held = True
            return
        raise StoreError(f"{self.path.parent}: cannot take the writer's lock {self.path}")

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def on_disk(folder: Path, table: str, partitioned: bool) -> list[Path]:
    """The data files of *table* found in its folders (whatever the manifest says)."""
    pattern = "month=*/*.parquet" if partitioned else "*.parquet"
    return sorted((folder / table).glob(pattern))


def legacy_replaced(folder: Path) -> set[Path]:
    """Version 1: the files a finished compaction replaced (its ``_compact-*.json`` lists them)."""
    replaced: set[Path] = set()
    for note in folder.glob("*/**/_compact-*.json"):
        try:
            info = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (note.parent / info["output"]).exists():
            replaced.update(note.parent / name for name in info["replaces"])
    return replaced


def finish_legacy_compactions(folder: Path) -> None:
    """Version 1: complete (or abandon) the compactions a dead run left."""
    for note in folder.glob("*/**/_compact-*.json"):
        try:
            info = json.loads(note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            note.unlink(missing_ok=True)
            continue
        if (note.parent / info["output"]).exists():
            for name in info["replaces"]:
                (note.parent / name).unlink(missing_ok=True)
        note.unlink(missing_ok=True)
