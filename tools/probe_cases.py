"""The cases of ``tools/probe_hostile.py``: what to run, and what a correct run looks like.

``{w}`` in an argument is the case's own folder, ``{f}`` the shared fixtures (see
``build_fixtures``). ``expect`` is the exit a correct run has: ``ok`` (0), ``error`` (non-zero with
one ``multipolar: ...`` line) or ``any`` (either, as long as nothing else goes wrong).
"""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Callable
from pathlib import Path

from probe_hostile import (
    DEMO,
    SCENARIO,
    Case,
    csv_files,
    csv_stdout,
    exists,
    full_disk,
    kill_runner,
    locked,
    safe_html,
    says,
    shows,
    stdout_json,
    tmpfs_available,
    valid_xml,
)

from hostile.corpus import BAD_DATES, DATED_WELL, FORMULAS, HOSTILE_ALIAS, MARKUP

ARTICLE = "Turkey sent armed drones to the Government of National Accord in Tripoli. "
GOOD = "{f}/good.duckdb"
HOSTILE = "{f}/hostile.duckdb"
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcde", "bcdef", strict=True)
)

# name, content, expected exit of `extract FILE -f json`
FILES: list[tuple[str, bytes | str, str]] = [
    ("empty.txt", b"", "error"),
    ("blank.txt", "   \n\n\t\n", "error"),
    ("nul.txt", b"\x00\x01\x02" * 2000, "error"),
    ("random.txt", random.Random(1).randbytes(50_000), "error"),
    ("bom-only.txt", b"\xef\xbb\xbf", "error"),
    ("latin1.txt", "La Turquie a envoyé des drones à Tripoli. Égypte.".encode("latin-1"), "ok"),
    ("utf16.txt", ("\ufeff" + ARTICLE).encode("utf-16-le"), "ok"),
    ("utf16-nobom.txt", ARTICLE.encode("utf-16-le"), "any"),
    ("crlf.txt", ARTICLE.replace(". ", ".\r\n") * 3, "ok"),
    ("cr-only.txt", ARTICLE.replace(". ", ".\r") * 3, "ok"),
    ("nul-late.txt", ARTICLE * 60 + "\x00" + ARTICLE, "any"),
    ("one-word.txt", "Turkey", "ok"),
    ("punctuation.txt", "?!.,;:" * 500, "ok"),
    ("numbers.txt", "1234567890 " * 5000, "ok"),
    ("emoji.txt", "🇹🇷 Turkey 🚀 sent drones to Libya. 👍 " * 20, "ok"),
    ("zero-width.txt", "Tur\u200bkey sent\u200d drones to Li\ufeffbya.", "ok"),
    ("rtl.txt", "\u202eTurkey sent drones to Libya. ليبيا تركيا", "ok"),
    ("no-punct-300k.txt", "turkey and greece and egypt " * 11000, "ok"),
    ("long-line-2mb.txt", "Turkey met Greece " * 120_000, "ok"),
    ("many-sentences.txt", "Turkey met Greece. " * 20000, "ok"),
    ("title-100k.txt", "Title: " + "T" * 100_000 + "\nDate: 2020-01-01\n\n" + ARTICLE, "ok"),
    ("fm-bad-yaml.md", "---\ntitle: [unclosed\n---\n" + ARTICLE, "error"),
    ("fm-alias-bomb.md", "---\n" + BOMB + "title: *f\n---\n" + ARTICLE, "any"),
    ("fm-date-13-45.md", "---\ndate: 2019-13-45\n---\n" + ARTICLE, "error"),
    ("fm-date-9999.md", "---\ndate: 9999-01-01\n---\n" + ARTICLE, "error"),
    ("fm-date-list.md", "---\ndate: [1, 2]\ntitle: {a: b}\n---\n" + ARTICLE, "ok"),
    (
        "fm-python-tag.md",
        "---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\n" + ARTICLE,
        "error",
    ),
    ("date-feb30.txt", "Date: 2999-02-30\n\n" + ARTICLE, "error"),
    ("date-1066.html", '<meta name="date" content="1066-10-14"><p>' + ARTICLE + "</p>", "error"),
    ("nested.html", "<div>" * 5000 + ARTICLE + "</div>" * 5000, "ok"),
    ("script-only.html", "<script>" + ARTICLE + "</script>", "error"),
    ("entities.html", "<p>Turkey &lt;script&gt; sent &#0; &#xD800; drones &bogus; to Libya.</p>", "ok"),
    ("unclosed.html", "<p>" + ARTICLE + "<b><i><table><tr><td>", "ok"),
    ("big-21mib.txt", ARTICLE * 300_000, "error"),
]

