"""The local engine's worker pool: order, a worker's death, a batch that kills its workers, a
worker that cannot start. The workers here run a stand-in for the pipeline (no spaCy: fast), and
the real ones run in test_ingest_workers.py and test_kill_resume.py."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multipolar.document import Document
from multipolar.pipeline import Failure
from multipolar.workers import WorkerError, WorkerPool

HERE = Path(__file__).resolve().parent
POISON = "poison"  # a text containing this kills the worker that processes it


class Echo:
    """A stand-in pipeline: each document back, titled with the worker's process id."""

    def __init__(self) -> None:
        self.rng = random.Random(os.getpid())

    def pipe_safely(self, batch: list[Document]) -> list[Document]:
        time.sleep(self.rng.uniform(0, 0.02))
        if any(POISON in d.text for d in batch):
            os._exit(3)
        for document in batch:
            document.title = str(os.getpid())
        return batch


def echo(registry_files: tuple[Path, ...]) -> Echo:
    return Echo()


def broken(registry_files: tuple[Path, ...]) -> Echo:
    raise ValueError("no registry here")


def dies_at_start(registry_files: tuple[Path, ...]) -> Echo:
    os._exit(5)


def documents(count: int, poison: set[int] = frozenset()) -> list[Document]:  # type: ignore[assignment]
    return [
        Document(text=f"text {n}" + (f" {POISON}" if n in poison else ""), path=f"{n}.txt")
        for n in range(count)
    ]


def test_results_come_in_input_order_from_both_workers() -> None:
    pool = WorkerPool(2, build=echo)
    try:
        out = list(pool.run(documents(100), batch_size=3))
    finally:
        pool.close()
    assert [d.path for d in out] == [f"{n}.txt" for n in range(100)]
    assert len({d.title for d in out}) == 2  # both did some of the work


def test_a_killed_worker_is_replaced_and_its_batches_run_again() -> None:
    pool = WorkerPool(2, build=echo)
    try:
        stream = pool.run(documents(60), batch_size=2)
        first = next(stream)
        os.kill(pool.workers[0].process.pid, 9)
        out = [first, *stream]
    finally:
        pool.close()
    assert [d.path for d in out] == [f"{n}.txt" for n in range(60)]
    assert all(isinstance(d, Document) for d in out)


def test_a_batch_that_kills_its_workers_comes_back_as_failures_and_the_rest_goes_on() -> None:
    pool = WorkerPool(2, build=echo)
    try:
        out = list(pool.run(documents(20, poison={9}), batch_size=4))
    finally:
        pool.close()
    assert [o.name if isinstance(o, Failure) else o.path for o in out] == [f"{n}.txt" for n in range(20)]
    failed = [o for o in out if isinstance(o, Failure)]
    assert [f.name for f in failed] == ["8.txt", "9.txt", "10.txt", "11.txt"]  # the poisoned batch
    assert "exit code 3" in failed[0].reason


@pytest.mark.parametrize(("build", "message"), [(broken, "no registry here"), (dies_at_start, "exit code 5")])
def test_a_worker_that_cannot_start_says_why(build, message: str) -> None:
    pool = WorkerPool(2, build=build)
    try:
        with pytest.raises(WorkerError, match=message):
            list(pool.run(documents(5)))
    finally:
        pool.close()
    assert pool.workers == []


def test_nothing_to_do_starts_no_process() -> None:
    pool = WorkerPool(2, build=echo)
    assert list(pool.run([])) == [] and pool.workers == []


def test_large_batches_and_large_results_never_wait_on_each_other() -> None:
    """The parent sends batches far larger than a pipe holds while workers hand back results as
    large: each side must keep reading (a worker reads its batches on a thread of its own). Run in
    a process of its own, so that a run stuck for good is killed and fails the test."""
    script = (
        f"import sys; sys.path.insert(0, {str(HERE)!r}); "
        "from test_workers import echo; from multipolar.document import Document; "
        "from multipolar.workers import WorkerPool\n"
        "if __name__ == '__main__':\n"
        "    big = [Document(text=f'{n} ' + 'word ' * 40_000, path=f'{n}.txt') for n in range(48)]\n"
        "    pool = WorkerPool(2, build=echo)\n"
        "    print(' '.join(d.path for d in pool.run(big, batch_size=4)))\n"
        "    pool.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the parent and a worker waited on each other")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [f"{n}.txt" for n in range(48)]


def test_a_run_given_up_leaves_nothing_to_answer_the_next() -> None:
    pool = WorkerPool(2, build=echo)
    try:
        stream = pool.run(documents(40), batch_size=2)
        next(stream)
        stream.close()  # the caller stops reading: batches are still out
        assert all(not w.held for w in pool.workers)
        out = list(pool.run(documents(6), batch_size=2))
    finally:
        pool.close()
    assert [d.path for d in out] == [f"{n}.txt" for n in range(6)]
