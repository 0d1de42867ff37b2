"""Positions for the report's network, computed once in Python so the page only has to draw.

:func:`positions` is Fruchterman and Reingold's spring embedder (1991) in their grid variant:
every pair of actors closer than :data:`CUTOFF` ideal distances repels (``k^2 / d``), a
cooperative tie attracts its ends (``d^2 / k``, more for a heavier tie), a hostile tie pushes
its ends apart until they are :data:`CUTOFF` apart, and each actor is pulled towards the centre
of its bloc, so camps show as regions. The grid keeps an iteration linear in actors plus ties
(a full pairwise repulsion costs 0.16 s an iteration at 3,000 actors; this costs a few ms).

Each connected component is laid out on its own (actors with no chain of ties between them have
no meaningful distance) and the components are then packed in rows, largest first. A last pass
moves apart any two actors whose discs (radius growing with activity) overlap. Everything is
seeded, so the same network always gets the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

K = 1.0  # the ideal distance between tied actors, in layout units
CUTOFF = 3.0  # repulsion and hostile ties act only within CUTOFF * K
# Pulls per unit of distance, divided by the component's natural width sqrt(n) K: a pull that grows
# with distance against a repulsion that acts only nearby would otherwise pack a big component
# denser than a small one; scaled so, every component settles at about 0.6 actors per K^2.
ATTRACTION = 4.0  # towards the actors an actor cooperates with
COHESION = 0.8  # towards the centre of the actor's bloc
GRAVITY = 0.2  # towards the component's centre
HOSTILITY = 0.5  # apart, for hostile ties closer than CUTOFF, per unit of the shortfall
MIN_RADIUS, MAX_RADIUS = 0.22, 0.55  # an actor's disc, least and most active, in units of K


def positions(
    nodes: Sequence[str],
    ties: Iterable[tuple[str, str, float]],
    *,
    blocs: Mapping[str, int | None] | None = None,
    activity: Mapping[str, int] | None = None,
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """An ``(x, y)`` for each of *nodes*; *ties* are ``(a, b, signed weight)``, either direction.

    Ties between the same two actors are summed; ties to actors not in *nodes* are ignored.
    """
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    net: dict[tuple[int, int], float] = {}
    for a, b, weight in ties:
        i, j = index.get(a), index.get(b)
        if i is None or j is None or i == j:
            continue
        pair = (i, j) if i < j else (j, i)
        net[pair] = net.get(pair, 0.0) + float(weight)
    pairs = np.array(list(net), dtype=np.int64).reshape(-1, 2)
    weights = np.array(list(net.values()), dtype=np.float64)
    bloc_of = blocs or {}
    bloc = np.array([-1 if bloc_of.get(v) is None else int(bloc_of[v]) for v in nodes], dtype=np.int64)
    act = np.array([float((activity or {}).get(v, 0)) for v in nodes])
    radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * np.sqrt(act / max(1.0, act.max()))
    rng = np.random.default_rng(seed)
    xy = np.zeros((n, 2))
    parts = components(n, pairs)
    for part in parts:
        if len(part) == 1:
            continue
        local = np.full(n, -1, dtype=np.int64)
        local[part] = np.arange(len(part))
        inside = (local[pairs[:, 0]] >= 0) if len(pairs) else np.zeros(0, dtype=bool)
        sub = local[pairs[inside]]
        xy[part] = spring(sub, weights[inside], bloc[part], radius[part], rng)
    pack(xy, radius, parts)
    xy -= xy.mean(axis=0)
    return {node: (round(float(x), 3), round(float(y), 3)) for node, (x, y) in zip(nodes, xy, strict=True)}


def components(n: int, pairs: np.ndarray) -> list[np.ndarray]:
    """The connected components of *n* nodes joined by *pairs*, largest first (then by first node):
    label propagation, each node taking the smallest label among its neighbours until none changes."""
    labels = np.arange(n)
    while len(pairs):
        low = np.minimum(labels[pairs[:, 0]], labels[pairs[:, 1]])
        before = labels.copy()
        np.minimum.at(labels, pairs[:, 0], low)
        np.minimum.at(labels, pairs[:, 1], low)
        labels = labels[labels]  # jump to the label's own label: fewer rounds on long chains
        if np.array_equal(labels, before):
            break
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    parts = np.split(order, cuts)
    return sorted(parts, key=lambda p: (-len(p), int(p[0])))


def spring(
    pairs: np.ndarray, weights: np.ndarray, bloc: np.ndarray, radius: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Positions for one connected component (see the module's docstring for the forces).

    Blocs start on a circle and their members scattered round their bloc's point; the step each
    actor may take (the temperature) starts at a tenth of the component's width and cools
    geometrically to a hundredth of K.
    """
    n = len(bloc)
    spread = K * math.sqrt(n)
    camps = np.unique(bloc[bloc >= 0])
    angle = np.zeros(n)
    for slot, camp in enumerate(camps):
        angle[bloc == camp] = 2 * math.pi * slot / len(camps)
    offset = np.where(bloc >= 0, 0.5 * spread if len(camps) > 1 else 0.0, 0.0)
    xy = np.column_stack((np.cos(angle) * offset, np.sin(angle) * offset))
    xy += rng.normal(scale=0.35 * spread, size=(n, 2))
    strength = np.abs(weights) / max(1e-9, float(np.abs(weights).max())) if len(weights) else weights
    friends = Ties.of(pairs[weights > 0], strength[weights > 0], n)
    foes = Ties.of(pairs[weights < 0], strength[weights < 0], n)
    members = [bloc == camp for camp in camps]
    iterations = int(np.clip(30_000 / n, 60, 250))
    temperature, cooled = 0.1 * spread, 0.01 * K
    cooling = (cooled / temperature) ** (1 / iterations) if temperature > cooled else 1.0
    for _ in range(iterations):
        move = np.zeros((n, 2))
        a, b, delta, dist = near_pairs(xy, CUTOFF * K)
        _push(move, a, b, delta * (K * K / dist**2)[:, None])
        friends.apply(move, xy, lambda d: np.full_like(d, -ATTRACTION / spread))
        foes.apply(move, xy, lambda d: HOSTILITY * np.maximum(0, CUTOFF * K - d) / d)
        for camp in members:
            move[camp] += (xy[camp].mean(axis=0) - xy[camp]) * COHESION / spread
        move -= (xy - xy.mean(axis=0)) * GRAVITY / spread
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 1e-9)
        xy += move * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    separate(xy, radius)
    return xy


