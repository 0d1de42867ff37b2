"""multipolar from Python: :func:`extract` texts, :func:`open` a store, and analyse either.

``multipolar.extract`` and ``multipolar.open`` are these functions; the commands call the same
methods, so a notebook and the command line give the same answers. Walkthrough: docs/python.md.
"""

from multipolar.api.analysis import EventSource
from multipolar.api.corpus import Corpus, open_corpus
from multipolar.api.extraction import Extraction, ExtractionWarning, extract
from multipolar.api.selection import QueryError, Selection, select

open = open_corpus  # noqa: A001 -- multipolar.open(db) reads as the libraries our users know

__all__ = [
    "Corpus",
    "EventSource",
    "Extraction",
    "ExtractionWarning",
    "QueryError",
    "Selection",
    "extract",
    "open",
    "select",
]
