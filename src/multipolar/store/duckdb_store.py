"""A DuckDB store with one table per pipeline product: the embedded default.

Ingest is idempotent: a document's id is a hash of its text, so adding the same text twice
changes nothing. Each document goes in inside one transaction, so an interrupted ingest leaves
the store as it was before that document. An existing file that is not a multipolar store is
never written to. A store written by an older version is brought up to date on the first write
(``ALTER TABLE``: columns are added, nothing is lost); read-only, it is read as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from multipolar.document import Document
from multipolar.errors import database_problem
from multipolar.store.base import (
    EVENT_COLUMNS,
    QueryStore,
    StoreError,
    actor_row,
    document_row,
    event_rows,
    first_line,
    mention_rows,
)

SCHEMA_VERSION = 4

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, date DATE, text VARCHAR,
    n_sentences INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp,
    meta VARCHAR, parts INTEGER DEFAULT 1
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
        f'"{c}" ' + ("INTEGER" if c in ("start", "end", "polarity") else "VARCHAR") for c in EVENT_COLUMNS
    )
},
    PRIMARY KEY (id)
);
"""

# Version 1 -> 2: the source's extra columns (JSON), how many pieces a long text was parsed in,
# and whether an actor is provisional (found in a text, unknown to the registry).
# Version 2 -> 3: each event's theatre and the words that decided it (NULL: not assessed yet; ingest
# then places the stored events, see multipolar.corpus.place_stored).
# Version 3 -> 4: each event's references (the document layer's explanations, JSON; NULL: none kept).
MIGRATIONS = {
    ("documents", "meta"): "ALTER TABLE documents ADD COLUMN meta VARCHAR",
    ("documents", "parts"): "ALTER TABLE documents ADD COLUMN parts INTEGER DEFAULT 1",
    ("actors", "provisional"): "ALTER TABLE actors ADD COLUMN provisional BOOLEAN DEFAULT false",
    ("events", "theatre"): "ALTER TABLE events ADD COLUMN theatre VARCHAR",
    ("events", "theatre_basis"): "ALTER TABLE events ADD COLUMN theatre_basis VARCHAR",
    ("events", "references"): 'ALTER TABLE events ADD COLUMN "references" VARCHAR',
}

_DOCUMENT_COLUMNS = "id, path, title, date, text, n_sentences, meta, parts"


# A file is opened as what it is, never by fetching code: DuckDB would otherwise download and
# load an extension to read a SQLite or other foreign file handed to it as a database.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class Store(QueryStore):
    """A multipolar DuckDB database. Use as a context manager."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run 'multipolar ingest' first)")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: a folder, not a DuckDB file (a Parquet store? use --store)")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: no such folder {self.path.parent}")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=OFFLINE)
        except duckdb.Error as exc:
            problem = database_problem(exc) or f"not a readable DuckDB database ({first_line(exc)})"
            raise StoreError(f"{self.path}: {problem}") from None
        try:
            _check_complete(self.con, self.path)
            self._check_or_create(read_only)
        except duckdb.Error as exc:
            self.con.close()
            problem = database_problem(exc) or f"broken or foreign database ({first_line(exc)})"
            raise StoreError(f"{self.path}: {problem}") from None
        except StoreError:
            self.con.close()
            raise

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
            return
        missing = [key for key in MIGRATIONS if key[1] not in self._columns(key[0])]
        if missing and not read_only:
            self.con.execute("BEGIN")
            for key in missing:
                self.con.execute(MIGRATIONS[key])
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema'", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
            missing = []
        self.has_meta = ("documents", "meta") not in missing
        self.has_provisional = ("actors", "provisional") not in missing
        self.has_theatres = ("events", "theatre") not in missing
        self.has_references = ("events", "references") not in missing

    def _columns(self, table: str) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}

    # -- writing ------------------------------------------------------------------------------

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
                f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                document_row(document),
            )
            for actor in actors:
                # A provisional actor seen again may bring what an earlier text did not say.
                self.con.execute(
                    "INSERT INTO actors (id, name, type, country, parent, aliases, provisional) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "type = coalesce(nullif(actors.type, ''), excluded.type), "
                    "country = coalesce(actors.country, excluded.country)",
                    actor_row(actor),
                )
            if document.mentions:
                self.con.executemany(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    mention_rows(document),
                )
            if document.events:
                columns = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)  # named: migrated columns come last
                placeholders = ", ".join("?" * len(EVENT_COLUMNS))
                self.con.executemany(
                    f"INSERT INTO events ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",
                    event_rows(document),
                )
            self.con.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, duckdb.Error) and (problem := database_problem(exc)):
                raise StoreError(
                    f"{self.path}: {problem} while storing {document.path or document.id} "
                    "(the documents stored before it are kept)"
                ) from None
            raise
        return True

    def set_theatres(self, decisions: Iterable[tuple[str, str | None, str]]) -> int:
        """Store ``(event id, theatre, basis)`` decisions in one transaction; how many were written."""
        rows = [[theatre, basis, event_id] for event_id, theatre, basis in decisions]
        if not rows:
            return 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.executemany("UPDATE events SET theatre = ?, theatre_basis = ? WHERE id = ?", rows)
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return len(rows)

    def _rollback(self) -> None:
        """Undo the open transaction; if the interruption came after it ended, or a COMMIT failed
        (a full disk) and ended it, there is none."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")


# A DuckDB file is three 4 KiB headers followed by its blocks.
_HEADER_BYTES = 3 * 4096


def _check_complete(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file too short to hold the blocks in use (a copy cut short, a truncated download):
    the missing blocks would fail some later query, or a write would build on a broken file.

    The file must reach past the highest block any table or the catalog occupies, and hold at least
    as many blocks as are in use. Free blocks may legitimately lie past the end (DuckDB trims a
    file's free tail), so the header's total is no measure: a cut that loses only free space is
    harmless, while one that loses a used block behind free ones in the middle is not."""
    if not path.is_file():
        return
    row = con.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchone()
    if row is None:
        return
    block_size, used = int(row[0]), int(row[1])
    blocks = max(used, _last_block(con) + 1)
    needed = _HEADER_BYTES + block_size * blocks
    actual = path.stat().st_size
    if actual < needed:
        raise StoreError(
            f"{path}: the database file is truncated ({actual:,} bytes; the blocks in use need "
            f"{needed:,}); restore it from a copy"
        )


def _last_block(con: duckdb.DuckDBPyConnection) -> int:
    """The highest block id that the catalog or any table's data occupies; -1 when none does."""
    last = con.execute("SELECT coalesce(max(block_id), -1) FROM pragma_metadata_info()").fetchone()
    highest = int(last[0]) if last else -1
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    for schema, table in tables:
        try:
            found = con.execute(
                "SELECT greatest(max(block_id), max(list_max(additional_block_ids))) "
                "FROM pragma_storage_info(?)",
                [f"{schema}.{table}"],
            ).fetchone()
        except duckdb.Error:  # a name pragma_storage_info cannot parse: its blocks go uncounted
            continue
        if found and found[0] is not None:
            highest = max(highest, int(found[0]))
    return highest
