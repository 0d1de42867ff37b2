"""Ingest at size and under stress: --workers on a real folder, Ctrl-C, and bad files among good ones."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from multipolar.cli import app

SRC = str(Path(__file__).resolve().parents[1] / "src")
STATES = ["Turkey", "Greece", "Russia", "France", "Egypt", "Italy", "Qatar", "Iran", "Israel", "Sudan"]
VERBS = ["condemned", "praised", "criticised", "met", "threatened", "supported"]
INTERRUPTED = 1000  # documents of the interrupted ingest: enough to be mid-run two seconds in
runner = CliRunner()


def generated_corpus(folder: Path, count: int) -> list[str]:
    """*count* distinct short articles (the number makes each text unique); their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for n in range(count):
        a, b = STATES[n % len(STATES)], STATES[(n * 7 + 3) % len(STATES)]
        if a == b:
            b = STATES[(n + 1) % len(STATES)]
        text = (
            f"Title: Dispatch {n}\nDate: 2020-{1 + n % 12:02d}-{1 + n % 28:02d}\n\n"
            f"{a} {VERBS[n % len(VERBS)]} {b} on Monday over incident number {n}. "
            f"Officials in {b} said talks with {a} would continue.\n"
        )
        name = f"doc-{n:04d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    return names


def cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "multipolar", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        **kwargs,
    )


def stored_paths(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT path FROM documents").fetchall()]


@pytest.mark.slow
def test_two_workers_store_each_of_200_documents_exactly_once(tmp_path: Path) -> None:
    names = generated_corpus(tmp_path / "corpus", 200)
    db = tmp_path / "w.duckdb"
    process = cli("ingest", str(tmp_path / "corpus"), "--db", str(db), "--workers", "2")
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err
    assert "ingested 200 new document(s)" in out
    paths = stored_paths(db)
    assert sorted(Path(p).name for p in paths) == names  # every one, none twice
    with duckdb.connect(str(db), read_only=True) as con:
        orphans = con.execute("SELECT count(*) FROM events WHERE doc NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0
    again = cli("ingest", str(tmp_path / "corpus"), "--db", str(db), "--workers", "2")
    out, _ = again.communicate(timeout=600)
    assert "ingested 0 new document(s)" in out and "200 already stored" in out


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_gives_one_line_exit_130_and_keeps_whole_documents(tmp_path: Path, workers: str) -> None:
    generated_corpus(tmp_path / "corpus", INTERRUPTED)
    db = tmp_path / "i.duckdb"
    # A terminal's Ctrl-C signals the whole foreground process group: the CLI and its workers.
    process = cli(
        "ingest", str(tmp_path / "corpus"), "--db", str(db), "--workers", workers, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (db.exists() and db.stat().st_size > 0):
        time.sleep(0.2)
    time.sleep(2)  # into the run: workers starting or documents flowing (any moment must do)
    os.killpg(process.pid, signal.SIGINT)
    sent = time.monotonic()
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - sent < 30, "did not exit promptly"
    assert process.returncode != 0, "finished before the signal: give it more documents"
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].endswith("interrupted")
    assert len(err.strip().splitlines()) == 1
    # Whatever was stored is whole: a rerun completes to the totals of a clean run.
    stored = len(stored_paths(db))
    rerun = cli("ingest", str(tmp_path / "corpus"), "--db", str(db))
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert f"{stored} already stored" in out
    assert len(stored_paths(db)) == INTERRUPTED


def test_one_bad_file_is_skipped_with_its_name_and_the_rest_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multipolar.read.readers as readers

    folder = tmp_path / "mixed"
    generated_corpus(folder, 2)
    (folder / "bad-date.md").write_text("---\ntitle: X\ndate: 2019-13-45\n---\nTurkey met Greece.\n")
    (folder / "big.txt").write_text("Turkey met Greece. " * 100)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "empty.txt").write_text("   \n")
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    db = tmp_path / "m.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    assert "ingested 2 new document(s)" in result.stdout and "4 unreadable" in result.stdout
    for name, reason in [
        ("bad-date.md", "impossible value"),
        ("big.txt", "limit"),
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
    ]:
        line = next((x for x in result.stderr.splitlines() if name in x), "")
        assert reason in line, (name, result.stderr)
    assert sorted(Path(p).name for p in stored_paths(db)) == ["doc-0000.txt", "doc-0001.txt"]


def test_workers_are_bounded(tmp_path: Path) -> None:
    generated_corpus(tmp_path / "c", 1)
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "c"), "--db", str(tmp_path / "x.duckdb"), "-w", "1000"]
    )
    assert result.exit_code == 1 and "--workers 1000" in result.stderr
