"""What news dumps and notebooks really send (issue 20): odd values in a text column, odd arguments
to the Python API, truncated and unsupported files, text that reaches matplotlib."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from typer.testing import CliRunner

import multipolar
from hostile.corpus import ODD_REASONS, PARAGRAPHS, write_tables
from multipolar.cli import app
from multipolar.document import Document, content_id
from multipolar.read import read_paths, read_rows
from multipolar.read.cells import NotText, text_of, valid_unicode
from multipolar.store import Store

runner = CliRunner()
ARTICLE = "\n\n".join(PARAGRAPHS)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    write_tables(folder)
    return folder


# -- 1. text columns: one rule for JSON lines, CSV, Parquet and the API --------------------------


def test_a_json_text_column_of_odd_values_gives_texts_or_skipped_rows_with_reasons(tables: Path) -> None:
    errors: list[str] = []
    documents = list(read_rows(tables / "text-odd.jsonl", errors=errors))
    assert [d.text for d in documents] == [ARTICLE, "Egypt condemned \ufffd Turkey."]
    assert len(errors) == len(ODD_REASONS)
    for error, reason in zip(errors, ODD_REASONS, strict=True):
        assert reason in error, errors
    assert not any("[" in d.text or d.text in ("42", "True", "nan") for d in documents)
    assert documents[1].meta == {"replaced_characters": 1}


def test_parquet_lists_and_binary_text_are_read_as_their_text(tables: Path) -> None:
    listed = list(read_rows(tables / "list-text.parquet", errors=[]))
    assert [d.text for d in listed] == [ARTICLE, "Greece condemned Turkey."]
    errors: list[str] = []
    binary = list(read_rows(tables / "binary-text.parquet", errors=errors))
    assert [d.text for d in binary] == [PARAGRAPHS[0], ARTICLE]  # UTF-8, and UTF-16 with its mark
    assert len(errors) == 1 and errors[0].endswith("row 3: column 'text' holds binary data, not a text")
    # The same article is the same document, whichever way it came.
    jsonl = next(read_rows(tables / "text-odd.jsonl", errors=[]))
    assert jsonl.id == listed[0].id == binary[1].id == content_id(ARTICLE)


def test_a_csv_cell_is_its_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(f'text\n"{ARTICLE}"\n42\nTrue\n', encoding="utf-8")
    assert [d.text for d in read_rows(path, errors=[])] == [ARTICLE, "42", "True"]  # CSV has no types


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (3, "a number (3)"),
        (2.5, "a number (2.5)"),
        (False, "a boolean (False)"),
        (float("nan"), "NaN"),
        ({"a": 1}, "a nested object"),
        ([["a"]], "a list holding a list, not a list of paragraphs"),
        (b"\x00\x01\x02" * 50, "binary data"),
    ],
)
def test_values_that_hold_no_text_say_what_they_are(value: object, reason: str) -> None:
    with pytest.raises(NotText, match=reason.replace("(", r"\(").replace(")", r"\)")):
        text_of(value)


def test_lone_surrogates_are_replaced_and_counted_and_pairs_joined() -> None:
    assert valid_unicode("a\ud800b\udfffc") == ("a\ufffdb\ufffdc", 2)
    assert valid_unicode("\ud83d\ude00") == ("\U0001f600", 0)  # a pair is the character it encodes
    assert valid_unicode("plain \ufffd") == ("plain \ufffd", 0)
    assert Document(text="a\ud800").id  # hashing never fails on one


def test_ingest_of_odd_rows_stores_the_texts_and_names_each_skipped_row(tables: Path, tmp_path: Path) -> None:
    db = tmp_path / "odd.duckdb"
    result = runner.invoke(app, ["ingest", str(tables / "text-odd.jsonl"), "--db", str(db)])
    assert result.exit_code == 1, result.output  # rows were skipped
    assert "Traceback" not in result.output
    for reason in ODD_REASONS:
        assert reason in result.output
    with Store(db, read_only=True) as store:
        texts = sorted(r[0] for r in store.con.execute("SELECT text FROM documents").fetchall())
    assert texts == sorted([ARTICLE, "Egypt condemned \ufffd Turkey."])


# -- 2. the Python API checks its arguments as the command line does ---------------------------


def test_an_empty_string_is_an_empty_text_never_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "article.txt").write_text("Turkey attacked Syria in Idlib.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for empty in ("", "   ", "\n"):
        with pytest.warns(multipolar.api.ExtractionWarning, match="texts_or_paths: empty text"):
            result = multipolar.extract(empty)
        assert len(result.documents) == 0 and result.errors == ["texts_or_paths: empty text"]
    assert len(multipolar.extract(".").documents) == 1  # a folder named as such is still read


@pytest.mark.parametrize("bad", [None, 123, 1.5, True, {"text": "Turkey met Greece."}, object()])
def test_extract_refuses_what_is_neither_a_text_nor_a_path(bad: object) -> None:
    with pytest.raises(TypeError, match=r"texts_or_paths: expected a text \(str, bytes or a list of str\)"):
        multipolar.extract(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "error", "says"),
    [
        ({"workers": 0}, ValueError, "workers=0: expected a whole number >= 1"),
        ({"workers": "2"}, TypeError, "workers: expected a whole number"),
        ({"workers": 2.0}, TypeError, "workers: expected a whole number"),
        ({"registry": 5}, TypeError, "registry: expected a path"),
        ({"registry": ""}, ValueError, "registry: an empty path"),
        ({"date": "yesterday"}, ValueError, "date expects YYYY-MM-DD"),
    ],
)
def test_extract_checks_its_options(options: dict, error: type, says: str) -> None:
    with pytest.raises(error, match=says):
        multipolar.extract("Turkey met Greece.", **options)


def test_items_that_hold_no_text_are_skipped_with_their_index_and_reason() -> None:
    items = [PARAGRAPHS, ARTICLE.encode(), None, float("nan"), 5, b"\x00\x01" * 50, "", ["a", {"b": 1}]]
    with pytest.warns(multipolar.api.ExtractionWarning, match="6 of the texts or files could not be read"):
        result = multipolar.extract(items, date="2020-01-10")
    first, second = result.documents["id"]
    assert first == second  # the list of paragraphs and the bytes hold one text
    assert result.errors == [
        "texts_or_paths[2]: None, not a text",
        "texts_or_paths[3]: NaN (a missing value), not a text",
        "texts_or_paths[4]: a number (5), not a text",
        "texts_or_paths[5]: binary data, not a text",
        "texts_or_paths[6]: empty text",
        "texts_or_paths[7]: a list holding a nested object, not a list of paragraphs",
    ]


def test_a_lone_surrogate_in_a_text_is_replaced_counted_and_warned() -> None:
    with pytest.warns(UnicodeWarning, match=r"texts_or_paths: 1 invalid character"):
        result = multipolar.extract("Turkey attacked Syria \ud800 in Idlib.", date="2020-01-10")
    (document,) = result.processed
    assert "\ufffd" in document.text and document.meta == {"replaced_characters": 1}
    assert len(result.events) >= 1


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        (lambda c: c.brokers(top=-1), ValueError, "top=-1: expected a whole number >= 1 or None"),
        (lambda c: c.brokers(top=0), ValueError, "top=0"),
        (lambda c: c.brokers(top="3"), TypeError, "top: expected a whole number"),
        (lambda c: c.brokers(k=0), ValueError, "k=0"),
        (lambda c: c.blocs(k=9), ValueError, "k=9: expected a whole number >= 1 and <= 8"),
        (lambda c: c.rivalries(top=0), ValueError, "top=0"),
        (lambda c: c.network_json(top=None), TypeError, "top: expected a whole number >= 1,"),
        (lambda c: c.timeline(bloc=-1), ValueError, "bloc=-1"),
        (lambda c: c.timeline(actor=7), TypeError, "actor: expected a str"),
        (lambda c: c.events(type=5), TypeError, "type: expected a str or None"),
        (lambda c: c.events(docs=[1]), TypeError, r"docs\[0\]: expected a str"),
        (lambda c: c.blocs(theatre=3), TypeError, "theatre: expected a str"),
        (lambda c: c.blocs(merge_units="no"), TypeError, "merge_units: expected True or False"),
    ],
)
def test_counts_and_filters_are_checked(demo_db: Path, call, error: type, says: str) -> None:
    with multipolar.open(demo_db) as corpus, pytest.raises(error, match=says):
        call(corpus)


def test_top_is_the_best_n_or_all(demo_db: Path) -> None:
    with multipolar.open(demo_db) as corpus:
        everyone = corpus.brokers()
        assert corpus.brokers(top=None) == everyone and len(everyone) > 3
        assert corpus.brokers(top=2) == everyone[:2]
        assert corpus.brokers(top=len(everyone) + 5) == everyone


@pytest.mark.parametrize(("source", "error"), [(None, TypeError), (3, TypeError), ("", ValueError)])
def test_open_refuses_what_is_no_store(source: object, error: type) -> None:
    with pytest.raises(error, match="source"):
        multipolar.open(source)  # type: ignore[arg-type]


# -- 4. compressed and unsupported files -----------------------------------------------------------


def test_a_truncated_csv_gz_keeps_the_rows_before_the_cut(tables: Path) -> None:
    errors: list[str] = []
    documents = list(read_paths([tables / "truncated.csv.gz"], errors=errors))
    assert len(documents) > 50
    assert [d.text for d in documents] == [
        f"Turkey met Greece, meeting number {i}." for i in range(len(documents))
    ]
    (error,) = errors
    assert f"after row {len(documents)}: broken off" in error and "the rest of the file is skipped" in error


@pytest.mark.parametrize("cut", [0.25, 0.5, 0.75])
def test_a_gzipped_table_cut_anywhere_keeps_only_whole_rows(tmp_path: Path, cut: float) -> None:
    jsonl = "".join(f'{{"text": "Greece met Turkey, talk {i}."}}\n' for i in range(2000))
    csv = "text\n" + "".join(f'"Greece met Turkey, talk {i}."\n' for i in range(2000))
    for suffix, text in ((".jsonl.gz", jsonl), (".csv.gz", csv)):
        body = gzip.compress(text.encode())
        path = tmp_path / f"cut{suffix}"
        path.write_bytes(body[: int(len(body) * cut)])
        errors: list[str] = []
        texts = [d.text for d in read_paths([path], errors=errors)]
        assert texts and len(errors) == 1 and "broken off" in errors[0]
        assert texts == [f"Greece met Turkey, talk {i}." for i in range(len(texts))]  # none cut short


@pytest.mark.parametrize("name", ["ok.parquet.gz", "notes.rst", "article.txt.gz"])
def test_unsupported_formats_are_named_with_those_we_read(tables: Path, tmp_path: Path, name: str) -> None:
    path = tables / name if (tables / name).exists() else tmp_path / name
    if not path.exists():
        path.write_bytes(
            gzip.compress(b"Turkey met Greece.") if name.endswith(".gz") else b"Turkey met Greece."
        )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    kind = ".parquet.gz" if name == "ok.parquet.gz" else Path(name).suffix
    if name.endswith(".txt.gz"):
        kind = ".txt.gz"
    assert f"unsupported format {kind} (multipolar reads .txt" in result.output
    assert ".parquet" in result.output and ".csv.gz" in result.output


# -- 5. text reaching matplotlib; a scenario folder -------------------------------------------------


def test_scenario_plot_shows_hostile_names_as_text(tmp_path: Path) -> None:
    from multipolar.forecast.plot import as_text

    scenario = tmp_path / "hostile.csv"
    scenario.write_text(
        'Actor,Capability,Position,Salience\n"$\\frac{$",1,40,0.5\n_hidden,1,60,0.5\n"A $x$ b",1,50,0.7\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["scenario", "plot", str(scenario), "--out", str(tmp_path / "chart")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "chart.png").stat().st_size > 0 and (tmp_path / "chart.svg").stat().st_size > 0
    assert as_text("$\\frac{$") == "\\$\\frac{\\$"
    assert as_text("_hidden") == " _hidden" and as_text("\x1b[31m") == "\\x1b[31m"


def test_a_scenario_folder_is_refused_as_no_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenario", "run", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}: a folder; give a file" in result.output
