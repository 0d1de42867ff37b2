"""The report's theatres: a menu of the theatres its events belong to, each with its own network,
blocs, alignment matrix, timeline and counts (a **view**, computed here so the page runs no
analysis), and the rivalries section.

The menu lists every theatre with events, a region with the events of the theatres inside it (as
``--theatre`` counts them), then ``bilateral`` (events assessed as belonging to no theatre); events
not assessed yet (stored by an older version) are in no view but "all". A view holds the same keys
as the whole report's (``network``, ``text``, ``heatmap``, ``timeline``, ``summary``) and
``members``, the theatre ids whose events it shows (``None``: bilateral), by which the page filters
its event table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from multipolar.analyse.rivalries import find_rivalries
from multipolar.document import Event
from multipolar.show import dates
from multipolar.theatre import BILATERAL, Theatres, placed, theatre_of

EVIDENCE_PER_LINK = 2
"""Sentences shown per link of a reading (a tie has one link, a proxy chain two or three)."""

View = Callable[[frozenset[str | None]], dict[str, Any]]


def theatre_counts(
    events: Iterable[Event], incident_of: Mapping[str, str] | None = None
) -> Counter[str | None]:
    """Events per theatre id they were placed in (``None``: bilateral); unassessed ones left out.
    With *incident_of* (event id -> incident id), acts: an act counts once in each theatre where
    it was reported."""
    found = [e for e in events if placed(e)]
    if incident_of is None:
        return Counter(theatre_of(e) for e in found)
    return Counter(theatre for theatre, _ in {(theatre_of(e), incident_of.get(e.id, e.id)) for e in found})


def theatre_menu(
    counts: Mapping[str | None, int],
    definitions: Theatres,
    view: View,
    selected: Collection[str | None] | None = None,
) -> dict[str, Any]:
    """The menu of the theatres in *counts* (events per own theatre id, ``None``: bilateral), each
    option's view as *view* (members -> :func:`multipolar.show.report.network_view` and the rest)
    computes it, and the names of the theatres the report was restricted to (*selected*)."""
    options, views = [], {}
    for key, name, members in _options(counts, definitions):
        total = sum(counts.get(m, 0) for m in members)
        options.append({"id": key, "name": name, "events": total})
        views[key] = {**view(members), "members": sorted(members, key=lambda m: (m is None, m or ""))}
    return {"selected": _selected_names(selected, definitions), "options": options, "views": views}


def theatre_options(counts: Mapping[str | None, int], definitions: Theatres) -> list[dict[str, Any]]:
    """The menu's options without their views: ``id``, ``name`` and ``events`` (a region counts
    the events of the theatres inside it; ``bilateral`` last), from events per own theatre id."""
    return [
        {"id": key, "name": name, "events": sum(counts.get(m, 0) for m in members)}
        for key, name, members in _options(counts, definitions)
    ]


def _options(
    counts: Mapping[str | None, int], definitions: Theatres
) -> list[tuple[str, str, frozenset[str | None]]]:
    """(id, name, member ids) of each theatre with events, regions before the theatres in them."""
    found = []
    for theatre in definitions.in_tree_order():
        members = frozenset(definitions.descendants(theatre.id))
        if any(counts.get(m) for m in members):
            found.append((theatre.id, theatre.name, frozenset(members)))
    for key in sorted(k for k in counts if k is not None and k not in definitions):  # no longer defined
        found.append((key, key, frozenset({key})))
    if counts.get(None):
        found.append((BILATERAL, "bilateral", frozenset({None})))
    return found


def _selected_names(selected: Collection[str | None] | None, definitions: Theatres) -> list[str] | None:
    if selected is None:
        return None
    return sorted("bilateral" if t is None else definitions.name_of(t) for t in selected)


# -- rivalries ---------------------------------------------------------------------------------


def rivalry_section(
    events: Sequence[Event], names: Mapping[str, str], definitions: Theatres, *, k: int = 2
) -> dict[str, Any]:
    """:func:`multipolar.analyse.rivalries.find_rivalries`'s ``to_dict()``, each pair with its
    actors' names and each reading with its arena's name and its strongest evidence sentences
    (material acts first, each act once, :data:`EVIDENCE_PER_LINK` per pair of actors it links)
    instead of every event id (``events`` counts them)."""
    found = find_rivalries(events, names, k=k, definitions=definitions)
    section = found.to_dict()
    for rivalry, row in zip(found.pairs, section["rivalries"], strict=True):
        row["names"] = [names.get(a, a) for a in rivalry.pair]
        for reading, shown in zip(rivalry.readings, row["readings"], strict=True):
            shown["name"] = "bilateral" if reading.theatre is None else definitions.name_of(reading.theatre)
            shown["events"] = len(reading.events)
            shown["evidence"] = [
                _evidence(found.evidence[i]) for i in strongest(reading.events, found.evidence)
            ]
    return section


def strongest(ids: Sequence[str], events: Mapping[str, Event], most: int = EVIDENCE_PER_LINK) -> list[str]:
    """Up to *most* event ids per pair of actors linked, material acts first, each act once."""
    seen: set[tuple[str, int, str]] = set()
    per_link: Counter[frozenset[str | None]] = Counter()
    chosen = []
    for i in sorted(ids, key=lambda i: (not events[i].quad.startswith("material"), events[i].start)):
        e = events[i]
        act, link = (e.doc, e.start, e.trigger), frozenset((e.source, e.target))
        if act in seen or per_link[link] >= most:
            continue
        seen.add(act)
        per_link[link] += 1
        chosen.append(i)
    return chosen


def _evidence(event: Event) -> dict[str, Any]:
    return {
        "date": dates.display(event.date) if event.date else None,
        "source": event.source,
        "type": event.type,
        "quad": event.quad,
        "target": event.target,
        "modality": event.modality,
        "sentence": event.sentence,
        "doc": event.doc,
    }
