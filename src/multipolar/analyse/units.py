"""Folding a state's units into the state, so that one actor is not split across several nodes.

The registry keeps sub-units apart (``TUR-TAF``, the Turkish Armed Forces; ``USA-AFRICOM``, US Africa
Command), because who acted matters for reading the evidence. For blocs and brokers they are the
state acting through one of its organs: a tie of the Turkish Armed Forces to the GNA is Turkey's tie,
and left apart it would make "Turkey" and its army two actors whose alignment the analysis has to
rediscover from thinner evidence each.

Only *military* units and state *organs* whose parent is their own country's state are folded
(``UNIT_TYPES``): armed forces, commands, operations, and a state's legislature, judiciary, police and
intelligence (the sectors of ``data/actors/sectors.tsv`` of type ``organ``: "a Brazilian court" acts
for Brazil). A state's other sectors (its opposition, rebels, media, business, civil society) stand
apart from it: their quarrels with the state are what a domestic analysis reads. Governments are
not, even with a parent, because rival governments of one country (Libya's GNA and House of
Representatives) are exactly the camps a civil war analysis must keep apart; nor are private
military companies (their deniability is part of what an analyst reads) or armed groups backed by a
foreign patron.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from multipolar.document import Event

UNIT_TYPES = frozenset({"military", "organ"})


def unit_parents(actors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Which actors to fold into their state: ``unit id -> state id``.

    Parameters
    ----------
    actors : iterable of mappings
        Actor rows with ``id``, ``type``, ``parent`` and ``country`` (a store's or a corpus's actor
        rows, or registry actors as dicts).

    Returns
    -------
    dict[str, str]
        Each actor of a type in :data:`UNIT_TYPES` (military units, state organs) whose parent is
        its own country's state, and that state.

    Examples
    --------
    >>> unit_parents([{"id": "TUR-TAF", "type": "military", "parent": "TUR", "country": "TUR"},
    ...               {"id": "LBY-GNA", "type": "government", "parent": "LBY", "country": "LBY"}])
    {'TUR-TAF': 'TUR'}
    """
    return {
        a["id"]: a["parent"]
        for a in actors
        if a.get("type") in UNIT_TYPES and a.get("parent") and a.get("parent") == a.get("country")
    }


def fold_units(events: Iterable[Event], parents: Mapping[str, str]) -> list[Event]:
    """The events with every unit replaced by its state.

    Parameters
    ----------
    events : iterable of Event
        Coded events.
    parents : Mapping[str, str]
        Unit id -> state id (:func:`unit_parents`).

    Returns
    -------
    list of Event
        The events in the same order, a unit's replaced by a copy with the state as source or
        target (ids and evidence kept). An event between a unit and its own state becomes a
        self-reference, which adds no tie.

    Examples
    --------
    >>> from multipolar.document import Event
    >>> shelled = Event("d1", "The Turkish army shelled Afrin.", 0, 31,
    ...                 "TUR-TAF", "SYR-SDF", "ASSAULT", "material_conflict", -1)
    >>> fold_units([shelled], {"TUR-TAF": "TUR"})[0].source
    'TUR'
    """
    folded = []
    for event in events:
        source, target = parents.get(event.source, event.source), parents.get(event.target, event.target)
        same = source == event.source and target == event.target
        folded.append(event if same else replace(event, source=source, target=target))
    return folded
