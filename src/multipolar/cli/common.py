"""What every command shares: options, output formats, and one way to fail."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console

from multipolar.errors import MultipolarError
from multipolar.show.formats import render

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_DB = "multipolar.duckdb"

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"


class UserError(MultipolarError):
    """A problem with the user's input: reported in one line, never as a traceback."""


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn expected failures (bad input, unreadable files, a broken store) into one-line errors."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except MultipolarError as exc:
            fail(str(exc))
        except (OSError, ValueError) as exc:
            fail(f"{type(exc).__name__}: {exc}")
        except KeyboardInterrupt:
            fail("interrupted", 130)

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
    """A YYYY-MM-DD option value, or a one-line error naming the option."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(f"{option} expects YYYY-MM-DD, got {value!r}") from None


def emit(data: Any, fmt: Format, *, rows: Iterable[dict] | None = None, title: str = "") -> None:
    """Print *data* as JSON, or *rows* (defaulting to *data*) as CSV or a table."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    render(list(rows if rows is not None else data), fmt.value, console=stdout, title=title)


def is_terminal() -> bool:
    return sys.stderr.isatty()
