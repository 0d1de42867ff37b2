"""Probe the whole command line with hostile and broken input, and classify every run.

    python tools/probe_hostile.py [--out DIR] [--jobs N] [--only WORD] [--timeout SECONDS]

About two hundred cases: bad files and table dumps, broken and busy databases and Parquet stores,
kills at random moments, full disks, hostile text through every output, absurd arguments and
scenario files. Each case runs ``python -m multipolar ...`` in a subprocess, as a user would, and
is classified as:

* ``clean``: the right outcome (the case's exit status; a failure in one line, or one line per
  skipped file or row; no traceback);
* ``traceback``: a Python traceback reached the user;
* ``hang``: no answer within the time limit;
* ``injection``: data interpreted by an output (a raw terminal escape in a table, a CSV cell a
  spreadsheet would evaluate, invalid XML, live HTML);
* ``silent-wrong``: a wrong result: success where the input had to be refused, a failure where
  it had to be accepted, a message in several lines, or a value that the case checks is wrong;
* ``data-lost``: a database that no longer opens, lost documents, or a document stored in part.

Results go to ``DIR/results.jsonl`` (one object per case) and a summary is printed; the exit
status is 1 when any case is not clean. The hostile inputs come from ``tests/hostile``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
sys.path[:0] = [str(SRC), str(REPO / "tests"), str(REPO / "tools")]

import duckdb  # noqa: E402

from hostile.corpus import (  # noqa: E402
    damaged_copies,
    hostile_registry,
    hostile_texts,
    kill_corpus,
    write_scenarios,
    write_tables,
)

CLASSES = ("clean", "traceback", "hang", "injection", "silent-wrong", "data-lost")
DEMO = SRC / "multipolar" / "data" / "demo"
SCENARIO = SRC / "multipolar" / "data" / "scenarios" / "libya-2019.yaml"
NUMERIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
FORMULA = ("=", "+", "-", "@", "\t", "\r")

Check = Callable[["Run"], str | None]


@dataclass
class Run:
    """What one case did: exit status, output, its folder, and the seconds it took."""

    case: Case
    status: int | None
    out: str
    err: str
    folder: Path
    seconds: float


@dataclass
class Case:
    """One probe: the arguments (``{w}`` is the case's folder, ``{f}`` the shared fixtures),
    the exit the case requires (``ok``, ``error`` or ``any``), and extra checks."""

    name: str
    args: list[str]
    expect: str = "error"
    setup: Callable[[Path, Path], None] | None = None
    checks: list[Check] = field(default_factory=list)  # a problem found: silent-wrong
    guards: list[Check] = field(default_factory=list)  # a problem found: injection
    env: dict[str, str] = field(default_factory=dict)
    timeout: float | None = None
    db: str | None = None  # a database copied to {w}/db.duckdb first, then checked for losses
    table: bool = False  # terminal output: no raw control characters allowed
    runner: Callable[[Case, Path, Path, float], Run] | None = None


# -- checks ---------------------------------------------------------------------------------------


def csv_cells(text: str) -> list[str]:
    try:
        return [c for row in csv.reader(io.StringIO(text)) for c in row]
    except csv.Error:
        return []


def live_formula(cells: list[str]) -> str | None:
    for cell in cells:
        if cell.startswith(FORMULA) and not NUMERIC.fullmatch(cell):
            return f"CSV cell a spreadsheet evaluates: {cell[:40]!r}"
    return None


def csv_stdout(run: Run) -> str | None:
    return live_formula(csv_cells(run.out))


def csv_files(pattern: str) -> Check:
    def check(run: Run) -> str | None:
        for path in run.folder.glob(pattern):
            if problem := live_formula(csv_cells(path.read_text(encoding="utf-8", errors="replace"))):
                return f"{path.name}: {problem}"
        return None

    return check


def valid_xml(name: str) -> Check:
    def check(run: Run) -> str | None:
        path = run.folder / name
        if not path.exists():
            return None
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            return f"invalid XML in {name}: {exc}"
        return None

    return check


def safe_html(name: str) -> Check:
    def check(run: Run) -> str | None:
        path = run.folder / name
        if not path.exists():
            return None
        html = path.read_text(encoding="utf-8", errors="replace")
        if "<script>alert" in html or "</title><b>" in html:
            return "hostile HTML is live in the report"
        return None

    return check


def says(*phrases: str) -> Check:
    """The run's output must contain each phrase (case-insensitive)."""

    def check(run: Run) -> str | None:
        text = (run.out + run.err).lower()
        missing = [p for p in phrases if p.lower() not in text]
        return f"output lacks {missing}" if missing else None

    return check


def shows(*phrases: str) -> Check:
    """Data that must be shown as written (markup not interpreted): each phrase in stdout."""

    def check(run: Run) -> str | None:
        flat = run.out.replace("\n", "").replace("│", "").replace(" ", "")
        missing = [p for p in phrases if p.replace(" ", "") not in flat]
        return f"data not shown as written: {missing}" if missing else None

    return check


def exists(name: str) -> Check:
    def check(run: Run) -> str | None:
        return None if (run.folder / name).exists() else f"{name} was not written"

    return check


def stdout_json(run: Run) -> str | None:
    try:
        json.loads(run.out)
    except ValueError:
        return "stdout is not JSON"
    return None


# -- fixtures -------------------------------------------------------------------------------------


def cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 900):
    return subprocess.run(
        [sys.executable, "-m", "multipolar", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})},
        timeout=timeout,
    )


