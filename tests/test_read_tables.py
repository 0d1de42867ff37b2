"""News dumps: one article per row in JSON lines, CSV or Parquet (gzipped or not), bad rows skipped."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multipolar.read import Columns, ReadError, count_documents, iter_paths, read_paths, read_rows

ROWS = [
    {
        "id": "a1",
        "date": "2020-01-10",
        "title": "One",
        "text": "Turkey met Greece.",
        "outlet": "Wire",
        "lang": "en",
    },
    {"id": "a2", "date": "2020-13-45", "title": "Bad date", "text": "Egypt met Sudan."},
    {"id": "a3", "date": "2020-02-01T08:30:00Z", "title": "Two", "text": "", "outlet": "Wire"},
    {
        "id": "a4",
        "date": "",
        "title": "Three",
        "text": "Russia praised Iran in March 2019.",
        "url": "http://x/4",
    },
]


def write_jsonl(path: Path, rows: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in rows] + list(extra_lines)
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    fields = sorted({k for r in rows for k in r})
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    fields = sorted({k for r in rows for k in r})
    pq.write_table(pa.table({f: [r.get(f) for r in rows] for f in fields}), path)
    return path


@pytest.mark.parametrize(
    "name, writer",
    [
        ("news.jsonl", write_jsonl),
        ("news.jsonl.gz", write_jsonl),
        ("news.csv", write_csv),
        ("news.csv.gz", write_csv),
        ("news.parquet", write_parquet),
    ],
)
def test_each_format_gives_documents_and_reports_bad_rows(tmp_path: Path, name: str, writer) -> None:
    path = writer(tmp_path / name, ROWS)
    errors: list[str] = []
    docs = list(read_rows(path, errors=errors))
    assert [d.title for d in docs] == ["One", "Three"]
    first, last = docs
    assert first.text == "Turkey met Greece." and first.date == date(2020, 1, 10)
    assert first.meta == {"id": "a1", "outlet": "Wire", "lang": "en"}  # extra columns kept
    assert first.path == f"{path}#1"
    assert last.date == date(2019, 3, 31)  # no date given: the text's latest explicit date, as for files
    assert last.meta["url"] == "http://x/4"
    assert errors == [
        f"{path} row 2: date 2020-13-45 is not a real day",
        f"{path} row 3: no text (column 'text' is empty)",
    ]


def test_broken_json_lines_are_reported_by_line_and_the_rest_read(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "n.jsonl", ROWS[:1], ['{"text": "Iran met Iraq."', "[1, 2]", '{"text": "Chad met Niger."}']
    )
    errors: list[str] = []
    docs = list(read_rows(path, errors=errors))
    assert [d.text for d in docs] == ["Turkey met Greece.", "Chad met Niger."]
    assert (
        errors[0].startswith(f"{path} row 2: not valid JSON")
        and errors[1] == f"{path} row 3: not a JSON object"
    )


def test_columns_are_configurable(tmp_path: Path) -> None:
    rows = [
        {"uid": "x", "published": "2021-05-04", "headline": "H", "body": "Chad met Niger.", "maintext": "no"}
    ]
    path = write_jsonl(tmp_path / "n.jsonl", rows)
    (doc,) = read_rows(path, columns=Columns(text="body"))
    assert doc.text == "Chad met Niger." and doc.title == "H" and doc.date == date(2021, 5, 4)
    assert doc.meta == {"id": "x", "maintext": "no"}
    errors: list[str] = []
    assert list(read_rows(path, columns=Columns(text="article_body"), errors=errors)) == []
    assert errors == [f"{path} row 1: no text column"]


def test_a_truncated_gzip_keeps_the_rows_before_the_break(tmp_path: Path) -> None:
    rows = [{"text": f"Turkey met Greece for the {n}th time.", "date": "2020-01-01"} for n in range(2000)]
    path = write_jsonl(tmp_path / "n.jsonl.gz", rows)
    path.write_bytes(path.read_bytes()[:-200])
    errors: list[str] = []
    docs = list(read_paths([path], errors=errors))
    assert 0 < len(docs) < 2000
    assert len(errors) == 1 and "the rest of the file is skipped" in errors[0]


def test_globs_folders_and_counts(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", ROWS)
    write_parquet(tmp_path / "b.parquet", ROWS)
    (tmp_path / "c.txt").write_text("Chad met Niger.")
    assert [p.name for p in iter_paths([str(tmp_path / "*.jsonl")])] == ["a.jsonl"]
    assert [p.name for p in iter_paths([tmp_path])] == ["a.jsonl", "b.parquet", "c.txt"]
    assert count_documents([tmp_path / "b.parquet", tmp_path / "c.txt"]) == 5
    assert count_documents([tmp_path]) is None  # JSON lines are not counted ahead


def test_without_an_errors_list_a_bad_row_raises(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", ROWS[1:2])
    with pytest.raises(ReadError, match="row 1: date 2020-13-45 is not a real day"):
        list(read_rows(path))


@pytest.mark.parametrize("name", ["legacy.csv", "legacy.csv.gz"])
def test_a_windows_1252_csv_is_read_as_such(tmp_path: Path, name: str) -> None:
    """A spreadsheet export in Windows-1252 reads like a text file in it, not as broken UTF-8."""
    data = "text,date\nLa Turquie a envoyé des drones à Tripoli – hier.,2020-01-10\n".encode("cp1252")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    errors: list[str] = []
    docs = list(read_paths([path], errors=errors))
    assert errors == [] and [d.text for d in docs] == ["La Turquie a envoyé des drones à Tripoli – hier."]


def test_utf8_csv_cut_inside_a_character_by_the_sniff_stays_utf8(tmp_path: Path) -> None:
    """The encoding is judged on the first MiB: a character split by that boundary is no sign of
    another encoding, and non-ASCII text past it reads as UTF-8."""
    filler = "x" * ((1 << 20) - len("text,date\n") - 1)
    path = tmp_path / "u.csv"
    path.write_bytes(f"text,date\n{filler}é,2020-01-10\nÉgypte a rencontré la Turquie.,2020-01-11\n".encode())
    docs = list(read_paths([path], errors=[]))
    assert [d.text[-1] for d in docs] == ["é", "."] and docs[1].text.startswith("Égypte")
