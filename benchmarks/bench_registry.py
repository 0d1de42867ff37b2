"""Benchmark: how long the actor registry and the resolver take to load at a command's start.

Measures, in one run (so the ratio is fair on a busy machine), the median of ``--repeat`` loads of

(a) ``Registry.load()`` and ``Resolver(registry, nlp)`` with the disk cache off (``MULTIPOLAR_CACHE=off``):
    every TSV row read and every name spelling tokenised, as on the first start after a change;
(b) the same with a warm cache (a fresh cache folder, filled by one load before timing).

It prints both and the ratio (a)/(b). Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_registry.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

from multipolar.nlp import load_nlp
from multipolar.resolve import Registry, Resolver


def timed(repeat: int, load: Callable[[], object]) -> float:
    """Median seconds of *repeat* calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_benchmark(repeat: int = 7) -> dict[str, float]:
    nlp = load_nlp()
    nlp("warm up")
    previous = os.environ.get("MULTIPOLAR_CACHE")
    result: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for label, setting in (("uncached", "off"), ("cached", folder)):
                os.environ["MULTIPOLAR_CACHE"] = setting
                Resolver(Registry.load(), nlp)  # fills the cache (or does nothing when it is off)
                result[f"{label}_registry"] = timed(repeat, Registry.load)
                registry = Registry.load()
                result[f"{label}_resolver"] = timed(repeat, lambda r=registry: Resolver(r, nlp))
        result["actors"] = len(registry)
        result["offices"] = len(registry.offices)
    finally:
        if previous is None:
            os.environ.pop("MULTIPOLAR_CACHE", None)
        else:
            os.environ["MULTIPOLAR_CACHE"] = previous
    total = result["uncached_registry"] + result["uncached_resolver"]
    result["ratio"] = total / (result["cached_registry"] + result["cached_resolver"])
    return result


def table(r: dict[str, float]) -> str:
    return "\n".join(
        [
            f"registry: {r['actors']:.0f} actors, {r['offices']:.0f} offices",
            f"(a) no cache:   registry {r['uncached_registry'] * 1000:7.0f} ms, "
            f"resolver {r['uncached_resolver'] * 1000:7.0f} ms",
            f"(b) warm cache: registry {r['cached_registry'] * 1000:7.0f} ms, "
            f"resolver {r['cached_resolver'] * 1000:7.0f} ms",
            f"start-up ratio (a)/(b): {r['ratio']:.1f}x",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    print(table(run_benchmark(parser.parse_args().repeat)))


if __name__ == "__main__":
    main()
