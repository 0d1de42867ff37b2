"""Benchmark: ``multipolar serve`` under load on a 1,000,000-event store, while a writer adds documents.

1. Writes a seeded synthetic DuckDB store (``--events`` events, ten per document, among
   ``--actors`` actors in five planted camps with Zipf-like activity, dates over ten years, a
   theatre each, a synthetic sentence each from a small vocabulary, so word searches match a
   realistic share of the evidence).
2. Starts ``multipolar serve --db`` on loopback (start-up: the first snapshot and its default view)
   and waits until the views the clients look at are computed (the theatres' start by themselves;
   a running server keeps them, and answers from them while newer ones are computed).
3. Runs ``--clients`` client threads for ``--seconds`` against it (each an analyst: a request, then
   ``--think`` seconds on average before the next), each asking a weighted mix of
   what the page asks (views of a few windows and theatres, event pages with filters and words,
   evidence of actors and pairs, drop-down options, theatres, status), while a writer thread adds
   a batch of ``--batch`` documents every ``--every`` seconds the way ``ingest --watch`` does
   (store opened, batch marked and written, store closed). A view answered "computing" (202) is
   asked again, as the page does; its latency is until the view arrives.
4. Reports the median and 95th percentile latency per endpoint, the errors (any answer other than
   200 or 202; none expected), and checks afterwards that the store holds every document written
   exactly once and that the server's last snapshot shows them all.

    PYTHONPATH=src python benchmarks/bench_serve.py                               # 1,000,000 events
    PYTHONPATH=src python benchmarks/bench_serve.py --events 100000 --seconds 20  # quick
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from multipolar.document import Document, Event  # noqa: E402
from multipolar.serve.live import writing_batch  # noqa: E402
from multipolar.store import Store  # noqa: E402
from serving import get, served  # noqa: E402

KINDS = {  # type: (quad, polarity, verb)
    "CONSULT": ("verbal_cooperation", 1, "met"),
    "AID": ("material_cooperation", 1, "sent weapons to"),
    "ACCUSE": ("verbal_conflict", -1, "accused"),
    "ASSAULT": ("material_conflict", -1, "shelled positions of"),
}
PLACES = (
    "the harbour",
    "the border crossing",
    "the pipeline",
    "the airbase",
    "the capital",
    "the oil field",
    "the river port",
    "the mountain pass",
    "the refugee camp",
    "the coastal road",
    "the dam",
    "the railway",
)
THEATRES = ("libya", "syria", "sahel", "yemen", "nagorno-karabakh", "sudan", None)
VIEWS = (
    {},
    {"theatre": "libya"},
    {"theatre": "sahel"},
    {"theatre": "syria"},
    {"since": "2020-01-01", "until": "2020-12-31"},
    {"since": "2022-01-01"},
)
"""The views the clients look at (the whole store, three theatres, two windows)."""
PER_DOCUMENT = 10
START = date(2014, 1, 1)


def synthetic_store(path: Path, events: int, actors: int, camps: int = 5, seed: int = 0) -> dict:
    """Write the store with numpy and DuckDB (a million events in about a minute)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    ids = np.array([f"A{i:03d}" for i in range(actors)], dtype=object)
    names = np.array([f"Actor {i:03d}" for i in range(actors)], dtype=object)
    activity = 1 / (np.arange(actors) + 1) ** 1.1
    source = rng.choice(actors, events, p=activity / activity.sum())
    target = rng.choice(actors, events, p=activity / activity.sum())
    same = source == target
    target[same] = (target[same] + 1) % actors
    cooperative = rng.random(events) < np.where(source % camps == target % camps, 0.8, 0.2)
    material = rng.random(events) < 0.3
    kind = np.where(
        cooperative, np.where(material, "AID", "CONSULT"), np.where(material, "ASSAULT", "ACCUSE")
    )
    documents = events // PER_DOCUMENT
    doc_of = np.arange(events) // PER_DOCUMENT
    days = np.array(
        [(START + timedelta(days=int(d) * 3650 // documents)).isoformat() for d in range(documents)]
    )
    place = rng.integers(0, len(PLACES), events)
    theatre = rng.integers(0, len(THEATRES), events)
    verbs = np.vectorize(lambda k: KINDS[k][2], otypes=[object])(kind)
    sentence = [
        f"{names[s]} {v} {names[t]} near {PLACES[p]}."
        for s, v, t, p in zip(source, verbs, target, place, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "doc": np.char.mod("%016x", doc_of).astype(object),
            "sentence": sentence,
            "start": (np.arange(events) % PER_DOCUMENT) * 100,
            "end": (np.arange(events) % PER_DOCUMENT) * 100 + 60,
            "source": ids[source],
            "target": ids[target],
            "type": kind.astype(object),
            "quad": np.vectorize(lambda k: KINDS[k][0], otypes=[object])(kind),
            "polarity": np.where(cooperative, 1, -1),
            "modality": "asserted",
            "date": days[doc_of],
            "pattern": "synthetic",
            "trigger": np.vectorize(lambda v: v.split()[0], otypes=[object])(verbs),
            "id": np.char.mod("%016x", np.arange(events) + (1 << 60)).astype(object),
            "theatre": np.array(THEATRES, dtype=object)[theatre],
            "theatre_basis": "synthetic",
        }
    )
    with Store(path) as store:
        con = store.con
        con.register("synthetic_events", frame)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM synthetic_events")
        con.execute(
            "INSERT INTO documents (id, path, title, date, text, n_sentences) "
            "SELECT printf('%016x', d), 'synthetic#' || d, 'Report ' || d, "
            "?::DATE + CAST(d * 3650 // ? AS INTEGER), '', ? FROM range(?) t(d)",
            [START, documents, PER_DOCUMENT, documents],
        )
        con.execute(
            "INSERT INTO actors (id, name, type, country, aliases) "
            "SELECT unnest(?), unnest(?), 'state', NULL, '[]'",
            [list(ids), list(names)],
        )
        con.execute("CHECKPOINT")
    return {"documents": documents, "events": events, "bytes": path.stat().st_size}


def new_document(n: int, rng: random.Random, actors: int) -> Document:
    """A small synthetic document for the writer (no parsing: its events are given)."""
    text = f"Bulletin {n}: synthetic events written during the load test."
    doc = Document(
        text=text, path=f"written#{n}", title=f"Bulletin {n}", date=date(2024, 1, 1) + timedelta(n % 300)
    )
    for i in range(PER_DOCUMENT):
        kind = rng.choice(list(KINDS))
        a, b = rng.sample(range(actors), 2)
        doc.events.append(
            Event(
                doc=doc.id,
                sentence=f"Actor {a:03d} {KINDS[kind][2]} Actor {b:03d} near {rng.choice(PLACES)}.",
                start=i * 100,
                end=i * 100 + 60,
                source=f"A{a:03d}",
                target=f"A{b:03d}",
                type=kind,
                quad=KINDS[kind][0],
                polarity=KINDS[kind][1],
                modality="asserted",
                date=doc.date.isoformat(),
                pattern="synthetic",
                trigger=KINDS[kind][2].split()[0],
                id=f"w{n:08d}{i:02d}",
                theatre=rng.choice(THEATRES),
                theatre_basis="synthetic",
            )
        )
    return doc


def writer(
    path: Path, stop: threading.Event, every: float, batch: int, actors: int, written: list[str]
) -> None:
    """Add *batch* documents every *every* seconds, as ``ingest --watch`` writes a batch."""
    rng, n = random.Random(1), 0
    while not stop.wait(every):
        with writing_batch(path, False), Store(path) as store:
            for _ in range(batch):
                document = new_document(n, rng, actors)
                n += 1
                if store.add(document):
                    written.append(document.id)


def requests(rng: random.Random, actors: int) -> tuple[str, str]:
    """One request of the mix: (endpoint name, path with query)."""
    top = [f"A{i:03d}" for i in range(min(actors, 40))]
    window = rng.choice([{}, {"since": "2020-01-01", "until": "2020-12-31"}, {"since": "2022-01-01"}])
    theatre = rng.choice([{}, {}, {"theatre": "libya"}, {"theatre": "sahel"}])
    pick = rng.random()
    if pick < 0.15:  # mostly the whole store or a theatre, sometimes another window
        return "view", "/api/view?" + urlencode(rng.choice([{}, {}, *VIEWS]))
    if pick < 0.45:
        filters = rng.choice([{}, {"actor": rng.choice(top)}, {"type": rng.choice(list(KINDS))}, theatre])
        query = {**window, **filters, "offset": rng.choice([0, 0, 50, 500]), "limit": 50}
        return "events", "/api/events?" + urlencode(query)
    if pick < 0.65:
        words = " ".join(rng.sample(["harbour", "pipeline", "shelled", "weapons", "dam", "border", "met"], 2))
        return "search", "/api/events?" + urlencode({**window, "q": words, "limit": 50})
    if pick < 0.85:
        a, b = rng.sample(top, 2)
        query = {"actor": a, **({"with": b} if rng.random() < 0.5 else {}), "limit": 60}
        return "evidence", "/api/events?" + urlencode({**window, **query})
    if pick < 0.92:
        return "options", "/api/options?" + urlencode({**window, **theatre})
    if pick < 0.97:
        return "theatres", "/api/theatres?" + urlencode(window)
    return "status", "/api/status"


def client(
    base: str, seed: int, actors: int, until: float, results: dict, errors: list, think: float
) -> None:
    """One analyst: a request, then *think* seconds on average (0.5x to 1.5x) before the next."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        time.sleep(think * rng.uniform(0.5, 1.5))
        name, path = requests(rng, actors)
        start = time.perf_counter()
        while True:
            try:
                status, _, body = get(base + path)
            except OSError as exc:  # no answer within the client's timeout counts as an error
                status, body = 0, str(exc).encode()
            if status != 202 or time.monotonic() > until + 120:
                break
            results["computing"].append(1)
            time.sleep(0.5)
        results[name].append(time.perf_counter() - start)
        if status != 200:
            errors.append(f"{name} {path}: {status} {body[:200]!r}")


def ready(base: str, elapsed: float) -> float:
    """Seconds from the start until every view of :data:`VIEWS` is computed (the server starts
    the theatres' in the background; the windows are asked here)."""
    start = time.perf_counter()
    for view in VIEWS:
        while get(base + "/api/view?" + urlencode(view))[0] == 202:
            time.sleep(1)
    return round(elapsed + time.perf_counter() - start, 1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(
    events: int,
    actors: int,
    clients: int,
    seconds: float,
    every: float,
    batch: int,
    think: float,
    folder: Path,
) -> dict:
    db = folder / "load.duckdb"
    start = time.perf_counter()
    held = synthetic_store(db, events, actors)
    report: dict = {
        "store": held,
        "write_s": round(time.perf_counter() - start, 1),
        "clients": clients,
        "seconds": seconds,
        "think_s": think,
        "batch_every_s": every,
        "batch": batch,
    }
    start = time.perf_counter()
    with served("--db", str(db), wait=3600) as base:
        report["startup_s"] = round(time.perf_counter() - start, 1)
        report["views_ready_s"] = ready(base, time.perf_counter() - start)  # computed once, then kept
        written: list[str] = []
        stop = threading.Event()
        write = threading.Thread(target=writer, args=(db, stop, every, batch, actors, written))
        write.start()
        results: dict[str, list] = defaultdict(list)
        errors: list[str] = []
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client, args=(base, i, actors, until, results, errors, think))
            for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        write.join()
        deadline = time.monotonic() + 600  # the server's last snapshot shows every document written
        while time.monotonic() < deadline:
            status = json.loads(get(base + "/api/status")[2])
            if status["counts"]["documents"] == held["documents"] + len(written):
                break
            time.sleep(1)
        report["served_documents"] = status["counts"]["documents"]
        report["generations"] = status["generation"]
    with Store(db, read_only=True) as store:
        counts = store.counts()
        distinct = store.sql("SELECT count(DISTINCT id) FROM documents").fetchone()[0]
    report |= {
        "written_documents": len(written),
        "documents_after": counts["documents"],
        "lost_or_duplicated": (held["documents"] + len(written) - counts["documents"])
        + (counts["documents"] - distinct),
        "errors": len(errors),
        "error_examples": errors[:5],
        "computing_answers": len(results.pop("computing", [])),
        "endpoints": {
            name: {
                "requests": len(v),
                "median_ms": round(statistics.median(v) * 1000),
                "p95_ms": round(percentile(v, 95) * 1000),
            }
            for name, v in sorted(results.items())
        },
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--every", type=float, default=10, help="seconds between the writer's batches")
    parser.add_argument("--batch", type=int, default=20, help="documents per batch")
    parser.add_argument("--think", type=float, default=1.0, help="a client's mean pause between requests (s)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        report = run(
            args.events,
            args.actors,
            args.clients,
            args.seconds,
            args.every,
            args.batch,
            args.think,
            Path(folder),
        )
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if report["errors"] or report["lost_or_duplicated"]:
        raise SystemExit("errors, or documents lost or duplicated")


if __name__ == "__main__":
    main()
