"""Text from documents is data in every output: never Rich markup, a spreadsheet formula, a
terminal escape, invalid XML or live HTML (issue 13, items 3 and 4)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from hostile.corpus import (
    CONTROLS,
    HOSTILE_ACTOR,
    HOSTILE_NAME,
    hostile_registry,
    hostile_texts,
)
from multipolar.analyse import analyse
from multipolar.cli import app
from multipolar.document import Event
from multipolar.show.export import export, xml_text
from multipolar.show.formats import FORMULA_START, csv_cell, printable, render, to_csv

runner = CliRunner()

MARKUP = ("[/]", "[/red]", "[bold]")


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store of the hostile texts, with the hostile actor from a user registry."""
    folder = tmp_path_factory.mktemp("hostile")
    registry = hostile_registry(folder)
    texts = hostile_texts(folder / "texts")
    db = folder / "hostile.duckdb"
    invoke("ingest", *map(str, texts), "--db", str(db), "--registry", str(registry))
    return db, registry


# -- terminal tables ------------------------------------------------------------------------------


def test_render_shows_markup_as_written_and_controls_as_codes() -> None:
    console = Console(file=io.StringIO(), width=200, force_terminal=True)
    rows = [{"name": "[bold]x[/] [/red] [/]", "text": f"a{CONTROLS}b :thumbs_up:"}]
    render(rows, "table", console=console, title="[/] title")
    out = console.file.getvalue()
    assert "[bold]x[/] [/red] [/]" in out and "[/] title" in out and ":thumbs_up:" in out
    assert "\x1b[2J" not in out and "\x07" not in out and "\\x1b[2J" in out


def test_printable_keeps_text_and_shows_controls() -> None:
    assert printable("Ankara, Türkiye\tنص\n") == "Ankara, Türkiye\tنص\n"
    assert printable("a\x1b[31mb\x9bc\u202ed") == "a\\x1b[31mb\\x9bc\\u202ed"


@pytest.mark.parametrize(
    "command",
    [
        ("events",),
        ("documents",),
        ("actors",),
        ("network",),
        ("blocs",),
        ("brokers",),
        ("timeline", "--actor", "TUR"),
    ],
)
def test_every_table_prints_hostile_data_as_written(hostile_db: tuple[Path, Path], command) -> None:
    db, _ = hostile_db
    out = invoke(*command, "--db", str(db))
    assert "\x1b" not in out and "\x07" not in out
    if command[0] in ("events", "documents"):
        assert any(m in out for m in MARKUP)
    if command[0] in ("actors", "network", "blocs"):  # the hostile name, folded in its cell
        assert "[bold]" in out and "\\x1b[31m" in out


def test_extract_table_with_hostile_registry(hostile_db: tuple[Path, Path], tmp_path: Path) -> None:
    _, registry = hostile_db
    texts = hostile_texts(tmp_path)
    out = invoke("extract", *map(str, texts), "--registry", str(registry))
    assert "[/red]" in out and "\x1b" not in out and HOSTILE_ACTOR in out


def test_actor_search_and_show_print_hostile_names(hostile_db: tuple[Path, Path]) -> None:
    _, registry = hostile_db
    out = invoke("actors", "search", "Evil", "--registry", str(registry))
    assert "[bold]" in out and "\\x1b[31m" in out and "\x1b" not in out
    shown = json.loads(invoke("actors", "show", HOSTILE_ACTOR, "--registry", str(registry)))
    assert shown["name"] == HOSTILE_NAME  # JSON keeps the value exactly (and escapes controls)


# -- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-0.5", "-0.5"),
        ("+1e3", "+1e3"),
        (-1, "-1"),
        (-2.5, "-2.5"),
        ("Ankara", "Ankara"),
        (["=a", "b"], "'=a; b"),
        (None, ""),
    ],
)
def test_csv_cell_defuses_formulas_and_keeps_numbers(value, cell) -> None:
    assert csv_cell(value) == cell


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _no_formula(cells: list[str]) -> None:
    numeric = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    live = [c for c in cells if c.startswith(FORMULA_START) and not numeric.fullmatch(c)]
    assert not live, live


