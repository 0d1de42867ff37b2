"""The ``multipolar`` command line.

Each command group lives in its own module with a ``register(app)`` function, so the CLI
reads like the pipeline: corpus (extract, ingest, events, demo), actors, analysis, report,
evaluation, scenarios.
"""

from __future__ import annotations

import typer

from multipolar.cli import (
    actors,
    analyse,
    corpus,
    evaluate,
    incidents,
    report,
    scenario,
    serve,
    store,
    theatres,
)

app = typer.Typer(
    name="multipolar",
    help="Turn reporting on conflicts into the multi-actor system it describes: actors, PLOVER events, "
    "blocs, brokers, and bargaining forecasts. Add --debug (or set MULTIPOLAR_DEBUG=1) to see the "
    "traceback of a failure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (corpus, incidents, actors, analyse, theatres, report, serve, evaluate, scenario, store):
    module.register(app)
