"""A DuckDB store with one table per pipeline product.

Ingest is idempotent: a document's id is a hash of its text, so adding the same text twice
changes nothing. Each document goes in inside one transaction, so an interrupted ingest leaves
the store as it was before that document. An existing file that is not a multipolar store is
never written to.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from multipolar.document import Document, Event, Mention
from multipolar.errors import MultipolarError

SCHEMA_VERSION = 1

_EVENT_COLUMNS = [f.name for f in dataclasses.fields(Event)]

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, date DATE, text VARCHAR,
    n_sentences INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, parent VARCHAR, aliases VARCHAR,
    provisional BOOLEAN DEFAULT false
);
CREATE TABLE IF NOT EXISTS mentions (
    doc VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, actor VARCHAR, rule VARCHAR,
    sentence INTEGER, person VARCHAR, PRIMARY KEY (doc, start, "end")
);
CREATE TABLE IF NOT EXISTS events (
    {
    ", ".join(
        f'"{c}" ' + ("INTEGER" if c in ("start", "end", "polarity") else "VARCHAR") for c in _EVENT_COLUMNS
    )
},
    PRIMARY KEY (id)
);
"""


class StoreError(MultipolarError):
    """The database file cannot be used; the message says why."""


class Store:
    """A multipolar DuckDB database. Use as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run 'multipolar ingest' first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a readable DuckDB database ({_first_line(exc)})") from None
        try:
            self._check_or_create(read_only)
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(f"{self.path}: broken or foreign database ({_first_line(exc)})") from None

    def _check_or_create(self, read_only: bool) -> None:
        tables = {
            r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: a DuckDB file, but not a multipolar store; refusing to touch it")
        if not tables:
            if read_only:
                raise StoreError(f"{self.path}: empty database (run 'multipolar ingest' first)")
            self.con.execute("BEGIN")
            self.con.execute(SCHEMA)
            self.con.execute("INSERT INTO meta VALUES ('schema', ?)", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
        elif not read_only:
            self._migrate()

    def _columns(self, table: str) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}

    def _migrate(self) -> None:
        """Bring a store written by an earlier version up to date, keeping everything in it."""
        if "provisional" not in self._columns("actors"):
            self.con.execute("ALTER TABLE actors ADD COLUMN provisional BOOLEAN DEFAULT false")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- writing ------------------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def add(self, document: Document, actors: Iterable[Any] = ()) -> bool:
        """Store a processed document atomically; ``False`` if it was already there.

        *actors* are registry entries (objects with id, name, type, country, parent, aliases) for
        the actors the document mentions, kept so the store explains itself without the registry.
        """
        if self.has(document.id):
            return False
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "INSERT INTO documents (id, path, title, date, text, n_sentences) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    document.id,
                    document.path,
                    document.title,
                    document.date,
                    document.text,
                    len(document.sentences),
                ],
            )
            for actor in actors:
                # A provisional actor seen again may bring what an earlier text did not say.
                self.con.execute(
                    "INSERT INTO actors (id, name, type, country, parent, aliases, provisional) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "type = coalesce(nullif(actors.type, ''), excluded.type), "
                    "country = coalesce(actors.country, excluded.country)",
                    [
                        actor.id,
                        actor.name,
                        actor.type or None,
                        actor.country,
                        actor.parent,
                        json.dumps(list(actor.aliases), ensure_ascii=False),
                        bool(getattr(actor, "provisional", False)),
                    ],
                )
            if document.mentions:
                self.con.executemany(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        [document.id, m.start, m.end, m.text, m.actor, m.rule, m.sentence, m.person]
                        for m in document.mentions
                    ],
                )
            if document.events:
                placeholders = ", ".join("?" * len(_EVENT_COLUMNS))
                self.con.executemany(
                    f"INSERT INTO events VALUES ({placeholders}) ON CONFLICT DO NOTHING",
                    [[getattr(e, c) for c in _EVENT_COLUMNS] for e in document.events],
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return True

    # -- reading ------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def documents(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT d.id, d.date, d.n_sentences AS sentences, "
            "(SELECT count(*) FROM events e WHERE e.doc = d.id) AS events, d.title, d.path "
            "FROM documents d ORDER BY d.date NULLS LAST, d.path"
        )

    def actors(self) -> list[dict[str, Any]]:
        """Stored actors with how often they are mentioned and act in events; ``provisional`` marks
        the actors found in texts but unknown to the registry."""
        provisional = "a.provisional" if "provisional" in self._columns("actors") else "false"
        rows = self._rows(
            "SELECT a.id, a.name, a.type, a.country, a.parent, a.aliases, "
            f"coalesce({provisional}, false) AS provisional, "
            "(SELECT count(*) FROM mentions m WHERE m.actor = a.id) AS mentions, "
            "(SELECT count(*) FROM events e WHERE e.source = a.id OR e.target = a.id) AS events "
            "FROM actors a ORDER BY mentions DESC, a.id"
        )
        for row in rows:
            row["aliases"] = json.loads(row["aliases"] or "[]")
        return rows

    def provisional_actors(self, examples: int = 2) -> list[dict[str, Any]]:
        """Provisional actors with their mentions: how many, the forms used, the documents they are in,
        and up to *examples* sentences in which they act (from their events)."""
        if "provisional" not in self._columns("actors"):
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
    ) -> list[Event]:
        """Events, filtered; the date window uses the event's date, else its document's date."""
        where, params = [], []
        if actor:
            where.append("(e.source = ? OR e.target = ?)")
            params += [actor, actor]
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        when = "coalesce(TRY_CAST(left(e.date, 10) AS DATE), d.date)"
        if since:
            where.append(f"{when} >= ?")
            params.append(since)
        if until:
            where.append(f"{when} <= ?")
            params.append(until)
        if docs:
            where.append(f"e.doc IN ({', '.join('?' * len(docs))})")
            params += list(docs)
        columns = ", ".join(f'e."{c}"' for c in _EVENT_COLUMNS)
        sql = (
            f"SELECT {columns}, d.date AS doc_date FROM events e JOIN documents d ON d.id = e.doc"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.date NULLS LAST, e.doc, e.start"
        )
        events = []
        for row in self._rows(sql, params):
            doc_date = row.pop("doc_date")
            event = Event(**row)
            if event.date is None and doc_date is not None:
                event.date = doc_date.isoformat()
            events.append(event)
        return events

    def counts(self) -> dict[str, int]:
        return {
            t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "actors", "mentions", "events")
        }

    def export_parquet(self, folder: Path) -> list[Path]:
        """Write each table to ``folder/<table>.parquet`` (for corpora too big to pass around as DuckDB)."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table in ("documents", "actors", "mentions", "events"):
            target = folder / f"{table}.parquet"
            self.con.execute(f"COPY {table} TO '{target.as_posix()}' (FORMAT parquet)")
            written.append(target)
        return written


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
