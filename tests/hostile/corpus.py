"""The hostile inputs that are not plain files: control characters, a user registry with hostile
actor names, damaged copies of a database, a corpus to kill an ingest in.

Used by the tests and by ``tools/probe_hostile.py``; everything is written into a folder the
caller gives, so nothing large or binary lives in the repository.
"""

from __future__ import annotations

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
