"""Incidents in the store: the event -> incident links and one row per incident, in both backends.

Two tables (views, in a Parquet store) next to the four of :mod:`multipolar.store.base`:

``incident_links``
    one row per linked event: ``event``, ``incident`` and the event's *sighting* (what the rules
    compare, :data:`SIGHTING_COLUMNS`), so linking new events
    reads only the stored sightings near them, never the corpus.
``incidents``
    one row per incident (:data:`INCIDENT_COLUMNS`): its strongest report (``event``: its type,
    quad, polarity and theatre), the pair, the act's date as its reports state it (``NULL`` when
    none does), the first and last report's document date, how many reports, documents and outlets
    (a document's ``meta`` outlet, else its URL's domain), the combined modality and the speakers
    of the reports that are someone's claim (JSON list).

:func:`multipolar.analyse.incidents_link.link_incidents` links the events stored without a link
(:func:`write_links` stores what it found): ingest calls it once, after a batch's documents are
written. A DuckDB file rewrites the changed rows in one transaction. A Parquet
store appends a batch (``incidents/b-<batch>.parquet``, then ``incident_links/b-<batch>.parquet``,
which commits it): the latest row of each event wins, and an incident row counts only when its
batch wrote links too, so a run that dies between the two files leaves the store as it was.
:func:`compact_incidents` keeps only the live rows (``store compact``).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from multipolar.store.base import QueryStore, StoreError, event_filter
from multipolar.store.files import sync, write_atomically

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

OUTLET_KEYS = ("outlet", "publication", "publisher")
"""The ``meta`` keys that name who published a document (a news dump's column, a text's header line)."""

INCIDENT_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("event", "VARCHAR"),  # the strongest report
    ("source", "VARCHAR"),
    ("target", "VARCHAR"),
    ("type", "VARCHAR"),
    ("quad", "VARCHAR"),
    ("polarity", "INTEGER"),
    ("date", "VARCHAR"),  # the act's date as a report states it (the earliest), else NULL
    ("first_report", "DATE"),
    ("last_report", "DATE"),
    ("reports", "INTEGER"),
    ("documents", "INTEGER"),
    ("outlets", "INTEGER"),
    ("modality", "VARCHAR"),
    ("speakers", "VARCHAR"),  # JSON list
    ("theatre", "VARCHAR"),
]
FOLDERS = {"incident_links": LINK_COLUMNS, "incidents": INCIDENT_COLUMNS}

# Who published a document: its meta outlet, publication or publisher, else its URL's domain
# (multipolar.analyse.incidents.outlet_of).
DOMAIN = "'^[a-zA-Z][a-zA-Z0-9+.-]*://(?:www[0-9]*\\.)?([^/:?#@]+)'"
OUTLET = (
    "coalesce("
    + "".join(f"nullif(trim(json_extract_string(d.meta, '$.{key}')), ''), " for key in OUTLET_KEYS)
    + f"nullif(lower(regexp_extract(trim(json_extract_string(d.meta, '$.url')), {DOMAIN}, 1)), ''))"
)


def _is_parquet(store: QueryStore) -> bool:
    return store.parquet


def has_incidents(store: QueryStore) -> bool:
    """Whether the store has the incident tables (a DuckDB file linked at least once, or any
    Parquet store)."""
    found = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('incident_links', 'incidents')"
    ).fetchone()
    return bool(found and found[0] == 2)


def counted(store: QueryStore, count: str) -> str:
    """What *count* (``incidents`` or ``reports``) counts in *store*: every report where the store
    links no incidents (:func:`has_incidents`)."""
    return count if count == "reports" or has_incidents(store) else "reports"


def unlinked(store: QueryStore) -> int:
    """How many stored events have no incident yet (0 for a store with no incident tables: then
    every event is, see :func:`has_incidents`)."""
    if not has_incidents(store):
        return store.counts()["events"]
    sql = (
        "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.event = e.id)"
    )
    return int(store.con.execute(sql).fetchone()[0])


def _read_only(store: QueryStore) -> bool:
    if _is_parquet(store):
        return bool(store.read_only)  # type: ignore[attr-defined]
    row = store.con.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return bool(row and row[0])


def _create(store: QueryStore) -> None:
    """Create a DuckDB file's incident tables if it has none."""
    for table, columns in FOLDERS.items():
        key = columns[0][0]
        body = ", ".join(f'"{name}" {kind}' for name, kind in columns)
        store.con.execute(f'CREATE TABLE IF NOT EXISTS {table} ({body}, PRIMARY KEY ("{key}"))')