# table dump under {f}/tables, expected exit of `ingest`, phrases the output must hold
TABLES: list[tuple[str, str, tuple[str, ...]]] = [
    ("broken.jsonl", "error", ("row 2", "row 3", "row 4", "ingested 1 new", "1 already stored")),
    ("no-text.jsonl", "error", ()),
    ("text-types.jsonl", "error", ()),
    ("bad-dates.jsonl", "error", ("9999-12-31", "2020-02-30")),
    ("formulas.jsonl", "ok", ()),
    ("empty.jsonl", "any", ()),
    ("blank-lines.jsonl", "any", ()),
    ("huge-row.jsonl", "any", ()),
    ("ok.jsonl.gz", "ok", ()),
    ("truncated.jsonl.gz", "error", ()),
    ("garbage.jsonl.gz", "error", ()),
    ("latin1.csv", "ok", ()),
    ("no-text.csv", "error", ()),
    ("ragged.csv", "any", ()),
    ("formulas.csv", "ok", ()),
    ("nul.csv", "any", ()),
    ("wide.csv", "ok", ()),
    ("garbage.parquet", "error", ()),
    ("ok.parquet", "error", ("3021-01-01", "ingested 1 new")),
    ("truncated.parquet", "error", ()),
    ("int-text.parquet", "error", ("row 1: column 'text' holds a number (1)",)),
    ("empty.parquet", "any", ()),
    # issue 20: what news dumps send
    ("text-odd.jsonl", "error", ("row 2", "row 3", "holds nan", "row 5", "row 6", "ingested 2 new")),
    ("binary-text.parquet", "error", ("row 3: column 'text' holds binary data", "ingested 2 new")),
    ("list-text.parquet", "ok", ("ingested 2 new",)),
    ("truncated.csv.gz", "error", ("broken off", "the rest of the file is skipped")),
    ("ok.parquet.gz", "error", ("unsupported format .parquet.gz", ".csv.gz")),
]

DAMAGED = (
    "cut-in-header",
    "cut-after-header",
    "cut-in-half",
    "cut-near-end",
    "empty",
    "garbage",
    "zeroed-header",
)
READERS = [
    ["events"],
    ["documents"],
    ["actors"],
    ["network"],
    ["blocs"],
    ["brokers"],
    ["timeline", "--actor", "TUR"],
    ["export", "-f", "graphml", "--out", "{w}/x.graphml"],
    ["report", "--out", "{w}/r.html"],
    ["scenario", "draft", "--pole-a", "LBY-GNA", "--pole-b", "LBY-LAAF", "--out", "{w}/s.yaml"],
]
# commands read by the cut-in-half database and the damaged Parquet stores, beyond READERS
MORE_READERS = [["theatres"], ["rivalries"], ["actors", "unknown"], ["store", "copy", "--store", "{w}/copy"]]
TABLE_COMMANDS = [
    ["events"],
    ["documents"],
    ["actors"],
    ["network"],
    ["blocs"],
    ["brokers"],
    ["timeline", "--actor", "TUR"],
    ["theatres"],
    ["rivalries"],
    ["actors", "unknown"],
]

