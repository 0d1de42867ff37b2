"""What every command shares: options, output formats, and one way to fail."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import click
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from multipolar.api.selection import plausible_date
from multipolar.errors import MultipolarError, debugging, describe, is_duckdb_error, is_interrupt
from multipolar.show.formats import markup_safe, plain, printable, render, safe_console

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_DB = "multipolar.duckdb"

stdout = safe_console()
stderr = safe_console(stderr=True)

# The exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


class Format(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"


class UserError(MultipolarError):
    """A problem with the user's input: reported in one line, never as a traceback."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``multipolar: error: MESSAGE`` (the message shown as data) and exit with *code*."""
    stderr.print(f"multipolar: [bold red]error:[/] {markup_safe(message)}")
    raise typer.Exit(code)


def say(message: str, *, err: bool = False) -> None:
    """Print *message* exactly as written (names, paths and text in it are data, never markup)."""
    (stderr if err else stdout).print(plain(message))


def warn(message: str, label: str = "note") -> None:
    """Print ``LABEL: MESSAGE`` on stderr, the label in yellow, the message exactly as written."""
    stderr.print(Text.assemble((f"{label}:", "yellow"), " ", printable(message)))


def interrupted() -> NoReturn:
    stderr.print("multipolar: interrupted")
    raise typer.Exit(INTERRUPTED)


# What a user can cause or fix: bad input, files, a broken or busy database, a full disk.
_EXPECTED = (MultipolarError, OSError, ValueError, MemoryError)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn any failure of a command into one line on stderr and a non-zero exit.

    Ctrl-C exits with 130 after ``multipolar: interrupted``; anything else prints
    ``multipolar: error: ...`` (see :func:`multipolar.errors.describe`) and exits with 1. The
    traceback is shown only when :func:`debugging`; an unexpected exception (a bug) says so.
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            interrupted()
        except BrokenPipeError:  # the reader went away (``| head``): Typer ends the run quietly
            raise
        except Exception as exc:  # noqa: BLE001 - the one place every failure is reported
            if is_interrupt(exc):  # Ctrl-C that arrived inside a DuckDB query
                interrupted()
            if debugging():
                traceback.print_exc()
            expected = isinstance(exc, _EXPECTED) or is_duckdb_error(exc)
            fail(describe(exc) + ("" if expected or debugging() else " (--debug shows the traceback)"))

    return wrapper


def default_db() -> Path:
    return Path(os.environ.get("MULTIPOLAR_DB", DEFAULT_DB))


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default ./multipolar.duckdb, or $MULTIPOLAR_DB)."),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
Since = Annotated[str | None, typer.Option("--since", help="Only events on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--until", help="Only events on or before YYYY-MM-DD.")]


def parse_day(value: str | None, option: str = "--date") -> date | None:
    """A YYYY-MM-DD option value within the plausible range, or a one-line error naming the option
    (the API's own check: :func:`multipolar.api.selection.plausible_date`)."""
    return plausible_date(value, option)


def emit(data: Any, fmt: Format, *, rows: Iterable[dict] | None = None, title: str = "") -> None:
    """Print *data* as JSON, or *rows* (defaulting to *data*) as CSV or a table."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    render(list(rows if rows is not None else data), fmt.value, console=stdout, title=title)


def is_terminal() -> bool:
    return sys.stderr.isatty()


def with_progress(description: str, run: Callable[..., R], step: Callable[[Any], float] = lambda _: 1) -> R:
    """``run(progress=..., on_start=...)`` with a progress bar on a terminal (when there are two
    steps or more, or an unknown number); ``run()`` when output is piped or captured. The API
    function *run* calls ``on_start(total)`` once and ``progress(outcome)`` for each step done,
    which advances the bar by ``step(outcome)``."""
    if not is_terminal():
        return run()
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )
    tasks: list[TaskID] = []

    def start(total: int | None) -> None:
        if total is None or total >= 2:
            bar.start()
            tasks.append(bar.add_task(description, total=total))

    def advance(outcome: Any) -> None:
        if tasks:
            bar.advance(tasks[0], step(outcome))

    try:
        return run(progress=advance, on_start=start)
    finally:
        bar.stop()
