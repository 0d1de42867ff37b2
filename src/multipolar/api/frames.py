"""Rows as pandas DataFrames with fixed columns (so that an empty result still has its columns).

pandas is imported here, when a table is first made, never when ``multipolar`` is imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from multipolar.document import Event, Mention

if TYPE_CHECKING:
    import pandas as pd

EVENT_COLUMNS = tuple(f.name for f in dataclasses.fields(Event))
MENTION_COLUMNS = ("doc", *(f.name for f in dataclasses.fields(Mention)))
DOCUMENT_COLUMNS = ("id", "path", "title", "date", "sentences", "events")
ACTOR_COLUMNS = ("id", "name", "type", "country", "parent", "aliases", "provisional", "mentions", "events")
INCIDENT_FRAME = (
    "id",
    "date",
    "source",
    "type",
    "target",
    "modality",
    "reports",
    "documents",
    "outlets",
    "first_report",
    "last_report",
    "speakers",
    "quad",
    "polarity",
    "theatre",
    "event",
    "doc",
    "sentence",
)
"""The columns of ``Corpus.incidents()``: the act's date as stated (else None), the pair and type,
the combined modality, how it was reported, and its strongest report (``event``, ``doc``, ``sentence``)."""
REPORT_FRAME = (
    "incident",
    "event",
    "doc",
    "title",
    "doc_date",
    "outlet",
    "modality",
    "speaker",
    "source",
    "type",
    "target",
    "date",
    "sentence",
)


def frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of *rows* with exactly *columns*, in that order (missing values are None)."""
    import pandas as pd

    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns))


def event_frame(events: Iterable[Event]) -> pd.DataFrame:
    """One row per event, one column per :class:`~multipolar.document.Event` field."""
    return frame((dataclasses.asdict(e) for e in events), EVENT_COLUMNS)


def mention_frame(mentions: Iterable[tuple[str, Mention]]) -> pd.DataFrame:
    """One row per ``(document id, mention)``."""
    return frame(({"doc": doc, **dataclasses.asdict(m)} for doc, m in mentions), MENTION_COLUMNS)
