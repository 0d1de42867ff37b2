"""What the ``scenario`` commands share: the scenario file, the model and its parameters."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from multipolar.forecast.base import MAX_ROUNDS
from multipolar.forecast.models import MODELS

ModelName = StrEnum("ModelName", {name: name for name in [*MODELS, "all"]})  # type: ignore[misc]


ScenarioFile = Annotated[
    Path, typer.Argument(help="Scenario file: CSV (Actor,Capability,Position,Salience) or YAML.")
]
ModelOption = Annotated[ModelName, typer.Option("--model", "-m", help="Bargaining model, or all of them.")]
RoundsOption = Annotated[
    int | None,
    typer.Option(
        "--rounds", "-n", min=0, max=MAX_ROUNDS, help="Rounds of moves for the eu model (default 8)."
    ),
]
QOption = Annotated[float | None, typer.Option("--q", min=0, max=1, help="eu model: Q, P(status quo holds).")]
TOption = Annotated[
    float | None, typer.Option("--t", min=0, max=1, help="eu model: T, P(change goes my way).")
]
