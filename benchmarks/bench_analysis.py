"""Time the analysis stage (network, blocs, brokers) on synthetic, seeded event sets.

Each synthetic system has ``actors`` actors in three planted camps; every event picks a source
and a target (active actors more often, so ties are skewed as in the press) and is cooperative
with probability 0.8 inside a camp and 0.2 across. About 66 events per actor: 20,000 events for
300 actors, about 13,000 directed ties.

    PYTHONPATH=src python benchmarks/bench_analysis.py                  # 50, 100, 300 actors
    PYTHONPATH=src python benchmarks/bench_analysis.py --actors 300 --events 20000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from multipolar.analyse import broker_scores, build_network, find_blocs
from multipolar.document import Event

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MODALITIES = ("asserted", "asserted", "asserted", "reported", "future", "hedged")


def synthetic_events(actors: int, events: int, *, camps: int = 3, seed: int = 0) -> list[Event]:
    """*events* seeded random events among *actors* actors split into *camps* planted camps."""
    rng = random.Random(seed)
    ids = [f"A{i:04d}" for i in range(actors)]
    camp = {a: i % camps for i, a in enumerate(ids)}
    activity = [1 / (rank + 1) ** 0.6 for rank in range(actors)]
    out = []
    for n in range(events):
        source, target = rng.choices(ids, activity, k=2)
        if source == target:
            continue
        cooperative = rng.random() < (0.8 if camp[source] == camp[target] else 0.2)
        quad = QUADS[(0 if cooperative else 2) + (rng.random() < 0.3)]
        out.append(
            Event(
                doc=f"d{n // 10}",
                sentence="",
                start=n,
                end=n + 1,
                source=source,
                target=target,
                type="CONSULT" if cooperative else "ACCUSE",
                quad=quad,
                polarity=1 if cooperative else -1,
                modality=rng.choice(MODALITIES),
                date=f"2020-{1 + n % 12:02d}-01",
            )
        )
    return out


def bench(actors: int, events: int, seed: int = 0) -> dict:
    """Seconds to build the network, find its blocs and score its brokers."""
    data = synthetic_events(actors, events, seed=seed)
    started = time.perf_counter()
    graph = build_network(data)
    built = time.perf_counter()
    blocs = find_blocs(graph, seed=seed)
    found = time.perf_counter()
    scores = broker_scores(graph, blocs, seed=seed)
    done = time.perf_counter()
    return {
        "actors": actors,
        "events": len(data),
        "ties": graph.number_of_edges(),
        "network_s": round(built - started, 3),
        "blocs_s": round(found - built, 3),
        "brokers_s": round(done - found, 3),
        "total_s": round(done - started, 3),
        "normalised_frustration": round(blocs.normalised, 4),
        "top_brokers": [s.actor for s in scores[:5]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="*", default=[50, 100, 300])
    parser.add_argument("--events", type=int, default=None, help="default: 66 per actor")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    rows = []
    print(f"{'actors':>6} {'events':>7} {'ties':>6} {'network':>8} {'blocs':>7} {'brokers':>8} {'total':>7}")
    for actors in args.actors:
        row = bench(actors, args.events or round(actors * 200 / 3), args.seed)
        rows.append(row)
        print(
            f"{row['actors']:>6} {row['events']:>7} {row['ties']:>6} {row['network_s']:>7.2f}s "
            f"{row['blocs_s']:>6.2f}s {row['brokers_s']:>7.2f}s {row['total_s']:>6.2f}s",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
