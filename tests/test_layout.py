"""The report's network layout (show/layout.py): computed once in Python, readable, deterministic."""

from __future__ import annotations

import math
import random

import numpy as np

from multipolar.show.layout import MAX_RADIUS, MIN_RADIUS, components, near_pairs, positions


def two_camps(n: int, ties: int, seed: int = 3) -> tuple[list[str], list[tuple[str, str, float]], dict]:
    """*n* actors in two camps that cooperate inside and fight across."""
    rng = random.Random(seed)
    nodes = [f"A{i:03d}" for i in range(n)]
    bloc = {a: i % 2 for i, a in enumerate(nodes)}
    edges = []
    for _ in range(ties):
        a, b = rng.sample(nodes, 2)
        edges.append((a, b, 1.0 if bloc[a] == bloc[b] else -1.0))
    return nodes, edges, bloc


def test_every_actor_is_placed_the_same_way_each_time() -> None:
    nodes, ties, bloc = two_camps(60, 400)
    first = positions(nodes, ties, blocs=bloc)
    assert set(first) == set(nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert positions(nodes, ties, blocs=bloc) == first
    assert positions([], []) == {}
    assert positions(["ONLY"], []) == {"ONLY": (0.0, 0.0)}


def test_camps_show_as_regions() -> None:
    nodes, ties, bloc = two_camps(120, 1500)
    xy = positions(nodes, ties, blocs=bloc)
    centres = [np.mean([xy[a] for a in nodes if bloc[a] == b], axis=0) for b in (0, 1)]
    nearer_own = sum(
        np.linalg.norm(np.subtract(xy[a], centres[bloc[a]]))
        < np.linalg.norm(np.subtract(xy[a], centres[1 - bloc[a]]))
        for a in nodes
    )
    assert nearer_own >= 0.9 * len(nodes)


def test_no_two_actors_overlap() -> None:
    nodes, ties, bloc = two_camps(300, 6000)
    activity = {a: i for i, a in enumerate(nodes)}  # sizes differ
    xy = np.array(list(positions(nodes, ties, blocs=bloc, activity=activity).values()))
    gaps = np.linalg.norm(xy[:, None] - xy[None], axis=-1) + np.eye(len(xy)) * 99
    assert gaps.min() >= 2 * MIN_RADIUS * 0.98  # the smallest discs touch at most
    radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * np.sqrt(np.arange(len(nodes)) / (len(nodes) - 1))
    assert (gaps >= (radius[:, None] + radius[None]) * 0.97).all()


def test_unconnected_groups_are_laid_out_apart() -> None:
    nodes, ties, bloc = two_camps(40, 200)
    island = [("I1", "I2", 1.0), ("I2", "I3", 1.0)]
    xy = positions([*nodes, "I1", "I2", "I3", "LONE"], ties + island, blocs=bloc)
    main = np.array([xy[a] for a in nodes])
    low, high = main.min(axis=0), main.max(axis=0)
    for other in ("I1", "I2", "I3", "LONE"):
        inside = (low <= np.array(xy[other])).all() and (np.array(xy[other]) <= high).all()
        assert not inside, other


def test_components_and_near_pairs_match_brute_force() -> None:
    pairs = np.array([[0, 1], [1, 2], [4, 5], [6, 5]])
    parts = components(8, pairs)
    assert [sorted(p.tolist()) for p in parts] == [[0, 1, 2], [4, 5, 6], [3], [7]]
    rng = np.random.default_rng(1)
    xy = rng.uniform(-10, 10, size=(400, 2))
    a, b, delta, dist = near_pairs(xy, 1.5)
    found = [frozenset(pair) for pair in zip(a.tolist(), b.tolist(), strict=True)]
    expected = {
        frozenset((i, j))
        for i in range(len(xy))
        for j in range(i + 1, len(xy))
        if np.linalg.norm(xy[i] - xy[j]) < 1.5
    }
    assert len(found) == len(set(found)) and set(found) == expected  # each close pair, once
    assert np.allclose(delta, xy[a] - xy[b]) and np.allclose(dist, np.linalg.norm(delta, axis=1))