def test_to_csv_round_trips_with_the_prefix() -> None:
    text = to_csv([{"a": '=1+1,"x"\n', "b": -3}])
    assert _cells(text) == ["a", "b", '\'=1+1,"x"\n', "-3"]


@pytest.mark.parametrize(
    "command",
    [
        ("events", "-f", "csv"),
        ("documents", "-f", "csv"),
        ("actors", "-f", "csv"),
        ("network", "-f", "csv"),
        ("blocs", "-f", "csv"),
        ("brokers", "-f", "csv"),
        ("export", "-f", "csv", "--what", "events"),
        ("export", "-f", "csv", "--what", "nodes"),
        ("export", "-f", "csv", "--what", "edges"),
    ],
)
def test_every_csv_output_is_formula_free(hostile_db: tuple[Path, Path], command) -> None:
    db, _ = hostile_db
    out = invoke(*command, "--db", str(db))
    cells = _cells(out)
    _no_formula(cells)
    if command[0] == "events" or command[-1] == "events":
        assert any(c.startswith("'=cmd") for c in cells)
    if command[0] == "documents":
        assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_export_csv_folder_is_formula_free(hostile_db: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = hostile_db
    runner.invoke(app, ["export", "-f", "csv", "--out", str(tmp_path / "csv"), "--db", str(db)])
    files = sorted((tmp_path / "csv").glob("*.csv"))
    assert [f.name for f in files] == ["edges.csv", "events.csv", "nodes.csv"]
    for path in files:
        _no_formula(_cells(path.read_text(encoding="utf-8")))


def test_extract_csv_is_formula_free(tmp_path: Path) -> None:
    out = invoke("extract", *map(str, hostile_texts(tmp_path)), "-f", "csv")
    cells = _cells(out)
    _no_formula(cells)
    assert any(c.startswith("'=cmd") for c in cells)


# -- XML and HTML ---------------------------------------------------------------------------------


def test_xml_text_replaces_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x1bc\tok\n\ufffe") == "a\ufffdb\ufffdc\tok\n\ufffd"
    assert xml_text("<script>&") == "<script>&"  # the writer escapes these


def _hostile_analysis():
    def event(source: str, target: str, n: int) -> Event:
        return Event(
            doc="d",
            sentence=f"s{n}",
            start=n,
            end=n + 1,
            source=source,
            target=target,
            type="ASSAULT",
            quad="material_conflict",
            polarity=-1,
        )

    events = [event("TUR", "XEV\x1b-EVIL", 1), event("RUS", "TUR", 2), event("XEV\x1b-EVIL", "RUS", 3)]
    names = {"XEV\x1b-EVIL": HOSTILE_NAME, "TUR": "Turkey", "RUS": "Russia"}
    return analyse(events, names), events


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_are_valid_and_keep_names(tmp_path: Path, fmt: str) -> None:
    analysis, events = _hostile_analysis()
    (path,) = export(fmt, analysis, events, tmp_path / f"net.{fmt}")
    root = ET.parse(path).getroot()  # raises on invalid XML
    values = {(el.text or "") for el in root.iter()} | {v for el in root.iter() for v in el.attrib.values()}
    assert xml_text(HOSTILE_NAME) in values


def test_graphml_from_a_hostile_store(hostile_db: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = hostile_db
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"store.{fmt}"
        result = runner.invoke(app, ["export", "-f", fmt, "--out", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        text = ET.tostring(ET.parse(out).getroot(), encoding="unicode")
        assert "[bold]Evil[/]" in text


def test_report_embeds_hostile_text_as_data(hostile_db: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = hostile_db
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(db), "--out", str(out), "--title", "</title><b>x"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "</title><b>x" not in html
    # The payload holds the hostile name, escaped, inside the one JSON data element.
    data = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert data is not None and "alert(1)" in data.group(1)
    assert json.loads(data.group(1)) is not None
