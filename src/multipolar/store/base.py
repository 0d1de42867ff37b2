"""What every store answers: the same queries over the same four tables, through DuckDB.

A store is a DuckDB connection (``con``) on which ``documents``, ``actors``, ``mentions`` and
``events`` name the tables (a DuckDB file) or views over Parquet files (a Parquet store). Every
query method lives here, once, in SQL, so both backends give the same answers and nothing is
loaded into Python that the caller did not ask for. Backends add how documents are written
(``add``, ``stored``) and how the store is closed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from multipolar.document import Document, Event, Mention, references_json
from multipolar.errors import MultipolarError
from multipolar.theatre.membership import in_theatres_sql, placed_sql

EVENT_COLUMNS = [f.name for f in dataclasses.fields(Event)]
THEATRE_COLUMNS = ("theatre", "theatre_basis")
TABLES = ("documents", "actors", "mentions", "events")

# The order of events: by document date, document, offset (and id, so that it is total).
ORDER = "d.date NULLS LAST, e.doc, e.start, e.id"

# The day an event is placed on in a window: its own (ISO) date, else its document's.
EVENT_DAY = "coalesce(TRY_CAST(left(e.date, 10) AS DATE), d.date)"


class StoreError(MultipolarError):
    """The store cannot be used; the message says why."""


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def event_filter(
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    docs: Sequence[str] | None = None,
    theatres: Collection[str | None] | None = None,
) -> tuple[str, list[Any]]:
    """A SQL condition over ``events e JOIN documents d`` and its parameters ("TRUE" for none).

    *theatres* keeps the events of these theatre ids; ``None`` among them keeps the events
    assessed as belonging to no theatre (bilateral); events not assessed yet match neither.
    """
    where: list[str] = []
    params: list[Any] = []
    if actor:
        where.append("(e.source = ? OR e.target = ?)")
        params += [actor, actor]
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if since:
        where.append(f"{EVENT_DAY} >= ?")
        params.append(since)
    if until:
        where.append(f"{EVENT_DAY} <= ?")
        params.append(until)
    if docs:
        where.append("list_contains(?, e.doc)")
        params.append(list(docs))
    if theatres is not None:
        condition, values = in_theatres_sql(theatres)
        where.append(condition)
        params += values
    return (" AND ".join(where) or "TRUE"), params


class QueryStore:
    """The queries both backends answer; subclasses set ``con`` and ``path``."""

    con: duckdb.DuckDBPyConnection
    path: Path
    has_meta: bool = True  # documents.meta and .parts (a store of the first schema, read-only, lacks them)
    has_provisional: bool = True  # actors.provisional (likewise)
    has_theatres: bool = True  # events.theatre and .theatre_basis (stores of schemas 1 and 2 lack them)
    has_references: bool = True  # events.references (stores of schemas 1 to 3 lack it)
    parquet: bool = False  # a folder of Parquet files (tables are views over them), not a DuckDB file

    # -- the backend's part ---------------------------------------------------------------------

    def add(self, document: Document, actors: Iterable[Any] = ()) -> bool:
        """Store one processed document (see :meth:`add_batch`); ``False`` if it was already there."""
        return bool(self.add_batch([document], [list(actors)]))

    def add_batch(
        self, documents: Sequence[Document], actors: Sequence[Iterable[Any]] | None = None
    ) -> set[str]:
        """Store processed documents, each whole or not at all; returns the ids of those added
        (a document already stored, or twice in *documents*, is added once).

        ``actors[i]`` are the registry entries (objects with id, name, type, country, parent,
        aliases) of the actors ``documents[i]`` names, kept so the store explains itself without
        the registry. A backend overrides this (DuckDB: the batch in one transaction) or
        :meth:`add` (Parquet: documents buffered into its own batches); this one adds one at a time.
        """
        named = list(actors) if actors is not None else [()] * len(documents)
        return {d.id for d, a in zip(documents, named, strict=True) if self.add(d, a)}

    def stored(self, ids: Sequence[str]) -> set[str]:
        """Which of *ids* are stored documents (one query for many ids)."""
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()
        return {r[0] for r in rows}

    def has(self, doc_id: str) -> bool:
        return bool(self.stored([doc_id]))

    def flush(self) -> None:
        """Write what the backend buffers (nothing, for a DuckDB file: each document is committed)."""

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> QueryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------

    def sql(self, query: str, params: Sequence[Any] = ()) -> duckdb.DuckDBPyRelation | None:
        """Run *query* on the store's connection (tables: documents, actors, mentions, events)."""
        return self.con.execute(query, list(params))

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents, with their number of sentences and events and, where the source
        gave any, their ``meta`` (outlet, url, language ...)."""
        meta = ", d.meta, d.parts" if self.has_meta else ""
        rows = self._rows(
            "SELECT d.id, d.date, d.n_sentences AS sentences, coalesce(n.events, 0) AS events, "
            f"d.title, d.path{meta} FROM documents d "
            "LEFT JOIN (SELECT doc, count(*) AS events FROM events GROUP BY doc) n ON n.doc = d.id "
            "ORDER BY d.date NULLS LAST, d.path, d.id"
        )
        for row in rows:
            if self.has_meta:
                row["meta"] = json.loads(row["meta"] or "{}")
                row["parts"] = row["parts"] or 1
        return rows

    def actors(self) -> list[dict[str, Any]]:
        """Stored actors with how often they are mentioned and act in events; ``provisional`` marks
        the actors found in texts but unknown to the registry."""
        provisional = "a.provisional" if self.has_provisional else "false"
        rows = self._rows(
            "WITH m AS (SELECT actor, count(*) AS n FROM mentions GROUP BY actor), "
            "e AS (SELECT actor, count(*) AS n FROM (SELECT source AS actor FROM events UNION ALL "
            "SELECT target FROM events WHERE target IS DISTINCT FROM source) GROUP BY actor) "
            "SELECT a.id, a.name, a.type, a.country, a.parent, a.aliases, "
            f"coalesce({provisional}, false) AS provisional, coalesce(m.n, 0) AS mentions, "
            "coalesce(e.n, 0) AS events FROM actors a LEFT JOIN m ON m.actor = a.id "
            "LEFT JOIN e ON e.actor = a.id ORDER BY mentions DESC, a.id"
        )
        for row in rows:
            row["aliases"] = json.loads(row["aliases"] or "[]")
        return rows

    def provisional_actors(self, examples: int = 2) -> list[dict[str, Any]]:
        """Provisional actors with their mentions: how many, the forms used, the documents they are in,
        and up to *examples* sentences in which they act (from their events)."""
        if not self.has_provisional:
            return []
        rows = self._rows(
            "SELECT a.id, a.name, a.type, a.country, a.aliases, "
            "(SELECT count(*) FROM mentions m WHERE m.actor = a.id) AS mentions, "
            "(SELECT count(*) FROM events e WHERE e.source = a.id OR e.target = a.id "
            "OR e.speaker = a.id) AS events "
            "FROM actors a WHERE a.provisional ORDER BY mentions DESC, a.id"
        )
        for row in rows:
            row["aliases"] = json.loads(row["aliases"] or "[]")
            row["forms"] = [
                r[0]
                for r in self.con.execute(
                    "SELECT text FROM mentions WHERE actor = ? GROUP BY text ORDER BY count(*) DESC, text",
                    [row["id"]],
                ).fetchall()
            ]
            row["documents"] = [
                {"id": r[0], "path": r[1], "title": r[2]}
                for r in self.con.execute(
                    "SELECT DISTINCT d.id, d.path, d.title FROM mentions m JOIN documents d ON d.id = m.doc "
                    "WHERE m.actor = ? ORDER BY d.path, d.id",
                    [row["id"]],
                ).fetchall()
            ]
            row["examples"] = [
                r[0]
                for r in self.con.execute(
                    "SELECT DISTINCT sentence FROM events WHERE source = ? OR target = ? OR speaker = ? "
                    "ORDER BY sentence LIMIT ?",
                    [row["id"], row["id"], row["id"], examples],
                ).fetchall()
            ]
        return rows

    def mentions(self, doc: str | None = None) -> list[Mention]:
        sql = 'SELECT start, "end", text, actor, rule, sentence, person FROM mentions'
        rows = self._rows(
            sql + (" WHERE doc = ?" if doc else "") + " ORDER BY doc, start", [doc] if doc else []
        )
        return [Mention(token_start=-1, token_end=-1, **r) for r in rows]

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        docs: Sequence[str] | None = None,
        limit: int | None = None,
        theatres: Collection[str | None] | None = None,
        newest: bool = False,
    ) -> list[Event]:
        """Events, filtered (see :func:`event_filter`); the date window uses the event's date, else
        its document's. An event without a date of its own gets its document's. With *limit*, the
        first so many (the last so many when *newest*), always in store order."""
        if theatres is not None and not self.has_theatres:
            return []  # stored before theatres: none assessed yet
        where, params = event_filter(
            actor=actor, type=type, since=since, until=until, docs=docs, theatres=theatres
        )
        have = [
            c
            for c in EVENT_COLUMNS
            if (self.has_theatres or c not in THEATRE_COLUMNS) and (self.has_references or c != "references")
        ]
        columns = ", ".join(f'e."{c}"' for c in have)
        sql = (
            f"SELECT {columns}, d.date AS doc_date FROM events e JOIN documents d ON d.id = e.doc "
            f"WHERE {where} ORDER BY "
            + ("d.date DESC NULLS FIRST, e.doc DESC, e.start DESC, e.id DESC" if newest else ORDER)
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )
        events = []
        for row in self._rows(sql, params):
            doc_date = row.pop("doc_date")
            row["theatre_basis"] = row.get("theatre_basis") or ""
            event = Event(**row)
            if event.date is None and doc_date is not None:
                event.date = doc_date.isoformat()
            events.append(event)
        return events[::-1] if newest else events

    def unassessed(self) -> list[str]:
        """Ids of the documents with events not placed in a theatre yet (stored by an older version)."""
        unplaced = f"NOT {placed_sql('events')}" if self.has_theatres else "TRUE"
        sql = f"SELECT DISTINCT doc FROM events WHERE {unplaced} ORDER BY doc"
        return [r[0] for r in self.con.execute(sql).fetchall()]

    def document(self, doc_id: str) -> Document | None:
        """A stored document's text, path, title and date (``None`` if there is none)."""
        sql = "SELECT text, path, title, date FROM documents WHERE id = ?"
        row = self.con.execute(sql, [doc_id]).fetchone()
        if row is None:
            return None
        text, path, title, day = row
        return Document(text=text, path=path or "", title=title or "", date=day, id=doc_id)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]

    def export_parquet(self, folder: Path) -> list[Path]:
        """Write each table to ``folder/<table>.parquet`` (one file per table)."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            target = folder / f"{table}.parquet"
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{_quoted(target)}' (FORMAT parquet)")
            written.append(target)
        return written


def _quoted(path: Path) -> str:
    """A path as a SQL string literal's content."""
    return path.as_posix().replace("'", "''")


