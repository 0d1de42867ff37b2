"""Docs that cannot drift: the console sessions of the README and docs/*.md run on a fresh demo
database and print what the documents show (the conventions: ``tools/console_docs.py``). When the
code has moved on, ``python tools/refresh_docs.py`` writes what they print now into the documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import console_docs  # noqa: E402 - a tool of the repository, not a package

DOCUMENTS = [p for p in console_docs.documents() if console_docs.sessions(p)]


def test_matching_reads_ellipses_as_the_docs_write_them() -> None:
    match = console_docs.matches
    assert match(["a", "...   (the rest)", "z"], ["a", "b", "c", "z"])
    assert match(["wrote r.html (... KiB): 8 documents"], ["wrote r.html (471 KiB): 8 documents"])
    assert match(["│ eu │ ...      │"], ["│ eu │ 13.96    │"])
    assert not match(["a", "b"], ["a"]) and not match(["a"], ["a", "b"]) and not match(["a"], ["b"])


def test_refreshing_keeps_the_ellipses_that_still_hold() -> None:
    shown, printed = ["a", "│ eu │ ...      │", "c"], ["A", "│ eu │ 9.1      │", "c"]
    assert console_docs.refreshed(shown, printed) == ["A", "│ eu │ ...      │", "c"]
    assert console_docs.refreshed(["head", "...", "tail"], ["head", "1", "2", "new tail"]) == [
        "head",
        "...",
        "new tail",
    ]


def test_a_refreshed_line_keeps_its_ellipses_and_takes_the_new_figures() -> None:
    line = console_docs.refreshed_line
    assert line("wrote r.html (... KiB): 8 documents", "wrote r.html (449 KiB): 9 documents") == (
        "wrote r.html (... KiB): 9 documents"
    )
    assert line("│ eu │ ...      │ 3 │", "│ eu │ 13.96    │ 4 │") == "│ eu │ ...      │ 4 │"
    assert line("8 documents", "9 documents") == "9 documents"  # a figure is never hidden
    assert console_docs.refreshed(["a", "...", "x (... KiB): 8"], ["b", "c", "d", "x (4 KiB): 9"]) == [
        "b",
        "...",
        "x (... KiB): 9",
    ]


def test_sessions_are_read_from_console_blocks_only(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "```console\n$ multipolar theatres --defined\nsome output\n\n$ true\n```\n"
        "<!-- console: not run: needs a cluster -->\n```console\n$ multipolar ingest x\n```\n"
        "```console\npip install .\n```\n",
        encoding="utf-8",
    )
    (session,) = console_docs.sessions(doc)
    assert [(c.line, c.shown, c.gap) for c in session.commands] == [
        ("multipolar theatres --defined", ["some output"], 1),
        ("true", [], 0),
    ]


@pytest.fixture(scope="module")
def fresh_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return console_docs.make_demo(tmp_path_factory.mktemp("docs-demo"))


@pytest.mark.slow
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_the_console_sessions_print_what_the_docs_show(path: Path, fresh_demo: Path, tmp_path: Path) -> None:
    runs = console_docs.run_document(path, fresh_demo, tmp_path / "scratch")
    found = console_docs.differences(runs)
    assert not found, (
        f"{path.name}: {len(found)} command(s) no longer print what the document shows; if the "
        f"change is right, run `python tools/refresh_docs.py {path.relative_to(console_docs.REPO)}` "
        "and read the diff:\n\n" + "\n\n".join(found)
    )
