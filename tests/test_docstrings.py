"""The public functions of the API and of ``multipolar.analyse`` are documented as networkx
documents its algorithms (parameters, returns, examples, references), and their examples run.

The examples run as doctests in a scratch folder that holds the demo database as
``multipolar-demo/demo.duckdb`` (what ``multipolar demo`` makes), so an example that no longer
says what the code does fails here.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import multipolar
import multipolar.analyse
import multipolar.analyse.examples
import multipolar.api
from multipolar.api import Corpus, EventSource, Extraction
from multipolar.api import actors as registry_api

ANALYSE_MODULES = (
    "network",
    "blocs",
    "brokers",
    "summary",
    "timeline",
    "units",
    "theatres",
    "rivalries",
    "sql",
)
API_MODULES = (
    "analysis",
    "corpus",
    "extraction",
    "ingestion",
    "actors",
    "forecast",
    "stores",
    "selection",
    "evaluation",
)
# The methods a user calls (the rest serve the commands and the analyses' plumbing).
METHODS = {
    EventSource: (
        "selection",
        "names",
        "theatres",
        "theatre_uses",
        "network",
        "analysis",
        "blocs",
        "brokers",
        "network_json",
        "timeline",
        "side_changes",
        "alignment",
        "export",
        "rivalries",
        "draft_scenario",
    ),
    Corpus: ("events", "documents", "document_rows", "actors", "report"),
    Extraction: ("to_arrow", "to_dict", "save", "actor_rows"),
}
# The functions that implement a published method name their sources.
ALGORITHMS = {
    "find_blocs",
    "frustration",
    "frustrated_edges",
    "broker_scores",
    "pivotality",
    "tie_betweenness",
    "reach",
    "event_weight",
    "joint_shares",
    "side_changes",
    "find_rivalries",
    "run_scenario",
}


def analyse_functions() -> Iterator[tuple[str, Callable]]:
    for name in multipolar.analyse.__all__:
        value = getattr(multipolar.analyse, name)
        if inspect.isfunction(value):
            yield name, value
    for module, names in {
        "multipolar.analyse.sql": ("network_from_store", "timeline_from_store", "side_changes_from_store"),
        "multipolar.analyse.brokers": ("pivotality", "tie_betweenness", "reach"),
        "multipolar.analyse.rivalries": ("find_rivalries",),
        "multipolar.analyse.theatres": ("theatre_uses",),
    }.items():
        for name in names:
            yield name, getattr(importlib.import_module(module), name)


def api_functions() -> Iterator[tuple[str, Callable]]:
    for source in (multipolar.api, registry_api):
        for name in source.__all__:
            value = getattr(source, name)
            if inspect.isfunction(value):
                yield name, value
    for cls, names in METHODS.items():
        for name in names:
            yield f"{cls.__name__}.{name}", getattr(cls, name)


DOCUMENTED = sorted({*analyse_functions(), *api_functions()}, key=lambda item: item[0])


@pytest.mark.parametrize(("name", "function"), DOCUMENTED, ids=[name for name, _ in DOCUMENTED])
def test_a_public_function_says_what_it_takes_gives_and_how(name: str, function: Callable) -> None:
    doc = inspect.getdoc(function) or ""
    takes = [p for p in inspect.signature(function).parameters if p not in ("self", "cls")]
    wanted = (["Parameters"] if takes else []) + ["Returns", "Examples"]
    if name in ALGORITHMS:
        wanted.append("References")
    missing = [section for section in wanted if f"\n{section}\n" + "-" * len(section) not in doc]
    assert not missing, f"{name}: the docstring has no {', '.join(missing)} section"


@pytest.fixture(scope="module")
def scratch(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder holding the demo database where ``multipolar demo`` puts it, as the working
    directory of the examples."""
    folder = tmp_path_factory.mktemp("examples")
    (folder / "multipolar-demo").mkdir()
    shutil.copy(demo_db, folder / "multipolar-demo" / "demo.duckdb")
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(here)


@pytest.mark.parametrize(
    "module",
    [f"multipolar.analyse.{m}" for m in ANALYSE_MODULES] + [f"multipolar.api.{m}" for m in API_MODULES],
)
def test_the_examples_run(module: str, scratch: Path) -> None:
    assumed = {"multipolar": multipolar, "examples": multipolar.analyse.examples}
    found = doctest.testmod(
        importlib.import_module(module), extraglobs=assumed, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert found.attempted, f"{module}: no examples"
    assert not found.failed, f"{module}: {found.failed} example(s) do not say what the code does (see above)"
