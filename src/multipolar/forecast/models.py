"""The bargaining models by name, all behind :class:`~multipolar.forecast.base.BargainingModel`."""

from __future__ import annotations

import inspect
from typing import Any

from multipolar.forecast.base import BargainingModel
from multipolar.forecast.expected_utility import ExpectedUtilityModel
from multipolar.forecast.pivot import PivotModel
from multipolar.forecast.simple import CompromiseModel, MeanModel, MedianModel

MODELS: dict[str, type[BargainingModel]] = {
    "compromise": CompromiseModel,
    "median": MedianModel,
    "mean": MeanModel,
    "eu": ExpectedUtilityModel,
    "pivot": PivotModel,
}


def get_model(name: str, **parameters: Any) -> BargainingModel:
    """A model by name; *parameters* that the model does not take are ignored."""
    try:
        cls = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r} (choose from {', '.join(MODELS)})") from None
    accepted = inspect.signature(cls).parameters
    return cls(**{k: v for k, v in parameters.items() if k in accepted and v is not None})


def all_models(**parameters: Any) -> list[BargainingModel]:
    return [get_model(name, **parameters) for name in MODELS]
