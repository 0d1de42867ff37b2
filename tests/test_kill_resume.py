"""SIGKILL an ingest with two workers at random moments, into either store, and resume (issue 19).

The command line runs as users run it, with small batches (a DuckDB transaction every few
documents, a Parquet batch every few) so that kills land before, between and inside many writes.
After each kill the workers must end by themselves without a word (nothing on stderr, no process
left), the store must open and hold only whole documents, and the final rerun must reach exactly
the tables of a clean run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from hostile.corpus import kill_corpus
from multipolar.store import open_store

SRC = str(Path(__file__).resolve().parents[1] / "src")
DOCUMENTS = 40
KILLS = 4
# The real command line, with batches small enough for many commits in a short run.
SMALL_BATCHES = (
    "import sys; import multipolar.corpus as c, multipolar.store.parquet_store as p; "
    "c.BatchWriter.documents, c.BatchWriter.seconds, p.FLUSH_DOCUMENTS = 4, 0.2, 4; "
    "sys.argv[0] = 'multipolar'; from multipolar.__main__ import main; main()"
)


def ingest(texts: Path, store: Path, kind: str) -> subprocess.Popen:
    where = ["--db", str(store)] if kind == "duckdb" else ["--store", str(store)]
    return subprocess.Popen(
        [sys.executable, "-c", SMALL_BATCHES, "ingest", str(texts), *where, "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )


def wait_for_commits(process: subprocess.Popen, store: Path, commits: int) -> None:
    """Return once *commits* writes have reached *store* (or the run has ended): a DuckDB file's
    write-ahead log changes size, a Parquet store gains a documents file (a batch's commit)."""

    def state() -> object:
        if store.suffix == ".duckdb":
            wal = Path(f"{store}.wal")
            return wal.stat().st_size if wal.exists() else -1
        return len(list(store.glob("documents/*/*.parquet")))

    seen, last = 0, state()
    while process.poll() is None and seen < commits:
        time.sleep(0.005)
        now = state()
        seen, last = seen + (now != last), now


def tables(store: Path) -> dict[str, list[tuple]]:
    """Every row of every table (``ingested_at`` left out), sorted; a mention or event of a
    document that is not stored, or an event naming an actor that is not, fails here."""
    with open_store(store, parquet=store.suffix != ".duckdb") as opened:
        con = opened.con
        for table in ("mentions", "events"):
            orphans = con.execute(f"SELECT count(*) FROM {table} WHERE doc NOT IN (SELECT id FROM documents)")
            assert orphans.fetchone()[0] == 0, f"{table} of a document that is not stored"
        unknown = con.execute(
            "SELECT count(*) FROM events WHERE source NOT IN (SELECT id FROM actors) "
            "OR target NOT IN (SELECT id FROM actors)"
        )
        assert unknown.fetchone()[0] == 0, "events name actors that are not stored"
        found = {}
        for table in ("documents", "actors", "mentions", "events"):
            columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()]
            keep = ", ".join(f'"{c}"' for c in columns if c != "ingested_at")
            found[table] = sorted(con.execute(f"SELECT {keep} FROM {table}").fetchall(), key=repr)
    return found


def whole_documents(stored: dict[str, list[tuple]], reference: dict[str, list[tuple]]) -> None:
    """Each stored document has exactly its rows of the clean run: no more, no fewer."""
    docs = {row[0] for row in stored["documents"]}
    assert set(stored["documents"]) <= set(reference["documents"])
    for table in ("mentions", "events"):  # the document is the first column of both
        assert stored[table] == [row for row in reference[table] if row[0] in docs], table
    assert {row[0] for row in stored["actors"]} <= {row[0] for row in reference["actors"]}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["duckdb", "parquet"])
def test_killed_ingests_end_quietly_and_resume_to_the_clean_tables(tmp_path: Path, kind: str) -> None:
    texts = kill_corpus(tmp_path / "texts", DOCUMENTS)
    name = "{}.duckdb" if kind == "duckdb" else "{}"
    clean_store = tmp_path / name.format("clean")
    clean = ingest(texts, clean_store, kind)
    _, err = clean.communicate(timeout=600)
    assert clean.returncode == 0, err
    reference = tables(clean_store)
    assert len(reference["documents"]) == DOCUMENTS

    store = tmp_path / name.format("killed")
    rng = random.Random(f"{kind}-19")
    partial = 0
    for kill in range(KILLS):
        process = ingest(texts, store, kind)
        if kill == 0:  # while the workers start
            time.sleep(rng.uniform(0.2, 1.5))
        else:  # after a commit or two, between writes or inside one
            wait_for_commits(process, store, rng.randint(1, 2))
            time.sleep(rng.uniform(0.0, 0.3))
        workers = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)  # stderr closes when every worker has gone
        assert process.returncode in (0, -signal.SIGKILL), err
        assert err == "", f"a worker spoke after its parent died: {err}"
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, f"workers left behind: {alive}"
        if store.exists():
            stored = tables(store)
            whole_documents(stored, reference)
            partial += 0 < len(stored["documents"]) < DOCUMENTS
    assert partial, "no kill fell between the first and the last write"

    rerun = ingest(texts, store, kind)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert tables(store) == reference
