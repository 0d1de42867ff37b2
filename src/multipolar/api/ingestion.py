"""``multipolar.ingest``: documents read, processed and kept in a store, as ``multipolar ingest`` does."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.api.selection import QueryError, plausible_date
from multipolar.read import Columns, count_documents, iter_paths, missing
from multipolar.store import QueryStore, open_store

if TYPE_CHECKING:
    from multipolar.corpus import IngestReport
    from multipolar.engines import Engine

PathLike = str | os.PathLike[str]
DEMO_TEXTS = Path(__file__).resolve().parents[1] / "data" / "demo"
"""The folder of the bundled demo texts (``multipolar demo`` ingests them)."""


def readable_files(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    """Every file that *paths* name, listed once, in reading order.

    Parameters
    ----------
    paths : path or paths
        Files, folders (walked for the kinds multipolar reads: ``.txt``, ``.md``, ``.html``,
        ``.jsonl``, ``.csv``, ``.parquet``, gzipped too) and glob patterns.

    Returns
    -------
    list of Path
        The files, folders walked in name order.

    Raises
    ------
    QueryError
        A path that names nothing (a glob that matches no file), or no readable file at all.

    Examples
    --------
    >>> import multipolar.api
    >>> [path.name for path in multipolar.api.readable_files(multipolar.api.DEMO_TEXTS)][:2]
    ['01-libya-2019.md', '02-libya-2020.md']
    """
    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if gone := missing(given):
        raise QueryError(
            f"{gone[0]}: no such file or folder" + (" (or no file matches)" if "*" in gone[0] else "")
        )
    files = list(iter_paths(given))
    if not files:
        raise QueryError(
            "no readable documents (.txt, .md, .html, .jsonl, .csv, .parquet) under "
            + ", ".join(map(os.fspath, given))
        )
    return files


def engine(
    name: str = "local", *, workers: int = 1, scheduler: str | None = None, registry: Iterable[PathLike] = ()
) -> Engine:
    """An engine that runs the pipeline, kept open across several :func:`ingest` calls.

    Parameters
    ----------
    name : {"local", "dask"}
        This machine's processes, or a Dask cluster.
    workers : int
        Processes (local) or Dask workers (a local cluster).
    scheduler : str, optional
        The address of a running Dask scheduler.
    registry : paths
        User registry files the workers merge over the bundled one.

    Returns
    -------
    Engine
        A context manager; pass it to :func:`ingest` as ``engine=``, which leaves it open
        (``multipolar ingest --watch`` keeps one for every batch).

    Examples
    --------
    >>> with multipolar.api.engine("local") as running:
    ...     multipolar.ingest([multipolar.api.DEMO_TEXTS], "kept.duckdb", engine=running).added
    8
    """
    from multipolar.engines import open_engine

    return open_engine(
        name, workers=workers, scheduler=scheduler, registry_files=tuple(Path(r) for r in registry)
    )


def ingest(
    paths: PathLike | Iterable[PathLike],
    store: PathLike | QueryStore,
    *,
    parquet: bool | None = None,
    engine: str | Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    date: date | str | None = None,
    registry: Iterable[PathLike] = (),
    columns: Columns | None = None,
    progress: Callable[[Any], None] | None = None,
    on_start: Callable[[int | None], None] | None = None,
) -> IngestReport:
    """Read, process and store every new document under *paths*.

    Parameters
    ----------
    paths : path or paths
        Files (``.txt``, ``.md``, ``.html``), tables of articles (``.jsonl``, ``.csv``,
        ``.parquet``, gzipped too), folders of them, or glob patterns.
    store : path or QueryStore
        A DuckDB file (created if needed), a Parquet store folder (with *parquet*, or when the
        folder exists), or a store already open for writing (left open).
    parquet : bool, optional
        Whether *store* names a Parquet store; by default, when it is an existing folder.
    engine : "local", "dask" or an Engine
        What runs the pipeline: this machine's processes, a Dask cluster, or an engine already
        open (left open; ``multipolar ingest --watch`` keeps one for every batch).
    workers : int
        Processes (local) or Dask workers (a local cluster).
    scheduler : str, optional
        The address of a running Dask scheduler (with ``engine="dask"``).
    date : date or "YYYY-MM-DD", optional
        The date of the documents that carry none of their own.
    registry : paths
        User registry files merged over the bundled one.
    columns : Columns, optional
        Which columns of a table hold the text, date, id, title and url.
    progress : callable, optional
        Called with each document (or piece of a long one) as it is done.
    on_start : callable, optional
        Called once, before processing, with the number of documents (``None`` when a JSON
        lines or CSV table makes it unknown without reading).

    Returns
    -------
    IngestReport
        Documents added (and their events), skipped as already stored, the files or rows that
        could not be read or processed (``errors``, name and reason each), the events of older
        versions given their theatre (``placed``) and the store's counts afterwards.

    Raises
    ------
    QueryError
        A path that names nothing, no readable file, or a bad date, found before the store is
        opened: a bad argument creates no database.

    Notes
    -----
    Paths are scanned once and the registry is loaded once. A document already stored (the id
    is a hash of its text) is skipped before it is processed, so re-ingesting changes nothing.

    Examples
    --------
    >>> from pathlib import Path
    >>> _ = Path("articles").mkdir(exist_ok=True)
    >>> _ = Path("articles/drones.txt").write_text("Turkey sent drones to the GNA.", encoding="utf-8")
    >>> report = multipolar.ingest(["articles"], "corpus.duckdb", date="2020-01-10")
    >>> report.added, report.events, report.errors, report.counts["documents"]
    (1, 1, [], 1)
    >>> multipolar.ingest(["articles"], "corpus.duckdb").skipped  # stored already
    1
    """
    day = plausible_date(date)
    files = readable_files(paths)
    # spaCy loads only now, when something is processed (querying a store never loads it)
    from multipolar.api.actors import load_registry
    from multipolar.corpus import ingest as ingest_into
    from multipolar.engines import open_engine
    from multipolar.pipeline import Pipeline

    registry_files = tuple(
        Path(r) for r in ([registry] if isinstance(registry, str | os.PathLike) else registry)
    )
    loaded = load_registry(registry_files)
    if on_start:
        on_start(count_documents(files))
    pipeline = Pipeline(loaded) if workers <= 1 and engine == "local" else None
    runner = (
        open_engine(
            engine, workers=workers, scheduler=scheduler, registry_files=registry_files, pipeline=pipeline
        )
        if isinstance(engine, str)
        else engine
    )
    target = (
        store if isinstance(store, QueryStore) else open_store(Path(store), read_only=False, parquet=parquet)
    )
    with (
        nullcontext() if isinstance(store, QueryStore) else target,
        nullcontext() if runner is engine else runner,
    ):
        report = ingest_into(
            files,
            target,
            engine=runner,
            default_date=day,
            registry=loaded,
            pipeline=pipeline,
            columns=columns,
            progress=progress,
        )
        report.counts = target.counts()
    return report
