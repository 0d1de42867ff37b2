"""Linking events into incidents inside the store: the rules of :mod:`.incidents` in SQL.

Every event gets a *sighting*: what the rules compare (the pair with units folded, the group of
compatible types, its stated act day or vague stated date, its report day, theatre and object).
Sightings are kept with the event -> incident links (the ``incident_links`` table of a store), so
that linking new events reads only the stored sightings near them: the same pair and group within
a few days (an equality join on pair, group and a bucket of ``reach + 1`` days, and the buckets on
either side), the same vague date, or the same undated document; and then every report of the
incidents found, since a new report may join two of them. The linked pairs come from one SQL join;
the incidents are their connected components (union-find), each named after its first report.

:func:`link_pending` does this for the events without a link and says what to write; the store
(:mod:`multipolar.store.incidents`) writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from multipolar.analyse.incidents import IncidentRules, incident_id
from multipolar.analyse.units import UNIT_TYPES

# The columns of a sighting, as the links table stores them next to ``event`` and ``incident``.
SIGHTING_COLUMNS: list[tuple[str, str]] = [
    ("doc", "VARCHAR"),
    ("start", "INTEGER"),
    ("source", "VARCHAR"),  # units folded into their state; '' when the doer has no actor id
    ("target", "VARCHAR"),  # likewise; '' when the act has no target
    ("kind", "VARCHAR"),  # the type, or its group of compatible types
    ("act", "DATE"),  # the stated act day (a date other than the document's, precise to the day)
    ("vague", "VARCHAR"),  # a stated date vaguer than a day (one up to the report: open-ended, "a/..")
    ("reported", "DATE"),  # the document's date
    ("theatre", "VARCHAR"),
    ("object", "VARCHAR"),  # the PLOVER mode, for the types whose mode names the object
]
LINK_COLUMNS: list[tuple[str, str]] = [("event", "VARCHAR"), ("incident", "VARCHAR"), *SIGHTING_COLUMNS]

_PREFIX = "_incident_"  # temporary tables on the store's connection


def _text(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


def sightings_sql(rules: IncidentRules, where: str = "TRUE") -> str:
    """A query of the sighting of every event (``event`` and :data:`SIGHTING_COLUMNS`) that
    matches *where* (a condition over ``events e JOIN documents d``)."""
    units = _text(UNIT_TYPES)
    kinds = rules.kinds()
    kind = (
        "CASE e.type " + " ".join(f"WHEN '{t}' THEN '{k}'" for t, k in sorted(kinds.items())) + " ELSE e.type END"
        if kinds
        else "e.type"
    )
    objects = _text(rules.object_types) or "NULL"
    theatre = "nullif(e.theatre, '')" if rules.places else "NULL::VARCHAR"
    return f"""
