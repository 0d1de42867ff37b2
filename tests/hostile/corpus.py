"""The hostile inputs that are not plain files: control characters, a user registry with hostile
actor names, damaged copies of a database, a corpus to kill an ingest in.

Used by the tests and by ``tools/probe_hostile.py``; everything is written into a folder the
caller gives, so nothing large or binary lives in the repository.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

MARKUP = HERE / "markup.md"
FORMULAS = HERE / "formulas.txt"
BAD_DATES = (HERE / "date-far-future.md", HERE / "date-impossible-day.txt", HERE / "date-before-range.html")
DATED_WELL = HERE / "dated-well.md"

# Rich markup, a spreadsheet formula, HTML, a terminal escape (recolour), a C0 control and a
# right-to-left override: one name that every output must show as data.
HOSTILE_NAME = '[bold]Evil[/] =HYPERLINK("http://evil.example") <script>alert(1)</script> \x1b[31m\x01\u202e'
HOSTILE_ACTOR = "XEV-EVIL"
HOSTILE_ALIAS = "Evil Brigade"

# Terminal control sequences: clear the screen, set the window title, ring the bell.
CONTROLS = "\x1b[2J\x1b]0;owned\x07"


def hostile_registry(folder: Path) -> Path:
    """A user registry file adding one armed group with :data:`HOSTILE_NAME` as its name."""
    path = folder / "hostile-actors.tsv"
    header = ("id", "type", "name", "country", "parent", "aliases", "valid_from", "valid_to")
    row = (HOSTILE_ACTOR, "armed_group", HOSTILE_NAME, "", "", HOSTILE_ALIAS, "", "")
    path.write_text("\t".join(header) + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    return path


def hostile_texts(folder: Path) -> list[Path]:
    """Texts whose sentences, titles and actor names carry markup, formulas and control codes."""
    folder.mkdir(parents=True, exist_ok=True)
    controls = folder / "controls.txt"
    controls.write_text(
        f"Title: Escapes {CONTROLS} in a title\nDate: 2020-01-10\n\n"
        f"Turkey {CONTROLS} sent armed drones to the Government of National Accord in Tripoli. "
        "\u202eEgypt backed Khalifa Haftar.\n",
        encoding="utf-8",
    )
    named = folder / "evil-brigade.txt"
    named.write_text(
        "Title: =1+1 [bold]The Evil Brigade[/]\nDate: 2020-02-01\n\n"
        f"The {HOSTILE_ALIAS} attacked Turkish troops in Idlib. Turkey condemned the {HOSTILE_ALIAS}. "
        f"Russia sent weapons to the {HOSTILE_ALIAS}.\n",
        encoding="utf-8",
    )
    paths = [controls, named]
    for source in (MARKUP, FORMULAS):
        copy = folder / source.name
        copy.write_bytes(source.read_bytes())
        paths.append(copy)
    return paths


def damaged_copies(database: Path, folder: Path) -> dict[str, Path]:
    """Copies of a good *database* broken in the ways disks, copies and downloads break them."""
    folder.mkdir(parents=True, exist_ok=True)
    data = database.read_bytes()
    size = len(data)
    cases = {
        "cut-in-header": data[:100],
        "cut-after-header": data[: 3 * 4096],
        "cut-in-half": data[: size // 2],
        "cut-near-end": data[: size - 1000],
        "empty": b"",
        "garbage": b"not a database at all\n" * 200,
        "zeroed-header": b"\x00" * 4096 + data[4096:],
    }
    written = {}
    for name, content in cases.items():
        path = folder / f"{name}.duckdb"
        path.write_bytes(content)
        written[name] = path
    return written


SENTENCES = (
    "Turkey sent armed drones to the Government of National Accord in Tripoli.",
    "Greece condemned the maritime memorandum signed by Ankara and the GNA.",
    "Egypt and the United Arab Emirates backed Khalifa Haftar.",
    "Russia sent Wagner fighters to Libya.",
    "France and Italy called for a ceasefire in Libya.",
    "Turkish Foreign Minister Mevlut Cavusoglu met his Russian counterpart Sergei Lavrov in Moscow.",
)


def kill_corpus(folder: Path, documents: int = 24) -> Path:
    """*documents* short, distinct dated articles: enough work for an ingest to be killed midway."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(documents):
        lines = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(4)]
        day = f"2020-{1 + n % 12:02d}-{1 + n % 27:02d}"
        (folder / f"article-{n:03d}.txt").write_text(
            f"Title: Dispatch number {n}\nDate: {day}\n\nDispatch {n}. " + " ".join(lines) + "\n",
            encoding="utf-8",
        )
    return folder


