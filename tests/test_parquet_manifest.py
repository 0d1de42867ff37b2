"""The Parquet store's manifest: readers never meet a missing file while `store compact` runs (issue 20,
item 3), and a data file deleted or damaged by hand is reported by `store check` (issue 21, item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from tests.test_store import ACTORS, make_document
from typer.testing import CliRunner

from multipolar.analyse.incidents_link import link_incidents
from multipolar.api import check_store as api_check_store
from multipolar.cli import app
from multipolar.store import StoreError, open_store
from multipolar.store.copy import copy_store
from multipolar.store.manifest import MANIFEST, Manifest
from multipolar.store.parquet_store import MARKER, ParquetStore, check_store

runner = CliRunner()
SRC = str(Path(__file__).resolve().parents[1] / "src")


def document(i: int):
    return make_document(text=f"Turkey sent drones to the GNA, dispatch {i}.", day=date(2020, 1 + i % 3, 1))


def add_batches(store: Path, numbers: range, *, link: bool = False) -> None:
    """One batch (one set of files) per document: a store that compaction has work on; with
    *link*, each batch's events linked into incidents (a batch of incident files each)."""
    for i in numbers:
        with ParquetStore(store, read_only=False) as target:
            target.add(document(i), ACTORS)
            if link:
                link_incidents(target)


def first_data_file(store: Path, table: str = "events") -> Path:
    return sorted((store / table).rglob("*.parquet"))[0]


# -- readers during compaction ---------------------------------------------------------------------

READER = """
import json, sys, time
import multipolar
store, seconds = sys.argv[1], float(sys.argv[2])
held = multipolar.open(store)  # a reader held open across every compaction
counts, incidents, errors, end = [], [], [], time.time() + seconds
while time.time() < end:
    try:
        with multipolar.open(store) as fresh:
            counts.append(len(fresh.documents()))
        counts.append(len(held.events()))
        counts.append(held.store.counts()["events"])
        incidents.append(len(held.incidents()))
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"counts": counts, "incidents": incidents, "errors": errors}))
"""


def test_readers_see_the_old_files_or_the_new_never_a_missing_one(tmp_path: Path) -> None:
    store = tmp_path / "store"
    add_batches(store, range(12), link=True)
    environment = {**os.environ, "PYTHONPATH": SRC}
    seconds = 25.0
    python_reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store), str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    cli_runs: list[subprocess.CompletedProcess] = []

    def cli_reader() -> None:
        end = time.time() + seconds
        while time.time() < end:
            command = [sys.executable, "-m", "multipolar", "events", "--store", str(store), "-f", "json"]
            cli_runs.append(subprocess.run(command, capture_output=True, text=True, env=environment))

    thread = threading.Thread(target=cli_reader)
    thread.start()
    compactions, added = 0, 12
    end = time.time() + seconds - 3
    while time.time() < end:  # fragment the store again and compact it, over and over
        add_batches(store, range(added, added + 3), link=True)
        added += 3
        with ParquetStore(store, read_only=False) as target:
            removed = target.compact()
        compactions += sum(removed.values()) > 0
    thread.join()
    out, err = python_reader.communicate(timeout=120)
    assert python_reader.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert compactions >= 3
    assert report["errors"] == [], report["errors"][:3]
    assert len(report["counts"]) > 3 and all(12 <= n <= added for n in report["counts"])
    assert report["incidents"] and all(n >= 1 for n in report["incidents"])  # the incidents' files too
    assert cli_runs and all(r.returncode == 0 for r in cli_runs), [r.stderr for r in cli_runs if r.returncode]
    for run in cli_runs:
        assert 12 <= len(json.loads(run.stdout)) <= added
    with open_store(store) as final:
        assert final.counts() == {"documents": added, "actors": 2, "mentions": 2 * added, "events": added}


def test_a_query_that_finds_a_file_gone_reads_the_new_manifest(tmp_path: Path) -> None:
    store = tmp_path / "store"
    add_batches(store, range(6))
    with open_store(store) as reader:
        events = [e.to_dict() for e in reader.events()]
        with ParquetStore(store, read_only=False) as writer:
            writer.compact()  # the files the reader's views name are gone now
        assert [e.to_dict() for e in reader.events()] == events
        assert reader.counts()["documents"] == 6


# -- store check ---------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    add_batches(path, range(4))
    return path


