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

Scale. Removing an actor changes only its own component, so ``pivot`` re-solves that component
alone. Components that :func:`find_blocs` solves exactly (two camps, up to ``exact_limit``
actors) are re-solved exactly for every actor. In larger ones every actor is first scored from a
*warm start*: the blocs of G with the actor taken out have frustration ``F - f_v`` (``f_v`` =
the weight of its own frustrated ties), then one-actor moves spreading out from its neighbours
re-optimise them. The ``candidates`` best brokers by that estimate (``PIVOT_CANDIDATES`` = 25)
are then re-optimised from scratch as well (``PIVOT_RESTARTS`` = 8 seeded random starts of the
same local search as :func:`find_blocs`), keeping the lower frustration; re-optimising only raises
a pivot, so no other actor can overtake them. (On a 300-actor benchmark the warm start is within
1% of the full re-optimisation; the restarts are there for actors whose removal reshapes camps.)
Betweenness is exact up to ``BETWEENNESS_SAMPLES`` actors and, beyond, estimated from that many
seeded source actors (Brandes & Pich 2007). ``benchmarks/bench_analysis.py`` times it.

So an actor that supplies one camp and talks with the other's patron scores on all three, while
a camp's loyal core member scores on at most betweenness.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass

import networkx as nx
import numpy as np

from multipolar.analyse.blocs import (
    EXACT_LIMIT,
    RESTARTS,
    Blocs,
    Relocation,
    Ties,
    _local_search,
    find_blocs,
    frustration,
    solved_exactly,
)
from multipolar.analyse.network import signed_projection

PIVOT_CANDIDATES = 25
PIVOT_RESTARTS = 8
BETWEENNESS_SAMPLES = 100

# A network with more signed ties than this is "large" (a news corpus of about a million events):
# every actor's pivot is first bounded below by the weight of its own frustrated ties (f_v: removing
# it removes them, and re-optimising can only lower the frustration further), the warm start refines
# the LARGE_PIVOTS actors with the highest bound, no restarts follow, and betweenness is estimated
# from LARGE_SAMPLES source actors. Smaller networks are computed as documented above.
LARGE_TIES = 50_000
LARGE_PIVOTS = 200
LARGE_SAMPLES = 20


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


def pivotality(
    signed: nx.Graph,
    blocs: Blocs,
    *,
    actors: Collection[str] | None = None,
    reoptimise: Collection[str] = (),
    k: int = 2,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = RESTARTS,
    seed: int = 0,
) -> dict[str, float]:
    """How much the system's imbalance depends on each actor: ``F(G) - F(G - v)``.

    The drop in the optimal frustration index when the actor and its ties are removed (the
    blocs re-optimised): the frustrated ties are those that cut across the camps against the grain,
    so an actor who deals with both camps holds them.

    Parameters
    ----------
    signed : networkx.Graph
        An undirected signed graph (:func:`~multipolar.analyse.network.signed_projection`).
    blocs : Blocs
        Its blocs (:func:`~multipolar.analyse.blocs.find_blocs`).
    actors : collection of str, optional
        The actors to score (default: every actor with a signed tie).
    reoptimise : collection of str
        Actors whose component, in a heuristically solved one, is re-optimised from fresh starts
        as well as from the warm start.
    k, exact_limit, restarts, seed
        As for :func:`~multipolar.analyse.blocs.find_blocs`.

    Returns
    -------
    dict[str, float]
        Actor -> pivot (0 or more).

    References
    ----------
    .. [1] Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modeling and computational study of the
       frustration index in signed networks. *Networks* 75(1), 95-110 (the frustration index).
    .. [2] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks. *Journal
       of Complex Networks* 6(4), 566-595 (deleting a vertex).

    Examples
    --------
    >>> signed = examples.go_between()  # two camps that clash, and Turkey dealing with both
    >>> from multipolar.analyse import find_blocs
    >>> pivotality(signed, find_blocs(signed))["TUR"]
    1.0
    """
    wanted = set(blocs.assignment if actors is None else actors) & set(blocs.assignment)
    result: dict[str, float] = {}
    for component in nx.connected_components(signed):
        todo = sorted(wanted & component)
        if not todo:
            continue
        sub = signed.subgraph(component)
        if solved_exactly(len(component), k, exact_limit):
            base = frustration(sub, blocs.assignment)
            for actor in todo:
                rest = nx.Graph(sub.subgraph(n for n in component if n != actor))
                result[actor] = max(0.0, base - find_blocs(rest, k=k, exact_limit=exact_limit).frustration)
        else:
            result.update(_warm_pivots(sub, blocs.assignment, todo, set(reoptimise), k, restarts, seed))
    return result


