"""Theatres as the events use them: how many events each holds and which actors act in it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from multipolar.document import Event
from multipolar.theatre import BILATERAL, Theatres, placed

UNASSESSED = "(not assessed)"
"""The row of events stored before theatres existed (``multipolar ingest`` places them)."""


@dataclass
class TheatreUse:
    """One theatre's events: its own (``events``), with the theatres inside it (``total``), and
    its actors, most active first (``actors``: id -> number of its events they take part in)."""

    id: str
    name: str
    parent: str | None
    events: int = 0
    total: int = 0
    actors: dict[str, int] = field(default_factory=dict)

    def to_dict(self, names: Mapping[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "theatre": self.id,
            "name": self.name,
            "parent": self.parent,
            "events": self.events,
            "total": self.total,
            "actors": [{"id": a, "name": names.get(a, a), "events": n} for a, n in self.actors.items()],
        }


def theatre_uses(events: Iterable[Event], theatres: Theatres, *, every: bool = False) -> list[TheatreUse]:
    """Per theatre, its events and the actors that act in it.

    Parameters
    ----------
    events : iterable of Event
        Coded events, placed in theatres (:mod:`multipolar.theatre`).
    theatres : Theatres
        The theatre definitions (:func:`multipolar.theatre.load_theatres`).
    every : bool
        Also list the theatres without events.

    Returns
    -------
    list of TheatreUse
        One per theatre in the definitions' order (a region before the theatres inside it):
        ``events`` (its own), ``total`` (with the theatres inside it) and ``actors`` (id -> its
        events, most active first); then the bilateral events as the theatre ``bilateral``, the
        events not placed yet as :data:`UNASSESSED`, and those of a theatre no longer defined.

    Examples
    --------
    >>> from multipolar.theatre import load_theatres
    >>> events = examples.placed_events()  # three in Libya, a gas deal of no theatre
    >>> [(use.id, use.events) for use in theatre_uses(events, load_theatres())]
    [('libya', 3), ('bilateral', 2)]
    """
    counts: Counter[str] = Counter()
    actors: dict[str, Counter[str]] = defaultdict(Counter)
    for event in events:
        key = event.theatre or (BILATERAL if placed(event) else UNASSESSED)
        counts[key] += 1
        actors[key].update({a for a in (event.source, event.target) if a})
    totals = {t.id: sum(counts[d] for d in theatres.descendants(t.id)) for t in theatres}
    rows = [
        TheatreUse(t.id, t.name, t.parent, counts[t.id], totals[t.id], _ranked(actors[t.id]))
        for t in theatres.in_tree_order()
        if every or totals[t.id]
    ]
    for key, name in ((BILATERAL, "bilateral"), (UNASSESSED, "not assessed")):
        if counts[key]:
            rows.append(TheatreUse(key, name, None, counts[key], counts[key], _ranked(actors[key])))
    unknown = sorted(k for k in counts if k not in theatres and k not in (BILATERAL, UNASSESSED))
    for key in unknown:  # stored under a theatre no longer defined
        rows.append(TheatreUse(key, key, None, counts[key], counts[key], _ranked(actors[key])))
    return rows


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
