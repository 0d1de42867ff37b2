"""Dates as people read them (show/dates.py): one rule for CLI tables and the whole report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.document import Document, Event
from multipolar.show.dates import display, info, month_of, period_label, span, year_of
from multipolar.store import Store


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2019-12-15", "15 Dec 2019"),
        (date(2019, 12, 15), "15 Dec 2019"),
        ("2019-12-01/2019-12-31", "Dec 2019"),
        ("2020-02-01/2020-02-29", "Feb 2020"),  # a leap year's February is a whole month
        ("2019-01-01/2019-12-31", "2019"),
        ("2019-01-01/2020-12-31", "2019\u20132020"),
        ("2019-01-01/2019-06-30", "Jan\u2013Jun 2019"),
        ("2019-11-01/2020-02-29", "Nov 2019 \u2013 Feb 2020"),
        ("2019-11-21/2019-11-30", "21\u201330 Nov 2019"),
        ("2019-11-20/2019-12-05", "20 Nov \u2013 5 Dec 2019"),
        ("2019-12-20/2020-01-05", "20 Dec 2019 \u2013 5 Jan 2020"),
    ],
)
def test_a_date_is_shown_at_its_own_precision(value: object, shown: str) -> None:
    assert display(value) == shown


def test_no_date_and_unreadable_dates() -> None:
    assert display(None) == "" and display(None, "undated") == "undated"
    assert display("sometime") == "sometime"  # shown as stored, never hidden
    assert span("2019-13-01") is None and span("") is None
    assert span("2020-01-05/2019-12-20") == span("2019-12-20/2020-01-05")


def test_where_a_date_counts() -> None:
    assert month_of("2019-12-15") == "2019-12" and year_of("2019-12-15") == "2019"
    assert month_of("2019-12-01/2019-12-31") == "2019-12"
    assert month_of("2019-11-20/2019-12-05") == "2019-11"  # a short span counts in its first month
    assert month_of("2019-01-01/2019-12-31") is None and year_of("2019-01-01/2019-12-31") == "2019"
    assert year_of("2018-03-01/2020-01-10") is None and month_of(None) is None
    assert info("2019-12-01/2019-12-31") == {"text": "Dec 2019", "month": "2019-12", "year": "2019"}
    assert period_label("2019-12") == "Dec 2019" and period_label("2019") == "2019"
    assert period_label("2019-Q3") == "2019-Q3"


def _store_with_dated_events(db: Path) -> None:
    sentences = ["Turkey met Russia.", "Russia met Turkey.", "Turkey met Iran."]
    doc = Document(text=" ".join(sentences), path="d.md", title="Talks", date=date(2020, 1, 10))
    when = ["2019-12-01/2019-12-31", "2019-12-15", "2019-01-01/2019-12-31"]
    offset = 0
    pairs = [("TUR", "RUS"), ("RUS", "TUR"), ("TUR", "IRN")]
    for sentence, day, (source, target) in zip(sentences, when, pairs, strict=True):
        doc.sentences.append((offset, offset + len(sentence)))
        doc.events.append(
            Event(
                doc=doc.id,
                sentence=sentence,
                start=offset,
                end=offset + len(sentence),
                source=source,
                target=target,
                type="CONSULT",
                quad="verbal_cooperation",
                polarity=1,
                trigger="met",
                date=day,
            )
        )
        offset += len(sentence) + 1
    actors = [
        SimpleNamespace(id=i, name=n, type="state", country=i, parent=None, aliases=())
        for i, n in (("TUR", "Turkey"), ("RUS", "Russia"), ("IRN", "Iran"))
    ]
    with Store(db) as store:
        store.add(doc, actors)


def test_cli_tables_show_dates_as_the_report_does_and_csv_keeps_iso(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    _store_with_dated_events(db)
    runner = CliRunner()
    table = runner.invoke(app, ["events", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "Dec 2019" in table.output and "15 Dec 2019" in table.output and "2019-12-01/" not in table.output
    csv = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert "2019-12-01/2019-12-31" in csv.output and "Dec 2019" not in csv.output
    documents = runner.invoke(app, ["documents", "--db", str(db)])
    assert "10 Jan 2020" in documents.output
