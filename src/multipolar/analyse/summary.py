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
    """The network of *events*, its blocs and its brokers, in one call.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    names : Mapping[str, str], optional
        Actor id -> name.
    since, until, docs, quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.build_network`.
    k, seed
        As for :func:`~multipolar.analyse.blocs.find_blocs`.

    Returns
    -------
    Analysis
        ``graph`` (:func:`~multipolar.analyse.network.build_network`), ``blocs``
        (:func:`~multipolar.analyse.blocs.find_blocs`) and ``brokers``
        (:func:`~multipolar.analyse.brokers.broker_scores`); ``top_brokers()`` names the best.

    See Also
    --------
    analyse_graph : the same for a network already built (or aggregated in a store).

    Examples
    --------
    >>> events = examples.libya_events()  # Turkey arms the GNA, Russia backs Haftar, then turns
    >>> result = analyse(events)
    >>> result.blocs.blocs
    [['LBY-GNA', 'RUS', 'TUR'], ['LBY-LAAF']]
    >>> result.top_brokers()
    ['LBY-GNA']
    """
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
    """The blocs and brokers of a network already built.

    Parameters
    ----------
    graph : networkx.DiGraph
        A network from :func:`~multipolar.analyse.network.build_network`, or aggregated in a store
        by :func:`multipolar.analyse.sql.network_from_store`.
    k, seed
        As for :func:`~multipolar.analyse.blocs.find_blocs`.
    brokers : bool
        Whether to rank the brokers (``False``: an empty list, for callers that need only the blocs).

    Returns
    -------
    Analysis
        The graph, its blocs and its brokers.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_weighted_edges_from([("RUS", "SYR", 2.0), ("TUR", "SYR", -2.0)])
    >>> analyse_graph(graph, brokers=False).blocs.blocs
    [['RUS', 'SYR'], ['TUR']]
    """
    blocs = find_blocs(graph, k=k, seed=seed)
    return Analysis(graph, blocs, broker_scores(graph, blocs, k=k, seed=seed) if brokers else [])


def network_dict(analysis: Analysis, top: int = TOP_BROKERS) -> dict:
    """An analysis as ``multipolar network --format json`` prints it.

    Parameters
    ----------
    analysis : Analysis
        From :func:`analyse` or :func:`analyse_graph`.
    top : int
        How many brokers to rank.

    Returns
    -------
    dict
        The contract described at :func:`network_json`.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_edge("RUS", "SYR", weight=2.0, polarity=1, events=["e1"])
    >>> network_dict(analyse_graph(graph))["edges"]
    [{'source': 'RUS', 'target': 'SYR', 'weight': 2.0, 'polarity': 1, 'events': 1}]
    """
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
    """The network of *events* as ``multipolar network --format json`` prints it.

    Parameters
    ----------
    events : iterable of Event
        The events whose network it is.
    names : Mapping[str, str], optional
        The actors' names, by id.
    top : int
        How many brokers to rank.
    **options
        As for :func:`analyse` (``since``, ``until``, ``docs``, ``k``, ``seed``, the weights).

    Returns
    -------
    dict
        ``{"nodes": [{"id", "name", "bloc", "broker"}], "edges": [{"source", "target", "weight",
        "polarity", "events"}], "blocs": [[ids]], "brokers": [ids, best first]}``: ``bloc`` is an
        index into ``blocs`` (``None`` for an actor without a signed tie), ``broker`` the actor's
        rank among the *top* brokers (1 = best) or ``None``; an edge's ``events`` is its number of
        events, ``weight`` its net signed weight and ``polarity`` its sign.

    Examples
    --------
    >>> events = examples.libya_events()  # Turkey arms the GNA, Russia backs Haftar, then turns
    >>> network = network_json(events)
    >>> network["blocs"], network["brokers"]
    ([['LBY-GNA', 'RUS', 'TUR'], ['LBY-LAAF']], ['LBY-GNA'])
    """
    return network_dict(analyse(events, names, **options), top)  # type: ignore[arg-type]