def build_fixtures(f: Path) -> None:
    """Good and hostile stores, damaged copies, table dumps: built once, shared read-only."""
    f.mkdir(parents=True, exist_ok=True)
    kill_corpus(f / "small", 6)
    steps = [
        ("ingest", str(DEMO), "--db", str(f / "good.duckdb")),
        ("ingest", str(DEMO), "--store", str(f / "parquet")),
    ]
    registry = hostile_registry(f)
    texts = hostile_texts(f / "hostile-texts")
    steps.append(("ingest", *map(str, texts), "--db", str(f / "hostile.duckdb"), "--registry", str(registry)))
    for step in steps:
        done = cli(*step)
        if done.returncode != 0:
            raise SystemExit(f"fixture {' '.join(step)} failed:\n{done.stderr}")
    damaged_copies(f / "good.duckdb", f / "damaged")
    other = duckdb.connect(str(f / "foreign.duckdb"))
    other.execute("CREATE TABLE t (x INTEGER)")
    other.close()
    (f / "sqlite.db").write_bytes(b"SQLite format 3\x00" + bytes(4080))
    write_tables(f / "tables")
    write_scenarios(f / "scenarios")


# -- running a case -------------------------------------------------------------------------------


def run_plain(case: Case, work: Path, fixtures: Path, timeout: float) -> Run:
    args = [a.format(w=work, f=fixtures) for a in case.args]
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "multipolar", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=work,
        env={
            **os.environ,
            "PYTHONPATH": str(SRC),
            **{k: v.format(f=fixtures, w=work) for k, v in case.env.items()},
        },
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=case.timeout or timeout)
        status: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        status = None
    return Run(
        case,
        status,
        out.decode(errors="replace"),
        err.decode(errors="replace"),
        work,
        time.monotonic() - started,
    )


