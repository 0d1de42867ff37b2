"""The report's payload for a large store, computed in the store (SQL) instead of over Python events.

:func:`store_payload` computes a store's payload here when its window holds more than
:data:`REPORT_EVENTS` events. Everything the report shows is the same quantity as for a
small store, aggregated in DuckDB (:mod:`multipolar.analyse.sql`): the network, blocs, brokers
and side changes; each actor's activity; how many events have each date and quad (the timeline and
the period in the header); each theatre's view as well (:mod:`multipolar.show.report_theatres`);
and assembled as for a small store (:func:`multipolar.show.report.assemble`). The rivalries read
the events in Python, up to :data:`RIVALRY_EVENTS` of them (above, the section says it left them
out). Only two parts are cut to keep the page usable: the event table holds the
:data:`REPORT_EVENTS` most recent events of the window (``summary.events_shown`` says how many;
``summary.events`` stays the total), and the documents listed are theirs. Ties then carry their
number of events, not their ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date
from typing import Any

from multipolar.analyse import analyse_graph, fold_units, network_dict, unit_parents
from multipolar.analyse.incidents import acts
from multipolar.analyse.sql import TIE, network_from_store, side_changes_from_store, weighted_events
from multipolar.show.report import assemble, corpus_summary, network_view, payload_from_store, timeline_of
from multipolar.show.report_theatres import rivalry_section, theatre_menu
from multipolar.store import incidents as linked
from multipolar.store.base import event_filter
from multipolar.theatre import load_theatres
from multipolar.theatre.membership import placed_sql

REPORT_EVENTS = 20_000
RIVALRY_EVENTS = 200_000
"""Above so many events in the window the rivalries are left out (they read every event in Python)."""


def store_payload(store: Any, **scope: Any) -> dict[str, Any]:
    """The report's payload of *store* in a *scope* (``since``, ``until``, ``title``, ``theatres``,
    ``count`` as :func:`multipolar.show.report.payload_from_store` takes them): its events read into Python
    up to :data:`REPORT_EVENTS` of them, above aggregated in SQL (:func:`payload_at_scale`)."""
    wanted = scope.get("theatres")
    countable = wanted is None or store.has_theatres
    if countable and window_events(store, scope.get("since"), scope.get("until"), wanted) > REPORT_EVENTS:
        return payload_at_scale(store, **scope)  # aggregated, the table cut
    return payload_from_store(store, **scope)


def window_events(
    store: Any, since: date | None, until: date | None, theatres: Collection[str | None] | None = None
) -> int:
    base, params = weighted_events(since=since, until=until, theatres=theatres)
    return store.sql(f"SELECT count(*) FROM ({base})", params).fetchone()[0]


def _activity(store: Any, base: str, params: list) -> Counter[str]:
    rows = store.sql(
        f"WITH w AS ({base}) SELECT actor, count(*) FROM (SELECT source AS actor FROM w WHERE source <> '' "
        f"UNION ALL SELECT target FROM w WHERE {TIE}) GROUP BY actor",
        params,
    ).fetchall()
    return Counter({actor: n for actor, n in rows if actor})  # an unresolved side is no actor


def _dated(store: Any, **selection: Any) -> Counter[tuple[str | None, str]]:
    """How many events (acts, when counting incidents) of the selection have each (date, quad):
    the event's own date, else its document's (as ``store.events`` dates it)."""
    base, params = weighted_events(**selection)
    rows = store.sql(f"SELECT day, quad, count(*) FROM ({base}) GROUP BY ALL", params).fetchall()
    return Counter({(when, quad): n for when, quad, n in rows})


def theatre_counts_in_store(store: Any, count: str = "reports", **selection: Any) -> Counter[str | None]:
    """Events per theatre of the selection (``None``: bilateral), those not assessed left out; acts
    when *count* is ``incidents`` (an act counts once in each theatre where it was reported)."""
    if not store.has_theatres:
        return Counter()
    base, params = weighted_events(**selection, carry=("theatre", "theatre_basis"))
    counted = "count(*)"
    if count == "incidents":
        base = (
            f"SELECT w.*, coalesce(l.incident, w.id) AS act FROM ({base}) w "
            "LEFT JOIN incident_links l ON l.event = w.id"
        )
        counted = "count(DISTINCT act)"
    rows = store.sql(
        f"SELECT e.theatre, {counted} FROM ({base}) e WHERE {placed_sql()} GROUP BY ALL",
        params,
    ).fetchall()
    return Counter({theatre or None: n for theatre, n in rows})


def documents_in_store(store: Any, count: str = "reports", **selection: Any) -> int:
    """How many documents report the selection's events (*count* does not change it)."""
    where, params = event_filter(**selection)
    sql = f"SELECT count(DISTINCT e.doc) FROM events e JOIN documents d ON d.id = e.doc WHERE {where}"
    return store.sql(sql, params).fetchone()[0]


