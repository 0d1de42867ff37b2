"""Bueno de Mesquita's expected utility model, as reconstructed by Scholz, Calbert & Smith (2011).

Sources: Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*; Bueno de Mesquita
(1997), "A decision making model: its structure and form", *International Interactions* 23;
Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
*Journal of Theoretical Politics* 23(4). docs/forecast.md gives the equations in full and the
readings this implementation chose where the reconstruction is ambiguous.

Notation: actor i has position x_i, capability c_i, salience s_i, weight w_i = c_i s_i;
d_ij = |x_i - x_j| / (x_max - x_min) is the distance on the issue scale normalised to [0, 1].
Every round:

1. votes: v^k_ab = w_k (|x_k - x_b| - |x_k - x_a|) / (x_max - x_min), actor k's vote for a's
   position over b's; the median mu is the Condorcet winner among the current positions.
2. probability that i wins a contest with j:
   P_ij = sum_k max(v^k_ij, 0) / sum_{k,a,b} |v^k_ab|.
3. utilities, with risk exponent r: U^s = 2 - 4(0.5 - 0.5 d_ij)^r, U^f = 2 - 4(0.5 + 0.5 d_ij)^r,
   U^b = 2 - 4(0.5 - 0.25(d_i,mu + d_ij))^r, U^w = 2 - 4(0.5 + 0.25(d_i,mu + d_ij))^r,
   U^sq = 2 - 4(0.5)^r.
4. expected utility of i challenging j:
   EU_ij = s_j (P_ij U^s + (1 - P_ij) U^f) + (1 - s_j) U^s - Q U^sq - (1 - Q)(T U^b + (1 - T) U^w).
5. risk: with r = 1, the threat to i is sum_{j != i} EU_ji; R_i = (2 threat_i - max - min) /
   (max - min) over all actors' threats, and r_i = (1 - R_i/3) / (1 + R_i/3), in [0.5, 2].
6. offers: for every pair, the receiver j weighs EU_ij (the proposer's) against EU_ji (its own),
   both with its own r_j. Conflict: EU_ij > EU_ji > 0, j moves to x_i. Compromise: EU_ij > 0 >= EU_ji
   and EU_ij > |EU_ji|, j moves to x_j + (x_i - x_j)|EU_ji / EU_ij|. Capitulation: EU_ij > 0 > EU_ji,
   |EU_ji| >= EU_ij, j moves to x_i. Each actor takes one offer: a conflict it loses (the
   nearest), else the compromise pressed hardest (largest EU_ij), else the nearest capitulation.

Memory and time grow with the square of the number of actors: the votes of step 1 are never
formed as an n x n x n array (:func:`win_probabilities` sums them in closed form, and tests check
it against the literal definition, :func:`vote_matrix`), and each receiver's view of step 6 is
read off two n x n matrices. Rounds keep the accepted offers and the count of offers made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from multipolar.forecast.base import (
    BargainingModel,
    Forecast,
    Offer,
    Round,
    check_rounds,
    weighted_mean,
    weighted_median,
)
from multipolar.forecast.scenario import Scenario, ScenarioError

KINDS = ("conflict", "compromise", "capitulation")
MAX_ACTORS = 5_000  # n x n float matrices: about 200 MB each at this size, a dozen of them per round


def vote_matrix(x: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    """V[k, a, b]: actor k's weighted vote for a's position over b's (positive: prefers a).

    The literal definition, n x n x n: for reading and for tests. The model uses
    :func:`win_probabilities`, which gives the same result in n x n memory.
    """
    dist = np.abs(x[:, None] - x[None, :]) / span  # dist[k, a] = |x_k - x_a| / span
    return w[:, None, None] * (dist[:, None, :] - dist[:, :, None])


def win_probability(votes: np.ndarray) -> np.ndarray:
    """P[i, j]: the votes for i's position over j's, as a share of all votes cast in all contests."""
    total = np.abs(votes).sum()
    if total == 0:
        return np.zeros(votes.shape[1:])
    return np.clip(votes, 0, None).sum(axis=0) / total


def win_probabilities(x: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    """``win_probability(vote_matrix(x, w, span))`` in n x n memory and O(n^2 log n) time.

    For a < b, voter y's vote for a over b, |y - b| - |y - a|, is b - a when y <= a, falls
    linearly to 0 at the midpoint m = (a + b) / 2 and is negative beyond it; so the positive
    votes for a are (b - a) W(y <= a) + (a + b) W(a < y < m) - 2 WY(a < y < m), with W and WY the
    weight and weight x position of the voters in a range: prefix sums over the sorted
    positions. The mirror case a > b is the same read from the other end. The total of all
    |votes| is, for each voter k, sum over pairs of |d_kb - d_ka|, which sorting d_k gives in
    O(n log n).
    """
    n = len(x)
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cw = np.concatenate([[0.0], np.cumsum(ws)])
    cwy = np.concatenate([[0.0], np.cumsum(ws * xs)])

    def below(v: np.ndarray, inclusive: bool) -> tuple[np.ndarray, np.ndarray]:
        """Weight and weight x position of the voters at positions < v (<= v when inclusive)."""
        k = np.searchsorted(xs, v, side="right" if inclusive else "left")
        return cw[k], cwy[k]

    a, b = x[:, None] * np.ones((1, n)), np.ones((n, 1)) * x[None, :]  # a = x_i (row), b = x_j
    mid = (a + b) / 2
    up = a < b
    w_le_a, wy_le_a = (v[:, None] for v in below(x, inclusive=True))  # depend on the row only
    w_lt_a, wy_lt_a = (v[:, None] for v in below(x, inclusive=False))
    w_lt_m, wy_lt_m = below(mid, inclusive=False)
    w_le_m, wy_le_m = below(mid, inclusive=True)
    total_w = cw[-1]
    # a < b: (b - a) W(y <= a) + (a + b) W(a < y < m) - 2 WY(a < y < m)
    rising = (b - a) * w_le_a + (a + b) * (w_lt_m - w_le_a) - 2 * (wy_lt_m - wy_le_a)
    # a > b: (a - b) W(y >= a) + 2 WY(m < y < a) - (a + b) W(m < y < a)
    falling = (a - b) * (total_w - w_lt_a) + 2 * (wy_lt_a - wy_le_m) - (a + b) * (w_lt_a - w_le_m)
    positive = np.where(up, rising, np.where(a > b, falling, 0.0)) / span
    spread = np.sort(np.abs(x[:, None] - x[None, :]), axis=1) @ (2 * np.arange(n) - n + 1.0)
    total = 2 * float(w @ spread) / span
    if total == 0:
        return np.zeros((n, n))
    return np.clip(positive, 0, None) / total


def challenge_utility(
    x: np.ndarray,
    s: np.ndarray,
    p: np.ndarray,
    mu: float,
    span: float,
    r: float | np.ndarray,
    q: float,
    t: float,
) -> np.ndarray:
    """EU[i, j]: expected utility of i challenging j, seen with risk exponent r.

    *r* is a number, or an array that broadcasts against [i, j]: ``r[None, :]`` evaluates every
    pair with the receiver j's exponent, ``r[:, None]`` with the challenger i's.
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    d_mu = (np.abs(x - mu) / span)[:, None]
    success = 2 - 4 * (0.5 - 0.5 * d) ** r
    failure = 2 - 4 * (0.5 + 0.5 * d) ** r
    better = 2 - 4 * np.clip(0.5 - 0.25 * (d_mu + d), 0, None) ** r
    worse = 2 - 4 * (0.5 + 0.25 * (d_mu + d)) ** r
    status_quo = 2 - 4 * 0.5**r
    resisted = s[None, :] * (p * success + (1 - p) * failure) + (1 - s[None, :]) * success
    return resisted - q * status_quo - (1 - q) * (t * better + (1 - t) * worse)


