"""Kill an ingest at random moments (SIGKILL and SIGINT, several seeds), through the real command
line: the database must open after each kill, hold only whole documents (each with all its
events and mentions), and a rerun must complete to the same totals as a clean run (issue 13)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile.corpus import kill_corpus
from multipolar.store import Store

SRC = str(Path(__file__).resolve().parents[1] / "src")
DOCUMENTS = 16
# (seed, signal): the seed draws how many commits to let through (0: kill while the pipeline
# loads) and how long after the last one to strike, so kills land while loading, parsing and
# storing, and sometimes inside a document's transaction.
KILLS = (
    (11, signal.SIGKILL),
    (12, signal.SIGINT),
    (13, signal.SIGKILL),
    (14, signal.SIGINT),
    (15, signal.SIGKILL),
)


def strike(process: subprocess.Popen, db: Path, seed: int, sig: signal.Signals) -> None:
    """Send *sig* after a number of commits drawn from *seed* (seen as the write-ahead log
    changing size), plus a random pause; nothing if the run ends first."""
    rng = random.Random(seed)
    commits, pause = rng.randint(0, 4), rng.uniform(0.0, 0.4)
    if commits == 0:
        pause = rng.uniform(0.3, 3.0)
    wal = Path(f"{db}.wal")
    last, seen = -1, 0
    while process.poll() is None and seen < commits:
        size = wal.stat().st_size if wal.exists() else -1
        if size != last:
            seen, last = seen + (size > last), size
        time.sleep(0.005)
    time.sleep(pause)
    if process.poll() is None:
        process.send_signal(sig)


def ingest(texts: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "multipolar", "ingest", str(texts), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )


def contents(db: Path) -> dict[str, tuple[frozenset[str], int]]:
    """Per stored document: its event ids and its number of mentions; orphans are a failure."""
    with Store(db, read_only=True) as store:
        con = store.con
        docs = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
        events: dict[str, set[str]] = {d: set() for d in docs}
        for doc, event in con.execute("SELECT doc, id FROM events").fetchall():
            assert doc in docs, f"event {event} of a document that is not stored"
            events[doc].add(event)
        mentions = dict.fromkeys(docs, 0)
        for doc, n in con.execute("SELECT doc, count(*) FROM mentions GROUP BY doc").fetchall():
            assert doc in docs, f"mentions of a document that is not stored: {doc}"
            mentions[doc] = n
        actors = {r[0] for r in con.execute("SELECT id FROM actors").fetchall()}
        used = {a for r in con.execute("SELECT source, target FROM events").fetchall() for a in r if a}
        assert used <= actors, f"events name actors that are not stored: {used - actors}"
    return {d: (frozenset(events[d]), mentions[d]) for d in docs}


@pytest.mark.slow
def test_killed_ingests_keep_whole_documents_and_resume_to_a_clean_run(tmp_path: Path) -> None:
    texts = kill_corpus(tmp_path / "texts", DOCUMENTS)
    clean_db = tmp_path / "clean.duckdb"
    clean = ingest(texts, clean_db)
    _, err = clean.communicate(timeout=600)
    assert clean.returncode == 0, err
    reference = contents(clean_db)
    assert len(reference) == DOCUMENTS

    db = tmp_path / "killed.duckdb"
    for seed, sig in KILLS:
        process = ingest(texts, db)
        strike(process, db, seed, sig)
        _, err = process.communicate(timeout=600)
        if sig == signal.SIGINT and process.returncode != 0:
            assert process.returncode == 130, err
            assert err.strip().splitlines() == ["multipolar: interrupted"], err
        elif sig == signal.SIGKILL:
            assert process.returncode in (0, -signal.SIGKILL), err
        if not db.exists():
            continue  # killed before the store was created
        stored = contents(db)
        for doc, content in stored.items():
            assert content == reference[doc], f"seed {seed}: document {doc} stored in part"

    rerun = ingest(texts, db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert contents(db) == reference
    with Store(db, read_only=True) as resumed, Store(clean_db, read_only=True) as fresh:
        assert resumed.counts() == fresh.counts()
