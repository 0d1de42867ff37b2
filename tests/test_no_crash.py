"""No text may crash the coder: every article and sentence of every set in ../shared/benchmarks (and
the seed article) goes through the whole pipeline, and any exception fails the test, naming the text.

The sets are real prose nobody here wrote (a deeply nested parse once sent the actor walk round a
pronoun and its antecedent until Python's recursion limit). Skipped where ../shared is absent: the
repository must not contain those texts. Slow (about half a minute), but part of the default run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from multipolar.document import Document
from multipolar.pipeline import Failure
from multipolar.read import read_document

REPO = Path(__file__).resolve().parents[1]
# ../shared beside a clone, or two levels up from a worktree under wt/
SHARED = next((p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()), None)
BENCHMARKS = SHARED / "benchmarks" if SHARED else None

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BENCHMARKS is None or not BENCHMARKS.is_dir(), reason="needs ../shared/benchmarks"),
]


def article_folders() -> list[Path]:
    """Every folder of whole articles: the reader-relations and incidents sets, and the seeds."""
    assert BENCHMARKS is not None and SHARED is not None
    return [d for d in (*BENCHMARKS.glob("*/docs"), SHARED / "seeds") if d.is_dir()]


def articles() -> Iterator[Document]:
    for folder in article_folders():
        for path in sorted(folder.glob("*.txt")):
            yield read_document(path)


def sentences() -> Iterator[Document]:
    """Every sentence of the sentence sets (ConfliBERT's CAMEO lines, the PLOVER gold standard)."""
    assert BENCHMARKS is not None
    for path in sorted(BENCHMARKS.glob("*/*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                yield Document(text=record["text"], path=f"{path.name}:{number}")
    for path in sorted(BENCHMARKS.glob("*/*.json")):
        records = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(records, list):
            for record in records:
                if isinstance(record, dict) and record.get("text"):
                    yield Document(text=record["text"], path=f"{path.name}:{record.get('id', '')}")


def test_the_benchmark_sets_are_found():
    """Guards the test below against passing on nothing: the known sets are where it looks."""
    names = {p.name if p.name == "seeds" else p.parent.name for p in article_folders()}
    assert {"reader-relations", "incidents", "seeds"} <= names
    assert sum(1 for _ in sentences()) > 1000


def test_every_benchmark_text_goes_through_the_pipeline(pipeline):
    texts = [*articles(), *sentences()]
    failures = [o for o in pipeline.pipe_safely(texts) if isinstance(o, Failure)]
    assert not failures, "\n".join(str(f) for f in failures)
