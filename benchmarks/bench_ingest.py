"""Benchmark: what storing costs over extraction, and what a second worker buys, as a user runs them.

On one folder of generated articles (the corpus of ``bench_extract.py``: demo sentences with the
state names permuted, 6-14 sentences each, written as dated ``.txt`` files), in one run, times
the commands (``python -m multipolar ...``, start-up included, each into a fresh store):

* ``extract FOLDER -f csv``: read, parse, resolve, code and print every event, store nothing;
* ``ingest FOLDER --db X.duckdb`` and ``ingest FOLDER --store DIR`` (Parquet), with 1 and 2 workers;

and, in this process, the CPU time of storing the processed documents (a batch at a time, as
``ingest`` does) against that of processing them: the cost of the write path alone.

Every configuration runs once per round, in a different order each round (so a busy minute on a
shared machine falls on different runs), and the figures are per-round ratios against that
round's extract: ``ingest / extract`` in wall and in CPU time (target: at most 1.15) and
``1 worker / 2 workers`` (the speed-up). Each run also reports the cores it got (CPU seconds per
wall second) and how idle the machine was meanwhile: a second worker can only help when a second
core is free, which on a shared machine it often is not. The report gives each ratio's median and
its spread (min-max over the rounds) and checks that every store holds the same tables.

    PYTHONPATH=src python benchmarks/bench_ingest.py                       # 300 documents, 3 rounds
    PYTHONPATH=src python benchmarks/bench_ingest.py --docs 400 --rounds 5 --json ingest.json
    PYTHONPATH=src python benchmarks/bench_ingest.py --runs duckdb-1 duckdb-2 --rounds 10  # workers only
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
RUNS = {
    "extract": ["extract", "{corpus}", "-f", "csv"],
    "duckdb-1": ["ingest", "{corpus}", "--db", "{out}.duckdb", "--workers", "1"],
    "parquet-1": ["ingest", "{corpus}", "--store", "{out}", "--workers", "1"],
    "duckdb-2": ["ingest", "{corpus}", "--db", "{out}.duckdb", "--workers", "2"],
    "parquet-2": ["ingest", "{corpus}", "--store", "{out}", "--workers", "2"],
}


def _extract_bench():
    spec = importlib.util.spec_from_file_location("bench_extract", HERE / "bench_extract.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def write_corpus(folder: Path, docs: int, seed: int = 7) -> int:
    """*docs* generated articles as dated text files; returns their sentences (roughly)."""
    from multipolar.pipeline import Pipeline

    extract = _extract_bench()
    pool = extract.sentence_pool(extract.demo_folder())
    names = extract.state_names(Pipeline.default(), pool)
    folder.mkdir(parents=True)
    sentences = 0
    for n, document in enumerate(extract.synthetic_corpus(pool, names, docs, seed)):
        day = date(2019, 1, 1) + timedelta(days=n % 730)
        text = f"Title: Dispatch {n}\nDate: {day.isoformat()}\n\n{document.text}\n"
        (folder / f"doc-{n:05d}.txt").write_text(text, encoding="utf-8")
        sentences += document.text.count(". ") + 1
    return sentences


def timed(name: str, corpus: Path, out: Path) -> dict[str, float | None]:
    """One command, start-up included: wall seconds, CPU seconds (user + system, worker processes
    included), the cores it got (CPU / wall) and how idle the machine was meanwhile (the share of
    all CPU time that no process used; None where /proc/stat is missing). Fails loudly if the
    command fails."""
    args = [a.format(corpus=corpus, out=out) for a in RUNS[name]]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    before, idle_before = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_times()
    start = time.perf_counter()
    command = [sys.executable, "-m", "multipolar", *args]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    after, idle_after = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_times()
    if done.returncode != 0:
        raise SystemExit(f"multipolar {' '.join(args)} failed: {done.stderr.strip()}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    idle = None
    if idle_before and idle_after:
        spent = [b - a for a, b in zip(idle_before, idle_after, strict=True)]
        idle = (spent[3] + spent[4]) / sum(spent) if sum(spent) else None  # idle + iowait
    return {"seconds": seconds, "cpu": cpu, "cores": cpu / seconds, "idle": idle}


def _cpu_times() -> list[int] | None:
    try:
        with open("/proc/stat") as stat:
            return [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return None


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a store, sorted (``ingested_at`` left out): to compare stores."""
    from multipolar.store import open_store

    with open_store(path) as store:
        found = {}
        for table in ("documents", "actors", "mentions", "events"):
            columns = [r[0] for r in store.con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()]
            keep = ", ".join(f'"{c}"' for c in columns if c != "ingested_at")
            found[table] = sorted(store.con.execute(f"SELECT {keep} FROM {table}").fetchall(), key=repr)
    return found


