"""Engines: where ``Pipeline`` runs. One interface, three places.

An engine takes a stream of documents and yields, in input order, each processed
:class:`~multipolar.document.Document` or a :class:`~multipolar.pipeline.Failure`:

* :class:`LocalEngine` with one worker runs the pipeline in this process;
* :class:`LocalEngine` with N workers runs it in N spawned processes (``--engine local --workers N``);
* :class:`DaskEngine` runs it on a ``dask.distributed`` cluster: an existing one (``--scheduler
  ADDRESS``) or a ``LocalCluster`` of N worker processes (``--engine dask --workers N``).

Every engine pulls its input on the calling thread only, and keeps a bounded number of batches in
flight, so the caller may touch its store between results (the input's "already stored" check
and the writes happen on one thread) and memory stays flat however long the stream. Workers
build one ``Pipeline`` each (spaCy loads once per worker process) and run ``Pipeline.pipe_safely``
on batches. A batch whose worker dies is run again elsewhere (Dask does this itself; the
documents are keyed by the hash of their text and the store ignores a document it already has,
so nothing is lost or stored twice).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from threading import Lock
from typing import Any, Protocol

from multipolar.document import Document
from multipolar.errors import MultipolarError
from multipolar.pipeline import BATCH_SIZE, Outcome, Pipeline, batched
from multipolar.workers import WorkerPool, sigint_ignored

ENGINES = ("local", "dask")
WORKERS_PER_CPU = 4  # more processes than this per core only thrash


class EngineError(MultipolarError):
    """An engine that cannot start: bad options, an unreachable scheduler."""


class Engine(Protocol):
    """Runs the pipeline over documents; use as a context manager."""

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


def max_workers() -> int:
    return WORKERS_PER_CPU * (os.cpu_count() or 1)


def check_workers(workers: int) -> None:
    if not 1 <= workers <= max_workers():
        raise EngineError(
            f"--workers {workers}: give 1 to {max_workers()} "
            f"({WORKERS_PER_CPU} per CPU core; this machine has {os.cpu_count() or 1})"
        )


def open_engine(
    name: str = "local",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    registry_files: Iterable[Path] = (),
    pipeline: Pipeline | None = None,
) -> Engine:
    """The engine called *name* (``local`` or ``dask``)."""
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine(workers=workers, registry_files=tuple(registry_files), pipeline=pipeline)
    if name == "dask":
        return DaskEngine(workers=workers, scheduler=scheduler, registry_files=tuple(registry_files))
    raise EngineError(f"--engine {name!r}: choose one of {', '.join(ENGINES)}")


def in_order(
    documents: Iterable[Document],
    submit: Callable[[list[Document]], Any],
    result: Callable[[Any], list[Outcome]],
    window: int,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Outcome]:
    """Submit batches of *documents* with at most *window* in flight, yielding results in order.

    The input is pulled here, on the caller's thread, only when a batch's slot is free.
    """
    pending: deque[Any] = deque()
    batches = batched(documents, batch_size)
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


# -- local -------------------------------------------------------------------------------------


class LocalEngine:
    """The pipeline in this process (one worker) or in N spawned worker processes
    (:class:`multipolar.workers.WorkerPool`: they end quietly when this process dies)."""

    def __init__(
        self, *, workers: int = 1, registry_files: tuple[Path, ...] = (), pipeline: Pipeline | None = None
    ) -> None:
        check_workers(workers)
        self.workers = workers
        self.registry_files = registry_files
        self._pipeline = pipeline
        self._pool: WorkerPool | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        if self.workers == 1:
            self._pipeline = self._pipeline or Pipeline.default(self.registry_files)
            yield from self._pipeline.pipe_safely(documents)
            return
        if self._pool is None:  # started at the first batch: nothing to process, no process started
            self._pool = WorkerPool(self.workers, self.registry_files)
        yield from self._pool.run(documents)

    def close(self) -> None:
        """Stop the workers (nothing of theirs is left to wait for once results are read)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None


def process_parallel(
    documents: Iterable[Document], workers: int, registry_files: Iterable[Path] = ()
) -> Iterator[Document]:
    """Process documents on *workers* processes, yielding results in input order (failures are
    dropped; use :class:`multipolar.engines.LocalEngine` to see them)."""
    with LocalEngine(workers=workers, registry_files=tuple(registry_files)) as engine:
        for outcome in engine.run(documents):
            if isinstance(outcome, Document):
                yield outcome


# -- dask --------------------------------------------------------------------------------------

_build_lock = Lock()


@lru_cache(maxsize=2)
def _dask_pipeline(registry_files: tuple[str, ...]) -> Pipeline:
    return Pipeline.default(tuple(Path(p) for p in registry_files))


def dask_process_batch(documents: list[Document], registry_files: tuple[str, ...]) -> list[Outcome]:
    """Run on a Dask worker: the worker's one pipeline (built on first use) over a batch."""
    with _build_lock:
        pipeline = _dask_pipeline(registry_files)
    return list(pipeline.pipe_safely(documents))


class DaskEngine:
    """The pipeline on a ``dask.distributed`` cluster: *scheduler*'s, or a LocalCluster of
    *workers* processes (one thread each: spaCy's parse holds the GIL)."""

    def __init__(
        self, *, workers: int = 1, scheduler: str | None = None, registry_files: tuple[Path, ...] = ()
    ) -> None:
        if scheduler is None:
            check_workers(workers)
        self.workers = workers
        self.scheduler = scheduler
        self.registry_files = tuple(str(p) for p in registry_files)
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Any:
        """Connect to the scheduler, or start the local cluster; returns the client."""
        if self.client is not None:
            return self.client
        import dask
        from distributed import Client, LocalCluster

        dask.config.set({"distributed.scheduler.allowed-failures": 5})
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout="20s")
            else:
                # Ctrl-C is for this process (it closes the cluster); the scheduler's own HTTP
                # server moving off a busy port is no news to the user.
                with sigint_ignored(), warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message="Port .* is already in use")
                    self.cluster = LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        host="127.0.0.1",
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot reach {where}: {exc}") from None
        return self.client

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        """Batches go to the cluster (started, or connected to, at the first batch), at most two
        per worker in flight."""
        window = 2 * self.workers
        if self.scheduler:
            window = 2 * max(1, len(self.start().scheduler_info().get("workers", {})))
        yield from in_order(
            documents,
            lambda batch: self.start().submit(dask_process_batch, batch, self.registry_files, pure=False),
            lambda future: future.result(),
            window=window,
        )

    def close(self) -> None:
        with sigint_ignored():
            if self.client is not None:
                self.client.close()
                self.client = None
            if self.cluster is not None:
                self.cluster.close()
                self.cluster = None
