"""The network, timelines and side changes aggregated in SQL, inside the store (DuckDB).

The functions of :mod:`.network` and :mod:`.timeline` take a list of events in Python; these take
a store (a DuckDB file or a Parquet store: anything with the tables of
:class:`multipolar.store.QueryStore`) and compute the same quantities with one query each, so the
events never leave DuckDB: only the aggregated ties (or rows) come back. The definitions are those
of :mod:`.network`, reproduced exactly:

* an event's weight is ``polarity * quad weight * modality weight`` (unknown quads and modalities
  weigh 1; the tables are the same arguments, ``QUAD_WEIGHTS`` and the ontology's by default);
* a joint act (the events of one trigger in one sentence: same document, offset, trigger and type)
  of n parties linked in both directions shares one act's weight, ``1 / (2 (n - 1))`` per
  directed event between two parties (:func:`.network.joint_shares`);
* a state's military units are folded into it first when *merge* (:func:`.units.unit_parents`,
  computed from the stored actors with the same rule);
* the window is the store's (:meth:`QueryStore.events`): the event's own date, else its
  document's, and an event without a date of its own takes its document's.

:func:`network_from_store` builds the same ``networkx.DiGraph`` as
``build_network(fold_units(store.events(...)))``: the same nodes, edges and attributes, inserted
in the same order (events are ordered as ``store.events`` orders them), so blocs and brokers
computed on it are the same too. The only difference is floating-point summation order inside
an edge's weight, below the rounding to 6 decimals that both apply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

import networkx as nx

from multipolar.analyse.blocs import Blocs
from multipolar.analyse.incidents import COUNTS
from multipolar.analyse.network import QUAD_WEIGHTS, default_modality_weights
from multipolar.analyse.timeline import FREQS, _label, _members, sign_flips
from multipolar.analyse.units import UNIT_TYPES
from multipolar.store.base import ORDER, event_filter

# An event is a tie when it has a target other than its source (as in build_network).
TIE = "target IS NOT NULL AND target <> '' AND target <> source"

# One row per incident of the selected events (``every``): its strongest report, on its earliest day.
ACTS = """
SELECT * EXCLUDE (act, rank, first_day) REPLACE (first_day AS day) FROM (
    SELECT x.*, row_number() OVER (PARTITION BY act ORDER BY abs(raw) DESC, ord) AS rank,
           min(day) OVER (PARTITION BY act) AS first_day
    FROM (SELECT v.*, coalesce(l.incident, v.id) AS act FROM every v
          LEFT JOIN incident_links l ON l.event = v.id) x
) WHERE rank = 1
"""


def _weights(table: Mapping[str, float]) -> tuple[list[str], list[float]]:
    return list(table), [float(v) for v in table.values()]


def weighted_events(
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Sequence[str] | None = None,
    theatres: Collection[str | None] | None = None,
    merge: bool = True,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
    named: bool = False,
    count: str = "reports",
    carry: Sequence[str] = (),
) -> tuple[str, list[Any]]:
    """A SQL query (and its parameters) of the selected events, one row each: ``ord`` (their
    order in ``store.events``), ``id, doc, start, trigger, type, quad, source, target`` (units
    folded when *merge*), ``day`` (the event's date text, else its document's) and ``weight``
    (signed, joint acts shared out). With *named*, only events whose source is an actor (those
    the network is made of, as :func:`multipolar.analyse.select_events`).

    With ``count="incidents"`` (the store must have ``incident_links``), one row per incident of
    the selected events, as :func:`multipolar.analyse.incidents.acts` keeps it: its strongest
    report (largest ``|weight|`` before joint acts are shared out, the first in store order among
    equals), its ``day`` the earliest of its reports'; joint acts are then shared out among these.
    *carry* names further columns of ``events`` to keep (as they are)."""
    if count not in COUNTS:
        raise ValueError(f"count must be one of {', '.join(COUNTS)}, got {count!r}")
    modalities = modality_weights if modality_weights is not None else default_modality_weights()
    where, params = event_filter(since=since, until=until, docs=docs, theatres=theatres)
    units = ", ".join(f"'{t}'" for t in sorted(UNIT_TYPES))
    fold = (
        f"SELECT id AS unit, parent AS state FROM actors WHERE type IN ({units}) "
        "AND parent IS NOT NULL AND parent = country"
        if merge
        else "SELECT NULL::VARCHAR AS unit, NULL::VARCHAR AS state WHERE false"
    )
    quads, modals = _weights(quad_weights), _weights(dict(modalities))
    named_only = " AND coalesce(e.source, '') <> ''" if named else ""
    sql = f"""
