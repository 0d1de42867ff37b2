"""One interface for bargaining models, and the result every model returns.

A model is a small object with parameters, whose :meth:`BargainingModel.run` takes a
:class:`~multipolar.forecast.scenario.Scenario` and returns a :class:`Forecast`: the predicted
outcome and, for dynamic models, one :class:`Round` per round of moves (round 1 is the first
round of moves; the positions *before* any move are the scenario's). A model that learns from
decided issues (the pivot model) also has :meth:`BargainingModel.fit`; the others return
themselves.

A forecast can carry how sure it is (:mod:`multipolar.forecast.intervals` adds it): calibrated
:class:`Interval` s and the :class:`Side` s the outcome may land nearest, with probabilities.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from multipolar.forecast.scenario import Scenario

MAX_ROUNDS = 10_000  # a dynamic model's rounds; the published runs use 8, and paths settle long before this


@dataclass(frozen=True, slots=True)
class Offer:
    """A proposal made in one round: ``proposer`` asks ``receiver`` to move to ``position``.

    ``kind`` is ``conflict``, ``compromise`` or ``capitulation``; ``eu_proposer`` and
    ``eu_receiver`` are the expected utilities that classify it; ``accepted`` says whether the
    receiver took this offer (an actor takes at most one per round).
    """

    proposer: str
    receiver: str
    kind: str
    position: float
    eu_proposer: float
    eu_receiver: float
    accepted: bool = False


@dataclass(frozen=True, slots=True)
class Round:
    """One round of moves: the positions after it, their median and mean, the offers taken
    (``offers``, at most one per actor) and how many offers of each kind were made (``made``)."""

    round: int
    median: float
    mean: float
    positions: dict[str, float]
    offers: tuple[Offer, ...] = ()
    made: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Interval:
    """A range that holds the outcome with probability ``level``, calibrated out of sample."""

    level: float
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def to_dict(self) -> dict[str, float]:
        return {"level": self.level, "low": self.low, "high": self.high}


@dataclass(frozen=True, slots=True)
class Side:
    """A camp of actors whose positions lie together (``low``..``high``), and the probability
    that the outcome lands nearer to it than to any other camp."""

    actors: tuple[str, ...]
    low: float
    high: float
    probability: float

    def label(self) -> str:
        where = f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"
        return f"{', '.join(self.actors)} ({where})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": list(self.actors),
            "low": self.low,
            "high": self.high,
            "probability": self.probability,
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    """What a model predicts: ``forecast`` is the outcome; ``rounds`` the path to it.

    ``intervals`` and ``sides`` (most probable first) say how sure the forecast is, ``caveat``
    what the backtest says about the model; all three are empty until
    :func:`multipolar.forecast.intervals.calibrate` fills them.
    """

    model: str
    forecast: float
    rounds: tuple[Round, ...] = ()
    initial: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    intervals: tuple[Interval, ...] = ()
    sides: tuple[Side, ...] = ()
    caveat: str = ""

    @property
    def final_positions(self) -> dict[str, float]:
        return dict(self.rounds[-1].positions) if self.rounds else dict(self.initial)

    @property
    def winner(self) -> Side | None:
        """The side the outcome most probably lands nearest (None before calibration)."""
        return self.sides[0] if self.sides else None

    def to_dict(self) -> dict[str, Any]:
        """JSON: ``{"model", "forecast", "intervals", "winner", "sides", "caveat", "rounds": [...]}``,
        each interval ``{"level", "low", "high"}``, each side ``{"actors", "low", "high",
        "probability"}``, each round ``{"round", "median", "mean", "positions", "offers", "made"}``."""
        return {
            "model": self.model,
            "forecast": self.forecast,
            "intervals": [i.to_dict() for i in self.intervals],
            "winner": self.winner.to_dict() if self.winner else None,
            "sides": [s.to_dict() for s in self.sides],
            "caveat": self.caveat,
            "rounds": [
                {
                    "round": r.round,
                    "median": r.median,
                    "mean": r.mean,
                    "positions": dict(r.positions),
                    "offers": [asdict(o) for o in r.offers],
                    "made": dict(r.made),
                }
                for r in self.rounds
            ],
        }


class BargainingModel(ABC):
    """A model of how a group of actors settles one issue.

    Subclasses set ``name`` and implement :meth:`run`. Parameters are constructor arguments
    (with the published defaults) and are reported by :meth:`parameters`.
    """

    name: str = ""
    dynamic: bool = False

    @abstractmethod
    def run(self, scenario: Scenario, rounds: int | None = None) -> Forecast:
        """Forecast the issue's outcome; dynamic models play *rounds* rounds of moves."""

    def fit(self, scenarios: Sequence[Scenario], outcomes: Sequence[float]) -> BargainingModel:
        """The model with its parameters learned from decided issues; a model that learns
        nothing returns itself."""
        return self

    def parameters(self) -> dict[str, Any]:
        return {}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.parameters().items())
        return f"{type(self).__name__}({args})"


def weighted_mean(positions: Sequence[float], weights: Sequence[float]) -> float:
    """sum(w_i x_i) / sum(w_i): the compromise position."""
    total = sum(weights)
    return sum(w * x for w, x in zip(weights, positions, strict=True)) / total


def weighted_median(positions: Sequence[float], weights: Sequence[float]) -> float:
    """The position x* with at most half the weight strictly on either side of it.

    With utilities that fall linearly with distance this is the Condorcet winner among the
    actors' positions (Black's median voter theorem): no other position gets a weighted
    majority against it. When two positions tie, the one holding more weight wins (then the
    lower one), so the result is always a position some actor holds. O(n log n).
    """
    held: dict[float, float] = {}
    for x, w in zip(positions, weights, strict=True):
        held[x] = held.get(x, 0.0) + w
    total = sum(held.values())
    half = total / 2 + 1e-12 * max(total, 1.0)
    best: tuple[float, float] | None = None
    below = 0.0
    for x in sorted(held):
        above = total - below - held[x]
        if below <= half and above <= half and (best is None or held[x] > best[1] + 1e-12):
            best = (x, held[x])
        below += held[x]
    assert best is not None  # some position always splits the weight
    return best[0]


def check_rounds(rounds: int) -> int:
    """*rounds* if it is within 0..MAX_ROUNDS, else a ValueError that says the bound."""
    if not 0 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be within 0..{MAX_ROUNDS:,}, not {rounds:,}")
    return rounds
