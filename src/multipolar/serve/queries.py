"""The app's event queries, in SQL over a snapshot: one page of events (filters, words, a timeline
period, paging; or each act once), their count, an actor's or a pair's evidence, the drop-down
options, downloads. Where the store links events into incidents (:mod:`multipolar.store.incidents`)
each row says its incident and how that was reported.

Every value reaches DuckDB as a parameter; only fixed fragments written here are joined into the
SQL. Each query runs under a deadline (:func:`deadline`): past it DuckDB is interrupted and the
request answers with an error that says so.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from multipolar.document import MODALITIES, QUADS
from multipolar.show import dates
from multipolar.store.base import EVENT_COLUMNS, EVENT_DAY, event_filter

SEARCHED = ("e.sentence", "{title}", "e.type", "e.date")
"""Where a word is looked for (case-insensitively), besides the names and ids of the actors (an
event's source and target texts are words of its sentence)."""

SORTED = "serve_events"
SORT_EVENTS = f"""
CREATE TABLE {SORTED} AS
SELECT row_number() OVER (ORDER BY day NULLS LAST, doc, start, id) AS rn, *
FROM (SELECT e.*, {EVENT_DAY} AS day, d.title AS doc_title, d.date AS doc_date{{incident}}
      FROM events e JOIN documents d ON d.id = e.doc{{links}})
ORDER BY rn
"""
"""A snapshot's private copy of a DuckDB file gets the events joined with their documents (and
incidents), their day computed and in store order (``rn``), so a page needs no join, no per-row
date parsing and no sort over every event: a window prunes by the day, an order is an integer."""
LINKS = " LEFT JOIN incident_links l ON l.event = e.id"


@dataclass(frozen=True)
class Tables:
    """Where the event queries read, and how they name the event's day and document."""

    source: str
    day: str
    title: str
    doc_date: str
    orders: dict[str, str]
    rows: str  # the page's rows (ids in ``hit``) with their names
    incident: str | None = None  # the event's incident in ``source``, where the store links them

    def searched(self) -> tuple[str, ...]:
        return tuple(column.format(title=self.title) for column in SEARCHED)


NAMES = "LEFT JOIN actors sa ON sa.id = e.source LEFT JOIN actors ta ON ta.id = e.target"
STORE_TABLES = Tables(
    source="FROM events e JOIN documents d ON d.id = e.doc",
    day=EVENT_DAY,
    title="d.title",
    doc_date="d.date",
    orders={
        "oldest": f"{EVENT_DAY} NULLS LAST, e.doc, e.start, e.id",
        "newest": f"{EVENT_DAY} DESC NULLS LAST, e.doc DESC, e.start DESC, e.id DESC",
    },
    rows=f"FROM hit JOIN events e ON e.id = hit.id JOIN documents d ON d.id = e.doc {NAMES}",
)
SORTED_TABLES = Tables(
    source=f"FROM {SORTED} e",
    day="e.day",
    title="e.doc_title",
    doc_date="e.doc_date",
    orders={"oldest": "e.rn", "newest": "e.rn DESC"},
    rows=f"FROM hit JOIN {SORTED} e ON e.id = hit.id {NAMES}",
)
ROW_COLUMNS = (
    "e.id, e.source, e.target, e.type, e.quad, e.mode, e.context, e.modality, e.trigger, e.sentence, "
    "e.date, e.doc, e.theatre, e.source_text, e.target_text, e.speaker, e.pattern, "
    "{title} AS doc_title, {doc_date} AS doc_date, sa.name AS source_name, ta.name AS target_name"
)
INCIDENT_COLUMNS = (
    ", i.id AS incident, i.reports AS incident_reports, i.documents AS incident_documents, "
    "i.outlets AS incident_outlets, i.first_report AS incident_first"
)
"""Where the store links incidents, a row's incident and how it was reported."""


def with_incidents(tables: Tables) -> Tables:
    """*tables* reading each event's incident too (the store has ``incident_links``)."""
    if tables.source == SORTED_TABLES.source:  # the sorted copy has the incident as a column
        rows = f"{tables.rows} LEFT JOIN incidents i ON i.id = e.incident"
        return replace(tables, rows=rows, incident="e.incident")
    rows = f"{tables.rows}{LINKS} LEFT JOIN incidents i ON i.id = l.incident"
    return replace(tables, source=tables.source + LINKS, rows=rows, incident="l.incident")


def like(word: str) -> str:
    """An ILIKE pattern (escape ``\\``) that finds *word* anywhere."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _has(con: Any, *tables: str) -> bool:
    found = con.execute(
        "SELECT count(DISTINCT table_name) FROM information_schema.tables WHERE list_contains(?, table_name)",
        [list(tables)],
    )
    return found.fetchone()[0] == len(tables)


def sort_events(con: Any) -> None:
    """Add the sorted events table (:data:`SORT_EVENTS`) to a writable copy of a store."""
    linked = _has(con, "incident_links", "incidents")
    con.execute(SORT_EVENTS.format(incident=", l.incident" if linked else "", links=LINKS if linked else ""))


def tables_of(con: Any) -> Tables:
    """The sorted table where the snapshot has it, else the store's own tables; reading each
    event's incident where the store links them."""
    tables = SORTED_TABLES if _has(con, SORTED) else STORE_TABLES
    return with_incidents(tables) if _has(con, "incident_links", "incidents") else tables


class QueryTimeout(Exception):
    """A query ran past its deadline and was interrupted."""


@contextlib.contextmanager
def deadline(con: Any, seconds: float) -> Iterator[None]:
    """Interrupt whatever *con* runs after *seconds* (a :class:`QueryTimeout` is raised). The
    interrupt never comes after the block has ended (the connection may be closed by then)."""
    lock, state = threading.Lock(), {"open": True, "fired": False}

    def interrupt() -> None:
        with lock:
            if state["open"]:
                state["fired"] = True
                con.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as exc:
        if state["fired"] and "interrupt" in str(exc).lower():
            raise QueryTimeout(f"the query took longer than {seconds:g} s") from None
        raise
    finally:
        with lock:
            state["open"] = False
        timer.cancel()


@dataclass(frozen=True)
class EventQuery:
    """Which events: the selection every command shares (window, documents, theatres) and the
    event filters (actor, with a partner; type, quad, modality; words; a timeline period).
    ``actor`` and ``partner`` are lists of ids: an actor and the military units folded into it."""

    since: date | None = None
    until: date | None = None
    docs: Sequence[str] | None = None
    theatres: frozenset[str | None] | None = None
    actor: tuple[str, ...] = ()
    partner: tuple[str, ...] = ()
    type: str | None = None
    quad: str | None = None
    modality: str | None = None
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each word, and the actors it names
    period_dates: tuple[str, ...] | None = None
    extra: tuple[tuple[str, list[Any]], ...] = field(default=())
    acts: bool = False  # each incident once: its first report in the order asked

    @property
    def narrowed(self) -> bool:
        """Whether any filter narrows the selection (else it matches every event of it), or the
        query counts acts (then it matches fewer rows than events)."""
        return bool(
            self.acts
            or self.actor
            or self.type
            or self.quad
            or self.modality
            or self.words
            or self.extra
            or self.period_dates is not None
        )

    def where(self, tables: Tables = STORE_TABLES) -> tuple[str, list[Any]]:
        """The SQL condition over *tables* and its parameters."""
        base, params = event_filter(type=self.type, docs=self.docs, theatres=self.theatres)
        parts, params = [base], list(params)
        for bound, value in ((">=", self.since), ("<=", self.until)):
            if value:
                parts.append(f"{tables.day} {bound} ?")
                params.append(value)
        if self.actor and self.partner:
            parts.append(
                "((list_contains(?, e.source) AND list_contains(?, e.target)) OR "
                "(list_contains(?, e.source) AND list_contains(?, e.target)))"
            )
            params += [list(self.actor), list(self.partner), list(self.partner), list(self.actor)]
        elif self.actor:
            parts.append("(list_contains(?, e.source) OR list_contains(?, e.target))")
            params += [list(self.actor), list(self.actor)]
        for column, value in (("quad", self.quad), ("modality", self.modality)):
            if value:
                parts.append(f"e.{column} = ?")
                params.append(value)
        for word, named in self.words:
            searched = tables.searched()
            found = " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in searched)
            parts.append(f"({found} OR list_contains(?, e.source) OR list_contains(?, e.target))")
            params += [like(word)] * len(searched) + [list(named), list(named)]
        if self.period_dates is not None:
            parts.append("list_contains(?, e.date)")
            params.append(list(self.period_dates))
        for condition, values in self.extra:  # registered query kinds (see app.EVIDENCE_KINDS)
            parts.append(condition)
            params += values
        return " AND ".join(parts), params


def _act(tables: Tables) -> str:
    """An event's act: its incident, else itself (an event not linked is an act of its own)."""
    return f"coalesce({tables.incident}, e.id)" if tables.incident else "e.id"


def count(con: Any, query: EventQuery, tables: Tables = STORE_TABLES) -> int:
    where, params = query.where(tables)
    counted = f"count(DISTINCT {_act(tables)})" if query.acts else "count(*)"
    return int(con.execute(f"SELECT {counted} {tables.source} WHERE {where}", params).fetchone()[0])


def _hits(query: EventQuery, tables: Tables, where: str, ordered: str, total: bool) -> str:
    """The page's ids in the order *ordered* (and, when *total*, how many match in all), with
    ``LIMIT ? OFFSET ?`` to bind. With ``query.acts``, each act's first matching report."""
    counted = "count(*) OVER ()" if total else "NULL"
    if not query.acts:
        return (
            f"SELECT e.id, {counted} AS total {tables.source} WHERE {where} "
            f"ORDER BY {ordered} LIMIT ? OFFSET ?"
        )
    return (
        f"SELECT id, {counted} AS total FROM (SELECT e.id, row_number() OVER (ORDER BY {ordered}) AS pos, "
        f"row_number() OVER (PARTITION BY {_act(tables)} ORDER BY {ordered}) AS nth "
        f"{tables.source} WHERE {where}) WHERE nth = 1 ORDER BY pos LIMIT ? OFFSET ?"
    )


def page(
    con: Any,
    query: EventQuery,
    offset: int,
    limit: int,
    order: str = "oldest",
    tables: Tables = STORE_TABLES,
    total: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """One page of events as rows for people (names, and dates as they are shown: ``when``) and
    how many events match in all (counted in the same scan, unless given as *total*)."""
    where, params = query.where(tables)
    ordered = tables.orders[order]
    columns = ROW_COLUMNS.format(title=tables.title, doc_date=tables.doc_date)
    columns += INCIDENT_COLUMNS if tables.incident else ""
    hits = _hits(query, tables, where, ordered, total is None)
    # the page's ids first (no names needed to choose them), then their rows with the names
    cursor = con.execute(
        f"WITH hit AS ({hits}) SELECT {columns}, hit.total {tables.rows} ORDER BY {ordered}",
        [*params, limit, offset],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if total is None:
        total = rows[0]["total"] if rows else (count(con, query, tables) if offset else 0)
    for row in rows:
        row.pop("total", None)
        shown = row["date"] or row["doc_date"]
        row["when"] = dates.display(shown, "undated")
        row["doc_date"] = row["doc_date"].isoformat() if row["doc_date"] else None
        row["doc_when"] = dates.display(row["doc_date"]) if row["doc_date"] else ""
        if "incident_first" in row:  # the first report's date as the page shows dates
            first = row["incident_first"]
            row["incident_first"] = dates.display(first.isoformat()) if first else None
    return rows, total


def download(con: Any, query: EventQuery, limit: int) -> tuple[list[str], list[tuple]]:
    """Every event of the query as coded (all :class:`~multipolar.document.Event` fields, then the
    document's title and date), in store order, at most *limit* rows."""
    where, params = query.where()
    columns = [*(f'e."{c}"' for c in EVENT_COLUMNS), "d.title AS doc_title", "d.date AS doc_date"]
    cursor = con.execute(
        f"SELECT {', '.join(columns)} {STORE_TABLES.source} WHERE {where} "
        f"ORDER BY {STORE_TABLES.orders['oldest']} LIMIT ?",
        [*params, limit],
    )
    return [d[0] for d in cursor.description], cursor.fetchall()


def period_dates(con: Any, bucket: str, key: str) -> tuple[str, ...]:
    """The stored event dates that a timeline bar (*bucket* ``month`` or ``year``, *key*
    ``YYYY-MM`` or ``YYYY``) counts, by the timeline's own rule (:func:`multipolar.show.dates.info`)."""
    rows = con.execute("SELECT DISTINCT date FROM events WHERE starts_with(date, ?)", [key[:4]]).fetchall()
    return tuple(sorted(v for (v,) in rows if v and dates.info(v)[bucket] == key))


def options(con: Any, query: EventQuery, names: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    """The drop-downs' values for the selection: actors (by name, with their events), types,
    quads and modalities that occur."""
    where, params = query.where()
    actors = con.execute(
        f"WITH w AS (SELECT e.source, e.target {STORE_TABLES.source} WHERE {where}) "
        "SELECT actor, count(*) FROM (SELECT source AS actor FROM w UNION ALL "
        "SELECT target FROM w WHERE target IS DISTINCT FROM source) "
        "WHERE actor IS NOT NULL AND actor <> '' GROUP BY actor",
        params,
    ).fetchall()
    types = con.execute(
        f"SELECT DISTINCT e.type {STORE_TABLES.source} WHERE {where} ORDER BY 1", params
    ).fetchall()
    ordered = sorted(actors, key=lambda a: (names.get(a[0], a[0]).casefold(), a[0]))
    return {
        "actor": [{"value": a, "label": f"{names.get(a, a)} ({n:,})"} for a, n in ordered],
        "type": [{"value": t, "label": t} for (t,) in types if t],
        "quad": [{"value": q, "label": q.replace("_", " ")} for q in QUADS],
        "modality": [{"value": m, "label": m} for m in MODALITIES],
    }


def with_extra(query: EventQuery, condition: str, values: list[Any]) -> EventQuery:
    return replace(query, extra=(*query.extra, (condition, values)))
