"""Exports: the network for Gephi and networkx (GraphML, GEXF), tables (CSV), events as PLOVER JSON.

GraphML and GEXF hold only scalar attributes, so the exported graph carries, per node: ``name``,
``bloc`` (index into the blocs, ``-1`` for an actor without a signed tie), ``broker_score`` and
``events``; per edge: ``weight``, ``polarity``, ``cooperation``, ``conflict``, ``material``,
``events`` (a count) and ``event_ids`` (space-separated, for going back to the evidence).

PLOVER JSON follows the record shape of PLOVER's gold-standard files (Open Event Data Alliance):
``id, date, source, target, event, eventText, context, text`` with ``source``/``target`` lists of
``{"actorText", "code"}``; multipolar adds ``mode``, ``quad``, ``quadClass``, ``polarity``,
``modality`` and the evidence's place (``publication`` = document id, ``offsets``). See
docs/analysis.md for the field-by-field mapping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx

from multipolar.analyse import Analysis
from multipolar.document import Event
from multipolar.show.formats import to_csv

FORMATS = ("graphml", "gexf", "csv", "plover-json")
TABLES = ("nodes", "edges", "events")
# CAMEO's quad classes, numbered as in ICEWS/POLECAT data.
QUAD_CLASS = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}
EVENT_FIELDS = (
    "id",
    "doc",
    "date",
    "source",
    "target",
    "type",
    "mode",
    "context",
    "quad",
    "polarity",
    "modality",
    "speaker",
    "trigger",
    "pattern",
    "theatre",
    "theatre_basis",
    "start",
    "end",
    "sentence",
)


# Characters XML 1.0 forbids even as references: C0 controls but tab, newline and carriage
# return; surrogates; U+FFFE and U+FFFF. Names taken from text can hold any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """*value* as text XML 1.0 can hold: each forbidden character becomes U+FFFD (the XML
    writer escapes ``<``, ``>``, ``&`` and quotes itself)."""
    return _NOT_XML.sub("\ufffd", str(value))


def export_graph(analysis: Analysis) -> nx.DiGraph:
    """A copy of the analysed network with only scalar attributes (what GraphML and GEXF can
    hold), every string made valid XML (:func:`xml_text`)."""
    scores = {b.actor: b.score for b in analysis.brokers}
    graph = nx.DiGraph()
    for node, data in analysis.graph.nodes(data=True):
        bloc = analysis.blocs.bloc_of(node)
        graph.add_node(
            xml_text(node),
            name=xml_text(data.get("name", node)),
            bloc=-1 if bloc is None else bloc,
            broker_score=round(scores.get(node, 0.0), 6),
            events=data.get("events", 0),
        )
    for u, v, data in analysis.graph.edges(data=True):
        graph.add_edge(
            xml_text(u),
            xml_text(v),
            weight=float(data["weight"]),
            polarity=data["polarity"],
            cooperation=data["cooperation"],
            conflict=data["conflict"],
            material=data["material"],
            events=len(data["events"]),
            event_ids=xml_text(" ".join(data["events"])),
        )
    return graph


def write_graphml(analysis: Analysis, path: Path) -> Path:
    nx.write_graphml(export_graph(analysis), path)
    return path


def write_gexf(analysis: Analysis, path: Path) -> Path:
    nx.write_gexf(export_graph(analysis), path)
    return path


def node_rows(analysis: Analysis) -> list[dict]:
    return [{"id": n, **d} for n, d in sorted(export_graph(analysis).nodes(data=True))]


def edge_rows(analysis: Analysis) -> list[dict]:
    return [{"source": u, "target": v, **d} for u, v, d in sorted(export_graph(analysis).edges(data=True))]


def event_rows(events: Iterable[Event]) -> list[dict]:
    return [{f: getattr(e, f) for f in EVENT_FIELDS} for e in events]


def table_csv(what: str, analysis: Analysis, events: Iterable[Event]) -> str:
    """One table (``nodes``, ``edges`` or ``events``) as CSV text."""
    if what not in TABLES:
        raise ValueError(f"unknown table {what!r}; choose from {', '.join(TABLES)}")
    if what == "events":
        return to_csv(event_rows(events), EVENT_FIELDS)
    rows = node_rows(analysis) if what == "nodes" else edge_rows(analysis)
    return to_csv(rows)


def write_csv(analysis: Analysis, events: Iterable[Event], folder: Path) -> list[Path]:
    """``nodes.csv``, ``edges.csv`` and ``events.csv`` in *folder* (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    events = list(events)
    written = []
    for what in TABLES:
        path = folder / f"{what}.csv"
        path.write_text(table_csv(what, analysis, events), encoding="utf-8")
        written.append(path)
    return written


def _actor(code: str | None, text: str, names: Mapping[str, str]) -> list[dict] | str:
    if not code:
        return ""  # as PLOVER's own records write a missing actor
    return [{"actorText": text or names.get(code, code), "code": code, "name": names.get(code, code)}]


def plover_record(event: Event, names: Mapping[str, str] | None = None) -> dict:
    """One event as a PLOVER-style JSON record (see the module doc and docs/analysis.md)."""
    names = names or {}
    day, _, end = (event.date or "").partition("/")
    record = {
        "id": event.id,
        "date": day or None,
        "source": _actor(event.source, event.source_text, names),
        "target": _actor(event.target, event.target_text, names),
        "event": event.type,
        "mode": event.mode or "",
        "context": event.context or "",
        "quad": event.quad,
        "quadClass": QUAD_CLASS.get(event.quad),
        "polarity": event.polarity,
        "modality": event.modality,
        "eventText": event.trigger,
        "text": event.sentence,
        "publication": event.doc,
        "offsets": [event.start, event.end],
        "speaker": event.speaker,
        "pattern": event.pattern,
        "theatre": event.theatre,
        "theatreBasis": event.theatre_basis,
        "coder": "multipolar",
    }
    if end:
        record["dateRange"] = [day, end]
    return record


def plover_json(events: Iterable[Event], names: Mapping[str, str] | None = None) -> str:
    return json.dumps([plover_record(e, names) for e in events], ensure_ascii=False, indent=2) + "\n"


def write_plover_json(events: Iterable[Event], path: Path, names: Mapping[str, str] | None = None) -> Path:
    path.write_text(plover_json(events, names), encoding="utf-8")
    return path


def export(
    fmt: str, analysis: Analysis, events: Iterable[Event], out: Path, names: Mapping[str, str] | None = None
) -> list[Path]:
    """Write *analysis* / *events* in *fmt* (one of :data:`FORMATS`) to *out*; the paths written.

    ``csv`` writes a folder of three tables; the others write one file.
    """
    if fmt == "graphml":
        return [write_graphml(analysis, out)]
    if fmt == "gexf":
        return [write_gexf(analysis, out)]
    if fmt == "csv":
        return write_csv(analysis, events, out)
    if fmt == "plover-json":
        return [write_plover_json(events, out, names)]
    raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
