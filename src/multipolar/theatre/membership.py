"""Which events belong to which theatres: the one rule, in Python for events in hand and in SQL for
events in a store (the two say the same).

An event is **placed** once the theatre rule has looked at it: it then has a theatre, or none (a
bilateral event) with the words that decided so. An event stored by an older version is not
placed, and belongs to no theatre, not even to the bilateral ones, until ``multipolar ingest``
places it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol


class Placeable(Protocol):
    theatre: str | None
    theatre_basis: str


def placed(event: Placeable) -> bool:
    """Whether the theatre rule has looked at *event*."""
    return bool(event.theatre or event.theatre_basis)


def theatre_of(event: Placeable) -> str | None:
    """The theatre *event* was placed in; ``None`` for a bilateral event (or one not placed)."""
    return event.theatre or None


def in_theatres(event: Placeable, members: Collection[str | None]) -> bool:
    """Whether *event* belongs to one of *members* (theatre ids; ``None`` among them: the
    bilateral events)."""
    return placed(event) and theatre_of(event) in members


def placed_sql(alias: str = "e") -> str:
    """:func:`placed` as a SQL condition on the events table called *alias*."""
    return f"(coalesce({alias}.theatre, '') <> '' OR coalesce({alias}.theatre_basis, '') <> '')"


def in_theatres_sql(members: Collection[str | None], alias: str = "e") -> tuple[str, list[Any]]:
    """:func:`in_theatres` as a SQL condition on the events table called *alias*, and its
    parameters."""
    ids = sorted(t for t in members if t)
    either = [f"list_contains(?, {alias}.theatre)"] if ids else []
    if None in members:
        either.append(f"(coalesce({alias}.theatre, '') = '' AND {placed_sql(alias)})")
    return "(" + (" OR ".join(either) or "FALSE") + ")", [ids] if ids else []