WITH parents AS (
    SELECT id AS unit, parent AS state FROM actors
    WHERE type IN ({units}) AND parent IS NOT NULL AND parent = country
),
raw AS (
    SELECT e.id AS event, e.doc, e.start,
           coalesce(nullif(ps.state, ''), e.source, '') AS source,
           coalesce(nullif(pt.state, ''), e.target, '') AS target,
           {kind} AS kind,
           CASE WHEN e.date IS NOT NULL AND e.date IS DISTINCT FROM strftime(d.date, '%Y-%m-%d')
                THEN trim(e.date) END AS stated,
           d.date AS reported, {theatre} AS theatre,
           CASE WHEN e.type IN ({objects}) THEN nullif(e.mode, '') END AS object
    FROM events e JOIN documents d ON d.id = e.doc
    LEFT JOIN parents ps ON ps.unit = e.source
    LEFT JOIN parents pt ON pt.unit = e.target
    WHERE {where}
),
dated AS (
    SELECT *, CASE
        WHEN regexp_full_match(stated, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST(stated AS DATE)
        WHEN regexp_full_match(stated, '[0-9-]{{10}}/[0-9-]{{10}}') AND left(stated, 10) = right(stated, 10)
            THEN TRY_CAST(left(stated, 10) AS DATE)  -- an interval of one day
    END AS act FROM raw
)
SELECT event, doc, start, source, target, kind, act,
       CASE WHEN act IS NOT NULL THEN NULL  -- an act "since April" is ongoing: open-ended (ISO 8601 '..')
            WHEN ends_with(stated, '/' || strftime(reported, '%Y-%m-%d')) THEN split_part(stated, '/', 1) || '/..'
            ELSE stated END AS vague,
       reported, theatre, object
FROM dated
"""


def link_condition(rules: IncidentRules, a: str = "a", b: str = "b") -> str:
    """SQL: whether sightings *a* and *b* (same pair and kind) report one act, by the rules of
    time, place and object of :mod:`multipolar.analyse.incidents`. Each side has the columns of
    :data:`SIGHTING_COLUMNS` and ``places``, its theatre's lineage (itself and the theatres around it)."""
    wa, wr = rules.act_days, rules.report_days

    def after(x: str, y: str) -> str:  # y reported without a stated day, x with one
        return (
            f"{x}.act IS NOT NULL AND {y}.act IS NULL AND {y}.vague IS NULL AND {y}.reported IS NOT NULL "
            f"AND date_diff('day', {x}.act, {y}.reported) BETWEEN -{wa} AND {wr}"
        )

    plain = f"{a}.act IS NULL AND {a}.vague IS NULL AND {b}.act IS NULL AND {b}.vague IS NULL"
    time = (
        f"(({a}.act IS NOT NULL AND {b}.act IS NOT NULL AND abs(date_diff('day', {a}.act, {b}.act)) <= {wa})"
        f" OR ({after(a, b)}) OR ({after(b, a)})"
        f" OR ({plain} AND {a}.reported IS NOT NULL AND {b}.reported IS NOT NULL"
        f" AND abs(date_diff('day', {a}.reported, {b}.reported)) <= {wr})"
        f" OR ({a}.vague IS NOT NULL AND {a}.vague = {b}.vague)"
        f" OR ({plain} AND {a}.reported IS NULL AND {b}.reported IS NULL AND {a}.doc = {b}.doc))"
    )
    place = (
        f"({a}.theatre IS NULL OR {b}.theatre IS NULL OR list_contains({a}.places, {b}.theatre) "
        f"OR list_contains({b}.places, {a}.theatre))"
    )
    thing = f"({a}.object IS NULL OR {b}.object IS NULL OR {a}.object = {b}.object)"
    return f"{time} AND {place} AND {thing}"


@dataclass
class Linking:
    """What :func:`link_pending` found: the link rows to write (new events, and stored reports
    whose incident changed; ``event, incident`` and the sighting), the incidents whose reports
    changed (to summarise again) and those merged into others (gone)."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    pending: int = 0  # events that had no link

    @property
    def columns(self) -> list[str]:
        return [name for name, _ in LINK_COLUMNS]


def link_pending(con: Any, rules: IncidentRules, lineage: dict[str, list[str]], links: str) -> Linking:
    """Link the events of the store on *con* that have no row in *links* (a table or view with
    :data:`LINK_COLUMNS`) to the incidents near them; *lineage* maps a theatre id to itself and
    the theatres around it. Reads the new events' sightings and the stored ones near them."""
    new, near, pool = f"{_PREFIX}new", f"{_PREFIX}near", f"{_PREFIX}pool"
    span = rules.reach + 1
    lineage_ids = sorted(lineage)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_PREFIX}places AS SELECT unnest(?::VARCHAR[]) AS theatre, "
            "unnest(?::VARCHAR[][]) AS places",
            [lineage_ids, [lineage[t] for t in lineage_ids]],
        )
        unlinked = f"NOT EXISTS (SELECT 1 FROM {links} l WHERE l.event = e.id)"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {new} AS {_placed(sightings_sql(rules, unlinked), span)}")
        pending = con.execute(f"SELECT count(*) FROM {new}").fetchone()[0]
        if not pending:
            return Linking()
        # Stored sightings near the new ones, then every report of the incidents they belong to.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {near} AS SELECT DISTINCT l.incident FROM "
            f"({_placed(f'SELECT * FROM {links}', span)}) l JOIN {new} n "
            "ON l.source = n.source AND l.target = n.target AND l.kind = n.kind "
            "AND (abs(l.bucket - n.bucket) <= 1 OR l.vague = n.vague "
            "OR (l.bucket IS NULL AND l.vague IS NULL AND n.bucket IS NULL AND n.vague IS NULL AND l.doc = n.doc))"
        )
        stored = f"SELECT l.* FROM {links} l SEMI JOIN {near} s ON s.incident = l.incident"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {pool} AS SELECT * FROM {new} UNION ALL BY NAME "
            f"SELECT * FROM ({_placed(stored, span)})"
        )
        edges = con.execute(_pairs_sql(rules, new, pool)).fetchall()
        nodes = con.execute(
            f"SELECT event, incident, reported, doc, start FROM {pool} ORDER BY event"
        ).fetchall()
        found = _components(nodes, edges)
        changed = sorted(found.items())
        columns = ", ".join(f'p."{name}"' for name, _ in SIGHTING_COLUMNS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_PREFIX}changed AS SELECT unnest(?::VARCHAR[]) AS event, "
            "unnest(?::VARCHAR[]) AS incident",
            [[e for e, _ in changed], [i for _, i in changed]],
        )
        rows = con.execute(
            f"SELECT c.event, c.incident, {columns} FROM {_PREFIX}changed c JOIN {pool} p ON p.event = c.event "
            "WHERE p.incident IS DISTINCT FROM c.incident ORDER BY c.event"
        ).fetchall()
        touched = {i for _, i in changed}
        old = {incident for event, incident, *_ in nodes if incident is not None and event in found}
        return Linking(rows=rows, touched=touched, gone=old - touched, pending=pending)
    finally:
        for table in (new, near, pool, f"{_PREFIX}places", f"{_PREFIX}changed"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _placed(query: str, span: int) -> str:
    """*query*'s sightings with their theatre's lineage (``places``) and the bucket of their anchor
    day (a stated act day, else the report day unless a vague date is stated), *span* days wide."""
    anchor = "coalesce(s.act, CASE WHEN s.vague IS NULL THEN s.reported END)"
    return (
        f"SELECT s.*, coalesce(p.places, CASE WHEN s.theatre IS NOT NULL THEN [s.theatre] END) AS places, "
        f"date_diff('day', DATE '1970-01-01', {anchor}) // {span} AS bucket "
        f"FROM ({query}) s LEFT JOIN {_PREFIX}places p ON p.theatre = s.theatre"
    )


def _pairs_sql(rules: IncidentRules, new: str, pool: str) -> str:
    """The linked pairs (event, event) with at least one new event."""
    same = "b.source = a.source AND b.target = a.target AND b.kind = a.kind AND b.event <> a.event"
    condition = link_condition(rules)
    return (
        f"SELECT a.event, b.event FROM (SELECT *, unnest([bucket - 1, bucket, bucket + 1]) AS near_bucket "
        f"FROM {new} WHERE bucket IS NOT NULL) a JOIN {pool} b ON {same} AND b.bucket = a.near_bucket "
        f"WHERE {condition} "
        f"UNION SELECT a.event, b.event FROM {new} a JOIN {pool} b ON {same} AND b.vague = a.vague "
        f"WHERE {condition} "
        f"UNION SELECT a.event, b.event FROM {new} a JOIN {pool} b ON {same} AND b.doc = a.doc "
        f"WHERE a.bucket IS NULL AND a.vague IS NULL AND b.bucket IS NULL AND b.vague IS NULL AND {condition}"
    )


def _components(nodes: list[tuple], edges: list[tuple[str, str]]) -> dict[str, str]:
    """``event -> incident id`` for every event of a component that holds a new event (incident
    ``None``): the components of the stored incidents joined by *edges*, each named after its first
    report (by report day, document, offset, event id)."""
    index = {node[0]: i for i, node in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_of: dict[str, int] = {}
    for i, (_, incident, *_rest) in enumerate(nodes):
        if incident is not None:
            join(i, first_of.setdefault(incident, i))
    for a, b in edges:
        join(index[a], index[b])
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        members.setdefault(root(i), []).append(i)
    found: dict[str, str] = {}
    for group in members.values():
        if all(nodes[i][1] is not None for i in group):
            continue  # no new event: left as stored
        first = min(group, key=lambda i: _order(nodes[i]))
        name = incident_id(nodes[first][0])
        for i in group:
            found[nodes[i][0]] = name
    return found


def _order(node: tuple) -> tuple:
    """The store's order of events (document date, document, offset, id; undated last)."""
    event, _, reported, doc, start = node
    return (reported is None, reported or 0, doc, start, event)
