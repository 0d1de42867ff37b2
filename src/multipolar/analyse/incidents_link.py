"""Linking events into incidents inside the store: the rules of :mod:`.incidents`, applied.

Every event gets a *sighting*: what the rules compare (the pair with units folded, the group of
compatible types, its stated act day or vague stated date, its report day, its *anchor* day (the
stated act day, else the report day), theatre and object). Sightings are kept with the event ->
incident links (the ``incident_links`` table of a store, with ``opens``: the first day of the
event's time window), so linking new events reads only the stored sightings they can change:

* of each pair and type group with new anchored events, the stored ones from the window that holds
  the earliest new anchor onwards (windows before it cannot change; in a daily feed that is the
  last few days);
* those with the same vague date, or undated in the same document.

Those are grouped again (:func:`group`) and every event whose incident or window changed is written
back, so the store always holds what linking every event at once would give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from multipolar.analyse.incidents import IncidentRules, incident_id
from multipolar.analyse.units import UNIT_TYPES

# The columns of a sighting, as the links table stores them next to ``event``, ``incident``, ``opens``.
SIGHTING_COLUMNS: list[tuple[str, str]] = [
    ("doc", "VARCHAR"),
    ("start", "INTEGER"),
    ("source", "VARCHAR"),  # units folded into their state; '' when the doer has no actor id
    ("target", "VARCHAR"),  # likewise; '' when the act has no target
    ("kind", "VARCHAR"),  # the type, or its group of compatible types
    ("act", "DATE"),  # the stated act day (a date other than the document's, precise to the day)
    ("vague", "VARCHAR"),  # a stated date vaguer than a day (one up to the report: open-ended, "a/..")
    ("reported", "DATE"),  # the document's date
    ("anchor", "DATE"),  # the day the act is placed on: act, else reported (none with a vague date)
    ("theatre", "VARCHAR"),
    ("object", "VARCHAR"),  # the PLOVER mode, for the types whose mode names the object
]
LINK_COLUMNS: list[tuple[str, str]] = [
    ("event", "VARCHAR"),
    ("incident", "VARCHAR"),
    ("opens", "DATE"),  # the first day of the event's time window (NULL: not placed in time)
    *SIGHTING_COLUMNS,
]

TEMP = "_incident_"  # prefix of the temporary tables on the store's connection
ROWS = f"{TEMP}rows"  # what link_pending leaves for the store to write: LINK_COLUMNS


def _text(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


def sightings_sql(rules: IncidentRules, where: str = "TRUE") -> str:
    """A query of the sighting of every event (``event`` and :data:`SIGHTING_COLUMNS`) that
    matches *where* (a condition over ``events e JOIN documents d``)."""
    units = _text(UNIT_TYPES)
    kinds = rules.kinds()
    cases = " ".join(f"WHEN '{t}' THEN '{k}'" for t, k in sorted(kinds.items()))
    kind = f"CASE e.type {cases} ELSE e.type END" if kinds else "e.type"
    objects = _text(rules.object_types) or "NULL"
    theatre = "nullif(e.theatre, '')" if rules.places else "NULL::VARCHAR"
    day = "'[0-9]{4}-[0-9]{2}-[0-9]{2}'"
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
        WHEN regexp_full_match(stated, {day}) THEN TRY_CAST(stated AS DATE)
        WHEN regexp_full_match(stated, {day} || '/' || {day}) AND left(stated, 10) = right(stated, 10)
            THEN TRY_CAST(left(stated, 10) AS DATE)  -- an interval of one day
    END AS act FROM raw
),
placed AS (
    SELECT *, CASE
        WHEN act IS NOT NULL THEN NULL  -- an act "since April" is ongoing: open-ended (ISO 8601 '..')
        WHEN ends_with(stated, '/' || strftime(reported, '%Y-%m-%d')) THEN split_part(stated, '/', 1) || '/..'
        ELSE stated END AS vague
    FROM dated
)
SELECT event, doc, start, source, target, kind, act, vague, reported,
       coalesce(act, CASE WHEN vague IS NULL THEN reported END) AS anchor, theatre, object
FROM placed
"""


