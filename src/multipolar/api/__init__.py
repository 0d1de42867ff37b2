"""multipolar from Python: the one way in, for a notebook and for every command alike.

* :func:`extract` texts or files (nothing stored): an :class:`Extraction`;
* :func:`ingest` files into a store: an :class:`~multipolar.corpus.IngestReport`;
* :func:`open` a store: a :class:`Corpus`, whose methods query it (``events``, ``documents``,
  ``actors``, ``theatres``), analyse it (``network``, ``blocs``, ``brokers``, ``timeline``,
  ``side_changes``, ``rivalries``), write its ``report`` and ``draft_scenario`` from it;
* the actor registry (:mod:`multipolar.api.actors`): ``find_actor``, ``search_actors``,
  ``resolve_names``, ``add_actor``, ``unknown_actors``;
* bargaining forecasts (:mod:`multipolar.api.forecast`): ``run_scenario``, ``run_backtest``,
  ``plot_scenario``;
* gold-standard evaluation (:func:`evaluate`) and the care of a Parquet store
  (:mod:`multipolar.api.stores`).

``multipolar.extract``, ``multipolar.ingest`` and ``multipolar.open`` are these functions. Every
command of the command line parses its options, calls one of them and prints what it returns, so
a notebook and the command line give the same answers. Walkthrough: docs/python.md.

Importing this package loads neither spaCy nor pandas: the names that need them load their
module when first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from multipolar.api.analysis import EventSource
from multipolar.api.corpus import Corpus, open_corpus
from multipolar.api.evaluation import evaluate
from multipolar.api.exporting import Exported
from multipolar.api.extraction import Extraction, ExtractionWarning, extract
from multipolar.api.forecast import (
    ScenarioRun,
    changes_from,
    plot_scenario,
    run_backtest,
    run_scenario,
    write_scenario,
)
from multipolar.api.ingestion import DEMO_TEXTS, ingest, readable_files
from multipolar.api.reporting import WrittenReport
from multipolar.api.selection import QueryError, Selection, defined_theatres, select
from multipolar.api.stores import compact_store, copy_store
from multipolar.read import Columns

if TYPE_CHECKING:
    from multipolar.api.actors import (
        add_actor,
        find_actor,
        registries_in_force,
        resolve_names,
        search_actors,
        unknown_actors,
    )

open = open_corpus  # noqa: A001 -- multipolar.open(db) reads as the libraries our users know

# Names whose module loads spaCy (the registry, the parser): imported when first used.
_HEAVY = {
    name: "multipolar.api.actors"
    for name in (
        "add_actor",
        "find_actor",
        "registries_in_force",
        "resolve_names",
        "search_actors",
        "unknown_actors",
    )
}

__all__ = [
    "DEMO_TEXTS",
    "Columns",
    "Corpus",
    "EventSource",
    "Exported",
    "Extraction",
    "ExtractionWarning",
    "QueryError",
    "ScenarioRun",
    "Selection",
    "WrittenReport",
    "changes_from",
    "compact_store",
    "copy_store",
    "defined_theatres",
    "evaluate",
    "extract",
    "ingest",
    "open",
    "plot_scenario",
    "readable_files",
    "run_backtest",
    "run_scenario",
    "select",
    "write_scenario",
    # loaded when first used (_HEAVY)
    "add_actor",
    "find_actor",
    "registries_in_force",
    "resolve_names",
    "search_actors",
    "unknown_actors",
]


def __getattr__(name: str) -> Any:
    if name in _HEAVY:
        return getattr(import_module(_HEAVY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
