"""What the store commands share: which store they read or write (``--db FILE``, ``--store DIR``),
opened as the Python API's :class:`~multipolar.api.Corpus` (the commands call the API), and the
options that select its events."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from multipolar import api
from multipolar.cli.common import UserError, default_db, parse_day, warn

STORE_ENV = "MULTIPOLAR_STORE"

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Parquet store folder (for large corpora; default $MULTIPOLAR_STORE) instead of --db.",
    ),
]
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


class Count(StrEnum):  # multipolar.analyse.incidents.COUNTS
    incidents = "incidents"
    reports = "reports"


CountOption = Annotated[
    Count,
    typer.Option(
        "--count",
        help="incidents: each act once, however many reports it has; reports: every report as coded.",
    ),
]


def store_location(db: Path | None, store: Path | None) -> tuple[Path, bool]:
    """``(path, is_parquet)`` for the options given: --store, --db, $MULTIPOLAR_STORE, the default db."""
    if db is not None and store is not None:
        raise UserError("give --db FILE or --store DIR, not both")
    if store is not None:
        return store, True
    if db is not None:
        return db, False
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]), True
    return default_db(), False


def corpus_for(db: Path | None, store: Path | None = None) -> api.Corpus:
    """The store that --db or --store names (or the default), opened for reading."""
    path, parquet = store_location(db, store)
    return api.open(path, parquet=parquet)


def filters(
    since: str | None,
    until: str | None,
    docs: list[str] | None = None,
    theatre: list[str] | None = None,
    merge: bool = True,
    count: Count = Count.incidents,
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
        "count": count.value,
    }


def note_unlinked(corpus: api.Corpus, count: Count) -> None:
    """Say so when incidents are counted in a store whose events are not all linked into them."""
    if count is Count.incidents and (missing := corpus.unlinked):
        warn(
            f"{missing} event(s) are not linked into incidents yet and count as acts of their own; "
            "'multipolar ingest' into this store links them"
        )


def note_unassessed(corpus: api.Corpus, theatre: list[str] | None) -> None:
    """Say so when a theatre is asked of a store whose events have not all been placed."""
    if theatre and (missing := corpus.unassessed):
        warn(
            f"{missing} event(s) were stored before theatres existed and match no --theatre; "
            "'multipolar ingest' into this store places them"
        )