def actor_row(actor: Any) -> list[Any]:
    """A registry (or provisional) actor as an ``actors`` row."""
    return [
        actor.id,
        actor.name,
        actor.type or None,
        actor.country,
        actor.parent,
        json.dumps(list(actor.aliases), ensure_ascii=False),
        bool(getattr(actor, "provisional", False)),
    ]


def merge_actor_rows(rows: Iterable[list[Any]]) -> list[list[Any]]:
    """One row per actor id: the first row's name, parent and aliases, with the first type and
    country any row gives (a provisional actor seen again may bring what an earlier text did not
    say); the order of first appearance."""
    merged: dict[str, list[Any]] = {}
    for row in rows:
        first = merged.get(row[0])
        if first is None:
            merged[row[0]] = list(row)
            continue
        first[2] = first[2] or row[2]
        first[3] = first[3] if first[3] is not None else row[3]
    return list(merged.values())


def document_row(document: Document) -> list[Any]:
    """A document as a ``documents`` row (without ``ingested_at``)."""
    return [
        document.id,
        document.path,
        document.title,
        document.date,
        document.text,
        len(document.sentences),
        json.dumps(document.meta, ensure_ascii=False) if document.meta else None,
        document.parts,
    ]


def mention_rows(document: Document) -> list[list[Any]]:
    return [
        [document.id, m.start, m.end, m.text, m.actor, m.rule, m.sentence, m.person]
        for m in document.mentions
    ]