def analysed_in_store(
    store: Any, names: dict[str, str], *, brokers: bool = True, **selection: Any
) -> tuple[dict[str, Any], list[dict[str, Any]], Counter[str], Counter[tuple[str | None, str]]]:
    """The network contract with frustration, side changes, activity and dated quads of a selection."""
    base, params = weighted_events(**selection)
    graph = network_from_store(store, names=names, evidence=False, **selection)
    analysis = analyse_graph(graph, brokers=brokers)
    network = {
        **network_dict(analysis),
        "frustration": analysis.blocs.frustration,
        "total_weight": analysis.blocs.total_weight,
    }
    changes = side_changes_from_store(store, analysis.blocs, **selection)
    return network, changes, _activity(store, base, params), _dated(store, **selection)


def reports_in_store(store: Any, **selection: Any) -> int:
    """How many events (reports) the selection holds."""
    where, params = event_filter(**selection)
    sql = f"SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc WHERE {where}"
    return store.sql(sql, params).fetchone()[0]


def store_view(
    store: Any, names: dict[str, str], *, brokers: bool = True, count: str = "reports", **selection: Any
) -> dict[str, Any]:
    """One view of the store's events in a selection (``since, until, docs, theatres``): the
    network with its actors placed, plain words and alignment matrix
    (:func:`multipolar.show.report.network_view`), the timeline and the counts (``summary``), all
    aggregated in the store, counting *count* (``incidents``: each act once, as the report does;
    the summary then says how many ``reports`` too). ``brokers=False`` leaves the brokers out
    (their scoring is the slowest part on a large network)."""
    net, moves, active, counts = analysed_in_store(store, names, brokers=brokers, count=count, **selection)
    summary = corpus_summary(
        documents_in_store(store, **selection), active, sum(counts.values()), (when for when, _ in counts)
    )
    if count == "incidents":
        summary["reports"] = reports_in_store(store, **selection)
    return {
        **network_view(net, moves, active, names),
        "timeline": timeline_of(counts),
        "summary": summary,
        "count": count,
    }


def payload_at_scale(
    store: Any,
    *,
    title: str = "multipolar report",
    since: date | None = None,
    until: date | None = None,
    theatres: Collection[str | None] | None = None,
    count: str = "incidents",
) -> dict[str, Any]:
    """The report payload of a large store (see the module documentation), in *theatres* (ids;
    ``None`` among them: bilateral) when given, counting *count* (``incidents``: each act once,
    when the store links them)."""
    count = linked.counted(store, count)
    actors = store.actors()
    names = {a["id"]: a.get("name") or a["id"] for a in actors}
    definitions = load_theatres()
    window = {"since": since, "until": until, "count": count}
    network, changes, activity, dated = analysed_in_store(store, names, theatres=theatres, **window)
    shown = fold_units(
        store.events(since=since, until=until, theatres=theatres, limit=REPORT_EVENTS, newest=True),
        unit_parents(actors),
    )
    links = linked.incident_of(store, [e.id for e in shown]) if count == "incidents" else None
    listed = store.sql(
        "SELECT id, title, date, path FROM documents WHERE list_contains(?, id)",
        [sorted({e.doc for e in shown})],
    ).fetchall()
    documents = (
        store.counts()["documents"]
        if theatres is None
        else documents_in_store(store, theatres=theatres, **window)
    )
    summary = corpus_summary(documents, activity, sum(dated.values()), (when for when, _ in dated))

    def view(members: Collection[str | None]) -> dict[str, Any]:
        return store_view(store, names, theatres=members, **window)

    present = theatre_counts_in_store(store, theatres=theatres, **window)
    total = sum(dated.values())
    if total <= RIVALRY_EVENTS:
        everything = fold_units(
            store.events(since=since, until=until, theatres=theatres), unit_parents(actors)
        )
        if count == "incidents":
            everything = acts(everything, linked.incident_of(store, [e.id for e in everything]))
        rivalries = rivalry_section(everything, names, definitions)  # already folded above
    else:
        rivalries = {"rivalries": [], "unassessed_events": 0, "omitted": total}
    return assemble(
        title=title,
        actors=actors,
        activity=activity,
        network=network,
        changes=changes,
        listed=shown,
        documents=[dict(zip(("id", "title", "date", "path"), r, strict=True)) for r in listed],
        summary={**summary, "events_shown": len(shown)}
        | ({"reports": window_events(store, since, until, theatres)} if count == "incidents" else {}),
        timeline=timeline_of(dated),
        theatres=theatre_menu(present, definitions, view, theatres),
        rivalries=rivalries,
        incident_of=links,
        incidents=linked.summaries(store, sorted(set(links.values()))) if links else None,
    )
