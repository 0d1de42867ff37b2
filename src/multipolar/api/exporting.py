"""Exports of a store or an extraction (:meth:`multipolar.api.EventSource.export`, ``multipolar
export``): the network for Gephi and networkx, its tables as CSV, the events as PLOVER JSON."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.analyse.summary import analyse_graph
from multipolar.api.selection import QueryError
from multipolar.show import export as exporter

if TYPE_CHECKING:
    from multipolar.api.analysis import EventSource

FORMATS = exporter.FORMATS
TABLES = exporter.TABLES
FILE_ONLY = ("graphml", "gexf")


@dataclass(frozen=True)
class Exported:
    """What an export wrote (``paths``), or, written nowhere, its ``text``; and the size of what
    it holds."""

    paths: list[Path] = field(default_factory=list)
    text: str | None = None
    actors: int = 0
    ties: int = 0
    events: int = 0


def export(
    source: EventSource,
    format: str,
    out: str | os.PathLike[str] | None = None,
    *,
    table: str | None = None,
    k: int = 2,
    **filters: Any,
) -> Exported:
    """Export the selected events of *source* and their analysed network (see
    :meth:`multipolar.api.EventSource.export`)."""
    if format not in FORMATS:
        raise QueryError(f"unknown export format {format!r}; choose from {', '.join(FORMATS)}")
    if table is not None and table not in TABLES:
        raise QueryError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
    if out is None and format in FILE_ONLY:
        raise QueryError(f"{format} needs a file to write (out, --out FILE)")
    if out is None and format == "csv" and table is None:
        raise QueryError(
            "csv needs a folder to write (out, --out FOLDER), or one table "
            "(table, --what nodes|edges|events) to give as text"
        )
    if table is not None and format != "csv":
        raise QueryError(f"a table (--what) is for csv, not {format}")
    selection = source.selection(**filters)
    analysis = analyse_graph(source.graph_of(selection), k=k)  # weighs what ``count`` says
    events = source.selected(dataclasses.replace(selection, count="reports"))  # every report listed
    names = source.names()
    size = {
        "actors": analysis.graph.number_of_nodes(),
        "ties": analysis.graph.number_of_edges(),
        "events": len(events),
    }
    if table is not None:
        text = exporter.table_csv(table, analysis, events)
    elif format == "plover-json" and out is None:
        text = exporter.plover_json(events, names)
    else:
        return Exported(exporter.export(format, analysis, events, Path(out), names), **size)  # type: ignore[arg-type]
    if out is None:
        return Exported(text=text, **size)
    Path(out).write_text(text, encoding="utf-8")
    return Exported([Path(out)], **size)