def risk_exponents(eu: np.ndarray) -> np.ndarray:
    """r_i from how threatened i's position is (eu computed with r = 1), scaled into [0.5, 2]."""
    threat = eu.sum(axis=0) - np.diag(eu)  # sum over challengers j != i of EU[j, i]
    high, low = threat.max(), threat.min()
    if np.isclose(high, low):
        return np.ones_like(threat)
    big_r = (2 * threat - high - low) / (high - low)
    return (1 - big_r / 3) / (1 + big_r / 3)


def classify(eu_proposer: float, eu_receiver: float) -> str | None:
    """The kind of offer a proposer with EU_ij makes to a receiver with EU_ji, or None."""
    if eu_proposer <= 0:
        return None
    if eu_receiver > 0:
        return "conflict" if eu_proposer > eu_receiver else None
    return "compromise" if eu_proposer > abs(eu_receiver) else "capitulation"


def classify_all(proposer: np.ndarray, receiver: np.ndarray) -> dict[str, np.ndarray]:
    """:func:`classify` for every pair at once: a boolean matrix per kind."""
    gains = proposer > 0
    return {
        "conflict": gains & (receiver > 0) & (proposer > receiver),
        "compromise": gains & (receiver <= 0) & (proposer > np.abs(receiver)),
        "capitulation": gains & (receiver <= 0) & (proposer <= np.abs(receiver)),
    }


