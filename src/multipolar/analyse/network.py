"""The signed, weighted, directed actor network built from coded events.

Every event with a source and a distinct target contributes ``polarity * quad weight * modality
weight`` to the edge ``source -> target``. An edge's ``weight`` is the sum over its events: net
cooperation minus conflict. The weights say how much one event tells us about a tie:

* **quad** (:data:`QUAD_WEIGHTS`; PLOVER's quad classes, after the CAMEO/Goldstein convention
  that deeds weigh more than words): material cooperation or conflict counts twice a verbal one.
  This is the analysis's own choice, so it lives here.
* **modality**: how far the text vouches for the event. One table serves the whole project
  (coding, analysis, scenario drafting): ``modality_weights`` in the PLOVER ontology data file
  ``data/ontology/plover.yaml`` (asserted 1, reported 0.7, future 0.5, hedged 0.4, negated 0, so
  "X did not attack Y" is *not* a tie at all), read by :func:`default_modality_weights`.

Every function takes both tables as keyword arguments (``modality_weights=None`` meaning the
ontology's), so a study can use its own weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

import networkx as nx

from multipolar.document import Event

QUAD_WEIGHTS: dict[str, float] = {
    "verbal_cooperation": 1.0,
    "material_cooperation": 2.0,
    "verbal_conflict": 1.0,
    "material_conflict": 2.0,
}


def default_modality_weights() -> Mapping[str, float]:
    """The modality weights of the PLOVER ontology (``modality_weights`` in
    ``data/ontology/plover.yaml``): the one table that coding, analysis and drafting share."""
    # Imported here, not at the top: the coding package brings in spaCy, which the analysis of
    # stored events never needs until the table is first read.
    from multipolar.coding.ontology import load_ontology

    return MappingProxyType(load_ontology().modality_weights)


def event_day(value: str | date | None) -> date | None:
    """The day an event is placed on: an ISO date, the start of an interval ``a/b``, or the first
    day of a partial date (``2019-11`` -> 1 November); ``None`` when there is no usable date."""
    if value is None or isinstance(value, date):
        return value
    text = value.split("/", 1)[0].strip()
    for size, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        if len(text) >= size:
            try:
                return date.fromisoformat(text[:size] + suffix)
            except ValueError:
                continue
    return None


def in_window(event: Event, since: date | None = None, until: date | None = None) -> bool:
    """Whether *event* falls in ``[since, until]``; an undated event falls only in the open window."""
    if since is None and until is None:
        return True
    day = event_day(event.date)
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def event_weight(
    event: Event,
    *,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> float:
    """``polarity * quad weight * modality weight``; unknown quads and modalities weigh 1.

    *modality_weights* defaults to the ontology's (:func:`default_modality_weights`).
    """
    modalities = modality_weights if modality_weights is not None else default_modality_weights()
    return event.polarity * quad_weights.get(event.quad, 1.0) * modalities.get(event.modality, 1.0)


def select_events(
    events: Iterable[Event],
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Iterable[str] | None = None,
) -> list[Event]:
    """The events in a time window and (optionally) a set of documents."""
    wanted = set(docs) if docs is not None else None
    return [e for e in events if in_window(e, since, until) and (wanted is None or e.doc in wanted)]


def build_network(
    events: Iterable[Event],
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Iterable[str] | None = None,
    names: Mapping[str, str] | None = None,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> nx.DiGraph:
    """The signed, weighted, directed actor network of *events* (in a window, for some documents).

    Nodes are every actor that is the source or target of a selected event (attributes ``name``,
    from *names* or the id, and ``events``, the number of events it takes part in). An edge
    ``u -> v`` exists when u acted on v with non-zero weight; its attributes:

    ``weight``
        sum of :func:`event_weight` over its events (net cooperation minus conflict);
    ``polarity``
        the sign of ``weight`` (+1, -1, or 0 when cooperation and conflict cancel);
    ``cooperation`` / ``conflict``
        how many of its events are cooperative / conflictual;
    ``material``
        how many are material (either sign);
    ``events``
        the ids of its events, for going back to the evidence.
    """
    graph = nx.DiGraph()
    names = names or {}
    if modality_weights is None:
        modality_weights = default_modality_weights()
    for event in select_events(events, since=since, until=until, docs=docs):
        for actor in (event.source, event.target):
            if actor:
                if actor not in graph:
                    graph.add_node(actor, name=names.get(actor, actor), events=0)
                graph.nodes[actor]["events"] += 1
        weight = event_weight(event, quad_weights=quad_weights, modality_weights=modality_weights)
        if not event.target or event.target == event.source or weight == 0:
            continue  # not a tie: no target, a self-reference, a negated or neutral event
        if not graph.has_edge(event.source, event.target):
            graph.add_edge(
                event.source, event.target, weight=0.0, cooperation=0, conflict=0, material=0, events=[]
            )
        edge = graph.edges[event.source, event.target]
        edge["weight"] += weight
        edge["cooperation" if weight > 0 else "conflict"] += 1
        edge["material"] += event.quad.startswith("material")
        edge["events"].append(event.id)
    for _, _, data in graph.edges(data=True):
        data["weight"] = round(data["weight"], 6)
        data["polarity"] = (data["weight"] > 0) - (data["weight"] < 0)
    return graph


def signed_projection(graph: nx.DiGraph) -> nx.Graph:
    """The undirected signed graph of *graph*: ``w(u, v) = w(u -> v) + w(v -> u)``.

    Balance theory is about undirected sentiment between pairs, so blocs are computed on this
    projection. Pairs whose two directions cancel exactly carry no sign and get no edge; actors
    without any signed tie are kept as isolated nodes (they belong to no bloc).
    """
    signed = nx.Graph()
    signed.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        previous = signed.edges[u, v]["weight"] if signed.has_edge(u, v) else 0.0
        signed.add_edge(u, v, weight=previous + data["weight"])
    zero = [(u, v) for u, v, w in signed.edges(data="weight") if abs(w) < 1e-9]
    signed.remove_edges_from(zero)
    return signed
