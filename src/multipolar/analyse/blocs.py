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
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from multipolar.analyse.network import signed_projection

EXACT_LIMIT = 18
RESTARTS = 24
EPS = 1e-9


@dataclass
class Blocs:
    """A partition of the actors into blocs, and how well it fits structural balance.

    ``blocs`` lists actor ids per bloc (largest bloc first); ``assignment`` maps each assigned
    actor to its bloc's index; ``unassigned`` are actors without a signed tie. ``frustration`` is
    the weight of the edges that contradict the blocs (listed in ``frustrated`` as
    ``(u, v, weight)``), ``total_weight`` the sum of all |weights|. ``exact`` says the partition
    is a proven optimum; then ``optima`` counts the optimal partitions (1 = unique) and
    ``contested`` lists actors whose side differs between optimal partitions.
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
        }


def frustrated_edges(signed: nx.Graph, assignment: dict[str, int]) -> list[tuple[str, str, float]]:
    """Edges of *signed* that contradict *assignment*: positive across blocs, negative inside one."""
    return [
        (u, v, w) for u, v, w in signed.edges(data="weight") if (w > 0) == (assignment[u] != assignment[v])
    ]


def frustration(signed: nx.Graph, assignment: dict[str, int]) -> float:
    """The weighted frustration of a partition: the total |weight| of its frustrated edges."""
    return sum(abs(w) for _, _, w in frustrated_edges(signed, assignment))


def find_blocs(
    graph: nx.Graph | nx.DiGraph,
    *,
    k: int = 2,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = RESTARTS,
    seed: int = 0,
) -> Blocs:
    """The partition of *graph*'s actors into at most *k* blocs per component of least frustration.

    *graph* is the directed network from :func:`build_network` or an undirected signed graph.
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
        if k == 2 and len(nodes) <= exact_limit:
            labels, count, varying = _exact_two(len(nodes), edges)
            optima = None if optima is None else optima * count
            contested += [nodes[i] for i in varying]
        else:
            labels = _local_search(len(nodes), edges, k, restarts, rng)
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


def _local_search(
    n: int, edges: list[tuple[int, int, float]], k: int, restarts: int, rng: random.Random
) -> list[int]:
    """Best of *restarts* greedy relocation runs (Doreian & Mrvar): move one actor at a time."""
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for i, j, w in edges:
        neighbours[i].append((j, w))
        neighbours[j].append((i, w))

    def cost_in(v: int, bloc: int, labels: list[int]) -> float:
        return sum(w if labels[u] != bloc else 0.0 for u, w in neighbours[v] if w > 0) + sum(
            -w if labels[u] == bloc else 0.0 for u, w in neighbours[v] if w < 0
        )

    best_labels, best_cost = [0] * n, float("inf")
    for _ in range(restarts):
        labels = [rng.randrange(k) for _ in range(n)]
        improved = True
        while improved:
            improved = False
            for v in rng.sample(range(n), n):
                costs = [cost_in(v, b, labels) for b in range(k)]
                target = min(range(k), key=lambda b: costs[b])
                if costs[target] < costs[labels[v]] - EPS:
                    labels[v], improved = target, True
        labels = _merge_blocs(labels, edges)
        total = sum(abs(w) for i, j, w in edges if (w > 0) == (labels[i] != labels[j]))
        if total < best_cost - EPS:
            best_labels, best_cost = labels, total
    return best_labels


def _merge_blocs(labels: list[int], edges: list[tuple[int, int, float]]) -> list[int]:
    """Merge pairs of blocs while that does not add frustration: of equally good partitions, the one
    with fewer blocs (camps are not split without a hostile tie to split them)."""
    while True:
        between: dict[tuple[int, int], float] = {}
        for i, j, w in edges:
            a, b = sorted((labels[i], labels[j]))
            if a != b:
                between[a, b] = between.get((a, b), 0.0) + w  # merging gains the positive, loses the negative
        blocs = sorted(set(labels))
        pairs = [(a, b) for n, a in enumerate(blocs) for b in blocs[n + 1 :]]
        gains = {pair: between.get(pair, 0.0) for pair in pairs}
        best = max(pairs, key=lambda pair: gains[pair], default=None)
        if best is None or gains[best] < -EPS:
            return labels
        labels = [best[0] if label == best[1] else label for label in labels]
