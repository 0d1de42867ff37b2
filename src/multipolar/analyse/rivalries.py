"""Across theatres: pairs of actors who are opposed in one arena and cooperate in another.

Each theatre's events make their own network (:func:`build_network`), and each theatre's network
its own blocs and brokers; the events of no theatre make the bilateral network (ties, no camps:
its pairs deal with each other about nothing else). For a pair of actors, every arena gives up to
two signed **readings**:

``ties``
    their direct tie: the net weight of their events, both directions, as the network weighs them
    (``S(a, b)`` on its undirected signed projection); +1 when they cooperate on balance, -1 when
    they clash. Weight: ``|S(a, b)|``.
``proxy``
    in a theatre, opposition through the actors they back: "a backs x" is a's backing of x, the
    weight of a's SUPPORT, AID and COOPERATE events toward x (:data:`BACKING`: verbal backing,
    material aid, fighting alongside; talks and agreements are not backing). The chains are

    * a backs x, and x clashes with b (``S(x, b) < 0``), or the other way round;
    * a backs x, b backs y, and x and y clash (``S(x, y) < 0``),

    each weighing as much as its weakest link. Russia arming Haftar and Turkey arming the GNA,
    while Haftar and the GNA fight, are opposed by proxy even if they never clash directly. The
    reading's sign is -1 and its weight the sum over its chains.

A pair is a **rivalry** (a compartmentalised relationship) when its readings disagree in sign:
opposed in Libya and Syria, cooperating bilaterally; or opposed by proxy in one war while dealing
directly with each other about it. Readings from a theatre and a region around it (Mali and the
Sahel) are one conflict, and a disagreement between them alone does not make a rivalry.
Rivalries are ranked by the weight of the weaker side,
``min(sum of positive reading weights, sum of negative reading weights)``: a pair that fights
hard and cooperates hard ranks above one with a strong rivalry and a passing word. Each reading
carries its evidence: the pair's own events for ``ties``; for ``proxy``, the events of its
heaviest chain.

Proxy readings are computed for the pairs that have a direct tie somewhere (only a direct tie can
be positive, so only they can be rivalries). Per actor, the theatres where it is among the top
brokers (:func:`broker_scores`) are listed as well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from multipolar.analyse.blocs import Blocs, find_blocs
from multipolar.analyse.brokers import broker_scores
from multipolar.analyse.network import (
    QUAD_WEIGHTS,
    build_network,
    event_weight,
    joint_shares,
    signed_projection,
)
from multipolar.analyse.summary import TOP_BROKERS, Analysis
from multipolar.document import Event
from multipolar.theatre import Theatres, load_theatres, placed, theatre_of

EPS = 1e-9
BACKING = frozenset({"SUPPORT", "AID", "COOPERATE"})
"""The PLOVER types by which one actor backs another (see the module documentation)."""
Pair = tuple[str, str]


@dataclass(frozen=True)
class Reading:
    """One signed reading of a pair in one arena (``theatre`` ``None``: bilateral)."""

    theatre: str | None
    kind: str  # "ties" or "proxy"
    sign: int
    weight: float
    events: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "theatre": self.theatre,
            "kind": self.kind,
            "sign": self.sign,
            "weight": round(self.weight, 4),
            "events": list(self.events),
        }


@dataclass(frozen=True)
class Rivalry:
    """A pair whose readings disagree in sign, with all its readings."""

    pair: Pair
    readings: tuple[Reading, ...]

    @property
    def opposed(self) -> list[Reading]:
        return [r for r in self.readings if r.sign < 0]

    @property
    def cooperating(self) -> list[Reading]:
        return [r for r in self.readings if r.sign > 0]

    @property
    def weight(self) -> float:
        """The weight of the weaker side (see the module documentation)."""
        return min(sum(r.weight for r in self.opposed), sum(r.weight for r in self.cooperating))

    @property
    def theatres(self) -> list[str | None]:
        """The arenas of its readings (``None``: bilateral), each once, in reading order."""
        return list(dict.fromkeys(r.theatre for r in self.readings))

    def to_dict(self) -> dict:
        return {
            "pair": list(self.pair),
            "weight": round(self.weight, 4),
            "readings": [r.to_dict() for r in self.readings],
        }


@dataclass(frozen=True)
class BrokerRole:
    """An actor ranked among the top brokers of one theatre."""

    actor: str
    theatre: str
    rank: int
    score: float


@dataclass
class Rivalries:
    """The cross-theatre reading of a set of events.

    ``pairs`` are the rivalries, heaviest first; ``readings`` every pair's readings (rivalry or
    not); ``brokers`` per actor, the theatres where it brokers, best rank first; ``analyses`` the
    network, blocs and brokers of each arena (``None``: bilateral, without blocs or brokers);
    ``unassessed`` counts the events not placed in any arena yet (stored by an older version).
    """

    pairs: list[Rivalry]
    readings: dict[Pair, list[Reading]]
    brokers: dict[str, list[BrokerRole]]
    analyses: dict[str | None, Analysis]
    unassessed: int = 0
    evidence: dict[str, Event] = field(default_factory=dict)

    def of(self, a: str, b: str) -> list[Reading]:
        """The readings of the pair *a*, *b* (in either order)."""
        return self.readings.get(pair_of(a, b), [])

    def to_dict(self) -> dict:
        return {
            "rivalries": [r.to_dict() for r in self.pairs],
            "brokers": {
                actor: [{"theatre": b.theatre, "rank": b.rank, "score": round(b.score, 4)} for b in roles]
                for actor, roles in sorted(self.brokers.items())
            },
            "unassessed_events": self.unassessed,
        }


def pair_of(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def by_theatre(events: Iterable[Event]) -> tuple[dict[str | None, list[Event]], int]:
    """The events of each arena (``None``: bilateral), and how many were never assessed."""
    arenas: dict[str | None, list[Event]] = defaultdict(list)
    unassessed = 0
    for event in events:
        if not placed(event):
            unassessed += 1
        else:
            arenas[theatre_of(event)].append(event)
    return dict(arenas), unassessed


def find_rivalries(
    events: Iterable[Event],
    names: Mapping[str, str] | None = None,
    *,
    k: int = 2,
    seed: int = 0,
    top: int = TOP_BROKERS,
    definitions: Theatres | None = None,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> Rivalries:
    """Pairs of actors opposed in one arena and cooperating in another.

    Each theatre's events make their own network and blocs, and the events of no theatre the
    bilateral network. Every arena gives a pair up to two signed readings: ``ties`` (their net
    direct tie) and, in a theatre, ``proxy`` (opposition through the actors they back: a backs x
    and x clashes with b, or a backs x, b backs y and x and y clash, each chain as strong as its
    weakest link). A pair whose readings disagree in sign is a rivalry, ranked by the weight of the
    weaker side.

    Parameters
    ----------
    events : iterable of Event
        Coded events, placed in theatres; those not placed yet are counted and left out.
    names : Mapping[str, str], optional
        Actor id -> name.
    k, seed
        As for :func:`~multipolar.analyse.blocs.find_blocs`, for each theatre's blocs.
    top : int
        How many of each theatre's best brokers are listed per actor (``brokers``).
    definitions : Theatres, optional
        Which theatres lie inside which (default: the bundled definitions): a theatre and a region
        around it are one conflict, whose disagreement alone makes no rivalry.
    quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.event_weight`.

    Returns
    -------
    Rivalries
        ``pairs`` (the rivalries, heaviest first, each with its ``readings`` and their evidence),
        ``readings`` (every pair's), ``brokers`` (actor -> the theatres where it ranks among the top
        brokers), ``evidence`` (event id -> event) and ``unassessed`` (events not placed).

    Notes
    -----
    Definitions and the reasons for them: the module documentation and docs/theatres.md.

    References
    ----------
    .. [1] Heider, F. (1946). Attitudes and cognitive organization. *Journal of Psychology* 21,
       107-112 (the friend of my enemy is my enemy: the proxy reading).

    Examples
    --------
    >>> events = examples.placed_events()  # backers of both sides in Libya, who sign a gas deal
    >>> rivalry = find_rivalries(events).pairs[0]
    >>> rivalry.pair, [(r.theatre, r.kind, r.sign) for r in rivalry.readings]
    (('RUS', 'TUR'), [('libya', 'proxy', -1), (None, 'ties', 1)])
    """
    events = list(events)
    arenas, unassessed = by_theatre(events)
    analyses: dict[str | None, Analysis] = {}
    signed: dict[str | None, nx.Graph] = {}
    for theatre in sorted(arenas, key=lambda t: (t is None, t or "")):
        graph = build_network(
            arenas[theatre], names=names, quad_weights=quad_weights, modality_weights=modality_weights
        )
        signed[theatre] = signed_projection(graph)
        if theatre is not None:
            blocs = find_blocs(graph, k=k, seed=seed)
            analyses[theatre] = Analysis(graph, blocs, broker_scores(graph, blocs, k=k, seed=seed))
        else:
            analyses[theatre] = Analysis(graph, _no_blocs(graph), [])
    readings: dict[Pair, list[Reading]] = defaultdict(list)
    for theatre, graph in signed.items():
        for u, v, data in graph.edges(data=True):
            edge_events = _edge_events(analyses[theatre].graph, u, v)
            sign = 1 if data["weight"] > 0 else -1
            readings[pair_of(u, v)].append(Reading(theatre, "ties", sign, abs(data["weight"]), edge_events))
    for theatre, graph in signed.items():
        if theatre is None:
            continue
        backs = backing(arenas[theatre], quad_weights=quad_weights, modality_weights=modality_weights)
        for pair in list(readings):
            reading = _proxy_reading(theatre, analyses[theatre].graph, graph, backs, *pair)
            if reading is not None:
                readings[pair].append(reading)
    for pair in readings:
        readings[pair].sort(key=lambda r: (r.sign, r.theatre is None, r.theatre or "", r.kind))
    nested = _nesting(definitions)
    pairs = [Rivalry(p, tuple(rs)) for p, rs in readings.items() if _disagree(rs, nested)]
    pairs.sort(key=lambda r: (-r.weight, r.pair))
    return Rivalries(
        pairs=pairs,
        readings=dict(readings),
        brokers=_broker_roles(analyses, top),
        analyses=analyses,
        unassessed=unassessed,
        evidence={e.id: e for e in events},
    )


def _nesting(definitions: Theatres | None) -> Callable[[str | None, str | None], bool]:
    """Whether two arenas are one inside the other (a theatre and the region around it)."""
    definitions = definitions or load_theatres()

    def nested(a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b or a not in definitions or b not in definitions:
            return False
        return a in definitions.lineage(b) or b in definitions.lineage(a)

    return nested


def _disagree(readings: Iterable[Reading], nested: Callable[[str | None, str | None], bool]) -> bool:
    """Whether some negative and some positive reading come from the same arena or from two
    arenas that are not one inside the other (Mali and the Sahel are one conflict)."""
    readings = list(readings)
    return any(
        not nested(bad.theatre, good.theatre)
        for bad in readings
        if bad.sign < 0
        for good in readings
        if good.sign > 0
    )


def _no_blocs(graph: nx.DiGraph) -> Blocs:
    """The bilateral arena has no camps: its pairs deal with each other about nothing else."""
    return Blocs(blocs=[], assignment={}, unassigned=sorted(graph), frustration=0.0, total_weight=0.0)


def _edge_events(graph: nx.DiGraph, u: str, v: str) -> tuple[str, ...]:
    found: list[str] = []
    for a, b in ((u, v), (v, u)):
        if graph.has_edge(a, b):
            found += graph.edges[a, b]["events"]
    return tuple(found)


def backing(
    events: Iterable[Event],
    *,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
) -> dict[Pair, tuple[float, tuple[str, ...]]]:
    """``(a, x) -> (weight, event ids)``: how much a backs x, for the pairs where that is positive:
    a's one-sided :data:`BACKING` events toward x, weighed as the network weighs them. A joint act
    (the two sign, meet or fight side by side as parties of one act) is a dealing between them,
    not one backing the other. An unnamed doer (source ``""``) backs no one: it is no actor."""
    events = [e for e in events if e.source and e.target and e.target != e.source]
    joint = joint_shares(events)
    found: dict[Pair, tuple[float, tuple[str, ...]]] = {}
    for e in events:
        if e.type not in BACKING or e.id in joint:
            continue
        weight = event_weight(e, quad_weights=quad_weights, modality_weights=modality_weights)
        if weight > 0:
            total, ids = found.get((e.source, e.target), (0.0, ()))  # type: ignore[arg-type]
            found[e.source, e.target] = (total + weight, (*ids, e.id))  # type: ignore[index]
    return found


def _proxy_reading(
    theatre: str,
    graph: nx.DiGraph,
    signed: nx.Graph,
    backs: Mapping[Pair, tuple[float, tuple[str, ...]]],
    a: str,
    b: str,
) -> Reading | None:
    """The ``proxy`` reading of *a* and *b* in one theatre (see the module documentation)."""
    if a not in signed or b not in signed:
        return None
    chains = [*_chains(signed, graph, backs, a, b), *_chains(signed, graph, backs, b, a)]
    if not chains:
        return None
    _, evidence = max(chains)
    return Reading(theatre, "proxy", -1, sum(value for value, _ in chains), evidence)


def _chains(
    signed: nx.Graph,
    graph: nx.DiGraph,
    backs: Mapping[Pair, tuple[float, tuple[str, ...]]],
    a: str,
    b: str,
) -> Iterable[tuple[float, tuple[str, ...]]]:
    """The proxy chains that start with a backing x: (weakest link, the chain's events).
    Chains starting from b are found by calling again with a and b swapped; a chain through two
    backings (a backs x, b backs y) is counted from a only."""

    def clash(u: str, v: str) -> float:
        return (
            -signed.edges[u, v]["weight"] if signed.has_edge(u, v) and signed.edges[u, v]["weight"] < 0 else 0
        )

    for (patron, x), (support, ids) in backs.items():
        if patron != a or x == b:
            continue
        if hit := clash(x, b):
            yield min(support, hit), ids + _edge_events(graph, x, b)
        for (other, y), (other_support, other_ids) in backs.items():
            if other == b and y not in (a, x) and a < b and (hit := clash(x, y)):
                yield min(support, hit, other_support), ids + _edge_events(graph, x, y) + other_ids


def _broker_roles(analyses: Mapping[str | None, Analysis], top: int) -> dict[str, list[BrokerRole]]:
    roles: dict[str, list[BrokerRole]] = defaultdict(list)
    for theatre, analysis in analyses.items():
        if theatre is None:
            continue
        for rank, score in enumerate((b for b in analysis.brokers[:top] if b.score > 0), start=1):
            roles[score.actor].append(BrokerRole(score.actor, theatre, rank, score.score))
    return {actor: sorted(found, key=lambda r: (r.rank, r.theatre)) for actor, found in roles.items()}
