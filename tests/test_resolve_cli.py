"""`multipolar actors ...`: resolve, add, show, search, and one-line errors."""

import json

import pytest
from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MULTIPOLAR_REGISTRY", raising=False)


def test_resolve_explains_each_mention():
    result = runner.invoke(
        app,
        [
            "actors",
            "resolve",
            "Haftar's forces shelled Tripoli; the Kremlin denied it.",
            "--date",
            "2019-06-01",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["text"], r["actor"], r["rule"]) for r in rows] == [
        ("Haftar's forces", "LBY-LAAF", "alias"),
        ("Tripoli", "LBY-GNA", "seat"),
        ("Kremlin", "RUS", "seat"),
    ]


def test_add_writes_a_user_file_that_later_commands_use():
    result = runner.invoke(
        app,
        [
            "actors",
            "add",
            "SDN-JEM",
            "--type",
            "armed_group",
            "--name",
            "Justice and Equality Movement",
            "--country",
            "SDN",
            "--alias",
            "JEM",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["actors", "resolve", "JEM fighters crossed the border.", "-f", "json"])
    assert json.loads(result.output)[0]["actor"] == "SDN-JEM"
    shown = runner.invoke(app, ["actors", "show", "SDN-JEM"])
    assert json.loads(shown.output)["defined_at"] == "multipolar-actors.tsv:2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["actors", "add", "Y-1", "--type", "foo", "--name", "x"], "multipolar-actors.tsv:2: type 'foo'"),
        (["actors", "add", "Y-1", "--type", "igo", "--name", "x", "--country", "ZZZ"], "unknown country"),
        (["actors", "resolve", "Ankara", "--date", "2020-13-01"], "--date expects YYYY-MM-DD"),
        (["actors", "show", "NOPE"], "no actor 'NOPE'"),
        (["actors", "--db", "missing.duckdb"], "no such database"),
        (["actors", "resolve", "x", "--registry", "missing.tsv"], "no such registry file"),
    ],
)
def test_bad_input_is_one_line_error(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_failed_add_leaves_no_file(tmp_path):
    runner.invoke(app, ["actors", "add", "Y-1", "--type", "foo", "--name", "x"])
    assert not (tmp_path / "multipolar-actors.tsv").exists()


def test_search_finds_by_alias():
    result = runner.invoke(app, ["actors", "search", "Hemedti", "-f", "json"])
    assert result.exit_code == 0
    assert "SDN-HEMEDTI" in [r["id"] for r in json.loads(result.output)]
