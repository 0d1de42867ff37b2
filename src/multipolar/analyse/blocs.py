"""Blocs: the partition of actors that best satisfies structural balance.

Structural balance (Heider 1946; Cartwright & Harary 1956) says a signed network is balanced when
its actors split into camps with only positive ties inside and only negative ties across ("the
friend of my friend is my friend, the enemy of my enemy is my friend"). Real systems are rarely
balanced, so we look for the partition that violates it least. For a partition P of the actors,

    frustration(P) = sum of |w| over positive edges across blocs + negative edges inside a bloc,

on the undirected signed projection (:func:`multipolar.analyse.network.signed_projection`). The
minimum over partitions is the (weighted) *frustration index* (Aref & Wilson 2018, "Measuring
partial balance in signed networks", J. Complex Networks 6(4); Aref, Mason & Wilson 2020 for
exact computation); fitting blocs by minimising it is the relocation approach of Doreian & Mrvar
(1996, "A partitioning approach to structural balance", Social Networks 18). Dividing by the
total |weight| gives a scale-free measure of how clean the camps are: 0 is perfectly balanced,
and no signed graph has an optimum above 0.5.

Blocs are computed separately for each connected component: two actors with no chain of ties
between them are neither allies nor adversaries, so the analysis does not pretend to know.
With ``k=2`` (strong balance, two camps per component) a component of up to ``exact_limit``
actors is solved exactly by enumerating its partitions; larger components, and ``k > 2``
(Davis's 1967 clusterability), use a seeded local search with restarts (move one actor at a time
to the bloc where it is least frustrated, until no move helps), so results are reproducible.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from multipolar.analyse.network import signed_projection

EXACT_LIMIT = 18
RESTARTS = 24
LARGE_TIES = 50_000  # a component with more ties than this gets LARGE_RESTARTS restarts
LARGE_RESTARTS = 4
EPS = 1e-9


@dataclass
class Blocs:
    """A partition of the actors into blocs, and how well it fits structural balance.

    ``blocs`` lists actor ids per bloc (largest bloc first); ``assignment`` maps each assigned
    actor to its bloc's index; ``unassigned`` are actors without a signed tie. ``frustration`` is
    the weight of the edges that contradict the blocs (listed in ``frustrated`` as
    ``(u, v, weight)``), ``total_weight`` the sum of all |weights|. ``exact`` says the partition
    is a proven optimum; then ``optima`` counts the optimal partitions (1 = unique) and
    ``contested`` lists actors whose side differs between optimal partitions. ``by_opposition``
    lists actors without a cooperative tie inside their own bloc: balance placed them only by whom
    they oppose ("the enemy of my enemy"), so their membership is the weakest evidence of a camp.
    """

    blocs: list[list[str]]
    assignment: dict[str, int]
    unassigned: list[str]
    frustration: float
    total_weight: float
    frustrated: list[tuple[str, str, float]] = field(default_factory=list)
    exact: bool = True
    optima: int | None = 1
    contested: list[str] = field(default_factory=list)
    by_opposition: list[str] = field(default_factory=list)

    @property
    def normalised(self) -> float:
        """Frustration as a share of the total tie weight (0 = perfectly balanced)."""
        return self.frustration / self.total_weight if self.total_weight else 0.0

    def bloc_of(self, actor: str) -> int | None:
        return self.assignment.get(actor)

    def to_dict(self) -> dict:
        return {
            "blocs": self.blocs,
            "unassigned": self.unassigned,
            "frustration": round(self.frustration, 4),
            "total_weight": round(self.total_weight, 4),
            "normalised_frustration": round(self.normalised, 4),
            "frustrated_edges": [
                {"source": u, "target": v, "weight": round(w, 4)} for u, v, w in self.frustrated
            ],
            "exact": self.exact,
            "optimal_partitions": self.optima,
            "contested": self.contested,
            "by_opposition": self.by_opposition,
        }


def frustrated_edges(signed: nx.Graph, assignment: dict[str, int]) -> list[tuple[str, str, float]]:
    """The ties that contradict a partition: positive across blocs, negative inside one.

    Parameters
    ----------
    signed : networkx.Graph
        An undirected signed graph (:func:`~multipolar.analyse.network.signed_projection`), its
        signs in the edges' ``weight``.
    assignment : dict[str, int]
        Actor -> bloc, for every actor with a tie.

    Returns
    -------
    list of (str, str, float)
        ``(u, v, weight)`` for each frustrated tie.

    References
    ----------
    .. [1] Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's
       theory. *Psychological Review* 63(5), 277-293.

    Examples
    --------
    >>> signed = examples.triangle()  # RUS-SYR +2, TUR-SYR -2, RUS-TUR +1: unbalanced
    >>> frustrated_edges(signed, {"RUS": 0, "SYR": 0, "TUR": 1})
    [('RUS', 'TUR', 1.0)]
    """
    return [
        (u, v, w) for u, v, w in signed.edges(data="weight") if (w > 0) == (assignment[u] != assignment[v])
    ]


def opposition_only(signed: nx.Graph, assignment: dict[str, int]) -> list[str]:
    """Assigned actors with no cooperative tie inside their own bloc."""

    def allied_inside(actor: str) -> bool:
        return any(
            data["weight"] > 0 and assignment.get(other) == assignment[actor]
            for other, data in signed[actor].items()
        )

    return sorted(a for a in assignment if not allied_inside(a))


def frustration(signed: nx.Graph, assignment: dict[str, int]) -> float:
    """The weighted frustration of a partition: the total |weight| of the ties that contradict it.

    Parameters
    ----------
    signed : networkx.Graph
        An undirected signed graph, its signs in the edges' ``weight``.
    assignment : dict[str, int]
        Actor -> bloc, for every actor with a tie.

    Returns
    -------
    float
        The sum of |weight| over the positive ties across blocs and the negative ties inside one;
        its minimum over all partitions is the frustration index.

    References
    ----------
    .. [1] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks. *Journal
       of Complex Networks* 6(4), 566-595.

    Examples
    --------
    >>> frustration(examples.triangle(), {"RUS": 0, "SYR": 0, "TUR": 1})  # RUS, SYR against TUR
    1.0
    """
    return sum(abs(w) for _, _, w in frustrated_edges(signed, assignment))


def solved_exactly(size: int, k: int, exact_limit: int = EXACT_LIMIT) -> bool:
    """Whether :func:`find_blocs` enumerates the partitions of a component of *size* actors."""
    return k == 2 and size <= exact_limit


def find_blocs(
    graph: nx.Graph | nx.DiGraph,
    *,
    k: int = 2,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = RESTARTS,
    seed: int = 0,
) -> Blocs:
    """The partition of the actors into blocs that best satisfies structural balance.

    For each connected component, the partition into at most *k* blocs of least frustration: the
    fewest (by weight) positive ties across blocs and negative ties inside one. The least
    frustration over all partitions is the (weighted) frustration index.

    Parameters
    ----------
    graph : networkx.DiGraph or networkx.Graph
        The directed network from :func:`~multipolar.analyse.network.build_network` (blocs are
        found on its :func:`~multipolar.analyse.network.signed_projection`) or an undirected
        signed graph, its signs in the edges' ``weight``.
    k : int
        Blocs per connected component at most: 2 is strong balance (two camps), more is Davis's
        clusterability.
    exact_limit : int
        With ``k=2``, a component of up to so many actors is solved exactly, by enumerating its
        partitions; a larger one, or ``k > 2``, by local search.
    restarts : int
        Restarts of the local search.
    seed : int
        Seed of the local search, so that results are reproducible.

    Returns
    -------
    Blocs
        ``blocs`` (actor ids per bloc, largest first), ``assignment``, ``unassigned`` (actors
        without a signed tie), ``frustration``, ``total_weight``, ``normalised`` (frustration as a
        share of the total weight: 0 is balanced, no optimum exceeds 0.5), ``frustrated`` (the ties
        against the blocs), ``exact`` with ``optima`` and ``contested`` (actors whose side differs
        between optimal partitions), and ``by_opposition`` (actors placed only by whom they oppose).

    Raises
    ------
    ValueError
        If *k* is less than 1.

    Notes
    -----
    Two actors with no chain of ties between them are neither allies nor adversaries, so each
    component is partitioned on its own. The local search moves one actor at a time to the bloc
    where it is least frustrated until no move helps (Doreian & Mrvar's relocation), from
    *restarts* seeded random starts. Definitions: docs/analysis.md, section 2.

    References
    ----------
    .. [1] Heider, F. (1946). Attitudes and cognitive organization. *Journal of Psychology* 21,
       107-112.
    .. [2] Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's
       theory. *Psychological Review* 63(5), 277-293.
    .. [3] Davis, J. A. (1967). Clustering and structural balance in graphs. *Human Relations*
       20(2), 181-187.
    .. [4] Doreian, P. & Mrvar, A. (1996). A partitioning approach to structural balance. *Social
       Networks* 18(2), 149-168.
    .. [5] Aref, S. & Wilson, M. C. (2018). Measuring partial balance in signed networks. *Journal
       of Complex Networks* 6(4), 566-595.
    .. [6] Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modeling and computational study of the
       frustration index in signed networks. *Networks* 75(1), 95-110.

    Examples
    --------
    >>> signed = examples.triangle()  # RUS-SYR +2, TUR-SYR -2, RUS-TUR +1: unbalanced
    >>> blocs = find_blocs(signed)
    >>> blocs.blocs, blocs.frustration, blocs.exact
    ([['RUS', 'SYR'], ['TUR']], 1.0, True)
    >>> blocs.frustrated
    [('RUS', 'TUR', 1.0)]
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    signed = signed_projection(graph) if graph.is_directed() else graph
    rng = random.Random(seed)
    groups: list[list[str]] = []
    unassigned: list[str] = []
    exact, optima, contested = True, 1, []
    for component in sorted(nx.connected_components(signed), key=lambda c: sorted(c)):
        if len(component) == 1:
            unassigned.extend(component)
            continue
        sub = signed.subgraph(component)
        # Strongest actor first: it anchors side 0, so "contested" names the others.
        nodes = sorted(component, key=lambda n: (-sub.degree(n, weight=None), n))
        index = {n: i for i, n in enumerate(nodes)}
        edges = [(index[u], index[v], w) for u, v, w in sub.edges(data="weight")]
        if solved_exactly(len(nodes), k, exact_limit):
            labels, count, varying = _exact_two(len(nodes), edges)
            optima = None if optima is None else optima * count
            contested += [nodes[i] for i in varying]
        else:
            tries = min(restarts, LARGE_RESTARTS) if len(edges) > LARGE_TIES else restarts
            labels = _local_search(len(nodes), edges, k, tries, rng)
            exact, optima = False, None
        for label in sorted(set(labels)):
            groups.append(sorted(n for n, lab in zip(nodes, labels, strict=True) if lab == label))
    groups.sort(key=lambda g: (-len(g), g))
    assignment = {actor: i for i, group in enumerate(groups) for actor in group}
    bad = frustrated_edges(signed, assignment)
    return Blocs(
        blocs=groups,
        assignment=assignment,
        unassigned=sorted(unassigned),
        frustration=sum(abs(w) for _, _, w in bad),
        total_weight=sum(abs(w) for _, _, w in signed.edges(data="weight")),
        frustrated=sorted(bad, key=lambda e: -abs(e[2])),
        exact=exact,
        optima=optima,
        contested=sorted(contested),
        by_opposition=opposition_only(signed, assignment),
    )


def _exact_two(n: int, edges: list[tuple[int, int, float]]) -> tuple[list[int], int, list[int]]:
    """Enumerate all two-sided partitions with node 0 on side 0 (the rest by bits of an integer).

    Returns the first optimal labelling, the number of optimal partitions, and the nodes whose
    side varies among them.
    """
    codes = np.arange(2 ** (n - 1), dtype=np.int64)
    sides = [np.zeros(len(codes), dtype=np.int8)] + [
        ((codes >> (i - 1)) & 1).astype(np.int8) for i in range(1, n)
    ]
    cost = np.zeros(len(codes))
    for i, j, w in edges:
        across = sides[i] ^ sides[j]
        cost += w * across if w > 0 else -w * (1 - across)
    optimal = np.flatnonzero(cost <= cost.min() + EPS)
    best = optimal[0]
    varying = [i for i in range(1, n) if sides[i][optimal].min() != sides[i][optimal].max()]
    return [int(sides[i][best]) for i in range(n)], len(optimal), varying


@dataclass(frozen=True)
class Ties:
    """A component's signed ties as arrays: edge lists ``i, j, w`` and, per actor, its neighbours
    ``near[v]`` with the weights ``weight[v]`` and its total positive weight ``positive[v]``."""

    n: int
    i: np.ndarray
    j: np.ndarray
    w: np.ndarray
    near: list[np.ndarray]
    weight: list[np.ndarray]
    positive: np.ndarray

    @classmethod
    def of(cls, n: int, edges: list[tuple[int, int, float]]) -> Ties:
        i = np.array([e[0] for e in edges], dtype=np.int64)
        j = np.array([e[1] for e in edges], dtype=np.int64)
        w = np.array([e[2] for e in edges], dtype=float)
        ends, others, weights = np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([w, w])
        order = np.argsort(ends, kind="stable")
        bounds = np.searchsorted(ends[order], np.arange(n + 1))
        near = [others[order[bounds[v] : bounds[v + 1]]] for v in range(n)]
        weight = [weights[order[bounds[v] : bounds[v + 1]]] for v in range(n)]
        positive = np.bincount(ends, weights=np.clip(weights, 0, None), minlength=n)
        return cls(n, i, j, w, near, weight, positive)

    def frustration(self, labels: np.ndarray) -> float:
        """The |weight| of the ties that contradict *labels*."""
        bad = (self.w > 0) == (labels[self.i] != labels[self.j])
        return float(np.abs(self.w[bad]).sum())


class Relocation:
    """A partition of a component's actors into at most *k* blocs, ready for one-actor moves.

    ``support[v, b]`` is the summed signed weight of v's ties into bloc b. Actor v's frustrated
    weight in bloc b is ``positive[v] - support[v, b]`` (its positive ties outside b plus its
    negative ties inside b), so its best bloc is the one it supports most, and moving it changes
    only its neighbours' rows: a move costs O(degree), not O(ties).
    """

    def __init__(self, ties: Ties, k: int, labels: np.ndarray) -> None:
        self.ties = ties
        self.labels = np.asarray(labels, dtype=np.int64).copy()
        self.positive = ties.positive.copy()
        self.active = np.ones(ties.n, dtype=bool)
        self.support = np.zeros((ties.n, k))
        np.add.at(self.support, (ties.i, self.labels[ties.j]), ties.w)
        np.add.at(self.support, (ties.j, self.labels[ties.i]), ties.w)
        self.frustration = ties.frustration(self.labels)

    def copy(self) -> Relocation:
        twin = object.__new__(Relocation)
        twin.ties, twin.frustration = self.ties, self.frustration
        twin.labels, twin.positive = self.labels.copy(), self.positive.copy()
        twin.active, twin.support = self.active.copy(), self.support.copy()
        return twin

    def frustrated_weight(self, v: int) -> float:
        """The weight of v's ties that contradict the partition."""
        return float(self.positive[v] - self.support[v, self.labels[v]])

    def remove(self, v: int) -> None:
        """Take v and its ties out (the others keep their blocs): frustration drops by v's share."""
        near, weight = self.ties.near[v], self.ties.weight[v]
        self.frustration -= self.frustrated_weight(v)
        self.support[near, self.labels[v]] -= weight
        self.positive[near] -= np.clip(weight, 0, None)
        self.active[v] = False

    def improve(self, v: int) -> bool:
        """Move v to the bloc it supports most, if that lowers the frustration."""
        if not self.active[v]:
            return False
        row, old = self.support[v].tolist(), int(self.labels[v])  # plain floats: cheaper than numpy's
        top = max(row)
        gain = top - row[old]
        if gain <= EPS:
            return False
        new = row.index(top)
        near, weight = self.ties.near[v], self.ties.weight[v]
        self.support[near, old] -= weight
        self.support[near, new] += weight
        self.labels[v], self.frustration = new, self.frustration - float(gain)
        return True

    def sweep(self, order: list[int]) -> None:
        """Relocate in *order*, pass after pass, until no move helps (Doreian & Mrvar).

        An actor whose row did not gain at the start of a pass, and none of whose neighbours has
        moved since, cannot move, so it is skipped without changing the result.
        """
        rows = np.arange(self.ties.n)
        while True:
            gain = self.support.max(axis=1) - self.support[rows, self.labels]
            restless = set(np.flatnonzero((gain > EPS) & self.active).tolist())
            moved = False
            for v in order:
                if v in restless and self.improve(v):
                    restless.update(self.ties.near[v].tolist())
                    moved = True
            if not moved:
                return

    def settle(self, start: Iterable[int]) -> None:
        """Relocate from the actors in *start* outwards: after a move, only its neighbours can gain."""
        queue, waiting = deque(start), set(start)
        while queue:
            v = queue.popleft()
            waiting.discard(v)
            if self.improve(v):
                fresh = [u for u in self.ties.near[v].tolist() if u not in waiting]
                queue.extend(fresh)
                waiting.update(fresh)


def _local_search(
    n: int, edges: list[tuple[int, int, float]], k: int, restarts: int, rng: random.Random
) -> list[int]:
    """Best of *restarts* greedy relocation runs (Doreian & Mrvar) from seeded random partitions."""
    ties = Ties.of(n, edges)
    best_labels, best_cost = np.zeros(n, dtype=np.int64), float("inf")
    for _ in range(restarts):
        search = Relocation(ties, k, np.array([rng.randrange(k) for _ in range(n)]))
        search.sweep(rng.sample(range(n), n))
        labels = _merge_blocs(search.labels, ties, k)
        total = ties.frustration(labels)
        if total < best_cost - EPS:
            best_labels, best_cost = labels, total
    return best_labels.tolist()


def _merge_blocs(labels: np.ndarray, ties: Ties, k: int) -> np.ndarray:
    """Merge pairs of blocs while that does not add frustration: of equally good partitions, the one
    with fewer blocs (camps are not split without a hostile tie to split them)."""
    labels = labels.copy()
    while True:
        a, b = labels[ties.i], labels[ties.j]
        low, high, across = np.minimum(a, b), np.maximum(a, b), a != b
        between = np.zeros((k, k))  # merging gains the positive weight across, loses the negative
        np.add.at(between, (low[across], high[across]), ties.w[across])
        blocs = np.unique(labels).tolist()
        pairs = [(x, y) for n, x in enumerate(blocs) for y in blocs[n + 1 :]]
        best = max(pairs, key=lambda pair: between[pair], default=None)
        if best is None or between[best] < -EPS:
            return labels
        labels[labels == best[1]] = best[0]
