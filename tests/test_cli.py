"""The CLI as a user meets it: contracts of the output, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()

TEXT = (
    "---\ntitle: Test dispatch\ndate: 2020-01-10\n---\n"
    "Turkey sent armed drones to the Government of National Accord in Tripoli. "
    "France and Egypt backed Khalifa Haftar. "
    "Greece condemned the maritime memorandum signed by Ankara and the GNA.\n"
)

# What every event of `extract --format json` carries: the evidence, the code, and where and when.
EVENT_KEYS = {"id", "doc", "sentence", "start", "end", "date", "modality", "speaker"}
EVENT_KEYS |= {"source", "target", "type", "mode", "context", "quad", "polarity"}
TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess, as a user would."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    environment = {**os.environ, "PYTHONPATH": src, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "multipolar", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=300,
    )


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "dispatch.md"
    path.write_text(TEXT)
    return path


def test_extract_json_contract(article: Path) -> None:
    result = runner.invoke(app, ["extract", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (doc,) = data["documents"]
    assert {"id", "path", "title"} <= doc.keys() and doc["title"] == "Test dispatch"
    actors = {a["id"]: a for a in data["actors"]}
    assert {"TUR", "LBY-GNA", "FRA", "EGY", "GRC"} <= actors.keys()
    for actor in actors.values():
        assert {"id", "name", "type", "country", "aliases", "mentions"} <= actor.keys()
    assert actors["TUR"]["type"] == "state" and actors["TUR"]["mentions"] >= 2
    assert data["events"], "no events coded"
    for event in data["events"]:
        assert event.keys() >= EVENT_KEYS
        assert event["type"] in TYPES and event["polarity"] in (1, -1)
        assert TEXT.split("---\n")[-1].find(event["sentence"].strip()[:30]) >= 0
    triples = {(e["source"], e["target"], e["type"]) for e in data["events"]}
    assert ("TUR", "LBY-GNA", "AID") in triples
    assert {("FRA", "LBY-LAAF"), ("EGY", "LBY-LAAF")} <= {(s, t) for s, t, _ in triples}
    assert any(s == "GRC" and ty == "ACCUSE" for s, _, ty in triples)


def test_extract_csv_and_table(article: Path) -> None:
    csv = runner.invoke(app, ["extract", str(article), "--format", "csv"])
    assert csv.exit_code == 0
    header = csv.stdout.splitlines()[0].split(",")
    assert {"source", "type", "target", "sentence"} <= set(header)
    table = runner.invoke(app, ["extract", str(article)])
    assert table.exit_code == 0 and "TUR" in table.stdout


def test_ingest_is_idempotent_and_queryable(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    first = runner.invoke(app, ["ingest", str(article), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "ingested 1 new document" in first.stdout
    second = runner.invoke(app, ["ingest", str(article), "--db", str(db)])
    assert "ingested 0 new document" in second.stdout and "1 already stored" in second.stdout
    events = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "json"]).stdout)
    only_aid = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--type", "AID", "--format", "json"]).stdout
    )
    assert only_aid and all(e["type"] == "AID" for e in only_aid) and len(only_aid) < len(events)
    greek = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--actor", "GRC", "--format", "json"]).stdout
    )
    assert greek and all("GRC" in (e["source"], e["target"]) for e in greek)
    actors = json.loads(runner.invoke(app, ["actors", "--db", str(db), "--format", "json"]).stdout)
    assert "TUR" in {a["id"] for a in actors}


def test_db_from_environment(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.duckdb"
    result = runner.invoke(app, ["ingest", str(article)], env={"MULTIPOLAR_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda d: None, ["extract", "{d}/missing.txt"], "no such file"),
        (lambda d: (d / "empty.txt").write_text(""), ["extract", "{d}/empty.txt"], "empty document"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02" * 500), ["extract", "{d}/bin.txt"], "binary"),
        (lambda d: (d / "x.pdf").write_bytes(b"%PDF"), ["extract", "{d}"], "no readable documents"),
        (
            lambda d: (d / "bad.duckdb").write_text("garbage" * 50),
            ["events", "--db", "{d}/bad.duckdb"],
            "not a readable DuckDB",
        ),
        (lambda d: None, ["events", "--db", "{d}/none.duckdb"], "no such database"),
        (lambda d: None, ["extract", "{d}", "--date", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path: Path, setup, args, message) -> None:
    setup(tmp_path)
    (tmp_path / "ok.txt").write_text("Chile and Peru talked.") if "--date" in args else None
    result = run_cli(*[a.format(d=tmp_path) for a in args])
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_failed_ingest_keeps_what_was_stored(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "keep.duckdb"
    assert runner.invoke(app, ["ingest", str(article), "--db", str(db)]).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    result = run_cli("ingest", str(bad), "--db", str(db))
    assert result.returncode != 0 and "binary" in result.stderr
    docs = json.loads(runner.invoke(app, ["documents", "--db", str(db), "--format", "json"]).stdout)
    assert len(docs) == 1


def test_every_command_has_help() -> None:
    for command in ("extract", "ingest", "events", "documents", "demo", "actors", "network", "report"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.stdout


def test_demo_writes_database_and_report_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    db, html = tmp_path / "multipolar-demo" / "demo.duckdb", tmp_path / "multipolar-demo" / "report.html"
    assert db.exists() and html.exists()
    assert str(db.resolve()) in result.stdout.replace("\n", "") and "report:" in result.stdout
    assert "bloc 1:" in result.stdout and "frustration" in result.stdout
    # the next steps it prints use the demo's own database, and each of them works as printed
    steps = [
        line.split("#")[0].split()
        for line in result.stdout.splitlines()
        if line.strip().startswith("multipolar ") and "--db" in line
    ]
    assert len(steps) >= 3 and all(
        step[step.index("--db") + 1] == "multipolar-demo/demo.duckdb" for step in steps
    )
    for step in steps:
        ran = runner.invoke(app, step[1:])
        assert ran.exit_code == 0 and ran.stdout.strip(), (step, ran.output)
    again = runner.invoke(app, ["demo"])
    assert "(0 newly ingested)" in again.stdout


def test_gitignore_covers_what_the_commands_write_by_default() -> None:
    import inspect
    import shutil
    import subprocess

    from multipolar.cli.common import DEFAULT_DB
    from multipolar.cli.corpus import demo
    from multipolar.cli.report import DEFAULT_OUT
    from multipolar.resolve.registry import USER_FILE

    root = Path(__file__).parents[1]
    if not shutil.which("git") or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    demo_folder = inspect.signature(demo).parameters["out"].default
    outputs = [
        DEFAULT_DB,
        str(DEFAULT_OUT),
        USER_FILE,
        f"{demo_folder}/demo.duckdb",
        f"{demo_folder}/report.html",
    ]
    outputs += ["scenario-LBY-GNA-LBY-LAAF.yaml", "libya-2019-eu.png", "libya-2019-eu.svg"]
    for path in outputs:
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=root, check=False)
        assert ignored.returncode == 0, f"{path} is not in .gitignore"
