"""The report's payload for a large store, computed in the store (SQL) instead of over Python events.

:func:`multipolar.show.report.payload_from_store` hands a store over here when its window holds
more than :data:`REPORT_EVENTS` events. Everything the report shows is the same quantity as for a
small store, aggregated in DuckDB (:mod:`multipolar.analyse.sql`): the network, blocs, brokers
and side changes; each actor's activity; how many events have each date and quad (the timeline and
the period in the header); and assembled as for a small store (:func:`multipolar.show.report.assemble`).
Only two
parts are cut to keep the page usable: the event table holds the :data:`REPORT_EVENTS` most recent
events of the window (``summary.events_shown`` says how many; ``summary.events`` stays the
total), and the documents listed are theirs. Ties then carry their number of events, not their ids.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from multipolar.analyse import analyse_graph, fold_units, network_dict, unit_parents
from multipolar.analyse.sql import TIE, network_from_store, side_changes_from_store, weighted_events
from multipolar.store.base import event_filter

REPORT_EVENTS = 20_000


def window_events(store: Any, since: date | None, until: date | None) -> int:
    base, params = weighted_events(since=since, until=until)
    return store.sql(f"SELECT count(*) FROM ({base})", params).fetchone()[0]


def _activity(store: Any, base: str, params: list) -> Counter[str]:
    rows = store.sql(
        f"WITH w AS ({base}) SELECT actor, count(*) FROM (SELECT source AS actor FROM w WHERE source <> '' "
        f"UNION ALL SELECT target FROM w WHERE {TIE}) GROUP BY actor",
        params,
    ).fetchall()
    return Counter({actor: n for actor, n in rows if actor})  # an unresolved side is no actor


def _dated(store: Any, since: date | None, until: date | None) -> Counter[tuple[str | None, str]]:
    """How many events of the window have each (own date, quad)."""
    where, params = event_filter(since=since, until=until)
    rows = store.sql(
        f"SELECT e.date, e.quad, count(*) FROM events e JOIN documents d ON d.id = e.doc "
        f"WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    return Counter({(when, quad): n for when, quad, n in rows})


def payload_at_scale(
    store: Any, *, since: date | None = None, until: date | None = None, title: str = "multipolar report"
) -> dict[str, Any]:
    """The report payload of a large store (see the module documentation)."""
    from multipolar.show.report import assemble, corpus_summary, timeline_of

    base, params = weighted_events(since=since, until=until)
    actors = store.actors()
    names = {a["id"]: a.get("name") or a["id"] for a in actors}
    graph = network_from_store(store, since=since, until=until, names=names, evidence=False)
    analysis = analyse_graph(graph)
    network = {
        **network_dict(analysis),
        "frustration": analysis.blocs.frustration,
        "total_weight": analysis.blocs.total_weight,
    }
    changes = side_changes_from_store(store, analysis.blocs, since=since, until=until)
    activity = _activity(store, base, params)
    dated = _dated(store, since, until)
    shown = fold_units(
        store.events(since=since, until=until, limit=REPORT_EVENTS, newest=True), unit_parents(actors)
    )
    listed = store.sql(
        "SELECT id, title, date, path FROM documents WHERE list_contains(?, id)",
        [sorted({e.doc for e in shown})],
    ).fetchall()
    summary = corpus_summary(
        store.counts()["documents"], activity, sum(dated.values()), (when for when, _ in dated)
    )
    return assemble(
        title=title,
        actors=actors,
        activity=activity,
        network=network,
        changes=changes,
        listed=shown,
        documents=[dict(zip(("id", "title", "date", "path"), r, strict=True)) for r in listed],
        summary={**summary, "events_shown": len(shown)},
        timeline=timeline_of(dated),
    )
