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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from multipolar.forecast.base import BargainingModel, Forecast, Offer, Round, weighted_mean, weighted_median
from multipolar.forecast.scenario import Scenario

KINDS = ("conflict", "compromise", "capitulation")


def vote_matrix(x: np.ndarray, w: np.ndarray, span: float) -> np.ndarray:
    """V[k, a, b]: actor k's weighted vote for a's position over b's (positive: prefers a)."""
    dist = np.abs(x[:, None] - x[None, :]) / span  # dist[k, a] = |x_k - x_a| / span
    return w[:, None, None] * (dist[:, None, :] - dist[:, :, None])


def win_probability(votes: np.ndarray) -> np.ndarray:
    """P[i, j]: the votes for i's position over j's, as a share of all votes cast in all contests."""
    total = np.abs(votes).sum()
    if total == 0:
        return np.zeros(votes.shape[1:])
    return np.clip(votes, 0, None).sum(axis=0) / total


def challenge_utility(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: float, span: float, r: float, q: float, t: float
) -> np.ndarray:
    """EU[i, j]: expected utility of i challenging j, seen by an actor with risk exponent r."""
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


def offered_position(
    kind: str, x_proposer: float, x_receiver: float, eu_proposer: float, eu_receiver: float
) -> float:
    if kind == "compromise":
        return x_receiver + (x_proposer - x_receiver) * abs(eu_receiver / eu_proposer)
    return x_proposer


def choose(offers: list[Offer], here: float) -> Offer | None:
    """The offer a receiver at *here* takes (see the module documentation)."""
    by_kind = {kind: [o for o in offers if o.kind == kind] for kind in KINDS}
    if by_kind["conflict"]:
        return min(by_kind["conflict"], key=lambda o: abs(o.position - here))
    if by_kind["compromise"]:
        return max(by_kind["compromise"], key=lambda o: o.eu_proposer)
    if by_kind["capitulation"]:
        return min(by_kind["capitulation"], key=lambda o: abs(o.position - here))
    return None


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
        if self.rounds < 0:
            raise ValueError(f"rounds must be zero or more, not {self.rounds}")

    def parameters(self) -> dict[str, Any]:
        return {"q": self.q, "t": self.t, "rounds": self.rounds}

    def run(self, scenario: Scenario, rounds: int | None = None) -> Forecast:
        rounds = self.rounds if rounds is None else rounds
        if rounds < 0:
            raise ValueError(f"rounds must be zero or more, not {rounds}")
        names = scenario.names
        x = np.array([a.position for a in scenario.actors], dtype=float)
        s = np.array([a.salience for a in scenario.actors], dtype=float)
        w = np.array([a.weight for a in scenario.actors], dtype=float)
        low, high = scenario.bounds
        history = []
        for number in range(1, rounds + 1):
            offers = self.offers(names, x, s, w, high - low) if high > low else []
            x = x.copy()
            for offer in offers:
                if offer.accepted:
                    x[names.index(offer.receiver)] = offer.position
            history.append(
                Round(
                    round=number,
                    median=weighted_median(list(x), list(w)),
                    mean=weighted_mean(list(x), list(w)),
                    positions=dict(zip(names, (float(v) for v in x), strict=True)),
                    offers=tuple(offers),
                )
            )
        initial = {a.name: a.position for a in scenario.actors}
        forecast = history[-1].median if history else weighted_median(list(initial.values()), list(w))
        return Forecast(self.name, float(forecast), tuple(history), initial, self.parameters())

    def offers(
        self, names: list[str], x: np.ndarray, s: np.ndarray, w: np.ndarray, span: float
    ) -> list[Offer]:
        """Every offer made in one round from positions *x*, with the accepted ones marked."""
        p = win_probability(vote_matrix(x, w, span))
        mu = weighted_median(list(x), list(w))
        r = risk_exponents(challenge_utility(x, s, p, mu, span, 1.0, self.q, self.t))
        made: list[Offer] = []
        for j, receiver in enumerate(names):
            eu = challenge_utility(x, s, p, mu, span, float(r[j]), self.q, self.t)  # j's perception
            incoming = []
            for i, proposer in enumerate(names):
                if i == j or x[i] == x[j]:
                    continue
                kind = classify(eu[i, j], eu[j, i])
                if kind:
                    position = offered_position(kind, x[i], x[j], eu[i, j], eu[j, i])
                    incoming.append(
                        Offer(proposer, receiver, kind, float(position), float(eu[i, j]), float(eu[j, i]))
                    )
            taken = choose(incoming, x[j])
            made += [Offer(**{**_fields(o), "accepted": o is taken}) for o in incoming]
        return made


def _fields(offer: Offer) -> dict[str, Any]:
    return {f: getattr(offer, f) for f in Offer.__slots__}