def ready_to_link(store: QueryStore) -> None:
    """Make *store* ready to take links: writable (else a :class:`StoreError`), its incident tables
    there (a DuckDB file creates them the first time), its last batch of events written."""
    if _read_only(store):
        raise StoreError(f"{store.path}: opened read-only")
    if not _is_parquet(store):
        _create(store)
    store.flush()


def write_links(store: QueryStore, summary: str, params: list, rows: str, replaced: str) -> None:
    """Store the link rows of the table *rows* and the incident rows the query *summary* (with
    *params*) computes; *replaced* is a query of the ids of the incidents whose stored rows they
    replace. A DuckDB file rewrites them in one transaction, a Parquet store appends a batch (see
    the module documentation)."""
    if _is_parquet(store):
        _append(store, summary, params, rows)
    else:
        _rewrite(store, summary, params, rows, replaced)


def _rewrite(store: QueryStore, summary: str, params: list, rows: str, replaced: str) -> None:
    """A DuckDB file: replace the changed links and the incidents they change, in one transaction."""
    con = store.con
    names = ", ".join(f'"{n}"' for n, _ in LINK_COLUMNS)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM incident_links WHERE event IN (SELECT event FROM {rows})")
        con.execute(f"INSERT INTO incident_links ({names}) SELECT {names} FROM {rows}")
        con.execute(f"DELETE FROM incidents WHERE id IN ({replaced})")
        columns = ", ".join(f'"{n}"' for n, _ in INCIDENT_COLUMNS)
        con.execute(f"INSERT INTO incidents ({columns}) SELECT {columns} FROM ({summary})", params)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):  # the transaction already ended (a failed COMMIT)
            con.execute("ROLLBACK")
        raise


# -- the Parquet store -------------------------------------------------------------------------


def _batch() -> str:
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def _copy_to(con: Any, query: str, params: list, target: Path) -> None:
    """Write *query* to the Parquet file *target*: whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        con.execute(f"COPY ({query}) TO '{_literal(temporary)}' (FORMAT parquet, COMPRESSION zstd)", params)
        sync(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _literal(path: Path) -> str:
    return path.as_posix().replace("'", "''")


def _append(store: Any, summary: str, params: list, rows: str) -> None:
    """A Parquet store: the incidents' rows, then the links (the commit), as one new batch."""
    batch = _batch()
    columns = ", ".join(f'"{n}"' for n, _ in INCIDENT_COLUMNS)
    _copy_to(
        store.con,
        f"SELECT {columns}, '{batch}' AS batch FROM ({summary})",
        params,
        store.path / "incidents" / f"b-{batch}.parquet",
    )
    names = ", ".join(f'"{n}"' for n, _ in LINK_COLUMNS)
    _copy_to(
        store.con,
        f"SELECT {names}, '{batch}' AS batch FROM {rows}",
        [],
        store.path / "incident_links" / f"b-{batch}.parquet",
    )
    store.refresh()


def _files(store: Any, folder: str) -> list[Path]:
    replaced = store._replaced()
    return [f for f in sorted((store.path / folder).glob("*.parquet")) if f not in replaced]


def parquet_views(store: Any) -> None:
    """Define a Parquet store's ``incident_links`` and ``incidents`` views over its files."""
    con = store.con
    for folder, columns in FOLDERS.items():
        files = _files(store, folder)
        if files:
            listed = "[" + ", ".join(f"'{_literal(f)}'" for f in files) + "]"
            source = f"read_parquet({listed}, union_by_name = true, hive_partitioning = false)"
            body = ", ".join(f'"{n}"' for n, _ in columns) + ", batch"
            con.execute(f"CREATE OR REPLACE VIEW raw_{folder} AS SELECT {body} FROM {source}")
        else:
            typed = ", ".join(f'NULL::{k} AS "{n}"' for n, k in columns)
            con.execute(
                f"CREATE OR REPLACE VIEW raw_{folder} AS SELECT {typed}, NULL::VARCHAR AS batch WHERE false"
            )
    con.execute(
        "CREATE OR REPLACE VIEW live_incident_links AS SELECT * FROM raw_incident_links "
        "QUALIFY row_number() OVER (PARTITION BY event ORDER BY batch DESC) = 1"
    )
    con.execute("CREATE OR REPLACE VIEW incident_links AS SELECT * EXCLUDE (batch) FROM live_incident_links")
    con.execute(
        "CREATE OR REPLACE VIEW live_incidents AS SELECT r.* FROM raw_incidents r "
        "SEMI JOIN (SELECT DISTINCT batch FROM raw_incident_links) b ON b.batch = r.batch "
        "SEMI JOIN (SELECT DISTINCT incident FROM live_incident_links) l ON l.incident = r.id "
        "QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY r.batch DESC) = 1"
    )
    con.execute("CREATE OR REPLACE VIEW incidents AS SELECT * EXCLUDE (batch) FROM live_incidents")