# arguments a user should not give, and the exit a correct run has
ABSURD: list[tuple[list[str], str]] = [
    (["ingest", "{f}/small", "--workers", "0", "--db", "{w}/x.duckdb"], "error"),
    (["ingest", "{f}/small", "--workers", "-3", "--db", "{w}/x.duckdb"], "error"),
    (["ingest", "{f}/small", "--workers", "1000", "--db", "{w}/x.duckdb"], "error"),
    (["ingest", "{f}/small", "--workers", "99999999999999999999", "--db", "{w}/x.duckdb"], "error"),
    (["ingest", "{f}/small", "--engine", "nope", "--db", "{w}/x.duckdb"], "error"),
    (
        [
            "ingest",
            "{f}/small",
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--db",
            "{w}/x.duckdb",
        ],
        "error",
    ),
    (["network", "--blocs", "0", "--db", GOOD], "error"),
    (["network", "--blocs", "100", "--db", GOOD], "error"),
    (["network", "--top", "-1", "--db", GOOD], "error"),
    (["brokers", "--top", "1000000000", "--db", GOOD], "ok"),
    (["timeline", "--db", GOOD], "error"),
    (["timeline", "--actor", "NOPE", "--db", GOOD], "error"),
    (["timeline", "--bloc", "99", "--db", GOOD], "error"),
    (["timeline", "--actor", "TUR", "--freq", "decade", "--db", GOOD], "error"),
    (["network", "--doc", "", "--db", GOOD], "error"),
    (["network", "--doc", "zzzz", "--db", GOOD], "error"),
    (["events", "--type", "'; DROP TABLE events; --", "--db", GOOD], "ok"),
    (["events", "--actor", "' OR 1=1 --", "--db", GOOD, "-f", "json"], "ok"),
    (["events", "-f", "xml", "--db", GOOD], "error"),
    (["export", "-f", "graphml", "--db", GOOD], "error"),
    (["export", "-f", "graphml", "--out", "{w}/no/such/dir/x.graphml", "--db", GOOD], "error"),
    (["export", "-f", "csv", "--out", "/dev/null/x", "--db", GOOD], "error"),
    (["report", "--out", "{w}", "--db", GOOD], "error"),
    (["report", "--out", "{w}/missing/r.html", "--db", GOOD], "any"),
    (["report", "--out", "/dev/full", "--db", GOOD], "error"),
    (["export", "-f", "graphml", "--out", "/dev/full", "--db", GOOD], "error"),
    (["export", "-f", "csv", "--what", "events", "--out", "/dev/full", "--db", GOOD], "error"),
    (["demo", "--out", "/dev/null"], "error"),
    (["actors", "show", "\x01"], "error"),
    (["actors", "resolve", ""], "error"),
    (["actors", "resolve", "Turkey " * 15000], "ok"),
    (["actors", "add", "X-BAD", "--type", "nonsense", "--registry", "{w}/r.tsv"], "error"),
    (["actors", "add", "X-TAB", "--name", "a\tb", "--registry", "{w}/r.tsv"], "error"),
    (["actors", "search", "x", "--registry", "{w}/missing.tsv"], "error"),
    (["actors", "search", "x", "--registry", "/dev/zero"], "error"),
    (["extract", str(DATED_WELL), "--registry", "{f}/tables/garbage.parquet"], "error"),
    (["evaluate", "{f}/tables/garbage.parquet"], "error"),
    (["evaluate", "{f}/tables/broken.jsonl"], "error"),
    (["nonexistent-command"], "error"),
    ([], "any"),
]

DATE_OPTIONS = [
    ["extract", str(DATED_WELL), "--date", "9999-01-01"],
    ["extract", str(DATED_WELL), "--date", "2020-02-30"],
    ["extract", str(DATED_WELL), "--date", "0000-00-00"],
    ["events", "--since", "3021-01-01", "--db", GOOD],
    ["events", "--until", "1800-01-01", "--db", GOOD],
    ["network", "--since", "2021-01-01", "--until", "2020-01-01", "--db", GOOD],
    ["report", "--since", "9999-01-01", "--db", GOOD, "--out", "{w}/r.html"],
    ["actors", "resolve", "Ankara", "--date", "3021-01-01"],
]

