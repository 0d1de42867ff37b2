"""Three static baselines: the compromise model, the weighted median and the plain mean.

Both weigh actor *i* by its capability times its salience, w_i = c_i s_i.

* Compromise (mean) model: x* = sum(w_i x_i) / sum(w_i). It is the simple form of the Nash
  bargaining solution used by Achen (2006, "Institutional realism and bargaining models", in
  Thomson et al., *The European Union Decides*) and van den Bos (1991): each actor's loss is
  quadratic in distance, so the weighted mean maximises the weighted product of utilities.
* Weighted median: the position with at most half the weight on either side, the Condorcet
  winner when utilities fall linearly with distance (Black 1948).
* Mean: the unweighted mean of the positions of the actors with some weight (w_i > 0): the
  yardstick that tells whether weighing by capability and salience helps at all.

They predict without moves, so their forecasts carry no rounds.
"""

from __future__ import annotations

from abc import abstractmethod

from multipolar.forecast.base import BargainingModel, Forecast, weighted_mean, weighted_median
from multipolar.forecast.scenario import Scenario


class StaticModel(BargainingModel):
    """A model that predicts one position from the actors' positions and weights, without moves."""

    @abstractmethod
    def outcome(self, positions: list[float], weights: list[float]) -> float:
        """The predicted position, from the actors' *positions* and their *weights* (w_i)."""

    def run(self, scenario: Scenario, rounds: int | None = None) -> Forecast:
        positions = [a.position for a in scenario.actors]
        return Forecast(
            model=self.name,
            forecast=self.outcome(positions, [a.weight for a in scenario.actors]),
            initial={a.name: a.position for a in scenario.actors},
        )


class CompromiseModel(StaticModel):
    """Capability x salience weighted mean of positions."""

    name = "compromise"

    def outcome(self, positions: list[float], weights: list[float]) -> float:
        return weighted_mean(positions, weights)


class MedianModel(StaticModel):
    """Capability x salience weighted median of positions."""

    name = "median"

    def outcome(self, positions: list[float], weights: list[float]) -> float:
        return weighted_median(positions, weights)


class MeanModel(StaticModel):
    """Unweighted mean of the positions of the actors with a positive weight."""

    name = "mean"

    def outcome(self, positions: list[float], weights: list[float]) -> float:
        weighed = [x for x, w in zip(positions, weights, strict=True) if w > 0]
        return sum(weighed) / len(weighed)