def store_contents(db: Path) -> dict[str, tuple[int, int]] | str:
    """Per document (events, mentions), or why the database cannot be read."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        return f"database no longer opens: {str(exc).splitlines()[0]}"
    try:
        docs = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
        events = dict(con.execute("SELECT doc, count(*) FROM events GROUP BY doc").fetchall())
        mentions = dict(con.execute("SELECT doc, count(*) FROM mentions GROUP BY doc").fetchall())
        orphans = (set(events) | set(mentions)) - docs
        if orphans:
            return f"events or mentions of {len(orphans)} unstored document(s)"
        return {d: (events.get(d, 0), mentions.get(d, 0)) for d in docs}
    finally:
        con.close()


def classify(run: Run, before: dict | str | None) -> tuple[str, str]:
    """The case's class and the reason, worst first: hang, traceback, data-lost, injection,
    silent-wrong, clean."""
    case = run.case
    text = run.out + run.err
    if run.status is None:
        return "hang", f"no answer in {run.seconds:.0f} s"
    if "Traceback (most recent call last)" in text:
        return "traceback", last_line(text)
    lost = [line[len("DATA-LOST ") :] for line in run.err.splitlines() if line.startswith("DATA-LOST ")]
    if not lost and isinstance(before, dict):
        after = store_contents(run.folder / "db.duckdb")
        if isinstance(after, str):
            lost.append(after)
        elif gone := set(before) - set(after):
            lost.append(f"{len(gone)} stored document(s) gone")
        elif changed := [d for d in before if before[d] != after[d]]:
            lost.append(f"{len(changed)} stored document(s) changed")
    if lost:
        return "data-lost", lost[0]
    if case.table and re.search("[\x1b\x07\x9b]", text):
        return "injection", "a raw terminal control character reached the terminal"
    for guard in case.guards:
        if problem := guard(run):
            return "injection", problem
    wrong = [line[len("WRONG ") :] for line in run.err.splitlines() if line.startswith("WRONG ")]
    if wrong:
        return "silent-wrong", wrong[0]
    if case.expect == "ok" and run.status != 0:
        return "silent-wrong", f"refused (status {run.status}): {last_line(run.err)}"
    if case.expect == "error":
        if run.status == 0:
            return "silent-wrong", "accepted what it had to refuse"
        lines = [line for line in run.err.strip().splitlines() if line.startswith("multipolar: ")]
        skipped = any(line.startswith("skipped: ") for line in run.err.splitlines())
        if len(lines) != 1 and not skipped and not run.err.lstrip().startswith(("Usage:", "╭")):
            return "silent-wrong", f"not one 'multipolar: ...' line: {run.err.strip()[:160]!r}"
    for check in case.checks:
        if problem := check(run):
            return "silent-wrong", problem
    return "clean", last_line(run.err) or last_line(run.out)


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def execute(case: Case, root: Path, fixtures: Path, timeout: float) -> dict:
    """Run *case* in its own folder under *root* and classify it."""
    work = root / re.sub(r"[^\w.-]+", "_", case.name)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    before = None
    if case.db:
        shutil.copy(case.db.format(f=fixtures, w=work), work / "db.duckdb")
        before = store_contents(work / "db.duckdb")
    try:
        if case.setup:
            case.setup(work, fixtures)
        run = (case.runner or run_plain)(case, work, fixtures, timeout)
    except Exception as exc:  # noqa: BLE001 - a broken case must not stop the probe
        return {"case": case.name, "args": case.args, "class": "probe-error", "detail": repr(exc)[:200]}
    verdict, detail = classify(run, before)
    return {
        "case": case.name,
        "args": case.args,
        "class": verdict,
        "detail": detail,
        "status": run.status,
        "seconds": round(run.seconds, 1),
    }


# -- kills ----------------------------------------------------------------------------------------


def kill_runner(sig: signal.Signals, seed: int, workers: int = 1) -> Callable[[Case, Path, Path, float], Run]:
    """Ingest a corpus, kill it after a random number of commits, check the store, resume, and
    compare with a clean run's store."""

    def run(case: Case, work: Path, fixtures: Path, timeout: float) -> Run:
        texts = fixtures / "kill-texts"
        reference = store_contents(fixtures / "kill-clean.duckdb")
        db = work / "killed.duckdb"
        rng = random.Random(seed)
        commits, pause = rng.randint(0, 6), rng.uniform(0, 0.5)
        started = time.monotonic()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "multipolar",
                "ingest",
                str(texts),
                "--db",
                str(db),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            text=True,
        )
        wal, last, seen = Path(f"{db}.wal"), -1, 0
        while process.poll() is None and seen < commits and time.monotonic() - started < timeout:
            size = wal.stat().st_size if wal.exists() else -1
            seen, last = seen + (size > last), size
            time.sleep(0.005)
        time.sleep(pause if commits else rng.uniform(0.5, 4))
        if process.poll() is None:
            process.send_signal(sig)
        try:
            out, err = process.communicate(timeout=120)
            status = process.returncode
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            return Run(case, None, out, err, work, time.monotonic() - started)
        problems = []
        if sig == signal.SIGINT and status not in (0, 130):
            problems.append(f"SIGINT gave status {status}")
        if sig == signal.SIGINT and status == 130 and err.strip().splitlines() != ["multipolar: interrupted"]:
            problems.append(f"SIGINT message: {err.strip()[:200]!r}")
        if db.exists():
            stored = store_contents(db)
            if isinstance(stored, str):
                return Run(case, status, out, err + "\nDATA-LOST " + stored, work, time.monotonic() - started)
            partial = [d for d, c in stored.items() if isinstance(reference, dict) and reference.get(d) != c]
            if partial:
                msg = f"{len(partial)} document(s) stored in part"
                return Run(case, status, out, err + "\nDATA-LOST " + msg, work, time.monotonic() - started)
        resumed = cli("ingest", str(texts), "--db", str(db))
        final = store_contents(db)
        if resumed.returncode != 0 or final != reference:
            problems.append(f"resume did not reach the clean run's store: {last_line(resumed.stderr)}")
        wrong = "".join(f"\nWRONG {p}" for p in problems)
        return Run(case, 0, out, err + wrong, work, time.monotonic() - started)

    return run


