"""Benchmark: the analysis commands on a synthetic Parquet store of 1,000,000 events and 5,000 actors.

Writes a seeded store (the layout of ``multipolar.store.parquet_store``; ten events per document,
actors in five planted camps, cooperative with probability 0.8 inside a camp and 0.2 across,
sources and targets drawn with Zipf-like activity (rank^-1.2: about 195,000 distinct directed
ties for a million events among 5,000 actors), dates over ten years, a tenth of the events halves
of joint acts), then times the commands as a user runs them (``python -m multipolar ...``,
start-up included):

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
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from multipolar.store.manifest import Manifest
from multipolar.store.parquet_store import FORMAT, VERSION, _arrow_schema, month_of

QUADS = {
    "CONSULT": "verbal_cooperation",
    "AID": "material_cooperation",
    "ACCUSE": "verbal_conflict",
    "ASSAULT": "material_conflict",
}
MODALITIES = ("asserted", "asserted", "asserted", "reported", "future", "hedged", "negated")
PER_DOCUMENT = 10
START = date(2015, 1, 1)


def _write(folder: Path, table: str, columns: dict[str, Any], batch: str) -> None:
    schema = _arrow_schema(table)
    rows = len(next(iter(columns.values())))
    columns = {**columns, "batch": np.full(rows, batch, dtype=object)}
    arrays = [
        pa.array(columns[f.name], type=f.type) if f.name in columns else pa.nulls(rows, type=f.type)
        for f in schema
    ]
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), folder / f"b-{batch}.parquet")


def synthetic_store(path: Path, events: int, actors: int, camps: int = 5, seed: int = 0) -> dict:
    """Write the store (numpy-generated, so a million events take seconds); returns its counts."""
    rng = np.random.default_rng(seed)
    path.mkdir(parents=True)
    (path / "_multipolar.json").write_text(json.dumps({"format": FORMAT, "version": VERSION}))
    ids = np.array([f"A{i:04d}" for i in range(actors)], dtype=object)
    _write(
        path / "actors",
        "actors",
        {
            "id": ids,
            "name": np.array([f"Actor {a}" for a in ids], dtype=object),
            "type": ["state"] * actors,
            "country": ids,
            "aliases": ["[]"] * actors,
            "provisional": [False] * actors,
        },
        "0",
    )
    activity = 1 / (np.arange(actors) + 1) ** 1.2  # Zipf-like: a few actors take most of the news
    activity /= activity.sum()
    source = rng.choice(actors, events, p=activity)
    target = rng.choice(actors, events, p=activity)
    same = source == target
    target[same] = (target[same] + 1 + rng.choice(actors - 1, int(same.sum()))) % actors  # never the source
    cooperative = rng.random(events) < np.where(source % camps == target % camps, 0.8, 0.2)
    material = rng.random(events) < 0.3
    kind = np.where(
        cooperative, np.where(material, "AID", "CONSULT"), np.where(material, "ASSAULT", "ACCUSE")
    )
    start = (np.arange(events) % PER_DOCUMENT) * 10
    # A tenth of the events are the second half of a joint act: the first half reversed, one trigger.
    joint = np.flatnonzero((np.arange(events) % 2 == 1) & (rng.random(events) < 0.2))
    source[joint], target[joint] = target[joint - 1], source[joint - 1]
    kind[joint], kind[joint - 1] = "CONSULT", "CONSULT"
    start[joint] = start[joint - 1]
    cooperative[joint] = cooperative[joint - 1] = True
    documents = events // PER_DOCUMENT
    doc_of = np.minimum(np.arange(events) // PER_DOCUMENT, documents - 1)
    days = [START + timedelta(days=int(d) * 3650 // documents) for d in range(documents)]
    doc_ids = np.array([f"{d:016x}" for d in range(documents)], dtype=object)
    months = np.array([month_of(day) for day in days], dtype=object)
    quad = np.vectorize(QUADS.get, otypes=[object])(kind)
    event_columns = {
        "doc": doc_ids[doc_of],
        "sentence": np.char.add("s", (start // 10).astype(str)).astype(object),
        "start": start,
        "end": start + 9,
        "source": ids[source],
        "target": ids[target],
        "type": kind.astype(object),
        "quad": quad,
        "polarity": np.where(cooperative, 1, -1),
        "modality": rng.choice(np.array(MODALITIES, dtype=object), events),
        "date": np.array([d.isoformat() for d in days], dtype=object)[doc_of],
        "pattern": np.full(events, "synthetic", dtype=object),
        "trigger": np.char.lower(kind).astype(object),
        "id": np.array([f"{i:016x}" for i in range(events)], dtype=object),
        "theatre_basis": np.full(events, "synthetic", dtype=object),
    }
    document_columns = {
        "id": doc_ids,
        "path": np.array([f"synthetic#{d}" for d in range(documents)], dtype=object),
        "title": doc_ids,
        "date": days,
        "text": np.full(documents, "", dtype=object),
        "n_sentences": np.full(documents, PER_DOCUMENT),
        "parts": np.ones(documents, dtype=int),
    }
    for month in sorted(set(months)):  # documents are in date order: each month is one slice
        docs = np.flatnonzero(months == month)
        rows = np.flatnonzero((doc_of >= docs[0]) & (doc_of <= docs[-1]))
        _write(
            path / "documents" / f"month={month}",
            "documents",
            {k: v[docs[0] : docs[-1] + 1] for k, v in document_columns.items()},
            "0",
        )
        _write(
            path / "events" / f"month={month}",
            "events",
            {k: v[rows[0] : rows[-1] + 1] for k, v in event_columns.items()},
            "0",
        )
    (path / "mentions").mkdir()
    Manifest().switched(sorted(path.glob("*/**/*.parquet")), (), path).save(path)  # the files it lists
    return {"documents": documents, "events": events}


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