def compact_incidents(store: Any) -> dict[str, int]:
    """Rewrite each incident folder of a Parquet store as one file of its live rows (crash-safe as
    :meth:`ParquetStore.compact`: a manifest names the files the output replaces)."""
    removed: dict[str, int] = {}
    for folder in FOLDERS:
        files = _files(store, folder)
        removed[folder] = 0
        if len(files) < 2:
            continue
        batch = _batch()
        output = f"c-{batch}.parquet"
        manifest = store.path / folder / f"_compact-{batch}.json"
        write_atomically(
            manifest, json.dumps({"output": output, "replaces": [f.name for f in files]}).encode()
        )
        _copy_to(store.con, f"SELECT * FROM live_{folder}", [], store.path / folder / output)
        for file in files:
            file.unlink(missing_ok=True)
        manifest.unlink(missing_ok=True)
        removed[folder] = len(files) - 1
        store.refresh()
    return removed


def copy_incidents(source: QueryStore, target: Any) -> None:
    """Copy a store's incidents into a Parquet store being created (``store copy``): as one batch."""
    if not has_incidents(source):
        return
    batch = _batch()
    for folder, columns in (("incidents", INCIDENT_COLUMNS), ("incident_links", LINK_COLUMNS)):
        names = ", ".join(f'"{n}"' for n, _ in columns)
        _copy_to(
            source.con,
            f"SELECT {names}, '{batch}' AS batch FROM {folder}",
            [],
            target / folder / f"b-{batch}.parquet",
        )


# -- reading -----------------------------------------------------------------------------------


def incident_of(store: QueryStore, ids: Sequence[str]) -> dict[str, str]:
    """``event id -> incident id`` for the linked events among *ids*."""
    if not ids or not has_incidents(store):
        return {}
    rows = store.con.execute(
        "SELECT event, incident FROM incident_links WHERE event IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
    ).fetchall()
    return dict(rows)


def incidents(
    store: QueryStore,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    docs: Sequence[str] | None = None,
    theatres: Collection[str | None] | None = None,
    ids: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The incidents with a report among the events the filters select (as ``store.events``
    filters them), or those named by *ids* (id prefixes); each with its strongest report's
    sentence and document; by the act's date (else its first report's), then id."""
    if not has_incidents(store):
        return []
    where, params = event_filter(
        actor=actor, type=type, since=since, until=until, docs=docs, theatres=theatres
    )
    chosen = (
        "SELECT l.incident FROM events e JOIN documents d ON d.id = e.doc "
        f"JOIN incident_links l ON l.event = e.id WHERE {where}"
    )
    if ids is not None:  # prefixes of incident ids
        chosen = (
            "SELECT i.id AS incident FROM incidents i, unnest(?::VARCHAR[]) AS t(p) "
            "WHERE starts_with(i.id, t.p)"
        )
        params = [list(ids)]
    columns = ", ".join(f'i."{n}"' for n, _ in INCIDENT_COLUMNS)
    sql = (
        f"SELECT {columns}, e.sentence, e.doc, e.trigger FROM incidents i JOIN events e ON e.id = i.event "
        f"SEMI JOIN ({chosen}) s ON s.incident = i.id "
        "ORDER BY coalesce(TRY_CAST(left(i.date, 10) AS DATE), i.first_report) NULLS LAST, i.id"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    cursor = store.con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in found:
        row["speakers"] = json.loads(row["speakers"] or "[]")
    return found


def summaries(store: QueryStore, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored rows (:data:`INCIDENT_COLUMNS`) of the incidents *ids*, by id."""
    if not ids or not has_incidents(store):
        return {}
    columns = ", ".join(f'"{n}"' for n, _ in INCIDENT_COLUMNS)
    cursor = store.con.execute(
        f"SELECT {columns} FROM incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def reports(store: QueryStore, incident_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Every report of the incidents *incident_ids*: incident, event, document (id, title, date,
    outlet), sentence, modality, speaker, source, type, target and the event's own date; by
    incident, then document date, document and offset."""
    if not incident_ids or not has_incidents(store):
        return []
    sql = (
        "SELECT l.incident, e.id AS event, e.doc, d.title, d.date AS doc_date, "
        f"{OUTLET} AS outlet, e.sentence, e.modality, e.speaker, e.source, e.type, e.target, e.date "
        "FROM incident_links l JOIN events e ON e.id = l.event JOIN documents d ON d.id = e.doc "
        "WHERE l.incident IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY l.incident, d.date NULLS LAST, e.doc, e.start, e.id"
    )
    cursor = store.con.execute(sql, [list(incident_ids)])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