def locked(command: list[str]) -> Callable[[Case, Path, Path, float], Run]:
    """Run *command* on a copy of the good store while another process holds it open."""

    def run(case: Case, work: Path, fixtures: Path, timeout: float) -> Run:
        db = work / "busy.duckdb"
        shutil.copy(fixtures / "good.duckdb", db)
        code = f"import duckdb, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); time.sleep(600)"
        holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        try:
            assert holder.stdout is not None
            holder.stdout.readline()
            done = run_plain(Case(case.name, [*command, "--db", str(db)]), work, fixtures, timeout)
            done.case = case
            return done
        finally:
            holder.kill()
            holder.wait()

    return run


def tmpfs_available() -> bool:
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


def full_disk(size: str, docs: int) -> Callable[[Case, Path, Path, float], Run]:
    def run(case: Case, work: Path, fixtures: Path, timeout: float) -> Run:
        texts = kill_corpus(work / "texts", docs)
        disk = work / "disk"
        disk.mkdir()
        script = (
            f"mount -t tmpfs -o size={size} tmpfs {disk} && {sys.executable} -m multipolar ingest {texts} "
            f"--db {disk}/x.duckdb; s=$?; {sys.executable} -m multipolar documents -f csv "
            f"--db {disk}/x.duckdb >/dev/null || echo 'DATA-LOST the store does not open' >&2; exit $s"
        )
        started = time.monotonic()
        done = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(SRC)},
            timeout=timeout,
        )
        return Run(case, done.returncode, done.stdout, done.stderr, work, time.monotonic() - started)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the runs and results.jsonl")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run counts as a hang")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    options = parser.parse_args()
    from probe_cases import cases

    chosen = [c for c in cases() if options.only in c.name]
    if options.list:
        print("\n".join(c.name for c in chosen), f"\n{len(chosen)} cases")
        return 0
    root = options.out or Path(tempfile.mkdtemp(prefix="multipolar-probe-"))
    fixtures = root / "fixtures"
    if not (fixtures / "good.duckdb").exists():
        print(f"building fixtures in {fixtures} ...", flush=True)
        build_fixtures(fixtures)
        kill_corpus(fixtures / "kill-texts", 16)
        done = cli("ingest", str(fixtures / "kill-texts"), "--db", str(fixtures / "kill-clean.duckdb"))
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    runs = root / "runs"
    results = []
    with ThreadPoolExecutor(options.jobs) as pool, (root / "results.jsonl").open("w") as sink:
        for result in pool.map(lambda c: execute(c, runs, fixtures, options.timeout), chosen):
            results.append(result)
            sink.write(json.dumps(result) + "\n")
            sink.flush()
            mark = "  " if result["class"] == "clean" else "!!"
            print(f"{mark} {result['class']:<12} {result['case']}: {result['detail']}", flush=True)
    tally = Counter(r["class"] for r in results)
    print(f"\n{len(results)} cases: " + ", ".join(f"{tally.get(c, 0)} {c}" for c in CLASSES))
    print(f"results: {root / 'results.jsonl'}")
    return 0 if tally.get("clean", 0) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
