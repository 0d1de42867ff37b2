"""docs/python.md is a notebook: its Python blocks run, in order, in one namespace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "python.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_page_has_code_to_run() -> None:
    assert len(blocks()) >= 10


@pytest.mark.slow
def test_every_python_block_runs(tmp_path: Path) -> None:
    namespace: dict = {"__name__": "docs_python"}
    here = os.getcwd()
    os.chdir(tmp_path)  # the page writes demo.duckdb where it runs
    try:
        for i, code in enumerate(blocks(), start=1):
            try:
                exec(compile(code, f"{DOC.name} block {i}", "exec"), namespace)
            except Exception as exc:  # name the block that broke
                raise AssertionError(f"docs/python.md block {i} failed: {exc!r}\n{code}") from exc
    finally:
        os.chdir(here)
    from multipolar.analyse.rivalries import Rivalries

    assert isinstance(namespace["rivalries"], Rivalries)
    assert (tmp_path / "demo.duckdb").exists()