@dataclass(frozen=True)
class Ties:
    """Ties between actors ``a`` and ``b``, each with its share of either end's ties (by strength),
    so that an actor with a hundred ties is moved as firmly as one with two, not fifty times more."""

    a: np.ndarray
    b: np.ndarray
    share_a: np.ndarray
    share_b: np.ndarray

    @classmethod
    def of(cls, pairs: np.ndarray, strength: np.ndarray, n: int) -> Ties:
        a, b = pairs[:, 0], pairs[:, 1]
        total = np.bincount(a, strength, minlength=n) + np.bincount(b, strength, minlength=n)
        if not len(a):
            return cls(a, b, strength, strength)
        return cls(a, b, strength / total[a], strength / total[b])

    def apply(self, move: np.ndarray, xy: np.ndarray, force: Callable[[np.ndarray], np.ndarray]) -> None:
        """Add, in place, *force* (of the distance; positive pushes apart) along each tie."""
        if not len(self.a):
            return
        n = len(move)
        delta = xy[self.a] - xy[self.b]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
        along = delta * force(dist)[:, None]
        for axis in (0, 1):
            move[:, axis] += np.bincount(self.a, along[:, axis] * self.share_a, minlength=n)
            move[:, axis] -= np.bincount(self.b, along[:, axis] * self.share_b, minlength=n)


def _push(move: np.ndarray, a: np.ndarray, b: np.ndarray, force: np.ndarray) -> None:
    """Add *force* to the nodes *a* and subtract it from the nodes *b* (pairs may repeat)."""
    n = len(move)
    for axis in (0, 1):
        move[:, axis] += np.bincount(a, force[:, axis], minlength=n)
        move[:, axis] -= np.bincount(b, force[:, axis], minlength=n)


def near_pairs(xy: np.ndarray, cutoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of points closer than *cutoff*, once: indices ``a``, ``b``, ``xy[a] - xy[b]``, distance.

    Points are hashed into square cells *cutoff* wide, so only the nine cells round each point
    are searched.
    """
    cell = np.floor(xy / cutoff).astype(np.int64)
    cell -= cell.min(axis=0)
    width = int(cell[:, 1].max()) + 3
    key = (cell[:, 0] + 1) * width + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    found_a, found_b = [], []
    # each pair of neighbouring cells once: the cell itself, and four of its eight neighbours
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
        wanted = key + dx * width + dy
        lo = np.searchsorted(sorted_keys, wanted, "left")
        counts = np.searchsorted(sorted_keys, wanted, "right") - lo
        total = int(counts.sum())
        if not total:
            continue
        a = np.repeat(np.arange(len(xy)), counts)
        b = order[np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)]
        keep = a < b if dx == dy == 0 else slice(None)
        found_a.append(a[keep])
        found_b.append(b[keep])
    a = np.concatenate(found_a) if found_a else np.zeros(0, dtype=np.int64)
    b = np.concatenate(found_b) if found_b else np.zeros(0, dtype=np.int64)
    delta = xy[a] - xy[b]
    dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
    close = dist < cutoff
    return a[close], b[close], delta[close], dist[close]


def separate(xy: np.ndarray, radius: np.ndarray, passes: int = 30) -> None:
    """Move apart, in place, any two actors whose discs (plus a small gap) overlap."""
    gap = 0.1 * K
    reach = 2 * float(radius.max()) + gap
    for _ in range(passes):
        a, b, delta, dist = near_pairs(xy, reach)
        overlap = radius[a] + radius[b] + gap - dist
        hit = overlap > 0
        if not hit.any():
            return
        shift = delta[hit] / dist[hit][:, None] * (overlap[hit] / 2)[:, None]
        move = np.zeros_like(xy)
        _push(move, a[hit], b[hit], shift)
        xy += move


def pack(xy: np.ndarray, radius: np.ndarray, parts: list[np.ndarray]) -> None:
    """Shelf packing, in place: components left to right in rows about as wide as the whole is tall."""
    boxes = []
    for part in parts:
        low = (xy[part] - radius[part][:, None]).min(axis=0)
        high = (xy[part] + radius[part][:, None]).max(axis=0)
        boxes.append((part, low, high - low + K))
    area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    row_width = max(float(boxes[0][2][0]), math.sqrt(area) * 1.4)
    x = y = row_height = 0.0
    for part, low, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        xy[part] += np.array([x, y]) - low
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
