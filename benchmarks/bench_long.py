"""Benchmark: one long document, ingested in bounded memory, against the same text as many short ones.

For each size (MB of text), a fresh process ingests one plain-text file of that size into a new
DuckDB store, as ``multipolar ingest FILE`` does (read, cut into pieces, process, store piece by
piece; the pipeline is loaded before the clock starts), and reports the wall time, the CPU time (on
a shared machine the steadier figure) and MB per CPU minute, the pieces, the events and the
process's peak resident memory. The baseline, in the same run, ingests the same paragraphs as
separate short documents (a JSON lines file, one paragraph per row): the ratio of the two rates says
what being one document costs, and the peak memory shows whether it grows with the length. Run from the
repository root::

    PYTHONPATH=src python benchmarks/bench_long.py                     # 1, 5 and 19 MB
    PYTHONPATH=src python benchmarks/bench_long.py --sizes 0.2 1 --json long.json

The text is made of the synthetic paragraphs of ``bench_extract.py`` (sentences of the demo texts,
the state names they contain permuted per paragraph), so no paragraph repeats another.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_extract import demo_folder, sentence_pool, state_names, synthetic_corpus  # noqa: E402

from multipolar.document import Document  # noqa: E402


def paragraphs(megabytes: float) -> list[str]:
    """Synthetic paragraphs adding up to *megabytes* of text."""
    from multipolar.pipeline import Pipeline

    pool = sentence_pool(demo_folder())
    names = state_names(Pipeline.default(), pool)
    found, size = [], 0
    for document in synthetic_corpus(pool, names, 10**9):
        found.append(document.text)
        size += len(document.text.encode()) + 2
        if size >= megabytes * 1e6:
            return found
    return found


def measure(path: Path, store: Path) -> dict:
    """Ingest *path* into a new DuckDB store at *store* in this process: seconds, counts, peak RSS."""
    from multipolar.corpus import ingest
    from multipolar.pipeline import Pipeline
    from multipolar.store import Store

    pipeline = Pipeline.default()  # loaded before the clock starts
    pipeline.process(Document(text="Turkey met Greece."))
    pieces: list[int] = []
    start, cpu = time.perf_counter(), time.process_time()
    with Store(store) as target:
        report = ingest(
            [path],
            target,
            pipeline=pipeline,
            progress=lambda outcome: pieces.append(getattr(outcome, "count", 1)),
        )
        counts = target.counts()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    megabytes = path.stat().st_size / 1e6
    return {
        "file": path.name,
        "megabytes": round(megabytes, 2),
        "seconds": round(seconds, 1),
        "mb_per_minute": round(megabytes / seconds * 60, 2),
        "cpu_seconds": round(cpu, 1),
        "mb_per_cpu_minute": round(megabytes / cpu * 60, 2),
        "documents": counts["documents"],
        "pieces": max(pieces, default=0),
        "events": report.events,
        "errors": report.errors[:3],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_child(path: Path, folder: Path) -> dict:
    """:func:`measure` in a fresh process, so that each peak is its own."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[3]); from bench_long import measure; "
        "from pathlib import Path; print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))"
    )
    store = folder / f"{path.stem}.duckdb"
    megabytes = path.stat().st_size / 2**20
    environment = {**os.environ, "MULTIPOLAR_MAX_MB": str(max(megabytes + 1, 5))}  # beyond the default
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(store), str(HERE)],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_benchmark(sizes: list[float], baseline: float | None) -> dict:
    results: dict = {"long": [], "baseline": None}
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        folder = Path(tmp)
        for megabytes in sizes:
            path = folder / f"long-{megabytes:g}mb.txt"
            path.write_text(
                "Title: One long document\nDate: 2020-06-01\n\n" + "\n\n".join(paragraphs(megabytes))
            )
            results["long"].append(run_child(path, folder))
            print(json.dumps(results["long"][-1]), flush=True)
        if baseline:
            path = folder / f"short-{baseline:g}mb.jsonl"
            rows = (json.dumps({"text": p, "date": "2020-06-01"}) for p in paragraphs(baseline))
            path.write_text("\n".join(rows) + "\n")
            results["baseline"] = run_child(path, folder)
            print(json.dumps(results["baseline"]), flush=True)
    if results["baseline"]:
        base = results["baseline"]["mb_per_cpu_minute"]
        for row in results["long"]:
            row["rate_vs_short_documents"] = round(row["mb_per_cpu_minute"] / base, 2)
    return results


def table_row(row: dict, what: str, ratio: object) -> str:
    return (
        f"| {row['megabytes']} MB, {what} | {row['seconds']} s | {row['cpu_seconds']} s | "
        f"{row['mb_per_cpu_minute']} | {row['pieces']} | {row['events']} | "
        f"{row['peak_rss_mib']} MiB | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 19], help="MB of text per run")
    parser.add_argument("--baseline", type=float, default=1, help="MB of short documents (0: none)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = run_benchmark(args.sizes, args.baseline or None)
    print()
    print("| text | wall | CPU | MB per CPU minute | pieces | events | peak RSS | rate vs short ones |")
    print("|---|---|---|---|---|---|---|---|")
    for row in results["long"]:
        print(table_row(row, "one document", row.get("rate_vs_short_documents", "")))
    if results["baseline"]:
        row = results["baseline"]
        print(table_row(row, f"{row['documents']} short documents", 1.0))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