# scenario file under {f}/scenarios, expected exit of `scenario run FILE --model all`
SCENARIOS = [
    ("nan.csv", "error"),
    ("inf.csv", "error"),
    ("negative.csv", "error"),
    ("huge.csv", "error"),
    ("empty.csv", "error"),
    ("header-only.csv", "error"),
    ("one-actor.csv", "any"),
    ("duplicate.csv", "error"),
    ("latin1.csv", "ok"),
    ("bomb.yaml", "error"),
    ("not-a-mapping.yaml", "error"),
    ("binary.yaml", "error"),
]


def write(name: str, content: bytes | str) -> Callable[[Path, Path], None]:
    def setup(work: Path, _: Path) -> None:
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

    return setup


def _loop(work: Path, _: Path) -> None:
    (work / "loop").mkdir()
    (work / "loop" / "a.txt").write_text(ARTICLE)
    (work / "loop" / "self").symlink_to(work / "loop")


def _deep(work: Path, _: Path) -> None:
    folder = work / "deep"
    for i in range(60):
        folder = folder / f"d{i}"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE)


def _mixed(work: Path, _: Path) -> None:
    (work / "mixed").mkdir()
    (work / "mixed" / "ok1.txt").write_text(ARTICLE)
    (work / "mixed" / "bad.txt").write_bytes(b"\x00" * 100)
    (work / "mixed" / "ok2.md").write_text("Greece condemned Turkey.")


def _first_parquet(store: Path) -> Path:
    return sorted(store.rglob("*.parquet"))[0]


STORE_DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated file": lambda s: _first_parquet(s).write_bytes(_first_parquet(s).read_bytes()[:100]),
    "garbage file": lambda s: _first_parquet(s).write_bytes(b"garbage" * 100),
    "file removed": lambda s: _first_parquet(s).unlink(),
    "stray file": lambda s: (_first_parquet(s).parent / "zz.parquet").write_bytes(b"x"),
}


def _damaged_store(damage: Callable[[Path], object]) -> Callable[[Path, Path], None]:
    def setup(work: Path, fixtures: Path) -> None:
        import shutil

        shutil.copytree(fixtures / "parquet", work / "store")
        damage(work / "store")

    return setup