WITH parents AS ({fold}),
quad_w AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DOUBLE[]) AS w),
modal_w AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DOUBLE[]) AS w),
every AS (
    SELECT row_number() OVER (ORDER BY {ORDER}) AS ord,
           e.id, e.doc, e.start, coalesce(e.trigger, '') AS trigger, e.type, e.quad,
           coalesce(ps.state, e.source) AS source, coalesce(pt.state, e.target) AS target,
           coalesce(e.date, strftime(d.date, '%Y-%m-%d')) AS day,
           e.polarity * coalesce(q.w, 1.0) * coalesce(m.w, 1.0) AS raw{"".join(f', e."{c}"' for c in carry)}
    FROM events e JOIN documents d ON d.id = e.doc
    LEFT JOIN parents ps ON ps.unit = e.source
    LEFT JOIN parents pt ON pt.unit = e.target
    LEFT JOIN quad_w q ON q.k = e.quad
    LEFT JOIN modal_w m ON m.k = e.modality
    WHERE {where}{named_only}
),
picked AS ({ACTS if count == "incidents" else "SELECT * FROM every"}),
tied AS (SELECT DISTINCT doc, start, trigger, type, source, target FROM picked WHERE {TIE}),
parties AS (
    SELECT DISTINCT a.doc, a.start, a.trigger, a.type, a.source AS party FROM tied a JOIN tied b
    ON a.doc = b.doc AND a.start = b.start AND a.trigger = b.trigger AND a.type = b.type
       AND a.source = b.target AND a.target = b.source
),
sizes AS (SELECT doc, start, trigger, type, count(*) AS n FROM parties GROUP BY ALL)
SELECT p.* EXCLUDE (raw),  -- (a self-reference may get a share too: it is never a tie)
       CASE WHEN ps.party IS NOT NULL AND pt.party IS NOT NULL
            THEN p.raw * (1.0 / (2 * (s.n - 1))) ELSE p.raw END AS weight
FROM picked p
LEFT JOIN parties ps ON ps.doc = p.doc AND ps.start = p.start AND ps.trigger = p.trigger
     AND ps.type = p.type AND ps.party = p.source
LEFT JOIN parties pt ON pt.doc = p.doc AND pt.start = p.start AND pt.trigger = p.trigger
     AND pt.type = p.type AND pt.party = p.target