def write_costs(corpus: Path, folder: Path) -> dict[str, float]:
    """In this process, on the same documents: CPU seconds to read and process them (what
    ``extract`` does), then to store them in a DuckDB file and in a Parquet store a batch at a
    time, as ``ingest`` does (:class:`multipolar.corpus.BatchWriter`'s batch size)."""
    from multipolar.corpus import BatchWriter, document_actors
    from multipolar.pipeline import Pipeline, batched
    from multipolar.read import read_paths
    from multipolar.store import Store
    from multipolar.store.parquet_store import ParquetStore

    pipeline = Pipeline.default()
    start = time.process_time()
    documents = list(pipeline.pipe(read_paths([corpus])))
    costs = {"extract": time.process_time() - start}
    for name, store in (
        ("duckdb", Store(folder / "writes.duckdb")),
        ("parquet", ParquetStore(folder / "writes", read_only=False)),
    ):
        start = time.process_time()
        with store:
            for batch in batched(documents, BatchWriter.documents):
                store.add_batch(batch, [document_actors(d, pipeline.registry) for d in batch])
        costs[name] = time.process_time() - start
    return {
        "extract_cpu_s": round(costs["extract"], 2),
        **{f"{n}_write_cpu_s": round(costs[n], 2) for n in ("duckdb", "parquet")},
        **{f"{n}_write / extract": round(costs[n] / costs["extract"], 3) for n in ("duckdb", "parquet")},
    }


def _per_round(numerators: list[float], denominators: list[float]) -> list[float]:
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def run_benchmark(
    docs: int, rounds: int, folder: Path, seed: int = 7, only: tuple[str, ...] = tuple(RUNS)
) -> dict:
    corpus = folder / "corpus"
    sentences = write_corpus(corpus, docs, seed)
    timed("extract", corpus, folder / "warm")  # fills the registry cache: every run starts warm
    order = random.Random(seed)
    runs: list[dict] = []
    for round_ in range(rounds):
        names = list(only)
        order.shuffle(names)
        for name in names:
            measured = timed(name, corpus, folder / f"{name}-{round_}")
            runs.append({"round": round_, "run": name, **measured, "load": os.getloadavg()[0]})
    seconds = {name: [r["seconds"] for r in runs if r["run"] == name] for name in only}
    cpu = {name: [r["cpu"] for r in runs if r["run"] == name] for name in only}
    ratios = {}
    for name in only:
        if name != "extract" and "extract" in only:
            ratios[f"{name} / extract"] = _per_round(seconds[name], seconds["extract"])
            ratios[f"{name} / extract, CPU"] = _per_round(cpu[name], cpu["extract"])
    for store in ("duckdb", "parquet"):
        if f"{store}-1" in only and f"{store}-2" in only:
            ratios[f"{store} speed-up 1 -> 2 workers"] = _per_round(
                seconds[f"{store}-1"], seconds[f"{store}-2"]
            )
    writes = write_costs(corpus, folder)
    stores = [folder / f"{n}-0" for n in only if n.startswith("parquet")]
    stores += [folder / f"{n}-0.duckdb" for n in only if n.startswith("duckdb")]
    stores.append(folder / "writes.duckdb")
    reference = tables(stores[0])
    return {
        "docs": docs,
        "sentences": sentences,
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "load_average_1min": spread([r["load"] for r in runs]),
        "seconds": {name: spread(values) for name, values in seconds.items()},
        "cpu_seconds": {name: spread(values) for name, values in cpu.items()},
        "ratios": {name: spread(values) for name, values in ratios.items()},
        "writes_in_process": writes,
        "same_tables": all(tables(s) == reference for s in stores[1:]),
        "rows": {t: len(rows) for t, rows in reference.items()},
        "runs": [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in runs],
    }


def table(result: dict) -> str:
    lines = [
        f"{result['docs']} documents (~{result['sentences']} sentences), {result['rounds']} rounds, "
        f"{result['cpus']} CPUs, load average {result['load_average_1min']['min']}"
        f"-{result['load_average_1min']['max']}",
        "",
        f"{'round':<7}{'run':<12}{'s':>8}{'CPU s':>8}{'cores':>7}{'idle':>7}{'load':>7}",
    ]
    for r in result["runs"]:
        idle = f"{r['idle']:.0%}" if r["idle"] is not None else "?"
        lines.append(
            f"{r['round']:<7}{r['run']:<12}{r['seconds']:>8.1f}{r['cpu']:>8.1f}{r['cores']:>7.2f}"
            f"{idle:>7}{r['load']:>7.1f}"
        )
    lines += ["", f"{'ratio (per round)':<40}{'median':>8}{'min':>8}{'max':>8}"]
    for name, r in result["ratios"].items():
        lines.append(f"{name:<40}{r['median']:>8.2f}{r['min']:>8.2f}{r['max']:>8.2f}")
    w = result["writes_in_process"]
    lines.append(
        f"in one process, CPU: extract {w['extract_cpu_s']} s; storing the results: DuckDB "
        f"{w['duckdb_write_cpu_s']} s ({w['duckdb_write / extract']:.3f}x), Parquet "
        f"{w['parquet_write_cpu_s']} s ({w['parquet_write / extract']:.3f}x)"
    )
    lines.append(f"every store holds the same tables: {result['same_tables']} {result['rows']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS), help="(default: all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.docs < 1 or args.rounds < 1:
        parser.error("--docs and --rounds must be at least 1")
    with tempfile.TemporaryDirectory() as folder:
        result = run_benchmark(args.docs, args.rounds, Path(folder), args.seed, tuple(args.runs))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