def _warm_pivots(
    sub: nx.Graph,
    assignment: Mapping[str, int],
    actors: list[str],
    reoptimise: set[str],
    k: int,
    restarts: int,
    seed: int,
) -> dict[str, float]:
    """Pivots in a component solved heuristically: warm start, then restarts for *reoptimise*."""
    nodes = sorted(sub)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v], w) for u, v, w in sub.edges(data="weight")]
    local = {b: i for i, b in enumerate(sorted({assignment[n] for n in nodes}))}
    size = max(k, len(local))
    ties = Ties.of(len(nodes), edges)
    start = Relocation(ties, size, np.array([local[assignment[n]] for n in nodes]))
    result = {}
    for actor in actors:
        v = index[actor]
        search = start.copy()
        search.remove(v)
        search.settle(ties.near[v].tolist())
        best = search.frustration
        if actor in reoptimise:
            best = min(best, _reoptimised(len(nodes), edges, v, size, restarts, seed))
        result[actor] = max(0.0, start.frustration - best)  # a heuristic optimum can wobble
    return result


def _reoptimised(
    n: int, edges: list[tuple[int, int, float]], v: int, k: int, restarts: int, seed: int
) -> float:
    """The frustration found by seeded restarts of the local search without actor *v*."""
    shift = [i - (i > v) for i in range(n)]
    rest = [(shift[i], shift[j], w) for i, j, w in edges if v not in (i, j)]
    labels = np.array(_local_search(n - 1, rest, k, restarts, random.Random(seed)))
    return Ties.of(n - 1, rest).frustration(labels)


def tie_betweenness(
    signed: nx.Graph, *, samples: int = BETWEENNESS_SAMPLES, seed: int = 0
) -> dict[str, float]:
    """Betweenness centrality over ties of either sign, counting hops.

    The share of shortest chains between other actors that pass through an actor: the structural
    holes it spans. Unweighted on purpose: a broker's position is about *whom* it connects, while
    tie weights grow with how often the press reports a dyad.

    Parameters
    ----------
    signed : networkx.Graph
        An undirected signed graph.
    samples : int
        With more actors than this, estimated from so many seeded source actors.
    seed : int
        The seed of that sample.

    Returns
    -------
    dict[str, float]
        Actor -> betweenness, normalised as :func:`networkx.betweenness_centrality` does.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163-177.
    .. [3] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. *International
       Journal of Bifurcation and Chaos* 17(7), 2303-2318.

    Examples
    --------
    >>> signed = examples.go_between()  # two camps that clash, and Turkey dealing with both
    >>> tie_betweenness(signed)["RUS"]
    0.25
    """
    k = samples if signed.number_of_nodes() > samples else None
    return nx.betweenness_centrality(signed, k=k, weight=None, normalized=True, seed=seed)


def reach(signed: nx.Graph, blocs: Blocs) -> dict[str, float]:
    """How many of the other blocs of its component each actor cooperates with.

    ``(b - 1) / (B - 1)`` for *b* blocs reached by a cooperative tie out of the *B* blocs of the
    actor's component: a broker needs a working relation with each side it brokers between; a
    hostile tie spans a divide without bridging it.

    Parameters
    ----------
    signed : networkx.Graph
        An undirected signed graph.
    blocs : Blocs
        Its blocs.

    Returns
    -------
    dict[str, float]
        Actor -> reach, from 0 to 1.

    References
    ----------
    .. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
       brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> signed = examples.go_between()  # two camps that clash, and Turkey dealing with both
    >>> blocs = find_blocs(signed)
    >>> blocs.blocs
    [['RUS', 'SYR', 'TUR'], ['ISR', 'USA']]
    >>> reach(signed, blocs)["TUR"]  # it cooperates with the other camp too
    1.0
    """
    result = {}
    for component in nx.connected_components(signed):
        available = {blocs.assignment[n] for n in component if n in blocs.assignment}
        for actor in component & blocs.assignment.keys():
            reached = {blocs.assignment[n] for n in signed[actor] if signed.edges[actor, n]["weight"] > 0}
            result[actor] = max(0, len(reached) - 1) / (len(available) - 1) if len(available) > 1 else 0.0
    return result