def event_rows(document: Document) -> list[list[Any]]:
    return [
        [references_json(e.references) if c == "references" else getattr(e, c) for c in EVENT_COLUMNS]
        for e in document.events
    ]


# The columns a batch writes, and their SQL types.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("id", "VARCHAR"),
        ("path", "VARCHAR"),
        ("title", "VARCHAR"),
        ("date", "DATE"),
        ("text", "VARCHAR"),
        ("n_sentences", "INTEGER"),
        ("meta", "VARCHAR"),
        ("parts", "INTEGER"),
    ],
    "actors": [(c, "VARCHAR") for c in ("id", "name", "type", "country", "parent", "aliases")]
    + [("provisional", "BOOLEAN")],
    "mentions": [
        ("doc", "VARCHAR"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
        ("text", "VARCHAR"),
        ("actor", "VARCHAR"),
        ("rule", "VARCHAR"),
        ("sentence", "INTEGER"),
        ("person", "VARCHAR"),
    ],
    "events": [(c, "INTEGER" if c in ("start", "end", "polarity") else "VARCHAR") for c in EVENT_COLUMNS],
}
_EVENT_ID = EVENT_COLUMNS.index("id")


def batch_columns(
    documents: Sequence[Document], actors: Sequence[Iterable[Any]] | None = None
) -> dict[str, dict[str, list[Any]]]:
    """A batch of processed documents, table by table and column by column (``{table: {column:
    values}}``, in the columns of :data:`COLUMNS`): the form in which a backend appends them in
    bulk (DuckDB takes each column as one list parameter; ``pyarrow.table`` takes it as it is).

    The rows are final: events carry their theatre, and nothing is updated after the insert. As
    the tables' keys demand, a mention (document, start, end) or an event id that a document holds
    twice keeps its first row, and an actor named by several documents is one row
    (:func:`merge_actor_rows`).
    """
    rows: dict[str, list[list[Any]]] = {
        "documents": [document_row(d) for d in documents],
        "actors": merge_actor_rows(actor_row(a) for named in (actors or ()) for a in named),
        "mentions": _first_of_each(
            (row for d in documents for row in mention_rows(d)), lambda r: (r[0], r[1], r[2])
        ),
        "events": _first_of_each((row for d in documents for row in event_rows(d)), lambda r: r[_EVENT_ID]),
    }
    tables = {}
    for table, table_rows in rows.items():
        names = [name for name, _ in COLUMNS[table]]
        columns = [list(c) for c in zip(*table_rows, strict=True)] or [[] for _ in names]
        tables[table] = dict(zip(names, columns, strict=True))
    return tables


def _first_of_each(rows: Iterable[list[Any]], key: Any) -> list[list[Any]]:
    seen: set[Any] = set()
    kept = []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            kept.append(row)
    return kept
