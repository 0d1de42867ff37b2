"""Where documents come from: files, folders, globs and table files, as one stream.

A *source* is a path as the user gave it: a file (an article, or a table of articles, one per
row), a folder (walked recursively, in name order, for files of a known kind), or a glob pattern
(``dumps/2020-*.jsonl.gz``; expanded here, so it works quoted too). Every document comes out as
it is read, so a corpus of any size streams through in flat memory; what cannot be read (a file
or a row) is reported in the *errors* list with its name and reason, and reading goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from multipolar.document import Document
from multipolar.read.readers import READERS, ReadError, read_document
from multipolar.read.rows import TABLE_SUFFIXES, Columns, count_rows, is_table, read_rows

_GLOB_CHARS = frozenset("*?[")


def is_readable_kind(path: Path) -> bool:
    """A file multipolar can read: an article (:data:`READERS`) or a table of articles."""
    return path.suffix.lower() in READERS or is_table(path)


def supported() -> str:
    """The kinds of file multipolar reads, for messages."""
    return ", ".join([*READERS, *TABLE_SUFFIXES])


def check_kind(path: Path) -> None:
    """Refuse a file of a kind multipolar does not read (a compressed Parquet file, a PDF ...);
    a file without a suffix is read as plain text."""
    if path.suffix and not is_readable_kind(path) and path.is_file():
        kind = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix
        raise ReadError(f"{path}: unsupported format {kind} (multipolar reads {supported()})")


def expand(source: Path | str) -> list[Path]:
    """The paths a source stands for: the glob's matches (sorted), else the path itself."""
    text = str(source)
    if not Path(text).exists() and _GLOB_CHARS & set(text):
        return [Path(p) for p in sorted(glob.glob(text, recursive=True))]
    return [Path(text)]


def missing(sources: Iterable[Path | str]) -> list[str]:
    """The sources that name nothing: a missing path, or a glob that matches no file."""
    return [str(s) for s in sources if not any(p.exists() for p in expand(s))]


def iter_paths(sources: Iterable[Path | str]) -> Iterator[Path]:
    """Files named directly or matched by a glob, and readable files found (recursively, sorted)
    under folders."""
    for source in sources:
        for path in expand(source):
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and is_readable_kind(child) and not child.name.startswith("."):
                        yield child
            else:
                yield path


def count_documents(sources: Iterable[Path | str]) -> int | None:
    """How many documents the sources hold, when that is known without reading them: files
    count one each, Parquet tables by their footer; ``None`` if a JSON lines or CSV table is
    among them."""
    total = 0
    for path in iter_paths(sources):
        if is_table(path):
            rows = count_rows(path)
            if rows is None:
                return None
            total += rows
        else:
            total += 1
    return total


def read_paths(
    sources: Iterable[Path | str],
    *,
    default_date: date | None = None,
    errors: list[str] | None = None,
    columns: Columns | None = None,
) -> Iterator[Document]:
    """Documents from files, folders, globs and tables; what cannot be read is reported in
    *errors* (or raised, when *errors* is None)."""
    for path in iter_paths(sources):
        try:
            check_kind(path)
            if is_table(path):
                yield from read_rows(path, columns=columns, default_date=default_date, errors=errors)
            else:
                yield read_document(path, default_date=default_date)
        except ReadError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
