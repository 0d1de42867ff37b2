"""The HTML report of a store (:meth:`multipolar.api.Corpus.report`, ``multipolar report``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.api.selection import QueryError
from multipolar.show.report import write_report
from multipolar.show.report_scale import store_payload

if TYPE_CHECKING:
    from multipolar.api.corpus import Corpus

DEFAULT_REPORT = "multipolar-report.html"


@dataclass(frozen=True)
class WrittenReport:
    """Where a report was written, how large it is, and what it holds (``summary``: documents,
    actors, events and the period they cover)."""

    path: Path
    size: int
    summary: dict[str, Any]


def write_corpus_report(
    corpus: Corpus, out: str | os.PathLike[str], *, title: str = "multipolar report", **filters: Any
) -> WrittenReport:
    """Write the self-contained HTML report of *corpus* to *out* (see :meth:`Corpus.report`)."""
    out = Path(out)
    if out.is_dir():
        raise QueryError(f"{out} is a folder; give a file name such as {out / DEFAULT_REPORT}")
    chosen = corpus.selection(**filters)
    payload = store_payload(
        corpus.store,
        since=chosen.since,
        until=chosen.until,
        title=title,
        theatres=chosen.theatres,
        count=chosen.count,
    )
    written = write_report(payload, out)
    return WrittenReport(written, written.stat().st_size, payload["summary"])