# Paragraphs of one article, and the odd values a text column can hold (row 1 is the article as a
# list of paragraphs; rows 2 to 7 hold no text and are skipped with these reasons).
PARAGRAPHS = ["Turkey sent armed drones to the Government of National Accord.", "Greece condemned Turkey."]
ODD_TEXTS = [
    {"text": PARAGRAPHS, "date": "2020-01-10"},
    {"text": 42},
    {"text": True},
    {"text": float("nan")},
    {"text": {"body": "Turkey met Greece."}},
    {"text": ["Turkey met Greece.", 7]},
    {"text": None},
]
ODD_REASONS = [
    "row 2: column 'text' holds a number (42)",
    "row 3: column 'text' holds a boolean (True)",
    "row 4: column 'text' holds NaN",
    "row 5: column 'text' holds a nested object",
    "row 6: column 'text' holds a list holding a number (7)",
    "row 7: no text",
]


def write_tables(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    good = {"text": "Turkey sent armed drones to the Government of National Accord.", "date": "2020-01-10"}
    lines = {
        "broken.jsonl": [json.dumps(good), '{"text": "unterminated', "[1, 2]", "null", json.dumps(good)],
        "no-text.jsonl": [json.dumps({"body2": "x", "date": "2020-01-01"})],
        "text-types.jsonl": [
            json.dumps({"text": 42}),
            json.dumps({"text": None}),
            json.dumps({"text": ["a"]}),
        ],
        "bad-dates.jsonl": [
            json.dumps({**good, "date": "9999-12-31"}),
            json.dumps({**good, "date": "2020-02-30"}),
            json.dumps({**good, "date": "yesterday"}),
        ],
        "formulas.jsonl": [
            json.dumps(
                {"text": "=HYPERLINK(1) Turkey condemned Greece.", "title": "=1+1", "date": "2020-01-01"}
            )
        ],
        "empty.jsonl": [],
        "blank-lines.jsonl": ["", "   ", ""],
    }
    for name, rows in lines.items():
        (folder / name).write_text("\n".join(rows) + ("\n" if rows else ""), encoding="utf-8")
    (folder / "huge-row.jsonl").write_text(json.dumps({"text": "Turkey met Greece. " * 1_200_000}) + "\n")
    # What news APIs and notebooks put in a text column (issue 20): paragraphs as a list, numbers,
    # booleans, NaN, nested objects, a lone surrogate (a JSON escape no encoder would write).
    (folder / "text-odd.jsonl").write_text(
        "\n".join(json.dumps(row) for row in ODD_TEXTS) + '\n{"text": "Egypt condemned \\ud800 Turkey."}\n'
    )
    rows = "".join(f'"Turkey met Greece, meeting number {i}.",2020-01-{1 + i % 27:02d}\n' for i in range(300))
    compressed = gzip.compress(("text,date\n" + rows).encode())
    (folder / "truncated.csv.gz").write_bytes(compressed[: len(compressed) // 2])
    (folder / "ok.jsonl.gz").write_bytes(gzip.compress((json.dumps(good) + "\n").encode()))
    (folder / "truncated.jsonl.gz").write_bytes(gzip.compress((json.dumps(good) + "\n").encode() * 50)[:60])
    (folder / "garbage.jsonl.gz").write_bytes(b"not gzip at all" * 10)
    (folder / "latin1.csv").write_bytes(
        "text,date\nLa Turquie a envoyé des drones à Tripoli.,2020-01-10\n".encode("latin-1")
    )
    (folder / "no-text.csv").write_text("headline,date\nx,2020-01-01\n")
    (folder / "ragged.csv").write_text('text,date\n"Turkey met Greece.,2020-01-01\nx\n"a","b","c","d"\n')
    (folder / "formulas.csv").write_text(
        'text,title,date\n"=cmd|\' /C calc\'!A0 Turkey condemned Greece.","@SUM(1)",2020-01-01\n'
    )
    (folder / "nul.csv").write_bytes(b"text,date\nTurkey\x00 met Greece.,2020-01-01\n")
    (folder / "wide.csv").write_text(
        ",".join(f"c{i}" for i in range(20000)) + ",text\n" + "x," * 20000 + "Chad met Niger.\n"
    )
    (folder / "garbage.parquet").write_bytes(b"PAR1" + os.urandom(2000))
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {"text": [good["text"], "Greece condemned Turkey."], "date": ["2020-01-10", "3021-01-01"]}
        )
        pq.write_table(table, folder / "ok.parquet")
        data = (folder / "ok.parquet").read_bytes()
        (folder / "truncated.parquet").write_bytes(data[: len(data) // 2])
        pq.write_table(pa.table({"text": [1, 2, 3]}), folder / "int-text.parquet")
        pq.write_table(pa.table({"text": pa.array([], pa.string())}), folder / "empty.parquet")
        binary = [PARAGRAPHS[0].encode(), "\n\n".join(PARAGRAPHS).encode("utf-16"), b"\x00\x01\x02" * 100]
        pq.write_table(pa.table({"text": pa.array(binary, pa.binary())}), folder / "binary-text.parquet")
        pq.write_table(
            pa.table({"text": [PARAGRAPHS, ["Greece condemned Turkey."]]}), folder / "list-text.parquet"
        )
        (folder / "ok.parquet.gz").write_bytes(gzip.compress(data))
    except ImportError:
        pass


def write_scenarios(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    header = "Actor,Capability,Position,Salience\n"
    cases = {
        "nan.csv": header + "A,1,nan,0.5\nB,1,60,0.5\n",
        "inf.csv": header + "A,inf,40,0.5\nB,1,60,0.5\n",
        "negative.csv": header + "A,1,40,-0.5\nB,1,60,0.5\n",
        "huge.csv": header + "A,1,1e308,0.5\nB,1,-1e308,0.5\n",
        "empty.csv": "",
        "header-only.csv": header,
        "one-actor.csv": header + "A,1,40,0.5\n",
        "duplicate.csv": header + "A,1,40,0.5\nA,1,60,0.5\n",
        "hostile-names.csv": header
        + '"[bold]Evil[/] =HYPERLINK(1)",1,40,0.5\n"\x1b[31mRed",1,60,0.5\n@SUM,1,50,0.7\n',
        "many.csv": header + "".join(f"A{i},1,{i % 100},0.5\n" for i in range(1000)),
    }
    for name, text in cases.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "latin1.csv").write_bytes(
        (header + "Côte d'Ivoire,1,40,0.5\nFrançe,1,60,0.5\n").encode("latin-1")
    )
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    (folder / "bomb.yaml").write_text(
        bomb + "issue: *i\nnotes: *i\nactors:\n  - {name: A, capability: 1, position: 40, salience: 0.5}\n"
        "  - {name: B, capability: 1, position: 60, salience: 0.5}\n"
    )
    (folder / "not-a-mapping.yaml").write_text("- just\n- a list\n")
    (folder / "binary.yaml").write_bytes(os.urandom(3000))
    (folder / "hostile.yaml").write_text(
        'issue: "[bold]Who[/] [/red] =1+1"\nactors:\n'
        '  - {name: "[/]", capability: 1, position: 40, salience: 0.5}\n'
        '  - {name: "=HYPERLINK(1)", capability: 1, position: 60, salience: 0.5}\n'
    )
    (folder / "backtest-nan.csv").write_text(
        "isnr;pA;sA;pB;sB;out\n1;nan;50;60;inf;50\n2;-5;-50;60;50;1e308\n"
    )
