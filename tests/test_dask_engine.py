"""A real dask.distributed LocalCluster with two worker processes: same events as the local engine,
and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.test_ingest_workers import generated_corpus

from multipolar.cli.corpus import demo_files
from multipolar.corpus import ingest
from multipolar.engines import DaskEngine
from multipolar.read import read_paths
from multipolar.store import Store, open_store
from multipolar.store.parquet_store import ParquetStore

pytestmark = pytest.mark.slow
SRC = str(Path(__file__).resolve().parents[1] / "src")


def event_set(store) -> list[dict]:
    return sorted((e.to_dict() for e in store.events()), key=lambda e: e["id"])


def write_dump(path: Path, sources: list[Path]) -> Path:
    """A gzipped JSON lines news dump of the documents under *sources*, one per row."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n, doc in enumerate(read_paths(sources)):
            row = {"id": f"n{n}", "date": doc.date.isoformat() if doc.date else "", "title": doc.title}
            out.write(json.dumps({**row, "text": doc.text, "outlet": "demo"}) + "\n")
    return path


def test_the_dask_cli_gives_the_local_engine_s_events_and_blocs(tmp_path: Path, pipeline) -> None:
    dump = write_dump(tmp_path / "news.jsonl.gz", [demo_files()])
    env = {**os.environ, "PYTHONPATH": SRC}
    run = [sys.executable, "-m", "multipolar"]
    ingested = subprocess.run(
        [
            *run,
            "ingest",
            str(dump),
            "--engine",
            "dask",
            "--workers",
            "2",
            "--store",
            str(tmp_path / "corpus"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert ingested.returncode == 0, ingested.stderr
    assert "ingested 8 new document(s)" in ingested.stdout
    blocs = subprocess.run(
        [*run, "blocs", "--store", str(tmp_path / "corpus"), "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert blocs.returncode == 0, blocs.stderr
    assert len(json.loads(blocs.stdout)["blocs"]) >= 2

    with Store(tmp_path / "local.duckdb") as local:
        ingest([dump], local, pipeline=pipeline)
    with Store(tmp_path / "local.duckdb", read_only=True) as local, open_store(tmp_path / "corpus") as remote:
        assert event_set(remote) == event_set(local) and len(event_set(local)) > 100
        assert {d["meta"]["outlet"] for d in remote.documents()} == {"demo"}


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path, pipeline) -> None:
    generated_corpus(tmp_path / "corpus", 40)
    killed: list[int] = []
    with DaskEngine(workers=2) as engine:
        client = engine.start()

        def kill_one_worker(_document) -> None:
            if not killed:  # after the first result, while other batches are being processed
                pid = next(iter(client.run(os.getpid).values()))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        with ParquetStore(tmp_path / "store", read_only=False) as store:
            report = ingest([tmp_path / "corpus"], store, engine=engine, progress=kill_one_worker)
    assert killed and report.added == 40 and not report.errors
    with Store(tmp_path / "local.duckdb") as local:
        ingest([tmp_path / "corpus"], local, pipeline=pipeline)
    with open_store(tmp_path / "store") as store, Store(tmp_path / "local.duckdb", read_only=True) as local:
        paths = [d["path"] for d in store.documents()]
        assert len(paths) == len(set(paths)) == 40
        assert event_set(store) == event_set(local)
