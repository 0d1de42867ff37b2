"""Forecast: bargaining models that play a scenario forward, how sure each forecast is (calibrated
intervals and the winner's side), what-ifs, drafts and backtests."""

from multipolar.forecast.base import BargainingModel, Forecast, Interval, Offer, Round, Side
from multipolar.forecast.expected_utility import ExpectedUtilityModel
from multipolar.forecast.intervals import Calibration, calibrate, load_calibration
from multipolar.forecast.models import MODELS, all_models, get_model
from multipolar.forecast.pivot import PivotModel
from multipolar.forecast.scenario import Actor, Scenario, ScenarioError, read_scenario
from multipolar.forecast.simple import CompromiseModel, MeanModel, MedianModel

__all__ = [
    "MODELS",
    "Actor",
    "BargainingModel",
    "Calibration",
    "CompromiseModel",
    "ExpectedUtilityModel",
    "Forecast",
    "Interval",
    "MeanModel",
    "MedianModel",
    "Offer",
    "PivotModel",
    "Round",
    "Scenario",
    "ScenarioError",
    "Side",
    "all_models",
    "calibrate",
    "get_model",
    "load_calibration",
    "read_scenario",
]
