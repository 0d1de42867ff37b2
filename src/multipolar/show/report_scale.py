"""The report's payload for a large store, computed in the store (SQL) instead of over Python events.

:func:`multipolar.show.report.payload_from_store` hands a store over here when its window holds
more than :data:`REPORT_EVENTS` events. Everything the report shows is the same quantity as for a
small store, aggregated in DuckDB (:mod:`multipolar.analyse.sql`): the network, blocs, brokers
and side changes; each actor's activity; events per month and quad; the corpus summary. Only two
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
from multipolar.document import MODALITIES, QUADS

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
    return Counter(dict(rows))


def _timeline(store: Any, base: str, params: list) -> dict[str, Any]:
    """As :func:`multipolar.show.report.timeline`: events per month and quad, every month."""
    from multipolar.show.report import _month_range

    day = "trim(split_part(day, '/', 1))"
    rows = store.sql(
        f"WITH w AS ({base}) SELECT CASE WHEN regexp_matches({day}, '^[0-9]{{4}}-[0-9]{{2}}') "
        f"THEN left({day}, 7) END AS month, quad, count(*) FROM w GROUP BY ALL",
        params,
    ).fetchall()
    counts: dict[str, Counter[str]] = {}
    undated = 0
    for month, quad, n in rows:
        if month is None:
            undated += n
        else:
            counts.setdefault(month, Counter())[quad] += n
    months = _month_range(min(counts), max(counts)) if counts else []
    return {
        "months": months,
        "quads": list(QUADS),
        "counts": [[counts.get(m, Counter())[q] for q in QUADS] for m in months],
        "undated": undated,
    }


def payload_at_scale(
    store: Any, *, since: date | None = None, until: date | None = None, title: str = "multipolar report"
) -> dict[str, Any]:
    """The report payload of a large store (see the module documentation)."""
    from multipolar.show.report import _documents, _event_table, alignment_matrix, describe

    base, params = weighted_events(since=since, until=until)
    actors = store.actors()
    names = {a["id"]: a.get("name") or a["id"] for a in actors}
    known = {a["id"]: a for a in actors}
    graph = network_from_store(store, since=since, until=until, names=names, evidence=False)
    analysis = analyse_graph(graph)
    network = {
        **network_dict(analysis),
        "frustration": analysis.blocs.frustration,
        "total_weight": analysis.blocs.total_weight,
    }
    changes = side_changes_from_store(store, analysis.blocs, since=since, until=until)
    activity = _activity(store, base, params)
    total, first, last = store.sql(
        f"WITH w AS ({base}) SELECT count(*), min(nullif(trim(split_part(day, '/', 1)), '')), "
        "max(nullif(trim(split_part(day, '/', 1)), '')) FROM w",
        params,
    ).fetchone()
    shown = fold_units(
        store.events(since=since, until=until, limit=REPORT_EVENTS, newest=True), unit_parents(actors)
    )
    listed = store.sql(
        "SELECT id, title, date, path FROM documents WHERE list_contains(?, id)",
        [sorted({e.doc for e in shown})],
    ).fetchall()
    doc_index, doc_rows = _documents(
        shown, [dict(zip(("id", "title", "date", "path"), r, strict=True)) for r in listed]
    )
    nodes = [
        {
            **node,
            "name": node.get("name") or names.get(node["id"], node["id"]),
            "activity": activity.get(node["id"], 0),
        }
        for node in network["nodes"]
    ]
    return {
        "title": title,
        "summary": {
            "documents": store.counts()["documents"],
            "actors": len(activity),
            "events": total,
            "events_shown": len(shown),
            "from": first,
            "until": last,
        },
        "actors": {
            actor: {
                "name": names.get(actor, actor),
                "type": (known.get(actor) or {}).get("type"),
                "country": (known.get(actor) or {}).get("country"),
                "activity": count,
            }
            for actor, count in activity.most_common()
        },
        "documents": doc_rows,
        "network": {**network, "nodes": nodes},
        "text": describe(network, changes, activity),
        "timeline": _timeline(store, base, params),
        "heatmap": alignment_matrix(network, activity),
        "events": _event_table(shown, doc_index),
        "vocabulary": {"quads": list(QUADS), "modalities": list(MODALITIES)},
    }
