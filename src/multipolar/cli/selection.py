"""What the query and analysis commands share: the options that select events, and the store they
read, opened as the Python API's :class:`~multipolar.api.Corpus` (the commands call the API)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from multipolar.cli.common import UserError, parse_day, warn
from multipolar.cli.stores import open_for

if TYPE_CHECKING:
    from multipolar.api import Corpus

DocsOption = Annotated[
    list[str] | None,
    typer.Option("--doc", help="Only events of this document (id or id prefix); repeat for several."),
]
TheatreOption = Annotated[
    list[str] | None,
    typer.Option(
        "--theatre",
        "-t",
        help="Only events of this theatre (id, name, alias or a country's ISO code such as LBY, in any "
        "case; 'bilateral' for those of none); "
        "a region includes the theatres inside it; repeat for several. See 'multipolar theatres'.",
    ),
]


def corpus_for(db: Path | None, store: Path | None = None) -> Corpus:
    """The store that --db or --store names (or the default), opened for reading."""
    from multipolar.api import Corpus

    return Corpus(open_for(db, store))


def filters(
    since: str | None,
    until: str | None,
    docs: list[str] | None = None,
    theatre: list[str] | None = None,
    merge: bool = True,
) -> dict[str, Any]:
    """The API's keyword filters from the options (dates checked, in the options' own words)."""
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first and last and first > last:
        raise UserError(f"--since {first} is after --until {last}")
    return {
        "since": first,
        "until": last,
        "docs": docs or None,
        "theatre": theatre or None,
        "merge_units": merge,
    }


def note_unassessed(corpus: Corpus, theatre: list[str] | None) -> None:
    """Say so when a theatre is asked of a store whose events have not all been placed."""
    if theatre and (missing := corpus.unassessed):
        warn(
            f"{missing} event(s) were stored before theatres existed and match no --theatre; "
            "'multipolar ingest' into this store places them"
        )
