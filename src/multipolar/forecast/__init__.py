"""Forecast: bargaining models that play a scenario forward, what-ifs, drafts and backtests."""

from multipolar.forecast.base import BargainingModel, Forecast, Offer, Round
from multipolar.forecast.expected_utility import ExpectedUtilityModel
from multipolar.forecast.models import MODELS, all_models, get_model
from multipolar.forecast.pivot import PivotModel
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError, read_scenario
from multipolar.forecast.simple import CompromiseModel, MeanModel, MedianModel

__all__ = [
    "MODELS",
    "Actor",
    "BargainingModel",
    "CompromiseModel",
    "ExpectedUtilityModel",
    "Forecast",
    "MeanModel",
    "MedianModel",
    "Offer",
    "PivotModel",
    "Round",
    "Scenario",
    "ScenarioError",
    "all_models",
    "get_model",
    "read_scenario",
]
