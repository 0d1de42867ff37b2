"""Failures read as one line: damaged or busy databases, a full disk, Ctrl-C, bugs; implausible
dates are refused with their reason (issue 13, items 5, 6, 8 and 9)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

import multipolar.cli
from hostile.corpus import BAD_DATES, DATED_WELL, damaged_copies, kill_corpus
from multipolar.__main__ import main
from multipolar.cli import app
from multipolar.cli.common import friendly
from multipolar.errors import describe
from multipolar.store import Store, StoreError
from multipolar.validate import EARLIEST, DayError, latest, plausible_day

runner = CliRunner()
SRC = str(Path(__file__).resolve().parents[1] / "src")


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The real entry point in a subprocess, as a user runs it."""
    environment = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    environment.pop("MULTIPOLAR_DEBUG", None) if not env or "MULTIPOLAR_DEBUG" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "multipolar", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


def one_line_error(output: str, *phrases: str) -> None:
    assert "Traceback" not in output, output
    lines = [line for line in output.strip().splitlines() if line.startswith("multipolar: ")]
    assert len(lines) == 1, output
    for phrase in phrases:
        assert phrase in lines[0], output


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    db = folder / "good.duckdb"
    result = runner.invoke(app, ["ingest", str(kill_corpus(folder / "texts", 3)), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


# -- describe: one line per cause -----------------------------------------------------------------


def test_describe_names_the_cause() -> None:
    assert describe(OSError(errno.ENOSPC, "No space left on device", "/d/x.duckdb")) == (
        "/d/x.duckdb: no space left on device"
    )
    assert describe(KeyboardInterrupt()) == "interrupted"
    lock = duckdb.IOException(
        'IO Error: Could not set lock on file "/d/x.duckdb": Conflicting lock is held in python (PID 42).'
    )
    assert describe(lock) == (
        "/d/x.duckdb: database is in use by another process (PID 42); close it and try again"
    )
    full = duckdb.TransactionException(
        'TransactionContext Error: Failed to commit: Could not write file "/d/x.duckdb.wal": '
        "No space left on device"
    )
    assert describe(full) == "/d/x.duckdb.wal: no space left on device"
    parquet = duckdb.InvalidInputException(
        "Invalid Input Error: File '/s/a.parquet' too small to be a Parquet file"
    )
    assert describe(parquet) == "/s/a.parquet: a damaged or foreign Parquet file", describe(parquet)
    assert describe(RuntimeError("boom\nsecond line")) == "RuntimeError: boom"


# -- damaged and busy databases -------------------------------------------------------------------

READERS = [
    ["events"],
    ["documents"],
    ["actors"],
    ["network"],
    ["blocs"],
    ["brokers"],
    ["timeline", "--actor", "TUR"],
    ["export", "-f", "plover-json"],
    ["report", "--out", "{tmp}/r.html"],
]


@pytest.mark.parametrize("command", READERS + [["ingest", "{texts}"]], ids=lambda c: c[0])
def test_damaged_database_is_one_line_for_every_command(good_db: Path, tmp_path: Path, command) -> None:
    texts = kill_corpus(tmp_path / "texts", 1)
    for name, broken in damaged_copies(good_db, tmp_path / "broken").items():
        before = broken.read_bytes()
        args = [a.format(tmp=tmp_path, texts=texts) for a in command]
        result = runner.invoke(app, [*args, "--db", str(broken)])
        assert result.exit_code == 1, (name, result.output)
        one_line_error(result.output, str(broken))
        assert any(w in result.output for w in ("truncated", "damaged", "not a readable")), result.output
        assert broken.read_bytes() == before, f"{name}: a broken database was written to"


def test_foreign_files_are_named_and_never_fetch_code(tmp_path: Path) -> None:
    """A SQLite file handed over as the database: named as such, with no extension downloaded."""
    sqlite = tmp_path / "other.db"
    sqlite.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    for command in (["events"], ["ingest", str(kill_corpus(tmp_path / "t", 1))]):
        result = runner.invoke(app, [*command, "--db", str(sqlite)])
        assert result.exit_code == 1
        one_line_error(result.output, "a SQLite database, not a DuckDB one")
        assert "download" not in result.output and "extension" not in result.output


def test_truncated_database_is_refused_by_ingest(good_db: Path, tmp_path: Path) -> None:
    """A file cut short where only free blocks are lost still reads; ingest must refuse it."""
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(good_db.read_bytes()[:-1000])
    with pytest.raises(StoreError, match="truncated"):
        Store(cut)
    result = runner.invoke(app, ["ingest", str(kill_corpus(tmp_path / "t", 1)), "--db", str(cut)])
    assert result.exit_code == 1 and "truncated" in result.output


def test_cut_behind_free_blocks_is_truncated_and_free_space_is_not(good_db: Path, tmp_path: Path) -> None:
    """Blocks freed in the middle leave the file as long as before: losing the used block behind
    them is a truncation even though the blocks in use would still fit; the whole file opens."""
    db = tmp_path / "holes.duckdb"
    shutil.copy(good_db, db)
    con = duckdb.connect(str(db))
    rows = "AS SELECT range AS x, repeat('y', 50) AS s FROM range(300000)"
    for statement in (f"CREATE TABLE a {rows}", f"CREATE TABLE b {rows}", "DROP TABLE a"):
        con.execute(statement)
        con.execute("CHECKPOINT")
    block_size, free = con.execute("SELECT block_size, free_blocks FROM pragma_database_size()").fetchone()
    con.close()
    assert free >= 1
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM b").fetchone() == (300000,)
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(db.read_bytes()[:-block_size])
    before = cut.read_bytes()
    with pytest.raises(StoreError, match="truncated"):
        Store(cut, read_only=True)
    result = runner.invoke(app, ["ingest", str(kill_corpus(tmp_path / "t", 1)), "--db", str(cut)])
    assert result.exit_code == 1
    one_line_error(result.output, str(cut), "truncated")
    assert cut.read_bytes() == before


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    store = folder / "store"
    result = runner.invoke(app, ["ingest", str(kill_corpus(folder / "texts", 3)), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize(
    "damage",
    [lambda f: f.write_bytes(f.read_bytes()[:100]), lambda f: f.write_bytes(b"garbage" * 100)],
    ids=["truncated", "garbage"],
)
def test_damaged_parquet_file_is_named_by_every_command(good_store: Path, tmp_path: Path, damage) -> None:
    store = tmp_path / "store"
    shutil.copytree(good_store, store)
    broken = sorted((store / "events").rglob("*.parquet"))[0]
    damage(broken)
    before = {f: f.read_bytes() for f in store.rglob("*") if f.is_file()}
    texts = kill_corpus(tmp_path / "texts", 1)
    for command in (["events"], ["documents"], ["network"], ["ingest", str(texts)], ["store", "compact"]):
        result = runner.invoke(app, [*command, "--store", str(store)])
        assert result.exit_code == 1, (command, result.output)
        one_line_error(result.output, str(broken), "truncated", "store check")
    assert {f: f.read_bytes() for f in store.rglob("*") if f.is_file()} == before


def test_compact_never_makes_a_store_where_there_is_none(good_db: Path, tmp_path: Path) -> None:
    for target, says in (
        (tmp_path / "none", "no such Parquet store"),
        (good_db, "a file, not a Parquet store folder"),
    ):
        result = runner.invoke(app, ["store", "compact", "--store", str(target)])
        assert result.exit_code == 1
        one_line_error(result.output, str(target), says)
    assert not (tmp_path / "none").exists()


def test_database_in_a_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    texts = kill_corpus(tmp_path / "t", 1)
    for command, says in (
        (["events"], "no such database"),
        (["ingest", str(texts)], f"no such folder {missing}"),
    ):
        result = runner.invoke(app, [*command, "--db", str(missing / "x.duckdb")])
        assert result.exit_code == 1
        one_line_error(result.output, str(missing / "x.duckdb"), says)
    assert not missing.exists()


def test_database_locked_by_another_process(good_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    shutil.copy(good_db, db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"1"
        for command in (["events"], ["ingest", str(kill_corpus(tmp_path / "t", 1))]):
            result = runner.invoke(app, [*command, "--db", str(db)])
            assert result.exit_code == 1
            one_line_error(result.output, "in use by another process", f"PID {holder.pid}")
            assert "not a readable" not in result.output
    finally:
        holder.kill()
        holder.wait()


# -- a full disk ----------------------------------------------------------------------------------


class _FullDisk:
    """A DuckDB connection whose COMMIT fails as DuckDB's does when the disk is full."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con, self._path = con, path

    def execute(self, sql: str, *args):
        if sql.strip().upper() == "COMMIT":
            self._con.execute("ROLLBACK")  # DuckDB ends the transaction when its commit fails
            raise duckdb.TransactionException(
                f'TransactionContext Error: Failed to commit: Could not write file "{self._path}.wal": '
                "No space left on device"
            )
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def test_full_disk_while_storing_says_so_and_keeps_what_was_stored(tmp_path: Path, pipeline) -> None:
    from multipolar.read import read_document

    texts = sorted(kill_corpus(tmp_path / "texts", 2).iterdir())
    first, second = (pipeline.process(read_document(p)) for p in texts)
    db = tmp_path / "full.duckdb"
    with Store(db) as store:
        assert store.add(first)
        real = store.con
        store.con = _FullDisk(real, db)  # type: ignore[assignment]
        with pytest.raises(StoreError) as failure:
            store.add(second)
        message = str(failure.value)
        assert "no space left on device" in message and "rollback" not in message
        assert texts[1].name in message
        store.con = real
    with Store(db, read_only=True) as store:
        assert [d["id"] for d in store.documents()] == [first.id]
        assert store.counts()["events"] == len(first.events)


def _tmpfs_works() -> bool:
    if not shutil.which("unshare") or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _tmpfs_works(), reason="needs user namespaces to mount a small tmpfs")
def test_full_disk_black_box(tmp_path: Path) -> None:
    """Ingest onto a 64 KiB file system: "no space left", exit 1, the stored documents readable."""
    texts = kill_corpus(tmp_path / "texts", 40)
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} && "
        f"{sys.executable} -m multipolar ingest {texts} --db {disk}/full.duckdb; echo rc=$?; "
        f"{sys.executable} -m multipolar documents -f json --db {disk}/full.duckdb"
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=300,
    )
    one_line_error(result.stderr, "no space left on device")
    assert "rc=1" in result.stdout and "rollback" not in result.stderr
    stored = json.loads(result.stdout.split("rc=1", 1)[1])
    assert 0 < len(stored) < 40


# -- one top-level handler ------------------------------------------------------------------------


def test_unexpected_error_is_one_line_and_traceback_only_with_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("a bug\nwith a second line")

    monkeypatch.setattr(multipolar.cli, "app", broken)
    monkeypatch.setenv("MULTIPOLAR_DEBUG", "0")  # restored after the test (--debug sets it)
    with pytest.raises(SystemExit) as exit_:
        main(["events"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err == "multipolar: error: RuntimeError: a bug\n"
    with pytest.raises(SystemExit):
        main(["--debug", "events"])
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().endswith("multipolar: error: RuntimeError: a bug")


def test_ctrl_c_anywhere_is_interrupted_130(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def stopped(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(multipolar.cli, "app", stopped)
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", "x"])
    assert exit_.value.code == 130 and capsys.readouterr().err == "multipolar: interrupted\n"

    @friendly
    def command() -> None:
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as exit_:
        command()
    assert exit_.value.exit_code == 130


def test_debug_shows_the_traceback_of_a_command_error(good_db: Path, tmp_path: Path) -> None:
    broken = damaged_copies(good_db, tmp_path)["cut-in-half"]
    quiet = run_cli("events", "--db", str(broken))
    assert quiet.returncode == 1
    one_line_error(quiet.stderr, "truncated")
    for loud in (
        run_cli("events", "--db", str(broken), "--debug"),
        run_cli("events", "--db", str(broken), env={"MULTIPOLAR_DEBUG": "1"}),
    ):
        assert loud.returncode == 1 and "Traceback" in loud.stderr
        assert loud.stderr.strip().splitlines()[-1].startswith("multipolar: error:")


@pytest.mark.slow
def test_ctrl_c_during_ingest_with_one_worker(tmp_path: Path) -> None:
    """SIGINT while documents are being stored: one line, exit 130, whole documents kept."""
    texts = kill_corpus(tmp_path / "texts", 40)
    db = tmp_path / "stopped.duckdb"
    env = {**os.environ, "PYTHONPATH": SRC}
    process = subprocess.Popen(
        [sys.executable, "-m", "multipolar", "ingest", str(texts), "--db", str(db), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None and not _has_documents(db):
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the ingest finished before the signal arrived")
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["multipolar: interrupted"], err
    with Store(db, read_only=True) as store:
        counts = store.counts()
    assert 0 < counts["documents"] < 40


def _has_documents(db: Path) -> bool:
    """Whether a running ingest has committed a document (read through a copy: the file is locked)."""
    if not db.exists():
        return False
    copy = db.with_suffix(".peek")
    try:
        shutil.copy(db, copy)
        wal = Path(f"{db}.wal")
        if wal.exists():
            shutil.copy(wal, Path(f"{copy}.wal"))
        con = duckdb.connect(str(copy), read_only=True)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
        finally:
            con.close()
    except (duckdb.Error, OSError):
        return False


# -- dates as values ------------------------------------------------------------------------------


def test_plausible_day_range() -> None:
    today = date(2024, 2, 29)
    assert latest(today) == date(2025, 2, 28)
    assert plausible_day(EARLIEST) == EARLIEST
    assert plausible_day(date(2025, 2, 28), today) == date(2025, 2, 28)
    for day in (date(1899, 12, 31), date(2025, 3, 1), date(9999, 1, 1)):
        with pytest.raises(DayError, match="outside the plausible range"):
            plausible_day(day, today)


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{ok}", "--date", "9999-01-01"],
        ["ingest", "{ok}", "--date", "3021-06-01", "--db", "{tmp}/x.duckdb"],
        ["actors", "resolve", "Ankara", "--date", "1066-10-14"],
        ["events", "--since", "3021-01-01", "--db", "{db}"],
        ["network", "--until", "1800-01-01", "--db", "{db}"],
        ["report", "--since", "9999-01-01", "--db", "{db}", "--out", "{tmp}/r.html"],
    ],
    ids=lambda a: a[0],
)
def test_implausible_dates_on_the_command_line_are_refused(good_db: Path, tmp_path: Path, args) -> None:
    result = runner.invoke(
        app, [a.format(ok=DATED_WELL, tmp=tmp_path, db=good_db) for a in args], catch_exceptions=False
    )
    assert result.exit_code == 1
    one_line_error(result.output, "outside the plausible range")
    assert not (tmp_path / "x.duckdb").exists()


def test_implausible_document_dates_are_reported_and_good_files_still_resolve(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in (*BAD_DATES, DATED_WELL):
        shutil.copy(path, folder / path.name)
    db = tmp_path / "mixed.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1  # some files were skipped
    for path, reason in zip(
        BAD_DATES,
        ("outside the plausible range", "not a real day", "outside the plausible range"),
        strict=True,
    ):
        assert any(path.name in line and reason in line for line in result.output.splitlines()), (
            path.name,
            result.output,
        )
    assert "ingested 1 new document" in result.output
    with Store(db, read_only=True) as store:
        (document,) = store.documents()
        assert document["date"] == date(2020, 1, 10)
        people = {m.person for m in store.mentions()}
    assert "TUR-CAVUSOGLU" in people  # a minister in office on the document's date


def test_implausible_dates_in_table_rows_skip_the_row(tmp_path: Path) -> None:
    rows = tmp_path / "dump.jsonl"
    rows.write_text(
        '{"text": "Turkey sent armed drones to Libya.", "date": "9999-01-01"}\n'
        '{"text": "Greece condemned Turkey.", "date": "2020-02-30"}\n'
        '{"text": "Egypt backed Khalifa Haftar.", "date": "2020-01-05"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(rows), "-f", "json"])
    assert "row 1: date 9999-01-01 is outside the plausible range" in result.stderr
    assert "row 2: date 2020-02-30 is not a real day" in result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    assert document["date"] == "2020-01-05"