@dataclass
class ExpectedUtilityModel(BargainingModel):
    """Bueno de Mesquita's expected utility model (Scholz, Calbert & Smith 2011).

    ``q``: the probability, as every actor sees it, that the status quo holds when nobody
    challenges (Q); ``t``: the probability that an unchallenged change goes the actor's way (T);
    ``rounds``: rounds of moves to play. Scholz et al. report Q = 1.0 for their Table 2.
    """

    q: float = 1.0
    t: float = 1.0
    rounds: int = 8

    name = "eu"
    dynamic = True

    def __post_init__(self) -> None:
        for label, value in (("Q", self.q), ("T", self.t)):
            if not 0 <= value <= 1:
                raise ValueError(f"{label} must be within 0..1, not {value:g}")
        check_rounds(self.rounds)

    def parameters(self) -> dict[str, Any]:
        return {"q": self.q, "t": self.t, "rounds": self.rounds}

    def run(self, scenario: Scenario, rounds: int | None = None) -> Forecast:
        rounds = check_rounds(self.rounds if rounds is None else rounds)
        if len(scenario.actors) > MAX_ACTORS:
            raise ScenarioError(
                f"the eu model takes at most {MAX_ACTORS:,} actors (memory grows with the square), "
                f"not {len(scenario.actors):,}"
            )
        names = scenario.names
        x = np.array([a.position for a in scenario.actors], dtype=float)
        s = np.array([a.salience for a in scenario.actors], dtype=float)
        w = np.array([a.weight for a in scenario.actors], dtype=float)
        low, high = scenario.bounds
        history = []
        for number in range(1, rounds + 1):
            accepted, made = self.offers(names, x, s, w, high - low) if high > low else ([], {})
            x = x.copy()
            for offer in accepted:
                x[names.index(offer.receiver)] = offer.position
            history.append(
                Round(
                    round=number,
                    median=weighted_median(list(x), list(w)),
                    mean=weighted_mean(list(x), list(w)),
                    positions=dict(zip(names, (float(v) for v in x), strict=True)),
                    offers=tuple(accepted),
                    made=made,
                )
            )
        initial = {a.name: a.position for a in scenario.actors}
        forecast = history[-1].median if history else weighted_median(list(initial.values()), list(w))
        return Forecast(self.name, float(forecast), tuple(history), initial, self.parameters())

    def offers(
        self, names: list[str], x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float
    ) -> tuple[list[Offer], dict[str, int]]:
        """The offers taken in one round from positions *x*, and how many of each kind were made."""
        p = win_probabilities(x, w, span)
        mu = weighted_median(list(x), list(w))
        r = risk_exponents(challenge_utility(x, s, p, mu, span, 1.0, self.q, self.t))
        # both sides of every pair as the receiver j sees them, with its own exponent r_j
        proposer = challenge_utility(x, s, p, mu, span, r[None, :], self.q, self.t)  # EU_ij
        receiver = challenge_utility(x, s, p, mu, span, r[:, None], self.q, self.t).T  # EU_ji at [i, j]
        apart = x[:, None] != x[None, :]  # also rules out i == j
        kinds = {kind: mask & apart for kind, mask in classify_all(proposer, receiver).items()}
        share = np.abs(receiver / np.where(proposer == 0, 1, proposer))
        moved = np.where(kinds["compromise"], x[None, :] + (x[:, None] - x[None, :]) * share, x[:, None])
        distance = np.abs(moved - x[None, :])
        taken: list[Offer] = []
        for j, name in enumerate(names):
            i = _choose(kinds, distance[:, j], proposer[:, j], j)
            if i is None:
                continue
            kind = next(k for k in KINDS if kinds[k][i, j])
            taken.append(
                Offer(
                    names[i],
                    name,
                    kind,
                    float(moved[i, j]),
                    float(proposer[i, j]),
                    float(receiver[i, j]),
                    True,
                )
            )
        return taken, {kind: int(mask.sum()) for kind, mask in kinds.items()}


def _choose(kinds: dict[str, np.ndarray], distance: np.ndarray, pressure: np.ndarray, j: int) -> int | None:
    """The proposer whose offer receiver j takes: the nearest lost conflict, else the compromise
    pressed hardest (largest EU_ij), else the nearest capitulation; the first proposer on ties."""
    for kind, score in (("conflict", distance), ("compromise", -pressure), ("capitulation", distance)):
        mask = kinds[kind][:, j]
        if mask.any():
            return int(np.argmin(np.where(mask, score, np.inf)))
    return None
