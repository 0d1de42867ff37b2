"""Benchmark: the analysis commands on a synthetic Parquet store of 1,000,000 events and 5,000 actors.

Writes a seeded store (the layout of ``multipolar.store.parquet_store``; ten events per document,
actors in five planted camps, cooperative with probability 0.8 inside a camp and 0.2 across,
active actors more often, dates over ten years, a tenth of the events joint acts), then times the
commands as a user runs them (``python -m multipolar ...``, start-up included):

    network -f json, blocs, brokers, timeline --actor A0000 --freq quarter, report

and, for the ratio of the two paths on the same data, the network built in SQL
(``network_from_store``) against the Python path (``store.events()`` -> ``build_network``) on a
window of the store (``--python-window`` events; the whole store would need every event as a
Python object).

    PYTHONPATH=src python benchmarks/bench_store.py                          # 1,000,000 events
    PYTHONPATH=src python benchmarks/bench_store.py --events 100000 --actors 1000 --json store.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from multipolar.store.parquet_store import FORMAT, VERSION, _arrow_schema, month_of

QUADS = {"CONSULT": "verbal_cooperation", "AID": "material_cooperation", "ACCUSE": "verbal_conflict"}
QUADS |= {"ASSAULT": "material_conflict"}
MODALITIES = ("asserted", "asserted", "asserted", "reported", "future", "hedged", "negated")
PER_DOCUMENT = 10
START = date(2015, 1, 1)


def _write(folder: Path, table: str, columns: dict[str, list], batch: str) -> None:
    schema = _arrow_schema(table)
    columns["batch"] = [batch] * len(next(iter(columns.values())))
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), folder / f"b-{batch}.parquet")


def synthetic_store(path: Path, events: int, actors: int, camps: int = 5, seed: int = 0) -> dict:
    """Write the store; returns what it holds."""
    rng = random.Random(seed)
    path.mkdir(parents=True)
    (path / "_multipolar.json").write_text(json.dumps({"format": FORMAT, "version": VERSION}))
    ids = [f"A{i:04d}" for i in range(actors)]
    camp = {a: i % camps for i, a in enumerate(ids)}
    activity = [1 / (rank + 1) ** 0.8 for rank in range(actors)]
    _write(
        path / "actors",
        "actors",
        {
            "id": ids,
            "name": [f"Actor {a}" for a in ids],
            "type": ["state"] * actors,
            "country": ids,
            "parent": [None] * actors,
            "aliases": ["[]"] * actors,
            "provisional": [False] * actors,
        },
        "0",
    )
    documents = events // PER_DOCUMENT
    by_month: dict[str, dict[str, dict[str, list]]] = {}
    for d in range(documents):
        day = START + timedelta(days=d * 3650 // documents)
        doc = f"{d:016x}"
        month = month_of(day)
        tables = by_month.setdefault(month, {"documents": {}, "events": {}})
        row = {
            "id": doc,
            "path": f"synthetic#{d}",
            "title": f"Synthetic {d}",
            "date": day,
            "text": "",
            "n_sentences": PER_DOCUMENT,
            "meta": None,
            "parts": 1,
        }
        for key, value in row.items():
            tables["documents"].setdefault(key, []).append(value)
        n = 0
        while n < PER_DOCUMENT:
            source, target = rng.choices(ids, activity, k=2)
            if source == target:
                continue
            cooperative = rng.random() < (0.8 if camp[source] == camp[target] else 0.2)
            kind = (
                ("CONSULT", "AID")[rng.random() < 0.3]
                if cooperative
                else ("ACCUSE", "ASSAULT")[rng.random() < 0.3]
            )
            joint = kind == "CONSULT" and rng.random() < 0.3
            pairs = (
                [(source, target), (target, source)] if joint and n + 1 < PER_DOCUMENT else [(source, target)]
            )
            for s, t in pairs:
                event = {
                    "doc": doc,
                    "sentence": f"s{n}",
                    "start": n * 10 if not joint else (n - (s == target)) * 10,
                    "end": n * 10 + 9,
                    "source": s,
                    "target": t,
                    "type": kind,
                    "quad": QUADS[kind],
                    "polarity": 1 if cooperative else -1,
                    "mode": None,
                    "context": None,
                    "modality": rng.choice(MODALITIES),
                    "speaker": None,
                    "date": day.isoformat(),
                    "pattern": "synthetic",
                    "trigger": kind.lower(),
                    "source_text": s,
                    "target_text": t,
                    "id": f"{d:08x}{n:02d}{s[-3:]}{t[-3:]}",
                    "theatre": None,
                    "theatre_basis": "synthetic",
                }
                for key, value in event.items():
                    tables["events"].setdefault(key, []).append(value)
                n += 1
    for month, tables in by_month.items():
        _write(path / "documents" / f"month={month}", "documents", tables["documents"], "0")
        _write(path / "events" / f"month={month}", "events", tables["events"], "0")
    (path / "mentions").mkdir()
    return {"documents": documents, "events": sum(len(t["events"]["id"]) for t in by_month.values())}


def timed(args: list[str]) -> float:
    """Seconds of one CLI command, start-up included; fails loudly if the command fails."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "multipolar", *args], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise SystemExit(f"multipolar {' '.join(args)} failed: {done.stderr.strip()}")
    return round(time.perf_counter() - start, 2)


def python_against_sql(store_path: Path, until: date) -> dict:
    """The network of the events up to *until* by both paths, in this process."""
    from multipolar.analyse import build_network
    from multipolar.analyse.sql import network_from_store
    from multipolar.store import open_store

    with open_store(store_path) as store:
        build_network([], modality_weights=None)  # load the ontology outside the timings
        start = time.perf_counter()
        events = store.events(until=until)
        python_graph = build_network(events)
        python_s = time.perf_counter() - start
        start = time.perf_counter()
        sql_graph = network_from_store(store, until=until)
        sql_s = time.perf_counter() - start
    same = list(sql_graph.edges(data=True)) == list(python_graph.edges(data=True))
    return {
        "events": len(events),
        "python_s": round(python_s, 2),
        "sql_s": round(sql_s, 2),
        "ratio": round(python_s / sql_s, 1) if sql_s else None,
        "same_graph": same,
    }


def run_benchmark(events: int, actors: int, python_window: int, folder: Path) -> dict:
    store = folder / "store"
    start = time.perf_counter()
    held = synthetic_store(store, events, actors)
    written = round(time.perf_counter() - start, 1)
    where = ["--store", str(store)]
    commands = {
        "network": ["network", "-f", "json", *where],
        "blocs": ["blocs", "-f", "csv", *where],
        "brokers": ["brokers", "-f", "csv", "--top", "10", *where],
        "timeline": ["timeline", "--actor", "A0000", "--freq", "quarter", "-f", "csv", *where],
        "report": ["report", "--out", str(folder / "report.html"), *where],
    }
    times = {name: timed(args) for name, args in commands.items()}
    days = 3650 * python_window // max(events, 1)
    comparison = python_against_sql(store, START + timedelta(days=max(days, 1)))
    return {
        **held,
        "actors": actors,
        "write_s": written,
        "commands_s": times,
        "report_kib": round((folder / "report.html").stat().st_size / 1024),
        "python_vs_sql": comparison,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--python-window", type=int, default=100_000, help="events compared on both paths")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.events < PER_DOCUMENT or args.actors < 2:
        parser.error("--events must be at least 10 and --actors at least 2")
    with tempfile.TemporaryDirectory() as folder:
        result = run_benchmark(args.events, args.actors, args.python_window, Path(folder))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