LEFT JOIN sizes s ON s.doc = p.doc AND s.start = p.start AND s.trigger = p.trigger AND s.type = p.type
"""
    return sql, [quads[0], quads[1], modals[0], modals[1], *params]


def network_from_store(
    store: Any,
    *,
    since: date | None = None,
    until: date | None = None,
    docs: Sequence[str] | None = None,
    theatres: Collection[str | None] | None = None,
    merge: bool = True,
    names: Mapping[str, str] | None = None,
    quad_weights: Mapping[str, float] = QUAD_WEIGHTS,
    modality_weights: Mapping[str, float] | None = None,
    evidence: bool = True,
    count: str = "reports",
) -> nx.DiGraph:
    """The network of :func:`~multipolar.analyse.network.build_network` over a store's events,
    aggregated in SQL: a store of millions of events is never loaded into Python.

    Parameters
    ----------
    store : QueryStore
        A DuckDB or Parquet store (:func:`multipolar.store.open_store`).
    since, until : date, optional
        A time window, inclusive.
    docs : sequence of str, optional
        Only these documents' events.
    theatres : collection of str or None, optional
        Only these theatres' events (``None`` among them: the bilateral ones).
    merge : bool
        Count a state's military units and organs as the state
        (:func:`~multipolar.analyse.units.fold_units`).
    names : Mapping[str, str], optional
        Actor id -> name.
    quad_weights, modality_weights
        As for :func:`~multipolar.analyse.network.event_weight`.
    evidence : bool
        Whether an edge's ``events`` lists its event ids (else it counts them: less to bring back).
    count : {"reports", "incidents"}
        With ``"incidents"`` (the store's ``incident_links``), each incident counts once, as its
        strongest report (:func:`weighted_events`): the network of ``build_network(acts(...))``.

    Returns
    -------
    networkx.DiGraph
        The same nodes, edges and attributes as :func:`~multipolar.analyse.network.build_network`.

    Examples
    --------
    >>> from multipolar.store import open_store
    >>> store = open_store("multipolar-demo/demo.duckdb")  # made by `multipolar demo`
    >>> graph = network_from_store(store, theatres={"libya"})
    >>> graph["TUR"]["LBY-GNA"]["polarity"]
    1
    >>> store.close()
    """
    base, params = weighted_events(
        since=since,
        until=until,
        docs=docs,
        theatres=theatres,
        merge=merge,
        quad_weights=quad_weights,
        modality_weights=modality_weights,
        named=True,
        count=count,
    )
    names = names or {}
    graph = nx.DiGraph()
    # Where each actor first enters the graph, as in build_network's loop over the events: an event
    # adds its source (3 ord), then its target (3 ord + 1). Events without a source are not selected.
    nodes = store.sql(
        f"WITH w AS ({base}) SELECT actor, count(*) AS events, min(pos) AS first "
        "FROM (SELECT source AS actor, 3 * ord AS pos FROM w UNION ALL "
        "SELECT target, 3 * ord + 1 FROM w WHERE target <> '') "
        "GROUP BY actor ORDER BY first",
        params,
    ).fetchall()
    for actor, count, _ in nodes:
        graph.add_node(actor, name=names.get(actor, actor), events=count)
    ids = "list(id ORDER BY ord)" if evidence else "count(*)"
    edges = store.sql(
        f"WITH w AS ({base}) SELECT source, target, sum(weight) AS weight, "
        "count(*) FILTER (WHERE weight > 0) AS cooperation, count(*) FILTER (WHERE weight < 0) AS conflict, "
        f"count(*) FILTER (WHERE quad LIKE 'material%') AS material, {ids} AS events, min(ord) AS first "
        f"FROM w WHERE {TIE} AND weight <> 0 "
        "GROUP BY source, target ORDER BY first",
        params,
    ).fetchall()
    for source, target, weight, cooperation, conflict, material, events, _ in edges:
        weight = round(weight, 6)
        graph.add_edge(
            source,
            target,
            weight=weight,
            cooperation=cooperation,
            conflict=conflict,
            material=material,
            events=events,
            polarity=(weight > 0) - (weight < 0),
        )
    return graph


def _window(freq: str) -> str:
    """SQL for :func:`multipolar.analyse.timeline.window_of` of the column ``day``."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, got {freq!r}")
    text = "trim(split_part(day, '/', 1))"
    year = f"CASE WHEN regexp_full_match(left({text}, 4), '[0-9]+') THEN left({text}, 4) END"
    if freq == "year":
        return year
    month = f"substr({text}, 6, 2)"
    valid = (
        f"length({text}) >= 7 AND substr({text}, 5, 1) = '-' AND regexp_full_match({month}, '[0-9]{{2}}') "
        f"AND {month} BETWEEN '01' AND '12'"
    )
    label = (
        f"{year} || '-' || {month}"
        if freq == "month"
        else (f"{year} || '-Q' || CAST((CAST({month} AS INTEGER) - 1) // 3 + 1 AS VARCHAR)")
    )
    return f"CASE WHEN {year} IS NOT NULL AND {valid} THEN {label} END"


def _ties(base: str, freq: str) -> str:
    """The weighted events that are ties, with their window."""
    return f"WITH w AS ({base}) SELECT *, {_window(freq)} AS win FROM w WHERE {TIE} AND weight <> 0"


