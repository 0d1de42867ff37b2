"""Worker processes for the local engine (``ingest --workers N``).

Each worker is a spawned process that builds one :class:`~multipolar.pipeline.Pipeline` (spaCy
loads once per worker) and owns two pipes: batches of documents come in on one, their outcomes go
back on the other. Pipes of its own, rather than queues shared by a pool, are what let every part
end cleanly:

* the parent dies or is killed: the worker's pipe of batches ends without the word to stop, and
  the thread reading it ends the process at once, whatever it was doing, and silently (no
  traceback; no leaked-semaphore warning either: there are no semaphores);
* a worker dies (killed, out of memory): the parent sees its process end, starts another and sends
  it the batches the dead one held; a batch that was being processed when two workers died comes
  back as failures (the rest of the corpus goes on);
* Ctrl-C is the parent's: workers ignore it from their first instruction, and the parent stops them.

A worker reads its batches on a thread of its own, so the parent's sends never wait on a worker
that is busy with a batch or waiting to hand one back: without it, a parent sending a large batch
and a worker sending a large result would each wait for the other forever.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
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
Builder = Callable[[tuple[Path, ...]], Any]  # registry files -> an object with pipe_safely(batch)


class WorkerError(MultipolarError):
    """A worker process could not start (the message says why)."""


# -- in the worker -------------------------------------------------------------------------------


def serve(tasks: Connection, results: Connection, build: Builder, registry_files: tuple[Path, ...]) -> None:
    """A worker's life: build the pipeline, say so, then answer each ``(key, batch)`` with ``(key,
    outcomes)`` until the parent sends ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_batches, args=(tasks, inbox), name="batches", daemon=True).start()
    try:
        try:
            pipeline = build(registry_files)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it there
            results.send(("error", f"{type(exc).__name__}: {exc}"))
            return
        results.send(("ready", None))
        while (task := inbox.get()) is not None:
            key, batch = task
            results.send((key, list(pipeline.pipe_safely(batch))))
    except OSError:  # the parent is gone (its end of the results pipe with it)
        pass
    os._exit(0)  # nothing is left to flush: skip the slow teardown of a loaded model


def _read_batches(tasks: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    """Move batches from the pipe to *inbox* as they come. The pipe ending without ``None`` means
    the parent died (the kernel closed its end): end the process now, in silence."""
    try:
        while True:
            task = tasks.recv()
            inbox.put(task)
            if task is None:
                return
    except (EOFError, OSError):
        os._exit(0)


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
        self, workers: int, registry_files: tuple[Path, ...] = (), build: Builder = Pipeline.default
    ) -> None:
        self.size = workers
        self.registry_files = registry_files
        self.build = build  # what each worker runs batches through (a stand-in only in tests)
        self.context = mp.get_context("spawn")  # fork would copy a half-initialised BLAS/threads state
        self.workers: list[_Worker] = []

    def start(self) -> None:
        while len(self.workers) < self.size:
            self.workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        their_tasks, our_tasks = self.context.Pipe(duplex=False)
        our_results, their_results = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=serve, args=(their_tasks, their_results, self.build, self.registry_files), daemon=True
        )
        with sigint_ignored():  # inherited: the worker ignores Ctrl-C from its first instruction
            process.start()
        their_tasks.close()  # the worker's ends are the worker's: its death then reads as EOF here
        their_results.close()
        return _Worker(process, our_tasks, our_results)

    def run(
        self, documents: Iterable[Document], batch_size: int = BATCH_SIZE, window: int | None = None
    ) -> Iterator[Outcome]:
        """Outcomes of *documents* in input order, with at most *window* batches (default: four per
        worker) sent or waiting to be yielded. The input is pulled here, on the caller's thread.

        Batches go to the worker holding the fewest; four per worker let one that finishes early
        take more while another is still on a long batch that must be yielded first."""
        window = window or 4 * self.size
        batches = enumerate(batched(documents, batch_size))
        flight = _Flight()
        following = 0  # the next batch to yield
        more = True
        try:
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
        finally:
            if flight.sent:  # a run given up: what its workers still hold would answer the next run
                self._stop_busy()

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

    def _stop_busy(self) -> None:
        with sigint_ignored():
            for worker in [w for w in self.workers if w.held]:
                self.workers.remove(worker)
                _stop(worker)

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