def cases() -> list[Case]:
    """Every case, grouped as the module's tables are."""
    found: list[Case] = []
    add = found.append

    for name, content, expect in FILES:
        add(Case(f"file {name}", ["extract", f"{{w}}/{name}", "-f", "json"], expect, write(name, content)))
    add(Case("missing path", ["extract", "{w}/nothing.txt"]))
    add(
        Case(
            "unsupported suffix",
            ["extract", "{w}/x.pdf"],
            setup=write("x.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(3000)),
        )
    )
    add(Case("folder of nothing readable", ["extract", "{w}/d"], setup=write("d/x.bin", b"\x00")))
    add(Case("folder named .txt", ["extract", "{w}/dir.txt"], setup=lambda w, f: (w / "dir.txt").mkdir()))
    add(Case("device file", ["extract", "/dev/zero"], timeout=60))
    add(Case("fifo", ["extract", "{w}/pipe.txt"], setup=lambda w, f: os.mkfifo(w / "pipe.txt"), timeout=60))
    add(Case("symlink loop in a folder", ["extract", "{w}/loop", "-f", "csv"], "ok", _loop, timeout=120))
    add(
        Case(
            "broken symlink",
            ["extract", "{w}/gone.txt"],
            setup=lambda w, f: (w / "gone.txt").symlink_to(w / "no"),
        )
    )
    add(Case("60 nested folders", ["extract", "{w}/deep", "-f", "csv"], "ok", _deep))
    mixed_checks = [says("bad.txt", "ingested 2 new")]
    add(
        Case(
            "one bad file among good ones",
            ["ingest", "{w}/mixed", "--db", "{w}/m.duckdb"],
            "error",
            _mixed,
            mixed_checks,
        )
    )
    add(Case("glob that matches nothing", ["extract", "{w}/*.nothing"]))

    for name, expect, phrases in TABLES:
        checks = [says(*phrases)] if phrases else []
        add(
            Case(
                f"table {name}",
                ["ingest", f"{{f}}/tables/{name}", "--db", "{w}/t.duckdb"],
                expect,
                checks=checks,
            )
        )
    add(Case("table: missing --text-column", ["extract", "{f}/tables/ok.jsonl.gz", "--text-column", "nope"]))
    add(
        Case(
            "table: formulas to CSV",
            ["extract", "{f}/tables/formulas.csv", "-f", "csv"],
            "ok",
            guards=[csv_stdout],
        )
    )

    for name in DAMAGED:
        for command in [*READERS[:4], ["ingest", "{f}/small"]]:
            add(Case(f"db {name}: {command[0]}", [*command, "--db", f"{{f}}/damaged/{name}.duckdb"]))
    for command in READERS[4:]:
        add(
            Case(
                f"db cut-in-half: {' '.join(command[:2])}",
                [*command, "--db", "{f}/damaged/cut-in-half.duckdb"],
            )
        )
    for command in MORE_READERS:
        add(
            Case(
                f"db cut-in-half: {' '.join(command[:2])}",
                [*command, "--db", "{f}/damaged/cut-in-half.duckdb"],
            )
        )
    for name, db in [
        ("foreign DuckDB", "{f}/foreign.duckdb"),
        ("SQLite", "{f}/sqlite.db"),
        ("a folder", "{f}/damaged"),
    ]:
        add(Case(f"db is {name}: events", ["events", "--db", db]))
        add(Case(f"db is {name}: ingest", ["ingest", "{f}/small", "--db", db]))
    add(Case("db is /dev/null: ingest", ["ingest", "{f}/small", "--db", "/dev/null"]))
    add(Case("db in a missing folder", ["ingest", "{f}/small", "--db", "{w}/no/such/x.duckdb"], "any"))
    add(
        Case(
            "db from a damaged $MULTIPOLAR_DB",
            ["events"],
            env={"MULTIPOLAR_DB": "{f}/damaged/cut-in-half.duckdb"},
        )
    )
    add(Case("--db and --store together", ["events", "--db", GOOD, "--store", "{f}/parquet"]))
    for command in (["events"], ["ingest", "{f}/small"], ["report", "--out", "{w}/r.html"]):
        checks = [says("in use by another process")]
        add(Case(f"db locked elsewhere: {command[0]}", command, runner=locked(command), checks=checks))

    for name, damage in STORE_DAMAGE.items():
        # A file the manifest does not list is never read (and `store check` notes it).
        expect = "ok" if name == "stray file" else "error"
        for command in (["events"], ["documents"], ["ingest", "{f}/small"], ["store", "check"]):
            args = [*command, "--store", "{w}/store"]
            checks = [says("store check")] if expect == "error" and command[0] != "store" else []
            label = " ".join(command[:2]) if command[0] == "store" else command[0]
            add(Case(f"parquet store {name}: {label}", args, expect, _damaged_store(damage), checks))
    add(
        Case(
            "parquet store: good, csv",
            ["events", "--store", "{f}/parquet", "-f", "csv"],
            "ok",
            guards=[csv_stdout],
        )
    )
    for name in ("truncated file", "garbage file"):
        for command in (["theatres"], ["rivalries"], ["actors", "unknown"], ["store", "compact"]):
            args = [*command, "--store", "{w}/store"]
            label = " ".join(command)
            add(Case(f"parquet store {name}: {label}", args, setup=_damaged_store(STORE_DAMAGE[name])))
    copy_into = ["store", "copy", "--db", GOOD, "--store"]
    add(Case("store copy into an existing store", [*copy_into, "{f}/parquet"]))
    add(Case("store copy into a file", [*copy_into, GOOD]))
    add(Case("store compact of a missing store", ["store", "compact", "--store", "{w}/none"]))
    add(Case("parquet store is a file", ["events", "--store", GOOD]))
    add(Case("parquet store missing", ["events", "--store", "{w}/none"]))

    for command in TABLE_COMMANDS:
        args = [*command, "--db", HOSTILE]
        label = " ".join(word for word in command[:2] if not word.startswith("-"))
        add(Case(f"hostile table: {label}", args, "ok", table=True))
        add(Case(f"hostile csv: {label}", [*args, "-f", "csv"], "ok", guards=[csv_stdout]))
        add(Case(f"hostile json: {label}", [*args, "-f", "json"], "ok", checks=[stdout_json]))
    for what in ("nodes", "edges", "events"):
        args = ["export", "-f", "csv", "--what", what, "--db", HOSTILE]
        add(Case(f"hostile export csv {what}", args, "ok", guards=[csv_stdout]))
    args = ["export", "-f", "csv", "--out", "{w}/csv", "--db", HOSTILE]
    add(Case("hostile export csv folder", args, "ok", guards=[csv_files("csv/*.csv")]))
    for fmt in ("graphml", "gexf"):
        args = ["export", "-f", fmt, "--out", f"{{w}}/net.{fmt}", "--db", HOSTILE]
        add(
            Case(
                f"hostile export {fmt}",
                args,
                "ok",
                guards=[valid_xml(f"net.{fmt}")],
                checks=[exists(f"net.{fmt}")],
            )
        )
    add(
        Case(
            "hostile plover-json",
            ["export", "-f", "plover-json", "--db", HOSTILE],
            "ok",
            checks=[stdout_json],
        )
    )
    args = ["report", "--db", HOSTILE, "--out", "{w}/r.html", "--title", "</title><b>x"]
    add(Case("hostile report", args, "ok", guards=[safe_html("r.html")], checks=[exists("r.html")]))
    for source, mark in ((MARKUP, "[/red]"), (FORMULAS, "=cmd")):
        add(
            Case(
                f"hostile extract: {source.name}",
                ["extract", str(source)],
                "ok",
                table=True,
                checks=[shows(mark)],
            )
        )
        add(
            Case(
                f"hostile extract csv: {source.name}",
                ["extract", str(source), "-f", "csv"],
                "ok",
                guards=[csv_stdout],
            )
        )
    add(Case("hostile extract: controls", ["extract", "{f}/hostile-texts/controls.txt"], "ok", table=True))
    args = ["ingest", "{f}/hostile-texts", "--db", "{w}/h.duckdb", "--registry", "{f}/hostile-actors.tsv"]
    add(Case("hostile ingest", args, "ok", table=True))
    args = ["actors", "search", "Evil", "--registry", "{f}/hostile-actors.tsv"]
    add(Case("hostile actors search", args, "ok", table=True, checks=[shows("[bold]Evil")]))
    args = [
        "actors",
        "resolve",
        f"The {HOSTILE_ALIAS} attacked Turkey.",
        "--registry",
        "{f}/hostile-actors.tsv",
    ]
    add(Case("hostile actors resolve", args, "ok", table=True))
    add(Case("markup in a file name", ["extract", "{w}/[bold]x[/].txt"], setup=write("[bold]x[/].txt", b"")))
    add(
        Case(
            "escape in a file name",
            ["extract", "{w}/\x1b[2Jx.txt"],
            setup=write("\x1b[2Jx.txt", b""),
            table=True,
        )
    )

    for path in BAD_DATES:
        add(
            Case(
                f"date in {path.name}",
                ["ingest", str(path), "--db", "{w}/d.duckdb"],
                checks=[says(path.name)],
            )
        )
    args = [
        "actors",
        "resolve",
        "Turkish Foreign Minister Mevlut Cavusoglu spoke.",
        "--date",
        "2020-01-10",
        "-f",
        "csv",
    ]
    add(Case("a real date still resolves the minister", args, "ok", checks=[says("TUR-CAVUSOGLU")]))
    for args in DATE_OPTIONS:
        words = [a for a in args if "/" not in a and a not in ("--db", "--out")]
        add(Case(f"date option: {' '.join(words)}", args))

    for args, expect in ABSURD:
        name = " ".join(a.replace("{f}/", "").replace("{w}/", "") for a in args)[:70]
        add(Case(f"args: {name!r}", args, expect, timeout=180))

    scenarios = "{f}/scenarios/"
    for name, expect in SCENARIOS:
        add(
            Case(
                f"scenario run {name}",
                ["scenario", "run", scenarios + name, "--model", "all"],
                expect,
                timeout=120,
            )
        )
    many = ["scenario", "run", scenarios + "many.csv", "--model", "eu"]
    add(Case("scenario eu with 1000 actors", many, "any", timeout=180))
    hostile_csv = ["scenario", "run", scenarios + "hostile-names.csv"]
    add(Case("scenario hostile names", hostile_csv, "ok", table=True, checks=[shows("[bold]Evil")]))
    add(Case("scenario hostile names csv", [*hostile_csv, "-f", "csv"], "ok", guards=[csv_stdout]))
    add(
        Case(
            "scenario hostile yaml",
            ["scenario", "run", scenarios + "hostile.yaml", "--model", "all"],
            "ok",
            table=True,
        )
    )
    libya = ["scenario", "run", str(SCENARIO)]
    add(Case("scenario rounds 1e6", [*libya, "--model", "eu", "--rounds", "1000000"], timeout=120))
    add(Case("scenario q 2", [*libya, "--model", "eu", "--q", "2"]))
    add(Case("scenario what-if unknown actor", [*libya, "--set", "NOPE.position=5"]))
    add(Case("scenario what-if nan", [*libya, "--set", "TUR.position=nan"]))
    plot = ["scenario", "plot", str(SCENARIO), "--out"]
    add(Case("scenario plot into a missing folder", [*plot, "{w}/no/dir/p.png"], "any", timeout=180))
    add(Case("scenario plot under a file", [*plot, "/dev/null/p.png"], timeout=180))
    backtest = ["scenario", "backtest", scenarios + "backtest-nan.csv"]
    add(Case("scenario backtest nan", backtest))
    add(Case("scenario backtest rounds 1e6", [*backtest, "--rounds", "1000000"], timeout=120))
    add(
        Case(
            "scenario draft from a hostile store",
            [
                "scenario",
                "draft",
                "--pole-a",
                "TUR",
                "--pole-b",
                "XEV-EVIL",
                "--db",
                HOSTILE,
                "--out",
                "{w}/d.yaml",
            ],
            "ok",
            table=True,
        )
    )

    into = ["--db", "{w}/db.duckdb"]
    add(
        Case(
            "store kept: binary file",
            ["ingest", "{w}/bad.txt", *into],
            setup=write("bad.txt", b"\0" * 500),
            db=GOOD,
        )
    )
    add(Case("store kept: hostile texts", ["ingest", "{f}/hostile-texts", *into], "ok", db=GOOD))
    add(Case("store kept: bad dates", ["ingest", *map(str, BAD_DATES), *into], db=GOOD))
    add(Case("store kept: broken rows", ["ingest", "{f}/tables/broken.jsonl", *into], db=GOOD))
    add(
        Case(
            "store kept: again",
            ["ingest", str(DEMO), *into],
            "ok",
            db=GOOD,
            checks=[says("8 already stored")],
        )
    )

    for seed in range(5):
        add(Case(f"kill SIGKILL seed {seed}", [], "ok", runner=kill_runner(signal.SIGKILL, seed)))
        add(Case(f"kill SIGINT seed {seed}", [], "ok", runner=kill_runner(signal.SIGINT, seed)))
    for seed in range(2):
        add(
            Case(f"kill SIGINT --workers 2 seed {seed}", [], "ok", runner=kill_runner(signal.SIGINT, seed, 2))
        )
    if tmpfs_available():
        for size, documents in (("64k", 40), ("256k", 80)):
            add(
                Case(
                    f"full disk {size}", [], runner=full_disk(size, documents), checks=[says("no space left")]
                )
            )
    return found
