"""Worker processes for the local engine (``ingest --workers N``).

Each worker is a spawned process that builds one :class:`~multipolar.pipeline.Pipeline` (spaCy
loads once per worker) and owns two pipes: batches of documents come in on one, their outcomes go
back on the other. Pipes of its own, rather than queues shared by a pool, are what let every part
end cleanly:

* the parent dies or is killed: a worker waiting for work reads the end of its pipe, one that
  finishes a batch finds its pipe broken, and a watchdog thread notices being orphaned mid-batch;
  each exits at once and says nothing (no traceback, no leaked-semaphore warning: no semaphores);
* a worker dies (killed, out of memory): the parent sees its process end, starts another and sends
  it the batches the dead one held; a batch that was being processed when two workers died comes
  back as failures (the rest of the corpus goes on);
* Ctrl-C is the parent's: workers ignore it from their first instruction, and the parent stops them.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from multipolar.document import Document
from multipolar.errors import MultipolarError
from multipolar.pipeline import BATCH_SIZE, Failure, Outcome, Pipeline, batched

ATTEMPTS = 2  # workers a batch may be processing when they die before its documents count as failed
ORPHAN_CHECK_S = 0.5  # how often a worker looks for its parent


class WorkerError(MultipolarError):
    """A worker process could not start (the message says why)."""


# -- in the worker -------------------------------------------------------------------------------


def serve(tasks: Connection, results: Connection, registry_files: tuple[Path, ...]) -> None:
    """A worker's life: build the pipeline, say so, then answer ``(key, batch)`` with ``(key,
    outcomes)`` until the parent sends ``None`` or is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_when_orphaned(os.getppid())
    try:
        try:
            pipeline = Pipeline.default(registry_files)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it there
            results.send(("error", f"{type(exc).__name__}: {exc}"))
            return
        results.send(("ready", None))
        while (task := tasks.recv()) is not None:
            key, batch = task
            results.send((key, list(pipeline.pipe_safely(batch))))
    except (EOFError, OSError):  # the parent closed its ends, or died: nothing is left to do
        return


def _exit_when_orphaned(parent: int) -> None:
    """End this process as soon as *parent* is no longer its parent (it died)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


# -- in the parent -------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: Any
    tasks: Connection  # the parent's sending end
    results: Connection  # the parent's receiving end
    held: deque[int] = field(default_factory=deque)  # batches sent and not answered, oldest first
    ready: bool = False


@dataclass
class _Flight:
    """The batches of one run: sent and not answered, answered and not yet yielded, and how many
    times each was being processed when its worker died."""

    sent: dict[int, list[Document]] = field(default_factory=dict)
    done: dict[int, list[Outcome]] = field(default_factory=dict)
    attempts: Counter[int] = field(default_factory=Counter)


class WorkerPool:
    """*workers* worker processes, started on first use, that process batches in input order."""

    def __init__(
        self, workers: int, registry_files: tuple[Path, ...] = (), target: Callable[..., None] = serve
    ) -> None:
        self.size = workers
        self.registry_files = registry_files
        self.target = target  # what each worker runs: serve (another only in tests)
        self.context = mp.get_context("spawn")  # fork would copy a half-initialised BLAS/threads state
        self.workers: list[_Worker] = []

    def start(self) -> None:
        while len(self.workers) < self.size:
            self.workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        their_tasks, our_tasks = self.context.Pipe(duplex=False)
        our_results, their_results = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=self.target, args=(their_tasks, their_results, self.registry_files), daemon=True
        )
        with sigint_ignored():  # inherited: the worker ignores Ctrl-C from its first instruction
            process.start()
        their_tasks.close()  # the worker's ends are the worker's: its death then reads as EOF here
        their_results.close()
        return _Worker(process, our_tasks, our_results)

    def run(
        self, documents: Iterable[Document], batch_size: int = BATCH_SIZE, window: int | None = None
    ) -> Iterator[Outcome]:
        """Outcomes of *documents* in input order, with at most *window* batches (default: two per
        worker) sent or waiting to be yielded. The input is pulled here, on the caller's thread."""
        window = window or 2 * self.size
        batches = enumerate(batched(documents, batch_size))
        flight = _Flight()
        following = 0  # the next batch to yield
        more = True
        while True:
            while more and len(flight.sent) + len(flight.done) < window:
                item = next(batches, None)
                if item is None:
                    more = False
                    break
                self.start()
                flight.sent[item[0]] = item[1]
                self._send(min(self.workers, key=lambda w: len(w.held)), item[0], item[1])
            while following in flight.done:
                yield from flight.done.pop(following)
                following += 1
            if not flight.sent:
                if not more:
                    return
                continue
            self._receive(flight)

    def _send(self, worker: _Worker, key: int, batch: list[Document]) -> None:
        worker.held.append(key)
        with suppress(OSError):  # a worker that just died: its death is handled when it is seen
            worker.tasks.send((key, batch))

    def _receive(self, flight: _Flight) -> None:
        """Wait for a result (or a worker's death) and take in whatever is ready."""
        ready = set(wait([w.results for w in self.workers] + [w.process.sentinel for w in self.workers]))
        for worker in list(self.workers):
            if worker.results in ready:
                self._take_all(worker, flight)
            if worker.process.sentinel in ready or not worker.process.is_alive():
                self._take_all(worker, flight)  # what it sent before it died still counts
                self._replace(worker, flight)

    def _take_all(self, worker: _Worker, flight: _Flight) -> None:
        try:
            while worker.results.poll():
                key, payload = worker.results.recv()
                if key == "error":
                    raise WorkerError(f"a worker could not start: {payload}")
                if key == "ready":
                    worker.ready = True
                    continue
                worker.held.remove(key)
                flight.done[key] = payload
                del flight.sent[key]
        except (EOFError, OSError):
            pass  # it died: its process's end is seen and handled by the caller

    def _replace(self, dead: _Worker, flight: _Flight) -> None:
        """Start a worker in place of *dead* and give it the batches *dead* held; the batch it was
        processing counts an attempt, and after :data:`ATTEMPTS` its documents are failures."""
        self.workers.remove(dead)
        _stop(dead)
        code = dead.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        if not dead.ready:
            raise WorkerError(f"a worker process ended while starting ({how})")
        held = list(dead.held)
        if held:
            flight.attempts[held[0]] += 1
            if flight.attempts[held[0]] >= ATTEMPTS:
                culprit = held.pop(0)
                reason = f"its worker process died ({how}) while processing it, {ATTEMPTS} times"
                flight.done[culprit] = [
                    Failure(d.path or d.id, reason, d.id) for d in flight.sent.pop(culprit)
                ]
        replacement = self._spawn()
        self.workers.append(replacement)
        for key in held:
            self._send(replacement, key, flight.sent[key])

    def close(self) -> None:
        """Stop the workers: those idle read the end of their pipe and exit; any still busy after a
        moment (an interrupted run) are terminated."""
        with sigint_ignored():
            for worker in self.workers:
                with suppress(OSError):
                    worker.tasks.send(None)
            for worker in self.workers:
                _stop(worker)
        self.workers = []


def _stop(worker: _Worker, grace_s: float = 1.0) -> None:
    worker.tasks.close()
    worker.process.join(grace_s if not worker.held else 0.0)
    if worker.process.is_alive():
        worker.process.terminate()
        worker.process.join()
    worker.results.close()


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored for a while: while workers start (they inherit it, so Ctrl-C stays the
    parent's to handle) and while they are stopped (a second one would interrupt the cleanup)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
