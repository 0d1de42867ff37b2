"""One call from events to the whole analysis, and the network JSON contract of ``multipolar network``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from multipolar.analyse.blocs import Blocs, find_blocs
from multipolar.analyse.brokers import BrokerScore, broker_scores
from multipolar.analyse.network import QUAD_WEIGHTS, build_network
from multipolar.document import Event

TOP_BROKERS = 5


@dataclass
class Analysis:
    """The network of a set of events, its blocs, and its actors ranked as brokers."""

    graph: nx.DiGraph
    blocs: Blocs
    brokers: list[BrokerScore]

    def top_brokers(self, top: int = TOP_BROKERS) -> list[str]:
        """The *top* best brokers with a positive score, best first."""
        return [b.actor for b in self.brokers[:top] if b.score > 0]


def analyse(
    events: Iterable[Event],
    names: Mapping[str, str] | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Iterable[str] | None = None,
    k: int = 2,
    seed: int = 0,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> Analysis:
    """Build the network (see :func:`build_network`), find its blocs and rank its brokers."""
    graph = build_network(
        events,
        since=since,
        until=until,
        docs=docs,
        names=names,
        quad_weights=quad_weights,
        modality_weights=modality_weights,
    )
    return analyse_graph(graph, k=k, seed=seed)


def analyse_graph(graph: nx.DiGraph, *, k: int = 2, seed: int = 0, brokers: bool = True) -> Analysis:
    """Blocs and brokers of a network already built (by :func:`build_network`, or aggregated in
    SQL by :func:`multipolar.analyse.sql.network_from_store`); ``brokers=False`` skips the
    brokers (an empty list), for callers that need only the blocs."""
    blocs = find_blocs(graph, k=k, seed=seed)
    return Analysis(graph, blocs, broker_scores(graph, blocs, k=k, seed=seed) if brokers else [])


def network_dict(analysis: Analysis, top: int = TOP_BROKERS) -> dict:
    """The issue-2 contract for an analysis (see :func:`network_json`)."""
    graph, blocs = analysis.graph, analysis.blocs
    brokers = analysis.top_brokers(top)
    rank = {actor: i + 1 for i, actor in enumerate(brokers)}
    return {
        "nodes": [
            {"id": n, "name": graph.nodes[n].get("name", n), "bloc": blocs.bloc_of(n), "broker": rank.get(n)}
            for n in sorted(graph, key=lambda n: (blocs.bloc_of(n) is None, blocs.bloc_of(n) or 0, n))
        ],
        "edges": [
            {
                "source": u,
                "target": v,
                "weight": round(d["weight"], 3),
                "polarity": d["polarity"],
                "events": d["events"] if isinstance(d["events"], int) else len(d["events"]),
            }
            for u, v, d in sorted(graph.edges(data=True))
        ],
        "blocs": blocs.blocs,
        "brokers": brokers,
    }


def network_json(
    events: Iterable[Event],
    names: Mapping[str, str] | None = None,
    *,
    top: int = TOP_BROKERS,
    **options: object,
) -> dict:
    """The network as ``multipolar network --format json`` prints it (issue 2's contract)::

        {"nodes": [{"id", "name", "bloc", "broker"}],
         "edges": [{"source", "target", "weight", "polarity", "events"}],
         "blocs": [[ids...]], "brokers": [ids, best first]}

    ``bloc`` is an index into ``blocs`` (``null`` for actors without a signed tie); ``broker`` is
    the actor's rank among the *top* brokers (1 = best) or ``null``; an edge's ``events`` is its
    number of events, ``weight`` its net signed weight and ``polarity`` the sign. *options* go to
    :func:`analyse` (since, until, docs, k, seed, weights).
    """
    return network_dict(analyse(events, names, **options), top)  # type: ignore[arg-type]
