"""Benchmark: linking events into incidents on a Parquet store, at once and a day at a time.

Writes the seeded store of ``bench_store.py`` (1,000,000 events, 5,000 actors, ten years of
documents, Zipf-like activity: a few pairs are in the news every day), then times, in one process:

* **baseline**: the network aggregated in the store, every report counted (``network_from_store``),
  the cost every analysis command pays; the other figures are quoted against it;
* **link all**: ``link_incidents`` on the whole store (every event new), as the first ingest into an
  older store or a rebuild does;
* **network by acts**: the network with each incident counted once (``count="incidents"``);
* **a day's batch**: documents of the day after the last one (each event a new report of an act of
  the store's last days, or a new act), written to the store (timed apart: the store's part) and
  then linked: the incremental step of a daily feed; ``--day-events`` sets its size;
* **a late batch**: the same number of events dated in the middle of the store, so that the windows
  after them must be redrawn.

    PYTHONPATH=src python benchmarks/bench_incidents.py                       # 1,000,000 events
    PYTHONPATH=src python benchmarks/bench_incidents.py --events 100000 --actors 1000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import QUADS, synthetic_store  # noqa: E402

from multipolar.document import Document, Event  # noqa: E402


def batch(day: date, events: int, actors: int, seed: int, per_document: int = 10) -> list[Document]:
    """*events* new events on *day*, ten per document, between actors drawn as the store draws them."""
    rng = np.random.default_rng(seed)
    activity = 1 / (np.arange(actors) + 1) ** 1.2
    activity /= activity.sum()
    kinds = list(QUADS)
    documents = []
    for d in range(max(1, events // per_document)):
        text = f"batch {seed} document {d} of {day}"
        document = Document(text=text, path=f"batch#{seed}-{d}", title=text, date=day)
        for i in range(per_document):
            source, target = rng.choice(actors, 2, replace=False, p=activity)
            kind = kinds[int(rng.integers(len(kinds)))]
            quad = QUADS[kind]
            document.events.append(
                Event(
                    doc=document.id,
                    sentence=f"s{i}",
                    start=i * 10,
                    end=i * 10 + 9,
                    source=f"A{source:04d}",
                    target=f"A{target:04d}",
                    type=kind,
                    quad=quad,
                    polarity=1 if "cooperation" in quad else -1,
                    date=day.isoformat(),
                    trigger=kind.lower(),
                    theatre_basis="synthetic",
                )
            )
        documents.append(document)
    return documents


def seconds(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return round(time.perf_counter() - start, 2), result


def run_benchmark(events: int, actors: int, day_events: int, folder: Path) -> dict:
    from multipolar.analyse.incidents_link import link_incidents
    from multipolar.analyse.sql import network_from_store
    from multipolar.store.parquet_store import ParquetStore

    path = folder / "store"
    written, counts = seconds(lambda: synthetic_store(path, events, actors))
    result: dict[str, Any] = {"events": events, "actors": actors, "write_store_s": written}
    with ParquetStore(path, read_only=False) as store:
        network_from_store(store, until=date(2015, 1, 1))  # load the ontology outside the timings
        result["baseline_network_s"], graph = seconds(lambda: network_from_store(store, evidence=False))
        result["link_all_s"], linked = seconds(lambda: link_incidents(store))
        result["incidents"] = store.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
        result["network_by_acts_s"], by_acts = seconds(
            lambda: network_from_store(store, evidence=False, count="incidents")
        )
        result["ties"] = {"reports": graph.number_of_edges(), "acts": by_acts.number_of_edges()}
        last = store.con.execute("SELECT max(date) FROM documents").fetchone()[0]
        for name, day, seed in (
            ("day", last + timedelta(days=1), 1),
            ("late", last - timedelta(days=1825), 2),
        ):
            documents = batch(day, day_events, actors, seed)

            def write(documents: list[Document] = documents) -> None:
                store.stored([d.id for d in documents])  # one query, as ingest asks
                for document in documents:
                    store.add(document)
                store.flush()

            result[f"{name}_write_s"], _ = seconds(write)  # the store's part, for scale
            result[f"{name}_batch_s"], report = seconds(lambda: link_incidents(store))
            result[f"{name}_batch"] = {
                "events": sum(len(d.events) for d in documents),
                "link_rows_written": report.written,
                "incidents_summarised": report.incidents,
            }
            result[f"{name}_link_s"], _ = seconds(
                lambda: link_incidents(store)
            )  # nothing new: the fixed cost
    result["ratios"] = {
        "link_all / baseline": round(result["link_all_s"] / result["baseline_network_s"], 1),
        "network_by_acts / baseline": round(result["network_by_acts_s"] / result["baseline_network_s"], 1),
        "day_batch / baseline": round(result["day_batch_s"] / result["baseline_network_s"], 2),
    }
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--day-events", type=int, default=10_000, help="events in the day's batch")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-incidents-") as tmp:
        result = run_benchmark(args.events, args.actors, args.day_events, Path(tmp))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