def timeline_from_store(
    store: Any,
    actor: str | Collection[str],
    partner: str | Collection[str] | None = None,
    *,
    freq: str = "month",
    **selection: Any,
) -> list[dict]:
    """:func:`~multipolar.analyse.timeline.alignment_timeline` over a store's events, aggregated in SQL.

    Parameters
    ----------
    store : QueryStore
        A DuckDB or Parquet store.
    actor, partner, freq
        As for :func:`~multipolar.analyse.timeline.alignment_timeline`.
    **selection
        ``since``, ``until``, ``docs``, ``theatres``, ``merge``, ``quad_weights``,
        ``modality_weights``, ``count``, as for :func:`network_from_store`.

    Returns
    -------
    list of dict
        The rows :func:`~multipolar.analyse.timeline.alignment_timeline` gives.

    Examples
    --------
    >>> from multipolar.store import open_store
    >>> store = open_store("multipolar-demo/demo.duckdb")  # made by `multipolar demo`
    >>> rows = timeline_from_store(store, "TUR", "LBY-GNA")
    >>> sorted(rows[0])
    ['actor', 'conflict', 'cooperation', 'events', 'net', 'partner', 'window']
    >>> store.close()
    """
    side = sorted(_members(actor))
    other = sorted(_members(partner)) if partner is not None else None
    base, params = weighted_events(**selection, named=True)
    if other is None:
        pick = (
            "CASE WHEN list_contains($side, source) AND NOT list_contains($side, target) THEN target "
            "WHEN list_contains($side, target) AND NOT list_contains($side, source) THEN source END"
        )
    else:
        pick = (
            "CASE WHEN (list_contains($side, source) AND list_contains($other, target)) "
            "OR (list_contains($side, target) AND list_contains($other, source)) THEN $label END"
        )
    query = (  # the events' query comes first: its positional parameters precede the named ones
        f"WITH t AS ({_ties(base, freq)}), x AS (SELECT win, weight, {pick} AS partner FROM t) "
        "SELECT win, partner, sum(weight) AS net, count(*) FILTER (WHERE weight > 0) AS cooperation, "
        "count(*) FILTER (WHERE weight < 0) AS conflict, count(*) AS events FROM x "
        "WHERE partner IS NOT NULL AND win IS NOT NULL GROUP BY win, partner ORDER BY win, partner"
    )
    values = {"side": side, "other": other or [], "label": _label(frozenset(other or []))}
    query, params = _named(query, params, values)
    label = _label(frozenset(side))
    return [
        {
            "window": window,
            "actor": label,
            "partner": name,
            "net": round(net, 4),
            "cooperation": cooperation,
            "conflict": conflict,
            "events": events,
        }
        for window, name, net, cooperation, conflict, events in store.sql(query, params).fetchall()
    ]


def side_changes_from_store(
    store: Any,
    blocs: Blocs | Sequence[Collection[str]],
    *,
    freq: str = "month",
    actors: Collection[str] | None = None,
    **selection: Any,
) -> list[dict]:
    """:func:`~multipolar.analyse.timeline.side_changes` over a store's events: the net weights per
    actor, bloc and window are summed in SQL, and the sign flips found on those sums by the same rule
    (:func:`~multipolar.analyse.timeline.sign_flips`).

    Parameters
    ----------
    store : QueryStore
        A DuckDB or Parquet store.
    blocs : Blocs or sequence of collections of str
        The blocs, or groups of actor ids.
    freq : {"month", "quarter", "year"}
        The windows.
    actors : collection of str, optional
        Only these actors' changes.
    **selection
        As for :func:`network_from_store`.

    Returns
    -------
    list of dict
        ``actor, bloc, from_window, to_window, before, after``, in order of actor and time.

    Examples
    --------
    >>> from multipolar.store import open_store
    >>> store = open_store("multipolar-demo/demo.duckdb")  # made by `multipolar demo`
    >>> from multipolar.analyse import analyse_graph
    >>> blocs = analyse_graph(network_from_store(store), brokers=False).blocs
    >>> changes = side_changes_from_store(store, blocs)
    >>> all(change["before"] * change["after"] < 0 for change in changes)
    True
    >>> store.close()
    """
    groups = blocs.blocs if isinstance(blocs, Blocs) else [list(g) for g in blocs]
    members = [a for group in groups for a in group]
    labels = [i for i, group in enumerate(groups) for _ in group]
    base, params = weighted_events(**selection, named=True)
    query = (
        f"WITH t AS ({_ties(base, freq)}), b AS (SELECT unnest($members) AS actor, unnest($labels) AS bloc), "
        "pairs AS (SELECT source AS mine, target AS theirs, win, weight FROM t UNION ALL "
        "SELECT target, source, win, weight FROM t) "
        "SELECT mine, b.bloc, win, sum(weight) FROM pairs JOIN b ON b.actor = pairs.theirs "
        "WHERE win IS NOT NULL AND ($all OR list_contains($actors, mine)) GROUP BY ALL"
    )
    values = {"members": members, "labels": labels, "all": actors is None, "actors": sorted(actors or [])}
    query, params = _named(query, params, values)
    net: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for mine, bloc, window, weight in store.sql(query, params).fetchall():
        net[mine, bloc][window] = weight
    return sign_flips(net)


def _named(query: str, params: list[Any], values: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """Replace ``$name`` placeholders (after the positional ones) by ``?`` with their values."""
    out: list[Any] = list(params)
    parts = []
    rest = query
    while "$" in rest:
        head, tail = rest.split("$", 1)
        name = next(n for n in sorted(values, key=len, reverse=True) if tail.startswith(n))
        parts.append(head + "?")
        out.append(values[name])
        rest = tail[len(name) :]
    return "".join(parts) + rest, out
