"""Brokers and pivots: actors whose ties span the blocs, or whose removal most changes them.

An actor's broker score is the mean of three measures, each scaled to [0, 1] by dividing by its
largest value among the actors (so no measure dominates by its units):

``pivot``
    how much the system's imbalance depends on the actor: ``F(G) - F(G - v)``, the drop in the
    (recomputed, optimal) frustration index when the actor and its ties are removed. Frustrated
    ties are exactly the ones that cut across the camps against the grain (cooperating with
    the other side, fighting one's own), so an actor who deals with both camps holds them. The
    "vertex deletion" view of frustration is Aref & Wilson's (2018); recomputing the optimum
    (rather than keeping the blocs fixed) is fair to every end of an ambiguous tie.
``betweenness``
    betweenness centrality (Freeman 1977; Brandes 2001) on the undirected tie graph, counting
    hops: the share of shortest chains between other actors that pass through the actor, i.e.
    the structural holes it spans (Burt 1992). Ties are not weighted here on purpose: a broker's
    position is about *whom* it connects, while tie weights grow with how often the press
    reports a dyad, which would let one heavily reported pair route every path. Intensity
    already counts in ``pivot``.
``reach``
    into how many blocs of its component the actor has a *cooperative* tie, ``(b - 1) / (B - 1)``
    for b blocs reached out of B: a broker needs a working relation with each side it brokers
    between (Gould & Fernandez 1989); a hostile tie spans a divide without bridging it.

So an actor that supplies one camp and talks with the other's patron scores on all three, while
a camp's loyal core member scores on at most betweenness.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import networkx as nx

from multipolar.analyse.blocs import Blocs, find_blocs
from multipolar.analyse.network import signed_projection


@dataclass(frozen=True)
class BrokerScore:
    """One actor's broker score and the three measures it averages (raw, before scaling)."""

    actor: str
    score: float
    pivot: float
    betweenness: float
    reach: float

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def pivotality(signed: nx.Graph, blocs: Blocs, **options: object) -> dict[str, float]:
    """``F(G) - F(G - v)`` for every actor v with a signed tie (re-optimising the blocs of G - v)."""
    result = {}
    for actor in blocs.assignment:
        rest = signed.subgraph(n for n in signed if n != actor)
        without = find_blocs(nx.Graph(rest), **options).frustration  # type: ignore[arg-type]
        result[actor] = max(0.0, blocs.frustration - without)  # a heuristic optimum can wobble
    return result


def tie_betweenness(signed: nx.Graph) -> dict[str, float]:
    """Betweenness centrality over ties of either sign, by hops (normalised as networkx does)."""
    return nx.betweenness_centrality(signed, weight=None, normalized=True)


def reach(signed: nx.Graph, blocs: Blocs) -> dict[str, float]:
    """Share of the other blocs of its component that an actor cooperates with (see module doc)."""
    result = {}
    for actor in blocs.assignment:
        component = nx.node_connected_component(signed, actor)
        available = {blocs.assignment[n] for n in component}
        reached = {blocs.assignment[n] for n in signed[actor] if signed.edges[actor, n]["weight"] > 0}
        result[actor] = max(0, len(reached) - 1) / (len(available) - 1) if len(available) > 1 else 0.0
    return result


def broker_scores(
    graph: nx.Graph | nx.DiGraph, blocs: Blocs | None = None, **options: object
) -> list[BrokerScore]:
    """Every actor with a signed tie, best broker first (ties broken by id).

    *options* (``k``, ``exact_limit``, ``restarts``, ``seed``) go to :func:`find_blocs`, both for
    *blocs* when not given and for the re-optimisations behind ``pivot``.
    """
    signed = signed_projection(graph) if graph.is_directed() else graph
    blocs = blocs or find_blocs(signed, **options)  # type: ignore[arg-type]
    measures = {
        "pivot": pivotality(signed, blocs, **options),
        "betweenness": tie_betweenness(signed),
        "reach": reach(signed, blocs),
    }
    peaks = {
        name: max((values.get(a, 0.0) for a in blocs.assignment), default=0.0)
        for name, values in measures.items()
    }
    scores = []
    for actor in blocs.assignment:
        raw = {name: values.get(actor, 0.0) for name, values in measures.items()}
        scaled = [raw[name] / peaks[name] if peaks[name] > 0 else 0.0 for name in measures]
        scores.append(BrokerScore(actor, sum(scaled) / len(scaled), **raw))
    return sorted(scores, key=lambda s: (-s.score, s.actor))


def rank_brokers(
    graph: nx.Graph | nx.DiGraph, blocs: Blocs | None = None, **options: object
) -> list[tuple[str, float]]:
    """``(actor, score)`` pairs, best broker first; see :func:`broker_scores` for the definition."""
    return [(s.actor, s.score) for s in broker_scores(graph, blocs, **options)]