@dataclass
class Linking:
    """What :func:`link_pending` found: how many events had no link, how many link rows it left
    in :data:`ROWS` to write (new events, and stored ones whose incident or window changed), the
    incidents whose reports changed (to summarise again) and those no longer there."""

    pending: int = 0
    written: int = 0
    touched: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)


def link_pending(con: Any, rules: IncidentRules, lineage: Mapping[str, Sequence[str]], links: str) -> Linking:
    """Link the events of the store on *con* that have no row in *links* (a table or view with
    :data:`LINK_COLUMNS`); *lineage* maps a theatre id to itself and the theatres around it. Leaves
    the link rows to write in the temporary table :data:`ROWS` (the caller drops it)."""
    new, pool = f"{TEMP}new", f"{TEMP}pool"
    try:
        unlinked = f"NOT EXISTS (SELECT 1 FROM {links} l WHERE l.event = e.id)"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {new} AS {sightings_sql(rules, unlinked)}")
        pending = con.execute(f"SELECT count(*) FROM {new}").fetchone()[0]
        if not pending:
            return Linking()
        con.execute(f"CREATE OR REPLACE TEMP TABLE {pool} AS {_pool_sql(new, links)}")
        names = ["event", "incident", "opens", "source", "target", "kind", "anchor", "vague", "doc",
                 "reported", "start", "theatre", "object"]  # fmt: skip
        rows = con.execute(f"SELECT {', '.join(names)} FROM {pool}").fetchall()
        found = group(rows, rules.window_days, lineage)
        stored = {r[0]: (r[1], r[2]) for r in rows if r[1] is not None}
        changed = [(e, i, o) for e, (i, o) in found.items() if stored.get(e) != (i, o)]
        _register(con, f"{TEMP}changed", changed)
        sighting = ", ".join(f'p."{name}"' for name, _ in SIGHTING_COLUMNS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ROWS} AS SELECT c.event, c.incident, c.opens, {sighting} "
            f"FROM {TEMP}changed c JOIN {pool} p ON p.event = c.event"
        )
        losing = {stored[event][0] for event, _, _ in changed if event in stored}  # incidents that lose reports
        touched = {incident for _, incident, _ in changed}
        touched |= {found[event][0] for event, (incident, _) in stored.items() if incident in losing}
        before = {incident for incident, _ in stored.values()}
        after = {incident for incident, _ in found.values()}
        return Linking(pending=pending, written=len(changed), touched=touched, gone=before - after)
    finally:
        for table in (new, pool, f"{TEMP}changed"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _pool_sql(new: str, links: str) -> str:
    """The new sightings and the stored ones they can change (see the module documentation)."""
    same = "l.source = n.source AND l.target = n.target AND l.kind = n.kind"
    names = ", ".join(f'"{name}"' for name, _ in SIGHTING_COLUMNS)
    return f"""
WITH firsts AS (
    SELECT source, target, kind, min(anchor) AS first FROM {new} WHERE anchor IS NOT NULL GROUP BY ALL
),
starts AS (
    SELECT n.source, n.target, n.kind,
           coalesce(max(l.opens) FILTER (WHERE l.opens <= n.first), n.first) AS since
    FROM firsts n LEFT JOIN {links} l ON {same} GROUP BY n.source, n.target, n.kind, n.first
),
stored AS (
    SELECT l.* FROM {links} l JOIN starts n ON {same} WHERE l.anchor >= n.since
    UNION SELECT l.* FROM {links} l SEMI JOIN {new} n ON {same} AND l.vague = n.vague
    UNION SELECT l.* FROM {links} l SEMI JOIN {new} n ON {same} AND l.doc = n.doc
        AND l.anchor IS NULL AND l.vague IS NULL AND n.anchor IS NULL AND n.vague IS NULL
)
SELECT event, NULL::VARCHAR AS incident, NULL::DATE AS opens, {names} FROM {new}
UNION ALL SELECT event, incident, opens, {names} FROM stored
"""


def _register(con: Any, name: str, rows: Sequence[tuple[str, str, date | None]]) -> None:
    """A temporary table *name* of ``(event, incident, opens)`` rows (via Arrow: fast for millions)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [(), (), ()]
    table = pa.table(
        {
            "event": pa.array(columns[0], type=pa.string()),
            "incident": pa.array(columns[1], type=pa.string()),
            "opens": pa.array(columns[2], type=pa.date32()),
        }
    )
    con.register(f"{name}_arrow", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    finally:
        con.unregister(f"{name}_arrow")


def group(
    rows: Sequence[tuple], window: int, lineage: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, date | None]]:
    """``event -> (incident id, first day of its window)`` for *rows* (``event, incident, opens,
    source, target, kind, anchor, vague, doc, reported, start, theatre, object``): the incidents
    of :mod:`multipolar.analyse.incidents`, each named after its first report.

    Within a pair and type group, events placed in time fall into windows: the earliest anchor day
    opens one that takes every event of the following *window* days, and the first event after it
    opens the next. Events with a vague date group by that date, undated events by document. Each
    such group then splits by place and object (:func:`_by_place_and_object`)."""
    groups: dict[tuple, list[tuple]] = {}
    for row in rows:
        source, target, kind, anchor, vague, doc = row[3:9]
        key = (source, target, kind)
        if anchor is not None:
            groups.setdefault((*key, "timed"), []).append(row)
        elif vague is not None:
            groups.setdefault((*key, "vague", vague), []).append(row)
        else:
            groups.setdefault((*key, "undated", doc), []).append(row)
    found: dict[str, tuple[str, date | None]] = {}
    span = timedelta(days=window)
    for key, members in groups.items():
        if key[3] != "timed":
            _name(_by_place_and_object(members, lineage), None, found)
            continue
        members.sort(key=lambda r: (r[6], _order(r)))
        opens, current = members[0][6], []
        for row in members:
            if row[6] > opens + span:
                _name(_by_place_and_object(current, lineage), opens, found)
                opens, current = row[6], []
            current.append(row)
        _name(_by_place_and_object(current, lineage), opens, found)
    return found


def _by_place_and_object(members: list[tuple], lineage: Mapping[str, Sequence[str]]) -> list[list[tuple]]:
    """*members* (reports of one pair, type group and window) split into acts: in store order,
    each joins the first act whose places and objects it does not contradict (a theatre neither
    inside nor around one of the act's, another mode), else opens one. A report that gives neither
    joins the first act."""
    acts: list[tuple[list[tuple], set[str], set[str]]] = []
    for row in sorted(members, key=_order):
        theatre, thing = row[11], row[12]
        for act, theatres, things in acts:
            near = theatre is None or all(_related(theatre, t, lineage) for t in theatres)
            if near and (thing is None or things <= {thing}):
                act.append(row)
                theatres.update([theatre] if theatre else [])
                things.update([thing] if thing else [])
                break
        else:
            acts.append(([row], {theatre} if theatre else set(), {thing} if thing else set()))
    return [act for act, _, _ in acts]


def _related(a: str, b: str, lineage: Mapping[str, Sequence[str]]) -> bool:
    """The same theatre, or one inside the other."""
    return a == b or a in lineage.get(b, ()) or b in lineage.get(a, ())


def _name(acts: list[list[tuple]], opens: date | None, found: dict[str, tuple[str, date | None]]) -> None:
    for act in acts:
        name = incident_id(min(act, key=_order)[0])
        for row in act:
            found[row[0]] = (name, opens)


def _order(row: tuple) -> tuple:
    """The store's order of events (document date, document, offset, id; undated last)."""
    event, doc, reported, start = row[0], row[8], row[9], row[10]
    return (reported is None, reported or date.min, doc, start, event)
