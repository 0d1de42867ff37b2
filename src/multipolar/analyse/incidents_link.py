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
back, so the store always holds what linking every event at once would give. :func:`link_incidents`
does it for a store's new events and has the store keep the result
(:func:`multipolar.store.incidents.write_links`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from multipolar.analyse.incidents import DEFAULT_RULES, IncidentRules
from multipolar.analyse.network import QUAD_WEIGHTS, default_modality_weights
from multipolar.analyse.units import UNIT_TYPES
from multipolar.store.base import QueryStore
from multipolar.store.incidents import LINK_COLUMNS, OUTLET, SIGHTING_COLUMNS, ready_to_link, write_links
from multipolar.theatre import load_theatres

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
    """What :func:`link_pending` found: how many events had no link, and how many link rows it
    left in :data:`ROWS` to write (new events, and stored ones whose incident or window changed);
    the incidents whose reports changed (to summarise again) are in :data:`TOUCHED`, those no
    longer there in :data:`GONE`."""

    pending: int = 0
    written: int = 0
    touched: int = 0
    gone: int = 0


TOUCHED, GONE = f"{TEMP}touched", f"{TEMP}gone"
KNOWN = f"{TEMP}known"  # the stored links of the pairs and type groups with new events


def link_pending(
    con: Any, rules: IncidentRules, lineage: Mapping[str, Sequence[str]], links: str, seen: str | None = None
) -> Linking:
    """Link the events of the store on *con* that have no row in *links* (a table or view with
    :data:`LINK_COLUMNS`; *seen*, if given, a cheaper relation with an ``event`` column that holds
    the same events); *lineage* maps a theatre id to itself and the theatres around it. Leaves
    the link rows to write in the temporary table :data:`ROWS`, the incidents they change in
    :data:`TOUCHED` and :data:`GONE` (``id``), and the stored links of the pairs and type groups
    it read in :data:`KNOWN` (the caller drops all four)."""
    new, pool, found = f"{TEMP}new", f"{TEMP}pool", f"{TEMP}found"
    try:
        unlinked = f"NOT EXISTS (SELECT 1 FROM {seen or links} l WHERE l.event = e.id)"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {new} AS {sightings_sql(rules, unlinked)}")
        pending = con.execute(f"SELECT count(*) FROM {new}").fetchone()[0]
        if not pending:
            return Linking()
        con.execute(  # read once: a Parquet store's links are a view that picks each event's latest row
            f"CREATE OR REPLACE TEMP TABLE {KNOWN} AS SELECT l.* FROM {links} l SEMI JOIN "
            f"(SELECT DISTINCT source, target, kind FROM {new}) n "
            "ON l.source = n.source AND l.target = n.target AND l.kind = n.kind"
        )
        # Each event as integers for the grouping: its place in store order, its pair and type group.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {pool} AS SELECT *, "
            "row_number() OVER (ORDER BY reported NULLS LAST, doc, start, event) - 1 AS ord, "
            f"dense_rank() OVER (ORDER BY source, target, kind) AS pair "
            f"FROM ({_pool_sql(new, KNOWN, rules.window_days)})"
        )
        rows = con.execute(
            f"SELECT ord, pair, date_diff('day', DATE '1970-01-01', anchor), vague, "
            f"CASE WHEN anchor IS NULL AND vague IS NULL THEN doc END, theatre, object FROM {pool}"
        ).fetchall()
        _register(con, f"{TEMP}grouped", group(rows, rules.window_days, lineage))
        del rows
        sighting = ", ".join(f'p."{name}"' for name, _ in SIGHTING_COLUMNS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {found} AS SELECT p.event, "
            "left(sha256('incident|' || f.event), 16) AS incident, "
            f"DATE '1970-01-01' + g.opens AS opens, {sighting}, p.incident AS was, p.opens AS was_open "
            f"FROM {TEMP}grouped g JOIN {pool} p ON p.ord = g.ord JOIN {pool} f ON f.ord = g.first"
        )
        names = ", ".join(f'"{name}"' for name, _ in LINK_COLUMNS)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ROWS} AS SELECT {names} FROM {found} "
            "WHERE was IS DISTINCT FROM incident OR was_open IS DISTINCT FROM opens"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {TOUCHED} AS SELECT DISTINCT incident AS id FROM {found} x "
            f"WHERE incident IN (SELECT incident FROM {ROWS}) OR was IN (SELECT was FROM {found} y "
            "WHERE y.was IS DISTINCT FROM y.incident OR y.was_open IS DISTINCT FROM y.opens)"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {GONE} AS SELECT DISTINCT was AS id FROM {found} "
            f"WHERE was IS NOT NULL EXCEPT SELECT incident FROM {found}"
        )
        count = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (ROWS, TOUCHED, GONE)}
        return Linking(pending, count[ROWS], count[TOUCHED], count[GONE])
    finally:
        for table in (new, pool, found, f"{TEMP}grouped"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _pool_sql(new: str, links: str, window: int) -> str:
    """The new sightings and the stored ones they can change (see the module documentation): of
    each pair and type group, from the window that holds its earliest new anchor day (one opened at
    most *window* days before it), else from that day."""
    same = "l.source = n.source AND l.target = n.target AND l.kind = n.kind"
    names = ", ".join(f'"{name}"' for name, _ in SIGHTING_COLUMNS)
    return f"""
WITH firsts AS (
    SELECT source, target, kind, min(anchor) AS first FROM {new} WHERE anchor IS NOT NULL GROUP BY ALL
),
starts AS (
    SELECT n.source, n.target, n.kind,
           coalesce(max(l.opens), n.first) AS since
    FROM firsts n LEFT JOIN {links} l ON {same} AND l.opens BETWEEN n.first - {window} AND n.first
    GROUP BY n.source, n.target, n.kind, n.first
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


def _register(con: Any, name: str, rows: Sequence[tuple[int, int, int | None]]) -> None:
    """A temporary table *name* of ``(ord, first, opens)`` rows (via Arrow: fast for millions)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) if rows else [(), (), ()]
    table = pa.table(
        {
            "ord": pa.array(columns[0], type=pa.int64()),
            "first": pa.array(columns[1], type=pa.int64()),
            "opens": pa.array(columns[2], type=pa.int32()),
        }
    )
    con.register(f"{name}_arrow", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    finally:
        con.unregister(f"{name}_arrow")


def group(
    rows: Sequence[tuple], window: int, lineage: Mapping[str, Sequence[str]]
) -> list[tuple[int, int, int | None]]:
    """``(ord, first, opens)`` for *rows* ``(ord, pair, anchor, vague, doc, theatre, object)``: the
    incidents of :mod:`multipolar.analyse.incidents`, each event with the ``ord`` (place in store
    order) of its incident's first report and the first day of its window (days since 1970; ``None``
    for events not placed in time). *pair* numbers the pair and type group; *anchor* is a day
    number; *doc* is given for the undated events only.

    Within a pair and type group, events placed in time fall into windows: the earliest anchor day
    opens one that takes every event of the following *window* days, and the first event after it
    opens the next. Events with a vague date group by that date, undated events by document. Each
    such group then splits by place and object (:func:`_by_place_and_object`)."""
    timed: dict[int, list[tuple]] = {}
    other: dict[tuple, list[tuple]] = {}
    for row in rows:
        if row[2] is not None:
            timed.setdefault(row[1], []).append(row)
        else:
            other.setdefault((row[1], row[3], row[4]), []).append(row)
    found: list[tuple[int, int, int | None]] = []
    for members in other.values():
        _name(_by_place_and_object(members, lineage), None, found)
    for members in timed.values():
        members.sort(key=lambda r: (r[2], r[0]))
        opens, current = members[0][2], []
        for row in members:
            if row[2] > opens + window:
                _name(_by_place_and_object(current, lineage), opens, found)
                opens, current = row[2], []
            current.append(row)
        _name(_by_place_and_object(current, lineage), opens, found)
    return found


def _by_place_and_object(members: list[tuple], lineage: Mapping[str, Sequence[str]]) -> list[list[tuple]]:
    """*members* (reports of one pair, type group and window) split into acts: in store order,
    each joins the first act whose places and objects it does not contradict (a theatre neither
    inside nor around one of the act's, another mode), else opens one. A report that gives neither
    joins the first act."""
    if len(members) == 1:
        return [members]
    acts: list[tuple[list[tuple], set[str], set[str]]] = []
    for row in sorted(members):
        theatre, thing = row[5], row[6]
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


def _name(acts: list[list[tuple]], opens: int | None, found: list[tuple[int, int, int | None]]) -> None:
    for act in acts:
        first = min(row[0] for row in act)
        found.extend((row[0], first, opens) for row in act)


@dataclass
class LinkReport:
    """What :func:`link_incidents` did: events linked, link rows written (new events, and stored
    reports whose incident or window changed), incidents summarised anew, incidents gone."""

    linked: int = 0
    written: int = 0
    incidents: int = 0
    gone: int = 0


def lineage() -> dict[str, list[str]]:
    """Each defined theatre with the theatres around it (for the rule of place)."""
    theatres = load_theatres()
    return {t.id: theatres.lineage(t.id) for t in theatres}


def link_incidents(store: QueryStore, rules: IncidentRules = DEFAULT_RULES) -> LinkReport:
    """Link every stored event that has no incident yet into the incidents near it (or new ones),
    and store the links and the incidents they change. Reads only the new events and the stored
    sightings they can change. Idempotent: a second call finds nothing to do."""
    ready_to_link(store)
    parquet = store.parquet
    try:
        # In a Parquet store an event with any link row is linked: no need to pick its latest row.
        seen = "raw_incident_links" if parquet else None
        found = link_pending(store.con, rules, lineage(), "incident_links", seen)
        if not found.written:
            return LinkReport(linked=found.pending)
        kept = ", ".join(f"x.{name}" for name in ("event", "incident", "source", "target", "act", "vague"))
        summary = summary_sql(
            f"(SELECT {kept} FROM {ROWS} x UNION ALL SELECT {kept} FROM {KNOWN} x "
            f"ANTI JOIN {ROWS} r ON r.event = x.event SEMI JOIN {TOUCHED} t ON t.id = x.incident)"
        )
        replaced = f"SELECT id FROM {TOUCHED} UNION ALL SELECT id FROM {GONE}"
        write_links(store, summary, _weights(), ROWS, replaced)
        return LinkReport(
            linked=found.pending, written=found.written, incidents=found.touched, gone=found.gone
        )
    finally:
        for table in (ROWS, TOUCHED, GONE, KNOWN):
            store.con.execute(f"DROP TABLE IF EXISTS {table}")


def _weights() -> list[Any]:
    modalities = dict(default_modality_weights())
    return [list(QUAD_WEIGHTS), list(QUAD_WEIGHTS.values()), list(modalities), list(modalities.values())]


def summary_sql(links: str) -> str:
    """The :data:`INCIDENT_COLUMNS` rows of the incidents in *links* (a relation of ``event,
    incident, source, target, act, vague``: every report of each, with its sighting's pair and
    stated date), from the events and documents; parameters: :func:`_weights`."""
    strongest = "strength DESC, reported NULLS LAST, doc, start, event"
    return f"""
WITH quad_w AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DOUBLE[]) AS w),
modal_w AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DOUBLE[]) AS w),
r AS (
    SELECT l.incident, l.event, l.source, l.target, l.act, l.vague, d.date AS reported, e.doc, e.start,
           e.type, e.quad, e.polarity, e.modality, e.speaker, e.theatre,
           coalesce(m.w, 1.0) AS credence,
           abs(e.polarity * coalesce(q.w, 1.0) * coalesce(m.w, 1.0)) AS strength,
           {OUTLET} AS outlet
    FROM {links} l JOIN events e ON e.id = l.event JOIN documents d ON d.id = e.doc
    LEFT JOIN quad_w q ON q.k = e.quad LEFT JOIN modal_w m ON m.k = e.modality
)
SELECT incident AS id, first(event ORDER BY {strongest}) AS event,
       first(source ORDER BY {strongest}) AS source, first(target ORDER BY {strongest}) AS target,
       first(type ORDER BY {strongest}) AS type, first(quad ORDER BY {strongest}) AS quad,
       first(polarity ORDER BY {strongest}) AS polarity,
       coalesce(strftime(min(act), '%Y-%m-%d'), min(vague)) AS date,
       min(reported) AS first_report, max(reported) AS last_report, count(*)::INTEGER AS reports,
       count(DISTINCT doc)::INTEGER AS documents, count(DISTINCT outlet)::INTEGER AS outlets,
       first(modality ORDER BY credence DESC, modality) AS modality,
       to_json(coalesce(array_sort(list_distinct(list(speaker) FILTER (
           WHERE modality = 'reported' AND coalesce(speaker, '') <> ''))), []))::VARCHAR AS speakers,
       first(theatre ORDER BY {strongest}) AS theatre
FROM r GROUP BY incident
"""
