"""Broker scoring at scale: the same answers on small graphs, bounded work on large ones.

Speed itself is measured by ``benchmarks/bench_analysis.py``; these tests check the work done
(how many times the blocs are re-optimised), which does not depend on the machine's load.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from multipolar.analyse import blocs as blocs_module
from multipolar.analyse import broker_scores, find_blocs
from multipolar.analyse import brokers as brokers_module
from multipolar.analyse.brokers import PIVOT_CANDIDATES, pivotality


def random_signed(n: int, ties: int, seed: int, camps: int = 2) -> nx.Graph:
    """Seeded random signed graph with planted camps: ties inside a camp are mostly positive."""
    rng = random.Random(seed)
    graph = nx.Graph()
    while graph.number_of_edges() < ties:
        u, v = rng.sample(range(n), 2)
        friendly = (u % camps == v % camps) == (rng.random() < 0.85)
        graph.add_edge(f"a{u:03d}", f"a{v:03d}", weight=rng.choice([0.5, 1.0, 2.0]) * (1 if friendly else -1))
    return graph


def drop(graph: nx.Graph, actor: str) -> nx.Graph:
    return nx.Graph(graph.subgraph(n for n in graph if n != actor))


@pytest.mark.parametrize("seed", range(8))
def test_pivot_is_the_exact_frustration_drop_on_small_components(seed: int) -> None:
    # Several components, none larger than the exact limit: pivot = F(G) - F(G - v), exactly.
    graph = nx.union_all([random_signed(7, 12, seed), random_signed(5, 6, seed + 100)], rename=("x", "y"))
    blocs = find_blocs(graph)
    assert blocs.exact
    pivots = pivotality(graph, blocs)
    for actor in blocs.assignment:
        expected = blocs.frustration - find_blocs(drop(graph, actor)).frustration
        assert pivots[actor] == pytest.approx(max(0.0, expected)), actor


def test_warm_start_pivots_match_exact_ones_on_a_clear_structure() -> None:
    # Two camps of six, and a broker R who arms camp 0 and talks with camp 1's leader.
    graph = random_signed(12, 40, seed=3)
    graph.add_edge("R", "a000", weight=2.0)
    graph.add_edge("R", "a002", weight=2.0)
    graph.add_edge("R", "a001", weight=1.0)
    exact = broker_scores(graph)
    heuristic = broker_scores(graph, exact_limit=0)  # every component by local search
    assert not find_blocs(graph, exact_limit=0).exact
    assert [s.actor for s in heuristic[:3]] == [s.actor for s in exact[:3]]
    for warm, proven in zip(heuristic, exact, strict=True):
        assert warm.pivot == pytest.approx(proven.pivot), warm.actor


def test_warm_start_alone_is_an_upper_bound_on_the_optimum_without_the_actor() -> None:
    graph = random_signed(16, 50, seed=5)
    blocs = find_blocs(graph)
    warm = pivotality(graph, find_blocs(graph, exact_limit=0), exact_limit=0)
    for actor in blocs.assignment:
        exact_drop = blocs.frustration - find_blocs(drop(graph, actor)).frustration
        assert warm[actor] <= exact_drop + 1e-9, actor


def test_300_actors_take_a_bounded_number_of_re_optimisations(monkeypatch) -> None:
    graph = random_signed(300, 2400, seed=1, camps=3)
    calls = {"find_blocs": 0, "local_search": 0}
    real_find, real_search = brokers_module.find_blocs, blocs_module._local_search

    def counting_find(*args, **kwargs):
        calls["find_blocs"] += 1
        return real_find(*args, **kwargs)

    def counting_search(*args, **kwargs):
        calls["local_search"] += 1
        return real_search(*args, **kwargs)

    blocs = find_blocs(graph)
    monkeypatch.setattr(brokers_module, "find_blocs", counting_find)
    monkeypatch.setattr(brokers_module, "_local_search", counting_search)
    scores = broker_scores(graph, blocs)
    assert len(scores) == 300
    # Before: one full find_blocs per actor (300). Now: none, and one local search per candidate.
    assert calls == {"find_blocs": 0, "local_search": PIVOT_CANDIDATES}
    assert scores[0].score > scores[-1].score >= 0


def test_a_large_network_bounds_every_pivot_and_refines_the_highest(monkeypatch: pytest.MonkeyPatch) -> None:
    # A network over LARGE_TIES (lowered here): every pivot is at least the actor's own frustrated
    # weight (a true lower bound of F(G) - F(G - v)), the highest bounds are refined by the warm
    # start, no restarts run, and the blocs' local search uses LARGE_RESTARTS starts.
    graph = random_signed(120, 900, seed=3, camps=3)
    monkeypatch.setattr(brokers_module, "LARGE_TIES", 500)
    monkeypatch.setattr(brokers_module, "LARGE_PIVOTS", 10)
    monkeypatch.setattr(blocs_module, "LARGE_TIES", 500)
    searches: list[int] = []
    real = blocs_module._local_search

    def counted(n, edges, k, restarts, rng):
        searches.append(restarts)
        return real(n, edges, k, restarts, rng)

    monkeypatch.setattr(blocs_module, "_local_search", counted)
    monkeypatch.setattr(brokers_module, "_local_search", counted)
    blocs = find_blocs(graph, k=3)
    assert searches == [blocs_module.LARGE_RESTARTS]
    scores = {s.actor: s for s in broker_scores(graph, blocs, k=3)}
    assert searches == [blocs_module.LARGE_RESTARTS]  # no restarts for candidates
    bound = dict.fromkeys(blocs.assignment, 0.0)
    for u, v, w in blocs.frustrated:
        bound[u] += abs(w)
        bound[v] += abs(w)
    assert all(scores[a].pivot >= bound[a] - 1e-9 for a in bound)
    top = sorted(bound, key=lambda a: (-bound[a], a))[:10]
    warm = pivotality(graph, blocs, actors=top, k=3)
    assert all(abs(scores[a].pivot - max(bound[a], warm[a])) < 1e-9 for a in top)
    assert all(scores[a].pivot == bound[a] for a in bound if a not in top)