def broker_scores(
    graph: nx.Graph | nx.DiGraph,
    blocs: Blocs | None = None,
    *,
    candidates: int = PIVOT_CANDIDATES,
    pivot_restarts: int = PIVOT_RESTARTS,
    k: int = 2,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = RESTARTS,
    seed: int = 0,
) -> list[BrokerScore]:
    """Every actor with a signed tie, ranked as a broker: best first.

    An actor's score is the mean of three measures, each scaled to [0, 1] by its largest value:
    ``pivot`` (:func:`pivotality`), ``betweenness`` (:func:`tie_betweenness`) and ``reach``
    (:func:`reach`). An actor that supplies one camp and talks with the other's patron scores on
    all three; a camp's loyal core member on betweenness at most.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.Graph
        The network from :func:`~multipolar.analyse.network.build_network`, or an undirected
        signed graph.
    blocs : Blocs, optional
        Its blocs (default: found with *k*, *exact_limit*, *restarts* and *seed*).
    candidates : int
        In a component solved by local search, how many of the best brokers by the warm-start
        estimate get *pivot_restarts* fresh starts as well.
    pivot_restarts : int
        Those fresh starts.
    k, exact_limit, restarts, seed
        As for :func:`~multipolar.analyse.blocs.find_blocs`, for the blocs and the re-solutions
        behind ``pivot``.

    Returns
    -------
    list of BrokerScore
        ``actor``, ``score`` and the raw ``pivot``, ``betweenness`` and ``reach``; ties broken by id.

    Notes
    -----
    A network of more than ``LARGE_TIES`` signed ties bounds every pivot below by the weight of
    the actor's own frustrated ties and refines the highest; betweenness is then estimated.
    Definitions: docs/analysis.md, section 3.

    References
    ----------
    .. [1] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks. *Journal
       of Complex Networks* 6(4), 566-595.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163-177.
    .. [3] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
       University Press.
    .. [4] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
       brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> signed = examples.go_between()  # two camps that clash, and Turkey dealing with both
    >>> best = broker_scores(signed)[0]
    >>> best.actor, best.pivot, best.reach
    ('USA', 1.0, 1.0)
    """
    options = {"k": k, "exact_limit": exact_limit, "restarts": restarts, "seed": seed}
    signed = signed_projection(graph) if graph.is_directed() else graph
    blocs = blocs or find_blocs(signed, **options)  # type: ignore[arg-type]
    if signed.number_of_edges() > LARGE_TIES:
        return _combine(_large_measures(signed, blocs, options), blocs)
    measures = {
        "pivot": pivotality(signed, blocs, **options),  # type: ignore[arg-type]
        "betweenness": tie_betweenness(signed, seed=seed),
        "reach": reach(signed, blocs),
    }
    scores = _combine(measures, blocs)
    exact = {n for c in nx.connected_components(signed) if solved_exactly(len(c), k, exact_limit) for n in c}
    rerun = [s.actor for s in scores if s.actor not in exact][:candidates]
    if rerun:
        fresh = {**options, "restarts": pivot_restarts}
        measures["pivot"].update(pivotality(signed, blocs, actors=rerun, reoptimise=rerun, **fresh))  # type: ignore[arg-type]
        scores = _combine(measures, blocs)
    return scores


def _large_measures(signed: nx.Graph, blocs: Blocs, options: dict) -> dict[str, dict[str, float]]:
    """The three measures on a large network (see :data:`LARGE_TIES`)."""
    bound: dict[str, float] = dict.fromkeys(blocs.assignment, 0.0)
    for u, v, w in blocs.frustrated:
        bound[u] += abs(w)
        bound[v] += abs(w)
    refined = sorted(bound, key=lambda a: (-bound[a], a))[:LARGE_PIVOTS]
    pivots = pivotality(signed, blocs, actors=refined, **options)
    return {
        "pivot": {a: max(bound[a], pivots.get(a, 0.0)) for a in bound},
        "betweenness": tie_betweenness(signed, samples=LARGE_SAMPLES, seed=options["seed"]),
        "reach": reach(signed, blocs),
    }


def _combine(measures: dict[str, dict[str, float]], blocs: Blocs) -> list[BrokerScore]:
    """Scale each measure by its largest value and average them, best broker first."""
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
    """``(actor, score)`` pairs, best broker first.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.Graph
        A network or an undirected signed graph.
    blocs : Blocs, optional
        Its blocs (default: found).
    **options
        As for :func:`broker_scores`.

    Returns
    -------
    list of (str, float)
        Each actor with a signed tie and its :func:`broker_scores` score.

    Examples
    --------
    >>> signed = examples.go_between()  # two camps that clash, and Turkey dealing with both
    >>> [actor for actor, _ in rank_brokers(signed)[:2]]
    ['USA', 'RUS']
    """
    return [(s.actor, s.score) for s in broker_scores(graph, blocs, **options)]  # type: ignore[arg-type]
