"""multipolar from Python: the one way in, for a notebook and for every command alike.

* :func:`extract` texts or files (nothing stored): an :class:`Extraction`;
* :func:`ingest` files into a store: an :class:`~multipolar.corpus.IngestReport`;
* :func:`open` a store: a :class:`Corpus`, whose methods query it (``events``, ``documents``,
  ``actors``, ``theatres``), analyse it (``network``, ``blocs``, ``brokers``, ``timeline``,
  ``side_changes``, ``rivalries``), write its ``report`` and ``draft_scenario`` from it;
* the actor registry, in :mod:`multipolar.api.actors` (``from multipolar.api import actors``;
  it loads spaCy): ``find_actor``, ``search_actors``, ``resolve_names``, ``add_actor``,
  ``unknown_actors``;
* bargaining forecasts (:mod:`multipolar.api.forecast`): ``run_scenario``, ``run_backtest``,
  ``plot_scenario``;
* gold-standard evaluation (:func:`evaluate`) and the care of a Parquet store
  (:mod:`multipolar.api.stores`).

``multipolar.extract``, ``multipolar.ingest`` and ``multipolar.open`` are these functions. Every
command of the command line parses its options, calls one of them and prints what it returns, so
a notebook and the command line give the same answers. Walkthrough: docs/python.md.

Importing this package loads neither spaCy nor pandas; they load when first needed. The examples
in the documentation assume ``import multipolar`` and the demo database ``multipolar demo`` makes.
"""

from __future__ import annotations

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
from multipolar.api.ingestion import DEMO_TEXTS, engine, ingest, readable_files
from multipolar.api.reporting import WrittenReport
from multipolar.api.selection import QueryError, Selection, defined_theatres, select
from multipolar.api.stores import compact_store, copy_store
from multipolar.read import Columns

open = open_corpus  # noqa: A001 -- multipolar.open(db) reads as the libraries our users know

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
    "engine",
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
]
