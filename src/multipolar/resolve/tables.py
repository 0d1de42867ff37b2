"""Two registry tables read after the actors they refer to: seats of government by date
(``seats.tsv``) and the sectors every state gets an actor for (``sectors.tsv``). docs/registry.md."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from multipolar.resolve.entries import (
    OTHER_ID,
    TYPES,
    Actor,
    RegistryError,
    at_line,
    date_range,
    read_tsv,
    required_cell,
    split_list,
)

if TYPE_CHECKING:
    from multipolar.resolve.registry import Registry


def read_seats(registry: Registry, path: Path) -> None:
    """Seats of government by date: each becomes a seat of its actor, valid on its dates."""
    for line, row in read_tsv(path, ("seat", "actor", "valid_from", "valid_to")):
        where = at_line(path, line)
        actor = registry.actors.get(row["actor"])
        if actor is None:
            raise RegistryError(f"{where}: unknown actor {row['actor']!r}")
        seat = required_cell(row, "seat", where)
        start, end = date_range(row, "valid_from", "valid_to", where)
        registry.actors[actor.id] = replace(actor, seats=tuple(dict.fromkeys((*actor.seats, seat))))
        registry.seat_terms[(seat, actor.id)] = (start, end)


def read_sectors(registry: Registry, path: Path) -> None:
    """Every state's sectors (sectors.tsv): ``<state>-<id>``, the state its parent and country. An
    id the registry already holds for something else (a group named so) is left to it."""
    registry.sector_words = {}
    rows = []
    for line, row in read_tsv(path, ("id", "cameo", "type", "name", "words")):
        where = at_line(path, line)
        if not OTHER_ID.match(row["id"]) or row["type"] not in TYPES:
            raise RegistryError(f"{where}: bad sector id {row['id']!r} or type {row['type']!r}")
        rows.append(row)
        for word in split_list(row["words"]):
            registry.sector_words.setdefault(word.lower(), row["id"])
    for state in [a for a in registry if a.type == "state"]:
        people = state.demonyms[0] if state.demonyms else state.name
        for row in rows:
            sector_id = f"{state.id}-{row['id']}"
            if sector_id in registry.actors:
                continue
            registry.actors[sector_id] = Actor(
                id=sector_id,
                name=f"{people} {row['name']}",
                type=row["type"],
                country=state.id,
                parent=state.id,
                aliases=(),
                sector=row["id"],
            )
            registry.sources[sector_id] = f"{path} (sector {row['id']} of {state.id})"
