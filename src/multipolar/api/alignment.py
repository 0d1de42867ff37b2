"""Alignment over time for a store or an extraction (:meth:`multipolar.api.EventSource.alignment`,
``multipolar timeline``): the group (an actor, several, or a computed bloc), its timeline against
its partners, and the side changes of its members, with the blocs computed once."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multipolar.analyse.summary import analyse_graph
from multipolar.analyse.timeline import FREQS
from multipolar.api import checks
from multipolar.api.selection import QueryError, known_actors

if TYPE_CHECKING:
    from multipolar.api.analysis import EventSource


@dataclass(frozen=True)
class Alignment:
    """A timeline's group of actors, its rows (window, actor, partner, net, cooperation,
    conflict, events) and the side changes of its members."""

    group: list[str]
    rows: list[dict]
    changes: list[dict]


def align(
    source: EventSource,
    actor: str | Collection[str] | None,
    partner: str | Collection[str] | None,
    *,
    bloc: int | None = None,
    freq: str = "month",
    k: int = 2,
    **filters: Any,
) -> Alignment:
    """:meth:`~multipolar.api.EventSource.alignment` of *source*, its arguments checked (that
    method documents them)."""
    if freq not in FREQS:
        raise QueryError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    bloc = checks.count(bloc, "bloc", minimum=0)
    actor = checks.texts(actor, "actor")
    partner = checks.texts(partner, "partner")
    if (actor is None) == (bloc is None):
        raise QueryError("give an actor or a bloc (one of them)")
    selection = source.selection(**filters)
    analysis = analyse_graph(source.graph_of(selection), k=checks.blocs(k), brokers=False)
    if bloc is not None:
        if not 0 <= bloc < len(analysis.blocs.blocs):
            count = len(analysis.blocs.blocs)
            raise QueryError(f"bloc {bloc}: there are {count} bloc(s) (numbered from 0)")
        group = analysis.blocs.blocs[bloc]
    else:
        group = known_actors(actor, analysis.graph, "actor")
    partners = known_actors(partner, analysis.graph, "partner") if partner is not None else None
    rows = source.timeline_of(selection, group, partners, freq)
    return Alignment(group, rows, source.changes_of(selection, analysis.blocs, freq, set(group)))