def test_a_whole_store_checks_clean(store: Path) -> None:
    assert check_store(store) == ([], [])
    found = api_check_store(store)  # what the command prints
    assert found.whole and (found.files, found.counts["documents"]) == (16, 4)
    result = runner.invoke(app, ["store", "check", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "data files, all whole (4 documents, 4 events)" in result.output


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda f: f.unlink(), "missing (the manifest lists it with 1 rows)"),
        (lambda f: f.write_bytes(f.read_bytes()[:200]), "truncated (200 bytes; the manifest lists"),
        (lambda f: f.write_bytes(b"x" * f.stat().st_size), "not a readable Parquet file"),
    ],
    ids=["deleted", "truncated", "overwritten"],
)
def test_a_data_file_deleted_or_damaged_by_hand_is_reported(store: Path, damage, says: str) -> None:
    broken = first_data_file(store)
    damage(broken)
    problems, notes = check_store(store)
    assert problems == [f"{broken}: {says}"] or (
        len(problems) == 1 and problems[0].startswith(f"{broken}: {says}")
    )
    assert notes == []
    found = api_check_store(store)
    assert not found.whole and found.problems == problems and found.counts == {}
    result = runner.invoke(app, ["store", "check", "--store", str(store)])
    assert result.exit_code == 1
    assert f"damaged: {broken}: {says}" in result.output.replace("\n", "")
    assert "multipolar: error:" in result.output and "1 data file(s) missing or damaged" in result.output
    # Every read says so too, rather than answering without the file.
    result = runner.invoke(app, ["events", "--store", str(store)])
    assert result.exit_code == 1 and str(broken) in result.output


def test_files_the_manifest_does_not_list_are_never_read_and_are_noted(store: Path) -> None:
    folder = first_data_file(store).parent
    orphan = folder / "b-1234abcd-9876fedc.parquet"  # as a run that died before its manifest left it
    orphan.write_bytes(first_data_file(store).read_bytes())
    (folder / "zz.parquet").write_bytes(b"stray")
    problems, notes = check_store(store)
    assert problems == []
    assert sorted(notes) == sorted(
        [
            f"{orphan}: not in the manifest, so never read "
            "(left by an interrupted run; 'store compact' removes it)",
            f"{folder / 'zz.parquet'}: not in the manifest, so never read (not ours)",
        ]
    )
    with open_store(store) as reader:
        assert reader.counts()["events"] == 4  # the copy is not counted twice
    with ParquetStore(store, read_only=False) as writer:
        writer.compact()
    assert not orphan.exists() and (folder / "zz.parquet").exists()  # ours removed, a stranger's left


def test_a_store_without_its_manifest_is_refused_and_reported(store: Path) -> None:
    (store / MANIFEST).unlink()
    with pytest.raises(StoreError, match="manifest"):
        open_store(store)
    assert check_store(store)[0] == [f"{MANIFEST}: missing (the store cannot tell its data files)"]


def test_a_store_of_version_1_is_read_as_before_and_listed_on_its_first_write(store: Path) -> None:
    with ParquetStore(store, read_only=False) as target:
        linked = link_incidents(target).linked
    assert linked == 4 and (store / "incident_links").is_dir()
    (store / MANIFEST).unlink()  # as an older multipolar wrote it
    (store / MARKER).write_text(json.dumps({"format": "multipolar-parquet", "version": 1}))
    with open_store(store) as reader:
        assert reader.counts()["documents"] == 4
    assert check_store(store)[1] == ["a store of version 1: no manifest yet (its next write lists its files)"]
    add_batches(store, range(4, 5))
    manifest = Manifest.load(store)
    assert manifest is not None and len(manifest.files) == len(list(store.rglob("*.parquet")))
    assert json.loads((store / MARKER).read_text())["version"] == 2
    assert check_store(store) == ([], [])
    with open_store(store) as reader:
        assert reader.counts()["documents"] == 5
        assert reader.con.execute("SELECT count(*) FROM incident_links").fetchone()[0] == 4  # kept


def test_a_copied_store_lists_its_incidents_in_its_manifest(tmp_path: Path) -> None:
    from multipolar.store import Store

    with Store(tmp_path / "source.duckdb") as source:
        source.add_batch([document(i) for i in range(3)], [ACTORS] * 3)
        link_incidents(source)
        expected = source.con.execute("SELECT count(*) FROM incident_links").fetchone()[0]
    assert expected == 3
    with Store(tmp_path / "source.duckdb", read_only=True) as source:
        copy_store(source, tmp_path / "copy")
    manifest = Manifest.load(tmp_path / "copy")
    assert manifest is not None and any(name.startswith("incident_links/") for name in manifest.files)
    assert check_store(tmp_path / "copy") == ([], [])
    with open_store(tmp_path / "copy") as copied:
        assert copied.con.execute("SELECT count(*) FROM incident_links").fetchone()[0] == expected


def test_the_apps_snapshot_of_a_parquet_store_changes_when_its_manifest_does(store: Path) -> None:
    from multipolar.serve.live import signature

    # A batch's files are written before the manifest lists them: a snapshot taken in between
    # does not read them, so the switch alone must make the app take a new one.
    before = signature(store, True)
    manifest = Manifest.load(store)
    assert manifest is not None
    manifest.switched([], [], store).save(store)
    assert signature(store, True) != before
