"""Benchmark: documents per second and peak memory per worker, local engine and Dask engine.

On one synthetic corpus (that of ``bench_extract.py``: demo sentences, state names permuted),
in one run, for each engine and worker count (default: local 1 and 2, dask 1 and 2):

* the wall time of ``Engine.run`` over the corpus, worker start and spaCy loading included, and
  the documents per second after the first result (the steady rate a long run approaches);
* the peak resident memory of each worker process (sampled every 0.1 s with psutil; the local
  engine with one worker runs in this process, whose own peak is then reported);
* the scaling efficiency: the steady rate with N workers / (N x the rate with 1), per engine.

    PYTHONPATH=src python benchmarks/bench_engines.py                     # 200 documents
    PYTHONPATH=src python benchmarks/bench_engines.py --docs 400 --json engines.json

Absolute speeds depend on the machine and its load; quote the ratios of one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import psutil

from multipolar.engines import open_engine
from multipolar.pipeline import Pipeline

HERE = Path(__file__).resolve().parent


def _extract_bench():
    spec = importlib.util.spec_from_file_location("bench_extract", HERE / "bench_extract.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


class MemoryWatch:
    """Peak RSS of every process below this one, sampled in a thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = psutil.Process(os.getpid())
        while not self._stop.wait(self.interval):
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                    self.names.setdefault(child.pid, " ".join(child.cmdline()[-2:]))
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0.0), rss)

    def worker_peaks(self, floor_mib: float = 150.0) -> list[float]:
        """Peaks of the processes that loaded a model (the workers; Dask's nannies and the
        multiprocessing resource tracker stay far below *floor_mib*)."""
        return sorted((round(p, 1) for p in self.peaks.values() if p >= floor_mib), reverse=True)


def measure(engine_name: str, workers: int, documents: list) -> dict:
    """One engine's run over *documents*: times, rates and peak memory per worker."""
    with MemoryWatch() as watch:
        start = time.perf_counter()
        first = None
        done = 0
        with open_engine(engine_name, workers=workers) as engine:
            for _ in engine.run(iter(documents)):
                done += 1
                if first is None:
                    first = time.perf_counter()
        end = time.perf_counter()
    steady = (done - 1) / (end - first) if first and end > first and done > 1 else 0.0
    peaks = watch.worker_peaks()
    if engine_name == "local" and workers == 1:
        peaks = [round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)]  # in-process
    return {
        "engine": engine_name,
        "workers": workers,
        "docs": done,
        "seconds": round(end - start, 2),
        "startup_s": round((first or end) - start, 2),
        "docs_per_s": round(done / (end - start), 2),
        "steady_docs_per_s": round(steady, 2),
        "worker_peak_rss_mib": peaks,
    }


def run_benchmark(
    docs: int = 200, workers: tuple[int, ...] = (1, 2), engines: tuple[str, ...] = ("local", "dask")
):
    extract = _extract_bench()
    pipeline = Pipeline.default()
    pool = extract.sentence_pool(extract.demo_folder())
    corpus = list(extract.synthetic_corpus(pool, extract.state_names(pipeline, pool), docs))
    del pipeline
    runs = [measure(engine, n, corpus) for engine in engines for n in workers]
    for run in runs:
        base = next(r for r in runs if r["engine"] == run["engine"] and r["workers"] == 1)
        if base["steady_docs_per_s"]:
            run["speedup"] = round(run["steady_docs_per_s"] / base["steady_docs_per_s"], 2)
            run["efficiency"] = round(run["speedup"] / run["workers"], 2)
    return {
        "docs": docs,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "runs": runs,
    }


def table(result: dict) -> str:
    lines = [
        f"{result['docs']} documents, {result['cpus']} CPUs, load average {result['load_average']}",
        "engine  workers  wall s  startup s  docs/s  steady docs/s  speed-up  efficiency  "
        "peak RSS/worker MiB",
    ]
    for r in result["runs"]:
        lines.append(
            f"{r['engine']:<7} {r['workers']:>7} {r['seconds']:>7} {r['startup_s']:>10} {r['docs_per_s']:>7} "
            f"{r['steady_docs_per_s']:>14} {r.get('speedup', ''):>9} {r.get('efficiency', ''):>11}  "
            f"{r['worker_peak_rss_mib']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.docs < 1 or 1 not in args.workers:
        parser.error("--docs must be positive and --workers must include 1 (the baseline)")
    result = run_benchmark(args.docs, tuple(args.workers), tuple(args.engines))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
