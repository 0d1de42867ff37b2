"""Benchmark: what the full extraction costs over spaCy's own parse, memory while streaming, and workers.

Measures, on one synthetic corpus and in one run (so the ratios are fair on a busy machine):

(a) ``nlp.pipe`` alone: spaCy's parse with the same model the pipeline uses;
(b) ``Pipeline.pipe``: parse + actor resolution + event coding, streaming the same documents;
(c) ``process_parallel`` with 1 and with N worker processes on a subset.

It prints sentences/second, the cost ratio (b)/(a), resident memory at 10%, 50% and 100% of the
streaming run (flat memory means the stream holds no per-document state), and the speed-up of N
workers over one. Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_extract.py               # 2,000 documents, quick
    PYTHONPATH=src python benchmarks/bench_extract.py --docs 10000  # the full memory check
    PYTHONPATH=src python benchmarks/bench_extract.py --source my/folder --workers 4

The corpus is generated from the demo texts (or ``--source``): each document is a random draw of
their sentences in which the states they name are swapped for other registered states, so no two
documents are alike. Documents are generated lazily, so the corpus itself takes no memory.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from multipolar.document import Document
from multipolar.engines import process_parallel
from multipolar.pipeline import Pipeline
from multipolar.read import read_paths

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def demo_folder() -> Path:
    return Path(str(resources.files("multipolar") / "data" / "demo"))


def sentence_pool(source: Path) -> list[str]:
    """Every sentence of every readable file under *source* (a rough split is enough here)."""
    pool = []
    for document in read_paths([source], errors=[]):
        for paragraph in document.text.split("\n"):
            pool.extend(s.strip() for s in SENTENCE_END.split(paragraph) if len(s.split()) >= 5)
    if not pool:
        raise SystemExit(f"no sentences found under {source}")
    return pool


def state_names(pipeline: Pipeline, pool: list[str]) -> list[str]:
    """Names of registered states that occur in the pool: the names we swap between documents."""
    text = " ".join(pool)
    names = {a.name for a in pipeline.registry if a.type == "state" and " " not in a.name}
    return sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text))


def synthetic_corpus(pool: list[str], names: list[str], count: int, seed: int = 7) -> Iterator[Document]:
    """*count* documents of 6-14 pool sentences each, with state names permuted per document."""
    rng = random.Random(seed)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None
    for i in range(count):
        text = " ".join(rng.sample(pool, min(len(pool), rng.randint(6, 14))))
        if pattern:
            swap = dict(zip(names, rng.sample(names, len(names)), strict=True))
            text = pattern.sub(lambda m, swap=swap: swap[m.group(0)], text)
        yield Document(text=text, id=f"bench-{i:06d}")


def rss_mib() -> float:
    """Current resident set size of this process (Linux /proc; falls back to the peak)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed_stream(stream: Iterator, total: int, count_sentences) -> dict:
    """Consume *stream*, noting time, sentences and RSS at 10%, 50% and 100% of *total*."""
    marks = {max(1, total // 10): "rss_10", max(1, total // 2): "rss_50", total: "rss_100"}
    result: dict = {"docs": 0, "sentences": 0, "rss_max": rss_mib()}
    start = time.perf_counter()
    for item in stream:
        result["docs"] += 1
        result["sentences"] += count_sentences(item)
        if result["docs"] % 50 == 0 or result["docs"] in marks:
            current = rss_mib()
            result["rss_max"] = max(result["rss_max"], current)
            if result["docs"] in marks:
                result[marks[result["docs"]]] = round(current, 1)
    result["seconds"] = time.perf_counter() - start
    result["sentences_per_s"] = result["sentences"] / result["seconds"] if result["seconds"] else 0.0
    result["rss_max"] = round(result["rss_max"], 1)
    return result


def parallel_seconds(documents: list[Document], workers: int) -> float:
    start = time.perf_counter()
    for _ in process_parallel(iter(documents), workers):
        pass
    return time.perf_counter() - start


def run_benchmark(
    docs: int = 2000, source: Path | None = None, workers: int = 2, parallel_docs: int = 400, seed: int = 7
) -> dict:
    """All measurements as one dict (see the module docstring)."""
    pipeline = Pipeline.default()
    pool = sentence_pool(source or demo_folder())
    names = state_names(pipeline, pool)
    warm = list(synthetic_corpus(pool, names, 8, seed + 1))
    list(pipeline.pipe(warm))  # load lazily built tables before timing anything

    def corpus(n: int) -> Iterator[Document]:
        return synthetic_corpus(pool, names, n, seed)

    texts = (d.text for d in corpus(docs))
    parse = timed_stream(pipeline.nlp.pipe(texts, batch_size=16), docs, lambda doc: sum(1 for _ in doc.sents))
    full = timed_stream(pipeline.pipe(corpus(docs)), docs, lambda d: len(d.sentences))
    events = sum(len(d.events) for d in pipeline.pipe(corpus(min(docs, 200))))
    result = {
        "docs": docs,
        "pool_sentences": len(pool),
        "swapped_states": len(names),
        "parse": parse,
        "full": full,
        "events_per_doc": round(events / min(docs, 200), 2),
        "cost_ratio": round(full["seconds"] / parse["seconds"], 2) if parse["seconds"] else None,
        "peak_rss": round(peak_rss_mib(), 1),
    }
    if workers > 1:
        subset = list(corpus(min(parallel_docs, docs)))
        one = parallel_seconds(subset, 1)
        many = parallel_seconds(subset, workers)
        result["parallel"] = {
            "docs": len(subset),
            "workers": workers,
            "seconds_1": round(one, 2),
            f"seconds_{workers}": round(many, 2),
            "speedup": round(one / many, 2),
        }
    return result


def table(result: dict) -> str:
    parse, full = result["parse"], result["full"]
    lines = [
        f"corpus: {result['docs']} documents, {parse['sentences']} sentences "
        f"(from {result['pool_sentences']} source sentences, {result['swapped_states']} states swapped)",
        "",
        f"{'run':<28}{'sent/s':>10}{'seconds':>10}{'RSS 10%':>10}{'RSS 50%':>10}{'RSS 100%':>10}",
    ]
    for label, run in (("(a) spaCy nlp.pipe only", parse), ("(b) full Pipeline.pipe", full)):
        lines.append(
            f"{label:<28}{run['sentences_per_s']:>10.1f}{run['seconds']:>10.1f}"
            f"{run['rss_10']:>10.1f}{run['rss_50']:>10.1f}{run['rss_100']:>10.1f}"
        )
    lines += [
        "",
        f"cost ratio (b)/(a): {result['cost_ratio']:.2f}x   (target <= 1.5x)",
        f"memory while streaming (b): {full['rss_10']:.0f} -> {full['rss_50']:.0f} -> "
        f"{full['rss_100']:.0f} MiB (growth 10%->100%: {full['rss_100'] - full['rss_10']:+.1f} MiB); "
        f"peak RSS {result['peak_rss']:.0f} MiB",
        f"events per document: {result['events_per_doc']}",
    ]
    if "parallel" in result:
        p = result["parallel"]
        n = p["workers"]
        lines.append(
            f"process_parallel on {p['docs']} docs: 1 worker {p['seconds_1']:.1f}s, {n} workers "
            f"{p[f'seconds_{n}']:.1f}s -> speed-up {p['speedup']:.2f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to stream (default 2000)")
    parser.add_argument("--source", type=Path, help="folder of texts to recombine (default: the demo texts)")
    parser.add_argument("--workers", type=int, default=2, help="workers for the parallel run; 1 skips it")
    parser.add_argument("--parallel-docs", type=int, default=400, help="documents for the parallel run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    if args.source and not args.source.exists():
        parser.error(f"--source {args.source}: no such folder")
    result = run_benchmark(args.docs, args.source, args.workers, args.parallel_docs, args.seed)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
