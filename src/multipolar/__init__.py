"""multipolar: from reporting on conflicts to the multi-actor system it describes.

The pipeline reads in one direction, and so does this package:
``read`` -> ``resolve`` -> ``coding`` -> ``theatre`` -> ``store`` -> ``analyse`` -> ``show``, with
``forecast`` playing the analysed system forward.

From Python (docs/python.md)::

    import multipolar
    result = multipolar.extract(["article.txt"], date="2020-01-10")   # .events, .actors, .mentions
    multipolar.ingest(["articles/"], "corpus.duckdb")                 # into a store
    with multipolar.open("corpus.duckdb") as corpus:                  # a store
        corpus.blocs(theatre="libya")

Everything else of the API is in :mod:`multipolar.api`.

Importing ``multipolar`` is cheap: spaCy, pandas and DuckDB load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multipolar.api import (
        Corpus,
        Extraction,
        ExtractionWarning,
        QueryError,
        extract,
        ingest,
        open,
        run_backtest,
        run_scenario,
    )

__version__ = "0.1.0"
__all__ = [
    "Corpus",
    "Extraction",
    "ExtractionWarning",
    "QueryError",
    "extract",
    "ingest",
    "open",
    "run_backtest",
    "run_scenario",
]


def __getattr__(name: str) -> Any:
    # The API pulls in the analysis (networkx) and, when used, spaCy and pandas: load it on first use.
    if name in __all__:
        from importlib import import_module

        return getattr(import_module("multipolar.api"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
